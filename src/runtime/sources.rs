//! Message sources: the terminal, OS signals and the clock, each a task
//! feeding the one channel `drive` reads.

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use super::effects::Clock;
use crate::app::msg::Msg;

/// Key presses (and repeats), mouse, resizes. A closed terminal (end of
/// stream or a read error) ends the board instead of spinning.
pub fn spawn_terminal(tx: mpsc::UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        loop {
            let msg = match events.next().await {
                Some(Ok(Event::Key(k)))
                    if matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) =>
                {
                    Msg::Key(k)
                }
                Some(Ok(Event::Mouse(e))) => Msg::Mouse(e, chrono::Utc::now()),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => {
                    let _ = tx.send(Msg::Shutdown("terminal closed"));
                    return;
                }
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
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
