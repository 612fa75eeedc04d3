//! What the disk cache holds, as the board knows it.

use chrono::{DateTime, Utc};

use crate::kickserv::model::{Employee, ListingNotes, Task};
use crate::schedule::Period;

/// What the disk cache held for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub period: Period,
    /// When Kickserv listed these tasks.
    pub at: DateTime<Utc>,
    pub tasks: Vec<Task>,
    pub notes: ListingNotes,
    /// The employee list cached beside them (empty when there was none).
    pub employees: Vec<Employee>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Offline {
    /// Whether the disk cache is used: fetched data is written to it.
    pub on: bool,
    /// The period whose data in memory is the disk's copy, and when it was
    /// cached, until a fetch of that period succeeds.
    pub from: Option<(Period, DateTime<Utc>)>,
}
