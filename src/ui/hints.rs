//! The bottom line: the keys that matter here, from the live keymap of the
//! context on top; or a toast.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::overlay::NOT_YET;
use super::theme::Theme;
use super::{put, put_fit, text};
use crate::app::keymap::{Action, Context, KeySpec, show_seq};
use crate::app::model::Model;
use crate::schedule::ViewKind;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    // Help and quit are always there, at the right; the rest (or a toast)
    // takes what is left, the least needed hints dropping first.
    let all = hints(m);
    let (tail, rest): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|(_, label)| matches!(*label, "help" | "quit"));
    let need = |keys: &str, label: &str| (text::width(keys) + text::width(label) + 3) as u16;
    let tail_w: u16 = tail.iter().map(|(k, l)| need(k, l)).sum();
    let end = area.right().saturating_sub(tail_w).max(area.x + 1);
    let mut x = area.x + 1;
    if let Some((text, error)) = super::moving::summary(m).filter(|_| m.toast.is_none()) {
        let st = if error { th.error() } else { th.title() };
        x += put(
            buf,
            x,
            area.y,
            &format!("{text}  "),
            end.saturating_sub(x + 1),
            st,
        );
    }
    if let Some(t) = &m.toast {
        let st = if t.error { th.error() } else { th.ok() };
        put_fit(buf, x, area.y, &t.text, end.saturating_sub(x + 1), st);
    } else {
        for (keys, label) in rest {
            let w = need(&keys, label);
            if x + w > end {
                break;
            }
            x += put(buf, x, area.y, &keys, w, th.key());
            x += put(buf, x, area.y, &format!(" {label}  "), w, th.dim());
        }
    }
    let mut x = end;
    for (keys, label) in tail {
        let w = need(&keys, label);
        x += put(buf, x, area.y, &keys, w, th.key());
        x += put(buf, x, area.y, &format!(" {label}  "), w, th.dim());
    }
}

/// (keys, label) pairs in the order they matter here: a started key
/// sequence and what may follow it; else the keys of the context on top,
/// from the action table.
pub fn hints(m: &Model) -> Vec<(String, &'static str)> {
    let ctx = m.key_context();
    let typed = m.keys.pending(ctx);
    if !typed.is_empty() {
        return pending(m, ctx, typed);
    }
    match ctx {
        Context::Board => board(m),
        Context::Move => super::moving::hints(m),
        Context::Late => super::late::hints(m),
        ctx => m
            .opts
            .keymap
            .hints_in(ctx, m.read_only(), |a| !NOT_YET.contains(&a)),
    }
}

/// `g… then  g first  d go to`: the prefix typed and each way to go on.
fn pending(m: &Model, ctx: Context, typed: &[KeySpec]) -> Vec<(String, &'static str)> {
    let mut v = vec![(format!("{}…", show_seq(typed)), "then")];
    for (rest, a) in m.opts.keymap.continuations(ctx, typed) {
        if m.read_only() && a.is_mutating() {
            continue;
        }
        let label = match a.hint_in(ctx) {
            "" => a.name(),
            l => l,
        };
        v.push((rest, label));
    }
    v
}

/// The board's bar: what applies where the cursor is. The pairs read by
/// the view (`h/l employee` in a day, `h/l day` in a week); the rest is
/// each action's label from the table.
fn board(m: &Model) -> Vec<(String, &'static str)> {
    let km = &m.opts.keymap;
    let key = |a: Action| {
        km.bindings(Context::Board, a)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let pair = |a: Action, b: Action| format!("{}/{}", key(a), key(b));
    let day = m.view() == ViewKind::Day;
    // The timeline turns the day: employees down, tasks across.
    let across = m.timeline.is_some();
    let mut v = vec![
        (
            pair(Action::MoveDown, Action::MoveUp),
            if across { "employee" } else { "task" },
        ),
        (
            pair(Action::MoveLeft, Action::MoveRight),
            if across {
                "task"
            } else if day {
                "employee"
            } else {
                "day"
            },
        ),
        (
            format!("{} {}", key(Action::PrevPeriod), key(Action::NextPeriod)),
            if day { "day" } else { "week" },
        ),
    ];
    // With a text filter applied its keys come first (Esc drops it, below).
    let filtered = m.text_filter.active();
    let mut singles = if filtered {
        vec![Action::NextMatch, Action::FilterHides]
    } else {
        Vec::new()
    };
    singles.extend([
        Action::Today,
        if day {
            Action::WeekView
        } else {
            Action::DayView
        },
    ]);
    // Task keys only where the cursor is on a task.
    if m.selected().is_some() {
        singles.extend([
            Action::Detail,
            Action::NotifyEmployee,
            Action::NotifyOnTheWay,
        ]);
    }
    if !m.marks.is_empty() {
        singles.push(Action::NextChange);
    }
    singles.extend([
        Action::GotoDate,
        Action::Refresh,
        Action::Help,
        Action::Quit,
    ]);
    v.extend(
        singles
            .into_iter()
            .filter(|a| !(a.is_mutating() && m.read_only()))
            .map(|a| (key(a), a.hint_in(Context::Board))),
    );
    if filtered {
        v.insert(3, (key(Action::Close), "clear filter"));
    }
    v.retain(|(k, _)| !k.is_empty() && k != "/");
    v
}
