//! The event loop: gathers messages from the terminal, signals, the clock
//! and finished commands; runs `update`; runs the commands it returns;
//! draws when something visible changed.

pub mod effects;
pub mod screen;
pub mod sources;
pub mod state;
pub mod store;
pub mod terminal;

use std::io;
use tokio::sync::mpsc;

use crate::app::model::Model;
use crate::app::msg::{Cmd, Msg, TermCmd};
use crate::app::update::{init, settle_scroll, update};
pub use effects::{ApiEffects, Clock, Effects};
pub use screen::{CrosstermScreen, Screen};

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
    screen.draw(m)?;
    m.dirty = false;
    stats.draws += 1;
    while let Some(first) = rx.recv().await {
        // Drain what is already queued so that a burst (a resize storm, a
        // held key) costs one draw, not one per message.
        let mut next = Some(first);
        let mut loaded = false;
        while let Some(msg) = next {
            stats.msgs += 1;
            loaded |= matches!(msg, Msg::TasksLoaded { .. });
            for cmd in update(m, msg) {
                run_cmd(cmd, screen, effects, &tx)?;
            }
            next = rx.try_recv().ok();
        }
        if m.quit {
            break;
        }
        if m.dirty {
            settle_overlay(m);
            screen.draw(m)?;
            m.dirty = false;
            stats.draws += 1;
        }
        if loaded {
            // A listing replaced the last one: hand its pages back.
            crate::heap::trim();
        }
    }
    Ok(stats)
}

/// Brings a help or detail scroll past the end back to what is shown.
pub fn settle_overlay(m: &mut Model) {
    let area = ratatui::layout::Rect::new(0, 0, m.size.0, m.size.1);
    if let Some(shown) = crate::ui::overlay::shown_scroll(m, area) {
        settle_scroll(m, shown);
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

    #[test]
    fn storage_commands_reach_the_store_executor() {
        let fx = Recorder::default();
        let (tx, _rx) = mpsc::unbounded_channel();
        let mut screen = screen::TestScreen::new(80, 24).unwrap();
        run_cmd(Cmd::Store(StoreCmd::RemoveDraft), &mut screen, &fx, &tx).unwrap();
        assert_eq!(*fx.0.lock().unwrap(), [StoreCmd::RemoveDraft]);
    }
}
