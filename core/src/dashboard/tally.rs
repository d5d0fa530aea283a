//! The numbers one dashboard cell is made of, and what they mean: counts per status, completion
//! rate, mean percent, and the one status a cell is coloured with. Tallies add up, so a cell, a
//! row total, a column total and the prefecture total are all the same type.

use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::domain::{Measure, Status};

/// How many measures have each status, in [`Status::ALL`] order. Serialised as an array of five
/// numbers to keep stored summaries small.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatusCounts(pub [u32; 5]);

impl StatusCounts {
    pub fn get(&self, status: Status) -> u32 {
        self.0[status as usize]
    }

    pub fn add(&mut self, status: Status) {
        self.0[status as usize] += 1;
    }

    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// Measures in the completion denominator: all but 実施しない and 対象外.
    pub fn counting(&self) -> u32 {
        Status::ALL
            .into_iter()
            .filter(|status| status.counts_toward_completion())
            .map(|status| self.get(status))
            .sum()
    }
}

impl AddAssign for StatusCounts {
    fn add_assign(&mut self, other: StatusCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

/// The aggregate of a set of measures. Stored in summaries with short names:
/// `s` status counts, `p` percent sum, `o` overdue count (omitted when zero).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tally {
    #[serde(rename = "s")]
    pub statuses: StatusCounts,
    /// Sum of `percent` over the measures that count toward completion, for the mean.
    #[serde(rename = "p", default, skip_serializing_if = "is_zero")]
    pub percent_sum: u32,
    /// Open measures past their deadline or last fiscal year.
    #[serde(rename = "o", default, skip_serializing_if = "is_zero")]
    pub overdue: u32,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

impl Tally {
    pub fn add_measure(&mut self, measure: &Measure, overdue: bool) {
        self.statuses.add(measure.status);
        if measure.status.counts_toward_completion() {
            self.percent_sum += u32::from(measure.percent);
        }
        if overdue {
            self.overdue += 1;
        }
    }

    pub fn total(&self) -> u32 {
        self.statuses.total()
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// 完了 ÷ (all − 実施しない − 対象外), from 0 to 1; `None` when no measure counts.
    pub fn completion_rate(&self) -> Option<f64> {
        let counting = self.statuses.counting();
        (counting > 0).then(|| f64::from(self.statuses.get(Status::Done)) / f64::from(counting))
    }

    /// Mean `percent` (0 to 100) over the measures that count; `None` when none counts.
    pub fn mean_percent(&self) -> Option<f64> {
        let counting = self.statuses.counting();
        (counting > 0).then(|| f64::from(self.percent_sum) / f64::from(counting))
    }

    /// The single status the cell is coloured with (see [`CellStatus`]).
    pub fn cell_status(&self) -> CellStatus {
        let counts = &self.statuses;
        let counting = counts.counting();
        if counts.total() == 0 {
            CellStatus::Empty
        } else if counting == 0 {
            if counts.get(Status::NotApplicable) == counts.total() {
                CellStatus::NotApplicable
            } else {
                CellStatus::WontDo
            }
        } else if counts.get(Status::Done) == counting {
            CellStatus::Done
        } else if counts.get(Status::InProgress) > 0 || counts.get(Status::Done) > 0 {
            CellStatus::InProgress
        } else {
            CellStatus::NotStarted
        }
    }

    /// Orders by completion rate, lowest first, comparing the exact fractions (no float ties).
    /// A tally with no rate comes after every tally with one.
    pub(crate) fn cmp_completion(&self, other: &Tally) -> std::cmp::Ordering {
        let rate = |tally: &Tally| {
            let counting = tally.statuses.counting();
            (counting > 0).then(|| {
                (
                    u64::from(tally.statuses.get(Status::Done)),
                    u64::from(counting),
                )
            })
        };
        match (rate(self), rate(other)) {
            (Some((done_a, all_a)), Some((done_b, all_b))) => {
                (done_a * all_b).cmp(&(done_b * all_a))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    }
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.statuses += other.statuses;
        self.percent_sum += other.percent_sum;
        self.overdue += other.overdue;
    }
}

/// The one status a cell is coloured with:
/// - `Empty`: no measures;
/// - `Done` (完了): every measure that counts is done;
/// - `InProgress` (作業中): some in progress, or some done and some not;
/// - `NotStarted` (未着手): every measure that counts is not started;
/// - when no measure counts: `NotApplicable` (対象外) if all are 対象外, else `WontDo` (実施しない).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Empty,
    NotStarted,
    InProgress,
    Done,
    WontDo,
    NotApplicable,
}

impl CellStatus {
    /// Index order of [`StatusDistribution`].
    pub const ALL: [CellStatus; 6] = [
        CellStatus::Empty,
        CellStatus::NotStarted,
        CellStatus::InProgress,
        CellStatus::Done,
        CellStatus::WontDo,
        CellStatus::NotApplicable,
    ];

    /// The measure status it shows, `None` for an empty cell.
    pub fn status(self) -> Option<Status> {
        match self {
            CellStatus::Empty => None,
            CellStatus::NotStarted => Some(Status::NotStarted),
            CellStatus::InProgress => Some(Status::InProgress),
            CellStatus::Done => Some(Status::Done),
            CellStatus::WontDo => Some(Status::WontDo),
            CellStatus::NotApplicable => Some(Status::NotApplicable),
        }
    }

    pub fn label_ja(self) -> &'static str {
        self.status().map_or("施策なし", Status::label_ja)
    }

    pub fn label_en(self) -> &'static str {
        self.status().map_or("No measures", Status::label_en)
    }
}

/// How many cells (municipalities) have each [`CellStatus`], in [`CellStatus::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatusDistribution(pub [u32; 6]);

impl StatusDistribution {
    pub fn get(&self, status: CellStatus) -> u32 {
        self.0[status as usize]
    }

    pub fn add(&mut self, status: CellStatus) {
        self.0[status as usize] += 1;
    }
}
