//! The header's counts of double bookings, late work and work running
//! over, worked out once per change of the layout or of the clock's
//! minute (not per frame): the view reads them as they were prepared.

use chrono::{DateTime, Utc};

use super::staging::is_ghost;
use crate::kickserv::model::Task;
use crate::schedule::{DayLayout, Overdue, WeekLayout, WorkHours};

/// What the header counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Tasks in a double booking (one employee, two tasks at once).
    pub doubles: usize,
    pub late: usize,
    pub over: usize,
}

/// The board's layout, as the counts read it.
#[derive(Clone, Copy)]
pub enum Laid<'a> {
    Day(&'a DayLayout),
    Week(&'a WeekLayout),
}

impl Laid<'_> {
    fn lanes(&self) -> usize {
        match self {
            Laid::Day(d) => d.columns.len(),
            Laid::Week(w) => w.rows.len(),
        }
    }

    fn doubles(&self, lane: usize) -> &[usize] {
        match self {
            Laid::Day(d) => d.columns.get(lane).map(|c| c.doubles.as_slice()),
            Laid::Week(w) => w.rows.get(lane).map(|r| r.doubles.as_slice()),
        }
        .unwrap_or(&[])
    }

    /// Marks each task laid out in `lane`.
    fn mark_laid(&self, lane: usize, seen: &mut [bool]) {
        match self {
            Laid::Day(d) => {
                if let Some(c) = d.columns.get(lane) {
                    for &i in c.blocks.iter().map(|b| &b.task).chain(&c.banner) {
                        set(seen, i);
                    }
                }
            }
            Laid::Week(w) => {
                if let Some(r) = w.rows.get(lane) {
                    for &i in r.cells.iter().flat_map(|c| &c.tasks) {
                        set(seen, i);
                    }
                }
            }
        }
    }
}

fn set(seen: &mut [bool], i: usize) {
    if let Some(s) = seen.get_mut(i) {
        *s = true;
    }
}

/// The set flags whose task is no ghost and passes `keep`. Linear, so a
/// week of thousands of tasks pays no sorting.
fn count_real(tasks: &[Task], seen: &[bool], keep: impl Fn(usize) -> bool) -> usize {
    seen.iter()
        .enumerate()
        .filter(|&(i, &s)| s && tasks.get(i).is_some_and(|t| !is_ghost(t.id)) && keep(i))
        .count()
}

/// The counts over the tasks the layout shows. Late: should have started
/// and has not; running over: in progress past its end; long past either
/// is "not closed", counted by neither.
pub fn count(laid: Laid, tasks: &[Task], now: DateTime<Utc>, work: &WorkHours) -> Counts {
    let mut doubled = vec![false; tasks.len()];
    let mut shown = vec![false; tasks.len()];
    for lane in 0..laid.lanes() {
        for &i in laid.doubles(lane) {
            set(&mut doubled, i);
        }
        laid.mark_laid(lane, &mut shown);
    }
    // Either needs a start by now and an end within the longer threshold
    // before it: a cheap test of two timestamps keeps the rules' work to a
    // handful of tasks in a week of thousands.
    let at = now.timestamp();
    let reach = work.late.grace_min.max(work.late.not_closed_min).max(0) * 60;
    let near = |i: usize| {
        let t = &tasks[i];
        let Some(s) = t.starts_at.map(|s| s.timestamp()) else {
            return false;
        };
        let e = t.ends_at.map_or(s, |e| e.timestamp()).max(s)
            + crate::schedule::DEFAULT_TASK_MINUTES * 60;
        s <= at && e + reach > at
    };
    Counts {
        doubles: count_real(tasks, &doubled, |_| true),
        late: count_real(tasks, &shown, |i| {
            near(i) && work.overdue(&tasks[i], now) == Some(Overdue::Late)
        }),
        over: count_real(tasks, &shown, |i| {
            near(i) && work.running_over(&tasks[i], now)
        }),
    }
}
