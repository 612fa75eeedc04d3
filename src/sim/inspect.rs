//! `/_sim/…`: inspection and control, outside the account path, no
//! credentials, never faulted or delayed.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::faults::FaultsPatch;
use super::state::SimHandle;

pub fn routes() -> Router<SimHandle> {
    Router::new()
        .route("/_sim/requests", get(requests))
        .route("/_sim/notifications", get(notifications))
        .route("/_sim/faults", get(faults).post(set_faults))
        .route("/_sim/reset", post(reset))
}

async fn requests(State(h): State<SimHandle>) -> Response {
    axum::Json(h.requests()).into_response()
}

async fn notifications(State(h): State<SimHandle>) -> Response {
    axum::Json(h.notifications()).into_response()
}

async fn faults(State(h): State<SimHandle>) -> Response {
    axum::Json(h.faults()).into_response()
}

async fn set_faults(State(h): State<SimHandle>, body: Bytes) -> Response {
    let patch = if body.iter().all(u8::is_ascii_whitespace) {
        FaultsPatch::default()
    } else {
        match serde_json::from_slice::<FaultsPatch>(&body) {
            Ok(p) => p,
            Err(e) => {
                let errors = json!({"errors": {"base": [e.to_string()]}});
                return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(errors)).into_response();
            }
        }
    };
    match h.set_faults(patch) {
        Ok(f) => axum::Json(f).into_response(),
        Err(msg) => {
            let errors = json!({"errors": {"base": [msg]}});
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(errors)).into_response()
        }
    }
}

async fn reset(State(h): State<SimHandle>) -> Response {
    h.reset();
    axum::Json(json!({"message": "reset"})).into_response()
}
