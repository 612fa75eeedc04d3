//! A token refused while the board runs: a full-screen explanation replaces
//! the grid, and the last data stays a key away.

mod common;

use common::*;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{FaultKind, Msg};
use kickdesk::app::update::update;

/// A board with a task, then a poll two minutes later that Kickserv refuses.
fn refused(w: u16, h: u16) -> Model {
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    resize(&mut m, w, h);
    let later = now() + chrono::Duration::minutes(2);
    // The poll falls due on this tick.
    let cmds = update(&mut m, Msg::Tick(later));
    answer_fetch_at(
        &mut m,
        &cmds,
        later,
        Err(fault(
            FaultKind::Auth,
            "Kickserv refused the API token (401)",
        )),
    );
    m
}

#[test]
fn a_token_refused_later_replaces_the_grid_with_what_to_do() {
    let m = refused(100, 30);
    let s = screen(&m);
    assert!(!s.contains("AC repair"), "the grid is gone:\n{s}");
    assert!(s.contains("KICKDESK_TOKEN"), "{s}");
    assert!(
        s.contains("v  shows the last data (from 10:45, 2 min old)"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn v_shows_the_last_data_and_back() {
    let mut m = refused(120, 40);
    press(&mut m, &[key('v')]);
    let s = screen(&m);
    assert!(s.contains("AC repair"), "the last data:\n{s}");
    assert!(
        s.contains("⚠ Kickserv refused"),
        "the header still says it:\n{s}"
    );
    press(&mut m, &[key('v')]);
    assert!(!screen(&m).contains("AC repair"));
    // A good answer ends it; a later refusal explains again.
    let cmds = press(&mut m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    let ana = employee(1, 1, "Ana Gómez");
    answer_at(
        &mut m,
        (seq, period),
        now() + chrono::Duration::minutes(3),
        Ok(vec![task(10, &[&ana], 9, 0, 60, "AC repair")].into()),
    );
    assert!(screen(&m).contains("AC repair"));
    assert!(!m.auth_peek());
}
