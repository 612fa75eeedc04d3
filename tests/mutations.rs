//! Mutations tell the truth: what the board says after a notification or a
//! deletion, what it asks before one, and that it never sends one twice by
//! accident. `update()` in, model, commands and the drawn screen out.

mod common;

use chrono::Duration;
use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg, ReadFor};
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{NotifyKind, Status};

fn header(m: &Model) -> String {
    screen(m).lines().next().unwrap_or_default().to_string()
}

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn notifies(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::Api(ApiCmd::Notify { .. })))
        .count()
}

fn deletes(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::Api(ApiCmd::Delete { .. })))
        .count()
}

fn unreadable() -> ApiFault {
    fault(
        FaultKind::AnswerUnreadable,
        "Kickserv accepted it, but its answer could not be read (it was cut off)",
    )
}

/// One task of Ana's today, 09:00–10:00, for "Customer 10".
fn board() -> Model {
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "Ben Okafor");
    loaded(
        vec![ana.clone(), ben.clone()],
        vec![task(10, &[&ana, &ben], 9, 0, 60, "AC repair")],
    )
}

#[test]
fn a_notify_accepted_with_an_unreadable_answer_says_sent() {
    let mut m = board();
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::Employee
        })]
    );
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Err(unreadable()),
        },
    );
    let t = toast(&m);
    assert!(
        t.starts_with("Sent, answer unreadable: notify assigned employee · AC repair"),
        "{t}"
    );
    assert!(!t.contains("Not sent"), "{t}");
    let s = screen(&m);
    assert!(s.contains("Sent, answer unreadable"), "{s}");
    // It counts as sent: a repeat asks first.
    press(&mut m, &[key('n')]);
    let Some(Overlay::Confirm(c)) = m.top() else {
        panic!("no confirmation: {:?}", m.modals())
    };
    assert_eq!(c.warnings, vec!["Sent at 10:45; send again?".to_string()]);
}

#[test]
fn a_delete_with_an_unreadable_answer_is_checked_and_404_means_deleted() {
    let mut m = board();
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]);
    let cmds = update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Err(unreadable()),
        },
    );
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::CheckDeleted { task_id: 10 })]);
    assert!(toast(&m).contains("checking"), "{}", toast(&m));
    assert!(!toast(&m).contains("Not deleted"));
    // Still under way while the check runs.
    assert!(header(&m).contains("sending delete"), "{}", header(&m));
    let cmds = update(
        &mut m,
        Msg::DeleteChecked {
            task_id: 10,
            still_there: Ok(false),
        },
    );
    assert!(
        toast(&m).starts_with("Deleted by you 10:45 · task 10 · AC repair"),
        "{}",
        toast(&m)
    );
    assert!(!fetch_of(&cmds).is_empty(), "the board refreshes: {cmds:?}");
    assert!(m.sends().in_flight.is_empty());
    assert!(!header(&m).contains("sending"), "{}", header(&m));
}

#[test]
fn a_delete_check_that_finds_the_task_or_fails_says_what_is_known() {
    let mut m = board();
    delete_selected(&mut m);
    update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Err(unreadable()),
        },
    );
    update(
        &mut m,
        Msg::DeleteChecked {
            task_id: 10,
            still_there: Ok(true),
        },
    );
    assert_eq!(
        toast(&m),
        "Not deleted: Kickserv still has task 10 · AC repair"
    );

    delete_selected(&mut m);
    update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Err(unreadable()),
        },
    );
    let down = fault(FaultKind::Unreachable, "Kickserv did not answer in time");
    update(
        &mut m,
        Msg::DeleteChecked {
            task_id: 10,
            still_there: Err(down),
        },
    );
    let t = toast(&m);
    assert!(
        t.starts_with("Delete sent, but whether task 10 is gone is unknown")
            && t.contains("did not answer"),
        "{t}"
    );
}

#[test]
fn a_second_notify_while_the_first_is_in_flight_sends_nothing_and_pending_shows() {
    let mut m = board();
    // Two quick n, Enter: the second finds the first still under way.
    let cmds = press(
        &mut m,
        &[
            key('n'),
            code(KeyCode::Enter),
            key('n'),
            code(KeyCode::Enter),
        ],
    );
    assert_eq!(notifies(&cmds), 1, "{cmds:?}");
    let h = header(&m);
    assert!(h.contains("⇡ sending notify: AC repair"), "{h}");
    // However many times, and with y as well.
    let cmds = press(
        &mut m,
        &[key('n'), key('y'), key('n'), code(KeyCode::Enter)],
    );
    assert_eq!(notifies(&cmds), 0, "{cmds:?}");
    press(&mut m, &[code(KeyCode::Esc)]);
    press(&mut m, &[key('n')]);
    assert!(
        toast(&m).starts_with("Still sending (notify assigned employee, since 10:45:00)"),
        "{}",
        toast(&m)
    );
    // Another kind of notification of the same task is another message.
    let cmds = press(&mut m, &[key('o'), code(KeyCode::Enter)]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::OnTheWay
        })]
    );
    assert!(header(&m).contains("⇡ sending 2"), "{}", header(&m));
    // The answer ends it; the header says so no more.
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Ok(()),
        },
    );
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::OnTheWay,
            result: Ok(()),
        },
    );
    assert!(!header(&m).contains("sending"), "{}", header(&m));
}

#[test]
fn a_repeat_within_ten_minutes_asks_sent_at_send_again() {
    let mut m = board();
    press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Ok(()),
        },
    );
    update(&mut m, Msg::Tick(now() + Duration::minutes(3)));
    let cmds = press(&mut m, &[key('n')]);
    assert!(cmds.is_empty());
    let s = screen(&m);
    assert!(s.contains("Sent at 10:45; send again?"), "{s}");
    // Saying yes sends it again, once.
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(notifies(&cmds), 1);
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Ok(()),
        },
    );
    // Nine minutes after the last send (10:48) it still asks; after ten, no more.
    update(&mut m, Msg::Tick(now() + Duration::minutes(12)));
    press(&mut m, &[key('n')]);
    let s = screen(&m);
    assert!(s.contains("Sent at 10:48; send again?"), "{s}");
    press(&mut m, &[code(KeyCode::Esc)]);
    update(&mut m, Msg::Tick(now() + Duration::minutes(14)));
    press(&mut m, &[key('n')]);
    let s = screen(&m);
    assert!(matches!(m.top(), Some(Overlay::Confirm(_))));
    assert!(!s.contains("send again"), "{s}");
    // A failed send is not a send.
    press(&mut m, &[key('y')]);
    let down = fault(FaultKind::Unreachable, "Kickserv is unreachable");
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Err(down),
        },
    );
    assert!(toast(&m).starts_with("Not sent"), "{}", toast(&m));
}

#[test]
fn delete_asks_with_the_task_says_it_cannot_be_undone_and_needs_y() {
    let mut m = board();
    let cmds = press(&mut m, &[key('D')]);
    assert!(cmds.is_empty());
    let s = screen(&m);
    for want in [
        "Delete this task in Kickserv?",
        "AC repair",
        "customer  Customer 10",
        "when      Fri 27 Nov 2026 09:00–10:00",
        "assigned  Ana Gómez, Ben Okafor",
        "cannot be undone",
        "y delete",
        "does not delete",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    // A bare Enter keeps the task (and the dialog).
    let cmds = press(&mut m, &[code(KeyCode::Enter), code(KeyCode::Enter)]);
    assert_eq!(deletes(&cmds), 0, "{cmds:?}");
    assert!(matches!(m.top(), Some(Overlay::Confirm(_))));
    // `y` reads Kickserv's copy first; the dialog stays meanwhile.
    let cmds = press(&mut m, &[key('y')]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::ReadTask {
            task_id: 10,
            purpose: ReadFor::Delete
        })]
    );
    assert!(screen(&m).contains("Reading Kickserv's copy first"));
    // A second y while it is read asks nothing more.
    assert!(press(&mut m, &[key('y')]).is_empty());
    // The same as the board's: deleted now.
    let cmds = answer_reads(&mut m, cmds);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]);
    assert!(m.modals().is_empty());
    // A second D, y while the first is under way sends nothing.
    let cmds = delete_selected(&mut m);
    assert_eq!(deletes(&cmds), 0, "{cmds:?}");
}

#[test]
fn notify_confirmations_still_take_enter() {
    let mut m = board();
    let cmds = press(&mut m, &[key('N'), code(KeyCode::Enter)]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::Details
        })]
    );
}

#[test]
fn on_the_way_for_a_canceled_or_complete_task_warns_first() {
    for (status, word) in [
        (Status::Canceled, "canceled"),
        (Status::Complete, "complete"),
    ] {
        let ana = employee(1, 1, "Ana");
        let mut t = task(10, &[&ana], 9, 0, 60, "AC repair");
        t.status = Some(status);
        let mut m = loaded(vec![ana], vec![t]);
        press(&mut m, &[key('o')]);
        let s = screen(&m);
        let want = format!("This task is {word}: the customer would still be told");
        assert!(
            s.contains(&want) && s.contains("someone is on the way."),
            "{want:?} missing:\n{s}"
        );
        // Other notifications of it do not carry the warning.
        press(&mut m, &[code(KeyCode::Esc), key('N')]);
        assert!(!screen(&m).contains("on the way."), "{}", screen(&m));
    }
    let mut m = board();
    press(&mut m, &[key('o')]);
    assert!(!screen(&m).contains("would still be told"));
}

#[test]
fn the_confirmation_keeps_its_task_when_the_board_changes_under_it() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(10, &[&ana], 9, 0, 60, "AC repair"),
            task(11, &[&ana], 11, 0, 60, "Boiler"),
        ],
    );
    assert_eq!(m.cursor().task, Some(10));
    press(&mut m, &[key('D')]);
    // A poll moves the task the dialog is about to the day before (still
    // in the listing's look-back); the cursor moves on.
    let cmds = press(&mut m, &[key('r')]);
    assert!(cmds.is_empty(), "the dialog is open: r does not refresh");
    let (seq, period) = poll(&mut m);
    let mut moved = task(10, &[&ana], 9, 0, 60, "AC repair");
    moved.starts_at = moved.starts_at.map(|t| t - chrono::Duration::days(1));
    moved.ends_at = moved.ends_at.map(|t| t - chrono::Duration::days(1));
    answer_at(
        &mut m,
        (seq, period),
        now(),
        Ok(vec![moved, task(11, &[&ana], 11, 0, 60, "Boiler")].into()),
    );
    assert_eq!(m.cursor().task, Some(11));
    let s = screen(&m);
    assert!(s.contains("AC repair"), "the dialog still names its task");
    assert!(s.contains("Changed on the server: time"), "{s}");
    let cmds = press(&mut m, &[key('y')]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::ReadTask {
            task_id: 10,
            purpose: ReadFor::Delete
        })]
    );
    // Kickserv's copy is the moved one: the dialog shows both and asks again.
    let mut now_moved = task(10, &[&ana], 9, 0, 60, "AC repair");
    now_moved.starts_at = now_moved.starts_at.map(|t| t - chrono::Duration::days(1));
    now_moved.ends_at = now_moved.ends_at.map(|t| t - chrono::Duration::days(1));
    let cmds = update(
        &mut m,
        Msg::TaskRead {
            task_id: 10,
            purpose: ReadFor::Delete,
            result: Ok(Some(Box::new(now_moved))),
        },
    );
    assert!(cmds.is_empty(), "{cmds:?}");
    let s = screen(&m);
    assert!(s.contains("date 2026-11-27 → 2026-11-26"), "{s}");
    assert_eq!(
        press(&mut m, &[key('y')]),
        vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]
    );
}

#[test]
fn a_change_with_no_answer_in_time_may_have_happened_and_says_so() {
    use kickdesk::kickserv::Error;
    use kickdesk::runtime::effects::mutation_fault;
    // A timeout after sending is "no answer"; a refused connection sent nothing.
    assert_eq!(mutation_fault(&Error::Timeout).kind, FaultKind::NoAnswer);
    assert_eq!(
        mutation_fault(&Error::Network("connection refused".into())).kind,
        FaultKind::Unreachable
    );
    assert_eq!(
        mutation_fault(&Error::AnswerUnreadable("it was cut off".into())).kind,
        FaultKind::AnswerUnreadable
    );

    let mut m = board();
    press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    let late = mutation_fault(&Error::Timeout);
    update(
        &mut m,
        Msg::Notified {
            task_id: 10,
            kind: NotifyKind::Employee,
            result: Err(late.clone()),
        },
    );
    let t = toast(&m);
    assert!(
        t.starts_with("No answer in time: notify assigned employee · AC repair may have gone out"),
        "{t}"
    );
    press(&mut m, &[key('n')]);
    let s = screen(&m);
    assert!(
        s.contains("Sent at 10:45 with no answer: it may have gone out."),
        "{s}"
    );
    press(&mut m, &[code(KeyCode::Esc)]);

    // A delete with no answer is read back like an unreadable one.
    delete_selected(&mut m);
    let cmds = update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Err(late),
        },
    );
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::CheckDeleted { task_id: 10 })]);
    assert!(
        toast(&m).starts_with("Delete sent, no answer in time; checking task 10"),
        "{}",
        toast(&m)
    );
}

#[test]
fn keys_in_the_detail_view_act_on_the_task_it_shows() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(10, &[&ana], 9, 0, 60, "AC repair"),
            task(11, &[&ana], 11, 0, 60, "Boiler"),
        ],
    );
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 10, .. })));
    // A refresh moves the task to the day before (still in the listing's
    // look-back): the selection moves on under the open detail.
    let fetch = poll(&mut m);
    let mut moved = task(10, &[&ana], 9, 0, 60, "AC repair");
    moved.starts_at = moved.starts_at.map(|t| t - chrono::Duration::days(1));
    moved.ends_at = moved.ends_at.map(|t| t - chrono::Duration::days(1));
    answer_with(
        &mut m,
        fetch,
        vec![moved, task(11, &[&ana], 11, 0, 60, "Boiler")],
    );
    assert_eq!(m.cursor().task, Some(11));
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::Employee
        })]
    );
}

#[test]
fn a_delete_that_succeeds_says_deleted_and_refreshes() {
    let mut m = board();
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]);
    assert_eq!(toast(&m), "Deleting · AC repair");
    let gone = m.task_by_id(10).cloned().map(Box::new);
    let cmds = update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Ok(gone),
        },
    );
    assert_eq!(toast(&m), "Deleted by you 10:45 · task 10 · AC repair");
    assert!(!m.toast().as_ref().is_some_and(|t| t.error));
    assert_eq!(fetch_of(&cmds).len(), 1, "one refresh: {cmds:?}");
    assert_eq!(fetch_of(&cmds)[0].1, m.period());
    assert!(m.sends().in_flight.is_empty());
}

#[test]
fn a_delete_that_is_refused_says_not_deleted_and_can_be_tried_again() {
    let mut m = board();
    delete_selected(&mut m);
    let refused = fault(FaultKind::Rejected, "Kickserv has no such task (404)");
    let cmds = update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Err(refused),
        },
    );
    assert!(cmds.is_empty(), "no check, no refresh: {cmds:?}");
    assert_eq!(toast(&m), "Not deleted: Kickserv has no such task (404)");
    assert!(m.toast().as_ref().is_some_and(|t| t.error));
    assert!(m.sends().in_flight.is_empty());
    // Nothing is left pending: the dispatcher may try again.
    let cmds = delete_selected(&mut m);
    assert_eq!(deletes(&cmds), 1, "{cmds:?}");
}
