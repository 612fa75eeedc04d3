//! Keys: the router. A key is resolved in the context of the modal on
//! top (the board when none is open) and goes to that context's handler.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::keymap::Action;
use crate::app::model::{Model, Overlay};
use crate::app::msg::{Cmd, TermCmd};

/// The key named on the refused-token screen.
pub const PEEK_KEY: char = 'v';

/// What a handler does with the modal it was given. The modal stays where
/// it was unless the step says otherwise, so closing one is always said.
#[derive(Debug)]
pub enum Step {
    /// The modal stays (changed or not).
    Stay,
    /// The modal closes.
    Pop,
    /// The modal stays and another opens over it.
    Push(Overlay),
    /// The modal gives way to another.
    Replace(Overlay),
}

/// Puts `top` back at `depth` as `step` says. Modals a handler opened
/// through shared code (`Model::open`) stay above it.
fn apply(m: &mut Model, depth: usize, top: Overlay, step: Step) {
    match step {
        Step::Stay => m.modals.insert(depth, top),
        Step::Pop => {}
        Step::Push(over) => {
            m.modals.insert(depth, top);
            m.modals.insert(depth + 1, over);
        }
        Step::Replace(other) => m.modals.insert(depth, other),
    }
    m.dirty = true;
}

/// A key: resolved in the context on top, then handed to that context's
/// handler (the board's when no modal is open).
pub fn on_key(m: &mut Model, k: KeyEvent) -> Vec<Cmd> {
    if !matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) {
        return Vec::new();
    }
    m.last_input = m.now;
    // Ctrl-Z: in raw mode the terminal sends it as a key; stop as a shell
    // job would, whatever is open, and come back to the same screen.
    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
        m.dirty = true;
        return vec![Cmd::Term(TermCmd::Suspend)];
    }
    let action = lookup(m, &k);
    let Some(mut top) = m.modals.pop() else {
        return board::on_key(m, action, &k);
    };
    m.dirty = true;
    // Help opens over any modal whose context binds it.
    if action == Some(Action::Help) && !matches!(top, Overlay::Help { .. }) {
        m.modals.push(top);
        m.open(Overlay::Help { scroll: 0 });
        return Vec::new();
    }
    let depth = m.modals.len();
    let (step, cmds) = match &mut top {
        Overlay::Help { scroll } => help::on_key(scroll, text_page(m, 4), action),
        Overlay::Log { scroll } => log::on_key(scroll, text_page(m, 4), action),
        Overlay::Detail {
            task_id,
            scroll,
            seen,
            raw,
        } => detail::on_key(m, *task_id, scroll, seen, raw, action),
        Overlay::Goto { input, error } => prompt::on_goto_key(m, input, error, action, k),
        Overlay::Filter { input } => prompt::on_filter_key(m, input, action, k),
        Overlay::Confirm(c) => confirm::on_key(m, c, action, k),
        Overlay::Palette(p) => palette::on_key(m, p, action, k),
        Overlay::Form(f) => form::on_key(m, f, action, k),
        Overlay::Restore(r) => restore::on_key(m, r, action),
        Overlay::Job(c) => jobs::on_key(m, c, action, k),
        Overlay::Picker(p) | Overlay::Employees(p) => picker::on_key(m, p, action, k),
        Overlay::Move => moving::on_key(m, action),
        Overlay::Queue { selected } => queue::on_key(m, selected, action),
        Overlay::LateBy {
            employee_id,
            input,
            error,
        } => prompt::on_late_key(m, *employee_id, input, error, action, k),
        Overlay::Late => late::on_key(m, action),
    };
    apply(m, depth, top, step);
    cmds
}

/// Resolves a key in the context on top; a sequence's prefix waits in
/// `m.keys` (and the hint bar shows it).
/// A scrolled text modal (help, the log) after `action`: its new first row,
/// or `None` when the action closes it. The view stops at the last page
/// (see `settle_scroll`), so `Last` may overshoot.
/// `page`: the rows the box shows (PgDn and PgUp move that many).
pub fn scrolled(scroll: u16, page: u16, action: Option<Action>) -> Option<u16> {
    match action {
        Some(Action::Close | Action::Help | Action::Quit) => None,
        Some(Action::MoveDown) => Some(scroll.saturating_add(1)),
        Some(Action::MoveUp) => Some(scroll.saturating_sub(1)),
        Some(Action::PageDown) => Some(scroll.saturating_add(page.max(1))),
        Some(Action::PageUp) => Some(scroll.saturating_sub(page.max(1))),
        Some(Action::First) => Some(0),
        Some(Action::Last) => Some(u16::MAX),
        _ => Some(scroll),
    }
}

/// Rows a box over the screen shows, with `chrome` rows of the screen
/// around them (borders, margins): its page.
pub fn text_page(m: &Model, chrome: u16) -> u16 {
    m.size.1.saturating_sub(chrome).max(1)
}

pub fn lookup(m: &mut Model, k: &KeyEvent) -> Option<Action> {
    let ctx = m.key_context();
    let before = m.keys.pending(ctx).len();
    let action = m.opts.keymap.resolve(ctx, &mut m.keys, k);
    if before > 0 || !m.keys.pending(ctx).is_empty() {
        m.dirty = true;
    }
    action
}

pub fn is_peek_key(k: &KeyEvent) -> bool {
    k.code == KeyCode::Char(PEEK_KEY)
        && !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

pub mod board;
pub mod confirm;
pub mod detail;
pub mod form;
pub mod help;
pub mod jobs;
pub mod late;
pub mod log;
pub mod moving;
pub mod palette;
pub mod picker;
pub mod prompt;
pub mod queue;
pub mod restore;
