//! The timeline day view through `update()`: `v` cycles the views, j/k go
//! through employees and h/l through a row's tasks, the mouse selects a
//! bar, and the view shown is remembered for the next start.

mod common;

use chrono::Duration;
use common::*;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use std::collections::BTreeSet;

use kickdesk::app::dayplan::body;
use kickdesk::app::model::{MarkKind, Model, Options};
use kickdesk::app::msg::{Cmd, Msg, StoreCmd};
use kickdesk::app::state::{BoardView, SaveState, SavedState};
use kickdesk::app::timeplan;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::model::Task;
use kickdesk::runtime::screen::{Screen, TestScreen};
use kickdesk::runtime::state;
use kickdesk::schedule::ViewKind;

fn crew() -> (Vec<kickdesk::kickserv::model::Employee>, Vec<Task>) {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let cy = employee(3, 3, "Cy");
    let tasks = vec![
        task(1, &[&ana], 8, 0, 60, "A1"),
        task(2, &[&ana], 13, 0, 60, "A2"),
        task(3, &[&ana], 8, 30, 90, "A3 overlaps A1"),
        task(4, &[&ben], 9, 0, 30, "B1"),
        task(5, &[&ben, &cy], 12, 30, 30, "B2 with Cy"),
        task(6, &[], 10, 0, 60, "U1"),
        task(7, &[&cy], 16, 0, 60, "C1"),
    ];
    (vec![ana, ben, cy], tasks)
}

/// The crew's day, shown as a timeline.
fn timeline() -> Model {
    let (emps, tasks) = crew();
    let mut m = loaded(emps, tasks);
    press(&mut m, &[key('v')]);
    m
}

fn saves(cmds: &[Cmd]) -> Vec<&SaveState> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveState(s)) => Some(s),
            _ => None,
        })
        .collect()
}

#[test]
fn v_cycles_day_timeline_week_and_d_w_stay() {
    let (emps, tasks) = crew();
    let mut m = loaded(emps, tasks);
    assert_eq!(m.board_view(), BoardView::Day);
    // The timeline shows the same day: nothing is fetched again.
    let cmds = press(&mut m, &[key('v')]);
    assert_eq!(m.board_view(), BoardView::Timeline);
    assert!(fetch_of(&cmds).is_empty(), "{cmds:?}");
    assert!(screen(&m).contains(" Ana"));
    let cmds = press(&mut m, &[key('v')]);
    assert_eq!(m.board_view(), BoardView::Week);
    assert_eq!(fetch_of(&cmds).len(), 1);
    press(&mut m, &[key('v')]);
    assert_eq!(m.board_view(), BoardView::Day);
    assert_eq!(m.view(), ViewKind::Day);
    // d and w keep going to the day's columns and the week.
    press(&mut m, &[key('v'), key('d')]);
    assert_eq!(m.board_view(), BoardView::Day);
    press(&mut m, &[key('v'), key('w')]);
    assert_eq!(m.board_view(), BoardView::Week);
    press(&mut m, &[key('d')]);
    assert_eq!(m.board_view(), BoardView::Day);
}

#[test]
fn j_and_k_go_through_employees_h_and_l_through_a_row_in_time_order() {
    let mut m = timeline();
    // Unassigned first, then the employees in their order.
    let names: Vec<&str> = m.lanes().iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Unassigned", "Ana", "Ben", "Cy"]);
    press(&mut m, &[key('j')]);
    assert_eq!(m.cursor().lane, 1);
    press(&mut m, &[code(KeyCode::Home)]);
    let mut row = vec![m.cursor().task];
    for _ in 0..3 {
        press(&mut m, &[key('l')]);
        row.push(m.cursor().task);
    }
    assert_eq!(row, [Some(1), Some(3), Some(2), Some(2)]);
    // At 13:00 in Ana's row, down lands on Ben's task nearest in time.
    press(&mut m, &[key('j')]);
    assert_eq!((m.cursor().lane, m.cursor().task), (2, Some(5)));
    press(&mut m, &[key('h')]);
    assert_eq!(m.cursor().task, Some(4));
    press(&mut m, &[key('k'), key('k')]);
    assert_eq!((m.cursor().lane, m.cursor().task), (0, Some(6)));
    // An overlap takes a second line in Ana's row.
    let t = m.timeline().as_ref().unwrap();
    let subrows: Vec<u16> = t.rows.iter().map(|r| r.subrows).collect();
    assert_eq!(subrows, [1, 2, 1, 1]);
}

#[test]
fn every_task_is_reached_with_j_and_l() {
    let mut m = timeline();
    let mut reached = BTreeSet::new();
    for _ in 0..m.lanes().len() {
        press(&mut m, &[code(KeyCode::Home)]);
        for _ in 0..10 {
            reached.extend(m.cursor().task);
            press(&mut m, &[key('l')]);
        }
        press(&mut m, &[key('j')]);
    }
    let all: BTreeSet<i64> = m.tasks().iter().map(|t| t.id).collect();
    assert_eq!(reached, all);
}

#[test]
fn page_down_pages_employees_and_the_cursor_stays_in_sight() {
    let emps: Vec<_> = (1..=40)
        .map(|i| employee(i, i, &format!("Tech {i:02}")))
        .collect();
    let tasks: Vec<Task> = emps
        .iter()
        .enumerate()
        .map(|(i, e)| task(100 + i as i64, &[e], 8 + (i % 8) as u32, 0, 90, "Job"))
        .collect();
    let mut m = loaded(emps, tasks);
    press(&mut m, &[Msg::Resize(80, 24), key('v')]);
    let before = m.cursor().lane;
    press(&mut m, &[code(KeyCode::PageDown)]);
    let paged = m.cursor().lane - before;
    assert!(paged >= 10, "{paged}");
    for _ in 0..5 {
        press(&mut m, &[code(KeyCode::PageDown)]);
    }
    assert_eq!(m.cursor().lane, 39);
    let s = screen(&m);
    assert!(s.contains(" Tech 40"), "{s}");
    assert!(!s.contains(" Tech 01"), "{s}");
    press(&mut m, &[code(KeyCode::PageUp)]);
    let s = screen(&m);
    let (_, name) = &m.lanes()[m.cursor().lane];
    assert!(s.contains(&format!(" {name}")), "{name} in\n{s}");
}

#[test]
fn a_click_on_a_bar_selects_its_task() {
    let mut m = timeline();
    let t = m.timeline().clone().unwrap();
    let p = timeplan::plan(&m, &t, body(m.grid_size()));
    // Ben's row: B1 at 9:00.
    let row = p.rows.iter().find(|r| r.lane == 2).unwrap();
    let bar = t.rows[2]
        .bars
        .iter()
        .find(|b| m.tasks()[b.task].id == 4)
        .unwrap();
    let (x, _) = p.bar_x(&t, bar);
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: row.y,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut m, Msg::Mouse(click, now()));
    assert_eq!((m.cursor().lane, m.cursor().task), (2, Some(4)));
    // A second click soon after opens the detail.
    update(
        &mut m,
        Msg::Mouse(click, now() + Duration::milliseconds(200)),
    );
    assert!(!m.modals().is_empty());
}

fn with_state(path: Option<std::path::PathBuf>, view: BoardView) -> Options {
    Options {
        state_file: path,
        view,
        ..opts()
    }
}

#[test]
fn a_change_of_view_is_saved_and_a_move_is_not() {
    let path = std::env::temp_dir()
        .join("kickdesk-timeline-test")
        .join("state.toml");
    let mut m = Model::new(
        with_state(Some(path.clone()), BoardView::Day),
        now(),
        (120, 40),
    );
    init(&mut m);
    let cmds = press(&mut m, &[key('v')]);
    let want = SaveState {
        path: path.clone(),
        state: SavedState {
            view: BoardView::Timeline,
            ..SavedState::default()
        },
    };
    assert_eq!(saves(&cmds), [&want]);
    assert!(saves(&press(&mut m, &[key('j'), key('l'), key('t')])).is_empty());
    let cmds = press(&mut m, &[key('w')]);
    assert_eq!(saves(&cmds)[0].state.view, BoardView::Week);
    // Without a state file nothing is written.
    let (mut m, _) = fresh(120, 40);
    assert!(saves(&press(&mut m, &[key('v')])).is_empty());
}

#[test]
fn a_restart_shows_the_remembered_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(state::FILE_NAME);
    // What the last session's `v` asked to write.
    state::save(
        &path,
        &SavedState {
            view: BoardView::Timeline,
            ..SavedState::default()
        },
    )
    .unwrap();
    let opts = with_state(Some(path.clone()), state::load(&path).view);
    let mut m = Model::new(opts, now(), (120, 40));
    let cmds = init(&mut m);
    // The same day is fetched as for the day view.
    let (seq, period) = fetch_of(&cmds)[0];
    assert_eq!(period.kind, ViewKind::Day);
    assert_eq!(m.board_view(), BoardView::Timeline);
    let (emps, tasks) = crew();
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now(),
            result: Ok(emps),
        },
    );
    answer_at(&mut m, (seq, period), now(), Ok(tasks.into()));
    let s = screen(&m);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[2].starts_with(" Unassigned"), "{s}");
    assert!(lines[3].starts_with(" Ana"), "{s}");
    assert!(s.contains("j/k employee"), "{s}");
    // A remembered week opens on the week of today.
    let m = Model::new(with_state(None, BoardView::Week), now(), (120, 40));
    assert_eq!(m.view(), ViewKind::Week);
    assert!(m.period().contains(today()));
    assert_eq!(m.date_of(m.cursor().day), today());
}

#[test]
fn bars_show_glyph_change_mark_and_title_cut_to_their_width() {
    let (emps, tasks) = crew();
    let before = tasks.iter().filter(|t| t.id != 7).cloned().collect();
    let mut m = loaded(emps, before);
    press(&mut m, &[key('v')]);
    // C1 is new since the last poll.
    refreshed(&mut m, tasks);
    assert_eq!(m.marks().get(&7).map(|k| k.kind), Some(MarkKind::New));
    let s = screen(&m);
    let cy = s.lines().find(|l| l.starts_with(" Cy")).unwrap();
    // C1 (16:00, an hour) is new since the last poll.
    assert!(cy.contains("•★C1"), "{s}");
    // B2 (30 minutes) is cut to its bar with the glyph first.
    let ben = s.lines().find(|l| l.starts_with(" Ben")).unwrap();
    assert!(ben.contains("•B2") || ben.contains("•B…"), "{s}");
    assert!(!ben.contains("B2 with Cy"), "{s}");
}

#[test]
fn a_save_under_way_is_marked_and_moves_its_bar_at_once() {
    use kickdesk::app::saves;
    use kickdesk::kickserv::model::TaskPatch;
    let mut m = timeline();
    let x_of = |m: &Model, id: i64| {
        let t = m.timeline().as_ref().unwrap();
        t.rows
            .iter()
            .flat_map(|r| r.bars.iter())
            .find(|b| m.tasks()[b.task].id == id)
            .unwrap()
            .start_min
    };
    let before = x_of(&m, 7);
    saves::save(
        &mut m,
        7,
        TaskPatch {
            starts_at: Some(at(today(), 17, 0)),
            ends_at: Some(at(today(), 18, 0)),
            ..TaskPatch::default()
        },
    );
    // The timeline follows the optimistic change, marked as saving.
    assert_eq!(x_of(&m, 7), before + 60);
    let s = screen(&m);
    let cy = s.lines().find(|l| l.starts_with(" Cy")).unwrap();
    assert!(cy.contains("•⟳C1"), "{s}");
}

/// The cell where `needle` starts on the screen, and its style.
fn style_at(s: &TestScreen, needle: &str) -> Option<ratatui::style::Style> {
    let buf = s.term.backend().buffer();
    let (w, text) = (buf.area.width as usize, s.text());
    text.lines().enumerate().find_map(|(y, line)| {
        let col = kickdesk::ui::text::width(&line[..line.find(needle)?]);
        (col < w).then(|| buf[(col as u16, y as u16)].style())
    })
}

#[test]
fn tasks_the_text_filter_does_not_match_are_dimmed_in_the_timeline_as_in_the_day_view() {
    use ratatui::style::Modifier;
    let mut m = timeline();
    let mut msgs = vec![key('/')];
    msgs.extend("B1".chars().map(key));
    msgs.extend([code(KeyCode::Enter), key('F')]);
    press(&mut m, &msgs);
    assert!(m.timeline().is_some() && !m.text_filter().hide);
    let mut s = TestScreen::new(m.size().0, m.size().1).unwrap();
    s.draw(&m).unwrap();
    let kept = style_at(&s, "B1").unwrap();
    let other = style_at(&s, "C1").unwrap();
    assert!(!kept.add_modifier.contains(Modifier::DIM), "{kept:?}");
    assert!(other.add_modifier.contains(Modifier::DIM), "{other:?}");
}
