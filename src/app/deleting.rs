//! A delete confirmed with `y`: Kickserv's copy is read first, since the
//! board's is only as fresh as its last poll. The same, it is deleted at
//! once; changed, the dialog shows what changed and asks again; gone,
//! nothing is sent. Each read is a command whose answer comes back here.

use super::confirm::{self, Confirm};
use super::form::changes::changes_between;
use super::keymap::{Action, Context};
use super::model::{Model, Overlay, Pending};
use super::msg::{ApiCmd, ApiFault, Cmd, ReadFor};
use super::notice::toast;
use super::period::fetch_shown;
use crate::kickserv::model::Task;

/// `y` on a delete's dialog (taken off the stack by the caller).
pub fn on_yes(m: &mut Model, mut c: Confirm) -> Vec<Cmd> {
    if m.sends.is_in_flight(&c.pending) {
        toast(m, format!("Still waiting for Kickserv: {}", c.title), true);
        return Vec::new();
    }
    // Kickserv's copy read and shown: deleted as it is now.
    if let Some(read) = c.checked.clone() {
        return start(m, &c, *read);
    }
    let task_id = c.task_id();
    let again = c.checking;
    c.checking = true;
    m.modals.push(Overlay::Confirm(c));
    if again {
        return Vec::new();
    }
    vec![Cmd::Api(ApiCmd::ReadTask {
        task_id,
        purpose: ReadFor::Delete,
    })]
}

/// Kickserv's copy of a task the dialog on top is about to delete: the
/// same as the board's, it is deleted now; changed, the dialog shows what
/// changed and asks again; gone, nothing is sent.
pub fn on_read(
    m: &mut Model,
    task_id: i64,
    result: Result<Option<Box<Task>>, ApiFault>,
) -> Vec<Cmd> {
    // Closed meanwhile (n, Esc): nothing is sent.
    let Some(Overlay::Confirm(c)) = m.modals.last_mut() else {
        return Vec::new();
    };
    if c.pending != (Pending::Delete { task_id }) || !c.checking {
        return Vec::new();
    }
    m.dirty = true;
    let now = match result {
        Ok(Some(now)) => now,
        Ok(None) => {
            let title = c.title.clone();
            m.modals.pop();
            toast(
                m,
                format!("Not deleted: Kickserv no longer has task {task_id} · {title}"),
                true,
            );
            return fetch_shown(m);
        }
        Err(f) => {
            c.checking = false;
            c.warnings = vec![
                format!(
                    "Kickserv's copy could not be read ({}): nothing was deleted.",
                    f.text
                ),
                format!(
                    "Press {} to try again.",
                    m.opts.keymap.key_text(Context::Confirm, Action::Yes)
                ),
            ];
            return Vec::new();
        }
    };
    let board = c.seen.task();
    let same = changes_between(board, &now, m.opts.tz, usize::MAX).is_empty()
        && board.effective_status() == now.effective_status()
        && !matches!((board.updated_at, now.updated_at), (Some(a), Some(b)) if a != b);
    if same {
        let Some(Overlay::Confirm(c)) = m.modals.pop() else {
            return Vec::new();
        };
        return start(m, &c, *now);
    }
    let tz = m.tz();
    let keys = m.opts.keymap.clone();
    if let Some(Overlay::Confirm(c)) = m.modals.last_mut() {
        confirm::delete_changed(c, *now, tz, &keys);
    }
    Vec::new()
}

/// Sends the DELETE, keeping `read` (Kickserv's copy just read) for `u`
/// should the answer hold no task.
fn start(m: &mut Model, c: &Confirm, read: Task) -> Vec<Cmd> {
    let task_id = c.task_id();
    m.sends.start(c.pending.clone(), c.title.clone(), m.now);
    m.local.deleting.insert(task_id, read);
    toast(m, format!("Deleting · {}", c.title), false);
    vec![Cmd::Api(ApiCmd::Delete { task_id })]
}
