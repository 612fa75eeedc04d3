//! No test may depend on the real date: the simulator seeds its data around
//! a fixed today, so a board or `agenda` that read the real clock would find
//! nothing once the real date left that window. Every process a test starts
//! comes from `e2e::kickdesk()` (or a tmux server started by `Tmux::start`),
//! both of which set `KICKDESK_TODAY`; this test reads the test sources and
//! names any place that starts the binary another way.

use std::path::Path;

/// Ways of starting the binary that bypass the fixed date.
const BYPASSES: [&str; 3] = [
    "Command::new(BIN)",
    "Command::new(e2e::BIN)",
    "CARGO_BIN_EXE",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir)
        .expect("a readable directory")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn offenders(files: &[std::path::PathBuf], harness: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        // The harness holds the one constructor; this file names the
        // bypasses as data.
        if f == harness || f.ends_with("tests/fixed_clock.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("a readable source file");
        for (i, line) in text.lines().enumerate() {
            if BYPASSES.iter().any(|b| line.contains(b)) {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn every_process_a_test_starts_has_the_fixed_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = root.join("tests/common/e2e.rs");
    let mut files = Vec::new();
    for dir in ["tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "the test sources were found");
    let found = offenders(&files, &harness);
    assert!(
        found.is_empty(),
        "start the binary with e2e::kickdesk(), which fixes the date:\n{}",
        found.join("\n")
    );

    // The harness itself: the one constructor and every tmux server set it.
    let e2e = std::fs::read_to_string(&harness).expect("the harness");
    let ctor = e2e
        .split("pub fn kickdesk() -> Command {")
        .nth(1)
        .expect("the harness has kickdesk()");
    let body = ctor.split("\n}").next().unwrap_or_default();
    assert!(body.contains(r#".env("KICKDESK_TODAY", TODAY)"#), "{body}");
    assert_eq!(
        e2e.matches("Command::new(BIN)").count(),
        1,
        "only kickdesk() spawns the binary in the harness"
    );
    let tmux = e2e
        .split("pub fn start_with_token(")
        .nth(1)
        .expect("the harness starts tmux servers");
    let tmux = tmux.split("\n    }").next().unwrap_or_default();
    assert!(tmux.contains(r#".env("KICKDESK_TODAY", TODAY)"#), "{tmux}");
}

#[test]
fn the_check_finds_a_bypass() {
    // The check can fail: a file that spawns the binary directly is named.
    let dir = tempfile::tempdir().expect("a scratch dir");
    let f = dir.path().join("t.rs");
    std::fs::write(&f, "fn f() {\n    let c = Command::new(BIN);\n}\n").expect("written");
    let found = offenders(std::slice::from_ref(&f), Path::new("/none"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with(":2: let c = Command::new(BIN);"),
        "{found:?}"
    );
}
