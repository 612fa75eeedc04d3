//! Text on its way to the terminal, at the edges the unit tests leave out:
//! characters a width table calls one column wide that still must not be
//! drawn as a plain cell.

use kickdesk::ui::text::{fit, is_single_cell, width};

#[test]
fn line_and_paragraph_separators_are_not_single_cells_whatever_their_width() {
    // The width table gives each of these one column; drawn as a plain cell,
    // a line separator would break or shift its row.
    for c in ['\u{2028}', '\u{2029}'] {
        assert_eq!(width(&c.to_string()), 1, "{c:?}");
        assert!(!is_single_cell(c), "{c:?}");
    }
    // Their neighbours in the same block that are plain symbols stay cells.
    for c in ['\u{2026}', '\u{2030}', '\u{2190}'] {
        assert!(is_single_cell(c), "{c:?}");
    }
}

#[test]
fn fit_keeps_the_ellipsis_inside_the_width() {
    for max in 1..8 {
        let f = fit("Kitchen remodel", max);
        assert_eq!(width(&f), max, "{max}: {f:?}");
        assert!(f.ends_with('…'), "{max}: {f:?}");
    }
}
