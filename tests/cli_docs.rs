//! What a packager or a shell user runs once: `--version`, `completions`
//! and `man`, as the binary prints them.

#[path = "common/e2e.rs"]
mod e2e;

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    e2e::kickdesk().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn version_names_the_commit_the_binary_was_built_from_when_git_knows_it() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let want = format!("kickdesk {}", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&want), "{text}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if let Some(head) = head {
        assert_eq!(text.trim(), format!("{want} (commit {head})"));
    }
}

#[test]
fn completions_and_man_print_to_stdout_and_a_bad_shell_is_a_usage_error() {
    let bash = run(&["completions", "bash"]);
    assert!(bash.status.success());
    assert!(
        stdout(&bash).contains("complete -F _kickdesk"),
        "{}",
        stdout(&bash)
    );
    let man = run(&["man"]);
    assert!(man.status.success());
    assert!(stdout(&man).contains(".TH kickdesk 1"), "{}", stdout(&man));
    assert!(stdout(&man).contains(".SH \"KICKDESK AGENDA\""));
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
}

#[test]
fn the_readme_names_the_place_of_the_token_that_the_messages_name() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let place = kickdesk::kickserv::TOKEN_PLACE;
    assert!(readme.contains(place), "README does not say {place:?}");
    // The README's first screen: the demo, the tests, a real account.
    let first: String = readme.lines().take(80).collect::<Vec<_>>().join("\n");
    for must in [
        "cargo run --release -- demo",
        "cargo test --locked",
        "KICKDESK_TOKEN",
        "--account",
    ] {
        assert!(first.contains(must), "{must} not in the first 80 lines");
    }
}
