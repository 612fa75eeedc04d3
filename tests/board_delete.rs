//! Delete from the board, success and failure: keys into `update()`, its
//! commands run by the real effects against the simulator, the answers back
//! into `update()`; what the dispatcher reads and what reached the server.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use tokio::sync::mpsc;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{Cmd, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::{Client, ClientConfig, Token};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::sim::{self, RequestRecord, SimConfig, SimServer};

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn sim() -> Result<SimServer, Box<dyn std::error::Error>> {
    let cfg = SimConfig {
        now: Some(now()),
        ..SimConfig::default()
    };
    Ok(sim::start(cfg, "127.0.0.1:0".parse()?).await?)
}

fn client(s: &SimServer) -> Result<Client, Box<dyn std::error::Error>> {
    let mut cfg = ClientConfig::new("demo", Token::new("demo-token"));
    cfg.base_url = s.base_url.clone();
    // Generous: no request here should ever come near it.
    cfg.timeout = Duration::from_secs(30);
    cfg.backoff = Duration::from_millis(5);
    Ok(Client::new(cfg)?)
}

/// The board wired to the simulator through the real effects.
struct Wired {
    m: Model,
    fx: ApiEffects,
}

impl Wired {
    /// Runs `cmds` and every command their answers bring, until none is left.
    async fn settle(&mut self, mut cmds: Vec<Cmd>) -> TestResult {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut waiting = 0usize;
        for _round in 0..50 {
            for c in cmds.drain(..) {
                let Cmd::Api(c) = c else { continue };
                waiting += 1;
                self.fx.run(c, tx.clone());
            }
            if waiting == 0 {
                return Ok(());
            }
            let msg = tokio::time::timeout(Duration::from_secs(60), rx.recv())
                .await?
                .ok_or("effects hung up")?;
            waiting -= 1;
            cmds = update(&mut self.m, msg);
        }
        Err("the board kept asking for more".into())
    }

    async fn press(&mut self, msgs: &[Msg]) -> TestResult {
        let mut cmds = Vec::new();
        for msg in msgs {
            cmds.extend(update(&mut self.m, msg.clone()));
        }
        self.settle(cmds).await
    }

    fn toast(&self) -> String {
        self.m
            .toast
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }
}

async fn board(s: &SimServer) -> Result<Wired, Box<dyn std::error::Error>> {
    let fx = ApiEffects {
        client: client(s)?,
        clock: Arc::new(now),
        running: Default::default(),
    };
    let mut w = Wired {
        m: Model::new(opts(), now(), (160, 48)),
        fx,
    };
    let cmds = init(&mut w.m);
    w.settle(cmds).await?;
    Ok(w)
}

async fn requests(s: &SimServer) -> Result<Vec<RequestRecord>, Box<dyn std::error::Error>> {
    let url = format!("{}/_sim/requests", s.base_url);
    Ok(reqwest::get(url).await?.error_for_status()?.json().await?)
}

fn deletes_of(reqs: &[RequestRecord], id: i64) -> Vec<u16> {
    let path = format!("/demo/tasks/{id}.json");
    reqs.iter()
        .filter(|r| r.method == "DELETE" && r.path == path)
        .map(|r| r.status)
        .collect()
}

/// The selected task's id and the title the board shows for it.
fn selected(w: &Wired) -> Result<(i64, String), Box<dyn std::error::Error>> {
    let t = w.m.selected().ok_or("no task selected on the board")?;
    Ok((t.id, t.title().to_string()))
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_from_the_board_removes_the_task_and_says_so() -> TestResult {
    let s = sim().await?;
    let mut w = board(&s).await?;
    let (id, title) = selected(&w)?;
    assert!(s.state().task(id).is_some());

    w.press(&[key('D'), key('y')]).await?;

    assert_eq!(w.toast(), format!("Deleted task {id} · {title}"));
    assert!(s.state().task(id).is_none(), "the simulator still has {id}");
    // The board fetched again and no longer shows it.
    assert!(w.m.task_by_id(id).is_none(), "{id} still on the board");
    assert!(w.m.sends.in_flight.is_empty());
    assert_eq!(deletes_of(&requests(&s).await?, id), vec![200]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_deleted_by_someone_else_first_is_read_and_not_deleted_again() -> TestResult {
    let s = sim().await?;
    let mut w = board(&s).await?;
    let (id, title) = selected(&w)?;
    // Someone else deletes it first: the read before the delete finds nothing.
    client(&s)?.delete_task(id).await?;

    w.press(&[key('D'), key('y')]).await?;

    assert_eq!(
        w.toast(),
        format!("Not deleted: Kickserv no longer has task {id} · {title}")
    );
    assert!(w.m.sends.in_flight.is_empty());
    assert!(w.m.modals.is_empty(), "the dialog closed");
    let reqs = requests(&s).await?;
    // Only the other client's DELETE; the board's read found a 404.
    assert_eq!(deletes_of(&reqs, id), vec![200]);
    let path = format!("/demo/tasks/{id}.json");
    let reads: Vec<u16> = reqs
        .iter()
        .filter(|r| r.method == "GET" && r.path == path)
        .map(|r| r.status)
        .collect();
    assert_eq!(reads, vec![404]);
    // And the board no longer shows it.
    assert!(w.m.task_by_id(id).is_none(), "{id} still on the board");
    Ok(())
}
