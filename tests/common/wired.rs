//! The board wired to an in-process simulator through the real effects:
//! keys into `update()`, its commands run against the simulator, the
//! answers back into `update()`, until nothing is left to run.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::{now, opts};
use kickdesk::app::model::Model;
use kickdesk::app::msg::{Cmd, Msg};
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::{Client, ClientConfig, Token};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::sim::{self, RequestRecord, SimConfig, SimServer};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub async fn sim() -> Result<SimServer, Box<dyn std::error::Error>> {
    let cfg = SimConfig {
        now: Some(now()),
        ..SimConfig::default()
    };
    Ok(sim::start(cfg, "127.0.0.1:0".parse()?).await?)
}

pub fn client(s: &SimServer) -> Result<Client, Box<dyn std::error::Error>> {
    // Generous: no request here should ever come near it.
    client_waiting(s, Duration::from_secs(30))
}

/// A client that waits `timeout` for each answer.
pub fn client_waiting(
    s: &SimServer,
    timeout: Duration,
) -> Result<Client, Box<dyn std::error::Error>> {
    let mut cfg = ClientConfig::new("demo", Token::new("demo-token"));
    cfg.base_url = s.base_url.clone();
    cfg.timeout = timeout;
    cfg.backoff = Duration::from_millis(5);
    Ok(Client::new(cfg)?)
}

/// The board wired to the simulator through the real effects.
pub struct Wired {
    pub m: Model,
    pub fx: ApiEffects,
}

impl Wired {
    /// Runs `cmds` and every command their answers bring, until none is left.
    pub async fn settle(&mut self, mut cmds: Vec<Cmd>) -> TestResult {
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

    pub async fn press(&mut self, msgs: &[Msg]) -> TestResult {
        let mut cmds = Vec::new();
        for msg in msgs {
            cmds.extend(update(&mut self.m, msg.clone()));
        }
        self.settle(cmds).await
    }

    pub fn toast(&self) -> String {
        self.m
            .toast()
            .as_ref()
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }
}

pub async fn board(s: &SimServer) -> Result<Wired, Box<dyn std::error::Error>> {
    board_with(client(s)?).await
}

/// The board at `now()` through `client`, its first data loaded.
pub async fn board_with(client: Client) -> Result<Wired, Box<dyn std::error::Error>> {
    let fx = ApiEffects {
        client,
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

pub async fn requests(s: &SimServer) -> Result<Vec<RequestRecord>, Box<dyn std::error::Error>> {
    let url = format!("{}/_sim/requests", s.base_url);
    Ok(reqwest::get(url).await?.error_for_status()?.json().await?)
}
