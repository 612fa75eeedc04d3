//! Local storage off the event loop: the journal that runs storage
//! commands in order on a thread of its own, so the event loop never waits
//! on the disk and a `RemoveDraft` cannot overtake the
//! `SaveDraft` before it. A write that fails is reported back as a `Msg`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;
use tokio::sync::mpsc;

use super::cache::DiskCache;
use super::drafts::Shelf;
use super::effects::Effects;
use crate::app::msg::{ApiCmd, Msg, StoreCmd};

/// The directory of the draft journals under the data directory.
pub fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

/// Runs storage commands in order on a thread of their own.
pub struct DraftJournal {
    tx: Option<std_mpsc::Sender<StoreCmd>>,
    worker: Option<JoinHandle<()>>,
}

impl DraftJournal {
    /// A journal that keeps drafts on `shelf` and writes the disk cache
    /// (`None`: cache writes are dropped, as with `--no-cache`). A draft
    /// that cannot be written is reported to `report` as
    /// `Msg::DraftStored`, and so is the next one of that edit written.
    pub fn start(
        shelf: Shelf,
        cache: Option<DiskCache>,
        report: Option<mpsc::UnboundedSender<Msg>>,
    ) -> DraftJournal {
        let (tx, rx) = std_mpsc::channel::<StoreCmd>();
        let worker = std::thread::Builder::new()
            .name("draft-journal".into())
            .spawn(move || {
                let mut failing = HashSet::new();
                for cmd in rx {
                    run(&shelf, cache.as_ref(), cmd, &mut failing, report.as_ref());
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

/// One command. A draft not written is logged (without its text) and
/// reported: the form says so while it is open; `failing` holds the
/// drafts whose last write failed, so their next good write is reported
/// too and the rest cost no message.
fn run(
    shelf: &Shelf,
    cache: Option<&DiskCache>,
    cmd: StoreCmd,
    failing: &mut HashSet<String>,
    report: Option<&mpsc::UnboundedSender<Msg>>,
) {
    match cmd {
        // The state file keeps its own place and log line.
        StoreCmd::SaveState(s) => super::state::write(&s),
        StoreCmd::Cache(c) => {
            if let Some(cache) = cache {
                cache.run(&c);
            }
        }
        StoreCmd::SaveDraft(d) => {
            let result = shelf.save(&d).map_err(|e| {
                tracing::warn!(
                    "could not write the draft {} in {}: {e}",
                    d.id,
                    shelf.dir().display()
                );
                e.to_string()
            });
            let tell = match &result {
                Ok(()) => failing.remove(&d.id),
                Err(_) => {
                    failing.insert(d.id.clone());
                    true
                }
            };
            if tell && let Some(tx) = report {
                let _ = tx.send(Msg::DraftStored { id: d.id, result });
            }
        }
        StoreCmd::SaveSet {
            file,
            name,
            entries,
        } => {
            let result = super::setfile::add_set(&file, &name, &entries);
            if let Err(e) = &result {
                tracing::warn!("saved set {name:?} not written: {e}");
            }
            if let Some(tx) = report {
                let _ = tx.send(Msg::SetSaved { name, result });
            }
        }
        StoreCmd::RemoveDraft(id) => {
            failing.remove(&id);
            if let Err(e) = shelf.remove(&id) {
                tracing::warn!(
                    "could not remove the draft {id} in {}: {e}",
                    shelf.dir().display()
                );
            }
        }
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
    use super::super::disk::*;
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::fs;
    use std::io::{self, Write};

    use crate::app::draft::Draft;
    use crate::testdir::TempDir as Dir;

    use crate::testdir::names;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = Dir::new("atomic");
        write_atomic(&dir.0, "a.json", b"first").unwrap();
        write_atomic(&dir.0, "a.json", b"second").unwrap();
        assert_eq!(fs::read(dir.0.join("a.json")).unwrap(), b"second");
        assert_eq!(names(&dir.0), ["a.json"]);
    }

    #[test]
    fn temporary_names_differ_for_every_write_and_process() {
        let (a, b) = (temp_name("a.json"), temp_name("a.json"));
        assert_ne!(a, b);
        assert!(a.contains(&format!(".{}-", std::process::id())), "{a}");
        assert!(a.starts_with(".a.json.") && a.ends_with(".tmp"), "{a}");
    }

    #[test]
    fn a_disk_full_half_way_leaves_the_old_file_and_no_temporary_file() {
        let dir = Dir::new("atomic");
        write_atomic(&dir.0, "a.json", b"old and whole").unwrap();
        let e = write_atomic_with(&dir.0, "a.json", b"new and longer", |f, b| {
            f.write_all(&b[..4])?;
            Err(io::Error::from(io::ErrorKind::StorageFull))
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read(dir.0.join("a.json")).unwrap(), b"old and whole");
        assert_eq!(names(&dir.0), ["a.json"], "no half-written file left");
    }

    #[test]
    fn a_rename_that_fails_leaves_no_temporary_file() {
        let dir = Dir::new("atomic");
        // A directory (not empty) where the file goes: the rename fails.
        fs::create_dir_all(dir.0.join("a.json").join("x")).unwrap();
        assert!(write_atomic(&dir.0, "a.json", b"x").is_err());
        assert_eq!(names(&dir.0), ["a.json"]);
        assert!(dir.0.join("a.json").is_dir());
    }

    fn draft(id: &str, text: &str) -> Draft {
        Draft {
            id: id.into(),
            task_id: Some(2357911),
            title: "Roof survey".into(),
            description: text.into(),
            at: Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap(),
            ..Draft::default()
        }
    }

    struct NoApi;

    impl Effects for NoApi {
        fn run(&self, _: ApiCmd, _: mpsc::UnboundedSender<Msg>) {}
    }

    /// What a run that starts after the others ended finds.
    fn found_later(dir: &Path) -> Vec<(String, String)> {
        Shelf::open(dir.to_path_buf())
            .found(false)
            .drafts
            .into_iter()
            .map(|d| (d.description, d.title))
            .collect()
    }

    #[test]
    fn the_journal_runs_commands_in_order_and_finishes_before_it_goes() {
        let dir = Dir::new("drafts");
        let board = WithJournal {
            api: NoApi,
            journal: DraftJournal::start(Shelf::open(dir.0.clone()), None, None),
        };
        let fx: &dyn Effects = &board;
        for i in 0..20 {
            fx.store(StoreCmd::SaveDraft(draft("task-1", &format!("typed {i}"))));
        }
        fx.store(StoreCmd::SaveDraft(draft("task-2", "last")));
        fx.store(StoreCmd::RemoveDraft("task-2".into()));
        drop(board);
        assert_eq!(
            found_later(&dir.0),
            [("typed 19".to_string(), "Roof survey".to_string())]
        );
    }

    #[test]
    fn a_draft_not_written_is_reported_back_and_so_is_its_next_good_write() {
        let home = Dir::new("drafts");
        fs::create_dir_all(&home.0).unwrap();
        // The drafts' directory cannot be made: its parent is a file
        // (permission bits would not stop root).
        let blocker = home.0.join("data");
        fs::write(&blocker, b"not a directory").unwrap();
        let dir = blocker.join("drafts");
        let (tx, mut rx) = mpsc::unbounded_channel();
        let journal = DraftJournal::start(Shelf::open(dir.clone()), None, Some(tx));
        journal.run(StoreCmd::SaveDraft(draft("task-1", "a")));
        journal.run(StoreCmd::SaveDraft(draft("task-2", "b")));
        let mut got = Vec::new();
        while got.len() < 2 {
            match rx.blocking_recv() {
                Some(Msg::DraftStored { id, result }) => got.push((id, result.is_ok())),
                Some(other) => panic!("{other:?}"),
                None => break,
            }
        }
        assert_eq!(got, [("task-1".into(), false), ("task-2".into(), false)]);
        // The disk is back: the next write of task-1 says so; more good
        // writes are no news.
        fs::remove_file(&blocker).unwrap();
        journal.run(StoreCmd::SaveDraft(draft("task-1", "a again")));
        journal.run(StoreCmd::SaveDraft(draft("task-1", "a once more")));
        drop(journal);
        let mut after = Vec::new();
        while let Ok(m) = rx.try_recv() {
            if let Msg::DraftStored { id, result } = m {
                after.push((id, result.is_ok()));
            }
        }
        assert_eq!(
            after,
            [("task-1".to_string(), true)],
            "one word of the good write"
        );
        assert_eq!(
            found_later(&dir),
            [("a once more".to_string(), "Roof survey".to_string())]
        );
    }
}
