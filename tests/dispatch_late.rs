//! "Running late", in `update()`: `R` on an employee asks how many
//! minutes, stages every remaining task of the day shifted by that much
//! (a task under way ends later, the others move whole) with the
//! customers affected and new double bookings; Enter sends one PUT per
//! task in time order, each after the previous answer, and stops at the
//! first refusal; then one key tells each affected customer once.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use common::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use kickdesk::app::keymap::Context;
use kickdesk::app::look::Look;
use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::{ApiCmd, Cmd, FaultKind, Msg};
use kickdesk::kickserv::model::{NotifyKind, Status, Task, TaskPatch};

/// Ana: fence 8:00 (over), boiler 10:00–11:00 (under way at 10:45),
/// gutter 11:30, roof 13:00, leak 15:00–16:00 and a finished quote at
/// 16:00; Ben: tiling at 11:00.
fn tasks() -> Vec<Task> {
    let (ana, ben) = staff();
    let mut quote = task(6, &[&ana], 16, 0, 10, "Quote");
    quote.status = Some(Status::Complete);
    vec![
        task(1, &[&ana], 8, 0, 60, "Fence"),
        task(2, &[&ana], 10, 0, 60, "Boiler"),
        task(3, &[&ana], 11, 30, 60, "Gutter"),
        task(4, &[&ana], 13, 0, 60, "Roof"),
        task(5, &[&ana], 15, 0, 60, "Leak"),
        quote,
        task(7, &[&ben], 11, 0, 60, "Tiling"),
    ]
}

fn board(o: Options) -> Model {
    staffed_with(o, tasks(), (120, 30))
}

/// `R` on Ana's lane, `Enter` on the default 15 minutes.
fn staged(o: Options) -> Model {
    let mut m = board(o);
    assert!(m.focus_task(2));
    let cmds = press(&mut m, &[key('R')]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Prompt);
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    assert!(api(&cmds).is_empty(), "nothing before Enter: {cmds:?}");
    assert_eq!(m.key_context(), Context::Late);
    m
}

/// The one Save among `cmds`: its task and patch.
fn one_save(cmds: &[Cmd]) -> (i64, TaskPatch, Task) {
    match api(cmds).as_slice() {
        [
            ApiCmd::Save {
                task_id,
                patch,
                base,
            },
        ] => (*task_id, patch.clone(), (**base).clone()),
        other => panic!("expected one Save, got {other:?}"),
    }
}

/// Kickserv's answer to a PUT: the base with the patch's times.
fn accepted(m: &mut Model, task_id: i64, patch: &TaskPatch, base: &Task) -> Vec<Cmd> {
    // As the client hands it on: Kickserv's answer merged into the base.
    let mut t = base.clone();
    t.starts_at = patch.starts_at.or(base.starts_at);
    t.ends_at = patch.ends_at.or(base.ends_at);
    update_saved(m, task_id, Ok(t))
}

fn update_saved(
    m: &mut Model,
    task_id: i64,
    result: Result<Task, kickdesk::app::msg::ApiFault>,
) -> Vec<Cmd> {
    press(m, &[Msg::Saved { task_id, result }])
}

fn hhmm(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map(|t| t.with_timezone(&New_York).format("%H:%M").to_string())
        .unwrap_or_default()
}

#[test]
fn r_stages_each_remaining_task_shifted_with_its_customer_and_sends_nothing() {
    let m = staged(opts());
    let c = m.cascade().unwrap();
    let got: Vec<(i64, String, String)> = c
        .shifts
        .iter()
        .map(|s| (s.task_id, hhmm(Some(s.new.0)), hhmm(Some(s.new.1))))
        .collect();
    // The fence is over and the quote finished: neither moves. The boiler
    // is under way: it keeps its start and ends a quarter later.
    assert_eq!(
        got,
        [
            (2, "10:00".into(), "11:15".into()),
            (3, "11:45".into(), "12:45".into()),
            (4, "13:15".into(), "14:15".into()),
            (5, "15:15".into(), "16:15".into()),
        ]
    );
    assert_eq!(
        c.shifts[4 - 1].doubles,
        ["Quote"],
        "the leak now overlaps the quote"
    );
    assert!(c.shifts[..3].iter().all(|s| s.doubles.is_empty()));
    // Nothing moved on the board yet.
    assert_eq!(hhmm(m.task_by_id(3).unwrap().starts_at), "11:30");
    let s = screen(&m);
    for want in [
        "Ana running 15 min late from 10:45: 4 remaining tasks today",
        "11:30–12:30 → 11:45–12:45  Customer 3 · Gutter",
        "10:00–11:00 → 10:00–11:15  Customer 2 · Boiler (under way: ends later)",
        "double booking with Quote",
        "Customers affected: Customer 2, Customer 3, Customer 4, Customer 5",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
}

#[test]
fn the_prompt_takes_digits_and_says_what_it_cannot_read() {
    let mut m = board(opts());
    assert!(m.focus_task(2));
    press(
        &mut m,
        &[key('R'), code(KeyCode::Backspace), code(KeyCode::Backspace)],
    );
    press(&mut m, &typed("9x"));
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.key_context(), Context::Prompt);
    assert!(screen(&m).contains("minutes late: a number from 1 to 720"));
    press(&mut m, &[code(KeyCode::Backspace), key('0')]);
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(m.cascade().unwrap().minutes, 90);
    assert_eq!(hhmm(Some(m.cascade().unwrap().shifts[1].new.0)), "13:00");
}

#[test]
fn off_an_employee_r_stages_nothing_and_says_why() {
    let mut t = tasks();
    t.push(task(8, &[], 12, 0, 60, "Survey"));
    let mut m = staffed(t, (120, 30));
    // The cursor on nobody's task: the Unassigned lane.
    assert!(m.focus_task(8));
    press(&mut m, &[key('R')]);
    assert_eq!(m.key_context(), Context::Board);
    assert!(screen(&m).contains("Running late is an employee's"));
}

#[test]
fn enter_sends_one_put_at_a_time_in_time_order_each_after_the_answer() {
    let mut m = staged(opts());
    let mut cmds = press(&mut m, &[code(KeyCode::Enter)]);
    let mut order = Vec::new();
    for _ in 0..4 {
        let (id, patch, base) = one_save(&cmds);
        // Only the changed fields: the boiler under way keeps its start.
        if id == 2 {
            assert_eq!(patch.starts_at, None);
            assert_eq!(hhmm(patch.ends_at), "11:15");
        } else {
            assert_eq!(
                (patch.starts_at.unwrap() - base.starts_at.unwrap()).num_minutes(),
                15
            );
            assert_eq!(
                (patch.ends_at.unwrap() - base.ends_at.unwrap()).num_minutes(),
                15
            );
        }
        assert_eq!(patch.employee_ids, None);
        order.push(id);
        cmds = accepted(&mut m, id, &patch, &base);
    }
    assert_eq!(order, [2, 3, 4, 5]);
    assert!(api(&cmds).is_empty(), "four PUTs, no more: {cmds:?}");
    let s = screen(&m);
    assert!(
        s.contains(
            "Applied 4 of 4: 10:00 Customer 2, 11:30 Customer 3, 13:00 Customer 4, 15:00 Customer 5"
        ),
        "{s}"
    );
    // Then one key: the details to each customer, once.
    let sent = press(&mut m, &[key('N')]);
    let notes: Vec<(i64, NotifyKind)> = api(&sent)
        .into_iter()
        .map(|a| match a {
            ApiCmd::Notify { task_id, kind } => (*task_id, *kind),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        notes,
        [2, 3, 4, 5].map(|id| (id, NotifyKind::Details)).to_vec()
    );
    assert!(api(&press(&mut m, &[key('N')])).is_empty(), "once");
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(m.key_context(), Context::Board);
}

#[test]
fn a_refusal_stops_the_cascade_and_the_box_says_which_went_and_which_not() {
    let mut m = staged(opts());
    let mut cmds = press(&mut m, &[code(KeyCode::Enter)]);
    for _ in 0..2 {
        let (id, patch, base) = one_save(&cmds);
        cmds = accepted(&mut m, id, &patch, &base);
    }
    let (id, _, _) = one_save(&cmds);
    assert_eq!(id, 4);
    let after = update_saved(
        &mut m,
        4,
        Err(fault(FaultKind::Rejected, "Starts at is not valid")),
    );
    assert!(api(&after).is_empty(), "stopped at the refusal: {after:?}");
    let s = screen(&m);
    for want in [
        "✓ 10:00–11:00 → 10:00–11:15  Customer 2 · Boiler (under way: ends later)  applied",
        "✓ 11:30–12:30 → 11:45–12:45  Customer 3 · Gutter  applied",
        "✗ 13:00–14:00 → 13:15–14:15  Customer 4 · Roof  refused: Starts at is not valid",
        "· 15:00–16:00 → 15:15–16:15  Customer 5 · Leak  not sent",
        "Applied 2 of 4: 10:00 Customer 2, 11:30 Customer 3. Not applied: 13:00 Customer 4",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
    // The board shows what Kickserv holds: the roof where it was.
    assert_eq!(hhmm(m.task_by_id(4).unwrap().starts_at), "13:00");
    assert_eq!(hhmm(m.task_by_id(3).unwrap().starts_at), "11:45");
    // The details go to the applied ones only.
    let sent = press(&mut m, &[key('N')]);
    let ids: Vec<i64> = api(&sent)
        .into_iter()
        .filter_map(|a| match a {
            ApiCmd::Notify { task_id, .. } => Some(*task_id),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [2, 3]);
}

#[test]
fn a_lost_answer_stops_the_cascade_as_maybe_applied() {
    let mut m = staged(opts());
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    let (id, _, _) = one_save(&cmds);
    let after = update_saved(&mut m, id, Err(fault(FaultKind::NoAnswer, "timed out")));
    assert!(
        api(&after)
            .iter()
            .all(|a| matches!(a, ApiCmd::FetchTasks { .. })),
        "no next PUT, a read back: {after:?}"
    );
    let s = screen(&m);
    for want in [
        "? 10:00–11:00 → 10:00–11:15  Customer 2 · Boiler (under way: ends later)  no answer: maybe applied",
        "· 11:30–12:30 → 11:45–12:45  Customer 3 · Gutter  not sent",
        "Applied 0 of 4. Not applied: 10:00 Customer 2 (no answer: may have been applied;",
    ] {
        assert!(s.contains(want), "{want}:\n{s}");
    }
}

#[test]
fn esc_drops_the_stage_and_nothing_is_sent() {
    let mut m = staged(opts());
    let cmds = press(&mut m, &[code(KeyCode::Esc)]);
    assert!(api(&cmds).is_empty());
    assert_eq!(m.key_context(), Context::Board);
    assert!(m.cascade().is_none());
    assert!(screen(&m).contains("Running late dropped: nothing was sent"));
}

/// A board whose clock is at `at` (New York), Ana with `tasks`.
fn board_at(at: DateTime<Utc>, tasks: Vec<Task>) -> Model {
    let (ana, _) = staff();
    let mut m = loaded_at(opts(), at, vec![ana], tasks);
    press(&mut m, &[Msg::Resize(120, 30)]);
    m
}

/// A task of Ana's at `start` (RFC 3339) lasting `mins`.
fn at_time(id: i64, start: &str, mins: i64) -> Task {
    let (ana, _) = staff();
    let mut t = task(id, &[&ana], 9, 0, mins, "Job");
    let s = DateTime::parse_from_rfc3339(start).unwrap();
    t.starts_at = Some(s);
    t.ends_at = Some(s + chrono::Duration::minutes(mins));
    t
}

fn rfc(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339()
}

#[test]
fn the_shift_is_real_minutes_across_the_fall_back() {
    // 1 November 2026, 00:30 EDT: at 02:00 EDT the clocks go back to 01:00 EST.
    let now = Utc.with_ymd_and_hms(2026, 11, 1, 4, 30, 0).unwrap();
    let mut m = board_at(
        now,
        vec![
            at_time(1, "2026-11-01T01:00:00-04:00", 40),
            at_time(2, "2026-11-01T03:00:00-05:00", 60),
        ],
    );
    assert!(m.focus_task(1));
    press(
        &mut m,
        &[key('R'), code(KeyCode::Backspace), code(KeyCode::Backspace)],
    );
    press(&mut m, &typed("60"));
    press(&mut m, &[code(KeyCode::Enter)]);
    let c = m.cascade().unwrap();
    let new: Vec<(String, String)> = c
        .shifts
        .iter()
        .map(|s| (rfc(s.new.0), rfc(s.new.1)))
        .collect();
    // An hour of real time: 01:00 EDT becomes 01:00 EST, the second 01:00.
    assert_eq!(
        new,
        [
            (
                "2026-11-01T01:00:00-05:00".to_string(),
                "2026-11-01T01:40:00-05:00".to_string()
            ),
            (
                "2026-11-01T04:00:00-05:00".to_string(),
                "2026-11-01T05:00:00-05:00".to_string()
            ),
        ]
    );
    for s in &c.shifts {
        assert_eq!((s.new.0 - s.old.0).num_minutes(), 60);
        assert_eq!((s.new.1 - s.old.1).num_minutes(), 60);
    }
}

#[test]
fn the_shift_is_real_minutes_across_the_spring_gap() {
    // 8 March 2026, 01:00 EST: 02:00 does not happen, 03:00 EDT follows 01:59.
    let now = Utc.with_ymd_and_hms(2026, 3, 8, 6, 0, 0).unwrap();
    let mut m = board_at(now, vec![at_time(1, "2026-03-08T01:30:00-05:00", 60)]);
    assert!(m.focus_task(1));
    press(
        &mut m,
        &[key('R'), code(KeyCode::Backspace), code(KeyCode::Backspace)],
    );
    press(&mut m, &typed("45"));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = &m.cascade().unwrap().shifts[0];
    assert_eq!(rfc(s.new.0), "2026-03-08T03:15:00-04:00");
    assert_eq!(rfc(s.new.1), "2026-03-08T04:15:00-04:00");
    let cmds = press(&mut m, &[code(KeyCode::Enter)]);
    let (_, patch, _) = one_save(&cmds);
    assert_eq!(rfc(patch.starts_at.unwrap()), "2026-03-08T03:15:00-04:00");
}

/// One letter per cell for its style: `r` red (errors), `g` green (done),
/// `y` yellow, `b` bold, `d` dim, `.` anything else.
fn styles(m: &Model) -> String {
    let s = draw(m);
    let buf = s.term.backend().buffer();
    let mut map = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            map.push(match c.fg {
                Color::Red | Color::LightRed => 'r',
                Color::Green | Color::LightGreen => 'g',
                Color::Yellow | Color::LightYellow => 'y',
                _ if c.modifier.contains(Modifier::BOLD) => 'b',
                _ if c.modifier.contains(Modifier::DIM) => 'd',
                _ => '.',
            });
        }
        map.push('\n');
    }
    map
}

#[test]
fn the_cascade_preview_on_screen() {
    let o = Options {
        look: Look::ANSI16,
        ..opts()
    };
    let m = staged(o);
    insta::assert_snapshot!(format!("{}\nstyles:\n{}", screen(&m), styles(&m)));
}

#[test]
fn read_only_and_monitor_offer_no_running_late() {
    for o in [
        Options {
            read_only: true,
            ..opts()
        },
        Options {
            monitor: true,
            ..opts()
        },
    ] {
        let mut m = board(o);
        assert!(m.focus_task(2));
        let cmds = press(&mut m, &[key('R'), code(KeyCode::Enter)]);
        assert!(api(&cmds).is_empty(), "{cmds:?}");
        assert!(m.cascade().is_none());
        assert_ne!(m.key_context(), Context::Late);
    }
}

#[test]
fn help_names_the_key_on_the_board_and_the_cascades_own_keys() {
    let mut m = staged(opts());
    press(&mut m, &[key('?')]);
    let s = screen(&m);
    assert!(s.contains("send the shifts: one PUT per task"), "{s}");
    assert!(s.contains("drop the shifts (nothing is sent)"), "{s}");
    let mut m = board(opts());
    press(&mut m, &[key('?')]);
    let s = screen(&m);
    assert!(
        s.contains("R          running late: shift the employee's rest of today"),
        "{s}"
    );
}

#[test]
fn running_late_by_the_default_quarter_hour_is_three_keys_to_the_first_put() {
    let mut m = board(opts());
    // The cursor on one of Ana's tasks: her lane.
    assert!(m.focus_task(3));
    let keys = [key('R'), code(KeyCode::Enter), code(KeyCode::Enter)];
    let cmds = press(&mut m, &keys);
    let (id, patch, _) = one_save(&cmds);
    assert_eq!((id, hhmm(patch.ends_at)), (2, "11:15".to_string()));
    // Another delay: two Backspaces and the digits, then the same two Enters.
    let mut m = board(opts());
    assert!(m.focus_task(3));
    let mut keys = vec![key('R'), code(KeyCode::Backspace), code(KeyCode::Backspace)];
    keys.extend(typed("40"));
    keys.extend([code(KeyCode::Enter), code(KeyCode::Enter)]);
    let (_, patch, _) = one_save(&press(&mut m, &keys));
    assert_eq!(hhmm(patch.ends_at), "11:40");
}
