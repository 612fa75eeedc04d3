//! The arithmetic of a move, in the account's zone: minutes are absolute
//! (15 minutes later is 15 minutes of real time, across a DST change too),
//! days keep the local clock time (the same 09:00 the next day).

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// `t` moved by `minutes` of real time, written in the zone's offset then.
pub fn by_minutes(t: DateTime<FixedOffset>, minutes: i64, tz: Tz) -> DateTime<FixedOffset> {
    (t + Duration::minutes(minutes))
        .with_timezone(&tz)
        .fixed_offset()
}

/// `t` moved by `days` at the same local clock time. A time the day does
/// not have (spring forward) moves on by the gap; a time it has twice
/// (fall back) takes the first.
pub fn by_days(t: DateTime<FixedOffset>, days: i64, tz: Tz) -> DateTime<FixedOffset> {
    let local = t.with_timezone(&tz).naive_local() + Duration::days(days);
    resolve(tz, local)
}

fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<FixedOffset> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => d.fixed_offset(),
        // No zone skips more than an hour or two: step past the gap.
        LocalResult::None => (1..=3)
            .find_map(|h| {
                tz.from_local_datetime(&(local + Duration::hours(h)))
                    .earliest()
            })
            .unwrap_or_else(|| tz.from_utc_datetime(&local))
            .fixed_offset(),
    }
}

/// Start and end after a move of `minutes` (`days` when non-zero) and a
/// change of length of `longer` minutes; never shorter than `least`.
pub fn moved(
    (start, end): (DateTime<FixedOffset>, DateTime<FixedOffset>),
    minutes: i64,
    days: i64,
    longer: i64,
    least: i64,
    tz: Tz,
) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let length = (end - start).num_minutes();
    let new_start = if days != 0 {
        by_days(start, days, tz)
    } else {
        by_minutes(start, minutes, tz)
    };
    let new_length = (length + longer).max(least.min(length.max(1)));
    (new_start, by_minutes(new_start, new_length, tz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;

    fn ny(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<FixedOffset> {
        New_York
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .earliest()
            .map(|t| t.fixed_offset())
            .unwrap_or_else(|| panic!("{y}-{mo}-{d} {h}:{mi}"))
    }

    #[test]
    fn minutes_are_real_time_across_the_spring_gap() {
        // 8 March 2026: 02:00 becomes 03:00 in New York.
        let t = ny(2026, 3, 8, 1, 45);
        let later = by_minutes(t, 15, New_York);
        assert_eq!(later.to_rfc3339(), "2026-03-08T03:00:00-04:00");
        assert_eq!((later - t).num_minutes(), 15);
    }

    #[test]
    fn days_keep_the_clock_time_and_step_past_a_gap() {
        let t = ny(2026, 3, 7, 9, 0);
        assert_eq!(
            by_days(t, 1, New_York).to_rfc3339(),
            "2026-03-08T09:00:00-04:00"
        );
        let t = ny(2026, 3, 7, 2, 30);
        assert_eq!(
            by_days(t, 1, New_York).to_rfc3339(),
            "2026-03-08T03:30:00-04:00"
        );
        // 1 November 2026: 01:30 happens twice; the first is taken.
        let t = ny(2026, 10, 31, 1, 30);
        assert_eq!(
            by_days(t, 1, New_York).to_rfc3339(),
            "2026-11-01T01:30:00-04:00"
        );
    }

    #[test]
    fn a_move_keeps_the_length_and_a_resize_stops_at_the_step() {
        let s = ny(2026, 11, 27, 9, 0);
        let e = ny(2026, 11, 27, 10, 0);
        let (a, b) = moved((s, e), 30, 0, 0, 15, New_York);
        assert_eq!(
            (a.to_rfc3339(), b.to_rfc3339()),
            (
                "2026-11-27T09:30:00-05:00".to_string(),
                "2026-11-27T10:30:00-05:00".to_string()
            )
        );
        let (a, b) = moved((s, e), 0, 0, -120, 15, New_York);
        assert_eq!(((b - a).num_minutes(), a), (15, s));
        let (_, b) = moved((s, e), 0, 0, 15, 15, New_York);
        assert_eq!(b, ny(2026, 11, 27, 10, 15));
    }
}
