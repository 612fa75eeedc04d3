//! One rate-limit gate per client, that is per host: a `Retry-After` on any
//! answer holds every later request, reads and mutations, on every endpoint,
//! until the time the server asked for. Network-side state only.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug, Default)]
pub struct Gate {
    not_before: Mutex<Option<Instant>>,
}

impl Gate {
    /// Holds every request for `wait` from now (a longer hold already set stays).
    pub fn hold_for(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        let mut nb = self.not_before.lock().unwrap_or_else(|e| e.into_inner());
        if nb.is_none_or(|t| t < until) {
            *nb = Some(until);
        }
    }

    /// When requests may go again, if they are held.
    pub fn held_until(&self) -> Option<Instant> {
        let nb = *self.not_before.lock().unwrap_or_else(|e| e.into_inner());
        nb.filter(|t| *t > Instant::now())
    }

    /// Waits until the gate is open (again, if a hold grew meanwhile).
    pub async fn pass(&self) {
        while let Some(until) = self.held_until() {
            tokio::time::sleep_until(until).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_hold_delays_every_pass_and_only_grows() {
        let g = Gate::default();
        let t0 = Instant::now();
        g.pass().await;
        assert_eq!(Instant::now(), t0, "an open gate does not wait");
        g.hold_for(Duration::from_secs(30));
        g.hold_for(Duration::from_secs(5));
        g.pass().await;
        assert_eq!(Instant::now() - t0, Duration::from_secs(30));
        g.pass().await;
        assert_eq!(Instant::now() - t0, Duration::from_secs(30));
    }
}
