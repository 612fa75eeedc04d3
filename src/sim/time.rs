//! Account-zone time helpers. Local times are resolved without ever panicking:
//! DST gaps move forward to the first instant that exists, overlaps take the
//! earlier instant.

use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone,
    Utc,
};
use chrono_tz::Tz;

/// The instant a wall-clock time in `tz` denotes.
pub fn resolve(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = naive;
    // Gaps are at most a few hours; step forward a minute at a time within one day.
    for _ in 0..(24 * 60) {
        if let Some(t) = tz.from_local_datetime(&probe).earliest() {
            return t.with_timezone(&Utc);
        }
        probe += Duration::minutes(1);
    }
    // Unreachable for real zones; treat the wall time as UTC rather than fail.
    naive.and_utc()
}

/// `date` at `hour:minute` in `tz`.
pub fn at(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN);
    resolve(tz, date.and_time(time))
}

/// Local midnight that starts `date` (or the first instant of the day if midnight is skipped).
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    resolve(tz, date.and_time(NaiveTime::MIN))
}

pub fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The instant in the account zone's offset, whole seconds.
pub fn in_zone(tz: Tz, t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&tz).fixed_offset().trunc_subsecs(0)
}

/// RFC 3339 in the account zone's offset, e.g. `2026-11-27T09:00:00-05:00`.
pub fn format(tz: Tz, t: DateTime<Utc>) -> String {
    in_zone(tz, t).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A write's time value: RFC 3339, or a naive local time read in the account zone
/// (as a Rails app does for zone-less strings).
pub fn parse(tz: Tz, s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(resolve(tz, n));
        }
    }
    None
}

/// Hours as Rails prints a decimal: `2.5`, `2.0`, `1.75`.
pub fn hours_decimal(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let minutes = (end - start).num_minutes();
    let hundredths = (minutes * 100 + 30) / 60;
    let (whole, frac) = (hundredths / 100, (hundredths % 100).abs());
    if frac == 0 {
        format!("{whole}.0")
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_moves_forward_and_overlap_takes_earlier() {
        let tz: Tz = chrono_tz::America::New_York;
        let spring = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap_or_default();
        assert_eq!(
            format(tz, at(tz, spring, 2, 30)),
            "2026-03-08T03:00:00-04:00"
        );
        let fall = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        assert_eq!(format(tz, at(tz, fall, 1, 30)), "2026-11-01T01:30:00-04:00");
    }

    #[test]
    fn skipped_midnight_resolves() {
        // Santiago skips 00:00 when DST begins.
        let tz: Tz = chrono_tz::America::Santiago;
        let d = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap_or_default();
        assert_eq!(format(tz, start_of_day(tz, d)), "2026-09-06T01:00:00-03:00");
    }

    #[test]
    fn decimal_hours() {
        let t0 = Utc::now();
        assert_eq!(hours_decimal(t0, t0 + Duration::minutes(150)), "2.5");
        assert_eq!(hours_decimal(t0, t0 + Duration::minutes(120)), "2.0");
        assert_eq!(hours_decimal(t0, t0 + Duration::minutes(105)), "1.75");
        assert_eq!(hours_decimal(t0, t0 + Duration::minutes(100)), "1.67");
    }
}
