//! `kickdesk agenda`: a day (or several) of tasks as plain text grouped by
//! employee, or as one JSON array, with the same client and range logic as
//! the board.

use chrono::{Duration as TimeDelta, NaiveDate};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use crate::kickserv::client::{Client, TaskQuery};
use crate::kickserv::error::Error;
use crate::kickserv::model::{Listing, ListingNotes, Task};
use crate::kickserv::redact;
use crate::schedule::{Lane, Period, ViewKind, WorkHours, layout_week, touches_day, zone_label};
use crate::ui::text::clean;

pub struct Request {
    pub first: NaiveDate,
    pub days: u32,
    /// Employee numbers; empty means everyone.
    pub employees: Vec<i64>,
    pub tz: Tz,
    /// How far before `first` to look for tasks still running (the
    /// configured `max_task_days`: a one-off listing has nothing to learn from).
    pub lookback_days: u32,
}

impl Request {
    pub fn period(&self) -> Period {
        Period {
            kind: ViewKind::Week,
            start: self.first,
            days: self.days.max(1),
        }
    }
}

/// `today`, `tomorrow`, `yesterday` or `YYYY-MM-DD`.
pub fn parse_day(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match s.trim() {
        "today" => Ok(today),
        "tomorrow" => Ok(today + TimeDelta::days(1)),
        "yesterday" => Ok(today - TimeDelta::days(1)),
        other => NaiveDate::parse_from_str(other, "%Y-%m-%d")
            .map_err(|_| format!("--date: expected YYYY-MM-DD or today, got {other:?}")),
    }
}

/// The tasks of the range, each once, in start order, with what the
/// listings could not deliver. With employee numbers, one filtered query per
/// employee, merged.
pub async fn fetch(client: &Client, r: &Request) -> Result<Listing, Error> {
    let period = r.period();
    // Widened: the server's dates are the account's, which may not be `tz`'s.
    let (from, to) = period.fetch_window(r.lookback_days, true);
    let base = TaskQuery {
        from: Some(from),
        to_inclusive: Some(to),
        ..TaskQuery::default()
    };
    let mut tasks = Vec::new();
    let mut notes = ListingNotes::default();
    if r.employees.is_empty() {
        let l = client.list_tasks(&base).await?;
        tasks = l.tasks;
        notes = l.notes;
    } else {
        let mut seen = HashSet::new();
        for &n in &r.employees {
            let q = TaskQuery {
                employee_number: Some(n),
                ..base.clone()
            };
            let l = client.list_tasks(&q).await?;
            notes = notes.merge(l.notes);
            for t in l.tasks {
                if seen.insert(t.id) {
                    tasks.push(t);
                }
            }
        }
    }
    // The look-back and widening bring tasks outside the range: keep what touches it.
    tasks.retain(|t| period.dates().any(|d| touches_day(t, r.tz, d)));
    tasks.sort_by_key(|t| (t.starts_at, t.id));
    Ok(Listing { tasks, notes })
}

/// One JSON array; secret-looking keys are dropped at any depth on the way
/// out too, whatever the records kept.
pub fn json(tasks: &[Task]) -> serde_json::Result<String> {
    let mut v = serde_json::to_value(tasks)?;
    redact::strip_secrets(&mut v);
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}

/// What a listing missed, one sentence for stderr; `None` when it is whole.
pub fn incomplete(notes: &ListingNotes, log: &str) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(cap) = notes.capped_at {
        parts.push(format!(
            "the listing stopped at the {cap}-page cap, later tasks are missing"
        ));
    }
    match notes.unreadable {
        0 => {}
        1 => parts.push(format!(
            "1 task could not be read and is missing (see {log})"
        )),
        n => parts.push(format!(
            "{n} tasks could not be read and are missing (see {log})"
        )),
    }
    (!parts.is_empty()).then(|| format!("incomplete agenda: {}", parts.join("; ")))
}

/// Plain text: per day, per employee (then Unassigned), tasks in time order.
pub fn text(tasks: &[Task], r: &Request) -> String {
    let period = r.period();
    // Every employee that appears on a task, by number then name.
    let mut names: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for t in tasks {
        for e in &t.employees {
            names.insert(
                (e.employee_number.unwrap_or(i64::MAX), e.display_name()),
                e.id,
            );
        }
    }
    let lanes: Vec<i64> = names.values().copied().collect();
    let layout = layout_week(tasks, &lanes, true, &period, r.tz, &WorkHours::default());
    let label = |lane: Lane| match lane {
        Lane::Employee(id) => names
            .iter()
            .find(|(_, v)| **v == id)
            .map(|((n, name), _)| {
                if *n == i64::MAX {
                    name.clone()
                } else {
                    format!("{name} (#{n})")
                }
            })
            .unwrap_or_else(|| format!("employee {id}")),
        Lane::Unassigned => "Unassigned".to_string(),
    };
    let mut out = String::new();
    for (di, date) in layout.dates.iter().enumerate() {
        if di > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} ({})",
            date.format("%a %-d %b %Y"),
            zone_label(r.tz)
        );
        let mut any = false;
        for row in &layout.rows {
            let cell = &row.cells[di];
            if cell.tasks.is_empty() {
                continue;
            }
            any = true;
            let _ = writeln!(out, "\n{}", clean(&label(row.lane)));
            for &i in &cell.tasks {
                let _ = writeln!(out, "  {}", line(&tasks[i], *date, r.tz));
            }
        }
        if !any {
            let _ = writeln!(out, "\n  no tasks");
        }
    }
    out
}

fn line(t: &Task, date: NaiveDate, tz: Tz) -> String {
    let hm = |d: chrono::DateTime<chrono::FixedOffset>| {
        let local = d.with_timezone(&tz);
        let time = crate::ui::task_time(d.to_utc(), tz);
        if local.date_naive() == date {
            time
        } else {
            format!("{} {time}", local.format("%a"))
        }
    };
    let when = if t.all_day == Some(true) {
        "all day    ".to_string()
    } else {
        match (t.starts_at, t.ends_at) {
            (Some(s), Some(e)) => format!("{}–{}", hm(s), hm(e)),
            (Some(s), None) => hm(s),
            _ => "--:--".into(),
        }
    };
    let status = t
        .effective_status()
        .map(|s| format!(" [{}]", s.label()))
        .unwrap_or_default();
    let mut s = format!("{when}  {}{status}", t.title());
    if let Some(c) = &t.customer {
        s.push_str(&format!(" · {}", c.display_name().unwrap_or("")));
        let addr = c.address_line();
        if !addr.is_empty() {
            s.push_str(&format!(" · {addr}"));
        }
    }
    clean(&s).into_owned()
}
