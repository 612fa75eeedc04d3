//! The server's shared state and the handle tests use to look inside it.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use fastrand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::SimConfig;
use super::data::{Dataset, SimTask, Specials};
use super::faults::{FaultKind, Faults, FaultsPatch, WriteFault};
use super::seed;
use super::time;

/// One request received on the account API (`GET /_sim/requests`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    /// As received, e.g. `/demo/tasks.json`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The status answered; 0 while unanswered, for a reset connection, or
    /// when the client gave up first.
    pub status: u16,
    /// The request body as text, when there was one (writes and notifies).
    #[serde(default)]
    pub body: Option<String>,
}

/// One accepted notification (`GET /_sim/notifications`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationRecord {
    pub task_id: i64,
    /// `None` for the assigned employees, else `details` or `on_the_way`.
    pub notification_type: Option<String>,
    /// Employee names, or the customer's e-mail address and phone numbers.
    pub recipients: Vec<String>,
    pub at: DateTime<FixedOffset>,
}

pub(crate) struct Inner {
    pub cfg: SimConfig,
    pub initial: Dataset,
    pub data: Dataset,
    requests: Vec<(u64, RequestRecord)>,
    request_seq: u64,
    pub notifications: Vec<NotificationRecord>,
    pub faults: Faults,
    fault_cycle: usize,
    pub rng: Rng,
}

impl Inner {
    fn initial_faults(cfg: &SimConfig) -> Faults {
        Faults {
            latency_ms: u64::try_from(cfg.latency.as_millis()).unwrap_or(u64::MAX),
            fail_rate: cfg.fail_rate.clamp(0.0, 1.0),
            max_per_page: cfg.max_per_page.clamp(1, super::faults::MAX_PER_PAGE),
            ignore_page: cfg.ignore_page,
            like_kickserv: cfg.like_kickserv,
            ..Faults::default()
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.cfg.now.unwrap_or_else(Utc::now)
    }
}

/// A cheap, cloneable view of a running simulator's state.
#[derive(Clone)]
pub struct SimHandle {
    inner: Arc<Mutex<Inner>>,
    closing: watch::Receiver<bool>,
}

impl SimHandle {
    pub(crate) fn new(cfg: SimConfig, closing: watch::Receiver<bool>) -> Self {
        let now = cfg.now.unwrap_or_else(Utc::now);
        let today = time::local_date(cfg.tz, now);
        let data = seed::generate(&cfg, today);
        let inner = Inner {
            faults: Inner::initial_faults(&cfg),
            rng: Rng::with_seed(cfg.seed),
            initial: data.clone(),
            data,
            cfg,
            requests: Vec::new(),
            request_seq: 0,
            notifications: Vec::new(),
            fault_cycle: 0,
        };
        SimHandle {
            inner: Arc::new(Mutex::new(inner)),
            closing,
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Resolves once the server is shutting down.
    pub(crate) async fn closing(&self) {
        let mut rx = self.closing.clone();
        let _ = rx.wait_for(|c| *c).await;
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.lock().now()
    }

    /// Fixes the clock (`None` returns to the system clock); `today` stays put.
    pub fn set_now(&self, now: Option<DateTime<Utc>>) {
        self.lock().cfg.now = now;
    }

    pub fn tz(&self) -> Tz {
        self.lock().cfg.tz
    }

    /// The day the data set was laid out around, in the account zone.
    pub fn today(&self) -> NaiveDate {
        let g = self.lock();
        g.data
            .today
            .unwrap_or_else(|| time::local_date(g.cfg.tz, g.now()))
    }

    pub fn account(&self) -> String {
        self.lock().cfg.account.clone()
    }

    pub fn token(&self) -> String {
        self.lock().cfg.token.clone()
    }

    /// Changes a task in place and bumps its `updated_at`; false if there is no such task.
    pub fn update_task(&self, id: i64, f: impl FnOnce(&mut SimTask)) -> bool {
        let mut g = self.lock();
        let now = g.now();
        match g.data.tasks.get_mut(&id) {
            Some(t) => {
                f(t);
                t.id = id;
                t.updated_at = now;
                true
            }
            None => false,
        }
    }

    pub fn task(&self, id: i64) -> Option<SimTask> {
        self.lock().data.tasks.get(&id).cloned()
    }

    pub fn find_task(&self, pred: impl Fn(&SimTask) -> bool) -> Option<SimTask> {
        self.lock().data.tasks.values().find(|t| pred(t)).cloned()
    }

    pub fn tasks(&self) -> Vec<SimTask> {
        self.lock().data.tasks.values().cloned().collect()
    }

    pub fn task_ids(&self) -> Vec<i64> {
        self.lock().data.tasks.keys().copied().collect()
    }

    /// Adds a task; an `id` of 0 takes the next free id. Returns the id.
    pub fn insert_task(&self, mut task: SimTask) -> i64 {
        let mut g = self.lock();
        if task.id == 0 {
            task.id = g.data.next_task_id();
        }
        let id = task.id;
        g.data.tasks.insert(id, task);
        id
    }

    pub fn remove_task(&self, id: i64) -> Option<SimTask> {
        self.lock().data.tasks.remove(&id)
    }

    /// Read anything in the data set (employees, customers, jobs, …).
    pub fn with_data<R>(&self, f: impl FnOnce(&Dataset) -> R) -> R {
        f(&self.lock().data)
    }

    /// Change anything in the data set; nothing is bumped.
    pub fn with_data_mut<R>(&self, f: impl FnOnce(&mut Dataset) -> R) -> R {
        f(&mut self.lock().data)
    }

    pub fn specials(&self) -> Specials {
        self.lock().data.specials.clone()
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.lock()
            .requests
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    }

    pub fn notifications(&self) -> Vec<NotificationRecord> {
        self.lock().notifications.clone()
    }

    pub fn faults(&self) -> Faults {
        self.lock().faults.clone()
    }

    /// Same as `POST /_sim/faults`.
    pub fn set_faults(&self, patch: FaultsPatch) -> Result<Faults, String> {
        let mut g = self.lock();
        let restart = patch.restarts_cycle();
        patch
            .apply(&mut g.faults)
            .map_err(|(field, msg)| format!("{field} {msg}"))?;
        if restart {
            g.fault_cycle = 0;
        }
        Ok(g.faults.clone())
    }

    /// Same as `POST /_sim/reset`: the initial data set, empty logs, the
    /// fault settings the server started with.
    pub fn reset(&self) {
        let mut g = self.lock();
        g.data = g.initial.clone();
        g.requests.clear();
        g.notifications.clear();
        g.faults = Inner::initial_faults(&g.cfg);
        g.fault_cycle = 0;
        g.rng = Rng::with_seed(g.cfg.seed);
    }

    pub(crate) fn log_request(&self, rec: RequestRecord) -> u64 {
        let mut g = self.lock();
        g.request_seq += 1;
        let seq = g.request_seq;
        g.requests.push((seq, rec));
        seq
    }

    pub(crate) fn set_status(&self, seq: u64, status: u16) {
        let mut g = self.lock();
        if let Some((_, r)) = g.requests.iter_mut().rev().find(|(s, _)| *s == seq) {
            r.status = status;
        }
    }

    /// The write fault armed for this request, taken (it hits once): PUTs of
    /// a task, POSTs creating one (`…/tasks.json`).
    pub(crate) fn take_write_fault(&self, method: &str, path: &str) -> Option<WriteFault> {
        let mut g = self.lock();
        match method {
            "PUT" if path.contains("/tasks/") && g.faults.fail_next_put.is_some() => {
                if g.faults.put_fault_after > 0 {
                    g.faults.put_fault_after -= 1;
                    return None;
                }
                g.faults.fail_next_put.take()
            }
            "POST" if path.ends_with("/tasks.json") => g.faults.fail_next_post.take(),
            _ => None,
        }
    }

    /// The fault for the request to `path`, if any: `fail_next` first, then
    /// chance; only on `fault_path` when that is set.
    pub(crate) fn next_fault(&self, path: &str) -> Option<FaultKind> {
        let mut g = self.lock();
        if g.faults
            .fault_path
            .as_ref()
            .is_some_and(|p| !path.ends_with(p.as_str()))
        {
            return None;
        }
        let kinds = if g.faults.kinds.is_empty() {
            Faults::default().kinds
        } else {
            g.faults.kinds.clone()
        };
        if g.faults.fail_next > 0 {
            g.faults.fail_next -= 1;
            let kind = kinds[g.fault_cycle % kinds.len()];
            g.fault_cycle += 1;
            return Some(kind);
        }
        let rate = g.faults.fail_rate;
        if rate > 0.0 && g.rng.f64() < rate {
            let i = g.rng.usize(..kinds.len());
            return Some(kinds[i]);
        }
        None
    }
}
