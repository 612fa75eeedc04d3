//! Help and detail scroll with Home/End and say where they stand; the
//! go-to prompt's error is shown whole; `W` in the day view says where it
//! applies.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::runtime::settle_overlay;

/// The "12/40" in a box's bottom border, as numbers.
fn position(s: &str) -> (usize, usize) {
    for line in s.lines().rev() {
        let Some(slash) = line.rfind('/') else {
            continue;
        };
        let before: String = line[..slash]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = line[slash + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let (Ok(a), Ok(b)) = (before.parse(), after.parse()) {
            return (a, b);
        }
    }
    panic!("no scroll position on screen:\n{s}")
}

fn board_80x24() -> Model {
    let ana = employee(1, 1, "Ana Gómez");
    let mut t = task(10, &[&ana], 9, 0, 60, "AC repair");
    t.description = Some(
        (1..=120)
            .map(|i| format!("step {i}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let mut m = loaded(vec![ana], vec![t]);
    resize(&mut m, 80, 24);
    m
}

/// What the runtime does before each draw.
fn keys(m: &mut Model, msgs: &[kickdesk::app::msg::Msg]) {
    for msg in msgs {
        press(m, std::slice::from_ref(msg));
        settle_overlay(m);
    }
}

#[test]
fn home_and_end_in_help_with_its_position() {
    let mut m = board_80x24();
    keys(&mut m, &[key('?')]);
    let s = screen(&m);
    let (shown, total) = position(&s);
    assert!(shown < total, "help is longer than 80×24 shows:\n{s}");
    keys(&mut m, &[code(KeyCode::End)]);
    let s = screen(&m);
    assert_eq!(position(&s), (total, total), "{s}");
    assert!(s.contains("Header:"), "the last group shows:\n{s}");
    // One row up from the end, not from a scroll far past it.
    keys(&mut m, &[code(KeyCode::Up)]);
    assert_eq!(position(&screen(&m)), (total - 1, total));
    keys(&mut m, &[code(KeyCode::Home)]);
    assert_eq!(position(&screen(&m)), (shown, total));
    assert!(matches!(m.top(), Some(Overlay::Help { scroll: 0 })));
}

#[test]
fn home_and_end_in_the_detail_with_its_position() {
    let mut m = board_80x24();
    keys(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(s.contains("AC repair") && !s.contains("step 120"), "{s}");
    let (shown, total) = position(&s);
    assert!(shown < total, "{s}");
    keys(&mut m, &[code(KeyCode::End)]);
    let s = screen(&m);
    assert!(
        s.contains("step 120") && s.contains("task 10 · Esc closes"),
        "{s}"
    );
    assert_eq!(position(&s), (total, total), "{s}");
    keys(&mut m, &[code(KeyCode::Up)]);
    let s = screen(&m);
    assert_eq!(position(&s), (total - 1, total), "{s}");
    keys(&mut m, &[code(KeyCode::Home)]);
    let s = screen(&m);
    assert!(s.contains("AC repair") && !s.contains("step 120"), "{s}");
    assert_eq!(position(&s), (shown, total), "{s}");
}

#[test]
fn w_in_the_day_view_says_it_applies_to_the_week_view() {
    let mut m = board_80x24();
    keys(&mut m, &[key('W')]);
    let t = m
        .toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert!(t.contains("W applies to the week view"), "{t:?}");
    assert!(screen(&m).contains("applies to the week view"));
}

#[test]
fn the_go_to_error_is_shown_whole() {
    let mut m = board_80x24();
    let typed = "the second tuesday after next";
    let mut msgs = vec![key('g')];
    msgs.extend(typed.chars().map(key));
    msgs.push(code(KeyCode::Enter));
    keys(&mut m, &msgs);
    let Some(Overlay::Goto {
        error: Some(error), ..
    }) = m.top()
    else {
        panic!("no error: {:?}", m.modals())
    };
    let s = screen(&m);
    // Every word of the error is on screen, the last one included.
    for word in error.split_whitespace() {
        assert!(s.contains(word), "{word:?} missing:\n{s}");
    }
    assert!(s.contains("mon)"), "{s}");
}
