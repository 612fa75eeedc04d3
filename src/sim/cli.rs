//! `kickdesk sim`: serve the simulator until killed.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use chrono_tz::Tz;

use super::{Scale, SimConfig, start};

/// What `kickdesk sim` needs; the command line maps its flags onto this.
#[derive(Clone, Debug)]
pub struct SimArgs {
    pub addr: SocketAddr,
    pub scale: Scale,
    pub seed: u64,
    /// Seconds between live changes; `None` keeps the data still.
    pub live_secs: Option<u64>,
    pub latency_ms: u64,
    pub fail_rate: f64,
    /// IANA zone name; `None` is America/New_York.
    pub tz: Option<String>,
    /// The most entries a list page holds (1 to 100), whatever `per_page` asks.
    pub max_per_page: usize,
    /// Lists answer their first page whatever `page` asks.
    pub ignore_page: bool,
    /// Answers paced and closed like the recorded Kickserv's.
    pub like_kickserv: bool,
}

impl Default for SimArgs {
    fn default() -> Self {
        SimArgs {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            scale: Scale::Small,
            seed: 1,
            live_secs: None,
            latency_ms: 0,
            fail_rate: 0.0,
            tz: None,
            max_per_page: super::faults::MAX_PER_PAGE,
            ignore_page: false,
            like_kickserv: false,
        }
    }
}

impl SimArgs {
    pub fn to_config(&self) -> Result<SimConfig, String> {
        let tz = match &self.tz {
            Some(name) => name
                .parse::<Tz>()
                .map_err(|_| format!("unknown time zone {name:?}"))?,
            None => SimConfig::default().tz,
        };
        if !(0.0..=1.0).contains(&self.fail_rate) {
            return Err(format!(
                "fail rate {} is not between 0 and 1",
                self.fail_rate
            ));
        }
        if !(1..=super::faults::MAX_PER_PAGE).contains(&self.max_per_page) {
            return Err(format!(
                "max per page {} is not between 1 and 100",
                self.max_per_page
            ));
        }
        Ok(SimConfig {
            scale: self.scale,
            seed: self.seed,
            live: self.live_secs.filter(|s| *s > 0).map(Duration::from_secs),
            latency: Duration::from_millis(self.latency_ms),
            fail_rate: self.fail_rate,
            tz,
            max_per_page: self.max_per_page,
            ignore_page: self.ignore_page,
            like_kickserv: self.like_kickserv,
            ..SimConfig::default()
        })
    }
}

/// Prints the base URL as the first line of stdout, then serves until
/// SIGINT, SIGTERM or SIGHUP.
pub async fn run_cli(args: SimArgs) -> Result<(), String> {
    let cfg = args.to_config()?;
    serve(cfg, args.addr).await
}

/// Serves an already validated configuration, as `run_cli` does.
pub async fn serve(cfg: SimConfig, addr: SocketAddr) -> Result<(), String> {
    let server = start(cfg, addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    {
        let mut out = std::io::stdout().lock();
        // Scripts read this line to find the server; a closed stdout is their business.
        let _ = writeln!(out, "{}", server.base_url);
        let _ = out.flush();
    }
    eprintln!("serving account `demo` (token `demo-token`) until stopped");
    wait_for_termination().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
