//! The task as a modal first saw it (see `app::modal` for what became of
//! it since).

use std::fmt;
use std::sync::Arc;

use crate::kickserv::model::Task;
use crate::schedule::Period;

/// The task as the modal first saw it: a share of the listing it came from
/// (no copy of the task), and the period that listing belongs to.
#[derive(Clone)]
pub struct Seen {
    pub period: Period,
    pub(in crate::app) tasks: Arc<Vec<Task>>,
    pub(in crate::app) index: usize,
}

impl Seen {
    /// Entry `index` of the listing `tasks` of `period`.
    pub fn at(period: Period, tasks: Arc<Vec<Task>>, index: usize) -> Seen {
        Seen {
            period,
            tasks,
            index,
        }
    }

    pub fn task(&self) -> &Task {
        &self.tasks[self.index]
    }

    pub fn task_id(&self) -> i64 {
        self.task().id
    }
}

impl fmt::Debug for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the listing: a failing test would print thousands of tasks.
        f.debug_struct("Seen")
            .field("period", &self.period)
            .field("task_id", &self.task_id())
            .finish()
    }
}

impl PartialEq for Seen {
    fn eq(&self, o: &Seen) -> bool {
        self.period == o.period && self.task() == o.task()
    }
}
