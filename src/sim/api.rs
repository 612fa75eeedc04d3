//! The account API: `/{account}/….json`, as the API reference describes it.
//! One fallback handler parses the path itself (a `{param}` cannot share a
//! segment with `.json` in axum 0.8), so that the order of checks is ours:
//! route (404) → account (404) → credentials (401) → the action.

// The error side is an HTTP answer built once per request; boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::auth;
use super::conn::ConnInfo;
use super::data::{SimTask, TASK_TYPE_WORK};
use super::faults::{self, FaultKind, Faults, MAX_PER_PAGE, Unreadable, WriteFault};
use super::render::{self, Glue};
use super::state::{Inner, NotificationRecord, RequestRecord, SimHandle};
use super::time;
use super::write::{self, BodyError, Errors};

const MAX_BODY: usize = 2 * 1024 * 1024;
const DEFAULT_PER_PAGE: usize = 25;

type Q = HashMap<String, String>;
/// Either way the value is the answer; `Err` lets `?` stop at the first refusal.
type Answer = Result<Response, Response>;

pub async fn account_api(State(h): State<SimHandle>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    if path == "/_sim" || path.starts_with("/_sim/") {
        return not_found();
    }
    let conn = parts
        .extensions
        .get::<ConnectInfo<ConnInfo>>()
        .map(|c| c.0.clone());
    let body = axum::body::to_bytes(body, MAX_BODY).await;
    let text = body
        .as_ref()
        .ok()
        .filter(|b| !b.is_empty())
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let seq = h.log_request(RequestRecord {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        status: 0,
        body: text,
    });
    let Ok(body) = body else {
        let resp = error_body(
            StatusCode::PAYLOAD_TOO_LARGE,
            "base",
            "request body is too large",
        );
        h.set_status(seq, resp.status().as_u16());
        return resp;
    };

    let (latency, stall_ms, retry_after) = {
        let f = h.faults();
        (f.latency_ms, f.stall_ms, f.retry_after_secs)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let req = Req {
        method: parts.method,
        path,
        query: Query::<Q>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    let write_fault = h.take_write_fault(req.method.as_str(), &req.path);
    let resp = match write_fault.map(|k| (k, faults::write_refusal(k, &req.body))) {
        Some((_, Some(refused))) => refused,
        // Processed, then the answer damaged in transit.
        Some((WriteFault::Malformed, None)) => faults::malformed(handle(&h, &req)).await,
        // Processed, then the answer held past the client's patience.
        Some((_, None)) => {
            let resp = handle(&h, &req);
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(stall_ms)) => {}
                _ = h.closing() => {}
            }
            resp
        }
        None => match injected(&h, &req, conn, stall_ms, retry_after).await {
            Some(resp) => resp,
            // A reset connection answers nothing; its status stays 0.
            None => return faults::reset_placeholder(),
        },
    };
    let resp = if h.faults().echo_auth && resp.status().as_u16() >= 400 {
        faults::echo_auth(resp, req.header(header::AUTHORIZATION).unwrap_or("")).await
    } else {
        resp
    };
    let resp = if h.faults().like_kickserv {
        super::pace::like_kickserv(resp).await
    } else {
        resp
    };
    h.set_status(seq, resp.status().as_u16());
    resp
}

/// The answer under the general faults (`fail_next`, `fail_rate`); `None`
/// for a connection reset.
async fn injected(
    h: &SimHandle,
    req: &Req,
    conn: Option<ConnInfo>,
    stall_ms: u64,
    retry_after: u64,
) -> Option<Response> {
    Some(match h.next_fault(&req.path) {
        None => handle(h, req),
        Some(FaultKind::Reset) => {
            if let Some(c) = conn {
                c.reset();
            }
            return None;
        }
        Some(FaultKind::Stall) => {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(stall_ms)) => {}
                _ = h.closing() => {}
            }
            handle(h, req)
        }
        Some(FaultKind::Malformed) => faults::malformed(handle(h, req)).await,
        Some(FaultKind::Truncated) => faults::truncated(handle(h, req)).await,
        Some(kind) => faults::refusal(kind, retry_after).unwrap_or_else(|| handle(h, req)),
    })
}

struct Req {
    method: Method,
    path: String,
    query: Q,
    headers: HeaderMap,
    body: Bytes,
}

impl Req {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

enum Route {
    Tasks,
    CreateTask,
    JobList,
    Task(i64),
    UpdateTask(i64),
    DeleteTask(i64),
    Notify(i64),
    Jobs,
    Job(i64),
    JobTasks(i64),
    CreateJobTask(i64),
    Employees,
    Customers,
    Customer(i64),
}

/// `"123.json"` → 123; anything else (no suffix, sign, letters) is not an id.
fn json_id(seg: &str) -> Option<i64> {
    let digits = seg.strip_suffix(".json")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn numeric(seg: &str) -> Option<i64> {
    if seg.is_empty() || !seg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    seg.parse().ok()
}

fn route(method: &Method, rest: &[String]) -> Option<Route> {
    let segs: Vec<&str> = rest.iter().map(String::as_str).collect();
    let get = method == Method::GET;
    let post = method == Method::POST;
    let put = method == Method::PUT || method == Method::PATCH;
    Some(match segs.as_slice() {
        ["tasks.json"] if get => Route::Tasks,
        ["tasks.json"] if post => Route::CreateTask,
        ["tasks", "job_list.json"] if get => Route::JobList,
        ["tasks", id] if get => Route::Task(json_id(id)?),
        ["tasks", id] if put => Route::UpdateTask(json_id(id)?),
        ["tasks", id] if method == Method::DELETE => Route::DeleteTask(json_id(id)?),
        ["tasks", id, "notify.json"] if post => Route::Notify(numeric(id)?),
        ["jobs.json"] if get => Route::Jobs,
        ["jobs", n] if get => Route::Job(json_id(n)?),
        ["jobs", n, "tasks.json"] if get => Route::JobTasks(numeric(n)?),
        ["jobs", n, "tasks.json"] if post => Route::CreateJobTask(numeric(n)?),
        ["employees.json"] if get => Route::Employees,
        ["customers.json"] if get => Route::Customers,
        ["customers", n] if get => Route::Customer(json_id(n)?),
        _ => return None,
    })
}

fn percent_decode(seg: &str) -> String {
    let bytes = seg.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(a), Some(b)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((a * 16 + b) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn handle(h: &SimHandle, req: &Req) -> Response {
    let segments: Vec<String> = req
        .path
        .trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    if segments.iter().any(String::is_empty) {
        return not_found();
    }
    let Some((account, rest)) = segments.split_first() else {
        return not_found();
    };
    let Some(route) = route(&req.method, rest) else {
        return not_found();
    };
    let mut g = h.lock();
    if *account != g.cfg.account {
        return not_found();
    }
    if !auth::accepts(req.header(header::AUTHORIZATION), &g.cfg.token) {
        return unauthorized();
    }
    let g = &mut *g;
    let answer = match route {
        Route::Tasks => list_tasks(g, req, None),
        Route::CreateTask => create_task(g, req, None),
        Route::JobList => job_list(g, &req.query),
        Route::Task(id) => match g.data.tasks.get(&id) {
            Some(t) => Ok(ok(&render::View::new(&g.data, g.cfg.tz).task(t, Glue::Full))),
            None => Err(not_found()),
        },
        Route::UpdateTask(id) => update_task(g, req, id),
        Route::DeleteTask(id) => delete_task(g, id),
        Route::Notify(id) => notify(g, req, id),
        Route::Jobs => list_jobs(g, &req.query),
        Route::Job(n) => match g.data.job_by_number(n) {
            Some(j) => Ok(ok(&render::View::new(&g.data, g.cfg.tz).job(j))),
            None => Err(not_found()),
        },
        Route::JobTasks(n) => match g.data.job_by_number(n) {
            Some(j) => list_tasks(g, req, Some(j.id)),
            None => Err(not_found()),
        },
        Route::CreateJobTask(n) => match g.data.job_by_number(n).map(|j| j.id) {
            Some(job) => create_task(g, req, Some(job)),
            None => Err(not_found()),
        },
        Route::Employees => list_employees(g, &req.query),
        Route::Customers => list_customers(g, &req.query),
        Route::Customer(n) => match g.data.customer_by_number(n) {
            Some(c) => Ok(ok(&render::customer(g.cfg.tz, c))),
            None => Err(not_found()),
        },
    };
    answer.unwrap_or_else(|r| r)
}

// ---- answers ----------------------------------------------------------------

fn json(status: StatusCode, v: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        serde_json::to_vec(v).unwrap_or_default(),
    )
        .into_response()
}

fn ok(v: &Value) -> Response {
    json(StatusCode::OK, v)
}

pub fn not_found() -> Response {
    json(StatusCode::NOT_FOUND, &json!({"error": "Not found"}))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [
            (
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Application\""),
            ),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
        ],
        "HTTP Basic: Access denied.\n",
    )
        .into_response()
}

fn errors(status: StatusCode, e: Errors) -> Response {
    json(status, &json!({ "errors": e }))
}

fn error_body(status: StatusCode, field: &str, msg: &str) -> Response {
    let mut e = Errors::new();
    e.insert(field.to_string(), vec![msg.to_string()]);
    errors(status, e)
}

fn invalid(field: &str, msg: &str) -> Response {
    error_body(StatusCode::UNPROCESSABLE_ENTITY, field, msg)
}

fn bad_body(e: BodyError) -> Response {
    match e {
        BodyError::Malformed(detail) => error_body(
            StatusCode::BAD_REQUEST,
            "base",
            &format!("could not parse the request body as JSON: {detail}"),
        ),
        BodyError::Missing(param) => error_body(
            StatusCode::BAD_REQUEST,
            param,
            "param is missing or the value is empty",
        ),
    }
}

// ---- query parameters -------------------------------------------------------

fn param<'a>(q: &'a Q, key: &str) -> Option<&'a str> {
    q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn int_param(q: &Q, key: &str) -> Result<Option<i64>, Response> {
    match param(q, key) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| invalid(key, "is not a number")),
    }
}

fn date_param(q: &Q, key: &str) -> Result<Option<NaiveDate>, Response> {
    match param(q, key) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid(key, "is not a valid date (YYYY-MM-DD)")),
    }
}

/// Which slice of a list to answer.
#[derive(Clone, Copy)]
struct Paging {
    /// 1-based.
    page: usize,
    per_page: usize,
    /// Pages overlap by one entry (the `repeat_ids` mode).
    overlap: bool,
}

/// 1-based page and clamped page size; unparsable values fall back as
/// Rails' `to_i` would. The hostile modes bend both.
fn paging(f: &Faults, q: &Q, page_keys: &[&str]) -> Paging {
    let num = |k: &str| param(q, k).and_then(|s| s.parse::<i64>().ok());
    let page = page_keys
        .iter()
        .find_map(|k| num(k))
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let per_page = num("per_page")
        .filter(|p| *p >= 1)
        .unwrap_or(DEFAULT_PER_PAGE as i64);
    let most = f.max_per_page.clamp(1, MAX_PER_PAGE);
    Paging {
        page: if f.ignore_page {
            1
        } else {
            usize::try_from(page).unwrap_or(1)
        },
        per_page: usize::try_from(per_page).unwrap_or(most).min(most),
        overlap: f.repeat_ids,
    }
}

fn page_of<T>(items: Vec<T>, p: Paging) -> Vec<T> {
    let step = if p.overlap {
        p.per_page.saturating_sub(1).max(1)
    } else {
        p.per_page
    };
    let skip = (p.page - 1).saturating_mul(step);
    items.into_iter().skip(skip).take(p.per_page).collect()
}

// ---- tasks ------------------------------------------------------------------

fn list_tasks(g: &Inner, req: &Req, job: Option<i64>) -> Answer {
    let q = &req.query;
    let f = &g.faults;
    if let Some(resp) = faults::list_body(f.list_body) {
        return Ok(resp);
    }
    let tz = g.cfg.tz;
    let from = date_param(q, "from")?;
    let to = date_param(q, "to")?;
    let job_id = int_param(q, "job_id")?;
    // An unknown number matches nobody rather than everybody.
    let employee =
        int_param(q, "employee_number")?.map(|n| g.data.employee_by_number(n).map_or(-1, |e| e.id));
    // The window tests the local start date: `from` inclusive, `to`
    // exclusive. A day's slack around the window's instants skips the
    // zone conversion of the tasks far outside it (most of them).
    let slack = chrono::Duration::days(1);
    let after = from.and_then(|f| time::start_of_day(tz, f).checked_sub_signed(slack));
    let before = to.and_then(|e| time::start_of_day(tz, e).checked_add_signed(slack));
    // `mapping=true` asks for the map view's selection; the task shape is the same.
    let long = long_task(g);
    let mut tasks: Vec<&SimTask> = g
        .data
        .tasks
        .values()
        .chain(long.iter())
        .filter(|t| job.is_none_or(|j| t.job_id == j))
        .filter(|t| job_id.is_none_or(|j| t.job_id == j))
        .filter(|t| employee.is_none_or(|e| t.employee_ids.contains(&e)))
        .filter(|t| {
            after.is_none_or(|a| t.starts_at >= a) && before.is_none_or(|b| t.starts_at < b)
        })
        .filter(|t| {
            let day = time::local_date(tz, t.starts_at);
            from.is_none_or(|f| day >= f) && to.is_none_or(|e| day < e)
        })
        .collect();
    tasks.sort_by_key(|t| (t.starts_at, t.id));
    let unplaced: Vec<i64> = tasks
        .iter()
        .take(if f.unplaceable {
            faults::UNPLACEABLE
        } else {
            0
        })
        .map(|t| t.id)
        .collect();
    let damaged = tasks
        .first()
        .map(|t| t.id)
        .filter(|_| f.unreadable != Unreadable::Off);
    let view = render::View::new(&g.data, tz);
    // The account owner's full record, secrets and all, for `nested_secrets`.
    let owner = g
        .data
        .employees
        .values()
        .next()
        .map(|e| render::employee_full(tz, e));
    let authorization = req.header(header::AUTHORIZATION).unwrap_or("");
    let mut page: Vec<Value> = page_of(tasks, paging(f, q, &["page"]))
        .into_iter()
        .map(|t| {
            let mut v = view.task(t, Glue::Full);
            if f.nested_secrets {
                faults::nest_secrets(&mut v, owner.as_ref());
            }
            if let Some(n) = unplaced.iter().position(|id| *id == t.id) {
                faults::unplace(&mut v, n);
            }
            if f.echo_token {
                faults::echo_token(&mut v, &g.cfg.token, authorization);
            }
            v
        })
        .collect();
    if f.duplicate_ids {
        faults::duplicate_first(&mut page);
    }
    if damaged.is_none() && f.oversize_mb == 0 {
        return Ok(ok(&Value::Array(page)));
    }
    Ok(faults::hostile_list(
        &page,
        damaged,
        f.unreadable,
        f.oversize_mb,
    ))
}

/// The `long_task_days` task: of the first employee and the first job,
/// from that many days ago to tomorrow.
fn long_task(g: &Inner) -> Option<SimTask> {
    let days = g.faults.long_task_days;
    if days == 0 {
        return None;
    }
    let now = g.now();
    let job_id = *g.data.jobs.keys().next()?;
    Some(SimTask {
        id: LONG_TASK_ID,
        job_id,
        task_type_id: Some(TASK_TYPE_WORK),
        name: Some(format!("Site build ({days} days)")),
        description: None,
        starts_at: now - chrono::Duration::days(i64::from(days)),
        ends_at: now + chrono::Duration::days(1),
        all_day: false,
        status: None,
        employee_ids: g.data.employees.keys().take(1).copied().collect(),
        created_at: now,
        updated_at: now,
    })
}

/// The id of the `long_task_days` task, far from the seeded ones.
pub const LONG_TASK_ID: i64 = 990_000_001;

fn read_task_write(g: &Inner, req: &Req) -> Result<write::TaskWrite, Response> {
    let body = write::json_body(req.header(header::CONTENT_TYPE), &req.body).map_err(bad_body)?;
    let task = write::task_param(body).map_err(bad_body)?;
    write::parse(&task, g.cfg.tz).map_err(|e| errors(StatusCode::UNPROCESSABLE_ENTITY, e))
}

fn create_task(g: &mut Inner, req: &Req, job: Option<i64>) -> Answer {
    let mut w = read_task_write(g, req)?;
    let now = g.now();
    if job.is_some() {
        // The job in the path wins over one in the body.
        w.job_id = None;
    }
    let base = SimTask {
        id: 0,
        job_id: job.unwrap_or(0),
        task_type_id: Some(TASK_TYPE_WORK),
        name: None,
        description: None,
        starts_at: now,
        ends_at: now,
        all_day: false,
        status: None,
        employee_ids: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    let mut t = write::merge(&g.data, &base, w, true)
        .map_err(|e| errors(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    t.id = g.data.next_task_id();
    let id = t.id;
    g.data.tasks.insert(id, t);
    let t = g.data.tasks.get(&id).ok_or_else(not_found)?;
    // Creation answers 200, not 201.
    Ok(ok(&render::View::new(&g.data, g.cfg.tz).task(t, Glue::Full)))
}

fn update_task(g: &mut Inner, req: &Req, id: i64) -> Answer {
    let Some(current) = g.data.tasks.get(&id).cloned() else {
        return Err(not_found());
    };
    let w = read_task_write(g, req)?;
    let mut t = write::merge(&g.data, &current, w, false)
        .map_err(|e| errors(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    t.updated_at = g.now();
    g.data.tasks.insert(id, t);
    let t = g.data.tasks.get(&id).ok_or_else(not_found)?;
    Ok(ok(
        &render::View::new(&g.data, g.cfg.tz).task(t, Glue::JobAndCustomer)
    ))
}

fn delete_task(g: &mut Inner, id: i64) -> Answer {
    let t = g.data.tasks.get(&id).ok_or_else(not_found)?;
    let v = render::View::new(&g.data, g.cfg.tz).task(t, Glue::JobAndCustomer);
    g.data.tasks.remove(&id);
    Ok(ok(&v))
}

fn notify(g: &mut Inner, req: &Req, id: i64) -> Answer {
    let t = g.data.tasks.get(&id).ok_or_else(not_found)?;
    let body = write::json_body(req.header(header::CONTENT_TYPE), &req.body).map_err(bad_body)?;
    // Body parameters win over the query string, as Rails merges them.
    let from_body = body
        .as_ref()
        .and_then(|b| b.get("notification_type"))
        .cloned();
    let kind: Option<String> = match from_body {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) => None,
        Some(_) => return Err(invalid("notification_type", "is not included in the list")),
        None => param(&req.query, "notification_type").map(str::to_string),
    }
    .filter(|s| !s.trim().is_empty());
    let recipients = match kind.as_deref() {
        None => {
            let names: Vec<String> = t
                .employee_ids
                .iter()
                .filter_map(|e| g.data.employees.get(e))
                // Deactivated staff get nothing; they can no longer be reached.
                .filter(|e| e.active)
                .map(|e| e.name.clone())
                .collect();
            if names.is_empty() {
                return Err(invalid(
                    "employees",
                    "no active employee is assigned to this task",
                ));
            }
            names
        }
        Some("details" | "on_the_way") => {
            let to = g
                .data
                .customer_of_job(t.job_id)
                .map(|c| c.reachable_at())
                .unwrap_or_default();
            if to.is_empty() {
                return Err(invalid("customer", "has no e-mail address or phone number"));
            }
            to
        }
        Some(_) => return Err(invalid("notification_type", "is not included in the list")),
    };
    let at = time::in_zone(g.cfg.tz, g.now());
    g.notifications.push(NotificationRecord {
        task_id: id,
        notification_type: kind,
        recipients,
        at,
    });
    Ok(ok(&json!({"message": "Notification sent"})))
}

fn job_list(g: &Inner, q: &Q) -> Answer {
    let customer = int_param(q, "customer_id")?;
    let mut jobs: Vec<_> = g
        .data
        .jobs
        .values()
        .filter(|j| !j.status.is_closed())
        .filter(|j| customer.is_none_or(|c| j.customer_id == c))
        .collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.job_number));
    Ok(ok(&Value::Array(
        jobs.into_iter().map(render::job_list_entry).collect(),
    )))
}

// ---- other resources --------------------------------------------------------

fn list_jobs(g: &Inner, q: &Q) -> Answer {
    let mut jobs: Vec<_> = g.data.jobs.values().collect();
    // Newest first: descending job number.
    jobs.sort_by_key(|j| std::cmp::Reverse(j.job_number));
    let view = render::View::new(&g.data, g.cfg.tz);
    let page: Vec<Value> = page_of(jobs, paging(&g.faults, q, &["page"]))
        .into_iter()
        .map(|j| view.job(j))
        .collect();
    Ok(ok(&Value::Array(page)))
}

fn list_employees(g: &Inner, q: &Q) -> Answer {
    let mut staff: Vec<_> = g.data.employees.values().filter(|e| e.active).collect();
    staff.sort_by_key(|e| e.employee_number);
    let page: Vec<Value> = page_of(staff, paging(&g.faults, q, &["page"]))
        .into_iter()
        .map(|e| render::employee_full(g.cfg.tz, e))
        .collect();
    Ok(ok(&Value::Array(page)))
}

fn list_customers(g: &Inner, q: &Q) -> Answer {
    let needle = param(q, "q").map(str::to_lowercase);
    let number = int_param(q, "customer_number")?;
    let exact = param(q, "name");
    let initial = param(q, "begins_with")
        .and_then(|s| s.chars().next())
        .map(|c| c.to_lowercase().collect::<String>());
    let mut found: Vec<_> = g
        .data
        .customers
        .values()
        .filter(|c| {
            needle
                .as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(n.as_str()))
        })
        .filter(|c| number.is_none_or(|n| c.customer_number == n))
        .filter(|c| exact.is_none_or(|n| c.name == n))
        .filter(|c| {
            initial.as_ref().is_none_or(|i| {
                c.name
                    .chars()
                    .next()
                    .is_some_and(|f| f.to_lowercase().collect::<String>() == *i)
            })
        })
        .collect();
    found.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.customer_number.cmp(&b.customer_number))
    });
    let page: Vec<Value> = page_of(found, paging(&g.faults, q, &["page", "customers_page"]))
        .into_iter()
        .map(|c| render::customer(g.cfg.tz, c))
        .collect();
    Ok(ok(&Value::Array(page)))
}
