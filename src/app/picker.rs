//! The employee picker: a multi-select list with fuzzy search as you type.
//!
//! Pure: it takes intents already decoded from keys ([`PickerKey`]) and
//! answers what became of them ([`PickerOutcome`]); the key context that
//! decodes them lives in `app::keys::picker`. Every typed character, space
//! included, goes to the search; toggling has a key of its own.
//!
//! A picker knows what it chooses for ([`PickTarget`]): its result goes
//! there, whatever else is open, and taking a selection unchanged changes
//! nothing.

use crossterm::event::{Event, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// What a key means to the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerKey {
    Up,
    Down,
    /// Select or unselect the employee under the cursor.
    Toggle,
    /// Select every shown employee, or none when all are selected.
    ToggleAll,
    /// Take the selection.
    Apply,
    /// Leave, the selection as it was at open.
    Cancel,
    /// A key for the search query.
    Text(KeyEvent),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerOutcome {
    Nothing,
    Changed,
    /// The chosen employee ids, in the roster's order (only when they differ
    /// from those chosen at open).
    Apply(Vec<i64>),
    /// Closed with nothing to change: `Esc`, or `Enter` on the selection
    /// it opened with.
    Cancel,
}

/// What a picker chooses for: its result is written there and nowhere else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickTarget {
    /// The board's employee filter (`E`).
    Filter,
    /// The employees of the form whose draft id this is.
    Form(String),
}

/// One pickable employee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Picker {
    choices: Vec<Choice>,
    selected: Vec<bool>,
    /// The selection at open: `Enter` on it changes nothing.
    initial: Vec<bool>,
    pub target: PickTarget,
    pub query: Input,
    /// Indices into `choices` matching the query, best first.
    shown: Vec<usize>,
    cursor: usize,
    /// Kept between keys: a new one allocates its scoring matrix.
    matcher: Matcher,
    /// Each choice's name as the matcher reads it, made once: converting a
    /// non-ASCII name (grapheme by grapheme) cost more than scoring it.
    hay: Vec<Utf32String>,
}

impl Picker {
    /// A picker for `target` over `choices` with `selected` ids chosen.
    /// Selected ids not in `choices` are added (by id) so that applying
    /// never drops them.
    pub fn new(mut choices: Vec<Choice>, selected: &[i64], target: PickTarget) -> Picker {
        for id in selected {
            if !choices.iter().any(|c| c.id == *id) {
                choices.push(Choice {
                    id: *id,
                    name: format!("Employee {id}"),
                });
            }
        }
        let selected: Vec<bool> = choices.iter().map(|c| selected.contains(&c.id)).collect();
        let hay = choices
            .iter()
            .map(|c| Utf32String::from(c.name.as_str()))
            .collect();
        let mut p = Picker {
            choices,
            initial: selected.clone(),
            selected,
            target,
            query: Input::default(),
            shown: Vec::new(),
            cursor: 0,
            matcher: Matcher::new(Config::DEFAULT),
            hay,
        };
        p.refilter();
        p
    }

    pub fn on_key(&mut self, key: PickerKey) -> PickerOutcome {
        match key {
            PickerKey::Up => self.move_by(-1),
            PickerKey::Down => self.move_by(1),
            PickerKey::Toggle => match self.shown.get(self.cursor) {
                Some(&i) => {
                    self.selected[i] = !self.selected[i];
                    PickerOutcome::Changed
                }
                None => PickerOutcome::Nothing,
            },
            PickerKey::ToggleAll => {
                if self.shown.is_empty() {
                    return PickerOutcome::Nothing;
                }
                let all = self.shown.iter().all(|&i| self.selected[i]);
                for &i in &self.shown {
                    self.selected[i] = !all;
                }
                PickerOutcome::Changed
            }
            PickerKey::Apply if self.selected == self.initial => PickerOutcome::Cancel,
            PickerKey::Apply => PickerOutcome::Apply(self.chosen()),
            PickerKey::Cancel => PickerOutcome::Cancel,
            PickerKey::Text(k) => {
                let before = (self.query.value().to_string(), self.query.cursor());
                self.query.handle_event(&Event::Key(k));
                if self.query.value() != before.0 {
                    self.refilter();
                    PickerOutcome::Changed
                } else if self.query.cursor() != before.1 {
                    PickerOutcome::Changed
                } else {
                    PickerOutcome::Nothing
                }
            }
        }
    }

    fn move_by(&mut self, d: isize) -> PickerOutcome {
        let last = self.shown.len().saturating_sub(1);
        let to = self.cursor.saturating_add_signed(d).min(last);
        if to == self.cursor {
            return PickerOutcome::Nothing;
        }
        self.cursor = to;
        PickerOutcome::Changed
    }

    /// Ranks the choices against the query: best score first, the roster's
    /// order among equals; every choice when the query is empty.
    fn refilter(&mut self) {
        let q = self.query.value().trim();
        if q.is_empty() {
            self.shown = (0..self.choices.len()).collect();
        } else {
            let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
            let matcher = &mut self.matcher;
            let mut scored: Vec<(u32, usize)> = self
                .hay
                .iter()
                .enumerate()
                .filter_map(|(i, h)| pattern.score(h.slice(..), matcher).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    /// The selected ids, in the roster's order.
    pub fn chosen(&self) -> Vec<i64> {
        self.choices
            .iter()
            .zip(&self.selected)
            .filter(|(_, s)| **s)
            .map(|(c, _)| c.id)
            .collect()
    }

    /// The shown choices, best match first, with whether each is selected.
    pub fn rows(&self) -> impl Iterator<Item = (&Choice, bool)> {
        self.shown
            .iter()
            .map(|&i| (&self.choices[i], self.selected[i]))
    }

    /// Position of the cursor among the shown rows.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn selected_count(&self) -> usize {
        self.selected.iter().filter(|s| **s).count()
    }

    pub fn total(&self) -> usize {
        self.choices.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn roster() -> Vec<Choice> {
        [
            (1, "Ana Gómez"),
            (2, "Ben Okafor"),
            (3, "Chloé Martin"),
            (4, "黒田 健"),
            (5, "Dev Patel"),
            (6, "Bernadette Anderson"),
        ]
        .into_iter()
        .map(|(id, n)| Choice { id, name: n.into() })
        .collect()
    }

    fn typed(p: &mut Picker, s: &str) {
        for c in s.chars() {
            p.on_key(PickerKey::Text(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    fn names(p: &Picker) -> Vec<&str> {
        p.rows().map(|(c, _)| c.name.as_str()).collect()
    }

    #[test]
    fn ranking_puts_the_closest_name_first() {
        let mut p = Picker::new(roster(), &[], PickTarget::Filter);
        assert_eq!(names(&p).len(), 6, "an empty query shows everyone");
        typed(&mut p, "ben");
        // A word start beats letters scattered through a name.
        assert_eq!(names(&p).first(), Some(&"Ben Okafor"));
        assert!(names(&p).contains(&"Bernadette Anderson"));
        assert!(!names(&p).contains(&"Dev Patel"));
        // Accents need not be typed.
        let mut p = Picker::new(roster(), &[], PickTarget::Filter);
        typed(&mut p, "chloe");
        assert_eq!(names(&p), ["Chloé Martin"]);
    }

    #[test]
    fn a_cjk_name_is_found_and_an_unknown_query_shows_nothing() {
        let mut p = Picker::new(roster(), &[], PickTarget::Filter);
        typed(&mut p, "黒田");
        assert_eq!(names(&p), ["黒田 健"]);
        let mut p = Picker::new(roster(), &[], PickTarget::Filter);
        typed(&mut p, "zzq");
        assert!(names(&p).is_empty());
        assert_eq!(p.on_key(PickerKey::Toggle), PickerOutcome::Nothing);
        assert_eq!(p.on_key(PickerKey::Apply), PickerOutcome::Cancel);
    }

    #[test]
    fn space_toggles_a_toggles_all_enter_applies_in_roster_order() {
        let mut p = Picker::new(roster(), &[5], PickTarget::Filter);
        assert_eq!(p.on_key(PickerKey::Down), PickerOutcome::Changed);
        assert_eq!(p.on_key(PickerKey::Toggle), PickerOutcome::Changed); // Ben on
        assert_eq!(p.on_key(PickerKey::Up), PickerOutcome::Changed);
        assert_eq!(
            p.on_key(PickerKey::Up),
            PickerOutcome::Nothing,
            "stops at the top"
        );
        p.on_key(PickerKey::Toggle); // Ana on
        assert_eq!(
            p.on_key(PickerKey::Apply),
            PickerOutcome::Apply(vec![1, 2, 5])
        );
        p.on_key(PickerKey::ToggleAll);
        assert_eq!(p.chosen(), vec![1, 2, 3, 4, 5, 6]);
        p.on_key(PickerKey::ToggleAll);
        assert!(p.chosen().is_empty());
        // All/none works on what the query shows.
        typed(&mut p, "ben");
        p.on_key(PickerKey::ToggleAll);
        assert_eq!(p.chosen(), vec![2, 6]);
    }

    #[test]
    fn enter_on_the_selection_it_opened_with_changes_nothing() {
        let mut p = Picker::new(roster(), &[1, 2], PickTarget::Filter);
        assert_eq!(p.on_key(PickerKey::Apply), PickerOutcome::Cancel);
        // Changed and changed back is no change either.
        p.on_key(PickerKey::Toggle);
        p.on_key(PickerKey::Toggle);
        assert_eq!(p.on_key(PickerKey::Apply), PickerOutcome::Cancel);
        p.on_key(PickerKey::Toggle);
        assert_eq!(p.on_key(PickerKey::Apply), PickerOutcome::Apply(vec![2]));
    }

    #[test]
    fn a_space_is_typed_into_the_search() {
        let mut p = Picker::new(roster(), &[], PickTarget::Filter);
        typed(&mut p, "ben ok");
        assert_eq!(p.query.value(), "ben ok");
        assert_eq!(names(&p), ["Ben Okafor"]);
        assert!(p.chosen().is_empty(), "nothing was ticked");
    }

    #[test]
    fn esc_leaves_the_selection_and_unknown_ids_survive() {
        let mut p = Picker::new(roster(), &[3, 99], PickTarget::Filter);
        p.on_key(PickerKey::ToggleAll);
        assert_eq!(p.on_key(PickerKey::Cancel), PickerOutcome::Cancel);
        let p = Picker::new(roster(), &[3, 99], PickTarget::Filter);
        assert_eq!(p.chosen(), vec![3, 99]);
        assert_eq!(p.total(), 7);
        assert_eq!(p.selected_count(), 2);
    }
}
