//! A listing of tasks, and what it could not deliver.

use super::*;

/// What a listing could not deliver, so that it is shown, never hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListingNotes {
    /// Entries skipped because they could not be read (each one logged).
    pub unreadable: usize,
    /// The page cap this listing stopped at before reaching its end.
    pub capped_at: Option<u32>,
    /// The longest, in seconds, of the tasks read and not kept
    /// ([`super::client::TaskQuery::ending_from`]).
    pub longest_dropped_secs: Option<i64>,
}

impl ListingNotes {
    pub fn is_complete(&self) -> bool {
        self.unreadable == 0 && self.capped_at.is_none()
    }

    /// Notes of two listings shown as one.
    pub fn merge(self, other: ListingNotes) -> ListingNotes {
        ListingNotes {
            unreadable: self.unreadable + other.unreadable,
            capped_at: self.capped_at.or(other.capped_at),
            longest_dropped_secs: self.longest_dropped_secs.max(other.longest_dropped_secs),
        }
    }
}

/// The tasks of one query, across pages, with what could not be delivered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub tasks: Vec<Task>,
    pub notes: ListingNotes,
}

impl From<Vec<Task>> for Listing {
    fn from(tasks: Vec<Task>) -> Self {
        Listing {
            tasks,
            notes: ListingNotes::default(),
        }
    }
}
