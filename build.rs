//! Puts the commit the binary is built from into `--version`, when known.
//! A tarball without `.git`, or a machine without git, builds the same
//! binary without it; `KICKDESK_COMMIT` set at build time wins (packagers).

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// A file that does not exist would make cargo run this script every build.
fn watch(path: Option<String>) {
    if let Some(p) = path.map(PathBuf::from).filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KICKDESK_COMMIT");
    let commit = std::env::var("KICKDESK_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            // A tarball unpacked inside some other repository is not that
            // repository's commit.
            let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from)?;
            let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").ok()?);
            if top.canonicalize().ok()? != here.canonicalize().ok()? {
                return None;
            }
            // Rebuild when HEAD or the branch it names moves.
            for p in ["HEAD", "packed-refs"] {
                watch(git(&["rev-parse", "--git-path", p]));
            }
            if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
                watch(git(&["rev-parse", "--git-path", &r]));
            }
            git(&["rev-parse", "--short=12", "HEAD"])
        });
    let version = env!("CARGO_PKG_VERSION");
    let long = match commit {
        Some(c) => format!("{version} (commit {c})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=KICKDESK_LONG_VERSION={long}");
}
