//! The client against hostile Kickserv-shaped servers: small scripted axum
//! servers with fixed answers per request, counting what reached them.

use std::collections::HashMap;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream;
use serde_json::{Value, json};

mod common;
#[path = "common/e2e.rs"]
mod e2e;

use e2e::{InHome, scratch};
use kickdesk::kickserv::client::MAX_BODY_BYTES;
use kickdesk::kickserv::model::NotifyKind;
use kickdesk::kickserv::{Client, ClientConfig, Error, TaskQuery, Token};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A token with characters that encode differently in every form.
const TOKEN: &str = "k+d/t0ken=42";
/// base64("k+d/t0ken=42:k+d/t0ken=42"), as sent in `Authorization: Basic`.
const B64_PAIR: &str = "aytkL3Qwa2VuPTQyOmsrZC90MGtlbj00Mg==";
/// base64("k+d/t0ken=42").
const B64_TOKEN: &str = "aytkL3Qwa2VuPTQy";
/// The token URL-encoded.
const PCT_TOKEN: &str = "k%2Bd%2Ft0ken%3D42";

/// Every form in which the token must never be printed.
fn leaks(text: &str) -> Vec<&'static str> {
    [
        TOKEN,
        B64_PAIR,
        B64_PAIR.trim_end_matches('='),
        B64_TOKEN,
        PCT_TOKEN,
        "t0ken",
    ]
    .into_iter()
    .filter(|f| text.contains(f))
    .collect()
}

/// What reached a scripted server.
#[derive(Default)]
struct Seen {
    /// (path, page) in order of arrival.
    hits: Mutex<Vec<(String, u32)>>,
    /// Arrival of each request by path, and when each refusal was sent.
    arrived: Mutex<Vec<(String, Instant)>>,
    refused_at: Mutex<Option<Instant>>,
    /// Bytes each streamed body produced.
    produced: Mutex<Vec<Arc<AtomicUsize>>>,
}

type Shared = Arc<Seen>;

impl Seen {
    fn hit(&self, path: &str, q: &HashMap<String, String>) -> u32 {
        let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
        self.hits.lock().unwrap().push((path.to_string(), page));
        self.arrived
            .lock()
            .unwrap()
            .push((path.to_string(), Instant::now()));
        page
    }

    fn pages(&self) -> Vec<u32> {
        self.hits.lock().unwrap().iter().map(|(_, p)| *p).collect()
    }

    fn count(&self, path: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    fn first_arrival(&self, path: &str) -> Option<Instant> {
        self.arrived
            .lock()
            .unwrap()
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| *t)
    }
}

async fn serve(router: Router) -> Result<String, Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(format!("http://{addr}"))
}

fn client_at(base: &str, tweak: impl FnOnce(&mut ClientConfig)) -> Result<Client, Error> {
    let mut cfg = ClientConfig::new("demo", Token::new(TOKEN));
    cfg.base_url = base.to_string();
    cfg.timeout = Duration::from_secs(10);
    cfg.backoff = Duration::from_millis(1);
    tweak(&mut cfg);
    Client::new(cfg)
}

/// A task today (Friday 27 November 2026) in New York.
fn task(id: i64) -> Value {
    json!({
        "id": id,
        "name": format!("Task {id}"),
        "starts_at": "2026-11-27T09:00:00-05:00",
        "ends_at": "2026-11-27T10:00:00-05:00",
        "employees": [],
    })
}

fn ids(tasks: &[kickdesk::kickserv::model::Task]) -> Vec<i64> {
    tasks.iter().map(|t| t.id).collect()
}

/// A tasks endpoint answering `answer(page, per_page)`.
fn tasks_server(seen: &Shared, answer: fn(u32, usize) -> Value) -> Router {
    Router::new()
        .route(
            "/demo/tasks.json",
            get(
                move |State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
                    let page = seen.hit("/demo/tasks.json", &q);
                    let per_page = q.get("per_page").and_then(|p| p.parse().ok()).unwrap_or(25);
                    axum::Json(answer(page, per_page))
                },
            ),
        )
        .with_state(seen.clone())
}

/// 60 tasks, paged properly but never more than 25 to a page.
fn capped_at_25(page: u32, per_page: usize) -> Value {
    let size = per_page.min(25);
    let start = (page.max(1) as usize - 1) * size;
    Value::Array(
        (start..(start + size).min(60))
            .map(|i| task(i as i64 + 1))
            .collect(),
    )
}

// ---- whole listings ------------------------------------------------------------

#[tokio::test]
async fn a_real_page_size_below_the_one_asked_still_brings_every_task() -> TestResult {
    let seen = Shared::default();
    let base = serve(tasks_server(&seen, capped_at_25)).await?;
    let c = client_at(&base, |_| {})?;
    let listing = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(
        ids(&listing.tasks),
        (1..=60).collect::<Vec<_>>(),
        "all 60, not the first 25"
    );
    assert!(listing.notes.is_complete());
    let mut pages = seen.pages();
    pages.sort_unstable();
    // Three pages of data, the empty fourth ends it; nothing near the cap.
    assert!(
        pages.starts_with(&[1, 2, 3, 4]) && pages.len() <= 6,
        "{pages:?}"
    );
    Ok(())
}

/// Once a server has sent a page of 25, a page of 10 is its last: the
/// listing read again ends there instead of asking for the empty page after.
#[tokio::test]
async fn once_the_page_size_is_known_a_short_page_ends_the_listing() -> TestResult {
    let seen = Shared::default();
    let base = serve(tasks_server(&seen, capped_at_25)).await?;
    let c = client_at(&base, |_| {})?;
    c.list_tasks(&TaskQuery::default()).await?;
    assert!(
        seen.pages().contains(&4),
        "the first reading ends at the empty page"
    );
    // Pages sent past the end before it was read may still be landing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    seen.hits.lock().unwrap().clear();
    let again = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(ids(&again.tasks), (1..=60).collect::<Vec<_>>());
    let mut pages = seen.pages();
    pages.sort_unstable();
    assert_eq!(pages, [1, 2, 3], "no request past the short page");
    Ok(())
}

/// 65 tasks in pages of 25, 10, 25, 5: a short page that is not the last.
fn short_before_the_end(page: u32, _per_page: usize) -> Value {
    let (start, size) = match page {
        1 => (0, 25),
        2 => (25, 10),
        3 => (35, 25),
        4 => (60, 5),
        _ => (65, 0),
    };
    Value::Array((start..start + size).map(|i| task(i + 1)).collect())
}

/// A server whose pages are short before the end never has its page size
/// trusted: every reading, however many, goes on to the empty page and
/// brings every task.
#[tokio::test]
async fn a_server_with_short_pages_before_the_end_is_read_to_the_empty_page_every_time()
-> TestResult {
    let seen = Shared::default();
    let base = serve(tasks_server(&seen, short_before_the_end)).await?;
    let c = client_at(&base, |_| {})?;
    for reading in 0..40 {
        seen.hits.lock().unwrap().clear();
        let listing = c.list_tasks(&TaskQuery::default()).await?;
        assert_eq!(
            ids(&listing.tasks),
            (1..=65).collect::<Vec<_>>(),
            "reading {reading}"
        );
        assert!(
            seen.pages().contains(&5),
            "reading {reading}: {:?}",
            seen.pages()
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_server_that_ignores_page_is_an_error_after_two_requests() -> TestResult {
    for per_page in [10usize, 100] {
        let seen = Shared::default();
        // The same ten tasks whatever the page: short of 100, or exactly full at 10.
        let base = serve(tasks_server(&seen, |_, _| {
            Value::Array((1..=10).map(task).collect())
        }))
        .await?;
        let c = client_at(&base, |c| c.per_page = per_page as u32)?;
        let e = c.list_tasks(&TaskQuery::default()).await.err();
        assert_eq!(
            e,
            Some(Error::PagesRepeat { page: 2 }),
            "per_page {per_page}"
        );
        assert_eq!(seen.pages().len(), 2, "bounded: pages 1 and 2 only");
        let text = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.contains("page 2") && text.contains("not used"),
            "{text}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn overlapping_pages_stop_the_listing_with_an_error() -> TestResult {
    let seen = Shared::default();
    // Page 2 starts with the last task of page 1 (and so on): offsets drift.
    let base = serve(tasks_server(&seen, |page, per_page| {
        let start = ((page.max(1) as usize - 1) * per_page).saturating_sub(page as usize - 1);
        Value::Array(
            (start..(start + per_page).min(30))
                .map(|i| task(i as i64 + 1))
                .collect(),
        )
    }))
    .await?;
    let c = client_at(&base, |c| {
        c.per_page = 10;
        c.page_concurrency = 1;
    })?;
    let e = c.list_tasks(&TaskQuery::default()).await.err();
    assert_eq!(e, Some(Error::PagesRepeat { page: 2 }));
    assert_eq!(seen.pages(), vec![1, 2]);
    Ok(())
}

#[tokio::test]
async fn the_page_cap_is_reported_not_hidden() -> TestResult {
    let seen = Shared::default();
    // An endless listing of new tasks.
    let base = serve(tasks_server(&seen, |page, per_page| {
        let start = (page as usize - 1) * per_page;
        Value::Array(
            (start..start + per_page)
                .map(|i| task(i as i64 + 1))
                .collect(),
        )
    }))
    .await?;
    let c = client_at(&base, |c| {
        c.per_page = 5;
        c.max_pages = 7;
    })?;
    let listing = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(listing.tasks.len(), 35);
    assert_eq!(listing.notes.capped_at, Some(7));
    let mut pages = seen.pages();
    pages.sort_unstable();
    assert_eq!(pages, (1..=7).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn unreadable_tasks_are_skipped_counted_and_the_rest_kept() -> TestResult {
    let seen = Shared::default();
    let router = Router::new()
        .route(
            "/demo/tasks.json",
            get(
                |State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
                    let page = seen.hit("/demo/tasks.json", &q);
                    let mut body = Vec::new();
                    if page == 1 {
                        body.extend_from_slice(format!("[{},", task(1)).as_bytes());
                        // Invalid UTF-8 inside one task's name.
                        body.extend_from_slice(b"{\"id\": 2, \"name\": \"bad \xff\xfe bytes\"},");
                        // One task nested past the parser's depth.
                        body.extend_from_slice(b"{\"id\": 3, \"custom\": ");
                        body.extend(std::iter::repeat_n(b'[', 300));
                        body.extend(std::iter::repeat_n(b']', 300));
                        body.extend_from_slice(format!("}}, {}]", task(4)).as_bytes());
                    } else {
                        body.extend_from_slice(b"[]");
                    }
                    ([(header::CONTENT_TYPE, "application/json")], body)
                },
            ),
        )
        .with_state(seen.clone());
    let base = serve(router).await?;
    let c = client_at(&base, |_| {})?;
    let listing = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(ids(&listing.tasks), vec![1, 4]);
    assert_eq!(listing.notes.unreadable, 2);
    assert_eq!(listing.notes.capped_at, None);
    Ok(())
}

// ---- bounded bodies --------------------------------------------------------------

/// A valid JSON list followed by `total` bytes of blanks, produced on demand
/// and counted as they are taken; `announce` sends the length up front.
fn huge(seen: &Shared, total: usize, announce: bool) -> Response {
    let produced = Arc::new(AtomicUsize::new(0));
    seen.produced.lock().unwrap().push(produced.clone());
    const CHUNK: usize = 64 * 1024;
    let chunks = stream::unfold(0usize, move |sent| {
        let produced = produced.clone();
        async move {
            if sent >= total {
                return None;
            }
            let n = CHUNK.min(total - sent);
            let mut chunk = vec![b' '; n];
            if sent == 0 {
                chunk[..2].copy_from_slice(b"[]");
            }
            produced.fetch_add(n, Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), sent + n))
        }
    });
    let mut resp = Body::from_stream(chunks).into_response();
    if announce {
        resp.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(total));
    }
    resp
}

#[tokio::test]
async fn a_200_mb_body_is_refused_after_at_most_the_limit() -> TestResult {
    for announce in [false, true] {
        let seen = Shared::default();
        let router =
            Router::new()
                .route(
                    "/demo/tasks.json",
                    get(
                        move |State(seen): State<Shared>,
                              Query(q): Query<HashMap<String, String>>| async move {
                            seen.hit("/demo/tasks.json", &q);
                            huge(&seen, 200 * 1024 * 1024, announce)
                        },
                    ),
                )
                .with_state(seen.clone());
        let base = serve(router).await?;
        let c = client_at(&base, |c| c.retries = 2)?;
        let e = c.list_tasks(&TaskQuery::default()).await.err();
        assert_eq!(
            e,
            Some(Error::TooLarge {
                limit: MAX_BODY_BYTES
            })
        );
        assert!(e.is_some_and(|e| e.to_string().contains("32 MB")));
        // Never retried: the same answer would come again.
        assert!(seen.pages().len() <= 2, "{:?}", seen.pages());
        // Each body was read to the limit at most (plus what the sockets
        // buffer), never to its 200 MB; an announced one not even that far.
        let ceiling = if announce {
            MAX_BODY_BYTES
        } else {
            MAX_BODY_BYTES + 16 * 1024 * 1024
        };
        for p in seen.produced.lock().unwrap().iter() {
            let n = p.load(Ordering::SeqCst);
            assert!(n < ceiling, "announce {announce}: {n} bytes taken");
        }
    }
    Ok(())
}

// ---- secrets ---------------------------------------------------------------------

/// Error bodies that echo the request's credentials in every form.
fn echo(headers: &HeaderMap) -> String {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    format!(
        "Request rejected. Authorization: {auth}\nuser={TOKEN} api_key={PCT_TOKEN} decoded={B64_TOKEN} raw header {}",
        auth.trim_start_matches("Basic ")
    )
}

fn echo_server() -> Router {
    Router::new()
        .route("/demo/tasks/1.json", get(|h: HeaderMap| async move { (StatusCode::INTERNAL_SERVER_ERROR, echo(&h)) }))
        .route(
            "/demo/tasks/2.json",
            get(|h: HeaderMap| async move {
                let body = json!({"errors": {"base": [echo(&h)], "authorization": [h.get("authorization").and_then(|v| v.to_str().ok())]}});
                (StatusCode::UNPROCESSABLE_ENTITY, body.to_string())
            }),
        )
        .route("/demo/tasks/3.json", get(|h: HeaderMap| async move { (StatusCode::OK, echo(&h)) }))
        .route("/demo/tasks/4.json", get(|h: HeaderMap| async move { (StatusCode::CONFLICT, echo(&h)) }))
        .route("/demo/employees.json", get(|h: HeaderMap| async move { (StatusCode::BAD_REQUEST, echo(&h)) }))
        .route(
            "/demo/tasks.json",
            get(|h: HeaderMap| async move {
                let body = json!({"error": format!("HTTP_AUTHORIZATION={}", echo(&h))});
                (StatusCode::UNPROCESSABLE_ENTITY, body.to_string())
            }),
        )
}

#[tokio::test]
async fn echoed_credentials_never_reach_an_error() -> TestResult {
    let base = serve(echo_server()).await?;
    let c = client_at(&base, |c| c.retries = 0)?;
    let mut errors = Vec::new();
    for id in 1..=4 {
        errors.push(c.get_task(id).await.err());
    }
    errors.push(c.list_tasks(&TaskQuery::default()).await.err());
    errors.push(c.check().await.err());
    assert!(
        matches!(errors[0], Some(Error::Server { status: 500, .. })),
        "{:?}",
        errors[0]
    );
    // A 422 to a read: the request was refused, no change was.
    assert!(
        matches!(errors[1], Some(Error::ReadRefused { .. })),
        "{:?}",
        errors[1]
    );
    assert!(
        matches!(errors[2], Some(Error::Decode { .. })),
        "{:?}",
        errors[2]
    );
    assert!(
        matches!(errors[3], Some(Error::Status { status: 409, .. })),
        "{:?}",
        errors[3]
    );
    for e in errors.iter().flatten() {
        let text = format!("{e} {e:?}");
        assert!(leaks(&text).is_empty(), "{:?} in {text}", leaks(&text));
        // The rest of the message is still there to read.
        assert!(text.contains("***") || text.contains("rejected"), "{text}");
    }
    Ok(())
}

/// The real binary against `base`, the token in its environment.
async fn kickdesk(
    base: &str,
    home: &Path,
    args: &[&str],
) -> Result<Output, Box<dyn std::error::Error>> {
    let mut cmd = e2e::kickdesk();
    cmd.args(args)
        .args([
            "--base-url",
            base,
            "--account",
            "demo",
            "--tz",
            "America/New_York",
        ])
        .env("KICKDESK_TOKEN", TOKEN)
        .in_home(home)
        .env("KICKDESK_LOG", "debug");
    Ok(tokio::task::spawn_blocking(move || cmd.output()).await??)
}

/// A config file for an account with no task longer than `max_task_days`,
/// so that an agenda that read everything exits 0.
fn no_long_tasks(home: &Path) -> String {
    let path = home.join("no-long-tasks.toml");
    std::fs::write(&path, "warn_long_tasks = false\n").unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

/// Everything the run printed, and its log.
fn everything(out: &Output, home: &Path) -> String {
    let mut log = String::new();
    for f in walk(home) {
        log.push_str(&String::from_utf8_lossy(
            &std::fs::read(f).unwrap_or_default(),
        ));
    }
    format!(
        "{}{}{log}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn check_and_agenda_never_print_or_log_an_echoed_token() -> TestResult {
    let base = serve(echo_server()).await?;
    for (name, args) in [
        ("check", vec!["check"]),
        ("agenda", vec!["agenda", "--date", "2026-11-27"]),
    ] {
        let home = scratch(name);
        let out = kickdesk(&base, &home, &args).await?;
        assert!(
            !out.status.success(),
            "{name} should fail against this server"
        );
        let all = everything(&out, &home);
        assert!(leaks(&all).is_empty(), "{name}: {:?} in {all}", leaks(&all));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Kickserv"),
            "{all}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_secrets_never_reach_agenda_raw() -> TestResult {
    let full_employee = json!({
        "id": 7, "name": "Ana", "encrypted_password": "HASH-1", "password_salt": "SALT-1",
        "remember_token": "REMEMBER-1", "api_key": "APIKEY-1", "reset_password_token": "RESET-1",
    });
    let mut t = task(1);
    t["job"] = json!({"id": 10, "name": "Leak fix", "created_by": full_employee, "crew": [[full_employee]]});
    t["created_by"] = full_employee.clone();
    t["custom_fields"] =
        json!([{"label": "gate", "value": {"secret": "SECRET-1", "api_key_hash": "KEYHASH-1"}}]);
    t["employees"] = json!([full_employee]);
    let body = Value::Array(vec![t]).to_string();
    let router = Router::new()
        // The first authenticated read, before the listing.
        .route("/demo/employees.json", get(|| async { "[]" }))
        .route(
            "/demo/tasks.json",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let body = body.clone();
                async move {
                    if q.get("page").map(String::as_str) == Some("1") {
                        body
                    } else {
                        "[]".to_string()
                    }
                }
            }),
        );
    let base = serve(router).await?;
    let home = scratch("secrets");
    let config = no_long_tasks(&home);
    let out = kickdesk(
        &base,
        &home,
        &[
            "agenda",
            "--date",
            "2026-11-27",
            "--format",
            "raw",
            "--config",
            &config,
        ],
    )
    .await?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout)?;
    assert_eq!(v[0]["id"], 1);
    assert_eq!(
        v[0]["job"]["created_by"]["name"], "Ana",
        "what is not secret stays"
    );
    for secret in [
        "HASH-1",
        "SALT-1",
        "REMEMBER-1",
        "APIKEY-1",
        "RESET-1",
        "SECRET-1",
        "KEYHASH-1",
    ] {
        assert!(!stdout.contains(secret), "{secret} in {stdout}");
    }
    Ok(())
}

// ---- one rate-limit gate ---------------------------------------------------------

#[tokio::test]
async fn retry_after_on_one_endpoint_holds_every_other_request() -> TestResult {
    let seen = Shared::default();
    let refuse = |path: &'static str| {
        move |State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
            seen.hit(path, &q);
            *seen.refused_at.lock().unwrap() = Some(Instant::now());
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0.4")],
                "slow down",
            )
        }
    };
    let router = Router::new()
        .route("/demo/employees.json", get(refuse("/demo/employees.json")))
        .route(
            "/demo/tasks.json",
            get(
                |State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
                    seen.hit("/demo/tasks.json", &q);
                    axum::Json(json!([]))
                },
            ),
        )
        .route(
            "/demo/tasks/5/notify.json",
            post(
                |State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
                    seen.hit("/demo/tasks/5/notify.json", &q);
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        [(header::RETRY_AFTER, "0.4")],
                        "busy",
                    )
                },
            ),
        )
        .with_state(seen.clone());
    let base = serve(router).await?;
    let c = client_at(&base, |c| c.retries = 0)?;

    // A 429 on the employees; the tasks fetch right after waits its turn.
    assert!(matches!(
        c.employees().await,
        Err(Error::RateLimited { .. })
    ));
    let refused = seen.refused_at.lock().unwrap().ok_or("no refusal")?;
    c.list_tasks(&TaskQuery::default()).await?;
    let tasks_at = seen
        .first_arrival("/demo/tasks.json")
        .ok_or("no tasks request")?;
    let waited = tasks_at.duration_since(refused);
    assert!(
        waited >= Duration::from_millis(400),
        "the tasks fetch went {waited:?} after the 429"
    );

    // A 503 on a mutation holds the next mutation too, which is still sent once.
    assert!(c.notify(5, NotifyKind::Details).await.is_err());
    let first_notify = seen
        .first_arrival("/demo/tasks/5/notify.json")
        .ok_or("no notify")?;
    assert!(c.notify(5, NotifyKind::Details).await.is_err());
    let notifies: Vec<Instant> = seen
        .arrived
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p == "/demo/tasks/5/notify.json")
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(notifies.len(), 2, "each notify sent once, never retried");
    assert!(notifies[1].duration_since(first_notify) >= Duration::from_millis(400));
    assert_eq!(
        seen.count("/demo/employees.json"),
        2,
        "pages 1 and 2, each once"
    );
    Ok(())
}

#[tokio::test]
async fn an_unpaged_employee_list_is_taken_whole_but_a_repeated_full_page_is_not() -> TestResult {
    for (per_page, ok) in [(100u32, true), (3, false)] {
        let seen = Shared::default();
        let router = Router::new()
            .route(
                "/demo/employees.json",
                get(|State(seen): State<Shared>, Query(q): Query<HashMap<String, String>>| async move {
                    seen.hit("/demo/employees.json", &q);
                    axum::Json(json!([{"id": 1, "name": "Ana"}, {"id": 2, "name": "Ben"}, {"id": 3, "name": "Cy"}]))
                }),
            )
            .with_state(seen.clone());
        let base = serve(router).await?;
        let c = client_at(&base, |c| c.per_page = per_page)?;
        let got = c.employees().await;
        assert_eq!(seen.pages().len(), 2, "per_page {per_page}");
        match got {
            Ok(staff) if ok => assert_eq!(staff.len(), 3),
            Err(e) if !ok => assert_eq!(e, Error::PagesRepeat { page: 2 }),
            other => panic!("per_page {per_page}: {other:?}"),
        }
    }
    Ok(())
}

// ---- agenda --date takes the go-to prompt's forms --------------------------------

#[tokio::test]
async fn agenda_date_takes_offsets_and_weekdays_like_the_go_to_prompt() -> TestResult {
    let router = Router::new()
        .route("/demo/employees.json", get(|| async { "[]" }))
        .route("/demo/tasks.json", get(|| async { "[]" }));
    let base = serve(router).await?;
    let run = |date: &'static str| {
        let home = scratch("agenda-date");
        let config = no_long_tasks(&home);
        let mut cmd = e2e::kickdesk();
        cmd.args(["agenda", "--date", date, "--format", "json"])
            .args(["--config", &config])
            .args(["--base-url", &base, "--account", "demo"])
            .args(["--tz", "America/New_York"])
            .env("KICKDESK_TOKEN", TOKEN)
            .env("KICKDESK_TODAY", "2026-11-27T10:00:00") // a Friday
            .in_home(&home);
        tokio::task::spawn_blocking(move || {
            let out = cmd.output();
            drop(home); // only once the run is over
            out
        })
    };
    for (date, day) in [
        ("+1", "2026-11-28"),
        ("-2", "2026-11-25"),
        ("mon", "2026-11-30"),
        ("Friday", "2026-11-27"),
        ("12-03", "2026-12-03"),
        ("tomorrow", "2026-11-28"),
        ("2026-11-27", "2026-11-27"),
    ] {
        let out = run(date).await??;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{date}: {stderr}");
        let v: Value = serde_json::from_slice(&out.stdout)?;
        assert_eq!(v["dates"], json!([day]), "{date}");
    }
    let out = run("someday").await??;
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--date: expected YYYY-MM-DD"), "{stderr}");
    assert!(stderr.contains("\"someday\""), "{stderr}");
    Ok(())
}

// ---- agenda without --tz, from hosts east and west of the account -------------

/// A New York account's tasks as Kickserv sends them: each weekday a
/// 09:00 visit, and on the two DST Sundays of 2026 a call just after
/// midnight, one in the morning and one just before the next midnight,
/// each with the offset of its own instant.
fn new_york_account() -> Vec<Value> {
    use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
    let ny = chrono_tz::America::New_York;
    let at = |d: NaiveDate, h: u32, m: u32| {
        ny.from_local_datetime(&d.and_hms_opt(h, m, 0).unwrap())
            .earliest()
            .unwrap()
            .to_rfc3339()
    };
    let mut out = Vec::new();
    let mut id = 0;
    let mut add = |title: String, start: String, end: String| {
        id += 1;
        out.push(json!({
            "id": id, "name": title, "starts_at": start, "ends_at": end, "employees": [],
        }));
    };
    for (first, last) in [("2026-02-02", "2026-03-31"), ("2026-10-01", "2026-12-31")] {
        let mut d: NaiveDate = first.parse().unwrap();
        while d <= last.parse().unwrap() {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                add(format!("Visit {d}"), at(d, 9, 0), at(d, 10, 0));
            }
            d = d.succ_opt().unwrap();
        }
    }
    for sunday in ["2026-03-08", "2026-11-01"] {
        let d: NaiveDate = sunday.parse().unwrap();
        add("Night boiler".into(), at(d, 0, 30), at(d, 1, 15));
        add("Sunday leak".into(), at(d, 9, 0), at(d, 10, 0));
        add("Late call".into(), at(d, 23, 30), at(d, 23, 50));
    }
    out
}

/// Kickserv for that account: `from` to `to` (exclusive) are the
/// account's dates, which are the dates the timestamps are written in.
fn account_server() -> Router {
    let tasks = Arc::new(new_york_account());
    Router::new()
        .route("/demo/employees.json", get(|| async { "[]" }))
        .route(
            "/demo/tasks.json",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let tasks = tasks.clone();
                async move {
                    if q.get("page").is_some_and(|p| p != "1") {
                        return "[]".to_string();
                    }
                    let from = q.get("from").cloned().unwrap_or_default();
                    let to = q.get("to").cloned().unwrap_or_else(|| "9999".into());
                    let page: Vec<&Value> = tasks
                        .iter()
                        .filter(|t| {
                            let day = &t["starts_at"].as_str().unwrap_or_default()[..10];
                            from.as_str() <= day && day < to.as_str()
                        })
                        .collect();
                    serde_json::to_string(&page).unwrap_or_default()
                }
            }),
        )
}

/// `agenda --date DATE` with no zone set, on a host whose zone is `tz`.
async fn agenda_from(
    base: &str,
    tz: &str,
    date: &str,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let home = scratch("agenda-zone");
    let config = no_long_tasks(&home);
    let mut cmd = e2e::kickdesk();
    cmd.args(["agenda", "--date", date, "--config", &config])
        .args(["--base-url", base, "--account", "demo"])
        .env("TZ", tz)
        .env("KICKDESK_TOKEN", TOKEN)
        .in_home(&home);
    let out = tokio::task::spawn_blocking(move || {
        let out = cmd.output();
        drop(home);
        out
    })
    .await??;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{tz} {date}: {stderr}");
    Ok((stdout, stderr))
}

const AUCKLAND: &str = "Pacific/Auckland";
const LOS_ANGELES: &str = "America/Los_Angeles";

#[tokio::test(flavor = "multi_thread")]
async fn agenda_east_and_west_of_the_account_lists_the_accounts_monday() -> TestResult {
    // Monday in Auckland is still Sunday in New York: the account's zone
    // is learnt from the whole window fetched, not from that empty day.
    let base = serve(account_server()).await?;
    for tz in [AUCKLAND, LOS_ANGELES] {
        let (out, err) = agenda_from(&base, tz, "2026-11-30").await?;
        assert!(out.starts_with("Mon 30 Nov 2026 ("), "{tz}:\n{out}");
        assert!(
            out.contains("09:00–10:00  Visit 2026-11-30"),
            "{tz}:\n{out}"
        );
        assert!(!out.contains("no tasks"), "{tz}:\n{out}");
        assert!(!out.contains("Visit 2026-11-27"), "{tz}:\n{out}");
        assert!(
            err.contains("disagrees"),
            "{tz}: the host's zone is overruled, and said: {err}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn agenda_east_and_west_of_the_account_on_dst_days_keeps_each_task_at_its_time() -> TestResult
{
    // On the days New York's clocks change, both offsets are seen: no one
    // offset is pinned, so no task is an hour off and none near midnight
    // falls into the next or previous day.
    let base = serve(account_server()).await?;
    for (date, header) in [
        ("2026-03-08", "Sun 8 Mar 2026 (America/New_York)"),
        ("2026-11-01", "Sun 1 Nov 2026 (America/New_York)"),
    ] {
        for tz in [AUCKLAND, LOS_ANGELES] {
            let (out, _) = agenda_from(&base, tz, date).await?;
            assert!(out.starts_with(header), "{tz} {date}:\n{out}");
            for (when, title) in [
                ("00:30–01:15", "Night boiler"),
                ("09:00–10:00", "Sunday leak"),
                ("23:30–23:50", "Late call"),
            ] {
                // (The repeated hour of 1 November also names its offset.)
                let line = out.lines().find(|l| l.ends_with(title));
                assert!(
                    line.is_some_and(|l| l.trim_start().starts_with(when)),
                    "{tz} {date}: {title} at {when}\n{out}"
                );
            }
            assert!(!out.contains("Visit"), "{tz} {date}:\n{out}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn agenda_date_without_a_year_in_december_is_the_coming_january_and_says_so() -> TestResult {
    let router = Router::new()
        .route("/demo/employees.json", get(|| async { "[]" }))
        .route("/demo/tasks.json", get(|| async { "[]" }));
    let base = serve(router).await?;
    let home = scratch("agenda-month-day");
    let config = no_long_tasks(&home);
    let mut cmd = e2e::kickdesk();
    cmd.args(["agenda", "--date", "01-05", "--config", &config])
        .args(["--base-url", &base, "--account", "demo"])
        .args(["--tz", "America/New_York"])
        .env("KICKDESK_TOKEN", TOKEN)
        .env("KICKDESK_TODAY", "2026-12-07T10:00:00")
        .in_home(&home);
    let out = tokio::task::spawn_blocking(move || cmd.output()).await??;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("Tue 5 Jan 2027 (America/New_York)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("--date 01-05 is Tue 5 Jan 2027, the nearest"),
        "{stderr}"
    );
    Ok(())
}

/// What the board is told of a DELETE Kickserv accepted, by the shape of
/// its answer: the task (the reference's word) or, for an answer with no
/// usable task, nothing (the board then remakes the copy it read before
/// and says so); an answer that is no task at all is checked by a read.
#[tokio::test]
async fn a_delete_answer_without_a_usable_task_leaves_the_board_its_own_copy() -> TestResult {
    use kickdesk::app::msg::{ApiCmd, FaultKind, Msg};
    use kickdesk::runtime::effects::{ApiEffects, Effects};

    let router = Router::new()
        .route(
            "/demo/tasks/1.json",
            axum::routing::delete(async || Json(task(1))),
        )
        .route(
            "/demo/tasks/2.json",
            axum::routing::delete(async || StatusCode::NO_CONTENT),
        )
        .route(
            "/demo/tasks/3.json",
            axum::routing::delete(async || Json(json!({"id": 3}))),
        )
        .route(
            "/demo/tasks/4.json",
            axum::routing::delete(async || Json(json!({"message": "Task deleted"}))),
        )
        .route(
            "/demo/tasks/5.json",
            axum::routing::delete(async || Json(json!({"task": task(5)}))),
        );
    let fx = ApiEffects {
        client: client_at(&serve(router).await?, |_| {})?,
        clock: Arc::new(chrono::Utc::now),
        running: Default::default(),
    };
    let mut told = Vec::new();
    for id in 1..=5 {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        fx.run(ApiCmd::Delete { task_id: id }, tx);
        match rx.recv().await.ok_or("no answer")? {
            Msg::Deleted { task_id, result } => {
                assert_eq!(task_id, id);
                told.push(match result {
                    Ok(Some(t)) => format!("task {}", t.id),
                    Ok(None) => "no task".to_string(),
                    Err(f) if f.kind == FaultKind::AnswerUnreadable => "unreadable".to_string(),
                    Err(f) => format!("fault {f:?}"),
                });
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        told,
        ["task 1", "no task", "no task", "unreadable", "task 5"]
    );
    Ok(())
}

// ---- listings never read garbage as an answer ----------------------------------

/// A tasks endpoint whose page 1 is `first` (bytes as they are) and whose
/// later pages are empty lists; employees are an empty list.
fn listing_server(first: Vec<u8>) -> Router {
    let first = Bytes::from(first);
    Router::new()
        .route("/demo/employees.json", get(|| async { "[]" }))
        .route(
            "/demo/tasks.json",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let first = first.clone();
                async move {
                    let body = if q.get("page").map(String::as_str) == Some("1") {
                        first
                    } else {
                        Bytes::from_static(b"[]")
                    };
                    ([(header::CONTENT_TYPE, "application/json")], body)
                }
            }),
        )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_or_null_answer_is_an_error_never_an_empty_day() -> TestResult {
    for (name, body) in [("empty", ""), ("blank", " \n"), ("null", "null")] {
        let base = serve(listing_server(body.as_bytes().to_vec())).await?;
        let c = client_at(&base, |c| c.retries = 0)?;
        let e = c.list_tasks(&TaskQuery::default()).await.err();
        assert!(matches!(e, Some(Error::Decode { .. })), "{name}: {e:?}");
        let home = scratch(name);
        let out = kickdesk(&base, &home, &["agenda", "--date", "2026-11-27"]).await?;
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("could not be read"),
            "{name}: {}",
            stderr(&out)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("no tasks"), "{name}: {stdout}");
    }
    Ok(())
}

/// Entries 2 to 9 cannot be placed: a start null, missing, a number, an
/// impossible date, without an offset, in another format; an `all_day` that
/// is text or a number.
fn unplaceable() -> Vec<u8> {
    let mut entries = vec![task(1)];
    let starts: [Option<Value>; 6] = [
        Some(Value::Null),
        None,
        Some(json!(1_795_788_000)),
        Some(json!("2026-02-30T09:00:00-05:00")),
        Some(json!("2026-11-27T09:00:00")),
        Some(json!("27/11/2026 09:00")),
    ];
    for (i, start) in starts.into_iter().enumerate() {
        let mut t = task(i as i64 + 2);
        match start {
            Some(v) => t["starts_at"] = v,
            None => {
                t.as_object_mut().map(|m| m.remove("starts_at"));
            }
        }
        entries.push(t);
    }
    for (id, all_day) in [(8, json!("yes")), (9, json!(1))] {
        let mut t = task(id);
        t["all_day"] = all_day;
        entries.push(t);
    }
    entries.push(task(10));
    Value::Array(entries).to_string().into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn tasks_that_cannot_be_placed_are_counted_logged_by_id_and_fail_agenda() -> TestResult {
    let base = serve(listing_server(unplaceable())).await?;
    let c = client_at(&base, |_| {})?;
    let listing = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(ids(&listing.tasks), vec![1, 10]);
    assert_eq!(listing.notes.unreadable, 8);

    // The board says so in its header.
    let mut m = kickdesk::app::model::Model::new(common::opts(), common::now(), (160, 40));
    let cmds = kickdesk::app::update::init(&mut m);
    common::answer_fetch(&mut m, &cmds, listing);
    let screen = common::screen(&m);
    assert!(screen.contains("8 tasks unreadable, see log"), "{screen}");

    let home = scratch("unplaceable");
    let out = kickdesk(&base, &home, &["agenda", "--date", "2026-11-27"]).await?;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("8 tasks could not be read and are missing"),
        "{}",
        stderr(&out)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Task 1") && stdout.contains("Task 10"),
        "{stdout}"
    );
    // A timed task whose all_day is not a boolean never shows as all-day.
    assert!(!stdout.contains("all day"), "{stdout}");
    let log = everything(&out, &home);
    for id in 2..=9 {
        assert!(
            log.contains(&format!("id={id} ")),
            "entry {id} not logged by its id: {log}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn two_entries_of_one_id_on_one_page_stop_the_listing() -> TestResult {
    let mut again = task(2);
    again["name"] = json!("Another task, same id");
    let body = json!([task(1), task(2), again, task(3)]).to_string();
    let base = serve(listing_server(body.into_bytes())).await?;
    let c = client_at(&base, |_| {})?;
    let e = c.list_tasks(&TaskQuery::default()).await.err();
    assert_eq!(e, Some(Error::DuplicateIds { page: 1, id: 2 }));
    let text = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("same id (2)") && text.contains("not used"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn a_422_to_a_read_says_the_request_was_refused_not_a_change() -> TestResult {
    let router = Router::new().route(
        "/demo/tasks.json",
        get(|| async {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                r#"{"errors": {"from": ["is not a date"]}}"#,
            )
        }),
    );
    let base = serve(router).await?;
    let c = client_at(&base, |_| {})?;
    let e = c
        .list_tasks(&TaskQuery::default())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        e,
        "Kickserv refused the request (422): from is not a date; nothing was changed"
    );
    assert!(!e.contains("rejected the change"), "{e}");
    Ok(())
}

/// A task whose every text carries the token in one form or another.
fn echoing_task() -> Value {
    let mut t = task(1);
    t["name"] = json!(format!("Fix {PCT_TOKEN}"));
    t["description"] = json!(format!("gate code {TOKEN}; header Basic {B64_PAIR}"));
    t["customer"] = json!({"id": 5, "name": format!("Cust {B64_TOKEN}")});
    t["job"] = json!({"id": 6, "name": format!("Basic {B64_PAIR}")});
    t["employees"] = json!([{"id": 7, "employee_number": 1, "name": format!("Ana {TOKEN}")}]);
    t["gate_code"] = json!(B64_PAIR.trim_end_matches('='));
    t["request"] = json!({"headers": {"Authorization": format!("Basic {B64_PAIR}")}});
    t
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_echoed_in_a_200_answer_is_masked_everywhere_it_goes() -> TestResult {
    let body = Value::Array(vec![echoing_task()]).to_string();
    let base = serve(listing_server(body.into_bytes())).await?;
    let c = client_at(&base, |_| {})?;
    let listing = c.list_tasks(&TaskQuery::default()).await?;
    assert_eq!(ids(&listing.tasks), vec![1]);
    let t = &listing.tasks[0];
    assert_eq!(
        t.name.as_deref(),
        Some("Fix ***"),
        "what is not the token stays"
    );

    // The board: the grid, the detail, the raw JSON view.
    let mut m = common::loaded(Vec::new(), listing.tasks.clone());
    let grid = common::screen(&m);
    assert!(grid.contains("Fix ***"), "{grid}");
    common::press(&mut m, &[common::code(crossterm::event::KeyCode::Enter)]);
    let detail = common::screen(&m);
    assert!(detail.contains("gate code ***"), "{detail}");
    common::press(&mut m, &[common::key('J')]);
    let raw_view = common::screen(&m);
    assert!(raw_view.contains("raw JSON"), "{raw_view}");
    let raw = kickdesk::ui::detail::raw_json(t);
    for (what, text) in [
        ("grid", &grid),
        ("detail", &detail),
        ("raw view", &raw_view),
        ("raw JSON", &raw),
    ] {
        assert!(
            leaks(text).is_empty(),
            "{what}: {:?} in {text}",
            leaks(text)
        );
    }

    // The cache stores what the client read.
    let dir = scratch("echo-cache");
    let cache = kickdesk::runtime::cache::DiskCache::new(&dir, &base, "demo");
    let period = kickdesk::schedule::Period::day(common::today());
    cache.write_tasks(period, common::now(), &listing.tasks, listing.notes)?;
    let mut stored = 0;
    for f in walk(&dir) {
        let bytes = String::from_utf8_lossy(&std::fs::read(&f)?).into_owned();
        stored += bytes.len();
        assert!(
            leaks(&bytes).is_empty(),
            "cache {}: {:?}",
            f.display(),
            leaks(&bytes)
        );
    }
    assert!(stored > 0, "nothing was cached");

    // Every agenda format.
    for format in ["text", "json", "raw"] {
        let home = scratch(format);
        let out = kickdesk(
            &base,
            &home,
            &["agenda", "--date", "2026-11-27", "--format", format],
        )
        .await?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            stdout.contains("Fix ***"),
            "{format}: {stdout}{}",
            stderr(&out)
        );
        let all = everything(&out, &home);
        assert!(
            leaks(&all).is_empty(),
            "{format}: {:?} in {all}",
            leaks(&all)
        );
        if format == "raw" {
            assert!(
                !stdout.to_ascii_lowercase().contains("authorization"),
                "{stdout}"
            );
            assert_eq!(
                serde_json::from_str::<Value>(&stdout)?[0]["request"],
                json!({"headers": {}})
            );
        }
    }
    Ok(())
}

/// `check` is ok only when a board could show the tasks: a listing that is
/// no list, or that holds entries that cannot be read, fails it with why.
#[tokio::test(flavor = "multi_thread")]
async fn check_fails_and_says_why_when_the_task_listing_is_unreadable() -> TestResult {
    let cases = [
        (
            "check-null",
            b"null".to_vec(),
            "task listing cannot be read",
        ),
        (
            "check-garbage",
            b"<html>".to_vec(),
            "task listing cannot be read",
        ),
        (
            "check-unplaceable",
            unplaceable(),
            "8 tasks of today's listing are unreadable",
        ),
    ];
    for (name, body, why) in cases {
        let base = serve(listing_server(body)).await?;
        let home = scratch(name);
        let out = kickdesk(&base, &home, &["check"]).await?;
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("ok:"), "{name}: {stdout}");
    }
    // The same server with a readable listing is ok.
    let base = serve(listing_server(json!([task(1)]).to_string().into_bytes())).await?;
    let home = scratch("check-ok");
    let out = kickdesk(&base, &home, &["check"]).await?;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok:"));
    Ok(())
}

/// No listing can rule out a task longer than `max_task_days` that began
/// before the look-back: agenda says so every time, with the setting, and
/// exits 1, unless the config says the account has none.
#[tokio::test(flavor = "multi_thread")]
async fn agenda_says_every_time_that_longer_tasks_would_be_missing() -> TestResult {
    let base = serve(listing_server(json!([task(1)]).to_string().into_bytes())).await?;
    let home = scratch("long-default");
    let out = kickdesk(&base, &home, &["agenda", "--date", "2026-11-27"]).await?;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("tasks longer than 31 days (max_task_days)")
            && err.contains("warn_long_tasks = false"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Task 1"));

    let home = scratch("long-quiet");
    let config = no_long_tasks(&home);
    let out = kickdesk(
        &base,
        &home,
        &["agenda", "--date", "2026-11-27", "--config", &config],
    )
    .await?;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("max_task_days"), "{}", stderr(&out));
    Ok(())
}

/// A single task read, and the answer to a change, have the token masked
/// like a listing's tasks.
#[tokio::test]
async fn a_token_echoed_in_a_read_or_a_changes_answer_is_masked() -> TestResult {
    let one = || async { axum::Json(json!({"task": echoing_task()})) };
    let router = Router::new().route("/demo/tasks/1.json", get(one).put(one));
    let base = serve(router).await?;
    let c = client_at(&base, |_| {})?;
    let read = c.get_task(1).await?;
    let patch = kickdesk::kickserv::model::TaskPatch {
        name: Some(Some("Fix".into())),
        ..Default::default()
    };
    let saved = c.update_task(1, &patch).await?;
    for t in [read, saved] {
        let text = format!("{t:?} {}", serde_json::to_string(&t)?);
        assert!(leaks(&text).is_empty(), "{:?} in {text}", leaks(&text));
        assert_eq!(t.name.as_deref(), Some("Fix ***"));
        assert_eq!(
            t.customer.as_ref().and_then(|c| c.name.as_deref()),
            Some("Cust ***")
        );
    }
    Ok(())
}
