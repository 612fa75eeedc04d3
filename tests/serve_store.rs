//! `kickdesk serve`'s boards share one listing store: N boards on the same
//! day cost Kickserv what one board costs; a change sent by any board makes
//! every board's next poll read anew; a monitor's or viewer's client sends
//! no change whatever it is asked.

mod common;

use std::time::Duration;
use tokio::sync::mpsc;

use common::wired::{TestResult, client, sim};
use common::{now, opts};
use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, Msg};
use kickdesk::kickserv::client::{ClientConfig, Token};
use kickdesk::kickserv::model::TaskPatch;
use kickdesk::runtime::effects::{ApiEffects, Effects, tokio_clock};
use kickdesk::runtime::screen::TestScreen;
use kickdesk::runtime::{drive, sources};
use kickdesk::schedule::Period;
use kickdesk::serve::effects::SessionEffects;
use kickdesk::serve::listings::{Listings, TasksKey};
use kickdesk::sim::SimServer;

fn api_requests(s: &SimServer) -> usize {
    s.state()
        .requests()
        .iter()
        .filter(|r| !r.path.starts_with("/_sim"))
        .count()
}

const POLL: Duration = Duration::from_secs(2);

/// `n` boards on today, each its own model and screen, all through one
/// store, for `run`; the API requests the simulator saw meanwhile.
async fn boards(n: usize, run: Duration) -> Result<usize, Box<dyn std::error::Error>> {
    let s = sim().await?;
    let c = client(&s)?;
    let clock = tokio_clock(now());
    let listings = Listings::start(c.clone(), clock.clone(), POLL);
    let mut ends = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..n {
        let (tx, rx) = mpsc::unbounded_channel();
        let o = kickdesk::app::model::Options {
            poll: POLL,
            ..opts()
        };
        let mut m = Model::new(o, now(), (120, 30));
        let fx = SessionEffects {
            api: ApiEffects {
                client: c.clone(),
                clock: clock.clone(),
                running: Default::default(),
            },
            listings: listings.clone(),
            session: i as u64,
            who: format!("test {i}"),
        };
        sources::spawn_clock(tx.clone(), clock.clone());
        ends.push(tx.clone());
        tasks.push(tokio::spawn(async move {
            let mut screen = TestScreen::new(120, 30)?;
            drive(&mut m, &mut screen, &fx, tx, rx).await?;
            Ok::<String, std::io::Error>(screen.text())
        }));
    }
    tokio::time::sleep(run).await;
    for tx in ends {
        let _ = tx.send(Msg::Shutdown("test over"));
    }
    for t in tasks {
        let text = t.await??;
        // Each board shows the day it read (an employee's lane at least).
        assert!(text.contains("Fri 27 Nov 2026"), "{text}");
    }
    Ok(api_requests(&s))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_boards_on_one_day_cost_what_one_board_costs() -> TestResult {
    let run = POLL * 4 + Duration::from_millis(500);
    let one = boards(1, run).await?;
    let ten = boards(10, run).await?;
    eprintln!("API requests in {run:?} at poll {POLL:?}: one board {one}, ten boards {ten}");
    // Startup reads (employees, the day, its look-back) and a poll each interval.
    assert!(one >= 4, "one board asked {one} times");
    assert!(
        (ten as f64) <= 1.1 * one as f64,
        "ten boards asked {ten} times, one board {one}"
    );
    Ok(())
}

fn key() -> TasksKey {
    let day = common::today();
    TasksKey {
        period: Period::day(day),
        from: day.pred_opt().unwrap(),
        to: day.succ_opt().unwrap(),
        employee_number: None,
        ending_from: None,
    }
}

async fn loaded(rx: &mut mpsc::UnboundedReceiver<Msg>) -> u64 {
    match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
        Ok(Some(Msg::TasksLoaded { seq, result, .. })) => {
            assert!(result.is_ok(), "{result:?}");
            seq
        }
        other => panic!("no listing came: {other:?}"),
    }
}

#[tokio::test]
async fn asks_meet_in_one_request_until_a_change_or_the_next_interval() -> TestResult {
    let s = sim().await?;
    let poll = Duration::from_secs(60);
    let listings = Listings::start(client(&s)?, tokio_clock(now()), poll);
    let (tx, mut rx) = mpsc::unbounded_channel();
    // Three boards ask at once, and one more once the answer is in.
    for board in 0..3 {
        listings.tasks(key(), board, 1, tx.clone());
    }
    for _ in 0..3 {
        assert_eq!(loaded(&mut rx).await, 1);
    }
    listings.tasks(key(), 3, 7, tx.clone());
    assert_eq!(loaded(&mut rx).await, 7);
    assert_eq!(listings.requests().await, 1);
    let before = api_requests(&s);

    // A change from any dispatcher: the next ask reads anew.
    listings.invalidate();
    listings.tasks(key(), 0, 2, tx.clone());
    assert_eq!(loaded(&mut rx).await, 2);
    assert_eq!(listings.requests().await, 2);
    assert!(api_requests(&s) > before);

    // A fetch the board gave up on is not answered to it.
    listings.invalidate();
    listings.tasks(key(), 0, 3, tx.clone());
    listings.cancel(0, 3);
    listings.tasks(key(), 1, 4, tx.clone());
    assert_eq!(loaded(&mut rx).await, 4);
    Ok(())
}

#[tokio::test]
async fn an_answer_older_than_the_poll_interval_is_read_anew() -> TestResult {
    let s = sim().await?;
    let listings = Listings::start(client(&s)?, tokio_clock(now()), Duration::from_millis(300));
    let (tx, mut rx) = mpsc::unbounded_channel();
    listings.tasks(key(), 0, 1, tx.clone());
    loaded(&mut rx).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    listings.tasks(key(), 1, 1, tx.clone());
    loaded(&mut rx).await;
    assert_eq!(listings.requests().await, 2);
    Ok(())
}

#[tokio::test]
async fn a_read_only_sessions_changes_never_leave_the_process() -> TestResult {
    let s = sim().await?;
    let mut cfg = ClientConfig::new("demo", Token::new("demo-token"));
    cfg.base_url = s.base_url.clone();
    cfg.read_only = true;
    let reader = kickdesk::kickserv::Client::new(cfg)?;
    let clock = tokio_clock(now());
    let fx = SessionEffects {
        api: ApiEffects {
            client: reader,
            clock: clock.clone(),
            running: Default::default(),
        },
        listings: Listings::start(client(&s)?, clock, POLL),
        session: 1,
        who: "viewer".into(),
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = s.state().task_ids().first().copied().unwrap_or(1);
    fx.run(ApiCmd::Delete { task_id: task }, tx.clone());
    fx.run(
        ApiCmd::Save {
            task_id: task,
            patch: TaskPatch::default(),
            base: Box::default(),
        },
        tx.clone(),
    );
    for _ in 0..2 {
        let msg = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await?;
        let refused = matches!(
            msg,
            Some(Msg::Deleted { result: Err(_), .. }) | Some(Msg::Saved { result: Err(_), .. })
        );
        assert!(refused, "{msg:?}");
    }
    let writes = s
        .state()
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    assert_eq!(writes, 0);
    Ok(())
}
