//! Prompts on the bottom line, k9s style: the text filter (`/`) and the
//! command palette (`:`), whose candidates open above it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::theme::Theme;
use super::{fill, put, put_fit, text};
use crate::app::model::Model;
use crate::app::palette::{self, Palette};

/// The prompt on the last row: `sigil` and the input, a note at the right
/// (the match count) or an error after the input; the cursor in the input.
pub fn line(f: &mut Frame, sigil: &str, input: &Input, note: &str, error: Option<&str>, th: Theme) {
    let area = f.area();
    if area.height == 0 || area.width < 4 {
        return;
    }
    let y = area.bottom() - 1;
    let buf = f.buffer_mut();
    fill(buf, Rect::new(area.x, y, area.width, 1), th.base());
    let note_w = text::width(note) as u16;
    let x0 = area.x + 1;
    put(buf, x0, y, sigil, 1, th.key());
    // The input scrolls to keep the cursor in view before the note.
    let room = area
        .width
        .saturating_sub(3 + note_w + u16::from(note_w > 0)) as usize;
    let scroll = input.visual_scroll(room.max(1));
    let shown: String = skip_columns(input.value(), scroll);
    let used = put(buf, x0 + 1, y, &shown, room as u16, th.base());
    if let Some(e) = error {
        let x = x0 + 2 + used;
        let max = area.right().saturating_sub(x + note_w + 1);
        put_fit(buf, x, y, e, max, th.error());
    }
    if note_w > 0 {
        put(
            buf,
            area.right().saturating_sub(note_w + 1),
            y,
            note,
            note_w,
            th.dim(),
        );
    }
    let cx = x0 + 1 + (input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(cx.min(area.right().saturating_sub(1)), y));
}

/// The text from display column `cols` on.
fn skip_columns(s: &str, cols: usize) -> String {
    let mut w = 0;
    s.chars()
        .skip_while(|c| {
            let skip = w < cols;
            w += text::width(c.encode_utf8(&mut [0; 4]));
            skip
        })
        .collect()
}

/// The palette: its candidates in a box above the prompt line, the
/// highlighted one reversed, each with its help text.
pub fn palette(m: &Model, p: &Palette, f: &mut Frame, th: Theme) {
    let area = f.area();
    let all = palette::candidates(m, p.input.value());
    let shown: Vec<_> = all.iter().take(palette::SHOWN).collect();
    let rows = shown.len().max(1) as u16;
    let h = rows + 2;
    if area.height > h + 2 {
        let w = area.width.min(72);
        let r = Rect::new(area.x, area.bottom() - 1 - h, w, h);
        let title = if all.len() > shown.len() {
            format!(" Commands {}/{} ", shown.len(), all.len())
        } else {
            " Commands ".to_string()
        };
        let block = ratatui::widgets::Block::default()
            .borders(ratatui::widgets::Borders::ALL)
            .border_style(th.dim())
            .title(ratatui::text::Span::styled(title, th.title()));
        f.render_widget(ratatui::widgets::Clear, r);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let buf = f.buffer_mut();
        if shown.is_empty() {
            put(
                buf,
                inner.x,
                inner.y,
                "(no command matches)",
                inner.width,
                th.dim(),
            );
        }
        let name_w = shown
            .iter()
            .map(|c| text::width(&c.text))
            .max()
            .unwrap_or(0)
            .min(24) as u16;
        for (i, c) in shown.iter().enumerate() {
            let y = inner.y + i as u16;
            let sel = i == p.selected;
            let (ks, hs) = if sel {
                (th.selected(), th.selected())
            } else {
                (th.key(), th.dim())
            };
            if sel {
                fill(buf, Rect::new(inner.x, y, inner.width, 1), ks);
            }
            put_fit(buf, inner.x, y, &c.text, name_w, ks);
            let x = inner.x + name_w + 2;
            put_fit(buf, x, y, &c.help, inner.right().saturating_sub(x), hs);
        }
    }
    line(f, ":", &p.input, "", p.error.as_deref(), th);
}
