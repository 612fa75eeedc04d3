//! The clock's tick: what is due (polls, retries, the employees' list),
//! and what the screen shows that depends on the clock alone.

use chrono::{DateTime, Utc};

use super::fetched::{fetch_employees, follow_today};
use super::model::Model;
use super::monitor;
use super::msg::Cmd;
use super::period::fetch_shown;

/// "12 s", "3 min", "2 h": how old the shown data is.
pub fn age_text(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let s = now.signed_duration_since(then).num_seconds().max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        _ => format!("{} h", s / 3600),
    }
}

/// What the screen shows that depends on the clock alone: when it changes,
/// the screen needs a (small) redraw. Nothing in it changes every second
/// (an idle board writes next to nothing): the clock shows minutes, the
/// data's time is absolute, staleness is counted in minutes.
fn clock_face(m: &Model) -> (i64, bool, Option<i64>, String) {
    let minute = m.now.timestamp() / 60;
    let stale_min = super::monitor::stale_minutes(m);
    // The screen of a refused token says how old the last data is.
    let age = match m.sync.last_ok {
        Some(t) if m.shows_auth_screen() => age_text(m.now, t),
        _ => String::new(),
    };
    (minute, m.is_stale(), stale_min, age)
}

pub fn on_tick(m: &mut Model, now: DateTime<Utc>) -> Vec<Cmd> {
    let before = clock_face(m);
    let today_before = m.today();
    m.now = now;
    let face = clock_face(m);
    if face != before || m.today() != today_before {
        m.dirty = true;
    }
    // Lateness is in minutes: the header's counts follow the clock's minute.
    if face.0 != before.0 && m.recount_alerts() {
        m.dirty = true;
    }
    let mut cmds = Vec::new();
    if m.today() != today_before {
        // A new day: long jobs may have been booked since the last probe.
        m.lookback.reprobe();
        cmds.extend(follow_today(m, today_before));
    }
    cmds.extend(monitor::on_tick(m, now, face.0 != before.0));
    let marks = m.marks.len();
    m.marks.retain(|_, mk| mk.until > now);
    let removed = m.removed.len();
    m.removed.retain(|(_, until)| *until > now);
    if marks != m.marks.len() || removed != m.removed.len() {
        m.dirty = true;
    }
    m.sends.prune(now);
    if m.toast.as_ref().is_some_and(|t| t.until <= now) {
        m.toast = None;
        m.dirty = true;
    }
    if !m.paused && m.sync.next_poll.is_some_and(|t| now >= t) && m.sync.in_flight.is_none() {
        cmds.extend(fetch_shown(m));
    }
    if m.sync.next_employees.is_some_and(|t| now >= t) && !m.sync.employees_in_flight {
        cmds.extend(fetch_employees(m));
    }
    cmds
}
