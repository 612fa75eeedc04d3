//! The state file: read once at launch, written whole (temp file, fsync,
//! rename) when the view changes, so a crash leaves the old file or the new.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::app::state::{SaveState, SavedState};

/// The file's name in the data directory.
pub const FILE_NAME: &str = "state.toml";

/// What was remembered; a missing file means nothing, and an unreadable or
/// corrupt one is logged and ignored.
pub fn load(path: &Path) -> SavedState {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return SavedState::default(),
        Err(e) => {
            tracing::warn!("state file {} unreadable, ignored: {e}", path.display());
            return SavedState::default();
        }
    };
    SavedState::parse(&text).unwrap_or_else(|e| {
        tracing::warn!("state file {} ignored: {e}", path.display());
        SavedState::default()
    })
}

/// Writes the state atomically.
pub fn save(path: &Path, state: &SavedState) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("toml.tmp");
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(state.to_text().as_bytes())?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)
}

/// Runs a save (on the storage executor's thread); a failure is logged
/// and the board goes on.
pub fn write(cmd: &SaveState) {
    if let Err(e) = save(&cmd.path, &cmd.state) {
        tracing::warn!("state file {} not written: {e}", cmd.path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::BoardView;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("kickdesk-state-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn a_saved_state_loads_back_and_leaves_no_temp_file() {
        let d = dir("roundtrip");
        let path = d.join("sub").join(FILE_NAME);
        assert_eq!(load(&path), SavedState::default());
        let s = SavedState {
            view: BoardView::Timeline,
            employees: Some(crate::app::empfilter::EmployeeFilter {
                ids: vec![4],
                unassigned: false,
            }),
            palette_history: vec!["log".into()],
            theme: Some(crate::app::look::ThemeName::Light),
        };
        save(&path, &s).unwrap();
        assert_eq!(load(&path), s);
        let names: Vec<_> = fs::read_dir(d.join("sub")).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_corrupt_state_file_is_ignored() {
        let d = dir("corrupt");
        fs::create_dir_all(&d).unwrap();
        let path = d.join(FILE_NAME);
        fs::write(&path, b"view = [\xff\xfe").unwrap();
        assert_eq!(load(&path), SavedState::default());
        fs::write(&path, "view = \"nonsense\"").unwrap();
        assert_eq!(load(&path), SavedState::default());
        let _ = fs::remove_dir_all(&d);
    }
}
