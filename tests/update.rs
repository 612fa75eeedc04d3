//! `update()` table tests: key or message in, model and commands out.

mod common;

use chrono::Duration;
use common::*;
use crossterm::event::{KeyCode, KeyModifiers, MouseEvent, MouseEventKind};

use kickdesk::app::model::{MarkKind, Overlay};
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg};
use kickdesk::app::update::{parse_date, update};
use kickdesk::kickserv::model::NotifyKind;
use kickdesk::schedule::{Period, ViewKind};

#[test]
fn start_fetches_employees_and_today() {
    let (m, cmds) = fresh(120, 40);
    assert!(cmds.contains(&Cmd::Api(ApiCmd::FetchEmployees)));
    assert_eq!(fetch_of(&cmds), vec![(1, Period::day(today()))]);
    assert_eq!(m.view(), ViewKind::Day);
}

#[test]
fn a_change_of_range_causes_exactly_one_fetch() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    // The prefetch of the neighbours is under way; it does not block the shown fetch.
    let cmds = press(&mut m, &[key(']')]);
    let next = Period::day(today() + Duration::days(1));
    assert_eq!(
        fetch_of(&cmds).iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![next]
    );
    let this_week = Period::week_containing(today(), chrono::Weekday::Mon);
    for (k, p) in [('w', this_week), (']', this_week.next()), ('t', this_week)] {
        // Finish whatever is in flight so each key stands alone.
        if let Some(seq) = m.sync().in_flight {
            let period = m.period();
            answer_at(&mut m, (seq, period), now(), Ok(vec![].into()));
        }
        let cmds = press(&mut m, &[key(k)]);
        let shown: Vec<_> = fetch_of(&cmds).into_iter().filter(|f| f.1 == p).collect();
        assert_eq!(shown.len(), 1, "key {k}: {cmds:?}");
    }
}

#[test]
fn a_late_result_for_an_old_range_is_not_shown() {
    let ana = employee(1, 1, "Ana");
    let (mut m, cmds) = fresh(120, 40);
    let (seq1, p1) = fetch_of(&cmds)[0];
    // Navigate twice while the first fetch is in flight: each fetch of a
    // day left gives way to the next one's.
    let cmds = press(&mut m, &[key(']'), key(']')]);
    let shown = m.period();
    assert_eq!(shown.start, today() + Duration::days(2));
    assert_eq!(fetch_of(&cmds).last().map(|f| f.1), Some(shown), "{cmds:?}");
    // The old range's result arrives anyway (it beat its cancellation):
    // cached, not drawn, and no second fetch of what is shown.
    let cmds = answer_at(
        &mut m,
        (seq1, p1),
        now(),
        Ok(vec![task(1, &[&ana], 9, 0, 60, "Old")].into()),
    );
    assert!(m.tasks().is_empty());
    assert_eq!(m.tasks_period(), None);
    assert!(fetch_of(&cmds).iter().all(|f| f.1 != shown), "{cmds:?}");
    assert!(m.fetching());
    // Back to the first day: cached data shows at once.
    press(&mut m, &[key('['), key('[')]);
    assert_eq!(m.tasks().len(), 1);
}

#[test]
fn polls_once_per_interval_and_never_twice_in_flight() {
    let mut m = loaded(vec![], vec![]);
    let t0 = now();
    let mut fetches = 0;
    let mut in_flight = None;
    for s in 1..=300 {
        let t = t0 + Duration::seconds(s);
        let cmds = update(&mut m, Msg::Tick(t));
        for (seq, period) in fetch_of(&cmds) {
            if period == m.period() {
                assert!(in_flight.is_none(), "second fetch while one is in flight");
                fetches += 1;
                in_flight = Some((seq, period));
            } else {
                // Neighbour prefetch: answer it at once.
                answer_at(&mut m, (seq, period), t, Ok(vec![].into()));
            }
        }
        // Each fetch takes two seconds.
        if let Some((seq, period)) =
            in_flight.filter(|(seq, _)| m.sync().in_flight == Some(*seq) && s % 2 == 0)
        {
            answer_at(&mut m, (seq, period), t, Ok(vec![].into()));
            in_flight = None;
        }
    }
    // 300 s at one poll per 30 s after each completion: about 9 or 10.
    assert!((9..=10).contains(&fetches), "fetches: {fetches}");
}

#[test]
fn an_error_keeps_the_data_and_backs_off() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let cmds = press(&mut m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    let fault = ApiFault {
        kind: FaultKind::RateLimited,
        text: "rate limited".into(),
        retry_after: Some(std::time::Duration::from_secs(120)),
        fields: Default::default(),
    };
    let at = now() + Duration::seconds(5);
    answer_at(&mut m, (seq, period), at, Err(fault.clone()));
    assert_eq!(m.tasks().len(), 1, "last good data stays");
    assert_eq!(m.sync().fault.as_ref().map(|f| &f.0), Some(&fault));
    assert_eq!(m.sync().next_poll, Some(at + Duration::seconds(120)));
    // Stale after two intervals without success.
    update(&mut m, Msg::Tick(now() + Duration::seconds(61)));
    assert!(m.is_stale());
}

#[test]
fn j_and_k_follow_time_h_and_l_land_nearest() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let mut m = loaded(
        vec![ana.clone(), ben.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "A1"),
            task(2, &[&ana], 13, 0, 60, "A2"),
            task(3, &[&ana], 10, 0, 60, "A3"),
            task(4, &[&ben], 9, 0, 30, "B1"),
            task(5, &[&ben], 12, 30, 30, "B2"),
        ],
    );
    assert_eq!(m.cursor().lane, 0);
    let mut order = vec![];
    press(&mut m, &[key('k'), key('k'), key('k')]);
    order.push(m.cursor().task);
    for _ in 0..3 {
        press(&mut m, &[key('j')]);
        order.push(m.cursor().task);
    }
    assert_eq!(order, vec![Some(1), Some(3), Some(2), Some(2)]);
    press(&mut m, &[key('l')]);
    assert_eq!(
        (m.cursor().lane, m.cursor().task),
        (1, Some(5)),
        "13:00 is nearest 12:30"
    );
    press(&mut m, &[code(KeyCode::Left)]);
    assert_eq!(m.cursor().task, Some(2));
}

#[test]
fn read_only_refuses_mutating_keys_without_a_command() {
    let ana = employee(1, 1, "Ana");
    let m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let mut m = restarted(&m, opts_with(|o| o.read_only = true));
    for k in ['n', 'N', 'o', 'D', 'e', 'a'] {
        let cmds = press(&mut m, &[key(k)]);
        assert!(cmds.is_empty(), "{k}: {cmds:?}");
        assert!(m.modals().is_empty());
        assert!(
            m.toast()
                .as_ref()
                .is_some_and(|t| t.error && t.text.starts_with("read-only: "))
        );
    }
}

#[test]
fn notify_asks_first_and_sends_once() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let cmds = press(&mut m, &[key('o')]);
    assert!(cmds.is_empty());
    assert!(matches!(m.top(), Some(Overlay::Confirm { .. })));
    // Esc cancels: nothing is sent.
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(cmds.is_empty());
    assert!(m.modals().is_empty());
    let cmds = press(&mut m, &[key('o'), key('y')]);
    assert_eq!(
        cmds,
        vec![Cmd::Api(ApiCmd::Notify {
            task_id: 10,
            kind: NotifyKind::OnTheWay
        })]
    );
    // While it is under way, asking again opens no second question: the
    // board says it is still sending, and a `y` after sends nothing.
    let cmds = press(&mut m, &[key('o')]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(
        m.modals().is_empty(),
        "no second confirmation: {:?}",
        m.top()
    );
    assert!(
        screen(&m).contains("Still sending (tell customer \"on the way\", since 10:45:00)"),
        "{}",
        screen(&m)
    );
    let cmds = press(&mut m, &[key('y')]);
    assert!(cmds.is_empty(), "{cmds:?}");
}

/// A confirmation answered `y` while the same notification is already
/// under way (sent from another question meanwhile) sends nothing more.
#[test]
fn a_yes_to_a_notification_already_under_way_sends_nothing_more() {
    use kickdesk::app::keys::board::send;
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    press(&mut m, &[key('o')]);
    let Some(Overlay::Confirm(c)) = m.top().cloned() else {
        panic!("a confirmation: {:?}", m.top());
    };
    // The same notification goes out by another way while this one asks.
    let first = send(&mut m, c);
    assert_eq!(first.len(), 1, "{first:?}");
    let cmds = press(&mut m, &[key('y')]);
    assert!(cmds.is_empty(), "sent twice: {cmds:?}");
    assert!(m.modals().is_empty());
    assert!(
        screen(&m).contains("Still waiting for Kickserv: "),
        "{}",
        screen(&m)
    );
}

#[test]
fn changes_since_the_last_poll_are_marked_for_one_interval() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Same"),
            task(2, &[&ana], 9, 0, 60, "Moves"),
            task(3, &[&ana], 11, 0, 60, "Goes"),
        ],
    );
    let cmds = press(&mut m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    let at = now() + Duration::seconds(30);
    let mut moved = task(2, &[&ana], 9, 30, 60, "Moves");
    moved.description = Some("x".into());
    let fresh = vec![
        task(1, &[&ana], 8, 0, 60, "Same"),
        moved,
        task(4, &[&ana], 15, 0, 60, "New"),
    ];
    answer_at(&mut m, (seq, period), at, Ok(fresh.into()));
    assert_eq!(m.marks().get(&1), None);
    assert_eq!(m.marks().get(&2).map(|k| k.kind), Some(MarkKind::Moved));
    assert_eq!(m.marks().get(&4).map(|k| k.kind), Some(MarkKind::New));
    assert_eq!(m.removed().len(), 1);
    update(&mut m, Msg::Tick(at + Duration::seconds(31)));
    assert!(m.marks().is_empty() && m.removed().is_empty());
}

#[test]
fn tasks_that_only_leave_the_look_back_are_not_counted_as_changes() {
    let ana = employee(1, 1, "Ana");
    // The first fetch looked far back and brought a task of last week too.
    let mut old = task(9, &[&ana], 9, 0, 60, "Last week");
    old.starts_at = old.starts_at.map(|t| t - Duration::days(6));
    old.ends_at = old.ends_at.map(|t| t - Duration::days(6));
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(1, &[&ana], 8, 0, 60, "Today"), old],
    );
    let cmds = press(&mut m, &[key('r')]);
    let (seq, period) = fetch_of(&cmds)[0];
    // A shorter look-back: last week's task is no longer in the answer, and
    // a new one of last week (outside the shown day) is.
    let mut other = task(8, &[&ana], 10, 0, 60, "Also last week");
    other.starts_at = other.starts_at.map(|t| t - Duration::days(5));
    other.ends_at = other.ends_at.map(|t| t - Duration::days(5));
    answer_at(
        &mut m,
        (seq, period),
        now() + Duration::seconds(30),
        Ok(vec![task(1, &[&ana], 8, 0, 60, "Today"), other].into()),
    );
    assert!(m.removed().is_empty(), "{:?}", m.removed());
    assert!(m.marks().is_empty(), "{:?}", m.marks());
}

#[test]
fn goto_date_accepts_what_dispatchers_type() {
    let t = today();
    assert_eq!(parse_date("2026-12-03", t), Ok(t + Duration::days(6)));
    assert_eq!(parse_date("12-03", t), Ok(t + Duration::days(6)));
    assert_eq!(parse_date("+3", t), Ok(t + Duration::days(3)));
    assert_eq!(parse_date("-1", t), Ok(t - Duration::days(1)));
    assert_eq!(parse_date("mon", t), Ok(t + Duration::days(3)));
    assert_eq!(parse_date("fri", t), Ok(t));
    assert!(parse_date("someday", t).is_err());
    let (mut m, _) = fresh(120, 40);
    let mut msgs = vec![key('g')];
    msgs.extend("+7".chars().map(key));
    msgs.push(code(KeyCode::Enter));
    let cmds = press(&mut m, &msgs);
    let week_on = Period::day(t + Duration::days(7));
    assert_eq!(m.period(), week_on);
    assert_eq!(
        fetch_of(&cmds).iter().map(|f| f.1).collect::<Vec<_>>(),
        [week_on],
        "the first fetch, of today, gives way to the date gone to"
    );
}

#[test]
fn week_view_moves_by_day_and_down_through_employees() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let mut m = loaded(
        vec![ana.clone(), ben.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "A1"),
            task(2, &[&ben], 9, 0, 60, "B1"),
        ],
    );
    press(&mut m, &[key('w')]);
    assert_eq!(m.view(), ViewKind::Week);
    assert_eq!(m.cursor().day, 4, "Friday of a Monday week");
    // The week's data arrives.
    let (seq, period) = (m.sync().in_flight.unwrap(), m.period());
    answer_at(
        &mut m,
        (seq, period),
        now(),
        Ok(vec![
            task(1, &[&ana], 8, 0, 60, "A1"),
            task(2, &[&ben], 9, 0, 60, "B1"),
        ]
        .into()),
    );
    assert_eq!(m.cursor().task, Some(1));
    press(&mut m, &[key('j')]);
    assert_eq!((m.cursor().lane, m.cursor().task), (1, Some(2)));
    press(&mut m, &[key('l')]);
    assert_eq!((m.cursor().day, m.cursor().task), (5, None));
    press(&mut m, &[key('W')]);
    assert_eq!(m.days().len(), 5);
}

#[test]
fn browsing_never_evicts_the_neighbours_it_just_prefetched() {
    // With one fixed clock every cache entry is equally old: eviction must
    // still keep the shown period's neighbours, or prefetching never ends.
    let (mut m, cmds) = fresh(120, 40);
    let mut queue: Vec<(u64, Period)> = fetch_of(&cmds);
    let mut fetches = 0;
    for k in [']', ']', 'w', ']', '[', '[', 'd', ']'] {
        queue.extend(fetch_of(&press(&mut m, &[key(k)])));
        while let Some((seq, period)) = queue.pop() {
            fetches += 1;
            assert!(fetches < 100, "fetches never settle");
            let cmds = answer_at(&mut m, (seq, period), now(), Ok(vec![].into()));
            queue.extend(fetch_of(&cmds));
        }
        assert!(
            m.cache().contains_key(&m.period().next())
                && m.cache().contains_key(&m.period().prev())
        );
        assert!(m.cache().len() <= 5);
    }
}

mod cursor_keys_and_mouse {
    use super::*;
    use chrono::{DateTime, Utc};
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use kickdesk::app::dayplan;
    use kickdesk::app::keymap::Action;
    use kickdesk::app::model::Model;
    use kickdesk::kickserv::model::{Employee, Task};
    use kickdesk::runtime::screen::{Screen, TestScreen};

    fn team(n: usize) -> Vec<Employee> {
        (1..=n as i64)
            .map(|i| employee(i, i, &format!("Emp{i:02}")))
            .collect()
    }

    fn lane_name(m: &Model) -> &str {
        &m.lanes()[m.cursor().lane].1
    }

    fn toast(m: &Model) -> String {
        m.toast()
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }

    fn text(m: &Model) -> String {
        let mut s = TestScreen::new(m.size().0, m.size().1).unwrap();
        s.draw(m).unwrap();
        s.text()
    }

    /// Screen cell of the first occurrence of `needle` (single-width text).
    fn cell_of(m: &Model, needle: &str) -> (u16, u16) {
        let t = text(m);
        t.lines()
            .enumerate()
            .find_map(|(y, l)| {
                l.find(needle)
                    .map(|b| (l[..b].chars().count() as u16, y as u16))
            })
            .unwrap_or_else(|| panic!("{needle} not drawn:\n{t}"))
    }

    fn click(x: u16, y: u16, at: DateTime<Utc>) -> Msg {
        let e = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        };
        Msg::Mouse(e, at)
    }

    /// Loads `tasks` for the period just asked for.
    fn answer(m: &mut Model, cmds: &[Cmd], tasks: Vec<Task>) {
        for (seq, period) in fetch_of(cmds) {
            if period == m.period() {
                answer_at(m, (seq, period), now(), Ok(tasks.clone().into()));
            }
        }
    }

    #[test]
    fn enter_on_an_employee_without_tasks_says_no_task_here_in_day_and_week() {
        let e = team(2);
        let tasks = vec![task(1, &[&e[0]], 9, 0, 60, "Boiler")];
        let mut m = loaded(e, tasks.clone());
        press(&mut m, &[key('l')]);
        assert_eq!((lane_name(&m), m.cursor().task), ("Emp02", None));
        press(&mut m, &[code(KeyCode::Enter)]);
        assert!(m.modals().is_empty());
        assert_eq!(toast(&m), "no task here");

        let cmds = press(&mut m, &[key('w')]);
        answer(&mut m, &cmds, tasks);
        assert_eq!(m.view(), ViewKind::Week);
        assert_eq!((lane_name(&m), m.cursor().task), ("Emp02", None));
        toast_gone(&mut m);
        press(&mut m, &[code(KeyCode::Enter)]);
        assert!(m.modals().is_empty());
        assert_eq!(toast(&m), "no task here");
    }

    #[test]
    fn when_the_last_task_of_a_column_goes_the_cursor_stays_on_its_header() {
        let e = team(2);
        let mut m = loaded(
            e.clone(),
            vec![
                task(1, &[&e[0]], 9, 0, 60, "Boiler"),
                task(2, &[&e[1]], 9, 0, 60, "Gutter"),
            ],
        );
        assert!(m.focus_task(2));
        let cmds = press(&mut m, &[key('r')]);
        answer(&mut m, &cmds, vec![task(1, &[&e[0]], 9, 0, 60, "Boiler")]);
        assert_eq!((lane_name(&m), m.cursor().task), ("Emp02", None));
        press(&mut m, &[code(KeyCode::Enter)]);
        assert_eq!(toast(&m), "no task here");
    }

    #[test]
    fn unassigned_is_the_first_lane_and_counted() {
        let e = team(2);
        let mut m = loaded(
            e.clone(),
            vec![
                task(1, &[&e[0]], 9, 0, 60, "Boiler"),
                task(2, &[], 10, 0, 60, "Leak"),
                task(3, &[], 12, 0, 60, "Gutter"),
            ],
        );
        assert_eq!(m.lanes()[0].1, "Unassigned");
        assert_eq!(m.unassigned_count(), 2);
        resize(&mut m, 160, 40);
        assert!(text(&m).lines().next().unwrap().contains("2 unassigned"));
    }

    #[test]
    fn pgdn_and_pgup_scroll_the_hours_of_the_day_view() {
        let e = team(1);
        let tasks = vec![
            task(1, &[&e[0]], 5, 0, 60, "Early"),
            task(2, &[&e[0]], 9, 0, 60, "Boiler"),
            task(3, &[&e[0]], 22, 0, 60, "Late"),
        ];
        let mut m = loaded(e, tasks);
        press(&mut m, &[Msg::Resize(80, 16), key('j')]);
        assert_eq!(m.cursor().task, Some(2));
        let first_row = |m: &Model| {
            let t = text(m);
            let l = t
                .lines()
                .find(|l| l.chars().nth(3) == Some(':') && l.chars().nth(7) == Some('│'));
            l.map(|l| l[1..6].to_string()).unwrap_or_default()
        };
        // Rows start at the working hours; the early task is counted.
        assert_eq!(first_row(&m), "07:00");
        assert!(text(&m).contains("▲ 1 earlier"), "{}", text(&m));
        press(&mut m, &[code(KeyCode::PageDown)]);
        assert_ne!(first_row(&m), "07:00");
        assert!(text(&m).contains("Late"), "{}", text(&m));
        assert_eq!(m.cursor().task, Some(2), "the cursor stays");
        press(&mut m, &[code(KeyCode::PageUp), code(KeyCode::PageUp)]);
        assert_eq!(first_row(&m), "05:00");
        assert!(text(&m).contains("Early"), "{}", text(&m));
        // Moving the cursor brings the grid back to it.
        press(&mut m, &[key('j'), key('k')]);
        assert_eq!(m.day_scroll(), None);
        assert_eq!(m.cursor().task, Some(2));
        assert!(text(&m).contains("Boiler"));
    }

    #[test]
    fn capital_h_and_l_page_the_employees_and_unassigned_stays() {
        let e = team(13);
        let mut tasks: Vec<Task> = e
            .iter()
            .enumerate()
            .map(|(i, x)| task(i as i64 + 1, &[x], 9, 0, 60, "Job"))
            .collect();
        tasks.push(task(99, &[], 10, 0, 60, "Leak"));
        let mut m = loaded(e, tasks);
        press(&mut m, &[Msg::Resize(80, 24)]);
        // Five columns: Unassigned and four employees.
        assert_eq!(m.shown_lanes(), vec![0, 1, 2, 3, 4]);
        press(&mut m, &[key('L')]);
        assert_eq!(m.cursor().lane, 4);
        press(&mut m, &[key('L')]);
        assert_eq!(m.cursor().lane, 8);
        assert_eq!(m.shown_lanes(), vec![0, 5, 6, 7, 8]);
        press(&mut m, &[key('>'), key('>'), key('>'), key('>')]);
        assert_eq!(lane_name(&m), "Emp13");
        assert_eq!(m.shown_lanes()[0], 0);
        press(&mut m, &[key('H'), key('<')]);
        assert_eq!(m.cursor().lane, 5);
        assert!(m.shown_lanes().contains(&5) && m.shown_lanes()[0] == 0);
        // Help lists the keys.
        let rows = m.opts().keymap.help_rows(false);
        let row = |a: Action| rows.iter().find(|r| r.1 == a).map(|r| r.0.clone());
        assert_eq!(row(Action::LanesOn).as_deref(), Some("L >"));
        assert_eq!(row(Action::LanesBack).as_deref(), Some("H <"));
        assert!(Action::PageDown.description().contains("hours"));
    }

    #[test]
    fn mouse_click_selects_double_click_opens_header_click_selects_the_employee() {
        let e = team(3);
        let tasks = vec![
            task(1, &[&e[0]], 9, 0, 90, "Boiler"),
            task(2, &[&e[0]], 10, 30, 90, "Aircon"),
            task(3, &[&e[2]], 13, 0, 60, "Gutter"),
        ];
        let mut m = loaded(e, tasks.clone());
        press(&mut m, &[Msg::Resize(80, 24)]);
        let t0 = now();
        let ms = |n: i64| t0 + Duration::milliseconds(n);

        // A click on a task selects it; nothing opens.
        let (x, y) = cell_of(&m, "Aircon");
        press(&mut m, &[click(x, y, ms(0))]);
        assert_eq!(m.cursor().task, Some(2));
        assert!(m.modals().is_empty());
        // A second click there soon after opens it.
        press(&mut m, &[click(x, y, ms(300))]);
        assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 2, .. })));
        press(&mut m, &[code(KeyCode::Esc)]);
        // Two clicks far apart in time are two single clicks.
        let (bx, by) = cell_of(&m, "Boiler");
        press(
            &mut m,
            &[click(bx, by, ms(5_000)), click(bx, by, ms(7_000))],
        );
        assert_eq!(m.cursor().task, Some(1));
        assert!(m.modals().is_empty());
        // A click on a column header selects that employee, even one
        // without tasks.
        let (hx, hy) = cell_of(&m, "Emp02");
        press(&mut m, &[click(hx, hy, ms(9_000))]);
        assert_eq!((lane_name(&m), m.cursor().task), ("Emp02", None));
        // The hit test reads the same plan the view draws.
        assert_eq!(
            dayplan::hit(&m, x, y),
            Some(dayplan::Hit::Task {
                lane: 0,
                day: 0,
                id: 2
            })
        );

        // Week view: a click on a row header selects that employee.
        let cmds = press(&mut m, &[key('w')]);
        answer(&mut m, &cmds, tasks);
        let (wx, wy) = cell_of(&m, "Emp03");
        press(&mut m, &[click(wx, wy, ms(20_000))]);
        assert_eq!((lane_name(&m), m.cursor().task), ("Emp03", None));
        // And on a task line, that task.
        let (gx, gy) = cell_of(&m, "•13:00");
        press(&mut m, &[click(gx, gy, ms(30_000))]);
        assert_eq!(m.cursor().task, Some(3));
        press(&mut m, &[click(gx, gy, ms(30_200))]);
        assert!(matches!(m.top(), Some(Overlay::Detail { task_id: 3, .. })));
    }
}

fn wheel(kind: MouseEventKind) -> Msg {
    Msg::Mouse(
        MouseEvent {
            kind,
            column: 40,
            row: 10,
            modifiers: KeyModifiers::NONE,
        },
        now(),
    )
}

#[test]
fn the_mouse_wheel_moves_through_time_like_j_and_k() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "A1"),
            task(2, &[&ana], 13, 0, 60, "A2"),
            task(3, &[&ana], 10, 0, 60, "A3"),
        ],
    );
    press(&mut m, &[key('k'), key('k'), key('k')]);
    assert_eq!(m.cursor().task, Some(1));
    let mut order = vec![];
    for _ in 0..3 {
        let cmds = press(&mut m, &[wheel(MouseEventKind::ScrollDown)]);
        assert!(cmds.is_empty(), "{cmds:?}");
        order.push(m.cursor().task);
    }
    assert_eq!(order, vec![Some(3), Some(2), Some(2)]);
    press(&mut m, &[wheel(MouseEventKind::ScrollUp)]);
    assert_eq!(m.cursor().task, Some(3));
    // Other mouse events do not move.
    press(
        &mut m,
        &[wheel(MouseEventKind::Down(
            crossterm::event::MouseButton::Left,
        ))],
    );
    assert_eq!(m.cursor().task, Some(3));
    // Under a dialog the wheel does not move the board behind it.
    press(&mut m, &[key('?')]);
    assert!(matches!(m.top(), Some(Overlay::Help { .. })));
    press(&mut m, &[wheel(MouseEventKind::ScrollDown)]);
    assert_eq!(m.cursor().task, Some(3));
}

/// Fetches of the shown period among `cmds`.
fn own_fetches(m: &kickdesk::app::model::Model, cmds: &[Cmd]) -> usize {
    fetch_of(cmds)
        .iter()
        .filter(|(_, p)| *p == m.period())
        .count()
}

#[test]
fn pause_stops_polling_and_resume_polls_again() {
    let mut m = loaded(vec![], vec![]);
    let cmds = press(&mut m, &[key('p')]);
    assert!(m.paused());
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(
        m.toast().as_ref().map(|t| t.text.as_str()),
        Some("Polling paused")
    );
    // Ten minutes of ticks, twenty poll intervals: not one fetch.
    let mut fetches = 0;
    for s in 1..=600 {
        let cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(s)));
        fetches += own_fetches(&m, &cmds);
    }
    assert_eq!(fetches, 0);

    let cmds = press(&mut m, &[key('p')]);
    assert!(!m.paused());
    assert_eq!(
        m.toast().as_ref().map(|t| t.text.as_str()),
        Some("Polling resumed")
    );
    // The overdue poll goes out with the next tick, once.
    let mut fetches = own_fetches(&m, &cmds);
    for s in 601..=605 {
        let cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(s)));
        fetches += own_fetches(&m, &cmds);
    }
    assert_eq!(fetches, 1);
}

#[test]
fn moving_to_the_period_being_prefetched_cancels_that_prefetch() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![]);
    let next = Period::day(today() + Duration::days(1));
    let Some(pre) = m.sync().prefetch else {
        panic!("the next day is being prefetched");
    };
    let cmds = press(&mut m, &[key(']')]);
    assert!(
        cmds.contains(&Cmd::Api(ApiCmd::CancelFetch { seq: pre })),
        "{cmds:?}"
    );
    assert_eq!(
        fetch_of(&cmds).iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![next]
    );
    assert_eq!(m.sync().prefetch, None);

    // Elsewhere, the prefetch is no one's duplicate: it runs on.
    let mut m = loaded(vec![ana], vec![]);
    let cmds = press(&mut m, &[key('[')]);
    assert!(
        !cmds
            .iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::CancelFetch { .. }))),
        "{cmds:?}"
    );
    assert_eq!(fetch_of(&cmds).len(), 1);
    assert!(m.sync().prefetch.is_some());
}

mod key_contexts {
    use super::*;
    use kickdesk::app::keymap::Keymap;

    fn keymap(src: &str) -> Keymap {
        let table: toml::Table = match src.parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        match Keymap::defaults().apply(&table) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        }
    }

    fn two_tasks() -> kickdesk::app::model::Model {
        let ana = employee(1, 1, "Ana");
        loaded(
            vec![ana.clone()],
            vec![
                task(1, &[&ana], 8, 0, 60, "Early"),
                task(2, &[&ana], 11, 0, 60, "Late"),
            ],
        )
    }

    #[test]
    fn one_key_means_different_actions_in_the_board_and_the_detail() {
        let mut m = two_tasks();
        assert!(m.focus_task(2));
        // In the detail `g` goes to the top of the text...
        press(&mut m, &[code(KeyCode::Enter), key('j'), key('j')]);
        assert!(matches!(m.top(), Some(Overlay::Detail { scroll: 2, .. })));
        press(&mut m, &[key('g')]);
        assert!(
            matches!(
                m.top(),
                Some(Overlay::Detail {
                    scroll: 0,
                    task_id: 2,
                    ..
                })
            ),
            "{:?}",
            m.top()
        );
        // ... on the board it asks for a date.
        press(&mut m, &[code(KeyCode::Esc)]);
        assert!(m.top().is_none());
        press(&mut m, &[key('g')]);
        assert!(matches!(m.top(), Some(Overlay::Goto { .. })));
    }

    #[test]
    fn the_confirm_and_prompt_keys_come_from_their_context_tables() {
        let km = keymap(
            r#"[confirm]
               yes = "j"
               [prompt]
               complete = []
               accept = "tab""#,
        );
        let mut m = restarted(&two_tasks(), opts_with(|o| o.keymap = km));
        assert!(m.focus_task(1));
        let cmds = press(&mut m, &[key('o'), key('y')]);
        assert!(cmds.is_empty(), "y is no longer yes: {cmds:?}");
        assert!(matches!(m.top(), Some(Overlay::Confirm(_))));
        let cmds = press(&mut m, &[key('j')]);
        assert_eq!(
            cmds,
            vec![Cmd::Api(ApiCmd::Notify {
                task_id: 1,
                kind: NotifyKind::OnTheWay
            })]
        );
        // `j` still moves on the board.
        press(&mut m, &[key('j')]);
        assert_eq!(m.cursor().task, Some(2));

        press(
            &mut m,
            &[key('g'), key('+'), key('1'), code(KeyCode::Enter)],
        );
        assert!(
            matches!(m.top(), Some(Overlay::Goto { .. })),
            "Enter no longer accepts"
        );
        press(&mut m, &[code(KeyCode::Tab)]);
        assert!(m.top().is_none());
        assert_eq!(m.period(), Period::day(today() + Duration::days(1)));
    }

    #[test]
    fn a_key_sequence_waits_for_its_second_key() {
        let km = keymap(
            r#"goto_date = "g d"
               first = ["home", "g g"]"#,
        );
        let mut m = restarted(&two_tasks(), opts_with(|o| o.keymap = km));
        assert!(m.focus_task(2));
        drawn(&mut m);
        let cmds = press(&mut m, &[key('g')]);
        assert!(cmds.is_empty());
        assert!(m.top().is_none());
        assert_eq!(m.cursor().task, Some(2), "g alone does nothing yet");
        assert!(m.dirty(), "the hint bar shows the pending g");
        press(&mut m, &[key('g')]);
        assert_eq!(m.cursor().task, Some(1));
        press(&mut m, &[key('g'), key('d')]);
        assert!(matches!(m.top(), Some(Overlay::Goto { .. })));
        // A key that breaks the sequence drops it and counts on its own.
        press(&mut m, &[code(KeyCode::Esc), key('g'), key('j')]);
        assert!(m.top().is_none());
        assert_eq!(m.cursor().task, Some(2));
        // A key that ends a sequence and is bound to nothing itself still
        // redraws: the hint bar no longer shows the pending g.
        press(&mut m, &[key('g')]);
        assert!(screen(&m).contains("g…"), "{}", screen(&m));
        drawn(&mut m);
        press(&mut m, &[code(KeyCode::F(12))]);
        assert!(m.dirty(), "the pending g leaves the hint bar");
        let s = screen(&m);
        assert!(!s.contains("g…"), "{s}");
    }
}
