//! Moving about the board: the cursor, the lanes, the shown period.

use crate::app::dayplan::{self};
use crate::app::model::Model;
use crate::app::msg::Cmd;
use crate::app::period::show_period;
use crate::app::state::BoardView;
use crate::schedule::{Period, ViewKind};

/// Shows the day (as columns or a timeline) or the week of the cursor's day.
pub fn show_board(m: &mut Model, to: BoardView) -> Vec<Cmd> {
    let d = m.date_of(m.cursor.day);
    let p = match to {
        BoardView::Week => Period::week_containing(d, m.opts.week_start),
        BoardView::Day | BoardView::Timeline => Period::day(d),
    };
    let on = to == BoardView::Timeline;
    if p == m.period && m.timeline_on != on {
        // The same day in the other mode: nothing to fetch.
        m.timeline_on = on;
        m.relayout();
        return Vec::new();
    }
    m.timeline_on = on;
    show_period(m, p, Some(d))
}

pub fn select(m: &mut Model, lane: usize, day: usize, task: Option<i64>) {
    // The day grid follows the cursor again.
    m.day_scroll = None;
    m.cursor.lane = lane;
    m.cursor.day = day;
    m.cursor.task = task;
    if let Some(i) = task.and_then(|id| m.tasks.iter().position(|t| t.id == id)) {
        m.cursor.anchor = m.start_minute(i, day).max(0);
    }
    m.keep_lane_visible();
    m.dirty = true;
}

/// j/k: the next task in time; in the week view past the end of a cell to
/// the next employee's cell of the same day.
pub fn step(m: &mut Model, dir: isize) -> Vec<Cmd> {
    let (lane, day) = (m.cursor.lane, m.cursor.day);
    let items = m.items(lane, day);
    let pos = m
        .cursor
        .task
        .and_then(|id| items.iter().position(|&i| m.tasks[i].id == id));
    let next = match pos {
        Some(p) => p as isize + dir,
        None if dir > 0 => 0,
        None => items.len() as isize - 1,
    };
    if next >= 0 && (next as usize) < items.len() {
        let id = m.tasks[items[next as usize]].id;
        select(m, lane, day, Some(id));
    } else if m.view() == ViewKind::Week {
        let to = lane as isize + dir;
        if to >= 0 && (to as usize) < m.lanes.len() {
            let to = to as usize;
            let cell = m.items(to, day);
            let pick = if dir > 0 { cell.first() } else { cell.last() };
            let id = pick.map(|&i| m.tasks[i].id);
            select(m, to, day, id);
        }
    }
    Vec::new()
}

/// h/l: the neighbouring employee (day view) or day (week view), landing on
/// the task nearest in time.
pub fn sideways(m: &mut Model, dir: isize) -> Vec<Cmd> {
    match m.view() {
        ViewKind::Day => {
            let to = m.cursor.lane as isize + dir;
            if to >= 0 && (to as usize) < m.lanes.len() {
                let to = to as usize;
                let id = m.nearest(to, 0, m.cursor.anchor);
                let anchor = m.cursor.anchor;
                select(m, to, 0, id);
                m.cursor.anchor = anchor;
            }
        }
        ViewKind::Week => {
            let to = m.cursor.day as isize + dir;
            if to >= 0 && (to as usize) < m.days.len() {
                let to = to as usize;
                let id = m.nearest(m.cursor.lane, to, m.cursor.anchor);
                let anchor = m.cursor.anchor;
                select(m, m.cursor.lane, to, id);
                m.cursor.anchor = anchor;
            }
        }
    }
    Vec::new()
}

/// Lanes that scroll together: those shown, less a pinned one.
pub fn lane_page(m: &Model) -> usize {
    let shown = m.shown_lanes().len();
    shown
        .saturating_sub(usize::from(m.pinned() && shown > 1))
        .max(1)
}

/// PgUp/PgDn in the day view: a screen of hours earlier or later, the
/// cursor staying where it is (the next move brings it back in view).
pub fn scroll_hours(m: &mut Model, dir: i32) -> Vec<Cmd> {
    let p = dayplan::plan(m, dayplan::body(m.grid_size()));
    if let Some(ax) = p.axis {
        let page = (ax.rows - 1).max(1);
        let off = (ax.off + dir * page).clamp(0, ax.max_off().max(ax.off));
        if off != ax.off {
            m.day_scroll = Some(off);
            m.dirty = true;
        }
    }
    Vec::new()
}

pub fn jump_lanes(m: &mut Model, by: isize) -> Vec<Cmd> {
    if m.lanes.is_empty() {
        return Vec::new();
    }
    let to = (m.cursor.lane as isize + by).clamp(0, m.lanes.len() as isize - 1) as usize;
    let id = m.nearest(to, m.cursor.day, m.cursor.anchor);
    select(m, to, m.cursor.day, id);
    Vec::new()
}

pub fn end_of_cell(m: &mut Model, last: bool) -> Vec<Cmd> {
    let items = m.items(m.cursor.lane, m.cursor.day);
    let pick = if last { items.last() } else { items.first() };
    if let Some(&i) = pick {
        let id = m.tasks[i].id;
        select(m, m.cursor.lane, m.cursor.day, Some(id));
    }
    Vec::new()
}
