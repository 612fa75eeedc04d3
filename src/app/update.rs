//! `update`: the only place the model changes. Pure: no I/O, no clock
//! reads (time arrives in `Msg::Tick` and in results), no randomness.

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use std::collections::HashMap;
use std::sync::Arc;

pub use super::clock::later;
use super::dayplan::{self, Hit};
use super::deleting;
use super::editing;
pub use super::filtering::set_filter;
use super::keymap::Action;
pub use super::keys::PEEK_KEY;
pub use super::keys::board::act;
use super::keys::on_key;
pub use super::keys::prompt::parse_date;
use super::modal::Seen;
use super::model::{Cached, EMPLOYEES_EVERY, MAX_BACKOFF, Mark, MarkKind, Model, Overlay, Pending};
use super::monitor;
use super::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg, ReadFor, TermCmd};
use super::navigate::select;
use super::notice::toast;
use super::offline;
use super::palette::LogEntry;
use super::period::{
    fetch_cmd, fetch_shown, keep_lean, keep_shown, show_period, trim_left, window_cut,
};
pub use super::persist::save_state;
use super::saves;
/// What the edit and create forms call (see [`saves`]).
pub use super::saves::{create, save, save_from, undo};
use super::sends::{InFlight, Sent};
use super::timeplan;
use crate::kickserv::model::{Listing, NotifyKind, Task, share_glue_with};
use crate::schedule::{self, Period, ViewKind};

/// Periods kept in the cache besides the shown one: the neighbours and a
/// couple more (memory grows with every cached period).
const CACHE_PERIODS: usize = 4;
/// Tasks the cache may hold in all, the shown period and its neighbours
/// aside: a period of a large account holds thousands.
pub const CACHE_TASKS: usize = 6_000;

/// The first commands of a fresh board: employees and the shown period.
pub fn init(m: &mut Model) -> Vec<Cmd> {
    let mut cmds = fetch_employees(m);
    cmds.extend(fetch_shown(m));
    cmds
}

pub fn update(m: &mut Model, msg: Msg) -> Vec<Cmd> {
    // The results of what was sent or saved go to `:log` as their toast says them.
    let logged = match &msg {
        Msg::Notified { task_id, .. }
        | Msg::Deleted { task_id, .. }
        | Msg::DeleteChecked { task_id, .. }
        | Msg::Saved { task_id, .. } => Some(*task_id),
        Msg::Created { local_id, result } => {
            Some(result.as_ref().map_or(*local_id, |t: &Task| t.id))
        }
        _ => None,
    };
    let before = logged.and_then(|_| m.toast.clone());
    let cmds = dispatch(m, msg);
    if let (Some(task_id), Some(t)) = (logged, &m.toast)
        && before.as_ref() != Some(t)
    {
        let entry = LogEntry {
            at: m.now,
            task_id,
            text: t.text.clone(),
            error: t.error,
        };
        m.log.push(entry);
    }
    cmds
}

fn dispatch(m: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => {
            let mut cmds = on_tick(m, now);
            cmds.extend(editing::on_tick(m));
            cmds
        }
        Msg::Key(k) => {
            monitor::on_input(m);
            on_key(m, k)
        }
        Msg::Mouse(e, at) => {
            monitor::on_input(m);
            on_mouse(m, e, at)
        }
        Msg::ScrollLimit(shown) => {
            settle_scroll(m, shown);
            Vec::new()
        }
        Msg::Resize(w, h) => {
            if m.size != (w, h) {
                m.size = (w, h);
                m.keep_lane_visible();
                m.dirty = true;
            }
            Vec::new()
        }
        Msg::TasksLoaded {
            seq,
            period,
            at,
            result,
        } => {
            let mut cmds = on_tasks(m, seq, period, at, result);
            cmds.extend(editing::on_tasks(m));
            cmds
        }
        Msg::EmployeesLoaded { at, result } => {
            m.sync.employees_in_flight = false;
            let mut cmds = Vec::new();
            match result {
                Ok(mut list) => {
                    list.sort_by_key(|e| e.id);
                    m.sync.next_employees = Some(later(at, EMPLOYEES_EVERY));
                    if list != m.employees {
                        cmds.extend(offline::employees_fetched(m, &list, at));
                        m.employees = list;
                        m.relayout();
                    }
                }
                Err(f) => {
                    m.sync.next_employees = Some(later(at, std::time::Duration::from_secs(60)));
                    if f.kind == FaultKind::Auth {
                        m.sync.fault = Some((f, at));
                        m.dirty = true;
                    }
                }
            }
            cmds
        }
        Msg::Notified {
            task_id,
            kind,
            result,
        } => on_notified(m, task_id, kind, result),
        Msg::Deleted { task_id, result } => on_deleted(m, task_id, result),
        Msg::TaskRead {
            task_id,
            purpose: ReadFor::Delete,
            result,
        } => deleting::on_read(m, task_id, result),
        Msg::TaskRead {
            task_id,
            purpose: ReadFor::Undo,
            result,
        } => saves::on_undo_read(m, task_id, result),
        Msg::JobTasksRead { job_number, result } => editing::on_job_tasks(m, job_number, result),
        Msg::DeleteChecked {
            task_id,
            still_there,
        } => on_delete_checked(m, task_id, still_there),
        Msg::Saved { task_id, result } => {
            let mut cmds = saves::on_saved(m, task_id, result.clone());
            cmds.extend(editing::on_saved(m, task_id, &result));
            cmds.extend(super::dispatch::moves::on_saved(m, task_id, &result));
            cmds
        }
        Msg::Created { local_id, result } => {
            let mut cmds = saves::on_created(m, local_id, result.clone());
            cmds.extend(editing::on_created(m, &result));
            cmds
        }
        Msg::CustomersFound { seq, text, result } => {
            saves::on_customers_found(m, seq, text, result)
        }
        Msg::JobsListed {
            customer_id,
            result,
        } => saves::on_jobs_listed(m, customer_id, result),
        Msg::Shutdown(_) => {
            m.quit = true;
            let mut cmds = editing::on_shutdown(m);
            cmds.push(Cmd::Term(TermCmd::Quit));
            cmds
        }
        Msg::DraftStored { id, result } => editing::on_draft_stored(m, &id, result),
        Msg::CacheLoaded(snapshot) => offline::on_loaded(m, snapshot),
    }
}

/// The title a finished request was sent with, else the board's.
fn sent_title(m: &Model, sent: &Option<InFlight>, task_id: i64) -> String {
    match sent {
        Some(f) => f.title.clone(),
        None => m
            .task_by_id(task_id)
            .map(|t| t.title().to_string())
            .unwrap_or_default(),
    }
}

fn on_notified(
    m: &mut Model,
    task_id: i64,
    kind: NotifyKind,
    result: Result<(), ApiFault>,
) -> Vec<Cmd> {
    let sent = m.sends.finish(&Pending::Notify { task_id, kind });
    let title = sent_title(m, &sent, task_id);
    let since = sent.map(|f| f.since).unwrap_or(m.now);
    m.dirty = true;
    match result {
        Ok(()) => {
            m.sends.last_sent.insert(
                (task_id, kind),
                Sent {
                    at: since,
                    confirmed: true,
                },
            );
            toast(m, format!("Sent: {} · {title}", kind.label()), false);
        }
        Err(f) if f.kind == FaultKind::AnswerUnreadable => {
            // Kickserv took it: saying "not sent" would invite a second send.
            m.sends.last_sent.insert(
                (task_id, kind),
                Sent {
                    at: since,
                    confirmed: true,
                },
            );
            toast(
                m,
                format!(
                    "Sent, answer unreadable: {} · {title} (do not send again)",
                    kind.label()
                ),
                true,
            );
        }
        Err(f) if f.kind == FaultKind::NoAnswer => {
            m.sends.last_sent.insert(
                (task_id, kind),
                Sent {
                    at: since,
                    confirmed: false,
                },
            );
            toast(
                m,
                format!(
                    "No answer in time: {} · {title} may have gone out; check before sending again",
                    kind.label()
                ),
                true,
            );
        }
        Err(f) => toast(m, format!("Not sent ({}): {}", kind.label(), f.text), true),
    }
    Vec::new()
}

fn on_deleted(
    m: &mut Model,
    task_id: i64,
    result: Result<Option<Box<Task>>, ApiFault>,
) -> Vec<Cmd> {
    let p = Pending::Delete { task_id };
    m.dirty = true;
    match result {
        Ok(answer) => {
            let sent = m.sends.finish(&p);
            let title = sent_title(m, &sent, task_id);
            let note = saves::deleted(m, task_id, answer.map(|t| *t));
            let note = note.map(|n| format!(" ({n})")).unwrap_or_default();
            toast(m, format!("Deleted task {task_id} · {title}{note}"), false);
            m.cache.remove(&m.period);
            fetch_shown(m)
        }
        Err(f) if matches!(f.kind, FaultKind::AnswerUnreadable | FaultKind::NoAnswer) => {
            // Maybe gone: ask Kickserv (404 means deleted). The delete stays
            // pending until the answer.
            let why = if f.kind == FaultKind::NoAnswer {
                "no answer in time"
            } else {
                "answer unreadable"
            };
            toast(
                m,
                format!("Delete sent, {why}; checking task {task_id}…"),
                true,
            );
            vec![Cmd::Api(ApiCmd::CheckDeleted { task_id })]
        }
        Err(f) => {
            m.sends.finish(&p);
            m.local.deleting.remove(&task_id);
            toast(m, format!("Not deleted: {}", f.text), true);
            Vec::new()
        }
    }
}

fn on_delete_checked(m: &mut Model, task_id: i64, still_there: Result<bool, ApiFault>) -> Vec<Cmd> {
    let sent = m.sends.finish(&Pending::Delete { task_id });
    let title = sent_title(m, &sent, task_id);
    m.dirty = true;
    match still_there {
        Ok(false) => {
            let note = saves::deleted(m, task_id, None)
                .map(|n| format!("; {n}"))
                .unwrap_or_default();
            toast(
                m,
                format!("Deleted task {task_id} · {title} (Kickserv no longer has it{note})"),
                false,
            );
            m.cache.remove(&m.period);
            fetch_shown(m)
        }
        Ok(true) => {
            m.local.deleting.remove(&task_id);
            toast(
                m,
                format!("Not deleted: Kickserv still has task {task_id} · {title}"),
                true,
            );
            Vec::new()
        }
        Err(f) => {
            toast(
                m,
                format!(
                    "Delete sent, but whether task {task_id} is gone is unknown ({})",
                    f.text
                ),
                true,
            );
            m.cache.remove(&m.period);
            fetch_shown(m)
        }
    }
}

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

fn on_tick(m: &mut Model, now: DateTime<Utc>) -> Vec<Cmd> {
    let before = clock_face(m);
    let today_before = m.today();
    m.now = now;
    let face = clock_face(m);
    if face != before || m.today() != today_before {
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

fn fetch_employees(m: &mut Model) -> Vec<Cmd> {
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
fn follow_today(m: &mut Model, before: NaiveDate) -> Vec<Cmd> {
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

fn on_tasks(
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

/// Longest gap between the two clicks of a double click.
const DOUBLE_CLICK_MS: i64 = 500;

fn on_mouse(m: &mut Model, e: MouseEvent, at: DateTime<Utc>) -> Vec<Cmd> {
    m.last_input = m.now;
    if !m.modals.is_empty() {
        // The detail beside the grid leaves the grid to the mouse.
        if m.modals.len() == 1 && m.pane_width().is_some() {
            pane_mouse(m, e);
        }
        return Vec::new();
    }
    match e.kind {
        MouseEventKind::ScrollDown => act(m, Action::MoveDown),
        MouseEventKind::ScrollUp => act(m, Action::MoveUp),
        MouseEventKind::Down(MouseButton::Left) => click(m, e.column, e.row, at),
        _ => Vec::new(),
    }
}

/// The mouse with the detail beside the grid: the wheel scrolls the
/// detail; a click on the grid selects, and the detail shows the task
/// clicked.
fn pane_mouse(m: &mut Model, e: MouseEvent) {
    let Some(Overlay::Detail { scroll, .. }) = m.modals.last_mut() else {
        return;
    };
    match e.kind {
        MouseEventKind::ScrollDown => *scroll = scroll.saturating_add(1),
        MouseEventKind::ScrollUp => *scroll = scroll.saturating_sub(1),
        MouseEventKind::Down(MouseButton::Left) if e.column < m.grid_size().0 => {
            let raw = matches!(m.top(), Some(Overlay::Detail { raw: true, .. }));
            let clicked = select_at(m, e.column, e.row);
            if let Some(seen) = m
                .cursor
                .task
                .filter(|_| clicked)
                .and_then(|id| Seen::of(m, id))
                && let Some(top) = m.modals.last_mut()
            {
                *top = Overlay::Detail {
                    task_id: seen.task_id(),
                    scroll: 0,
                    seen,
                    raw,
                };
            }
        }
        _ => return,
    }
    m.dirty = true;
}

/// A click selects what it lands on (a task, or an employee by its
/// header); a second click on the same cell soon after opens the task.
fn click(m: &mut Model, x: u16, y: u16, at: DateTime<Utc>) -> Vec<Cmd> {
    let double = m.last_click.is_some_and(|(px, py, t)| {
        (px, py) == (x, y) && (0..=DOUBLE_CLICK_MS).contains(&(at - t).num_milliseconds())
    });
    m.last_click = if double { None } else { Some((x, y, at)) };
    if select_at(m, x, y) && double {
        return act(m, Action::Detail);
    }
    Vec::new()
}

/// Selects what (x, y) of the grid lands on; true when it is a task.
fn select_at(m: &mut Model, x: u16, y: u16) -> bool {
    if m.timeline.is_some() {
        let Some((lane, bar)) = timeplan::hit(m, x, y) else {
            return false;
        };
        let id = bar.and_then(|b| {
            let t = m.timeline.as_ref()?;
            Some(m.tasks[t.rows.get(lane)?.bars.get(b)?.task].id)
        });
        select(m, lane, 0, id);
        return id.is_some();
    }
    match dayplan::hit(m, x, y) {
        Some(Hit::Task { lane, day, id }) => {
            select(m, lane, day, Some(id));
            return true;
        }
        Some(Hit::Lane { lane }) => select(m, lane, m.cursor.day, None),
        Some(Hit::Cell { lane, day }) => {
            let id = m.nearest(lane, day, m.cursor.anchor);
            let anchor = m.cursor.anchor;
            select(m, lane, day, id);
            m.cursor.anchor = anchor;
        }
        None => {}
    }
    false
}

/// The scroll a help or detail box really shows, once drawn: `End` (and
/// scrolling past the end) stop at the last page, and the next `↑` moves
/// from there.
pub fn settle_scroll(m: &mut Model, shown: u16) {
    match m.modals.last_mut() {
        Some(
            Overlay::Help { scroll } | Overlay::Detail { scroll, .. } | Overlay::Log { scroll },
        ) if *scroll > shown => {
            *scroll = shown;
        }
        _ => {}
    }
}
