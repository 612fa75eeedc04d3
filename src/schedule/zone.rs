//! Which zone the board draws in, and why.
//!
//! Every Kickserv timestamp carries the account's UTC offset. With no zone
//! configured the board starts in the host's zone, which over SSH is often
//! UTC: the offsets the API returns tell whether that is right, and if not,
//! which zone (or at least which offsets) the account uses.

use chrono::{DateTime, Datelike, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use std::collections::BTreeMap;

use crate::kickserv::model::Task;

/// Where the board's zone setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneOrigin {
    /// `tz` in this config file.
    File(String),
    /// `--tz` on the command line.
    Flag,
    /// The host's zone (nothing configured).
    Host,
    /// Nothing configured and the host's zone unknown: an assumption.
    Assumed,
}

impl ZoneOrigin {
    pub fn configured(&self) -> bool {
        matches!(self, ZoneOrigin::File(_) | ZoneOrigin::Flag)
    }
}

/// Distinct offsets kept (a zone's history has a handful).
const MAX_OFFSETS: usize = 16;

/// The UTC offsets seen in the API's timestamps: for each offset, the
/// earliest and latest instant that carried it. Small (one entry per
/// offset), yet enough to tell zones apart by their DST rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    by_offset: BTreeMap<i32, (i64, i64)>,
}

impl Evidence {
    /// Adds the timestamps of `tasks`; true when something new was learnt.
    pub fn add(&mut self, tasks: &[Task]) -> bool {
        let mut changed = false;
        for t in tasks {
            for s in [t.starts_at, t.ends_at].into_iter().flatten() {
                changed |= self.add_one(s);
            }
        }
        changed
    }

    fn add_one(&mut self, t: DateTime<FixedOffset>) -> bool {
        let off = t.offset().local_minus_utc();
        let at = t.timestamp();
        let full = self.by_offset.len() >= MAX_OFFSETS;
        match self.by_offset.get_mut(&off) {
            Some((lo, hi)) if *lo <= at && at <= *hi => false,
            Some((lo, hi)) => {
                *lo = (*lo).min(at);
                *hi = (*hi).max(at);
                true
            }
            // A real zone has a few offsets; a server sending more is not
            // one zone's clock, and memory stays bounded.
            None if full => false,
            None => {
                self.by_offset.insert(off, (at, at));
                true
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_offset.is_empty()
    }

    /// The distinct offsets seen, in seconds east of UTC.
    pub fn offsets(&self) -> Vec<i32> {
        self.by_offset.keys().copied().collect()
    }

    fn samples(&self) -> impl Iterator<Item = (i32, i64)> + '_ {
        self.by_offset
            .iter()
            .flat_map(|(&off, &(lo, hi))| [(off, lo), (off, hi)])
    }

    /// Whether `tz` gives every instant seen the offset it came with.
    pub fn fits(&self, tz: Tz) -> bool {
        self.samples()
            .all(|(off, at)| offset_at(tz, at) == Some(off))
    }

    /// The offset of the latest instant seen.
    fn latest(&self) -> Option<(i32, i64)> {
        self.by_offset
            .iter()
            .max_by_key(|(_, (_, hi))| *hi)
            .map(|(&off, &(_, hi))| (off, hi))
    }
}

fn offset_at(tz: Tz, secs: i64) -> Option<i32> {
    let u = DateTime::<Utc>::from_timestamp(secs, 0)?;
    Some(
        tz.offset_from_utc_datetime(&u.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// What the API's offsets say about a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No timestamps seen yet.
    Unknown,
    /// The zone gives every timestamp seen its offset.
    Agrees,
    /// It does not; the offsets fit exactly one zone's rules (up to zones
    /// that behave the same), this one.
    Inferred(Tz),
    /// It does not, and several zones with different rules fit: this one
    /// (a fixed `Etc/GMT±N` where the offsets allow) draws the offsets seen.
    Offsets(Tz),
}

/// Zones preferred as the name of a group of zones that behave the same.
const PREFERRED: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Halifax",
    "America/St_Johns",
    "America/Puerto_Rico",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Helsinki",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Pacific/Auckland",
    "UTC",
];

/// Compares `zone` with the offsets seen; when they disagree, names the
/// zone that fits them, or the offsets themselves where that is ambiguous.
pub fn judge(e: &Evidence, zone: Tz) -> Verdict {
    if e.is_empty() {
        return Verdict::Unknown;
    }
    if e.fits(zone) {
        return Verdict::Agrees;
    }
    let fitting: Vec<Tz> = TZ_VARIANTS
        .iter()
        .copied()
        .filter(|&tz| e.fits(tz))
        .collect();
    let year = e
        .samples()
        .map(|(_, at)| at)
        .max()
        .and_then(|at| DateTime::<Utc>::from_timestamp(at, 0))
        .map_or(2000, |d| d.year());
    let rules = |tz: Tz| year_signature(tz, year);
    if let Some(first) = fitting.first() {
        let sig = rules(*first);
        if fitting.iter().all(|&tz| rules(tz) == sig) {
            return Verdict::Inferred(preferred(&fitting));
        }
    }
    // Ambiguous (or no zone fits at all): draw in the latest offset seen.
    let Some((off, at)) = e.latest() else {
        return Verdict::Unknown;
    };
    if let Some(tz) = fixed_zone(off) {
        return Verdict::Offsets(tz);
    }
    // No `Etc/` zone for offsets such as +05:45: a zone with that offset then.
    let tz = if fitting.is_empty() {
        TZ_VARIANTS
            .iter()
            .copied()
            .find(|&tz| offset_at(tz, at) == Some(off))
            .unwrap_or(zone)
    } else {
        preferred(&fitting)
    };
    Verdict::Offsets(tz)
}

/// The offset at noon UTC of every day of `year`: two zones with the same
/// signature draw that year's days alike.
fn year_signature(tz: Tz, year: i32) -> Vec<i32> {
    let Some(start) = Utc.with_ymd_and_hms(year, 1, 1, 12, 0, 0).single() else {
        return Vec::new();
    };
    (0..366)
        .filter_map(|d| offset_at(tz, start.timestamp() + d * 86_400))
        .collect()
}

fn preferred(zones: &[Tz]) -> Tz {
    PREFERRED
        .iter()
        .find_map(|p| zones.iter().find(|z| z.name() == *p))
        .or_else(|| {
            // Else a city name rather than an alias such as `US/Eastern`.
            zones.iter().find(|z| {
                let n = z.name();
                n.contains('/') && !n.starts_with("Etc/") && !n.starts_with("US/")
            })
        })
        .or_else(|| zones.first())
        .copied()
        .unwrap_or(Tz::UTC)
}

/// `Etc/GMT+5` for -05:00 (the sign is POSIX's, inverted); only whole hours exist.
fn fixed_zone(offset_secs: i32) -> Option<Tz> {
    if offset_secs % 3600 != 0 {
        return None;
    }
    let h = -offset_secs / 3600;
    let name = if h == 0 {
        "Etc/GMT".to_string()
    } else {
        format!("Etc/GMT{h:+}")
    };
    name.parse().ok()
}

/// `-05:00` style.
pub fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// A zone's name as shown: fixed `Etc/` zones as `UTC-05:00`, or `UTC`.
pub fn zone_label(tz: Tz) -> String {
    let name = tz.name();
    if name.starts_with("Etc/") || name == "UTC" {
        return match offset_at(tz, 0).unwrap_or(0) {
            0 => "UTC".to_string(),
            off => format!("UTC{}", offset_text(off)),
        };
    }
    name.to_string()
}

/// The board's zone: what was set (or the host's), what the API's offsets
/// say about it, and so the zone actually drawn in.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    pub origin: ZoneOrigin,
    /// Configured, or the host's.
    pub set: Tz,
    pub verdict: Verdict,
    pub evidence: Evidence,
}

impl Zone {
    pub fn new(set: Tz, origin: ZoneOrigin) -> Zone {
        Zone {
            origin,
            set,
            verdict: Verdict::Unknown,
            evidence: Evidence::default(),
        }
    }

    /// The zone days, weeks and times are drawn in: a configured zone always
    /// (the dispatcher chose it); else the account's when the host disagrees.
    pub fn tz(&self) -> Tz {
        if self.origin.configured() {
            return self.set;
        }
        match self.verdict {
            Verdict::Inferred(tz) | Verdict::Offsets(tz) => tz,
            Verdict::Unknown | Verdict::Agrees => self.set,
        }
    }

    /// Learns from fetched tasks; true when the drawn zone changed.
    pub fn observe(&mut self, tasks: &[Task]) -> bool {
        let offsets = self.evidence.by_offset.len();
        if !self.evidence.add(tasks) {
            return false;
        }
        // Later instants with offsets already seen, which the zone drawn in
        // still gives them: nothing to reconsider (judging scans every zone).
        let new_offset = self.evidence.by_offset.len() != offsets;
        if self.verdict != Verdict::Unknown && !new_offset && self.evidence.fits(self.tz()) {
            return false;
        }
        let before = self.tz();
        self.verdict = judge(&self.evidence, self.set);
        self.tz() != before
    }

    /// Whether the account's dates may differ from the board's: until the
    /// offsets seen are known to be the drawn zone's, queries are widened.
    pub fn may_differ(&self) -> bool {
        self.evidence.is_empty() || !self.evidence.fits(self.tz())
    }

    /// The header's warning, when the host's zone was overruled.
    pub fn warning(&self) -> Option<String> {
        if self.origin.configured() {
            return None;
        }
        match self.verdict {
            Verdict::Inferred(_) | Verdict::Offsets(_) => Some(format!(
                "⚠ Kickserv's zone (host: {})",
                zone_label(self.set)
            )),
            Verdict::Unknown | Verdict::Agrees => None,
        }
    }

    fn offsets_seen(&self) -> String {
        let v: Vec<String> = self
            .evidence
            .offsets()
            .into_iter()
            .map(offset_text)
            .collect();
        v.join(", ")
    }

    /// One line for `kickdesk check`: which zone is used and why.
    pub fn explain(&self) -> String {
        let used = zone_label(self.tz());
        let seen = self.offsets_seen();
        let account = match self.verdict {
            Verdict::Unknown => "no timestamps from Kickserv to compare with".to_string(),
            Verdict::Agrees => format!("agreeing with Kickserv's timestamps ({seen})"),
            Verdict::Inferred(tz) => {
                format!("Kickserv's timestamps ({seen}) are in {}", zone_label(tz))
            }
            Verdict::Offsets(_) => {
                format!("Kickserv's timestamps ({seen}) fit several zones")
            }
        };
        match (&self.origin, self.verdict) {
            (ZoneOrigin::File(f), _) => format!("time zone {used}: configured in {f}; {account}"),
            (ZoneOrigin::Flag, _) => format!("time zone {used}: from --tz; {account}"),
            (_, Verdict::Inferred(_)) => format!(
                "time zone {used}: inferred from Kickserv's timestamps ({seen}); warning: this host's zone {} disagrees, set `tz` in the config to be sure",
                zone_label(self.set)
            ),
            (_, Verdict::Offsets(_)) => format!(
                "time zone {used}: Kickserv's offsets ({seen}), the zone itself is ambiguous; warning: this host's zone {} disagrees, set `tz` in the config",
                zone_label(self.set)
            ),
            (ZoneOrigin::Assumed, _) => {
                format!("time zone {used}: assumed (this host's zone is unknown); {account}")
            }
            (_, _) => format!("time zone {used}: this host's zone, {account}"),
        }
    }
}
