//! `update`: the only place the model changes. Pure: no I/O, no clock
//! reads (time arrives in `Msg::Tick` and in results), no randomness.

pub use super::clock::later;
use super::deleting;
use super::editing;
pub use super::filtering::set_filter;
pub use super::keys::PEEK_KEY;
pub use super::keys::board::act;
use super::keys::on_key;
pub use super::keys::prompt::parse_date;
use super::model::{EMPLOYEES_EVERY, Model, Overlay};
use super::monitor;
use super::msg::{Cmd, FaultKind, Msg, ReadFor, TermCmd};
use super::offline;
use super::palette::LogEntry;
use super::period::fetch_shown;
pub use super::persist::save_state;
use super::saves;
/// What the edit and create forms call (see [`saves`]).
pub use super::saves::{create, save, save_from, undo};
use crate::kickserv::model::Task;

use super::answers::{on_delete_checked, on_deleted, on_notified};
pub use super::fetched::{CACHE_TASKS, diff};
use super::fetched::{fetch_employees, on_tasks};
use super::mouse::on_mouse;
pub use super::ticking::age_text;
use super::ticking::on_tick;

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
        Msg::Drawn => {
            m.dirty = false;
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
                    super::sets::on_employees(m);
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
            cmds.extend(super::dispatch::late::on_saved(m, task_id, &result));
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
        Msg::SetSaved { name, result } => super::sets::on_saved(m, &name, result),
        Msg::CacheLoaded(snapshot) => offline::on_loaded(m, snapshot),
    }
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
