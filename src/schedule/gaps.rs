//! Free time in a working day: the stretches of the working hours that no
//! booked task covers, the largest of them, and the next one long enough
//! for a task. Instants, not minutes of the day, so DST days are right.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::lanes::WorkHours;
use super::tz::local_instant;

/// An interval of time, start before end.
pub type Stretch = (DateTime<Utc>, DateTime<Utc>);

/// The working hours of `date` as instants.
pub fn work_bounds(tz: Tz, date: NaiveDate, hours: &WorkHours) -> Stretch {
    let from = local_instant(tz, date, hours.start);
    let to = local_instant(tz, date, hours.end);
    (from, to.max(from))
}

/// The free stretches of `work` around `busy` (any order, may overlap or
/// reach past the working hours), in time order.
pub fn free(work: Stretch, busy: &[Stretch]) -> Vec<Stretch> {
    let mut busy: Vec<Stretch> = busy
        .iter()
        .filter(|(s, e)| s < e && *e > work.0 && *s < work.1)
        .copied()
        .collect();
    busy.sort_unstable();
    let mut out = Vec::new();
    let mut at = work.0;
    for (s, e) in busy {
        if s > at {
            out.push((at, s.min(work.1)));
        }
        at = at.max(e);
        if at >= work.1 {
            return out;
        }
    }
    if at < work.1 {
        out.push((at, work.1));
    }
    out
}

/// The longest stretch (the earliest of equals).
pub fn largest(gaps: &[Stretch]) -> Option<Stretch> {
    gaps.iter()
        .copied()
        .fold(None, |best: Option<Stretch>, g| match best {
            Some(b) if b.1 - b.0 >= g.1 - g.0 => Some(b),
            _ => Some(g),
        })
}

/// Where a task `len` long fits next: the start of the first gap at least
/// that long that starts after `after`, else the first such gap of the day.
pub fn next_fit(gaps: &[Stretch], len: Duration, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let fits = |g: &&Stretch| g.1 - g.0 >= len;
    gaps.iter()
        .filter(fits)
        .find(|g| g.0 > after)
        .or_else(|| gaps.iter().find(fits))
        .map(|g| g.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap()
    }

    #[test]
    fn the_gaps_are_the_working_hours_less_booked_work() {
        let work = (at(7, 0), at(19, 0));
        // 6:00-8:00 reaches in; 9:00-10:00 and 9:30-11:00 overlap; 18:00-20:00 reaches out.
        let busy = [
            (at(9, 30), at(11, 0)),
            (at(6, 0), at(8, 0)),
            (at(9, 0), at(10, 0)),
            (at(18, 0), at(20, 0)),
        ];
        let gaps = free(work, &busy);
        assert_eq!(gaps, [(at(8, 0), at(9, 0)), (at(11, 0), at(18, 0))]);
        assert_eq!(largest(&gaps), Some((at(11, 0), at(18, 0))));
        assert_eq!(free(work, &[]), [work]);
        assert!(free(work, &[(at(6, 0), at(20, 0))]).is_empty());
    }

    #[test]
    fn the_next_fit_is_after_the_given_time_then_wraps_to_the_first() {
        let gaps = [
            (at(8, 0), at(9, 0)),
            (at(10, 0), at(10, 30)),
            (at(12, 0), at(14, 0)),
        ];
        let hour = Duration::minutes(60);
        assert_eq!(next_fit(&gaps, hour, at(7, 0)), Some(at(8, 0)));
        // The half hour at 10:00 is too short.
        assert_eq!(next_fit(&gaps, hour, at(8, 0)), Some(at(12, 0)));
        assert_eq!(next_fit(&gaps, hour, at(12, 0)), Some(at(8, 0)));
        assert_eq!(next_fit(&gaps, Duration::minutes(180), at(7, 0)), None);
    }

    #[test]
    fn a_dst_day_has_its_working_hours_in_real_time() {
        let tz = chrono_tz::America::New_York;
        let hours = WorkHours::default();
        // 1 November 2026: clocks fall back at 2:00; 7:00-19:00 is still 12 hours.
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let (from, to) = work_bounds(tz, d, &hours);
        assert_eq!(to - from, Duration::hours(12));
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap());
    }
}
