//! The form's draft journal: when a draft is due, the draft itself, and a
//! write that failed.

use super::*;

impl Form {
    /// True when a draft should be written now: unsaved changes not yet in
    /// the journal, and the last write at least [`DRAFT_EVERY`] ago.
    pub fn draft_due(&self, now: DateTime<Utc>) -> bool {
        self.rev != self.drafted_rev
            && self.has_changes()
            && self.last_draft.is_none_or(|t| now - t >= DRAFT_EVERY)
    }

    /// The draft to write when one is due, noting the write. Call after each
    /// change and on the clock's tick (a last change inside the 300 ms is
    /// written on the next tick).
    pub fn take_draft(&mut self, now: DateTime<Utc>) -> Option<Draft> {
        if !self.draft_due(now) {
            return None;
        }
        self.drafted_rev = self.rev;
        self.last_draft = Some(now);
        Some(self.draft(now))
    }

    /// What was typed, as the journal keeps it.
    pub fn draft(&self, now: DateTime<Utc>) -> Draft {
        Draft {
            task_id: (!self.new).then_some(self.base.id),
            title: if self.new {
                self.inputs[DESC].value().to_string()
            } else {
                self.base.title().to_string()
            },
            description: self.inputs[DESC].value().to_string(),
            date: self.inputs[DATE].value().to_string(),
            start: self.inputs[START].value().to_string(),
            end: self.inputs[END].value().to_string(),
            employee_ids: self.employees.clone(),
            base_updated_at: self.base.updated_at,
            at: now,
            job: self.job.as_ref().map(|(number, label)| DraftJob {
                number: *number,
                label: label.clone(),
            }),
            id: self.draft_id.clone(),
            account_unknown: false,
        }
    }

    /// The journal could not write this edit's draft (`Some(why)`), or
    /// wrote it again (`None`). True when that changes what is shown.
    pub fn draft_failed(&mut self, why: Option<String>) -> bool {
        let changed = self.draft_error != why;
        self.draft_error = why;
        changed
    }

    /// Why this edit is not kept on disk, while it is not.
    pub fn draft_error(&self) -> Option<&str> {
        self.draft_error.as_deref()
    }
}
