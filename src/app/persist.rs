//! What the board remembers across restarts, as a command to write it.

use super::look::ThemeName;
use super::model::Model;
use super::msg::{Cmd, StoreCmd};
use super::state::{SaveState, SavedState};

/// Writes what the board remembers (the view, the employee filter) to the
/// state file, when there is one.
pub fn save_state(m: &Model) -> Vec<Cmd> {
    let Some(path) = m.opts.state_file.clone() else {
        return Vec::new();
    };
    let state = SavedState {
        view: m.board_view(),
        palette_history: m.palette_history.clone(),
        employees: m.employee_filter.clone(),
        // The default needs no remembering.
        theme: (m.theme != ThemeName::default()).then_some(m.theme),
    };
    vec![Cmd::Store(StoreCmd::SaveState(SaveState { path, state }))]
}
