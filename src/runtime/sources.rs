//! Message sources: the terminal, OS signals and the clock, each a task
//! feeding the one channel `drive` reads.

use crossterm::event::{Event, KeyEventKind};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use super::effects::Clock;
use crate::app::msg::Msg;

/// Key presses (and repeats), mouse, resizes. A closed terminal (end of
/// stream or a read error) ends the board instead of spinning.
///
/// The reads run on a thread of their own, not on a tokio worker: crossterm
/// reads a hung-up terminal's end-of-file in a loop that never returns, and
/// on the one worker that loop would starve every other task (the hang-up
/// watch, the clock, the requests), so the board would never end. Here it
/// stalls only this thread; the watch ends the board, and the process does
/// not wait for the thread on its way out.
pub fn spawn_terminal(tx: mpsc::UnboundedSender<Msg>) {
    spawn_hangup_watch(tx.clone());
    let input = tx.clone();
    let started = std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || read_terminal(&input));
    if let Err(e) = started {
        tracing::error!("cannot read the terminal: {e}");
        let _ = tx.send(Msg::Shutdown("no terminal input"));
    }
}

fn read_terminal(tx: &mpsc::UnboundedSender<Msg>) {
    loop {
        let msg = match crossterm::event::read() {
            Ok(Event::Key(k)) if matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) => {
                Msg::Key(k)
            }
            Ok(Event::Mouse(e)) => Msg::Mouse(e, chrono::Utc::now()),
            Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
            Ok(_) => continue,
            Err(_) => {
                let _ = tx.send(Msg::Shutdown("terminal closed"));
                return;
            }
        };
        if tx.send(msg).is_err() {
            return;
        }
    }
}

/// The input terminal's end, seen without reading from it: crossterm drops
/// the read error of a hung-up terminal and retries forever, so a terminal
/// that closes without a SIGHUP to us would leave the board spinning.
fn spawn_hangup_watch(tx: mpsc::UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use std::io::IsTerminal;
        use std::os::fd::AsFd;
        use tokio::io::Interest;
        use tokio::io::unix::AsyncFd;

        // Our own duplicate of standard input: crossterm keeps reading the original.
        let Ok(dup) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return;
        };
        // SAFETY: `dup` is an owned descriptor, moved into the AsyncFd; it is
        // closed only when the AsyncFd is dropped, never while registered.
        let Ok(input) = (unsafe { AsyncFd::register_with_interest(dup, Interest::READABLE) })
        else {
            return;
        };
        // A terminal that hangs up may wake nobody (the wake-up went to
        // crossterm's reader, which then reads end-of-file forever): ask it
        // once a second whether it is still a terminal. A hung-up terminal
        // answers no (EIO), and a redirected input never was one.
        let was_tty = input.get_ref().is_terminal();
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                ready = input.readable() => {
                    let Ok(mut ready) = ready else {
                        return;
                    };
                    // A hang-up (HUP) or an error on the descriptor: the terminal is gone.
                    if ready.ready().is_read_closed() || ready.ready().is_error() {
                        break;
                    }
                    // Keys: crossterm reads them; wait for the next change.
                    ready.clear_ready();
                }
                _ = every.tick() => {
                    if was_tty && !input.get_ref().is_terminal() {
                        break;
                    }
                }
            }
        }
        let _ = tx.send(Msg::Shutdown("terminal closed"));
    });
}

/// SIGTERM, SIGHUP (a dropped SSH session) and SIGINT end the board cleanly.
pub fn spawn_signals(tx: mpsc::UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        let why = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = hup.recv() => "SIGHUP",
            _ = int.recv() => "SIGINT",
        };
        let _ = tx.send(Msg::Shutdown(why));
    });
}

/// One tick a second; ticks missed while busy are skipped, not bunched.
pub fn spawn_clock(tx: mpsc::UnboundedSender<Msg>, clock: Clock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            if tx.send(Msg::Tick(clock())).is_err() {
                return;
            }
        }
    });
}
