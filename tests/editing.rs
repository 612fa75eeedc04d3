//! The edit form wired into the board: the form and picker as modals with
//! their key contexts, `e` and Ctrl-S through the write path, refusals,
//! server changes, the draft journal, and read-only.

mod common;

use chrono::Duration;
use crossterm::event::KeyCode;

use common::{
    answer_at, at, code, ctrl, employee, fault, key, loaded, now, opts_with, press, restarted,
    screen, task, toast_gone, today, typed,
};
use kickdesk::app::draft::Draft;
use kickdesk::app::editing;
use kickdesk::app::form::{Field, Form};
use kickdesk::app::keymap::Context;
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg, StoreCmd};
use kickdesk::kickserv::model::{Employee, Task, TaskPatch};

fn crew() -> Vec<Employee> {
    vec![
        employee(1, 101, "Ana Gómez"),
        employee(2, 102, "Ben Okafor"),
        employee(3, 103, "Bernadette Anderson"),
    ]
}

/// Task 2357911, Roof survey, today 09:00–11:00, Ana; a board with it selected.
fn roof() -> Task {
    let ana = employee(1, 101, "Ana Gómez");
    let mut t = task(2357911, &[&ana], 9, 0, 120, "Roof survey");
    t.description = Some("Check the flashing".into());
    t.updated_at = Some(at(today(), 8, 0));
    t
}

fn board() -> Model {
    let mut m = loaded(crew(), vec![roof()]);
    press(&mut m, &[key('j')]);
    assert_eq!(m.cursor().task, Some(2357911));
    m
}

fn form(m: &Model) -> &Form {
    m.modals()
        .iter()
        .rev()
        .find_map(|o| match o {
            Overlay::Form(f) => Some(&**f),
            _ => None,
        })
        .expect("a form is open")
}

fn description(m: &Model) -> String {
    form(m)
        .input(Field::Description)
        .map(|i| i.value().to_string())
        .unwrap_or_default()
}

fn drafts(cmds: &[Cmd]) -> Vec<Draft> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveDraft(d)) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_form_and_picker_are_modals_with_their_own_keys() {
    let mut m = board();
    press(&mut m, &[key('e')]);
    assert_eq!(m.key_context(), Context::Form);
    // Letters a board would act on (j, q, a) are typed into the field.
    press(&mut m, &[code(KeyCode::End)]);
    press(&mut m, &typed(" jqa"));
    assert_eq!(description(&m), "Check the flashing jqa");
    assert_eq!(m.cursor().task, Some(2357911), "the board did not move");
    assert!(!m.quit());
    let s = screen(&m);
    assert!(s.contains("Edit task 2357911 · Roof survey"), "{s}");
    assert!(s.contains("Check the flashing jqa"), "{s}");
    // The hint bar is the form's.
    let last = s.lines().last().unwrap_or_default().to_string();
    assert!(
        last.contains("Ctrl-S save") && last.contains("Esc cancel"),
        "{last}"
    );
    // Tab to the employees; Enter opens the picker over the form.
    press(&mut m, &vec![code(KeyCode::Tab); 4]);
    assert_eq!(form(&m).focus(), Field::Employees);
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Picker);
    assert_eq!(m.modals().len(), 2);
    // The query is typed as you go; `a` is a letter of it, Tab toggles.
    press(&mut m, &typed("ben"));
    let s = screen(&m);
    assert!(s.contains("> ben"), "{s}");
    assert!(s.contains("[ ] Ben Okafor"), "{s}");
    assert!(!s.contains("] Ana"), "{s}");
    press(&mut m, &[code(KeyCode::Tab)]);
    assert!(screen(&m).contains("[x] Ben Okafor"));
    // Ctrl-A: all shown, then none.
    press(&mut m, &[ctrl('a')]);
    assert!(screen(&m).contains("[x] Bernadette Anderson"));
    press(&mut m, &[ctrl('a')]);
    assert!(screen(&m).contains("[ ] Bernadette Anderson"));
    press(&mut m, &[code(KeyCode::Tab)]);
    // Enter applies to the form under it.
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Form);
    assert_eq!(form(&m).employee_names(), ["Ana Gómez", "Ben Okafor"]);
    assert!(
        drafts(&cmds).is_empty(),
        "a draft was written under 300 ms ago"
    );
    let cmds = press(&mut m, &[Msg::Tick(now() + Duration::seconds(1))]);
    assert_eq!(
        drafts(&cmds)
            .iter()
            .map(|d| d.employee_ids.clone())
            .collect::<Vec<_>>(),
        [vec![1, 2]],
        "the next tick journals it"
    );
    // Esc in the picker leaves the selection as it was.
    press(
        &mut m,
        &[code(KeyCode::Enter), code(KeyCode::Tab), code(KeyCode::Esc)],
    );
    assert_eq!(m.key_context(), Context::Form);
    assert_eq!(form(&m).employee_names(), ["Ana Gómez", "Ben Okafor"]);
}

#[test]
fn help_lists_the_form_and_picker_keys_as_built() {
    let m = board();
    let th = kickdesk::ui::theme::Theme::plain();
    let lines: Vec<String> = kickdesk::ui::overlay::help_lines_for(&m, Context::Board, th)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let text = lines.join("\n");
    assert!(text.contains("Ctrl-A all / none"), "{text}");
    let edit = lines.iter().find(|l| l.contains("edit task")).unwrap();
    assert!(!edit.contains("not in this version"), "{edit}");
    for ctx in ["form", "picker"] {
        let l = lines.iter().find(|l| l.starts_with(ctx)).unwrap();
        assert!(!l.contains("not in this version"), "{l}");
    }
}

fn saves(cmds: &[Cmd]) -> Vec<(i64, TaskPatch)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::Save { task_id, patch, .. }) => Some((*task_id, patch.clone())),
            _ => None,
        })
        .collect()
}

fn backspaces(n: usize) -> Vec<Msg> {
    vec![code(KeyCode::Backspace); n]
}

/// `e`, " (long ladder)" added to the description, the end 11:00 → 11:30.
fn edit_roof(m: &mut Model) -> Vec<Cmd> {
    let mut keys = vec![key('e')];
    keys.extend(typed(" (long ladder)"));
    keys.extend(vec![code(KeyCode::Tab); 3]);
    keys.extend(backspaces(5));
    keys.extend(typed("11:30"));
    press(m, &keys)
}

fn answer(m: &mut Model, result: Result<Task, ApiFault>) -> Vec<Cmd> {
    press(
        m,
        &[Msg::Saved {
            task_id: 2357911,
            result,
        }],
    )
}

fn rejected(field: &str, text: &str) -> ApiFault {
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(field.to_string(), vec![text.to_string()]);
    ApiFault {
        kind: FaultKind::Rejected,
        text: format!("Kickserv refused the change: {text}"),
        retry_after: None,
        fields,
    }
}

#[test]
fn ctrl_s_sends_one_put_of_what_changed_and_success_closes_the_form() {
    let mut m = board();
    let cmds = edit_roof(&mut m);
    assert_eq!(drafts(&cmds).len(), 1);
    assert_eq!(m.key_context(), Context::Form);
    let cmds = press(&mut m, &[ctrl('s')]);
    let sent = saves(&cmds);
    assert_eq!(sent.len(), 1, "{cmds:?}");
    let (id, patch) = &sent[0];
    assert_eq!(*id, 2357911);
    assert_eq!(
        patch.description,
        Some(Some("Check the flashing (long ladder)".into()))
    );
    assert_eq!(patch.ends_at, Some(at(today(), 11, 30)));
    assert_eq!(patch.starts_at, None, "the start did not change");
    assert_eq!(patch.employee_ids, None);
    // The form stays, saving; the board shows the change at once.
    assert!(form(&m).is_saving());
    assert!(screen(&m).contains("saving…"));
    assert_eq!(
        m.task_by_id(2357911).and_then(|t| t.ends_at),
        Some(at(today(), 11, 30))
    );
    // A second Ctrl-S while saving sends nothing.
    assert!(saves(&press(&mut m, &[ctrl('s')])).is_empty());
    let mut done = roof();
    done.description = Some("Check the flashing (long ladder)".into());
    done.ends_at = Some(at(today(), 11, 30));
    let cmds = answer(&mut m, Ok(done));
    assert!(m.modals().is_empty(), "back to the board");
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("task-2357911".into()))],
        "its own draft"
    );
    let s = screen(&m);
    assert!(s.contains("Saved by you 10:45 · Roof survey"), "{s}");
}

#[test]
fn a_form_opened_from_the_detail_returns_to_it_when_saved() {
    let mut m = board();
    press(&mut m, &[code(KeyCode::Enter)]);
    edit_roof(&mut m);
    assert_eq!(m.modals().len(), 2);
    press(&mut m, &[ctrl('s')]);
    answer(&mut m, Ok(roof()));
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail {
            task_id: 2357911,
            ..
        })
    ));
}

#[test]
fn a_refusal_keeps_the_form_with_what_was_typed_and_the_reason_beside_the_field() {
    let mut m = board();
    edit_roof(&mut m);
    press(&mut m, &[ctrl('s')]);
    let cmds = answer(
        &mut m,
        Err(rejected("ends_at", "must be before the job's end")),
    );
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Store(StoreCmd::RemoveDraft(_)))),
        "{cmds:?}"
    );
    assert_eq!(m.key_context(), Context::Form);
    assert!(!form(&m).is_saving());
    assert_eq!(description(&m), "Check the flashing (long ladder)");
    assert_eq!(
        form(&m).error(Field::End),
        Some("must be before the job's end")
    );
    // The board is back to the server's version.
    assert_eq!(
        m.task_by_id(2357911).and_then(|t| t.ends_at),
        Some(at(today(), 11, 0))
    );
    let s = screen(&m);
    let end_row = s
        .lines()
        .position(|l| l.contains("End or duration"))
        .unwrap();
    let below = s.lines().nth(end_row + 1).unwrap_or_default();
    assert!(below.contains("must be before the job's end"), "{s}");
}

#[test]
fn a_failed_save_offers_a_retry_and_ctrl_s_sends_again() {
    let mut m = board();
    edit_roof(&mut m);
    press(&mut m, &[ctrl('s')]);
    let fault = fault(FaultKind::Other, "Kickserv answered 500");
    answer(&mut m, Err(fault));
    let s = screen(&m);
    assert!(
        s.contains("save failed: Kickserv answered 500 · Ctrl-S to retry"),
        "{s}"
    );
    let cmds = press(&mut m, &[ctrl('s')]);
    assert_eq!(saves(&cmds).len(), 1);
}

#[test]
fn esc_with_changes_asks_and_a_second_esc_discards_and_forgets_the_draft() {
    let mut m = board();
    edit_roof(&mut m);
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::Api(_))));
    assert_eq!(m.key_context(), Context::Form);
    assert!(screen(&m).contains("unsaved changes: Esc again to discard them"));
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("task-2357911".into()))]
    );
    assert_eq!(
        m.task_by_id(2357911).and_then(|t| t.ends_at),
        Some(at(today(), 11, 0))
    );
}

#[test]
fn a_task_changed_on_the_server_is_shown_and_saving_over_it_asks_twice() {
    let mut m = board();
    press(&mut m, &[key('e')]);
    press(&mut m, &typed(" (long ladder)"));
    // Someone moved the end on Kickserv meanwhile.
    let mut newer = roof();
    newer.ends_at = Some(at(today(), 12, 0));
    newer.updated_at = Some(at(today(), 10, 30));
    // The poll comes while the form is on top: `r` is typed, not a refresh.
    let cmds = press(&mut m, &[key('r')]);
    assert!(common::fetch_of(&cmds).is_empty());
    press(&mut m, &[code(KeyCode::Backspace)]);
    poll_under_form(&mut m, vec![newer]);
    let s = screen(&m);
    assert!(
        s.contains("changed on the server: end 11:00 → 12:00"),
        "{s}"
    );
    let cmds = press(&mut m, &[ctrl('s')]);
    assert!(saves(&cmds).is_empty());
    assert!(screen(&m).contains("Ctrl-S again to save over it"));
    let cmds = press(&mut m, &[ctrl('s')]);
    assert_eq!(saves(&cmds).len(), 1);
}

#[test]
fn a_poll_without_a_change_leaves_the_form_alone() {
    let mut m = board();
    press(&mut m, &[key('e')]);
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    press(&mut m, &[key('e')]);
    poll_under_form(&mut m, vec![roof()]);
    assert!(form(&m).server_changes().is_empty());
    assert!(saves(&press(&mut m, &[key('x'), ctrl('s')])).len() == 1);
}

fn poll_under_form(m: &mut Model, tasks: Vec<Task>) {
    // A refresh already asked for (after a change with no answer) is
    // answered; else the next poll.
    let fetch = common::poll(m);
    answer_at(m, fetch, now(), Ok(tasks.into()));
}

#[test]
fn the_form_opened_with_e_over_the_board_at_80x24_with_a_refusal() {
    let mut m = board();
    press(&mut m, &[Msg::Resize(80, 24)]);
    edit_roof(&mut m);
    press(&mut m, &[ctrl('s')]);
    answer(
        &mut m,
        Err(rejected("ends_at", "must be before the job's end")),
    );
    insta::assert_snapshot!(screen(&m));
}

fn draft_of_roof() -> Draft {
    Draft {
        id: "kept-0".into(),
        task_id: Some(2357911),
        title: "Roof survey".into(),
        description: "Bring the long ladder".into(),
        date: "2026-11-27".into(),
        start: "9:00".into(),
        end: "11:30".into(),
        employee_ids: vec![1],
        base_updated_at: roof().updated_at,
        at: now(),
        ..Draft::default()
    }
}

#[test]
fn a_draft_found_at_start_is_offered_and_y_gives_the_typed_text_back() {
    // Offered before the first data came: `y` waits for it.
    let (mut m, cmds) = common::fresh(120, 40);
    editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
    let s = screen(&m);
    assert!(
        s.contains("restore your edit of task 2357911, Roof survey?"),
        "{s}"
    );
    assert!(s.contains("y restore · n discard · Esc later"), "{s}");
    let out = press(&mut m, &[key('y')]);
    assert!(out.is_empty());
    assert!(matches!(m.top(), Some(Overlay::Restore(_))));
    press(
        &mut m,
        &[Msg::EmployeesLoaded {
            at: now(),
            result: Ok(crew()),
        }],
    );
    let (seq, period) = common::fetch_of(&cmds)[0];
    answer_at(&mut m, (seq, period), now(), Ok(vec![roof()].into()));
    assert_eq!(m.key_context(), Context::Form);
    assert_eq!(description(&m), "Bring the long ladder");
    assert!(screen(&m).contains("Edit task 2357911 · Roof survey"));
    // Saving it sends what the draft held, and forgets the draft.
    let cmds = press(&mut m, &[ctrl('s')]);
    let sent = saves(&cmds);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].1.description,
        Some(Some("Bring the long ladder".into()))
    );
    assert_eq!(sent[0].1.ends_at, Some(at(today(), 11, 30)));
    let cmds = answer(&mut m, Ok(roof()));
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("kept-0".into()))],
        "the draft it was restored from"
    );
}

#[test]
fn n_discards_the_draft_and_esc_keeps_it_for_the_next_start() {
    let mut m = board();
    editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(cmds.is_empty());
    assert!(m.modals().is_empty());
    editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
    let cmds = press(&mut m, &[key('n')]);
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("kept-0".into()))]
    );
    assert!(m.modals().is_empty());
    // A journal that cannot be read is said, not offered.
    editing::offer_draft(&mut m, Err("the unsaved edit is damaged".into()));
    assert!(m.modals().is_empty());
    assert!(screen(&m).contains("the unsaved edit is damaged"));
}

#[test]
fn a_draft_of_a_task_not_in_the_first_period_is_kept_and_said() {
    let mut m = board();
    let mut d = draft_of_roof();
    d.task_id = Some(999);
    d.date = "2026-12-04".into();
    editing::offer_draft(&mut m, Ok(Some(d)));
    let cmds = press(&mut m, &[key('y')]);
    assert!(cmds.is_empty(), "the draft is kept: {cmds:?}");
    assert!(m.modals().is_empty());
    let s = screen(&m);
    assert!(s.contains("Task 999 is not in the period shown"), "{s}");
}

#[test]
fn a_signal_journals_what_was_typed_before_leaving() {
    let mut m = board();
    press(&mut m, &[key('e'), key('!')]);
    // Typed within 300 ms of the first draft: not written yet.
    let cmds = press(&mut m, &typed(" more"));
    assert!(drafts(&cmds).is_empty());
    let cmds = press(&mut m, &[Msg::Shutdown("SIGHUP")]);
    let d = drafts(&cmds);
    assert_eq!(d.len(), 1, "{cmds:?}");
    assert_eq!(d[0].description, "Check the flashing! more");
    assert_eq!(d[0].task_id, Some(2357911));
    assert!(m.quit());
}

#[test]
fn read_only_and_monitor_refuse_edit_add_delete_and_undo_everywhere_and_send_nothing() {
    for monitor in [false, true] {
        let m0 = board();
        let o = if monitor {
            opts_with(|o| o.monitor = true)
        } else {
            opts_with(|o| o.read_only = true)
        };
        let mut m = restarted(&m0, o);
        let mut cmds = Vec::new();
        for k in ['e', 'a', 'D', 'u'] {
            cmds.extend(press(&mut m, &[key(k)]));
            assert!(m.modals().is_empty(), "{k}");
            let t = m
                .toast()
                .as_ref()
                .map(|t| t.text.clone())
                .unwrap_or_default();
            assert!(t.starts_with("read-only: "), "{k}: {t}");
        }
        // From the detail too.
        press(&mut m, &[code(KeyCode::Enter)]);
        for k in ['e', 'D'] {
            cmds.extend(press(&mut m, &[key(k)]));
            assert!(matches!(m.top(), Some(Overlay::Detail { .. })), "{k}");
        }
        press(&mut m, &[code(KeyCode::Esc)]);
        // A draft of an earlier run is not offered: it could not be saved.
        editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
        assert!(m.modals().is_empty());
        cmds.extend(press(&mut m, &[key('y'), ctrl('s')]));
        let mutating: Vec<&Cmd> = cmds
            .iter()
            .filter(|c| matches!(c, Cmd::Api(a) if a.mutates()))
            .collect();
        assert!(mutating.is_empty(), "{mutating:?}");
        assert!(
            !cmds.iter().any(|c| matches!(c, Cmd::Store(_))),
            "the draft is left alone: {cmds:?}"
        );
        // The hint bar leaves them out.
        toast_gone(&mut m);
        let s = screen(&m);
        let bar = s.lines().last().unwrap_or_default().to_string();
        for hidden in ["edit", "add", "delete", "undo"] {
            assert!(!bar.contains(hidden), "{hidden}: {bar}");
        }
    }
}

fn creates(cmds: &[Cmd]) -> Vec<(i64, i64, TaskPatch)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::Create {
                local_id,
                job_number,
                task,
            }) => Some((*local_id, *job_number, task.clone())),
            _ => None,
        })
        .collect()
}

/// `a` on Ana's 9:00 task, a job found through the customer search.
fn new_task_through_the_search(m: &mut Model) {
    let cmds = press(m, &[key('a')]);
    assert!(cmds.is_empty());
    assert_eq!(m.key_context(), Context::Jobs);
    assert!(screen(m).contains("New task: which job?"));
    let mut keys = typed("Cust");
    keys.push(code(KeyCode::Enter));
    let cmds = press(m, &keys);
    let seq = match cmds.as_slice() {
        [Cmd::Api(ApiCmd::SearchCustomers { seq, text })] if text == "Cust" => *seq,
        other => panic!("{other:?}"),
    };
    assert!(screen(m).contains("searching customers…"));
    let found: Vec<kickdesk::kickserv::model::Customer> = serde_json::from_value(
        serde_json::json!([{"id": 70, "name": "Customer Seventy"}, {"id": 71, "name": "Customer Seventy-one"}]),
    )
    .unwrap();
    press(
        m,
        &[Msg::CustomersFound {
            seq,
            text: "Cust".into(),
            result: Ok(found),
        }],
    );
    assert!(screen(m).contains("Customer Seventy-one"));
    let cmds = press(m, &[code(KeyCode::Down), code(KeyCode::Enter)]);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::JobList { customer_id: 71 })]);
    let jobs: Vec<kickdesk::kickserv::model::JobListEntry> = serde_json::from_value(
        serde_json::json!([{"id": 39497130, "name": "Job #86000: Gutter repair", "status": "scheduled"}]),
    )
    .unwrap();
    press(
        m,
        &[Msg::JobsListed {
            customer_id: 71,
            result: Ok(jobs),
        }],
    );
    let s = screen(m);
    assert!(s.contains("Active jobs of Customer Seventy-one"), "{s}");
    press(m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Form);
}

#[test]
fn a_opens_a_new_task_on_a_job_found_through_the_customer_search_and_posts_once() {
    let mut m = board();
    new_task_through_the_search(&mut m);
    let s = screen(&m);
    assert!(s.contains("New task · Job #86000: Gutter repair"), "{s}");
    // Prefilled from the slot: today, 09:00, an hour, Ana.
    let f = form(&m);
    assert_eq!(f.input(Field::Date).unwrap().value(), "2026-11-27");
    assert_eq!(f.input(Field::Start).unwrap().value(), "09:00");
    assert_eq!(f.input(Field::End).unwrap().value(), "10:00");
    assert_eq!(f.employee_names(), ["Ana Gómez"]);
    press(&mut m, &typed("Clean the gutters"));
    let cmds = press(&mut m, &[ctrl('s')]);
    let made = creates(&cmds);
    assert_eq!(made.len(), 1, "{cmds:?}");
    let (local, job, patch) = &made[0];
    assert_eq!(*job, 86000);
    assert_eq!(patch.description, Some(Some("Clean the gutters".into())));
    assert_eq!(patch.starts_at, Some(at(today(), 9, 0)));
    assert_eq!(patch.ends_at, Some(at(today(), 10, 0)));
    assert_eq!(patch.employee_ids, Some(vec![1]));
    // Shown at once, selected, under the form.
    assert_eq!(m.cursor().task, Some(*local));
    assert!(form(&m).is_saving());
    let mut made = task(
        2400001,
        &[&employee(1, 101, "Ana Gómez")],
        9,
        0,
        60,
        "Gutter repair",
    );
    made.description = Some("Clean the gutters".into());
    let cmds = press(
        &mut m,
        &[Msg::Created {
            local_id: *local,
            result: Ok(made),
        }],
    );
    assert!(m.modals().is_empty());
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("new-1".into()))]
    );
    assert_eq!(m.cursor().task, Some(2400001));
    assert!(screen(&m).contains("task 2400001"));
    // `:log` keeps it, under the task's new number.
    let e = m.log().entries.back().expect("the create is logged");
    assert_eq!((e.task_id, e.error), (2400001, false));
    assert!(e.text.contains("task 2400001"), "{}", e.text);
}

#[test]
fn a_job_number_typed_is_taken_as_it_is() {
    let mut m = board();
    let mut keys = vec![key('a')];
    keys.extend(typed("86001"));
    keys.push(code(KeyCode::Enter));
    let cmds = press(&mut m, &keys);
    assert!(cmds.is_empty(), "no lookup: {cmds:?}");
    assert_eq!(form(&m).job.as_ref().map(|j| j.0), Some(86001));
    // Esc on an untouched form closes it.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
}

/// The task Kickserv made of "Clean the gutters" on job 86000 (today
/// 09:00–10:00, Ana), under `id`.
fn gutters_made(id: i64) -> Task {
    let mut t = task(
        id,
        &[&employee(1, 101, "Ana Gómez")],
        9,
        0,
        60,
        "Gutter repair",
    );
    t.description = Some("Clean the gutters".into());
    t
}

/// `a`, "Clean the gutters", Ctrl-S, and the create's answer lost (`kind`):
/// the commands that answer brought.
fn create_without_answer(m: &mut Model, kind: FaultKind) -> Vec<Cmd> {
    new_task_through_the_search(m);
    press(m, &typed("Clean the gutters"));
    let cmds = press(m, &[ctrl('s')]);
    let (local, _, _) = creates(&cmds)[0].clone();
    press(
        m,
        &[Msg::Created {
            local_id: local,
            result: Err(fault(kind, "no answer in time")),
        }],
    )
}

fn job_reads(cmds: &[Cmd]) -> Vec<i64> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::ReadJobTasks { job_number }) => Some(*job_number),
            _ => None,
        })
        .collect()
}

#[test]
fn a_create_without_an_answer_looks_for_the_task_and_never_sends_it_again_when_found() {
    for kind in [FaultKind::NoAnswer, FaultKind::AnswerUnreadable] {
        let mut m = board();
        let cmds = create_without_answer(&mut m, kind);
        // A read of the job's tasks, not a second create.
        assert!(creates(&cmds).is_empty(), "{cmds:?}");
        assert_eq!(job_reads(&cmds), vec![86000], "{kind:?}");
        assert_eq!(m.key_context(), Context::Form);
        let s = screen(&m);
        assert!(s.contains("looking for the task on job 86000"), "{s}");
        // `:log` keeps it under the stand-in's number, as a fault.
        let e = m.log().entries.back().expect("the create is logged");
        assert!(e.task_id < 0 && e.error, "{e:?}");
        // Ctrl-S while the job is read sends nothing.
        let cmds = press(&mut m, &[ctrl('s')]);
        assert!(
            creates(&cmds).is_empty() && job_reads(&cmds).is_empty(),
            "{cmds:?}"
        );
        // The job has it (and an older task of its own).
        let older = task(2400000, &[], 14, 0, 60, "Gutter repair");
        let cmds = press(
            &mut m,
            &[Msg::JobTasksRead {
                job_number: 86000,
                result: Ok(vec![older, gutters_made(2400001)]),
            }],
        );
        assert!(
            matches!(&cmds[..], [Cmd::Store(StoreCmd::RemoveDraft(id))] if id.starts_with("new-")),
            "{cmds:?}"
        );
        let s = screen(&m);
        assert!(
            s.contains("created after all: job 86000 shows it as task 2400001"),
            "{s}"
        );
        // Ctrl-S now sends nothing; ticks send nothing either.
        let cmds = press(
            &mut m,
            &[ctrl('s'), Msg::Tick(now() + Duration::seconds(5))],
        );
        assert!(
            creates(&cmds).is_empty() && job_reads(&cmds).is_empty(),
            "{cmds:?}"
        );
        // Esc closes at once: what was typed is on Kickserv.
        press(&mut m, &[code(KeyCode::Esc)]);
        assert!(m.modals().is_empty(), "{kind:?}");
    }
}

#[test]
fn a_create_without_an_answer_not_found_on_its_job_is_sent_again_by_ctrl_s_only() {
    let mut m = board();
    create_without_answer(&mut m, FaultKind::NoAnswer);
    // The job's tasks cannot be read: Ctrl-S reads them again, creates nothing.
    press(
        &mut m,
        &[Msg::JobTasksRead {
            job_number: 86000,
            result: Err(fault(FaultKind::Unreachable, "Kickserv is unreachable")),
        }],
    );
    let s = screen(&m);
    assert!(
        s.contains("could not look for the task on job 86000"),
        "{s}"
    );
    let cmds = press(&mut m, &[ctrl('s')]);
    assert!(creates(&cmds).is_empty(), "{cmds:?}");
    assert_eq!(job_reads(&cmds), vec![86000]);
    // The job has no such task: the create did not happen.
    let mut other = gutters_made(2400000);
    other.description = Some("Something else".into());
    let cmds = press(
        &mut m,
        &[Msg::JobTasksRead {
            job_number: 86000,
            result: Ok(vec![other]),
        }],
    );
    assert!(cmds.is_empty(), "{cmds:?}");
    let s = screen(&m);
    assert!(s.contains("not created: job 86000 has no such task"), "{s}");
    // Nothing is sent until Ctrl-S; then one create.
    let cmds = press(&mut m, &[Msg::Tick(now() + Duration::seconds(5))]);
    assert!(creates(&cmds).is_empty());
    let cmds = press(&mut m, &[ctrl('s')]);
    assert_eq!(creates(&cmds).len(), 1, "{cmds:?}");
}

#[test]
fn not_created_turns_into_created_when_a_poll_shows_the_task() {
    let mut m = board();
    create_without_answer(&mut m, FaultKind::NoAnswer);
    // The read of the job is still out when the poll brings the task.
    poll_under_form(&mut m, vec![roof(), gutters_made(2400001)]);
    let s = screen(&m);
    assert!(
        s.contains("created after all: the board shows it as task 2400001"),
        "{s}"
    );
    let cmds = press(&mut m, &[ctrl('s')]);
    assert!(creates(&cmds).is_empty(), "{cmds:?}");
}

#[test]
fn not_saved_no_answer_turns_into_saved_when_a_poll_shows_the_values() {
    let mut m = board();
    edit_roof(&mut m);
    let cmds = press(&mut m, &[ctrl('s')]);
    assert_eq!(saves(&cmds).len(), 1);
    answer(&mut m, Err(fault(FaultKind::NoAnswer, "no answer in time")));
    let s = screen(&m);
    assert!(s.contains("it may have been saved"), "{s}");
    // A poll with the old values: not saved (the form keeps what was typed).
    poll_under_form(&mut m, vec![roof()]);
    assert!(screen(&m).contains("it may have been saved"));
    // A poll with the values sent: saved, nothing left to save.
    let mut saved = roof();
    saved.description = Some(description(&m));
    saved.ends_at = Some(at(today(), 11, 30));
    saved.updated_at = Some(at(today(), 10, 46));
    let fetch = common::poll(&mut m);
    let cmds = answer_at(&mut m, fetch, now(), Ok(vec![saved].into()));
    assert!(
        cmds.contains(&Cmd::Store(StoreCmd::RemoveDraft("task-2357911".into()))),
        "{cmds:?}"
    );
    let s = screen(&m);
    assert!(s.contains("saved: Kickserv shows the change"), "{s}");
    assert!(s.contains("Saved after all · Roof survey"), "{s}");
    assert!(!s.contains("it may have been saved"), "{s}");
    // Not a change on the server: nothing to overwrite, nothing to save.
    assert!(form(&m).server_changes().is_empty());
    assert!(!form(&m).has_changes());
    let cmds = press(&mut m, &[ctrl('s')]);
    assert!(saves(&cmds).is_empty(), "{cmds:?}");
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
}

#[test]
fn a_new_tasks_draft_of_an_older_version_asks_its_job_again_then_gives_the_text_back() {
    let mut m = board();
    // Older versions did not keep the job.
    let d = Draft {
        task_id: None,
        title: "Clean the gutters".into(),
        description: "Clean the gutters".into(),
        date: "2026-11-27".into(),
        start: "14:00".into(),
        end: "15:00".into(),
        employee_ids: vec![2],
        base_updated_at: None,
        at: now(),
        ..Draft::default()
    };
    editing::offer_draft(&mut m, Ok(Some(d)));
    assert!(screen(&m).contains("restore the new task you were writing"));
    press(&mut m, &[key('y')]);
    assert!(screen(&m).contains("New task: which job?"));
    let mut keys = typed("86002");
    keys.push(code(KeyCode::Enter));
    press(&mut m, &keys);
    assert_eq!(description(&m), "Clean the gutters");
    let cmds = press(&mut m, &[ctrl('s')]);
    let made = creates(&cmds);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].1, 86002);
    assert_eq!(made[0].2.starts_at, Some(at(today(), 14, 0)));
    assert_eq!(made[0].2.employee_ids, Some(vec![2]));
}

#[test]
fn the_picker_over_the_form_over_the_board_at_80x24() {
    let mut m = board();
    press(&mut m, &[Msg::Resize(80, 24), key('e')]);
    press(&mut m, &vec![code(KeyCode::Tab); 4]);
    press(&mut m, &[code(KeyCode::Enter)]);
    press(&mut m, &typed("be"));
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn the_restore_prompt_over_the_board_at_80x24() {
    let mut m = board();
    press(&mut m, &[Msg::Resize(80, 24)]);
    editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn a_date_typed_without_its_year_is_the_nearest_one_and_the_form_shows_the_year() {
    // 27 November: `01-05` is the coming January, not the one gone by.
    let mut m = board();
    let mut keys = vec![key('e'), code(KeyCode::Tab)];
    keys.extend(backspaces(10));
    keys.extend(typed("01-05"));
    press(&mut m, &keys);
    let s = screen(&m);
    assert!(s.contains("01-05 is Tue 5 Jan 2027, the nearest"), "{s}");
    let sent = saves(&press(&mut m, &[ctrl('s')]));
    assert_eq!(sent.len(), 1);
    let jan = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    assert_eq!(sent[0].1.starts_at, Some(at(jan, 9, 0)));
    assert_eq!(sent[0].1.ends_at, Some(at(jan, 11, 0)));
}

/// The storage commands that name the draft `id`.
fn touching(cmds: &[Cmd], id: &str) -> Vec<Cmd> {
    cmds.iter()
        .filter(|c| match c {
            Cmd::Store(StoreCmd::SaveDraft(d)) => d.id == id,
            Cmd::Store(StoreCmd::RemoveDraft(r)) => r == id,
            _ => false,
        })
        .cloned()
        .collect()
}

#[test]
fn a_draft_kept_for_later_survives_the_edit_and_save_of_any_task_even_its_own() {
    let mut m = board();
    editing::offer_draft(&mut m, Ok(Some(draft_of_roof())));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(screen(&m).contains("kept for the next start"));
    // The same task edited afresh, journalled and saved: its own draft.
    let mut cmds = edit_roof(&mut m);
    cmds.extend(press(&mut m, &[Msg::Tick(now() + Duration::seconds(1))]));
    let written = drafts(&cmds);
    assert!(!written.is_empty());
    assert!(
        written.iter().all(|d| d.id == "task-2357911"),
        "{written:?}"
    );
    cmds.extend(press(&mut m, &[ctrl('s')]));
    let done = answer(&mut m, Ok(roof()));
    assert_eq!(
        done,
        vec![Cmd::Store(StoreCmd::RemoveDraft("task-2357911".into()))]
    );
    cmds.extend(done);
    // A new task, discarded.
    cmds.extend(press(&mut m, &[key('a')]));
    let mut keys = typed("86002");
    keys.push(code(KeyCode::Enter));
    keys.extend(typed("Gutters"));
    keys.extend([Msg::Tick(now() + Duration::seconds(2)), code(KeyCode::Esc)]);
    keys.push(code(KeyCode::Esc));
    let last = press(&mut m, &keys);
    assert!(m.modals().is_empty());
    assert_eq!(
        last.last(),
        Some(&Cmd::Store(StoreCmd::RemoveDraft("new-1".into())))
    );
    cmds.extend(last);
    assert_eq!(
        touching(&cmds, "kept-0"),
        [],
        "the kept draft is left alone"
    );
}

fn new_draft_with_job() -> Draft {
    Draft {
        id: "kept-1".into(),
        task_id: None,
        title: "Clean the gutters".into(),
        description: "Clean the gutters".into(),
        date: "2026-11-27".into(),
        start: "14:00".into(),
        end: "15:00".into(),
        employee_ids: vec![2],
        at: now(),
        job: Some(kickdesk::app::draft::DraftJob {
            number: 86002,
            label: "Job #86002: Gutters".into(),
        }),
        ..Draft::default()
    }
}

#[test]
fn several_drafts_are_offered_one_after_another_each_restored_discarded_or_kept() {
    let mut m = board();
    let mut away = draft_of_roof();
    away.id = "kept-2".into();
    away.task_id = Some(999);
    let found = kickdesk::app::draft::Found {
        drafts: vec![draft_of_roof(), new_draft_with_job(), away],
        errors: vec!["the unsaved edit in x is damaged (eof); it is left there".into()],
    };
    editing::offer_drafts(&mut m, found);
    let s = screen(&m);
    assert!(s.contains("Unsaved edit 1 of 3"), "{s}");
    assert!(
        s.contains("restore your edit of task 2357911, Roof survey?"),
        "{s}"
    );
    assert!(s.contains("is damaged (eof); it is left there"), "{s}");
    // Esc: kept, and the next one asked.
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(cmds.is_empty());
    let s = screen(&m);
    assert!(s.contains("Unsaved edit 2 of 3"), "{s}");
    assert!(
        s.contains("restore the new task you were writing, Clean"),
        "{s}"
    );
    // y: its form; the third waits until the form is done.
    press(&mut m, &[key('y')]);
    assert_eq!(m.key_context(), Context::Form);
    assert!(!screen(&m).contains("Unsaved edit 3 of 3"));
    let cmds = press(
        &mut m,
        &[
            code(KeyCode::End),
            key('!'),
            code(KeyCode::Esc),
            code(KeyCode::Esc),
        ],
    );
    assert_eq!(
        cmds.last(),
        Some(&Cmd::Store(StoreCmd::RemoveDraft("kept-1".into())))
    );
    let s = screen(&m);
    assert!(s.contains("Unsaved edit 3 of 3"), "{s}");
    // n: only that one is discarded.
    let cmds = press(&mut m, &[key('n')]);
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("kept-2".into()))]
    );
    assert!(m.modals().is_empty());
}

#[test]
fn a_new_tasks_draft_keeps_its_job_and_restores_straight_to_its_form() {
    let mut m = board();
    let mut keys = vec![key('a')];
    keys.extend(typed("86002"));
    keys.push(code(KeyCode::Enter));
    keys.extend(typed("Clean the gutters"));
    keys.push(Msg::Tick(now() + Duration::seconds(1)));
    let cmds = press(&mut m, &keys);
    let d = drafts(&cmds);
    let last = d.last().expect("journalled");
    assert!(d.iter().all(|d| d.id == "new-1"), "{d:?}");
    assert_eq!(last.job.as_ref().map(|j| j.number), Some(86002));
    assert_eq!(last.description, "Clean the gutters");
    // A crash; the next start restores it with its job.
    let mut next = board();
    let mut kept = last.clone();
    kept.id = "kept-0".into();
    editing::offer_draft(&mut next, Ok(Some(kept)));
    press(&mut next, &[key('y')]);
    assert_eq!(next.key_context(), Context::Form, "no job asked again");
    let s = screen(&next);
    assert!(s.contains("New task · job 86002"), "{s}");
    assert!(!s.contains("which job?"), "{s}");
    assert_eq!(description(&next), "Clean the gutters");
    let cmds = press(&mut next, &[ctrl('s')]);
    let made = creates(&cmds);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].1, 86002);
    let local = made[0].0;
    let cmds = press(
        &mut next,
        &[Msg::Created {
            local_id: local,
            result: Ok(task(2400001, &[], 14, 0, 60, "Gutters")),
        }],
    );
    assert_eq!(
        cmds,
        vec![Cmd::Store(StoreCmd::RemoveDraft("kept-0".into()))]
    );
}

#[test]
fn a_draft_not_written_is_said_on_the_form_at_once_and_while_it_is_open() {
    let mut m = board();
    let cmds = edit_roof(&mut m);
    assert_eq!(drafts(&cmds)[0].id, "task-2357911");
    let full = || Msg::DraftStored {
        id: "task-2357911".into(),
        result: Err("No space left on device (os error 28)".into()),
    };
    press(&mut m, &[full()]);
    assert!(m.dirty(), "drawn at once");
    let said = "not kept on disk (No space left on device (os error 28))";
    assert!(screen(&m).contains(said), "{}", screen(&m));
    // Typing, ticks, a failed save: still said.
    press(&mut m, &[code(KeyCode::Backspace), key('5')]);
    press(&mut m, &[Msg::Tick(now() + Duration::seconds(5))]);
    assert!(screen(&m).contains(said));
    press(&mut m, &[ctrl('s')]);
    answer(
        &mut m,
        Err(fault(FaultKind::Other, "Kickserv answered 500")),
    );
    let s = screen(&m);
    assert!(s.contains(said) && s.contains("save failed"), "{s}");
    // Another edit's failure is not this form's.
    press(
        &mut m,
        &[Msg::DraftStored {
            id: "task-1".into(),
            result: Ok(()),
        }],
    );
    assert!(screen(&m).contains(said));
    // The disk is back: the form says nothing more.
    press(
        &mut m,
        &[Msg::DraftStored {
            id: "task-2357911".into(),
            result: Ok(()),
        }],
    );
    assert!(!screen(&m).contains("not kept on disk"));
    // A failure after the form closed is said by a toast.
    press(&mut m, &[code(KeyCode::Esc), code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    press(&mut m, &[full()]);
    assert!(
        screen(&m).contains("An unsaved edit could not be kept on disk"),
        "{}",
        screen(&m)
    );
}

#[test]
fn the_single_draft_of_an_older_version_says_its_account_is_unknown() {
    let mut m = board();
    let mut d = draft_of_roof();
    d.account_unknown = true;
    editing::offer_draft(&mut m, Ok(Some(d)));
    let s = screen(&m);
    assert!(
        s.contains("kept by an older kickdesk that did not record"),
        "{s}"
    );
    assert!(s.contains("only if it is this account's"), "{s}");
}

#[test]
fn a_read_only_board_counts_the_drafts_it_leaves_for_another() {
    let mut m = restarted(&board(), opts_with(|o| o.read_only = true));
    let found = kickdesk::app::draft::Found {
        drafts: vec![draft_of_roof(), new_draft_with_job()],
        errors: Vec::new(),
    };
    editing::offer_drafts(&mut m, found);
    assert!(m.modals().is_empty());
    let s = screen(&m);
    assert!(
        s.contains("2 unsaved edits from earlier runs are kept"),
        "{s}"
    );
}

#[test]
fn giving_up_the_job_of_an_older_new_tasks_draft_keeps_it_and_asks_the_next() {
    let mut m = board();
    let mut old = new_draft_with_job();
    old.job = None;
    let found = kickdesk::app::draft::Found {
        drafts: vec![old, draft_of_roof()],
        errors: Vec::new(),
    };
    editing::offer_drafts(&mut m, found);
    press(&mut m, &[key('y')]);
    assert!(screen(&m).contains("New task: which job?"));
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(cmds.is_empty(), "kept: {cmds:?}");
    let s = screen(&m);
    assert!(s.contains("Unsaved edit 2 of 2"), "{s}");
    assert!(s.contains("restore your edit of task 2357911"), "{s}");
}
