//! `update()` tests for finding what changed (`c`) and for the words of
//! refused and unbuilt keys.

mod common;

use chrono::Duration;
use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::Model;
use kickdesk::kickserv::model::Employee;

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// A poll that finds `tasks`, 30 s after the first load.
fn poll(m: &mut Model, tasks: Vec<kickdesk::kickserv::model::Task>) {
    let cmds = press(m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    answer_at(
        m,
        (seq, period),
        now() + Duration::seconds(30),
        Ok(tasks.into()),
    );
}

fn board() -> (Model, Employee, Employee) {
    let ana = employee(1, 1, "Ana");
    let bo = employee(2, 2, "Bo");
    let m = loaded(
        vec![ana.clone(), bo.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Same"),
            task(2, &[&bo], 13, 0, 60, "Retitled"),
            task(3, &[&ana], 11, 0, 60, "Moves"),
        ],
    );
    (m, ana, bo)
}

#[test]
fn c_steps_through_the_changed_tasks_in_board_order_and_round() {
    let (mut m, ana, bo) = board();
    poll(
        &mut m,
        vec![
            task(1, &[&ana], 8, 0, 60, "Same"),
            task(2, &[&bo], 13, 0, 60, "Retitled now"),
            task(3, &[&ana], 10, 0, 60, "Moves"),
            task(4, &[&bo], 9, 0, 30, "Fresh"),
        ],
    );
    // By start: 09:00 new, 10:00 moved, 13:00 changed; then round again.
    let mut seen = Vec::new();
    for _ in 0..4 {
        let cmds = press(&mut m, &[key('c')]);
        assert!(cmds.is_empty(), "{cmds:?}");
        seen.push((m.cursor().task, toast(&m)));
    }
    assert_eq!(
        seen,
        vec![
            (Some(4), "change 1 of 3: new · Fresh".to_string()),
            (Some(3), "change 2 of 3: moved · Moves".to_string()),
            (Some(2), "change 3 of 3: changed · Retitled now".to_string()),
            (Some(4), "change 1 of 3: new · Fresh".to_string()),
        ]
    );
    // The cursor went to the changed task's employee.
    assert_eq!(m.lanes()[m.cursor().lane].1, "Bo");
}

#[test]
fn c_in_the_week_view_reaches_the_changed_task() {
    let (mut m, ana, bo) = board();
    let cmds = press(&mut m, &[key('w')]);
    let (seq, period) = fetch_of(&cmds)[0];
    let tasks = vec![
        task(1, &[&ana], 8, 0, 60, "Same"),
        task(2, &[&bo], 13, 0, 60, "Retitled"),
    ];
    answer_at(&mut m, (seq, period), now(), Ok(tasks.into()));
    poll(
        &mut m,
        vec![
            task(1, &[&ana], 8, 0, 60, "Same"),
            task(2, &[&bo], 13, 0, 60, "Retitled now"),
        ],
    );
    press(&mut m, &[key('c')]);
    assert_eq!(m.cursor().task, Some(2));
    assert_eq!(toast(&m), "change 1 of 1: changed · Retitled now");
}

#[test]
fn c_says_when_nothing_changed() {
    let (mut m, ana, bo) = board();
    let before = m.cursor().clone();
    press(&mut m, &[key('c')]);
    assert_eq!(toast(&m), "no changes at the last poll");
    assert_eq!(*m.cursor(), before);
    // A poll that finds the same tasks marks nothing either.
    poll(
        &mut m,
        vec![
            task(1, &[&ana], 8, 0, 60, "Same"),
            task(2, &[&bo], 13, 0, 60, "Retitled"),
            task(3, &[&ana], 11, 0, 60, "Moves"),
        ],
    );
    press(&mut m, &[code(KeyCode::Esc), key('c')]);
    assert_eq!(toast(&m), "no changes at the last poll");
}

#[test]
fn read_only_names_the_key_that_is_off_and_what_it_does() {
    let (m0, _, _) = board();
    let mut m = restarted(&m0, opts_with(|o| o.read_only = true));
    press(&mut m, &[key('j')]);
    assert!(m.cursor().task.is_some());
    for (k, what) in [
        ('n', "n is off (notify assigned employee (confirm))"),
        ('D', "D is off (delete task (confirm))"),
        ('e', "e is off (edit task)"),
    ] {
        let cmds = press(&mut m, &[key(k)]);
        assert!(cmds.is_empty(), "{k}: {cmds:?}");
        assert_eq!(toast(&m), format!("read-only: {what}"));
    }
}

#[test]
fn the_agenda_writes_statuses_in_plain_words() {
    use kickdesk::agenda::{Request, text};
    use kickdesk::kickserv::model::Status;
    let ana = employee(1, 1, "Ana");
    let mut busy = task(1, &[&ana], 8, 0, 60, "AC repair");
    busy.status = Some(Status::InProgress);
    let mut odd = task(2, &[&ana], 10, 0, 60, "Boiler");
    odd.status = Some(Status::from("waiting_on_parts"));
    let r = Request {
        first: today(),
        days: 1,
        employees: vec![],
        tz: opts().tz,
        lookback_days: 31,
    };
    let out = text(&[busy, odd], &r);
    // Titles are padded to one column; the status follows its title.
    let line_of = |title: &str| out.lines().find(|l| l.contains(title)).unwrap_or_default();
    assert!(line_of("AC repair").contains("[in progress]"), "{out}");
    assert!(line_of("Boiler").contains("[waiting_on_parts]"), "{out}");
}
