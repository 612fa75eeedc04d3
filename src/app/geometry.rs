//! Screen geometry shared by `update` (to keep the cursor in view) and the
//! views (to draw): one definition, so they never disagree.

use ratatui::layout::Rect;

/// Width of the time gutter left of the day grid.
pub const GUTTER: u16 = 8;
/// Narrowest employee column of the day view (its rule included): the
/// demo's thirteen technicians and Unassigned fit at 200 columns.
pub const MIN_DAY_COL: u16 = 13;
/// Width of the employee-name column of the week view (it narrows to
/// `MIN_WEEK_NAME` before the day columns go below `MIN_WEEK_COL`).
pub const WEEK_NAME: u16 = 14;
pub const MIN_WEEK_NAME: u16 = 9;
/// Narrowest day column of the week view.
pub const MIN_WEEK_COL: u16 = 10;
/// Below this the board shows a "too small" notice instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Header, separator, column headers and hint bar.
pub const CHROME_ROWS: u16 = 4;

/// From this width on, the task detail opens beside the grid (which
/// shrinks) instead of over it.
pub const PANE_FROM_WIDTH: u16 = 140;
/// Narrowest and widest detail pane beside the grid.
pub const MIN_PANE: u16 = 56;
pub const MAX_PANE: u16 = 80;

/// The width of the detail pane beside the grid at a terminal `width`;
/// `None` when the detail goes over the grid instead.
pub fn pane_width(width: u16) -> Option<u16> {
    (width >= PANE_FROM_WIDTH).then(|| (width / 5 * 2).clamp(MIN_PANE, MAX_PANE))
}

/// The unassigned queue's width beside the board: at most half the screen.
pub fn queue_width(width: u16) -> u16 {
    (width / 2).clamp(28, 48).min(width / 2)
}

/// How many employee columns fit side by side in the day view.
pub fn day_columns_fit(width: u16) -> usize {
    (width.saturating_sub(GUTTER + 1) / MIN_DAY_COL).max(1) as usize
}

/// Name column width and day column width of the week view.
pub fn week_columns(width: u16, days: u16) -> (u16, u16) {
    let days = days.max(1);
    let name = width
        .saturating_sub(days * MIN_WEEK_COL)
        .clamp(MIN_WEEK_NAME, WEEK_NAME);
    (name, (width.saturating_sub(name) / days).max(1))
}

/// Rows each employee gets in the week view, and how many employees fit.
pub fn week_rows(height: u16, lanes: usize) -> (u16, usize) {
    let avail = height.saturating_sub(CHROME_ROWS).max(1);
    let per = if lanes == 0 {
        4
    } else {
        (avail / lanes as u16).clamp(2, 6)
    };
    let fit = (avail / per).max(1) as usize;
    if fit < lanes {
        // One line is kept for "▼ n more" under the last row.
        return (per, (avail.saturating_sub(1) / per).max(1) as usize);
    }
    (per, fit)
}

/// First index of a window of `fit` items that keeps `cursor` visible,
/// moving the old window as little as possible.
pub fn follow(offset: usize, cursor: usize, fit: usize, total: usize) -> usize {
    let fit = fit.max(1);
    let mut off = offset.min(total.saturating_sub(fit));
    if cursor < off {
        off = cursor;
    } else if cursor >= off + fit {
        off = cursor + 1 - fit;
    }
    off
}

/// The lanes drawn: with `pinned`, lane 0 always, then a window of the
/// others starting at `offset` (at least 1); else a window from `offset`.
pub fn shown_lanes(pinned: bool, offset: usize, fit: usize, total: usize) -> Vec<usize> {
    let fit = fit.max(1);
    if pinned && total > 0 && fit > 1 {
        let rest = fit - 1;
        let start = offset.clamp(1, total.saturating_sub(rest).max(1));
        std::iter::once(0)
            .chain((start..total).take(rest))
            .collect()
    } else {
        let start = offset.min(total.saturating_sub(fit));
        (start..total).take(fit).collect()
    }
}

/// [`follow`] for a lane window whose lane 0 may be pinned: the pinned lane
/// is always shown, the others scroll behind it.
pub fn follow_pinned(
    pinned: bool,
    offset: usize,
    cursor: usize,
    fit: usize,
    total: usize,
) -> usize {
    if !pinned || total == 0 || fit <= 1 {
        return follow(offset, cursor, fit, total);
    }
    let rest = fit - 1;
    let off = offset.max(1) - 1;
    if cursor == 0 {
        1 + off.min((total - 1).saturating_sub(rest))
    } else {
        1 + follow(off, cursor - 1, rest, total - 1)
    }
}

/// The board's body: between the header line and the hint bar.
pub fn body(size: (u16, u16)) -> Rect {
    Rect {
        x: 0,
        y: 1,
        width: size.0,
        height: size.1.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_moves_minimally() {
        assert_eq!(follow(0, 3, 4, 10), 0);
        assert_eq!(follow(0, 4, 4, 10), 1);
        assert_eq!(follow(5, 2, 4, 10), 2);
        assert_eq!(follow(8, 9, 4, 10), 6);
        assert_eq!(follow(3, 0, 4, 2), 0);
    }

    #[test]
    fn the_pinned_lane_is_always_shown() {
        assert_eq!(shown_lanes(true, 0, 4, 10), vec![0, 1, 2, 3]);
        assert_eq!(shown_lanes(true, 6, 4, 10), vec![0, 6, 7, 8]);
        assert_eq!(shown_lanes(true, 9, 4, 10), vec![0, 7, 8, 9]);
        assert_eq!(shown_lanes(false, 9, 4, 10), vec![6, 7, 8, 9]);
        assert_eq!(shown_lanes(true, 0, 4, 2), vec![0, 1]);
        assert_eq!(follow_pinned(true, 1, 9, 4, 10), 7);
        assert_eq!(follow_pinned(true, 7, 0, 4, 10), 7);
        assert_eq!(follow_pinned(true, 7, 2, 4, 10), 2);
        for cursor in 0..10 {
            let off = follow_pinned(true, 5, cursor, 4, 10);
            assert!(shown_lanes(true, off, 4, 10).contains(&cursor));
        }
    }

    #[test]
    fn the_pane_leaves_the_grid_at_least_84_columns() {
        assert_eq!(pane_width(139), None);
        assert_eq!(pane_width(140), Some(56));
        assert_eq!(pane_width(160), Some(64));
        assert_eq!(pane_width(300), Some(80));
    }

    #[test]
    fn columns_fit_never_zero() {
        assert_eq!(day_columns_fit(0), 1);
        assert_eq!(day_columns_fit(120), 8);
        assert_eq!(day_columns_fit(200), 14);
        assert_eq!(week_rows(40, 12), (3, 12));
        assert_eq!(week_rows(24, 50).0, 2);
        assert_eq!(week_columns(80, 7), (10, 10));
        assert_eq!(week_columns(160, 7), (14, 20));
        assert_eq!(week_columns(60, 7), (9, 7));
    }
}
