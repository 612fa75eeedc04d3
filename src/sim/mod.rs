//! A Kickserv-compatible server: the demo's data source and the real HTTP peer
//! of the integration tests. It follows the API reference, including its
//! awkward parts (200 on create, exclusive `to`, bare arrays, number-vs-id
//! paths, secrets in employee objects), seeds a deterministic account around
//! today, and can inject latency and faults on demand (`/_sim/faults`).
//!
//! Where the reference is silent, the choices are:
//! - PUT/PATCH and DELETE answer with job and customer glue only (no
//!   `primary_contact`, no `employees`), as the reference words it; GET,
//!   lists and creates carry all four.
//! - Unparsable JSON, a missing or empty `task` wrapper, or a body sent
//!   without `Content-Type: application/json` is a 400 with an errors body
//!   (Rails' parse and missing-parameter errors); validation failures are 422.
//! - A bad `from`/`to` date or a non-numeric id filter is a 422; bad `page` or
//!   `per_page` values fall back to 1 and 25.
//! - `/tasks/job_list.json` is not paginated; without `customer_id` it lists
//!   every open job.
//! - Employee notifications go to active assignees only; deactivated staff
//!   cannot be reached.
//! - `POST /_sim/reset` restores the fault settings the server started with.

mod api;
mod auth;
mod cli;
mod conn;
pub mod data;
pub mod faults;
mod inspect;
mod live;
mod names;
mod pace;
mod render;
pub mod seed;
mod state;
pub mod status;
pub mod time;
mod write;

#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use axum::Router;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use cli::{SimArgs, run_cli, serve};
pub use data::{Dataset, SimContact, SimCustomer, SimEmployee, SimJob, SimTask, Specials};
pub use faults::{FaultKind, Faults, FaultsPatch, Unreadable};
pub use state::{NotificationRecord, RequestRecord, SimHandle};

/// Size of the seeded account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// 12 active employees (+1 inactive), 150 customers, 250 jobs, ~600 tasks over four weeks.
    #[default]
    Small,
    /// 50 active employees, 2,000 customers, 4,000 jobs, ~10,000 tasks over eight weeks.
    Large,
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Scale::Small),
            "large" => Ok(Scale::Large),
            other => Err(format!("unknown scale {other:?} (expected small or large)")),
        }
    }
}

#[derive(Clone, Debug)]
pub struct SimConfig {
    pub scale: Scale,
    pub seed: u64,
    /// Every so often, tasks move, change, appear or disappear.
    pub live: Option<Duration>,
    /// Added to every account-API request.
    pub latency: Duration,
    /// Chance that an account-API request meets a fault (see [`faults`]).
    pub fail_rate: f64,
    /// The account's zone: times are rendered in it and `from`/`to` are read in it.
    pub tz: Tz,
    /// A fixed clock for tests; `None` reads the system clock.
    pub now: Option<DateTime<Utc>>,
    pub account: String,
    pub token: String,
    /// The most entries a list page holds, whatever `per_page` asks.
    pub max_per_page: usize,
    /// Lists answer their first page whatever `page` asks.
    pub ignore_page: bool,
    /// Answers paced and closed like the recorded Kickserv's.
    pub like_kickserv: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            scale: Scale::Small,
            seed: 1,
            live: None,
            latency: Duration::ZERO,
            fail_rate: 0.0,
            tz: chrono_tz::America::New_York,
            now: None,
            account: "demo".into(),
            token: "demo-token".into(),
            max_per_page: faults::MAX_PER_PAGE,
            ignore_page: false,
            like_kickserv: false,
        }
    }
}

/// A running simulator. Dropping it stops accepting connections.
pub struct SimServer {
    /// e.g. `http://127.0.0.1:8787`, without the account.
    pub base_url: String,
    pub addr: SocketAddr,
    handle: SimHandle,
    close: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
    live: Option<JoinHandle<()>>,
}

/// Binds `addr` (port 0 picks a free port), spawns the server and returns at once.
pub async fn start(cfg: SimConfig, addr: SocketAddr) -> std::io::Result<SimServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (close, closing) = watch::channel(false);
    let live_every = cfg.live;
    let handle = SimHandle::new(cfg, closing);
    let app = Router::new()
        .merge(inspect::routes())
        .fallback(api::account_api)
        .with_state(handle.clone());
    let stop = handle.clone();
    let serve = axum::serve(
        conn::SimListener(listener),
        app.into_make_service_with_connect_info::<conn::ConnInfo>(),
    )
    .with_graceful_shutdown(async move { stop.closing().await });
    let server = tokio::spawn(async move {
        let _ = serve.await;
    });
    let live = live_every.map(|every| tokio::spawn(live::run(handle.clone(), every)));
    Ok(SimServer {
        base_url: format!("http://{addr}"),
        addr,
        handle,
        close,
        server: Some(server),
        live,
    })
}

impl SimServer {
    pub fn state(&self) -> SimHandle {
        self.handle.clone()
    }

    /// Stops accepting, lets in-flight requests finish (stalls end early), and
    /// gives up on stragglers after a moment.
    pub async fn shutdown(mut self) {
        let _ = self.close.send(true);
        if let Some(live) = self.live.take() {
            live.abort();
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        let _ = self.close.send(true);
        if let Some(live) = self.live.take() {
            live.abort();
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
