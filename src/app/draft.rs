//! An unsaved edit as written to the draft journal: what was typed, so that
//! a crash or a dropped session gives it back. Never holds the token.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// Keys missing from the file take their defaults, so a draft written by
/// another version of kickdesk still comes back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
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
}

/// The question offered at start-up when a draft is found.
pub fn restore_prompt(d: &Draft) -> String {
    let title = d.title.trim();
    match (d.task_id, title.is_empty()) {
        (Some(id), false) => format!("restore your edit of task {id}, {title}?"),
        (Some(id), true) => format!("restore your edit of task {id}?"),
        (None, false) => format!("restore the new task you were writing, {title}?"),
        (None, true) => "restore the new task you were writing?".to_string(),
    }
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
