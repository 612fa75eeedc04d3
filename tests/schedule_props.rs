//! Properties of the board's time logic: every task lands where it belongs, exactly once,
//! overlapping blocks never hide each other, and DST days have the right length.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use proptest::prelude::*;

use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::schedule::{
    Lane, Period, WorkHours, day_minutes, day_start, layout_day, layout_week, local_date,
    local_instant,
};

const LAYOUT_ZONES: &[Tz] = &[
    chrono_tz::America::New_York,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::UTC,
];

/// First days of 3-day windows, several of them around DST changes.
fn windows() -> Vec<NaiveDate> {
    [
        (2026, 3, 7),
        (2026, 10, 31),
        (2022, 9, 10),
        (2024, 3, 9),
        (2026, 4, 4),
        (2026, 6, 10),
    ]
    .iter()
    .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    .collect()
}

const OFFSETS_MIN: &[i32] = &[-12 * 60, -5 * 60, -4 * 60, -3 * 60, 0, 5 * 60 + 30, 14 * 60];

#[derive(Clone, Debug)]
struct Spec {
    start_sec: i64,
    /// `None`: no `ends_at`.
    duration_min: Option<i64>,
    employees: Vec<i64>,
    all_day: Option<bool>,
    offset_min: i32,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..3 * 86_400i64,
        prop_oneof![
            1 => Just(None),
            1 => Just(Some(0)),
            6 => (0..=30 * 60i64).prop_map(Some),
        ],
        prop::collection::vec(1..=5i64, 0..=3),
        prop_oneof![3 => Just(None), 1 => Just(Some(false)), 1 => Just(Some(true))],
        prop::sample::select(OFFSETS_MIN),
        any::<bool>(),
    )
        .prop_map(
            |(start_sec, duration_min, employees, all_day, offset_min, whole)| Spec {
                // Mostly whole minutes, as the API sends; sometimes odd seconds.
                start_sec: if whole {
                    start_sec / 60 * 60
                } else {
                    start_sec
                },
                duration_min,
                employees,
                all_day,
                offset_min,
            },
        )
}

fn build(id: i64, window: NaiveDate, s: &Spec) -> Task {
    let base = window.and_time(NaiveTime::MIN).and_utc() - TimeDelta::hours(12);
    let offset = FixedOffset::east_opt(s.offset_min * 60).unwrap();
    let start = (base + TimeDelta::seconds(s.start_sec)).with_timezone(&offset);
    Task {
        id,
        starts_at: Some(start),
        ends_at: s.duration_min.map(|m| start + TimeDelta::minutes(m)),
        all_day: s.all_day,
        employees: s
            .employees
            .iter()
            .map(|&e| {
                std::sync::Arc::new(Employee {
                    id: e,
                    ..Employee::default()
                })
            })
            .collect(),
        ..Task::default()
    }
}

#[derive(Clone, Debug)]
struct Board {
    tasks: Vec<Task>,
    lanes: Vec<i64>,
    include_unassigned: bool,
    window: NaiveDate,
    tz: Tz,
}

fn board() -> impl Strategy<Value = Board> {
    (
        prop::sample::select(windows()),
        prop::collection::vec(spec(), 0..40),
        prop::sample::subsequence(vec![1i64, 2, 3, 4, 5, 6], 0..=6).prop_shuffle(),
        any::<bool>(),
        prop::sample::select(LAYOUT_ZONES),
    )
        .prop_map(|(window, specs, lanes, include_unassigned, tz)| Board {
            // Ids collide on purpose now and then: order must not depend on them alone.
            tasks: specs
                .iter()
                .enumerate()
                .map(|(i, s)| build(100 + i as i64 / 2, window, s))
                .collect(),
            lanes,
            include_unassigned,
            window,
            tz,
        })
}

/// The reference interval: an hour without an end.
fn interval(t: &Task) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = t.starts_at.unwrap().with_timezone(&Utc);
    let end = t
        .ends_at
        .map_or(start + TimeDelta::hours(1), |e| e.with_timezone(&Utc));
    (start, end)
}

fn touches(t: &Task, tz: Tz, d: NaiveDate) -> bool {
    let (from, to) = (day_start(tz, d), day_start(tz, d.succ_opt().unwrap()));
    let (start, end) = interval(t);
    if end > start {
        start < to && end > from
    } else {
        from <= start && start < to
    }
}

fn is_banner(t: &Task) -> bool {
    let (start, end) = interval(t);
    t.all_day == Some(true) || end - start >= TimeDelta::hours(24)
}

/// The lanes a task belongs to on the board, before knowing which are shown.
fn task_lanes(t: &Task, shown: &[i64], include_unassigned: bool) -> BTreeSet<Lane> {
    if t.employees.is_empty() {
        return if include_unassigned {
            BTreeSet::from([Lane::Unassigned])
        } else {
            BTreeSet::new()
        };
    }
    t.employees
        .iter()
        .map(|e| e.id)
        .filter(|id| shown.contains(id))
        .map(Lane::Employee)
        .collect()
}

fn expected_lanes(b: &Board, dates: &[NaiveDate]) -> Vec<Lane> {
    let mut lanes: Vec<Lane> = Vec::new();
    for &id in &b.lanes {
        if !lanes.contains(&Lane::Employee(id)) {
            lanes.push(Lane::Employee(id));
        }
    }
    let unassigned_needed = b
        .tasks
        .iter()
        .any(|t| t.employees.is_empty() && dates.iter().any(|&d| touches(t, b.tz, d)));
    if b.include_unassigned && unassigned_needed {
        lanes.push(Lane::Unassigned);
    }
    lanes
}

fn expected_in(b: &Board, lane: Lane, d: NaiveDate, banner: Option<bool>) -> Vec<usize> {
    (0..b.tasks.len())
        .filter(|&i| {
            let t = &b.tasks[i];
            touches(t, b.tz, d)
                && banner.is_none_or(|want| is_banner(t) == want)
                && task_lanes(t, &b.lanes, b.include_unassigned).contains(&lane)
        })
        .collect()
}

fn sorted(v: &[usize]) -> Vec<usize> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v
}

fn start_key(b: &Board, i: usize) -> (DateTime<Utc>, i64) {
    (interval(&b.tasks[i]).0, b.tasks[i].id)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_task_lands_in_each_of_its_lanes_once(b in board(), day in 0..5u64) {
        let d = b.window.checked_sub_days(Days::new(1)).unwrap() + Days::new(day);
        let layout = layout_day(&b.tasks, &b.lanes, b.include_unassigned, d, b.tz, &WorkHours::default());
        prop_assert_eq!(layout.date, d);
        prop_assert_eq!(layout.day_minutes, day_minutes(b.tz, d));
        let lanes: Vec<Lane> = layout.columns.iter().map(|c| c.lane).collect();
        prop_assert_eq!(lanes, expected_lanes(&b, &[d]));

        let mut all_banner = BTreeSet::new();
        for col in &layout.columns {
            let timed: Vec<usize> = col.blocks.iter().map(|x| x.task).collect();
            prop_assert_eq!(sorted(&timed), expected_in(&b, col.lane, d, Some(false)), "timed in {:?}", col.lane);
            prop_assert_eq!(sorted(&col.banner), expected_in(&b, col.lane, d, Some(true)), "banner in {:?}", col.lane);
            prop_assert!(col.banner.windows(2).all(|w| start_key(&b, w[0]) <= start_key(&b, w[1])));
            all_banner.extend(col.banner.iter().copied());
        }
        prop_assert_eq!(sorted(&layout.banner), all_banner.into_iter().collect::<Vec<_>>());
        prop_assert!(layout.banner.windows(2).all(|w| start_key(&b, w[0]) <= start_key(&b, w[1])));
    }

    #[test]
    fn overlapping_blocks_never_share_a_sub_column(b in board(), day in 0..5u64) {
        let d = b.window.checked_sub_days(Days::new(1)).unwrap() + Days::new(day);
        let layout = layout_day(&b.tasks, &b.lanes, b.include_unassigned, d, b.tz, &WorkHours::default());
        let minutes = i32::try_from(layout.day_minutes).unwrap();
        for col in &layout.columns {
            for x in &col.blocks {
                prop_assert!(0 <= x.start_min && x.start_min < x.end_min && x.end_min <= minutes, "{:?}", x);
                prop_assert!(x.sub < x.subs, "{:?}", x);
                let (start, end) = interval(&b.tasks[x.task]);
                prop_assert_eq!(x.clipped_start, start < day_start(b.tz, d));
                prop_assert_eq!(x.clipped_end, end > day_start(b.tz, d.succ_opt().unwrap()));
            }
            let keys: Vec<_> =
                col.blocks.iter().map(|x| (x.start_min, x.end_min, b.tasks[x.task].id)).collect();
            prop_assert!(keys.is_sorted(), "{:?}", keys);
            for (i, x) in col.blocks.iter().enumerate() {
                for y in &col.blocks[i + 1..] {
                    if x.start_min < y.end_min && y.start_min < x.end_min {
                        prop_assert_ne!(x.sub, y.sub, "{:?} {:?}", x, y);
                        prop_assert_eq!(x.subs, y.subs, "one cluster: {:?} {:?}", x, y);
                    }
                }
            }
        }
    }

    #[test]
    fn week_cells_hold_each_touching_task_once(b in board(), week_start in prop::sample::select(vec![Weekday::Mon, Weekday::Sun, Weekday::Sat])) {
        let p = Period::week_containing(b.window, week_start);
        let hours = WorkHours::default();
        let week = layout_week(&b.tasks, &b.lanes, b.include_unassigned, &p, b.tz, &hours);
        let dates: Vec<NaiveDate> = p.dates().collect();
        prop_assert_eq!(&week.dates, &dates);
        let lanes: Vec<Lane> = week.rows.iter().map(|r| r.lane).collect();
        prop_assert_eq!(lanes, expected_lanes(&b, &dates));

        for (di, &d) in dates.iter().enumerate() {
            let day = layout_day(&b.tasks, &b.lanes, b.include_unassigned, d, b.tz, &hours);
            for row in &week.rows {
                prop_assert_eq!(row.cells.len(), dates.len());
                let cell = &row.cells[di];
                prop_assert_eq!(sorted(&cell.tasks), expected_in(&b, row.lane, d, None), "{:?} on {}", row.lane, d);
                prop_assert!(cell.tasks.windows(2).all(|w| start_key(&b, w[0]) <= start_key(&b, w[1])));
                // The day view books the same minutes for the same lane.
                match day.columns.iter().find(|c| c.lane == row.lane) {
                    Some(col) => prop_assert_eq!(col.booked_min, cell.booked_min),
                    None => prop_assert!(cell.tasks.is_empty()),
                }
            }
        }
    }
}

const DST_ZONES: &[Tz] = &[
    chrono_tz::America::New_York,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Sydney,
    chrono_tz::Asia::Kolkata,
    chrono_tz::UTC,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn days_last_23_24_or_25_hours_and_years_add_up(tz in prop::sample::select(DST_ZONES), year in 2000..2040i32) {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap();
        let mut total = 0;
        for d in first.iter_days().take_while(|d| *d < next) {
            let m = day_minutes(tz, d);
            prop_assert!(m == 1380 || m == 1440 || m == 1500, "{} {}: {}", tz, d, m);
            total += m;
        }
        let days = if first.leap_year() { 366 } else { 365 };
        // A year is 365 (366) days of 1440 minutes, give or take a change of offset between
        // one new year and the next (Cuba kept summer time through the winters of 2004–2006).
        let offset_min = |d: NaiveDate| {
            i64::from(day_start(tz, d).with_timezone(&tz).fixed_offset().offset().local_minus_utc()) / 60
        };
        prop_assert_eq!(total, days * 1440 + offset_min(first) - offset_min(next));
    }

    #[test]
    fn a_day_starts_at_its_first_instant(tz in prop::sample::select(DST_ZONES), day in 0..20_000u64) {
        let d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Days::new(day);
        let start = day_start(tz, d);
        let offset = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
        prop_assert_eq!(local_date(tz, offset(start)), d);
        prop_assert!(local_date(tz, offset(start - TimeDelta::seconds(1))) < d);
        prop_assert!(start.with_timezone(&tz).hour() <= 1);
    }

    #[test]
    fn local_instants_exist_and_are_the_earliest(tz in prop::sample::select(DST_ZONES), year in 2000..2040i32) {
        // Every minute of every day with a clock change, gaps and repeats included.
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap();
        let local = |u: DateTime<Utc>| u.with_timezone(&tz).naive_local();
        for d in first.iter_days().take_while(|d| *d < next).filter(|&d| day_minutes(tz, d) != 1440) {
            for minute in 0..1440u32 {
                let t = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap();
                let wanted = d.and_time(t);
                let got = local_instant(tz, d, t);
                match tz.from_local_datetime(&wanted).earliest() {
                    // The only instant, or the earlier of two.
                    Some(x) => prop_assert_eq!(got, x.with_timezone(&Utc)),
                    // A gap: the first instant after it.
                    None => prop_assert!(
                        local(got) > wanted && local(got - TimeDelta::seconds(1)) < wanted,
                        "{} {} -> {}", tz, wanted, got
                    ),
                }
            }
        }
    }
}
