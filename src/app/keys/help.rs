//! The help's keys: scrolling, and closing.

use super::{Step, scrolled};
use crate::app::keymap::Action;
use crate::app::msg::Cmd;

pub fn on_key(scroll: &mut u16, page: u16, action: Option<Action>) -> (Step, Vec<Cmd>) {
    match scrolled(*scroll, page, action) {
        Some(to) => {
            *scroll = to;
            (Step::Stay, Vec::new())
        }
        None => (Step::Pop, Vec::new()),
    }
}
