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

/// Tasks remembered per offset: enough to weigh an offset against the
/// others and to name the tasks of an odd one, and memory stays bounded.
const TASKS_PER_OFFSET: usize = 32;

/// What one offset was seen on: its earliest and latest instant, and the
/// first tasks that carried it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    lo: i64,
    hi: i64,
    tasks: Vec<i64>,
}

/// The UTC offsets seen in the API's timestamps: for each offset, the
/// earliest and latest instant that carried it, and which tasks. Small
/// (one entry per offset), yet enough to tell zones apart by their DST rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    by_offset: BTreeMap<i32, Seen>,
}

impl Evidence {
    /// Adds the timestamps of `tasks`; true when something new was learnt.
    pub fn add(&mut self, tasks: &[Task]) -> bool {
        let mut changed = false;
        for t in tasks {
            for s in [t.starts_at, t.ends_at].into_iter().flatten() {
                changed |= self.add_one(s, t.id);
            }
        }
        changed
    }

    fn add_one(&mut self, t: DateTime<FixedOffset>, task: i64) -> bool {
        let off = t.offset().local_minus_utc();
        let at = t.timestamp();
        let full = self.by_offset.len() >= MAX_OFFSETS;
        match self.by_offset.get_mut(&off) {
            Some(seen) => {
                let mut changed = false;
                if at < seen.lo || seen.hi < at {
                    seen.lo = seen.lo.min(at);
                    seen.hi = seen.hi.max(at);
                    changed = true;
                }
                if seen.tasks.len() < TASKS_PER_OFFSET && !seen.tasks.contains(&task) {
                    seen.tasks.push(task);
                    changed = true;
                }
                changed
            }
            // A real zone has a few offsets; a server sending more is not
            // one zone's clock, and memory stays bounded.
            None if full => false,
            None => {
                self.by_offset.insert(
                    off,
                    Seen {
                        lo: at,
                        hi: at,
                        tasks: vec![task],
                    },
                );
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

    /// The tasks seen carrying `offset` (the first few).
    pub fn tasks_with(&self, offset: i32) -> &[i64] {
        self.by_offset
            .get(&offset)
            .map_or(&[][..], |s| s.tasks.as_slice())
    }

    fn samples(&self) -> impl Iterator<Item = (i32, i64)> + '_ {
        self.by_offset
            .iter()
            .flat_map(|(&off, s)| [(off, s.lo), (off, s.hi)])
    }

    /// Whether `tz` gives every instant seen the offset it came with.
    pub fn fits(&self, tz: Tz) -> bool {
        self.samples()
            .all(|(off, at)| offset_at(tz, at) == Some(off))
    }

    /// Whether `tz` gives the instants of `off` their offset.
    fn fits_offset(&self, tz: Tz, off: i32) -> bool {
        self.by_offset
            .get(&off)
            .is_some_and(|s| offset_at(tz, s.lo) == Some(off) && offset_at(tz, s.hi) == Some(off))
    }

    /// The same evidence without the offsets in `drop`.
    fn without(&self, drop: &[i32]) -> Evidence {
        let mut e = self.clone();
        e.by_offset.retain(|off, _| !drop.contains(off));
        e
    }

    /// Offsets carried by a few tasks that no zone keeps together with the
    /// rest (a `Z` or `+05:30` among an account's own offsets): set aside,
    /// so that they do not overrule the zone nearly every task agrees on.
    /// Empty when some zone fits every offset, or when no zone fits nearly
    /// all tasks.
    pub fn odd_offsets(&self) -> Vec<i32> {
        if self.by_offset.len() < 2 || TZ_VARIANTS.iter().any(|&tz| self.fits(tz)) {
            return Vec::new();
        }
        let weight = |off: &i32| self.tasks_with(*off).len();
        let total: usize = self.by_offset.keys().map(weight).sum();
        let mut best: Option<(usize, Vec<i32>)> = None;
        for tz in TZ_VARIANTS {
            let misfit: Vec<i32> = self
                .by_offset
                .keys()
                .copied()
                .filter(|&off| !self.fits_offset(tz, off))
                .collect();
            let n: usize = misfit.iter().map(weight).sum();
            if misfit.len() < self.by_offset.len() && best.as_ref().is_none_or(|(b, _)| n < *b) {
                best = Some((n, misfit));
            }
        }
        match best {
            // "Nearly all": at most one task in ten carried the odd offsets.
            Some((n, odd)) if n * ODD_SHARE <= total => odd,
            _ => Vec::new(),
        }
    }

    /// The offset of the latest instant seen.
    fn latest(&self) -> Option<(i32, i64)> {
        self.by_offset
            .iter()
            .max_by_key(|(_, s)| s.hi)
            .map(|(&off, s)| (off, s.hi))
    }
}

/// Odd offsets may be carried by at most one task in this many.
const ODD_SHARE: usize = 10;

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
    let odd = e.odd_offsets();
    let e = &e.without(&odd);
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
    // Several offsets (a DST change among them) that zones of different
    // rules all keep: one of those zones, never one fixed offset, which
    // would draw the other offset's times an hour off.
    if e.by_offset.len() > 1 && !fitting.is_empty() {
        return Verdict::Offsets(preferred(&fitting));
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
    /// Offsets carried by a few tasks only, set aside (see [`Evidence::odd_offsets`]).
    pub odd: Vec<i32>,
}

impl Zone {
    pub fn new(set: Tz, origin: ZoneOrigin) -> Zone {
        Zone {
            origin,
            set,
            verdict: Verdict::Unknown,
            evidence: Evidence::default(),
            odd: Vec::new(),
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
        if self.verdict != Verdict::Unknown && !new_offset && self.fits_but_odd(self.tz()) {
            return false;
        }
        let before = self.tz();
        self.verdict = judge(&self.evidence, self.set);
        self.odd = self.evidence.odd_offsets();
        self.tz() != before
    }

    fn fits_but_odd(&self, tz: Tz) -> bool {
        self.evidence.without(&self.odd).fits(tz)
    }

    /// The tasks whose times carried an odd offset, with that offset.
    pub fn odd_tasks(&self) -> Vec<(i64, i32)> {
        self.odd
            .iter()
            .flat_map(|&off| self.evidence.tasks_with(off).iter().map(move |&t| (t, off)))
            .collect()
    }

    /// The odd tasks in words: `task 41 (+00:00), task 42 (+05:30)`.
    fn odd_text(&self) -> String {
        let v: Vec<String> = self
            .odd_tasks()
            .into_iter()
            .map(|(t, off)| format!("task {t} ({})", offset_text(off)))
            .collect();
        v.join(", ")
    }

    /// Whether the account's dates may differ from the board's: until the
    /// offsets seen are known to be the drawn zone's, queries are widened.
    pub fn may_differ(&self) -> bool {
        self.evidence.is_empty() || !self.fits_but_odd(self.tz())
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
            .filter(|off| !self.odd.contains(off))
            .map(offset_text)
            .collect();
        v.join(", ")
    }

    /// One line for `kickdesk check`: which zone is used and why, and
    /// which tasks carried offsets set aside as odd.
    pub fn explain(&self) -> String {
        let why = self.explain_zone();
        if self.odd.is_empty() {
            return why;
        }
        format!(
            "{why}; set aside as odd, their offsets fit no zone with the others: {}",
            self.odd_text()
        )
    }

    fn explain_zone(&self) -> String {
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
