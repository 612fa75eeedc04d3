//! The simulator over real loopback HTTP.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Duration as Span, NaiveDate, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;

/// Friday 27 November 2026, 10:45 in New York.
fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 45, 0)
        .single()
        .unwrap_or_default()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

fn cfg() -> SimConfig {
    SimConfig {
        now: Some(fixed_now()),
        ..SimConfig::default()
    }
}

async fn sim() -> SimServer {
    sim_with(cfg()).await
}

async fn sim_with(cfg: SimConfig) -> SimServer {
    match start(cfg, SocketAddr::from(([127, 0, 0, 1], 0))).await {
        Ok(s) => s,
        Err(e) => panic!("simulator did not start: {e}"),
    }
}

fn client() -> reqwest::Client {
    crate::kickserv::tls::install();
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default()
}

struct Api {
    base: String,
    http: reqwest::Client,
}

impl Api {
    fn new(s: &SimServer) -> Self {
        Api {
            base: s.base_url.clone(),
            http: client(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/demo{path}", self.base)
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let resp = match rb.basic_auth("demo-token", Some("demo-token")).send().await {
            Ok(r) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, v)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.get(self.url(path))).await
    }

    async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(self.http.put(self.url(path)).json(&body)).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(self.http.post(self.url(path)).json(&body)).await
    }

    async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.delete(self.url(path))).await
    }

    async fn raw(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.http
            .get(self.url(path))
            .basic_auth("demo-token", Some("demo-token"))
            .send()
            .await
    }

    async fn sim_get(&self, path: &str) -> Value {
        match self.http.get(format!("{}{path}", self.base)).send().await {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(e) => panic!("inspection failed: {e}"),
        }
    }

    async fn sim_post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        match self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
        {
            Ok(r) => (r.status(), r.json().await.unwrap_or(Value::Null)),
            Err(e) => panic!("inspection failed: {e}"),
        }
    }

    /// Every task of a window, through all pages.
    async fn all_tasks(&self, query: &str) -> Vec<Value> {
        let mut out = Vec::new();
        for page in 1..200 {
            let (status, v) = self
                .get(&format!("/tasks.json?{query}&per_page=100&page={page}"))
                .await;
            assert_eq!(status, StatusCode::OK);
            let items = v.as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                break;
            }
            out.extend(items);
        }
        out
    }
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().filter_map(|t| t["id"].as_i64()).collect()
}

fn local_day(v: &Value) -> String {
    v["starts_at"].as_str().unwrap_or_default()[..10].to_string()
}

#[tokio::test]
async fn credentials_are_the_token_twice() {
    let s = sim().await;
    let api = Api::new(&s);
    let url = api.url("/tasks.json");

    let none = api.http.get(&url).send().await.ok();
    let none = none.as_ref();
    assert_eq!(none.map(|r| r.status()), Some(StatusCode::UNAUTHORIZED));
    let realm = none
        .and_then(|r| r.headers().get("www-authenticate"))
        .and_then(|v| v.to_str().ok());
    assert_eq!(realm, Some("Basic realm=\"Application\""));

    let wrong = api
        .http
        .get(&url)
        .basic_auth("demo-token", Some("nope"))
        .send()
        .await
        .ok();
    assert_eq!(
        wrong.as_ref().map(|r| r.status()),
        Some(StatusCode::UNAUTHORIZED)
    );
    let body = match wrong {
        Some(r) => r.text().await.unwrap_or_default(),
        None => String::new(),
    };
    assert_eq!(body.trim_end(), "HTTP Basic: Access denied.");

    let (status, v) = api.get("/tasks.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v.as_array().map(Vec::len), Some(25));

    let other = api
        .http
        .get(format!("{}/someone-else/tasks.json", s.base_url))
        .basic_auth("demo-token", Some("demo-token"))
        .send()
        .await
        .ok();
    assert_eq!(other.map(|r| r.status()), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn pages_are_stable_clamped_and_end_empty() {
    let s = sim().await;
    let api = Api::new(&s);
    let (_, big) = api.get("/tasks.json?per_page=1000").await;
    assert_eq!(big.as_array().map(Vec::len), Some(100));

    let all = api.all_tasks("").await;
    assert_eq!(all.len(), s.state().task_ids().len());
    let keys: Vec<(DateTime<Utc>, i64)> = all
        .iter()
        .map(|t| {
            let at = t["starts_at"]
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
            (
                at.map(|a| a.with_timezone(&Utc)).unwrap_or_default(),
                t["id"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "ordered by starts_at, then id");
    assert_eq!(
        ids(&all).into_iter().collect::<BTreeSet<_>>().len(),
        all.len(),
        "no repeats across pages"
    );

    let last_page = all.len().div_ceil(10) + 1;
    let (status, past_end) = api
        .get(&format!("/tasks.json?per_page=10&page={last_page}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(past_end, json!([]));

    let (_, p2) = api.get("/tasks.json?per_page=7&page=2").await;
    assert_eq!(
        ids(p2.as_array().map(Vec::as_slice).unwrap_or_default()),
        ids(&all[7..14])
    );
}

#[tokio::test]
async fn window_is_local_start_date_from_inclusive_to_exclusive() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let tz = h.tz();
    let tomorrow = today() + Span::days(1);
    // One task at local midnight tomorrow, one at 23:30 tonight (already tomorrow in UTC).
    let ids_now = h.task_ids();
    let (a, b) = (ids_now[10], ids_now[11]);
    h.update_task(a, |t| {
        t.starts_at = time::start_of_day(tz, tomorrow);
        t.ends_at = t.starts_at + Span::hours(1);
    });
    h.update_task(b, |t| {
        t.starts_at = time::at(tz, today(), 23, 30);
        t.ends_at = t.starts_at + Span::minutes(20);
    });

    let day = api
        .all_tasks(&format!("from={}&to={}", today(), tomorrow))
        .await;
    let got: BTreeSet<i64> = ids(&day).into_iter().collect();
    let expected: BTreeSet<i64> = h
        .tasks()
        .into_iter()
        .filter(|t| time::local_date(tz, t.starts_at) == today())
        .map(|t| t.id)
        .collect();
    assert_eq!(got, expected);
    assert!(got.contains(&b), "23:30 local belongs to today");
    assert!(!got.contains(&a), "tomorrow's midnight is excluded by `to`");
    assert!(got.contains(&h.specials().midnight_start));
    assert!(day.iter().all(|t| local_day(t) == today().to_string()));

    let next = api
        .all_tasks(&format!("from={tomorrow}&to={}", tomorrow + Span::days(1)))
        .await;
    assert!(ids(&next).contains(&a));
    let same_day = api
        .all_tasks(&format!("from={tomorrow}&to={tomorrow}"))
        .await;
    assert!(same_day.is_empty(), "from == to is an empty window");

    let (status, v) = api.get("/tasks.json?from=27/11/2026").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"]["from"].is_array());
}

#[tokio::test]
async fn filters_combine() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let tz = h.tz();
    let who = h.with_data(|d| d.employees.values().find(|e| e.active).cloned());
    let Some(who) = who else {
        panic!("no employees")
    };
    let (from, to) = (today() - Span::days(7), today() + Span::days(7));
    let mine = api
        .all_tasks(&format!(
            "from={from}&to={to}&employee_number={}",
            who.employee_number
        ))
        .await;
    let expected: BTreeSet<i64> = h
        .tasks()
        .into_iter()
        .filter(|t| t.employee_ids.contains(&who.id))
        .filter(|t| (from..to).contains(&time::local_date(tz, t.starts_at)))
        .map(|t| t.id)
        .collect();
    assert!(expected.len() > 3);
    assert_eq!(ids(&mine).into_iter().collect::<BTreeSet<_>>(), expected);

    let job = mine[0]["job_id"].as_i64().unwrap_or_default();
    let narrowed = api
        .all_tasks(&format!(
            "from={from}&to={to}&employee_number={}&job_id={job}",
            who.employee_number
        ))
        .await;
    assert!(!narrowed.is_empty());
    assert!(narrowed.iter().all(|t| {
        t["job_id"] == json!(job)
            && t["employees"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["id"] == json!(who.id)))
    }));
    let whole_job = api.all_tasks(&format!("job_id={job}")).await;
    assert!(whole_job.len() >= narrowed.len());

    let nobody = api.all_tasks("employee_number=9999").await;
    assert!(nobody.is_empty());
}

#[tokio::test]
async fn task_shape_and_zone() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let sp = h.specials();
    let (status, t) = api.get(&format!("/tasks/{}.json", sp.overlap[0])).await;
    assert_eq!(status, StatusCode::OK);
    for key in [
        "id",
        "account_id",
        "job_id",
        "task_type_id",
        "description",
        "starts_at",
        "ends_at",
        "duration",
        "all_day",
        "created_at",
        "updated_at",
        "job",
        "customer",
        "primary_contact",
        "employees",
    ] {
        assert!(t.get(key).is_some(), "missing {key}");
    }
    assert_eq!(t["starts_at"], json!("2026-11-27T09:00:00-05:00"));
    assert_eq!(t["ends_at"], json!("2026-11-27T11:00:00-05:00"));
    assert_eq!(t["duration"], json!("2.0"));
    assert_eq!(t["job"]["id"], t["job_id"]);
    assert!(t["job"]["job_number"].as_i64().is_some_and(|n| n < 100_000));
    assert!(
        t["job_id"]
            .as_i64()
            .is_some_and(|n| (10_000_000..100_000_000).contains(&n))
    );
    assert!(
        t["id"]
            .as_i64()
            .is_some_and(|n| (1_000_000..10_000_000).contains(&n))
    );

    let (_, none) = api.get(&format!("/tasks/{}.json", sp.no_contact)).await;
    assert_eq!(none["primary_contact"], Value::Null);

    // The model parses what the server sends.
    let parsed: Result<crate::kickserv::model::Task, _> = serde_json::from_value(t);
    assert!(parsed.is_ok_and(|p| p.employees.len() == 1 && p.job.is_some()));
}

#[tokio::test]
async fn bad_paths_are_not_found() {
    let s = sim().await;
    let api = Api::new(&s);
    let id = s.state().task_ids()[0];
    for path in [
        format!("/tasks/{id}"),
        "/tasks/abc.json".to_string(),
        "/tasks/-5.json".to_string(),
        "/tasks/999.json".to_string(),
        "/customers/x.json".to_string(),
        "/jobs/1.json".to_string(),
        "/widgets.json".to_string(),
    ] {
        let (status, v) = api.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        if path.ends_with(".json") && !path.contains("widgets") {
            assert_eq!(v, json!({"error": "Not found"}), "{path}");
        }
    }
    let (status, _) = api
        .put("/tasks/999.json", json!({"task": {"description": "x"}}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn updates_change_only_what_is_sent_and_validate() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let id = h.specials().multi_employee;
    let before = h.task(id);
    let Some(before) = before else {
        panic!("no task")
    };

    let (status, v) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"task": {"description": "Bring the crane"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["description"], json!("Bring the crane"));
    assert!(v["job"].is_object() && v["customer"].is_object());
    assert!(
        v.get("employees").is_none(),
        "PUT answers with job and customer glue only"
    );
    assert_eq!(v["updated_at"], json!("2026-11-27T10:45:00-05:00"));
    let after = h.task(id);
    assert_eq!(after.as_ref().map(|t| t.starts_at), Some(before.starts_at));
    assert_eq!(after.as_ref().map(|t| t.employee_ids.len()), Some(3));

    let (status, v) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"task": {"starts_at": "2026-11-27T12:00:00-05:00", "ends_at": "2026-11-27T11:00:00-05:00"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"]["ends_at"], json!(["must be after starts_at"]));

    let (status, v) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"task": {"employee_ids": [1, 2]}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"]["employee_ids"].is_array());
    assert_eq!(
        h.task(id).map(|t| t.employee_ids.len()),
        Some(3),
        "a rejected write changes nothing"
    );

    let (status, v) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"task": {"starts_at": "soon"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"]["starts_at"].is_array());

    let bad = api
        .http
        .put(api.url(&format!("/tasks/{id}.json")))
        .header("content-type", "application/json")
        .body("{\"task\": {")
        .basic_auth("demo-token", Some("demo-token"))
        .send()
        .await
        .ok();
    assert_eq!(
        bad.as_ref().map(|r| r.status()),
        Some(StatusCode::BAD_REQUEST)
    );
    let body: Value = match bad {
        Some(r) => r.json().await.unwrap_or(Value::Null),
        None => Value::Null,
    };
    assert!(body["errors"].is_object());

    let (status, _) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"description": "unwrapped"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Reassign, with an offset other than the account's: stored as the same instant.
    let emp = h
        .with_data(|d| d.employees.values().find(|e| e.active).map(|e| e.id))
        .unwrap_or(0);
    let (status, v) = api
        .put(
            &format!("/tasks/{id}.json"),
            json!({"task": {"employee_ids": [emp], "starts_at": "2026-11-27T17:00:00Z", "ends_at": "2026-11-27T18:30:00Z"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["starts_at"], json!("2026-11-27T12:00:00-05:00"));
    assert_eq!(v["duration"], json!("1.5"));
    assert_eq!(h.task(id).map(|t| t.employee_ids), Some(vec![emp]));
}

#[tokio::test]
async fn create_and_delete() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let (job_id, job_number) = h
        .with_data(|d| d.jobs.values().next().map(|j| (j.id, j.job_number)))
        .unwrap_or_default();
    let emp = h
        .with_data(|d| d.employees.values().find(|e| e.active).map(|e| e.id))
        .unwrap_or(0);

    let (status, v) = api
        .post("/tasks.json", json!({"task": {"job_id": job_id}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["errors"]["starts_at"], json!(["can't be blank"]));

    let (status, v) = api
        .post(
            "/tasks.json",
            json!({"task": {"job_id": 1, "starts_at": "2026-11-30T09:00:00-05:00"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"]["job"].is_array());

    let (status, created) = api
        .post(
            "/tasks.json",
            json!({"task": {"job_id": job_id, "description": "New", "starts_at": "2026-11-30T09:00:00-05:00",
                             "ends_at": "2026-11-30T10:30:00-05:00", "employee_ids": [emp]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "creates answer 200");
    assert_eq!(created["job_id"], json!(job_id));
    assert_eq!(created["employees"][0]["id"], json!(emp));
    let id = created["id"].as_i64().unwrap_or_default();
    let (status, fetched) = api.get(&format!("/tasks/{id}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["description"], json!("New"));

    let (status, nested) = api
        .post(
            &format!("/jobs/{job_number}/tasks.json"),
            json!({"task": {"starts_at": "2026-12-01T08:00:00-05:00"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(nested["job_id"], json!(job_id));
    assert_eq!(nested["ends_at"], json!("2026-12-01T09:00:00-05:00"));
    let (_, of_job) = api
        .get(&format!("/jobs/{job_number}/tasks.json?per_page=100"))
        .await;
    let of_job = of_job.as_array().cloned().unwrap_or_default();
    assert!(ids(&of_job).contains(&id) && of_job.iter().all(|t| t["job_id"] == json!(job_id)));

    let (_, held) = api.get(&format!("/tasks/{id}.json")).await;
    let (status, gone) = api.delete(&format!("/tasks/{id}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(gone["id"], json!(id));
    assert!(gone["job"].is_object() && gone["customer"].is_object());
    // The task as it was held when deleted (what an undo remakes).
    for key in [
        "description",
        "starts_at",
        "ends_at",
        "job_id",
        "updated_at",
    ] {
        assert_eq!(gone[key], held[key], "{key}");
    }
    let (status, _) = api.get(&format!("/tasks/{id}.json")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.delete(&format!("/tasks/{id}.json")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn notify_validates_and_is_logged() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let sp = h.specials();

    let (status, v) = api
        .post(&format!("/tasks/{}/notify.json", sp.unassigned), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"].is_object());
    let (status, _) = api
        .post(
            &format!("/tasks/{}/notify.json", sp.unreachable),
            json!({"notification_type": "details"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api
        .post(
            &format!("/tasks/{}/notify.json", sp.unreachable),
            json!({"notification_type": "on_the_way"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api
        .post(
            &format!("/tasks/{}/notify.json", sp.emoji),
            json!({"notification_type": "smoke_signal"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        h.notifications().is_empty(),
        "refused notifications are not recorded"
    );

    // The unreachable customer's technician can still be told.
    let (status, v) = api
        .post(&format!("/tasks/{}/notify.json", sp.unreachable), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["message"].is_string());
    let (status, _) = api
        .post(
            &format!("/tasks/{}/notify.json", sp.emoji),
            json!({"notification_type": "details"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .post(
            &format!(
                "/tasks/{}/notify.json?notification_type=on_the_way",
                sp.emoji
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api.post("/tasks/999/notify.json", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let log = api.sim_get("/_sim/notifications").await;
    let log = log.as_array().cloned().unwrap_or_default();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["task_id"], json!(sp.unreachable));
    assert_eq!(log[0]["notification_type"], Value::Null);
    let tech = h.with_data(|d| {
        d.tasks
            .get(&sp.unreachable)
            .and_then(|t| d.employees.get(&t.employee_ids[0]))
            .map(|e| e.name.clone())
    });
    assert_eq!(log[0]["recipients"], json!([tech]));
    assert_eq!(log[1]["notification_type"], json!("details"));
    assert_eq!(log[1]["recipients"][0], json!("hello@sunnyside.example"));
    assert_eq!(log[2]["notification_type"], json!("on_the_way"));
    assert_eq!(log[2]["at"], json!("2026-11-27T10:45:00-05:00"));
    assert_eq!(h.notifications().len(), 3);
}

#[tokio::test]
async fn request_log_and_reset() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let id = h.specials().escape;
    api.get("/tasks.json?from=2026-11-27&to=2026-11-28").await;
    api.get("/nowhere.json").await;
    api.put(
        &format!("/tasks/{id}.json"),
        json!({"task": {"description": "changed"}}),
    )
    .await;
    let _ = api.http.get(api.url("/employees.json")).send().await;
    api.sim_get("/_sim/faults").await;

    let log = api.sim_get("/_sim/requests").await;
    assert_eq!(
        log,
        json!([
            {"method": "GET", "path": "/demo/tasks.json", "query": "from=2026-11-27&to=2026-11-28", "status": 200, "body": null},
            {"method": "GET", "path": "/demo/nowhere.json", "query": null, "status": 404, "body": null},
            {"method": "PUT", "path": format!("/demo/tasks/{id}.json"), "query": null, "status": 200,
             "body": "{\"task\":{\"description\":\"changed\"}}"},
            {"method": "GET", "path": "/demo/employees.json", "query": null, "status": 401, "body": null},
        ])
    );
    assert_eq!(h.requests().len(), 4);

    h.remove_task(h.specials().cjk);
    let (status, _) = api.sim_post("/_sim/faults", json!({"latency_ms": 5})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api.sim_post("/_sim/reset", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.sim_get("/_sim/requests").await, json!([]));
    assert_eq!(
        h.task(id)
            .and_then(|t| t.description)
            .as_deref()
            .map(|d| d.contains("\u{1b}[31m")),
        Some(true)
    );
    assert!(h.task(h.specials().cjk).is_some());
    assert_eq!(h.faults(), Faults::default());
}

#[tokio::test]
async fn faults_in_order() {
    let s = sim().await;
    let api = Api::new(&s);
    let (status, f) = api
        .sim_post(
            "/_sim/faults",
            json!({"fail_next": 6, "kinds": ["500", "503", "429", "malformed", "truncated", "reset"], "retry_after_secs": 7}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(f["fail_next"], json!(6));
    // Inspection is never faulted.
    assert_eq!(api.sim_get("/_sim/faults").await["fail_next"], json!(6));

    let r = api.raw("/employees.json").await.ok();
    assert_eq!(
        r.as_ref().map(|r| r.status()),
        Some(StatusCode::INTERNAL_SERVER_ERROR)
    );

    let r = api.raw("/employees.json").await.ok();
    assert_eq!(
        r.as_ref().map(|r| r.status()),
        Some(StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(
        r.as_ref()
            .is_some_and(|r| r.headers().contains_key("retry-after"))
    );

    let r = api.raw("/employees.json").await.ok();
    assert_eq!(
        r.as_ref().map(|r| r.status()),
        Some(StatusCode::TOO_MANY_REQUESTS)
    );
    let retry = r
        .as_ref()
        .and_then(|r| r.headers().get("retry-after"))
        .and_then(|v| v.to_str().ok());
    assert_eq!(retry, Some("7"));

    let r = api.raw("/employees.json").await.ok();
    assert_eq!(r.as_ref().map(|r| r.status()), Some(StatusCode::OK));
    let text = match r {
        Some(r) => r.text().await.unwrap_or_default(),
        None => String::new(),
    };
    assert!(text.starts_with('['), "the start of the real body");
    assert!(serde_json::from_str::<Value>(&text).is_err());

    let r = api.raw("/employees.json").await;
    let r = match r {
        Ok(r) => r,
        Err(e) => panic!("truncation must come after the head: {e}"),
    };
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.is_err(), "the body breaks off");

    let r = api.raw("/employees.json").await;
    assert!(
        r.as_ref().is_err_and(|e| !e.is_timeout()),
        "reset: no response at all"
    );

    let (status, v) = api.get("/employees.json").await;
    assert_eq!(status, StatusCode::OK, "faults are used up");
    assert!(v.as_array().is_some_and(|a| !a.is_empty()));

    let statuses: Vec<u16> = s.state().requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![500, 503, 429, 200, 200, 0, 200]);
}

#[tokio::test]
async fn stall_outlasts_the_client() {
    let s = sim().await;
    let api = Api::new(&s);
    api.sim_post(
        "/_sim/faults",
        json!({"fail_next": 1, "kinds": ["stall"], "stall_ms": 5000}),
    )
    .await;
    crate::kickserv::tls::install();
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap_or_default();
    let r = impatient
        .get(api.url("/employees.json"))
        .basic_auth("demo-token", Some("demo-token"))
        .send()
        .await;
    assert!(r.is_err_and(|e| e.is_timeout()));
    s.shutdown().await;
}

#[tokio::test]
async fn fail_rate_one_fails_everything_but_inspection() {
    let s = sim_with(SimConfig {
        fail_rate: 1.0,
        ..cfg()
    })
    .await;
    let api = Api::new(&s);
    api.sim_post("/_sim/faults", json!({"kinds": ["429"]}))
        .await;
    for _ in 0..3 {
        let (status, _) = api.get("/tasks.json").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(api.sim_get("/_sim/faults").await["fail_rate"], json!(1.0));
    let (status, v) = api
        .sim_post("/_sim/faults", json!({"fail_rate": 2.0}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"].is_object());
    let (status, _) = api
        .sim_post("/_sim/faults", json!({"kinds": ["teapot"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    api.sim_post("/_sim/faults", json!({"fail_rate": 0.0}))
        .await;
    let (status, _) = api.get("/tasks.json").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn employees_customers_jobs() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);

    let (_, staff) = api.get("/employees.json?per_page=100").await;
    let staff = staff.as_array().cloned().unwrap_or_default();
    assert_eq!(staff.len(), 12);
    assert!(staff.iter().all(|e| e["active"] == json!(true)));
    assert!(
        staff
            .iter()
            .all(|e| e.get("encrypted_password").is_some() && e.get("remember_token").is_some())
    );
    let inactive = h.with_data(|d| d.employees.values().find(|e| !e.active).map(|e| e.id));
    assert!(inactive.is_some() && !ids(&staff).contains(&inactive.unwrap_or(0)));
    let (_, t) = api
        .get(&format!("/tasks/{}.json", h.specials().inactive))
        .await;
    assert_eq!(
        t["employees"][0]["id"],
        json!(inactive),
        "inactive staff still appear in task glue"
    );
    let (_, second) = api.get("/employees.json?per_page=10&page=2").await;
    assert_eq!(second.as_array().map(Vec::len), Some(2));

    let (_, found) = api.get("/customers.json?q=SUNNY").await;
    assert_eq!(found[0]["name"], json!("Sunny Side Café ☀️"));
    let number = found[0]["customer_number"].as_i64().unwrap_or_default();
    let (status, one) = api.get(&format!("/customers/{number}.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["id"], found[0]["id"]);
    let (_, by_number) = api
        .get(&format!("/customers.json?customer_number={number}"))
        .await;
    assert_eq!(by_number.as_array().map(Vec::len), Some(1));
    let (_, h_names) = api.get("/customers.json?begins_with=h&per_page=100").await;
    let h_names = h_names.as_array().cloned().unwrap_or_default();
    assert!(!h_names.is_empty());
    assert!(h_names.iter().all(|c| {
        c["name"]
            .as_str()
            .is_some_and(|n| n.starts_with(['h', 'H']))
    }));
    let (_, p2) = api.get("/customers.json?per_page=5&page=2").await;
    let (_, alias) = api.get("/customers.json?per_page=5&customers_page=2").await;
    assert_eq!(p2, alias);
    assert_eq!(p2.as_array().map(Vec::len), Some(5));

    let cust = h.with_data(|d| {
        d.customers
            .get(&d.jobs.values().next().map(|j| j.customer_id).unwrap_or(0))
            .map(|c| c.id)
    });
    let (_, open) = api
        .get(&format!(
            "/tasks/job_list.json?customer_id={}",
            cust.unwrap_or(0)
        ))
        .await;
    let open = open.as_array().cloned().unwrap_or_default();
    assert!(!open.is_empty());
    let (_, all_open) = api.get("/tasks/job_list.json").await;
    let all_open = all_open.as_array().cloned().unwrap_or_default();
    let closed = ["complete", "canceled", "lost"];
    assert!(
        all_open
            .iter()
            .all(|j| !closed.contains(&j["status"].as_str().unwrap_or("complete")))
    );
    assert!(
        all_open
            .iter()
            .all(|j| j.as_object().map(|o| o.len()) == Some(3))
    );
    assert!(
        all_open
            .iter()
            .any(|j| j["name"].as_str().is_some_and(|n| n.starts_with("Job #")))
    );
    let open_count = h.with_data(|d| d.jobs.values().filter(|j| !j.status.is_closed()).count());
    assert_eq!(all_open.len(), open_count);

    let (_, jobs) = api.get("/jobs.json").await;
    let jobs = jobs.as_array().cloned().unwrap_or_default();
    assert_eq!(jobs.len(), 25);
    let numbers: Vec<i64> = jobs
        .iter()
        .filter_map(|j| j["job_number"].as_i64())
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] > w[1]), "newest first");
    let (status, job) = api.get(&format!("/jobs/{}.json", numbers[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(job["job_number"], json!(numbers[0]));
}

#[test]
fn same_seed_same_data() {
    let c = cfg();
    let a = seed::generate(&c, today());
    let b = seed::generate(&c, today());
    assert_eq!(a, b);
    let other = seed::generate(&SimConfig { seed: 2, ..cfg() }, today());
    assert_ne!(a.tasks, other.tasks);
    assert!(
        (500..=700).contains(&a.tasks.len()),
        "{} tasks",
        a.tasks.len()
    );
    assert_eq!(a.customers.len(), 150);
    // 250 regular and special jobs, and the long job made last.
    assert_eq!(a.jobs.len(), 251);
    assert_eq!(a.employees.values().filter(|e| e.active).count(), 12);
    assert_eq!(a.employees.values().filter(|e| !e.active).count(), 1);
}

#[test]
fn large_scale() {
    let d = seed::generate(
        &SimConfig {
            scale: Scale::Large,
            ..cfg()
        },
        today(),
    );
    assert_eq!(d.employees.values().filter(|e| e.active).count(), 50);
    assert!(
        (9_000..=11_000).contains(&d.tasks.len()),
        "{} tasks",
        d.tasks.len()
    );
}

#[test]
fn special_cases_are_on_today() {
    let c = cfg();
    let d = seed::generate(&c, today());
    let tz = c.tz;
    let sp = &d.specials;
    let task = |id: i64| {
        d.tasks
            .get(&id)
            .cloned()
            .unwrap_or_else(|| panic!("special task {id} missing"))
    };
    let day = |t: &SimTask| time::local_date(tz, t.starts_at);
    let local = |t: DateTime<Utc>| time::format(tz, t);

    for (name, id) in sp.all() {
        let t = task(id);
        let spans_today = day(&t) <= today() && time::local_date(tz, t.ends_at) >= today();
        assert!(spans_today, "{name} is not on today");
    }
    let (a, b) = (task(sp.overlap[0]), task(sp.overlap[1]));
    assert_eq!(a.employee_ids, b.employee_ids);
    assert!(a.starts_at < b.ends_at && b.starts_at < a.ends_at);
    assert!(task(sp.unassigned).employee_ids.is_empty());
    assert!(task(sp.multi_employee).employee_ids.len() >= 2);
    let all_day = task(sp.all_day);
    assert!(all_day.all_day);
    assert_eq!(local(all_day.starts_at), "2026-11-27T00:00:00-05:00");
    assert_eq!(local(all_day.ends_at), "2026-11-28T00:00:00-05:00");
    let night = task(sp.cross_midnight);
    assert_eq!(
        (day(&night), time::local_date(tz, night.ends_at)),
        (today(), today() + Span::days(1))
    );
    let long = task(sp.multi_day);
    assert!((long.ends_at - long.starts_at) > Span::days(1));
    assert_eq!(
        local(task(sp.midnight_start).starts_at),
        "2026-11-27T00:00:00-05:00"
    );
    let customer = |id: i64| d.customer_of_job(task(id).job_id).cloned();
    assert!(customer(sp.no_contact).is_some_and(|c| c.primary_contact.is_none()));
    assert!(customer(sp.unreachable).is_some_and(|c| c.reachable_at().is_empty()));
    let names = |id: i64| -> Vec<String> {
        task(id)
            .employee_ids
            .iter()
            .filter_map(|e| d.employees.get(e))
            .map(|e| e.name.clone())
            .collect()
    };
    assert_eq!(names(sp.cjk), vec!["黒田 健".to_string()]);
    assert!(names(sp.combining)[0].contains("e\u{308}"));
    assert!(customer(sp.emoji).is_some_and(|c| c.name.contains('☀')));
    let gone = task(sp.inactive).employee_ids;
    assert!(
        gone.iter()
            .all(|e| d.employees.get(e).is_some_and(|e| !e.active))
    );
    assert!(
        task(sp.escape)
            .description
            .is_some_and(|s| s.contains("\u{1b}[31mRED\u{1b}[0m\u{7}"))
    );

    // Every job status shows up on today's board.
    let todays: BTreeSet<&str> = d
        .tasks
        .values()
        .filter(|t| day(t) <= today() && time::local_date(tz, t.ends_at) >= today())
        .filter_map(|t| d.jobs.get(&t.job_id))
        .map(|j| j.status.wire())
        .collect();
    for s in crate::kickserv::model::Status::KNOWN {
        assert!(todays.contains(s.as_str()), "no {s} job today");
    }
}

#[test]
fn seeding_survives_dst_and_skipped_midnights() {
    for (zone, date) in [
        (chrono_tz::America::New_York, (2026, 3, 8)),
        (chrono_tz::America::New_York, (2026, 11, 1)),
        (chrono_tz::America::Santiago, (2026, 9, 6)),
        (chrono_tz::Asia::Tehran, (2026, 3, 21)),
    ] {
        let day = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap_or_default();
        let c = SimConfig { tz: zone, ..cfg() };
        let d = seed::generate(&c, day);
        assert!(
            d.tasks.values().all(|t| t.ends_at > t.starts_at),
            "{zone} {day}"
        );
    }
}

#[test]
fn live_changes_bump_updated_at() {
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let h = SimHandle::new(cfg(), rx);
    let before = h.tasks();
    for _ in 0..5 {
        live::step(&mut h.lock());
    }
    let after = h.tasks();
    assert_ne!(before, after);
    let changed: Vec<&SimTask> = after.iter().filter(|t| !before.contains(t)).collect();
    assert!(!changed.is_empty());
    assert!(changed.iter().all(|t| t.updated_at == fixed_now()));
    let specials = h.specials();
    for (_, id) in specials.all() {
        assert_eq!(h.task(id), before.iter().find(|t| t.id == id).cloned());
    }
}

// ---- hostile modes ---------------------------------------------------------------

/// The ids of one page of today's tasks.
async fn page_ids(api: &Api, page: u32, per_page: u32) -> Vec<i64> {
    let (status, v) = api
        .get(&format!(
            "/tasks.json?from={}&to={}&per_page={per_page}&page={page}",
            day_str(-7),
            day_str(8)
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    ids(v.as_array().map(Vec::as_slice).unwrap_or_default())
}

fn day_str(offset: i64) -> String {
    (today() + Span::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn mode(api: &Api, patch: Value) {
    let (status, v) = api.sim_post("/_sim/faults", patch).await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn mode_max_per_page_caps_what_per_page_asks() {
    let s = sim().await;
    let api = Api::new(&s);
    let whole = page_ids(&api, 1, 100).await;
    assert_eq!(whole.len(), 100);
    mode(&api, json!({"max_per_page": 25})).await;
    assert_eq!(page_ids(&api, 1, 100).await, whole[..25].to_vec());
    assert_eq!(page_ids(&api, 2, 100).await, whole[25..50].to_vec());
    let (status, _) = api
        .sim_post("/_sim/faults", json!({"max_per_page": 0}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // From the command line too.
    let cfg = SimArgs {
        max_per_page: 25,
        ignore_page: true,
        ..SimArgs::default()
    }
    .to_config();
    let cfg = cfg.unwrap_or_default();
    assert_eq!((cfg.max_per_page, cfg.ignore_page), (25, true));
    assert!(
        SimArgs {
            max_per_page: 101,
            ..SimArgs::default()
        }
        .to_config()
        .is_err()
    );
}

#[tokio::test]
async fn mode_ignore_page_and_repeat_ids() {
    let s = sim().await;
    let api = Api::new(&s);
    let first = page_ids(&api, 1, 10).await;
    let second = page_ids(&api, 2, 10).await;
    mode(&api, json!({"ignore_page": true})).await;
    assert_eq!(page_ids(&api, 2, 10).await, first);
    assert_eq!(page_ids(&api, 7, 10).await, first);
    mode(&api, json!({"ignore_page": false, "repeat_ids": true})).await;
    let overlapping = page_ids(&api, 2, 10).await;
    assert_eq!(
        overlapping[0], first[9],
        "page 2 starts with the last of page 1"
    );
    assert_eq!(overlapping[1..], second[..9]);
}

#[tokio::test]
async fn mode_unreadable_damages_one_task_per_listing() {
    let s = sim().await;
    let api = Api::new(&s);
    for (how, check) in [("utf8", "invalid unicode"), ("deep", "recursion limit")] {
        mode(&api, json!({"unreadable": how})).await;
        let resp = match api
            .raw(&format!(
                "/tasks.json?from={}&per_page=5&page=1",
                day_str(0)
            ))
            .await
        {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let body = resp.bytes().await.unwrap_or_default();
        let err = serde_json::from_slice::<Value>(&body)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(check), "{how}: {err}");
        // Only the first task is damaged: the page still holds five entries.
        let text = String::from_utf8_lossy(&body);
        assert_eq!(text.matches("\"starts_at\"").count(), 5, "{how}");
    }
    mode(&api, json!({"unreadable": "off"})).await;
    assert_eq!(page_ids(&api, 1, 5).await.len(), 5);
}

#[tokio::test]
async fn mode_echo_auth_puts_the_header_in_error_bodies() {
    let s = sim().await;
    let api = Api::new(&s);
    mode(&api, json!({"echo_auth": true})).await;
    let (status, v) = api.get("/tasks/1.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // base64("demo-token:demo-token")
    assert_eq!(
        v["request_headers"]["Authorization"],
        json!("Basic ZGVtby10b2tlbjpkZW1vLXRva2Vu")
    );
    mode(&api, json!({"fail_next": 1, "kinds": ["500"]})).await;
    let (status, v) = api.get("/employees.json").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        v.to_string().contains("ZGVtby10b2tlbjpkZW1vLXRva2Vu"),
        "{v}"
    );
    // Good answers are left alone.
    let (status, v) = api.get("/employees.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!v.to_string().contains("ZGVtby10b2tl"));
}

#[tokio::test]
async fn mode_nested_secrets_hides_records_inside_tasks() {
    let s = sim().await;
    let api = Api::new(&s);
    mode(&api, json!({"nested_secrets": true})).await;
    let (_, v) = api
        .get(&format!("/tasks.json?from={}&per_page=2", day_str(0)))
        .await;
    let t = &v[0];
    assert!(t["created_by"]["encrypted_password"].is_string(), "{t}");
    assert!(t["job"]["created_by"]["password_salt"].is_string(), "{t}");
    assert!(
        t["crew_snapshot"][0]["who"][0]["api_key"].is_string(),
        "{t}"
    );
    assert!(t["created_by"]["reset_password_token"].is_string(), "{t}");
}

#[tokio::test]
async fn mode_oversize_pads_task_lists() {
    let s = sim().await;
    let api = Api::new(&s);
    mode(&api, json!({"oversize_mb": 3})).await;
    let resp = match api
        .raw(&format!("/tasks.json?from={}&per_page=2", day_str(0)))
        .await
    {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let body = resp.bytes().await.unwrap_or_default();
    assert!(body.len() > 3 * 1024 * 1024, "{}", body.len());
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(v.as_array().map(Vec::len), Some(2), "still a valid list");
}

#[tokio::test]
async fn fault_path_confines_faults_to_one_endpoint() {
    let s = sim().await;
    let api = Api::new(&s);
    mode(
        &api,
        json!({"fault_path": "employees.json", "fail_next": 2, "kinds": ["429"], "retry_after_secs": 7}),
    )
    .await;
    let (status, _) = api.get("/tasks/1.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not faulted");
    let resp = match api.raw("/employees.json").await {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        resp.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("7")
    );
    assert_eq!(api.sim_get("/_sim/faults").await["fail_next"], json!(1));
    mode(&api, json!({"fault_path": ""})).await;
    assert_eq!(api.sim_get("/_sim/faults").await["fault_path"], Value::Null);
}

#[tokio::test]
async fn put_writes_every_form_field_and_names_each_refusal() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let id = h.specials().multi_employee;
    let emp = h
        .with_data(|d| d.employees.values().find(|e| e.active).map(|e| e.id))
        .unwrap_or(0);
    let path = format!("/tasks/{id}.json");
    let (status, v) = api
        .put(
            &path,
            json!({"task": {"description": "Crane", "name": "Lift", "starts_at": "2026-11-27T13:00:00-05:00",
                             "ends_at": "2026-11-27T14:00:00-05:00", "all_day": false,
                             "employee_ids": [emp], "task_type_id": 3, "status": "in_progress"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["status"], json!("in_progress"));
    assert_eq!(v["name"], json!("Lift"));
    assert_eq!(v["task_type_id"], json!(3));
    let (_, read) = api.get(&path).await;
    assert_eq!(read["status"], json!("in_progress"));
    assert_eq!(read["employees"][0]["id"], json!(emp));

    let (status, v) = api
        .put(&path, json!({"task": {"status": "sleeping"}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        v["errors"]["status"],
        json!(["is not included in the list"])
    );
    // One answer names every field it refuses.
    let (status, v) = api
        .put(
            &path,
            json!({"task": {"job_id": 1, "employee_ids": [1],
                             "starts_at": "2026-11-27T15:00:00-05:00", "ends_at": "2026-11-27T14:00:00-05:00"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["errors"]["job"].is_array(), "{v}");
    assert!(v["errors"]["employee_ids"].is_array(), "{v}");
    assert_eq!(v["errors"]["ends_at"], json!(["must be after starts_at"]));
    assert_eq!(
        h.task(id).and_then(|t| t.name),
        Some("Lift".to_string()),
        "a refused write changes nothing"
    );
}

#[tokio::test]
async fn a_put_fault_can_wait_for_the_nth_put() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let path = format!("/tasks/{}.json", h.specials().multi_employee);
    let (status, f) = api
        .sim_post(
            "/_sim/faults",
            json!({"fail_next_put": "422", "put_fault_after": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(f["put_fault_after"], json!(2));
    let mut got = Vec::new();
    for n in 0..4 {
        let body = json!({"task": {"description": format!("PUT {n}")}});
        got.push(api.put(&path, body).await.0);
    }
    assert_eq!(
        got,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::OK
        ],
        "the third PUT fails, once"
    );
}

#[tokio::test]
async fn the_next_put_or_post_fails_once_as_told() {
    let s = sim().await;
    let h = s.state();
    let api = Api::new(&s);
    let id = h.specials().multi_employee;
    let path = format!("/tasks/{id}.json");
    let job_number = h
        .with_data(|d| {
            d.jobs
                .values()
                .find(|j| !j.status.is_closed())
                .map(|j| j.job_number)
        })
        .unwrap_or_default();
    let create = format!("/jobs/{job_number}/tasks.json");
    let new_task =
        json!({"task": {"description": "Fresh", "starts_at": "2026-11-30T09:00:00-05:00"}});

    let (status, f) = api
        .sim_post(
            "/_sim/faults",
            json!({"fail_next_put": "422", "fail_next_post": "500"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(f["fail_next_put"], json!("422"));
    // A read is not a write: untouched.
    assert_eq!(api.get(&path).await.0, StatusCode::OK);
    let (status, v) = api
        .put(&path, json!({"task": {"description": "Refused"}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        v["errors"]["description"],
        json!(["was refused (injected fault)"])
    );
    assert_ne!(
        h.task(id).and_then(|t| t.description),
        Some("Refused".into())
    );
    let (status, _) = api
        .put(&path, json!({"task": {"description": "Accepted"}}))
        .await;
    assert_eq!(status, StatusCode::OK, "the fault hits once");

    let before = h.task_ids().len();
    let (status, _) = api.post(&create, new_task.clone()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(h.task_ids().len(), before, "a refused create makes nothing");
    let (status, _) = api.post(&create, new_task.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.task_ids().len(), before + 1);

    // A timeout: the task is made, the answer is held past the client's wait.
    api.sim_post(
        "/_sim/faults",
        json!({"fail_next_post": "timeout", "stall_ms": 60_000}),
    )
    .await;
    crate::kickserv::tls::install();
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap_or_default();
    let sent = impatient
        .post(api.url(&create))
        .json(&new_task)
        .basic_auth("demo-token", Some("demo-token"))
        .send()
        .await;
    assert!(sent.is_err_and(|e| e.is_timeout()));
    assert_eq!(h.task_ids().len(), before + 2, "the create happened");
    assert_eq!(
        api.sim_get("/_sim/faults").await["fail_next_post"],
        Value::Null
    );

    // Garbled: the task is made, the answer is 200 with a body that is no JSON.
    api.sim_post("/_sim/faults", json!({"fail_next_post": "malformed"}))
        .await;
    crate::kickserv::tls::install();
    let sent = reqwest::Client::new()
        .post(api.url(&create))
        .json(&new_task)
        .basic_auth("demo-token", Some("demo-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let body = sent.bytes().await.unwrap_or_default();
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert_eq!(h.task_ids().len(), before + 3, "the create happened");
    // Once: the next create answers as usual.
    let (status, _) = api.post(&create, new_task.clone()).await;
    assert_eq!(status, StatusCode::OK);
}

/// `like_kickserv`: a page's server time grows with its entries as the
/// recorded Kickserv's did (0.712 s for a hundred, 0.012 s for a refusal),
/// and every answer closes its connection and forbids caching.
#[tokio::test]
async fn like_kickserv_paces_and_closes_every_answer() {
    let s = sim().await;
    let api = Api::new(&s);
    let (status, _) = api
        .sim_post("/_sim/faults", json!({"like_kickserv": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let header = |r: &reqwest::Response, k: &str| {
        r.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let Ok(page) = api
        .raw("/tasks.json?from=2026-11-01&to=2026-12-31&per_page=100&page=1")
        .await
    else {
        panic!("no answer")
    };
    assert_eq!(header(&page, "x-runtime").as_deref(), Some("0.712000"));
    assert_eq!(header(&page, "connection").as_deref(), Some("close"));
    assert_eq!(
        header(&page, "cache-control").as_deref(),
        Some("no-cache, no-store")
    );
    let body: Value = page.json().await.unwrap_or(Value::Null);
    assert_eq!(body.as_array().map(Vec::len), Some(100));

    let Ok(refused) = api.raw("/nowhere.json").await else {
        panic!("no answer")
    };
    assert_eq!(header(&refused, "x-runtime").as_deref(), Some("0.012000"));
    assert_eq!(header(&refused, "connection").as_deref(), Some("close"));
}
