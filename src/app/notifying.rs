//! Whom a notification would reach and how, and why one cannot go: checked
//! on the board before any dialog opens, so Kickserv is never asked for what
//! it would refuse.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::keymap::{Action, Context, Keymap};
use crate::kickserv::model::{Customer, NotifyKind, Task};
use crate::schedule::local_date;

fn has(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Why `kind` cannot be sent for `t`, and what to do; `None` when it can.
pub fn refusal(t: &Task, kind: NotifyKind, keys: &Keymap) -> Option<String> {
    match kind {
        NotifyKind::Employee if t.employees.is_empty() => Some(format!(
            "Nobody is assigned: press {} to assign someone",
            keys.key_text(Context::Board, Action::Edit)
        )),
        NotifyKind::Employee => None,
        NotifyKind::Details | NotifyKind::OnTheWay => {
            let c = t.customer.as_deref()?;
            (ways(c).is_empty()).then(|| {
                format!(
                    "{} has no phone and no email: add one to the customer in Kickserv, then press {} to refresh",
                    c.display_name().unwrap_or("The customer"),
                    keys.key_text(Context::Board, Action::Refresh)
                )
            })
        }
    }
}

/// How a customer can be told: "by text to 518-555-0166", "by email to …".
fn ways(c: &Customer) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = has(&c.mobile).or(has(&c.phone_number)) {
        out.push(format!("by text to {p}"));
    }
    if let Some(e) = has(&c.email_address) {
        out.push(format!("by email to {e}"));
    }
    out
}

/// Who will be told, as the dialog's question names them.
pub fn who(t: &Task, kind: NotifyKind) -> String {
    match kind {
        NotifyKind::Employee => t
            .employees
            .iter()
            .map(|e| e.display_name())
            .collect::<Vec<_>>()
            .join(", "),
        _ => t.customer_name().unwrap_or("the customer").to_string(),
    }
}

/// How they will be told, a line for the dialog.
pub fn how(t: &Task, kind: NotifyKind) -> Option<String> {
    match kind {
        NotifyKind::Employee => None,
        _ => Some(match t.customer.as_deref() {
            Some(c) => ways(c).join(" and "),
            None => "(the customer's phone and email are not known to the board)".to_string(),
        }),
    }
}

/// "On the way" for a task that is not today: says on which day it is.
pub fn not_today(t: &Task, kind: NotifyKind, tz: Tz, now: DateTime<Utc>) -> Option<String> {
    if kind != NotifyKind::OnTheWay {
        return None;
    }
    let start = t.starts_at?;
    let today = now.with_timezone(&tz).date_naive();
    let first = local_date(tz, start);
    let last = t.ends_at.map_or(first, |e| local_date(tz, e)).max(first);
    if (first..=last).contains(&today) {
        return None;
    }
    Some(format!(
        "This task is on {}, not today: the customer would be told someone is on the way now.",
        first.format("%a %-d %b")
    ))
}
