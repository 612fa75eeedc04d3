//! How far before a period a fetch reaches back.
//!
//! Kickserv filters the task list on the start date only, so a task that
//! began before the period and runs into it is found only by asking for
//! earlier dates too. How much earlier depends on the account's longest
//! task, which the board learns from what it fetches.
//!
//! Learning it cheaply: the server cannot be asked for "long tasks only",
//! so the longest task can only be seen by reading every task that starts
//! within the cap. The first fetch of a session (and of each new day, as
//! new long jobs get booked) therefore looks back the full cap, once; every
//! later fetch looks back only as far as the longest task seen needs, which
//! for most accounts is a day or two and keeps polls small. A fetch that
//! brings a task longer than its own look-back allowed for widens the next
//! one at once.

use super::range::LOOKBACK_DAYS;
use super::span::Span;
use crate::kickserv::model::Task;

/// Default for the configured cap (`max_task_days`).
pub const DEFAULT_MAX_TASK_DAYS: u32 = 31;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lookback {
    /// The configured cap, in days.
    pub cap_days: u32,
    /// The longest task seen, in seconds.
    pub longest_secs: i64,
    /// Whether a fetch has looked back the whole cap since the last reset.
    pub probed: bool,
}

impl Lookback {
    pub fn new(cap_days: u32) -> Lookback {
        Lookback {
            cap_days: cap_days.max(1),
            longest_secs: 0,
            probed: false,
        }
    }

    /// Days the next fetch looks back.
    pub fn days(&self) -> u32 {
        if !self.probed {
            return self.cap_days;
        }
        self.needed().min(self.cap_days)
    }

    /// Whole days the longest task can span, plus one for a start late in a day.
    fn needed(&self) -> u32 {
        let days = self.longest_secs.max(0).saturating_add(86_399) / 86_400 + 1;
        u32::try_from(days)
            .unwrap_or(u32::MAX)
            .max(LOOKBACK_DAYS as u32)
    }

    /// Learns from a fetch that looked back `used` days (`None`: not known).
    /// True when the period needs fetching again with a wider look-back: a
    /// task seen needs more than `used` allowed for, so others like it may
    /// have been missed.
    pub fn learn(&mut self, tasks: &[Task], used: Option<u32>) -> bool {
        if used.is_some_and(|u| u >= self.cap_days) {
            self.probed = true;
        }
        for span in tasks.iter().filter_map(Span::of) {
            self.longest_secs = self.longest_secs.max(span.end.saturating_sub(span.start));
        }
        used.is_some_and(|u| self.days() > u)
    }

    /// Learns of a task not kept (a listing lets go of tasks over before
    /// the period): it still says how far back a task can start.
    pub fn saw_longest(&mut self, secs: i64) {
        self.longest_secs = self.longest_secs.max(secs);
    }

    /// Forget that the cap was probed, so that the next fetch probes again.
    pub fn reprobe(&mut self) {
        self.probed = false;
    }

    /// A task as long as the cap was seen: longer ones, starting before the
    /// cap reaches, could be missing.
    pub fn capped(&self) -> bool {
        self.needed() > self.cap_days
    }
}
