//! What the form does with Kickserv's answers and polls: changes on the
//! server since it opened, a refusal beside its fields, a save or create
//! with no answer looked for.

use super::changes::changes_between;
use super::*;

/// How much of a description a form's line of server changes shows.
const FORM_DESC_CHARS: usize = 30;

impl Form {
    /// A poll saw the task as `newer`: record each field the server changed
    /// since the form opened, both versions, for the form to show. Saving
    /// then asks twice. True when something was recorded.
    pub fn server_changed(&mut self, newer: &Task) -> bool {
        if self.new || newer.id != self.base.id {
            return false;
        }
        let changes = changes_between(&self.base, newer, self.tz, FORM_DESC_CHARS);
        if changes.is_empty() || changes == self.server_changes {
            return false;
        }
        self.server_changes = changes;
        self.overwrite_armed = false;
        true
    }

    /// The save failed: what was typed stays; the server's messages go
    /// beside the fields they name, the rest to the form's line; a failure
    /// other than a refusal offers a retry.
    pub fn refused(&mut self, fault: &ApiFault) {
        self.saving = false;
        self.server_errors = Default::default();
        if fault.kind == FaultKind::Rejected && !fault.fields.is_empty() {
            let mut general = Vec::new();
            for (name, msgs) in &fault.fields {
                let text = msgs.join("; ");
                match Field::from_api(name) {
                    Some(f) => {
                        let slot = &mut self.server_errors[f.index()];
                        *slot = Some(match slot.take() {
                            Some(prev) => format!("{prev}; {text}"),
                            None => text,
                        });
                    }
                    None if name == BASE => general.push(text),
                    None => general.push(format!("{}: {text}", name.replace('_', " "))),
                }
            }
            self.message = Some(if general.is_empty() {
                "Kickserv refused the change: see the marked fields".into()
            } else {
                format!("Kickserv refused the change: {}", general.join("; "))
            });
        } else if fault.kind == FaultKind::NoAnswer {
            let (patch, before) = self.sent.take().unwrap_or_default();
            let look = if self.new { Look::Reading } else { Look::Poll };
            self.message = Some(if self.new {
                format!(
                    "no answer in time: looking for the task on job {}…",
                    self.job_number()
                )
            } else {
                format!(
                    "no answer in time: it may have been saved; the next poll tells · {SAVE_KEY} to send it again"
                )
            });
            self.unsure = Some(Unsure {
                patch,
                before,
                look,
            });
        } else {
            self.message = Some(format!("save failed: {} · {SAVE_KEY} to retry", fault.text));
        }
    }

    /// The tasks that already carried the values being sent (a create's
    /// twin made earlier is not the one it made).
    pub fn sent_over(&mut self, before: Vec<i64>) {
        if let Some((_, b)) = &mut self.sent {
            *b = before;
        }
    }

    /// A change sent with no answer, while what became of it is open.
    pub fn unsure(&self) -> Option<&Unsure> {
        self.unsure.as_ref()
    }

    pub(super) fn job_number(&self) -> String {
        self.job
            .as_ref()
            .map_or_else(|| "?".to_string(), |j| j.0.to_string())
    }

    /// Kickserv shows `newer` with the values sent: saved after all. The
    /// form edits `newer` from now on; what was typed since stays.
    pub fn seen_saved(&mut self, newer: &Task) {
        let (texts, end_days) = texts_of(newer, self.tz);
        self.base = newer.clone();
        self.initial = texts;
        self.end_days = end_days;
        self.initial_employees = newer.employees.iter().map(|e| e.id).collect();
        self.server_changes.clear();
        self.server_errors = Default::default();
        self.draft_stale = false;
        self.overwrite_armed = false;
        self.unsure = None;
        self.message = Some("saved: Kickserv shows the change".into());
        self.revalidate();
    }

    /// The job's tasks are being read again.
    pub fn looking(&mut self) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Reading;
        }
        self.message = Some(format!(
            "looking for the task on job {}…",
            self.job_number()
        ));
    }

    /// A create with no answer happened: Kickserv has it as `id`.
    pub fn found_created(&mut self, id: i64, seen: &str) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Found(id);
        }
        self.message = Some(format!(
            "created after all: {seen} shows it as task {id} · nothing is sent again, {CLOSE_KEY} closes"
        ));
    }

    /// The job has no task with the values sent: the create did not happen.
    pub fn not_found(&mut self) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::NotFound;
        }
        self.message = Some(format!(
            "not created: job {} has no such task · {SAVE_KEY} to create it",
            self.job_number()
        ));
    }

    /// The job's tasks could not be read.
    pub fn look_failed(&mut self, why: &str) {
        if let Some(u) = &mut self.unsure {
            u.look = Look::Failed;
        }
        self.message = Some(format!(
            "could not look for the task on job {} ({why}) · {SAVE_KEY} to look again",
            self.job_number()
        ));
    }
}
