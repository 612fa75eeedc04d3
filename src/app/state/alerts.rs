//! The header's counts of double bookings, late work and work running
//! over, worked out once per change of the layout or of the clock's
//! minute (not per frame): the view reads them as they were prepared.

use chrono::{DateTime, Utc};

use super::staging::is_ghost;
use crate::kickserv::model::Task;
use crate::schedule::{DayLayout, Lane, Overdue, WeekLayout, WorkHours, lanes_of};

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

    fn lane(&self, at: usize) -> Option<Lane> {
        match self {
            Laid::Day(d) => d.columns.get(at).map(|c| c.lane),
            Laid::Week(w) => w.rows.get(at).map(|r| r.lane),
        }
    }

    fn position(&self, lane: Lane) -> Option<usize> {
        (0..self.lanes()).find(|&at| self.lane(at) == Some(lane))
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

/// Tasks in a double booking (a ghost is no task): read from the lanes'
/// lists of overlaps alone, each task once however many lanes list it.
/// A bit per task and no sorting: a staged key pays this on a week of
/// thousands of tasks.
pub fn doubles(laid: Laid, tasks: &[Task]) -> usize {
    let mut seen = vec![0u64; tasks.len().div_ceil(64)];
    let mut n = 0;
    for lane in 0..laid.lanes() {
        for &i in laid.doubles(lane) {
            let bit = 1u64 << (i % 64);
            if let (Some(word), Some(t)) = (seen.get_mut(i / 64), tasks.get(i))
                && *word & bit == 0
            {
                *word |= bit;
                n += usize::from(!is_ghost(t.id));
            }
        }
    }
    n
}

/// The double bookings that the lanes `only` list and no other lane does:
/// their share of [`doubles`]. A change re-lays those lanes alone, so the
/// whole count moves by this share's change, read before and after,
/// without a pass over every lane.
pub fn doubles_only_in(laid: Laid, tasks: &[Task], only: &[Lane]) -> usize {
    let mut listed: Vec<usize> = (0..laid.lanes())
        .filter(|&at| laid.lane(at).is_some_and(|l| only.contains(&l)))
        .flat_map(|at| laid.doubles(at).iter().copied())
        .collect();
    listed.sort_unstable();
    listed.dedup();
    let elsewhere = |i: usize, t: &Task| {
        lanes_of(t).into_iter().any(|l| {
            !only.contains(&l)
                && laid
                    .position(l)
                    .is_some_and(|at| laid.doubles(at).contains(&i))
        })
    };
    listed
        .into_iter()
        .filter(|&i| {
            tasks
                .get(i)
                .is_some_and(|t| !is_ghost(t.id) && !elsewhere(i, t))
        })
        .count()
}

/// Whether one shown task is (late, running over) now. Late: should have
/// started and has not; running over: in progress past its end; long
/// past either is "not closed", counted by neither.
pub fn lateness(t: &Task, now: DateTime<Utc>, work: &WorkHours) -> (bool, bool) {
    if is_ghost(t.id) {
        return (false, false);
    }
    // Either needs a start by now and an end within the longer threshold
    // before it: a cheap test of two timestamps keeps the rules' work to a
    // handful of tasks in a week of thousands.
    let at = now.timestamp();
    let reach = work.late.grace_min.max(work.late.not_closed_min).max(0) * 60;
    let Some(s) = t.starts_at.map(|s| s.timestamp()) else {
        return (false, false);
    };
    let e =
        t.ends_at.map_or(s, |e| e.timestamp()).max(s) + crate::schedule::DEFAULT_TASK_MINUTES * 60;
    if !(s <= at && e + reach > at) {
        return (false, false);
    }
    (
        work.overdue(t, now) == Some(Overdue::Late),
        work.running_over(t, now),
    )
}

/// The counts over the tasks the layout shows, worked out whole.
pub fn count(laid: Laid, tasks: &[Task], now: DateTime<Utc>, work: &WorkHours) -> Counts {
    let mut shown = vec![false; tasks.len()];
    for lane in 0..laid.lanes() {
        laid.mark_laid(lane, &mut shown);
    }
    let mut c = Counts {
        doubles: doubles(laid, tasks),
        late: 0,
        over: 0,
    };
    for (t, _) in tasks.iter().zip(&shown).filter(|(_, s)| **s) {
        let (late, over) = lateness(t, now, work);
        c.late += usize::from(late);
        c.over += usize::from(over);
    }
    c
}

impl Counts {
    /// After one task changed in place: its old share out, its new in,
    /// the double bookings read again.
    pub fn adjust(&mut self, old: (bool, bool), new: (bool, bool), doubles: usize) {
        self.late = (self.late + usize::from(new.0)).saturating_sub(usize::from(old.0));
        self.over = (self.over + usize::from(new.1)).saturating_sub(usize::from(old.1));
        self.doubles = doubles;
    }
}
