//! The day grid: time runs down, one column per employee (and Unassigned).

use chrono::{Datelike, Duration as TimeDelta};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::glyphs;
use super::theme::{Theme, glyph, mark_glyph};
use super::{fill, hhmm, hours, line_glyph, put, put_fit};
use crate::app::geometry::{GUTTER, day_columns_fit};
use crate::app::model::{Layout, Model};
use crate::kickserv::model::Task;
use crate::schedule::{self, Block, DayColumn, DayLayout};

/// Widest a column grows when few employees are shown.
const MAX_COL: u16 = 32;
/// Narrowest side-by-side sub-column for overlapping tasks.
const MIN_SUB: u16 = 6;
const SLOTS: [i32; 3] = [15, 30, 60];

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let Layout::Day(d) = &m.layout else { return };
    let fit = day_columns_fit(area.width);
    let first = m.lane_offset.min(m.lanes.len());
    let last = (first + fit).min(m.lanes.len());
    let ncols = (last - first).max(1) as u16;
    let gx = area.x + GUTTER;
    let cw = ((area.right().saturating_sub(gx)) / ncols).min(MAX_COL);
    let col_x = |i: usize| gx + (i - first) as u16 * cw;

    let mut y = area.y;
    // All-day and multi-day band.
    let band = d.columns[first..last]
        .iter()
        .map(|c| c.banner.len())
        .max()
        .unwrap_or(0)
        .min(2) as u16;
    for r in 0..band {
        if r == 0 {
            put(buf, area.x, y, "all day", GUTTER - 1, th.dim());
        }
        for ci in first..last {
            draw_banner_cell(m, buf, &d.columns[ci], ci, r, band, col_x(ci), y, cw, th);
        }
        y += 1;
    }
    // Rule and column headers.
    let rule_y = y;
    for x in area.x..area.right() {
        line_glyph(buf, x, rule_y, glyphs::RULE_H, th.rule());
    }
    y += 1;
    for ci in first..last {
        let x = col_x(ci);
        let (_, name) = &m.lanes[ci];
        let h = hours(d.columns[ci].booked_min);
        let label = if h.is_empty() {
            name.clone()
        } else {
            format!("{name} {h}")
        };
        let st = if ci == m.cursor.lane {
            th.title()
        } else {
            th.base()
        };
        put_fit(buf, x + 1, y, &label, cw.saturating_sub(2), st);
    }
    if first > 0 {
        put(
            buf,
            area.x + 1,
            y,
            &format!("{} more", glyphs::MORE_LEFT),
            GUTTER - 1,
            th.dim(),
        );
    }
    if last < m.lanes.len() {
        put(
            buf,
            area.right() - 1,
            y,
            &glyphs::MORE_RIGHT.to_string(),
            1,
            th.dim(),
        );
    }
    y += 1;
    let grid = Rect {
        x: area.x,
        y,
        width: area.width,
        height: area.bottom().saturating_sub(y),
    };
    for ci in first..last {
        let x = col_x(ci) - 1;
        line_glyph(buf, x, rule_y, glyphs::RULE_CROSS, th.rule());
        for yy in rule_y + 1..area.bottom() {
            if yy != rule_y {
                line_glyph(buf, x, yy, glyphs::RULE_V, th.rule());
            }
        }
        for yy in area.y..rule_y {
            line_glyph(buf, x, yy, glyphs::RULE_V, th.rule());
        }
    }
    if grid.height == 0 {
        return;
    }
    if m.tasks_period.is_none() {
        let msg = format!("loading {}…", m.period.start.format("%a %-d %b"));
        put(
            buf,
            gx + 1,
            grid.y,
            &msg,
            grid.width.saturating_sub(GUTTER + 1),
            th.dim(),
        );
        return;
    }
    if m.lanes.is_empty() {
        put(
            buf,
            gx + 1,
            grid.y,
            "No tasks and no employees on this day",
            grid.width.saturating_sub(GUTTER + 1),
            th.dim(),
        );
        return;
    }
    let g = Grid::new(m, d, grid);
    g.draw_gutter(m, buf, th);
    for ci in first..last {
        let col = Rect {
            x: col_x(ci),
            y: grid.y,
            width: cw.saturating_sub(1),
            height: grid.height,
        };
        g.draw_column(m, &d.columns[ci], ci, buf, col, th);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_banner_cell(
    m: &Model,
    buf: &mut Buffer,
    col: &DayColumn,
    ci: usize,
    row: u16,
    rows: u16,
    x: u16,
    y: u16,
    cw: u16,
    th: Theme,
) {
    let w = cw.saturating_sub(1);
    let sel = m.cursor.task.filter(|_| ci == m.cursor.lane);
    let sel_pos = sel.and_then(|id| col.banner.iter().position(|&i| m.tasks[i].id == id));
    let last_row = row + 1 == rows;
    let overflow = col.banner.len() > rows as usize;
    // The last row shows "+N", unless the selection sits beyond it: then the selection.
    let idx = if last_row && overflow {
        match sel_pos {
            Some(p) if p >= row as usize => Some(p),
            _ => None,
        }
    } else {
        Some(row as usize)
    };
    let Some(i) = idx.and_then(|i| col.banner.get(i)) else {
        if last_row && overflow {
            let n = col.banner.len() - row as usize;
            put(buf, x, y, &format!("+{n} more"), w, th.dim());
        }
        return;
    };
    let t = &m.tasks[*i];
    let selected = sel == Some(t.id);
    let st = if selected {
        th.selected()
    } else {
        th.block(t, m.now)
    };
    fill(buf, Rect::new(x, y, w, 1), st);
    let span = span_text(m, t);
    let line = format!("{}{}{} · {}", glyph(t, m.now), mark(m, t), t.title(), span);
    put_fit(buf, x, y, &line, w, st);
}

fn mark(m: &Model, t: &Task) -> String {
    m.marks
        .get(&t.id)
        .map(|mk| mark_glyph(mk.kind).to_string())
        .unwrap_or_default()
}

/// "all day" or "Thu–Sat" for banner tasks.
fn span_text(m: &Model, t: &Task) -> String {
    let tz = m.tz();
    let (Some(s), Some(e)) = (t.starts_at, t.ends_at) else {
        return "all day".into();
    };
    let sd = schedule::local_date(tz, s);
    let ed = schedule::local_date(tz, e - TimeDelta::seconds(1));
    if ed <= sd {
        return "all day".into();
    }
    let day = |d: chrono::NaiveDate| d.format("%a").to_string();
    if (ed - sd).num_days() < 7 {
        format!("{}–{}", day(sd), day(ed))
    } else {
        format!(
            "{} {}–{} {}",
            sd.day(),
            sd.format("%b"),
            ed.day(),
            ed.format("%b")
        )
    }
}

/// The time axis of one drawn day.
struct Grid {
    area: Rect,
    /// Minutes from the day start where the drawn window begins and ends.
    ws: i32,
    we: i32,
    slot: i32,
    /// First drawn row (vertical scroll when the window does not fit).
    off: i32,
}

impl Grid {
    fn new(m: &Model, d: &DayLayout, area: Rect) -> Grid {
        let tz = m.tz();
        let minute = |t: chrono::NaiveTime| {
            schedule::minutes_since_day_start(tz, d.date, schedule::local_instant(tz, d.date, t))
                as i32
        };
        let ws = minute(m.opts.work.start).clamp(0, d.day_minutes as i32);
        let mut we = minute(m.opts.work.end).clamp(0, d.day_minutes as i32);
        if we <= ws {
            we = (ws + 60).min(d.day_minutes as i32);
        }
        let rows = area.height as i32;
        let span = we - ws;
        let slot = SLOTS
            .into_iter()
            .find(|s| (span + s - 1) / s <= rows)
            .unwrap_or(60);
        // Spare rows show the hours around the working day, where early and
        // late work sits, rather than empty space.
        let spare = rows - (span + slot - 1) / slot;
        let (mut ws, mut we) = (ws, we);
        if spare > 0 {
            let day = d.day_minutes as i32;
            let before = (spare / 2).min(ws / slot);
            ws -= before * slot;
            we = (we + (spare - before) * slot).min(day);
            let left = rows - (we - ws + slot - 1) / slot;
            ws = (ws - left.max(0) * slot).max(0);
        }
        let total = (we - ws + slot - 1) / slot;
        let mut g = Grid {
            area,
            ws,
            we,
            slot,
            off: 0,
        };
        if total > rows {
            // Keep the selected task (or the now-line) in view.
            let focus = m
                .cursor
                .task
                .and_then(|id| {
                    d.columns
                        .get(m.cursor.lane)?
                        .blocks
                        .iter()
                        .find(|b| m.tasks[b.task].id == id)
                })
                .map(|b| b.start_min)
                .unwrap_or(ws);
            let r = g.row_of(focus);
            g.off = (r - rows / 3).clamp(0, total - rows);
        }
        g
    }

    fn row_of(&self, minute: i32) -> i32 {
        (minute.clamp(self.ws, self.we) - self.ws) / self.slot
    }

    fn rows(&self) -> i32 {
        self.area.height as i32
    }

    fn draw_gutter(&self, m: &Model, buf: &mut Buffer, th: Theme) {
        let Layout::Day(d) = &m.layout else { return };
        let tz = m.tz();
        for i in 0..self.rows() {
            let minute = self.ws + (i + self.off) * self.slot;
            if minute >= self.we {
                break;
            }
            let label = self.clock(m, minute);
            let st = if minute % 60 == 0 {
                th.base()
            } else {
                th.dim()
            };
            put(
                buf,
                self.area.x + 1,
                self.area.y + i as u16,
                &label,
                GUTTER - 2,
                st,
            );
        }
        // The now-line, on today only.
        if d.date == m.today() {
            let now_min = schedule::minutes_since_day_start(tz, d.date, m.now) as i32;
            if now_min >= self.ws && now_min < self.we {
                let r = (now_min - self.ws) / self.slot - self.off;
                if (0..self.rows()).contains(&r) {
                    let y = self.area.y + r as u16;
                    let label = hhmm(m.now, tz);
                    put(
                        buf,
                        self.area.x + 1,
                        y,
                        &format!("{label} {}", glyphs::RULE_H),
                        GUTTER - 1,
                        th.now_line(),
                    );
                    for x in self.area.x + GUTTER..self.area.right() {
                        let cell = &buf[(x, y)];
                        if cell.symbol() == " " {
                            line_glyph(buf, x, y, glyphs::RULE_H, th.now_line());
                        }
                    }
                }
            }
        }
    }

    fn draw_column(
        &self,
        m: &Model,
        col: &DayColumn,
        ci: usize,
        buf: &mut Buffer,
        r: Rect,
        th: Theme,
    ) {
        let sel = m.cursor.task.filter(|_| ci == m.cursor.lane);
        let maxsubs = (r.width / MIN_SUB).max(1);
        let mut above: Vec<&Block> = Vec::new();
        let mut below: Vec<&Block> = Vec::new();
        // Hidden overlap rows: how many blocks did not fit, per row.
        let mut hidden = vec![0u16; self.rows().max(0) as usize];
        let mut drawn: Vec<(&Block, u16, u16, bool)> = Vec::new();
        for b in &col.blocks {
            if b.end_min <= self.ws {
                above.push(b);
                continue;
            }
            if b.start_min >= self.we {
                below.push(b);
                continue;
            }
            let t = &m.tasks[b.task];
            let selected = sel == Some(t.id);
            let (slot, slots) = if b.subs <= maxsubs {
                (b.sub, b.subs)
            } else if b.sub + 1 < maxsubs {
                (b.sub, maxsubs)
            } else if selected {
                (maxsubs - 1, maxsubs)
            } else {
                let (r0, r1) = self.rows_of(b);
                for rr in r0..=r1 {
                    if let Some(h) = hidden.get_mut(rr as usize) {
                        *h += 1;
                    }
                }
                continue;
            };
            let sw = r.width / slots;
            let x = r.x + slot * sw;
            let w = if slot + 1 == slots {
                r.width - slot * sw
            } else {
                sw.saturating_sub(1)
            };
            drawn.push((b, x, w, selected));
        }
        // "+N" where overlapping tasks did not fit; the selection can reach
        // them, and is then drawn in that place (so after this).
        if hidden.iter().any(|&h| h > 0) {
            let sw = r.width / maxsubs;
            let x = r.x + (maxsubs - 1) * sw;
            for (i, &h) in hidden.iter().enumerate() {
                if h > 0 {
                    let y = r.y + i as u16;
                    fill(buf, Rect::new(x, y, r.right() - x, 1), th.dim());
                    put(buf, x, y, &format!("+{h}"), r.right() - x, th.mark());
                }
            }
        }
        for (b, x, w, selected) in drawn {
            self.draw_block(m, &m.tasks[b.task], b, selected, buf, x, w, r, th);
        }
        self.edge_flag(m, buf, r, &above, sel, true, th);
        self.edge_flag(m, buf, r, &below, sel, false, th);
    }

    /// Tasks outside the drawn window, flagged at the top or bottom edge.
    #[allow(clippy::too_many_arguments)]
    fn edge_flag(
        &self,
        m: &Model,
        buf: &mut Buffer,
        r: Rect,
        blocks: &[&Block],
        sel: Option<i64>,
        top: bool,
        th: Theme,
    ) {
        if blocks.is_empty() || r.height == 0 {
            return;
        }
        let y = if top { r.y } else { r.bottom() - 1 };
        let arrow = if top {
            glyphs::MORE_UP
        } else {
            glyphs::MORE_DOWN
        };
        let picked = blocks.iter().find(|b| Some(m.tasks[b.task].id) == sel);
        let (text, st) = match picked {
            Some(b) => {
                let t = &m.tasks[b.task];
                (
                    format!("{arrow}{} {}", self.clock(m, b.start_min), t.title()),
                    th.selected(),
                )
            }
            None => {
                let word = if top { "earlier" } else { "later" };
                (format!("{arrow}{} {word}", blocks.len()), th.mark())
            }
        };
        fill(buf, Rect::new(r.x, y, r.width, 1), st);
        put_fit(buf, r.x, y, &text, r.width, st);
    }

    fn clock(&self, m: &Model, minute: i32) -> String {
        let Layout::Day(d) = &m.layout else {
            return String::new();
        };
        hhmm(schedule::at_minute(m.tz(), d.date, minute as i64), m.tz())
    }

    /// A block's start or end: with the zone when the local time is ambiguous.
    fn task_clock(&self, m: &Model, minute: i32) -> String {
        let Layout::Day(d) = &m.layout else {
            return String::new();
        };
        super::task_time(schedule::at_minute(m.tz(), d.date, minute as i64), m.tz())
    }

    /// First and last grid rows (unscrolled) a block covers.
    fn rows_of(&self, b: &Block) -> (i32, i32) {
        let r0 = self.row_of(b.start_min);
        let end = b.end_min.min(self.we);
        let r1 = ((end - self.ws + self.slot - 1) / self.slot - 1).max(r0);
        (r0 - self.off, r1 - self.off)
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_block(
        &self,
        m: &Model,
        t: &Task,
        b: &Block,
        selected: bool,
        buf: &mut Buffer,
        x: u16,
        w: u16,
        col: Rect,
        th: Theme,
    ) {
        let (r0, r1) = self.rows_of(b);
        let top = r0.max(0);
        let bottom = r1.min(self.rows() - 1);
        if bottom < top || w == 0 {
            return;
        }
        let st: Style = if selected {
            th.selected()
        } else {
            th.block(t, m.now)
        };
        let y0 = col.y + top as u16;
        let h = (bottom - top + 1) as u16;
        fill(buf, Rect::new(x, y0, w, h), st);
        // Begun above the rows shown.
        let cont = if b.clipped_start {
            glyphs::MORE_UP.to_string()
        } else {
            String::new()
        };
        let head = format!("{}{}{cont}{}", glyph(t, m.now), mark(m, t), t.title());
        let customer = t.customer_name().unwrap_or("");
        let times = format!(
            "{}{}–{}{}",
            if b.clipped_start { "…" } else { "" },
            self.task_clock(m, b.start_min),
            self.task_clock(m, b.end_min),
            if b.clipped_end { "…" } else { "" }
        );
        let lines: Vec<String> = if h == 1 {
            vec![if customer.is_empty() {
                head
            } else {
                format!("{head} · {customer}")
            }]
        } else {
            vec![head, format!(" {customer}"), format!(" {times}")]
        };
        for (i, l) in lines.iter().take(h as usize).enumerate() {
            put_fit(buf, x, y0 + i as u16, l, w, st);
        }
        if let Some(mk) = m.marks.get(&t.id) {
            let _ = mk;
            buf.set_style(Rect::new(x, y0, 2.min(w), 1), st.patch(th.mark()));
        }
    }
}
