//! The employee picker writes its result to the target it owns (the form
//! it was opened from, or the board's filter), not to whatever modal is
//! under it when `Enter` comes.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::form::Field;
use kickdesk::app::keymap::Context;
use kickdesk::app::model::{Model, Overlay};

fn board() -> Model {
    let ana = employee(1, 101, "Ana Gómez");
    let ben = employee(2, 102, "Ben Okafor");
    let mut m = loaded(
        vec![ana.clone(), ben],
        vec![task(7, &[&ana], 9, 0, 60, "Roof survey")],
    );
    press(&mut m, &[key('j')]);
    m
}

/// `e`, Tab to the employees, Enter: the form's picker on top.
fn picker_over_form(m: &mut Model) {
    press(m, &[key('e')]);
    for _ in 0..8 {
        if matches!(m.top(), Some(Overlay::Form(f)) if f.focus() == Field::Employees) {
            break;
        }
        press(m, &[code(KeyCode::Tab)]);
    }
    press(m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Picker);
}

fn form_employees(m: &Model) -> Vec<String> {
    m.modals()
        .iter()
        .find_map(|o| match o {
            Overlay::Form(f) => Some(f.employee_names()),
            _ => None,
        })
        .expect("a form is open")
}

#[test]
fn the_forms_picker_writes_to_its_form_even_with_another_modal_between() {
    let mut m = board();
    picker_over_form(&mut m);
    // Something opened between the form and its picker (no key does this
    // today; a message that opens a modal under the top one could).
    m.open_beneath_top(Overlay::Help { scroll: 0 });
    assert_eq!(m.key_context(), Context::Picker);
    press(&mut m, &typed("ben"));
    press(&mut m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
    assert_eq!(form_employees(&m), ["Ana Gómez", "Ben Okafor"]);
    assert!(matches!(m.top(), Some(Overlay::Help { .. })));
    assert_eq!(
        *m.employee_filter(),
        None,
        "the board's filter is not its target"
    );
}

#[test]
fn enter_in_the_forms_picker_with_no_change_changes_nothing() {
    let mut m = board();
    picker_over_form(&mut m);
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(form_employees(&m), ["Ana Gómez"]);
    match m.top() {
        Some(Overlay::Form(f)) => assert!(!f.has_changes(), "nothing was edited"),
        other => panic!("back to the form: {other:?}"),
    }
}
