//! `kickdesk serve` end to end, with the real OpenSSH client: a dispatcher's
//! session in tmux sees the board, resizes, edits a task and quits; another
//! session sees the change at its next poll; a key not listed is refused; a
//! monitor sends nothing whatever keys arrive; fifty sessions on one day
//! cost Kickserv what one does, and leave nothing behind when killed.

#[path = "common/e2e.rs"]
mod e2e;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{InHome, Sim, Tmux, edit_first_task, scratch, sim, sim_task, writes};

/// ssh and ssh-keygen must be there: CI installs them (`.ci/run`); a
/// machine without them fails here, saying so, rather than skipping.
fn need_openssh() {
    for tool in ["ssh", "ssh-keygen"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "`{tool}` is missing: these tests need the OpenSSH client (apt-get install -y openssh-client)"
        );
    }
}

/// A new ed25519 key in `dir`; its private file.
fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(st.success());
    path
}

fn public(key: &Path) -> String {
    std::fs::read_to_string(key.with_extension("pub"))
        .unwrap()
        .trim()
        .to_string()
}

/// `kickdesk serve` on a free loopback port against `sim`; stopped when dropped.
struct Serve {
    child: Child,
    port: u16,
    home: PathBuf,
}

impl Serve {
    fn start(sim: &Sim, home: &Path, keys: &str) -> Serve {
        e2e::no_long_tasks(home);
        let file = home.join("authorized_keys");
        std::fs::write(&file, keys).unwrap();
        let mut child = e2e::kickdesk()
            .args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys"])
            .arg(&file)
            .arg("--host-key")
            .arg(home.join("host_key"))
            .args(["--base-url", &sim.url, "--account", "demo", "--tz"])
            .args(["America/New_York", "--poll", "5"])
            .env("KICKDESK_TOKEN", "demo-token")
            .in_home(home)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("first line names the address: {line:?}"));
        Serve {
            child,
            port,
            home: home.to_path_buf(),
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.home.join("state/kickdesk/kickdesk.log")).unwrap_or_default()
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The ssh command line for a session with `key`.
    fn ssh(&self, key: &Path) -> Vec<String> {
        [
            "-tt",
            "-i",
            &key.display().to_string(),
            "-p",
            &self.port.to_string(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "LogLevel=ERROR",
            "board@127.0.0.1",
        ]
        .map(String::from)
        .to_vec()
    }

    /// A session in a tmux pane; the pane's shell says how ssh ended.
    fn session_in_tmux(&self, name: &str, home: &Path, key: &Path, w: u16, h: u16) -> Tmux {
        let cmd = format!(
            "ssh {}; echo ssh-exit=$?; sleep 60",
            self.ssh(key).join(" ")
        );
        Tmux::start(name, home, &cmd, w, h)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn changes(sim: &Sim) -> usize {
    ["PUT", "POST", "DELETE"]
        .iter()
        .map(|m| writes(sim, m).len())
        .sum()
}

/// The API requests the simulator saw, as `path?query`, oldest first.
fn api_request_list(sim: &Sim) -> Vec<String> {
    let all = e2e::http("GET", &format!("{}/_sim/requests", sim.url), None);
    all.as_array()
        .map(|a| {
            a.iter()
                .filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with("/demo")))
                .map(|r| {
                    format!(
                        "{}?{}",
                        r["path"].as_str().unwrap_or(""),
                        r["query"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn api_requests(sim: &Sim) -> usize {
    let all = e2e::http("GET", &format!("{}/_sim/requests", sim.url), None);
    all.as_array()
        .map(|a| {
            a.iter()
                .filter(|r| r["path"].as_str().is_some_and(|p| p.starts_with("/demo")))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn a_dispatcher_edits_over_ssh_and_a_viewer_sees_it_at_its_next_poll() {
    need_openssh();
    let sim = sim();
    let home = scratch("serve-edit");
    let disp = keygen(&home, "disp");
    let view = keygen(&home, "view");
    let keys = format!("role=\"dispatcher\" {}\n{}\n", public(&disp), public(&view));
    let serve = Serve::start(&sim, &home, &keys);
    let host_key = std::fs::metadata(home.join("host_key")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(host_key.permissions().mode() & 0o777, 0o600);

    // The viewer watches first, so it holds the task as it was.
    let viewer = serve.session_in_tmux("serve-viewer", &home, &view, 120, 40);
    viewer.wait_for("confirmed", 20);
    let d = serve.session_in_tmux("serve-disp", &home, &disp, 120, 40);
    let p = d.wait_for("confirmed", 20);
    assert!(p.contains("Fri 27 Nov 2026"), "{p}");

    // Window change: the board is drawn again at the new size.
    d.run(&["resize-window", "-t", "t", "-x", "150", "-y", "45"]);
    d.wait_until(10, "the hint bar on row 45", |p| {
        let lines: Vec<&str> = p.lines().collect();
        lines.len() == 45 && lines[44].contains("quit")
    });

    let id = edit_first_task(&d);
    d.type_text(" e2e-served");
    d.keys("C-s");
    d.wait_for("Saved by you ", 15);
    let desc = sim_task(&sim, id)["description"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        desc.ends_with(" e2e-served"),
        "the simulator holds it: {desc:?}"
    );
    assert_eq!(writes(&sim, "PUT").len(), 1);

    // The viewer's next poll brings it, marked as changed on the server.
    viewer.wait_for("1 changed", 15);

    d.keys("q");
    d.wait_for("ssh-exit=0", 10);
    let sent = format!("sends a change of task {id}");
    wait_log(&serve, 10, "the dispatcher's change", |l| {
        l.contains("role dispatcher") && l.contains(&sent)
    });
    let log = serve.log();
    assert!(!log.contains("demo-token"), "the token is never logged");
}

#[test]
fn a_key_not_listed_is_refused_and_no_command_or_shell_without_a_terminal_runs() {
    need_openssh();
    let sim = sim();
    let home = scratch("serve-refuse");
    let listed = keygen(&home, "listed");
    let stranger = keygen(&home, "stranger");
    let serve = Serve::start(
        &sim,
        &home,
        &format!("role=\"dispatcher\" {}\n", public(&listed)),
    );

    let out = Command::new("ssh")
        .args(serve.ssh(&stranger))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(255));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Permission denied (publickey)"), "{err}");

    // A command, or a shell without a pty, is refused.
    let mut args = serve.ssh(&listed);
    args[0] = "-T".into();
    for extra in [vec!["ls"], vec![]] {
        let out = Command::new("ssh")
            .args(&args)
            .args(&extra)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{extra:?}");
    }
    // Forwarding (here stdio forwarding, `-W`) is refused too.
    let mut fwd = args.clone();
    fwd.splice(
        0..1,
        [
            "-W".to_string(),
            sim.url.trim_start_matches("http://").to_string(),
        ],
    );
    let out = Command::new("ssh")
        .args(&fwd)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("forwarding failed"), "{err}");
    // The log is written by a thread of its own: wait for the lines.
    wait_log(&serve, 10, "every refusal", |log| {
        [
            "asked to forward",
            "not listed",
            "asked to run \"ls\": refused",
            "asked for no terminal: refused",
        ]
        .iter()
        .all(|l| log.contains(l))
    });
    assert!(
        api_requests(&sim) > 0,
        "the server checked the account at start"
    );
    assert_eq!(changes(&sim), 0);
}

#[test]
fn a_monitor_sends_no_change_under_a_storm_of_keys() {
    need_openssh();
    let sim = sim();
    let home = scratch("serve-storm");
    let mon = keygen(&home, "mon");
    let serve = Serve::start(&sim, &home, &format!("role=\"monitor\" {}\n", public(&mon)));
    let t = serve.session_in_tmux("serve-storm", &home, &mon, 120, 40);
    t.wait_for("confirmed", 20);
    // 2,000 keys: each round moves, deletes and answers yes, notifies (all
    // three kinds) and answers yes, edits and saves; never the quit key.
    let round = "ljDynyoyNyex";
    let mut sent = 0;
    while sent < 2000 {
        t.type_text(round);
        t.keys("C-s");
        sent += round.chars().count() + 1;
    }
    // Two polls after the storm: whatever it asked has had time to leave.
    std::thread::sleep(Duration::from_secs(10));
    assert_eq!(changes(&sim), 0, "a monitor sent a change");
    let notes = e2e::http("GET", &format!("{}/_sim/notifications", sim.url), None);
    assert_eq!(notes.as_array().map(Vec::len), Some(0), "{notes}");
    // Still up, still the board.
    let p = t.pane();
    assert!(!p.contains("ssh-exit="), "{p}");
    assert!(serve.log().contains("role monitor"));
}

/// The resident memory of `pid`, in kB.
fn rss_kb(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time of `pid` so far, in clock ticks (user + system).
fn cpu_ticks(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = s.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let n = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
    n(11) + n(12)
}

/// `n` ssh sessions, no terminal on our side (`-tt` forces one there);
/// stdin held open: an end of input would end the board.
fn sessions(serve: &Serve, key: &Path, n: usize) -> Vec<Child> {
    (0..n)
        .map(|_| {
            Command::new("ssh")
                .args(serve.ssh(key))
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect()
}

fn wait_log(serve: &Serve, secs: u64, what: &str, ok: impl Fn(&str) -> bool) {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        let log = serve.log();
        if ok(&log) {
            return;
        }
        assert!(
            Instant::now() < end,
            "waited {secs} s for {what}; the log:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn started(log: &str) -> usize {
    log.matches("starts for").count()
}

#[test]
fn fifty_sessions_on_one_day_cost_what_one_costs_and_leave_nothing_when_killed() {
    need_openssh();
    // One server with one session, one with fifty, side by side, each
    // against its own simulator: the same minute for both.
    let (sim1, sim50) = (sim(), sim());
    let (home1, home50) = (scratch("serve-one"), scratch("serve-fifty"));
    let key = keygen(&home1, "wall");
    let keys = format!("role=\"monitor\" {}\n", public(&key));
    let (one, fifty) = (
        Serve::start(&sim1, &home1, &keys),
        Serve::start(&sim50, &home50, &keys),
    );
    let mut c1 = sessions(&one, &key, 1);
    let mut c50 = sessions(&fifty, &key, 50);
    wait_log(&one, 30, "one session", |l| started(l) == 1);
    wait_log(&fifty, 60, "fifty sessions", |l| started(l) == 50);
    // Counted once every board has started.
    std::thread::sleep(Duration::from_secs(6));
    let (r1, r50) = (api_requests(&sim1), api_requests(&sim50));
    let (cpu1, cpu50) = (cpu_ticks(one.pid()), cpu_ticks(fifty.pid()));
    // 90 s: a count's edges (a poll just in or just out) weigh under 1.1×.
    std::thread::sleep(Duration::from_secs(90));
    let one_board = api_requests(&sim1) - r1;
    let fifty_boards = api_requests(&sim50) - r50;
    let (cpu1, cpu50) = (cpu_ticks(one.pid()) - cpu1, cpu_ticks(fifty.pid()) - cpu50);
    let (rss1, rss50) = (rss_kb(one.pid()), rss_kb(fifty.pid()));
    eprintln!(
        "in 90 s at poll 5: one session {one_board} requests, fifty {fifty_boards}; \
         RSS {rss1} kB against {rss50} kB ({} kB per extra session); \
         CPU {cpu1} against {cpu50} ticks of 10 ms ({:.3} % of a core per extra session)",
        rss50.saturating_sub(rss1) / 49,
        (cpu50.saturating_sub(cpu1)) as f64 * 0.01 / 90.0 / 49.0 * 100.0
    );
    assert!(
        one_board >= 12,
        "one board polled {one_board} times in 90 s"
    );
    assert!(
        fifty_boards as f64 <= 1.1 * one_board as f64,
        "fifty sessions asked {fifty_boards} times, one {one_board}:\n{:#?}\n{:#?}",
        &api_request_list(&sim1)[r1..],
        &api_request_list(&sim50)[r50..],
    );

    // Every client killed: every session ends.
    for c in c50.iter_mut().chain(c1.iter_mut()) {
        let _ = c.kill();
        let _ = c.wait();
    }
    wait_log(&fifty, 30, "every session to end", |l| {
        l.matches(" ends (").count() == 50 && l.contains("ends (0 sessions)")
    });
    assert_eq!(changes(&sim50), 0);
}

/// The ssh client that a pane's shell runs.
fn ssh_pid(t: &Tmux) -> String {
    let shell = t.display("#{pane_pid}");
    let out = Command::new("pgrep")
        .args(["-P", &shell, "-x", "ssh"])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "ssh runs under the pane's shell");
    pid
}

#[test]
fn a_dropped_connection_ends_its_board_at_once_and_the_edit_comes_back_to_the_key() {
    need_openssh();
    let sim = sim();
    let home = scratch("serve-drop");
    let disp = keygen(&home, "disp");
    let serve = Serve::start(
        &sim,
        &home,
        &format!("role=\"dispatcher\" {}\n", public(&disp)),
    );
    let t = serve.session_in_tmux("serve-drop", &home, &disp, 120, 40);
    let id = edit_first_task(&t);
    t.type_text(" kept-over-ssh");
    t.wait_for("kept-over-ssh", 5);
    // The client dies without a word: the server sees the connection close.
    Command::new("kill")
        .args(["-KILL", &ssh_pid(&t)])
        .status()
        .unwrap();
    t.wait_for("ssh-exit=", 10);
    wait_log(&serve, 10, "the session to end", |l| {
        l.contains("ends (0 sessions)")
    });
    drop(t);

    let again = serve.session_in_tmux("serve-again", &home, &disp, 120, 40);
    let p = again.wait_for("restore your edit of task", 20);
    assert!(
        p.contains(&format!("restore your edit of task {id}")),
        "{p}"
    );
    again.keys("y");
    let p = again.wait_for(&format!("Edit task {id}"), 20);
    assert!(p.contains("kept-over-ssh"), "the typed text is back:\n{p}");
    assert!(writes(&sim, "PUT").is_empty());
}
