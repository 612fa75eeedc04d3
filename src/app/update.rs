//! `update`: the only place the model changes. Pure: no I/O, no clock
//! reads (time arrives in `Msg::Tick` and in results), no randomness.

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::collections::HashMap;
use std::sync::Arc;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub use super::clock::later;
use super::confirm::{self, Confirm};
use super::dayplan::{self, Hit};
use super::deleting;
use super::editing;
use super::empfilter;
use super::jobpick;
use super::keymap::Action;
use super::look::ThemeName;
use super::modal::{self, Seen};
use super::model::{Cached, EMPLOYEES_EVERY, MAX_BACKOFF, Mark, MarkKind, Model, Overlay, Pending};
use super::monitor;
use super::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg, ReadFor, StoreCmd, TermCmd};
use super::notice::toast;
use super::offline;
use super::palette::{self, LogEntry, Palette, Run};
use super::period::{
    fetch_cmd, fetch_shown, keep_lean, keep_shown, show_period, trim_left, window_cut,
};
pub use super::persist::save_state;
use super::saves;
/// What the edit and create forms call (see [`saves`]).
pub use super::saves::{create, save, save_from, undo};
use super::sends::{InFlight, Sent};
use super::state::BoardView;
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

fn on_key(m: &mut Model, k: KeyEvent) -> Vec<Cmd> {
    if !matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) {
        return Vec::new();
    }
    m.last_input = m.now;
    // Ctrl-Z: in raw mode the terminal sends it as a key; stop as a shell
    // job would, whatever is open, and come back to the same screen.
    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
        m.dirty = true;
        return vec![Cmd::Term(TermCmd::Suspend)];
    }
    let action = lookup(m, &k);
    // The top modal is taken off and put back (or not, or with another
    // over it) by its handler.
    let Some(top) = m.modals.pop() else {
        // On the refused-token screen, `v` shows the last data (and back).
        if m.auth_refused() && is_peek_key(&k) {
            m.auth_peek = !m.auth_peek;
            m.dirty = true;
            return Vec::new();
        }
        return action.map(|a| act(m, a)).unwrap_or_default();
    };
    m.dirty = true;
    match top {
        Overlay::Help { scroll } => {
            if let Some(scroll) = scrolled(scroll, action) {
                m.modals.push(Overlay::Help { scroll });
            }
            Vec::new()
        }
        Overlay::Detail {
            task_id,
            scroll,
            seen,
            raw,
        } => {
            let at = |scroll| Overlay::Detail {
                task_id,
                scroll,
                seen: seen.clone(),
                raw,
            };
            match action {
                Some(Action::Close | Action::Detail | Action::Quit) => Vec::new(),
                Some(Action::RawJson) => {
                    m.modals.push(Overlay::Detail {
                        task_id,
                        scroll: 0,
                        seen: seen.clone(),
                        raw: !raw,
                    });
                    Vec::new()
                }
                Some(Action::MoveDown | Action::PageDown) => {
                    m.modals.push(at(scroll.saturating_add(1)));
                    Vec::new()
                }
                Some(Action::MoveUp | Action::PageUp) => {
                    m.modals.push(at(scroll.saturating_sub(1)));
                    Vec::new()
                }
                Some(a @ (Action::First | Action::Last)) => {
                    m.modals
                        .push(at(if a == Action::First { 0 } else { u16::MAX }));
                    Vec::new()
                }
                Some(
                    a @ (Action::NotifyEmployee
                    | Action::NotifyDetails
                    | Action::NotifyOnTheWay
                    | Action::Delete),
                ) => {
                    // The confirmation goes over the detail and returns to it.
                    m.modals.push(at(scroll));
                    if m.read_only() {
                        act(m, a)
                    } else {
                        ask_about_seen(m, &seen, notify_kind(a))
                    }
                }
                Some(Action::Edit) if !m.read_only() => {
                    // The form goes over the detail and returns to it.
                    m.modals.push(at(scroll));
                    editing::open_edit(m, task_id)
                }
                Some(a @ (Action::Edit | Action::Add)) => {
                    m.modals.push(at(scroll));
                    act(m, a)
                }
                _ => {
                    m.modals.push(at(scroll));
                    Vec::new()
                }
            }
        }
        Overlay::Goto { mut input, .. } => match action {
            Some(Action::Close) => Vec::new(),
            Some(Action::Accept) => match parse_date(input.value(), m.today()) {
                Ok(d) => {
                    let p = Period::for_kind(m.view(), d, m.opts.week_start);
                    let cmds = show_period(m, p, Some(d));
                    say_month_day(m, input.value(), d);
                    cmds
                }
                Err(e) => {
                    m.modals.push(Overlay::Goto {
                        input,
                        error: Some(e),
                    });
                    Vec::new()
                }
            },
            _ => {
                input.handle_event(&Event::Key(k));
                m.modals.push(Overlay::Goto { input, error: None });
                Vec::new()
            }
        },
        Overlay::Filter { mut input } => {
            match action {
                // Esc drops the filter; Enter keeps it (an empty one is none).
                Some(Action::Close) => set_filter(m, ""),
                Some(Action::Accept) => {}
                Some(Action::MoveUp | Action::MoveDown | Action::Complete) => {
                    m.modals.push(Overlay::Filter { input });
                }
                _ => {
                    input.handle_event(&Event::Key(k));
                    set_filter(m, input.value());
                    m.modals.push(Overlay::Filter { input });
                }
            }
            Vec::new()
        }
        Overlay::Palette(p) => on_palette_key(m, p, action, k),
        Overlay::Log { scroll } => {
            if let Some(scroll) = scrolled(scroll, action) {
                m.modals.push(Overlay::Log { scroll });
            }
            Vec::new()
        }
        Overlay::Form(form) => editing::on_form_key(m, form, action, k),
        Overlay::Picker(p) => editing::on_picker_key(m, p, action, k),
        Overlay::Employees(mut p) => {
            let outcome = p.on_key(editing::picker_key(action, k));
            empfilter::on_outcome(m, p, outcome)
        }
        Overlay::Restore(r) => editing::on_restore_key(m, r, action, k),
        Overlay::Job(c) => jobpick::on_key(m, c, action, k),
        Overlay::Confirm(c) => {
            let yes = action == Some(Action::Yes) && (c.enter_confirms || k.code != KeyCode::Enter);
            let no = matches!(action, Some(Action::No | Action::Quit));
            if yes {
                // Its task gone, a confirmation acts on nothing else: it closes.
                if modal::fate(m, &c.seen).is_gone() {
                    toast(
                        m,
                        format!("Nothing sent: {} · {}", modal::GONE, c.title),
                        true,
                    );
                    return Vec::new();
                }
                match c.pending {
                    Pending::Delete { .. } => deleting::on_yes(m, c),
                    Pending::Undo { .. } => match c.revert.clone() {
                        Some(r) => {
                            let (patch, now) = *r;
                            saves::undo_confirmed(m, now, patch)
                        }
                        None => Vec::new(),
                    },
                    Pending::Notify { .. } => send(m, c),
                }
            } else {
                if !no {
                    m.modals.push(Overlay::Confirm(c));
                }
                Vec::new()
            }
        }
    }
}

/// Sets the text filter's query and shows what it keeps.
pub fn set_filter(m: &mut Model, query: &str) {
    if m.text_filter.query == query {
        return;
    }
    m.text_filter.query = query.to_string();
    if m.text_filter.hide {
        m.relayout();
    } else {
        m.refilter();
    }
    m.dirty = true;
}

/// Tab / Shift-Tab: the next (previous) task the filter matches that is
/// shown, in rank order, round to the first.
fn step_match(m: &mut Model, dir: isize) -> Vec<Cmd> {
    if !m.text_filter.active() {
        toast(m, "no text filter (/ sets one)".to_string(), false);
        return Vec::new();
    }
    let ranked = m.text_filter.ranked.clone();
    let n = ranked.len() as isize;
    if n == 0 {
        toast(m, "no task matches".to_string(), false);
        return Vec::new();
    }
    let at = m
        .cursor
        .task
        .and_then(|id| ranked.iter().position(|&r| r == id))
        .map(|p| p as isize);
    for i in 1..=n {
        let next = match at {
            Some(p) => (p + dir * i).rem_euclid(n),
            None if dir > 0 => i - 1,
            None => n - i,
        };
        if m.focus_task(ranked[next as usize]) {
            m.day_scroll = None;
            return Vec::new();
        }
    }
    Vec::new()
}

fn on_palette_key(m: &mut Model, mut p: Palette, action: Option<Action>, k: KeyEvent) -> Vec<Cmd> {
    match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Accept) => return run_palette(m, p),
        Some(Action::Complete) => {
            if let Some(c) = palette::candidates(m, p.input.value()).get(p.selected) {
                p.input = Input::new(c.text.clone());
                p.selected = 0;
                p.history = None;
                p.error = None;
            }
        }
        Some(a @ (Action::MoveUp | Action::MoveDown)) => {
            let up = a == Action::MoveUp;
            let hist = &m.palette_history;
            if (p.input.value().is_empty() || p.history.is_some()) && !hist.is_empty() {
                let at = match (p.history, up) {
                    (None, true) => Some(0),
                    (None, false) => None,
                    (Some(i), true) => Some((i + 1).min(hist.len() - 1)),
                    (Some(0), false) => None,
                    (Some(i), false) => Some(i - 1),
                };
                p.history = at;
                let text = at
                    .and_then(|i| hist.get(hist.len() - 1 - i))
                    .cloned()
                    .unwrap_or_default();
                p.input = Input::new(text);
                p.selected = 0;
            } else {
                let n = palette::candidates(m, p.input.value())
                    .len()
                    .min(palette::SHOWN);
                p.selected = if up {
                    p.selected.saturating_sub(1)
                } else {
                    (p.selected + 1).min(n.saturating_sub(1))
                };
            }
        }
        _ => {
            p.input.handle_event(&Event::Key(k));
            p.selected = 0;
            p.history = None;
            p.error = None;
        }
    }
    m.modals.push(Overlay::Palette(p));
    Vec::new()
}

/// Enter in the palette: the typed command, else the highlighted candidate
/// when it needs no argument; an error keeps the palette open and says why.
fn run_palette(m: &mut Model, mut p: Palette) -> Vec<Cmd> {
    let typed = p.input.value().trim().to_string();
    // Nothing typed: nothing to run, as Esc.
    if typed.is_empty() {
        return Vec::new();
    }
    let parsed = palette::parse(m, &typed).or_else(|e| {
        match palette::candidates(m, &typed).into_iter().nth(p.selected) {
            Some(c) if !typed.is_empty() && !c.text.ends_with(' ') => {
                let arg = String::new();
                Ok((c.run, arg))
            }
            _ => Err(e),
        }
    });
    let result = parsed.and_then(|(run, arg)| run_command(m, run, &arg));
    match result {
        Ok(mut cmds) => {
            palette::remember(&mut m.palette_history, &typed);
            // One write of the state file, with the history kept in it.
            cmds.retain(|c| !matches!(c, Cmd::Store(StoreCmd::SaveState(_))));
            cmds.extend(save_state(m));
            cmds
        }
        Err(e) => {
            p.error = Some(e);
            m.modals.push(Overlay::Palette(p));
            Vec::new()
        }
    }
}

fn run_command(m: &mut Model, run: Run, arg: &str) -> Result<Vec<Cmd>, String> {
    match run {
        Run::Action(a) => Ok(act(m, a)),
        Run::Command("goto") => {
            let d = parse_date(arg, m.today())?;
            let p = Period::for_kind(m.view(), d, m.opts.week_start);
            let cmds = show_period(m, p, Some(d));
            say_month_day(m, arg, d);
            Ok(cmds)
        }
        Run::Command("filter") => {
            set_filter(m, arg);
            Ok(Vec::new())
        }
        Run::Command("employee") if arg.is_empty() => Err("employee: whose? (employee Kim)".into()),
        Run::Command("employee") | Run::Employee(_) => {
            let name = match &run {
                Run::Employee(n) => n.as_str(),
                _ => arg,
            };
            let lane = palette::lane_named(m, name)
                .ok_or_else(|| format!("no employee matches {name:?}"))?;
            let id = m.nearest(lane, m.cursor.day, m.cursor.anchor);
            let anchor = m.cursor.anchor;
            select(m, lane, m.cursor.day, id);
            m.cursor.anchor = anchor;
            Ok(Vec::new())
        }
        Run::Command("employees" | "filter-set") | Run::FilterSet(_) => {
            let name = match &run {
                Run::FilterSet(n) => n.as_str(),
                _ => arg,
            };
            empfilter::apply_set(m, name)
        }
        Run::Command("log") => {
            m.open(Overlay::Log { scroll: 0 });
            Ok(Vec::new())
        }
        Run::Command("theme") => {
            // A name, or the start of only one (`:theme l`).
            let starting: Vec<ThemeName> = ThemeName::ALL
                .into_iter()
                .filter(|t| !arg.is_empty() && t.name().starts_with(&arg.to_lowercase()))
                .collect();
            let t = ThemeName::parse(arg).or(match starting[..] {
                [one] => Some(one),
                _ => None,
            });
            let t = t.ok_or_else(|| {
                let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
                format!("theme: one of {}", names.join(", "))
            })?;
            // The view draws in it from the next frame; the state file keeps it.
            m.theme = t;
            m.dirty = true;
            Ok(save_state(m))
        }
        Run::Command("quit") => Ok(act(m, Action::Quit)),
        Run::Command(other) => Err(format!("unknown command: {other:?}")),
    }
}

/// Resolves a key in the context on top; a sequence's prefix waits in
/// `m.keys` (and the hint bar shows it).
/// A scrolled text modal (help, the log) after `action`: its new first row,
/// or `None` when the action closes it. The view stops at the last page
/// (see `settle_scroll`), so `Last` may overshoot.
fn scrolled(scroll: u16, action: Option<Action>) -> Option<u16> {
    match action {
        Some(Action::Close | Action::Help | Action::Quit) => None,
        Some(Action::MoveDown | Action::PageDown) => Some(scroll.saturating_add(1)),
        Some(Action::MoveUp | Action::PageUp) => Some(scroll.saturating_sub(1)),
        Some(Action::First) => Some(0),
        Some(Action::Last) => Some(u16::MAX),
        _ => Some(scroll),
    }
}

fn lookup(m: &mut Model, k: &KeyEvent) -> Option<Action> {
    let ctx = m.key_context();
    let before = m.keys.pending(ctx).len();
    let action = m.opts.keymap.resolve(ctx, &mut m.keys, k);
    if before > 0 || !m.keys.pending(ctx).is_empty() {
        m.dirty = true;
    }
    action
}

/// The key named on the refused-token screen.
pub const PEEK_KEY: char = 'v';

fn is_peek_key(k: &KeyEvent) -> bool {
    k.code == KeyCode::Char(PEEK_KEY)
        && !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// A confirmed notification: sent once, and marked as under way until its
/// answer comes (deletes and undos go through [`deleting`] and [`saves`]).
fn send(m: &mut Model, c: Confirm) -> Vec<Cmd> {
    let Pending::Notify { task_id, kind } = c.pending else {
        return Vec::new();
    };
    if m.sends.is_in_flight(&c.pending) {
        toast(m, format!("Still waiting for Kickserv: {}", c.title), true);
        return Vec::new();
    }
    m.sends.start(c.pending.clone(), c.title.clone(), m.now);
    toast(m, format!("Sending: {} · {}", kind.label(), c.title), false);
    vec![Cmd::Api(ApiCmd::Notify { task_id, kind })]
}

/// Runs one keymap action with no overlay open; a change of view is
/// remembered in the state file.
pub fn act(m: &mut Model, a: Action) -> Vec<Cmd> {
    let before = m.board_view();
    let mut cmds = run_action(m, a);
    if m.board_view() != before {
        cmds.extend(save_state(m));
    }
    cmds
}

fn run_action(m: &mut Model, a: Action) -> Vec<Cmd> {
    if a.is_mutating() && m.read_only() {
        let text = format!("read-only: {} is off ({})", key_name(m, a), a.description());
        toast(m, text, true);
        return Vec::new();
    }
    match a {
        // The timeline: employees down, tasks across.
        Action::MoveDown if m.timeline.is_some() => jump_lanes(m, 1),
        Action::MoveUp if m.timeline.is_some() => jump_lanes(m, -1),
        Action::MoveLeft if m.timeline.is_some() => step(m, -1),
        Action::MoveRight if m.timeline.is_some() => step(m, 1),
        Action::MoveDown => step(m, 1),
        Action::MoveUp => step(m, -1),
        Action::MoveLeft => sideways(m, -1),
        Action::MoveRight => sideways(m, 1),
        Action::PageDown if m.board_view() == BoardView::Day => scroll_hours(m, 1),
        Action::PageUp if m.board_view() == BoardView::Day => scroll_hours(m, -1),
        Action::PageDown | Action::LanesOn => jump_lanes(m, lane_page(m) as isize),
        Action::PageUp | Action::LanesBack => jump_lanes(m, -(lane_page(m) as isize)),
        Action::First => end_of_cell(m, false),
        Action::Last => end_of_cell(m, true),
        Action::DayView => show_board(m, BoardView::Day),
        Action::CycleView => {
            let to = m.board_view().cycled();
            show_board(m, to)
        }
        Action::WeekView => {
            let d = m.date_of(m.cursor.day);
            show_period(m, Period::week_containing(d, m.opts.week_start), Some(d))
        }
        Action::NextPeriod => {
            let p = m.period.next();
            show_period(m, p, None)
        }
        Action::PrevPeriod => {
            let p = m.period.prev();
            show_period(m, p, None)
        }
        Action::Today => {
            let today = m.today();
            let p = Period::for_kind(m.view(), today, m.opts.week_start);
            show_period(m, p, Some(today))
        }
        Action::GotoDate => {
            m.open(Overlay::Goto {
                input: Input::default(),
                error: None,
            });
            Vec::new()
        }
        Action::ToggleWeekend => {
            m.hide_weekend = !m.hide_weekend;
            m.relayout();
            // The day view shows one day whatever the setting: say where it shows.
            if m.view() == ViewKind::Day {
                let text = if m.hide_weekend {
                    "Weekends hidden in the week view (W applies to the week view)"
                } else {
                    "Weekends shown in the week view (W applies to the week view)"
                };
                toast(m, text.to_string(), false);
            }
            Vec::new()
        }
        Action::Detail | Action::RawJson => {
            match m.cursor.task.and_then(|id| Seen::of(m, id)) {
                Some(seen) => m.open(Overlay::Detail {
                    task_id: seen.task_id(),
                    scroll: 0,
                    seen,
                    raw: a == Action::RawJson,
                }),
                None => toast(m, "no task here".to_string(), false),
            }
            Vec::new()
        }
        Action::Edit => match m.cursor.task {
            Some(id) => editing::open_edit(m, id),
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        Action::Add => jobpick::open(m),
        Action::Delete
        | Action::NotifyEmployee
        | Action::NotifyDetails
        | Action::NotifyOnTheWay => match m.cursor.task {
            Some(id) => ask_about(m, id, notify_kind(a)),
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        Action::Undo => saves::undo(m),
        Action::EmployeeFilter => empfilter::open(m),
        Action::TextFilter => {
            // Read the tasks' text now, not on the first letter typed.
            m.text_filter.prepare(&m.tasks);
            let input = Input::new(m.text_filter.query.clone());
            m.open(Overlay::Filter { input });
            Vec::new()
        }
        Action::Palette => {
            m.open(Overlay::Palette(Palette::default()));
            Vec::new()
        }
        Action::NextMatch => step_match(m, 1),
        Action::PrevMatch => step_match(m, -1),
        Action::FilterHides => {
            m.text_filter.hide = !m.text_filter.hide;
            m.relayout();
            let text = if m.text_filter.hide {
                "Text filter hides the tasks it does not match"
            } else {
                "Text filter dims the tasks it does not match"
            };
            toast(m, text.to_string(), false);
            Vec::new()
        }
        // Actions of other contexts: never resolved on the board.
        Action::Save
        | Action::NextField
        | Action::PrevField
        | Action::Toggle
        | Action::ToggleAll
        | Action::Accept
        | Action::Yes
        | Action::No
        | Action::Complete => Vec::new(),
        Action::Refresh => fetch_shown(m),
        Action::NextChange => next_change(m),
        Action::TogglePause => {
            m.paused = !m.paused;
            let text = if m.paused {
                "Polling paused"
            } else {
                "Polling resumed"
            };
            toast(m, text.to_string(), false);
            // A poll that fell due while paused goes out at the next tick:
            // once started, a board always has a fetch out or one planned.
            Vec::new()
        }
        Action::ToggleMouse => {
            m.mouse = !m.mouse;
            let text = if m.mouse {
                "Mouse on (click selects, double click opens, wheel moves)"
            } else {
                "Mouse off (terminal selects text)"
            };
            toast(m, text.to_string(), false);
            vec![Cmd::Term(TermCmd::SetMouse(m.mouse))]
        }
        Action::Help => {
            m.open(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Close => {
            if m.text_filter.active() {
                set_filter(m, "");
            } else if m.toast.take().is_some() {
                m.dirty = true;
            }
            Vec::new()
        }
        Action::Quit => {
            m.quit = true;
            vec![Cmd::Term(TermCmd::Quit)]
        }
        Action::Redraw => {
            m.dirty = true;
            vec![Cmd::Term(TermCmd::Repaint)]
        }
    }
}

/// The first key bound to `a`, as help writes it.
fn key_name(m: &Model, a: Action) -> String {
    m.opts
        .keymap
        .keys_for(a)
        .first()
        .map_or_else(|| a.name().to_string(), ToString::to_string)
}

/// Selects the next task, in board order (start, then id), that changed at the
/// last poll, after the selected one and round to the first; says which it is.
fn next_change(m: &mut Model) -> Vec<Cmd> {
    let mut changed: Vec<(i64, i64, MarkKind, String)> = m
        .tasks
        .iter()
        .filter_map(|t| {
            let mk = m.marks.get(&t.id)?;
            let start = t.starts_at.map_or(i64::MAX, |s| s.timestamp());
            Some((start, t.id, mk.kind, t.title().to_string()))
        })
        .collect();
    if changed.is_empty() {
        toast(m, "no changes at the last poll".to_string(), false);
        return Vec::new();
    }
    changed.sort_by_key(|c| (c.0, c.1));
    let at = m
        .cursor
        .task
        .and_then(|id| changed.iter().position(|c| c.1 == id))
        .map_or(0, |i| (i + 1) % changed.len());
    let (_, id, kind, title) = changed[at].clone();
    m.focus_task(id);
    let word = match kind {
        MarkKind::New => "new",
        MarkKind::Moved => "moved",
        MarkKind::Changed => "changed",
    };
    let text = format!("change {} of {}: {word} · {title}", at + 1, changed.len());
    toast(m, text, false);
    Vec::new()
}

/// Which notification an action sends; `None` for a deletion.
fn notify_kind(a: Action) -> Option<NotifyKind> {
    match a {
        Action::NotifyEmployee => Some(NotifyKind::Employee),
        Action::NotifyDetails => Some(NotifyKind::Details),
        Action::NotifyOnTheWay => Some(NotifyKind::OnTheWay),
        _ => None,
    }
}

/// Opens the confirmation of a notification (`Some(kind)`) or deletion of
/// the selected task, unless the same one is still under way.
fn ask_about(m: &mut Model, task_id: i64, kind: Option<NotifyKind>) -> Vec<Cmd> {
    let Some(seen) = Seen::of(m, task_id) else {
        toast(
            m,
            "This task is no longer in the shown period".to_string(),
            true,
        );
        return Vec::new();
    };
    ask_about_seen(m, &seen, kind)
}

/// As [`ask_about`], for the task a modal (the detail) owns: the board's
/// current copy when it has one, else the one the modal saw; never one
/// the server deleted.
fn ask_about_seen(m: &mut Model, seen: &Seen, kind: Option<NotifyKind>) -> Vec<Cmd> {
    let fate = modal::fate(m, seen);
    if fate.is_gone() {
        toast(m, format!("Not now: {}", modal::GONE), true);
        return Vec::new();
    }
    let seen = Seen::of(m, seen.task_id()).unwrap_or_else(|| seen.clone());
    let t = seen.task();
    let tz = m.tz();
    let pending = match kind {
        Some(kind) => Pending::Notify {
            task_id: t.id,
            kind,
        },
        None => Pending::Delete { task_id: t.id },
    };
    if let Some(f) = m.sends.in_flight.iter().find(|f| f.pending == pending) {
        let since = f.since.with_timezone(&tz).format("%H:%M:%S");
        let what = match kind {
            Some(kind) => kind.label(),
            None => "delete",
        };
        toast(
            m,
            format!("Still sending ({what}, since {since}): wait for Kickserv's answer"),
            true,
        );
        return Vec::new();
    }
    let c = match kind {
        Some(kind) => {
            let sent = m.sends.recent(t.id, kind, m.now);
            confirm::notify(seen, kind, sent, tz)
        }
        None => confirm::delete(seen, tz),
    };
    m.open(Overlay::Confirm(c));
    Vec::new()
}

/// Shows the day (as columns or a timeline) or the week of the cursor's day.
fn show_board(m: &mut Model, to: BoardView) -> Vec<Cmd> {
    let d = m.date_of(m.cursor.day);
    let p = match to {
        BoardView::Week => Period::week_containing(d, m.opts.week_start),
        BoardView::Day | BoardView::Timeline => Period::day(d),
    };
    let on = to == BoardView::Timeline;
    if p == m.period && m.timeline_on != on {
        // The same day in the other mode: nothing to fetch.
        m.timeline_on = on;
        m.relayout();
        return Vec::new();
    }
    m.timeline_on = on;
    show_period(m, p, Some(d))
}

fn select(m: &mut Model, lane: usize, day: usize, task: Option<i64>) {
    // The day grid follows the cursor again.
    m.day_scroll = None;
    m.cursor.lane = lane;
    m.cursor.day = day;
    m.cursor.task = task;
    if let Some(i) = task.and_then(|id| m.tasks.iter().position(|t| t.id == id)) {
        m.cursor.anchor = m.start_minute(i, day).max(0);
    }
    m.keep_lane_visible();
    m.dirty = true;
}

/// j/k: the next task in time; in the week view past the end of a cell to
/// the next employee's cell of the same day.
fn step(m: &mut Model, dir: isize) -> Vec<Cmd> {
    let (lane, day) = (m.cursor.lane, m.cursor.day);
    let items = m.items(lane, day);
    let pos = m
        .cursor
        .task
        .and_then(|id| items.iter().position(|&i| m.tasks[i].id == id));
    let next = match pos {
        Some(p) => p as isize + dir,
        None if dir > 0 => 0,
        None => items.len() as isize - 1,
    };
    if next >= 0 && (next as usize) < items.len() {
        let id = m.tasks[items[next as usize]].id;
        select(m, lane, day, Some(id));
    } else if m.view() == ViewKind::Week {
        let to = lane as isize + dir;
        if to >= 0 && (to as usize) < m.lanes.len() {
            let to = to as usize;
            let cell = m.items(to, day);
            let pick = if dir > 0 { cell.first() } else { cell.last() };
            let id = pick.map(|&i| m.tasks[i].id);
            select(m, to, day, id);
        }
    }
    Vec::new()
}

/// h/l: the neighbouring employee (day view) or day (week view), landing on
/// the task nearest in time.
fn sideways(m: &mut Model, dir: isize) -> Vec<Cmd> {
    match m.view() {
        ViewKind::Day => {
            let to = m.cursor.lane as isize + dir;
            if to >= 0 && (to as usize) < m.lanes.len() {
                let to = to as usize;
                let id = m.nearest(to, 0, m.cursor.anchor);
                let anchor = m.cursor.anchor;
                select(m, to, 0, id);
                m.cursor.anchor = anchor;
            }
        }
        ViewKind::Week => {
            let to = m.cursor.day as isize + dir;
            if to >= 0 && (to as usize) < m.days.len() {
                let to = to as usize;
                let id = m.nearest(m.cursor.lane, to, m.cursor.anchor);
                let anchor = m.cursor.anchor;
                select(m, m.cursor.lane, to, id);
                m.cursor.anchor = anchor;
            }
        }
    }
    Vec::new()
}

/// Lanes that scroll together: those shown, less a pinned one.
fn lane_page(m: &Model) -> usize {
    let shown = m.shown_lanes().len();
    shown
        .saturating_sub(usize::from(m.pinned() && shown > 1))
        .max(1)
}

/// PgUp/PgDn in the day view: a screen of hours earlier or later, the
/// cursor staying where it is (the next move brings it back in view).
fn scroll_hours(m: &mut Model, dir: i32) -> Vec<Cmd> {
    let p = dayplan::plan(m, dayplan::body(m.grid_size()));
    if let Some(ax) = p.axis {
        let page = (ax.rows - 1).max(1);
        let off = (ax.off + dir * page).clamp(0, ax.max_off().max(ax.off));
        if off != ax.off {
            m.day_scroll = Some(off);
            m.dirty = true;
        }
    }
    Vec::new()
}

fn jump_lanes(m: &mut Model, by: isize) -> Vec<Cmd> {
    if m.lanes.is_empty() {
        return Vec::new();
    }
    let to = (m.cursor.lane as isize + by).clamp(0, m.lanes.len() as isize - 1) as usize;
    let id = m.nearest(to, m.cursor.day, m.cursor.anchor);
    select(m, to, m.cursor.day, id);
    Vec::new()
}

fn end_of_cell(m: &mut Model, last: bool) -> Vec<Cmd> {
    let items = m.items(m.cursor.lane, m.cursor.day);
    let pick = if last { items.last() } else { items.first() };
    if let Some(&i) = pick {
        let id = m.tasks[i].id;
        select(m, m.cursor.lane, m.cursor.day, Some(id));
    }
    Vec::new()
}

/// A typed `MM-DD` left the year to the board: the toast says which.
fn say_month_day(m: &mut Model, typed: &str, d: NaiveDate) {
    if let Some(note) = schedule::month_day_note(typed, d) {
        toast(m, note, false);
    }
}

/// Dates a dispatcher types: `2026-11-30`, `11-30`, `+3`, `-1`, `today`,
/// `tomorrow`, `yesterday`, or a weekday name (the next one, today included).
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::schedule::parse_day_input(s, today).ok_or_else(|| {
        let s = s.trim().to_lowercase();
        format!("not a date: {s:?} (try 2026-11-30, 11-30, +3, mon)")
    })
}
