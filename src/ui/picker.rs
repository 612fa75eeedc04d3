//! The employee picker as a box over the form: the query, the matches with
//! their marks, the keys. Pure: reads the picker, writes the frame.

use crate::app::keymap::{Action, Context, Keymap};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::form::{centred, skip_cols};
use super::text::{clean, fit};
use super::theme::Theme;
use crate::app::picker::Picker;

const WIDTH: u16 = 56;
/// Most rows of the list shown at once.
const MAX_ROWS: usize = 15;

/// Draws `p` centred over `area`, the terminal cursor in its query.
pub fn draw_picker(p: &Picker, area: Rect, f: &mut Frame, th: Theme) {
    draw_picker_keyed(p, &Keymap::defaults(), area, f, th);
}

/// [`draw_picker`], naming the keys of `keys`.
pub fn draw_picker_keyed(p: &Picker, keys: &Keymap, area: Rect, f: &mut Frame, th: Theme) {
    let w = WIDTH.min(area.width.saturating_sub(2)).max(20);
    let inner = usize::from(w.saturating_sub(4));
    let rows: Vec<_> = p.rows().collect();
    // Query, list, blank, hint inside the borders: as tall as the list, up to what fits.
    let room = usize::from(area.height.saturating_sub(7)).max(1);
    let list_rows = rows.len().clamp(1, MAX_ROWS).min(room);
    let h = u16::try_from(list_rows + 5).unwrap_or(u16::MAX);
    let top = p.cursor().saturating_sub(list_rows - 1);
    let query = clean(p.query.value()).into_owned();
    let qscroll = p.query.visual_scroll(inner.saturating_sub(3));
    let shown = fit(skip_cols(&query, qscroll), inner.saturating_sub(2)).into_owned();
    let mut lines = vec![Line::from(format!("> {shown}"))];
    if rows.is_empty() {
        lines.push(Line::styled("no employee matches", th.dim()));
    }
    for (i, (c, on)) in rows.iter().enumerate().skip(top).take(list_rows) {
        let mark = if *on { "[x] " } else { "[ ] " };
        let text = format!("{mark}{}", fit(&clean(&c.name), inner.saturating_sub(4)));
        let style = if i == p.cursor() {
            th.selected()
        } else {
            th.base()
        };
        lines.push(Line::styled(text, style));
    }
    while lines.len() < list_rows + 1 {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        fit(
            &format!(
                "{} select · {} all · {} apply · {} back",
                keys.key_text(Context::Picker, Action::Toggle),
                keys.key_text(Context::Picker, Action::ToggleAll),
                keys.key_text(Context::Picker, Action::Accept),
                keys.key_text(Context::Picker, Action::Close)
            ),
            inner,
        )
        .into_owned(),
        th.dim(),
    ));
    let title = format!(" Employees {}/{} ", p.selected_count(), p.total());
    let cursor = p.query.visual_cursor().saturating_sub(qscroll);
    query_dialog(f, centred(area, w, h), title, lines, cursor, th);
}

/// A dialog whose first line is a query being typed: drawn framed and
/// cleared over what is beneath, the text cursor `cursor` columns into
/// the query (after its two-column prompt).
pub(super) fn query_dialog(
    f: &mut Frame,
    r: Rect,
    title: String,
    lines: Vec<Line<'static>>,
    cursor: usize,
    th: Theme,
) {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(title, th.title()));
    let body = block.inner(r);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), body);
    let cx = body.x + 2 + u16::try_from(cursor).unwrap_or(0);
    f.set_cursor_position(Position::new(
        cx.min(body.right().saturating_sub(1)),
        body.y,
    ));
}
