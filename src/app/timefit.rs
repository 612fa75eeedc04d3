//! Which lanes of the timeline fit on screen, and how tall each is: pure
//! arithmetic on heights, shared by the model (to keep the cursor drawn)
//! and the timeline's plan (to draw).

use crate::schedule::{MAX_SUBROWS, TimelineLayout};

/// Widest and narrowest name column.
pub const NAME_MAX: u16 = 18;
pub const NAME_MIN: u16 = 8;

/// The name column's width at a grid width.
pub fn name_width(width: u16) -> u16 {
    (width / 7).clamp(NAME_MIN, NAME_MAX)
}

/// Lines each lane takes. Overlaps get their own sub-row, unless a line a
/// lane is what lets the whole team be seen at once.
pub fn heights(t: &TimelineLayout, lines: u16) -> Vec<u16> {
    let tall: usize = t.rows.iter().map(|r| r.subrows as usize).sum();
    let compact = tall > lines as usize && t.rows.len() <= lines as usize;
    t.rows
        .iter()
        .map(|r| if compact { 1 } else { r.subrows.max(1) })
        .collect()
}

/// The lanes drawn: with `pinned`, lane 0 always, then those from `offset`
/// that fit; a line is kept for "▼ n more" when some are left below.
pub fn window(h: &[u16], pinned: bool, offset: usize, lines: u16) -> Vec<usize> {
    let first = usize::from(pins(h, pinned, lines));
    let start = offset.max(first).min(h.len().saturating_sub(1).max(first));
    let take = |lines: u16| {
        let mut out: Vec<usize> = Vec::new();
        let mut used = 0u32;
        for l in (0..first).chain(start..h.len()) {
            let need = u32::from(h[l]);
            if used + need > u32::from(lines) && !out.is_empty() {
                break;
            }
            used += need;
            out.push(l);
        }
        out
    };
    let all = take(lines);
    if all.last().is_some_and(|&l| l + 1 < h.len()) {
        take(lines.saturating_sub(1))
    } else {
        all
    }
}

/// Whether the pinned lane stays drawn: only with room beside it for the
/// tallest other lane and the "more" line.
fn pins(h: &[u16], pinned: bool, lines: u16) -> bool {
    h.first()
        .is_some_and(|&h0| pinned && u32::from(lines) > u32::from(h0) + u32::from(MAX_SUBROWS))
}

/// The first scrolling lane that keeps `cursor` drawn, moving the old
/// window as little as possible (and not past the point where the last
/// lane is drawn).
pub fn follow(h: &[u16], pinned: bool, offset: usize, cursor: usize, lines: u16) -> usize {
    let pinned = pins(h, pinned, lines);
    let first = usize::from(pinned);
    let mut off = offset.max(first).min(h.len().saturating_sub(1).max(first));
    // Back while the end is in sight anyway.
    while off > first
        && window(h, pinned, off - 1, lines)
            .last()
            .is_some_and(|&l| l + 1 == h.len())
    {
        off -= 1;
    }
    if pinned && cursor == 0 {
        return off;
    }
    if cursor < off {
        return cursor;
    }
    while off < cursor && !window(h, pinned, off, lines).contains(&cursor) {
        off += 1;
    }
    off
}
