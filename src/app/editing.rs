//! The edit form and its employee picker as modals: keys decoded in their
//! contexts, saves sent through [`saves`], answers and polls handed to the
//! form, the draft journal fed while the form has unsaved changes (a write
//! that failed said on the form), and the drafts of earlier runs offered
//! back at start, one after another.

use crossterm::event::{KeyCode, KeyEvent};

use super::draft::{Draft, Found};
use super::form::{Field, Form, FormKey, Look};
use super::jobpick::JobChooser;
use super::keymap::Action;
use super::local::carries;
use super::model::{Model, Overlay, Restore};
use super::msg::{ApiCmd, ApiFault, Cmd, FaultKind, StoreCmd};
use super::notice::toast;
use super::picker::{PickerKey, PickerOutcome};
use crate::kickserv::model::Task;

/// What a key means in the form: its context's actions, Enter or Space on
/// the employees to choose them, anything else typed into the field.
pub fn form_key(a: Option<Action>, k: KeyEvent, focus: Field) -> FormKey {
    match a {
        Some(Action::Save) => FormKey::Save,
        Some(Action::NextField) => FormKey::Next,
        Some(Action::PrevField) => FormKey::Prev,
        Some(Action::Close | Action::Quit) => FormKey::Cancel,
        _ if focus == Field::Employees && matches!(k.code, KeyCode::Enter | KeyCode::Char(' ')) => {
            FormKey::OpenPicker
        }
        _ => FormKey::Text(k),
    }
}

/// What a key means in the picker: every key that is no action goes to
/// the query (Space toggles, so a query has no spaces).
pub fn picker_key(a: Option<Action>, k: KeyEvent) -> PickerKey {
    match a {
        Some(Action::MoveUp) => PickerKey::Up,
        Some(Action::MoveDown) => PickerKey::Down,
        Some(Action::Toggle) => PickerKey::Toggle,
        Some(Action::ToggleAll) => PickerKey::ToggleAll,
        Some(Action::Accept) => PickerKey::Apply,
        Some(Action::Close | Action::Quit) => PickerKey::Cancel,
        _ => PickerKey::Text(k),
    }
}

/// `e`: the form over the board's copy of `task_id`.
pub fn open_edit(m: &mut Model, task_id: i64) -> Vec<Cmd> {
    if m.local.is_creating(task_id) {
        toast(m, "This task is still being created".to_string(), true);
        return Vec::new();
    }
    let Some(task) = m.task_by_id(task_id) else {
        toast(m, "No task selected".to_string(), true);
        return Vec::new();
    };
    let form = Form::for_task(task, m.tz(), &m.employees);
    m.open(Overlay::Form(Box::new(form)));
    Vec::new()
}

/// A key for the picker on top: `Apply` goes to the form under it.
pub fn on_picker_key(
    m: &mut Model,
    mut picker: Box<super::picker::Picker>,
    a: Option<Action>,
    k: KeyEvent,
) -> Vec<Cmd> {
    match picker.on_key(picker_key(a, k)) {
        PickerOutcome::Nothing | PickerOutcome::Changed => {
            m.modals.push(Overlay::Picker(picker));
            Vec::new()
        }
        PickerOutcome::Apply(ids) => {
            let now = m.now;
            match m.modals.last_mut() {
                Some(Overlay::Form(f)) => {
                    f.set_employees(ids);
                    draft_of(f, now)
                }
                _ => Vec::new(),
            }
        }
        PickerOutcome::Cancel => Vec::new(),
    }
}

/// The draft journal's write, when one is due (at most every 300 ms).
pub fn draft_of(form: &mut Form, now: chrono::DateTime<chrono::Utc>) -> Vec<Cmd> {
    form.take_draft(now)
        .map(|d| vec![Cmd::Store(StoreCmd::SaveDraft(d))])
        .unwrap_or_default()
}

/// The clock: a change typed inside the last 300 ms reaches the journal now.
pub fn on_tick(m: &mut Model) -> Vec<Cmd> {
    let now = m.now;
    let mut cmds = Vec::new();
    for o in &mut m.modals {
        if let Overlay::Form(f) = o {
            cmds.extend(draft_of(f, now));
        }
    }
    cmds
}

/// Leaving on a signal: whatever was typed goes to the journal first (the
/// journal finishes its writes before the process ends).
pub fn on_shutdown(m: &Model) -> Vec<Cmd> {
    m.modals
        .iter()
        .filter_map(|o| match o {
            Overlay::Form(f) if f.has_changes() => {
                Some(Cmd::Store(StoreCmd::SaveDraft(f.draft(m.now))))
            }
            _ => None,
        })
        .collect()
}

/// The answer to a form's save (after [`saves::on_saved`] settled the
/// board): success closes the form and forgets the draft; a refusal keeps
/// the form, with what was typed and the server's reasons.
pub fn on_saved(m: &mut Model, task_id: i64, result: &Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(i) = m.modals.iter().position(
        |o| matches!(o, Overlay::Form(f) if !f.is_new() && f.base.id == task_id && f.is_saving()),
    ) else {
        return Vec::new();
    };
    m.dirty = true;
    match result {
        // An unreadable answer to a PUT: Kickserv took it.
        Ok(_) => {}
        Err(f) if f.kind == FaultKind::AnswerUnreadable => {}
        Err(fault) => {
            if let Some(Overlay::Form(f)) = m.modals.get_mut(i) {
                f.refused(fault);
            }
            return Vec::new();
        }
    }
    // Back to where the form was opened (a picker over it goes too).
    let id = draft_id_at(m, i);
    m.modals.truncate(i);
    m.offer_next_draft();
    vec![Cmd::Store(StoreCmd::RemoveDraft(id))]
}

/// The draft id of the form at `i` in the stack.
fn draft_id_at(m: &Model, i: usize) -> String {
    match m.modals.get(i) {
        Some(Overlay::Form(f)) => f.draft_id.clone(),
        _ => String::new(),
    }
}

/// The answer to a new task's POST (after [`saves::on_created`] showed it):
/// success closes the form; a failure keeps it, and a timeout says to look
/// at the board before trying again (nothing is sent again by itself).
pub fn on_created(m: &mut Model, result: &Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(i) = m
        .modals
        .iter()
        .position(|o| matches!(o, Overlay::Form(f) if f.is_new() && f.is_saving()))
    else {
        return Vec::new();
    };
    m.dirty = true;
    if let Err(fault) = result {
        // An unreadable answer may hide a task made: as unsure as no answer.
        let mut fault = fault.clone();
        if fault.kind == FaultKind::AnswerUnreadable {
            fault.kind = FaultKind::NoAnswer;
        }
        let mut cmds = Vec::new();
        if let Some(Overlay::Form(f)) = m.modals.get_mut(i) {
            f.refused(&fault);
            if f.unsure().is_some()
                && let Some(job_number) = f.job.as_ref().map(|j| j.0)
            {
                // A read, not a second create: did the first one happen?
                cmds.push(Cmd::Api(ApiCmd::ReadJobTasks { job_number }));
            }
        }
        return cmds;
    }
    let id = draft_id_at(m, i);
    m.modals.truncate(i);
    m.offer_next_draft();
    vec![Cmd::Store(StoreCmd::RemoveDraft(id))]
}

/// The journal's word on a draft: a write that failed is said on its form
/// (until one succeeds), so what was typed can be saved or copied; with
/// the form gone, a toast says it.
pub fn on_draft_stored(m: &mut Model, id: &str, result: Result<(), String>) -> Vec<Cmd> {
    let why = result.err();
    let form = m.modals.iter_mut().find_map(|o| match o {
        Overlay::Form(f) if f.draft_id == id => Some(f),
        _ => None,
    });
    match (form, why) {
        (Some(f), why) => m.dirty |= f.draft_failed(why),
        (None, Some(why)) => toast(
            m,
            format!("An unsaved edit could not be kept on disk: {why}"),
            true,
        ),
        (None, None) => {}
    }
    Vec::new()
}

/// The job's tasks, read for a create form left without an answer: the
/// task it sent found there (and not there before), or not.
pub fn on_job_tasks(
    m: &mut Model,
    job_number: i64,
    result: Result<Vec<Task>, ApiFault>,
) -> Vec<Cmd> {
    let Some(Overlay::Form(f)) = m.modals.iter_mut().rev().find(|o| {
        matches!(o, Overlay::Form(f) if f.is_new()
            && f.job.as_ref().map(|j| j.0) == Some(job_number)
            && f.unsure().is_some_and(|u| u.look == Look::Reading))
    }) else {
        return Vec::new();
    };
    m.dirty = true;
    match result {
        Ok(tasks) => match made_by(f, &tasks) {
            Some(id) => {
                f.found_created(id, &format!("job {job_number}"));
                vec![Cmd::Store(StoreCmd::RemoveDraft(f.draft_id.clone()))]
            }
            None => {
                f.not_found();
                Vec::new()
            }
        },
        Err(e) => {
            f.look_failed(&e.text);
            Vec::new()
        }
    }
}

/// The task among `tasks` a create form with no answer made: one with the
/// values it sent that did not have them before (the newest, should there
/// be more).
fn made_by(f: &Form, tasks: &[Task]) -> Option<i64> {
    let u = f.unsure()?;
    tasks
        .iter()
        .filter(|t| t.id > 0 && !u.before.contains(&t.id) && carries(t, &u.patch))
        .map(|t| t.id)
        .max()
}

/// A poll came: a form whose task changed on the server since it opened
/// says so; a restore asked for before the first data is done now.
pub fn on_tasks(m: &mut Model) -> Vec<Cmd> {
    let server = &m.server_tasks;
    let mut changed = false;
    let mut cmds = Vec::new();
    // What the board's foot says of a change it had given up on.
    let mut news = Vec::new();
    for o in &mut m.modals {
        let Overlay::Form(f) = o else { continue };
        if f.is_saving() {
            continue;
        }
        if f.is_new() {
            // A create with no answer shows up in the poll: made after all.
            if f.unsure()
                .is_some_and(|u| !matches!(u.look, Look::Found(_)))
                && let Some(id) = made_by(f, server)
            {
                f.found_created(id, "the board");
                changed = true;
                cmds.push(Cmd::Store(StoreCmd::RemoveDraft(f.draft_id.clone())));
                news.push(format!("Created after all: task {id}"));
            }
            continue;
        }
        let Some(newer) = server.iter().find(|t| t.id == f.base.id) else {
            continue;
        };
        // A save with no answer: the poll shows whether it was made.
        if f.unsure().is_some_and(|u| carries(newer, &u.patch)) {
            f.seen_saved(newer);
            changed = true;
            news.push(format!("Saved after all · {}", newer.title()));
            if !f.has_changes() {
                cmds.push(Cmd::Store(StoreCmd::RemoveDraft(f.draft_id.clone())));
            }
        } else if newer.updated_at != f.base.updated_at {
            changed |= f.server_changed(newer);
        }
    }
    if changed {
        m.dirty = true;
    }
    if let Some(text) = news.pop() {
        m.last_save_fault = None;
        toast(m, text, false);
    }
    if m.tasks_period.is_some()
        && matches!(m.modals.last(), Some(Overlay::Restore(r)) if r.asked)
        && let Some(Overlay::Restore(mut r)) = m.modals.pop()
        && restore(m, &mut r)
    {
        m.modals.push(Overlay::Restore(r));
    }
    cmds
}

/// At start: the drafts found in the journal are offered back one after
/// another; those that cannot be read are reported (and left on disk).
pub fn offer_drafts(m: &mut Model, found: Found) {
    let n = found.drafts.len();
    if n > 0 && m.read_only() {
        // They could not be saved from here: kept for a run that can.
        let what = if n == 1 {
            "an unsaved edit from an earlier run is kept for a run that can save it".to_string()
        } else {
            format!("{n} unsaved edits from earlier runs are kept for a run that can save them")
        };
        toast(m, format!("Read-only: {what}"), false);
    } else if n > 0 {
        m.drafts.found = n;
        m.drafts.waiting = found.drafts.into();
        m.offer_next_draft();
    }
    // What could not be read is the more urgent news.
    if !found.errors.is_empty() {
        toast(m, found.errors.join("; "), true);
    }
}

/// One draft found at start (or none, or why it could not be read).
pub fn offer_draft(m: &mut Model, found: Result<Option<Draft>, String>) {
    let found = match found {
        Ok(d) => Found {
            drafts: d.into_iter().collect(),
            errors: Vec::new(),
        },
        Err(e) => Found {
            drafts: Vec::new(),
            errors: vec![e],
        },
    };
    offer_drafts(m, found);
}

/// Opens the form the draft was written from, once the board has its task.
/// True when the prompt stays, waiting for the board's first data.
pub fn restore(m: &mut Model, r: &mut Restore) -> bool {
    let Some(id) = r.draft.task_id else {
        // A new task's draft opens on its job; one of an older version,
        // which did not keep it, asks for it again.
        let form = Form::from_draft(&r.draft, &Task::default(), m.tz(), &m.employees);
        if form.job.is_some() {
            m.open(Overlay::Form(Box::new(form)));
        } else {
            m.open(Overlay::Job(Box::new(JobChooser::new(form))));
        }
        return false;
    };
    if m.tasks_period.is_none() {
        // The first data is still on its way: restore when it comes.
        r.asked = true;
        toast(m, "Waiting for the board's data…".to_string(), false);
        return true;
    }
    let task = m
        .server_tasks
        .iter()
        .find(|t| t.id == id)
        .or_else(|| m.task_by_id(id))
        .cloned();
    match task {
        Some(task) => {
            let form = Form::from_draft(&r.draft, &task, m.tz(), &m.employees);
            m.open(Overlay::Form(Box::new(form)));
        }
        None => {
            toast(
                m,
                format!(
                    "Task {id} is not in the period shown (draft of {}): the draft is kept",
                    r.draft.date
                ),
                true,
            );
            m.offer_next_draft();
        }
    }
    false
}
