//! The last good data on disk: drawn at start before Kickserv answers,
//! marked with its age, replaced by the first successful fetch. Reading and
//! writing the files is the runtime's (`runtime::cache`); here is only what
//! the board does with them.

use chrono::{DateTime, Utc};
use std::sync::Arc;

use super::model::{Cached, Model};
use super::msg::{CacheCmd, Cmd, StoreCmd};
pub use super::state::offline::{Offline, Snapshot};
use crate::kickserv::model::{Employee, ListingNotes, Task};
use crate::schedule::Period;

/// Whether the data of `p` in memory is still the disk's copy.
pub fn from_disk(m: &Model, p: Period) -> bool {
    m.offline.from.is_some_and(|(q, _)| q == p)
}

/// When the shown data was cached, while it is the disk's copy.
pub fn shown_cached_at(m: &Model) -> Option<DateTime<Utc>> {
    m.offline
        .from
        .filter(|(p, _)| *p == m.period && m.tasks_period == Some(*p))
        .map(|(_, at)| at)
}

/// The cache is on; `snapshot` is what it held for the period the board
/// opened on. A snapshot of another period, or one arriving after a fetch
/// already answered, is not drawn.
pub fn on_loaded(m: &mut Model, snapshot: Option<Box<Snapshot>>) -> Vec<Cmd> {
    m.offline.on = true;
    let Some(s) = snapshot else {
        return Vec::new();
    };
    if s.period != m.period || m.tasks_period.is_some() {
        return Vec::new();
    }
    let Snapshot {
        period,
        at,
        tasks,
        notes,
        mut employees,
    } = *s;
    if m.employees.is_empty() {
        employees.sort_by_key(|e| e.id);
        m.employees = employees;
    }
    let tasks = Arc::new(tasks);
    m.cache.insert(
        period,
        Cached {
            tasks: tasks.clone(),
            notes,
            at,
            // The disk holds only the tasks the period draws.
            whole: false,
        },
    );
    m.server_tasks = tasks;
    m.tasks_period = Some(period);
    m.sync.notes = notes;
    // Not a fetch: the board stays marked stale until one succeeds.
    m.sync.last_ok = None;
    m.offline.from = Some((period, at));
    m.recompose();
    m.fix_cursor();
    m.dirty = true;
    Vec::new()
}

/// A successful listing of `period` (called before it replaces the one in
/// memory): written to disk when it differs from what was known, or when
/// what was known was the disk's own copy. An identical poll writes nothing.
/// A listing of one employee (the employee filter's fetch) is not the
/// period's data and is not written.
pub fn tasks_fetched(
    m: &mut Model,
    period: Period,
    tasks: &Arc<Vec<Task>>,
    notes: ListingNotes,
    at: DateTime<Utc>,
) -> Option<Cmd> {
    let was_disk = from_disk(m, period);
    if was_disk {
        m.offline.from = None;
    }
    if !m.offline.on || m.fetch_scope().is_some() {
        return None;
    }
    let same = m
        .cache
        .get(&period)
        .is_some_and(|c| (Arc::ptr_eq(&c.tasks, tasks) || c.tasks == *tasks) && c.notes == notes);
    if same && !was_disk {
        return None;
    }
    Some(Cmd::Store(StoreCmd::Cache(CacheCmd::Tasks {
        period,
        tz: m.tz(),
        at,
        tasks: tasks.clone(),
        notes,
    })))
}

/// A changed employee list (called before it replaces the one known).
pub fn employees_fetched(m: &Model, list: &[Employee], at: DateTime<Utc>) -> Option<Cmd> {
    m.offline.on.then(|| {
        Cmd::Store(StoreCmd::Cache(CacheCmd::Employees {
            at,
            employees: list.to_vec(),
        }))
    })
}
