//! What the board remembers across restarts (the state file): which view
//! was shown and the employee filter in use. Parsing and writing the text only; the file is read at launch
//! and written by the runtime.

//!
//! Below it, one leaf per feature holding that feature's state: the model
//! holds these, and the functions that change them sit above the model
//! (`app::empfilter`, `app::palette`, …), so no file imports back a file
//! that imports it.

pub mod alerts;
pub mod filter;
pub mod jobpick;
pub mod late;
pub mod monitor;
pub mod offline;
pub mod own;
pub mod palette;
pub mod pending;
pub mod seen;
pub mod staging;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use super::look::ThemeName;
use filter::EmployeeFilter;
use palette::HISTORY;

/// The three boards `v` cycles through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardView {
    /// Employees as columns, time down.
    #[default]
    Day,
    /// Employees as rows, hours across.
    Timeline,
    Week,
}

impl BoardView {
    /// The next view of the `v` cycle.
    pub fn cycled(self) -> BoardView {
        match self {
            BoardView::Day => BoardView::Timeline,
            BoardView::Timeline => BoardView::Week,
            BoardView::Week => BoardView::Day,
        }
    }
}

/// The state file's content. Unknown keys are ignored and missing ones take
/// their default, so files of other versions still load.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    pub view: BoardView,
    /// Commands run from the palette, oldest first (the newest 100).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub palette_history: Vec<String>,
    /// The employee filter (`E`); none shows everyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employees: Option<EmployeeFilter>,
    /// The theme last picked with `:theme` (the config's `theme` wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeName>,
}

impl SavedState {
    pub fn parse(text: &str) -> Result<SavedState, String> {
        let mut s: SavedState = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let extra = s.palette_history.len().saturating_sub(HISTORY);
        s.palette_history.drain(..extra);
        Ok(s)
    }

    pub fn to_text(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// Where to write what: the state file's path travels with the command, so
/// the executor needs no settings of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveState {
    pub path: PathBuf,
    pub state: SavedState,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_round_trips_and_tolerates_other_versions() {
        for view in [BoardView::Day, BoardView::Timeline, BoardView::Week] {
            let s = SavedState {
                view,
                ..SavedState::default()
            };
            assert_eq!(SavedState::parse(&s.to_text()), Ok(s));
        }
        let s = SavedState {
            view: BoardView::Week,
            palette_history: vec!["goto +1".into(), "employees \"north\"".into()],
            employees: Some(EmployeeFilter {
                ids: vec![3, 7],
                unassigned: true,
            }),
            theme: Some(ThemeName::HighContrast),
        };
        assert!(
            s.to_text().contains("theme = \"high-contrast\""),
            "{}",
            s.to_text()
        );
        assert_eq!(SavedState::parse(&s.to_text()), Ok(s));
        assert_eq!(
            SavedState::parse("view = \"timeline\"\nzoom = 3\n").map(|s| s.view),
            Ok(BoardView::Timeline)
        );
        assert_eq!(SavedState::parse(""), Ok(SavedState::default()));
        assert!(SavedState::parse("view = \"sideways\"").is_err());
        assert!(SavedState::parse("theme = \"sepia\"").is_err());
        assert!(SavedState::parse("[employees]\nids = [\"x\"]").is_err());
        assert!(SavedState::parse("\u{0}garbage[").is_err());
    }

    #[test]
    fn the_palette_history_keeps_the_newest_hundred() {
        let all: Vec<String> = (0..150).map(|i| format!("goto +{i}")).collect();
        let text = SavedState {
            palette_history: all.clone(),
            ..SavedState::default()
        }
        .to_text();
        let back = SavedState::parse(&text).map(|s| s.palette_history);
        assert_eq!(back, Ok(all[50..].to_vec()));
    }

    #[test]
    fn v_cycles_day_timeline_week() {
        let mut v = BoardView::Day;
        let mut seen = Vec::new();
        for _ in 0..3 {
            v = v.cycled();
            seen.push(v);
        }
        assert_eq!(seen, [BoardView::Timeline, BoardView::Week, BoardView::Day]);
    }
}
