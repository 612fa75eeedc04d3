//! The week view: one row per lane, one cell per date.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::lanes::{DayBounds, Lane, WorkHours, bucket};
use super::range::Period;
use crate::kickserv::model::Task;

#[derive(Clone, Debug, PartialEq)]
pub struct WeekCell {
    /// Timed and banner tasks touching that day, by start then id.
    pub tasks: Vec<usize>,
    pub booked_min: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WeekRow {
    pub lane: Lane,
    /// One per date of the period.
    pub cells: Vec<WeekCell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WeekLayout {
    pub dates: Vec<NaiveDate>,
    pub rows: Vec<WeekRow>,
}

/// Lays out a period by lane and date; lanes follow the rules of [`super::layout_day`]
/// (the Unassigned row appears when a task without employees touches any date).
pub fn layout_week(
    tasks: &[Task],
    lanes: &[i64],
    include_unassigned: bool,
    period: &Period,
    tz: Tz,
    hours: &WorkHours,
) -> WeekLayout {
    let dates: Vec<NaiveDate> = period.dates().collect();
    let days: Vec<DayBounds> = dates
        .iter()
        .map(|&d| DayBounds::new(tz, d, hours))
        .collect();
    let buckets = bucket(tasks, lanes, include_unassigned, &days);
    let spans = &buckets.spans;

    let rows = buckets
        .lanes
        .iter()
        .zip(buckets.cells)
        .map(|(&lane, cells)| WeekRow {
            lane,
            cells: cells
                .into_iter()
                .zip(&days)
                .map(|(tasks, day)| {
                    let secs: i64 = tasks
                        .iter()
                        .filter_map(|&i| spans[i].as_ref())
                        .map(|s| day.booked_secs(s))
                        .sum();
                    WeekCell {
                        tasks,
                        booked_min: secs / 60,
                    }
                })
                .collect(),
        })
        .collect();
    WeekLayout { dates, rows }
}
