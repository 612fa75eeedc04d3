//! Typed async client for the Kickserv JSON API.
//!
//! Reads are retried (backoff with full jitter, `Retry-After` honoured);
//! mutations are sent exactly once. The token only ever leaves this module in
//! the `Authorization` header.

use super::error::{self, Error};
use super::gate::Gate;
use super::model::{
    Customer, Employee, Glue, JobListEntry, Listing, ListingNotes, NotifyKind, SECRET_KEYS, Task,
    TaskPatch,
};
use super::redact::Redactor;
use super::scan::{self, Shape};
use chrono::{DateTime, Days, NaiveDate, Utc};
use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const DEFAULT_BASE_URL: &str = "https://app.kickserv.com";
const USER_AGENT: &str = concat!("kickdesk/", env!("CARGO_PKG_VERSION"));
/// The longest `Retry-After` obeyed; a server asking for more gets this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);
/// Ceiling of one exponential backoff step.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The most kickdesk reads of one answer (a page of 100 tasks is well under
/// 1 MB); a larger body is refused with [`Error::TooLarge`].
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The API token. Prints as `***`; only [`Token::expose`] reveals it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(s: impl Into<String>) -> Self {
        Token(s.into())
    }

    /// For the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Without the account, e.g. `https://app.kickserv.com`.
    pub base_url: String,
    /// The account slug, sent as one path segment.
    pub account: String,
    pub token: Token,
    /// Per request, body included.
    pub timeout: Duration,
    pub per_page: u32,
    /// Hard cap on pages per listing, against servers that ignore `page`.
    pub max_pages: u32,
    /// The most pages of one listing in flight at once (the window grows
    /// to it as full pages come back, and holds about 400 entries at most).
    pub page_concurrency: usize,
    /// Extra attempts for reads; mutations are never retried.
    pub retries: u32,
    /// Base of the exponential backoff between read attempts.
    pub backoff: Duration,
    /// How long one read may take, retries included: no retry starts that
    /// could not end within it (the board's poll interval, so a failing read
    /// gives up before the next poll is due).
    pub read_budget: Option<Duration>,
    /// Mutating calls fail with [`Error::ReadOnly`] before anything is sent.
    pub read_only: bool,
}

/// The most pages of one listing in flight by default, and the most the
/// configuration may ask for (`pages_in_flight`).
pub const MAX_PAGES_IN_FLIGHT: usize = 16;

impl ClientConfig {
    pub fn new(account: impl Into<String>, token: Token) -> Self {
        ClientConfig {
            base_url: DEFAULT_BASE_URL.to_string(),
            account: account.into(),
            token,
            timeout: Duration::from_secs(15),
            per_page: 100,
            max_pages: 500,
            page_concurrency: MAX_PAGES_IN_FLIGHT,
            retries: 3,
            backoff: Duration::from_millis(500),
            read_budget: None,
            read_only: false,
        }
    }
}

/// Filters of `GET /tasks.json`. The date range is inclusive here; the
/// exclusive `to` Kickserv wants is derived when the query is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskQuery {
    pub from: Option<NaiveDate>,
    pub to_inclusive: Option<NaiveDate>,
    pub job_id: Option<i64>,
    pub employee_number: Option<i64>,
    /// Not sent: of the tasks listed, keep only those that end at or after
    /// this instant (and those without times). The others are let go as
    /// each page is read; the longest of them is in the listing's notes.
    /// A wide look-back reads weeks of tasks only to learn how long the
    /// longest one is.
    pub ending_from: Option<DateTime<Utc>>,
}

impl TaskQuery {
    /// Query parameters without paging.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(from) = self.from {
            p.push(("from", from.format("%Y-%m-%d").to_string()));
        }
        // Kickserv's `to` is exclusive: the day after the last one shown.
        if let Some(to) = self
            .to_inclusive
            .and_then(|d| d.checked_add_days(Days::new(1)))
        {
            p.push(("to", to.format("%Y-%m-%d").to_string()));
        }
        if let Some(job) = self.job_id {
            p.push(("job_id", job.to_string()));
        }
        if let Some(emp) = self.employee_number {
            p.push(("employee_number", emp.to_string()));
        }
        p.push(("mapping", "true".to_string()));
        p
    }
}

/// Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `{base_url}/{account}`, ready for resource segments.
    account_url: Url,
    token: Token,
    timeout: Duration,
    per_page: u32,
    max_pages: u32,
    page_concurrency: u32,
    retries: u32,
    backoff: Duration,
    read_budget: Option<Duration>,
    read_only: bool,
    /// Masks the token in every form in what is printed or logged.
    redactor: Redactor,
    gate: Gate,
    /// Answers that said "too many requests" or "unavailable": a listing
    /// that sees this grow goes on one page at a time.
    throttled: AtomicU64,
    /// How long each listing was when last read to its end.
    lengths: Lengths,
    /// What each resource's pages have shown of the server's page size.
    page_sizes: PageSizes,
    /// Listings of the days before a polled period, kept a short while.
    earlier: super::earlier::Earlier,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Client")
            .field("account_url", &self.inner.account_url.as_str())
            .field("read_only", &self.inner.read_only)
            .finish_non_exhaustive()
    }
}

type Query = [(&'static str, String)];

/// Where a task starts and ends, for [`TaskQuery::ending_from`]: without
/// an end (or with one before its start) it counts as lasting a day, so that
/// it is let go only when surely over.
fn ended_at(t: &Task) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = t.starts_at?.with_timezone(&Utc);
    let end = match t.ends_at.map(|e| e.with_timezone(&Utc)) {
        Some(e) if e >= start => e,
        _ => start.checked_add_signed(chrono::TimeDelta::days(1))?,
    };
    Some((start, end))
}

/// A listing's length when last read to its end: its pages with entries,
/// and the most entries one of them held.
#[derive(Clone, Copy, Debug)]
struct Length {
    pages: u32,
    widest: usize,
    /// It ended at a short page, not at an empty one.
    short_end: bool,
}

/// The lengths of the listings read lately (a board polls the same few
/// periods over and over), by resource and filters. Network-side only.
#[derive(Debug, Default)]
struct Lengths(Mutex<HashMap<String, Length>>);

impl Lengths {
    /// Listings remembered; past this the memory starts afresh.
    const CAP: usize = 64;

    fn recall(&self, key: &str) -> Option<Length> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .copied()
    }

    fn note(&self, key: String, length: Length) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::CAP && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, length);
    }

    fn forget(&self, key: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

/// What one resource's pages have shown of the server's page size: the most
/// entries a page held, whether a page shorter than that was ever followed
/// by more (then a short page proves nothing), and how many listings ran.
#[derive(Clone, Copy, Debug, Default)]
struct PageSize {
    widest: usize,
    irregular: bool,
    listings: u32,
}

/// Every this many listings of a resource, one is read on to its empty page
/// even when a short page would end it, so a server that starts sending short
/// pages mid-listing is caught within a minute of polling, not trusted.
const CONFIRM_EVERY: u32 = 32;

/// Page sizes by resource (`tasks`, `employees`, …). Network-side only.
#[derive(Debug, Default)]
struct PageSizes(Mutex<HashMap<String, PageSize>>);

impl PageSizes {
    /// The page size this listing may trust (a page shorter than it is the
    /// last), or `None` when this listing must read on to an empty page.
    fn begin(&self, resource: &str) -> Option<usize> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let size = map.entry(resource.to_string()).or_default();
        size.listings = size.listings.wrapping_add(1);
        let confirm = size.listings % CONFIRM_EVERY == 1;
        (size.widest > 0 && !size.irregular && !confirm).then_some(size.widest)
    }

    /// Notes a page of `raw` entries; `after_short` says the page before it
    /// in the same listing was shorter than the widest seen.
    fn saw(&self, resource: &str, raw: usize, after_short: bool) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let size = map.entry(resource.to_string()).or_default();
        if after_short && raw > 0 && !size.irregular {
            size.irregular = true;
            tracing::warn!(
                resource,
                "the server sent a short page before the end of a listing; \
                 every listing of it now reads on to an empty page"
            );
        }
        size.widest = size.widest.max(raw);
    }

    fn widest(&self, resource: &str) -> usize {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(resource)
            .map_or(0, |s| s.widest)
    }
}

/// Which listing: the resource and its filters (not the page).
fn listing_key(segments: &[&str], filters: &Query) -> String {
    let mut key = segments.join("/");
    for (k, v) in filters {
        key.push_str(&format!("&{k}={v}"));
    }
    key
}

/// The most list entries a listing has in flight: 16 pages of 25 (the
/// documented default size), 4 of 100.
const ENTRIES_IN_FLIGHT: usize = 400;

/// Pages of `widest` entries that [`ENTRIES_IN_FLIGHT`] allows at once
/// (at least one).
fn pages_in_flight(widest: usize) -> u32 {
    u32::try_from(ENTRIES_IN_FLIGHT / widest.max(1))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// One answer, status not yet judged.
struct Reply {
    status: u16,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Client, Error> {
        let mut account_url = validate_base_url(&cfg.base_url)?;
        let account = cfg.account.trim();
        if account.is_empty() {
            return Err(Error::InvalidBaseUrl("the account name is empty".into()));
        }
        account_url
            .path_segments_mut()
            .map_err(|()| Error::InvalidBaseUrl("the address cannot carry a path".into()))?
            .pop_if_empty()
            .push(account);

        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        super::tls::install();
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            // A redirect could carry the credentials elsewhere; an API never needs one.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Network(describe(e)))?;

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                account_url,
                timeout: cfg.timeout,
                per_page: cfg.per_page.max(1),
                max_pages: cfg.max_pages.max(1),
                page_concurrency: u32::try_from(cfg.page_concurrency.max(1)).unwrap_or(u32::MAX),
                retries: cfg.retries,
                backoff: cfg.backoff,
                read_budget: cfg.read_budget,
                read_only: cfg.read_only,
                redactor: Redactor::new(cfg.token.expose()),
                token: cfg.token,
                gate: Gate::default(),
                throttled: AtomicU64::new(0),
                lengths: Lengths::default(),
                page_sizes: PageSizes::default(),
                earlier: super::earlier::Earlier::default(),
            }),
        })
    }

    pub fn is_read_only(&self) -> bool {
        self.inner.read_only
    }

    /// `{base_url}/{account}`, for messages and logs.
    pub fn account_url(&self) -> &str {
        self.inner.account_url.as_str()
    }

    /// All tasks matching `q`, across pages, in server order, with what
    /// could not be delivered (unreadable entries, the page cap).
    pub async fn list_tasks(&self, q: &TaskQuery) -> Result<Listing, Error> {
        self.listing(q, |_| {}).await
    }

    /// As [`Client::list_tasks`], without the unknown keys of each task's
    /// job and customer (dropped as each page is read): no view of the
    /// board shows them, and across a week's thousands of tasks they are
    /// megabytes. The task's own unknown keys are kept.
    pub async fn list_tasks_lean(&self, q: &TaskQuery) -> Result<Listing, Error> {
        self.listing(q, Task::drop_nested_keys).await
    }

    /// As [`Client::list_tasks_lean`] for a poll: the days of `q` before
    /// `fresh_from` are listed again only when their last listing is `reuse`
    /// old or this client has changed anything since; the rest always. A
    /// task of those days changed by someone else shows up to `reuse` late.
    pub async fn list_tasks_reusing_earlier(
        &self,
        q: &TaskQuery,
        fresh_from: NaiveDate,
        reuse: Duration,
    ) -> Result<Listing, Error> {
        let split = q.from.filter(|from| *from < fresh_from).and(
            fresh_from
                .pred_opt()
                .filter(|_| q.to_inclusive.is_none_or(|to| to >= fresh_from)),
        );
        let Some(last_earlier) = split else {
            return self.list_tasks_lean(q).await;
        };
        let earlier_q = TaskQuery {
            to_inclusive: Some(last_earlier),
            ..q.clone()
        };
        let fresh_q = TaskQuery {
            from: Some(fresh_from),
            ..q.clone()
        };
        let key = listing_key(&["tasks"], &earlier_q.params());
        let (earlier, fresh) = match self.inner.earlier.recall(&key, reuse) {
            Some(earlier) => (earlier, self.list_tasks_lean(&fresh_q).await?),
            None => {
                let (earlier, fresh) = tokio::try_join!(
                    self.list_tasks_lean(&earlier_q),
                    self.list_tasks_lean(&fresh_q)
                )?;
                // Only a whole listing is worth keeping.
                if earlier.notes.is_complete() {
                    self.inner.earlier.keep(key, earlier.clone(), reuse);
                }
                (earlier, fresh)
            }
        };
        Ok(super::earlier::join(earlier, fresh))
    }

    async fn listing(&self, q: &TaskQuery, trim: fn(&mut Task)) -> Result<Listing, Error> {
        let mut longest_dropped = None;
        let mut glue = Glue::default();
        let mut keep = |t: &mut Task| match (q.ending_from, ended_at(t)) {
            (Some(cut), Some((start, end))) if end < cut => {
                let secs = (end - start).num_seconds();
                longest_dropped = longest_dropped.max(Some(secs));
                false
            }
            _ => {
                trim(t);
                glue.share(t);
                true
            }
        };
        let (mut tasks, mut notes) = self
            .paged(
                &["tasks.json"],
                &["tasks", "task"],
                q.params(),
                |t: &Task| t.id,
                placed,
                &mut keep,
                false,
            )
            .await?;
        notes.longest_dropped_secs = longest_dropped;
        // Kept for as long as the period is shown or cached: no spare room.
        tasks.shrink_to_fit();
        Ok(Listing { tasks, notes })
    }

    pub async fn get_task(&self, id: i64) -> Result<Task, Error> {
        let seg = format!("{id}.json");
        self.get(&["tasks", &seg], &[], |b| {
            parse_one(self.decode(b)?, &["task"])
        })
        .await
    }

    /// `GET /jobs/{n}/tasks.json`: the tasks of a job, by its number (the
    /// path a task is created on).
    pub async fn job_tasks(&self, job_number: i64) -> Result<Vec<Task>, Error> {
        let n = job_number.to_string();
        let (tasks, _) = self
            .paged(
                &["jobs", &n, "tasks.json"],
                &["tasks", "task"],
                Vec::new(),
                |t: &Task| t.id,
                // Only searched for the task a create sent: any entry will do.
                anywhere,
                &mut |_| true,
                true,
            )
            .await?;
        Ok(tasks)
    }

    /// `PUT /tasks/{id}.json` with only the fields the patch carries.
    pub async fn update_task(&self, id: i64, patch: &TaskPatch) -> Result<Task, Error> {
        let seg = format!("{id}.json");
        let body = json!({ "task": patch });
        let v = self
            .mutate(Method::PUT, &["tasks", &seg], Some(body))
            .await?;
        parse_one(v, &["task"]).map_err(accepted)
    }

    /// Returns the deleted task as Kickserv last knew it.
    pub async fn delete_task(&self, id: i64) -> Result<Task, Error> {
        let seg = format!("{id}.json");
        match self.mutate(Method::DELETE, &["tasks", &seg], None).await? {
            // Deleted all the same; an empty answer leaves only the id to report.
            Value::Null => Ok(Task {
                id,
                ..Task::default()
            }),
            v => parse_one(v, &["task"]).map_err(accepted),
        }
    }

    /// `POST /jobs/{n}/tasks.json` for a job number, else `POST /tasks.json`
    /// (the job then travels in the patch).
    pub async fn create_task(
        &self,
        job_number: Option<i64>,
        patch: &TaskPatch,
    ) -> Result<Task, Error> {
        let body = json!({ "task": patch });
        let v = match job_number {
            Some(n) => {
                let n = n.to_string();
                self.mutate(Method::POST, &["jobs", &n, "tasks.json"], Some(body))
                    .await?
            }
            None => {
                self.mutate(Method::POST, &["tasks.json"], Some(body))
                    .await?
            }
        };
        parse_one(v, &["task"]).map_err(accepted)
    }

    /// Sends a real SMS / e-mail. The answer's shape is unknown, so it is
    /// returned as is (`null` for an empty body).
    pub async fn notify(&self, id: i64, kind: NotifyKind) -> Result<Value, Error> {
        let id = id.to_string();
        let body = match kind.param() {
            Some(t) => json!({ "notification_type": t }),
            None => json!({}),
        };
        self.mutate(Method::POST, &["tasks", &id, "notify.json"], Some(body))
            .await
    }

    /// Open jobs and opportunities, optionally of one customer.
    pub async fn job_list(&self, customer_id: Option<i64>) -> Result<Vec<JobListEntry>, Error> {
        let query: Vec<_> = customer_id
            .map(|c| ("customer_id", c.to_string()))
            .into_iter()
            .collect();
        self.get(&["tasks", "job_list.json"], &query, |b| {
            self.parse_page(b, &["job_list", "jobs", "job"])
                .map(|p| p.items)
        })
        .await
    }

    /// Active employees, across pages (what could not be read is logged).
    pub async fn employees(&self) -> Result<Vec<Employee>, Error> {
        let (staff, _) = self
            .paged(
                &["employees.json"],
                &["employees", "employee"],
                Vec::new(),
                |e: &Employee| e.id,
                anywhere,
                &mut |_| true,
                // Unknown whether Kickserv pages employees at all.
                true,
            )
            .await?;
        Ok(staff)
    }

    /// Customers whose name contains `q`; at most `limit` of them.
    pub async fn search_customers(&self, q: &str, limit: u32) -> Result<Vec<Customer>, Error> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let query = [
            ("q", q.to_string()),
            ("page", "1".to_string()),
            ("per_page", limit.to_string()),
        ];
        let mut found = self
            .get(&["customers.json"], &query, |b| {
                self.parse_page(b, &["customers", "customer"])
                    .map(|p| p.items)
            })
            .await?;
        found.truncate(limit as usize);
        Ok(found)
    }

    /// One small authenticated read: proves address, account and token.
    pub async fn check(&self) -> Result<(), Error> {
        let query = [("page", "1".to_string()), ("per_page", "1".to_string())];
        self.get(&["employees.json"], &query, |b| {
            self.parse_page::<Employee>(b, &["employees", "employee"])
                .map(|_| ())
        })
        .await
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.inner.account_url.clone();
        // Always Ok: `new` only accepts http(s) addresses, which have paths.
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }

    /// Fetches every page. A listing ends only at an empty page: a short page
    /// may just mean the server's own page size is smaller than the one
    /// asked for. Pages go out as a sliding window that starts at two (one
    /// answer is the common case, and page 2 confirms it) and grows by one
    /// with each full page read, up to `page_concurrency` and to
    /// `ENTRIES_IN_FLIGHT` entries of the widest page seen: a long listing
    /// reaches full width in a few round trips, a short one costs one
    /// request more than it needs. A listing read before to its end (the
    /// board polls the same periods) starts as wide as its pages were many,
    /// and asks for nothing past the page after its old end until that
    /// page has entries. Answers are read in page order. After a
    /// short page the window falls back to one, so the confirming page goes
    /// alone; after a 429 or 503 on any request of the client, the rest of
    /// the listing goes one page at a time (behind the `Retry-After` gate).
    /// An empty page ends the listing and drops the pages still in flight.
    /// A page repeating entries already seen stops the listing with an
    /// error, and so does a page listing two entries of one id. `max_pages`
    /// without an end is reported in the notes. `place` says which entries
    /// can be used at all (see [`placed`]).
    ///
    /// `unpaged_ok`: for resources that may not be paginated at all, a page 2
    /// identical to a short page 1 means "one page is all there is".
    #[allow(clippy::too_many_arguments)]
    async fn paged<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        keys: &[&str],
        filters: Vec<(&'static str, String)>,
        id_of: fn(&T) -> i64,
        place: Place,
        keep: &mut (dyn FnMut(&mut T) -> bool + Send),
        unpaged_ok: bool,
    ) -> Result<(Vec<T>, ListingNotes), Error> {
        let max_pages = self.inner.max_pages;
        let mut widest_window = self.inner.page_concurrency;
        let throttled = self.inner.throttled.load(Ordering::Relaxed);
        let mut seen = HashSet::new();
        let mut bodies = HashSet::new();
        let mut out = Vec::new();
        let mut notes = ListingNotes::default();
        let mut widest = 0;
        // A page shorter than the server's page size is the last: once the
        // size is known, a listing ends there instead of asking for the empty
        // page after it (each request is a new connection and most of a
        // second of Kickserv's time).
        let resource = segments.join("/");
        let trusted = self.inner.page_sizes.begin(&resource);
        let mut window = if trusted.is_some() {
            1
        } else {
            2.min(widest_window)
        };
        // The same listing read before: as many pages as it had go out at
        // once, and none past them until the one after its end has data.
        let key = listing_key(segments, &filters);
        let before = self.inner.lengths.recall(&key);
        let mut known_end = None;
        if let Some(Length {
            pages,
            widest: w,
            short_end,
        }) = before
        {
            let end = if trusted.is_some() && short_end {
                pages
            } else {
                pages + 1
            };
            window = end.min(widest_window).min(pages_in_flight(w)).max(window);
            known_end = Some(end);
        }
        let mut after_short = false;
        let mut last_raw = None;
        let mut in_flight = FuturesOrdered::new();
        let mut next = 1u32;
        let mut number = 0u32;
        loop {
            while next <= max_pages
                && (in_flight.len() as u32) < window
                && known_end.is_none_or(|end| next <= end)
            {
                let page = next;
                in_flight.push_back(self.page(segments, keys, &filters, page, place));
                next += 1;
            }
            let Some(page) = in_flight.next().await else {
                // Every page up to the cap was read and none was empty.
                tracing::warn!(
                    max_pages,
                    "stopped listing at the page cap; later pages were not read"
                );
                notes.capped_at = Some(max_pages);
                return Ok((out, notes));
            };
            number += 1;
            let page: Page<T> = match page {
                Ok(page) => page,
                Err(e) => {
                    self.inner.lengths.forget(&key);
                    return Err(e);
                }
            };
            if page.raw == 0 {
                let pages = number - 1;
                // Its last page with entries was short: next time, with the
                // page size known, the listing can end there.
                let short_end = last_raw.is_some_and(|r| r < widest);
                let length = Length {
                    pages,
                    widest,
                    short_end,
                };
                self.inner.lengths.note(key, length);
                return Ok((out, notes));
            }
            if known_end == Some(number) {
                // Longer than it was: on as for a listing never read.
                known_end = None;
            }
            let lone_page = number == 2
                && unpaged_ok
                && bodies.contains(&page.fingerprint)
                && page.raw < self.inner.per_page as usize;
            if lone_page {
                tracing::info!("the server does not page this list; its one page is all of it");
                return Ok((out, notes));
            }
            // Two entries of one id on one page: which one is the task is
            // anyone's guess, so the page is not used.
            let mut on_page = HashSet::new();
            if let Some(id) = page.items.iter().map(id_of).find(|id| !on_page.insert(*id)) {
                tracing::warn!(
                    page = number,
                    id,
                    "a page lists two entries with the same id; the listing is abandoned"
                );
                self.inner.lengths.forget(&key);
                return Err(Error::DuplicateIds { page: number, id });
            }
            let repeated = !bodies.insert(page.fingerprint)
                || page.items.iter().any(|t| seen.contains(&id_of(t)));
            if repeated {
                tracing::warn!(
                    page = number,
                    "a page repeats entries of earlier pages; the listing is abandoned"
                );
                self.inner.lengths.forget(&key);
                return Err(Error::PagesRepeat { page: number });
            }
            for mut t in page.items {
                if seen.insert(id_of(&t)) && keep(&mut t) {
                    out.push(t);
                }
            }
            notes.unreadable += page.unreadable;
            widest = widest.max(page.raw);
            self.inner.page_sizes.saw(&resource, page.raw, after_short);
            last_raw = Some(page.raw);
            if let Some(size) = trusted
                && page.raw < size
            {
                let length = Length {
                    pages: number,
                    widest,
                    short_end: true,
                };
                self.inner.lengths.note(key, length);
                return Ok((out, notes));
            }
            after_short = page.raw < widest.max(self.inner.page_sizes.widest(&resource));
            if self.inner.throttled.load(Ordering::Relaxed) != throttled {
                widest_window = 1;
            }
            // Bounded in entries too: the answers in flight are held whole.
            window = if page.raw < widest {
                1
            } else {
                (window + 1).min(widest_window).min(pages_in_flight(widest))
            };
        }
    }

    /// One page of a listing.
    async fn page<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        keys: &[&str],
        filters: &Query,
        page: u32,
        place: Place,
    ) -> Result<Page<T>, Error> {
        let mut query = filters.to_vec();
        query.push(("page", page.to_string()));
        query.push(("per_page", self.inner.per_page.to_string()));
        self.get(segments, &query, |b| self.parse_entries(b, keys, place))
            .await
    }

    /// A list answer whose entries need no placing.
    fn parse_page<T: DeserializeOwned>(
        &self,
        body: &[u8],
        keys: &[&str],
    ) -> Result<Page<T>, Error> {
        self.parse_entries(body, keys, anywhere)
    }

    /// A list answer, entry by entry: an entry that cannot be read (bad
    /// bytes, too deep, not a record) or that `place` refuses is skipped,
    /// counted and logged with its id, never quoted (it may hold
    /// credentials). An empty body or `null` is no list: an error, so that
    /// the last good data stays. Every string of what is kept has the token
    /// masked in every form.
    fn parse_entries<T: DeserializeOwned>(
        &self,
        body: &[u8],
        keys: &[&str],
        place: Place,
    ) -> Result<Page<T>, Error> {
        let shape = scan::list(body, keys).map_err(|_| self.decode_error(body))?;
        let (ranges, fingerprint) = match shape {
            Shape::Nothing => {
                let got = if body.iter().all(u8::is_ascii_whitespace) {
                    "an empty body"
                } else {
                    "null"
                };
                tracing::warn!("a list was answered with {got}; the last data read stays");
                return Err(shape_error_of("a list", got));
            }
            Shape::Scalar => return Err(shape_error_of("a list", "a single value")),
            Shape::One(r) => {
                // A lone record must be one: a page of one unreadable entry
                // would not say that the answer was not a list.
                if let Err(e) = self.read_entry::<T>(&body[r.clone()]) {
                    return Err(shape_error("a list", &e));
                }
                (vec![r], 1)
            }
            Shape::List(ranges) => {
                let mut h = DefaultHasher::new();
                if let (Some(a), Some(b)) = (ranges.first(), ranges.last()) {
                    body[a.start..b.end].hash(&mut h);
                }
                (ranges, h.finish())
            }
        };
        let mut page = Page {
            raw: ranges.len(),
            items: Vec::with_capacity(ranges.len()),
            unreadable: 0,
            fingerprint,
        };
        for (i, r) in ranges.into_iter().enumerate() {
            let raw = &body[r];
            let problem = match self.read_entry::<T>(raw) {
                Ok(t) => match place(raw) {
                    Ok(()) => {
                        page.items.push(t);
                        continue;
                    }
                    Err(why) => why,
                },
                Err(e) => unreadable_reason(&e),
            };
            page.unreadable += 1;
            match entry_id(raw) {
                Some(id) => tracing::warn!(
                    entry = i + 1,
                    id,
                    problem,
                    "skipped an entry that could not be read"
                ),
                None => tracing::warn!(
                    entry = i + 1,
                    problem,
                    "skipped an entry that could not be read (its id neither)"
                ),
            }
        }
        Ok(page)
    }

    /// One record, the token masked in all its strings (and keys). Only an
    /// entry that may hold a form of it goes through a `Value` first.
    fn read_entry<T: DeserializeOwned>(&self, raw: &[u8]) -> serde_json::Result<T> {
        if !self.inner.redactor.may_be_in(raw) {
            return serde_json::from_slice(raw);
        }
        let mut v: Value = serde_json::from_slice(raw)?;
        self.inner.redactor.scrub(&mut v);
        serde_json::from_value(v)
    }

    /// A read, retried while the failure is transient and attempts remain.
    async fn get<R>(
        &self,
        segments: &[&str],
        query: &Query,
        parse: impl Fn(&[u8]) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let url = self.url(segments);
        let mut attempt = 0u32;
        let started = tokio::time::Instant::now();
        loop {
            let (err, hint) = match self.send(Method::GET, url.clone(), query, None).await {
                Ok(reply) => {
                    let hint = reply.retry_after;
                    match self.accept(reply).and_then(|body| parse(&body)) {
                        Ok(r) => return Ok(r),
                        Err(e) => (e, hint),
                    }
                }
                Err(e) => (e, None),
            };
            if !err.is_retryable() || attempt >= self.inner.retries {
                return Err(err);
            }
            let wait = retry_delay(hint.or(err.retry_after()), self.inner.backoff, attempt);
            let budget = self.inner.read_budget;
            if !retry_fits(started.elapsed(), wait, self.inner.timeout, budget) {
                return Err(err);
            }
            tracing::debug!(path = url.path(), attempt, wait_ms = wait.as_millis() as u64, error = %err, "retrying read");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// A mutation: sent once, whatever happens. Once a 2xx status has
    /// arrived the change has happened: a body that is then cut, malformed or
    /// too long is [`Error::AnswerUnreadable`], never a failure to send.
    async fn mutate(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<Value>,
    ) -> Result<Value, Error> {
        if self.inner.read_only {
            return Err(Error::ReadOnly);
        }
        // Whatever its answer, the change may have happened.
        self.inner.earlier.forget_all();
        let url = self.url(segments);
        // A `Retry-After` from any endpoint holds mutations too (never a retry).
        self.inner.gate.pass().await;
        let started = Instant::now();
        let mut req = self.authed(&method, &url);
        if let Some(body) = &body {
            req = req.json(body);
        }
        let deadline = tokio::time::Instant::now() + self.inner.timeout;
        let path = url.path();
        let resp = match tokio::time::timeout_at(deadline, req.send()).await {
            Ok(Ok(resp)) => resp,
            Ok(Err(e)) => {
                // A timeout while connecting means nothing was sent.
                let err = if e.is_timeout() && !e.is_connect() {
                    Error::Timeout
                } else {
                    Error::Network(describe(e))
                };
                tracing::warn!(%method, path, error = %err, "kickserv mutation, no answer");
                return Err(err);
            }
            Err(_) => return Err(Error::Timeout),
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, Utc::now()));
        if let Some(wait) = retry_after.filter(|_| status == 429 || status >= 500) {
            self.inner.gate.hold_for(wait);
        }
        let read = read_answer(resp, deadline).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        tracing::debug!(%method, path, status, elapsed_ms, "kickserv mutation");
        if !(200..300).contains(&status) {
            let body = read.unwrap_or_default();
            let safe = self.safe_text(&String::from_utf8_lossy(&body));
            let err = Error::from_status(status, &safe, retry_after);
            log_refusal(method.as_str(), status, &err, &safe);
            return Err(err);
        }
        let body = read.map_err(Error::AnswerUnreadable)?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        let mut v = serde_json::from_slice(&body).map_err(|_| {
            tracing::warn!(%method, path, status, "a mutation was accepted but its answer is not JSON");
            Error::AnswerUnreadable("not JSON".into())
        })?;
        self.inner.redactor.scrub(&mut v);
        Ok(v)
    }

    /// A request carrying the token, the one place it leaves this module.
    fn authed(&self, method: &Method, url: &Url) -> reqwest::RequestBuilder {
        let token = self.inner.token.expose();
        self.inner
            .http
            .request(method.clone(), url.clone())
            .basic_auth(token, Some(token))
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        query: &Query,
        body: Option<&Value>,
    ) -> Result<Reply, Error> {
        // A `Retry-After` from any endpoint holds this request too.
        self.inner.gate.pass().await;
        let started = Instant::now();
        let mut req = self.authed(&method, &url);
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let exchange = async {
            let mut resp = req.send().await?;
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, Utc::now()));
            if let Some(wait) = retry_after.filter(|_| status == 429 || status >= 500) {
                self.inner.gate.hold_for(wait);
            }
            if status == 429 || status == 503 {
                self.inner.throttled.fetch_add(1, Ordering::Relaxed);
            }
            // Bounded: refused early on its announced length, else counted
            // chunk by chunk, so an endless body never fills the memory.
            let announced = resp.content_length().unwrap_or(0);
            if announced > MAX_BODY_BYTES as u64 {
                return Ok(Err(Error::TooLarge {
                    limit: MAX_BODY_BYTES,
                }));
            }
            let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
            while let Some(chunk) = resp.chunk().await? {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Ok(Err(Error::TooLarge {
                        limit: MAX_BODY_BYTES,
                    }));
                }
                body.extend_from_slice(&chunk);
            }
            Ok::<_, reqwest::Error>(Ok(Reply {
                status,
                retry_after,
                body,
            }))
        };
        // reqwest's own timeout covers this too; the outer one also bounds a
        // body that trickles in forever.
        let outcome = tokio::time::timeout(self.inner.timeout, exchange).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let path = url.path();
        match outcome {
            Ok(Ok(Ok(reply))) => {
                tracing::debug!(%method, path, status = reply.status, elapsed_ms, "kickserv");
                Ok(reply)
            }
            Ok(Ok(Err(err))) => {
                tracing::warn!(%method, path, elapsed_ms, error = %err, "kickserv");
                Err(err)
            }
            Ok(Err(e)) => {
                let err = if e.is_timeout() {
                    Error::Timeout
                } else {
                    Error::Network(describe(e))
                };
                tracing::debug!(%method, path, elapsed_ms, error = %err, "kickserv");
                Err(err)
            }
            Err(_) => {
                tracing::debug!(%method, path, elapsed_ms, "kickserv timed out");
                Err(Error::Timeout)
            }
        }
    }

    /// The body of a 2xx answer; any other status becomes its error.
    fn accept(&self, reply: Reply) -> Result<Vec<u8>, Error> {
        if !(200..300).contains(&reply.status) {
            let safe = self.safe_text(&String::from_utf8_lossy(&reply.body));
            let err = match Error::from_status(reply.status, &safe, reply.retry_after) {
                // A read changes nothing: its 422 is no rejected change.
                Error::Validation { messages, .. } => Error::ReadRefused { messages },
                other => other,
            };
            log_refusal("GET", reply.status, &err, &safe);
            return Err(err);
        }
        Ok(reply.body)
    }

    /// A whole answer as JSON, the token masked in all its strings.
    fn decode(&self, body: &[u8]) -> Result<Value, Error> {
        let mut v = serde_json::from_slice(body).map_err(|_| self.decode_error(body))?;
        self.inner.redactor.scrub(&mut v);
        Ok(v)
    }

    fn decode_error(&self, body: &[u8]) -> Error {
        Error::Decode {
            excerpt: error::excerpt(&self.safe_text(&String::from_utf8_lossy(body))),
        }
    }

    /// Body text fit for an error: no token in any form, no `Authorization`
    /// value, and nothing at all if it carries an employee's credentials.
    fn safe_text(&self, text: &str) -> String {
        if SECRET_KEYS.iter().any(|k| text.contains(k)) {
            return "(body withheld: it contains credentials)".to_string();
        }
        self.inner.redactor.clean(text)
    }
}

/// A 2xx answer whose shape is not understood: the change was made all the same.
fn accepted(e: Error) -> Error {
    match e {
        Error::Decode { excerpt } => {
            // The excerpt is for the log; the screen says what happened.
            tracing::warn!(excerpt = %excerpt, "an accepted change's answer has an unexpected shape");
            Error::AnswerUnreadable("not in the expected shape".into())
        }
        other => other,
    }
}

/// The rule is [`crate::base_url`]'s, the configuration's own.
fn validate_base_url(raw: &str) -> Result<Url, Error> {
    use crate::base_url::Refusal;
    let raw = raw.trim();
    // The text may hold credentials when it has an `@`; don't echo it then.
    let quoted = || {
        if raw.contains('@') {
            String::new()
        } else {
            format!("{}: ", error::excerpt(raw))
        }
    };
    crate::base_url::check(raw).map_err(|r| {
        Error::InvalidBaseUrl(match r {
            Refusal::Scheme => format!("{}the address must start with https://", quoted()),
            Refusal::Spaces => format!(
                "{}the address must not contain spaces or control characters",
                quoted()
            ),
            Refusal::NoHost => format!("{}the address has no host name", quoted()),
            Refusal::Unreadable(e) => format!("{}not a valid address ({e})", quoted()),
            Refusal::Credentials => "the address must not contain a user name or password".into(),
            Refusal::QueryOrFragment(origin) => {
                format!("{origin}: the address must not have a query or fragment")
            }
            Refusal::PlainHttp(origin) => format!(
                "{origin}: plain http is only allowed to this machine (loopback); use https"
            ),
        })
    })
}

/// The error and its causes, one line, without the URL.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    // Whole: `check` and the exit messages never cut what went wrong.
    error::clean(&text)
}

/// A refused request, at the level a default log keeps: the status and the
/// answer's excerpt (already redacted), which the screen leaves out.
fn log_refusal(method: &str, status: u16, err: &Error, safe_body: &str) {
    let excerpt = error::excerpt(safe_body);
    match status {
        500..=599 => tracing::error!(method, status, excerpt = %excerpt, "kickserv: {err}"),
        _ => tracing::warn!(method, status, excerpt = %excerpt, "kickserv: {err}"),
    }
}

/// Longest answer to a mutation that is read; Kickserv's are a record or less.
pub const MAX_MUTATION_ANSWER: usize = 1 << 20;

/// The body of a mutation's answer, bounded in size and time; `Err` says why
/// it could not be read whole.
async fn read_answer(
    mut resp: reqwest::Response,
    deadline: tokio::time::Instant,
) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Err(_) => return Err("it did not arrive in time".into()),
            Ok(Err(_)) => return Err("it was cut off".into()),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => {
                if body.len().saturating_add(chunk.len()) > MAX_MUTATION_ANSWER {
                    return Err(format!("longer than {} KB", MAX_MUTATION_ANSWER / 1024));
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// Seconds or an HTTP date; capped at [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else if let Ok(secs) = value.parse::<f64>() {
        Duration::try_from_secs_f64(secs).ok()?
    } else {
        let at = DateTime::parse_from_rfc2822(value).ok()?;
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// The server's wish when it said one, else full jitter over an exponential step.
fn retry_delay(hint: Option<Duration>, base: Duration, attempt: u32) -> Duration {
    if let Some(wait) = hint {
        return wait.min(MAX_RETRY_AFTER);
    }
    let step = base
        .checked_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    let nanos = u64::try_from(step.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// Whether waiting `wait` and one more attempt (at most `timeout`) still
/// end within `budget` of the read's start.
fn retry_fits(
    elapsed: Duration,
    wait: Duration,
    timeout: Duration,
    budget: Option<Duration>,
) -> bool {
    budget.is_none_or(|b| elapsed.saturating_add(wait).saturating_add(timeout) <= b)
}

/// Accepts a bare value or a wrapper such as `{"tasks": [...]}` /
/// `{"task": {...}}`: a known key, or a lone key holding an array or object.
fn unwrap_envelope(v: Value, keys: &[&str]) -> Value {
    let Value::Object(mut map) = v else {
        return v;
    };
    if map.contains_key("id") {
        return Value::Object(map);
    }
    if let Some(key) = keys.iter().find(|k| {
        map.get(**k)
            .is_some_and(|inner| inner.is_array() || inner.is_object())
    }) {
        return map.remove(*key).unwrap_or(Value::Null);
    }
    if map.len() == 1
        && map
            .values()
            .all(|inner| inner.is_array() || inner.is_object())
    {
        return map
            .into_iter()
            .next()
            .map(|(_, inner)| inner)
            .unwrap_or(Value::Null);
    }
    Value::Object(map)
}

/// One page of a list answer.
struct Page<T> {
    /// Entries in the answer, readable or not.
    raw: usize,
    items: Vec<T>,
    unreadable: usize,
    /// Of the entries' bytes: the same page served twice is a repeat even
    /// when none of it can be read.
    fingerprint: u64,
}

/// Whether a listed entry can be placed on the board; `Err` says why not.
type Place = fn(&[u8]) -> Result<(), &'static str>;

fn anywhere(_: &[u8]) -> Result<(), &'static str> {
    Ok(())
}

/// A task is placed by its start, an instant with an offset, and shown as
/// all-day only when `all_day` says so as a boolean. Anything else (a start
/// null, missing, a number, an impossible date, without an offset, another
/// format; an `all_day` of another kind) would put it in the wrong place or
/// nowhere, so it is not taken as a task.
fn placed(raw: &[u8]) -> Result<(), &'static str> {
    #[derive(serde::Deserialize)]
    struct Placing {
        #[serde(default)]
        starts_at: Value,
        #[serde(default)]
        all_day: Value,
    }
    let p: Placing = serde_json::from_slice(raw).map_err(|_| "fields of the wrong kind")?;
    match &p.starts_at {
        Value::Null => return Err("no start time"),
        Value::String(s) => {
            if DateTime::parse_from_rfc3339(s.trim()).is_err() {
                return Err("a start time that is not a date and time with an offset");
            }
        }
        Value::Number(_) => return Err("a start time that is a number"),
        _ => return Err("a start time of the wrong kind"),
    }
    if !matches!(p.all_day, Value::Null | Value::Bool(_)) {
        return Err("an all_day that is not true or false");
    }
    Ok(())
}

/// The id of an entry, for the log, when it can be made out.
fn entry_id(raw: &[u8]) -> Option<i64> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: Value,
    }
    let text = String::from_utf8_lossy(raw);
    let v: Id = serde_json::from_str(&text).ok()?;
    super::model::lenient::as_int(&v.id)
}

/// Why an entry could not be read, without quoting it.
fn unreadable_reason(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Data => "fields of the wrong kind",
        serde_json::error::Category::Syntax if e.to_string().contains("recursion limit") => {
            "nested too deep"
        }
        serde_json::error::Category::Syntax => "not valid JSON text (e.g. bad UTF-8)",
        serde_json::error::Category::Eof => "cut short",
        serde_json::error::Category::Io => "unreadable",
    }
}

fn parse_one<T: DeserializeOwned>(v: Value, keys: &[&str]) -> Result<T, Error> {
    match unwrap_envelope(v, keys) {
        Value::Array(mut items) if items.len() == 1 => {
            serde_json::from_value(items.remove(0)).map_err(|e| shape_error("a record", &e))
        }
        obj @ Value::Object(_) => {
            serde_json::from_value(obj).map_err(|e| shape_error("a record", &e))
        }
        other => Err(shape_error_of_value("a record", &other)),
    }
}

fn shape_error_of(expected: &str, got: &str) -> Error {
    Error::Decode {
        excerpt: format!("expected {expected}, got {got}"),
    }
}

// Describes the mismatch, never the content: a record may hold credentials.
fn shape_error(expected: &str, e: &serde_json::Error) -> Error {
    let what = match e.classify() {
        serde_json::error::Category::Data => "fields of the wrong kind",
        _ => "malformed data",
    };
    Error::Decode {
        excerpt: format!("expected {expected}, got {what}"),
    }
}

fn shape_error_of_value(expected: &str, v: &Value) -> Error {
    let kind = match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(a) => {
            return Error::Decode {
                excerpt: format!("expected {expected}, got a list of {}", a.len()),
            };
        }
        Value::Object(_) => "an object",
    };
    Error::Decode {
        excerpt: format!("expected {expected}, got {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn client(base: &str, account: &str) -> Result<Client, Error> {
        let mut cfg = ClientConfig::new(account, Token::new("s3cret"));
        cfg.base_url = base.to_string();
        Client::new(cfg)
    }

    #[test]
    fn token_never_prints() {
        let t = Token::new("s3cret");
        assert_eq!(format!("{t}"), "***");
        assert_eq!(format!("{t:?}"), "***");
        let cfg = ClientConfig::new("demo", t);
        assert!(!format!("{cfg:?}").contains("s3cret"));
        let c = client("https://app.kickserv.com", "demo");
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn base_url_rules() {
        assert!(client("https://app.kickserv.com", "demo").is_ok());
        for ok in [
            "http://127.0.0.1:8787",
            "http://127.3.2.1",
            "http://localhost:1/",
            "http://[::1]:9/",
        ] {
            assert!(client(ok, "demo").is_ok(), "{ok}");
        }
        for bad in [
            "http://app.kickserv.com",
            "http://10.0.0.1",
            "ftp://localhost",
            "app.kickserv.com",
            "https://user:pw@app.kickserv.com",
            "https://app.kickserv.com/?x=1",
        ] {
            assert!(
                matches!(client(bad, "demo"), Err(Error::InvalidBaseUrl(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            client("https://app.kickserv.com", " "),
            Err(Error::InvalidBaseUrl(_))
        ));
        let Err(e) = client("https://user:pw@app.kickserv.com", "demo") else {
            panic!("credentials in the address were accepted");
        };
        assert!(!e.to_string().contains("pw"));
    }

    #[test]
    fn account_is_one_encoded_segment() -> Result<(), Error> {
        let c = client("https://example.com/prefix/", "a b/c?d")?;
        assert_eq!(c.account_url(), "https://example.com/prefix/a%20b%2Fc%3Fd");
        assert_eq!(
            c.url(&["tasks", "12.json"]).as_str(),
            "https://example.com/prefix/a%20b%2Fc%3Fd/tasks/12.json"
        );
        let c = client("https://app.kickserv.com", "demo")?;
        assert_eq!(
            c.url(&["tasks.json"]).as_str(),
            "https://app.kickserv.com/demo/tasks.json"
        );
        Ok(())
    }

    #[test]
    fn task_query_sends_the_day_after_the_range() {
        let q = TaskQuery {
            from: NaiveDate::from_ymd_opt(2026, 2, 27),
            to_inclusive: NaiveDate::from_ymd_opt(2026, 2, 28),
            job_id: Some(34769012),
            employee_number: Some(4),
            // Not a parameter: applied to what comes back.
            ending_from: Some(Utc::now()),
        };
        let p: Vec<String> = q.params().iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            p,
            [
                "from=2026-02-27",
                "to=2026-03-01",
                "job_id=34769012",
                "employee_number=4",
                "mapping=true",
            ]
        );
        assert_eq!(
            TaskQuery::default().params(),
            vec![("mapping", "true".to_string())]
        );
    }

    /// The slowest failing read: every attempt runs to its timeout, every
    /// wait is the longest the server may ask for. Returns when it gives up.
    fn worst_read(retries: u32, timeout: Duration, budget: Option<Duration>) -> Duration {
        let mut elapsed = Duration::ZERO;
        let mut attempt = 0;
        loop {
            elapsed += timeout;
            let wait = retry_delay(Some(MAX_RETRY_AFTER), Duration::ZERO, attempt);
            if attempt >= retries || !retry_fits(elapsed, wait, timeout, budget) {
                return elapsed;
            }
            elapsed += wait;
            attempt += 1;
        }
    }

    #[test]
    fn a_failing_read_gives_up_within_its_budget() {
        let timeout = Duration::from_secs(15);
        for poll in [10, 15, 30, 60, 301, 3600].map(Duration::from_secs) {
            let took = worst_read(3, timeout, Some(poll));
            // The first attempt always runs; no retry overruns the poll.
            assert!(took <= poll.max(timeout), "poll {poll:?}: {took:?}");
        }
        // Without a budget the same read would outlast a 30 s poll many times.
        assert!(worst_read(3, timeout, None) > Duration::from_secs(30 * 10));
        // The bound itself: a retry is allowed exactly up to the budget.
        let s = Duration::from_secs;
        assert!(retry_fits(s(10), s(5), s(15), Some(s(30))));
        assert!(!retry_fits(s(10), s(6), s(15), Some(s(30))));
        assert!(retry_fits(s(1000), s(300), s(15), None));
    }

    #[test]
    fn retry_after_seconds_dates_and_cap() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 27, 0).single();
        let Some(now) = now else { panic!("fixed date") };
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("86400", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_is_bounded_by_the_exponential_step() {
        // Seeded so that the spread below is the same on every run.
        fastrand::seed(11);
        let base = Duration::from_millis(100);
        for attempt in 0..6 {
            let step = base * 2u32.pow(attempt);
            let delays: Vec<Duration> =
                (0..200).map(|_| retry_delay(None, base, attempt)).collect();
            assert!(delays.iter().all(|d| *d <= step));
            // From below: full jitter spreads over the whole step, so some
            // waits come close to it and beyond the step before it; none is
            // stuck at zero or at a constant.
            let longest = delays.iter().max().copied().unwrap_or_default();
            let shortest = delays.iter().min().copied().unwrap_or_default();
            assert!(longest >= step * 9 / 10, "attempt {attempt}: {longest:?}");
            assert!(shortest <= step / 10, "attempt {attempt}: {shortest:?}");
            let above_previous = delays.iter().filter(|d| **d > step / 2).count();
            assert!(above_previous >= 50, "attempt {attempt}: {above_previous}");
        }
        let capped: Vec<Duration> = (0..200).map(|_| retry_delay(None, base, 200)).collect();
        assert!(capped.iter().all(|d| *d <= MAX_BACKOFF));
        assert!(capped.iter().any(|d| *d >= MAX_BACKOFF * 9 / 10));
        assert_eq!(
            retry_delay(Some(Duration::from_secs(2)), base, 0),
            Duration::from_secs(2)
        );
        assert_eq!(
            retry_delay(Some(Duration::from_secs(9999)), base, 0),
            MAX_RETRY_AFTER
        );
    }

    #[test]
    fn envelopes_bare_and_wrapped() -> Result<(), Error> {
        let c = client("https://app.kickserv.com", "demo")?;
        let list = |v: Value| c.parse_page::<Task>(v.to_string().as_bytes(), &["tasks"]);
        let bare = list(json!([{"id": 1}, {"id": "2"}, {"id": "x"}, 7]))?;
        assert_eq!((bare.raw, bare.unreadable), (4, 2));
        assert_eq!(
            bare.items.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![1, 2]
        );

        let wrapped = list(json!({"tasks": [{"id": 3}], "total": 1}))?;
        assert_eq!(wrapped.items[0].id, 3);

        assert_eq!(list(json!({"data": [{"id": 4}]}))?.items[0].id, 4);
        // Nothing is no list: the last good data must stay.
        assert!(matches!(list(Value::Null), Err(Error::Decode { .. })));
        assert!(matches!(
            c.parse_page::<Task>(b" \n", &["tasks"]),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(list(json!(5)), Err(Error::Decode { .. })));
        assert!(matches!(
            c.parse_page::<Task>(b"[{\"id\": 1}, {\"id", &["tasks"]),
            Err(Error::Decode { .. })
        ));

        let one: Task = parse_one(json!({"task": {"id": 9, "job": null}}), &["task"])?;
        assert_eq!(one.id, 9);
        let bare_one: Task = parse_one(json!({"id": 10, "job": {"id": 11}}), &["task"])?;
        assert_eq!(bare_one.job.map(|j| j.id), Some(11));
        assert!(matches!(
            parse_one::<Task>(json!({"task": {"name": "no id"}}), &["task"]),
            Err(Error::Decode { .. })
        ));
        Ok(())
    }

    /// A throwaway local server for behaviour the simulator cannot show.
    mod local {
        use super::*;

        /// A start, so that a listed task can be placed.
        const AT: &str = "2026-11-27T09:00:00-05:00";

        fn at(id: i64) -> Value {
            json!({"id": id, "starts_at": AT})
        }
        use axum::Router;
        use axum::extract::{Query, State};
        use axum::http::{HeaderMap as AxHeaders, StatusCode};
        use axum::routing::get;
        use std::collections::HashMap;
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};

        #[derive(Default)]
        struct Seen {
            headers: Mutex<Vec<AxHeaders>>,
            pages: Mutex<Vec<u32>>,
            in_flight: AtomicUsize,
            max_in_flight: AtomicUsize,
            hits: AtomicUsize,
        }

        type Shared = Arc<Seen>;

        async fn serve(router: Router) -> Result<String, Box<dyn std::error::Error>> {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?;
            tokio::spawn(async move {
                let _ = axum::serve(listener, router).await;
            });
            Ok(format!("http://{addr}"))
        }

        fn client_at(base: String, tweak: impl FnOnce(&mut ClientConfig)) -> Result<Client, Error> {
            let mut cfg = ClientConfig::new("demo", Token::new("s3cret"));
            cfg.base_url = base;
            cfg.timeout = Duration::from_secs(5);
            cfg.backoff = Duration::from_millis(1);
            tweak(&mut cfg);
            Client::new(cfg)
        }

        fn ids(tasks: &[Task]) -> Vec<i64> {
            tasks.iter().map(|t| t.id).collect()
        }

        /// Notes the page asked for and how many requests overlap, holding
        /// each a moment so that the requests of one window do overlap.
        async fn record_page(seen: &Shared, q: &HashMap<String, String>) -> u32 {
            let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
            seen.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(page);
            let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            page
        }

        /// Pages overlap, page 3 is empty and page 4 (already in flight) has data.
        async fn scripted_page(
            State(seen): State<Shared>,
            Query(q): Query<HashMap<String, String>>,
        ) -> axum::Json<Value> {
            let page = record_page(&seen, &q).await;
            axum::Json(match page {
                1 => json!([at(1), at(2), at(3)]),
                2 => json!({"tasks": [at(4), at(5), {"id": "oops", "starts_at": AT}]}),
                3 => json!([]),
                _ => json!([at(90), at(91), at(92)]),
            })
        }

        #[tokio::test]
        async fn pages_stop_at_the_first_empty_page_and_count_what_is_unreadable()
        -> Result<(), Box<dyn std::error::Error>> {
            let seen = Shared::default();
            let router = Router::new()
                .route("/demo/tasks.json", get(scripted_page))
                .with_state(seen.clone());
            let c = client_at(serve(router).await?, |c| {
                c.per_page = 3;
                c.page_concurrency = 4;
            })?;
            let listing = c.list_tasks(&TaskQuery::default()).await?;
            // The unreadable entry still makes page 2 full; page 4 lies past the empty page 3.
            assert_eq!(ids(&listing.tasks), vec![1, 2, 3, 4, 5]);
            assert_eq!(listing.notes.unreadable, 1);
            assert_eq!(listing.notes.capped_at, None);
            let mut pages = seen.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
            pages.sort_unstable();
            // Pages 1 and 2 together, then a window of four.
            assert_eq!(pages, vec![1, 2, 3, 4, 5, 6]);
            assert!(seen.max_in_flight.load(Ordering::SeqCst) <= 4);
            Ok(())
        }

        #[tokio::test]
        async fn concurrency_is_bounded_and_the_page_cap_holds()
        -> Result<(), Box<dyn std::error::Error>> {
            let seen = Shared::default();
            let router = Router::new()
                .route(
                    "/demo/tasks.json",
                    get(
                        async |State(seen): State<Shared>,
                               Query(q): Query<HashMap<String, String>>| {
                            let page = record_page(&seen, &q).await;
                            // An endless listing: always a full page of new tasks.
                            let base = i64::from(page) * 10;
                            axum::Json(json!([at(base), at(base + 1)]))
                        },
                    ),
                )
                .with_state(seen.clone());
            let c = client_at(serve(router).await?, |c| {
                c.per_page = 2;
                c.page_concurrency = 2;
                c.max_pages = 5;
            })?;
            let listing = c.list_tasks(&TaskQuery::default()).await?;
            assert_eq!(
                ids(&listing.tasks),
                vec![10, 11, 20, 21, 30, 31, 40, 41, 50, 51]
            );
            assert_eq!(listing.notes.capped_at, Some(5), "the cap is reported");
            let mut pages = seen.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
            pages.sort_unstable();
            assert_eq!(pages, vec![1, 2, 3, 4, 5]);
            assert!(seen.max_in_flight.load(Ordering::SeqCst) <= 2);
            Ok(())
        }

        #[tokio::test]
        async fn sends_the_documented_headers() -> Result<(), Box<dyn std::error::Error>> {
            let seen = Shared::default();
            let record = async |State(seen): State<Shared>, headers: AxHeaders| {
                seen.headers
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(headers);
                axum::Json(json!({"id": 5}))
            };
            let router = Router::new()
                .route("/demo/tasks/5.json", get(record).put(record))
                .with_state(seen.clone());
            let c = client_at(serve(router).await?, |_| {})?;
            c.get_task(5).await?;
            c.update_task(
                5,
                &TaskPatch {
                    name: Some(Some("n".into())),
                    ..TaskPatch::default()
                },
            )
            .await?;
            let headers = seen
                .headers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            assert_eq!(headers.len(), 2);
            // base64("s3cret:s3cret")
            let auth = "Basic czNjcmV0OnMzY3JldA==";
            for h in &headers {
                assert_eq!(
                    h.get("authorization").and_then(|v| v.to_str().ok()),
                    Some(auth)
                );
                assert_eq!(
                    h.get("accept").and_then(|v| v.to_str().ok()),
                    Some("application/json")
                );
                let ua = h
                    .get("user-agent")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                assert_eq!(ua, format!("kickdesk/{}", env!("CARGO_PKG_VERSION")));
            }
            assert_eq!(headers[0].get("content-type"), None);
            assert_eq!(
                headers[1].get("content-type").and_then(|v| v.to_str().ok()),
                Some("application/json")
            );
            Ok(())
        }

        #[tokio::test]
        async fn echoed_tokens_are_redacted_from_errors() -> Result<(), Box<dyn std::error::Error>>
        {
            let router = Router::new()
                .route(
                    "/demo/tasks/1.json",
                    get(async || (StatusCode::BAD_GATEWAY, "proxy saw s3cret")),
                )
                .route(
                    "/demo/tasks/2.json",
                    get(async || {
                        (
                            StatusCode::UNPROCESSABLE_ENTITY,
                            r#"{"errors":{"base":["token s3cret is old"]}}"#,
                        )
                    }),
                )
                .route("/demo/tasks/3.json", get(async || "not json, s3cret"));
            let c = client_at(serve(router).await?, |c| c.retries = 0)?;
            let mut errors = Vec::new();
            for id in 1..=3 {
                match c.get_task(id).await {
                    Ok(t) => panic!("task {} should not parse", t.id),
                    Err(e) => errors.push(e),
                }
            }
            assert_eq!(
                errors[0],
                Error::Server {
                    status: 502,
                    excerpt: "proxy saw ***".into()
                }
            );
            // A 422 to a read refused the request; no change was asked for.
            assert_eq!(
                errors[1],
                Error::ReadRefused {
                    messages: vec!["token *** is old".into()],
                }
            );
            assert_eq!(
                errors[1].to_string(),
                "Kickserv refused the request (422): token *** is old; nothing was changed"
            );
            assert_eq!(
                errors[2],
                Error::Decode {
                    excerpt: "not json, ***".into()
                }
            );
            for e in &errors {
                assert!(!format!("{e} {e:?}").contains("s3cret"));
            }
            Ok(())
        }

        #[tokio::test]
        async fn undecodable_reads_are_retried_then_reported()
        -> Result<(), Box<dyn std::error::Error>> {
            let seen = Shared::default();
            let router = Router::new()
                .route(
                    "/demo/employees.json",
                    get(
                        async |State(seen): State<Shared>,
                               Query(q): Query<HashMap<String, String>>| {
                            if q.get("page").map(String::as_str) == Some("1") {
                                seen.hits.fetch_add(1, Ordering::SeqCst);
                            }
                            "<html>maintenance</html>"
                        },
                    ),
                )
                .with_state(seen.clone());
            let c = client_at(serve(router).await?, |c| c.retries = 2)?;
            let e = c.employees().await.err();
            assert_eq!(
                e,
                Some(Error::Decode {
                    excerpt: "<html>maintenance</html>".into()
                })
            );
            // Three attempts at page 1. Page 2, asked beside it, is dropped
            // when page 1's error ends the listing, after as many attempts
            // as it had time for: not counted.
            assert_eq!(seen.hits.load(Ordering::SeqCst), 3);
            Ok(())
        }

        #[tokio::test]
        async fn bodies_with_credentials_are_withheld_and_empty_deletes_succeed()
        -> Result<(), Box<dyn std::error::Error>> {
            let router = Router::new()
                .route(
                    "/demo/employees.json",
                    get(async || {
                        (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            r#"[{"id":1,"encrypted_password":"HASH"}]"#,
                        )
                    }),
                )
                .route(
                    "/demo/tasks/8.json",
                    axum::routing::delete(async || StatusCode::NO_CONTENT),
                );
            let c = client_at(serve(router).await?, |c| c.retries = 0)?;
            let Err(e) = c.employees().await else {
                panic!("a 500 was accepted")
            };
            assert!(!format!("{e} {e:?}").contains("HASH"));
            assert!(matches!(e, Error::Server { status: 500, .. }));
            assert_eq!(c.delete_task(8).await?.id, 8);
            Ok(())
        }

        #[tokio::test]
        async fn tasks_over_before_the_cut_are_let_go_and_the_longest_of_them_noted()
        -> Result<(), Box<dyn std::error::Error>> {
            let body = json!([
                // Ten days, over the day before the cut: let go, and noted.
                {"id": 1, "starts_at": "2026-11-01T09:00:00Z", "ends_at": "2026-11-11T09:00:00Z"},
                // An hour, long over: let go.
                {"id": 2, "starts_at": "2026-11-05T09:00:00Z", "ends_at": "2026-11-05T10:00:00Z"},
                // Ends on the cut: kept.
                {"id": 3, "starts_at": "2026-11-11T12:00:00Z", "ends_at": "2026-11-12T00:00:00Z"},
                // No end: counts as a day, which reaches past the cut.
                {"id": 4, "starts_at": "2026-11-11T09:00:00Z"},
                // No time at all: cannot be placed, so counted as unreadable.
                {"id": 5},
                // An end before its start: counts as a day too, and is over.
                {"id": 6, "starts_at": "2026-11-09T09:00:00Z", "ends_at": "2026-11-08T09:00:00Z"},
                {"id": 7, "starts_at": "2026-11-20T09:00:00Z", "ends_at": "2026-11-20T10:00:00Z"},
            ]);
            let page = async move |Query(q): Query<HashMap<String, String>>| {
                axum::Json(match q.get("page").map(String::as_str) {
                    Some("1") => body.clone(),
                    _ => json!([]),
                })
            };
            let router = Router::new().route("/demo/tasks.json", get(page));
            let c = client_at(serve(router).await?, |_| {})?;
            let cut = DateTime::parse_from_rfc3339("2026-11-12T00:00:00Z")?.with_timezone(&Utc);
            let q = TaskQuery {
                ending_from: Some(cut),
                ..TaskQuery::default()
            };
            let listing = c.list_tasks(&q).await?;
            assert_eq!(ids(&listing.tasks), vec![3, 4, 7]);
            assert_eq!(listing.notes.longest_dropped_secs, Some(10 * 86_400));
            assert_eq!(listing.notes.unreadable, 1);
            // Without a cut, everything placeable is kept and nothing is noted.
            let all = c.list_tasks(&TaskQuery::default()).await?;
            assert_eq!(ids(&all.tasks), vec![1, 2, 3, 4, 6, 7]);
            assert_eq!(all.notes.longest_dropped_secs, None);
            Ok(())
        }

        /// The window of pages in flight, as the server sees it: each request
        /// notes its page and how many were in flight when it came (itself
        /// included), and is held 100 ms so that a window's requests overlap.
        mod window {
            use super::*;

            #[derive(Default)]
            struct Arrivals {
                log: Mutex<Vec<(u32, usize)>>,
                in_flight: AtomicUsize,
                throttled_once: AtomicUsize,
                /// Full pages the listing has (0: as `server` was told).
                pages: AtomicUsize,
            }

            struct Leaves<'a>(&'a AtomicUsize);

            impl Drop for Leaves<'_> {
                fn drop(&mut self) {
                    self.0.fetch_sub(1, Ordering::SeqCst);
                }
            }

            /// `pages` full pages of `size` new tasks, then empty pages; with
            /// `throttle`, that page's first request answers 429.
            fn server(seen: Arc<Arrivals>, pages: u32, size: i64, throttle: Option<u32>) -> Router {
                seen.pages.store(pages as usize, Ordering::SeqCst);
                let handler =
                    async move |State(seen): State<Arc<Arrivals>>,
                                Query(q): Query<HashMap<String, String>>| {
                        let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
                        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        // Counted out even when the client drops the request
                        // (pages past the end) and the server cancels this.
                        let leaving = Leaves(&seen.in_flight);
                        seen.log
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((page, now));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        drop(leaving);
                        if throttle == Some(page)
                            && seen.throttled_once.fetch_add(1, Ordering::SeqCst) == 0
                        {
                            return (StatusCode::TOO_MANY_REQUESTS, axum::Json(json!([])));
                        }
                        let first = i64::from(page.saturating_sub(1)) * size;
                        let pages = seen.pages.load(Ordering::SeqCst) as u32;
                        let tasks: Vec<Value> = if page <= pages {
                            (first..first + size).map(|id| at(id + 1)).collect()
                        } else {
                            Vec::new()
                        };
                        (StatusCode::OK, axum::Json(Value::Array(tasks)))
                    };
                Router::new()
                    .route("/demo/tasks.json", get(handler))
                    .with_state(seen)
            }

            /// Lists all tasks of [`server`] with `per_page` and at most
            /// `window` pages in flight; returns the tasks and the arrivals.
            async fn list(
                pages: u32,
                size: i64,
                throttle: Option<u32>,
                window: usize,
            ) -> Result<(Vec<Task>, Vec<(u32, usize)>), Box<dyn std::error::Error>> {
                let seen = Arc::new(Arrivals::default());
                let base = serve(server(seen.clone(), pages, size, throttle)).await?;
                let c = client_at(base, |c| {
                    c.per_page = u32::try_from(size).unwrap_or(1);
                    c.page_concurrency = window;
                })?;
                let listing = c.list_tasks(&TaskQuery::default()).await?;
                let log = seen.log.lock().unwrap_or_else(|e| e.into_inner()).clone();
                Ok((listing.tasks, log))
            }

            fn in_flight_at(log: &[(u32, usize)], page: u32) -> usize {
                log.iter().find(|(p, _)| *p == page).map_or(0, |(_, n)| *n)
            }

            #[tokio::test]
            async fn the_window_starts_at_two_and_grows_to_its_cap_on_a_long_listing()
            -> Result<(), Box<dyn std::error::Error>> {
                let (tasks, log) = list(40, 2, None, 8).await?;
                assert_eq!(ids(&tasks), (1..=80).collect::<Vec<_>>());
                let mut pages: Vec<u32> = log.iter().map(|(p, _)| *p).collect();
                assert_eq!(&pages[..2].iter().collect::<HashSet<_>>().len(), &2);
                assert!(
                    pages[..2].contains(&1) && pages[..2].contains(&2),
                    "{log:?}"
                );
                // Page 3 waits for page 1's answer, page 5 for page 2's.
                assert!(in_flight_at(&log, 3) <= 3, "{log:?}");
                assert!(in_flight_at(&log, 5) <= 4, "{log:?}");
                let widest = log.iter().map(|(_, n)| *n).max().unwrap_or(0);
                assert_eq!(widest, 8, "the window reaches its cap and no more: {log:?}");
                pages.sort_unstable();
                let asked = pages.len();
                pages.dedup();
                assert_eq!(pages.len(), asked, "a page asked twice: {log:?}");
                // The empty page 41 ends it; at most a window's worth past it.
                assert!(pages.contains(&41) && pages.iter().all(|p| *p <= 41 + 7));
                Ok(())
            }

            /// A listing read again (a poll) sends as many pages as it had
            /// at once, and none past the one after its end; grown since, it
            /// is still read whole; shrunk, it ends at its new end.
            #[tokio::test]
            async fn a_listing_read_again_asks_for_its_pages_at_once_and_no_more()
            -> Result<(), Box<dyn std::error::Error>> {
                let seen = Arc::new(Arrivals::default());
                let base = serve(server(seen.clone(), 10, 2, None)).await?;
                let c = client_at(base, |c| {
                    c.per_page = 2;
                    c.page_concurrency = 16;
                })?;
                // Pages past the end sent before the end was read still
                // reach the server after the listing returned: let them land.
                let take = async |seen: &Arrivals| {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    std::mem::take(&mut *seen.log.lock().unwrap_or_else(|e| e.into_inner()))
                };
                let first = c.list_tasks(&TaskQuery::default()).await?;
                assert_eq!(first.tasks.len(), 20);
                let log = take(&seen).await;
                assert!(
                    log.len() > 11,
                    "the first reading ramps up past the end: {log:?}"
                );

                let again = c.list_tasks(&TaskQuery::default()).await?;
                assert_eq!(again.tasks, first.tasks);
                let log = take(&seen).await;
                let mut pages: Vec<u32> = log.iter().map(|(p, _)| *p).collect();
                pages.sort_unstable();
                assert_eq!(pages, (1..=11).collect::<Vec<_>>(), "{log:?}");
                let widest = log.iter().map(|(_, n)| *n).max().unwrap_or(0);
                assert_eq!(widest, 11, "all eleven at once: {log:?}");

                seen.pages.store(14, Ordering::SeqCst);
                let grown = c.list_tasks(&TaskQuery::default()).await?;
                assert_eq!(ids(&grown.tasks), (1..=28).collect::<Vec<_>>());
                take(&seen).await;

                seen.pages.store(3, Ordering::SeqCst);
                let shrunk = c.list_tasks(&TaskQuery::default()).await?;
                assert_eq!(ids(&shrunk.tasks), (1..=6).collect::<Vec<_>>());
                let log = take(&seen).await;
                assert!(log.iter().all(|(p, _)| *p <= 15), "{log:?}");
                // Another query is a listing of its own: it ramps up from two.
                let other = TaskQuery {
                    employee_number: Some(4),
                    ..TaskQuery::default()
                };
                c.list_tasks(&other).await?;
                let log = take(&seen).await;
                assert!(log.iter().take(2).all(|(p, _)| *p <= 2), "{log:?}");
                assert!(
                    log.iter()
                        .find(|(p, _)| *p == 3)
                        .is_some_and(|(_, n)| *n <= 2)
                );
                Ok(())
            }

            #[tokio::test]
            async fn pages_of_a_hundred_go_at_most_four_at_a_time()
            -> Result<(), Box<dyn std::error::Error>> {
                let (tasks, log) = list(12, 100, None, 16).await?;
                assert_eq!(tasks.len(), 1200);
                let widest = log.iter().map(|(_, n)| *n).max().unwrap_or(0);
                assert_eq!(widest, 4, "400 entries in flight at most: {log:?}");
                Ok(())
            }

            #[tokio::test]
            async fn after_a_429_the_rest_of_the_listing_goes_one_page_at_a_time()
            -> Result<(), Box<dyn std::error::Error>> {
                let (tasks, log) = list(30, 2, Some(3), 16).await?;
                assert_eq!(ids(&tasks), (1..=60).collect::<Vec<_>>());
                assert_eq!(log.iter().filter(|(p, _)| *p == 3).count(), 2, "{log:?}");
                // Pages up to 3 + 16 may have gone out before page 3's retry
                // was read; every later one goes alone.
                let later: Vec<_> = log.iter().filter(|(p, _)| *p >= 20).collect();
                assert!(!later.is_empty());
                assert!(later.iter().all(|(_, n)| *n == 1), "{log:?}");
                Ok(())
            }
        }
    }

    #[test]
    fn decode_errors_never_quote_records() {
        let e = parse_one::<Employee>(
            json!({"encrypted_password": "hash", "id": "x"}),
            &["employee"],
        );
        let Err(e) = e else {
            panic!("a record without a usable id parsed")
        };
        assert!(!format!("{e} {e:?}").contains("hash"));
    }
}
