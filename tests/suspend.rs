//! Ctrl-Z asks the runtime to suspend, from the board and from any box.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use kickdesk::app::model::Overlay;
use kickdesk::app::msg::{Cmd, Msg, TermCmd};

fn ctrl_z() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL))
}

#[test]
fn ctrl_z_suspends_and_keeps_what_is_open() {
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    assert_eq!(
        press(&mut m, &[ctrl_z()]),
        vec![Cmd::Term(TermCmd::Suspend)]
    );
    press(&mut m, &[key('?')]);
    assert_eq!(
        press(&mut m, &[ctrl_z()]),
        vec![Cmd::Term(TermCmd::Suspend)]
    );
    assert!(
        matches!(m.top(), Some(Overlay::Help { .. })),
        "{:?}",
        m.modals()
    );
    // A plain z is not a suspend.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(!press(&mut m, &[key('z')]).contains(&Cmd::Term(TermCmd::Suspend)));
}
