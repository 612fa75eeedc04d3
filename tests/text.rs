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

#[test]
fn screen_and_error_text_flag_the_same_characters() {
    use kickdesk::kickserv::error;
    use kickdesk::textsafe::is_safe;
    let mut flagged = 0;
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        let s = format!("a{c}b");
        let on_screen = kickdesk::ui::text::clean(&s).contains(c);
        assert_eq!(on_screen, is_safe(c), "screen: {c:?}");
        // Error text also folds whitespace, which is no matter of safety.
        if !c.is_whitespace() {
            assert_eq!(error::clean(&s).contains(c), is_safe(c), "error: {c:?}");
            assert_eq!(error::excerpt(&s).contains(c), is_safe(c), "excerpt: {c:?}");
        }
        flagged += usize::from(!is_safe(c));
    }
    // 65 controls (C0, DEL, C1) and 12 bidi controls.
    assert_eq!(flagged, 65 + 12);
    // Each class by name, as both paths show it.
    for c in [
        '\u{61c}', '\u{200e}', '\u{200f}', '\u{202e}', '\u{2066}', '\u{2069}',
    ] {
        let s = format!("a{c}b");
        assert_eq!(kickdesk::ui::text::clean(&s), "ab", "{c:?}");
        assert_eq!(error::clean(&s), "a\u{FFFD}b", "{c:?}");
    }
    assert_eq!(kickdesk::ui::text::clean("a\u{1b}[2Jb\u{9b}"), "a␛[2Jb·");
    assert_eq!(error::clean("a\u{1b}[2Jb\u{9b}"), "a\u{FFFD}[2Jb\u{FFFD}");
}
