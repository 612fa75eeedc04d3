//! Free time per employee and day, read from the day's layout: the
//! stretches of the working hours no booked task of the lane covers, the
//! largest of them, and where a task of a given length fits next.

use crate::app::model::{Layout, Model};
use crate::app::state::staging::is_ghost;
use crate::schedule::gaps::{self, Stretch};
use crate::schedule::{Lane, task_interval};

/// The free stretches of the lane at `lane` on the shown day from now on,
/// leaving out
/// the task `skip` (the one being placed). None in the week view and for
/// the Unassigned lane, which is nobody's time.
pub fn lane_gaps(m: &Model, lane: usize, skip: Option<i64>) -> Option<Vec<Stretch>> {
    let Layout::Day(d) = &m.layout else {
        return None;
    };
    if !matches!(m.lanes.get(lane).map(|l| l.0), Some(Lane::Employee(_))) {
        return None;
    }
    let col = d.columns.get(lane)?;
    let work = &m.opts.work;
    // All-day and multi-day work (the banner) fills the day as well.
    let busy: Vec<Stretch> = col
        .blocks
        .iter()
        .map(|b| b.task)
        .chain(col.banner.iter().copied())
        .filter_map(|i| m.tasks.get(i))
        .filter(|t| !is_ghost(t.id) && Some(t.id) != skip && work.books(t))
        .filter_map(task_interval)
        .collect();
    // What is past is no room for new work: today's gaps start at the
    // next step from now (so the label changes four times an hour, not
    // every minute).
    let (from, to) = gaps::work_bounds(m.tz(), d.date, work);
    let step = m.move_step().max(1) * 60;
    let next = m.now.timestamp().div_euclid(step) * step
        + if m.now.timestamp().rem_euclid(step) == 0 {
            0
        } else {
            step
        };
    let soon = chrono::DateTime::from_timestamp(next, 0).unwrap_or(m.now);
    Some(gaps::free((from.max(soon).min(to), to), &busy))
}

/// The largest free stretch of the lane's working day.
pub fn largest_gap(m: &Model, lane: usize) -> Option<Stretch> {
    gaps::largest(&lane_gaps(m, lane, None)?)
}
