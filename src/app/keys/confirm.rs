//! A confirmation's keys: yes sends what it carries (once), no closes it.

use crossterm::event::{KeyCode, KeyEvent};

use super::Step;
use super::board::send;
use crate::app::confirm::Confirm;
use crate::app::deleting;
use crate::app::keymap::Action;
use crate::app::modal;
use crate::app::model::{Model, Pending};
use crate::app::msg::Cmd;
use crate::app::notice::toast;
use crate::app::saves;

pub fn on_key(
    m: &mut Model,
    c: &mut Confirm,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    let yes = action == Some(Action::Yes) && (c.enter_confirms || k.code != KeyCode::Enter);
    let no = matches!(action, Some(Action::No | Action::Quit));
    if no {
        return (Step::Pop, Vec::new());
    }
    if !yes {
        return (Step::Stay, Vec::new());
    }
    // Its task gone, a confirmation acts on nothing else: it closes.
    if modal::fate(m, &c.seen).is_gone() {
        toast(
            m,
            format!("Nothing sent: {} · {}", modal::GONE, c.title),
            true,
        );
        return (Step::Pop, Vec::new());
    }
    let cmds = match c.pending {
        Pending::Delete { .. } => deleting::on_yes(m, c.clone()),
        Pending::Undo { .. } => match c.revert.clone() {
            Some(r) => {
                let (patch, now) = *r;
                saves::undo_confirmed(m, now, patch)
            }
            None => Vec::new(),
        },
        Pending::Notify { .. } => send(m, c.clone()),
    };
    (Step::Pop, cmds)
}
