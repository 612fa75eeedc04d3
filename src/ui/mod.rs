//! `view`: draws the model. Pure: reads `&Model`, writes only the frame.
//!
//! Every string from the API goes through [`put`] (or [`text::clean`] for
//! widget text), which makes control characters inert.

pub mod alerts;
pub mod ascii;
pub mod auth;
pub mod cached;
pub mod chrome;
pub mod day;
pub mod detail;
pub mod form;
pub mod glyphs;
pub mod header;
pub mod hints;
pub mod jobpick;
pub mod late;
pub mod moving;
pub mod overlay;
pub mod picker;
pub mod prompt;
pub mod queue;
pub mod text;
pub mod theme;
pub mod themefile;
pub mod timeline;
pub mod week;
pub mod wrap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::model::Model;
use crate::schedule::ViewKind;
use theme::Theme;

pub fn view(m: &Model, f: &mut Frame) {
    let area = f.area();
    let buf = f.buffer_mut();
    let th = theme_of(m);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(buf, area, th);
        if th.look.ascii {
            ascii::only_ascii(buf);
        }
        return;
    }
    header::draw(m, buf, Rect { height: 1, ..area }, th);
    // A detail beside the grid takes the right of the body; the grid shrinks.
    let body = Rect {
        y: area.y + 1,
        height: area.height - 2,
        width: m.grid_size().0.min(area.width),
        ..area
    };
    match m.view() {
        // A refused token: the explanation replaces the grid.
        _ if m.shows_auth_screen() => auth::draw(m, buf, body, th),
        ViewKind::Day if m.timeline.is_some() => timeline::draw(m, buf, body, th),
        ViewKind::Day => day::draw(m, buf, body, th),
        ViewKind::Week => week::draw(m, buf, body, th),
    }
    if m.filter_counts().is_some_and(|(kept, _)| kept == 0) && !m.shows_auth_screen() {
        no_match(m, buf, body, th);
    }
    // Stale data stays on screen, but dimmed: a monitor never looks fresher than it is.
    if m.is_stale() && !m.shows_auth_screen() {
        buf.set_style(body, Style::default().add_modifier(Modifier::DIM));
    }
    let bottom = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    // A monitor says how fresh it is where the keys would be.
    if m.opts.monitor && m.toast.is_none() && m.top().is_none() {
        header::monitor_line(m, buf, bottom, th);
    } else {
        hints::draw(m, buf, bottom, th);
    }
    overlay::draw(m, f, th);
    if th.look.ascii {
        ascii::only_ascii(f.buffer_mut());
    }
}

/// The theme the board is drawn in: the look chosen at start, with the
/// theme the palette last picked.
pub fn theme_of(m: &Model) -> Theme {
    Theme::new(m.look())
}

/// The glyph set the board is drawn with, for text built without a theme at hand.
pub fn glyphs_of(m: &Model) -> &'static glyphs::Glyphs {
    glyphs::set(m.look().ascii)
}

/// Says so in the middle of the board when the text filter matches nothing.
fn no_match(m: &Model, buf: &mut Buffer, body: Rect, th: Theme) {
    let s = format!(" no task matches /{} ", m.text_filter.query);
    let w = (text::width(&s) as u16).min(body.width);
    let x = body.x + body.width.saturating_sub(w) / 2;
    let y = body.y + body.height / 2;
    put_fit(buf, x, y, &s, w, th.warn());
}

fn too_small(buf: &mut Buffer, area: Rect, th: Theme) {
    let lines = [
        "terminal too small".to_string(),
        format!(
            "{}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        ),
    ];
    for (i, l) in lines.iter().enumerate() {
        let y = area.y + (area.height / 2).saturating_sub(1) + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = text::width(l) as u16;
        let x = area.x + area.width.saturating_sub(w) / 2;
        put(
            buf,
            x,
            y,
            l,
            area.right().saturating_sub(x),
            if i == 0 { th.warn() } else { th.dim() },
        );
    }
}

/// Writes `s`, made inert, at (x, y), at most `max` columns; returns the
/// columns used. The one door from API text to the terminal.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max: u16, style: Style) -> u16 {
    let area = buf.area;
    if max == 0 || y < area.y || y >= area.bottom() || x >= area.right() {
        return 0;
    }
    let max = max.min(area.right() - x);
    let clean = text::clean(s);
    write(buf, x, y, &clean, max, style)
}

/// Writes already-clean text. Text whose every character is one column
/// and its own grapheme (most of it) goes cell by cell; the rest through
/// ratatui's grapheme-aware path, which costs several times more.
fn write(buf: &mut Buffer, x: u16, y: u16, s: &str, max: u16, style: Style) -> u16 {
    if s.chars().all(text::is_single_cell) {
        let mut n = 0;
        for c in s.chars().take(max as usize) {
            if let Some(cell) = buf.cell_mut((x + n, y)) {
                cell.set_char(c).set_style(style);
            }
            n += 1;
        }
        return n;
    }
    let (nx, _) = buf.set_stringn(x, y, s, max as usize, style);
    nx.saturating_sub(x)
}

/// Like [`put`], with `…` when cut.
pub fn put_fit(buf: &mut Buffer, x: u16, y: u16, s: &str, max: u16, style: Style) -> u16 {
    let area = buf.area;
    if max == 0 || y < area.y || y >= area.bottom() || x >= area.right() {
        return 0;
    }
    let max = max.min(area.right() - x);
    let clean = text::clean(s);
    let fitted = text::fit(&clean, max as usize);
    write(buf, x, y, &fitted, max, style)
}

/// One of the board's own one-column glyphs (rules, borders): no API text,
/// so it skips the cleaning `put` does. Called thousands of times a frame.
pub fn line_glyph(buf: &mut Buffer, x: u16, y: u16, glyph: &'static str, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(glyph).set_style(style);
    }
}

/// Blanks a rectangle (clipped to the buffer) and paints it with `style`.
pub fn fill(buf: &mut Buffer, r: Rect, style: Style) {
    let r = r.intersection(buf.area);
    for y in r.top()..r.bottom() {
        for x in r.left()..r.right() {
            buf[(x, y)].reset();
            buf[(x, y)].set_style(style);
        }
    }
}

/// `HH:MM` of an instant in the account zone, without chrono's format
/// parser (this runs for every drawn task and grid row).
pub fn hhmm(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    use chrono::Timelike;
    let t = t.with_timezone(&tz);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A task's time: `HH:MM`, with the zone's abbreviation (or offset) when
/// that local time occurs twice, as in the hour repeated when clocks fall back.
pub fn task_time(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    let s = hhmm(t, tz);
    if crate::schedule::is_ambiguous(tz, t) {
        format!("{s} {}", t.with_timezone(&tz).format("%Z"))
    } else {
        s
    }
}

/// Hours as a dispatcher writes them: `6h`, `6½h`, `45m`; on an ASCII
/// terminal `6.5h` (a `+` would read "more than 6").
pub fn hours_as(minutes: i64, ascii: bool) -> String {
    let h = hours(minutes);
    if ascii { h.replace('½', ".5") } else { h }
}

/// An employee's day: hours booked against working hours, `5½/12h`,
/// `45m/8h`, `0/8h`.
pub fn load_text(booked: i64, work: i64, ascii: bool) -> String {
    let b = hours_as(booked, ascii);
    let b = match b.strip_suffix('h') {
        _ if b.is_empty() => "0".to_string(),
        Some(h) => h.to_string(),
        None => b,
    };
    format!("{b}/{}", hours_as(work, ascii))
}

/// The minutes of working hours of the shown day, and the employee lane
/// `lane`'s booked minutes then: `None` for nobody's lane and the week.
pub fn day_load(m: &crate::app::model::Model, lane: usize) -> Option<(i64, i64)> {
    let crate::app::model::Layout::Day(d) = &m.layout else {
        return None;
    };
    if !matches!(
        m.lanes.get(lane).map(|l| l.0),
        Some(crate::schedule::Lane::Employee(_))
    ) {
        return None;
    }
    let (ws, we) = m.work_window(d);
    Some((d.columns.get(lane)?.booked_min, i64::from(we - ws)))
}

/// Hours as a dispatcher writes them: `6h`, `6½h`, `45m`.
pub fn hours(minutes: i64) -> String {
    if minutes <= 0 {
        return String::new();
    }
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let h = minutes / 60;
    let rest = minutes % 60;
    match rest {
        0..=14 => format!("{h}h"),
        15..=44 => format!("{h}½h"),
        _ => format!("{}h", h + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_naturally() {
        assert_eq!(hours(0), "");
        assert_eq!(hours(45), "45m");
        assert_eq!(hours(390), "6½h");
        assert_eq!(load_text(330, 480, true), "5.5/8h");
        assert_eq!(load_text(330, 720, false), "5½/12h");
        assert_eq!(load_text(0, 480, false), "0/8h");
        assert_eq!(load_text(45, 480, false), "45m/8h");
        assert_eq!(hours(480), "8h");
        assert_eq!(hours(470), "8h");
    }

    #[test]
    fn put_never_writes_control_characters() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        put(&mut buf, 0, 0, "a\u{1b}[2Jb\u{7}", 20, Style::default());
        let line: String = (0..20).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(line.starts_with("a␛[2Jb·"), "{line:?}");
    }
}
