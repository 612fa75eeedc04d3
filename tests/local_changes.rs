//! The layer of local changes: saves, creates and undo as `update()` sees
//! them (what the board shows, what is sent), without a network.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg, ReadFor};
use kickdesk::app::saves;
use kickdesk::app::update::update;
use kickdesk::kickserv::error::FieldMessages;
use kickdesk::kickserv::model::{Job, Task, TaskPatch};
use kickdesk::schedule::lanes_laid;
use std::sync::Arc;

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn ana() -> kickdesk::kickserv::model::Employee {
    employee(1, 1, "Ana Gómez")
}

fn ben() -> kickdesk::kickserv::model::Employee {
    employee(2, 2, "Ben Okafor")
}

/// Ana has "AC repair" at 9:00 (task 10, job 77) and Ben "Boiler service"
/// at 13:00 (task 20).
fn board() -> Model {
    let (a, b) = (ana(), ben());
    let mut ac = task(10, &[&a], 9, 0, 60, "AC repair");
    ac.job = Some(Arc::new(Job {
        id: 100,
        job_number: Some(77),
        name: Some("AC repair".into()),
        ..Job::default()
    }));
    ac.job_id = Some(100);
    ac.description = Some("Check the unit".into());
    let mut m = loaded(
        vec![a.clone(), b.clone()],
        vec![ac, task(20, &[&b], 13, 0, 60, "Boiler service")],
    );
    resize(&mut m, 120, 40);
    m
}

fn fields(field: &str, msg: &str) -> FieldMessages {
    let mut f = FieldMessages::new();
    f.insert(field.to_string(), vec![msg.to_string()]);
    f
}

fn refusal(field: &str, msg: &str) -> ApiFault {
    ApiFault {
        kind: FaultKind::Rejected,
        text: format!("{field} {msg}"),
        retry_after: None,
        fields: fields(field, msg),
    }
}

fn to_ben_later() -> TaskPatch {
    TaskPatch {
        name: Some(Some("Roof survey".into())),
        starts_at: Some(at(today(), 15, 0)),
        ends_at: Some(at(today(), 16, 0)),
        employee_ids: Some(vec![2]),
        ..TaskPatch::default()
    }
}

fn save_cmd(cmds: &[Cmd]) -> (i64, TaskPatch, Task) {
    match cmds {
        [
            Cmd::Api(ApiCmd::Save {
                task_id,
                patch,
                base,
            }),
        ] => (*task_id, patch.clone(), (**base).clone()),
        other => panic!("expected one Save, got {other:?}"),
    }
}

fn create_cmd(cmds: &[Cmd]) -> (i64, i64, TaskPatch) {
    match cmds {
        [
            Cmd::Api(ApiCmd::Create {
                local_id,
                job_number,
                task,
            }),
        ] => (*local_id, *job_number, task.clone()),
        other => panic!("expected one Create, got {other:?}"),
    }
}

/// The server's answer to a PUT: the task with the patch, no employees.
fn answer(m: &Model, id: i64, name: &str) -> Task {
    let mut t = m
        .server_tasks()
        .iter()
        .find(|t| t.id == id)
        .unwrap()
        .clone();
    t.name = Some(name.into());
    t.starts_at = Some(at(today(), 15, 0));
    t.ends_at = Some(at(today(), 16, 0));
    t.employees = Vec::new();
    t
}

fn lane_of(m: &Model, id: i64) -> Option<String> {
    (0..m.lanes().len()).find_map(|l| {
        m.items(l, 0)
            .iter()
            .any(|&i| m.tasks()[i].id == id)
            .then(|| m.lanes()[l].1.clone())
    })
}

#[test]
fn a_save_shows_at_once_marked_saving_and_its_answer_replaces_it() {
    let mut m = board();
    let laid = lanes_laid();
    let cmds = saves::save(&mut m, 10, to_ben_later());
    // Only the two lanes the task left and joined were laid out again.
    assert_eq!(lanes_laid() - laid, 2);
    let (id, patch, base) = save_cmd(&cmds);
    assert_eq!((id, patch), (10, to_ben_later()));
    assert_eq!(base.name, None, "the base is the task as it was");
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ben Okafor"));
    let s = screen(&m);
    assert!(s.contains("⟳15:00 Roof survey"), "{s}");
    // The server's layer is untouched until the answer.
    assert_eq!(
        m.server_tasks().iter().find(|t| t.id == 10).unwrap().name,
        None
    );

    let reply = answer(&m, 10, "Roof survey");
    let cmds = update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    assert!(cmds.is_empty());
    assert!(m.local().saving.is_empty());
    assert!(
        toast(&m).starts_with("Saved by you 10:45 · Roof survey"),
        "{}",
        toast(&m)
    );
    let s = screen(&m);
    assert!(s.contains("Roof survey") && !s.contains('⟳'), "{s}");
    // The answer had no employees: the ones saved are kept.
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ben Okafor"));
    let server = m.server_tasks().iter().find(|t| t.id == 10).unwrap();
    assert_eq!(server.name.as_deref(), Some("Roof survey"));
    assert_eq!(server.employees[0].id, 2);
}

#[test]
fn a_refused_save_shows_the_servers_version_and_keeps_the_fault_for_the_form() {
    let mut m = board();
    saves::save(&mut m, 10, to_ben_later());
    let cmds = update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Err(refusal("ends_at", "must be after starts_at")),
        },
    );
    assert!(cmds.is_empty());
    assert!(m.local().is_empty());
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ana Gómez"));
    let s = screen(&m);
    assert!(!s.contains("Roof survey") && !s.contains('⟳'), "{s}");
    assert!(toast(&m).starts_with("Not saved"), "{}", toast(&m));
    let (id, f) = m.last_save_fault().clone().unwrap();
    assert_eq!(id, 10);
    assert_eq!(f.fields["ends_at"], vec!["must be after starts_at"]);
    // Nothing to undo: nothing was saved.
    let cmds = update(&mut m, key('u'));
    assert!(cmds.is_empty());
    assert_eq!(toast(&m), "Nothing to undo");
}

#[test]
fn a_poll_during_a_save_keeps_the_local_change_on_top() {
    let mut m = board();
    saves::save(&mut m, 10, to_ben_later());
    // A poll with the server's (old) data and a new task of Ben's.
    let (a, b) = (ana(), ben());
    let mut old = m.server_tasks().as_ref().clone();
    old.push(task(30, &[&b], 8, 0, 30, "Gutter clean"));
    let _ = a;
    let fetch = common::poll(&mut m);
    answer_at(&mut m, fetch, now(), Ok(old.into()));
    assert_eq!(m.server_tasks().len(), 3);
    assert_eq!(lane_of(&m, 30).as_deref(), Some("Ben Okafor"));
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ben Okafor"));
    assert!(screen(&m).contains("⟳15:00 Roof survey"));
    // The local change is not news from Kickserv: no change mark for it.
    assert!(!m.marks().contains_key(&10));
}

#[test]
fn a_created_task_appears_at_once_selected_and_takes_its_real_id() {
    let mut m = board();
    let b = ben();
    let patch = TaskPatch {
        name: Some(Some("Leak check".into())),
        starts_at: Some(at(today(), 11, 0)),
        ends_at: Some(at(today(), 12, 0)),
        employee_ids: Some(vec![2]),
        ..TaskPatch::default()
    };
    let cmds = saves::create(&mut m, 77, patch.clone());
    let (local_id, job, sent) = create_cmd(&cmds);
    assert!(local_id < 0);
    assert_eq!((job, sent), (77, patch));
    assert_eq!(m.shown_tasks(), 3);
    assert_eq!(m.cursor().task, Some(local_id));
    assert_eq!(lane_of(&m, local_id).as_deref(), Some("Ben Okafor"));
    let s = screen(&m);
    assert!(s.contains("⟳11:00 Leak check"), "{s}");

    let mut made = task(31, &[&b], 11, 0, 60, "Leak check");
    made.name = Some("Leak check".into());
    update(
        &mut m,
        Msg::Created {
            local_id,
            result: Ok(made),
        },
    );
    assert!(m.local().creating.is_empty());
    assert_eq!(m.cursor().task, Some(31));
    assert!(m.server_tasks().iter().any(|t| t.id == 31));
    assert!(
        toast(&m).starts_with("Created by you 10:45 · task 31"),
        "{}",
        toast(&m)
    );
    assert!(!screen(&m).contains('⟳'));
}

#[test]
fn a_create_with_no_answer_removes_the_stand_in_and_says_to_look_first() {
    let mut m = board();
    let cmds = saves::create(
        &mut m,
        77,
        TaskPatch {
            starts_at: Some(at(today(), 11, 0)),
            ..TaskPatch::default()
        },
    );
    let (local_id, _, _) = create_cmd(&cmds);
    let f = fault(
        FaultKind::NoAnswer,
        "no answer in time: the task may have been created; look at the board before creating it again",
    );
    let cmds = update(
        &mut m,
        Msg::Created {
            local_id,
            result: Err(f),
        },
    );
    // No second POST: only a fresh read of the board.
    assert!(
        cmds.iter()
            .all(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. }))),
        "{cmds:?}"
    );
    assert!(!cmds.is_empty());
    assert!(m.tasks().iter().all(|t| t.id != local_id));
    assert!(toast(&m).contains("look at the board"), "{}", toast(&m));
}

#[test]
fn u_makes_a_deleted_task_again_as_a_new_task_on_its_job() {
    let mut m = board();
    m.focus_task(10);
    let cmds = update(&mut m, key('D'));
    assert!(cmds.is_empty());
    let s = screen(&m);
    assert!(s.contains("u remakes it with a new id"), "{s}");
    let cmds = update(&mut m, key('y'));
    let cmds = answer_reads(&mut m, cmds);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]);
    update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Ok(None),
        },
    );
    // Gone from the board at once, kept for undo.
    assert!(m.tasks().iter().all(|t| t.id != 10));
    assert_eq!(m.local().deleted.len(), 1);

    let cmds = update(&mut m, key('u'));
    let (local_id, job, patch) = create_cmd(&cmds);
    assert_eq!(job, 77);
    assert_eq!(patch.description, Some(Some("Check the unit".into())));
    assert_eq!(patch.starts_at, Some(at(today(), 9, 0)));
    assert_eq!(patch.ends_at, Some(at(today(), 10, 0)));
    assert_eq!(patch.employee_ids, Some(vec![1]));
    assert_eq!(lane_of(&m, local_id).as_deref(), Some("Ana Gómez"));
    // A second u while it is on its way does nothing more.
    let cmds = update(&mut m, key('u'));
    assert!(cmds.is_empty());

    let mut again = task(11, &[&ana()], 9, 0, 60, "AC repair");
    again.description = Some("Check the unit".into());
    update(
        &mut m,
        Msg::Created {
            local_id,
            result: Ok(again),
        },
    );
    assert!(m.local().deleted.is_empty());
    assert_eq!(m.cursor().task, Some(11));
    assert!(toast(&m).contains("new task 11"), "{}", toast(&m));
}

#[test]
fn u_puts_back_the_last_saved_edit_until_another_change() {
    let mut m = board();
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    let reply = answer(&m, 10, "Roof survey");
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    let cmds = update(&mut m, key('u'));
    // Kickserv's copy is read first; unchanged since the save, it goes back.
    let cmds = answer_reads(&mut m, cmds);
    let (id, patch, _) = save_cmd(&cmds);
    assert_eq!(id, 10);
    assert_eq!(
        patch,
        TaskPatch {
            name: Some(None),
            starts_at: Some(at(today(), 9, 0)),
            ends_at: Some(at(today(), 10, 0)),
            employee_ids: Some(vec![1]),
            ..TaskPatch::default()
        }
    );
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ana Gómez"));

    // After another change there is nothing left to undo.
    let mut m = board();
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    let reply = answer(&m, 10, "Roof survey");
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    saves::save(
        &mut m,
        20,
        TaskPatch {
            description: Some(Some("Bring the gauge".into())),
            ..TaskPatch::default()
        },
    );
    let cmds = update(&mut m, key('u'));
    assert!(cmds.is_empty());
    assert_eq!(toast(&m), "Nothing to undo");
}

#[test]
fn read_only_saves_creates_and_undoes_nothing() {
    let mut m = restarted(&board(), opts_with(|o| o.read_only = true));
    assert!(saves::save(&mut m, 10, to_ben_later()).is_empty());
    assert!(saves::create(&mut m, 77, to_ben_later()).is_empty());
    assert!(update(&mut m, key('u')).is_empty());
    assert!(m.local().is_empty());
    assert!(!screen(&m).contains("Roof survey"));
    let _ = code(KeyCode::Esc);
}

#[test]
fn a_poll_sent_before_the_answer_does_not_bring_the_old_version_back() {
    let mut m = board();
    let stale = m.server_tasks().as_ref().clone();
    // A poll goes out, then the save; the save's answer comes first.
    let early = common::poll(&mut m);
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    let reply = answer(&m, 10, "Roof survey");
    let saved = base.merged_with(reply);
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(saved.clone()),
        },
    );
    answer_with(&mut m, early, stale.clone());
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ben Okafor"));
    assert!(screen(&m).contains("Roof survey"));
    // A poll sent after the answer is the truth again, whatever it says.
    let later = common::poll(&mut m);
    answer_with(&mut m, later, stale);
    assert!(m.local().is_empty());
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ana Gómez"));
}

#[test]
fn a_save_over_a_change_made_on_the_server_meanwhile_says_so() {
    let mut m = board();
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    // Someone else changed the task; a poll brought it in before the answer.
    let mut theirs = m.server_tasks().as_ref().clone();
    theirs[0].updated_at = Some(at(today(), 10, 30));
    let fetch = common::poll(&mut m);
    answer_with(&mut m, fetch, theirs);
    assert!(
        screen(&m).contains("⟳15:00 Roof survey"),
        "still ours, saving"
    );
    let mut reply = answer(&m, 10, "Roof survey");
    reply.updated_at = Some(at(today(), 10, 45));
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    assert!(
        toast(&m).contains("it had changed on Kickserv since the form opened"),
        "{}",
        toast(&m)
    );
}

#[test]
fn a_task_still_being_created_cannot_be_saved() {
    let mut m = board();
    let (local_id, _, _) = create_cmd(&saves::create(&mut m, 77, to_ben_later()));
    let cmds = saves::save(
        &mut m,
        local_id,
        TaskPatch {
            description: Some(Some("more".into())),
            ..TaskPatch::default()
        },
    );
    assert!(cmds.is_empty());
    assert_eq!(toast(&m), "This task is still being created");
}

#[test]
fn a_save_moving_a_task_to_another_day_leaves_the_shown_day() {
    let mut m = board();
    assert_eq!(m.shown_tasks(), 2);
    let tomorrow = today().succ_opt().unwrap();
    let cmds = saves::save(
        &mut m,
        10,
        TaskPatch {
            starts_at: Some(at(tomorrow, 9, 0)),
            ends_at: Some(at(tomorrow, 10, 0)),
            ..TaskPatch::default()
        },
    );
    assert_eq!(cmds.len(), 1);
    assert_eq!(m.shown_tasks(), 1);
    assert_eq!(lane_of(&m, 10), None);
    assert!(screen(&m).contains("1 task"), "{}", screen(&m));
    // Refused: back on today's board.
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Err(refusal("starts_at", "is not allowed")),
        },
    );
    assert_eq!(m.shown_tasks(), 2);
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ana Gómez"));
}

#[test]
fn a_save_answered_after_the_board_moved_on_stays_out_of_that_periods_data() {
    let mut m = board();
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    update(&mut m, key(']'));
    assert_ne!(m.period().start, today());
    let reply = answer_from(&base, "Roof survey");
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    assert!(m.server_tasks().iter().all(|t| t.id != 10));
    assert!(m.local().saving.is_empty());
    assert!(
        toast(&m).starts_with("Saved by you 10:45 · Roof survey"),
        "{}",
        toast(&m)
    );
}

fn answer_from(base: &Task, name: &str) -> Task {
    let mut t = base.clone();
    t.name = Some(name.into());
    t.employees = Vec::new();
    t
}

#[test]
fn the_newest_customer_search_wins_and_job_lists_are_kept_by_customer() {
    use kickdesk::kickserv::model::{Customer, JobListEntry};
    let mut m = board();
    let first = saves::search_customers(&mut m, "Sm".into());
    let second = saves::search_customers(&mut m, "Smith".into());
    let seq = |cmds: &[Cmd]| match cmds {
        [Cmd::Api(ApiCmd::SearchCustomers { seq, .. })] => *seq,
        other => panic!("unexpected {other:?}"),
    };
    let (s1, s2) = (seq(&first), seq(&second));
    assert!(s2 > s1);
    let smith = Customer {
        id: 5,
        name: Some("Smith".into()),
        ..Customer::default()
    };
    update(
        &mut m,
        Msg::CustomersFound {
            seq: s2,
            text: "Smith".into(),
            result: Ok(vec![smith.clone()]),
        },
    );
    // The older answer arrives late and is dropped.
    update(
        &mut m,
        Msg::CustomersFound {
            seq: s1,
            text: "Sm".into(),
            result: Ok(Vec::new()),
        },
    );
    let (text, found) = m.lookups().customers.clone().unwrap();
    assert_eq!((text.as_str(), found.unwrap()), ("Smith", vec![smith]));

    assert_eq!(
        saves::list_jobs(5),
        vec![Cmd::Api(ApiCmd::JobList { customer_id: 5 })]
    );
    let job = JobListEntry {
        id: 100,
        name: Some("AC repair".into()),
        ..JobListEntry::default()
    };
    update(
        &mut m,
        Msg::JobsListed {
            customer_id: 5,
            result: Ok(vec![job.clone()]),
        },
    );
    assert_eq!(m.lookups().jobs[&5], Ok(vec![job]));
}

#[test]
fn a_save_accepted_with_an_unreadable_answer_shows_what_was_sent_and_reads_back() {
    let mut m = board();
    saves::save(&mut m, 10, to_ben_later());
    let f = fault(
        FaultKind::AnswerUnreadable,
        "Kickserv accepted it, but its answer could not be read (it was cut off)",
    );
    let cmds = update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Err(f),
        },
    );
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. }))),
        "{cmds:?}"
    );
    assert!(
        cmds.iter()
            .all(|c| !matches!(c, Cmd::Api(ApiCmd::Save { .. })))
    );
    assert!(m.local().saving.is_empty());
    assert_eq!(lane_of(&m, 10).as_deref(), Some("Ben Okafor"));
    assert!(m.last_save_fault().is_none(), "nothing for the form to fix");
    assert!(
        toast(&m).starts_with("Saved by you 10:45, answer unreadable"),
        "{}",
        toast(&m)
    );
}

/// The board after saving `to_ben_later` over task 10 and its answer.
fn saved_to_ben() -> Model {
    let mut m = board();
    let (_, _, base) = save_cmd(&saves::save(&mut m, 10, to_ben_later()));
    let reply = answer(&m, 10, "Roof survey");
    update(
        &mut m,
        Msg::Saved {
            task_id: 10,
            result: Ok(base.merged_with(reply)),
        },
    );
    m
}

fn read_undo(m: &mut Model, result: Result<Option<Task>, ApiFault>) -> Vec<Cmd> {
    update(
        m,
        Msg::TaskRead {
            task_id: 10,
            purpose: ReadFor::Undo,
            result: result.map(|t| t.map(Box::new)),
        },
    )
}

#[test]
fn u_after_an_edit_reads_the_task_and_asks_first_when_it_changed_since_the_save() {
    let mut m = saved_to_ben();
    // `u` sends nothing that changes Kickserv: it reads the task first.
    let cmds = update(&mut m, key('u'));
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::ReadTask {
            task_id: 10,
            purpose: ReadFor::Undo
        })]
    );
    // A second `u` meanwhile reads nothing more.
    assert!(update(&mut m, key('u')).is_empty());
    // A colleague wrote a description since the save.
    let mut now = m.task_by_id(10).unwrap().clone();
    now.description = Some("Gate code 4411, dog in the yard".into());
    now.updated_at = Some(at(today(), 10, 40));
    let cmds = read_undo(&mut m, Ok(Some(now.clone())));
    assert!(cmds.is_empty(), "nothing sent before the answer: {cmds:?}");
    let s = screen(&m);
    for want in [
        "Undo your edit over this change?",
        "Changed on Kickserv since your save:",
        "description \"Check the unit\" → \"Gate code 4411, dog in the",
        "Undo would put back:",
        "start 15:00 → 09:00",
        "employees Ben Okafor → Ana Gómez",
        "y undo",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    // Enter does not put anything back; n keeps Kickserv's version.
    let cmds = press(&mut m, &[code(KeyCode::Enter), key('n')]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(m.modals().is_empty());
    // Asked again, y puts back only what the edit changed, over Kickserv's copy.
    let cmds = update(&mut m, key('u'));
    assert_eq!(cmds.len(), 1);
    read_undo(&mut m, Ok(Some(now)));
    let cmds = press(&mut m, &[key('y')]);
    let (id, patch, base) = save_cmd(&cmds);
    assert_eq!(id, 10);
    assert_eq!(
        patch.description, None,
        "the colleague's text is not touched"
    );
    assert_eq!(patch.starts_at, Some(at(today(), 9, 0)));
    assert_eq!(patch.employee_ids, Some(vec![1]));
    assert_eq!(
        base.description.as_deref(),
        Some("Gate code 4411, dog in the yard")
    );
    // Still the colleague's description on the board while it saves.
    assert_eq!(
        m.task_by_id(10)
            .and_then(|t| t.description.clone())
            .as_deref(),
        Some("Gate code 4411, dog in the yard")
    );
}

#[test]
fn u_after_an_edit_says_why_when_the_task_cannot_be_read_or_is_gone() {
    let mut m = saved_to_ben();
    update(&mut m, key('u'));
    let down = fault(FaultKind::Unreachable, "Kickserv is unreachable");
    let cmds = read_undo(&mut m, Err(down));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(
        toast(&m),
        "Not undone: task 10 could not be read (Kickserv is unreachable); u tries again"
    );
    // `u` tries again: another read, still no PUT.
    let cmds = update(&mut m, key('u'));
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Api(ApiCmd::ReadTask { task_id: 10, .. })]
    ));
    let cmds = read_undo(&mut m, Ok(None));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(toast(&m), "Cannot undo: Kickserv no longer has task 10");
    assert!(update(&mut m, key('u')).is_empty());
    assert_eq!(toast(&m), "Nothing to undo");
}

/// `D`, `y` on task 10: the read answered with `kickserv`'s copy, and a
/// second `y` when the dialog asks again.
fn delete_over(m: &mut Model, kickserv: Task) -> Vec<Cmd> {
    m.focus_task(10);
    let cmds = press(m, &[key('D'), key('y')]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::ReadTask {
            task_id: 10,
            purpose: ReadFor::Delete
        })]
    );
    update(
        m,
        Msg::TaskRead {
            task_id: 10,
            purpose: ReadFor::Delete,
            result: Ok(Some(Box::new(kickserv))),
        },
    )
}

/// Task 10 as a colleague left it since the last poll: 9:30–10:30, a
/// description of theirs.
fn changed_by_colleague(m: &Model) -> Task {
    let mut t = m.task_by_id(10).unwrap().clone();
    t.description = Some("Bring the long ladder".into());
    t.starts_at = Some(at(today(), 9, 30));
    t.ends_at = Some(at(today(), 10, 30));
    t.updated_at = Some(at(today(), 10, 40));
    t
}

#[test]
fn a_delete_over_a_change_shows_it_first_and_u_remakes_the_task_from_the_delete_answer() {
    let mut m = board();
    let theirs = changed_by_colleague(&m);
    let cmds = delete_over(&mut m, theirs.clone());
    // No DELETE yet: the dialog shows what changed, both versions.
    assert!(cmds.is_empty(), "{cmds:?}");
    let s = screen(&m);
    for want in [
        "Delete this task in Kickserv as it is now?",
        "Changed on Kickserv since the board's copy:",
        "description \"Check the unit\" → \"Bring the long ladder\"",
        "start 09:00 → 09:30",
        "when      Fri 27 Nov 2026 09:30–10:30",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    // Enter does not delete; y does, without reading again.
    assert!(press(&mut m, &[code(KeyCode::Enter)]).is_empty());
    let cmds = press(&mut m, &[key('y')]);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 10 })]);
    // Kickserv answers with the task it deleted (job and customer, no
    // employees), changed once more in the instant between.
    let mut answer = theirs.clone();
    answer.description = Some("Bring the long ladder and the gauge".into());
    answer.employees = Vec::new();
    update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Ok(Some(Box::new(answer))),
        },
    );
    assert_eq!(toast(&m), "Deleted by you 10:45 · task 10 · AC repair");
    let cmds = update(&mut m, key('u'));
    let (_, job, patch) = create_cmd(&cmds);
    assert_eq!(job, 77);
    assert_eq!(
        patch.description,
        Some(Some("Bring the long ladder and the gauge".into()))
    );
    assert_eq!(patch.starts_at, Some(at(today(), 9, 30)));
    assert_eq!(patch.ends_at, Some(at(today(), 10, 30)));
    // The employees come from the copy read before (the answer has none).
    assert_eq!(patch.employee_ids, Some(vec![1]));
}

#[test]
fn a_delete_answer_without_a_task_remakes_the_copy_read_before_and_says_so() {
    let mut m = board();
    let theirs = changed_by_colleague(&m);
    delete_over(&mut m, theirs);
    press(&mut m, &[key('y')]);
    update(
        &mut m,
        Msg::Deleted {
            task_id: 10,
            result: Ok(None),
        },
    );
    assert_eq!(
        toast(&m),
        "Deleted by you 10:45 · task 10 · AC repair (Kickserv's answer held no task: u remakes the copy read just before)"
    );
    let cmds = update(&mut m, key('u'));
    let (_, _, patch) = create_cmd(&cmds);
    // The copy read before the delete, not the board's older one.
    assert_eq!(
        patch.description,
        Some(Some("Bring the long ladder".into()))
    );
    assert_eq!(patch.starts_at, Some(at(today(), 9, 30)));
}

#[test]
fn a_delete_whose_dialog_is_closed_while_reading_sends_nothing() {
    let mut m = board();
    m.focus_task(10);
    press(&mut m, &[key('D'), key('y'), key('n')]);
    assert!(m.modals().is_empty());
    let copy = m.task_by_id(10).cloned().map(Box::new);
    let cmds = update(
        &mut m,
        Msg::TaskRead {
            task_id: 10,
            purpose: ReadFor::Delete,
            result: Ok(copy),
        },
    );
    assert!(cmds.is_empty(), "{cmds:?}");
}
