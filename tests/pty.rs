//! A dropped SSH session seen from the terminal alone: kickdesk runs on a
//! pseudo-terminal that is not its controlling terminal (so no SIGHUP
//! comes), and the other end closes. Reads of the terminal then fail (EIO)
//! or end; the board must leave, with the code of a closed terminal (0),
//! promptly and without spinning. CPU is counted from the kernel's own
//! figures for the process, never by the clock.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{InHome, kickdesk, scratch};

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

#[test]
fn a_closed_pseudo_terminal_ends_kickdesk_without_spinning() {
    let home = scratch("pty");

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
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // The board must not inherit the other end: it would keep it open.
    for fd in [&master, &slave] {
        // SAFETY: sets a flag on a descriptor owned here.
        unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    }

    let mut cmd = kickdesk();
    cmd.args([
        "demo",
        "--monitor",
        "--poll",
        "5",
        "--tz",
        "America/New_York",
    ])
    .in_home(&home)
    .env("TERM", "xterm-256color")
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
    // Reaped below with wait4, which also gives its CPU figures.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().unwrap();
    // Only the board holds the terminal's near end now.
    drop(cmd);
    drop(slave);
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
    let seen = |what: &str| String::from_utf8_lossy(&out.lock().unwrap()).contains(what);
    let end = Instant::now() + Duration::from_secs(60);
    while !seen("as of") {
        assert!(
            Instant::now() < end,
            "the board never drew its data: {}",
            std::fs::read_to_string(home.join("stderr")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The other end goes, as when an SSH session drops.
    let before = cpu_ticks(pid);
    stop.store(true, Ordering::SeqCst);
    reader.join().unwrap();
    drop(master);

    let mut status = 0;
    // SAFETY: rusage is plain data, filled by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        // SAFETY: waits for our own child, without blocking.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if Instant::now() >= end {
            let spent = cpu_ticks(pid) - before;
            // SAFETY: our own child, still running.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!(
                "kickdesk still running 20 s after its terminal closed ({spent} ticks of CPU since)"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let total = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    let cpu_us = total(usage.ru_utime) + total(usage.ru_stime);
    let after_ticks = cpu_us * ticks_per_second() / 1_000_000;
    let spent = after_ticks.saturating_sub(before);
    println!(
        "after the close: {spent} ticks of CPU ({} per second); whole run {} ms of CPU",
        ticks_per_second(),
        cpu_us / 1000
    );
    assert!(libc::WIFEXITED(status), "ended by a signal: {status}");
    assert_eq!(
        libc::WEXITSTATUS(status),
        0,
        "the code of a closed terminal"
    );
    // Leaving costs a few ticks; a loop spinning on the closed terminal
    // would cost every tick until it ended.
    assert!(
        spent <= ticks_per_second() / 2,
        "{spent} ticks of CPU after the terminal closed"
    );
    // A closed terminal is a normal end: nothing to report on stderr about
    // the cursor that could not be shown on a terminal that is gone.
    let stderr = std::fs::read_to_string(home.join("stderr")).unwrap_or_default();
    assert!(!stderr.contains("cursor"), "stderr: {stderr}");
    let _ = std::fs::remove_dir_all(&home);
}
