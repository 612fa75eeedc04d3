//! The write path end to end below the board: the API executor's save,
//! create and lookup commands against the simulator, and against a small
//! scripted server for the answers the simulator does not give.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::time::timeout;

use kickdesk::app::msg::{ApiCmd, ApiFault, FaultKind, Msg};
use kickdesk::kickserv::model::{NotifyKind, Task, TaskPatch};
use kickdesk::kickserv::{Client, ClientConfig, Error, Token};
use kickdesk::runtime::effects::{ApiEffects, Effects};
use kickdesk::sim::{self, RequestRecord, SimConfig, SimServer};

/// Far longer than any answer of a loaded debug build.
const WAIT: Duration = Duration::from_secs(60);

async fn sim() -> SimServer {
    let cfg = SimConfig {
        now: Some(common::now()),
        ..SimConfig::default()
    };
    sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn client(base_url: &str, read_only: bool, wait: Duration) -> Client {
    let mut cfg = ClientConfig::new("demo", Token::new("demo-token"));
    cfg.base_url = base_url.to_string();
    cfg.timeout = wait;
    cfg.read_only = read_only;
    Client::new(cfg).unwrap()
}

fn effects(client: Client) -> ApiEffects {
    ApiEffects {
        client,
        clock: Arc::new(common::now),
        running: Default::default(),
    }
}

/// Runs one command and returns the message it answers with.
async fn run(fx: &ApiEffects, cmd: ApiCmd) -> Msg {
    let (tx, mut rx) = mpsc::unbounded_channel();
    fx.run(cmd, tx);
    timeout(WAIT, rx.recv()).await.unwrap().unwrap()
}

async fn requests(s: &SimServer) -> Vec<RequestRecord> {
    reqwest::get(format!("{}/_sim/requests", s.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set_faults(s: &SimServer, body: Value) {
    kickdesk::kickserv::tls::install();
    reqwest::Client::new()
        .post(format!("{}/_sim/faults", s.base_url))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

fn writes(reqs: &[RequestRecord]) -> Vec<&RequestRecord> {
    reqs.iter().filter(|r| r.method != "GET").collect()
}

fn saved(msg: Msg) -> Result<Task, ApiFault> {
    match msg {
        Msg::Saved { result, .. } => result,
        other => panic!("unexpected {other:?}"),
    }
}

fn created(msg: Msg) -> Result<Task, ApiFault> {
    match msg {
        Msg::Created { result, .. } => result,
        other => panic!("unexpected {other:?}"),
    }
}

/// An open job of the simulator: (job number, global id).
fn open_job(s: &SimServer) -> (i64, i64) {
    s.state().with_data(|d| {
        d.jobs
            .values()
            .filter(|j| !j.status.is_closed())
            .map(|j| (j.job_number, j.id))
            .min()
            .unwrap()
    })
}

#[tokio::test]
async fn a_save_puts_the_patch_once_and_answers_with_the_merged_task() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, WAIT));
    let id = s.state().specials().multi_employee;
    let c = client(&s.base_url, false, WAIT);
    let base = c.get_task(id).await.unwrap();
    assert_eq!(base.employees.len(), 3);
    let patch = TaskPatch {
        description: Some(Some("Bring the ladder".into())),
        ends_at: base.ends_at.map(|e| e + chrono::Duration::minutes(30)),
        ..TaskPatch::default()
    };
    let before = requests(&s).await.len();
    let task = saved(
        run(
            &fx,
            ApiCmd::Save {
                task_id: id,
                patch: patch.clone(),
                base: Box::new(base.clone()),
            },
        )
        .await,
    )
    .unwrap();
    assert_eq!(task.description.as_deref(), Some("Bring the ladder"));
    assert_eq!(task.ends_at, patch.ends_at);
    // The PUT answer has no employees; the merge keeps the known ones.
    assert_eq!(task.employees.len(), 3);
    let reqs = requests(&s).await;
    let sent = writes(&reqs[before..]);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "PUT");
    let body: Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    let keys: Vec<&String> = body["task"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        vec!["description", "ends_at"],
        "only the changed fields"
    );
    let back = c.get_task(id).await.unwrap();
    assert_eq!(back.description.as_deref(), Some("Bring the ladder"));
    assert_eq!(back.ends_at, patch.ends_at);
}

#[tokio::test]
async fn a_refused_save_brings_every_field_message_back() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, WAIT));
    let id = s.state().specials().multi_employee;
    let base = client(&s.base_url, false, WAIT).get_task(id).await.unwrap();
    let patch = TaskPatch {
        ends_at: base.starts_at.map(|t| t - chrono::Duration::hours(1)),
        employee_ids: Some(vec![1]),
        ..TaskPatch::default()
    };
    let f = saved(
        run(
            &fx,
            ApiCmd::Save {
                task_id: id,
                patch,
                base: Box::new(base),
            },
        )
        .await,
    )
    .unwrap_err();
    assert_eq!(f.kind, FaultKind::Rejected);
    assert_eq!(f.fields["ends_at"], vec!["must be after starts_at"]);
    assert!(f.fields["employee_ids"][0].contains("unknown employees"));

    // An injected 422 names the field that was sent; a 500 is no field's.
    set_faults(&s, json!({"fail_next_put": "422"})).await;
    let patch = TaskPatch {
        description: Some(Some("x".into())),
        ..TaskPatch::default()
    };
    let cmd = ApiCmd::Save {
        task_id: id,
        patch,
        base: Box::new(Task {
            id,
            ..Task::default()
        }),
    };
    let f = saved(run(&fx, cmd.clone()).await).unwrap_err();
    assert_eq!(
        f.fields["description"],
        vec!["was refused (injected fault)"]
    );
    set_faults(&s, json!({"fail_next_put": "500"})).await;
    let f = saved(run(&fx, cmd).await).unwrap_err();
    assert_eq!(f.kind, FaultKind::Other);
    assert!(f.fields.is_empty());
}

#[tokio::test]
async fn create_on_a_job_answers_with_the_new_task_and_its_employees() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, WAIT));
    let (job_number, job_id) = open_job(&s);
    let emp = s
        .state()
        .with_data(|d| d.employees.values().find(|e| e.active).map(|e| e.id))
        .unwrap();
    let start = common::at(common::today(), 14, 0);
    let patch = TaskPatch {
        description: Some(Some("Fit the new valve".into())),
        starts_at: Some(start),
        ends_at: Some(start + chrono::Duration::minutes(90)),
        employee_ids: Some(vec![emp]),
        ..TaskPatch::default()
    };
    let t = created(
        run(
            &fx,
            ApiCmd::Create {
                local_id: -1,
                job_number,
                task: patch,
            },
        )
        .await,
    )
    .unwrap();
    assert!(t.id > 0);
    assert_eq!(t.job_id, Some(job_id));
    assert_eq!(t.employees.iter().map(|e| e.id).collect::<Vec<_>>(), [emp]);
    let made = s.state().task(t.id).unwrap();
    assert_eq!(made.description.as_deref(), Some("Fit the new valve"));
    let reqs = requests(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, format!("/demo/jobs/{job_number}/tasks.json"));
}

#[tokio::test]
async fn a_create_that_times_out_is_posted_once_and_says_to_look_first() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, Duration::from_secs(2)));
    let (job_number, _) = open_job(&s);
    set_faults(
        &s,
        json!({"fail_next_post": "timeout", "stall_ms": 600_000}),
    )
    .await;
    let before = s.state().task_ids().len();
    let start = common::at(common::today(), 15, 0);
    let f = created(
        run(
            &fx,
            ApiCmd::Create {
                local_id: -1,
                job_number,
                task: TaskPatch {
                    starts_at: Some(start),
                    ..TaskPatch::default()
                },
            },
        )
        .await,
    )
    .unwrap_err();
    assert_eq!(f.kind, FaultKind::NoAnswer);
    assert!(f.text.contains("may have been created"), "{}", f.text);
    assert!(f.text.contains("look"), "{}", f.text);
    // The server made it; the client did not send it again.
    assert_eq!(s.state().task_ids().len(), before + 1);
    let posts: Vec<_> = requests(&s)
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
}

#[tokio::test]
async fn read_only_sends_no_put_post_or_delete_from_the_executor() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, true, WAIT));
    let id = s.state().specials().multi_employee;
    let (job_number, _) = open_job(&s);
    let patch = TaskPatch {
        description: Some(Some("no".into())),
        ..TaskPatch::default()
    };
    let cmds = [
        ApiCmd::Save {
            task_id: id,
            patch: patch.clone(),
            base: Box::new(Task {
                id,
                ..Task::default()
            }),
        },
        ApiCmd::Create {
            local_id: -1,
            job_number,
            task: patch,
        },
        ApiCmd::Delete { task_id: id },
        ApiCmd::Notify {
            task_id: id,
            kind: NotifyKind::Employee,
        },
    ];
    for cmd in cmds {
        let fault = match run(&fx, cmd.clone()).await {
            Msg::Saved { result, .. } | Msg::Created { result, .. } => result.map(|_| ()),
            Msg::Deleted { result, .. } => result.map(|_| ()),
            Msg::Notified { result, .. } => result,
            other => panic!("unexpected {other:?}"),
        }
        .unwrap_err();
        assert_eq!(fault.kind, FaultKind::Rejected, "{cmd:?}");
        assert!(fault.text.contains("read-only"), "{}", fault.text);
    }
    // Reads still work.
    match run(&fx, ApiCmd::JobList { customer_id: 1 }).await {
        Msg::JobsListed { result, .. } => assert!(result.is_ok()),
        other => panic!("unexpected {other:?}"),
    }
    let reqs = requests(&s).await;
    assert!(writes(&reqs).is_empty(), "{reqs:?}");
}

#[tokio::test]
async fn customers_are_searched_and_their_active_jobs_listed() {
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, WAIT));
    let (customer_id, name) = s.state().with_data(|d| {
        let j = d.jobs.values().find(|j| !j.status.is_closed()).unwrap();
        let c = &d.customers[&j.customer_id];
        (c.id, c.name.clone())
    });
    let needle: String = name.chars().take(5).collect();
    let found = match run(
        &fx,
        ApiCmd::SearchCustomers {
            seq: 4,
            text: needle.clone(),
        },
    )
    .await
    {
        Msg::CustomersFound { seq, text, result } => {
            assert_eq!((seq, text.as_str()), (4, needle.as_str()));
            result.unwrap()
        }
        other => panic!("unexpected {other:?}"),
    };
    assert!(found.iter().any(|c| c.id == customer_id), "{found:?}");
    let jobs = match run(&fx, ApiCmd::JobList { customer_id }).await {
        Msg::JobsListed {
            customer_id: c,
            result,
        } => {
            assert_eq!(c, customer_id);
            result.unwrap()
        }
        other => panic!("unexpected {other:?}"),
    };
    let expected: Vec<i64> = s.state().with_data(|d| {
        let mut v: Vec<i64> = d
            .jobs
            .values()
            .filter(|j| j.customer_id == customer_id && !j.status.is_closed())
            .map(|j| j.id)
            .collect();
        v.sort_unstable();
        v
    });
    let mut got: Vec<i64> = jobs.iter().map(|j| j.id).collect();
    got.sort_unstable();
    assert_eq!(got, expected);
    let reqs = requests(&s).await;
    assert_eq!(reqs[0].path, "/demo/customers.json");
    assert!(reqs[0].query.as_deref().unwrap().contains("q="));
    assert_eq!(
        reqs[1].query.as_deref(),
        Some(format!("customer_id={customer_id}").as_str())
    );
}

// ---- a scripted server for the answers the simulator does not give ----------

/// Answers every PUT with the next scripted 422 body; holds every POST
/// without answering; counts both.
struct Script {
    bodies: Vec<&'static str>,
    puts: AtomicUsize,
    posts: AtomicUsize,
}

async fn scripted(State(s): State<Arc<Script>>, method: Method) -> axum::response::Response {
    if method == Method::POST {
        s.posts.fetch_add(1, Ordering::SeqCst);
        std::future::pending::<()>().await;
    }
    let n = s.puts.fetch_add(1, Ordering::SeqCst);
    let body = s.bodies.get(n).copied().unwrap_or("{}");
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [("content-type", "application/json")],
        body,
    )
        .into_response()
}

async fn serve(script: Arc<Script>) -> String {
    let router = Router::new().fallback(scripted).with_state(script);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn every_422_shape_reaches_the_form_by_field() {
    let script = Arc::new(Script {
        bodies: vec![
            r#"{"errors":{"ends_at":["must be after starts_at"],"employee_ids":"contains unknown employees: 1"}}"#,
            r#"{"errors":["Job must exist"]}"#,
            r#"{"error":"Starts at is not a valid date"}"#,
            r#"{"errors":{"task":{"description":["is too long"]}}}"#,
        ],
        puts: AtomicUsize::new(0),
        posts: AtomicUsize::new(0),
    });
    let base = serve(script.clone()).await;
    let c = client(&base, false, WAIT);
    let patch = TaskPatch {
        description: Some(Some("x".into())),
        ..TaskPatch::default()
    };
    let fields = |e: Error| match e {
        Error::Validation { fields, .. } => fields,
        other => panic!("unexpected {other:?}"),
    };
    let f = fields(c.update_task(1, &patch).await.unwrap_err());
    assert_eq!(f["ends_at"], vec!["must be after starts_at"]);
    assert_eq!(f["employee_ids"], vec!["contains unknown employees: 1"]);
    let f = fields(c.update_task(1, &patch).await.unwrap_err());
    assert_eq!(f["base"], vec!["Job must exist"]);
    let f = fields(c.update_task(1, &patch).await.unwrap_err());
    assert_eq!(f["base"], vec!["Starts at is not a valid date"]);
    let f = fields(c.update_task(1, &patch).await.unwrap_err());
    assert_eq!(f["description"], vec!["is too long"]);
    assert_eq!(script.puts.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_post_with_no_answer_is_never_sent_twice() {
    let script = Arc::new(Script {
        bodies: Vec::new(),
        puts: AtomicUsize::new(0),
        posts: AtomicUsize::new(0),
    });
    let base = serve(script.clone()).await;
    let fx = effects(client(&base, false, Duration::from_secs(1)));
    let f = created(
        run(
            &fx,
            ApiCmd::Create {
                local_id: -3,
                job_number: 12,
                task: TaskPatch {
                    description: Some(Some("once".into())),
                    ..TaskPatch::default()
                },
            },
        )
        .await,
    )
    .unwrap_err();
    assert_eq!(f.kind, FaultKind::NoAnswer);
    assert!(f.text.contains("before creating it again"), "{}", f.text);
    assert_eq!(script.posts.load(Ordering::SeqCst), 1);
}

// ---- the board, the executor and the simulator together ---------------------

/// Runs the board's API commands through the executor, feeding each answer
/// back into `update`, until none are left.
async fn drive(
    fx: &ApiEffects,
    m: &mut kickdesk::app::model::Model,
    cmds: Vec<kickdesk::app::msg::Cmd>,
) {
    use kickdesk::app::msg::Cmd;
    let mut queue: std::collections::VecDeque<Cmd> = cmds.into();
    let mut steps = 0;
    while let Some(cmd) = queue.pop_front() {
        steps += 1;
        assert!(steps < 100, "the board keeps asking");
        let Cmd::Api(c) = cmd else { continue };
        if matches!(c, ApiCmd::CancelFetch { .. }) {
            continue;
        }
        let msg = run(fx, c).await;
        queue.extend(kickdesk::app::update::update(m, msg));
    }
}

#[tokio::test]
async fn undo_of_a_delete_through_the_simulator_makes_the_same_task_again() {
    use kickdesk::app::model::Model;
    use kickdesk::app::update::{init, update};
    let s = sim().await;
    let fx = effects(client(&s.base_url, false, WAIT));
    let mut m = Model::new(common::opts(), common::now(), (120, 40));
    let cmds = init(&mut m);
    drive(&fx, &mut m, cmds).await;
    let id = s.state().specials().multi_employee;
    let old = s.state().task(id).unwrap();
    assert!(m.focus_task(id), "the task is on the board");

    let cmds = kickdesk::app::update::update(&mut m, common::key('D'));
    assert!(cmds.is_empty());
    let cmds = update(&mut m, common::key('y'));
    drive(&fx, &mut m, cmds).await;
    assert!(s.state().task(id).is_none(), "deleted in Kickserv");
    assert!(m.tasks().iter().all(|t| t.id != id), "and on the board");

    let cmds = update(&mut m, common::key('u'));
    drive(&fx, &mut m, cmds).await;
    let made: Vec<_> = s
        .state()
        .tasks()
        .into_iter()
        .filter(|t| t.id != id && t.starts_at == old.starts_at && t.job_id == old.job_id)
        .filter(|t| t.description == old.description)
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let new = &made[0];
    assert_eq!(new.ends_at, old.ends_at);
    assert_eq!(new.employee_ids, old.employee_ids);
    assert_eq!(new.name, old.name);
    assert_eq!(new.task_type_id, old.task_type_id);
    assert_eq!(m.cursor().task, Some(new.id), "selected on the board");
    let posts: Vec<_> = requests(&s)
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
}
