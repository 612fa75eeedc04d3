//! Saved sets of employees: named by number or name as well as by id, an
//! entry that names nobody said with the set, the entry and the file (on
//! the board and by `kickdesk check`), and the filter in use saved from the
//! board with `:set save NAME`.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::model::{Model, Options, Overlay};
use kickdesk::app::msg::{Cmd, Msg, StoreCmd};
use kickdesk::config::sets::SetEntry;

fn lane_names(m: &Model) -> Vec<&str> {
    m.lanes().iter().map(|(_, n)| n.as_str()).collect()
}

fn toast(m: &Model) -> String {
    m.toast()
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// Ana (#1), Ben (#2) and Chloé (#3), a task each, with `sets` saved in
/// /home/d/.config/kickdesk/config.toml.
fn board_with(sets: Vec<(&str, Vec<SetEntry>)>) -> Model {
    let o = Options {
        filter_sets: sets.into_iter().map(|(n, e)| (n.to_string(), e)).collect(),
        config_file: Some("/home/d/.config/kickdesk/config.toml".into()),
        ..opts()
    };
    let ana = employee(11, 1, "Ana Gómez");
    let ben = employee(12, 2, "Ben Okafor");
    let chloe = employee(13, 3, "Chloé Martin");
    let tasks = vec![
        task(1, &[&ana], 8, 0, 60, "Boiler service"),
        task(2, &[&ben], 10, 0, 60, "AC repair"),
        task(3, &[&chloe], 9, 0, 60, "Leak check"),
    ];
    loaded_with(o, vec![ana, ben, chloe], tasks)
}

fn palette(m: &mut Model, text: &str) -> Vec<Cmd> {
    press(m, &[key(':')]);
    press(m, &typed(text));
    press(m, &[code(KeyCode::Enter)])
}

fn palette_error(m: &Model) -> String {
    match m.top() {
        Some(Overlay::Palette(p)) => p.error.clone().unwrap_or_default(),
        other => panic!("the palette stays open: {other:?}"),
    }
}

#[test]
fn a_set_names_employees_by_number_or_name() {
    let mut m = board_with(vec![(
        "north",
        vec![SetEntry::Number(2), SetEntry::Name("chloé martin".into())],
    )]);
    palette(&mut m, "employees north");
    assert!(m.top().is_none(), "{:?}", m.top());
    assert_eq!(lane_names(&m), ["Ben Okafor", "Chloé Martin"]);
    assert!(screen(&m).contains("2 of 3 employees"));
}

#[test]
fn an_entry_that_names_nobody_is_said_with_the_set_the_entry_and_the_file() {
    let mut m = board_with(vec![
        ("north", vec![SetEntry::Number(2)]),
        (
            "south",
            vec![SetEntry::Name("Ana Gómez".into()), SetEntry::Id(99)],
        ),
    ]);
    // Said as the employee list comes, at start.
    let want =
        "saved set \"south\" in /home/d/.config/kickdesk/config.toml: id 99 names no one employee";
    assert!(toast(&m).starts_with(want), "{}", toast(&m));
    assert!(m.toast().as_ref().is_some_and(|t| t.error));
    // And when it is asked for: no lanes hidden behind a wrong count.
    palette(&mut m, "employees south");
    assert!(palette_error(&m).starts_with(want), "{}", palette_error(&m));
    assert_eq!(*m.employee_filter(), None);
    assert_eq!(m.lanes().len(), 3);
    // A name two employees share names no one employee either.
    let mut m = board_with(vec![("x", vec![SetEntry::Name("Nobody Here".into())])]);
    palette(&mut m, "employees x");
    assert!(
        palette_error(&m).contains("\"Nobody Here\" names no one employee"),
        "{}",
        palette_error(&m)
    );
}

#[test]
fn set_save_keeps_the_filter_in_use_as_a_set_written_to_the_config_file() {
    let mut m = board_with(vec![]);
    // No filter in use: nothing to save, and the key that picks one.
    palette(&mut m, "set save crew");
    let e = palette_error(&m);
    assert!(e.contains("no employee filter in use: E picks"), "{e}");
    press(&mut m, &[code(KeyCode::Esc)]);
    // Ben and Chloé, no Unassigned.
    press(&mut m, &[key('E'), ctrl('a')]);
    press(&mut m, &typed("okaf"));
    press(&mut m, &[code(KeyCode::Tab), ctrl('u')]);
    press(&mut m, &typed("chlo"));
    press(&mut m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
    assert_eq!(lane_names(&m), ["Ben Okafor", "Chloé Martin"]);
    let cmds = palette(&mut m, "set save crew");
    let saves: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveSet {
                file,
                name,
                entries,
            }) => Some((file.clone(), name.clone(), entries.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        saves,
        [(
            "/home/d/.config/kickdesk/config.toml".into(),
            "crew".to_string(),
            vec![
                SetEntry::Name("Ben Okafor".into()),
                SetEntry::Name("Chloé Martin".into())
            ]
        )]
    );
    assert!(m.top().is_none());
    update_with(
        &mut m,
        Msg::SetSaved {
            name: "crew".into(),
            result: Ok("/home/d/.config/kickdesk/config.toml".into()),
        },
    );
    assert_eq!(
        toast(&m),
        "Saved set \"crew\" in /home/d/.config/kickdesk/config.toml"
    );
    // Usable at once: everyone, then the set.
    press(&mut m, &[key('E'), ctrl('a'), code(KeyCode::Enter)]);
    assert_eq!(m.lanes().len(), 3);
    palette(&mut m, "employees crew");
    assert_eq!(lane_names(&m), ["Ben Okafor", "Chloé Martin"]);
    assert_eq!(
        m.employee_filter().as_ref().map(|f| f.ids.clone()),
        Some(vec![12, 13])
    );
    // A second set of that name is refused before anything is written.
    let cmds = palette(&mut m, "set save crew");
    assert!(cmds.is_empty());
    assert!(palette_error(&m).contains("exists already"));
}

#[test]
fn a_set_not_written_is_not_offered() {
    let mut m = board_with(vec![]);
    press(&mut m, &[key('E'), ctrl('a')]);
    press(&mut m, &typed("ana"));
    press(&mut m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
    palette(&mut m, "set save solo");
    update_with(
        &mut m,
        Msg::SetSaved {
            name: "solo".into(),
            result: Err("/x/config.toml: Permission denied".into()),
        },
    );
    assert_eq!(
        toast(&m),
        "Set \"solo\" not saved: /x/config.toml: Permission denied"
    );
    palette(&mut m, "employees solo");
    assert!(palette_error(&m).contains("no saved set \"solo\""));
}

fn update_with(m: &mut Model, msg: Msg) {
    kickdesk::app::update::update(m, msg);
}
