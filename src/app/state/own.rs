//! Changes the dispatcher made on this board, remembered by task so that a
//! modal showing the task (or a poll bringing the change back) names them
//! as the dispatcher's own, not as a change someone made on the server.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::kickserv::model::Task;

/// Own changes remembered at most: a board that runs for weeks must not
/// keep every save; the oldest is forgotten first.
pub const OWN_CAP: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnKind {
    Saved,
    Created,
    Deleted,
    /// An edit put back with `u`.
    Undone,
}

/// One change of the dispatcher's, as Kickserv confirmed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Own {
    pub kind: OwnKind,
    pub at: DateTime<Utc>,
    /// The task as the change left it (the deleted copy for a delete).
    pub task: Task,
}

impl Own {
    /// "Saved by you 10:42", in the board's zone.
    pub fn words(&self, tz: Tz) -> String {
        let what = match self.kind {
            OwnKind::Saved => "Saved",
            OwnKind::Created => "Created",
            OwnKind::Deleted => "Deleted",
            OwnKind::Undone => "Edit undone",
        };
        by_you(what, self.at, tz)
    }
}

/// "Saved by you 10:42": `what`, named as the dispatcher's, at `at` in `tz`.
pub fn by_you(what: &str, at: DateTime<Utc>, tz: Tz) -> String {
    format!("{what} by you {}", at.with_timezone(&tz).format("%H:%M"))
}

#[derive(Clone, Debug, Default)]
pub struct OwnChanges {
    by_task: BTreeMap<i64, Own>,
}

impl OwnChanges {
    /// Remembers `own` as the last change of its task.
    pub fn record(&mut self, own: Own) {
        if !self.by_task.contains_key(&own.task.id) && self.by_task.len() >= OWN_CAP {
            let oldest = self
                .by_task
                .iter()
                .min_by_key(|(_, o)| o.at)
                .map(|(id, _)| *id);
            if let Some(id) = oldest {
                self.by_task.remove(&id);
            }
        }
        self.by_task.insert(own.task.id, own);
    }

    pub fn of(&self, task_id: i64) -> Option<&Own> {
        self.by_task.get(&task_id)
    }

    pub fn len(&self) -> usize {
        self.by_task.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_task.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_oldest_own_change_is_forgotten_past_the_cap() {
        let mut own = OwnChanges::default();
        for i in 0..=OWN_CAP as i64 {
            own.record(Own {
                kind: OwnKind::Saved,
                at: Utc.timestamp_opt(1_800_000_000 + i, 0).unwrap(),
                task: Task {
                    id: i,
                    ..Task::default()
                },
            });
        }
        assert_eq!(own.len(), OWN_CAP);
        assert!(own.of(0).is_none());
        assert!(own.of(OWN_CAP as i64).is_some());
    }
}
