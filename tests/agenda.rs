//! `kickdesk agenda --format text`: grouped by employee, unassigned last,
//! multi-employee tasks under each, API text made inert.

mod common;

use common::*;
use kickdesk::agenda::{Request, text};

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
