//! The board's keys: the keymap's actions with no modal open.

use crossterm::event::KeyEvent;

use super::is_peek_key;
use tui_input::Input;

use crate::app::confirm::{self, Confirm};
use crate::app::dispatch::moves;
use crate::app::editing;
use crate::app::empfilter;
use crate::app::jobpick;
use crate::app::keymap::Action;
use crate::app::modal::{self, Seen};
use crate::app::model::{MarkKind, Model, Overlay, Pending};
use crate::app::msg::{ApiCmd, Cmd, TermCmd};
use crate::app::notice::toast;
use crate::app::notifying;
use crate::app::palette::Palette;
use crate::app::period::{fetch_shown, show_period};
use crate::app::persist::save_state;
use crate::app::state::BoardView;
use crate::kickserv::model::NotifyKind;
use crate::schedule::{Period, ViewKind};

use crate::app::filtering::{set_filter, step_match};
use crate::app::navigate::{
    end_of_cell, jump_lanes, lane_page, scroll_hours, show_board, sideways, step,
};

/// A confirmed notification: sent once, and marked as under way until its
/// answer comes (deletes and undos go through `deleting` and `saves`).
pub fn send(m: &mut Model, c: Confirm) -> Vec<Cmd> {
    let Pending::Notify { task_id, kind } = c.pending else {
        return Vec::new();
    };
    if m.sends.is_in_flight(&c.pending) {
        toast(m, format!("Still waiting for Kickserv: {}", c.title), true);
        return Vec::new();
    }
    // A poll may have changed the task since the dialog opened.
    let why = notifying::refusal(modal::fate(m, &c.seen).task(&c.seen), kind, &m.opts.keymap);
    if let Some(why) = why {
        toast(m, format!("Nothing sent: {why}"), true);
        return Vec::new();
    }
    m.sends.start(c.pending.clone(), c.title.clone(), m.now);
    toast(m, format!("Sending: {} · {}", kind.label(), c.title), false);
    vec![Cmd::Api(ApiCmd::Notify { task_id, kind })]
}

/// Runs one keymap action with no overlay open; a change of view is
/// remembered in the state file.
pub fn act(m: &mut Model, a: Action) -> Vec<Cmd> {
    let before = m.board_view();
    let mut cmds = run_action(m, a);
    if m.board_view() != before {
        cmds.extend(save_state(m));
    }
    cmds
}

pub fn run_action(m: &mut Model, a: Action) -> Vec<Cmd> {
    if a.is_mutating() && m.read_only() {
        let text = format!("read-only: {} is off ({})", key_name(m, a), a.description());
        toast(m, text, true);
        return Vec::new();
    }
    match a {
        // The timeline: employees down, tasks across.
        Action::MoveDown if m.timeline.is_some() => jump_lanes(m, 1),
        Action::MoveUp if m.timeline.is_some() => jump_lanes(m, -1),
        Action::MoveLeft if m.timeline.is_some() => step(m, -1),
        Action::MoveRight if m.timeline.is_some() => step(m, 1),
        Action::MoveDown => step(m, 1),
        Action::MoveUp => step(m, -1),
        Action::MoveLeft => sideways(m, -1),
        Action::MoveRight => sideways(m, 1),
        Action::PageDown if m.board_view() == BoardView::Day => scroll_hours(m, 1),
        Action::PageUp if m.board_view() == BoardView::Day => scroll_hours(m, -1),
        // Hours run across the timeline: H and L scroll them.
        Action::LanesOn if m.timeline.is_some() => crate::app::timeplan::scroll_hours(m, 1),
        Action::LanesBack if m.timeline.is_some() => crate::app::timeplan::scroll_hours(m, -1),
        Action::PageDown | Action::LanesOn => jump_lanes(m, lane_page(m) as isize),
        Action::PageUp | Action::LanesBack => jump_lanes(m, -(lane_page(m) as isize)),
        Action::First => end_of_cell(m, false),
        Action::Last => end_of_cell(m, true),
        Action::DayView => show_board(m, BoardView::Day),
        Action::CycleView => {
            let to = m.board_view().cycled();
            show_board(m, to)
        }
        Action::WeekView => {
            let d = m.date_of(m.cursor.day);
            show_period(m, Period::week_containing(d, m.opts.week_start), Some(d))
        }
        Action::NextPeriod => {
            let p = m.period.next();
            show_period(m, p, None)
        }
        Action::PrevPeriod => {
            let p = m.period.prev();
            show_period(m, p, None)
        }
        Action::Today => {
            let today = m.today();
            let p = Period::for_kind(m.view(), today, m.opts.week_start);
            show_period(m, p, Some(today))
        }
        Action::GotoDate => {
            m.open(Overlay::Goto {
                input: Input::default(),
                error: None,
            });
            Vec::new()
        }
        Action::ToggleWeekend => {
            m.hide_weekend = !m.hide_weekend;
            m.relayout();
            // The day view shows one day whatever the setting: say where it shows.
            if m.view() == ViewKind::Day {
                let text = if m.hide_weekend {
                    "Weekends hidden in the week view (W applies to the week view)"
                } else {
                    "Weekends shown in the week view (W applies to the week view)"
                };
                toast(m, text.to_string(), false);
            }
            Vec::new()
        }
        Action::Detail | Action::RawJson => {
            match m.cursor.task.and_then(|id| Seen::of(m, id)) {
                Some(seen) => m.open(Overlay::Detail {
                    task_id: seen.task_id(),
                    scroll: 0,
                    seen,
                    raw: a == Action::RawJson,
                }),
                None => toast(m, "no task here".to_string(), false),
            }
            Vec::new()
        }
        Action::Edit => match m.cursor.task {
            Some(id) => editing::open_edit(m, id),
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        Action::Add => jobpick::open(m),
        Action::Delete
        | Action::NotifyEmployee
        | Action::NotifyDetails
        | Action::NotifyOnTheWay => match m.cursor.task {
            Some(id) => ask_about(m, id, notify_kind(a)),
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        Action::Undo => moves::undo(m),
        Action::MoveTask => match m.cursor.task {
            Some(id) => moves::enter(m, id),
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        // Move mode on the task, the stage in the next free gap: Enter sends it.
        Action::FitNextGap => match m.cursor.task {
            Some(id) => {
                let cmds = moves::enter(m, id);
                moves::to_next_gap(m);
                cmds
            }
            None => {
                toast(m, "No task selected".to_string(), true);
                Vec::new()
            }
        },
        Action::ToggleQueue => {
            m.open(Overlay::Queue { selected: 0 });
            Vec::new()
        }
        Action::RunningLate => {
            crate::app::dispatch::late::ask(m);
            Vec::new()
        }
        // Only in the queue's own context.
        Action::AssignQueued => Vec::new(),
        Action::EmployeeFilter => empfilter::open(m),
        Action::TextFilter => {
            // Read the tasks' text now, not on the first letter typed.
            m.text_filter.prepare(&m.tasks);
            let input = Input::new(m.text_filter.query.clone());
            m.open(Overlay::Filter { input });
            Vec::new()
        }
        Action::Palette => {
            m.open(Overlay::Palette(Palette::default()));
            Vec::new()
        }
        Action::NextMatch => step_match(m, 1),
        Action::PrevMatch => step_match(m, -1),
        Action::FilterHides => {
            m.text_filter.hide = !m.text_filter.hide;
            m.relayout();
            let text = if m.text_filter.hide {
                "Text filter hides the tasks it does not match"
            } else {
                "Text filter dims the tasks it does not match"
            };
            toast(m, text.to_string(), false);
            Vec::new()
        }
        // Actions of other contexts: never resolved on the board.
        Action::Save
        | Action::NextField
        | Action::PrevField
        | Action::Toggle
        | Action::ToggleAll
        | Action::Accept
        | Action::Yes
        | Action::No
        | Action::Later
        | Action::StageLater
        | Action::StageEarlier
        | Action::StagePrev
        | Action::StageNext
        | Action::StageHourLater
        | Action::StageHourEarlier
        | Action::StageLonger
        | Action::StageShorter
        | Action::StageNextGap
        | Action::Commit
        | Action::DropStage
        | Action::Complete => Vec::new(),
        Action::Refresh => fetch_shown(m),
        Action::NextChange => next_change(m),
        Action::TogglePause => {
            m.paused = !m.paused;
            let text = if m.paused {
                "Polling paused"
            } else {
                "Polling resumed"
            };
            toast(m, text.to_string(), false);
            // A poll that fell due while paused goes out at the next tick:
            // once started, a board always has a fetch out or one planned.
            Vec::new()
        }
        Action::ToggleMouse => {
            m.mouse = !m.mouse;
            let text = if m.mouse {
                "Mouse on (click selects, double click opens, wheel moves)"
            } else {
                "Mouse off (terminal selects text)"
            };
            toast(m, text.to_string(), false);
            vec![Cmd::Term(TermCmd::SetMouse(m.mouse))]
        }
        Action::Help => {
            m.open(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Close => {
            if m.text_filter.active() {
                set_filter(m, "");
            } else if m.toast.take().is_some() {
                m.dirty = true;
            }
            Vec::new()
        }
        Action::Quit => {
            m.quit = true;
            vec![Cmd::Term(TermCmd::Quit)]
        }
        Action::Redraw => {
            m.dirty = true;
            vec![Cmd::Term(TermCmd::Repaint)]
        }
    }
}

/// The first key bound to `a`, as help writes it.
pub fn key_name(m: &Model, a: Action) -> String {
    m.opts
        .keymap
        .keys_for(a)
        .first()
        .map_or_else(|| a.name().to_string(), ToString::to_string)
}

/// Selects the next task, in board order (start, then id), that changed at the
/// last poll, after the selected one and round to the first; says which it is.
pub fn next_change(m: &mut Model) -> Vec<Cmd> {
    let mut changed: Vec<(i64, i64, MarkKind, String)> = m
        .tasks
        .iter()
        .filter_map(|t| {
            let mk = m.marks.get(&t.id)?;
            let start = t.starts_at.map_or(i64::MAX, |s| s.timestamp());
            Some((start, t.id, mk.kind, t.title().to_string()))
        })
        .collect();
    if changed.is_empty() {
        toast(m, "no changes at the last poll".to_string(), false);
        return Vec::new();
    }
    changed.sort_by_key(|c| (c.0, c.1));
    let at = m
        .cursor
        .task
        .and_then(|id| changed.iter().position(|c| c.1 == id))
        .map_or(0, |i| (i + 1) % changed.len());
    let (_, id, kind, title) = changed[at].clone();
    m.focus_task(id);
    let word = match kind {
        MarkKind::New => "new",
        MarkKind::Moved => "moved",
        MarkKind::Changed => "changed",
    };
    let text = format!("change {} of {}: {word} · {title}", at + 1, changed.len());
    toast(m, text, false);
    Vec::new()
}

/// Which notification an action sends; `None` for a deletion.
pub fn notify_kind(a: Action) -> Option<NotifyKind> {
    match a {
        Action::NotifyEmployee => Some(NotifyKind::Employee),
        Action::NotifyDetails => Some(NotifyKind::Details),
        Action::NotifyOnTheWay => Some(NotifyKind::OnTheWay),
        _ => None,
    }
}

/// Opens the confirmation of a notification (`Some(kind)`) or deletion of
/// the selected task, unless the same one is still under way.
pub fn ask_about(m: &mut Model, task_id: i64, kind: Option<NotifyKind>) -> Vec<Cmd> {
    let Some(seen) = Seen::of(m, task_id) else {
        toast(
            m,
            "This task is no longer in the shown period".to_string(),
            true,
        );
        return Vec::new();
    };
    ask_about_seen(m, &seen, kind)
}

/// As [`ask_about`], for the task a modal (the detail) owns: the board's
/// current copy when it has one, else the one the modal saw; never one
/// the server deleted.
pub fn ask_about_seen(m: &mut Model, seen: &Seen, kind: Option<NotifyKind>) -> Vec<Cmd> {
    let fate = modal::fate(m, seen);
    if fate.is_gone() {
        toast(m, format!("Not now: {}", modal::GONE), true);
        return Vec::new();
    }
    let seen = Seen::of(m, seen.task_id()).unwrap_or_else(|| seen.clone());
    let t = seen.task();
    let tz = m.tz();
    let pending = match kind {
        Some(kind) => Pending::Notify {
            task_id: t.id,
            kind,
        },
        None => Pending::Delete { task_id: t.id },
    };
    if let Some(f) = m.sends.in_flight.iter().find(|f| f.pending == pending) {
        let since = f.since.with_timezone(&tz).format("%H:%M:%S");
        let what = match kind {
            Some(kind) => kind.label(),
            None => "delete",
        };
        toast(
            m,
            format!("Still sending ({what}, since {since}): wait for Kickserv's answer"),
            true,
        );
        return Vec::new();
    }
    if let Some(why) = kind.and_then(|k| notifying::refusal(t, k, &m.opts.keymap)) {
        toast(m, why, true);
        return Vec::new();
    }
    let c = match kind {
        Some(kind) => {
            let sent = m.sends.recent(t.id, kind, m.now);
            confirm::notify(seen, kind, sent, tz, m.now)
        }
        None => confirm::delete(seen, tz, &m.opts.keymap),
    };
    m.open(Overlay::Confirm(c));
    Vec::new()
}

/// A key with no modal open: on the refused-token screen `v` shows the
/// last data (and back); else the keymap's action.
pub fn on_key(m: &mut Model, action: Option<Action>, k: &KeyEvent) -> Vec<Cmd> {
    if m.auth_refused() && is_peek_key(k) {
        m.auth_peek = !m.auth_peek;
        m.dirty = true;
        return Vec::new();
    }
    action.map(|a| act(m, a)).unwrap_or_default()
}
