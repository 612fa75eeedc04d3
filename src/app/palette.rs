//! The command palette (`:`): the board's actions by name or help text,
//! and a few commands that take an argument, with fuzzy completion.
//!
//! Up/Down walk the history while the input is empty or still shows a
//! history entry; otherwise they move in the candidate list.

use chrono::{NaiveDate, Weekday};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::keymap::{Action, Context};
use super::look::ThemeName;
use super::model::Model;
pub use super::state::palette::{Candidate, HISTORY, LOG_CAP, Log, LogEntry, Palette, Run, SHOWN};
use crate::schedule::parse_day_input;

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
/// help text; after a command's name, its argument's values (the table
/// says which kind it takes).
pub fn candidates(m: &Model, input: &str) -> Vec<Candidate> {
    let input = input.trim_start();
    if let Some((word, rest)) = input.split_once(' ')
        && let Some(c) = Command::from_name(word)
    {
        return arguments(m, c, rest.trim());
    }
    if input.contains(' ') {
        return Vec::new();
    }
    ranked(all(m), input, |c| vec![c.text.clone(), c.help.clone()])
}

/// The values `c`'s argument may take that match `typed`, best first.
fn arguments(m: &Model, c: Command, typed: &str) -> Vec<Candidate> {
    let cmd = c.name();
    match c.spec().arg {
        Arg::None | Arg::Text => Vec::new(),
        Arg::Date => ranked(dates(m, c), typed, |c| {
            // The word alone: "goto " would match queries on its own.
            vec![c.text.split_once(' ').map_or("", |w| w.1).to_string()]
        }),
        Arg::Employee => {
            let names: Vec<Candidate> = m
                .lanes
                .iter()
                .map(|(_, n)| Candidate {
                    text: format!("{cmd} {n}"),
                    help: n.clone(),
                    run: Run::Employee(n.clone()),
                })
                .collect();
            ranked(names, typed, |c| vec![c.help.clone()])
        }
        Arg::FilterSet => {
            let sets: Vec<Candidate> = m
                .opts
                .filter_sets
                .iter()
                .map(|(name, ids)| Candidate {
                    text: format!("{cmd} {name}"),
                    help: format!("{name}: {} employees", ids.len()),
                    run: Run::FilterSet(name.clone()),
                })
                .collect();
            ranked(sets, typed, |c| vec![c.text.clone()])
        }
        Arg::Theme => {
            let themes: Vec<Candidate> = ThemeName::all()
                .iter()
                .map(|t| Candidate {
                    text: format!("{cmd} {}", t.name()),
                    help: format!("draw in the {} theme", t.name()),
                    run: Run::Command(c),
                })
                .collect();
            ranked(themes, typed, |c| vec![c.text.clone()])
        }
    }
}

/// The dates a date argument offers: today, tomorrow, then the weekdays
/// by the date each stands for (as the prompt reads them: a weekday is the
/// next one, today's is today), each with its date.
fn dates(m: &Model, c: Command) -> Vec<Candidate> {
    let today = m.today();
    let mut words: Vec<(String, NaiveDate)> = ["today", "tomorrow"]
        .into_iter()
        .map(str::to_string)
        .chain(WEEKDAYS.iter().map(|w| weekday_name(*w).to_string()))
        .filter_map(|w| Some((parse_day_input(&w, today)?, w)))
        .map(|(d, w)| (w, d))
        .collect();
    // Stable: "today" before today's weekday.
    words.sort_by_key(|(_, d)| *d);
    words
        .into_iter()
        .map(|(word, d)| Candidate {
            text: format!("{} {word}", c.name()),
            help: format!("{word}: {}", d.format("%a %-d %b %Y")),
            run: Run::Command(c),
        })
        .collect()
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
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
