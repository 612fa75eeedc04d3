//! The period shown and its fetches: switching periods (cached data at
//! once, one fetch), asking for the shown period, trimming the listings of
//! periods left behind.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

use super::model::Model;
use super::msg::{ApiCmd, Cmd};
use super::offline;
use crate::kickserv::model::{ListingNotes, Task};
use crate::schedule::{Period, ViewKind};

/// Asks for the shown period. A fetch of the same period already running
/// makes the ask wait (it is sent, for whatever is shown then, when that
/// one ends); one of a period the board has left is cancelled.
pub fn fetch_shown(m: &mut Model) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    if let Some(seq) = m.sync.in_flight {
        if m.sync.in_flight_period == Some(m.period) {
            m.sync.pending = true;
            return Vec::new();
        }
        // Its answer would only be cached: the shown period goes first.
        m.sync.lookback_of.remove(&seq);
        cmds.push(Cmd::Api(ApiCmd::CancelFetch { seq }));
    }
    m.sync.pending = false;
    m.sync.seq += 1;
    m.sync.in_flight = Some(m.sync.seq);
    m.sync.in_flight_period = Some(m.period);
    m.sync.next_poll = None;
    m.dirty = true;
    // A prefetch of the period now shown is superseded by this fetch.
    if let Some(seq) = m
        .sync
        .prefetch
        .filter(|_| m.sync.prefetch_period == Some(m.period))
    {
        m.sync.prefetch = None;
        m.sync.prefetch_period = None;
        m.sync.lookback_of.remove(&seq);
        cmds.push(Cmd::Api(ApiCmd::CancelFetch { seq }));
    }
    cmds.push(fetch_cmd(m, m.sync.seq, m.period));
    cmds
}

/// The fetch of `period`, looking back as far as the longest task needs,
/// widened while the account's dates may not be the board's.
pub fn fetch_cmd(m: &mut Model, seq: u64, period: Period) -> Cmd {
    let days = m.lookback.days();
    let (from, to) = period.fetch_window(days, m.zone.may_differ());
    // Probing the cap reads weeks before the period to learn the longest
    // task: of those, only the tasks that reach near the period are kept.
    let ending_from = (!m.lookback.probed)
        .then(|| window_cut(m.tz(), period, crate::schedule::LOOKBACK_DAYS as u32))
        .flatten();
    // Only the fetches still awaited matter (a failed one leaves its entry).
    let (shown, pre) = (m.sync.in_flight, m.sync.prefetch);
    m.sync
        .lookback_of
        .retain(|s, _| Some(*s) == shown || Some(*s) == pre);
    m.sync.lookback_of.insert(seq, days);
    Cmd::Api(ApiCmd::FetchTasks {
        seq,
        period,
        from,
        to,
        employee_number: m.fetch_scope(),
        ending_from,
    })
}

/// [`show_period`] for a monitor coming back to `today`.
pub fn show_period_at(m: &mut Model, p: Period, today: NaiveDate) -> Vec<Cmd> {
    show_period(m, p, Some(today))
}

/// Shows another period: cached data at once if there is some, and one fetch.
pub fn show_period(m: &mut Model, p: Period, focus: Option<NaiveDate>) -> Vec<Cmd> {
    m.dirty = true;
    if p == m.period {
        return Vec::new();
    }
    m.period = p;
    m.day_scroll = None;
    m.marks.clear();
    m.removed.clear();
    match m.cache.get(&p) {
        Some(c) => {
            m.server_tasks = c.tasks.clone();
            m.tasks = m.local.compose(&m.server_tasks);
            m.tasks_period = Some(p);
            // The disk's copy is not a fetch: the cached mark says its age.
            let fetched = Some(c.at).filter(|_| !offline::from_disk(m, p));
            m.sync.last_ok = fetched;
            m.sync.as_of = fetched;
            m.sync.notes = c.notes;
        }
        None => {
            m.server_tasks = Arc::default();
            m.tasks = m.local.compose(&m.server_tasks);
            m.tasks_period = None;
            m.sync.last_ok = None;
            m.sync.as_of = None;
            m.sync.notes = ListingNotes::default();
        }
    }
    m.cursor.task = None;
    if p.kind == ViewKind::Week {
        let focus = focus.unwrap_or_else(|| {
            if p.contains(m.today()) {
                m.today()
            } else {
                p.start
            }
        });
        m.cursor.day = p.dates().position(|d| d == focus).unwrap_or(0);
    } else {
        m.cursor.day = 0;
    }
    m.relayout();
    // With the weekend hidden the focused day may not be shown.
    if p.kind == ViewKind::Week {
        m.cursor.day = m.days.iter().position(|&i| i >= m.cursor.day).unwrap_or(0);
        m.fix_cursor();
    }
    trim_left(m);
    fetch_shown(m)
}

/// Trims the whole listings of periods no longer shown to what their days
/// show. A listing still shared (an open dialog holds the one it came from)
/// waits for a later call: trimming it would copy it.
pub fn trim_left(m: &mut Model) {
    let tz = m.tz();
    let shown = m.period;
    for (p, c) in &mut m.cache {
        if *p != shown && c.whole && Arc::strong_count(&c.tasks) == 1 {
            // Unique: no copy is made (weak handles are let go).
            keep_shown(tz, *p, Arc::make_mut(&mut c.tasks));
            c.whole = false;
        }
    }
}

/// Keeps of a listing what `period` can show (and tasks without times),
/// for a period fetched while another is shown (a neighbour's prefetch).
/// The look-back reads the days before the period, to find the tasks that
/// reach into it and to learn the longest task; the rest of those days is
/// of no use to it, and would be held again by every cached period that
/// overlaps (a week of the large data set looks back a week: half its
/// listing). The shown period keeps its whole listing until it is left
/// ([`trim_left`]): a task moved out of it into the look-back is still
/// known (an open detail says it changed, not that it is gone).
pub fn keep_shown(tz: chrono_tz::Tz, period: Period, tasks: &mut Vec<Task>) {
    keep_lean(tasks, |t| {
        t.starts_at.is_none()
            || period
                .dates()
                .any(|d| crate::schedule::touches_day(t, tz, d))
    });
}

/// Keeps the tasks `keep` says, with no spare room left (a cached listing
/// is held for minutes).
pub fn keep_lean(tasks: &mut Vec<Task>, keep: impl FnMut(&Task) -> bool) {
    let before = tasks.len();
    tasks.retain(keep);
    if tasks.len() < before {
        tasks.shrink_to_fit();
    }
}

/// Where a fetch of `period` looking back `days` begins, with a day to
/// spare for a zone apart: the start, in `tz`, of the day before the first
/// day it asks for.
pub fn window_cut(tz: chrono_tz::Tz, period: Period, days: u32) -> Option<DateTime<Utc>> {
    let (from, _) = period.fetch_window(days, true);
    from.pred_opt().map(|d| crate::schedule::day_start(tz, d))
}
