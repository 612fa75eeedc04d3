use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::*;
use crate::kickserv::model::{Employee, Job, Status, Task};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn emp(id: i64, name: Option<&str>) -> std::sync::Arc<Employee> {
    std::sync::Arc::new(Employee {
        id,
        name: name.map(str::to_string),
        ..Employee::default()
    })
}

fn task(id: i64, start: &str, end: Option<&str>, employees: &[i64]) -> Task {
    Task {
        id,
        starts_at: Some(at(start)),
        ends_at: end.map(at),
        employees: employees.iter().map(|&e| emp(e, None)).collect(),
        ..Task::default()
    }
}

const NY: Tz = chrono_tz::America::New_York;

// ---- Period ----

#[test]
fn week_containing_honours_the_week_start() {
    let fri = date(2026, 11, 27);
    let mon = Period::week_containing(fri, Weekday::Mon);
    assert_eq!(
        (mon.kind, mon.start, mon.days),
        (ViewKind::Week, date(2026, 11, 23), 7)
    );
    assert_eq!(mon.last(), date(2026, 11, 29));
    let sun = Period::week_containing(fri, Weekday::Sun);
    assert_eq!(sun.start, date(2026, 11, 22));
    assert_eq!(sun.last(), date(2026, 11, 28));
    // A date on the week start is the first day of its week.
    assert_eq!(
        Period::week_containing(date(2026, 11, 22), Weekday::Sun).start,
        date(2026, 11, 22)
    );
    assert_eq!(
        Period::week_containing(date(2026, 11, 22), Weekday::Mon).start,
        date(2026, 11, 16)
    );
}

#[test]
fn periods_step_across_year_boundaries() {
    let w = Period::week_containing(date(2026, 1, 1), Weekday::Mon);
    assert_eq!(w.start, date(2025, 12, 29));
    assert_eq!(w.next().start, date(2026, 1, 5));
    assert_eq!(w.prev().start, date(2025, 12, 22));
    assert_eq!(w.next().prev(), w);

    let s = Period::week_containing(date(2025, 12, 31), Weekday::Sun);
    assert_eq!(s.start, date(2025, 12, 28));
    assert_eq!(s.next().start, date(2026, 1, 4));

    let d = Period::day(date(2026, 12, 31));
    assert_eq!(d.next(), Period::day(date(2027, 1, 1)));
    assert_eq!(Period::day(date(2027, 1, 1)).prev(), d);
    assert_eq!(
        Period::day(date(2024, 3, 1)).prev().start,
        date(2024, 2, 29)
    );
}

#[test]
fn for_kind_picks_day_or_week() {
    let d = date(2026, 11, 27);
    assert_eq!(
        Period::for_kind(ViewKind::Day, d, Weekday::Mon),
        Period::day(d)
    );
    assert_eq!(
        Period::for_kind(ViewKind::Week, d, Weekday::Mon),
        Period::week_containing(d, Weekday::Mon)
    );
}

#[test]
fn dates_and_contains_cover_exactly_the_period() {
    let w = Period::week_containing(date(2026, 11, 27), Weekday::Mon);
    let dates: Vec<_> = w.dates().collect();
    assert_eq!(dates.len(), 7);
    assert_eq!(dates[0], date(2026, 11, 23));
    assert_eq!(dates[6], date(2026, 11, 29));
    assert!(w.contains(date(2026, 11, 23)) && w.contains(date(2026, 11, 29)));
    assert!(!w.contains(date(2026, 11, 22)) && !w.contains(date(2026, 11, 30)));
    assert_eq!(
        Period::day(date(2026, 11, 27)).dates().collect::<Vec<_>>(),
        vec![date(2026, 11, 27)]
    );
}

#[test]
fn week_numbers_are_iso() {
    assert_eq!(
        Period::week_containing(date(2026, 11, 27), Weekday::Mon).week_number(),
        48
    );
    assert_eq!(
        Period::week_containing(date(2026, 1, 1), Weekday::Mon).week_number(),
        1
    );
    // 2026 has 53 ISO weeks; 1 Jan 2027 is a Friday in its last one.
    assert_eq!(Period::day(date(2027, 1, 1)).week_number(), 53);
    // Sunday 22 Nov starts a week whose Monday–Saturday are ISO week 48.
    assert_eq!(
        Period::week_containing(date(2026, 11, 27), Weekday::Sun).week_number(),
        48
    );
}

#[test]
fn stepping_saturates_at_the_ends_of_the_calendar() {
    let last = Period::day(NaiveDate::MAX);
    assert_eq!(last.next(), last);
    let first = Period::day(NaiveDate::MIN);
    assert_eq!(first.prev(), first);
    let w = Period::week_containing(NaiveDate::MAX, Weekday::Mon);
    assert_eq!(w.next(), w);
}

// ---- Time zones ----

#[test]
fn new_york_dst_days_are_23_and_25_hours() {
    assert_eq!(day_minutes(NY, date(2026, 3, 8)), 1380);
    assert_eq!(day_minutes(NY, date(2026, 11, 1)), 1500);
    for d in [
        date(2026, 3, 7),
        date(2026, 3, 9),
        date(2026, 10, 31),
        date(2026, 11, 2),
    ] {
        assert_eq!(day_minutes(NY, d), 1440, "{d}");
    }
}

#[test]
fn santiago_skips_midnight_in_september() {
    let tz = chrono_tz::America::Santiago;
    let d = date(2022, 9, 11);
    let start = day_start(tz, d);
    assert_eq!(start, utc("2022-09-11T04:00:00Z"));
    let local = start.with_timezone(&tz);
    assert_eq!((local.date_naive(), local.time()), (d, time(1, 0)));
    assert_eq!(day_minutes(tz, d), 1380);
    assert_eq!(day_minutes(tz, date(2022, 9, 10)), 1440);
}

#[test]
fn havana_skips_midnight_in_march_and_repeats_it_in_november() {
    let tz = chrono_tz::America::Havana;
    assert_eq!(
        day_start(tz, date(2024, 3, 10)),
        utc("2024-03-10T05:00:00Z")
    );
    assert_eq!(day_minutes(tz, date(2024, 3, 10)), 1380);
    // 00:00–01:00 happens twice on 3 Nov 2024: the day starts at the first one.
    assert_eq!(
        day_start(tz, date(2024, 11, 3)),
        utc("2024-11-03T04:00:00Z")
    );
    assert_eq!(day_minutes(tz, date(2024, 11, 3)), 1500);
}

#[test]
fn a_skipped_date_is_an_empty_day() {
    // Samoa jumped from 29 to 31 December 2011.
    let tz = chrono_tz::Pacific::Apia;
    assert_eq!(day_minutes(tz, date(2011, 12, 30)), 0);
    assert_eq!(day_minutes(tz, date(2011, 12, 29)), 1440);
    assert_eq!(
        day_start(tz, date(2011, 12, 30)),
        day_start(tz, date(2011, 12, 31))
    );
}

#[test]
fn local_instant_in_a_gap_is_the_end_of_the_gap() {
    // 02:30 does not exist on 8 March 2026 in New York: clocks go from 02:00 EST to 03:00 EDT.
    assert_eq!(
        local_instant(NY, date(2026, 3, 8), time(2, 30)),
        utc("2026-03-08T07:00:00Z")
    );
    assert_eq!(
        local_instant(NY, date(2026, 3, 8), time(3, 0)),
        utc("2026-03-08T07:00:00Z")
    );
    assert_eq!(
        local_instant(NY, date(2026, 3, 8), time(1, 59)),
        utc("2026-03-08T06:59:00Z")
    );
}

#[test]
fn local_instant_in_an_overlap_is_the_earlier() {
    // 01:30 happens twice on 1 November 2026 in New York, first in EDT.
    assert_eq!(
        local_instant(NY, date(2026, 11, 1), time(1, 30)),
        utc("2026-11-01T05:30:00Z")
    );
    assert_eq!(
        local_instant(NY, date(2026, 11, 1), time(2, 0)),
        utc("2026-11-01T07:00:00Z")
    );
}

#[test]
fn local_date_converts_any_offset_to_the_zone() {
    assert_eq!(
        local_date(NY, at("2026-11-27T03:00:00+00:00")),
        date(2026, 11, 26)
    );
    assert_eq!(
        local_date(NY, at("2026-11-27T05:00:00+00:00")),
        date(2026, 11, 27)
    );
    assert_eq!(
        local_date(NY, at("2026-11-27T23:30:00-08:00")),
        date(2026, 11, 28)
    );
}

#[test]
fn minutes_count_from_the_real_day_start() {
    let d = date(2026, 3, 8);
    assert_eq!(
        minutes_since_day_start(NY, d, utc("2026-03-08T07:00:00Z")),
        120
    );
    assert_eq!(at_minute(NY, d, 120), utc("2026-03-08T07:00:00Z"));
}

// ---- Day layout ----

fn hours() -> WorkHours {
    WorkHours::default()
}

#[test]
fn overlapping_blocks_split_their_cluster() {
    let tasks = vec![
        task(
            1,
            "2026-11-27T09:00:00-05:00",
            Some("2026-11-27T11:00:00-05:00"),
            &[7],
        ),
        task(
            2,
            "2026-11-27T10:00:00-05:00",
            Some("2026-11-27T10:30:00-05:00"),
            &[7],
        ),
        task(
            3,
            "2026-11-27T10:30:00-05:00",
            Some("2026-11-27T12:00:00-05:00"),
            &[7],
        ),
        task(
            4,
            "2026-11-27T13:00:00-05:00",
            Some("2026-11-27T14:00:00-05:00"),
            &[7],
        ),
    ];
    let day = layout_day(&tasks, &[7], true, date(2026, 11, 27), NY, &hours());
    assert_eq!(day.columns.len(), 1);
    let col = &day.columns[0];
    assert_eq!(col.lane, Lane::Employee(7));
    let got: Vec<_> = col
        .blocks
        .iter()
        .map(|b| (b.task, b.start_min, b.end_min, b.sub, b.subs))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 540, 660, 0, 2),
            (1, 600, 630, 1, 2),
            (2, 630, 720, 1, 2),
            (3, 780, 840, 0, 1)
        ]
    );
    assert_eq!(col.booked_min, 120 + 30 + 90 + 60);
}

#[test]
fn missing_and_zero_ends_get_a_visible_length() {
    let tasks = vec![
        task(1, "2026-11-27T09:00:00-05:00", None, &[7]),
        task(
            2,
            "2026-11-27T12:00:00-05:00",
            Some("2026-11-27T12:00:00-05:00"),
            &[7],
        ),
        task(
            3,
            "2026-11-27T23:55:00-05:00",
            Some("2026-11-27T23:55:00-05:00"),
            &[7],
        ),
    ];
    let day = layout_day(&tasks, &[7], false, date(2026, 11, 27), NY, &hours());
    let got: Vec<_> = day.columns[0]
        .blocks
        .iter()
        .map(|b| (b.task, b.start_min, b.end_min))
        .collect();
    assert_eq!(got, vec![(0, 540, 600), (1, 720, 735), (2, 1435, 1440)]);
    assert!(!day.columns[0].blocks[2].clipped_end);
    // Only the hour assumed for the end-less task is booked.
    assert_eq!(day.columns[0].booked_min, 60);
}

#[test]
fn an_overnight_task_is_clipped_on_both_days() {
    let tasks = vec![task(
        1,
        "2026-11-27T22:00:00-05:00",
        Some("2026-11-28T02:00:00-05:00"),
        &[7],
    )];
    let fri = layout_day(&tasks, &[7], false, date(2026, 11, 27), NY, &hours());
    let b = &fri.columns[0].blocks[0];
    assert_eq!(
        (b.start_min, b.end_min, b.clipped_start, b.clipped_end),
        (1320, 1440, false, true)
    );
    assert_eq!(fri.columns[0].booked_min, 120);
    let sat = layout_day(&tasks, &[7], false, date(2026, 11, 28), NY, &hours());
    let b = &sat.columns[0].blocks[0];
    assert_eq!(
        (b.start_min, b.end_min, b.clipped_start, b.clipped_end),
        (0, 120, true, false)
    );
}

#[test]
fn a_task_ending_at_midnight_does_not_touch_the_next_day() {
    let tasks = vec![task(
        1,
        "2026-11-27T22:00:00-05:00",
        Some("2026-11-28T00:00:00-05:00"),
        &[7],
    )];
    let sat = layout_day(&tasks, &[7], false, date(2026, 11, 28), NY, &hours());
    assert!(sat.columns[0].blocks.is_empty());
    let fri = layout_day(&tasks, &[7], false, date(2026, 11, 27), NY, &hours());
    assert!(!fri.columns[0].blocks[0].clipped_end);
}

#[test]
fn lanes_follow_employees_and_filter_the_rest() {
    let tasks = vec![
        task(1, "2026-11-27T09:00:00-05:00", None, &[1, 2]),
        task(2, "2026-11-27T10:00:00-05:00", None, &[3]),
        task(3, "2026-11-27T11:00:00-05:00", None, &[]),
        task(4, "2026-11-28T11:00:00-05:00", None, &[]),
        task(5, "2026-11-27T12:00:00-05:00", None, &[2, 2]),
        Task {
            id: 6,
            ..Task::default()
        },
    ];
    let day = layout_day(&tasks, &[2, 1], true, date(2026, 11, 27), NY, &hours());
    let got: Vec<(Lane, Vec<usize>)> = day
        .columns
        .iter()
        .map(|c| (c.lane, c.blocks.iter().map(|b| b.task).collect()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Lane::Employee(2), vec![0, 4]),
            (Lane::Employee(1), vec![0]),
            (Lane::Unassigned, vec![2]),
        ]
    );
    // Unassigned only shows up when a task of that day needs it.
    let sun = layout_day(&tasks, &[2, 1], true, date(2026, 11, 29), NY, &hours());
    assert_eq!(
        sun.columns.iter().map(|c| c.lane).collect::<Vec<_>>(),
        vec![Lane::Employee(2), Lane::Employee(1)]
    );
    let hidden = layout_day(&tasks, &[2, 1], false, date(2026, 11, 27), NY, &hours());
    assert_eq!(hidden.columns.len(), 2);
}

#[test]
fn banners_hold_all_day_and_long_tasks() {
    let mut all_day = task(1, "2026-11-27T00:00:00-05:00", None, &[7]);
    all_day.all_day = Some(true);
    let long = task(
        2,
        "2026-11-26T06:00:00-05:00",
        Some("2026-11-27T12:00:00-05:00"),
        &[7, 8],
    );
    let timed = task(3, "2026-11-27T09:00:00-05:00", None, &[8]);
    let tasks = vec![all_day, long, timed];

    let fri = layout_day(&tasks, &[7, 8], true, date(2026, 11, 27), NY, &hours());
    assert_eq!(fri.banner, vec![1, 0]);
    assert_eq!(fri.columns[0].banner, vec![1, 0]);
    assert!(fri.columns[0].blocks.is_empty());
    assert_eq!(fri.columns[1].banner, vec![1]);
    assert_eq!(
        fri.columns[1]
            .blocks
            .iter()
            .map(|b| b.task)
            .collect::<Vec<_>>(),
        vec![2]
    );
    // All-day: the whole working day; the long task: 07:00–12:00 of this day.
    assert_eq!(fri.columns[0].booked_min, 720 + 300);
    assert_eq!(fri.columns[1].booked_min, 300 + 60);

    let thu = layout_day(&tasks, &[7, 8], true, date(2026, 11, 26), NY, &hours());
    assert_eq!(thu.banner, vec![1]);
    assert_eq!(thu.columns[0].booked_min, 720);
    assert_eq!(placement(&tasks[1]), Some(Placement::Banner));
    assert_eq!(placement(&tasks[2]), Some(Placement::Timed));
}

#[test]
fn times_in_other_offsets_land_on_the_local_day() {
    // 03:00 UTC on the 27th is 22:00 on the 26th in New York.
    let tasks = vec![task(
        1,
        "2026-11-27T03:00:00+00:00",
        Some("2026-11-27T04:00:00+00:00"),
        &[7],
    )];
    let thu = layout_day(&tasks, &[7], false, date(2026, 11, 26), NY, &hours());
    assert_eq!(thu.columns[0].blocks[0].start_min, 22 * 60);
    let fri = layout_day(&tasks, &[7], false, date(2026, 11, 27), NY, &hours());
    assert!(fri.columns[0].blocks.is_empty());
}

#[test]
fn minutes_on_a_spring_forward_day_count_real_time() {
    let tasks = vec![task(
        1,
        "2026-03-08T03:00:00-04:00",
        Some("2026-03-08T04:00:00-04:00"),
        &[7],
    )];
    let day = layout_day(&tasks, &[7], false, date(2026, 3, 8), NY, &hours());
    assert_eq!(day.day_minutes, 1380);
    let b = &day.columns[0].blocks[0];
    assert_eq!((b.start_min, b.end_min), (120, 180));
}

// ---- Week layout ----

#[test]
fn week_cells_list_each_touching_task_once() {
    let long = task(
        1,
        "2026-11-24T18:00:00-05:00",
        Some("2026-11-26T09:00:00-05:00"),
        &[7],
    );
    let tasks = vec![
        long,
        task(
            2,
            "2026-11-24T08:00:00-05:00",
            Some("2026-11-24T10:00:00-05:00"),
            &[7, 8],
        ),
        task(
            3,
            "2026-11-29T23:00:00-05:00",
            Some("2026-11-30T01:00:00-05:00"),
            &[],
        ),
        task(4, "2026-11-30T08:00:00-05:00", None, &[7]),
    ];
    let p = Period::week_containing(date(2026, 11, 27), Weekday::Mon);
    let w = layout_week(&tasks, &[7, 8], true, &p, NY, &hours());
    assert_eq!(w.dates, p.dates().collect::<Vec<_>>());
    let lanes: Vec<_> = w.rows.iter().map(|r| r.lane).collect();
    assert_eq!(
        lanes,
        vec![Lane::Employee(7), Lane::Employee(8), Lane::Unassigned]
    );
    let cells: Vec<Vec<Vec<usize>>> = w
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.tasks.clone()).collect())
        .collect();
    let e: Vec<usize> = vec![];
    assert_eq!(
        cells[0],
        vec![
            e.clone(),
            vec![1, 0],
            vec![0],
            vec![0],
            e.clone(),
            e.clone(),
            e.clone()
        ]
    );
    assert_eq!(
        cells[1],
        vec![
            e.clone(),
            vec![1],
            e.clone(),
            e.clone(),
            e.clone(),
            e.clone(),
            e.clone()
        ]
    );
    assert_eq!(
        cells[2],
        vec![
            e.clone(),
            e.clone(),
            e.clone(),
            e.clone(),
            e.clone(),
            e.clone(),
            vec![2]
        ]
    );
    // Tue: 2 h timed + the banner's 18:00–19:00; Wed: all of 07–19; Thu: 07–09.
    let booked: Vec<i64> = w.rows[0].cells.iter().map(|c| c.booked_min).collect();
    assert_eq!(booked, vec![0, 180, 720, 120, 0, 0, 0]);
    assert_eq!(w.rows[2].cells[6].booked_min, 60);
}

// ---- Late, unknown employees ----

#[test]
fn late_from_start_until_grace_after_end_then_not_closed_after_the_threshold() {
    let rules = Lateness::default();
    let at = |t: &Task, now: &str| overdue(t, utc(now), &rules, &[]);
    // 08:00–09:00 in New York: 13:00–14:00 UTC.
    let mut t = task(
        1,
        "2026-11-27T08:00:00-05:00",
        Some("2026-11-27T09:00:00-05:00"),
        &[7],
    );
    t.status = Some(Status::Scheduled);
    assert_eq!(at(&t, "2026-11-27T12:59:00Z"), None, "before its start");
    assert_eq!(at(&t, "2026-11-27T13:00:00Z"), Some(Overdue::Late));
    assert_eq!(at(&t, "2026-11-27T14:29:59Z"), Some(Overdue::Late));
    assert_eq!(at(&t, "2026-11-27T14:30:00Z"), None, "grace over");
    assert_eq!(at(&t, "2026-11-27T15:59:59Z"), None);
    assert_eq!(at(&t, "2026-11-27T16:00:00Z"), Some(Overdue::NotClosed));
    assert!(is_late(&t, utc("2026-11-27T13:30:00Z"), &rules));
    assert!(!is_late(&t, utc("2026-11-27T18:00:00Z"), &rules));
    for s in [
        Status::Complete,
        Status::Canceled,
        Status::Lost,
        Status::InProgress,
    ] {
        t.status = Some(s);
        assert_eq!(at(&t, "2026-11-27T13:30:00Z"), None);
        assert_eq!(at(&t, "2026-11-27T20:00:00Z"), None);
    }
    // An account's own finished status closes it too.
    t.status = Some(Status::Other("invoiced".into()));
    let finished = ["invoiced".to_string()];
    assert_eq!(
        overdue(&t, utc("2026-11-27T20:00:00Z"), &rules, &finished),
        None
    );
    t.status = None;
    t.job = Some(std::sync::Arc::new(Job {
        id: 9,
        status: Some(Status::Complete),
        ..Job::default()
    }));
    assert_eq!(at(&t, "2026-11-27T13:30:00Z"), None);
    t.job = None;
    assert_eq!(at(&t, "2026-11-27T13:30:00Z"), Some(Overdue::Late));
    // The thresholds are the configured ones.
    let strict = Lateness {
        grace_min: 0,
        not_closed_min: 10,
    };
    assert_eq!(overdue(&t, utc("2026-11-27T14:00:00Z"), &strict, &[]), None);
    assert_eq!(
        overdue(&t, utc("2026-11-27T14:10:00Z"), &strict, &[]),
        Some(Overdue::NotClosed)
    );
    // On hold: never late, only not closed once long past.
    t.status = Some(Status::OnHold);
    assert_eq!(at(&t, "2026-11-27T13:30:00Z"), None);
    assert_eq!(at(&t, "2026-11-27T16:00:00Z"), Some(Overdue::NotClosed));
    t.status = None;
    // An all-day task is never late, only not closed once long past.
    t.all_day = Some(true);
    assert_eq!(at(&t, "2026-11-27T13:30:00Z"), None);
    assert_eq!(at(&t, "2026-11-27T16:00:00Z"), Some(Overdue::NotClosed));
    // Without an end the task is taken to last an hour.
    let t = task(2, "2026-11-27T09:30:00-05:00", None, &[7]);
    assert_eq!(at(&t, "2026-11-27T14:29:00Z"), None);
    assert_eq!(at(&t, "2026-11-27T15:31:00Z"), Some(Overdue::Late));
    assert_eq!(
        overdue(
            &Task {
                id: 3,
                ..Task::default()
            },
            utc("2026-11-27T15:31:00Z"),
            &rules,
            &[]
        ),
        None
    );
}

#[test]
fn unknown_employees_get_their_best_name() {
    let mut a = task(1, "2026-11-27T08:00:00-05:00", None, &[]);
    a.employees = vec![emp(5, None), emp(1, Some("Known"))];
    let mut b = task(2, "2026-11-27T09:00:00-05:00", None, &[]);
    b.employees = vec![
        emp(5, Some("Old Timer")),
        emp(3, Some(" ")),
        emp(5, Some("Other")),
    ];
    let got = unknown_employees(&[a, b], &[1]);
    assert_eq!(
        got,
        vec![(3, "Employee 3".to_string()), (5, "Old Timer".to_string())]
    );
}

#[test]
fn touches_day_uses_the_local_day() {
    let t = task(1, "2026-11-27T03:00:00+00:00", None, &[]);
    assert!(touches_day(&t, NY, date(2026, 11, 26)));
    assert!(!touches_day(&t, NY, date(2026, 11, 27)));
    let z = task(
        2,
        "2026-11-27T00:00:00-05:00",
        Some("2026-11-27T00:00:00-05:00"),
        &[],
    );
    assert!(touches_day(&z, NY, date(2026, 11, 27)));
    assert!(!touches_day(&z, NY, date(2026, 11, 26)));
}

#[test]
fn a_year_of_new_york_days_is_365_days_long() {
    let total: i64 = date(2026, 1, 1)
        .iter_days()
        .take_while(|d| d.year() == 2026)
        .map(|d| day_minutes(NY, d))
        .sum();
    assert_eq!(total, 365 * 1440);
}

// ---- The account's zone, from the API's offsets ----

/// One task per timestamp, as the API would send it (offsets as given).
fn stamped(stamps: &[&str]) -> Vec<Task> {
    stamps
        .iter()
        .enumerate()
        .map(|(i, s)| task(i as i64 + 1, s, None, &[]))
        .collect()
}

fn verdict(stamps: &[&str], zone: Tz) -> Verdict {
    let mut e = Evidence::default();
    e.add(&stamped(stamps));
    judge(&e, zone)
}

#[test]
fn us_zones_are_inferred_from_winter_and_summer_offsets() {
    let utc = chrono_tz::UTC;
    let cases = [
        ("-05:00", "-04:00", "America/New_York"),
        ("-06:00", "-05:00", "America/Chicago"),
        ("-07:00", "-06:00", "America/Denver"),
        ("-08:00", "-07:00", "America/Los_Angeles"),
        ("-07:00", "-07:00", "America/Phoenix"),
    ];
    for (winter, summer, want) in cases {
        let stamps = [
            format!("2026-01-15T09:00:00{winter}"),
            format!("2026-07-15T09:00:00{summer}"),
        ];
        let stamps: Vec<&str> = stamps.iter().map(String::as_str).collect();
        match verdict(&stamps, utc) {
            Verdict::Inferred(tz) => assert_eq!(tz.name(), want),
            other => panic!("{winter}/{summer}: {other:?}, want {want}"),
        }
    }
}

#[test]
fn one_offset_fitting_several_zones_is_drawn_as_that_offset() {
    // -05:00 in November: New York, but also Bogotá or Panama (no DST).
    let v = verdict(
        &["2026-11-27T09:00:00-05:00", "2026-11-20T14:00:00-05:00"],
        chrono_tz::UTC,
    );
    let Verdict::Offsets(tz) = v else {
        panic!("{v:?}")
    };
    assert_eq!(zone_label(tz), "UTC-05:00");
    let t = utc("2026-11-27T14:00:00Z").with_timezone(&tz);
    assert_eq!(t.format("%H:%M").to_string(), "09:00");
    // Arizona in winter: -07:00 is Denver's winter too.
    let v = verdict(&["2026-01-15T09:00:00-07:00"], chrono_tz::UTC);
    assert!(
        matches!(v, Verdict::Offsets(tz) if zone_label(tz) == "UTC-07:00"),
        "{v:?}"
    );
}

#[test]
fn the_host_zone_is_kept_when_it_agrees() {
    let stamps = ["2026-11-27T09:00:00-05:00", "2026-10-27T09:00:00-04:00"];
    assert_eq!(verdict(&stamps, NY), Verdict::Agrees);
    // Toronto keeps the same clocks: agreeing is enough.
    assert_eq!(
        verdict(&stamps, chrono_tz::America::Toronto),
        Verdict::Agrees
    );
    assert_eq!(verdict(&[], chrono_tz::UTC), Verdict::Unknown);
}

#[test]
fn a_host_zone_overruled_by_the_offsets_is_drawn_in_the_accounts_and_said() {
    let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
    assert!(z.may_differ(), "nothing known yet: queries are widened");
    assert!(z.warning().is_none());
    let changed = z.observe(&stamped(&[
        "2026-11-27T09:00:00-05:00",
        "2026-10-27T09:00:00-04:00",
    ]));
    assert!(changed);
    assert_eq!(z.tz(), NY);
    assert!(!z.may_differ());
    assert_eq!(
        z.warning().as_deref(),
        Some("⚠ Kickserv's zone (host: UTC)")
    );
    let why = z.explain();
    assert!(
        why.starts_with(
            "time zone America/New_York: inferred from Kickserv's timestamps (-05:00, -04:00)"
        ),
        "{why}"
    );
    assert!(
        why.contains("warning: this host's zone UTC disagrees"),
        "{why}"
    );

    // The same offsets seen again change nothing.
    assert!(!z.observe(&stamped(&["2026-11-27T09:00:00-05:00"])));

    // A configured zone is never overruled, nor warned about; `check` tells both.
    let mut c = Zone::new(
        chrono_tz::America::Los_Angeles,
        ZoneOrigin::File("/etc/kickdesk.toml".into()),
    );
    assert!(!c.observe(&stamped(&["2026-11-27T09:00:00-05:00"])));
    assert_eq!(c.tz(), chrono_tz::America::Los_Angeles);
    assert!(c.warning().is_none());
    assert!(
        c.may_differ(),
        "the account's dates are not the board's: widen"
    );
    let why = c.explain();
    assert!(
        why.starts_with("time zone America/Los_Angeles: configured in /etc/kickdesk.toml"),
        "{why}"
    );

    let mut h = Zone::new(NY, ZoneOrigin::Host);
    h.observe(&stamped(&["2026-11-27T09:00:00-05:00"]));
    assert_eq!(
        h.explain(),
        "time zone America/New_York: this host's zone, agreeing with Kickserv's timestamps (-05:00)"
    );
}

// ---- Look-back and the fetch window ----

#[test]
fn fetch_window_looks_back_and_widens_by_a_day_each_side() {
    let p = Period::day(date(2026, 11, 27));
    assert_eq!(
        p.fetch_window(2, false),
        (date(2026, 11, 25), date(2026, 11, 27))
    );
    assert_eq!(
        p.fetch_window(7, true),
        (date(2026, 11, 19), date(2026, 11, 28))
    );
    let w = Period::week_containing(date(2026, 11, 27), Weekday::Mon);
    assert_eq!(
        w.fetch_window(31, true),
        (date(2026, 10, 22), date(2026, 11, 30))
    );
    // At the ends of the calendar: saturates, never panics.
    let end = Period::day(NaiveDate::MAX);
    assert_eq!(end.fetch_window(2, true).1, NaiveDate::MAX);
    let start = Period::day(NaiveDate::MIN);
    assert_eq!(start.fetch_window(2, true).0, NaiveDate::MIN);
}

#[test]
fn lookback_probes_the_cap_once_then_follows_the_longest_task() {
    let mut l = Lookback::new(31);
    assert_eq!(l.days(), 31, "the first fetch looks back the whole cap");
    let short = [task(
        1,
        "2026-11-27T09:00:00-05:00",
        Some("2026-11-27T11:00:00-05:00"),
        &[],
    )];
    assert!(!l.learn(&short, Some(31)));
    assert_eq!(l.days(), 2, "two-hour tasks: the default two days");
    // A five-and-a-half-day job comes with a later fetch that looked back 2 days:
    // others like it may be missing, so fetch again, wider.
    let long = [task(
        2,
        "2026-11-24T07:00:00-05:00",
        Some("2026-11-29T17:00:00-05:00"),
        &[],
    )];
    assert!(l.learn(&long, Some(2)));
    assert_eq!(l.days(), 7);
    assert!(!l.learn(&long, Some(7)));
    assert!(!l.capped());
    // A new day probes again.
    l.reprobe();
    assert_eq!(l.days(), 31);
    // A task as long as the cap: longer ones could be missing.
    let huge = [task(
        3,
        "2026-10-01T07:00:00-04:00",
        Some("2026-11-29T17:00:00-05:00"),
        &[],
    )];
    l.learn(&huge, Some(31));
    assert!(l.capped());
    assert_eq!(l.days(), 31);
    // Results of unknown fetches teach lengths but never ask for a refetch.
    assert!(!Lookback::new(31).learn(&long, None));
}

// ---- DST: the repeated hour and 23/25-hour days ----

#[test]
fn fall_back_hour_is_ambiguous_and_the_rest_is_not() {
    // 2026-11-01: 01:00–02:00 happens twice in New York.
    assert!(is_ambiguous(NY, utc("2026-11-01T05:30:00Z")), "01:30 EDT");
    assert!(is_ambiguous(NY, utc("2026-11-01T06:30:00Z")), "01:30 EST");
    assert!(!is_ambiguous(NY, utc("2026-11-01T07:30:00Z")), "02:30 EST");
    assert!(
        !is_ambiguous(NY, utc("2026-03-08T07:30:00Z")),
        "spring forward: 03:30 EDT"
    );
}

#[test]
fn midnight_to_midnight_is_all_day_on_23_and_25_hour_days() {
    // Spring forward (23 h) and fall back (25 h) in New York.
    let short = task(
        1,
        "2026-03-08T00:00:00-05:00",
        Some("2026-03-09T00:00:00-04:00"),
        &[7],
    );
    let long = task(
        2,
        "2026-11-01T00:00:00-04:00",
        Some("2026-11-02T00:00:00-05:00"),
        &[7],
    );
    let plain = task(
        3,
        "2026-11-27T00:00:00-05:00",
        Some("2026-11-28T00:00:00-05:00"),
        &[7],
    );
    for (t, d) in [
        (&short, date(2026, 3, 8)),
        (&long, date(2026, 11, 1)),
        (&plain, date(2026, 11, 27)),
    ] {
        assert_eq!(placement(t), Some(Placement::Banner), "task {}", t.id);
        let l = layout_day(
            std::slice::from_ref(t),
            &[7],
            true,
            d,
            NY,
            &WorkHours::default(),
        );
        assert_eq!(l.banner, vec![0], "task {} on {d}", t.id);
        assert!(l.columns[0].blocks.is_empty(), "task {} on {d}", t.id);
        // And only on its own day.
        let next = layout_day(
            std::slice::from_ref(t),
            &[7],
            true,
            d.succ_opt().unwrap(),
            NY,
            &WorkHours::default(),
        );
        assert!(next.banner.is_empty(), "task {} the day after", t.id);
    }
    // Midnight to a later time is still a timed block.
    let night = task(
        4,
        "2026-03-08T00:00:00-05:00",
        Some("2026-03-08T05:00:00-04:00"),
        &[7],
    );
    assert_eq!(placement(&night), Some(Placement::Timed));
}

#[test]
fn offsets_no_zone_has_are_still_drawn_and_evidence_stays_small() {
    // Every minute of offset from -12:00 on: no zone fits them all.
    let stamps: Vec<String> = (0..600)
        .map(|i| {
            let t = utc("2026-11-27T12:00:00Z") + chrono::Duration::minutes(i);
            let off = FixedOffset::west_opt(12 * 3600 - i as i32 * 60).unwrap();
            t.with_timezone(&off).to_rfc3339()
        })
        .collect();
    let refs: Vec<&str> = stamps.iter().map(String::as_str).collect();
    let mut e = Evidence::default();
    e.add(&stamped(&refs));
    assert_eq!(e.offsets().len(), 16);
    assert!(matches!(judge(&e, chrono_tz::UTC), Verdict::Offsets(_)));
    // Nepal's +05:45 has no `Etc/` zone, but one zone keeps it.
    let v = verdict(
        &["2026-11-27T09:00:00+05:45", "2026-06-27T09:00:00+05:45"],
        chrono_tz::UTC,
    );
    assert!(
        matches!(v, Verdict::Inferred(tz) if tz.name().starts_with("Asia/Kat")),
        "{v:?}"
    );
}

// ---- filters and re-laying one task's lanes ----

#[test]
fn a_filter_hides_tasks_from_both_layouts() {
    let day = date(2026, 11, 27);
    let tasks = vec![
        task(
            1,
            "2026-11-27T09:00:00-05:00",
            Some("2026-11-27T10:00:00-05:00"),
            &[7],
        ),
        task(
            2,
            "2026-11-27T11:00:00-05:00",
            Some("2026-11-27T12:00:00-05:00"),
            &[7],
        ),
        task(
            3,
            "2026-11-27T11:00:00-05:00",
            Some("2026-11-27T12:00:00-05:00"),
            &[],
        ),
    ];
    let keep = |t: &Task| t.id != 2;
    let hours = WorkHours::default();
    let every = LayoutInput::new(&tasks, &[7], true, NY, &hours);
    let d = layout_day_with(
        &LayoutInput {
            keep: &keep,
            ..every
        },
        day,
    );
    let ids = |l: &DayLayout, c: usize| -> Vec<i64> {
        l.columns[c]
            .blocks
            .iter()
            .map(|b| tasks[b.task].id)
            .collect()
    };
    assert_eq!(ids(&d, 0), vec![1]);
    assert_eq!(ids(&d, 1), vec![3]);
    let all = layout_day_with(&every, day);
    assert_eq!(
        all,
        layout_day(&tasks, &[7], true, day, NY, &WorkHours::default())
    );
    assert_eq!(ids(&all, 0), vec![1, 2]);
    let p = Period::week_containing(day, Weekday::Mon);
    let w = layout_week_with(
        &LayoutInput {
            keep: &|t| t.id == 3,
            ..every
        },
        &p,
    );
    // Employee 7's row is empty; the Unassigned row has task 3 on Friday.
    assert!(w.rows[0].cells.iter().all(|c| c.tasks.is_empty()));
    assert_eq!(w.rows[1].cells[4].tasks, vec![2]);
}

/// 40 employees with 10 tasks each on one day, and a few without anyone.
fn crowded_day() -> (Vec<i64>, Vec<Task>) {
    let lanes: Vec<i64> = (1..=40).collect();
    let mut tasks = Vec::new();
    for e in &lanes {
        for h in 0..10 {
            let id = e * 100 + h;
            let start = format!("2026-11-27T{:02}:00:00-05:00", 7 + h);
            let end = format!("2026-11-27T{:02}:30:00-05:00", 7 + h);
            tasks.push(task(id, &start, Some(&end), &[*e]));
        }
    }
    tasks.push(task(
        9001,
        "2026-11-27T08:00:00-05:00",
        Some("2026-11-27T09:00:00-05:00"),
        &[],
    ));
    tasks.push(task(
        9002,
        "2026-11-27T00:00:00-05:00",
        Some("2026-11-29T00:00:00-05:00"),
        &[3, 4],
    ));
    (lanes, tasks)
}

#[test]
fn one_changed_task_re_lays_its_two_lanes_and_matches_a_whole_layout() {
    let day = date(2026, 11, 27);
    let hours = WorkHours::default();
    let (lanes, mut tasks) = crowded_day();
    let mut d = layout_day(&tasks, &lanes, true, day, NY, &hours);
    let p = Period::week_containing(day, Weekday::Mon);
    let mut w = layout_week(&tasks, &lanes, true, &p, NY, &hours);
    // Task 505 moves from employee 5 to employee 9, an hour later.
    let i = tasks.iter().position(|t| t.id == 505).unwrap();
    let mut before = lanes_of(&tasks[i]);
    tasks[i] = task(
        505,
        "2026-11-27T10:00:00-05:00",
        Some("2026-11-27T11:30:00-05:00"),
        &[9],
    );
    before.extend(lanes_of(&tasks[i]));
    let laid = lanes_laid();
    assert!(relayout_day_lanes(
        &mut d, &tasks, i, &before, NY, &hours, &show_all
    ));
    assert!(relayout_week_lanes(
        &mut w, &tasks, i, &before, NY, &hours, &show_all
    ));
    // Two lanes in each view, not the 41 of a whole layout.
    assert_eq!(lanes_laid() - laid, 4);
    assert_eq!(d, layout_day(&tasks, &lanes, true, day, NY, &hours));
    assert_eq!(w, layout_week(&tasks, &lanes, true, &p, NY, &hours));

    // A banner task changing lanes keeps the day's banner right too.
    let b = tasks.iter().position(|t| t.id == 9002).unwrap();
    let mut lanes_b = lanes_of(&tasks[b]);
    tasks[b] = task(
        9002,
        "2026-11-27T00:00:00-05:00",
        Some("2026-11-29T00:00:00-05:00"),
        &[6],
    );
    lanes_b.extend(lanes_of(&tasks[b]));
    assert!(relayout_day_lanes(
        &mut d, &tasks, b, &lanes_b, NY, &hours, &show_all
    ));
    assert_eq!(d, layout_day(&tasks, &lanes, true, day, NY, &hours));

    // An added task (the index past the old end) joins its lane.
    tasks.push(task(
        777,
        "2026-11-27T18:00:00-05:00",
        Some("2026-11-27T19:00:00-05:00"),
        &[2],
    ));
    let added = tasks.len() - 1;
    let lanes_new = lanes_of(&tasks[added]);
    assert!(relayout_day_lanes(
        &mut d, &tasks, added, &lanes_new, NY, &hours, &show_all
    ));
    assert_eq!(d, layout_day(&tasks, &lanes, true, day, NY, &hours));
}

#[test]
fn a_lane_appearing_or_vanishing_asks_for_a_whole_layout() {
    let day = date(2026, 11, 27);
    let hours = WorkHours::default();
    let (lanes, mut tasks) = crowded_day();
    let mut d = layout_day(&tasks, &lanes, true, day, NY, &hours);
    // The only unassigned task gets an employee: the Unassigned column goes.
    let i = tasks.iter().position(|t| t.id == 9001).unwrap();
    let mut l = lanes_of(&tasks[i]);
    tasks[i] = task(
        9001,
        "2026-11-27T08:00:00-05:00",
        Some("2026-11-27T09:00:00-05:00"),
        &[1],
    );
    l.extend(lanes_of(&tasks[i]));
    assert!(!relayout_day_lanes(
        &mut d.clone(),
        &tasks,
        i,
        &l,
        NY,
        &hours,
        &show_all
    ));
    // An employee with no lane (unknown until now).
    let mut l = lanes_of(&tasks[i]);
    tasks[i] = task(
        9001,
        "2026-11-27T08:00:00-05:00",
        Some("2026-11-27T09:00:00-05:00"),
        &[99],
    );
    l.extend(lanes_of(&tasks[i]));
    assert!(!relayout_day_lanes(
        &mut d, &tasks, i, &l, NY, &hours, &show_all
    ));
}
