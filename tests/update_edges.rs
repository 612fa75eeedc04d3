//! More `update()` edges: what the board does where a careless change to
//! `src/app/update.rs` would go unnoticed by the other tests.

mod common;

use chrono::Duration;
use common::*;

use kickdesk::app::msg::{ApiFault, FaultKind, Msg};
use kickdesk::app::update::update;

/// The screen of a refused token tells the last data's age in seconds for
/// its first minute, so a tick that only changes those seconds redraws it
/// (the board is drawn only when something asks for it).
#[test]
fn the_refused_token_screen_redraws_as_the_datas_age_counts_seconds() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(1, &[&ana], 9, 0, 60, "Boiler")],
    );
    // The poll falls due 30 s after the data came; Kickserv refuses it.
    let due = now() + Duration::seconds(30);
    let cmds = update(&mut m, Msg::Tick(due));
    answer_fetch_at(
        &mut m,
        &cmds,
        due,
        Err(ApiFault {
            kind: FaultKind::Auth,
            text: "Kickserv refused the API token (401)".into(),
            retry_after: None,
            fields: Default::default(),
        }),
    );
    assert!(m.shows_auth_screen());
    assert!(screen(&m).contains("30 s old"), "{}", screen(&m));
    // Fifteen seconds on, in the same minute, not yet stale.
    m.dirty = false;
    update(&mut m, Msg::Tick(now() + Duration::seconds(45)));
    assert!(!m.is_stale());
    assert!(m.dirty, "the age on the screen changed");
    assert!(screen(&m).contains("45 s old"), "{}", screen(&m));
}
