//! Move mode on screen: the staged task outlined in place, its old place
//! as a ghost, and the hint line saying the new times and employee.

use ratatui::style::{Modifier, Style};

use super::theme::Theme;
use crate::app::keymap::{Action, Context};
use crate::app::model::Model;
use crate::app::state::staging::{Stage, is_ghost};
use crate::kickserv::model::Task;

/// The style of a task's block: a ghost is dimmed and struck through, the
/// staged copy bold and underlined over its usual style (the outline).
pub fn style(m: &Model, id: i64, st: Style, th: Theme) -> Style {
    if is_ghost(id) {
        return th.dim().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT);
    }
    match m.local.stage.as_ref() {
        Some(s) if s.task_id == id => st.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        _ => st,
    }
}

/// The start of the hint line in move mode: the staged times and
/// employee, what they were, and Kickserv's reason after a refusal.
pub fn summary(m: &Model) -> Option<(String, bool)> {
    let s = m.local.stage.as_ref()?;
    let tz = m.tz();
    let now = describe(&s.staged, tz);
    let was = describe(&s.base, tz);
    let mut text = if s.sending {
        format!("Sending: {now}")
    } else if now == was {
        format!("Move: {now}")
    } else {
        format!("Move to {now} (was {was})")
    };
    let collides = crate::app::dispatch::alerts::stage_collisions(m);
    if !collides.is_empty() {
        text.push_str(&format!(" · double booking with {}", collides.join(", ")));
    }
    if let Some(why) = &s.refused {
        text.push_str(&format!(" · refused: {why}"));
    }
    Some((text, s.refused.is_some() || !collides.is_empty()))
}

fn describe(t: &Task, tz: chrono_tz::Tz) -> String {
    let time = |d: Option<chrono::DateTime<chrono::FixedOffset>>| {
        d.map(|d| d.with_timezone(&tz).format("%a %H:%M").to_string())
            .unwrap_or_default()
    };
    let end = t
        .ends_at
        .map(|d| d.with_timezone(&tz).format("%H:%M").to_string())
        .unwrap_or_default();
    let who: Vec<String> = t.employees.iter().map(|e| e.display_name()).collect();
    let who = if who.is_empty() {
        "unassigned".to_string()
    } else {
        who.join(", ")
    };
    format!("{}–{end} {who}", time(t.starts_at))
}

/// The keys of move mode: the staging keys while a stage is open; after a
/// move went through, the notifications offered, undo and done.
pub fn hints(m: &Model) -> Vec<(String, &'static str)> {
    let km = &m.opts.keymap;
    if let Some(o) = &m.moves.offer {
        let key = |a| km.key_text(Context::Move, a);
        let mut v = Vec::new();
        if o.employee {
            v.push((key(Action::NotifyEmployee), "tell technician"));
        }
        if o.details {
            v.push((key(Action::NotifyDetails), "tell customer"));
        }
        v.push((key(Action::Undo), "undo"));
        v.push((key(Action::DropStage), "done"));
        v.push((key(Action::Help), "help"));
        return v;
    }
    let after_move = [Action::NotifyEmployee, Action::NotifyDetails, Action::Undo];
    let mut v = km.hints_in(Context::Move, m.read_only(), |a| !after_move.contains(&a));
    // Sending and dropping matter most: they stay when the line is short.
    let first = [
        Action::Commit.hint_in(Context::Move),
        Action::DropStage.hint_in(Context::Move),
    ];
    v.sort_by_key(|(_, label)| !first.contains(label));
    v
}

/// Whether a stage lies over the board (its ghost is then one of the tasks).
pub fn staged(m: &Model) -> Option<&Stage> {
    m.local.stage.as_ref()
}
