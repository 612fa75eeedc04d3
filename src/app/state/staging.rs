//! Move mode's state: the staged copy of one task (new time, employee,
//! length) that lies over the server's data until Enter sends it, and
//! what the board offers after a move went through.

use crate::kickserv::model::{Status, Task, TaskPatch};
use crate::schedule::Lane;

/// Ids from here down are ghosts: the old place of a staged task, drawn
/// dimmed. Far below the stand-in ids of tasks being created.
pub const GHOST: i64 = -(1 << 60);

/// The ghost's id for a staged task.
pub fn ghost_id(task_id: i64) -> i64 {
    GHOST.saturating_sub(task_id.max(0))
}

pub fn is_ghost(id: i64) -> bool {
    id <= GHOST
}

/// One task being moved: `staged` is drawn in place of the task and a
/// ghost of `base` where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub task_id: i64,
    /// The task as the board showed it when staging began: the PUT sends
    /// what differs from it.
    pub base: Task,
    pub staged: Task,
    /// The lane the staged copy is in: the employee `h`/`l` replace.
    pub lane: Lane,
    /// Kickserv's reason when it refused the last commit.
    pub refused: Option<String>,
    /// Sent and not answered: the save's layer shows the task meanwhile.
    pub sending: bool,
}

impl Stage {
    pub fn new(base: Task, lane: Lane) -> Stage {
        Stage {
            task_id: base.id,
            staged: base.clone(),
            base,
            lane,
            refused: None,
            sending: false,
        }
    }

    /// Only the fields the stage changed.
    pub fn patch(&self) -> TaskPatch {
        let (b, s) = (&self.base, &self.staged);
        let ids = |t: &Task| {
            let mut v: Vec<i64> = t.employees.iter().map(|e| e.id).collect();
            v.sort_unstable();
            v
        };
        TaskPatch {
            starts_at: s.starts_at.filter(|_| s.starts_at != b.starts_at),
            ends_at: s.ends_at.filter(|_| s.ends_at != b.ends_at),
            employee_ids: (ids(s) != ids(b)).then(|| s.employees.iter().map(|e| e.id).collect()),
            ..TaskPatch::default()
        }
    }

    /// The old place, drawn dimmed under its own id. Called off, so its
    /// hours are not booked twice.
    pub fn ghost(&self) -> Task {
        Task {
            id: ghost_id(self.task_id),
            status: Some(Status::Canceled),
            ..self.base.clone()
        }
    }
}

/// After a move went through: the notifications offered, one key each,
/// each at most once.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub task_id: i64,
    pub employee: bool,
    pub details: bool,
}

/// What move mode keeps besides the stage (which is in the local layer).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moves {
    pub offer: Option<Offer>,
    /// The task of the last move sent: `u` puts it back and says a
    /// notification already sent is not unsent.
    pub last_move: Option<i64>,
}
