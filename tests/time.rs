//! Time on the board: long tasks on every day they run, boards in zones
//! west and east of the account, a host whose zone is not the account's,
//! midnight passing, and DST. Against the seeded simulator over real HTTP
//! where the server's date filter matters, on `update()` where the clock does.

mod common;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use common::*;
use crossterm::event::KeyCode;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::mpsc;

use kickdesk::agenda;
use kickdesk::app::model::{Layout, Model, Options};
use kickdesk::app::msg::{ApiCmd, Cmd, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::client::TaskQuery;
use kickdesk::kickserv::model::Task;
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::schedule::{Period, ViewKind, WorkHours, ZoneOrigin, touches_day};
use kickdesk::sim::{self, SimConfig, SimServer};

const NY: Tz = chrono_tz::America::New_York;
const LA: Tz = chrono_tz::America::Los_Angeles;
const TOKYO: Tz = chrono_tz::Asia::Tokyo;

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

// ---- Against the simulator ----

struct Board {
    m: Model,
    server: SimServer,
    effects: ApiEffects,
}

/// Runs commands through the real effects until nothing is in flight.
async fn settle(m: &mut Model, effects: &ApiEffects, mut cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut pending = 0;
    loop {
        for c in cmds.drain(..) {
            let Cmd::Api(c) = c else { continue };
            if matches!(c, ApiCmd::FetchTasks { .. } | ApiCmd::FetchEmployees) {
                pending += 1;
                effects.run(c, tx.clone());
            }
        }
        if pending == 0 {
            break;
        }
        let msg = rx.recv().await.unwrap();
        pending -= 1;
        cmds = update(m, msg);
    }
}

/// A board with options `o` against an account in New York (the seeded
/// data set around Friday 27 November 2026).
async fn board(o: Options) -> Board {
    let cfg = SimConfig {
        now: Some(now()),
        seed: 1,
        tz: NY,
        ..SimConfig::default()
    };
    let server = sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let fixed = now();
    let effects = ApiEffects {
        client: demo_client(&server.base_url),
        clock: Arc::new(move || fixed),
        running: Default::default(),
    };
    let mut m = Model::new(o, now(), (160, 48));
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;
    Board { m, server, effects }
}

impl Board {
    async fn press(&mut self, msgs: &[Msg]) {
        for msg in msgs {
            let cmds = update(&mut self.m, msg.clone());
            settle(&mut self.m, &self.effects, cmds).await;
        }
    }

    /// Shows `d` in the current view, through the go-to prompt.
    async fn goto(&mut self, d: NaiveDate) {
        let mut keys = vec![key('g')];
        keys.extend(d.format("%Y-%m-%d").to_string().chars().map(key));
        keys.push(code(KeyCode::Enter));
        self.press(&keys).await;
        assert!(self.m.period().contains(d), "showing {d}");
    }

    /// Every task the account has near the seeded dates, by instant.
    async fn all_tasks(&self) -> Vec<Task> {
        let q = TaskQuery {
            from: Some(date(10, 1)),
            to_inclusive: Some(date(12, 31)),
            ..TaskQuery::default()
        };
        demo_client(&self.server.base_url)
            .list_tasks(&q)
            .await
            .unwrap()
            .tasks
    }
}

fn opts_in(tz: Tz) -> Options {
    Options { tz, ..opts() }
}

/// Ids of the tasks the layout shows anywhere.
fn shown_ids(m: &Model) -> BTreeSet<i64> {
    m.shown_indexes().map(|i| m.tasks()[i].id).collect()
}

/// Ids of the week layout's tasks on one of its dates.
fn week_ids_on(m: &Model, d: NaiveDate) -> BTreeSet<i64> {
    let Layout::Week(w) = &m.layout() else {
        panic!("not the week view")
    };
    let col = w.dates.iter().position(|x| *x == d).unwrap();
    w.rows
        .iter()
        .flat_map(|r| r.cells[col].tasks.iter().map(|&i| m.tasks()[i].id))
        .collect()
}

/// The tasks that meet the local days of `p` in `tz`, by instant: what a
/// board must show whatever the server's dates are.
fn truth(all: &[Task], p: &Period, tz: Tz) -> BTreeSet<i64> {
    all.iter()
        .filter(|t| p.dates().any(|d| touches_day(t, tz, d)))
        .map(|t| t.id)
        .collect()
}

#[tokio::test]
async fn a_long_job_shows_on_every_day_it_runs_in_day_week_and_agenda_alike() {
    // The seeded job runs from Tuesday 24 07:00 to Sunday 29 17:00 (New York).
    let mut b = board(opts()).await;
    let job = b.server.state().specials().long_job;
    let all = b.all_tasks().await;
    let days: Vec<NaiveDate> = (23..=30).map(|d| date(11, d)).collect();

    // The day view, day by day; the board has learnt the job's length by now.
    let mut by_day = Vec::new();
    for &d in &days {
        b.goto(d).await;
        let ids = shown_ids(&b.m);
        assert_eq!(
            ids.contains(&job),
            (24..=29).contains(&d.day()),
            "day view of {d}"
        );
        if ids.contains(&job) {
            assert!(b.m.focus_task(job), "{d}");
            let s = screen(&b.m);
            assert!(
                s.contains("Warehouse"),
                "the job in the all-day band on {d}:\n{s}"
            );
        }
        assert_eq!(ids, truth(&all, &Period::day(d), NY), "day view of {d}");
        by_day.push(ids);
    }

    // The week view: the same tasks on each of its days.
    b.goto(date(11, 27)).await;
    b.press(&[key('w')]).await;
    assert_eq!(b.m.period().kind, ViewKind::Week);
    for (i, &d) in days
        .iter()
        .enumerate()
        .filter(|(_, d)| b.m.period().contains(**d))
    {
        assert_eq!(week_ids_on(&b.m, d), by_day[i], "week view on {d}");
    }

    // The agenda, one call per day and one for the whole range, on its own
    // (nothing learnt: it looks back the configured cap).
    let c = demo_client(&b.server.base_url);
    for (i, &d) in days.iter().enumerate() {
        let r = agenda::Request {
            first: d,
            days: 1,
            employees: vec![],
            tz: NY,
            lookback_days: 31,
        };
        let ids: BTreeSet<i64> = agenda::fetch(&c, &r)
            .await
            .unwrap()
            .tasks
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(ids, by_day[i], "agenda of {d}");
        let text = agenda::text(&agenda::fetch(&c, &r).await.unwrap().tasks, &r);
        assert_eq!(
            text.contains("Warehouse re-roof"),
            ids.contains(&job),
            "agenda text of {d}:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_first_fetch_probes_the_cap_and_later_ones_look_back_the_longest_task() {
    let mut b = board(opts()).await;
    let reqs = b.server.state().requests();
    let windows: Vec<String> = reqs
        .iter()
        .filter(|r| r.path.ends_with("/tasks.json"))
        .filter_map(|r| r.query.clone())
        .collect();
    // Today, 27 November: 31 days back and, the zone not yet known, a day more each side.
    assert!(
        windows[0].contains("from=2026-10-26") && windows[0].contains("to=2026-11-29"),
        "{windows:?}"
    );
    // Once the job of five and a half days is seen, and New York confirmed: seven days back.
    let before = reqs.len();
    b.press(&[key('r')]).await;
    let reqs = b.server.state().requests();
    let refresh: Vec<String> = reqs[before..]
        .iter()
        .filter(|r| r.path.ends_with("/tasks.json"))
        .filter_map(|r| r.query.clone())
        .collect();
    // The days before the shown one's eve and the fresh days are listed
    // apart (the earlier ones are then reused a while): together, 20 to 28.
    assert!(
        refresh.iter().any(|q| q.contains("from=2026-11-20"))
            && refresh.iter().any(|q| q.contains("to=2026-11-28"))
            && refresh.iter().all(|q| !q.contains("from=2026-10")),
        "{refresh:?}"
    );
    assert!(!screen(&b.m).contains("may be missing"));
}

#[tokio::test]
async fn a_task_longer_than_the_look_back_fetches_again_wider_at_once() {
    // A board whose first probe saw only short work...
    let (mut m, cmds) = fresh(160, 48);
    let (seq, period) = fetch_of(&cmds)[0];
    let e = employee(1, 1, "Ana");
    answer_at(
        &mut m,
        (seq, period),
        now(),
        Ok(vec![task(1, &[&e], 9, 0, 60, "Short")].into()),
    );
    let cmds = update(&mut m, key('r'));
    let Some(Cmd::Api(ApiCmd::FetchTasks { seq, from, to, .. })) = cmds.first().cloned() else {
        panic!("{cmds:?}")
    };
    assert_eq!(
        (from, to),
        (date(11, 25), date(11, 27)),
        "two days back, New York confirmed"
    );
    // ...then meets a job of four days that started yesterday: others like
    // it may have started before the look-back, so it asks again, wider.
    let mut long = task(2, &[&e], 8, 0, 60, "Long");
    long.starts_at = Some(at(date(11, 26), 8, 0));
    long.ends_at = Some(at(date(11, 30), 8, 0));
    let cmds = answer_at(&mut m, (seq, period), now(), Ok(vec![long].into()));
    let again: Vec<(NaiveDate, NaiveDate)> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::FetchTasks {
                period: p,
                from,
                to,
                ..
            }) if *p == m.period() => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        again,
        vec![(date(11, 22), date(11, 27))],
        "five days back: {cmds:?}"
    );
}

#[tokio::test]
async fn a_task_as_long_as_the_cap_is_flagged_in_the_header() {
    let o = Options {
        max_task_days: 3,
        ..opts()
    };
    let b = board(o).await;
    let header = screen(&b.m).lines().next().unwrap().to_string();
    assert!(
        header.contains("⚠ tasks over 3 days may be missing"),
        "{header}"
    );
    // Within the cap the long job is still shown.
    assert!(shown_ids(&b.m).contains(&b.server.state().specials().long_job));
}

#[tokio::test]
async fn boards_west_and_east_of_the_account_drop_nothing_at_the_range_edges() {
    for tz in [LA, TOKYO] {
        let mut b = board(opts_in(tz)).await;
        let all = b.all_tasks().await;
        for d in (24..=30).map(|d| date(11, d)) {
            b.goto(d).await;
            assert_eq!(
                shown_ids(&b.m),
                truth(&all, &Period::day(d), tz),
                "{} day view of {d}",
                tz.name()
            );
        }
        b.press(&[key('w')]).await;
        for start in [date(11, 16), date(11, 23), date(11, 30)] {
            b.goto(start).await;
            let p = b.m.period();
            assert_eq!(
                shown_ids(&b.m),
                truth(&all, &p, tz),
                "{} week of {start}",
                tz.name()
            );
        }
    }
}

#[tokio::test]
async fn boards_west_and_east_draw_the_accounts_tasks_at_their_own_times() {
    // The boiler job runs 22:00–02:00 in New York, the frozen pipe 00:00–01:30.
    let mut b = board(opts_in(LA)).await;
    let sp = b.server.state().specials();
    b.goto(date(11, 27)).await;
    assert!(b.m.focus_task(sp.cross_midnight));
    let s = screen(&b.m);
    assert!(s.contains("19:00–23:00"), "Los Angeles, same evening:\n{s}");
    // An evening task on the last day of the range: in New York it is the next day.
    b.goto(date(11, 26)).await;
    assert!(
        b.m.focus_task(sp.midnight_start),
        "the pipe callout is on the 26th in Los Angeles"
    );
    let s = screen(&b.m);
    assert!(s.contains("21:00–22:30"), "{s}");
    assert!(s.lines().next().unwrap().contains("America/Los_Angeles"));
    assert!(
        !s.lines().next().unwrap().contains("⚠"),
        "a configured zone is not warned about"
    );

    let mut b = board(opts_in(TOKYO)).await;
    b.goto(date(11, 28)).await;
    assert!(b.m.focus_task(sp.cross_midnight));
    let s = screen(&b.m);
    assert!(s.contains("12:00–16:00"), "Tokyo, next day at noon:\n{s}");
}

#[tokio::test]
async fn a_host_in_utc_with_no_zone_set_draws_in_the_accounts_offsets_and_says_so() {
    // 02:30 UTC on the 28th is still the 27th in New York.
    let late = Utc.with_ymd_and_hms(2026, 11, 28, 2, 30, 0).unwrap();
    let cfg = SimConfig {
        now: Some(late),
        seed: 1,
        tz: NY,
        ..SimConfig::default()
    };
    let server = sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let effects = ApiEffects {
        client: demo_client(&server.base_url),
        clock: Arc::new(move || late),
        running: Default::default(),
    };
    let o = Options {
        tz: chrono_tz::UTC,
        zone_origin: ZoneOrigin::Host,
        ..opts()
    };
    let mut m = Model::new(o, late, (160, 48));
    assert_eq!(
        m.period().start,
        date(11, 28),
        "before any data: the host's date"
    );
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;

    let s = screen(&m);
    let header = s.lines().next().unwrap();
    assert!(header.contains("⚠ Kickserv's zone (host: UTC)"), "{header}");
    // The seed's offsets are all -05:00 (no summer dates): drawn as that offset.
    assert!(
        header.contains("Fri 27 Nov 2026  UTC-05:00 ⚠"),
        "the account's today:\n{header}"
    );
    let sp = server.state().specials();
    assert!(m.focus_task(sp.cjk));
    let s = screen(&m);
    assert!(
        s.contains("07:30–09:00"),
        "drawn at its New York time:\n{s}"
    );
    assert!(!s.contains("12:30–14:00"), "not at its UTC time:\n{s}");
    // Narrow, the explanation gives way; the mark stays. (At 80 columns the
    // zone's name also gives way, whole, to the count of unassigned tasks.)
    resize(&mut m, 80, 24);
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(
        header.contains("UTC-05:00 ⚠") || header.contains("Nov 2026 ⚠"),
        "{header}"
    );
    assert!(!header.contains("UTC-0…"), "{header}");
}

// ---- Midnight on the injected clock ----

/// Answers the fetches among `cmds` with `tasks`.
fn answer(m: &mut Model, cmds: &[Cmd], tasks: Vec<Task>) {
    for (seq, period) in fetch_of(cmds) {
        answer_at(m, (seq, period), m.now(), Ok(tasks.clone().into()));
    }
}

fn tick_at(m: &mut Model, t: DateTime<Utc>) -> Vec<Cmd> {
    update(m, Msg::Tick(t))
}

/// 00:00:30 on Saturday 28 November in New York.
fn after_midnight() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 5, 0, 30).unwrap()
}

#[test]
fn a_day_view_of_today_moves_to_the_new_today_at_midnight() {
    let e = employee(1, 1, "Ana");
    let mut m = loaded(vec![e.clone()], vec![task(1, &[&e], 9, 0, 60, "Job")]);
    assert_eq!(m.period(), Period::day(today()));
    let cmds = tick_at(
        &mut m,
        Utc.with_ymd_and_hms(2026, 11, 28, 4, 59, 59).unwrap(),
    );
    assert_eq!(m.period(), Period::day(today()), "not yet");
    answer(&mut m, &cmds, vec![]);
    let cmds = tick_at(&mut m, after_midnight());
    assert_eq!(m.period(), Period::day(date(11, 28)));
    assert_eq!(m.today(), date(11, 28));
    let fetches = fetch_of(&cmds);
    assert_eq!(fetches.len(), 1, "{cmds:?}");
    assert_eq!(fetches[0].1, Period::day(date(11, 28)));
    let s = screen(&m);
    assert!(s.lines().next().unwrap().contains("Sat 28 Nov 2026"), "{s}");
    // The new day looks back the whole cap once more.
    let Some(Cmd::Api(ApiCmd::FetchTasks { from, .. })) = cmds
        .iter()
        .find(|c| matches!(c, Cmd::Api(ApiCmd::FetchTasks { .. })))
    else {
        panic!()
    };
    assert_eq!(*from, date(10, 28));
}

#[test]
fn a_board_showing_another_day_stays_there_at_midnight() {
    let mut m = loaded(vec![], vec![]);
    press(&mut m, &[key(']')]);
    let tomorrow = Period::day(date(11, 28));
    assert_eq!(m.period(), tomorrow);
    tick_at(&mut m, after_midnight());
    assert_eq!(m.period(), tomorrow, "already showing the new today");
    press(&mut m, &[key('['), key('[')]);
    let before = m.period();
    tick_at(&mut m, after_midnight() + Duration::days(1));
    assert_eq!(
        m.period(),
        before,
        "a dispatcher looking back keeps their place"
    );
}

#[test]
fn a_week_view_follows_today_into_the_next_week_and_within_its_week() {
    let e = employee(1, 1, "Ana");
    let mut m = loaded(vec![e.clone()], vec![task(1, &[&e], 9, 0, 60, "Job")]);
    let cmds = press(&mut m, &[key('w')]);
    answer(&mut m, &cmds, vec![task(1, &[&e], 9, 0, 60, "Job")]);
    let week = m.period();
    assert_eq!(m.date_of(m.cursor().day), today());
    // Friday → Saturday: same week, the cursor moves with today.
    let cmds = tick_at(&mut m, after_midnight());
    answer(&mut m, &cmds, vec![]);
    assert_eq!(m.period(), week);
    assert_eq!(m.date_of(m.cursor().day), date(11, 28));
    // Sunday → Monday: the next week.
    let cmds = tick_at(
        &mut m,
        Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap(),
    );
    answer(&mut m, &cmds, vec![]);
    let cmds = tick_at(&mut m, Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 5).unwrap());
    assert_eq!(
        m.period(),
        Period::week_containing(date(11, 30), chrono::Weekday::Mon)
    );
    assert_eq!(m.date_of(m.cursor().day), date(11, 30));
    assert_eq!(fetch_of(&cmds).len(), 1);
    let s = screen(&m);
    assert!(
        s.lines().next().unwrap().contains("30 Nov–6 Dec 2026"),
        "{s}"
    );
}

#[test]
fn a_monitor_comes_back_to_now_a_minute_after_the_last_key() {
    let (mut m, cmds) = {
        let mut m = Model::new(
            Options {
                monitor: true,
                ..opts()
            },
            now(),
            (120, 40),
        );
        let cmds = init(&mut m);
        (m, cmds)
    };
    answer(&mut m, &cmds, vec![]);
    press(&mut m, &[key('['), key('[')]);
    assert_eq!(m.period(), Period::day(date(11, 25)));
    tick_at(&mut m, now() + Duration::seconds(59));
    assert_eq!(
        m.period(),
        Period::day(date(11, 25)),
        "a key less than a minute ago"
    );
    let cmds = tick_at(&mut m, now() + Duration::seconds(60));
    assert_eq!(m.period(), Period::day(today()), "back to now");
    assert!(
        fetch_of(&cmds)
            .iter()
            .any(|(_, p)| *p == Period::day(today()))
            || m.sync().pending
    );
    // A key resets the minute.
    update(&mut m, Msg::Tick(now() + Duration::seconds(100)));
    press(&mut m, &[key(']')]);
    tick_at(&mut m, now() + Duration::seconds(150));
    assert_eq!(m.period(), Period::day(date(11, 28)));
    tick_at(&mut m, now() + Duration::seconds(160));
    assert_eq!(m.period(), Period::day(today()));
    // Past midnight, the monitor shows the new today.
    tick_at(&mut m, after_midnight());
    assert_eq!(m.period(), Period::day(date(11, 28)));

    // Not a monitor: the board stays where the dispatcher put it.
    let mut d = loaded(vec![], vec![]);
    press(&mut d, &[key('[')]);
    tick_at(&mut d, now() + Duration::seconds(600));
    assert_eq!(d.period(), Period::day(date(11, 26)));
}

// ---- DST on screen ----

/// A New York board on `d`, showing the small hours.
fn night_board(d: NaiveDate, tasks: Vec<Task>) -> Model {
    let night = WorkHours {
        start: chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
        end: chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ..WorkHours::default()
    };
    let clock = NY
        .from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc);
    let mut m = Model::new(
        Options {
            work: night,
            ..opts()
        },
        clock,
        (120, 40),
    );
    let cmds = init(&mut m);
    let (seq, period) = fetch_of(&cmds)[0];
    let e = employee(1, 1, "Ana");
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: clock,
            result: Ok(vec![e]),
        },
    );
    answer_at(&mut m, (seq, period), clock, Ok(tasks.into()));
    m
}

fn on(
    e: &kickdesk::kickserv::model::Employee,
    id: i64,
    title: &str,
    start: &str,
    end: &str,
) -> Task {
    let mut t = task(id, &[e], 9, 0, 60, title);
    t.starts_at = Some(DateTime::parse_from_rfc3339(start).unwrap());
    t.ends_at = Some(DateTime::parse_from_rfc3339(end).unwrap());
    t
}

#[test]
fn the_repeated_hour_at_fall_back_shows_its_zone() {
    let e = employee(1, 1, "Ana");
    // One hour: 01:30 EDT to 01:30 EST on Sunday 1 November 2026.
    let t = on(
        &e,
        1,
        "Boiler check",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
    );
    let mut m = night_board(date(11, 1), vec![t.clone()]);
    assert!(m.focus_task(1));
    let s = screen(&m);
    assert!(s.contains("01:30 EDT–01:30 EST"), "{s}");
    assert!(!s.contains("01:30–01:30"), "{s}");
    // The week view's start time, and the detail, say which 01:30 too.
    let cmds = press(&mut m, &[key('w')]);
    answer(&mut m, &cmds, vec![t.clone()]);
    let s = screen(&m);
    assert!(s.contains("01:30 EDT"), "{s}");
    // An hour that happens once keeps the short form.
    let u = on(
        &e,
        2,
        "Pump",
        "2026-11-01T03:00:00-05:00",
        "2026-11-01T04:00:00-05:00",
    );
    let mut m = night_board(date(11, 1), vec![u]);
    assert!(m.focus_task(2));
    let s = screen(&m);
    assert!(s.contains("03:00–04:00"), "{s}");
    // The agenda as well.
    let r = agenda::Request {
        first: date(11, 1),
        days: 1,
        employees: vec![],
        tz: NY,
        lookback_days: 31,
    };
    let text = agenda::text(&[t], &r);
    assert!(text.contains("01:30 EDT–01:30 EST"), "{text}");
}

#[test]
fn midnight_to_midnight_is_an_all_day_band_on_23_and_25_hour_days() {
    let e = employee(1, 1, "Ana");
    for (d, start, end) in [
        (
            date(3, 8),
            "2026-03-08T00:00:00-05:00",
            "2026-03-09T00:00:00-04:00",
        ),
        (
            date(11, 1),
            "2026-11-01T00:00:00-04:00",
            "2026-11-02T00:00:00-05:00",
        ),
        (
            date(11, 27),
            "2026-11-27T00:00:00-05:00",
            "2026-11-28T00:00:00-05:00",
        ),
    ] {
        let m = night_board(d, vec![on(&e, 1, "Stocktake", start, end)]);
        let s = screen(&m);
        let band = s
            .lines()
            .find(|l| l.starts_with("all day"))
            .unwrap_or_else(|| panic!("no all-day band on {d}:\n{s}"));
        assert!(band.contains("Stocktake"), "{d}: {band}");
        assert!(!s.contains("00:00–"), "not a timed block on {d}:\n{s}");
    }
}

// ---- A few odd offsets among the account's own ----

#[test]
fn a_board_with_a_few_odd_offsets_draws_the_accounts_zone_and_logs_the_odd_tasks() {
    // A host in UTC, no zone set; thirty tasks in New York's offsets,
    // winter and summer, and two sent in other offsets.
    let ana = employee(1, 1, "Ana");
    let mut tasks: Vec<Task> = (0..30)
        .map(|i| {
            let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(i * 11);
            let mut t = task(i + 1, &[&ana], 9, 0, 60, "Tune-up");
            t.starts_at = Some(at(d, 9, 0));
            t.ends_at = Some(at(d, 10, 0));
            t
        })
        .collect();
    let mut utc_one = task(901, &[&ana], 9, 0, 60, "Sent in UTC");
    utc_one.starts_at = Some(DateTime::parse_from_rfc3339("2026-11-27T14:00:00Z").unwrap());
    utc_one.ends_at = None;
    let mut india = task(902, &[&ana], 9, 0, 60, "Sent in India");
    india.starts_at = Some(DateTime::parse_from_rfc3339("2026-11-27T21:30:00+05:30").unwrap());
    india.ends_at = None;
    tasks.extend([utc_one, india]);
    let o = Options {
        tz: chrono_tz::UTC,
        zone_origin: ZoneOrigin::Host,
        ..opts()
    };
    let m = loaded_with(o, vec![ana.clone()], tasks);
    assert_eq!(
        m.tz(),
        NY,
        "the zone nearly every task fits, not one offset"
    );
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(header.contains("America/New_York"), "{header}");
    // Summer instants read at New York's summer time.
    let july = at(NaiveDate::from_ymd_opt(2026, 7, 7).unwrap(), 9, 0);
    assert_eq!(
        july.with_timezone(&m.tz()).format("%H:%M").to_string(),
        "09:00"
    );
    // The odd tasks are named in the log, with the offset each carried.
    let odd: Vec<(i64, &str)> = m
        .log()
        .entries
        .iter()
        .map(|e| (e.task_id, e.text.as_str()))
        .collect();
    assert_eq!(odd.len(), 2, "{odd:?}");
    assert_eq!(odd[0].0, 901);
    assert!(odd[0].1.contains("the offset +00:00"), "{}", odd[0].1);
    assert_eq!(odd[1].0, 902);
    assert!(odd[1].1.contains("the offset +05:30"), "{}", odd[1].1);
    assert!(
        odd[1].1.contains("times drawn in America/New_York"),
        "{}",
        odd[1].1
    );
}

/// Kickserv lists tasks by their start, so no listing rules out a task that
/// began before the look-back: with `warn_long_tasks` the header says so on
/// every listing, not only once a task as long as the cap is seen.
#[test]
fn the_header_says_longer_tasks_may_be_missing_on_every_listing_unless_told_none_exist() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let warned = loaded_with(
        Options {
            warn_long_tasks: true,
            ..opts()
        },
        vec![ana.clone()],
        tasks.clone(),
    );
    let header = screen(&warned).lines().next().unwrap_or("").to_string();
    assert!(
        header.contains("⚠ tasks over 31 days may be missing"),
        "{header}"
    );
    let quiet = loaded_with(opts(), vec![ana], tasks);
    assert!(!screen(&quiet).contains("may be missing"));
}

/// The header has no room to say which settings answer its warning: help
/// (from the board) explains it, naming both settings, and only when the
/// header warns.
#[test]
fn help_explains_the_longer_tasks_warning_and_names_its_settings() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let help = |o: Options| {
        let m = loaded_with(o, vec![ana.clone()], tasks.clone());
        let th = kickdesk::ui::theme::Theme::plain();
        kickdesk::ui::overlay::help_lines_for(&m, kickdesk::app::keymap::Context::Board, th)
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let warned = help(Options {
        warn_long_tasks: true,
        max_task_days: 12,
        ..opts()
    });
    assert!(
        warned.contains("tasks over 12 days may be missing:"),
        "{warned}"
    );
    assert!(warned.contains("more than 12 days"), "{warned}");
    for setting in [
        "max_task_days",
        "warn_long_tasks = false",
        "kickdesk config --path",
    ] {
        assert!(warned.contains(setting), "{setting} not in {warned}");
    }
    let quiet = help(opts());
    assert!(!quiet.contains("max_task_days"), "{quiet}");
}
