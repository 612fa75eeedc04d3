//! Atomic writes to the local disk: a temp file with a name no other
//! process or write uses, fsync, rename. A leaf: the cache, the drafts and
//! the journal all write through it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary name for `name` that no other write uses, in this process
/// or another: two boards on one home never write over each other's.
pub(crate) fn temp_name(name: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!(".{name}.{}-{n}.tmp", std::process::id())
}

/// Replaces `dir/name` with `bytes` atomically (temp file, fsync, rename,
/// directory synced): a crash leaves the old file or the new, never half,
/// and a failed write leaves no temporary file behind. The file is
/// readable by its owner only.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(dir, name, bytes, |f, b| f.write_all(b))
}

/// [`write_atomic`] with the write itself given (tests fill a disk).
pub(crate) fn write_atomic_with(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let temp = dir.join(temp_name(name));
    let r = private_file(&temp).and_then(|mut f| {
        write(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&temp, dir.join(name))
    });
    if let Err(e) = r {
        // Half a file is worth nothing and takes the space a retry needs.
        if let Err(gone) = fs::remove_file(&temp)
            && gone.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!("temporary file {} not removed: {gone}", temp.display());
        }
        return Err(e);
    }
    sync_dir(dir)
}

/// A new file only its owner can read: a draft holds customer notes.
pub(crate) fn private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Makes a rename or removal itself durable (the directory's entry).
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
