//! The edit form: a task's description, date, start, end (or duration) and
//! employees, validated as they are typed, saved as one patch of only what
//! changed.
//!
//! Pure: it takes intents already decoded from keys ([`FormKey`]) and
//! answers what became of them ([`FormOutcome`]). The form never reads the
//! board: it holds the task it opened on (`base`), so a poll that changes
//! the board cannot change what it edits.
//!
//! How a modal drives it:
//! - open with [`Form::for_task`] (`e`) or [`Form::for_new`] (`a`, from the slot);
//! - feed keys as [`FormKey`]s; after a `Changed` (and on each clock tick)
//!   send [`Form::take_draft`]'s draft as `StoreCmd::SaveDraft`; a write
//!   that failed comes back for [`Form::draft_failed`];
//! - `Save(patch)`: send it; on success close and send `StoreCmd::RemoveDraft`
//!   with [`Form::draft_id`],
//!   on failure call [`Form::refused`]; `Closed`: close and remove the draft;
//!   `Pick(picker)`: push the picker, and give its `Apply` to [`Form::set_employees`];
//! - when a poll brings the task with another `updated_at`, call
//!   [`Form::server_changed`];
//! - at start-up, each draft `runtime::drafts::Shelf::found` is offered with
//!   `ui::form::draw_restore_prompt` and restored by [`Form::from_draft`].

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::draft::{Draft, DraftJob, task_slot};
use super::msg::{ApiFault, FaultKind};
use super::picker::{Choice, Picker};
use crate::kickserv::error::BASE;
use crate::kickserv::model::{Employee, Task, TaskPatch};
use crate::schedule::DEFAULT_TASK_MINUTES;
use crate::schedule::time_input::{
    format_duration, format_time, parse_duration, parse_time, repeated_note, resolve,
};

/// Drafts are written at most this often while typing.
pub const DRAFT_EVERY: TimeDelta = TimeDelta::milliseconds(300);

/// The fields, in their order on screen and for Tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Description,
    Date,
    Start,
    End,
    Employees,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Description,
        Field::Date,
        Field::Start,
        Field::End,
        Field::Employees,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Description => "Description",
            Field::Date => "Date",
            Field::Start => "Start",
            Field::End => "End or duration",
            Field::Employees => "Employees",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The form field an API field name is about.
    fn from_api(name: &str) -> Option<Field> {
        match name {
            "description" => Some(Field::Description),
            "starts_at" | "start" | "date" => Some(Field::Start),
            "ends_at" | "end" | "duration" => Some(Field::End),
            "employee_ids" | "employees" | "employee_id" => Some(Field::Employees),
            _ => None,
        }
    }
}

/// What a key means to the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormKey {
    Next,
    Prev,
    Save,
    Cancel,
    OpenPicker,
    /// A key for the focused text field.
    Text(KeyEvent),
}

#[derive(Clone, Debug)]
pub enum FormOutcome {
    Nothing,
    /// Something shown changed: redraw (and see [`Form::take_draft`]).
    Changed,
    /// Send this patch (one PUT, or the POST of a new task). The form stays
    /// open until the answer: [`Form::refused`] on failure.
    Save(TaskPatch),
    /// Esc with unsaved changes: ask before discarding (a second `Cancel`
    /// discards).
    CancelAsk,
    /// Closed without saving; remove the draft.
    Closed,
    /// Open the employee picker; apply its result with [`Form::set_employees`].
    Pick(Picker),
}

/// A field the server changed since the form opened, both versions in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerChange {
    pub field: Field,
    pub was: String,
    pub now: String,
}

impl ServerChange {
    /// "end 11:00 → 11:30"
    pub fn text(&self) -> String {
        let name = match self.field {
            Field::Description => "description",
            Field::Date => "date",
            Field::Start => "start",
            Field::End => "end",
            Field::Employees => "employees",
        };
        format!("{name} {} → {}", self.was, self.now)
    }
}

/// What the typed texts mean, or why they mean nothing.
#[derive(Clone, Debug, Default, PartialEq)]
struct Reading {
    errors: [Option<String>; 5],
    notes: [Option<String>; 5],
    start: Option<DateTime<FixedOffset>>,
    end: Option<DateTime<FixedOffset>>,
}

/// Where a form's message names the save key and the close key: the view
/// puts the keys bound in the form in their place.
pub const SAVE_KEY: &str = "{save}";
pub const CLOSE_KEY: &str = "{close}";

#[derive(Clone, Debug)]
pub struct Form {
    /// The task as it was when the form opened (a default task for a new one).
    pub base: Task,
    tz: Tz,
    new: bool,
    roster: Vec<Choice>,
    inputs: [Input; 4],
    /// The texts at open: what "changed" is measured against.
    initial: [String; 4],
    employees: Vec<i64>,
    initial_employees: Vec<i64>,
    /// Whole days from the start's date to the end's (a task over midnight).
    end_days: u64,
    focus: Field,
    reading: Reading,
    /// The server's messages from a refused save, by field, until the field is edited.
    server_errors: [Option<String>; 5],
    /// A line for the whole form: messages naming no field, "nothing to change", a failed save.
    pub message: Option<String>,
    server_changes: Vec<ServerChange>,
    /// Restored from a draft written before the task last changed on the server.
    draft_stale: bool,
    /// A save was asked once over a server change; the next one overwrites.
    overwrite_armed: bool,
    cancel_armed: bool,
    saving: bool,
    /// Bumped on every edit; the draft journal writes when it moves.
    rev: u64,
    drafted_rev: u64,
    last_draft: Option<DateTime<Utc>>,
    /// A new task's job: its number (what the POST names) and a label.
    pub job: Option<(i64, String)>,
    /// A save or create sent with no answer (or an unreadable one): it may
    /// have happened; what Kickserv shows next decides.
    unsure: Option<Unsure>,
    /// The last patch sent, and the tasks that carried it already.
    sent: Option<(TaskPatch, Vec<i64>)>,
    /// Which draft of the account this edit writes (see `app::draft`).
    pub draft_id: String,
    /// Why the last draft of this edit could not be written, until one is.
    draft_error: Option<String>,
}

/// A change that may have happened: the patch sent, and for a create the
/// tasks like it Kickserv already had and how the search for it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsure {
    pub patch: TaskPatch,
    /// Tasks that already carried these values when the create was sent.
    pub before: Vec<i64>,
    pub look: Look,
}

/// Where the search for a create with no answer stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Look {
    /// An edit: the next poll tells.
    Poll,
    /// The job's tasks are being read.
    Reading,
    /// Kickserv has it, under this id: nothing is sent again.
    Found(i64),
    /// The job has no such task: Ctrl-S creates it.
    NotFound,
    /// The job's tasks could not be read: Ctrl-S reads them again.
    Failed,
}

/// An end read from its text, and the note beside it.
type EndRead = (DateTime<FixedOffset>, Option<String>);

const DESC: usize = 0;
const DATE: usize = 1;
const START: usize = 2;
const END: usize = 3;

impl Form {
    /// The form over an existing task; `employees` is the roster to pick from.
    pub fn for_task(task: &Task, tz: Tz, employees: &[Employee]) -> Form {
        let (texts, end_days) = texts_of(task, tz);
        let ids: Vec<i64> = task.employees.iter().map(|e| e.id).collect();
        let mut roster = roster_of(employees);
        for e in &task.employees {
            if !roster.iter().any(|c| c.id == e.id) {
                roster.push(Choice {
                    id: e.id,
                    name: e.display_name(),
                });
            }
        }
        Form::build(task.clone(), tz, false, roster, texts, ids, end_days)
    }

    /// A form for a new task, prefilled from the board's slot: `date` at
    /// `start`, an hour long, for `employee` when the slot has one.
    pub fn for_new(
        date: NaiveDate,
        start: NaiveTime,
        employee: Option<i64>,
        tz: Tz,
        employees: &[Employee],
    ) -> Form {
        let end = start.overflowing_add_signed(TimeDelta::minutes(DEFAULT_TASK_MINUTES));
        let (end_text, end_days) = match end {
            (t, 0) => (format_time(t), 0),
            // Past midnight: as a duration, so it needs no next-day date.
            _ => (format_duration(TimeDelta::minutes(DEFAULT_TASK_MINUTES)), 0),
        };
        let texts = [
            String::new(),
            date.to_string(),
            format_time(start),
            end_text,
        ];
        Form::build(
            Task::default(),
            tz,
            true,
            roster_of(employees),
            texts,
            employee.into_iter().collect(),
            end_days,
        )
    }

    /// The form `d` was written from, with what was typed restored. A task
    /// changed on the server since is marked as such (the draft knows only
    /// that it changed, not how).
    pub fn from_draft(d: &Draft, task: &Task, tz: Tz, employees: &[Employee]) -> Form {
        let mut f = if d.task_id.is_some() {
            Form::for_task(task, tz, employees)
        } else {
            let mut f = Form::for_new(NaiveDate::default(), NaiveTime::MIN, None, tz, employees);
            // Everything of a restored new task is typed.
            f.initial = Default::default();
            f
        };
        for (i, text) in [&d.description, &d.date, &d.start, &d.end]
            .into_iter()
            .enumerate()
        {
            f.inputs[i] = Input::new(text.clone());
        }
        f.employees = d.employee_ids.clone();
        f.job = d.job.as_ref().map(|j| (j.number, j.label.clone()));
        // Its own draft: saving or discarding this edit removes it.
        f.draft_id = d.id.clone();
        f.draft_stale = d.task_id.is_some() && d.base_updated_at != task.updated_at;
        f.rev = 1;
        f.revalidate();
        f
    }

    fn build(
        base: Task,
        tz: Tz,
        new: bool,
        roster: Vec<Choice>,
        texts: [String; 4],
        employees: Vec<i64>,
        end_days: u64,
    ) -> Form {
        let draft_id = if new {
            "new".to_string()
        } else {
            task_slot(base.id)
        };
        let mut f = Form {
            draft_id,
            draft_error: None,
            base,
            tz,
            new,
            roster,
            inputs: texts.clone().map(Input::new),
            initial: texts,
            initial_employees: employees.clone(),
            employees,
            end_days,
            focus: Field::Description,
            reading: Reading::default(),
            server_errors: Default::default(),
            message: None,
            server_changes: Vec::new(),
            draft_stale: false,
            overwrite_armed: false,
            cancel_armed: false,
            saving: false,
            rev: 0,
            drafted_rev: 0,
            last_draft: None,
            job: None,
            unsure: None,
            sent: None,
        };
        f.revalidate();
        f
    }

    pub fn on_key(&mut self, key: FormKey) -> FormOutcome {
        if key != FormKey::Cancel {
            self.cancel_armed = false;
        }
        match key {
            FormKey::Next | FormKey::Prev => {
                let i = self.focus.index();
                let n = Field::ALL.len();
                let to = if key == FormKey::Next {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.focus = Field::ALL[to];
                FormOutcome::Changed
            }
            FormKey::Save => self.save(),
            FormKey::Cancel => {
                let made = self
                    .unsure
                    .as_ref()
                    .is_some_and(|u| matches!(u.look, Look::Found(_)));
                if !self.has_changes() || self.cancel_armed || made {
                    FormOutcome::Closed
                } else {
                    self.cancel_armed = true;
                    self.message = Some(format!(
                        "unsaved changes: {CLOSE_KEY} again to discard them"
                    ));
                    FormOutcome::CancelAsk
                }
            }
            FormKey::OpenPicker => {
                FormOutcome::Pick(Picker::new(self.roster.clone(), &self.employees))
            }
            FormKey::Text(k) => {
                let Some(input) = self.inputs.get_mut(self.focus.index()) else {
                    return FormOutcome::Nothing;
                };
                let before = (input.value().to_string(), input.cursor());
                input.handle_event(&Event::Key(k));
                if input.value() != before.0 {
                    self.edited(self.focus);
                    FormOutcome::Changed
                } else if input.cursor() != before.1 {
                    FormOutcome::Changed
                } else {
                    FormOutcome::Nothing
                }
            }
        }
    }

    /// The picker's answer.
    pub fn set_employees(&mut self, ids: Vec<i64>) {
        if ids != self.employees {
            self.employees = ids;
            self.edited(Field::Employees);
        }
    }

    fn edited(&mut self, field: Field) {
        self.server_errors[field.index()] = None;
        if matches!(field, Field::Date | Field::Start | Field::End) {
            // Times are read together: a message about one may be about the others.
            for f in [Field::Date, Field::Start, Field::End] {
                self.server_errors[f.index()] = None;
            }
        }
        self.message = None;
        self.overwrite_armed = false;
        self.rev += 1;
        self.revalidate();
    }

    fn save(&mut self) -> FormOutcome {
        self.revalidate();
        if self.reading.errors.iter().any(Option::is_some) {
            self.message = Some("fix the marked fields first".into());
            return FormOutcome::Changed;
        }
        let patch = self.patch();
        if patch.is_empty() {
            self.message = Some("nothing to change".into());
            return FormOutcome::Changed;
        }
        if self.conflict() && !self.overwrite_armed {
            self.overwrite_armed = true;
            self.message = Some(format!(
                "the task changed on the server: {SAVE_KEY} again to save over it"
            ));
            return FormOutcome::Changed;
        }
        self.overwrite_armed = false;
        self.saving = true;
        self.message = Some("saving…".into());
        self.unsure = None;
        self.sent = Some((patch.clone(), Vec::new()));
        FormOutcome::Save(patch)
    }

    /// The change to send: only the fields that differ from what the form
    /// opened on (all that is set, for a new task).
    pub fn patch(&self) -> TaskPatch {
        let mut p = TaskPatch::default();
        let desc = self.inputs[DESC].value();
        if desc != self.initial[DESC] {
            p.description = Some((!desc.is_empty()).then(|| desc.to_string()));
        }
        let times_typed =
            self.new || (DATE..=END).any(|i| self.inputs[i].value() != self.initial[i]);
        if times_typed {
            if let Some(s) = self
                .reading
                .start
                .filter(|s| Some(*s) != self.base.starts_at)
            {
                p.starts_at = Some(s);
            }
            if let Some(e) = self.reading.end.filter(|e| Some(*e) != self.base.ends_at) {
                p.ends_at = Some(e);
            }
        }
        let send = if self.new {
            !self.employees.is_empty()
        } else {
            sorted(&self.employees) != sorted(&self.initial_employees)
        };
        if send {
            p.employee_ids = Some(self.employees.clone());
        }
        p
    }

    /// Whether anything differs from what the form opened with.
    pub fn has_changes(&self) -> bool {
        (0..4).any(|i| self.inputs[i].value() != self.initial[i])
            || sorted(&self.employees) != sorted(&self.initial_employees)
    }

    pub fn is_new(&self) -> bool {
        self.new
    }

    pub fn is_saving(&self) -> bool {
        self.saving
    }

    pub fn focus(&self) -> Field {
        self.focus
    }

    /// The text input of a field (`None` for the employees).
    pub fn input(&self, f: Field) -> Option<&Input> {
        self.inputs.get(f.index())
    }

    /// The error beside a field: the typed text's, else the server's.
    pub fn error(&self, f: Field) -> Option<&str> {
        self.reading.errors[f.index()]
            .as_deref()
            .or(self.server_errors[f.index()].as_deref())
    }

    /// A note beside a field (the other of end and duration, a repeated time).
    pub fn note(&self, f: Field) -> Option<&str> {
        self.reading.notes[f.index()].as_deref()
    }

    pub fn server_changes(&self) -> &[ServerChange] {
        &self.server_changes
    }

    /// The task changed on the server since the form opened (or since its
    /// draft was written): saving asks twice.
    pub fn conflict(&self) -> bool {
        !self.server_changes.is_empty() || self.draft_stale
    }

    /// Restored from a draft older than the task's last change on the server.
    pub fn draft_is_stale(&self) -> bool {
        self.draft_stale
    }

    /// The chosen employees' names, in the order chosen.
    pub fn employee_names(&self) -> Vec<String> {
        self.employees
            .iter()
            .map(|id| {
                self.roster
                    .iter()
                    .find(|c| c.id == *id)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| format!("Employee {id}"))
            })
            .collect()
    }

    pub fn employee_ids(&self) -> &[i64] {
        &self.employees
    }

    /// The box's title: "Edit task 2357911 · Roof survey", "New task".
    pub fn title(&self) -> String {
        if self.new {
            match &self.job {
                Some((_, label)) => format!("New task · {label}"),
                None => "New task".into(),
            }
        } else {
            format!("Edit task {} · {}", self.base.id, self.base.title())
        }
    }
}

/// A task's values as the form's texts, and the whole days its end lies
/// after its start's date.
fn texts_of(task: &Task, tz: Tz) -> ([String; 4], u64) {
    let start = task.starts_at.map(|s| s.with_timezone(&tz));
    let end = task.ends_at.map(|e| e.with_timezone(&tz));
    let date = start.map(|s| s.date_naive());
    let end_days = match (date, end) {
        (Some(d), Some(e)) => u64::try_from((e.date_naive() - d).num_days()).unwrap_or(0),
        _ => 0,
    };
    let texts = [
        task.description.clone().unwrap_or_default(),
        date.map(|d| d.to_string()).unwrap_or_default(),
        start.map(|s| format_time(s.time())).unwrap_or_default(),
        end.map(|e| format_time(e.time())).unwrap_or_default(),
    ];
    (texts, end_days)
}

/// Ids as a set: the order of employees is no change.
fn sorted(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn roster_of(employees: &[Employee]) -> Vec<Choice> {
    employees
        .iter()
        .filter(|e| e.active != Some(false))
        .map(|e| Choice {
            id: e.id,
            name: e.display_name(),
        })
        .collect()
}

mod answers;
pub mod changes;
mod drafts;
mod reading;

#[cfg(test)]
mod tests;
