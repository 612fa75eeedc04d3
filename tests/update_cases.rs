//! `update()` cases no other test pinned: each states what the board does,
//! on the edge where a careless change would break it.

mod common;

use chrono::Duration;
use common::*;

use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::update::{age_text, update};
use kickdesk::schedule::Period;

#[test]
fn the_age_of_data_is_told_in_seconds_then_minutes_then_hours() {
    let t = now();
    assert_eq!(age_text(t, t), "0 s");
    assert_eq!(age_text(t + Duration::seconds(12), t), "12 s");
    assert_eq!(age_text(t + Duration::seconds(59), t), "59 s");
    assert_eq!(age_text(t + Duration::seconds(60), t), "1 min");
    assert_eq!(age_text(t + Duration::seconds(3599), t), "59 min");
    assert_eq!(age_text(t + Duration::seconds(3600), t), "1 h");
    assert_eq!(age_text(t + Duration::hours(30), t), "30 h");
    // A clock that went back says no age rather than a negative one.
    assert_eq!(age_text(t, t + Duration::seconds(5)), "0 s");
}

#[test]
fn change_marks_stay_up_until_the_next_poll_is_due() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Stays"),
            task(2, &[&ana], 9, 0, 60, "Goes"),
        ],
    );
    let cmds = press(&mut m, &[key('r')]);
    let at = now() + Duration::seconds(30);
    answer_fetch_at(
        &mut m,
        &cmds,
        at,
        Ok(vec![
            task(1, &[&ana], 8, 30, 60, "Stays"),
            task(3, &[&ana], 15, 0, 60, "New"),
        ]
        .into()),
    );
    assert!(
        screen(&m).contains("2 changed, 1 removed"),
        "{}",
        screen(&m)
    );
    // The marks last one poll interval (30 s): seconds before, still up.
    for s in [1, 15, 29] {
        update(&mut m, Msg::Tick(at + Duration::seconds(s)));
        assert!(
            screen(&m).contains("2 changed, 1 removed"),
            "after {s} s:\n{}",
            screen(&m)
        );
    }
    // At the interval's end they go.
    update(&mut m, Msg::Tick(at + Duration::seconds(30)));
    assert!(m.marks().is_empty() && m.removed().is_empty());
    assert!(!screen(&m).contains("changed"), "{}", screen(&m));
}

#[test]
fn a_fetch_of_a_period_left_is_cancelled_and_the_shown_one_sent_at_once() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![]);
    let tomorrow = Period::day(today() + Duration::days(1));
    let Some(pre) = m.sync().prefetch else {
        panic!("tomorrow is being prefetched");
    };
    // A refresh of today is out; then the board moves to tomorrow: the
    // refresh of a day no longer shown is dropped and tomorrow is asked now.
    let refresh = press(&mut m, &[key('r')]);
    let (seq, today_p) = fetch_of(&refresh)[0];
    assert_eq!(today_p, Period::day(today()));
    let cmds = press(&mut m, &[key(']')]);
    assert!(
        cmds.contains(&Cmd::Api(ApiCmd::CancelFetch { seq })),
        "{cmds:?}"
    );
    let asked: Vec<Period> = fetch_of(&cmds).into_iter().map(|f| f.1).collect();
    assert_eq!(asked, [tomorrow], "{cmds:?}");
    assert_eq!(m.period(), tomorrow);
    // The prefetch of tomorrow answering first does not end tomorrow's fetch.
    let cmds = answer_with(&mut m, (pre, tomorrow), vec![]);
    assert!(fetch_of(&cmds).is_empty(), "{cmds:?}");
    assert!(m.fetching());
}

#[test]
fn three_periods_ahead_while_fetching_leave_only_the_last_periods_fetch_running() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![]);
    let mut running: Vec<(u64, Period)> = Vec::new();
    let mut cancelled = Vec::new();
    let mut track = |cmds: &[Cmd]| {
        for c in cmds {
            match c {
                Cmd::Api(ApiCmd::FetchTasks { seq, period, .. }) => running.push((*seq, *period)),
                Cmd::Api(ApiCmd::CancelFetch { seq }) => {
                    cancelled.push(*seq);
                    running.retain(|(s, _)| s != seq);
                }
                _ => {}
            }
        }
    };
    track(&press(&mut m, &[key('r')]));
    for _ in 0..3 {
        track(&press(&mut m, &[key(']')]));
    }
    let last = Period::day(today() + Duration::days(3));
    assert_eq!(m.period(), last);
    // Of the refresh, tomorrow's prefetch and the three days' fetches, only
    // the last day's is still running: each of the others was cancelled.
    let left: Vec<Period> = running.iter().map(|r| r.1).collect();
    assert_eq!(left, [last], "running: {running:?}");
    assert_eq!(cancelled.len(), 4, "{cancelled:?}");
}

#[test]
fn a_task_that_only_ends_elsewhere_or_turns_all_day_has_moved() {
    use kickdesk::app::model::MarkKind;
    use kickdesk::app::update::diff;
    let ana = employee(1, 1, "Ana");
    let old = vec![
        task(1, &[&ana], 8, 0, 60, "Longer"),
        task(2, &[&ana], 10, 0, 60, "All day"),
        task(3, &[&ana], 12, 0, 60, "Reworded"),
    ];
    let mut longer = old[0].clone();
    longer.ends_at = longer.ends_at.map(|t| t + Duration::minutes(30));
    let mut all_day = old[1].clone();
    all_day.all_day = Some(true);
    let mut reworded = old[2].clone();
    reworded.description = Some("bring the ladder".into());
    let until = now() + Duration::seconds(30);
    let (marks, removed) = diff(&old, &[longer, all_day, reworded], until);
    let kind = |id| marks.get(&id).map(|mk| mk.kind);
    // Its place on the board changed: moved, not merely changed.
    assert_eq!(kind(1), Some(MarkKind::Moved));
    assert_eq!(kind(2), Some(MarkKind::Moved));
    assert_eq!(kind(3), Some(MarkKind::Changed));
    assert!(removed.is_empty());
}

/// A prefetched neighbour keeps only what it can show (`tests/limits.rs`),
/// and the room of what it dropped is given back: the memory is the point.
#[test]
fn a_prefetched_period_gives_back_the_room_of_the_tasks_it_dropped() {
    let ana = employee(1, 1, "Ana");
    let tomorrow = today() + Duration::days(1);
    let mut m = loaded(vec![ana.clone()], vec![]);
    let (Some(seq), Some(next)) = (m.sync().prefetch, m.sync().prefetch_period) else {
        panic!("tomorrow is being prefetched");
    };
    assert_eq!(next, Period::day(tomorrow));
    // The look-back brought eight tasks of today; one is tomorrow's.
    let mut listing: Vec<_> = (1..=8)
        .map(|i| task(i, &[&ana], 8, 0, 30, &format!("Today {i}")))
        .collect();
    let mut gutter = task(9, &[&ana], 9, 0, 60, "Gutter repair");
    gutter.starts_at = Some(at(tomorrow, 9, 0));
    gutter.ends_at = Some(at(tomorrow, 10, 0));
    listing.push(gutter);
    answer_with(&mut m, (seq, next), listing);
    let kept = &m.cache()[&next].tasks;
    assert_eq!(kept.iter().map(|t| t.id).collect::<Vec<_>>(), [9]);
    assert!(
        kept.capacity() < 9,
        "room for {} tasks kept for one",
        kept.capacity()
    );
}

mod detail_over_the_grid {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use kickdesk::app::model::{Model, Overlay};

    fn mouse(kind: MouseEventKind, x: u16, y: u16) -> Msg {
        Msg::Mouse(
            MouseEvent {
                kind,
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            },
            now(),
        )
    }

    /// Eight employees with a task each at 9:00, on a board too narrow for
    /// the detail beside the grid.
    fn crew() -> Model {
        let emps: Vec<_> = (1..=8)
            .map(|i| employee(i, i, &format!("Tech {i}")))
            .collect();
        let tasks = emps
            .iter()
            .map(|e| task(100 + e.id, &[e], 9, 0, 60, &format!("Job of tech {}", e.id)))
            .collect();
        let mut m = loaded(emps, tasks);
        update(&mut m, Msg::Resize(120, 40));
        m
    }

    /// The detail over the grid is a dialog: the grid beside it shows
    /// through, but a click or the wheel there reaches neither the board
    /// nor the detail.
    #[test]
    fn the_mouse_beside_a_detail_over_the_grid_changes_nothing() {
        let mut m = crew();
        assert_eq!(m.cursor().task, Some(101));
        press(&mut m, &[code(KeyCode::Enter)]);
        assert_eq!(m.pane_width(), None, "over the grid");
        let s = screen(&m);
        let (x, y) = s
            .lines()
            .enumerate()
            .find_map(|(y, l)| {
                let b = l.find("Customer 105")?;
                Some((l[..b].chars().count() as u16, y as u16))
            })
            .expect("tech 5's task shows above the box");
        let before = screen(&m);
        press(
            &mut m,
            &[
                mouse(MouseEventKind::Down(MouseButton::Left), x + 1, y),
                mouse(MouseEventKind::ScrollDown, x + 1, y),
                mouse(MouseEventKind::ScrollDown, x + 1, y),
            ],
        );
        assert_eq!(m.cursor().task, Some(101));
        assert!(matches!(
            m.top(),
            Some(Overlay::Detail {
                task_id: 101,
                scroll: 0,
                ..
            })
        ));
        assert_eq!(screen(&m), before);
    }
}

/// Tab steps over a match the board does not show (here yesterday's task,
/// which the look-back brought) to the one after it, both ways.
#[test]
fn tab_skips_a_match_that_is_not_shown() {
    use crossterm::event::KeyCode;
    let ana = employee(1, 1, "Ana");
    let mut gone = task(2, &[&ana], 9, 0, 60, "Kim boiler");
    gone.starts_at = Some(at(today() - Duration::days(1), 9, 0));
    gone.ends_at = Some(at(today() - Duration::days(1), 10, 0));
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Kim boiler"),
            gone,
            task(3, &[&ana], 13, 0, 60, "Kim boiler"),
        ],
    );
    press(&mut m, &[key('/'), key('k'), key('i'), key('m')]);
    press(&mut m, &[code(KeyCode::Enter)]);
    let ranked = m.text_filter().ranked.clone();
    assert_eq!(ranked.len(), 3, "all three match: {ranked:?}");
    let h = ranked.iter().position(|&id| id == 2).unwrap_or_default();
    let before = ranked[(h + 2) % 3];
    let after = ranked[(h + 1) % 3];
    assert!(m.focus_task(before));
    press(&mut m, &[code(KeyCode::Tab)]);
    assert_eq!(m.cursor().task, Some(after), "ranked {ranked:?}");
    let backtab = backtab();
    press(&mut m, &[backtab]);
    assert_eq!(m.cursor().task, Some(before), "ranked {ranked:?}");
}

/// A key bound to nothing on the board changes nothing on the screen, so
/// nothing is drawn again (an idle board writes next to nothing).
#[test]
fn a_key_bound_to_nothing_asks_for_no_redraw() {
    use crossterm::event::KeyCode;
    let mut m = ana_boiler();
    let before = screen(&m);
    drawn(&mut m);
    let cmds = press(&mut m, &[code(KeyCode::F(12))]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(!m.dirty(), "a redraw for nothing");
    assert_eq!(screen(&m), before);
}

/// PgDn and PgUp page the employees outside the day view: PgUp comes
/// back to where PgDn started, in the week and on the timeline.
#[test]
fn pgup_pages_the_employees_back_in_the_week_and_the_timeline() {
    use crossterm::event::KeyCode;
    let team: Vec<_> = (1..=30)
        .map(|i| employee(i, i, &format!("Tech {i:02}")))
        .collect();
    let tasks: Vec<_> = team
        .iter()
        .map(|e| task(100 + e.id, &[e], 9, 0, 60, "Job"))
        .collect();
    for view in ['w', 'v'] {
        let mut m = loaded(team.clone(), tasks.clone());
        let cmds = press(&mut m, &[Msg::Resize(80, 24), key(view)]);
        if !fetch_of(&cmds).is_empty() {
            answer_fetch(&mut m, &cmds, tasks.clone().into());
        }
        let start = m.cursor().lane;
        press(&mut m, &[code(KeyCode::PageDown)]);
        let paged = m.cursor().lane;
        assert!(paged > start, "{view}: PgDn pages on from {start}");
        press(&mut m, &[code(KeyCode::PageUp)]);
        assert_eq!(m.cursor().lane, start, "{view}: PgUp pages back");
        let name = &m.lanes()[start].1;
        let s = screen(&m);
        assert!(s.contains(name.as_str()), "{view}: {name} shows\n{s}");
    }
}

/// With no task selected (a click on an employee's header selects only the
/// employee), `j` starts at the first task of the cell and `k` at the last.
#[test]
fn with_no_task_selected_j_starts_at_the_top_and_k_at_the_bottom() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Early"),
            task(2, &[&ana], 11, 0, 60, "Midday"),
            task(3, &[&ana], 15, 0, 60, "Late"),
        ],
    );
    // A click on Ana's name leaves no task selected.
    click_text(&mut m, "Ana");
    assert_eq!(m.cursor().task, None);
    press(&mut m, &[key('k')]);
    assert_eq!(m.cursor().task, Some(3));
    click_text(&mut m, "Ana");
    press(&mut m, &[key('j')]);
    assert_eq!(m.cursor().task, Some(1));
}

/// The employees are read again every five minutes (`EMPLOYEES_EVERY`),
/// not on every tick between, and never twice at once: a tick while the
/// last ask is still out sends no second one.
#[test]
fn the_employees_are_asked_again_every_five_minutes_and_one_ask_at_a_time() {
    use kickdesk::app::msg::{ApiCmd, Cmd};
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![]);
    let asks = |cmds: &[Cmd]| {
        cmds.iter()
            .filter(|c| matches!(c, Cmd::Api(ApiCmd::FetchEmployees)))
            .count()
    };
    let tick = |m: &mut kickdesk::app::model::Model, s: i64| {
        update(m, Msg::Tick(now() + Duration::seconds(s)))
    };
    // Read at `now()`: nothing to ask for the next five minutes.
    for s in (1..300).step_by(7) {
        assert_eq!(asks(&tick(&mut m, s)), 0, "{s} s after the last read");
    }
    assert_eq!(asks(&tick(&mut m, 300)), 1, "five minutes on");
    // Due, but the ask is still out: no second one.
    for s in [301, 330, 400] {
        assert_eq!(asks(&tick(&mut m, s)), 0, "{s} s: an ask is out");
    }
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now() + Duration::seconds(400),
            result: Ok(vec![ana]),
        },
    );
    assert_eq!(asks(&tick(&mut m, 401)), 0, "just answered");
    assert_eq!(
        asks(&tick(&mut m, 700)),
        1,
        "five minutes after that answer"
    );
}

/// `e` in the detail edits the task the detail shows, whatever the
/// board's cursor holds: with the detail beside the grid, a click on
/// another employee's name moves the cursor off the task, and the detail
/// stays.
#[test]
fn e_in_the_detail_edits_the_detail_s_task_not_the_board_s_selection() {
    use crossterm::event::KeyCode;
    use kickdesk::app::model::Overlay;
    let (mut m, _) = ana_and_ben();
    update(&mut m, Msg::Resize(160, 40));
    assert!(m.focus_task(1));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(m.pane_width().is_some(), "the detail is beside the grid");
    let s = screen(&m);
    let (x, y) = s
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            let b = l.find("Ben")?;
            Some((l[..b].chars().count() as u16, y as u16))
        })
        .expect("Ben's name heads a column");
    press(&mut m, &[click(x, y)]);
    assert_eq!(m.cursor().task, None, "the click selected Ben, no task");
    assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 1, .. })));
    press(&mut m, &[key('e')]);
    match m.top() {
        Some(Overlay::Form(f)) => assert_eq!(f.base.id, 1),
        other => panic!("no form of task 1: {other:?}\n{}", screen(&m)),
    }
}

/// A refused token on the employees' read explains itself as on a poll
/// (the grid gives way to what to do); any other fault of that read is
/// only retried a minute later: the tasks' polls say how Kickserv is, and
/// the board keeps its data on screen.
#[test]
fn only_a_refused_token_on_the_employees_read_takes_the_screen() {
    use kickdesk::app::msg::FaultKind;
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let later = now() + Duration::minutes(5);
    let before = screen(&m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: later,
            result: Err(fault(FaultKind::Unreachable, "Kickserv unreachable")),
        },
    );
    assert!(m.sync().fault.is_none());
    assert_eq!(screen(&m), before);
    assert_eq!(m.sync().next_employees, Some(later + Duration::minutes(1)));
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: later,
            result: Err(fault(
                FaultKind::Auth,
                "Kickserv refused the API token (401)",
            )),
        },
    );
    let s = screen(&m);
    assert!(m.shows_auth_screen());
    assert!(!s.contains("AC repair"), "the grid is gone:\n{s}");
    assert!(s.contains("KICKDESK_TOKEN"), "{s}");
}

/// Every task fetch the board asks for has a number of its own, the
/// neighbours' prefetches too: answers are told apart, and the runtime
/// cancels a fetch by its number.
#[test]
fn every_task_fetch_has_a_number_of_its_own() {
    let ana = employee(1, 1, "Ana");
    let (mut m, cmds) = fresh(120, 40);
    let mut seqs = Vec::new();
    let mut queue = fetch_of(&cmds);
    seqs.extend(queue.iter().map(|f| f.0));
    // The shown period, its neighbours, a refresh and a step on.
    for step in [None, Some(key('r')), Some(key(']'))] {
        if let Some(k) = step {
            let cmds = update(&mut m, k);
            queue.extend(fetch_of(&cmds));
            seqs.extend(fetch_of(&cmds).iter().map(|f| f.0));
        }
        while let Some(f) = queue.pop() {
            let cmds = answer_with(&mut m, f, vec![task(1, &[&ana], 9, 0, 60, "Boiler")]);
            queue.extend(fetch_of(&cmds));
            seqs.extend(fetch_of(&cmds).iter().map(|f| f.0));
        }
    }
    assert!(seqs.len() >= 5, "{seqs:?}");
    let mut unique = seqs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seqs.len(), "a number used twice: {seqs:?}");
}

/// The cache may hold up to `CACHE_TASKS` tasks: at the cap it keeps every
/// period; one task more and the oldest period it may evict goes.
#[test]
fn the_cache_keeps_every_period_up_to_its_task_cap() {
    use kickdesk::app::model::Model;
    use kickdesk::app::msg::Cmd;
    use kickdesk::app::update::CACHE_TASKS;
    let ana = employee(1, 1, "Ana");
    // Answers every fetch (and the prefetches they ask for) with `n` tasks
    // on the first day of its period; `extra` more for `extra_for`.
    let answer_all = |m: &mut Model, cmds: Vec<Cmd>, n: usize, extra_for: Option<Period>| {
        let mut queue = fetch_of(&cmds);
        while let Some((seq, period)) = queue.pop() {
            let day = period.dates().next().unwrap_or(today());
            let n = n + usize::from(extra_for == Some(period));
            let tasks: Vec<_> = (0..n as i64)
                .map(|i| {
                    let mut t = task(seq as i64 * 100_000 + i, &[&ana], 9, 0, 60, "Visit");
                    t.starts_at = Some(at(day, 9, 0));
                    t.ends_at = Some(at(day, 10, 0));
                    t
                })
                .collect();
            queue.extend(fetch_of(&answer_with(m, (seq, period), tasks)));
        }
    };
    // Four periods of a quarter of the cap each: the first one shown, then
    // the next; the one before the first is then neither shown nor beside it.
    let quarter = CACHE_TASKS / 4;
    for extra in [false, true] {
        let (mut m, cmds) = fresh(120, 40);
        let first = m.period();
        answer_all(&mut m, cmds, quarter, None);
        let cmds = update(&mut m, key(']'));
        let last = m.period().next();
        answer_all(&mut m, cmds, quarter, extra.then_some(last));
        let held: usize = m.cache().values().map(|c| c.tasks.len()).sum();
        let oldest = first.prev();
        if extra {
            assert!(!m.cache().contains_key(&oldest), "{held} tasks held");
        } else {
            assert_eq!(held, CACHE_TASKS);
            assert!(m.cache().contains_key(&oldest), "evicted at the cap");
            assert_eq!(m.cache().len(), 4);
        }
    }
}

/// With no match selected (no task at all, as after a click on an
/// employee's name; here the selection is cleared), Tab goes to the first
/// match in rank order and Shift-Tab to the last.
#[test]
fn with_no_match_selected_tab_goes_to_the_first_and_shift_tab_to_the_last() {
    use crossterm::event::KeyCode;
    let mut m = kim_matches();
    let ranked = m.text_filter().ranked.clone();
    click_text(&mut m, "Ana");
    assert_eq!(m.cursor().task, None);
    let backtab = backtab();
    press(&mut m, &[backtab]);
    assert_eq!(m.cursor().task, ranked.last().copied(), "ranked {ranked:?}");
    click_text(&mut m, "Ana");
    press(&mut m, &[code(KeyCode::Tab)]);
    assert_eq!(
        m.cursor().task,
        ranked.first().copied(),
        "ranked {ranked:?}"
    );
}

/// Enter on a partly typed name runs the highlighted candidate when it
/// needs no argument, as Tab then Enter would: `wkvw` is the week view.
#[test]
fn enter_on_a_partly_typed_action_runs_the_highlighted_one() {
    use crossterm::event::KeyCode;
    use kickdesk::schedule::ViewKind;
    let mut m = ana_boiler();
    assert_eq!(m.view(), ViewKind::Day);
    let mut keys = vec![key(':')];
    keys.extend("wkvw".chars().map(key));
    keys.push(code(KeyCode::Enter));
    let cmds = press(&mut m, &keys);
    assert!(m.modals().is_empty(), "{:?}", m.top());
    assert_eq!(m.view(), ViewKind::Week);
    assert_eq!(fetch_of(&cmds).len(), 1, "{cmds:?}");
}
