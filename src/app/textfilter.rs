//! The text filter (`/`): a fuzzy, ranked match over what a dispatcher
//! reads on a task. Each keystroke scores every task once and keeps the ids
//! that match, so the layouts' filter is a set lookup.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};

use chrono_tz::Tz;

use crate::kickserv::model::Task;
use crate::schedule::Period;

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
    /// The queries typed so far (without `!`), each a prefix of the next,
    /// with what each matched: typing on narrows the last, and Backspace or
    /// `!` find their answer here instead of scoring every task again.
    steps: Vec<Step>,
    /// The ids of the shown period's tasks, sorted, for the counts.
    period: PeriodIds,
}

/// Sorted ids of the tasks of one period, for the list of tasks `of`.
#[derive(Clone, Debug, Default)]
struct PeriodIds {
    of: Weak<Vec<Task>>,
    key: Option<(Period, Tz)>,
    ids: Arc<Vec<i64>>,
}

/// One query and the (score, task index) of every task it matches, in list order.
#[derive(Clone, Debug)]
struct Step {
    text: String,
    scored: Vec<(u32, u32)>,
}

/// Enough for any query typed by hand; a longer one starts over from its
/// last prefixes (each step holds at most one entry a task).
const MAX_STEPS: usize = 24;

/// Each task's fields, one a line, for the list of tasks `of`. The weak
/// reference keeps that list's address from being reused by another, and
/// a change in place (`Arc::make_mut`) moves it: same address, same list.
#[derive(Clone, Debug, Default)]
struct Haystacks {
    of: Weak<Vec<Task>>,
    texts: Arc<Texts>,
}

/// Every task's fields, each distinct text once: a dispatcher's tasks
/// repeat their employees, customers and addresses, so a query scores each
/// of those once, not once a task. Task `i`'s fields are
/// `fields[ends[i - 1]..ends[i]]`, indices into `strings`.
#[derive(Debug, Default)]
struct Texts {
    strings: Vec<Box<str>>,
    fields: Vec<u32>,
    ends: Vec<u32>,
}

impl Texts {
    fn of(tasks: &[Task]) -> Texts {
        // Long texts (descriptions) rarely repeat: kept without hashing them.
        const SHARED_UP_TO: usize = 48;
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut strings: Vec<Box<str>> = Vec::new();
        let mut fields = Vec::with_capacity(tasks.len() * 6);
        let mut ends = Vec::with_capacity(tasks.len());
        let mut text = String::new();
        let mut spans = Vec::new();
        for task in tasks {
            let start = text.len();
            haystack(task, &mut text);
            spans.push((start, text.len()));
        }
        for &(start, end) in &spans {
            for f in text[start..end].split('\n') {
                let n = strings.len() as u32;
                let id = if f.len() > SHARED_UP_TO {
                    n
                } else {
                    *index.entry(f).or_insert(n)
                };
                if id == n {
                    strings.push(f.into());
                }
                fields.push(id);
            }
            ends.push(fields.len() as u32);
        }
        Texts {
            strings,
            fields,
            ends,
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Task `i`'s fields, as indices into `strings`.
    fn fields(&self, i: usize) -> Option<&[u32]> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? as usize,
            None => 0,
        };
        self.fields.get(start..end)
    }

    #[cfg(test)]
    fn get(&self, i: usize) -> Option<String> {
        let f = self.fields(i)?;
        let texts: Vec<&str> = f.iter().map(|&k| &*self.strings[k as usize]).collect();
        Some(texts.join("\n"))
    }
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
        self.steps.clear();
    }

    /// The tasks changed in place: read them again at the next match.
    pub fn forget_tasks(&mut self) {
        self.hay = Haystacks::default();
        self.steps.clear();
        self.period = PeriodIds::default();
    }

    /// Matching tasks of `period` and all of them ("12 of 170"); `ids`
    /// lists the period's task ids, asked for only when the tasks or the
    /// period changed since the last count.
    pub fn count_in(
        &mut self,
        tasks: &Arc<Vec<Task>>,
        period: (Period, Tz),
        ids: impl FnOnce() -> Vec<i64>,
    ) -> (usize, usize) {
        let p = &mut self.period;
        if !std::ptr::eq(p.of.as_ptr(), Arc::as_ptr(tasks)) || p.key != Some(period) {
            let mut ids = ids();
            ids.sort_unstable();
            ids.dedup();
            *p = PeriodIds {
                of: Arc::downgrade(tasks),
                key: Some(period),
                ids: Arc::new(ids),
            };
        }
        let all = &p.ids;
        let kept = match &self.set {
            None => all.len(),
            // Count from the smaller side: `ranked` has each id once.
            Some(_) if self.ranked.len() < all.len() => self
                .ranked
                .iter()
                .filter(|id| all.binary_search(id).is_ok())
                .count(),
            Some(set) => all.iter().filter(|id| set.contains(id)).count(),
        };
        (kept, all.len())
    }

    /// Reads what the filter matches of each of `tasks`, unless it has
    /// already for this list.
    pub fn prepare(&mut self, tasks: &Arc<Vec<Task>>) {
        if !std::ptr::eq(self.hay.of.as_ptr(), Arc::as_ptr(tasks)) {
            self.hay = Haystacks {
                of: Arc::downgrade(tasks),
                texts: Arc::new(Texts::of(tasks)),
            };
            self.steps.clear();
        }
    }

    /// Matches `tasks` against the query again.
    pub fn apply(&mut self, tasks: &Arc<Vec<Task>>) {
        let (inverted, text) = match self.query.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, self.query.as_str()),
        };
        if text.trim().is_empty() {
            self.set = None;
            self.ranked.clear();
            self.steps.clear();
            return;
        }
        let text = text.to_string();
        self.prepare(tasks);
        let scored = self.matches(&text);
        let scored: Vec<(u32, usize)> = if inverted {
            // Those it does not match, in list order.
            let mut hit = vec![false; tasks.len()];
            for &(_, i) in scored {
                if let Some(h) = hit.get_mut(i as usize) {
                    *h = true;
                }
            }
            (0..tasks.len())
                .filter(|&i| !hit[i])
                .map(|i| (0, i))
                .collect()
        } else {
            scored.iter().map(|&(s, i)| (s, i as usize)).collect()
        };
        let ranked = ranked_ids(scored, tasks);
        self.set = Some(Arc::new(ranked.iter().copied().collect()));
        self.ranked = ranked;
    }

    /// What `text` matches, from the steps where it can be found there:
    /// the same query again, or one typed on from an earlier query (which
    /// can only match fewer tasks, so only those are scored).
    fn matches(&mut self, text: &str) -> &[(u32, u32)] {
        while let Some(last) = self.steps.last() {
            if narrows(&last.text, text) {
                break;
            }
            self.steps.pop();
        }
        if self.steps.last().is_none_or(|s| s.text != text) {
            let scored = match self.steps.last() {
                Some(from) => score(text, &self.hay.texts, from.scored.iter().map(|s| s.1)),
                None => score(text, &self.hay.texts, 0..self.hay.texts.len() as u32),
            };
            if self.steps.len() == MAX_STEPS {
                self.steps.remove(0);
            }
            self.steps.push(Step {
                text: text.to_string(),
                scored,
            });
        }
        self.steps.last().map_or(&[], |s| s.scored.as_slice())
    }
}

/// Whether every task `longer` matches is one `shorter` matches: `longer`
/// types on from `shorter`, and neither has a negated term (`k !m` keeps
/// tasks that `k !mi` drops, and `k !` tasks that `k !m` drops) or ends an
/// escape.
fn narrows(shorter: &str, longer: &str) -> bool {
    longer.starts_with(shorter) && !longer.contains('!') && !shorter.ends_with('\\')
}

/// Ids of the tasks matching `text`, best score first (ties in list order);
/// inverted: those that do not match, in list order.
pub fn rank(text: &str, tasks: &[Task], inverted: bool) -> Vec<i64> {
    let hay = Texts::of(tasks);
    let scored = score(text, &hay, 0..hay.len() as u32);
    let scored: Vec<(u32, usize)> = if inverted {
        let hit: HashSet<u32> = scored.iter().map(|s| s.1).collect();
        (0..tasks.len())
            .filter(|&i| !hit.contains(&(i as u32)))
            .map(|i| (0, i))
            .collect()
    } else {
        scored.into_iter().map(|(s, i)| (s, i as usize)).collect()
    };
    ranked_ids(scored, tasks)
}

/// (score, index) of the candidates that match, in the candidates' order.
/// Each field is scored on its own: a fuzzy match strewn across fields
/// means nothing; a task scores its best field.
fn score(text: &str, hay: &Texts, candidates: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    const UNSEEN: u32 = u32::MAX;
    const NO_MATCH: u32 = u32::MAX - 1;
    let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    // Each distinct text scored at most once for this query.
    let mut memo = vec![UNSEEN; hay.strings.len()];
    let mut out = Vec::new();
    for i in candidates {
        let Some(fields) = hay.fields(i as usize) else {
            continue;
        };
        let mut best = None;
        for &f in fields {
            let Some(m) = memo.get_mut(f as usize) else {
                continue;
            };
            if *m == UNSEEN {
                *m = hay
                    .strings
                    .get(f as usize)
                    .and_then(|t| pattern.score(Utf32Str::new(t, &mut buf), &mut matcher))
                    .map_or(NO_MATCH, |s| s.min(NO_MATCH - 1));
            }
            if *m != NO_MATCH {
                best = best.max(Some(*m));
            }
        }
        if let Some(s) = best {
            out.push((s, i));
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

/// Appends a task's fields to `out`, one a line (line breaks inside a
/// field become spaces), written in place: this runs for every task.
fn haystack(t: &Task, out: &mut String) {
    use std::fmt::Write;
    let start = out.len();
    let field = |out: &mut String| {
        if out.len() > start {
            out.push('\n');
        }
    };
    let text = |out: &mut String, f: &str| {
        field(out);
        push_line(out, f);
    };
    if let Some(n) = t.customer.as_ref().and_then(|c| c.display_name()) {
        text(out, n);
    }
    if let Some(j) = &t.job {
        if let Some(n) = &j.name {
            text(out, n);
        }
        if let Some(n) = j.job_number {
            text(out, "");
            let _ = write!(out, "{n}");
        }
    }
    if let Some(n) = &t.name {
        text(out, n);
    }
    if let Some(c) = &t.customer {
        let parts = [
            &c.service_address,
            &c.service_city,
            &c.service_state,
            &c.service_zip_code,
        ];
        let mut first = true;
        for p in parts.iter().filter_map(|p| p.as_deref()) {
            if p.trim().is_empty() {
                continue;
            }
            if first {
                text(out, p);
                first = false;
            } else {
                out.push_str(", ");
                push_line(out, p);
            }
        }
    }
    for e in &t.employees {
        match e.name.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(n) => text(out, n),
            None => {
                text(out, "");
                let _ = match e.employee_number {
                    Some(n) => write!(out, "Employee #{n}"),
                    None => write!(out, "Employee {}", e.id),
                };
            }
        }
    }
    if let Some(d) = &t.description {
        text(out, d);
    }
}

fn push_line(out: &mut String, f: &str) {
    if f.contains('\n') {
        out.extend(f.chars().map(|c| if c == '\n' { ' ' } else { c }));
    } else {
        out.push_str(f);
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
        let typed = [
            "k",
            "ki",
            "kim",
            "ki",
            "k",
            "!k",
            "k",
            "k m",
            "k",
            "",
            "!",
            "!k",
            "!ki",
            "!k",
            "ki",
            "k !",
            "k !m",
            "k !mi",
            "k !m",
            "k",
            "k\\",
            "k\\ ",
            "ka",
            "kat",
            "kathy imber",
        ];
        for q in typed {
            f.query = q.into();
            f.apply(&tasks);
            let afresh = match q.strip_prefix('!') {
                Some(rest) => rank(rest, &tasks, true),
                None => rank(q, &tasks, false),
            };
            if q.trim_start_matches('!').trim().is_empty() {
                assert!(!f.active(), "{q}");
            } else {
                assert_eq!(f.ranked, afresh, "{q}");
            }
        }
    }

    #[test]
    fn backspace_finds_the_shorter_query_without_scoring_again() {
        let tasks = Arc::new(vec![for_customer(1, "Kim"), for_customer(2, "Kit")]);
        let mut f = TextFilter::default();
        for q in ["k", "ki", "kim"] {
            f.query = q.into();
            f.apply(&tasks);
        }
        assert_eq!(f.steps.len(), 3);
        f.query = "ki".into();
        f.apply(&tasks);
        // The step of "kim" is gone and "ki" answered from its own step.
        assert_eq!(f.steps.len(), 2);
        assert_eq!(f.ranked, vec![1, 2]);
        f.query = "kx".into();
        f.apply(&tasks);
        assert_eq!(
            f.steps.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            ["k", "kx"]
        );
        assert!(f.ranked.is_empty());
    }

    #[test]
    fn the_haystack_holds_each_field_on_a_line_of_its_own() {
        use crate::kickserv::model::{Employee, Job};
        let t = Task {
            id: 1,
            name: Some("Tune-up".into()),
            description: Some("two\nlines".into()),
            customer: Some(Arc::new(Customer {
                id: 2,
                name: Some("Kim Lee".into()),
                service_address: Some("1 Elm St".into()),
                service_city: Some(" ".into()),
                service_zip_code: Some("02139".into()),
                ..Customer::default()
            })),
            job: Some(Arc::new(Job {
                id: 3,
                name: Some("Boiler".into()),
                job_number: Some(1042),
                ..Job::default()
            })),
            employees: vec![
                Arc::new(Employee {
                    id: 9,
                    name: Some("Ana Ruiz".into()),
                    ..Employee::default()
                }),
                Arc::new(Employee {
                    id: 10,
                    employee_number: Some(7),
                    ..Employee::default()
                }),
            ],
            ..Task::default()
        };
        let hay = Texts::of(&[Task::default(), t, for_customer(4, "Oslo")]);
        assert_eq!(hay.get(0).as_deref(), Some(""));
        assert_eq!(
            hay.get(1).as_deref(),
            Some(
                "Kim Lee\nBoiler\n1042\nTune-up\n1 Elm St, 02139\nAna Ruiz\nEmployee #7\ntwo lines"
            )
        );
        assert_eq!(hay.get(2).as_deref(), Some("Oslo"));
        assert_eq!(hay.get(3), None);
    }

    #[test]
    fn a_text_many_tasks_share_is_kept_and_scored_once() {
        let tasks: Vec<Task> = (0..3).map(|i| for_customer(i, "Kim")).collect();
        let hay = Texts::of(&tasks);
        assert_eq!(hay.strings.len(), 1);
        assert_eq!(hay.fields, vec![0, 0, 0]);
        let scored = score("kim", &hay, 0..3);
        assert_eq!(
            scored.iter().map(|s| s.1).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert!(scored.iter().all(|s| s.0 == scored[0].0 && s.0 > 0));
    }

    #[test]
    fn a_task_listed_twice_ranks_once() {
        let tasks = vec![for_customer(1, "Kim"), for_customer(1, "Kim")];
        assert_eq!(rank("kim", &tasks, false), vec![1]);
    }
}
