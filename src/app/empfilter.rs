//! The employee filter (`E`): which employees' lanes the board shows.
//!
//! The lanes are filtered, not the tasks: a task of two employees still
//! shows in the lane of the one chosen. The picker over it is the edit
//! form's, with one more row for the Unassigned lane.

use serde::{Deserialize, Serialize};

use super::model::{Model, Overlay};
use super::msg::Cmd;
use super::picker::{Choice, Picker, PickerOutcome};

/// The picker's row for the Unassigned lane (no employee has this id).
pub const UNASSIGNED_CHOICE: i64 = i64::MIN;

/// The employees whose lanes are shown; everyone when there is none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmployeeFilter {
    pub ids: Vec<i64>,
    /// The Unassigned lane is shown too.
    pub unassigned: bool,
}

impl EmployeeFilter {
    /// Whether the lane of employee `id` is shown.
    pub fn shows(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }
}

/// One employee the board knows of: from the employee list, or only
/// named by tasks (inactive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub inactive: bool,
}

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

/// `E`: the picker over everyone, with the filter in use chosen. With none,
/// only Unassigned starts chosen: typing a name, `Space`, `Enter` then shows
/// that employee's work and the work nobody has.
pub fn open(m: &mut Model) -> Vec<Cmd> {
    let rows = choices(&m.people);
    let chosen: Vec<i64> = match &m.employee_filter {
        None => vec![UNASSIGNED_CHOICE],
        Some(f) => {
            let mut ids = f.ids.clone();
            if f.unassigned {
                ids.push(UNASSIGNED_CHOICE);
            }
            ids
        }
    };
    m.open(Overlay::Employees(Box::new(Picker::new(rows, &chosen))));
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

/// The one employee the poller may ask the API for, by number: when the
/// filter shows that employee's lane alone (with Unassigned shown, the
/// tasks of no one are needed too).
pub fn fetch_scope(m: &Model) -> Option<i64> {
    let f = m.employee_filter.as_ref().filter(|f| !f.unassigned)?;
    let [id] = f.ids.as_slice() else {
        return None;
    };
    m.employees
        .iter()
        .find(|e| e.id == *id)
        .and_then(|e| e.employee_number)
}

/// Sets the filter in use and lays the board out with it; when that
/// changes what the poller asks for, the cache (of the other scope) goes
/// and the shown period is fetched again.
pub fn set(m: &mut Model, filter: Option<EmployeeFilter>) -> Vec<Cmd> {
    if m.employee_filter == filter {
        return Vec::new();
    }
    let scope = fetch_scope(m);
    let lane = m.lanes.get(m.cursor.lane).map(|(l, _)| *l);
    m.employee_filter = filter;
    m.relayout();
    // Stay on the lane the cursor was on when it is still shown.
    if let Some(i) = lane.and_then(|l| m.lanes.iter().position(|(x, _)| *x == l)) {
        m.cursor.lane = i;
        m.cursor.task = None;
        m.fix_cursor();
    }
    let mut cmds = super::update::save_state(m);
    if fetch_scope(m) != scope {
        m.cache.clear();
        cmds.extend(super::update::fetch_shown(m));
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
    let Some((_, ids)) = m.opts.filter_sets.iter().find(|(n, _)| n == name) else {
        return Err(format!("no saved set {name:?} ({})", known()));
    };
    let f = EmployeeFilter {
        ids: ids.clone(),
        unassigned: true,
    };
    Ok(set(m, Some(f)))
}

/// A key for the employee filter's picker: `Apply` sets the filter, `Esc`
/// leaves the one in use.
pub fn on_outcome(m: &mut Model, picker: Box<Picker>, outcome: PickerOutcome) -> Vec<Cmd> {
    match outcome {
        PickerOutcome::Nothing | PickerOutcome::Changed => {
            m.modals.push(Overlay::Employees(picker));
            Vec::new()
        }
        PickerOutcome::Apply(ids) => {
            let f = from_choice(&ids, &m.people);
            set(m, f)
        }
        PickerOutcome::Cancel => Vec::new(),
    }
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
