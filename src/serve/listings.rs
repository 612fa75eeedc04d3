//! One listing store for every board of the account: a period asked for by
//! any board is read once per poll interval, whoever asks. A task owns the
//! store; boards talk to it through a channel (no lock shared with them).
//!
//! A fetch that is under way, or whose request started less than a poll
//! interval ago, is answered from that fetch; its answer carries the time
//! it arrived, so every board that shows it polls again at the same moment
//! and those polls meet in one request. A change sent by any board
//! invalidates every answer: each board's next poll reads anew.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::app::msg::{ApiFault, Msg};
use crate::kickserv::client::Client;
use crate::kickserv::model::{Employee, Listing};
use crate::runtime::effects::{Clock, fault, fetch_tasks};
use crate::schedule::Period;

/// What a task listing is asked with: the same key, the same request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TasksKey {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub employee_number: Option<i64>,
    pub ending_from: Option<DateTime<Utc>>,
}

/// Where an answer goes: a session's fetch `seq`.
#[derive(Debug)]
struct Waiter {
    session: u64,
    seq: u64,
    reply: mpsc::UnboundedSender<Msg>,
}

#[derive(Debug)]
enum Ask {
    Tasks(TasksKey, Waiter),
    Employees(mpsc::UnboundedSender<Msg>),
    Cancel { session: u64, seq: u64 },
    Invalidate,
    TasksDone(TasksKey, u64, DateTime<Utc>, Result<Listing, ApiFault>),
    EmployeesDone(u64, DateTime<Utc>, Result<Vec<Employee>, ApiFault>),
    Count(tokio::sync::oneshot::Sender<u64>),
}

/// A handle on the store; cheap to clone, one per session.
#[derive(Clone, Debug)]
pub struct Listings {
    tx: mpsc::UnboundedSender<Ask>,
}

struct Entry<W, T> {
    started: Instant,
    state: EntryState<W, T>,
}

enum EntryState<W, T> {
    Running(Vec<W>),
    Done(DateTime<Utc>, T),
}

impl Listings {
    /// Starts the store's task: its reads go through `client`, stamped by
    /// `clock`; an answer is reused for `poll`.
    pub fn start(client: Client, clock: Clock, poll: Duration) -> Listings {
        let (tx, rx) = mpsc::unbounded_channel();
        let store = Store {
            client,
            clock,
            poll,
            generation: 0,
            tasks: HashMap::new(),
            employees: HashMap::new(),
            requests: 0,
            me: tx.downgrade(),
        };
        tokio::spawn(store.run(rx));
        Listings { tx }
    }

    /// A board's task fetch; the answer comes as its `TasksLoaded`.
    pub fn tasks(&self, key: TasksKey, session: u64, seq: u64, reply: mpsc::UnboundedSender<Msg>) {
        let _ = self.tx.send(Ask::Tasks(
            key,
            Waiter {
                session,
                seq,
                reply,
            },
        ));
    }

    pub fn employees(&self, reply: mpsc::UnboundedSender<Msg>) {
        let _ = self.tx.send(Ask::Employees(reply));
    }

    /// The board no longer wants fetch `seq`.
    pub fn cancel(&self, session: u64, seq: u64) {
        let _ = self.tx.send(Ask::Cancel { session, seq });
    }

    /// Something changed on the server: no answer read before is reused.
    pub fn invalidate(&self) {
        let _ = self.tx.send(Ask::Invalidate);
    }

    /// How many listings the store has asked the client for.
    pub async fn requests(&self) -> u64 {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let _ = self.tx.send(Ask::Count(tx));
        rx.await.unwrap_or(0)
    }
}

type TasksResult = Result<Listing, ApiFault>;
type StaffResult = Result<Vec<Employee>, ApiFault>;

struct Store {
    client: Client,
    clock: Clock,
    poll: Duration,
    /// Bumped by each change: entries of an older one are not reused.
    generation: u64,
    tasks: HashMap<(TasksKey, u64), Entry<Waiter, TasksResult>>,
    employees: HashMap<u64, Entry<mpsc::UnboundedSender<Msg>, StaffResult>>,
    requests: u64,
    /// Itself, for the answers of its fetches (weak: the store ends with its handles).
    me: mpsc::WeakUnboundedSender<Ask>,
}

impl Store {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Ask>) {
        while let Some(ask) = rx.recv().await {
            match ask {
                Ask::Tasks(key, w) => self.ask_tasks(key, w),
                Ask::Employees(reply) => self.ask_employees(reply),
                Ask::Cancel { session, seq } => {
                    for e in self.tasks.values_mut() {
                        if let EntryState::Running(ws) = &mut e.state {
                            ws.retain(|w| (w.session, w.seq) != (session, seq));
                        }
                    }
                }
                Ask::Invalidate => {
                    self.generation += 1;
                    // Fetches under way still answer those who asked.
                    self.tasks
                        .retain(|_, e| matches!(e.state, EntryState::Running(_)));
                    self.employees
                        .retain(|_, e| matches!(e.state, EntryState::Running(_)));
                }
                Ask::TasksDone(key, generation, at, result) => {
                    let Some(e) = self.tasks.remove(&(key, generation)) else {
                        continue;
                    };
                    if let EntryState::Running(ws) = e.state {
                        for w in ws {
                            let _ = w.reply.send(Msg::TasksLoaded {
                                seq: w.seq,
                                period: key.period,
                                at,
                                result: result.clone(),
                            });
                        }
                    }
                    if generation == self.generation {
                        let state = EntryState::Done(at, result);
                        let started = e.started;
                        self.tasks
                            .insert((key, generation), Entry { started, state });
                    }
                }
                Ask::EmployeesDone(generation, at, result) => {
                    let Some(e) = self.employees.remove(&generation) else {
                        continue;
                    };
                    if let EntryState::Running(ws) = e.state {
                        for w in ws {
                            let _ = w.send(Msg::EmployeesLoaded {
                                at,
                                result: result.clone(),
                            });
                        }
                    }
                    if generation == self.generation {
                        let state = EntryState::Done(at, result);
                        self.employees.insert(
                            generation,
                            Entry {
                                started: e.started,
                                state,
                            },
                        );
                    }
                }
                Ask::Count(tx) => {
                    let _ = tx.send(self.requests);
                }
            }
        }
    }

    /// Whether an entry started at `started` may answer a new ask.
    fn fresh(&self, started: Instant) -> bool {
        started.elapsed() < self.poll
    }

    fn ask_tasks(&mut self, key: TasksKey, w: Waiter) {
        // Answers no board can be given any more go: memory stays flat.
        let poll = self.poll;
        self.tasks
            .retain(|_, e| matches!(e.state, EntryState::Running(_)) || e.started.elapsed() < poll);
        let id = (key, self.generation);
        let fresh = self.tasks.get(&id).is_some_and(|e| self.fresh(e.started));
        if let (true, Some(e)) = (fresh, self.tasks.get_mut(&id)) {
            match &mut e.state {
                EntryState::Running(ws) => ws.push(w),
                EntryState::Done(at, result) => {
                    let _ = w.reply.send(Msg::TasksLoaded {
                        seq: w.seq,
                        period: key.period,
                        at: *at,
                        result: result.clone(),
                    });
                }
            }
            return;
        }
        self.tasks.insert(
            id,
            Entry {
                started: Instant::now(),
                state: EntryState::Running(vec![w]),
            },
        );
        self.requests += 1;
        let (client, clock, me, generation) = (
            self.client.clone(),
            self.clock.clone(),
            self.me.clone(),
            self.generation,
        );
        tokio::spawn(async move {
            let result = fetch_tasks(
                &client,
                key.period,
                key.from,
                key.to,
                key.employee_number,
                key.ending_from,
            )
            .await;
            if let Some(me) = me.upgrade() {
                let _ = me.send(Ask::TasksDone(key, generation, clock(), result));
            }
        });
    }

    fn ask_employees(&mut self, reply: mpsc::UnboundedSender<Msg>) {
        let generation = self.generation;
        let fresh = self
            .employees
            .get(&generation)
            .is_some_and(|e| self.fresh(e.started));
        if let (true, Some(e)) = (fresh, self.employees.get_mut(&generation)) {
            match &mut e.state {
                EntryState::Running(ws) => ws.push(reply),
                EntryState::Done(at, result) => {
                    let _ = reply.send(Msg::EmployeesLoaded {
                        at: *at,
                        result: result.clone(),
                    });
                }
            }
            return;
        }
        self.employees.insert(
            generation,
            Entry {
                started: Instant::now(),
                state: EntryState::Running(vec![reply]),
            },
        );
        self.requests += 1;
        let (client, clock, me) = (self.client.clone(), self.clock.clone(), self.me.clone());
        tokio::spawn(async move {
            let result = client.employees().await.map_err(|e| fault(&e));
            if let Some(me) = me.upgrade() {
                let _ = me.send(Ask::EmployeesDone(generation, clock(), result));
            }
        });
    }
}
