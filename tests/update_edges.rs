//! More `update()` edges: what the board does where a careless change to
//! `src/app/update.rs` would go unnoticed by the other tests.

mod common;

use chrono::Duration;
use common::*;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{FaultKind, Msg};
use kickdesk::app::update::update;
use kickdesk::schedule::Period;

/// The screen of a refused token tells the last data's age in seconds for
/// its first minute, so a tick that only changes those seconds redraws it
/// (the board is drawn only when something asks for it).
#[test]
fn the_refused_token_screen_redraws_as_the_datas_age_counts_seconds() {
    let mut m = ana_boiler();
    // The poll falls due 30 s after the data came; Kickserv refuses it.
    let due = now() + Duration::seconds(30);
    refuse_the_poll_at(&mut m, due);
    assert!(screen(&m).contains("30 s old"), "{}", screen(&m));
    // Fifteen seconds on, in the same minute, not yet stale.
    drawn(&mut m);
    update(&mut m, Msg::Tick(now() + Duration::seconds(45)));
    assert!(!m.is_stale());
    assert!(m.dirty(), "the age on the screen changed");
    assert!(screen(&m).contains("45 s old"), "{}", screen(&m));
}

mod detail_beside_the_grid {
    use super::*;
    use crossterm::event::KeyCode;
    use kickdesk::app::model::Overlay;

    /// The pane begins at the column where the grid ends: a click there,
    /// on any row, is on the pane, so the board's selection and the task
    /// shown stay, in the day, the week and the timeline.
    #[test]
    fn a_click_on_the_panes_first_column_selects_nothing_on_the_board() {
        let emps: Vec<_> = (1..=8)
            .map(|i| employee(i, i, &format!("Tech {i}")))
            .collect();
        let tasks: Vec<_> = emps
            .iter()
            .map(|e| task(100 + e.id, &[e], 9, 0, 60, &format!("Job of tech {}", e.id)))
            .collect();
        for view in [None, Some('w'), Some('v')] {
            let mut m = loaded(emps.clone(), tasks.clone());
            update(&mut m, Msg::Resize(160, 40));
            if let Some(k) = view {
                let cmds = press(&mut m, &[key(k)]);
                if !fetch_of(&cmds).is_empty() {
                    answer_fetch(&mut m, &cmds, tasks.clone().into());
                }
            }
            assert!(m.focus_task(104));
            press(&mut m, &[code(KeyCode::Enter)]);
            let grid_w = m.grid_size().0;
            assert_eq!(m.pane_width(), Some(160 - grid_w), "{view:?}: beside");
            let cursor = (m.cursor().lane, m.cursor().day, m.cursor().task);
            let before = screen(&m);
            for y in 0..40 {
                press(&mut m, &[click(grid_w, y)]);
                assert_eq!(
                    (m.cursor().lane, m.cursor().day, m.cursor().task),
                    cursor,
                    "{view:?}: a click at ({grid_w}, {y})"
                );
                assert!(
                    matches!(m.top(), Some(Overlay::Detail { task_id: 104, .. })),
                    "{view:?}: a click at ({grid_w}, {y})"
                );
            }
            assert_eq!(screen(&m), before, "{view:?}");
        }
    }

    /// The wheel with the detail beside the grid scrolls the detail, down
    /// and back up, and leaves the board's selection where it is.
    #[test]
    fn the_wheel_scrolls_the_detail_beside_the_grid_not_the_board() {
        use crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
        let ana = employee(1, 1, "Ana");
        let mut m = loaded(
            vec![ana.clone()],
            vec![
                task(1, &[&ana], 9, 0, 60, "Boiler"),
                task(2, &[&ana], 11, 0, 60, "Gutter"),
            ],
        );
        update(&mut m, Msg::Resize(160, 40));
        assert!(m.focus_task(1));
        press(&mut m, &[code(KeyCode::Enter)]);
        assert!(m.pane_width().is_some(), "beside the grid");
        let wheel = |kind| {
            Msg::Mouse(
                MouseEvent {
                    kind,
                    column: 150,
                    row: 10,
                    modifiers: KeyModifiers::NONE,
                },
                now(),
            )
        };
        let scroll = |m: &Model| match m.top() {
            Some(Overlay::Detail {
                scroll, task_id, ..
            }) => (*task_id, *scroll),
            other => panic!("{other:?}"),
        };
        press(&mut m, &[wheel(MouseEventKind::ScrollDown)]);
        press(&mut m, &[wheel(MouseEventKind::ScrollDown)]);
        assert_eq!(scroll(&m), (1, 2));
        press(&mut m, &[wheel(MouseEventKind::ScrollUp)]);
        assert_eq!(scroll(&m), (1, 1));
        assert_eq!(m.cursor().task, Some(1), "the board's selection stays");
    }
}

/// Read-only, `e` in the detail says why it does nothing, as on the board:
/// the detail stays open under the answer, and nothing is sent.
#[test]
fn read_only_e_in_the_detail_says_editing_is_off() {
    use crossterm::event::KeyCode;
    use kickdesk::app::model::Overlay;
    let mut m = restarted(&ana_boiler(), opts_with(|o| o.read_only = true));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 1, .. })));
    assert!(m.toast().is_none());
    let cmds = press(&mut m, &[key('e')]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 1, .. })));
    let said = m.toast().as_ref().map(|t| t.text.as_str());
    assert_eq!(said, Some("read-only: e is off (edit task)"));
    assert!(screen(&m).contains("read-only: e is off"), "{}", screen(&m));
}

/// Keys bound to an action of the prompt are not typed into the text
/// filter, even where the input would read them as an edit: with `up`
/// rebound to Ctrl-K (as in fzf), Ctrl-K does not cut the filter's end.
#[test]
fn a_prompt_action_rebound_to_an_editing_key_leaves_the_text_filter_alone() {
    use crossterm::event::KeyCode;
    use kickdesk::app::keymap::Keymap;
    use kickdesk::app::model::Options;
    let keys: toml::Table = toml::from_str(
        "[prompt]\nmove_up = \"ctrl-k\"\nmove_down = \"ctrl-j\"\ncomplete = \"ctrl-u\"\n",
    )
    .expect("a keys table");
    let keymap = Keymap::defaults()
        .with_overrides(&keys)
        .expect("bindings without conflicts");
    let ana = employee(1, 1, "Ana");
    let mut m = loaded_with(
        Options { keymap, ..opts() },
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Kim boiler"),
            task(2, &[&ana], 13, 0, 60, "Kip gutter"),
        ],
    );
    press(&mut m, &[key('/'), key('k'), key('i'), key('m')]);
    // The input's cursor back before the `m`, then the rebound keys.
    press(
        &mut m,
        &[code(KeyCode::Left), ctrl('k'), ctrl('j'), ctrl('u')],
    );
    assert_eq!(m.text_filter().query, "kim");
    let s = screen(&m);
    assert!(s.contains("kim"), "{s}");
    // Typing goes on where the cursor is.
    press(&mut m, &[key('x')]);
    assert_eq!(m.text_filter().query, "kixm");
}

/// The cache keeps the shown period, its neighbours and the two periods
/// fetched last besides them: walking back, those show their tasks at once,
/// before any answer; the one before them was let go, and waits.
#[test]
fn the_cache_keeps_the_neighbours_and_the_two_periods_fetched_last() {
    use kickdesk::app::msg::Cmd;
    use kickdesk::kickserv::model::Task;
    let ana = employee(1, 1, "Ana");
    let job_of = |p: Period| -> Vec<Task> {
        let n = (p.start - today()).num_days();
        let mut t = task(1000 + n, &[&ana], 9, 0, 60, &format!("Job of day {n}"));
        t.starts_at = Some(at(p.start, 9, 0));
        t.ends_at = Some(at(p.start, 10, 0));
        vec![t]
    };
    let mut m = loaded(vec![ana.clone()], job_of(Period::day(today())));
    // Answers every fetch asked (the shown period's and the prefetches),
    // each a second after the one before.
    let mut clock = 0;
    let mut settle = |m: &mut Model, mut cmds: Vec<Cmd>| {
        while let Some(&(seq, period)) = fetch_of(&cmds).first() {
            clock += 1;
            let at = now() + Duration::seconds(clock);
            cmds = answer_at(m, (seq, period), at, Ok(job_of(period).into()));
        }
    };
    for _ in 1..=4 {
        let cmds = press(&mut m, &[key(']')]);
        settle(&mut m, cmds);
    }
    assert_eq!(m.period(), Period::day(today() + Duration::days(4)));
    assert!(screen(&m).contains("Job of day 4"), "{}", screen(&m));
    // Back, with no answer: days 3, 2 and 1 are there at once, day 0 not.
    for n in [3, 2, 1] {
        press(&mut m, &[key('[')]);
        assert_eq!(m.period(), Period::day(today() + Duration::days(n)));
        let s = screen(&m);
        assert!(s.contains(&format!("Job of day {n}")), "day {n}:\n{s}");
    }
    press(&mut m, &[key('[')]);
    assert_eq!(m.period(), Period::day(today()));
    assert!(m.tasks_period().is_none(), "day 0 was let go");
    assert!(!screen(&m).contains("Job of day 0"), "{}", screen(&m));
}

/// Enter in the palette runs the highlighted candidate only when it needs
/// no argument: with `filter ` highlighted under a half-typed `filt`, the
/// palette stays open and says why, and the filter set before stays.
#[test]
fn enter_on_a_candidate_that_needs_an_argument_runs_nothing() {
    use crossterm::event::KeyCode;
    use kickdesk::app::model::Overlay;
    use kickdesk::app::palette::{self, Run};
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Kim boiler"),
            task(2, &[&ana], 13, 0, 60, "Gutter"),
        ],
    );
    press(&mut m, &[key('/'), key('k'), key('i'), key('m')]);
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.text_filter().query, "kim");
    let first = palette::candidates(&m, "filt").into_iter().next();
    assert_eq!(
        first.map(|c| (c.text, c.run)),
        Some((
            "filter ".to_string(),
            Run::Command(kickdesk::app::commands::Command::Filter)
        ))
    );
    press(&mut m, &[key(':'), key('f'), key('i'), key('l'), key('t')]);
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert!(cmds.is_empty(), "{cmds:?}");
    let Some(Overlay::Palette(p)) = m.top() else {
        panic!("the palette stays open: {:?}", m.top());
    };
    assert_eq!(
        p.error.as_deref(),
        Some("unknown command: \"filt\" (Tab completes)")
    );
    assert_eq!(m.text_filter().query, "kim");
    assert!(m.palette_history().is_empty(), "{:?}", m.palette_history());
}

/// PgDn in the day view scrolls a screen of hours less a row (the last
/// row shown becomes the first), and PgUp goes back by the same page.
#[test]
fn pgdn_scrolls_the_day_by_a_screen_of_hours_and_pgup_comes_back() {
    use crossterm::event::KeyCode;
    use kickdesk::app::dayplan::{body, plan};
    let ana = employee(1, 1, "Ana");
    // Tasks from midnight to midnight: a day of rows, more than two screens.
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 0, 0, 60, "Early"),
            task(2, &[&ana], 9, 0, 60, "Boiler"),
            task(3, &[&ana], 23, 0, 60, "Late"),
        ],
    );
    press(&mut m, &[Msg::Resize(80, 15)]);
    // The first and last minutes of the rows shown, and whether the screen
    // labels the first one.
    let shown = |m: &Model| {
        let ax = plan(m, body(m.grid_size())).axis.expect("a time axis");
        let (first, last) = (ax.minute_at(0), ax.minute_at(ax.rows - 1));
        let label = format!("{:02}:{:02}", first / 60, first % 60);
        let s = screen(m);
        (
            first,
            last,
            s.lines().any(|l| l.trim_start().starts_with(&label)),
        )
    };
    let (first, last, labelled) = shown(&m);
    assert_eq!(first, 0, "from midnight");
    assert!(labelled, "{}", screen(&m));
    press(&mut m, &[code(KeyCode::PageDown)]);
    let (first2, _, labelled) = shown(&m);
    assert_eq!(first2, last, "the last row shown is now the first");
    assert!(labelled, "{}", screen(&m));
    // Down again (to the end of the day, short of a page), then PgUp goes
    // back by the same page, not to the top.
    let page = first2 - first;
    press(&mut m, &[code(KeyCode::PageDown)]);
    let (first3, _, _) = shown(&m);
    assert!(
        first3 > first2 && first3 < 24 * 60,
        "further down: {first3}"
    );
    press(&mut m, &[code(KeyCode::PageUp)]);
    assert_eq!(shown(&m).0, first3 - page);
    assert!(first3 - page > first, "not the top");
    press(&mut m, &[code(KeyCode::PageUp)]);
    assert_eq!(shown(&m).0, first);
}

/// Marks of what a poll changed, and the tasks it removed, each ask for a
/// redraw when they run out, the one without the other: the board is drawn
/// only when something asks for it, so a mark left on screen would stay.
#[test]
fn change_marks_and_removed_tasks_running_out_each_redraw_the_board() {
    let ana = employee(1, 1, "Ana");
    let first = || {
        vec![
            task(1, &[&ana], 8, 0, 60, "Stays"),
            task(2, &[&ana], 9, 0, 60, "Goes"),
        ]
    };
    // One poll moves a task (a mark, nothing removed); another removes one
    // (nothing marked).
    let moved = vec![
        task(1, &[&ana], 8, 30, 60, "Stays"),
        task(2, &[&ana], 9, 0, 60, "Goes"),
    ];
    let removed = vec![task(1, &[&ana], 8, 0, 60, "Stays")];
    for (next, marks, gone) in [(moved, 1, 0), (removed, 0, 1)] {
        let mut m = loaded(vec![ana.clone()], first());
        let cmds = press(&mut m, &[key('r')]);
        let at = now() + Duration::seconds(5);
        answer_fetch_at(&mut m, &cmds, at, Ok(next.into()));
        assert_eq!((m.marks().len(), m.removed().len()), (marks, gone));
        // Paused, so that the poll due when they run out draws nothing.
        press(&mut m, &[key('p')]);
        assert!(m.paused());
        // A second that changes nothing on screen asks for no redraw...
        update(&mut m, Msg::Tick(at + Duration::seconds(28)));
        drawn(&mut m);
        update(&mut m, Msg::Tick(at + Duration::seconds(29)));
        assert!(!m.dirty(), "nothing ran out yet");
        // ...the one where they run out does.
        update(&mut m, Msg::Tick(at + Duration::seconds(30)));
        assert!(m.marks().is_empty() && m.removed().is_empty());
        assert!(m.dirty(), "marks {marks}, removed {gone}: no redraw asked");
    }
}

/// A prefetch that shows a task longer than the look-back it asked with
/// says the other cached periods may miss such tasks: the cache lets them
/// go, also when a refresh of the shown day went out while it was under
/// way (the refresh must not make the board forget how far the prefetch
/// looked back).
#[test]
fn a_prefetch_finding_a_longer_task_than_it_looked_back_for_clears_the_cache() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(1, &[&ana], 9, 0, 60, "Boiler")],
    );
    let tomorrow = Period::day(today() + Duration::days(1));
    let yesterday = Period::day(today() - Duration::days(1));
    // Tomorrow is prefetched and kept; then yesterday is asked for.
    let Some(pre) = m.sync().prefetch else {
        panic!("tomorrow is being prefetched");
    };
    answer_with(&mut m, (pre, tomorrow), vec![]);
    assert!(m.cache().contains_key(&tomorrow));
    let Some(pre) = m.sync().prefetch else {
        panic!("yesterday is being prefetched");
    };
    assert_eq!(m.sync().prefetch_period, Some(yesterday));
    // A refresh of today goes out while that prefetch is under way.
    let refresh = press(&mut m, &[key('r')]);
    assert_eq!(fetch_of(&refresh)[0].1, Period::day(today()));
    // Yesterday's answer holds a job of four days, more than the two days
    // the prefetches looked back: tomorrow's listing may miss one like it.
    let mut long = task(2, &[&ana], 8, 0, 4 * 24 * 60, "Four-day install");
    long.starts_at = long.starts_at.map(|t| t - Duration::days(3));
    long.ends_at = long.ends_at.map(|t| t - Duration::days(3));
    answer_with(&mut m, (pre, yesterday), vec![long]);
    assert!(m.lookback().days() >= 5, "{:?}", m.lookback());
    assert!(
        !m.cache().contains_key(&tomorrow),
        "tomorrow's listing looked back two days and is kept: {:?}",
        m.cache().keys().collect::<Vec<_>>()
    );
}

/// A fetch of a day the board has moved away from fails (its failure beat
/// its cancellation): that is no fault of the day now shown, which neither
/// turns stale nor backs off, and whose own fetch, sent when the board
/// moved, is not sent twice.
#[test]
fn a_failed_fetch_of_a_day_left_behind_is_not_the_shown_days_fault() {
    let mut m = ana_boiler();
    let tomorrow = Period::day(today() + Duration::days(1));
    let refresh = press(&mut m, &[key('r')]);
    let moved = press(&mut m, &[key(']')]);
    assert_eq!(m.period(), tomorrow);
    let asked: Vec<Period> = fetch_of(&moved).into_iter().map(|f| f.1).collect();
    assert_eq!(asked, vec![tomorrow], "{moved:?}");
    let cmds = answer_fetch_at(
        &mut m,
        &refresh,
        now(),
        Err(fault(FaultKind::Unreachable, "connection refused")),
    );
    assert!(m.sync().fault.is_none(), "{:?}", m.sync().fault);
    assert_eq!(m.sync().failures, 0);
    assert!(fetch_of(&cmds).is_empty(), "{cmds:?}");
    assert!(m.fetching(), "tomorrow's fetch still runs");
    assert!(!screen(&m).contains("connection refused"), "{}", screen(&m));
}

/// `l` on the week's last day, and `h` on its first, stay there: the
/// cursor never leaves the days the week shows.
#[test]
fn sideways_in_the_week_stops_at_its_first_and_last_day() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let mut m = loaded(vec![ana.clone()], tasks.clone());
    let cmds = press(&mut m, &[key('w')]);
    if !fetch_of(&cmds).is_empty() {
        answer_fetch(&mut m, &cmds, tasks.into());
    }
    let days = m.days().len();
    assert_eq!(days, 7);
    for _ in 0..days + 2 {
        press(&mut m, &[key('l')]);
        assert!(m.cursor().day < days, "day {} of {days}", m.cursor().day);
    }
    assert_eq!(m.cursor().day, days - 1);
    let before = screen(&m);
    press(&mut m, &[key('l')]);
    assert_eq!(screen(&m), before);
    for _ in 0..days + 2 {
        press(&mut m, &[key('h')]);
    }
    assert_eq!(m.cursor().day, 0);
}

/// Midnight on a board, not a monitor: a board left on today moves to the
/// new today and fetches it; one the dispatcher moved to another day stays.
#[test]
fn at_midnight_a_board_on_today_moves_to_the_new_day_and_another_day_stays() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let midnight = just_past_midnight();
    let saturday = today() + Duration::days(1);

    let mut m = loaded(vec![ana.clone()], tasks.clone());
    let cmds = update(&mut m, Msg::Tick(midnight));
    assert!(m.period().contains(saturday), "{:?}", m.period());
    assert!(!m.period().contains(today()));
    assert_eq!(fetch_of(&cmds).len(), 1, "the new day is fetched");
    assert_eq!(fetch_of(&cmds)[0].1, m.period());

    let mut m = loaded(vec![ana.clone()], tasks);
    press(&mut m, &[key('['), key('[')]);
    let wednesday = m.period();
    assert!(wednesday.contains(today() - Duration::days(2)));
    update(&mut m, Msg::Tick(midnight));
    assert_eq!(m.period(), wednesday, "a day chosen by hand stays");
}

/// A board whose every fetch fails keeps a record only of the fetches still
/// awaited, however long Kickserv stays down (a desk monitor runs for weeks).
#[test]
fn failed_fetches_leave_no_record_behind() {
    let mut m = ana_boiler();
    let mut at = now();
    let mut fetches = 0;
    for _ in 0..40 {
        at += Duration::minutes(10);
        let cmds = update(&mut m, Msg::Tick(at));
        for (seq, period) in fetch_of(&cmds) {
            fetches += 1;
            answer_at(
                &mut m,
                (seq, period),
                at,
                Err(fault(FaultKind::Unreachable, "Kickserv cannot be reached")),
            );
        }
    }
    assert!(fetches >= 10, "{fetches} fetches failed");
    assert!(
        m.sync().lookback_of.len() <= 2,
        "{} records kept",
        m.sync().lookback_of.len()
    );
}

/// With three matches, Tab walks them in their ranked order and Shift-Tab
/// walks back, round the end both ways (two matches read the same both
/// ways, so three are needed to tell the directions apart).
#[test]
fn tab_walks_three_matches_in_rank_order_and_shift_tab_walks_back() {
    use crossterm::event::KeyCode;
    let mut m = kim_matches();
    let r = m.text_filter().ranked.clone();
    assert!(m.focus_task(r[0]));
    let mut walked = Vec::new();
    for _ in 0..3 {
        press(&mut m, &[code(KeyCode::Tab)]);
        walked.push(m.cursor().task.unwrap());
    }
    assert_eq!(walked, [r[1], r[2], r[0]], "Tab, ranked {r:?}");
    walked.clear();
    for _ in 0..3 {
        press(&mut m, &[backtab()]);
        walked.push(m.cursor().task.unwrap());
    }
    assert_eq!(walked, [r[2], r[1], r[0]], "Shift-Tab, ranked {r:?}");
}

/// Pause then resume before the next poll is due sends nothing: the poll
/// goes out when it falls due, not at the key.
#[test]
fn resuming_before_the_poll_is_due_asks_nothing_until_it_is() {
    let mut m = ana_boiler();
    let due = m.sync().next_poll.expect("a poll is planned");
    assert!(due > now());
    let cmds = press(&mut m, &[key('p'), key('p')]);
    assert!(!m.paused());
    assert!(fetch_of(&cmds).is_empty(), "{cmds:?}");
    assert!(m.sync().in_flight.is_none());
    let cmds = update(&mut m, Msg::Tick(due));
    assert_eq!(fetch_of(&cmds).len(), 1, "the poll when due");
}

/// On the refused-token screen only a plain `v` shows the last data:
/// Ctrl-v and Alt-v leave the explanation up.
#[test]
fn only_a_plain_v_peeks_past_the_refused_token_screen() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut m = ana_boiler();
    let due = m.sync().next_poll.expect("a poll is planned");
    refuse_the_poll_at(&mut m, due);
    for mods in [KeyModifiers::CONTROL, KeyModifiers::ALT] {
        press(&mut m, &[Msg::Key(KeyEvent::new(KeyCode::Char('v'), mods))]);
        assert!(m.shows_auth_screen(), "{mods:?}-v");
    }
    press(&mut m, &[key('v')]);
    assert!(!m.shows_auth_screen(), "v shows the last data");
    press(&mut m, &[key('v')]);
    assert!(m.shows_auth_screen(), "and v again the explanation");
}

/// With the weekend hidden the week's columns skip Saturday and Sunday:
/// the week opens with the cursor on the day it came from, also in weeks
/// that start on a Sunday (where a column's place is not its date's).
#[test]
fn with_the_weekend_hidden_the_week_opens_on_the_day_it_came_from() {
    use chrono::Weekday;
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    for start in [Weekday::Mon, Weekday::Sun] {
        let o = kickdesk::app::model::Options {
            hide_weekend: true,
            week_start: start,
            ..opts()
        };
        let mut m = loaded_with(o, vec![ana.clone()], tasks.clone());
        press(&mut m, &[key('['), key('[')]);
        let wednesday = today() - Duration::days(2);
        assert_eq!(m.date_of(m.cursor().day), wednesday);
        press(&mut m, &[key('w')]);
        assert!(m.period().contains(wednesday), "{start:?}");
        assert_eq!(m.date_of(m.cursor().day), wednesday, "{start:?}");
    }
}

/// The first fetch probes the whole look-back cap for the longest task;
/// the polls of the same day look back only as far as that task needs; the
/// first fetch of a new day probes again (long jobs may have been booked).
#[test]
fn polls_of_the_day_look_back_as_needed_and_a_new_day_probes_again() {
    use kickdesk::app::msg::{ApiCmd, Cmd};
    let probes = |cmds: &[Cmd]| -> Vec<bool> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::Api(ApiCmd::FetchTasks { ending_from, .. }) => Some(ending_from.is_some()),
                _ => None,
            })
            .collect()
    };
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let (mut m, cmds) = fresh(120, 40);
    assert_eq!(probes(&cmds), [true], "the first fetch probes");
    answer_fetch(&mut m, &cmds, tasks.clone().into());
    let mut at = now();
    for _ in 0..3 {
        at = m.sync().next_poll.expect("a poll is planned");
        let cmds = update(&mut m, Msg::Tick(at));
        assert_eq!(probes(&cmds), [false], "a poll at {at}");
        answer_fetch_at(&mut m, &cmds, at, Ok(tasks.clone().into()));
    }
    let midnight = just_past_midnight();
    assert!(at < midnight);
    let cmds = update(&mut m, Msg::Tick(midnight));
    assert_eq!(probes(&cmds), [true], "the new day probes again");
}

/// In the week, midnight moves the cursor to the new today only when it
/// was on the old one: a dispatcher looking at Wednesday stays there.
#[test]
fn at_midnight_the_weeks_cursor_moves_on_only_from_today() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let midnight = just_past_midnight();
    let saturday = today() + Duration::days(1);
    let wednesday = today() - Duration::days(2);
    for (moves, want) in [(0, saturday), (2, wednesday)] {
        let mut m = loaded(vec![ana.clone()], tasks.clone());
        let cmds = press(&mut m, &[key('w')]);
        answer_fetch(&mut m, &cmds, tasks.clone().into());
        assert_eq!(m.date_of(m.cursor().day), today());
        for _ in 0..moves {
            press(&mut m, &[key('h')]);
        }
        update(&mut m, Msg::Tick(midnight));
        assert!(m.period().contains(saturday));
        assert_eq!(m.date_of(m.cursor().day), want, "after {moves} moves");
    }
}

/// Each failure in a row doubles the wait before the next try, from one
/// poll interval up to the cap; a success starts again from one interval.
#[test]
fn each_failure_in_a_row_doubles_the_wait_up_to_the_cap() {
    use kickdesk::app::model::MAX_BACKOFF;
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let mut m = loaded(vec![ana.clone()], tasks.clone());
    let poll = m.opts().poll.as_secs() as i64;
    let down = fault(FaultKind::Unreachable, "Kickserv cannot be reached");
    let mut waits = Vec::new();
    for _ in 0..6 {
        let at = m.sync().next_poll.expect("a try is planned");
        let cmds = update(&mut m, Msg::Tick(at));
        answer_fetch_at(&mut m, &cmds, at, Err(down.clone()));
        waits.push((m.sync().next_poll.unwrap() - at).num_seconds());
    }
    let cap = MAX_BACKOFF.as_secs() as i64;
    let want: Vec<i64> = (0..6).map(|n| (poll << n).min(cap)).collect();
    assert_eq!(waits, want, "poll every {poll} s");
    assert!(waits.last() == Some(&cap), "the cap is reached: {waits:?}");
    let at = m.sync().next_poll.unwrap();
    let cmds = update(&mut m, Msg::Tick(at));
    answer_fetch_at(&mut m, &cmds, at, Ok(tasks.into()));
    assert_eq!((m.sync().next_poll.unwrap() - at).num_seconds(), poll);
}

/// A message at the foot of the board stays for its four seconds, through
/// the ticks between, and goes (with a redraw) at the fourth.
#[test]
fn a_message_stays_its_four_seconds_and_goes_at_the_end() {
    let mut m = ana_boiler();
    press(&mut m, &[key('p')]);
    assert!(screen(&m).contains("Polling paused"));
    for s in 1..=3 {
        drawn(&mut m);
        update(&mut m, Msg::Tick(now() + Duration::seconds(s)));
        assert!(screen(&m).contains("Polling paused"), "after {s} s");
        assert!(!m.dirty(), "nothing new after {s} s");
    }
    update(&mut m, Msg::Tick(now() + Duration::seconds(4)));
    assert!(m.dirty(), "the board is redrawn without it");
    assert!(!screen(&m).contains("Polling paused"), "{}", screen(&m));
}

/// In the day view `l` on the last employee and `h` on the first stay
/// where they are, with the task selected.
#[test]
fn sideways_in_the_day_stops_at_the_first_and_last_employee() {
    let (mut m, _) = ana_and_ben();
    assert!(m.focus_task(2));
    let lane = m.cursor().lane;
    press(&mut m, &[key('l'), key('l')]);
    assert_eq!((m.cursor().lane, m.cursor().task), (lane, Some(2)));
    assert!(m.focus_task(1));
    let lane = m.cursor().lane;
    press(&mut m, &[key('h'), key('h')]);
    assert_eq!((m.cursor().lane, m.cursor().task), (lane, Some(1)));
    // Back and forth still works from there.
    press(&mut m, &[key('l')]);
    assert_eq!(m.cursor().task, Some(2));
}

/// `:employee` with no name says whose is wanted and moves nothing (an
/// empty name would match every employee).
#[test]
fn employee_with_no_name_asks_whose_and_moves_nothing() {
    let (mut m, _) = ana_and_ben();
    assert!(m.focus_task(2));
    let before = (m.cursor().lane, m.cursor().task);
    let mut keys = vec![key(':')];
    keys.extend(typed("employee"));
    keys.push(code(crossterm::event::KeyCode::Enter));
    press(&mut m, &keys);
    assert_eq!((m.cursor().lane, m.cursor().task), before);
    let s = screen(&m);
    assert!(s.contains("employee: whose? (employee Kim)"), "{s}");
}

/// In the week `j` past the last task of the last employee's cell, and `k`
/// before the first of the first's, stay where they are.
#[test]
fn j_and_k_in_the_week_stop_at_the_last_and_first_employee() {
    let (mut m, tasks) = ana_and_ben();
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, tasks.into());
    assert!(m.focus_task(2));
    let at = (m.cursor().lane, m.cursor().day, m.cursor().task);
    press(&mut m, &[key('j'), key('j')]);
    assert_eq!((m.cursor().lane, m.cursor().day, m.cursor().task), at);
    press(&mut m, &[key('k')]);
    assert_eq!(m.cursor().task, Some(1), "k goes back to Ana's cell");
    let at = (m.cursor().lane, m.cursor().day, m.cursor().task);
    press(&mut m, &[key('k'), key('k')]);
    assert_eq!((m.cursor().lane, m.cursor().day, m.cursor().task), at);
}

/// The poll due at `due` goes out and Kickserv refuses the token.
fn refuse_the_poll_at(m: &mut Model, due: chrono::DateTime<chrono::Utc>) {
    let cmds = update(m, Msg::Tick(due));
    answer_fetch_at(
        m,
        &cmds,
        due,
        Err(fault(
            FaultKind::Auth,
            "Kickserv refused the API token (401)",
        )),
    );
    assert!(m.shows_auth_screen());
}

/// 00:01 on the Saturday after `now()`, in New York.
fn just_past_midnight() -> chrono::DateTime<chrono::Utc> {
    chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 28, 5, 1, 0).unwrap()
}
