//! The job chooser of a new task (`a`): customers of one name told apart
//! by their number and address, and every job listed with its number.

mod common;

use crossterm::event::KeyCode;

use common::{code, employee, key, loaded, press, screen, task, typed};
use kickdesk::app::keymap::Context;
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::kickserv::model::{Customer, JobListEntry};

fn board() -> Model {
    let ana = employee(1, 101, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(7, &[&ana], 9, 0, 60, "Boiler service")],
    );
    press(&mut m, &[key('j')]);
    m
}

/// Two customers called Paula Reyes, at two addresses.
fn paulas() -> Vec<Customer> {
    serde_json::from_value(serde_json::json!([
        {"id": 501, "customer_number": 1042, "name": "Paula Reyes",
         "service_address": "12 Elm Street", "service_city": "Springfield"},
        {"id": 502, "customer_number": 2210, "name": "Paula Reyes",
         "service_address": "880 Harbor Road", "service_city": "Shelbyville",
         "service_state": "IL"}
    ]))
    .unwrap()
}

/// `a`, then a search for "Paula" answered with both.
fn searched(m: &mut Model) {
    press(m, &[key('a')]);
    assert_eq!(m.key_context(), Context::Jobs);
    let mut keys = typed("Paula");
    keys.push(code(KeyCode::Enter));
    let seq = match press(m, &keys).as_slice() {
        [Cmd::Api(ApiCmd::SearchCustomers { seq, .. })] => *seq,
        other => panic!("{other:?}"),
    };
    press(
        m,
        &[Msg::CustomersFound {
            seq,
            text: "Paula".into(),
            result: Ok(paulas()),
        }],
    );
}

#[test]
fn two_customers_of_one_name_are_told_apart_by_number_and_address() {
    let mut m = board();
    searched(&mut m);
    let s = screen(&m);
    assert!(
        s.contains("#1042 Paula Reyes · 12 Elm Street, Springfield"),
        "{s}"
    );
    assert!(
        s.contains("#2210 Paula Reyes · 880 Harbor Road, Shelbyville, IL"),
        "{s}"
    );
}

#[test]
fn the_jobs_of_the_customer_chosen_name_her_address_and_each_job_number() {
    let mut m = board();
    searched(&mut m);
    let cmds = press(&mut m, &[code(KeyCode::Down), code(KeyCode::Enter)]);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::JobList { customer_id: 502 })]);
    let jobs: Vec<JobListEntry> = serde_json::from_value(serde_json::json!([
        {"id": 39497130, "name": "Job #86000: Gutter repair", "status": "scheduled"},
        {"id": 39497131, "name": "Water heater", "status": "scheduled"}
    ]))
    .unwrap();
    press(
        &mut m,
        &[Msg::JobsListed {
            customer_id: 502,
            result: Ok(jobs),
        }],
    );
    let s = screen(&m);
    assert!(
        s.contains("Active jobs of #2210 Paula Reyes · 880 Harbor Road"),
        "{s}"
    );
    assert!(s.contains("Job #86000: Gutter repair"), "{s}");
    // A name without its number gets the one the task is posted to.
    assert!(s.contains("#39497131 Water heater"), "{s}");
}
