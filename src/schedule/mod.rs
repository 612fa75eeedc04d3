//! Pure time logic for the board: date ranges, the account's time zone (DST included),
//! and how tasks fall into lanes, days and overlapping sub-columns.
//!
//! No I/O and no clock: "now" is always a parameter.

mod date_input;
mod day;
pub mod gaps;
mod lanes;
mod lookback;
mod overlap;
mod people;
mod range;
mod span;
pub mod time_input;
mod timeline;
mod tz;
mod week;
mod zone;

pub use date_input::{month_day_note, nearest_month_day, parse_day_input};
pub use day::{Block, DayColumn, DayLayout, layout_day, layout_day_with, relayout_day_lanes};
pub use lanes::{
    Lane, LayoutInput, Prepared, TaskFilter, WorkHours, lanes_laid, lanes_of, show_all,
};
pub use lookback::{DEFAULT_MAX_TASK_DAYS, Lookback};
pub use people::unknown_employees;
pub use range::{LOOKBACK_DAYS, Period, ViewKind};
pub use span::{
    DEFAULT_TASK_MINUTES, Lateness, Overdue, Placement, ZERO_TASK_VISIBLE_MINUTES, is_late,
    overdue, placement, task_interval, touches_day,
};
pub use timeline::{Bar, MAX_SUBROWS, TimelineLayout, TimelineRow, layout_timeline};
pub use tz::{
    at_minute, day_minutes, day_start, is_ambiguous, local_date, local_instant,
    minutes_since_day_start,
};
pub use week::{WeekCell, WeekLayout, WeekRow, layout_week, layout_week_with, relayout_week_lanes};
pub use zone::{Evidence, Verdict, Zone, ZoneOrigin, judge, offset_text, zone_label};

#[cfg(test)]
mod tests;
