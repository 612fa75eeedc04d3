//! Saving, creating and undoing tasks: the data side of the form's actions
//! and their answers. Each change shows at once as a local change over the
//! server's data and is resolved by its answer.

use std::sync::Arc;

use super::confirm;
use super::form::changes::changes_between;
use super::keymap::{Action, Context};
use super::local::{Creating, Saving, UndoStep, patched, recreate_patch, reverse_patch};
use super::modal::Seen;
use super::model::{Model, Overlay};
use super::msg::{ApiCmd, ApiFault, Cmd, FaultKind, ReadFor};
use super::notice::toast;
use super::period::fetch_shown;
use crate::kickserv::model::{Task, TaskPatch};

/// Saves `patch` over the task as it is shown (what the form opened on).
pub fn save(m: &mut Model, task_id: i64, patch: TaskPatch) -> Vec<Cmd> {
    match m.task_by_id(task_id).cloned() {
        Some(base) => save_from(m, base, patch),
        None => {
            toast(
                m,
                format!("Not saved: task {task_id} is not on the board"),
                true,
            );
            Vec::new()
        }
    }
}

/// Saves `patch` over `base`, the task as the form saw it: shown at once,
/// marked as saving, one PUT of the changed fields.
pub fn save_from(m: &mut Model, base: Task, patch: TaskPatch) -> Vec<Cmd> {
    start_save(m, base, patch, false)
}

fn start_save(m: &mut Model, base: Task, patch: TaskPatch, undoing: bool) -> Vec<Cmd> {
    let task_id = base.id;
    if refuse_read_only(m) || patch.is_empty() {
        return Vec::new();
    }
    if m.local.is_creating(task_id) {
        toast(m, "This task is still being created".to_string(), true);
        return Vec::new();
    }
    if m.local.is_saving(task_id) {
        toast(m, format!("Task {task_id} is still being saved"), true);
        return Vec::new();
    }
    let Some(i) = m.tasks.iter().position(|t| t.id == task_id) else {
        toast(
            m,
            format!("Not saved: task {task_id} is not on the board"),
            true,
        );
        return Vec::new();
    };
    // An undo's base is Kickserv's copy just read: newer than the board's.
    let under = if undoing { &base } else { &m.tasks[i] };
    let shown = patched(under, &patch, &m.employees);
    m.local.saving.insert(
        task_id,
        Saving {
            task: shown.clone(),
            patch: patch.clone(),
            base: base.clone(),
            undoing,
        },
    );
    if m.last_save_fault
        .as_ref()
        .is_some_and(|(id, _)| *id == task_id)
    {
        m.last_save_fault = None;
    }
    // Another change: what `u` would have undone is no longer the last.
    m.local.undo = None;
    m.replace_shown(i, shown);
    vec![Cmd::Api(ApiCmd::Save {
        task_id,
        patch,
        base: Box::new(base),
    })]
}

pub fn on_saved(m: &mut Model, task_id: i64, result: Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(s) = m.local.saving.remove(&task_id) else {
        return Vec::new();
    };
    m.dirty = true;
    match result {
        Ok(mut task) => {
            // The PUT answer has no employees: keep those the save assigned.
            if s.patch.employee_ids.is_some() {
                task.employees = s.task.employees.clone();
            }
            let server = m.server_tasks.iter().find(|t| t.id == task_id);
            let changed_meanwhile = server.is_some_and(|t| t.updated_at != s.base.updated_at);
            put_server(m, task.clone(), false);
            m.local.settle(task.clone(), m.sync.seq);
            if let Some(i) = m.tasks.iter().position(|t| t.id == task_id) {
                m.replace_shown(i, task.clone());
            }
            m.local.undo = (!s.undoing).then(|| UndoStep::Revert {
                task_id,
                patch: reverse_patch(&s.base, &s.patch),
                after: Box::new(task.clone()),
            });
            let note = if changed_meanwhile {
                " (it had changed on Kickserv since the form opened)"
            } else {
                ""
            };
            let what = if s.undoing { "Edit undone" } else { "Saved" };
            toast(
                m,
                format!("{what} · {}{note}", task.title()),
                changed_meanwhile,
            );
            Vec::new()
        }
        Err(f) if f.kind == FaultKind::AnswerUnreadable => {
            // Kickserv took it: show what was sent until the poll reads it back.
            put_server(m, s.task.clone(), false);
            m.local.settle(s.task.clone(), m.sync.seq);
            if let Some(i) = m.tasks.iter().position(|t| t.id == task_id) {
                m.replace_shown(i, s.task.clone());
            }
            toast(
                m,
                format!("Saved, answer unreadable · {}; refreshing", s.task.title()),
                true,
            );
            fetch_shown(m)
        }
        Err(f) => {
            // The server's version shows again; the form keeps what was typed.
            if let (Some(i), Some(server)) = (
                m.tasks.iter().position(|t| t.id == task_id),
                m.server_tasks.iter().find(|t| t.id == task_id).cloned(),
            ) {
                m.replace_shown(i, server);
            } else {
                m.recompose();
            }
            toast(m, format!("Not saved: {}", f.text), true);
            let unsure = f.kind == FaultKind::NoAnswer;
            m.last_save_fault = Some((task_id, f));
            if unsure { fetch_shown(m) } else { Vec::new() }
        }
    }
}

/// Creates a task on a job: shown at once (selected) under a stand-in id,
/// one POST, never repeated by itself.
pub fn create(m: &mut Model, job_number: i64, patch: TaskPatch) -> Vec<Cmd> {
    start_create(m, job_number, patch, None)
}

fn start_create(m: &mut Model, job_number: i64, patch: TaskPatch, undoes: Option<i64>) -> Vec<Cmd> {
    if refuse_read_only(m) {
        return Vec::new();
    }
    let local_id = m.local.next_local_id();
    let stand_in = patched(
        &Task {
            id: local_id,
            ..Task::default()
        },
        &patch,
        &m.employees,
    );
    m.local.creating.insert(
        local_id,
        Creating {
            task: stand_in.clone(),
            job_number,
            undoes,
        },
    );
    m.local.undo = None;
    let end = m.tasks.len();
    m.replace_shown(end, stand_in);
    m.focus_task(local_id);
    vec![Cmd::Api(ApiCmd::Create {
        local_id,
        job_number,
        task: patch,
    })]
}

pub fn on_created(m: &mut Model, local_id: i64, result: Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(c) = m.local.creating.remove(&local_id) else {
        return Vec::new();
    };
    m.dirty = true;
    let selected = m.cursor.task == Some(local_id);
    match result {
        Ok(mut task) => {
            if task.employees.is_empty() {
                task.employees = c.task.employees.clone();
            }
            let id = task.id;
            put_server(m, task.clone(), true);
            m.local.settle(task.clone(), m.sync.seq);
            match m.tasks.iter().position(|t| t.id == local_id) {
                Some(i) => m.replace_shown(i, task.clone()),
                None => m.recompose(),
            }
            if selected || c.undoes.is_some() {
                m.focus_task(id);
            }
            match c.undoes {
                Some(old) => {
                    m.local.deleted.retain(|t| t.id != old);
                    toast(
                        m,
                        format!("Made again as new task {id} · {}", task.title()),
                        false,
                    );
                }
                None => toast(m, format!("Created task {id} · {}", task.title()), false),
            }
            Vec::new()
        }
        Err(f) => {
            m.recompose();
            if let Some(old) = c.undoes {
                // Still deleted: `u` can try again.
                if let Some(t) = m.local.deleted.iter().find(|t| t.id == old) {
                    m.local.undo = Some(UndoStep::Recreate(Box::new(t.clone())));
                }
            }
            toast(m, format!("Not created: {}", f.text), true);
            let unsure = f.kind == FaultKind::NoAnswer || f.kind == FaultKind::AnswerUnreadable;
            m.last_save_fault = Some((local_id, f));
            if unsure { fetch_shown(m) } else { Vec::new() }
        }
    }
}

/// `u`: recreates the last deleted task as a new one, or puts back the last
/// saved edit, until another change is made. An edit is put back only after
/// Kickserv's copy is read: a change made there since is shown first.
pub fn undo(m: &mut Model) -> Vec<Cmd> {
    if refuse_read_only(m) {
        return Vec::new();
    }
    match m.local.undo.take() {
        Some(UndoStep::Recreate(t)) => match t.job.as_ref().and_then(|j| j.job_number) {
            Some(job_number) => start_create(m, job_number, recreate_patch(&t), Some(t.id)),
            None => {
                toast(
                    m,
                    format!("Cannot make task {} again: its job number is unknown", t.id),
                    true,
                );
                Vec::new()
            }
        },
        Some(step @ UndoStep::Revert { task_id, .. }) => {
            m.local.undo = Some(step);
            if m.local.undo_reading == Some(task_id) {
                toast(
                    m,
                    format!("Still reading task {task_id} on Kickserv…"),
                    false,
                );
                return Vec::new();
            }
            m.local.undo_reading = Some(task_id);
            toast(
                m,
                format!("Reading task {task_id} on Kickserv before undoing…"),
                false,
            );
            vec![Cmd::Api(ApiCmd::ReadTask {
                task_id,
                purpose: ReadFor::Undo,
            })]
        }
        None => {
            toast(m, "Nothing to undo".to_string(), false);
            Vec::new()
        }
    }
}

/// Kickserv's copy of the task `u` is about to put back: unchanged since
/// the save, the edit is put back at once; changed, the dispatcher is
/// asked first, with both versions.
pub fn on_undo_read(
    m: &mut Model,
    task_id: i64,
    result: Result<Option<Box<Task>>, ApiFault>,
) -> Vec<Cmd> {
    if m.local.undo_reading != Some(task_id) {
        return Vec::new();
    }
    m.local.undo_reading = None;
    // Another change since `u` was pressed: nothing is left to undo.
    let Some(UndoStep::Revert { patch, after, .. }) = m.local.undo.clone() else {
        return Vec::new();
    };
    m.dirty = true;
    let now = match result {
        Ok(Some(now)) => now,
        Ok(None) => {
            m.local.undo = None;
            toast(
                m,
                format!("Cannot undo: Kickserv no longer has task {task_id}"),
                true,
            );
            return Vec::new();
        }
        Err(f) => {
            toast(
                m,
                format!(
                    "Not undone: task {task_id} could not be read ({}); {} tries again",
                    f.text,
                    m.opts.keymap.key_text(Context::Board, Action::Undo)
                ),
                true,
            );
            return Vec::new();
        }
    };
    let changed = !changes_between(&after, &now, m.tz(), usize::MAX).is_empty()
        || matches!((after.updated_at, now.updated_at), (Some(a), Some(b)) if a != b);
    if !changed {
        m.local.undo = None;
        return start_save(m, *now, patch, true);
    }
    let Some(seen) = Seen::of(m, task_id) else {
        toast(
            m,
            format!("Cannot undo: task {task_id} is not on the board"),
            true,
        );
        return Vec::new();
    };
    let back = patched(&now, &patch, &m.employees);
    let c = confirm::undo_over(seen, &after, *now, patch, &back, m.tz(), &m.opts.keymap);
    m.open(Overlay::Confirm(c));
    Vec::new()
}

/// `y` on the undo's question: the old values go back over Kickserv's copy.
pub fn undo_confirmed(m: &mut Model, now: Task, patch: TaskPatch) -> Vec<Cmd> {
    if !matches!(m.local.undo, Some(UndoStep::Revert { task_id, .. }) if task_id == now.id) {
        toast(
            m,
            "Nothing to undo: another change came first".to_string(),
            true,
        );
        return Vec::new();
    }
    m.local.undo = None;
    start_save(m, now, patch, true)
}

/// A delete went through: the task is kept for `u` and hidden at once. What
/// `u` remakes is the task Kickserv answered with (merged into the copy
/// read before, which has its employees); else that copy, and the returned
/// note says so.
pub fn deleted(m: &mut Model, task_id: i64, answer: Option<Task>) -> Option<String> {
    let undo = m.opts.keymap.key_text(Context::Board, Action::Undo);
    let read = m.local.deleting.remove(&task_id);
    let board = m
        .task_by_id(task_id)
        .or_else(|| m.server_tasks.iter().find(|t| t.id == task_id))
        .cloned();
    let (kept, note) = match (answer, read, board) {
        (Some(a), Some(r), _) => (Some(r.merged_with(a)), None),
        (Some(a), None, Some(b)) => (Some(b.merged_with(a)), None),
        (Some(a), None, None) => (Some(a), None),
        (None, Some(r), _) => (
            Some(r),
            Some(format!(
                "Kickserv's answer held no task: {undo} remakes the copy read just before"
            )),
        ),
        (None, None, b) => (
            b,
            Some(format!(
                "Kickserv's answer held no task: {undo} remakes the board's copy"
            )),
        ),
    };
    if let Some(t) = kept {
        m.local.undo = Some(UndoStep::Recreate(Box::new(t.clone())));
        m.local.keep_deleted(t);
    }
    m.local.saving.remove(&task_id);
    m.local.gone.insert(task_id);
    m.local.settled.remove(&task_id);
    m.recompose();
    note
}

/// Asks for customers whose name contains `text` (the newest search wins).
pub fn search_customers(m: &mut Model, text: String) -> Vec<Cmd> {
    m.lookups.search_seq += 1;
    vec![Cmd::Api(ApiCmd::SearchCustomers {
        seq: m.lookups.search_seq,
        text,
    })]
}

pub fn on_customers_found(
    m: &mut Model,
    seq: u64,
    text: String,
    result: Result<Vec<crate::kickserv::model::Customer>, ApiFault>,
) -> Vec<Cmd> {
    if seq == m.lookups.search_seq {
        m.lookups.customers = Some((text, result));
        m.dirty = true;
    }
    Vec::new()
}

pub fn list_jobs(customer_id: i64) -> Vec<Cmd> {
    vec![Cmd::Api(ApiCmd::JobList { customer_id })]
}

pub fn on_jobs_listed(
    m: &mut Model,
    customer_id: i64,
    result: Result<Vec<crate::kickserv::model::JobListEntry>, ApiFault>,
) -> Vec<Cmd> {
    m.lookups.keep_jobs(customer_id, result);
    m.dirty = true;
    Vec::new()
}

fn refuse_read_only(m: &mut Model) -> bool {
    if m.read_only() {
        toast(
            m,
            "Read-only: nothing is changed in Kickserv".to_string(),
            true,
        );
    }
    m.read_only()
}

/// The server layer takes a task the server confirmed: in place of the one
/// it knew, or added when `new`. A saved task the shown period does not list
/// (the board moved on) is left to its own period's next fetch.
fn put_server(m: &mut Model, task: Task, new: bool) {
    let known = m.server_tasks.iter().position(|t| t.id == task.id);
    if known.is_none() && !new {
        return;
    }
    let tasks = Arc::make_mut(&mut m.server_tasks);
    match known {
        Some(i) => tasks[i] = task,
        None => tasks.push(task),
    }
    sync_cache(m);
}

/// The cached copy of the shown period follows the server layer.
fn sync_cache(m: &mut Model) {
    if m.tasks_period == Some(m.period)
        && let Some(c) = m.cache.get_mut(&m.period)
    {
        c.tasks = m.server_tasks.clone();
    }
}
