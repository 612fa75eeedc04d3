//! End to end: the view a board remembers is its account's. The demo and
//! two accounts (one slug at two servers) started one after the other on
//! one home: what one chose is not what the next opens on, and each opens
//! again on its own.

#[path = "common/e2e.rs"]
mod e2e;

use std::path::Path;

use e2e::{BIN, Tmux, board_cmd, scratch, sim};

/// What shows the week view, and the timeline's own hint.
const WEEK: &str = "(week 48)";
const TIMELINE: &str = "j/k employee";

/// Runs `cmd` in a fresh session on `home` until its data is confirmed,
/// presses `keys` (waiting for `then` after them), quits; the pane as the
/// data first showed.
fn run(name: &str, home: &Path, cmd: &str, keys: &str, then: &str) -> String {
    let t = Tmux::start(name, home, cmd, 120, 40);
    let first = t.wait_for("confirmed", 30);
    if !keys.is_empty() {
        t.keys(keys);
        t.wait_for(then, 10);
    }
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
    first
}

#[test]
fn the_demo_and_each_account_open_on_the_view_they_left() {
    let (a, b) = (sim(), sim());
    let home = scratch("state");
    let demo = format!("{BIN} demo; echo kickdesk-exit=$?; sleep 60");
    let on_a = board_cmd(&a.url, 30, "");
    let on_b = board_cmd(&b.url, 30, "");

    // The week tried in the demo.
    run("st-demo", &home, &demo, "w", WEEK);
    // Not the account's: it opens on the day, and leaves the timeline.
    let p = run("st-a", &home, &on_a, "v", TIMELINE);
    assert!(!p.contains(WEEK) && !p.contains(TIMELINE), "{p}");
    // The same slug at another server is another account.
    let p = run("st-b", &home, &on_b, "", "");
    assert!(!p.contains(WEEK) && !p.contains(TIMELINE), "{p}");
    // Each opens again on what it left.
    let p = run("st-a2", &home, &on_a, "", "");
    assert!(p.contains(TIMELINE), "{p}");
    let p = run("st-demo2", &home, &demo, "", "");
    assert!(p.contains(WEEK) && !p.contains(TIMELINE), "{p}");
}
