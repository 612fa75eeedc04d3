//! The answers to fetches: the shown period's tasks (what changed marked),
//! the periods kept around it, and what a fetch teaches about the account.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::sync::Arc;

use super::clock::later;
use super::model::{Cached, MAX_BACKOFF, Mark, MarkKind, Model};
use super::msg::{ApiCmd, ApiFault, Cmd};
use super::offline;
use super::palette::LogEntry;
use super::period::{
    fetch_cmd, fetch_shown, keep_lean, keep_shown, show_period, trim_left, window_cut,
};
use crate::kickserv::model::{Listing, Task, share_glue_with};
use crate::schedule::{self, Period, ViewKind};

/// Periods kept in the cache besides the shown one: the neighbours and a
/// couple more (memory grows with every cached period).
const CACHE_PERIODS: usize = 4;
/// Tasks the cache may hold in all, the shown period and its neighbours
/// aside: a period of a large account holds thousands.
pub const CACHE_TASKS: usize = 6_000;

pub fn fetch_employees(m: &mut Model) -> Vec<Cmd> {
    m.sync.employees_in_flight = true;
    vec![Cmd::Api(ApiCmd::FetchEmployees)]
}

/// What a fetch teaches about the account: its zone (from the offsets) and
/// its longest task. A changed zone may change today; a task longer than the
/// look-back allowed for makes the shown period fetch again, wider.
fn learn(m: &mut Model, seq: u64, period: Period, tasks: &[Task]) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let used = m.sync.lookback_of.remove(&seq);
    let today_before = m.today();
    let odd_before = m.zone.odd_tasks();
    if m.zone.observe(tasks) {
        m.relayout();
        cmds.extend(follow_today(m, today_before));
    }
    log_odd_offsets(m, &odd_before);
    if m.lookback.learn(tasks, used) {
        // Everything cached looked back too little.
        let shown = m.period;
        m.cache.retain(|p, _| *p == shown);
        if period == m.period {
            cmds.extend(fetch_shown(m));
        }
    }
    cmds
}

/// Tasks newly found carrying an offset the zone was inferred without (a
/// `Z` among an account's `-05:00`s): named in the log, once each.
fn log_odd_offsets(m: &mut Model, before: &[(i64, i32)]) {
    let drawn = schedule::zone_label(m.tz());
    for (task_id, off) in m.zone.odd_tasks() {
        if before.contains(&(task_id, off)) {
            continue;
        }
        m.log.push(LogEntry {
            at: m.now,
            task_id,
            text: format!(
                "its times carry the offset {}, which fits no zone with the other tasks' offsets: set aside, times drawn in {drawn}",
                schedule::offset_text(off)
            ),
            error: false,
        });
    }
}

/// When the date of today changed (midnight, or a new zone), a board that
/// showed the old today moves to the new one.
pub fn follow_today(m: &mut Model, before: NaiveDate) -> Vec<Cmd> {
    let today = m.today();
    if today == before || !m.period.contains(before) {
        return Vec::new();
    }
    if m.period.contains(today) {
        // Same week: the cursor follows the day if it was on the old today.
        let on_old_today = m.view() == ViewKind::Week && m.date_of(m.cursor.day) == before;
        if let Some(i) = m
            .period
            .dates()
            .position(|d| d == today)
            .filter(|_| on_old_today)
        {
            m.cursor.day = m.days.iter().position(|&d| d == i).unwrap_or(m.cursor.day);
            m.cursor.task = None;
            m.fix_cursor();
        }
        m.dirty = true;
        return Vec::new();
    }
    let p = Period::for_kind(m.view(), today, m.opts.week_start);
    show_period(m, p, Some(today))
}

pub fn on_tasks(
    m: &mut Model,
    seq: u64,
    period: Period,
    at: DateTime<Utc>,
    result: Result<Listing, ApiFault>,
) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let shown_fetch = m.sync.in_flight == Some(seq);
    if shown_fetch {
        m.sync.in_flight = None;
        m.sync.in_flight_period = None;
        m.dirty = true;
    }
    if m.sync.prefetch == Some(seq) {
        m.sync.prefetch = None;
        m.sync.prefetch_period = None;
    }
    match result {
        Ok(Listing { mut tasks, notes }) => {
            // Neighbouring periods overlap: their jobs and customers are
            // kept once, not once per cached period.
            let known = m.cache.values().flat_map(|c| c.tasks.iter());
            share_glue_with(&mut tasks, known.chain(m.server_tasks.iter()));
            let settled = period == m.period && m.local.poll_arrived(seq);
            let looked_back = m.sync.lookback_of.get(&seq).copied();
            if let Some(secs) = notes.longest_dropped_secs {
                m.lookback.saw_longest(secs);
            }
            cmds.extend(learn(m, seq, period, &tasks));
            let whole = period == m.period;
            if !whole {
                keep_shown(m.tz(), period, &mut tasks);
            } else if looked_back.is_some_and(|d| d > m.lookback.days()) {
                // The probe of the longest task read weeks the period never
                // shows; keep what the next poll, looking back as far as
                // that task needs, would bring.
                if let Some(cut) = window_cut(m.tz(), period, m.lookback.days()) {
                    keep_lean(&mut tasks, |t| t.starts_at.is_none_or(|s| s >= cut));
                }
            }
            let mut tasks = Arc::new(tasks);
            if period == m.period {
                tasks = apply_tasks(m, period, at, tasks);
                if settled {
                    // The same data as before may have come: show it as it is.
                    m.recompose();
                }
                m.sync.notes = notes;
                m.sync.fault = None;
                // A token refused again later gets its explanation again.
                m.auth_peek = false;
                m.sync.failures = 0;
                m.sync.next_poll = Some(later(at, m.opts.poll));
            }
            cmds.extend(offline::tasks_fetched(m, period, &tasks, notes, at));
            store(
                m,
                period,
                Cached {
                    tasks,
                    notes,
                    at,
                    whole,
                },
            );
        }
        Err(f) => {
            if shown_fetch && period == m.period {
                m.sync.failures = m.sync.failures.saturating_add(1);
                let exp = m
                    .opts
                    .poll
                    .saturating_mul(1 << m.sync.failures.saturating_sub(1).min(8));
                let wait = exp.max(f.retry_after.unwrap_or_default()).min(MAX_BACKOFF);
                m.sync.next_poll = Some(later(at, wait));
                m.sync.fault = Some((f, at));
                m.dirty = true;
            }
        }
    }
    if shown_fetch && m.sync.pending {
        if period != m.period {
            cmds.extend(fetch_shown(m));
        } else {
            m.sync.pending = false;
        }
    }
    if m.sync.in_flight.is_none() && m.sync.prefetch.is_none() && m.sync.fault.is_none() {
        let next = m.period.next();
        let prev = m.period.prev();
        if let Some(p) = [next, prev].into_iter().find(|p| !m.cache.contains_key(p)) {
            m.sync.seq += 1;
            m.sync.prefetch = Some(m.sync.seq);
            m.sync.prefetch_period = Some(p);
            cmds.push(fetch_cmd(m, m.sync.seq, p));
        }
    }
    cmds
}

fn store(m: &mut Model, period: Period, listing: Cached) {
    m.cache.insert(period, listing);
    trim_left(m);
    // Evict the oldest, never the shown period or its neighbours: evicting a
    // neighbour would only prefetch it again.
    let keep = [m.period, m.period.next(), m.period.prev()];
    let total = |m: &Model| m.cache.values().map(|c| c.tasks.len()).sum::<usize>();
    while m.cache.len() > CACHE_PERIODS + 1 || total(m) > CACHE_TASKS {
        let oldest = m
            .cache
            .iter()
            .filter(|(p, _)| !keep.contains(p))
            .min_by_key(|(p, c)| (c.at, p.start))
            .map(|(p, _)| *p);
        match oldest {
            Some(p) => m.cache.remove(&p),
            None => break,
        };
    }
}

/// Shows fresh tasks, marking what changed; returns the list now shown
/// (the old one when nothing changed, so the cache shares it).
fn apply_tasks(
    m: &mut Model,
    period: Period,
    at: DateTime<Utc>,
    tasks: Arc<Vec<Task>>,
) -> Arc<Vec<Task>> {
    m.sync.last_ok = Some(at);
    m.dirty = true;
    let same_period = m.tasks_period == Some(period);
    if same_period && m.server_tasks == tasks {
        // The disk's copy, confirmed by the server, is as of now.
        m.sync.as_of.get_or_insert(at);
        return m.server_tasks.clone();
    }
    // New data: the header's "as of" moves (the same data leaves it).
    m.sync.as_of = Some(at);
    if same_period {
        let until = later(at, m.opts.poll);
        // Only what the period shows: fetches look back and widen by varying
        // amounts, and a task that merely left the look-back was not removed.
        let tz = m.tz();
        let shown = |t: &&Task| {
            period
                .dates()
                .any(|d| crate::schedule::touches_day(t, tz, d))
        };
        // Server against server: local changes are not news from Kickserv.
        let old: Vec<&Task> = m.server_tasks.iter().filter(shown).collect();
        let new: Vec<&Task> = tasks.iter().filter(shown).collect();
        let (marks, removed) = diff_shown(&old, &new, until);
        m.marks.extend(marks);
        m.removed.extend(removed);
    }
    m.server_tasks = tasks.clone();
    m.tasks_period = Some(period);
    m.local.forget_gone(&tasks);
    m.recompose();
    tasks
}

/// Marks by task id, and titles of removed tasks with how long to show them.
type Changes = (HashMap<i64, Mark>, Vec<(String, DateTime<Utc>)>);

/// What changed between two polls of the same period.
pub fn diff(old: &[Task], new: &[Task], until: DateTime<Utc>) -> Changes {
    let old: Vec<&Task> = old.iter().collect();
    let new: Vec<&Task> = new.iter().collect();
    diff_shown(&old, &new, until)
}

fn diff_shown(old: &[&Task], new: &[&Task], until: DateTime<Utc>) -> Changes {
    let before: HashMap<i64, &Task> = old.iter().map(|t| (t.id, *t)).collect();
    let mut marks = HashMap::new();
    for &t in new {
        let kind = match before.get(&t.id) {
            None => Some(MarkKind::New),
            Some(o) if moved(o, t) => Some(MarkKind::Moved),
            Some(o) if *o != t => Some(MarkKind::Changed),
            _ => None,
        };
        if let Some(kind) = kind {
            marks.insert(t.id, Mark { kind, until });
        }
    }
    let now_ids: std::collections::HashSet<i64> = new.iter().map(|t| t.id).collect();
    let removed = old
        .iter()
        .filter(|t| !now_ids.contains(&t.id))
        .map(|t| (t.title().to_string(), until))
        .collect();
    (marks, removed)
}

fn moved(a: &Task, b: &Task) -> bool {
    let ids = |t: &Task| t.employees.iter().map(|e| e.id).collect::<Vec<_>>();
    a.starts_at != b.starts_at
        || a.ends_at != b.ends_at
        || a.all_day != b.all_day
        || ids(a) != ids(b)
}
