//! Wiring for each subcommand: config → client → board, agenda or simulator.
//! The only place besides tests that knows the simulator (for `demo`).

use chrono_tz::Tz;
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use crate::agenda;
use crate::app::look::{Asked, ThemeName};
use crate::app::model::Options;
use crate::cli::{AgendaArgs, Cli, Command, DemoArgs, Global, ScaleArg, ServeArgs, SimArgs};
use crate::config::{self, Config};
use crate::kickserv::client::{Client, ClientConfig, TaskQuery, Token};
use crate::kickserv::error::Error as ApiError;
use crate::runtime::cache::DiskCache;
use crate::runtime::drafts::{LEGACY_FILE, Shelf, account_dir};
use crate::runtime::effects::{Clock, system_clock, tokio_clock};
use crate::runtime::state::Owner as StateOwner;
use crate::runtime::store::drafts_dir;
use crate::runtime::terminal::run_board;
use crate::schedule::{Period, WorkHours, Zone, ZoneOrigin, zone_label};
use crate::sim::{self, Scale, SimConfig};

/// Why kickdesk stopped, with its exit code: 2 usage or config, 3 token
/// refused, 4 unreachable, 1 anything else.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<config::ConfigError> for Failure {
    fn from(e: config::ConfigError) -> Self {
        Failure::new(2, e.to_string())
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match e.exit_code() {
            3 => 3,
            4 => 4,
            _ => 1,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::new(1, e.to_string())
    }
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok()
}

/// For testing only: `KICKDESK_TODAY=2026-11-27T10:00:00` (a local time in
/// `tz`, or RFC 3339 with an offset) is the instant the clock starts from,
/// so that a run across midnight sees one day throughout.
fn injected_now(tz: Tz) -> Result<Option<chrono::DateTime<chrono::Utc>>, Failure> {
    let Some(raw) = env("KICKDESK_TODAY").filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let raw = raw.trim();
    let bad = || {
        Failure::new(
            2,
            format!("KICKDESK_TODAY {raw:?} is not a time such as 2026-11-27T10:00:00"),
        )
    };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(Some(t.to_utc()));
    }
    let local =
        chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S").map_err(|_| bad())?;
    use chrono::TimeZone;
    let t = tz.from_local_datetime(&local).earliest().ok_or_else(bad)?;
    Ok(Some(t.to_utc()))
}

/// The board's clock: the system's, or one running from `KICKDESK_TODAY`.
fn clock(tz: Tz) -> Result<Clock, Failure> {
    Ok(injected_now(tz)?.map_or_else(system_clock, tokio_clock))
}

/// Now, as the clock of this run reads it.
fn now_in(tz: Tz) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    Ok(injected_now(tz)?.unwrap_or_else(chrono::Utc::now))
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    let g = cli.global();
    match cli.command {
        Some(Command::Sim(a)) => run_sim(&g, a).await,
        Some(Command::Demo(a)) => run_demo(&g, a).await,
        Some(Command::Agenda(a)) => run_agenda(&g, a).await,
        Some(Command::Check(_)) => run_check(&g).await,
        Some(Command::Serve(a)) => run_serve(&g, a).await,
        Some(Command::Config(a)) => {
            run_config(&g, &a);
            Ok(())
        }
        Some(Command::Completions(a)) => {
            let mut out = std::io::stdout().lock();
            crate::manual::completions(a.shell, &mut out)?;
            Ok(out.flush()?)
        }
        Some(Command::Man) => {
            let mut out = std::io::stdout().lock();
            crate::manual::man_page(&mut out)?;
            Ok(out.flush()?)
        }
        None => run_live(&g).await,
    }
}

/// `kickdesk config --path | --example`: reads nothing but the environment.
fn run_config(g: &Global, a: &crate::cli::ConfigArgs) {
    if a.example {
        print!("{}", config::EXAMPLE_CONFIG);
    } else {
        println!("{}", config::describe_path(&g.o, &env));
    }
}

/// Logs go to a file, never to the screen, through a writer thread with a
/// size cap (see [`crate::logging`]); keep the guard until the end.
fn init_logging(path: &Path) -> Option<crate::logging::Guard> {
    crate::logging::init(path)
}

/// The board's zone and where it came from: `--tz`, the config file, else
/// the system's, else New York (where every published Kickserv example
/// lives). Without a configured zone, Kickserv's timestamps may overrule it
/// (see [`Zone`]).
fn zone(g: &Global, cfg: &Config) -> (Tz, ZoneOrigin) {
    if let Some(tz) = cfg.tz {
        let origin = match (&g.o.tz, &cfg.file) {
            (Some(_), _) | (None, None) => ZoneOrigin::Flag,
            (None, Some(f)) => ZoneOrigin::File(f.display().to_string()),
        };
        return (tz, origin);
    }
    match system_zone() {
        Some(tz) => (tz, ZoneOrigin::Host),
        None => (chrono_tz::America::New_York, ZoneOrigin::Assumed),
    }
}

fn system_zone() -> Option<Tz> {
    if let Some(tz) = env("TZ").and_then(|s| s.trim_start_matches(':').parse().ok()) {
        return Some(tz);
    }
    if let Some(tz) = std::fs::read_to_string("/etc/timezone")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return Some(tz);
    }
    let link = std::fs::read_link("/etc/localtime").ok()?;
    let s = link.to_string_lossy();
    let name = s.split("zoneinfo/").nth(1)?;
    name.parse().ok()
}

/// `--rotate` turns the monitor's pages; without monitor mode it would do
/// nothing, silently.
fn rotate(g: &Global, cfg: &Config) -> Result<Option<Duration>, Failure> {
    match g.rotate {
        Some(_) if !cfg.monitor => Err(Failure::new(
            2,
            "--rotate needs monitor mode: add --monitor, or `monitor = true` to the config",
        )),
        secs => Ok(secs.map(Duration::from_secs)),
    }
}

/// The user's theme files, read once: a broken one stops the start with
/// its file, line and role (exit 2), as a broken config file does.
fn install_themes(cfg: &Config) -> Result<(), Failure> {
    crate::ui::theme::install(cfg.themes_dir.as_deref())
        .map(drop)
        .map_err(|e| Failure::new(2, e.to_string()))
}

/// The theme asked for; with none configured or remembered, dark or light
/// from the terminal's background, asked only when colour is drawn and
/// stdin is a terminal (the board's event reader has not started yet, so
/// the answer cannot be taken for keys). No answer: the default.
fn auto_theme(
    asked: Option<ThemeName>,
    colour: bool,
    stdin_is_terminal: bool,
    is_light: impl FnOnce() -> Option<bool>,
) -> Option<ThemeName> {
    if asked.is_some() || !colour || !stdin_is_terminal {
        return asked;
    }
    is_light().map(|light| match light {
        true => ThemeName::Light,
        false => ThemeName::Dark,
    })
}

/// Asks the terminal for its background colour (OSC 11), waiting briefly:
/// a terminal that does not answer is usually found out before the wait.
fn terminal_is_light() -> Option<bool> {
    let mut o = terminal_colorsaurus::QueryOptions::default();
    o.timeout = Duration::from_millis(150);
    match terminal_colorsaurus::theme_mode(o) {
        Ok(terminal_colorsaurus::ThemeMode::Light) => Some(true),
        Ok(terminal_colorsaurus::ThemeMode::Dark) => Some(false),
        Err(e) => {
            tracing::debug!("the terminal did not say its background: {e}");
            None
        }
    }
}

fn options(
    g: &Global,
    cfg: &Config,
    (account, owner): (&str, StateOwner),
    (tz, zone_origin): (Tz, ZoneOrigin),
) -> Options {
    // View, filter and theme are the account's and profile's own.
    let (state_file, saved) =
        crate::runtime::state::load_for(&cfg.data_dir, owner, cfg.profile.as_deref());
    // The config's theme, else the one last picked in the palette.
    let asked = Asked {
        colors: g.colors,
        no_color: g.o.no_color,
        ascii: g.ascii,
        color: cfg.color,
        theme: auto_theme(
            cfg.theme
                .as_deref()
                .and_then(ThemeName::parse)
                .or(saved.theme),
            cfg.color && !g.o.no_color,
            std::io::stdin().is_terminal(),
            terminal_is_light,
        ),
    };
    Options {
        account: account.to_string(),
        tz,
        zone_origin,
        max_task_days: cfg.max_task_days,
        warn_long_tasks: cfg.warn_long_tasks,
        move_step: i64::from(cfg.move_step_minutes),
        poll: cfg.poll,
        work: WorkHours {
            start: cfg.day_start,
            end: cfg.day_end,
            finished: cfg.finished_statuses.clone().into(),
            late: crate::schedule::Lateness {
                grace_min: i64::from(cfg.late_grace_minutes),
                not_closed_min: i64::from(cfg.not_closed_after_minutes),
            },
        },
        week_start: cfg.week_start,
        hide_weekend: cfg.hide_weekend,
        read_only: cfg.read_only,
        monitor: cfg.monitor,
        look: crate::ui::theme::resolve(&asked, &env).look,
        keymap: cfg.keys.clone(),
        view: saved.view,
        state_file: Some(state_file),
        employee_filter: saved.employees,
        filter_sets: cfg.filters.clone(),
        config_file: cfg
            .file
            .clone()
            .or_else(|| crate::config::config_path(&g.o, &env).0),
        palette_history: saved.palette_history,
        rotate: None,
    }
}

/// The client as the configuration asks: a read's retries stop in time
/// for the next poll; read-only; how many pages go out at once.
fn client_config(cfg: &Config, base_url: &str, account: &str, token: String) -> ClientConfig {
    ClientConfig {
        base_url: base_url.to_string(),
        read_only: cfg.read_only,
        read_budget: Some(cfg.poll),
        page_concurrency: cfg.pages_in_flight,
        ..ClientConfig::new(account, Token::new(token))
    }
}

/// Config, account and token for talking to a real account.
fn connect(g: &Global) -> Result<(Config, Client, String), Failure> {
    let cfg = Config::load(&g.o, &env)?;
    let account = cfg.account.clone().filter(|a| !a.trim().is_empty()).ok_or_else(|| {
        let file = cfg
            .file
            .as_ref()
            .map(|f| format!(" in {}", f.display()))
            .unwrap_or_default();
        Failure::new(2, format!("no account: set `account`{file} or pass --account SLUG (try `kickdesk demo` to look around without one)"))
    })?;
    let token = config::resolve_token(&cfg, &env)?;
    let client = Client::new(client_config(&cfg, &cfg.base_url, &account, token))?;
    Ok((cfg, client, account))
}

/// The first authenticated read, before anything else: a refused token,
/// an unreachable Kickserv or a wrong account stops here, with what to do.
async fn preflight(client: &Client, cfg: &Config, account: &str) -> Result<(), Failure> {
    client
        .check()
        .await
        .map_err(|e| explain(&e, &cfg.base_url, account))
}

/// A failure of the first read, worded for whoever typed the command.
fn explain(e: &ApiError, base_url: &str, account: &str) -> Failure {
    let failure = match e {
        ApiError::Unauthorized => Failure::new(
            3,
            format!(
                "{e}: check the token in KICKDESK_TOKEN, or `token_command` / `token_file` in the config file (Kickserv: {})",
                crate::kickserv::TOKEN_PLACE
            ),
        ),
        ApiError::Forbidden => Failure::new(
            3,
            format!("{e}: use the API token of a user who may see the schedule"),
        ),
        ApiError::Timeout | ApiError::Network(_) => Failure::new(
            4,
            format!(
                "{e} at {base_url}: check the address (--base-url, `base_url`) and the network, then try again"
            ),
        ),
        // Kickserv answers 404 for an account it does not have.
        ApiError::NotFound => Failure::new(2, no_account(base_url, account)),
        other => Failure::from(other.clone()),
    };
    tracing::error!("{}", failure.message);
    failure
}

fn no_account(base_url: &str, account: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut text = format!(
        "no account `{account}` at {base}: check the slug (the part after app.kickserv.com/)"
    );
    // A base URL with a path is most often one with the slug pasted in.
    let path = base
        .split_once("://")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split_once('/'))
        .map(|(_, p)| p)
        .filter(|p| !p.is_empty());
    if let Some(path) = path {
        text.push_str(&format!(
            "; and give --base-url without it (it ends in `/{path}`; Kickserv's is https://app.kickserv.com)"
        ));
    }
    text
}

async fn run_live(g: &Global) -> Result<(), Failure> {
    let (cfg, client, account) = connect(g)?;
    let _log = init_logging(&cfg.log_file);
    let cache = (!g.no_cache).then(|| DiskCache::new(&cfg.cache_dir, &cfg.base_url, &account));
    // Before the screen is taken: a refusal is said on the normal screen.
    // With data of this account cached, the board opens on it at once and
    // says there what Kickserv answers (this account worked before).
    if !cache.as_ref().is_some_and(DiskCache::has_data) {
        preflight(&client, &cfg, &account).await?;
    }
    let zone = zone(g, &cfg);
    let clock = clock(zone.0)?;
    // Drafts are the account's; the single file of older versions is not
    // known to be (its prompt says so).
    let all = drafts_dir(&cfg.data_dir);
    let drafts = Shelf::open(account_dir(&all, &cfg.base_url, &account))
        .with_legacy(all.join(LEGACY_FILE), false);
    install_themes(&cfg)?;
    let owner = StateOwner::Account {
        base_url: &cfg.base_url,
        account: &account,
    };
    let mut opts = options(g, &cfg, (&account, owner), zone);
    opts.rotate = rotate(g, &cfg)?;
    run_board(opts, client, clock, drafts, cache).await?;
    Ok(())
}

fn scale(s: ScaleArg) -> Scale {
    match s {
        ScaleArg::Small => Scale::Small,
        ScaleArg::Large => Scale::Large,
    }
}

async fn run_demo(g: &Global, a: DemoArgs) -> Result<(), Failure> {
    let cfg = Config::load(&g.o, &env)?;
    let _log = init_logging(&cfg.log_file);
    // The simulator serves the board's zone: they agree by construction.
    let tz = cfg.tz.unwrap_or(chrono_tz::America::New_York);
    let sim_cfg = SimConfig {
        scale: scale(a.scale),
        live: a.live.map(Duration::from_secs),
        tz,
        now: injected_now(tz)?,
        ..SimConfig::default()
    };
    let clock = clock(tz)?;
    let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
    let server = sim::start(sim_cfg, addr).await?;
    let client = Client::new(client_config(
        &cfg,
        &server.base_url,
        "demo",
        "demo-token".into(),
    ))?;
    // The demo's tasks are not the account's: its drafts are kept apart.
    let demo = drafts_dir(&cfg.data_dir).join("demo");
    let drafts = Shelf::open(demo.clone()).with_legacy(demo.join(LEGACY_FILE), true);
    install_themes(&cfg)?;
    let mut opts = options(g, &cfg, ("demo", StateOwner::Demo), (tz, ZoneOrigin::Flag));
    opts.rotate = rotate(g, &cfg)?;
    // The simulator's data is not an account's: nothing cached.
    let result = run_board(opts, client, clock, drafts, None).await;
    server.shutdown().await;
    result?;
    Ok(())
}

async fn run_sim(g: &Global, a: SimArgs) -> Result<(), Failure> {
    let args = sim::SimArgs {
        addr: a.addr,
        scale: scale(a.scale),
        seed: a.seed,
        live_secs: a.live,
        latency_ms: a.latency_ms,
        fail_rate: a.fail_rate,
        tz: g.o.tz.clone(),
        max_per_page: a.max_per_page,
        ignore_page: a.ignore_page,
        like_kickserv: a.like_kickserv,
    };
    // A bad --tz or --fail-rate is a usage error; failing to listen is not.
    let mut cfg = args.to_config().map_err(|e| Failure::new(2, e))?;
    // Seeds around, and stays at, the injected instant.
    cfg.now = injected_now(cfg.tz)?;
    sim::serve(cfg, args.addr)
        .await
        .map_err(|e| Failure::new(1, e))
}

async fn run_agenda(g: &Global, a: AgendaArgs) -> Result<(), Failure> {
    let (cfg, client, account) = connect(g)?;
    let _log = init_logging(&cfg.log_file);
    let (tz, origin) = zone(g, &cfg);
    let mut zone = Zone::new(tz, origin);
    let today = now_in(tz)?.with_timezone(&tz).date_naive();
    let first = agenda::parse_day(&a.date, today).map_err(|e| Failure::new(2, e))?;
    if a.days == 0 || a.days > 62 {
        return Err(Failure::new(2, "--days must be between 1 and 62"));
    }
    let mut req = agenda::Request {
        first,
        days: a.days,
        employees: a.employees.clone(),
        tz,
        lookback_days: cfg.max_task_days,
    };
    preflight(&client, &cfg, &account).await?;
    if !a.employees.is_empty() {
        let staff = client.employees().await?;
        agenda::check_employees(&a.employees, &staff).map_err(|e| Failure::new(2, e))?;
    }
    // The zone learns from every task of the window fetched, not only the
    // requested days': those may have none in the host's zone.
    let mut listing = agenda::fetch_window(&client, &req).await?;
    let moved = zone.observe(&listing.tasks);
    if moved || !zone.odd.is_empty() {
        eprintln!("kickdesk: {}", zone.explain());
    }
    if moved {
        // The host's zone is not the account's: list the days the account
        // means (today may be another date there).
        let tz = zone.tz();
        let today = now_in(tz)?.with_timezone(&tz).date_naive();
        let first = agenda::parse_day(&a.date, today).map_err(|e| Failure::new(2, e))?;
        req = agenda::Request { first, tz, ..req };
        listing = agenda::fetch_window(&client, &req).await?;
    }
    agenda::keep(&mut listing.tasks, &req);
    if let Some(note) = crate::schedule::month_day_note(&a.date, req.first) {
        eprintln!("kickdesk: --date {note}");
    }
    let tasks = listing.tasks;
    let out = match a.format {
        crate::cli::Format::Json => agenda::json(&tasks, &req, chrono::Utc::now())
            .map_err(|e| Failure::new(1, e.to_string()))?,
        crate::cli::Format::Raw => {
            agenda::raw(&tasks).map_err(|e| Failure::new(1, e.to_string()))?
        }
        crate::cli::Format::Text => agenda::text(&tasks, &req),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    // What was read is printed; a missing part is said on stderr, exit 1.
    let mut why: Vec<String> =
        agenda::incomplete(&listing.notes, &cfg.log_file.display().to_string())
            .into_iter()
            .collect();
    if cfg.warn_long_tasks {
        why.push(agenda::longer_tasks(cfg.max_task_days));
    }
    match why.is_empty() {
        true => Ok(()),
        false => Err(Failure::new(1, why.join("\nkickdesk: "))),
    }
}

/// Where `kickdesk serve` listens unless told: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";

/// The configuration for `serve`: the `[serve]` table's profile when no
/// other is named, and its board options over the file's (the command
/// line and the environment still win).
fn serve_config(g: &Global) -> Result<Config, Failure> {
    let mut cfg = Config::load(&g.o, &env)?;
    let named = g.o.profile.is_some() || env("KICKDESK_PROFILE").is_some_and(|p| !p.is_empty());
    if let (false, Some(p)) = (named, cfg.serve.profile.clone()) {
        let o = config::Overrides {
            profile: Some(p),
            ..g.o.clone()
        };
        cfg = Config::load(&o, &env)?;
    }
    let t = cfg.serve.clone();
    let unset = |var: &str| env(var).is_none_or(|v| v.is_empty());
    if let (None, true, Some(v)) = (&g.o.base_url, unset("KICKDESK_BASE_URL"), t.base_url) {
        cfg.base_url = v;
    }
    if let (None, true, Some(v)) = (&g.o.account, unset("KICKDESK_ACCOUNT"), t.account) {
        cfg.account = Some(v);
    }
    if let (None, Some(v)) = (&g.o.tz, t.tz) {
        cfg.tz = Some(v);
    }
    if let (None, Some(v)) = (g.o.poll, t.poll) {
        cfg.poll = v;
    }
    Ok(cfg)
}

/// The server's own settings: the command line over `[serve]`.
struct ServePlaces {
    listen: SocketAddr,
    authorized_keys: std::path::PathBuf,
    host_key: std::path::PathBuf,
}

fn serve_places(a: &ServeArgs, cfg: &Config) -> Result<ServePlaces, Failure> {
    let listen = match a.listen.or(cfg.serve.listen) {
        Some(l) => l,
        None => DEFAULT_LISTEN
            .parse()
            .map_err(|_| Failure::new(1, "the default address does not parse"))?,
    };
    let need =
        |flag: &Option<std::path::PathBuf>, file: &Option<std::path::PathBuf>, name: &str| {
            flag.clone().or_else(|| file.clone()).ok_or_else(|| {
                Failure::new(
                    2,
                    format!(
                        "kickdesk serve needs --{name} FILE (or `{}` in the config's [serve])",
                        name.replace('-', "_")
                    ),
                )
            })
        };
    Ok(ServePlaces {
        listen,
        authorized_keys: need(
            &a.authorized_keys,
            &cfg.serve.authorized_keys,
            "authorized-keys",
        )?,
        host_key: need(&a.host_key, &cfg.serve.host_key, "host-key")?,
    })
}

async fn run_serve(g: &Global, a: ServeArgs) -> Result<(), Failure> {
    let cfg = serve_config(g)?;
    let places = serve_places(&a, &cfg)?;
    let keys = crate::serve::keys::load(&places.authorized_keys).map_err(|e| Failure::new(2, e))?;
    for e in &keys.entries {
        if let Some(set) = e
            .filter
            .as_ref()
            .filter(|s| !cfg.filters.iter().any(|(n, _)| n == *s))
        {
            return Err(Failure::new(
                2,
                format!(
                    "{}:{}: filter {set:?} is no saved set of the config's [filters]",
                    places.authorized_keys.display(),
                    e.line
                ),
            ));
        }
    }
    let account = cfg
        .account
        .clone()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| {
            Failure::new(
                2,
                "no account: set `account` (or [serve] `account`) or pass --account SLUG",
            )
        })?;
    let token = config::resolve_token(&cfg, &env)?;
    let writer = Client::new(client_config(&cfg, &cfg.base_url, &account, token.clone()))?;
    let reader = Client::new(ClientConfig {
        read_only: true,
        ..client_config(&cfg, &cfg.base_url, &account, token)
    })?;
    let host_key =
        crate::serve::hostkey::load_or_create(&places.host_key).map_err(|e| Failure::new(2, e))?;
    let _log = init_logging(&cfg.log_file);
    preflight(&writer, &cfg, &account).await?;
    install_themes(&cfg)?;
    let zone = zone(g, &cfg);
    let clock = clock(zone.0)?;
    // The saved sets a key may open on, resolved once against the staff.
    let mut sets = Vec::new();
    if keys.entries.iter().any(|e| e.filter.is_some()) {
        let staff = writer.employees().await?;
        for (name, entries) in &cfg.filters {
            let ids = crate::app::sets::resolve(entries, &staff).0;
            sets.push((
                name.clone(),
                crate::app::state::filter::EmployeeFilter {
                    ids,
                    unassigned: true,
                },
            ));
        }
    }
    let owner = StateOwner::Account {
        base_url: &cfg.base_url,
        account: &account,
    };
    let mut base = options(g, &cfg, (&account, owner), zone);
    base.state_file = None;
    base.employee_filter = None;
    let colour = cfg.color;
    let config_theme = cfg.theme.clone();
    let look: crate::serve::LookFor =
        std::sync::Arc::new(move |theme: Option<&str>, term: &str| {
            let asked = Asked {
                colors: None,
                no_color: !colour,
                ascii: false,
                color: colour,
                theme: theme.or(config_theme.as_deref()).and_then(ThemeName::parse),
            };
            let term = term.to_string();
            crate::ui::theme::resolve(&asked, &move |k: &str| (k == "TERM").then(|| term.clone()))
                .look
        });
    let listener = tokio::net::TcpListener::bind(places.listen)
        .await
        .map_err(|e| Failure::new(1, format!("cannot listen on {}: {e}", places.listen)))?;
    let at = listener.local_addr()?;
    // The first line of stdout says where (port 0: the one chosen).
    println!("listening on {at}");
    let _ = std::io::stdout().flush();
    tracing::info!(
        "serving account {account} on {at} to {} keys, poll {} s",
        keys.entries.len(),
        cfg.poll.as_secs()
    );
    let listings = crate::serve::listings::Listings::start(writer.clone(), clock.clone(), cfg.poll);
    let drafts = account_dir(&drafts_dir(&cfg.data_dir), &cfg.base_url, &account).join("serve");
    let setup = crate::serve::Setup {
        keys,
        host_key,
        base,
        writer,
        reader,
        clock,
        listings,
        sets,
        look,
        drafts: Some(drafts),
    };
    crate::serve::run(setup, listener).await?;
    Ok(())
}

async fn run_check(g: &Global) -> Result<(), Failure> {
    let (cfg, client, account) = connect(g)?;
    let _log = init_logging(&cfg.log_file);
    preflight(&client, &cfg, &account).await?;
    let file = cfg
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "(none)".into());
    // Compare the zone with the offsets of the tasks a board would show first.
    let (tz, origin) = zone(g, &cfg);
    let mut zone = Zone::new(tz, origin);
    let today = now_in(tz)?.with_timezone(&tz).date_naive();
    let (from, to) = Period::day(today).fetch_window(cfg.max_task_days, true);
    let q = TaskQuery {
        from: Some(from),
        to_inclusive: Some(to),
        ..TaskQuery::default()
    };
    // A board that cannot read the tasks is no working setup: say why, exit non-zero.
    let listing = client.list_tasks(&q).await.map_err(|e| {
        let code = Failure::from(e.clone()).code;
        Failure::new(
            code,
            format!("account `{account}` answers, but its task listing cannot be read: {e}"),
        )
    })?;
    zone.observe(&listing.tasks);
    check_sets(&client, &cfg).await?;
    if listing.notes.unreadable > 0 {
        let n = listing.notes.unreadable;
        let (tasks, are) = if n == 1 {
            ("task", "is")
        } else {
            ("tasks", "are")
        };
        return Err(Failure::new(
            1,
            format!(
                "account `{account}` answers, but {n} {tasks} of today's listing {are} unreadable (see {})",
                cfg.log_file.display()
            ),
        ));
    }
    println!(
        "ok: account `{account}` at {} answers; config {file}; time zone {}",
        cfg.base_url,
        zone_label(zone.tz())
    );
    println!("{}", zone.explain());
    Ok(())
}

/// Every entry of every saved set (`[filters]`) names one employee of the
/// account; the first that does not is a config error naming the set, the
/// entry and the file.
async fn check_sets(client: &Client, cfg: &Config) -> Result<(), Failure> {
    if cfg.filters.is_empty() {
        return Ok(());
    }
    let staff = client.employees().await.map_err(|e| {
        let code = Failure::from(e.clone()).code;
        Failure::new(code, format!("the employee list cannot be read: {e}"))
    })?;
    for (name, entries) in &cfg.filters {
        let (_, unknown) = crate::app::sets::resolve(entries, &staff);
        if let Some(e) = unknown.first() {
            return Err(Failure::new(
                2,
                format!(
                    "config error: {}",
                    crate::app::sets::unknown_entry(name, e, cfg.file.as_deref())
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use crate::kickserv::client::MAX_PAGES_IN_FLIGHT;
    use crate::testdir::TempDir;

    /// What the file says reaches the client: the window of pages, the
    /// read budget, read-only.
    #[test]
    fn the_client_is_configured_from_the_file() {
        let dir = TempDir::new("client-config");
        std::fs::create_dir_all(&dir.0).unwrap();
        let file = dir.0.join("config.toml");
        std::fs::write(&file, "pages_in_flight = 3\npoll = 20\nread_only = true\n").unwrap();
        let o = Overrides {
            config: Some(file),
            ..Overrides::default()
        };
        let cfg = Config::load(&o, &|_| None).unwrap();
        let c = client_config(&cfg, "http://127.0.0.1:1", "acme", "t".into());
        assert_eq!(c.page_concurrency, 3);
        assert_eq!(c.read_budget, Some(Duration::from_secs(20)));
        assert!(c.read_only);
        assert_eq!(c.base_url, "http://127.0.0.1:1");
        assert_eq!(c.account, "acme");

        // Without the keys: the client's own default window, writes allowed.
        let cfg = Config::load(&Overrides::default(), &|_| None).unwrap();
        let c = client_config(&cfg, "http://127.0.0.1:1", "acme", "t".into());
        assert_eq!(c.page_concurrency, MAX_PAGES_IN_FLIGHT);
        assert_eq!(MAX_PAGES_IN_FLIGHT, 16);
        assert!(!c.read_only);
    }

    #[test]
    fn the_terminal_is_asked_only_with_no_theme_asked_colour_on_and_a_terminal_on_stdin() {
        use std::cell::Cell;
        let asked = Cell::new(0);
        let light = || {
            asked.set(asked.get() + 1);
            Some(true)
        };
        assert_eq!(auto_theme(None, true, true, light), Some(ThemeName::Light));
        assert_eq!(
            auto_theme(None, true, true, || Some(false)),
            Some(ThemeName::Dark)
        );
        assert_eq!(auto_theme(None, true, true, || None), None);
        let hc = Some(ThemeName::HighContrast);
        assert_eq!(auto_theme(hc, true, true, light), hc);
        assert_eq!(auto_theme(None, false, true, light), None);
        assert_eq!(auto_theme(None, true, false, light), None);
        assert_eq!(asked.get(), 1, "asked only when nothing else decides");
    }

    fn serve_args(listen: Option<&str>) -> ServeArgs {
        ServeArgs {
            listen: listen.map(|l| l.parse().unwrap()),
            authorized_keys: None,
            host_key: None,
            poll: None,
            files: Default::default(),
            account: Default::default(),
            zone: Default::default(),
        }
    }

    /// `[serve]` lays its board options over the file's, and picks the
    /// profile; the command line wins over both.
    #[test]
    fn the_serve_table_is_laid_over_the_file_and_flags_win() {
        let dir = TempDir::new("serve-config");
        std::fs::create_dir_all(&dir.0).unwrap();
        let file = dir.0.join("config.toml");
        std::fs::write(
            &file,
            "account = \"acme\"\npoll = 30\n[serve]\naccount = \"office\"\npoll = 10\nprofile = \"wall\"\nauthorized_keys = \"keys\"\nhost_key = \"hk\"\n[profiles.wall]\nhide_weekend = true\n",
        )
        .unwrap();
        let g = Global {
            o: Overrides {
                config: Some(file.clone()),
                ..Overrides::default()
            },
            ..Global::default()
        };
        let cfg = serve_config(&g).unwrap();
        assert_eq!(cfg.account.as_deref(), Some("office"));
        assert_eq!(cfg.poll, Duration::from_secs(10));
        assert!(cfg.hide_weekend, "the [serve] profile applies");
        let p = serve_places(&serve_args(None), &cfg).unwrap();
        assert_eq!(p.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(p.authorized_keys, dir.0.join("keys"));
        assert_eq!(p.host_key, dir.0.join("hk"));
        let p = serve_places(&serve_args(Some("0.0.0.0:22")), &cfg).unwrap();
        assert_eq!(p.listen.to_string(), "0.0.0.0:22");

        let flags = Global {
            o: Overrides {
                config: Some(file),
                account: Some("flag".into()),
                poll: Some(20),
                ..Overrides::default()
            },
            ..Global::default()
        };
        let cfg = serve_config(&flags).unwrap();
        assert_eq!(cfg.account.as_deref(), Some("flag"));
        assert_eq!(cfg.poll, Duration::from_secs(20));

        // No keys file anywhere: a usage error that says where to give one.
        let bare = Config::load(&Overrides::default(), &|_| None).unwrap();
        let e = serve_places(&serve_args(None), &bare).err().unwrap();
        assert_eq!(e.code, 2);
        assert!(e.message.contains("--authorized-keys"), "{}", e.message);
    }
}
