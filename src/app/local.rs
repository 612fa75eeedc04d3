//! The layer of local changes over the server's last data: what the board
//! shows is the server's data, plus the changes under way (saves in flight,
//! tasks being created, deletions kept for undo), minus the filters.
//!
//! The server's data stays as it came; a poll replaces it and these changes
//! stay on top until their own answers arrive.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::state::own::OwnChanges;
use super::state::staging::Stage;
use crate::kickserv::model::{Task, TaskPatch};

/// A save sent and not answered yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Saving {
    /// The task as it will be if the server agrees (shown meanwhile).
    pub task: Task,
    pub patch: TaskPatch,
    /// The task as the form saw it.
    pub base: Task,
    /// This save puts back an edit (`u`): it leaves nothing to undo.
    pub undoing: bool,
}

/// A task being created, shown under a local (negative) id until the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Creating {
    pub task: Task,
    pub job_number: i64,
    /// The deleted task this recreates (undo of a delete).
    pub undoes: Option<i64>,
}

/// What `u` undoes: the last delete, or the last saved edit, until another
/// change is made.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoStep {
    /// Recreate this deleted task as a new one.
    Recreate(Box<Task>),
    /// PUT the previous values back over `after`, the task as the save
    /// left it (Kickserv's copy is read first and compared with it).
    Revert {
        task_id: i64,
        patch: TaskPatch,
        after: Box<Task>,
    },
}

/// Deleted tasks kept for `u`, newest last: only the last one can be made
/// again, and a board that runs for weeks must not keep every delete.
pub const DELETED_CAP: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct Local {
    pub saving: BTreeMap<i64, Saving>,
    pub creating: BTreeMap<i64, Creating>,
    /// Tasks deleted this session, newest last (the delete answer's task
    /// merged into the one known): kept so `u` can make them again.
    pub deleted: Vec<Task>,
    /// Deleted ids the server's data may still list (a poll sent before the
    /// delete); hidden until a poll no longer has them.
    pub gone: BTreeSet<i64>,
    pub undo: Option<UndoStep>,
    /// `u` is reading this task before putting an edit back.
    pub undo_reading: Option<i64>,
    /// The copy read just before each delete under way: the one to remake
    /// when the delete's answer holds no task.
    pub deleting: BTreeMap<i64, Task>,
    /// Tasks Kickserv confirmed (saved, created) that a poll sent before
    /// its answer may not list yet: laid over the server's data until a poll
    /// sent after the answer arrives.
    pub settled: BTreeMap<i64, Task>,
    /// The newest task fetch issued when `settled` last grew.
    pub settled_at: u64,
    /// Changes Kickserv confirmed as the dispatcher's: what a modal or a
    /// poll shows of them is named as theirs, not as the server's.
    pub own: OwnChanges,
    /// Move mode's staged copy: drawn in place of the task, its old place
    /// as a ghost; nothing is sent before Enter.
    pub stage: Option<Stage>,
    last_local_id: i64,
}

impl Local {
    /// Keeps `t` for undo, dropping the oldest past [`DELETED_CAP`].
    pub fn keep_deleted(&mut self, t: Task) {
        if self.deleted.len() >= DELETED_CAP {
            self.deleted.remove(0);
        }
        self.deleted.push(t);
    }

    /// Nothing lies over the server's data.
    pub fn is_empty(&self) -> bool {
        self.saving.is_empty()
            && self.creating.is_empty()
            && self.gone.is_empty()
            && self.settled.is_empty()
            && self.shown_stage().is_none()
    }

    /// The stage drawn over the data: not while its save is under way
    /// (the save's own layer shows the task then).
    pub fn shown_stage(&self) -> Option<&Stage> {
        self.stage.as_ref().filter(|s| !s.sending)
    }

    /// Kickserv confirmed `task`; `fetch_seq` is the newest fetch issued.
    pub fn settle(&mut self, task: Task, fetch_seq: u64) {
        self.settled.insert(task.id, task);
        self.settled_at = fetch_seq;
    }

    /// A task fetch `seq` answered: one sent after the last confirmation
    /// has those changes in it. True when confirmations were let go.
    pub fn poll_arrived(&mut self, seq: u64) -> bool {
        let clear = seq > self.settled_at && !self.settled.is_empty();
        if clear {
            self.settled.clear();
        }
        clear
    }

    /// A fresh stand-in id: negative, never a server's.
    pub fn next_local_id(&mut self) -> i64 {
        self.last_local_id -= 1;
        self.last_local_id
    }

    pub fn is_saving(&self, task_id: i64) -> bool {
        self.saving.contains_key(&task_id)
    }

    pub fn is_creating(&self, task_id: i64) -> bool {
        self.creating.contains_key(&task_id)
    }

    /// The tasks shown: the server's (a saving task as it will be, deleted
    /// ones left out), then the ones being created. Shares the server's list
    /// when nothing lies over it.
    pub fn compose(&self, server: &Arc<Vec<Task>>) -> Arc<Vec<Task>> {
        if self.is_empty() {
            return server.clone();
        }
        let stage = self.shown_stage();
        let mut out: Vec<Task> = server
            .iter()
            .filter(|t| !self.gone.contains(&t.id))
            .map(
                |t| match (self.saving.get(&t.id), self.settled.get(&t.id)) {
                    _ if stage.is_some_and(|s| s.task_id == t.id) => {
                        stage.map_or_else(|| t.clone(), |s| s.staged.clone())
                    }
                    (Some(s), _) => s.task.clone(),
                    (None, Some(s)) => s.clone(),
                    (None, None) => t.clone(),
                },
            )
            .collect();
        out.extend(stage.map(Stage::ghost));
        if !self.settled.is_empty() {
            let listed: BTreeSet<i64> = server.iter().map(|t| t.id).collect();
            out.extend(
                self.settled
                    .values()
                    .filter(|t| !listed.contains(&t.id) && !self.gone.contains(&t.id))
                    .cloned(),
            );
        }
        out.extend(self.creating.values().map(|c| c.task.clone()));
        Arc::new(out)
    }

    /// After a poll: deleted ids the server no longer lists need no hiding.
    pub fn forget_gone(&mut self, server: &[Task]) {
        if self.gone.is_empty() {
            return;
        }
        let listed: BTreeSet<i64> = server
            .iter()
            .filter(|t| self.gone.contains(&t.id))
            .map(|t| t.id)
            .collect();
        self.gone.retain(|id| listed.contains(id));
    }
}

/// The patch that puts `before`'s values back over what `patch` changed.
pub fn reverse_patch(before: &Task, patch: &TaskPatch) -> TaskPatch {
    TaskPatch {
        job_id: patch.job_id.and(before.job_id),
        task_type_id: patch.task_type_id.map(|_| before.task_type_id),
        name: patch.name.as_ref().map(|_| before.name.clone()),
        description: patch
            .description
            .as_ref()
            .map(|_| before.description.clone()),
        starts_at: patch.starts_at.and(before.starts_at),
        ends_at: patch.ends_at.and(before.ends_at),
        all_day: patch.all_day.and(before.all_day),
        status: patch.status.as_ref().and(before.status.clone()),
        employee_ids: patch
            .employee_ids
            .as_ref()
            .map(|_| before.employees.iter().map(|e| e.id).collect()),
    }
}

/// Whether `t` has every value `patch` sets (what a change with no answer
/// would have left). Employees count only when `t` says them.
pub fn carries(t: &Task, patch: &TaskPatch) -> bool {
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let ids = |v: &[i64]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    };
    patch
        .description
        .as_ref()
        .is_none_or(|d| text(d) == text(&t.description))
        && patch.name.as_ref().is_none_or(|n| text(n) == text(&t.name))
        && patch.starts_at.is_none_or(|s| t.starts_at == Some(s))
        && patch.ends_at.is_none_or(|e| t.ends_at == Some(e))
        && patch
            .all_day
            .is_none_or(|a| t.all_day.unwrap_or(false) == a)
        && patch.employee_ids.as_ref().is_none_or(|want| {
            let have: Vec<i64> = t.employees.iter().map(|e| e.id).collect();
            ids(&have) == ids(want)
        })
}

/// The fields of a deleted task, for creating it again on its job.
pub fn recreate_patch(t: &Task) -> TaskPatch {
    TaskPatch {
        job_id: None,
        task_type_id: t.task_type_id.map(Some),
        name: t.name.clone().map(Some),
        description: t.description.clone().map(Some),
        starts_at: t.starts_at,
        ends_at: t.ends_at,
        all_day: t.all_day,
        status: t.status.clone(),
        employee_ids: Some(t.employees.iter().map(|e| e.id).collect()),
    }
}

/// `t` with `patch` applied, as the board shows it while the save is under
/// way; employees come from the known list (an unknown id as a bare record).
pub fn patched(t: &Task, patch: &TaskPatch, staff: &[crate::kickserv::model::Employee]) -> Task {
    let mut t = t.clone();
    if let Some(j) = patch.job_id {
        t.job_id = Some(j);
    }
    if let Some(v) = &patch.task_type_id {
        t.task_type_id = *v;
    }
    if let Some(v) = &patch.name {
        t.name = v.clone();
    }
    if let Some(v) = &patch.description {
        t.description = v.clone();
    }
    if let Some(v) = patch.starts_at {
        t.starts_at = Some(v);
    }
    if let Some(v) = patch.ends_at {
        t.ends_at = Some(v);
    }
    if let Some(v) = patch.all_day {
        t.all_day = Some(v);
    }
    if let Some(v) = &patch.status {
        t.status = Some(v.clone());
    }
    if let Some(ids) = &patch.employee_ids {
        t.employees = employees_for(ids, staff);
    }
    t
}

/// Employee records for ids, from the known list where possible.
pub fn employees_for(
    ids: &[i64],
    staff: &[crate::kickserv::model::Employee],
) -> Vec<Arc<crate::kickserv::model::Employee>> {
    ids.iter()
        .map(|&id| {
            Arc::new(staff.iter().find(|e| e.id == id).cloned().unwrap_or(
                crate::kickserv::model::Employee {
                    id,
                    ..Default::default()
                },
            ))
        })
        .collect()
}
