//! One key press, as the config spells it and as the terminal sends it.
//!
//! Key specs are normalised when parsed and when matched, so that equality
//! of two specs means "the same physical key press" and conflicts between
//! bindings can be found by plain comparison.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// One key with its modifiers, normalised (see [`KeySpec::from_event`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Names accepted for non-character keys, including the glyphs Display uses.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("bksp", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
];

/// Modifiers that take part in matching; SUPER/HYPER/META are not portable.
fn relevant(mods: KeyModifiers) -> KeyModifiers {
    mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT)
}

impl KeySpec {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        KeySpec { code, mods }.normalized()
    }

    /// Parses a config spelling: `"q"`, `"D"`, `"enter"`, `"ctrl-l"`, `"shift-tab"`, `"f5"`.
    /// Modifier and key names are case-insensitive; a single character is not.
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        let original = s;
        let mut rest = s.trim();
        if rest.is_empty() {
            return Err("empty key name".to_string());
        }
        let mut mods = KeyModifiers::NONE;
        while let Some((prefix, tail)) = split_modifier(rest) {
            let m = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => KeyModifiers::CONTROL,
                "alt" | "meta" | "m" => KeyModifiers::ALT,
                "shift" | "s" => KeyModifiers::SHIFT,
                _ => break,
            };
            mods |= m;
            rest = tail;
        }
        let code = parse_code(rest).ok_or_else(|| format!("unknown key `{original}`"))?;
        Ok(KeySpec::new(code, mods))
    }

    /// The spec a terminal key event stands for.
    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        KeySpec::new(ev.code, ev.modifiers)
    }

    /// Whether the event is this key. For characters SHIFT is ignored: the
    /// character carries the case (`D` arrives with or without SHIFT, and
    /// some terminals send `d` + SHIFT).
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        *self == KeySpec::from_event(ev)
    }

    /// Folds the spellings of one physical key press into one value.
    fn normalized(self) -> KeySpec {
        let mut mods = relevant(self.mods);
        let code = match self.code {
            KeyCode::Char(c) => {
                let shifted = mods.contains(KeyModifiers::SHIFT);
                mods.remove(KeyModifiers::SHIFT);
                let c = if shifted && c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                // Terminals cannot tell Ctrl-l from Ctrl-L; neither should we.
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeySpec { code, mods }
    }
}

/// Splits `"ctrl-x"` into `("ctrl", "x")`; `"-"` and `"ctrl--"` keep their dash key.
fn split_modifier(s: &str) -> Option<(&str, &str)> {
    let pos = s.find(['-', '+'])?;
    if pos == 0 {
        return None;
    }
    let tail = &s[pos + 1..];
    if tail.is_empty() {
        return None;
    }
    Some((&s[..pos], tail))
}

fn parse_code(s: &str) -> Option<KeyCode> {
    // Names first: the arrow glyphs that Display prints are single characters.
    let lower = s.to_lowercase();
    if let Some((_, code)) = NAMED_KEYS.iter().find(|(name, _)| *name == lower) {
        return Some(*code);
    }
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=12).contains(&n).then_some(KeyCode::F(n))
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Parses a binding: one key (`"g"`) or a sequence typed one key after the
/// other, separated by spaces (`"g g"`).
pub fn parse_seq(s: &str) -> Result<Vec<KeySpec>, String> {
    let keys = s
        .split_whitespace()
        .map(KeySpec::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("empty key name".to_string());
    }
    Ok(keys)
}

/// A binding as help writes it (`"g g"`); it parses back with [`parse_seq`].
pub fn show_seq(keys: &[KeySpec]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names_and_modifiers() {
        let ok = |s: &str| match KeySpec::parse(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e}"),
        };
        assert_eq!(
            ok("q"),
            KeySpec {
                code: KeyCode::Char('q'),
                mods: KeyModifiers::NONE
            }
        );
        assert_eq!(
            ok("D"),
            KeySpec {
                code: KeyCode::Char('D'),
                mods: KeyModifiers::NONE
            }
        );
        assert_eq!(ok("shift-d"), ok("D"));
        assert_eq!(
            ok("Ctrl-L"),
            KeySpec {
                code: KeyCode::Char('l'),
                mods: KeyModifiers::CONTROL
            }
        );
        assert_eq!(
            ok("alt-x"),
            KeySpec {
                code: KeyCode::Char('x'),
                mods: KeyModifiers::ALT
            }
        );
        assert_eq!(
            ok("shift-tab"),
            KeySpec {
                code: KeyCode::BackTab,
                mods: KeyModifiers::NONE
            }
        );
        assert_eq!(ok("backtab"), ok("shift-tab"));
        assert_eq!(ok("ENTER").code, KeyCode::Enter);
        assert_eq!(ok("space").code, KeyCode::Char(' '));
        assert_eq!(ok("f12").code, KeyCode::F(12));
        assert_eq!(ok("-").code, KeyCode::Char('-'));
        assert_eq!(
            ok("ctrl--"),
            KeySpec {
                code: KeyCode::Char('-'),
                mods: KeyModifiers::CONTROL
            }
        );
        assert_eq!(
            ok("shift-up"),
            KeySpec {
                code: KeyCode::Up,
                mods: KeyModifiers::SHIFT
            }
        );
        for bad in ["", "f13", "f0", "hyper-x", "ctrl-", "enterr", "ctrl-nope"] {
            assert!(KeySpec::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn display_is_compact() {
        let show = |s: &str| KeySpec::parse(s).map(|k| k.to_string());
        assert_eq!(show("q").as_deref(), Ok("q"));
        assert_eq!(show("D").as_deref(), Ok("D"));
        assert_eq!(show("enter").as_deref(), Ok("Enter"));
        assert_eq!(show("esc").as_deref(), Ok("Esc"));
        assert_eq!(show("ctrl-l").as_deref(), Ok("Ctrl-L"));
        assert_eq!(show("left").as_deref(), Ok("←"));
        assert_eq!(show("pagedown").as_deref(), Ok("PgDn"));
        assert_eq!(show("shift-tab").as_deref(), Ok("Shift-Tab"));
        assert_eq!(show("alt-X").as_deref(), Ok("Alt-X"));
    }

    #[test]
    fn sequences_parse_and_show() {
        let g = KeySpec::new(KeyCode::Char('g'), KeyModifiers::NONE);
        assert_eq!(parse_seq("g g"), Ok(vec![g, g]));
        assert_eq!(parse_seq("  g   g "), Ok(vec![g, g]));
        assert_eq!(parse_seq("g"), Ok(vec![g]));
        let ctrl_x_s = parse_seq("ctrl-x ctrl-s").unwrap_or_default();
        assert_eq!(show_seq(&ctrl_x_s), "Ctrl-X Ctrl-S");
        assert_eq!(parse_seq(&show_seq(&ctrl_x_s)), Ok(ctrl_x_s));
        assert!(parse_seq("").is_err());
        assert!(parse_seq("g nope").is_err());
    }
}
