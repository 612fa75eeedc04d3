//! Monitor mode's own state (see `app::monitor` for what it does).

use chrono::{DateTime, Utc};

use crate::schedule::Period;

/// The monitor's own state.
#[derive(Clone, Debug, Default)]
pub struct Monitor {
    /// A key or the mouse was used since the board last followed now.
    pub touched: bool,
    /// The page of the rotation shown (a saved filter set, or a page of lanes).
    pub page: usize,
    /// When the rotation turns next.
    pub next_turn: Option<DateTime<Utc>>,
    /// The period whose data the now-line was last brought into view for.
    pub aligned: Option<Period>,
}
