//! The dates a view shows: one day or one week, and how to step through them.

use chrono::{Datelike, Days, NaiveDate, Weekday};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewKind {
    Day,
    Week,
}

/// The least a fetch looks back before a period, for overnight work (see
/// [`Period::fetch_window`] and [`super::Lookback`] for longer tasks).
pub const LOOKBACK_DAYS: u64 = 2;

/// An inclusive range of local dates: `start ..= start + days - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: ViewKind,
    pub start: NaiveDate,
    pub days: u32,
}

impl Period {
    pub fn day(d: NaiveDate) -> Period {
        Period {
            kind: ViewKind::Day,
            start: d,
            days: 1,
        }
    }

    /// The seven days starting on the last `week_start` on or before `d`.
    pub fn week_containing(d: NaiveDate, week_start: Weekday) -> Period {
        let back = (7 + d.weekday().num_days_from_monday() - week_start.num_days_from_monday()) % 7;
        // Only the first days of the calendar have no such week start; keep `d` then.
        let start = d.checked_sub_days(Days::new(u64::from(back))).unwrap_or(d);
        Period {
            kind: ViewKind::Week,
            start,
            days: 7,
        }
    }

    pub fn for_kind(kind: ViewKind, d: NaiveDate, week_start: Weekday) -> Period {
        match kind {
            ViewKind::Day => Period::day(d),
            ViewKind::Week => Period::week_containing(d, week_start),
        }
    }

    fn len(&self) -> u64 {
        u64::from(self.days.max(1))
    }

    pub fn last(&self) -> NaiveDate {
        self.start
            .checked_add_days(Days::new(self.len() - 1))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let last = self.last();
        self.start.iter_days().take_while(move |d| *d <= last)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.last()
    }

    /// The same kind of period right after this one (saturates at the end of the calendar).
    pub fn next(&self) -> Period {
        match self.start.checked_add_days(Days::new(self.len())) {
            Some(start) if start.checked_add_days(Days::new(self.len() - 1)).is_some() => {
                Period { start, ..*self }
            }
            _ => *self,
        }
    }

    /// The same kind of period right before this one (saturates at the start of the calendar).
    pub fn prev(&self) -> Period {
        match self.start.checked_sub_days(Days::new(self.len())) {
            Some(start) => Period { start, ..*self },
            None => *self,
        }
    }

    /// The inclusive dates to ask the API for, looking back `lookback_days`
    /// (see [`super::Lookback`]): Kickserv filters on the start date only,
    /// so a task that began before the period and runs into it (an
    /// overnight job, a multi-day one) would be missed without looking
    /// back; the layout drops what does not touch the period. `widen`: the server's dates are the
    /// account's, which may not be the board's; one more day on each side
    /// covers any two zones, and the layouts keep what meets the period by
    /// instant.
    pub fn fetch_window(&self, lookback_days: u32, widen: bool) -> (NaiveDate, NaiveDate) {
        let extra = u64::from(widen);
        let back = u64::from(lookback_days) + extra;
        let from = self
            .start
            .checked_sub_days(Days::new(back))
            .unwrap_or(NaiveDate::MIN);
        let to = self
            .last()
            .checked_add_days(Days::new(extra))
            .unwrap_or(NaiveDate::MAX);
        (from, to)
    }

    /// ISO week number. A week is numbered by its middle day, which is ISO's own rule
    /// (a week belongs to the ISO week of its Thursday) and equals the ISO week of
    /// `start` for weeks starting on Monday; a Sunday-start week thus shares the number
    /// of the Monday–Saturday it mostly consists of.
    pub fn week_number(&self) -> u32 {
        let probe = match self.kind {
            ViewKind::Day => self.start,
            ViewKind::Week => self
                .start
                .checked_add_days(Days::new((self.len() - 1) / 2))
                .unwrap_or(self.start),
        };
        probe.iso_week().week()
    }
}
