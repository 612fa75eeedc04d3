//! The board's whole state. `view` reads it; only `update` writes it.

mod cursor;
mod lanes;
mod lookups;
mod overlay;
mod read;
mod shown;

pub use lookups::{JOBS_CAP, Lookups};
pub use overlay::{Overlay, Restore};

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use super::geometry;
use super::keymap::{Context, KeyState, Keymap};
use super::local::Local;
use super::look::{Look, ThemeName};
use super::msg::{ApiFault, FaultKind};
use super::sends::Sends;
use super::state::BoardView;
use super::state::filter::{EmployeeFilter, Person};
use super::state::palette::Log;
pub use super::state::pending::Pending;
use super::textfilter::TextFilter;
use super::timefit;
use crate::kickserv::model::{Employee, ListingNotes, Task};
use crate::schedule::{
    self, DayLayout, Lane, LayoutInput, Lookback, Period, Prepared, TimelineLayout, ViewKind,
    WeekLayout, WorkHours, Zone, ZoneOrigin, layout_day, layout_day_with, layout_timeline,
    layout_week_with, relayout_day_lanes, relayout_week_lanes,
};

/// Settings fixed for the life of the board.
#[derive(Clone, Debug)]
pub struct Options {
    pub account: String,
    /// The zone configured, or the host's: the zone drawn in may become the
    /// account's (see [`Model::tz`]).
    pub tz: Tz,
    pub zone_origin: ZoneOrigin,
    /// The longest task the look-back allows for, in days.
    pub max_task_days: u32,
    /// Say on every listing that longer tasks would be missing (the
    /// `warn_long_tasks` setting).
    pub warn_long_tasks: bool,
    /// Minutes a key moves or resizes a task by in move mode.
    pub move_step: i64,
    pub poll: Duration,
    pub work: WorkHours,
    pub week_start: Weekday,
    pub hide_weekend: bool,
    pub read_only: bool,
    pub monitor: bool,
    /// Theme, colour depth and glyph set, resolved at start.
    pub look: Look,
    pub keymap: Keymap,
    /// The view to open with (the one shown at the last exit).
    pub view: BoardView,
    /// Where the view shown is remembered; `None` remembers nothing.
    pub state_file: Option<PathBuf>,
    /// The employee filter in use at the last exit.
    pub employee_filter: Option<EmployeeFilter>,
    /// Saved sets of employees (`[filters]` in the config): name, entries
    /// (ids, numbers or names; see `app::sets`). `:set save` adds to them.
    pub filter_sets: Vec<(String, Vec<crate::config::sets::SetEntry>)>,
    /// The config file sets are read from and written to.
    pub config_file: Option<PathBuf>,
    /// The palette's history at the last exit, oldest first.
    pub palette_history: Vec<String>,
    /// Monitor mode: the shown employees turn a page this often.
    pub rotate: Option<Duration>,
}

/// How often the employee list is refreshed.
pub const EMPLOYEES_EVERY: Duration = Duration::from_secs(300);
/// Longest wait between retries after failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

#[derive(Clone, Debug)]
pub struct Cached {
    pub tasks: Arc<Vec<Task>>,
    pub notes: ListingNotes,
    pub at: DateTime<Utc>,
    /// The whole listing, look-back included: the shown period's, until it
    /// is left. Other periods keep only the tasks their days show.
    pub whole: bool,
}

/// The request bookkeeping: one fetch in flight per purpose, newest wins.
#[derive(Clone, Debug, Default)]
pub struct Sync {
    pub seq: u64,
    /// The fetch of the shown period under way.
    pub in_flight: Option<u64>,
    /// The period `in_flight` asks for.
    pub in_flight_period: Option<Period>,
    /// A newer period asked for while `in_flight` runs; replaces older asks.
    pub pending: bool,
    pub prefetch: Option<u64>,
    /// The period `prefetch` asks for.
    pub prefetch_period: Option<Period>,
    pub employees_in_flight: bool,
    /// When the shown data was last fetched successfully.
    pub last_ok: Option<DateTime<Utc>>,
    /// When the shown data last changed (or first came): the header's "as
    /// of". A poll that brings the same data leaves it, so an idle board
    /// writes nothing.
    pub as_of: Option<DateTime<Utc>>,
    pub fault: Option<(ApiFault, DateTime<Utc>)>,
    pub failures: u32,
    pub next_poll: Option<DateTime<Utc>>,
    pub next_employees: Option<DateTime<Utc>>,
    /// What the listing of the shown tasks could not deliver (header warnings).
    pub notes: ListingNotes,
    /// Days each task fetch in flight looked back, by seq.
    pub lookback_of: HashMap<u64, u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    New,
    Moved,
    Changed,
}

/// A change since the previous poll, shown until `until`.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    pub until: DateTime<Utc>,
}

/// Where the selection is. The task id keeps it on the same task across
/// refreshes; lane/day say which copy of a multi-employee task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cursor {
    pub lane: usize,
    /// Index into `Model::days` (week view).
    pub day: usize,
    pub task: Option<i64>,
    /// Minutes since the start of the day of the last selected task: h/l
    /// land on the task nearest in time.
    pub anchor: i32,
}

#[derive(Clone, Debug)]
pub enum Layout {
    Day(DayLayout),
    Week(WeekLayout),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until: DateTime<Utc>,
}

/// [`Prepared`] for the list of tasks `of`: the weak reference keeps that
/// list's address from being reused by another list.
#[derive(Clone, Debug, Default)]
struct PreparedFor {
    of: Weak<Vec<Task>>,
    pre: Arc<Prepared>,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) opts: Options,
    /// The theme drawn in: the one chosen at start, until `:theme` picks another.
    pub(crate) theme: ThemeName,
    pub(crate) now: DateTime<Utc>,
    /// The zone drawn in, and what the API's offsets said about it.
    pub(crate) zone: Zone,
    /// How far fetches look back, learnt from the longest task seen.
    pub(crate) lookback: Lookback,
    /// The last key or mouse event (a monitor returns to now a minute after).
    pub(crate) last_input: DateTime<Utc>,
    pub(crate) size: (u16, u16),
    pub(crate) period: Period,
    pub(crate) hide_weekend: bool,
    pub(crate) employees: Vec<Employee>,
    /// The shown period's tasks: always the last good data. Shared with
    /// the cache, never copied.
    pub(crate) tasks: Arc<Vec<Task>>,
    /// The server's last data for the shown period, as it came; `tasks` is
    /// this with the local changes laid over it.
    pub(crate) server_tasks: Arc<Vec<Task>>,
    /// Changes under way over the server's data (saves, creates, deletions
    /// kept for undo).
    pub(crate) local: Local,
    /// The last refused save, for the form to show beside its fields.
    pub(crate) last_save_fault: Option<(i64, ApiFault)>,
    /// Answers of the customer search and job lists, for the create form.
    pub(crate) lookups: Lookups,
    /// Which period `tasks` belongs to (None while the first fetch of a
    /// newly shown period is under way).
    pub(crate) tasks_period: Option<Period>,
    pub(crate) cache: HashMap<Period, Cached>,
    /// The disk cache: whether it is used, and the data drawn from it.
    pub(crate) offline: super::state::offline::Offline,
    /// Lanes shown (columns of the day view, rows of the week view), with names.
    pub(crate) lanes: Vec<(Lane, String)>,
    /// Distinct tasks in the layout (fetches look back a few days, so this
    /// can be fewer than `tasks`).
    pub(crate) shown_tasks: usize,
    pub(crate) layout: Layout,
    /// The day is drawn as a timeline (rows per employee) instead of columns.
    pub(crate) timeline_on: bool,
    /// The timeline of the day layout, while it is the one shown.
    pub(crate) timeline: Option<TimelineLayout>,
    /// Indices into the week layout's dates that are shown (weekend hidden or not).
    pub(crate) days: Vec<usize>,
    pub(crate) cursor: Cursor,
    /// First scrolling lane drawn (day: column, week: row); a pinned
    /// Unassigned lane is drawn before it whatever its value.
    pub(crate) lane_offset: usize,
    /// First row of the day grid set by PgUp/PgDn; `None` follows the cursor.
    pub(crate) day_scroll: Option<i32>,
    /// The last mouse click (column, row, when), to spot a double click.
    pub(crate) last_click: Option<(u16, u16, DateTime<Utc>)>,
    pub(crate) sync: Sync,
    pub(crate) paused: bool,
    pub(crate) marks: HashMap<i64, Mark>,
    /// Titles of tasks that disappeared at the last poll, shown until the time.
    pub(crate) removed: Vec<(String, DateTime<Utc>)>,
    /// Modals, bottom first: the top one gets the keys; the view draws
    /// the board, then each one over it.
    pub(crate) modals: Vec<Overlay>,
    pub(crate) toast: Option<Toast>,
    /// Notifications and deletions under way, and recent notifications.
    pub(crate) sends: Sends,
    pub(crate) mouse: bool,
    /// After Kickserv refused the token: the last data is shown anyway
    /// (`v` on the explanation screen) instead of the explanation.
    pub(crate) auth_peek: bool,
    /// The keys typed so far of a key sequence.
    pub(crate) keys: KeyState,
    /// The text filter (`/`) and what it matches.
    pub(crate) text_filter: TextFilter,
    /// What layouts read of `tasks`, worked out once for each list of tasks.
    prepared: PreparedFor,
    /// The employees whose lanes are shown (`E`); `None` shows everyone.
    pub(crate) employee_filter: Option<EmployeeFilter>,
    /// Every employee known, in lane order: the list's, then those only
    /// tasks name.
    pub(crate) people: Vec<Person>,
    /// Commands run from the palette (also in earlier runs), oldest first.
    pub(crate) palette_history: Vec<String>,
    /// Results of notifications, deletions, saves and creates, for `:log`.
    pub(crate) log: Log,
    pub(crate) quit: bool,
    /// Drafts of earlier runs still to offer; new tasks' draft numbers.
    /// The last problem with the saved sets said (each is said once).
    pub(crate) sets_said: Option<String>,
    pub(crate) drafts: super::draft::Drafts,
    /// Set by `update` when something visible changed; the runtime draws and clears it.
    pub(crate) dirty: bool,
    /// Monitor mode's state (following now, the rotation).
    pub(crate) monitor: super::state::monitor::Monitor,
    /// Move mode's offer and last move (the stage is in `local`).
    pub(crate) moves: super::state::staging::Moves,
    /// "Running late": the cascade staged or being sent.
    pub(crate) late: Option<super::state::late::Cascade>,
    /// The header's double-booking, late and running-over counts, as of
    /// the last layout and clock minute (`recount_alerts`).
    alerts: super::state::alerts::Counts,
}

impl Model {
    /// Whether the board follows now: a monitor nobody has touched for a
    /// minute.
    pub fn following_now(&self) -> bool {
        self.opts.monitor && !self.monitor.touched
    }

    /// Whether the cursor and the selection are drawn: not on a monitor
    /// following now (it would mark a task for no one).
    pub fn cursor_drawn(&self) -> bool {
        !self.following_now()
    }

    /// Lines for the timeline's lanes: the body less the hour scale.
    pub fn timeline_lines(&self) -> u16 {
        geometry::body(self.grid_size()).height.saturating_sub(1)
    }

    /// The working hours as minutes of the shown day (at least an hour long).
    pub fn work_window(&self, d: &DayLayout) -> (i32, i32) {
        let tz = self.tz();
        let day = d.day_minutes as i32;
        let minute = |t: chrono::NaiveTime| {
            schedule::minutes_since_day_start(tz, d.date, schedule::local_instant(tz, d.date, t))
                as i32
        };
        let ws = minute(self.opts.work.start).clamp(0, day);
        let mut we = minute(self.opts.work.end).clamp(0, day);
        if we <= ws {
            // A working day past midnight, or none: to the end of this day.
            we = if self.opts.work.end < self.opts.work.start {
                day
            } else {
                (ws + 60).min(day)
            };
        }
        (ws, we)
    }

    /// The one employee the poller may ask the API for, by number: when the
    /// filter shows that employee's lane alone (with Unassigned shown, the
    /// tasks of no one are needed too).
    pub fn fetch_scope(&self) -> Option<i64> {
        let f = self.employee_filter.as_ref().filter(|f| !f.unassigned)?;
        let [id] = f.ids.as_slice() else {
            return None;
        };
        self.employees
            .iter()
            .find(|e| e.id == *id)
            .and_then(|e| e.employee_number)
    }

    /// The key context of what is on top: keys are resolved in its keymap,
    /// and the hint bar shows its keys.
    pub fn key_context(&self) -> Context {
        Self::context_of(self.top())
    }

    /// The context help was opened from: the one under it.
    pub fn help_context(&self) -> Context {
        let n = self.modals.len();
        match self.top() {
            Some(Overlay::Help { .. }) => {
                Self::context_of(n.checked_sub(2).map(|i| &self.modals[i]))
            }
            _ => self.key_context(),
        }
    }

    fn context_of(top: Option<&Overlay>) -> Context {
        match top {
            None => Context::Board,
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Detail { .. }) => Context::Detail,
            Some(
                Overlay::Goto { .. }
                | Overlay::Filter { .. }
                | Overlay::Palette(_)
                | Overlay::LateBy { .. },
            ) => Context::Prompt,
            Some(Overlay::Job(_)) => Context::Jobs,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Restore(_)) => Context::Restore,
            Some(Overlay::Log { .. }) => Context::Log,
            Some(Overlay::Form(_)) => Context::Form,
            Some(Overlay::Picker(_) | Overlay::Employees(_)) => Context::Picker,
            Some(Overlay::Move) => Context::Move,
            Some(Overlay::Queue { .. }) => Context::Queue,
            Some(Overlay::Late) => Context::Late,
        }
    }

    pub fn new(opts: Options, now: DateTime<Utc>, size: (u16, u16)) -> Model {
        let today = now.with_timezone(&opts.tz).date_naive();
        let start_view = opts.view;
        let period = match start_view {
            BoardView::Week => Period::week_containing(today, opts.week_start),
            BoardView::Day | BoardView::Timeline => Period::day(today),
        };
        let hide_weekend = opts.hide_weekend;
        let employee_filter = opts.employee_filter.clone();
        let palette_history = opts.palette_history.clone();
        let tz = opts.tz;
        let zone = Zone::new(tz, opts.zone_origin.clone());
        let lookback = Lookback::new(opts.max_task_days);
        let theme = opts.look.theme;
        let mut m = Model {
            opts,
            theme,
            now,
            zone,
            lookback,
            last_input: now,
            size,
            period,
            hide_weekend,
            employees: Vec::new(),
            tasks: Arc::default(),
            server_tasks: Arc::default(),
            local: Local::default(),
            last_save_fault: None,
            lookups: Lookups::default(),
            tasks_period: None,
            cache: HashMap::new(),
            offline: Default::default(),
            lanes: Vec::new(),
            shown_tasks: 0,
            layout: Layout::Day(layout_day(&[], &[], true, today, tz, &WorkHours::default())),
            timeline_on: start_view == BoardView::Timeline,
            timeline: None,
            days: Vec::new(),
            cursor: Cursor::default(),
            lane_offset: 0,
            day_scroll: None,
            last_click: None,
            sync: Sync::default(),
            paused: false,
            marks: HashMap::new(),
            removed: Vec::new(),
            modals: Vec::new(),
            toast: None,
            sends: Sends::default(),
            mouse: false,
            auth_peek: false,
            keys: KeyState::default(),
            text_filter: TextFilter::hiding_by_default(),
            prepared: PreparedFor::default(),
            employee_filter,
            people: Vec::new(),
            palette_history,
            log: Log::default(),
            quit: false,
            drafts: Default::default(),
            sets_said: None,
            dirty: true,
            monitor: Default::default(),
            moves: Default::default(),
            late: None,
            alerts: Default::default(),
        };
        m.relayout();
        // A remembered week opens on today's column.
        if let Some(i) = m.period.dates().position(|d| d == today) {
            m.cursor.day = m.days.iter().position(|&d| d >= i).unwrap_or(0);
        }
        m
    }

    pub fn view(&self) -> ViewKind {
        self.period.kind
    }

    /// Which of the three boards is shown.
    pub fn board_view(&self) -> BoardView {
        match self.view() {
            ViewKind::Week => BoardView::Week,
            ViewKind::Day if self.timeline_on => BoardView::Timeline,
            ViewKind::Day => BoardView::Day,
        }
    }

    /// Lines per lane of the timeline, when it is shown.
    fn timeline_heights(&self) -> Option<Vec<u16>> {
        let t = self.timeline.as_ref()?;
        Some(timefit::heights(t, self.timeline_lines()))
    }

    /// The zone days and times are drawn in.
    pub fn tz(&self) -> Tz {
        self.zone.tz()
    }

    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz()).date_naive()
    }

    pub fn task_by_id(&self, id: i64) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The modal that gets the keys, if any.
    pub fn top(&self) -> Option<&Overlay> {
        self.modals.last()
    }

    /// The width of the task detail beside the grid, when one is open and
    /// the terminal is wide enough, or of the unassigned queue.
    pub fn pane_width(&self) -> Option<u16> {
        // The unassigned queue: the board stays whole beside it, so the
        // employee under the cursor is always in sight.
        if self
            .modals
            .iter()
            .any(|o| matches!(o, Overlay::Queue { .. }))
        {
            return Some(geometry::queue_width(self.size.0));
        }
        if !self
            .modals
            .iter()
            .any(|o| matches!(o, Overlay::Detail { .. }))
        {
            return None;
        }
        geometry::pane_width(self.size.0)
    }

    /// The size the grid is laid out in: the terminal's, less a detail pane
    /// beside it.
    pub fn grid_size(&self) -> (u16, u16) {
        let (w, h) = self.size;
        (w.saturating_sub(self.pane_width().unwrap_or(0)), h)
    }

    /// Opens a modal over whatever is shown.
    pub(crate) fn open(&mut self, o: Overlay) {
        self.modals.push(o);
        self.dirty = true;
    }

    /// Opens a modal beneath the one on top, which keeps the keys: what a
    /// message that opens a modal while another is up would do. No key does
    /// this today; tests use it to show a modal's target is its own.
    pub fn open_beneath_top(&mut self, o: Overlay) {
        let at = self.modals.len().saturating_sub(1);
        self.modals.insert(at, o);
        self.dirty = true;
    }

    /// The next draft of an earlier run still to offer, if one waits: once
    /// the one before is answered and its form, if any, is done.
    pub(crate) fn offer_next_draft(&mut self) {
        if let Some(draft) = self.drafts.waiting.pop_front() {
            let place = (
                self.drafts.found - self.drafts.waiting.len(),
                self.drafts.found,
            );
            self.open(Overlay::Restore(Box::new(Restore {
                draft,
                asked: false,
                place,
            })));
        }
    }

    pub fn selected(&self) -> Option<&Task> {
        self.cursor.task.and_then(|id| self.task_by_id(id))
    }

    /// Kickserv refused the token on the last request: the board can only
    /// show what it had.
    pub fn auth_refused(&self) -> bool {
        self.sync
            .fault
            .as_ref()
            .is_some_and(|(f, _)| f.kind == FaultKind::Auth)
    }

    /// The full-screen explanation of a refused token replaces the grid.
    pub fn shows_auth_screen(&self) -> bool {
        self.auth_refused() && !self.auth_peek
    }

    /// How the board is drawn: the look of the start, in the theme shown now.
    pub fn look(&self) -> Look {
        Look {
            theme: self.theme,
            ..self.opts.look
        }
    }

    /// The header's counts, prepared when the layout or the clock's
    /// minute changed.
    pub fn alert_counts(&self) -> super::state::alerts::Counts {
        self.alerts
    }

    /// One task at `index` changed in place (its lanes re-laid): its
    /// share of the late counts, `old` before the change, is replaced by
    /// its new one; `doubles` is the count of double bookings now.
    pub(crate) fn recount_one(
        &mut self,
        index: usize,
        old: Option<(bool, bool)>,
        shown: bool,
        doubles: usize,
    ) {
        let new = match self.tasks.get(index) {
            Some(t) if shown => super::state::alerts::lateness(t, self.now, &self.opts.work),
            _ => (false, false),
        };
        self.alerts
            .adjust(old.unwrap_or((false, false)), new, doubles);
    }

    /// The layout as the header's counts read it.
    pub(crate) fn laid(&self) -> super::state::alerts::Laid<'_> {
        use super::state::alerts::Laid;
        match &self.layout {
            Layout::Day(d) => Laid::Day(d),
            Layout::Week(w) => Laid::Week(w),
        }
    }

    /// The late share of the task at `index` while shown (see `recount_one`).
    pub(crate) fn lateness_of(&self, index: usize) -> (bool, bool) {
        self.tasks.get(index).map_or((false, false), |t| {
            super::state::alerts::lateness(t, self.now, &self.opts.work)
        })
    }

    /// Counts double bookings, late and running-over work again: after a
    /// new layout, and when the clock's minute turns. True when they changed.
    pub fn recount_alerts(&mut self) -> bool {
        let now = super::state::alerts::count(self.laid(), &self.tasks, self.now, &self.opts.work);
        std::mem::replace(&mut self.alerts, now) != now
    }

    /// The "running late" cascade, staged or being sent.
    pub fn cascade(&self) -> Option<&super::state::late::Cascade> {
        self.late.as_ref()
    }

    /// Minutes a key moves a task by in move mode (at least one).
    pub fn move_step(&self) -> i64 {
        self.opts.move_step.max(1)
    }

    /// Mutating actions are refused in read-only and monitor modes.
    pub fn read_only(&self) -> bool {
        self.opts.read_only || self.opts.monitor
    }

    /// Shown data is stale when older than two poll intervals, or missing.
    pub fn is_stale(&self) -> bool {
        match self.sync.last_ok {
            None => self.tasks_period.is_some(),
            Some(t) => {
                self.now.signed_duration_since(t).num_milliseconds()
                    > i64::try_from(self.opts.poll.as_millis())
                        .unwrap_or(i64::MAX)
                        .saturating_mul(2)
            }
        }
    }

    pub fn fetching(&self) -> bool {
        self.sync.in_flight.is_some()
    }
}
