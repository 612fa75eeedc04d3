//! What the board shows of its tasks: the text filter's hiding, the
//! lanes the employee filter keeps, one task replaced in place.

use super::*;

impl Model {
    /// Which tasks the layouts show: those the text filter keeps when it
    /// hides the others, else every task.
    pub fn filter(&self) -> impl Fn(&Task) -> bool + use<> {
        let keep = self.text_filter.hiding();
        move |t: &Task| keep.as_ref().is_none_or(|s| s.contains(&t.id))
    }

    /// Matches the tasks against the text filter's query again (after a
    /// keystroke or new data); the layout is the caller's to redo.
    pub(crate) fn refilter(&mut self) {
        if self.text_filter.query.is_empty() {
            if self.text_filter.active() {
                self.text_filter.clear();
            }
            return;
        }
        self.text_filter.apply(&self.tasks);
        self.text_filter.counts = self.count_kept();
        self.dirty = true;
    }

    /// With a text filter applied: the tasks of the shown period it keeps,
    /// and all the tasks of the shown period ("/kim 12 of 170").
    pub fn filter_counts(&self) -> Option<(usize, usize)> {
        self.text_filter.active().then_some(self.text_filter.counts)
    }

    pub(super) fn count_kept(&mut self) -> (usize, usize) {
        let tz = self.tz();
        let from = schedule::day_start(tz, self.period.start);
        let to = self
            .period
            .last()
            .succ_opt()
            .map_or(DateTime::<Utc>::MAX_UTC, |d| schedule::day_start(tz, d));
        let tasks = &self.tasks;
        let period_ids = || {
            tasks
                .iter()
                .filter(|t| {
                    schedule::task_interval(t).is_some_and(|(s, e)| {
                        if e > s {
                            s < to && e > from
                        } else {
                            from <= s && s < to
                        }
                    })
                })
                .map(|t| t.id)
                .collect()
        };
        self.text_filter
            .count_in(&self.tasks, (self.period, tz), period_ids)
    }

    /// Puts `task` at `index` of the shown tasks (or after the last one when
    /// `index` is their count) and re-lays out only the lanes it left and
    /// joined; a whole layout when a lane would appear or vanish.
    pub fn replace_shown(&mut self, index: usize, task: Task) {
        let old_lanes = match self.tasks.get(index) {
            Some(old) => schedule::lanes_of(old),
            None => Vec::new(),
        };
        let was_shown = self.shown_in(index, &old_lanes);
        let old_share = was_shown.then(|| self.lateness_of(index));
        let new_lanes = schedule::lanes_of(&task);
        let mut lanes = old_lanes;
        lanes.extend(new_lanes.iter().copied());
        // Lanes the employee filter hides are not on the board to redo.
        lanes.retain(|l| self.lane_shown(*l));
        let doubles_before =
            crate::app::state::alerts::doubles_only_in(self.laid(), &self.tasks, &lanes);
        let tasks = Arc::make_mut(&mut self.tasks);
        if index < tasks.len() {
            tasks[index] = task;
        } else {
            tasks.push(task);
        }
        let index = index.min(self.tasks.len().saturating_sub(1));
        // The changed task may match the query or not any more.
        self.text_filter.forget_tasks();
        self.prepared = PreparedFor::default();
        self.refilter();
        let (tz, keep) = (self.tz(), self.filter());
        let done = match &mut self.layout {
            Layout::Day(d) => {
                relayout_day_lanes(d, &self.tasks, index, &lanes, tz, &self.opts.work, &keep)
            }
            Layout::Week(w) => {
                relayout_week_lanes(w, &self.tasks, index, &lanes, tz, &self.opts.work, &keep)
            }
        };
        if !done {
            return self.relayout();
        }
        self.rebuild_timeline();
        // Only this task's lanes changed, so only its own count can have.
        let is_shown = self.shown_in(index, &new_lanes);
        let doubles_after =
            crate::app::state::alerts::doubles_only_in(self.laid(), &self.tasks, &lanes);
        let doubles = (self.alert_counts().doubles + doubles_after).saturating_sub(doubles_before);
        self.recount_one(index, old_share, is_shown, doubles);
        self.shown_tasks =
            (self.shown_tasks + usize::from(is_shown)).saturating_sub(usize::from(was_shown));
        self.fix_cursor();
        self.dirty = true;
    }

    /// Whether the employee filter lets `lane` be shown.
    pub(super) fn lane_shown(&self, lane: Lane) -> bool {
        match (&self.employee_filter, lane) {
            (None, _) => true,
            (Some(f), Lane::Employee(id)) => f.shows(id),
            (Some(f), Lane::Unassigned) => f.unassigned,
        }
    }

    /// Whether the task at `index` is laid out in any of `lanes`.
    pub(super) fn shown_in(&self, index: usize, lanes: &[Lane]) -> bool {
        match &self.layout {
            Layout::Day(d) => d
                .columns
                .iter()
                .filter(|c| lanes.contains(&c.lane))
                .any(|c| c.banner.contains(&index) || c.blocks.iter().any(|b| b.task == index)),
            Layout::Week(w) => w
                .rows
                .iter()
                .filter(|r| lanes.contains(&r.lane))
                .any(|r| r.cells.iter().any(|c| c.tasks.contains(&index))),
        }
    }

    /// Lays the local changes over the server's data again, and the whole
    /// layout with them (after a poll, or a change that removes a task).
    pub(crate) fn recompose(&mut self) {
        self.tasks = self.local.compose(&self.server_tasks);
        self.relayout();
    }

    /// The tasks the board shows, as indexes into [`Model::tasks`],
    /// ascending and each once: those laid out in the lanes of the shown
    /// period, with the filters applied. A task of several employees or
    /// days is drawn more than once and listed once. Linear in the tasks,
    /// so a frame of thousands pays no sorting.
    pub fn shown_indexes(&self) -> impl Iterator<Item = usize> + use<> {
        let mut seen = vec![false; self.tasks.len()];
        let mut mark = |i: usize| {
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
        };
        match &self.layout {
            Layout::Day(d) => {
                for c in &d.columns {
                    c.banner.iter().for_each(|&i| mark(i));
                    c.blocks.iter().for_each(|b| mark(b.task));
                }
            }
            Layout::Week(w) => {
                for c in w.rows.iter().flat_map(|r| &r.cells) {
                    c.tasks.iter().for_each(|&i| mark(i));
                }
            }
        }
        seen.into_iter()
            .enumerate()
            .filter_map(|(i, s)| s.then_some(i))
    }

    pub(super) fn count_shown(&self) -> usize {
        self.shown_indexes().count()
    }
}
