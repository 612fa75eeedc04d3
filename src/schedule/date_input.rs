//! Dates as a dispatcher types them, for the go-to prompt and
//! `agenda --date` alike.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

/// `2026-11-30`, `11-30` (this year), `+3`, `-1`, `today` (or `t`, or
/// nothing), `tomorrow`, `yesterday`, or a weekday name (the next one, today
/// included); any case. `None` when `s` is none of these or the date would
/// fall outside the calendar.
pub fn parse_day_input(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "" | "today" | "t" => return Some(today),
        "tomorrow" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if let Some(n) = s
        .strip_prefix('+')
        .or_else(|| s.strip_prefix('-').map(|_| s.as_str()))
    {
        let n: i64 = n.parse().ok()?;
        return TimeDelta::try_days(n).and_then(|d| today.checked_add_signed(d));
    }
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{}-{s}", today.year()), "%Y-%m-%d") {
        return Some(d);
    }
    let w = s.parse::<Weekday>().ok()?;
    let ahead = (7 + i64::from(w.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    today.checked_add_signed(TimeDelta::days(ahead))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_form() {
        let t = d(2026, 11, 27); // a Friday
        for (s, want) in [
            ("", t),
            ("today", t),
            ("T", t),
            ("Tomorrow", d(2026, 11, 28)),
            ("yesterday", d(2026, 11, 26)),
            ("+3", d(2026, 11, 30)),
            ("-1", d(2026, 11, 26)),
            ("2027-01-02", d(2027, 1, 2)),
            ("12-03", d(2026, 12, 3)),
            ("mon", d(2026, 11, 30)),
            ("Friday", t),
            (" sat ", d(2026, 11, 28)),
        ] {
            assert_eq!(parse_day_input(s, t), Some(want), "{s:?}");
        }
        for s in ["someday", "2026-02-30", "+x", "13-01", "+99999999999999"] {
            assert_eq!(parse_day_input(s, t), None, "{s:?}");
        }
        assert_eq!(parse_day_input("tomorrow", NaiveDate::MAX), None);
        assert_eq!(parse_day_input("yesterday", NaiveDate::MIN), None);
    }
}
