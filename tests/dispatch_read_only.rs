//! Read-only and monitor modes offer none of keyboard dispatch: move
//! mode, the free-gap stage, the unassigned queue and running late have
//! no key (pressing it changes nothing and sends nothing), no hint, no
//! line in help and no palette entry; the double-booking and late marks
//! and counts still show.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::keymap::{Action, Context};
use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::palette;

/// Ana: boiler 9:00 and fence 9:30 (a double booking), roof at 13:00;
/// Ben: gutter at 10:00, not started at 10:45 (late); nobody's leak at 15:00.
fn board(o: Options) -> Model {
    let (ana, ben) = staff();
    let mut m = staffed_with(
        o,
        vec![
            task(1, &[&ana], 9, 0, 60, "Boiler"),
            task(2, &[&ana], 9, 30, 60, "Fence"),
            task(3, &[&ana], 13, 0, 60, "Roof"),
            task(4, &[&ben], 10, 0, 60, "Gutter"),
            task(5, &[], 15, 0, 60, "Leak"),
        ],
        (120, 100),
    );
    assert!(m.focus_task(3));
    m
}

fn modes() -> [(&'static str, Options); 2] {
    [
        (
            "read-only",
            Options {
                read_only: true,
                ..opts()
            },
        ),
        (
            "monitor",
            Options {
                monitor: true,
                ..opts()
            },
        ),
    ]
}

/// The commands that would change something on Kickserv.
fn mutating(cmds: &[Cmd]) -> Vec<&ApiCmd> {
    api(cmds)
        .into_iter()
        .filter(|c| {
            matches!(
                c,
                ApiCmd::Save { .. }
                    | ApiCmd::Create { .. }
                    | ApiCmd::Delete { .. }
                    | ApiCmd::Notify { .. }
            )
        })
        .collect()
}

const DISPATCH: [Action; 4] = [
    Action::MoveTask,
    Action::FitNextGap,
    Action::ToggleQueue,
    Action::RunningLate,
];

#[test]
fn the_dispatch_keys_do_nothing_and_send_nothing() {
    for (mode, o) in modes() {
        let mut m = board(o);
        for keys in [
            vec![key('M'), key('j'), code(KeyCode::Enter)],
            vec![key('f'), code(KeyCode::Enter)],
            vec![key('U'), code(KeyCode::Enter), code(KeyCode::Enter)],
            vec![key('R'), code(KeyCode::Enter), code(KeyCode::Enter)],
        ] {
            let cmds = press(&mut m, &keys);
            assert!(mutating(&cmds).is_empty(), "{mode} {keys:?}: {cmds:?}");
            // Enter on the board opens the detail; no dispatch context opens.
            let ctx = m.key_context();
            assert!(
                matches!(ctx, Context::Board | Context::Detail),
                "{mode} {keys:?}: {ctx:?}"
            );
            assert!(m.cascade().is_none(), "{mode}");
            assert!(m.local().stage.is_none(), "{mode}");
            press(&mut m, &[code(KeyCode::Esc)]);
        }
    }
}

#[test]
fn no_hint_no_help_line_and_no_palette_entry() {
    for (mode, o) in modes() {
        let mut m = board(o);
        let s = screen(&m);
        let hints = s.lines().last().unwrap_or_default();
        for word in ["move", "queue", "late", "free gap"] {
            assert!(!hints.contains(word), "{mode}: {word} in {hints}");
        }
        let offered: Vec<Action> = palette::actions(&m).collect();
        for a in DISPATCH {
            assert!(!offered.contains(&a), "{mode}: {a:?} in the palette");
        }
        press(&mut m, &[key('?')]);
        let s = screen(&m);
        // The whole help fits this screen: its last line is there.
        let bottom = s.lines().find(|l| l.contains('└')).unwrap_or_default();
        assert!(
            !bottom.chars().any(|c| c.is_ascii_digit()),
            "{mode}: help scrolls\n{s}"
        );
        assert!(
            !s.contains("queue    "),
            "{mode}: the queue's keys in help\n{s}"
        );
        for a in DISPATCH {
            let line = a.help_in(Context::Board);
            assert!(!s.contains(line), "{mode}: {line:?} in help\n{s}");
        }
        // The palette's typed command is refused too.
        press(&mut m, &[code(KeyCode::Esc), key(':')]);
        let cmds = press(&mut m, &typed("running_late"));
        let cmds2 = press(&mut m, &[code(KeyCode::Enter), code(KeyCode::Enter)]);
        assert!(mutating(&cmds).is_empty() && mutating(&cmds2).is_empty());
        assert!(m.cascade().is_none(), "{mode}");
    }
}

#[test]
fn double_booking_and_late_marks_still_show() {
    for (mode, o) in modes() {
        let mut m = board(o);
        // Wide enough for the header's counts.
        press(&mut m, &[Msg::Resize(180, 30)]);
        let s = screen(&m);
        let header = s.lines().next().unwrap_or_default();
        assert!(header.contains("2 double-booked"), "{mode}: {header}");
        assert!(header.contains(" late "), "{mode}: {header}");
        let boiler = s.lines().find(|l| l.contains("Boiler")).unwrap_or_default();
        assert!(boiler.contains('≡'), "{mode}:\n{s}");
    }
}
