//! Live mode: other dispatchers at work. Every tick a few tasks near today
//! move, change, appear or disappear, each bumping `updated_at`. The special
//! cases are left alone so the demo keeps showing them.

use std::time::Duration;

use chrono::Duration as Span;
use tokio::time::MissedTickBehavior;

use super::data::{SimTask, TASK_TYPE_WORK};
use super::names::TASK_NOTES;
use super::state::{Inner, SimHandle};
use super::status::SimStatus;
use super::time;

pub async fn run(h: SimHandle, every: Duration) {
    let mut tick = tokio::time::interval(every.max(Duration::from_millis(10)));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    // The first tick is immediate; the board should see the seed first.
    tick.tick().await;
    loop {
        tokio::select! {
            _ = tick.tick() => step(&mut h.lock()),
            _ = h.closing() => break,
        }
    }
}

/// One round of changes.
pub(crate) fn step(g: &mut Inner) {
    let rounds = g.rng.usize(1..=3);
    for _ in 0..rounds {
        match g.rng.u32(0..10) {
            0..=3 => move_one(g),
            4..=6 => edit_one(g),
            7..=8 => add_one(g),
            _ => delete_one(g),
        }
    }
}

/// Ids of ordinary tasks starting between yesterday and three days out.
fn nearby(g: &Inner) -> Vec<i64> {
    let tz = g.cfg.tz;
    let today = g
        .data
        .today
        .unwrap_or_else(|| time::local_date(tz, g.now()));
    let specials: Vec<i64> = g
        .data
        .specials
        .all()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    g.data
        .tasks
        .values()
        .filter(|t| !specials.contains(&t.id))
        .filter(|t| {
            let d = (time::local_date(tz, t.starts_at) - today).num_days();
            (-1..=3).contains(&d)
        })
        .map(|t| t.id)
        .collect()
}

fn pick(g: &mut Inner) -> Option<i64> {
    let ids = nearby(g);
    (!ids.is_empty()).then(|| ids[g.rng.usize(..ids.len())])
}

fn active_staff(g: &Inner) -> Vec<i64> {
    g.data
        .employees
        .values()
        .filter(|e| e.active)
        .map(|e| e.id)
        .collect()
}

fn move_one(g: &mut Inner) {
    let Some(id) = pick(g) else { return };
    let now = g.now();
    let shift = Span::minutes(30 * g.rng.i64(-4..=4));
    let staff = active_staff(g);
    let reassign = g.rng.bool() && !staff.is_empty();
    let other = staff.get(g.rng.usize(..staff.len().max(1))).copied();
    if let Some(t) = g.data.tasks.get_mut(&id) {
        if reassign {
            if let Some(e) = other {
                t.employee_ids = vec![e];
            }
        } else {
            t.starts_at += shift;
            t.ends_at += shift;
        }
        t.updated_at = now;
    }
}

fn edit_one(g: &mut Inner) {
    let Some(id) = pick(g) else { return };
    let now = g.now();
    let note = TASK_NOTES[g.rng.usize(..TASK_NOTES.len())];
    let longer = g.rng.bool();
    if let Some(t) = g.data.tasks.get_mut(&id) {
        if longer {
            t.ends_at += Span::minutes(30);
        } else {
            t.description = Some(note.to_string());
        }
        t.updated_at = now;
    }
}

fn add_one(g: &mut Inner) {
    let tz = g.cfg.tz;
    let now = g.now();
    let today = g.data.today.unwrap_or_else(|| time::local_date(tz, now));
    let open: Vec<i64> = g
        .data
        .jobs
        .values()
        .filter(|j| matches!(j.status, SimStatus::Scheduled | SimStatus::InProgress))
        .map(|j| j.id)
        .collect();
    if open.is_empty() {
        return;
    }
    let job = open[g.rng.usize(..open.len())];
    let day = today + Span::days(g.rng.i64(0..=1));
    let start = time::at(tz, day, g.rng.u32(8..16), 30 * g.rng.u32(0..2));
    let staff = active_staff(g);
    let employees = if staff.is_empty() || g.rng.u32(0..4) == 0 {
        Vec::new()
    } else {
        vec![staff[g.rng.usize(..staff.len())]]
    };
    let t = SimTask {
        id: g.data.next_task_id(),
        job_id: job,
        task_type_id: Some(TASK_TYPE_WORK),
        name: None,
        description: Some(TASK_NOTES[g.rng.usize(..TASK_NOTES.len())].to_string()),
        starts_at: start,
        ends_at: start + Span::minutes(60 * g.rng.i64(1..=2)),
        all_day: false,
        status: None,
        employee_ids: employees,
        created_at: now,
        updated_at: now,
    };
    g.data.tasks.insert(t.id, t);
}

fn delete_one(g: &mut Inner) {
    if let Some(id) = pick(g) {
        g.data.tasks.remove(&id);
    }
}
