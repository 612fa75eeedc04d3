//! The employee picker's keys. Its actions move, toggle (a key of its own),
//! apply and cancel; every other key, space included, is typed into its
//! search. Its result goes to the target the picker owns: the board's
//! employee filter or the form it was opened from, never to whatever modal
//! happens to be under it.

use crossterm::event::KeyEvent;

use super::Step;
use crate::app::editing;
use crate::app::empfilter;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::app::msg::Cmd;
use crate::app::picker::{PickTarget, Picker, PickerKey, PickerOutcome};

/// What a key means in the picker: an action of its context, else text
/// for the search.
pub fn picker_key(a: Option<Action>, k: KeyEvent) -> PickerKey {
    match a {
        Some(Action::MoveUp) => PickerKey::Up,
        Some(Action::MoveDown) => PickerKey::Down,
        Some(Action::Toggle) => PickerKey::Toggle,
        Some(Action::ToggleAll) => PickerKey::ToggleAll,
        Some(Action::Accept) => PickerKey::Apply,
        Some(Action::Close | Action::Quit) => PickerKey::Cancel,
        _ => PickerKey::Text(k),
    }
}

pub fn on_key(
    m: &mut Model,
    p: &mut Picker,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    match p.on_key(picker_key(action, k)) {
        PickerOutcome::Nothing | PickerOutcome::Changed => (Step::Stay, Vec::new()),
        PickerOutcome::Cancel => (Step::Pop, Vec::new()),
        PickerOutcome::Apply(ids) => {
            let cmds = match &p.target {
                PickTarget::Filter => empfilter::take_choice(m, &ids),
                PickTarget::Form(draft_id) => editing::pick_employees(m, draft_id, ids),
            };
            (Step::Pop, cmds)
        }
    }
}
