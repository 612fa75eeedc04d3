//! The model and the client against hand-written answers (`tests/fixtures/`),
//! shaped from the API reference and never produced by our own code, served
//! by small scripted servers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::{Value, json};

use kickdesk::kickserv::model::{Status, Task};
use kickdesk::kickserv::{Client, ClientConfig, Error, TaskQuery, Token};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const EVERY_KEY: &str = include_str!("fixtures/task_every_key.json");
const NULLS: &str = include_str!("fixtures/task_nulls.json");
const WRAPPED: &str = include_str!("fixtures/tasks_wrapped.json");
const UNAUTHORIZED: &str = include_str!("fixtures/unauthorized.txt");

fn utc(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    Ok(DateTime::parse_from_rfc3339(s)?.with_timezone(&Utc))
}

fn offset_secs(t: Option<DateTime<FixedOffset>>) -> Option<i32> {
    t.map(|t| t.offset().local_minus_utc())
}

// ---- the model --------------------------------------------------------------------

#[test]
fn every_documented_key_is_read() -> TestResult {
    let t: Task = serde_json::from_str(EVERY_KEY)?;
    assert_eq!(t.id, 2357911);
    assert_eq!(
        (t.account_id, t.job_id, t.task_type_id),
        (Some(999), Some(39497130), Some(4711))
    );
    assert_eq!(t.name.as_deref(), Some("Tub realignment visit"));
    assert_eq!(
        t.description.as_deref(),
        Some("Realign tub; bring level and shims")
    );
    assert_eq!(
        t.starts_at.map(|s| s.with_timezone(&Utc)),
        Some(utc("2022-05-18T13:00:00Z")?)
    );
    assert_eq!(
        t.ends_at.map(|s| s.with_timezone(&Utc)),
        Some(utc("2022-05-18T15:30:00Z")?)
    );
    assert_eq!(offset_secs(t.starts_at), Some(-4 * 3600));
    assert_eq!(t.duration.as_deref(), Some("2.5"));
    assert_eq!(t.all_day, Some(false));
    assert_eq!(t.status, Some(Status::Scheduled));
    assert!(t.created_at.is_some() && t.updated_at.is_some());
    let job = t.job.as_deref().ok_or("no job")?;
    assert_eq!(
        (job.id, job.customer_id, job.job_number, job.job_type_id),
        (39497130, Some(6667788), Some(86000), Some(24551))
    );
    assert_eq!(job.name.as_deref(), Some("Bathtub Realignment"));
    let c = t.customer.as_deref().ok_or("no customer")?;
    assert_eq!((c.id, c.customer_number), (6667788, Some(380)));
    assert_eq!(c.phone_number.as_deref(), Some("555-123-4567"));
    assert_eq!(c.service_zip_code.as_deref(), Some("49503"));
    assert_eq!((c.latitude, c.longitude), (Some(42.96), Some(-85.66)));
    assert!(t.primary_contact.is_none());
    let e = t.employees.first().ok_or("no employee")?;
    assert_eq!((e.id, e.employee_number), (846787, Some(17)));
    assert_eq!((e.admin, e.active), (Some(false), Some(true)));
    assert_eq!(e.username.as_deref(), Some("someusername"));
    // Every key of the reference is a field: nothing is left over.
    assert!(t.extra.is_empty(), "{}", t.extra.as_json());
    Ok(())
}

#[test]
fn null_for_every_key_but_id_is_absent() -> TestResult {
    let t: Task = serde_json::from_str(NULLS)?;
    assert_eq!(t.id, 501);
    assert_eq!((t.account_id, t.job_id, t.task_type_id), (None, None, None));
    assert!(t.name.is_none() && t.description.is_none() && t.duration.is_none());
    assert!(t.starts_at.is_none() && t.ends_at.is_none());
    assert!(t.all_day.is_none() && t.status.is_none());
    assert!(t.job.is_none() && t.customer.is_none() && t.primary_contact.is_none());
    assert!(t.employees.is_empty());
    assert!(t.effective_status().is_none());
    Ok(())
}

fn wrapped() -> Result<Vec<Task>, Box<dyn std::error::Error>> {
    let v: Value = serde_json::from_str(WRAPPED)?;
    Ok(serde_json::from_value(v["tasks"].clone())?)
}

#[test]
fn z_and_half_hour_offsets_are_the_same_instant() -> TestResult {
    let tasks = wrapped()?;
    let by_id = |id: i64| tasks.iter().find(|t| t.id == id).ok_or("missing");
    let utc_task = by_id(9003)?;
    let kolkata = by_id(9001)?;
    let eastern = by_id(9002)?;
    assert_eq!(offset_secs(utc_task.starts_at), Some(0));
    assert_eq!(offset_secs(kolkata.starts_at), Some(5 * 3600 + 30 * 60));
    assert_eq!(offset_secs(eastern.starts_at), Some(-5 * 3600));
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).single();
    for t in [utc_task, kolkata, eastern] {
        assert_eq!(t.starts_at.map(|s| s.with_timezone(&Utc)), at, "{}", t.id);
    }
    assert_eq!(
        kolkata.ends_at.map(|s| s.with_timezone(&Utc)),
        Some(utc("2026-11-27T15:30:00Z")?)
    );
    Ok(())
}

#[test]
fn statuses_the_client_does_not_know_are_kept_verbatim() -> TestResult {
    let tasks = wrapped()?;
    let status = |id: i64| {
        tasks
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.effective_status().cloned())
    };
    assert_eq!(status(9003), Some(Status::Other("awaiting_parts".into())));
    // No status of its own: the job's, unknown too.
    assert_eq!(status(9001), Some(Status::Other("parts_ordered".into())));
    assert_eq!(status(9002), Some(Status::InProgress));
    Ok(())
}

#[test]
fn unknown_keys_survive_in_extra() -> TestResult {
    let tasks = wrapped()?;
    let t = tasks.iter().find(|t| t.id == 9003).ok_or("missing")?;
    assert_eq!(t.extra.get("colour_hint"), Some(json!("teal")));
    assert_eq!(
        t.extra.get("checklist"),
        Some(json!([{"step": 1, "done": false}]))
    );
    Ok(())
}

// ---- the client against scripted servers -------------------------------------------

/// Requests that reached a scripted server, as (path, page).
type Seen = Arc<Mutex<Vec<(String, String)>>>;

fn seen_pages(seen: &Seen) -> Vec<String> {
    seen.lock()
        .map(|s| s.iter().map(|(_, p)| p.clone()).collect())
        .unwrap_or_default()
}

async fn serve(router: Router) -> Result<String, Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(format!("http://{addr}"))
}

fn client_at(base: &str, per_page: u32) -> Result<Client, Error> {
    let mut cfg = ClientConfig::new("demo", Token::new("fixture-token"));
    cfg.base_url = base.to_string();
    cfg.timeout = Duration::from_secs(30);
    cfg.backoff = Duration::from_millis(1);
    cfg.per_page = per_page;
    Client::new(cfg)
}

/// `/demo/tasks.json` answering `answer(page)` with a JSON body, recording each request.
fn tasks_at(seen: &Seen, answer: fn(&str) -> String) -> Router {
    Router::new()
        .route(
            "/demo/tasks.json",
            get(
                move |State(seen): State<Seen>, Query(q): Query<HashMap<String, String>>| async move {
                    let page = q.get("page").cloned().unwrap_or_default();
                    if let Ok(mut s) = seen.lock() {
                        s.push(("/demo/tasks.json".into(), page.clone()));
                    }
                    ([(header::CONTENT_TYPE, "application/json")], answer(&page))
                },
            ),
        )
        .with_state(seen.clone())
}

fn empty_after_first(page: &str, first: &str) -> String {
    if page == "1" {
        first.to_string()
    } else {
        "[]".to_string()
    }
}

#[tokio::test]
async fn the_client_reads_the_wrapped_fixture_in_server_order() -> TestResult {
    let seen = Seen::default();
    let base = serve(tasks_at(&seen, |p| empty_after_first(p, WRAPPED))).await?;
    let listing = client_at(&base, 25)?
        .list_tasks(&TaskQuery::default())
        .await?;
    let ids: Vec<i64> = listing.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![9003, 9001, 9002]);
    assert_eq!(
        listing.tasks[0].effective_status(),
        Some(&Status::Other("awaiting_parts".into()))
    );
    assert_eq!(offset_secs(listing.tasks[1].starts_at), Some(19800));
    assert_eq!(listing.notes.unreadable, 0);
    Ok(())
}

#[tokio::test]
async fn the_client_reads_every_key_and_nulls_from_a_bare_list() -> TestResult {
    fn answer(page: &str) -> String {
        empty_after_first(page, &format!("[{EVERY_KEY}, {NULLS}]"))
    }
    let seen = Seen::default();
    let base = serve(tasks_at(&seen, answer)).await?;
    let listing = client_at(&base, 25)?
        .list_tasks(&TaskQuery::default())
        .await?;
    let tasks = listing.tasks;
    let full = &tasks[0];
    assert_eq!(
        full.customer.as_ref().and_then(|c| c.customer_number),
        Some(380)
    );
    assert_eq!(full.employees.len(), 1);
    // The task of nulls has no start: it cannot be placed, so it is counted
    // with the unreadable ones rather than kept to vanish from every view.
    assert_eq!(tasks.len(), 1);
    assert_eq!(listing.notes.unreadable, 1);
    // A short first page ends the listing: one more request at most, never a third.
    assert_eq!(seen_pages(&seen).first().map(String::as_str), Some("1"));
    assert!(seen_pages(&seen).len() <= 2, "{:?}", seen_pages(&seen));
    Ok(())
}

/// Pages of three in an order neither by id nor by time.
fn unsorted(page: &str) -> String {
    let t = |id: i64, h: u32| {
        json!({"id": id, "name": format!("T{id}"),
               "starts_at": format!("2026-11-27T{h:02}:00:00-05:00"),
               "ends_at": format!("2026-11-27T{:02}:00:00-05:00", h + 1)})
    };
    let v = match page {
        "1" => json!([t(50, 15), t(7, 9), t(21, 11)]),
        "2" => json!([t(12, 8), t(3, 16)]),
        _ => json!([]),
    };
    v.to_string()
}

#[tokio::test]
async fn the_client_keeps_server_order() -> TestResult {
    let seen = Seen::default();
    let base = serve(tasks_at(&seen, unsorted)).await?;
    let tasks = client_at(&base, 3)?
        .list_tasks(&TaskQuery::default())
        .await?
        .tasks;
    let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![50, 7, 21, 12, 3]);
    Ok(())
}

async fn refuse() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [
            (header::WWW_AUTHENTICATE, "Basic realm=\"Application\""),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        UNAUTHORIZED,
    )
        .into_response()
}

#[tokio::test]
async fn the_documented_401_is_unauthorized_and_not_retried() -> TestResult {
    let seen = Seen::default();
    // Every path refuses, as Kickserv does without valid credentials.
    let router = Router::new()
        .fallback(
            |State(seen): State<Seen>, uri: axum::http::Uri| async move {
                if let Ok(mut s) = seen.lock() {
                    s.push((uri.path().to_string(), String::new()));
                }
                refuse().await
            },
        )
        .with_state(seen.clone());
    let base = serve(router).await?;
    let c = client_at(&base, 25)?;
    let e = c
        .list_tasks(&TaskQuery::default())
        .await
        .err()
        .ok_or("a 401 was taken for success")?;
    assert!(matches!(e, Error::Unauthorized), "{e:?}");
    // Page 1 and page 2 may go out together; neither is retried.
    let n = seen_pages(&seen).len();
    assert!((1..=2).contains(&n), "{n} requests");
    let e = c.check().await.err().ok_or("check accepted a 401")?;
    assert!(matches!(e, Error::Unauthorized), "{e:?}");
    assert_eq!(seen_pages(&seen).len(), n + 1);
    Ok(())
}
