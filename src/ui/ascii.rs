//! The last step of a frame on an ASCII-only terminal: the views already
//! draw the ASCII glyph set; what is left is punctuation in the board's own
//! text (`·`, `…`, `–`) and names from the API. A byte above 127 on such a
//! terminal prints as several junk characters and shifts the line, so every
//! cell is made ASCII: Latin letters lose their accents, the rest is `?`.

use ratatui::buffer::Buffer;

/// Letters of Latin-1 and their plain forms, in pairs.
const LATIN: &str = "ÀAÁAÂAÃAÄAÅAàaáaâaãaäaåaÇCçcÈEÉEÊEËEèeéeêeëeÌIÍIÎIÏIìiíiîiïiÑNñnÒOÓOÔOÕOÖOØOòoóoôoõoöoøoÙUÚUÛUÜUùuúuûuüuÝYýyÿyßs";

/// One printable ASCII character for `c`.
pub fn to_ascii(c: char) -> char {
    match c {
        ' '..='~' => c,
        '·' | '•' => '.',
        '…' => '.',
        '–' | '—' | '‐' | '─' | '━' => '-',
        '│' | '┃' | '‖' => '|',
        '┼' | '├' | '┤' | '┬' | '┴' | '┌' | '┐' | '└' | '┘' => '+',
        '×' => 'x',
        '→' | '»' | '▶' => '>',
        '←' | '«' | '◀' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        // An escape made inert, as the caret notation writes it.
        '␛' => '^',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        _ => {
            let mut it = LATIN.chars();
            while let (Some(from), Some(to)) = (it.next(), it.next()) {
                if from == c {
                    return to;
                }
            }
            '?'
        }
    }
}

/// Makes every cell of `buf` ASCII, keeping its style and width: a wide
/// character becomes as many `?` as the columns it took, never a `?` and a
/// hole.
pub fn only_ascii(buf: &mut Buffer) {
    let width = buf.area.width as usize;
    let mut fill = 0usize;
    let mut style = ratatui::style::Style::default();
    for (i, cell) in buf.content.iter_mut().enumerate() {
        if i % width.max(1) == 0 {
            fill = 0;
        }
        let sym = cell.symbol();
        if fill > 0 {
            // The columns a wide character covers on its right.
            fill -= 1;
            cell.set_symbol("?").set_style(style);
            continue;
        }
        if sym.is_ascii() {
            continue;
        }
        let cols = unicode_width::UnicodeWidthStr::width(sym);
        fill = cols.saturating_sub(1);
        style = cell.style();
        // A letter with combining marks is drawn as the letter.
        let c = sym.chars().next().map_or(' ', to_ascii);
        let mut b = [0u8; 4];
        cell.set_symbol(c.encode_utf8(&mut b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};

    #[test]
    fn board_punctuation_and_names_become_ascii_of_the_same_width() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 24, 1));
        let bold = Style::default().add_modifier(Modifier::BOLD);
        buf.set_string(0, 0, "Zoë · 6.5h… 黒田 e\u{301}|", bold);
        only_ascii(&mut buf);
        let line: String = buf.content.iter().map(|c| c.symbol()).collect();
        // A wide character takes its two columns: no hole, nothing shifted.
        assert_eq!(line, "Zoe . 6.5h. ???? e|     ");
        // Style kept (the cells after a wide character are blank anyway).
        for c in buf.content.iter().filter(|c| c.symbol() != " ") {
            assert_eq!(c.modifier, Modifier::BOLD, "{c:?}");
        }
        assert_eq!(to_ascii('Ø'), 'O');
        assert_eq!(to_ascii('ß'), 's');
        assert_eq!(to_ascii('❄'), '?');
    }
}
