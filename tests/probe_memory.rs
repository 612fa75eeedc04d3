//! Heap a listing needs while it reads, counted (not timed) by a counting
//! allocator in a test binary of its own (the allocator sees the whole
//! process: this test alone, with the simulator it talks to).

mod common;

use chrono::Days;
use common::*;

use kickdesk::kickserv::client::TaskQuery;

#[path = "common/counting.rs"]
mod counting;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

use counting::live;

/// The first fetch of a board probes a month back (to learn the longest
/// task) and keeps only the tasks that reach near the period, letting the
/// rest go page by page, with jobs and customers shared as each page is
/// read. So the heap a listing needs while it reads is what it keeps plus
/// the pages in flight, not the month parsed whole.
#[tokio::test(flavor = "current_thread")]
async fn a_month_long_probe_never_holds_the_month() {
    use kickdesk::schedule::{Period, day_start};
    let (server, client, _) = large_sim().await;
    let week = Period::week_containing(today(), chrono::Weekday::Mon);
    let cut = week.start.checked_sub_days(Days::new(4)).unwrap();
    let month = |ending_from| TaskQuery {
        from: week.start.checked_sub_days(Days::new(32)),
        to_inclusive: Some(week.last()),
        ending_from,
        ..TaskQuery::default()
    };
    let measure = async |q: TaskQuery| {
        let before = live();
        counting::reset_peak();
        let listing = client.list_tasks_lean(&q).await.unwrap();
        let kept = live() - before;
        let peak = counting::peak() - before;
        (listing.tasks.len(), kept, peak)
    };
    let (all, all_kept, all_peak) = measure(month(None)).await;
    let (near, kept, peak) =
        measure(month(Some(day_start(chrono_tz::America::New_York, cut)))).await;
    println!(
        "a month read whole: {all} tasks, {all_kept} B kept, {all_peak} B at the peak; \
         cut four days before the week: {near} tasks, {kept} B kept, {peak} B at the peak"
    );
    assert!(
        near * 3 < all,
        "the cut keeps the week and a few days: {near} of {all}"
    );
    // At its peak the probe held less than the month would have kept: the
    // tasks it let go were never all held at once. (The rest of the peak
    // is the pages in flight, the simulator's and the client's, which this
    // process counts too.)
    assert!(
        peak < all_kept,
        "the probe needed {peak} B to keep {kept} B, and the month kept whole is {all_kept} B"
    );
    server.shutdown().await;
}
