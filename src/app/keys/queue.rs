//! The unassigned queue's keys: choose a task, move the board's cursor
//! to an employee, stage the task for that employee (move mode then
//! places it), close.

use super::Step;
use crate::app::dispatch::queue;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::app::msg::Cmd;
use crate::app::navigate::jump_lanes;

pub fn on_key(m: &mut Model, selected: &mut usize, action: Option<Action>) -> (Step, Vec<Cmd>) {
    let Some(a) = action else {
        return (Step::Stay, Vec::new());
    };
    let n = queue::queued(m).len();
    // The queue shrinks as tasks are assigned: the row stays in it.
    *selected = (*selected).min(n.saturating_sub(1));
    match a {
        Action::MoveDown => *selected = (*selected + 1).min(n.saturating_sub(1)),
        Action::MoveUp => *selected = selected.saturating_sub(1),
        Action::MoveLeft => {
            jump_lanes(m, -1);
        }
        Action::MoveRight => {
            jump_lanes(m, 1);
        }
        // Move mode takes over: the queue gives way to it.
        Action::AssignQueued if queue::assign(m, *selected) => return (Step::Pop, Vec::new()),
        Action::Close | Action::ToggleQueue => return (Step::Pop, Vec::new()),
        _ => {}
    }
    (Step::Stay, Vec::new())
}
