//! Delete from the board, success and failure: keys into `update()`, its
//! commands run by the real effects against the simulator, the answers back
//! into `update()`; what the dispatcher reads and what reached the server.

mod common;

use common::wired::*;
use common::*;

use kickdesk::sim::RequestRecord;

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

    assert_eq!(
        w.toast(),
        format!("Deleted by you 10:45 · task {id} · {title}")
    );
    assert!(s.state().task(id).is_none(), "the simulator still has {id}");
    // The board fetched again and no longer shows it.
    assert!(w.m.task_by_id(id).is_none(), "{id} still on the board");
    assert!(w.m.sends().in_flight.is_empty());
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
    assert!(w.m.sends().in_flight.is_empty());
    assert!(w.m.modals().is_empty(), "the dialog closed");
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
