//! Dialog frames: where a centred box goes and what its border says.
//! A leaf every dialog draws through.

use ratatui::layout::Rect;

/// The outer rectangle of a centred box of `w`×`h` in `area`.
pub fn box_rect(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(10);
    let h = h.min(area.height.saturating_sub(2)).max(3);
    Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

/// Where a scrolled box stands, for its bottom border: the last row shown
/// and how many there are ("12/40"); `None` when everything fits.
pub fn position(top: usize, shown: usize, total: Option<usize>) -> Option<String> {
    let last = top + shown;
    match total {
        Some(total) if top == 0 && shown >= total => None,
        Some(total) => Some(format!(" {}/{total} ", last.min(total))),
        None => Some(format!(" {last}/… ")),
    }
}
