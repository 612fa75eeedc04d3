//! The draft journal on disk: one JSON file in the data directory, replaced
//! atomically (temp file in the same directory, fsync, rename), so a crash,
//! SIGKILL or dropped session leaves either the old draft or the new one,
//! never half of one. It holds what was typed and never the token.
//!
//! Writes run in order on one worker thread: the event loop never waits on
//! the disk, and a `RemoveDraft` cannot overtake the `SaveDraft` before it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;
use tokio::sync::mpsc;

use super::cache::DiskCache;
use super::effects::Effects;
use crate::app::draft::Draft;
use crate::app::msg::{ApiCmd, Msg, StoreCmd};

/// The journal's file in its directory.
pub const DRAFT_FILE: &str = "draft.json";
/// Where a draft is written before it replaces [`DRAFT_FILE`].
const TEMP_FILE: &str = ".draft.json.tmp";

/// The directory of the draft journal under the data directory.
pub fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

/// Writes `d` as the journal's draft, replacing the one before atomically.
pub fn save_draft(dir: &Path, d: &Draft) -> io::Result<()> {
    let temp = write_temp(dir, d)?;
    fs::rename(&temp, dir.join(DRAFT_FILE))?;
    sync_dir(dir)
}

/// The first half of [`save_draft`]: the whole draft, synced, under the
/// temporary name. Until the rename, the journal's file is the old one.
fn write_temp(dir: &Path, d: &Draft) -> io::Result<PathBuf> {
    let json = serde_json::to_vec_pretty(d).map_err(io::Error::other)?;
    write_synced(dir, TEMP_FILE, &json)
}

/// `bytes` under `temp` in `dir` (created if need be), private and synced.
fn write_synced(dir: &Path, temp: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let temp = dir.join(temp);
    let mut f = private_file(&temp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(temp)
}

/// Replaces `dir/name` with `bytes` atomically (temp file, fsync, rename,
/// directory synced): a crash leaves the old file or the new, never half.
/// The file is readable by its owner only.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let temp = write_synced(dir, &format!(".{name}.tmp"), bytes)?;
    fs::rename(&temp, dir.join(name))?;
    sync_dir(dir)
}

/// A new file only its owner can read: a draft holds customer notes.
fn private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Makes the rename itself durable (the directory's entry).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Forgets the journal's draft; none there is fine.
pub fn remove_draft(dir: &Path) -> io::Result<()> {
    for name in [DRAFT_FILE, TEMP_FILE] {
        match fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    sync_dir(dir).or_else(|e| match e.kind() {
        io::ErrorKind::NotFound => Ok(()),
        _ => Err(e),
    })
}

/// The draft left by an earlier run, for the restore prompt at start-up.
/// `Ok(None)` when there is none; a file that cannot be read is reported
/// and left where it is for the user.
pub fn load_draft(dir: &Path) -> Result<Option<Draft>, String> {
    let path = dir.join(DRAFT_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "the unsaved edit in {} could not be read ({e}); it is left there",
                path.display()
            ));
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        format!(
            "the unsaved edit in {} is damaged ({e}); it is left there",
            path.display()
        )
    })
}

/// Runs storage commands in order on a thread of their own.
pub struct DraftJournal {
    tx: Option<std_mpsc::Sender<StoreCmd>>,
    worker: Option<JoinHandle<()>>,
}

impl DraftJournal {
    /// A journal in `dir` (created on the first write).
    pub fn start(dir: PathBuf) -> DraftJournal {
        DraftJournal::with_cache(dir, None)
    }

    /// A journal that also writes the disk cache (`None`: cache writes are
    /// dropped, as with `--no-cache`).
    pub fn with_cache(dir: PathBuf, cache: Option<DiskCache>) -> DraftJournal {
        let (tx, rx) = std_mpsc::channel::<StoreCmd>();
        let worker = std::thread::Builder::new()
            .name("draft-journal".into())
            .spawn(move || {
                for cmd in rx {
                    match (&cmd, &cache) {
                        (StoreCmd::Cache(c), Some(cache)) => cache.run(c),
                        (StoreCmd::Cache(_), None) => {}
                        _ => run(&dir, cmd),
                    }
                }
            })
            .map_err(|e| tracing::warn!("draft journal not started: {e}"))
            .ok();
        DraftJournal {
            tx: worker.is_some().then_some(tx),
            worker,
        }
    }

    pub fn run(&self, cmd: StoreCmd) {
        if let Some(tx) = &self.tx {
            // The worker only ends when this sender is dropped.
            let _ = tx.send(cmd);
        }
    }
}

/// One command; a failure is logged (without the draft's text) and the
/// board goes on.
fn run(dir: &Path, cmd: StoreCmd) {
    let (what, r) = match &cmd {
        // The state file keeps its own place and log line.
        StoreCmd::SaveState(s) => return super::state::write(s),
        StoreCmd::SaveDraft(d) => ("write", save_draft(dir, d)),
        StoreCmd::RemoveDraft => ("remove", remove_draft(dir)),
        // Run by the journal's cache (see `DraftJournal::with_cache`).
        StoreCmd::Cache(_) => return,
    };
    if let Err(e) = r {
        tracing::warn!("could not {what} the draft in {}: {e}", dir.display());
    }
}

impl Drop for DraftJournal {
    /// Finishes what was asked before leaving: a draft removed after a
    /// save must not come back at the next start.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// The board's effects: the API's, and the draft journal for storage.
pub struct WithJournal<E> {
    pub api: E,
    pub journal: DraftJournal,
}

impl<E: Effects> Effects for WithJournal<E> {
    fn run(&self, cmd: ApiCmd, tx: mpsc::UnboundedSender<Msg>) {
        self.api.run(cmd, tx);
    }

    fn store(&self, cmd: StoreCmd) {
        self.journal.run(cmd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    use crate::testdir::TempDir as Dir;

    fn draft(text: &str) -> Draft {
        Draft {
            task_id: Some(2357911),
            title: "Roof survey".into(),
            description: text.into(),
            date: "2026-11-27".into(),
            start: "9:30".into(),
            end: "1h30".into(),
            employee_ids: vec![846787],
            base_updated_at: None,
            at: Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap(),
        }
    }

    #[test]
    fn load_after_save_gives_the_same_draft_and_remove_deletes_it() {
        let dir = Dir::new("drafts");
        assert_eq!(load_draft(&dir.0), Ok(None), "none yet");
        save_draft(&dir.0, &draft("first")).unwrap();
        save_draft(&dir.0, &draft("second")).unwrap();
        assert_eq!(load_draft(&dir.0), Ok(Some(draft("second"))));
        let names: Vec<String> = fs::read_dir(&dir.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [DRAFT_FILE], "no temp file left");
        remove_draft(&dir.0).unwrap();
        assert_eq!(load_draft(&dir.0), Ok(None));
        remove_draft(&dir.0).unwrap();
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_draft_whole() {
        let dir = Dir::new("drafts");
        save_draft(&dir.0, &draft("old")).unwrap();
        // The new draft is written and synced, then the process dies.
        let temp = write_temp(&dir.0, &draft("new, never renamed")).unwrap();
        assert!(temp.exists());
        assert_eq!(load_draft(&dir.0), Ok(Some(draft("old"))));
        // The next save replaces the leftover temp file.
        save_draft(&dir.0, &draft("newer")).unwrap();
        assert_eq!(load_draft(&dir.0), Ok(Some(draft("newer"))));
        assert!(!temp.exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_draft_is_readable_by_its_owner_only_and_holds_no_token() {
        use std::os::unix::fs::PermissionsExt;
        let dir = Dir::new("drafts");
        save_draft(&dir.0, &draft("x")).unwrap();
        let path = dir.0.join(DRAFT_FILE);
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
        let v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "at",
                "base_updated_at",
                "date",
                "description",
                "employee_ids",
                "end",
                "start",
                "task_id",
                "title"
            ]
        );
    }

    #[test]
    fn a_damaged_draft_is_reported_and_left_for_the_user() {
        let dir = Dir::new("drafts");
        fs::create_dir_all(&dir.0).unwrap();
        let path = dir.0.join(DRAFT_FILE);
        fs::write(&path, b"{\"task_id\": 23579").unwrap();
        let e = load_draft(&dir.0).unwrap_err();
        assert!(
            e.contains("is damaged") && e.contains("it is left there"),
            "{e}"
        );
        assert!(e.contains(&path.display().to_string()));
        assert_eq!(fs::read(&path).unwrap(), b"{\"task_id\": 23579");
    }

    struct NoApi;

    impl Effects for NoApi {
        fn run(&self, _: ApiCmd, _: mpsc::UnboundedSender<Msg>) {}
    }

    #[test]
    fn the_journal_runs_commands_in_order_and_finishes_before_it_goes() {
        let dir = Dir::new("drafts");
        let board = WithJournal {
            api: NoApi,
            journal: DraftJournal::start(dir.0.clone()),
        };
        let fx: &dyn Effects = &board;
        for i in 0..20 {
            fx.store(StoreCmd::SaveDraft(draft(&format!("typed {i}"))));
        }
        drop(board);
        assert_eq!(load_draft(&dir.0), Ok(Some(draft("typed 19"))));
        let board = WithJournal {
            api: NoApi,
            journal: DraftJournal::start(dir.0.clone()),
        };
        let fx: &dyn Effects = &board;
        fx.store(StoreCmd::SaveDraft(draft("last")));
        fx.store(StoreCmd::RemoveDraft);
        drop(board);
        assert_eq!(load_draft(&dir.0), Ok(None));
    }
}
