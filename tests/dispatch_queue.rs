//! The unassigned queue: `U` shows the open tasks of the shown period that
//! nobody is booked for, oldest first, with customer, job, length and day;
//! one key stages the chosen one for the employee under the board's
//! cursor, move mode places it, and Enter sends one PUT.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use crossterm::event::KeyCode;
use std::sync::Arc;

use kickdesk::app::dispatch::queue;
use kickdesk::app::keymap::Context;
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Msg};
use kickdesk::kickserv::model::{Job, Status, Task};
use kickdesk::schedule::Lane;

/// A task of nobody's on `date` from `h:00`, lasting `mins`, with a job number.
fn unassigned(id: i64, date: NaiveDate, h: u32, mins: i64, title: &str) -> Task {
    let mut t = task(id, &[], h, 0, mins, title);
    let start = at(date, h, 0);
    t.starts_at = Some(start);
    t.ends_at = Some(start + Duration::minutes(mins));
    t.job = Some(Arc::new(Job {
        id: id * 10,
        job_number: Some(1000 + id),
        name: Some(title.into()),
        status: Some(Status::Scheduled),
        ..Job::default()
    }));
    t
}

fn wednesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Ana's boiler and Ben's gutter; nobody's leak check at 13:00 and roof
/// at 8:00 today, a fence on Wednesday, and a finished tiling today.
fn board() -> (Model, Vec<Task>) {
    let (ana, ben) = staff();
    let mut done = unassigned(7, today(), 7, 60, "Tiling");
    done.status = Some(Status::Complete);
    let tasks = vec![
        task(1, &[&ana], 9, 0, 60, "Boiler"),
        task(2, &[&ben], 9, 0, 60, "Gutter"),
        unassigned(5, today(), 13, 60, "Leak check"),
        unassigned(6, today(), 8, 90, "Roof survey"),
        unassigned(8, wednesday(), 10, 45, "Fence"),
        done,
    ];
    (staffed(tasks.clone(), (120, 30)), tasks)
}

fn titles(m: &Model) -> Vec<String> {
    queue::queued(m)
        .into_iter()
        .map(|i| m.tasks()[i].title().to_string())
        .collect()
}

#[test]
fn the_queue_lists_the_periods_open_unassigned_tasks_oldest_first() {
    let (mut m, tasks) = board();
    cursor_to_lane(&mut m, Lane::Employee(1));
    press(&mut m, &[key('U')]);
    assert_eq!(m.key_context(), Context::Queue);
    // The day: today's, oldest first; the finished one and Wednesday's are not in it.
    assert_eq!(titles(&m), ["Roof survey", "Leak check"]);
    let s = screen(&m);
    assert!(s.contains("Unassigned (2)"), "{s}");
    assert!(s.contains("Fri 27 08:00  1½h"), "{s}");
    assert!(s.contains("Customer 6 · #1006 Roof survey"), "{s}");
    assert!(s.contains("assigns to Ana"), "{s}");
    insta::assert_snapshot!(s);
    // The week: Wednesday's fence too, first, marked by its day.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(m.key_context(), Context::Board);
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, tasks.into());
    press(&mut m, &[key('U')]);
    assert_eq!(titles(&m), ["Fence", "Roof survey", "Leak check"]);
    let s = screen(&m);
    assert!(s.contains("Wed 25 10:00  45m"), "{s}");
    // U closes it again.
    press(&mut m, &[key('U')]);
    assert_eq!(m.key_context(), Context::Board);
    assert!(!screen(&m).contains("Unassigned (3)"));
}

#[test]
fn one_key_stages_the_task_for_the_employee_under_the_cursor_and_enter_sends_one_put() {
    let (mut m, _) = board();
    cursor_to_lane(&mut m, Lane::Employee(2));
    // The leak check (second row) for Ben: staged, nothing sent.
    let cmds = press(&mut m, &[key('U'), key('j'), code(KeyCode::Enter)]);
    assert!(api(&cmds).is_empty(), "{cmds:?}");
    assert_eq!(m.key_context(), Context::Move);
    let st = m.local().stage.clone().unwrap();
    assert_eq!(st.task_id, 5);
    assert_eq!(st.lane, Lane::Employee(2));
    let who: Vec<i64> = st.staged.employees.iter().map(|e| e.id).collect();
    assert_eq!(who, [2]);
    // Drawn in Ben's lane at once, the queue gone.
    let s = screen(&m);
    assert!(!s.contains("Unassigned ("), "{s}");
    assert!(s.contains("Move to Fri 13:00–14:00 Ben"), "{s}");
    // Placed half an hour later, then sent: one PUT, employee and times.
    let placed = press(&mut m, &[key('j'), key('j')]);
    assert!(api(&placed).is_empty());
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    match api(&cmds).as_slice() {
        [
            ApiCmd::Save {
                task_id: 5, patch, ..
            },
        ] => {
            assert_eq!(patch.employee_ids, Some(vec![2]));
            assert_eq!(patch.starts_at, Some(at(today(), 13, 30)));
            assert_eq!(patch.ends_at, Some(at(today(), 14, 30)));
        }
        other => panic!("expected one Save of task 5, got {other:?}"),
    }
}

#[test]
fn with_the_cursor_on_no_employee_the_queue_says_so_and_stages_nothing() {
    let (mut m, _) = board();
    cursor_to_lane(&mut m, Lane::Unassigned);
    let cmds = press(&mut m, &[key('U'), code(KeyCode::Enter)]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Queue);
    assert!(m.local().stage.is_none());
    let s = screen(&m);
    assert!(s.contains("put the board's cursor on an employee"), "{s}");
    // l: the board's cursor moves on to an employee, and Enter stages.
    press(&mut m, &[key('l')]);
    assert!(screen(&m).contains("assigns to Ana"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Move);
    assert_eq!(m.local().stage.as_ref().map(|s| s.task_id), Some(6));
}

#[test]
fn help_in_the_queue_lists_its_keys_first() {
    let (mut m, _) = board();
    press(&mut m, &[Msg::Resize(120, 60), key('U'), key('?')]);
    let s = screen(&m);
    let queue = s.find("previous task of the queue").unwrap_or(usize::MAX);
    let board = s.find("Elsewhere").unwrap_or(usize::MAX);
    assert!(queue < board, "{s}");
    assert!(
        s.contains("assign the task to the employee under the board's cursor"),
        "{s}"
    );
}
