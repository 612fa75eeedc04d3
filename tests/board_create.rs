//! A new task whose create Kickserv made but whose answer was lost or
//! garbled: the board, wired to the simulator through the real effects,
//! looks for the task on its job before anything is sent again, and one
//! Ctrl-S more makes no second task.

mod common;

use std::time::Duration;

use common::wired::*;
use common::*;

use kickdesk::app::keymap::Context;
use kickdesk::app::model::Overlay;
use kickdesk::sim::SimServer;

const WHAT: &str = "Fix the gate latch";

async fn set_faults(s: &SimServer, body: serde_json::Value) -> TestResult {
    let url = format!("{}/_sim/faults", s.base_url);
    kickdesk::kickserv::tls::install();
    reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// The tasks the simulator holds with the description typed here.
fn made(s: &SimServer) -> Vec<i64> {
    let st = s.state();
    st.task_ids()
        .into_iter()
        .filter(|id| st.task(*id).and_then(|t| t.description).as_deref() == Some(WHAT))
        .collect()
}

async fn posts(s: &SimServer, job_number: i64) -> Result<usize, Box<dyn std::error::Error>> {
    let path = format!("/demo/jobs/{job_number}/tasks.json");
    Ok(requests(s)
        .await?
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .count())
}

fn form_message(w: &Wired) -> String {
    w.m.modals()
        .iter()
        .rev()
        .find_map(|o| match o {
            Overlay::Form(f) => f.message.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

/// `a` on the selected task's job, the description typed, Ctrl-S, with the
/// create's answer spoilt by `fault`; then one Ctrl-S more.
async fn create_twice(fault: &str) -> TestResult {
    let s = sim().await?;
    // Short: the held answer (five seconds) outlasts it.
    let mut w = board_with(client_waiting(&s, Duration::from_secs(1))?).await?;
    let job_number =
        w.m.selected()
            .and_then(|t| t.job.as_ref())
            .and_then(|j| j.job_number)
            .ok_or("the selected task has no job number")?;
    set_faults(
        &s,
        serde_json::json!({"fail_next_post": fault, "stall_ms": 5000}),
    )
    .await?;
    let mut keys = vec![key('a')];
    keys.extend(typed(&job_number.to_string()));
    keys.push(code(crossterm::event::KeyCode::Enter));
    keys.extend(typed(WHAT));
    w.press(&keys).await?;
    assert_eq!(w.m.key_context(), Context::Form);

    w.press(&[ctrl('s')]).await?;

    // Kickserv made it; the form found it and says so.
    let ids = made(&s);
    assert_eq!(ids.len(), 1, "{fault}: {ids:?}");
    let msg = form_message(&w);
    assert!(
        msg.starts_with("created after all:") && msg.contains(&format!("task {}", ids[0])),
        "{fault}: {msg}"
    );
    // It was found by reading the job's tasks (or the poll got there first).
    assert_eq!(posts(&s, job_number).await?, 1);

    // One Ctrl-S more: nothing is sent, still one task.
    w.press(&[ctrl('s')]).await?;
    assert_eq!(posts(&s, job_number).await?, 1, "{fault}: a second POST");
    assert_eq!(made(&s).len(), 1, "{fault}: a second task");
    assert!(form_message(&w).starts_with("created after all:"));
    // Esc closes the form at once: nothing typed is lost, it is on Kickserv.
    w.press(&[code(crossterm::event::KeyCode::Esc)]).await?;
    assert!(w.m.modals().is_empty(), "{fault}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_was_lost_is_found_and_ctrl_s_makes_no_second_task() -> TestResult {
    create_twice("timeout").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_was_garbled_is_found_and_ctrl_s_makes_no_second_task() -> TestResult
{
    create_twice("malformed").await
}
