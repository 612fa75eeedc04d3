//! The text filter (`/`): a fuzzy, ranked match over what a dispatcher
//! reads on a task. Each keystroke scores every task once and keeps the ids
//! that match, so the layouts' filter is a set lookup.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::HashSet;
use std::sync::Arc;

use crate::kickserv::model::Task;

/// The query and what it matches. An empty query (or a bare `!`) filters nothing.
#[derive(Clone, Debug, Default)]
pub struct TextFilter {
    pub query: String,
    /// Tasks that do not match are left out of the layouts (else drawn dim).
    pub hide: bool,
    /// Ids of the matching tasks; `None` while no filter applies.
    set: Option<Arc<HashSet<i64>>>,
    /// The matching ids, best first (`Tab` steps through them).
    pub ranked: Vec<i64>,
    /// Matching tasks of the shown period, and all of them (for the header).
    pub counts: (usize, usize),
}

impl TextFilter {
    /// No query yet; once there is one, the tasks it does not match are hidden.
    pub fn hiding_by_default() -> TextFilter {
        TextFilter {
            hide: true,
            ..TextFilter::default()
        }
    }

    /// Whether a query applies.
    pub fn active(&self) -> bool {
        self.set.is_some()
    }

    /// Whether the task is one the filter keeps (every task without a filter).
    pub fn keeps(&self, id: i64) -> bool {
        self.set.as_ref().is_none_or(|s| s.contains(&id))
    }

    /// The set the layouts test when hiding; `None` shows every task.
    pub fn hiding(&self) -> Option<Arc<HashSet<i64>>> {
        self.set.clone().filter(|_| self.hide)
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.set = None;
        self.ranked.clear();
    }

    /// Matches `tasks` against the query again.
    pub fn apply(&mut self, tasks: &[Task]) {
        let (inverted, text) = match self.query.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, self.query.as_str()),
        };
        if text.trim().is_empty() {
            self.set = None;
            self.ranked.clear();
            return;
        }
        let ranked = rank(text, tasks, inverted);
        self.set = Some(Arc::new(ranked.iter().copied().collect()));
        self.ranked = ranked;
    }
}

/// Ids of the tasks matching `text`, best score first (ties in list order);
/// inverted: those that do not match, in list order.
pub fn rank(text: &str, tasks: &[Task], inverted: bool) -> Vec<i64> {
    let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, i64)> = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        // Each field on its own: a fuzzy match strewn across fields means nothing.
        let mut best: Option<u32> = None;
        fields(t, |f| {
            if let Some(s) = pattern.score(Utf32Str::new(f, &mut buf), &mut matcher) {
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        });
        match (best, inverted) {
            (Some(s), false) => scored.push((s, i, t.id)),
            (None, true) => scored.push((0, i, t.id)),
            _ => {}
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = HashSet::new();
    // A task may be listed twice (look-back overlap): keep its best place.
    scored
        .into_iter()
        .map(|(_, _, id)| id)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// What the filter reads of a task: customer, job name and number, task
/// name, service address, employees and description.
fn fields(t: &Task, mut each: impl FnMut(&str)) {
    if let Some(n) = t.customer.as_ref().and_then(|c| c.display_name()) {
        each(n);
    }
    if let Some(j) = &t.job {
        if let Some(n) = &j.name {
            each(n);
        }
        if let Some(n) = j.job_number {
            each(&n.to_string());
        }
    }
    if let Some(n) = &t.name {
        each(n);
    }
    if let Some(c) = &t.customer {
        let a = c.address_line();
        if !a.is_empty() {
            each(&a);
        }
    }
    for e in &t.employees {
        each(&e.display_name());
    }
    if let Some(d) = &t.description {
        each(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kickserv::model::Customer;

    fn for_customer(id: i64, name: &str) -> Task {
        Task {
            id,
            customer: Some(Arc::new(Customer {
                id,
                name: Some(name.into()),
                ..Customer::default()
            })),
            ..Task::default()
        }
    }

    #[test]
    fn a_bare_bang_or_blank_filters_nothing() {
        let tasks = vec![for_customer(1, "Kim")];
        let mut f = TextFilter {
            query: "!".into(),
            ..TextFilter::default()
        };
        f.apply(&tasks);
        assert!(!f.active());
        assert!(f.keeps(99));
    }

    #[test]
    fn a_task_listed_twice_ranks_once() {
        let tasks = vec![for_customer(1, "Kim"), for_customer(1, "Kim")];
        assert_eq!(rank("kim", &tasks, false), vec![1]);
    }
}
