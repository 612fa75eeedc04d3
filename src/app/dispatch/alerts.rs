//! What the board warns of, read from the layout: double bookings (one
//! employee, two tasks overlapping in time), late work and work running
//! over its end. Queries only; the layout computes the overlaps per lane.

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

/// One flag per task: `mark` set it for some lane. Linear, so a frame of
/// thousands of tasks pays no sorting for its header.
fn flags(m: &Model, mut mark: impl FnMut(&mut Vec<bool>, usize)) -> Vec<bool> {
    let mut seen = vec![false; m.tasks.len()];
    for lane in 0..lane_count(m) {
        mark(&mut seen, lane);
    }
    seen
}

fn set(seen: &mut [bool], i: usize) {
    if let Some(s) = seen.get_mut(i) {
        *s = true;
    }
}

/// Tasks in a double booking on the board (a ghost is no task).
pub fn double_count(m: &Model) -> usize {
    let seen = flags(m, |seen, lane| {
        for &i in lane_doubles(m, lane) {
            set(seen, i);
        }
    });
    count_real(m, &seen, |_| true)
}

/// The set flags whose task is no ghost and passes `keep`.
fn count_real(m: &Model, seen: &[bool], keep: impl Fn(usize) -> bool) -> usize {
    seen.iter()
        .enumerate()
        .filter(|&(i, &s)| s && m.tasks.get(i).is_some_and(|t| !is_ghost(t.id)) && keep(i))
        .count()
}

/// (late, running over) among the tasks the board lays out now, by the
/// board's rules: late, should have started and has not; running over,
/// in progress past its end. Long past either is "not closed", counted
/// by neither.
pub fn late_counts(m: &Model) -> (usize, usize) {
    let work = &m.opts.work;
    // Either needs a start by now and an end within the longer threshold
    // before it: a cheap test of two timestamps keeps the rules' work to a
    // handful of tasks in a week of thousands.
    let now = m.now.timestamp();
    let reach = work.late.grace_min.max(work.late.not_closed_min).max(0) * 60;
    let near = |i: usize| {
        let t = &m.tasks[i];
        let Some(s) = t.starts_at.map(|s| s.timestamp()) else {
            return false;
        };
        let e = t.ends_at.map_or(s, |e| e.timestamp()).max(s)
            + crate::schedule::DEFAULT_TASK_MINUTES * 60;
        s <= now && e + reach > now
    };
    let (mut late, mut over) = (0, 0);
    for i in m.shown_indexes() {
        let t = &m.tasks[i];
        if is_ghost(t.id) || !near(i) {
            continue;
        }
        late += usize::from(work.overdue(t, m.now) == Some(crate::schedule::Overdue::Late));
        over += usize::from(work.running_over(t, m.now));
    }
    (late, over)
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
