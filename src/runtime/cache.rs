//! The disk cache of the last good data: per account, one file per period
//! (the tasks as Kickserv listed them) and one for the employee list, in
//! the cache directory. Files are written whole and atomically (see
//! [`write_atomic`]), readable by their owner only, and hold no secret: no
//! token, no header, only what the board was shown. The base URL and the
//! account make the files' names, so two accounts never share a file.
//!
//! Bounded by tasks: at most [`MAX_TASKS`] tasks in [`MAX_PERIODS`] files
//! across every account; the oldest files go first. A file of another
//! version, or one that cannot be read, is logged once and deleted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::disk::write_atomic;
use crate::app::model::Model;
use crate::app::msg::{CacheCmd, Msg};
use crate::app::offline::Snapshot;
use crate::app::update::update;
use crate::kickserv::model::{Contact, Customer, Employee, Job, ListingNotes, Task};
use crate::schedule::{Period, ViewKind, touches_day};

/// The files' format; any other is ignored (and deleted).
pub const VERSION: u32 = 1;
/// Most period files kept, all accounts together.
pub const MAX_PERIODS: usize = 24;
/// Most tasks kept, all accounts together (the memory and disk a cache
/// costs grow with tasks, not periods).
pub const MAX_TASKS: usize = 20_000;
/// A temporary file this old is a leftover of a crash.
const STALE_TEMP: Duration = Duration::from_secs(3600);
/// The cache's own directory under the cache directory.
const SUBDIR: &str = "boards";

/// The cache of one account at one base URL.
#[derive(Clone, Debug)]
pub struct DiskCache {
    dir: PathBuf,
    key: String,
}

/// A period's file. Each job, customer, contact and employee is written
/// once and the tasks point at them by index (`links`, one per task): a
/// week repeats them, and nested records are most of the bytes and most of
/// the time a read takes.
#[derive(Serialize)]
struct TasksOut<'a> {
    version: u32,
    key: &'a str,
    period: &'a str,
    at: DateTime<Utc>,
    unreadable: usize,
    capped_at: Option<u32>,
    jobs: Vec<&'a Job>,
    customers: Vec<&'a Customer>,
    contacts: Vec<&'a Contact>,
    staff: Vec<&'a Employee>,
    /// The tasks without their glue.
    tasks: Vec<Task>,
    links: Vec<Link>,
}

#[derive(Deserialize)]
struct TasksIn {
    version: u32,
    key: String,
    period: String,
    at: DateTime<Utc>,
    unreadable: usize,
    capped_at: Option<u32>,
    jobs: Vec<Job>,
    customers: Vec<Customer>,
    contacts: Vec<Contact>,
    staff: Vec<Employee>,
    tasks: Vec<Task>,
    links: Vec<Link>,
}

/// A task's job, customer, primary contact and employees, by index.
type Link = (Option<u32>, Option<u32>, Option<u32>, Vec<u32>);

/// Each shared record once, by identity (glue is shared after a fetch).
struct Table<'a, T> {
    items: Vec<&'a T>,
    index: HashMap<*const T, u32>,
}

impl<'a, T> Table<'a, T> {
    fn new() -> Self {
        Table {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(&mut self, item: &'a T) -> u32 {
        let n = self.items.len() as u32;
        *self.index.entry(item as *const T).or_insert_with(|| {
            self.items.push(item);
            n
        })
    }
}

/// Contacts are not shared in memory: each equal one once, by value.
#[derive(Default)]
struct Contacts<'a> {
    items: Vec<&'a Contact>,
    by_id: HashMap<Option<i64>, Vec<u32>>,
}

impl<'a> Contacts<'a> {
    fn add(&mut self, c: &'a Contact) -> u32 {
        let same = self.by_id.entry(c.id).or_default();
        if let Some(&i) = same.iter().find(|&&i| self.items[i as usize] == c) {
            return i;
        }
        let n = self.items.len() as u32;
        self.items.push(c);
        same.push(n);
        n
    }
}

impl<'a> TasksOut<'a> {
    fn new(head: Head1<'a>, tasks: &[&'a Task]) -> TasksOut<'a> {
        let (mut jobs, mut customers, mut staff) = (Table::new(), Table::new(), Table::new());
        let mut contacts = Contacts::default();
        let mut links = Vec::with_capacity(tasks.len());
        let mut bare = Vec::with_capacity(tasks.len());
        for &t in tasks {
            links.push((
                t.job.as_deref().map(|j| jobs.add(j)),
                t.customer.as_deref().map(|c| customers.add(c)),
                t.primary_contact.as_ref().map(|c| contacts.add(c)),
                t.employees.iter().map(|e| staff.add(&**e)).collect(),
            ));
            bare.push(Task {
                job: None,
                customer: None,
                primary_contact: None,
                employees: Vec::new(),
                ..t.clone()
            });
        }
        TasksOut {
            version: VERSION,
            key: head.key,
            period: head.period,
            at: head.at,
            unreadable: head.notes.unreadable,
            capped_at: head.notes.capped_at,
            jobs: jobs.items,
            customers: customers.items,
            contacts: contacts.items,
            staff: staff.items,
            tasks: bare,
            links,
        }
    }
}

/// What a period's file says besides its tasks.
struct Head1<'a> {
    key: &'a str,
    period: &'a str,
    at: DateTime<Utc>,
    notes: ListingNotes,
}

impl TasksIn {
    /// The tasks with their glue back in place (shared, as after a fetch);
    /// `None` when a link points at nothing.
    fn tasks(self) -> Option<Vec<Task>> {
        if self.links.len() != self.tasks.len() {
            return None;
        }
        let jobs: Vec<Arc<Job>> = self.jobs.into_iter().map(Arc::new).collect();
        let customers: Vec<Arc<Customer>> = self.customers.into_iter().map(Arc::new).collect();
        let staff: Vec<Arc<Employee>> = self.staff.into_iter().map(Arc::new).collect();
        let contacts: Vec<Arc<Contact>> = self.contacts.into_iter().map(Arc::new).collect();
        fn pick<T: Clone>(v: &[T], i: Option<u32>) -> Option<Option<T>> {
            match i {
                None => Some(None),
                Some(i) => v.get(i as usize).cloned().map(Some),
            }
        }
        self.tasks
            .into_iter()
            .zip(self.links)
            .map(|(t, (j, c, p, e))| {
                Some(Task {
                    job: pick(&jobs, j)?,
                    customer: pick(&customers, c)?,
                    primary_contact: pick(&contacts, p)?,
                    employees: e
                        .iter()
                        .map(|i| staff.get(*i as usize).cloned())
                        .collect::<Option<Vec<_>>>()?,
                    ..t
                })
            })
            .collect()
    }
}

#[derive(Serialize)]
struct EmployeesOut<'a> {
    version: u32,
    key: &'a str,
    at: DateTime<Utc>,
    employees: &'a [Employee],
}

#[derive(Deserialize)]
struct EmployeesIn {
    version: u32,
    key: String,
    employees: Vec<Employee>,
}

/// Only the version: to say why a file that did not parse was ignored.
#[derive(Deserialize)]
struct Head {
    version: u32,
}

/// FNV-1a: a hash that stays the same from one build to the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What names the files of `account` at `base_url` (cache and drafts):
/// the slug, readable, and a hash of both, so two accounts or two servers
/// never share a name.
pub fn account_key(base_url: &str, account: &str) -> String {
    let slug: String = account
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(40)
        .collect();
    let base = base_url.trim().trim_end_matches('/').to_ascii_lowercase();
    let hash = fnv1a(format!("{base}\n{account}").as_bytes());
    format!("{slug}-{hash:016x}")
}

/// `day-2026-11-27-1`, `week-2026-11-23-7`.
fn period_id(p: Period) -> String {
    let kind = match p.kind {
        ViewKind::Day => "day",
        ViewKind::Week => "week",
    };
    format!("{kind}-{}-{}", p.start.format("%Y-%m-%d"), p.days)
}

/// A period file's task count, from its name (`….n1834.json`).
fn task_count(name: &str) -> Option<usize> {
    let stem = name.strip_suffix(".json")?;
    let (_, n) = stem.rsplit_once(".n")?;
    n.parse().ok()
}

/// The account's part of a file's name (before the first dot).
fn key_of(name: &str) -> &str {
    name.split('.').next().unwrap_or_default()
}

impl DiskCache {
    /// The cache of `account` at `base_url`, under `cache_dir`.
    pub fn new(cache_dir: &Path, base_url: &str, account: &str) -> DiskCache {
        DiskCache {
            dir: cache_dir.join(SUBDIR),
            key: account_key(base_url, account),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn employees_name(&self) -> String {
        format!("{}.employees.json", self.key)
    }

    /// The files of this account's `period`, newest first.
    fn period_files(&self, period: Period) -> Vec<PathBuf> {
        let prefix = format!("{}.{}.n", self.key, period_id(period));
        let mut found: Vec<(SystemTime, PathBuf)> = self
            .entries()
            .into_iter()
            .filter(|(name, _)| name.starts_with(&prefix) && task_count(name).is_some())
            .map(|(name, t)| (t, self.dir.join(name)))
            .collect();
        found.sort_by(|a, b| b.cmp(a));
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// Names and modification times of the files in the cache's directory.
    fn entries(&self) -> Vec<(String, SystemTime)> {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let t = e
                    .metadata()
                    .ok()?
                    .modified()
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                Some((name, t))
            })
            .collect()
    }

    /// Whether this account has any period cached: the board then starts
    /// from it without waiting for Kickserv.
    pub fn has_data(&self) -> bool {
        let prefix = format!("{}.", self.key);
        self.entries()
            .iter()
            .any(|(name, _)| name.starts_with(&prefix) && task_count(name).is_some())
    }

    /// What was cached for `period`: its tasks and the employee list.
    pub fn load(&self, period: Period) -> Option<Snapshot> {
        let path = self.period_files(period).into_iter().next()?;
        let bytes = read(&path)?;
        let file: TasksIn = match serde_json::from_slice(&bytes) {
            Ok(f) => f,
            Err(e) => return discard(&path, &bytes, &e.to_string()),
        };
        if file.version != VERSION {
            return discard(&path, &bytes, "");
        }
        if file.key != self.key || file.period != period_id(period) {
            return discard(&path, &bytes, "it belongs to another account or period");
        }
        let (at, notes) = (
            file.at,
            ListingNotes {
                unreadable: file.unreadable,
                capped_at: file.capped_at,
                ..ListingNotes::default()
            },
        );
        let Some(tasks) = file.tasks() else {
            return discard(&path, &bytes, "a task points at a record it does not hold");
        };
        Some(Snapshot {
            period,
            at,
            tasks,
            notes,
            employees: self.load_employees().unwrap_or_default(),
        })
    }

    fn load_employees(&self) -> Option<Vec<Employee>> {
        let path = self.dir.join(self.employees_name());
        let bytes = read(&path)?;
        match serde_json::from_slice::<EmployeesIn>(&bytes) {
            Ok(f) if f.version == VERSION && f.key == self.key => Some(f.employees),
            Ok(f) if f.version == VERSION => {
                discard(&path, &bytes, "it belongs to another account")
            }
            Ok(_) => discard(&path, &bytes, ""),
            Err(e) => discard(&path, &bytes, &e.to_string()),
        }
    }

    /// Runs one write; a failure is logged and the board goes on.
    pub fn run(&self, cmd: &CacheCmd) {
        let r = match cmd {
            CacheCmd::Tasks {
                period,
                tz,
                at,
                tasks,
                notes,
            } => {
                // The look-back's tasks that end before the period are not drawn.
                let shown: Vec<&Task> = tasks
                    .iter()
                    .filter(|t| period.dates().any(|d| touches_day(t, *tz, d)))
                    .collect();
                self.write_period(*period, *at, &shown, *notes)
            }
            CacheCmd::Employees { at, employees } => self.write_employees(*at, employees),
        };
        if let Err(e) = r {
            tracing::warn!("cache in {} not written: {e}", self.dir.display());
        }
    }

    /// Replaces the period's file, then keeps the cache within its bounds.
    pub fn write_tasks(
        &self,
        period: Period,
        at: DateTime<Utc>,
        tasks: &[Task],
        notes: ListingNotes,
    ) -> io::Result<()> {
        let tasks: Vec<&Task> = tasks.iter().collect();
        self.write_period(period, at, &tasks, notes)
    }

    fn write_period(
        &self,
        period: Period,
        at: DateTime<Utc>,
        tasks: &[&Task],
        notes: ListingNotes,
    ) -> io::Result<()> {
        if tasks.len() > MAX_TASKS {
            tracing::info!(
                "{} tasks are more than the cache keeps ({MAX_TASKS}): not cached",
                tasks.len()
            );
            return Ok(());
        }
        let id = period_id(period);
        let head = Head1 {
            key: &self.key,
            period: &id,
            at,
            notes,
        };
        let out = TasksOut::new(head, tasks);
        let bytes = serde_json::to_vec(&out).map_err(io::Error::other)?;
        let name = format!("{}.{id}.n{}.json", self.key, tasks.len());
        let old = self.period_files(period);
        write_atomic(&self.dir, &name, &bytes)?;
        for p in old.iter().filter(|p| p.file_name() != Some(name.as_ref())) {
            remove(p);
        }
        self.evict(&name);
        Ok(())
    }

    pub fn write_employees(&self, at: DateTime<Utc>, employees: &[Employee]) -> io::Result<()> {
        let out = EmployeesOut {
            version: VERSION,
            key: &self.key,
            at,
            employees,
        };
        let bytes = serde_json::to_vec(&out).map_err(io::Error::other)?;
        write_atomic(&self.dir, &self.employees_name(), &bytes)
    }

    /// Removes the oldest period files (any account's, never `keep`) until
    /// the cache is within [`MAX_PERIODS`] and [`MAX_TASKS`]; then the
    /// employee lists of accounts whose last period went, and temporary
    /// files a crash left behind.
    fn evict(&self, keep: &str) {
        let entries = self.entries();
        let mut periods: Vec<(SystemTime, &str, usize)> = entries
            .iter()
            .filter_map(|(name, t)| Some((*t, name.as_str(), task_count(name)?)))
            .collect();
        periods.sort();
        let mut files = periods.len();
        let mut total: usize = periods.iter().map(|(_, _, n)| n).sum();
        let mut gone = Vec::new();
        for (_, name, n) in &periods {
            if files <= MAX_PERIODS && total <= MAX_TASKS {
                break;
            }
            if *name == keep {
                continue;
            }
            remove(&self.dir.join(name));
            gone.push(*name);
            files -= 1;
            total -= n;
        }
        // This account's list stays: its period was just written.
        let left: Vec<&str> = periods
            .iter()
            .filter(|(_, name, _)| !gone.contains(name))
            .map(|(_, name, _)| key_of(name))
            .chain([self.key.as_str()])
            .collect();
        let now = SystemTime::now();
        for (name, t) in &entries {
            let key = key_of(name);
            let orphan = name.ends_with(".employees.json")
                && gone.iter().any(|g| key_of(g) == key)
                && !left.contains(&key);
            let leftover = name.starts_with('.')
                && name.ends_with(".tmp")
                && now.duration_since(*t).unwrap_or_default() > STALE_TEMP;
            if orphan || leftover {
                remove(&self.dir.join(name));
            }
        }
    }
}

/// Reads what the cache holds for the period `m` opens on and hands it to
/// `update` (a read at start, before the first frame: the one wait on the
/// disk the board makes, a few milliseconds for a busy week).
pub fn preload(m: &mut Model, cache: &DiskCache) {
    let found = cache.load(m.period).map(Box::new);
    // Taking the snapshot asks for nothing: the first fetches come from `init`.
    let cmds = update(m, Msg::CacheLoaded(found));
    debug_assert!(cmds.is_empty());
}

fn read(path: &Path) -> Option<Vec<u8>> {
    match fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            tracing::warn!("cache file {} unreadable, ignored: {e}", path.display());
            None
        }
    }
}

/// Logs (one line) why a file is ignored, and deletes it.
fn discard<T>(path: &Path, bytes: &[u8], why: &str) -> Option<T> {
    let why = match serde_json::from_slice::<Head>(bytes) {
        Ok(h) if h.version != VERSION => {
            format!("version {} where {VERSION} is read", h.version)
        }
        _ if why.is_empty() => "unknown format".to_string(),
        _ => why.to_string(),
    };
    tracing::warn!("cache file {} ignored and deleted: {why}", path.display());
    remove(path);
    None
}

fn remove(path: &Path) {
    if let Err(e) = fs::remove_file(path)
        && e.kind() != io::ErrorKind::NotFound
    {
        tracing::warn!("cache file {} not removed: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate, TimeZone};
    use std::sync::Arc;

    use crate::testdir::TempDir as Dir;

    const BASE: &str = "https://app.kickserv.com";

    fn day(d: u32) -> Period {
        Period::day(NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
    }

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0).unwrap()
    }

    fn emp(id: i64) -> Employee {
        Employee {
            id,
            employee_number: Some(id),
            name: Some(format!("Tech {id}")),
            ..Employee::default()
        }
    }

    fn tasks(n: i64) -> Vec<Task> {
        let e = Arc::new(emp(1));
        // Shared, as a fetch shares it.
        let customer = Arc::new(Customer {
            id: 7,
            name: Some("Acme Hotels".into()),
            ..Customer::default()
        });
        let tz = FixedOffset::west_opt(5 * 3600).unwrap();
        (1..=n)
            .map(|id| {
                let start = tz.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
                Task {
                    id,
                    name: Some(format!("Boiler service {id}")),
                    description: Some("Bring the ladder; gate code 4471".into()),
                    starts_at: Some(start),
                    ends_at: Some(start + chrono::Duration::minutes(90)),
                    job: Some(Arc::new(Job {
                        id: id * 10,
                        name: Some("Boiler".into()),
                        ..Job::default()
                    })),
                    customer: Some(customer.clone()),
                    primary_contact: Some(Arc::new(Contact {
                        id: Some(5),
                        name: Some("Dana Whitfield".into()),
                        ..Contact::default()
                    })),
                    employees: vec![e.clone()],
                    ..Task::default()
                }
            })
            .collect()
    }

    use crate::testdir::names as files;

    #[test]
    fn a_period_written_loads_back_whole_with_its_employees() {
        let dir = Dir::new("cache");
        let c = DiskCache::new(&dir.0, BASE, "acme");
        assert_eq!(c.load(day(27)), None);
        assert!(!c.has_data());
        let notes = ListingNotes {
            unreadable: 2,
            capped_at: Some(40),
            ..ListingNotes::default()
        };
        c.write_employees(at(), &[emp(1), emp(2)]).unwrap();
        c.write_tasks(day(27), at(), &tasks(3), notes).unwrap();
        let s = c.load(day(27)).unwrap();
        assert_eq!(
            s,
            Snapshot {
                period: day(27),
                at: at(),
                tasks: tasks(3),
                notes,
                employees: vec![emp(1), emp(2)],
            }
        );
        // Each record is written once, and shared again after the load.
        let text = fs::read_to_string(period_file(&c)).unwrap();
        assert_eq!(text.matches("Acme Hotels").count(), 1, "{text}");
        assert_eq!(text.matches("Dana Whitfield").count(), 1, "{text}");
        assert!(Arc::ptr_eq(
            &s.tasks[0].customer.clone().unwrap(),
            &s.tasks[2].customer.clone().unwrap()
        ));
        assert!(c.has_data());
        assert_eq!(c.load(day(26)), None, "another period is not this one");
        // A newer listing of the period replaces the older file.
        c.write_tasks(day(27), at(), &tasks(5), ListingNotes::default())
            .unwrap();
        assert_eq!(c.load(day(27)).unwrap().tasks.len(), 5);
        assert_eq!(
            files(c.dir())
                .iter()
                .filter(|n| n.contains(".day-"))
                .count(),
            1,
            "{:?}",
            files(c.dir())
        );
        assert!(!files(c.dir()).iter().any(|n| n.ends_with(".tmp")));
    }

    #[test]
    fn a_write_that_fails_leaves_the_last_good_file_and_no_temporary_file() {
        let dir = Dir::new("cache");
        let c = DiskCache::new(&dir.0, BASE, "acme");
        c.write_tasks(day(27), at(), &tasks(1), ListingNotes::default())
            .unwrap();
        // Where the next listing and list go, something that is no file
        // (the renames fail, as on a disk that refuses them).
        let id = period_id(day(27));
        for name in [format!("{}.{id}.n2.json", c.key), c.employees_name()] {
            fs::create_dir_all(c.dir().join(name).join("x")).unwrap();
        }
        assert!(
            c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
                .is_err()
        );
        assert!(c.write_employees(at(), &[emp(1)]).is_err());
        let left: Vec<String> = files(c.dir())
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let _ = fs::remove_dir_all(c.dir().join(format!("{}.{id}.n2.json", c.key)));
        assert_eq!(
            c.load(day(27)).map(|s| s.tasks.len()),
            Some(1),
            "the last good"
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = Dir::new("cache");
        let c = DiskCache::new(&dir.0, BASE, "acme");
        c.write_tasks(day(27), at(), &tasks(1), ListingNotes::default())
            .unwrap();
        c.write_employees(at(), &[emp(1)]).unwrap();
        for name in files(c.dir()) {
            let mode = fs::metadata(c.dir().join(&name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{name}");
        }
    }

    /// The one file of the period (there is one).
    fn period_file(c: &DiskCache) -> PathBuf {
        let f = c.period_files(day(27));
        assert_eq!(f.len(), 1);
        f[0].clone()
    }

    #[test]
    fn a_damaged_file_is_ignored_and_deleted() {
        let dir = Dir::new("cache");
        let c = DiskCache::new(&dir.0, BASE, "acme");
        c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
            .unwrap();
        let path = period_file(&c);
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(c.load(day(27)), None);
        assert!(!path.exists(), "a damaged file goes");
        // Bytes that are not JSON at all, and an empty file.
        for junk in [&b"\xff\xfe\x00garbage"[..], b""] {
            c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
                .unwrap();
            let path = period_file(&c);
            fs::write(&path, junk).unwrap();
            assert_eq!(c.load(day(27)), None);
            assert!(!path.exists());
        }
        // A task pointing at a job the file does not hold.
        c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
            .unwrap();
        let path = period_file(&c);
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"links\":[[0,0,0,[0]],[1,0,0,[0]]]"),
            "{text}"
        );
        fs::write(&path, text.replace("[[0,0,0,[0]]", "[[9,0,0,[0]]")).unwrap();
        assert_eq!(c.load(day(27)), None);
        assert!(!path.exists());
        // A damaged employee list leaves the tasks usable.
        c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
            .unwrap();
        fs::create_dir_all(c.dir()).unwrap();
        let emps = c.dir().join(c.employees_name());
        fs::write(&emps, b"{\"version\":1,\"employees\":[{").unwrap();
        let s = c.load(day(27)).unwrap();
        assert_eq!((s.tasks.len(), s.employees.len()), (2, 0));
        assert!(!emps.exists());
    }

    #[test]
    fn a_file_of_another_version_is_ignored_and_deleted() {
        let dir = Dir::new("cache");
        let c = DiskCache::new(&dir.0, BASE, "acme");
        c.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
            .unwrap();
        let path = period_file(&c);
        let text = fs::read_to_string(&path).unwrap();
        let mine = format!("{{\"version\":{VERSION},");
        assert!(text.starts_with(&mine), "{text}");
        // The same data under a newer version, and an older shape that
        // does not parse as this one.
        fs::write(&path, text.replacen(&mine, "{\"version\":2,", 1)).unwrap();
        assert_eq!(c.load(day(27)), None);
        assert!(!path.exists());
        fs::write(&path, b"{\"version\":0,\"rows\":[[1,2]]}").unwrap();
        assert_eq!(c.load(day(27)), None);
        assert!(!path.exists());
        assert_eq!(discard::<()>(&path, b"{\"version\":0}", "x"), None);
    }

    #[test]
    fn two_accounts_or_two_servers_never_share_a_file() {
        let dir = Dir::new("cache");
        let a = DiskCache::new(&dir.0, BASE, "acme");
        let b = DiskCache::new(&dir.0, BASE, "acme-north");
        let other_host = DiskCache::new(&dir.0, "https://eu.kickserv.example", "acme");
        // The same slug in other characters is another key, not a collision.
        let odd = DiskCache::new(&dir.0, BASE, "acme/../x");
        a.write_tasks(day(27), at(), &tasks(2), ListingNotes::default())
            .unwrap();
        a.write_employees(at(), &[emp(1)]).unwrap();
        for c in [&b, &other_host, &odd] {
            assert_eq!(c.load(day(27)), None);
            assert!(!c.has_data());
        }
        b.write_tasks(day(27), at(), &tasks(4), ListingNotes::default())
            .unwrap();
        assert_eq!(a.load(day(27)).unwrap().tasks.len(), 2);
        assert_eq!(b.load(day(27)).unwrap().tasks.len(), 4);
        assert_eq!(b.load(day(27)).unwrap().employees, vec![]);
        // A trailing slash or capitals in the base URL are the same server.
        let same = DiskCache::new(&dir.0, "https://App.Kickserv.com/", "acme");
        assert_eq!(same.load(day(27)).unwrap().tasks.len(), 2);
        // A file renamed into another account's name is not believed.
        let from = period_file(&a);
        let into = b.period_files(day(27))[0].clone();
        fs::rename(&from, &into).unwrap();
        assert_eq!(b.load(day(27)), None);
        assert!(!into.exists());
    }

    #[test]
    fn the_cache_keeps_its_bounds_by_evicting_the_oldest_periods() {
        let dir = Dir::new("cache");
        let a = DiskCache::new(&dir.0, BASE, "acme");
        let b = DiskCache::new(&dir.0, BASE, "beta");
        a.write_employees(at(), &[emp(1)]).unwrap();
        b.write_employees(at(), &[emp(1)]).unwrap();
        // Each write is older than the next, whatever the clock's grain.
        let age = |c: &DiskCache, p: Period, secs: u64| {
            let f = fs::File::options()
                .write(true)
                .open(&c.period_files(p)[0])
                .unwrap();
            f.set_modified(SystemTime::now() - Duration::from_secs(secs))
                .unwrap();
        };
        // b's period is the oldest of all.
        b.write_tasks(day(1), at(), &tasks(10), ListingNotes::default())
            .unwrap();
        age(&b, day(1), 10_000);
        for d in 2..=(MAX_PERIODS as u32) {
            a.write_tasks(day(d), at(), &tasks(10), ListingNotes::default())
                .unwrap();
            age(&a, day(d), 1000 - u64::from(d));
        }
        assert!(b.load(day(1)).is_some());
        // One period more than allowed: the oldest (b's) goes, and b's
        // employee list with it, since b has nothing left.
        a.write_tasks(day(28), at(), &tasks(10), ListingNotes::default())
            .unwrap();
        assert!(b.load(day(1)).is_none());
        assert!(!b.dir().join(b.employees_name()).exists());
        assert!(a.load(day(2)).is_some());
        assert!(a.dir().join(a.employees_name()).exists());
        // Tasks bound it too: a big period pushes out the oldest until the
        // total fits.
        let big = MAX_TASKS - 10 * 5;
        a.write_tasks(day(29), at(), &tasks(big as i64), ListingNotes::default())
            .unwrap();
        let left: Vec<Period> = (2..=29).map(day).filter(|p| a.load(*p).is_some()).collect();
        let total: usize = left.iter().map(|p| a.load(*p).unwrap().tasks.len()).sum();
        assert_eq!(total, MAX_TASKS);
        assert_eq!(
            left,
            vec![day(21), day(22), day(23), day(24), day(28), day(29)],
            "the newest stay"
        );
        // A listing larger than the whole cache is not written at all.
        a.write_tasks(
            day(30),
            at(),
            &tasks(MAX_TASKS as i64 + 1),
            ListingNotes::default(),
        )
        .unwrap();
        assert!(a.load(day(30)).is_none());
        assert!(a.load(day(29)).is_some());
    }
}
