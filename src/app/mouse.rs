//! The mouse: the wheel, a click that selects, a double click that opens.

use chrono::{DateTime, Utc};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::dayplan::{self, Hit};
use super::keymap::Action;
use super::keys::board::act;
use super::modal::Seen;
use super::model::{Model, Overlay};
use super::msg::Cmd;
use super::navigate::select;
use super::timeplan;

/// Longest gap between the two clicks of a double click.
const DOUBLE_CLICK_MS: i64 = 500;

pub fn on_mouse(m: &mut Model, e: MouseEvent, at: DateTime<Utc>) -> Vec<Cmd> {
    m.last_input = m.now;
    if !m.modals.is_empty() {
        // The detail beside the grid leaves the grid to the mouse.
        if m.modals.len() == 1 && m.pane_width().is_some() {
            pane_mouse(m, e);
        }
        return Vec::new();
    }
    match e.kind {
        MouseEventKind::ScrollDown => act(m, Action::MoveDown),
        MouseEventKind::ScrollUp => act(m, Action::MoveUp),
        MouseEventKind::Down(MouseButton::Left) => click(m, e.column, e.row, at),
        _ => Vec::new(),
    }
}

/// The mouse with the detail beside the grid: the wheel scrolls the
/// detail; a click on the grid selects, and the detail shows the task
/// clicked.
fn pane_mouse(m: &mut Model, e: MouseEvent) {
    let Some(Overlay::Detail { scroll, .. }) = m.modals.last_mut() else {
        return;
    };
    match e.kind {
        MouseEventKind::ScrollDown => *scroll = scroll.saturating_add(1),
        MouseEventKind::ScrollUp => *scroll = scroll.saturating_sub(1),
        MouseEventKind::Down(MouseButton::Left) if e.column < m.grid_size().0 => {
            let raw = matches!(m.top(), Some(Overlay::Detail { raw: true, .. }));
            let clicked = select_at(m, e.column, e.row);
            if let Some(seen) = m
                .cursor
                .task
                .filter(|_| clicked)
                .and_then(|id| Seen::of(m, id))
                && let Some(top) = m.modals.last_mut()
            {
                *top = Overlay::Detail {
                    task_id: seen.task_id(),
                    scroll: 0,
                    seen,
                    raw,
                };
            }
        }
        _ => return,
    }
    m.dirty = true;
}

/// A click selects what it lands on (a task, or an employee by its
/// header); a second click on the same cell soon after opens the task.
fn click(m: &mut Model, x: u16, y: u16, at: DateTime<Utc>) -> Vec<Cmd> {
    let double = m.last_click.is_some_and(|(px, py, t)| {
        (px, py) == (x, y) && (0..=DOUBLE_CLICK_MS).contains(&(at - t).num_milliseconds())
    });
    m.last_click = if double { None } else { Some((x, y, at)) };
    if select_at(m, x, y) && double {
        return act(m, Action::Detail);
    }
    Vec::new()
}

/// Selects what (x, y) of the grid lands on; true when it is a task.
fn select_at(m: &mut Model, x: u16, y: u16) -> bool {
    if m.timeline.is_some() {
        let Some((lane, bar)) = timeplan::hit(m, x, y) else {
            return false;
        };
        let id = bar.and_then(|b| {
            let t = m.timeline.as_ref()?;
            Some(m.tasks[t.rows.get(lane)?.bars.get(b)?.task].id)
        });
        select(m, lane, 0, id);
        return id.is_some();
    }
    match dayplan::hit(m, x, y) {
        Some(Hit::Task { lane, day, id }) => {
            select(m, lane, day, Some(id));
            return true;
        }
        Some(Hit::Lane { lane }) => select(m, lane, m.cursor.day, None),
        Some(Hit::Cell { lane, day }) => {
            let id = m.nearest(lane, day, m.cursor.anchor);
            let anchor = m.cursor.anchor;
            select(m, lane, day, id);
            m.cursor.anchor = anchor;
        }
        None => {}
    }
    false
}
