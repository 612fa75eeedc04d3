//! The unassigned queue: a panel at the right of the board, one task a
//! row pair (its day and time with its length, then customer and job),
//! oldest first; the last row says whom the assign key stages it for.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear};

use super::theme::Theme;
use super::{fill, hhmm, hours_as, put, put_fit};
use crate::app::dispatch::queue;
use crate::app::keymap::{Action, Context};
use crate::app::model::Model;

/// Where the panel goes: beside the board (which is laid out narrower
/// while it is open), between header and hints.
fn rect(m: &Model, area: Rect) -> Rect {
    let x = m.grid_size().0.min(area.width);
    Rect::new(
        area.x + x,
        area.y + 1.min(area.height),
        area.width - x,
        area.height.saturating_sub(2),
    )
}

pub fn draw(m: &Model, selected: usize, f: &mut Frame, th: Theme) {
    let r = rect(m, f.area());
    if r.width < 4 || r.height < 4 {
        return;
    }
    let rows = queue::queued(m);
    f.render_widget(Clear, r);
    let title = format!(" Unassigned ({}) ", rows.len());
    f.render_widget(
        Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(th.rule())
            .title_style(th.title()),
        r,
    );
    let inner = Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
    let buf = f.buffer_mut();
    let w = inner.width;
    // The last inner row says whom the task would go to.
    let list_h = inner.height.saturating_sub(1);
    if rows.is_empty() {
        put(
            buf,
            inner.x,
            inner.y,
            "Nobody is missing: every open task of this period is assigned.",
            w,
            th.dim(),
        );
    }
    let per = 2u16;
    let fits = usize::from((list_h / per).max(1));
    let selected = selected.min(rows.len().saturating_sub(1));
    let first = selected.saturating_sub(fits - 1);
    let tz = m.tz();
    for (row, &i) in rows.iter().enumerate().skip(first).take(fits) {
        let t = &m.tasks[i];
        let y = inner.y + (row - first) as u16 * per;
        let st = if row == selected {
            th.selected()
        } else {
            th.base()
        };
        if row == selected {
            fill(buf, Rect::new(inner.x, y, w, per.min(list_h)), st);
        }
        let (start, minutes) = match (t.starts_at, t.ends_at) {
            (Some(s), Some(e)) => (Some(s), (e - s).num_minutes()),
            (s, _) => (s, 0),
        };
        let when = start
            .map(|s| {
                let s = s.with_timezone(&chrono::Utc);
                let day = s.with_timezone(&tz).format("%a %-d");
                format!("{day} {}", hhmm(s, tz))
            })
            .unwrap_or_default();
        let head = format!(
            "{}{when}  {}",
            th.glyph(t, m.now, &m.opts.work),
            hours_as(minutes, th.look.ascii)
        );
        put_fit(buf, inner.x, y, &head, w, st);
        let job = t
            .job
            .as_ref()
            .and_then(|j| j.job_number.map(|n| format!("#{n} ")))
            .unwrap_or_default();
        let who = t.customer_name().unwrap_or("(no customer)");
        let line = format!(" {who} · {job}{}", t.title());
        put_fit(buf, inner.x, y + 1, &line, w, st);
    }
    let km = &m.opts.keymap;
    let key = km.key_text(Context::Queue, Action::AssignQueued);
    let name = queue::employee_under_cursor(m)
        .and_then(|_| m.lanes.get(m.cursor.lane))
        .map(|(_, n)| n.as_str());
    let foot = match name {
        Some(name) if !m.read_only() => format!("{key} assigns to {name}"),
        Some(_) => "Read-only: nothing is assigned".to_string(),
        None => format!(
            "{}/{}: put the board's cursor on an employee",
            km.key_text(Context::Queue, Action::MoveLeft),
            km.key_text(Context::Queue, Action::MoveRight)
        ),
    };
    put_fit(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        &foot,
        w,
        th.dim(),
    );
}
