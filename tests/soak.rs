//! A long run in compressed time: thousands of poll cycles against a
//! changing data set, with a dispatcher's actions between them (notify,
//! delete, the palette's log, job lists looked up), driven through
//! `update()` with answers from a scripted server. Heap is counted by a
//! counting allocator (this file is a test binary of its own): after a
//! warm-up that fills every capped collection, the heap at the end is
//! within a few percent of the heap at the start, and every collection that
//! grows with time stays under its cap.

mod common;

use std::collections::VecDeque;

use chrono::{DateTime, Duration as TimeDelta, Utc};
use common::*;
use ratatui::{Terminal, backend::TestBackend};

use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::palette::{HISTORY, LOG_CAP};
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{Employee, JobListEntry, Task};

#[path = "common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

use counting::live;

/// The server side: a day of tasks that changes at every fetch (one task
/// moves, one is renamed) and loses the tasks deleted from the board, each
/// replaced by a new one so the day keeps its size.
struct Server {
    staff: Vec<Employee>,
    tasks: Vec<Task>,
    next_id: i64,
    fetches: u64,
}

impl Server {
    fn new() -> Server {
        let staff: Vec<Employee> = (1..=12)
            .map(|i| employee(i, i, &format!("Tech {i:02}")))
            .collect();
        let mut s = Server {
            staff,
            tasks: Vec::new(),
            next_id: 1,
            fetches: 0,
        };
        for i in 0..48 {
            s.add(i);
        }
        s
    }

    fn add(&mut self, slot: usize) {
        let id = self.next_id;
        self.next_id += 1;
        let e = &self.staff[slot % self.staff.len()];
        let hour = 7 + 3 * (slot / self.staff.len()) as u32 % 12;
        self.tasks
            .push(task(id, &[e], hour, 0, 120, &format!("Job {id:07}")));
    }

    fn listing(&mut self) -> Vec<Task> {
        self.fetches += 1;
        let n = self.tasks.len();
        let k = self.fetches as usize % n;
        // One task moves an hour (back again at its next turn), another is renamed.
        let shift = if (self.fetches / n as u64).is_multiple_of(2) {
            1
        } else {
            -1
        };
        let t = &mut self.tasks[k];
        t.starts_at = t.starts_at.map(|s| s + TimeDelta::hours(shift));
        t.ends_at = t.ends_at.map(|s| s + TimeDelta::hours(shift));
        let r = &mut self.tasks[(k + 7) % n];
        r.name = Some(format!("Visit {:07}", self.fetches % 10_000_000));
        self.tasks.clone()
    }

    fn delete(&mut self, id: i64) {
        if let Some(i) = self.tasks.iter().position(|t| t.id == id) {
            self.tasks.remove(i);
            self.add(i);
        }
    }

    /// The answer to one command, as the runtime would send it back.
    fn answer(&mut self, cmd: ApiCmd, at: DateTime<Utc>) -> Option<Msg> {
        Some(match cmd {
            ApiCmd::FetchTasks { seq, period, .. } => {
                fetched(seq, period, at, Ok(self.listing().into()))
            }
            ApiCmd::FetchEmployees => Msg::EmployeesLoaded {
                at,
                result: Ok(self.staff.clone()),
            },
            ApiCmd::Notify { task_id, kind } => Msg::Notified {
                task_id,
                kind,
                result: Ok(()),
            },
            ApiCmd::ReadTask { task_id, purpose } => Msg::TaskRead {
                task_id,
                purpose,
                result: Ok(self
                    .tasks
                    .iter()
                    .find(|t| t.id == task_id)
                    .cloned()
                    .map(Box::new)),
            },
            ApiCmd::Delete { task_id } => {
                let gone = self.tasks.iter().find(|t| t.id == task_id).cloned();
                self.delete(task_id);
                Msg::Deleted {
                    task_id,
                    result: Ok(gone.map(Box::new)),
                }
            }
            _ => return None,
        })
    }
}

/// Runs `msg` and every answer it leads to; counts the commands by kind.
fn settle(m: &mut Model, s: &mut Server, msg: Msg, seen: &mut Seen) {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for cmd in update(m, msg) {
            if let Cmd::Api(api) = cmd {
                match &api {
                    ApiCmd::FetchTasks { .. } => seen.fetches += 1,
                    ApiCmd::Notify { .. } => seen.notifies += 1,
                    ApiCmd::Delete { .. } => seen.deletes += 1,
                    _ => {}
                }
                queue.extend(s.answer(api, m.now()));
            }
        }
    }
}

#[derive(Default)]
struct Seen {
    fetches: u64,
    notifies: u64,
    deletes: u64,
}

/// One poll interval: the clock ticks to the next poll, the board fetches,
/// and the dispatcher does one thing (in turn: notify, delete, the log in
/// the palette, a customer's job list coming back).
fn cycle(m: &mut Model, s: &mut Server, i: u64, seen: &mut Seen) {
    let now = m.now() + TimeDelta::seconds(30);
    settle(m, s, Msg::Tick(now), seen);
    let keys: Vec<Msg> = match i % 4 {
        // `c` selects a task the last poll changed: there is one at every poll.
        0 => vec![key('c'), key('n'), key('y')],
        1 => vec![key('c'), key('D'), key('y')],
        2 => vec![
            key(':'),
            key('l'),
            key('o'),
            key('g'),
            code(crossterm::event::KeyCode::Enter),
            code(crossterm::event::KeyCode::Esc),
        ],
        _ => {
            let customer_id = i as i64;
            let msg = Msg::JobsListed {
                customer_id,
                result: Ok(vec![JobListEntry::default()]),
            };
            vec![msg]
        }
    };
    for k in keys {
        settle(m, s, k, seen);
    }
}

#[test]
fn thousands_of_polls_leave_the_heap_where_it_was_and_every_collection_capped() {
    let mut s = Server::new();
    let mut m = Model::new(opts(), now(), (160, 48));
    let mut seen = Seen::default();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    for cmd in kickdesk::app::update::init(&mut m) {
        if let Cmd::Api(api) = cmd
            && let Some(msg) = s.answer(api, now())
        {
            settle(&mut m, &mut s, msg, &mut seen);
        }
    }

    // Warm-up: long enough to fill the palette's log and every other cap.
    const WARM: u64 = 1_000;
    const RUN: u64 = 2_000;
    for i in 0..WARM {
        cycle(&mut m, &mut s, i, &mut seen);
    }
    term.draw(|f| kickdesk::ui::view(&m, f)).unwrap();
    let start = live();
    let mut peak = start;
    for i in WARM..WARM + RUN {
        cycle(&mut m, &mut s, i, &mut seen);
        if i % 50 == 0 {
            term.draw(|f| kickdesk::ui::view(&m, f)).unwrap();
        }
        peak = peak.max(live());
    }
    term.draw(|f| kickdesk::ui::view(&m, f)).unwrap();
    let end = live();

    // The run did what it says: a fetch per poll, the actions answered.
    assert!(seen.fetches >= WARM + RUN, "fetches: {}", seen.fetches);
    // (`c` finds no changed task when the change fell outside the day.)
    assert!(
        seen.notifies >= (WARM + RUN) / 10,
        "notifies: {}",
        seen.notifies
    );
    assert!(
        seen.deletes >= (WARM + RUN) / 10,
        "deletes: {}",
        seen.deletes
    );
    assert_eq!(m.tasks().len(), 48, "the day keeps its size");

    println!("heap after warm-up {start} B, at the end {end} B, peak {peak} B");
    let drift = (end - start).abs() as f64 / start as f64;
    assert!(
        drift <= 0.03,
        "heap moved {:.1} % over {RUN} polls ({start} B to {end} B)",
        drift * 100.0
    );

    // Every collection that grows with time has its cap.
    assert_eq!(
        m.log().entries.len(),
        LOG_CAP,
        "the palette's log is full and capped"
    );
    assert!(m.palette_history().len() <= HISTORY);
    assert!(
        m.marks().len() <= m.tasks().len(),
        "marks: {}",
        m.marks().len()
    );
    assert!(
        m.removed().len() <= 2,
        "removed titles: {}",
        m.removed().len()
    );
    assert!(m.cache().len() <= 4, "cached periods: {}", m.cache().len());
    assert!(m.sync().lookback_of.len() <= 2);
    assert!(m.sends().in_flight.is_empty());
    assert!(m.sends().last_sent.len() <= m.tasks().len() * 4);
    assert!(
        m.local().deleted.len() <= kickdesk::app::local::DELETED_CAP,
        "deleted tasks kept for undo: {}",
        m.local().deleted.len()
    );
    assert!(m.local().gone.len() <= 2 && m.local().settled.is_empty());
    assert!(
        m.lookups().jobs.len() <= kickdesk::app::model::JOBS_CAP,
        "job lists kept: {}",
        m.lookups().jobs.len()
    );
}
