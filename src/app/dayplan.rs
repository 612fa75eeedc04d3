//! Where the day grid puts everything, computed from the model and the
//! screen size alone: the view draws this plan and `update` reads mouse
//! clicks and PgUp/PgDn against the same one, so they cannot disagree.

use ratatui::layout::Rect;

pub use super::geometry::body;
use super::geometry::{GUTTER, week_columns, week_rows};
use super::model::{Layout, Model};
use crate::schedule::DayLayout;

/// Narrowest side-by-side sub-column for overlapping tasks: room for the
/// status, the start time and a word of the title. Tasks beyond are
/// counted ("+N"), reached with the keys and named in the detail.
pub const MIN_SUB: u16 = 16;
/// Minutes a grid row can stand for, finest first.
const SLOTS: [i32; 3] = [15, 30, 60];
/// At most this many rows of all-day and multi-day tasks.
const MAX_BAND: u16 = 2;

/// The time axis of the drawn day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    /// Minutes from the day start where the rows begin and end: the working
    /// hours, widened to the day's tasks.
    pub ws: i32,
    pub we: i32,
    /// Minutes per row.
    pub slot: i32,
    /// First drawn row (vertical scroll).
    pub off: i32,
    /// Rows the whole window needs, and rows there are.
    pub total: i32,
    pub rows: i32,
}

impl Axis {
    /// Unscrolled row of a minute.
    pub fn row_of(&self, minute: i32) -> i32 {
        (minute.clamp(self.ws, self.we) - self.ws) / self.slot
    }

    /// The minute a drawn row starts at.
    pub fn minute_at(&self, row: i32) -> i32 {
        self.ws + (row + self.off) * self.slot
    }

    /// First minute below the drawn rows.
    pub fn shown_end(&self) -> i32 {
        self.minute_at(self.rows).min(self.we)
    }

    /// The largest useful scroll.
    pub fn max_off(&self) -> i32 {
        (self.total - self.rows).max(0)
    }
}

/// One task block as drawn: a rectangle of the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Index into the column's `blocks`.
    pub block: usize,
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
    pub selected: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanColumn {
    /// Index into `Model::lanes` and the layout's columns.
    pub lane: usize,
    /// Left edge and width of the column's content (its border is at `x - 1`).
    pub x: u16,
    pub w: u16,
    pub blocks: Vec<Placed>,
    /// Per drawn row: overlapping blocks that did not fit side by side.
    pub hidden: Vec<u16>,
    /// Blocks (indices into `blocks` of the layout) above and below the drawn rows.
    pub above: Vec<usize>,
    pub below: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DayPlan {
    pub area: Rect,
    pub header_y: u16,
    pub band_y: u16,
    pub band_rows: u16,
    pub rule_y: u16,
    /// The time rows.
    pub grid: Rect,
    pub cols: Vec<PlanColumn>,
    /// `None` before data, or without lanes.
    pub axis: Option<Axis>,
}

impl DayPlan {
    pub fn column_at(&self, x: u16) -> Option<&PlanColumn> {
        self.cols.iter().find(|c| x >= c.x && x < c.x + c.w)
    }
}

/// The plan of the day view drawn in `area`.
pub fn plan(m: &Model, area: Rect) -> DayPlan {
    let shown = m.shown_lanes();
    let Layout::Day(d) = &m.layout else {
        return empty(area);
    };
    let band_rows = shown
        .iter()
        .filter_map(|&l| d.columns.get(l))
        .map(|c| c.banner.len())
        .max()
        .unwrap_or(0)
        .min(MAX_BAND as usize) as u16;
    let header_y = area.y;
    let band_y = header_y + 1;
    let rule_y = band_y + band_rows;
    let gy = (rule_y + 1).min(area.bottom());
    let grid = Rect {
        x: area.x,
        y: gy,
        width: area.width,
        height: area.bottom().saturating_sub(gy),
    };
    let gx = area.x + GUTTER;
    let ncols = shown.len().max(1) as u16;
    // The lanes share the width there is.
    let cw = area.right().saturating_sub(gx) / ncols;
    let mut cols: Vec<PlanColumn> = shown
        .iter()
        .enumerate()
        .map(|(k, &lane)| PlanColumn {
            lane,
            x: gx + k as u16 * cw,
            w: cw.saturating_sub(1),
            blocks: Vec::new(),
            hidden: Vec::new(),
            above: Vec::new(),
            below: Vec::new(),
        })
        .collect();
    let axis = (m.tasks_period.is_some() && !m.lanes.is_empty() && grid.height > 0)
        .then(|| axis(m, d, grid.height as i32));
    if let Some(ax) = axis {
        for c in &mut cols {
            place_column(m, d, &ax, grid, c);
        }
    }
    DayPlan {
        area,
        header_y,
        band_y,
        band_rows,
        rule_y,
        grid,
        cols,
        axis,
    }
}

fn empty(area: Rect) -> DayPlan {
    DayPlan {
        area,
        header_y: area.y,
        band_y: area.y,
        band_rows: 0,
        rule_y: area.y,
        grid: Rect::default(),
        cols: Vec::new(),
        axis: None,
    }
}

/// The working hours as minutes of the shown day (at least an hour long).
pub fn work_window(m: &Model, d: &DayLayout) -> (i32, i32) {
    m.work_window(d)
}

/// Rows from the working hours, widened to whole hours around the day's
/// tasks. The slot is the finest that shows the working hours and the
/// tasks after them; tasks before the working day are scrolled to and
/// counted ("▲ 1 earlier"), whatever the size.
pub fn axis(m: &Model, d: &DayLayout, rows: i32) -> Axis {
    let rows = rows.max(1);
    let day = d.day_minutes as i32;
    let (work_s, mut we) = work_window(m, d);
    let mut ws = work_s;
    for b in d.columns.iter().flat_map(|c| c.blocks.iter()) {
        // A task begun the day before shows its continuation at the top
        // (marked) rather than pulling the rows back to midnight.
        if !b.clipped_start {
            ws = ws.min(b.start_min / 60 * 60);
        }
        we = we.max(((b.end_min + 59) / 60 * 60).min(day));
    }
    let last = we;
    let need = |from: i32, s: i32| (last - from + s - 1) / s;
    let slot = SLOTS
        .into_iter()
        .find(|&s| need(work_s, s) <= rows)
        .unwrap_or(60);
    // Room to spare stays blank: nothing is drawn under the last hour.
    let total = (we - ws + slot - 1) / slot;
    let mut ax = Axis {
        ws,
        we,
        slot,
        off: 0,
        total,
        rows,
    };
    // The rows start at the working hours at every size; what is before
    // them is counted at the top ("▲ 1 earlier") and scrolled to.
    let home = ax.row_of(work_s);
    ax.off = match m.day_scroll {
        Some(off) => off,
        None => {
            // Keep the selected task in view, moving as little as needed.
            let selected = m.cursor.task.and_then(|id| {
                d.columns
                    .get(m.cursor.lane)?
                    .blocks
                    .iter()
                    .find(|b| m.tasks[b.task].id == id)
            });
            match selected {
                Some(b) => {
                    let (r0, r1) = (ax.row_of(b.start_min), ax.row_of(b.end_min - 1));
                    let r1 = r1.min(r0 + rows / 2);
                    if r0 < home {
                        r0
                    } else if r1 >= home + rows {
                        r1 + 1 - rows
                    } else {
                        home
                    }
                }
                None => home,
            }
        }
    }
    .clamp(0, ax.max_off().max(home));
    ax
}

/// Places one column's blocks: side by side where they overlap, and one
/// after the other, each with a first row of its own, where they meet.
fn place_column(m: &Model, d: &DayLayout, ax: &Axis, grid: Rect, c: &mut PlanColumn) {
    let Some(col) = d.columns.get(c.lane) else {
        return;
    };
    let sel = m
        .cursor
        .task
        .filter(|_| c.lane == m.cursor.lane && m.cursor_drawn());
    let maxsubs = (c.w / MIN_SUB).max(1);
    let (top, bottom) = (ax.minute_at(0), ax.shown_end());
    c.hidden = vec![0; ax.rows.max(0) as usize];
    // Rows (unscrolled, inclusive) and x span of each placed block.
    let mut spans: Vec<(i32, i32, u16, u16, usize, bool)> = Vec::new();
    for (bi, b) in col.blocks.iter().enumerate() {
        if b.end_min <= top {
            c.above.push(bi);
            continue;
        }
        if b.start_min >= bottom {
            c.below.push(bi);
            continue;
        }
        let selected = sel == Some(m.tasks[b.task].id);
        let r0 = ax.row_of(b.start_min);
        let r1 = ((b.end_min.min(ax.we) - ax.ws + ax.slot - 1) / ax.slot - 1).max(r0);
        // More overlaps than fit side by side share the last sub-column,
        // one after the other, each with a first row of its own (below):
        // every task is drawn with its title, none only counted.
        let (slot, slots) = if b.subs <= maxsubs {
            (b.sub, b.subs)
        } else {
            (b.sub.min(maxsubs - 1), maxsubs)
        };
        let sw = c.w / slots;
        let x = c.x + slot * sw;
        let w = if slot + 1 == slots {
            c.w - slot * sw
        } else {
            sw.saturating_sub(1)
        };
        let (mut r0, mut r1) = (r0, r1);
        // A block that meets an earlier one in the same place (back to
        // back, or sharing a row) gets its own first row: the earlier one
        // gives up its last rows, or this one starts a row later.
        for s in spans.iter_mut() {
            let overlaps_x = x < s.2 + s.3 && s.2 < x + w;
            if !overlaps_x || s.1 < r0 {
                continue;
            }
            if s.0 < r0 {
                s.1 = r0 - 1;
            } else {
                s.1 = s.0;
                r0 = s.0 + 1;
                r1 = r1.max(r0);
            }
        }
        spans.push((r0, r1, x, w, bi, selected));
    }
    for (r0, r1, x, w, bi, selected) in spans {
        let (t, b) = ((r0 - ax.off).max(0), (r1 - ax.off).min(ax.rows - 1));
        if b < t || w == 0 {
            continue;
        }
        c.blocks.push(Placed {
            block: bi,
            x,
            y: grid.y + t as u16,
            w,
            h: (b - t + 1) as u16,
            selected,
        });
    }
}

/// What a mouse click landed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A task, in a lane (and day of the week view).
    Task { lane: usize, day: usize, id: i64 },
    /// An employee's (or Unassigned's) header.
    Lane { lane: usize },
    /// A week cell, off its task lines.
    Cell { lane: usize, day: usize },
}

/// What is at (x, y) of the shown view.
pub fn hit(m: &Model, x: u16, y: u16) -> Option<Hit> {
    match m.layout {
        Layout::Day(_) => hit_day(m, x, y),
        Layout::Week(_) => hit_week(m, x, y),
    }
}

/// What is at (x, y) of the week view: the geometry `ui::week` draws with
/// (day headers and a rule, then a band of rows per employee; in a cell
/// the load bar, then one task a line).
pub fn hit_week(m: &Model, x: u16, y: u16) -> Option<Hit> {
    let area = body(m.grid_size());
    let (name_w, cw) = week_columns(area.width, m.days.len().max(1) as u16);
    let (per, _) = week_rows(area.height + 2, m.lanes.len());
    let y0 = area.y + 2;
    if y < y0 || y >= area.bottom() || m.tasks_period.is_none() {
        return None;
    }
    let lane = *m.shown_lanes().get(((y - y0) / per) as usize)?;
    if x < area.x + name_w {
        return Some(Hit::Lane { lane });
    }
    let day = ((x - area.x - name_w) / cw) as usize;
    if day >= m.days.len() {
        return None;
    }
    let line = (y - y0) % per;
    let shown_lines = per.saturating_sub(1) as usize;
    let items = m.items(lane, day);
    // A full cell's last line may show another task (the selection) or "+N".
    let sure = if items.len() > shown_lines {
        shown_lines.saturating_sub(1)
    } else {
        shown_lines
    };
    match (line as usize).checked_sub(1).filter(|&i| i < sure) {
        Some(i) if i < items.len() => Some(Hit::Task {
            lane,
            day,
            id: m.tasks[items[i]].id,
        }),
        _ => Some(Hit::Cell { lane, day }),
    }
}

/// What is at (x, y) of the day view.
pub fn hit_day(m: &Model, x: u16, y: u16) -> Option<Hit> {
    let Layout::Day(d) = &m.layout else {
        return None;
    };
    let p = plan(m, body(m.grid_size()));
    let c = p.column_at(x)?;
    if y == p.header_y {
        return Some(Hit::Lane { lane: c.lane });
    }
    let col = d.columns.get(c.lane)?;
    if y >= p.band_y && y < p.band_y + p.band_rows {
        let i = col.banner.get((y - p.band_y) as usize)?;
        return Some(Hit::Task {
            lane: c.lane,
            day: 0,
            id: m.tasks[*i].id,
        });
    }
    // The last drawn wins, as on the screen.
    let b = c
        .blocks
        .iter()
        .rev()
        .find(|b| x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)?;
    let t = col.blocks.get(b.block)?.task;
    Some(Hit::Task {
        lane: c.lane,
        day: 0,
        id: m.tasks[t].id,
    })
}
