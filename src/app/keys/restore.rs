//! The restore prompt's keys: yes restores the draft of an earlier run, no
//! discards it, later leaves it for the next start.

use super::Step;
use crate::app::editing::restore;
use crate::app::keymap::Action;
use crate::app::model::{Model, Restore};
use crate::app::msg::{Cmd, StoreCmd};
use crate::app::notice::toast;

pub fn on_key(m: &mut Model, r: &mut Restore, a: Option<Action>) -> (Step, Vec<Cmd>) {
    match a {
        Some(Action::Later) => {
            toast(
                m,
                "The unsaved edit is kept for the next start".to_string(),
                false,
            );
            m.offer_next_draft();
            (Step::Pop, Vec::new())
        }
        Some(Action::Yes) if restore(m, r) => (Step::Stay, Vec::new()),
        Some(Action::Yes) => (Step::Pop, Vec::new()),
        Some(Action::No | Action::Quit) => {
            toast(m, "Unsaved edit discarded".to_string(), false);
            m.offer_next_draft();
            (
                Step::Pop,
                vec![Cmd::Store(StoreCmd::RemoveDraft(r.draft.id.clone()))],
            )
        }
        _ => (Step::Stay, Vec::new()),
    }
}
