//! "Running N minutes late from now", for the employee under the cursor:
//! every remaining task of that employee's day (today) shifted by N
//! minutes of real time, staged and shown with the customers affected
//! and any new double booking; Enter sends one PUT per task in time
//! order, each after the previous answer, and stops at the first refusal
//! or lost answer. Then one key sends each affected customer of the
//! applied tasks the new details, once each.
//!
//! Remaining: a booked, open task with a start and an end (not all-day)
//! that starts today and has not ended by now. A task under way (started,
//! not ended) keeps its start and ends N minutes later; a task that has
//! not started moves whole.

use chrono::{DateTime, FixedOffset};
use tui_input::Input;

use super::shift;
use crate::app::keymap::{Action, Context};
use crate::app::model::{Layout, Model, Overlay, Pending};
use crate::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind};
use crate::app::notice::toast;
use crate::app::notifying;
use crate::app::saves;
use crate::app::state::late::{Cascade, DEFAULT_MINUTES, Fate, Shift};
use crate::app::state::staging::is_ghost;
use crate::kickserv::model::{NotifyKind, Task};
use crate::schedule::{Lane, local_date};

/// The longest delay the prompt takes, in minutes (half a day).
pub const MAX_MINUTES: i64 = 720;

/// The board's key: the prompt for N, for the employee of the lane under
/// the cursor. Refused (with the reason) off an employee's lane, or when
/// the board does not show today.
pub fn ask(m: &mut Model) {
    if m.read_only() {
        toast(m, "Read-only: nothing is moved".to_string(), true);
        return;
    }
    let Some(Lane::Employee(id)) = m.lanes.get(m.cursor.lane).map(|l| l.0) else {
        toast(
            m,
            "Running late is an employee's: put the cursor on an employee".to_string(),
            true,
        );
        return;
    };
    if !m.period.contains(m.today()) {
        let today = m.opts.keymap.key_text(Context::Board, Action::Today);
        toast(
            m,
            format!("Running late shifts today's tasks: {today} shows today"),
            true,
        );
        return;
    }
    m.toast = None;
    m.open(Overlay::LateBy {
        employee_id: id,
        input: Input::new(DEFAULT_MINUTES.to_string()),
        error: None,
    });
}

/// The minutes typed in the prompt: digits, 1 to [`MAX_MINUTES`].
pub fn parse_minutes(s: &str) -> Result<i64, String> {
    let s = s.trim();
    match s.parse::<i64>() {
        Ok(n) if s.chars().all(|c| c.is_ascii_digit()) && (1..=MAX_MINUTES).contains(&n) => Ok(n),
        _ => Err(format!(
            "minutes late: a number from 1 to {MAX_MINUTES}, not {s:?}"
        )),
    }
}

/// Stages the cascade of `employee_id`'s remaining tasks by `minutes`:
/// nothing is sent. `Err` says why there is nothing to stage.
pub fn stage(m: &mut Model, employee_id: i64, minutes: i64) -> Result<(), String> {
    let c = plan(m, employee_id, minutes)?;
    m.late = Some(c);
    m.toast = None;
    m.dirty = true;
    Ok(())
}

/// The cascade the board would stage: pure arithmetic over the shown tasks.
pub fn plan(m: &Model, employee_id: i64, minutes: i64) -> Result<Cascade, String> {
    let tz = m.tz();
    let today = m.today();
    let now = m.now;
    let employee = m
        .employees
        .iter()
        .find(|e| e.id == employee_id)
        .map(|e| e.display_name())
        .or_else(|| {
            m.lanes
                .iter()
                .find(|l| l.0 == Lane::Employee(employee_id))
                .map(|l| l.1.clone())
        })
        .unwrap_or_else(|| format!("employee {employee_id}"));
    let work = &m.opts.work;
    let theirs =
        |t: &&Task| !is_ghost(t.id) && t.id > 0 && t.employees.iter().any(|e| e.id == employee_id);
    let candidates = todays(m, employee_id);
    let mut shifts: Vec<Shift> = candidates
        .iter()
        .filter_map(|&i| m.tasks.get(i))
        .filter(theirs)
        .filter(|t| {
            t.all_day != Some(true)
                && work.books(t)
                && !t.effective_status().is_some_and(|s| s.is_closed())
        })
        .filter_map(|t| {
            let (s, e) = (t.starts_at?, t.ends_at?);
            (local_date(tz, s) == today && e > now).then(|| {
                let new = if s <= now {
                    (s, shift::by_minutes(e, minutes, tz))
                } else {
                    (
                        shift::by_minutes(s, minutes, tz),
                        shift::by_minutes(e, minutes, tz),
                    )
                };
                Shift {
                    task_id: t.id,
                    base: t.clone(),
                    title: t.title().to_string(),
                    customer: t.customer_name().unwrap_or("no customer").to_string(),
                    customer_id: t.customer.as_ref().map(|c| c.id),
                    old: (s, e),
                    new,
                    doubles: Vec::new(),
                    fate: Fate::NotSent,
                }
            })
        })
        .collect();
    if shifts.is_empty() {
        return Err(format!("{employee} has no remaining task today"));
    }
    shifts.sort_by_key(|s| (s.old.0, s.task_id));
    flag_doubles(m, &candidates, employee_id, &mut shifts);
    Ok(Cascade {
        employee_id,
        employee,
        minutes,
        shifts,
        committed: false,
        offer: false,
        told: None,
    })
}

/// Indexes of the tasks that may be the employee's today: those the
/// layout puts in the employee's lane on today (a few, not the period's
/// thousands), unless a text filter hides some of them; then every task.
/// (A shift past midnight is checked against today's tasks only.)
fn todays(m: &Model, employee_id: i64) -> Vec<usize> {
    let lane = Lane::Employee(employee_id);
    let today = m.today();
    let laid: Option<Vec<usize>> = match &m.layout {
        _ if m.text_filter.active() => None,
        Layout::Day(d) if d.date == today => d.columns.iter().find(|c| c.lane == lane).map(|c| {
            c.blocks
                .iter()
                .map(|b| b.task)
                .chain(c.banner.iter().copied())
                .collect()
        }),
        Layout::Week(w) => w.dates.iter().position(|d| *d == today).and_then(|day| {
            w.rows
                .iter()
                .find(|r| r.lane == lane)
                .and_then(|r| r.cells.get(day))
                .map(|c| c.tasks.clone())
        }),
        Layout::Day(_) => None,
    };
    let mut out = laid.unwrap_or_else(|| (0..m.tasks.len()).collect());
    out.sort_unstable();
    out.dedup();
    out
}

type Span = (DateTime<FixedOffset>, DateTime<FixedOffset>);

fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Each shift's new double bookings: tasks of the employee its new times
/// overlap that its old times did not (the others of the cascade at
/// their new times).
fn flag_doubles(m: &Model, candidates: &[usize], employee_id: i64, shifts: &mut [Shift]) {
    let work = &m.opts.work;
    let others: Vec<(i64, String, Span, Span)> = candidates
        .iter()
        .filter_map(|&i| m.tasks.get(i))
        .filter(|t| {
            !is_ghost(t.id)
                && work.books(t)
                && t.employees.iter().any(|e| e.id == employee_id)
                && !shifts.iter().any(|s| s.task_id == t.id)
        })
        .filter_map(|t| {
            let span = (t.starts_at?, t.ends_at?);
            Some((t.id, t.title().to_string(), span, span))
        })
        .chain(
            shifts
                .iter()
                .map(|s| (s.task_id, s.title.clone(), s.old, s.new)),
        )
        .collect();
    for s in shifts.iter_mut() {
        s.doubles = others
            .iter()
            .filter(|(id, _, old, new)| {
                *id != s.task_id && overlaps(s.new, *new) && !overlaps(s.old, *old)
            })
            .map(|(_, title, _, _)| title.clone())
            .collect();
    }
}

/// Enter: the first PUT; the others follow, each after the answer before.
pub fn commit(m: &mut Model) -> Vec<Cmd> {
    match m.late.as_mut() {
        Some(c) if !c.committed => c.committed = true,
        _ => return Vec::new(),
    }
    send_next(m)
}

/// The next PUT of the cascade, if one is left and none stopped it.
fn send_next(m: &mut Model) -> Vec<Cmd> {
    let Some(c) = m.late.as_ref() else {
        return Vec::new();
    };
    let stopped = c
        .shifts
        .iter()
        .any(|s| matches!(s.fate, Fate::Refused(_) | Fate::Unknown));
    let next = c.shifts.iter().position(|s| s.fate == Fate::NotSent);
    let (Some(i), false) = (next, stopped) else {
        finish(m);
        return Vec::new();
    };
    let (base, patch) = (c.shifts[i].base.clone(), c.shifts[i].patch());
    let before = m.toast.clone();
    let cmds = saves::save_from(m, base, patch);
    let Some(c) = m.late.as_mut() else {
        return cmds;
    };
    if cmds.is_empty() {
        // Refused before sending (a save of the task under way): its words.
        let why = m
            .toast
            .as_ref()
            .filter(|t| Some(*t) != before.as_ref())
            .map_or_else(|| "not sent".to_string(), |t| t.text.clone());
        c.shifts[i].fate = Fate::Refused(why);
        finish(m);
        return Vec::new();
    }
    c.shifts[i].fate = Fate::Sending;
    m.dirty = true;
    cmds
}

/// The answer to one PUT of the cascade (after the save path took it):
/// applied, the next goes; refused or lost, the cascade stops there.
pub fn on_saved(m: &mut Model, task_id: i64, result: &Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(c) = m.late.as_mut() else {
        return Vec::new();
    };
    let Some(i) = c.sending().filter(|&i| c.shifts[i].task_id == task_id) else {
        return Vec::new();
    };
    c.shifts[i].fate = match result {
        Ok(_) => Fate::Applied,
        Err(f) if f.kind == FaultKind::AnswerUnreadable => Fate::Applied,
        Err(f) if f.kind == FaultKind::NoAnswer => Fate::Unknown,
        Err(f) => Fate::Refused(f.text.clone()),
    };
    m.dirty = true;
    send_next(m)
}

/// "09:00 Customer 3": a shift as the summary names it, by the start
/// the dispatcher knew it by (the box shows the new one beside it).
fn named(s: &Shift, m: &Model) -> String {
    format!(
        "{} {}",
        s.old.0.with_timezone(&m.tz()).format("%H:%M"),
        s.customer
    )
}

/// Which were applied and which not, by time and customer: one line.
pub fn summary(m: &Model) -> Option<String> {
    let c = m.late.as_ref().filter(|c| c.done())?;
    let applied: Vec<String> = c.applied().map(|s| named(s, m)).collect();
    let not: Vec<String> = c
        .shifts
        .iter()
        .filter(|s| s.fate != Fate::Applied)
        .map(|s| {
            let why = match &s.fate {
                Fate::Refused(why) => format!(" (refused: {why})"),
                Fate::Unknown => " (no answer: may have been applied; reading it back)".to_string(),
                _ => " (not sent)".to_string(),
            };
            format!("{}{why}", named(s, m))
        })
        .collect();
    let n = c.shifts.len();
    let mut text = format!("Applied {} of {n}", applied.len());
    if !applied.is_empty() {
        text.push_str(&format!(": {}", applied.join(", ")));
    }
    if !not.is_empty() {
        text.push_str(&format!(". Not applied: {}", not.join(", ")));
    }
    Some(text)
}

/// The cascade is over: it says what went, and offers the details.
fn finish(m: &mut Model) {
    let Some(c) = m.late.as_mut() else {
        return;
    };
    let any = c.applied().next().is_some();
    c.offer = any;
    let offer = c.offer;
    let Some(text) = summary(m) else {
        return;
    };
    let failed = m
        .late
        .as_ref()
        .is_some_and(|c| c.shifts.iter().any(|s| s.fate != Fate::Applied));
    let text = if offer {
        let key = m.opts.keymap.key_text(Context::Late, Action::NotifyDetails);
        format!("{text} · {key} sends the customers the new details")
    } else {
        text
    };
    toast(m, text, failed);
}

/// One key after the cascade: each affected customer of the applied
/// tasks is sent the new details once (by the first of their tasks),
/// with the board's rules (nobody to tell, no phone and no email).
pub fn tell_customers(m: &mut Model) -> Vec<Cmd> {
    let Some(c) = m.late.as_mut().filter(|c| c.done()) else {
        return Vec::new();
    };
    if !std::mem::take(&mut c.offer) {
        toast(
            m,
            "Already offered: the customers' new details".to_string(),
            true,
        );
        return Vec::new();
    }
    let mut seen: Vec<String> = Vec::new();
    let mut firsts: Vec<i64> = Vec::new();
    for s in c.applied() {
        let who = s
            .customer_id
            .map_or_else(|| format!("task {}", s.task_id), |id| id.to_string());
        if !seen.contains(&who) {
            seen.push(who);
            firsts.push(s.task_id);
        }
    }
    let kind = NotifyKind::Details;
    let mut cmds = Vec::new();
    let (mut told, mut not) = (Vec::new(), Vec::new());
    for task_id in firsts {
        let Some(t) = m.task_by_id(task_id).cloned() else {
            not.push(format!("task {task_id} (no longer on the board)"));
            continue;
        };
        let name = notifying::who(&t, kind);
        if let Some(why) = notifying::refusal(&t, kind, &m.opts.keymap) {
            not.push(format!("{name} ({why})"));
            continue;
        }
        let pending = Pending::Notify { task_id, kind };
        if m.sends.is_in_flight(&pending) {
            not.push(format!("{name} (still sending the last one)"));
            continue;
        }
        m.sends
            .start(pending, format!("{} · {name}", t.title()), m.now);
        cmds.push(Cmd::Api(ApiCmd::Notify { task_id, kind }));
        told.push(name);
    }
    let mut text = if told.is_empty() {
        "No customer told".to_string()
    } else {
        format!("Sending the new details to {}", told.join(", "))
    };
    if !not.is_empty() {
        text.push_str(&format!("; not told: {}", not.join(", ")));
    }
    if let Some(c) = m.late.as_mut() {
        c.told = Some(text.clone());
    }
    toast(m, text, !not.is_empty());
    cmds
}

/// Esc: before Enter the stage goes and nothing is sent; after the
/// cascade, the board again. False while a PUT is out.
pub fn close(m: &mut Model) -> bool {
    match m.late.as_ref() {
        Some(c) if c.committed && !c.done() => {
            toast(
                m,
                "Still sending: wait for Kickserv's answer to the PUT under way".to_string(),
                true,
            );
            false
        }
        Some(c) if !c.committed => {
            m.late = None;
            toast(
                m,
                "Running late dropped: nothing was sent".to_string(),
                false,
            );
            true
        }
        _ => {
            m.late = None;
            m.dirty = true;
            true
        }
    }
}
