use super::*;
use chrono::{TimeZone, Utc};

use crate::app::draft::DraftJob;
use crate::testdir::TempDir as Dir;

fn draft(id: &str, task: Option<i64>, text: &str) -> Draft {
    Draft {
        id: id.into(),
        task_id: task,
        title: "Roof survey".into(),
        description: text.into(),
        date: "2026-11-27".into(),
        start: "9:30".into(),
        end: "1h30".into(),
        employee_ids: vec![846787],
        at: Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap(),
        ..Draft::default()
    }
}

fn texts(f: &Found) -> Vec<&str> {
    f.drafts.iter().map(|d| d.description.as_str()).collect()
}

use crate::testdir::names;

#[test]
fn a_draft_written_comes_back_whole_at_the_next_start_and_only_there() {
    let dir = Dir::new("shelf");
    let a = Shelf::open(dir.0.clone());
    let mut d = draft("new-1", None, "Clean the gutters");
    d.job = Some(DraftJob {
        number: 86002,
        label: "Job #86002: Gutters".into(),
    });
    a.save(&d).unwrap();
    drop(a);
    let b = Shelf::open(dir.0.clone());
    let found = b.found(true);
    assert_eq!(found.errors, Vec::<String>::new());
    let back = &found.drafts[0];
    assert_eq!(back.id, "kept-0", "taken over under a slot of its own");
    assert_eq!(
        Draft {
            id: "new-1".into(),
            ..back.clone()
        },
        d,
        "everything typed, the job included"
    );
    // Taken: a board starting meanwhile does not see it.
    assert!(Shelf::open(dir.0.clone()).found(true).drafts.is_empty());
    // Its own edit removes it.
    b.remove("kept-0").unwrap();
    drop(b);
    assert!(Shelf::open(dir.0.clone()).found(true).drafts.is_empty());
}

#[test]
fn two_runs_on_one_home_never_touch_each_others_drafts() {
    let dir = Dir::new("shelf");
    let (a, b) = (Shelf::open(dir.0.clone()), Shelf::open(dir.0.clone()));
    // Both edit the same task, and b another one.
    a.save(&draft("task-5", Some(5), "a's edit of 5")).unwrap();
    b.save(&draft("task-5", Some(5), "b's edit of 5")).unwrap();
    b.save(&draft("task-7", Some(7), "b's edit of 7")).unwrap();
    // b saves its edit of 5: a's draft of 5 stays.
    b.remove("task-5").unwrap();
    // A third board starting now offers neither's: both are running.
    let c = Shelf::open(dir.0.clone());
    assert!(c.found(true).drafts.is_empty());
    drop(c);
    // a ends (a crash would do the same): its draft is offered, b's not.
    drop(a);
    let d = Shelf::open(dir.0.clone());
    assert_eq!(texts(&d.found(true)), ["a's edit of 5"]);
    drop(d);
    drop(b);
    let e = Shelf::open(dir.0.clone());
    let mut all = texts(&e.found(true))
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    all.sort();
    assert_eq!(all, ["a's edit of 5", "b's edit of 7"]);
    // No lock or temporary file of a run that ended is left behind.
    let mine = format!("{}.", e.session);
    assert!(
        names(&dir.0).iter().all(|n| n.starts_with(&mine)),
        "{:?}",
        names(&dir.0)
    );
}

#[test]
fn drafts_belong_to_their_account_and_base_url() {
    let home = Dir::new("shelf");
    let base = "https://app.kickserv.com";
    let dir = |b: &str, a: &str| account_dir(&home.0, b, a);
    let s = Shelf::open(dir(base, "acme"));
    s.save(&draft("task-5", Some(5), "acme's")).unwrap();
    drop(s);
    for (b, a) in [(base, "other"), ("http://127.0.0.1:8787", "acme")] {
        let f = Shelf::open(dir(b, a)).found(true);
        assert!(f.drafts.is_empty() && f.errors.is_empty(), "{b} {a}: {f:?}");
    }
    assert_eq!(
        texts(&Shelf::open(dir(base, "acme")).found(true)),
        ["acme's"]
    );
}

#[test]
fn the_single_draft_of_an_older_version_is_taken_over_and_said_to_have_no_account() {
    let home = Dir::new("shelf");
    let legacy = home.0.join(LEGACY_FILE);
    fs::create_dir_all(&home.0).unwrap();
    fs::write(
        &legacy,
        br#"{"task_id": 5, "title": "Roof survey", "description": "from 0.1"}"#,
    )
    .unwrap();
    let dir = account_dir(&home.0, "https://app.kickserv.com", "acme");
    // A read-only board only reads it.
    let ro = Shelf::open(dir.clone()).with_legacy(legacy.clone(), false);
    assert_eq!(texts(&ro.found(false)), ["from 0.1"]);
    assert!(legacy.exists());
    drop(ro);
    let s = Shelf::open(dir.clone()).with_legacy(legacy.clone(), false);
    let f = s.found(true);
    assert_eq!(texts(&f), ["from 0.1"]);
    assert!(f.drafts[0].account_unknown);
    assert!(!legacy.exists(), "moved to the account that took it");
    drop(s);
    // Kept for later, it is still said to be of an unknown account.
    let f = Shelf::open(dir.clone())
        .with_legacy(legacy.clone(), false)
        .found(true);
    assert_eq!(texts(&f), ["from 0.1"]);
    assert!(f.drafts[0].account_unknown);
    // One in the demo's own directory is the demo's.
    let demo = home.0.join("demo");
    fs::create_dir_all(&demo).unwrap();
    fs::write(
        demo.join(LEGACY_FILE),
        br#"{"task_id": 5, "description": "demo"}"#,
    )
    .unwrap();
    let f = Shelf::open(demo.clone())
        .with_legacy(demo.join(LEGACY_FILE), true)
        .found(true);
    assert_eq!(texts(&f), ["demo"]);
    assert!(!f.drafts[0].account_unknown);
}

#[test]
fn a_damaged_draft_is_reported_and_left_for_the_user() {
    let dir = Dir::new("shelf");
    fs::create_dir_all(&dir.0).unwrap();
    let path = dir.0.join("1-2-3.task-5.json");
    fs::write(&path, b"{\"task_id\": 23579").unwrap();
    let f = Shelf::open(dir.0.clone()).found(true);
    assert!(f.drafts.is_empty());
    let e = f.errors.join("; ");
    assert!(
        e.contains("is damaged") && e.contains("it is left there"),
        "{e}"
    );
    assert!(e.contains(&path.display().to_string()), "{e}");
    assert_eq!(fs::read(&path).unwrap(), b"{\"task_id\": 23579");
}

#[cfg(unix)]
#[test]
fn a_draft_is_readable_by_its_owner_only_and_holds_no_token() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new("shelf");
    let s = Shelf::open(dir.0.clone());
    s.save(&draft("task-5", Some(5), "x")).unwrap();
    let path = s.path("task-5").unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0);
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "at",
            "base_updated_at",
            "date",
            "description",
            "employee_ids",
            "end",
            "job",
            "start",
            "task_id",
            "title"
        ]
    );
}

#[test]
fn a_draft_that_cannot_be_written_leaves_no_temporary_file() {
    let dir = Dir::new("shelf");
    let s = Shelf::open(dir.0.clone());
    s.save(&draft("task-5", Some(5), "old")).unwrap();
    // The next write cannot take the draft's name (a directory is there).
    let path = s.path("task-7").unwrap();
    fs::create_dir_all(path.join("x")).unwrap();
    assert!(s.save(&draft("task-7", Some(7), "new")).is_err());
    let left: Vec<String> = names(&dir.0)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A slot that names no file is refused, not written somewhere else.
    assert!(s.save(&draft("../x", Some(7), "new")).is_err());
}
