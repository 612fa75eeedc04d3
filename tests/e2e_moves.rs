//! End to end, move mode: the kickdesk binary in tmux against
//! `kickdesk sim`. Keys stage a move and send nothing; Enter sends exactly
//! one PUT; `u` puts the task back with one more.

#[path = "common/e2e.rs"]
mod e2e;

use chrono::{DateTime, Duration, FixedOffset};
use e2e::{
    board_in, changes, edit_first_task, nothing_sent_yet, one_put, scratch, sim, sim_task, writes,
};
use serde_json::Value;

fn time(task: &Value, field: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(task[field].as_str().unwrap()).unwrap()
}

fn employee_ids(task: &Value) -> Vec<i64> {
    task["employees"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect()
}

#[test]
fn a_task_moved_half_an_hour_later_to_the_next_employee_is_one_put_and_undone_by_one_more() {
    let sim = sim();
    let home = scratch("move");
    let t = board_in("move", &sim, &home);
    let id = edit_first_task(&t);
    t.escape_until_gone("Edit task ", 5);
    let before = sim_task(&sim, id);

    // M, then half an hour later (j j) and the next employee (l): staged only.
    t.keys("M");
    t.wait_for("Move: ", 5);
    for k in ["j", "j", "l"] {
        t.keys(k);
    }
    let start = time(&before, "starts_at") + Duration::minutes(30);
    let staged = start
        .with_timezone(&chrono_tz::America::New_York)
        .format("%H:%M")
        .to_string();
    // Each key redraws the stage: wait for the last of them, not the first.
    t.wait_until(5, "the stage half an hour later", |p| {
        p.contains(&format!("Move to Fri {staged}")) && p.contains(" (was ")
    });
    nothing_sent_yet(&sim);

    t.keys("Enter");
    t.wait_for("Moved · ", 10);
    assert_eq!(one_put(&sim)["path"], format!("/demo/tasks/{id}.json"));
    let after = sim_task(&sim, id);
    assert_eq!(time(&after, "starts_at"), start);
    assert_eq!(
        time(&after, "ends_at"),
        time(&before, "ends_at") + Duration::minutes(30)
    );
    let (was, now) = (employee_ids(&before), employee_ids(&after));
    assert_eq!(now.len(), 1, "{after}");
    assert_ne!(was, now, "another employee: {after}");

    // u: Kickserv's copy is read, then one more PUT puts the old values back.
    t.keys("u");
    t.wait_for("Edit undone", 10);
    let puts = writes(&sim, "PUT");
    assert_eq!(puts.len(), 2, "{puts:?}");
    assert_eq!(changes(&sim).len(), 2);
    let back = sim_task(&sim, id);
    assert_eq!(time(&back, "starts_at"), time(&before, "starts_at"));
    assert_eq!(time(&back, "ends_at"), time(&before, "ends_at"));
    assert_eq!(employee_ids(&back), was);
}

#[test]
fn a_task_from_the_unassigned_queue_placed_and_sent_is_one_put_with_the_employee() {
    let sim = sim();
    let home = scratch("queue");
    let t = board_in("queue", &sim, &home);
    t.wait_for("confirmed", 20);

    // U: the queue; l: the board's cursor from Unassigned to the first employee.
    t.keys("U");
    t.wait_for("Unassigned (", 5);
    t.keys("l");
    t.wait_for("assigns to ", 5);
    // Enter stages the first task for that employee; j j places it half an hour later.
    t.keys("Enter");
    t.wait_for("Move to ", 5);
    t.keys("j");
    t.keys("j");
    t.wait_until(5, "the stage half an hour later", |p| p.contains(" (was "));
    nothing_sent_yet(&sim);

    t.keys("Enter");
    t.wait_for("Moved · ", 10);
    let put = one_put(&sim);
    let path = put["path"].as_str().unwrap();
    let id: i64 = path
        .trim_start_matches("/demo/tasks/")
        .trim_end_matches(".json")
        .parse()
        .unwrap();
    let body: Value = serde_json::from_str(put["body"].as_str().unwrap()).unwrap();
    let after = sim_task(&sim, id);
    let now = employee_ids(&after);
    assert_eq!(now.len(), 1, "one employee: {after}");
    assert_eq!(
        body["task"]["employee_ids"],
        serde_json::json!([now[0]]),
        "the PUT names the employee: {body}"
    );
    assert!(
        body["task"]["starts_at"].is_string(),
        "and the new start: {body}"
    );
}
