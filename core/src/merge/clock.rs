use super::Hlc;
use std::sync::Arc;

/// The largest counter a timestamp may carry (2^16 - 1). A clock moves its wall time on rather
/// than count past it, and the server refuses a write whose counter is larger, so a counter can
/// never be used to order a write after every honest one.
pub const MAX_HLC_COUNTER: u32 = u16::MAX as u32;

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

    /// A new timestamp for a local write at wall time `now_ms`. A counter at
    /// [`MAX_HLC_COUNTER`] moves the wall time on by a millisecond instead of saturating, so
    /// two writes never share a timestamp and no write is stamped out of range.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last_wall_ms {
            self.last_wall_ms = now_ms;
            self.last_counter = 0;
        } else if self.last_counter >= MAX_HLC_COUNTER {
            self.last_wall_ms += 1;
            self.last_counter = 0;
        } else {
            self.last_counter += 1;
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
    fn a_counter_at_its_bound_moves_the_wall_time_on() {
        let mut clock = HlcClock::resume("a", Some(&Hlc::new(1_000, MAX_HLC_COUNTER - 1, "a")));
        let last_in_ms = clock.tick(1_000);
        assert_eq!(
            (last_in_ms.wall_ms, last_in_ms.counter),
            (1_000, MAX_HLC_COUNTER)
        );
        let next = clock.tick(1_000);
        assert_eq!((next.wall_ms, next.counter), (1_001, 0));
        assert!(next > last_in_ms);
    }

    #[test]
    fn observing_a_stamp_at_the_bound_never_leads_past_it() {
        let mut clock = HlcClock::new("a");
        clock.observe(&Hlc::new(5_000, MAX_HLC_COUNTER, "b"));
        let next = clock.tick(10);
        assert_eq!((next.wall_ms, next.counter), (5_001, 0));
    }

    #[test]
    fn a_resumed_clock_continues_after_the_persisted_stamp() {
        let persisted = Hlc::new(9_000, 2, "a");
        let mut clock = HlcClock::resume("a", Some(&persisted));
        assert!(clock.tick(1) > persisted);
    }
}
