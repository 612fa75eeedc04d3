//! The text filter (`/`): its query and stepping through its matches.

use crate::app::model::Model;
use crate::app::msg::Cmd;
use crate::app::notice::toast;

/// Sets the text filter's query and shows what it keeps.
pub fn set_filter(m: &mut Model, query: &str) {
    if m.text_filter.query == query {
        return;
    }
    m.text_filter.query = query.to_string();
    if m.text_filter.hide {
        m.relayout();
    } else {
        m.refilter();
    }
    m.dirty = true;
}

/// Tab / Shift-Tab: the next (previous) task the filter matches that is
/// shown, in rank order, round to the first.
pub fn step_match(m: &mut Model, dir: isize) -> Vec<Cmd> {
    if !m.text_filter.active() {
        toast(m, "no text filter (/ sets one)".to_string(), false);
        return Vec::new();
    }
    let ranked = m.text_filter.ranked.clone();
    let n = ranked.len() as isize;
    if n == 0 {
        toast(m, "no task matches".to_string(), false);
        return Vec::new();
    }
    let at = m
        .cursor
        .task
        .and_then(|id| ranked.iter().position(|&r| r == id))
        .map(|p| p as isize);
    for i in 1..=n {
        let next = match at {
            Some(p) => (p + dir * i).rem_euclid(n),
            None if dir > 0 => i - 1,
            None => n - i,
        };
        if m.focus_task(ranked[next as usize]) {
            m.day_scroll = None;
            return Vec::new();
        }
    }
    Vec::new()
}
