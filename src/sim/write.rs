//! Task writes: `{"task": {...}}` bodies, Rails-style. Unknown keys are
//! dropped (strong parameters); the writable ones are type-checked, merged
//! over the current task (PUT changes only what is present) and validated.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::data::{Dataset, SimTask};
use super::status::SimStatus;
use super::time;

/// Field → messages, as in `{"errors": {"ends_at": ["must be after starts_at"]}}`.
pub type Errors = BTreeMap<String, Vec<String>>;

/// Why a body could not be read at all (answered 400, like Rails' parse and
/// missing-parameter errors).
#[derive(Debug, PartialEq)]
pub enum BodyError {
    Malformed(String),
    Missing(&'static str),
}

/// Parses a JSON body. A non-JSON content type is read as no body at all.
pub fn json_body(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<Map<String, Value>>, BodyError> {
    let is_json = content_type.is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(_) => Err(BodyError::Malformed(
            "the body must be a JSON object".into(),
        )),
        Err(e) => Err(BodyError::Malformed(e.to_string())),
    }
}

/// The `task` object of a write body; absent or empty is a missing parameter.
pub fn task_param(body: Option<Map<String, Value>>) -> Result<Map<String, Value>, BodyError> {
    match body.and_then(|mut b| b.remove("task")) {
        Some(Value::Object(t)) if !t.is_empty() => Ok(t),
        _ => Err(BodyError::Missing("task")),
    }
}

/// The writable keys present in a body; `Some(None)` is an explicit null.
#[derive(Debug, Default)]
pub struct TaskWrite {
    pub job_id: Option<Option<i64>>,
    pub task_type_id: Option<Option<i64>>,
    pub name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub starts_at: Option<Option<DateTime<Utc>>>,
    pub ends_at: Option<Option<DateTime<Utc>>>,
    pub all_day: Option<bool>,
    /// `Some(None)`: an explicit null, back to the job's status.
    pub status: Option<Option<SimStatus>>,
    pub employee_ids: Option<Vec<i64>>,
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn add(errors: &mut Errors, field: &str, msg: &str) {
    errors
        .entry(field.to_string())
        .or_default()
        .push(msg.to_string());
}

/// Type-checks the writable keys of `task`.
pub fn parse(task: &Map<String, Value>, tz: Tz) -> Result<TaskWrite, Errors> {
    let mut w = TaskWrite::default();
    let mut errors = Errors::new();
    let opt_int = |key: &str, errors: &mut Errors| -> Option<Option<i64>> {
        match task.get(key)? {
            Value::Null => Some(None),
            v => match int(v) {
                Some(i) => Some(Some(i)),
                None => {
                    add(errors, key, "is not a number");
                    None
                }
            },
        }
    };
    w.job_id = opt_int("job_id", &mut errors);
    w.task_type_id = opt_int("task_type_id", &mut errors);
    let opt_text = |key: &str, errors: &mut Errors| -> Option<Option<String>> {
        match task.get(key)? {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(s.clone())),
            Value::Number(n) => Some(Some(n.to_string())),
            _ => {
                add(errors, key, "is invalid");
                None
            }
        }
    };
    w.name = opt_text("name", &mut errors);
    w.description = opt_text("description", &mut errors);
    let opt_time = |key: &str, errors: &mut Errors| -> Option<Option<DateTime<Utc>>> {
        match task.get(key)? {
            Value::Null => Some(None),
            Value::String(s) if s.trim().is_empty() => Some(None),
            Value::String(s) => match time::parse(tz, s) {
                Some(t) => Some(Some(t)),
                None => {
                    add(errors, key, "is not a valid date and time");
                    None
                }
            },
            _ => {
                add(errors, key, "is not a valid date and time");
                None
            }
        }
    };
    w.starts_at = opt_time("starts_at", &mut errors);
    w.ends_at = opt_time("ends_at", &mut errors);
    w.all_day = match task.get("all_day") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::Null) => Some(false),
        Some(Value::String(s)) if matches!(s.as_str(), "true" | "1" | "t") => Some(true),
        Some(Value::String(s)) if matches!(s.as_str(), "false" | "0" | "f" | "") => Some(false),
        Some(Value::Number(n)) if n.as_i64() == Some(1) => Some(true),
        Some(Value::Number(n)) if n.as_i64() == Some(0) => Some(false),
        Some(_) => {
            add(&mut errors, "all_day", "is invalid");
            None
        }
    };
    w.status = match task.get("status") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) => match SimStatus::from_wire(s.trim()) {
            Some(st) => Some(Some(st)),
            None => {
                add(&mut errors, "status", "is not included in the list");
                None
            }
        },
        Some(_) => {
            add(&mut errors, "status", "is not included in the list");
            None
        }
    };
    w.employee_ids = match task.get("employee_ids") {
        None => None,
        Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => {
            let mut ids = Vec::new();
            for item in items {
                match int(item) {
                    Some(i) if !ids.contains(&i) => ids.push(i),
                    Some(_) => {}
                    // Rails forms send a blank entry to mean "none"; ignore it.
                    None if item.as_str().is_some_and(|s| s.trim().is_empty()) => {}
                    None => {
                        add(&mut errors, "employee_ids", "is invalid");
                        break;
                    }
                }
            }
            Some(ids)
        }
        Some(_) => {
            add(&mut errors, "employee_ids", "is invalid");
            None
        }
    };
    if errors.is_empty() {
        Ok(w)
    } else {
        Err(errors)
    }
}

/// Merges `w` over `base` (the current task, or a new one) and validates the
/// result against the data set. `creating` demands a start time.
pub fn merge(d: &Dataset, base: &SimTask, w: TaskWrite, creating: bool) -> Result<SimTask, Errors> {
    let mut errors = Errors::new();
    let mut t = base.clone();
    match w.job_id {
        Some(Some(id)) if d.jobs.contains_key(&id) => t.job_id = id,
        Some(Some(_)) => add(&mut errors, "job", "must exist"),
        Some(None) => add(&mut errors, "job_id", "can't be blank"),
        None if creating && !d.jobs.contains_key(&t.job_id) => {
            add(&mut errors, "job_id", "can't be blank")
        }
        None => {}
    }
    if let Some(v) = w.task_type_id {
        t.task_type_id = v;
    }
    if let Some(v) = w.name {
        t.name = v;
    }
    if let Some(v) = w.description {
        t.description = v;
    }
    if let Some(v) = w.all_day {
        t.all_day = v;
    }
    if let Some(v) = w.status {
        t.status = v;
    }
    let start = match w.starts_at {
        Some(Some(s)) => Some(s),
        Some(None) => {
            add(&mut errors, "starts_at", "can't be blank");
            None
        }
        None if creating => {
            add(&mut errors, "starts_at", "can't be blank");
            None
        }
        None => Some(t.starts_at),
    };
    let end = match w.ends_at {
        Some(Some(e)) => Some(e),
        Some(None) => {
            add(&mut errors, "ends_at", "can't be blank");
            None
        }
        // A new task without an end lasts an hour, the calendar's default slot.
        None if creating => start.map(|s| s + Duration::hours(1)),
        None => Some(t.ends_at),
    };
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            add(&mut errors, "ends_at", "must be after starts_at");
        }
        t.starts_at = s;
        t.ends_at = e;
    }
    if let Some(ids) = w.employee_ids {
        let unknown: Vec<String> = ids
            .iter()
            .filter(|id| !d.employees.contains_key(id))
            .map(i64::to_string)
            .collect();
        if unknown.is_empty() {
            t.employee_ids = ids;
        } else {
            add(
                &mut errors,
                "employee_ids",
                &format!("contains unknown employees: {}", unknown.join(", ")),
            );
        }
    }
    if errors.is_empty() {
        Ok(t)
    } else {
        Err(errors)
    }
}
