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
use super::picker::{Choice, PickTarget, Picker};
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
    /// The day `tomorrow`, `mon` and `+1` count from, as go-to's do.
    today: Option<NaiveDate>,
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
            today: None,
        };
        f.revalidate();
        f
    }

    /// The form with `today` to read relative dates against.
    pub fn dated(mut self, today: NaiveDate) -> Form {
        self.today = Some(today);
        self.revalidate();
        self
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
            FormKey::OpenPicker => FormOutcome::Pick(Picker::new(
                self.roster.clone(),
                &self.employees,
                PickTarget::Form(self.draft_id.clone()),
            )),
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

    /// Reads the texts again: errors and notes beside their fields.
    fn revalidate(&mut self) {
        let mut r = Reading::default();
        // A task without times (unscheduled) stays so while none is typed.
        if (DATE..=END)
            .all(|i| self.inputs[i].value().trim().is_empty() && self.initial[i].is_empty())
        {
            self.reading = r;
            return;
        }
        let around = self.today.or(self.initial_date());
        let date = match parse_date(self.inputs[DATE].value(), around) {
            Ok(d) => {
                // What was typed, read: a year left out or a relative day
                // is seen before saving.
                r.notes[DATE] = date_note(self.inputs[DATE].value(), d);
                Some(d)
            }
            Err(e) => {
                r.errors[DATE] = Some(e);
                None
            }
        };
        let start_time = parse_time(self.inputs[START].value())
            .map_err(|e| r.errors[START] = Some(e))
            .ok();
        if let (Some(d), Some(t)) = (date, start_time) {
            match resolve(self.tz, d, t) {
                Ok(res) => {
                    let typed = self.inputs[START].value().trim();
                    // `9`, `9:30pm`: the time taken is said (a repeated
                    // one's note names it already).
                    if res.repeated {
                        r.notes[START] = Some(repeated_note(&res));
                    } else if typed != format_time(t) {
                        r.notes[START] = Some(format!("starts {}", format_time(t)));
                    }
                    r.start = Some(res.at);
                }
                Err(e) => r.errors[START] = Some(e),
            }
        }
        let end_text = self.inputs[END].value();
        match self.read_end(end_text, date, r.start) {
            Ok(Some((end, note))) => {
                r.end = Some(end);
                r.notes[END] = note;
            }
            Ok(None) => {}
            Err(e) => r.errors[END] = Some(e),
        }
        self.reading = r;
    }

    /// The end from a time (on the start's date, or as many days after as
    /// the task spanned) or a duration after the start. An `h:mm` that is not
    /// after the start is read as a duration. `Ok(None)`: nothing to read
    /// it against (the start is wrong, and says so).
    fn read_end(
        &self,
        text: &str,
        date: Option<NaiveDate>,
        start: Option<DateTime<FixedOffset>>,
    ) -> Result<Option<EndRead>, String> {
        let t = text.trim().to_ascii_lowercase();
        let looks_like_duration = t.contains('h')
            || (t.ends_with('m') && !t.ends_with("am") && !t.ends_with("pm"))
            || t.starts_with('+');
        let by_duration = |start: DateTime<FixedOffset>| -> Result<_, String> {
            let d = parse_duration(t.trim_start_matches('+'))?;
            let end = start
                .checked_add_signed(d)
                .ok_or_else(|| "that end is out of range".to_string())?;
            let local = end.with_timezone(&self.tz);
            Ok(Some((
                end,
                Some(format!("ends {}", format_time(local.time()))),
            )))
        };
        if looks_like_duration {
            let Some(start) = start else {
                parse_duration(t.trim_start_matches('+'))?;
                return Ok(None);
            };
            return by_duration(start);
        }
        let time = parse_time(text)?;
        let (Some(date), Some(start)) = (date, start) else {
            return Ok(None);
        };
        let day = date
            .checked_add_days(Days::new(self.end_days))
            .ok_or_else(|| "that end is out of range".to_string())?;
        let res = resolve(self.tz, day, time)?;
        if res.at <= start {
            if t.contains(':')
                && let Ok(found) = by_duration(start)
            {
                return Ok(found);
            }
            let local = start.with_timezone(&self.tz);
            return Err(format!(
                "the end must be after the start ({})",
                format_time(local.time())
            ));
        }
        let mut note = format!("lasts {}", format_duration(res.at - start));
        if res.repeated {
            note = format!("{note}; {}", repeated_note(&res));
        }
        Ok(Some((res.at, Some(note))))
    }

    fn initial_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.initial[DATE], "%Y-%m-%d").ok()
    }

    /// A poll saw the task as `newer`: record each field the server changed
    /// since the form opened, both versions, for the form to show. Saving
    /// then asks twice. True when something was recorded.
    pub fn server_changed(&mut self, newer: &Task) -> bool {
        if self.new || newer.id != self.base.id {
            return false;
        }
        let changes = changes_between(&self.base, newer, self.tz, FORM_DESC_CHARS);
        if changes.is_empty() || changes == self.server_changes {
            return false;
        }
        self.server_changes = changes;
        self.overwrite_armed = false;
        true
    }

    /// The save failed: what was typed stays; the server's messages go
    /// beside the fields they name, the rest to the form's line; a failure
    /// other than a refusal offers a retry.
    pub fn refused(&mut self, fault: &ApiFault) {
        self.saving = false;
        self.server_errors = Default::default();
        if fault.kind == FaultKind::Rejected && !fault.fields.is_empty() {
            let mut general = Vec::new();
            for (name, msgs) in &fault.fields {
                let text = msgs.join("; ");
                match Field::from_api(name) {
                    Some(f) => {
                        let slot = &mut self.server_errors[f.index()];
                        *slot = Some(match slot.take() {
                            Some(prev) => format!("{prev}; {text}"),
                            None => text,
                        });
                    }
                    None if name == BASE => general.push(text),
                    None => general.push(format!("{}: {text}", name.replace('_', " "))),
                }
            }
            self.message = Some(if general.is_empty() {
                "Kickserv refused the change: see the marked fields".into()
            } else {
                format!("Kickserv refused the change: {}", general.join("; "))
            });
        } else if fault.kind == FaultKind::NoAnswer {
            let (patch, before) = self.sent.take().unwrap_or_default();
            let look = if self.new { Look::Reading } else { Look::Poll };
            self.message = Some(if self.new {
                format!(
                    "no answer in time: looking for the task on job {}…",
                    self.job_number()
                )
            } else {
                format!(
                    "no answer in time: it may have been saved; the next poll tells · {SAVE_KEY} to send it again"
                )
            });
            self.unsure = Some(Unsure {
                patch,
                before,
                look,
            });
        } else {
            self.message = Some(format!("save failed: {} · {SAVE_KEY} to retry", fault.text));
        }
    }

    /// The tasks that already carried the values being sent (a create's
    /// twin made earlier is not the one it made).
    pub fn sent_over(&mut self, before: Vec<i64>) {
        if let Some((_, b)) = &mut self.sent {
            *b = before;
        }
    }

    /// A change sent with no answer, while what became of it is open.
    pub fn unsure(&self) -> Option<&Unsure> {
        self.unsure.as_ref()
    }

    fn job_number(&self) -> String {
        self.job
            .as_ref()
            .map_or_else(|| "?".to_string(), |j| j.0.to_string())
    }

    /// Kickserv shows `newer` with the values sent: saved after all. The
    /// form edits `newer` from now on; what was typed since stays.
    pub fn seen_saved(&mut self, newer: &Task) {
        let (texts, end_days) = texts_of(newer, self.tz);
        self.base = newer.clone();
        self.initial = texts;
        self.end_days = end_days;
        self.initial_employees = newer.employees.iter().map(|e| e.id).collect();
        self.server_changes.clear();
        self.server_errors = Default::default();
        self.draft_stale = false;
        self.overwrite_armed = false;
        self.unsure = None;
        self.message = Some("saved: Kickserv shows the change".into());
        self.revalidate();
    }

    /// The job's tasks are being read again.
    pub fn looking(&mut self) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Reading;
        }
        self.message = Some(format!(
            "looking for the task on job {}…",
            self.job_number()
        ));
    }

    /// A create with no answer happened: Kickserv has it as `id`.
    pub fn found_created(&mut self, id: i64, seen: &str) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Found(id);
        }
        self.message = Some(format!(
            "created after all: {seen} shows it as task {id} · nothing is sent again, {CLOSE_KEY} closes"
        ));
    }

    /// The job has no task with the values sent: the create did not happen.
    pub fn not_found(&mut self) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::NotFound;
        }
        self.message = Some(format!(
            "not created: job {} has no such task · {SAVE_KEY} to create it",
            self.job_number()
        ));
    }

    /// The job's tasks could not be read.
    pub fn look_failed(&mut self, why: &str) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Failed;
        }
        self.message = Some(format!(
            "could not look for the task on job {} ({why}) · {SAVE_KEY} to look again",
            self.job_number()
        ));
    }

    /// True when a draft should be written now: unsaved changes not yet in
    /// the journal, and the last write at least [`DRAFT_EVERY`] ago.
    pub fn draft_due(&self, now: DateTime<Utc>) -> bool {
        self.rev != self.drafted_rev
            && self.has_changes()
            && self.last_draft.is_none_or(|t| now - t >= DRAFT_EVERY)
    }

    /// The draft to write when one is due, noting the write. Call after each
    /// change and on the clock's tick (a last change inside the 300 ms is
    /// written on the next tick).
    pub fn take_draft(&mut self, now: DateTime<Utc>) -> Option<Draft> {
        if !self.draft_due(now) {
            return None;
        }
        self.drafted_rev = self.rev;
        self.last_draft = Some(now);
        Some(self.draft(now))
    }

    /// What was typed, as the journal keeps it.
    pub fn draft(&self, now: DateTime<Utc>) -> Draft {
        Draft {
            task_id: (!self.new).then_some(self.base.id),
            title: if self.new {
                self.inputs[DESC].value().to_string()
            } else {
                self.base.title().to_string()
            },
            description: self.inputs[DESC].value().to_string(),
            date: self.inputs[DATE].value().to_string(),
            start: self.inputs[START].value().to_string(),
            end: self.inputs[END].value().to_string(),
            employee_ids: self.employees.clone(),
            base_updated_at: self.base.updated_at,
            at: now,
            job: self.job.as_ref().map(|(number, label)| DraftJob {
                number: *number,
                label: label.clone(),
            }),
            id: self.draft_id.clone(),
            account_unknown: false,
        }
    }

    /// The journal could not write this edit's draft (`Some(why)`), or
    /// wrote it again (`None`). True when that changes what is shown.
    pub fn draft_failed(&mut self, why: Option<String>) -> bool {
        let changed = self.draft_error != why;
        self.draft_error = why;
        changed
    }

    /// Why this edit is not kept on disk, while it is not.
    pub fn draft_error(&self) -> Option<&str> {
        self.draft_error.as_deref()
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

/// How much of a description a form's line of server changes shows.
const FORM_DESC_CHARS: usize = 30;

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

/// What differs between two versions of a task, field by field, both in
/// words (what a form and a confirmation show of a change on Kickserv);
/// descriptions are cut at `desc_chars`.
pub fn changes_between(base: &Task, newer: &Task, tz: Tz, desc_chars: usize) -> Vec<ServerChange> {
    let when = |t: Option<DateTime<FixedOffset>>| -> (String, String) {
        match t.map(|t| t.with_timezone(&tz)) {
            Some(l) => (l.date_naive().to_string(), format_time(l.time())),
            None => ("none".into(), "none".into()),
        }
    };
    let (d0, s0) = when(base.starts_at);
    let (d1, s1) = when(newer.starts_at);
    let (ed0, mut e0) = when(base.ends_at);
    let (ed1, mut e1) = when(newer.ends_at);
    if ed0 != ed1 {
        // The end moved to another day: say which.
        e0 = format!("{ed0} {e0}");
        e1 = format!("{ed1} {e1}");
    }
    let names = |t: &Task| -> String {
        let v: Vec<String> = t.employees.iter().map(|e| e.display_name()).collect();
        if v.is_empty() {
            "none".into()
        } else {
            v.join(", ")
        }
    };
    let desc = |t: &Task| -> String {
        let s = t.description.as_deref().unwrap_or("").trim();
        let short: String = s.chars().take(desc_chars).collect();
        match (s.is_empty(), short.len() < s.len()) {
            (true, _) => "(empty)".into(),
            (false, true) => format!("\"{short}…\""),
            (false, false) => format!("\"{short}\""),
        }
    };
    let mut changes = Vec::new();
    if base.description.as_deref().unwrap_or("") != newer.description.as_deref().unwrap_or("") {
        changes.push((Field::Description, desc(base), desc(newer)));
    }
    if d0 != d1 {
        changes.push((Field::Date, d0, d1));
    }
    if base.starts_at != newer.starts_at && s0 != s1 {
        changes.push((Field::Start, s0, s1));
    }
    if base.ends_at != newer.ends_at {
        changes.push((Field::End, e0, e1));
    }
    let mut ids0: Vec<i64> = base.employees.iter().map(|e| e.id).collect();
    let mut ids1: Vec<i64> = newer.employees.iter().map(|e| e.id).collect();
    ids0.sort_unstable();
    ids1.sort_unstable();
    // A PUT's answer lacks employees: an empty list is "not said".
    if ids0 != ids1 && !newer.employees.is_empty() {
        changes.push((Field::Employees, names(base), names(newer)));
    }
    changes
        .into_iter()
        .map(|(field, was, now)| ServerChange { field, was, now })
        .collect()
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

/// Every form go-to takes (`2026-11-30`, `11-30`, `tomorrow`, `mon`, `+1`),
/// counted from `today` (else the date the form opened with). Empty is no
/// date here, not today: the field was cleared.
fn parse_date(s: &str, today: Option<NaiveDate>) -> Result<NaiveDate, String> {
    let s = s.trim();
    let today = today.unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default());
    Some(s)
        .filter(|s| !s.is_empty())
        .and_then(|s| crate::schedule::parse_day_input(s, today))
        .ok_or_else(|| format!("\"{s}\" is not a date: try 2026-11-30, 11-30, tomorrow, mon or +1"))
}

/// The date taken for `typed`, unless it was typed in full.
fn date_note(typed: &str, d: NaiveDate) -> Option<String> {
    let t = typed.trim();
    if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() {
        return None;
    }
    crate::schedule::month_day_note(t, d)
        .or_else(|| Some(format!("{t} is {}", d.format("%a %-d %b %Y"))))
}

#[cfg(test)]
mod tests;
