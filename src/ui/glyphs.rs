//! Every glyph the board draws, in one table with one meaning each, in a
//! Unicode and an ASCII set. Views take their glyphs from the set of the
//! theme they are given, and the `?` legend is built from that set, so a
//! glyph on the board is always explained and never means two things.

/// One glyph set. Each field has one meaning; `rule_*` are lines with no
/// meaning of their own.
#[derive(Debug)]
pub struct Glyphs {
    // Task status.
    /// Not `·`, which separates words in the board's text.
    pub scheduled: char,
    pub in_progress: char,
    pub complete: char,
    pub called_off: char,
    pub late: char,
    /// Long past its end, its status unchanged: calm, not an alarm.
    pub not_closed: char,
    pub on_hold: char,
    pub not_scheduled: char,
    // What changed at the last poll.
    pub new: char,
    pub moved: char,
    pub changed: char,
    /// A change of this board's own on its way: shown until Kickserv answers.
    pub saving: char,
    /// The old place of a task being moved (move mode).
    pub ghost: char,
    /// One employee, two tasks at once.
    pub double: char,
    // Around the grid.
    pub today: char,
    pub more_left: char,
    pub more_right: char,
    pub more_up: char,
    pub more_down: char,
    pub load_booked: char,
    pub load_free: char,
    // The header.
    pub updated: char,
    pub stale: char,
    pub paused: char,
    pub warning: char,
    pub sending: char,
    /// A request under way: the frames turn once a second.
    pub spin: [char; 4],
    // Rules between rows and columns.
    pub rule_h: &'static str,
    pub rule_v: &'static str,
    pub rule_cross: &'static str,
    /// The Enter key, in key hints.
    pub enter: &'static str,
}

/// The board's own glyphs.
pub static UNICODE: Glyphs = Glyphs {
    scheduled: '•',
    in_progress: '▶',
    complete: '✓',
    called_off: '✗',
    late: '!',
    not_closed: '◇',
    on_hold: '‖',
    not_scheduled: '○',
    new: '★',
    moved: '»',
    changed: '~',
    saving: '⟳',
    ghost: '⌂',
    double: '≡',
    today: '◆',
    more_left: '←',
    more_right: '→',
    more_up: '▲',
    more_down: '▼',
    load_booked: '█',
    load_free: '░',
    updated: '●',
    stale: '◌',
    paused: '⊘',
    warning: '⚠',
    sending: '⇡',
    spin: ['◐', '◓', '◑', '◒'],
    rule_h: "─",
    rule_v: "│",
    rule_cross: "┼",
    enter: "⏎",
};

/// For terminals without Unicode line drawing (`--ascii`, the Linux
/// console): printable ASCII only, still one meaning each.
pub static ASCII: Glyphs = Glyphs {
    scheduled: '*',
    in_progress: '%',
    complete: '#',
    called_off: '/',
    late: '!',
    not_closed: ')',
    on_hold: '"',
    not_scheduled: '?',
    new: '@',
    moved: '&',
    changed: '~',
    saving: '$',
    ghost: '.',
    double: ']',
    today: ':',
    more_left: '<',
    more_right: '>',
    more_up: '^',
    more_down: 'v',
    load_booked: '=',
    load_free: '_',
    updated: 'o',
    stale: ',',
    paused: ';',
    warning: 'X',
    sending: '\'',
    spin: ['(', '[', '{', '`'],
    rule_h: "-",
    rule_v: "|",
    rule_cross: "+",
    enter: "Enter",
};

/// The set for an ASCII-only terminal, or the Unicode one.
pub const fn set(ascii: bool) -> &'static Glyphs {
    if ascii { &ASCII } else { &UNICODE }
}

impl Glyphs {
    /// The `?` legend: (group, [(glyph, meaning)]), every glyph that means something.
    pub fn legend(&self) -> [(&'static str, Vec<(char, &'static str)>); 4] {
        [
            (
                "Status",
                vec![
                    (self.scheduled, "scheduled"),
                    (self.in_progress, "in progress"),
                    (self.complete, "complete"),
                    (self.called_off, "canceled or lost"),
                    (self.late, "late (not started)"),
                    (self.not_closed, "not closed (long past)"),
                    (self.on_hold, "on hold"),
                    (self.not_scheduled, "not yet scheduled"),
                ],
            ),
            (
                "Changes (until the next poll)",
                vec![
                    (self.new, "new"),
                    (self.moved, "moved"),
                    (self.changed, "changed"),
                ],
            ),
            (
                "Board",
                vec![
                    (self.saving, "being saved or created"),
                    (self.ghost, "where a task being moved was"),
                    (
                        self.double,
                        "double-booked: one employee, two tasks at once",
                    ),
                    (self.today, "today"),
                    (self.more_left, "more to the left"),
                    (self.more_right, "more to the right"),
                    (self.more_up, "more above"),
                    (self.more_down, "more below"),
                    (self.load_booked, "booked hours"),
                    (self.load_free, "free working hours"),
                ],
            ),
            (
                "Header",
                vec![
                    (self.updated, "up to date"),
                    (self.spin[0], "fetching"),
                    (self.stale, "stale"),
                    (self.paused, "polling paused"),
                    (self.sending, "a notification or deletion under way"),
                    (self.warning, "warning or error"),
                ],
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::text;

    /// Every glyph with a meaning, including the spinner's other frames.
    fn all(g: &Glyphs) -> Vec<char> {
        let mut v: Vec<char> = g
            .legend()
            .iter()
            .flat_map(|(_, e)| e.iter().map(|(c, _)| *c).collect::<Vec<_>>())
            .collect();
        v.extend(&g.spin[1..]);
        v
    }

    fn rules(g: &Glyphs) -> [&'static str; 3] {
        [g.rule_h, g.rule_v, g.rule_cross]
    }

    #[test]
    fn no_glyph_has_two_meanings() {
        for g in [&UNICODE, &ASCII] {
            let v = all(g);
            for (i, c) in v.iter().enumerate() {
                assert!(!v[i + 1..].contains(c), "{c} has two meanings");
            }
            for r in rules(g) {
                assert!(!r.chars().any(|c| v.contains(&c)), "{r}");
            }
        }
    }

    #[test]
    fn every_glyph_is_one_column() {
        for g in [&UNICODE, &ASCII] {
            for c in all(g) {
                assert!(text::is_single_cell(c), "{c}");
            }
        }
    }

    #[test]
    fn the_ascii_set_is_printable_ascii_and_not_blank() {
        let mut v = all(&ASCII);
        v.extend(rules(&ASCII).iter().flat_map(|r| r.chars()));
        for c in v {
            assert!(c.is_ascii_graphic(), "{c:?}");
        }
        // Both sets explain the same things, in the same order.
        let names = |g: &Glyphs| -> Vec<&str> {
            g.legend()
                .iter()
                .flat_map(|(_, e)| e.iter().map(|(_, m)| *m).collect::<Vec<_>>())
                .collect()
        };
        assert_eq!(names(&UNICODE), names(&ASCII));
    }

    #[test]
    fn views_draw_glyphs_only_from_the_glyph_sets() {
        // The symbols of either set (not ASCII: those are ordinary text too).
        let mut symbols: Vec<char> = all(&UNICODE)
            .into_iter()
            .filter(|c| !c.is_ascii())
            .collect();
        symbols.extend(rules(&UNICODE).iter().flat_map(|r| r.chars()));
        // Arrows and triangles a view might reach for instead of the set's.
        symbols.extend(['◀', '▸', '◂', '►', '◄', '▴', '▾', '↑', '↓']);
        let views = [
            ("day.rs", include_str!("day.rs")),
            ("week.rs", include_str!("week.rs")),
            ("timeline.rs", include_str!("timeline.rs")),
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
                    panic!("{name}:{}: glyph {c} outside the glyph sets", n + 1);
                }
                // The sets' own constants, not the theme's set.
                assert!(
                    !line.contains("glyphs::UNICODE") && !line.contains("glyphs::ASCII"),
                    "{name}:{}: a view picks a glyph set itself",
                    n + 1
                );
            }
        }
    }
}
