//! The one-line prompts: go to a date (`g`) and the text filter (`/`).

use chrono::NaiveDate;

use crate::app::model::Model;
use crate::app::notice::toast;
use crate::schedule::{self};

/// A typed `MM-DD` left the year to the board: the toast says which.
pub fn say_month_day(m: &mut Model, typed: &str, d: NaiveDate) {
    if let Some(note) = schedule::month_day_note(typed, d) {
        toast(m, note, false);
    }
}

/// Dates a dispatcher types: `2026-11-30`, `11-30`, `+3`, `-1`, `today`,
/// `tomorrow`, `yesterday`, or a weekday name (the next one, today included).
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::schedule::parse_day_input(s, today).ok_or_else(|| {
        let s = s.trim().to_lowercase();
        format!("not a date: {s:?} (try 2026-11-30, 11-30, +3, mon)")
    })
}
