//! The timeline day view: one row per employee (and Unassigned, first),
//! hours across, each task a bar with its status glyph and title.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;
use super::{fill, hhmm, line_glyph, put, put_fit};
use crate::app::model::Model;
use crate::app::monitor::cursor_drawn;
use crate::app::timeplan::{self, PlanRow, TimePlan};
use crate::schedule::{self, Bar, TimelineLayout};

/// Columns an hour needs for "09:00" labels; narrower hours get "09".
const FULL_LABEL: u16 = 7;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let Some(t) = &m.timeline else { return };
    let p = timeplan::plan(m, t, area);
    draw_scale(m, t, &p, buf, th);
    for r in &p.rows {
        draw_row(m, t, &p, r, buf, th);
    }
    if p.rows.is_empty() && m.tasks_period.is_some() {
        put(buf, p.x0, area.y + 1, "no employees", p.cols, th.dim());
    }
    draw_now_line(m, t, &p, buf, th);
    if p.below > 0
        && let Some(last) = p.rows.last()
    {
        let y = last.y + last.h;
        if y < area.bottom() {
            let text = format!("{} {} more", th.glyphs.more_down, p.below);
            put(buf, area.x + 1, y, &text, p.name_w, th.dim());
        }
    }
}

/// The hour scale, with "▲ n above" in the name column when scrolled.
fn draw_scale(m: &Model, t: &TimelineLayout, p: &TimePlan, buf: &mut Buffer, th: Theme) {
    let y = p.scale_y;
    if p.above > 0 {
        let mut text = format!("{} {} more", th.glyphs.more_up, p.above);
        if text.chars().count() >= usize::from(p.name_w) {
            text = format!("{} {}", th.glyphs.more_up, p.above);
        }
        put(buf, p.area.x + 1, y, &text, p.name_w, th.dim());
    }
    line_glyph(buf, p.x0 - 1, y, th.glyphs.rule_v, th.rule());
    let per_hour = p.per_hour;
    // Every label the same number of hours apart: 1, 2, 3 or 6.
    let label_w = if per_hour >= FULL_LABEL { 5 } else { 2 };
    let step = [1, 2, 3, 6]
        .into_iter()
        .find(|&s| per_hour.saturating_mul(s) > label_w)
        .unwrap_or(6);
    for minute in (p.from_min..p.to_min).step_by(60 * usize::from(step)) {
        let x = p.x_of(t, minute);
        let clock = hhmm(
            schedule::at_minute(m.tz(), t.date, i64::from(minute)),
            m.tz(),
        );
        let label = if per_hour >= FULL_LABEL {
            clock
        } else {
            clock.chars().take(2).collect()
        };
        let room = p.area.right().saturating_sub(x);
        put(buf, x, y, &label, room, th.dim());
    }
    // Hours off either side are said at the ends of the scale.
    if p.from_min > t.from_min {
        put(
            buf,
            p.x0 - 1,
            y,
            &th.glyphs.more_left.to_string(),
            1,
            th.dim(),
        );
    }
    let end = p.x_of(t, p.to_min);
    if p.to_min < t.to_min && end > p.x0 {
        put(
            buf,
            end - 1,
            y,
            &th.glyphs.more_right.to_string(),
            1,
            th.dim(),
        );
    }
}

fn draw_row(m: &Model, t: &TimelineLayout, p: &TimePlan, r: &PlanRow, buf: &mut Buffer, th: Theme) {
    let here = r.lane == m.cursor.lane && cursor_drawn(m);
    let no_task = m.cursor.task.is_none();
    let st = th.lane_header(here, no_task);
    if here && no_task {
        fill(buf, Rect::new(p.area.x, r.y, p.name_w, 1), st);
    }
    if let Some((_, name)) = m.lanes.get(r.lane) {
        // Hours booked against working hours: on the row's second line,
        // else after the name when both fit.
        let load = super::day_load(m, r.lane)
            .map(|(booked, work)| super::load_text(booked, work, th.look.ascii));
        let room = usize::from(p.name_w.saturating_sub(1));
        match load {
            Some(l) if r.h >= 2 => {
                put_fit(buf, p.area.x + 1, r.y, name, p.name_w.saturating_sub(1), st);
                let y = r.y + 1;
                put_fit(
                    buf,
                    p.area.x + 1,
                    y,
                    &l,
                    p.name_w.saturating_sub(1),
                    th.dim(),
                );
            }
            Some(l) if super::text::width(name) + 1 + super::text::width(&l) <= room => {
                let label = format!("{name} {l}");
                put_fit(
                    buf,
                    p.area.x + 1,
                    r.y,
                    &label,
                    p.name_w.saturating_sub(1),
                    st,
                );
            }
            _ => {
                put_fit(buf, p.area.x + 1, r.y, name, p.name_w.saturating_sub(1), st);
            }
        }
    }
    for line in 0..r.h {
        line_glyph(buf, p.x0 - 1, r.y + line, th.glyphs.rule_v, th.rule());
    }
    let Some(row) = t.rows.get(r.lane) else {
        return;
    };
    let sel = m.cursor.task.filter(|_| here);
    // The selection last, over what it overlaps.
    let (chosen, rest): (Vec<&Bar>, Vec<&Bar>) = row
        .bars
        .iter()
        .partition(|b| sel == Some(m.tasks[b.task].id));
    for b in rest.into_iter().chain(chosen) {
        draw_bar(m, t, p, r, b, buf, th);
    }
    free_label(m, t, p, r, buf, th);
}

/// The lane's largest free stretch of the working hours, named dim where
/// it starts, on the first line of the row with room for it.
fn free_label(
    m: &Model,
    t: &TimelineLayout,
    p: &TimePlan,
    r: &PlanRow,
    buf: &mut Buffer,
    th: Theme,
) {
    let Some((s, e)) = crate::app::dispatch::free::largest_gap(m, r.lane) else {
        return;
    };
    let tz = m.tz();
    let minute = |x| schedule::minutes_since_day_start(tz, t.date, x) as i32;
    let (x0, x1) = (p.x_of(t, minute(s)), p.x_of(t, minute(e)));
    let dash = if th.look.ascii { "-" } else { "–" };
    let text = format!("free {}{dash}{}", super::hhmm(s, tz), super::hhmm(e, tz));
    let tw = text.chars().count() as u16;
    for y in r.y..r.y + r.h {
        if x1 > x0 + tw && (x0..x0 + tw + 1).all(|x| buf[(x, y)].symbol() == " ") {
            put(buf, x0 + 1, y, &text, tw, th.dim());
            return;
        }
    }
}

/// One bar: status glyph, change mark and title, cut to its width (the
/// glyph alone when narrow).
fn draw_bar(
    m: &Model,
    t: &TimelineLayout,
    p: &TimePlan,
    r: &PlanRow,
    b: &Bar,
    buf: &mut Buffer,
    th: Theme,
) {
    // Out of the hours drawn: the scale's arrows say there is more.
    if b.end_min <= p.from_min || b.start_min >= p.to_min {
        return;
    }
    let task = &m.tasks[b.task];
    let selected = m.cursor.lane == r.lane && m.cursor.task == Some(task.id) && cursor_drawn(m);
    let (x, w) = p.bar_x(t, b);
    let y = r.y + timeplan::line_of(b, r.h);
    let mut st: Style = if selected {
        th.selected()
    } else if !m.text_filter.keeps(task.id) {
        th.unmatched()
    } else {
        th.block(task, m.now, &m.opts.work)
    };
    st = super::moving::style(m, task.id, st, th);
    if !th.color() && !selected {
        // Without colour the underline shows where a bar ends.
        st = st.add_modifier(Modifier::UNDERLINED);
    }
    fill(buf, Rect::new(x, y, w, 1), st);
    // New, moved or changed at the last poll, or a save under way.
    let mark = th.change_mark(m, task.id);
    let double = super::alerts::double_mark(m, r.lane, b.task, th);
    let text = format!(
        "{}{double}{mark}{}",
        th.glyph(task, m.now, &m.opts.work),
        task.title()
    );
    if w <= 2 {
        put(buf, x, y, &text, w, st);
    } else {
        put_fit(buf, x, y, &text, w, st);
    }
    if !mark.is_empty() {
        buf.set_style(Rect::new(x, y, 2.min(w), 1), st.patch(th.mark()));
    }
    super::alerts::paint(buf, x, y, w, &double, st, th);
}

/// The now-line, on today only: down the free cells of its column, and a
/// mark on the hour scale.
fn draw_now_line(m: &Model, t: &TimelineLayout, p: &TimePlan, buf: &mut Buffer, th: Theme) {
    if t.date != m.today() {
        return;
    }
    let now_min = schedule::minutes_since_day_start(m.tz(), t.date, m.now) as i32;
    if now_min < p.from_min || now_min >= p.to_min {
        return;
    }
    let x = p.x_of(t, now_min);
    if x >= p.area.right() {
        return;
    }
    // An hour label keeps its digits.
    if buf[(x, p.scale_y)].symbol() == " " {
        line_glyph(buf, x, p.scale_y, th.glyphs.rule_v, th.now_line());
    }
    for r in &p.rows {
        for y in r.y..r.y + r.h {
            let c = &buf[(x, y)];
            // Free: blank and unstyled (a bar's padding is styled).
            if c.symbol() == " " && c.bg == Color::Reset && c.modifier.is_empty() {
                line_glyph(buf, x, y, th.glyphs.rule_v, th.now_line());
            }
        }
    }
}
