//! Limits on input: extreme settings and times never panic, the header keeps
//! the data's age and the clock at every width, and a huge description costs
//! no more than the page shown.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use crossterm::event::KeyCode;
use ratatui::layout::Rect;

use kickdesk::app::model::{Model, Overlay};
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg};
use kickdesk::app::update::{later, update};
use kickdesk::kickserv::model::{NotifyKind, Task};
use kickdesk::schedule::Period;
use kickdesk::ui::overlay::detail_page;
use kickdesk::ui::theme::Theme;
use kickdesk::ui::wrap::KEEP_BYTES;

fn header(m: &Model) -> String {
    screen(m).lines().next().unwrap_or_default().to_string()
}

const LONG_FAULT: &str = "Kickserv had a server error (502): <html><head><title>502 Bad Gateway</title></head><body>upstream connect error or disconnect/reset before headers</body></html>";

/// A board whose last good data is 3 minutes old and whose refresh failed.
fn failing_board() -> Model {
    failing_board_with(opts())
}

/// As [`failing_board`], started with the options `o`.
fn failing_board_with(o: kickdesk::app::model::Options) -> Model {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded_with(
        o,
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let at = now() + Duration::minutes(3);
    // Three minutes on, a poll goes out, and fails.
    let cmds = update(&mut m, Msg::Tick(at));
    let fault = fault(FaultKind::Other, LONG_FAULT);
    answer_at(&mut m, fetch_of(&cmds)[0], at, Err(fault));
    m
}

#[test]
fn header_at_80_columns_shortens_the_error_not_the_age_or_clock() {
    let mut m = failing_board();
    resize(&mut m, 80, 24);
    let h = header(&m);
    assert!(h.contains("stale since 10:45"), "{h}");
    assert!(h.trim_end().ends_with("10:48"), "{h}");
    assert!(h.contains("⚠ Kickserv had a…"), "the error gives way: {h}");
    insta::assert_snapshot!(h);
}

#[test]
fn header_keeps_age_and_clock_at_every_width_with_every_note() {
    let mut m = failing_board();
    // Notes that compete for room: a send under way, changes, read-only.
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Cmd::Api(ApiCmd::Notify {
                task_id: 10,
                kind: NotifyKind::Employee
            })
        )),
        "{cmds:?}"
    );
    for w in 60..=300 {
        resize(&mut m, w, 24);
        let h = header(&m);
        assert!(h.contains(" · stale since 10:45"), "{w}: {h}");
        assert!(h.trim_end().ends_with("10:48"), "{w}: {h}");
        assert!(h.contains("⚠ Kick"), "{w}: {h}");
        assert!(h.starts_with(" kickdesk"), "{w}: {h}");
    }
    // With room, everything is there.
    resize(&mut m, 300, 24);
    let h = header(&m);
    assert!(
        h.contains(LONG_FAULT) && h.contains("America/New_York") && h.contains("⇡ sending notify"),
        "{h}"
    );
    // Read-only (where no send can be under way) says so too.
    let mut m = failing_board_with(opts_with(|o| o.read_only = true));
    for w in 60..=300 {
        resize(&mut m, w, 24);
        let h = header(&m);
        assert!(
            h.contains(" · stale since 10:45") && h.trim_end().ends_with("10:48"),
            "{w}: {h}"
        );
    }
}

/// A task whose description is 10 MB: 80-column lines, then `tail`.
fn huge_board(line_break: bool) -> Model {
    let ana = employee(1, 1, "Ana");
    let mut t = task(10, &[&ana], 9, 0, 60, "AC repair");
    let mut d = String::with_capacity(10 << 20);
    let mut i = 0;
    while d.len() < (10 << 20) {
        d.push_str(&format!(
            "line {i:06} of the customer's notes, repeated until the field is ten megabytes"
        ));
        d.push(if line_break { '\n' } else { ' ' });
        i += 1;
    }
    d.truncate(10 << 20);
    t.description = Some(d);
    let mut m = loaded(vec![ana], vec![t]);
    resize(&mut m, 80, 24);
    update(&mut m, code(KeyCode::Enter));
    assert!(matches!(m.top(), Some(Overlay::Detail { .. })));
    m
}

#[test]
fn a_10_mb_description_wraps_only_the_page_shown_and_says_what_was_cut() {
    let th = Theme::plain();
    let area = Rect::new(0, 0, 80, 24);
    for line_break in [true, false] {
        let mut m = huge_board(line_break);
        let t = m.task_by_id(10).cloned().unwrap();
        // The first page: about as many lines wrapped as rows shown.
        let (page, _, h) = detail_page(&m, &t, area, 0, th);
        assert_eq!(page.lines.len(), usize::from(h) - 2);
        assert!(
            page.wrapped <= 24,
            "{line_break}: {} lines wrapped for one page",
            page.wrapped
        );
        let s = screen(&m);
        assert!(s.contains("line 000000 of the customer's"), "{s}");
        // Deeper in: work grows with the scroll position, not the text.
        let (page, _, _) = detail_page(&m, &t, area, 100, th);
        assert!(page.wrapped <= 100 + 24, "{line_break}: {}", page.wrapped);
        // At the end: what was kept, then how much was not.
        let (page, _, _) = detail_page(&m, &t, area, u16::MAX, th);
        let kept_lines = KEEP_BYTES / 60;
        assert!(
            page.wrapped <= 2 * (kept_lines + 30),
            "{line_break}: {}",
            page.wrapped
        );
        // The detail's last row: as far as it scrolls.
        press(&mut m, &[code(KeyCode::End)]);
        let s = screen(&m);
        let cut = (10 << 20) - KEEP_BYTES;
        let want = format!("(cut: {} KB more)", cut.div_ceil(1024));
        assert!(s.contains(&want), "{want} missing:\n{s}");
        assert!(s.contains("task 10 · Esc closes"), "{s}");
    }
}

#[test]
fn a_short_description_is_shown_whole_in_a_box_its_size() {
    let ana = employee(1, 1, "Ana");
    let mut t = task(10, &[&ana], 9, 0, 60, "AC repair");
    t.description = Some("Bring the ladder.\nGate code 4711.".into());
    let mut m = loaded(vec![ana], vec![t.clone()]);
    resize(&mut m, 80, 30);
    update(&mut m, code(KeyCode::Enter));
    let s = screen(&m);
    assert!(
        s.contains("Bring the ladder.") && s.contains("Gate code 4711."),
        "{s}"
    );
    assert!(!s.contains("(cut:"), "{s}");
    let (page, _, h) = detail_page(&m, &t, Rect::new(0, 0, 80, 30), 0, Theme::plain());
    assert_eq!(page.total, Some(page.lines.len()));
    assert_eq!(usize::from(h), page.lines.len() + 2);
}

#[test]
fn later_saturates_instead_of_overflowing() {
    let far = DateTime::<Utc>::MAX_UTC - Duration::seconds(10);
    assert_eq!(
        later(far, std::time::Duration::from_secs(60)),
        DateTime::<Utc>::MAX_UTC
    );
    assert_eq!(
        later(now(), std::time::Duration::MAX),
        DateTime::<Utc>::MAX_UTC
    );
    assert_eq!(
        later(now(), std::time::Duration::from_secs(30)),
        now() + Duration::seconds(30)
    );
}

#[test]
fn update_with_an_extreme_poll_and_time_does_not_panic_and_stops_polling() {
    // Values the command line once let through.
    for poll in [
        std::time::Duration::from_secs(8_300_000_000_000),
        std::time::Duration::from_secs(u64::MAX),
    ] {
        let mut o = opts();
        o.poll = poll;
        let mut m = Model::new(o, now(), (120, 40));
        let cmds = kickdesk::app::update::init(&mut m);
        answer_fetch(&mut m, &cmds, Vec::new().into());
        assert_eq!(m.sync().next_poll, Some(DateTime::<Utc>::MAX_UTC));
        // No poll a second: an hour of ticks asks for nothing.
        let mut fetches = 0;
        for s in 1..=3600 {
            fetches += fetch_of(&update(&mut m, Msg::Tick(now() + Duration::seconds(s))))
                .into_iter()
                .filter(|f| f.1 == m.period())
                .count();
        }
        assert_eq!(fetches, 0);
        // A failure's back-off and a toast near the end of time.
        let cmds = update(&mut m, key('r'));
        let (seq, period) = fetch_of(&cmds)[0];
        let fault = ApiFault {
            kind: FaultKind::RateLimited,
            text: "slow down".into(),
            retry_after: Some(std::time::Duration::MAX),
            fields: Default::default(),
        };
        let end = DateTime::<Utc>::MAX_UTC - Duration::seconds(1);
        answer_at(&mut m, (seq, period), end, Err(fault));
        update(&mut m, Msg::Tick(end));
        update(&mut m, key('p'));
        assert!(m.toast().is_some());
        assert!(!screen(&m).is_empty());
    }
}

#[test]
fn go_to_date_with_huge_offsets_is_an_error_not_a_panic() {
    use kickdesk::app::update::parse_date;
    for s in ["+99999999999999", "-99999999999999", "+9223372036854775807"] {
        assert!(parse_date(s, today()).is_err(), "{s}");
    }
    let end = chrono::NaiveDate::MAX;
    assert!(parse_date("tomorrow", end).is_err());
    // The last day's own weekday is that day; the next one does not exist.
    use chrono::Datelike;
    let own = end.weekday();
    assert_eq!(parse_date(&own.to_string(), end), Ok(end));
    assert!(parse_date(&own.succ().to_string(), end).is_err());
}

/// `t` moved to the first day of `period` (a period keeps only what it can
/// show), at the same time of day.
fn on_first_day(mut t: Task, period: Period) -> Task {
    let day = period.dates().next().unwrap();
    let (start, end) = (t.starts_at.unwrap(), t.ends_at.unwrap());
    let moved = at(day, 9, 0) + (start - at(today(), 9, 0));
    t.starts_at = Some(moved);
    t.ends_at = Some(moved + (end - start));
    t
}

/// Answers every task fetch among `cmds` with `n` tasks of its period, and
/// what those answers ask for in turn (prefetches).
fn answer_fetches(m: &mut Model, cmds: Vec<kickdesk::app::msg::Cmd>, n: i64) {
    let ana = employee(1, 1, "Ana");
    let mut queue = fetch_of(&cmds);
    while let Some((seq, period)) = queue.pop() {
        let tasks: Vec<_> = (0..n)
            .map(|i| task(seq as i64 * 100_000 + i, &[&ana], 9, 0, 60, "Visit"))
            .map(|t| on_first_day(t, period))
            .collect();
        let more = answer_at(m, (seq, period), m.now(), Ok(tasks.into()));
        queue.extend(fetch_of(&more));
    }
}

#[test]
fn the_cache_is_bounded_by_tasks_not_only_by_periods() {
    use kickdesk::app::update::CACHE_TASKS;
    // Periods of a large account: three of them pass the cap together.
    let per_period = CACHE_TASKS as i64 / 2 - 500;
    let (mut m, cmds) = fresh(160, 48);
    answer_fetches(&mut m, cmds, per_period);
    for _ in 0..6 {
        let cmds = update(&mut m, key(']'));
        answer_fetches(&mut m, cmds, per_period);
    }
    let kept = [m.period(), m.period().next(), m.period().prev()];
    let held: usize = m.cache().values().map(|c| c.tasks.len()).sum();
    assert!(
        m.cache().keys().all(|p| kept.contains(p)),
        "only the shown period and its neighbours stay: {:?}",
        m.cache().keys().collect::<Vec<_>>()
    );
    assert!(held <= 3 * per_period as usize, "cached tasks: {held}");
    // The shown period is still there, with its tasks.
    assert_eq!(m.tasks().len(), per_period as usize);
    assert!(m.cache().contains_key(&m.period()));
}

#[test]
fn cached_periods_share_the_jobs_and_customers_they_repeat() {
    use kickdesk::kickserv::model::{Customer, Job};
    use std::sync::Arc;
    let ana = employee(1, 1, "Ana");
    let with_glue = |id: i64, job_name: &str| {
        let mut t = task(id, &[&ana], 9, 0, 60, "Visit");
        // A fresh copy per task, as parsing makes them.
        t.job = Some(Arc::new(Job {
            id: 7,
            name: Some(job_name.into()),
            ..Job::default()
        }));
        t.customer = Some(Arc::new(Customer {
            id: 8,
            name: Some("Willow Bakery".into()),
            ..Customer::default()
        }));
        t
    };
    let (mut m, cmds) = fresh(160, 48);
    let more = answer_fetch(&mut m, &cmds, vec![with_glue(1, "Boiler")].into());
    // The prefetch of a neighbour brings the same job and customer again,
    // and the next one a job renamed since.
    let prefetch = fetch_of(&more);
    assert!(!prefetch.is_empty(), "a neighbour is prefetched");
    let (seq, next) = prefetch[0];
    let more = answer_with(
        &mut m,
        (seq, next),
        vec![on_first_day(with_glue(2, "Boiler"), next)],
    );
    let shown = m.cache()[&m.period()].tasks[0].clone();
    let cached = &m.cache()[&next].tasks[0];
    assert!(Arc::ptr_eq(
        shown.job.as_ref().unwrap(),
        cached.job.as_ref().unwrap()
    ));
    assert!(Arc::ptr_eq(
        shown.customer.as_ref().unwrap(),
        cached.customer.as_ref().unwrap()
    ));
    let (seq, other) = fetch_of(&more)[0];
    answer_with(
        &mut m,
        (seq, other),
        vec![on_first_day(with_glue(3, "Boiler, second visit"), other)],
    );
    let renamed = &m.cache()[&other].tasks[0];
    assert_eq!(
        renamed.job.as_ref().and_then(|j| j.name.as_deref()),
        Some("Boiler, second visit"),
        "a changed record is never replaced by an older copy"
    );
    assert!(Arc::ptr_eq(
        shown.customer.as_ref().unwrap(),
        renamed.customer.as_ref().unwrap()
    ));
}

/// A neighbour fetched while another period is shown keeps what it can
/// show: the look-back brings the days before it (to find the tasks that
/// reach into it), and a task that ended before it is not held by it. The
/// shown period keeps its whole listing until it is left.
#[test]
fn a_prefetched_period_keeps_only_the_tasks_it_can_show() {
    let ana = employee(1, 1, "Ana");
    let yesterday = today().pred_opt().unwrap();
    let tomorrow = today().succ_opt().unwrap();
    let (mut m, cmds) = fresh(160, 48);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now(),
            result: Ok(vec![ana.clone()]),
        },
    );
    let (seq, period) = fetch_of(&cmds)[0];
    let mut before = task(1, &[&ana], 9, 0, 60, "Done yesterday");
    before.starts_at = Some(at(yesterday, 9, 0));
    before.ends_at = Some(at(yesterday, 10, 0));
    let today_task = task(3, &[&ana], 9, 0, 60, "Boiler service");
    let more = answer_with(&mut m, (seq, period), vec![before, today_task.clone()]);
    let ids = |ts: &[Task]| ts.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(m.tasks()), [1, 3], "the shown period keeps its listing");

    // The prefetch of tomorrow looked back to today.
    let (seq, next) = fetch_of(&more)
        .into_iter()
        .find(|(_, p)| p.dates().next() == Some(tomorrow))
        .expect("tomorrow is prefetched");
    let mut overnight = task(2, &[&ana], 9, 0, 60, "Overnight pump watch");
    overnight.starts_at = Some(at(today(), 20, 0));
    overnight.ends_at = Some(at(tomorrow, 2, 0));
    let mut unscheduled = task(4, &[&ana], 9, 0, 60, "No time yet");
    unscheduled.starts_at = None;
    unscheduled.ends_at = None;
    let tomorrows = on_first_day(task(5, &[&ana], 9, 0, 60, "Gutter repair"), next);
    answer_with(
        &mut m,
        (seq, next),
        vec![today_task, overnight, tomorrows, unscheduled],
    );
    assert_eq!(ids(&m.cache()[&next].tasks), [2, 5, 4]);
    // Shown, tomorrow has what it held.
    update(&mut m, key(']'));
    let s = screen(&m);
    assert!(
        s.contains("Overnight pump watch") && s.contains("Gutter repair"),
        "{s}"
    );
    assert!(!s.contains("Boiler service"), "{s}");
    // Left, today keeps only what its days show.
    assert_eq!(ids(&m.cache()[&period].tasks), [3]);
    assert!(!m.cache()[&period].whole);
}

/// The first fetch looks back the whole cap to learn the longest task
/// (31 days: weeks of tasks the period never shows). The client lets go of
/// the tasks over before the days just before the period, noting the
/// longest of them; the shown period keeps what the next poll, looking back
/// as far as the longest task needs, brings: a task of yesterday is still
/// known, one of three weeks ago is not held.
#[test]
fn the_probe_of_the_longest_task_leaves_the_shown_period_what_a_poll_brings() {
    use chrono::{Days, NaiveDate};
    use kickdesk::app::msg::{ApiCmd, Cmd};
    use kickdesk::kickserv::model::{Listing, ListingNotes};
    // The first day of the period, the first day asked for, and the cut.
    type Fetch = (NaiveDate, NaiveDate, Option<DateTime<Utc>>);
    let fetches = |cmds: &[Cmd]| -> Vec<Fetch> {
        cmds.iter()
            .filter_map(|c| match c {
                Cmd::Api(ApiCmd::FetchTasks {
                    period,
                    from,
                    ending_from,
                    ..
                }) => Some((period.start, *from, *ending_from)),
                _ => None,
            })
            .collect()
    };
    let ana = employee(1, 1, "Ana");
    let (mut m, cmds) = fresh(160, 48);
    let [(_, from, Some(cut))] = fetches(&cmds)[..] else {
        panic!("one probing fetch at start: {:?}", fetches(&cmds))
    };
    assert!(
        from < today() - Days::new(30),
        "the first fetch probes the cap: {from}"
    );
    // Tasks over before the start of the fourth day back are let go.
    let four_days_back = today() - Days::new(4);
    assert_eq!(cut, at(four_days_back, 0, 0).with_timezone(&Utc));
    let day_task = |id: i64, d: NaiveDate, title: &str| {
        let mut t = task(id, &[&ana], 9, 0, 60, title);
        t.starts_at = Some(at(d, 9, 0));
        t.ends_at = Some(at(d, 10, 0));
        t
    };
    let listing = Listing {
        tasks: vec![
            day_task(1, today() - Days::new(3), "Three days ago"),
            day_task(2, today() - Days::new(1), "Yesterday"),
            day_task(3, today(), "Boiler service"),
        ],
        notes: ListingNotes {
            // A task of five days was let go by the client.
            longest_dropped_secs: Some(5 * 86_400),
            ..ListingNotes::default()
        },
    };
    let more = answer_fetch(&mut m, &cmds, listing);
    let ids = |ts: &[Task]| ts.iter().map(|t| t.id).collect::<Vec<_>>();
    // Five days long: a poll looks back six, so all three are kept.
    assert_eq!(ids(m.server_tasks()), [1, 2, 3]);
    assert!(screen(&m).contains("Boiler service"));
    // Later fetches look back as far as the five-day task needs, whole.
    let next = fetches(&more);
    assert!(!next.is_empty(), "a neighbour is prefetched");
    for (start, from, cut) in next {
        assert_eq!(cut, None);
        assert_eq!(from, start - Days::new(6));
    }

    // Without a long task, the probe's answer is cut to what a poll brings.
    let (mut m, cmds) = fresh(160, 48);
    let listing = vec![
        day_task(1, today() - Days::new(5), "Five days ago"),
        day_task(2, today() - Days::new(1), "Yesterday"),
        day_task(3, today(), "Boiler service"),
    ];
    answer_fetch(&mut m, &cmds, listing.into());
    assert_eq!(ids(m.server_tasks()), [2, 3]);
    assert_eq!(ids(&m.cache()[&m.period()].tasks), [2, 3]);
}
