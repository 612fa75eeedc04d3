//! Double bookings and late work on screen: a glyph of their own after
//! the status glyph, in a colour of their own (the theme's `double` role,
//! which no status block uses), and the counts in the header.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::theme::Theme;
use crate::app::dispatch::alerts;
use crate::app::model::Model;

/// The double-booking glyph for the task at `index` in the lane at
/// `lane`, or nothing.
pub fn double_mark(m: &Model, lane: usize, index: usize, th: Theme) -> String {
    if alerts::is_double(m, lane, index) {
        th.glyphs.double.to_string()
    } else {
        String::new()
    }
}

/// Colours the mark written at `x + 1` (the column after the status glyph).
pub fn paint(buf: &mut Buffer, x: u16, y: u16, max: u16, mark: &str, st: Style, th: Theme) {
    if !mark.is_empty() && max > 1 {
        buf.set_style(Rect::new(x + 1, y, 1, 1), st.patch(th.double()));
    }
}

/// The header's warnings with their styles: "2 double-booked" in the
/// mark's colour, "3 late", "1 running over".
pub fn header_items(m: &Model, th: Theme) -> Vec<(String, Style)> {
    let mut out = Vec::new();
    let doubles = alerts::double_count(m);
    if doubles > 0 {
        out.push((format!("{doubles} double-booked"), th.double()));
    }
    let (late, over) = alerts::late_counts(m);
    if late > 0 {
        out.push((format!("{late} late"), th.error()));
    }
    if over > 0 {
        out.push((format!("{over} running over"), th.warn()));
    }
    out
}
