//! Move mode, in `update()`: keys change a staged copy and send nothing;
//! Enter sends one PUT of the changed fields; Esc drops the stage; a
//! refusal keeps it with Kickserv's reason; `u` puts a move back after
//! reading Kickserv's copy (read-only and monitor: `dispatch_read_only`).

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::keymap::Context;
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Cmd, FaultKind, Msg, ReadFor};
use kickdesk::app::state::BoardView;
use kickdesk::app::state::staging::is_ghost;
use kickdesk::app::update::update;
use kickdesk::kickserv::model::{NotifyKind, Task, TaskPatch};

fn shown(m: &Model, id: i64) -> Task {
    m.tasks().iter().find(|t| t.id == id).cloned().unwrap()
}

fn who(t: &Task) -> Vec<i64> {
    t.employees.iter().map(|e| e.id).collect()
}

/// Ana's boiler selected, `M` pressed.
fn moving() -> (Model, Vec<Task>) {
    let (mut m, tasks) = ana_and_ben();
    assert!(m.focus_task(1));
    let cmds = press(&mut m, &[key('M')]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Move);
    (m, tasks)
}

/// `M j j l`, then Enter: the one Save it sends.
fn committed() -> (Model, TaskPatch, Task) {
    let (mut m, _) = moving();
    let staged = press(&mut m, &[key('j'), key('j'), key('l')]);
    assert!(api(&staged).is_empty(), "nothing before Enter: {staged:?}");
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    match api(&cmds).as_slice() {
        [
            ApiCmd::Save {
                task_id: 1,
                patch,
                base,
            },
        ] => (m, patch.clone(), (**base).clone()),
        other => panic!("expected one Save of task 1, got {other:?}"),
    }
}

fn answer_ok(m: &mut Model, patch: &TaskPatch, base: &Task) -> Vec<Cmd> {
    let mut answer = base.clone();
    answer.starts_at = patch.starts_at.or(base.starts_at);
    answer.ends_at = patch.ends_at.or(base.ends_at);
    answer.updated_at = Some(now().fixed_offset());
    // A PUT's answer lists no employees: the save keeps those it sent.
    answer.employees.clear();
    update(
        m,
        Msg::Saved {
            task_id: 1,
            result: Ok(answer),
        },
    )
}

#[test]
fn keys_stage_a_copy_in_place_and_send_nothing() {
    let (mut m, _) = moving();
    let cmds = press(&mut m, &[key('j'), key('j'), key('l'), key('+')]);
    assert!(api(&cmds).is_empty(), "{cmds:?}");
    let t = shown(&m, 1);
    assert_eq!(t.starts_at, Some(at(today(), 9, 30)));
    assert_eq!(t.ends_at, Some(at(today(), 10, 45)));
    assert_eq!(who(&t), [2], "l: the next employee, Ben");
    // The old place stays, as a ghost of the server's copy.
    let ghost = m.tasks().iter().find(|t| is_ghost(t.id)).unwrap();
    assert_eq!(ghost.starts_at, Some(at(today(), 9, 0)));
    assert_eq!(who(ghost), [1]);
    assert!(m.server_tasks().iter().all(|t| !is_ghost(t.id)));
    // J and K move by an hour; - shortens, never below the step.
    press(
        &mut m,
        &[
            key('J'),
            key('K'),
            key('K'),
            key('-'),
            key('-'),
            key('-'),
            key('-'),
            key('-'),
        ],
    );
    let t = shown(&m, 1);
    assert_eq!(t.starts_at, Some(at(today(), 8, 30)));
    assert_eq!(t.ends_at, Some(at(today(), 8, 45)));
    let s = screen(&m);
    assert!(
        s.contains("Move to Fri 08:30–08:45 Ben (was Fri 09:00–10:00 Ana)"),
        "{s}"
    );
}

#[test]
fn enter_sends_one_put_of_the_changed_fields_only() {
    let (m, patch, base) = committed();
    assert_eq!(
        patch,
        TaskPatch {
            starts_at: Some(at(today(), 9, 30)),
            ends_at: Some(at(today(), 10, 30)),
            employee_ids: Some(vec![2]),
            ..TaskPatch::default()
        }
    );
    assert_eq!(
        base.starts_at,
        Some(at(today(), 9, 0)),
        "measured against the board's copy"
    );
    // While it is under way, the task shows where it goes, with no ghost.
    assert_eq!(shown(&m, 1).starts_at, Some(at(today(), 9, 30)));
    assert!(m.tasks().iter().all(|t| !is_ghost(t.id)));
    // A resize alone sends the end only.
    let (mut m, _) = moving();
    press(&mut m, &[key('+')]);
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    match api(&cmds).as_slice() {
        [ApiCmd::Save { patch, .. }] => assert_eq!(
            *patch,
            TaskPatch {
                ends_at: Some(at(today(), 10, 15)),
                ..TaskPatch::default()
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn after_the_move_one_key_each_tells_the_technician_and_the_customer_once() {
    let (mut m, patch, base) = committed();
    answer_ok(&mut m, &patch, &base);
    assert_eq!(who(&shown(&m, 1)), [2]);
    assert_eq!(m.key_context(), Context::Move, "the offer is up");
    let said = m.toast().as_ref().unwrap().text.clone();
    toast_gone(&mut m);
    assert_eq!(
        said,
        "Moved · Boiler: n tells the technician, N the customer"
    );
    let s = screen(&m);
    assert!(
        s.contains("n tell technician") && s.contains("N tell customer"),
        "{s}"
    );
    let cmds = press(&mut m, &[key('n')]);
    assert_eq!(
        api(&cmds),
        [&ApiCmd::Notify {
            task_id: 1,
            kind: NotifyKind::Employee
        }]
    );
    assert!(api(&press(&mut m, &[key('n')])).is_empty(), "once");
    let cmds = press(&mut m, &[key('N')]);
    assert_eq!(
        api(&cmds),
        [&ApiCmd::Notify {
            task_id: 1,
            kind: NotifyKind::Details
        }]
    );
    assert_eq!(
        m.key_context(),
        Context::Board,
        "both used: the offer closes"
    );
}

#[test]
fn esc_drops_the_stage_and_nothing_is_sent() {
    let (mut m, _) = moving();
    press(&mut m, &[key('j'), key('l')]);
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Board);
    assert!(m.local().stage.is_none());
    let t = shown(&m, 1);
    assert_eq!((t.starts_at, who(&t)), (Some(at(today(), 9, 0)), vec![1]));
    assert!(m.tasks().iter().all(|t| !is_ghost(t.id)));
    assert_eq!(m.tasks().len(), 2);
}

#[test]
fn a_refusal_keeps_the_stage_with_the_reason() {
    let (mut m, _patch, _) = committed();
    update(
        &mut m,
        Msg::Saved {
            task_id: 1,
            result: Err(fault(FaultKind::Rejected, "Ben is on leave")),
        },
    );
    assert_eq!(m.key_context(), Context::Move);
    let st = m.local().stage.as_ref().unwrap();
    assert_eq!(st.refused.as_deref(), Some("Ben is on leave"));
    assert_eq!(who(&shown(&m, 1)), [2], "the stage shows again");
    toast_gone(&mut m);
    let s = screen(&m);
    assert!(s.contains("refused: Ben is on leave"), "{s}");
    // Enter tries again: one more PUT, never one by itself.
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(api(&cmds).len(), 1);
}

#[test]
fn a_lost_answer_says_it_may_have_been_applied_and_reads_the_task_back() {
    let (mut m, _, _) = committed();
    let cmds = update(
        &mut m,
        Msg::Saved {
            task_id: 1,
            result: Err(fault(FaultKind::NoAnswer, "no answer in 20 s")),
        },
    );
    assert!(
        api(&cmds)
            .iter()
            .any(|c| matches!(c, ApiCmd::FetchTasks { .. })),
        "{cmds:?}"
    );
    assert!(m.local().stage.is_none());
    assert_eq!(m.key_context(), Context::Board);
    let t = m.toast().as_ref().unwrap();
    assert!(t.text.contains("may have been applied"), "{}", t.text);
}

#[test]
fn u_puts_the_move_back_after_reading_kickservs_copy() {
    let (mut m, patch, base) = committed();
    answer_ok(&mut m, &patch, &base);
    press(&mut m, &[code(KeyCode::Esc)]);
    let cmds = press(&mut m, &[key('u')]);
    assert_eq!(
        api(&cmds),
        [&ApiCmd::ReadTask {
            task_id: 1,
            purpose: ReadFor::Undo
        }]
    );
    let t = m.toast().as_ref().unwrap();
    assert!(
        t.text.contains("a notification already sent is not unsent"),
        "{}",
        t.text
    );
    let now_there = shown(&m, 1);
    let cmds = update(
        &mut m,
        Msg::TaskRead {
            task_id: 1,
            purpose: ReadFor::Undo,
            result: Ok(Some(Box::new(now_there))),
        },
    );
    match api(&cmds).as_slice() {
        [ApiCmd::Save { patch, .. }] => assert_eq!(
            *patch,
            TaskPatch {
                starts_at: Some(at(today(), 9, 0)),
                ends_at: Some(at(today(), 10, 0)),
                employee_ids: Some(vec![1]),
                ..TaskPatch::default()
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_week_moves_by_days() {
    let (mut m, tasks) = ana_and_ben();
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, tasks.into());
    assert_eq!(m.board_view(), BoardView::Week);
    assert!(m.focus_task(1));
    press(
        &mut m,
        &[key('M'), key('j'), key('l'), key('h'), key('h'), key('h')],
    );
    let t = shown(&m, 1);
    assert_eq!(
        t.starts_at,
        Some(at(today() - chrono::Duration::days(1), 9, 0))
    );
    assert_eq!(who(&t), [1]);
}

#[test]
fn an_hour_later_and_another_employee_sent_is_four_keys() {
    let (mut m, _) = ana_and_ben();
    assert!(m.focus_task(1));
    let keys = [key('M'), key('J'), key('l'), code(KeyCode::Enter)];
    let cmds = press(&mut m, &keys);
    match api(&cmds).as_slice() {
        [
            ApiCmd::Save {
                task_id: 1, patch, ..
            },
        ] => assert_eq!(
            *patch,
            TaskPatch {
                starts_at: Some(at(today(), 10, 0)),
                ends_at: Some(at(today(), 11, 0)),
                employee_ids: Some(vec![2]),
                ..TaskPatch::default()
            }
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(keys.len(), 4, "the design's budget is 5");
}
