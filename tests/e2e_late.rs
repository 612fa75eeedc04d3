//! End to end, "running late": the kickdesk binary in tmux against
//! `kickdesk sim`. `R` on an employee with four remaining tasks today, 15
//! minutes: nothing before Enter, then four PUTs in time order with the
//! times shifted by 15 minutes, then one `details` notification per
//! affected customer; with the third PUT refused, the first two are
//! applied, the rest not, and the screen says which.

#[path = "common/e2e.rs"]
mod e2e;

use chrono::{DateTime, Duration, FixedOffset};
use e2e::{Scratch, Sim, Tmux, board_in, changes, http, nothing_sent_yet, scratch, sim, sim_task};
use serde_json::{Value, json};

fn time(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

/// The simulator's tasks of the board's day (Friday 27 November 2026).
fn todays_tasks(sim: &Sim) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1..10 {
        let url = format!(
            "{}/demo/tasks.json?from=2026-11-27&to=2026-11-28&per_page=100&page={page}",
            sim.url
        );
        let got = http("GET", &url, None);
        let got = got.as_array().cloned().unwrap_or_default();
        if got.is_empty() {
            break;
        }
        out.extend(got);
    }
    out
}

/// The board on Noah Alvarez, the fifth employee (the first lane is
/// nobody's), who has four open tasks left at 10:00 (one under way, one
/// shared with two others, one customer with no phone and no email);
/// `R`, the default 15 minutes, the cascade staged: nothing sent yet.
fn staged(name: &str, sim: &Sim) -> (Tmux, Scratch) {
    let home = scratch(name);
    let t = board_in(name, sim, &home);
    t.wait_for("confirmed", 20);
    for _ in 0..5 {
        t.keys("l");
    }
    t.keys("R");
    t.wait_for("Noah Alvarez is running late", 5);
    t.keys("Enter");
    t.wait_for("Running late · ", 5);
    nothing_sent_yet(sim);
    (t, home)
}

/// The task ids of the PUTs sent, oldest first, with their bodies.
fn puts(sim: &Sim) -> Vec<(i64, Value)> {
    changes(sim)
        .into_iter()
        .map(|r| {
            assert_eq!(r["method"], "PUT", "{r}");
            let id = r["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("/demo/tasks/")
                .trim_end_matches(".json")
                .parse()
                .unwrap();
            (
                id,
                serde_json::from_str(r["body"].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

/// The ids of the employee's remaining tasks at the board's 10:00, in
/// time order, and the employee: the one all of `ids` share.
fn remaining_of(before: &[Value], ids: &[i64]) -> Vec<i64> {
    let of = |id: i64| before.iter().find(|t| t["id"] == id).unwrap();
    let staff = |t: &Value| -> Vec<i64> {
        t["employees"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["id"].as_i64())
            .collect()
    };
    let first = staff(of(ids[0]));
    let who = *first
        .iter()
        .find(|e| ids.iter().all(|&id| staff(of(id)).contains(e)))
        .expect("the PUTs are one employee's tasks");
    let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00-05:00").unwrap();
    let mut mine: Vec<&Value> = before
        .iter()
        .filter(|t| staff(t).contains(&who) && t["all_day"] != json!(true))
        .filter(|t| {
            let st = t["status"].as_str().or(t["job"]["status"].as_str());
            !matches!(st, Some("complete" | "canceled" | "lost"))
        })
        .filter(|t| time(&t["ends_at"]) > now)
        .collect();
    mine.sort_by_key(|t| (time(&t["starts_at"]), t["id"].as_i64()));
    mine.iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

/// Each task of `ids` is on the simulator 15 minutes later than `before`
/// had it (a task under way by its end only), and each PUT body sent no
/// more than the changed times.
fn shifted(sim: &Sim, before: &[Value], sent: &[(i64, Value)]) {
    let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00-05:00").unwrap();
    for (id, body) in sent {
        let was = before.iter().find(|t| t["id"] == *id).unwrap();
        let is = sim_task(sim, *id);
        let (s0, e0) = (time(&was["starts_at"]), time(&was["ends_at"]));
        let under_way = s0 <= now;
        let task = body["task"].as_object().unwrap();
        let keys: Vec<&String> = task.keys().collect();
        if under_way {
            assert_eq!(keys, ["ends_at"], "{body}");
            assert_eq!(time(&is["starts_at"]), s0);
        } else {
            assert_eq!(keys, ["ends_at", "starts_at"], "{body}");
            assert_eq!(time(&is["starts_at"]), s0 + Duration::minutes(15));
        }
        assert_eq!(time(&is["ends_at"]), e0 + Duration::minutes(15));
    }
}

#[test]
fn four_remaining_tasks_are_four_puts_in_time_order_then_one_details_each() {
    let sim = sim();
    let before = todays_tasks(&sim);
    let (t, _home) = staged("late", &sim);

    t.keys("Enter");
    t.wait_for("Applied 4 of 4", 15);
    let sent = puts(&sim);
    let ids: Vec<i64> = sent.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 4, "{sent:?}");
    assert_eq!(
        ids,
        remaining_of(&before, &ids),
        "in time order, all of them"
    );
    shifted(&sim, &before, &sent);

    // N: the new details to each customer, once.
    t.keys("N");
    let url = format!("{}/_sim/notifications", sim.url);
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let notes = loop {
        let n = http("GET", &url, None)
            .as_array()
            .cloned()
            .unwrap_or_default();
        if n.len() >= 4 || std::time::Instant::now() > end {
            break n;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    // One per customer who can be told: one of the four has no phone and
    // no email, and the screen says so.
    let mut reachable: Vec<i64> = Vec::new();
    for id in &ids {
        let c = &before.iter().find(|t| t["id"] == *id).unwrap()["customer"];
        let has = |k: &str| c[k].as_str().is_some_and(|v| !v.trim().is_empty());
        if (has("email_address") || has("phone_number") || has("mobile"))
            && !reachable.contains(&c["id"].as_i64().unwrap())
        {
            reachable.push(c["id"].as_i64().unwrap());
        }
    }
    assert_eq!(reachable.len(), 3, "the seeded day: {before:?}");
    assert_eq!(notes.len(), reachable.len(), "one per customer: {notes:?}");
    t.wait_for("has no phone and no email", 5);
    for n in &notes {
        assert_eq!(n["notification_type"], "details", "{n}");
        assert!(ids.contains(&n["task_id"].as_i64().unwrap()), "{n}");
    }
    // Once: a second N sends nothing more.
    t.keys("N");
    t.wait_for("Already offered", 5);
    assert_eq!(
        http("GET", &url, None).as_array().unwrap().len(),
        notes.len()
    );
}

#[test]
fn with_the_third_put_refused_the_first_two_are_applied_and_the_screen_says_which() {
    let sim = sim();
    let before = todays_tasks(&sim);
    http(
        "POST",
        &format!("{}/_sim/faults", sim.url),
        Some(json!({"fail_next_put": "422", "put_fault_after": 2})),
    );
    let (t, _home) = staged("late-refused", &sim);

    t.keys("Enter");
    let p = t.wait_for("Applied 2 of 4", 15);
    let p = p.as_str();
    let sent = puts(&sim);
    assert_eq!(sent.len(), 3, "stopped at the refusal: {sent:?}");
    shifted(&sim, &before, &sent[..2]);
    // The refused and the unsent are where they were.
    let ids: Vec<i64> = sent.iter().map(|(id, _)| *id).collect();
    let all = remaining_of(&before, &ids);
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(&all[..3], &ids[..], "in time order");
    for id in &all[2..] {
        let was = before.iter().find(|t| t["id"] == *id).unwrap();
        let is = sim_task(&sim, *id);
        assert_eq!(time(&is["starts_at"]), time(&was["starts_at"]));
        assert_eq!(time(&is["ends_at"]), time(&was["ends_at"]));
    }
    // By time and customer: a row per task, old and new times, customer,
    // and what became of it; then the count.
    let start = |id: i64| {
        let t = before.iter().find(|t| t["id"] == id).unwrap();
        time(&t["starts_at"])
            .with_timezone(&chrono_tz::America::New_York)
            .format("%H:%M")
            .to_string()
    };
    for (id, mark, word) in [
        (all[0], "✓", "applied"),
        (all[1], "✓", "applied"),
        (all[2], "✗", "refused: "),
        (all[3], "·", "not sent"),
    ] {
        let row = format!("{mark} {}–", start(id));
        let line = p
            .lines()
            .find(|l| l.contains(&row))
            .unwrap_or_else(|| panic!("no row {row:?}:\n{p}"));
        assert!(line.contains(word), "{row} {word}:\n{p}");
    }
    assert!(
        p.contains(&format!("Not applied: {} ", start(all[2]))),
        "{p}"
    );
}

#[test]
fn read_only_and_monitor_send_nothing_for_the_dispatch_keys() {
    let sim = sim();
    for (name, flag) in [("late-ro", "--read-only"), ("late-mon", "--monitor")] {
        let home = scratch(name);
        let t = Tmux::start(name, &home, &e2e::board_cmd(&sim.url, 30, flag), 120, 40);
        t.wait_for("confirmed", 20);
        for k in ["l", "l", "j"] {
            t.keys(k);
        }
        for keys in [
            &["M", "j", "Enter", "Escape"][..],
            &["f", "Enter", "Escape"],
            &["U", "Enter", "Enter", "Escape"],
            &["R", "Enter", "Enter", "Escape"],
        ] {
            for k in keys {
                t.keys(k);
            }
        }
        // The last key's answer is drawn: each key was read.
        t.keys("R");
        t.wait_for("is off", 5);
        nothing_sent_yet(&sim);
    }
}
