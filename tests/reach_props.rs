//! Property: whatever the tasks, every task of the shown range can be
//! selected with the keyboard, in the day view and in the week view: on
//! ordinary and DST days, with tasks longer than the look-back, tasks that end
//! before they start or last no time, employees without tasks, and working
//! hours other than the default.

mod common;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use common::*;
use proptest::prelude::*;
use std::collections::HashSet;

use kickdesk::app::model::Model;
use kickdesk::app::msg::Msg;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::schedule::{Period, WorkHours};

/// Employees 1 to 5 get tasks; 6 and 7 never do, their lanes stay empty.
fn pool() -> Vec<Employee> {
    (1..=7).map(|i| employee(i, i, &format!("E{i}"))).collect()
}

/// The day shown: an ordinary Friday, or New York's short and long DST days.
fn days() -> Vec<NaiveDate> {
    [(2026, 11, 27), (2026, 3, 8), (2026, 11, 1)]
        .iter()
        .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        .collect()
}

/// Length in minutes: ordinary, none, negative (bad data), or longer than any look-back.
fn arb_minutes() -> impl Strategy<Value = (i64, i64)> {
    prop_oneof![
        6 => (0i64..(30 * 60)).prop_map(|d| (0, d)),
        1 => Just((0, 0)),
        1 => (-180i64..0).prop_map(|d| (0, d)),
        // Began 40 days early and still runs.
        1 => (0i64..(3 * 1440)).prop_map(|d| (-40 * 1440, 40 * 1440 + d)),
    ]
}

prop_compose! {
    fn arb_task(id: i64, day: NaiveDate)(
        start_min in -1440i64..(3 * 1440),
        (shift, dur) in arb_minutes(),
        emps in proptest::sample::subsequence((1..=5i64).collect::<Vec<_>>(), 0..=3),
        all_day in proptest::bool::weighted(0.1),
        offset_h in -8i32..=2,
    ) -> Task {
        let day0 = at(day, 0, 0);
        let off = FixedOffset::east_opt(offset_h * 3600).unwrap();
        let start = (day0 + Duration::minutes(start_min + shift)).with_timezone(&off);
        let pool = pool();
        Task {
            id,
            starts_at: Some(start),
            ends_at: Some(start + Duration::minutes(dur)),
            all_day: Some(all_day),
            employees: emps.iter().map(|&e| std::sync::Arc::new(pool[(e - 1) as usize].clone())).collect(),
            ..Task::default()
        }
    }
}

fn arb_tasks(day: NaiveDate) -> impl Strategy<Value = Vec<Task>> {
    (0usize..40).prop_flat_map(move |n| {
        (0..n)
            .map(|i| arb_task(i as i64 + 1, day))
            .collect::<Vec<_>>()
    })
}

/// A day, its tasks and the working hours.
fn arb_case() -> impl Strategy<Value = (NaiveDate, Vec<Task>, WorkHours)> {
    let hours = prop_oneof![
        2 => Just(WorkHours::default()),
        1 => (0..24u32, 0..24u32).prop_map(|(s, e)| WorkHours {
            start: NaiveTime::from_hms_opt(s, 30, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(e, 0, 0).unwrap_or(NaiveTime::MIN),
            ..WorkHours::default()
        }),
    ];
    (proptest::sample::select(days()), hours)
        .prop_flat_map(|(day, hours)| (Just(day), arb_tasks(day), Just(hours)))
}

/// Noon of `day` in the account zone.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    at(day, 12, 0).with_timezone(&Utc)
}

/// A model on `day` with the pool of employees and `tasks` loaded, in `week` view or not.
fn board(day: NaiveDate, hours: WorkHours, tasks: &[Task], week: bool) -> Model {
    let mut o = opts();
    o.work = hours;
    let mut m = Model::new(o, noon(day), (160, 48));
    let cmds = init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: noon(day),
            result: Ok(pool()),
        },
    );
    if week {
        press(&mut m, &[key('w')]);
    }
    // The answer to the fetch in flight, for the period now shown.
    let seq = m
        .sync()
        .in_flight
        .or_else(|| fetch_of(&cmds).first().map(|f| f.0));
    let period = m.period();
    answer_at(
        &mut m,
        (seq.unwrap_or(0), period),
        noon(day),
        Ok(tasks.to_vec().into()),
    );
    m
}

/// Tasks whose interval touches any of the dates (an independent oracle).
fn touching(tasks: &[Task], dates: &[chrono::NaiveDate]) -> HashSet<i64> {
    let tz = opts().tz;
    tasks
        .iter()
        .filter(|t| {
            let s = t.starts_at.unwrap();
            let e = t.ends_at.unwrap();
            // An end before the start is bad data, taken as an hour; no time at all
            // still touches the day of its start.
            let e = if e < s {
                s + Duration::minutes(60)
            } else {
                e.max(s + Duration::seconds(1))
            };
            dates.iter().any(|d| {
                let d0 = tz
                    .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
                    .earliest()
                    .unwrap();
                let d1 = tz
                    .from_local_datetime(&(*d + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap())
                    .earliest()
                    .unwrap();
                s < d1 && e > d0
            })
        })
        .map(|t| t.id)
        .collect()
}

/// Walks every lane (and day) with h/l/j/k from the top-left, collecting
/// every task the cursor lands on.
fn walk(m: &mut kickdesk::app::model::Model, days: usize) -> HashSet<i64> {
    let mut seen = HashSet::new();
    for _ in 0..days + m.lanes().len() + 2 {
        press(m, &[key('h')]);
    }
    for _ in 0..m.lanes().len() * 50 {
        press(m, &[key('k')]);
    }
    for _day in 0..days.max(1) {
        // Top of the first lane of this day, then down through every lane.
        for _ in 0..m.lanes().len() * 50 {
            press(m, &[key('k')]);
        }
        let lanes = m.lanes().len();
        for lane in 0..lanes.max(1) {
            if days <= 1 {
                // Day view: columns are lanes, reached with l.
                while m.cursor().lane < lane {
                    press(m, &[key('l')]);
                }
                for _ in 0..80 {
                    press(m, &[key('k')]);
                }
            }
            for _ in 0..80 {
                if let Some(id) = m.cursor().task {
                    seen.insert(id);
                }
                let before = (m.cursor().lane, m.cursor().task);
                press(m, &[key('j')]);
                if (m.cursor().lane, m.cursor().task) == before {
                    break;
                }
                if days <= 1 && m.cursor().lane != lane {
                    break;
                }
            }
        }
        press(m, &[key('l')]);
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn every_task_is_reachable_in_the_day_view((day, tasks, hours) in arb_case()) {
        let mut m = board(day, hours, &tasks, false);
        prop_assert_eq!(m.period(), Period::day(day));
        let expected = touching(&tasks, &[day]);
        let seen = walk(&mut m, 1);
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn every_task_is_reachable_in_the_week_view((day, tasks, hours) in arb_case()) {
        let mut m = board(day, hours, &tasks, true);
        let dates: Vec<_> = Period::week_containing(day, chrono::Weekday::Mon).dates().collect();
        prop_assert_eq!(m.period().dates().collect::<Vec<_>>(), dates.clone());
        let expected = touching(&tasks, &dates);
        let seen = walk(&mut m, 7);
        prop_assert_eq!(seen, expected);
    }
}

/// The timeline: j goes down the employees, l along a row in time order.
fn walk_timeline(m: &mut Model) -> HashSet<i64> {
    let mut seen = HashSet::new();
    for _ in 0..m.lanes().len().max(1) {
        press(
            m,
            &[Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Home,
                crossterm::event::KeyModifiers::NONE,
            ))],
        );
        for _ in 0..80 {
            seen.extend(m.cursor().task);
            let before = m.cursor().task;
            press(m, &[key('l')]);
            if m.cursor().task == before {
                break;
            }
        }
        press(m, &[key('j')]);
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn every_task_is_reachable_in_the_timeline((day, tasks, hours) in arb_case()) {
        let mut m = board(day, hours, &tasks, false);
        press(&mut m, &[key('v')]);
        prop_assert!(m.timeline().is_some());
        let expected = touching(&tasks, &[day]);
        let seen = walk_timeline(&mut m);
        prop_assert_eq!(seen, expected);
        // And it draws, whatever the hours.
        let mut s = kickdesk::runtime::screen::TestScreen::new(80, 24).unwrap();
        resize(&mut m, 80, 24);
        use kickdesk::runtime::screen::Screen;
        s.draw(&m).unwrap();
    }
}
