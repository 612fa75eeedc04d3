//! Messages into `update` and the commands it asks the runtime to run.

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use std::time::Duration;

use super::draft::Draft;
use crate::kickserv::error::FieldMessages;
use crate::kickserv::model::{
    Customer, Employee, JobListEntry, Listing, ListingNotes, NotifyKind, Task, TaskPatch,
};
use crate::schedule::Period;

/// Everything that can happen to the board.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A mouse event and when it happened (the runtime stamps it: a double
    /// click is two clicks close in time).
    Mouse(MouseEvent, DateTime<Utc>),
    Resize(u16, u16),
    /// Before a draw: the last first row the scrolled modal on top can show
    /// at this size (the view measures it), so scrolling stops at its end.
    ScrollLimit(u16),
    /// The runtime drew the model: nothing visible has changed since.
    Drawn,
    /// The clock: sent once a second (missed ticks skipped) and at start.
    Tick(DateTime<Utc>),
    TasksLoaded {
        seq: u64,
        period: Period,
        at: DateTime<Utc>,
        /// The tasks, and what the listing could not deliver.
        result: Result<Listing, ApiFault>,
    },
    EmployeesLoaded {
        at: DateTime<Utc>,
        result: Result<Vec<Employee>, ApiFault>,
    },
    Notified {
        task_id: i64,
        kind: NotifyKind,
        result: Result<(), ApiFault>,
    },
    /// The answer to a DELETE: the task Kickserv says it deleted, when
    /// the answer carries one (`None`: accepted with no usable task).
    Deleted {
        task_id: i64,
        result: Result<Option<Box<Task>>, ApiFault>,
    },
    /// A task read before changing it (`Ok(None)`: Kickserv has no such
    /// task any more).
    TaskRead {
        task_id: i64,
        purpose: ReadFor,
        result: Result<Option<Box<Task>>, ApiFault>,
    },
    /// A job's tasks, read after a create left without an answer: was the
    /// task made?
    JobTasksRead {
        job_number: i64,
        result: Result<Vec<Task>, ApiFault>,
    },
    /// After a delete whose answer was unreadable: does the task still exist?
    /// (`Ok(false)`: Kickserv answered 404, so the delete happened.)
    DeleteChecked {
        task_id: i64,
        still_there: Result<bool, ApiFault>,
    },
    /// The answer to `ApiCmd::Save`: the task as it now is (the server's
    /// answer merged into the task the form saw).
    Saved {
        task_id: i64,
        result: Result<Task, ApiFault>,
    },
    /// The answer to `ApiCmd::Create`, for the stand-in shown meanwhile.
    Created {
        local_id: i64,
        result: Result<Task, ApiFault>,
    },
    CustomersFound {
        seq: u64,
        text: String,
        result: Result<Vec<Customer>, ApiFault>,
    },
    JobsListed {
        customer_id: i64,
        result: Result<Vec<JobListEntry>, ApiFault>,
    },
    /// SIGTERM, SIGHUP, a closed terminal: leave now, restoring the terminal.
    Shutdown(&'static str),
    /// A draft's write failed (`Err`, said on its form while it is open),
    /// or succeeded again after failing.
    DraftStored {
        id: String,
        result: Result<(), String>,
    },
    /// A saved set was written to the config file (its path), or why not.
    SetSaved {
        name: String,
        result: Result<String, String>,
    },
    /// The disk cache is in use, and what it held for the shown period
    /// (read at start, before the first frame).
    CacheLoaded(Option<Box<super::state::offline::Snapshot>>),
}

/// What went wrong with a request, reduced to what the board shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiFault {
    pub kind: FaultKind,
    /// One line for a dispatcher, already free of secrets.
    pub text: String,
    pub retry_after: Option<Duration>,
    /// A refused change's messages by field, for a form to show beside
    /// each field (empty for any other fault).
    pub fields: FieldMessages,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    Auth,
    Unreachable,
    RateLimited,
    Rejected,
    /// A change was accepted (2xx) but its answer could not be read: it
    /// happened, and must not be sent again.
    AnswerUnreadable,
    /// A change was sent but no answer came in time: it may have happened.
    NoAnswer,
    Other,
}

/// Work for the runtime, by the executor that runs it. `update` never does
/// I/O itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    Api(ApiCmd),
    Term(TermCmd),
    Store(StoreCmd),
}

/// Requests to Kickserv, each run on its own task; the answer comes back as
/// a `Msg`.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiCmd {
    /// `from..=to`: the server's dates to list (a look-back before `period`
    /// and, where the account's zone may differ, a day more each side).
    FetchTasks {
        seq: u64,
        period: Period,
        from: NaiveDate,
        to: NaiveDate,
        /// Only this employee's tasks (the employee filter shows one lane).
        employee_number: Option<i64>,
        /// Keep only the tasks that end at or after this instant (see
        /// `TaskQuery::ending_from`): set when the look-back probes the cap.
        ending_from: Option<DateTime<Utc>>,
    },
    FetchEmployees,
    Notify {
        task_id: i64,
        kind: NotifyKind,
    },
    Delete {
        task_id: i64,
    },
    /// Reads the task back after an unreadable answer to its delete.
    CheckDeleted {
        task_id: i64,
    },
    /// Reads the task as Kickserv has it now, before a change made from the
    /// board's copy (a delete, an undo).
    ReadTask {
        task_id: i64,
        purpose: ReadFor,
    },
    /// Reads a job's tasks: finds a task whose create had no answer.
    ReadJobTasks {
        job_number: i64,
    },
    /// `PUT` of the changed fields. `base` is the task as the form saw it:
    /// the answer is merged into it.
    Save {
        task_id: i64,
        patch: TaskPatch,
        base: Box<Task>,
    },
    /// `POST /jobs/{job_number}/tasks.json`, never retried. `local_id` is the
    /// stand-in shown until the answer (an undone delete is created this way
    /// too, as a new task).
    Create {
        local_id: i64,
        job_number: i64,
        task: TaskPatch,
    },
    /// Customers whose name contains `text`; `seq` lets the newest search win.
    SearchCustomers {
        seq: u64,
        text: String,
    },
    /// A customer's active jobs.
    JobList {
        customer_id: i64,
    },
    /// Drops the task fetch `seq` (a newer one made it needless): no request
    /// of it is left open, and no `TasksLoaded` of it comes back.
    CancelFetch {
        seq: u64,
    },
}

/// Why a task is read before a change: the answer goes back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFor {
    Delete,
    Undo,
}

/// What the loop does to the terminal itself, in order with drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum TermCmd {
    SetMouse(bool),
    /// Forget what is on the terminal and paint everything again.
    Repaint,
    /// Ctrl-Z: give the terminal back, stop as a shell job, and take the
    /// screen again (repainted) when continued.
    Suspend,
    Quit,
}

/// Local storage (draft journal; later the disk cache and state file), run
/// in order by one executor off the event loop.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreCmd {
    /// Writes the state file (the view shown).
    SaveState(super::state::SaveState),
    /// Replace the draft of this one's edit (its `id`) atomically.
    SaveDraft(Draft),
    /// The edit with this draft id was saved or given up: forget its draft.
    RemoveDraft(String),
    /// Keep the last good data on disk for the next start.
    Cache(CacheCmd),
    /// Add the saved set `name` to the config file's `[filters]`.
    SaveSet {
        file: std::path::PathBuf,
        name: String,
        entries: Vec<crate::config::sets::SetEntry>,
    },
}

/// Writes to the disk cache of the last good data (never a secret).
#[derive(Clone, Debug, PartialEq)]
pub enum CacheCmd {
    /// The tasks of a period as Kickserv listed them (those that touch the
    /// period's days in `tz` are kept).
    Tasks {
        period: Period,
        tz: chrono_tz::Tz,
        at: DateTime<Utc>,
        tasks: std::sync::Arc<Vec<Task>>,
        notes: ListingNotes,
    },
    Employees {
        at: DateTime<Utc>,
        employees: Vec<Employee>,
    },
}

impl ApiCmd {
    /// Whether the command changes something in Kickserv (refused in
    /// read-only and monitor modes).
    pub fn mutates(&self) -> bool {
        matches!(
            self,
            ApiCmd::Notify { .. }
                | ApiCmd::Delete { .. }
                | ApiCmd::Save { .. }
                | ApiCmd::Create { .. }
        )
    }
}

impl From<ApiCmd> for Cmd {
    fn from(c: ApiCmd) -> Cmd {
        Cmd::Api(c)
    }
}

impl From<StoreCmd> for Cmd {
    fn from(c: StoreCmd) -> Cmd {
        Cmd::Store(c)
    }
}

impl From<TermCmd> for Cmd {
    fn from(c: TermCmd) -> Cmd {
        Cmd::Term(c)
    }
}
