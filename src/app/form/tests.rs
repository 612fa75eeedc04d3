use super::*;
use crate::kickserv::error::FieldMessages;
use chrono::TimeZone;
use chrono_tz::America::New_York;
use crossterm::event::{KeyCode, KeyModifiers};
use std::sync::Arc;

fn emp(id: i64, name: &str) -> Employee {
    Employee {
        id,
        name: Some(name.into()),
        ..Employee::default()
    }
}

fn roster() -> Vec<Employee> {
    vec![
        emp(1, "Ana Gómez"),
        emp(2, "Ben Okafor"),
        emp(3, "Chloé Martin"),
    ]
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// Task 2357911, Roof survey, Friday 27 November 2026 09:00–11:00 New York, Ana.
fn task() -> Task {
    Task {
        id: 2357911,
        name: Some("Roof survey".into()),
        description: Some("Check the flashing".into()),
        starts_at: Some(at("2026-11-27T09:00:00-05:00")),
        ends_at: Some(at("2026-11-27T11:00:00-05:00")),
        updated_at: Some(at("2026-11-26T08:00:00-05:00")),
        employees: vec![Arc::new(emp(1, "Ana Gómez"))],
        ..Task::default()
    }
}

fn form() -> Form {
    Form::for_task(&task(), New_York, &roster())
}

fn key(code: KeyCode) -> FormKey {
    FormKey::Text(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_in(f: &mut Form, s: &str) {
    for c in s.chars() {
        f.on_key(key(KeyCode::Char(c)));
    }
}

/// Focus `field` and replace its text with `s`.
fn set(f: &mut Form, field: Field, s: &str) {
    while f.focus() != field {
        f.on_key(FormKey::Next);
    }
    f.on_key(key(KeyCode::End));
    while !f.input(field).unwrap().value().is_empty() {
        f.on_key(key(KeyCode::Backspace));
    }
    type_in(f, s);
}

fn saved(f: &mut Form) -> TaskPatch {
    match f.on_key(FormKey::Save) {
        FormOutcome::Save(p) => p,
        other => panic!("no save: {other:?}, message {:?}", f.message),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap()
}

#[test]
fn opens_on_the_description_with_the_task_as_text_and_tab_walks_the_fields() {
    let mut f = form();
    assert_eq!(f.focus(), Field::Description);
    let texts: Vec<&str> = [Field::Description, Field::Date, Field::Start, Field::End]
        .iter()
        .map(|x| f.input(*x).unwrap().value())
        .collect();
    assert_eq!(
        texts,
        ["Check the flashing", "2026-11-27", "09:00", "11:00"]
    );
    assert_eq!(f.employee_names(), ["Ana Gómez"]);
    assert_eq!(f.note(Field::End), Some("lasts 2h"));
    assert!(!f.has_changes());
    let mut seen = vec![];
    for _ in 0..5 {
        f.on_key(FormKey::Next);
        seen.push(f.focus());
    }
    assert_eq!(
        seen,
        [
            Field::Date,
            Field::Start,
            Field::End,
            Field::Employees,
            Field::Description
        ]
    );
    f.on_key(FormKey::Prev);
    assert_eq!(f.focus(), Field::Employees);
    // Typing on the employees row changes nothing.
    assert!(matches!(
        f.on_key(key(KeyCode::Char('x'))),
        FormOutcome::Nothing
    ));
}

#[test]
fn saving_sends_only_the_changed_fields() {
    let mut f = form();
    type_in(&mut f, " and gutters");
    set(&mut f, Field::End, "1130");
    let p = saved(&mut f);
    assert_eq!(
        p,
        TaskPatch {
            description: Some(Some("Check the flashing and gutters".into())),
            ends_at: Some(at("2026-11-27T11:30:00-05:00")),
            ..TaskPatch::default()
        }
    );
    assert!(f.is_saving());
    // On the wire: the account's offset, nothing else.
    let wire = serde_json::to_string(&p).unwrap();
    assert_eq!(
        wire,
        r#"{"description":"Check the flashing and gutters","ends_at":"2026-11-27T11:30:00-05:00"}"#
    );
}

#[test]
fn a_cleared_description_is_sent_as_null() {
    let mut f = form();
    set(&mut f, Field::Description, "");
    let p = saved(&mut f);
    assert_eq!(p.description, Some(None));
    assert!(
        serde_json::to_string(&p)
            .unwrap()
            .contains(r#""description":null"#)
    );
}

#[test]
fn a_duration_sets_the_end_and_the_other_is_shown() {
    let mut f = form();
    set(&mut f, Field::End, "1h30");
    assert_eq!(f.error(Field::End), None);
    assert_eq!(f.note(Field::End), Some("ends 10:30"));
    assert_eq!(saved(&mut f).ends_at, Some(at("2026-11-27T10:30:00-05:00")));
    // An h:mm not after the start is a duration too.
    let mut f = form();
    set(&mut f, Field::End, "1:45");
    assert_eq!(f.note(Field::End), Some("ends 10:45"));
    // Moving the start keeps a typed duration's length.
    let mut f = form();
    set(&mut f, Field::End, "90m");
    set(&mut f, Field::Start, "9:30pm");
    let p = saved(&mut f);
    assert_eq!(p.starts_at, Some(at("2026-11-27T21:30:00-05:00")));
    assert_eq!(p.ends_at, Some(at("2026-11-27T23:00:00-05:00")));
}

#[test]
fn moving_the_date_moves_start_and_end() {
    let mut f = form();
    set(&mut f, Field::Date, "12-01");
    let p = saved(&mut f);
    assert_eq!(p.starts_at, Some(at("2026-12-01T09:00:00-05:00")));
    assert_eq!(p.ends_at, Some(at("2026-12-01T11:00:00-05:00")));
    assert_eq!(p.description, None);
    assert_eq!(p.employee_ids, None);
}

#[test]
fn errors_show_beside_their_field_as_typed_and_block_the_save() {
    let mut f = form();
    set(&mut f, Field::End, "8am");
    assert_eq!(
        f.error(Field::End),
        Some("the end must be after the start (09:00)")
    );
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    assert_eq!(f.message.as_deref(), Some("fix the marked fields first"));
    assert!(!f.is_saving());
    set(&mut f, Field::Start, "9:75");
    assert!(f.error(Field::Start).unwrap().contains("is not a time"));
    set(&mut f, Field::Date, "someday");
    assert_eq!(
        f.error(Field::Date),
        Some("\"someday\" is not a date: try 2026-11-30, 11-30, tomorrow, mon or +1")
    );
    // Fixed, the errors go.
    set(&mut f, Field::Date, "2026-11-27");
    set(&mut f, Field::Start, "9");
    set(&mut f, Field::End, "10");
    assert_eq!(Field::ALL.iter().filter_map(|x| f.error(*x)).count(), 0);
}

#[test]
fn a_time_in_the_dst_gap_is_refused_and_a_repeated_one_noted() {
    let mut f = form();
    set(&mut f, Field::Date, "2026-03-08");
    set(&mut f, Field::Start, "2:30");
    assert_eq!(
        f.error(Field::Start),
        Some("02:30 does not exist on 2026-03-08 in America/New_York (clocks go forward)")
    );
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    set(&mut f, Field::Date, "2026-11-01");
    set(&mut f, Field::Start, "1:30");
    set(&mut f, Field::End, "4");
    assert_eq!(f.error(Field::Start), None);
    assert_eq!(
        f.note(Field::Start),
        Some("01:30 occurs twice that day: the first (UTC-04:00) is taken")
    );
    assert_eq!(
        saved(&mut f).starts_at,
        Some(at("2026-11-01T01:30:00-04:00"))
    );
}

#[test]
fn nothing_changed_means_nothing_sent() {
    let mut f = form();
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    assert_eq!(f.message.as_deref(), Some("nothing to change"));
    // Typed and typed back: still nothing.
    set(&mut f, Field::Start, "9am");
    assert!(f.has_changes(), "the text differs");
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    assert_eq!(f.message.as_deref(), Some("nothing to change"));
    assert!(!f.is_saving());
}

#[test]
fn esc_closes_at_once_unless_something_changed_then_asks() {
    let mut f = form();
    assert!(matches!(f.on_key(FormKey::Cancel), FormOutcome::Closed));
    let mut f = form();
    type_in(&mut f, "!");
    assert!(matches!(f.on_key(FormKey::Cancel), FormOutcome::CancelAsk));
    assert_eq!(
        f.message.as_deref(),
        Some("unsaved changes: {close} again to discard them")
    );
    // Another key between disarms it.
    f.on_key(FormKey::Next);
    assert!(matches!(f.on_key(FormKey::Cancel), FormOutcome::CancelAsk));
    assert!(matches!(f.on_key(FormKey::Cancel), FormOutcome::Closed));
}

#[test]
fn the_picker_chooses_the_employees_sent() {
    let mut f = form();
    let FormOutcome::Pick(mut p) = f.on_key(FormKey::OpenPicker) else {
        panic!("no picker");
    };
    assert_eq!(p.chosen(), vec![1]);
    use crate::app::picker::{PickerKey, PickerOutcome};
    p.on_key(PickerKey::Down);
    p.on_key(PickerKey::Toggle);
    let PickerOutcome::Apply(ids) = p.on_key(PickerKey::Apply) else {
        panic!("no apply");
    };
    f.set_employees(ids);
    assert_eq!(f.employee_names(), ["Ana Gómez", "Ben Okafor"]);
    assert_eq!(saved(&mut f).employee_ids, Some(vec![1, 2]));
    // The same set in another order is no change.
    let mut f = form();
    f.set_employees(vec![1]);
    assert!(!f.has_changes());
}

#[test]
fn a_new_task_sends_everything_prefilled_from_the_slot() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let start = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
    let mut f = Form::for_new(date, start, Some(2), New_York, &roster());
    assert!(f.is_new());
    assert_eq!(f.title(), "New task");
    assert_eq!(f.input(Field::End).unwrap().value(), "15:00");
    assert!(!f.has_changes());
    assert!(matches!(f.on_key(FormKey::Cancel), FormOutcome::Closed));
    type_in(&mut f, "Quote");
    let p = saved(&mut f);
    assert_eq!(
        p,
        TaskPatch {
            description: Some(Some("Quote".into())),
            starts_at: Some(at("2026-11-27T14:00:00-05:00")),
            ends_at: Some(at("2026-11-27T15:00:00-05:00")),
            employee_ids: Some(vec![2]),
            ..TaskPatch::default()
        }
    );
}

#[test]
fn a_server_change_is_shown_with_both_versions_and_saving_asks_twice() {
    let mut f = form();
    type_in(&mut f, "!");
    let mut newer = task();
    newer.ends_at = Some(at("2026-11-27T11:30:00-05:00"));
    newer.updated_at = Some(at("2026-11-27T10:00:00-05:00"));
    assert!(f.server_changed(&newer));
    assert!(
        !f.server_changed(&newer),
        "the same change is recorded once"
    );
    let texts: Vec<String> = f.server_changes().iter().map(ServerChange::text).collect();
    assert_eq!(texts, ["end 11:00 → 11:30"]);
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    assert_eq!(
        f.message.as_deref(),
        Some("the task changed on the server: {save} again to save over it")
    );
    // The second save sends only what was typed: the server's end survives.
    let p = saved(&mut f);
    assert_eq!(p.description, Some(Some("Check the flashing!".into())));
    assert_eq!(p.ends_at, None);
    // An unchanged poll records nothing.
    let mut f = form();
    assert!(!f.server_changed(&task()));
    assert!(!f.conflict());
}

#[test]
fn a_refusal_keeps_the_text_and_puts_messages_beside_their_fields() {
    let mut f = form();
    set(&mut f, Field::End, "11:30");
    saved(&mut f);
    let mut fields = FieldMessages::new();
    fields.insert("ends_at".into(), vec!["must be after starts_at".into()]);
    fields.insert("employee_ids".into(), vec!["unknown employee 99".into()]);
    fields.insert("color".into(), vec!["is invalid".into()]);
    let fault = ApiFault {
        kind: FaultKind::Rejected,
        text: "ends_at must be after starts_at".into(),
        retry_after: None,
        fields,
    };
    f.refused(&fault);
    assert!(!f.is_saving());
    assert_eq!(f.input(Field::End).unwrap().value(), "11:30");
    assert_eq!(f.error(Field::End), Some("must be after starts_at"));
    assert_eq!(f.error(Field::Employees), Some("unknown employee 99"));
    assert_eq!(
        f.message.as_deref(),
        Some("Kickserv refused the change: color: is invalid")
    );
    // Editing the field clears the server's message about it.
    set(&mut f, Field::End, "11:45");
    assert_eq!(f.error(Field::End), None);
    assert_eq!(f.error(Field::Employees), Some("unknown employee 99"));
}

#[test]
fn a_failure_that_is_no_refusal_offers_a_retry_of_the_same_patch() {
    let mut f = form();
    set(&mut f, Field::End, "11:30");
    let first = saved(&mut f);
    f.refused(&ApiFault {
        kind: FaultKind::Other,
        text: "Kickserv had a server error (HTTP 500); details in the log".into(),
        retry_after: None,
        fields: FieldMessages::new(),
    });
    assert_eq!(
        f.message.as_deref(),
        Some(
            "save failed: Kickserv had a server error (HTTP 500); details in the log · {save} to retry"
        )
    );
    assert_eq!(saved(&mut f), first);
}

#[test]
fn drafts_are_due_after_a_change_at_most_every_300_ms() {
    let mut f = form();
    assert!(!f.draft_due(now()), "nothing typed, nothing to keep");
    type_in(&mut f, "!");
    let d = f.take_draft(now()).expect("a draft");
    assert_eq!(d.task_id, Some(2357911));
    assert_eq!(d.title, "Roof survey");
    assert_eq!(d.description, "Check the flashing!");
    assert_eq!(d.base_updated_at, task().updated_at);
    assert!(f.take_draft(now()).is_none(), "nothing new");
    type_in(&mut f, "!");
    let soon = now() + TimeDelta::milliseconds(299);
    assert!(f.take_draft(soon).is_none(), "too soon");
    let later = now() + TimeDelta::milliseconds(300);
    assert_eq!(
        f.take_draft(later).map(|d| d.description),
        Some("Check the flashing!!".into())
    );
}

#[test]
fn a_draft_restores_what_was_typed() {
    let mut f = form();
    type_in(&mut f, " twice");
    set(&mut f, Field::End, "1h30");
    f.set_employees(vec![2, 3]);
    let d = f.draft(now());
    let mut g = Form::from_draft(&d, &task(), New_York, &roster());
    assert_eq!(
        g.input(Field::Description).unwrap().value(),
        "Check the flashing twice"
    );
    assert_eq!(g.input(Field::End).unwrap().value(), "1h30");
    assert_eq!(g.employee_names(), ["Ben Okafor", "Chloé Martin"]);
    assert!(g.has_changes());
    assert!(!g.conflict());
    assert_eq!(saved(&mut g), saved(&mut f));
    // Onto a task changed since the draft: saving asks twice.
    let mut newer = task();
    newer.updated_at = Some(at("2026-11-27T10:00:00-05:00"));
    let mut g = Form::from_draft(&d, &newer, New_York, &roster());
    assert!(g.draft_is_stale());
    assert!(matches!(g.on_key(FormKey::Save), FormOutcome::Changed));
    assert!(matches!(g.on_key(FormKey::Save), FormOutcome::Save(_)));
}

#[test]
fn a_draft_of_a_new_task_restores_as_a_new_task() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let start = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
    let mut f = Form::for_new(date, start, Some(2), New_York, &roster());
    type_in(&mut f, "Quote");
    let d = f.take_draft(now()).expect("a draft");
    assert_eq!(d.task_id, None);
    let mut g = Form::from_draft(&d, &Task::default(), New_York, &roster());
    assert!(g.is_new());
    assert!(g.has_changes());
    assert_eq!(saved(&mut g), saved(&mut f));
}

#[test]
fn an_unscheduled_task_edits_its_description_without_times() {
    let mut t = task();
    t.starts_at = None;
    t.ends_at = None;
    let mut f = Form::for_task(&t, New_York, &roster());
    assert_eq!(f.error(Field::Date), None);
    assert_eq!(f.error(Field::Start), None);
    type_in(&mut f, "!");
    assert_eq!(
        saved(&mut f),
        TaskPatch {
            description: Some(Some("Check the flashing!".into())),
            ..TaskPatch::default()
        }
    );
    // Typing a time asks for all of them.
    set(&mut f, Field::Start, "9");
    assert!(f.error(Field::Date).is_some());
}

#[test]
fn the_same_employees_in_another_order_are_no_change() {
    let mut t = task();
    t.employees.push(Arc::new(emp(2, "Ben Okafor")));
    let mut f = Form::for_task(&t, New_York, &roster());
    f.set_employees(vec![2, 1]);
    assert!(!f.has_changes());
    assert!(matches!(f.on_key(FormKey::Save), FormOutcome::Changed));
    assert_eq!(f.message.as_deref(), Some("nothing to change"));
}

#[test]
fn a_server_change_of_the_end_day_names_the_days() {
    let mut f = form();
    let mut newer = task();
    newer.ends_at = Some(at("2026-11-28T11:00:00-05:00"));
    assert!(f.server_changed(&newer));
    let texts: Vec<String> = f.server_changes().iter().map(ServerChange::text).collect();
    assert_eq!(texts, ["end 2026-11-27 11:00 → 2026-11-28 11:00"]);
}
