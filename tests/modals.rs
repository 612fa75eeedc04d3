//! The stack of modals: each owns its task, never the board cursor; a
//! confirmation opened from the detail returns to it; a poll that deletes
//! or changes the task under a modal makes it say so.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, Cmd};
use kickdesk::kickserv::model::{NotifyKind, Task};

/// A poll of the shown period answering `tasks`.
fn poll(m: &mut Model, tasks: Vec<Task>) -> Vec<Cmd> {
    let fetch = common::poll(m);
    answer_with(m, fetch, tasks)
}

fn two_tasks() -> (Model, Task, Task) {
    let ana = employee(1, 1, "Ana");
    let a = task(10, &[&ana], 9, 0, 60, "AC repair");
    let b = task(11, &[&ana], 11, 0, 60, "Boiler");
    let m = loaded(vec![ana], vec![a.clone(), b.clone()]);
    (m, a, b)
}

/// The kinds of the modals on the stack, bottom first.
fn stack(m: &Model) -> Vec<&'static str> {
    m.modals()
        .iter()
        .map(|o| match o {
            Overlay::Help { .. } => "help",
            Overlay::Detail { .. } => "detail",
            Overlay::Goto { .. } => "goto",
            Overlay::Confirm(_) => "confirm",
            Overlay::Filter { .. } => "filter",
            Overlay::Palette(_) => "palette",
            Overlay::Log { .. } => "log",
            Overlay::Form(_) => "form",
            Overlay::Picker(_) => "picker",
            Overlay::Employees(_) => "employees",
            Overlay::Restore(_) => "restore",
            Overlay::Job(_) => "job",
            Overlay::Move => "move",
            Overlay::Queue { .. } => "queue",
            Overlay::LateBy { .. } => "late by",
            Overlay::Late => "late",
        })
        .collect()
}

fn api(cmds: &[Cmd]) -> Vec<&ApiCmd> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(a) => Some(a),
            _ => None,
        })
        .collect()
}

#[test]
fn a_confirm_from_the_detail_keeps_its_task_when_a_poll_moves_the_cursor() {
    let (mut m, a, b) = two_tasks();
    assert_eq!(m.cursor().task, Some(10));
    press(&mut m, &[code(KeyCode::Enter), key('n')]);
    assert_eq!(stack(&m), ["detail", "confirm"]);
    // The task leaves the shown day (to the day before, still listed): the
    // cursor moves to the other one.
    let mut moved = a.clone();
    moved.starts_at = moved.starts_at.map(|t| t - chrono::Duration::days(1));
    moved.ends_at = moved.ends_at.map(|t| t - chrono::Duration::days(1));
    poll(&mut m, vec![moved, b]);
    assert_eq!(m.cursor().task, Some(11));
    let s = screen(&m);
    assert!(
        s.contains("AC repair") && s.contains("Notify assigned employee: Ana?"),
        "{s}"
    );
    assert!(s.contains("Changed on the server: time"), "{s}");
    let cmds = press(&mut m, &[key('y')]);
    assert_eq!(
        api(&cmds),
        [&ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::Employee
        }]
    );
    // Back to the detail of the same task.
    assert_eq!(stack(&m), ["detail"]);
    assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 10, .. })));
}

#[test]
fn a_confirm_whose_task_was_deleted_says_so_and_sends_nothing() {
    for yes in [key('y'), code(KeyCode::Enter)] {
        let (mut m, _, b) = two_tasks();
        press(&mut m, &[code(KeyCode::Enter), key('n')]);
        poll(&mut m, vec![b.clone()]);
        let s = screen(&m);
        assert!(s.contains("This task was deleted on the server"), "{s}");
        assert!(s.contains("nothing will be sent"), "{s}");
        let cmds = press(&mut m, &[yes]);
        assert!(api(&cmds).is_empty(), "{cmds:?}");
        // Closed, back to the detail, which says the same.
        assert_eq!(stack(&m), ["detail"]);
        let s = screen(&m);
        assert!(s.contains("This task was deleted on the server"), "{s}");
        assert!(s.contains("AC repair"), "the detail shows what it had: {s}");
        // And from there no confirmation opens for it.
        let cmds = press(&mut m, &[key('D'), key('y')]);
        assert!(api(&cmds).is_empty(), "{cmds:?}");
        assert_eq!(stack(&m), ["detail"]);
    }
}

#[test]
fn a_delete_confirm_whose_task_was_deleted_sends_nothing() {
    let (mut m, _, b) = two_tasks();
    press(&mut m, &[key('D')]);
    poll(&mut m, vec![b]);
    assert!(screen(&m).contains("This task was deleted on the server"));
    let cmds = press(&mut m, &[key('y')]);
    assert!(api(&cmds).is_empty(), "{cmds:?}");
    assert!(m.modals().is_empty());
}

#[test]
fn esc_from_a_confirm_opened_in_the_detail_returns_to_the_detail() {
    let (mut m, _, _) = two_tasks();
    press(
        &mut m,
        &[code(KeyCode::Enter), code(KeyCode::Down), key('D')],
    );
    assert_eq!(stack(&m), ["detail", "confirm"]);
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(stack(&m), ["detail"]);
    // The detail's scroll is kept.
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail {
            task_id: 10,
            scroll: 1,
            ..
        })
    ));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    assert_eq!(m.cursor().task, Some(10));
}

#[test]
fn the_detail_says_what_a_poll_changed() {
    let (mut m, a, b) = two_tasks();
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(!screen(&m).contains("on the server"));
    let mut changed = a.clone();
    changed.employees.clear();
    changed.description = Some("Bring a ladder".into());
    poll(&mut m, vec![changed, b]);
    let s = screen(&m);
    assert!(
        s.contains("Changed on the server: employees, description"),
        "{s}"
    );
    assert!(
        s.contains("Bring a ladder"),
        "the detail shows the new copy: {s}"
    );
}
