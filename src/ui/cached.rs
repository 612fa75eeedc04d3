//! The mark of data drawn from the disk cache: when it was cached, in
//! absolute time, and roughly how old it is (never seconds, so an idle
//! board redraws it no more often than the clock beside it).

use chrono::{DateTime, Utc};

use crate::app::model::Model;
use crate::app::offline;

/// "cached 14:02, 3 h old" while the shown data is the disk's copy.
pub fn mark(m: &Model) -> Option<String> {
    let at = offline::shown_cached_at(m)?;
    Some(text(at, m.now, m.tz()))
}

fn text(at: DateTime<Utc>, now: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    let today = now.with_timezone(&tz).date_naive();
    let days = today.signed_duration_since(local.date_naive()).num_days();
    let when = match days {
        0 => local.format("%H:%M"),
        1..=6 => local.format("%a %H:%M"),
        _ => local.format("%-d %b %H:%M"),
    };
    let mins = now.signed_duration_since(at).num_minutes().max(0);
    let age = match mins {
        0 => "under 1 min".to_string(),
        1..=59 => format!("{mins} min"),
        60..=2879 => format!("{} h", mins / 60),
        _ => format!("{} d", mins / 1440),
    };
    format!("cached {when}, {age} old")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_mark_names_the_time_and_a_coarse_age() {
        let tz = chrono_tz::Europe::London;
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 17, 5, 30).unwrap();
        let at = |d, h, m| Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap();
        assert_eq!(text(at(27, 14, 2), now, tz), "cached 14:02, 3 h old");
        assert_eq!(
            text(at(27, 17, 5), now, tz),
            "cached 17:05, under 1 min old"
        );
        assert_eq!(text(at(27, 16, 50), now, tz), "cached 16:50, 15 min old");
        assert_eq!(text(at(26, 9, 0), now, tz), "cached Thu 09:00, 32 h old");
        assert_eq!(text(at(3, 9, 0), now, tz), "cached 3 Nov 09:00, 24 d old");
    }
}
