//! Typed Kickserv records, tolerant by construction.
//!
//! Most of the task shape is inferred (see the API reference), so every field
//! but `id` is optional, malformed values degrade to `None` instead of failing
//! the whole record, unknown keys survive in `extra`, and the secrets that
//! full employee objects carry are skipped while parsing: they never exist in
//! memory as values.

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::redact;

/// Keys that are never deserialised, kept, logged or cached (besides every
/// key [`redact::is_secret_key`] recognises, at any depth).
pub const SECRET_KEYS: &[&str] = &[
    "encrypted_password",
    "password_salt",
    "remember_token",
    "remember_me_token_expires_at",
    "password",
    "api_token",
];

/// Unknown keys of a record, minus secrets, kept verbatim but compactly:
/// as the JSON text of an object (a parsed map costs several times as
/// much memory, and a board holds thousands of records).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra(Option<Box<str>>);

impl Extra {
    /// The unknown keys as a map (parsed on demand).
    pub fn map(&self) -> Map<String, Value> {
        self.0
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.map().remove(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.map().contains_key(key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The JSON text of the unknown keys, `{}` when there are none.
    pub fn as_json(&self) -> &str {
        self.0.as_deref().unwrap_or("{}")
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(m: Map<String, Value>) -> Self {
        if m.is_empty() {
            return Extra(None);
        }
        Extra(serde_json::to_string(&m).ok().map(String::into_boxed_str))
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Extra, A::Error> {
                let mut out = Map::new();
                while let Some(k) = m.next_key::<String>()? {
                    if SECRET_KEYS.contains(&k.as_str()) || redact::is_secret_key(&k) {
                        m.next_value::<IgnoredAny>()?;
                    } else {
                        // Secrets nested in unknown keys (a full employee under
                        // `created_by`, arrays of them) go too.
                        let mut v: Value = m.next_value()?;
                        redact::strip_secrets(&mut v);
                        out.insert(k, v);
                    }
                }
                Ok(Extra::from(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(s)
    }
}

/// Lenient field parsers: a bad value becomes `None`, never an error.
pub mod lenient {
    use super::*;

    /// A field's type as read leniently from any JSON value: `None` for a
    /// value of the wrong kind. One `deserialize_with = "lenient::opt"`
    /// then serves every optional field.
    pub trait Lenient: Sized {
        fn from_value(v: Value) -> Option<Self>;
    }

    /// Any optional field of a [`Lenient`] type.
    pub fn opt<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
        Ok(T::from_value(Value::deserialize(d)?))
    }

    impl Lenient for i64 {
        fn from_value(v: Value) -> Option<Self> {
            as_int(&v)
        }
    }

    impl Lenient for f64 {
        fn from_value(v: Value) -> Option<Self> {
            match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        }
    }

    impl Lenient for bool {
        fn from_value(v: Value) -> Option<Self> {
            match v {
                Value::Bool(b) => Some(b),
                Value::Number(n) => n.as_i64().map(|i| i != 0),
                Value::String(s) => match s.trim() {
                    "true" | "1" | "t" | "yes" => Some(true),
                    "false" | "0" | "f" | "no" => Some(false),
                    _ => None,
                },
                _ => None,
            }
        }
    }

    /// Text fields; numbers are kept as their decimal text (money is a string).
    impl Lenient for String {
        fn from_value(v: Value) -> Option<Self> {
            match v {
                Value::String(s) => Some(s),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }
    }

    impl Lenient for DateTime<FixedOffset> {
        fn from_value(v: Value) -> Option<Self> {
            match v {
                Value::String(s) => DateTime::parse_from_rfc3339(s.trim()).ok(),
                _ => None,
            }
        }
    }

    impl Lenient for Status {
        fn from_value(v: Value) -> Option<Self> {
            match v {
                Value::String(s) if !s.is_empty() => Some(Status::from(s.as_str())),
                _ => None,
            }
        }
    }

    pub fn as_int(v: &Value) -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Required id: a number or a numeric string.
    pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let v = Value::deserialize(d)?;
        as_int(&v).ok_or_else(|| de::Error::custom(format!("id is not an integer: {v}")))
    }

    /// A nested record; `null` or anything unparsable becomes `None`.
    pub fn record<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_null() {
            return Ok(None);
        }
        Ok(serde_json::from_value(v).ok())
    }

    /// A list of records; `null` is empty and bad entries are dropped.
    pub fn records<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
            _ => Vec::new(),
        })
    }
}

/// Makes tasks that carry identical copies of the same job, customer,
/// contact or employee share one copy. A week of tasks repeats the same few dozen
/// employees and many jobs and customers; sharing roughly halves the memory
/// a loaded board holds.
pub fn share_glue(tasks: &mut [Task]) {
    share_glue_with(tasks, std::iter::empty());
}

/// As [`share_glue`], and reusing the copies `known` tasks already hold
/// (the board's other listings: neighbouring periods overlap, and repeat
/// the same jobs and customers).
pub fn share_glue_with<'a>(tasks: &mut [Task], known: impl Iterator<Item = &'a Task>) {
    let mut glue = Glue::default();
    for t in known {
        glue.know(t);
    }
    for t in tasks {
        glue.share(t);
    }
}

/// One copy of each job, customer, contact and employee seen so far, for
/// tasks to share as they come: a listing shares them page by page, so
/// that the copies parsed into each task are let go at once rather than
/// held until the last page.
#[derive(Default)]
pub struct Glue {
    jobs: HashMap<i64, Arc<Job>>,
    customers: HashMap<i64, Arc<Customer>>,
    contacts: HashMap<i64, Arc<Contact>>,
    employees: HashMap<i64, Arc<Employee>>,
}

impl Glue {
    /// Takes `t`'s copies as the ones to share, where none is known yet.
    pub fn know(&mut self, t: &Task) {
        if let Some(j) = &t.job {
            self.jobs.entry(j.id).or_insert_with(|| j.clone());
        }
        if let Some(c) = &t.customer {
            self.customers.entry(c.id).or_insert_with(|| c.clone());
        }
        if let Some(p) = &t.primary_contact
            && let Some(id) = p.id
        {
            self.contacts.entry(id).or_insert_with(|| p.clone());
        }
        for e in &t.employees {
            self.employees.entry(e.id).or_insert_with(|| e.clone());
        }
    }

    /// Points `t` at the known copies equal to its own; a copy that differs
    /// (changed since) stays its own, and a record not seen before becomes
    /// the known one.
    pub fn share(&mut self, t: &mut Task) {
        fn share<T: PartialEq>(seen: &mut HashMap<i64, Arc<T>>, id: i64, item: &mut Arc<T>) {
            match seen.get(&id) {
                Some(known) if Arc::ptr_eq(known, item) => {}
                Some(known) if **known == **item => *item = known.clone(),
                Some(_) => {}
                None => {
                    seen.insert(id, item.clone());
                }
            }
        }
        if let Some(j) = t.job.as_mut() {
            share(&mut self.jobs, j.id, j);
        }
        if let Some(c) = t.customer.as_mut() {
            share(&mut self.customers, c.id, c);
        }
        if let Some(p) = t.primary_contact.as_mut()
            && let Some(id) = p.id
        {
            share(&mut self.contacts, id, p);
        }
        for e in &mut t.employees {
            share(&mut self.employees, e.id, e);
        }
    }
}

/// Job / task status. Unknown values are kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    Unscheduled,
    Scheduled,
    InProgress,
    OnHold,
    Complete,
    Canceled,
    Lost,
    Won,
    EstimateScheduled,
    EstimateSent,
    EstimateViewed,
    Other(String),
}

impl Status {
    pub const KNOWN: &'static [Status] = &[
        Status::New,
        Status::Unscheduled,
        Status::Scheduled,
        Status::InProgress,
        Status::OnHold,
        Status::Complete,
        Status::Canceled,
        Status::Lost,
        Status::Won,
        Status::EstimateScheduled,
        Status::EstimateSent,
        Status::EstimateViewed,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Unscheduled => "unscheduled",
            Status::Scheduled => "scheduled",
            Status::InProgress => "in_progress",
            Status::OnHold => "on_hold",
            Status::Complete => "complete",
            Status::Canceled => "canceled",
            Status::Lost => "lost",
            Status::Won => "won",
            Status::EstimateScheduled => "estimate_scheduled",
            Status::EstimateSent => "estimate_sent",
            Status::EstimateViewed => "estimate_viewed",
            Status::Other(s) => s,
        }
    }

    /// The status in plain words, for people ("in progress"); an unknown status is shown
    /// as received. [`Status::as_str`] keeps the wire spelling.
    pub fn label(&self) -> &str {
        match self {
            Status::New => "new",
            Status::Unscheduled => "unscheduled",
            Status::Scheduled => "scheduled",
            Status::InProgress => "in progress",
            Status::OnHold => "on hold",
            Status::Complete => "complete",
            Status::Canceled => "canceled",
            Status::Lost => "lost",
            Status::Won => "won",
            Status::EstimateScheduled => "estimate scheduled",
            Status::EstimateSent => "estimate sent",
            Status::EstimateViewed => "estimate viewed",
            Status::Other(s) => s,
        }
    }

    /// Work that did not and will not happen: shown, but not booked hours.
    pub fn is_called_off(&self) -> bool {
        matches!(self, Status::Canceled | Status::Lost)
    }

    /// Closed work: excluded from `job_list`, never "late".
    pub fn is_closed(&self) -> bool {
        matches!(self, Status::Complete | Status::Canceled | Status::Lost)
    }
}

impl From<&str> for Status {
    fn from(s: &str) -> Self {
        Status::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            // "cancelled" shows up in hand-written data; the API spells it with one l.
            .or_else(|| (s == "cancelled").then_some(Status::Canceled))
            .or_else(|| (s == "completed").then_some(Status::Complete))
            .unwrap_or_else(|| Status::Other(s.to_string()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Status::from(s.as_str()))
    }
}

/// What a listing could not deliver, so that it is shown, never hidden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListingNotes {
    /// Entries skipped because they could not be read (each one logged).
    pub unreadable: usize,
    /// The page cap this listing stopped at before reaching its end.
    pub capped_at: Option<u32>,
    /// The longest, in seconds, of the tasks read and not kept
    /// ([`super::client::TaskQuery::ending_from`]).
    pub longest_dropped_secs: Option<i64>,
}

impl ListingNotes {
    pub fn is_complete(&self) -> bool {
        self.unreadable == 0 && self.capped_at.is_none()
    }

    /// Notes of two listings shown as one.
    pub fn merge(self, other: ListingNotes) -> ListingNotes {
        ListingNotes {
            unreadable: self.unreadable + other.unreadable,
            capped_at: self.capped_at.or(other.capped_at),
            longest_dropped_secs: self.longest_dropped_secs.max(other.longest_dropped_secs),
        }
    }
}

/// The tasks of one query, across pages, with what could not be delivered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub tasks: Vec<Task>,
    pub notes: ListingNotes,
}

impl From<Vec<Task>> for Listing {
    fn from(tasks: Vec<Task>) -> Self {
        Listing {
            tasks,
            notes: ListingNotes::default(),
        }
    }
}

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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    #[serde(deserialize_with = "lenient::id")]
    pub id: i64,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_id: Option<i64>,
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
    pub job_number: Option<i64>,
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
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_type_id: Option<i64>,
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
    pub scheduled_on: Option<DateTime<FixedOffset>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub total: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub subtotal: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<DateTime<FixedOffset>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(deserialize_with = "lenient::id")]
    pub id: i64,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_number: Option<i64>,
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
    pub company_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_address: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_address: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_city: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_state: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_zip_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub latitude: Option<f64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub longitude: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Customer {
    pub fn display_name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .or(self.company_name.as_deref())
    }

    /// One line of service address, parts that exist only.
    pub fn address_line(&self) -> String {
        [
            &self.service_address,
            &self.service_city,
            &self.service_state,
            &self.service_zip_code,
        ]
        .iter()
        .filter_map(|p| p.as_deref())
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }

    pub fn is_reachable(&self) -> bool {
        let has = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        has(&self.email_address) || has(&self.phone_number) || has(&self.mobile)
    }
}

/// The customer's primary contact (key name inferred: `primary_contact`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<i64>,
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
    pub first_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_address: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Contact {
    pub fn display_name(&self) -> String {
        if let Some(n) = self.name.as_deref().filter(|s| !s.trim().is_empty()) {
            return n.to_string();
        }
        [&self.first_name, &self.last_name]
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An employee (abbreviated or full shape; secrets are skipped by `Extra`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Employee {
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
    pub employee_number: Option<i64>,
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
    pub admin: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub active: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit_access_to_assignments: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_address: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub username: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub notify_via_email: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub notify_via_mobile: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_email_address: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_mobile_number: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Employee {
    pub fn display_name(&self) -> String {
        match self.name.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(n) => n.to_string(),
            None => match self.employee_number {
                Some(n) => format!("Employee #{n}"),
                None => format!("Employee {}", self.id),
            },
        }
    }
}

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
