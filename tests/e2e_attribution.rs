//! End to end: who did it. The kickdesk binary in a private tmux server
//! against `kickdesk sim`, polling every 5 s: a save and a delete made from
//! the detail are named as the dispatcher's and never said to be "on the
//! server", also after polls bring them back; a colleague's change made
//! through the simulator's API while the detail is open is.

#[path = "common/e2e.rs"]
mod e2e;

use e2e::{Sim, Tmux, board_cmd, http, scratch, sim, writes};
use serde_json::json;

/// Task listings the simulator answered so far.
fn listings(sim: &Sim) -> usize {
    writes(sim, "GET")
        .iter()
        .filter(|r| r["path"] == "/demo/tasks.json")
        .count()
}

/// Waits until `n` more listings than `since` were answered, and the
/// board had time to draw the last one.
fn polls_after(t: &Tmux, sim: &Sim, since: usize, n: usize) {
    for _ in 0..600 {
        if listings(sim) >= since + n {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(listings(sim) >= since + n, "{n} polls within 60 s");
    // One more, so the board has drawn the one counted.
    let now = listings(sim);
    for _ in 0..100 {
        if listings(sim) > now {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = t.pane();
}

#[test]
fn save_and_delete_from_the_detail_are_yours_and_a_colleagues_change_is_the_servers() {
    let sim = sim();
    let home = scratch("attribution");
    let t = Tmux::start("attribution", &home, &board_cmd(&sim.url, 5, ""), 120, 40);
    t.wait_for("confirmed", 20);
    // The first employee's first task (Unassigned is the first column).
    t.keys("l");
    t.keys("j");
    t.keys("Enter");
    t.wait_for("description", 10);
    t.keys("e");
    let p = t.wait_for("Edit task ", 10);
    let at = p.find("Edit task ").unwrap() + "Edit task ".len();
    let id: i64 = p[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("the form's title names the task");
    t.type_text(" e2e-mine");
    t.keys("C-s");
    let p = t.wait_for("Saved by you 10:", 15);
    assert!(!p.contains("on the server"), "{p}");
    // The detail is back, showing the task as saved, named as the
    // dispatcher's, through polls that bring the save back.
    let p = t.wait_until(10, "the form to close", |p| !p.contains("Edit task "));
    assert!(p.contains("e2e-mine"), "{p}");
    polls_after(&t, &sim, listings(&sim), 2);
    let p = t.pane();
    assert!(p.contains("Saved by you 10:"), "{p}");
    assert!(!p.contains("on the server"), "{p}");

    // A colleague writes a description through the API: the server's change.
    let url = format!("{}/demo/tasks/{id}.json", sim.url);
    let answer = http(
        "PUT",
        &url,
        Some(json!({"task": {"description": "e2e-theirs gate code 4411"}})),
    );
    assert_eq!(answer["id"].as_i64(), Some(id), "{answer}");
    let p = t.wait_for("changed on the server", 15);
    assert!(p.contains("Changed on the server: description"), "{p}");
    assert!(p.contains("gate code 4411"), "{p}");

    // Delete from the detail: it closes, and the toast says whose it was.
    t.keys("D");
    t.wait_for("Delete this task in Kickserv?", 10);
    t.keys("y");
    let p = t.wait_for("Deleted by you 10:", 15);
    assert!(!p.contains("on the server"), "{p}");
    assert!(!p.contains("gate code 4411"), "the detail closed:\n{p}");
    let deletes = writes(&sim, "DELETE");
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert_eq!(deletes[0]["path"], format!("/demo/tasks/{id}.json"));
    polls_after(&t, &sim, listings(&sim), 1);
    let p = t.pane();
    assert!(!p.contains("on the server"), "{p}");
}
