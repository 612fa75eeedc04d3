//! The refused-token screen: after Kickserv stops accepting the token, the
//! grid gives way to what happened and what to do, with the last data a
//! key away.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::model::Model;
use crate::app::update::{PEEK_KEY, age_text};

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let what = m
        .sync
        .fault
        .as_ref()
        .map(|(f, _)| super::text::clean(&f.text).into_owned())
        .unwrap_or_default();
    let last = match m.sync.last_ok {
        Some(t) => format!(
            "{PEEK_KEY}  shows the last data (from {}, {} old)",
            super::hhmm(t, m.tz()),
            age_text(m.now, t)
        ),
        None => format!("{PEEK_KEY}  shows the board (nothing was read yet)"),
    };
    let lines = vec![
        Line::styled(what, th.error()),
        Line::from(""),
        Line::from(format!(
            "kickdesk can no longer read account `{}`: the API token was revoked or replaced, or its user lost access.",
            super::text::clean(&m.opts.account)
        )),
        Line::from(""),
        Line::styled("What to do", th.title()),
        Line::from(format!(
            "  1. In Kickserv, copy a valid API token ({}).",
            crate::kickserv::TOKEN_PLACE
        )),
        Line::from(
            "  2. Put it in KICKDESK_TOKEN, or where `token_command` / `token_file` in the config file finds it.",
        ),
        Line::from(
            "  3. Quit (q) and start kickdesk again; `kickdesk check` tests the token first.",
        ),
        Line::from(""),
        Line::styled("kickdesk keeps asking on its own; r asks now.", th.dim()),
        Line::styled(last, th.key()),
    ];
    let inner = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(1),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
