//! Which characters of outside text must never reach a terminal as they
//! are. The one policy behind both the screen's sanitiser (`ui::text`) and
//! the client's error text (`kickserv::error`); each decides only how a
//! flagged character is shown.

/// Why a character is not drawn as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    /// Line feed, carriage return, tab: would break or shift a row.
    Break,
    /// ESC, the start of every escape sequence.
    Escape,
    /// Any other C0 control, DEL, or a C1 control (CSI U+009B included).
    Control,
    /// A bidi mark, embedding, override or isolate: reorders the text
    /// around it, so a name could disguise its row.
    Bidi,
}

/// `None` for a character that may be drawn as it is.
pub fn classify(c: char) -> Option<Unsafe> {
    match c {
        ' '..='~' => None,
        '\n' | '\r' | '\t' => Some(Unsafe::Break),
        '\u{1b}' => Some(Unsafe::Escape),
        c if c.is_control() => Some(Unsafe::Control),
        c if is_bidi_control(c) => Some(Unsafe::Bidi),
        _ => None,
    }
}

/// Whether `c` may be drawn as it is.
pub fn is_safe(c: char) -> bool {
    classify(c).is_none()
}

/// Unicode's Bidi_Control characters: ALM, LRM, RLM, the embeddings and
/// overrides (LRE RLE PDF LRO RLO) and the isolates (LRI RLI FSI PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_safe() {
        for c in ['a', ' ', '~', 'é', '黒', '\u{a0}', '…', '🔧', '\u{200d}'] {
            assert!(is_safe(c), "{c:?}");
        }
    }

    #[test]
    fn line_breaks_and_tabs() {
        for c in ['\n', '\r', '\t'] {
            assert_eq!(classify(c), Some(Unsafe::Break), "{c:?}");
        }
    }

    #[test]
    fn escape_starts_a_sequence() {
        assert_eq!(classify('\u{1b}'), Some(Unsafe::Escape));
    }

    #[test]
    fn c0_del_and_c1_controls() {
        for c in ['\0', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{7f}'] {
            assert_eq!(classify(c), Some(Unsafe::Control), "{c:?}");
        }
        for c in '\u{80}'..='\u{9f}' {
            assert_eq!(classify(c), Some(Unsafe::Control), "{c:?}");
        }
    }

    #[test]
    fn every_bidi_control_and_isolate() {
        let all = [
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ];
        for c in all {
            assert_eq!(classify(c), Some(Unsafe::Bidi), "{c:?}");
        }
        // Exactly those: their neighbours are ordinary characters.
        let flagged = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_bidi_control(c))
            .count();
        assert_eq!(flagged, all.len());
    }
}
