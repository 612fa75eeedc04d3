//! The day grid: time runs down, one column per employee (and Unassigned).

use chrono::{Datelike, Duration as TimeDelta};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::theme::Theme;
use super::{fill, hhmm, hours_as, line_glyph, put, put_fit};
use crate::app::dayplan::{Axis, DayPlan, MIN_SUB, Placed, PlanColumn, plan};
use crate::app::geometry::GUTTER;
use crate::app::model::{Layout, Model};
use crate::app::monitor::cursor_drawn;
use crate::kickserv::model::Task;
use crate::schedule::{self, Block, DayColumn};

/// Narrowest block that shows its start time before its title (the
/// narrowest lane, at 200 columns with the demo's whole team).
const TIME_IN_HEAD: u16 = 12;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let Layout::Day(d) = &m.layout else { return };
    let p = plan(m, area);
    let gx = area.x + GUTTER;
    // Column headers, under the board's header line.
    let y = p.header_y;
    for c in &p.cols {
        let (_, name) = &m.lanes[c.lane];
        let booked = hours_as(d.columns[c.lane].booked_min, th.look.ascii);
        // An employee's hours booked against the working hours, where the
        // whole of it fits beside the name; else the hours booked.
        let h = match super::day_load(m, c.lane) {
            Some((b, work)) => {
                let load = super::load_text(b, work, th.look.ascii);
                let need = super::text::width(name) + 1 + super::text::width(&load);
                if need < usize::from(c.w) {
                    load
                } else {
                    booked
                }
            }
            None => booked,
        };
        let label = if h.is_empty() {
            name.clone()
        } else {
            format!("{name} {h}")
        };
        let here = c.lane == m.cursor.lane && cursor_drawn(m);
        // With no task selected the cursor is the header itself.
        let st = th.lane_header(here, m.cursor.task.is_none());
        if here && m.cursor.task.is_none() {
            fill(buf, Rect::new(c.x, y, c.w, 1), st);
        }
        put_fit(buf, c.x + 1, y, &label, c.w.saturating_sub(1), st);
    }
    let first_scrolling = p
        .cols
        .iter()
        .map(|c| c.lane)
        .find(|&l| l > 0 || !m.pinned());
    if first_scrolling.is_some_and(|l| l > usize::from(m.pinned())) {
        put(
            buf,
            area.x + 1,
            y,
            &format!("{} more", th.glyphs.more_left),
            GUTTER - 1,
            th.dim(),
        );
    }
    if p.cols.last().is_some_and(|c| c.lane + 1 < m.lanes.len()) {
        put(
            buf,
            area.right() - 1,
            y,
            &th.glyphs.more_right.to_string(),
            1,
            th.dim(),
        );
    }
    // All-day and multi-day band, under the names.
    for r in 0..p.band_rows {
        let y = p.band_y + r;
        if r == 0 {
            put(buf, area.x, y, "all day", GUTTER - 1, th.dim());
        }
        for c in &p.cols {
            draw_banner_cell(
                m,
                buf,
                &d.columns[c.lane],
                c.lane,
                r,
                p.band_rows,
                c.x,
                y,
                c.w + 1,
                th,
            );
        }
    }
    // Rule and column borders.
    if p.rule_y < area.bottom() {
        for x in area.x..area.right() {
            line_glyph(buf, x, p.rule_y, th.glyphs.rule_h, th.rule());
        }
    }
    // Column rules stop at the last hour: nothing is drawn under it.
    let rules_end = match p.axis {
        Some(ax) if p.grid.height > 0 => {
            let rows = (ax.total - ax.off).clamp(0, i32::from(p.grid.height));
            p.grid.y + rows as u16
        }
        _ => area.bottom(),
    };
    for c in &p.cols {
        let x = c.x - 1;
        for yy in area.y..rules_end {
            let g = if yy == p.rule_y {
                th.glyphs.rule_cross
            } else {
                th.glyphs.rule_v
            };
            line_glyph(buf, x, yy, g, th.rule());
        }
    }
    let grid = p.grid;
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
    let Some(ax) = p.axis else { return };
    let g = Grid { area: grid, ax };
    g.draw_gutter(m, buf, th);
    for c in &p.cols {
        g.draw_column(m, &d.columns[c.lane], c, buf, th);
    }
    g.draw_now_line(m, &p, buf, th);
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
    let sel = m
        .cursor
        .task
        .filter(|_| ci == m.cursor.lane && cursor_drawn(m));
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
    } else if !m.text_filter.keeps(t.id) {
        th.unmatched()
    } else {
        th.block(t, m.now, &m.opts.work)
    };
    fill(buf, Rect::new(x, y, w, 1), st);
    let span = span_text(m, t);
    let line = format!(
        "{}{}{} · {}",
        th.glyph(t, m.now, &m.opts.work),
        th.change_mark(m, t.id),
        t.title(),
        span
    );
    put_fit(buf, x, y, &line, w, st);
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

/// The time rows of one drawn day.
struct Grid {
    area: Rect,
    ax: Axis,
}

impl Grid {
    fn rows(&self) -> i32 {
        self.area.height as i32
    }

    fn draw_gutter(&self, m: &Model, buf: &mut Buffer, th: Theme) {
        for i in 0..self.rows() {
            let minute = self.ax.minute_at(i);
            if minute >= self.ax.we {
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
    }

    /// The now-line, on today only: across the empty cells of its row, with
    /// the time written in the line (the row keeps its hour label).
    fn draw_now_line(&self, m: &Model, p: &DayPlan, buf: &mut Buffer, th: Theme) {
        let Layout::Day(d) = &m.layout else { return };
        if d.date != m.today() {
            return;
        }
        let tz = m.tz();
        let now_min = schedule::minutes_since_day_start(tz, d.date, m.now) as i32;
        if now_min < self.ax.ws || now_min >= self.ax.we {
            return;
        }
        let r = self.ax.row_of(now_min) - self.ax.off;
        if !(0..self.rows()).contains(&r) {
            return;
        }
        let y = self.area.y + r as u16;
        let label = format!(" now {} ", hhmm(m.now, tz));
        let lw = label.chars().count() as u16;
        let mut run = 0u16;
        let mut labelled = false;
        // Free: not a block, nor a "+N" or edge note of a column.
        let last = self.area.y + self.area.height.saturating_sub(1);
        let free = |x: u16| {
            !p.cols.iter().any(|c| {
                let in_col = x >= c.x && x < c.x + c.w;
                in_col
                    && (c
                        .blocks
                        .iter()
                        .any(|b| x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)
                        || c.hidden.get(r as usize).is_some_and(|&h| h > 0)
                        || (y == self.area.y && !c.above.is_empty())
                        || (y == last && !c.below.is_empty()))
            })
        };
        for x in self.area.x + GUTTER..self.area.right() {
            if free(x) && buf[(x, y)].symbol() == " " {
                line_glyph(buf, x, y, th.glyphs.rule_h, th.now_line());
                run += 1;
                // In the first stretch of line long enough for it.
                if !labelled && run == lw + 2 {
                    put(buf, x + 1 - lw - 1, y, &label, lw, th.now_line());
                    labelled = true;
                }
            } else {
                run = 0;
            }
        }
        // No free stretch for it (a lane as wide as the screen, busy at
        // this hour): the time goes on the last blank run of the row long
        // enough, over a block's padding but never over its text.
        if !labelled {
            let mut blank = 0u16;
            for x in (self.area.x + GUTTER..self.area.right()).rev() {
                blank = if buf[(x, y)].symbol() == " " {
                    blank + 1
                } else {
                    0
                };
                if blank == lw + 1 {
                    put(buf, x + 1, y, &label, lw, th.now_line());
                    break;
                }
            }
        }
    }

    fn draw_column(&self, m: &Model, col: &DayColumn, c: &PlanColumn, buf: &mut Buffer, th: Theme) {
        let r = Rect {
            x: c.x,
            y: self.area.y,
            width: c.w,
            height: self.area.height,
        };
        let sel = m
            .cursor
            .task
            .filter(|_| c.lane == m.cursor.lane && cursor_drawn(m));
        // "+N" where overlapping tasks did not fit; the selection can reach
        // them, and is then drawn in that place (so after this).
        let plus_x = {
            let maxsubs = (r.width / MIN_SUB).max(1);
            r.x + (maxsubs - 1) * (r.width / maxsubs)
        };
        for (i, &h) in c.hidden.iter().enumerate() {
            if h > 0 {
                let y = r.y + i as u16;
                fill(buf, Rect::new(plus_x, y, r.right() - plus_x, 1), th.dim());
                put(
                    buf,
                    plus_x,
                    y,
                    &format!("+{h}"),
                    r.right() - plus_x,
                    th.mark(),
                );
            }
        }
        for p in &c.blocks {
            let Some(b) = col.blocks.get(p.block) else {
                continue;
            };
            // A rule under a block that another one follows at once.
            let followed = c
                .blocks
                .iter()
                .any(|q| q.y == p.y + p.h && q.x < p.x + p.w && p.x < q.x + q.w);
            self.draw_block(m, c.lane, b, p, followed, buf, th);
        }
        // A selection drawn over the "+N" place must not hide that others
        // are still out of sight: the count moves to the end of that row.
        if let Some((i, &h)) = c.hidden.iter().enumerate().find(|(_, h)| **h > 0) {
            let y = r.y + i as u16;
            let text = format!("+{h}");
            let tw = text.len() as u16;
            if buf[(plus_x, y)].symbol() != "+" && r.right() >= plus_x + tw {
                put(buf, r.right() - tw, y, &text, tw, th.mark());
            }
        }
        self.free_label(m, c.lane, r, buf, th);
        let above: Vec<&Block> = c.above.iter().filter_map(|&i| col.blocks.get(i)).collect();
        let below: Vec<&Block> = c.below.iter().filter_map(|&i| col.blocks.get(i)).collect();
        self.edge_flag(m, buf, r, &above, sel, true, th);
        self.edge_flag(m, buf, r, &below, sel, false, th);
    }

    /// The lane's largest free stretch of the working hours, named dim in
    /// its first blank drawn row: where new work fits.
    fn free_label(&self, m: &Model, lane: usize, r: Rect, buf: &mut Buffer, th: Theme) {
        let Layout::Day(d) = &m.layout else { return };
        let Some((s, e)) = crate::app::dispatch::free::largest_gap(m, lane) else {
            return;
        };
        let tz = m.tz();
        let minute = |t| schedule::minutes_since_day_start(tz, d.date, t) as i32;
        let (from, to) = (minute(s), minute(e));
        let dash = if th.look.ascii { "-" } else { "–" };
        let text = format!("free {}{dash}{}", hhmm(s, tz), hhmm(e, tz));
        let tw = text.chars().count() as u16;
        if r.width < tw + 1 {
            return;
        }
        let mut row = self.ax.row_of(from) - self.ax.off;
        if self.ax.minute_at(row) < from {
            row += 1;
        }
        // Not on the now-line's row: the line and its time stay whole.
        let now = minute(m.now);
        let on_now = |row: i32| self.ax.minute_at(row) <= now && now < self.ax.minute_at(row + 1);
        while row < self.rows() && self.ax.minute_at(row) < to {
            if row >= 0 && !on_now(row) {
                let y = r.y + row as u16;
                if (r.x + 1..r.x + 1 + tw).all(|x| buf[(x, y)].symbol() == " ") {
                    put(buf, r.x + 1, y, &text, tw, th.dim());
                    return;
                }
            }
            row += 1;
        }
    }

    /// Tasks outside the drawn rows, counted at the top or bottom edge.
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
            th.glyphs.more_up
        } else {
            th.glyphs.more_down
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
                (format!("{arrow} {} {word}", blocks.len()), th.mark())
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

    /// One block: its first row is its own (status glyph, start time where
    /// the column has room, title), then customer and times.
    #[allow(clippy::too_many_arguments)]
    fn draw_block(
        &self,
        m: &Model,
        lane: usize,
        b: &Block,
        p: &Placed,
        followed: bool,
        buf: &mut Buffer,
        th: Theme,
    ) {
        if p.w == 0 || p.h == 0 {
            return;
        }
        let t = &m.tasks[b.task];
        let st: Style = if p.selected {
            th.selected()
        } else if !m.text_filter.keeps(t.id) {
            th.unmatched()
        } else {
            th.block(t, m.now, &m.opts.work)
        };
        let st = super::moving::style(m, t.id, st, th);
        fill(buf, Rect::new(p.x, p.y, p.w, p.h), st);
        let cont = if b.clipped_start {
            th.glyphs.more_up.to_string()
        } else {
            String::new()
        };
        let start = if b.clipped_start || p.w < TIME_IN_HEAD {
            String::new()
        } else {
            format!("{} ", self.task_clock(m, b.start_min))
        };
        let double = super::alerts::double_mark(m, lane, b.task, th);
        let head = format!(
            "{}{double}{}{cont}{start}{}",
            th.glyph(t, m.now, &m.opts.work),
            th.change_mark(m, t.id),
            t.title()
        );
        let customer = t.customer_name().unwrap_or("");
        let times = format!(
            " {}{}–{}{}",
            if b.clipped_start { "…" } else { "" },
            self.task_clock(m, b.start_min),
            self.task_clock(m, b.end_min),
            if b.clipped_end { "…" } else { "" }
        );
        let lines: Vec<String> = if p.h == 1 {
            vec![if customer.is_empty() {
                head
            } else {
                format!("{head} · {customer}")
            }]
        } else if start.is_empty() {
            // No room for the time beside the title: it comes next.
            vec![head, times, format!(" {customer}")]
        } else {
            vec![head, format!(" {customer}"), times]
        };
        for (i, l) in lines.iter().take(p.h as usize).enumerate() {
            put_fit(buf, p.x, p.y + i as u16, l, p.w, st);
        }
        if m.marks.contains_key(&t.id) || m.local.is_saving(t.id) || m.local.is_creating(t.id) {
            buf.set_style(Rect::new(p.x, p.y, 2.min(p.w), 1), st.patch(th.mark()));
        }
        super::alerts::paint(buf, p.x, p.y, p.w, &double, st, th);
        if followed {
            let last = Rect::new(p.x, p.y + p.h - 1, p.w, 1);
            buf.set_style(last, Style::default().add_modifier(Modifier::UNDERLINED));
        }
    }
}
