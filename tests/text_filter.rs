//! The text filter (`/`): `update()` in, model out.

mod common;

use common::*;
use crossterm::event::KeyCode;
use std::sync::Arc;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::kickserv::model::{Customer, Employee, Task};
use kickdesk::schedule::ViewKind;

fn for_customer(mut t: Task, name: &str) -> Task {
    t.customer = Some(Arc::new(Customer {
        id: t.id * 100,
        name: Some(name.into()),
        ..Customer::default()
    }));
    t
}

/// Ana and Ben; an exact "Kim Lee", a fuzzy "Kathy Imber Moore", others.
fn board() -> (Model, [Employee; 2]) {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let tasks = vec![
        for_customer(
            task(1, &[&ana], 8, 0, 60, "Boiler service"),
            "Kathy Imber Moore",
        ),
        for_customer(task(2, &[&ana], 10, 0, 60, "AC repair"), "Oslo Bakery"),
        for_customer(task(3, &[&ben], 9, 0, 60, "Leak check"), "Kim Lee"),
        for_customer(task(4, &[&ben], 13, 0, 60, "Gutter clean"), "山田 太郎"),
    ];
    let m = loaded(vec![ana.clone(), ben.clone()], tasks);
    (m, [ana, ben])
}

#[test]
fn an_exact_customer_name_ranks_above_a_fuzzy_match() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    assert_eq!(m.text_filter().ranked, vec![3, 1]);
    assert_eq!(m.filter_counts(), Some((2, 4)));
    // Hidden by default: only the two matches are laid out.
    assert_eq!(m.shown_tasks(), 2);
}

#[test]
fn a_leading_bang_inverts_the_filter() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("!kim"));
    let mut kept = m.text_filter().ranked.clone();
    kept.sort();
    assert_eq!(kept, vec![2, 4]);
    assert_eq!(m.filter_counts(), Some((2, 4)));
}

#[test]
fn the_filter_matches_employee_names_job_numbers_and_addresses() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("ben"));
    let mut kept = m.text_filter().ranked.clone();
    kept.sort();
    assert_eq!(kept, vec![3, 4]);

    let ana = employee(1, 1, "Ana");
    let mut t = task(5, &[&ana], 15, 0, 60, "Survey");
    if let Some(j) = t.job.as_mut() {
        Arc::make_mut(j).job_number = Some(4711);
    }
    t.customer = Some(Arc::new(Customer {
        id: 5,
        name: Some("Zed".into()),
        service_address: Some("12 Elm Street".into()),
        ..Customer::default()
    }));
    let mut m = loaded(vec![ana], vec![t, task(6, &[], 9, 0, 60, "Other")]);
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("4711"));
    assert_eq!(m.text_filter().ranked, vec![5]);
    press(&mut m, &[code(KeyCode::Esc), key('/')]);
    press(&mut m, &typed("elm street"));
    assert_eq!(m.text_filter().ranked, vec![5]);
}

#[test]
fn an_empty_result_counts_zero() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("zzqx"));
    assert!(m.text_filter().ranked.is_empty());
    assert_eq!(m.filter_counts(), Some((0, 4)));
    assert_eq!(m.shown_tasks(), 0);
    assert_eq!(m.cursor().task, None);
}

#[test]
fn a_cjk_query_matches_a_cjk_customer_name() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("山田"));
    assert_eq!(m.text_filter().ranked, vec![4]);
    assert_eq!(m.filter_counts(), Some((1, 4)));
}

#[test]
fn keys_typed_into_the_prompt_never_reach_the_board() {
    for hide in [true, false] {
        let (mut m, _) = board();
        if !hide {
            // F: the filter dims the tasks it does not match instead.
            press(&mut m, &[key('F')]);
        }
        assert_eq!(m.text_filter().hide, hide);
        m.focus_task(3);
        let (cursor, period) = (m.cursor().clone(), m.period());
        press(&mut m, &[key('/')]);
        // "l" too: with the task kept, nothing may move it.
        let cmds = press(&mut m, &typed("jkqdwl"));
        assert!(!m.quit(), "hide {hide}");
        assert!(cmds.is_empty(), "{cmds:?}");
        assert_eq!(m.period(), period);
        assert_eq!(m.view(), ViewKind::Day);
        assert!(matches!(m.top(), Some(Overlay::Filter { .. })));
        assert_eq!(m.text_filter().query, "jkqdwl");
        if !hide {
            assert_eq!(*m.cursor(), cursor);
        }
    }
}

#[test]
fn enter_keeps_the_filter_and_slash_reopens_it_with_the_query() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(m.modals().is_empty());
    assert_eq!(m.filter_counts(), Some((2, 4)));
    press(&mut m, &[key('/')]);
    let Some(Overlay::Filter { input }) = m.top() else {
        panic!("no prompt")
    };
    assert_eq!(input.value(), "kim");
    press(&mut m, &[code(KeyCode::Backspace)]);
    assert_eq!(m.text_filter().query, "ki");
}

#[test]
fn esc_in_the_prompt_or_on_the_board_clears_the_filter() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.modals().is_empty());
    assert_eq!(m.filter_counts(), None);
    assert_eq!(m.shown_tasks(), 4);

    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.shown_tasks(), 2);
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(m.filter_counts(), None);
    assert_eq!(m.text_filter().query, "");
    assert_eq!(m.shown_tasks(), 4);
}

#[test]
fn tab_steps_through_the_matches_in_rank_order() {
    let (mut m, _) = board();
    // Dimmed, so that the cursor may start on a task that does not match.
    press(&mut m, &[key('F')]);
    assert!(!m.text_filter().hide);
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(m.focus_task(2));
    let mut seen = Vec::new();
    for _ in 0..3 {
        press(&mut m, &[code(KeyCode::Tab)]);
        seen.push(m.cursor().task);
    }
    assert_eq!(seen, vec![Some(3), Some(1), Some(3)]);
    press(&mut m, &[backtab()]);
    assert_eq!(m.cursor().task, Some(1));
}

#[test]
fn hiding_leaves_tasks_out_and_dimming_keeps_them() {
    let (mut m, _) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.shown_tasks(), 2);
    let hidden: Vec<usize> = m.items(0, 0).into_iter().chain(m.items(1, 0)).collect();
    assert!(hidden.iter().all(|&i| [1, 3].contains(&m.tasks()[i].id)));
    press(&mut m, &[key('F')]);
    assert_eq!(m.shown_tasks(), 4);
    assert!(!m.text_filter().keeps(2));
    assert!(m.text_filter().keeps(3));
    assert_eq!(m.filter_counts(), Some((2, 4)));
    press(&mut m, &[key('F')]);
    assert_eq!(m.shown_tasks(), 2);
}

#[test]
fn new_data_is_matched_again() {
    let (mut m, [ana, ben]) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.filter_counts(), Some((2, 4)));
    let cmds = press(&mut m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    let tasks = vec![
        for_customer(
            task(1, &[&ana], 8, 0, 60, "Boiler service"),
            "Kathy Imber Moore",
        ),
        for_customer(task(2, &[&ana], 10, 0, 60, "AC repair"), "Kim Park"),
        for_customer(task(3, &[&ben], 9, 0, 60, "Leak check"), "Kim Lee"),
    ];
    press(&mut m, &[fetched(seq, period, now(), Ok(tasks.into()))]);
    assert_eq!(m.filter_counts(), Some((3, 3)));
    assert_eq!(m.shown_tasks(), 3);
}

#[test]
fn a_task_changed_in_place_is_matched_again() {
    let (mut m, [ana, _]) = board();
    press(&mut m, &[key('/')]);
    press(&mut m, &typed("kim"));
    press(&mut m, &[code(KeyCode::Enter)]);
    let i = m.tasks().iter().position(|t| t.id == 2).unwrap();
    let renamed = for_customer(task(2, &[&ana], 10, 0, 60, "AC repair"), "Kim Park");
    m.replace_shown(i, renamed);
    assert_eq!(m.filter_counts(), Some((3, 4)));
    assert!(m.text_filter().keeps(2));
    assert_eq!(m.shown_tasks(), 3);
}
