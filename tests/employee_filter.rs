//! The employee filter (`E`): `update()` in, lanes and screens out.

mod common;

use common::*;
use crossterm::event::KeyCode;

use kickdesk::app::empfilter::EmployeeFilter;
use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::Msg;
use kickdesk::schedule::Lane;

fn lane_names(m: &Model) -> Vec<&str> {
    m.lanes().iter().map(|(_, n)| n.as_str()).collect()
}

/// Ana, Ben and Chloé listed; Dev only named by a task (inactive); one
/// task shared by Ana and Ben, one unassigned.
fn board() -> Model {
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "Ben Okafor");
    let chloe = employee(3, 3, "Chloé Martin");
    let dev = employee(9, 9, "Dev Patel");
    let tasks = vec![
        task(1, &[&ana, &ben], 8, 0, 60, "Boiler service"),
        task(2, &[&ben], 10, 0, 60, "AC repair"),
        task(3, &[&chloe], 9, 0, 60, "Leak check"),
        task(4, &[&dev], 13, 0, 60, "Gutter clean"),
        task(5, &[], 14, 0, 60, "Roof survey"),
    ];
    loaded(vec![ana, ben, chloe], tasks)
}

/// `E`, none ticked, Unassigned ticked (the first row), `query` typed and
/// its best match ticked, `Enter`.
fn unassigned_and(m: &mut Model, query: &str) -> Vec<kickdesk::app::msg::Cmd> {
    press(m, &[key('E'), ctrl('a'), code(KeyCode::Tab)]);
    press(m, &typed(query));
    press(m, &[code(KeyCode::Tab), code(KeyCode::Enter)])
}

#[test]
fn e_opens_with_everyone_shown_ticked_and_enter_alone_changes_nothing() {
    let mut m = board();
    press(&mut m, &[key('E')]);
    match m.top() {
        Some(Overlay::Employees(p)) => {
            assert_eq!(p.chosen(), vec![i64::MIN, 1, 2, 3, 9]);
        }
        _ => panic!("the picker is open"),
    }
    let s = screen(&m);
    assert!(s.contains("[x] Unassigned"), "{s}");
    assert!(s.contains("Employees 5/5"), "{s}");
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(m.top().is_none());
    assert_eq!(*m.employee_filter(), None);
    assert_eq!(m.lanes().len(), 5);
    assert!(!screen(&m).contains("of 4 employees"));
    // With a filter in use, Enter alone keeps it as it is: nothing written.
    unassigned_and(&mut m, "okaf");
    let cmds = press(&mut m, &[key('E'), code(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(lane_names(&m), ["Unassigned", "Ben Okafor"]);
}

#[test]
fn typing_a_space_searches_and_tab_ticks() {
    let mut m = board();
    press(&mut m, &[key('E'), ctrl('a')]);
    press(&mut m, &typed("ben ok"));
    match m.top() {
        Some(Overlay::Employees(p)) => {
            assert_eq!(p.query.value(), "ben ok");
            let names: Vec<&str> = p.rows().map(|(c, _)| c.name.as_str()).collect();
            assert_eq!(names, ["Ben Okafor"]);
            assert!(p.chosen().is_empty(), "the space ticked nothing");
        }
        _ => panic!("the picker is open"),
    }
    // The footer names the toggle key from the keymap.
    assert!(screen(&m).contains("Tab select"), "{}", screen(&m));
    press(&mut m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
    assert_eq!(lane_names(&m), ["Ben Okafor"]);
}

#[test]
fn unassigned_and_a_name_leaves_that_lane_and_unassigned() {
    let mut m = board();
    assert_eq!(
        lane_names(&m),
        [
            "Unassigned",
            "Ana Gómez",
            "Ben Okafor",
            "Chloé Martin",
            "Dev Patel"
        ]
    );
    unassigned_and(&mut m, "okaf");
    assert!(m.top().is_none());
    assert_eq!(lane_names(&m), ["Unassigned", "Ben Okafor"]);
    assert_eq!(
        *m.employee_filter(),
        Some(EmployeeFilter {
            ids: vec![2],
            unassigned: true
        })
    );
    // Lanes are filtered, not tasks: the shared task shows in Ben's lane.
    assert_eq!(m.shown_tasks(), 3);
    assert!(screen(&m).contains("1 of 4 employees"));
    // The cursor is on a shown lane.
    assert!(m.cursor().lane < m.lanes().len());
}

#[test]
fn esc_keeps_the_filter_and_e_reopens_with_it() {
    let mut m = board();
    unassigned_and(&mut m, "chlo");
    assert_eq!(lane_names(&m), ["Unassigned", "Chloé Martin"]);
    // Reopened: the choice in use is what the picker shows chosen.
    press(&mut m, &[key('E')]);
    match m.top() {
        Some(Overlay::Employees(p)) => assert_eq!(p.chosen(), vec![i64::MIN, 3]),
        _ => panic!("the picker is open"),
    }
    press(&mut m, &[ctrl('a'), code(KeyCode::Esc)]);
    assert!(m.top().is_none());
    assert_eq!(lane_names(&m), ["Unassigned", "Chloé Martin"]);
    assert!(screen(&m).contains("1 of 4 employees"));
}

#[test]
fn choosing_everyone_or_no_one_clears_the_filter() {
    let mut m = board();
    // Unassigned alone is a filter.
    press(
        &mut m,
        &[
            key('E'),
            ctrl('a'),
            code(KeyCode::Tab),
            code(KeyCode::Enter),
        ],
    );
    assert_eq!(lane_names(&m), ["Unassigned"]);
    assert!(screen(&m).contains("0 of 4 employees"));
    // Everyone chosen.
    press(&mut m, &[key('E'), ctrl('a'), code(KeyCode::Enter)]);
    assert_eq!(*m.employee_filter(), None);
    assert_eq!(m.lanes().len(), 5);
    // Wide enough for the employee count beside the late one.
    press(&mut m, &[Msg::Resize(160, 40)]);
    assert!(screen(&m).contains("4 employees"));
    assert!(!screen(&m).contains("of 4 employees"));
    // No one chosen: no filter either (an empty board helps nobody).
    press(
        &mut m,
        &[
            key('E'),
            ctrl('a'),
            code(KeyCode::Tab),
            code(KeyCode::Enter),
        ],
    );
    assert_eq!(lane_names(&m), ["Unassigned"]);
    press(
        &mut m,
        &[key('E'), code(KeyCode::Tab), code(KeyCode::Enter)],
    );
    assert_eq!(*m.employee_filter(), None);
    assert_eq!(m.lanes().len(), 5);
}

#[test]
fn an_employee_only_tasks_name_is_offered_as_inactive() {
    let mut m = board();
    press(&mut m, &[key('E')]);
    press(&mut m, &typed("dev"));
    match m.top() {
        Some(Overlay::Employees(p)) => {
            let names: Vec<&str> = p.rows().map(|(c, _)| c.name.as_str()).collect();
            assert_eq!(names, ["Dev Patel (inactive)"]);
        }
        _ => panic!("the picker is open"),
    }
}

/// Ana's lane alone (Unassigned unchosen).
fn only_ana(m: &mut Model) {
    press(m, &[key('E'), ctrl('a')]);
    press(m, &typed("ana"));
    press(m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
}

#[test]
fn the_filter_holds_in_the_timeline_and_week_views() {
    let mut m = board();
    only_ana(&mut m);
    for _ in 0..2 {
        press(&mut m, &[key('v')]);
        let lanes: Vec<Lane> = m.lanes().iter().map(|(l, _)| *l).collect();
        assert_eq!(lanes, [Lane::Employee(1)], "in {:?}", m.board_view());
    }
}

#[test]
fn a_task_changed_in_a_hidden_lane_stays_hidden() {
    let mut m = board();
    only_ana(&mut m);
    let ben = employee(2, 2, "Ben Okafor");
    let t = task(2, &[&ben], 11, 0, 60, "AC repair moved");
    let i = m.tasks().iter().position(|t| t.id == 2).unwrap();
    m.replace_shown(i, t);
    assert_eq!(lane_names(&m), ["Ana Gómez"]);
    assert_eq!(m.shown_tasks(), 1);
}

#[test]
fn the_board_filtered_at_80x24() {
    let mut m = board();
    press(&mut m, &[Msg::Resize(80, 24)]);
    unassigned_and(&mut m, "ben");
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn the_picker_over_the_board_at_80x24() {
    let mut m = board();
    press(&mut m, &[Msg::Resize(80, 24), key('E')]);
    press(
        &mut m,
        &[code(KeyCode::Down), code(KeyCode::Down), code(KeyCode::Tab)],
    );
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn the_filter_is_written_to_the_state_file_and_read_back_at_start() {
    use kickdesk::app::model::Options;
    use kickdesk::app::msg::{Cmd, StoreCmd};
    let path = std::path::PathBuf::from("state.toml");
    let mut m = restarted(&board(), opts_with(|o| o.state_file = Some(path.clone())));
    let cmds = press(&mut m, &[key('E'), code(KeyCode::Esc)]);
    assert!(cmds.is_empty(), "opening writes nothing: {cmds:?}");
    let cmds = unassigned_and(&mut m, "okaf");
    let saved: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveState(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1, "{cmds:?}");
    assert_eq!(saved[0].path, path);
    let filter = Some(EmployeeFilter {
        ids: vec![2],
        unassigned: true,
    });
    assert_eq!(saved[0].state.employees, filter);
    // Esc writes nothing; a change of view keeps the filter in the file.
    let cmds = press(&mut m, &[key('E'), code(KeyCode::Esc)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    let cmds = press(&mut m, &[key('v')]);
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Store(StoreCmd::SaveState(s)) if s.state.employees == filter
    )));

    // The next start: the board opens with the filter read back.
    let opts = Options {
        employee_filter: filter.clone(),
        ..opts()
    };
    let (mut m, cmds) = {
        let mut m = Model::new(opts, now(), (120, 40));
        let cmds = kickdesk::app::update::init(&mut m);
        (m, cmds)
    };
    let (seq, period) = fetch_of(&cmds)[0];
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "Ben Okafor");
    press(
        &mut m,
        &[
            Msg::EmployeesLoaded {
                at: now(),
                result: Ok(vec![ana.clone(), ben.clone()]),
            },
            fetched(
                seq,
                period,
                now(),
                Ok(vec![task(1, &[&ana], 8, 0, 60, "Boiler")].into()),
            ),
        ],
    );
    assert_eq!(lane_names(&m), ["Ben Okafor"]);
    assert!(screen(&m).contains("1 of 2 employees"));
}

#[test]
fn the_palette_applies_a_saved_set_and_names_the_known_ones() {
    let o = opts_with(|o| o.filter_sets = vec![("north".into(), vec![1.into(), 3.into()])]);
    let mut m = restarted(&board(), o);
    press(&mut m, &[key(':')]);
    press(&mut m, &typed("employees north"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(m.top().is_none());
    assert_eq!(lane_names(&m), ["Unassigned", "Ana Gómez", "Chloé Martin"]);
    assert!(screen(&m).contains("2 of 4 employees"));
    // E then shows the set chosen.
    press(&mut m, &[key('E')]);
    match m.top() {
        Some(Overlay::Employees(p)) => assert_eq!(p.chosen(), vec![i64::MIN, 1, 3]),
        _ => panic!("the picker is open"),
    }
    press(&mut m, &[code(KeyCode::Esc)]);
    // filter-set is the same; an unknown set keeps the palette and says
    // which there are.
    press(&mut m, &[key(':')]);
    press(&mut m, &typed("filter-set south"));
    press(&mut m, &[code(KeyCode::Enter)]);
    match m.top() {
        Some(Overlay::Palette(p)) => {
            let e = p.error.clone().unwrap_or_default();
            assert!(e.contains("south") && e.contains("north"), "{e}");
        }
        _ => panic!("the palette stays open"),
    }
    assert_eq!(lane_names(&m), ["Unassigned", "Ana Gómez", "Chloé Martin"]);
    // Completion offers the set's name.
    press(&mut m, &[code(KeyCode::Esc), key(':')]);
    press(&mut m, &typed("filter-set n"));
    press(&mut m, &[code(KeyCode::Tab)]);
    match m.top() {
        Some(Overlay::Palette(p)) => assert_eq!(p.input.value(), "filter-set north"),
        _ => panic!("the palette is open"),
    }
}

fn fetched_numbers(cmds: &[kickdesk::app::msg::Cmd]) -> Vec<Option<i64>> {
    use kickdesk::app::msg::{ApiCmd, Cmd};
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::FetchTasks {
                employee_number, ..
            }) => Some(*employee_number),
            _ => None,
        })
        .collect()
}

#[test]
fn one_employee_alone_is_fetched_by_number_and_the_rest_whole() {
    let mut m = board();
    // Ben with Unassigned: the tasks of no one are needed too.
    let cmds = unassigned_and(&mut m, "okaf");
    assert!(fetched_numbers(&cmds).is_empty(), "{cmds:?}");
    assert_eq!(fetched_numbers(&press(&mut m, &[key('r')])), [None]);
    settle_fetch(&mut m);
    // Ben alone: asked for by his number, at once and at each refresh.
    press(&mut m, &[key('E'), ctrl('a'), ctrl('a')]);
    press(&mut m, &typed("okaf"));
    let cmds = press(&mut m, &[code(KeyCode::Tab), code(KeyCode::Enter)]);
    assert_eq!(lane_names(&m), ["Ben Okafor"]);
    assert_eq!(fetched_numbers(&cmds), [Some(2)]);
    settle_fetch(&mut m);
    assert_eq!(fetched_numbers(&press(&mut m, &[key('r')])), [Some(2)]);
    settle_fetch(&mut m);
    // Everyone again: the whole listing.
    let cmds = press(&mut m, &[key('E'), ctrl('a'), code(KeyCode::Enter)]);
    assert_eq!(*m.employee_filter(), None);
    assert_eq!(fetched_numbers(&cmds), [None]);
}

/// Answers the fetch in flight with the board's tasks as they are.
fn settle_fetch(m: &mut Model) {
    let seq = m.sync().in_flight.expect("a fetch in flight");
    let tasks = m.server_tasks().as_ref().clone();
    answer_at(m, (seq, m.period()), now(), Ok(tasks.into()));
}

#[test]
fn the_palette_history_is_kept_in_the_state_file_and_read_back() {
    use kickdesk::app::model::Options;
    use kickdesk::app::msg::{Cmd, StoreCmd};
    let o = opts_with(|o| {
        o.state_file = Some("state.toml".into());
        o.filter_sets = vec![("north".into(), vec![1.into()])];
    });
    let mut m = restarted(&board(), o);
    press(&mut m, &[key(':')]);
    press(&mut m, &typed("goto +1"));
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    let saved: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveState(s)) => Some(s.state.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1, "{cmds:?}");
    assert_eq!(saved[0].palette_history, ["goto +1"]);
    // A command that saves the state itself still writes the file once.
    press(&mut m, &[key(':')]);
    press(&mut m, &typed("employees north"));
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    let saved: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveState(s)) => Some(s.state.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1, "{cmds:?}");
    assert_eq!(saved[0].palette_history, ["goto +1", "employees north"]);
    assert!(saved[0].employees.is_some());

    // The next start: Up in the palette shows the last command run.
    let opts = Options {
        palette_history: vec!["goto +1".into(), "log".into()],
        ..opts()
    };
    let mut m = Model::new(opts, now(), (120, 40));
    press(&mut m, &[key(':'), code(KeyCode::Up)]);
    match m.top() {
        Some(Overlay::Palette(p)) => assert_eq!(p.input.value(), "log"),
        _ => panic!("the palette is open"),
    }
}
