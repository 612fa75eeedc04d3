//! The command palette (`:`): `update()` in, model and commands out.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::keymap::Action;
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{FaultKind, Msg};
use kickdesk::app::palette::{self, Run};
use kickdesk::config::sets::SetEntry;
use kickdesk::kickserv::model::NotifyKind;
use kickdesk::schedule::{Period, ViewKind};

fn board() -> Model {
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "Ben Kim");
    let cleo = employee(3, 3, "Cleo North");
    loaded(
        vec![ana.clone(), ben.clone(), cleo.clone()],
        vec![
            task(1, &[&ana], 9, 0, 60, "Boiler service"),
            task(2, &[&ben], 10, 0, 60, "AC repair"),
            task(3, &[&cleo], 11, 0, 60, "Leak check"),
        ],
    )
}

/// `:` then `text` then Enter.
fn run(m: &mut Model, text: &str) -> Vec<kickdesk::app::msg::Cmd> {
    let mut msgs = vec![key(':')];
    msgs.extend(typed(text));
    msgs.push(code(KeyCode::Enter));
    press(m, &msgs)
}

fn palette_of(m: &Model) -> &palette::Palette {
    match m.top() {
        Some(Overlay::Palette(p)) => p,
        other => panic!("no palette: {other:?}"),
    }
}

#[test]
fn typing_narrows_the_candidates_fuzzily_and_tab_completes() {
    let mut m = board();
    press(&mut m, &[key(':')]);
    // Every board action and every command before typing.
    let all = palette::candidates(&m, "");
    assert!(all.iter().any(|c| c.run == Run::Action(Action::WeekView)));
    assert!(
        all.iter()
            .any(|c| c.run == Run::Command(kickdesk::app::commands::Command::Goto))
    );
    press(&mut m, &typed("wkvw"));
    let c = palette::candidates(&m, palette_of(&m).input.value());
    assert_eq!(
        c.first().map(|c| &c.run),
        Some(&Run::Action(Action::WeekView))
    );
    press(&mut m, &[code(KeyCode::Tab)]);
    assert_eq!(palette_of(&m).input.value(), "week_view");
    // Down moves the highlight; Tab takes that one.
    press(&mut m, &vec![code(KeyCode::Backspace); 9]);
    press(&mut m, &typed("go"));
    let c = palette::candidates(&m, "go");
    press(&mut m, &[code(KeyCode::Down), code(KeyCode::Tab)]);
    assert_eq!(palette_of(&m).input.value(), c[1].text);
}

#[test]
fn an_action_by_name_or_help_text_does_what_its_key_does() {
    let mut by_key = board();
    press(&mut by_key, &[key('w')]);
    for text in ["week_view", "week view"] {
        let mut m = board();
        let cmds = run(&mut m, text);
        assert!(m.modals().is_empty(), "{text}");
        assert_eq!(m.view(), ViewKind::Week, "{text}");
        assert_eq!(m.period(), by_key.period());
        assert_eq!(m.cursor(), by_key.cursor());
        assert_eq!(fetch_of(&cmds).len(), 1, "{cmds:?}");
    }
}

#[test]
fn goto_moves_the_board() {
    let mut m = board();
    let cmds = run(&mut m, "goto 2026-12-03");
    let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    assert_eq!(m.period(), Period::day(d));
    assert_eq!(
        fetch_of(&cmds).iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![Period::day(d)]
    );
    // A bad date keeps the palette open with the reason.
    run(&mut m, "goto someday");
    assert!(
        palette_of(&m)
            .error
            .as_deref()
            .unwrap_or("")
            .contains("not a date")
    );
}

#[test]
fn filter_applies_the_text_filter() {
    let mut m = board();
    run(&mut m, "filter kim");
    assert!(m.modals().is_empty());
    assert_eq!(m.text_filter().query, "kim");
    assert_eq!(m.text_filter().ranked, vec![2]);
    assert_eq!(m.filter_counts(), Some((1, 3)));
}

#[test]
fn employee_moves_the_cursor_to_that_lane() {
    let mut m = board();
    run(&mut m, "employee nort");
    assert_eq!(m.lanes()[m.cursor().lane].1, "Cleo North");
    assert_eq!(m.cursor().task, Some(3));
    // Completion offers the employees by name.
    let c = palette::candidates(&m, "employee ben");
    assert_eq!(c.first().map(|c| c.text.as_str()), Some("employee Ben Kim"));
}

#[test]
fn quit_quits() {
    let mut m = board();
    run(&mut m, "quit");
    assert!(m.quit());
}

#[test]
fn an_unknown_command_is_named_in_the_prompt() {
    let mut m = board();
    run(&mut m, "frobnicate");
    let p = palette_of(&m);
    assert_eq!(
        p.error.as_deref(),
        Some("unknown command: \"frobnicate\" (Tab completes)")
    );
    assert!(!m.quit());
    // Typing again clears the error; Esc closes.
    press(&mut m, &[key('x')]);
    assert_eq!(palette_of(&m).error, None);
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
}

#[test]
fn read_only_offers_no_mutating_action() {
    for monitor in [false, true] {
        let m0 = board();
        let o = if monitor {
            opts_with(|o| o.monitor = true)
        } else {
            opts_with(|o| o.read_only = true)
        };
        let mut m = restarted(&m0, o);
        let offered = palette::candidates(&m, "");
        assert!(
            offered
                .iter()
                .all(|c| !matches!(c.run, Run::Action(a) if a.is_mutating())),
            "{offered:?}"
        );
        assert!(
            palette::candidates(&m, "notify")
                .iter()
                .all(|c| c.run != Run::Action(Action::NotifyEmployee))
        );
        // Typed by name anyway: refused, nothing sent.
        let cmds = run(&mut m, "notify_employee");
        assert!(cmds.is_empty(), "{cmds:?}");
        assert!(
            palette_of(&m)
                .error
                .as_deref()
                .unwrap_or("")
                .contains("read-only")
        );
    }
    let m = board();
    assert!(
        palette::candidates(&m, "notify")
            .iter()
            .any(|c| c.run == Run::Action(Action::NotifyEmployee))
    );
}

#[test]
fn up_and_down_walk_the_history_when_the_input_is_empty() {
    let mut m = board();
    run(&mut m, "filter kim");
    run(&mut m, "goto +1");
    press(&mut m, &[key(':'), code(KeyCode::Up)]);
    assert_eq!(palette_of(&m).input.value(), "goto +1");
    press(&mut m, &[code(KeyCode::Up)]);
    assert_eq!(palette_of(&m).input.value(), "filter kim");
    press(&mut m, &[code(KeyCode::Up)]);
    assert_eq!(palette_of(&m).input.value(), "filter kim");
    press(&mut m, &[code(KeyCode::Down), code(KeyCode::Down)]);
    assert_eq!(palette_of(&m).input.value(), "");
    // With text typed, Down moves in the candidates instead.
    press(&mut m, &typed("g"));
    press(&mut m, &[code(KeyCode::Down)]);
    assert_eq!(palette_of(&m).input.value(), "g");
    assert_eq!(palette_of(&m).selected, 1);
}

#[test]
fn log_lists_the_results_of_sends() {
    let mut m = board();
    assert!(m.focus_task(2));
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert_eq!(
        cmds,
        [kickdesk::app::msg::Cmd::Api(
            kickdesk::app::msg::ApiCmd::Notify {
                task_id: 2,
                kind: NotifyKind::Employee
            }
        )]
    );
    press(
        &mut m,
        &[Msg::Notified {
            task_id: 2,
            kind: NotifyKind::Employee,
            result: Ok(()),
        }],
    );
    assert!(m.focus_task(3));
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds.len(), 1, "the DELETE: {cmds:?}");
    press(
        &mut m,
        &[Msg::Deleted {
            task_id: 3,
            result: Err(fault(FaultKind::Other, "Kickserv answered 500")),
        }],
    );
    let got: Vec<(i64, bool)> = m
        .log()
        .entries
        .iter()
        .map(|e| (e.task_id, e.error))
        .collect();
    assert_eq!(got, vec![(2, false), (3, true)]);
    assert!(m.log().entries[0].text.contains("AC repair"));
    run(&mut m, "log");
    assert!(matches!(m.top(), Some(Overlay::Log { .. })));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
}

#[test]
fn enter_with_nothing_typed_closes_the_palette() {
    let mut m = board();
    let before = (m.period(), m.cursor().clone());
    let cmds = press(&mut m, &[key(':'), code(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(m.modals().is_empty());
    assert_eq!((m.period(), m.cursor().clone()), before);
}

#[test]
fn a_date_typed_without_its_year_goes_to_the_nearest_and_says_which() {
    // 27 November 2026: `01-05` is the coming January, and the toast says
    // the year, from the palette and from the go-to prompt alike.
    let mut m = board();
    run(&mut m, "goto 01-05");
    assert_eq!(
        m.period().start,
        chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
    );
    let s = screen(&m);
    assert!(s.contains("01-05 is Tue 5 Jan 2027, the nearest"), "{s}");
    let mut m = board();
    let mut keys = vec![key('g')];
    keys.extend(typed("12-30"));
    keys.push(code(KeyCode::Enter));
    press(&mut m, &keys);
    assert_eq!(
        m.period().start,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 30).unwrap()
    );
    assert!(screen(&m).contains("12-30 is Wed 30 Dec 2026, the nearest"));
}

/// `:` then `text` then Tab: what the input reads after completion.
fn completed(m: &mut Model, text: &str) -> String {
    let mut msgs = vec![key(':')];
    msgs.extend(typed(text));
    msgs.push(code(KeyCode::Tab));
    press(m, &msgs);
    palette_of(m).input.value().to_string()
}

#[test]
fn tab_completes_dates_and_enter_goes_to_the_date_completed() {
    let mut m = board();
    // Today is a Friday: tomorrow the Saturday, Wednesday the one ahead.
    assert_eq!(completed(&mut m, "goto tom"), "goto tomorrow");
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.period(), Period::day(today() + chrono::Duration::days(1)));
    assert_eq!(completed(&mut m, "goto wed"), "goto wednesday");
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.period(), Period::day(today() + chrono::Duration::days(5)));
    // Every date offered says the date it stands for, as Enter takes it.
    let offered = palette::candidates(&m, "goto ");
    let words: Vec<&str> = offered.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        &words[..4],
        [
            "goto today",
            "goto friday",
            "goto tomorrow",
            "goto saturday"
        ]
    );
    assert_eq!(words.len(), 9);
    let sunday = offered.iter().find(|c| c.text == "goto sunday").unwrap();
    assert_eq!(sunday.help, "sunday: Sun 29 Nov 2026");
}

#[test]
fn tab_completes_employee_names_saved_sets_and_themes() {
    let o = opts_with(|o| {
        o.filter_sets
            .push(("north crew".into(), vec![SetEntry::Id(3)]))
    });
    let mut m = restarted(&board(), o);
    assert_eq!(completed(&mut m, "employee cle"), "employee Cleo North");
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(completed(&mut m, "employees nor"), "employees north crew");
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(completed(&mut m, "filter-set nor"), "filter-set north crew");
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(completed(&mut m, "theme hi"), "theme high-contrast");
    // A text argument offers nothing to complete: Tab leaves it as typed.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(completed(&mut m, "filter ki"), "filter ki");
}
