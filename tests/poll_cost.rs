//! What one board's polling costs Kickserv, counted at the simulator: every
//! page is a new connection and most of a second of the real server's time.

mod common;

use std::time::Duration;

use chrono::{Days, NaiveDate};
use common::today;
use common::wired::{TestResult, client, sim};
use kickdesk::kickserv::client::TaskQuery;
use kickdesk::kickserv::model::TaskPatch;
use kickdesk::sim::SimServer;

const HOUR: Duration = Duration::from_secs(3600);

fn tasks_requests(s: &SimServer) -> usize {
    s.state()
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/tasks.json"))
        .count()
}

/// A day's poll as the board sends it: a week of look-back, the day before
/// and the day itself fresh.
fn day_poll() -> (TaskQuery, NaiveDate) {
    let day = today();
    let q = TaskQuery {
        from: day.checked_sub_days(Days::new(7)),
        to_inclusive: Some(day),
        ..TaskQuery::default()
    };
    (q, day.pred_opt().unwrap_or(day))
}

fn ids(l: &kickdesk::kickserv::model::Listing) -> Vec<i64> {
    let mut v: Vec<i64> = l.tasks.iter().map(|t| t.id).collect();
    v.sort_unstable();
    v
}

/// Once the server's page size is known and the earlier days were read, a
/// poll of the demo's day is one request (it was three: the day's pages and
/// the empty page that ended them, the look-back's days each time), and it
/// lists exactly what a full listing does.
#[tokio::test]
async fn a_polled_day_costs_one_request_once_page_size_and_earlier_days_are_known() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let (q, fresh_from) = day_poll();
    let whole = c.list_tasks_lean(&q).await?;
    assert!(whole.tasks.len() > 100, "a look-back of more than one page");
    let before = tasks_requests(&s);
    let first = c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;
    assert_eq!(ids(&first), ids(&whole));
    let mut costs = vec![tasks_requests(&s) - before];
    for _ in 0..11 {
        let before = tasks_requests(&s);
        let again = c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;
        assert_eq!(ids(&again), ids(&whole));
        costs.push(tasks_requests(&s) - before);
    }
    // The first poll reads the earlier days (their pages end at a short
    // one now that the size is known) beside the fresh ones.
    assert!(costs[0] >= 2, "{costs:?}");
    assert_eq!(costs[1..], [1; 11], "{costs:?}");
    // A minute of polling at 5 s: 12 polls, within the 900 an hour goal.
    assert!(costs.iter().sum::<usize>() <= 900 / 60, "{costs:?}");
    Ok(())
}

/// The earlier days are read again once their listing is as old as the
/// reuse allows, and at once after this client changed anything (its own
/// change shows at the next poll, whichever day the task began).
#[tokio::test]
async fn the_earlier_days_are_read_again_when_old_or_after_an_own_change() -> TestResult {
    let s = sim().await?;
    let c = client(&s)?;
    let (q, fresh_from) = day_poll();
    let whole = c.list_tasks_lean(&q).await?;
    c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;

    let before = tasks_requests(&s);
    c.list_tasks_reusing_earlier(&q, fresh_from, Duration::ZERO)
        .await?;
    assert!(
        tasks_requests(&s) - before >= 2,
        "an old listing is read again"
    );

    c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;
    let before = tasks_requests(&s);
    c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;
    assert_eq!(tasks_requests(&s) - before, 1);

    // An own change to a task of the earlier days: the next poll reads
    // them again, and shows it.
    let early = whole
        .tasks
        .iter()
        .find(|t| {
            t.starts_at
                .is_some_and(|s| s.date_naive() < fresh_from.pred_opt().unwrap_or(fresh_from))
        })
        .ok_or("no task in the earlier days")?;
    let patch = TaskPatch {
        description: Some(Some("moved by us".into())),
        ..TaskPatch::default()
    };
    c.update_task(early.id, &patch).await?;
    let before = tasks_requests(&s);
    let after = c.list_tasks_reusing_earlier(&q, fresh_from, HOUR).await?;
    assert!(tasks_requests(&s) - before >= 2);
    let seen = after
        .tasks
        .iter()
        .find(|t| t.id == early.id)
        .ok_or("the task is gone")?;
    assert_eq!(seen.description.as_deref(), Some("moved by us"));
    Ok(())
}
