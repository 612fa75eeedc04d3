//! Heap held per task once parsed: the large simulator's tasks, fetched over
//! loopback and parsed with a counting allocator. Prints bytes per task and
//! the projection for 10,000 tasks (the design's 40 MB budget is for the
//! whole process).

use kickdesk::kickserv::model::Task;
use kickdesk::sim::{self, Scale, SimConfig};

#[path = "../tests/common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = rt.block_on(async {
        let cfg = SimConfig {
            scale: Scale::Large,
            ..SimConfig::default()
        };
        let server = sim::start(cfg, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        kickdesk::kickserv::tls::install();
        let http = reqwest::Client::new();
        let mut all: Vec<serde_json::Value> = Vec::new();
        for page in 1..=200 {
            let url = format!(
                "{}/demo/tasks.json?per_page=100&page={page}",
                server.base_url
            );
            let v: Vec<serde_json::Value> = http
                .get(url)
                .basic_auth("demo-token", Some("demo-token"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if v.is_empty() {
                break;
            }
            all.extend(v);
        }
        serde_json::to_string(&all).unwrap()
    });
    let before = counting::live();
    let mut tasks: Vec<Task> = serde_json::from_str(&body).unwrap();
    // As the client does after every listing.
    kickdesk::kickserv::model::share_glue(&mut tasks);
    let held = counting::live() - before;
    let per = held / tasks.len() as isize;
    println!(
        "{} tasks ({} B of JSON each): {} B of heap each, {:.1} MB for 10,000",
        tasks.len(),
        body.len() / tasks.len(),
        per,
        per as f64 * 10_000.0 / 1_048_576.0
    );
}
