//! Times of day and durations as a dispatcher types them in the edit form,
//! and their resolution to an instant in the account's zone (DST included).

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// The formats named in a refusal, so the user can correct the input.
const TIME_HINT: &str = "try 9, 930, 9:30, 9:30pm or 21:30";
const DURATION_HINT: &str = "try 1h, 90m, 1h30 or 1:30";

/// Longest duration accepted: a task of more than two weeks is a typo.
const MAX_DURATION_MINUTES: i64 = 14 * 24 * 60;

/// A time of day: `9`, `930`, `0930`, `9:30`, `9.30`, `9:30pm`, `9pm`,
/// `12am`, `12:15pm`, `21:30`, `2130` (any case, spaces ignored). With
/// `am`/`pm` the hour is 1–12; without, 0–23.
pub fn parse_time(s: &str) -> Result<NaiveTime, String> {
    let refuse = || format!("\"{}\" is not a time: {TIME_HINT}", s.trim());
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let (body, meridiem) = if let Some(b) = t.strip_suffix("am").or_else(|| t.strip_suffix('a')) {
        (b, Some(false))
    } else if let Some(b) = t.strip_suffix("pm").or_else(|| t.strip_suffix('p')) {
        (b, Some(true))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = split_hm(body).ok_or_else(refuse)?;
    let h = match meridiem {
        None if h <= 23 => h,
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        _ => return Err(refuse()),
    };
    NaiveTime::from_hms_opt(h, m, 0)
        .filter(|_| m <= 59)
        .ok_or_else(refuse)
}

/// `h`, `hh`, `hmm`, `hhmm`, `h:mm`, `hh:mm` (or `.`) into hours and minutes.
fn split_hm(body: &str) -> Option<(u32, u32)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((h, m)) = body.split_once([':', '.']) {
        if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
            return None;
        }
        return Some((h.parse().ok()?, m.parse().ok()?));
    }
    if !digits(body) {
        return None;
    }
    match body.len() {
        1 | 2 => Some((body.parse().ok()?, 0)),
        3 | 4 => {
            let (h, m) = body.split_at(body.len() - 2);
            Some((h.parse().ok()?, m.parse().ok()?))
        }
        _ => None,
    }
}

/// A time as the form shows it, and as [`parse_time`] reads it back.
pub fn format_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A duration: `1h`, `90m`, `1h30`, `1h30m`, `1:30`, `2h 15m` (any case,
/// spaces ignored). More than zero and at most two weeks.
pub fn parse_duration(s: &str) -> Result<TimeDelta, String> {
    let refuse = || format!("\"{}\" is not a duration: {DURATION_HINT}", s.trim());
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let minutes = if let Some((h, m)) = t.split_once(':') {
        if m.len() != 2 {
            return Err(refuse());
        }
        let (h, m) = (num(h).ok_or_else(refuse)?, num(m).ok_or_else(refuse)?);
        (m <= 59).then_some(h * 60 + m).ok_or_else(refuse)?
    } else if let Some((h, rest)) = t.split_once('h') {
        let h = num(h).ok_or_else(refuse)?;
        let rest = rest.strip_suffix('m').unwrap_or(rest);
        let m = if rest.is_empty() {
            0
        } else {
            num(rest).filter(|m| *m <= 59).ok_or_else(refuse)?
        };
        h * 60 + m
    } else if let Some(m) = t.strip_suffix("min").or_else(|| t.strip_suffix('m')) {
        num(m).ok_or_else(refuse)?
    } else {
        return Err(refuse());
    };
    if minutes == 0 {
        return Err("a duration must be more than zero".into());
    }
    if minutes > MAX_DURATION_MINUTES {
        return Err(format!("\"{}\" is longer than two weeks", s.trim()));
    }
    TimeDelta::try_minutes(minutes).ok_or_else(refuse)
}

/// A duration as the form shows it: `45m`, `2h`, `1h30`.
pub fn format_duration(d: TimeDelta) -> String {
    let mins = d.num_minutes();
    match (mins / 60, mins % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

/// A local date and time resolved in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub at: DateTime<FixedOffset>,
    /// The local time occurs twice that day (clocks go back): `at` is the
    /// first occurrence, and the form says so.
    pub repeated: bool,
}

/// `date` at `time` in `tz`. A time the clocks skip is refused with a
/// sentence; a time that occurs twice is taken as its first occurrence
/// and flagged.
pub fn resolve(tz: Tz, date: NaiveDate, time: NaiveTime) -> Result<Resolved, String> {
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(x) => Ok(Resolved {
            at: x.fixed_offset(),
            repeated: false,
        }),
        LocalResult::Ambiguous(a, b) => Ok(Resolved {
            at: a.min(b).fixed_offset(),
            repeated: true,
        }),
        LocalResult::None => Err(format!(
            "{} does not exist on {date} in {} (clocks go forward)",
            format_time(time),
            tz.name()
        )),
    }
}

/// The note the form shows for a repeated time.
pub fn repeated_note(r: &Resolved) -> String {
    format!(
        "{} occurs twice that day: the first (UTC{}) is taken",
        format_time(r.at.time()),
        r.at.format("%:z")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Australia::Lord_Howe;
    use proptest::prelude::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_accepted_time_format() {
        for (s, want) in [
            ("9", hm(9, 0)),
            ("09", hm(9, 0)),
            ("0", hm(0, 0)),
            ("930", hm(9, 30)),
            ("0930", hm(9, 30)),
            ("9:30", hm(9, 30)),
            ("9.30", hm(9, 30)),
            ("9:30pm", hm(21, 30)),
            ("9:30 PM", hm(21, 30)),
            ("9:30am", hm(9, 30)),
            ("9pm", hm(21, 0)),
            ("9p", hm(21, 0)),
            ("9a", hm(9, 0)),
            ("12am", hm(0, 0)),
            ("12pm", hm(12, 0)),
            ("12:15pm", hm(12, 15)),
            ("12:15am", hm(0, 15)),
            ("1215pm", hm(12, 15)),
            ("21:30", hm(21, 30)),
            ("2130", hm(21, 30)),
            ("23:59", hm(23, 59)),
            (" 7:05 ", hm(7, 5)),
        ] {
            assert_eq!(parse_time(s), Ok(want), "{s:?}");
        }
    }

    #[test]
    fn garbage_is_refused_with_the_formats_to_try() {
        for s in [
            "", "x", "25", "24:00", "9:60", "9:3", "13pm", "0am", "12345", "9:30xm", "-1", "9::30",
            "1h", "٩",
        ] {
            let e = parse_time(s).unwrap_err();
            assert!(
                e.contains("is not a time") && e.contains("9:30pm"),
                "{s:?}: {e}"
            );
        }
    }

    #[test]
    fn every_accepted_duration_format() {
        for (s, mins) in [
            ("1h", 60),
            ("90m", 90),
            ("90min", 90),
            ("1h30", 90),
            ("1h30m", 90),
            ("1H 30M", 90),
            ("1:30", 90),
            ("0:45", 45),
            ("45m", 45),
            ("10h", 600),
        ] {
            assert_eq!(parse_duration(s), Ok(TimeDelta::minutes(mins)), "{s:?}");
        }
        for s in ["", "90", "h", "1h75", "1:5", "abc", "1x", "0m", "400h"] {
            assert!(parse_duration(s).is_err(), "{s:?}");
        }
        assert_eq!(format_duration(TimeDelta::minutes(90)), "1h30");
        assert_eq!(format_duration(TimeDelta::minutes(45)), "45m");
        assert_eq!(format_duration(TimeDelta::minutes(120)), "2h");
    }

    #[test]
    fn a_time_in_a_dst_gap_is_refused_with_a_sentence() {
        let e = resolve(New_York, d(2026, 3, 8), hm(2, 30)).unwrap_err();
        assert_eq!(
            e,
            "02:30 does not exist on 2026-03-08 in America/New_York (clocks go forward)"
        );
        // The minutes either side exist.
        assert!(resolve(New_York, d(2026, 3, 8), hm(1, 59)).is_ok());
        let three = resolve(New_York, d(2026, 3, 8), hm(3, 0)).unwrap();
        assert_eq!(three.at.to_rfc3339(), "2026-03-08T03:00:00-04:00");
    }

    #[test]
    fn a_repeated_time_is_the_first_occurrence_and_flagged() {
        let r = resolve(New_York, d(2026, 11, 1), hm(1, 30)).unwrap();
        assert!(r.repeated);
        assert_eq!(r.at.to_rfc3339(), "2026-11-01T01:30:00-04:00");
        assert_eq!(
            repeated_note(&r),
            "01:30 occurs twice that day: the first (UTC-04:00) is taken"
        );
        let plain = resolve(New_York, d(2026, 11, 1), hm(3, 0)).unwrap();
        assert!(!plain.repeated);
        assert_eq!(plain.at.to_rfc3339(), "2026-11-01T03:00:00-05:00");
    }

    #[test]
    fn lord_howe_shifts_by_half_an_hour() {
        // Forward on 2026-10-04 at 02:00 to 02:30: 02:00–02:29 do not exist.
        let e = resolve(Lord_Howe, d(2026, 10, 4), hm(2, 15)).unwrap_err();
        assert!(e.starts_with("02:15 does not exist on 2026-10-04 in Australia/Lord_Howe"));
        let after = resolve(Lord_Howe, d(2026, 10, 4), hm(2, 30)).unwrap();
        assert!(!after.repeated);
        assert_eq!(after.at.to_rfc3339(), "2026-10-04T02:30:00+11:00");
        // Back on 2026-04-05 at 02:00 to 01:30: 01:30–01:59 occur twice.
        let r = resolve(Lord_Howe, d(2026, 4, 5), hm(1, 45)).unwrap();
        assert!(r.repeated);
        assert_eq!(r.at.to_rfc3339(), "2026-04-05T01:45:00+11:00");
        assert!(
            !resolve(Lord_Howe, d(2026, 4, 5), hm(1, 15))
                .unwrap()
                .repeated
        );
    }

    proptest! {
        #[test]
        fn format_then_parse_is_the_same_time(h in 0u32..24, m in 0u32..60) {
            let t = hm(h, m);
            prop_assert_eq!(parse_time(&format_time(t)), Ok(t));
            // The 12-hour spelling reads back too.
            let twelve = t.format("%-I:%M%P").to_string();
            prop_assert_eq!(parse_time(&twelve), Ok(t));
        }

        #[test]
        fn format_then_parse_is_the_same_duration(mins in 1i64..(14 * 24 * 60)) {
            let dur = TimeDelta::minutes(mins);
            prop_assert_eq!(parse_duration(&format_duration(dur)), Ok(dur));
        }
    }
}
