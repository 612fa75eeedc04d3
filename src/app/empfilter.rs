//! The employee filter (`E`): which employees' lanes the board shows.
//!
//! The lanes are filtered, not the tasks: a task of two employees still
//! shows in the lane of the one chosen. The picker over it is the edit
//! form's, with one more row for the Unassigned lane.

use super::model::{Model, Overlay};
use super::msg::Cmd;
use super::picker::{Choice, PickTarget, Picker};
pub use super::state::filter::{EmployeeFilter, Person, UNASSIGNED_CHOICE};

/// The picker's rows: Unassigned, then every employee in lane order.
fn choices(people: &[Person]) -> Vec<Choice> {
    let mut out = vec![Choice {
        id: UNASSIGNED_CHOICE,
        name: "Unassigned".to_string(),
    }];
    out.extend(people.iter().map(|p| Choice {
        id: p.id,
        name: if p.inactive {
            format!("{} (inactive)", p.name)
        } else {
            p.name.clone()
        },
    }));
    out
}

/// `E`: the picker over everyone, chosen as the board shows them: with no
/// filter everyone (Unassigned too), so `Enter` at once changes nothing.
pub fn open(m: &mut Model) -> Vec<Cmd> {
    let rows = choices(&m.people);
    let chosen: Vec<i64> = match &m.employee_filter {
        None => rows.iter().map(|c| c.id).collect(),
        Some(f) => {
            let mut ids = f.ids.clone();
            if f.unassigned {
                ids.push(UNASSIGNED_CHOICE);
            }
            ids
        }
    };
    let picker = Picker::new(rows, &chosen, PickTarget::Filter);
    m.open(Overlay::Employees(Box::new(picker)));
    Vec::new()
}

/// The filter the picker's choice means: none when everyone or no one is
/// chosen (an empty board helps nobody).
pub fn from_choice(ids: &[i64], people: &[Person]) -> Option<EmployeeFilter> {
    let unassigned = ids.contains(&UNASSIGNED_CHOICE);
    let ids: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|&i| i != UNASSIGNED_CHOICE)
        .collect();
    let everyone = unassigned && people.iter().all(|p| ids.contains(&p.id));
    if everyone || (ids.is_empty() && !unassigned) {
        return None;
    }
    Some(EmployeeFilter { ids, unassigned })
}

/// Sets the filter in use and lays the board out with it; when that
/// changes what the poller asks for, the cache (of the other scope) goes
/// and the shown period is fetched again.
pub fn set(m: &mut Model, filter: Option<EmployeeFilter>) -> Vec<Cmd> {
    if m.employee_filter == filter {
        return Vec::new();
    }
    let scope = m.fetch_scope();
    let lane = m.lanes.get(m.cursor.lane).map(|(l, _)| *l);
    m.employee_filter = filter;
    m.relayout();
    // Stay on the lane the cursor was on when it is still shown.
    if let Some(i) = lane.and_then(|l| m.lanes.iter().position(|(x, _)| *x == l)) {
        m.cursor.lane = i;
        m.cursor.task = None;
        m.fix_cursor();
    }
    let mut cmds = super::persist::save_state(m);
    if m.fetch_scope() != scope {
        m.cache.clear();
        cmds.extend(super::period::fetch_shown(m));
    }
    cmds
}

/// `:employees <set>`: the saved set of that name (`[filters]` in the
/// config), with the Unassigned lane, whose work nobody may miss.
pub fn apply_set(m: &mut Model, name: &str) -> Result<Vec<Cmd>, String> {
    let name = name.trim();
    let known = || {
        let names: Vec<&str> = m.opts.filter_sets.iter().map(|(n, _)| n.as_str()).collect();
        if names.is_empty() {
            "none in the config's [filters]".to_string()
        } else {
            names.join(", ")
        }
    };
    if name.is_empty() {
        return Err(format!("which set? ({})", known()));
    }
    if !m.opts.filter_sets.iter().any(|(n, _)| n == name) {
        return Err(format!("no saved set {name:?} ({})", known()));
    }
    let f = EmployeeFilter {
        ids: super::sets::ids_of(m, name)?,
        unassigned: true,
    };
    Ok(set(m, Some(f)))
}

/// The filter's picker chose `ids`: the filter they mean is set.
pub fn take_choice(m: &mut Model, ids: &[i64]) -> Vec<Cmd> {
    let f = from_choice(ids, &m.people);
    set(m, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        (1..=3)
            .map(|id| Person {
                id,
                name: format!("P{id}"),
                inactive: id == 3,
            })
            .collect()
    }

    #[test]
    fn everyone_or_no_one_is_no_filter() {
        assert_eq!(from_choice(&[UNASSIGNED_CHOICE, 1, 2, 3], &people()), None);
        assert_eq!(from_choice(&[], &people()), None);
        assert_eq!(
            from_choice(&[UNASSIGNED_CHOICE, 2], &people()),
            Some(EmployeeFilter {
                ids: vec![2],
                unassigned: true
            })
        );
        // Every employee but not Unassigned is a filter still.
        assert_eq!(
            from_choice(&[1, 2, 3], &people()).map(|f| f.unassigned),
            Some(false)
        );
    }

    #[test]
    fn the_rows_are_unassigned_then_everyone_the_inactive_marked() {
        let names: Vec<String> = choices(&people()).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["Unassigned", "P1", "P2", "P3 (inactive)"]);
    }
}
