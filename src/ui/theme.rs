//! Colours and glyphs. Every cue that colour gives has a glyph or a text
//! attribute too, so the board reads the same with `NO_COLOR`.

use chrono::{DateTime, Utc};
use ratatui::style::{Color, Modifier, Style};

use super::glyphs;
use crate::app::model::MarkKind;
use crate::kickserv::model::{Status, Task};
use crate::schedule;

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn base(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    pub fn rule(&self) -> Style {
        self.dim()
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }

    pub fn warn(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// An employee's column (day) or row (week) header: the cursor itself
    /// when no task is selected there, highlighted when it is the cursor's lane.
    pub fn lane_header(&self, here: bool, no_task: bool) -> Style {
        match (here, no_task) {
            (true, true) => self.selected(),
            (true, false) => self.title(),
            (false, _) => self.base(),
        }
    }

    pub fn today(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn now_line(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// The body of a task block, by status.
    pub fn block(&self, task: &Task, now: DateTime<Utc>) -> Style {
        if !self.color {
            return Style::default();
        }
        let bg = match task.effective_status() {
            Some(Status::InProgress) => Color::Blue,
            Some(Status::Complete) => Color::Green,
            Some(Status::Canceled | Status::Lost) => Color::DarkGray,
            _ if schedule::is_late(task, now) => Color::Red,
            Some(Status::OnHold) => Color::Magenta,
            _ => Color::Cyan,
        };
        Style::default().bg(bg).fg(Color::Black)
    }

    pub fn mark(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }
}

/// One character for the status, from the glyph table: scheduled, in progress, complete,
/// canceled or lost, late, on hold, not yet scheduled.
pub fn glyph(task: &Task, now: DateTime<Utc>) -> char {
    match task.effective_status() {
        Some(Status::InProgress) => glyphs::IN_PROGRESS,
        Some(Status::Complete) => glyphs::COMPLETE,
        Some(Status::Canceled | Status::Lost) => glyphs::CALLED_OFF,
        _ if schedule::is_late(task, now) => glyphs::LATE,
        Some(Status::OnHold) => glyphs::ON_HOLD,
        Some(Status::New | Status::Unscheduled | Status::EstimateScheduled) => {
            glyphs::NOT_SCHEDULED
        }
        _ => glyphs::SCHEDULED,
    }
}

/// Marks what changed at the last poll: new, moved, changed.
/// The mark drawn before a task's title: its save or create under way, else
/// what changed at the last poll, else nothing.
pub fn change_mark(m: &crate::app::model::Model, id: i64) -> String {
    if m.local.is_saving(id) || m.local.is_creating(id) {
        return glyphs::SAVING.to_string();
    }
    m.marks
        .get(&id)
        .map(|mk| mark_glyph(mk.kind).to_string())
        .unwrap_or_default()
}

pub fn mark_glyph(kind: MarkKind) -> char {
    match kind {
        MarkKind::New => glyphs::NEW,
        MarkKind::Moved => glyphs::MOVED,
        MarkKind::Changed => glyphs::CHANGED,
    }
}
