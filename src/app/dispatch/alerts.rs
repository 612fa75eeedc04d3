//! What the board warns of, read from the layout: double bookings (one
//! employee, two tasks overlapping in time), late work and work running
//! over its end. Queries only; the layout computes the overlaps per lane,
//! and the model the header's counts with it (`state::alerts`).

use crate::app::model::{Layout, Model};
use crate::app::state::staging::is_ghost;

/// The double-booked task indexes (sorted) of the lane at `lane` (an
/// index into `Model::lanes` and the layout's columns or rows).
pub fn lane_doubles(m: &Model, lane: usize) -> &[usize] {
    match &m.layout {
        Layout::Day(d) => d.columns.get(lane).map(|c| c.doubles.as_slice()),
        Layout::Week(w) => w.rows.get(lane).map(|r| r.doubles.as_slice()),
    }
    .unwrap_or(&[])
}

/// Whether the task at `index` overlaps another task of the lane's employee.
pub fn is_double(m: &Model, lane: usize, index: usize) -> bool {
    lane_doubles(m, lane).binary_search(&index).is_ok()
}

/// How many lanes the layout has.
fn lane_count(m: &Model) -> usize {
    match &m.layout {
        Layout::Day(d) => d.columns.len(),
        Layout::Week(w) => w.rows.len(),
    }
}

/// Tasks in a double booking on the board (a ghost is no task), as
/// prepared with the layout.
pub fn double_count(m: &Model) -> usize {
    m.alert_counts().doubles
}

/// (late, running over) among the tasks the board lays out, by the
/// board's rules, as prepared with the layout and the clock's minute
/// (see `state::alerts`).
pub fn late_counts(m: &Model) -> (usize, usize) {
    let c = m.alert_counts();
    (c.late, c.over)
}

/// The tasks the staged task would overlap, each with the employees the
/// two share: "Gutter (Ben)". Empty without a stage or a collision.
pub fn stage_collisions(m: &Model) -> Vec<String> {
    let Some(st) = m.local.shown_stage() else {
        return Vec::new();
    };
    let Some(i) = m.tasks.iter().position(|t| t.id == st.task_id) else {
        return Vec::new();
    };
    let (Some(s), Some(e)) = (st.staged.starts_at, st.staged.ends_at) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for lane in (0..lane_count(m)).filter(|&l| is_double(m, l, i)) {
        for &j in lane_doubles(m, lane).iter().filter(|&&j| j != i) {
            let Some(o) = m.tasks.get(j).filter(|t| !is_ghost(t.id)) else {
                continue;
            };
            let overlaps =
                o.starts_at.is_some_and(|os| os < e) && o.ends_at.is_some_and(|oe| oe > s);
            let shared: Vec<String> = o
                .employees
                .iter()
                .filter(|x| st.staged.employees.iter().any(|y| y.id == x.id))
                .map(|x| x.display_name())
                .collect();
            if overlaps && !shared.is_empty() {
                out.push(format!("{} ({})", o.title(), shared.join(", ")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
