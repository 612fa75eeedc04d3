//! The task detail: beside the grid on a wide terminal, over it below
//! that. Everything a dispatcher needs before calling or sending someone:
//! when, status, type, job, customer, contact, employees, description.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use ratatui::Frame;

use crate::app::keymap::{Action, Context};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::clean;
use super::theme::Theme;
use super::wrap;
use crate::app::model::Model;
use crate::kickserv::model::Task;
use crate::kickserv::redact;

/// Longest description whose rows are all counted for the position.
const COUNT_BYTES: usize = 16 * 1024;

/// Longest field value drawn in the task detail.
const FIELD_BYTES: usize = 1024;

/// Width of the box over the grid.
const BOX_WIDTH: u16 = 76;

/// Width of the field names.
const KEY_WIDTH: usize = 11;

/// The rows of the detail shown at a scroll, and where the description stands.
pub struct Shown {
    pub page: wrap::Page,
    /// "12–30 of 48": the description's rows in sight, when some are.
    pub desc: Option<String>,
}

/// What the detail shows of its task.
#[derive(Clone, Copy, Default)]
pub struct Look<'a> {
    /// What a poll did to the task, on top.
    pub notice: Option<&'a str>,
    /// The task's JSON instead of its fields.
    pub raw: bool,
    /// The notice names the dispatcher's own change, not the server's.
    pub own: bool,
}

/// Where the detail is drawn in a screen of `area`: beside the grid (the
/// pane's rectangle) or, `None`, over it in a centred box.
pub fn pane(m: &Model, area: Rect) -> Option<Rect> {
    let w = m.pane_width()?;
    Some(Rect {
        x: area.right().saturating_sub(w),
        y: area.y + 1,
        width: w,
        height: area.height.saturating_sub(2),
    })
}

/// Draws the detail of `t`.
pub fn draw(m: &Model, t: &Task, look: Look, f: &mut Frame, scroll: u16, th: Theme) {
    let notice = look.notice;
    let (r, shown) = match pane(m, f.area()) {
        Some(r) => {
            let inner = usize::from(r.width.saturating_sub(2)).max(1);
            let rows = usize::from(r.height.saturating_sub(2));
            (r, page(m, t, look, inner, rows, scroll, th))
        }
        None => {
            let (shown, w, h) = boxed_page(m, t, look, f.area(), scroll, th);
            (super::chrome::box_rect(f.area(), w, h), shown)
        }
    };
    let footer = super::chrome::position(shown.page.top, shown.page.lines.len(), shown.page.total);
    f.render_widget(Clear, r);
    let title = match (notice, look.raw) {
        (Some(_), false) if look.own => " Task ",
        (Some(_), true) if look.own => " Task · raw JSON ",
        (Some(n), _) if n.starts_with("changed") => " Task · changed on the server ",
        (Some(_), _) => " Task · gone from the server ",
        (None, true) => " Task · raw JSON ",
        (None, false) => " Task ",
    };
    let title_style = if notice.is_some() && !look.own {
        th.error()
    } else {
        th.title()
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(title, title_style));
    if let Some(d) = shown.desc {
        block = block.title_bottom(Line::styled(format!(" description {d} "), th.dim()));
    }
    if let Some(footer) = footer {
        block = block.title_bottom(Line::styled(footer, th.dim()).right_aligned());
    }
    // The rows are wrapped already: no second wrap by the widget.
    f.render_widget(Paragraph::new(shown.page.lines).block(block), r);
}

/// The first row shown at `scroll` (a scroll past the end stops at the
/// last page), in a screen of `area`.
pub fn shown_top(m: &Model, t: &Task, look: Look, area: Rect, scroll: u16, th: Theme) -> usize {
    match pane(m, area) {
        Some(r) => {
            let inner = usize::from(r.width.saturating_sub(2)).max(1);
            let rows = usize::from(r.height.saturating_sub(2));
            page(m, t, look, inner, rows, scroll, th).page.top
        }
        None => boxed_page(m, t, look, area, scroll, th).0.page.top,
    }
}

/// The rows of the task detail shown at `scroll` in a box over a screen
/// of `area`, with the box's width and height.
pub fn detail_page(
    m: &Model,
    t: &Task,
    area: Rect,
    scroll: u16,
    th: Theme,
) -> (wrap::Page, u16, u16) {
    let (shown, w, h) = boxed_page(m, t, Look::default(), area, scroll, th);
    (shown.page, w, h)
}

fn boxed_page(
    m: &Model,
    t: &Task,
    look: Look,
    area: Rect,
    scroll: u16,
    th: Theme,
) -> (Shown, u16, u16) {
    let w = BOX_WIDTH.min(area.width.saturating_sub(2)).max(10);
    let inner = usize::from(w.saturating_sub(2).max(1));
    let max_rows = usize::from(area.height.saturating_sub(6));
    let shown = page(m, t, look, inner, max_rows, scroll, th);
    // A short task gets a box just its size.
    let rows = match shown.page.total {
        Some(total) if scroll == 0 => total.min(max_rows),
        _ => max_rows,
    };
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    (shown, w, h)
}

/// The detail's rows `scroll..scroll + rows` at `inner` columns.
fn page(
    m: &Model,
    t: &Task,
    look: Look,
    inner: usize,
    rows: usize,
    scroll: u16,
    th: Theme,
) -> Shown {
    let json;
    let (lines, body, cut, toggle) = if look.raw {
        json = raw_json(t);
        let mut lines = title(m, t, look, th);
        lines.push(Line::styled(
            "known fields and unknown keys; secrets masked",
            th.dim(),
        ));
        // The board's listings drop the unknown keys of nested records
        // (memory): say so rather than show them as if there were none.
        let bare = t.job.as_ref().is_some_and(|j| j.extra.is_empty())
            || t.customer.as_ref().is_some_and(|c| c.extra.is_empty());
        if bare {
            lines.push(Line::styled(
                "job and customer: known fields only, unknown keys not kept",
                th.dim(),
            ));
        }
        lines.push(Line::from(""));
        (lines, json.as_str(), 0, "fields")
    } else {
        // The description is kept up to a cap and cleaned and wrapped only
        // as far as the page shown: a huge one costs no more than a page.
        let (desc, cut) = wrap::cap(t.description.as_deref().unwrap_or(""), wrap::KEEP_BYTES);
        (head(m, t, look, th), desc, cut, "JSON")
    };
    let mut tail = Vec::new();
    if cut > 0 {
        tail.push(Line::styled(
            format!("(cut: {} KB more)", cut.div_ceil(1024)),
            th.warn(),
        ));
    }
    tail.push(Line::from(""));
    tail.push(Line::styled(
        format!(
            "task {} · {} closes · {}/{} scroll · {} {toggle}",
            t.id,
            m.opts.keymap.key_text(Context::Detail, Action::Close),
            m.opts.keymap.key_text(Context::Detail, Action::MoveDown),
            m.opts.keymap.key_text(Context::Detail, Action::MoveUp),
            m.opts.keymap.key_text(Context::Detail, Action::RawJson)
        ),
        th.dim(),
    ));
    let base = th.base();
    let body_src = move || body.lines().map(move |l| wrap::Source::Text(l, base));
    let src = || -> Box<dyn Iterator<Item = wrap::Source<'_>> + '_> {
        Box::new(
            lines
                .iter()
                .cloned()
                .map(wrap::Source::Line)
                .chain(body_src())
                .chain(tail.iter().cloned().map(wrap::Source::Line)),
        )
    };
    let mut page = wrap::page(src, inner, usize::from(scroll), rows);
    // The totals: counted for an ordinary description, left open ("12/…")
    // for a huge one, which costs no more than a page.
    let small = body.len() <= COUNT_BYTES;
    if page.total.is_none() && small {
        page.total = Some(wrap::count(src(), inner));
    }
    // Everything in sight: no position, as for the box.
    let whole = page.top == 0 && page.total.is_some_and(|t| page.lines.len() >= t);
    let desc = if look.raw || whole || body.is_empty() {
        None
    } else {
        let head_rows = wrap::count(lines.iter().cloned().map(wrap::Source::Line), inner);
        let body_rows = small.then(|| wrap::count(body_src(), inner));
        desc_position(page.top, page.lines.len(), head_rows, body_rows, true)
    };
    Shown { page, desc }
}

/// The task's JSON, pretty-printed: the fields kickdesk knows and the keys
/// it does not, secrets masked (their values; the client never keeps
/// most), `Authorization` values masked, a huge description cut.
pub fn raw_json(t: &Task) -> String {
    let mut v = match serde_json::to_value(t) {
        Ok(v) => v,
        Err(e) => return format!("(not shown: {e})"),
    };
    if let Some(serde_json::Value::String(d)) = v.get_mut("description") {
        let (kept, cut) = wrap::cap(d, wrap::KEEP_BYTES);
        if cut > 0 {
            *d = format!("{kept}… (cut: {} KB more)", cut.div_ceil(1024));
        }
    }
    redact::mask_secrets(&mut v);
    let text = serde_json::to_string_pretty(&v).unwrap_or_default();
    redact::mask_authorization(&text)
}

/// "12–30 of 48": the description's rows among those shown (`top`, `shown`),
/// when it starts at row `head` and has `rows` rows (`None`: not counted).
fn desc_position(
    top: usize,
    shown: usize,
    head: usize,
    rows: Option<usize>,
    any: bool,
) -> Option<String> {
    if !any {
        return None;
    }
    let end = rows.map_or(usize::MAX, |r| head + r);
    let first = top.max(head);
    let last = (top + shown).min(end);
    if first >= last {
        return None;
    }
    let of = rows.map_or_else(|| "…".to_string(), |r| r.to_string());
    Some(format!("{}–{} of {of}", first - head + 1, last - head))
}

/// The task's title, and what a poll did to it.
fn title(m: &Model, t: &Task, look: Look, th: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("{} {}", th.glyph(t, m.now, &m.opts.work), clean(t.title())),
        th.title(),
    )];
    if let Some(n) = look.notice {
        let style = if look.own { th.ok() } else { th.error() };
        lines.push(Line::styled(capitalise(n), style));
    }
    lines
}

/// The rows above the description: title, times, people, job, customer.
fn head(m: &Model, t: &Task, look: Look, th: Theme) -> Vec<Line<'static>> {
    let tz = m.tz();
    let mut lines = title(m, t, look, th);
    let field = |k: &str, v: &str| {
        // A field is a line or two; an API that sends megabytes gets the start.
        let (v, cut) = wrap::cap(v, FIELD_BYTES);
        let more = if cut > 0 { "…" } else { "" };
        Line::from(vec![
            Span::styled(format!("{k:<KEY_WIDTH$}"), th.dim()),
            Span::raw(format!("{}{more}", clean(v))),
        ])
    };
    for (k, v) in when(t, tz) {
        lines.push(field(k, &v));
    }
    if let Some(s) = t.effective_status() {
        lines.push(field("status", s.label()));
    }
    if let Some(ty) = task_type(t) {
        lines.push(field("type", &ty));
    }
    let emps: Vec<String> = t.employees.iter().map(|e| e.display_name()).collect();
    lines.push(field(
        "employees",
        &if emps.is_empty() {
            "nobody (unassigned)".to_string()
        } else {
            emps.join(", ")
        },
    ));
    // Tasks beside it in the lane, however narrow their blocks are drawn.
    for o in overlapping(m, t) {
        lines.push(field("overlaps", &o));
    }
    if let Some(j) = &t.job {
        lines.push(Line::from(""));
        let num = j.job_number.map(|n| format!("#{n} ")).unwrap_or_default();
        lines.push(field(
            "job",
            &format!("{num}{}", j.name.as_deref().unwrap_or("")),
        ));
        if let Some(s) = &j.status {
            lines.push(field("job status", s.label()));
        }
        if let Some(d) = j.description.as_deref().filter(|d| !d.is_empty()) {
            lines.push(field("job notes", d));
        }
    }
    // Each fact once: what the customer's record says is not repeated
    // under the contact.
    let mut said: Vec<String> = Vec::new();
    if let Some(c) = &t.customer {
        lines.push(Line::from(""));
        let num = c
            .customer_number
            .map(|n| format!(" (#{n})"))
            .unwrap_or_default();
        lines.push(field(
            "customer",
            &format!("{}{num}", c.display_name().unwrap_or("—")),
        ));
        let addr = c.address_line();
        if !addr.is_empty() {
            lines.push(field("address", &addr));
        }
        for (k, v) in [
            ("phone", &c.phone_number),
            ("mobile", &c.mobile),
            ("email", &c.email_address),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                lines.push(field(k, v));
                said.push(same(v));
            }
        }
        if let Some(n) = c.display_name() {
            said.push(same(n));
        }
        if !c.is_reachable() {
            lines.push(Line::styled(
                format!(
                    "{:KEY_WIDTH$}no email or phone: cannot notify the customer",
                    ""
                ),
                th.warn(),
            ));
        }
    }
    if let Some(p) = &t.primary_contact {
        let mut facts = Vec::new();
        let name = p.display_name();
        let own_name = !name.trim().is_empty() && !said.contains(&same(&name));
        for (k, v) in [
            ("phone", &p.phone_number),
            ("mobile", &p.mobile),
            ("email", &p.email_address),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty())
                && !said.contains(&same(v))
            {
                facts.push(field(k, v));
                said.push(same(v));
            }
        }
        if own_name || !facts.is_empty() {
            lines.push(Line::from(""));
            // Whose the numbers are, when the name was said above.
            let who = if own_name {
                name
            } else {
                "the customer".to_string()
            };
            lines.push(field("contact", &who));
            lines.extend(facts);
        }
    }
    if t.description.as_deref().is_some_and(|d| !d.is_empty()) {
        lines.push(Line::from(""));
        lines.push(Line::styled("description", th.dim()));
    }
    lines
}

/// Date, start, end and duration, in the account's zone; a time that
/// occurs twice (clocks falling back) carries its zone abbreviation.
fn when(t: &Task, tz: Tz) -> Vec<(&'static str, String)> {
    let local = |d: DateTime<FixedOffset>| d.with_timezone(&tz);
    let time = |d: DateTime<FixedOffset>| {
        let fmt = if crate::schedule::is_ambiguous(tz, d.to_utc()) {
            "%H:%M %Z"
        } else {
            "%H:%M"
        };
        local(d).format(fmt).to_string()
    };
    let Some(start) = t.starts_at else {
        return vec![("date", "not scheduled".to_string())];
    };
    let mut out = vec![("date", local(start).format("%a %-d %b %Y").to_string())];
    let end = t.ends_at;
    let span = end.map(|e| duration(e.signed_duration_since(start)));
    let other_day = end.is_some_and(|e| local(e).date_naive() != local(start).date_naive());
    let end_text = |e: DateTime<FixedOffset>| {
        if other_day {
            format!("{} {}", local(e).format("%a %-d %b %Y"), time(e))
        } else {
            time(e)
        }
    };
    // One line: start–end · duration.
    let mut line = match (t.all_day == Some(true), end) {
        (true, Some(e)) if other_day => {
            format!("all day, until {}", local(e).format("%a %-d %b %Y"))
        }
        (true, _) => "all day".to_string(),
        (false, Some(e)) if other_day => format!("{} – {}", time(start), end_text(e)),
        (false, Some(e)) => format!("{}–{}", time(start), end_text(e)),
        (false, None) => format!("{}, no end", time(start)),
    };
    if let Some(span) = span.filter(|_| t.all_day != Some(true)) {
        line.push_str(&format!(" · {span}"));
    }
    out.push(("time", line));
    out
}

/// "1h 30m", "45m", "2 d 3h"; an end before the start says so.
fn duration(d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes();
    if mins < 0 {
        return "ends before it starts".to_string();
    }
    let (days, h, m) = (mins / 1440, mins % 1440 / 60, mins % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(format!("{m}m"));
    }
    parts.join(" ")
}

/// The task type: its name where the record carries one, else its id.
fn task_type(t: &Task) -> Option<String> {
    let named = || {
        let extra = t.extra.map();
        let name = extra
            .get("task_type_name")
            .and_then(|v| v.as_str())
            .or_else(|| extra.get("task_type")?.get("name")?.as_str())?
            .to_string();
        Some(name)
    };
    match (t.task_type_id, named()) {
        (Some(id), Some(name)) => Some(format!("{name} (#{id})")),
        (None, Some(name)) => Some(name),
        // An id without its name tells a dispatcher nothing: left out.
        (_, None) => None,
    }
}

/// A value as compared for repeats: case and spacing aside.
fn same(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The other tasks of the selected task's lane that overlap it in time, as
/// "09:00–11:00 Title · Customer", on the day view.
fn overlapping(m: &Model, t: &Task) -> Vec<String> {
    let crate::app::model::Layout::Day(d) = &m.layout else {
        return Vec::new();
    };
    let Some(col) = d.columns.get(m.cursor.lane) else {
        return Vec::new();
    };
    let Some(me) = col
        .blocks
        .iter()
        .find(|b| m.tasks.get(b.task).is_some_and(|x| x.id == t.id))
    else {
        return Vec::new();
    };
    let tz = m.tz();
    let clock = |min: i32| super::hhmm(crate::schedule::at_minute(tz, d.date, i64::from(min)), tz);
    col.blocks
        .iter()
        .filter(|b| b.task != me.task && b.start_min < me.end_min && me.start_min < b.end_min)
        .filter_map(|b| {
            let o = m.tasks.get(b.task)?;
            let who = o
                .customer_name()
                .map(|c| format!(" · {c}"))
                .unwrap_or_default();
            Some(format!(
                "{}–{} {}{who}",
                clock(b.start_min),
                clock(b.end_min),
                o.title()
            ))
        })
        .collect()
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        let m = chrono::TimeDelta::minutes;
        assert_eq!(duration(m(0)), "0m");
        assert_eq!(duration(m(45)), "45m");
        assert_eq!(duration(m(90)), "1h 30m");
        assert_eq!(duration(m(60)), "1h");
        assert_eq!(duration(m(1440 + 180)), "1 d 3h");
        assert_eq!(duration(m(-5)), "ends before it starts");
    }

    #[test]
    fn the_description_position_counts_its_own_rows() {
        // Head of 10 rows; 20 rows shown from row 5: description rows 1–15.
        assert_eq!(
            desc_position(5, 20, 10, Some(48), true).as_deref(),
            Some("1–15 of 48")
        );
        assert_eq!(
            desc_position(21, 20, 10, Some(48), true).as_deref(),
            Some("12–31 of 48")
        );
        // Past its end (the tail shown), or none at all.
        assert_eq!(desc_position(70, 5, 10, Some(48), true), None);
        assert_eq!(desc_position(0, 5, 10, Some(48), true), None);
        assert_eq!(desc_position(0, 20, 10, Some(0), false), None);
        assert_eq!(
            desc_position(30, 10, 10, None, true).as_deref(),
            Some("21–30 of …")
        );
    }
}
