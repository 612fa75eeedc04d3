//! The week grid: days across, employees down; each cell lists the day's
//! tasks in time order under a load bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::{Theme, glyph, mark_glyph};
use super::{fill, hours, put, put_fit};
use crate::app::geometry::{MIN_WEEK_COL, WEEK_NAME, week_rows};
use crate::app::model::{Layout, Model};
use crate::schedule::WeekCell;

const BAR: usize = 8;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let Layout::Week(w) = &m.layout else { return };
    let ndays = m.days.len().max(1) as u16;
    let cw = (area.width.saturating_sub(WEEK_NAME) / ndays).max(MIN_WEEK_COL);
    let today = m.today();
    let x_of = |i: usize| area.x + WEEK_NAME + i as u16 * cw;
    // Day headers.
    for (i, &di) in m.days.iter().enumerate() {
        let Some(date) = w.dates.get(di) else { continue };
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
        put(buf, x - 1, area.y, "│", 1, th.rule());
    }
    let rule_y = area.y + 1;
    for x in area.x..area.right() {
        put(buf, x, rule_y, "─", 1, th.rule());
    }
    for i in 0..m.days.len() {
        let x = x_of(i) - 1;
        if x < area.right() {
            put(buf, x, rule_y, "┼", 1, th.rule());
        }
    }
    let body = Rect { y: rule_y + 1, height: area.bottom().saturating_sub(rule_y + 1), ..area };
    if m.tasks_period.is_none() {
        put(buf, area.x + 1, body.y, &format!("loading week {}…", m.period.week_number()), body.width, th.dim());
        return;
    }
    if m.lanes.is_empty() {
        put(buf, area.x + 1, body.y, "No tasks and no employees this week", body.width, th.dim());
        return;
    }
    // One row per employee; rows_fit counts the header lines as chrome.
    let (per, fit) = week_rows(area.height + 2, m.lanes.len());
    let first = m.lane_offset.min(m.lanes.len());
    let last = (first + fit).min(m.lanes.len());
    let work_min = work_minutes(m);
    for (row_i, li) in (first..last).enumerate() {
        let y = body.y + row_i as u16 * per;
        if y >= body.bottom() {
            break;
        }
        let h = per.min(body.bottom() - y);
        let (_, name) = &m.lanes[li];
        let st = if li == m.cursor.lane { th.title() } else { th.base() };
        put_fit(buf, area.x + 1, y, name, WEEK_NAME - 2, st);
        let total: i64 = w.rows[li].cells.iter().map(|c| c.booked_min).sum();
        if h > 1 {
            put(buf, area.x + 1, y + 1, &hours(total), WEEK_NAME - 2, th.dim());
        }
        for (i, &di) in m.days.iter().enumerate() {
            let x = x_of(i);
            if x >= area.right() {
                break;
            }
            for yy in y..y + h {
                put(buf, x - 1, yy, "│", 1, th.rule());
            }
            let Some(cell) = w.rows[li].cells.get(di) else { continue };
            let r = Rect::new(x, y, cw.saturating_sub(1).min(area.right() - x), h);
            let selected_cell = li == m.cursor.lane && i == m.cursor.day;
            draw_cell(m, buf, cell, r, selected_cell, work_min, th);
        }
    }
    if last < m.lanes.len() {
        put(buf, area.x + 1, area.bottom() - 1, &format!("▼ {} more", m.lanes.len() - last), WEEK_NAME - 2, th.dim());
    }
    if first > 0 {
        put(buf, area.x + 1, area.y, &format!("▲ {} more", first), WEEK_NAME - 2, th.dim());
    }
}

fn work_minutes(m: &Model) -> i64 {
    let w = &m.opts.work;
    (w.end.signed_duration_since(w.start).num_minutes()).max(60)
}

fn draw_cell(m: &Model, buf: &mut Buffer, cell: &WeekCell, r: Rect, selected_cell: bool, work_min: i64, th: Theme) {
    if r.width == 0 || r.height == 0 {
        return;
    }
    // Load bar: hours booked against working hours, `!` when over.
    if cell.booked_min > 0 || selected_cell {
        let filled = ((cell.booked_min * BAR as i64 + work_min / 2) / work_min).clamp(0, BAR as i64) as usize;
        let over = if cell.booked_min > work_min { " !" } else { "" };
        let bar = format!("{}{} {}{over}", "█".repeat(filled), "░".repeat(BAR - filled), hours(cell.booked_min));
        let st = if cell.booked_min > work_min { th.warn() } else { th.dim() };
        put_fit(buf, r.x, r.y, &bar, r.width, st);
    }
    let lines = (r.height - 1) as usize;
    if lines == 0 {
        return;
    }
    let sel = m.cursor.task.filter(|_| selected_cell);
    let sel_pos = sel.and_then(|id| cell.tasks.iter().position(|&i| m.tasks[i].id == id));
    let n = cell.tasks.len();
    // Which tasks get a line: all if they fit; else the first ones and a
    // "+N more" line, with the selection always among the drawn.
    let shown: Vec<usize> = if n <= lines {
        (0..n).collect()
    } else {
        let keep = lines - 1;
        let mut v: Vec<usize> = (0..keep).collect();
        if let Some(p) = sel_pos.filter(|&p| p >= keep) {
            if keep > 0 {
                v[keep - 1] = p;
            } else {
                v.push(p);
            }
        }
        v
    };
    for (row, &p) in shown.iter().enumerate() {
        let t = &m.tasks[cell.tasks[p]];
        let y = r.y + 1 + row as u16;
        let selected = sel_pos == Some(p);
        let time = if t.all_day == Some(true) {
            "all day".to_string()
        } else {
            t.starts_at
                .map(|s| s.with_timezone(&m.opts.tz).format("%H:%M").to_string())
                .unwrap_or_default()
        };
        let who = t.customer_name().map(short_name).unwrap_or_default();
        let mark = m.marks.get(&t.id).map(|mk| mark_glyph(mk.kind).to_string()).unwrap_or_default();
        let line = format!("{}{mark}{time} {who}{}{}", glyph(t, m.now), if who.is_empty() { "" } else { " " }, t.title());
        let st = if selected { th.selected() } else { th.base() };
        if selected {
            fill(buf, Rect::new(r.x, y, r.width, 1), st);
        }
        put_fit(buf, r.x, y, &line, r.width, st);
    }
    if n > shown.len() {
        let y = r.y + 1 + shown.len() as u16;
        if y < r.bottom() {
            put(buf, r.x, y, &format!("+{} more", n - shown.len()), r.width, th.dim());
        }
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

