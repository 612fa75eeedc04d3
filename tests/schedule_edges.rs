//! The board's time logic at its boundaries: the instant a task becomes
//! late, the minute a block starts and ends, the second a day begins. Each
//! test pins one rule of `kickdesk::schedule` where an off-by-one (a `<` for a
//! `<=`, a `+` for a `-`) would still pass the broader tests.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::schedule::{
    Lane, Lateness, LayoutInput, Period, Placement, Prepared, WorkHours, ZERO_TASK_VISIBLE_MINUTES,
    is_late, layout_day, layout_day_with, layout_timeline, layout_week, layout_week_with,
    local_instant, placement, relayout_day_lanes, relayout_week_lanes, show_all, touches_day,
};

const NY: Tz = chrono_tz::America::New_York;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn utc(s: &str) -> DateTime<Utc> {
    at(s).with_timezone(&Utc)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
}

fn task(id: i64, start: &str, end: Option<&str>, employees: &[i64]) -> Task {
    Task {
        id,
        starts_at: Some(at(start)),
        ends_at: end.map(at),
        employees: employees
            .iter()
            .map(|&id| {
                Arc::new(Employee {
                    id,
                    ..Employee::default()
                })
            })
            .collect(),
        ..Task::default()
    }
}

#[test]
fn a_task_is_late_from_its_start_and_stops_being_late_after_its_grace() {
    let t = task(
        1,
        "2026-11-27T09:00:00-05:00",
        Some("2026-11-27T10:00:00-05:00"),
        &[7],
    );
    let rules = Lateness::default();
    let (start, end) = (
        utc("2026-11-27T09:00:00-05:00"),
        utc("2026-11-27T10:00:00-05:00"),
    );
    // At its very start it should have begun; a second before, not yet.
    assert!(!is_late(&t, start - TimeDelta::seconds(1), &rules));
    assert!(is_late(&t, start, &rules));
    let grace_end = end + TimeDelta::minutes(rules.grace_min);
    assert!(is_late(&t, grace_end - TimeDelta::seconds(1), &rules));
    assert!(!is_late(&t, grace_end, &rules));
}

#[test]
fn a_day_holds_what_meets_it_and_not_what_only_meets_its_midnights() {
    let (fri, sat) = (date(2026, 11, 27), date(2026, 11, 28));
    // Ends exactly at Saturday's midnight: Friday's only.
    let evening = task(
        1,
        "2026-11-27T22:00:00-05:00",
        Some("2026-11-28T00:00:00-05:00"),
        &[7],
    );
    assert!(touches_day(&evening, NY, fri));
    assert!(!touches_day(&evening, NY, sat));
    // Starts exactly at Saturday's midnight: Saturday's only.
    let early = task(
        2,
        "2026-11-28T00:00:00-05:00",
        Some("2026-11-28T01:00:00-05:00"),
        &[7],
    );
    assert!(!touches_day(&early, NY, fri));
    assert!(touches_day(&early, NY, sat));
    // No time at all, at that midnight: the day it falls in.
    let instant = task(
        3,
        "2026-11-28T00:00:00-05:00",
        Some("2026-11-28T00:00:00-05:00"),
        &[7],
    );
    assert!(!touches_day(&instant, NY, fri));
    assert!(touches_day(&instant, NY, sat));
}

#[test]
fn a_task_of_no_time_at_midnight_is_a_block_not_an_all_day_band() {
    // From a midnight to a later one is a whole day; from a midnight to the
    // same midnight is no time at all, shown as a short block.
    let instant = task(
        1,
        "2026-11-28T00:00:00-05:00",
        Some("2026-11-28T00:00:00-05:00"),
        &[7],
    );
    assert_eq!(placement(&instant), Some(Placement::Timed));
    let whole = task(
        2,
        "2026-11-28T00:00:00-05:00",
        Some("2026-11-29T00:00:00-05:00"),
        &[7],
    );
    assert_eq!(placement(&whole), Some(Placement::Banner));
    let day = layout_day(
        &[instant, whole],
        &[7],
        false,
        date(2026, 11, 28),
        NY,
        &WorkHours::default(),
    );
    let col = &day.columns[0];
    assert_eq!(col.banner, vec![1]);
    let blocks: Vec<(usize, i32, i32)> = col
        .blocks
        .iter()
        .map(|b| (b.task, b.start_min, b.end_min))
        .collect();
    assert_eq!(blocks, vec![(0, 0, ZERO_TASK_VISIBLE_MINUTES as i32)]);
}

#[test]
fn the_calendars_last_day_is_a_day_long() {
    // No next date to start at: the last day still ends 24 hours after it
    // begins, in any zone.
    let last = NaiveDate::MAX;
    let noon_utc = Task {
        id: 1,
        starts_at: last
            .and_hms_opt(12, 0, 0)
            .map(|t| t.and_utc().fixed_offset()),
        ..Task::default()
    };
    assert!(touches_day(&noon_utc, chrono_tz::UTC, last));
    // In Tokyo that day runs from 15:00 UTC the day before to 15:00 UTC on
    // it: a task at 20:00 UTC is past it.
    let tokyo = chrono_tz::Asia::Tokyo;
    let evening_utc = Task {
        id: 2,
        starts_at: last
            .and_hms_opt(20, 0, 0)
            .map(|t| t.and_utc().fixed_offset()),
        ..Task::default()
    };
    assert!(touches_day(&noon_utc, tokyo, last));
    assert!(!touches_day(&evening_utc, tokyo, last));
}

#[test]
fn a_time_the_clocks_skip_resolves_to_the_gaps_end_before_1970_too() {
    // New York sprang forward on 24 April 1960 at 02:00: 02:30 never
    // happened, 03:00 EDT (07:00 UTC) is the first instant after it.
    let t = local_instant(
        NY,
        date(1960, 4, 24),
        NaiveTime::from_hms_opt(2, 30, 0).unwrap_or_default(),
    );
    assert_eq!(t, utc("1960-04-24T03:00:00-04:00"));
    // The same rule in 2026, for comparison.
    let t = local_instant(
        NY,
        date(2026, 3, 8),
        NaiveTime::from_hms_opt(2, 30, 0).unwrap_or_default(),
    );
    assert_eq!(t, utc("2026-03-08T03:00:00-04:00"));
}

#[test]
fn a_task_in_the_last_part_minute_of_a_day_is_still_a_minute_tall() {
    // New York's 18 November 1883 ended railway time's local mean time
    // (UTC-4:56:02): 1443 minutes and 58 seconds long. A task in its last
    // seconds starts in the part minute and still gets a block.
    let day = date(1883, 11, 18);
    let last = task(
        1,
        "1883-11-19T04:59:40Z",
        Some("1883-11-19T04:59:50Z"),
        &[7],
    );
    let l = layout_day(&[last], &[7], false, day, NY, &WorkHours::default());
    assert_eq!(l.day_minutes, 1443);
    let b = &l.columns[0].blocks[0];
    assert_eq!(b.start_min, 1443);
    assert!(b.end_min > b.start_min, "{b:?}");
}

#[test]
fn a_task_starting_at_midnight_is_not_carried_over_from_the_day_before() {
    let t = task(
        1,
        "2026-11-28T00:00:00-05:00",
        Some("2026-11-28T02:00:00-05:00"),
        &[7],
    );
    let l = layout_day(
        &[t],
        &[7],
        false,
        date(2026, 11, 28),
        NY,
        &WorkHours::default(),
    );
    let b = &l.columns[0].blocks[0];
    assert_eq!(
        (b.start_min, b.end_min, b.clipped_start, b.clipped_end),
        (0, 120, false, false)
    );
}

#[test]
fn with_hundreds_of_employees_each_column_holds_exactly_its_own_tasks() {
    // Enough lanes that several employee ids share a slot of the lane
    // lookup table: each must still find its own column.
    let ids: Vec<i64> = (0..300).map(|i| 1_000 + i * 37).collect();
    let tasks: Vec<Task> = ids
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            task(
                i as i64 + 1,
                "2026-11-27T09:00:00-05:00",
                Some("2026-11-27T10:00:00-05:00"),
                &[id],
            )
        })
        .collect();
    let l = layout_day(
        &tasks,
        &ids,
        false,
        date(2026, 11, 27),
        NY,
        &WorkHours::default(),
    );
    assert_eq!(l.columns.len(), ids.len());
    for (i, (col, &id)) in l.columns.iter().zip(&ids).enumerate() {
        assert_eq!(col.lane, Lane::Employee(id));
        let shown: Vec<usize> = col.blocks.iter().map(|b| b.task).collect();
        assert_eq!(shown, vec![i], "employee {id}");
    }
    // An employee not shown gets nothing, and takes nobody's column.
    let stranger = task(
        999,
        "2026-11-27T09:00:00-05:00",
        Some("2026-11-27T10:00:00-05:00"),
        &[5],
    );
    let mut more = tasks.clone();
    more.push(stranger);
    let l = layout_day(
        &more,
        &ids,
        false,
        date(2026, 11, 27),
        NY,
        &WorkHours::default(),
    );
    assert!(l.columns.iter().all(|c| c.blocks.len() == 1));
}

#[test]
fn a_preparation_for_another_list_of_tasks_is_not_used() {
    // Worked out before a task arrived: the layouts must not read it for
    // the longer list, nor for a shorter one.
    let hours = WorkHours::default();
    let one = vec![task(
        1,
        "2026-11-27T09:00:00-05:00",
        Some("2026-11-27T10:00:00-05:00"),
        &[7],
    )];
    let stale = Prepared::new(&one, &hours);
    let mut two = one.clone();
    two.push(task(
        2,
        "2026-11-27T11:00:00-05:00",
        Some("2026-11-27T12:00:00-05:00"),
        &[7],
    ));
    let day = date(2026, 11, 27);
    let fresh = layout_day(&two, &[7], false, day, NY, &hours);
    let stale_input = LayoutInput {
        pre: Some(&stale),
        ..LayoutInput::new(&two, &[7], false, NY, &hours)
    };
    let with_stale = layout_day_with(&stale_input, day);
    assert_eq!(with_stale, fresh);
    assert_eq!(with_stale.columns[0].blocks.len(), 2);
    let week = Period::week_containing(day, Weekday::Mon);
    assert_eq!(
        layout_week_with(&stale_input, &week),
        layout_week(&two, &[7], false, &week, NY, &hours)
    );
    // Prepared for two, laid out with one.
    let longer = Prepared::new(&two, &hours);
    assert_eq!(
        layout_day_with(
            &LayoutInput {
                pre: Some(&longer),
                ..LayoutInput::new(&one, &[7], false, NY, &hours)
            },
            day
        ),
        layout_day(&one, &[7], false, day, NY, &hours)
    );
}

#[test]
fn re_laying_a_lane_after_its_last_task_was_removed_drops_it() {
    // The changed index is where the task was: now past the end of the list.
    let hours = WorkHours::default();
    let day = date(2026, 11, 27);
    let mut tasks = vec![
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
    ];
    let mut laid = layout_day(&tasks, &[7], false, day, NY, &hours);
    let week = Period::week_containing(day, Weekday::Mon);
    let mut laid_week = layout_week(&tasks, &[7], false, &week, NY, &hours);
    tasks.pop();
    let lanes = [Lane::Employee(7)];
    assert!(relayout_day_lanes(
        &mut laid, &tasks, 1, &lanes, NY, &hours, &show_all
    ));
    assert_eq!(laid, layout_day(&tasks, &[7], false, day, NY, &hours));
    assert!(relayout_week_lanes(
        &mut laid_week,
        &tasks,
        1,
        &lanes,
        NY,
        &hours,
        &show_all
    ));
    assert_eq!(
        laid_week,
        layout_week(&tasks, &[7], false, &week, NY, &hours)
    );
}

#[test]
fn the_timeline_shows_at_least_a_minute_when_working_hours_are_empty() {
    // Working hours that start and end at once, and no task to widen them.
    let day = layout_day(
        &[],
        &[7],
        false,
        date(2026, 11, 27),
        NY,
        &WorkHours::default(),
    );
    let t = layout_timeline(&day, (600, 600));
    assert_eq!((t.from_min, t.to_min), (600, 601));
}

// ---- The dates a view shows ----

mod periods {
    use super::*;

    #[test]
    fn stepping_forward_reaches_the_calendars_last_day_and_never_a_period_past_it() {
        // The calendar ends on a Monday: the last whole Monday week ends the day before.
        let last = NaiveDate::MAX;
        let before = last.pred_opt().unwrap_or(last);
        assert_eq!(Period::day(before).next(), Period::day(last));
        let whole = Period::week_containing(before, Weekday::Mon);
        assert_eq!(whole.last(), before);
        assert_eq!(whole.prev().next(), whole);
        // The week after it would run past the calendar: stepping stays.
        assert_eq!(whole.next(), whole);
    }

    #[test]
    fn a_week_starting_on_a_thursday_is_numbered_by_its_sunday() {
        // Thursday 26 November to Wednesday 2 December 2026: the middle day,
        // Sunday the 29th, is in ISO week 48; the Monday after it in 49.
        let p = Period::week_containing(date(2026, 11, 26), Weekday::Thu);
        assert_eq!((p.start, p.last()), (date(2026, 11, 26), date(2026, 12, 2)));
        assert_eq!(p.week_number(), 48);
    }
}

// ---- How far a fetch looks back ----

mod lookback {
    use super::*;
    use kickdesk::schedule::Lookback;

    /// A job from `start` to `end` (offsets given), on no one's lane.
    fn job(id: i64, start: &str, end: &str) -> Task {
        task(id, start, Some(end), &[])
    }

    #[test]
    fn a_task_the_cap_still_reaches_back_for_is_not_flagged() {
        let mut l = Lookback::new(7);
        // Five days and ten hours: seven days back find it wherever it starts.
        let long = job(1, "2026-11-24T07:00:00-05:00", "2026-11-29T17:00:00-05:00");
        assert!(!l.learn(&[long], Some(7)));
        assert_eq!(l.days(), 7);
        assert!(!l.capped());
        // A day longer needs eight: one like it could start before the cap.
        let longer = job(2, "2026-11-23T07:00:00-05:00", "2026-11-29T17:00:00-05:00");
        assert!(!l.learn(&[longer], Some(7)));
        assert_eq!(l.days(), 7);
        assert!(l.capped());
    }
}

// ---- Employees the list does not know ----

mod people {
    use super::*;
    use kickdesk::schedule::unknown_employees;

    #[test]
    fn an_employee_no_task_names_keeps_the_first_placeholder_a_task_gives() {
        let numbered = Employee {
            id: 5,
            employee_number: Some(12),
            ..Employee::default()
        };
        let bare = Employee {
            id: 5,
            ..Employee::default()
        };
        let mut a = task(1, "2026-11-27T08:00:00-05:00", None, &[]);
        a.employees = vec![Arc::new(numbered)];
        let mut b = task(2, "2026-11-27T09:00:00-05:00", None, &[]);
        b.employees = vec![Arc::new(bare)];
        assert_eq!(
            unknown_employees(&[a.clone(), b.clone()], &[]),
            vec![(5, "Employee #12".to_string())]
        );
        assert_eq!(
            unknown_employees(&[b, a], &[]),
            vec![(5, "Employee 5".to_string())]
        );
    }
}

// ---- Times and durations as typed ----

mod typed_input {
    use kickdesk::schedule::time_input::{parse_duration, parse_time};

    use super::*;

    #[test]
    fn a_signed_number_is_not_a_time() {
        for s in ["+9", "+930", "+9:30", "9:+3"] {
            let e = parse_time(s).expect_err(s);
            assert!(e.contains("is not a time"), "{s:?}: {e}");
        }
    }

    #[test]
    fn two_weeks_is_the_longest_duration() {
        let two_weeks = Ok(TimeDelta::weeks(2));
        assert_eq!(parse_duration("336h"), two_weeks);
        assert_eq!(parse_duration("20160m"), two_weeks);
        assert_eq!(parse_duration("336:00"), two_weeks);
        for s in ["336h1", "20161m", "336:01"] {
            let e = parse_duration(s).expect_err(s);
            assert!(e.contains("longer than two weeks"), "{s:?}: {e}");
        }
    }

    #[test]
    fn a_signed_or_endless_number_is_not_a_duration() {
        // Eighteen digits of hours fit an i64 but not in minutes: refused, not overflowed.
        for s in [
            "+5m",
            "+1h",
            "1h+5",
            "999999999999999999h",
            "999999999999999999m",
        ] {
            let e = parse_duration(s).expect_err(s);
            assert!(e.contains("is not a duration"), "{s:?}: {e}");
        }
    }
}

// ---- The account's zone, from the API's offsets ----

mod account_zone {
    use super::*;
    use kickdesk::schedule::{Evidence, Verdict, Zone, ZoneOrigin, judge, zone_label};

    /// One task per timestamp, as the API would send it (offsets as given).
    fn stamped(stamps: &[&str]) -> Vec<Task> {
        stamps
            .iter()
            .zip(1..)
            .map(|(s, id)| task(id, s, None, &[]))
            .collect()
    }

    fn verdict(stamps: &[&str]) -> Verdict {
        let mut e = Evidence::default();
        e.add(&stamped(stamps));
        judge(&e, chrono_tz::UTC)
    }

    #[test]
    fn evidence_says_whether_it_learnt_something() {
        let mut e = Evidence::default();
        let jan = stamped(&["2026-01-15T09:00:00-05:00"]);
        assert!(e.add(&jan));
        assert!(!e.add(&jan), "the same instant again");
        // Later and earlier instants of an offset seen widen what it covers;
        // one between them adds nothing.
        assert!(e.add(&stamped(&["2026-03-01T09:00:00-05:00"])));
        assert!(e.add(&stamped(&["2026-01-01T09:00:00-05:00"])));
        assert!(!e.add(&stamped(&["2026-02-01T09:00:00-05:00"])));
        assert!(e.add(&stamped(&["2026-07-01T09:00:00-04:00"])));
        assert_eq!(e.offsets(), vec![-5 * 3_600, -4 * 3_600]);
    }

    #[test]
    fn an_account_at_one_offset_all_year_is_named_by_a_city_not_an_etc_zone() {
        // -11:00 all year: Pacific/Midway, Niue, Pago_Pago, but also
        // Etc/GMT+11, which sorts before them.
        let v = verdict(&["2026-01-15T09:00:00-11:00", "2026-07-15T09:00:00-11:00"]);
        let Verdict::Inferred(tz) = v else {
            panic!("{v:?}")
        };
        assert!(tz.name().starts_with("Pacific/"), "{}", tz.name());
    }

    #[test]
    fn offsets_are_judged_by_the_rules_of_the_year_they_come_from() {
        // Mexico City kept -06:00 all of 2023, having given up DST in 2022,
        // as Regina and Costa Rica always did: in 2023 they are one group.
        let v = verdict(&["2023-01-15T09:00:00-06:00", "2023-07-15T09:00:00-06:00"]);
        assert!(matches!(v, Verdict::Inferred(_)), "{v:?}");
    }

    #[test]
    fn offsets_no_zone_keeps_together_are_drawn_in_the_latest() {
        // +05:45 (Nepal) and -03:30 (Newfoundland's winter): no zone has
        // both, and +05:45, seen last, has no `Etc/` zone.
        let v = verdict(&["2026-01-15T09:00:00-03:30", "2026-02-15T09:00:00+05:45"]);
        let Verdict::Offsets(tz) = v else {
            panic!("{v:?}")
        };
        let last = utc("2026-02-15T09:00:00+05:45").with_timezone(&tz);
        assert_eq!(last.format("%H:%M %:z").to_string(), "09:00 +05:45");
    }

    #[test]
    fn the_zone_drawn_stays_while_it_gives_every_timestamp_its_offset() {
        // -05:00 in November fits New York and Bogotá alike: drawn as the offset.
        let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
        assert!(z.observe(&stamped(&["2026-11-27T09:00:00-05:00"])));
        let drawn = z.tz();
        assert_eq!(zone_label(drawn), "UTC-05:00");
        // -05:00 in July too: the offset drawn still fits, so the board
        // keeps drawing in it rather than switch zones under the user.
        assert!(!z.observe(&stamped(&["2026-07-15T09:00:00-05:00"])));
        assert_eq!(z.tz(), drawn);
    }

    #[test]
    fn a_new_offset_is_weighed_afresh_even_when_the_drawn_zone_gives_it() {
        // +09:30 in July: Darwin all year, Adelaide in its winter. Ambiguous,
        // and no `Etc/` zone has it: drawn in Adelaide, as offsets.
        let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
        z.observe(&stamped(&["2026-07-15T09:00:00+09:30"]));
        assert_eq!(z.tz(), chrono_tz::Australia::Adelaide);
        let why = z.explain();
        assert!(why.contains("the zone itself is ambiguous"), "{why}");
        // +10:30 in January is Adelaide's summer and not Darwin's: the zone
        // drawn stays, and is now known rather than guessed.
        assert!(!z.observe(&stamped(&["2026-01-15T09:00:00+10:30"])));
        assert_eq!(z.tz(), chrono_tz::Australia::Adelaide);
        let why = z.explain();
        assert!(
            why.starts_with(
                "time zone Australia/Adelaide: inferred from Kickserv's timestamps (+09:30, +10:30)"
            ),
            "{why}"
        );
    }

    #[test]
    fn check_names_the_offsets_seen_with_their_sign_and_minutes() {
        // An account on UTC, seen from a host in New York: plus, not minus, zero.
        let mut z = Zone::new(NY, ZoneOrigin::Host);
        z.observe(&stamped(&[
            "2026-01-15T09:00:00+00:00",
            "2026-07-15T09:00:00+00:00",
        ]));
        let why = z.explain();
        assert!(why.contains("Kickserv's timestamps (+00:00)"), "{why}");
        // Nepal, a quarter of an hour off the hour.
        let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
        z.observe(&stamped(&[
            "2026-01-15T09:00:00+05:45",
            "2026-07-15T09:00:00+05:45",
        ]));
        let why = z.explain();
        assert!(why.contains("Kickserv's timestamps (+05:45)"), "{why}");
    }

    /// New York's offsets on `n` days of 2026, winter and summer alike, one
    /// task each (ids from 1), then the odd ones with the ids given.
    fn new_york_and(n: u32, odd: &[(i64, &str)]) -> Vec<Task> {
        let mut tasks: Vec<Task> = (0..n)
            .map(|i| {
                let d = date(2026, 1, 5) + TimeDelta::days(i64::from(i) * 11);
                let local = d.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap());
                let start = local.and_local_timezone(NY).unwrap().fixed_offset();
                task(i64::from(i) + 1, &start.to_rfc3339(), None, &[])
            })
            .collect();
        tasks.extend(odd.iter().map(|(id, s)| task(*id, s, None, &[])));
        tasks
    }

    #[test]
    fn a_few_odd_offsets_do_not_overrule_the_zone_nearly_every_task_fits() {
        // Thirty tasks of a New York account, one sent in UTC (`Z`) and one
        // in India's +05:30: no zone has all four offsets.
        let tasks = new_york_and(
            30,
            &[
                (901, "2026-07-15T13:00:00Z"),
                (902, "2026-03-02T19:30:00+05:30"),
            ],
        );
        let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
        assert!(z.observe(&tasks));
        assert_eq!(z.tz(), NY, "not one fixed offset all year");
        assert!(!z.may_differ(), "the odd ones do not keep queries widened");
        // Summer is drawn in summer time.
        let summer = utc("2026-07-15T13:00:00Z").with_timezone(&z.tz());
        assert_eq!(summer.format("%H:%M").to_string(), "09:00");
        assert_eq!(z.odd_tasks(), vec![(901, 0), (902, 19_800)]);
        let why = z.explain();
        assert!(
            why.starts_with(
                "time zone America/New_York: inferred from Kickserv's timestamps (-05:00, -04:00)"
            ),
            "{why}"
        );
        assert!(
            why.ends_with(
                "set aside as odd, their offsets fit no zone with the others: task 901 (+00:00), task 902 (+05:30)"
            ),
            "{why}"
        );
        // A host already in New York agrees, odd ones aside, and says which.
        let mut h = Zone::new(NY, ZoneOrigin::Host);
        assert!(!h.observe(&tasks));
        assert_eq!(h.verdict, Verdict::Agrees);
        assert!(h.explain().contains("task 901 (+00:00)"), "{}", h.explain());
    }

    #[test]
    fn both_offsets_of_a_dst_day_are_never_pinned_to_one() {
        // The night Israel's clocks go back, seen from a host in UTC: Helsinki
        // and Jerusalem both keep these two instants, with other rules the
        // rest of the year. Ambiguous, yet drawn in a zone with both offsets,
        // not the last one fixed, which would put the morning an hour off.
        let stamps = ["2026-10-25T01:00:00+03:00", "2026-10-25T07:00:00+02:00"];
        let v = verdict(&stamps);
        let Verdict::Offsets(tz) = v else {
            panic!("{v:?}")
        };
        assert!(!zone_label(tz).starts_with("UTC"), "{v:?}");
        for s in stamps {
            let local = utc(s).with_timezone(&tz);
            assert_eq!(local.fixed_offset(), at(s), "{s} in {}", tz.name());
        }
    }

    #[test]
    fn odd_offsets_carried_by_more_than_a_few_tasks_are_not_set_aside() {
        // Three tasks in ten at +05:30 are not "a few": no zone fits, and
        // nothing is called odd.
        let mut tasks = new_york_and(7, &[]);
        tasks.extend((0..3).map(|i| task(900 + i, "2026-03-02T19:30:00+05:30", None, &[])));
        let mut z = Zone::new(chrono_tz::UTC, ZoneOrigin::Host);
        z.observe(&tasks);
        assert!(z.odd_tasks().is_empty());
        assert_ne!(z.tz(), NY);
        assert!(!z.explain().contains("odd"), "{}", z.explain());
    }
}
