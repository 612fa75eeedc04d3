//! Reading one config file: the top level, then the selected profile, laid
//! over the defaults; errors name the file and find their line in its text.

use super::file::{self, Settings};
use super::{Config, ConfigError, TokenSource};
use crate::app::keymap::{Keymap, KeysError, merge_keys, normalize_keys};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What the file's layers leave for the checks that span them.
#[derive(Default)]
struct FileLayers {
    /// `[keys]` of the top level and the profile, merged (canonical form).
    keys: Option<toml::Table>,
    /// The last key path that set day_start or day_end.
    day_key: Option<String>,
}

/// The file being read: errors name it and find their line in its text;
/// relative paths in it are relative to it.
pub(super) struct Source<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub home: Option<&'a Path>,
}

impl Source<'_> {
    fn err_at(
        &self,
        span: Option<Range<usize>>,
        key: Option<&str>,
        message: String,
    ) -> ConfigError {
        let mut e = ConfigError::new(Some(self.file), key, message);
        if let Some(span) = span {
            let (line, column) = file::line_col(self.text, span.start);
            e.line = Some(line);
            e.column = Some(column);
        }
        e
    }

    /// An error about the key at `path` (dotted), found again in the text.
    fn err(&self, path: &str, message: impl Into<String>) -> ConfigError {
        self.err_at(
            file::span_of(self.text, &split(path)),
            Some(path),
            message.into(),
        )
    }

    /// A bad `[keys]` table under `prefix`: the key names the table, the
    /// line is the action's entry when there is one.
    fn keys_err(&self, prefix: &str, e: KeysError) -> ConfigError {
        let table = format!("{prefix}{}", e.table());
        let entry = |table: &str| {
            let mut at = split(table);
            at.extend(e.action.as_deref());
            file::locate(self.text, &at)
        };
        let mut found = entry(&table);
        // The board's entries may be under [keys] or [keys.board].
        if e.context.is_none() && !found.as_ref().is_some_and(|(_, whole)| *whole) {
            let board = entry(&format!("{prefix}keys.board"));
            if board.as_ref().is_some_and(|(_, whole)| *whole) {
                found = board;
            }
        }
        self.err_at(found.map(|(span, _)| span), Some(&table), e.message)
    }

    /// Parses the file and lays the top level, then the selected profile,
    /// over `cfg`; then checks what spans them (working hours, keys).
    pub fn read(&self, profile: Option<&str>, cfg: &mut Config) -> Result<(), ConfigError> {
        let mut layers = FileLayers::default();
        self.read_layers(profile, cfg, &mut layers)?;
        if cfg.day_end <= cfg.day_start {
            let message = format!(
                "day_end ({}) must be after day_start ({})",
                cfg.day_end.format("%H:%M"),
                cfg.day_start.format("%H:%M")
            );
            let key = layers.day_key.as_deref().unwrap_or("day_end");
            return Err(self.err(key, message));
        }
        Ok(())
    }

    fn read_layers(
        &self,
        profile: Option<&str>,
        cfg: &mut Config,
        layers: &mut FileLayers,
    ) -> Result<(), ConfigError> {
        let top =
            file::parse(self.text).map_err(|e| self.err_at(e.span, e.key.as_deref(), e.message))?;
        let profiles = top.profiles.as_ref().map(|p| p.0.as_slice()).unwrap_or(&[]);
        if let Some((name, _)) = profiles.iter().find(|(_, p)| p.profiles.is_some()) {
            return Err(self.err(
                &format!("profiles.{name}.profiles"),
                "is not allowed inside a profile",
            ));
        }
        self.apply(&top, "", cfg, layers)?;
        let Some(name) = profile else {
            return Ok(());
        };
        match profiles.iter().find(|(n, _)| n == name) {
            Some((_, p)) => {
                self.apply(p, &format!("profiles.{name}."), cfg, layers)?;
                if let Some(keys) = layers.keys.take() {
                    // Each layer passed alone: a clash between the two
                    // involves the profile's `[keys]`.
                    let keys = Keymap::defaults()
                        .apply(&keys)
                        .map_err(|e| self.keys_err(&format!("profiles.{name}."), e))?;
                    cfg.keys = keys;
                }
                Ok(())
            }
            None => {
                let known: Vec<&str> = profiles.iter().map(|(n, _)| n.as_str()).collect();
                let known = if known.is_empty() {
                    "no profiles are defined".to_string()
                } else {
                    format!("defined: {}", known.join(", "))
                };
                Err(ConfigError::new(
                    Some(self.file),
                    None,
                    format!("unknown profile `{name}` ({known})"),
                ))
            }
        }
    }

    /// Lays one table's settings over `cfg`: whatever it sets wins. The
    /// values were checked when read; what is left are paths, which depend
    /// on the file's place, and `[keys]`, which the keymap checks.
    fn apply(
        &self,
        s: &Settings,
        prefix: &str,
        cfg: &mut Config,
        layers: &mut FileLayers,
    ) -> Result<(), ConfigError> {
        fn set<T: Clone>(to: &mut T, from: &Option<T>) {
            if let Some(v) = from {
                *to = v.clone();
            }
        }
        set(&mut cfg.base_url, &s.base_url);
        if s.account.is_some() {
            cfg.account.clone_from(&s.account);
        }
        // A layer that names a token source replaces the one below it as a
        // whole; given both, the command wins.
        let token_file = match &s.token_file {
            Some(f) => Some(self.path(&format!("{prefix}token_file"), f)?),
            None => None,
        };
        if let Some(c) = &s.token_command {
            cfg.token_source = TokenSource::Command(c.clone());
        } else if let Some(f) = token_file {
            cfg.token_source = TokenSource::File(f);
        }
        set(&mut cfg.token_command_timeout, &s.token_command_timeout);
        set(&mut cfg.read_only, &s.read_only);
        set(&mut cfg.monitor, &s.monitor);
        set(&mut cfg.color, &s.color);
        if s.theme.is_some() {
            cfg.theme.clone_from(&s.theme);
        }
        if s.tz.is_some() {
            cfg.tz = s.tz;
        }
        set(&mut cfg.poll, &s.poll);
        set(&mut cfg.day_start, &s.day_start);
        set(&mut cfg.day_end, &s.day_end);
        for (key, v) in [("day_start", &s.day_start), ("day_end", &s.day_end)] {
            if v.is_some() {
                layers.day_key = Some(format!("{prefix}{key}"));
            }
        }
        set(&mut cfg.week_start, &s.week_start);
        set(&mut cfg.hide_weekend, &s.hide_weekend);
        if let Some(p) = &s.log_file {
            cfg.log_file = self.path(&format!("{prefix}log_file"), p)?;
        }
        set(&mut cfg.max_task_days, &s.max_task_days);
        set(&mut cfg.warn_long_tasks, &s.warn_long_tasks);
        set(&mut cfg.move_step_minutes, &s.move_step_minutes);
        set(&mut cfg.pages_in_flight, &s.pages_in_flight);
        set(&mut cfg.finished_statuses, &s.finished_statuses);
        set(&mut cfg.late_grace_minutes, &s.late_grace_minutes);
        set(
            &mut cfg.not_closed_after_minutes,
            &s.not_closed_after_minutes,
        );
        if let Some(f) = &s.filters {
            cfg.filters =
                f.0.iter()
                    .map(|(n, ids)| (n.clone(), ids.0.clone()))
                    .collect();
        }
        if let Some(t) = &s.serve {
            self.apply_serve(t, prefix, &mut cfg.serve)?;
        }
        if let Some(keys) = &s.keys {
            // Checked alone first, so a bad binding names the table it is in.
            let at = |e: KeysError| self.keys_err(prefix, e);
            cfg.keys = Keymap::defaults().apply(keys).map_err(at)?;
            let keys = normalize_keys(keys).map_err(at)?;
            match &mut layers.keys {
                Some(low) => merge_keys(low, keys),
                none => *none = Some(keys),
            }
        }
        Ok(())
    }

    fn apply_serve(
        &self,
        t: &file::ServeSettings,
        prefix: &str,
        to: &mut super::ServeTable,
    ) -> Result<(), ConfigError> {
        fn set<T: Clone>(to: &mut Option<T>, from: &Option<T>) {
            if from.is_some() {
                to.clone_from(from);
            }
        }
        set(&mut to.listen, &t.listen);
        if let Some(p) = &t.authorized_keys {
            to.authorized_keys = Some(self.path(&format!("{prefix}serve.authorized_keys"), p)?);
        }
        if let Some(p) = &t.host_key {
            to.host_key = Some(self.path(&format!("{prefix}serve.host_key"), p)?);
        }
        set(&mut to.base_url, &t.base_url);
        set(&mut to.account, &t.account);
        set(&mut to.tz, &t.tz);
        set(&mut to.poll, &t.poll);
        set(&mut to.profile, &t.profile);
        Ok(())
    }

    /// `~/x` is under the home directory; other relative paths are relative
    /// to the config file, not to wherever kickdesk was started.
    fn path(&self, key: &str, raw: &str) -> Result<PathBuf, ConfigError> {
        if raw.trim().is_empty() {
            return Err(self.err(key, "must not be empty"));
        }
        if let Some(rest) = raw.strip_prefix("~/") {
            return match self.home {
                Some(h) => Ok(h.join(rest)),
                None => Err(self.err(key, "starts with `~/` but HOME is not set")),
            };
        }
        let p = PathBuf::from(raw);
        if p.is_absolute() {
            return Ok(p);
        }
        let dir = self.file.parent().unwrap_or(Path::new("."));
        Ok(dir.join(p))
    }
}

fn split(path: &str) -> Vec<&str> {
    path.split('.').collect()
}
