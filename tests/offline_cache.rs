//! The disk cache of the last good data: the board opens on it before any
//! fetch answers, marked with its age; the first successful fetch replaces
//! it; a failed one leaves it, marked stale. Writes: once per changed
//! listing, never for an identical poll, never with the cache off, never a
//! secret.

mod common;

use chrono::Duration as TimeDelta;
use common::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

use kickdesk::app::model::Model;
use kickdesk::app::msg::{ApiCmd, CacheCmd, Cmd, FaultKind, Msg, StoreCmd};
use kickdesk::app::offline::Snapshot;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::model::{Employee, ListingNotes, Task};
use kickdesk::kickserv::{Client, ClientConfig, Token};
use kickdesk::runtime::cache::{DiskCache, preload};
use kickdesk::runtime::drafts::Shelf;
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::runtime::screen::{Screen, TestScreen};
use kickdesk::runtime::store::{DraftJournal, WithJournal};
use kickdesk::runtime::{drive, settle_overlay};
use kickdesk::schedule::Period;

/// A fresh directory under the system's temp dir, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "kickdesk-offline-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        Dir(p)
    }

    /// Every file under the directory, with its bytes.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(p: &std::path::Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let Ok(d) = std::fs::read_dir(p) else { return };
            for e in d.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn staff() -> Vec<Employee> {
    vec![employee(1, 1, "Ana Reyes"), employee(2, 2, "Ben Okafor")]
}

/// Today's tasks as a fetch at `now()` would have brought them.
fn day_tasks() -> Vec<Task> {
    let s = staff();
    vec![
        task(11, &[&s[0]], 9, 0, 90, "Boiler at Quayside"),
        task(12, &[&s[1]], 13, 30, 60, "Roof survey Elm St"),
    ]
}

fn today_period() -> Period {
    Period::day(today())
}

/// What the disk held: today's tasks, cached three hours before `now()`.
fn snapshot() -> Snapshot {
    Snapshot {
        period: today_period(),
        at: now() - TimeDelta::hours(3),
        tasks: day_tasks(),
        notes: ListingNotes::default(),
        employees: staff(),
    }
}

fn screen_of(m: &mut Model) -> String {
    settle_overlay(m);
    let mut s = TestScreen::new(m.size().0, m.size().1).unwrap();
    s.draw(m).unwrap();
    s.text()
}

fn header(m: &mut Model) -> String {
    screen_of(m).lines().next().unwrap_or_default().to_string()
}

fn cache_writes(cmds: &[Cmd]) -> Vec<&CacheCmd> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Store(StoreCmd::Cache(c)) => Some(c),
            _ => None,
        })
        .collect()
}

/// A board that opened on the snapshot, with its first commands.
fn from_cache() -> (Model, Vec<Cmd>) {
    let mut m = Model::new(opts(), now(), (120, 30));
    let cmds = update(&mut m, Msg::CacheLoaded(Some(Box::new(snapshot()))));
    assert!(cmds.is_empty(), "taking the snapshot asks for nothing");
    let cmds = init(&mut m);
    (m, cmds)
}

fn loaded_msg(cmds: &[Cmd], tasks: Vec<Task>, at_secs: i64) -> Msg {
    let (seq, period) = fetch_of(cmds)[0];
    fetched(
        seq,
        period,
        now() + TimeDelta::seconds(at_secs),
        Ok(tasks.into()),
    )
}

#[test]
fn the_board_opens_on_the_cached_period_marked_with_its_age() {
    let (mut m, cmds) = from_cache();
    assert_eq!(fetch_of(&cmds).len(), 1, "and fetches it at once");
    let s = screen_of(&mut m);
    let head = s.lines().next().unwrap();
    assert!(head.contains("cached 07:45, 3 h old"), "{head}");
    assert!(head.contains("loading"), "the fetch is under way: {head}");
    assert!(s.contains("Boiler at Quayside"), "{s}");
    assert!(s.contains("Ana Reyes") && s.contains("Ben Okafor"), "{s}");
    assert!(m.is_stale(), "the disk's copy is never fresh");
}

#[test]
fn the_first_successful_fetch_replaces_the_cached_data_and_the_mark_goes() {
    let (mut m, cmds) = from_cache();
    let mut fresh = day_tasks();
    fresh[1].name = Some("Gutter repair Elm St".into());
    update(&mut m, loaded_msg(&cmds, fresh, 1));
    let s = screen_of(&mut m);
    let head = s.lines().next().unwrap();
    assert!(!head.contains("cached"), "{head}");
    assert!(head.contains("confirmed now"), "{head}");
    assert!(s.contains("Gutter repair Elm St"), "{s}");
    assert!(!s.contains("Roof survey Elm St"), "{s}");
    assert!(!m.is_stale());
}

#[test]
fn a_failed_fetch_keeps_the_cached_data_marked_stale() {
    let (mut m, cmds) = from_cache();
    resize(&mut m, 160, 30);
    answer_fetch_at(
        &mut m,
        &cmds,
        now() + TimeDelta::seconds(2),
        Err(fault(FaultKind::Unreachable, "Kickserv unreachable")),
    );
    let s = screen_of(&mut m);
    let head = s.lines().next().unwrap();
    assert!(head.contains("Kickserv unreachable"), "{head}");
    assert!(head.contains("cached 07:45, 3 h old"), "{head}");
    assert!(s.contains("Boiler at Quayside"), "{s}");
    assert!(m.is_stale());
}

#[test]
fn a_cached_period_that_is_not_the_one_shown_is_not_drawn() {
    let mut m = Model::new(opts(), now(), (120, 30));
    let yesterday = Snapshot {
        period: Period::day(today() - TimeDelta::days(1)),
        ..snapshot()
    };
    update(&mut m, Msg::CacheLoaded(Some(Box::new(yesterday))));
    let s = screen_of(&mut m);
    assert!(!s.contains("Boiler at Quayside"), "{s}");
    assert!(!s.contains("cached"), "{s}");
    // Nor one that arrives after a fetch answered: the fetch is newer.
    let (mut m, cmds) = fresh(120, 30);
    update(&mut m, loaded_msg(&cmds, vec![], 0));
    update(&mut m, Msg::CacheLoaded(Some(Box::new(snapshot()))));
    let s = screen_of(&mut m);
    assert!(!s.contains("Boiler at Quayside"), "{s}");
    assert!(!s.contains("cached"), "{s}");
}

#[test]
fn a_listing_is_written_once_when_it_changes_and_never_for_an_identical_poll() {
    let (mut m, cmds) = fresh(120, 30);
    update(&mut m, Msg::CacheLoaded(None));
    let out = update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now(),
            result: Ok(staff()),
        },
    );
    assert_eq!(
        cache_writes(&out),
        [&CacheCmd::Employees {
            at: now(),
            employees: staff()
        }]
    );
    let same = update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now() + TimeDelta::minutes(5),
            result: Ok(staff()),
        },
    );
    assert!(cache_writes(&same).is_empty(), "{same:?}");

    let out = update(&mut m, loaded_msg(&cmds, day_tasks(), 0));
    let writes = cache_writes(&out);
    assert_eq!(writes.len(), 1, "{out:?}");
    match writes[0] {
        CacheCmd::Tasks { period, tasks, .. } => {
            assert_eq!(*period, today_period());
            assert_eq!(**tasks, day_tasks());
        }
        other => panic!("{other:?}"),
    }
    // Polls of the same data write nothing; a changed task writes once.
    for i in 1..=3 {
        let poll = update(&mut m, code(crossterm::event::KeyCode::Char('r')));
        let out = update(&mut m, loaded_msg(&poll, day_tasks(), i * 30));
        assert!(cache_writes(&out).is_empty(), "poll {i}: {out:?}");
    }
    let mut changed = day_tasks();
    changed[0].description = Some("Gate code changed".into());
    let poll = update(&mut m, code(crossterm::event::KeyCode::Char('r')));
    let out = update(&mut m, loaded_msg(&poll, changed.clone(), 200));
    assert_eq!(cache_writes(&out).len(), 1, "{out:?}");
    let poll = update(&mut m, code(crossterm::event::KeyCode::Char('r')));
    let out = update(&mut m, loaded_msg(&poll, changed, 230));
    assert!(cache_writes(&out).is_empty(), "{out:?}");
}

#[test]
fn the_fetch_confirming_the_cached_data_writes_it_once_with_its_new_time() {
    let (mut m, cmds) = from_cache();
    let out = update(&mut m, loaded_msg(&cmds, day_tasks(), 1));
    match cache_writes(&out).as_slice() {
        [CacheCmd::Tasks { at, .. }] => assert_eq!(*at, now() + TimeDelta::seconds(1)),
        other => panic!("{other:?}"),
    }
    let poll = update(&mut m, code(crossterm::event::KeyCode::Char('r')));
    let out = update(&mut m, loaded_msg(&poll, day_tasks(), 31));
    assert!(cache_writes(&out).is_empty(), "{out:?}");
}

#[test]
fn with_the_cache_off_nothing_is_written() {
    // No `CacheLoaded`: the launch passes none with --no-cache.
    let (mut m, cmds) = fresh(120, 30);
    let mut out = update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now(),
            result: Ok(staff()),
        },
    );
    out.extend(update(&mut m, loaded_msg(&cmds, day_tasks(), 0)));
    assert!(cache_writes(&out).is_empty(), "{out:?}");
}

/// Records what was asked of it and never answers.
#[derive(Default)]
struct Silent(Mutex<Vec<ApiCmd>>);

impl Effects for Silent {
    fn run(&self, cmd: ApiCmd, _tx: mpsc::UnboundedSender<Msg>) {
        self.0.lock().unwrap().push(cmd);
    }
}

#[tokio::test]
async fn the_first_frame_draws_the_cache_before_any_fetch_answers() {
    let dir = Dir::new("first-frame");
    let cache = DiskCache::new(&dir.0, "https://app.kickserv.com", "demo");
    let snap = snapshot();
    cache.write_employees(snap.at, &snap.employees).unwrap();
    cache
        .write_tasks(snap.period, snap.at, &snap.tasks, snap.notes)
        .unwrap();

    let mut m = Model::new(opts(), now(), (120, 30));
    preload(&mut m, &cache);
    let fx = Silent::default();
    let (tx, rx) = mpsc::unbounded_channel();
    // The loop draws its first frame, then reads this and leaves.
    tx.send(Msg::Shutdown("test")).unwrap();
    let mut screen = TestScreen::new(120, 30).unwrap();
    let stats = drive(&mut m, &mut screen, &fx, tx, rx).await.unwrap();
    assert_eq!(stats.draws, 1, "only the first frame was drawn");
    let s = screen.text();
    assert!(s.contains("Boiler at Quayside"), "{s}");
    assert!(s.contains("Roof survey Elm St"), "{s}");
    assert!(
        s.lines().next().unwrap().contains("cached 07:45, 3 h old"),
        "{s}"
    );
    // The fetches were asked for, and none had answered.
    let asked = fx.0.lock().unwrap();
    assert!(
        asked
            .iter()
            .any(|c| matches!(c, ApiCmd::FetchTasks { period, .. } if *period == today_period())),
        "{asked:?}"
    );
}

#[tokio::test]
async fn without_a_cache_file_the_first_frame_is_the_plain_loading_board() {
    let dir = Dir::new("empty");
    let cache = DiskCache::new(&dir.0, "https://app.kickserv.com", "demo");
    let mut m = Model::new(opts(), now(), (120, 30));
    preload(&mut m, &cache);
    assert!(m.offline().on, "the cache is used (written) all the same");
    let s = header(&mut m);
    assert!(s.contains("loading") && !s.contains("cached"), "{s}");
    assert!(dir.files().is_empty(), "reading creates nothing");
}

/// Runs commands through `fx` until no answer is awaited.
async fn settle(m: &mut Model, fx: &dyn Effects, cmds: Vec<Cmd>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut pending = 0;
    let run = |cmds: Vec<Cmd>, pending: &mut usize| {
        for c in cmds {
            match c {
                Cmd::Api(a) => {
                    if !matches!(a, ApiCmd::CancelFetch { .. }) {
                        *pending += 1;
                    }
                    fx.run(a, tx.clone());
                }
                Cmd::Store(s) => fx.store(s),
                Cmd::Term(_) => {}
            }
        }
    };
    run(cmds, &mut pending);
    while pending > 0 {
        let msg = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("an answer within a minute")
            .unwrap();
        pending -= 1;
        let more = update(m, msg);
        run(more, &mut pending);
    }
}

/// The simulator seeded around the fixed now, on a free loopback port.
async fn seeded_sim() -> kickdesk::sim::SimServer {
    use kickdesk::sim::{self, SimConfig};
    sim::start(
        SimConfig {
            now: Some(now()),
            seed: 1,
            ..SimConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

/// The real effects against `base` with the disk cache (and the drafts'
/// journal) in `dir`; `retries`: the client's, when not its default.
fn cached_effects(
    base: &str,
    dir: &Dir,
    token: &str,
    retries: Option<u32>,
) -> (WithJournal<ApiEffects>, DiskCache) {
    let mut cfg = ClientConfig::new("demo", Token::new(token));
    cfg.base_url = base.to_string();
    cfg.timeout = Duration::from_secs(60);
    if let Some(r) = retries {
        cfg.retries = r;
    }
    let cache = DiskCache::new(&dir.0, base, "demo");
    let fx = WithJournal {
        api: ApiEffects {
            client: Client::new(cfg).unwrap(),
            clock: Arc::new(now),
            running: Default::default(),
        },
        journal: DraftJournal::start(Shelf::open(dir.0.join("drafts")), Some(cache.clone()), None),
    };
    (fx, cache)
}

#[tokio::test]
async fn what_reaches_the_disk_holds_no_token_or_header() {
    let server = seeded_sim().await;
    let token = "demo-token";
    let dir = Dir::new("secrets");
    let (fx, cache) = cached_effects(&server.base_url, &dir, token, None);
    let mut m = Model::new(opts(), now(), (120, 30));
    preload(&mut m, &cache);
    let cmds = init(&mut m);
    settle(&mut m, &fx, cmds).await;
    assert!(m.shown_tasks() > 0, "the simulator has tasks today");
    // The journal finishes its writes before it goes.
    drop(fx);
    server.shutdown().await;

    let files = dir.files();
    let names: Vec<String> = files
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.contains(".day-2026-11-27-1.")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with(".employees.json")),
        "{names:?}"
    );
    // How the header carries it: base64 of `token:token`.
    let basic = "ZGVtby10b2tlbjpkZW1vLXRva2Vu";
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in [token, basic, "authorization", "api_token", "password"] {
            assert!(
                !text.contains(&secret.to_lowercase()),
                "{} holds {secret:?}",
                path.display()
            );
        }
    }
    // And what was written opens the next board on today's tasks.
    let mut next = Model::new(opts(), now() + TimeDelta::hours(1), (120, 30));
    preload(&mut next, &cache);
    assert_eq!(next.shown_tasks(), m.shown_tasks());
    // Each task comes back as it came from Kickserv, unknown keys and all:
    // the first fetch then marks only what really changed.
    assert!(!next.server_tasks().is_empty());
    for t in next.server_tasks().iter() {
        let fetched = m.server_tasks().iter().find(|f| f.id == t.id).unwrap();
        assert_eq!(t, fetched);
    }
    assert!(header(&mut next).contains("cached 10:45, 1 h old"));
}

#[test]
fn back_on_the_cached_period_before_any_fetch_it_is_still_marked_as_cached() {
    let (mut m, _) = from_cache();
    update(&mut m, key(']'));
    let away = header(&mut m);
    assert!(!away.contains("cached"), "{away}");
    update(&mut m, key('['));
    let s = screen_of(&mut m);
    let head = s.lines().next().unwrap();
    assert!(head.contains("cached 07:45, 3 h old"), "{head}");
    assert!(
        !head.contains("confirmed"),
        "the disk's copy is not a fetch: {head}"
    );
    assert!(s.contains("Boiler at Quayside"), "{s}");
}

/// A fetch that brings exactly what the disk held confirms it: the header
/// says "confirmed now", not "loading" for ever.
#[test]
fn a_fetch_identical_to_the_cached_data_ends_the_loading() {
    let (mut m, cmds) = from_cache();
    update(&mut m, loaded_msg(&cmds, day_tasks(), 1));
    let head = header(&mut m);
    assert!(
        !head.contains("loading") && !head.contains("cached"),
        "{head}"
    );
    assert!(head.contains("confirmed now"), "{head}");
}

/// The board against the simulator with the token echoed in every text of
/// every task: the grid, the detail and the cache hold only `***`. Then a
/// poll answered 200 with an empty body, then with `null`: the board keeps
/// its tasks (no "removed", no "0 tasks") and the cache keeps its files.
#[tokio::test]
async fn an_echoed_token_reaches_neither_screen_nor_disk_and_an_empty_answer_changes_nothing() {
    use kickdesk::sim::FaultsPatch;
    use kickdesk::sim::faults::ListBody;
    let server = seeded_sim().await;
    let faults = |patch: FaultsPatch| server.state().set_faults(patch).unwrap();
    faults(FaultsPatch {
        echo_token: Some(true),
        ..FaultsPatch::default()
    });
    let token = "demo-token";
    let dir = Dir::new("echo-empty");
    let (fx, _cache) = cached_effects(&server.base_url, &dir, token, Some(0));
    let mut m = Model::new(opts(), now(), (160, 40));
    let cmds = init(&mut m);
    settle(&mut m, &fx, cmds).await;
    let shown = m.shown_tasks();
    assert!(shown > 0, "the simulator has tasks today");
    let forms = [token, "ZGVtby10b2tlbjpkZW1vLXRva2Vu", "ZGVtby10b2tlbg"];
    let mut seen = screen_of(&mut m);
    press(&mut m, &[code(crossterm::event::KeyCode::Enter)]);
    seen.push_str(&screen_of(&mut m));
    assert!(seen.contains("Gate code ***"), "{seen}");
    press(&mut m, &[code(crossterm::event::KeyCode::Esc)]);
    for f in forms {
        assert!(!seen.contains(f), "{f} on the screen:\n{seen}");
    }
    let before = dir.files();
    for (path, bytes) in &before {
        let text = String::from_utf8_lossy(bytes);
        for f in forms {
            assert!(!text.contains(f), "{} holds {f}", path.display());
        }
    }

    for body in [ListBody::Empty, ListBody::Null] {
        faults(FaultsPatch {
            list_body: Some(body),
            ..FaultsPatch::default()
        });
        let cmds = update(&mut m, key('r'));
        settle(&mut m, &fx, cmds).await;
        let head = header(&mut m);
        assert_eq!(m.shown_tasks(), shown, "{body:?}: {head}");
        assert!(!head.contains("removed"), "{body:?}: {head}");
        assert!(head.contains("could not be read"), "{body:?}: {head}");
    }
    drop(fx);
    server.shutdown().await;
    // The cache's files, not the drafts' lock the journal held meanwhile.
    let drafts = dir.0.join("drafts");
    let cached = |files: Vec<(PathBuf, Vec<u8>)>| -> Vec<_> {
        files
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&drafts))
            .collect()
    };
    assert_eq!(
        cached(dir.files()),
        cached(before),
        "the cache kept the last good data"
    );
}
