//! What a modal acts on, and what became of it since it opened.
//!
//! A modal (detail, confirmation) keeps the listing it was opened from, so
//! that after a poll it can tell whether its task was deleted or changed on
//! the server and say so, instead of quietly showing or acting on another.

use std::sync::Arc;

use super::model::Model;
use super::state::own::{Own, OwnKind};
pub use super::state::seen::Seen;
use crate::kickserv::model::Task;

impl Seen {
    /// The board's current copy of `task_id`; `None` if it has none.
    pub fn of(m: &Model, task_id: i64) -> Option<Seen> {
        let index = m.tasks.iter().position(|t| t.id == task_id)?;
        Some(Seen::at(m.period, m.tasks.clone(), index))
    }
}

/// What became of a modal's task.
#[derive(Debug, PartialEq)]
pub enum Fate<'a> {
    /// As it was when the modal opened.
    Same(&'a Task),
    /// Changed by a poll; the words say what ("time", "employees", …).
    Changed(&'a Task, Vec<&'static str>),
    /// The server's listing of its period no longer has it.
    Gone,
    /// No listing of its period is at hand (the board shows another):
    /// nothing is known either way.
    Unknown,
    /// As the dispatcher's own change left it (or while it is being
    /// saved): named as theirs, never as the server's. `gone` after their
    /// own delete.
    Own {
        task: &'a Task,
        note: String,
        gone: bool,
    },
}

impl<'a> Fate<'a> {
    /// The task to show: the current copy, else the one first seen.
    pub fn task(&self, seen: &'a Seen) -> &'a Task {
        match self {
            Fate::Same(t) | Fate::Changed(t, _) => t,
            Fate::Own { task, .. } => task,
            Fate::Gone | Fate::Unknown => seen.task(),
        }
    }

    pub fn is_gone(&self) -> bool {
        matches!(self, Fate::Gone | Fate::Own { gone: true, .. })
    }

    /// The news is the dispatcher's own change.
    pub fn is_own(&self) -> bool {
        matches!(self, Fate::Own { .. })
    }

    /// One line for the top of the modal, when there is news.
    pub fn notice(&self) -> Option<String> {
        match self {
            Fate::Same(_) => None,
            Fate::Changed(_, what) => Some(format!("changed on the server: {}", what.join(", "))),
            Fate::Gone => Some(GONE.to_string()),
            Fate::Unknown => Some("not in the period shown now".to_string()),
            Fate::Own { note, .. } => Some(note.clone()),
        }
    }
}

/// What a modal says when its task disappeared from the server's listing
/// (a listing cannot tell a deletion from a move out of its dates).
pub const GONE: &str = "this task was deleted on the server (or moved out of these dates)";

/// What became of `seen`'s task in the board's data, the dispatcher's own
/// changes named as theirs.
pub fn fate<'a>(m: &'a Model, seen: &'a Seen) -> Fate<'a> {
    let plain = server_fate(m, seen);
    let id = seen.task_id();
    if m.local.is_saving(id) {
        return match plain {
            Fate::Same(t) | Fate::Changed(t, _) => Fate::Own {
                task: t,
                note: "being saved by you".to_string(),
                gone: false,
            },
            other => other,
        };
    }
    let Some(own) = m.local.own.of(id) else {
        return plain;
    };
    let note = || own.words(m.tz());
    match plain {
        Fate::Gone if own.kind == OwnKind::Deleted => Fate::Own {
            task: seen.task(),
            note: note(),
            gone: true,
        },
        Fate::Same(t) | Fate::Changed(t, _) if own.kind != OwnKind::Deleted && left(own, t) => {
            Fate::Own {
                task: t,
                note: note(),
                gone: false,
            }
        }
        other => other,
    }
}

/// Whether `t` is the version the dispatcher's change left: no newer
/// revision, and the same name, time, people, description and status (a
/// revision stamp alone is not enough: two changes can share a second).
fn left(own: &Own, t: &Task) -> bool {
    let newer = matches!((own.task.updated_at, t.updated_at), (Some(a), Some(b)) if a != b);
    !newer && own.task.name == t.name && changes(&own.task, t).iter().all(|w| *w == "details")
}

/// What became of `seen`'s task in the server's data.
fn server_fate<'a>(m: &'a Model, seen: &Seen) -> Fate<'a> {
    // No poll since: the same listing (cheap to tell, and drawn every frame).
    if Arc::ptr_eq(&m.tasks, &seen.tasks) {
        return Fate::Same(&m.tasks[seen.index]);
    }
    let id = seen.task_id();
    let listing = if let Some(t) = m.task_by_id(id) {
        Some(Some(t))
    } else if m.tasks_period == Some(seen.period) {
        Some(None)
    } else {
        m.cache
            .get(&seen.period)
            .map(|c| c.tasks.iter().find(|t| t.id == id))
    };
    match listing {
        None => Fate::Unknown,
        Some(None) => Fate::Gone,
        Some(Some(t)) => {
            let what = changes(seen.task(), t);
            if what.is_empty() {
                Fate::Same(t)
            } else {
                Fate::Changed(t, what)
            }
        }
    }
}

/// What differs between two versions of a task, a word each.
pub fn changes(old: &Task, new: &Task) -> Vec<&'static str> {
    if old == new {
        return Vec::new();
    }
    let ids = |t: &Task| t.employees.iter().map(|e| e.id).collect::<Vec<_>>();
    let mut what = Vec::new();
    if old.starts_at != new.starts_at || old.ends_at != new.ends_at || old.all_day != new.all_day {
        what.push("time");
    }
    if ids(old) != ids(new) {
        what.push("employees");
    }
    if old.description != new.description {
        what.push("description");
    }
    if old.effective_status() != new.effective_status() {
        what.push("status");
    }
    if what.is_empty() {
        what.push("details");
    }
    what
}
