//! The one-line prompts: go to a date (`g`) and the text filter (`/`).

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::Step;
use crate::app::filtering::set_filter;
use crate::app::keymap::Action;
use crate::app::msg::Cmd;
use crate::app::period::show_period;
use crate::schedule::Period;
use chrono::NaiveDate;

use crate::app::model::Model;
use crate::app::notice::toast;
use crate::schedule::{self};

/// A typed `MM-DD` left the year to the board: the toast says which.
pub fn say_month_day(m: &mut Model, typed: &str, d: NaiveDate) {
    if let Some(note) = schedule::month_day_note(typed, d) {
        toast(m, note, false);
    }
}

/// Dates a dispatcher types: `2026-11-30`, `11-30`, `+3`, `-1`, `today`,
/// `tomorrow`, `yesterday`, or a weekday name (the next one, today included).
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::schedule::parse_day_input(s, today).ok_or_else(|| {
        let s = s.trim().to_lowercase();
        format!("not a date: {s:?} (try 2026-11-30, 11-30, +3, mon)")
    })
}

/// The go-to-date prompt (`g`): Enter shows the date's period, a date it
/// cannot read stays with the reason.
pub fn on_goto_key(
    m: &mut Model,
    input: &mut Input,
    error: &mut Option<String>,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    match action {
        Some(Action::Close) => (Step::Pop, Vec::new()),
        Some(Action::Accept) => match parse_date(input.value(), m.today()) {
            Ok(d) => {
                let p = Period::for_kind(m.view(), d, m.opts.week_start);
                let cmds = show_period(m, p, Some(d));
                say_month_day(m, input.value(), d);
                (Step::Pop, cmds)
            }
            Err(e) => {
                *error = Some(e);
                (Step::Stay, Vec::new())
            }
        },
        _ => {
            input.handle_event(&Event::Key(k));
            *error = None;
            (Step::Stay, Vec::new())
        }
    }
}

/// The text filter's prompt (`/`): the filter follows each keystroke; Esc
/// drops it, Enter keeps it (an empty one is none).
pub fn on_filter_key(
    m: &mut Model,
    input: &mut Input,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    match action {
        Some(Action::Close) => {
            set_filter(m, "");
            (Step::Pop, Vec::new())
        }
        Some(Action::Accept) => (Step::Pop, Vec::new()),
        Some(Action::MoveUp | Action::MoveDown | Action::Complete) => (Step::Stay, Vec::new()),
        _ => {
            input.handle_event(&Event::Key(k));
            set_filter(m, input.value());
            (Step::Stay, Vec::new())
        }
    }
}

/// The "running late" prompt: the minutes late from now. Enter stages the
/// cascade (its preview replaces the prompt); what cannot be read, or an
/// employee with nothing left today, stays with the reason.
pub fn on_late_key(
    m: &mut Model,
    employee_id: i64,
    input: &mut Input,
    error: &mut Option<String>,
    action: Option<Action>,
    k: KeyEvent,
) -> (Step, Vec<Cmd>) {
    use crate::app::dispatch::late;
    match action {
        Some(Action::Close) => (Step::Pop, Vec::new()),
        Some(Action::Accept) => {
            let staged =
                late::parse_minutes(input.value()).and_then(|n| late::stage(m, employee_id, n));
            match staged {
                Ok(()) => (Step::Replace(crate::app::model::Overlay::Late), Vec::new()),
                Err(e) => {
                    *error = Some(e);
                    (Step::Stay, Vec::new())
                }
            }
        }
        Some(Action::MoveUp | Action::MoveDown | Action::Complete) => (Step::Stay, Vec::new()),
        _ => {
            input.handle_event(&Event::Key(k));
            *error = None;
            (Step::Stay, Vec::new())
        }
    }
}
