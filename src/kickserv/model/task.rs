//! A schedule entry.

use super::*;

/// A schedule entry ("event" in the Kickserv UI).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    #[serde(deserialize_with = "lenient::id")]
    pub id: i64,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_id: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_id: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub task_type_id: Option<i64>,
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
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// Unit unknown; durations are computed from `starts_at`/`ends_at`.
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub all_day: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<Status>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<DateTime<FixedOffset>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// Glue records are shared (`Arc`) between the tasks of one job,
    /// customer or employee: see [`share_glue`].
    #[serde(default, deserialize_with = "lenient::record")]
    pub job: Option<Arc<Job>>,
    #[serde(default, deserialize_with = "lenient::record")]
    pub customer: Option<Arc<Customer>>,
    /// Shared like the glue records: the same contact repeats across
    /// the tasks of a customer.
    #[serde(default, deserialize_with = "lenient::record")]
    pub primary_contact: Option<Arc<Contact>>,
    #[serde(default, deserialize_with = "lenient::records")]
    pub employees: Vec<Arc<Employee>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Task {
    /// The task's own status when it has one, else its job's.
    pub fn effective_status(&self) -> Option<&Status> {
        self.status
            .as_ref()
            .or_else(|| self.job.as_ref().and_then(|j| j.status.as_ref()))
    }

    /// The title a dispatcher recognises: task name, else job name, else description.
    pub fn title(&self) -> &str {
        self.name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| self.job.as_ref().and_then(|j| j.name.as_deref()))
            .or(self.description.as_deref())
            .unwrap_or("(untitled)")
    }

    /// Forgets the unknown keys of the task's job and customer (the
    /// board's listings: no view shows them). A record this task shares
    /// with others is copied first, so they keep theirs.
    pub fn drop_nested_keys(&mut self) {
        if let Some(j) = self.job.as_mut().filter(|j| !j.extra.is_empty()) {
            Arc::make_mut(j).extra = Extra::default();
        }
        if let Some(c) = self.customer.as_mut().filter(|c| !c.extra.is_empty()) {
            Arc::make_mut(c).extra = Extra::default();
        }
    }

    pub fn customer_name(&self) -> Option<&str> {
        self.customer.as_ref().and_then(|c| c.display_name())
    }

    /// The task known, updated by the server's answer to a PUT or DELETE:
    /// those answers carry only `job` and `customer` glue, so swapping them in
    /// would lose the employees and primary contact.
    ///
    /// The answer's own fields win, a `None` among them too (the server
    /// cleared it); glue the answer leaves out (job, customer, primary
    /// contact, an empty employee list) and unknown keys it does not repeat
    /// are kept. An answer about another task is taken as it is. An answer
    /// cannot tell "no employees" from "not said": after a change of
    /// `employee_ids` the caller sets the employees itself.
    pub fn merged_with(&self, answer: Task) -> Task {
        if answer.id != self.id {
            return answer;
        }
        let extra = if self.extra.is_empty() {
            answer.extra
        } else {
            let mut keys = self.extra.map();
            keys.extend(answer.extra.map());
            Extra::from(keys)
        };
        Task {
            job: answer.job.or_else(|| self.job.clone()),
            customer: answer.customer.or_else(|| self.customer.clone()),
            primary_contact: answer
                .primary_contact
                .or_else(|| self.primary_contact.clone()),
            employees: if answer.employees.is_empty() {
                self.employees.clone()
            } else {
                answer.employees
            },
            extra,
            ..answer
        }
    }
}
