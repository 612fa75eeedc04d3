//! The real terminal: set up, and always restored (quit, error, panic,
//! signals).

use crossterm::event::DisableMouseCapture;
use crossterm::cursor::Show;
use crossterm::execute;
use std::io;
use tokio::sync::mpsc;

use super::effects::{ApiEffects, Clock};
use super::screen::{CrosstermScreen, size_of};
use super::{Stats, drive, sources};
use crate::app::model::{Model, Options};
use crate::kickserv::client::Client;

/// Restores the terminal when dropped, whatever the way out.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        let _ = ratatui::try_restore();
        let _ = execute!(io::stdout(), Show);
    }
}

/// Runs the interactive board on this terminal until the user quits or a
/// signal arrives.
pub async fn run_board(opts: Options, client: Client, clock: Clock) -> io::Result<Stats> {
    // Mouse capture is ours to undo on panic; ratatui's hook (installed by
    // `try_init`, wrapping this one) leaves raw mode and the alternate screen first.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        prev(info);
    }));
    let term = ratatui::try_init()?;
    let _guard = Guard;
    let size = size_of(&term);
    let (tx, rx) = mpsc::unbounded_channel();
    sources::spawn_terminal(tx.clone());
    sources::spawn_signals(tx.clone());
    sources::spawn_clock(tx.clone(), clock.clone());
    let mut model = Model::new(opts, clock(), size);
    let effects = ApiEffects { client, clock };
    let mut screen = CrosstermScreen::new(term);
    drive(&mut model, &mut screen, &effects, tx, rx).await
}
