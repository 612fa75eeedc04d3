//! "Running late" keys: Enter sends the staged shifts, Esc drops them;
//! after the cascade, one key sends the affected customers the new
//! details, and Esc (or Enter) is done.

use super::Step;
use crate::app::dispatch::late;
use crate::app::keymap::Action;
use crate::app::model::Model;
use crate::app::msg::Cmd;

pub fn on_key(m: &mut Model, action: Option<Action>) -> (Step, Vec<Cmd>) {
    let Some(c) = m.cascade() else {
        return (Step::Pop, Vec::new());
    };
    let (committed, done) = (c.committed, c.done());
    match action {
        Some(Action::Commit) if !committed => (Step::Stay, late::commit(m)),
        Some(Action::NotifyDetails) if done => (Step::Stay, late::tell_customers(m)),
        Some(Action::Commit | Action::DropStage) => {
            if late::close(m) {
                (Step::Pop, Vec::new())
            } else {
                (Step::Stay, Vec::new())
            }
        }
        _ => (Step::Stay, Vec::new()),
    }
}
