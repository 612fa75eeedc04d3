//! The cursor: kept on its task across changes, moved to a task, and
//! the date and minute it stands at.

use super::*;

impl Model {
    /// Keeps the cursor on its task if it still exists, else near where it was.
    pub(crate) fn fix_cursor(&mut self) {
        let lanes = self.lanes.len();
        if lanes == 0 {
            self.cursor = Cursor {
                anchor: self.cursor.anchor,
                ..Cursor::default()
            };
            self.lane_offset = 0;
            return;
        }
        self.cursor.lane = self.cursor.lane.min(lanes - 1);
        self.cursor.day = self.cursor.day.min(self.days.len().saturating_sub(1));
        if self.cursor.task.is_none() {
            self.cursor.task = self.nearest(self.cursor.lane, self.cursor.day, self.cursor.anchor);
        }
        if let Some(id) = self.cursor.task {
            let here = self.items(self.cursor.lane, self.cursor.day);
            if !here.iter().any(|&i| self.tasks[i].id == id) {
                // The task moved: follow it to another lane or day if it is still shown.
                let found = (0..lanes).find_map(|l| {
                    (0..self.days.len().max(1)).find_map(|d| {
                        self.items(l, d)
                            .iter()
                            .any(|&i| self.tasks[i].id == id)
                            .then_some((l, d))
                    })
                });
                match found {
                    Some((l, d)) => {
                        self.cursor.lane = l;
                        self.cursor.day = d;
                    }
                    None => {
                        self.cursor.task =
                            self.nearest(self.cursor.lane, self.cursor.day, self.cursor.anchor)
                    }
                }
            }
        }
        self.keep_lane_visible();
    }

    /// Puts the cursor on a task wherever it is shown; false if it is not.
    pub fn focus_task(&mut self, id: i64) -> bool {
        for lane in 0..self.lanes.len() {
            for day in 0..self.days.len().max(1) {
                if let Some(&i) = self
                    .items(lane, day)
                    .iter()
                    .find(|&&i| self.tasks[i].id == id)
                {
                    self.cursor = Cursor {
                        lane,
                        day,
                        task: Some(id),
                        anchor: self.start_minute(i, day).max(0),
                    };
                    self.keep_lane_visible();
                    self.dirty = true;
                    return true;
                }
            }
        }
        false
    }

    /// The task of a lane/day nearest in time to `anchor`.
    pub fn nearest(&self, lane: usize, day: usize, anchor: i32) -> Option<i64> {
        let items = self.items(lane, day);
        items
            .iter()
            .min_by_key(|&&i| (self.start_minute(i, day) - anchor).abs())
            .map(|&i| self.tasks[i].id)
    }

    /// The date of a shown day: the day view's date, or a week column.
    pub fn date_of(&self, day: usize) -> NaiveDate {
        match &self.layout {
            Layout::Day(d) => d.date,
            Layout::Week(w) => self
                .days
                .get(day)
                .and_then(|&i| w.dates.get(i))
                .copied()
                .unwrap_or(self.period.start),
        }
    }

    /// Minutes from the start of the shown day to the task's start (negative
    /// when it began on an earlier day).
    pub fn start_minute(&self, task: usize, day: usize) -> i32 {
        let date = self.date_of(day);
        self.tasks[task]
            .starts_at
            .map(|s| {
                schedule::minutes_since_day_start(self.tz(), date, s.with_timezone(&Utc)) as i32
            })
            .unwrap_or(0)
    }
}
