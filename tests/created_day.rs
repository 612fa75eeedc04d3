//! After a create the board shows the new task's day, the task selected:
//! at once under its stand-in, and under its own id once Kickserv answers.

mod common;

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use common::{at, code, ctrl, employee, key, loaded, press, screen, task, typed};
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::kickserv::model::Task;

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// Friday 27 November, Ana's boiler service selected.
fn board() -> Model {
    let ana = employee(1, 101, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(7, &[&ana], 9, 0, 60, "Boiler service")],
    );
    press(&mut m, &[key('j')]);
    m
}

/// `a` on job 86000, "Gutter check" on `date`, Ctrl-S: the commands sent.
fn create_on(m: &mut Model, date: &str) -> Vec<Cmd> {
    press(m, &[key('a')]);
    let mut keys = typed("86000");
    keys.push(code(KeyCode::Enter));
    keys.extend(typed("Gutter check"));
    keys.push(code(KeyCode::Tab));
    keys.extend(vec![code(KeyCode::Backspace); 10]);
    keys.extend(typed(date));
    press(m, &keys);
    press(m, &[ctrl('s')])
}

fn local_id(cmds: &[Cmd]) -> i64 {
    let ids: Vec<i64> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::Create { local_id, .. }) => Some(*local_id),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 1, "{cmds:?}");
    ids[0]
}

#[test]
fn a_task_created_on_another_day_is_shown_on_its_day_selected() {
    let mut m = board();
    let cmds = create_on(&mut m, "2026-11-30");
    let local = local_id(&cmds);
    assert!(m.period().contains(monday()), "{:?}", m.period());
    assert_eq!(m.cursor().task, Some(local));
    // Its day is fetched; the stand-in shows meanwhile.
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. }))),
        "{cmds:?}"
    );
    let s = screen(&m);
    assert!(s.contains("Mon 30 Nov 2026"), "{s}");
    assert!(s.contains("Gutter check"), "{s}");

    let ana = employee(1, 101, "Ana Gómez");
    let mut made: Task = task(4242, &[&ana], 9, 0, 60, "Gutter check");
    made.starts_at = Some(at(monday(), 9, 0));
    made.ends_at = Some(at(monday(), 10, 0));
    press(
        &mut m,
        &[Msg::Created {
            local_id: local,
            result: Ok(made),
        }],
    );
    assert!(m.period().contains(monday()));
    assert_eq!(m.cursor().task, Some(4242));
    assert_eq!(m.selected().map(|t| t.id), Some(4242));
}

#[test]
fn a_task_created_on_the_day_shown_is_selected_there() {
    let mut m = board();
    let period = m.period();
    let cmds = create_on(&mut m, "2026-11-27");
    let local = local_id(&cmds);
    assert_eq!(m.period(), period);
    assert_eq!(m.cursor().task, Some(local));
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. }))),
        "{cmds:?}"
    );
}
