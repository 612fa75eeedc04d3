//! A superseded task fetch is dropped by the API executor: its answer never
//! comes back as a message.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use common::*;
use serde_json::json;
use tokio::sync::{Notify, mpsc};
use tokio::time::timeout;

use kickdesk::app::msg::{ApiCmd, Msg};
use kickdesk::kickserv::{Client, ClientConfig, Token};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::schedule::Period;

/// The first request waits until released; later ones answer at once.
#[derive(Default)]
struct Script {
    hits: AtomicUsize,
    arrived: Notify,
    release: Notify,
}

async fn listing(State(s): State<Arc<Script>>) -> axum::Json<serde_json::Value> {
    if s.hits.fetch_add(1, Ordering::SeqCst) == 0 {
        s.arrived.notify_one();
        s.release.notified().await;
    }
    axum::Json(json!([]))
}

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn a_cancelled_fetch_never_answers_and_the_newer_one_does() {
    let script = Arc::new(Script::default());
    let router = Router::new().fallback(listing).with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let mut cfg = ClientConfig::new("demo", Token::new("demo-token"));
    cfg.base_url = format!("http://{addr}");
    cfg.timeout = WAIT;
    let fx = ApiEffects {
        client: Client::new(cfg).unwrap(),
        clock: Arc::new(now),
        running: Default::default(),
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let day = today();
    let fetch = |seq| ApiCmd::FetchTasks {
        seq,
        period: Period::day(day),
        from: day,
        to: day,
        employee_number: None,
        ending_from: None,
    };

    fx.run(fetch(1), tx.clone());
    timeout(WAIT, script.arrived.notified()).await.unwrap();
    fx.run(ApiCmd::CancelFetch { seq: 1 }, tx.clone());
    fx.run(fetch(2), tx.clone());
    drop(tx);

    let seq_of = |msg: Msg| match msg {
        Msg::TasksLoaded { seq, .. } => seq,
        other => panic!("unexpected {other:?}"),
    };
    let first = timeout(WAIT, rx.recv()).await.unwrap().map(seq_of);
    assert_eq!(first, Some(2));
    // The server now answers the first request; nobody is left to hear it.
    script.release.notify_one();
    let mut rest = Vec::new();
    while let Some(msg) = timeout(WAIT, rx.recv()).await.unwrap() {
        rest.push(seq_of(msg));
    }
    assert_eq!(rest, Vec::<u64>::new());
}
