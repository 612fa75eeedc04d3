//! The log file: written by a thread of its own, capped in size.
//!
//! A board runs for weeks on a wall screen, so the log may neither fill a
//! disk nor stall a frame when the disk is slow. Each line is handed to a
//! writer thread through a bounded channel; when the channel is full (the
//! disk does not keep up) the line is dropped and counted, never waited
//! for. The file is rotated once when it would pass its cap (`kickdesk.log`
//! becomes `kickdesk.log.1`, replacing the older one), so the log never
//! takes more than twice the cap on disk.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Bytes one log file may hold before it is rotated.
pub const FILE_CAP: u64 = 2 * 1024 * 1024;
/// Lines waiting for the disk before new ones are dropped.
pub const QUEUE: usize = 1024;
/// How long the end of the process waits for queued lines to reach the disk.
const FLUSH_WAIT: Duration = Duration::from_millis(500);

/// Where the writer thread puts lines: the capped file, or a test's sink.
pub trait Sink: Send + 'static {
    fn put(&mut self, line: &[u8]);
}

/// The handle the formatter writes through; cheap to clone.
#[derive(Clone)]
pub struct LogWriter {
    tx: SyncSender<Vec<u8>>,
    dropped: Arc<AtomicU64>,
}

/// Ends the writer thread when dropped, after the queued lines are written
/// (waiting at most [`FLUSH_WAIT`]: a hung disk must not hold up an exit).
pub struct Guard {
    tx: Option<SyncSender<Vec<u8>>>,
    done: Receiver<()>,
}

impl Guard {
    /// Stops the writer thread once the queued lines are written, waiting
    /// at most `wait` for them.
    pub fn close(mut self, wait: Duration) {
        self.stop(wait);
    }

    fn stop(&mut self, wait: Duration) {
        let Some(tx) = self.tx.take() else {
            return;
        };
        // The thread ends at an empty line (the formatter's sender lives on
        // in the global subscriber, so the channel never closes by itself).
        let until = Instant::now() + wait;
        loop {
            match tx.try_send(Vec::new()) {
                Err(TrySendError::Full(_)) if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                _ => break,
            }
        }
        let _ = self
            .done
            .recv_timeout(until.saturating_duration_since(Instant::now()));
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.stop(FLUSH_WAIT);
    }
}

impl LogWriter {
    /// Starts the writer thread over `sink`, with room for `queue` lines.
    pub fn spawn(sink: impl Sink, queue: usize) -> io::Result<(LogWriter, Guard)> {
        let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(queue);
        let (done_tx, done) = mpsc::channel();
        let dropped = Arc::new(AtomicU64::new(0));
        let seen = dropped.clone();
        std::thread::Builder::new()
            .name("log".into())
            .spawn(move || {
                let mut sink = sink;
                let mut reported = 0;
                // An empty line is the guard's request to stop.
                while let Ok(line) = rx.recv() {
                    if line.is_empty() {
                        break;
                    }
                    let lost = seen.load(Ordering::Relaxed);
                    if lost > reported {
                        let note =
                            format!("{} log lines dropped: the disk was slow\n", lost - reported);
                        sink.put(note.as_bytes());
                        reported = lost;
                    }
                    sink.put(&line);
                }
                let _ = done_tx.send(());
            })?;
        let guard = Guard {
            tx: Some(tx.clone()),
            done,
        };
        Ok((LogWriter { tx, dropped }, guard))
    }

    /// Lines dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        match self.tx.try_send(buf.to_vec()) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            // The writer is gone (the process is ending): nothing to do.
            Err(TrySendError::Disconnected(_)) => {}
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> LogWriter {
        self.clone()
    }
}

/// A file that is rotated once when it would pass `cap` bytes.
pub struct CappedFile {
    path: PathBuf,
    cap: u64,
    file: Option<File>,
    len: u64,
}

impl CappedFile {
    pub fn open(path: &Path, cap: u64) -> io::Result<CappedFile> {
        let file = private_append(path)?;
        let len = file.metadata()?.len();
        Ok(CappedFile {
            path: path.to_path_buf(),
            cap,
            file: Some(file),
            len,
        })
    }

    /// The older file, `<name>.1`.
    pub fn rotated(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".1");
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file = None;
        std::fs::rename(&self.path, Self::rotated(&self.path))?;
        self.file = Some(private_append(&self.path)?);
        self.len = 0;
        Ok(())
    }
}

/// The log names accounts, ids and what Kickserv refused: the owner's only,
/// like the cache and the drafts. A file an older version left readable by
/// others is made private too.
fn private_append(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        o.mode(0o600);
        let file = o.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    o.open(path)
}

impl Sink for CappedFile {
    fn put(&mut self, line: &[u8]) {
        // A line longer than the cap is cut, so the cap holds for any line.
        let line = &line[..line.len().min(self.cap as usize)];
        if self.len + line.len() as u64 > self.cap && self.len > 0 && self.rotate().is_err() {
            // Cannot rotate (read-only directory, file gone): stop writing
            // rather than grow past the cap.
            self.file = None;
        }
        if let Some(f) = self.file.as_mut()
            && f.write_all(line).is_ok()
        {
            self.len += line.len() as u64;
        }
    }
}

/// Logs go to a file, never to the screen. Returns the guard that flushes
/// the log at the end of the process, or `None` when the file cannot be
/// opened (the board runs without a log then).
pub fn init(path: &Path) -> Option<Guard> {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = CappedFile::open(path, FILE_CAP).ok()?;
    let (writer, guard) = LogWriter::spawn(file, QUEUE).ok()?;
    // `Targets` ("info", "kickdesk=debug,warn") rather than EnvFilter:
    // the same directives a log level needs, without EnvFilter's regex
    // engine in the binary (docs/performance.md, "A lean build").
    let asked = std::env::var("KICKDESK_LOG").ok();
    let (filter, unread) = targets(asked.as_deref());
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish()
        .with(filter)
        .try_init()
        .ok()?;
    if let Some(bad) = unread {
        tracing::warn!(
            "KICKDESK_LOG={bad:?} is not a log filter (such as \"debug\" or \"kickdesk=debug,info\"); logging at info"
        );
    }
    Some(guard)
}

/// The filter `KICKDESK_LOG` asks for, or `info` and the value not understood.
fn targets(asked: Option<&str>) -> (Targets, Option<String>) {
    let info = || Targets::new().with_default(tracing::Level::INFO);
    match asked.map(str::trim) {
        None | Some("") => (info(), None),
        Some(s) => match s.parse::<Targets>() {
            Ok(t) => (t, None),
            Err(_) => (info(), Some(s.to_string())),
        },
    }
}

#[cfg(test)]
mod tests;
