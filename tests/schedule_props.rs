//! Properties of the board's time logic: every task lands where it belongs, exactly once,
//! overlapping blocks never hide each other, and DST days have the right length.
//!
//! The generators reach the edges: days drawn from each zone's own clock changes
//! (Lord Howe's half-hour shift among them), tasks longer than the look-back, tasks
//! that end before they start or last no time at all, lanes of employees without
//! tasks, and working hours other than the default.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Days, FixedOffset, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Timelike, Utc,
    Weekday,
};
use chrono_tz::Tz;
use proptest::prelude::*;

use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::schedule::{
    Lane, LayoutInput, Period, Prepared, WorkHours, day_minutes, day_start, layout_day,
    layout_day_with, layout_week, layout_week_with, local_date, local_instant,
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

/// Clock changes of `tz` in the years 2022 to 2027, found by reading the zone's
/// offset every quarter hour (every change in these zones falls on one): the first
/// instant of the new offset, and the change in minutes. Independent of the code under
/// test, which works with days and midnights rather than offsets.
fn clock_changes(tz: Tz) -> Vec<(DateTime<Utc>, i32)> {
    let offset = |t: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let Some(mut t) = Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).single() else {
        return Vec::new();
    };
    let Some(end) = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).single() else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let mut before = offset(t);
    while t < end {
        t += TimeDelta::minutes(15);
        let now = offset(t);
        if now != before {
            changes.push((t, (now - before) / 60));
            before = now;
        }
    }
    changes
}

/// The local days on which `tz` changes its clocks (2022 to 2027).
fn dst_days(tz: Tz) -> Vec<NaiveDate> {
    clock_changes(tz)
        .into_iter()
        .map(|(t, _)| t.with_timezone(&tz).date_naive())
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
            // Ends before it starts (bad data): taken as an hour.
            1 => (-3 * 60..0i64).prop_map(Some),
            6 => (0..=30 * 60i64).prop_map(Some),
        ],
        prop::collection::vec(1..=5i64, 0..=3),
        prop_oneof![3 => Just(None), 1 => Just(Some(false)), 1 => Just(Some(true))],
        prop::sample::select(OFFSETS_MIN),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(start_sec, duration_min, employees, all_day, offset_min, whole, long)| {
                // Mostly whole minutes, as the API sends; sometimes odd seconds.
                let start_sec = if whole {
                    start_sec / 60 * 60
                } else {
                    start_sec
                };
                if long {
                    // Began weeks before the window, longer than any look-back, and
                    // still running into it.
                    return Spec {
                        start_sec: start_sec - 40 * 86_400,
                        duration_min: Some(40 * 1440 + start_sec / 60 % 1440),
                        employees,
                        all_day,
                        offset_min,
                    };
                }
                Spec {
                    start_sec,
                    duration_min,
                    employees,
                    all_day,
                    offset_min,
                }
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
    /// Employees 6 to 8 never have tasks: their lanes stay empty.
    lanes: Vec<i64>,
    include_unassigned: bool,
    window: NaiveDate,
    tz: Tz,
    hours: WorkHours,
}

/// A zone, and a window that often holds one of its own clock changes.
fn zone_and_window() -> impl Strategy<Value = (Tz, NaiveDate)> {
    // Found once per property, not once per case.
    let zones: Vec<(Tz, Vec<NaiveDate>)> = LAYOUT_ZONES
        .iter()
        .map(|&tz| {
            let before: Vec<NaiveDate> = dst_days(tz)
                .into_iter()
                .filter_map(|d| d.checked_sub_days(Days::new(1)))
                .collect();
            (tz, before)
        })
        .collect();
    prop::sample::select(zones).prop_flat_map(|(tz, around_changes)| {
        let window = if around_changes.is_empty() {
            prop::sample::select(windows()).boxed()
        } else {
            prop_oneof![
                1 => prop::sample::select(windows()),
                2 => prop::sample::select(around_changes),
            ]
            .boxed()
        };
        (Just(tz), window)
    })
}

/// The default working day, or another one: early, late, or running past midnight.
fn work_hours() -> impl Strategy<Value = WorkHours> {
    let at = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    prop_oneof![
        2 => Just(WorkHours::default()),
        1 => (0..24u32, prop::sample::select(vec![0u32, 30]), 0..24u32)
            .prop_map(move |(s, m, e)| WorkHours {
                start: at(s, m),
                end: at(e, 0),
                ..WorkHours::default()
            }),
    ]
}

fn board() -> impl Strategy<Value = Board> {
    (
        zone_and_window(),
        prop::collection::vec(spec(), 0..40),
        prop::sample::subsequence(vec![1i64, 2, 3, 4, 5, 6, 7, 8], 0..=8).prop_shuffle(),
        any::<bool>(),
        work_hours(),
    )
        .prop_map(
            |((tz, window), specs, lanes, include_unassigned, hours)| Board {
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
                hours,
            },
        )
}

/// The reference interval: an hour without an end, or with an end before the start.
fn interval(t: &Task) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = t.starts_at.unwrap().with_timezone(&Utc);
    let end = t
        .ends_at
        .map(|e| e.with_timezone(&Utc))
        .filter(|e| *e >= start)
        .unwrap_or(start + TimeDelta::hours(1));
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
        let layout = layout_day(&b.tasks, &b.lanes, b.include_unassigned, d, b.tz, &b.hours);
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
        let layout = layout_day(&b.tasks, &b.lanes, b.include_unassigned, d, b.tz, &b.hours);
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
        let hours = b.hours.clone();
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

    /// Layouts over spans worked out once for the list (what each keystroke
    /// of the text filter uses) equal layouts that read the tasks, with a
    /// filter hiding some tasks or none.
    #[test]
    fn layouts_over_prepared_spans_equal_layouts_over_the_tasks(b in board(), day in 0..5u64, hide in 0..4i64) {
        let pre = Prepared::new(&b.tasks, &b.hours);
        let keep = |t: &Task| hide == 0 || t.id % 4 != hide;
        let p = Period::week_containing(b.window, Weekday::Mon);
        let input = |pre| LayoutInput { keep: &keep, pre, ..LayoutInput::new(&b.tasks, &b.lanes, b.include_unassigned, b.tz, &b.hours) };
        let week = |pre| layout_week_with(&input(pre), &p);
        prop_assert_eq!(week(Some(&pre)), week(None));
        let d = b.window + Days::new(day);
        let one = |pre| layout_day_with(&input(pre), d);
        prop_assert_eq!(one(Some(&pre)), one(None));
        // Made for another list, it is not used.
        let other = Prepared::new(&b.tasks[..b.tasks.len() / 2], &b.hours);
        prop_assert_eq!(week(Some(&other)), week(None));
    }
}

const DST_ZONES: &[Tz] = &[
    chrono_tz::America::New_York,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Sydney,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::UTC,
];

/// A day lasts 24 hours less the clock change it holds: 23 or 25 hours for most
/// zones, 23.5 or 24.5 on Lord Howe Island, whose clocks move by half an hour.
#[test]
fn a_clock_change_day_lasts_a_day_less_the_change() {
    let mut shifts = BTreeSet::new();
    for &tz in DST_ZONES {
        for (at, shift) in clock_changes(tz) {
            let d = at.with_timezone(&tz).date_naive();
            assert_eq!(
                day_minutes(tz, d),
                1440 - i64::from(shift),
                "{tz} {d}: clocks moved {shift} min at {at}"
            );
            shifts.insert((tz.name(), shift));
        }
    }
    assert!(shifts.contains(&("Australia/Lord_Howe", 30)), "{shifts:?}");
    assert!(shifts.contains(&("Australia/Lord_Howe", -30)), "{shifts:?}");
    assert!(shifts.contains(&("America/New_York", 60)), "{shifts:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn days_last_a_day_give_or_take_the_zones_change_and_years_add_up(tz in prop::sample::select(DST_ZONES), year in 2000..2040i32) {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap();
        let mut total = 0;
        for d in first.iter_days().take_while(|d| *d < next) {
            let m = day_minutes(tz, d);
            // 23, 24 or 25 hours; 23.5 or 24.5 where clocks move by half an hour.
            prop_assert!([1380, 1410, 1440, 1470, 1500].contains(&m), "{} {}: {}", tz, d, m);
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
