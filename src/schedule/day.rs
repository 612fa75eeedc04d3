//! The day view: one column per lane, timed blocks in minutes since the day start.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::lanes::{DayBounds, Lane, LayoutInput, TaskFilter, WorkHours, bucket, count_lanes};
use super::span::{Span, ZERO_TASK_VISIBLE_MINUTES};
use crate::kickserv::model::Task;

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Index into the tasks slice given to [`layout_day`].
    pub task: usize,
    /// Minutes since the day start ([`super::day_start`]), within `[0, day_minutes]`.
    pub start_min: i32,
    /// Always after `start_min`: a zero-length task is shown 15 minutes long, and one
    /// without an end lasts an hour.
    pub end_min: i32,
    /// The task began before this day.
    pub clipped_start: bool,
    /// The task goes on after this day.
    pub clipped_end: bool,
    /// Side-by-side sub-column within its overlap cluster.
    pub sub: u16,
    /// Number of sub-columns of that cluster (≥ 1).
    pub subs: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DayColumn {
    pub lane: Lane,
    /// Sorted by start, then end, then task id.
    pub blocks: Vec<Block>,
    /// This lane's banner tasks, by start then id.
    pub banner: Vec<usize>,
    pub booked_min: i64,
    /// Its tasks that overlap another of its tasks (double bookings), sorted.
    pub doubles: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DayLayout {
    pub date: NaiveDate,
    pub day_minutes: i64,
    pub columns: Vec<DayColumn>,
    /// The banner tasks of all columns, deduplicated, by start then id.
    pub banner: Vec<usize>,
}

/// Lays out one local day.
///
/// `lanes`: the employee columns to show, in order. An Unassigned column is appended when
/// `include_unassigned` and at least one task of the day has no employees. A task with several
/// employees appears in each of their columns that is shown; a task none of whose employees is
/// shown appears nowhere (that is a filter). Tasks without `starts_at` are ignored.
pub fn layout_day(
    tasks: &[Task],
    lanes: &[i64],
    include_unassigned: bool,
    date: NaiveDate,
    tz: Tz,
    hours: &WorkHours,
) -> DayLayout {
    layout_day_with(
        &LayoutInput::new(tasks, lanes, include_unassigned, tz, hours),
        date,
    )
}

/// [`layout_day`] of the tasks `input.keep` accepts, with what was prepared.
pub fn layout_day_with(input: &LayoutInput, date: NaiveDate) -> DayLayout {
    let LayoutInput {
        tasks,
        lanes,
        include_unassigned,
        tz,
        hours,
        keep,
        pre,
    } = *input;
    let day = DayBounds::new(tz, date, hours);
    let day_minutes = (day.end - day.start) / 60;
    let buckets = bucket(
        tasks,
        pre,
        None,
        keep,
        lanes,
        include_unassigned,
        std::slice::from_ref(&day),
        hours,
    );
    let spans = &buckets.spans;
    let columns: Vec<DayColumn> = buckets
        .lanes
        .iter()
        .zip(&buckets.cells)
        .map(|(&lane, cells)| column(lane, cells.iter().flatten(), spans, &day, day_minutes))
        .collect();
    count_lanes(columns.len());
    let mut layout = DayLayout {
        date,
        day_minutes,
        columns,
        banner: Vec::new(),
    };
    layout.banner = banner_of(&layout.columns, spans);
    layout
}

/// Re-lays out the columns of `lanes` after the task at `changed` changed (or
/// was added at that index), leaving the other columns as they are: the cost
/// of about one lane each. `lanes` are the task's lanes before and after.
/// False when the change needs a whole layout instead (a column would
/// appear or vanish).
#[allow(clippy::too_many_arguments)]
pub fn relayout_day_lanes(
    layout: &mut DayLayout,
    tasks: &[Task],
    changed: usize,
    lanes: &[Lane],
    tz: Tz,
    hours: &WorkHours,
    keep: TaskFilter,
) -> bool {
    let day = DayBounds::new(tz, layout.date, hours);
    let mut touched = Vec::new();
    for &lane in lanes {
        if touched.contains(&lane) {
            continue;
        }
        touched.push(lane);
        // A lane not shown (an unknown employee, the Unassigned column
        // appearing) needs a whole layout.
        let Some(pos) = layout.columns.iter().position(|c| c.lane == lane) else {
            return false;
        };
        let old = &layout.columns[pos];
        let mut members: Vec<usize> = old
            .banner
            .iter()
            .copied()
            .chain(old.blocks.iter().map(|b| b.task))
            .collect();
        members.push(changed);
        members.sort_unstable();
        members.dedup();
        let (ids, unassigned): (Vec<i64>, bool) = match lane {
            Lane::Employee(id) => (vec![id], false),
            Lane::Unassigned => (Vec::new(), true),
        };
        let b = bucket(
            tasks,
            None,
            Some(&members),
            keep,
            &ids,
            unassigned,
            std::slice::from_ref(&day),
            hours,
        );
        let Some(cells) = b.lanes.iter().position(|&l| l == lane).map(|i| &b.cells[i]) else {
            // The Unassigned column lost its last task.
            return false;
        };
        let spans = &b.spans;
        layout.columns[pos] = column(
            lane,
            cells.iter().flatten(),
            spans,
            &day,
            layout.day_minutes,
        );
        count_lanes(1);
    }
    // The day's banner: the columns' banners again, ordered as a layout orders them.
    let mut all: Vec<usize> = layout
        .columns
        .iter()
        .flat_map(|c| c.banner.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    let keys: Vec<Option<(i64, i64)>> = all
        .iter()
        .map(|&i| {
            tasks
                .get(i)
                .and_then(super::span::Span::of)
                .map(|s| s.key())
        })
        .collect();
    let mut keyed: Vec<(Option<(i64, i64)>, usize)> = keys.into_iter().zip(all).collect();
    keyed.sort_unstable();
    layout.banner = keyed.into_iter().map(|(_, i)| i).collect();
    true
}

fn column<'a>(
    lane: Lane,
    cells: impl Iterator<Item = &'a usize>,
    spans: &[Option<Span>],
    day: &DayBounds,
    day_minutes: i64,
) -> DayColumn {
    let mut blocks = Vec::new();
    let mut banner = Vec::new();
    let mut booked_secs = 0;
    for &i in cells {
        let Some(span) = &spans[i] else { continue };
        booked_secs += day.booked_secs(span);
        if span.banner {
            banner.push(i);
        } else {
            blocks.push(block(i, span, day, day_minutes));
        }
    }
    blocks.sort_by_key(|b| (b.start_min, b.end_min, spans[b.task].map(|s| s.id), b.task));
    assign_subs(&mut blocks);
    let doubles = super::overlap::doubles(lane, blocks.iter().map(|b| b.task), spans);
    DayColumn {
        lane,
        blocks,
        banner,
        booked_min: booked_secs / 60,
        doubles,
    }
}

fn banner_of(columns: &[DayColumn], spans: &[Option<Span>]) -> Vec<usize> {
    let mut all: Vec<usize> = columns
        .iter()
        .flat_map(|c| c.banner.iter().copied())
        .collect();
    all.sort_unstable_by_key(|&i| (spans[i].map(|s| s.key()), i));
    all.dedup();
    all
}

fn block(task: usize, span: &Span, day: &DayBounds, day_minutes: i64) -> Block {
    let visible_end = if span.end > span.start {
        span.end
    } else {
        span.start + ZERO_TASK_VISIBLE_MINUTES * 60
    };
    let from = span.start.max(day.start) - day.start;
    let to = visible_end.min(day.end) - day.start;
    // Round outwards so a block covers every minute its task touches.
    let start_min = (from.div_euclid(60)).clamp(0, day_minutes);
    let end_min = ((to + 59).div_euclid(60))
        .clamp(0, day_minutes)
        .max(start_min + 1);
    Block {
        task,
        start_min: to_i32(start_min),
        end_min: to_i32(end_min),
        clipped_start: span.start < day.start,
        clipped_end: span.end > day.end,
        sub: 0,
        subs: 1,
    }
}

fn to_i32(m: i64) -> i32 {
    i32::try_from(m).unwrap_or(if m < 0 { i32::MIN } else { i32::MAX })
}

/// Greedy interval colouring over blocks sorted by start: each block takes the lowest
/// sub-column free at its start; a cluster closes when a block starts after all before it end.
fn assign_subs(blocks: &mut [Block]) {
    let mut sub_ends: Vec<i32> = Vec::new();
    let mut cluster_start = 0;
    let mut cluster_end = i32::MIN;
    for i in 0..blocks.len() {
        if blocks[i].start_min >= cluster_end {
            close_cluster(&mut blocks[cluster_start..i], sub_ends.len());
            sub_ends.clear();
            cluster_start = i;
        }
        let b = &mut blocks[i];
        let sub = match sub_ends.iter().position(|&end| end <= b.start_min) {
            Some(s) => {
                sub_ends[s] = b.end_min;
                s
            }
            None => {
                sub_ends.push(b.end_min);
                sub_ends.len() - 1
            }
        };
        b.sub = u16::try_from(sub).unwrap_or(u16::MAX);
        cluster_end = cluster_end.max(b.end_min);
    }
    let n = blocks.len();
    close_cluster(&mut blocks[cluster_start..n], sub_ends.len());
}

fn close_cluster(cluster: &mut [Block], subs: usize) {
    let subs = u16::try_from(subs.max(1)).unwrap_or(u16::MAX);
    for b in cluster {
        b.subs = subs;
    }
}
