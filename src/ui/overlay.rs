//! Boxes drawn over the board: help, task detail, go-to-date, confirmation,
//! the edit form, its employee picker, the restore prompt.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::chrome::{box_rect, position};
use super::detail;
pub use super::detail::detail_page;
use super::prompt;
use super::text::clean;
use super::theme::Theme;
use super::wrap;
use crate::app::confirm::Confirm;
use crate::app::keymap::{Action, Context, KeySpec, Keymap};
use crate::app::modal::{self, Fate};
use crate::app::model::{Model, Overlay};
use crossterm::event::{KeyCode, KeyModifiers};

/// Draws the modals over the board, bottom first.
pub fn draw(m: &Model, f: &mut Frame, th: Theme) {
    for o in &m.modals {
        draw_one(m, o, f, th);
    }
}

fn draw_one(m: &Model, o: &Overlay, f: &mut Frame, th: Theme) {
    match o {
        Overlay::Help { scroll } => help(m, f, *scroll, th),
        Overlay::Detail {
            scroll, seen, raw, ..
        } => match modal::fate(m, seen) {
            Fate::Unknown => {
                boxed(
                    f,
                    "Task",
                    vec![Line::from("This task is no longer in the shown period.")],
                    50,
                    5,
                    0,
                    th,
                );
            }
            fate => {
                let notice = fate.notice();
                let look = detail::Look {
                    notice: notice.as_deref(),
                    raw: *raw,
                    own: fate.is_own(),
                };
                detail::draw(m, fate.task(seen), look, f, *scroll, th)
            }
        },
        Overlay::Goto { input, error } => {
            let w = 44u16.min(f.area().width);
            let mut lines = vec![
                Line::from(format!("> {}", clean(input.value()))),
                Line::styled("2026-11-30 · 11-30 · +3 · -1 · mon · today", th.dim()),
            ];
            // The error is shown whole: the box grows by its wrapped rows.
            let mut h = 4u16;
            if let Some(e) = error {
                let inner = usize::from(box_rect(f.area(), w, h).width.saturating_sub(2)).max(1);
                let src = || -> Box<dyn Iterator<Item = wrap::Source<'_>> + '_> {
                    Box::new(std::iter::once(wrap::Source::Text(e, th.error())))
                };
                let rows = wrap::page(src, inner, 0, usize::from(u16::MAX)).lines;
                h = h.saturating_add(u16::try_from(rows.len()).unwrap_or(u16::MAX));
                lines.extend(rows);
            }
            let r = boxed(f, "Go to date", lines, w, h, 0, th);
            // The terminal cursor follows the input in display columns.
            let inner_w = r.width.saturating_sub(4) as usize;
            let scroll = input.visual_scroll(inner_w);
            let cx = r.x + 3 + (input.visual_cursor().saturating_sub(scroll)) as u16;
            f.set_cursor_position(Position::new(cx.min(r.right().saturating_sub(2)), r.y + 1));
        }
        Overlay::Confirm(c) => confirm(c, modal::fate(m, &c.seen), &m.opts.keymap, f, th),
        Overlay::Filter { input } => {
            let (kept, all) = m.filter_counts().unwrap_or((0, 0));
            let count = if m.text_filter.active() {
                format!("{kept} of {all}")
            } else {
                String::new()
            };
            prompt::line(f, "/", input, &count, None, th);
        }
        Overlay::Palette(p) => prompt::palette(m, p, f, th),
        Overlay::Log { scroll } => log(m, f, *scroll, th),
        Overlay::Form(form) => super::form::draw_form_keyed(form, &m.opts.keymap, f.area(), f, th),
        Overlay::Picker(p) | Overlay::Employees(p) => {
            super::picker::draw_picker_keyed(p, &m.opts.keymap, f.area(), f, th)
        }
        Overlay::Restore(r) => {
            super::form::draw_restore_keyed(&r.draft, r.place, &m.opts.keymap, f.area(), f, th)
        }
        Overlay::Job(c) => super::jobpick::draw(m, c, f, th),
        // Drawn on the board itself and in the hint line.
        Overlay::Move => {}
        Overlay::Queue { selected } => super::queue::draw(m, *selected, f, th),
        Overlay::LateBy {
            employee_id,
            input,
            error,
            ..
        } => super::late::prompt(m, *employee_id, input, error.as_deref(), f, th),
        Overlay::Late => super::late::draw(m, f, th),
    }
}

/// `:log`: what was sent and saved this session, newest last.
fn log(m: &Model, f: &mut Frame, scroll: u16, th: Theme) {
    let lines = log_lines(m, th);
    let (top, shown, total, h) = help_rows(&lines, f.area(), scroll);
    let footer = position(top, shown, Some(total));
    let top = u16::try_from(top).unwrap_or(u16::MAX);
    boxed_at(f, "Log", lines, (HELP_WIDTH, h), top, footer, th);
}

fn log_lines(m: &Model, th: Theme) -> Vec<Line<'static>> {
    let tz = m.tz();
    let mut lines: Vec<Line> = m
        .log
        .entries
        .iter()
        .map(|e| {
            let st = if e.error { th.error() } else { th.base() };
            Line::from(vec![
                Span::styled(
                    format!("{}  ", e.at.with_timezone(&tz).format("%H:%M:%S")),
                    th.dim(),
                ),
                Span::styled(format!("#{:<8} ", e.task_id), th.key()),
                Span::styled(clean(&e.text).into_owned(), st),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(
            "Nothing sent, deleted or saved yet this session.",
            th.dim(),
        ));
    }
    lines
}

/// The confirmation draws what it computed when it opened, and what a
/// poll did to its task since.
fn confirm(c: &Confirm, fate: Fate, keys: &Keymap, f: &mut Frame, th: Theme) {
    let gone = fate.is_gone();
    let mut lines = Vec::new();
    if let Some(n) = fate.notice() {
        let style = if fate.is_own() { th.ok() } else { th.error() };
        lines.push(Line::styled(detail::capitalise(&n), style));
    }
    lines.extend([
        Line::from(clean(&c.question).into_owned()),
        Line::styled(clean(&c.title).into_owned(), th.title()),
    ]);
    lines.extend(c.details.iter().map(|d| Line::from(clean(d).into_owned())));
    lines.extend(
        c.warnings
            .iter()
            .map(|w| Line::styled(clean(w).into_owned(), th.warn())),
    );
    if c.checking {
        lines.push(Line::styled("Reading Kickserv's copy first…", th.warn()));
    }
    lines.push(Line::from(""));
    // The keys as bound: the first of each, and Enter and Esc by their
    // glyph and name when they are bound too.
    let ctx = Context::Confirm;
    let yes = keys.key_text(ctx, Action::Yes);
    let no = keys.key_text(ctx, Action::No);
    let bound = |a: Action, k: KeySpec| keys.keys_in(ctx, a).contains(&k);
    let enter = KeySpec {
        code: KeyCode::Enter,
        mods: KeyModifiers::NONE,
    };
    let esc = KeySpec {
        code: KeyCode::Esc,
        mods: KeyModifiers::NONE,
    };
    let or_esc = if bound(Action::No, esc) && no != "Esc" {
        "/Esc"
    } else {
        ""
    };
    lines.push(if gone {
        let close = if bound(Action::No, esc) {
            "Esc".to_string()
        } else {
            no
        };
        Line::from(vec![
            Span::styled(close, th.key()),
            Span::raw(" close   (nothing will be sent)"),
        ])
    } else if c.enter_confirms {
        let or_enter = if bound(Action::Yes, enter) && yes != "Enter" {
            format!("/{}", th.glyphs.enter)
        } else {
            String::new()
        };
        Line::from(vec![
            Span::styled(yes, th.key()),
            Span::raw(format!("{or_enter} yes   ")),
            Span::styled(no, th.key()),
            Span::raw(format!("{or_esc} no")),
        ])
    } else {
        Line::from(vec![
            Span::styled(yes, th.key()),
            Span::raw(format!(" {}   ", c.yes_word)),
            Span::styled(no, th.key()),
            Span::raw(format!(
                "{or_esc} keep   ({} does not {})",
                th.glyphs.enter, c.yes_word
            )),
        ])
    });
    let w = 64u16.min(f.area().width.saturating_sub(2)).max(10);
    // Rows after wrapping, so that nothing falls off the bottom.
    let inner = usize::from(w.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    boxed(f, "Confirm", lines, w, h, 0, th);
}

/// Draws a centred box; returns its outer rectangle.
fn boxed(
    f: &mut Frame,
    title: &str,
    lines: Vec<Line>,
    w: u16,
    h: u16,
    scroll: u16,
    th: Theme,
) -> Rect {
    boxed_at(f, title, lines, (w, h), scroll, None, th)
}

/// As [`boxed`], with a position in the bottom border.
fn boxed_at(
    f: &mut Frame,
    title: &str,
    lines: Vec<Line>,
    (w, h): (u16, u16),
    scroll: u16,
    footer: Option<String>,
    th: Theme,
) -> Rect {
    let r = box_rect(f.area(), w, h);
    f.render_widget(Clear, r);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.dim())
        .title(Span::styled(format!(" {title} "), th.title()));
    if let Some(footer) = footer {
        block = block.title_bottom(Line::styled(footer, th.dim()).right_aligned());
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        r,
    );
    r
}

/// Actions the keymap knows that this version does not do yet: help says
/// so, and hint bars leave them out.
pub const NOT_YET: &[Action] = &[];

fn help(m: &Model, f: &mut Frame, scroll: u16, th: Theme) {
    let lines = help_lines(m, th);
    let (top, shown, total, h) = help_rows(&lines, f.area(), scroll);
    let footer = position(top, shown, Some(total));
    let top = u16::try_from(top).unwrap_or(u16::MAX);
    boxed_at(f, "Keys", lines, (HELP_WIDTH, h), top, footer, th);
}

const HELP_WIDTH: u16 = 72;

/// The help's first row shown, rows shown, rows in all (after wrapping at
/// the box's width), and the box's height.
fn help_rows(lines: &[Line], area: Rect, scroll: u16) -> (usize, usize, usize, u16) {
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = box_rect(area, HELP_WIDTH, h);
    let inner = usize::from(r.width.saturating_sub(2)).max(1);
    let total: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let h = u16::try_from(total + 2).unwrap_or(u16::MAX);
    let r = box_rect(area, HELP_WIDTH, h);
    let shown = usize::from(r.height.saturating_sub(2));
    let top = usize::from(scroll).min(total.saturating_sub(shown));
    (top, shown, total, h)
}

/// Contexts this version cannot open yet: help lists their keys, and says so.
const NOT_YET_CONTEXTS: &[Context] = &[];

/// The help: every key of the context it was opened from, a line of the
/// main keys of each other context, then (for the board) the glyph legend.
fn help_lines(m: &Model, th: Theme) -> Vec<Line<'static>> {
    // The keys of the context help was opened from come first.
    help_lines_for(m, m.help_context(), th)
}

pub fn help_lines_for(m: &Model, first: Context, th: Theme) -> Vec<Line<'static>> {
    let mut lines = help_section(m, first, th);
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Elsewhere (the config's [keys.<name>] tables):",
        th.dim(),
    ));
    // Keyboard dispatch is not offered in read-only and monitor modes:
    // its contexts are not either.
    let dispatch = [Context::Move, Context::Queue, Context::Late];
    for ctx in Context::ALL
        .into_iter()
        .filter(|c| *c != first && !(m.read_only() && dispatch.contains(c)))
    {
        lines.extend(elsewhere(m, ctx, th));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            "In the task detail, keys go to it: {}/{} scroll, {} back to the board. Beside the grid (140 columns and wider), a click on the grid shows the task clicked.",
            m.opts.keymap.key_text(Context::Detail, Action::MoveDown),
            m.opts.keymap.key_text(Context::Detail, Action::MoveUp),
            m.opts.keymap.key_text(Context::Detail, Action::Close)
        ),
        th.dim(),
    ));
    // `?` is text where text is typed: there help is on a key that types nothing.
    lines.push(Line::styled(
        format!(
            "{} opens this help from anywhere; {} too where no text is typed (not in the form, the employee picker, a prompt or the job chooser).",
            m.opts.keymap.key_text(Context::Form, Action::Help),
            m.opts.keymap.key_text(Context::Board, Action::Help)
        ),
        th.dim(),
    ));
    if m.read_only() {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "Read-only: editing and notifications are off.",
            th.warn(),
        ));
    }
    if first == Context::Board {
        lines.extend(long_tasks(m, th));
        lines.extend(legend(LEGEND_WIDTH, th));
    }
    lines
}

/// What the header's "tasks over N days may be missing" means and which
/// settings answer it: the header has no room to say, help does.
fn long_tasks(m: &Model, th: Theme) -> Vec<Line<'static>> {
    if !(m.opts.warn_long_tasks || m.lookback.capped()) {
        return Vec::new();
    }
    let days = m.lookback.cap_days;
    vec![
        Line::from(""),
        Line::styled(
            format!(
                "{} tasks over {days} days may be missing:",
                th.glyphs.warning
            ),
            th.warn(),
        ),
        Line::raw(format!(
            "Kickserv lists tasks by their start, so a task that began more than {days} days \
             before the shown period is never read. If the account has tasks that long, raise \
             max_task_days (each extra day costs requests); if it has none, set \
             warn_long_tasks = false. Both are settings of the config file \
             (`kickdesk config --path` names it)."
        )),
    ]
}

/// Columns of a context's name in the "elsewhere" lines.
const NAME_WIDTH: usize = 9;

/// A context's main keys (its hint bar) after its name, packed into lines
/// of the legend's width, continuation lines indented.
fn elsewhere(m: &Model, ctx: Context, th: Theme) -> Vec<Line<'static>> {
    let mut items: Vec<(String, String)> = m
        .opts
        .keymap
        .hints_in(ctx, m.read_only(), |a| !NOT_YET.contains(&a))
        .into_iter()
        .map(|(k, l)| (k, l.to_string()))
        .collect();
    if NOT_YET_CONTEXTS.contains(&ctx) {
        items.push((String::new(), "(not in this version)".to_string()));
    }
    // A context with nothing to offer here (move mode when read-only).
    if items.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut spans = vec![Span::styled(
        super::text::pad(ctx.name(), NAME_WIDTH),
        th.dim(),
    )];
    let mut used = NAME_WIDTH;
    for (i, (keys, label)) in items.into_iter().enumerate() {
        let w =
            super::text::width(&keys) + usize::from(!keys.is_empty()) + super::text::width(&label);
        if i > 0 && used + 2 + w > LEGEND_WIDTH {
            out.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(NAME_WIDTH)));
            used = NAME_WIDTH;
        } else if i > 0 {
            spans.push(Span::raw("  "));
            used += 2;
        }
        if !keys.is_empty() {
            spans.push(Span::styled(keys, th.key()));
            spans.push(Span::raw(" "));
        }
        let style = if label.starts_with('(') {
            th.dim()
        } else {
            th.base()
        };
        spans.push(Span::styled(label, style));
        used += w;
    }
    out.push(Line::from(spans));
    out
}

/// One context's rows: its keys, then what they do there.
fn help_section(m: &Model, ctx: Context, th: Theme) -> Vec<Line<'static>> {
    let rows = m.opts.keymap.help_rows_in(ctx, m.read_only());
    let kw = rows
        .iter()
        .map(|(k, _)| super::text::width(k))
        .max()
        .unwrap_or(4)
        .min(18);
    rows.iter()
        .map(|(keys, a)| {
            let mut spans = vec![
                Span::styled(super::text::pad(keys, kw + 2), th.key()),
                Span::raw(m.opts.keymap.help_text(ctx, *a)),
            ];
            if NOT_YET.contains(a) {
                spans.push(Span::styled("  (not in this version)", th.dim()));
            }
            Line::from(spans)
        })
        .collect()
}

/// The scroll a help or detail box really shows in `area` (`End` asks for
/// the most; the box stops at its last page), so the next `↑` moves from there.
pub fn shown_scroll(m: &Model, area: Rect) -> Option<u16> {
    let th = super::theme_of(m);
    let top = match m.top()? {
        Overlay::Help { scroll } => help_rows(&help_lines(m, th), area, *scroll).0,
        Overlay::Log { scroll } => help_rows(&log_lines(m, th), area, *scroll).0,
        Overlay::Detail {
            scroll, seen, raw, ..
        } => match modal::fate(m, seen) {
            Fate::Unknown => return None,
            fate => {
                let notice = fate.notice();
                let look = detail::Look {
                    notice: notice.as_deref(),
                    raw: *raw,
                    own: fate.is_own(),
                };
                detail::shown_top(m, fate.task(seen), look, area, *scroll, th)
            }
        },
        _ => return None,
    };
    Some(u16::try_from(top).unwrap_or(u16::MAX))
}

/// Columns of a legend line: the help box's inside.
const LEGEND_WIDTH: usize = 68;

/// Every glyph of the board with its meaning, from the glyph table, group by
/// group, packed into lines of at most `width` columns.
pub fn legend(width: usize, th: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (group, entries) in th.glyphs.legend() {
        out.push(Line::from(""));
        out.push(Line::styled(format!("{group}:"), th.dim()));
        // The double-booking glyph in its colour, as the board draws it.
        let mut line: Vec<Span<'static>> = Vec::new();
        let mut w = 0;
        for (g, meaning) in entries {
            let item = format!(" {meaning}");
            let iw = 3 + super::text::width(&item);
            if !line.is_empty() && w + iw > width {
                out.push(Line::from(std::mem::take(&mut line)));
                w = 0;
            }
            let st = if g == th.glyphs.double {
                th.double()
            } else {
                Style::default()
            };
            line.push(Span::raw("  "));
            line.push(Span::styled(g.to_string(), st));
            line.push(Span::raw(item));
            w += iw;
        }
        out.push(Line::from(line));
    }
    out
}
