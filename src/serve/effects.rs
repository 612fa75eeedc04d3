//! A served board's executor: listings through the shared store, every
//! other command through the session's own client (read-only for a
//! monitor or viewer key: refused at the client whatever the keymap lets
//! through).

use tokio::sync::mpsc;

use super::listings::{Listings, TasksKey};
use crate::app::msg::{ApiCmd, Msg};
use crate::runtime::effects::{ApiEffects, Effects};

pub struct SessionEffects {
    pub api: ApiEffects,
    pub listings: Listings,
    pub session: u64,
    /// Who sends: the key's fingerprint, for the log.
    pub who: String,
}

impl Effects for SessionEffects {
    fn run(&self, cmd: ApiCmd, tx: mpsc::UnboundedSender<Msg>) {
        match cmd {
            ApiCmd::FetchTasks {
                seq,
                period,
                from,
                to,
                employee_number,
                ending_from,
            } => {
                let key = TasksKey {
                    period,
                    from,
                    to,
                    employee_number,
                    ending_from,
                };
                self.listings.tasks(key, self.session, seq, tx);
            }
            ApiCmd::FetchEmployees => self.listings.employees(tx),
            ApiCmd::CancelFetch { seq } => self.listings.cancel(self.session, seq),
            cmd if cmd.mutates() && !self.api.client.is_read_only() => {
                tracing::info!(
                    "session {} ({}) sends {}",
                    self.session,
                    self.who,
                    describe(&cmd)
                );
                // Once it is answered, whatever the answer, every board's
                // next poll reads anew (the change may have happened).
                let (inner_tx, mut inner_rx) = mpsc::unbounded_channel();
                self.api.run(cmd, inner_tx);
                let listings = self.listings.clone();
                tokio::spawn(async move {
                    while let Some(msg) = inner_rx.recv().await {
                        listings.invalidate();
                        if tx.send(msg).is_err() {
                            return;
                        }
                    }
                });
            }
            cmd => self.api.run(cmd, tx),
        }
    }
}

/// One line for the log: what was asked, never a token (the client holds it).
fn describe(cmd: &ApiCmd) -> String {
    match cmd {
        ApiCmd::Save { task_id, patch, .. } => format!("a change of task {task_id}: {patch:?}"),
        ApiCmd::Create {
            job_number, task, ..
        } => format!("a new task on job {job_number}: {task:?}"),
        ApiCmd::Delete { task_id } => format!("the delete of task {task_id}"),
        ApiCmd::Notify { task_id, kind } => format!("notification {kind:?} for task {task_id}"),
        other => format!("{other:?}"),
    }
}
