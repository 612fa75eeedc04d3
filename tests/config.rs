//! Configuration loading: precedence, validation messages, keys, tokens, assets.

#[path = "common/e2e.rs"]
mod e2e;

use chrono::{NaiveTime, Weekday};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kickdesk::app::keymap::{Action, KeySpec, Keymap};
use kickdesk::config::{Config, ConfigError, Overrides, TokenSource, resolve_token};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A fresh directory per call, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "kickdesk-config-test-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Err(e) = std::fs::write(&p, text) {
            panic!("cannot write {}: {e}", p.display());
        }
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

fn with_file(path: &Path) -> Overrides {
    Overrides {
        config: Some(path.to_path_buf()),
        ..Overrides::default()
    }
}

fn load_ok(o: &Overrides, env: &[(&str, &str)]) -> Config {
    match Config::load(o, &env_of(env)) {
        Ok(c) => c,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn load_err(o: &Overrides, env: &[(&str, &str)]) -> ConfigError {
    match Config::load(o, &env_of(env)) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e) => e,
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

const LAYERED: &str = r#"
base_url = "https://file.example.com"
account = "from-file"
poll = 10
[profiles.work]
base_url = "https://profile.example.com"
account = "from-profile"
poll = 20
[profiles.home]
account = "home"
"#;

#[test]
fn flag_beats_env_beats_profile_beats_file() {
    let dir = TempDir::new("precedence");
    let path = dir.write("config.toml", LAYERED);

    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(c.base_url, "https://file.example.com");
    assert_eq!(c.account.as_deref(), Some("from-file"));
    assert_eq!(c.poll, Duration::from_secs(10));
    assert_eq!(c.file.as_deref(), Some(path.as_path()));
    assert_eq!(c.profile, None);

    let mut o = with_file(&path);
    o.profile = Some("work".into());
    let c = load_ok(&o, &[]);
    assert_eq!(c.base_url, "https://profile.example.com");
    assert_eq!(c.account.as_deref(), Some("from-profile"));
    assert_eq!(c.poll, Duration::from_secs(20));
    assert_eq!(c.profile.as_deref(), Some("work"));

    let env = [
        ("KICKDESK_BASE_URL", "https://env.example.com"),
        ("KICKDESK_ACCOUNT", "from-env"),
    ];
    let c = load_ok(&o, &env);
    assert_eq!(c.base_url, "https://env.example.com");
    assert_eq!(c.account.as_deref(), Some("from-env"));
    assert_eq!(c.poll, Duration::from_secs(20));

    o.base_url = Some("https://flag.example.com/".into());
    o.account = Some("from-flag".into());
    o.poll = Some(7);
    let c = load_ok(&o, &env);
    assert_eq!(c.base_url, "https://flag.example.com");
    assert_eq!(c.account.as_deref(), Some("from-flag"));
    assert_eq!(c.poll, Duration::from_secs(7));
}

#[test]
fn profile_and_file_come_from_env_unless_flags_say_otherwise() {
    let dir = TempDir::new("profile-env");
    let path = dir.write("config.toml", LAYERED);
    let path_str = path.to_string_lossy().into_owned();

    let c = load_ok(
        &Overrides::default(),
        &[("KICKDESK_CONFIG", &path_str), ("KICKDESK_PROFILE", "home")],
    );
    assert_eq!(c.account.as_deref(), Some("home"));
    assert_eq!(
        c.base_url, "https://file.example.com",
        "profile without base_url keeps the file's"
    );
    assert_eq!(c.file.as_deref(), Some(path.as_path()));

    let o = Overrides {
        profile: Some("work".into()),
        ..Overrides::default()
    };
    let c = load_ok(
        &o,
        &[("KICKDESK_CONFIG", &path_str), ("KICKDESK_PROFILE", "home")],
    );
    assert_eq!(c.account.as_deref(), Some("from-profile"));

    let other = dir.write("other.toml", "account = \"other\"\n");
    let c = load_ok(&with_file(&other), &[("KICKDESK_CONFIG", &path_str)]);
    assert_eq!(c.account.as_deref(), Some("other"));
}

#[test]
fn colour_and_modes() {
    let dir = TempDir::new("colour");
    let path = dir.write("config.toml", "color = true\nread_only = false\n");

    assert!(load_ok(&with_file(&path), &[]).color);
    assert!(
        load_ok(&with_file(&path), &[("NO_COLOR", "")]).color,
        "empty NO_COLOR is unset"
    );
    assert!(!load_ok(&with_file(&path), &[("NO_COLOR", "1")]).color);
    let mut o = with_file(&path);
    o.no_color = true;
    assert!(!load_ok(&o, &[]).color);

    let mut o = with_file(&path);
    o.monitor = true;
    let c = load_ok(&o, &[]);
    assert!(c.monitor && c.read_only, "monitor implies read-only");

    let monitor_file = dir.write("m.toml", "monitor = true\n");
    let c = load_ok(&with_file(&monitor_file), &[]);
    assert!(c.monitor && c.read_only);
}

#[test]
fn every_value_is_read() {
    let dir = TempDir::new("values");
    let path = dir.write(
        "config.toml",
        r#"
tz = "America/Chicago"
day_start = "06:30"
day_end = "20:00"
week_start = "sunday"
hide_weekend = true
log_file = "logs/k.log"
token_file = "token"
"#,
    );
    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(c.tz, Some(chrono_tz::America::Chicago));
    assert_eq!((c.day_start, c.day_end), (hm(6, 30), hm(20, 0)));
    assert_eq!(c.week_start, Weekday::Sun);
    assert!(c.hide_weekend);
    assert_eq!(
        c.log_file,
        dir.0.join("logs/k.log"),
        "relative to the config file"
    );
    assert_eq!(c.token_source, TokenSource::File(dir.0.join("token")));

    let mut o = with_file(&path);
    o.tz = Some("Europe/Paris".into());
    assert_eq!(load_ok(&o, &[]).tz, Some(chrono_tz::Europe::Paris));
}

#[test]
fn validation_errors_name_the_key_and_the_file() {
    let cases: &[(&str, &str, &str)] = &[
        ("poll = 2", "poll", "at least 5 seconds (got 2)"),
        ("poll = \"30\"", "poll", "whole seconds"),
        ("tz = \"Mars/Olympus_Mons\"", "tz", "Mars/Olympus_Mons"),
        (
            "day_start = \"10:00\"\nday_end = \"09:00\"",
            "day_end",
            "after day_start",
        ),
        ("day_end = \"07:00\"", "day_end", "after day_start"),
        ("day_start = \"7am\"", "day_start", "HH:MM"),
        ("week_start = \"funday\"", "week_start", "funday"),
        ("base_url = \"http://example.com\"", "base_url", "https://"),
        ("account = \"a/b\"", "account", "slug"),
        ("read_only = \"yes\"", "read_only", "true or false"),
        ("color = 1", "color", "true or false"),
        ("token_command = \"  \"", "token_command", "empty"),
        ("pol = 30", "pol", "unknown key"),
        ("[keys]\nfrobnicate = \"x\"", "keys", "frobnicate"),
        (
            "[keys]\ndelete = \"d\"\nday_view = \"d\"",
            "keys",
            "day_view",
        ),
        ("filters = [3]", "filters", "expected a table"),
        (
            "[filters]\nnorth = 3",
            "filters.north",
            "list of employee ids, numbers or names",
        ),
        (
            "[filters]\nnorth = [3, \"\"]",
            "filters.north",
            "expected an employee's name, got an empty string",
        ),
        (
            "[profiles.work]\npoll = 3",
            "profiles.work.poll",
            "at least 5",
        ),
        (
            "[profiles.work]\ncolour = false",
            "profiles.work.colour",
            "unknown key",
        ),
        (
            "[profiles.work.profiles.x]\npoll = 9",
            "profiles.work.profiles",
            "not allowed inside a profile",
        ),
    ];
    let dir = TempDir::new("validation");
    for (i, (body, key, fragment)) in cases.iter().enumerate() {
        let path = dir.write(&format!("c{i}.toml"), body);
        let mut o = with_file(&path);
        if key.starts_with("profiles.work") {
            o.profile = Some("work".into());
        }
        let e = load_err(&o, &[]);
        assert_eq!(e.file.as_deref(), Some(path.as_path()), "{body}");
        assert_eq!(e.key.as_deref(), Some(*key), "{body}: {e}");
        let shown = e.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert!(shown.contains(&format!("`{key}`")), "{shown}");
        assert!(shown.contains(fragment), "{body}: {shown}");
    }
}

#[test]
fn the_documented_message_shape() {
    let dir = TempDir::new("shape");
    let path = dir.write("config.toml", "poll = 2\n");
    let e = load_err(&with_file(&path), &[]);
    assert_eq!(
        e.to_string(),
        format!(
            "config error in {}:1:8: `poll`: must be at least 5 seconds (got 2)",
            path.display()
        )
    );
}

#[test]
fn every_error_names_the_file_the_line_and_the_key() {
    // (file, key, line, column, fragment); unselected profiles are read too.
    let cases: &[(&str, Option<&str>, usize, usize, &str)] = &[
        (
            "poll = 30\npol = 30\n",
            Some("pol"),
            2,
            1,
            "unknown key `pol`",
        ),
        (
            "poll = 30\n[profiles.work]\npoll = 30\ncolour = false\n",
            Some("profiles.work.colour"),
            4,
            1,
            "unknown key `colour`",
        ),
        (
            "[filters]\nnorth = [3]\nsouth = { ids = [4] }\n",
            Some("filters.south"),
            3,
            9,
            "list of employee ids, numbers or names, got table",
        ),
        (
            "[filters]\nnorth = [3, 4.5]\n",
            Some("filters.north"),
            2,
            9,
            "names, got float",
        ),
        (
            "\n\nread_only = \"yes\"\n",
            Some("read_only"),
            3,
            13,
            "expected true or false, got string",
        ),
        (
            "# slow\npoll = 2\n",
            Some("poll"),
            2,
            8,
            "at least 5 seconds",
        ),
        (
            "[profiles.other]\npoll = 1\n",
            Some("profiles.other.poll"),
            2,
            8,
            "at least 5 seconds",
        ),
        (
            "[profiles.work]\nday_start = \"09:00\"\nday_end = \"08:00\"\n",
            Some("profiles.work.day_end"),
            3,
            1,
            "after day_start",
        ),
        (
            "poll = 30\n[keys.form]\nsave = \"ctrl-nope\"\n",
            Some("keys.form"),
            3,
            1,
            "ctrl-nope",
        ),
        (
            "[profiles.work.profiles.x]\npoll = 9\n",
            Some("profiles.work.profiles"),
            1,
            16,
            "not allowed inside a profile",
        ),
        ("\ntoken_file = \"\"\n", Some("token_file"), 2, 1, "empty"),
        ("poll = 30\ntz = = 3\n", Some("tz"), 2, 6, "TOML"),
        (
            "poll = 30\npoll = 40\n",
            Some("poll"),
            2,
            1,
            "duplicate key",
        ),
    ];
    let dir = TempDir::new("lines");
    for (i, (body, key, line, column, fragment)) in cases.iter().enumerate() {
        let path = dir.write(&format!("c{i}.toml"), body);
        let mut o = with_file(&path);
        o.profile = body.contains("[profiles.work]").then(|| "work".into());
        let e = load_err(&o, &[]);
        assert_eq!(e.file.as_deref(), Some(path.as_path()), "{body}");
        assert_eq!(e.key.as_deref(), *key, "{body}: {e}");
        assert_eq!(
            (e.line, e.column),
            (Some(*line), Some(*column)),
            "{body}: {e}"
        );
        let shown = e.to_string();
        let at = format!("{}:{line}:{column}", path.display());
        assert!(shown.contains(&at), "{body}: {shown}");
        if let Some(key) = key {
            assert!(shown.contains(&format!("`{key}`")), "{shown}");
        }
        assert!(shown.contains(fragment), "{body}: {shown}");
    }
}

#[test]
fn bad_flags_and_env_name_the_key_and_their_source() {
    let dir = TempDir::new("flags");
    let path = dir.write("config.toml", "");

    let mut o = with_file(&path);
    o.tz = Some("Nowhere/Land".into());
    let e = load_err(&o, &[]);
    assert_eq!(e.key.as_deref(), Some("tz"));
    assert!(e.to_string().contains("--tz"), "{e}");

    let mut o = with_file(&path);
    o.poll = Some(2);
    let e = load_err(&o, &[]);
    assert_eq!(e.key.as_deref(), Some("poll"));
    assert!(e.message.contains("at least 5"), "{e}");

    let e = load_err(
        &with_file(&path),
        &[("KICKDESK_BASE_URL", "http://10.0.0.1")],
    );
    assert_eq!(e.key.as_deref(), Some("base_url"));
    assert!(e.to_string().contains("KICKDESK_BASE_URL"), "{e}");
}

#[test]
fn unknown_profile_names_it_and_the_file() {
    let dir = TempDir::new("unknown-profile");
    let path = dir.write("config.toml", LAYERED);
    let mut o = with_file(&path);
    o.profile = Some("holiday".into());
    let e = load_err(&o, &[]);
    assert_eq!(e.file.as_deref(), Some(path.as_path()));
    let shown = e.to_string();
    assert!(
        shown.contains("holiday") && shown.contains("home") && shown.contains("work"),
        "{shown}"
    );

    let e = load_err(&with_file(&path), &[("KICKDESK_PROFILE", "nope")]);
    assert!(e.to_string().contains("nope"), "{e}");
}

#[test]
fn missing_explicit_file_is_an_error_and_bad_toml_names_the_file() {
    let dir = TempDir::new("missing");
    let gone = dir.0.join("absent.toml");
    let e = load_err(&with_file(&gone), &[]);
    assert_eq!(e.file.as_deref(), Some(gone.as_path()));

    let gone_str = gone.to_string_lossy().into_owned();
    let e = load_err(&Overrides::default(), &[("KICKDESK_CONFIG", &gone_str)]);
    assert_eq!(e.file.as_deref(), Some(gone.as_path()));

    let broken = dir.write("broken.toml", "poll = = 3\n");
    let e = load_err(&with_file(&broken), &[]);
    assert_eq!(e.file.as_deref(), Some(broken.as_path()));
    assert!(e.to_string().contains("TOML"), "{e}");
}

#[test]
fn keys_table_overrides_and_merges_with_the_profile() {
    let dir = TempDir::new("keys");
    let path = dir.write(
        "config.toml",
        r#"
[keys]
quit = "x"
refresh = ["r", "f5"]
[profiles.wall.keys]
quit = "Q"
"#,
    );
    let press = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);

    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(
        c.keys.action_for(&press(KeyCode::Char('x'))),
        Some(Action::Quit)
    );
    assert_eq!(c.keys.action_for(&press(KeyCode::Char('q'))), None);
    assert_eq!(
        c.keys.action_for(&press(KeyCode::F(5))),
        Some(Action::Refresh)
    );
    assert_eq!(
        c.keys.action_for(&press(KeyCode::Char('j'))),
        Some(Action::MoveDown)
    );

    let mut o = with_file(&path);
    o.profile = Some("wall".into());
    let c = load_ok(&o, &[]);
    assert_eq!(
        c.keys.action_for(&press(KeyCode::Char('Q'))),
        Some(Action::Quit)
    );
    assert_eq!(c.keys.action_for(&press(KeyCode::Char('x'))), None);
    assert_eq!(
        c.keys.action_for(&press(KeyCode::F(5))),
        Some(Action::Refresh),
        "top-level [keys] still apply"
    );

    let clash = dir.write(
        "clash.toml",
        "[keys]\nrefresh = \"x\"\n[profiles.p.keys]\nquit = \"x\"\n",
    );
    let mut o = with_file(&clash);
    o.profile = Some("p".into());
    let e = load_err(&o, &[]);
    let shown = e.to_string();
    assert!(
        shown.contains("`x`") && shown.contains("refresh") && shown.contains("quit"),
        "{shown}"
    );
}

#[test]
fn context_key_tables_load_merge_with_profiles_and_name_file_context_and_key() {
    use kickdesk::app::keymap::{Context, KeyState};
    let dir = TempDir::new("key-contexts");
    let path = dir.write(
        "config.toml",
        r#"
[keys]
refresh = "x"
[keys.form]
save = ["ctrl-s", "f2"]
[keys.detail]
raw_json = "x"
[profiles.wall.keys.form]
save = "f3"
[profiles.wall.keys.board]
quit = "Q"
"#,
    );
    let at = |c: &Config, ctx: Context, code: KeyCode| {
        c.keys.resolve(
            ctx,
            &mut KeyState::default(),
            &KeyEvent::new(code, KeyModifiers::NONE),
        )
    };
    let c = load_ok(&with_file(&path), &[]);
    // One key, two contexts, two meanings.
    assert_eq!(
        at(&c, Context::Board, KeyCode::Char('x')),
        Some(Action::Refresh)
    );
    assert_eq!(
        at(&c, Context::Detail, KeyCode::Char('x')),
        Some(Action::RawJson)
    );
    assert_eq!(at(&c, Context::Form, KeyCode::F(2)), Some(Action::Save));
    assert_eq!(at(&c, Context::Board, KeyCode::F(2)), None);

    let mut o = with_file(&path);
    o.profile = Some("wall".into());
    let c = load_ok(&o, &[]);
    assert_eq!(at(&c, Context::Form, KeyCode::F(3)), Some(Action::Save));
    assert_eq!(
        at(&c, Context::Form, KeyCode::F(2)),
        None,
        "the profile replaces save"
    );
    assert_eq!(
        at(&c, Context::Board, KeyCode::Char('Q')),
        Some(Action::Quit)
    );
    assert_eq!(
        at(&c, Context::Board, KeyCode::Char('x')),
        Some(Action::Refresh),
        "the top-level board keys still apply"
    );
    assert_eq!(
        at(&c, Context::Detail, KeyCode::Char('x')),
        Some(Action::RawJson)
    );

    let cases: &[(&str, &str, &[&str])] = &[
        (
            "[keys.form]\nsave = \"ctrl-nope\"",
            "keys.form",
            &["`save`", "ctrl-nope"],
        ),
        (
            "[keys.form]\ndelete = \"x\"",
            "keys.form",
            &["`delete` is not an action of the form", "board, detail"],
        ),
        (
            "[keys.form]\nsave = \"tab\"\nnext_field = [\"down\", \"tab\"]",
            "keys.form",
            &["`Tab`", "`save`", "`next_field`", "form"],
        ),
        (
            "[keys.calendar]\nquit = \"x\"",
            "keys.calendar",
            &["unknown key context"],
        ),
        (
            "[keys]\nfirst = [\"home\", \"g g\"]\ngoto_date = \"g\"",
            "keys",
            &["`g` of `goto_date`", "`g g` of `first`", "board"],
        ),
        (
            "[profiles.work.keys.confirm]\nyes = \"n\"\nno = [\"esc\", \"n\"]",
            "profiles.work.keys.confirm",
            &["`n`", "`yes`", "`no`", "confirm"],
        ),
        (
            "[keys.confirm]\nyes = \"n\"\n[profiles.work.keys.confirm]\nno = \"n\"",
            "profiles.work.keys.confirm",
            &["`n`", "`yes`", "`no`", "confirm"],
        ),
    ];
    for (i, (body, key, fragments)) in cases.iter().enumerate() {
        let path = dir.write(&format!("bad{i}.toml"), body);
        let mut o = with_file(&path);
        if key.starts_with("profiles.work") {
            o.profile = Some("work".into());
        }
        let e = load_err(&o, &[]);
        assert_eq!(e.file.as_deref(), Some(path.as_path()), "{body}");
        assert_eq!(e.key.as_deref(), Some(*key), "{body}: {e}");
        let shown = e.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        for f in *fragments {
            assert!(shown.contains(f), "{body}: {f}: {shown}");
        }
    }
}

#[test]
fn profile_token_source_replaces_the_top_level_one() {
    let dir = TempDir::new("token-layers");
    let path = dir.write(
        "config.toml",
        "token_command = \"echo top\"\n[profiles.p]\ntoken_file = \"/run/secret\"\n",
    );
    assert_eq!(
        load_ok(&with_file(&path), &[]).token_source,
        TokenSource::Command("echo top".into())
    );
    let mut o = with_file(&path);
    o.profile = Some("p".into());
    assert_eq!(
        load_ok(&o, &[]).token_source,
        TokenSource::File(PathBuf::from("/run/secret"))
    );
}

fn cfg_with(source: TokenSource) -> Config {
    let mut c = Config::defaults();
    c.token_source = source;
    c
}

#[test]
fn token_from_env_wins() {
    let c = cfg_with(TokenSource::Command("echo from-command".into()));
    assert_eq!(
        resolve_token(&c, &env_of(&[("KICKDESK_TOKEN", " from-env\n")]))
            .ok()
            .as_deref(),
        Some("from-env")
    );
}

#[test]
fn token_from_command() {
    let c = cfg_with(TokenSource::Command("echo tok".into()));
    assert_eq!(resolve_token(&c, &env_of(&[])).ok().as_deref(), Some("tok"));
}

#[test]
fn failing_command_reports_stderr_never_stdout() {
    let c = cfg_with(TokenSource::Command(
        "echo s3cret-token; echo 'vault: locked' >&2; echo second >&2; exit 3".into(),
    ));
    let e = match resolve_token(&c, &env_of(&[])) {
        Ok(_) => panic!("a failing command must not give a token"),
        Err(e) => e,
    };
    let shown = e.to_string();
    assert_eq!(e.key.as_deref(), Some("token_command"));
    assert!(
        shown.contains("vault: locked") && shown.contains("status 3"),
        "{shown}"
    );
    assert!(!shown.contains("second"), "only the first line: {shown}");
    assert!(!shown.contains("s3cret-token"), "{shown}");

    let echoing = cfg_with(TokenSource::Command(
        "echo s3cret-token; echo bad s3cret-token >&2; exit 1".into(),
    ));
    let shown = resolve_token(&echoing, &env_of(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        shown.contains("bad") && !shown.contains("s3cret-token"),
        "{shown}"
    );

    let silent = cfg_with(TokenSource::Command("true".into()));
    let e = resolve_token(&silent, &env_of(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn token_from_file() {
    let dir = TempDir::new("token-file");
    let token = dir.write("token", "  file-tok\n");
    let c = cfg_with(TokenSource::File(token));
    assert_eq!(
        resolve_token(&c, &env_of(&[])).ok().as_deref(),
        Some("file-tok")
    );

    let two_lines = dir.write("two", "s3cret\nmore\n");
    let shown = resolve_token(&cfg_with(TokenSource::File(two_lines)), &env_of(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        shown.contains("single line") && !shown.contains("s3cret"),
        "{shown}"
    );

    let empty = dir.write("empty", "\n");
    assert!(resolve_token(&cfg_with(TokenSource::File(empty)), &env_of(&[])).is_err());

    let gone = cfg_with(TokenSource::File(dir.0.join("absent")));
    let e = resolve_token(&gone, &env_of(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("token_file") && e.contains("absent"), "{e}");
}

#[test]
fn no_token_anywhere_says_how_to_set_one() {
    let c = cfg_with(TokenSource::Env);
    let e = resolve_token(&c, &env_of(&[]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("KICKDESK_TOKEN") && e.contains("token_command"),
        "{e}"
    );
    let e = resolve_token(&c, &env_of(&[("KICKDESK_TOKEN", "  ")]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn example_config_is_valid_in_every_profile() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.toml");
    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(c.base_url, "https://app.kickserv.com");
    assert_eq!(c.poll, Duration::from_secs(30));
    assert_eq!((c.day_start, c.day_end), (hm(7, 0), hm(19, 0)));

    let mut o = with_file(&path);
    o.profile = Some("demo".into());
    let c = load_ok(&o, &[]);
    assert_eq!(c.base_url, "http://127.0.0.1:8787");
    assert_eq!(
        resolve_token(&c, &env_of(&[])).ok().as_deref(),
        Some("demo-token")
    );

    o.profile = Some("wall".into());
    let c = load_ok(&o, &[]);
    assert!(c.monitor && c.read_only && c.hide_weekend);

    assert_eq!(
        kickdesk::config::EXAMPLE_CONFIG,
        std::fs::read_to_string(&path).unwrap_or_default()
    );
}

#[test]
fn keyspec_display_parses_back_to_the_same_key() {
    let specs = [
        "q",
        "D",
        "?",
        "[",
        "]",
        "/",
        ":",
        "-",
        "enter",
        "esc",
        "tab",
        "backtab",
        "shift-tab",
        "space",
        "up",
        "down",
        "left",
        "right",
        "pageup",
        "pagedown",
        "home",
        "end",
        "f1",
        "f12",
        "ctrl-l",
        "ctrl-c",
        "alt-x",
        "alt-X",
        "shift-up",
        "ctrl--",
        "ctrl-alt-delete",
        "backspace",
        "insert",
    ];
    for s in specs {
        let k = match KeySpec::parse(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        };
        let shown = k.to_string();
        assert_eq!(KeySpec::parse(&shown), Ok(k), "{s} → {shown}");
    }
}

#[test]
fn every_default_key_round_trips_and_resolves_to_its_action() {
    let map = Keymap::defaults();
    for &a in Action::ALL {
        for k in map.keys_for(a) {
            assert_eq!(KeySpec::parse(&k.to_string()), Ok(*k));
            let ev = KeyEvent::new(k.code, k.mods);
            assert_eq!(map.action_for(&ev), Some(a), "{k}");
        }
    }
}

#[test]
fn shifted_letters_match_however_the_terminal_spells_them() {
    let map = Keymap::defaults();
    for (code, mods, want) in [
        (
            KeyCode::Char('E'),
            KeyModifiers::SHIFT,
            Some(Action::EmployeeFilter),
        ),
        (
            KeyCode::Char('E'),
            KeyModifiers::NONE,
            Some(Action::EmployeeFilter),
        ),
        (
            KeyCode::Char('e'),
            KeyModifiers::SHIFT,
            Some(Action::EmployeeFilter),
        ),
        (KeyCode::Char('e'), KeyModifiers::NONE, Some(Action::Edit)),
        (KeyCode::Char('?'), KeyModifiers::SHIFT, Some(Action::Help)),
        (KeyCode::Char('?'), KeyModifiers::NONE, Some(Action::Help)),
        (
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            Some(Action::PrevMatch),
        ),
        (KeyCode::Char('q'), KeyModifiers::CONTROL, None),
    ] {
        assert_eq!(
            map.action_for(&KeyEvent::new(code, mods)),
            want,
            "{code:?} {mods:?}"
        );
    }
}

#[test]
fn poll_is_bounded_to_five_seconds_and_one_hour_in_file_and_flag() {
    let dir = TempDir::new("pollbounds");
    // Values that once overflowed the date arithmetic or wrapped to a poll a second.
    for (n, fragment) in [
        (
            "8300000000000",
            "at most 3600 seconds, one hour (got 8300000000000)",
        ),
        ("3601", "at most 3600"),
        ("4", "at least 5"),
    ] {
        let path = dir.write("config.toml", &format!("poll = {n}\n"));
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(e.key.as_deref(), Some("poll"));
        let shown = e.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert!(shown.contains(fragment), "{shown}");
    }
    let path = dir.write("config.toml", "");
    for (n, fragment) in [
        (8_300_000_000_000, "(got 8300000000000)"),
        (u64::MAX, "(got 18446744073709551615)"),
        (3601, "at most 3600"),
    ] {
        let mut o = with_file(&path);
        o.poll = Some(n);
        let e = load_err(&o, &[]);
        assert_eq!(e.key.as_deref(), Some("poll"));
        let shown = e.to_string();
        assert!(
            shown.contains("--poll") && shown.contains(fragment),
            "{shown}"
        );
    }
    for n in [5, 3600] {
        let mut o = with_file(&path);
        o.poll = Some(n);
        assert_eq!(load_ok(&o, &[]).poll, Duration::from_secs(n));
    }
}

#[test]
fn max_task_days_defaults_to_31_is_read_and_bounded() {
    let dir = TempDir::new("max-task-days");
    let none = dir.write("none.toml", "");
    assert_eq!(load_ok(&with_file(&none), &[]).max_task_days, 31);
    let set = dir.write(
        "set.toml",
        "max_task_days = 62\n[profiles.wall]\nmax_task_days = 7\n",
    );
    assert_eq!(load_ok(&with_file(&set), &[]).max_task_days, 62);
    let mut o = with_file(&set);
    o.profile = Some("wall".into());
    assert_eq!(load_ok(&o, &[]).max_task_days, 7);
    for (body, fragment) in [
        ("max_task_days = 0", "between 1 and 366 days (got 0)"),
        ("max_task_days = 400", "between 1 and 366 days (got 400)"),
        ("max_task_days = -3", "(got -3)"),
        ("max_task_days = \"31\"", "whole days"),
    ] {
        let path = dir.write("bad.toml", body);
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(e.key.as_deref(), Some("max_task_days"), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
    }
    // The example config documents it, with its default.
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\nmax_task_days = 31\n"));
}

#[test]
fn pages_in_flight_defaults_to_16_is_read_and_bounded() {
    let dir = TempDir::new("pages-in-flight");
    let none = dir.write("none.toml", "");
    assert_eq!(load_ok(&with_file(&none), &[]).pages_in_flight, 16);
    let set = dir.write(
        "set.toml",
        "pages_in_flight = 4\n[profiles.gentle]\npages_in_flight = 1\n",
    );
    assert_eq!(load_ok(&with_file(&set), &[]).pages_in_flight, 4);
    let mut o = with_file(&set);
    o.profile = Some("gentle".into());
    assert_eq!(load_ok(&o, &[]).pages_in_flight, 1);
    let top = dir.write("top.toml", "pages_in_flight = 16");
    assert_eq!(load_ok(&with_file(&top), &[]).pages_in_flight, 16);
    for (body, fragment) in [
        ("pages_in_flight = 0", "between 1 and 16 pages (got 0)"),
        ("pages_in_flight = 17", "between 1 and 16 pages (got 17)"),
        ("pages_in_flight = -1", "(got -1)"),
        ("pages_in_flight = 2.5", "whole number of pages"),
    ] {
        let path = dir.write("bad.toml", body);
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(e.key.as_deref(), Some("pages_in_flight"), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
    }
    // The example config documents it, with its default.
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\npages_in_flight = 16\n"));
}

#[test]
fn finished_statuses_are_read_as_a_list_of_names() {
    let dir = TempDir::new("finished-statuses");
    let none = dir.write("none.toml", "");
    assert!(load_ok(&with_file(&none), &[]).finished_statuses.is_empty());
    let set = dir.write(
        "set.toml",
        "finished_statuses = [\"invoiced\", \" closed \"]\n",
    );
    assert_eq!(
        load_ok(&with_file(&set), &[]).finished_statuses,
        vec!["invoiced".to_string(), "closed".to_string()]
    );
    for (body, fragment) in [
        (
            "finished_statuses = \"invoiced\"",
            "expected a list of status names",
        ),
        ("finished_statuses = [1]", "expected status names (strings)"),
        (
            "finished_statuses = [\"\"]",
            "expected status names (strings)",
        ),
    ] {
        let path = dir.write("bad.toml", body);
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(e.key.as_deref(), Some("finished_statuses"), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
    }
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\nfinished_statuses = []\n"));
}

#[test]
fn config_and_client_accept_and_refuse_the_same_base_addresses() {
    use kickdesk::kickserv::{Client, ClientConfig, Error, Token};
    let dir = TempDir::new("base-url");
    let path = dir.write("config.toml", "");
    let by_config = |url: &str| {
        let mut o = with_file(&path);
        o.base_url = Some(url.to_string());
        Config::load(&o, &env_of(&[])).map(|c| c.base_url)
    };
    let by_client = |url: &str| {
        let mut cfg = ClientConfig::new("demo", Token::new("t"));
        cfg.base_url = url.to_string();
        Client::new(cfg)
    };
    let accepted = [
        "https://app.kickserv.com",
        "https://app.kickserv.com/prefix/",
        "http://localhost:8787",
        "http://LocalHost:8787/",
        "http://127.0.0.1:8787",
        "http://127.1.2.3",
        "http://[::1]:9",
        // An IPv4-mapped loopback is this machine too (the config refused it).
        "http://[::ffff:127.0.0.1]:9",
    ];
    for url in accepted {
        assert!(by_config(url).is_ok(), "config refused {url}");
        assert!(by_client(url).is_ok(), "client refused {url}");
        // What the config keeps, the client takes.
        if let Ok(kept) = by_config(url) {
            assert!(
                by_client(&kept).is_ok(),
                "client refused the config's {kept}"
            );
        }
    }
    let refused = [
        "http://app.kickserv.com",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://[::2]",
        "http://[::ffff:10.0.0.1]",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
        "ftp://localhost",
        "app.kickserv.com",
        "https://",
        "https://user:pw@app.kickserv.com",
        "https://app.kickserv.com/?x=1",
        "https://app.kickserv.com/#top",
        // The client used to take a space in the path (percent-encoded).
        "https://app.kickserv.com/a b",
        "https://exa%mple.com",
    ];
    for url in refused {
        let e = match by_config(url) {
            Ok(kept) => panic!("config accepted {url} as {kept}"),
            Err(e) => e,
        };
        assert_eq!(e.key.as_deref(), Some("base_url"), "{url}");
        assert!(
            matches!(by_client(url), Err(Error::InvalidBaseUrl(_))),
            "client accepted {url}"
        );
        // Credentials are never echoed, by either.
        if let Err(e) = by_client(url) {
            assert!(!e.to_string().contains("pw"), "{e}");
        }
        assert!(!e.to_string().contains("pw@"), "{e}");
    }
}

#[test]
fn filter_sets_load_from_the_file_and_a_profile_replaces_them() {
    let dir = TempDir::new("filters");
    let path = dir.write(
        "c.toml",
        "[filters]\nnorth = [3, 7, 9]\nsouth = []\n\n[profiles.east.filters]\neast = [4]\n",
    );
    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(
        c.filters,
        vec![
            ("north".to_string(), ids(&[3, 7, 9])),
            ("south".to_string(), vec![])
        ]
    );
    let mut o = with_file(&path);
    o.profile = Some("east".into());
    assert_eq!(
        load_ok(&o, &[]).filters,
        vec![("east".to_string(), ids(&[4]))]
    );
}

#[test]
fn the_example_configs_filters_load_when_uncommented() {
    let text = kickdesk::config::EXAMPLE_CONFIG
        .replace("# [filters]", "[filters]")
        .replace("# north = ", "north = ");
    assert!(
        text.contains("\n[filters]\n"),
        "the example shows [filters]"
    );
    let dir = TempDir::new("example-filters");
    let path = dir.write("c.toml", &text);
    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(
        c.filters,
        vec![(
            "north".to_string(),
            vec![
                kickdesk::config::sets::SetEntry::Number(3),
                kickdesk::config::sets::SetEntry::Name("Ana Gómez".into()),
                kickdesk::config::sets::SetEntry::Id(2400117),
            ]
        )]
    );
}

#[test]
fn theme_is_read_from_the_file_and_a_profile_and_bad_names_are_refused() {
    let dir = TempDir::new("theme");
    let none = dir.write("none.toml", "");
    assert_eq!(load_ok(&with_file(&none), &[]).theme, None);
    let set = dir.write(
        "set.toml",
        "theme = \"light\"\n[profiles.wall]\ntheme = \"high-contrast\"\n",
    );
    assert_eq!(
        load_ok(&with_file(&set), &[]).theme.as_deref(),
        Some("light")
    );
    let mut o = with_file(&set);
    o.profile = Some("wall".into());
    assert_eq!(load_ok(&o, &[]).theme.as_deref(), Some("high-contrast"));
    for body in ["theme = \"solarized\"", "theme = 3"] {
        let path = dir.write("bad.toml", body);
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(e.key.as_deref(), Some("theme"), "{body}: {e}");
    }
    let path = dir.write("bad.toml", "theme = \"solarized\"");
    let e = load_err(&with_file(&path), &[]);
    assert!(e.to_string().contains("dark, light, high-contrast"), "{e}");
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\ntheme = \"dark\"\n"));
}

/// `kickdesk config ...` with a scratch home, nothing of the user's read.
fn kickdesk_config(home: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = e2e::kickdesk();
    cmd.arg("config")
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg"))
        .env_remove("KICKDESK_CONFIG")
        .env_remove("KICKDESK_PROFILE");
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run kickdesk: {e}"),
    }
}

#[test]
fn config_path_says_where_the_file_is_read_from_and_whether_it_exists() {
    let dir = TempDir::new("config-path");
    let usual = dir.0.join("xdg/kickdesk/config.toml");
    let out = kickdesk_config(&dir.0, &["--path"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        shown,
        format!("{} (does not exist; the defaults apply)\n", usual.display())
    );

    let named = dir.write("mine.toml", "poll = 10\n");
    let out = kickdesk_config(&dir.0, &["--path", "--config", &named.to_string_lossy()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{} (exists)\n", named.display())
    );

    let gone = dir.0.join("gone.toml");
    let out = kickdesk_config(&dir.0, &["--path", "--config", &gone.to_string_lossy()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{} (does not exist)\n", gone.display())
    );

    // One of the two is needed, and only one.
    assert_eq!(kickdesk_config(&dir.0, &[]).status.code(), Some(2));
    assert_eq!(
        kickdesk_config(&dir.0, &["--path", "--example"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn config_example_prints_the_commented_example() {
    let dir = TempDir::new("config-example");
    let out = kickdesk_config(&dir.0, &["--example"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        kickdesk::config::EXAMPLE_CONFIG
    );
}

/// The example with its commented-out `key = value` lines and `[table]`
/// headers turned on; the prose comments stay comments.
fn example_uncommented() -> String {
    kickdesk::config::EXAMPLE_CONFIG
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if is_setting(rest) => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `name = ...` or `[table]`, as opposed to a sentence.
fn is_setting(line: &str) -> bool {
    let name_then = |rest: &str| {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        !name.is_empty() && rest[name.len()..].starts_with(" = ")
    };
    name_then(line) || (line.starts_with('[') && line.ends_with(']') && !line.contains(' '))
}

#[test]
fn the_example_loads_with_its_commented_settings_and_documents_every_key() {
    let text = example_uncommented();
    for on in [
        "\naccount = ",
        "\ntz = ",
        "\nlog_file = ",
        "\n[filters]\n",
        "\nquit = ",
    ] {
        assert!(text.contains(on), "{on:?} was not turned on:\n{text}");
    }
    let dir = TempDir::new("example-all");
    let path = dir.write("c.toml", &text);
    let home = dir.0.to_string_lossy().into_owned();
    let c = load_ok(&with_file(&path), &[("HOME", &home)]);
    assert_eq!(c.account.as_deref(), Some("acme-plumbing"));
    assert_eq!(c.tz, Some(chrono_tz::America::Chicago));
    assert_eq!(c.log_file, dir.0.join("kickdesk.log"));
    assert_eq!(
        c.filters,
        vec![(
            "north".to_string(),
            vec![
                kickdesk::config::sets::SetEntry::Number(3),
                kickdesk::config::sets::SetEntry::Name("Ana Gómez".into()),
                kickdesk::config::sets::SetEntry::Id(2400117),
            ]
        )]
    );
    for profile in ["demo", "wall"] {
        let mut o = with_file(&path);
        o.profile = Some(profile.into());
        load_ok(&o, &[("HOME", &home)]);
    }

    // Every key of the schema is shown, as `key = ` or as a `[key...]` table.
    let keys = kickdesk::config::schema_keys();
    assert!(keys.len() >= 19, "{keys:?}");
    for key in keys {
        let shown = text.lines().any(|l| {
            l.starts_with(&format!("{key} = "))
                || l.starts_with(&format!("[{key}]"))
                || l.starts_with(&format!("[{key}."))
        });
        assert!(shown, "`{key}` is not documented in assets/config.toml");
    }
}

#[test]
fn a_key_bound_in_the_file_wins_over_a_default_and_two_of_the_files_clash() {
    use kickdesk::app::keymap::Context;
    let dir = TempDir::new("user-wins");
    let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    // `d` is the day view's by default; the file gives it to delete.
    let path = dir.write(
        "c.toml",
        "[keys]\ndelete = \"d\"\n[keys.detail]\nraw_json = \"q\"\n",
    );
    let c = load_ok(&with_file(&path), &[]);
    assert_eq!(c.keys.action_for(&press('d')), Some(Action::Delete));
    assert!(c.keys.bindings(Context::Board, Action::DayView).is_empty());
    assert_eq!(
        c.keys.bindings(Context::Detail, Action::Close),
        ["Esc", "Enter"]
    );

    // Two of the file's own bindings of one key: both actions, file and line.
    let path = dir.write(
        "clash.toml",
        "[keys]\ndelete = \"x\"\n\n[keys.board]\nrefresh = \"x\"\n",
    );
    let e = load_err(&with_file(&path), &[]);
    let shown = e.to_string();
    assert!(
        shown.contains("`x`") && shown.contains("`delete`") && shown.contains("`refresh`"),
        "{shown}"
    );
    assert_eq!(e.key.as_deref(), Some("keys"), "{shown}");
    // The later of the two in the action table, `refresh`, is the one shown.
    assert_eq!((e.line, e.column), (Some(5), Some(1)), "{shown}");
}

/// A token source that never ends is cut after a few KB or stopped after
/// `token_command_timeout`, with an error naming the key; nothing hangs.
#[test]
fn token_sources_that_never_end_are_cut_or_stopped() {
    let dir = TempDir::new("endless-token");
    let cases = [
        (
            "token_file = \"/dev/zero\"",
            "token_file",
            "longer than 4 KB",
        ),
        (
            "token_command = \"yes abcdefgh\"\ntoken_command_timeout = 1",
            "token_command",
            "printed more than 4 KB",
        ),
        (
            // Thirty seconds, not for ever: `sh` may run it as its child,
            // which outlives the stopped shell.
            "token_command = \"sleep 30\"\ntoken_command_timeout = 1",
            "token_command",
            "did not finish within 1 s (`token_command_timeout`)",
        ),
    ];
    for (body, key, fragment) in cases {
        let path = dir.write("endless.toml", body);
        let c = load_ok(&with_file(&path), &[]);
        let e = match resolve_token(&c, &env_of(&[])) {
            Ok(_) => panic!("{body}: gave a token"),
            Err(e) => e,
        };
        assert_eq!(e.key.as_deref(), Some(key), "{body}: {e}");
        assert_eq!(e.file.as_deref(), Some(path.as_path()), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
    }
}

#[test]
fn token_command_timeout_defaults_to_30_is_read_and_bounded() {
    let dir = TempDir::new("token-timeout");
    let none = dir.write("none.toml", "");
    assert_eq!(
        load_ok(&with_file(&none), &[]).token_command_timeout,
        Duration::from_secs(30)
    );
    let set = dir.write("set.toml", "token_command_timeout = 5\n");
    assert_eq!(
        load_ok(&with_file(&set), &[]).token_command_timeout,
        Duration::from_secs(5)
    );
    for (body, fragment) in [
        (
            "token_command_timeout = 0",
            "between 1 and 600 seconds (got 0)",
        ),
        (
            "token_command_timeout = 601",
            "between 1 and 600 seconds (got 601)",
        ),
        ("token_command_timeout = \"5\"", "whole seconds"),
    ] {
        let path = dir.write("bad.toml", body);
        let e = load_err(&with_file(&path), &[]);
        assert_eq!(
            e.key.as_deref(),
            Some("token_command_timeout"),
            "{body}: {e}"
        );
        assert_eq!(e.file.as_deref(), Some(path.as_path()), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
    }
    // The example config documents it, with its default.
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\ntoken_command_timeout = 30\n"));
}

/// Bytes that are not UTF-8 are found at their line and column, like every
/// other error of the file.
#[test]
fn a_config_file_that_is_not_utf8_names_the_line_and_column() {
    let dir = TempDir::new("not-utf8");
    let path = dir.0.join("latin1.toml");
    std::fs::write(&path, b"poll = 30\n# caf\xe9 at the corner\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let e = load_err(&with_file(&path), &[]);
    assert_eq!(e.file.as_deref(), Some(path.as_path()), "{e}");
    assert_eq!((e.line, e.column), (Some(2), Some(6)), "{e}");
    assert!(e.to_string().contains(":2:6"), "{e}");
    assert!(e.to_string().contains("not UTF-8"), "{e}");
}

#[test]
fn warn_long_tasks_defaults_to_true_and_is_read() {
    let dir = TempDir::new("warn-long-tasks");
    let none = dir.write("none.toml", "");
    assert!(load_ok(&with_file(&none), &[]).warn_long_tasks);
    let set = dir.write(
        "set.toml",
        "warn_long_tasks = false\n[profiles.wall]\nwarn_long_tasks = true\n",
    );
    assert!(!load_ok(&with_file(&set), &[]).warn_long_tasks);
    let mut o = with_file(&set);
    o.profile = Some("wall".into());
    assert!(load_ok(&o, &[]).warn_long_tasks);
    let bad = dir.write("bad.toml", "warn_long_tasks = \"no\"");
    let e = load_err(&with_file(&bad), &[]);
    assert_eq!(e.key.as_deref(), Some("warn_long_tasks"), "{e}");
    assert_eq!(e.file.as_deref(), Some(bad.as_path()), "{e}");
    assert!(e.to_string().contains("true or false"), "{e}");
    // The example config documents it, with its default.
    assert!(kickdesk::config::EXAMPLE_CONFIG.contains("\nwarn_long_tasks = true\n"));
}

/// A saved set's entries, all by id.
fn ids(v: &[i64]) -> Vec<kickdesk::config::sets::SetEntry> {
    v.iter().map(|&i| i.into()).collect()
}

#[test]
fn the_serve_table_sets_the_servers_options_and_its_paths_are_beside_the_file() {
    let dir = TempDir::new("serve-table");
    let path = dir.write(
        "c.toml",
        "account = \"acme\"\npoll = 30\n[serve]\nlisten = \"0.0.0.0:2200\"\nauthorized_keys = \"keys\"\nhost_key = \"~/hk\"\naccount = \"office\"\npoll = 10\ntz = \"Europe/Paris\"\nprofile = \"wall\"\n[profiles.wall]\nmonitor = true\n",
    );
    let c = load_ok(&with_file(&path), &[("HOME", "/home/d")]);
    let s = &c.serve;
    assert_eq!(s.listen, Some("0.0.0.0:2200".parse().unwrap()));
    assert_eq!(
        s.authorized_keys.as_deref(),
        Some(dir.0.join("keys").as_path())
    );
    assert_eq!(s.host_key.as_deref(), Some(Path::new("/home/d/hk")));
    assert_eq!(s.account.as_deref(), Some("office"));
    assert_eq!(s.poll, Some(std::time::Duration::from_secs(10)));
    assert_eq!(s.tz.map(|t| t.name()), Some("Europe/Paris"));
    assert_eq!(s.profile.as_deref(), Some("wall"));
    // The board's own keys are untouched: `serve` lays them over itself.
    assert_eq!(c.account.as_deref(), Some("acme"));
    assert_eq!(c.poll, std::time::Duration::from_secs(30));

    let bad = dir.write("b.toml", "[serve]\nlisten = \"localhost\"\n");
    let e = load_err(&with_file(&bad), &[]);
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.to_string().contains("127.0.0.1:2222"), "{e}");
    let unknown = dir.write("u.toml", "[serve]\nport = 22\n");
    let e = load_err(&with_file(&unknown), &[]);
    assert!(e.to_string().contains("port"), "{e}");
}
