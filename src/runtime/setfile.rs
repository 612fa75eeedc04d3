//! Writes a saved set into the config file: read, add the set (see
//! `config::sets::with_set`, which leaves every other line alone), and
//! replace the file atomically, so a failure leaves the file as it was.

use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::config::sets::{SetEntry, with_set};

/// Adds set `name` to `file`'s `[filters]` (making the file if there is
/// none); the file's path, or why not.
pub fn add_set(file: &Path, name: &str, entries: &[SetEntry]) -> Result<String, String> {
    let shown = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{shown}: cannot read it: {e}")),
    };
    let out = with_set(&text, name, entries).map_err(|e| format!("{shown}: {e}"))?;
    let written = (|| -> std::io::Result<()> {
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension("toml.set-tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(out.as_bytes())?;
            f.sync_all()?;
        }
        // Keep the file's permissions (it may sit beside a token file).
        if let Ok(meta) = std::fs::metadata(file) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    })();
    written.map_err(|e| format!("{shown}: {e}"))?;
    tracing::info!("saved set {name:?} written to {shown}");
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdir::TempDir;

    #[test]
    fn a_set_is_added_keeping_the_rest_and_a_second_of_that_name_is_refused() {
        let dir = TempDir::new("setfile");
        std::fs::create_dir_all(&dir.0).unwrap();
        let file = dir.0.join("config.toml");
        std::fs::write(&file, "# mine\npoll = 30\n").unwrap();
        let entries = [SetEntry::Name("Ana Gómez".into())];
        add_set(&file, "north", &entries).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "# mine\npoll = 30\n\n[filters]\nnorth = [\"Ana Gómez\"]\n"
        );
        let e = add_set(&file, "north", &entries).unwrap_err();
        assert!(e.contains("already has a set"), "{e}");
        // A file not there yet is made.
        let new = dir.0.join("sub").join("config.toml");
        add_set(&new, "south", &entries).unwrap();
        assert!(
            std::fs::read_to_string(&new)
                .unwrap()
                .contains("south = [\"Ana Gómez\"]")
        );
    }
}
