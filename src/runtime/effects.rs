//! Runs the commands that talk to Kickserv, each on its own tokio task; the
//! result comes back as a message. The board never waits on the network.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::app::msg::{ApiCmd, ApiFault, FaultKind, Msg, StoreCmd};
use crate::kickserv::client::{Client, TaskQuery};
use crate::kickserv::error::{Error, FieldMessages};

/// Where "now" comes from: the system clock, or a test's paused tokio clock.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// A clock that follows tokio's (pausable) clock from a fixed start: with
/// `start_paused` tests, time advances exactly as the test says.
pub fn tokio_clock(start: DateTime<Utc>) -> Clock {
    let base = tokio::time::Instant::now();
    Arc::new(move || {
        let d = tokio::time::Instant::now().duration_since(base);
        start + chrono::Duration::milliseconds(d.as_millis() as i64)
    })
}

pub trait Effects: Sync {
    fn run(&self, cmd: ApiCmd, tx: mpsc::UnboundedSender<Msg>);

    /// Local storage; effects without a journal (tests) keep nothing. The
    /// board's runs through [`super::store::WithJournal`].
    fn store(&self, cmd: StoreCmd) {
        let _ = cmd;
    }
}

pub struct ApiEffects {
    pub client: Client,
    pub clock: Clock,
    /// The task fetches under way, so a superseded one can be dropped.
    pub running: Running,
}

/// Abort handles of task fetches, by seq. Only the executor touches it.
#[derive(Debug, Default)]
pub struct Running(Mutex<HashMap<u64, AbortHandle>>);

impl Running {
    fn add(&self, seq: u64, h: AbortHandle) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, h| !h.is_finished());
        map.insert(seq, h);
    }

    fn cancel(&self, seq: u64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = map.remove(&seq) {
            // Dropping the request future closes its connection.
            h.abort();
        }
    }
}

/// How long the listing of the days before a polled period is used again
/// before it is read anew (see [`Client::list_tasks_reusing_earlier`]).
pub const EARLIER_REUSE: std::time::Duration = std::time::Duration::from_secs(120);

/// Most customers a search brings back: a picker shows a screenful.
pub const CUSTOMER_SEARCH_LIMIT: u32 = 20;

impl Effects for ApiEffects {
    fn run(&self, cmd: ApiCmd, tx: mpsc::UnboundedSender<Msg>) {
        if self.client.is_read_only() && cmd.mutates() {
            // Refused here, before any task or request exists; the client
            // refuses too, should a mutation ever reach it.
            if let Some(msg) = refusal(cmd, fault(&Error::ReadOnly)) {
                let _ = tx.send(msg);
            }
            return;
        }
        let fetch = match cmd {
            ApiCmd::CancelFetch { seq } => return self.running.cancel(seq),
            ApiCmd::FetchTasks { seq, .. } => Some(seq),
            _ => None,
        };
        let client = self.client.clone();
        let clock = self.clock.clone();
        let task = tokio::spawn(async move {
            let msg = match cmd {
                ApiCmd::FetchTasks {
                    seq,
                    period,
                    from,
                    to,
                    employee_number,
                    ending_from,
                } => {
                    let result =
                        fetch_tasks(&client, period, from, to, employee_number, ending_from).await;
                    Msg::TasksLoaded {
                        seq,
                        period,
                        at: clock(),
                        result,
                    }
                }
                ApiCmd::FetchEmployees => {
                    let result = client.employees().await.map_err(|e| fault(&e));
                    Msg::EmployeesLoaded {
                        at: clock(),
                        result,
                    }
                }
                ApiCmd::Notify { task_id, kind } => {
                    let result = client
                        .notify(task_id, kind)
                        .await
                        .map(|_| ())
                        .map_err(|e| mutation_fault(&e));
                    Msg::Notified {
                        task_id,
                        kind,
                        result,
                    }
                }
                ApiCmd::Delete { task_id } => {
                    let result = client
                        .delete_task(task_id)
                        .await
                        .map(|t| usable_deleted(task_id, t))
                        .map_err(|e| mutation_fault(&e));
                    Msg::Deleted { task_id, result }
                }
                ApiCmd::ReadTask { task_id, purpose } => {
                    let result = match client.get_task(task_id).await {
                        Ok(t) => Ok(Some(Box::new(t))),
                        Err(Error::NotFound) => Ok(None),
                        Err(e) => Err(fault(&e)),
                    };
                    Msg::TaskRead {
                        task_id,
                        purpose,
                        result,
                    }
                }
                ApiCmd::ReadJobTasks { job_number } => {
                    let result = client.job_tasks(job_number).await.map_err(|e| fault(&e));
                    Msg::JobTasksRead { job_number, result }
                }
                ApiCmd::CheckDeleted { task_id } => {
                    let still_there = match client.get_task(task_id).await {
                        Ok(_) => Ok(true),
                        Err(Error::NotFound) => Ok(false),
                        Err(e) => Err(fault(&e)),
                    };
                    Msg::DeleteChecked {
                        task_id,
                        still_there,
                    }
                }
                ApiCmd::Save {
                    task_id,
                    patch,
                    base,
                } => {
                    let result = client
                        .update_task(task_id, &patch)
                        .await
                        .map(|answer| base.merged_with(answer))
                        .map_err(|e| {
                            no_answer_says(
                                mutation_fault(&e),
                                "no answer in time: the change may have been saved; look at the task before saving again",
                            )
                        });
                    Msg::Saved { task_id, result }
                }
                ApiCmd::Create {
                    local_id,
                    job_number,
                    task,
                } => {
                    // Sent once: a second POST after a timeout could make a second task.
                    let result = client
                        .create_task(Some(job_number), &task)
                        .await
                        .map_err(|e| {
                            no_answer_says(
                                mutation_fault(&e),
                                "no answer in time: the task may have been created; look at the board before creating it again",
                            )
                        });
                    Msg::Created { local_id, result }
                }
                ApiCmd::SearchCustomers { seq, text } => {
                    let result = client
                        .search_customers(&text, CUSTOMER_SEARCH_LIMIT)
                        .await
                        .map_err(|e| fault(&e));
                    Msg::CustomersFound { seq, text, result }
                }
                ApiCmd::JobList { customer_id } => {
                    let result = client
                        .job_list(Some(customer_id))
                        .await
                        .map_err(|e| fault(&e));
                    Msg::JobsListed {
                        customer_id,
                        result,
                    }
                }
                ApiCmd::CancelFetch { .. } => return,
            };
            // The board may have quit meanwhile; nothing to do then.
            let _ = tx.send(msg);
        });
        if let Some(seq) = fetch {
            self.running.add(seq, task.abort_handle());
        }
    }
}

/// One task listing as the board asks for it (see [`ApiCmd::FetchTasks`]).
pub async fn fetch_tasks(
    client: &Client,
    period: crate::schedule::Period,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    employee_number: Option<i64>,
    ending_from: Option<DateTime<Utc>>,
) -> Result<crate::kickserv::model::Listing, ApiFault> {
    let q = TaskQuery {
        from: Some(from),
        to_inclusive: Some(to),
        employee_number,
        ending_from,
        ..TaskQuery::default()
    };
    // A listing with notes is still a success: the header shows
    // them. Lean: the board shows no unknown keys of nested records.
    // The look-back's days (before the day ahead of the period,
    // which overnight work and another zone may reach) are
    // re-read only every `EARLIER_REUSE`; a probe reads all.
    let fresh_from = period.start.pred_opt().unwrap_or(period.start);
    if q.ending_from.is_some() {
        client.list_tasks_lean(&q).await
    } else {
        client
            .list_tasks_reusing_earlier(&q, fresh_from, EARLIER_REUSE)
            .await
    }
    .map_err(|e| fault(&e))
}

/// The answer a mutating command gets when it is refused before sending.
fn refusal(cmd: ApiCmd, f: ApiFault) -> Option<Msg> {
    Some(match cmd {
        ApiCmd::Notify { task_id, kind } => Msg::Notified {
            task_id,
            kind,
            result: Err(f),
        },
        ApiCmd::Delete { task_id } => Msg::Deleted {
            task_id,
            result: Err(f),
        },
        ApiCmd::Save { task_id, .. } => Msg::Saved {
            task_id,
            result: Err(f),
        },
        ApiCmd::Create { local_id, .. } => Msg::Created {
            local_id,
            result: Err(f),
        },
        _ => return None,
    })
}

/// The task a DELETE answered with, when it is that task with its times
/// (the answer's shape is partly inferred: an empty or bare answer leaves
/// the board to the copy it read before).
fn usable_deleted(
    task_id: i64,
    t: crate::kickserv::model::Task,
) -> Option<Box<crate::kickserv::model::Task>> {
    (t.id == task_id && t.starts_at.is_some()).then(|| Box::new(t))
}

/// A change with no answer gets a sentence saying what to do next.
fn no_answer_says(f: ApiFault, text: &str) -> ApiFault {
    if f.kind == FaultKind::NoAnswer {
        ApiFault {
            text: text.to_string(),
            ..f
        }
    } else {
        f
    }
}

/// For a change: a timeout means the request left and no answer came, so
/// the change may have happened (a refused connection is a plain failure).
pub fn mutation_fault(e: &Error) -> ApiFault {
    let f = fault(e);
    match e {
        Error::Timeout => ApiFault {
            kind: FaultKind::NoAnswer,
            ..f
        },
        _ => f,
    }
}

/// Reduces a client error to what the board shows, and logs it: the log
/// keeps the server's excerpt the screen leaves out.
pub fn fault(e: &Error) -> ApiFault {
    match e.detail() {
        Some(detail) => tracing::warn!(detail, "{e}"),
        None => tracing::warn!("{e}"),
    }
    let kind = match e {
        Error::Unauthorized | Error::Forbidden => FaultKind::Auth,
        Error::Timeout | Error::Network(_) => FaultKind::Unreachable,
        Error::RateLimited { .. } => FaultKind::RateLimited,
        Error::AnswerUnreadable(_) => FaultKind::AnswerUnreadable,
        Error::Validation { .. } | Error::NotFound | Error::ReadOnly => FaultKind::Rejected,
        _ => FaultKind::Other,
    };
    ApiFault {
        kind,
        text: e.to_string(),
        retry_after: e.retry_after(),
        fields: match e {
            Error::Validation { fields, .. } => fields.clone(),
            _ => FieldMessages::new(),
        },
    }
}
