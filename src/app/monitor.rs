//! Monitor mode (`--monitor`): a read-only board on a wall that follows
//! now. No cursor or selection is drawn, the day grid keeps the now-line in
//! sight, the period moves at midnight and at the week's start, and with
//! `--rotate` the shown employees turn page by page. Keys still work: the
//! board follows whoever presses them, and comes back to now a minute
//! after the last one.

use chrono::{DateTime, Duration as TimeDelta, Utc};

use super::dayplan;
use super::empfilter::{self, EmployeeFilter};
use super::model::Model;
use super::msg::{Cmd, TermCmd};
pub use super::state::monitor::Monitor;
use crate::schedule::{self, Lane, Period, ViewKind};

/// How long a monitor stays where a key took it before coming back to now.
pub const RETURN_SECS: i64 = 60;

/// Whether the board follows now: a monitor nobody has touched for a minute.
pub fn following(m: &Model) -> bool {
    m.following_now()
}

/// Whether the cursor and the selection are drawn: not on a monitor
/// following now (it would mark a task for no one).
pub fn cursor_drawn(m: &Model) -> bool {
    m.cursor_drawn()
}

/// A key or the mouse: the board stops following until left alone.
pub fn on_input(m: &mut Model) {
    if m.opts.monitor && !m.monitor.touched {
        m.monitor.touched = true;
        m.dirty = true;
    }
}

/// Whole minutes since the last good poll, when the data is stale (the
/// freshness line says "STALE 6 min"); counted in minutes so that a stale
/// board redraws once a minute, not every second.
pub fn stale_minutes(m: &Model) -> Option<i64> {
    if !m.is_stale() {
        return None;
    }
    let t = m.sync.last_ok?;
    Some(m.now.signed_duration_since(t).num_minutes().max(0))
}

/// The line a monitor shows at the bottom, readable from across a room:
/// "confirmed now" when fresh,
/// "STALE since 08:35: Kickserv unreachable" when a poll is overdue or
/// failing. The bool says whether it is stale.
pub fn freshness_line(m: &Model) -> (String, bool) {
    let tz = m.tz();
    let fault = m.sync.fault.as_ref().map(|(f, _)| f.text.as_str());
    let why = match fault {
        Some(t) => t.to_string(),
        None if m.paused => "polling paused".to_string(),
        None if m.fetching() => "waiting for Kickserv".to_string(),
        None => "no answer yet".to_string(),
    };
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    match (m.sync.last_ok, m.is_stale()) {
        (None, _) if fault.is_some() => (format!("NO DATA: {why}"), true),
        (None, _) => ("loading…".to_string(), false),
        (Some(t), true) => (format!("STALE since {}: {why}", hm(t)), true),
        (Some(t), false) if fault.is_some() || m.paused => {
            (format!("confirmed {}: {why}", hm(t)), true)
        }
        (Some(_), false) => ("confirmed now".to_string(), false),
    }
}

/// Once a second: come back to now after a minute alone, keep the
/// now-line in sight, turn the rotation. `minute_changed`: the clock's
/// minute moved (the now-line may have moved a row).
pub fn on_tick(m: &mut Model, now: DateTime<Utc>, minute_changed: bool) -> Vec<Cmd> {
    if !m.opts.monitor {
        return Vec::new();
    }
    let mut cmds = Vec::new();
    let alone = now.signed_duration_since(m.last_input) >= TimeDelta::seconds(RETURN_SECS);
    let mut back = false;
    if m.monitor.touched && alone {
        m.monitor.touched = false;
        // Whatever a passer-by opened goes: the wall shows the board.
        m.modals.clear();
        m.cursor.task = None;
        m.day_scroll = None;
        m.monitor.next_turn = None;
        m.dirty = true;
        back = true;
        if m.mouse {
            // The wall's terminal keeps its own mouse.
            m.mouse = false;
            cmds.push(Cmd::Term(TermCmd::SetMouse(false)));
        }
    }
    if !following(m) {
        return cmds;
    }
    if !m.period.contains(m.today()) {
        let today = m.today();
        let p = Period::for_kind(m.view(), today, m.opts.week_start);
        cmds.extend(super::period::show_period_at(m, p, today));
    }
    cmds.extend(rotate(m, now));
    // Each minute, and as soon as a new period's data is there.
    let fresh_period = m.tasks_period == Some(m.period) && m.monitor.aligned != Some(m.period);
    if minute_changed || back || fresh_period {
        m.monitor.aligned = m.tasks_period;
        follow_now_line(m);
    }
    cmds
}

/// The day grid scrolls so that the now-line stays in view, a third from
/// the top when it has to move (what is next matters more than what was).
pub fn follow_now_line(m: &mut Model) {
    if m.view() != ViewKind::Day || m.timeline.is_some() || !m.period.contains(m.today()) {
        return;
    }
    let p = dayplan::plan(m, dayplan::body(m.grid_size()));
    let Some(ax) = p.axis else {
        return;
    };
    let tz = m.tz();
    let minute = schedule::minutes_since_day_start(tz, m.today(), m.now);
    let minute = i32::try_from(minute).unwrap_or(i32::MAX);
    if minute < ax.ws || minute >= ax.we {
        return;
    }
    let row = ax.row_of(minute);
    if row >= ax.off && row < ax.off + ax.rows {
        return;
    }
    let off = (row - ax.rows / 3).clamp(0, ax.max_off());
    if off != ax.off {
        m.day_scroll = Some(off);
        m.dirty = true;
    }
}

/// What the rotation turns through: the saved employee filters, else the
/// pages of lanes when they do not all fit.
enum Pages {
    Sets(usize),
    Lanes { first: usize, count: usize },
}

fn pages(m: &Model) -> Option<Pages> {
    if !m.opts.filter_sets.is_empty() {
        return Some(Pages::Sets(m.opts.filter_sets.len()));
    }
    let first = usize::from(m.pinned());
    let scrolling = m.lanes.len().saturating_sub(first);
    let per = m.lanes_fit().saturating_sub(first).max(1);
    (scrolling > per).then(|| Pages::Lanes {
        first,
        count: scrolling.div_ceil(per),
    })
}

/// Turns the page every `--rotate` seconds while the board follows now.
fn rotate(m: &mut Model, now: DateTime<Utc>) -> Vec<Cmd> {
    let Some(every) = m.opts.rotate else {
        return Vec::new();
    };
    let Some(next) = m.monitor.next_turn else {
        // The first page shows a whole turn.
        m.monitor.next_turn = Some(super::clock::later(now, every));
        return show_page(m);
    };
    if now < next {
        return Vec::new();
    }
    m.monitor.next_turn = Some(super::clock::later(now, every));
    m.monitor.page += 1;
    show_page(m)
}

/// Shows the rotation's current page.
fn show_page(m: &mut Model) -> Vec<Cmd> {
    match pages(m) {
        None => Vec::new(),
        Some(Pages::Sets(n)) => {
            m.monitor.page %= n;
            let Some(ids) = super::sets::known_ids(m, m.monitor.page) else {
                return Vec::new();
            };
            let f = EmployeeFilter {
                ids,
                unassigned: true,
            };
            m.dirty = true;
            // A turn of the wall is not the user's choice: nothing is saved.
            empfilter::set(m, Some(f))
                .into_iter()
                .filter(|c| !matches!(c, Cmd::Store(_)))
                .collect()
        }
        Some(Pages::Lanes { first, count }) => {
            m.monitor.page %= count;
            let per = m.lanes_fit().saturating_sub(first).max(1);
            let start = first + m.monitor.page * per;
            if m.lane_offset != start {
                m.lane_offset = start;
                m.cursor.lane = start;
                m.cursor.task = None;
                m.dirty = true;
            }
            Vec::new()
        }
    }
}

/// The rotation's page for the header: "north 2/3", "employees 11–20 of 50".
pub fn page_label(m: &Model) -> Option<String> {
    m.opts.rotate.filter(|_| m.opts.monitor)?;
    match pages(m)? {
        Pages::Sets(n) => {
            let i = m.monitor.page % n;
            let (name, _) = m.opts.filter_sets.get(i)?;
            Some(format!("{name} {}/{n}", i + 1))
        }
        Pages::Lanes { .. } => {
            let employees: Vec<usize> = (0..m.lanes.len())
                .filter(|&i| matches!(m.lanes[i].0, Lane::Employee(_)))
                .collect();
            let shown: Vec<usize> = m
                .shown_lanes()
                .into_iter()
                .filter_map(|l| employees.iter().position(|&e| e == l))
                .collect();
            let (first, last) = (shown.iter().min()?, shown.iter().max()?);
            Some(format!(
                "employees {}–{} of {}",
                first + 1,
                last + 1,
                employees.len()
            ))
        }
    }
}
