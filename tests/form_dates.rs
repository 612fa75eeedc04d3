//! The form's date field reads what go-to reads (`tomorrow`, `mon`, `+1`,
//! `11-30`, a full date), counted from today, and says beside the field
//! which date and time it took.

mod common;

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use common::{at, code, ctrl, employee, key, loaded, press, screen, task, typed};
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Cmd};
use kickdesk::kickserv::model::TaskPatch;

/// Today is Friday 27 November 2026; Ana's roof survey 09:00–11:00 selected.
fn board() -> Model {
    let ana = employee(1, 101, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(2357911, &[&ana], 9, 0, 120, "Roof survey")],
    );
    press(&mut m, &[key('j')]);
    m
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// `e`, the date field emptied and `text` typed in it.
fn date_typed(m: &mut Model, text: &str) {
    let mut keys = vec![key('e'), code(KeyCode::Tab)];
    keys.extend(vec![code(KeyCode::Backspace); 10]);
    keys.extend(typed(text));
    press(m, &keys);
}

fn saved(m: &mut Model) -> TaskPatch {
    let cmds = press(m, &[ctrl('s')]);
    let sent: Vec<TaskPatch> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::Save { patch, .. }) => Some(patch.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 1, "{cmds:?}");
    sent[0].clone()
}

#[test]
fn tomorrow_mon_and_plus_one_are_dates_in_the_form_as_in_go_to() {
    for (typed_date, want, echo) in [
        ("tomorrow", day(11, 28), "tomorrow is Sat 28 Nov 2026"),
        ("mon", day(11, 30), "mon is Mon 30 Nov 2026"),
        ("+1", day(11, 28), "+1 is Sat 28 Nov 2026"),
        ("-2", day(11, 25), "-2 is Wed 25 Nov 2026"),
    ] {
        let mut m = board();
        date_typed(&mut m, typed_date);
        let s = screen(&m);
        assert!(!s.contains("is not a date"), "{typed_date}:\n{s}");
        assert!(s.contains(echo), "{typed_date}:\n{s}");
        let p = saved(&mut m);
        assert_eq!(p.starts_at, Some(at(want, 9, 0)), "{typed_date}");
        assert_eq!(p.ends_at, Some(at(want, 11, 0)), "{typed_date}");
    }
}

#[test]
fn a_date_typed_in_full_needs_no_echo_and_a_wrong_one_says_what_is_read() {
    let mut m = board();
    date_typed(&mut m, "2026-12-02");
    let s = screen(&m);
    assert!(!s.contains("2026-12-02 is"), "{s}");
    date_typed_again(&mut m, "someday");
    let s = screen(&m);
    assert!(
        s.contains("\"someday\" is not a date: try 2026-11-30, 11-30, tomorrow, mon or +1"),
        "{s}"
    );
}

/// The date field, already focused, emptied and typed again.
fn date_typed_again(m: &mut Model, text: &str) {
    let mut keys = vec![code(KeyCode::Backspace); 12];
    keys.extend(typed(text));
    press(m, &keys);
}

#[test]
fn the_start_time_taken_is_echoed_beside_a_short_one() {
    let mut m = board();
    let mut keys = vec![key('e'), code(KeyCode::Tab), code(KeyCode::Tab)];
    keys.extend(vec![code(KeyCode::Backspace); 5]);
    keys.extend(typed("9:30am"));
    press(&mut m, &keys);
    let s = screen(&m);
    assert!(s.contains("starts 09:30"), "{s}");
    // A time typed as it is shown is not echoed.
    let mut keys = vec![code(KeyCode::Backspace); 6];
    keys.extend(typed("09:45"));
    press(&mut m, &keys);
    assert!(!screen(&m).contains("starts 09:45"));
}

#[test]
fn a_new_task_takes_a_relative_date_too() {
    let mut m = board();
    press(&mut m, &[key('a')]);
    let mut keys = typed("86000");
    keys.push(code(KeyCode::Enter));
    keys.extend(typed("Clean the gutters"));
    keys.push(code(KeyCode::Tab));
    keys.extend(vec![code(KeyCode::Backspace); 10]);
    keys.extend(typed("tomorrow"));
    press(&mut m, &keys);
    assert!(screen(&m).contains("tomorrow is Sat 28 Nov 2026"));
    let cmds = press(&mut m, &[ctrl('s')]);
    let made: Vec<&TaskPatch> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::Create { task, .. }) => Some(task),
            _ => None,
        })
        .collect();
    assert_eq!(made.len(), 1, "{cmds:?}");
    assert_eq!(made[0].starts_at, Some(at(day(11, 28), 9, 0)));
}
