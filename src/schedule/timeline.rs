//! The timeline day view: one row per lane, hours across. Built from the
//! day layout, so lanes, clipping and the tasks' order are the day view's.

use chrono::NaiveDate;

use super::day::DayLayout;
use super::lanes::Lane;

/// Sub-rows a lane gets at most; more overlapping tasks share the last one.
pub const MAX_SUBROWS: u16 = 2;

/// One task as a bar of its lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Index into the tasks slice the day layout was made from.
    pub task: usize,
    /// Minutes since the day start; an all-day or multi-day task spans the day.
    pub start_min: i32,
    pub end_min: i32,
    /// Sub-row within the lane (< `MAX_SUBROWS`).
    pub sub: u16,
    pub clipped_start: bool,
    pub clipped_end: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    pub lane: Lane,
    /// In the day view's keyboard order: all-day and multi-day first, then by start.
    pub bars: Vec<Bar>,
    /// Sub-rows the lane's overlaps need (1 to `MAX_SUBROWS`).
    pub subrows: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLayout {
    pub date: NaiveDate,
    /// The hours shown, as minutes since the day start: the working hours,
    /// widened to whole hours around the day's timed tasks.
    pub from_min: i32,
    pub to_min: i32,
    pub rows: Vec<TimelineRow>,
}

/// Lays a day out as rows. `work`: the working hours as minutes of the day.
pub fn layout_timeline(day: &DayLayout, work: (i32, i32)) -> TimelineLayout {
    let day_min = i32::try_from(day.day_minutes).unwrap_or(i32::MAX);
    let (mut from, mut to) = work;
    let mut rows: Vec<TimelineRow> = day
        .columns
        .iter()
        .map(|c| {
            let mut bars: Vec<Bar> = c
                .banner
                .iter()
                .map(|&task| Bar {
                    task,
                    start_min: 0,
                    end_min: day_min,
                    sub: 0,
                    clipped_start: true,
                    clipped_end: true,
                })
                .collect();
            for b in &c.blocks {
                // Work carried over from the day before, or on into the
                // next, does not stretch the hours to midnight.
                if !b.clipped_start {
                    from = from.min(b.start_min / 60 * 60);
                }
                if !b.clipped_end {
                    to = to.max(((b.end_min + 59) / 60 * 60).min(day_min));
                } else {
                    // Its first hour at least: a late-evening task is seen.
                    to = to.max((b.start_min / 60 * 60 + 60).min(day_min));
                }
                bars.push(Bar {
                    task: b.task,
                    start_min: b.start_min,
                    end_min: b.end_min,
                    sub: 0,
                    clipped_start: b.clipped_start,
                    clipped_end: b.clipped_end,
                });
            }
            let subrows = assign_subrows(&mut bars);
            TimelineRow {
                lane: c.lane,
                bars,
                subrows,
            }
        })
        .collect();
    // Unassigned work first, where it is always in sight.
    if let Some(i) = rows.iter().position(|r| r.lane == Lane::Unassigned) {
        rows[..=i].rotate_right(1);
    }
    TimelineLayout {
        date: day.date,
        from_min: from.clamp(0, day_min),
        to_min: to.clamp(from.clamp(0, day_min) + 1, day_min.max(1)),
        rows,
    }
}

/// Each bar takes the first sub-row free at its start (bars come in start
/// order); past `MAX_SUBROWS` they share the last. Returns the sub-rows used.
fn assign_subrows(bars: &mut [Bar]) -> u16 {
    let mut ends: Vec<i32> = Vec::new();
    for b in bars.iter_mut() {
        let sub = match ends.iter().position(|&e| e <= b.start_min) {
            Some(s) => s,
            None if ends.len() < MAX_SUBROWS as usize => {
                ends.push(i32::MIN);
                ends.len() - 1
            }
            None => ends.len() - 1,
        };
        ends[sub] = ends[sub].max(b.end_min);
        b.sub = u16::try_from(sub).unwrap_or(0);
    }
    u16::try_from(ends.len().max(1)).unwrap_or(MAX_SUBROWS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kickserv::model::{Employee, Task};
    use crate::schedule::{WorkHours, layout_day};
    use chrono::DateTime;
    use std::sync::Arc;

    const NY: chrono_tz::Tz = chrono_tz::America::New_York;

    fn task(id: i64, from: &str, to: &str, emps: &[i64]) -> Task {
        let at = |t: &str| DateTime::parse_from_rfc3339(&format!("2026-11-27T{t}:00-05:00")).ok();
        Task {
            id,
            starts_at: at(from),
            ends_at: at(to),
            employees: emps
                .iter()
                .map(|&id| {
                    Arc::new(Employee {
                        id,
                        ..Employee::default()
                    })
                })
                .collect(),
            ..Task::default()
        }
    }

    fn lay(tasks: &[Task], lanes: &[i64]) -> TimelineLayout {
        let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let d = layout_day(tasks, lanes, true, date, NY, &WorkHours::default());
        layout_timeline(&d, (7 * 60, 19 * 60))
    }

    #[test]
    fn overlaps_make_a_second_row_and_unassigned_comes_first() {
        let tasks = vec![
            task(1, "09:00", "11:00", &[7]),
            task(2, "10:00", "10:30", &[7]),
            task(3, "10:30", "12:00", &[7]),
            task(4, "13:00", "14:00", &[8]),
            task(5, "09:00", "10:00", &[]),
            task(6, "10:15", "10:45", &[7]),
        ];
        let t = lay(&tasks, &[7, 8]);
        let lanes: Vec<Lane> = t.rows.iter().map(|r| r.lane).collect();
        assert_eq!(
            lanes,
            vec![Lane::Unassigned, Lane::Employee(7), Lane::Employee(8)]
        );
        let seven = &t.rows[1];
        assert_eq!(seven.subrows, 2);
        let sub = |id: i64| {
            seven
                .bars
                .iter()
                .find(|b| tasks[b.task].id == id)
                .map(|b| b.sub)
        };
        // 2 overlaps 1; 3 follows 2 in its row; a third at once shares the last row.
        assert_eq!(
            (sub(1), sub(2), sub(3), sub(6)),
            (Some(0), Some(1), Some(1), Some(1))
        );
        assert_eq!(t.rows[2].subrows, 1);
        assert_eq!(t.rows[0].subrows, 1);
    }

    #[test]
    fn every_task_once_per_lane_and_hours_widen_to_the_tasks() {
        let tasks = vec![
            task(1, "05:30", "06:00", &[7]),
            task(2, "18:00", "20:10", &[7, 8]),
            task(3, "12:00", "13:00", &[8]),
            task(4, "12:00", "13:00", &[]),
        ];
        let t = lay(&tasks, &[7, 8]);
        let tasks = &tasks;
        let mut seen: Vec<(Lane, i64)> = t
            .rows
            .iter()
            .flat_map(|r| r.bars.iter().map(move |b| (r.lane, tasks[b.task].id)))
            .collect();
        seen.sort();
        let mut want = vec![
            (Lane::Employee(7), 1),
            (Lane::Employee(7), 2),
            (Lane::Employee(8), 2),
            (Lane::Employee(8), 3),
            (Lane::Unassigned, 4),
        ];
        want.sort();
        assert_eq!(seen, want);
        assert_eq!((t.from_min, t.to_min), (5 * 60, 21 * 60));
        // Bars of a row come in time order.
        for r in &t.rows {
            assert!(r.bars.windows(2).all(|w| w[0].start_min <= w[1].start_min));
        }
    }
}
