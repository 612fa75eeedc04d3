//! A board's screen over an SSH channel: crossterm's output, sent as
//! channel data at each flush; the size is what the client last said.

use crossterm::cursor::{Hide, Show};
use crossterm::event::DisableMouseCapture;
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::mpsc;

use crate::app::model::Model;
use crate::runtime::screen::{CrosstermScreen, Screen};

/// Bytes for the channel, one message per flush. A closed channel (the
/// connection is gone) makes the write fail as a hung-up terminal does.
pub struct ChannelWriter {
    buf: Vec<u8>,
    out: mpsc::UnboundedSender<Vec<u8>>,
}

impl ChannelWriter {
    pub fn new(out: mpsc::UnboundedSender<Vec<u8>>) -> Self {
        ChannelWriter {
            buf: Vec::new(),
            out,
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buf);
        self.out
            .send(bytes)
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

/// The size the client said last, packed (width << 16 | height): the
/// connection's handler sets it, the screen reads it before each frame.
#[derive(Clone, Debug, Default)]
pub struct SharedSize(Arc<AtomicU32>);

impl SharedSize {
    pub fn new(w: u16, h: u16) -> Self {
        let s = SharedSize::default();
        s.set(w, h);
        s
    }

    pub fn set(&self, w: u16, h: u16) {
        self.0
            .store((u32::from(w) << 16) | u32::from(h), Ordering::SeqCst);
    }

    pub fn get(&self) -> (u16, u16) {
        let v = self.0.load(Ordering::SeqCst);
        ((v >> 16) as u16, (v & 0xffff) as u16)
    }
}

pub struct ChannelScreen {
    inner: CrosstermScreen<ChannelWriter>,
    size: SharedSize,
    shown: (u16, u16),
}

impl ChannelScreen {
    /// Takes the session's terminal: alternate screen, cursor hidden, blank.
    pub fn open(out: ChannelWriter, size: SharedSize) -> io::Result<ChannelScreen> {
        let (w, h) = size.get();
        let viewport = Viewport::Fixed(Rect::new(0, 0, w, h));
        let term =
            Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport })?;
        let mut inner = CrosstermScreen::new(term);
        execute!(inner.term.backend_mut(), EnterAlternateScreen, Hide)?;
        inner.wipe()?;
        Ok(ChannelScreen {
            inner,
            size,
            shown: (w, h),
        })
    }

    /// Gives the terminal back as it was (the client's shell comes next).
    pub fn close(&mut self) {
        let _ = execute!(
            self.inner.term.backend_mut(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
    }

    fn follow_size(&mut self) -> io::Result<()> {
        let now = self.size.get();
        if now != self.shown {
            self.shown = now;
            self.inner.term.resize(Rect::new(0, 0, now.0, now.1))?;
            self.inner.wipe()?;
        }
        Ok(())
    }
}

impl Screen for ChannelScreen {
    fn draw(&mut self, m: &Model) -> io::Result<()> {
        self.follow_size()?;
        self.inner.draw(m)
    }

    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        self.inner.set_mouse(on)
    }

    fn repaint(&mut self) -> io::Result<()> {
        self.inner.repaint()
    }

    /// Ctrl-Z stops nothing on the server: it repaints.
    fn suspend(&mut self) -> io::Result<()> {
        self.inner.repaint()
    }
}
