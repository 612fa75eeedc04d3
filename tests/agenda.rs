//! `kickdesk agenda --format text`: grouped by employee, unassigned last,
//! multi-employee tasks under each, API text made inert.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use kickdesk::agenda::{Request, check_employees, json, text};

#[test]
fn text_agenda_groups_by_employee() {
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "黒田 健");
    let mut escape = task(3, &[&ben], 13, 0, 30, "Leak check");
    std::sync::Arc::make_mut(escape.job.as_mut().unwrap()).name =
        Some("Leak \u{1b}[31mcheck\u{7}".into());
    let tasks = vec![
        task(1, &[&ana, &ben], 8, 0, 90, "AC repair"),
        task(2, &[], 9, 30, 60, "Gutter clean"),
        escape,
    ];
    let r = Request {
        first: today(),
        days: 1,
        employees: vec![],
        tz: opts().tz,
        lookback_days: 31,
    };
    let out = text(&tasks, &r);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    insta::assert_snapshot!(out);
}

fn days(first: chrono::NaiveDate, n: u32) -> Request {
    Request {
        first,
        days: n,
        employees: vec![],
        tz: opts().tz,
        lookback_days: 31,
    }
}

/// A roof job Wed 25 08:00 to Sun 29 17:00, an overnight call, a wide name.
fn multi_day_tasks() -> Vec<kickdesk::kickserv::model::Task> {
    let ana = employee(1, 1, "Ana Gómez");
    let ken = employee(2, 2, "黒田 健");
    let mut roof = task(1, &[&ana], 8, 0, 60, "Roof survey");
    roof.starts_at = Some(at(today() - Duration::days(2), 8, 0));
    roof.ends_at = Some(at(today() + Duration::days(2), 17, 0));
    let mut night = task(2, &[&ken], 22, 0, 240, "夜間 点検");
    night.ends_at = Some(at(today() + Duration::days(1), 2, 0));
    let short = task(3, &[&ken], 9, 0, 30, "Leak check");
    vec![roof, short, night]
}

#[test]
fn a_multi_day_task_reads_day_n_of_m_on_its_later_days_with_columns_aligned() {
    let out = text(&multi_day_tasks(), &days(today(), 3));
    // Friday is day 3 of the roof job; Sunday its last.
    assert!(out.contains("(day 3 of 5) until Sun 17:00"), "{out}");
    assert!(out.contains("(day 5 of 5) until 17:00"), "{out}");
    assert!(!out.contains("08:00–17:00"), "{out}");
    // The time, title and status columns start at the same display column.
    use unicode_width::UnicodeWidthStr;
    let cols: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains('['))
        .map(|l| l[..l.find('[').unwrap()].width())
        .collect();
    assert!(cols.len() >= 5, "{out}");
    assert!(cols.iter().all(|c| *c == cols[0]), "{cols:?}\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn json_follows_the_kickdesk_schema() {
    let mut tasks = multi_day_tasks();
    let c = std::sync::Arc::make_mut(tasks[1].customer.as_mut().unwrap());
    c.phone_number = Some("555-0100".into());
    c.service_address = Some("12 Elm St".into());
    c.service_city = Some("Springfield".into());
    tasks.push(task(4, &[], 11, 0, 60, "Gutter clean"));
    // Generated at a fixed instant: the clock is injected.
    let generated = Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap();
    let out = json(&tasks, &days(today(), 1), generated).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "kickdesk.agenda/1");
    assert_eq!(v["zone"], "America/New_York");
    assert_eq!(v["dates"][0], "2026-11-27");
    // Nothing of Kickserv's raw objects.
    assert!(!out.contains("balance") && !out.contains("tax"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_employee_numbers_are_an_error_listing_the_valid_ones() {
    let staff = vec![employee(1, 1, "Ana Gómez"), employee(2, 7, "Ben Okafor")];
    assert_eq!(check_employees(&[1, 7], &staff), Ok(()));
    assert_eq!(
        check_employees(&[99], &staff),
        Err("--employee: no employee number 99 in this account; valid numbers: 1 Ana Gómez, 7 Ben Okafor".into())
    );
}

#[test]
fn a_task_ending_before_it_starts_says_so_instead_of_inventing_an_end() {
    let ana = employee(1, 1, "Ana Gómez");
    let mut bad = task(1, &[&ana], 9, 0, 60, "Boiler service");
    bad.ends_at = Some(at(today(), 8, 0));
    let out = text(&[bad], &days(today(), 1));
    assert!(
        out.contains("09:00, ends before it starts (Fri 08:00)"),
        "{out}"
    );
    // Not the board's default length drawn as if it were the task's.
    assert!(!out.contains("09:00–"), "{out}");
}

#[test]
fn a_midnight_to_midnight_task_reads_to_24_00_with_a_dst_days_length() {
    let ana = employee(1, 1, "Ana Gómez");
    let whole = |id: i64, d: chrono::NaiveDate| {
        let mut t = task(id, &[&ana], 0, 0, 60, "Plant shutdown");
        t.starts_at = Some(at(d, 0, 0));
        t.ends_at = Some(at(d + Duration::days(1), 0, 0));
        t
    };
    let date = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // An ordinary day, then New York's 23- and 25-hour days.
    for (d, want) in [
        (today(), "00:00–24:00  Plant shutdown"),
        (date(3, 8), "00:00–24:00 (23h day)  Plant shutdown"),
        (date(11, 1), "00:00–24:00 (25h day)  Plant shutdown"),
    ] {
        let out = text(&[whole(1, d)], &days(d, 1));
        assert!(out.contains(want), "{d}: {want}\n{out}");
        assert!(!out.contains("00:00–00:00"), "{out}");
    }
    // A task of no length is still `00:00–00:00`, and reads apart from them.
    let mut zero = whole(2, today());
    zero.ends_at = zero.starts_at;
    let out = text(&[zero], &days(today(), 1));
    assert!(out.contains("00:00–00:00  Plant shutdown"), "{out}");
}
