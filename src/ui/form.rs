//! The edit form as a box over the board: one row per field, its error or
//! note under it, what changed on the server, the form's own line and the
//! keys. Pure: reads the form, writes the frame.

use crate::app::form::{CLOSE_KEY, SAVE_KEY};
use crate::app::keymap::{Action, Context, Keymap};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use super::text::{clean, fit, pad, width};
use super::theme::Theme;
use crate::app::draft::{Draft, restore_prompt};
use crate::app::form::{Field, Form};

/// Widest the form gets on a wide terminal.
const MAX_WIDTH: u16 = 90;
/// Columns of the label column ("End or duration" and a gap).
const LABEL_COLS: usize = 17;

/// Draws `form` in a box centred over `area`, and places the terminal
/// cursor in the focused text field.
pub fn draw_form(form: &Form, area: Rect, f: &mut Frame, th: Theme) {
    draw_form_keyed(form, &Keymap::defaults(), area, f, th);
}

/// [`draw_form`], naming the keys of `keys`.
pub fn draw_form_keyed(form: &Form, keys: &Keymap, area: Rect, f: &mut Frame, th: Theme) {
    let w = MAX_WIDTH.min(area.width.saturating_sub(2)).max(20);
    let inner = usize::from(w.saturating_sub(4));
    let value_cols = inner.saturating_sub(LABEL_COLS).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    for field in Field::ALL {
        let focused = form.focus() == field;
        let label_style = if focused { th.selected() } else { th.title() };
        let label = Span::styled(pad(field.label(), LABEL_COLS - 2), label_style);
        let value = match form.input(field) {
            Some(input) => {
                let text = clean(input.value());
                if focused {
                    let scroll = input.visual_scroll(value_cols.saturating_sub(1));
                    cursor = Some((lines.len(), input.visual_cursor().saturating_sub(scroll)));
                    Span::raw(fit(skip_cols(&text, scroll), value_cols).into_owned())
                } else {
                    Span::raw(fit(&text, value_cols).into_owned())
                }
            }
            None => {
                let names = form.employee_names();
                if names.is_empty() {
                    Span::styled("(none)", th.dim())
                } else {
                    let joined = clean(&names.join(", ")).into_owned();
                    Span::raw(fit(&joined, value_cols).into_owned())
                }
            }
        };
        lines.push(Line::from(vec![label, Span::raw("  "), value]));
        let (msg, style) = match (form.error(field), form.note(field)) {
            (Some(e), _) => (e, th.error()),
            (None, Some(n)) => (n, th.dim()),
            (None, None) => continue,
        };
        for row in wrap_words(&clean(msg), value_cols) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(LABEL_COLS)),
                Span::styled(row, style),
            ]));
        }
    }
    let mut tail: Vec<(String, Style)> = Vec::new();
    if let Some(e) = form.draft_error() {
        tail.push((
            format!(
                "not kept on disk ({e}): a crash would lose this edit; save it or copy the text"
            ),
            th.error(),
        ));
    }
    for c in form.server_changes() {
        tail.push((format!("changed on the server: {}", c.text()), th.warn()));
    }
    if form.draft_is_stale() {
        tail.push((
            "the task changed on the server since this draft was written".into(),
            th.warn(),
        ));
    }
    if let Some(m) = &form.message {
        let m = m
            .replace(SAVE_KEY, &keys.key_text(Context::Form, Action::Save))
            .replace(CLOSE_KEY, &keys.key_text(Context::Form, Action::Close));
        tail.push((m, th.warn()));
    }
    lines.push(Line::from(""));
    for (text, style) in tail {
        for row in wrap_words(&clean(&text), inner) {
            lines.push(Line::styled(row, style));
        }
    }
    let k = |a| keys.key_text(Context::Form, a);
    let mut hint = format!(
        "{} save · {} next · {} cancel",
        k(Action::Save),
        k(Action::NextField),
        k(Action::Close)
    );
    if form.focus() == Field::Employees {
        hint.push_str(" · Enter choose");
    }
    lines.push(Line::styled(fit(&hint, inner).into_owned(), th.dim()));

    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centred(area, w, h);
    f.render_widget(Clear, r);
    let title = fit(&clean(&form.title()), inner.saturating_sub(2)).into_owned();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(format!(" {title} "), th.title()));
    let body = block.inner(r);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    f.render_widget(block, r);
    f.render_widget(Paragraph::new(lines), body);
    if let Some((row, col)) = cursor {
        let y = body.y + u16::try_from(row).unwrap_or(u16::MAX);
        let x = body.x + u16::try_from(LABEL_COLS + col).unwrap_or(u16::MAX);
        if y < body.bottom() {
            f.set_cursor_position(Position::new(x.min(body.right().saturating_sub(1)), y));
        }
    }
}

/// The start-up question for a draft found in the journal; `place` is its
/// place among those found ("2 of 3" when there are several).
pub fn draw_restore_prompt(d: &Draft, place: (usize, usize), area: Rect, f: &mut Frame, th: Theme) {
    draw_restore_keyed(d, place, &Keymap::defaults(), area, f, th);
}

/// [`draw_restore_prompt`], naming the keys of `keys`.
pub fn draw_restore_keyed(
    d: &Draft,
    place: (usize, usize),
    keys: &Keymap,
    area: Rect,
    f: &mut Frame,
    th: Theme,
) {
    let w = 60u16.min(area.width.saturating_sub(2)).max(20);
    let inner = usize::from(w.saturating_sub(4));
    let mut lines: Vec<Line> = wrap_words(&clean(&restore_prompt(d)), inner)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(
        fit(
            &format!(
                "{} restore · {} discard · {} later",
                keys.key_text(Context::Restore, Action::Yes),
                keys.key_text(Context::Restore, Action::No),
                keys.key_text(Context::Restore, Action::Later)
            ),
            inner,
        )
        .into_owned(),
        th.dim(),
    ));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = centred(area, w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(
            match place {
                (i, n) if n > 1 => format!(" Unsaved edit {i} of {n} "),
                _ => " Unsaved edit ".to_string(),
            },
            th.title(),
        ));
    let body = block.inner(r);
    f.render_widget(block, r);
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(2),
            ..body
        },
    );
}

/// A box of `w`×`h` centred in `area`, never larger than it.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `s` without its first `cols` display columns (a scrolled input).
pub(super) fn skip_cols(s: &str, cols: usize) -> &str {
    let mut w = 0;
    for (i, g) in s.grapheme_indices(true) {
        if w >= cols {
            return &s[i..];
        }
        w += width(g);
    }
    ""
}

/// Words of `s` in rows of at most `cols` columns; a word longer than a
/// row is cut.
pub(super) fn wrap_words(s: &str, cols: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in s.split_whitespace() {
        let sep = usize::from(!row.is_empty());
        if !row.is_empty() && width(&row) + sep + width(word) > cols {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
        if width(&row) > cols {
            rows.push(fit(&row, cols).into_owned());
            row.clear();
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_within_the_columns() {
        assert_eq!(
            wrap_words("02:30 does not exist on 2026-03-08", 16),
            ["02:30 does not", "exist on", "2026-03-08"]
        );
        assert_eq!(wrap_words("", 10), Vec::<String>::new());
        assert_eq!(wrap_words("abcdefghij", 5), ["abcd…"]);
        assert_eq!(skip_cols("黒田健", 2), "田健");
    }
}
