//! What a user sees: the board drawn on ratatui's TestBackend from the
//! seeded simulator, over real loopback HTTP, with a fixed clock.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::sync::Arc;
use tokio::sync::mpsc;

use kickdesk::app::look::Look;
use kickdesk::app::model::{Model, Options, Overlay};
use kickdesk::app::msg::{ApiCmd, Cmd, FaultKind, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::runtime::screen::TestScreen;
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
            let Cmd::Api(c) = c else { continue };
            if matches!(
                c,
                ApiCmd::FetchTasks { .. }
                    | ApiCmd::FetchEmployees
                    | ApiCmd::Notify { .. }
                    | ApiCmd::Delete { .. }
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
    let client = demo_client(&server.base_url);
    let fixed = now();
    let effects = ApiEffects {
        client,
        clock: Arc::new(move || fixed),
        running: Default::default(),
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
    let client = demo_client(&b.server.base_url);
    let fixed = now();
    let effects = ApiEffects {
        client,
        clock: Arc::new(move || fixed),
        running: Default::default(),
    };
    for msg in msgs {
        let cmds = update(&mut b.m, msg.clone());
        settle(&mut b.m, &effects, cmds).await;
    }
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

/// Checks that hold for the week view at any size: the load bars' scale is
/// stated, and the "more" line never takes the last employee's weekly total.
fn week_invariants(s: &str) {
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[1].trim_start().starts_with("load/12h"), "{s}");
    if let Some(i) = lines.iter().position(|l| l.trim_start().starts_with("▼ ")) {
        // The line above is the last row's second line: its weekly total.
        let total = lines[i - 1].trim_start();
        let digits = total.chars().take_while(|c| c.is_ascii_digit()).count();
        assert!(digits > 0 && total[digits..].starts_with(['h', '½']), "{s}");
    }
}

#[tokio::test]
async fn week_view_80x24() {
    let mut b = board(80, 24).await;
    keys(&mut b, &[key('w')]).await;
    let s = screen(&b.m);
    week_invariants(&s);
    assert!(s.contains("▼ 5 more"), "{s}");
    // Every task line starts with its glyph and the start time whole.
    for l in s.lines().skip(3).take(18) {
        for cell in l.split('│').skip(1).filter(|c| !c.trim().is_empty()) {
            // The status glyph, then the double-booking mark if any.
            let cell: String = cell.chars().skip(1).skip_while(|&c| c == '≡').collect();
            if cell.contains('░') || cell.contains('█') || cell.starts_with("all day") {
                continue;
            }
            let time: String = cell.chars().take(5).collect();
            assert!(
                time.len() == 5 && time.as_bytes()[2] == b':',
                "{cell:?} in\n{s}"
            );
        }
    }
    insta::assert_snapshot!(s);
    // Scrolled down (the first page goes to the last row shown, the second
    // scrolls), the rows above are counted under the scale, which stays, and
    // Unassigned stays the first row.
    keys(&mut b, &[code(KeyCode::PageDown), code(KeyCode::PageDown)]).await;
    let s = screen(&b.m);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[1].starts_with(" load/12h│"), "{s}");
    assert!(lines[2].starts_with("─▲ "), "{s}");
    assert!(lines[3].starts_with(" Unassig…│"), "{s}");
    week_invariants(&s);
}

#[tokio::test]
async fn week_view_120x40() {
    let mut b = board(120, 40).await;
    keys(&mut b, &[key('w')]).await;
    let s = screen(&b.m);
    week_invariants(&s);
    // With room, each load line states its scale.
    assert!(s.contains("h/12h"), "{s}");
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn week_view_200x60() {
    let mut b = board(200, 60).await;
    keys(&mut b, &[key('w')]).await;
    let s = screen(&b.m);
    week_invariants(&s);
    // Customer names are cut from the end, not to their last word.
    assert!(s.contains("07:30 山本 さくら"), "{s}");
    assert!(!s.contains("07:30 さくら"), "{s}");
    insta::assert_snapshot!(s);
}

/// A week cell marks a change among the tasks it has no line for.
#[test]
fn a_week_cell_marks_a_change_it_cannot_show() {
    let ana = employee(1, 1, "Ana");
    let bo = employee(2, 2, "Bo");
    let day: Vec<_> = (0..6)
        .map(|i| task(i + 1, &[&ana], 8 + i as u32, 0, 60, &format!("Job{i}")))
        .collect();
    let mut m = loaded(vec![ana.clone(), bo.clone()], vec![]);
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, day.clone().into());
    resize(&mut m, 80, 24);
    let s = screen(&m);
    assert!(!s.contains('★'), "{s}");
    // A poll finds a seventh task late in the day: it has no line of its own.
    let mut more = day;
    more.push(task(7, &[&ana], 17, 0, 60, "Late job"));
    let cmds = press(&mut m, &[key('r')]);
    answer_fetch_at(
        &mut m,
        &cmds,
        now() + chrono::Duration::seconds(30),
        Ok(more.into()),
    );
    let s = screen(&m);
    assert!(!s.contains("Late job") && !s.contains("17:00"), "{s}");
    let load = s
        .lines()
        .find(|l| l.contains("Ana"))
        .expect("Ana's row")
        .to_string();
    assert!(load.contains("★+"), "{load}\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn help_lists_every_glyph_of_the_board() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![task(1, &[&ana], 9, 0, 60, "Job")]);
    resize(&mut m, 100, 100);
    press(&mut m, &[key('?')]);
    let s = screen(&m);
    for (_, entries) in kickdesk::ui::glyphs::UNICODE.legend() {
        for (g, meaning) in entries {
            assert!(s.contains(&format!("{g} {meaning}")), "{g} {meaning}:\n{s}");
        }
    }
    assert!(
        s.contains("c") && s.contains("next task changed at the last poll"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn the_hint_bar_always_offers_help_and_quit() {
    use kickdesk::ui::{hints, theme::Theme};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![task(1, &[&ana], 9, 0, 60, "Job")]);
    press(&mut m, &[key('j')]);
    let th = Theme::plain();
    for week in [false, true] {
        if week {
            press(&mut m, &[key('w')]);
        }
        for toast in [false, true] {
            if toast {
                // A long message takes what is left, not the help and quit keys.
                press(&mut m, &[key('c')]);
                assert!(m.toast().is_some());
            }
            for w in 20..=200u16 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, 1));
                hints::draw(&m, &mut buf, Rect::new(0, 0, w, 1), th);
                let line: String = (0..w).map(|x| buf[(x, 0)].symbol().to_string()).collect();
                assert!(
                    line.contains("? help") && line.contains("q quit"),
                    "week {week} toast {toast} width {w}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn statuses_read_in_plain_words() {
    use kickdesk::kickserv::model::Status;
    let ana = employee(1, 1, "Ana");
    let mut t = task(1, &[&ana], 9, 0, 60, "Job");
    t.status = Some(Status::InProgress);
    let mut odd = task(2, &[&ana], 11, 0, 60, "Odd");
    odd.status = Some(Status::from("waiting_on_parts"));
    let mut m = loaded(vec![ana.clone()], vec![t, odd]);
    assert!(m.focus_task(1));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(s.contains("status     in progress"), "{s}");
    assert!(!s.contains("in_progress"), "{s}");
    // An unknown status is shown as received.
    press(&mut m, &[code(KeyCode::Esc)]);
    assert!(m.focus_task(2));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(s.contains("status     waiting_on_parts"), "{s}");
    assert_eq!(Status::EstimateViewed.label(), "estimate viewed");
    assert_eq!(Status::EstimateViewed.as_str(), "estimate_viewed");
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
    // Too narrow a lane to set them side by side readably: the later task
    // takes its own first row in the same column, under the earlier one.
    let lines: Vec<&str> = s.lines().collect();
    let all = |needle: &str| -> Vec<(usize, usize)> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(y, l)| {
                l.match_indices(needle)
                    .map(move |(at, _)| (y, l[..at].chars().count()))
            })
            .collect()
    };
    // Three letters: the double-booking mark takes a column of the lane.
    let (xs_a, xs_c) = (all(&ta[..3]), all(&tc[..3]));
    assert!(!xs_c.is_empty(), "second title drawn:\n{s}");
    assert!(
        xs_a.iter()
            .any(|&(ya, xa)| xs_c.iter().any(|&(yc, xc)| ya < yc && xa == xc)),
        "{ta} above {tc} in one lane:\n{s}"
    );
    assert!(
        !s.contains("+1"),
        "every task drawn, none only counted:\n{s}"
    );
    // The snapshot shows that alone: one lane with two tasks at once.
    let ana = employee(1, 1, "Ana Reyes");
    let ben = employee(2, 2, "Ben Kim");
    let cleo = employee(3, 3, "Cleo North");
    let mut m = loaded(
        vec![ana.clone(), ben.clone(), cleo.clone()],
        vec![
            task(1, &[&ana], 9, 0, 120, "Boiler install"),
            task(2, &[&ana], 9, 30, 60, "Leak check"),
            task(3, &[&ben], 10, 0, 60, "AC repair"),
            task(4, &[&cleo], 13, 0, 60, "Gutter"),
        ],
    );
    resize(&mut m, 64, 18);
    let s = screen(&m);
    let column = |title: &str| {
        s.lines()
            .find_map(|l| l.find(title).map(|at| l[..at].chars().count()))
    };
    assert_eq!(column("Boiler"), column("Leak"), "{s}");
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn narrow_overlaps_show_plus_n_and_the_selection_reaches_it() {
    let ana = employee(1, 1, "Ana");
    let tasks: Vec<_> = (1..=8)
        .map(|i| task(i, &[&ana], 9, 0, 120, &format!("Job{i}")))
        .collect();
    let mut m = loaded(vec![ana], tasks);
    resize(&mut m, 60, 20);
    let s = screen(&m);
    // Three side by side; the rest share the last place, one a row each:
    // every title drawn, nothing only counted.
    for i in 1..=8 {
        assert!(s.contains(&format!("Job{i}")), "Job{i}:\n{s}");
    }
    assert!(!s.contains("+"), "{s}");
    // Walk to the last overlapping task: it is drawn, selected.
    for _ in 0..7 {
        press(&mut m, &[key('j')]);
    }
    assert_eq!(m.cursor().task, Some(8));
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
    // The text snapshots each show one claim on a board of their own: the
    // Unassigned lane first, with its tasks...
    let ana = employee(1, 1, "Ana Reyes");
    let ben = employee(2, 2, "Ben Kim");
    let mut m = loaded(
        vec![ana.clone(), ben.clone()],
        vec![
            task(1, &[&ana], 9, 0, 60, "Boiler service"),
            task(2, &[], 10, 0, 90, "Leak check"),
            task(3, &[], 12, 30, 60, "Quote visit"),
        ],
    );
    resize(&mut m, 72, 16);
    let s = screen(&m);
    assert!(
        s.lines().nth(1).is_some_and(|l| l.contains("│ Unassigned")),
        "{s}"
    );
    insta::assert_snapshot!("unassigned", s);
    // ...and an all-day task in the band above the hours.
    let mut training = task(1, &[&ana], 0, 0, 24 * 60, "Training day");
    training.all_day = Some(true);
    let mut m = loaded(
        vec![ana.clone(), ben.clone()],
        vec![training, task(2, &[&ben], 9, 0, 60, "AC repair")],
    );
    resize(&mut m, 80, 15);
    let s = screen(&m);
    assert!(
        s.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("all day") && l.contains("Training day")),
        "{s}"
    );
    insta::assert_snapshot!("all_day_band", s);
    // The two differ in where the selection is: the styles show it.
    assert!(b.m.focus_task(sp.unassigned));
    let on_unassigned = colours(&draw(&b.m));
    assert!(b.m.focus_task(sp.all_day));
    let on_band = colours(&draw(&b.m));
    assert_ne!(on_unassigned, on_band);
    insta::assert_snapshot!("unassigned_styles", on_unassigned);
    insta::assert_snapshot!("all_day_band_styles", on_band);
}

#[tokio::test]
async fn stale_header() {
    // Wide enough for the unassigned count, which outranks these words.
    let mut b = board(140, 30).await;
    // Two poll intervals pass and the refresh is still out.
    let cmds = update(&mut b.m, Msg::Tick(now() + chrono::Duration::seconds(31)));
    assert!(!cmds.is_empty());
    update(&mut b.m, Msg::Tick(now() + chrono::Duration::seconds(75)));
    let s = screen(&b.m);
    let header = s.lines().next().unwrap().to_string();
    assert!(
        header.contains("◌ stale since 10:45 · waiting for Kickserv"),
        "{header}"
    );
    insta::assert_snapshot!(header);
}

#[tokio::test]
async fn error_header_keeps_the_data() {
    let mut b = board(120, 30).await;
    let before = b.m.shown_tasks();
    let cmds = update(&mut b.m, key('r'));
    let Some(Cmd::Api(ApiCmd::FetchTasks { seq, period, .. })) = cmds.into_iter().next() else {
        panic!("no fetch")
    };
    let fault = fault(
        FaultKind::Unreachable,
        "Kickserv is unreachable: connection refused",
    );
    answer_at(&mut b.m, (seq, period), now(), Err(fault));
    let s = screen(&b.m);
    let header = s.lines().next().unwrap().to_string();
    assert!(header.contains("⚠ Kickserv is unreachable"), "{header}");
    assert_eq!(b.m.shown_tasks(), before);
    assert!(s.lines().count() > 5 && s.contains(":00"), "{s}");
    insta::assert_snapshot!(header);
}

#[tokio::test]
async fn too_small() {
    for (w, h) in [(59, 20), (80, 14), (1, 1)] {
        let mut m = loaded(vec![], vec![]);
        resize(&mut m, w, h);
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
    assert!(matches!(b.m.top(), Some(Overlay::Detail { .. })));
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
    o.look = Look::ANSI16;
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
        answer_at(m, (seq, period), now(), Ok(Listing { tasks, notes }));
    };
    let mut m = loaded(vec![ana.clone()], vec![]);
    resize(&mut m, 160, 48);
    load(
        &mut m,
        ListingNotes {
            unreadable: 1,
            capped_at: Some(500),
            ..ListingNotes::default()
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
        header.contains("10:45") && header.contains("confirmed now"),
        "{header}"
    );

    // Narrow: the clock and the freshness stay, the warnings give way.
    resize(&mut m, 80, 24);
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(
        header.contains("10:45") && header.contains("confirmed now"),
        "{header}"
    );

    // A whole listing clears them.
    resize(&mut m, 160, 48);
    load(&mut m, ListingNotes::default());
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(!header.contains('⚠'), "{header}");
    assert_eq!(m.sync().notes, ListingNotes::default());
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
        client: demo_client(&server.base_url),
        clock: Arc::new(now),
        running: Default::default(),
    };
    let mut m = Model::new(opts(), now(), (160, 48));
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;
    assert_eq!(m.sync().notes.unreadable, 1);
    assert!(m.shown_tasks() > 10, "the other tasks are shown");
    let header = screen(&m).lines().next().unwrap().to_string();
    assert!(header.contains("⚠ 1 task unreadable, see log"), "{header}");
    assert!(header.contains("10:45"), "{header}");
}

/// Fourteen employees (more than fit even at 200 columns) and Unassigned
/// work; Ana's two tasks are back to back (09:00–10:30, 10:30–12:00), Ben
/// has none.
fn crowded_day() -> Model {
    let names = [
        "Ana", "Ben", "Cleo", "Dmitri", "Eve", "Farid", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea",
        "Mo", "Nils",
    ];
    let emps: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, n)| employee(i as i64 + 1, i as i64 + 1, n))
        .collect();
    let mut tasks = vec![
        task(1, &[&emps[0]], 9, 0, 90, "Boiler service"),
        task(2, &[&emps[0]], 10, 30, 90, "AC repair"),
        task(3, &[], 13, 0, 60, "Leak check"),
    ];
    for (i, e) in emps.iter().enumerate().skip(2) {
        tasks.push(task(
            10 + i as i64,
            &[e],
            8 + (i % 5) as u32,
            0,
            60,
            "Gutter clean",
        ));
    }
    loaded(emps, tasks)
}

/// Column (in cells) of `needle` in a line of single-width characters.
fn column_of(line: &str, needle: &str) -> Option<u16> {
    line.find(needle).map(|b| line[..b].chars().count() as u16)
}

#[test]
fn day_grid_at_three_sizes() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut m = crowded_day();
        update(&mut m, Msg::Resize(w, h));
        // Unassigned first, then Ana, then Ben (who has no task).
        assert_eq!(m.lanes()[0].1, "Unassigned");
        press(&mut m, &[key('l'), key('l')]);
        assert_eq!(
            (m.lanes()[m.cursor().lane].1.as_str(), m.cursor().task),
            ("Ben", None)
        );
        let s = draw(&m);
        let text = s.text();
        let lines: Vec<&str> = text.lines().collect();
        // Back to back: each task has its own first line, glyph and start time.
        let first = lines.iter().position(|l| l.contains("09:00 Boil"));
        let second = lines.iter().position(|l| l.contains("10:30 AC r"));
        assert!(
            matches!((first, second), (Some(a), Some(b)) if a < b),
            "{w}×{h}:\n{text}"
        );
        // The earlier block's last row is ruled off from the next one.
        let buf = s.term.backend().buffer();
        let (y, x) = (
            second.unwrap() as u16 - 1,
            column_of(lines[second.unwrap()], "10:30 AC").unwrap(),
        );
        assert!(
            buf[(x, y)].modifier.contains(Modifier::UNDERLINED),
            "{w}×{h}: no rule above the second task"
        );
        // The now-line keeps its row's hour label and says the time itself.
        let now_row = lines
            .iter()
            .find(|l| l.contains("now 10:45"))
            .unwrap_or_else(|| panic!("{w}×{h}: no now-line:\n{text}"));
        assert!(now_row.starts_with(" 10:"), "{now_row}");
        // Every row keeps its label: they step evenly through the day.
        let labels: Vec<i32> = lines
            .iter()
            .filter_map(|l| {
                let t = l.get(1..6)?;
                let (h, m) = t.split_once(':')?;
                Some(h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?)
            })
            .collect();
        assert!(labels.len() > 10, "{text}");
        let step = labels[1] - labels[0];
        assert!(
            labels.windows(2).all(|p| p[1] - p[0] == step),
            "{w}×{h}: {labels:?}"
        );
        // Rows start at the working hours, not in the night.
        let first_row = lines
            .iter()
            .find(|l| l.contains(" 0") && l.contains(":00 │"))
            .unwrap();
        assert!(first_row.starts_with(" 07:00"), "{w}×{h}: {first_row}");
        // The empty column's header is the cursor: drawn reversed.
        let header = lines[1];
        let bx = column_of(header, "Ben").unwrap();
        assert!(
            buf[(bx, 1)].modifier.contains(Modifier::REVERSED),
            "{header}"
        );
        let ax = column_of(header, "Ana").unwrap();
        assert!(
            !buf[(ax, 1)].modifier.contains(Modifier::REVERSED),
            "{header}"
        );
        let style: String = colours(&s).lines().nth(1).unwrap().to_string();
        insta::assert_snapshot!(
            format!("day_grid_{w}x{h}"),
            format!("{text}\nheader row (r = reversed):\n{style}")
        );
        // More employees than fit: Unassigned stays first while they scroll.
        assert!(
            header.contains(kickdesk::ui::glyphs::UNICODE.more_right),
            "{header}"
        );
        press(&mut m, &vec![key('l'); 12]);
        assert_eq!(m.lanes()[m.cursor().lane].1, "Nils");
        let text = screen(&m);
        let header = text.lines().nth(1).unwrap().to_string();
        assert!(
            header
                .trim_start_matches([' ', '│'])
                .starts_with("◀ more│ Unassigned")
                || header.contains("│ Unassigned"),
            "{header}"
        );
        assert!(
            column_of(&header, "Unassigned") < column_of(&header, "Nils"),
            "{header}"
        );
        // The first employee has scrolled away behind Unassigned.
        assert!(!header.contains("Ana"), "{header}");
        insta::assert_snapshot!(format!("day_grid_{w}x{h}_scrolled"), text);
    }
}

#[tokio::test]
async fn a_failed_send_shows_one_sentence_and_the_log_gets_the_servers_answer() {
    // A log sink for this test: what the default log level keeps.
    let log = SharedBuf::default();
    let sink = log.clone();
    use tracing_subscriber::util::SubscriberInitExt;
    let _log = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
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
        client: demo_client(&server.base_url),
        clock: Arc::new(now),
        running: Default::default(),
    };
    let ana = employee(1, 1, "Ana Gómez");
    let mut m = loaded(
        vec![ana.clone()],
        vec![task(10, &[&ana], 9, 0, 60, "AC repair")],
    );
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Api(ApiCmd::Notify { .. }))),
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

mod key_contexts {
    use super::*;
    use kickdesk::app::keymap::Keymap;

    fn hint_bar(m: &Model) -> String {
        screen(m).lines().last().unwrap_or_default().to_string()
    }

    fn one_task() -> Model {
        let ana = employee(1, 1, "Ana");
        let mut m = loaded(vec![ana.clone()], vec![task(1, &[&ana], 9, 0, 60, "Job")]);
        assert!(m.focus_task(1));
        m
    }

    #[test]
    fn the_hint_bar_shows_the_keys_of_the_context_on_top() {
        let mut m = one_task();
        let bar = hint_bar(&m);
        assert!(bar.contains("j/k task") && bar.contains("q quit"), "{bar}");
        let cases: &[(&[Msg], &[&str])] = &[
            (
                &[code(KeyCode::Enter)],
                &["k/j scroll", "D delete", "n notify", "Esc close"],
            ),
            (&[key('o')], &["y yes", "n no"]),
            (&[key('g')], &["Enter go", "Esc cancel"]),
            (&[key('?')], &["k/j scroll", "Esc close"]),
        ];
        for (keys, want) in cases {
            press(&mut m, keys);
            let bar = hint_bar(&m);
            for w in *want {
                assert!(bar.contains(w), "{w}: {bar}");
            }
            assert!(!bar.contains("task"), "board hints under a box: {bar}");
            press(&mut m, &[code(KeyCode::Esc)]);
            assert!(m.top().is_none());
        }
    }

    #[test]
    fn read_only_hides_mutating_keys_in_the_detail_hints_and_in_every_help_section() {
        let mut m = one_task();
        resize(&mut m, 100, 80);
        let mut rw = m.clone();
        let mut m = restarted(&m, opts_with(|o| o.read_only = true));
        press(&mut m, &[code(KeyCode::Enter)]);
        let bar = hint_bar(&m);
        assert!(
            bar.contains("k/j scroll") && bar.contains("Esc close"),
            "{bar}"
        );
        assert!(!bar.contains("delete") && !bar.contains("notify"), "{bar}");

        press(&mut rw, &[key('?')]);
        press(&mut m, &[code(KeyCode::Esc), key('?')]);
        let (all, ro) = (screen(&rw), screen(&m));
        for s in [&all, &ro] {
            assert!(
                s.contains("Elsewhere (the config's [keys.<name>] tables):"),
                "{s}"
            );
            assert!(s.contains("prompt   Enter go  Esc cancel"), "{s}");
        }
        assert!(
            all.contains("detail   k/j scroll  e edit  D delete  M move  n notify"),
            "{all}"
        );
        assert!(
            ro.contains("detail   k/j scroll  J JSON  Esc close"),
            "{ro}"
        );
        assert!(
            all.contains("form     Ctrl-S save  Tab/Shift-Tab field"),
            "{all}"
        );
        assert!(
            ro.contains("form     Tab/Shift-Tab field  Esc cancel"),
            "{ro}"
        );
        assert!(all.contains("move     u undo  j later"), "{all}");
        for mutating in [
            "delete task",
            "notify assigned",
            "Ctrl-S",
            "D delete",
            "move     ",
        ] {
            assert!(all.contains(mutating), "{mutating}: {all}");
            assert!(!ro.contains(mutating), "{mutating}: {ro}");
        }
    }

    #[test]
    fn help_at_80x24_starts_with_the_board_and_scrolls_to_the_other_contexts() {
        let mut m = one_task();
        resize(&mut m, 80, 24);
        press(&mut m, &[key('?')]);
        let s = screen(&m);
        assert!(s.contains("k ↑        move up"), "{s}");
        assert!(!s.contains("Elsewhere"), "{s}");
        for _ in 0..40 {
            press(&mut m, &[code(KeyCode::Down)]);
        }
        let s = screen(&m);
        for want in [
            "Elsewhere",
            "confirm  y yes  n no",
            "help     k/j scroll  Esc close",
        ] {
            assert!(s.contains(want), "{want}: {s}");
        }
        // Back to the top, with the help's own keys.
        press(&mut m, &[key('g')]);
        assert!(screen(&m).contains("k ↑        move up"));
    }

    #[test]
    fn a_users_key_taken_from_a_default_leaves_that_action_keyless_in_help() {
        let mut m = one_task();
        resize(&mut m, 100, 60);
        let table: toml::Table = match "delete = \"d\"".parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let km = match Keymap::defaults().apply(&table) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        let mut m = restarted(&m, opts_with(|o| o.keymap = km));
        press(&mut m, &[key('?')]);
        let s = screen(&m);
        let row = |label: &str| {
            s.lines()
                .find(|l| l.contains(label))
                .and_then(|l| l.split(label).next())
                .and_then(|before| before.rsplit('│').next())
                .map(|keys| keys.trim().to_string())
                .unwrap_or_else(|| panic!("no {label} row:\n{s}"))
        };
        // The row's keys column: `d` now deletes, the day view has no key.
        assert_eq!(row("delete task"), "d", "{s}");
        assert_eq!(row("day view"), "", "{s}");
    }

    #[test]
    fn a_started_sequence_shows_in_the_hint_bar_with_what_may_follow() {
        let m = one_task();
        let table: toml::Table = match "goto_date = \"g d\"\nfirst = [\"home\", \"g g\"]".parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let km = match Keymap::defaults().apply(&table) {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        let mut m = restarted(&m, opts_with(|o| o.keymap = km));
        press(&mut m, &[key('g')]);
        let bar = hint_bar(&m);
        assert!(bar.contains("g… then  g first  d go to"), "{bar}");
        press(&mut m, &[key('x')]);
        let bar = hint_bar(&m);
        assert!(bar.contains("j/k task") && !bar.contains('…'), "{bar}");
        // The board's own hint shows the rebound sequence.
        assert!(bar.contains("g d go to"), "{bar}");
    }
}

/// A task with everything the detail shows, among others on the board.
fn detail_board(w: u16, h: u16) -> Model {
    use kickdesk::kickserv::model::{Contact, Customer, Job, Status};
    let ana = employee(1, 1, "Ana Gómez");
    let ben = employee(2, 2, "Ben Okafor");
    let chloe = employee(3, 3, "Chloé Martin");
    let mut t = task(10, &[&ana, &ben], 9, 30, 150, "Boiler service");
    t.task_type_id = Some(4711);
    t.description = Some(
        std::iter::once("Gate code 4711; the boiler is in the basement.".to_string())
            .chain((2..=40).map(|i| format!("checklist item {i}")))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    t.job = Some(Arc::new(Job {
        id: 100,
        job_number: Some(86000),
        name: Some("Boiler service".into()),
        status: Some(Status::InProgress),
        ..Job::default()
    }));
    t.customer = Some(Arc::new(Customer {
        id: 1000,
        customer_number: Some(380),
        name: Some("Samantha Example".into()),
        phone_number: Some("555-123-4567".into()),
        email_address: Some("sam@example.com".into()),
        service_address: Some("123 Main Street SE".into()),
        service_city: Some("Grand Rapids".into()),
        service_state: Some("MI".into()),
        service_zip_code: Some("49503".into()),
        ..Customer::default()
    }));
    t.primary_contact = Some(Arc::new(Contact {
        name: Some("Sam Example".into()),
        phone_number: Some("555-765-4321".into()),
        email_address: Some("office@example.com".into()),
        ..Contact::default()
    }));
    let others = vec![
        task(11, &[&chloe], 8, 0, 60, "Leak check"),
        task(12, &[&ben], 13, 0, 90, "Install"),
    ];
    let mut tasks = vec![t];
    tasks.extend(others);
    let mut m = common::loaded(vec![ana, ben, chloe], tasks);
    update(&mut m, Msg::Resize(w, h));
    assert!(m.focus_task(10));
    update(&mut m, code(KeyCode::Enter));
    m
}

#[test]
fn detail_beside_the_grid_160x40() {
    let m = detail_board(160, 40);
    assert!(m.pane_width().is_some());
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn detail_over_the_grid_100x30() {
    let mut m = detail_board(100, 30);
    assert!(m.pane_width().is_none());
    insta::assert_snapshot!(screen(&m));
    // Scrolled into the description: its position in the bottom border.
    for _ in 0..25 {
        update(&mut m, key('j'));
    }
    kickdesk::runtime::settle_overlay(&mut m);
    let s = screen(&m);
    assert!(s.contains("description 7–30 of 40"), "{s}");
}

#[test]
fn confirm_over_the_detail() {
    let mut m = detail_board(160, 40);
    update(&mut m, key('D'));
    insta::assert_snapshot!(screen(&m));
}

#[test]
fn raw_json_of_the_task_with_an_unknown_key_and_masked_secrets() {
    use kickdesk::kickserv::model::{Extra, Task};
    let ana = employee(1, 1, "Ana Gómez");
    let mut t: Task = serde_json::from_value(serde_json::json!({
        "id": 10,
        "name": "Boiler service",
        "description": "Gate code 4711",
        "starts_at": "2026-11-27T09:30:00-05:00",
        "ends_at": "2026-11-27T12:00:00-05:00",
        "task_type_id": 4711,
        "crew_notes": "Ring twice \u{1b}[31m",
        "created_by": {"name": "Dana", "api_token": "tok-123"},
        "webhook": {"headers": "Authorization: Basic Zm9vOmJhcg=="},
        "employees": [{"id": 1, "employee_number": 1, "name": "Ana Gómez"}],
    }))
    .unwrap();
    // A secret that reached the record some other way than parsing: masked.
    let mut extra = t.extra.map();
    extra.insert("api_key".into(), "k-999".into());
    t.extra = Extra::from(extra);
    let mut m = common::loaded(vec![ana], vec![t]);
    update(&mut m, Msg::Resize(160, 40));
    assert!(m.focus_task(10));
    update(&mut m, key('J'));
    let s = screen(&m);
    for secret in ["tok-123", "Zm9v", "k-999", "\u{1b}"] {
        assert!(!s.contains(secret), "{secret}: {s}");
    }
    for shown in [
        "\"crew_notes\": \"Ring twice \\u001b[31m\"",
        "\"api_key\": \"***\"",
        "Authorization: ***",
        "\"task_type_id\": 4711",
    ] {
        assert!(s.contains(shown), "{shown}: {s}");
    }
    insta::assert_snapshot!(s);
}

/// A task of the board's listing carries its job and customer without their
/// unknown keys: the raw view says so instead of showing them as if there
/// were none; a task whose job kept its keys shows them, without the note.
#[test]
fn raw_json_says_the_unknown_keys_of_job_and_customer_are_not_kept() {
    use kickdesk::kickserv::model::Task;
    let ana = employee(1, 1, "Ana Gómez");
    let task = |id: i64| -> Task {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "name": format!("Boiler service {id}"),
            "starts_at": "2026-11-27T09:30:00-05:00",
            "ends_at": "2026-11-27T12:00:00-05:00",
            "job": {"id": 7, "name": "Boiler", "invoice_status": "unpaid"},
            "customer": {"id": 8, "name": "Kim Lee", "billing_city": "Albany"},
            "employees": [{"id": 1, "employee_number": 1, "name": "Ana Gómez"}],
        }))
        .unwrap()
    };
    let mut lean = task(10);
    lean.drop_nested_keys();
    let mut m = common::loaded(vec![ana], vec![lean, task(11)]);
    update(&mut m, Msg::Resize(160, 48));
    let note = "job and customer: known fields only, unknown keys not kept";

    assert!(m.focus_task(10));
    update(&mut m, key('J'));
    let s = screen(&m);
    assert!(s.contains(note), "{s}");
    assert!(s.contains("\"name\": \"Kim Lee\""), "{s}");
    assert!(
        !s.contains("billing_city") && !s.contains("invoice_status"),
        "{s}"
    );

    update(&mut m, code(KeyCode::Esc));
    assert!(m.focus_task(11));
    update(&mut m, key('J'));
    let s = screen(&m);
    assert!(!s.contains(note), "{s}");
    assert!(s.contains("\"billing_city\": \"Albany\""), "{s}");
}

/// A day of four tasks for two employees, one customer "Kim Lee".
fn filter_board() -> Model {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let named = |mut t: kickdesk::kickserv::model::Task, name: &str| {
        t.customer = Some(Arc::new(kickdesk::kickserv::model::Customer {
            id: t.id * 100,
            name: Some(name.into()),
            ..Default::default()
        }));
        t
    };
    let tasks = vec![
        named(
            task(1, &[&ana], 8, 0, 60, "Boiler service"),
            "Kathy Imber Moore",
        ),
        named(task(2, &[&ana], 10, 0, 60, "AC repair"), "Oslo Bakery"),
        named(task(3, &[&ben], 9, 0, 60, "Leak check"), "Kim Lee"),
        named(task(4, &[&ben], 13, 0, 60, "Gutter clean"), "Nordic Cafe"),
    ];
    let mut m = loaded(vec![ana, ben], tasks);
    resize(&mut m, 100, 24);
    m
}

fn type_filter(m: &mut Model, q: &str) {
    let mut msgs = vec![key('/')];
    msgs.extend(q.chars().map(key));
    msgs.push(code(KeyCode::Enter));
    press(m, &msgs);
}

#[test]
fn text_filter_hides_and_dims_with_a_count_in_the_header() {
    let mut m = filter_board();
    type_filter(&mut m, "kim");
    let hidden = screen(&m);
    let header = hidden.lines().next().unwrap();
    assert!(header.contains("/kim 2 of 4"), "{header}");
    assert!(
        hidden.contains("Leak check") && !hidden.contains("AC repair"),
        "{hidden}"
    );
    let hints = hidden.lines().last().unwrap();
    assert!(
        hints.contains("Tab match") && hints.contains("Esc clear filter"),
        "{hints}"
    );
    insta::assert_snapshot!("text_filter_hidden", hidden);
    press(&mut m, &[key('F')]);
    let dimmed = screen(&m);
    assert!(
        dimmed.contains("AC repair") && dimmed.contains("/kim 2 of 4"),
        "{dimmed}"
    );
    insta::assert_snapshot!("text_filter_dimmed", dimmed);
    // In colour the tasks it does not match lose their status colour.
    let mut m = restarted(&filter_board(), opts_with(|o| o.look = Look::ANSI16));
    type_filter(&mut m, "kim");
    press(&mut m, &[key('F')]);
    let styles = colours(&draw(&m));
    insta::assert_snapshot!("text_filter_dimmed_styles", styles);
    press(&mut m, &[code(KeyCode::Esc)]);
    assert_eq!(m.filter_counts(), None);
    assert_ne!(colours(&draw(&m)), styles);
}

#[test]
fn a_text_filter_matching_nothing_says_so() {
    let mut m = filter_board();
    type_filter(&mut m, "zzqx");
    let s = screen(&m);
    assert!(s.contains("no task matches /zzqx"), "{s}");
    assert!(s.lines().next().unwrap().contains("/zzqx 0 of 4"), "{s}");
}

#[test]
fn the_filter_prompt_sits_on_the_bottom_line_with_its_count() {
    let mut m = filter_board();
    press(&mut m, &[key('/'), key('k'), key('i')]);
    let s = screen(&m);
    let last = s.lines().last().unwrap();
    assert!(last.starts_with(" /ki"), "{last:?}");
    assert!(last.trim_end().ends_with("2 of 4"), "{last:?}");
}

#[test]
fn the_palette_open_with_candidates() {
    let mut m = filter_board();
    press(&mut m, &[key(':'), key('w'), key('e')]);
    let s = screen(&m);
    assert!(s.contains("week_view"), "{s}");
    insta::assert_snapshot!("palette_open", s);
}

#[test]
fn the_log_lists_what_was_sent_with_time_task_and_result() {
    let mut m = filter_board();
    // Ben is told of his Leak check.
    assert!(m.focus_task(3));
    let cmds = press(&mut m, &[key('n'), code(KeyCode::Enter)]);
    assert_eq!(cmds.len(), 1, "the notification: {cmds:?}");
    press(
        &mut m,
        &[Msg::Notified {
            task_id: 3,
            kind: kickdesk::kickserv::model::NotifyKind::Employee,
            result: Ok(()),
        }],
    );
    let mut msgs = vec![key(':')];
    msgs.extend("log".chars().map(key));
    msgs.push(code(KeyCode::Enter));
    press(&mut m, &msgs);
    let s = screen(&m);
    let line = s
        .lines()
        .find(|l| l.contains("#3"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        line.contains("10:45:00") && line.contains("Leak check"),
        "{line}"
    );
    assert!(s.contains("Log"), "{s}");
}

// ---- The timeline day view ----

/// The board against `kickdesk sim --scale large` (50 technicians).
async fn large_board(w: u16, h: u16) -> Board {
    let server = sim::start(
        SimConfig {
            now: Some(now()),
            seed: 1,
            scale: sim::Scale::Large,
            ..SimConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let client = demo_client(&server.base_url);
    let fixed = now();
    let effects = ApiEffects {
        client,
        clock: Arc::new(move || fixed),
        running: Default::default(),
    };
    let mut m = Model::new(opts(), now(), (w, h));
    let cmds = init(&mut m);
    settle(&mut m, &effects, cmds).await;
    Board { m, server }
}

/// Employee names at the start of the timeline's rows.
fn timeline_names(m: &Model, s: &str) -> usize {
    let lines: Vec<&str> = s.lines().collect();
    m.lanes()
        .iter()
        .filter(|(_, name)| {
            let short: String = name.chars().take(6).collect();
            lines.iter().any(|l| l.starts_with(&format!(" {short}")))
        })
        .count()
}

#[tokio::test]
async fn timeline_200x60_shows_the_whole_team_and_day() {
    let mut b = large_board(200, 60).await;
    assert!(b.m.lanes().len() >= 50, "{}", b.m.lanes().len());
    keys(&mut b, &[key('v')]).await;
    let s = screen(&b.m);
    // Names are measured in columns: the CJK one is whole, and the bars start after it.
    assert!(s.contains(" 黒田 健 7½/12h   │"), "{s}");
    let names = timeline_names(&b.m, &s);
    assert!(names >= 45, "{names} names in\n{s}");
    let lines: Vec<&str> = s.lines().collect();
    // Unassigned pinned first, under the hour scale from the working day's start.
    assert!(lines[2].starts_with(" Unassigned"), "{s}");
    assert!(
        lines[1].contains("07:00") && lines[1].contains("18:00"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[tokio::test]
async fn timeline_80x24_scrolls_with_the_cursor() {
    let mut b = large_board(80, 24).await;
    keys(&mut b, &[key('v')]).await;
    let s = screen(&b.m);
    assert!(s.contains("▼ "), "{s}");
    insta::assert_snapshot!(s);
    // Down past the screen: the cursor's employee stays in sight, the rows
    // above are counted, and Unassigned stays first.
    let downs: Vec<Msg> = (0..30).map(|_| key('j')).collect();
    keys(&mut b, &downs).await;
    let s = screen(&b.m);
    let (_, name) = &b.m.lanes()[b.m.cursor().lane];
    assert_eq!(b.m.cursor().lane, 30);
    let short: String = name.chars().take(6).collect();
    assert!(s.contains(&format!(" {short}")), "{name} not in\n{s}");
    assert!(s.lines().nth(1).unwrap().starts_with(" ▲ "), "{s}");
    assert!(s.lines().nth(2).unwrap().starts_with(" Unassigned"), "{s}");
    insta::assert_snapshot!("timeline_80x24_scrolled", s);
}
