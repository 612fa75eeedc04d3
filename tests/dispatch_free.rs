//! Free time: each employee's largest free stretch of the working hours
//! is named in the day view, and `f` stages the selected task in the next
//! free gap of its employee long enough for it; Enter sends it.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::dispatch::free;
use kickdesk::app::keymap::Context;
use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::ApiCmd;

/// Ana: boiler 9:00–10:00, fence 10:00–10:30, roof 11:00–13:00; Ben: nothing.
fn board() -> Model {
    let (ana, _) = staff();
    let tasks = vec![
        task(1, &[&ana], 9, 0, 60, "Boiler"),
        task(2, &[&ana], 10, 0, 30, "Fence"),
        task(3, &[&ana], 11, 0, 120, "Roof"),
        task(4, &[], 15, 0, 60, "Leak"),
    ];
    staffed(tasks, (100, 30))
}

#[test]
fn each_employees_largest_free_stretch_is_named_in_the_day_view() {
    let m = board();
    let lane = |id| {
        m.lanes()
            .iter()
            .position(|l| l.0 == kickdesk::schedule::Lane::Employee(id))
            .unwrap()
    };
    let hours = |g: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>| {
        g.map(|(s, e)| (e - s).num_minutes())
    };
    // At 10:45, Ana: 10:45–11 and 13–19 free (what is past is no room);
    // the largest is six hours. Ben: the rest of the day.
    assert_eq!(hours(free::largest_gap(&m, lane(1))), Some(360));
    assert_eq!(hours(free::largest_gap(&m, lane(2))), Some(495));
    // Nobody's lane has no free time of its own.
    assert_eq!(free::largest_gap(&m, 0), None);
    let s = screen(&m);
    assert!(s.contains("free 13:00–19:00"), "{s}");
    assert!(s.contains("free 10:45–19:00"), "{s}");
    // Beside it, in the lane's header: hours booked against working hours
    // (07:00–19:00); nobody's lane has no working hours.
    assert!(s.contains("│ Ana 3½/12h "), "{s}");
    assert!(s.contains("│ Ben 0/12h"), "{s}");
    assert!(s.contains("│ Unassigned 1h "), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn f_stages_the_task_in_the_next_free_gap_long_enough_and_enter_sends_it() {
    let mut m = board();
    assert!(m.focus_task(1));
    // The half hour at 10:30 is too short for the hour's boiler: 13:00.
    let cmds = press(&mut m, &[key('f')]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Move);
    let st = m.local().stage.clone().unwrap();
    assert_eq!(st.staged.starts_at, Some(at(today(), 13, 0)));
    assert_eq!(st.staged.ends_at, Some(at(today(), 14, 0)));
    assert!(screen(&m).contains("Move to Fri 13:00–14:00"));
    // Again: no other gap of an hour is left today, so it stays.
    press(&mut m, &[key('f')]);
    let st = m.local().stage.clone().unwrap();
    assert_eq!(st.staged.starts_at, Some(at(today(), 13, 0)));
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    match api(&cmds).as_slice() {
        [
            ApiCmd::Save {
                task_id: 1, patch, ..
            },
        ] => {
            assert_eq!(patch.starts_at, Some(at(today(), 13, 0)));
            assert_eq!(patch.employee_ids, None);
        }
        other => panic!("expected one Save, got {other:?}"),
    }
}

#[test]
fn the_timeline_names_the_largest_free_stretch_where_it_starts() {
    let mut m = board();
    press(&mut m, &[key('v')]);
    assert_eq!(m.board_view(), kickdesk::app::state::BoardView::Timeline);
    let s = screen(&m);
    let line = |name: &str| {
        s.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("Ana").contains("free 13:00–19:00"), "{s}");
    assert!(line("Ben").contains("free 10:45–19:00"), "{s}");
    // Where it starts: after the roof's bar, which ends at 13:00.
    let ana = line("Ana");
    assert!(ana.find("Roof") < ana.find("free 13:00"), "{s}");
    // The row's name says the hours booked against the working hours.
    assert!(ana.starts_with(" Ana 3½/12h"), "{s}");
    assert!(line("Ben").starts_with(" Ben 0/12h"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn hours_booked_follow_the_configured_working_hours() {
    let (ana, _) = staff();
    let o = Options {
        work: kickdesk::schedule::WorkHours {
            start: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            ..Default::default()
        },
        look: kickdesk::app::look::Look {
            ascii: true,
            ..kickdesk::app::look::Look::PLAIN
        },
        ..opts()
    };
    let m = staffed_with(
        o,
        vec![
            task(1, &[&ana], 9, 0, 150, "Boiler"),
            task(2, &[&ana], 13, 0, 180, "Roof"),
        ],
        (100, 30),
    );
    let s = screen(&m);
    assert!(s.contains("| Ana 5.5/8h "), "{s}");
}

#[test]
fn an_all_day_task_leaves_no_free_time() {
    let ana = employee(1, 1, "Ana");
    let mut training = task(1, &[&ana], 0, 0, 24 * 60, "Training");
    training.all_day = Some(true);
    let m = loaded(vec![ana], vec![training]);
    let lane = m
        .lanes()
        .iter()
        .position(|l| l.0 == kickdesk::schedule::Lane::Employee(1))
        .unwrap();
    assert_eq!(free::largest_gap(&m, lane), None);
    assert!(!screen(&m).contains("free "), "{}", screen(&m));
}
