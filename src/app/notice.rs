//! Toasts: the one-line notices at the bottom of the board.

use super::clock::later;
use super::model::{Model, Toast};

/// How long a toast stays up.
const TOAST_SECS: u64 = 4;
pub fn toast(m: &mut Model, text: String, error: bool) {
    m.toast = Some(Toast {
        text,
        error,
        until: later(m.now, std::time::Duration::from_secs(TOAST_SECS)),
    });
    m.dirty = true;
}
