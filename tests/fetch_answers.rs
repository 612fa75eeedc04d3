//! One helper answers a fetch: a test that spelled the answer's message out
//! by hand would have to change with it, and hide what it is about. Reads
//! the test sources and names any `Msg::TasksLoaded { .. }` built outside
//! `tests/common/mod.rs` (matching one with `..` is reading it, not building).
//! The benches, which do not share `tests/common`, build their own.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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

/// Where `text` builds a fetch's answer: the line of each `TasksLoaded {`
/// whose fields up to the closing brace have no `..`.
fn built(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for (at, _) in text.match_indices("TasksLoaded {") {
        let rest = &text[at + "TasksLoaded {".len()..];
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        if !rest[..end].contains("..") {
            lines.push(text[..at].lines().count());
        }
    }
    lines
}

#[test]
fn only_the_common_helper_builds_a_fetch_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("tests"), &mut files);
    assert!(files.len() > 20, "the test sources were found");
    let mut found = Vec::new();
    for f in &files {
        if f.ends_with("tests/common/mod.rs") || f.ends_with("tests/fetch_answers.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("a readable source file");
        for line in built(&text) {
            found.push(format!("{}:{line}", f.display()));
        }
    }
    assert!(
        found.is_empty(),
        "answer fetches with common::answer_at, answer_with, answer_fetch or fetched:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_tells_a_built_answer_from_a_read_one() {
    let by_hand = "update(m, Msg::TasksLoaded {\n    seq,\n    period,\n    at,\n    result,\n});";
    assert_eq!(built(by_hand), [1]);
    let read = "match msg {\n    Msg::TasksLoaded { seq, .. } => seq,\n}";
    assert!(built(read).is_empty());
}
