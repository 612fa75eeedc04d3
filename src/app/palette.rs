//! The command palette (`:`): the board's actions by name or help text,
//! and a few commands that take an argument, with fuzzy completion.
//!
//! Up/Down walk the history while the input is empty or still shows a
//! history entry; otherwise they move in the candidate list.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::keymap::{Action, Context};
use super::look::ThemeName;
use super::model::Model;
pub use super::state::palette::{Candidate, HISTORY, LOG_CAP, Log, LogEntry, Palette, Run, SHOWN};

use super::commands::Arg;
pub use super::commands::{COMMANDS, Command};

/// The actions the palette offers: the board's, less the mutating ones in
/// read-only and monitor modes.
pub fn actions(m: &Model) -> impl Iterator<Item = Action> + '_ {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| a.is_in(Context::Board))
        .filter(|a| !(m.read_only() && a.is_mutating()))
}

/// Everything the palette could run, before the input narrows it.
fn all(m: &Model) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = COMMANDS
        .iter()
        .map(|c| Candidate {
            text: format!("{}{}", c.name, if c.arg == Arg::None { "" } else { " " }),
            help: format!("{}{}: {}", c.name, c.arg.placeholder(), c.help),
            run: Run::Command(c.command),
        })
        .collect();
    out.extend(actions(m).map(|a| Candidate {
        text: a.name().to_string(),
        help: a.help_in(Context::Board).to_string(),
        run: Run::Action(a),
    }));
    out
}

/// The candidates for `input`, best first: by fuzzy match of the name and
/// help text; after `employee `, the employees by name.
pub fn candidates(m: &Model, input: &str) -> Vec<Candidate> {
    let input = input.trim_start();
    if let Some(rest) = input.strip_prefix("employee ") {
        let names: Vec<Candidate> = m
            .lanes
            .iter()
            .map(|(_, n)| Candidate {
                text: format!("employee {n}"),
                help: n.clone(),
                run: Run::Employee(n.clone()),
            })
            .collect();
        return ranked(names, rest.trim(), |c| vec![c.help.clone()]);
    }
    for cmd in ["employees ", "filter-set "] {
        if let Some(rest) = input.strip_prefix(cmd) {
            let sets: Vec<Candidate> = m
                .opts
                .filter_sets
                .iter()
                .map(|(name, ids)| Candidate {
                    text: format!("{cmd}{name}"),
                    help: format!("{name}: {} employees", ids.len()),
                    run: Run::FilterSet(name.clone()),
                })
                .collect();
            return ranked(sets, rest.trim(), |c| vec![c.text.clone()]);
        }
    }
    if let Some(rest) = input.strip_prefix("theme ") {
        let themes: Vec<Candidate> = ThemeName::all()
            .iter()
            .map(|t| Candidate {
                text: format!("theme {}", t.name()),
                help: format!("draw in the {} theme", t.name()),
                run: Run::Command(Command::Theme),
            })
            .collect();
        return ranked(themes, rest.trim(), |c| vec![c.text.clone()]);
    }
    if input.contains(' ') {
        return Vec::new();
    }
    ranked(all(m), input, |c| vec![c.text.clone(), c.help.clone()])
}

/// `items` whose texts match `query`, best first (all of them, in order,
/// for an empty query). Each text is scored on its own; a match in the
/// first (the name) counts double.
fn ranked<T>(items: Vec<T>, query: &str, texts: impl Fn(&T) -> Vec<String>) -> Vec<T> {
    if query.is_empty() {
        return items;
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, T)> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let s = texts(&c)
                .iter()
                .enumerate()
                .filter_map(|(n, t)| {
                    let s = pattern.score(Utf32Str::new(t, &mut buf), &mut matcher)?;
                    Some(if n == 0 { s.saturating_mul(2) } else { s })
                })
                .max()?;
            Some((s, i, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// The lane whose name best matches `name`.
pub fn lane_named(m: &Model, name: &str) -> Option<usize> {
    let lanes: Vec<(usize, String)> = m
        .lanes
        .iter()
        .enumerate()
        .map(|(i, (_, n))| (i, n.clone()))
        .collect();
    ranked(lanes, name.trim(), |l| vec![l.1.clone()])
        .first()
        .map(|l| l.0)
}

/// What typed text runs: an action by name or help text, a command with
/// its argument; `Err` says why not.
pub fn parse(m: &Model, text: &str) -> Result<(Run, String), String> {
    let text = text.trim();
    let (word, arg) = text.split_once(' ').unwrap_or((text, ""));
    let arg = arg.trim().to_string();
    if let Some(c) = Command::from_name(word) {
        return Ok((Run::Command(c), arg));
    }
    let lower = text.to_lowercase();
    if let Some(a) = actions(m).find(|a| a.name() == text || a.help_in(Context::Board) == lower) {
        return Ok((Run::Action(a), String::new()));
    }
    if Action::from_name(word).is_some_and(|a| a.is_mutating()) && m.read_only() {
        return Err(format!("{word}: off in read-only mode"));
    }
    Err(format!(
        "unknown command: {text:?} ({} completes)",
        m.opts.keymap.key_text(Context::Prompt, Action::Complete)
    ))
}

/// Adds a command run to the history (not twice in a row).
pub fn remember(history: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if text.is_empty() || history.last().is_some_and(|l| l == text) {
        return;
    }
    history.push(text.to_string());
    if history.len() > HISTORY {
        history.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn the_log_keeps_the_newest_entries() {
        let mut log = Log::default();
        for i in 0..(LOG_CAP as i64 + 5) {
            log.push(LogEntry {
                at: DateTime::<Utc>::MIN_UTC,
                task_id: i,
                text: String::new(),
                error: false,
            });
        }
        assert_eq!(log.entries.len(), LOG_CAP);
        assert_eq!(log.entries.front().map(|e| e.task_id), Some(5));
    }

    #[test]
    fn history_skips_repeats_and_blanks() {
        let mut h = Vec::new();
        for t in ["log", "log", " ", "goto +1"] {
            remember(&mut h, t);
        }
        assert_eq!(h, vec!["log".to_string(), "goto +1".to_string()]);
    }
}
