//! Heap held by a board with 10,000 tasks loaded, counted (not timed) by a
//! counting allocator: this file is a test binary of its own, so the
//! allocator sees only this test. The tasks come from the large simulator
//! over loopback HTTP through the real client, so every copy the parsing
//! path keeps (an intermediate `Value`, a page kept beside its tasks, a
//! vector's spare capacity) is counted.

mod common;

use chrono::Days;
use common::*;

use kickdesk::app::model::{Model, Options};
use kickdesk::app::msg::Msg;
use kickdesk::app::state::BoardView;
use kickdesk::app::update::{init, update};
use kickdesk::kickserv::client::TaskQuery;

#[path = "common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

use counting::live;

/// Heap the board may hold for 10,000 tasks of the large simulator (its
/// employees, lanes, layout and the tasks themselves). Measured at 7.2 MB
/// (716 B a task, jobs, customers and contacts shared, the unknown keys of
/// jobs and customers dropped: kept, they cost 95 B a task more); a copy
/// of the contact in every task cost 226 B a task more. The margin allows
/// small changes in what a task carries, not a second copy of anything.
const BUDGET: isize = 8 * 1024 * 1024;

#[tokio::test(flavor = "current_thread")]
async fn a_board_with_ten_thousand_tasks_holds_at_most_its_heap_budget() {
    let (server, client, staff) = large_sim().await;
    let query = TaskQuery {
        from: today().checked_sub_days(Days::new(28)),
        to_inclusive: today().checked_add_days(Days::new(27)),
        job_id: None,
        employee_number: None,
        ending_from: None,
    };

    let opts = Options {
        view: BoardView::Week,
        ..opts()
    };
    let mut m = Model::new(opts, now(), (200, 60));
    let cmds = init(&mut m);
    update(
        &mut m,
        Msg::EmployeesLoaded {
            at: now(),
            result: Ok(staff),
        },
    );
    // The listing as the board fetches it.
    let mut listing = client.list_tasks_lean(&query).await.unwrap();
    let (seq, period) = fetch_of(&cmds)[0];
    // A prefetched period keeps only the tasks its days show: the eight
    // weeks are moved onto the shown one, whole weeks at a time, so that
    // any period would hold them all (jobs and customers shared as across
    // eight weeks).
    let monday = period.dates().next().unwrap();
    for t in &mut listing.tasks {
        if let Some(start) = t.starts_at {
            let weeks = (start.date_naive() - monday).num_days().div_euclid(7);
            let by = chrono::Duration::days(7 * weeks);
            t.starts_at = Some(start - by);
            t.ends_at = t.ends_at.map(|e| e - by);
        }
    }
    let fetched = listing.tasks.len();
    answer_at(&mut m, (seq, period), now(), Ok(listing));
    let n = m.tasks().len();
    assert!(n + 10 >= fetched, "{n} of {fetched} tasks kept");
    assert!(
        m.shown_tasks() > 1_000,
        "the week shows its tasks: {}",
        m.shown_tasks()
    );
    // What the board holds is what dropping it frees (the client's
    // connection buffers and the simulator's own heap are not the board's).
    let loaded = live();
    drop(m);
    let freed = loaded - live();
    // Scaled to 10,000 tasks exactly.
    let held = freed * 10_000 / n as isize;
    println!(
        "{n} tasks loaded: {held} B of heap for 10,000 ({} B a task)",
        held / 10_000
    );
    assert!(
        held <= BUDGET,
        "10,000 tasks hold {held} B of heap, over the budget of {BUDGET} B"
    );
    server.shutdown().await;
}
