//! Themes as data: a style per role, a glyph set and a colour depth,
//! resolved once from a [`Look`]. Every cue that colour gives has a glyph or
//! a text attribute too, so the board reads the same without colour.

use chrono::{DateTime, Utc};
use ratatui::style::{Color, Modifier, Style};

use std::path::Path;
use std::sync::OnceLock;

use super::glyphs::{self, Glyphs};
use super::themefile::{self, Palette, Spec, ThemeError};
use crate::app::look::{self, Asked, Depth, Look, ThemeName};
use crate::app::model::MarkKind;
use crate::kickserv::model::{Status, Task};
use crate::schedule;

const fn attrs(add: Modifier) -> Spec {
    Spec {
        fg: None,
        bg: None,
        add,
    }
}

const NONE: Modifier = Modifier::empty();
const BOLD: Modifier = Modifier::BOLD;
const DIM: Modifier = Modifier::DIM;
const UNDERLINED: Modifier = Modifier::UNDERLINED;
const REVERSED: Modifier = Modifier::REVERSED;

/// Without colour: the same roles through attributes alone. Blocks are
/// told apart by their status glyph.
const PLAIN: Palette = Palette {
    background: None,
    title: attrs(BOLD),
    dim: attrs(DIM),
    ok: attrs(NONE),
    warn: attrs(BOLD),
    error: attrs(BOLD),
    selected: attrs(REVERSED.union(BOLD)),
    today: attrs(BOLD.union(UNDERLINED)),
    now_line: attrs(BOLD),
    key: attrs(BOLD),
    unmatched: attrs(DIM),
    mark: attrs(BOLD),
    scheduled: attrs(NONE),
    in_progress: attrs(NONE),
    complete: attrs(NONE),
    called_off: attrs(NONE),
    late: attrs(NONE),
    on_hold: attrs(NONE),
    double: attrs(BOLD),
};

/// Nothing set: what a built-in theme's file fills in.
const EMPTY: Palette = Palette {
    background: None,
    title: attrs(NONE),
    dim: attrs(NONE),
    ok: attrs(NONE),
    warn: attrs(NONE),
    error: attrs(NONE),
    selected: attrs(NONE),
    today: attrs(NONE),
    now_line: attrs(NONE),
    key: attrs(NONE),
    unmatched: attrs(NONE),
    mark: attrs(NONE),
    scheduled: attrs(NONE),
    in_progress: attrs(NONE),
    complete: attrs(NONE),
    called_off: attrs(NONE),
    late: attrs(NONE),
    on_hold: attrs(NONE),
    double: attrs(NONE),
};

/// Every theme of this run, built-in then the user's; set once at start.
static THEMES: OnceLock<Vec<(ThemeName, Palette)>> = OnceLock::new();

/// The built-in themes, from their files. A test checks each parses and
/// sets every role; were one broken, it would draw without colour.
pub fn built_in() -> Vec<(ThemeName, Palette)> {
    themefile::BUILT_IN
        .iter()
        .filter_map(|(name, file, text)| {
            let parsed = themefile::parse(file, text).ok()?;
            Some((ThemeName::parse(name)?, parsed.apply(EMPTY)))
        })
        .collect()
}

/// The user's themes in `dir` (`NAME.toml`), each over its `base` (by
/// default the built-in theme of the same name, else dark).
pub fn user_themes(dir: &Path) -> Result<Vec<(String, Palette)>, ThemeError> {
    let built = built_in();
    let mut out = Vec::new();
    for (name, path, text) in themefile::read_dir(dir)? {
        let file = path.display().to_string();
        let parsed = themefile::parse(&file, &text)?;
        let base_name = parsed.base.clone().unwrap_or_else(|| {
            match ThemeName::ALL.iter().any(|t| t.name() == name) {
                true => name.clone(),
                false => ThemeName::Dark.name().to_owned(),
            }
        });
        let base = built
            .iter()
            .find(|(t, _)| t.name().eq_ignore_ascii_case(&base_name))
            .map(|(_, p)| *p)
            .ok_or_else(|| ThemeError {
                file: file.clone(),
                line: text
                    .lines()
                    .position(|l| l.trim_start().starts_with("base"))
                    .map_or(1, |i| i + 1),
                role: Some("base".to_owned()),
                message: format!(
                    "unknown base theme `{base_name}` (one of: {})",
                    ThemeName::ALL.map(|t| t.name()).join(", ")
                ),
            })?;
        out.push((name, parsed.apply(base)));
    }
    Ok(out)
}

/// Makes the user's themes (see [`user_themes`]) known for this run: by
/// name to the palette's `:theme` and the config, by palette to the board.
/// Returns their names. Call once, before the first theme is drawn.
pub fn install(dir: Option<&Path>) -> Result<Vec<String>, ThemeError> {
    let user = match dir {
        Some(d) => user_themes(d)?,
        None => Vec::new(),
    };
    let names: Vec<String> = user.iter().map(|(n, _)| n.clone()).collect();
    ThemeName::register(&names);
    let mut all = built_in();
    for (name, p) in user {
        let Some(t) = ThemeName::parse(&name) else {
            continue;
        };
        match all.iter_mut().find(|(n, _)| *n == t) {
            Some(slot) => slot.1 = p,
            None => all.push((t, p)),
        }
    }
    let _ = THEMES.set(all);
    Ok(names)
}

/// A theme's palette; the default theme for a name not known.
fn palette(name: ThemeName) -> Palette {
    let all = THEMES.get_or_init(built_in);
    all.iter()
        .find(|(n, _)| *n == name)
        .or_else(|| all.first())
        .map_or(PLAIN, |(_, p)| *p)
}

/// The palette of a theme, as drawn with full colour.
pub fn palette_of(name: ThemeName) -> Palette {
    palette(name)
}

/// The styles of every role, resolved for one depth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Roles {
    pub title: Style,
    pub dim: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub selected: Style,
    pub today: Style,
    pub now_line: Style,
    pub key: Style,
    pub unmatched: Style,
    pub mark: Style,
    pub scheduled: Style,
    pub in_progress: Style,
    pub complete: Style,
    pub called_off: Style,
    pub late: Style,
    pub on_hold: Style,
    pub double: Style,
}

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub look: Look,
    pub roles: Roles,
    pub glyphs: &'static Glyphs,
}

/// The look asked for, resolved against the environment, as a theme.
pub fn resolve(asked: &Asked, env: &dyn Fn(&str) -> Option<String>) -> Theme {
    Theme::new(look::resolve(asked, env))
}

/// Each role's style from a palette's spec of it, by `$style`: written once
/// for the runtime themes and the `const` plain one.
macro_rules! roles {
    ($p:expr, $style:ident) => {
        Roles {
            title: $style($p.title),
            dim: $style($p.dim),
            ok: $style($p.ok),
            warn: $style($p.warn),
            error: $style($p.error),
            selected: $style($p.selected),
            today: $style($p.today),
            now_line: $style($p.now_line),
            key: $style($p.key),
            unmatched: $style($p.unmatched),
            mark: $style($p.mark),
            scheduled: $style($p.scheduled),
            in_progress: $style($p.in_progress),
            complete: $style($p.complete),
            called_off: $style($p.called_off),
            late: $style($p.late),
            on_hold: $style($p.on_hold),
            double: $style($p.double),
        }
    };
}

impl Theme {
    pub fn new(look: Look) -> Theme {
        let (p, depth) = match look.depth {
            Depth::None => (&PLAIN, Depth::TrueColor),
            d => (&palette(look.theme), d),
        };
        let s = |spec: Spec| {
            let mut st = Style::default().add_modifier(spec.add);
            if let Some(c) = spec.fg {
                st = st.fg(downsample(c, depth));
            }
            if let Some(c) = spec.bg {
                st = st.bg(downsample(c, depth));
            }
            st
        };
        Theme {
            look,
            roles: roles!(p, s),
            glyphs: glyphs::set(look.ascii),
        }
    }

    /// No colour, Unicode glyphs (what `Theme::new(Look::PLAIN)` gives, as a constant).
    pub const fn plain() -> Theme {
        const fn s(spec: Spec) -> Style {
            Style::new().add_modifier(spec.add)
        }
        let p = &PLAIN;
        Theme {
            look: Look::PLAIN,
            roles: roles!(p, s),
            glyphs: glyphs::set(false),
        }
    }

    pub fn color(&self) -> bool {
        self.look.color()
    }

    pub fn base(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        self.roles.title
    }

    pub fn dim(&self) -> Style {
        self.roles.dim
    }

    pub fn rule(&self) -> Style {
        self.dim()
    }

    pub fn ok(&self) -> Style {
        self.roles.ok
    }

    pub fn warn(&self) -> Style {
        self.roles.warn
    }

    pub fn error(&self) -> Style {
        self.roles.error
    }

    /// The double-booking mark and count: a colour no status uses.
    pub fn double(&self) -> Style {
        self.roles.double
    }

    pub fn selected(&self) -> Style {
        self.roles.selected
    }

    /// An employee's column (day) or row (week) header: the cursor itself
    /// when no task is selected there, highlighted when it is the cursor's lane.
    pub fn lane_header(&self, here: bool, no_task: bool) -> Style {
        match (here, no_task) {
            (true, true) => self.selected(),
            (true, false) => self.title(),
            (false, _) => self.base(),
        }
    }

    pub fn today(&self) -> Style {
        self.roles.today
    }

    pub fn now_line(&self) -> Style {
        self.roles.now_line
    }

    pub fn key(&self) -> Style {
        self.roles.key
    }

    /// The body of a task block, by status.
    /// A task long past and not closed keeps a calm look: its glyph says it.
    pub fn block(&self, task: &Task, now: DateTime<Utc>, work: &schedule::WorkHours) -> Style {
        let r = &self.roles;
        match task.effective_status() {
            Some(Status::InProgress) => r.in_progress,
            Some(Status::Complete) => r.complete,
            Some(Status::Canceled | Status::Lost) => r.called_off,
            _ if work.overdue(task, now) == Some(schedule::Overdue::Late) => r.late,
            Some(Status::OnHold) => r.on_hold,
            _ => r.scheduled,
        }
    }

    /// A task the text filter does not match, drawn dim instead of hidden:
    /// no status colour, so the matches stand out.
    pub fn unmatched(&self) -> Style {
        self.roles.unmatched
    }

    pub fn mark(&self) -> Style {
        self.roles.mark
    }

    /// One character for the status: scheduled, in progress, complete,
    /// canceled or lost, late, on hold, not yet scheduled.
    pub fn glyph(&self, task: &Task, now: DateTime<Utc>, work: &schedule::WorkHours) -> char {
        let g = self.glyphs;
        if crate::app::state::staging::is_ghost(task.id) {
            return g.ghost;
        }
        match task.effective_status() {
            Some(Status::InProgress) => g.in_progress,
            Some(Status::Complete) => g.complete,
            Some(Status::Canceled | Status::Lost) => g.called_off,
            _ => match work.overdue(task, now) {
                Some(schedule::Overdue::Late) => g.late,
                Some(schedule::Overdue::NotClosed) => g.not_closed,
                None => self.plain_glyph(task),
            },
        }
    }

    fn plain_glyph(&self, task: &Task) -> char {
        let g = self.glyphs;
        match task.effective_status() {
            Some(Status::OnHold) => g.on_hold,
            Some(Status::New | Status::Unscheduled | Status::EstimateScheduled) => g.not_scheduled,
            _ => g.scheduled,
        }
    }

    /// The mark drawn before a task's title: its save or create under way,
    /// else what changed at the last poll (new, moved, changed), else nothing.
    pub fn change_mark(&self, m: &crate::app::model::Model, id: i64) -> String {
        if m.local.is_saving(id) || m.local.is_creating(id) {
            return self.glyphs.saving.to_string();
        }
        m.marks
            .get(&id)
            .map(|mk| self.mark_glyph(mk.kind).to_string())
            .unwrap_or_default()
    }

    pub fn mark_glyph(&self, kind: MarkKind) -> char {
        match kind {
            MarkKind::New => self.glyphs.new,
            MarkKind::Moved => self.glyphs.moved,
            MarkKind::Changed => self.glyphs.changed,
        }
    }
}

/// xterm's default values of the 16 ANSI colours, in index order, and the
/// names ratatui gives them.
const ANSI: [((u8, u8, u8), Color); 16] = [
    ((0, 0, 0), Color::Black),
    ((205, 0, 0), Color::Red),
    ((0, 205, 0), Color::Green),
    ((205, 205, 0), Color::Yellow),
    ((0, 0, 238), Color::Blue),
    ((205, 0, 205), Color::Magenta),
    ((0, 205, 205), Color::Cyan),
    ((229, 229, 229), Color::Gray),
    ((127, 127, 127), Color::DarkGray),
    ((255, 0, 0), Color::LightRed),
    ((0, 255, 0), Color::LightGreen),
    ((255, 255, 0), Color::LightYellow),
    ((92, 92, 255), Color::LightBlue),
    ((255, 0, 255), Color::LightMagenta),
    ((0, 255, 255), Color::LightCyan),
    ((255, 255, 255), Color::White),
];

/// The steps of xterm's 6×6×6 colour cube (indexes 16 to 231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).unsigned_abs().pow(2);
    d(r1, r2) + d(g1, g2) + d(b1, b2)
}

/// The colour of an xterm-256 index.
fn rgb_of(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI[usize::from(i)].0,
        16..=231 => {
            let n = usize::from(i - 16);
            (CUBE[n / 36], CUBE[n / 6 % 6], CUBE[n % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// The nearest of the cube and the grey ramp (16 to 255): the indexes whose
/// colours terminals agree on, unlike the first 16.
pub fn nearest_256(c: (u8, u8, u8)) -> u8 {
    let step = |v: u8| {
        (0..6u8)
            .min_by_key(|&k| (i32::from(CUBE[usize::from(k)]) - i32::from(v)).unsigned_abs())
            .unwrap_or(0)
    };
    let cube = 16 + 36 * step(c.0) + 6 * step(c.1) + step(c.2);
    let mean = (u16::from(c.0) + u16::from(c.1) + u16::from(c.2)) / 3;
    let grey = 232 + ((mean.saturating_sub(3) / 10).min(23)) as u8;
    if distance(rgb_of(grey), c) < distance(rgb_of(cube), c) {
        grey
    } else {
        cube
    }
}

/// The nearest of the 16 ANSI colours to an xterm-256 index.
pub fn nearest_16(i: u8) -> Color {
    let c = rgb_of(i);
    ANSI.iter()
        .min_by_key(|(v, _)| distance(*v, c))
        .map_or(Color::Reset, |(_, name)| *name)
}

/// A theme's colour as a terminal of `depth` can show it: RGB to the
/// nearest xterm-256 index, and that to the nearest of the 16 ANSI colours.
/// Named colours are the terminal's own and stay as they are.
pub fn downsample(c: Color, depth: Depth) -> Color {
    match (c, depth) {
        (_, Depth::None) => Color::Reset,
        (Color::Rgb(r, g, b), Depth::Ansi256) => Color::Indexed(nearest_256((r, g, b))),
        (Color::Rgb(r, g, b), Depth::Ansi16) => nearest_16(nearest_256((r, g, b))),
        (Color::Indexed(i), Depth::Ansi16) => nearest_16(i),
        (c, _) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(r: &Roles) -> Vec<Style> {
        vec![
            r.title,
            r.dim,
            r.ok,
            r.warn,
            r.error,
            r.selected,
            r.today,
            r.now_line,
            r.key,
            r.unmatched,
            r.mark,
            r.scheduled,
            r.in_progress,
            r.complete,
            r.called_off,
            r.late,
            r.on_hold,
            r.double,
        ]
    }

    fn themes(depth: Depth) -> Vec<Theme> {
        ThemeName::ALL
            .into_iter()
            .map(|theme| {
                Theme::new(Look {
                    theme,
                    depth,
                    ascii: false,
                })
            })
            .collect()
    }

    #[test]
    fn the_cube_grey_ramp_and_ansi_colours_map_to_their_nearest() {
        assert_eq!(nearest_256((0, 0, 0)), 16);
        assert_eq!(nearest_256((255, 255, 255)), 231);
        assert_eq!(nearest_256((95, 135, 175)), 16 + 36 + 12 + 3);
        assert_eq!(nearest_256((128, 128, 128)), 244);
        assert_eq!(nearest_256((100, 110, 120)), 242);
        for i in 16..=255u8 {
            assert_eq!(nearest_256(rgb_of(i)), i, "{i}: {:?}", rgb_of(i));
        }
        assert_eq!(nearest_16(196), Color::LightRed);
        assert_eq!(nearest_16(160), Color::Red);
        assert_eq!(nearest_16(21), Color::Blue);
        assert_eq!(nearest_16(244), Color::DarkGray);
        assert_eq!(nearest_16(231), Color::White);
        assert_eq!(nearest_16(16), Color::Black);
        for (i, (_, name)) in ANSI.iter().enumerate() {
            assert_eq!(nearest_16(i as u8), *name);
        }
    }

    #[test]
    fn each_depth_draws_only_colours_it_can_show() {
        let ansi: Vec<Color> = ANSI.iter().map(|(_, c)| *c).collect();
        for (depth, fits) in [
            (
                Depth::None,
                &(|c: Color| c == Color::Reset) as &dyn Fn(Color) -> bool,
            ),
            (Depth::Ansi16, &|c: Color| ansi.contains(&c)),
            (Depth::Ansi256, &|c: Color| {
                ansi.contains(&c) || matches!(c, Color::Indexed(_))
            }),
            (Depth::TrueColor, &|_| true),
        ] {
            for th in themes(depth) {
                for st in colours(&th.roles) {
                    for c in [st.fg, st.bg].into_iter().flatten() {
                        assert!(fits(c), "{:?} at {depth:?}: {c:?}", th.look.theme);
                    }
                }
            }
        }
        // Without colour nothing has one, and the selection is reversed.
        for th in themes(Depth::None) {
            assert!(
                colours(&th.roles)
                    .iter()
                    .all(|s| s.fg.is_none() && s.bg.is_none())
            );
            assert!(th.selected().add_modifier.contains(Modifier::REVERSED));
        }
    }

    #[test]
    fn statuses_keep_distinct_blocks_in_every_theme_and_depth_with_colour() {
        for depth in [Depth::Ansi16, Depth::Ansi256, Depth::TrueColor] {
            for th in themes(depth) {
                let r = th.roles;
                let blocks = [r.scheduled, r.in_progress, r.complete, r.late, r.on_hold];
                for (i, a) in blocks.iter().enumerate() {
                    for b in &blocks[i + 1..] {
                        assert_ne!(a.bg, b.bg, "{:?} at {depth:?}", th.look.theme);
                    }
                }
            }
        }
    }

    #[test]
    fn the_ascii_look_takes_the_ascii_glyphs() {
        let th = Theme::new(Look {
            ascii: true,
            ..Look::ANSI16
        });
        assert!(std::ptr::eq(th.glyphs, &glyphs::ASCII));
        assert!(std::ptr::eq(Theme::plain().glyphs, &glyphs::UNICODE));
        assert_eq!(Theme::plain().roles, Theme::new(Look::PLAIN).roles);
    }

    /// WCAG relative luminance of an sRGB colour.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let lin = |v: u8| {
            let c = f64::from(v) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// A theme's colour as xterm shows it with its default palette.
    fn xterm_rgb(c: Color) -> Option<(u8, u8, u8)> {
        match c {
            Color::Rgb(r, g, b) => Some((r, g, b)),
            Color::Indexed(i) => Some(rgb_of(i)),
            Color::Reset => None,
            named => ANSI.iter().find(|(_, n)| *n == named).map(|(v, _)| *v),
        }
    }

    #[test]
    fn every_built_in_theme_file_parses_and_sets_every_role() {
        for (name, file, text) in themefile::BUILT_IN {
            let parsed = themefile::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(parsed.is_complete(), "{name} leaves a role out");
            assert!(parsed.background.is_some(), "{name} names no background");
        }
        let names: Vec<&str> = built_in().iter().map(|(t, _)| t.name()).collect();
        assert_eq!(names, ["dark", "light", "high-contrast"]);
    }

    /// Text on a block, and text on the background the theme is made for,
    /// at WCAG's 4.5:1 for normal text, xterm's default palette standing
    /// for the 16 ANSI colours. (The dark theme's black on blue, black on
    /// red and red on black failed it.)
    #[test]
    fn every_pair_of_every_shipped_theme_reaches_4_5_to_1() {
        let mut failures = Vec::new();
        for (t, p) in built_in() {
            let background = p.background.and_then(xterm_rgb).unwrap_or((0, 0, 0));
            for (role, spec) in p.specs() {
                let Some(fg) = spec.fg.and_then(xterm_rgb) else {
                    continue;
                };
                let bg = spec.bg.and_then(xterm_rgb).unwrap_or(background);
                let ratio = contrast(fg, bg);
                if ratio < 4.5 {
                    failures.push(format!("{}: {role} {fg:?} on {bg:?}: {ratio:.2}", t.name()));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn contrast_is_wcags() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((0, 0, 0), (0, 0, 238)) - 2.23).abs() < 0.01);
        assert_eq!(xterm_rgb(Color::Blue), Some((0, 0, 238)));
    }

    fn scratch_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(d.path().join(name), text).unwrap();
        }
        d
    }

    #[test]
    fn a_user_theme_changes_only_the_keys_it_names_over_its_base() {
        let d = scratch_dir(&[
            ("dark.toml", "[late]\nbg = \"#800000\"\n"),
            (
                "Office.toml",
                "base = \"light\"\n[title]\nfg = \"magenta\"\nmodifiers = [\"italic\"]\n",
            ),
            ("notes.txt", "not a theme"),
        ]);
        let user = user_themes(d.path()).unwrap();
        let names: Vec<&str> = user.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["dark", "office"]);
        let dark = palette_of(ThemeName::Dark);
        let mine = user[0].1;
        assert_eq!(mine.late.bg, Some(Color::Rgb(128, 0, 0)));
        assert_eq!(mine.late.fg, dark.late.fg, "fg kept from the base");
        assert_eq!(mine.title, dark.title);
        let light = palette_of(ThemeName::Light);
        let office = user[1].1;
        assert_eq!(office.title.fg, Some(Color::Magenta));
        assert_eq!(office.title.add, Modifier::ITALIC);
        assert_eq!(office.scheduled, light.scheduled);
        assert_eq!(office.background, light.background);
        // No directory: no user themes, and no error.
        assert!(user_themes(&d.path().join("none")).unwrap().is_empty());
    }

    #[test]
    fn a_bad_theme_file_names_its_file_line_and_role() {
        let cases = [
            (
                "[title]\nfg = \"cyan\"\n\n[titel]\nfg = \"red\"\n",
                4,
                "titel",
                "unknown field",
            ),
            (
                "[late]\nbg = \"#800000\"\nfg = \"redd\"\n",
                3,
                "late",
                "`redd` is not a colour",
            ),
            (
                "[ok]\nmodifiers = [\"bold\", \"blink\"]\n",
                2,
                "ok",
                "`blink` is not a modifier",
            ),
            (
                "[ok]\nfg = \"green\"\nshade = 3\n",
                3,
                "shade",
                "unknown field",
            ),
            ("base = \"sepia\"\n", 1, "base", "unknown base theme"),
            ("background = \"#12\"\n", 1, "background", "not a colour"),
        ];
        for (text, line, role, says) in cases {
            let d = scratch_dir(&[("mine.toml", text)]);
            let e = user_themes(d.path()).expect_err(text);
            let file = d.path().join("mine.toml").display().to_string();
            assert_eq!(
                (e.file.as_str(), e.line, e.role.as_deref()),
                (file.as_str(), line, Some(role)),
                "{text}: {e}"
            );
            assert!(e.message.contains(says), "{text}: {e}");
            let shown = e.to_string();
            assert!(
                shown.contains(&format!("{file}:{line}: `{role}`")),
                "{shown}"
            );
        }
    }
}
