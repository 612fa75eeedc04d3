//! The top line: account, shown period, zone, and how fresh the data is.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::theme::Theme;
use super::{put, text};
use crate::app::model::Model;
use crate::app::update::age_text;
use crate::schedule::{self, ViewKind};

const SPIN: [char; 4] = ['◐', '◓', '◑', '◒'];

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    // A zone overruled by Kickserv's offsets is marked beside its name, which
    // stays at every width; the right side explains it where there is room.
    let mark = if m.zone.warning().is_some() {
        " ⚠"
    } else {
        ""
    };
    let left = format!(
        " kickdesk  {}  {}  {}{mark}",
        m.opts.account,
        period_text(m),
        schedule::zone_label(m.tz())
    );
    let (status, style) = freshness(m, th);
    // (text, style, rank): when space runs out, the highest rank goes first.
    let mut right = vec![(status, style, 0)];
    let changes = m.marks.len() + m.removed.len();
    if changes > 0 {
        let mut s = format!("{} changed", m.marks.len());
        if !m.removed.is_empty() {
            s.push_str(&format!(", {} removed", m.removed.len()));
        }
        right.push((s, th.mark(), 3));
    }
    if m.tasks_period.is_some() {
        right.push((format!("{} tasks", m.shown_tasks), th.base(), 4));
    }
    let emp = m
        .lanes
        .iter()
        .filter(|(l, _)| matches!(l, crate::schedule::Lane::Employee(_)))
        .count();
    right.push((format!("{emp} employees"), th.base(), 5));
    if let Some(w) = m.zone.warning() {
        right.push((w, th.warn(), 2));
    }
    if m.lookback.capped() {
        let s = format!("⚠ tasks over {} days may be missing", m.lookback.cap_days);
        right.push((s, th.warn(), 3));
    }
    if m.read_only() {
        right.push((
            if m.opts.monitor {
                "monitor"
            } else {
                "read-only"
            }
            .to_string(),
            th.warn(),
            1,
        ));
    }
    right.push((
        m.now.with_timezone(&m.tz()).format("%H:%M ").to_string(),
        th.base(),
        2,
    ));

    // Drop the least important parts of the right side until it fits.
    let lw = text::width(&left);
    let gap = 3;
    while right.len() > 1 {
        let rw: usize = right.iter().map(|(s, _, _)| text::width(s) + gap).sum();
        if lw + rw <= area.width as usize {
            break;
        }
        if let Some(i) = (1..right.len()).max_by_key(|&i| right[i].2) {
            right.remove(i);
        }
    }
    let mut right: Vec<(String, Style)> = right.into_iter().map(|(s, st, _)| (s, st)).collect();
    // Still too wide (a long error): the status gives way, the left keeps its place.
    let rest: usize = right
        .iter()
        .skip(1)
        .map(|(s, _)| text::width(s) + gap)
        .sum();
    let room = (area.width as usize).saturating_sub(lw + 2 + rest);
    if text::width(&right[0].0) > room {
        right[0].0 = text::fit(&right[0].0, room).into_owned();
    }
    let rw: usize = right
        .iter()
        .map(|(s, _)| text::width(s) + gap)
        .sum::<usize>()
        - gap;
    let rx = area.x + (area.width as usize).saturating_sub(rw) as u16;
    put(
        buf,
        area.x,
        area.y,
        &left,
        rx.saturating_sub(area.x + 1),
        th.title(),
    );
    let mut x = rx;
    for (s, st) in right {
        x += put(buf, x, area.y, &s, area.right().saturating_sub(x), st) + gap as u16;
    }
}

fn period_text(m: &Model) -> String {
    let p = m.period;
    match p.kind {
        ViewKind::Day => p.start.format("%a %-d %b %Y").to_string(),
        ViewKind::Week => {
            let last = p.last();
            let first = if p.start.format("%b").to_string() == last.format("%b").to_string() {
                p.start.format("%-d").to_string()
            } else {
                p.start.format("%-d %b").to_string()
            };
            format!(
                "{first}–{} (week {})",
                last.format("%-d %b %Y"),
                p.week_number()
            )
        }
    }
}

/// The freshness cue: a glyph and words, never colour alone.
fn freshness(m: &Model, th: Theme) -> (String, Style) {
    let spin = SPIN[(m.now.timestamp().rem_euclid(4)) as usize];
    let age = m.sync.last_ok.map(|t| age_text(m.now, t));
    if let Some((f, _)) = &m.sync.fault {
        // The fault's own text already says what happened ("Kickserv refused the API token").
        let mut s = format!("✗ {}", f.text);
        if let Some(next) = m.sync.next_poll.filter(|_| !m.fetching()) {
            s.push_str(&format!(
                " · retry {}",
                next.with_timezone(&m.tz()).format("%H:%M:%S")
            ));
        } else if m.fetching() {
            s.push_str(&format!(" · retrying {spin}"));
        }
        if let Some(a) = age {
            s.push_str(&format!(" · data {a} old"));
        }
        return (s, th.error());
    }
    if m.paused {
        let a = age
            .map(|a| format!(", updated {a} ago"))
            .unwrap_or_default();
        return (format!("‖ paused{a}"), th.warn());
    }
    match age {
        None => (format!("{spin} loading…"), th.dim()),
        Some(a) if m.is_stale() => {
            let why = if m.fetching() {
                " · waiting for Kickserv"
            } else {
                ""
            };
            (format!("◌ stale: updated {a} ago{why}"), th.warn())
        }
        Some(a) if m.fetching() => (format!("{spin} updated {a} ago"), th.ok()),
        Some(a) => (format!("● updated {a} ago"), th.ok()),
    }
}
