//! Property: whatever the tasks, every task of the shown range can be
//! selected with the keyboard, in the day view and in the week view.

mod common;

use chrono::{Duration, FixedOffset, TimeZone};
use common::*;
use proptest::prelude::*;
use std::collections::HashSet;

use kickdesk::app::msg::Msg;
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::schedule::Period;

fn pool() -> Vec<Employee> {
    (1..=5).map(|i| employee(i, i, &format!("E{i}"))).collect()
}

prop_compose! {
    fn arb_task(id: i64)(
        start_min in -1440i64..(3 * 1440),
        dur in 0i64..(30 * 60),
        emps in proptest::sample::subsequence((1..=5i64).collect::<Vec<_>>(), 0..=3),
        all_day in proptest::bool::weighted(0.1),
        offset_h in -8i32..=2,
    ) -> Task {
        let day0 = at(today(), 0, 0);
        let off = FixedOffset::east_opt(offset_h * 3600).unwrap();
        let start = (day0 + Duration::minutes(start_min)).with_timezone(&off);
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

fn arb_tasks() -> impl Strategy<Value = Vec<Task>> {
    (0usize..40).prop_flat_map(|n| (0..n).map(|i| arb_task(i as i64 + 1)).collect::<Vec<_>>())
}

/// Tasks whose interval touches any of the dates (an independent oracle).
fn touching(tasks: &[Task], dates: &[chrono::NaiveDate]) -> HashSet<i64> {
    let tz = opts().tz;
    tasks
        .iter()
        .filter(|t| {
            let s = t.starts_at.unwrap();
            let e = t.ends_at.unwrap().max(s + Duration::seconds(1));
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
    for _ in 0..days + m.lanes.len() + 2 {
        press(m, &[key('h')]);
    }
    for _ in 0..m.lanes.len() * 50 {
        press(m, &[key('k')]);
    }
    for _day in 0..days.max(1) {
        // Top of the first lane of this day, then down through every lane.
        for _ in 0..m.lanes.len() * 50 {
            press(m, &[key('k')]);
        }
        let lanes = m.lanes.len();
        for lane in 0..lanes.max(1) {
            if days <= 1 {
                // Day view: columns are lanes, reached with l.
                while m.cursor.lane < lane {
                    press(m, &[key('l')]);
                }
                for _ in 0..80 {
                    press(m, &[key('k')]);
                }
            }
            for _ in 0..80 {
                if let Some(id) = m.cursor.task {
                    seen.insert(id);
                }
                let before = (m.cursor.lane, m.cursor.task);
                press(m, &[key('j')]);
                if (m.cursor.lane, m.cursor.task) == before {
                    break;
                }
                if days <= 1 && m.cursor.lane != lane {
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
    fn every_task_is_reachable_in_the_day_view(tasks in arb_tasks()) {
        let mut m = loaded(vec![], tasks.clone());
        let expected = touching(&tasks, &[today()]);
        let seen = walk(&mut m, 1);
        prop_assert_eq!(seen, expected);
    }

    #[test]
    fn every_task_is_reachable_in_the_week_view(tasks in arb_tasks()) {
        let (mut m, _) = fresh(160, 48);
        press(&mut m, &[key('w')]);
        let period = m.period;
        let seq = m.sync.in_flight.unwrap_or(0);
        update(&mut m, Msg::TasksLoaded { seq, period, at: now(), result: Ok(tasks.clone()) });
        let dates: Vec<_> = Period::week_containing(today(), chrono::Weekday::Mon).dates().collect();
        let expected = touching(&tasks, &dates);
        let seen = walk(&mut m, 7);
        prop_assert_eq!(seen, expected);
    }
}
