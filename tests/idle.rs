//! Idleness, counted not timed: with tokio's paused clock, an idle board
//! fetches exactly once per poll interval, draws at most once a second (the
//! header's age and clock), and writes few bytes; one changed task costs
//! one small frame.

mod common;

use chrono::Duration as TimeDelta;
use common::*;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport, backend::CrosstermBackend};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Msg};
use kickdesk::kickserv::model::Task;
use kickdesk::runtime::effects::{Clock, Effects, tokio_clock};
use kickdesk::runtime::screen::CrosstermScreen;
use kickdesk::runtime::{drive, sources};

#[derive(Clone, Default)]
struct Bytes(Arc<AtomicUsize>);

impl Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::SeqCst);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Answers at once with whatever `tasks` holds; counts fetches of the shown period.
struct Fake {
    tasks: Arc<Mutex<Vec<Task>>>,
    shown_fetches: Arc<AtomicUsize>,
    all_fetches: Arc<AtomicUsize>,
    clock: Clock,
}

impl Effects for Fake {
    fn run(&self, cmd: ApiCmd, tx: mpsc::UnboundedSender<Msg>) {
        let at = (self.clock)();
        let msg = match cmd {
            ApiCmd::FetchTasks { seq, period, .. } => {
                self.all_fetches.fetch_add(1, Ordering::SeqCst);
                if period.start == today() {
                    self.shown_fetches.fetch_add(1, Ordering::SeqCst);
                }
                let tasks = self.tasks.lock().unwrap().clone();
                Msg::TasksLoaded {
                    seq,
                    period,
                    at,
                    result: Ok(tasks.into()),
                }
            }
            ApiCmd::FetchEmployees => Msg::EmployeesLoaded {
                at,
                result: Ok(vec![]),
            },
            _ => return,
        };
        tx.send(msg).unwrap();
    }
}

fn tasks() -> Vec<Task> {
    let emps: Vec<_> = (1..=12)
        .map(|i| employee(i, i, &format!("Tech {i}")))
        .collect();
    let mut v = Vec::new();
    for (i, e) in emps.iter().enumerate() {
        for k in 0..4 {
            let id = (i * 10 + k) as i64 + 1;
            v.push(task(
                id,
                &[e],
                7 + 3 * k as u32,
                0,
                120,
                &format!("Job {id}"),
            ));
        }
    }
    v
}

#[tokio::test(start_paused = true)]
async fn idle_board_fetches_once_per_interval_and_draws_only_the_clock() {
    let clock = tokio_clock(now());
    let shared = Arc::new(Mutex::new(tasks()));
    let fake = Fake {
        tasks: shared.clone(),
        shown_fetches: Arc::default(),
        all_fetches: Arc::default(),
        clock: clock.clone(),
    };
    let bytes = Bytes::default();
    let (w, h) = (160, 48);
    let term = Terminal::with_options(
        CrosstermBackend::new(bytes.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    let mut screen = CrosstermScreen::new(term);
    let (tx, rx) = mpsc::unbounded_channel();
    sources::spawn_clock(tx.clone(), clock.clone());
    let mut m = Model::new(opts(), clock(), (w, h));

    // Warm-up frames happen in the first seconds; measure the idle stretch after.
    let probe = bytes.0.clone();
    let idle_from = Arc::new(AtomicUsize::new(0));
    let idle_to = Arc::new(AtomicUsize::new(0));
    let change_from = Arc::new(AtomicUsize::new(0));
    let change_to = Arc::new(AtomicUsize::new(0));
    {
        let (probe, idle_from, idle_to, change_from, change_to, shared, tx) = (
            probe.clone(),
            idle_from.clone(),
            idle_to.clone(),
            change_from.clone(),
            change_to.clone(),
            shared.clone(),
            tx.clone(),
        );
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(5_500)).await;
            idle_from.store(probe.load(Ordering::SeqCst), Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(240)).await;
            idle_to.store(probe.load(Ordering::SeqCst), Ordering::SeqCst);
            // One task moves by an hour; the next poll brings it.
            {
                let mut t = shared.lock().unwrap();
                let moved = &mut t[5];
                moved.starts_at = moved.starts_at.map(|s| s + TimeDelta::hours(1));
                moved.ends_at = moved.ends_at.map(|s| s + TimeDelta::hours(1));
            }
            // Just before the poll at 270 s; the frame it causes lands by 271 s.
            tokio::time::sleep(Duration::from_millis(24_000)).await;
            change_from.store(probe.load(Ordering::SeqCst), Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            change_to.store(probe.load(Ordering::SeqCst), Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(328_000)).await;
            // 599.5 s after start: leave.
            tx.send(Msg::Shutdown("test")).unwrap();
        });
    }
    let stats = drive(&mut m, &mut screen, &fake, tx, rx).await.unwrap();

    // Polls at 0, 30, ..., 570 s: exactly twenty fetches of the shown day.
    assert_eq!(fake.shown_fetches.load(Ordering::SeqCst), 20);
    // Plus one prefetch of each neighbouring day, once.
    assert_eq!(fake.all_fetches.load(Ordering::SeqCst), 22);
    // At most one draw a second (the age in the header), plus the first.
    assert!(stats.draws <= 601, "draws: {}", stats.draws);
    assert!(
        stats.draws >= 500,
        "the header age should tick: {}",
        stats.draws
    );
    let idle = idle_to.load(Ordering::SeqCst) - idle_from.load(Ordering::SeqCst);
    let per_sec = idle as f64 / 240.0;
    println!("idle: {idle} bytes in 240 s = {per_sec:.1} B/s at {w}×{h}");
    assert!(per_sec <= 100.0, "idle output {per_sec:.1} B/s");
    let change = change_to.load(Ordering::SeqCst) - change_from.load(Ordering::SeqCst);
    println!("one task moved: {change} bytes");
    assert!(
        change > 0 && change <= 2048,
        "one change cost {change} bytes"
    );
    assert!(m.marks.is_empty(), "marks expire after one interval");
}
