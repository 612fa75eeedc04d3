//! Local dates and times in the account's zone, DST gaps and overlaps included.

use chrono::{
    DateTime, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

/// Start of the local day as an instant: local midnight, or the first instant that exists
/// when midnight falls in a DST gap (e.g. America/Santiago, America/Havana). Never panics.
pub fn day_start(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, d, NaiveTime::MIN)
}

/// Local date+time → instant: in a gap, the first valid instant after; in an overlap, the earlier.
pub fn local_instant(tz: Tz, d: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
    let local = d.and_time(t);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(x) => x.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => gap_end(tz, local),
    }
}

/// Minutes in the local day: 1440, or 1380 / 1500 on DST days (0 for a skipped date).
pub fn day_minutes(tz: Tz, d: NaiveDate) -> i64 {
    match d.checked_add_days(Days::new(1)) {
        Some(next) => (day_start(tz, next) - day_start(tz, d)).num_minutes(),
        None => 1440,
    }
}

pub fn local_date(tz: Tz, t: DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// Minutes from the start of local day `d` to `t` (negative before it).
pub fn minutes_since_day_start(tz: Tz, d: NaiveDate, t: DateTime<Utc>) -> i64 {
    (t - day_start(tz, d)).num_minutes()
}

/// The first instant whose local time is at or after `local`, which lies in a gap.
///
/// Local time only jumps forward at a gap, so within a couple of days around it the
/// instants whose local time has reached `local` form a suffix: bisect for its start.
fn gap_end(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let naive_utc = local.and_utc().timestamp();
    // Wider than any UTC offset (historic local mean times included).
    let reach = 2 * 86_400;
    let reached = |secs: i64| -> bool {
        DateTime::from_timestamp(secs, 0).is_some_and(|u| {
            let off = i64::from(
                tz.offset_from_utc_datetime(&u.naive_utc())
                    .fix()
                    .local_minus_utc(),
            );
            secs + off >= naive_utc
        })
    };
    let (mut lo, mut hi) = (naive_utc - reach, naive_utc + reach);
    if reached(lo) || !reached(hi) {
        return local.and_utc();
    }
    // Invariant: !reached(lo) && reached(hi).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or_else(|| local.and_utc())
}

/// The instant `minutes` after the start of local day `d`.
pub fn at_minute(tz: Tz, d: NaiveDate, minutes: i64) -> DateTime<Utc> {
    let start = day_start(tz, d);
    TimeDelta::try_minutes(minutes)
        .and_then(|m| start.checked_add_signed(m))
        .unwrap_or(start)
}

/// Whether the local time of `t` occurs twice that day (the hour repeated when
/// clocks fall back): such a time needs its offset to be read right.
pub fn is_ambiguous(tz: Tz, t: DateTime<Utc>) -> bool {
    let local = t.with_timezone(&tz).naive_local();
    matches!(tz.from_local_datetime(&local), LocalResult::Ambiguous(..))
}
