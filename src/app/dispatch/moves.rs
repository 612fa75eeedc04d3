//! Move mode: a task's new time, employee or length is staged in the
//! layer of local changes and drawn in place; Enter sends one PUT of the
//! changed fields through the save path; Esc drops the stage. After a move
//! went through, the board offers to tell the technician and the customer.

use super::shift;
use crate::app::keymap::{Action, Context};
use crate::app::local::{UndoStep, employees_for};
use crate::app::model::{Model, Overlay};
use crate::app::msg::{ApiFault, Cmd, FaultKind};
use crate::app::notice::toast;
use crate::app::saves;
use crate::app::state::staging::{Offer, Stage};
use crate::kickserv::model::Task;
use crate::schedule::{Lane, ViewKind};

/// Minutes `j`/`k` and the resize keys move by, unless configured.
pub const DEFAULT_STEP: i64 = 15;

/// One key's change to the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Later (positive) or earlier, in minutes of real time.
    Minutes(i64),
    /// Later or earlier by days, at the same clock time.
    Days(i64),
    /// To the next (positive) or previous employee of the board.
    Lane(isize),
    /// Longer (positive) or shorter, in minutes.
    Length(i64),
}

/// What a key does in move mode on the board shown now: minutes and
/// employees in the day and the timeline, days in the week.
pub fn change_for(m: &Model, a: Action) -> Option<Change> {
    let step = m.move_step();
    let week = m.view() == ViewKind::Week;
    Some(match a {
        Action::StageLater if week => Change::Days(1),
        Action::StageEarlier if week => Change::Days(-1),
        Action::StageNext if week => Change::Days(1),
        Action::StagePrev if week => Change::Days(-1),
        Action::StageLater => Change::Minutes(step),
        Action::StageEarlier => Change::Minutes(-step),
        Action::StageNext => Change::Lane(1),
        Action::StagePrev => Change::Lane(-1),
        Action::StageHourLater => Change::Minutes(60),
        Action::StageHourEarlier => Change::Minutes(-60),
        Action::StageLonger => Change::Length(step),
        Action::StageShorter => Change::Length(-step),
        _ => return None,
    })
}

/// Starts move mode on `task_id`: a staged copy over the task, a ghost
/// where it is. Refused in read-only and monitor modes, and for a task
/// with a change under way or no times.
pub fn enter(m: &mut Model, task_id: i64) -> Vec<Cmd> {
    if let Some(task) = movable(m, task_id) {
        let lane = cursor_lane(m, &task);
        begin(m, Stage::new(task, lane));
    }
    Vec::new()
}

/// Starts move mode on `task_id` with `employee_id` staged as its
/// employee (from the unassigned queue): the copy is drawn in that
/// employee's lane and the mode's keys place it in time. False, with a
/// toast saying why, when the task cannot be moved.
pub fn enter_assigned(m: &mut Model, task_id: i64, employee_id: i64) -> bool {
    let Some(task) = movable(m, task_id) else {
        return false;
    };
    let mut stage = Stage::new(task, Lane::Employee(employee_id));
    stage.staged.employees = employees_for(&[employee_id], &m.employees);
    begin(m, stage);
    if let Some(st) = m.local.stage.clone()
        && let Some(i) = m.tasks.iter().position(|t| t.id == task_id)
    {
        m.replace_shown(i, st.staged);
    }
    m.focus_task(task_id);
    true
}

/// The task as the board shows it, when move mode may take it; else a
/// toast says why not.
fn movable(m: &mut Model, task_id: i64) -> Option<Task> {
    if m.read_only() {
        toast(m, "Read-only: nothing is moved".to_string(), true);
        return None;
    }
    if m.local.is_saving(task_id) || m.local.is_creating(task_id) {
        toast(m, "This task is still being saved".to_string(), true);
        return None;
    }
    let Some(task) = m.task_by_id(task_id).cloned() else {
        toast(m, "No task selected".to_string(), true);
        return None;
    };
    if task.starts_at.is_none() || task.ends_at.is_none() || task.all_day == Some(true) {
        let edit = m.opts.keymap.key_text(Context::Board, Action::Edit);
        toast(
            m,
            format!("Only a task with a start and an end moves here; {edit} edits it"),
            true,
        );
        return None;
    }
    Some(task)
}

/// The stage over the board, its ghost where the task was, move mode open.
fn begin(m: &mut Model, stage: Stage) {
    let task_id = stage.task_id;
    let ghost = stage.ghost();
    m.local.stage = Some(stage);
    m.moves.offer = None;
    m.toast = None;
    let end = m.tasks.len();
    m.replace_shown(end, ghost);
    m.focus_task(task_id);
    m.open(Overlay::Move);
}

/// The employee lane the cursor is in when it is one of the task's, else
/// the task's first (Unassigned when it has none).
fn cursor_lane(m: &Model, task: &Task) -> Lane {
    let ids: Vec<i64> = task.employees.iter().map(|e| e.id).collect();
    match m.lanes.get(m.cursor.lane).map(|l| l.0) {
        Some(Lane::Employee(id)) if ids.contains(&id) => Lane::Employee(id),
        _ => ids
            .first()
            .map_or(Lane::Unassigned, |&id| Lane::Employee(id)),
    }
}

/// One key's change to the stage, drawn at once; nothing is sent.
pub fn apply(m: &mut Model, change: Change) {
    let tz = m.tz();
    let least = m.move_step();
    let lane_order: Vec<Lane> = m.lanes.iter().map(|l| l.0).collect();
    let staff = &m.employees;
    let Some(st) = m.local.stage.as_mut() else {
        return;
    };
    if st.sending {
        toast(
            m,
            "Still sending the move: wait for Kickserv".to_string(),
            true,
        );
        return;
    }
    st.refused = None;
    match change {
        Change::Lane(dir) => {
            let Some((lane, ids)) = next_lane(&lane_order, st, dir) else {
                m.dirty = true;
                return;
            };
            st.lane = lane;
            st.staged.employees = employees_for(&ids, staff);
        }
        Change::Minutes(_) | Change::Days(_) | Change::Length(_) => {
            let (Some(s), Some(e)) = (st.staged.starts_at, st.staged.ends_at) else {
                return;
            };
            let (minutes, days, longer) = match change {
                Change::Minutes(n) => (n, 0, 0),
                Change::Days(n) => (0, n, 0),
                Change::Length(n) => (0, 0, n),
                Change::Lane(_) => (0, 0, 0),
            };
            let (s, e) = shift::moved((s, e), minutes, days, longer, least, tz);
            st.staged.starts_at = Some(s);
            st.staged.ends_at = Some(e);
        }
    }
    let (id, staged) = (st.task_id, st.staged.clone());
    m.toast = None;
    if let Some(i) = m.tasks.iter().position(|t| t.id == id) {
        m.replace_shown(i, staged);
    }
    m.focus_task(id);
    m.dirty = true;
}

/// The lane `dir` steps from the stage's, skipping employees the task
/// already has, and the task's employees with the stage's one replaced.
fn next_lane(order: &[Lane], st: &Stage, dir: isize) -> Option<(Lane, Vec<i64>)> {
    let ids: Vec<i64> = st.staged.employees.iter().map(|e| e.id).collect();
    let mut at = order.iter().position(|l| *l == st.lane)?;
    let to = loop {
        at = at.checked_add_signed(dir)?;
        match order.get(at)? {
            Lane::Employee(id) if ids.contains(id) => {}
            l => break *l,
        }
    };
    let mut out: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| st.lane != Lane::Employee(*id))
        .collect();
    if let Lane::Employee(id) = to {
        match ids.iter().position(|i| st.lane == Lane::Employee(*i)) {
            Some(p) => out.insert(p.min(out.len()), id),
            None => out.push(id),
        }
    }
    Some((to, out))
}

/// The stage to the next free gap of its employee's day long enough for
/// it (after its start, else the day's first): one more key stages it
/// there. Day view and timeline only.
pub fn to_next_gap(m: &mut Model) {
    let Some(st) = m.local.stage.as_ref() else {
        return;
    };
    let (Some(s), Some(e)) = (st.staged.starts_at, st.staged.ends_at) else {
        return;
    };
    let (s, e) = (s.with_timezone(&chrono::Utc), e.with_timezone(&chrono::Utc));
    let who = st.staged.employees.first().map(|x| x.display_name());
    let lane = m.lanes.iter().position(|l| l.0 == st.lane);
    let gaps = lane.and_then(|l| super::free::lane_gaps(m, l, Some(st.task_id)));
    let Some(gaps) = gaps else {
        let day = m.opts.keymap.key_text(Context::Board, Action::DayView);
        toast(
            m,
            format!("Free gaps are an employee's, in the day view ({day}) and the timeline"),
            true,
        );
        return;
    };
    match crate::schedule::gaps::next_fit(&gaps, e - s, s) {
        Some(at) => apply(m, Change::Minutes((at - s).num_minutes())),
        None => toast(
            m,
            format!(
                "No free gap of {} min for {} this day",
                (e - s).num_minutes(),
                who.unwrap_or_else(|| "this employee".to_string())
            ),
            true,
        ),
    }
}

/// Esc: the stage is dropped and the task shows as the server has it.
pub fn drop_stage(m: &mut Model) {
    let Some(st) = m.local.stage.take() else {
        return;
    };
    m.recompose();
    m.focus_task(st.task_id);
    toast(m, "Move dropped: nothing was sent".to_string(), false);
}

/// Enter: one PUT of the changed fields through the save path. True when
/// something was sent (the mode then waits for the answer).
pub fn commit(m: &mut Model) -> (bool, Vec<Cmd>) {
    let Some(st) = m.local.stage.as_mut() else {
        return (false, Vec::new());
    };
    if st.sending {
        return (true, Vec::new());
    }
    let patch = st.patch();
    if patch.is_empty() {
        drop_stage(m);
        toast(
            m,
            "Nothing to send: the task is where it was".to_string(),
            false,
        );
        return (false, Vec::new());
    }
    st.sending = true;
    st.refused = None;
    let (id, base) = (st.task_id, st.base.clone());
    // The save's layer shows the task from here on; the ghost goes.
    m.recompose();
    let cmds = saves::save_from(m, base, patch);
    if cmds.is_empty() {
        // Refused before sending (read-only, another save under way).
        if let Some(st) = m.local.stage.as_mut() {
            st.sending = false;
        }
        m.recompose();
        m.focus_task(id);
        return (false, Vec::new());
    }
    m.focus_task(id);
    (true, cmds)
}

/// The answer to a move's PUT (after the save path took it): done, the
/// offer to notify; refused, the stage again with Kickserv's reason; no
/// answer, it may have been applied and the board reads it back.
pub fn on_saved(m: &mut Model, task_id: i64, result: &Result<Task, ApiFault>) -> Vec<Cmd> {
    let Some(st) = m
        .local
        .stage
        .as_mut()
        .filter(|s| s.task_id == task_id && s.sending)
    else {
        return Vec::new();
    };
    m.dirty = true;
    match result {
        Ok(_) => {}
        Err(f) if f.kind == FaultKind::AnswerUnreadable => {}
        Err(f) if f.kind == FaultKind::NoAnswer => {
            m.local.stage = None;
            close_mode(m);
            toast(
                m,
                "No answer from Kickserv: the move may have been applied; reading the task back"
                    .to_string(),
                true,
            );
            return Vec::new();
        }
        Err(f) => {
            st.sending = false;
            st.refused = Some(f.text.clone());
            let text = format!("Not moved: {} (the stage is kept)", f.text);
            m.recompose();
            m.focus_task(task_id);
            toast(m, text, true);
            return Vec::new();
        }
    }
    let Some(st) = m.local.stage.take() else {
        return Vec::new();
    };
    m.moves.last_move = Some(task_id);
    let shown = m.task_by_id(task_id).cloned().unwrap_or(st.staged);
    m.moves.offer = Some(Offer {
        task_id,
        employee: !shown.employees.is_empty(),
        details: true,
    });
    let km = &m.opts.keymap;
    let text = format!(
        "Moved · {}: {} tells the technician, {} the customer",
        shown.title(),
        km.key_text(Context::Move, Action::NotifyEmployee),
        km.key_text(Context::Move, Action::NotifyDetails),
    );
    toast(m, text, false);
    if !m.modals.iter().any(|o| matches!(o, Overlay::Move)) {
        m.moves.offer = None;
    }
    Vec::new()
}

/// Closes move mode wherever it is in the stack.
pub fn close_mode(m: &mut Model) {
    m.modals.retain(|o| !matches!(o, Overlay::Move));
    m.moves.offer = None;
    m.dirty = true;
}

/// `u`: the save path's undo (it reads Kickserv's copy first); for a move,
/// it says that a notification already sent is not unsent.
pub fn undo(m: &mut Model) -> Vec<Cmd> {
    let moved = m.moves.last_move.take();
    let is_move = matches!(
        (&m.local.undo, moved),
        (Some(UndoStep::Revert { task_id, .. }), Some(id)) if *task_id == id
    );
    let cmds = saves::undo(m);
    if is_move && !cmds.is_empty() {
        toast(
            m,
            "Undoing the move: reading the task on Kickserv first; a notification already sent is not unsent"
                .to_string(),
            false,
        );
    }
    cmds
}
