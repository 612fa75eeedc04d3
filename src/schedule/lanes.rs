//! Bucketing tasks by lane and day once, shared by the day and week layouts.

use chrono::{Days, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::sync::Arc;

use super::span::Span;
use super::tz::{day_start, local_instant};
use crate::kickserv::model::Task;

/// Which column (day view) or row (week view) a task belongs to.
/// Employee lanes are keyed by the employee's global id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    Employee(i64),
    Unassigned,
}

/// The working day the load bars measure against, and what they leave out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WorkHours {
    pub start: NaiveTime,
    /// When not after `start`, the working day runs past midnight.
    pub end: NaiveTime,
    /// The account's own statuses (wire spelling) that mean the work is over, like
    /// canceled and lost: such tasks are shown but their hours are not booked.
    pub finished: Arc<[String]>,
    /// When an open task reads late, and when "not closed".
    pub late: super::span::Lateness,
}

impl WorkHours {
    /// Whether a task is late or not closed at `now`, by these rules.
    pub fn overdue(
        &self,
        task: &Task,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<super::span::Overdue> {
        super::span::overdue(task, now, &self.late, &self.finished)
    }

    /// Whether a task in progress runs past its end at `now`, by these rules.
    pub fn running_over(&self, task: &Task, now: chrono::DateTime<chrono::Utc>) -> bool {
        super::span::running_over(task, now, &self.late)
    }

    /// Whether a task's hours count as booked.
    pub fn books(&self, task: &Task) -> bool {
        match task.effective_status() {
            Some(s) => !s.is_called_off() && !self.finished.iter().any(|f| f == s.as_str()),
            None => true,
        }
    }
}

impl Default for WorkHours {
    fn default() -> Self {
        WorkHours {
            start: NaiveTime::from_hms_opt(7, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(19, 0, 0).unwrap_or(NaiveTime::MIN),
            finished: Arc::from(Vec::new()),
            late: Default::default(),
        }
    }
}

/// One local day as instants (whole seconds since the epoch).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DayBounds {
    pub start: i64,
    pub end: i64,
    pub work_start: i64,
    pub work_end: i64,
}

impl DayBounds {
    pub fn new(tz: Tz, date: NaiveDate, hours: &WorkHours) -> DayBounds {
        let next = date.checked_add_days(Days::new(1));
        let start = day_start(tz, date).timestamp();
        let end = next.map_or(start + 86_400, |n| day_start(tz, n).timestamp());
        let work_start = local_instant(tz, date, hours.start).timestamp();
        let work_end = if hours.end > hours.start {
            local_instant(tz, date, hours.end).timestamp()
        } else {
            next.map_or(work_start, |n| local_instant(tz, n, hours.end).timestamp())
        };
        DayBounds {
            start,
            end,
            work_start,
            work_end,
        }
    }

    /// Seconds of `span` booked on this day: its time within the day for a timed task,
    /// its time within the working hours for a banner, and all the working hours for an
    /// all-day task (it takes the whole day whatever its clock times say); none for work
    /// called off.
    pub fn booked_secs(&self, span: &Span) -> i64 {
        if !span.booked {
            0
        } else if span.all_day {
            (self.work_end - self.work_start).max(0)
        } else if span.banner {
            span.overlap(self.work_start, self.work_end)
        } else {
            span.overlap(self.start, self.end)
        }
    }
}

/// Task indexes per lane and day, each list sorted by start then id.
pub(crate) struct Buckets<'a> {
    pub spans: Cow<'a, [Option<Span>]>,
    pub lanes: Vec<Lane>,
    /// `cells[lane][day]`.
    pub cells: Vec<Vec<Vec<usize>>>,
}

/// Employee id → lane position: a small open-addressing table, since this lookup runs for
/// every employee of every task on every layout.
struct LaneIndex {
    slots: Vec<(i64, usize)>,
    shift: u32,
}

impl LaneIndex {
    const EMPTY: usize = usize::MAX;

    fn new(ids: &[(i64, usize)]) -> LaneIndex {
        let bits = (ids.len() * 2).max(8).next_power_of_two().trailing_zeros();
        let mut index = LaneIndex {
            slots: vec![(0, Self::EMPTY); 1 << bits],
            shift: 64 - bits,
        };
        for &(id, lane) in ids {
            let mut h = index.home(id);
            while index.slots[h].1 != Self::EMPTY {
                h = (h + 1) & (index.slots.len() - 1);
            }
            index.slots[h] = (id, lane);
        }
        index
    }

    fn home(&self, id: i64) -> usize {
        // Fibonacci hashing: ids are often consecutive, the multiply spreads them.
        ((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn get(&self, id: i64) -> Option<usize> {
        let mut h = self.home(id);
        loop {
            let (k, lane) = self.slots[h];
            if lane == Self::EMPTY {
                return None;
            }
            if k == id {
                return Some(lane);
            }
            h = (h + 1) & (self.slots.len() - 1);
        }
    }
}

/// Which tasks a layout shows: the board's filters (an employee, a text). A
/// task it refuses appears nowhere.
pub type TaskFilter<'a> = &'a dyn Fn(&Task) -> bool;

/// The filter that shows everything.
pub fn show_all(_: &Task) -> bool {
    true
}

/// What a day or week layout is made of, besides its dates: the tasks, the
/// lanes to show (and whether an Unassigned one may join them), the zone
/// and working hours, the tasks to keep, and what was prepared of them.
#[derive(Clone, Copy)]
pub struct LayoutInput<'a> {
    pub tasks: &'a [Task],
    pub lanes: &'a [i64],
    pub include_unassigned: bool,
    pub tz: Tz,
    pub hours: &'a WorkHours,
    pub keep: TaskFilter<'a>,
    pub pre: Option<&'a Prepared>,
}

impl<'a> LayoutInput<'a> {
    /// Every task kept, nothing prepared.
    pub fn new(
        tasks: &'a [Task],
        lanes: &'a [i64],
        include_unassigned: bool,
        tz: Tz,
        hours: &'a WorkHours,
    ) -> LayoutInput<'a> {
        LayoutInput {
            tasks,
            lanes,
            include_unassigned,
            tz,
            hours,
            keep: &show_all,
            pre: None,
        }
    }
}

thread_local! {
    static LANES_LAID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Lanes laid out so far on this thread (day columns and week rows): what a
/// re-layout costs, counted rather than timed.
pub fn lanes_laid() -> u64 {
    LANES_LAID.with(|c| c.get())
}

pub(crate) fn count_lanes(n: usize) {
    LANES_LAID.with(|c| c.set(c.get().saturating_add(n as u64)));
}

/// The lanes a task belongs in, whatever is shown: its employees', or
/// Unassigned.
pub fn lanes_of(task: &Task) -> Vec<Lane> {
    if task.employees.is_empty() {
        return vec![Lane::Unassigned];
    }
    let mut out: Vec<Lane> = Vec::with_capacity(task.employees.len());
    for e in &task.employees {
        if !out.contains(&Lane::Employee(e.id)) {
            out.push(Lane::Employee(e.id));
        }
    }
    out
}

/// What every layout reads of one list of tasks, worked out once for the
/// list: each task's span, and the tasks in the order cells list them (by
/// start, then id). A layout over it reads the spans instead of the task
/// records and needs no sorting, which is what makes re-laying the whole
/// board for each keystroke of the text filter cheap.
#[derive(Debug, Default)]
pub struct Prepared {
    spans: Vec<Option<Span>>,
    order: Vec<u32>,
}

impl Prepared {
    pub fn new(tasks: &[Task], hours: &WorkHours) -> Prepared {
        let spans: Vec<Option<Span>> = tasks.iter().map(|t| span_of(t, hours)).collect();
        let mut order: Vec<u32> = (0..spans.len())
            .filter(|&i| spans[i].is_some())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        order.sort_unstable_by_key(|&i| (spans[i as usize].map_or((0, 0), |s| s.key()), i));
        Prepared { spans, order }
    }

    /// Whether this was worked out for a list of `n` tasks.
    fn fits(&self, n: usize) -> bool {
        self.spans.len() == n
    }
}

/// A task's span, booked or not by `hours`.
fn span_of(task: &Task, hours: &WorkHours) -> Option<Span> {
    Span::of(task).map(|s| Span {
        booked: hours.books(task),
        ..s
    })
}

/// One pass over the tasks (or only those at `only`, for re-laying a few
/// lanes): each task `keep` accepts goes to the lanes of its shown employees
/// (or Unassigned) for each day it touches. The Unassigned lane is kept only
/// when it received a task. Spans exist only for the tasks looked at.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bucket<'a>(
    tasks: &[Task],
    pre: Option<&'a Prepared>,
    only: Option<&[usize]>,
    keep: TaskFilter,
    lanes: &[i64],
    include_unassigned: bool,
    days: &[DayBounds],
    hours: &WorkHours,
) -> Buckets<'a> {
    let mut lane_list: Vec<Lane> = Vec::with_capacity(lanes.len() + 1);
    let mut ids: Vec<(i64, usize)> = Vec::with_capacity(lanes.len());
    for &id in lanes {
        if !ids.iter().any(|&(k, _)| k == id) {
            ids.push((id, lane_list.len()));
            lane_list.push(Lane::Employee(id));
        }
    }
    let index = LaneIndex::new(&ids);
    let unassigned = lane_list.len();
    lane_list.push(Lane::Unassigned);

    let n_days = days.len();
    let (from, to) = match (days.first(), days.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => (0, 0),
    };
    // In `pre`'s order, the cells fill already sorted.
    let pre = pre.filter(|p| only.is_none() && p.fits(tasks.len()));
    let mut spans: Cow<'a, [Option<Span>]> = match pre {
        Some(p) => Cow::Borrowed(&p.spans),
        None => Cow::Owned(vec![None; tasks.len()]),
    };
    let looked_at = only.map_or(tasks.len(), <[usize]>::len);
    // (cell, task) pairs first, so that every cell is allocated once at its final size.
    let mut hits: Vec<(usize, usize)> = Vec::with_capacity(looked_at);
    let mut counts: Vec<usize> = vec![0; lane_list.len() * n_days];
    let mut targets: Vec<usize> = Vec::new();
    let all = 0..tasks.len();
    let indices: &mut dyn Iterator<Item = usize> = match (only, pre) {
        (Some(ix), _) => &mut ix.iter().copied().filter(|&i| i < tasks.len()),
        (None, Some(p)) => &mut p.order.iter().map(|&i| i as usize),
        (None, None) => &mut all.into_iter(),
    };

    // A single pass over the (large) task records; later passes use the compact spans.
    for i in indices {
        let task = &tasks[i];
        if !keep(task) {
            continue;
        }
        let span = match pre {
            Some(p) => p.spans[i],
            None => {
                let span = span_of(task, hours);
                if let Cow::Owned(v) = &mut spans {
                    v[i] = span;
                }
                span
            }
        };
        let Some(span) = span else { continue };
        if n_days == 0 || !span.touches(from, to) {
            continue;
        }
        targets.clear();
        if task.employees.is_empty() {
            if include_unassigned {
                targets.push(unassigned);
            }
        } else {
            for e in &task.employees {
                if let Some(l) = index.get(e.id)
                    && !targets.contains(&l)
                {
                    targets.push(l);
                }
            }
        }
        if targets.is_empty() {
            continue;
        }
        // Day starts never decrease (a skipped date is an empty day), so the days a span
        // touches begin at the first day ending after its start.
        let first = days.partition_point(|d| d.end <= span.start);
        for (d, day) in days.iter().enumerate().skip(first) {
            if day.start > span.start && day.start >= span.end {
                break;
            }
            if span.touches(day.start, day.end) {
                for &l in &targets {
                    let cell = l * n_days + d;
                    hits.push((cell, i));
                    counts[cell] += 1;
                }
            }
        }
    }

    let mut flat: Vec<Vec<usize>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
    for &(cell, i) in &hits {
        flat[cell].push(i);
    }
    if pre.is_none() {
        let key = |i: usize| spans[i].map_or((0, 0), |s| s.key());
        for cell in &mut flat {
            cell.sort_unstable_by_key(|&i| (key(i), i));
        }
    }
    let mut flat = flat.into_iter();
    let mut cells: Vec<Vec<Vec<usize>>> = lane_list
        .iter()
        .map(|_| flat.by_ref().take(n_days).collect())
        .collect();
    if cells[unassigned].iter().all(Vec::is_empty) {
        cells.pop();
        lane_list.pop();
    }
    Buckets {
        spans,
        lanes: lane_list,
        cells,
    }
}
