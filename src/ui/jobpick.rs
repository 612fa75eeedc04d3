//! The job of a new task, asked before its form: the query, then the
//! customers found or the jobs of the one chosen. Pure: reads the model.

use crate::app::keymap::{Action, Context};
use ratatui::Frame;
use ratatui::text::Line;

use super::form::{centred, skip_cols};
use super::picker::query_dialog;
use super::text::{clean, fit};
use super::theme::Theme;
use crate::app::jobpick::{JobChooser, Stage, customers, jobs};
use crate::app::model::Model;

const WIDTH: u16 = 60;
const MAX_ROWS: usize = 12;

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
                v.iter()
                    .map(|cu| {
                        cu.name
                            .clone()
                            .unwrap_or_else(|| format!("Customer {}", cu.id))
                    })
                    .collect(),
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
                format!("Active jobs of {customer}:"),
                v.iter()
                    .map(|j| j.name.clone().unwrap_or_else(|| format!("Job {}", j.id)))
                    .collect(),
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
