//! End to end: the disk cache across runs of the binary in a private tmux
//! server against `kickdesk sim`. A board runs, quits; the simulator stops;
//! the next board opens on the cached tasks, marked as cached, then says
//! Kickserv is unreachable. `--no-cache` neither writes nor reads.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kickdesk");

/// Friday 27 November 2026, 10:00 in New York, for every process here.
const TODAY: &str = "2026-11-27T10:00:00";

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kickdesk-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

struct Sim {
    child: Child,
    url: String,
}

impl Sim {
    fn start() -> Sim {
        let mut child = Command::new(BIN)
            .args(["sim", "--addr", "127.0.0.1:0", "--seed", "1"])
            .env("KICKDESK_TODAY", TODAY)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Sim { child, url }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Tmux {
    sock: String,
}

impl Tmux {
    /// `cmd` in a fresh private server; the token only in its environment.
    fn start(name: &str, home: &Path, cmd: &str) -> Tmux {
        let sock = format!("kdc-{name}-{}", std::process::id());
        let st = Command::new("tmux")
            .args([
                "-L",
                &sock,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", "160", "-y", "40", cmd])
            .args([";", "set-option", "-t", "t", "remain-on-exit", "on"])
            .args([";", "set-option", "-s", "escape-time", "0"])
            .env("KICKDESK_TOKEN", "demo-token")
            .env("KICKDESK_TODAY", TODAY)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("TERM", "xterm-256color")
            .status()
            .unwrap();
        assert!(st.success());
        Tmux { sock }
    }

    fn pane(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.sock, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, k: &str) {
        Command::new("tmux")
            .args(["-L", &self.sock, "send-keys", "-t", "t", k])
            .status()
            .unwrap();
    }

    fn wait_for(&self, what: &str, secs: u64) -> String {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let p = self.pane();
            if p.contains(what) {
                return p;
            }
            assert!(
                Instant::now() < end,
                "waited {secs} s for {what:?}; the pane shows:\n{p}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .stderr(Stdio::null())
            .status();
    }
}

/// The board's command line; the shell then says how it ended.
fn board(url: &str, extra: &str) -> String {
    format!(
        "{BIN} --base-url {url} --account demo --poll 5 --tz America/New_York {extra}; echo kickdesk-exit=$?; sleep 60"
    )
}

/// The files of the cache directory (recursively), by name.
fn cache_files(home: &Path) -> Vec<String> {
    fn walk(p: &Path, out: &mut Vec<String>) {
        let Ok(d) = std::fs::read_dir(p) else { return };
        for e in d.flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else {
                out.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(&home.join("cache"), &mut out);
    out
}

/// The grid: the pane without its header and hint lines.
fn grid(pane: &str) -> String {
    let lines: Vec<&str> = pane.lines().collect();
    lines[1..lines.len().saturating_sub(1)].join("\n")
}

#[test]
fn a_board_restarted_without_kickserv_opens_on_the_cached_tasks() {
    let mut sim = Sim::start();
    let home = scratch("cache");

    // A board that fetched today, and quit.
    let t = Tmux::start("first", &home, &board(&sim.url, ""));
    let p = t.wait_for("as of", 30);
    let shown = grid(&p);
    let end = Instant::now() + Duration::from_secs(30);
    while !cache_files(&home)
        .iter()
        .any(|n| n.contains(".day-2026-11-27-1."))
    {
        assert!(Instant::now() < end, "{:?}", cache_files(&home));
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 20);
    drop(t);

    // With --no-cache a board in another home writes nothing.
    let other = scratch("no-cache");
    let t = Tmux::start("nocache", &other, &board(&sim.url, "--no-cache"));
    t.wait_for("as of", 30);
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 20);
    drop(t);
    assert_eq!(cache_files(&other), Vec::<String>::new());

    // Kickserv goes away; the next board (read-only, which uses the cache
    // too) draws the cached day at once, then says it cannot reach Kickserv.
    sim.stop();
    let t = Tmux::start("second", &home, &board(&sim.url, "--read-only"));
    let p = t.wait_for("cached 10:00", 20);
    let head = p.lines().next().unwrap_or_default();
    assert!(head.contains("read-only"), "{head}");
    assert_eq!(grid(&p), shown, "the same tasks, where they were");
    let p = t.wait_for("Kickserv is unreach", 30);
    let head = p.lines().next().unwrap_or_default();
    assert!(head.contains("cached 10:00"), "the mark stays: {head}");
    assert_eq!(grid(&p), shown, "the tasks stay");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 20);
    drop(t);

    // --no-cache does not read it either: without Kickserv the board stops
    // at the first request, as it always did.
    let t = Tmux::start("third", &home, &board(&sim.url, "--no-cache"));
    let p = t.wait_for("kickdesk-exit=", 30);
    assert!(p.contains("kickdesk-exit=4"), "{p}");
    assert!(!p.contains("cached"), "{p}");

    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_dir_all(&other);
}
