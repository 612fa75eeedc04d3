//! The command palette (`:`): its keys and the commands it runs.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::Step;
use crate::app::commands::Command;
use crate::app::empfilter;
use crate::app::keymap::Action;
use crate::app::look::ThemeName;
use crate::app::model::{Model, Overlay};
use crate::app::msg::{Cmd, StoreCmd};
use crate::app::palette::{self, Palette, Run};
use crate::app::period::show_period;
use crate::app::persist::save_state;
use crate::schedule::Period;

use crate::app::filtering::set_filter;
use crate::app::keys::board::act;
use crate::app::keys::prompt::{parse_date, say_month_day};
use crate::app::navigate::select;

pub fn on_key(
    m: &mut Model,
    p: &mut Palette,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    match action {
        Some(Action::Close) => return (Step::Pop, Vec::new()),
        Some(Action::Accept) => return run_palette(m, p),
        Some(Action::Complete) => {
            if let Some(c) = palette::candidates(m, p.input.value()).get(p.selected) {
                p.input = Input::new(c.text.clone());
                p.selected = 0;
                p.history = None;
                p.error = None;
            }
        }
        Some(a @ (Action::MoveUp | Action::MoveDown)) => {
            let up = a == Action::MoveUp;
            let hist = &m.palette_history;
            if (p.input.value().is_empty() || p.history.is_some()) && !hist.is_empty() {
                let at = match (p.history, up) {
                    (None, true) => Some(0),
                    (None, false) => None,
                    (Some(i), true) => Some((i + 1).min(hist.len() - 1)),
                    (Some(0), false) => None,
                    (Some(i), false) => Some(i - 1),
                };
                p.history = at;
                let text = at
                    .and_then(|i| hist.get(hist.len() - 1 - i))
                    .cloned()
                    .unwrap_or_default();
                p.input = Input::new(text);
                p.selected = 0;
            } else {
                let n = palette::candidates(m, p.input.value())
                    .len()
                    .min(palette::SHOWN);
                p.selected = if up {
                    p.selected.saturating_sub(1)
                } else {
                    (p.selected + 1).min(n.saturating_sub(1))
                };
            }
        }
        _ => {
            p.input.handle_event(&Event::Key(k));
            p.selected = 0;
            p.history = None;
            p.error = None;
        }
    }
    (Step::Stay, Vec::new())
}

/// Enter in the palette: the typed command, else the highlighted candidate
/// when it needs no argument; an error keeps the palette open and says why.
pub fn run_palette(m: &mut Model, p: &mut Palette) -> (Step, Vec<Cmd>) {
    let typed = p.input.value().trim().to_string();
    // Nothing typed: nothing to run, as Esc.
    if typed.is_empty() {
        return (Step::Pop, Vec::new());
    }
    let parsed = palette::parse(m, &typed).or_else(|e| {
        match palette::candidates(m, &typed).into_iter().nth(p.selected) {
            Some(c) if !typed.is_empty() && !c.text.ends_with(' ') => {
                let arg = String::new();
                Ok((c.run, arg))
            }
            _ => Err(e),
        }
    });
    let result = parsed.and_then(|(run, arg)| run_command(m, run, &arg));
    match result {
        Ok(mut cmds) => {
            palette::remember(&mut m.palette_history, &typed);
            // One write of the state file, with the history kept in it.
            cmds.retain(|c| !matches!(c, Cmd::Store(StoreCmd::SaveState(_))));
            cmds.extend(save_state(m));
            (Step::Pop, cmds)
        }
        Err(e) => {
            p.error = Some(e);
            (Step::Stay, Vec::new())
        }
    }
}

pub fn run_command(m: &mut Model, run: Run, arg: &str) -> Result<Vec<Cmd>, String> {
    match run {
        Run::Action(a) => Ok(act(m, a)),
        Run::Command(Command::Goto) => {
            let d = parse_date(arg, m.today())?;
            let p = Period::for_kind(m.view(), d, m.opts.week_start);
            let cmds = show_period(m, p, Some(d));
            say_month_day(m, arg, d);
            Ok(cmds)
        }
        Run::Command(Command::Filter) => {
            set_filter(m, arg);
            Ok(Vec::new())
        }
        Run::Command(Command::Employee) if arg.is_empty() => {
            Err("employee: whose? (employee Kim)".into())
        }
        Run::Command(Command::Employee) | Run::Employee(_) => {
            let name = match &run {
                Run::Employee(n) => n.as_str(),
                _ => arg,
            };
            let lane = palette::lane_named(m, name)
                .ok_or_else(|| format!("no employee matches {name:?}"))?;
            let id = m.nearest(lane, m.cursor.day, m.cursor.anchor);
            let anchor = m.cursor.anchor;
            select(m, lane, m.cursor.day, id);
            m.cursor.anchor = anchor;
            Ok(Vec::new())
        }
        Run::Command(Command::Employees | Command::FilterSet) | Run::FilterSet(_) => {
            let name = match &run {
                Run::FilterSet(n) => n.as_str(),
                _ => arg,
            };
            empfilter::apply_set(m, name)
        }
        Run::Command(Command::Log) => {
            m.open(Overlay::Log { scroll: 0 });
            Ok(Vec::new())
        }
        Run::Command(Command::Theme) => {
            // A name, or the start of only one (`:theme l`).
            let starting: Vec<ThemeName> = ThemeName::all()
                .into_iter()
                .filter(|t| !arg.is_empty() && t.name().starts_with(&arg.to_lowercase()))
                .collect();
            let t = ThemeName::parse(arg).or(match starting[..] {
                [one] => Some(one),
                _ => None,
            });
            let t = t.ok_or_else(|| {
                let names: Vec<&str> = ThemeName::all().iter().map(|t| t.name()).collect();
                format!("theme: one of {}", names.join(", "))
            })?;
            // The view draws in it from the next frame; the state file keeps it.
            m.theme = t;
            m.dirty = true;
            Ok(save_state(m))
        }
        Run::Command(Command::Quit) => Ok(act(m, Action::Quit)),
    }
}
