//! The job chooser's keys (`a`): a job number or a customer's name typed,
//! the customer then the job picked from the lists that come back; Esc
//! goes back a stage, and from the first closes.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::Step;
use crate::app::jobpick::{JobChooser, Stage, customers, job_number, jobs, rows};
use crate::app::keymap::Action;
use crate::app::model::{Model, Overlay};
use crate::app::msg::Cmd;
use crate::app::saves;

pub fn on_key(
    m: &mut Model,
    c: &mut JobChooser,
    a: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    c.error = None;
    match (a, k.code) {
        (Some(Action::Close | Action::Quit), _) => match c.stage.clone() {
            Stage::Query => {
                // A restored draft's form gave up before its job: its draft
                // stays; the next one found at start is asked.
                m.offer_next_draft();
                (Step::Pop, Vec::new())
            }
            Stage::Customers { .. } => back(c, Stage::Query),
            Stage::Jobs { .. } => {
                let text = c.input.value().trim().to_string();
                back(c, Stage::Customers { text })
            }
        },
        (Some(a @ (Action::MoveUp | Action::MoveDown)), _) => {
            let n = rows(m, &c.stage);
            if a == Action::MoveUp {
                c.cursor = c.cursor.saturating_sub(1);
            } else if c.cursor + 1 < n {
                c.cursor += 1;
            }
            (Step::Stay, Vec::new())
        }
        (Some(Action::Accept), _) => accept(m, c),
        _ => {
            c.input.handle_event(&Event::Key(k));
            c.stage = Stage::Query;
            c.cursor = 0;
            (Step::Stay, Vec::new())
        }
    }
}

fn back(c: &mut JobChooser, stage: Stage) -> (Step, Vec<Cmd>) {
    c.stage = stage;
    c.cursor = 0;
    (Step::Stay, Vec::new())
}

fn accept(m: &mut Model, c: &mut JobChooser) -> (Step, Vec<Cmd>) {
    match c.stage.clone() {
        Stage::Query => {
            let text = c.input.value().trim().to_string();
            if text.is_empty() {
                c.error = Some("type a job number, or a customer's name to search".into());
                return (Step::Stay, Vec::new());
            }
            if let Ok(n) = text.trim_start_matches('#').parse::<i64>() {
                return chosen(c, n, format!("job {n}"));
            }
            c.stage = Stage::Customers { text: text.clone() };
            c.cursor = 0;
            (Step::Stay, saves::search_customers(m, text))
        }
        Stage::Customers { text } => {
            let picked = customers(m, &text)
                .and_then(|r| r.as_ref().ok())
                .and_then(|v| v.get(c.cursor))
                .map(|cu| {
                    (
                        cu.id,
                        cu.name
                            .clone()
                            .unwrap_or_else(|| format!("Customer {}", cu.id)),
                    )
                });
            let Some((id, name)) = picked else {
                return (Step::Stay, Vec::new());
            };
            c.stage = Stage::Jobs {
                customer_id: id,
                customer: name,
            };
            c.cursor = 0;
            (Step::Stay, saves::list_jobs(id))
        }
        Stage::Jobs { customer_id, .. } => {
            let picked = jobs(m, customer_id)
                .and_then(|r| r.as_ref().ok())
                .and_then(|v| v.get(c.cursor))
                .map(|e| (job_number(e), e.name.clone().unwrap_or_default()));
            match picked {
                Some((n, name)) => {
                    let label = if name.is_empty() {
                        format!("job {n}")
                    } else {
                        name
                    };
                    chosen(c, n, label)
                }
                None => (Step::Stay, Vec::new()),
            }
        }
    }
}

/// The job is known: the new task's form takes the chooser's place.
fn chosen(c: &mut JobChooser, number: i64, label: String) -> (Step, Vec<Cmd>) {
    let mut form = c.form.clone();
    form.job = Some((number, label));
    (Step::Replace(Overlay::Form(Box::new(form))), Vec::new())
}
