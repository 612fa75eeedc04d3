//! The edit form wired into the board: the form and picker as modals with
//! their key contexts, `e` and Ctrl-S through the write path, refusals,
//! server changes, the draft journal, and read-only.

mod common;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{at, code, employee, key, loaded, now, press, task, today};
use kickdesk::app::draft::Draft;
use kickdesk::app::form::{Field, Form};
use kickdesk::app::keymap::Context;
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{Cmd, Msg, StoreCmd};
use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::runtime::Screen;
use kickdesk::runtime::screen::TestScreen;

fn screen(m: &Model) -> String {
    let mut s = TestScreen::new(m.size.0, m.size.1).unwrap();
    s.draw(m).unwrap();
    s.text()
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(s: &str) -> Vec<Msg> {
    s.chars().map(key).collect()
}

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
    assert_eq!(m.cursor.task, Some(2357911));
    m
}

fn form(m: &Model) -> &Form {
    m.modals
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
    let f = Form::for_task(&roof(), m.tz(), &m.employees);
    m.open(Overlay::Form(Box::new(f)));
    assert_eq!(m.key_context(), Context::Form);
    // Letters a board would act on (j, q, a) are typed into the field.
    press(&mut m, &[code(KeyCode::End)]);
    press(&mut m, &typed(" jqa"));
    assert_eq!(description(&m), "Check the flashing jqa");
    assert_eq!(m.cursor.task, Some(2357911), "the board did not move");
    assert!(!m.quit);
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
    assert_eq!(m.modals.len(), 2);
    // The query is typed as you go; `a` is a letter of it, Space toggles.
    press(&mut m, &typed("ben"));
    let s = screen(&m);
    assert!(s.contains("> ben"), "{s}");
    assert!(s.contains("[ ] Ben Okafor"), "{s}");
    assert!(!s.contains("] Ana"), "{s}");
    press(&mut m, &[key(' ')]);
    assert!(screen(&m).contains("[x] Ben Okafor"));
    // Ctrl-A: all shown, then none.
    press(&mut m, &[ctrl('a')]);
    assert!(screen(&m).contains("[x] Bernadette Anderson"));
    press(&mut m, &[ctrl('a')]);
    assert!(screen(&m).contains("[ ] Bernadette Anderson"));
    press(&mut m, &[key(' ')]);
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
        &[code(KeyCode::Enter), key(' '), code(KeyCode::Esc)],
    );
    assert_eq!(m.key_context(), Context::Form);
    assert_eq!(form(&m).employee_names(), ["Ana Gómez", "Ben Okafor"]);
}

#[test]
fn help_lists_the_form_and_picker_keys_as_built() {
    let m = board();
    let th = kickdesk::ui::theme::Theme { color: false };
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
