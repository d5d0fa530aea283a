use super::Hlc;
use std::sync::Arc;

/// The clock a replica stamps its own writes with.
///
/// It never goes backwards, even when the wall clock does, and it moves past every timestamp the
/// replica has observed from others, so a write made after seeing another always orders after it.
#[derive(Clone, Debug)]
pub struct HlcClock {
    replica: Arc<str>,
    last_wall_ms: u64,
    last_counter: u32,
}

impl HlcClock {
    pub fn new(replica: impl Into<Arc<str>>) -> Self {
        Self {
            replica: replica.into(),
            last_wall_ms: 0,
            last_counter: 0,
        }
    }

    /// Resumes a clock persisted by an earlier session.
    pub fn resume(replica: impl Into<Arc<str>>, last: Option<&Hlc>) -> Self {
        let mut clock = Self::new(replica);
        if let Some(last) = last {
            clock.last_wall_ms = last.wall_ms;
            clock.last_counter = last.counter;
        }
        clock
    }

    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// A new timestamp for a local write at wall time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last_wall_ms {
            self.last_wall_ms = now_ms;
            self.last_counter = 0;
        } else {
            self.last_counter = self.last_counter.saturating_add(1);
        }
        self.current()
    }

    /// Moves the clock past a timestamp received from another replica.
    pub fn observe(&mut self, seen: &Hlc) {
        if (seen.wall_ms, seen.counter) > (self.last_wall_ms, self.last_counter) {
            self.last_wall_ms = seen.wall_ms;
            self.last_counter = seen.counter;
        }
    }

    /// The last timestamp handed out (or observed), for persisting the clock.
    pub fn current(&self) -> Hlc {
        Hlc::new(self.last_wall_ms, self.last_counter, self.replica.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_strictly_increasing_even_when_wall_time_goes_back() {
        let mut clock = HlcClock::new("a");
        let first = clock.tick(1_000);
        let second = clock.tick(1_000);
        let third = clock.tick(500);
        assert!(first < second && second < third);
        assert_eq!(third.wall_ms, 1_000);
    }

    #[test]
    fn observing_a_later_stamp_moves_the_clock_past_it() {
        let mut clock = HlcClock::new("a");
        clock.tick(1_000);
        clock.observe(&Hlc::new(5_000, 3, "b"));
        let next = clock.tick(2_000);
        assert!(next > Hlc::new(5_000, 3, "b"));
    }

    #[test]
    fn a_resumed_clock_continues_after_the_persisted_stamp() {
        let persisted = Hlc::new(9_000, 2, "a");
        let mut clock = HlcClock::resume("a", Some(&persisted));
        assert!(clock.tick(1) > persisted);
    }
}
