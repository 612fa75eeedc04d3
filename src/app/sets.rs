//! Saved sets of employees (`[filters]` in the config): entries by id,
//! number or name resolved against the employees Kickserv lists; an entry
//! that names nobody is an error naming the set, the entry and the file;
//! `:set save NAME` writes the filter in use as a new set.

use std::path::Path;

use super::model::Model;
use super::msg::{Cmd, StoreCmd};
use super::notice::toast;
use crate::config::sets::SetEntry;
use crate::kickserv::model::Employee;

/// The ids `entries` name among `staff`, and the entries that name nobody
/// (or more than one employee, for a name).
pub fn resolve<'a>(entries: &'a [SetEntry], staff: &[Employee]) -> (Vec<i64>, Vec<&'a SetEntry>) {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for e in entries {
        let found: Vec<i64> = match e {
            SetEntry::Id(id) => staff.iter().filter(|s| s.id == *id).map(|s| s.id).collect(),
            SetEntry::Number(n) => staff
                .iter()
                .filter(|s| s.employee_number == Some(*n))
                .map(|s| s.id)
                .collect(),
            SetEntry::Name(name) => staff
                .iter()
                .filter(|s| s.display_name().trim().to_lowercase() == name.trim().to_lowercase())
                .map(|s| s.id)
                .collect(),
        };
        match found[..] {
            [id] => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => unknown.push(e),
        }
    }
    (ids, unknown)
}

/// The error for `entry` of set `set`, naming the file it is in.
pub fn unknown_entry(set: &str, entry: &SetEntry, file: Option<&Path>) -> String {
    let file = file.map_or_else(
        || "the config file".to_string(),
        |f| f.display().to_string(),
    );
    format!(
        "saved set {set:?} in {file}: {entry} names no one employee (use an employee's number \"#12\" or their name)"
    )
}

/// The ids of the saved set `name`; an entry that names nobody is an error.
/// Before the employee list has come, only ids can be taken.
pub fn ids_of(m: &Model, name: &str) -> Result<Vec<i64>, String> {
    let Some((_, entries)) = m.opts.filter_sets.iter().find(|(n, _)| n == name) else {
        return Err(format!("no saved set {name:?}"));
    };
    if m.employees.is_empty() {
        return entries
            .iter()
            .map(|e| match e {
                SetEntry::Id(id) => Ok(*id),
                other => Err(format!(
                    "saved set {name:?}: {other} cannot be looked up before the employee list has come"
                )),
            })
            .collect();
    }
    let (ids, unknown) = resolve(entries, &m.employees);
    match unknown.first() {
        Some(e) => Err(unknown_entry(name, e, m.opts.config_file.as_deref())),
        None => Ok(ids),
    }
}

/// The ids the set at `i` names that are known (a monitor's page shows
/// what it can).
pub fn known_ids(m: &Model, i: usize) -> Option<Vec<i64>> {
    let (_, entries) = m.opts.filter_sets.get(i)?;
    if m.employees.is_empty() {
        return Some(
            entries
                .iter()
                .filter_map(|e| match e {
                    SetEntry::Id(id) => Some(*id),
                    _ => None,
                })
                .collect(),
        );
    }
    Some(resolve(entries, &m.employees).0)
}

/// The first entry of any set that names nobody, as an error.
pub fn problem(m: &Model) -> Option<String> {
    m.opts.filter_sets.iter().find_map(|(name, entries)| {
        let (_, unknown) = resolve(entries, &m.employees);
        unknown
            .first()
            .map(|e| unknown_entry(name, e, m.opts.config_file.as_deref()))
    })
}

/// The employee list came: a set naming nobody is said (once per problem).
pub fn on_employees(m: &mut Model) {
    if m.employees.is_empty() {
        return;
    }
    let p = problem(m);
    if let Some(text) = p.as_ref().filter(|_| p != m.sets_said) {
        tracing::warn!("{text}");
        toast(m, text.clone(), true);
    }
    m.sets_said = p;
}

/// How a set names employee `id`: by name when no one else has it, else
/// by number, else by id.
fn entry_for(m: &Model, id: i64) -> SetEntry {
    let Some(e) = m.employees.iter().find(|e| e.id == id) else {
        return SetEntry::Id(id);
    };
    let name = e.display_name().trim().to_string();
    let same = |o: &Employee| o.display_name().trim().to_lowercase() == name.to_lowercase();
    if !name.is_empty() && m.employees.iter().filter(|o| same(o)).count() == 1 {
        return SetEntry::Name(name);
    }
    e.employee_number.map_or(SetEntry::Id(id), SetEntry::Number)
}

/// `:set save NAME`: the employees shown now become the saved set NAME,
/// usable at once and written to the config file's `[filters]`.
pub fn command(m: &mut Model, arg: &str) -> Result<Vec<Cmd>, String> {
    let usage = "set save NAME: keeps the employees shown as a set ([filters] in the config)";
    let Some(name) = arg.trim().strip_prefix("save").map(str::trim) else {
        return Err(usage.into());
    };
    let name = name.trim_matches('"').trim();
    if name.is_empty() {
        return Err(usage.into());
    }
    let Some(f) = m.employee_filter.clone().filter(|f| !f.ids.is_empty()) else {
        return Err(format!(
            "no employee filter in use: {} picks whom to show, then set save {name}",
            m.opts.keymap.key_text(
                super::keymap::Context::Board,
                super::keymap::Action::EmployeeFilter
            )
        ));
    };
    if m.opts.filter_sets.iter().any(|(n, _)| n == name) {
        return Err(format!("a saved set {name:?} exists already"));
    }
    let Some(file) = m.opts.config_file.clone() else {
        return Err("no config file to write the set to".into());
    };
    let entries: Vec<SetEntry> = f.ids.iter().map(|&id| entry_for(m, id)).collect();
    m.opts.filter_sets.push((name.to_string(), entries.clone()));
    toast(
        m,
        format!(
            "Saving set {name:?} ({} employees) to {}",
            entries.len(),
            file.display()
        ),
        false,
    );
    Ok(vec![Cmd::Store(StoreCmd::SaveSet {
        file,
        name: name.to_string(),
        entries,
    })])
}

/// The config file was written (or not).
pub fn on_saved(m: &mut Model, name: &str, result: Result<String, String>) -> Vec<Cmd> {
    match result {
        Ok(file) => toast(m, format!("Saved set {name:?} in {file}"), false),
        Err(e) => {
            // Not in the file: not offered as if it were.
            m.opts.filter_sets.retain(|(n, _)| n != name);
            toast(m, format!("Set {name:?} not saved: {e}"), true);
        }
    }
    Vec::new()
}
