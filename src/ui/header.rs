//! The top line: account, shown period, zone, and how fresh the data is.
//!
//! Whatever the width, the data's time and the clock stay: when space runs
//! out, minor counts go first, then the error text is shortened, then the
//! zone, then the other notes; the data's time and the clock are never cut.
//!
//! Nothing here changes every second: the data is "confirmed now" (a good
//! poll within two intervals) or "stale since 08:41" (the last good poll,
//! to the minute), and the clock shows minutes, so an idle board writes
//! only the clock's minute.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::theme::Theme;
use super::{put, text};
use crate::app::model::{Model, Pending};
use crate::kickserv::model::NotifyKind;
use crate::schedule::{self, ViewKind};

/// Columns between the parts of the right side.
const GAP: usize = 3;
/// The error text keeps this many columns before notes are dropped for it.
const MIN_HEAD: usize = 16;
/// What is left of the left side at the very narrowest.
const MIN_LEFT: usize = 9;

/// A note on the right: (text, style, rank); the highest rank goes first.
type Item = (String, Style, u8);

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    // A zone overruled by Kickserv's offsets is marked beside its name, which
    // stays at every width; the right side explains it where there is room.
    let mark = if m.zone.warning().is_some() {
        format!(" {}", th.glyphs.warning)
    } else {
        String::new()
    };
    let core = format!(" kickdesk  {}  {}{mark}", m.opts.account, period_text(m));
    let left = format!(
        " kickdesk  {}  {}  {}{mark}",
        m.opts.account,
        period_text(m),
        schedule::zone_label(m.tz())
    );
    let fresh = freshness(m, th);
    let mut right: Vec<Item> = Vec::new();
    // A list known to be incomplete outlasts the counts: it changes what they mean.
    for w in listing_warnings(m) {
        right.push((w, th.warn(), 2));
    }
    let changes = m.marks.len() + m.removed.len();
    if changes > 0 {
        let mut s = format!("{} changed", m.marks.len());
        if !m.removed.is_empty() {
            s.push_str(&format!(", {} removed", m.removed.len()));
        }
        right.push((s, th.mark(), 3));
    }
    if m.tasks_period.is_some() {
        // A stage's ghost is no task of its own.
        let ghosts = usize::from(m.local.shown_stage().is_some());
        right.push((
            count(m.shown_tasks.saturating_sub(ghosts), "task"),
            th.base(),
            4,
        ));
    }
    let emp = m
        .lanes
        .iter()
        .filter(|(l, _)| matches!(l, crate::schedule::Lane::Employee(_)))
        .count();
    match &m.employee_filter {
        // Like the text filter, it changes what the board means: it stays.
        Some(f) => right.push((
            format!("{} of {} employees", f.ids.len(), m.people.len()),
            th.mark(),
            1,
        )),
        None => right.push((count(emp, "employee"), th.base(), 5)),
    }
    // Work nobody is booked for is what a dispatcher must not miss.
    let unassigned = m.unassigned_count();
    if unassigned > 0 {
        right.push((format!("{unassigned} unassigned"), th.warn(), 2));
    }
    if let Some(w) = m.zone.warning() {
        right.push((w, th.warn(), 2));
    }
    // Kickserv lists tasks by their start: one that began before the
    // look-back is never read. Said on every listing unless the setting
    // says the account has none; always once a task this long is seen.
    if m.opts.warn_long_tasks || m.lookback.capped() {
        let s = format!(
            "{} tasks over {} days may be missing",
            th.glyphs.warning, m.lookback.cap_days
        );
        right.push((s, th.warn(), 3));
    }
    // Double bookings, late and running over: counts that give way before
    // an error's text is cut, after the notes above (the last of them first).
    for (w, st) in super::alerts::header_items(m, th) {
        right.push((w, st, 3));
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
    // The filter changes what every count means: it stays to the last.
    if let Some((kept, all)) = m.filter_counts() {
        let q = text::fit(&m.text_filter.query, 24);
        right.push((format!("/{q} {kept} of {all}"), th.mark(), 1));
    }
    if let Some(s) = sending(m) {
        right.push((s, th.warn(), 1));
    }
    // The rotation's page says which employees the wall shows now.
    if let Some(p) = crate::app::monitor::page_label(m) {
        right.push((p, th.mark(), 1));
    }
    // Data from the disk cache says so until a fetch replaces it.
    if let Some(s) = super::cached::mark(m) {
        right.push((s, th.warn(), 1));
    }
    let clock = m.now.with_timezone(&m.tz()).format("%H:%M ").to_string();

    let f = fit(
        area.width as usize,
        text::width(&left),
        text::width(&core),
        &fresh,
        right,
        text::width(&clock),
    );
    let optional = if f.optional {
        fresh.optional.as_str()
    } else {
        ""
    };
    let head = text::fit(&fresh.head, f.head);
    let status = if fresh.optional_last {
        format!("{head}{}{optional}", fresh.keep)
    } else {
        format!("{head}{optional}{}", fresh.keep)
    };
    let mut parts: Vec<(&str, Style)> = vec![(&status, fresh.style)];
    parts.extend(f.items.iter().map(|(s, st, _)| (s.as_str(), *st)));
    parts.push((&clock, th.base()));
    let rw: usize = parts
        .iter()
        .map(|(s, _)| text::width(s) + GAP)
        .sum::<usize>()
        - GAP;
    let rx = area.x + (area.width as usize).saturating_sub(rw) as u16;
    // The zone goes whole: a cut zone name reads as another zone.
    let shown_left = if f.left >= text::width(&left) {
        left.as_str()
    } else {
        core.as_str()
    };
    put(
        buf,
        area.x,
        area.y,
        &text::fit(shown_left, f.left),
        rx.saturating_sub(area.x + 2),
        th.title(),
    );
    let mut x = rx;
    for (s, st) in parts {
        x += put(buf, x, area.y, s, area.right().saturating_sub(x), st) + GAP as u16;
    }
}

/// What is kept of each part at this width.
struct Fitted {
    left: usize,
    head: usize,
    optional: bool,
    items: Vec<Item>,
}

fn fit(
    width: usize,
    left: usize,
    core: usize,
    fresh: &Fresh,
    items: Vec<Item>,
    clock: usize,
) -> Fitted {
    let head_w = text::width(&fresh.head);
    let opt_w = text::width(&fresh.optional);
    let keep_w = text::width(&fresh.keep);
    let need = |f: &Fitted| {
        f.left
            + 2
            + f.head
            + if f.optional { opt_w } else { 0 }
            + keep_w
            + f.items
                .iter()
                .map(|(s, _, _)| text::width(s) + GAP)
                .sum::<usize>()
            + GAP
            + clock
    };
    let over = |f: &Fitted| need(f).saturating_sub(width);
    let drop_highest = |f: &mut Fitted, min_rank: u8| -> bool {
        let i = (0..f.items.len())
            .filter(|&i| f.items[i].2 >= min_rank)
            .max_by_key(|&i| f.items[i].2);
        i.map(|i| f.items.remove(i)).is_some()
    };
    let shrink = |v: &mut usize, floor: usize, by: usize| *v -= by.min(v.saturating_sub(floor));
    let mut f = Fitted {
        left,
        head: head_w,
        optional: true,
        items,
    };
    // Minor counts first.
    while over(&f) > 0 && drop_highest(&mut f, 3) {}
    // Then the error text, down to a readable stub.
    let o = over(&f);
    shrink(&mut f.head, MIN_HEAD.min(head_w), o);
    // Then the retry time, the zone, the other notes.
    if over(&f) > 0 {
        f.optional = false;
    }
    // The zone goes whole (a cut zone name reads as another zone).
    if over(&f) > 0 {
        f.left = core.min(left);
    }
    while over(&f) > 0 && drop_highest(&mut f, 0) {}
    // Last resort: the left side, then the error text, to a column each.
    let o = over(&f);
    shrink(&mut f.left, MIN_LEFT.min(left), o);
    let o = over(&f);
    shrink(&mut f.head, 1.min(head_w), o);
    // Room freed by a dropped note goes back to the error text, then the left.
    let slack = width.saturating_sub(need(&f));
    let grow = slack.min(head_w - f.head);
    f.head += grow;
    let rest = slack - grow;
    f.left = if f.left < core {
        (f.left + rest).min(core)
    } else if f.left + rest >= left {
        left
    } else {
        f.left
    };
    f
}

/// Notifications and deletions on their way, until their answers arrive.
fn sending(m: &Model) -> Option<String> {
    let g = super::glyphs_of(m);
    match m.sends.in_flight.as_slice() {
        [] => None,
        [one] => {
            let what = match one.pending {
                Pending::Notify {
                    kind: NotifyKind::Employee,
                    ..
                } => "notify",
                Pending::Notify {
                    kind: NotifyKind::Details,
                    ..
                } => "details",
                Pending::Notify {
                    kind: NotifyKind::OnTheWay,
                    ..
                } => "on the way",
                Pending::Delete { .. } => "delete",
                Pending::Undo { .. } => "undo",
            };
            Some(format!(
                "{} sending {what}: {}",
                g.sending,
                text::fit(&text::clean(&one.title), 16)
            ))
        }
        many => Some(format!("{} sending {}", g.sending, many.len())),
    }
}

/// A monitor's bottom line, in place of the key hints: the freshness in
/// plain words across the whole width, bold, and reversed when stale, so it
/// reads from across a room.
pub fn monitor_line(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    let (line, stale) = crate::app::monitor::freshness_line(m);
    let st = if stale {
        th.error().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        th.ok().add_modifier(Modifier::BOLD)
    };
    for x in area.left()..area.right() {
        if let Some(c) = buf.cell_mut((x, area.y)) {
            c.set_char(' ').set_style(st);
        }
    }
    put(
        buf,
        area.x + 1,
        area.y,
        &text::fit(&line, (area.width as usize).saturating_sub(2)),
        area.width.saturating_sub(2),
        st,
    );
}

/// What the shown listing could not deliver: never hidden, never silent.
pub fn listing_warnings(m: &Model) -> Vec<String> {
    let g = super::glyphs_of(m);
    let n = m.sync.notes;
    let mut out = Vec::new();
    if let Some(cap) = n.capped_at {
        out.push(format!("{} incomplete: stopped at {cap} pages", g.warning));
    }
    match n.unreadable {
        0 => {}
        1 => out.push(format!("{} 1 task unreadable, see log", g.warning)),
        k => out.push(format!("{} {k} tasks unreadable, see log", g.warning)),
    }
    out
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

/// The freshness cue, a glyph and words, never colour alone: `head` (an
/// error's text) is shortened first, `optional` dropped next, `keep` (how
/// old the data is) never.
struct Fresh {
    head: String,
    optional: String,
    keep: String,
    /// Whether `optional` is drawn after `keep` rather than before it.
    optional_last: bool,
    style: Style,
}

/// "1 task", "2 tasks".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn freshness(m: &Model, th: Theme) -> Fresh {
    // From the last good poll: a board that has just recovered reads
    // "confirmed now" at once; a stale one says since when, to the minute.
    let tz = m.tz();
    let stale = m.is_stale();
    // Fresh, it reads "confirmed now" beside the clock's minute, so an idle
    // board writes only the clock.
    let as_of = m.sync.last_ok.map(|t| {
        if stale {
            format!("stale since {}", t.with_timezone(&tz).format("%H:%M"))
        } else {
            "confirmed now".to_string()
        }
    });
    let plain = |keep: String, optional: &str, style| Fresh {
        head: String::new(),
        optional: optional.to_string(),
        keep,
        optional_last: true,
        style,
    };
    if let Some((f, _)) = &m.sync.fault {
        // The fault's own text already says what happened ("Kickserv refused the API token").
        let head = format!("{} {}", th.glyphs.warning, text::clean(&f.text));
        let mut optional = String::new();
        if let Some(next) = m.sync.next_poll.filter(|_| !m.fetching()) {
            optional = format!(" · retry {}", next.with_timezone(&tz).format("%H:%M:%S"));
        } else if m.fetching() {
            optional = format!(" · retrying {}", th.glyphs.spin[0]);
        }
        let keep = as_of.map(|a| format!(" · {a}")).unwrap_or_default();
        return Fresh {
            head,
            optional,
            keep,
            optional_last: false,
            style: th.error(),
        };
    }
    if m.paused {
        let a = as_of.map(|a| format!(", {a}")).unwrap_or_default();
        return plain(format!("{} paused{a}", th.glyphs.paused), "", th.warn());
    }
    match as_of {
        None => plain(format!("{} loading…", th.glyphs.spin[0]), "", th.dim()),
        // The mark comes once, when a poll is overdue: no running count.
        Some(a) if stale => {
            let why = if m.fetching() {
                " · waiting for Kickserv"
            } else {
                ""
            };
            plain(format!("{} {a}", th.glyphs.stale), why, th.warn())
        }
        Some(a) => plain(format!("{} {a}", th.glyphs.updated), "", th.ok()),
    }
}
