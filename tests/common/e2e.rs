//! The end-to-end harness: `kickdesk sim` as a child process, and the
//! kickdesk binary in a private tmux server, read the way a user reads the
//! screen. Every process has a fixed today (`KICKDESK_TODAY`) and a scratch
//! home, so no user config, log or cache is touched.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_kickdesk");

/// The instant every board, agenda and simulator here starts from:
/// Friday 27 November 2026, 10:00 in New York.
pub const TODAY: &str = "2026-11-27T10:00:00";

/// The kickdesk binary as every test starts it: with the fixed today, so no
/// test reads the real date (a test may still override or remove it).
/// `tests/fixed_clock.rs` checks that no test spawns the binary otherwise.
pub fn kickdesk() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("KICKDESK_TODAY", TODAY);
    cmd
}

/// An empty scratch directory, private to one test, removed when the test
/// ends; a failed test keeps it, and names it, for a look inside.
pub struct Scratch(Option<tempfile::TempDir>);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.as_ref().map(|d| d.path()).expect("a live scratch")
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(d) = self.0.take()
        {
            eprintln!("scratch kept: {}", d.keep().display());
        }
    }
}

/// A new scratch directory named after what the test does.
pub fn scratch(name: &str) -> Scratch {
    let d = tempfile::Builder::new()
        .prefix(&format!("kickdesk-e2e-{name}-"))
        .tempdir()
        .expect("a scratch directory under the system's temp dir");
    Scratch(Some(d))
}

/// Writes the scratch home's config file for an account with no task
/// longer than `max_task_days` (the simulator's, unless its
/// `long_task_days` fault is on): an agenda that read everything exits 0.
pub fn no_long_tasks(home: &Path) {
    let dir = home.join("config/kickdesk");
    std::fs::create_dir_all(&dir).expect("the scratch config directory");
    std::fs::write(dir.join("config.toml"), "warn_long_tasks = false\n")
        .expect("the scratch config file");
}

/// Points a command's home and XDG directories into a scratch home.
pub trait InHome {
    fn in_home(&mut self, home: &Path) -> &mut Self;
}

impl InHome for Command {
    fn in_home(&mut self, home: &Path) -> &mut Self {
        self.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
    }
}

/// The board's command line for a shell in a pane; the shell then prints
/// how it ended and keeps the pane for inspection.
pub fn board_cmd(url: &str, poll: u32, extra: &str) -> String {
    format!(
        "{BIN} --base-url {url} --account demo --poll {poll} --tz America/New_York {extra}; echo kickdesk-exit=$?; sleep 60"
    )
}

/// `kickdesk sim` on a free loopback port; stopped when dropped.
pub struct Sim {
    child: Child,
    pub url: String,
}

impl Sim {
    /// Stops the simulator now: Kickserv becomes unreachable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn sim() -> Sim {
    sim_with(&[])
}

/// The simulator with `extra` arguments (`--scale large`, `--live 5`, ...).
pub fn sim_with(extra: &[&str]) -> Sim {
    let mut child = kickdesk()
        .args(["sim", "--addr", "127.0.0.1:0", "--seed", "1"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "first line is the base URL: {url:?}"
    );
    Sim { child, url }
}

/// A private tmux server with one session `t`; killed when dropped.
pub struct Tmux {
    sock: String,
}

impl Tmux {
    /// `cmd` in a fresh `w`×`h` session, `home` its home.
    pub fn start(name: &str, home: &Path, cmd: &str, w: u16, h: u16) -> Tmux {
        Tmux::start_with_token(name, home, cmd, w, h, "demo-token")
    }

    pub fn start_with_token(
        name: &str,
        home: &Path,
        cmd: &str,
        w: u16,
        h: u16,
        token: &str,
    ) -> Tmux {
        let sock = format!("kd-{name}-{}", std::process::id());
        // The token reaches the board through the environment of the private
        // server, never through a command line.
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
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
                cmd,
            ])
            .args([";", "set-option", "-t", "t", "remain-on-exit", "on"])
            // tmux passes a lone Escape on at once rather than waiting for a chord.
            .args([";", "set-option", "-s", "escape-time", "0"])
            .env("KICKDESK_TOKEN", token)
            .env("KICKDESK_TODAY", TODAY)
            .in_home(home)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .status()
            .unwrap();
        assert!(st.success());
        Tmux { sock }
    }

    /// A tmux command against this server; its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.sock)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn pane(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    /// The pane with wrapped lines joined, as the program printed them.
    pub fn pane_joined(&self) -> String {
        self.run(&["capture-pane", "-p", "-J", "-t", "t"])
    }

    pub fn keys(&self, k: &str) {
        self.run(&["send-keys", "-t", "t", k]);
    }

    /// Types `text` as it is (no key names).
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Sends Escape alone, then waits until `gone` has left the pane: the
    /// board has read the Escape by itself, so the next key cannot join it
    /// into an Alt chord, whatever the terminal's escape timeout.
    pub fn escape_until_gone(&self, gone: &str, secs: u64) -> String {
        self.keys("Escape");
        self.wait_until(secs, &format!("{gone:?} to go"), |p| !p.contains(gone))
    }

    /// Waits until `ok(pane)`; fails with the pane after `secs`.
    pub fn wait_until(&self, secs: u64, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let p = self.pane();
            if ok(&p) {
                return p;
            }
            if Instant::now() > end {
                panic!("waited {secs} s for {what}; the pane shows:\n{p}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the pane shows `what`; fails with the pane after `secs`.
    pub fn wait_for(&self, what: &str, secs: u64) -> String {
        self.wait_until(secs, &format!("{what:?}"), |p| p.contains(what))
    }

    pub fn display(&self, fmt: &str) -> String {
        self.run(&["display-message", "-p", "-t", "t", fmt])
            .trim()
            .to_string()
    }

    /// Waits until a tmux format (e.g. `#{mouse_any_flag}`) reads `want`.
    pub fn wait_display(&self, fmt: &str, want: &str, secs: u64) {
        let end = Instant::now() + Duration::from_secs(secs);
        while self.display(fmt) != want {
            assert!(
                Instant::now() < end,
                "{fmt} never became {want}:\n{}",
                self.pane()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The pid of the kickdesk the pane's shell runs.
    pub fn board_pid(&self) -> String {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell, "-x", "kickdesk"])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "kickdesk runs under the pane's shell");
        pid
    }
}

impl Drop for Tmux {
    /// Ends the server and waits for what ran in its panes: a board hung up
    /// by the kill still writes its draft and log, and must not do so into
    /// a scratch home the test is about to remove.
    fn drop(&mut self) {
        let pids = descendants(self.run(&["list-panes", "-a", "-F", "#{pane_pid}"]));
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .stderr(Stdio::null())
            .status();
        let end = Instant::now() + Duration::from_secs(5);
        while pids.iter().any(|p| alive(*p)) && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The processes listed (one pid a line) and all their descendants.
fn descendants(pids: String) -> Vec<u32> {
    let mut all: Vec<u32> = pids.lines().filter_map(|l| l.trim().parse().ok()).collect();
    let mut i = 0;
    while i < all.len() {
        let children = format!("/proc/{0}/task/{0}/children", all[i]);
        let text = std::fs::read_to_string(children).unwrap_or_default();
        all.extend(
            text.split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
        i += 1;
    }
    all
}

/// Whether a process still runs (a zombie has already stopped writing).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

/// One request to the simulator with its token; the answer's JSON (null
/// when there is none).
pub fn http(method: &str, url: &str, body: Option<Value>) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        kickdesk::kickserv::tls::install();
        let c = reqwest::Client::new();
        let mut r = c
            .request(method.parse().unwrap(), url)
            .basic_auth("demo-token", Some("demo-token"));
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap_or(Value::Null)
    })
}

/// The simulator's task `id` as its API answers it.
pub fn sim_task(sim: &Sim, id: i64) -> Value {
    http("GET", &format!("{}/demo/tasks/{id}.json", sim.url), None)
}

/// The simulator's log of the requests of `method` it received.
pub fn writes(sim: &Sim, method: &str) -> Vec<Value> {
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    reqs.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == method)
        .cloned()
        .collect()
}

/// Requests that are not reads, as the simulator logged them, oldest first.
pub fn changes(sim: &Sim) -> Vec<Value> {
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    reqs.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] != "GET")
        .cloned()
        .collect()
}

/// Nothing but reads reached the simulator (a moment after the last key,
/// so a request on its way has arrived).
pub fn nothing_sent_yet(sim: &Sim) {
    std::thread::sleep(std::time::Duration::from_millis(500));
    let sent = changes(sim);
    assert!(sent.is_empty(), "nothing before Enter: {sent:?}");
}

/// Exactly one change reached the simulator, a PUT: its log entry.
pub fn one_put(sim: &Sim) -> Value {
    let sent = changes(sim);
    assert_eq!(sent.len(), 1, "one request: {sent:?}");
    assert_eq!(sent[0]["method"], "PUT", "{sent:?}");
    sent[0].clone()
}

/// The board against `sim` in a tmux session named `name`, `home` its home.
pub fn board_in(name: &str, sim: &Sim, home: &Path) -> Tmux {
    let cmd = board_cmd(&sim.url, 30, "");
    Tmux::start(name, home, &cmd, 120, 40)
}

/// Selects the first employee's first task, opens the form with `e`;
/// returns the task's id as the form's title names it.
pub fn edit_first_task(t: &Tmux) -> i64 {
    t.wait_for("confirmed", 20);
    // Unassigned work is the first column: the first employee is the next one.
    t.keys("l");
    t.keys("j");
    t.keys("e");
    let p = t.wait_for("Edit task ", 10);
    let at = p.find("Edit task ").unwrap() + "Edit task ".len();
    let digits: String = p[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("the form's title names the task")
}
