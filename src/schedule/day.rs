//! The day view: one column per lane, timed blocks in minutes since the day start.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::lanes::{DayBounds, Lane, WorkHours, bucket};
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
    let day = DayBounds::new(tz, date, hours);
    let day_minutes = (day.end - day.start) / 60;
    let buckets = bucket(
        tasks,
        lanes,
        include_unassigned,
        std::slice::from_ref(&day),
        hours,
    );
    let spans = &buckets.spans;

    let mut all_banner: Vec<usize> = Vec::new();
    let columns = buckets
        .lanes
        .iter()
        .zip(&buckets.cells)
        .map(|(&lane, cells)| {
            let mut blocks = Vec::new();
            let mut banner = Vec::new();
            let mut booked_secs = 0;
            for &i in cells.iter().flatten() {
                let Some(span) = &spans[i] else { continue };
                booked_secs += day.booked_secs(span);
                if span.banner {
                    banner.push(i);
                } else {
                    blocks.push(block(i, span, &day, day_minutes));
                }
            }
            blocks.sort_by_key(|b| (b.start_min, b.end_min, spans[b.task].map(|s| s.id), b.task));
            assign_subs(&mut blocks);
            all_banner.extend_from_slice(&banner);
            DayColumn {
                lane,
                blocks,
                banner,
                booked_min: booked_secs / 60,
            }
        })
        .collect();

    all_banner.sort_unstable_by_key(|&i| (spans[i].map(|s| s.key()), i));
    all_banner.dedup();
    DayLayout {
        date,
        day_minutes,
        columns,
        banner: all_banner,
    }
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
