//! The week grid: days across, employees down; each cell lists the day's
//! tasks in time order under a load bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::{Theme, glyph, mark_glyph};
use super::{fill, hours, line_glyph, put, put_fit, task_time};
use crate::app::geometry::{week_columns, week_rows};
use crate::app::model::{Layout, Model};
use crate::schedule::WeekCell;

const BAR: usize = 8;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let Layout::Week(w) = &m.layout else { return };
    let ndays = m.days.len().max(1) as u16;
    let (name_w, cw) = week_columns(area.width, ndays);
    let today = m.today();
    let x_of = |i: usize| area.x + name_w + i as u16 * cw;
    // Day headers.
    for (i, &di) in m.days.iter().enumerate() {
        let Some(date) = w.dates.get(di) else {
            continue;
        };
        let label = date.format("%a %-d").to_string();
        let x = x_of(i);
        if x >= area.right() {
            break;
        }
        let (text, st) = if *date == today {
            (format!("▶{label}◀"), th.today())
        } else if i == m.cursor.day {
            (format!(" {label}"), th.title())
        } else {
            (format!(" {label}"), th.base())
        };
        put(buf, x, area.y, &text, cw.saturating_sub(1), st);
        line_glyph(buf, x - 1, area.y, "│", th.rule());
    }
    let rule_y = area.y + 1;
    for x in area.x..area.right() {
        line_glyph(buf, x, rule_y, "─", th.rule());
    }
    for i in 0..m.days.len() {
        let x = x_of(i) - 1;
        if x < area.right() {
            line_glyph(buf, x, rule_y, "┼", th.rule());
        }
    }
    let body = Rect {
        y: rule_y + 1,
        height: area.bottom().saturating_sub(rule_y + 1),
        ..area
    };
    if m.tasks_period.is_none() {
        put(
            buf,
            area.x + 1,
            body.y,
            &format!("loading week {}…", m.period.week_number()),
            body.width,
            th.dim(),
        );
        return;
    }
    if m.lanes.is_empty() {
        put(
            buf,
            area.x + 1,
            body.y,
            "No tasks and no employees this week",
            body.width,
            th.dim(),
        );
        return;
    }
    // One row per employee; rows_fit counts the header lines as chrome.
    let (per, _) = week_rows(area.height + 2, m.lanes.len());
    // Unassigned, when there is some, stays the first row whatever the scroll.
    let shown = m.shown_lanes();
    let first = shown
        .iter()
        .copied()
        .find(|&l| l > 0 || !m.pinned())
        .unwrap_or(0);
    let last = shown.last().map_or(0, |&l| l + 1);
    let work_min = work_minutes(m);
    for (row_i, &li) in shown.iter().enumerate() {
        let y = body.y + row_i as u16 * per;
        if y >= body.bottom() {
            break;
        }
        let h = per.min(body.bottom() - y);
        let (_, name) = &m.lanes[li];
        let here = li == m.cursor.lane;
        // With no task selected the cursor is the row header itself.
        let st = if here && m.cursor.task.is_none() {
            th.selected()
        } else if here {
            th.title()
        } else {
            th.base()
        };
        if here && m.cursor.task.is_none() {
            fill(buf, Rect::new(area.x, y, name_w - 1, 1), st);
        }
        put_fit(buf, area.x + 1, y, name, name_w - 2, st);
        let total: i64 = w.rows[li].cells.iter().map(|c| c.booked_min).sum();
        if h > 1 {
            put(buf, area.x + 1, y + 1, &hours(total), name_w - 2, th.dim());
        }
        for (i, &di) in m.days.iter().enumerate() {
            let x = x_of(i);
            if x >= area.right() {
                break;
            }
            for yy in y..y + h {
                line_glyph(buf, x - 1, yy, "│", th.rule());
            }
            let Some(cell) = w.rows[li].cells.get(di) else {
                continue;
            };
            let r = Rect::new(x, y, cw.saturating_sub(1).min(area.right() - x), h);
            let selected_cell = li == m.cursor.lane && i == m.cursor.day;
            draw_cell(m, buf, cell, r, selected_cell, work_min, th);
        }
    }
    if last < m.lanes.len() {
        put(
            buf,
            area.x + 1,
            area.bottom() - 1,
            &format!("▼ {} more", m.lanes.len() - last),
            name_w - 2,
            th.dim(),
        );
    }
    if first > usize::from(m.pinned()) {
        put(
            buf,
            area.x + 1,
            area.y,
            &format!("▲ {} more", first - usize::from(m.pinned())),
            name_w - 2,
            th.dim(),
        );
    }
}

fn work_minutes(m: &Model) -> i64 {
    let w = &m.opts.work;
    (w.end.signed_duration_since(w.start).num_minutes()).max(60)
}

fn draw_cell(
    m: &Model,
    buf: &mut Buffer,
    cell: &WeekCell,
    r: Rect,
    selected_cell: bool,
    work_min: i64,
    th: Theme,
) {
    if r.width == 0 || r.height == 0 {
        return;
    }
    // Load bar: hours booked against working hours, `!` when over.
    if cell.booked_min > 0 || selected_cell {
        let over = if cell.booked_min > work_min { " !" } else { "" };
        // Hours, and the number of tasks where there is room for it.
        let mut label = format!(" {}{over}", hours(cell.booked_min));
        let count = format!(" ·{}", cell.tasks.len());
        if !cell.tasks.is_empty() && (r.width as usize) >= BAR + label.chars().count() + count.len()
        {
            label.push_str(&count);
        }
        // The bar gives way to the hours when the cell is narrow.
        let bar_w = (r.width as usize)
            .saturating_sub(label.chars().count())
            .clamp(1, BAR) as i64;
        let filled = ((cell.booked_min * bar_w + work_min / 2) / work_min).clamp(0, bar_w) as usize;
        let bar = format!(
            "{}{}{label}",
            "█".repeat(filled),
            "░".repeat(bar_w as usize - filled)
        );
        let st = if cell.booked_min > work_min {
            th.warn()
        } else {
            th.dim()
        };
        put_fit(buf, r.x, r.y, &bar, r.width, st);
    }
    let lines = (r.height - 1) as usize;
    if lines == 0 {
        return;
    }
    let sel = m.cursor.task.filter(|_| selected_cell);
    let sel_pos = sel.and_then(|id| cell.tasks.iter().position(|&i| m.tasks[i].id == id));
    let n = cell.tasks.len();
    // Which tasks get a line: the first ones, with the selection always
    // among them; what does not fit is counted at the end of the last line.
    let mut shown: Vec<usize> = (0..n.min(lines)).collect();
    if let Some(p) = sel_pos.filter(|&p| p >= lines) {
        shown[lines - 1] = p;
    }
    let more = (n > shown.len()).then(|| format!("+{}", n - shown.len()));
    let more_w = more.as_ref().map_or(0, |s| s.len() as u16 + 1);
    for (row, &p) in shown.iter().enumerate() {
        let t = &m.tasks[cell.tasks[p]];
        let last = row + 1 == shown.len();
        let width = if last {
            r.width.saturating_sub(more_w).max(1)
        } else {
            r.width
        };
        let y = r.y + 1 + row as u16;
        let selected = sel_pos == Some(p);
        let time = if t.all_day == Some(true) {
            "all day".to_string()
        } else {
            t.starts_at
                .map(|s| task_time(s.to_utc(), m.tz()))
                .unwrap_or_default()
        };
        let who = t.customer_name().map(short_name).unwrap_or_default();
        let mark = m
            .marks
            .get(&t.id)
            .map(|mk| mark_glyph(mk.kind).to_string())
            .unwrap_or_default();
        let line = format!(
            "{}{mark}{time} {who}{}{}",
            glyph(t, m.now),
            if who.is_empty() { "" } else { " " },
            t.title()
        );
        let st = if selected { th.selected() } else { th.base() };
        if selected {
            fill(buf, Rect::new(r.x, y, r.width, 1), st);
        }
        put_fit(buf, r.x, y, &line, width, st);
    }
    if let Some(more) = more {
        let w = more.len() as u16;
        put(
            buf,
            r.right().saturating_sub(w),
            r.y + shown.len() as u16,
            &more,
            w,
            th.mark(),
        );
    }
    if selected_cell && n == 0 && lines > 0 {
        fill(buf, Rect::new(r.x, r.y + 1, r.width, 1), th.selected());
        put(buf, r.x, r.y + 1, " (no tasks)", r.width, th.selected());
    }
}

/// "Samantha Example" → "Example": the word a dispatcher scans for.
fn short_name(name: &str) -> String {
    let trimmed = name.trim();
    trimmed.rsplit(' ').next().unwrap_or(trimmed).to_string()
}
