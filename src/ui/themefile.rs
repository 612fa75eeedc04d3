//! Themes as files: the built-in ones under `assets/themes/`, embedded, and
//! the user's `themes/NAME.toml` beside the config file, which changes only
//! the roles (and within them only the keys) it names.

use ratatui::style::{Color, Modifier};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use toml::Spanned;

/// One role as a theme defines it: colours, and the attributes that go with them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub add: Modifier,
}

/// Every role of a theme (the role names are those of the theme files,
/// see this file).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// The terminal background the theme is made for; `None`: any.
    pub background: Option<Color>,
    pub(super) title: Spec,
    pub(super) dim: Spec,
    pub(super) ok: Spec,
    pub(super) warn: Spec,
    pub(super) error: Spec,
    pub(super) selected: Spec,
    pub(super) today: Spec,
    pub(super) now_line: Spec,
    pub(super) key: Spec,
    pub(super) unmatched: Spec,
    pub(super) mark: Spec,
    pub(super) scheduled: Spec,
    pub(super) in_progress: Spec,
    pub(super) complete: Spec,
    pub(super) called_off: Spec,
    pub(super) late: Spec,
    pub(super) on_hold: Spec,
    /// The double-booking mark: one employee, two tasks at once.
    pub(super) double: Spec,
}

/// The built-in themes: name, file as the errors name it, text.
pub const BUILT_IN: [(&str, &str, &str); 3] = [
    (
        "dark",
        "assets/themes/dark.toml",
        include_str!("../../assets/themes/dark.toml"),
    ),
    (
        "light",
        "assets/themes/light.toml",
        include_str!("../../assets/themes/light.toml"),
    ),
    (
        "high-contrast",
        "assets/themes/high-contrast.toml",
        include_str!("../../assets/themes/high-contrast.toml"),
    ),
];

/// A theme file that cannot be used, naming the file, the line and the role.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("theme error in {file}:{line}{}: {message}", role.as_ref().map(|r| format!(": `{r}`")).unwrap_or_default())]
pub struct ThemeError {
    pub file: String,
    pub line: usize,
    pub role: Option<String>,
    pub message: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    modifiers: Option<Spanned<Vec<String>>>,
}

/// Writes the file's roles out once: the struct, the role names, and the
/// way to each role's spec in a [`Palette`].
macro_rules! roles_file {
    ($($role:ident),* $(,)?) => {
        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct ThemeFile {
            base: Option<Spanned<String>>,
            background: Option<Spanned<String>>,
            $($role: Option<Spanned<RoleFile>>,)*
        }

        /// Every role a theme file may set.
        pub const ROLES: &[&str] = &[$(stringify!($role)),*];

        impl ThemeFile {
            fn roles(self) -> Vec<(&'static str, Spanned<RoleFile>)> {
                let mut out = Vec::new();
                $(if let Some(r) = self.$role { out.push((stringify!($role), r)); })*
                out
            }
        }

        impl Palette {
            pub(super) fn role_mut(&mut self, name: &str) -> Option<&mut Spec> {
                match name {
                    $(stringify!($role) => Some(&mut self.$role),)*
                    _ => None,
                }
            }

            /// Each role by name, in file order.
            pub fn specs(&self) -> Vec<(&'static str, Spec)> {
                vec![$((stringify!($role), self.$role)),*]
            }
        }
    };
}

roles_file!(
    title,
    dim,
    ok,
    warn,
    error,
    selected,
    today,
    now_line,
    key,
    unmatched,
    mark,
    scheduled,
    in_progress,
    complete,
    called_off,
    late,
    on_hold,
    double,
);

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

pub fn parse_color(raw: &str) -> Result<Color, String> {
    Color::from_str(raw.trim()).map_err(|_| {
        format!("`{raw}` is not a colour (a name such as \"cyan\" or \"light-red\", \"#rrggbb\", or 0-255)")
    })
}

fn parse_modifier(raw: &str) -> Result<Modifier, String> {
    Ok(
        match raw.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" => Modifier::UNDERLINED,
            "reversed" => Modifier::REVERSED,
            "crossed-out" => Modifier::CROSSED_OUT,
            _ => {
                return Err(format!(
                    "`{raw}` is not a modifier (bold, dim, italic, underlined, reversed, crossed-out)"
                ));
            }
        },
    )
}

/// One role as a file sets it: fg, bg, modifiers (each `None`: the base's).
type RoleSet = (&'static str, Option<Color>, Option<Color>, Option<Modifier>);

/// A theme read from a file: its base, its roles over that base, and the
/// background it is made for.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub base: Option<String>,
    pub background: Option<Color>,
    /// The roles the file sets, applied to a palette by [`Parsed::apply`].
    roles: Vec<RoleSet>,
}

impl Parsed {
    /// The file's roles over `base`; a key the file leaves out keeps the base's.
    pub fn apply(&self, mut p: Palette) -> Palette {
        for (name, fg, bg, add) in &self.roles {
            if let Some(spec) = p.role_mut(name) {
                if fg.is_some() {
                    spec.fg = *fg;
                }
                if bg.is_some() {
                    spec.bg = *bg;
                }
                if let Some(add) = add {
                    spec.add = *add;
                }
            }
        }
        if let Some(bg) = self.background {
            p.background = Some(bg);
        }
        p
    }

    /// Whether the file sets every role (the built-in themes must).
    pub fn is_complete(&self) -> bool {
        ROLES
            .iter()
            .all(|r| self.roles.iter().any(|(n, ..)| n == r))
    }
}

/// Reads a theme file's text; `file` is how errors name it.
pub fn parse(file: &str, text: &str) -> Result<Parsed, ThemeError> {
    let err = |offset: usize, role: Option<&str>, message: String| ThemeError {
        file: file.to_owned(),
        line: line_of(text, offset),
        role: role.map(str::to_owned),
        message,
    };
    let doc: ThemeFile = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        // An unknown key names itself at its span: the role (or the key in one).
        let role = e
            .span()
            .and_then(|s| text.get(s))
            .map(|k| k.trim().trim_matches(['[', ']', '"']).trim().to_owned())
            .filter(|k| !k.is_empty() && !k.contains('\n'));
        let message = e
            .message()
            .replace("expected one of", "expected one of the roles or keys");
        err(at, role.as_deref(), message)
    })?;
    let background = match &doc.background {
        Some(b) => {
            Some(parse_color(b.get_ref()).map_err(|m| err(b.span().start, Some("background"), m))?)
        }
        None => None,
    };
    let base = doc.base.as_ref().map(|b| b.get_ref().trim().to_owned());
    let mut roles = Vec::new();
    for (name, role) in doc.roles() {
        let r = role.get_ref();
        let colour = |c: &Option<Spanned<String>>| -> Result<Option<Color>, ThemeError> {
            c.as_ref()
                .map(|c| parse_color(c.get_ref()).map_err(|m| err(c.span().start, Some(name), m)))
                .transpose()
        };
        let add = match &r.modifiers {
            Some(list) => {
                let mut m = Modifier::empty();
                for one in list.get_ref() {
                    m |= parse_modifier(one).map_err(|e| err(list.span().start, Some(name), e))?;
                }
                Some(m)
            }
            None => None,
        };
        roles.push((name, colour(&r.fg)?, colour(&r.bg)?, add));
    }
    Ok(Parsed {
        base,
        background,
        roles,
    })
}

/// The user's theme files: `DIR/NAME.toml`, by name. A missing directory
/// has none; an unreadable file is an error naming it.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, ThemeError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ThemeError {
                file: dir.display().to_string(),
                line: 0,
                role: None,
                message: format!("cannot read the themes directory: {e}"),
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ThemeError {
            file: path.display().to_string(),
            line: 0,
            role: None,
            message: format!("cannot read the theme: {e}"),
        })?;
        out.push((name.to_ascii_lowercase(), path, text));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
