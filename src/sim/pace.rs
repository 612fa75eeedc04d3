//! Answers paced like the recorded Kickserv (`--like-kickserv`): a public
//! client's fixtures show `X-Runtime` of about 0.7 s for a listing page of
//! a hundred entries against 0.012 s for a refused request, and every answer
//! closes its connection and forbids caching. A board measured against this
//! pays for each request what it would pay the real server.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::de::IgnoredAny;
use std::time::Duration;

/// Server time of any answer.
pub const BASE_MS: u64 = 12;
/// Server time per record answered (a list page's entries, or one record).
pub const PER_ENTRY_MS: u64 = 7;

/// Most bytes read back to count entries: larger bodies are oversize modes.
const MOST: usize = 64 << 20;

/// The server time `resp` costs, then `resp` with Kickserv's headers.
pub async fn like_kickserv(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let entries = if parts.status.is_success() {
        serde_json::from_slice::<Vec<IgnoredAny>>(&bytes).map_or(1, |v| v.len())
    } else {
        0
    };
    let ms = BASE_MS + PER_ENTRY_MS * entries as u64;
    tokio::time::sleep(Duration::from_millis(ms)).await;
    let h = &mut parts.headers;
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("{:.6}", ms as f64 / 1000.0)) {
        h.insert("x-runtime", v);
    }
    Response::from_parts(parts, Body::from(bytes))
}
