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

/// Listings kept; past this the store starts afresh.
const CAP: usize = 16;

#[derive(Debug, Default)]
pub(super) struct Earlier(Mutex<HashMap<String, (Instant, Listing)>>);

impl Earlier {
    /// The listing of `key` if read less than `reuse` ago.
    pub(super) fn recall(&self, key: &str, reuse: Duration) -> Option<Listing> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (at, listing) = map.get(key)?;
        (at.elapsed() < reuse).then(|| listing.clone())
    }

    pub(super) fn keep(&self, key: String, listing: Listing) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CAP && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (Instant::now(), listing));
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
