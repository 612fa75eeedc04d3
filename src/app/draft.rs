//! An unsaved edit as written to the draft journal: what was typed, so that
//! a crash or a dropped session gives it back. Never holds the token.
//!
//! Each edit has a draft of its own, named by its slot (`task-2357911`,
//! `new-1`, `kept-0` for one found at start): an edit saved or given up
//! removes its own draft and no other.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Keys missing from the file take their defaults, so a draft written by
/// another version of kickdesk still comes back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Which of the account's drafts this is (its file), set by the form
    /// that writes it or by the journal that found it.
    #[serde(skip)]
    pub id: String,
    /// Found in the single draft file of an older kickdesk, which did not
    /// record the account: the prompt says so.
    #[serde(skip)]
    pub account_unknown: bool,
    /// The task edited; `None` for a task being created.
    pub task_id: Option<i64>,
    /// The task's title when the form opened, for the restore prompt.
    pub title: String,
    /// The texts of the fields, exactly as typed.
    pub description: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub employee_ids: Vec<i64>,
    /// The task's `updated_at` when the form opened: a restore onto a task
    /// changed since is shown as a server change.
    pub base_updated_at: Option<DateTime<FixedOffset>>,
    /// When the draft was written.
    pub at: DateTime<Utc>,
    /// A new task's job, chosen before its form: a restore needs not ask again.
    pub job: Option<DraftJob>,
}

/// The job a new task goes on: its number (what the POST names) and label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftJob {
    pub number: i64,
    pub label: String,
}

/// The slot of the draft of an edit of task `id`.
pub fn task_slot(id: i64) -> String {
    format!("task-{id}")
}

/// What the journal found at start: drafts of this account left by runs
/// that ended, oldest first, and what could not be read (said, left there).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub drafts: Vec<Draft>,
    pub errors: Vec<String>,
}

/// The drafts of an earlier run still to offer, and the numbering of new
/// tasks' drafts.
#[derive(Clone, Debug, Default)]
pub struct Drafts {
    /// Offered one after another, after the one on screen is answered.
    pub waiting: VecDeque<Draft>,
    /// How many were found at start (for "2 of 3").
    pub found: usize,
    /// The last new task's draft number in this run.
    pub last_new: u32,
}

impl Drafts {
    /// The slot of the next new task's draft.
    pub fn new_slot(&mut self) -> String {
        self.last_new += 1;
        format!("new-{}", self.last_new)
    }
}

/// The question offered at start-up when a draft is found.
pub fn restore_prompt(d: &Draft) -> String {
    let title = d.title.trim();
    let mut q = match (d.task_id, title.is_empty()) {
        (Some(id), false) => format!("restore your edit of task {id}, {title}?"),
        (Some(id), true) => format!("restore your edit of task {id}?"),
        (None, false) => format!("restore the new task you were writing, {title}?"),
        (None, true) => "restore the new task you were writing?".to_string(),
    };
    if d.account_unknown {
        q.push_str(
            " It was kept by an older kickdesk that did not record the account: \
             restore it only if it is this account's.",
        );
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn sample() -> Draft {
        Draft {
            task_id: Some(2357911),
            title: "Roof survey".into(),
            description: "Bring the long ladder".into(),
            date: "2026-11-27".into(),
            start: "9:30".into(),
            end: "1h30".into(),
            employee_ids: vec![846787],
            base_updated_at: None,
            at: Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_draft_of_another_version_still_reads() {
        let d: Draft = serde_json::from_str(
            r#"{"task_id": 2357911, "title": "Roof survey", "description": "x", "color": "red"}"#,
        )
        .unwrap();
        assert_eq!(d.task_id, Some(2357911));
        assert_eq!(d.description, "x");
        assert!(d.employee_ids.is_empty());
    }

    #[test]
    fn the_prompt_names_the_task() {
        let d = sample();
        assert_eq!(
            restore_prompt(&d),
            "restore your edit of task 2357911, Roof survey?"
        );
        let new = Draft {
            task_id: None,
            title: String::new(),
            ..d
        };
        assert_eq!(
            restore_prompt(&new),
            "restore the new task you were writing?"
        );
    }
}
