//! End to end: changes made from the board respect what a colleague did
//! since. The kickdesk binary in a private tmux server against `kickdesk
//! sim`; the colleague changes the task through the simulator's API; what
//! the board sent is read from `/_sim/requests`.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{Sim, board_in, edit_first_task, http, scratch, sim, sim_task, writes};
use serde_json::{Value, json};

/// Another client of Kickserv changes the task.
fn colleague_puts(sim: &Sim, id: i64, task: Value) {
    let url = format!("{}/demo/tasks/{id}.json", sim.url);
    let answer = http("PUT", &url, Some(json!({ "task": task })));
    assert_eq!(answer["id"].as_i64(), Some(id), "{answer}");
}

/// The requests of one method to the task's own path, their statuses.
fn to_task(sim: &Sim, method: &str, id: i64) -> Vec<i64> {
    let path = format!("/demo/tasks/{id}.json");
    writes(sim, method)
        .iter()
        .filter(|r| r["path"] == path.as_str())
        .map(|r| r["status"].as_i64().unwrap_or(-1))
        .collect()
}

#[test]
fn undo_of_an_edit_over_a_colleagues_change_asks_first_and_puts_back_only_on_y() {
    let sim = sim();
    let home = scratch("undo-colleague");
    let t = board_in("undo-colleague", &sim, &home);
    let id = edit_first_task(&t);
    let old = sim_task(&sim, id)["description"]
        .as_str()
        .unwrap_or("")
        .to_string();
    t.type_text(" e2e-mine");
    t.keys("C-s");
    t.wait_for("Saved by you ", 15);
    assert_eq!(to_task(&sim, "PUT", id), [200], "the board's save");
    // A colleague writes the description over the edit.
    colleague_puts(
        &sim,
        id,
        json!({"description": "e2e-theirs gate code 4411"}),
    );

    let reads = to_task(&sim, "GET", id).len();
    t.keys("u");
    let p = t.wait_for("Undo your edit over this change?", 15);
    assert!(p.contains("Changed on Kickserv since your save:"), "{p}");
    assert!(p.contains("gate code 4411"), "theirs is shown:\n{p}");
    assert!(p.contains("e2e-mine"), "yours is shown:\n{p}");
    // Read, and nothing written before the dispatcher answers.
    assert_eq!(
        to_task(&sim, "GET", id).len(),
        reads + 1,
        "one read of the task"
    );
    assert_eq!(
        to_task(&sim, "PUT", id),
        [200, 200],
        "save and colleague only"
    );

    // n keeps the colleague's text.
    t.keys("n");
    t.wait_until(10, "the question to close", |p| {
        !p.contains("Undo your edit over this change?")
    });
    assert_eq!(to_task(&sim, "PUT", id).len(), 2);
    assert_eq!(
        sim_task(&sim, id)["description"].as_str(),
        Some("e2e-theirs gate code 4411")
    );

    // Asked again, y puts the old text back: one PUT.
    t.keys("u");
    t.wait_for("Undo your edit over this change?", 15);
    t.keys("y");
    t.wait_for("Edit undone by you ", 15);
    assert_eq!(to_task(&sim, "PUT", id), [200, 200, 200]);
    assert_eq!(
        sim_task(&sim, id)["description"].as_str(),
        Some(old.as_str())
    );
}

#[test]
fn delete_of_a_task_a_colleague_changed_shows_the_change_and_u_remakes_kickservs_version() {
    let sim = sim();
    let home = scratch("delete-colleague");
    let t = board_in("delete-colleague", &sim, &home);
    let id = edit_first_task(&t);
    t.escape_until_gone("Edit task ", 10);
    // Since the board's last poll, a colleague moves it half an hour and
    // writes a description.
    let before = sim_task(&sim, id);
    let later = |key: &str| {
        let at = chrono::DateTime::parse_from_rfc3339(before[key].as_str().unwrap()).unwrap();
        (at + chrono::Duration::minutes(30)).to_rfc3339()
    };
    let (starts, ends) = (later("starts_at"), later("ends_at"));
    colleague_puts(
        &sim,
        id,
        json!({"description": "e2e-theirs bring the ladder", "starts_at": starts, "ends_at": ends}),
    );

    let reads = to_task(&sim, "GET", id).len();
    t.keys("D");
    t.wait_for("Delete this task in Kickserv?", 10);
    t.keys("y");
    let p = t.wait_for("Changed on Kickserv since the board's copy:", 15);
    assert!(p.contains("bring the ladder"), "{p}");
    assert!(p.contains("as it is now"), "{p}");
    // Read first; no DELETE before the second y.
    assert_eq!(
        to_task(&sim, "GET", id).len(),
        reads + 1,
        "one read of the task"
    );
    assert!(to_task(&sim, "DELETE", id).is_empty());

    t.keys("y");
    t.wait_for("Deleted by you ", 15);
    assert_eq!(to_task(&sim, "DELETE", id), [200]);
    let deleted_answer_path = format!("/demo/tasks/{id}.json");
    assert!(
        http("GET", &format!("{}{deleted_answer_path}", sim.url), None)["id"].is_null(),
        "the simulator no longer has it"
    );

    // u remakes it as Kickserv held it: the colleague's text and time.
    t.keys("u");
    t.wait_for("Made again by you ", 15);
    let posts = writes(&sim, "POST");
    assert_eq!(posts.len(), 1, "{posts:?}");
    let body: Value = serde_json::from_str(posts[0]["body"].as_str().unwrap_or("{}")).unwrap();
    assert_eq!(body["task"]["description"], "e2e-theirs bring the ladder");
    let sent_start =
        chrono::DateTime::parse_from_rfc3339(body["task"]["starts_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent_start,
        chrono::DateTime::parse_from_rfc3339(&starts).unwrap()
    );
}
