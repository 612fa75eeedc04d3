//! The task detail's keys: scrolling, the raw JSON, and the task's own
//! actions (notify, delete, edit, undo), whose dialogs open over the detail
//! and return to it.

use super::board::{act, ask_about_seen, notify_kind};
use super::{Step, text_page};
use crate::app::editing;
use crate::app::keymap::Action;
use crate::app::modal::Seen;
use crate::app::model::Model;
use crate::app::msg::Cmd;

pub fn on_key(
    m: &mut Model,
    task_id: i64,
    scroll: &mut u16,
    seen: &Seen,
    raw: &mut bool,
    action: Option<Action>,
) -> (Step, Vec<Cmd>) {
    let Some(a) = action else {
        return (Step::Stay, Vec::new());
    };
    let cmds = match a {
        Action::Close | Action::Detail | Action::Quit => return (Step::Pop, Vec::new()),
        Action::RawJson => {
            *raw = !*raw;
            *scroll = 0;
            Vec::new()
        }
        Action::MoveDown => {
            *scroll = scroll.saturating_add(1);
            Vec::new()
        }
        Action::MoveUp => {
            *scroll = scroll.saturating_sub(1);
            Vec::new()
        }
        Action::PageDown => {
            *scroll = scroll.saturating_add(text_page(m, 6));
            Vec::new()
        }
        Action::PageUp => {
            *scroll = scroll.saturating_sub(text_page(m, 6));
            Vec::new()
        }
        Action::First => {
            *scroll = 0;
            Vec::new()
        }
        Action::Last => {
            *scroll = u16::MAX;
            Vec::new()
        }
        Action::NotifyEmployee
        | Action::NotifyDetails
        | Action::NotifyOnTheWay
        | Action::Delete
            if !m.read_only() =>
        {
            ask_about_seen(m, seen, notify_kind(a))
        }
        Action::Edit if !m.read_only() => editing::open_edit(m, task_id),
        // Move mode takes the detail's place: the board shows the stage.
        Action::MoveTask if !m.read_only() => {
            return (Step::Pop, crate::app::dispatch::moves::enter(m, task_id));
        }
        Action::NotifyEmployee
        | Action::NotifyDetails
        | Action::NotifyOnTheWay
        | Action::Delete
        | Action::Edit
        | Action::Add
        | Action::Undo
        | Action::MoveTask => act(m, a),
        _ => Vec::new(),
    };
    (Step::Stay, cmds)
}
