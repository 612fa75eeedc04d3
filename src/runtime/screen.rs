//! Where frames go: the real terminal (with synchronized output), or a
//! test backend.

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use std::io::{self, Write};

use crate::app::model::Model;
use crate::ui::view;

pub trait Screen {
    fn draw(&mut self, m: &Model) -> io::Result<()>;
    fn set_mouse(&mut self, on: bool) -> io::Result<()>;
    /// Forget what the terminal shows and paint it all again (Ctrl-L).
    fn repaint(&mut self) -> io::Result<()>;
    /// Ctrl-Z: hand the terminal back, stop until continued, take it again.
    fn suspend(&mut self) -> io::Result<()> {
        self.repaint()
    }
}

/// A crossterm terminal over any writer: stdout in real use, a byte
/// counter in measurements.
pub struct CrosstermScreen<W: Write> {
    pub term: Terminal<CrosstermBackend<W>>,
    pub mouse: bool,
    /// The last frame sent, when nothing on top placed the terminal cursor.
    last: Option<Buffer>,
}

impl<W: Write> CrosstermScreen<W> {
    pub fn new(term: Terminal<CrosstermBackend<W>>) -> Self {
        CrosstermScreen {
            term,
            mouse: false,
            last: None,
        }
    }

    /// A frame with nothing on top (no text cursor to place): sent only if
    /// it differs from the last one. A frame that changed nothing would
    /// still cost its synchronized-output pair, colour resets and cursor
    /// hiding, some 45 bytes, at every poll of an idle board.
    fn draw_board(&mut self, m: &Model) -> io::Result<()> {
        self.term.autoresize()?;
        view(m, &mut self.term.get_frame());
        if self.last.as_ref() == Some(&*self.term.current_buffer_mut()) {
            // Ready for the next frame, as a swap would leave it.
            self.term.current_buffer_mut().reset();
            return Ok(());
        }
        // Synchronized output: the terminal shows the frame whole or not at all.
        queue!(self.term.backend_mut(), BeginSynchronizedUpdate)?;
        let done = self.term.apply_buffer_with_cursor(None)?;
        self.last = Some(done.buffer.clone());
        execute!(self.term.backend_mut(), EndSynchronizedUpdate)
    }
}

impl<W: Write> Screen for CrosstermScreen<W> {
    fn draw(&mut self, m: &Model) -> io::Result<()> {
        // Only overlays place the terminal cursor (text input), and a
        // frame's cursor cannot be read back: those frames always go.
        if m.top().is_none() {
            return self.draw_board(m);
        }
        self.last = None;
        queue!(self.term.backend_mut(), BeginSynchronizedUpdate)?;
        self.term.draw(|f| view(m, f))?;
        execute!(self.term.backend_mut(), EndSynchronizedUpdate)
    }

    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        self.mouse = on;
        if on {
            execute!(self.term.backend_mut(), EnableMouseCapture)
        } else {
            execute!(self.term.backend_mut(), DisableMouseCapture)
        }
    }

    fn repaint(&mut self) -> io::Result<()> {
        self.wipe()
    }

    fn suspend(&mut self) -> io::Result<()> {
        self.last = None;
        let out = self.term.backend_mut();
        if self.mouse {
            execute!(out, DisableMouseCapture)?;
        }
        execute!(out, LeaveAlternateScreen, Show)?;
        terminal::disable_raw_mode()?;
        stop_until_continued();
        // Not `ratatui::init()` again: it would stack another panic hook.
        terminal::enable_raw_mode()?;
        let out = self.term.backend_mut();
        execute!(out, EnterAlternateScreen, Hide)?;
        if self.mouse {
            execute!(out, EnableMouseCapture)?;
        }
        // The shell drew over the screen meanwhile.
        self.wipe()
    }
}

impl<W: Write> CrosstermScreen<W> {
    /// Clears the whole screen and forgets what was on it, so the next frame
    /// is painted whole: at start (the alternate screen may hold another
    /// program's text), on resume and on repaint. Never `Terminal::clear`:
    /// it asks the terminal where the cursor is, and the event reader can
    /// take the answer first, which ends the board after a two-second wait.
    pub fn wipe(&mut self) -> io::Result<()> {
        self.last = None;
        execute!(self.term.backend_mut(), terminal::Clear(ClearType::All))?;
        // Both of ratatui's buffers blank: the next frame is diffed against
        // an empty screen, which is what the terminal now shows.
        self.term.swap_buffers();
        Ok(())
    }
}

/// SIGTSTP to this process: the shell's job control takes over, and this
/// returns once the job is continued (`fg`, SIGCONT).
#[cfg(unix)]
fn stop_until_continued() {
    if let Err(e) = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP) {
        tracing::warn!("cannot suspend: {e}");
    }
}

#[cfg(not(unix))]
fn stop_until_continued() {}

/// A screen for tests: ratatui's `TestBackend`, counting draws.
pub struct TestScreen {
    pub term: Terminal<TestBackend>,
    pub draws: u64,
    pub mouse: bool,
}

impl TestScreen {
    pub fn new(w: u16, h: u16) -> io::Result<TestScreen> {
        let term = Terminal::new(TestBackend::new(w, h)).map_err(io::Error::other)?;
        Ok(TestScreen {
            term,
            draws: 0,
            mouse: false,
        })
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        let buf = self.term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = crate::ui::text::width(sym).saturating_sub(1);
                line.push_str(sym);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

impl Screen for TestScreen {
    fn draw(&mut self, m: &Model) -> io::Result<()> {
        self.draws += 1;
        self.term
            .draw(|f| view(m, f))
            .map(|_| ())
            .map_err(io::Error::other)
    }

    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        self.mouse = on;
        Ok(())
    }

    fn repaint(&mut self) -> io::Result<()> {
        self.term.clear().map_err(io::Error::other)
    }
}

/// Size of a backend, for the first model.
pub fn size_of<B: Backend>(t: &Terminal<B>) -> (u16, u16) {
    t.size().map(|s| (s.width, s.height)).unwrap_or((80, 24))
}
