use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A hybrid logical clock timestamp: wall time in milliseconds, a counter for events within the
/// same millisecond, and the replica (client id) that made it, which breaks every remaining tie.
///
/// The derived ordering compares the fields in declaration order, which is exactly HLC order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    /// Shared: a replica's id is in every timestamp it made, so copies are counted, not copied.
    pub replica: Arc<str>,
}

impl Hlc {
    pub fn new(wall_ms: u64, counter: u32, replica: impl Into<Arc<str>>) -> Self {
        Self {
            wall_ms,
            counter,
            replica: replica.into(),
        }
    }

    /// This timestamp with its wall time pulled back to `limit_ms` if it is later; used by the
    /// server so that a device whose clock is set far ahead cannot win every later write.
    pub fn clamped_to(&self, limit_ms: u64) -> Hlc {
        if self.wall_ms <= limit_ms {
            return self.clone();
        }
        Hlc::new(limit_ms, self.counter, self.replica.clone())
    }
}

impl Hlc {
    /// The latest timestamp ordered before this one, in `replica`'s name: what a writer can at
    /// most have seen when it wrote at this time.
    pub fn just_before(&self, replica: Arc<str>) -> Hlc {
        match self.counter.checked_sub(1) {
            Some(counter) => Hlc::new(self.wall_ms, counter, replica),
            None => Hlc::new(
                self.wall_ms.saturating_sub(1),
                super::MAX_HLC_COUNTER,
                replica,
            ),
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}@{}", self.wall_ms, self.counter, self.replica)
    }
}
