//! "Running late" state: the shift of an employee's remaining tasks of
//! the day by N minutes, staged until Enter, then sent one PUT at a time
//! in time order, each after the previous answer.

use chrono::{DateTime, FixedOffset};

use crate::kickserv::model::{Task, TaskPatch};

/// The minutes the prompt offers before anything is typed.
pub const DEFAULT_MINUTES: i64 = 15;

/// One task of the cascade: where it is, where it goes, whom it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    pub task_id: i64,
    /// The task as the board showed it when staged: the PUT sends what
    /// differs from it.
    pub base: Task,
    pub title: String,
    pub customer: String,
    pub customer_id: Option<i64>,
    pub old: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    pub new: (DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// The tasks of the employee the new times would overlap and did not.
    pub doubles: Vec<String>,
    pub fate: Fate,
}

impl Shift {
    /// Only the fields that change: a task under way keeps its start.
    pub fn patch(&self) -> TaskPatch {
        TaskPatch {
            starts_at: Some(self.new.0).filter(|s| *s != self.old.0),
            ends_at: Some(self.new.1).filter(|e| *e != self.old.1),
            ..TaskPatch::default()
        }
    }
}

/// What became of one task's PUT.
#[derive(Clone, Debug, PartialEq)]
pub enum Fate {
    /// Staged, or not sent because an earlier one stopped the cascade.
    NotSent,
    Sending,
    Applied,
    /// Kickserv refused it (its reason), or refused before sending.
    Refused(String),
    /// No answer: it may have been applied; the board reads it back.
    Unknown,
}

/// The whole cascade of one employee's day.
#[derive(Clone, Debug, PartialEq)]
pub struct Cascade {
    pub employee_id: i64,
    pub employee: String,
    pub minutes: i64,
    /// In time order (old start, then id): the order the PUTs go in.
    pub shifts: Vec<Shift>,
    /// Enter was pressed: the PUTs are going or went.
    pub committed: bool,
    /// The details offer after the cascade: still open (one key, once).
    pub offer: bool,
    /// Whom the details went to and who could not be told, once sent.
    pub told: Option<String>,
}

impl Cascade {
    /// The shift whose PUT is out, if one is.
    pub fn sending(&self) -> Option<usize> {
        self.shifts.iter().position(|s| s.fate == Fate::Sending)
    }

    /// Every PUT answered, or the cascade stopped.
    pub fn done(&self) -> bool {
        self.committed && self.sending().is_none()
    }

    pub fn applied(&self) -> impl Iterator<Item = &Shift> {
        self.shifts.iter().filter(|s| s.fate == Fate::Applied)
    }
}
