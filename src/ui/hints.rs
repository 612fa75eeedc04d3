//! The bottom line: the keys that matter here, from the live keymap; or a toast.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::{put, put_fit, text};
use crate::app::keymap::Action;
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

/// (keys, label) pairs in the order they matter for the current view.
pub fn hints(m: &Model) -> Vec<(String, &'static str)> {
    let km = &m.opts.keymap;
    let key = |a: Action| {
        km.keys_for(a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    let pair = |a: Action, b: Action| format!("{}/{}", key(a), key(b));
    let day = m.view() == ViewKind::Day;
    let mut v = vec![
        (pair(Action::MoveDown, Action::MoveUp), "task"),
        (
            pair(Action::MoveLeft, Action::MoveRight),
            if day { "employee" } else { "day" },
        ),
        (
            format!("{} {}", key(Action::PrevPeriod), key(Action::NextPeriod)),
            if day { "day" } else { "week" },
        ),
        (key(Action::Today), "today"),
        if day {
            (key(Action::WeekView), "week")
        } else {
            (key(Action::DayView), "day")
        },
    ];
    // Task keys only where the cursor is on a task.
    let on_task = m.selected().is_some();
    if on_task {
        v.push((key(Action::Detail), "detail"));
    }
    if on_task && !m.read_only() {
        v.push((key(Action::NotifyEmployee), "notify"));
        v.push((key(Action::NotifyOnTheWay), "on the way"));
    }
    if !m.marks.is_empty() {
        v.push((key(Action::NextChange), "changes"));
    }
    v.push((key(Action::GotoDate), "go to"));
    v.push((key(Action::Refresh), "refresh"));
    v.push((key(Action::Help), "help"));
    v.push((key(Action::Quit), "quit"));
    v.retain(|(k, _)| !k.is_empty() && k != "/");
    v
}
