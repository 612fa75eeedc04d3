//! "Running late" on screen: the prompt for the minutes, then the staged
//! cascade in a box over the board (each task's old and new times, its
//! customer, any new double booking), and after Enter what became of
//! each PUT and which were applied and which not.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use tui_input::Input;

use super::chrome::box_rect;
use super::text::{self, clean};
use super::theme::Theme;
use crate::app::dispatch::late::summary;
use crate::app::keymap::{Action, Context};
use crate::app::model::Model;
use crate::app::state::late::{Cascade, Fate, Shift};

const WIDTH: u16 = 100;

/// A titled box of `w`×`h` in the middle of the screen, its lines wrapped.
fn boxed(f: &mut Frame, title: &str, lines: Vec<Line>, w: u16, h: u16, th: Theme) -> Rect {
    let r = box_rect(f.area(), w, h);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(format!(" {title} "), th.title()));
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
    r
}

/// The prompt: whose day, the minutes typed, what Enter and Esc do.
pub fn prompt(
    m: &Model,
    employee_id: i64,
    input: &Input,
    error: Option<&str>,
    f: &mut Frame,
    th: Theme,
) {
    let km = &m.opts.keymap;
    let who = m
        .lanes
        .iter()
        .find(|l| l.0 == crate::schedule::Lane::Employee(employee_id))
        .map_or_else(|| format!("employee {employee_id}"), |l| l.1.clone());
    let mut lines = vec![
        Line::from(format!("> {}", clean(input.value()))),
        Line::styled(
            format!(
                "minutes late from now: {} shows the shifts, {} cancels",
                km.key_text(Context::Prompt, Action::Accept),
                km.key_text(Context::Prompt, Action::Close)
            ),
            th.dim(),
        ),
    ];
    if let Some(e) = error {
        lines.push(Line::styled(clean(e).into_owned(), th.error()));
    }
    let h = lines.len() as u16 + 2;
    let title = format!("{} is running late", clean(&who));
    let r = boxed(f, &title, lines, 64, h, th);
    let inner_w = r.width.saturating_sub(4) as usize;
    let scroll = input.visual_scroll(inner_w);
    let cx = r.x + 3 + (input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(cx.min(r.right().saturating_sub(2)), r.y + 1));
}

fn hhmm(m: &Model, t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.with_timezone(&m.tz()).format("%H:%M").to_string()
}

/// A task's mark and word for what became of its PUT.
fn fate(c: &Cascade, s: &Shift, th: Theme) -> (&'static str, String, Style) {
    match &s.fate {
        Fate::NotSent if c.committed => ("·", "not sent".to_string(), th.error()),
        Fate::NotSent => (" ", String::new(), th.base()),
        Fate::Sending => ("…", "sending".to_string(), th.warn()),
        Fate::Applied => ("✓", "applied".to_string(), th.ok()),
        Fate::Refused(why) => ("✗", format!("refused: {}", clean(why)), th.error()),
        Fate::Unknown => ("?", "no answer: maybe applied".to_string(), th.error()),
    }
}

fn row(m: &Model, c: &Cascade, s: &Shift, th: Theme) -> Vec<Line<'static>> {
    let (mark, word, st) = fate(c, s, th);
    let under_way = s.new.0 == s.old.0;
    let mut spans = vec![
        Span::styled(format!("{mark} "), st),
        Span::styled(
            format!("{}–{}", hhmm(m, s.old.0), hhmm(m, s.old.1)),
            th.dim(),
        ),
        Span::raw(" → "),
        Span::styled(
            format!("{}–{}", hhmm(m, s.new.0), hhmm(m, s.new.1)),
            th.title(),
        ),
        Span::raw(format!("  {} · {}", clean(&s.customer), clean(&s.title))),
    ];
    if under_way {
        spans.push(Span::styled(" (under way: ends later)", th.dim()));
    }
    if !word.is_empty() {
        spans.push(Span::styled(format!("  {word}"), st));
    }
    let mut out = vec![Line::from(spans)];
    if !s.doubles.is_empty() {
        let with: Vec<String> = s.doubles.iter().map(|d| clean(d).into_owned()).collect();
        out.push(Line::styled(
            format!("    double booking with {}", with.join(", ")),
            th.error(),
        ));
    }
    out
}

/// The cascade's box.
pub fn draw(m: &Model, f: &mut Frame, th: Theme) {
    let Some(c) = m.cascade() else {
        return;
    };
    let km = &m.opts.keymap;
    let key = |a| km.key_text(Context::Late, a);
    let n = c.shifts.len();
    let mut lines = vec![
        Line::from(format!(
            "{} running {} min late from {}: {n} remaining task{} today",
            clean(&c.employee),
            c.minutes,
            m.now.with_timezone(&m.tz()).format("%H:%M"),
            if n == 1 { "" } else { "s" }
        )),
        Line::default(),
    ];
    for s in &c.shifts {
        lines.extend(row(m, c, s, th));
    }
    let mut customers: Vec<String> = Vec::new();
    for s in &c.shifts {
        let name = clean(&s.customer).into_owned();
        if !customers.contains(&name) {
            customers.push(name);
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(format!(
        "Customers affected: {}",
        customers.join(", ")
    )));
    let doubles = c.shifts.iter().filter(|s| !s.doubles.is_empty()).count();
    if doubles > 0 {
        lines.push(Line::styled(
            format!("{doubles} would be double-booked"),
            th.error(),
        ));
    }
    if let Some(text) = summary(m) {
        let failed = c.shifts.iter().any(|s| s.fate != Fate::Applied);
        lines.push(Line::styled(
            clean(&text).into_owned(),
            if failed { th.error() } else { th.ok() },
        ));
        if let Some(told) = &c.told {
            lines.push(Line::styled(clean(told).into_owned(), th.dim()));
        }
        if c.offer {
            lines.push(Line::styled(
                format!(
                    "{} sends each affected customer the new details (once each)",
                    key(Action::NotifyDetails)
                ),
                th.dim(),
            ));
        }
    } else if !c.committed {
        lines.push(Line::styled(
            format!(
                "Nothing is sent before {}: then one PUT per task, in time order, stopping at the first refusal",
                key(Action::Commit)
            ),
            th.dim(),
        ));
    }
    let area = f.area();
    let w = WIDTH.min(area.width.saturating_sub(2));
    let inner = usize::from(w.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| {
            let width: usize = l.spans.iter().map(|s| text::width(&s.content)).sum();
            width.div_ceil(inner).max(1)
        })
        .sum();
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let title = format!("Running late · {} +{} min", clean(&c.employee), c.minutes);
    boxed(f, &title, lines, w, h, th);
}

/// The keys of the cascade: send and drop while staged; after it, the
/// customers' details (while offered) and done.
pub fn hints(m: &Model) -> Vec<(String, &'static str)> {
    let km = &m.opts.keymap;
    let Some(c) = m.cascade() else {
        return Vec::new();
    };
    let (staged, done, offer) = (!c.committed, c.done(), c.offer);
    let mut v = km.hints_in(Context::Late, m.read_only(), |a| match a {
        Action::Commit => staged,
        Action::DropStage => staged || done,
        Action::NotifyDetails => done && offer,
        _ => true,
    });
    if done {
        for h in v.iter_mut().filter(|h| h.1 == "drop") {
            h.1 = "done";
        }
    }
    v.push((km.key_text(Context::Late, Action::Help), "help"));
    v
}
