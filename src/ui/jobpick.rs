//! The job of a new task, asked before its form: the query, then the
//! customers found or the jobs of the one chosen. Pure: reads the model.

use crate::app::keymap::{Action, Context};
use ratatui::Frame;
use ratatui::text::Line;

use super::form::{centred, skip_cols};
use super::picker::query_dialog;
use super::text::{clean, fit};
use super::theme::Theme;
use crate::app::jobpick::{JobChooser, Stage, customers, job_number, jobs};
use crate::app::model::Model;
use crate::kickserv::model::{Customer, JobListEntry};

/// Wide enough for a number, a name and most of an address.
const WIDTH: u16 = 76;
const MAX_ROWS: usize = 12;

/// A customer as the chooser lists it: number, name and service address,
/// so two customers of one name are told apart.
fn customer_row(cu: &Customer) -> String {
    let mut row = match cu.customer_number {
        Some(n) => format!("#{n} "),
        None => String::new(),
    };
    row.push_str(
        &cu.display_name()
            .map_or_else(|| format!("Customer {}", cu.id), str::to_string),
    );
    let address = cu.address_line();
    if !address.is_empty() {
        row.push_str(" · ");
        row.push_str(&address);
    }
    row
}

/// A job with its number: Kickserv's names carry it ("Job #86000: …");
/// one that does not is given the number the task will be posted to.
fn job_row(j: &JobListEntry) -> String {
    match j.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) if name.contains('#') => name.to_string(),
        Some(name) => format!("#{} {name}", job_number(j)),
        None => format!("Job #{}", job_number(j)),
    }
}

/// The customer of `id` as the last search found it.
fn searched(m: &Model, id: i64) -> Option<&Customer> {
    m.lookups
        .customers
        .as_ref()
        .and_then(|(_, r)| r.as_ref().ok())
        .and_then(|v| v.iter().find(|c| c.id == id))
}

pub fn draw(m: &Model, c: &JobChooser, f: &mut Frame, th: Theme) {
    let area = f.area();
    let w = WIDTH.min(area.width.saturating_sub(2)).max(20);
    let inner = usize::from(w.saturating_sub(4));
    let query = clean(c.input.value()).into_owned();
    let qscroll = c.input.visual_scroll(inner.saturating_sub(3));
    let mut lines = vec![Line::from(format!(
        "> {}",
        fit(skip_cols(&query, qscroll), inner.saturating_sub(2))
    ))];
    let (title, items, waiting): (String, Vec<String>, Option<String>) = match &c.stage {
        Stage::Query => (String::new(), Vec::new(), None),
        Stage::Customers { text } => match customers(m, text) {
            None => (
                String::new(),
                Vec::new(),
                Some("searching customers…".into()),
            ),
            Some(Err(e)) => (String::new(), Vec::new(), Some(e.text.clone())),
            Some(Ok(v)) if v.is_empty() => (
                String::new(),
                Vec::new(),
                Some(format!("no customer matches \"{text}\"")),
            ),
            Some(Ok(v)) => (
                "Customers:".into(),
                v.iter().map(customer_row).collect(),
                None,
            ),
        },
        Stage::Jobs {
            customer_id,
            customer,
        } => match jobs(m, *customer_id) {
            None => (String::new(), Vec::new(), Some("listing jobs…".into())),
            Some(Err(e)) => (String::new(), Vec::new(), Some(e.text.clone())),
            Some(Ok(v)) if v.is_empty() => (
                String::new(),
                Vec::new(),
                Some(format!("{customer} has no active job")),
            ),
            Some(Ok(v)) => (
                format!(
                    "Active jobs of {}:",
                    searched(m, *customer_id).map_or_else(|| customer.clone(), customer_row)
                ),
                v.iter().map(job_row).collect(),
                None,
            ),
        },
    };
    if !title.is_empty() {
        lines.push(Line::styled(
            fit(&clean(&title), inner).into_owned(),
            th.dim(),
        ));
    }
    if let Some(wait) = waiting {
        lines.push(Line::styled(
            fit(&clean(&wait), inner).into_owned(),
            th.dim(),
        ));
    }
    let room = usize::from(area.height.saturating_sub(10)).clamp(1, MAX_ROWS);
    let top = c.cursor.saturating_sub(room - 1);
    for (i, item) in items.iter().enumerate().skip(top).take(room) {
        let style = if i == c.cursor {
            th.selected()
        } else {
            th.base()
        };
        lines.push(Line::styled(fit(&clean(item), inner).into_owned(), style));
    }
    if let Some(e) = &c.error {
        lines.push(Line::styled(fit(&clean(e), inner).into_owned(), th.error()));
    }
    lines.push(Line::from(""));
    let k = |a| m.opts.keymap.key_text(Context::Jobs, a);
    let hint = match c.stage {
        Stage::Query => format!(
            "a job number, or a customer's name · {} · {} cancel",
            k(Action::Accept),
            k(Action::Close)
        ),
        _ => format!(
            "{}/{} choose · {} take · {} back",
            k(Action::MoveUp),
            k(Action::MoveDown),
            k(Action::Accept),
            k(Action::Close)
        ),
    };
    lines.push(Line::styled(fit(&hint, inner).into_owned(), th.dim()));
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let cursor = c.input.visual_cursor().saturating_sub(qscroll);
    let title = " New task: which job? ".to_string();
    query_dialog(f, centred(area, w, h), title, lines, cursor, th);
}
