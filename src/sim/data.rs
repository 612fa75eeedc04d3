//! The simulator's own records. They hold what the server knows; `render`
//! turns them into the documented JSON shapes.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::status::SimStatus;

pub const ACCOUNT_ID: i64 = 222_222;
pub const TASK_TYPE_WORK: i64 = 4711;
pub const TASK_TYPE_ESTIMATE: i64 = 4712;
pub const TASK_TYPE_REMINDER: i64 = 4713;

#[derive(Clone, Debug, PartialEq)]
pub struct SimEmployee {
    pub id: i64,
    pub employee_number: i64,
    pub name: String,
    pub username: String,
    pub email_address: String,
    pub cell_phone: String,
    pub admin: bool,
    pub active: bool,
    pub limit_access_to_assignments: bool,
    pub notify_via_email: bool,
    pub notify_via_mobile: bool,
    pub hired_date: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimContact {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone_number: Option<String>,
    pub mobile: Option<String>,
    pub email_address: Option<String>,
}

impl SimContact {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimCustomer {
    pub id: i64,
    pub customer_number: i64,
    pub name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    /// Commercial account (the reliable flag; `company_name` may be filled for anyone).
    pub company: bool,
    pub phone_number: Option<String>,
    pub mobile: Option<String>,
    pub email_address: Option<String>,
    pub service_address: String,
    pub service_city: String,
    pub service_state: String,
    pub service_zip_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub created_at: DateTime<Utc>,
    pub primary_contact: Option<SimContact>,
}

impl SimCustomer {
    /// Where `details` / `on_the_way` notifications go: e-mail and phones, in that order.
    pub fn reachable_at(&self) -> Vec<String> {
        [&self.email_address, &self.mobile, &self.phone_number]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimJob {
    pub id: i64,
    pub customer_id: i64,
    pub job_number: i64,
    pub name: String,
    pub status: SimStatus,
    pub job_type_id: i64,
    pub description: Option<String>,
    pub total: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SimJob {
    /// "Job #1042: AC repair" or "Opportunity #1042: …" for jobs still at the estimate stage.
    pub fn list_name(&self) -> String {
        let kind = if self.status.is_opportunity() {
            "Opportunity"
        } else {
            "Job"
        };
        format!("{kind} #{}: {}", self.job_number, self.name)
    }
}

/// A schedule entry. Times are instants; they are rendered in the account zone.
#[derive(Clone, Debug, PartialEq)]
pub struct SimTask {
    pub id: i64,
    pub job_id: i64,
    pub task_type_id: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub all_day: bool,
    /// The task's own status, when one was written (seeded tasks have none:
    /// their job's status stands).
    pub status: Option<SimStatus>,
    /// Global employee ids, in assignment order.
    pub employee_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Ids of the tasks that exercise the awkward cases, all on the seed's "today".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Specials {
    /// Two tasks of one employee that overlap in time.
    pub overlap: [i64; 2],
    pub unassigned: i64,
    pub multi_employee: i64,
    pub all_day: i64,
    pub cross_midnight: i64,
    /// From yesterday morning to tomorrow afternoon.
    pub multi_day: i64,
    pub midnight_start: i64,
    /// Customer without a primary contact.
    pub no_contact: i64,
    /// Customer with neither e-mail nor phone (customer notifications fail).
    pub unreachable: i64,
    /// Assigned to the employee with a CJK name.
    pub cjk: i64,
    /// Assigned to the employee whose name uses a combining mark.
    pub combining: i64,
    /// Customer and employee names with emoji.
    pub emoji: i64,
    /// Assigned only to the inactive employee.
    pub inactive: i64,
    /// Description carrying terminal escape sequences.
    pub escape: i64,
    /// From three days ago to two days ahead: beyond a short look-back.
    pub long_job: i64,
}

impl Specials {
    pub fn all(&self) -> Vec<(&'static str, i64)> {
        vec![
            ("overlap_a", self.overlap[0]),
            ("overlap_b", self.overlap[1]),
            ("unassigned", self.unassigned),
            ("multi_employee", self.multi_employee),
            ("all_day", self.all_day),
            ("cross_midnight", self.cross_midnight),
            ("multi_day", self.multi_day),
            ("midnight_start", self.midnight_start),
            ("no_contact", self.no_contact),
            ("unreachable", self.unreachable),
            ("cjk", self.cjk),
            ("combining", self.combining),
            ("emoji", self.emoji),
            ("inactive", self.inactive),
            ("escape", self.escape),
            ("long_job", self.long_job),
        ]
    }
}

/// Everything the account holds, keyed by global id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub today: Option<NaiveDate>,
    pub employees: BTreeMap<i64, SimEmployee>,
    pub customers: BTreeMap<i64, SimCustomer>,
    pub jobs: BTreeMap<i64, SimJob>,
    pub tasks: BTreeMap<i64, SimTask>,
    pub specials: Specials,
    /// The last task id handed out: a deleted task's id is never given again.
    pub last_task_id: i64,
}

impl Dataset {
    pub fn job_by_number(&self, number: i64) -> Option<&SimJob> {
        self.jobs.values().find(|j| j.job_number == number)
    }

    pub fn customer_by_number(&self, number: i64) -> Option<&SimCustomer> {
        self.customers
            .values()
            .find(|c| c.customer_number == number)
    }

    pub fn employee_by_number(&self, number: i64) -> Option<&SimEmployee> {
        self.employees
            .values()
            .find(|e| e.employee_number == number)
    }

    pub fn customer_of_job(&self, job_id: i64) -> Option<&SimCustomer> {
        self.jobs
            .get(&job_id)
            .and_then(|j| self.customers.get(&j.customer_id))
    }

    pub fn next_task_id(&mut self) -> i64 {
        let top = self.tasks.keys().next_back().map_or(2_357_910, |id| *id);
        self.last_task_id = self.last_task_id.max(top) + 1;
        self.last_task_id
    }

    /// The first scheduled start of a job's tasks (Kickserv's `scheduled_on`).
    pub fn job_scheduled_on(&self, job_id: i64) -> Option<DateTime<Utc>> {
        self.tasks
            .values()
            .filter(|t| t.job_id == job_id)
            .map(|t| t.starts_at)
            .min()
    }
}
