//! The command line (fixed interface: see the README). Parsing only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kickdesk",
    version,
    about = "A terminal dispatch board for Kickserv"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Accepted before or after a subcommand.
#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// Profile from the config file's [profiles.NAME]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Config file (default: the platform config dir's kickdesk/config.toml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Kickserv base URL, without the account (default https://app.kickserv.com)
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Account slug: what follows app.kickserv.com/ in the browser
    #[arg(long, global = true, value_name = "SLUG")]
    pub account: Option<String>,
    /// Never send a request that changes anything
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Desk-monitor mode: read-only, for an always-on screen
    #[arg(long, global = true)]
    pub monitor: bool,
    /// No colours (also: NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Account time zone, IANA name (e.g. America/New_York)
    #[arg(long, global = true, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Seconds between polls (5 to 3600)
    #[arg(long, global = true, value_name = "SECS")]
    pub poll: Option<u64>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The board against a built-in simulator: no account, no network
    Demo(DemoArgs),
    /// Run the Kickserv-compatible simulator (prints its base URL first)
    Sim(SimArgs),
    /// Print a day (or several) of tasks, by employee, as text or JSON
    Agenda(AgendaArgs),
    /// Verify config, token and reachability
    Check,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScaleArg {
    #[default]
    Small,
    Large,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    /// Every SECS seconds some tasks move, change, appear or disappear
    #[arg(long, value_name = "SECS")]
    pub live: Option<u64>,
}

#[derive(Args, Debug)]
pub struct SimArgs {
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Every SECS seconds some tasks move, change, appear or disappear
    #[arg(long, value_name = "SECS")]
    pub live: Option<u64>,
    /// Added to every API response
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_ms: u64,
    /// Share of API requests that fail (0 to 1)
    #[arg(long, default_value_t = 0.0, value_name = "F")]
    pub fail_rate: f64,
    /// The most entries a list page holds (1 to 100), whatever per_page asks
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub max_per_page: usize,
    /// Answer the first page of every list, whatever page is asked
    #[arg(long)]
    pub ignore_page: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Plain text by day and employee
    #[default]
    Text,
    /// kickdesk's agenda schema (see the README)
    Json,
    /// Kickserv's task objects as read, secrets removed
    Raw,
}

#[derive(Args, Debug)]
pub struct AgendaArgs {
    /// First day, YYYY-MM-DD or "today"
    #[arg(long, default_value = "today")]
    pub date: String,
    /// Number of days
    #[arg(long, default_value_t = 1)]
    pub days: u32,
    /// Only tasks of this employee number (repeatable)
    #[arg(long = "employee", value_name = "NUMBER")]
    pub employees: Vec<i64>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
