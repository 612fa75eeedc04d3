//! The week grid: days across, employees down; each cell lists the day's
//! tasks in time order under a load bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::{fill, hours_as, line_glyph, put, put_fit, task_time, text};
use crate::app::geometry::{week_columns, week_rows};
use crate::app::model::{Layout, MarkKind, Model};
use crate::app::monitor::cursor_drawn;
use crate::kickserv::model::Task;
use crate::schedule::{WeekCell, day_start, task_interval};
use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

/// Widest load bar, and the narrowest kept beside the scale.
const BAR: usize = 8;
const MIN_BAR: usize = 3;

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
            (format!("{}{label}", th.glyphs.today), th.today())
        } else if i == m.cursor.day && cursor_drawn(m) {
            (format!(" {label}"), th.title())
        } else {
            (format!(" {label}"), th.base())
        };
        put(buf, x, area.y, &text, cw.saturating_sub(1), st);
        line_glyph(buf, x - 1, area.y, th.glyphs.rule_v, th.rule());
    }
    let rule_y = area.y + 1;
    for x in area.x..area.right() {
        line_glyph(buf, x, rule_y, th.glyphs.rule_h, th.rule());
    }
    for i in 0..m.days.len() {
        let x = x_of(i) - 1;
        if x < area.right() {
            line_glyph(buf, x, rule_y, th.glyphs.rule_cross, th.rule());
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
        let here = li == m.cursor.lane && cursor_drawn(m);
        // With no task selected the cursor is the row header itself.
        let st = th.lane_header(here, m.cursor.task.is_none());
        if here && m.cursor.task.is_none() {
            fill(buf, Rect::new(area.x, y, name_w - 1, 1), st);
        }
        put_fit(buf, area.x + 1, y, name, name_w - 2, st);
        let total: i64 = w.rows[li].cells.iter().map(|c| c.booked_min).sum();
        if h > 1 {
            put(
                buf,
                area.x + 1,
                y + 1,
                &hours_as(total, th.look.ascii),
                name_w - 2,
                th.dim(),
            );
        }
        for (i, &di) in m.days.iter().enumerate() {
            let x = x_of(i);
            if x >= area.right() {
                break;
            }
            for yy in y..y + h {
                line_glyph(buf, x - 1, yy, th.glyphs.rule_v, th.rule());
            }
            let Some(cell) = w.rows[li].cells.get(di) else {
                continue;
            };
            let r = Rect::new(x, y, cw.saturating_sub(1).min(area.right() - x), h);
            let selected_cell = here && i == m.cursor.day;
            let date = w.dates.get(di).copied();
            draw_cell(m, buf, (li, cell), date, r, selected_cell, work_min, th);
        }
    }
    // Below the last row shown (the rows leave it free), not over its total.
    let below = body.y + shown.len() as u16 * per;
    if last < m.lanes.len() && below < body.bottom() {
        put(
            buf,
            area.x + 1,
            below,
            &format!("{} {} more", th.glyphs.more_down, m.lanes.len() - last),
            name_w - 2,
            th.dim(),
        );
    }
    // The corner states the load bars' scale; rows scrolled off are counted under it.
    put_fit(
        buf,
        area.x + 1,
        area.y,
        &format!("load/{}", hours_as(work_min, th.look.ascii)),
        name_w - 2,
        th.dim(),
    );
    if first > usize::from(m.pinned()) {
        put(
            buf,
            area.x + 1,
            rule_y,
            &format!(
                "{} {} more",
                th.glyphs.more_up,
                first - usize::from(m.pinned())
            ),
            name_w - 2,
            th.dim(),
        );
    }
}

fn work_minutes(m: &Model) -> i64 {
    let w = &m.opts.work;
    (w.end.signed_duration_since(w.start).num_minutes()).max(60)
}

#[allow(clippy::too_many_arguments)]
fn draw_cell(
    m: &Model,
    buf: &mut Buffer,
    (lane, cell): (usize, &WeekCell),
    date: Option<NaiveDate>,
    r: Rect,
    selected_cell: bool,
    work_min: i64,
    th: Theme,
) {
    if r.width == 0 || r.height == 0 {
        return;
    }
    let lines = (r.height - 1) as usize;
    let sel = m.cursor.task.filter(|_| selected_cell);
    let sel_pos = sel.and_then(|id| cell.tasks.iter().position(|&i| m.tasks[i].id == id));
    let n = cell.tasks.len();
    // Which tasks get a line: the first ones, with the selection always
    // among them; the rest are counted on the load line.
    let mut shown: Vec<usize> = (0..n.min(lines)).collect();
    if let Some(p) = sel_pos.filter(|&p| p >= lines)
        && let Some(last) = shown.last_mut()
    {
        *last = p;
    }
    if cell.booked_min > 0 || n > 0 || selected_cell {
        draw_load(m, buf, cell, &shown, r, work_min, th);
    }
    for (row, &p) in shown.iter().enumerate() {
        let t = &m.tasks[cell.tasks[p]];
        let y = r.y + 1 + row as u16;
        let selected = sel_pos == Some(p);
        let time = if t.all_day == Some(true) {
            "all day".to_string()
        } else {
            cell_time(t, date, m.tz())
        };
        let mark = th.change_mark(m, t.id);
        let double = super::alerts::double_mark(m, lane, cell.tasks[p], th);
        // The whole customer name, then the title: the line is cut from its end.
        let who = t
            .customer_name()
            .map(|c| format!("{} ", c.trim()))
            .unwrap_or_default();
        let line = format!(
            "{}{double}{mark}{time} {who}{}",
            th.glyph(t, m.now, &m.opts.work),
            t.title()
        );
        let st = if selected {
            th.selected()
        } else if !m.text_filter.keeps(t.id) {
            th.unmatched()
        } else {
            th.base()
        };
        let st = super::moving::style(m, t.id, st, th);
        if selected {
            fill(buf, Rect::new(r.x, y, r.width, 1), st);
        }
        put_fit(buf, r.x, y, &line, r.width, st);
        super::alerts::paint(buf, r.x, y, r.width, &double, st, th);
    }
    if selected_cell && n == 0 && lines > 0 {
        fill(buf, Rect::new(r.x, r.y + 1, r.width, 1), th.selected());
        put(buf, r.x, r.y + 1, " (no tasks)", r.width, th.selected());
    }
}

/// The cell's first line: a bar of hours booked against working hours, the
/// hours with that scale where there is room ("6h/12h"), and the tasks
/// without a line of their own ("+2"), marked when one of them changed.
fn draw_load(
    m: &Model,
    buf: &mut Buffer,
    cell: &WeekCell,
    shown: &[usize],
    r: Rect,
    work_min: i64,
    th: Theme,
) {
    let booked = match hours_as(cell.booked_min, th.look.ascii) {
        h if h.is_empty() => "0h".to_string(),
        h => h,
    };
    let hidden = cell.tasks.len() - shown.len();
    // The strongest change among the tasks without a line (none to look for
    // between polls, the common case).
    let changed = (hidden > 0 && !m.marks.is_empty())
        .then(|| {
            (0..cell.tasks.len())
                .filter(|p| !shown.contains(p))
                .filter_map(|p| m.marks.get(&m.tasks[cell.tasks[p]].id))
                .map(|mk| mk.kind)
                .min_by_key(|k| match k {
                    MarkKind::New => 0,
                    MarkKind::Moved => 1,
                    MarkKind::Changed => 2,
                })
        })
        .flatten();
    let more = match (hidden, changed) {
        (0, _) => String::new(),
        (k, Some(kind)) => format!(" {}+{k}", th.mark_glyph(kind)),
        (k, None) => format!(" +{k}"),
    };
    let width = r.width as usize;
    let scaled = format!(" {booked}/{}{more}", hours_as(work_min, th.look.ascii));
    // The scale goes first when the cell is narrow (the corner states it); a
    // bar of at least three columns stays.
    let label = if width >= MIN_BAR + text::width(&scaled) {
        scaled
    } else {
        format!(" {booked}{more}")
    };
    let bar_w = width.saturating_sub(text::width(&label)).clamp(1, BAR) as i64;
    let filled = ((cell.booked_min * bar_w + work_min / 2) / work_min).clamp(0, bar_w) as usize;
    let bar: String = std::iter::repeat_n(th.glyphs.load_booked, filled)
        .chain(std::iter::repeat_n(
            th.glyphs.load_free,
            bar_w as usize - filled,
        ))
        .collect();
    let st = if cell.booked_min > work_min {
        th.warn()
    } else {
        th.dim()
    };
    let x = r.x + put_fit(buf, r.x, r.y, &bar, r.width, st);
    let rest = label.len() - more.len();
    let x = x + put_fit(buf, x, r.y, &label[..rest], r.right().saturating_sub(x), st);
    if !more.is_empty() {
        put_fit(buf, x, r.y, &more, r.right().saturating_sub(x), th.mark());
    }
}

/// A task's time in one day's cell: its start on its first day; on a later
/// day the start would read as a second visit, so `…` as the day view marks
/// a block begun before it, and the end on the day it ends (`…14:00`).
fn cell_time(t: &Task, date: Option<NaiveDate>, tz: Tz) -> String {
    let start = |s: DateTime<FixedOffset>| task_time(s.to_utc(), tz);
    let (Some(date), Some((s, e))) = (date, task_interval(t)) else {
        return t.starts_at.map(start).unwrap_or_default();
    };
    if s >= day_start(tz, date) {
        return t.starts_at.map(start).unwrap_or_default();
    }
    let ends_today = date.succ_opt().is_some_and(|next| e < day_start(tz, next));
    if ends_today {
        format!("…{}", task_time(e, tz))
    } else {
        "…".to_string()
    }
}
