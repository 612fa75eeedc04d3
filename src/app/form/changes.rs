//! What differs between two versions of a task, in words.

use super::*;

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
