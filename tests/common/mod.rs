//! Shared fixtures: a fixed clock, hand-made tasks, a model in a known state.
#![allow(dead_code)]

pub mod wired;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::{Arc, Mutex};

use kickdesk::app::keymap::Keymap;
use kickdesk::app::look::Look;
use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::client::{Client, ClientConfig, Token};
use kickdesk::kickserv::model::{Customer, Employee, Job, Listing, Status, Task};
use kickdesk::runtime::screen::{Screen, TestScreen};
use kickdesk::schedule::{Period, WorkHours, ZoneOrigin};

/// Friday 27 November 2026, 10:45 in New York.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

pub fn opts() -> Options {
    Options {
        account: "demo".into(),
        tz: New_York,
        zone_origin: ZoneOrigin::Flag,
        max_task_days: 31,
        // An account with no task over the cap: the boards of these tests
        // say nothing of longer ones (tests/time.rs checks the warning).
        warn_long_tasks: false,
        move_step: 15,
        poll: std::time::Duration::from_secs(30),
        work: WorkHours::default(),
        week_start: chrono::Weekday::Mon,
        hide_weekend: false,
        read_only: false,
        monitor: false,
        look: Look::PLAIN,
        keymap: Keymap::defaults(),
        view: Default::default(),
        state_file: None,
        employee_filter: None,
        filter_sets: Vec::new(),
        config_file: None,
        palette_history: Vec::new(),
        rotate: None,
    }
}

/// The test options with a change of the test's own (read-only, say).
pub fn opts_with(change: impl FnOnce(&mut Options)) -> Options {
    let mut o = opts();
    change(&mut o);
    o
}

pub fn at(date: NaiveDate, h: u32, m: u32) -> DateTime<FixedOffset> {
    let local = New_York
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap();
    local.fixed_offset()
}

pub fn employee(id: i64, n: i64, name: &str) -> Employee {
    Employee {
        id,
        employee_number: Some(n),
        name: Some(name.into()),
        ..Employee::default()
    }
}

/// A task today from `h:m` lasting `mins`, for the given employees.
pub fn task(id: i64, emps: &[&Employee], h: u32, m: u32, mins: i64, title: &str) -> Task {
    let start = at(today(), h, m);
    Task {
        id,
        starts_at: Some(start),
        ends_at: Some(start + Duration::minutes(mins)),
        job: Some(Arc::new(Job {
            id: id * 10,
            name: Some(title.into()),
            status: Some(Status::Scheduled),
            ..Job::default()
        })),
        customer: Some(Arc::new(Customer {
            id: id * 100,
            name: Some(format!("Customer {id}")),
            // Reachable, as most customers are: notifications can go.
            email_address: Some(format!("customer{id}@example.com")),
            ..Customer::default()
        })),
        employees: emps.iter().map(|e| Arc::new((*e).clone())).collect(),
        ..Task::default()
    }
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn backtab() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

/// Each character of `s` as a key press.
pub fn typed(s: &str) -> Vec<Msg> {
    s.chars().map(key).collect()
}

/// A left click at column `x`, row `y`, at `now()`.
pub fn click(x: u16, y: u16) -> Msg {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    Msg::Mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        },
        now(),
    )
}

/// A left click on the first place below the header that shows `text`
/// (an employee's name, say): what the click brings.
pub fn click_text(m: &mut Model, text: &str) -> Vec<Cmd> {
    let s = screen(m);
    let (x, y) = s
        .lines()
        .enumerate()
        .skip(1)
        .find_map(|(y, l)| l.find(text).map(|i| (l[..i].chars().count(), y)))
        .unwrap_or_else(|| panic!("no {text} on the screen:\n{s}"));
    let (x, y) = (u16::try_from(x).unwrap(), u16::try_from(y).unwrap());
    update(m, click(x, y))
}

/// A client of the `demo` account at `base_url` (a simulator's), with the
/// simulator's token.
pub fn demo_client(base_url: &str) -> Client {
    Client::new(ClientConfig {
        base_url: base_url.to_string(),
        ..ClientConfig::new("demo", Token::new("demo-token"))
    })
    .unwrap()
}

/// The large simulator on a free port at `now()`, and a client of it whose
/// connection is already open (its buffers are not counted against what a
/// listing then needs), with the employees that first request read.
#[allow(dead_code)]
pub async fn large_sim() -> (kickdesk::sim::SimServer, Client, Vec<Employee>) {
    let cfg = kickdesk::sim::SimConfig {
        scale: kickdesk::sim::Scale::Large,
        now: Some(now()),
        ..kickdesk::sim::SimConfig::default()
    };
    let server = kickdesk::sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = demo_client(&server.base_url);
    let staff = client.employees().await.unwrap();
    (server, client, staff)
}

/// A fresh model after start-up, with its first commands.
pub fn fresh(w: u16, h: u16) -> (Model, Vec<Cmd>) {
    let mut m = Model::new(opts(), now(), (w, h));
    let cmds = init(&mut m);
    (m, cmds)
}

/// The seq of the (single) FetchTasks among `cmds`.
pub fn fetch_of(cmds: &[Cmd]) -> Vec<(u64, Period)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(ApiCmd::FetchTasks { seq, period, .. }) => Some((*seq, *period)),
            _ => None,
        })
        .collect()
}

/// The answer to the fetch `seq` of `period`, come at `at`: the one way a
/// test answers a fetch (the helpers below and every test go through it).
pub fn answer_at(
    m: &mut Model,
    (seq, period): (u64, Period),
    at: DateTime<Utc>,
    result: Result<Listing, ApiFault>,
) -> Vec<Cmd> {
    update(m, fetched(seq, period, at, result))
}

/// The message of a fetch's answer, for a test that hands it on itself.
pub fn fetched(
    seq: u64,
    period: Period,
    at: DateTime<Utc>,
    result: Result<Listing, ApiFault>,
) -> Msg {
    Msg::TasksLoaded {
        seq,
        period,
        at,
        result,
    }
}

/// Answers the fetch `seq` of `period` with `tasks`, at `now()`.
#[allow(dead_code)]
pub fn answer_with(m: &mut Model, fetch: (u64, Period), tasks: Vec<Task>) -> Vec<Cmd> {
    answer_at(m, fetch, now(), Ok(tasks.into()))
}

/// Answers the (first) FetchTasks among `cmds` with `listing`, at `now()`.
pub fn answer_fetch(m: &mut Model, cmds: &[Cmd], listing: Listing) -> Vec<Cmd> {
    answer_fetch_at(m, cmds, now(), Ok(listing))
}

/// Answers the (first) FetchTasks among `cmds` with `result`, at `at`.
pub fn answer_fetch_at(
    m: &mut Model,
    cmds: &[Cmd],
    at: DateTime<Utc>,
    result: Result<Listing, ApiFault>,
) -> Vec<Cmd> {
    answer_at(m, fetch_of(cmds)[0], at, result)
}

/// Ana's boiler, 09:00 to 10:00 today: one employee, one task.
pub fn ana_boiler() -> Model {
    let ana = employee(1, 1, "Ana");
    loaded(
        vec![ana.clone()],
        vec![task(1, &[&ana], 9, 0, 60, "Boiler")],
    )
}

/// Ana's boiler and Ben's gutter at nine today: two employees, a task
/// each; with the tasks, to answer later fetches.
pub fn ana_and_ben() -> (Model, Vec<Task>) {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let tasks = vec![
        task(1, &[&ana], 9, 0, 60, "Boiler"),
        task(2, &[&ben], 9, 0, 60, "Gutter"),
    ];
    (loaded(vec![ana, ben], tasks.clone()), tasks)
}

/// A fault of `kind` with `text`, nothing more.
pub fn fault(kind: FaultKind, text: &str) -> ApiFault {
    ApiFault {
        kind,
        text: text.into(),
        retry_after: None,
        fields: Default::default(),
    }
}

/// Ana's day with three tasks whose titles start "Kim" and one that does
/// not, filtered by `/kim`: three matches, ranked.
pub fn kim_matches() -> Model {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(
        vec![ana.clone()],
        vec![
            task(1, &[&ana], 8, 0, 60, "Kim boiler"),
            task(2, &[&ana], 10, 0, 60, "Gutter"),
            task(3, &[&ana], 13, 0, 60, "Kim fence"),
            task(4, &[&ana], 15, 0, 60, "Kim roof"),
        ],
    );
    press(&mut m, &[key('/'), key('k'), key('i'), key('m')]);
    press(&mut m, &[code(KeyCode::Enter)]);
    assert_eq!(
        m.text_filter().ranked.len(),
        3,
        "{:?}",
        m.text_filter().ranked
    );
    m
}

/// The API commands among `cmds`, in order.
pub fn api(cmds: &[Cmd]) -> Vec<&ApiCmd> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Api(a) => Some(a),
            _ => None,
        })
        .collect()
}

/// Ana (id 1) and Ben (id 2): the dispatch tests' employees.
pub fn staff() -> (Employee, Employee) {
    (employee(1, 1, "Ana"), employee(2, 2, "Ben"))
}

/// Ana and Ben with `tasks` today on a `w`×`h` board: the dispatch
/// tests' set-up, in one place.
pub fn staffed(tasks: Vec<Task>, size: (u16, u16)) -> Model {
    staffed_with(opts(), tasks, size)
}

/// As [`staffed`], with options of the test's own.
pub fn staffed_with(o: Options, tasks: Vec<Task>, (w, h): (u16, u16)) -> Model {
    let (ana, ben) = staff();
    let mut m = loaded_with(o, vec![ana, ben], tasks);
    press(&mut m, &[Msg::Resize(w, h)]);
    m
}

/// The board's cursor to `lane` of the day view, by its keys (`h`/`l`).
pub fn cursor_to_lane(m: &mut Model, lane: kickdesk::schedule::Lane) {
    let to = m
        .lanes()
        .iter()
        .position(|l| l.0 == lane)
        .unwrap_or_else(|| panic!("{lane:?} is not on the board"));
    for _ in 0..=m.lanes().len() {
        let at = m.cursor().lane;
        if at == to {
            return;
        }
        press(m, &[key(if at < to { 'l' } else { 'h' })]);
    }
    panic!("the cursor did not reach {lane:?}");
}

/// A model showing `tasks` today, loaded at `now()`.
pub fn loaded(employees: Vec<Employee>, tasks: Vec<Task>) -> Model {
    loaded_with(opts(), employees, tasks)
}

/// As [`loaded`], with options of the test's own (a keymap, say).
pub fn loaded_with(o: Options, employees: Vec<Employee>, tasks: Vec<Task>) -> Model {
    loaded_at(o, now(), employees, tasks)
}

/// As [`loaded_with`], with the clock at `at` (the board shows its day).
pub fn loaded_at(
    o: Options,
    at: DateTime<Utc>,
    employees: Vec<Employee>,
    tasks: Vec<Task>,
) -> Model {
    let mut m = Model::new(o, at, (120, 40));
    let cmds = init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at,
            result: Ok(employees),
        },
    );
    answer_fetch_at(&mut m, &cmds, at, Ok(tasks.into()));
    m
}

/// The terminal resized to `w` by `h`, as the runtime reports it.
pub fn resize(m: &mut Model, w: u16, h: u16) {
    update(m, Msg::Resize(w, h));
}

/// The board `m` shows, started again with the options `o` (read-only,
/// a monitor, a keymap, a look): the same employees and tasks of today,
/// the same size, the same task selected. Options are fixed for a
/// board's life, so a test that wants others starts a board with them.
pub fn restarted(m: &Model, o: Options) -> Model {
    let mut n = loaded_with(o, m.employees().clone(), m.server_tasks().as_ref().clone());
    resize(&mut n, m.size().0, m.size().1);
    if let Some(id) = m.cursor().task {
        n.focus_task(id);
    }
    n
}

/// The runtime drew the board (as it tells `update` after each draw).
pub fn drawn(m: &mut Model) {
    assert!(update(m, Msg::Drawn).is_empty(), "a draw asks for nothing");
}

/// The toast shown times out: the clock ticks to its end (the commands
/// that tick brings, if any).
pub fn toast_gone(m: &mut Model) -> Vec<Cmd> {
    match m.toast() {
        Some(t) => {
            let until = t.until;
            update(m, Msg::Tick(until))
        }
        None => Vec::new(),
    }
}

/// `r`: the board asks for the shown period again, and Kickserv answers
/// `tasks` at `now()` (changes since are marked, as after a poll).
pub fn refreshed(m: &mut Model, tasks: Vec<Task>) -> Vec<Cmd> {
    let cmds = press(m, &[key('r')]);
    answer_fetch(m, &cmds, tasks.into())
}

/// A poll of the shown period goes out, as the clock brings it (or the
/// fetch already in flight): its seq and period, for the test to answer.
pub fn poll(m: &mut Model) -> (u64, Period) {
    if let (Some(seq), Some(period)) = (m.sync().in_flight, m.sync().in_flight_period) {
        return (seq, period);
    }
    let due = m.sync().next_poll.expect("a poll is due some time");
    let cmds = update(m, Msg::Tick(due.max(m.now())));
    fetch_of(&cmds)[0]
}

pub fn press(m: &mut Model, msgs: &[Msg]) -> Vec<Cmd> {
    let mut out = Vec::new();
    for msg in msgs {
        out.extend(update(m, msg.clone()));
    }
    out
}

/// The model drawn on a test terminal of its own size.
pub fn draw(m: &Model) -> TestScreen {
    let mut s = TestScreen::new(m.size().0, m.size().1).unwrap();
    s.draw(m).unwrap();
    s
}

/// The screen's text, as a user reads it.
pub fn screen(m: &Model) -> String {
    draw(m).text()
}

/// An in-memory writer whose clones share one buffer: what a terminal or a
/// log sink was given, read back afterwards.
#[derive(Clone, Default)]
pub struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(b);
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuf {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

/// Answers each `ReadTask` among `cmds` with the board's own copy of its
/// task (Kickserv unchanged since the last poll); returns the other
/// commands and those the answers bring.
pub fn answer_reads(m: &mut Model, cmds: Vec<Cmd>) -> Vec<Cmd> {
    let mut out = Vec::new();
    for c in cmds {
        match c {
            Cmd::Api(ApiCmd::ReadTask { task_id, purpose }) => {
                let copy = m.task_by_id(task_id).cloned().map(Box::new);
                let more = update(
                    m,
                    Msg::TaskRead {
                        task_id,
                        purpose,
                        result: Ok(copy),
                    },
                );
                out.extend(answer_reads(m, more));
            }
            other => out.push(other),
        }
    }
    out
}

/// `D` `y` on the selected task, Kickserv's copy read first being the
/// board's: the commands that follow (the DELETE).
pub fn delete_selected(m: &mut Model) -> Vec<Cmd> {
    let cmds = press(m, &[key('D'), key('y')]);
    answer_reads(m, cmds)
}
