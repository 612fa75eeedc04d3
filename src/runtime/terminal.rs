//! The real terminal: set up, and always restored (quit, error, panic,
//! signals).

use crossterm::cursor::Show;
use crossterm::event::DisableMouseCapture;
use crossterm::execute;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;

use super::cache::{DiskCache, preload};
use super::drafts::Shelf;
use super::effects::{ApiEffects, Clock};
use super::screen::{CrosstermScreen, size_of};
use super::store::{DraftJournal, WithJournal};
use super::{Stats, drive, sources};
use crate::app::editing;
use crate::app::model::{Model, Options};
use crate::kickserv::client::Client;

/// Restores the terminal when dropped, whatever the way out.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Set while the board owns the terminal.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Mouse capture off, raw mode off, main screen back, cursor shown. Runs
/// once: a second "leave the alternate screen" would move the cursor back
/// over a panic message already printed. Errors are ignored (the terminal
/// may already be gone).
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(io::stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), Show);
}

/// Runs the interactive board on this terminal until the user quits or a
/// signal arrives; unsaved edits are journalled on `drafts`; the last good
/// data is kept in `cache` (`None`: no disk cache).
pub async fn run_board(
    opts: Options,
    client: Client,
    clock: Clock,
    drafts: Shelf,
    cache: Option<DiskCache>,
) -> io::Result<Stats> {
    let term = ratatui::try_init()?;
    // The board decides NO_COLOR itself (it draws no colour); crossterm acting
    // on it too would write a bare reset that wipes bold and reverse.
    crossterm::style::force_color_output(true);
    ACTIVE.store(true, Ordering::SeqCst);
    let _guard = Guard;
    // On panic, restore the terminal first, then let the message print on
    // the normal screen (unwinding drops the guard too late for that).
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    let size = size_of(&term);
    let (tx, rx) = mpsc::unbounded_channel();
    sources::spawn_terminal(tx.clone());
    sources::spawn_signals(tx.clone());
    sources::spawn_clock(tx.clone(), clock.clone());
    let mut model = Model::new(opts, clock(), size);
    if let Some(cache) = &cache {
        // Before the first frame: the board opens on the last good data.
        preload(&mut model, cache);
    }
    // Edits left unsaved by earlier runs (a crash, a dropped session). A
    // read-only board cannot restore them: it leaves them to one that can.
    let found = drafts.found(!model.read_only());
    editing::offer_drafts(&mut model, found);
    let effects = WithJournal {
        api: ApiEffects {
            client,
            clock,
            running: Default::default(),
        },
        journal: DraftJournal::start(drafts, cache, Some(tx.clone())),
    };
    let mut screen = CrosstermScreen::new(term);
    // The alternate screen may still hold another program's text (or ours,
    // after a reconnect): every blank cell of the board would show it.
    screen.wipe()?;
    let result = {
        let board = drive(&mut model, &mut screen, &effects, tx, rx);
        #[cfg(debug_assertions)]
        let board = panic_on_demand(board);
        board.await
    };
    release(screen);
    result
}

/// ratatui's terminal shows the cursor when dropped and prints to stderr
/// when it cannot. A terminal that is gone (a dropped SSH session) ends the
/// board normally, so that message would only be noise in a redirected
/// stderr: such a terminal is let go of without its drop (`restore` still
/// tries, quietly).
fn release(mut screen: CrosstermScreen<io::Stdout>) {
    if screen.term.show_cursor().is_err() {
        std::mem::forget(screen);
    }
}

/// Debug builds only: a panic on demand, so tests can prove the terminal
/// comes back and the message shows after it.
#[cfg(debug_assertions)]
async fn panic_on_demand(
    board: impl std::future::Future<Output = io::Result<Stats>>,
) -> io::Result<Stats> {
    if std::env::var_os("KICKDESK_DEBUG_PANIC").is_none() {
        return board.await;
    }
    tokio::select! {
        r = board => r,
        _ = tokio::time::sleep(std::time::Duration::from_millis(800)) => panic!("requested panic (KICKDESK_DEBUG_PANIC)"),
    }
}
