//! Monitor mode at the `update()` level, on the injected clock: it follows
//! now (midnight, the week's start, the now-line) with no key pressed,
//! draws no cursor, says how fresh it is in a line readable from afar, and
//! turns pages with `--rotate`.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc, Weekday};
use common::*;
use ratatui::style::Modifier;

use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::{ApiCmd, Cmd, FaultKind, Msg};
use kickdesk::app::state::BoardView;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::runtime::screen::TestScreen;
use kickdesk::schedule::Period;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Rows (after the header) holding a reversed cell: where a cursor shows.
fn reversed_rows(s: &TestScreen) -> usize {
    let buf = s.term.backend().buffer();
    (1..buf.area.height.saturating_sub(1))
        .filter(|&y| (0..buf.area.width).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)))
        .count()
}

/// Answers every fetch of tasks in `cmds` with `tasks`, at `at`.
fn answer(m: &mut Model, cmds: Vec<Cmd>, tasks: &[Task], at: DateTime<Utc>) {
    let mut todo = cmds;
    while !todo.is_empty() {
        let mut next = Vec::new();
        for c in todo {
            let msg = match c {
                Cmd::Api(ApiCmd::FetchTasks { seq, period, .. }) => {
                    fetched(seq, period, at, Ok(tasks.to_vec().into()))
                }
                _ => continue,
            };
            next.extend(update(m, msg));
        }
        todo = next;
    }
}

fn monitor_opts() -> Options {
    Options {
        monitor: true,
        ..opts()
    }
}

/// A monitor started at `start` with `emps` and their tasks, all loaded.
fn monitor_at(o: Options, start: DateTime<Utc>, size: (u16, u16), emps: &[Employee]) -> Model {
    let mut m = Model::new(o, start, size);
    let cmds = init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: start,
            result: Ok(emps.to_vec()),
        },
    );
    let tasks: Vec<Task> = emps
        .iter()
        .enumerate()
        .map(|(i, e)| task(i as i64 + 1, &[e], 9, 0, 60, &format!("Job of {i}")))
        .collect();
    answer(&mut m, cmds, &tasks, start);
    m
}

fn ny(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    chrono_tz::America::New_York
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn a_monitor_crosses_midnight_and_the_weeks_start_with_no_key() {
    let ana = employee(1, 1, "Ana");
    // Sunday 29 November, 23:59:30 in New York; weeks start on Monday.
    let start = ny(2026, 11, 29, 23, 59, 30);
    for view in [BoardView::Day, BoardView::Week] {
        let o = Options {
            view,
            week_start: Weekday::Mon,
            ..monitor_opts()
        };
        let mut m = monitor_at(o, start, (120, 40), std::slice::from_ref(&ana));
        let (before, after) = match view {
            BoardView::Week => (
                Period::week_containing(date(11, 29), Weekday::Mon),
                Period::week_containing(date(11, 30), Weekday::Mon),
            ),
            _ => (Period::day(date(11, 29)), Period::day(date(11, 30))),
        };
        assert_eq!(m.period(), before);
        let mut cmds = Vec::new();
        // A tick a second across midnight; no key at all.
        for s in 1..=60 {
            cmds.extend(update(&mut m, Msg::Tick(start + Duration::seconds(s))));
        }
        assert_eq!(m.period(), after, "{view:?}: the period moved by itself");
        assert!(
            fetch_of(&cmds).iter().any(|(_, p)| *p == after) || m.sync().pending,
            "{view:?}: the new period is fetched"
        );
        let header = screen(&m).lines().next().unwrap().to_string();
        let expected = match view {
            BoardView::Week => "30 Nov–6 Dec 2026",
            _ => "Mon 30 Nov 2026",
        };
        assert!(header.contains(expected), "{view:?}: {header}");
    }
}

#[test]
fn a_monitor_sent_elsewhere_still_comes_back_across_midnight() {
    let ana = employee(1, 1, "Ana");
    let start = ny(2026, 11, 29, 23, 58, 0);
    let mut m = monitor_at(monitor_opts(), start, (120, 40), &[ana]);
    // Someone looks at the day before, then leaves.
    update(&mut m, key('['));
    assert_eq!(m.period(), Period::day(date(11, 28)));
    for s in 1..=180 {
        update(&mut m, Msg::Tick(start + Duration::seconds(s)));
    }
    assert_eq!(m.period(), Period::day(date(11, 30)));
}

#[test]
fn a_monitor_draws_no_cursor_until_a_key_and_again_a_minute_after() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let emps = [ana, ben];
    // The same board, not a monitor, shows its cursor.
    let desk = monitor_at(opts(), now(), (120, 40), &emps);
    assert!(reversed_rows(&draw(&desk)) > 0, "{}", screen(&desk));

    let mut m = monitor_at(monitor_opts(), now(), (120, 40), &emps);
    assert_eq!(reversed_rows(&draw(&m)), 0, "{}", screen(&m));
    // A key: whoever pressed it sees where they are.
    update(&mut m, key('j'));
    assert!(reversed_rows(&draw(&m)) > 0, "{}", screen(&m));
    update(&mut m, Msg::Tick(now() + Duration::seconds(59)));
    assert!(reversed_rows(&draw(&m)) > 0);
    // A minute alone: the wall shows the board, no cursor, no overlay.
    update(&mut m, key('?'));
    assert!(m.top().is_some());
    update(&mut m, Msg::Tick(now() + Duration::seconds(118)));
    assert!(
        m.top().is_some(),
        "a minute after the last key, not the first"
    );
    update(&mut m, Msg::Tick(now() + Duration::seconds(119)));
    assert!(m.top().is_none(), "help closed by itself");
    assert_eq!(reversed_rows(&draw(&m)), 0, "{}", screen(&m));
}

#[test]
fn a_monitor_turns_the_mouse_off_when_it_goes_back_to_now() {
    let mut m = monitor_at(monitor_opts(), now(), (120, 40), &[employee(1, 1, "Ana")]);
    let cmds = update(&mut m, key('m'));
    assert!(m.mouse(), "{cmds:?}");
    let cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(60)));
    assert!(!m.mouse());
    assert!(cmds.contains(&Cmd::Term(kickdesk::app::msg::TermCmd::SetMouse(false))));
}

fn bottom(m: &Model) -> String {
    screen(m).lines().last().unwrap().to_string()
}

#[test]
fn the_freshness_line_says_confirmed_now_then_stale_since_with_the_reason() {
    let mut m = monitor_at(monitor_opts(), now(), (120, 40), &[employee(1, 1, "Ana")]);
    let line = bottom(&m);
    assert!(line.contains("confirmed now"), "{line}");
    // Bold across the whole width, so it reads from across the room.
    let s = draw(&m);
    let buf = s.term.backend().buffer();
    let y = buf.area.height - 1;
    assert!((0..buf.area.width).all(|x| buf[(x, y)].modifier.contains(Modifier::BOLD)));
    assert!(!line.contains("help"), "no key hints on a wall: {line}");

    // The poll at 30 s goes out and nothing comes back: stale at 60 s.
    let cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(30)));
    assert_eq!(fetch_of(&cmds).len(), 1);
    update(&mut m, Msg::Tick(now() + Duration::seconds(75)));
    let line = bottom(&m);
    assert!(
        line.contains("STALE since 10:45: waiting for Kickserv"),
        "{line}"
    );
    let buf = draw(&m);
    let y = m.size().1 - 1;
    assert!(
        buf.term.backend().buffer()[(0, y)]
            .modifier
            .contains(Modifier::REVERSED)
    );

    // The fetch fails: the reason is the fault's.
    answer_fetch_at(
        &mut m,
        &cmds,
        now() + Duration::seconds(76),
        Err(fault(
            FaultKind::Unreachable,
            "Kickserv is unreachable: connection refused",
        )),
    );
    update(&mut m, Msg::Tick(now() + Duration::seconds(400)));
    let line = bottom(&m);
    assert!(
        line.contains("STALE since 10:45: Kickserv is unreachable: connection refused"),
        "{line}"
    );
}

#[test]
fn a_stale_monitor_redraws_once_a_minute_not_every_second() {
    let mut m = monitor_at(monitor_opts(), now(), (120, 40), &[employee(1, 1, "Ana")]);
    update(&mut m, Msg::Tick(now() + Duration::seconds(30)));
    drawn(&mut m);
    let mut dirty = 0;
    // From 10:46:05 to 10:51:04: stale all along, five minutes.
    for s in 65..365 {
        update(&mut m, Msg::Tick(now() + Duration::seconds(s)));
        if m.dirty() {
            dirty += 1;
            drawn(&mut m);
        }
    }
    // Once per clock minute and once per stale minute, at most.
    assert!(dirty <= 10, "{dirty} redraws in 300 s");
    assert!(dirty >= 5, "the minutes must show: {dirty}");
}

/// A monitor whose working day runs from 06:00 to 23:00.
fn long_day() -> Options {
    Options {
        work: kickdesk::schedule::WorkHours {
            start: chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(23, 0, 0).unwrap(),
            ..Default::default()
        },
        ..monitor_opts()
    }
}

#[test]
fn the_day_grid_keeps_the_now_line_in_sight_as_time_passes() {
    let ana = employee(1, 1, "Ana");
    // A working day of 06:00 to 23:00 on 80×16: the rows hold a few hours.
    let o = long_day();
    let start = ny(2026, 11, 27, 8, 0, 0);
    let mut m = monitor_at(o, start, (80, 16), &[ana]);
    let s = screen(&m);
    assert!(s.contains("now 08:00"), "{s}");
    let mut seen = 0;
    // Every ten minutes until 22:50, at the second and at the minute.
    for min in 1..=890 {
        for sec in [1, 60] {
            let t = start + Duration::seconds((min - 1) * 60 + sec);
            update(&mut m, Msg::Tick(t));
        }
        if min % 10 == 0 {
            let t = start + Duration::minutes(min);
            let label = format!(
                "now {}",
                t.with_timezone(&chrono_tz::America::New_York)
                    .format("%H:%M")
            );
            let s = screen(&m);
            assert!(s.contains(&label), "{label} not in sight:\n{s}");
            seen += 1;
        }
    }
    assert_eq!(seen, 89);
}

#[test]
fn a_monitor_started_late_in_the_day_shows_the_now_line_at_the_first_tick() {
    let o = long_day();
    // 20:00:30: the next minute is half a minute away.
    let start = ny(2026, 11, 27, 20, 0, 30);
    let mut m = monitor_at(o, start, (80, 16), &[employee(1, 1, "Ana")]);
    update(&mut m, Msg::Tick(start + Duration::seconds(1)));
    let s = screen(&m);
    assert!(s.contains("now 20:00"), "{s}");
}

/// A monitor that turns every 20 s through two saved filters: north
/// (employees 1 and 2), then south (3).
fn north_then_south() -> Options {
    Options {
        rotate: Some(std::time::Duration::from_secs(20)),
        filter_sets: vec![
            ("north".into(), vec![1.into(), 2.into()]),
            ("south".into(), vec![3.into()]),
        ],
        ..monitor_opts()
    }
}

#[test]
fn rotation_turns_through_the_saved_filters_with_the_page_in_the_header() {
    let emps: Vec<Employee> = (1..=4)
        .map(|i| employee(i, i, &format!("Tech{i}")))
        .collect();
    let o = north_then_south();
    let mut m = monitor_at(o, now(), (160, 40), &emps);
    let mut cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(1)));
    let s = screen(&m);
    let header = s.lines().next().unwrap();
    assert!(header.contains("north 1/2"), "{header}");
    assert!(s.contains("Tech1") && s.contains("Tech2") && !s.contains("Tech3"));
    for t in 2..=21 {
        cmds.extend(update(&mut m, Msg::Tick(now() + Duration::seconds(t))));
    }
    let s = screen(&m);
    let header = s.lines().next().unwrap();
    assert!(header.contains("south 2/2"), "{header}");
    assert!(s.contains("Tech3") && !s.contains("Tech1"), "{s}");
    for t in 22..=41 {
        cmds.extend(update(&mut m, Msg::Tick(now() + Duration::seconds(t))));
    }
    assert!(screen(&m).lines().next().unwrap().contains("north 1/2"));
    // A turn of the wall is not the user's choice: nothing is stored.
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Store(_))), "{cmds:?}");
    // Someone at the keyboard stops it; a minute alone and it turns again.
    update(&mut m, key('j'));
    for t in 42..=90 {
        update(&mut m, Msg::Tick(now() + Duration::seconds(t)));
    }
    assert!(screen(&m).lines().next().unwrap().contains("north 1/2"));
    for t in 91..=130 {
        update(&mut m, Msg::Tick(now() + Duration::seconds(t)));
    }
    assert!(screen(&m).lines().next().unwrap().contains("south 2/2"));
}

#[test]
fn rotation_pages_through_employees_that_do_not_fit() {
    let emps: Vec<Employee> = (1..=50)
        .map(|i| employee(i, i, &format!("T{i:02}")))
        .collect();
    let o = Options {
        rotate: Some(std::time::Duration::from_secs(20)),
        view: BoardView::Week,
        ..monitor_opts()
    };
    let mut m = monitor_at(o, now(), (120, 40), &emps);
    update(&mut m, Msg::Tick(now() + Duration::seconds(1)));
    let header = screen(&m).lines().next().unwrap().to_string();
    let per = m.lanes_fit();
    assert!(per < 50, "{per}");
    assert!(
        header.contains(&format!("employees 1–{per} of 50")),
        "{header}"
    );
    let mut pages = vec![header];
    for turn in 1..=6 {
        for s in 1..=20 {
            update(
                &mut m,
                Msg::Tick(now() + Duration::seconds(1 + (turn - 1) * 20 + s)),
            );
        }
        pages.push(screen(&m).lines().next().unwrap().to_string());
    }
    assert!(
        pages[1].contains(&format!("employees {}–{} of 50", per + 1, 2 * per)),
        "{pages:?}"
    );
    // The last page ends at 50, and the rotation starts over.
    assert!(
        pages
            .iter()
            .any(|p| p.contains("of 50") && p.contains("–50 of"))
    );
    let count = 50usize.div_ceil(per);
    assert!(
        pages[count].contains(&format!("employees 1–{per} of 50")),
        "{pages:?}"
    );
    // Each page draws its own employees.
    let s = screen(&m);
    assert!(s.contains("T01") || s.contains(&format!("T{:02}", per + 1)));
}

#[test]
fn the_monitor_board_at_120x30() {
    let emps: Vec<Employee> = (1..=3)
        .map(|i| employee(i, i, &format!("Tech {i}")))
        .collect();
    let o = north_then_south();
    let mut m = monitor_at(o, now(), (120, 30), &emps);
    update(&mut m, Msg::Tick(now() + Duration::seconds(1)));
    insta::assert_snapshot!(screen(&m));
}
