//! The tolerant model against the shapes documented for Kickserv.

use kickdesk::kickserv::model::{
    Employee, Job, JobListEntry, Listing, ListingNotes, Status, Task, TaskPatch,
};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The illustrative task object of the API reference (§5.2).
fn reference_task() -> Value {
    json!({
      "id": 2357911,
      "account_id": 999,
      "job_id": 39497130,
      "task_type_id": 4711,
      "description": "Realign tub; bring level and shims",
      "starts_at": "2022-05-18T09:00:00-04:00",
      "ends_at": "2022-05-18T11:30:00-04:00",
      "duration": "2.5",
      "all_day": false,
      "created_at": "2022-05-17T10:05:02-04:00",
      "updated_at": "2022-05-17T10:05:02-04:00",
      "job": {
        "id": 39497130,
        "customer_id": 6667788,
        "account_id": 999,
        "job_number": 86000,
        "name": "Bathtub Realignment",
        "status": "scheduled",
        "job_type_id": 24551,
        "description": "A new job from the API!",
        "created_at": "2022-05-17T10:04:14-04:00"
      },
      "customer": {
        "id": 6667788,
        "customer_number": 380,
        "name": "Samantha Example",
        "phone_number": "555-123-4567",
        "email_address": "sam@example.com",
        "service_address": "123 Main Street SE",
        "service_city": "Grand Rapids",
        "service_state": "MI",
        "service_zip_code": "49503",
        "latitude": 42.96,
        "longitude": -85.66
      },
      "primary_contact": null,
      "employees": [
        {
          "id": 846787,
          "account_id": 999,
          "employee_number": 17,
          "name": "User Name",
          "admin": false,
          "active": true,
          "limit_access_to_assignments": false,
          "email_address": "user@somedomain.com",
          "username": "someusername"
        }
      ]
    })
}

/// The full employee object (§6.2), secrets included, as an API may send it.
fn full_employee() -> Value {
    json!({
      "id": 846787,
      "account_id": 222222,
      "list_id": null,
      "edit_sequence": null,
      "employee_number": 17,
      "hired_date": "2019-03-01",
      "created_at": "2019-03-01T08:00:00-05:00",
      "name": "User Name",
      "username": "someusername",
      "password_salt": "SALT-abc123",
      "encrypted_password": "HASH-$2a$10$abcdefghijk",
      "email_address": "user@somedomain.com",
      "is_account_owner": false,
      "active": true,
      "can_login": true,
      "address": "1 Elm St",
      "city": "Grand Rapids",
      "state": "MI",
      "zip_code": "49503",
      "home_phone": null,
      "cell_phone": "555-000-1111",
      "pager": null,
      "notify_via_email": true,
      "notify_via_mobile": false,
      "notification_email_address": "alerts@somedomain.com",
      "notification_mobile_number": "555-000-2222",
      "notification_mobile_host": "txt.example.net",
      "remember_token": "REMEMBER-xyz789",
      "remember_me_token_expires_at": "2030-01-01T00:00:00-05:00",
      "custom_text1": "van 3",
      "custom_number1": "4.0",
      "custom_datetime1": null
    })
}

/// A job with the documented head of the object (§8.2) and QuickBooks leftovers.
fn reference_job() -> Value {
    json!({
      "id": 39497130,
      "customer_id": 6667788,
      "account_id": 999,
      "job_number": 86000,
      "created_at": "2022-05-17T10:04:14-04:00",
      "name": "Bathtub Realignment",
      "scheduled_on": "2022-05-18T09:00:00-04:00",
      "completed_on": null,
      "ok_to_sync": true,
      "txn_id": null,
      "edit_sequence": null,
      "ref_number": null,
      "subtotal": "0.0",
      "tax": "0.0",
      "balance_remaining": "0.0",
      "estimate_type": null,
      "self_service": false,
      "custom_text1": "gate code 1234",
      "custom_number1": null,
      "custom_datetime1": null,
      "status": "in_progress",
      "job_type_id": 24551,
      "total": "145.50",
      "job_charges": [
        {"id": 1, "quantity": "6.0", "price_per_unit": "45.0", "item": {"id": 2, "name": "Labour"}}
      ]
    })
}

#[test]
fn reference_task_parses_with_its_glue() -> TestResult {
    let t: Task = serde_json::from_value(reference_task())?;
    assert_eq!(t.id, 2357911);
    assert_eq!(t.account_id, Some(999));
    assert_eq!(t.job_id, Some(39497130));
    assert_eq!(t.task_type_id, Some(4711));
    assert_eq!(
        t.description.as_deref(),
        Some("Realign tub; bring level and shims")
    );
    assert_eq!(
        t.starts_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2022-05-18T09:00:00-04:00")
    );
    assert_eq!(
        t.ends_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2022-05-18T11:30:00-04:00")
    );
    assert_eq!(t.duration.as_deref(), Some("2.5"));
    assert_eq!(t.all_day, Some(false));
    assert_eq!(t.status, None);

    let job = t.job.as_ref().ok_or("job glue missing")?;
    assert_eq!(job.job_number, Some(86000));
    assert_eq!(job.status, Some(Status::Scheduled));
    assert_eq!(t.effective_status(), Some(&Status::Scheduled));
    assert_eq!(t.title(), "Bathtub Realignment");

    let c = t.customer.as_ref().ok_or("customer glue missing")?;
    assert_eq!(c.customer_number, Some(380));
    assert_eq!(c.latitude, Some(42.96));
    assert_eq!(
        c.address_line(),
        "123 Main Street SE, Grand Rapids, MI, 49503"
    );
    assert_eq!(t.customer_name(), Some("Samantha Example"));

    assert_eq!(t.primary_contact, None);
    assert_eq!(t.employees.len(), 1);
    assert_eq!(t.employees[0].employee_number, Some(17));
    assert_eq!(t.employees[0].username.as_deref(), Some("someusername"));
    assert!(
        t.extra.is_empty(),
        "every reference key is modelled: {:?}",
        t.extra
    );
    Ok(())
}

#[test]
fn task_round_trips_through_json() -> TestResult {
    let t: Task = serde_json::from_value(reference_task())?;
    let again: Task = serde_json::from_value(serde_json::to_value(&t)?)?;
    assert_eq!(t, again);
    Ok(())
}

#[test]
fn unknown_keys_are_kept_at_every_level() -> TestResult {
    let mut v = reference_task();
    v["color"] = json!("#ff0000");
    v["job"]["po_number"] = json!("PO-77");
    v["customer"]["special_instructions"] = json!("Dog in yard");
    v["employees"][0]["cell_phone"] = json!("555-1");
    let t: Task = serde_json::from_value(v)?;
    assert_eq!(t.extra.get("color"), Some(json!("#ff0000")));
    assert_eq!(
        t.job.as_ref().and_then(|j| j.extra.get("po_number")),
        Some(json!("PO-77"))
    );
    assert_eq!(
        t.customer
            .as_ref()
            .and_then(|c| c.extra.get("special_instructions")),
        Some(json!("Dog in yard"))
    );
    assert_eq!(t.employees[0].extra.get("cell_phone"), Some(json!("555-1")));

    let out = serde_json::to_value(&t)?;
    assert_eq!(out["color"], json!("#ff0000"));
    assert_eq!(out["job"]["po_number"], json!("PO-77"));
    Ok(())
}

#[test]
fn null_in_every_nested_record() -> TestResult {
    let v = json!({
        "id": 5,
        "job": null,
        "customer": null,
        "primary_contact": null,
        "employees": null,
        "starts_at": null,
        "ends_at": null,
        "description": null,
        "status": null
    });
    let t: Task = serde_json::from_value(v)?;
    assert_eq!(t.id, 5);
    assert!(t.job.is_none() && t.customer.is_none() && t.primary_contact.is_none());
    assert!(t.employees.is_empty());
    assert!(t.starts_at.is_none() && t.ends_at.is_none() && t.description.is_none());
    assert_eq!(t.title(), "(untitled)");
    assert_eq!(t.effective_status(), None);
    Ok(())
}

#[test]
fn missing_keys_are_fine_but_an_id_is_required() -> TestResult {
    let t: Task = serde_json::from_value(json!({"id": "42"}))?;
    assert_eq!(t.id, 42);
    assert!(serde_json::from_value::<Task>(json!({"description": "no id"})).is_err());
    assert!(serde_json::from_value::<Task>(json!({"id": "forty-two"})).is_err());
    Ok(())
}

#[test]
fn wrong_typed_values_degrade_to_none() -> TestResult {
    let v = json!({
        "id": 7,
        "account_id": "not a number",
        "job_id": {"nested": true},
        "task_type_id": "12",
        "description": 1234,
        "starts_at": 1652878800,
        "ends_at": "tomorrow-ish",
        "all_day": "maybe",
        "duration": 2.5,
        "status": 3,
        "created_at": false,
        "job": "not an object",
        "customer": {"id": 1, "latitude": "north", "longitude": "-85.5", "customer_number": [1]},
        "primary_contact": {"id": "x", "name": 99},
        "employees": [{"id": 1, "active": "t", "admin": 0}, "junk", {"name": "no id"}, null]
    });
    let t: Task = serde_json::from_value(v)?;
    assert_eq!(t.account_id, None);
    assert_eq!(t.job_id, None);
    assert_eq!(t.task_type_id, Some(12), "numeric strings are numbers");
    assert_eq!(
        t.description.as_deref(),
        Some("1234"),
        "numbers are kept as text"
    );
    assert_eq!(t.starts_at, None);
    assert_eq!(t.ends_at, None);
    assert_eq!(t.all_day, None);
    assert_eq!(t.duration.as_deref(), Some("2.5"));
    assert_eq!(t.status, None);
    assert_eq!(t.created_at, None);
    assert_eq!(t.job, None);
    let c = t.customer.as_ref().ok_or("customer dropped")?;
    assert_eq!(c.latitude, None);
    assert_eq!(c.longitude, Some(-85.5));
    assert_eq!(c.customer_number, None);
    let pc = t.primary_contact.as_ref().ok_or("contact dropped")?;
    assert_eq!(pc.id, None);
    assert_eq!(pc.name.as_deref(), Some("99"));
    assert_eq!(t.employees.len(), 1, "entries without an id are dropped");
    assert_eq!(t.employees[0].active, Some(true));
    assert_eq!(t.employees[0].admin, Some(false));
    Ok(())
}

#[test]
fn unknown_statuses_are_kept_verbatim() -> TestResult {
    let t: Task = serde_json::from_value(json!({"id": 1, "status": "awaiting_parts"}))?;
    assert_eq!(t.status, Some(Status::Other("awaiting_parts".into())));
    assert_eq!(serde_json::to_value(&t)?["status"], json!("awaiting_parts"));

    for (raw, want) in [
        ("new", Status::New),
        ("in_progress", Status::InProgress),
        ("complete", Status::Complete),
        ("completed", Status::Complete),
        ("canceled", Status::Canceled),
        ("cancelled", Status::Canceled),
        ("estimate_viewed", Status::EstimateViewed),
        ("Scheduled", Status::Other("Scheduled".into())),
    ] {
        assert_eq!(Status::from(raw), want, "{raw}");
    }
    Ok(())
}

#[test]
fn full_employee_parses_without_its_secrets() -> TestResult {
    let e: Employee = serde_json::from_value(full_employee())?;
    assert_eq!(e.id, 846787);
    assert_eq!(e.employee_number, Some(17));
    assert_eq!(e.display_name(), "User Name");
    assert_eq!(e.notify_via_email, Some(true));
    assert_eq!(e.notify_via_mobile, Some(false));
    assert_eq!(
        e.notification_email_address.as_deref(),
        Some("alerts@somedomain.com")
    );
    assert_eq!(
        e.notification_mobile_number.as_deref(),
        Some("555-000-2222")
    );
    assert_eq!(e.extra.get("cell_phone"), Some(json!("555-000-1111")));
    assert_eq!(
        e.extra.get("notification_mobile_host"),
        Some(json!("txt.example.net"))
    );

    for secret in [
        "encrypted_password",
        "password_salt",
        "remember_token",
        "remember_me_token_expires_at",
    ] {
        assert!(!e.extra.contains_key(secret), "{secret} kept in extra");
    }
    let out = serde_json::to_string(&e)?;
    let debug = format!("{e:?}");
    for value in [
        "SALT-abc123",
        "HASH-",
        "REMEMBER-xyz789",
        "encrypted_password",
        "password_salt",
        "remember_token",
    ] {
        assert!(!out.contains(value), "{value} re-serialised: {out}");
        assert!(!debug.contains(value), "{value} in Debug output");
    }
    Ok(())
}

#[test]
fn secrets_inside_task_glue_are_dropped_too() -> TestResult {
    let mut v = reference_task();
    v["employees"] = json!([full_employee()]);
    let t: Task = serde_json::from_value(v)?;
    let out = serde_json::to_string(&t)?;
    assert_eq!(t.employees.len(), 1);
    assert!(!out.contains("HASH-") && !out.contains("SALT-") && !out.contains("REMEMBER-"));
    Ok(())
}

#[test]
fn employee_without_a_name_is_still_displayable() -> TestResult {
    let e: Employee = serde_json::from_value(json!({"id": 3, "employee_number": 8, "name": "  "}))?;
    assert_eq!(e.display_name(), "Employee #8");
    let e: Employee = serde_json::from_value(json!({"id": 3}))?;
    assert_eq!(e.display_name(), "Employee 3");
    Ok(())
}

#[test]
fn reference_job_keeps_its_unmodelled_keys() -> TestResult {
    let j: Job = serde_json::from_value(reference_job())?;
    assert_eq!(j.id, 39497130);
    assert_eq!(j.job_number, Some(86000));
    assert_eq!(j.status, Some(Status::InProgress));
    assert_eq!(j.subtotal.as_deref(), Some("0.0"));
    assert_eq!(j.total.as_deref(), Some("145.50"));
    assert_eq!(
        j.scheduled_on.map(|d| d.to_rfc3339()).as_deref(),
        Some("2022-05-18T09:00:00-04:00")
    );
    assert_eq!(j.extra.get("custom_text1"), Some(json!("gate code 1234")));
    assert_eq!(j.extra.get("txn_id"), Some(Value::Null));
    assert_eq!(
        j.extra.map()["job_charges"][0]["price_per_unit"],
        json!("45.0")
    );
    let again: Job = serde_json::from_value(serde_json::to_value(&j)?)?;
    assert_eq!(j, again);
    Ok(())
}

#[test]
fn job_list_example_parses() -> TestResult {
    let v = json!([
        {"id": 1122334455, "name": "Opportunity #24601: Tracking", "status": "new"},
        {"id": 1122334466, "name": "Opportunity #1701: Exploration", "status": "estimate_viewed"}
    ]);
    let list: Vec<JobListEntry> = serde_json::from_value(v)?;
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, 1122334455);
    assert_eq!(
        list[0].name.as_deref(),
        Some("Opportunity #24601: Tracking")
    );
    assert_eq!(list[0].status, Some(Status::New));
    assert_eq!(list[1].status, Some(Status::EstimateViewed));
    let odd: JobListEntry =
        serde_json::from_value(json!({"id": "9", "status": "on_ice", "job_number": 12}))?;
    assert_eq!(odd.status, Some(Status::Other("on_ice".into())));
    assert_eq!(odd.extra.get("job_number"), Some(json!(12)));
    Ok(())
}

/// What a PUT or DELETE answers: the task with job and customer glue only.
fn put_answer(change: Value) -> Result<Task, serde_json::Error> {
    let mut v = reference_task();
    if let Some(m) = v.as_object_mut() {
        m.remove("employees");
        m.remove("primary_contact");
        m.remove("x_known_only");
        if let Some(change) = change.as_object() {
            m.extend(change.clone());
        }
    }
    serde_json::from_value(v)
}

fn known_task() -> Result<Task, serde_json::Error> {
    let mut v = reference_task();
    v["primary_contact"] = json!({"id": 5, "name": "Pat Example"});
    v["x_known_only"] = json!("kept");
    serde_json::from_value(v)
}

#[test]
fn an_answer_without_employees_is_merged_not_swapped_in() -> TestResult {
    let known = known_task()?;
    assert_eq!(known.employees.len(), 1);
    assert!(known.primary_contact.is_some());
    let answer = put_answer(json!({
        "description": null,
        "ends_at": "2022-05-18T12:00:00-04:00",
        "updated_at": "2022-05-18T08:00:00-04:00",
        "x_from_answer": 1
    }))?;
    let merged = known.merged_with(answer.clone());

    // The server's fields, a cleared one included.
    assert_eq!(merged.description, None);
    assert_eq!(merged.ends_at, answer.ends_at);
    assert_eq!(merged.updated_at, answer.updated_at);
    assert_eq!(merged.job, answer.job);
    assert_eq!(merged.customer, answer.customer);
    // What the answer lacks, from the task known.
    assert_eq!(merged.employees, known.employees);
    assert_eq!(merged.primary_contact, known.primary_contact);
    assert_eq!(merged.extra.get("x_known_only"), Some(json!("kept")));
    assert_eq!(merged.extra.get("x_from_answer"), Some(json!(1)));
    // Nothing else of the known task survives.
    assert_eq!(
        Task {
            employees: Vec::new(),
            primary_contact: None,
            extra: Default::default(),
            ..merged
        },
        Task {
            extra: Default::default(),
            ..answer
        }
    );
    Ok(())
}

#[test]
fn glue_in_the_answer_wins_and_another_task_is_not_merged() -> TestResult {
    let known = known_task()?;
    let mut full = reference_task();
    full["employees"] = json!([{"id": 7, "name": "Other Person"}]);
    full["primary_contact"] = json!({"id": 6, "name": "New Contact"});
    let answer: Task = serde_json::from_value(full)?;
    let merged = known.merged_with(answer.clone());
    assert_eq!(merged.employees, answer.employees);
    assert_eq!(merged.primary_contact, answer.primary_contact);

    let other = Task {
        id: known.id + 1,
        ..put_answer(json!({}))?
    };
    assert_eq!(known.merged_with(other.clone()), other);
    Ok(())
}

#[test]
fn task_patch_clears_with_null_and_leaves_the_rest_out() -> TestResult {
    let patch = TaskPatch {
        description: Some(None),
        name: Some(Some("Roof survey".into())),
        task_type_id: Some(None),
        ..TaskPatch::default()
    };
    let sent = serde_json::to_value(&patch)?;
    assert_eq!(
        sent,
        json!({"description": null, "name": "Roof survey", "task_type_id": null})
    );
    // Unchanged fields are not sent at all, not even as null.
    let keys: Vec<&String> = sent.as_object().ok_or("not an object")?.keys().collect();
    assert_eq!(keys.len(), 3);
    assert!(!patch.is_empty());
    assert!(
        !TaskPatch {
            description: Some(None),
            ..TaskPatch::default()
        }
        .is_empty(),
        "a clear alone is a change"
    );
    // Read back, a clear stays a clear and an absent key stays unchanged.
    let back: TaskPatch = serde_json::from_value(sent)?;
    assert_eq!(back, patch);
    Ok(())
}

#[test]
fn task_patch_sends_only_what_it_carries() -> TestResult {
    let patch = TaskPatch {
        description: Some(Some("A new description".into())),
        ends_at: chrono::DateTime::parse_from_rfc3339("2021-03-05T12:15:00-05:00").ok(),
        ..TaskPatch::default()
    };
    assert_eq!(
        serde_json::to_value(&patch)?,
        json!({"description": "A new description", "ends_at": "2021-03-05T12:15:00-05:00"})
    );
    assert!(TaskPatch::default().is_empty());
    assert!(!patch.is_empty());
    Ok(())
}

#[test]
fn identical_glue_is_shared_between_tasks() {
    use kickdesk::kickserv::model::share_glue;
    use std::sync::Arc;
    let json = |id: i64, job_name: &str| {
        json!({"id": id, "job": {"id": 7, "name": job_name}, "customer": {"id": 9, "name": "Li"},
               "employees": [{"id": 3, "name": "Ana"}]})
    };
    let mut tasks: Vec<Task> = vec![
        serde_json::from_value(json(1, "AC repair")).unwrap(),
        serde_json::from_value(json(2, "AC repair")).unwrap(),
        serde_json::from_value(json(3, "AC repair (renamed)")).unwrap(),
    ];
    share_glue(&mut tasks);
    let job = |i: usize| tasks[i].job.as_ref().unwrap();
    assert!(Arc::ptr_eq(job(0), job(1)));
    assert!(
        !Arc::ptr_eq(job(0), job(2)),
        "different content stays separate"
    );
    assert_eq!(job(2).name.as_deref(), Some("AC repair (renamed)"));
    assert!(Arc::ptr_eq(
        tasks[0].customer.as_ref().unwrap(),
        tasks[2].customer.as_ref().unwrap()
    ));
    assert!(Arc::ptr_eq(&tasks[0].employees[0], &tasks[2].employees[0]));
}

#[test]
fn extra_answers_for_the_unknown_keys_it_kept_and_only_those() -> TestResult {
    let t: Task = serde_json::from_value(json!({
        "id": 1,
        "zz_custom": {"a": 1},
        "webhook_secret": "s3cret",
        "api_token": "t0ken"
    }))?;
    assert!(t.extra.contains_key("zz_custom"));
    // A key only the general rule knows is dropped as surely as a listed one.
    assert!(!t.extra.contains_key("webhook_secret"));
    assert!(!t.extra.contains_key("api_token"));
    assert_eq!(t.extra.as_json(), r#"{"zz_custom":{"a":1}}"#);
    let bare: Task = serde_json::from_value(json!({"id": 2}))?;
    assert_eq!(bare.extra.as_json(), "{}");
    Ok(())
}

#[test]
fn unknown_keys_that_are_not_an_object_are_refused_by_name() {
    let e = serde_json::from_str::<kickdesk::kickserv::model::Extra>("1")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("expected a map"), "{e}");
}

#[test]
fn booleans_spelt_as_text_or_numbers_are_read_both_ways() -> TestResult {
    for (raw, want) in [
        (json!("true"), Some(true)),
        (json!(" yes "), Some(true)),
        (json!("t"), Some(true)),
        (json!("1"), Some(true)),
        (json!(1), Some(true)),
        (json!("false"), Some(false)),
        (json!("no"), Some(false)),
        (json!("f"), Some(false)),
        (json!("0"), Some(false)),
        (json!(0), Some(false)),
        (json!("maybe"), None),
    ] {
        let t: Task = serde_json::from_value(json!({"id": 1, "all_day": raw.clone()}))?;
        assert_eq!(t.all_day, want, "{raw}");
    }
    Ok(())
}

#[test]
fn text_fields_keep_numbers_and_booleans_as_their_text_and_an_empty_status_is_none() -> TestResult {
    let t: Task = serde_json::from_value(json!({"id": 1, "name": true, "description": 12.5}))?;
    assert_eq!(t.name.as_deref(), Some("true"));
    assert_eq!(t.description.as_deref(), Some("12.5"));
    let t: Task = serde_json::from_value(json!({"id": 2, "status": ""}))?;
    assert_eq!(t.status, None);
    let t: Task = serde_json::from_value(json!({"id": 3, "status": "scheduled"}))?;
    assert!(t.status.is_some());
    Ok(())
}

#[test]
fn statuses_have_plain_word_labels_and_unknown_ones_read_as_received() {
    for (wire, words) in [
        ("in_progress", "in progress"),
        ("on_hold", "on hold"),
        ("estimate_scheduled", "estimate scheduled"),
        ("scheduled", "scheduled"),
        ("paused_by_weather", "paused_by_weather"),
    ] {
        let s = Status::from(wire);
        assert_eq!(s.label(), words, "{wire}");
        assert_eq!(s.as_str(), wire);
    }
}

#[test]
fn an_answer_without_glue_keeps_the_job_and_customer_known() -> TestResult {
    let known = known_task()?;
    assert!(known.job.is_some() && known.customer.is_some());
    let mut answer = put_answer(json!({"description": "new words"}))?;
    answer.job = None;
    answer.customer = None;
    let merged = known.merged_with(answer);
    assert_eq!(merged.description.as_deref(), Some("new words"));
    assert_eq!(merged.job, known.job);
    assert_eq!(merged.customer, known.customer);
    Ok(())
}

#[test]
fn a_title_is_the_task_name_unless_blank_then_the_job_name() -> TestResult {
    let named: Task = serde_json::from_value(json!({
        "id": 1, "name": "Roof survey", "job": {"id": 9, "name": "Annual service"}
    }))?;
    assert_eq!(named.title(), "Roof survey");
    let blank: Task = serde_json::from_value(json!({
        "id": 2, "name": "  ", "job": {"id": 9, "name": "Annual service"}
    }))?;
    assert_eq!(blank.title(), "Annual service");
    Ok(())
}

#[test]
fn statuses_print_their_wire_spelling() {
    assert_eq!(Status::InProgress.to_string(), "in_progress");
    assert_eq!(Status::Other("on_ice".into()).to_string(), "on_ice");
}

#[test]
fn listing_notes_say_what_is_missing_and_add_up() {
    let whole = ListingNotes::default();
    assert!(whole.is_complete());
    let skipped = ListingNotes {
        unreadable: 2,
        capped_at: None,
        ..ListingNotes::default()
    };
    let capped = ListingNotes {
        unreadable: 0,
        capped_at: Some(500),
        ..ListingNotes::default()
    };
    assert!(!skipped.is_complete());
    assert!(!capped.is_complete());
    let both = skipped.merge(capped).merge(ListingNotes {
        unreadable: 3,
        capped_at: None,
        ..ListingNotes::default()
    });
    assert_eq!(
        both,
        ListingNotes {
            unreadable: 5,
            capped_at: Some(500),
            ..ListingNotes::default()
        }
    );
    let listing = Listing::from(vec![Task {
        id: 7,
        ..Task::default()
    }]);
    assert_eq!(listing.tasks.len(), 1);
    assert!(listing.notes.is_complete());
}

#[test]
fn notify_kinds_spell_the_documented_notification_types() {
    use kickdesk::kickserv::model::NotifyKind;
    // The API reference's `notification_type` values; none means the employee.
    for (kind, param) in [
        (NotifyKind::Employee, None),
        (NotifyKind::Details, Some("details")),
        (NotifyKind::OnTheWay, Some("on_the_way")),
    ] {
        assert_eq!(kind.param(), param);
        assert_eq!(NotifyKind::from_param(param), Some(kind));
    }
    assert_eq!(NotifyKind::from_param(Some("")), Some(NotifyKind::Employee));
    assert_eq!(NotifyKind::from_param(Some("sms")), None);
    assert_eq!(NotifyKind::Employee.label(), "notify assigned employee");
    assert_eq!(
        NotifyKind::Details.label(),
        "send customer appointment details"
    );
    assert_eq!(NotifyKind::OnTheWay.label(), "tell customer \"on the way\"");
}

#[test]
fn a_customer_is_reachable_by_any_one_of_email_phone_or_mobile() -> TestResult {
    use kickdesk::kickserv::model::Customer;
    let c = |v: Value| serde_json::from_value::<Customer>(v);
    assert!(!c(json!({"id": 1}))?.is_reachable());
    assert!(!c(json!({"id": 1, "email_address": "  ", "phone_number": ""}))?.is_reachable());
    assert!(c(json!({"id": 1, "email_address": "a@example.com"}))?.is_reachable());
    assert!(c(json!({"id": 1, "phone_number": "555-0100"}))?.is_reachable());
    assert!(c(json!({"id": 1, "mobile": "555-0101"}))?.is_reachable());
    Ok(())
}

#[test]
fn a_contact_is_named_by_its_name_else_first_and_last() -> TestResult {
    use kickdesk::kickserv::model::Contact;
    let c = |v: Value| serde_json::from_value::<Contact>(v);
    assert_eq!(
        c(json!({"id": 1, "name": "Pat Example", "first_name": "P"}))?.display_name(),
        "Pat Example"
    );
    assert_eq!(
        c(json!({"id": 1, "name": " ", "first_name": "Pat", "last_name": "Example"}))?
            .display_name(),
        "Pat Example"
    );
    Ok(())
}

mod closed_statuses_and_listing_keys {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn canceled_and_lost_are_called_off_and_with_complete_closed() {
        let mut all: Vec<Status> = Status::KNOWN.to_vec();
        all.push(Status::Other("archived".into()));
        for s in &all {
            let off = matches!(s, Status::Canceled | Status::Lost);
            assert_eq!(s.is_called_off(), off, "{s:?} called off");
            assert_eq!(s.is_closed(), off || *s == Status::Complete, "{s:?} closed");
        }
    }

    /// A board listing forgets the unknown keys of a task's job and
    /// customer (no view shows them); a record shared with another task is
    /// copied first, so that one keeps its keys; one with nothing to forget
    /// stays shared.
    #[test]
    fn a_listing_drops_nested_unknown_keys_and_spares_what_others_share() -> TestResult {
        let mut v = reference_task();
        v["color"] = json!("#ff0000");
        v["job"]["po_number"] = json!("PO-77");
        v["customer"]["special_instructions"] = json!("Dog in yard");
        let mut t: Task = serde_json::from_value(v)?;
        let other = t.clone();
        t.drop_nested_keys();
        let job = t.job.as_ref().ok_or("a job")?;
        let customer = t.customer.as_ref().ok_or("a customer")?;
        assert!(job.extra.is_empty(), "{:?}", job.extra);
        assert!(customer.extra.is_empty(), "{:?}", customer.extra);
        assert_eq!(t.extra.get("color"), Some(json!("#ff0000")));
        let their_job = other.job.as_ref().ok_or("a job")?;
        let their_customer = other.customer.as_ref().ok_or("a customer")?;
        assert_eq!(their_job.extra.get("po_number"), Some(json!("PO-77")));
        assert_eq!(
            their_customer.extra.get("special_instructions"),
            Some(json!("Dog in yard"))
        );

        // Nothing to forget: the records stay shared, not copied.
        let plain: Task = serde_json::from_value(reference_task())?;
        let mut lean = plain.clone();
        lean.drop_nested_keys();
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
        }
        assert!(same(&lean.job, &plain.job), "the job was copied");
        assert!(
            same(&lean.customer, &plain.customer),
            "the customer was copied"
        );
        Ok(())
    }
}
