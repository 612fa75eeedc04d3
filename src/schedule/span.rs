//! A task as an interval of time, and what kind of slot it takes on the board.

use chrono::{DateTime, Utc};

use crate::kickserv::model::{Status, Task};

/// Assumed length of a task that has no (usable) `ends_at`.
pub const DEFAULT_TASK_MINUTES: i64 = 60;
/// Visible length of a zero-length task, so that it can be seen and selected.
pub const ZERO_TASK_VISIBLE_MINUTES: i64 = 15;

/// Where a task sits relative to one local day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// A block in the time grid.
    Timed,
    /// The all-day strip: `all_day == Some(true)`, lasting 24 h or more, or
    /// from a local midnight to another (a 23 h DST day included).
    Banner,
}

/// The interval `[start, end)` a task occupies, in whole seconds. Without `ends_at`, or with
/// an `ends_at` before `starts_at` (bad data), it lasts [`DEFAULT_TASK_MINUTES`].
/// `None` without `starts_at`.
pub fn task_interval(task: &Task) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let span = Span::of(task)?;
    Some((
        DateTime::from_timestamp(span.start, 0)?,
        DateTime::from_timestamp(span.end, 0)?,
    ))
}

/// `None` for a task without `starts_at`: it is not on the board.
pub fn placement(task: &Task) -> Option<Placement> {
    Span::of(task).map(|s| {
        if s.banner {
            Placement::Banner
        } else {
            Placement::Timed
        }
    })
}

/// How far past its time an open task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Overdue {
    /// It should have started and has not: from its start until its end
    /// plus the grace period. An alarm.
    Late,
    /// Long past its end with its status unchanged: a calm reminder that
    /// nobody closed it, not an alarm.
    NotClosed,
}

/// The thresholds of [`overdue`], in minutes after a task's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lateness {
    /// A task not started stays late this long after its end.
    pub grace_min: i64,
    /// From this long after its end, an open task is "not closed".
    pub not_closed_min: i64,
}

impl Default for Lateness {
    fn default() -> Self {
        Lateness {
            grace_min: 30,
            not_closed_min: 120,
        }
    }
}

/// Whether an open task not in progress is late or not closed at `now`:
/// late (a timed task) from its start until its end plus the grace period, not closed
/// from its end plus the other threshold on, neither in between. Closed
/// work (complete, canceled, lost, or a status in `finished`) never is.
pub fn overdue(
    task: &Task,
    now: DateTime<Utc>,
    rules: &Lateness,
    finished: &[String],
) -> Option<Overdue> {
    let status = task.effective_status();
    if status.is_some_and(|s| {
        s.is_closed() || *s == Status::InProgress || finished.iter().any(|f| f == s.as_str())
    }) {
        return None;
    }
    let (start, end) = task_interval(task)?;
    let after_end = |min: i64| end + chrono::Duration::minutes(min);
    // An all-day task has no hour it should have started by; one on hold
    // was stopped on purpose.
    let timed = task.all_day != Some(true) && status != Some(&Status::OnHold);
    if now >= after_end(rules.not_closed_min.max(0)) {
        Some(Overdue::NotClosed)
    } else if timed && now >= start && now < after_end(rules.grace_min.max(0)) {
        Some(Overdue::Late)
    } else {
        None
    }
}

/// Whether a task in progress is past its end at `now` and not yet long
/// past it: from its end to the "not closed" threshold after it. Long past,
/// it is a task nobody closed, which the board keeps calm.
pub fn running_over(task: &Task, now: DateTime<Utc>, rules: &Lateness) -> bool {
    if task.effective_status() != Some(&Status::InProgress) || task.all_day == Some(true) {
        return false;
    }
    task_interval(task).is_some_and(|(_, end)| {
        now > end && now < end + chrono::Duration::minutes(rules.not_closed_min.max(0))
    })
}

/// Whether a task is late at `now` (see [`overdue`]).
pub fn is_late(task: &Task, now: DateTime<Utc>, rules: &Lateness) -> bool {
    overdue(task, now, rules, &[]) == Some(Overdue::Late)
}

/// The interval in whole seconds, with what the layouts need to know, computed once per task.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    pub start: i64,
    pub end: i64,
    pub id: i64,
    pub banner: bool,
    pub all_day: bool,
    /// Whether its hours count as booked: canceled and lost work is shown, not counted.
    pub booked: bool,
}

impl Span {
    pub fn of(task: &Task) -> Option<Span> {
        // Whole seconds in integers: this runs for every task on every layout.
        let start = task.starts_at?.timestamp();
        let end = match task.ends_at.map(|e| e.timestamp()) {
            Some(e) if e >= start => e,
            _ => start.saturating_add(DEFAULT_TASK_MINUTES * 60),
        };
        let all_day = task.all_day == Some(true);
        Some(Span {
            start,
            end,
            id: task.id,
            banner: all_day || end - start >= 24 * 3600 || midnight_to_midnight(task),
            all_day,
            booked: !task.effective_status().is_some_and(Status::is_called_off),
        })
    }

    /// Whether the span meets `[from, to)`; a zero-length span meets the range holding its start.
    pub fn touches(&self, from: i64, to: i64) -> bool {
        if self.end > self.start {
            self.start < to && self.end > from
        } else {
            from <= self.start && self.start < to
        }
    }

    /// Seconds of the span within `[from, to)`.
    pub fn overlap(&self, from: i64, to: i64) -> i64 {
        (self.end.min(to) - self.start.max(from)).max(0)
    }

    /// Sort key for lists: by start, then id.
    pub fn key(&self) -> (i64, i64) {
        (self.start, self.id)
    }
}

/// From a local midnight to a later one, in the task's own offsets: a whole
/// day (or days) even when DST makes the day 23 hours long.
fn midnight_to_midnight(task: &Task) -> bool {
    use chrono::Timelike;
    match (task.starts_at, task.ends_at) {
        (Some(s), Some(e)) => {
            e > s
                && s.time().num_seconds_from_midnight() == 0
                && e.time().num_seconds_from_midnight() == 0
        }
        _ => false,
    }
}

/// Whether the task meets local day `date` (`[day_start(date), day_start(date + 1))`).
pub fn touches_day(task: &Task, tz: chrono_tz::Tz, date: chrono::NaiveDate) -> bool {
    let Some(span) = Span::of(task) else {
        return false;
    };
    let start = super::tz::day_start(tz, date).timestamp();
    let end = date
        .succ_opt()
        .map_or(start + 86_400, |n| super::tz::day_start(tz, n).timestamp());
    span.touches(start, end)
}
