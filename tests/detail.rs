//! The task detail: beside the grid from 140 columns, over it below that;
//! keys go to it; Esc returns to the same place on the board; a click on
//! the grid with the pane open shows the task clicked.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::update::update;
use kickdesk::kickserv::model::Employee;

/// Eight employees with a task each at 9:00, and one more at 13:00 for
/// the first; the board is `w` columns wide.
fn crew(w: u16) -> Model {
    let emps: Vec<Employee> = (1..=8)
        .map(|i| employee(i, i, &format!("Tech {i}")))
        .collect();
    let mut tasks: Vec<_> = emps
        .iter()
        .map(|e| task(100 + e.id, &[e], 9, 0, 60, &format!("Job of tech {}", e.id)))
        .collect();
    tasks.push(task(200, &[&emps[0]], 13, 0, 60, "Afternoon job"));
    for t in &mut tasks {
        t.description = Some(
            (1..=60)
                .map(|i| format!("step {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let mut m = loaded(emps, tasks);
    update(&mut m, Msg::Resize(w, 40));
    m
}

/// The x of the first cell on row `y` that starts `needle`.
fn find(s: &str, needle: &str) -> Option<(u16, u16)> {
    s.lines().enumerate().find_map(|(y, l)| {
        let b = l.find(needle)?;
        Some((l[..b].chars().count() as u16, y as u16))
    })
}

#[test]
fn wide_the_detail_opens_beside_the_grid_and_esc_returns_to_the_same_place() {
    let mut m = crew(160);
    // The last employee's task: the rightmost column.
    assert!(m.focus_task(108));
    let (lane, offset, scroll) = (m.cursor().lane, m.lane_offset(), m.day_scroll());
    let before = screen(&m);
    assert!(before.contains("Tech 8"), "{before}");
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.pane_width(), Some(64));
    assert_eq!(m.grid_size().0, 96);
    let s = screen(&m);
    // Beside: the grid is still there on the left, the cursor's column in sight.
    assert!(s.contains("Tech 8") && s.contains("Job of tech 8"), "{s}");
    assert!(m.shown_lanes().contains(&m.cursor().lane));
    assert!(!s.contains("Tech 1 "), "the grid shrank: {s}");
    let (x, _) = find(&s, "┌ Task").expect("a pane");
    assert_eq!(x, 96, "{s}");
    // Keys go to the detail: j scrolls it, the board's cursor stays.
    press(&mut m, &[key('j'), key('j')]);
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail {
            task_id: 108,
            scroll: 2,
            ..
        })
    ));
    assert_eq!(m.cursor().task, Some(108));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    assert_eq!(
        (
            m.cursor().lane,
            m.lane_offset(),
            m.day_scroll(),
            m.cursor().task
        ),
        (lane, offset, scroll, Some(108))
    );
    assert_eq!(screen(&m), before);
}

#[test]
fn narrow_the_detail_goes_over_the_grid() {
    let mut m = crew(139);
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.pane_width(), None);
    assert_eq!(m.grid_size().0, 139);
    let s = screen(&m);
    assert!(s.contains("┌ Task") && s.contains("Job of tech 1"), "{s}");
    // Centred: the grid shows on both sides of the box.
    let (x, _) = find(&s, "┌ Task").unwrap();
    assert!(x > 20 && x < 40, "{x}: {s}");
}

#[test]
fn a_click_on_the_grid_with_the_pane_open_shows_that_task() {
    let mut m = crew(160);
    assert_eq!(m.cursor().task, Some(101));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    let (x, y) = find(&s, "Customer 102").expect("tech 2's task in the grid");
    press(&mut m, &[click(x + 1, y)]);
    assert_eq!(m.cursor().task, Some(102));
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail {
            task_id: 102,
            scroll: 0,
            ..
        })
    ));
    let s = screen(&m);
    let (px, _) = find(&s, "┌ Task").unwrap();
    let title = s.lines().nth(2).unwrap_or_default();
    assert!(
        title
            .chars()
            .skip(px as usize)
            .collect::<String>()
            .contains("Job of tech 2"),
        "{s}"
    );
    // A click on the pane itself selects nothing on the board.
    press(&mut m, &[click(px + 5, 10)]);
    assert_eq!(m.cursor().task, Some(102));
}

#[test]
fn from_the_detail_delete_and_notify_confirm_its_task_and_edit_opens_the_form() {
    let mut m = crew(160);
    press(&mut m, &[code(KeyCode::Enter), key('e')]);
    assert!(
        matches!(m.top(), Some(Overlay::Form(f)) if f.base.id == 101),
        "{:?}",
        m.top()
    );
    // Esc with nothing changed: back to the detail.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(matches!(m.top(), Some(Overlay::Detail { .. })));
    for (k, want) in [
        ('D', "Delete this task in Kickserv?"),
        ('n', "Notify assigned employee: Tech 1?"),
        ('N', "Send customer appointment details: Customer 101?"),
        ('o', "on the way"),
    ] {
        press(&mut m, &[key(k)]);
        assert_eq!(m.modals().len(), 2, "{k}");
        let s = screen(&m);
        assert!(s.contains(want), "{k}: {s}");
        press(&mut m, &[code(KeyCode::Esc)]);
        assert!(matches!(
            m.top(),
            Some(Overlay::Detail { task_id: 101, .. })
        ));
    }
    let cmds = delete_selected(&mut m);
    assert_eq!(cmds, vec![Cmd::Api(ApiCmd::Delete { task_id: 101 })]);
    assert!(matches!(
        m.top(),
        Some(Overlay::Detail { task_id: 101, .. })
    ));
}

#[test]
fn the_detail_shows_when_who_and_where() {
    let mut m = crew(160);
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    for want in [
        "date       Fri 27 Nov 2026",
        "time       09:00–10:00 · 1h",
        "status     scheduled",
        "employees  Tech 1",
        "job        Job of tech 1",
        "customer   Customer 101",
        "description 1–",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
}

fn raw_of(m: &Model) -> Option<(i64, u16, bool)> {
    match m.top() {
        Some(Overlay::Detail {
            task_id,
            scroll,
            raw,
            ..
        }) => Some((*task_id, *scroll, *raw)),
        _ => None,
    }
}

#[test]
fn j_toggles_the_raw_json_in_the_detail_and_opens_it_from_the_board() {
    let mut m = crew(100);
    press(&mut m, &[code(KeyCode::Enter), key('j'), key('j')]);
    assert_eq!(raw_of(&m), Some((101, 2, false)));
    press(&mut m, &[key('J')]);
    assert_eq!(raw_of(&m), Some((101, 0, true)));
    let s = screen(&m);
    assert!(s.contains("\"id\": 101") && s.contains("raw JSON"), "{s}");
    // Scrollable, and back to the fields.
    press(&mut m, &[key('j')]);
    assert_eq!(raw_of(&m), Some((101, 1, true)));
    press(&mut m, &[key('J')]);
    assert_eq!(raw_of(&m), Some((101, 0, false)));
    assert!(!screen(&m).contains("\"id\": 101"));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    // From the board: the selected task's JSON at once.
    press(&mut m, &[key('J')]);
    assert_eq!(raw_of(&m), Some((101, 0, true)));
}

#[test]
fn the_cursor_stays_in_sight_beside_the_detail_at_every_width_and_view() {
    for view in ['d', 'w'] {
        for w in [60, 100, 139, 140, 160, 200, 300] {
            let mut m = crew(w);
            let tasks = m.tasks().as_ref().clone();
            press(&mut m, &[key(view)]);
            if let Some(seq) = m.sync().in_flight {
                let period = m.period();
                answer_at(&mut m, (seq, period), now(), Ok(tasks.into()));
            }
            // The last employee's task, then the detail.
            assert!(m.focus_task(108), "{view} {w}");
            press(&mut m, &[code(KeyCode::Enter)]);
            assert_eq!(m.pane_width().is_some(), w >= 140, "{view} {w}");
            assert!(
                m.shown_lanes().contains(&m.cursor().lane),
                "{view} {w}: lane {} not in {:?}",
                m.cursor().lane,
                m.shown_lanes()
            );
            let s = screen(&m);
            assert!(
                s.contains("┌ Task") && s.contains("Job of tech 8"),
                "{view} {w}:\n{s}"
            );
            if w >= 140 {
                // The grid still shows the cursor's employee beside the pane.
                let (px, _) = find(&s, "┌ Task").unwrap();
                let grid: String = s
                    .lines()
                    .map(|l| l.chars().take(px as usize).collect::<String>() + "\n")
                    .collect();
                assert!(grid.contains("Tech 8"), "{view} {w}:\n{s}");
            }
        }
    }
}
