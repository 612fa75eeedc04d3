//! A request the board asked the dispatcher about and is waiting to send.

use crate::kickserv::model::NotifyKind;

#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Notify {
        task_id: i64,
        kind: NotifyKind,
    },
    Delete {
        task_id: i64,
    },
    /// Putting an edit back over a change made on Kickserv since.
    Undo {
        task_id: i64,
    },
}
