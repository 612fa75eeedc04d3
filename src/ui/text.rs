//! Text from the API on its way to the terminal: made inert, measured in
//! display columns.

use crate::textsafe::{self, Unsafe};
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Makes `s` safe to draw by the policy of [`crate::textsafe`]: control
/// characters (C0, DEL, C1), and with them every escape sequence, are
/// replaced by a visible placeholder, line breaks and tabs by a space. Bidi
/// controls are dropped so that a name cannot reorder the row it sits in.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(textsafe::is_safe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match textsafe::classify(c) {
            None => out.push(c),
            Some(Unsafe::Break) => out.push(' '),
            Some(Unsafe::Escape) => out.push('␛'),
            Some(Unsafe::Control) => out.push('·'),
            Some(Unsafe::Bidi) => {}
        }
    }
    Cow::Owned(out)
}

/// A character that is one terminal column wide and never joins its
/// neighbours into a grapheme: Latin, punctuation, and the board's own
/// glyphs (box drawing, blocks, arrows, ✓ ✗ ▶ ·). Such text needs no
/// grapheme segmentation.
pub fn is_single_cell(c: char) -> bool {
    match c {
        ' '..='~' | '\u{a0}'..='\u{2ff}' => true,
        // Zero-width and format characters, and combining marks for symbols.
        '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{20d0}'..='\u{20ff}' => false,
        '\u{2000}'..='\u{2bff}' => unicode_width::UnicodeWidthChar::width(c) == Some(1),
        _ => false,
    }
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns on a grapheme boundary; adds `…` when
/// something was cut and there is room for it.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    // Most text is ASCII: one column per byte (controls are cleaned first).
    if s.is_ascii() {
        if s.len() <= max {
            return Cow::Borrowed(s);
        }
        if max == 0 {
            return Cow::Borrowed("");
        }
        return Cow::Owned(format!("{}…", &s[..max - 1]));
    }
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = width(g);
        if w + gw > max - 1 {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let w = width(&f);
    let mut out = f.into_owned();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let s = "\u{1b}[31mRED\u{1b}[0m\u{7}\u{9b}2J";
        let c = clean(s);
        assert!(!c.chars().any(|c| c.is_control()), "{c:?}");
        assert_eq!(c, "␛[31mRED␛[0m··2J");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(clean("Ana Gómez"), Cow::Borrowed(_)));
    }

    #[test]
    fn single_cell_characters() {
        for c in ['a', 'é', '·', '✓', '✗', '▶', '█', '░', '─', '…', '½'] {
            assert!(is_single_cell(c), "{c}");
        }
        for c in ['黒', '\u{308}', '\u{200d}', '\u{fe0f}', '🔧', '\u{20e3}'] {
            assert!(!is_single_cell(c), "{c:?}");
        }
    }

    #[test]
    fn bidi_overrides_dropped() {
        assert_eq!(clean("a\u{202e}bc"), "abc");
    }

    #[test]
    fn fit_counts_columns_not_chars() {
        assert_eq!(fit("黒田 健", 5), "黒田…");
        assert_eq!(width(&fit("黒田 健さん", 6)), 6);
        assert_eq!(fit("Zoe\u{308} Li", 3), "Zo…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("AC repair", 5), "AC r…");
        assert_eq!(fit("AC repair", 0), "");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(width(&pad("黒田健", 5)), 5);
    }
}
