//! Configuration: file + environment + command line → one validated [`Config`].
//!
//! Precedence, highest first: command-line overrides, environment, the
//! selected `[profiles.NAME]` table, the file's top level, built-in defaults.
//! Every value is checked where it is read, so an error can always say which
//! key (and which file, line and column, or which flag or variable) it came
//! from.
//!
//! `file` holds the file's schema (serde), `check` the check of each kind of
//! value, `source` the reading of one file, `token` the API token.

mod check;
mod file;
pub mod sets;
mod source;
mod token;

pub use check::{MAX_POLL_SECS, MAX_TASK_DAYS_LIMIT, MIN_POLL_SECS};
pub use file::keys as schema_keys;
pub use token::resolve_token;

use crate::app::keymap::Keymap;
use check::{check_account, check_base_url, check_poll, check_tz};
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use source::Source;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A commented example of every key, for `--help` and the README.
pub const EXAMPLE_CONFIG: &str = include_str!("../../assets/config.toml");

pub const DEFAULT_BASE_URL: &str = "https://app.kickserv.com";
const DEFAULT_POLL_SECS: u64 = 30;
/// How long `token_command` may run by default (a password manager may ask
/// for its passphrase first).
pub const DEFAULT_TOKEN_COMMAND_SECS: u64 = 30;
const APP_NAME: &str = "kickdesk";

/// What the command line asked for. `false` and `None` mean "not given".
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub config: Option<PathBuf>,
    pub base_url: Option<String>,
    pub account: Option<String>,
    pub read_only: bool,
    pub monitor: bool,
    pub no_color: bool,
    pub tz: Option<String>,
    pub poll: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Without a trailing slash.
    pub base_url: String,
    pub account: Option<String>,
    pub token_source: TokenSource,
    /// How long `token_command` may run before it is stopped.
    pub token_command_timeout: Duration,
    /// Always true when `monitor` is.
    pub read_only: bool,
    pub monitor: bool,
    pub color: bool,
    /// `dark`, `light` or `high-contrast`; `None`: not set here.
    pub theme: Option<String>,
    /// `None`: use the account's zone, else the local one.
    pub tz: Option<Tz>,
    pub poll: Duration,
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    pub week_start: Weekday,
    pub hide_weekend: bool,
    pub keys: Keymap,
    /// The file actually read, if any.
    pub file: Option<PathBuf>,
    /// Where the user's themes are (`themes/` beside the config file).
    pub themes_dir: Option<PathBuf>,
    pub profile: Option<String>,
    pub log_file: PathBuf,
    pub cache_dir: PathBuf,
    /// Where the draft journal lives.
    pub data_dir: PathBuf,
    /// The longest task, in days, that fetches look back for.
    pub max_task_days: u32,
    /// Whether every listing says that tasks longer than `max_task_days`
    /// would be missing (Kickserv lists tasks by their start); false when
    /// the account has none that long.
    pub warn_long_tasks: bool,
    /// Minutes a key moves or resizes a task by in move mode.
    pub move_step_minutes: u32,
    /// The most pages of one listing asked for at once.
    pub pages_in_flight: usize,
    /// Statuses of the account's own that mean the work is over: shown, not booked.
    pub finished_statuses: Vec<String>,
    /// Minutes after its end an open task not started still reads late.
    pub late_grace_minutes: u32,
    /// Minutes after its end from which an open task reads "not closed".
    pub not_closed_after_minutes: u32,
    /// Saved sets of employees (`[filters]`), by name: ids, numbers or names.
    pub filters: Vec<(String, Vec<sets::SetEntry>)>,
    /// `[serve]`: read by `kickdesk serve` only.
    pub serve: ServeTable,
}

/// What the file's `[serve]` table sets (paths resolved against the file).
/// The board's options here are laid over the rest by `kickdesk serve`,
/// below the command line and the environment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServeTable {
    pub listen: Option<std::net::SocketAddr>,
    pub authorized_keys: Option<PathBuf>,
    pub host_key: Option<PathBuf>,
    pub base_url: Option<String>,
    pub account: Option<String>,
    pub tz: Option<Tz>,
    pub poll: Option<Duration>,
    pub profile: Option<String>,
}

/// Where the API token comes from. `KICKDESK_TOKEN` always wins when set.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenSource {
    Env,
    Command(String),
    File(PathBuf),
}

/// A configuration problem, naming the file, the line and column, and the
/// key when they are known.
#[derive(Debug, thiserror::Error)]
#[error("config error{}: {}", location(.file, .line, .column, .key), .message)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    /// 1-based, where in the file the key or value at fault is.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

fn location(
    file: &Option<PathBuf>,
    line: &Option<usize>,
    column: &Option<usize>,
    key: &Option<String>,
) -> String {
    let mut out = String::new();
    if let Some(f) = file {
        out.push_str(&format!(" in {}", f.display()));
        if let Some(l) = line {
            out.push_str(&format!(":{l}"));
            if let Some(c) = column {
                out.push_str(&format!(":{c}"));
            }
        }
    }
    if let Some(k) = key {
        out.push_str(&format!(": `{k}`"));
    }
    out
}

impl ConfigError {
    fn new(file: Option<&Path>, key: Option<&str>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: file.map(Path::to_path_buf),
            line: None,
            column: None,
            key: key.map(str::to_string),
            message: message.into(),
        }
    }
}

impl Config {
    /// Built-in defaults: no file, no environment (used by `kickdesk demo`).
    pub fn defaults() -> Config {
        let dirs = StdDirs::detect();
        Config {
            base_url: DEFAULT_BASE_URL.to_string(),
            account: None,
            token_source: TokenSource::Env,
            token_command_timeout: Duration::from_secs(DEFAULT_TOKEN_COMMAND_SECS),
            read_only: false,
            monitor: false,
            color: true,
            theme: None,
            tz: None,
            poll: Duration::from_secs(DEFAULT_POLL_SECS),
            day_start: hm(7, 0),
            day_end: hm(19, 0),
            week_start: Weekday::Mon,
            hide_weekend: false,
            keys: Keymap::defaults(),
            file: None,
            themes_dir: None,
            profile: None,
            log_file: dirs.log_file,
            cache_dir: dirs.cache_dir,
            data_dir: dirs.data_dir,
            max_task_days: crate::schedule::DEFAULT_MAX_TASK_DAYS,
            warn_long_tasks: true,
            move_step_minutes: 15,
            pages_in_flight: crate::kickserv::client::MAX_PAGES_IN_FLIGHT,
            finished_statuses: Vec::new(),
            late_grace_minutes: 30,
            not_closed_after_minutes: 120,
            filters: Vec::new(),
            serve: ServeTable::default(),
        }
    }

    /// Reads the file, applies the profile, environment and overrides, and
    /// validates the result. `env` stands in for `std::env::var` (tests).
    pub fn load(
        o: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        // An empty variable counts as unset (as NO_COLOR's convention says).
        let env = |k: &str| env(k).filter(|v| !v.is_empty());
        let home = env("HOME").map(PathBuf::from);

        let (path, explicit) = config_path(o, &env);
        let text = match &path {
            Some(p) => match std::fs::read(p) {
                Ok(bytes) => Some(utf8(p, bytes)?),
                Err(e) if e.kind() == ErrorKind::NotFound && !explicit => None,
                Err(e) => {
                    return Err(ConfigError::new(
                        Some(p),
                        None,
                        format!("cannot read the file: {e}"),
                    ));
                }
            },
            None => None,
        };
        let file = if text.is_some() { path.clone() } else { None };

        let mut cfg = Config::defaults();
        cfg.file = file.clone();
        let profile = o.profile.clone().or_else(|| env("KICKDESK_PROFILE"));

        match (&text, &file) {
            (Some(text), Some(file)) => {
                let src = Source {
                    file,
                    text,
                    home: home.as_deref(),
                };
                src.read(profile.as_deref(), &mut cfg)?;
            }
            _ => {
                if let Some(name) = &profile {
                    let message = match &path {
                        Some(_) => format!(
                            "profile `{name}` is selected but the config file does not exist"
                        ),
                        None => format!("profile `{name}` is selected but there is no config file"),
                    };
                    return Err(ConfigError::new(path.as_deref(), None, message));
                }
            }
        }
        cfg.profile = profile;
        apply_env(&mut cfg, &env)?;
        apply_overrides(&mut cfg, o)?;
        cfg.read_only |= cfg.monitor;
        cfg.themes_dir = path
            .as_deref()
            .and_then(Path::parent)
            .map(|d| d.join("themes"));
        if let Some(t) = &cfg.theme {
            let built_in = check::THEMES.contains(&t.as_str());
            let user = cfg
                .themes_dir
                .as_ref()
                .is_some_and(|d| d.join(format!("{t}.toml")).is_file());
            if !built_in && !user {
                let line = text
                    .as_deref()
                    .and_then(|text| file::span_of(text, &["theme"]).map(|s| (text, s)))
                    .map(|(text, s)| file::line_col(text, s.start));
                return Err(ConfigError {
                    line: line.map(|l| l.0),
                    column: line.map(|l| l.1),
                    ..ConfigError::new(file.as_deref(), Some("theme"), check::unknown_theme(t))
                });
            }
        }
        Ok(cfg)
    }
}

/// The file's text; bytes that are not UTF-8 are an error at their line and column.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Up to the bad byte the text is valid, so it splits into lines.
        let before = String::from_utf8_lossy(good);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError {
            line: Some(line),
            column: Some(column),
            ..ConfigError::new(
                Some(path),
                None,
                "the file is not UTF-8 text (a byte here is not UTF-8; save it as UTF-8)",
            )
        }
    })
}

/// Where the config file is read from, and whether it was named (by
/// `--config` or `KICKDESK_CONFIG`) rather than found in the usual place.
pub fn config_path(o: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> (Option<PathBuf>, bool) {
    match (&o.config, env("KICKDESK_CONFIG").filter(|v| !v.is_empty())) {
        (Some(p), _) => (Some(p.clone()), true),
        (None, Some(p)) => (Some(PathBuf::from(p)), true),
        (None, None) => (StdDirs::config_file(), false),
    }
}

/// What `kickdesk config --path` prints: the file and whether it exists.
pub fn describe_path(o: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> String {
    match config_path(o, env) {
        (None, _) => "no config file: the platform has no config directory".to_string(),
        (Some(p), _) if p.is_file() => format!("{} (exists)", p.display()),
        (Some(p), _) if p.exists() => format!("{} (exists, but is not a file)", p.display()),
        // A file named by --config or KICKDESK_CONFIG must be there.
        (Some(p), true) => format!("{} (does not exist)", p.display()),
        (Some(p), false) => format!("{} (does not exist; the defaults apply)", p.display()),
    }
}

/// The environment's settings, over the file's.
fn apply_env(cfg: &mut Config, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
    let from = |key: &str, var: &str, m: String| {
        ConfigError::new(None, Some(key), format!("{m} (from {var})"))
    };
    if let Some(v) = env("KICKDESK_BASE_URL") {
        cfg.base_url = check_base_url(&v).map_err(|m| from("base_url", "KICKDESK_BASE_URL", m))?;
    }
    if let Some(v) = env("KICKDESK_ACCOUNT") {
        cfg.account = Some(check_account(&v).map_err(|m| from("account", "KICKDESK_ACCOUNT", m))?);
    }
    if env("NO_COLOR").is_some() {
        cfg.color = false;
    }
    Ok(())
}

/// The command line's settings, over everything else.
fn apply_overrides(cfg: &mut Config, o: &Overrides) -> Result<(), ConfigError> {
    let from = |key: &str, flag: &str, m: String| {
        ConfigError::new(None, Some(key), format!("{m} (from {flag})"))
    };
    if let Some(v) = &o.base_url {
        cfg.base_url = check_base_url(v).map_err(|m| from("base_url", "--base-url", m))?;
    }
    if let Some(v) = &o.account {
        cfg.account = Some(check_account(v).map_err(|m| from("account", "--account", m))?);
    }
    if let Some(v) = &o.tz {
        cfg.tz = Some(check_tz(v).map_err(|m| from("tz", "--tz", m))?);
    }
    if let Some(n) = o.poll {
        cfg.poll = check_poll(i128::from(n)).map_err(|m| from("poll", "--poll", m))?;
    }
    cfg.read_only |= o.read_only;
    cfg.monitor |= o.monitor;
    if o.no_color {
        cfg.color = false;
    }
    Ok(())
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// Platform directories, with a temp-dir fallback when there is no home.
struct StdDirs {
    log_file: PathBuf,
    cache_dir: PathBuf,
    data_dir: PathBuf,
}

impl StdDirs {
    fn project() -> Option<directories::ProjectDirs> {
        directories::ProjectDirs::from("", "", APP_NAME)
    }

    fn detect() -> StdDirs {
        match StdDirs::project() {
            Some(p) => StdDirs {
                log_file: p
                    .state_dir()
                    .unwrap_or_else(|| p.data_local_dir())
                    .join("kickdesk.log"),
                cache_dir: p.cache_dir().to_path_buf(),
                data_dir: p.data_local_dir().to_path_buf(),
            },
            None => {
                let base = std::env::temp_dir().join(APP_NAME);
                StdDirs {
                    log_file: base.join("kickdesk.log"),
                    cache_dir: base.join("cache"),
                    data_dir: base.join("data"),
                }
            }
        }
    }

    fn config_file() -> Option<PathBuf> {
        StdDirs::project().map(|p| p.config_dir().join("config.toml"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    #[test]
    fn error_display_names_file_line_and_key() {
        let mut e = ConfigError::new(
            Some(Path::new("/etc/k/config.toml")),
            Some("poll"),
            "must be at least 5 seconds (got 2)",
        );
        assert_eq!(
            e.to_string(),
            "config error in /etc/k/config.toml: `poll`: must be at least 5 seconds (got 2)"
        );
        (e.line, e.column) = (Some(3), Some(8));
        assert_eq!(
            e.to_string(),
            "config error in /etc/k/config.toml:3:8: `poll`: must be at least 5 seconds (got 2)"
        );
        let e = ConfigError::new(None, Some("tz"), "bad");
        assert_eq!(e.to_string(), "config error: `tz`: bad");
        let e = ConfigError::new(Some(Path::new("/c.toml")), None, "bad");
        assert_eq!(e.to_string(), "config error in /c.toml: bad");
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = Config::defaults();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.poll, Duration::from_secs(30));
        assert_eq!((c.day_start, c.day_end), (hm(7, 0), hm(19, 0)));
        assert_eq!(c.week_start, Weekday::Mon);
        assert_eq!(c.token_source, TokenSource::Env);
        assert!(c.color && !c.read_only && !c.monitor && !c.hide_weekend);
        assert_eq!(
            c.log_file.file_name().and_then(|n| n.to_str()),
            Some("kickdesk.log")
        );
    }
}
