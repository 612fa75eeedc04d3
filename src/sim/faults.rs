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

/// Current fault settings, as shown by `GET /_sim/faults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub kinds: Vec<FaultKind>,
    pub fail_next: u32,
    pub retry_after_secs: u64,
    pub stall_ms: u64,
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
        }
    }
}

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

/// The real answer with its body cut short and garbage appended: a 200 that no
/// JSON parser accepts.
pub async fn malformed(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut broken = bytes[..bytes.len() / 2].to_vec();
    broken.extend_from_slice(b"<!-- upstream timeout -->");
    parts.status = StatusCode::OK;
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
