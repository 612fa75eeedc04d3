//! Injected failures. A fault replaces or damages the answer to one
//! account-API request; which kinds happen before the request is processed is
//! part of the contract with tests:
//!
//! * `500`, `503`, `429`, `reset`: the request is refused unprocessed (a write
//!   does not happen).
//! * `malformed`, `truncated`: the request is processed, then its answer is
//!   damaged in transit (a write does happen — the hazard a client must face).
//! * `stall`: the server waits `stall_ms`, then processes and answers normally
//!   (unless the client gave up first, in which case nothing happens).
//!
//! Besides single faults, modes make the whole server hostile in one way
//! until they are turned off: a real page size below the one asked
//! (`max_per_page`), `page` ignored, pages that overlap (`repeat_ids`), one
//! unreadable task per listing, error bodies echoing the `Authorization`
//! header, secrets nested in tasks, oversized list bodies; `fault_path`
//! confines injected faults (e.g. 429 with `Retry-After`) to one endpoint.
//! Task listings can also answer 200 with an empty body or `null`
//! (`list_body`), hold tasks that cannot be placed (`unplaceable`), list two
//! entries of one id on each page (`duplicate_ids`), echo the token in every
//! text of their tasks (`echo_token`), and carry a task longer than any
//! look-back (`long_task_days`).

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FaultKind {
    #[serde(rename = "500")]
    ServerError,
    #[serde(rename = "503")]
    Unavailable,
    #[serde(rename = "429")]
    TooManyRequests,
    #[serde(rename = "malformed")]
    Malformed,
    #[serde(rename = "truncated")]
    Truncated,
    #[serde(rename = "reset")]
    Reset,
    #[serde(rename = "stall")]
    Stall,
}

impl FaultKind {
    pub const ALL: [FaultKind; 7] = [
        FaultKind::ServerError,
        FaultKind::Unavailable,
        FaultKind::TooManyRequests,
        FaultKind::Malformed,
        FaultKind::Truncated,
        FaultKind::Reset,
        FaultKind::Stall,
    ];
}

/// What happens to the next write of one method (`fail_next_put`,
/// `fail_next_post`): refused before it is processed (`422`, `500`), or
/// processed and its answer then held for `stall_ms` (`timeout`), longer than
/// a client waits, so the change happened and the client cannot know; or
/// processed and its answer garbled on the way (`malformed`): 200, a body
/// no JSON parser accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteFault {
    #[serde(rename = "422")]
    Unprocessable,
    #[serde(rename = "500")]
    ServerError,
    #[serde(rename = "timeout")]
    Timeout,
    #[serde(rename = "malformed")]
    Malformed,
}

/// How the one unreadable task of each listing is damaged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unreadable {
    #[default]
    Off,
    /// Invalid UTF-8 bytes inside a string.
    Utf8,
    /// Arrays nested far past any parser's depth limit.
    Deep,
}

/// What a task listing answers with, status 200.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListBody {
    /// The tasks.
    #[default]
    Tasks,
    /// Nothing at all.
    Empty,
    /// `null`.
    Null,
}

/// Current fault settings, as shown by `GET /_sim/faults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub kinds: Vec<FaultKind>,
    pub fail_next: u32,
    pub retry_after_secs: u64,
    pub stall_ms: u64,
    /// The most entries a list page holds, whatever `per_page` asks (1 to 100).
    pub max_per_page: usize,
    /// Every list answers its first page, whatever `page` asks.
    pub ignore_page: bool,
    /// Answers take the recorded Kickserv's server time (12 ms, plus 7 ms
    /// a record) and close their connection (see `pace`).
    pub like_kickserv: bool,
    /// Each list page starts with the last entry of the page before.
    pub repeat_ids: bool,
    /// The first task of each task listing cannot be read.
    pub unreadable: Unreadable,
    /// Error bodies carry the request's `Authorization` header.
    pub echo_auth: bool,
    /// Tasks carry full employee records, secrets and all, nested under
    /// `created_by`, their job's `created_by` and arrays of an unknown key.
    pub nested_secrets: bool,
    /// Task listings are padded with this many MB of blanks (0: off).
    pub oversize_mb: u64,
    /// Task listings answer 200 with this body.
    pub list_body: ListBody,
    /// The first eight tasks of each task listing cannot be placed: their
    /// start null, missing, a number, an impossible date, without an
    /// offset, in another format; their `all_day` text, a number.
    pub unplaceable: bool,
    /// Each task page ends with a second, different entry of its first id.
    pub duplicate_ids: bool,
    /// Every task listed carries the token: raw, base64, `Basic …`,
    /// URL-encoded, and the request's `Authorization` under a nested key.
    pub echo_token: bool,
    /// Task listings carry one more task, of the first employee, started
    /// this many days before now and ending tomorrow (0: off).
    pub long_task_days: u32,
    /// Injected faults only hit requests whose path ends with this.
    pub fault_path: Option<String>,
    /// The next `PUT` of a task fails this way (then the setting clears).
    pub fail_next_put: Option<WriteFault>,
    /// The armed `fail_next_put` lets this many task PUTs through first:
    /// 2 fails the third (a cascade of PUTs stopped part way).
    pub put_fault_after: u32,
    /// The next `POST` creating a task fails this way (then it clears).
    pub fail_next_post: Option<WriteFault>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            fail_rate: 0.0,
            // What a flaky upstream produces most; the harsher kinds are opt-in.
            kinds: vec![
                FaultKind::ServerError,
                FaultKind::Unavailable,
                FaultKind::TooManyRequests,
            ],
            fail_next: 0,
            retry_after_secs: 1,
            stall_ms: 30_000,
            max_per_page: MAX_PER_PAGE,
            ignore_page: false,
            like_kickserv: false,
            repeat_ids: false,
            unreadable: Unreadable::Off,
            echo_auth: false,
            nested_secrets: false,
            oversize_mb: 0,
            list_body: ListBody::Tasks,
            unplaceable: false,
            duplicate_ids: false,
            echo_token: false,
            long_task_days: 0,
            fault_path: None,
            fail_next_put: None,
            put_fault_after: 0,
            fail_next_post: None,
        }
    }
}

/// The largest page any list answers.
pub const MAX_PER_PAGE: usize = 100;

/// Body of `POST /_sim/faults`: omitted keys keep their value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsPatch {
    pub latency_ms: Option<u64>,
    pub fail_rate: Option<f64>,
    pub kinds: Option<Vec<FaultKind>>,
    pub fail_next: Option<u32>,
    pub retry_after_secs: Option<u64>,
    pub stall_ms: Option<u64>,
    pub max_per_page: Option<usize>,
    pub ignore_page: Option<bool>,
    pub like_kickserv: Option<bool>,
    pub repeat_ids: Option<bool>,
    pub unreadable: Option<Unreadable>,
    pub echo_auth: Option<bool>,
    pub nested_secrets: Option<bool>,
    pub oversize_mb: Option<u64>,
    pub list_body: Option<ListBody>,
    pub unplaceable: Option<bool>,
    pub duplicate_ids: Option<bool>,
    pub echo_token: Option<bool>,
    pub long_task_days: Option<u32>,
    /// An empty text clears it.
    pub fault_path: Option<String>,
    pub fail_next_put: Option<WriteFault>,
    pub put_fault_after: Option<u32>,
    pub fail_next_post: Option<WriteFault>,
}

impl FaultsPatch {
    /// Applies the patch; `Err` names the offending field.
    pub fn apply(self, f: &mut Faults) -> Result<(), (&'static str, &'static str)> {
        if let Some(r) = self.fail_rate
            && !(0.0..=1.0).contains(&r)
        {
            return Err(("fail_rate", "must be between 0 and 1"));
        }
        if self.kinds.as_ref().is_some_and(Vec::is_empty) {
            return Err(("kinds", "can't be empty"));
        }
        if self
            .max_per_page
            .is_some_and(|n| !(1..=MAX_PER_PAGE).contains(&n))
        {
            return Err(("max_per_page", "must be between 1 and 100"));
        }
        if self.oversize_mb.is_some_and(|n| n > 4096) {
            return Err(("oversize_mb", "must be at most 4096"));
        }
        if self.long_task_days.is_some_and(|n| n > 3660) {
            return Err(("long_task_days", "must be at most 3660"));
        }
        if let Some(v) = self.max_per_page {
            f.max_per_page = v;
        }
        if let Some(v) = self.ignore_page {
            f.ignore_page = v;
        }
        if let Some(v) = self.like_kickserv {
            f.like_kickserv = v;
        }
        if let Some(v) = self.repeat_ids {
            f.repeat_ids = v;
        }
        if let Some(v) = self.unreadable {
            f.unreadable = v;
        }
        if let Some(v) = self.echo_auth {
            f.echo_auth = v;
        }
        if let Some(v) = self.nested_secrets {
            f.nested_secrets = v;
        }
        if let Some(v) = self.oversize_mb {
            f.oversize_mb = v;
        }
        if let Some(v) = self.list_body {
            f.list_body = v;
        }
        if let Some(v) = self.unplaceable {
            f.unplaceable = v;
        }
        if let Some(v) = self.duplicate_ids {
            f.duplicate_ids = v;
        }
        if let Some(v) = self.echo_token {
            f.echo_token = v;
        }
        if let Some(v) = self.long_task_days {
            f.long_task_days = v;
        }
        if let Some(v) = self.fault_path {
            f.fault_path = Some(v).filter(|p| !p.trim().is_empty());
        }
        if let Some(v) = self.fail_next_put {
            f.fail_next_put = Some(v);
        }
        if let Some(v) = self.put_fault_after {
            f.put_fault_after = v;
        }
        if let Some(v) = self.fail_next_post {
            f.fail_next_post = Some(v);
        }
        if let Some(v) = self.latency_ms {
            f.latency_ms = v;
        }
        if let Some(v) = self.fail_rate {
            f.fail_rate = v;
        }
        if let Some(v) = self.kinds {
            f.kinds = v;
        }
        if let Some(v) = self.fail_next {
            f.fail_next = v;
        }
        if let Some(v) = self.retry_after_secs {
            f.retry_after_secs = v;
        }
        if let Some(v) = self.stall_ms {
            f.stall_ms = v;
        }
        Ok(())
    }

    /// Whether this patch restarts the `fail_next` cycle through `kinds`.
    pub fn restarts_cycle(&self) -> bool {
        self.fail_next.is_some() || self.kinds.is_some()
    }
}

/// The answer for the kinds that refuse a request outright.
pub fn refusal(kind: FaultKind, retry_after_secs: u64) -> Option<Response> {
    let retry = || {
        HeaderValue::from_str(&retry_after_secs.to_string())
            .unwrap_or(HeaderValue::from_static("1"))
    };
    Some(match kind {
        FaultKind::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"))],
            r#"{"status":500,"error":"Internal Server Error"}"#,
        )
            .into_response(),
        // Load balancers answer in HTML, not JSON.
        FaultKind::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html")),
                (header::RETRY_AFTER, retry()),
            ],
            "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>\n",
        )
            .into_response(),
        FaultKind::TooManyRequests => (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/plain")),
                (header::RETRY_AFTER, retry()),
            ],
            "Retry later\n",
        )
            .into_response(),
        _ => return None,
    })
}

/// The refusal of an injected write fault: a 422 naming the first field the
/// body wrote (`base` when none), or the usual 500.
pub fn write_refusal(kind: WriteFault, body: &[u8]) -> Option<Response> {
    match kind {
        WriteFault::Unprocessable => {
            let field = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| {
                    v.get("task")?
                        .as_object()?
                        .keys()
                        .next()
                        .map(String::to_string)
                })
                .unwrap_or_else(|| "base".to_string());
            let body = serde_json::json!({ "errors": { field: ["was refused (injected fault)"] } });
            Some(
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json; charset=utf-8"),
                    )],
                    serde_json::to_vec(&body).unwrap_or_default(),
                )
                    .into_response(),
            )
        }
        WriteFault::ServerError => refusal(FaultKind::ServerError, 1),
        WriteFault::Timeout | WriteFault::Malformed => None,
    }
}

/// The real answer with its body cut short and garbage appended: its own
/// status (a refusal stays a refusal), a body no JSON parser accepts.
pub async fn malformed(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut broken = bytes[..bytes.len() / 2].to_vec();
    broken.extend_from_slice(b"<!-- upstream timeout -->");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(broken))
}

/// The real answer announcing its full length, sending half, then failing the
/// body so the connection closes mid-message.
pub async fn truncated(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let full = bytes.len().max(2);
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    let chunks = stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                1 => {
                    // Let hyper flush the head and the first half before the failure.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Some((
                        Err(std::io::Error::other("truncated by fault injection")),
                        2,
                    ))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Placeholder answer for a reset connection; it is never delivered.
pub fn reset_placeholder() -> Response {
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The error answer with the request's `Authorization` header echoed: into
/// a JSON object as `request_headers`, else appended to the text, the way
/// debugging proxies and careless error pages do.
pub async fn echo_auth(resp: Response, authorization: &str) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let echoed = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert(
                "request_headers".into(),
                serde_json::json!({ "Authorization": authorization }),
            );
            serde_json::to_vec(&map).unwrap_or_default()
        }
        _ => {
            let mut text = bytes.to_vec();
            text.extend_from_slice(format!("\nAuthorization: {authorization}\n").as_bytes());
            text
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(echoed))
}

/// Puts a full employee record (secrets included) where records hide them:
/// the task's `created_by`, its job's `created_by`, and an array of an
/// unknown key.
pub fn nest_secrets(task: &mut serde_json::Value, employee: Option<&serde_json::Value>) {
    let Some(e) = employee else {
        return;
    };
    let mut e = e.clone();
    if let Some(map) = e.as_object_mut() {
        map.insert("api_key".into(), "sim-api-key-0123456789".into());
        map.insert("reset_password_token".into(), "sim-reset-token-0123".into());
    }
    if let Some(map) = task.as_object_mut() {
        map.insert("created_by".into(), e.clone());
        map.insert(
            "crew_snapshot".into(),
            serde_json::json!([{ "role": "lead", "who": [e.clone()] }]),
        );
        if let Some(job) = map.get_mut("job").and_then(|j| j.as_object_mut()) {
            job.insert("created_by".into(), e);
        }
    }
}

/// The 200 answer of a task listing under `list_body`; `None` for the tasks.
pub fn list_body(kind: ListBody) -> Option<Response> {
    let body: &'static str = match kind {
        ListBody::Tasks => return None,
        ListBody::Empty => "",
        ListBody::Null => "null",
    };
    let mut resp = Response::new(Body::from(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    Some(resp)
}

/// How many tasks of a listing `unplaceable` damages.
pub const UNPLACEABLE: usize = 8;

/// Makes the `n`th task of a listing (below [`UNPLACEABLE`]) impossible to place.
pub fn unplace(task: &mut serde_json::Value, n: usize) {
    let Some(map) = task.as_object_mut() else {
        return;
    };
    let start: Option<serde_json::Value> = match n {
        0 => Some(serde_json::Value::Null),
        1 => {
            map.remove("starts_at");
            None
        }
        2 => Some(1_795_788_000.into()),
        3 => Some("2026-02-30T09:00:00-05:00".into()),
        4 => Some("2026-11-27T09:00:00".into()),
        5 => Some("27/11/2026 09:00".into()),
        6 => {
            map.insert("all_day".into(), "yes".into());
            None
        }
        _ => {
            map.insert("all_day".into(), 1.into());
            None
        }
    };
    if let Some(v) = start {
        map.insert("starts_at".into(), v);
    }
}

/// A second entry of the page's first id, its name changed, at the page's end.
pub fn duplicate_first(page: &mut Vec<serde_json::Value>) {
    let Some(mut again) = page.first().cloned() else {
        return;
    };
    if let Some(map) = again.as_object_mut() {
        map.insert("name".into(), "A second entry with this id".into());
    }
    page.push(again);
}

/// Puts the token in every text of `task`, in every form a server might
/// echo it: raw, base64 of itself, the `Basic` header, URL-encoded.
pub fn echo_token(task: &mut serde_json::Value, token: &str, authorization: &str) {
    let Some(map) = task.as_object_mut() else {
        return;
    };
    let b64 = base64(token.as_bytes());
    map.insert(
        "description".into(),
        format!("Gate code {token}; header {authorization}").into(),
    );
    map.insert("gate_code".into(), percent(token).into());
    map.insert(
        "request".into(),
        serde_json::json!({ "headers": { "Authorization": authorization } }),
    );
    if let Some(c) = map.get_mut("customer").and_then(|c| c.as_object_mut()) {
        let name = c.get("name").and_then(|n| n.as_str()).unwrap_or("");
        c.insert("name".into(), format!("{name} {b64}").into());
    }
    if let Some(j) = map.get_mut("job").and_then(|j| j.as_object_mut()) {
        j.insert("name".into(), authorization.into());
    }
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const DAMAGE: &str = "@@sim-damage@@";

/// A task list written byte by byte: the `damaged` task made unreadable,
/// the whole padded with `oversize_mb` MB of blanks, streamed so the
/// simulator never holds the padding.
pub fn hostile_list(
    page: &[serde_json::Value],
    damaged: Option<i64>,
    how: Unreadable,
    oversize_mb: u64,
) -> Response {
    let mut body = b"[".to_vec();
    for (i, t) in page.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        let is_damaged = damaged.is_some() && t.get("id").and_then(|v| v.as_i64()) == damaged;
        if !is_damaged {
            body.extend(serde_json::to_vec(t).unwrap_or_default());
            continue;
        }
        let mut t = t.clone();
        if let Some(map) = t.as_object_mut() {
            map.insert("damage".into(), DAMAGE.into());
        }
        let text = serde_json::to_vec(&t).unwrap_or_default();
        let (marker, replacement): (&[u8], Vec<u8>) = match how {
            Unreadable::Utf8 => (DAMAGE.as_bytes(), b"bad \xff\xfe bytes".to_vec()),
            _ => {
                let depth = 1000;
                let mut deep = vec![b'['; depth];
                deep.extend(std::iter::repeat_n(b']', depth));
                (b"\"@@sim-damage@@\"", deep)
            }
        };
        match text.windows(marker.len()).position(|w| w == marker) {
            Some(at) => {
                body.extend_from_slice(&text[..at]);
                body.extend_from_slice(&replacement);
                body.extend_from_slice(&text[at + marker.len()..]);
            }
            None => body.extend(text),
        }
    }
    body.push(b']');
    let padding = oversize_mb.saturating_mul(1024 * 1024);
    const CHUNK: u64 = 64 * 1024;
    let first = Bytes::from(body);
    let chunks = stream::unfold((Some(first), 0u64), move |(first, sent)| async move {
        if let Some(b) = first {
            return Some((Ok::<Bytes, std::io::Error>(b), (None, 0)));
        }
        if sent >= padding {
            return None;
        }
        let n = CHUNK.min(padding - sent);
        let blanks = Bytes::from(vec![b' '; usize::try_from(n).unwrap_or(0)]);
        Some((Ok(blanks), (None, sent + n)))
    });
    let mut resp = Response::new(Body::from_stream(chunks));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}
