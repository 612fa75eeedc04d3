//! The event loop: gathers messages from the terminal, signals, the clock
//! and finished commands; runs `update`; runs the commands it returns;
//! draws when something visible changed.

pub mod cache;
pub mod disk;
pub mod drafts;
pub mod effects;
pub mod screen;
pub mod setfile;
pub mod sources;
pub mod state;
pub mod store;
pub mod terminal;

use std::io;
use tokio::sync::mpsc;

use crate::app::model::Model;
use crate::app::msg::{Cmd, Msg, TermCmd};
use crate::app::update::{init, update};
pub use effects::{ApiEffects, Clock, Effects};
pub use screen::{CrosstermScreen, Screen};

/// When the process began its work, for the log line that times the
/// first frame (see [`drive`]).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the start; the first call counts.
pub fn mark_start() {
    let _ = STARTED.get_or_init(std::time::Instant::now);
}

/// What the loop did, for tests and measurements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub draws: u64,
    pub msgs: u64,
}

/// Runs the board until it quits. `rx` carries every message; `tx` is
/// handed to the effects so results come back the same way.
pub async fn drive<S: Screen>(
    m: &mut Model,
    screen: &mut S,
    effects: &dyn Effects,
    tx: mpsc::UnboundedSender<Msg>,
    mut rx: mpsc::UnboundedReceiver<Msg>,
) -> io::Result<Stats> {
    let mut stats = Stats::default();
    for cmd in init(m) {
        run_cmd(cmd, screen, effects, &tx)?;
    }
    if let Err(e) = screen.draw(m) {
        return gone(m, effects, e, stats);
    }
    drawn(m);
    stats.draws += 1;
    if let Some(t) = STARTED.get() {
        tracing::info!(
            "first frame drawn {} ms after start ({} tasks{})",
            t.elapsed().as_millis(),
            m.shown_tasks,
            if m.offline.from.is_some() {
                ", from the cache"
            } else {
                ""
            }
        );
    }
    while let Some(first) = rx.recv().await {
        // Drain what is already queued so that a burst (a resize storm, a
        // held key) costs one draw, not one per message.
        let mut next = Some(first);
        let mut loaded = false;
        while let Some(msg) = next {
            stats.msgs += 1;
            loaded |= matches!(msg, Msg::TasksLoaded { .. });
            for cmd in update(m, msg) {
                if let Err(e) = run_cmd(cmd, screen, effects, &tx) {
                    return gone(m, effects, e, stats);
                }
            }
            next = rx.try_recv().ok();
        }
        if m.quit {
            break;
        }
        if m.dirty {
            settle_overlay(m);
            if let Err(e) = screen.draw(m) {
                return gone(m, effects, e, stats);
            }
            drawn(m);
            stats.draws += 1;
        }
        if loaded {
            // A listing replaced the last one: hand its pages back.
            crate::heap::trim();
        }
    }
    Ok(stats)
}

/// EIO: what writing to a terminal whose other end closed (a dropped SSH
/// session) answers, on Linux and the BSDs alike.
const EIO: i32 = 5;

/// A write to the terminal failed. When the terminal is gone (EIO, a
/// broken pipe) the board ends as it does when its input ends: unsaved
/// edits journalled, exit 0; any other error is returned.
fn gone(m: &mut Model, effects: &dyn Effects, e: io::Error, stats: Stats) -> io::Result<Stats> {
    if e.raw_os_error() != Some(EIO) && e.kind() != io::ErrorKind::BrokenPipe {
        return Err(e);
    }
    tracing::info!("terminal gone: {e}");
    for cmd in update(m, Msg::Shutdown("terminal gone")) {
        if let Cmd::Store(s) = cmd {
            effects.store(s);
        }
    }
    Ok(stats)
}

/// After a draw: through `update`, as every change of the model.
fn drawn(m: &mut Model) {
    let cmds = update(m, Msg::Drawn);
    debug_assert!(cmds.is_empty());
}

/// Brings a help or detail scroll past the end back to what is shown.
pub fn settle_overlay(m: &mut Model) {
    let area = ratatui::layout::Rect::new(0, 0, m.size.0, m.size.1);
    if let Some(shown) = crate::ui::overlay::shown_scroll(m, area) {
        // Through `update`, as every change of the model; it asks nothing.
        let cmds = update(m, Msg::ScrollLimit(shown));
        debug_assert!(cmds.is_empty());
    }
}

/// Hands each command to its executor: the terminal's run here, in order
/// with drawing; the API's on tasks of their own.
fn run_cmd<S: Screen>(
    cmd: Cmd,
    screen: &mut S,
    effects: &dyn Effects,
    tx: &mpsc::UnboundedSender<Msg>,
) -> io::Result<()> {
    match cmd {
        Cmd::Term(t) => run_term(t, screen),
        Cmd::Api(c) => {
            effects.run(c, tx.clone());
            Ok(())
        }
        Cmd::Store(s) => {
            effects.store(s);
            Ok(())
        }
    }
}

fn run_term<S: Screen>(cmd: TermCmd, screen: &mut S) -> io::Result<()> {
    match cmd {
        TermCmd::SetMouse(on) => screen.set_mouse(on),
        TermCmd::Repaint => screen.repaint(),
        TermCmd::Suspend => screen.suspend(),
        // The loop sees `m.quit` and leaves.
        TermCmd::Quit => Ok(()),
    }
}

#[cfg(test)]
mod store_dispatch {
    use super::*;
    use crate::app::msg::{ApiCmd, StoreCmd};
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<StoreCmd>>);

    impl Effects for Recorder {
        fn run(&self, _: ApiCmd, _: mpsc::UnboundedSender<Msg>) {}

        fn store(&self, cmd: StoreCmd) {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).push(cmd);
        }
    }

    fn test_opts() -> crate::app::model::Options {
        crate::app::model::Options {
            account: "demo".into(),
            tz: chrono_tz::America::New_York,
            zone_origin: crate::schedule::ZoneOrigin::Flag,
            max_task_days: 31,
            move_step: 15,
            warn_long_tasks: false,
            poll: std::time::Duration::from_secs(30),
            work: Default::default(),
            week_start: chrono::Weekday::Mon,
            hide_weekend: false,
            read_only: false,
            monitor: true,
            look: crate::app::look::Look::PLAIN,
            keymap: crate::app::keymap::Keymap::defaults(),
            view: Default::default(),
            state_file: None,
            employee_filter: None,
            filter_sets: Vec::new(),
            config_file: None,
            palette_history: Vec::new(),
            rotate: None,
        }
    }

    /// A screen whose terminal has gone: every write answers EIO.
    struct Gone;

    impl Screen for Gone {
        fn draw(&mut self, _: &Model) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(EIO))
        }
        fn set_mouse(&mut self, _: bool) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(EIO))
        }
        fn repaint(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(EIO))
        }
    }

    #[tokio::test]
    async fn a_terminal_answering_eio_ends_the_board_as_a_closed_one() {
        let fx = Recorder::default();
        let (tx, rx) = mpsc::unbounded_channel();
        let mut m = Model::new(test_opts(), chrono::Utc::now(), (80, 24));
        // The sender stays open: only the failed write can end the loop.
        let r = drive(&mut m, &mut Gone, &fx, tx.clone(), rx).await;
        assert!(r.is_ok(), "{r:?}");
        assert!(m.quit, "left as on a shutdown");
        drop(tx);
    }

    #[tokio::test]
    async fn other_write_errors_are_still_errors() {
        struct Full;
        impl Screen for Full {
            fn draw(&mut self, _: &Model) -> io::Result<()> {
                Err(io::Error::other("disk full"))
            }
            fn set_mouse(&mut self, _: bool) -> io::Result<()> {
                Ok(())
            }
            fn repaint(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let fx = Recorder::default();
        let (tx, rx) = mpsc::unbounded_channel();
        let mut m = Model::new(test_opts(), chrono::Utc::now(), (80, 24));
        assert!(drive(&mut m, &mut Full, &fx, tx, rx).await.is_err());
    }

    #[test]
    fn storage_commands_reach_the_store_executor() {
        let fx = Recorder::default();
        let (tx, _rx) = mpsc::unbounded_channel();
        let mut screen = screen::TestScreen::new(80, 24).unwrap();
        let rm = StoreCmd::RemoveDraft("task-5".into());
        run_cmd(Cmd::Store(rm.clone()), &mut screen, &fx, &tx).unwrap();
        assert_eq!(*fx.0.lock().unwrap(), [rm]);
    }
}
