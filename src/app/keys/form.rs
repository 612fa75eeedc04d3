//! The edit form's keys: fields typed into, the picker opened, the save
//! sent through [`saves`] (a create with no answer looks for its task
//! before anything is sent again), Esc asking before changes are dropped.

use crossterm::event::KeyEvent;

use super::Step;
use crate::app::editing::{draft_of, form_key};
use crate::app::form::{Form, FormOutcome, Look};
use crate::app::keymap::Action;
use crate::app::local::carries;
use crate::app::model::{Model, Overlay};
use crate::app::msg::{ApiCmd, ApiFault, Cmd, FaultKind, StoreCmd};
use crate::app::notice::toast;
use crate::app::saves;

pub fn on_key(m: &mut Model, form: &mut Form, a: Option<Action>, k: KeyEvent) -> (Step, Vec<Cmd>) {
    if form.is_saving() && a == Some(Action::Save) {
        form.message = Some("still saving…: wait for Kickserv's answer".into());
        return (Step::Stay, Vec::new());
    }
    // A create with no answer may have made the task: it is looked for
    // before anything is sent again.
    if a == Some(Action::Save)
        && form.is_new()
        && let Some(look) = form.unsure().map(|u| u.look.clone())
    {
        let cmds = match look {
            Look::Reading => {
                form.looking();
                Vec::new()
            }
            Look::Found(id) => {
                form.found_created(id, "Kickserv");
                Vec::new()
            }
            Look::Failed => match form.job.as_ref().map(|j| j.0) {
                Some(job_number) => {
                    form.looking();
                    vec![Cmd::Api(ApiCmd::ReadJobTasks { job_number })]
                }
                None => Vec::new(),
            },
            Look::NotFound | Look::Poll => return on_outcome(m, form, a, k),
        };
        return (Step::Stay, cmds);
    }
    on_outcome(m, form, a, k)
}

fn on_outcome(m: &mut Model, form: &mut Form, a: Option<Action>, k: KeyEvent) -> (Step, Vec<Cmd>) {
    let key = form_key(a, k, form.focus());
    match form.on_key(key) {
        FormOutcome::Nothing => (Step::Stay, Vec::new()),
        FormOutcome::Changed | FormOutcome::CancelAsk => (Step::Stay, draft_of(form, m.now)),
        FormOutcome::Save(patch) => {
            let cmds = match form.job.as_ref().map(|j| j.0) {
                Some(job) if form.is_new() => {
                    // Tasks that already look like it are not the one it makes.
                    let before = m
                        .server_tasks
                        .iter()
                        .filter(|t| carries(t, &patch))
                        .map(|t| t.id)
                        .collect();
                    form.sent_over(before);
                    saves::create(m, job, patch)
                }
                None if form.is_new() => {
                    toast(m, "Not created: no job chosen".to_string(), true);
                    Vec::new()
                }
                _ => saves::save_from(m, form.base.clone(), patch),
            };
            if cmds.is_empty() {
                // Refused before sending (the toast says why): nothing is saving.
                let text = m
                    .toast
                    .as_ref()
                    .map(|t| t.text.clone())
                    .unwrap_or_else(|| "not sent".into());
                form.refused(&local_fault(text));
            }
            (Step::Stay, cmds)
        }
        FormOutcome::Closed => {
            m.offer_next_draft();
            (
                Step::Pop,
                vec![Cmd::Store(StoreCmd::RemoveDraft(form.draft_id.clone()))],
            )
        }
        FormOutcome::Pick(p) => (Step::Push(Overlay::Picker(Box::new(p))), Vec::new()),
    }
}

fn local_fault(text: String) -> ApiFault {
    ApiFault {
        kind: FaultKind::Other,
        text,
        retry_after: None,
        fields: Default::default(),
    }
}
