//! Reading the board at a glance: lanes that share the width, rows that
//! follow the working hours, a timeline that covers now and the evening,
//! late marks that are not a wall of red, a header that says whether the
//! data is confirmed now, help that pages, ASCII that keeps widths, and a
//! detail that says each fact once. Fixed clock; the demo's data from the
//! seeded simulator where the size of the team matters.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::wired::{self, TestResult};
use common::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::sync::Arc;

use kickdesk::app::look::Look;
use kickdesk::app::model::{Model, Options, Overlay};
use kickdesk::app::msg::Msg;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::model::{Contact, Customer, Employee, Job, Status, Task};
use kickdesk::runtime::screen::TestScreen;

/// 20:57 in New York on the fixed day.
fn evening() -> DateTime<Utc> {
    chrono_tz::America::New_York
        .with_ymd_and_hms(2026, 11, 27, 20, 57, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A board at `at`, `size`, showing `tasks` loaded then.
fn board_at(
    o: Options,
    at: DateTime<Utc>,
    size: (u16, u16),
    emps: Vec<Employee>,
    tasks: Vec<Task>,
) -> Model {
    let mut m = Model::new(o, at, size);
    let cmds = init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at,
            result: Ok(emps),
        },
    );
    answer_fetch_at(&mut m, &cmds, at, Ok(tasks.into()));
    m
}

fn with_status(mut t: Task, s: Status) -> Task {
    t.status = Some(s);
    t
}

/// One letter per cell for its background (`r` reversed): where colour goes.
fn colours(s: &TestScreen) -> String {
    let buf = s.term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            out.push(if c.modifier.contains(Modifier::REVERSED) {
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
            });
        }
        out.push('\n');
    }
    out
}

/// The employees' names in the day grid's column header line.
fn lane_names(m: &Model, s: &str) -> usize {
    let header = s.lines().nth(1).unwrap_or_default();
    m.lanes()
        .iter()
        .filter(|(_, name)| {
            let head: String = name.chars().take(6).collect();
            header.contains(&head)
        })
        .count()
}

// ---- Lanes share the width ----

#[tokio::test]
async fn lanes_share_the_width_and_the_whole_demo_team_fits_at_200x60() -> TestResult {
    let sim = wired::sim().await?;
    let mut b = wired::board(&sim).await?;
    for (w, h) in [(80, 24), (160, 48), (200, 60)] {
        b.press(&[Msg::Resize(w, h)]).await?;
        let s = screen(&b.m);
        let shown = lane_names(&b.m, &s);
        if (w, h) == (200, 60) {
            // Every technician and Unassigned: nothing to scroll to.
            assert_eq!(shown, b.m.lanes().len(), "{s}");
            assert!(b.m.lanes().len() >= 14, "{:?}", b.m.lanes());
            assert!(!s.lines().nth(1).unwrap_or_default().contains('→'), "{s}");
        }
        // The lanes fill the width: the last one's rule is near the right edge.
        let rule = s.lines().find(|l| l.contains('┼')).unwrap_or_default();
        let last_cross = rule.rfind('┼').map(|b| rule[..b].chars().count());
        assert!(
            last_cross.is_some_and(|x| x + 30 >= usize::from(w)),
            "{w}×{h}: {rule}"
        );
        insta::assert_snapshot!(format!("lanes_{w}x{h}"), s);
    }
    Ok(())
}

#[test]
fn a_single_technicians_lane_shows_its_overlapping_tasks_readably() {
    let paula = employee(1, 1, "Paula Reyes");
    let tasks = vec![
        task(1, &[&paula], 9, 0, 180, "Kitchen remodel"),
        task(2, &[&paula], 9, 30, 90, "Dishwasher install"),
        task(3, &[&paula], 10, 0, 60, "Estimate visit"),
    ];
    let mut m = loaded(vec![paula], tasks);
    update(&mut m, Msg::Resize(200, 60));
    let s = screen(&m);
    // Side by side, each title whole at the width the lane has.
    let row = s
        .lines()
        .find(|l| l.contains("Estimate visit"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        row.contains("Kitchen remodel") || s.contains("Kitchen remodel"),
        "{s}"
    );
    assert!(s.contains("Dishwasher install"), "{s}");
    assert!(!s.contains("+1") && !s.contains("+2"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn narrow_lanes_stack_overlaps_each_with_its_title_and_the_detail_names_them() {
    let ana = employee(1, 1, "Ana");
    let others: Vec<_> = (2..=14)
        .map(|i| employee(i, i, &format!("Tech {i}")))
        .collect();
    let mut emps = vec![ana.clone()];
    emps.extend(others);
    let tasks = vec![
        task(1, &[&ana], 9, 0, 120, "Boiler"),
        task(2, &[&ana], 9, 0, 120, "Gutter"),
        task(3, &[&ana], 9, 30, 60, "Fence"),
    ];
    let mut m = loaded(emps, tasks);
    update(&mut m, Msg::Resize(120, 40));
    let s = screen(&m);
    // Each is marked double-booked (≡) before its start time.
    for t in ["≡09:00 Boil", "≡09:00 Gutt", "≡09:30 Fenc"] {
        assert!(s.contains(t), "{t} drawn:\n{s}");
    }
    assert!(!s.contains("+1") && !s.contains("+2"), "{s}");
    // The detail of one names the others beside it.
    assert!(m.focus_task(1));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    let at = s.find("overlaps").unwrap_or_else(|| panic!("{s}"));
    let rest = &s[at..];
    assert!(rest.contains("09:00–11:00 Gutter"), "{s}");
    assert!(rest.contains("09:30–10:30 Fence"), "{s}");
    insta::assert_snapshot!(s);
}

// ---- The day grid's rows ----

#[tokio::test]
async fn the_day_grids_rows_follow_the_working_hours_at_every_size() -> TestResult {
    let sim = wired::sim().await?;
    let mut b = wired::board(&sim).await?;
    for (w, h) in [(80, 24), (160, 48), (200, 60)] {
        b.press(&[Msg::Resize(w, h)]).await?;
        let s = screen(&b.m);
        let lines: Vec<&str> = s.lines().collect();
        let labelled: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let l = lines[i];
                l.get(1..6).is_some_and(|t| {
                    t.as_bytes().get(2) == Some(&b':') && t[..2].parse::<u8>().is_ok()
                })
            })
            .collect();
        let first = lines[labelled[0]];
        assert!(
            first.starts_with(" 07:00"),
            "{w}×{h}: starts at 07:00:\n{s}"
        );
        // Below the last hour, up to the hint bar: nothing at all.
        let last = *labelled.last().unwrap_or(&0);
        for l in &lines[last + 1..lines.len() - 1] {
            assert!(
                l.trim().is_empty(),
                "{w}×{h}: drawn under the last hour:\n{s}"
            );
        }
        insta::assert_snapshot!(format!("day_rows_{w}x{h}"), s);
    }
    Ok(())
}

// ---- The timeline ----

#[test]
fn the_timeline_covers_now_and_the_late_evening_with_even_labels() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let mut all_day = task(1, &[&ana], 0, 0, 24 * 60, "Training day");
    all_day.all_day = Some(true);
    let tasks = vec![
        all_day,
        task(2, &[&ben], 9, 0, 120, "Boiler service"),
        task(3, &[&ben], 22, 0, 60, "Late call-out"),
    ];
    let mut m = board_at(opts(), evening(), (160, 20), vec![ana, ben], tasks);
    press(&mut m, &[key('v')]);
    assert!(m.timeline().is_some());
    let s = screen(&m);
    let scale = s.lines().nth(1).unwrap_or_default().to_string();
    // From the working day's start to past the 22:00 task; now is drawn.
    assert!(scale.contains("07:00"), "{scale}");
    assert!(scale.contains("22:00"), "{scale}");
    assert!(s.contains("Late"), "{s}");
    assert!(!scale.contains("00:00"), "{scale}");
    // Evenly spaced: the same number of columns between every two labels.
    let xs: Vec<usize> = scale
        .match_indices(':')
        .map(|(b, _)| scale[..b].chars().count())
        .collect();
    let gaps: Vec<usize> = xs.windows(2).map(|p| p[1] - p[0]).collect();
    assert!(
        gaps.len() > 5 && gaps.iter().all(|&g| g == gaps[0]),
        "{gaps:?}\n{scale}"
    );
    // The now-line's mark, at 20:57, between the 20:00 and 21:00 labels.
    let buf = draw(&m);
    let b = buf.term.backend().buffer();
    let x20 = xs[scale
        .match_indices(':')
        .position(|(i, _)| scale[..i].ends_with("20"))
        .unwrap()]
        - 2;
    let marked = (x20..x20 + gaps[0] + 1)
        .any(|x| b[(x as u16, 2)].symbol() == "│" || b[(x as u16, 3)].symbol() == "│");
    assert!(marked, "no now-line near 20:57:\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn narrow_timeline_hours_follow_the_selection_and_scroll_with_the_keys() {
    let ben = employee(2, 2, "Ben");
    let tasks = vec![
        task(2, &[&ben], 7, 0, 60, "Early job"),
        task(3, &[&ben], 22, 0, 60, "Late call-out"),
    ];
    let mut m = board_at(opts(), evening(), (80, 20), vec![ben], tasks);
    press(&mut m, &[key('v')]);
    click_text(&mut m, "Ben");
    assert_eq!(m.cursor().task, None);
    // At 80 columns the hours are a window; now (20:57) is in it.
    let s = screen(&m);
    assert!(s.contains("Late"), "{s}");
    assert!(!s.contains("Earl"), "{s}");
    // The keys move to the morning's task: the hours follow it.
    assert!(m.focus_task(3));
    press(&mut m, &[key('h')]);
    let s = screen(&m);
    assert_eq!(m.cursor().task, Some(2), "{s}");
    assert!(s.contains("Earl"), "{s}");
    assert!(s.lines().nth(1).unwrap_or_default().contains("07"), "{s}");
    press(&mut m, &[key('l')]);
    let s = screen(&m);
    assert!(s.contains("Late"), "{s}");
    // L and H scroll the hours themselves, the selection staying put.
    press(&mut m, &[key('h')]);
    assert_eq!(m.cursor().task, Some(2));
    let scale = |m: &Model| screen(m).lines().nth(1).unwrap_or_default().to_string();
    let morning = scale(&m);
    press(&mut m, &[key('L')]);
    let later = scale(&m);
    assert_ne!(later, morning, "L scrolls the hours");
    assert!(screen(&m).contains("Late"), "{}", screen(&m));
    assert_eq!(m.cursor().task, Some(2), "the selection stays");
    press(&mut m, &[key('H')]);
    assert_eq!(scale(&m), morning, "H scrolls back");
}

// ---- Late and not closed ----

#[test]
fn at_20_57_late_is_what_has_not_started_and_long_past_work_reads_not_closed() {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let tasks = vec![
        task(1, &[&ana], 20, 30, 60, "Evening boiler"),
        task(2, &[&ben], 20, 0, 40, "Gutter"),
        task(3, &[&ana], 19, 0, 60, "Roof"),
        task(4, &[&ben], 9, 0, 60, "Leak check"),
        with_status(task(5, &[&ana], 14, 0, 60, "Furnace"), Status::InProgress),
        task(6, &[&ben], 22, 0, 60, "Late call"),
        with_status(task(7, &[&ana], 10, 0, 60, "Fence"), Status::Complete),
    ];
    let o = Options {
        look: Look::ANSI16,
        ..opts()
    };
    let mut m = board_at(o, evening(), (120, 40), vec![ana, ben], tasks);
    click_text(&mut m, "Ana");
    assert_eq!(m.cursor().task, None);
    let shown = draw(&m);
    let s = shown.text();
    // Late: started, not in progress, within its end and the grace.
    for (title, glyph) in [
        ("Evening boil", '!'),
        ("Gutter", '!'),
        ("Roof", '•'),
        ("Leak check", '◇'),
        ("Furnace", '▶'),
        ("Late call", '•'),
        ("Fence", '✓'),
    ] {
        assert!(
            s.contains(&format!("{glyph}{title}"))
                || s.contains(&format!("{glyph}"))
                    && s.lines()
                        .any(|l| l.contains(&format!("{glyph}")) && l.contains(title)),
            "{title} marked {glyph}:\n{s}"
        );
    }
    // Only the two late tasks are red.
    let c = colours(&shown);
    let red_rows: Vec<usize> = c
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('R'))
        .map(|(i, _)| i)
        .collect();
    let text: Vec<&str> = s.lines().collect();
    for r in &red_rows {
        assert!(
            !text[*r].contains("Leak check") && !text[*r].contains("Roof"),
            "red beside calm work: {}",
            text[*r]
        );
    }
    assert!(!red_rows.is_empty(), "{c}");
    insta::assert_snapshot!(format!("{s}\nbackgrounds:\n{c}"));
}

#[test]
fn late_thresholds_come_from_the_config() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 19, 0, 60, "Roof")];
    let mut o = opts();
    o.work.late.grace_min = 0;
    o.work.late.not_closed_min = 30;
    let m = board_at(o, evening(), (100, 30), vec![ana], tasks);
    let s = screen(&m);
    assert!(s.contains("◇Roof") || s.contains("◇19:00 Roof"), "{s}");
}

#[test]
fn the_example_config_documents_the_late_thresholds_and_bad_values_name_key_and_file() {
    let ex = kickdesk::config::EXAMPLE_CONFIG;
    assert!(ex.contains("\nlate_grace_minutes = 30\n"), "{ex}");
    assert!(ex.contains("\nnot_closed_after_minutes = 120\n"), "{ex}");
    let dir = std::env::temp_dir().join(format!("kickdesk-late-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (body, key, fragment) in [
        (
            "late_grace_minutes = -1",
            "late_grace_minutes",
            "between 0 and 1440 minutes (got -1)",
        ),
        (
            "not_closed_after_minutes = 99999",
            "not_closed_after_minutes",
            "between 0 and 10080 minutes",
        ),
        (
            "late_grace_minutes = \"30\"",
            "late_grace_minutes",
            "whole minutes",
        ),
    ] {
        let path = dir.join("bad.toml");
        std::fs::write(&path, body).unwrap();
        let o = kickdesk::config::Overrides {
            config: Some(path.clone()),
            ..Default::default()
        };
        let e = kickdesk::config::Config::load(&o, &|_| None).unwrap_err();
        assert_eq!(e.key.as_deref(), Some(key), "{body}: {e}");
        assert!(e.to_string().contains(fragment), "{body}: {e}");
        assert!(e.to_string().contains("bad.toml"), "{body}: {e}");
    }
    let path = dir.join("good.toml");
    std::fs::write(
        &path,
        "late_grace_minutes = 10\nnot_closed_after_minutes = 45\n",
    )
    .unwrap();
    let o = kickdesk::config::Overrides {
        config: Some(path),
        ..Default::default()
    };
    let c = kickdesk::config::Config::load(&o, &|_| None).unwrap();
    assert_eq!((c.late_grace_minutes, c.not_closed_after_minutes), (10, 45));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- Freshness ----

fn header(m: &Model) -> String {
    screen(m).lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_header_says_confirmed_now_then_stale_since_and_recovers_at_once() {
    let ana = employee(1, 1, "Ana");
    let tasks = vec![task(1, &[&ana], 9, 0, 60, "Boiler")];
    let mut m = board_at(opts(), now(), (120, 30), vec![ana], tasks.clone());
    let h = header(&m);
    assert!(h.contains("● confirmed now"), "{h}");
    assert!(h.contains("1 task ") && !h.contains("1 tasks"), "{h}");
    assert!(
        h.contains("1 employee ") && !h.contains("1 employees"),
        "{h}"
    );
    // The polls go unanswered: stale since the last good one, to the minute.
    let cmds = update(&mut m, Msg::Tick(now() + Duration::seconds(31)));
    update(&mut m, Msg::Tick(now() + Duration::minutes(7)));
    let h = header(&m);
    assert!(h.contains("◌ stale since 10:45"), "{h}");
    assert!(!h.contains("0 min"), "{h}");
    // The same data comes back: confirmed now, not minutes old.
    answer_fetch_at(
        &mut m,
        &cmds,
        now() + Duration::minutes(7),
        Ok(tasks.into()),
    );
    let h = header(&m);
    assert!(h.contains("● confirmed now"), "{h}");
    assert!(!h.contains("10:45:00") && !h.contains("stale"), "{h}");
    insta::assert_snapshot!(h);
}

// ---- Help pages ----

#[test]
fn page_down_in_help_moves_a_page() {
    let ana = employee(1, 1, "Ana");
    let mut m = loaded(vec![ana.clone()], vec![task(1, &[&ana], 9, 0, 60, "Job")]);
    resize(&mut m, 80, 24);
    press(&mut m, &[key('?')]);
    let before = screen(&m);
    press(&mut m, &[code(KeyCode::PageDown)]);
    let Some(Overlay::Help { scroll }) = m.top() else {
        panic!("{:?}", m.top())
    };
    assert_eq!(*scroll, 20, "a page of the box");
    press(&mut m, &[code(KeyCode::PageUp)]);
    assert!(matches!(m.top(), Some(Overlay::Help { scroll: 0 })));
    press(&mut m, &[code(KeyCode::Down)]);
    assert!(
        matches!(m.top(), Some(Overlay::Help { scroll: 1 })),
        "j is a line"
    );
    assert!(!before.is_empty());
}

// ---- ASCII ----

#[test]
fn ascii_writes_halves_as_point_five_and_wide_names_in_full_width() {
    let kuroda = employee(1, 1, "黒田 健");
    let ana = employee(2, 2, "Ana");
    let tasks = vec![
        task(1, &[&kuroda], 9, 0, 150, "Boiler"),
        task(2, &[&ana], 9, 0, 60, "Gutter"),
    ];
    let o = Options {
        look: Look {
            ascii: true,
            ..Look::PLAIN
        },
        ..opts()
    };
    let mut m = board_at(o, now(), (100, 30), vec![kuroda, ana], tasks);
    // A click on 黒田's name (drawn as "????" in the screen's text).
    click_text(&mut m, "2.5/12h");
    assert_eq!(m.cursor().task, None);
    let s = draw(&m);
    let text = s.text();
    let header = text.lines().nth(1).unwrap_or_default();
    assert!(header.contains("2.5/12h"), "{header}");
    assert!(!header.contains('+'), "{header}");
    // 黒田 健: five columns, five ASCII characters, no hole.
    assert!(header.contains("???? ?? 2.5/12h"), "{header}");
    assert!(text.is_ascii(), "{text}");
    insta::assert_snapshot!(text);
}

// ---- The detail ----

#[test]
fn the_detail_says_each_fact_once_labelled_and_leaves_out_the_unknown() {
    let ana = employee(1, 1, "Ana");
    let mut t = task(1, &[&ana], 9, 0, 60, "Boiler service");
    t.task_type_id = Some(4712);
    t.job = Some(Arc::new(Job {
        id: 10,
        job_number: Some(88),
        name: Some("Boiler service".into()),
        description: Some("Bring the long ladder".into()),
        status: Some(Status::Scheduled),
        ..Job::default()
    }));
    t.customer = Some(Arc::new(Customer {
        id: 100,
        name: Some("Paula Reyes".into()),
        phone_number: Some("555-0100".into()),
        email_address: Some("paula@example.com".into()),
        ..Customer::default()
    }));
    t.primary_contact = Some(Arc::new(Contact {
        name: Some("Paula Reyes".into()),
        phone_number: Some("555-0100".into()),
        email_address: Some("paula@example.com".into()),
        mobile: Some("555-0199".into()),
        ..Contact::default()
    }));
    let mut m = loaded(vec![ana], vec![t]);
    resize(&mut m, 100, 40);
    assert!(m.focus_task(1));
    press(&mut m, &[code(KeyCode::Enter)]);
    let s = screen(&m);
    assert!(!s.contains("name not known") && !s.contains("#4712"), "{s}");
    let detail = &s[s.find("┌ Task").unwrap_or(0)..];
    assert_eq!(detail.matches("555-0100").count(), 1, "{s}");
    assert_eq!(detail.matches("paula@example.com").count(), 1, "{s}");
    assert_eq!(detail.matches("Paula Reyes").count(), 1, "{s}");
    assert!(detail.contains("contact    the customer"), "{s}");
    assert!(
        detail.contains("mobile     555-0199"),
        "the contact's own: {s}"
    );
    // Every line of facts has its label.
    let notes = s
        .lines()
        .find(|l| l.contains("Bring the long ladder"))
        .unwrap_or_default();
    assert!(notes.contains("job notes"), "{notes}");
    insta::assert_snapshot!(s);
}
