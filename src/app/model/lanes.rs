//! The board's lanes and their layout: what each lane holds on each day,
//! which lanes fit and are shown, the layout rebuilt when the data changes.

use super::*;

impl Model {
    /// The items of one lane on one shown day, in keyboard order: banner
    /// (all-day, multi-day) first, then timed blocks by start.
    pub fn items(&self, lane: usize, day: usize) -> Vec<usize> {
        match &self.layout {
            Layout::Day(d) => d
                .columns
                .get(lane)
                .map(|c| {
                    c.banner
                        .iter()
                        .copied()
                        .chain(c.blocks.iter().map(|b| b.task))
                        .collect()
                })
                .unwrap_or_default(),
            Layout::Week(w) => {
                let Some(&di) = self.days.get(day) else {
                    return Vec::new();
                };
                w.rows
                    .get(lane)
                    .and_then(|r| r.cells.get(di))
                    .map(|c| c.tasks.clone())
                    .unwrap_or_default()
            }
        }
    }

    /// How many lanes fit on screen at the current size.
    pub fn lanes_fit(&self) -> usize {
        if self.timeline.is_some() {
            return self.shown_lanes().len();
        }
        match self.view() {
            ViewKind::Day => geometry::day_columns_fit(self.grid_size().0),
            ViewKind::Week => geometry::week_rows(self.size.1, self.lanes.len()).1,
        }
    }

    /// Whether the first lane is the Unassigned one, drawn whatever the scroll.
    pub fn pinned(&self) -> bool {
        matches!(self.lanes.first(), Some((Lane::Unassigned, _)))
    }

    /// The lanes drawn, in order: the pinned one, then a window from `lane_offset`.
    pub fn shown_lanes(&self) -> Vec<usize> {
        if let Some(h) = self.timeline_heights() {
            let lines = self.timeline_lines();
            return timefit::window(&h, self.pinned(), self.lane_offset, lines);
        }
        geometry::shown_lanes(
            self.pinned(),
            self.shown_offset(),
            self.lanes_fit(),
            self.lanes.len(),
        )
    }

    /// The first scrolling lane drawn. With the detail beside the grid,
    /// fewer lanes fit: the window follows the cursor without moving
    /// `lane_offset`, so closing the detail shows the board as it was.
    pub(super) fn shown_offset(&self) -> usize {
        if self.pane_width().is_none() {
            return self.lane_offset;
        }
        geometry::follow_pinned(
            self.pinned(),
            self.lane_offset,
            self.cursor.lane,
            self.lanes_fit(),
            self.lanes.len(),
        )
    }

    /// Distinct tasks with no employee in the shown period.
    pub fn unassigned_count(&self) -> usize {
        if !self.pinned() {
            return 0;
        }
        // The pinned lane is lane 0; a task of several days counts once.
        let mut ids: Vec<usize> = (0..self.days.len().max(1))
            .flat_map(|d| self.items(0, d))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// Rebuilds lanes and layout from tasks, employees and the period.
    /// Called when data, period or filters change; never on plain navigation.
    pub(crate) fn relayout(&mut self) {
        self.refilter();
        let tz = self.tz();
        let mut known: Vec<&Employee> = self.employees.iter().collect();
        known.sort_by(|a, b| {
            (a.employee_number.unwrap_or(i64::MAX), a.display_name())
                .cmp(&(b.employee_number.unwrap_or(i64::MAX), b.display_name()))
        });
        let mut ids: Vec<i64> = known.iter().map(|e| e.id).collect();
        let mut names: HashMap<i64, String> =
            known.iter().map(|e| (e.id, e.display_name())).collect();
        let listed = ids.len();
        for (id, name) in schedule::unknown_employees(&self.tasks, &ids) {
            names.insert(id, name);
            ids.push(id);
        }
        self.people = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Person {
                id: *id,
                name: names.get(id).cloned().unwrap_or_else(|| format!("#{id}")),
                inactive: i >= listed,
            })
            .collect();
        // The employee filter takes lanes away, not tasks.
        let unassigned = self.employee_filter.as_ref().is_none_or(|f| f.unassigned);
        if let Some(f) = &self.employee_filter {
            ids.retain(|id| f.shows(*id));
        }
        let keep = self.filter();
        let pre = self.prepared();
        let input = LayoutInput {
            keep: &keep,
            pre: Some(&pre),
            ..LayoutInput::new(&self.tasks, &ids, unassigned, tz, &self.opts.work)
        };
        self.layout = match self.view() {
            ViewKind::Day => Layout::Day(layout_day_with(&input, self.period.start)),
            ViewKind::Week => Layout::Week(layout_week_with(&input, &self.period)),
        };
        // Unassigned work first, where it is always in sight.
        match &mut self.layout {
            Layout::Day(d) => unassigned_first(&mut d.columns, |c| c.lane),
            Layout::Week(w) => unassigned_first(&mut w.rows, |r| r.lane),
        }
        self.rebuild_timeline();
        self.recount_alerts();
        let lanes: Vec<Lane> = match &self.layout {
            Layout::Day(d) => d.columns.iter().map(|c| c.lane).collect(),
            Layout::Week(w) => w.rows.iter().map(|r| r.lane).collect(),
        };
        self.shown_tasks = self.count_shown();
        self.lanes = lanes
            .into_iter()
            .map(|l| {
                let name = match l {
                    Lane::Employee(id) => {
                        names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
                    }
                    Lane::Unassigned => "Unassigned".to_string(),
                };
                (l, name)
            })
            .collect();
        self.days = match &self.layout {
            Layout::Week(w) => w
                .dates
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    !self.hide_weekend || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
                })
                .map(|(i, _)| i)
                .collect(),
            Layout::Day(_) => vec![0],
        };
        self.fix_cursor();
        self.dirty = true;
    }

    /// The spans of `tasks` in layout order, worked out again only for a
    /// new list of tasks (or one changed in place, see `replace_shown`).
    pub(super) fn prepared(&mut self) -> Arc<Prepared> {
        if !std::ptr::eq(self.prepared.of.as_ptr(), Arc::as_ptr(&self.tasks)) {
            self.prepared = PreparedFor {
                of: Arc::downgrade(&self.tasks),
                pre: Arc::new(Prepared::new(&self.tasks, &self.opts.work)),
            };
        }
        self.prepared.pre.clone()
    }

    /// The timeline from the day layout: after every change of that layout.
    pub(crate) fn rebuild_timeline(&mut self) {
        self.timeline = match &self.layout {
            Layout::Day(d) if self.timeline_on => Some(layout_timeline(d, self.work_window(d))),
            _ => None,
        };
    }

    pub(crate) fn keep_lane_visible(&mut self) {
        if let Some(h) = self.timeline_heights() {
            let lines = self.timeline_lines();
            self.lane_offset =
                timefit::follow(&h, self.pinned(), self.lane_offset, self.cursor.lane, lines);
            return;
        }
        self.lane_offset = geometry::follow_pinned(
            self.pinned(),
            self.lane_offset,
            self.cursor.lane,
            self.lanes_fit(),
            self.lanes.len(),
        );
    }
}

/// Moves the Unassigned lane, if any, to the front, keeping the others' order.
fn unassigned_first<T>(items: &mut [T], lane: impl Fn(&T) -> Lane) {
    if let Some(i) = items.iter().position(|t| lane(t) == Lane::Unassigned) {
        items[..=i].rotate_right(1);
    }
}
