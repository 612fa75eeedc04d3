//! Actions, key specifications and the rebindable keymap.
//!
//! The defaults live in `assets/keymap.toml`, in the same shape as the
//! config's `[keys]` table, so a user can copy a line and change it.
//! Key specs are normalised when parsed and when matched, so that equality
//! of two specs means "the same physical key press" and conflicts between
//! bindings can be found by plain comparison.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Everything a key can ask the board to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    MoveUp,
    MoveDown,
    MoveLeft,
    MoveRight,
    PageUp,
    PageDown,
    LanesBack,
    LanesOn,
    First,
    Last,
    DayView,
    WeekView,
    PrevPeriod,
    NextPeriod,
    Today,
    GotoDate,
    ToggleWeekend,
    Detail,
    Edit,
    Add,
    Delete,
    Undo,
    EmployeeFilter,
    TextFilter,
    NotifyEmployee,
    NotifyDetails,
    NotifyOnTheWay,
    Refresh,
    NextChange,
    TogglePause,
    ToggleMouse,
    Help,
    Palette,
    Close,
    Quit,
    Redraw,
}

impl Action {
    /// Every action, in declaration order (help lists them in this order).
    pub const ALL: &'static [Action] = &[
        Action::MoveUp,
        Action::MoveDown,
        Action::MoveLeft,
        Action::MoveRight,
        Action::PageUp,
        Action::PageDown,
        Action::LanesBack,
        Action::LanesOn,
        Action::First,
        Action::Last,
        Action::DayView,
        Action::WeekView,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::Today,
        Action::GotoDate,
        Action::ToggleWeekend,
        Action::Detail,
        Action::Edit,
        Action::Add,
        Action::Delete,
        Action::Undo,
        Action::EmployeeFilter,
        Action::TextFilter,
        Action::NotifyEmployee,
        Action::NotifyDetails,
        Action::NotifyOnTheWay,
        Action::Refresh,
        Action::NextChange,
        Action::TogglePause,
        Action::ToggleMouse,
        Action::Help,
        Action::Palette,
        Action::Close,
        Action::Quit,
        Action::Redraw,
    ];

    /// Position in [`Action::ALL`]; `ALL` is in declaration order.
    fn index(self) -> usize {
        self as usize
    }

    /// The name used in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    pub fn from_name(s: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == s)
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        self.info().1
    }

    /// One word or two for the hint bar.
    pub fn short_label(self) -> &'static str {
        self.info().2
    }

    /// Actions that would send a mutating request: hidden and refused in
    /// read-only and monitor modes.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::Edit
                | Action::Add
                | Action::Delete
                | Action::Undo
                | Action::NotifyEmployee
                | Action::NotifyDetails
                | Action::NotifyOnTheWay
        )
    }

    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Action::MoveUp => ("move_up", "move up", "up"),
            Action::MoveDown => ("move_down", "move down", "down"),
            Action::MoveLeft => ("move_left", "move left", "left"),
            Action::MoveRight => ("move_right", "move right", "right"),
            Action::PageUp => (
                "page_up",
                "page up (day: earlier hours; week: employees)",
                "pg up",
            ),
            Action::PageDown => (
                "page_down",
                "page down (day: later hours; week: employees)",
                "pg down",
            ),
            Action::LanesBack => ("lanes_back", "previous page of employees", "employees"),
            Action::LanesOn => ("lanes_on", "next page of employees", "employees"),
            Action::First => ("first", "go to the first row", "first"),
            Action::Last => ("last", "go to the last row", "last"),
            Action::DayView => ("day_view", "day view", "day"),
            Action::WeekView => ("week_view", "week view", "week"),
            Action::PrevPeriod => ("prev_period", "previous day or week", "prev"),
            Action::NextPeriod => ("next_period", "next day or week", "next"),
            Action::Today => ("today", "go to today", "today"),
            Action::GotoDate => ("goto_date", "go to a date", "go to"),
            Action::ToggleWeekend => ("toggle_weekend", "hide / show the weekend", "weekend"),
            Action::Detail => ("detail", "task detail", "detail"),
            Action::Edit => ("edit", "edit task", "edit"),
            Action::Add => ("add", "add task", "add"),
            Action::Delete => ("delete", "delete task (confirm)", "delete"),
            Action::Undo => (
                "undo",
                "undo the last delete (as a new task) or the last saved edit",
                "undo",
            ),
            Action::EmployeeFilter => ("employee_filter", "employee filter", "employees"),
            Action::TextFilter => ("text_filter", "text filter", "filter"),
            Action::NotifyEmployee => (
                "notify_employee",
                "notify assigned employee (confirm)",
                "notify",
            ),
            Action::NotifyDetails => (
                "notify_details",
                "send customer appointment details (confirm)",
                "details",
            ),
            Action::NotifyOnTheWay => (
                "notify_on_the_way",
                "notify customer \"on the way\" (confirm)",
                "on the way",
            ),
            Action::Refresh => ("refresh", "refresh now", "refresh"),
            Action::NextChange => (
                "next_change",
                "next task changed at the last poll",
                "changes",
            ),
            Action::TogglePause => ("toggle_pause", "pause / resume polling", "pause"),
            Action::ToggleMouse => ("toggle_mouse", "mouse capture on / off", "mouse"),
            Action::Help => ("help", "help", "help"),
            Action::Palette => ("palette", "command palette", "palette"),
            Action::Close => ("close", "close / cancel", "close"),
            Action::Quit => ("quit", "quit (asks if an edit is unsaved)", "quit"),
            Action::Redraw => ("redraw", "redraw the screen", "redraw"),
        }
    }
}

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

/// Key bindings, one list of keys per action, in [`Action::ALL`] order.
#[derive(Clone, Debug)]
pub struct Keymap {
    keys: Vec<Vec<KeySpec>>,
}

static DEFAULTS: LazyLock<Keymap> = LazyLock::new(|| {
    // The asset is compiled in and a unit test proves it parses.
    parse_asset(DEFAULT_KEYMAP).expect("assets/keymap.toml is a valid keymap")
});

fn parse_asset(text: &str) -> Result<Keymap, String> {
    let doc: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
    let keys = match doc.get("keys") {
        Some(toml::Value::Table(t)) => t,
        _ => return Err("missing [keys] table".to_string()),
    };
    let map = Keymap::empty().with_overrides(keys)?;
    match Action::ALL.iter().find(|a| map.keys_for(**a).is_empty()) {
        Some(a) => Err(format!("no default key for `{}`", a.name())),
        None => Ok(map),
    }
}

impl Keymap {
    /// Bindings from `assets/keymap.toml`.
    pub fn defaults() -> Keymap {
        DEFAULTS.clone()
    }

    /// No bindings at all (only the Ctrl-C fallback of [`Keymap::action_for`]).
    pub fn empty() -> Keymap {
        Keymap {
            keys: vec![Vec::new(); Action::ALL.len()],
        }
    }

    /// Applies a `[keys]` table: `action = "key"` or `action = ["k1", "k2"]`
    /// replaces that action's keys (`[]` unbinds it).
    pub fn with_overrides(mut self, table: &toml::Table) -> Result<Keymap, String> {
        for (name, value) in table {
            let action = Action::from_name(name).ok_or_else(|| {
                format!("unknown action `{name}` (see the default keymap for the names)")
            })?;
            let specs = match value {
                toml::Value::String(s) => vec![parse_for(name, s)?],
                toml::Value::Array(items) => items
                    .iter()
                    .map(|item| match item {
                        toml::Value::String(s) => parse_for(name, s),
                        other => Err(format!(
                            "`{name}`: expected key names as strings, got {}",
                            other.type_str()
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                other => {
                    return Err(format!(
                        "`{name}`: expected a key name or a list of key names, got {}",
                        other.type_str()
                    ));
                }
            };
            let mut unique: Vec<KeySpec> = Vec::with_capacity(specs.len());
            for spec in specs {
                if !unique.contains(&spec) {
                    unique.push(spec);
                }
            }
            self.keys[action.index()] = unique;
        }
        self.check_conflicts()?;
        Ok(self)
    }

    fn check_conflicts(&self) -> Result<(), String> {
        let mut owner: HashMap<KeySpec, Action> = HashMap::new();
        for &action in Action::ALL {
            for spec in self.keys_for(action) {
                if let Some(first) = owner.insert(*spec, action) {
                    return Err(format!(
                        "key `{spec}` is bound to both `{}` and `{}`",
                        first.name(),
                        action.name()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action a key press asks for. Key releases never act; Ctrl-C quits
    /// unless it was rebound, so the board can always be left.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let spec = KeySpec::from_event(ev);
        let bound = Action::ALL
            .iter()
            .copied()
            .find(|a| self.keys_for(*a).contains(&spec));
        bound.or_else(|| {
            (spec == KeySpec::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
                .then_some(Action::Quit)
        })
    }

    pub fn keys_for(&self, a: Action) -> &[KeySpec] {
        self.keys.get(a.index()).map_or(&[], Vec::as_slice)
    }

    /// Rows for the help screen: every bound action in [`Action::ALL`]
    /// order with its keys joined by spaces; mutating actions are left out
    /// when `read_only`.
    pub fn help_rows(&self, read_only: bool) -> Vec<(String, Action)> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| !(read_only && a.is_mutating()))
            .map(|a| {
                let keys = self
                    .keys_for(a)
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ");
                (keys, a)
            })
            .collect()
    }
}

fn parse_for(action: &str, s: &str) -> Result<KeySpec, String> {
    KeySpec::parse(s).map_err(|e| format!("`{action}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn keys(src: &str) -> toml::Table {
        match src.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => panic!("test table does not parse: {e}"),
        }
    }

    #[test]
    fn default_asset_parses_and_binds_every_action() {
        let map = parse_asset(DEFAULT_KEYMAP);
        assert!(map.is_ok(), "{map:?}");
        let map = Keymap::defaults();
        for &a in Action::ALL {
            assert!(!map.keys_for(a).is_empty(), "{} has no key", a.name());
        }
    }

    #[test]
    fn all_is_in_declaration_order_and_names_round_trip() {
        for (i, &a) in Action::ALL.iter().enumerate() {
            assert_eq!(a.index(), i);
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description().is_empty());
            assert!(!a.short_label().is_empty());
        }
        assert_eq!(Action::NotifyOnTheWay.name(), "notify_on_the_way");
        assert_eq!(Action::from_name("MoveUp"), None);
    }

    #[test]
    fn defaults_follow_the_design() {
        let map = Keymap::defaults();
        let cases = [
            (KeyCode::Char('h'), KeyModifiers::NONE, Action::MoveLeft),
            (KeyCode::Char('j'), KeyModifiers::NONE, Action::MoveDown),
            (KeyCode::Char('k'), KeyModifiers::NONE, Action::MoveUp),
            (KeyCode::Char('l'), KeyModifiers::NONE, Action::MoveRight),
            (KeyCode::Left, KeyModifiers::NONE, Action::MoveLeft),
            (KeyCode::Char('d'), KeyModifiers::NONE, Action::DayView),
            (KeyCode::Char('D'), KeyModifiers::SHIFT, Action::Delete),
            (KeyCode::Char('w'), KeyModifiers::NONE, Action::WeekView),
            (
                KeyCode::Char('W'),
                KeyModifiers::SHIFT,
                Action::ToggleWeekend,
            ),
            (KeyCode::Char('['), KeyModifiers::NONE, Action::PrevPeriod),
            (KeyCode::Char(']'), KeyModifiers::NONE, Action::NextPeriod),
            (KeyCode::Enter, KeyModifiers::NONE, Action::Detail),
            (
                KeyCode::Char('N'),
                KeyModifiers::SHIFT,
                Action::NotifyDetails,
            ),
            (
                KeyCode::Char('n'),
                KeyModifiers::NONE,
                Action::NotifyEmployee,
            ),
            (
                KeyCode::Char('o'),
                KeyModifiers::NONE,
                Action::NotifyOnTheWay,
            ),
            (KeyCode::Char('c'), KeyModifiers::NONE, Action::NextChange),
            (KeyCode::Char('?'), KeyModifiers::SHIFT, Action::Help),
            (KeyCode::Char(':'), KeyModifiers::NONE, Action::Palette),
            (KeyCode::Esc, KeyModifiers::NONE, Action::Close),
            (KeyCode::Char('q'), KeyModifiers::NONE, Action::Quit),
            (KeyCode::Char('c'), KeyModifiers::CONTROL, Action::Quit),
            (KeyCode::Char('l'), KeyModifiers::CONTROL, Action::Redraw),
            (KeyCode::PageDown, KeyModifiers::NONE, Action::PageDown),
            (KeyCode::Home, KeyModifiers::NONE, Action::First),
            (KeyCode::End, KeyModifiers::NONE, Action::Last),
        ];
        for (code, mods, want) in cases {
            assert_eq!(
                map.action_for(&press(code, mods)),
                Some(want),
                "{code:?} {mods:?}"
            );
        }
        assert_eq!(
            map.action_for(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn shift_quirks() {
        let map = Keymap::defaults();
        // Legacy terminals: uppercase with SHIFT; caps lock: uppercase alone;
        // kitty protocol without alternate keys: lowercase with SHIFT.
        for (code, mods) in [
            (KeyCode::Char('D'), KeyModifiers::SHIFT),
            (KeyCode::Char('D'), KeyModifiers::NONE),
            (KeyCode::Char('d'), KeyModifiers::SHIFT),
        ] {
            assert_eq!(
                map.action_for(&press(code, mods)),
                Some(Action::Delete),
                "{mods:?}"
            );
        }
        assert_eq!(
            map.action_for(&press(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Action::DayView)
        );
        // Ctrl-L must not fall through to plain `l`, nor Alt-l.
        assert_eq!(
            map.action_for(&press(
                KeyCode::Char('L'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )),
            Some(Action::Redraw)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('l'), KeyModifiers::ALT)),
            None
        );
    }

    #[test]
    fn releases_never_act() {
        let map = Keymap::defaults();
        let ev = KeyEvent::new_with_kind_and_state(
            KeyCode::Char('q'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
            KeyEventState::NONE,
        );
        assert_eq!(map.action_for(&ev), None);
        let repeat =
            KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, KeyEventKind::Repeat);
        assert_eq!(map.action_for(&repeat), Some(Action::MoveDown));
    }

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
    fn overrides_replace_and_conflicts_name_both_actions() {
        let map = Keymap::defaults().with_overrides(&keys(
            r#"quit = "x"
                                     move_down = ["j", "down", "ctrl-n"]"#,
        ));
        let map = match map {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            map.action_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::MoveDown)
        );
        // Ctrl-C still quits after quit was rebound away from it.
        assert_eq!(
            map.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );

        let err = Keymap::defaults().with_overrides(&keys(r#"delete = "d""#));
        let err = err.err().unwrap_or_default();
        assert!(
            err.contains("`d`") && err.contains("day_view") && err.contains("delete"),
            "{err}"
        );

        let err = Keymap::defaults().with_overrides(&keys(r#"frobnicate = "x""#));
        assert!(err.err().unwrap_or_default().contains("frobnicate"));
        let err = Keymap::defaults().with_overrides(&keys(r#"quit = "ctrl-nope""#));
        let err = err.err().unwrap_or_default();
        assert!(err.contains("quit") && err.contains("ctrl-nope"), "{err}");
        let err = Keymap::defaults().with_overrides(&keys("quit = 3"));
        assert!(err.err().unwrap_or_default().contains("quit"));
    }

    #[test]
    fn unbinding_and_swapping() {
        let swapped = Keymap::defaults().with_overrides(&keys(
            r#"day_view = "D"
               delete = "d"
               toggle_mouse = []"#,
        ));
        let map = match swapped {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            map.action_for(&press(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Action::Delete)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('m'), KeyModifiers::NONE)),
            None
        );
        assert!(map.keys_for(Action::ToggleMouse).is_empty());
    }

    #[test]
    fn help_rows_hide_mutating_actions_when_read_only() {
        let map = Keymap::defaults();
        let all = map.help_rows(false);
        assert_eq!(all.len(), Action::ALL.len());
        assert_eq!(all[0], ("k ↑".to_string(), Action::MoveUp));
        let ro = map.help_rows(true);
        assert!(ro.iter().all(|(_, a)| !a.is_mutating()));
        assert_eq!(ro.len(), Action::ALL.len() - 7);
        assert!(
            ro.iter()
                .any(|(k, a)| *a == Action::Quit && k == "q Ctrl-C")
        );
    }
}
