//! Notifications and deletions on their way, and when each notification
//! last went out: the board never sends the same one twice by accident.

use chrono::{DateTime, Duration as TimeDelta, Utc};
use std::collections::HashMap;

use super::state::pending::Pending;
use crate::kickserv::model::NotifyKind;

/// A repeat of a notification within this long asks "sent at …; send again?".
pub const RESEND_ASK_MINUTES: i64 = 10;

/// One request sent and not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    pub pending: Pending,
    /// The task's title when it was sent (the board may change meanwhile).
    pub title: String,
    pub since: DateTime<Utc>,
}

/// A notification that went out, or may have.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sent {
    pub at: DateTime<Utc>,
    /// False when no answer came in time: it may or may not have gone out.
    pub confirmed: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Sends {
    pub in_flight: Vec<InFlight>,
    /// When each notification last went out (or may have).
    pub last_sent: HashMap<(i64, NotifyKind), Sent>,
}

impl Sends {
    pub fn is_in_flight(&self, p: &Pending) -> bool {
        self.in_flight.iter().any(|f| f.pending == *p)
    }

    pub fn start(&mut self, pending: Pending, title: String, now: DateTime<Utc>) {
        self.in_flight.push(InFlight {
            pending,
            title,
            since: now,
        });
    }

    /// Ends the request, returning what was recorded when it was sent.
    pub fn finish(&mut self, p: &Pending) -> Option<InFlight> {
        let i = self.in_flight.iter().position(|f| f.pending == *p)?;
        Some(self.in_flight.remove(i))
    }

    /// When this notification went out, if within the ask-again window.
    pub fn recent(&self, task_id: i64, kind: NotifyKind, now: DateTime<Utc>) -> Option<Sent> {
        self.last_sent
            .get(&(task_id, kind))
            .copied()
            .filter(|s| now.signed_duration_since(s.at) < TimeDelta::minutes(RESEND_ASK_MINUTES))
    }

    /// Forgets sends older than the window, so the map stays small.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        self.last_sent.retain(|_, s| {
            now.signed_duration_since(s.at) < TimeDelta::minutes(RESEND_ASK_MINUTES)
        });
    }
}
