//! Notifications Kickserv would refuse are refused on the board, with why
//! and what to do, and no request leaves; the confirmations of the others
//! name who will be told and how, and "on the way" for a task that is not
//! today says so.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::keymap::Keymap;
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{Customer, Task};
use std::sync::Arc;

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// Ana's boiler (1), an unassigned leak check (2) at Rosa's, who has no
/// phone and no email, and Ana's gutter (3) at Li's, who has both.
fn tasks() -> Vec<Task> {
    let ana = employee(1, 1, "Ana Gómez");
    let mut leak = task(2, &[], 11, 0, 60, "Leak check");
    leak.customer = Some(Arc::new(Customer {
        id: 200,
        name: Some("Rosa Díaz".into()),
        ..Customer::default()
    }));
    let mut gutter = task(3, &[&ana], 13, 0, 60, "Gutter");
    gutter.customer = Some(Arc::new(Customer {
        id: 300,
        name: Some("Li Wei".into()),
        phone_number: Some("518-555-0166".into()),
        email_address: Some("li.wei@example.com".into()),
        ..Customer::default()
    }));
    vec![task(1, &[&ana], 9, 0, 60, "Boiler"), leak, gutter]
}

fn board_with(keys: Keymap) -> Model {
    let mut o = opts();
    o.keymap = keys;
    loaded_with(o, vec![employee(1, 1, "Ana Gómez")], tasks())
}

fn board() -> Model {
    board_with(Keymap::defaults())
}

/// Presses `k` on task `id`: no dialog opens and no command leaves.
fn refused(m: &mut Model, id: i64, k: char) -> String {
    m.focus_task(id);
    let cmds = update(m, key(k));
    assert!(cmds.is_empty(), "{k}: nothing is sent: {cmds:?}");
    assert!(
        !m.modals().iter().any(|o| matches!(o, Overlay::Confirm(_))),
        "{k}: no question is asked"
    );
    assert!(m.toast().as_ref().is_some_and(|t| t.error), "{k}");
    toast(m)
}

#[test]
fn notify_with_nobody_assigned_is_refused_with_the_key_that_assigns() {
    let mut m = board();
    assert_eq!(
        refused(&mut m, 2, 'n'),
        "Nobody is assigned: press e to assign someone"
    );
    assert!(screen(&m).contains("Nobody is assigned: press e to assign someone"));
    // The key is the keymap's.
    let table: toml::Table = "edit = \"ctrl-e\"".parse().unwrap();
    let mut m = board_with(Keymap::defaults().with_overrides(&table).unwrap());
    assert_eq!(
        refused(&mut m, 2, 'n'),
        "Nobody is assigned: press Ctrl-E to assign someone"
    );
}

#[test]
fn details_and_on_the_way_to_a_customer_with_no_phone_and_no_email_are_refused() {
    let mut m = board();
    for k in ['N', 'o'] {
        let why = refused(&mut m, 2, k);
        assert_eq!(
            why,
            "Rosa Díaz has no phone and no email: add one to the customer in Kickserv, then press r to refresh",
            "{k}"
        );
    }
}

#[test]
fn refusals_from_the_detail_send_nothing_either() {
    let mut m = board();
    m.focus_task(2);
    press(&mut m, &[code(KeyCode::Enter)]);
    for k in ['n', 'N', 'o'] {
        let cmds = update(&mut m, key(k));
        assert!(cmds.is_empty(), "{k}: {cmds:?}");
        assert!(matches!(m.top(), Some(Overlay::Detail { .. })), "{k}");
    }
}

#[test]
fn confirmations_name_who_will_be_told_and_how() {
    let mut m = board();
    m.focus_task(3);
    press(&mut m, &[key('n')]);
    let s = screen(&m);
    assert!(s.contains("Notify assigned employee: Ana Gómez?"), "{s}");
    press(&mut m, &[code(KeyCode::Esc), key('N')]);
    let s = screen(&m);
    assert!(
        s.contains("Send customer appointment details: Li Wei?"),
        "{s}"
    );
    assert!(
        s.contains("by text to 518-555-0166 and by email to li.wei@example.com"),
        "{s}"
    );
    press(&mut m, &[code(KeyCode::Esc), key('o')]);
    let s = screen(&m);
    assert!(s.contains("Tell customer \"on the way\": Li Wei?"), "{s}");
    assert!(s.contains("by text to 518-555-0166"), "{s}");
    assert!(!s.contains("not today"), "{s}");
}

#[test]
fn on_the_way_for_a_task_that_is_not_today_says_so() {
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = board();
    // Tomorrow's gutter, on the next day's board.
    let cmds = update(&mut m, key(']'));
    let mut later = task(3, &[&ana], 13, 0, 60, "Gutter");
    let tomorrow = today().succ_opt().unwrap();
    later.starts_at = Some(at(tomorrow, 13, 0));
    later.ends_at = Some(at(tomorrow, 14, 0));
    answer_fetch(&mut m, &cmds, vec![later].into());
    m.focus_task(3);
    let cmds = update(&mut m, key('o'));
    assert!(cmds.is_empty(), "asked first: {cmds:?}");
    let s = screen(&m);
    assert!(
        s.contains("This task is on Sat 28 Nov, not today: the customer would be"),
        "{s}"
    );
}
