//! The board on a real pseudo-terminal, seen byte by byte: what it asks the
//! terminal, how it paints, and how it ends when the other end goes (a
//! dropped SSH session). The board runs on a pseudo-terminal that is not its
//! controlling terminal (so no SIGHUP comes): reads of it then fail or end,
//! and the board must leave with the code of a closed terminal (0), without
//! spinning. CPU is counted from the kernel's own figures for the process,
//! never by the clock.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{InHome, Scratch, Sim, kickdesk, scratch, sim_with};

/// The query for the cursor's position (DSR 6): its answer arrives on the
/// input, where the event reader can take it first.
const ASK_CURSOR: &str = "\x1b[6n";
const CLEAR_ALL: &str = "\x1b[2J";
const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";

/// CPU ticks (user + system) a live process has used, from /proc/PID/stat.
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name may hold spaces: count fields after its ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after ')'.
    let n = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    n(11) + n(12)
}

fn ticks_per_second() -> u64 {
    // SAFETY: sysconf only reads a configuration value.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(t).unwrap_or(100).max(1)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How a board ended.
struct Ended {
    /// The raw wait status.
    status: i32,
    /// CPU ticks from the moment the end was asked for to the exit.
    spent: u64,
}

impl Ended {
    fn assert_clean(&self, what: &str) {
        assert!(
            libc::WIFEXITED(self.status),
            "{what}: ended by a signal: {}",
            self.status
        );
        assert_eq!(libc::WEXITSTATUS(self.status), 0, "{what}: exit code");
        // Leaving costs a few ticks; a loop spinning on the closed terminal
        // would cost every tick until it ended.
        assert!(
            self.spent <= ticks_per_second() / 2,
            "{what}: {} ticks of CPU on the way out",
            self.spent
        );
    }
}

/// kickdesk on a pseudo-terminal of its own, 100×30, its output drained
/// into a buffer the test reads.
struct PtyBoard {
    pid: i32,
    home: Scratch,
    /// The near end, kept only when the test reads the terminal's modes.
    slave: Option<OwnedFd>,
    master: Option<OwnedFd>,
    out: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    reaped: bool,
}

impl PtyBoard {
    /// Starts `kickdesk ARGS` with the fixed today and a scratch home.
    /// `keep_near_end`: the test keeps the terminal's near end open too (to
    /// read its modes after the board ends); otherwise only the board holds
    /// it, so closing the far end is a hang-up.
    fn start(name: &str, args: &[&str], keep_near_end: bool) -> PtyBoard {
        let home = scratch(name);
        let (mut master, mut slave) = (0, 0);
        let ws = libc::winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors into the locals given.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here alone.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // The board must not inherit the other end: it would keep it open.
        for fd in [&master, &slave] {
            // SAFETY: sets a flag on a descriptor owned here.
            unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
        }

        let mut cmd = kickdesk();
        cmd.args(args)
            .in_home(&home)
            .env("KICKDESK_TOKEN", "demo-token")
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(File::create(home.join("stderr")).unwrap()));
        // SAFETY: setsid is async-signal-safe. A session of its own with no
        // controlling terminal: closing the other end sends it no SIGHUP.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        // Reaped with wait4, which also gives its CPU figures.
        #[allow(clippy::zombie_processes)]
        let child = cmd.spawn().unwrap();
        drop(cmd);
        let pid = i32::try_from(child.id()).unwrap();

        // Drain what the board writes (it would block on a full terminal),
        // polling so that the reader can stop and the last descriptor close.
        let out = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (out, stop) = (out.clone(), stop.clone());
            let mut file = File::from(master.try_clone().unwrap());
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while !stop.load(Ordering::SeqCst) {
                    let mut p = libc::pollfd {
                        fd: file.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd, a short timeout.
                    if unsafe { libc::poll(&mut p, 1, 100) } <= 0 {
                        continue;
                    }
                    match file.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => out.lock().unwrap().extend_from_slice(&buf[..n]),
                    }
                }
            })
        };
        PtyBoard {
            pid,
            home,
            slave: keep_near_end.then_some(slave),
            master: Some(master),
            out,
            stop,
            reader: Some(reader),
            reaped: false,
        }
    }

    /// Everything the board wrote so far.
    fn written(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    /// The screen a terminal shows after what the board wrote, with
    /// `before` in its alternate screen already (another program's text).
    fn screen_over(&self, before: &str) -> String {
        let out = self.out.lock().unwrap();
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
        let mut term = vt100::Parser::new(size(30), size(100), 0);
        let split = find(&out, ENTER_ALT.as_bytes()).map_or(0, |i| i + ENTER_ALT.len());
        term.process(&out[..split]);
        term.process(before.as_bytes());
        term.process(&out[split..]);
        term.screen().contents()
    }

    fn screen(&self) -> String {
        self.screen_over("")
    }

    /// Waits until the screen shows `what`.
    fn wait_for(&self, what: &str) {
        let end = Instant::now() + Duration::from_secs(60);
        while !self.screen().contains(what) {
            assert!(
                Instant::now() < end,
                "{what:?} never showed; stderr: {}",
                std::fs::read_to_string(self.home.join("stderr")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types into the terminal, as a user would.
    fn type_bytes(&self, bytes: &[u8]) {
        let fd = self.master.as_ref().expect("the far end is open");
        let mut f = File::from(fd.try_clone().unwrap());
        f.write_all(bytes).unwrap();
    }

    fn running(&mut self) -> bool {
        let mut status = 0;
        // SAFETY: polls our own child without blocking.
        let r = unsafe { libc::waitpid(self.pid, &mut status, libc::WNOHANG) };
        if r == self.pid {
            self.reaped = true;
        }
        r == 0
    }

    /// Waits for the board to end by itself (after `q`), draining its last
    /// output first.
    fn wait_exit(&mut self) -> Ended {
        let before = cpu_ticks(self.pid);
        let ended = self.reap(before);
        self.stop_reader();
        ended
    }

    /// The far end closes, as when an SSH session drops; waits for the end.
    fn hang_up(&mut self) -> Ended {
        let before = cpu_ticks(self.pid);
        self.stop_reader();
        drop(self.master.take());
        self.reap(before)
    }

    fn stop_reader(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
    }

    fn reap(&mut self, before: u64) -> Ended {
        let mut status = 0;
        // SAFETY: rusage is plain data, filled by wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // A generous bound for a loaded machine: the CPU count, not this
        // clock, is what the assertions judge.
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            // SAFETY: waits for our own child, without blocking.
            let r = unsafe { libc::wait4(self.pid, &mut status, libc::WNOHANG, &mut usage) };
            if r == self.pid {
                self.reaped = true;
                break;
            }
            if Instant::now() >= end {
                let spent = cpu_ticks(self.pid).saturating_sub(before);
                panic!(
                    "kickdesk still running 20 s after it was asked to end ({spent} ticks of CPU since)"
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let total = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
        let cpu_us = total(usage.ru_utime) + total(usage.ru_stime);
        let after = cpu_us * ticks_per_second() / 1_000_000;
        Ended {
            status,
            spent: after.saturating_sub(before),
        }
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(self.home.join("stderr")).unwrap_or_default()
    }
}

impl Drop for PtyBoard {
    fn drop(&mut self) {
        if !self.reaped {
            // SAFETY: our own child, still running after a failed assertion.
            unsafe { libc::kill(self.pid, libc::SIGKILL) };
            let mut status = 0;
            // SAFETY: reaps our own child.
            unsafe { libc::waitpid(self.pid, &mut status, 0) };
        }
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// The interactive board against `sim`, polling every 5 s.
fn board_args(sim: &Sim) -> Vec<String> {
    [
        "--base-url",
        &sim.url,
        "--account",
        "demo",
        "--poll",
        "5",
        "--tz",
        "America/New_York",
    ]
    .map(String::from)
    .to_vec()
}

fn start_board(name: &str, sim: &Sim, keep_near_end: bool) -> PtyBoard {
    let args = board_args(sim);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let b = PtyBoard::start(name, &args, keep_near_end);
    b.wait_for("confirmed");
    b
}

#[test]
fn a_closed_pseudo_terminal_ends_the_monitor_without_spinning() {
    let mut b = PtyBoard::start(
        "pty-monitor",
        &[
            "demo",
            "--monitor",
            "--poll",
            "5",
            "--tz",
            "America/New_York",
        ],
        false,
    );
    b.wait_for("confirmed");
    let ended = b.hang_up();
    println!("after the close: {} ticks of CPU", ended.spent);
    ended.assert_clean("monitor");
    // A closed terminal is a normal end: nothing to report on stderr about
    // the cursor that could not be shown on a terminal that is gone.
    assert!(!b.stderr().contains("cursor"), "stderr: {}", b.stderr());
}

#[test]
fn fifty_repaints_with_polls_in_flight_ask_the_terminal_nothing_and_q_restores_it() {
    // Slow answers: polls are in flight while the repaints arrive.
    let sim = sim_with(&["--latency-ms", "400"]);
    let mut b = start_board("pty-repaint", &sim, true);
    let cleared_at_start = b.written().matches(CLEAR_ALL).count();
    for _ in 0..50 {
        b.type_bytes(b"\x0c");
        std::thread::sleep(Duration::from_millis(120));
    }
    assert!(b.running(), "the board ended on a repaint: {}", b.stderr());
    // Each repaint is a full clear and redraw, answered by the next frame.
    let before_q = b.written();
    assert!(
        before_q.matches(CLEAR_ALL).count() >= cleared_at_start + 50,
        "{} clears after 50 repaints",
        before_q.matches(CLEAR_ALL).count() - cleared_at_start
    );
    assert!(
        before_q
            .rsplit(CLEAR_ALL)
            .next()
            .unwrap_or("")
            .contains("confirmed"),
        "the last repaint was followed by a whole frame"
    );
    b.type_bytes(b"q");
    let ended = b.wait_exit();
    ended.assert_clean("q after 50 repaints");

    let out = b.written();
    assert!(
        !out.contains(ASK_CURSOR),
        "the board asked the terminal for its cursor"
    );
    // The terminal is back: the main screen, and the line discipline's
    // cooked mode with echo.
    let tail = out.rsplit("confirmed").next().unwrap_or("");
    assert!(tail.contains(LEAVE_ALT), "the main screen is back");
    let near = b.slave.as_ref().unwrap();
    // SAFETY: termios is plain data, filled by tcgetattr on our descriptor.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: reads the modes of a terminal this test holds open.
    assert_eq!(unsafe { libc::tcgetattr(near.as_raw_fd(), &mut t) }, 0);
    assert_ne!(t.c_lflag & libc::ICANON, 0, "cooked mode is back");
    assert_ne!(t.c_lflag & libc::ECHO, 0, "echo is back");
    assert!(!b.stderr().contains("cursor"), "stderr: {}", b.stderr());
}

#[test]
fn text_left_in_the_alternate_screen_is_gone_from_the_first_frame() {
    let sim = sim_with(&[]);
    let mut b = start_board("pty-first-frame", &sim, false);
    // Another program's text, in every cell, before the board's first frame.
    let garbage = "GARBAGE!".repeat(100 * 30 / 8);
    let screen = b.screen_over(&garbage);
    assert!(screen.contains("confirmed"), "{screen}");
    assert!(!screen.contains("GARBAGE"), "it shows through:\n{screen}");
    b.hang_up().assert_clean("first frame");
}

/// Each state the board can be in when its terminal goes, reached by the
/// keys given, and a text that shows it was reached.
const STATES: [(&str, &[u8], &str); 6] = [
    ("help", b"?", "go to the last row"),
    ("employee picker", b"E", " Employees "),
    ("text filter", b"/zq", "/zq"),
    ("delete confirmation", b"D", "Press y to delete"),
    ("edit form", b"e", "Edit task"),
    ("right after a repaint", b"\x0c", "confirmed"),
];

#[test]
fn a_closed_terminal_ends_the_board_in_every_state_without_spinning() {
    let sim = sim_with(&["--latency-ms", "200"]);
    for (i, (state, keys, shows)) in STATES.iter().enumerate() {
        let mut b = start_board(&format!("pty-gone-{i}"), &sim, false);
        let clears = b.written().matches(CLEAR_ALL).count();
        b.type_bytes(keys);
        b.wait_for(shows);
        if keys == b"\x0c" {
            // Gone right after the repaint's clear, before much else.
            let end = Instant::now() + Duration::from_secs(30);
            while b.written().matches(CLEAR_ALL).count() == clears {
                assert!(Instant::now() < end, "{state}: the repaint never cleared");
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let ended = b.hang_up();
        println!("{state}: {} ticks of CPU on the way out", ended.spent);
        ended.assert_clean(state);
        assert!(!b.stderr().contains("cursor"), "{state}: {}", b.stderr());
    }
}

#[test]
fn a_closed_terminal_in_the_edit_form_journals_what_was_typed() {
    let sim = sim_with(&[]);
    let mut b = start_board("pty-gone-form", &sim, false);
    b.type_bytes(b"e");
    b.wait_for("Edit task");
    // Into the first field, the title or description being typed.
    b.type_bytes(b" zq-marker");
    b.wait_for("zq-marker");
    b.hang_up().assert_clean("edit form");
    let mut journalled = Vec::new();
    let mut dirs = vec![b.home.join("data")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if std::fs::read_to_string(&p).is_ok_and(|t| t.contains("zq-marker")) {
                journalled.push(p);
            }
        }
    }
    assert!(!journalled.is_empty(), "no draft holds the typed text");
}
