//! The documented JSON shapes (API reference §5–§8), built from the records.
//! Timestamps are RFC 3339 in the account zone's offset, whole seconds.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::data::*;
use super::time;

/// Which glue records ride along with a task.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Glue {
    /// GET and create: job, customer, primary contact (or null), employees.
    Full,
    /// PUT and DELETE: "a task object containing a job and a customer glue record".
    JobAndCustomer,
}

/// Renders records against one snapshot of the data set.
pub struct View<'a> {
    d: &'a Dataset,
    tz: Tz,
    /// Each job's first task start (`scheduled_on`), computed once per answer.
    first_start: HashMap<i64, DateTime<Utc>>,
}

impl<'a> View<'a> {
    pub fn new(d: &'a Dataset, tz: Tz) -> Self {
        let mut first_start: HashMap<i64, DateTime<Utc>> = HashMap::new();
        for t in d.tasks.values() {
            first_start
                .entry(t.job_id)
                .and_modify(|s| *s = (*s).min(t.starts_at))
                .or_insert(t.starts_at);
        }
        View { d, tz, first_start }
    }

    pub fn task(&self, t: &SimTask, glue: Glue) -> Value {
        task(self, t, glue)
    }

    pub fn job(&self, j: &SimJob) -> Value {
        job(self, j)
    }
}

fn task(view: &View, t: &SimTask, glue: Glue) -> Value {
    let (d, tz) = (view.d, view.tz);
    let mut v = json!({
        "id": t.id,
        "account_id": ACCOUNT_ID,
        "job_id": t.job_id,
        "task_type_id": t.task_type_id,
        "description": t.description,
        "starts_at": time::format(tz, t.starts_at),
        "ends_at": time::format(tz, t.ends_at),
        "duration": time::hours_decimal(t.starts_at, t.ends_at),
        "all_day": t.all_day,
        "created_at": time::format(tz, t.created_at),
        "updated_at": time::format(tz, t.updated_at),
    });
    let Some(map) = v.as_object_mut() else {
        return v;
    };
    if let Some(name) = &t.name {
        map.insert("name".into(), json!(name));
    }
    if let Some(status) = t.status {
        map.insert("status".into(), json!(status.wire()));
    }
    let job = d.jobs.get(&t.job_id);
    let customer = job.and_then(|j| d.customers.get(&j.customer_id));
    map.insert(
        "job".into(),
        job.map_or(Value::Null, |j| self::job(view, j)),
    );
    map.insert(
        "customer".into(),
        customer.map_or(Value::Null, |c| self::customer(tz, c)),
    );
    if glue == Glue::Full {
        map.insert(
            "primary_contact".into(),
            customer
                .and_then(|c| c.primary_contact.as_ref())
                .map_or(Value::Null, |p| contact(p, customer.map(|c| c.id))),
        );
        let employees: Vec<Value> = t
            .employee_ids
            .iter()
            .filter_map(|id| d.employees.get(id))
            .map(employee_glue)
            .collect();
        map.insert("employees".into(), Value::Array(employees));
    }
    v
}

fn job(view: &View, j: &SimJob) -> Value {
    let (d, tz) = (view.d, view.tz);
    let scheduled_on = view.first_start.get(&j.id).map(|t| time::format(tz, *t));
    let customer_number = d.customers.get(&j.customer_id).map(|c| c.customer_number);
    json!({
        "id": j.id,
        "customer_id": j.customer_id,
        "customer_number": customer_number,
        "account_id": ACCOUNT_ID,
        "job_number": j.job_number,
        "name": j.name,
        "status": j.status.wire(),
        "job_type_id": j.job_type_id,
        "description": j.description,
        "scheduled_on": scheduled_on,
        "completed_on": Value::Null,
        "created_at": time::format(tz, j.created_at),
        "updated_at": time::format(tz, j.updated_at),
        "subtotal": j.total,
        "tax": "0.0",
        "total": j.total,
        "balance_remaining": j.total,
        "invoice_status": "unpaid",
        "ok_to_sync": false,
        "txn_id": Value::Null,
        "edit_sequence": Value::Null,
        "ref_number": Value::Null,
    })
}

pub fn customer(tz: Tz, c: &SimCustomer) -> Value {
    json!({
        "id": c.id,
        "customer_number": c.customer_number,
        "account_id": ACCOUNT_ID,
        "name": c.name,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "company_name": c.company_name,
        "company": c.company,
        "phone_number": c.phone_number,
        "mobile": c.mobile,
        "email_address": c.email_address,
        "service_address": c.service_address,
        "service_address_2": Value::Null,
        "service_city": c.service_city,
        "service_state": c.service_state,
        "service_zip_code": c.service_zip_code,
        "service_country": "US",
        "billing_address": c.service_address,
        "billing_city": c.service_city,
        "billing_state": c.service_state,
        "billing_zip_code": c.service_zip_code,
        "latitude": c.latitude,
        "longitude": c.longitude,
        "is_active": true,
        "balance": "0.0",
        "notify_via_email": c.email_address.is_some(),
        "notify_via_sms": c.mobile.is_some(),
        "created_at": time::format(tz, c.created_at),
    })
}

pub fn contact(p: &SimContact, customer_id: Option<i64>) -> Value {
    json!({
        "id": p.id,
        "customer_id": customer_id,
        "name": p.name(),
        "first_name": p.first_name,
        "last_name": p.last_name,
        "phone_number": p.phone_number,
        "mobile": p.mobile,
        "email_address": p.email_address,
    })
}

/// The abbreviated employee shape of the API reference §5.2 / §6.1.
pub fn employee_glue(e: &SimEmployee) -> Value {
    json!({
        "id": e.id,
        "account_id": ACCOUNT_ID,
        "employee_number": e.employee_number,
        "name": e.name,
        "admin": e.admin,
        "active": e.active,
        "limit_access_to_assignments": e.limit_access_to_assignments,
        "email_address": e.email_address,
        "username": e.username,
    })
}

/// The full employee object (§6.2), secrets included as the real one has them.
pub fn employee_full(tz: Tz, e: &SimEmployee) -> Value {
    let mut v = employee_glue(e);
    if let Some(map) = v.as_object_mut() {
        let extra = json!({
            "list_id": Value::Null,
            "edit_sequence": Value::Null,
            "hired_date": e.hired_date.format("%Y-%m-%d").to_string(),
            "created_at": time::format(tz, e.created_at),
            "is_account_owner": e.employee_number == 1,
            "can_login": e.active,
            "cell_phone": e.cell_phone,
            "home_phone": Value::Null,
            "notify_via_email": e.notify_via_email,
            "notify_via_mobile": e.notify_via_mobile,
            "notification_email_address": e.email_address,
            "notification_mobile_number": e.cell_phone,
            "encrypted_password": "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3Z2bU1Y6mYV0i6b8l9n1C2m",
            "password_salt": "Xq3vT9kLm2Pz8wRb",
            "remember_token": "c0ffee5eed0fdecafbad1dea",
            "remember_me_token_expires_at": Value::Null,
        });
        if let Value::Object(extra) = extra {
            map.extend(extra);
        }
    }
    v
}

/// One entry of `/tasks/job_list.json`.
pub fn job_list_entry(j: &SimJob) -> Value {
    json!({ "id": j.id, "name": j.list_name(), "status": j.status.wire() })
}
