//! Idleness, counted not timed: with tokio's paused clock, an idle board
//! fetches exactly once per poll interval and writes next to nothing (the
//! clock's minute; a poll that brings the same data writes no byte); one
//! changed task costs one small frame. Budgets at 160×48, `--poll 5`.

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
                fetched(seq, period, at, Ok(tasks.into()))
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

/// Idle windows measured, each `WINDOW` seconds long, one after another.
const WINDOWS: usize = 8;
const WINDOW: u64 = 30;
/// The budgets at 160×48 and `--poll 5`: an idle board writes at
/// most 50 bytes per 30 s; the window in which the now-line moves a row
/// (across the 11 lanes that fit) at most 200.
const IDLE_BUDGET: usize = 50;
const NOW_LINE_BUDGET: usize = 200;
const CHANGE_BUDGET: usize = 1024;

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
    let mut o = opts();
    o.poll = Duration::from_secs(5);
    // No task turns "not closed" in the now-line's window (its tasks end
    // on the hour): that window measures the now-line alone.
    o.work.late.not_closed_min = 150;
    let mut m = Model::new(o, clock(), (w, h));

    // Warm-up frames happen in the first seconds; measure the idle stretch after.
    let probe = bytes.0.clone();
    let windows = Arc::new(Mutex::new(Vec::new()));
    let change = Arc::new(AtomicUsize::new(0));
    let now_line = Arc::new(AtomicUsize::new(0));
    {
        let (probe, windows, change, now_line, shared, tx) = (
            probe.clone(),
            windows.clone(),
            change.clone(),
            now_line.clone(),
            shared.clone(),
            tx.clone(),
        );
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(5_500)).await;
            for _ in 0..WINDOWS {
                let from = probe.load(Ordering::SeqCst);
                tokio::time::sleep(Duration::from_secs(WINDOW)).await;
                windows
                    .lock()
                    .unwrap()
                    .push(probe.load(Ordering::SeqCst) - from);
            }
            // 245.5 s: one task moves by an hour; the next poll (250 s) brings it.
            {
                let mut t = shared.lock().unwrap();
                let moved = &mut t[5];
                moved.starts_at = moved.starts_at.map(|s| s + TimeDelta::hours(1));
                moved.ends_at = moved.ends_at.map(|s| s + TimeDelta::hours(1));
            }
            // Just before the poll at 250 s; the frame it causes lands by 251 s.
            tokio::time::sleep(Duration::from_millis(4_000)).await;
            let from = probe.load(Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            change.store(probe.load(Ordering::SeqCst) - from, Ordering::SeqCst);
            // 895.5 s: the thirty seconds around 11:00, where the now-line
            // moves down a row of the day grid.
            tokio::time::sleep(Duration::from_millis(644_500)).await;
            let from = probe.load(Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(WINDOW)).await;
            now_line.store(probe.load(Ordering::SeqCst) - from, Ordering::SeqCst);
            // 929.5 s after start: leave.
            tx.send(Msg::Shutdown("test")).unwrap();
        });
    }
    let stats = drive(&mut m, &mut screen, &fake, tx, rx).await.unwrap();

    // Polls at 0, 5, ..., 925 s: exactly 186 fetches of the shown day.
    assert_eq!(fake.shown_fetches.load(Ordering::SeqCst), 186);
    // Plus one prefetch of each neighbouring day, once.
    assert_eq!(fake.all_fetches.load(Ordering::SeqCst), 188);
    let windows = windows.lock().unwrap().clone();
    println!(
        "idle bytes per {WINDOW} s at {w}×{h}, poll 5: {windows:?} (draws {})",
        stats.draws
    );
    let change = change.load(Ordering::SeqCst);
    println!("one task moved: {change} bytes");
    let now_line = now_line.load(Ordering::SeqCst);
    println!("{WINDOW} s in which the now-line moves a row: {now_line} bytes");
    // The now-line and the clock move once a minute: at least one window
    // saw a few bytes, so the board is not frozen.
    assert!(windows.iter().any(|&b| b > 0), "nothing drawn: {windows:?}");
    for (i, &b) in windows.iter().enumerate() {
        assert!(b <= IDLE_BUDGET, "idle window {i}: {b} bytes in {WINDOW} s");
    }
    assert!(
        change > 0 && change <= CHANGE_BUDGET,
        "one change cost {change} bytes"
    );
    // The now-line moves (more is written than a minute's clock alone), and
    // even then the window keeps the idle budget.
    let minute = windows.iter().copied().max().unwrap_or(0);
    assert!(
        now_line > minute && now_line <= NOW_LINE_BUDGET,
        "the now-line's move cost {now_line} bytes (a minute alone {minute})"
    );
    assert!(m.marks().is_empty(), "marks expire after one interval");
}
