//! The drafts of one account on disk: a directory per base URL and account
//! under the drafts directory, one file per edit, named by the run that
//! writes it (its session) and the edit's slot: `{session}.{slot}.json`.
//!
//! A run holds an exclusive lock on `{session}.lock` for as long as it
//! lives. At start, drafts of sessions whose lock nobody holds (runs that
//! ended, crashed or were killed) are taken over by renaming them into this
//! run's session (a rename only one run can win), then offered; drafts of
//! a run still going are never read, offered or removed by another.
//!
//! The single `draft.json` of older versions holds no account: the first
//! board that starts takes it over and its prompt says so.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::cache::account_key;
use super::disk::{private_file, sync_dir, write_atomic};
use crate::app::draft::{Draft, Found};

/// The draft file of versions that kept one draft for every account.
pub const LEGACY_FILE: &str = "draft.json";
/// Slots of drafts taken over at start; `old-` for one whose account is
/// unknown (the legacy file's).
const KEPT: &str = "kept-";
const OLD: &str = "old-";
/// A temporary file this old is a leftover of a crash.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// The drafts directory of `account` at `base_url` under `drafts_dir`.
pub fn account_dir(drafts_dir: &Path, base_url: &str, account: &str) -> PathBuf {
    drafts_dir.join(account_key(base_url, account))
}

/// One run's drafts of one account.
#[derive(Debug)]
pub struct Shelf {
    dir: PathBuf,
    session: String,
    /// An older version's single draft file, and whether it is known to be
    /// this account's.
    legacy: Option<(PathBuf, bool)>,
    /// Held while the run lives: its drafts are its own.
    lock: Option<File>,
}

/// A name no other run, in this process or another, has.
fn new_session() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{:x}-{:x}{:08x}-{n}",
        std::process::id(),
        t.as_secs(),
        t.subsec_nanos()
    )
}

/// A slot names a file: letters, digits and dashes only.
fn valid_slot(slot: &str) -> bool {
    !slot.is_empty() && slot.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `(session, slot)` of a draft file's name.
fn parse_name(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".json")?;
    if stem.starts_with('.') {
        return None;
    }
    let (session, slot) = stem.split_once('.')?;
    (valid_slot(session) && valid_slot(slot)).then_some((session, slot))
}

impl Shelf {
    /// This run's shelf in `dir`, locked. A directory that cannot be made
    /// or locked is logged: drafts then fail to be written, and say so.
    pub fn open(dir: PathBuf) -> Shelf {
        let session = new_session();
        let lock = match take_lock(&dir, &session) {
            Ok(f) => Some(f),
            Err(e) => {
                tracing::warn!("drafts in {} not locked: {e}", dir.display());
                None
            }
        };
        Shelf {
            dir,
            session,
            legacy: None,
            lock,
        }
    }

    /// Looks for an older version's single draft at `path`; `known` when
    /// that file can only be this account's.
    pub fn with_legacy(mut self, path: PathBuf, known: bool) -> Shelf {
        self.legacy = Some((path, known));
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, slot: &str) -> io::Result<PathBuf> {
        if !valid_slot(slot) {
            return Err(io::Error::other(format!("no such draft: {slot:?}")));
        }
        Ok(self.dir.join(format!("{}.{slot}.json", self.session)))
    }

    /// Writes `d` as its edit's draft, replacing the one before atomically.
    pub fn save(&self, d: &Draft) -> io::Result<()> {
        let path = self.path(&d.id)?;
        let json = serde_json::to_vec_pretty(d).map_err(io::Error::other)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        write_atomic(&self.dir, name, &json)
    }

    /// Forgets the draft of one edit; none there is fine.
    pub fn remove(&self, slot: &str) -> io::Result<()> {
        match fs::remove_file(self.path(slot)?) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => sync_dir(&self.dir).or_else(|e| match e.kind() {
                io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            }),
        }
    }

    /// The drafts of runs that ended, oldest first. With `take`, each is
    /// renamed into this run first (so no other run offers it meanwhile)
    /// and its slot is what this run removes; without (a read-only board,
    /// which cannot restore them), they are only read. Files that cannot be
    /// read are reported and left where they are.
    pub fn found(&self, take: bool) -> Found {
        let mut found = Found::default();
        let mut n = 0;
        let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
        let entries = match fs::read_dir(&self.dir) {
            Ok(d) => d
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                found.errors.push(format!(
                    "unsaved edits in {} could not be listed ({e})",
                    self.dir.display()
                ));
                Vec::new()
            }
        };
        let mut dead = Vec::new();
        for name in &entries {
            if let Some(session) = name.strip_suffix(".lock")
                && session != self.session
                && valid_slot(session)
                && !alive(&self.dir, session)
            {
                dead.push(session.to_string());
            }
        }
        for name in &entries {
            let Some((session, slot)) = parse_name(name) else {
                continue;
            };
            if session == self.session || alive(&self.dir, session) {
                continue;
            }
            candidates.push((self.dir.join(name), slot.starts_with(OLD)));
        }
        if let Some((path, known)) = &self.legacy {
            candidates.push((path.clone(), !known));
        }
        for (path, unknown) in candidates {
            let Some(mut d) = read(&path, &mut found.errors) else {
                continue;
            };
            d.account_unknown = unknown;
            if take {
                // The session is this run's alone: no other file has the name.
                let slot = format!("{}{n}", if unknown { OLD } else { KEPT });
                n += 1;
                let to = self.dir.join(format!("{}.{slot}.json", self.session));
                match fs::create_dir_all(&self.dir).and_then(|()| fs::rename(&path, &to)) {
                    Ok(()) => d.id = slot,
                    // Another board starting took it first.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        found.errors.push(format!(
                            "the unsaved edit in {} could not be taken over ({e}); it is left there",
                            path.display()
                        ));
                        continue;
                    }
                }
            }
            found.drafts.push(d);
        }
        if take {
            let _ = sync_dir(&self.dir);
            self.sweep(&entries, &dead);
        }
        found.drafts.sort_by_key(|d| d.at);
        found
    }

    /// Locks of runs that ended, and temporary files a crash left (an
    /// hour old: a board starting now may be writing its own).
    fn sweep(&self, entries: &[String], dead: &[String]) {
        let now = std::time::SystemTime::now();
        for name in entries {
            let path = self.dir.join(name);
            let stale = match name.strip_suffix(".lock") {
                Some(s) => dead.iter().any(|d| d == s),
                None => {
                    name.starts_with('.')
                        && name.ends_with(".tmp")
                        && fs::metadata(&path)
                            .and_then(|m| m.modified())
                            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_TEMP)
                }
            };
            if stale {
                let _ = fs::remove_file(path);
            }
        }
    }
}

impl Drop for Shelf {
    /// The lock file goes with the run; its drafts stay for the next.
    fn drop(&mut self) {
        if self.lock.take().is_some() {
            let _ = fs::remove_file(self.dir.join(format!("{}.lock", self.session)));
        }
    }
}

/// `{session}.lock`, locked before it has its name: no other run ever sees
/// it unlocked while this one lives.
fn take_lock(dir: &Path, session: &str) -> io::Result<File> {
    fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".{session}.lock.tmp"));
    let r = private_file(&temp).and_then(|f| {
        f.try_lock().map_err(io::Error::other)?;
        fs::rename(&temp, dir.join(format!("{session}.lock")))?;
        Ok(f)
    });
    if r.is_err() {
        let _ = fs::remove_file(&temp);
    }
    r
}

/// Whether the run `session` still lives (holds its lock). In doubt, it
/// does: its drafts are left alone.
fn alive(dir: &Path, session: &str) -> bool {
    let f = match File::open(dir.join(format!("{session}.lock"))) {
        Ok(f) => f,
        Err(e) => return e.kind() != io::ErrorKind::NotFound,
    };
    match f.try_lock() {
        Ok(()) => false,
        Err(fs::TryLockError::WouldBlock) => true,
        Err(fs::TryLockError::Error(_)) => true,
    }
}

/// A draft file, or why it cannot be read (then it is left there).
fn read(path: &Path, errors: &mut Vec<String>) -> Option<Draft> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            errors.push(format!(
                "the unsaved edit in {} could not be read ({e}); it is left there",
                path.display()
            ));
            return None;
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(format!(
                "the unsaved edit in {} is damaged ({e}); it is left there",
                path.display()
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests;
