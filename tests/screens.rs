//! What a user sees: the board drawn on ratatui's TestBackend from the
//! seeded simulator, over real loopback HTTP, with a fixed clock.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::sync::Arc;
use tokio::sync::mpsc;

use kickdesk::app::model::{Model, Options, Overlay};
use kickdesk::app::msg::{ApiFault, Cmd, FaultKind, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::client::{Client, ClientConfig, Token};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::runtime::screen::{Screen, TestScreen};
use kickdesk::sim::{self, SimConfig, SimServer};

struct Board {
    m: Model,
    server: SimServer,
}

async fn sim_at(now: DateTime<Utc>) -> SimServer {
    let cfg = SimConfig {
        now: Some(now),
        seed: 1,
        ..SimConfig::default()
    };
    sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// Runs commands through the real effects until nothing is in flight.
async fn settle(m: &mut Model, effects: &ApiEffects, mut cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut pending = 0;
    loop {
        for c in cmds.drain(..) {
            if matches!(
                c,
                Cmd::FetchTasks { .. }
                    | Cmd::FetchEmployees
                    | Cmd::Notify { .. }
                    | Cmd::Delete { .. }
            ) {
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

async fn board_with(w: u16, h: u16, o: Options) -> Board {
    let server = sim_at(now()).await;
    let client = Client::new(ClientConfig {
        base_url: server.base_url.clone(),
        ..ClientConfig::new("demo", Token::new("demo-token"))
    })
    .unwrap();
    let fixed = now();
    let effects = ApiEffects {
        client,
        clock: Arc::new(move || fixed),
    };
    let mut m = Model::new(o, now(), (w, h));
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;
    Board { m, server }
}

async fn board(w: u16, h: u16) -> Board {
    board_with(w, h, opts()).await
}

async fn keys(b: &mut Board, msgs: &[Msg]) {
    let client = Client::new(ClientConfig {
        base_url: b.server.base_url.clone(),
        ..ClientConfig::new("demo", Token::new("demo-token"))
    })
    .unwrap();
    let fixed = now();
    let effects = ApiEffects {
        client,
        clock: Arc::new(move || fixed),
    };
    for msg in msgs {
        let cmds = update(&mut b.m, msg.clone());
        settle(&mut b.m, &effects, cmds).await;
    }
}

fn draw(m: &Model) -> TestScreen {
    let mut s = TestScreen::new(m.size.0, m.size.1).unwrap();
    s.draw(m).unwrap();
    s
}

fn screen(m: &Model) -> String {
    draw(m).text()
}

/// One letter per cell for its background (and `r` for reversed): shows
/// where colour goes without depending on the terminal.
fn colours(s: &TestScreen) -> String {
    let buf = s.term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let ch = if c.modifier.contains(Modifier::REVERSED) {
                'r'
            } else {
                match c.bg {
                    Color::Reset => '.',
                    Color::Cyan => 'c',
                    Color::Blue => 'b',
                    Color::Green => 'g',
                    Color::Red => 'R',
                    Color::Magenta => 'm',
                    Color::DarkGray => 'd',
                    _ => '?',
                }
            };
            out.push(ch);
        }
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn day_view_80x24() {
    let b = board(80, 24).await;
    insta::assert_snapshot!(screen(&b.m));
}

#[tokio::test]
async fn day_view_160x48() {
    let b = board(160, 48).await;
    let s = screen(&b.m);
    // The CJK name is a column header, measured in columns.
    assert!(s.contains("黒田 健"), "{s}");
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn week_view_80x24() {
    let mut b = board(80, 24).await;
    keys(&mut b, &[key('w')]).await;
    insta::assert_snapshot!(screen(&b.m));
}

#[tokio::test]
async fn week_view_160x48() {
    let mut b = board(160, 48).await;
    keys(&mut b, &[key('w')]).await;
    insta::assert_snapshot!(screen(&b.m));
}

#[tokio::test]
async fn overlapping_tasks_split_the_column() {
    let mut b = board(160, 48).await;
    let [a, c] = b.server.state().specials().overlap;
    assert!(b.m.focus_task(a));
    let s = screen(&b.m);
    let ta = b.m.task_by_id(a).unwrap().title().to_string();
    let tc = b.m.task_by_id(c).unwrap().title().to_string();
    // The later task's block starts beside the earlier one, in the same
    // column: between the column's left border and its title sits the other block.
    let row = s
        .lines()
        .find(|l| l.contains(&tc[..4]))
        .expect("second title drawn");
    let at = row.find(&tc[..4]).unwrap();
    let left = &row[row[..at].rfind('│').unwrap() + '│'.len_utf8()..at];
    assert!(
        left.chars().any(|c| !matches!(c, ' ' | '─')),
        "{ta} beside {tc}:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn narrow_overlaps_show_plus_n_and_the_selection_reaches_it() {
    let ana = employee(1, 1, "Ana");
    let tasks: Vec<_> = (1..=8)
        .map(|i| task(i, &[&ana], 9, 0, 120, &format!("Job{i}")))
        .collect();
    let mut m = loaded(vec![ana], tasks);
    m.size = (60, 20);
    let s = screen(&m);
    assert!(s.contains("+"), "{s}");
    // Walk to the last overlapping task: it is drawn, selected.
    assert!(!s.contains("Job8"), "{s}");
    for _ in 0..7 {
        press(&mut m, &[key('j')]);
    }
    assert_eq!(m.cursor.task, Some(8));
    let s = screen(&m);
    assert!(s.contains("Job8"), "{s}");
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn unassigned_column_and_all_day_band() {
    let mut b = board(160, 48).await;
    let sp = b.server.state().specials();
    assert!(b.m.focus_task(sp.unassigned));
    let s = screen(&b.m);
    assert!(s.contains("Unassigned"), "{s}");
    assert!(b.m.focus_task(sp.all_day));
    let s2 = screen(&b.m);
    assert!(s2.contains("all day"), "{s2}");
    insta::assert_snapshot!("unassigned", s);
    insta::assert_snapshot!("all_day_band", s2);
}

#[tokio::test]
async fn stale_header() {
    let mut b = board(120, 30).await;
    // Two poll intervals pass and the refresh is still out.
    let cmds = update(&mut b.m, Msg::Tick(now() + chrono::Duration::seconds(31)));
    assert!(!cmds.is_empty());
    update(&mut b.m, Msg::Tick(now() + chrono::Duration::seconds(75)));
    let s = screen(&b.m);
    let header = s.lines().next().unwrap().to_string();
    assert!(
        header.contains("stale: updated 1 min ago · waiting for Kickserv"),
        "{header}"
    );
    insta::assert_snapshot!(header);
}

#[tokio::test]
async fn error_header_keeps_the_data() {
    let mut b = board(120, 30).await;
    let before = b.m.shown_tasks;
    let cmds = update(&mut b.m, key('r'));
    let Some(Cmd::FetchTasks { seq, period, .. }) = cmds.into_iter().next() else {
        panic!("no fetch")
    };
    let fault = ApiFault {
        kind: FaultKind::Unreachable,
        text: "Kickserv is unreachable: connection refused".into(),
        retry_after: None,
    };
    update(
        &mut b.m,
        Msg::TasksLoaded {
            seq,
            period,
            at: now(),
            result: Err(fault),
        },
    );
    let s = screen(&b.m);
    let header = s.lines().next().unwrap().to_string();
    assert!(header.contains("✗ Kickserv is unreachable"), "{header}");
    assert_eq!(b.m.shown_tasks, before);
    assert!(s.lines().count() > 5 && s.contains(":00"), "{s}");
    insta::assert_snapshot!(header);
}

#[tokio::test]
async fn too_small() {
    for (w, h) in [(59, 20), (80, 14), (1, 1)] {
        let mut m = loaded(vec![], vec![]);
        m.size = (w, h);
        let s = screen(&m);
        if w > 20 {
            assert!(s.contains("terminal too small"), "{s}");
        }
        if (w, h) == (59, 20) {
            insta::assert_snapshot!(s);
        }
    }
}

#[tokio::test]
async fn escape_sequences_are_drawn_inert() {
    let mut b = board(120, 40).await;
    let id = b.server.state().specials().escape;
    assert!(b.m.focus_task(id));
    keys(&mut b, &[code(KeyCode::Enter)]).await;
    assert!(matches!(b.m.overlay, Overlay::Detail { .. }));
    let s = draw(&b.m);
    let text = s.text();
    assert!(text.contains("␛["), "{text}");
    let buf = s.term.backend().buffer();
    for c in buf.content() {
        assert!(
            !c.symbol().chars().any(|ch| ch.is_control()),
            "control character drawn: {:?}",
            c.symbol()
        );
    }
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn colour_and_no_colour() {
    let mut o = opts();
    o.color = true;
    let b = board_with(80, 24, o).await;
    let coloured = colours(&draw(&b.m));
    let plain_board = board(80, 24).await;
    let plain = draw(&plain_board.m);
    for c in plain.term.backend().buffer().content() {
        assert_eq!(
            (c.fg, c.bg),
            (Color::Reset, Color::Reset),
            "NO_COLOR drew a colour"
        );
    }
    // Same text either way.
    assert_eq!(draw(&b.m).text(), plain.text());
    insta::assert_snapshot!("colour_16", coloured);
    insta::assert_snapshot!("no_colour", colours(&plain));
}

#[tokio::test]
async fn every_size_from_1x1_to_300x100_draws() {
    let mut b = board(120, 40).await;
    let id = b.server.state().specials().multi_employee;
    for view in ['d', 'w'] {
        keys(&mut b, &[key(view)]).await;
        for overlay in [None, Some('?'), Some('g')] {
            if let Some(k) = overlay {
                update(&mut b.m, key(k));
            }
            for (w, h) in [
                (1, 1),
                (2, 1),
                (10, 3),
                (59, 14),
                (60, 15),
                (61, 16),
                (80, 24),
                (97, 31),
                (160, 48),
                (200, 60),
                (300, 100),
                (300, 15),
                (60, 100),
            ] {
                update(&mut b.m, Msg::Resize(w, h));
                b.m.focus_task(id);
                let s = screen(&b.m);
                let big = w >= 60 && h >= 15;
                assert_eq!(s.contains("kickdesk"), big, "{w}×{h}:\n{s}");
            }
            if overlay.is_some() {
                update(&mut b.m, code(KeyCode::Esc));
            }
        }
    }
}

#[tokio::test]
async fn monitor_mode_says_so_and_offers_no_mutating_keys() {
    let mut o = opts();
    o.monitor = true;
    let b = board_with(80, 24, o).await;
    let s = screen(&b.m);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[0].contains("monitor"), "{}", lines[0]);
    let hints = lines[23];
    assert!(
        !hints.contains("notify") && !hints.contains("on the way"),
        "{hints}"
    );
}

#[test]
fn listing_warnings_show_in_the_header_beside_the_clock() {
    use kickdesk::kickserv::model::{Listing, ListingNotes};
    let ana = employee(1, 1, "Ana");
    let load = |m: &mut Model, notes: ListingNotes| {
        let cmds = update(
            m,
            Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Char('r'))),
        );
        let (seq, period) = fetch_of(&cmds)[0];
        let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
        update(
            m,
            Msg::TasksLoaded {
                seq,
                period,
                at: now(),
                result: Ok(Listing { tasks, notes }),
            },
        );
    };
    let mut m = loaded(vec![ana.clone()], vec![]);
    m.size = (160, 48);
    load(
        &mut m,
        ListingNotes {
            unreadable: 1,
            capped_at: Some(500),
        },
    );
    let s = screen(&m);
    let header = s.lines().next().unwrap().to_string();
    assert!(header.contains("⚠ 1 task unreadable, see log"), "{header}");
    assert!(
        header.contains("⚠ incomplete: stopped at 500 pages"),
        "{header}"
    );
    assert!(
        header.contains("10:45") && header.contains("updated"),
        "{header}"
    );

    // Narrow: the clock and the freshness stay, the warnings give way.
    m.size = (80, 24);
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(
        header.contains("10:45") && header.contains("updated"),
        "{header}"
    );

    // A whole listing clears them.
    m.size = (160, 48);
    load(&mut m, ListingNotes::default());
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(!header.contains('⚠'), "{header}");
    assert_eq!(m.sync.notes, ListingNotes::default());
}

#[tokio::test]
async fn an_unreadable_task_from_the_simulator_is_counted_in_the_header() {
    let server = sim_at(now()).await;
    let patch = kickdesk::sim::FaultsPatch {
        unreadable: Some(kickdesk::sim::Unreadable::Deep),
        ..Default::default()
    };
    server.state().set_faults(patch).unwrap();
    let effects = ApiEffects {
        client: Client::new(ClientConfig {
            base_url: server.base_url.clone(),
            ..ClientConfig::new("demo", Token::new("demo-token"))
        })
        .unwrap(),
        clock: Arc::new(now),
    };
    let mut m = Model::new(opts(), now(), (160, 48));
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;
    assert_eq!(m.sync.notes.unreadable, 1);
    assert!(m.shown_tasks > 10, "the other tasks are shown");
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(header.contains("⚠ 1 task unreadable, see log"), "{header}");
    assert!(header.contains("10:45"), "{header}");
}

/// A log sink for one test: what the default log level keeps.
#[derive(Clone, Default)]
struct LogBuf(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
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

impl LogBuf {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn a_failed_send_shows_one_sentence_and_the_log_gets_the_servers_answer() {
    let log = LogBuf::default();
    let sink = log.clone();
    use tracing_subscriber::util::SubscriberInitExt;
    let _log = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .set_default();
    let server = sim_at(now()).await;
    server
        .state()
        .set_faults(kickdesk::sim::FaultsPatch {
            kinds: Some(vec![kickdesk::sim::FaultKind::ServerError]),
            fail_next: Some(1),
            ..Default::default()
        })
        .unwrap();
    let effects = ApiEffects {
        client: Client::new(ClientConfig {
            base_url: server.base_url.clone(),
            ..ClientConfig::new("demo", Token::new("demo-token"))
        })
        .unwrap(),
        clock: Arc::new(now),
    };
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::Notify { .. })),
        "{cmds:?}"
    );
    settle(&mut m, &effects, cmds).await;
    let s = screen(&m);
    assert!(
        s.contains("server error (HTTP 500); details in the log"),
        "{s}"
    );
    for raw in ["{", "\"status\"", "Internal Server Error"] {
        assert!(!s.contains(raw), "{raw} reached the screen:\n{s}");
    }
    let logged = log.text();
    assert!(logged.contains("Internal Server Error"), "{logged}");
    assert!(logged.contains("500"), "{logged}");
    assert!(!logged.contains("demo-token"), "{logged}");
}
