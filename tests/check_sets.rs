//! `kickdesk check` against the simulator: a saved set (`[filters]`) whose
//! entry names no employee of the account is a config error (exit 2)
//! naming the set, the entry and the file; sets by number and name pass.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{InHome, scratch, sim};
use std::process::Output;

fn check(home: &std::path::Path, url: &str, file: &std::path::Path) -> Output {
    e2e::kickdesk()
        .args(["check", "--base-url", url, "--account", "demo", "--config"])
        .arg(file)
        .in_home(home)
        .env("KICKDESK_TOKEN", "demo-token")
        .env("TERM", "dumb")
        .output()
        .unwrap()
}

#[test]
fn check_names_the_set_the_entry_and_the_file_of_an_unknown_employee() {
    let sim = sim();
    let home = scratch("check-sets");
    // A name and a number the simulator's account has.
    let staff = e2e::http("GET", &format!("{}/demo/employees.json", sim.url), None);
    let first = &staff.as_array().expect("a list of employees")[0];
    let name = first["name"].as_str().expect("a name").to_string();
    let number = first["employee_number"].as_i64().expect("a number");
    let file = home.join("kickdesk.toml");
    std::fs::write(
        &file,
        format!("# sets\n[filters]\nnorth = [\"#{number}\", {name:?}]\n"),
    )
    .unwrap();
    let out = check(&home, &sim.url, &file);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    std::fs::write(
        &file,
        "[filters]\nnorth = [\"#1\"]\nsouth = [\"Nobody Zed\"]\n",
    )
    .unwrap();
    let out = check(&home, &sim.url, &file);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("saved set \"south\""), "{err}");
    assert!(
        err.contains("\"Nobody Zed\" names no one employee"),
        "{err}"
    );
    assert!(err.contains(&file.display().to_string()), "{err}");
}
