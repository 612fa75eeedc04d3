//! The board in each theme, in 16 colours, without colour and in ASCII,
//! drawn on the TestBackend with a fixed clock: text, and the style of every
//! cell as runs; and `:theme` in the palette.

mod common;

use common::*;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::sync::Arc;

use kickdesk::app::look::{Asked, Depth, Look, ThemeName};
use kickdesk::app::model::{MarkKind, Model, Options};
use kickdesk::app::msg::{Cmd, StoreCmd};
use kickdesk::kickserv::model::{Job, Status, Task};
use kickdesk::runtime::screen::{Screen, TestScreen};

fn with_status(mut t: Task, s: Status) -> Task {
    let job = t.job.as_deref().cloned().unwrap_or_default();
    t.job = Some(Arc::new(Job {
        status: Some(s),
        ..job
    }));
    t
}

/// One task of every status, a change mark, the now-line (10:45) and a
/// selection, at 80×24.
fn board(look: Look) -> Model {
    board_with(opts_with(|o| o.look = look))
}

/// As [`board`], started with the options `o`.
fn board_with(o: Options) -> Model {
    let ana = employee(1, 1, "Ana");
    let ben = employee(2, 2, "Ben");
    let cy = employee(3, 3, "Cy");
    let tasks = vec![
        with_status(task(1, &[&ana], 8, 0, 60, "Boiler done"), Status::Complete),
        with_status(
            task(2, &[&ana], 9, 30, 120, "AC on site"),
            Status::InProgress,
        ),
        // Started at 08:00 and not begun: late until 30 minutes after 10:30.
        task(3, &[&ben], 8, 0, 150, "Leak late"),
        task(4, &[&ben], 13, 0, 60, "Gutter plan"),
        with_status(task(5, &[&cy], 11, 0, 60, "Roof held"), Status::OnHold),
        with_status(task(6, &[&cy], 14, 0, 60, "Vent called"), Status::Canceled),
        with_status(task(7, &[], 12, 0, 60, "Pump quote"), Status::Unscheduled),
    ];
    let before = tasks.iter().filter(|t| t.id != 4).cloned().collect();
    let mut m = loaded_with(o, vec![ana, ben, cy], before);
    resize(&mut m, 80, 24);
    // Gutter plan is new since the last poll.
    refreshed(&mut m, tasks);
    assert_eq!(m.marks().get(&4).map(|k| k.kind), Some(MarkKind::New));
    m
}

/// The same tasks, in the week view.
fn week(look: Look) -> Model {
    let mut m = board(look);
    let tasks = m.server_tasks().clone();
    let cmds = press(&mut m, &[key('w')]);
    answer_fetch(&mut m, &cmds, (*tasks).clone().into());
    m
}

fn timeline(look: Look) -> Model {
    let mut m = board(look);
    press(&mut m, &[key('v')]);
    assert!(m.timeline().is_some());
    m
}

fn colour(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("i{i}"),
        named => format!("{named:?}").to_lowercase(),
    }
}

/// One cell's style, compactly: `fg/bg` and a letter per attribute.
fn style_of(c: &ratatui::buffer::Cell) -> String {
    let mut s = String::new();
    if c.fg != Color::Reset || c.bg != Color::Reset {
        s.push_str(&format!("{}/{}", colour(c.fg), colour(c.bg)));
    }
    for (m, l) in [
        (Modifier::BOLD, 'B'),
        (Modifier::DIM, 'D'),
        (Modifier::ITALIC, 'I'),
        (Modifier::UNDERLINED, 'U'),
        (Modifier::REVERSED, 'R'),
    ] {
        if c.modifier.contains(m) {
            s.push(l);
        }
    }
    s
}

/// The text, then each row's runs of one style (unstyled runs left out):
/// `row: from-to style`.
fn styled(buf: &Buffer) -> String {
    let mut text = String::new();
    let mut runs = String::new();
    for y in 0..buf.area.height {
        let mut row = Vec::new();
        let mut start = 0;
        let mut cur = style_of(&buf[(0, y)]);
        for x in 0..=buf.area.width {
            if x < buf.area.width {
                text.push_str(buf[(x, y)].symbol());
            }
            let here = if x < buf.area.width {
                style_of(&buf[(x, y)])
            } else {
                String::from("end")
            };
            if here != cur {
                if !cur.is_empty() {
                    row.push(format!("{start}-{} {cur}", x - 1));
                }
                start = x;
                cur = here;
            }
        }
        text.push('\n');
        if !row.is_empty() {
            runs.push_str(&format!("{y:2}: {}\n", row.join(", ")));
        }
    }
    format!("{text}\n{runs}")
}

fn all_views(look: Look) -> String {
    [
        ("day", board(look)),
        ("week", week(look)),
        ("timeline", timeline(look)),
    ]
    .iter()
    .map(|(name, m)| format!("== {name} ==\n{}", styled(draw(m).term.backend().buffer())))
    .collect::<Vec<_>>()
    .join("\n")
}

fn look(theme: ThemeName, depth: Depth) -> Look {
    Look {
        theme,
        depth,
        ascii: false,
    }
}

fn colours_of(s: &TestScreen) -> Vec<Color> {
    s.term
        .backend()
        .buffer()
        .content()
        .iter()
        .flat_map(|c| [c.fg, c.bg])
        .filter(|c| *c != Color::Reset)
        .collect()
}

#[test]
fn the_board_in_each_theme_in_truecolor() {
    for theme in ThemeName::ALL {
        let name = format!("board_{}", theme.name().replace('-', "_"));
        insta::assert_snapshot!(name, all_views(look(theme, Depth::TrueColor)));
    }
}

#[test]
fn the_board_in_16_colours_uses_only_the_16_ansi_colours() {
    let ansi = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    for theme in ThemeName::ALL {
        for m in [board, week, timeline].map(|f| f(look(theme, Depth::Ansi16))) {
            let s = draw(&m);
            let cs = colours_of(&s);
            assert!(!cs.is_empty(), "{theme:?}: no colour at all");
            for c in cs {
                assert!(ansi.contains(&c), "{theme:?}: {c:?}");
            }
        }
        // 256 colours: indexes, never RGB.
        let s = draw(&board(look(theme, Depth::Ansi256)));
        for c in colours_of(&s) {
            assert!(!matches!(c, Color::Rgb(..)), "{theme:?}: {c:?}");
        }
    }
    // The light theme's shades, mapped down.
    insta::assert_snapshot!(
        "board_light_16",
        all_views(look(ThemeName::Light, Depth::Ansi16))
    );
}

#[test]
fn themes_change_colours_never_text() {
    let text = |l: Look| {
        [board, week, timeline]
            .map(|f| draw(&f(l)).text())
            .join("\n")
    };
    let dark = text(look(ThemeName::Dark, Depth::TrueColor));
    for l in [
        look(ThemeName::Light, Depth::TrueColor),
        look(ThemeName::HighContrast, Depth::Ansi16),
        Look::PLAIN,
    ] {
        assert_eq!(text(l), dark, "{l:?}");
    }
    let styles = |l: Look| all_views(l);
    assert_ne!(
        styles(look(ThemeName::Dark, Depth::TrueColor)),
        styles(look(ThemeName::Light, Depth::TrueColor))
    );
}

/// `NO_COLOR` as the launcher resolves it: no cell has a colour, yet the
/// selection stands out by reverse video and the today column by its attributes.
#[test]
fn no_colour_has_no_colour_at_all_and_the_selection_is_still_reversed() {
    let env = |k: &str| {
        [("NO_COLOR", "1"), ("COLORTERM", "truecolor")]
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    };
    let resolved = kickdesk::ui::theme::resolve(&Asked::default(), &env).look;
    assert_eq!(resolved.depth, Depth::None);
    for m in [board, week, timeline].map(|f| f(resolved)) {
        let s = draw(&m);
        assert_eq!(colours_of(&s), Vec::<Color>::new());
        let buf = s.term.backend().buffer();
        // The selected task (the one not yet scheduled, `○`) is drawn reversed.
        let text = s.text();
        let (y, row) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains('○'))
            .unwrap();
        let x = kickdesk::ui::text::width(&row[..row.find('○').unwrap()]);
        assert!(
            buf[(x as u16, y as u16)]
                .modifier
                .contains(Modifier::REVERSED),
            "the selection is not reversed:\n{text}"
        );
    }
    insta::assert_snapshot!("board_no_colour", all_views(resolved));
}

#[test]
fn the_ascii_board_has_no_character_outside_ascii() {
    let env = |k: &str| (k == "TERM").then(|| "linux".to_string());
    let resolved = kickdesk::ui::theme::resolve(&Asked::default(), &env).look;
    assert!(
        resolved.ascii && resolved.depth == Depth::Ansi16,
        "{resolved:?}"
    );
    let mut screens = vec![board(resolved), week(resolved), timeline(resolved)];
    // The help with its legend, and the palette's box.
    let mut help = board(resolved);
    resize(&mut help, 100, 90);
    press(&mut help, &[key('?')]);
    screens.push(help);
    let mut palette = board(resolved);
    press(&mut palette, &[key(':')]);
    screens.push(palette);
    for m in &screens {
        let s = draw(m);
        for c in s.term.backend().buffer().content() {
            assert!(c.symbol().is_ascii(), "{:?} in\n{}", c.symbol(), s.text());
        }
    }
    // The legend explains the ASCII glyphs.
    let help = draw(&screens[3]).text();
    for (g, meaning) in [
        ('*', "scheduled"),
        ('%', "in progress"),
        ('=', "booked hours"),
    ] {
        assert!(help.contains(&format!("{g} {meaning}")), "{help}");
    }
    insta::assert_snapshot!("board_ascii", all_views(resolved));
}

fn run(m: &mut Model, text: &str) -> Vec<Cmd> {
    let mut msgs = vec![key(':')];
    msgs.extend(text.chars().map(key));
    msgs.push(code(KeyCode::Enter));
    press(m, &msgs)
}

fn saved_theme(cmds: &[Cmd]) -> Vec<Option<ThemeName>> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::SaveState(s)) => Some(s.state.theme),
            _ => None,
        })
        .collect()
}

#[test]
fn theme_in_the_palette_redraws_in_that_theme_and_is_remembered() {
    let mut m = board_with(opts_with(|o| {
        o.look = look(ThemeName::Dark, Depth::TrueColor);
        o.state_file = Some("state.toml".into());
    }));
    let dark = all_views(m.look());
    let cmds = run(&mut m, "theme light");
    assert!(m.top().is_none(), "the palette stays open");
    assert_eq!(m.theme(), ThemeName::Light);
    assert_eq!(saved_theme(&cmds), [Some(ThemeName::Light)]);
    // Drawn in the light theme's own colours now.
    let s = draw(&m);
    assert!(
        colours_of(&s).contains(&Color::Rgb(95, 215, 255)),
        "{s:?}",
        s = s.text()
    );
    assert_ne!(styled(s.term.backend().buffer()), dark);
    // Back to the default: nothing to remember.
    let cmds = run(&mut m, "theme dark");
    assert_eq!(saved_theme(&cmds), [None]);
    // A name it does not know keeps the palette open and says which it knows.
    run(&mut m, "theme sepia");
    let s = draw(&m).text();
    assert!(s.contains("dark, light, high-contrast"), "{s}");
    assert_eq!(m.theme(), ThemeName::Dark);
}

#[test]
fn a_remembered_theme_is_drawn_at_the_next_start() {
    let opts = Options {
        look: look(ThemeName::HighContrast, Depth::Ansi256),
        ..opts()
    };
    let m = Model::new(opts, now(), (80, 24));
    assert_eq!(m.theme(), ThemeName::HighContrast);
    assert_eq!(m.look().depth, Depth::Ansi256);
}

#[test]
fn the_palette_completes_theme_names_and_takes_a_unique_start() {
    let mut m = board(look(ThemeName::Dark, Depth::Ansi256));
    let names: Vec<String> = kickdesk::app::palette::candidates(&m, "theme ")
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(names, ["theme dark", "theme light", "theme high-contrast"]);
    let best = kickdesk::app::palette::candidates(&m, "theme hi");
    assert_eq!(best[0].text, "theme high-contrast");
    run(&mut m, "theme hi");
    assert_eq!(m.theme(), ThemeName::HighContrast);
    assert!(m.top().is_none());
}

/// What a frame writes to a terminal: the bytes of each look.
fn bytes_of(m: &Model) -> Vec<u8> {
    use kickdesk::runtime::screen::CrosstermScreen;
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    // As the board does: colour is decided here, not by crossterm.
    crossterm::style::force_color_output(true);
    let out = SharedBuf::default();
    let term = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, m.size().0, m.size().1)),
        },
    )
    .unwrap();
    let mut screen = CrosstermScreen::new(term);
    screen.draw(m).unwrap();
    out.bytes()
}

/// The parameters of every SGR sequence (`ESC [ … m`) in `bytes`.
fn sgr_params(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for part in text.split("\u{1b}[").skip(1) {
        let end = part.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(0);
        if part[end..].starts_with('m') {
            out.push(part[..end].to_string());
        }
    }
    out
}

/// The colours an SGR parameter list sets: `Some(n)` for an indexed one
/// (the 16 ANSI colours are 0 to 15: crossterm spells them `38;5;n`, as
/// `30`–`37` are), `None` for RGB. Resets to the default (39, 49) are not colours.
fn colours_set(params: &str) -> Vec<Option<u16>> {
    let p: Vec<u16> = params.split(';').filter_map(|n| n.parse().ok()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            38 | 48 if p.get(i + 1) == Some(&5) => {
                out.push(p.get(i + 2).copied());
                i += 3;
            }
            38 | 48 => {
                out.push(None);
                i += 5;
            }
            n @ (30..=37 | 40..=47) => {
                out.push(Some(n % 10));
                i += 1;
            }
            n @ (90..=97 | 100..=107) => {
                out.push(Some(n % 10 + 8));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn colours_written(m: &Model) -> Vec<Option<u16>> {
    sgr_params(&bytes_of(m))
        .iter()
        .flat_map(|p| colours_set(p))
        .collect()
}

#[test]
fn what_reaches_the_terminal_matches_the_look() {
    // ASCII: not one byte above 127.
    let env = |k: &str| (k == "TERM").then(|| "linux".to_string());
    let ascii = kickdesk::ui::theme::resolve(&Asked::default(), &env).look;
    for m in [board, week, timeline].map(|f| f(ascii)) {
        let b = bytes_of(&m);
        assert!(
            b.iter().all(u8::is_ascii),
            "{}",
            String::from_utf8_lossy(&b)
        );
    }
    // No colour: no colour sequence at all, and the selection reversed (SGR 7).
    let b = bytes_of(&board(Look::PLAIN));
    let sgr = sgr_params(&b);
    assert_eq!(colours_written(&board(Look::PLAIN)), []);
    assert!(
        sgr.iter().any(|p| p.split(';').any(|n| n == "7")),
        "{sgr:?}"
    );
    // 16 colours: only the first 16 indexes.
    let light = |d| board(look(ThemeName::Light, d));
    let c = colours_written(&light(Depth::Ansi16));
    assert!(
        !c.is_empty() && c.iter().all(|c| c.is_some_and(|n| n < 16)),
        "{c:?}"
    );
    // 256 colours: indexes beyond the 16, never RGB.
    let c = colours_written(&light(Depth::Ansi256));
    assert!(c.iter().any(|c| c.is_some_and(|n| n >= 16)), "{c:?}");
    assert!(c.iter().all(Option::is_some), "{c:?}");
    // Truecolor: RGB.
    assert!(colours_written(&light(Depth::TrueColor)).contains(&None));
}
