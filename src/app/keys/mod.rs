//! Keys: the router. A key is resolved in the context of the modal on
//! top (the board when none is open) and goes to that context's handler.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use crate::app::deleting;
use crate::app::editing;
use crate::app::empfilter;
use crate::app::jobpick;
use crate::app::keymap::Action;
use crate::app::modal::{self};
use crate::app::model::{Model, Overlay, Pending};
use crate::app::msg::{Cmd, TermCmd};
use crate::app::notice::toast;
use crate::app::period::show_period;
use crate::app::saves;
use crate::schedule::Period;

use crate::app::filtering::set_filter;
use crate::app::keys::board::{act, ask_about_seen, notify_kind, send};
use crate::app::keys::palette::on_palette_key;
use crate::app::keys::prompt::{parse_date, say_month_day};

/// The key named on the refused-token screen.
pub const PEEK_KEY: char = 'v';

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
    // The top modal is taken off and put back (or not, or with another
    // over it) by its handler.
    let Some(top) = m.modals.pop() else {
        // On the refused-token screen, `v` shows the last data (and back).
        if m.auth_refused() && is_peek_key(&k) {
            m.auth_peek = !m.auth_peek;
            m.dirty = true;
            return Vec::new();
        }
        return action.map(|a| act(m, a)).unwrap_or_default();
    };
    m.dirty = true;
    match top {
        Overlay::Help { scroll } => {
            if let Some(scroll) = scrolled(scroll, action) {
                m.modals.push(Overlay::Help { scroll });
            }
            Vec::new()
        }
        Overlay::Detail {
            task_id,
            scroll,
            seen,
            raw,
        } => {
            let at = |scroll| Overlay::Detail {
                task_id,
                scroll,
                seen: seen.clone(),
                raw,
            };
            match action {
                Some(Action::Close | Action::Detail | Action::Quit) => Vec::new(),
                Some(Action::RawJson) => {
                    m.modals.push(Overlay::Detail {
                        task_id,
                        scroll: 0,
                        seen: seen.clone(),
                        raw: !raw,
                    });
                    Vec::new()
                }
                Some(Action::MoveDown | Action::PageDown) => {
                    m.modals.push(at(scroll.saturating_add(1)));
                    Vec::new()
                }
                Some(Action::MoveUp | Action::PageUp) => {
                    m.modals.push(at(scroll.saturating_sub(1)));
                    Vec::new()
                }
                Some(a @ (Action::First | Action::Last)) => {
                    m.modals
                        .push(at(if a == Action::First { 0 } else { u16::MAX }));
                    Vec::new()
                }
                Some(
                    a @ (Action::NotifyEmployee
                    | Action::NotifyDetails
                    | Action::NotifyOnTheWay
                    | Action::Delete),
                ) => {
                    // The confirmation goes over the detail and returns to it.
                    m.modals.push(at(scroll));
                    if m.read_only() {
                        act(m, a)
                    } else {
                        ask_about_seen(m, &seen, notify_kind(a))
                    }
                }
                Some(Action::Edit) if !m.read_only() => {
                    // The form goes over the detail and returns to it.
                    m.modals.push(at(scroll));
                    editing::open_edit(m, task_id)
                }
                Some(a @ (Action::Edit | Action::Add)) => {
                    m.modals.push(at(scroll));
                    act(m, a)
                }
                _ => {
                    m.modals.push(at(scroll));
                    Vec::new()
                }
            }
        }
        Overlay::Goto { mut input, .. } => match action {
            Some(Action::Close) => Vec::new(),
            Some(Action::Accept) => match parse_date(input.value(), m.today()) {
                Ok(d) => {
                    let p = Period::for_kind(m.view(), d, m.opts.week_start);
                    let cmds = show_period(m, p, Some(d));
                    say_month_day(m, input.value(), d);
                    cmds
                }
                Err(e) => {
                    m.modals.push(Overlay::Goto {
                        input,
                        error: Some(e),
                    });
                    Vec::new()
                }
            },
            _ => {
                input.handle_event(&Event::Key(k));
                m.modals.push(Overlay::Goto { input, error: None });
                Vec::new()
            }
        },
        Overlay::Filter { mut input } => {
            match action {
                // Esc drops the filter; Enter keeps it (an empty one is none).
                Some(Action::Close) => set_filter(m, ""),
                Some(Action::Accept) => {}
                Some(Action::MoveUp | Action::MoveDown | Action::Complete) => {
                    m.modals.push(Overlay::Filter { input });
                }
                _ => {
                    input.handle_event(&Event::Key(k));
                    set_filter(m, input.value());
                    m.modals.push(Overlay::Filter { input });
                }
            }
            Vec::new()
        }
        Overlay::Palette(p) => on_palette_key(m, p, action, k),
        Overlay::Log { scroll } => {
            if let Some(scroll) = scrolled(scroll, action) {
                m.modals.push(Overlay::Log { scroll });
            }
            Vec::new()
        }
        Overlay::Form(form) => editing::on_form_key(m, form, action, k),
        Overlay::Picker(p) => editing::on_picker_key(m, p, action, k),
        Overlay::Employees(mut p) => {
            let outcome = p.on_key(editing::picker_key(action, k));
            empfilter::on_outcome(m, p, outcome)
        }
        Overlay::Restore(r) => editing::on_restore_key(m, r, action, k),
        Overlay::Job(c) => jobpick::on_key(m, c, action, k),
        Overlay::Confirm(c) => {
            let yes = action == Some(Action::Yes) && (c.enter_confirms || k.code != KeyCode::Enter);
            let no = matches!(action, Some(Action::No | Action::Quit));
            if yes {
                // Its task gone, a confirmation acts on nothing else: it closes.
                if modal::fate(m, &c.seen).is_gone() {
                    toast(
                        m,
                        format!("Nothing sent: {} · {}", modal::GONE, c.title),
                        true,
                    );
                    return Vec::new();
                }
                match c.pending {
                    Pending::Delete { .. } => deleting::on_yes(m, c),
                    Pending::Undo { .. } => match c.revert.clone() {
                        Some(r) => {
                            let (patch, now) = *r;
                            saves::undo_confirmed(m, now, patch)
                        }
                        None => Vec::new(),
                    },
                    Pending::Notify { .. } => send(m, c),
                }
            } else {
                if !no {
                    m.modals.push(Overlay::Confirm(c));
                }
                Vec::new()
            }
        }
    }
}

/// Resolves a key in the context on top; a sequence's prefix waits in
/// `m.keys` (and the hint bar shows it).
/// A scrolled text modal (help, the log) after `action`: its new first row,
/// or `None` when the action closes it. The view stops at the last page
/// (see `settle_scroll`), so `Last` may overshoot.
pub fn scrolled(scroll: u16, action: Option<Action>) -> Option<u16> {
    match action {
        Some(Action::Close | Action::Help | Action::Quit) => None,
        Some(Action::MoveDown | Action::PageDown) => Some(scroll.saturating_add(1)),
        Some(Action::MoveUp | Action::PageUp) => Some(scroll.saturating_sub(1)),
        Some(Action::First) => Some(0),
        Some(Action::Last) => Some(u16::MAX),
        _ => Some(scroll),
    }
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
pub mod palette;
pub mod prompt;
