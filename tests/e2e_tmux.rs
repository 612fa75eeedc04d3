//! End to end: the kickdesk binary in a private tmux server against
//! `kickdesk sim`, read the way a user reads the screen.
//!
//! Every run has a fixed today (`KICKDESK_TODAY`), so a run across midnight
//! cannot fail; each wait is for text only the feature under test produces.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{
    BIN, InHome, Scratch, Sim, TODAY, Tmux, board_cmd, board_in, edit_first_task, http, kickdesk,
    no_long_tasks, scratch, sim, sim_task, sim_with, writes,
};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn board_against_the_simulator() {
    let sim = sim();
    let home = scratch("board");
    // The shell reports the exit status and keeps the pane for inspection.
    let cmd = board_cmd(&sim.url, 5, "");
    let t = Tmux::start("board", &home, &cmd, 120, 40);

    // The first employee column and its first task of today, as the API has them.
    let emps = http(
        "GET",
        &format!("{}/demo/employees.json?per_page=100", sim.url),
        None,
    );
    let first = emps
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|e| e["employee_number"].as_i64())
        .unwrap()
        .clone();
    let name = first["name"].as_str().unwrap().to_string();
    let p = t.wait_for("confirmed", 20);
    assert!(p.contains(" kickdesk  demo "), "{p}");
    let short: String = name.chars().take(6).collect();
    assert!(p.contains(&short), "column for {name}:\n{p}");
    let today = today();
    let mine = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={today}&to={}&employee_number={}&mapping=true",
            sim.url,
            today.succ_opt().unwrap(),
            first["employee_number"]
        ),
        None,
    );
    let timed: Vec<&Value> = mine
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["all_day"] != Value::Bool(true))
        .collect();
    // Today's titles on the board, to tell one task from another.
    let all_today = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={today}&to={}&per_page=100&mapping=true",
            sim.url,
            today.succ_opt().unwrap()
        ),
        None,
    );
    let customers: Vec<String> = all_today
        .as_array()
        .unwrap()
        .iter()
        .map(customer_of)
        .collect();
    // A task of theirs whose customer no other task of today has: the block's
    // second line names it. Titles ("Estimate visit") are shared too often.
    let (task, customer) = timed
        .iter()
        .find_map(|t| unique_prefix(&customer_of(t), &customers).map(|c| (*t, c)))
        .expect("the seed gives the first employee a task for a customer of its own today");
    // As much of the title as the narrowest lane shows beside the time.
    let title: String = title_of(task).chars().take(5).collect();
    assert!(
        p.lines().any(|l| l.contains(&customer)),
        "today's task {title:?} for {customer:?} of {name}:\n{p}"
    );
    assert!(p.contains(&title), "{title:?} of {name}:\n{p}");

    // Another dispatcher moves a task: within one poll interval the board shows it, marked.
    {
        let id = task["id"].as_i64().unwrap();
        let s = chrono::DateTime::parse_from_rfc3339(task["starts_at"].as_str().unwrap()).unwrap();
        let e = chrono::DateTime::parse_from_rfc3339(task["ends_at"].as_str().unwrap()).unwrap();
        let hour = chrono::Duration::hours(1);
        http(
            "PUT",
            &format!("{}/demo/tasks/{id}.json", sim.url),
            Some(
                serde_json::json!({"task": {"starts_at": (s + hour).to_rfc3339(), "ends_at": (e + hour).to_rfc3339()}}),
            ),
        );
        let p = t.wait_for("1 changed", 12);
        // The mark (» means moved, nothing else) sits right before the title of
        // the task that moved; its block may now be split, so only the head is sure.
        // (after its start time, where the lane has room for it). Three
        // letters: moved onto another task, a double-booking mark takes a column.
        let head: String = title.chars().take(3).collect();
        let marked = p.lines().any(|l| {
            l.split('»').skip(1).any(|r| {
                r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == ' ')
                    .starts_with(&head)
            })
        });
        assert!(marked, "the moved task {title:?} is marked:\n{p}");
    }

    // Week view, next week, back to today.
    t.keys("w");
    let p = t.wait_for("(week ", 5);
    let week: u32 = p
        .split("(week ")
        .nth(1)
        .unwrap()
        .split(')')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    t.keys("]");
    use chrono::Datelike;
    assert_eq!(week, today.iso_week().week());
    let next_week = (today + chrono::Duration::days(7)).iso_week().week();
    t.wait_for(&format!("(week {next_week})"), 5);
    t.keys("t");
    let p = t.wait_for(&format!("(week {week})"), 5);
    // Today's column header carries the today mark, which means nothing else.
    let mark = format!("◆{}", today.format("%a %-d"));
    assert!(p.contains(&mark), "today is marked as {mark}:\n{p}");
    t.keys("d");
    t.wait_for(&today.format("%a %-d %b %Y").to_string(), 5);
    // Unassigned work is the first column: the first employee is the next one.
    t.keys("l");

    // The board only read; the one write was ours.
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    let writes: Vec<&Value> = reqs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert_eq!(writes.len(), 1, "{writes:?}");

    // Notify: asks first; Esc sends nothing; y sends exactly one, to the employee.
    t.keys("o");
    t.wait_for("Tell customer \"on the way\": ", 5);
    // The question is gone only once the board has read the Escape alone.
    t.escape_until_gone("on the way\": ", 5);
    let p = t.pane();
    assert!(!p.contains("Sent:"), "Esc sent nothing:\n{p}");
    t.keys("n");
    let p = t.wait_for("Notify assigned employee: ", 5);
    // The confirmation's own line names who is notified (not only the column header).
    let question = p
        .lines()
        .find(|l| l.contains("Notify assigned employee: "))
        .unwrap_or_default();
    assert!(
        question.contains(&short),
        "the confirmation names {name}:\n{p}"
    );
    t.keys("y");
    let end = Instant::now() + Duration::from_secs(5);
    let p = loop {
        let p = t.pane();
        if p.contains("Sent: notify") || p.contains("Not sent") || Instant::now() > end {
            break p;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    assert!(p.contains("Sent: notify assigned employee"), "{p}\n{reqs}");
    let sent = http("GET", &format!("{}/_sim/notifications", sim.url), None);
    let sent = sent.as_array().unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["notification_type"], Value::Null);
    let mine_ids: Vec<i64> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert!(
        mine_ids.contains(&sent[0]["task_id"].as_i64().unwrap()),
        "sent for {name}'s task: {sent:?}"
    );

    // q quits and the terminal is restored (no alternate screen, cursor shown).
    t.keys("q");
    let p = t.wait_for("kickdesk-exit=", 5);
    assert!(p.contains("kickdesk-exit=0"), "{p}");
    assert_eq!(t.display("#{alternate_on}"), "0");
    assert_eq!(t.display("#{cursor_flag}"), "1");
    assert_eq!(t.display("#{mouse_any_flag}"), "0");
}

/// The board's title of an API task: its name, else its job's.
fn title_of(task: &Value) -> String {
    task["name"]
        .as_str()
        .filter(|s| !s.is_empty())
        .or(task["job"]["name"].as_str())
        .unwrap_or("")
        .to_string()
}

/// The board's customer line of an API task: the customer's name, else the company's.
fn customer_of(task: &Value) -> String {
    let c = &task["customer"];
    c["name"]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .or(c["company_name"].as_str())
        .unwrap_or("")
        .to_string()
}

/// The shortest prefix of `title`, at least 8 characters, that no other title
/// in `all` starts with (`title` itself is in `all` once); `None` if shared whole.
fn unique_prefix(title: &str, all: &[String]) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    (8.min(chars.len())..=chars.len())
        .map(|n| chars[..n].iter().collect::<String>())
        .find(|p| all.iter().filter(|t| t.starts_with(p.as_str())).count() == 1)
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    let sim = sim();
    for sig in ["TERM", "HUP"] {
        let home = scratch(&format!("sig{sig}"));
        let cmd = format!(
            "{BIN} --base-url {} --account demo; echo kickdesk-exit=$?; sleep 60",
            sim.url
        );
        let t = Tmux::start(&format!("sig{sig}"), &home, &cmd, 100, 30);
        t.wait_for("confirmed", 20);
        t.keys("m");
        t.wait_display("#{mouse_any_flag}", "1", 5);
        // The pane runs a shell; kickdesk is its child.
        let pid = t.board_pid();
        Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .unwrap();
        let p = t.wait_for("kickdesk-exit=", 5);
        assert!(
            p.contains("kickdesk-exit=0"),
            "SIG{sig} ends kickdesk cleanly:\n{p}"
        );
        assert_eq!(t.display("#{alternate_on}"), "0", "SIG{sig}");
        assert_eq!(t.display("#{mouse_any_flag}"), "0", "SIG{sig}");
        assert_eq!(t.display("#{cursor_flag}"), "1", "SIG{sig}");
    }
}

#[test]
fn agenda_raw_lists_todays_tasks_once_and_a_wrong_token_exits_3() {
    let sim = sim();
    let home = scratch("agenda");
    no_long_tasks(&home);
    let run = |token: &str| {
        kickdesk()
            .args([
                "agenda",
                "--base-url",
                &sim.url,
                "--account",
                "demo",
                "--format",
                "raw",
                "--tz",
                "America/New_York",
            ])
            .env("KICKDESK_TOKEN", token)
            .env("KICKDESK_TODAY", TODAY)
            .in_home(&home)
            .output()
            .unwrap()
    };
    let out = run("demo-token");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON array");
    let tasks = tasks.as_array().unwrap();
    let mut ids: Vec<i64> = tasks.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "every task once");
    // Every task that starts today per the API is there.
    let today = today();
    let api = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={today}&to={}&per_page=100",
            sim.url,
            today.succ_opt().unwrap()
        ),
        None,
    );
    for t in api.as_array().unwrap() {
        assert!(
            ids.contains(&t["id"].as_i64().unwrap()),
            "missing {}",
            t["id"]
        );
    }
    assert!(n >= api.as_array().unwrap().len());
    for t in tasks {
        assert!(t.get("encrypted_password").is_none());
        for e in t["employees"].as_array().unwrap() {
            assert!(e.get("encrypted_password").is_none() && e.get("remember_token").is_none());
        }
    }

    let bad = run("wrong-token");
    assert_eq!(bad.status.code(), Some(3));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("token"), "{err}");
    assert!(
        !err.contains("wrong-token"),
        "the token is never printed: {err}"
    );
    assert!(bad.stdout.is_empty());
}

#[test]
fn read_only_sends_nothing_that_changes() {
    let sim = sim();
    let home = scratch("ro");
    let cmd = format!(
        "{BIN} --base-url {} --account demo --read-only; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("ro", &home, &cmd, 120, 40);
    let p = t.wait_for("confirmed", 20);
    assert!(p.contains("read-only"), "{p}");
    assert!(!p.contains("notify"), "mutating keys are not offered:\n{p}");
    // Each key's own refusal: the toast of one key replaces the one before.
    for (k, what) in [
        ("n", "notify assigned employee (confirm)"),
        ("N", "send customer appointment details (confirm)"),
        ("o", "notify customer \"on the way\" (confirm)"),
        ("D", "delete task (confirm)"),
        ("e", "edit task"),
        ("a", "add task"),
    ] {
        t.keys(k);
        t.wait_for(&format!("read-only: {k} is off ({what})"), 5);
        t.keys("y");
    }
    t.keys("?");
    let p = t.wait_for("Keys", 5);
    assert!(!p.contains("notify"), "help hides mutating actions:\n{p}");
    t.keys("q");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 5);
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    assert!(
        reqs.as_array()
            .unwrap()
            .iter()
            .all(|r| r["method"] == "GET"),
        "{reqs}"
    );
    let sent = http("GET", &format!("{}/_sim/notifications", sim.url), None);
    assert_eq!(sent, serde_json::json!([]));
}

#[test]
fn a_closed_terminal_ends_kickdesk() {
    let sim = sim();
    let home = scratch("closed");
    let cmd = format!("exec {BIN} --base-url {} --account demo", sim.url);
    let t = Tmux::start("closed", &home, &cmd, 100, 30);
    t.wait_for("confirmed", 20);
    let pid = t.display("#{pane_pid}");
    // The terminal goes away under it, as when an SSH session drops.
    t.run(&["kill-server"]);
    let end = Instant::now() + Duration::from_secs(5);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.split(' ').nth(2) == Some("Z") {
            break;
        }
        assert!(
            Instant::now() < end,
            "kickdesk still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// End of input on its own: the board reads keys from a second terminal
/// (window 0) that is not its controlling terminal, and draws on its own
/// (window 1). Closing the input terminal ends its input with no SIGHUP to
/// kickdesk (the hangup goes to that terminal's own session); the board
/// must notice, exit 0 and restore the terminal it drew on.
#[test]
fn end_of_input_without_sighup_exits_0_and_restores_the_terminal() {
    let sim = sim();
    let home = scratch("eof");
    let t = Tmux::start("eof", &home, "exec sleep 600", 100, 30);
    let input = t
        .run(&["display-message", "-p", "-t", "t:0", "#{pane_tty}"])
        .trim()
        .to_string();
    assert!(input.starts_with("/dev/"), "{input:?}");
    let cmd = format!(
        "{BIN} --base-url {} --account demo --tz America/New_York < {input}; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    t.run(&["new-window", "-d", "-t", "t:1", &cmd]);
    let board = |fmt: &str| {
        t.run(&["display-message", "-p", "-t", "t:1", fmt])
            .trim()
            .to_string()
    };
    let pane = || t.run(&["capture-pane", "-p", "-t", "t:1"]);
    let wait = |what: &str, secs: u64| {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let p = pane();
            if p.contains(what) {
                return p;
            }
            assert!(Instant::now() < end, "waited for {what:?}:\n{p}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait("confirmed", 20);
    // Keys come from the input terminal: mouse capture goes on in the board's.
    t.run(&["send-keys", "-t", "t:0", "m"]);
    let end = Instant::now() + Duration::from_secs(5);
    while board("#{mouse_any_flag}") != "1" {
        assert!(
            Instant::now() < end,
            "m never reached the board:\n{}",
            pane()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(board("#{alternate_on}"), "1");

    // The input terminal closes.
    t.run(&["kill-window", "-t", "t:0"]);
    let p = wait("kickdesk-exit=", 10);
    assert!(p.contains("kickdesk-exit=0"), "{p}");
    assert_eq!(board("#{alternate_on}"), "0");
    assert_eq!(board("#{mouse_any_flag}"), "0");
    assert_eq!(board("#{cursor_flag}"), "1");
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    // The panic on demand exists in debug builds only.
    if !cfg!(debug_assertions) {
        return;
    }
    let sim = sim();
    let home = scratch("panic");
    let cmd = format!(
        "RUST_BACKTRACE=0 KICKDESK_DEBUG_PANIC=1 {BIN} --base-url {} --account demo; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("panic", &home, &cmd, 100, 30);
    let p = t.wait_for("kickdesk-exit=", 15);
    assert!(p.contains("kickdesk-exit=101"), "{p}");
    // Printed after the restore, so it is on the normal screen.
    assert!(p.contains("requested panic"), "{p}");
    assert!(!p.contains("demo-token"), "no token in panic output:\n{p}");
    assert_eq!(t.display("#{alternate_on}"), "0");
    assert_eq!(t.display("#{cursor_flag}"), "1");
    assert_eq!(t.display("#{mouse_any_flag}"), "0");
}

#[test]
fn two_quick_notifies_at_nine_seconds_latency_send_one_and_show_it_pending() {
    let sim = sim();
    let home = scratch("pending");
    let cmd = format!(
        "{BIN} --base-url {} --account demo --tz America/New_York; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("pending", &home, &cmd, 120, 40);
    t.wait_for("confirmed", 20);
    // Unassigned work is the first column: step to an employee's task.
    t.keys("l");
    t.wait_for("notify", 5);
    // From now on every answer takes nine seconds.
    let faults = http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(serde_json::json!({"latency_ms": 9000})),
    );
    assert_eq!(faults["latency_ms"], 9000, "{faults}");
    // n, Enter, n, Enter in one burst, as fast as a terminal delivers them.
    t.run(&["send-keys", "-t", "t", "n", "Enter", "n", "Enter"]);
    let p = t.wait_for("⇡ sending notify", 5);
    let header = p.lines().next().unwrap_or_default();
    assert!(
        header.contains("⇡ sending notify"),
        "the header shows the send under way:\n{p}"
    );
    // The answer arrives; the pending note goes.
    t.wait_for("Sent: notify assigned employee", 30);
    let end = Instant::now() + Duration::from_secs(10);
    while t
        .pane()
        .lines()
        .next()
        .unwrap_or_default()
        .contains("sending")
    {
        assert!(Instant::now() < end, "still pending:\n{}", t.pane());
        std::thread::sleep(Duration::from_millis(100));
    }
    let sent = http("GET", &format!("{}/_sim/notifications", sim.url), None);
    assert_eq!(sent.as_array().map(Vec::len), Some(1), "{sent}");
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    let posts: Vec<&Value> = reqs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
}

/// Every task of a window through the API's own pages (whatever their size).
fn api_ids(url: &str, from: chrono::NaiveDate, to_exclusive: chrono::NaiveDate) -> Vec<i64> {
    let mut ids = Vec::new();
    for page in 1..=700 {
        let v = http(
            "GET",
            &format!(
                "{url}/demo/tasks.json?from={from}&to={to_exclusive}&per_page=100&page={page}"
            ),
            None,
        );
        let items = v.as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        ids.extend(items.iter().filter_map(|t| t["id"].as_i64()));
    }
    ids.sort();
    ids
}

#[test]
fn agenda_reads_short_pages_whole_and_says_when_it_stops_at_the_page_cap() {
    let home = scratch("pages");
    no_long_tasks(&home);
    let agenda = |sim: &Sim, args: &[&str]| {
        kickdesk()
            .args([
                "agenda",
                "--base-url",
                &sim.url,
                "--account",
                "demo",
                "--format",
                "raw",
            ])
            .args(["--tz", "America/New_York"])
            .args(args)
            .env("KICKDESK_TOKEN", "demo-token")
            .env("KICKDESK_TODAY", TODAY)
            .in_home(&home)
            .output()
            .unwrap()
    };
    let today = today();

    // The server's real page size is 25 while 100 are asked: a week is
    // still read whole, exit 0.
    let short = sim_with(&["--max-per-page", "25"]);
    let week = today + chrono::Duration::days(7);
    let out = agenda(&short, &["--date", &today.to_string(), "--days", "7"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON array");
    let mut got: Vec<i64> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    got.sort();
    let want = api_ids(&short.url, today, week);
    assert!(
        want.len() > 25,
        "a week holds more than one short page: {}",
        want.len()
    );
    for id in &want {
        assert!(got.contains(id), "task {id} is missing");
    }
    drop(short);

    // More than 500 pages (one task to a page): what was read is printed,
    // stderr says it is incomplete, exit 1.
    let sim = sim();
    let first = today - chrono::Duration::days(14);
    let last = today + chrono::Duration::days(14);
    let all = api_ids(&sim.url, first, last);
    assert!(
        all.len() > 500,
        "the seed has more than 500 tasks: {}",
        all.len()
    );
    http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(serde_json::json!({"max_per_page": 1})),
    );
    let out = agenda(&sim, &["--date", &first.to_string(), "--days", "28"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("incomplete agenda") && stderr.contains("500-page cap"),
        "{stderr}"
    );
    let tasks: Value = serde_json::from_slice(&out.stdout).expect("what was read is still printed");
    assert!(tasks.as_array().is_some_and(|t| !t.is_empty()));
}

#[test]
fn a_host_in_utc_without_a_zone_shows_kickservs_times_and_says_so() {
    let sim = sim_with(&["--tz", "America/New_York"]);
    let home = scratch("utc");
    no_long_tasks(&home);
    // No zone configured, and a host in UTC, as over SSH.
    let cmd = format!(
        "TZ=UTC {BIN} --base-url {} --account demo; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("utc", &home, &cmd, 160, 48);
    let p = t.wait_for("Kickserv's zone (host: UTC)", 20);
    let header = p.lines().next().unwrap_or_default().to_string();
    let today = today();
    assert!(
        header.contains(&today.format("%a %-d %b %Y").to_string()),
        "New York's today:\n{header}"
    );

    // The first employee's first timed task of today, at its New York time.
    let emps = http(
        "GET",
        &format!("{}/demo/employees.json?per_page=100", sim.url),
        None,
    );
    let first = emps
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|e| e["employee_number"].as_i64())
        .unwrap()
        .clone();
    let mine = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={today}&to={}&employee_number={}&mapping=true",
            sim.url,
            today.succ_opt().unwrap(),
            first["employee_number"]
        ),
        None,
    );
    let timed: Vec<&Value> = mine
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["all_day"] != Value::Bool(true))
        .filter(|t| {
            t["starts_at"].as_str().unwrap().get(..10) == t["ends_at"].as_str().unwrap().get(..10)
        })
        .collect();
    let task = timed
        .first()
        .expect("the seed gives the first employee a task today");
    let s = chrono::DateTime::parse_from_rfc3339(task["starts_at"].as_str().unwrap()).unwrap();
    let e = chrono::DateTime::parse_from_rfc3339(task["ends_at"].as_str().unwrap()).unwrap();
    let local = format!("{}–{}", s.format("%H:%M"), e.format("%H:%M"));
    let utc = format!(
        "{}–{}",
        s.to_utc().format("%H:%M"),
        e.to_utc().format("%H:%M")
    );
    assert!(p.contains(&local), "{local} (New York) on the board:\n{p}");
    assert!(!p.contains(&utc), "not {utc} (UTC):\n{p}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 5);

    // `check` says which zone is used, and why.
    let check = |extra: &[&str]| {
        let out = kickdesk()
            .args(["check", "--base-url", &sim.url, "--account", "demo"])
            .args(extra)
            .env("TZ", "UTC")
            .env("KICKDESK_TOKEN", "demo-token")
            .env("KICKDESK_TODAY", TODAY)
            .in_home(&home)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let out = check(&[]);
    assert!(
        out.contains("from Kickserv's timestamps") || out.contains("Kickserv's offsets"),
        "{out}"
    );
    assert!(
        out.contains("warning: this host's zone UTC disagrees"),
        "{out}"
    );
    let out = check(&["--tz", "America/New_York"]);
    assert!(
        out.contains("time zone America/New_York: from --tz; agreeing with Kickserv's timestamps"),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");

    // `agenda` lists the account's today, at its times, and warns on stderr.
    let out = kickdesk()
        .args([
            "agenda",
            "--base-url",
            &sim.url,
            "--account",
            "demo",
            "--employee",
            &first["employee_number"].to_string(),
        ])
        .env("TZ", "UTC")
        .env("KICKDESK_TOKEN", "demo-token")
        .env("KICKDESK_TODAY", TODAY)
        .in_home(&home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: this host's zone UTC disagrees"),
        "{err}"
    );
    assert!(
        text.starts_with(&today.format("%a %-d %b %Y").to_string()),
        "{text}"
    );
    assert!(text.contains(&local), "{local} in the agenda:\n{text}");
}

/// Runs the board in tmux until it exits; fails if the pane ever showed the
/// alternate screen (the board took the terminal). Returns the pane.
fn board_exit_before_the_screen(name: &str, args: &str, token: &str) -> String {
    board_exit_with_home(name, args, token).0
}

/// Every file kickdesk wrote under `dir` (its log among them), as text.
fn files_text(dir: &std::path::Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push_str(&files_text(&p));
        } else {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(&p).unwrap_or_default(),
            ));
        }
    }
    out
}

fn board_exit_with_home(name: &str, args: &str, token: &str) -> (String, Scratch) {
    let home = scratch(name);
    let cmd = format!("{BIN} {args}; echo kickdesk-exit=$?; sleep 60");
    let t = Tmux::start_with_token(name, &home, &cmd, 100, 30, token);
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        assert_eq!(
            t.display("#{alternate_on}"),
            "0",
            "the board took the screen:\n{}",
            t.pane()
        );
        let p = t.pane_joined();
        if p.contains("kickdesk-exit=") {
            assert!(!p.contains("loading"), "{p}");
            return (p, home);
        }
        assert!(Instant::now() < end, "kickdesk did not exit:\n{p}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_refused_token_exits_3_before_the_screen_is_taken() {
    let sim = sim();
    let args = format!(
        "--base-url {} --account demo --tz America/New_York",
        sim.url
    );
    let (p, home) = board_exit_with_home("refused", &args, "wrong-token");
    assert!(p.contains("kickdesk-exit=3"), "{p}");
    // The log has it too, at the default level.
    let log = files_text(&home);
    assert!(log.contains("refused the API token"), "log: {log:?}");
    assert!(!log.contains("wrong-token"), "{log}");
    assert!(p.contains("refused the API token"), "{p}");
    assert!(p.contains("KICKDESK_TOKEN"), "says what to do: {p}");
    assert!(
        !p.contains("wrong-token"),
        "the token is never printed: {p}"
    );
}

#[test]
fn a_wrong_account_slug_exits_2_and_says_to_check_the_slug() {
    let sim = sim();
    let args = format!(
        "--base-url {} --account nope --tz America/New_York",
        sim.url
    );
    let p = board_exit_before_the_screen("slug", &args, "demo-token");
    assert!(p.contains("kickdesk-exit=2"), "{p}");
    assert!(
        p.contains(&format!(
            "no account `nope` at {}: check the slug (the part after app.kickserv.com/)",
            sim.url
        )),
        "{p}"
    );

    // The slug pasted into the base URL.
    let args = format!(
        "--base-url {}/demo --account demo --tz America/New_York",
        sim.url
    );
    let p = board_exit_before_the_screen("pasted", &args, "demo-token");
    assert!(p.contains("kickdesk-exit=2"), "{p}");
    assert!(p.contains("no account `demo`"), "{p}");
    assert!(p.contains("--base-url without it"), "{p}");
}

#[test]
fn an_unreachable_kickserv_exits_4_before_the_screen_is_taken() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let args = format!("--base-url http://127.0.0.1:{port} --account demo --tz America/New_York");
    let p = board_exit_before_the_screen("unreachable", &args, "demo-token");
    assert!(p.contains("kickdesk-exit=4"), "{p}");
    assert!(p.contains("unreachable"), "{p}");
    assert!(p.contains("check the address"), "{p}");
}

fn agenda(sim: &Sim, home: &Path, extra: &[&str]) -> std::process::Output {
    kickdesk()
        .args(["agenda", "--base-url", &sim.url, "--account", "demo"])
        .args(["--tz", "America/New_York"])
        .args(extra)
        .env("KICKDESK_TOKEN", "demo-token")
        .env("KICKDESK_TODAY", TODAY)
        .in_home(home)
        .output()
        .unwrap()
}

#[test]
fn agenda_for_an_unknown_employee_exits_2_listing_the_valid_numbers() {
    let sim = sim();
    let home = scratch("agenda-emp");
    let out = agenda(&sim, &home, &["--employee", "99"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no employee number 99"), "{err}");
    let emps = http(
        "GET",
        &format!("{}/demo/employees.json?per_page=100", sim.url),
        None,
    );
    for e in emps.as_array().unwrap() {
        if let Some(n) = e["employee_number"].as_i64() {
            assert!(err.contains(&format!("{n} ")), "{n} missing: {err}");
        }
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn agenda_json_is_the_kickdesk_schema() {
    let sim = sim();
    let home = scratch("agenda-json");
    no_long_tasks(&home);
    let out = agenda(&sim, &home, &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["schema"], "kickdesk.agenda/1");
    assert_eq!(v["zone"], "America/New_York");
    let groups = v["employees"].as_array().unwrap();
    assert!(!groups.is_empty());
    let text = String::from_utf8_lossy(&out.stdout);
    for raw_key in ["balance", "tax", "encrypted_password"] {
        assert!(!text.contains(raw_key), "{raw_key} in {text}");
    }
    for g in groups {
        for t in g["tasks"].as_array().unwrap() {
            assert!(t["id"].is_i64() && t["starts_at"].is_string(), "{t}");
            assert!(t["status"]["words"].is_string(), "{t}");
        }
    }
}

#[test]
fn ctrl_z_suspends_the_board_and_fg_brings_it_back() {
    let sim = sim();
    let home = scratch("suspend");
    // An interactive shell with job control, as a user has.
    let t = Tmux::start(
        "suspend",
        &home,
        "env PS1='$ ' bash --norc --noprofile -i",
        100,
        30,
    );
    t.wait_for("$", 10);
    t.run(&[
        "send-keys",
        "-t",
        "t",
        &format!(
            "{BIN} --base-url {} --account demo --tz America/New_York",
            sim.url
        ),
        "Enter",
    ]);
    t.wait_for("confirmed", 20);
    t.wait_display("#{alternate_on}", "1", 10);

    t.keys("C-z");
    let p = t.wait_for("Stopped", 10);
    assert!(!p.contains("confirmed"), "the board left the screen:\n{p}");
    assert_eq!(t.display("#{alternate_on}"), "0");
    assert_eq!(t.display("#{cursor_flag}"), "1", "the cursor is back");
    // The shell has its terminal: what is typed shows.
    t.run(&["send-keys", "-t", "t", "echo shell-is-back", "Enter"]);
    t.wait_for("shell-is-back\n", 10);

    t.run(&["send-keys", "-t", "t", "fg", "Enter"]);
    t.wait_display("#{alternate_on}", "1", 10);
    let p = t.wait_for("confirmed", 10);
    assert!(!p.contains("shell-is-back"), "repainted whole:\n{p}");
    // Keys reach the board again (raw mode is back): `?` opens help.
    t.keys("?");
    t.wait_for("Keys", 10);
    t.escape_until_gone("Keys", 10);
    t.keys("q");
    t.wait_display("#{alternate_on}", "0", 10);
}

#[test]
fn check_says_its_errors_whole() {
    let home = scratch("check-whole");
    // `.invalid` never resolves: the resolver's long explanation is kept whole.
    let out = kickdesk()
        .args(["check", "--base-url", "https://app.kickserv.invalid"])
        .args(["--account", "demo"])
        .env("KICKDESK_TOKEN", "demo-token")
        .in_home(&home)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains('…'), "cut: {err}");
    assert!(err.trim_end().ends_with("then try again"), "{err}");
    assert!(files_text(&home).contains("unreachable"), "logged");
}

#[test]
fn text_filter_and_palette_goto_against_the_large_simulator() {
    let sim = sim_with(&["--scale", "large"]);
    let home = scratch("filter");
    let cmd = format!(
        "{BIN} --base-url {} --account demo --tz America/New_York; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("filter", &home, &cmd, 200, 60);
    let today = today();
    let all_today = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={today}&to={}&per_page=100&mapping=true",
            sim.url,
            today.succ_opt().unwrap()
        ),
        None,
    );
    let customers: Vec<String> = all_today
        .as_array()
        .unwrap()
        .iter()
        .map(customer_of)
        .filter(|c| !c.is_empty())
        .collect();
    // A short plain name, shown whole in the header.
    let name = customers
        .iter()
        .find(|c| c.len() <= 20 && c.chars().all(|ch| ch.is_ascii_alphabetic() || ch == ' '))
        .cloned()
        .unwrap_or_else(|| panic!("no plain customer name today: {customers:?}"));
    t.wait_for("confirmed", 30);
    t.keys("/");
    t.run(&["send-keys", "-t", "t", "-l", &name]);
    t.keys("Enter");
    // The header: the query and how many of the day's tasks it keeps.
    let p = t.wait_for(&format!("/{name} "), 10);
    let header = p.lines().next().unwrap_or("");
    let counts: Vec<usize> = header
        .rsplit_once(&format!("/{name} "))
        .map(|(_, rest)| {
            rest.split_whitespace()
                .take(3)
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(counts.len(), 2, "{header}");
    assert!(
        counts[0] >= 1 && counts[0] < counts[1],
        "{counts:?}: {header}"
    );
    assert!(p.contains(&name[..name.len().min(12)]), "{p}");
    // The palette moves the board; the filter stays.
    t.keys(":");
    t.wait_for("Commands", 5);
    t.run(&["send-keys", "-t", "t", "-l", "goto 2026-12-03"]);
    t.keys("Enter");
    let p = t.wait_for("Dec 2026", 10);
    assert!(p.lines().next().unwrap_or("").contains("3 Dec 2026"), "{p}");
    // Esc on the board clears the filter; wait for that before the next
    // key, so the two are never read as one Alt chord.
    t.keys("Escape");
    let query = format!("/{name} ");
    t.wait_until(10, "the filter cleared", |p| {
        !p.lines().next().unwrap_or("").contains(&query)
    });
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
}

#[test]
fn the_timeline_shows_the_large_team_and_is_remembered_at_the_next_start() {
    let sim = sim_with(&["--scale", "large"]);
    let home = scratch("timeline");
    let board = format!(
        "{BIN} --base-url {} --account demo --tz America/New_York",
        sim.url
    );
    // The board twice in a row: the second start opens what the first showed.
    // The first exit code goes to a file: the second board's screen hides
    // whatever the shell prints between the two.
    let exits = home.join("first-exit");
    let cmd = format!(
        "{board}; echo first-exit=$? > {}; {board}; echo kickdesk-exit=$?; sleep 60",
        exits.display()
    );
    let t = Tmux::start("timeline", &home, &cmd, 200, 60);
    t.wait_for("confirmed", 30);
    t.keys("v");
    let p = t.wait_for("j/k employee", 10);
    let emps = http(
        "GET",
        &format!("{}/demo/employees.json?per_page=100", sim.url),
        None,
    );
    let names: Vec<String> = emps
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .map(|n| n.chars().take(6).collect::<String>())
        .collect();
    let shown = names
        .iter()
        .filter(|n| p.lines().any(|l| l.starts_with(&format!(" {n}"))))
        .count();
    assert!(shown >= 45, "{shown} of {} names:\n{p}", names.len());
    t.keys("q");
    let end = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&exits).is_ok_and(|s| s.trim() == "first-exit=0") {
        assert!(Instant::now() < end, "the first board did not exit 0");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Started again: the timeline, not the day's columns.
    let p = t.wait_until(30, "the second board's data", |p| {
        p.contains("confirmed") && p.contains("j/k employee")
    });
    assert!(p.contains(" Unassigned"), "{p}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
}

#[test]
fn the_employee_filter_leaves_one_employee_and_unassigned_on_the_large_board() {
    let sim = sim_with(&["--scale", "large"]);
    let home = scratch("empfilter");
    let cmd = format!(
        "{BIN} --base-url {} --account demo --tz America/New_York; echo kickdesk-exit=$?; sleep 60",
        sim.url
    );
    let t = Tmux::start("empfilter", &home, &cmd, 200, 60);
    let emps = http(
        "GET",
        &format!("{}/demo/employees.json?per_page=100", sim.url),
        None,
    );
    let names: Vec<String> = emps
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .map(str::to_string)
        .collect();
    // A plain name whose first word no other name has, so that typing the
    // word puts it first.
    let first = |n: &str| n.split(' ').next().unwrap_or("").to_lowercase();
    let name = names
        .iter()
        .find(|n| {
            n.len() <= 20
                && n.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
                && first(n).len() >= 3
                && names
                    .iter()
                    .filter(|o| o.to_lowercase().contains(&first(n)))
                    .count()
                    == 1
        })
        .cloned()
        .unwrap_or_else(|| panic!("no plain employee name: {names:?}"));
    let word = first(&name);
    t.wait_for("confirmed", 30);
    t.keys("E");
    // Everyone is shown, so everyone starts ticked: none, then Unassigned
    // (the first row), then the name.
    t.wait_for("[x] Unassigned", 10);
    t.wait_for("Tab select · Ctrl-A all", 10);
    t.keys("C-a");
    t.wait_for("[ ] Unassigned", 10);
    t.keys("Tab");
    t.wait_for("[x] Unassigned", 10);
    t.type_text(&word);
    t.wait_until(10, "the query's match", |p| {
        p.contains(&format!("> {word}")) && p.contains(&format!("[ ] {name}"))
    });
    t.keys("Tab");
    t.wait_for(&format!("[x] {name}"), 10);
    t.keys("Enter");
    // The count of all: the list's and those only tasks name (inactive).
    let p = t.wait_until(10, "the filter's count in the header", |p| {
        let head = p.lines().next().unwrap_or("");
        head.split("1 of ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= names.len())
            && head.contains(" employees")
    });
    // The lane headers: that employee and Unassigned, nobody else.
    let heads = p.lines().nth(1).unwrap_or("");
    assert!(heads.contains(&name), "{p}");
    assert!(heads.contains("Unassigned"), "{p}");
    let others: Vec<&String> = names
        .iter()
        .filter(|n| **n != name && heads.contains(n.as_str()))
        .collect();
    assert!(others.is_empty(), "{others:?}: {p}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
}

fn minutes_between(task: &Value) -> i64 {
    let s = chrono::DateTime::parse_from_rfc3339(task["starts_at"].as_str().unwrap()).unwrap();
    let e = chrono::DateTime::parse_from_rfc3339(task["ends_at"].as_str().unwrap()).unwrap();
    (e - s).num_minutes()
}

#[test]
fn edit_saves_the_description_and_end_in_one_put_and_a_422_keeps_the_form() {
    let sim = sim();
    let home = scratch("edit");
    let t = board_in("edit", &sim, &home);
    let id = edit_first_task(&t);
    let before = sim_task(&sim, id);
    let old_desc = before["description"].as_str().unwrap_or("").to_string();
    let (dur, mins) = if minutes_between(&before) == 170 {
        ("3h10", 190)
    } else {
        ("2h50", 170)
    };
    // The description gets a word more; the end becomes a duration after the start.
    t.type_text(" e2e-edited");
    for _ in 0..3 {
        t.keys("Tab");
    }
    for _ in 0..12 {
        t.keys("BSpace");
    }
    t.type_text(dur);
    t.wait_for(dur, 5);
    t.keys("C-s");
    t.wait_for("Saved by you ", 10);
    let after = sim_task(&sim, id);
    assert_eq!(
        after["description"].as_str().unwrap_or(""),
        format!("{old_desc} e2e-edited"),
        "{after}"
    );
    assert_eq!(minutes_between(&after), mins, "{after}");
    assert_eq!(after["starts_at"], before["starts_at"]);
    let puts = writes(&sim, "PUT");
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert_eq!(puts[0]["path"], format!("/demo/tasks/{id}.json"));

    // The next PUT is refused: the form stays, the reason beside the field.
    http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(serde_json::json!({"fail_next_put": "422"})),
    );
    t.keys("e");
    t.wait_for("Edit task ", 10);
    t.type_text(" again");
    t.keys("C-s");
    let p = t.wait_for("was refused (injected fault)", 10);
    assert!(p.contains("Edit task "), "the form stays:\n{p}");
    assert!(p.contains("e2e-edited again"), "what was typed stays:\n{p}");
    let row = p
        .lines()
        .position(|l| l.contains("Description"))
        .expect("the description's row");
    assert!(
        p.lines()
            .nth(row + 1)
            .is_some_and(|l| l.contains("was refused (injected fault)")),
        "the reason is beside the description:\n{p}"
    );
    assert_eq!(
        sim_task(&sim, id)["description"].as_str().unwrap_or(""),
        format!("{old_desc} e2e-edited")
    );
    // Ctrl-S again: saved.
    t.keys("C-s");
    t.wait_until(10, "the form to close", |p| !p.contains("Edit task "));
    assert_eq!(
        sim_task(&sim, id)["description"].as_str().unwrap_or(""),
        format!("{old_desc} e2e-edited again")
    );
    let statuses: Vec<Value> = writes(&sim, "PUT")
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [
            serde_json::json!(200),
            serde_json::json!(422),
            serde_json::json!(200)
        ]
    );
}

/// The draft files under `home`, one after another (empty when none).
fn draft_text(home: &std::path::Path) -> String {
    fn find(dir: &std::path::Path, in_drafts: bool, out: &mut String) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                find(&p, in_drafts || p.ends_with("drafts"), out);
            } else if in_drafts && p.extension().is_some_and(|x| x == "json") {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let mut out = String::new();
    find(home, false, &mut out);
    out
}

/// Waits until the drafts under `home` hold `word` (nothing runs after
/// SIGKILL: the journal must have it first).
fn wait_for_draft(home: &std::path::Path, word: &str) {
    let end = Instant::now() + Duration::from_secs(10);
    while !draft_text(home).contains(word) {
        assert!(
            Instant::now() < end,
            "the draft of {word} was never written"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_draft_comes_back_after_sigkill_and_after_sighup() {
    let sim = sim();
    for sig in ["KILL", "HUP"] {
        let home = scratch(&format!("draft{sig}"));
        let t = board_in(&format!("draft{sig}"), &sim, &home);
        let id = edit_first_task(&t);
        let word = format!("typed-before-{sig}");
        t.type_text(&format!(" {word}"));
        t.wait_for(&word, 5);
        if sig == "KILL" {
            wait_for_draft(&home, &word);
        }
        let pid = t.board_pid();
        Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .unwrap();
        t.wait_for("kickdesk-exit=", 10);
        drop(t);
        assert!(draft_text(&home).contains(&word), "SIG{sig}");

        // The next start offers it back.
        let t = board_in(&format!("again{sig}"), &sim, &home);
        let p = t.wait_for("restore your edit of task", 20);
        assert!(
            p.contains(&format!("restore your edit of task {id}")),
            "SIG{sig}:\n{p}"
        );
        t.keys("y");
        let p = t.wait_for(&format!("Edit task {id}"), 20);
        assert!(p.contains(&word), "SIG{sig}: the typed text is back:\n{p}");
        // Nothing was sent meanwhile.
        assert!(writes(&sim, "PUT").is_empty());
    }
}

#[test]
fn a_draft_survives_another_boards_save_and_an_edit_kept_for_later_comes_back() {
    let sim = sim();
    let home = scratch("drafts2");
    // Board A types into the first task's form and is killed mid-edit.
    let a = board_in("draftsa", &sim, &home);
    let id = edit_first_task(&a);
    a.type_text(" kept-by-a");
    wait_for_draft(&home, "kept-by-a");
    // Board B on the same home meanwhile: A's draft is not B's to offer.
    let b = board_in("draftsb", &sim, &home);
    let p = b.wait_for("confirmed", 20);
    assert!(!p.contains("Unsaved edit"), "{p}");
    // B edits and saves the same task: A's draft stays.
    assert_eq!(edit_first_task(&b), id);
    b.type_text(" saved-by-b");
    b.wait_for("saved-by-b", 5);
    b.keys("C-s");
    b.wait_until(10, "B's form to close", |p| !p.contains("Edit task "));
    assert_eq!(writes(&sim, "PUT").len(), 1);
    b.keys("q");
    b.wait_for("kickdesk-exit=0", 10);
    drop(b);
    assert!(
        draft_text(&home).contains("kept-by-a"),
        "A's draft survived B's save"
    );
    let pid = a.board_pid();
    Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    a.wait_for("kickdesk-exit=", 10);
    drop(a);

    // The next board offers it; Esc keeps it for later; an edit of
    // another task is saved.
    let c = board_in("draftsc", &sim, &home);
    let p = c.wait_for("restore your edit of task", 20);
    assert!(
        p.contains(&format!("restore your edit of task {id}")),
        "{p}"
    );
    c.escape_until_gone("restore your edit", 5);
    c.wait_for("kept for the next start", 5);
    c.keys("l");
    c.keys("j");
    c.keys("j");
    c.keys("e");
    let p = c.wait_for("Edit task ", 10);
    assert!(
        !p.contains(&format!("Edit task {id}")),
        "another task:\n{p}"
    );
    c.type_text(" saved-by-c");
    c.wait_for("saved-by-c", 5);
    c.keys("C-s");
    c.wait_until(10, "C's form to close", |p| !p.contains("Edit task "));
    assert_eq!(writes(&sim, "PUT").len(), 2);
    c.keys("q");
    c.wait_for("kickdesk-exit=0", 10);
    drop(c);

    // And the one after offers it again, with what A typed.
    let d = board_in("draftsd", &sim, &home);
    d.wait_for(&format!("restore your edit of task {id}"), 20);
    d.keys("y");
    let p = d.wait_for(&format!("Edit task {id}"), 20);
    assert!(p.contains("kept-by-a"), "{p}");
    assert!(!p.contains("Unsaved edit"), "one draft, offered once:\n{p}");
}

#[test]
fn a_draft_is_offered_only_at_the_base_url_it_was_made_at() {
    let (first, other) = (sim(), sim());
    let home = scratch("draftacct");
    let t = board_in("draftacct", &first, &home);
    let id = edit_first_task(&t);
    t.type_text(" made-at-the-first");
    wait_for_draft(&home, "made-at-the-first");
    Command::new("kill")
        .args(["-KILL", &t.board_pid()])
        .status()
        .unwrap();
    t.wait_for("kickdesk-exit=", 10);
    drop(t);
    // The same account at another Kickserv: not its draft.
    let t = board_in("draftacct2", &other, &home);
    let p = t.wait_for("confirmed", 20);
    assert!(!p.contains("Unsaved edit"), "{p}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
    drop(t);
    // Back at the first, it is.
    let t = board_in("draftacct3", &first, &home);
    t.wait_for(&format!("restore your edit of task {id}"), 20);
}

#[test]
fn a_draft_that_cannot_be_written_is_said_on_the_form_while_it_is_open() {
    let sim = sim();
    let home = scratch("draftfull");
    // The data directory cannot be made (its place is a file): no draft
    // can be written. Permission bits would not stop root.
    std::fs::write(home.join("data"), b"not a directory").unwrap();
    let t = board_in("draftfull", &sim, &home);
    edit_first_task(&t);
    t.type_text(" typed-on-a-full-disk");
    let p = t.wait_for("not kept on disk", 10);
    assert!(p.contains("a crash would lose this edit"), "{p}");
    // Still said as typing goes on.
    t.type_text(" more");
    let p = t.wait_for("typed-on-a-full-disk more", 5);
    assert!(p.contains("not kept on disk"), "{p}");
    // Discarded, the form and its warning go.
    t.keys("Escape");
    let p = t.wait_for("Esc again to discard", 5);
    assert!(p.contains("not kept on disk"), "still said:\n{p}");
    t.escape_until_gone("Edit task ", 5);
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
}

/// A customer with an active job: (name, the job's number, the customer's
/// place among the search's answers for its name).
fn customer_with_a_job(sim: &Sim) -> (String, i64, usize) {
    let all = http(
        "GET",
        &format!("{}/demo/customers.json?page=1&per_page=100", sim.url),
        None,
    );
    for c in all.as_array().unwrap() {
        let (Some(id), Some(name)) = (c["id"].as_i64(), c["name"].as_str()) else {
            continue;
        };
        if name.is_empty() || !name.is_ascii() {
            continue;
        }
        let jobs = http(
            "GET",
            &format!("{}/demo/tasks/job_list.json?customer_id={id}", sim.url),
            None,
        );
        let Some(first) = jobs.as_array().and_then(|j| j.first()) else {
            continue;
        };
        let label = first["name"].as_str().unwrap_or("");
        let Some(number) = label
            .split_once('#')
            .and_then(|(_, r)| r.split(':').next())
            .and_then(|d| d.parse::<i64>().ok())
        else {
            continue;
        };
        let found = http(
            "GET",
            &format!(
                "{}/demo/customers.json?q={}&page=1&per_page=20",
                sim.url,
                name.replace(' ', "%20").replace('&', "%26")
            ),
            None,
        );
        let Some(place) = found
            .as_array()
            .and_then(|v| v.iter().position(|f| f["id"].as_i64() == Some(id)))
        else {
            continue;
        };
        return (name.to_string(), number, place);
    }
    panic!("the seed has a customer with an active job");
}

/// The tasks of today and tomorrow in the simulator whose description is `desc`.
fn tasks_described(sim: &Sim, desc: &str) -> Vec<Value> {
    let day = today();
    let all = http(
        "GET",
        &format!(
            "{}/demo/tasks.json?from={day}&to={}&per_page=100&mapping=true",
            sim.url,
            day + chrono::Days::new(2)
        ),
        None,
    );
    all.as_array()
        .unwrap()
        .iter()
        .filter(|t| t["description"].as_str() == Some(desc))
        .cloned()
        .collect()
}

#[test]
fn create_on_a_job_found_by_customer_then_delete_and_undo_makes_it_again() {
    let sim = sim();
    let home = scratch("create");
    let t = board_in("create", &sim, &home);
    let (customer, number, place) = customer_with_a_job(&sim);
    t.wait_for("confirmed", 20);
    t.keys("l");
    t.keys("j");
    t.keys("a");
    t.wait_for("New task: which job?", 10);
    t.type_text(&customer);
    t.keys("Enter");
    t.wait_for("Customers:", 10);
    for _ in 0..place {
        t.keys("Down");
    }
    t.keys("Enter");
    t.wait_for("Active jobs of", 10);
    t.keys("Enter");
    t.wait_for("New task · ", 10);
    t.type_text("e2e-created");
    // Tomorrow, typed as go-to takes it.
    t.keys("Tab");
    for _ in 0..10 {
        t.keys("BSpace");
    }
    t.type_text("+1");
    t.wait_for("+1 is Sat 28 Nov 2026", 10);
    t.keys("C-s");
    let p = t.wait_for("Created by you ", 15);
    assert!(p.contains("Sat 28 Nov 2026"), "the new task's day:\n{p}");
    let posts = writes(&sim, "POST");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["path"], format!("/demo/jobs/{number}/tasks.json"));
    let made = tasks_described(&sim, "e2e-created");
    assert_eq!(made.len(), 1, "{made:?}");
    let first_id = made[0]["id"].as_i64().unwrap();

    // The new task is selected on its day: delete it, then u makes it again.
    t.keys("D");
    t.wait_for("Delete this task in Kickserv?", 10);
    t.keys("y");
    t.wait_for("Deleted by you ", 15);
    assert!(tasks_described(&sim, "e2e-created").is_empty());
    t.keys("u");
    t.wait_for("Made again by you ", 15);
    let again = tasks_described(&sim, "e2e-created");
    assert_eq!(again.len(), 1, "{again:?}");
    assert_ne!(again[0]["id"].as_i64(), Some(first_id), "a new id");
    assert_eq!(writes(&sim, "POST").len(), 2);
}

#[test]
fn a_create_that_times_out_leaves_exactly_one_post() {
    let sim = sim();
    let home = scratch("createslow");
    let t = board_in("createslow", &sim, &home);
    let (_, number, _) = customer_with_a_job(&sim);
    http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(serde_json::json!({"fail_next_post": "timeout"})),
    );
    t.wait_for("confirmed", 20);
    t.keys("a");
    t.wait_for("New task: which job?", 10);
    t.type_text(&number.to_string());
    t.keys("Enter");
    t.wait_for("New task · ", 10);
    t.type_text("e2e-slow");
    t.keys("C-s");
    // No answer: the form looks for the task on its job, and finds it.
    let p = t.wait_for("created after all", 60);
    assert!(p.contains("New task · "), "the form stays:\n{p}");
    // Ctrl-S sends nothing more; Esc then closes the form at once.
    t.keys("C-s");
    t.escape_until_gone("New task · ", 10);
    let posts = writes(&sim, "POST");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(tasks_described(&sim, "e2e-slow").len(), 1);
}

#[test]
fn a_500_on_save_keeps_the_form_and_ctrl_s_retries() {
    let sim = sim();
    let home = scratch("edit500");
    let t = board_in("edit500", &sim, &home);
    http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(serde_json::json!({"fail_next_put": "500"})),
    );
    let id = edit_first_task(&t);
    t.type_text(" e2e-retried");
    t.keys("C-s");
    let p = t.wait_for("save failed: Kickserv had a server error", 15);
    // The offer may wrap: "… · Ctrl-S to" / "retry".
    assert!(p.contains("Ctrl-S to"), "a retry is offered:\n{p}");
    assert!(
        p.contains(&format!("Edit task {id}")),
        "the form stays:\n{p}"
    );
    t.keys("C-s");
    t.wait_for("Saved by you ", 15);
    let desc = sim_task(&sim, id)["description"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(desc.ends_with(" e2e-retried"), "{desc}");
    let statuses: Vec<Value> = writes(&sim, "PUT")
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, [serde_json::json!(500), serde_json::json!(200)]);
}

/// The slow one (about two minutes): a wall monitor against a simulator
/// where other dispatchers are at work. The board must show their changes
/// as they come (the header counts the changes), say "confirmed now",
/// stay fresh throughout, draw no cursor and capture no mouse, and send
/// nothing but reads.
#[test]
fn slow_monitor_follows_the_live_simulator_for_two_minutes_with_reads_only() {
    let sim = sim_with(&["--live", "5"]);
    let home = scratch("monitor");
    let cmd = format!(
        "exec {BIN} --monitor --base-url {} --account demo --poll 5 --tz America/New_York",
        sim.url
    );
    let t = Tmux::start("monitor", &home, &cmd, 160, 48);
    t.wait_for("confirmed", 30);
    // The freshness line: the bottom line of the screen, "confirmed now".
    let as_of = |p: &str| -> Option<String> {
        let last = p.lines().rev().find(|l| !l.trim().is_empty())?;
        last.contains("confirmed now").then(|| "now".to_string())
    };
    let mut times = std::collections::BTreeSet::new();
    let mut changed = false;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        let p = t.pane();
        let header = p.lines().next().unwrap_or("").to_string();
        assert!(header.contains("monitor"), "{p}");
        assert!(
            !p.contains("STALE"),
            "a live simulator never goes stale:\n{p}"
        );
        let Some(at) = as_of(&p) else {
            panic!("no freshness line:\n{p}");
        };
        times.insert(at);
        changed |= header.contains(" changed");
        std::thread::sleep(Duration::from_secs(1));
    }
    assert!(changed, "no change of the live simulator was marked");
    assert_eq!(times.len(), 1, "always confirmed now: {times:?}");
    assert_eq!(t.display("#{cursor_flag}"), "0", "no cursor on a wall");
    assert_eq!(t.display("#{mouse_any_flag}"), "0", "no mouse capture");
    let reqs = http("GET", &format!("{}/_sim/requests", sim.url), None);
    let reqs = reqs.as_array().unwrap();
    // A poll every 5 s for two minutes: a score of reads at least.
    assert!(reqs.len() >= 20, "{}", reqs.len());
    for r in reqs {
        assert_eq!(r["method"], "GET", "{r}");
    }
}

/// `agenda` against `kickdesk sim` with each listing fault the simulator can
/// produce: what cannot be trusted is never printed as the day, a token
/// echoed in a task never reaches the output, and each problem is said on
/// stderr with exit 1.
#[test]
fn agenda_against_a_misbehaving_simulator_never_prints_garbage_as_the_day() {
    let sim = sim();
    let home = scratch("sim-faults");
    no_long_tasks(&home);
    let faults = |patch: Value| {
        http("POST", &format!("{}/_sim/faults", sim.url), Some(patch));
    };
    let text = |out: &std::process::Output| {
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let day = ["--date", "2026-11-27"];

    for (patch, undo, why) in [
        (
            json!({"list_body": "empty"}),
            json!({"list_body": "tasks"}),
            "could not be read",
        ),
        (
            json!({"list_body": "null"}),
            json!({"list_body": "tasks"}),
            "could not be read",
        ),
        (
            json!({"duplicate_ids": true}),
            json!({"duplicate_ids": false}),
            "two entries with the same id",
        ),
        (
            json!({"unplaceable": true}),
            json!({"unplaceable": false}),
            "8 tasks could not be read and are missing",
        ),
    ] {
        faults(patch.clone());
        let out = agenda(&sim, &home, &day);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{patch}: {stderr}");
        assert!(stderr.contains(why), "{patch}: {stderr}");
        assert!(!stdout.contains("no tasks"), "{patch}: {stdout}");
        faults(undo);
    }

    // The token in every form, in every text of every task.
    faults(json!({"echo_token": true}));
    for format in ["text", "json", "raw"] {
        let out = agenda(&sim, &home, &[&day[..], &["--format", format]].concat());
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        assert!(stdout.contains("***"), "{format}: {stdout}");
        for form in [
            "demo-token",
            "ZGVtby10b2tlbjpkZW1vLXRva2Vu",
            "ZGVtby10b2tlbg",
        ] {
            assert!(!stdout.contains(form), "{format}: {form} in {stdout}");
        }
        if format == "raw" {
            assert!(!stdout.to_ascii_lowercase().contains("authorization"));
        }
    }
    faults(json!({"echo_token": false}));

    // A task of 40 days, longer than the default look-back of 31: not
    // read, and said so; a look-back of 60 reads it.
    faults(json!({"long_task_days": 40}));
    let warned = scratch("sim-long");
    let out = agenda(&sim, &warned, &day);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tasks longer than 31 days"), "{stderr}");
    assert!(!stdout.contains("Site build"), "{stdout}");
    let wide = home.join("wide.toml");
    std::fs::write(&wide, "max_task_days = 60\nwarn_long_tasks = false\n").unwrap();
    let out = agenda(
        &sim,
        &home,
        &[&day[..], &["--config", wide.to_str().unwrap()]].concat(),
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("Site build (40 days)"), "{stdout}");
}

/// The demo at 200×60, as a dispatcher opens it: every technician's lane
/// and Unassigned side by side, nothing to scroll to.
#[test]
fn the_demo_at_200x60_shows_every_technicians_lane() {
    let home = scratch("demo-lanes");
    let cmd = format!("{BIN} demo; echo kickdesk-exit=$?; sleep 60");
    let t = Tmux::start("demo-lanes", &home, &cmd, 200, 60);
    let p = t.wait_for("confirmed", 30);
    let mut lines = p.lines();
    let head = lines.next().unwrap_or_default();
    let names = lines.next().unwrap_or_default();
    let employees: usize = head
        .split("   ")
        .find_map(|part| part.trim().strip_suffix(" employees")?.parse().ok())
        .unwrap_or_else(|| panic!("no employee count:\n{p}"));
    let unassigned = usize::from(head.contains(" unassigned"));
    let lanes = names
        .split('│')
        .skip(1)
        .filter(|s| !s.trim().is_empty())
        .count();
    assert!(employees >= 13, "{head}");
    assert_eq!(lanes, employees + unassigned, "every lane drawn:\n{p}");
    assert!(!names.contains('→'), "nothing to the right:\n{p}");
    t.keys("q");
    t.wait_for("kickdesk-exit=0", 10);
}
