//! Who did it: the dispatcher's own save, create, delete and undo are named
//! as theirs ("Saved by you 10:45"), in the toast and in a detail open on
//! the task, also after a poll brings the change back; a change someone
//! else makes while the detail is open still says "changed on the server".

mod common;

use chrono::Duration;
use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::kickserv::model::{Employee, Job, Task};
use std::sync::Arc;

fn ana() -> Employee {
    employee(1, 101, "Ana Gómez")
}

/// Task 2357911, Roof survey, today 09:00–11:00, Ana, on job 77.
fn roof() -> Task {
    let mut t = task(2357911, &[&ana()], 9, 0, 120, "Roof survey");
    t.description = Some("Check the flashing".into());
    t.updated_at = Some(at(today(), 8, 0));
    t.job = Some(Arc::new(Job {
        id: 100,
        job_number: Some(77),
        ..Job::default()
    }));
    t.job_id = Some(100);
    t
}

/// The board with the roof survey's detail open.
fn detail_open() -> Model {
    let mut m = loaded(vec![ana()], vec![roof()]);
    press(&mut m, &[key('j'), code(KeyCode::Enter)]);
    assert!(matches!(m.top(), Some(Overlay::Detail { .. })));
    m
}

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// `e` from the detail, " (long ladder)" added to the description, `Ctrl-S`:
/// the PUT's base and patch.
fn save_from_detail(m: &mut Model) -> Vec<Cmd> {
    let mut keys = vec![key('e')];
    keys.extend(typed(" (long ladder)"));
    keys.push(ctrl('s'));
    press(m, &keys)
}

/// Roof survey as Kickserv keeps it after the dispatcher's save.
fn saved_roof() -> Task {
    let mut t = roof();
    t.description = Some("Check the flashing (long ladder)".into());
    t.updated_at = Some(at(today(), 10, 45));
    t
}

/// A poll: the clock moves on past the poll interval and the listing
/// answers with `tasks`.
fn poll(m: &mut Model, secs: i64, tasks: Vec<Task>) {
    let cmds = update(m, Msg::Tick(now() + Duration::seconds(secs)));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. }))),
        "a poll went out: {cmds:?}"
    );
    answer_fetch(m, &cmds, tasks.into());
}

use kickdesk::app::update::update;

#[test]
fn an_own_save_from_the_detail_is_named_as_yours_also_after_the_poll_brings_it_back() {
    let mut m = detail_open();
    let cmds = save_from_detail(&mut m);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::Save { .. }))),
        "{cmds:?}"
    );
    // While it is under way the detail says so: it is not the server's.
    let s = screen(&m);
    assert!(!s.contains("on the server"), "{s}");
    update(
        &mut m,
        Msg::Saved {
            task_id: 2357911,
            result: Ok(saved_roof()),
        },
    );
    assert!(matches!(m.top(), Some(Overlay::Detail { .. })));
    assert!(
        toast(&m).starts_with("Saved by you 10:45 · "),
        "{}",
        toast(&m)
    );
    let s = screen(&m);
    assert!(!s.contains("on the server"), "{s}");
    assert!(s.contains("Saved by you 10:45"), "{s}");
    assert!(
        s.contains("(long ladder)"),
        "the detail shows the task as saved:\n{s}"
    );
    // A poll brings the save back: still the dispatcher's, not the server's.
    poll(&mut m, 31, vec![saved_roof()]);
    let s = screen(&m);
    assert!(!s.contains("on the server"), "{s}");
    assert!(s.contains("Saved by you 10:45"), "{s}");
    // A colleague moves it while the detail is open: that is the server's.
    let mut theirs = saved_roof();
    theirs.starts_at = Some(at(today(), 9, 30));
    theirs.updated_at = Some(at(today(), 10, 46));
    poll(&mut m, 62, vec![theirs]);
    let s = screen(&m);
    assert!(s.contains("Task · changed on the server"), "{s}");
    assert!(s.contains("Changed on the server: time"), "{s}");
    assert!(!s.contains("by you"), "{s}");
}

#[test]
fn a_colleagues_change_while_the_detail_is_open_is_the_servers() {
    let mut m = detail_open();
    let mut theirs = roof();
    theirs.description = Some("Bring the gauge".into());
    theirs.updated_at = Some(at(today(), 10, 40));
    poll(&mut m, 31, vec![theirs]);
    let s = screen(&m);
    assert!(s.contains("Changed on the server: description"), "{s}");
}

#[test]
fn an_own_delete_from_the_detail_closes_it_and_is_named_as_yours() {
    let mut m = detail_open();
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 2357911 })]);
    let fetch = update(
        &mut m,
        Msg::Deleted {
            task_id: 2357911,
            result: Ok(Some(Box::new(roof()))),
        },
    );
    assert!(m.modals().is_empty(), "the detail closed: {:?}", m.modals());
    assert!(
        toast(&m).starts_with("Deleted by you 10:45 · task 2357911 · "),
        "{}",
        toast(&m)
    );
    let s = screen(&m);
    assert!(!s.contains("on the server"), "{s}");
    assert!(s.contains("Deleted by you 10:45"), "{s}");
    // The fetch that follows no longer lists it: nothing says the server
    // deleted it.
    answer_fetch(&mut m, &fetch, Vec::<Task>::new().into());
    assert!(!screen(&m).contains("on the server"));
}

#[test]
fn undo_and_create_are_named_as_yours() {
    let mut m = detail_open();
    save_from_detail(&mut m);
    update(
        &mut m,
        Msg::Saved {
            task_id: 2357911,
            result: Ok(saved_roof()),
        },
    );
    press(&mut m, &[code(KeyCode::Esc)]);
    // `u` reads Kickserv's copy first (unchanged), then puts the edit back.
    let read = update(&mut m, key('u'));
    let cmds = answer_reads(&mut m, read);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::Save { .. }))),
        "{cmds:?}"
    );
    let mut back = roof();
    back.updated_at = Some(at(today(), 10, 47));
    update(
        &mut m,
        Msg::Saved {
            task_id: 2357911,
            result: Ok(back.clone()),
        },
    );
    assert!(
        toast(&m).starts_with("Edit undone by you 10:45 · "),
        "{}",
        toast(&m)
    );
    // Opened again, the detail says whose the last change was.
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(s.contains("Edit undone by you 10:45"), "{s}");
    assert!(!s.contains("on the server"), "{s}");
    // Delete, then `u` makes it again: a create of the dispatcher's.
    press(&mut m, &[code(KeyCode::Esc)]);
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 2357911 })]);
    update(
        &mut m,
        Msg::Deleted {
            task_id: 2357911,
            result: Ok(Some(Box::new(back.clone()))),
        },
    );
    let cmds = update(&mut m, key('u'));
    let local_id = match cmds.as_slice() {
        [Cmd::Api(ApiCmd::Create { local_id, .. })] => *local_id,
        other => panic!("expected one Create, got {other:?}"),
    };
    let mut made = back;
    made.id = 2400001;
    update(
        &mut m,
        Msg::Created {
            local_id,
            result: Ok(made),
        },
    );
    assert!(
        toast(&m).starts_with("Made again by you 10:45 as new task 2400001 · "),
        "{}",
        toast(&m)
    );
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(s.contains("Created by you 10:45"), "{s}");
}
