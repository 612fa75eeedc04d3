//! Configuration: file + environment + command line → one validated [`Config`].
//!
//! Precedence, highest first: command-line overrides, environment, the
//! selected `[profiles.NAME]` table, the file's top level, built-in defaults.
//! Every value is checked where it is read, so an error can always say which
//! key (and which file, or which flag or variable) it came from.

use crate::app::keymap::{Keymap, KeysError, merge_keys, normalize_keys};
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A commented example of every key, for `--help` and the README.
pub const EXAMPLE_CONFIG: &str = include_str!("../assets/config.toml");

pub const DEFAULT_BASE_URL: &str = "https://app.kickserv.com";
/// Polling faster than this would hammer the API for no visible gain.
pub const MIN_POLL_SECS: u64 = 5;
/// Longer than an hour is no longer a live board, and huge values overflow dates.
pub const MAX_POLL_SECS: u64 = 3600;
const DEFAULT_POLL_SECS: u64 = 30;
const APP_NAME: &str = "kickdesk";

/// Keys a config table may hold; `profiles` only at the top level.
const KNOWN_KEYS: &[&str] = &[
    "base_url",
    "account",
    "token_command",
    "token_file",
    "read_only",
    "monitor",
    "color",
    "theme",
    "tz",
    "poll",
    "day_start",
    "day_end",
    "week_start",
    "hide_weekend",
    "log_file",
    "max_task_days",
    "finished_statuses",
    "keys",
    "filters",
    "profiles",
];

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
    pub profile: Option<String>,
    pub log_file: PathBuf,
    pub cache_dir: PathBuf,
    /// Where the draft journal lives.
    pub data_dir: PathBuf,
    /// The longest task, in days, that fetches look back for.
    pub max_task_days: u32,
    /// Statuses of the account's own that mean the work is over: shown, not booked.
    pub finished_statuses: Vec<String>,
    /// Saved sets of employees (`[filters]`), by name: employee ids.
    pub filters: Vec<(String, Vec<i64>)>,
}

/// Where the API token comes from. `KICKDESK_TOKEN` always wins when set.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenSource {
    Env,
    Command(String),
    File(PathBuf),
}

/// A configuration problem, naming the file and key when they are known.
#[derive(Debug, thiserror::Error)]
#[error("config error{}: {}", location(.file, .key), .message)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub key: Option<String>,
    pub message: String,
}

fn location(file: &Option<PathBuf>, key: &Option<String>) -> String {
    let mut out = String::new();
    if let Some(f) = file {
        out.push_str(&format!(" in {}", f.display()));
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
            profile: None,
            log_file: dirs.log_file,
            cache_dir: dirs.cache_dir,
            data_dir: dirs.data_dir,
            max_task_days: crate::schedule::DEFAULT_MAX_TASK_DAYS,
            finished_statuses: Vec::new(),
            filters: Vec::new(),
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

        let (path, explicit) = match (&o.config, env("KICKDESK_CONFIG")) {
            (Some(p), _) => (Some(p.clone()), true),
            (None, Some(p)) => (Some(PathBuf::from(p)), true),
            (None, None) => (StdDirs::config_file(), false),
        };
        let text = match &path {
            Some(p) => match std::fs::read_to_string(p) {
                Ok(t) => Some(t),
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

        let mut layers = Vec::new();
        match (&text, &file) {
            (Some(text), Some(file)) => {
                let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                    ConfigError::new(
                        Some(file),
                        None,
                        format!("not valid TOML: {}", e.to_string().trim_end()),
                    )
                })?;
                let ctx = FileCtx {
                    file,
                    home: home.as_deref(),
                };
                layers.push(Layer::from_table(&doc, "", true, &ctx)?);
                if let Some(name) = &profile {
                    layers.push(profile_layer(&doc, name, &ctx)?);
                }
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

        let mut merged = Layer::default();
        for layer in layers {
            merged.overlay(layer);
        }
        merged.overlay(Layer::from_env(&env)?);
        merged.overlay(Layer::from_overrides(o)?);
        cfg.apply(merged, file.as_deref())?;
        Ok(cfg)
    }

    fn apply(&mut self, l: Layer, file: Option<&Path>) -> Result<(), ConfigError> {
        if let Some(v) = l.base_url {
            self.base_url = v;
        }
        if let Some(v) = l.account {
            self.account = Some(v);
        }
        if let Some(v) = l.token {
            self.token_source = v;
        }
        if let Some(v) = l.read_only {
            self.read_only = v;
        }
        if let Some(v) = l.monitor {
            self.monitor = v;
        }
        self.read_only |= self.monitor;
        if let Some(v) = l.color {
            self.color = v;
        }
        if let Some(v) = l.theme {
            self.theme = Some(v);
        }
        if let Some(v) = l.tz {
            self.tz = Some(v);
        }
        if let Some(v) = l.poll {
            self.poll = v;
        }
        let mut day_key = None;
        if let Some((v, key)) = l.day_start {
            self.day_start = v;
            day_key = Some(key);
        }
        if let Some((v, key)) = l.day_end {
            self.day_end = v;
            day_key = Some(key);
        }
        if self.day_end <= self.day_start {
            return Err(ConfigError::new(
                file,
                Some(day_key.as_deref().unwrap_or("day_end")),
                format!(
                    "day_end ({}) must be after day_start ({})",
                    self.day_end.format("%H:%M"),
                    self.day_start.format("%H:%M")
                ),
            ));
        }
        if let Some(v) = l.week_start {
            self.week_start = v;
        }
        if let Some(v) = l.hide_weekend {
            self.hide_weekend = v;
        }
        if let Some(v) = l.max_task_days {
            self.max_task_days = v;
        }
        if let Some(v) = l.finished_statuses {
            self.finished_statuses = v;
        }
        if let Some(v) = l.log_file {
            self.log_file = v;
        }
        if let Some(v) = l.filters {
            self.filters = v;
        }
        if let Some(keys) = l.keys {
            self.keys = Keymap::defaults()
                .apply(&keys)
                .map_err(|e| ConfigError::new(file, Some(&e.table()), e.message))?;
        }
        Ok(())
    }
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

/// What relative paths and error messages in a file refer to.
struct FileCtx<'a> {
    file: &'a Path,
    home: Option<&'a Path>,
}

impl FileCtx<'_> {
    fn err(&self, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError::new(Some(self.file), Some(key), message)
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

/// One source's settings; `None` means "not set here".
#[derive(Default)]
struct Layer {
    base_url: Option<String>,
    account: Option<String>,
    token: Option<TokenSource>,
    read_only: Option<bool>,
    monitor: Option<bool>,
    color: Option<bool>,
    theme: Option<String>,
    tz: Option<Tz>,
    poll: Option<Duration>,
    /// With the key path it was read from, for the start/end check.
    day_start: Option<(NaiveTime, String)>,
    day_end: Option<(NaiveTime, String)>,
    week_start: Option<Weekday>,
    hide_weekend: Option<bool>,
    log_file: Option<PathBuf>,
    max_task_days: Option<u32>,
    finished_statuses: Option<Vec<String>>,
    /// Canonical: one sub-table per key context (see `normalize_keys`).
    keys: Option<toml::Table>,
    filters: Option<Vec<(String, Vec<i64>)>>,
}

impl Layer {
    /// Reads one table: the file's top level (`prefix` empty) or a profile.
    fn from_table(
        t: &toml::Table,
        prefix: &str,
        top: bool,
        ctx: &FileCtx,
    ) -> Result<Layer, ConfigError> {
        let mut l = Layer::default();
        let mut command = None;
        let mut token_file = None;
        for (k, v) in t {
            let key = format!("{prefix}{k}");
            let key = key.as_str();
            match k.as_str() {
                "base_url" => {
                    l.base_url =
                        Some(check_base_url(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?)
                }
                "account" => {
                    l.account =
                        Some(check_account(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?)
                }
                "token_command" => {
                    let s = string(v, key, ctx)?;
                    if s.trim().is_empty() {
                        return Err(ctx.err(key, "must not be empty"));
                    }
                    command = Some(s);
                }
                "token_file" => token_file = Some(ctx.path(key, &string(v, key, ctx)?)?),
                "read_only" => l.read_only = Some(boolean(v, key, ctx)?),
                "monitor" => l.monitor = Some(boolean(v, key, ctx)?),
                "color" => l.color = Some(boolean(v, key, ctx)?),
                "theme" => {
                    l.theme = Some(check_theme(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?)
                }
                "hide_weekend" => l.hide_weekend = Some(boolean(v, key, ctx)?),
                "tz" => l.tz = Some(check_tz(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?),
                "poll" => {
                    let n = match v {
                        toml::Value::Integer(n) => *n,
                        other => {
                            return Err(ctx.err(
                                key,
                                format!("expected whole seconds, got {}", other.type_str()),
                            ));
                        }
                    };
                    l.poll = Some(check_poll(i128::from(n)).map_err(|m| ctx.err(key, m))?);
                }
                "day_start" => {
                    let t = parse_hm(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?;
                    l.day_start = Some((t, key.to_string()));
                }
                "day_end" => {
                    let t = parse_hm(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?;
                    l.day_end = Some((t, key.to_string()));
                }
                "week_start" => {
                    l.week_start =
                        Some(parse_weekday(&string(v, key, ctx)?).map_err(|m| ctx.err(key, m))?);
                }
                "log_file" => l.log_file = Some(ctx.path(key, &string(v, key, ctx)?)?),
                "max_task_days" => {
                    let n = match v {
                        toml::Value::Integer(n) => *n,
                        other => {
                            return Err(ctx.err(
                                key,
                                format!("expected whole days, got {}", other.type_str()),
                            ));
                        }
                    };
                    l.max_task_days = Some(check_max_task_days(n).map_err(|m| ctx.err(key, m))?);
                }
                "finished_statuses" => {
                    l.finished_statuses = Some(string_list(v).map_err(|m| ctx.err(key, m))?);
                }
                "keys" => match v {
                    toml::Value::Table(keys) => {
                        // Check now, so a bad binding is reported with its full key
                        // path (`keys` or `keys.<context>`).
                        let at = |e: KeysError| {
                            let table = e.table();
                            let sub = table.strip_prefix("keys").unwrap_or_default();
                            ctx.err(&format!("{key}{sub}"), e.message)
                        };
                        Keymap::defaults().apply(keys).map_err(at)?;
                        l.keys = Some(normalize_keys(keys).map_err(at)?);
                    }
                    other => {
                        return Err(
                            ctx.err(key, format!("expected a table, got {}", other.type_str()))
                        );
                    }
                },
                "filters" => l.filters = Some(filter_sets(v, key, ctx)?),
                "profiles" if top => {}
                _ => {
                    let hint = if KNOWN_KEYS.contains(&k.as_str()) {
                        "is not allowed inside a profile".to_string()
                    } else {
                        format!("unknown key (known keys: {})", KNOWN_KEYS.join(", "))
                    };
                    return Err(ctx.err(key, hint));
                }
            }
        }
        // A layer that names a token source replaces the one below it as a whole.
        l.token = command
            .map(TokenSource::Command)
            .or(token_file.map(TokenSource::File));
        Ok(l)
    }

    fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Layer, ConfigError> {
        let from = |key: &str, var: &str, m: String| {
            ConfigError::new(None, Some(key), format!("{m} (from {var})"))
        };
        let mut l = Layer::default();
        if let Some(v) = env("KICKDESK_BASE_URL") {
            l.base_url =
                Some(check_base_url(&v).map_err(|m| from("base_url", "KICKDESK_BASE_URL", m))?);
        }
        if let Some(v) = env("KICKDESK_ACCOUNT") {
            l.account =
                Some(check_account(&v).map_err(|m| from("account", "KICKDESK_ACCOUNT", m))?);
        }
        if env("NO_COLOR").is_some() {
            l.color = Some(false);
        }
        Ok(l)
    }

    fn from_overrides(o: &Overrides) -> Result<Layer, ConfigError> {
        let from = |key: &str, flag: &str, m: String| {
            ConfigError::new(None, Some(key), format!("{m} (from {flag})"))
        };
        let mut l = Layer::default();
        if let Some(v) = &o.base_url {
            l.base_url = Some(check_base_url(v).map_err(|m| from("base_url", "--base-url", m))?);
        }
        if let Some(v) = &o.account {
            l.account = Some(check_account(v).map_err(|m| from("account", "--account", m))?);
        }
        if let Some(v) = &o.tz {
            l.tz = Some(check_tz(v).map_err(|m| from("tz", "--tz", m))?);
        }
        if let Some(n) = o.poll {
            l.poll = Some(check_poll(i128::from(n)).map_err(|m| from("poll", "--poll", m))?);
        }
        l.read_only = o.read_only.then_some(true);
        l.monitor = o.monitor.then_some(true);
        if o.no_color {
            l.color = Some(false);
        }
        Ok(l)
    }

    /// Lays `top` over `self`: whatever `top` sets wins. `[keys]` merge per
    /// context and action, so a profile can rebind one key without
    /// repeating the others.
    fn overlay(&mut self, top: Layer) {
        fn over<T>(low: &mut Option<T>, high: Option<T>) {
            if high.is_some() {
                *low = high;
            }
        }
        over(&mut self.base_url, top.base_url);
        over(&mut self.account, top.account);
        over(&mut self.token, top.token);
        over(&mut self.read_only, top.read_only);
        over(&mut self.monitor, top.monitor);
        over(&mut self.color, top.color);
        over(&mut self.theme, top.theme);
        over(&mut self.tz, top.tz);
        over(&mut self.poll, top.poll);
        over(&mut self.day_start, top.day_start);
        over(&mut self.day_end, top.day_end);
        over(&mut self.week_start, top.week_start);
        over(&mut self.hide_weekend, top.hide_weekend);
        over(&mut self.log_file, top.log_file);
        over(&mut self.max_task_days, top.max_task_days);
        over(&mut self.finished_statuses, top.finished_statuses);
        over(&mut self.filters, top.filters);
        match (&mut self.keys, top.keys) {
            (Some(low), Some(high)) => merge_keys(low, high),
            (low, high) => over(low, high),
        }
    }
}

fn profile_layer(doc: &toml::Table, name: &str, ctx: &FileCtx) -> Result<Layer, ConfigError> {
    let profiles = match doc.get("profiles") {
        None => None,
        Some(toml::Value::Table(t)) => Some(t),
        Some(other) => {
            return Err(ctx.err(
                "profiles",
                format!("expected a table of profiles, got {}", other.type_str()),
            ));
        }
    };
    let key = format!("profiles.{name}");
    match profiles.and_then(|p| p.get(name)) {
        Some(toml::Value::Table(t)) => Layer::from_table(t, &format!("{key}."), false, ctx),
        Some(other) => Err(ctx.err(&key, format!("expected a table, got {}", other.type_str()))),
        None => {
            let known: Vec<&str> = profiles
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let known = if known.is_empty() {
                "no profiles are defined".to_string()
            } else {
                format!("defined: {}", known.join(", "))
            };
            Err(ConfigError::new(
                Some(ctx.file),
                None,
                format!("unknown profile `{name}` ({known})"),
            ))
        }
    }
}

/// `[filters]`: `name = [3, 7, 9]`, employee ids; a problem names its key.
fn filter_sets(
    v: &toml::Value,
    key: &str,
    ctx: &FileCtx,
) -> Result<Vec<(String, Vec<i64>)>, ConfigError> {
    let toml::Value::Table(t) = v else {
        return Err(ctx.err(key, format!("expected a table, got {}", v.type_str())));
    };
    let mut out = Vec::new();
    for (name, ids) in t {
        let at = format!("{key}.{name}");
        let toml::Value::Array(ids) = ids else {
            return Err(ctx.err(
                &at,
                format!("expected a list of employee ids, got {}", ids.type_str()),
            ));
        };
        let ids = ids
            .iter()
            .map(|i| match i {
                toml::Value::Integer(n) => Ok(*n),
                other => Err(ctx.err(
                    &at,
                    format!(
                        "expected employee ids (whole numbers), got {}",
                        other.type_str()
                    ),
                )),
            })
            .collect::<Result<Vec<i64>, ConfigError>>()?;
        out.push((name.clone(), ids));
    }
    Ok(out)
}

fn string(v: &toml::Value, key: &str, ctx: &FileCtx) -> Result<String, ConfigError> {
    match v {
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(ctx.err(key, format!("expected a string, got {}", other.type_str()))),
    }
}

fn boolean(v: &toml::Value, key: &str, ctx: &FileCtx) -> Result<bool, ConfigError> {
    match v {
        toml::Value::Boolean(b) => Ok(*b),
        other => Err(ctx.err(
            key,
            format!("expected true or false, got {}", other.type_str()),
        )),
    }
}

/// `https://host[:port][/prefix]`; plain `http://` only for loopback hosts,
/// so a token is never sent in clear over a network. The rule is
/// [`crate::base_url`]'s, the client's own.
fn check_base_url(raw: &str) -> Result<String, String> {
    use crate::base_url::Refusal;
    match crate::base_url::check(raw) {
        Ok(_) => Ok(raw.trim().trim_end_matches('/').to_string()),
        Err(Refusal::Scheme) => Err(format!("must start with https:// (got `{raw}`)")),
        Err(Refusal::Spaces | Refusal::QueryOrFragment(_)) => Err(format!(
            "must be a plain base address without spaces, query or fragment (got `{raw}`)"
        )),
        Err(Refusal::Credentials) => Err("must not contain a user name or password".to_string()),
        Err(Refusal::NoHost) => Err(format!("has no host name (got `{raw}`)")),
        // The text may hold credentials when it has an `@`; don't echo it then.
        Err(Refusal::Unreadable(e)) if raw.contains('@') => {
            Err(format!("is not a valid address ({e})"))
        }
        Err(Refusal::Unreadable(e)) => Err(format!("is not a valid address ({e}; got `{raw}`)")),
        Err(Refusal::PlainHttp(_)) => Err(format!(
            "plain http:// is only allowed for loopback addresses; use https:// (got `{raw}`)"
        )),
    }
}

/// The account slug becomes a URL path segment.
fn check_account(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let ok = !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "must be the account's slug (letters, digits, `-`, `_`, `.`), got `{raw}`"
        ))
    }
}

/// The built-in themes' names.
pub const THEMES: &[&str] = &["dark", "light", "high-contrast"];

fn check_theme(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    match THEMES.contains(&name) {
        true => Ok(name.to_string()),
        false => Err(format!(
            "unknown theme `{raw}` (one of: {})",
            THEMES.join(", ")
        )),
    }
}

fn check_tz(raw: &str) -> Result<Tz, String> {
    raw.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone `{raw}` (use an IANA name such as `America/Chicago`)")
    })
}

/// Takes any integer a file or flag can hold, so the error quotes it exactly.
fn check_poll(n: i128) -> Result<Duration, String> {
    match u64::try_from(n) {
        Ok(s) if s < MIN_POLL_SECS => Err(format!(
            "must be at least {MIN_POLL_SECS} seconds (got {n})"
        )),
        Ok(s) if s <= MAX_POLL_SECS => Ok(Duration::from_secs(s)),
        Ok(_) => Err(format!(
            "must be at most {MAX_POLL_SECS} seconds, one hour (got {n})"
        )),
        Err(_) => Err(format!(
            "must be at least {MIN_POLL_SECS} seconds (got {n})"
        )),
    }
}

/// Up to a year: each day of look-back makes a session's first fetch longer.
pub const MAX_TASK_DAYS_LIMIT: u32 = 366;

/// A list of non-empty strings, e.g. `["invoiced", "closed"]`.
fn string_list(v: &toml::Value) -> Result<Vec<String>, String> {
    let toml::Value::Array(items) = v else {
        return Err(format!(
            "expected a list of status names, got {}",
            v.type_str()
        ));
    };
    items
        .iter()
        .map(|i| match i {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            other => Err(format!(
                "expected status names (strings), got {}",
                other.type_str()
            )),
        })
        .collect()
}

fn check_max_task_days(n: i64) -> Result<u32, String> {
    match u32::try_from(n) {
        Ok(d) if (1..=MAX_TASK_DAYS_LIMIT).contains(&d) => Ok(d),
        _ => Err(format!(
            "must be between 1 and {MAX_TASK_DAYS_LIMIT} days (got {n})"
        )),
    }
}

fn parse_hm(raw: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| format!("expected a time as HH:MM, got `{raw}`"))
}

fn parse_weekday(raw: &str) -> Result<Weekday, String> {
    raw.trim().parse::<Weekday>().map_err(|_| {
        format!("expected a day of the week such as `monday` or `sunday`, got `{raw}`")
    })
}

/// The API token, from `KICKDESK_TOKEN` or the configured source. The token
/// itself never appears in an error.
pub fn resolve_token(
    cfg: &Config,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    let file = cfg.file.as_deref();
    if let Some(v) = env("KICKDESK_TOKEN") {
        return check_token(&v)
            .map_err(|m| ConfigError::new(None, None, format!("KICKDESK_TOKEN {m}")));
    }
    match &cfg.token_source {
        TokenSource::Env => Err(ConfigError::new(
            file,
            None,
            "no API token: set KICKDESK_TOKEN, or `token_command` or `token_file` in the config file",
        )),
        TokenSource::Command(cmd) => {
            let err = |m: String| ConfigError::new(file, Some("token_command"), m);
            let out = Command::new("sh")
                .arg("-c")
                .arg(cmd)
                // Inherited stdin lets a password manager ask for its passphrase.
                .stdin(Stdio::inherit())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .output()
                .map_err(|e| err(format!("cannot run the command: {e}")))?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let mut line = stderr
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("")
                    .to_string();
                let printed = stdout.trim();
                if !printed.is_empty() && line.contains(printed) {
                    line = line.replace(printed, "[redacted]");
                }
                let status = out
                    .status
                    .code()
                    .map_or("a signal".to_string(), |c| format!("status {c}"));
                let detail = if line.is_empty() {
                    "no error output".to_string()
                } else {
                    line
                };
                return Err(err(format!("the command failed with {status}: {detail}")));
            }
            let text = String::from_utf8(out.stdout)
                .map_err(|_| err("the command printed something that is not UTF-8".to_string()))?;
            check_token(&text).map_err(|m| err(format!("the command {m}")))
        }
        TokenSource::File(path) => {
            let err = |m: String| ConfigError::new(file, Some("token_file"), m);
            let text = std::fs::read(path)
                .map_err(|e| err(format!("cannot read {}: {e}", path.display())))?;
            let text = String::from_utf8(text)
                .map_err(|_| err(format!("{} is not UTF-8 text", path.display())))?;
            check_token(&text).map_err(|m| err(format!("{} {m}", path.display())))
        }
    }
}

/// Trims and checks a token; the message completes "<source> ...".
fn check_token(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err("gave an empty token".to_string());
    }
    if t.chars().any(char::is_control) {
        return Err("gave more than one line; the token must be a single line".to_string());
    }
    Ok(t.to_string())
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Env => f.write_str("KICKDESK_TOKEN"),
            TokenSource::Command(_) => f.write_str("token_command"),
            TokenSource::File(p) => write!(f, "token_file {}", p.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            check_base_url("https://app.kickserv.com/").as_deref(),
            Ok("https://app.kickserv.com")
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8787").as_deref(),
            Ok("http://127.0.0.1:8787")
        );
        assert_eq!(
            check_base_url("http://localhost:8787/").as_deref(),
            Ok("http://localhost:8787")
        );
        assert_eq!(
            check_base_url("http://[::1]:9").as_deref(),
            Ok("http://[::1]:9")
        );
        assert!(check_base_url("http://example.com").is_err());
        assert!(check_base_url("http://127.0.0.1.example.com").is_err());
        assert!(check_base_url("ftp://example.com").is_err());
        assert!(check_base_url("https://").is_err());
        assert!(check_base_url("https://u:p@example.com").is_err());
        assert!(check_base_url("https://example.com/?x=1").is_err());
    }

    #[test]
    fn account_slug_rules() {
        assert_eq!(check_account(" demo ").as_deref(), Ok("demo"));
        assert_eq!(
            check_account("acme-plumbing_2").as_deref(),
            Ok("acme-plumbing_2")
        );
        for bad in ["", "..", "a/b", "a b", "x?y"] {
            assert!(check_account(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn small_parsers() {
        assert_eq!(parse_hm("07:30"), Ok(hm(7, 30)));
        assert!(parse_hm("7am").is_err());
        assert!(parse_hm("25:00").is_err());
        assert_eq!(parse_weekday("Sunday"), Ok(Weekday::Sun));
        assert_eq!(parse_weekday("mon"), Ok(Weekday::Mon));
        assert!(parse_weekday("someday").is_err());
        assert_eq!(check_poll(5), Ok(Duration::from_secs(5)));
        assert_eq!(
            check_poll(4),
            Err("must be at least 5 seconds (got 4)".to_string())
        );
        assert!(check_poll(-1).is_err());
        assert_eq!(check_poll(3600), Ok(Duration::from_secs(3600)));
        assert_eq!(
            check_poll(3601),
            Err("must be at most 3600 seconds, one hour (got 3601)".to_string())
        );
        assert_eq!(check_token("  abc\n"), Ok("abc".to_string()));
        assert!(check_token("abc\ndef").is_err());
        assert!(check_token(" \n").is_err());
    }

    #[test]
    fn error_display_names_file_and_key() {
        let e = ConfigError::new(
            Some(Path::new("/etc/k/config.toml")),
            Some("poll"),
            "must be at least 5 seconds (got 2)",
        );
        assert_eq!(
            e.to_string(),
            "config error in /etc/k/config.toml: `poll`: must be at least 5 seconds (got 2)"
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
