//! Instants computed without panicking.

use chrono::{DateTime, Duration as TimeDelta, Utc};

/// `t + d`, saturating at the latest representable instant instead of
/// panicking: no setting or server answer can overflow the clock.
pub fn later(t: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    TimeDelta::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}
