//! Every glyph the board draws, in one table with one meaning each. Views take
//! their glyphs from here, and the `?` legend is built from [`LEGEND`], so a
//! glyph on the board is always explained and never means two things.

// Task status.
/// Not `·`, which separates words in the board's text.
pub const SCHEDULED: char = '•';
pub const IN_PROGRESS: char = '▶';
pub const COMPLETE: char = '✓';
pub const CALLED_OFF: char = '✗';
pub const LATE: char = '!';
pub const ON_HOLD: char = '‖';
pub const NOT_SCHEDULED: char = '○';

// What changed at the last poll.
pub const NEW: char = '★';
pub const MOVED: char = '»';
pub const CHANGED: char = '~';
/// A change of this board's own on its way: shown until Kickserv answers.
pub const SAVING: char = '⟳';

// Around the grid.
pub const TODAY: char = '◆';
pub const MORE_LEFT: char = '←';
pub const MORE_RIGHT: char = '→';
pub const MORE_UP: char = '▲';
pub const MORE_DOWN: char = '▼';
pub const LOAD_BOOKED: char = '█';
pub const LOAD_FREE: char = '░';

// The header.
pub const UPDATED: char = '●';
pub const STALE: char = '◌';
pub const PAUSED: char = '⊘';
pub const WARNING: char = '⚠';
pub const SENDING: char = '⇡';
/// A request under way: the frames turn once a second.
pub const SPIN: [char; 4] = ['◐', '◓', '◑', '◒'];

// Rules between rows and columns: lines, no meaning of their own.
pub const RULE_H: &str = "─";
pub const RULE_V: &str = "│";
pub const RULE_CROSS: &str = "┼";

/// The `?` legend: (group, [(glyph, meaning)]), every glyph above that means something.
pub const LEGEND: &[(&str, &[(char, &str)])] = &[
    (
        "Status",
        &[
            (SCHEDULED, "scheduled"),
            (IN_PROGRESS, "in progress"),
            (COMPLETE, "complete"),
            (CALLED_OFF, "canceled or lost"),
            (LATE, "late"),
            (ON_HOLD, "on hold"),
            (NOT_SCHEDULED, "not yet scheduled"),
        ],
    ),
    (
        "Changes (until the next poll)",
        &[(NEW, "new"), (MOVED, "moved"), (CHANGED, "changed")],
    ),
    (
        "Board",
        &[
            (SAVING, "being saved or created"),
            (TODAY, "today"),
            (MORE_LEFT, "more to the left"),
            (MORE_RIGHT, "more to the right"),
            (MORE_UP, "more above"),
            (MORE_DOWN, "more below"),
            (LOAD_BOOKED, "booked hours"),
            (LOAD_FREE, "free working hours"),
        ],
    ),
    (
        "Header",
        &[
            (UPDATED, "up to date"),
            (SPIN[0], "fetching"),
            (STALE, "stale"),
            (PAUSED, "polling paused"),
            (SENDING, "a notification or deletion under way"),
            (WARNING, "warning or error"),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::text;

    /// Every glyph with a meaning, including the spinner's other frames.
    fn all() -> Vec<char> {
        let mut v: Vec<char> = LEGEND
            .iter()
            .flat_map(|(_, g)| g.iter().map(|(c, _)| *c))
            .collect();
        v.extend(&SPIN[1..]);
        v
    }

    #[test]
    fn no_glyph_has_two_meanings() {
        let v = all();
        for (i, c) in v.iter().enumerate() {
            assert!(!v[i + 1..].contains(c), "{c} has two meanings");
        }
        for r in [RULE_H, RULE_V, RULE_CROSS] {
            assert!(!r.chars().any(|c| v.contains(&c)), "{r}");
        }
    }

    #[test]
    fn every_glyph_is_one_column() {
        for c in all() {
            assert!(text::is_single_cell(c), "{c}");
        }
    }

    #[test]
    fn views_draw_glyphs_only_from_this_table() {
        // The symbols (not ASCII: `!` and `~` are ordinary text too).
        let mut symbols: Vec<char> = all().into_iter().filter(|c| !c.is_ascii()).collect();
        symbols.extend([RULE_H, RULE_V, RULE_CROSS].iter().flat_map(|r| r.chars()));
        // Arrows and triangles a view might reach for instead of the table's.
        symbols.extend(['◀', '▸', '◂', '►', '◄', '▴', '▾', '↑', '↓']);
        let views = [
            ("day.rs", include_str!("day.rs")),
            ("week.rs", include_str!("week.rs")),
            ("header.rs", include_str!("header.rs")),
            ("hints.rs", include_str!("hints.rs")),
            ("overlay.rs", include_str!("overlay.rs")),
            ("detail.rs", include_str!("detail.rs")),
            ("theme.rs", include_str!("theme.rs")),
            ("mod.rs", include_str!("mod.rs")),
            ("confirm.rs", include_str!("../app/confirm.rs")),
        ];
        for (name, src) in views {
            // Test modules may spell glyphs out to check them.
            let code = src.split("#[cfg(test)]").next().unwrap_or(src);
            for (n, line) in code.lines().enumerate() {
                let line = line.split("//").next().unwrap_or(line);
                if let Some(c) = line.chars().find(|c| symbols.contains(c)) {
                    panic!("{name}:{}: glyph {c} outside the glyph table", n + 1);
                }
            }
        }
    }
}
