//! The Kickserv client against the simulator over loopback HTTP.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use kickdesk::kickserv::model::{NotifyKind, Status, Task, TaskPatch};
use kickdesk::kickserv::{Client, ClientConfig, Error, TaskQuery, Token};
use kickdesk::sim::{self, NotificationRecord, RequestRecord, SimConfig, SimServer, SimTask};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "demo-token";
const WRONG_TOKEN: &str = "wrong-token-4242";

/// Friday 27 November 2026, 10:45 in New York.
fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0)
        .single()
        .unwrap_or_default()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

fn day(offset: i64) -> NaiveDate {
    if offset >= 0 {
        today().checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        today().checked_sub_days(Days::new(offset.unsigned_abs()))
    }
    .unwrap_or_default()
}

async fn sim() -> Result<SimServer, Box<dyn std::error::Error>> {
    sim_with(SimConfig::default()).await
}

async fn sim_with(cfg: SimConfig) -> Result<SimServer, Box<dyn std::error::Error>> {
    let cfg = SimConfig {
        now: Some(fixed_now()),
        ..cfg
    };
    Ok(sim::start(cfg, "127.0.0.1:0".parse()?).await?)
}

/// Far beyond any answer of a loaded debug build: tests that count requests
/// must not see a retry caused by a slow machine.
const GENEROUS: Duration = Duration::from_secs(30);
/// For the clients that must see a `stall` time out: the stall lasts far
/// longer ([`STALL_MS`]), so the timeout is certain, not a race.
const STALL_TIMEOUT: Duration = Duration::from_secs(2);
const STALL_MS: u64 = 120_000;

fn config(s: &SimServer) -> ClientConfig {
    let mut cfg = ClientConfig::new("demo", Token::new(TOKEN));
    cfg.base_url = s.base_url.clone();
    cfg.timeout = GENEROUS;
    cfg.backoff = Duration::from_millis(5);
    cfg
}

fn client(s: &SimServer) -> Result<Client, Error> {
    Client::new(config(s))
}

fn client_with(s: &SimServer, tweak: impl FnOnce(&mut ClientConfig)) -> Result<Client, Error> {
    let mut cfg = config(s);
    tweak(&mut cfg);
    Client::new(cfg)
}

// ---- inspection over HTTP ------------------------------------------------------

async fn requests(s: &SimServer) -> Result<Vec<RequestRecord>, Box<dyn std::error::Error>> {
    let url = format!("{}/_sim/requests", s.base_url);
    Ok(reqwest::get(url).await?.error_for_status()?.json().await?)
}

async fn notifications(
    s: &SimServer,
) -> Result<Vec<NotificationRecord>, Box<dyn std::error::Error>> {
    let url = format!("{}/_sim/notifications", s.base_url);
    Ok(reqwest::get(url).await?.error_for_status()?.json().await?)
}

async fn set_faults(s: &SimServer, body: Value) -> TestResult {
    kickdesk::kickserv::tls::install();
    reqwest::Client::new()
        .post(format!("{}/_sim/faults", s.base_url))
        .json(&body)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

async fn reset(s: &SimServer) -> TestResult {
    kickdesk::kickserv::tls::install();
    reqwest::Client::new()
        .post(format!("{}/_sim/reset", s.base_url))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

fn query_of(r: &RequestRecord) -> Vec<(String, String)> {
    let q = r.query.clone().unwrap_or_default();
    reqwest::Url::parse(&format!("http://x/?{q}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn param(r: &RequestRecord, key: &str) -> Option<String> {
    query_of(r)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn keys(r: &RequestRecord) -> BTreeSet<String> {
    query_of(r).into_iter().map(|(k, _)| k).collect()
}

fn body_of(r: &RequestRecord) -> Option<Value> {
    r.body.as_deref().and_then(|b| serde_json::from_str(b).ok())
}

// ---- expectations from the simulator's own records -----------------------------

fn local_day(tz: Tz, t: &SimTask) -> NaiveDate {
    t.starts_at.with_timezone(&tz).date_naive()
}

/// Ids of the tasks `keep` selects, in the server's order (start, then id).
fn expected(s: &SimServer, keep: impl Fn(&SimTask) -> bool) -> Vec<i64> {
    let mut tasks: Vec<SimTask> = s.state().tasks().into_iter().filter(|t| keep(t)).collect();
    tasks.sort_by_key(|t| (t.starts_at, t.id));
    tasks.iter().map(|t| t.id).collect()
}

fn in_range(tz: Tz, from: NaiveDate, to_inclusive: NaiveDate) -> impl Fn(&SimTask) -> bool {
    move |t| (from..=to_inclusive).contains(&local_day(tz, t))
}

fn ids(tasks: &[Task]) -> Vec<i64> {
    tasks.iter().map(|t| t.id).collect()
}

fn range(from: i64, to: i64) -> TaskQuery {
    TaskQuery {
        from: Some(day(from)),
        to_inclusive: Some(day(to)),
        ..TaskQuery::default()
    }
}

/// The error of a call that must fail; it must never show the token.
fn failure<T: Debug>(r: Result<T, Error>) -> Result<Error, Box<dyn std::error::Error>> {
    match r {
        Ok(v) => Err(format!("expected an error, got {v:?}").into()),
        Err(e) => {
            assert_clean(&e);
            Ok(e)
        }
    }
}

fn assert_clean(e: &Error) {
    let shown = format!("{e} | {e:?}");
    for secret in [TOKEN, WRONG_TOKEN] {
        assert!(!shown.contains(secret), "token in error output: {shown}");
    }
}

/// A task with an active assignee and a customer with an e-mail address.
fn notifiable_task(s: &SimServer) -> Option<i64> {
    s.state().with_data(|d| {
        d.tasks
            .values()
            .find(|t| {
                t.employee_ids
                    .iter()
                    .any(|e| d.employees.get(e).is_some_and(|e| e.active))
                    && d.customer_of_job(t.job_id)
                        .is_some_and(|c| c.email_address.is_some())
            })
            .map(|t| t.id)
    })
}

fn some_job_number(s: &SimServer) -> Option<(i64, i64)> {
    s.state().with_data(|d| {
        d.jobs
            .values()
            .find(|j| !j.status.is_closed())
            .map(|j| (j.id, j.job_number))
    })
}

fn patch_at(start: &str, end: &str) -> TaskPatch {
    TaskPatch {
        starts_at: DateTime::parse_from_rfc3339(start).ok(),
        ends_at: DateTime::parse_from_rfc3339(end).ok(),
        ..TaskPatch::default()
    }
}

// ---- reads -----------------------------------------------------------------------

/// The board's listing: the same tasks from the same requests, without the
/// unknown keys of their jobs and customers (no view shows them).
#[tokio::test]
async fn a_lean_listing_drops_only_the_unknown_keys_of_jobs_and_customers() -> TestResult {
    let s = sim().await?;
    let full = client(&s)?.list_tasks(&range(-2, 4)).await?.tasks;
    let sent = requests(&s).await?.len();
    // A client of its own: one that read the listing before asks for it
    // as long as it was.
    let lean = client(&s)?.list_tasks_lean(&range(-2, 4)).await?.tasks;
    assert_eq!(requests(&s).await?.len(), 2 * sent, "as many requests");
    assert_eq!(ids(&lean), ids(&full));
    assert!(full.iter().any(|t| {
        t.job
            .as_ref()
            .is_some_and(|j| j.extra.contains_key("invoice_status"))
    }));
    assert!(full.iter().any(|t| {
        t.customer
            .as_ref()
            .is_some_and(|c| c.extra.contains_key("billing_city"))
    }));
    for (l, f) in lean.iter().zip(&full) {
        let (lj, fj) = (l.job.as_deref(), f.job.as_deref());
        assert!(lj.is_some_and(|j| j.extra.is_empty()), "task {}", l.id);
        assert_eq!(
            lj.map(|j| (j.id, &j.name, &j.status)),
            fj.map(|j| (j.id, &j.name, &j.status))
        );
        let (lc, fc) = (l.customer.as_deref(), f.customer.as_deref());
        assert!(lc.is_some_and(|c| c.extra.is_empty()), "task {}", l.id);
        assert_eq!(
            lc.map(|c| (c.id, &c.name, &c.phone_number)),
            fc.map(|c| (c.id, &c.name, &c.phone_number))
        );
        assert_eq!(l.extra, f.extra, "the task's own unknown keys stay");
        assert_eq!(
            (&l.name, l.starts_at, &l.employees),
            (&f.name, f.starts_at, &f.employees)
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_week_of_tasks_matches_the_account() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let c = client(&s)?;
    let tasks = c.list_tasks(&range(-2, 4)).await?.tasks;
    let want = expected(&s, in_range(tz, day(-2), day(4)));
    assert!(
        want.len() > 50,
        "the seed should fill a week, got {}",
        want.len()
    );
    assert_eq!(ids(&tasks), want);
    let first = &tasks[0];
    assert!(first.job.is_some() && first.customer.is_some() && first.starts_at.is_some());

    let reqs = requests(&s).await?;
    let needed = want.len() / 100 + 1;
    assert!(
        reqs.len() >= needed,
        "{} requests for {} tasks",
        reqs.len(),
        want.len()
    );
    for r in &reqs {
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.status),
            ("GET", "/demo/tasks.json", 200)
        );
        assert_eq!(param(r, "from").as_deref(), Some("2026-11-25"));
        assert_eq!(param(r, "to").as_deref(), Some("2026-12-02"));
        assert_eq!(param(r, "mapping").as_deref(), Some("true"));
        assert_eq!(param(r, "per_page").as_deref(), Some("100"));
    }
    let first_two: BTreeSet<_> = reqs
        .iter()
        .take(2)
        .filter_map(|r| param(r, "page"))
        .collect();
    assert_eq!(
        first_two,
        BTreeSet::from(["1".to_string(), "2".to_string()]),
        "pages 1 and 2 go first, together"
    );
    Ok(())
}

/// A query, the tasks it should select, and the filter keys it should send.
type FilterCase = (
    TaskQuery,
    Box<dyn Fn(&SimTask) -> bool>,
    &'static [&'static str],
);

#[tokio::test]
async fn every_filter_alone_and_combined() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let c = client(&s)?;
    let (from, to) = (day(-1), day(3));

    // An employee with work in the range, and a job with a task in the range
    // that has that employee on it too, so every combination is non-empty.
    let pick = s.state().with_data(|d| {
        d.tasks
            .values()
            .filter(|t| (from..=to).contains(&t.starts_at.with_timezone(&tz).date_naive()))
            .find_map(|t| {
                let emp = t.employee_ids.iter().find_map(|e| d.employees.get(e))?;
                Some((emp.id, emp.employee_number, t.job_id))
            })
    });
    let Some((emp_id, emp_number, job_id)) = pick else {
        return Err("no assigned task in range".into());
    };

    let cases: Vec<FilterCase> = vec![
        (
            TaskQuery {
                employee_number: Some(emp_number),
                ..TaskQuery::default()
            },
            Box::new(move |t: &SimTask| t.employee_ids.contains(&emp_id)),
            &["employee_number"],
        ),
        (
            TaskQuery {
                job_id: Some(job_id),
                ..TaskQuery::default()
            },
            Box::new(move |t: &SimTask| t.job_id == job_id),
            &["job_id"],
        ),
        (
            TaskQuery {
                from: Some(from),
                ..TaskQuery::default()
            },
            Box::new(move |t: &SimTask| local_day(tz, t) >= from),
            &["from"],
        ),
        (
            TaskQuery {
                to_inclusive: Some(to),
                ..TaskQuery::default()
            },
            Box::new(move |t: &SimTask| local_day(tz, t) <= to),
            &["to"],
        ),
        (
            TaskQuery {
                employee_number: Some(emp_number),
                ..range(-1, 3)
            },
            Box::new(move |t: &SimTask| {
                in_range(tz, from, to)(t) && t.employee_ids.contains(&emp_id)
            }),
            &["from", "to", "employee_number"],
        ),
        (
            TaskQuery {
                job_id: Some(job_id),
                ..range(-1, 3)
            },
            Box::new(move |t: &SimTask| in_range(tz, from, to)(t) && t.job_id == job_id),
            &["from", "to", "job_id"],
        ),
        (
            TaskQuery {
                job_id: Some(job_id),
                employee_number: Some(emp_number),
                ..TaskQuery::default()
            },
            Box::new(move |t: &SimTask| t.job_id == job_id && t.employee_ids.contains(&emp_id)),
            &["job_id", "employee_number"],
        ),
        (
            TaskQuery {
                job_id: Some(job_id),
                employee_number: Some(emp_number),
                ..range(-1, 3)
            },
            Box::new(move |t: &SimTask| {
                in_range(tz, from, to)(t) && t.job_id == job_id && t.employee_ids.contains(&emp_id)
            }),
            &["from", "to", "job_id", "employee_number"],
        ),
        (
            TaskQuery {
                employee_number: Some(999_999),
                ..TaskQuery::default()
            },
            Box::new(|_: &SimTask| false),
            &["employee_number"],
        ),
    ];

    for (q, keep, sent) in cases {
        reset(&s).await?;
        let got = c.list_tasks(&q).await?.tasks;
        let want = expected(&s, keep);
        assert_eq!(ids(&got), want, "query {q:?}");
        if q.employee_number != Some(999_999) {
            assert!(
                !want.is_empty(),
                "query {q:?} selects nothing; the case proves little"
            );
        }
        let reqs = requests(&s).await?;
        let mut want_keys: BTreeSet<String> = sent.iter().map(|k| k.to_string()).collect();
        want_keys.extend(["mapping", "page", "per_page"].map(String::from));
        for r in &reqs {
            assert_eq!(keys(r), want_keys, "query {q:?}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_whole_account_without_filters_spans_many_pages() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let all = c.list_tasks(&TaskQuery::default()).await?.tasks;
    let want = expected(&s, |_| true);
    assert!(
        want.len() > 300,
        "small seed has hundreds of tasks, got {}",
        want.len()
    );
    assert_eq!(ids(&all), want);
    let pages: BTreeSet<u32> = requests(&s)
        .await?
        .iter()
        .filter_map(|r| param(r, "page")?.parse().ok())
        .collect();
    let needed = u32::try_from(want.len() / 100 + 1)?;
    assert!(pages.contains(&needed) && (1..=needed).all(|p| pages.contains(&p)));
    Ok(())
}

#[tokio::test]
async fn pages_join_across_boundaries_at_any_concurrency() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let want = expected(&s, in_range(tz, day(-3), day(3)));
    let n = want.len();
    assert!(n > 20);

    for concurrency in [1, 3, 8] {
        reset(&s).await?;
        let c = client_with(&s, |c| {
            c.per_page = 7;
            c.page_concurrency = concurrency;
        })?;
        let got = c.list_tasks(&range(-3, 3)).await?.tasks;
        assert_eq!(ids(&got), want, "concurrency {concurrency}");
        let pages: Vec<u32> = requests(&s)
            .await?
            .iter()
            .filter_map(|r| param(r, "page")?.parse().ok())
            .collect();
        let last_needed = u32::try_from(n / 7 + 1)?;
        // The short last page is confirmed by the empty page after it.
        assert!(
            (1..=last_needed + 1).all(|p| pages.contains(&p)),
            "{pages:?}"
        );
        if concurrency == 1 {
            let in_order: Vec<u32> = (1..=last_needed + 1).collect();
            assert_eq!(
                pages, in_order,
                "one page at a time stops at the first empty page"
            );
        } else {
            // Nothing past the window after the short page.
            let c = u32::try_from(concurrency)?;
            assert!(pages.iter().all(|p| *p <= last_needed + c), "{pages:?}");
            assert_eq!(
                pages.iter().collect::<BTreeSet<_>>().len(),
                pages.len(),
                "a page fetched twice"
            );
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_range_that_fills_its_last_page_exactly_ends_on_an_empty_page() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let handle = s.state();
    let mut want = expected(&s, in_range(tz, day(0), day(2)));
    // Trim the range to a multiple of the page size.
    while want.len() % 5 != 0 {
        let Some(id) = want.pop() else { break };
        handle.remove_task(id);
    }
    assert!(
        want.len() >= 10,
        "need at least two full pages, got {}",
        want.len()
    );
    let full_pages = want.len() / 5;

    let c = client_with(&s, |c| {
        c.per_page = 5;
        c.page_concurrency = 1;
    })?;
    let got = c.list_tasks(&range(0, 2)).await?.tasks;
    assert_eq!(ids(&got), want);
    let reqs = requests(&s).await?;
    let pages: Vec<String> = reqs.iter().filter_map(|r| param(r, "page")).collect();
    let expect_pages: Vec<String> = (1..=full_pages + 1).map(|p| p.to_string()).collect();
    assert_eq!(pages, expect_pages, "every full page, then one empty page");
    assert!(
        reqs.iter()
            .all(|r| r.status == 200 && param(r, "per_page").as_deref() == Some("5"))
    );

    reset(&s).await?;
    for id in expected(&s, in_range(tz, day(0), day(2)))
        .iter()
        .filter(|id| !want.contains(id))
    {
        handle.remove_task(*id);
    }
    let c = client_with(&s, |c| {
        c.per_page = 5;
        c.page_concurrency = 4;
    })?;
    assert_eq!(ids(&c.list_tasks(&range(0, 2)).await?.tasks), want);
    Ok(())
}

#[tokio::test]
async fn to_is_exclusive_so_the_client_asks_for_the_day_after() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let handle = s.state();
    let c = client(&s)?;
    // The range is today and tomorrow, inclusive.
    let outside: Vec<i64> = expected(&s, |t| local_day(tz, t) > day(3));
    let [at_midnight_after, at_2359_last, at_midnight_first, ..] = outside.as_slice() else {
        return Err("not enough tasks after the range".into());
    };

    let local = |d: NaiveDate, h: u32, m: u32| -> DateTime<Utc> {
        d.and_hms_opt(h, m, 0)
            .and_then(|n| tz.from_local_datetime(&n).single())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    let midnight_after = local(day(2), 0, 0);
    handle.update_task(*at_midnight_after, |t| {
        t.starts_at = midnight_after;
        t.ends_at = midnight_after + chrono::Duration::hours(1);
    });
    // This one moves through the API, as a dispatcher's edit would.
    let last_minute = local(day(1), 23, 59).with_timezone(&tz).fixed_offset();
    let moved = c
        .update_task(
            *at_2359_last,
            &patch_at(
                &last_minute.to_rfc3339(),
                &(last_minute + chrono::Duration::hours(1)).to_rfc3339(),
            ),
        )
        .await?;
    assert_eq!(moved.starts_at, Some(last_minute));
    let first_midnight = local(day(0), 0, 0);
    handle.update_task(*at_midnight_first, |t| {
        t.starts_at = first_midnight;
        t.ends_at = first_midnight + chrono::Duration::minutes(30);
    });

    let got = ids(&c.list_tasks(&range(0, 1)).await?.tasks);
    assert!(
        !got.contains(at_midnight_after),
        "00:00 on the day after the range was returned"
    );
    assert!(
        got.contains(at_2359_last),
        "23:59 on the last day was not returned"
    );
    assert!(
        got.contains(at_midnight_first),
        "00:00 on the first day was not returned"
    );
    assert_eq!(got, expected(&s, in_range(tz, day(0), day(1))));

    let list = requests(&s).await?;
    let last = list.last().ok_or("no request")?;
    assert_eq!(param(last, "from").as_deref(), Some("2026-11-27"));
    assert_eq!(param(last, "to").as_deref(), Some("2026-11-29"));
    Ok(())
}

#[tokio::test]
async fn get_task_carries_its_glue_and_unknown_ids_are_404() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let special = s.state().specials().multi_employee;
    let t = c.get_task(special).await?;
    let sim_task = s.state().task(special).ok_or("special task missing")?;
    assert_eq!(t.id, special);
    assert_eq!(t.job_id, Some(sim_task.job_id));
    assert_eq!(t.job.as_ref().map(|j| j.id), Some(sim_task.job_id));
    assert!(t.customer.is_some());
    let mut got: Vec<i64> = t.employees.iter().map(|e| e.id).collect();
    let mut want = sim_task.employee_ids.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    assert!(want.len() >= 2);

    let e = failure(c.get_task(1).await)?;
    assert_eq!(e, Error::NotFound);
    assert_eq!(e.to_string(), "Kickserv has no such record (404)");
    let reqs = requests(&s).await?;
    assert_eq!(
        reqs.iter()
            .filter(|r| r.path == "/demo/tasks/1.json")
            .count(),
        1,
        "a 404 is not retried"
    );
    Ok(())
}

#[tokio::test]
async fn job_list_for_everyone_and_for_one_customer() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let all = c.job_list(None).await?;
    let open: BTreeSet<i64> = s.state().with_data(|d| {
        d.jobs
            .values()
            .filter(|j| !j.status.is_closed())
            .map(|j| j.id)
            .collect()
    });
    assert_eq!(all.iter().map(|j| j.id).collect::<BTreeSet<_>>(), open);
    assert!(
        all.iter()
            .all(|j| j.name.is_some() && j.status.as_ref().is_some_and(|s| !s.is_closed()))
    );

    let customer = s
        .state()
        .with_data(|d| {
            d.jobs
                .values()
                .find(|j| !j.status.is_closed())
                .map(|j| j.customer_id)
        })
        .ok_or("no open job")?;
    let mine = c.job_list(Some(customer)).await?;
    let want: BTreeSet<i64> = s.state().with_data(|d| {
        d.jobs
            .values()
            .filter(|j| j.customer_id == customer && !j.status.is_closed())
            .map(|j| j.id)
            .collect()
    });
    assert!(!want.is_empty());
    assert_eq!(mine.iter().map(|j| j.id).collect::<BTreeSet<_>>(), want);

    let reqs = requests(&s).await?;
    assert_eq!(reqs[0].path, "/demo/tasks/job_list.json");
    assert_eq!(reqs[0].query, None);
    assert_eq!(param(&reqs[1], "customer_id"), Some(customer.to_string()));
    Ok(())
}

#[tokio::test]
async fn employees_are_paged_and_lose_their_secrets() -> TestResult {
    let s = sim().await?;
    let c = client_with(&s, |c| c.per_page = 5)?;
    let staff = c.employees().await?;
    let active: Vec<i64> = s.state().with_data(|d| {
        d.employees
            .values()
            .filter(|e| e.active)
            .map(|e| e.id)
            .collect()
    });
    assert_eq!(
        staff.iter().map(|e| e.id).collect::<BTreeSet<_>>(),
        active.iter().copied().collect()
    );
    assert_eq!(staff.len(), active.len());
    let out = serde_json::to_string(&staff)?;
    for secret in [
        "encrypted_password",
        "password_salt",
        "remember_token",
        "$2a$10$",
    ] {
        assert!(!out.contains(secret), "{secret} survived");
    }
    assert!(staff.iter().all(|e| e.extra.contains_key("cell_phone")));
    let pages: Vec<String> = requests(&s)
        .await?
        .iter()
        .filter_map(|r| param(r, "page"))
        .collect();
    assert!(pages.len() >= active.len().div_ceil(5), "{pages:?}");
    Ok(())
}

#[tokio::test]
async fn customers_are_searched_by_name_with_a_limit() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let (needle, want): (String, BTreeSet<i64>) = s.state().with_data(|d| {
        let name = d
            .customers
            .values()
            .next()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let needle: String = name.chars().take(3).collect::<String>().to_lowercase();
        let want = d
            .customers
            .values()
            .filter(|c| c.name.to_lowercase().contains(&needle))
            .map(|c| c.id)
            .collect();
        (needle, want)
    });
    assert!(!want.is_empty());
    let found = c.search_customers(&needle, 100).await?;
    assert_eq!(found.iter().map(|c| c.id).collect::<BTreeSet<_>>(), want);
    assert!(found.iter().all(|c| {
        c.display_name()
            .is_some_and(|n| n.to_lowercase().contains(&needle))
    }));

    let few = c.search_customers("", 3).await?;
    assert_eq!(few.len(), 3);
    assert!(
        c.search_customers("no such customer zzz", 10)
            .await?
            .is_empty()
    );

    let reqs = requests(&s).await?;
    assert_eq!(reqs[0].path, "/demo/customers.json");
    assert_eq!(param(&reqs[0], "q"), Some(needle));
    assert_eq!(param(&reqs[1], "per_page").as_deref(), Some("3"));
    Ok(())
}

#[tokio::test]
async fn check_proves_token_and_account() -> TestResult {
    let s = sim().await?;
    client(&s)?.check().await?;
    let reqs = requests(&s).await?;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, "/demo/employees.json");
    assert_eq!(param(&reqs[0], "per_page").as_deref(), Some("1"));

    let wrong = client_with(&s, |c| c.token = Token::new(WRONG_TOKEN))?;
    let e = failure(wrong.check().await)?;
    assert_eq!(e, Error::Unauthorized);
    assert_eq!(e.exit_code(), 3);
    assert_eq!(e.to_string(), "Kickserv refused the API token (401)");

    let elsewhere = client_with(&s, |c| c.account = "nobody".into())?;
    assert_eq!(failure(elsewhere.check().await)?, Error::NotFound);
    Ok(())
}

#[tokio::test]
async fn every_read_with_a_wrong_token_is_refused_once() -> TestResult {
    let s = sim().await?;
    let c = client_with(&s, |c| c.token = Token::new(WRONG_TOKEN))?;
    let id = s.state().specials().overlap[0];
    let errors = vec![
        failure(c.list_tasks(&range(0, 0)).await)?,
        failure(c.get_task(id).await)?,
        failure(c.job_list(None).await)?,
        failure(c.employees().await)?,
        failure(c.search_customers("a", 5).await)?,
        failure(c.check().await)?,
        failure(
            c.update_task(
                id,
                &TaskPatch {
                    name: Some(Some("x".into())),
                    ..TaskPatch::default()
                },
            )
            .await,
        )?,
        failure(c.notify(id, NotifyKind::Details).await)?,
    ];
    assert!(
        errors.iter().all(|e| *e == Error::Unauthorized),
        "{errors:?}"
    );
    let reqs = requests(&s).await?;
    // Listings ask for pages 1 and 2 together: two requests each.
    assert_eq!(reqs.len(), errors.len() + 2);
    let asked: BTreeSet<_> = reqs
        .iter()
        .map(|r| (&r.method, &r.path, &r.query))
        .collect();
    assert_eq!(asked.len(), reqs.len(), "401 is never retried");
    assert!(reqs.iter().all(|r| r.status == 401));
    assert!(notifications(&s).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn an_encoded_account_slug_reaches_the_server_as_one_segment() -> TestResult {
    let s = sim_with(SimConfig {
        account: "acme co/east".into(),
        ..SimConfig::default()
    })
    .await?;
    let c = client_with(&s, |c| c.account = "acme co/east".into())?;
    c.check().await?;
    let reqs = requests(&s).await?;
    assert_eq!(reqs[0].path, "/acme%20co%2Feast/employees.json");
    assert_eq!(reqs[0].status, 200);
    Ok(())
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() -> TestResult {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        l.local_addr()?.port()
    };
    let mut cfg = ClientConfig::new("demo", Token::new(TOKEN));
    cfg.base_url = format!("http://127.0.0.1:{port}");
    cfg.backoff = Duration::from_millis(1);
    cfg.timeout = GENEROUS;
    let c = Client::new(cfg)?;
    let e = failure(c.check().await)?;
    assert!(matches!(e, Error::Network(_)), "{e:?}");
    assert_eq!(e.exit_code(), 4);
    assert!(
        e.to_string().starts_with("Kickserv is unreachable: "),
        "{e}"
    );
    Ok(())
}

// ---- writes ----------------------------------------------------------------------

#[tokio::test]
async fn a_null_in_a_patch_clears_the_field_on_the_server() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().overlap[1];
    let before = s.state().task(id).ok_or("no task")?;
    c.update_task(
        id,
        &TaskPatch {
            description: Some(Some("Bring the long ladder".into())),
            ..TaskPatch::default()
        },
    )
    .await?;
    assert!(c.get_task(id).await?.description.is_some());

    let t = c
        .update_task(
            id,
            &TaskPatch {
                description: Some(None),
                ..TaskPatch::default()
            },
        )
        .await?;
    assert_eq!(t.description, None);
    let read = c.get_task(id).await?;
    assert_eq!(read.description, None, "cleared on the server");
    assert_eq!(read.name, before.name, "other fields untouched");
    assert_eq!(read.starts_at.map(|t| t.to_utc()), Some(before.starts_at));

    let reqs = requests(&s).await?;
    let puts: Vec<_> = reqs.iter().filter(|r| r.method == "PUT").collect();
    assert_eq!(puts.len(), 2);
    assert_eq!(
        body_of(puts[1]),
        Some(json!({"task": {"description": null}}))
    );
    Ok(())
}

/// The PUT answer lacks employees; merged into the task known it is what
/// the server then shows.
#[tokio::test]
async fn a_put_answer_merged_into_the_known_task_matches_a_read_back() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().overlap[1];
    let known = c.get_task(id).await?;
    assert!(!known.employees.is_empty(), "a task with employees");
    let answer = c
        .update_task(
            id,
            &TaskPatch {
                description: Some(Some("Bring the long ladder".into())),
                ..TaskPatch::default()
            },
        )
        .await?;
    assert!(answer.employees.is_empty(), "PUT answers without employees");
    let merged = known.merged_with(answer);
    assert_eq!(merged, c.get_task(id).await?);
    assert_eq!(merged.description.as_deref(), Some("Bring the long ladder"));
    Ok(())
}

#[tokio::test]
async fn update_sends_only_the_patch_and_returns_the_task() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().overlap[1];
    let before = s.state().task(id).ok_or("no task")?;
    let patch = TaskPatch {
        description: Some(Some("Bring the long ladder".into())),
        name: Some(Some("Gutter clean".into())),
        ..TaskPatch::default()
    };
    let t = c.update_task(id, &patch).await?;
    assert_eq!(t.id, id);
    assert_eq!(t.description.as_deref(), Some("Bring the long ladder"));
    assert_eq!(t.name.as_deref(), Some("Gutter clean"));
    assert!(
        t.job.is_some() && t.customer.is_some(),
        "PUT answers with job and customer glue"
    );

    let after = s.state().task(id).ok_or("task vanished")?;
    assert_eq!(after.description.as_deref(), Some("Bring the long ladder"));
    assert_eq!(
        (after.starts_at, after.employee_ids.clone()),
        (before.starts_at, before.employee_ids)
    );

    let reqs = requests(&s).await?;
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].path.clone()),
        ("PUT", format!("/demo/tasks/{id}.json"))
    );
    assert_eq!(
        body_of(&reqs[0]),
        Some(json!({"task": {"description": "Bring the long ladder", "name": "Gutter clean"}}))
    );
    Ok(())
}

/// What a form gets of the simulator's 422: each message beside its field,
/// and the board's one line unchanged.
#[tokio::test]
async fn a_refused_change_reaches_the_board_by_field() -> TestResult {
    use kickdesk::app::msg::FaultKind;
    use kickdesk::runtime::effects::mutation_fault;
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().overlap[0];
    let e = failure(
        c.update_task(
            id,
            &patch_at("2026-11-27T11:00:00-05:00", "2026-11-27T10:00:00-05:00"),
        )
        .await,
    )?;
    let f = mutation_fault(&e);
    assert_eq!(f.kind, FaultKind::Rejected);
    assert_eq!(
        f.text,
        "Kickserv rejected the change: ends_at must be after starts_at"
    );
    assert_eq!(
        f.fields.get("ends_at"),
        Some(&vec!["must be after starts_at".to_string()])
    );
    assert_eq!(f.fields.len(), 1);
    let reqs = requests(&s).await?;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "PUT");
    // Any other fault names no field.
    assert!(mutation_fault(&Error::Timeout).fields.is_empty());
    Ok(())
}

#[tokio::test]
async fn validation_errors_come_back_as_messages() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().overlap[0];
    let before = s.state().task(id);
    let e = failure(
        c.update_task(
            id,
            &patch_at("2026-11-27T11:00:00-05:00", "2026-11-27T10:00:00-05:00"),
        )
        .await,
    )?;
    assert_eq!(
        e,
        Error::Validation {
            messages: vec!["ends_at must be after starts_at".into()],
            fields: [("ends_at".into(), vec!["must be after starts_at".into()])].into(),
        }
    );
    assert_eq!(
        e.to_string(),
        "Kickserv rejected the change: ends_at must be after starts_at"
    );
    assert_eq!(e.exit_code(), 1);
    assert_eq!(
        s.state().task(id),
        before,
        "a refused change changes nothing"
    );

    let unknown = TaskPatch {
        employee_ids: Some(vec![1]),
        ..TaskPatch::default()
    };
    let e = failure(c.update_task(id, &unknown).await)?;
    assert_eq!(
        e,
        Error::Validation {
            messages: vec!["employee_ids contains unknown employees: 1".into()],
            fields: [(
                "employee_ids".into(),
                vec!["contains unknown employees: 1".into()]
            )]
            .into(),
        }
    );

    let e = failure(c.update_task(1, &unknown).await)?;
    assert_eq!(e, Error::NotFound);
    assert_eq!(
        requests(&s).await?.len(),
        3,
        "failed writes are not retried"
    );
    Ok(())
}

#[tokio::test]
async fn create_on_a_job_or_at_the_top_level() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let (job_id, job_number) = some_job_number(&s).ok_or("no open job")?;
    let emp = s
        .state()
        .with_data(|d| d.employees.values().find(|e| e.active).map(|e| e.id))
        .ok_or("no employee")?;
    let patch = TaskPatch {
        description: Some(Some("Replace water heater".into())),
        employee_ids: Some(vec![emp]),
        ..patch_at("2026-11-30T09:00:00-05:00", "2026-11-30T11:30:00-05:00")
    };
    let on_job = c.create_task(Some(job_number), &patch).await?;
    assert_eq!(on_job.job_id, Some(job_id));
    assert_eq!(
        on_job.employees.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![emp]
    );
    let stored = s.state().task(on_job.id).ok_or("not stored")?;
    assert_eq!(stored.description.as_deref(), Some("Replace water heater"));
    assert_eq!(stored.employee_ids, vec![emp]);

    let top = TaskPatch {
        job_id: Some(job_id),
        ..patch.clone()
    };
    let at_top = c.create_task(None, &top).await?;
    assert_eq!(at_top.job_id, Some(job_id));
    assert_ne!(at_top.id, on_job.id);
    assert!(s.state().task(at_top.id).is_some());

    let e = failure(c.create_task(None, &patch).await)?;
    assert_eq!(
        e,
        Error::Validation {
            messages: vec!["job_id can't be blank".into()],
            fields: [("job_id".into(), vec!["can't be blank".into()])].into(),
        }
    );

    let reqs = requests(&s).await?;
    let sent: Vec<(&str, &str)> = reqs
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    let job_path = format!("/demo/jobs/{job_number}/tasks.json");
    assert_eq!(
        sent,
        vec![
            ("POST", job_path.as_str()),
            ("POST", "/demo/tasks.json"),
            ("POST", "/demo/tasks.json")
        ]
    );
    assert_eq!(
        body_of(&reqs[1]).and_then(|b| b["task"]["job_id"].as_i64()),
        Some(job_id)
    );
    Ok(())
}

#[tokio::test]
async fn delete_returns_the_task_which_is_then_gone() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().all_day;
    let gone = c.delete_task(id).await?;
    assert_eq!(gone.id, id);
    assert!(gone.job.is_some());
    assert!(s.state().task(id).is_none());
    assert_eq!(failure(c.get_task(id).await)?, Error::NotFound);
    assert_eq!(failure(c.delete_task(id).await)?, Error::NotFound);
    let methods: Vec<String> = requests(&s).await?.into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["DELETE", "GET", "DELETE"]);
    Ok(())
}

#[tokio::test]
async fn notify_each_kind_reaches_the_right_people() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = notifiable_task(&s).ok_or("no notifiable task")?;
    for kind in [
        NotifyKind::Employee,
        NotifyKind::Details,
        NotifyKind::OnTheWay,
    ] {
        let answer = c.notify(id, kind).await?;
        assert_eq!(answer, json!({"message": "Notification sent"}));
    }
    let sent = notifications(&s).await?;
    let kinds: Vec<Option<&str>> = sent
        .iter()
        .map(|n| n.notification_type.as_deref())
        .collect();
    assert_eq!(kinds, vec![None, Some("details"), Some("on_the_way")]);
    assert!(
        sent.iter()
            .all(|n| n.task_id == id && !n.recipients.is_empty())
    );

    let bodies: Vec<Option<Value>> = requests(&s).await?.iter().map(body_of).collect();
    assert_eq!(
        bodies,
        vec![
            Some(json!({})),
            Some(json!({"notification_type": "details"})),
            Some(json!({"notification_type": "on_the_way"})),
        ]
    );

    let specials = s.state().specials();
    let e = failure(c.notify(specials.unreachable, NotifyKind::OnTheWay).await)?;
    assert_eq!(
        e,
        Error::Validation {
            messages: vec!["customer has no e-mail address or phone number".into()],
            fields: [(
                "customer".into(),
                vec!["has no e-mail address or phone number".into()]
            )]
            .into(),
        }
    );
    let e = failure(c.notify(specials.inactive, NotifyKind::Employee).await)?;
    assert!(matches!(e, Error::Validation { .. }), "{e:?}");
    assert_eq!(
        failure(c.notify(1, NotifyKind::Details).await)?,
        Error::NotFound
    );
    assert_eq!(notifications(&s).await?.len(), 3);
    Ok(())
}

#[tokio::test]
async fn read_only_refuses_every_mutation_and_sends_nothing() -> TestResult {
    let s = sim().await?;
    let c = client_with(&s, |c| c.read_only = true)?;
    assert!(c.is_read_only());
    let id = s.state().specials().overlap[0];
    let patch = TaskPatch {
        name: Some(Some("x".into())),
        job_id: Some(1),
        ..TaskPatch::default()
    };
    let errors = vec![
        failure(c.update_task(id, &patch).await)?,
        failure(c.create_task(Some(1), &patch).await)?,
        failure(c.create_task(None, &patch).await)?,
        failure(c.delete_task(id).await)?,
        failure(c.notify(id, NotifyKind::Employee).await)?,
        failure(c.notify(id, NotifyKind::Details).await)?,
        failure(c.notify(id, NotifyKind::OnTheWay).await)?,
    ];
    assert!(errors.iter().all(|e| *e == Error::ReadOnly), "{errors:?}");
    assert!(
        requests(&s).await?.is_empty(),
        "a read-only client sent a request"
    );
    assert!(notifications(&s).await?.is_empty());
    assert!(s.state().task(id).is_some());

    // Reads still work.
    assert_eq!(c.get_task(id).await?.id, id);
    assert_eq!(requests(&s).await?.len(), 1);
    Ok(())
}

// ---- faults ----------------------------------------------------------------------

const KINDS: [&str; 7] = [
    "500",
    "503",
    "429",
    "malformed",
    "truncated",
    "reset",
    "stall",
];

async fn fail_next(s: &SimServer, kinds: &[&str], n: u32) -> TestResult {
    set_faults(
        s,
        json!({"kinds": kinds, "fail_next": n, "retry_after_secs": 0, "stall_ms": STALL_MS}),
    )
    .await
}

#[tokio::test]
async fn reads_recover_from_every_fault_kind() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let want = expected(&s, in_range(tz, day(0), day(0)));
    for kind in KINDS {
        // Only a stall needs a timeout to end it.
        let c = if kind == "stall" {
            client_with(&s, |c| c.timeout = STALL_TIMEOUT)?
        } else {
            client(&s)?
        };
        reset(&s).await?;
        fail_next(&s, &[kind], 1).await?;
        let got = c.list_tasks(&range(0, 0)).await?.tasks;
        assert_eq!(ids(&got), want, "after a {kind} fault");
        let reqs = requests(&s).await?;
        // Pages 1 and 2 go together; the one that met the fault is asked again.
        assert_eq!(reqs.len(), 3, "{kind}: one failure and one retry: {reqs:?}");
        let twice: Vec<&RequestRecord> = reqs
            .iter()
            .filter(|r| reqs.iter().filter(|o| o.query == r.query).count() == 2)
            .collect();
        assert_eq!(twice.len(), 2, "{kind}: the retry asks the same: {reqs:?}");
        assert_eq!(twice[1].status, 200, "{kind}");
        let first = twice[0].status;
        match kind {
            "500" | "503" | "429" => assert_eq!(first.to_string(), kind),
            "malformed" | "truncated" => assert_eq!(first, 200, "{kind}"),
            // Never answered: the connection was dropped, or the client gave up.
            _ => assert_eq!(first, 0, "{kind}"),
        }
    }
    Ok(())
}

#[tokio::test]
async fn reads_ride_out_a_run_of_mixed_faults() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().cjk;
    fail_next(&s, &["malformed", "reset", "truncated"], 3).await?;
    assert_eq!(c.get_task(id).await?.id, id);
    let statuses: Vec<u16> = requests(&s).await?.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![200, 0, 200, 200]);

    reset(&s).await?;
    fail_next(&s, &["503", "429", "500"], 3).await?;
    let staff = c.employees().await?;
    assert!(!staff.is_empty());
    // Pages 1 and 2 share the three faults between them, then both succeed.
    let mut statuses: Vec<u16> = requests(&s).await?.iter().map(|r| r.status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 200, 429, 500, 503]);
    Ok(())
}

#[tokio::test]
async fn reads_give_up_after_the_retry_budget() -> TestResult {
    let s = sim().await?;
    let c = client_with(&s, |c| c.retries = 2)?;
    fail_next(&s, &["503"], 10).await?;
    let e = failure(c.job_list(None).await)?;
    assert!(matches!(e, Error::Server { status: 503, .. }), "{e:?}");
    assert!(e.is_retryable());
    assert_eq!(requests(&s).await?.len(), 3, "one try and two retries");

    reset(&s).await?;
    fail_next(&s, &["stall"], 10).await?;
    let c = client_with(&s, |c| {
        c.retries = 1;
        c.timeout = STALL_TIMEOUT;
    })?;
    let e = failure(c.get_task(s.state().specials().emoji).await)?;
    assert_eq!(e, Error::Timeout);
    assert_eq!(e.exit_code(), 4);
    assert_eq!(requests(&s).await?.len(), 2);
    Ok(())
}

#[tokio::test]
async fn error_statuses_surface_with_their_details() -> TestResult {
    let s = sim().await?;
    let c = client_with(&s, |c| c.retries = 0)?;
    let id = s.state().specials().overlap[0];

    set_faults(
        &s,
        json!({"kinds": ["429"], "fail_next": 1, "retry_after_secs": 7}),
    )
    .await?;
    let e = failure(c.get_task(id).await)?;
    assert_eq!(
        e,
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));

    set_faults(&s, json!({"kinds": ["500"], "fail_next": 1})).await?;
    let e = failure(c.get_task(id).await)?;
    let Error::Server {
        status: 500,
        excerpt,
    } = &e
    else {
        return Err(format!("expected a 500, got {e:?}").into());
    };
    assert!(excerpt.contains("Internal Server Error"), "{excerpt}");

    set_faults(&s, json!({"kinds": ["503"], "fail_next": 1})).await?;
    let e = failure(c.get_task(id).await)?;
    let Error::Server {
        status: 503,
        excerpt,
    } = &e
    else {
        return Err(format!("expected a 503, got {e:?}").into());
    };
    assert!(excerpt.contains("503 Service Unavailable"), "{excerpt}");
    assert!(!excerpt.contains('\n'));

    set_faults(&s, json!({"kinds": ["malformed"], "fail_next": 1})).await?;
    let e = failure(c.get_task(id).await)?;
    let Error::Decode { excerpt } = &e else {
        return Err(format!("expected a decode error, got {e:?}").into());
    };
    assert!(
        excerpt.chars().count() <= 121 && excerpt.ends_with('…'),
        "{excerpt}"
    );

    assert_eq!(requests(&s).await?.len(), 4);
    Ok(())
}

#[derive(Clone, Copy, Debug)]
enum Mutation {
    Update,
    CreateOnJob,
    CreateTop,
    Delete,
    Notify,
}

impl Mutation {
    const ALL: [Mutation; 5] = [
        Mutation::Update,
        Mutation::CreateOnJob,
        Mutation::CreateTop,
        Mutation::Delete,
        Mutation::Notify,
    ];

    async fn run(self, c: &Client, s: &SimServer) -> Result<(), Error> {
        let id = notifiable_task(s).unwrap_or_default();
        let (job_id, job_number) = some_job_number(s).unwrap_or_default();
        let patch = TaskPatch {
            description: Some(Some("fault run".into())),
            ..patch_at("2026-11-30T09:00:00-05:00", "2026-11-30T10:00:00-05:00")
        };
        match self {
            Mutation::Update => c.update_task(id, &patch).await.map(drop),
            Mutation::CreateOnJob => c.create_task(Some(job_number), &patch).await.map(drop),
            Mutation::CreateTop => {
                let top = TaskPatch {
                    job_id: Some(job_id),
                    ..patch
                };
                c.create_task(None, &top).await.map(drop)
            }
            Mutation::Delete => c.delete_task(id).await.map(drop),
            Mutation::Notify => c.notify(id, NotifyKind::OnTheWay).await.map(drop),
        }
    }
}

#[tokio::test]
async fn mutations_are_sent_exactly_once_whatever_the_fault() -> TestResult {
    for kind in KINDS {
        for m in Mutation::ALL {
            // A fresh server each time: a stalled write may still land later.
            let s = sim().await?;
            let c = if kind == "stall" {
                client_with(&s, |c| c.timeout = STALL_TIMEOUT)?
            } else {
                client(&s)?
            };
            set_faults(
                &s,
                json!({"kinds": [kind], "fail_next": 1, "retry_after_secs": 2, "stall_ms": STALL_MS}),
            )
            .await?;
            let e = failure(m.run(&c, &s).await)?;
            let ok = match kind {
                "500" => matches!(e, Error::Server { status: 500, .. }),
                "503" => matches!(e, Error::Server { status: 503, .. }),
                "429" => {
                    e == Error::RateLimited {
                        retry_after: Some(Duration::from_secs(2)),
                    }
                }
                // Processed, then the answer was damaged: accepted, not "failed".
                "malformed" | "truncated" => matches!(e, Error::AnswerUnreadable(_)),
                "reset" => matches!(e, Error::Network(_)),
                "stall" => e == Error::Timeout,
                _ => false,
            };
            assert!(ok, "{m:?} under {kind}: {e:?}");
            let reqs = requests(&s).await?;
            assert_eq!(
                reqs.len(),
                1,
                "{m:?} under {kind} was sent {} times",
                reqs.len()
            );
            assert_ne!(reqs[0].method, "GET");
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_successful_mutation_after_a_fault_is_its_own_single_request() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let id = s.state().specials().escape;
    fail_next(&s, &["503"], 1).await?;
    let patch = TaskPatch {
        name: Some(Some("Second try".into())),
        ..TaskPatch::default()
    };
    assert!(matches!(
        failure(c.update_task(id, &patch).await)?,
        Error::Server { status: 503, .. }
    ));
    assert_ne!(
        s.state().task(id).and_then(|t| t.name),
        Some("Second try".into())
    );
    // The dispatcher retries by hand.
    let t = c.update_task(id, &patch).await?;
    assert_eq!(t.name.as_deref(), Some("Second try"));
    let statuses: Vec<u16> = requests(&s).await?.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![503, 200]);
    Ok(())
}

#[tokio::test]
async fn statuses_of_tasks_survive_the_round_trip() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let tasks = c.list_tasks(&range(-14, 13)).await?.tasks;
    let statuses: BTreeSet<String> = tasks
        .iter()
        .filter_map(|t| t.effective_status().map(Status::to_string))
        .collect();
    assert!(statuses.len() >= 3, "{statuses:?}");
    assert!(tasks.iter().all(|t| t.effective_status().is_some()));
    // The simulator spells statuses itself: a spelling the client does not
    // know would land in `Other` and fail here.
    let unknown: Vec<&Status> = tasks
        .iter()
        .filter_map(|t| t.effective_status())
        .filter(|s| matches!(s, Status::Other(_)))
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    Ok(())
}

// ---- accepted, answer unreadable -------------------------------------------------

#[tokio::test]
async fn a_notify_accepted_with_a_damaged_answer_says_so_and_is_recorded_once() -> TestResult {
    for kind in ["malformed", "truncated"] {
        let s = sim().await?;
        let c = client(&s)?;
        let id = notifiable_task(&s).ok_or("no notifiable task")?;
        fail_next(&s, &[kind], 1).await?;
        let e = failure(c.notify(id, NotifyKind::Employee).await)?;
        assert!(matches!(e, Error::AnswerUnreadable(_)), "{kind}: {e:?}");
        assert!(
            e.to_string().starts_with("Kickserv accepted it"),
            "{kind}: {e}"
        );
        assert!(!e.is_retryable());
        let sent = notifications(&s).await?;
        assert_eq!(sent.len(), 1, "{kind}: {sent:?}");
        assert_eq!(sent[0].task_id, id);
        let reqs = requests(&s).await?;
        assert_eq!(reqs.len(), 1, "{kind}: sent once: {reqs:?}");
        assert_eq!(reqs[0].status, 200, "{kind}");
    }
    Ok(())
}

#[tokio::test]
async fn a_delete_accepted_with_a_damaged_answer_says_so_and_the_task_is_gone() -> TestResult {
    for kind in ["malformed", "truncated"] {
        let s = sim().await?;
        let c = client(&s)?;
        let id = s.state().specials().all_day;
        fail_next(&s, &[kind], 1).await?;
        let e = failure(c.delete_task(id).await)?;
        assert!(matches!(e, Error::AnswerUnreadable(_)), "{kind}: {e:?}");
        assert!(s.state().task(id).is_none(), "{kind}: the delete happened");
        // What the board then asks to learn the outcome.
        assert_eq!(failure(c.get_task(id).await)?, Error::NotFound);
        let methods: Vec<String> = requests(&s).await?.into_iter().map(|r| r.method).collect();
        assert_eq!(methods, ["DELETE", "GET"], "{kind}");
    }
    Ok(())
}

#[tokio::test]
async fn a_refused_notify_with_a_damaged_answer_stays_a_refusal() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let unreachable = s.state().specials().unreachable;
    fail_next(&s, &["malformed"], 1).await?;
    let e = failure(c.notify(unreachable, NotifyKind::OnTheWay).await)?;
    assert!(matches!(e, Error::Validation { .. }), "{e:?}");
    assert!(notifications(&s).await?.is_empty());
    Ok(())
}

// ---- hostile simulator modes ---------------------------------------------------

#[tokio::test]
async fn the_simulators_hostile_modes_meet_a_client_that_says_so() -> TestResult {
    let s = sim().await?;
    let tz = s.state().tz();
    let c = client_with(&s, |c| c.retries = 0)?;
    let want = expected(&s, in_range(tz, day(-3), day(3)));
    assert!(want.len() > 25);

    // A real page size of 25: every task all the same.
    set_faults(&s, json!({"max_per_page": 25})).await?;
    let listing = c.list_tasks(&range(-3, 3)).await?;
    assert_eq!(ids(&listing.tasks), want);
    assert!(listing.notes.is_complete());

    // `page` ignored, or pages that overlap: an error, not a short list.
    // (A client that read this listing whole before asks for as many pages
    // at once as it had: a fresh one shows the bound of a first reading.)
    let c = client_with(&s, |c| c.retries = 0)?;
    reset(&s).await?;
    set_faults(&s, json!({"ignore_page": true})).await?;
    assert_eq!(
        failure(c.list_tasks(&range(-3, 3)).await)?,
        Error::PagesRepeat { page: 2 }
    );
    assert_eq!(requests(&s).await?.len(), 2, "bounded");
    reset(&s).await?;
    set_faults(&s, json!({"repeat_ids": true})).await?;
    assert!(matches!(
        failure(c.list_tasks(&range(-3, 3)).await)?,
        Error::PagesRepeat { .. }
    ));

    // One unreadable task: the others, and a count.
    for how in ["utf8", "deep"] {
        reset(&s).await?;
        set_faults(&s, json!({"unreadable": how})).await?;
        let listing = c.list_tasks(&range(-3, 3)).await?;
        assert_eq!(listing.notes.unreadable, 1, "{how}");
        assert_eq!(ids(&listing.tasks), want[1..].to_vec(), "{how}");
    }

    // Secrets nested in tasks are not kept.
    reset(&s).await?;
    set_faults(&s, json!({"nested_secrets": true})).await?;
    let listing = c.list_tasks(&range(0, 0)).await?;
    let text = serde_json::to_string(&listing.tasks)?;
    assert!(text.contains("created_by"), "the records themselves stay");
    for secret in [
        "encrypted_password",
        "password_salt",
        "remember_token",
        "api_key",
        "reset_password_token",
    ] {
        assert!(!text.contains(secret), "{secret}");
    }

    // An echoed Authorization header never reaches the error.
    reset(&s).await?;
    set_faults(
        &s,
        json!({"echo_auth": true, "fail_next": 1, "kinds": ["500"]}),
    )
    .await?;
    let e = failure(c.list_tasks(&range(0, 0)).await)?;
    let text = format!("{e} {e:?}");
    assert!(matches!(e, Error::Server { status: 500, .. }), "{text}");
    assert!(
        !text.contains("ZGVtby10b2tlbjpkZW1vLXRva2Vu") && !text.contains(TOKEN),
        "{text}"
    );

    // An oversized answer is refused.
    reset(&s).await?;
    set_faults(&s, json!({"oversize_mb": 40})).await?;
    assert!(matches!(
        failure(c.list_tasks(&range(0, 0)).await)?,
        Error::TooLarge { .. }
    ));
    Ok(())
}

/// The poller's fetch for one employee (the employee filter showing one
/// lane) through the runtime's effects: it sends `employee_number` with
/// `mapping=true`, and what comes back is the whole listing filtered on the
/// client to the tasks that employee is on.
#[tokio::test]
async fn the_one_employee_fetch_equals_filtering_the_whole_listing() -> TestResult {
    use kickdesk::app::msg::{ApiCmd, Msg};
    use kickdesk::runtime::effects::{ApiEffects, Effects};
    use kickdesk::schedule::Period;
    use std::sync::Arc;

    let s = sim().await?;
    let (from, to) = (day(-1), day(3));
    let c = client(&s)?;
    let whole = c.list_tasks(&range(-1, 3)).await?.tasks;
    // An employee with work in the range, also on a task of someone else.
    let pick = whole.iter().find_map(|t| {
        let e = t.employees.first()?;
        let n = s
            .state()
            .with_data(|d| d.employees.get(&e.id).map(|x| x.employee_number))?;
        Some((e.id, n))
    });
    let Some((emp_id, number)) = pick else {
        return Err("no assigned task in range".into());
    };
    let effects = ApiEffects {
        client: c,
        clock: Arc::new(fixed_now),
        running: Default::default(),
    };
    let fetch = |seq, employee_number| ApiCmd::FetchTasks {
        seq,
        period: Period::day(today()),
        from,
        to,
        employee_number,
        ending_from: None,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    reset(&s).await?;
    effects.run(fetch(1, Some(number)), tx.clone());
    let got = match tokio::time::timeout(GENEROUS, rx.recv()).await? {
        Some(Msg::TasksLoaded { result: Ok(l), .. }) => l.tasks,
        other => return Err(format!("not a listing: {other:?}").into()),
    };
    let on_client: Vec<i64> = whole
        .iter()
        .filter(|t| t.employees.iter().any(|e| e.id == emp_id))
        .map(|t| t.id)
        .collect();
    assert!(!on_client.is_empty());
    assert!(on_client.len() < whole.len(), "the filter narrows");
    let mut got_ids = ids(&got);
    let mut want = on_client.clone();
    got_ids.sort_unstable();
    want.sort_unstable();
    assert_eq!(got_ids, want);
    // What reached the server: the number, with mapping=true.
    let listed: Vec<RequestRecord> = requests(&s)
        .await?
        .into_iter()
        .filter(|r| r.path.ends_with("/tasks.json"))
        .collect();
    assert!(!listed.is_empty());
    for r in &listed {
        assert_eq!(param(r, "employee_number"), Some(number.to_string()));
        assert_eq!(param(r, "mapping").as_deref(), Some("true"));
    }
    drop(tx);
    Ok(())
}
