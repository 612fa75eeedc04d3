//! `kickdesk agenda`: a day (or several) of tasks as plain text grouped by
//! employee, or as one JSON array, with the same client and range logic as
//! the board.

use chrono::{DateTime, Duration as TimeDelta, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use crate::kickserv::client::{Client, TaskQuery};
use crate::kickserv::error::Error;
use crate::kickserv::model::{Employee, Listing, ListingNotes, Task};
use crate::kickserv::redact;
use crate::schedule::{
    Lane, Period, ViewKind, WorkHours, day_minutes, day_start, layout_week, task_interval,
    touches_day, zone_label,
};
use crate::ui::text::{clean, pad, width};

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

/// The forms of the go-to prompt: `YYYY-MM-DD`, `MM-DD`, `+N`, `-N`,
/// `today`, `tomorrow`, `yesterday` or a weekday (the next one, today included).
pub fn parse_day(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::schedule::parse_day_input(s, today).ok_or_else(|| {
        format!(
            "--date: expected YYYY-MM-DD, MM-DD, +N, -N, today, tomorrow, yesterday or a weekday, got {:?}",
            s.trim()
        )
    })
}

/// The tasks of the range, each once, in start order, with what the
/// listings could not deliver.
pub async fn fetch(client: &Client, r: &Request) -> Result<Listing, Error> {
    let mut l = fetch_window(client, r).await?;
    keep(&mut l.tasks, r);
    Ok(l)
}

/// The tasks of the fetch window (the range, widened and looked back
/// from), each once, in start order, with what the listings could not
/// deliver: the zone learns from them all, then [`keep`] cuts the range.
/// With employee numbers, one filtered query per employee, merged.
pub async fn fetch_window(client: &Client, r: &Request) -> Result<Listing, Error> {
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
    tasks.sort_by_key(|t| (t.starts_at, t.id));
    Ok(Listing { tasks, notes })
}

/// The look-back and widening bring tasks outside the range: keeps what
/// touches it (once the zone has learnt from them all).
pub fn keep(tasks: &mut Vec<Task>, r: &Request) {
    let period = r.period();
    tasks.retain(|t| period.dates().any(|d| touches_day(t, r.tz, d)));
}

/// `--format json`: kickdesk's own schema (see the README), not Kickserv's
/// objects. One envelope; tasks grouped by employee, Unassigned last; a task
/// of several employees is under each.
pub fn json(
    tasks: &[Task],
    r: &Request,
    generated_at: DateTime<Utc>,
) -> serde_json::Result<String> {
    let period = r.period();
    let dates: Vec<String> = period.dates().map(|d| d.to_string()).collect();
    let names = employees_of(tasks);
    let mut groups = Vec::new();
    for ((number, name), id) in &names {
        let mine: Vec<Value> = tasks
            .iter()
            .filter(|t| t.employees.iter().any(|e| e.id == *id))
            .map(|t| task_json(t, r.tz))
            .collect();
        groups.push(json!({
            "employee": {
                "id": id,
                "number": (*number != i64::MAX).then_some(*number),
                "name": name,
            },
            "tasks": mine,
        }));
    }
    let unassigned: Vec<Value> = tasks
        .iter()
        .filter(|t| t.employees.is_empty())
        .map(|t| task_json(t, r.tz))
        .collect();
    if !unassigned.is_empty() {
        groups.push(json!({ "employee": null, "tasks": unassigned }));
    }
    let doc = json!({
        "schema": JSON_SCHEMA,
        "generated_at": generated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "zone": r.tz.name(),
        "dates": dates,
        "employees": groups,
    });
    let mut s = serde_json::to_string_pretty(&doc)?;
    s.push('\n');
    Ok(s)
}

/// The name and version of the `--format json` document.
pub const JSON_SCHEMA: &str = "kickdesk.agenda/1";

/// One task in the kickdesk schema; times in the agenda's zone.
fn task_json(t: &Task, tz: Tz) -> Value {
    let local = |d: Option<chrono::DateTime<chrono::FixedOffset>>| {
        d.map(|d| {
            d.with_timezone(&tz)
                .fixed_offset()
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        })
    };
    let status = t.effective_status().map(|s| {
        json!({
            "value": s.as_str(),
            "words": s.label(),
        })
    });
    let job = t.job.as_ref().map(|j| {
        json!({
            "id": j.id,
            "number": j.job_number,
            "name": j.name,
        })
    });
    let customer = t.customer.as_ref().map(|c| {
        let address = c.address_line();
        json!({
            "id": c.id,
            "name": c.display_name(),
            "address": (!address.is_empty()).then_some(address),
            "phone": c.phone_number.as_deref().or(c.mobile.as_deref()),
        })
    });
    let employees: Vec<Value> = t
        .employees
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "number": e.employee_number,
                "name": e.display_name(),
            })
        })
        .collect();
    json!({
        "id": t.id,
        "title": t.title(),
        "starts_at": local(t.starts_at),
        "ends_at": local(t.ends_at),
        "all_day": t.all_day == Some(true),
        "status": status,
        "job": job,
        "customer": customer,
        "employees": employees,
    })
}

/// `--format raw`: Kickserv's task objects as read, in one array; secret-looking
/// keys are dropped at any depth on the way out too, whatever the records kept.
pub fn raw(tasks: &[Task]) -> serde_json::Result<String> {
    let mut v = serde_json::to_value(tasks)?;
    redact::strip_secrets(&mut v);
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}

/// `--employee` numbers the account does not have: an error listing the
/// valid ones (number and name), so the next try can be right.
pub fn check_employees(requested: &[i64], staff: &[Employee]) -> Result<(), String> {
    let known: HashSet<i64> = staff.iter().filter_map(|e| e.employee_number).collect();
    let unknown: Vec<String> = requested
        .iter()
        .filter(|n| !known.contains(n))
        .map(|n| n.to_string())
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut valid: Vec<(i64, String)> = staff
        .iter()
        .filter_map(|e| Some((e.employee_number?, clean(&e.display_name()).into_owned())))
        .collect();
    valid.sort();
    valid.dedup();
    let list = if valid.is_empty() {
        "the account lists no employee numbers".to_string()
    } else {
        let names: Vec<String> = valid
            .iter()
            .map(|(n, name)| format!("{n} {name}"))
            .collect();
        format!("valid numbers: {}", names.join(", "))
    };
    let (word, numbers) = match unknown.len() {
        1 => ("no employee number", unknown.join("")),
        _ => ("no employee numbers", unknown.join(", ")),
    };
    Err(format!(
        "--employee: {word} {numbers} in this account; {list}"
    ))
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

/// What no listing can rule out, one sentence for stderr: Kickserv lists
/// tasks by their start, so a task that began before the look-back of
/// `cap_days` and runs into the agenda's days is never read.
pub fn longer_tasks(cap_days: u32) -> String {
    format!(
        "tasks longer than {cap_days} days (max_task_days) that began before the look-back are not shown: \
         Kickserv lists tasks by their start, so they cannot be ruled out; raise max_task_days in the \
         config to look further back, or set warn_long_tasks = false if the account has no task that long"
    )
}

/// Employees that appear on the tasks, by number then name, with their id.
fn employees_of(tasks: &[Task]) -> BTreeMap<(i64, String), i64> {
    let mut names: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for t in tasks {
        for e in &t.employees {
            names.insert(
                (e.employee_number.unwrap_or(i64::MAX), e.display_name()),
                e.id,
            );
        }
    }
    names
}

/// Longest title column before it is cut, in display columns.
const TITLE_COLS: usize = 32;

/// Plain text: per day, per employee (then Unassigned), tasks in time order,
/// the time and title columns aligned in display columns (CJK counts two).
pub fn text(tasks: &[Task], r: &Request) -> String {
    let period = r.period();
    let names = employees_of(tasks);
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
    // Every line first, so the columns share one width across the listing.
    let mut lines: Vec<Vec<(String, Vec<Line>)>> = Vec::new();
    for (di, date) in layout.dates.iter().enumerate() {
        let mut day = Vec::new();
        for row in &layout.rows {
            let cell = &row.cells[di];
            if cell.tasks.is_empty() {
                continue;
            }
            let entries = cell
                .tasks
                .iter()
                .map(|&i| line(&tasks[i], *date, r.tz))
                .collect();
            day.push((clean(&label(row.lane)).into_owned(), entries));
        }
        lines.push(day);
    }
    let all = || lines.iter().flatten().flat_map(|(_, l)| l.iter());
    let when_cols = all().map(|l| width(&l.when)).max().unwrap_or(0);
    let title_cols = all()
        .map(|l| width(&l.title))
        .max()
        .unwrap_or(0)
        .min(TITLE_COLS);
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
        if lines[di].is_empty() {
            let _ = writeln!(out, "\n  no tasks");
        }
        for (name, entries) in &lines[di] {
            let _ = writeln!(out, "\n{name}");
            for l in entries {
                let row = format!(
                    "  {}  {}  {}",
                    pad(&l.when, when_cols),
                    pad(&l.title, title_cols),
                    l.rest
                );
                let _ = writeln!(out, "{}", row.trim_end());
            }
        }
    }
    out
}

/// One task's line on one date, in three columns, text already cleaned.
struct Line {
    when: String,
    title: String,
    rest: String,
}

/// Where the task stands on `date`: its first local day, how many it spans.
/// A task ending at a midnight does not reach into the day that begins there.
fn days_of(t: &Task, date: NaiveDate, tz: Tz) -> Option<(i64, i64)> {
    let (s, e) = task_interval(t)?;
    let first = s.with_timezone(&tz).date_naive();
    let last_instant = if e > s { e - TimeDelta::seconds(1) } else { e };
    let last = last_instant.with_timezone(&tz).date_naive().max(first);
    let total = (last - first).num_days() + 1;
    let index = (date - first).num_days() + 1;
    Some((index.clamp(1, total), total))
}

fn when(t: &Task, date: NaiveDate, tz: Tz) -> String {
    let time = |d: chrono::DateTime<chrono::Utc>| crate::ui::task_time(d, tz);
    let day_time = |d: chrono::DateTime<chrono::Utc>| {
        format!("{} {}", d.with_timezone(&tz).format("%a"), time(d))
    };
    let (index, total) = days_of(t, date, tz).unwrap_or((1, 1));
    if t.all_day == Some(true) {
        return if total > 1 {
            format!("all day (day {index} of {total})")
        } else {
            "all day".to_string()
        };
    }
    let Some((s, e)) = task_interval(t) else {
        return "--:--".into();
    };
    // An end before the start is bad data: say so rather than draw the
    // default length the board gives it.
    if let (Some(start), Some(end)) = (t.starts_at, t.ends_at)
        && end < start
    {
        let end = end.to_utc();
        return format!("{}, ends before it starts ({})", time(s), day_time(end));
    }
    let has_end = t.ends_at.is_some();
    let last = e.with_timezone(&tz).date_naive();
    match (total > 1, index) {
        (false, _) if has_end => format!("{}–{}", time(s), end_time(s, e, tz)),
        (false, _) => time(s),
        // The first day starts at its time; later days only say how long.
        (true, 1) => format!("{} (day 1 of {total}) until {}", time(s), day_time(e)),
        (true, i) if i == total && last == date => {
            format!("(day {i} of {total}) until {}", time(e))
        }
        (true, i) if i == total => format!("(day {i} of {total}) until 24:00"),
        (true, i) => format!("(day {i} of {total}) until {}", day_time(e)),
    }
}

/// The end of a one-day task: `24:00` when it ends at the midnight closing
/// its day (else a whole day would read `00:00–00:00`, like no time at
/// all), with the day's length when that is not 24 hours (DST).
fn end_time(s: DateTime<Utc>, e: DateTime<Utc>, tz: Tz) -> String {
    let first = s.with_timezone(&tz).date_naive();
    if e.with_timezone(&tz).date_naive() == first || e <= s {
        return crate::ui::task_time(e, tz);
    }
    let minutes = day_minutes(tz, first);
    if s == day_start(tz, first) && minutes != 24 * 60 {
        return format!("24:00 ({}h day)", minutes / 60);
    }
    "24:00".to_string()
}

fn line(t: &Task, date: NaiveDate, tz: Tz) -> Line {
    let status = t
        .effective_status()
        .map(|s| format!("[{}]", s.label()))
        .unwrap_or_default();
    let mut rest = status;
    if let Some(c) = &t.customer {
        rest.push_str(&format!(" · {}", c.display_name().unwrap_or("")));
        let addr = c.address_line();
        if !addr.is_empty() {
            rest.push_str(&format!(" · {addr}"));
        }
    }
    Line {
        when: when(t, date, tz),
        title: clean(t.title()).into_owned(),
        rest: clean(rest.trim_start()).into_owned(),
    }
}
