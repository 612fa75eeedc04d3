//! The answers to what was sent: a notification, a deletion and the
//! check that follows a deletion with no answer.

use super::model::{Model, Pending};
use super::msg::{ApiCmd, ApiFault, Cmd, FaultKind};
use super::notice::toast;
use super::period::fetch_shown;
use super::saves;
use super::sends::{InFlight, Sent};
use crate::kickserv::model::{NotifyKind, Task};

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

pub fn on_notified(
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

pub fn on_deleted(
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

pub fn on_delete_checked(
    m: &mut Model,
    task_id: i64,
    still_there: Result<bool, ApiFault>,
) -> Vec<Cmd> {
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
