//! Employees the board must show although the employee list does not know them.

use std::collections::{BTreeMap, HashSet};

use crate::kickserv::model::Task;

/// Employee ids referenced by tasks but missing from `known` (e.g. inactive employees absent
/// from /employees.json): the board still gives them a column. Sorted, deduplicated, each
/// with the first real name any task gives it, else a placeholder built from its number.
pub fn unknown_employees(tasks: &[Task], known: &[i64]) -> Vec<(i64, String)> {
    let known: HashSet<i64> = known.iter().copied().collect();
    let mut found: BTreeMap<i64, (bool, String)> = BTreeMap::new();
    for e in tasks.iter().flat_map(|t| &t.employees) {
        if known.contains(&e.id) {
            continue;
        }
        let named = e.name.as_deref().is_some_and(|n| !n.trim().is_empty());
        match found.get(&e.id) {
            Some((true, _)) => {}
            Some((false, _)) if !named => {}
            _ => {
                found.insert(e.id, (named, e.display_name()));
            }
        }
    }
    found
        .into_iter()
        .map(|(id, (_, name))| (id, name))
        .collect()
}
