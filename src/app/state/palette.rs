//! The command palette's state and the session's log of results.

use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use tui_input::Input;

use crate::app::commands::Command;
use crate::app::keymap::Action;

/// Candidates shown at most.
pub const SHOWN: usize = 8;
/// History entries kept (here and in the state file).
pub const HISTORY: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct Palette {
    pub input: Input,
    /// The highlighted candidate.
    pub selected: usize,
    /// The history entry shown, counted from the newest.
    pub history: Option<usize>,
    pub error: Option<String>,
}

/// What a candidate does.
#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    Action(Action),
    /// A command of the palette's table.
    Command(Command),
    /// `employee <name>`, completed to a lane's name.
    Employee(String),
    /// `employees <set>`, completed to a saved set's name.
    FilterSet(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// What Tab puts in the input.
    pub text: String,
    pub help: String,
    pub run: Run,
}

/// One line of `:log`.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub task_id: i64,
    /// The result as the toast said it.
    pub text: String,
    pub error: bool,
}

/// Entries kept; the oldest go first.
pub const LOG_CAP: usize = 200;

/// The session's results of notifications, deletions, saves and creates.
#[derive(Clone, Debug, Default)]
pub struct Log {
    pub entries: VecDeque<LogEntry>,
}

impl Log {
    pub fn push(&mut self, e: LogEntry) {
        if self.entries.len() == LOG_CAP {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
    }
}
