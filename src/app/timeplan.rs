//! Where the timeline view puts everything, from the model and the screen
//! size alone: the view draws this plan, and `update` scrolls and reads
//! mouse clicks against it, so they cannot disagree.

use ratatui::layout::Rect;

use super::geometry::body;
use super::model::Model;
pub use super::timefit::{NAME_MAX, NAME_MIN, follow, heights, name_width, window};
use crate::schedule::{Bar, TimelineLayout};

/// Fewest columns an hour takes: with less, the hours shown are a window
/// that follows the selected task (or now), and `h`/`l` scroll it.
pub const MIN_HOUR_COLS: u16 = 6;

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
    /// Where the hours run: `x0` is `from_min`, `per_hour` columns an hour
    /// (the same for every hour, so the labels are evenly spaced).
    pub x0: u16,
    pub cols: u16,
    pub per_hour: u16,
    /// The minutes of the day drawn (whole hours).
    pub from_min: i32,
    pub to_min: i32,
    pub rows: Vec<PlanRow>,
    /// Lanes above and below those drawn.
    pub above: usize,
    pub below: usize,
}

impl TimePlan {
    /// The column of a minute, clamped to the hours drawn.
    pub fn x_of(&self, _t: &TimelineLayout, minute: i32) -> u16 {
        let m = i64::from(minute.clamp(self.from_min, self.to_min) - self.from_min);
        self.x0 + (m * i64::from(self.per_hour) / 60) as u16
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
    let cols = area.right().saturating_sub(x0);
    let (from_min, to_min, per_hour) = hours(m, t, cols);
    TimePlan {
        area,
        scale_y: area.y,
        name_w,
        x0,
        cols,
        per_hour,
        from_min,
        to_min,
        rows,
        above,
        below,
    }
}

/// The hours drawn in `cols` columns: the layout's (the working hours
/// widened to the tasks), widened to now on today; when an hour would get
/// fewer than [`MIN_HOUR_COLS`], a window of them around the selected task,
/// else now, else the start of the working day.
fn hours(m: &Model, t: &TimelineLayout, cols: u16) -> (i32, i32, u16) {
    let (from, to, now) = range(m, t);
    let n_hours = u16::try_from(((to - from) / 60).max(1)).unwrap_or(u16::MAX);
    let per = cols / n_hours;
    if per >= MIN_HOUR_COLS {
        return (from, to, per);
    }
    let fit = i32::from((cols / MIN_HOUR_COLS).max(1));
    let selected = m.cursor.task.and_then(|id| {
        t.rows
            .get(m.cursor.lane)?
            .bars
            .iter()
            .find(|b| m.tasks.get(b.task).is_some_and(|x| x.id == id) && !b.clipped_start)
            .map(|b| b.start_min)
    });
    // Hours scrolled by hand (`H`/`L`) stay until the selection moves.
    if let Some(first) = m.day_scroll {
        let start = first.clamp(from / 60, (to / 60 - fit).max(from / 60));
        let from_w = start * 60;
        return (from_w, (from_w + fit * 60).min(to), MIN_HOUR_COLS);
    }
    let focus = selected.or(now).unwrap_or(t.from_min) / 60;
    // The focus in the first third of the window, the window inside the
    // hours; now kept in sight too when both fit.
    let mut start = focus - fit / 3;
    if let Some(n) = now.map(|n| n / 60)
        && (n - focus).abs() < fit
    {
        start = start.clamp(n - fit + 1, n).clamp(focus - fit + 1, focus);
    }
    let start = start.clamp(from / 60, (to / 60 - fit).max(from / 60));
    let from_w = start * 60;
    (from_w, (from_w + fit * 60).min(to), MIN_HOUR_COLS)
}

/// The hours the timeline covers, whole: the layout's, widened to now on
/// today; and now, on today.
fn range(m: &Model, t: &TimelineLayout) -> (i32, i32, Option<i32>) {
    let tz = m.tz();
    let day = crate::schedule::day_minutes(tz, t.date) as i32;
    let (mut from, mut to) = (t.from_min / 60 * 60, (t.to_min + 59) / 60 * 60);
    let now = (t.date == m.today())
        .then(|| crate::schedule::minutes_since_day_start(tz, t.date, m.now) as i32);
    if let Some(n) = now {
        from = from.min(n / 60 * 60);
        to = to.max((n / 60 * 60 + 60).min(day.max(60)));
    }
    (from, to, now)
}

/// `H`/`L` in the timeline: a window of hours earlier or later, when the
/// hours do not all fit; the selection stays (its next move brings its
/// hours back).
pub fn scroll_hours(m: &mut Model, dir: i32) -> Vec<crate::app::msg::Cmd> {
    let Some(t) = m.timeline.as_ref() else {
        return Vec::new();
    };
    let p = plan(m, t, body(m.grid_size()));
    let (from, to) = (p.from_min / 60, p.to_min / 60);
    let fit = to - from;
    let (lo, hi, _) = range(m, t);
    let (lo, hi) = (lo / 60, hi / 60);
    if fit <= 0 || fit >= hi - lo {
        return Vec::new();
    }
    let start = (from + dir * (fit - 1).max(1)).clamp(lo, hi - fit);
    if start != from {
        m.day_scroll = Some(start);
        m.dirty = true;
    }
    Vec::new()
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
