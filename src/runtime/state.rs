//! The state file: read once at launch, written whole (temp file, fsync,
//! rename) when the view changes, so a crash leaves the old file or the new.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::cache::account_key;
use crate::app::state::{SaveState, SavedState};

/// The single file of older versions, shared by every account and the demo.
pub const FILE_NAME: &str = "state.toml";
/// The directory of the state files, one per account and profile.
const SUBDIR: &str = "state";

/// Whose view, filter and theme a state file holds.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    /// The demo: its simulator's address changes every run, and what is
    /// tried there must never change a real board.
    Demo,
    /// An account, named as the offline cache names it.
    Account { base_url: &'a str, account: &'a str },
}

/// The state file of `owner` under `profile` in the data directory.
pub fn path(data_dir: &Path, owner: Owner, profile: Option<&str>) -> PathBuf {
    let mut name = match owner {
        Owner::Demo => "demo".to_string(),
        Owner::Account { base_url, account } => account_key(base_url, account),
    };
    if let Some(p) = profile {
        // Hashed like an account, so two profiles never share a name.
        name.push_str(&format!(".profile-{}", account_key("profile", p)));
    }
    data_dir.join(SUBDIR).join(format!("{name}.toml"))
}

/// What `owner` remembered: its own file; an account that has none yet
/// takes over what older versions kept in the shared file (read, never
/// written again). The demo never reads it.
pub fn load_for(data_dir: &Path, owner: Owner, profile: Option<&str>) -> (PathBuf, SavedState) {
    let own = path(data_dir, owner, profile);
    let saved = match owner {
        Owner::Account { .. } if !own.exists() => load(&data_dir.join(FILE_NAME)),
        _ => load(&own),
    };
    (own, saved)
}

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

    fn themed(theme: crate::app::look::ThemeName) -> SavedState {
        SavedState {
            view: BoardView::Week,
            theme: Some(theme),
            ..SavedState::default()
        }
    }

    #[test]
    fn each_account_profile_and_the_demo_keep_a_state_of_their_own() {
        use crate::app::look::ThemeName;
        let home = crate::testdir::TempDir::new("state-owners");
        let data = home.0.join("data");
        let acme = Owner::Account {
            base_url: "https://app.kickserv.com",
            account: "acme",
        };
        let other = Owner::Account {
            base_url: "https://app.kickserv.com",
            account: "northwind",
        };
        let acme_elsewhere = Owner::Account {
            base_url: "https://staging.example.com",
            account: "acme",
        };
        // A theme and view picked in the demo.
        let (demo_file, before) = load_for(&data, Owner::Demo, None);
        assert_eq!(before, SavedState::default());
        save(&demo_file, &themed(ThemeName::Light)).unwrap();
        // Picked on one account (and under a profile of it).
        let (acme_file, seen) = load_for(&data, acme, None);
        assert_eq!(
            seen,
            SavedState::default(),
            "the demo's choice is not acme's"
        );
        save(&acme_file, &themed(ThemeName::Dark)).unwrap();
        let (work_file, seen) = load_for(&data, acme, Some("work"));
        assert_eq!(seen, SavedState::default(), "a profile keeps its own");
        save(&work_file, &themed(ThemeName::HighContrast)).unwrap();

        for owner in [other, acme_elsewhere] {
            assert_eq!(load_for(&data, owner, None).1, SavedState::default());
        }
        assert_eq!(load_for(&data, acme, Some("home")).1, SavedState::default());
        assert_eq!(
            load_for(&data, Owner::Demo, None).1,
            themed(ThemeName::Light)
        );
        assert_eq!(load_for(&data, acme, None).1, themed(ThemeName::Dark));
        assert_eq!(
            load_for(&data, acme, Some("work")).1,
            themed(ThemeName::HighContrast)
        );
        assert!(
            !data.join(FILE_NAME).exists(),
            "the shared file is not written"
        );
    }

    #[test]
    fn an_account_takes_over_the_shared_file_of_older_versions_and_the_demo_does_not() {
        use crate::app::look::ThemeName;
        let home = crate::testdir::TempDir::new("state-legacy");
        let data = home.0.join("data");
        save(&data.join(FILE_NAME), &themed(ThemeName::Light)).unwrap();
        let acme = Owner::Account {
            base_url: "https://app.kickserv.com",
            account: "acme",
        };
        let (file, seen) = load_for(&data, acme, None);
        assert_eq!(seen, themed(ThemeName::Light));
        assert_eq!(load_for(&data, Owner::Demo, None).1, SavedState::default());
        // Once the account has its own, the shared file is not read.
        save(&file, &themed(ThemeName::Dark)).unwrap();
        assert_eq!(load_for(&data, acme, None).1, themed(ThemeName::Dark));
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
