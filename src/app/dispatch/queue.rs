//! The unassigned queue: the open tasks of the shown period that nobody
//! is booked for, oldest first, and the key that stages one for the
//! employee under the board's cursor (move mode then places it in time).

use super::moves;
use crate::app::keymap::{Action, Context};
use crate::app::model::Model;
use crate::app::notice::toast;
use crate::app::state::staging::is_ghost;
use crate::schedule::Lane;

/// The queue: indexes into `m.tasks` of the period's open tasks with no
/// employee, by start (then id). Closed work (complete, canceled, lost)
/// waits for nobody.
pub fn queued(m: &Model) -> Vec<usize> {
    let tz = m.tz();
    let mut out: Vec<usize> = m
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.employees.is_empty()
                && !is_ghost(t.id)
                && !t.effective_status().is_some_and(|s| s.is_closed())
                && t.starts_at
                    .is_some_and(|s| m.period.contains(s.with_timezone(&tz).date_naive()))
        })
        .map(|(i, _)| i)
        .collect();
    out.sort_by_key(|&i| (m.tasks[i].starts_at, m.tasks[i].id));
    out
}

/// The employee whose lane the board's cursor is in.
pub fn employee_under_cursor(m: &Model) -> Option<i64> {
    match m.lanes.get(m.cursor.lane).map(|l| l.0) {
        Some(Lane::Employee(id)) => Some(id),
        _ => None,
    }
}

/// Stages the queue's task at `selected` for the employee under the
/// board's cursor and opens move mode. False, with a toast, when there is
/// no such task or employee.
pub fn assign(m: &mut Model, selected: usize) -> bool {
    let Some(task_id) = queued(m).get(selected).map(|&i| m.tasks[i].id) else {
        toast(m, "The queue is empty".to_string(), true);
        return false;
    };
    let Some(employee) = employee_under_cursor(m) else {
        let keys = [Action::MoveLeft, Action::MoveRight]
            .map(|a| m.opts.keymap.key_text(Context::Queue, a));
        toast(
            m,
            format!(
                "Put the board's cursor on an employee first ({}/{})",
                keys[0], keys[1]
            ),
            true,
        );
        return false;
    };
    moves::enter_assigned(m, task_id, employee)
}
