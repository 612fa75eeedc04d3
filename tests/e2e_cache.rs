//! End to end: the disk cache across runs of the binary in a private tmux
//! server against `kickdesk sim`. A board runs, quits; the simulator stops;
//! the next board opens on the cached tasks, marked as cached, then says
//! Kickserv is unreachable. `--no-cache` neither writes nor reads.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{Tmux, board_cmd, scratch, sim};
use std::path::Path;
use std::time::{Duration, Instant};

/// The board's command line, at 160×40 below.
fn board(url: &str, extra: &str) -> String {
    board_cmd(url, 5, extra)
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
    let mut sim = sim();
    let home = scratch("cache");

    // A board that fetched today, and quit.
    let t = Tmux::start("first", &home, &board(&sim.url, ""), 160, 40);
    let p = t.wait_for("confirmed", 30);
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
    let t = Tmux::start("nocache", &other, &board(&sim.url, "--no-cache"), 160, 40);
    t.wait_for("confirmed", 30);
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 20);
    drop(t);
    assert_eq!(cache_files(&other), Vec::<String>::new());

    // Kickserv goes away; the next board (read-only, which uses the cache
    // too) draws the cached day at once, then says it cannot reach Kickserv.
    sim.stop();
    let t = Tmux::start("second", &home, &board(&sim.url, "--read-only"), 160, 40);
    // A capture can catch a frame half written on a loaded machine: wait
    // for the whole cached day rather than read the first pane that names it.
    let p = t.wait_until(20, "the same tasks, where they were", |p| {
        p.contains("cached 10:00") && grid(p) == shown
    });
    let head = p.lines().next().unwrap_or_default();
    assert!(head.contains("read-only"), "{head}");
    let p = t.wait_until(30, "the tasks stay, the mark stays", |p| {
        p.contains("Kickserv is unreach") && grid(p) == shown
    });
    let head = p.lines().next().unwrap_or_default();
    assert!(head.contains("cached 10:00"), "the mark stays: {head}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 20);
    drop(t);

    // --no-cache does not read it either: without Kickserv the board stops
    // at the first request, as it always did.
    let t = Tmux::start("third", &home, &board(&sim.url, "--no-cache"), 160, 40);
    let p = t.wait_for("kickdesk-exit=", 30);
    assert!(p.contains("kickdesk-exit=4"), "{p}");
    assert!(!p.contains("cached"), "{p}");

    let _ = std::fs::remove_dir_all(&home);
    let _ = std::fs::remove_dir_all(&other);
}
