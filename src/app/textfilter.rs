//! The text filter (`/`): a fuzzy, ranked match over what a dispatcher
//! reads on a task. Each keystroke scores every task once and keeps the ids
//! that match, so the layouts' filter is a set lookup.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::HashSet;
use std::sync::{Arc, Weak};

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
    /// What the filter reads of each task, built once per list of tasks.
    hay: Haystacks,
    /// The last query that was not inverted, and the tasks (by index) it
    /// matched: a query typed on from it can only match fewer.
    last: Option<(String, Vec<usize>)>,
}

/// Each task's fields, one a line, for the list of tasks `of`. The weak
/// reference keeps that list's address from being reused by another, and
/// a change in place (`Arc::make_mut`) moves it: same address, same list.
#[derive(Clone, Debug, Default)]
struct Haystacks {
    of: Weak<Vec<Task>>,
    texts: Arc<Vec<String>>,
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
        self.hay = Haystacks::default();
        self.last = None;
    }

    /// The tasks changed in place: read them again at the next match.
    pub fn forget_tasks(&mut self) {
        self.hay = Haystacks::default();
        self.last = None;
    }

    /// Matches `tasks` against the query again.
    pub fn apply(&mut self, tasks: &Arc<Vec<Task>>) {
        let (inverted, text) = match self.query.strip_prefix('!') {
            Some(rest) => (true, rest.to_string()),
            None => (false, self.query.clone()),
        };
        if text.trim().is_empty() {
            self.set = None;
            self.ranked.clear();
            self.last = None;
            return;
        }
        if !std::ptr::eq(self.hay.of.as_ptr(), Arc::as_ptr(tasks)) {
            self.hay = Haystacks {
                of: Arc::downgrade(tasks),
                texts: Arc::new(tasks.iter().map(haystack).collect()),
            };
            self.last = None;
        }
        let narrowed = match &self.last {
            Some((q, idx)) if !inverted && text.starts_with(q.as_str()) => Some(idx.clone()),
            _ => None,
        };
        let candidates: Box<dyn Iterator<Item = usize>> = match narrowed {
            Some(idx) => Box::new(idx.into_iter()),
            None => Box::new(0..tasks.len()),
        };
        let scored = score(&text, &self.hay.texts, candidates, inverted);
        if !inverted {
            let mut idx: Vec<usize> = scored.iter().map(|s| s.1).collect();
            idx.sort_unstable();
            self.last = Some((text, idx));
        }
        let ranked = ranked_ids(scored, tasks);
        self.set = Some(Arc::new(ranked.iter().copied().collect()));
        self.ranked = ranked;
    }
}

/// Ids of the tasks matching `text`, best score first (ties in list order);
/// inverted: those that do not match, in list order.
pub fn rank(text: &str, tasks: &[Task], inverted: bool) -> Vec<i64> {
    let hay: Vec<String> = tasks.iter().map(haystack).collect();
    ranked_ids(score(text, &hay, 0..tasks.len(), inverted), tasks)
}

/// (score, index) of the candidates that match (inverted: that do not).
/// Each field is scored on its own: a fuzzy match strewn across fields
/// means nothing; a task scores its best field.
fn score(
    text: &str,
    hay: &[String],
    candidates: impl Iterator<Item = usize>,
    inverted: bool,
) -> Vec<(u32, usize)> {
    let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    for i in candidates {
        let Some(h) = hay.get(i) else { continue };
        let best = h
            .split('\n')
            .filter_map(|f| pattern.score(Utf32Str::new(f, &mut buf), &mut matcher))
            .max();
        match (best, inverted) {
            (Some(s), false) => out.push((s, i)),
            (None, true) => out.push((0, i)),
            _ => {}
        }
    }
    out
}

/// Ids by score, best first, ties in list order; a task listed twice
/// (look-back overlap) keeps its best place.
fn ranked_ids(mut scored: Vec<(u32, usize)>, tasks: &[Task]) -> Vec<i64> {
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = HashSet::new();
    scored
        .into_iter()
        .filter_map(|(_, i)| tasks.get(i).map(|t| t.id))
        .filter(|id| seen.insert(*id))
        .collect()
}

/// A task's fields, one a line (line breaks inside a field become spaces).
fn haystack(t: &Task) -> String {
    let mut out = String::new();
    fields(t, |f| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.extend(f.chars().map(|c| if c == '\n' { ' ' } else { c }));
    });
    out
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
        let tasks = Arc::new(vec![for_customer(1, "Kim")]);
        let mut f = TextFilter {
            query: "!".into(),
            ..TextFilter::default()
        };
        f.apply(&tasks);
        assert!(!f.active());
        assert!(f.keeps(99));
    }

    #[test]
    fn typing_on_narrows_to_the_same_result_as_matching_afresh() {
        let names = ["Kim Lee", "Kathy Imber", "Kilo Mart", "Oslo", "Mika", "kim"];
        let tasks = Arc::new(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| for_customer(i as i64, n))
                .collect::<Vec<_>>(),
        );
        let mut f = TextFilter::default();
        for q in ["k", "ki", "kim", "ki", "k", "!k", "k", "k m"] {
            f.query = q.into();
            f.apply(&tasks);
            let afresh = match q.strip_prefix('!') {
                Some(rest) => rank(rest, &tasks, true),
                None => rank(q, &tasks, false),
            };
            assert_eq!(f.ranked, afresh, "{q}");
        }
    }

    #[test]
    fn a_task_listed_twice_ranks_once() {
        let tasks = vec![for_customer(1, "Kim"), for_customer(1, "Kim")];
        assert_eq!(rank("kim", &tasks, false), vec![1]);
    }
}
