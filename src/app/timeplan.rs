//! Where the timeline view puts everything, from the model and the screen
//! size alone: the view draws this plan, and `update` scrolls and reads
//! mouse clicks against it, so they cannot disagree.

use ratatui::layout::Rect;

use super::dayplan::body;
use super::model::Model;
use crate::schedule::{Bar, MAX_SUBROWS, TimelineLayout};

/// Widest and narrowest name column.
pub const NAME_MAX: u16 = 18;
pub const NAME_MIN: u16 = 8;

/// The name column's width at a grid width.
pub fn name_width(width: u16) -> u16 {
    (width / 7).clamp(NAME_MIN, NAME_MAX)
}

/// Lines for lanes: the body less the hour scale.
pub fn lane_lines(m: &Model) -> u16 {
    body(m.grid_size()).height.saturating_sub(1)
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

/// One lane as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    pub lane: usize,
    pub y: u16,
    pub h: u16,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimePlan {
    pub area: Rect,
    /// The hour scale's line.
    pub scale_y: u16,
    pub name_w: u16,
    /// Where the hours run: `x0` is `from_min`, one column per `per_col` minutes.
    pub x0: u16,
    pub cols: u16,
    pub rows: Vec<PlanRow>,
    /// Lanes above and below those drawn.
    pub above: usize,
    pub below: usize,
}

impl TimePlan {
    /// The column of a minute, clamped to the hours drawn.
    pub fn x_of(&self, t: &TimelineLayout, minute: i32) -> u16 {
        let span = (t.to_min - t.from_min).max(1) as i64;
        let m = i64::from(minute.clamp(t.from_min, t.to_min) - t.from_min);
        self.x0 + (m * i64::from(self.cols) / span) as u16
    }

    /// A bar's columns, at least one wide.
    pub fn bar_x(&self, t: &TimelineLayout, b: &Bar) -> (u16, u16) {
        let x = self
            .x_of(t, b.start_min)
            .min(self.x0 + self.cols.saturating_sub(1));
        let end = self.x_of(t, b.end_min);
        (x, end.saturating_sub(x).max(1))
    }
}

/// The plan of the timeline drawn in `area`.
pub fn plan(m: &Model, t: &TimelineLayout, area: Rect) -> TimePlan {
    let name_w = name_width(area.width);
    let x0 = area.x + name_w + 1;
    let lines = area.height.saturating_sub(1);
    let h = heights(t, lines);
    let shown = m.shown_lanes();
    let mut y = area.y + 1;
    let rows = shown
        .iter()
        .filter_map(|&lane| {
            let hh = *h.get(lane)?;
            let r = PlanRow { lane, y, h: hh };
            y += hh;
            Some(r)
        })
        .collect();
    // The lanes are a window (behind a pinned lane): those not drawn before
    // its end are above it.
    let above = shown.last().map_or(0, |&l| l + 1 - shown.len());
    let below = shown
        .last()
        .map_or(0, |&l| m.lanes.len().saturating_sub(l + 1));
    TimePlan {
        area,
        scale_y: area.y,
        name_w,
        x0,
        cols: area.right().saturating_sub(x0),
        rows,
        above,
        below,
    }
}

/// The sub-row a bar is drawn on, in a lane `h` lines tall.
pub fn line_of(b: &Bar, h: u16) -> u16 {
    b.sub.min(h.saturating_sub(1))
}

/// What (x, y) lands on: a lane by its name, or a task (index into the
/// lane's bars, the one drawn last winning, as on the screen).
pub fn hit(m: &Model, x: u16, y: u16) -> Option<(usize, Option<usize>)> {
    let t = m.timeline.as_ref()?;
    let p = plan(m, t, body(m.grid_size()));
    let r = p.rows.iter().find(|r| y >= r.y && y < r.y + r.h)?;
    if x < p.x0 {
        return Some((r.lane, None));
    }
    let row = t.rows.get(r.lane)?;
    let sel = m.cursor.task.filter(|_| m.cursor.lane == r.lane);
    let line = y - r.y;
    let hits = row.bars.iter().enumerate().filter(|(_, b)| {
        let (bx, bw) = p.bar_x(t, b);
        line_of(b, r.h) == line && x >= bx && x < bx + bw
    });
    // The selection is drawn over the others.
    let mut last = None;
    for (i, b) in hits {
        last = Some(i);
        if sel == Some(m.tasks[b.task].id) {
            break;
        }
    }
    Some((r.lane, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_pinned_lane_and_the_cursor() {
        let h = [2, 1, 2, 1, 1, 2, 1, 1, 2, 1];
        // 6 lines: Unassigned (2), then what fits less a line for "▼ n more".
        assert_eq!(window(&h, true, 0, 6), vec![0, 1, 2]);
        assert_eq!(window(&h, true, 7, 6), vec![0, 7, 8, 9]);
        assert_eq!(window(&h, false, 0, 20), (0..10).collect::<Vec<_>>());
        for pinned in [true, false] {
            for lines in [1u16, 3, 6, 9] {
                let mut off = 0;
                for cursor in (0..10).chain((0..10).rev()) {
                    off = follow(&h, pinned, off, cursor, lines);
                    let w = window(&h, pinned, off, lines);
                    assert!(w.contains(&cursor), "{pinned} {lines} {cursor} {w:?}");
                    if pinned && lines > 4 {
                        assert_eq!(w[0], 0);
                    }
                }
            }
        }
    }

    #[test]
    fn overlaps_fold_when_that_shows_the_whole_team() {
        use crate::schedule::{Lane, TimelineRow};
        let row = |subrows| TimelineRow {
            lane: Lane::Unassigned,
            bars: Vec::new(),
            subrows,
        };
        let t = TimelineLayout {
            date: chrono::NaiveDate::MIN,
            from_min: 0,
            to_min: 60,
            rows: vec![row(2), row(1), row(2)],
        };
        assert_eq!(heights(&t, 5), vec![2, 1, 2]);
        assert_eq!(heights(&t, 4), vec![1, 1, 1]);
        // Too many to show at once anyway: overlaps keep their lines.
        assert_eq!(heights(&t, 2), vec![2, 1, 2]);
    }
}
