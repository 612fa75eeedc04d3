//! The days before a shown period, read less often than the period itself.
//!
//! A board polls its period every few seconds, and each poll also lists the
//! days before it (the look-back: tasks that began then may reach into the
//! period). Those days hold most of a poll's entries but change rarely, and
//! on Kickserv every page is a new connection and most of a second of its
//! time. Their listing is kept for a short while and forgotten at once when
//! this process changes anything, so one's own changes show at the next poll.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

use super::model::Listing;

/// Listings kept that a poll has asked for again: the shown period's and
/// its neighbours' (read ahead). A listing read once, as browsing reads each
/// period it passes, is kept only until the next is: a month of the large
/// account is megabytes.
const CAP: usize = 3;

#[derive(Debug)]
struct Kept {
    at: Instant,
    listing: Listing,
    /// Asked for again since it was read: a period being polled.
    recalled: bool,
}

#[derive(Debug, Default)]
pub(super) struct Earlier(Mutex<HashMap<String, Kept>>);

impl Earlier {
    /// The listing of `key` if read less than `reuse` ago.
    pub(super) fn recall(&self, key: &str, reuse: Duration) -> Option<Listing> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let kept = map.get_mut(key)?;
        if kept.at.elapsed() >= reuse {
            return None;
        }
        kept.recalled = true;
        Some(kept.listing.clone())
    }

    /// Keeps `listing` as read now. Let go: listings older than `reuse`
    /// (never recalled again), those no poll asked for again, and past
    /// [`CAP`] the oldest.
    pub(super) fn keep(&self, key: String, listing: Listing, reuse: Duration) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // Asked for again and read anew (it had aged): still a polled period.
        let recalled = map.get(&key).is_some_and(|k| k.recalled);
        map.remove(&key);
        map.retain(|_, k| k.recalled && k.at.elapsed() < reuse);
        while map.len() >= CAP {
            let Some(oldest) = map.iter().min_by_key(|(_, k)| k.at).map(|(k, _)| k.clone()) else {
                break;
            };
            map.remove(&oldest);
        }
        map.insert(
            key,
            Kept {
                at: Instant::now(),
                listing,
                recalled,
            },
        );
    }

    /// How many listings are held.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// After any change this process sends: the next poll reads everything.
    pub(super) fn forget_all(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// `earlier` and `fresh` as one listing: a task in both (moved since the
/// earlier read) is taken from the fresh one.
pub(super) fn join(earlier: Listing, fresh: Listing) -> Listing {
    let ids: std::collections::HashSet<i64> = fresh.tasks.iter().map(|t| t.id).collect();
    let mut tasks: Vec<_> = earlier
        .tasks
        .into_iter()
        .filter(|t| !ids.contains(&t.id))
        .collect();
    tasks.extend(fresh.tasks);
    Listing {
        tasks,
        notes: earlier.notes.merge(fresh.notes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Listing {
        Listing {
            tasks: Vec::new(),
            notes: Default::default(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn periods_browsed_past_are_let_go_and_polled_ones_kept() {
        let e = Earlier::default();
        let reuse = Duration::from_secs(120);
        // The shown week, polled: read, then asked for again.
        e.keep("week 0".into(), empty(), reuse);
        assert!(e.recall("week 0", reuse).is_some());
        // Browsing eight weeks reads each once.
        for week in 1..9 {
            tokio::time::advance(Duration::from_secs(5)).await;
            e.keep(format!("week {week}"), empty(), reuse);
        }
        assert_eq!(e.held(), 2, "the polled week and the last one read");
        assert!(e.recall("week 0", reuse).is_some());
        assert!(e.recall("week 8", reuse).is_some());
        assert!(e.recall("week 7", reuse).is_none());
        // Past `reuse` nothing is recalled, and the next keep lets it go.
        tokio::time::advance(reuse).await;
        assert!(e.recall("week 8", reuse).is_none());
        e.keep("week 9".into(), empty(), reuse);
        assert_eq!(e.held(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn no_more_than_the_cap_of_polled_periods_is_kept() {
        let e = Earlier::default();
        let reuse = Duration::from_secs(120);
        for week in 0..6 {
            e.keep(format!("week {week}"), empty(), reuse);
            assert!(e.recall(&format!("week {week}"), reuse).is_some());
            tokio::time::advance(Duration::from_secs(5)).await;
        }
        assert_eq!(e.held(), CAP);
        assert!(e.recall("week 5", reuse).is_some());
        assert!(e.recall("week 2", reuse).is_none());
    }
}
