//! The command line (fixed interface: see the README). Parsing only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::app::look::Depth;
use crate::config::Overrides;

#[derive(Parser, Debug)]
#[command(
    name = "kickdesk",
    version = env!("KICKDESK_LONG_VERSION"),
    about = "A terminal dispatch board for Kickserv"
)]
pub struct Cli {
    #[command(flatten)]
    pub files: FileOpts,
    #[command(flatten)]
    pub account: AccountOpts,
    #[command(flatten)]
    pub zone: ZoneOpt,
    #[command(flatten)]
    pub board: BoardOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options of the whole run, merged from before and after the
/// subcommand (after wins). Each subcommand accepts, and lists in its
/// help, only the options that apply to it.
#[derive(Debug, Clone, Default)]
pub struct Global {
    /// What the configuration takes from the command line.
    pub o: Overrides,
    pub colors: Option<Depth>,
    pub ascii: bool,
    pub rotate: Option<u64>,
    pub no_cache: bool,
}

impl Cli {
    pub fn global(&self) -> Global {
        let mut g = Global {
            o: Overrides {
                profile: self.files.profile.clone(),
                config: self.files.config.clone(),
                base_url: self.account.base_url.clone(),
                account: self.account.account.clone(),
                read_only: self.board.read_only,
                monitor: self.board.monitor,
                no_color: self.board.no_color,
                tz: self.zone.tz.clone(),
                poll: self.board.poll,
            },
            colors: self.board.colors.map(ColorsArg::depth),
            ascii: self.board.ascii,
            rotate: self.board.rotate,
            no_cache: self.board.no_cache,
        };
        let (files, account, zone, board) = match &self.command {
            Some(Command::Demo(a)) => (Some(&a.files), None, Some(&a.zone), Some(&a.board)),
            Some(Command::Agenda(a)) => (Some(&a.files), Some(&a.account), Some(&a.zone), None),
            Some(Command::Check(a)) => (Some(&a.files), Some(&a.account), Some(&a.zone), None),
            Some(Command::Sim(a)) => (None, None, Some(&a.zone), None),
            Some(Command::Serve(a)) => {
                g.o.poll = a.poll.or(g.o.poll);
                (Some(&a.files), Some(&a.account), Some(&a.zone), None)
            }
            Some(Command::Config(a)) => {
                g.o.config = a.config.clone().or(g.o.config);
                (None, None, None, None)
            }
            Some(Command::Completions(_)) | Some(Command::Man) | None => (None, None, None, None),
        };
        if let Some(f) = files {
            g.o.profile = f.profile.clone().or(g.o.profile);
            g.o.config = f.config.clone().or(g.o.config);
        }
        if let Some(a) = account {
            g.o.base_url = a.base_url.clone().or(g.o.base_url);
            g.o.account = a.account.clone().or(g.o.account);
        }
        if let Some(z) = zone {
            g.o.tz = z.tz.clone().or(g.o.tz);
        }
        if let Some(b) = board {
            g.o.read_only |= b.read_only;
            g.o.monitor |= b.monitor;
            g.o.no_color |= b.no_color;
            g.o.poll = b.poll.or(g.o.poll);
            g.colors = b.colors.map(ColorsArg::depth).or(g.colors);
            g.ascii |= b.ascii;
            g.rotate = b.rotate.or(g.rotate);
            g.no_cache |= b.no_cache;
        }
        g
    }
}

/// Which config file and profile.
#[derive(Args, Debug, Clone, Default)]
pub struct FileOpts {
    /// Profile from the config file's [profiles.NAME]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Config file (default: the platform config dir's kickdesk/config.toml)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Which Kickserv account.
#[derive(Args, Debug, Clone, Default)]
pub struct AccountOpts {
    /// Kickserv base URL, without the account (default https://app.kickserv.com)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Account slug: what follows app.kickserv.com/ in the browser
    #[arg(long, value_name = "SLUG")]
    pub account: Option<String>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ZoneOpt {
    /// Account time zone, IANA name (e.g. America/New_York)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

/// How the board runs.
#[derive(Args, Debug, Clone, Default)]
pub struct BoardOpts {
    /// Never send a request that changes anything
    #[arg(long)]
    pub read_only: bool,
    /// Desk-monitor mode: read-only, for an always-on screen
    #[arg(long)]
    pub monitor: bool,
    /// No colours (also: NO_COLOR)
    #[arg(long)]
    pub no_color: bool,
    /// Seconds between polls (5 to 3600)
    #[arg(long, value_name = "SECS")]
    pub poll: Option<u64>,
    /// Colours the terminal shows (default: truecolor when COLORTERM says
    /// so, else 256; 16 for the Linux console)
    #[arg(long, value_enum, value_name = "N", conflicts_with = "no_color")]
    pub colors: Option<ColorsArg>,
    /// ASCII only: no box drawing or other non-ASCII glyphs (automatic
    /// for TERM=linux, vt100, vt220 and dumb)
    #[arg(long)]
    pub ascii: bool,
    /// With --monitor: show the next saved employee filter (or page of
    /// employees) every SECS seconds
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub rotate: Option<u64>,
    /// Neither read nor write the cache of the last data shown
    #[arg(long)]
    pub no_cache: bool,
}

/// `--colors` values.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorsArg {
    #[value(name = "16")]
    Ansi16,
    #[value(name = "256")]
    Ansi256,
    Truecolor,
}

impl ColorsArg {
    fn depth(self) -> Depth {
        match self {
            ColorsArg::Ansi16 => Depth::Ansi16,
            ColorsArg::Ansi256 => Depth::Ansi256,
            ColorsArg::Truecolor => Depth::TrueColor,
        }
    }
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
    Check(CheckArgs),
    /// Serve the board over SSH: one board per session, one poller for all
    Serve(ServeArgs),
    /// Where the config file is read from, or a commented example of it
    Config(ConfigArgs),
    /// Print a shell completion script (see the README for where it goes)
    Completions(CompletionsArgs),
    /// Print the manual page (roff), every subcommand included
    Man,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell the script is for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub files: FileOpts,
    #[command(flatten)]
    pub account: AccountOpts,
    #[command(flatten)]
    pub zone: ZoneOpt,
}

/// `kickdesk serve`: each option may also be set in the config's `[serve]` table.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:2222, loopback only)
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// The keys that may connect, in OpenSSH's authorized_keys format; each
    /// line's role="monitor|viewer|dispatcher" (viewer when absent), with
    /// optional filter="SET" and theme="NAME"
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// The server's private key (ed25519); created, mode 0600, when missing
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Seconds between polls of the one poller (5 to 3600)
    #[arg(long, value_name = "SECS")]
    pub poll: Option<u64>,
    #[command(flatten)]
    pub files: FileOpts,
    #[command(flatten)]
    pub account: AccountOpts,
    #[command(flatten)]
    pub zone: ZoneOpt,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["path", "example"])))]
pub struct ConfigArgs {
    /// Print the config file's path, and whether it exists
    #[arg(long)]
    pub path: bool,
    /// Print a commented example of every key
    #[arg(long)]
    pub example: bool,
    /// Config file (default: the platform config dir's kickdesk/config.toml)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScaleArg {
    #[default]
    Small,
    Large,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Size of the made-up company: small (12 employees) or large
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    /// Every SECS seconds some tasks move, change, appear or disappear
    #[arg(long, value_name = "SECS")]
    pub live: Option<u64>,
    #[command(flatten)]
    pub files: FileOpts,
    #[command(flatten)]
    pub zone: ZoneOpt,
    #[command(flatten)]
    pub board: BoardOpts,
}

#[derive(Args, Debug)]
pub struct SimArgs {
    /// Address to listen on (port 0: any free port; the first line of
    /// stdout says which)
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Size of the seeded company: small (12 employees) or large
    #[arg(long, value_enum, default_value_t = ScaleArg::Small)]
    pub scale: ScaleArg,
    /// Seed of the made-up data: the same seed gives the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Every SECS seconds some tasks move, change, appear or disappear
    #[arg(long, value_name = "SECS")]
    pub live: Option<u64>,
    /// Milliseconds added to every API response
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
    /// Answer like the recorded Kickserv: 12 ms plus 7 ms a record of
    /// server time per answer (0.7 s a page of 100), each on a new
    /// connection
    #[arg(long)]
    pub like_kickserv: bool,
    /// The account's time zone, IANA name (default America/New_York)
    #[command(flatten)]
    pub zone: ZoneOpt,
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
    /// First day: YYYY-MM-DD, MM-DD, +N, -N, today, tomorrow, yesterday or a
    /// weekday (the next one, today included)
    #[arg(long, default_value = "today", allow_hyphen_values = true)]
    pub date: String,
    /// Number of days
    #[arg(long, default_value_t = 1)]
    pub days: u32,
    /// Only tasks of this employee number (repeatable)
    #[arg(long = "employee", value_name = "NUMBER")]
    pub employees: Vec<i64>,
    /// Output: text, json (kickdesk's schema, see the README) or raw
    /// (Kickserv's objects)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub files: FileOpts,
    #[command(flatten)]
    pub account: AccountOpts,
    #[command(flatten)]
    pub zone: ZoneOpt,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn help_of(sub: &str) -> String {
        let mut cmd = Cli::command();
        let sub = cmd
            .find_subcommand_mut(sub)
            .map(|s| s.clone().render_long_help().to_string());
        sub.unwrap_or_default()
    }

    #[test]
    fn sim_help_describes_every_option_and_lists_no_board_options() {
        let cmd = Cli::command();
        let sim = cmd.find_subcommand("sim").cloned().unwrap();
        for arg in sim.get_arguments() {
            assert!(
                arg.get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty()),
                "--{} has no description",
                arg.get_id()
            );
        }
        let help = help_of("sim");
        for opt in ["--addr", "--scale", "--seed", "--latency-ms", "--tz"] {
            assert!(help.contains(opt), "{opt} missing:\n{help}");
        }
        for board_only in [
            "--read-only",
            "--monitor",
            "--poll",
            "--base-url",
            "--account",
        ] {
            assert!(!help.contains(board_only), "{board_only} listed:\n{help}");
        }
        assert!(Cli::try_parse_from(["kickdesk", "sim", "--read-only"]).is_err());
    }

    #[test]
    fn options_are_accepted_before_or_after_the_subcommand_they_apply_to() {
        let after = Cli::try_parse_from([
            "kickdesk",
            "agenda",
            "--base-url",
            "http://127.0.0.1:1",
            "--account",
            "demo",
        ])
        .unwrap();
        let before = Cli::try_parse_from([
            "kickdesk",
            "--base-url",
            "http://127.0.0.1:1",
            "--account",
            "demo",
            "agenda",
        ])
        .unwrap();
        for g in [after.global(), before.global()] {
            assert_eq!(g.o.base_url.as_deref(), Some("http://127.0.0.1:1"));
            assert_eq!(g.o.account.as_deref(), Some("demo"));
        }
        let demo = Cli::try_parse_from(["kickdesk", "demo", "--read-only", "--tz", "UTC"]).unwrap();
        assert!(demo.global().o.read_only);
        assert_eq!(demo.global().o.tz.as_deref(), Some("UTC"));
        let sim = Cli::try_parse_from(["kickdesk", "--tz", "UTC", "sim"]).unwrap();
        assert_eq!(sim.global().o.tz.as_deref(), Some("UTC"));
        // An option of the board only is refused after `agenda`.
        assert!(Cli::try_parse_from(["kickdesk", "agenda", "--monitor"]).is_err());
        assert!(!help_of("check").contains("--read-only"));
    }

    #[test]
    fn colors_and_ascii_are_read_before_or_after_demo_and_colors_takes_three_values() {
        let g = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.global());
        let before = g(&["kickdesk", "--colors", "16", "--ascii", "demo"]).unwrap();
        assert_eq!((before.colors, before.ascii), (Some(Depth::Ansi16), true));
        let after = g(&["kickdesk", "demo", "--colors", "truecolor"]).unwrap();
        assert_eq!((after.colors, after.ascii), (Some(Depth::TrueColor), false));
        let over = g(&["kickdesk", "--colors", "16", "demo", "--colors", "256"]).unwrap();
        assert_eq!(over.colors, Some(Depth::Ansi256));
        assert_eq!(g(&["kickdesk"]).unwrap().colors, None);
        for bad in ["8", "24bit", ""] {
            assert!(g(&["kickdesk", "--colors", bad]).is_err(), "{bad}");
        }
        assert!(g(&["kickdesk", "--colors", "16", "--no-color"]).is_err());
        assert!(g(&["kickdesk", "agenda", "--ascii"]).is_err());
    }

    #[test]
    fn rotate_takes_seconds_before_or_after_demo_and_refuses_zero() {
        let top = Cli::try_parse_from(["kickdesk", "--monitor", "--rotate", "20"]).unwrap();
        assert_eq!(top.global().rotate, Some(20));
        let demo =
            Cli::try_parse_from(["kickdesk", "demo", "--monitor", "--rotate", "30"]).unwrap();
        assert_eq!(demo.global().rotate, Some(30));
        assert!(Cli::try_parse_from(["kickdesk", "--rotate", "0"]).is_err());
        assert!(Cli::try_parse_from(["kickdesk", "agenda", "--rotate", "5"]).is_err());
    }

    #[test]
    fn serve_takes_its_own_options_and_the_boards_and_no_others() {
        let c = Cli::try_parse_from([
            "kickdesk",
            "serve",
            "--listen",
            "0.0.0.0:2200",
            "--authorized-keys",
            "keys",
            "--host-key",
            "hk",
            "--base-url",
            "http://127.0.0.1:1",
            "--account",
            "demo",
            "--tz",
            "UTC",
            "--poll",
            "10",
            "--profile",
            "office",
            "--config",
            "c.toml",
        ])
        .unwrap();
        let g = c.global();
        assert_eq!(g.o.poll, Some(10));
        assert_eq!(g.o.base_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(g.o.account.as_deref(), Some("demo"));
        assert_eq!(g.o.tz.as_deref(), Some("UTC"));
        assert_eq!(g.o.profile.as_deref(), Some("office"));
        assert_eq!(g.o.config.as_deref(), Some(std::path::Path::new("c.toml")));
        let Some(Command::Serve(a)) = c.command else {
            panic!("not serve")
        };
        assert_eq!(a.listen, Some("0.0.0.0:2200".parse().unwrap()));
        assert_eq!(
            a.authorized_keys.as_deref(),
            Some(std::path::Path::new("keys"))
        );
        assert_eq!(a.host_key.as_deref(), Some(std::path::Path::new("hk")));
        // Roles come from the keys file, never from a flag; no token flag.
        for bad in ["--monitor", "--read-only", "--token"] {
            assert!(
                Cli::try_parse_from(["kickdesk", "serve", bad]).is_err(),
                "{bad}"
            );
        }
        assert!(Cli::try_parse_from(["kickdesk", "serve", "--listen", "localhost"]).is_err());
        let help = help_of("serve");
        for opt in [
            "--listen",
            "--authorized-keys",
            "--host-key",
            "--poll",
            "--tz",
        ] {
            assert!(help.contains(opt), "{opt} missing:\n{help}");
        }
    }
}
