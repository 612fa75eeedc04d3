//! Move mode on screen, with styles: the staged copy outlined (bold,
//! underlined) in its new place, the old place ghosted (dim, struck
//! through), and the hint line saying the new times and employee.

mod common;

use common::*;
use ratatui::style::Modifier;

use kickdesk::app::model::Model;

/// The screen's text, then one letter per cell for its style.
fn styled(m: &Model) -> String {
    format!("{}\n{}", screen(m), styles(m))
}

/// One letter per cell for its style: `g` ghost, `o` outline, `r`
/// reversed (the selection), `.` anything else.
fn styles(m: &Model) -> String {
    let s = draw(m);
    let buf = s.term.backend().buffer();
    let mut map = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let md = c.modifier;
            map.push(if md.contains(Modifier::CROSSED_OUT) {
                'g'
            } else if md.contains(Modifier::UNDERLINED | Modifier::BOLD) {
                'o'
            } else if md.contains(Modifier::REVERSED) {
                'r'
            } else {
                '.'
            });
        }
        map.push('\n');
    }
    map
}

fn staged_half_hour_later() -> Model {
    let (ana, ben) = staff();
    let mut m = staffed(
        vec![
            task(1, &[&ana], 9, 0, 60, "Boiler"),
            task(2, &[&ben], 9, 0, 60, "Gutter"),
        ],
        (100, 30),
    );
    assert!(m.focus_task(1));
    press(&mut m, &[key('M'), key('j'), key('j')]);
    m
}

#[test]
fn a_staged_move_is_outlined_in_place_and_its_old_place_ghosted() {
    let m = staged_half_hour_later();
    let map = styles(&m);
    assert!(map.contains('g') && map.contains('o'), "{map}");
    let s = styled(&m);
    assert!(s.contains("2 tasks"), "the ghost is no task: {s}");
    insta::assert_snapshot!(s);
}

#[test]
fn the_ghost_and_the_outline_go_with_the_stage() {
    let mut m = staged_half_hour_later();
    press(&mut m, &[code(crossterm::event::KeyCode::Esc)]);
    let map = styles(&m);
    assert!(!map.contains('g') && !map.contains('o'), "{}", styled(&m));
    assert!(!screen(&m).contains("3 tasks"));
}
