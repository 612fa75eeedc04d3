//! Screens of the edit form, the employee picker and the draft restore
//! prompt, drawn alone over an empty board area at 80×24 and wider.

mod common;

use chrono::Duration;
use chrono_tz::America::New_York;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use std::collections::BTreeMap;

use common::{at, employee, now, task, today};
use kickdesk::app::draft::Draft;
use kickdesk::app::form::{Field, Form, FormKey, FormOutcome};
use kickdesk::app::msg::{ApiFault, FaultKind};
use kickdesk::app::picker::{PickTarget, Picker, PickerKey};
use kickdesk::kickserv::model::{Employee, Task};
use kickdesk::ui::form::{draw_form, draw_restore_prompt};
use kickdesk::ui::picker::draw_picker;
use kickdesk::ui::theme::Theme;

const TH: Theme = Theme::plain();

fn roster() -> Vec<Employee> {
    vec![
        employee(1, 101, "Ana Gómez"),
        employee(2, 102, "Ben Okafor"),
        employee(3, 103, "Chloé Martin"),
        employee(4, 104, "黒田 健"),
        employee(5, 105, "Dev Patel"),
        employee(6, 106, "Bernadette Anderson"),
    ]
}

/// Task 2357911, Roof survey, today 09:00–11:00, Ana.
fn roof() -> Task {
    let ana = employee(1, 101, "Ana Gómez");
    let mut t = task(2357911, &[&ana], 9, 0, 120, "Roof survey");
    t.description = Some("Check the flashing on the north side".into());
    t.updated_at = Some(at(today(), 8, 0));
    t
}

struct Screen {
    text: String,
    term: Terminal<TestBackend>,
}

fn render(w: u16, h: u16, draw: impl FnOnce(&mut ratatui::Frame, Rect)) -> Screen {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        let area = f.area();
        draw(f, area)
    })
    .unwrap();
    let buf = term.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = kickdesk::ui::text::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    Screen { text, term }
}

fn form_screen(form: &Form, w: u16, h: u16) -> Screen {
    render(w, h, |f, area| draw_form(form, area, f, TH))
}

fn key(c: KeyCode) -> FormKey {
    FormKey::Text(KeyEvent::new(c, KeyModifiers::NONE))
}

fn set(f: &mut Form, field: Field, s: &str) {
    while f.focus() != field {
        f.on_key(FormKey::Next);
    }
    f.on_key(key(KeyCode::End));
    while !f.input(field).unwrap().value().is_empty() {
        f.on_key(key(KeyCode::Backspace));
    }
    for c in s.chars() {
        f.on_key(key(KeyCode::Char(c)));
    }
}

/// The screen column of `needle` in `line` (the box's borders are
/// several bytes but one column each).
fn column(line: &str, needle: &str) -> u16 {
    let byte = line.find(needle).unwrap();
    kickdesk::ui::text::width(&line[..byte]) as u16
}

fn cursor(s: &mut Screen) -> Position {
    s.term.get_cursor_position().unwrap()
}

#[test]
fn the_form_fresh_at_80x24() {
    let form = Form::for_task(&roof(), New_York, &roster());
    let mut s = form_screen(&form, 80, 24);
    insta::assert_snapshot!(s.text);
    // The focused field's label is highlighted and the cursor is at the end of its text.
    let row = s
        .text
        .lines()
        .position(|l| l.contains("Description"))
        .unwrap() as u16;
    let line = s.text.lines().nth(row as usize).unwrap();
    let col = column(line, "Check");
    let label_x = column(line, "Description");
    let buf = s.term.backend().buffer().clone();
    assert!(buf[(label_x, row)].modifier.contains(Modifier::REVERSED));
    let text_len = "Check the flashing on the north side".len() as u16;
    assert_eq!(cursor(&mut s), Position::new(col + text_len, row));
}

#[test]
fn the_form_fits_wider_terminals_and_the_cursor_follows_the_focus() {
    let mut form = Form::for_task(&roof(), New_York, &roster());
    form.on_key(FormKey::Next);
    form.on_key(FormKey::Next);
    form.on_key(key(KeyCode::Home));
    let mut s = form_screen(&form, 160, 48);
    insta::assert_snapshot!(s.text);
    let row = s.text.lines().position(|l| l.contains("Start")).unwrap();
    let col = column(s.text.lines().nth(row).unwrap(), "09:00");
    assert_eq!(cursor(&mut s), Position::new(col, row as u16));
}

#[test]
fn the_form_with_a_refusal_beside_its_field() {
    let mut form = Form::for_task(&roof(), New_York, &roster());
    set(&mut form, Field::End, "11:30");
    assert!(matches!(form.on_key(FormKey::Save), FormOutcome::Save(_)));
    let mut fields = BTreeMap::new();
    fields.insert(
        "ends_at".to_string(),
        vec!["must be after the start and within the job's window".to_string()],
    );
    form.refused(&ApiFault {
        kind: FaultKind::Rejected,
        text: "ends_at must be after the start".into(),
        retry_after: None,
        fields,
    });
    let s = form_screen(&form, 80, 24);
    insta::assert_snapshot!(s.text);
    let lines: Vec<&str> = s.text.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.contains("End or duration"))
        .unwrap();
    assert!(lines[end].contains("11:30"), "what was typed stays");
    assert!(lines[end + 1].contains("must be after the start"));
}

#[test]
fn the_form_with_a_typed_error_and_a_retry_offer() {
    let mut form = Form::for_task(&roof(), New_York, &roster());
    set(&mut form, Field::Date, "2026-03-08");
    set(&mut form, Field::Start, "2:30");
    let s = form_screen(&form, 80, 24);
    insta::assert_snapshot!(s.text);
    let mut form = Form::for_task(&roof(), New_York, &roster());
    set(&mut form, Field::End, "1h30");
    assert!(matches!(form.on_key(FormKey::Save), FormOutcome::Save(_)));
    form.refused(&ApiFault {
        kind: FaultKind::Other,
        text: "Kickserv had a server error (HTTP 500); details in the log".into(),
        retry_after: None,
        fields: BTreeMap::new(),
    });
    let s = form_screen(&form, 80, 24);
    assert!(s.text.contains("save failed: Kickserv had a server error"));
    assert!(s.text.contains("Ctrl-S to retry"));
}

#[test]
fn the_form_with_the_server_changed_notice() {
    let mut form = Form::for_task(&roof(), New_York, &roster());
    form.on_key(key(KeyCode::Char('!')));
    let mut newer = roof();
    newer.ends_at = Some(at(today(), 11, 30));
    newer.updated_at = Some(at(today(), 10, 0));
    assert!(form.server_changed(&newer));
    assert!(matches!(form.on_key(FormKey::Save), FormOutcome::Changed));
    let s = form_screen(&form, 80, 24);
    insta::assert_snapshot!(s.text);
    assert!(s.text.contains("changed on the server: end 11:00 → 11:30"));
}

#[test]
fn the_picker_with_a_query() {
    let mut p = Picker::new(
        roster()
            .iter()
            .map(|e| kickdesk::app::picker::Choice {
                id: e.id,
                name: e.display_name(),
            })
            .collect(),
        &[1, 6],
        PickTarget::Filter,
    );
    for c in "ben".chars() {
        p.on_key(PickerKey::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    let s = render(80, 24, |f, area| draw_picker(&p, area, f, TH));
    insta::assert_snapshot!(s.text);
    let lines: Vec<&str> = s.text.lines().collect();
    let ben = lines
        .iter()
        .position(|l| l.contains("[ ] Ben Okafor"))
        .unwrap();
    let bern = lines
        .iter()
        .position(|l| l.contains("[x] Bernadette Anderson"))
        .unwrap();
    assert!(ben < bern, "the closer match first");
    assert!(!s.text.contains("Dev Patel"));
}

#[test]
fn the_picker_with_no_match_says_so() {
    let mut p = Picker::new(vec![], &[], PickTarget::Filter);
    p.on_key(PickerKey::Text(KeyEvent::new(
        KeyCode::Char('z'),
        KeyModifiers::NONE,
    )));
    let s = render(80, 24, |f, area| draw_picker(&p, area, f, TH));
    assert!(s.text.contains("no employee matches"));
    assert!(s.text.contains("Employees 0/0"));
}

#[test]
fn the_restore_prompt() {
    let d = Draft {
        task_id: Some(2357911),
        title: "Roof survey".into(),
        description: "Check the flashing!".into(),
        date: "2026-11-27".into(),
        start: "09:00".into(),
        end: "1h30".into(),
        employee_ids: vec![1],
        base_updated_at: Some(at(today(), 8, 0)),
        at: now() - Duration::minutes(5),
        ..Draft::default()
    };
    let s = render(80, 24, |f, area| {
        draw_restore_prompt(&d, (1, 1), area, f, TH)
    });
    insta::assert_snapshot!(s.text);
    assert!(
        s.text
            .contains("restore your edit of task 2357911, Roof survey?")
    );
}

#[test]
fn text_from_the_api_is_drawn_inert() {
    let mut t = roof();
    t.description = Some("Gate code \u{1b}[2J1234".into());
    t.name = Some("Roof\u{7} survey".into());
    let form = Form::for_task(&t, New_York, &roster());
    let s = form_screen(&form, 80, 24);
    assert!(s.text.contains("Gate code ␛[2J1234"), "{}", s.text);
    assert!(s.text.contains("Edit task 2357911 · Roof· survey"));
    assert!(!s.text.contains('\u{1b}'));
}

#[test]
fn the_picker_scrolls_to_keep_the_cursor_shown() {
    let many: Vec<_> = (1..=30)
        .map(|i| kickdesk::app::picker::Choice {
            id: i,
            name: format!("Worker {i:02}"),
        })
        .collect();
    let mut p = Picker::new(many, &[], PickTarget::Filter);
    for _ in 0..20 {
        p.on_key(PickerKey::Down);
    }
    let s = render(80, 24, |f, area| draw_picker(&p, area, f, TH));
    let lines: Vec<&str> = s.text.lines().collect();
    let row = lines.iter().position(|l| l.contains("Worker 21")).unwrap();
    assert!(!s.text.contains("Worker 01"), "scrolled past the top");
    let x = column(lines[row], "Worker 21");
    let buf = s.term.backend().buffer();
    assert!(buf[(x, row as u16)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_long_wide_description_scrolls_inside_the_box_with_the_cursor_on_it() {
    let mut t = roof();
    t.description = Some("屋根の点検と雨樋の掃除をお願いします。".repeat(4));
    let form = Form::for_task(&t, New_York, &roster());
    let mut s = form_screen(&form, 80, 24);
    let c = cursor(&mut s);
    let lines: Vec<&str> = s.text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("Description"))
        .unwrap();
    // The row keeps its right border in place: nothing spilt over it.
    let top = lines.iter().position(|l| l.contains('┌')).unwrap();
    let right = kickdesk::ui::text::width(lines[top]);
    assert_eq!(
        kickdesk::ui::text::width(lines[row]),
        right,
        "{}",
        lines[row]
    );
    assert!(lines[row].ends_with('│'));
    // The cursor sits after the last character shown, inside the box.
    assert_eq!(c.y, row as u16);
    assert!(c.x < right as u16 - 1, "{c:?}");
    assert!(lines[row].contains("お願いします。"));
}
