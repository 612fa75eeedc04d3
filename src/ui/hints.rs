//! The bottom line: the keys that matter here, from the live keymap; or a toast.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::put;
use super::theme::Theme;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::schedule::ViewKind;

pub fn draw(m: &Model, buf: &mut Buffer, area: Rect, th: Theme) {
    if let Some(t) = &m.toast {
        let st = if t.error { th.error() } else { th.ok() };
        put(
            buf,
            area.x + 1,
            area.y,
            &t.text,
            area.width.saturating_sub(2),
            st,
        );
        return;
    }
    let mut x = area.x + 1;
    for (keys, label) in hints(m) {
        let need = (super::text::width(&keys) + super::text::width(label) + 3) as u16;
        if x + need > area.right() {
            break;
        }
        x += put(buf, x, area.y, &keys, need, th.key());
        x += put(buf, x, area.y, &format!(" {label}  "), need, th.dim());
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
    v.push((key(Action::GotoDate), "go to"));
    v.push((key(Action::Refresh), "refresh"));
    v.push((key(Action::Help), "help"));
    v.push((key(Action::Quit), "quit"));
    v.retain(|(k, _)| !k.is_empty() && k != "/");
    v
}
