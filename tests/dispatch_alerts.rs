//! Double bookings and late work: one employee with two tasks at once is
//! marked in the day, the week and the timeline with a glyph and a colour
//! of its own, and counted in the header; a staged move that would make
//! one says so before Enter; the header counts late and running-over work
//! by the board's calm rules.

mod common;

use common::*;
use crossterm::event::KeyCode;
use ratatui::style::Color;

use kickdesk::app::dispatch::alerts;
use kickdesk::app::look::Look;
use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::{Cmd, Msg};
use kickdesk::app::state::BoardView;
use kickdesk::kickserv::model::{Status, Task};

/// Ana's boiler 9:00–10:00 and fence 9:30–10:30 (a double booking), her
/// roof from 10:30 (touching, not overlapping), and Ben's gutter at nine.
fn ana_twice(look: Look) -> Model {
    ana_twice_and_tasks(look).0
}

/// [`ana_twice`], with its tasks to answer a later fetch.
fn ana_twice_and_tasks(look: Look) -> (Model, Vec<Task>) {
    let (ana, ben) = staff();
    let tasks = vec![
        task(1, &[&ana], 9, 0, 60, "Boiler"),
        task(2, &[&ana], 9, 30, 60, "Fence"),
        task(3, &[&ana], 10, 30, 60, "Roof"),
        task(4, &[&ben], 9, 0, 60, "Gutter"),
    ];
    let o = Options { look, ..opts() };
    (staffed_with(o, tasks.clone(), (100, 30)), tasks)
}

/// The screen line holding `title`.
fn line_of<'a>(s: &'a str, title: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} not drawn:\n{s}"))
}

/// The screen's text, then one letter per cell: `D` the double-booking
/// colour (yellow), `.` anything else.
fn with_marks(m: &Model) -> String {
    let s = draw(m);
    let buf = s.term.backend().buffer();
    let mut map = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            map.push(if buf[(x, y)].bg == Color::Yellow {
                'D'
            } else {
                '.'
            });
        }
        map.push('\n');
    }
    format!("{}\ncolours:\n{map}", screen(m))
}

#[test]
fn two_tasks_of_one_employee_at_once_are_marked_and_counted() {
    let m = ana_twice(Look::PLAIN);
    let s = screen(&m);
    for title in ["Boiler", "Fence"] {
        assert!(line_of(&s, title).contains("≡"), "{title} marked:\n{s}");
    }
    // Touching ends and another employee's task at the same hour are no double booking.
    for title in ["Roof", "Gutter"] {
        let l = line_of(&s, title);
        let cell = l.split('│').find(|c| c.contains(title)).unwrap_or_default();
        assert!(!cell.contains('≡'), "{title} not marked:\n{s}");
    }
    assert!(
        s.lines()
            .next()
            .unwrap_or_default()
            .contains("2 double-booked"),
        "{s}"
    );
    assert_eq!(alerts::double_count(&m), 2);
}

#[test]
fn a_board_without_overlaps_marks_and_counts_none() {
    let (m, _) = ana_and_ben();
    let s = screen(&m);
    assert!(!s.contains('≡') && !s.contains("double-booked"), "{s}");
    assert_eq!(alerts::double_count(&m), 0);
}

#[test]
fn the_mark_has_a_colour_of_its_own_in_day_week_and_timeline() {
    let (mut m, tasks) = ana_twice_and_tasks(Look::ANSI16);
    let day = with_marks(&m);
    press(&mut m, &[key('v')]);
    assert_eq!(m.board_view(), BoardView::Timeline);
    let timeline = with_marks(&m);
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, tasks.into());
    assert_eq!(m.board_view(), BoardView::Week);
    let week = with_marks(&m);
    for (view, shown) in [("day", &day), ("timeline", &timeline), ("week", &week)] {
        let (text, map) = shown.split_once("\ncolours:\n").unwrap_or_default();
        let text: Vec<&str> = text.lines().collect();
        // The colour on the marks of the two tasks' lines, and the
        // header's count: nowhere else.
        let coloured: Vec<usize> = map
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains('D'))
            .map(|(y, _)| y)
            .collect();
        assert!(coloured.len() >= 2, "{view}:\n{shown}");
        for y in coloured {
            let l = text.get(y).copied().unwrap_or_default();
            assert!(
                l.contains('≡') || l.contains("double-booked"),
                "{view}: colour off the mark on {l:?}\n{shown}"
            );
        }
    }
    insta::assert_snapshot!("double_booking_day_with_colours", day);
    insta::assert_snapshot!("double_booking_week_with_colours", week);
}

#[test]
fn a_stage_that_would_double_book_says_so_before_enter() {
    let (mut m, _) = ana_and_ben();
    press(&mut m, &[Msg::Resize(100, 30)]);
    assert!(m.focus_task(1));
    press(&mut m, &[key('M')]);
    assert!(alerts::stage_collisions(&m).is_empty());
    let before = screen(&m);
    assert!(!before.contains("double booking"), "{before}");
    // To Ben at nine, where his gutter is.
    let cmds = press(&mut m, &[key('l')]);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Api(_))), "{cmds:?}");
    assert_eq!(alerts::stage_collisions(&m), ["Gutter (Ben)"]);
    let s = screen(&m);
    let hint = s.lines().last().unwrap_or_default();
    assert!(hint.contains("double booking with Gutter (Ben)"), "{s}");
    assert!(
        s.lines()
            .next()
            .unwrap_or_default()
            .contains("2 double-booked"),
        "{s}"
    );
    insta::assert_snapshot!(s);
    // An hour later it collides with nothing, and says nothing.
    press(&mut m, &[key('J')]);
    assert!(alerts::stage_collisions(&m).is_empty());
    assert!(!screen(&m).contains("double booking"));
    // Esc: the stage and its warning go.
    press(&mut m, &[key('K'), code(KeyCode::Esc)]);
    assert_eq!(alerts::double_count(&m), 0);
}

fn with_status(mut t: Task, s: Status) -> Task {
    t.status = Some(s);
    t
}

/// At 10:45: late is work that should have started and has not (until its
/// end and the grace); running over is work in progress past its end;
/// long past either is "not closed" and counted by neither.
#[test]
fn the_header_counts_late_and_running_over_by_the_boards_rules() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let tasks = vec![
        // Should have started at 10:00: late.
        task(1, &[&ana], 10, 0, 60, "Boiler"),
        // 7:00–8:00, not started: long past, not closed.
        task(2, &[&ana], 7, 0, 60, "Fence"),
        // In progress, ended at 10:30: running over.
        with_status(task(3, &[&ben], 9, 0, 90, "Gutter"), Status::InProgress),
        // In progress, ended at 8:00: long past, not closed.
        with_status(task(4, &[&ben], 7, 0, 60, "Roof"), Status::InProgress),
        // Done, and the future: neither.
        with_status(task(5, &[&ana], 8, 0, 60, "Tiles"), Status::Complete),
        task(6, &[&ben], 13, 0, 60, "Leak"),
    ];
    let m = loaded(vec![ana, ben], tasks);
    assert_eq!(alerts::late_counts(&m), (1, 1));
    let head = screen(&m).lines().next().unwrap_or_default().to_string();
    assert!(head.contains("1 late   1 running over"), "{head}");
}

/// The counts are prepared with the layout and when the clock's minute
/// turns, not worked out by the view: a task due at 10:50 is counted late
/// from the tick of that minute.
#[test]
fn the_late_count_follows_the_clocks_minute() {
    let (ana, _) = staff();
    let mut m = staffed(vec![task(1, &[&ana], 10, 50, 60, "Boiler")], (160, 30));
    let head = |m: &Model| screen(m).lines().next().unwrap_or_default().to_string();
    assert_eq!(alerts::late_counts(&m), (0, 0));
    assert!(!head(&m).contains("late"), "{}", head(&m));
    press(
        &mut m,
        &[Msg::Tick(now() + chrono::Duration::seconds(4 * 60 + 30))],
    );
    assert_eq!(alerts::late_counts(&m), (0, 0), "10:49:30");
    press(
        &mut m,
        &[Msg::Tick(now() + chrono::Duration::seconds(5 * 60 + 1))],
    );
    assert_eq!(alerts::late_counts(&m), (1, 0), "10:50:01");
    assert!(head(&m).contains("1 late"), "{}", head(&m));
}

/// `?` explains the mark in the colour the board gives it.
#[test]
fn help_shows_the_double_booking_mark_in_its_colour() {
    let o = Options {
        look: Look::ANSI16,
        ..opts()
    };
    let ana = employee(1, 1, "Ana");
    let mut m = loaded_with(
        o,
        vec![ana.clone()],
        vec![task(1, &[&ana], 9, 0, 60, "Job")],
    );
    press(&mut m, &[Msg::Resize(100, 100), key('?')]);
    let shown = with_marks(&m);
    let (text, map) = shown.split_once("\ncolours:\n").unwrap_or_default();
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("≡ double-booked: one employee, two tasks at once"))
        .unwrap_or_else(|| panic!("no legend line:\n{text}"));
    let x = line.chars().position(|c| c == '≡').unwrap_or_default();
    let row = map.lines().nth(y).unwrap_or_default();
    assert_eq!(row.chars().nth(x), Some('D'), "{line}\n{row}");
    assert_eq!(row.matches('D').count(), 1, "only the glyph: {row}");
}

/// A move's keys change one task at a time: the counts follow each by
/// the task's own share, and agree with counting the board whole.
#[test]
fn the_counts_after_each_staged_key_agree_with_a_whole_count() {
    let mut m = ana_twice(Look::PLAIN);
    assert!(m.focus_task(4));
    for k in ['M', 'h', 'k', 'k', 'j', 'J', 'K', 'l'] {
        press(&mut m, &[key(k)]);
        let step = m.alert_counts();
        m.recount_alerts();
        assert_eq!(step, m.alert_counts(), "after {k}");
    }
    // Ben's gutter staged onto Ana at nine: three of hers double-booked.
    assert!(m.alert_counts().doubles >= 2);
}

#[test]
fn a_task_of_two_employees_is_one_double_booking_whichever_lane_a_key_changes() {
    let (ana, ben) = staff();
    // The boiler is Ana's and Ben's: double-booked in Ana's lane (the
    // fence), then in Ben's too as the gutter is staged onto it.
    let tasks = vec![
        task(1, &[&ana, &ben], 9, 0, 60, "Boiler"),
        task(2, &[&ana], 9, 30, 60, "Fence"),
        task(3, &[&ben], 11, 0, 60, "Gutter"),
    ];
    let mut m = staffed(tasks, (100, 30));
    assert_eq!(m.alert_counts().doubles, 2, "boiler and fence");
    assert!(m.focus_task(3));
    // Earlier by hours onto the boiler, then away again, then to Ana's lane.
    for k in ['M', 'K', 'K', 'k', 'j', 'J', 'J', 'h', 'K', 'K'] {
        press(&mut m, &[key(k)]);
        let step = m.alert_counts();
        m.recount_alerts();
        assert_eq!(step, m.alert_counts(), "after {k}");
    }
}
