//! Which employees' lanes the board shows (the employee filter, `E`).

use serde::{Deserialize, Serialize};

/// The picker's row for the Unassigned lane (no employee has this id).
pub const UNASSIGNED_CHOICE: i64 = i64::MIN;

/// The employees whose lanes are shown; everyone when there is none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmployeeFilter {
    pub ids: Vec<i64>,
    /// The Unassigned lane is shown too.
    pub unassigned: bool,
}

impl EmployeeFilter {
    /// Whether the lane of employee `id` is shown.
    pub fn shows(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }
}

/// One employee the board knows of: from the employee list, or only
/// named by tasks (inactive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub inactive: bool,
}
