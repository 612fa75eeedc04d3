//! `a`: the job a new task goes on, chosen before its form. Digits are a
//! job number; a name searches customers (`/customers.json`), then lists the
//! chosen customer's active jobs (`/tasks/job_list.json`). The form,
//! prefilled from the board's slot, waits inside until a job is chosen.

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::form::Form;
use super::model::{Model, Overlay};
use super::msg::Cmd;
pub use super::state::jobpick::{JobChooser, Stage};
use crate::kickserv::model::{Customer, JobListEntry};
use crate::schedule::Lane;

/// `a` on the board: the slot under the cursor (date, time, employee)
/// prefills a new task's form; first its job is asked for.
pub fn open(m: &mut Model) -> Vec<Cmd> {
    let date = m.date_of(m.cursor.day);
    let start = slot_time(m, date);
    let employee = match m.lanes.get(m.cursor.lane) {
        Some((Lane::Employee(id), _)) => Some(*id),
        _ => None,
    };
    let mut form = Form::for_new(date, start, employee, m.tz(), &m.employees);
    form.draft_id = m.drafts.new_slot();
    m.open(Overlay::Job(Box::new(JobChooser::new(form))));
    Vec::new()
}

/// The time under the cursor: the selected task's start, else the time the
/// cursor last stood at (its anchor), to the quarter hour; the start of the
/// working day when there is neither.
fn slot_time(m: &Model, date: NaiveDate) -> NaiveTime {
    let tz = m.tz();
    let selected = m
        .selected()
        .and_then(|t| t.starts_at)
        .map(|s| s.with_timezone(&tz))
        .filter(|s| s.date_naive() == date)
        .map(|s| s.time());
    let time = match selected {
        Some(t) => t,
        None if m.cursor.anchor > 0 => {
            let minutes = m.cursor.anchor.clamp(0, 24 * 60 - 1) as u32;
            NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or(m.opts.work.start)
        }
        None => return m.opts.work.start,
    };
    let quarter = time.minute() / 15 * 15;
    time.with_minute(quarter)
        .and_then(|t| t.with_second(0))
        .unwrap_or(time)
}

/// The job number of a job list entry: Kickserv names its entries
/// "Job #86000: Roof survey"; an entry without one is taken by its id.
pub fn job_number(e: &JobListEntry) -> i64 {
    let name = e.name.as_deref().unwrap_or("");
    name.split_once('#')
        .map(|(_, rest)| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|d| d.parse().ok())
        .unwrap_or(e.id)
}

/// The customers the last search found for `text`, if its answer came.
pub fn customers<'a>(
    m: &'a Model,
    text: &str,
) -> Option<&'a Result<Vec<Customer>, super::msg::ApiFault>> {
    m.lookups
        .customers
        .as_ref()
        .filter(|(t, _)| t == text)
        .map(|(_, r)| r)
}

pub fn jobs(
    m: &Model,
    customer_id: i64,
) -> Option<&Result<Vec<JobListEntry>, super::msg::ApiFault>> {
    m.lookups.jobs.get(&customer_id)
}

/// Rows of the list the stage shows (0 while its answer is awaited).
pub fn rows(m: &Model, stage: &Stage) -> usize {
    match stage {
        Stage::Query => 0,
        Stage::Customers { text } => customers(m, text)
            .and_then(|r| r.as_ref().ok())
            .map_or(0, Vec::len),
        Stage::Jobs { customer_id, .. } => jobs(m, *customer_id)
            .and_then(|r| r.as_ref().ok())
            .map_or(0, Vec::len),
    }
}
