//! The bytes a session's terminal sends, read as key and mouse events.
//! (crossterm's own parser reads only its process's terminal.) An Esc at
//! the end of a packet is the Esc key; followed by more bytes of the same
//! packet it starts a sequence.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Every event in one packet, in order. Bytes that make no event (an
/// unknown sequence, invalid UTF-8) are dropped.
pub fn parse(bytes: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (ev, used) = one(&bytes[i..]);
        out.extend(ev);
        i += used.max(1);
    }
    out
}

fn key(code: KeyCode, mods: KeyModifiers) -> Option<Event> {
    Some(Event::Key(KeyEvent::new(code, mods)))
}

fn plain(code: KeyCode) -> Option<Event> {
    key(code, KeyModifiers::NONE)
}

/// A character as crossterm reports it: capitals carry Shift.
fn char_key(c: char, mut mods: KeyModifiers) -> Option<Event> {
    if c.is_uppercase() {
        mods |= KeyModifiers::SHIFT;
    }
    key(KeyCode::Char(c), mods)
}

/// The first event of `b` and how many bytes it took.
fn one(b: &[u8]) -> (Option<Event>, usize) {
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => (plain(KeyCode::Enter), 1),
        b'\t' => (plain(KeyCode::Tab), 1),
        0x7f | 0x08 => (plain(KeyCode::Backspace), 1),
        0x00 => (key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => (
            key(KeyCode::Char((c - 1 + b'a') as char), KeyModifiers::CONTROL),
            1,
        ),
        0x1c..=0x1f => (None, 1),
        _ => match utf8_char(b) {
            Some((c, n)) => (char_key(c, KeyModifiers::NONE), n),
            None => (None, 1),
        },
    }
}

fn utf8_char(b: &[u8]) -> Option<(char, usize)> {
    let n = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(b.get(..n)?).ok()?;
    s.chars().next().map(|c| (c, n))
}

fn escape(b: &[u8]) -> (Option<Event>, usize) {
    match b.get(1) {
        None => (plain(KeyCode::Esc), 1),
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            Some(&f) => (ss3(f), 3),
            None => (key(KeyCode::Char('O'), KeyModifiers::ALT), 2),
        },
        Some(0x1b) => (plain(KeyCode::Esc), 1),
        Some(_) => {
            // Alt and a key: the key's own event with Alt added.
            let (ev, n) = one(&b[1..]);
            let ev = ev.map(|e| match e {
                Event::Key(mut k) => {
                    k.modifiers |= KeyModifiers::ALT;
                    Event::Key(k)
                }
                other => other,
            });
            (ev, 1 + n)
        }
    }
}

fn ss3(f: u8) -> Option<Event> {
    let code = match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    };
    plain(code)
}

/// `ESC [ params final`: cursor keys, the `~` keys, SGR mouse.
fn csi(b: &[u8]) -> (Option<Event>, usize) {
    let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
        // Cut short: nothing usable in this packet.
        return (None, b.len());
    };
    let end = end + 2;
    let used = end + 1;
    let params = &b[2..end];
    let fin = b[end];
    if params.first() == Some(&b'<') {
        return (sgr_mouse(&params[1..], fin), used);
    }
    let nums: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let mods = modifiers(nums.get(1).copied().unwrap_or(1));
    let code = match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return (key(KeyCode::BackTab, KeyModifiers::SHIFT), used),
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'S' => KeyCode::F(4),
        b'~' => match nums.first().copied().unwrap_or(0) {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return (None, used),
        },
        _ => return (None, used),
    };
    (key(code, mods), used)
}

/// xterm's modifier parameter: 1 + (Shift 1, Alt 2, Ctrl 4).
fn modifiers(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// `ESC [ < b ; x ; y M|m` (1-based cells).
fn sgr_mouse(params: &[u8], fin: u8) -> Option<Event> {
    let text = std::str::from_utf8(params).ok()?;
    let mut it = text.split(';').map(|p| p.parse::<u16>().ok());
    let (b, x, y) = (it.next()??, it.next()??, it.next()??);
    let button = match b & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if b & 64 != 0 {
        match b & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        if b & 0b11 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if fin == b'm' {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    if b & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        modifiers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(b: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        parse(b)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    const N: KeyModifiers = KeyModifiers::NONE;
    const C: KeyModifiers = KeyModifiers::CONTROL;
    const A: KeyModifiers = KeyModifiers::ALT;
    const S: KeyModifiers = KeyModifiers::SHIFT;

    #[test]
    fn printable_text_in_any_script() {
        assert_eq!(
            keys("aZé黒😀".as_bytes()),
            [
                (KeyCode::Char('a'), N),
                (KeyCode::Char('Z'), S),
                (KeyCode::Char('é'), N),
                (KeyCode::Char('黒'), N),
                (KeyCode::Char('😀'), N),
            ]
        );
        // A cut or invalid sequence makes nothing, and stops nothing after it.
        assert_eq!(keys(b"\xe9x"), [(KeyCode::Char('x'), N)]);
    }

    #[test]
    fn control_keys() {
        assert_eq!(
            keys(b"\r\t\x7f\x08\x03\x11\x0c"),
            [
                (KeyCode::Enter, N),
                (KeyCode::Tab, N),
                (KeyCode::Backspace, N),
                (KeyCode::Backspace, N),
                (KeyCode::Char('c'), C),
                (KeyCode::Char('q'), C),
                (KeyCode::Char('l'), C),
            ]
        );
    }

    #[test]
    fn esc_alone_at_the_end_of_a_packet_and_alt_with_a_key() {
        assert_eq!(keys(b"\x1b"), [(KeyCode::Esc, N)]);
        assert_eq!(keys(b"\x1bx"), [(KeyCode::Char('x'), A)]);
        assert_eq!(keys(b"\x1b\x1b"), [(KeyCode::Esc, N), (KeyCode::Esc, N)]);
        assert_eq!(keys(b"q\x1b"), [(KeyCode::Char('q'), N), (KeyCode::Esc, N)]);
    }

    #[test]
    fn cursor_and_editing_keys_in_both_encodings() {
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[5~\x1b[6~\x1b[3~"),
            [
                (KeyCode::Up, N),
                (KeyCode::Down, N),
                (KeyCode::Right, N),
                (KeyCode::Left, N),
                (KeyCode::Up, N),
                (KeyCode::Home, N),
                (KeyCode::End, N),
                (KeyCode::Home, N),
                (KeyCode::End, N),
                (KeyCode::PageUp, N),
                (KeyCode::PageDown, N),
                (KeyCode::Delete, N),
            ]
        );
        assert_eq!(keys(b"\x1b[1;5C"), [(KeyCode::Right, C)]);
        assert_eq!(keys(b"\x1b[Z"), [(KeyCode::BackTab, S)]);
    }

    #[test]
    fn function_keys_one_to_twelve() {
        let b = b"\x1bOP\x1bOQ\x1bOR\x1bOS\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~";
        let got: Vec<KeyCode> = keys(b).into_iter().map(|k| k.0).collect();
        let want: Vec<KeyCode> = (1..=12).map(KeyCode::F).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn sgr_mouse_clicks_and_wheel() {
        let ev = parse(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;3;4M");
        let kinds: Vec<(MouseEventKind, u16, u16)> = ev
            .iter()
            .filter_map(|e| match e {
                Event::Mouse(m) => Some((m.kind, m.column, m.row)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (MouseEventKind::Down(MouseButton::Left), 9, 4),
                (MouseEventKind::Up(MouseButton::Left), 9, 4),
                (MouseEventKind::ScrollDown, 2, 3),
            ]
        );
    }

    #[test]
    fn unknown_and_cut_sequences_make_nothing() {
        assert!(parse(b"\x1b[99~").is_empty());
        assert!(parse(b"\x1b[12").is_empty());
        assert_eq!(keys(b"\x1b[99~j"), [(KeyCode::Char('j'), N)]);
    }
}
