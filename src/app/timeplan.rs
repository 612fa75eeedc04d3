//! Where the timeline view puts everything, from the model and the screen
//! size alone: the view draws this plan, and `update` scrolls and reads
//! mouse clicks against it, so they cannot disagree.

use ratatui::layout::Rect;

use super::geometry::body;
use super::model::Model;
pub use super::timefit::{NAME_MAX, NAME_MIN, follow, heights, name_width, window};
use crate::schedule::{Bar, TimelineLayout};

/// Lines for lanes: the body less the hour scale.
pub fn lane_lines(m: &Model) -> u16 {
    m.timeline_lines()
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
