//! Key contexts, the rebindable keymap of each, and key sequences.
//!
//! Every action is declared once, in [`table`]: its contexts, its default
//! keys in each, its help text and hint label, whether it mutates. The
//! keymap, the config's `[keys.<context>]` tables (a flat `[keys]` means the
//! board), the conflict check, the hint bar and `?` help come from there.
//! `assets/keymap.toml` documents the defaults in the config's shape, and a
//! test keeps it equal to the table.
//!
//! A binding is one key or a sequence (`"g g"`). Resolving is pure: the keys
//! typed so far live in a [`KeyState`] in the model; a key that completes a
//! sequence yields its action, a key that starts or continues one waits, and
//! a key that breaks one drops the prefix and then counts on its own (so a
//! stray `g` never swallows the next key). No timers.

mod spec;
mod table;

pub use spec::{KeySpec, parse_seq, show_seq};
pub use table::{ACTIONS, Action, ActionSpec, Context, CtxBind};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;
use std::sync::LazyLock;

/// One binding: a single key, or the keys of a sequence in order.
type Seq = Vec<KeySpec>;

/// An action's bindings in one context: single keys (the common case, and
/// what [`Keymap::keys_for`] lends out) and sequences.
#[derive(Clone, Debug, Default, PartialEq)]
struct Binds {
    keys: Vec<KeySpec>,
    seqs: Vec<Seq>,
}

impl Binds {
    fn from_seqs(bindings: Vec<Seq>) -> Binds {
        let mut b = Binds::default();
        for s in bindings {
            match s.as_slice() {
                [k] if !b.keys.contains(k) => b.keys.push(*k),
                [_] => {}
                _ if !b.seqs.contains(&s) => b.seqs.push(s),
                _ => {}
            }
        }
        b
    }

    /// Every binding, single keys first.
    fn all(&self) -> impl Iterator<Item = &[KeySpec]> {
        self.keys
            .iter()
            .map(std::slice::from_ref)
            .chain(self.seqs.iter().map(Vec::as_slice))
    }
}

/// A bad `[keys]` table. `context` names the `[keys.<context>]` table at
/// fault (`None`: the flat `[keys]`, which is the board's).
#[derive(Clone, Debug, PartialEq)]
pub struct KeysError {
    pub context: Option<String>,
    /// The action whose entry is at fault, when one is (to find its line).
    pub action: Option<String>,
    pub message: String,
}

impl KeysError {
    fn new(context: Option<&str>, message: String) -> KeysError {
        KeysError {
            context: context.map(str::to_string),
            action: None,
            message,
        }
    }

    fn of(mut self, action: &str) -> KeysError {
        self.action = Some(action.to_string());
        self
    }

    /// The table to look at: `keys` or `keys.<context>`.
    pub fn table(&self) -> String {
        match &self.context {
            Some(c) => format!("keys.{c}"),
            None => "keys".to_string(),
        }
    }
}

impl fmt::Display for KeysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.table(), self.message)
    }
}

/// The keys typed so far of a sequence, and the context they were typed in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyState {
    ctx: Option<Context>,
    typed: Vec<KeySpec>,
}

impl KeyState {
    /// The prefix waiting in `ctx` (none if it was typed elsewhere).
    pub fn pending(&self, ctx: Context) -> &[KeySpec] {
        if self.ctx == Some(ctx) {
            &self.typed
        } else {
            &[]
        }
    }
}

/// How a sequence typed so far stands in one context.
enum Match {
    Action(Action),
    Prefix,
    Nothing,
}

/// Key bindings per context, one list of bindings per action.
#[derive(Clone, Debug, PartialEq)]
pub struct Keymap {
    /// `[context][action]`, in [`Context::ALL`] and [`Action::ALL`] order.
    binds: Vec<Vec<Binds>>,
}

static DEFAULTS: LazyLock<Keymap> = LazyLock::new(|| {
    // The table is compiled in and a unit test proves it parses without conflicts.
    from_table().expect("the action table's default keys are valid")
});

fn from_table() -> Result<Keymap, KeysError> {
    let mut map = Keymap::empty();
    for spec in ACTIONS {
        for b in spec.binds {
            let seqs = b
                .keys
                .iter()
                .map(|k| parse_seq(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| KeysError::new(Some(b.ctx.name()), format!("`{}`: {e}", spec.name)))?;
            map.binds[b.ctx.index()][spec.action.index()] = Binds::from_seqs(seqs);
        }
    }
    map.check_conflicts()?;
    Ok(map)
}

const CTRL_C: KeySpec = KeySpec {
    code: KeyCode::Char('c'),
    mods: KeyModifiers::CONTROL,
};

impl Keymap {
    /// The table's default bindings (documented in `assets/keymap.toml`).
    pub fn defaults() -> Keymap {
        DEFAULTS.clone()
    }

    /// No bindings at all (only the Ctrl-C fallback of [`Keymap::resolve`]).
    pub fn empty() -> Keymap {
        Keymap {
            binds: vec![vec![Binds::default(); Action::ALL.len()]; Context::ALL.len()],
        }
    }

    /// Applies a `[keys]` table (see [`Keymap::apply`]); the error names the table.
    pub fn with_overrides(self, table: &toml::Table) -> Result<Keymap, String> {
        self.apply(table).map_err(|e| e.to_string())
    }

    /// Applies a `[keys]` table: `action = "key"` or `action = ["k1", "g g"]`
    /// replaces that action's bindings (`[]` unbinds it). Entries at the top
    /// are the board's; `[keys.<context>]` sub-tables hold the other contexts
    /// (and `[keys.board]` the board's). A key given here wins over another
    /// action's binding of it that the table left alone (which loses that
    /// key, and may be left with none); two actions given the same key here
    /// are a conflict.
    pub fn apply(mut self, table: &toml::Table) -> Result<Keymap, KeysError> {
        let mut given = vec![vec![false; Action::ALL.len()]; Context::ALL.len()];
        for (ctx, sub, entries) in split_contexts(table)? {
            let at = sub.then(|| ctx.name());
            for (name, value) in entries {
                let err = |m| KeysError::new(at, m).of(name);
                let action = action_in(ctx, name).map_err(err)?;
                let seqs = bindings_of(name, value).map_err(err)?;
                self.binds[ctx.index()][action.index()] = Binds::from_seqs(seqs);
                given[ctx.index()][action.index()] = true;
            }
        }
        self.drop_shadowed(&given);
        self.check_conflicts()?;
        Ok(self)
    }

    /// Takes from the actions not `given` every binding that clashes (the
    /// same keys, or one the start of the other) with a `given` one.
    fn drop_shadowed(&mut self, given: &[Vec<bool>]) {
        for ctx in Context::ALL {
            let (mine, theirs): (Vec<_>, Vec<_>) = self.binds[ctx.index()]
                .iter_mut()
                .enumerate()
                .partition(|(a, _)| given[ctx.index()][*a]);
            let taken: Vec<Seq> = mine
                .iter()
                .flat_map(|(_, b)| b.all().map(<[KeySpec]>::to_vec))
                .collect();
            let clashes =
                |s: &[KeySpec]| taken.iter().any(|t| t.starts_with(s) || s.starts_with(t));
            for (_, b) in theirs {
                b.keys.retain(|k| !clashes(std::slice::from_ref(k)));
                b.seqs.retain(|s| !clashes(s));
            }
        }
    }

    /// In each context, a key (or sequence) may belong to one action only,
    /// and a binding may not be the start of another (`g` and `g g`).
    fn check_conflicts(&self) -> Result<(), KeysError> {
        for ctx in Context::ALL {
            let mut seen: Vec<(&[KeySpec], Action)> = Vec::new();
            for &a in Action::ALL {
                for s in self.binds[ctx.index()][a.index()].all() {
                    for &(t, b) in &seen {
                        let message = if t == s {
                            format!(
                                "key `{}` is bound to both `{}` and `{}` in the {} keys",
                                show_seq(s),
                                b.name(),
                                a.name(),
                                ctx.name()
                            )
                        } else if t.starts_with(s) || s.starts_with(t) {
                            let ((short, x), (long, y)) = if t.len() < s.len() {
                                ((t, b), (s, a))
                            } else {
                                ((s, a), (t, b))
                            };
                            format!(
                                "key `{}` of `{}` is also the start of `{}` of `{}` in the {} keys \
                                 (a key cannot both act and wait for more)",
                                show_seq(short),
                                x.name(),
                                show_seq(long),
                                y.name(),
                                ctx.name()
                            )
                        } else {
                            continue;
                        };
                        let at = (ctx != Context::Board).then(|| ctx.name());
                        return Err(KeysError::new(at, message).of(a.name()));
                    }
                    seen.push((s, a));
                }
            }
        }
        Ok(())
    }

    fn binds(&self, ctx: Context, a: Action) -> &Binds {
        &self.binds[ctx.index()][a.index()]
    }

    /// How `typed` stands in `ctx`: a whole binding, the start of one, or neither.
    fn lookup(&self, ctx: Context, typed: &[KeySpec]) -> Match {
        let mut prefix = false;
        for &a in Action::ALL {
            for s in self.binds(ctx, a).all() {
                if s == typed {
                    return Match::Action(a);
                }
                prefix |= s.len() > typed.len() && s.starts_with(typed);
            }
        }
        if prefix {
            Match::Prefix
        } else {
            Match::Nothing
        }
    }

    /// The action a key press asks for in `ctx`, given the keys typed before
    /// it (kept in `st`). Key releases never act. A key that breaks a
    /// sequence drops it and is then read on its own. Ctrl-C quits unless
    /// it is bound in `ctx`, so the board can always be left.
    pub fn resolve(&self, ctx: Context, st: &mut KeyState, ev: &KeyEvent) -> Option<Action> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        if st.ctx != Some(ctx) {
            st.ctx = Some(ctx);
            st.typed.clear();
        }
        let spec = KeySpec::from_event(ev);
        if !st.typed.is_empty() {
            let mut typed = std::mem::take(&mut st.typed);
            typed.push(spec);
            match self.lookup(ctx, &typed) {
                Match::Action(a) => return Some(a),
                Match::Prefix => {
                    st.typed = typed;
                    return None;
                }
                Match::Nothing => {}
            }
        }
        match self.lookup(ctx, &[spec]) {
            Match::Action(a) => Some(a),
            Match::Prefix => {
                st.typed.push(spec);
                None
            }
            Match::Nothing => (spec == CTRL_C).then_some(Action::Quit),
        }
    }

    /// The action one key press asks for on the board, sequences aside.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        self.resolve(Context::Board, &mut KeyState::default(), ev)
    }

    /// The single keys bound to `a` on the board.
    pub fn keys_for(&self, a: Action) -> &[KeySpec] {
        self.keys_in(Context::Board, a)
    }

    /// How a footer, a dialog or a message names the key of `a` in `ctx`:
    /// its first binding as help writes it, or the action's name when it
    /// has none (so a rebinding shows everywhere the key is named).
    pub fn key_text(&self, ctx: Context, a: Action) -> String {
        self.bindings(ctx, a)
            .into_iter()
            .next()
            .unwrap_or_else(|| a.name().to_string())
    }

    /// Help's line for `a` in `ctx`, naming keys as this keymap binds them:
    /// in a confirmation, Enter (when it is a key of `yes`) is said not to
    /// delete, as the confirmation's handler has it.
    pub fn help_text(&self, ctx: Context, a: Action) -> String {
        let text = a.help_in(ctx);
        let enter = KeySpec {
            code: KeyCode::Enter,
            mods: KeyModifiers::NONE,
        };
        if a == Action::Yes && ctx == Context::Confirm && self.keys_in(ctx, a).contains(&enter) {
            return format!("{text} ({} does not delete)", show_seq(&[enter]));
        }
        text.to_string()
    }

    /// The single keys bound to `a` in `ctx`.
    pub fn keys_in(&self, ctx: Context, a: Action) -> &[KeySpec] {
        &self.binds(ctx, a).keys
    }

    /// Every binding of `a` in `ctx` as help writes it, single keys first.
    pub fn bindings(&self, ctx: Context, a: Action) -> Vec<String> {
        self.binds(ctx, a).all().map(show_seq).collect()
    }

    /// Rows for the board's help (see [`Keymap::help_rows_in`]).
    pub fn help_rows(&self, read_only: bool) -> Vec<(String, Action)> {
        self.help_rows_in(Context::Board, read_only)
    }

    /// Rows for help in `ctx`: every action of the context in table order
    /// with its bindings joined by spaces; mutating actions are left out
    /// when `read_only`.
    pub fn help_rows_in(&self, ctx: Context, read_only: bool) -> Vec<(String, Action)> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| a.is_in(ctx) && !(read_only && a.is_mutating()))
            .map(|a| (self.bindings(ctx, a).join(" "), a))
            .collect()
    }

    /// The hint bar of `ctx`: (keys, label) in table order, one entry per
    /// label (`k/j scroll`), first binding of each action; actions with an
    /// empty label, unbound ones, those not `available` and, when
    /// `read_only`, mutating ones left out.
    pub fn hints_in(
        &self,
        ctx: Context,
        read_only: bool,
        available: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for &a in Action::ALL {
            let label = a.hint_in(ctx);
            if !a.is_in(ctx) || label.is_empty() || (read_only && a.is_mutating()) || !available(a)
            {
                continue;
            }
            let Some(key) = self.binds(ctx, a).all().next().map(show_seq) else {
                continue;
            };
            match out.iter_mut().find(|(_, l)| *l == label) {
                Some((keys, _)) => {
                    keys.push('/');
                    keys.push_str(&key);
                }
                None => out.push((key, label)),
            }
        }
        out
    }

    /// What can follow the prefix `typed` in `ctx`: the rest of each
    /// sequence that starts with it, and its action.
    pub fn continuations(&self, ctx: Context, typed: &[KeySpec]) -> Vec<(String, Action)> {
        let mut out = Vec::new();
        if typed.is_empty() {
            return out;
        }
        for &a in Action::ALL {
            for s in self.binds(ctx, a).all() {
                if s.len() > typed.len() && s.starts_with(typed) {
                    out.push((show_seq(&s[typed.len()..]), a));
                }
            }
        }
        out
    }
}

/// Entries of one context's table: action name and value.
type Entries<'a> = Vec<(&'a String, &'a toml::Value)>;

/// Splits a `[keys]` table into (context, from a sub-table, entries).
/// A sub-table whose name is a context is that context's; any other entry
/// is the board's (action names and context names may coincide, as `help`
/// and `detail` do: a table is a context, a key or list an action).
fn split_contexts(table: &toml::Table) -> Result<Vec<(Context, bool, Entries<'_>)>, KeysError> {
    let mut flat: Entries = Vec::new();
    let mut subs = Vec::new();
    for (name, value) in table {
        match value {
            toml::Value::Table(t) => {
                let ctx = Context::from_name(name).ok_or_else(|| {
                    let names: Vec<_> = Context::ALL.iter().map(|c| c.name()).collect();
                    KeysError::new(
                        Some(name),
                        format!("unknown key context (contexts: {})", names.join(", ")),
                    )
                })?;
                subs.push((ctx, true, t.iter().collect::<Entries>()));
            }
            _ => flat.push((name, value)),
        }
    }
    if let Some((_, _, board)) = subs.iter().find(|(c, _, _)| *c == Context::Board)
        && let Some((name, _)) = flat.iter().find(|(n, _)| board.iter().any(|(b, _)| b == n))
    {
        return Err(KeysError::new(
            Some("board"),
            format!("`{name}` is set both in [keys] and in [keys.board]"),
        )
        .of(name));
    }
    let mut out = vec![(Context::Board, false, flat)];
    out.extend(subs);
    Ok(out)
}

/// The canonical form of a `[keys]` table: one sub-table per context, the
/// flat entries moved into `board`, so layers can be merged per context
/// and action.
pub fn normalize_keys(table: &toml::Table) -> Result<toml::Table, KeysError> {
    let mut out = toml::Table::new();
    for (ctx, _, entries) in split_contexts(table)? {
        if entries.is_empty() {
            continue;
        }
        let sub = out
            .entry(ctx.name())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let toml::Value::Table(sub) = sub {
            sub.extend(entries.into_iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    Ok(out)
}

/// Lays the canonical `[keys]` table `high` over `low`, per context and action.
pub fn merge_keys(low: &mut toml::Table, high: toml::Table) {
    for (ctx, entries) in high {
        match (low.get_mut(&ctx), entries) {
            (Some(toml::Value::Table(l)), toml::Value::Table(h)) => l.extend(h),
            (_, entries) => {
                low.insert(ctx, entries);
            }
        }
    }
}

/// The action `name` names, if it belongs to `ctx`.
fn action_in(ctx: Context, name: &str) -> Result<Action, String> {
    let Some(a) = Action::from_name(name) else {
        let hint = if ctx == Context::Board {
            "see the default keymap for the names".to_string()
        } else {
            let names: Vec<_> = Action::ALL
                .iter()
                .filter(|a| a.is_in(ctx))
                .map(|a| a.name())
                .collect();
            format!("actions of the {}: {}", ctx.name(), names.join(", "))
        };
        return Err(format!("unknown action `{name}` ({hint})"));
    };
    if a.is_in(ctx) {
        return Ok(a);
    }
    let homes: Vec<_> = a.contexts().map(Context::name).collect();
    Err(format!(
        "`{name}` is not an action of the {} (it belongs to: {})",
        ctx.name(),
        homes.join(", ")
    ))
}

fn bindings_of(name: &str, value: &toml::Value) -> Result<Vec<Seq>, String> {
    let one = |s: &str| parse_seq(s).map_err(|e| format!("`{name}`: {e}"));
    match value {
        toml::Value::String(s) => Ok(vec![one(s)?]),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                toml::Value::String(s) => one(s),
                other => Err(format!(
                    "`{name}`: expected key names as strings, got {}",
                    other.type_str()
                )),
            })
            .collect(),
        other => Err(format!(
            "`{name}`: expected a key name or a list of key names, got {}",
            other.type_str()
        )),
    }
}

#[cfg(test)]
mod tests;
