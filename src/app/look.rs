//! How the board looks: which theme, how many colours, which glyph set.
//! Decided once at start from the flags, `NO_COLOR`, the config and what the
//! terminal says of itself; the palette's `:theme` changes only the theme.
//! The styles themselves are `ui::theme`'s.

use serde::{Deserialize, Serialize};

/// A theme by name: one of the three built in, or one of the user's
/// (`themes/NAME.toml` in the config directory), registered once at start.
/// Names live for the whole run, so the name stays `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ThemeName(&'static str);

/// The user's theme names, in addition to the built-in ones; set once at start.
static USER_THEMES: std::sync::OnceLock<Vec<ThemeName>> = std::sync::OnceLock::new();

#[allow(non_upper_case_globals)]
impl ThemeName {
    pub const Dark: ThemeName = ThemeName("dark");
    pub const Light: ThemeName = ThemeName("light");
    pub const HighContrast: ThemeName = ThemeName("high-contrast");

    /// The built-in themes.
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    /// As the config and the palette spell it.
    pub fn name(self) -> &'static str {
        self.0
    }

    pub fn is_built_in(self) -> bool {
        ThemeName::ALL.contains(&self)
    }

    /// The built-in themes, then the user's in name order.
    pub fn all() -> Vec<ThemeName> {
        let mut all = ThemeName::ALL.to_vec();
        if let Some(user) = USER_THEMES.get() {
            all.extend(user.iter().filter(|t| !t.is_built_in()));
        }
        all
    }

    /// Makes the user's themes known by name (the first call wins; the
    /// names are kept for the whole run).
    pub fn register(names: &[String]) {
        let mut named: Vec<ThemeName> = names
            .iter()
            .map(|n| ThemeName(Box::leak(n.trim().to_ascii_lowercase().into_boxed_str())))
            .collect();
        named.sort_by_key(|t| t.0);
        named.dedup();
        let _ = USER_THEMES.set(named);
    }

    pub fn parse(s: &str) -> Option<ThemeName> {
        let s = s.trim();
        ThemeName::all()
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }
}

impl Default for ThemeName {
    fn default() -> ThemeName {
        ThemeName::Dark
    }
}

impl Serialize for ThemeName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for ThemeName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ThemeName, D::Error> {
        let s = String::deserialize(d)?;
        ThemeName::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown theme `{s}`")))
    }
}

/// How many colours the terminal shows; `None` draws with text attributes only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

/// The look of the board, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    pub theme: ThemeName,
    pub depth: Depth,
    /// ASCII only: no box drawing, block bars or other non-ASCII glyphs.
    pub ascii: bool,
}

impl Look {
    /// No colour, Unicode glyphs.
    pub const PLAIN: Look = Look {
        theme: ThemeName::Dark,
        depth: Depth::None,
        ascii: false,
    };

    /// The default theme in the 16 ANSI colours.
    pub const ANSI16: Look = Look {
        depth: Depth::Ansi16,
        ..Look::PLAIN
    };

    pub fn color(&self) -> bool {
        self.depth != Depth::None
    }
}

impl Default for Look {
    fn default() -> Look {
        Look::PLAIN
    }
}

/// What the user asked for, before the terminal is asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Asked {
    /// `--colors 16|256|truecolor`.
    pub colors: Option<Depth>,
    /// `--no-color`.
    pub no_color: bool,
    /// `--ascii`.
    pub ascii: bool,
    /// The config's `color` (false turns colour off).
    pub color: bool,
    /// The config's `theme`, else the one last chosen in the palette.
    pub theme: Option<ThemeName>,
}

impl Default for Asked {
    fn default() -> Asked {
        Asked {
            colors: None,
            no_color: false,
            ascii: false,
            color: true,
            theme: None,
        }
    }
}

/// Terminals without UTF-8 line drawing (the Linux console, serial
/// terminals, `dumb`): ASCII glyphs, at most 16 colours.
fn is_plain_terminal(term: &str) -> bool {
    matches!(term, "linux" | "dumb" | "vt100" | "vt102" | "vt220")
}

/// The look, from (highest first) the flags, `NO_COLOR`, the config, and
/// what `COLORTERM` and `TERM` say. `env` stands in for `std::env::var`.
pub fn resolve(asked: &Asked, env: &dyn Fn(&str) -> Option<String>) -> Look {
    // An empty variable counts as unset (NO_COLOR's own convention).
    let env = |k: &str| env(k).filter(|v| !v.is_empty());
    let term = env("TERM").unwrap_or_default();
    let plain_term = is_plain_terminal(&term);
    let depth = if let Some(d) = asked.colors {
        d
    } else if asked.no_color || env("NO_COLOR").is_some() || !asked.color {
        Depth::None
    } else if term == "linux" {
        Depth::Ansi16
    } else if plain_term {
        // Serial terminals and `dumb` show no colour at all.
        Depth::None
    } else if matches!(
        env("COLORTERM")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("truecolor" | "24bit")
    ) {
        Depth::TrueColor
    } else {
        Depth::Ansi256
    };
    Look {
        theme: asked.theme.unwrap_or_default(),
        depth,
        ascii: asked.ascii || plain_term,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn depth(asked: &Asked, env: &[(&str, &str)]) -> Depth {
        resolve(asked, &env_of(env)).depth
    }

    #[test]
    fn truecolor_only_when_colorterm_says_so_else_256() {
        let a = Asked::default();
        let xterm = ("TERM", "xterm-256color");
        assert_eq!(depth(&a, &[xterm]), Depth::Ansi256);
        assert_eq!(depth(&a, &[]), Depth::Ansi256);
        for v in ["truecolor", "24bit", "TrueColor"] {
            assert_eq!(
                depth(&a, &[xterm, ("COLORTERM", v)]),
                Depth::TrueColor,
                "{v}"
            );
        }
        for v in ["", "yes", "256"] {
            assert_eq!(depth(&a, &[xterm, ("COLORTERM", v)]), Depth::Ansi256, "{v}");
        }
    }

    #[test]
    fn flag_beats_no_color_beats_config_beats_the_terminal() {
        let truecolor = [("COLORTERM", "truecolor"), ("TERM", "xterm")];
        let no_color = [("COLORTERM", "truecolor"), ("NO_COLOR", "1")];
        let sixteen = Asked {
            colors: Some(Depth::Ansi16),
            ..Asked::default()
        };
        // --colors over everything below it.
        assert_eq!(depth(&sixteen, &truecolor), Depth::Ansi16);
        assert_eq!(depth(&sixteen, &no_color), Depth::Ansi16);
        let off_in_config = Asked {
            color: false,
            ..sixteen.clone()
        };
        assert_eq!(depth(&off_in_config, &[]), Depth::Ansi16);
        // --no-color.
        let flag_off = Asked {
            no_color: true,
            ..Asked::default()
        };
        assert_eq!(depth(&flag_off, &truecolor), Depth::None);
        // NO_COLOR, any non-empty value, over the config and the terminal.
        assert_eq!(depth(&Asked::default(), &no_color), Depth::None);
        assert_eq!(
            depth(&Asked::default(), &[("NO_COLOR", "")]),
            Depth::Ansi256,
            "an empty NO_COLOR is unset"
        );
        // The config's `color = false` over the terminal.
        let config_off = Asked {
            color: false,
            ..Asked::default()
        };
        assert_eq!(depth(&config_off, &truecolor), Depth::None);
    }

    #[test]
    fn the_linux_console_and_serial_terminals_get_ascii() {
        let a = Asked::default();
        let look = |env: &[(&str, &str)]| resolve(&a, &env_of(env));
        assert_eq!(
            look(&[("TERM", "linux")]),
            Look {
                theme: ThemeName::Dark,
                depth: Depth::Ansi16,
                ascii: true
            }
        );
        for t in ["vt100", "vt220", "dumb"] {
            let l = look(&[("TERM", t)]);
            assert!(l.ascii && l.depth == Depth::None, "{t}: {l:?}");
        }
        for t in ["xterm-256color", "screen", "tmux-256color", ""] {
            assert!(!look(&[("TERM", t)]).ascii, "{t}");
        }
        // The flag, anywhere; and a flag's colours on the console.
        let ascii = Asked {
            ascii: true,
            colors: Some(Depth::Ansi256),
            ..Asked::default()
        };
        let l = resolve(&ascii, &env_of(&[("TERM", "linux")]));
        assert!(l.ascii && l.depth == Depth::Ansi256, "{l:?}");
        assert!(resolve(&ascii, &env_of(&[("TERM", "xterm")])).ascii);
    }

    #[test]
    fn the_theme_is_the_asked_one_else_dark_and_names_round_trip() {
        assert_eq!(
            resolve(&Asked::default(), &env_of(&[])).theme,
            ThemeName::Dark
        );
        let light = Asked {
            theme: Some(ThemeName::Light),
            ..Asked::default()
        };
        assert_eq!(resolve(&light, &env_of(&[])).theme, ThemeName::Light);
        for t in ThemeName::ALL {
            assert_eq!(ThemeName::parse(t.name()), Some(t));
        }
        assert_eq!(
            ThemeName::parse(" High-Contrast "),
            Some(ThemeName::HighContrast)
        );
        assert_eq!(ThemeName::parse("solarized"), None);
    }
}
