//! What is sent: task changes, notifications, and the job list of the create form.

use super::*;

/// One entry of `GET /tasks/job_list.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobListEntry {
    #[serde(deserialize_with = "lenient::id")]
    pub id: i64,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The three notifications of `POST /tasks/{id}/notify.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotifyKind {
    /// No `notification_type`: the assigned employee(s).
    Employee,
    /// `details`: appointment details to the customer.
    Details,
    /// `on_the_way`: the technician is on the way, to the customer.
    OnTheWay,
}

impl NotifyKind {
    pub fn param(self) -> Option<&'static str> {
        match self {
            NotifyKind::Employee => None,
            NotifyKind::Details => Some("details"),
            NotifyKind::OnTheWay => Some("on_the_way"),
        }
    }

    pub fn from_param(p: Option<&str>) -> Option<Self> {
        match p {
            None | Some("") => Some(NotifyKind::Employee),
            Some("details") => Some(NotifyKind::Details),
            Some("on_the_way") => Some(NotifyKind::OnTheWay),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NotifyKind::Employee => "notify assigned employee",
            NotifyKind::Details => "send customer appointment details",
            NotifyKind::OnTheWay => "tell customer \"on the way\"",
        }
    }
}

/// The writable fields of a task: only what is `Some` is sent (PUT sends
/// only the changed fields). Wrapped as `{"task": {...}}` on the wire.
///
/// The fields a task may lack (name, description, task type) are
/// `Option<Option<T>>`: `Some(None)` clears the field with an explicit `null`.
/// The job, times, status and flags are only ever set: a task on the board
/// needs them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<i64>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_type_id: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_day: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Global employee ids (inferred key, per the API reference §4.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_ids: Option<Vec<i64>>,
}

/// A present key, `null` included, is `Some` (absent stays `None` by
/// `default`): so a patch read back keeps its clears.
fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

impl TaskPatch {
    pub fn is_empty(&self) -> bool {
        *self == TaskPatch::default()
    }
}
