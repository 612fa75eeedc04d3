//! The week view: one row per lane, one cell per date.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::lanes::{DayBounds, Lane, LayoutInput, TaskFilter, WorkHours, bucket, count_lanes};
use super::range::Period;
use super::span::Span;
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
    /// Its tasks that overlap another of its tasks (double bookings), sorted.
    pub doubles: Vec<usize>,
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
    layout_week_with(
        &LayoutInput::new(tasks, lanes, include_unassigned, tz, hours),
        period,
    )
}

/// [`layout_week`] of the tasks `input.keep` accepts, with what was prepared.
pub fn layout_week_with(input: &LayoutInput, period: &Period) -> WeekLayout {
    let LayoutInput {
        tasks,
        lanes,
        include_unassigned,
        tz,
        hours,
        keep,
        pre,
    } = *input;
    let dates: Vec<NaiveDate> = period.dates().collect();
    let days = bounds(&dates, tz, hours);
    let buckets = bucket(
        tasks,
        pre,
        None,
        keep,
        lanes,
        include_unassigned,
        &days,
        hours,
    );
    let spans = &buckets.spans;
    let rows: Vec<WeekRow> = buckets
        .lanes
        .iter()
        .zip(buckets.cells)
        .map(|(&lane, cells)| row(lane, cells, spans, &days))
        .collect();
    count_lanes(rows.len());
    WeekLayout { dates, rows }
}

/// Re-lays out the rows of `lanes` after the task at `changed` changed (or
/// was added at that index); see [`super::relayout_day_lanes`]. False when
/// a whole layout is needed.
pub fn relayout_week_lanes(
    layout: &mut WeekLayout,
    tasks: &[Task],
    changed: usize,
    lanes: &[Lane],
    tz: Tz,
    hours: &WorkHours,
    keep: TaskFilter,
) -> bool {
    let days = bounds(&layout.dates, tz, hours);
    let mut touched = Vec::new();
    for &lane in lanes {
        if touched.contains(&lane) {
            continue;
        }
        touched.push(lane);
        let Some(pos) = layout.rows.iter().position(|r| r.lane == lane) else {
            return false;
        };
        let mut members: Vec<usize> = layout.rows[pos]
            .cells
            .iter()
            .flat_map(|c| c.tasks.iter().copied())
            .collect();
        members.push(changed);
        members.sort_unstable();
        members.dedup();
        let (ids, unassigned): (Vec<i64>, bool) = match lane {
            Lane::Employee(id) => (vec![id], false),
            Lane::Unassigned => (Vec::new(), true),
        };
        let mut b = bucket(
            tasks,
            None,
            Some(&members),
            keep,
            &ids,
            unassigned,
            &days,
            hours,
        );
        let Some(i) = b.lanes.iter().position(|&l| l == lane) else {
            return false;
        };
        let cells = b.cells.swap_remove(i);
        layout.rows[pos] = row(lane, cells, &b.spans, &days);
        count_lanes(1);
    }
    true
}

fn bounds(dates: &[NaiveDate], tz: Tz, hours: &WorkHours) -> Vec<DayBounds> {
    dates
        .iter()
        .map(|&d| DayBounds::new(tz, d, hours))
        .collect()
}

fn row(lane: Lane, cells: Vec<Vec<usize>>, spans: &[Option<Span>], days: &[DayBounds]) -> WeekRow {
    let doubles = super::overlap::doubles(lane, cells.iter().flatten().copied(), spans);
    WeekRow {
        lane,
        doubles,
        cells: cells
            .into_iter()
            .zip(days)
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
    }
}

#[cfg(test)]
mod load_tests {
    use chrono::{DateTime, NaiveTime, Weekday};

    use super::*;
    use crate::kickserv::model::{Employee, Status};

    const NY: Tz = chrono_tz::America::New_York;

    fn task(id: i64, start: &str, end: &str, status: Option<Status>) -> Task {
        Task {
            id,
            starts_at: DateTime::parse_from_rfc3339(start).ok(),
            ends_at: DateTime::parse_from_rfc3339(end).ok(),
            status,
            employees: vec![std::sync::Arc::new(Employee {
                id: 7,
                ..Employee::default()
            })],
            ..Task::default()
        }
    }

    /// Booked minutes of employee 7, Monday 23 to Sunday 29 November 2026.
    fn booked(tasks: &[Task], hours: &WorkHours) -> Vec<i64> {
        let p = Period::week_containing(
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
            Weekday::Mon,
        );
        let w = layout_week(tasks, &[7], false, &p, NY, hours);
        w.rows[0].cells.iter().map(|c| c.booked_min).collect()
    }

    #[test]
    fn canceled_and_lost_work_is_shown_but_not_booked() {
        let tasks = vec![
            task(
                1,
                "2026-11-24T08:00:00-05:00",
                "2026-11-24T10:00:00-05:00",
                Some(Status::Scheduled),
            ),
            task(
                2,
                "2026-11-24T10:00:00-05:00",
                "2026-11-24T13:00:00-05:00",
                Some(Status::Canceled),
            ),
            task(
                3,
                "2026-11-24T13:00:00-05:00",
                "2026-11-24T14:00:00-05:00",
                Some(Status::Lost),
            ),
            task(
                4,
                "2026-11-24T14:00:00-05:00",
                "2026-11-24T15:30:00-05:00",
                Some(Status::Complete),
            ),
        ];
        let p = Period::week_containing(
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
            Weekday::Mon,
        );
        let w = layout_week(&tasks, &[7], false, &p, NY, &WorkHours::default());
        // All four are listed in Tuesday's cell; only the scheduled and the complete count.
        assert_eq!(w.rows[0].cells[1].tasks.len(), 4);
        assert_eq!(w.rows[0].cells[1].booked_min, 120 + 90);
    }

    #[test]
    fn statuses_the_account_marks_finished_are_shown_but_not_booked() {
        let tasks = vec![
            task(
                1,
                "2026-11-24T08:00:00-05:00",
                "2026-11-24T10:00:00-05:00",
                Some(Status::Scheduled),
            ),
            task(
                2,
                "2026-11-24T10:00:00-05:00",
                "2026-11-24T13:00:00-05:00",
                Some(Status::from("invoiced")),
            ),
        ];
        let p = Period::week_containing(
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
            Weekday::Mon,
        );
        let plain = layout_week(&tasks, &[7], false, &p, NY, &WorkHours::default());
        assert_eq!(plain.rows[0].cells[1].booked_min, 120 + 180);
        let hours = WorkHours {
            finished: vec!["invoiced".to_string()].into(),
            ..WorkHours::default()
        };
        let marked = layout_week(&tasks, &[7], false, &p, NY, &hours);
        assert_eq!(marked.rows[0].cells[1].tasks.len(), 2);
        assert_eq!(marked.rows[0].cells[1].booked_min, 120);
        // The day view counts the same way.
        let day = crate::schedule::layout_day(
            &tasks,
            &[7],
            false,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
            NY,
            &hours,
        );
        assert_eq!(day.columns[0].booked_min, 120);
        assert_eq!(day.columns[0].blocks.len(), 2);
    }

    #[test]
    fn multi_day_and_all_day_tasks_book_each_days_working_hours() {
        // Tuesday 14:00 to Thursday 10:00: 14–19, 07–19, 07–10.
        let long = task(
            1,
            "2026-11-24T14:00:00-05:00",
            "2026-11-26T10:00:00-05:00",
            None,
        );
        assert_eq!(
            booked(std::slice::from_ref(&long), &WorkHours::default()),
            vec![0, 300, 720, 180, 0, 0, 0]
        );
        // All day on Friday and Saturday, with clock times that say 24 h each.
        let mut all_day = task(
            2,
            "2026-11-27T00:00:00-05:00",
            "2026-11-29T00:00:00-05:00",
            None,
        );
        all_day.all_day = Some(true);
        assert_eq!(
            booked(std::slice::from_ref(&all_day), &WorkHours::default()),
            vec![0, 0, 0, 0, 720, 720, 0]
        );
        // A shorter working day books less, day by day.
        let eight = WorkHours {
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
            ..WorkHours::default()
        };
        assert_eq!(
            booked(&[long, all_day], &eight),
            vec![0, 120, 480, 120, 480, 480, 0]
        );
    }
}
