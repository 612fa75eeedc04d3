//! What a confirmation says, computed once when it opens: the dialog owns
//! its target and its words and never reads the board cursor again.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::form::changes::changes_between;
use super::keymap::{Action, Context, Keymap};
use super::sends::Sent;
use super::state::pending::Pending;
use super::state::seen::Seen;
use crate::kickserv::model::{NotifyKind, Status, Task, TaskPatch};

/// How much of a description a dialog shows of each version: enough to
/// tell them apart when the difference is at the end.
const DESC_CHARS: usize = 120;

#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub pending: Pending,
    /// The task's title when the dialog opened (also used by the toasts).
    pub title: String,
    pub question: String,
    /// Facts about the target, one line each.
    pub details: Vec<String>,
    /// What the dispatcher should know before saying yes.
    pub warnings: Vec<String>,
    /// Deleting needs `y`: a stray Enter must not destroy anything.
    pub enter_confirms: bool,
    /// The task as the dialog first saw it: a poll that deletes or changes
    /// it makes the dialog say so.
    pub seen: Seen,
    /// What `y` does, in a word, when Enter does not confirm.
    pub yes_word: &'static str,
    /// A delete is reading Kickserv's copy before it goes.
    pub checking: bool,
    /// Kickserv's copy, read and shown: `y` now deletes it as it is.
    pub checked: Option<Box<Task>>,
    /// An undo's patch and the task as Kickserv has it now.
    pub revert: Option<Box<(TaskPatch, Task)>>,
}

impl Confirm {
    pub fn task_id(&self) -> i64 {
        match self.pending {
            Pending::Notify { task_id, .. }
            | Pending::Delete { task_id }
            | Pending::Undo { task_id } => task_id,
        }
    }
}

pub fn notify(seen: Seen, kind: NotifyKind, sent: Option<Sent>, tz: Tz) -> Confirm {
    let t = seen.task();
    let who = match kind {
        NotifyKind::Employee => {
            let names = employees(t);
            if names.is_empty() {
                "nobody is assigned".to_string()
            } else {
                names
            }
        }
        _ => t.customer_name().unwrap_or("the customer").to_string(),
    };
    let mut warnings = Vec::new();
    if kind == NotifyKind::OnTheWay {
        match t.effective_status() {
            Some(Status::Canceled) => warnings.push(
                "This task is canceled: the customer would still be told someone is on the way."
                    .to_string(),
            ),
            Some(Status::Complete) => warnings.push(
                "This task is complete: the customer would still be told someone is on the way."
                    .to_string(),
            ),
            _ => {}
        }
    }
    if let Some(s) = sent {
        let at = s.at.with_timezone(&tz).format("%H:%M");
        warnings.push(if s.confirmed {
            format!("Sent at {at}; send again?")
        } else {
            format!("Sent at {at} with no answer: it may have gone out. Send again?")
        });
    }
    Confirm {
        pending: Pending::Notify {
            task_id: t.id,
            kind,
        },
        title: t.title().to_string(),
        // Not "→", which the board uses for "more to the right".
        question: format!("{}: {who}?", capitalise(kind.label())),
        details: Vec::new(),
        warnings,
        enter_confirms: true,
        seen,
        yes_word: "yes",
        checking: false,
        checked: None,
        revert: None,
    }
}

pub fn delete(seen: Seen, tz: Tz, keys: &Keymap) -> Confirm {
    let t = seen.task();
    Confirm {
        pending: Pending::Delete { task_id: t.id },
        title: t.title().to_string(),
        question: "Delete this task in Kickserv?".to_string(),
        details: facts(t, tz),
        warnings: vec![
            format!(
                "It cannot be undone in Kickserv; {} remakes it with a new id.",
                keys.key_text(Context::Board, Action::Undo)
            ),
            format!(
                "Press {} to delete (Enter does not).",
                keys.key_text(Context::Confirm, Action::Yes)
            ),
        ],
        enter_confirms: false,
        seen,
        yes_word: "delete",
        checking: false,
        checked: None,
        revert: None,
    }
}

/// The delete's dialog once Kickserv's copy was read and differs from the
/// board's: both versions of what changed, and `y` deletes it as it is now.
pub fn delete_changed(c: &mut Confirm, now: Task, tz: Tz, keys: &Keymap) {
    let mut warnings = vec!["Changed on Kickserv since the board's copy:".to_string()];
    warnings.extend(
        changes_between(c.seen.task(), &now, tz, DESC_CHARS)
            .iter()
            .map(|ch| format!("  {}", ch.text())),
    );
    if warnings.len() == 1 {
        warnings.push("  (details the board does not show)".to_string());
    }
    warnings.push(format!(
        "{} remakes it as Kickserv has it now, with a new id.",
        keys.key_text(Context::Board, Action::Undo)
    ));
    warnings.push(format!(
        "Press {} to delete it as it is now (Enter does not).",
        keys.key_text(Context::Confirm, Action::Yes)
    ));
    c.question = "Delete this task in Kickserv as it is now?".to_string();
    c.title = now.title().to_string();
    c.details = facts(&now, tz);
    c.warnings = warnings;
    c.checking = false;
    c.checked = Some(Box::new(now));
}

/// The undo's question when Kickserv's copy changed since the save: what
/// changed since (yours → now), and what the undo would put back.
pub fn undo_over(
    seen: Seen,
    after: &Task,
    now: Task,
    patch: TaskPatch,
    back: &Task,
    tz: Tz,
    keys: &Keymap,
) -> Confirm {
    let mut details = vec!["Changed on Kickserv since your save:".to_string()];
    details.extend(
        changes_between(after, &now, tz, DESC_CHARS)
            .iter()
            .map(|ch| format!("  {}", ch.text())),
    );
    if details.len() == 1 {
        details.push("  (details the board does not show)".to_string());
    }
    details.push("Undo would put back:".to_string());
    details.extend(
        changes_between(&now, back, tz, DESC_CHARS)
            .iter()
            .map(|ch| format!("  {}", ch.text())),
    );
    Confirm {
        pending: Pending::Undo { task_id: now.id },
        title: now.title().to_string(),
        question: "Undo your edit over this change?".to_string(),
        details,
        warnings: vec![format!(
            "Press {} to put your old values back, {} to keep Kickserv's.",
            keys.key_text(Context::Confirm, Action::Yes),
            keys.key_text(Context::Confirm, Action::No)
        )],
        enter_confirms: false,
        seen,
        yes_word: "undo",
        checking: false,
        checked: None,
        revert: Some(Box::new((patch, now))),
    }
}

/// Customer, time and employees, a line each.
fn facts(t: &Task, tz: Tz) -> Vec<String> {
    let names = employees(t);
    vec![
        format!("customer  {}", t.customer_name().unwrap_or("none")),
        format!("when      {}", when(t, tz)),
        format!(
            "assigned  {}",
            if names.is_empty() { "nobody" } else { &names }
        ),
    ]
}

fn employees(t: &Task) -> String {
    t.employees
        .iter()
        .map(|e| e.display_name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Fri 27 Nov 2026 09:00–10:00", with the end's date when it differs.
fn when(t: &Task, tz: Tz) -> String {
    let local = |d: DateTime<FixedOffset>| d.with_timezone(&tz);
    let Some(start) = t.starts_at.map(local) else {
        return "not scheduled".to_string();
    };
    let day = start.format("%a %-d %b %Y").to_string();
    if t.all_day == Some(true) {
        return format!("{day}, all day");
    }
    match t.ends_at.map(local) {
        Some(end) if end.date_naive() == start.date_naive() => {
            format!("{day} {}–{}", start.format("%H:%M"), end.format("%H:%M"))
        }
        Some(end) => format!(
            "{day} {} – {}",
            start.format("%H:%M"),
            end.format("%a %-d %b %Y %H:%M")
        ),
        None => format!("{day} {}", start.format("%H:%M")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
