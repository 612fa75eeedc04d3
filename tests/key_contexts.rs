//! Each modal's keys go to its own handler: `?` opens help over the task
//! detail and a confirmation (their keys first) and returns to them, and
//! `u` undoes from the task detail as from the board.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::Msg;
use kickdesk::app::update::update;

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn top(m: &Model) -> &'static str {
    match m.top() {
        None => "board",
        Some(Overlay::Help { .. }) => "help",
        Some(Overlay::Detail { .. }) => "detail",
        Some(Overlay::Confirm(_)) => "confirm",
        Some(_) => "other",
    }
}

/// Ana's boiler with its detail open.
fn detail() -> Model {
    let mut m = ana_boiler();
    resize(&mut m, 120, 40);
    assert!(m.focus_task(1));
    update(&mut m, code(KeyCode::Enter));
    assert_eq!(top(&m), "detail");
    m
}

#[test]
fn question_mark_in_the_detail_opens_help_with_the_details_keys_first() {
    let mut m = detail();
    update(&mut m, key('?'));
    assert_eq!(top(&m), "help");
    let s = screen(&m);
    // Its own rows, in full, above the one-line summaries of the others.
    let here = s.find("raw JSON of the task").unwrap_or(usize::MAX);
    let others = s.find("Elsewhere").unwrap_or(0);
    assert!(here < others, "the detail's keys come first:\n{s}");
    // Closing help returns to the detail, not the board.
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(top(&m), "detail");
}

#[test]
fn question_mark_in_a_confirmation_opens_help_and_returns_to_it() {
    let mut m = ana_boiler();
    resize(&mut m, 120, 40);
    assert!(m.focus_task(1));
    update(&mut m, key('n'));
    assert_eq!(top(&m), "confirm");
    update(&mut m, key('?'));
    assert_eq!(top(&m), "help");
    let s = screen(&m);
    let here = s.find("yes (Enter does not delete)").unwrap_or(usize::MAX);
    let others = s.find("Elsewhere").unwrap_or(0);
    assert!(here < others, "the confirmation's keys come first:\n{s}");
    update(&mut m, code(KeyCode::Esc));
    assert_eq!(top(&m), "confirm", "help closed, the question still asked");
}

#[test]
fn u_in_the_detail_undoes_as_on_the_board() {
    let mut board = ana_boiler();
    let on_board = update(&mut board, key('u'));
    let mut m = detail();
    let in_detail = update(&mut m, key('u'));
    assert_eq!(in_detail, on_board);
    assert_eq!(toast(&m), toast(&board));
    assert_eq!(toast(&m), "Nothing to undo");
    assert_eq!(top(&m), "detail", "the detail stays open");
}

#[test]
fn a_scroll_past_the_end_is_brought_back_by_a_message() {
    // The runtime measures what the view shows and says it to `update`; it
    // writes nothing into the model itself.
    let mut m = detail();
    update(&mut m, key('G'));
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail {
            scroll: u16::MAX,
            ..
        })
    ));
    let cmds = update(&mut m, kickdesk::app::msg::Msg::ScrollLimit(3));
    assert!(cmds.is_empty());
    assert!(matches!(m.top(), Some(Overlay::Detail { scroll: 3, .. })));
}

#[test]
fn the_log_and_the_job_chooser_have_contexts_of_their_own_and_question_mark_helps_in_the_log() {
    use kickdesk::app::keymap::Context;
    let mut m = ana_boiler();
    resize(&mut m, 120, 40);
    press(&mut m, &[key(':')]);
    press(&mut m, &typed("log"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(matches!(m.top(), Some(Overlay::Log { .. })));
    assert_eq!(m.key_context(), Context::Log);
    update(&mut m, key('?'));
    assert!(matches!(m.top(), Some(Overlay::Help { .. })));
    assert_eq!(m.help_context(), Context::Log);
    update(&mut m, code(KeyCode::Esc));
    assert!(
        matches!(m.top(), Some(Overlay::Log { .. })),
        "back to the log"
    );
    update(&mut m, code(KeyCode::Esc));
    assert!(m.top().is_none());
    update(&mut m, key('a'));
    assert_eq!(m.key_context(), Context::Jobs);
    // Its hint bar is its own: what its keys do there.
    assert!(screen(&m).contains("Enter take"), "{}", screen(&m));
}

/// What is typed in the modal on top, where it takes text.
fn typed_text(m: &Model) -> Option<String> {
    use kickdesk::app::form::Field;
    match m.top()? {
        Overlay::Form(f) => f.input(Field::Description).map(|i| i.value().to_string()),
        Overlay::Employees(p) | Overlay::Picker(p) => Some(p.query.value().to_string()),
        Overlay::Goto { input, .. } | Overlay::Filter { input } => Some(input.value().to_string()),
        Overlay::Palette(p) => Some(p.input.value().to_string()),
        Overlay::Job(c) => Some(c.input.value().to_string()),
        _ => None,
    }
}

#[test]
fn f1_opens_help_from_every_typing_context_and_a_typed_question_mark_stays_text() {
    use kickdesk::app::keymap::Context;
    // Each context that takes text, and the keys that open it from the board.
    let cases: [(Context, &[Msg]); 6] = [
        (Context::Form, &[key('e')]),
        (Context::Picker, &[key('E')]),
        (Context::Prompt, &[key('/')]),
        (Context::Prompt, &[key('g')]),
        (Context::Prompt, &[key(':')]),
        (Context::Jobs, &[key('a')]),
    ];
    for (ctx, open) in cases {
        let mut m = ana_boiler();
        resize(&mut m, 120, 40);
        assert!(m.focus_task(1));
        press(&mut m, open);
        assert_eq!(m.key_context(), ctx);
        let before = typed_text(&m).unwrap_or_default();
        update(&mut m, key('?'));
        assert_eq!(m.key_context(), ctx, "`?` is typed in {ctx:?}");
        assert_eq!(typed_text(&m), Some(format!("{before}?")), "{ctx:?}");
        update(&mut m, code(KeyCode::F(1)));
        assert_eq!(m.key_context(), Context::Help, "F1 opens help from {ctx:?}");
        assert_eq!(m.help_context(), ctx);
        let s = screen(&m);
        assert!(
            s.contains("F1 opens this help from anywhere; ? too where no text is typed"),
            "{s}"
        );
        update(&mut m, code(KeyCode::F(1)));
        assert_eq!(m.key_context(), ctx, "F1 closes help, back to {ctx:?}");
        assert_eq!(typed_text(&m), Some(format!("{before}?")), "nothing lost");
    }
}

#[test]
fn the_yes_keys_line_in_help_names_enter_only_while_enter_says_yes() {
    let mut m = ana_boiler();
    resize(&mut m, 120, 40);
    assert!(m.focus_task(1));
    update(&mut m, key('n'));
    update(&mut m, key('?'));
    assert!(screen(&m).contains("yes (Enter does not delete)"));
    // A board whose `yes` is Ctrl-Y only.
    let keys: toml::Table = "[confirm]\nyes = \"ctrl-y\"\n".parse().unwrap();
    let o = opts_with(|o| o.keymap = o.keymap.clone().with_overrides(&keys).unwrap());
    let mut m = restarted(&m, o);
    update(&mut m, key('n'));
    update(&mut m, key('?'));
    let s = screen(&m);
    assert!(s.contains("Ctrl-Y"), "{s}");
    assert!(!s.contains("does not delete"), "{s}");
}
