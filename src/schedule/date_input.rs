//! Dates as a dispatcher types them, for the go-to prompt and
//! `agenda --date` alike.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

/// `2026-11-30`, `11-30` (the nearest 30 November), `+3`, `-1`, `today` (or `t`, or
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
    if let Some(d) = nearest_month_day(&s, today) {
        return Some(d);
    }
    let w = s.parse::<Weekday>().ok()?;
    let ahead = (7 + i64::from(w.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    today.checked_add_signed(TimeDelta::days(ahead))
}

/// `MM-DD` as the date of that month and day nearest `around`: in
/// December `01-05` is the coming January, not the one eleven months back.
/// Half a year either way, the later. `None` unless `s` is `MM-DD`.
pub fn nearest_month_day(s: &str, around: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    let (m, d) = s.split_once('-')?;
    let digits = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(m) || !digits(d) {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    [around.year() + 1, around.year(), around.year() - 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .min_by_key(|c| (*c - around).num_days().abs())
}

/// What a typed `MM-DD` was taken as, for the user to see the year:
/// `01-05 is Tue 5 Jan 2027, the nearest`. `None` for the other forms,
/// which leave no year to guess.
pub fn month_day_note(s: &str, resolved: NaiveDate) -> Option<String> {
    let t = s.trim();
    if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() {
        return None;
    }
    nearest_month_day(t, resolved)?;
    Some(format!(
        "{t} is {}, the nearest",
        resolved.format("%a %-d %b %Y")
    ))
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
        assert_eq!(parse_day_input("1-5", t), Some(d(2027, 1, 5)));
    }

    #[test]
    fn a_month_and_day_is_the_nearest_such_date() {
        let december = d(2026, 12, 7);
        assert_eq!(parse_day_input("01-05", december), Some(d(2027, 1, 5)));
        assert_eq!(parse_day_input("11-30", december), Some(d(2026, 11, 30)));
        assert_eq!(
            parse_day_input("06-07", december),
            Some(d(2027, 6, 7)),
            "182 days ahead, 183 back"
        );
        // 183 days each way (a 29 February between): the later.
        assert_eq!(
            parse_day_input("03-01", d(2027, 8, 31)),
            Some(d(2028, 3, 1))
        );
        assert_eq!(
            parse_day_input("12-20", d(2027, 1, 3)),
            Some(d(2026, 12, 20))
        );
        // 29 February only in a leap year: the nearest that has one.
        assert_eq!(
            parse_day_input("02-29", d(2027, 12, 1)),
            Some(d(2028, 2, 29))
        );
        assert_eq!(
            month_day_note(" 01-05 ", d(2027, 1, 5)).as_deref(),
            Some("01-05 is Tue 5 Jan 2027, the nearest")
        );
        for s in ["2027-01-05", "+3", "-1", "mon", "13-01"] {
            assert_eq!(month_day_note(s, december), None, "{s:?}");
        }
        assert_eq!(parse_day_input("yesterday", NaiveDate::MIN), None);
    }
}
