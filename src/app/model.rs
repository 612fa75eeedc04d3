//! The board's whole state. `view` reads it; only `update` writes it.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tui_input::Input;

use super::confirm::Confirm;
use super::draft::Draft;
use super::form::Form;
use super::geometry;
use super::keymap::{Context, KeyState, Keymap};
use super::local::Local;
use super::look::{Look, ThemeName};
use super::msg::{ApiFault, FaultKind};
use super::picker::Picker;
use super::sends::Sends;
use super::state::BoardView;
use super::state::filter::{EmployeeFilter, Person};
use super::state::jobpick::JobChooser;
use super::state::palette::{Log, Palette};
pub use super::state::pending::Pending;
use super::state::seen::Seen;
use super::textfilter::TextFilter;
use super::timefit;
use crate::kickserv::model::{Customer, Employee, JobListEntry, ListingNotes, Task};
use crate::schedule::{
    self, DayLayout, Lane, Lookback, Period, Prepared, TimelineLayout, ViewKind, WeekLayout,
    WorkHours, Zone, ZoneOrigin, layout_day, layout_day_with, layout_timeline, layout_week_with,
    relayout_day_lanes, relayout_week_lanes,
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
    /// Saved sets of employees (`[filters]` in the config): name, ids.
    pub filter_sets: Vec<(String, Vec<i64>)>,
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

/// One modal of the stack. Each owns what it acts on (a task id and the
/// task as it first saw it), never the board cursor.
#[derive(Clone, Debug)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Detail {
        task_id: i64,
        scroll: u16,
        /// The task as the detail first saw it.
        seen: Seen,
        /// Shows the task's JSON instead (`J` toggles).
        raw: bool,
    },
    Goto {
        input: Input,
        error: Option<String>,
    },
    Confirm(Confirm),
    /// The text filter's prompt (`/`): the filter follows each keystroke.
    Filter {
        input: Input,
    },
    /// The command palette (`:`).
    Palette(Palette),
    /// The session's notifications and changes (`:log`).
    Log {
        scroll: u16,
    },
    /// The edit form (`e`) or the form of a new task (`a`).
    Form(Box<Form>),
    /// The employee picker, over the form it chooses for.
    Picker(Box<Picker>),
    /// The employee filter's picker (`E`), over the board.
    Employees(Box<Picker>),
    /// At start: a draft from an earlier run, offered back.
    Restore(Box<Restore>),
    /// `a`: the job of a new task, asked before its form.
    Job(Box<JobChooser>),
    /// Move mode: keys change the stage in the local layer (`local.stage`);
    /// after a move went through, its offer to notify (`moves.offer`).
    Move,
    /// The unassigned queue beside the board; `selected` is a row of
    /// `dispatch::queue::queued`.
    Queue {
        selected: usize,
    },
}

/// The restore prompt's draft; `asked` when `y` came before the board's
/// first data (the form opens when it arrives).
#[derive(Clone, Debug)]
pub struct Restore {
    pub draft: Draft,
    pub asked: bool,
    /// Its place among the drafts found at start: (1, 3) is "1 of 3".
    pub place: (usize, usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until: DateTime<Utc>,
}

/// What the create form looked up: the newest customer search and the
/// active jobs of customers.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    /// The seq of the newest search sent; older answers are dropped.
    pub search_seq: u64,
    pub customers: Option<(String, Result<Vec<Customer>, ApiFault>)>,
    pub jobs: HashMap<i64, Result<Vec<JobListEntry>, ApiFault>>,
}

/// [`Prepared`] for the list of tasks `of`: the weak reference keeps that
/// list's address from being reused by another list.
#[derive(Clone, Debug, Default)]
struct PreparedFor {
    of: Weak<Vec<Task>>,
    pre: Arc<Prepared>,
}

/// Customers whose job lists are kept: a long session looks up many, and any
/// dropped list is asked for again when its customer is picked.
pub const JOBS_CAP: usize = 32;

impl Lookups {
    /// Keeps a customer's job list, dropping others past [`JOBS_CAP`].
    pub fn keep_jobs(&mut self, customer_id: i64, jobs: Result<Vec<JobListEntry>, ApiFault>) {
        if !self.jobs.contains_key(&customer_id) && self.jobs.len() >= JOBS_CAP {
            let extra = self.jobs.len() + 1 - JOBS_CAP;
            let drop: Vec<i64> = self.jobs.keys().copied().take(extra).collect();
            for k in drop {
                self.jobs.remove(&k);
            }
        }
        self.jobs.insert(customer_id, jobs);
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    pub opts: Options,
    /// The theme drawn in: the one chosen at start, until `:theme` picks another.
    pub theme: ThemeName,
    pub now: DateTime<Utc>,
    /// The zone drawn in, and what the API's offsets said about it.
    pub zone: Zone,
    /// How far fetches look back, learnt from the longest task seen.
    pub lookback: Lookback,
    /// The last key or mouse event (a monitor returns to now a minute after).
    pub last_input: DateTime<Utc>,
    pub size: (u16, u16),
    pub period: Period,
    pub hide_weekend: bool,
    pub employees: Vec<Employee>,
    /// The shown period's tasks: always the last good data. Shared with
    /// the cache, never copied.
    pub tasks: Arc<Vec<Task>>,
    /// The server's last data for the shown period, as it came; `tasks` is
    /// this with the local changes laid over it.
    pub server_tasks: Arc<Vec<Task>>,
    /// Changes under way over the server's data (saves, creates, deletions
    /// kept for undo).
    pub local: Local,
    /// The last refused save, for the form to show beside its fields.
    pub last_save_fault: Option<(i64, ApiFault)>,
    /// Answers of the customer search and job lists, for the create form.
    pub lookups: Lookups,
    /// Which period `tasks` belongs to (None while the first fetch of a
    /// newly shown period is under way).
    pub tasks_period: Option<Period>,
    pub cache: HashMap<Period, Cached>,
    /// The disk cache: whether it is used, and the data drawn from it.
    pub offline: super::state::offline::Offline,
    /// Lanes shown (columns of the day view, rows of the week view), with names.
    pub lanes: Vec<(Lane, String)>,
    /// Distinct tasks in the layout (fetches look back a few days, so this
    /// can be fewer than `tasks`).
    pub shown_tasks: usize,
    pub layout: Layout,
    /// The day is drawn as a timeline (rows per employee) instead of columns.
    pub timeline_on: bool,
    /// The timeline of the day layout, while it is the one shown.
    pub timeline: Option<TimelineLayout>,
    /// Indices into the week layout's dates that are shown (weekend hidden or not).
    pub days: Vec<usize>,
    pub cursor: Cursor,
    /// First scrolling lane drawn (day: column, week: row); a pinned
    /// Unassigned lane is drawn before it whatever its value.
    pub lane_offset: usize,
    /// First row of the day grid set by PgUp/PgDn; `None` follows the cursor.
    pub day_scroll: Option<i32>,
    /// The last mouse click (column, row, when), to spot a double click.
    pub last_click: Option<(u16, u16, DateTime<Utc>)>,
    pub sync: Sync,
    pub paused: bool,
    pub marks: HashMap<i64, Mark>,
    /// Titles of tasks that disappeared at the last poll, shown until the time.
    pub removed: Vec<(String, DateTime<Utc>)>,
    /// Modals, bottom first: the top one gets the keys; the view draws
    /// the board, then each one over it.
    pub modals: Vec<Overlay>,
    pub toast: Option<Toast>,
    /// Notifications and deletions under way, and recent notifications.
    pub sends: Sends,
    pub mouse: bool,
    /// After Kickserv refused the token: the last data is shown anyway
    /// (`v` on the explanation screen) instead of the explanation.
    pub auth_peek: bool,
    /// The keys typed so far of a key sequence.
    pub keys: KeyState,
    /// The text filter (`/`) and what it matches.
    pub text_filter: TextFilter,
    /// What layouts read of `tasks`, worked out once for each list of tasks.
    prepared: PreparedFor,
    /// The employees whose lanes are shown (`E`); `None` shows everyone.
    pub employee_filter: Option<EmployeeFilter>,
    /// Every employee known, in lane order: the list's, then those only
    /// tasks name.
    pub people: Vec<Person>,
    /// Commands run from the palette (also in earlier runs), oldest first.
    pub palette_history: Vec<String>,
    /// Results of notifications, deletions, saves and creates, for `:log`.
    pub log: Log,
    pub quit: bool,
    /// Drafts of earlier runs still to offer; new tasks' draft numbers.
    pub drafts: super::draft::Drafts,
    /// Set by `update` when something visible changed; the runtime draws and clears it.
    pub dirty: bool,
    /// Monitor mode's state (following now, the rotation).
    pub monitor: super::state::monitor::Monitor,
    /// Move mode's offer and last move (the stage is in `local`).
    pub moves: super::state::staging::Moves,
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
            Some(Overlay::Goto { .. } | Overlay::Filter { .. } | Overlay::Palette(_)) => {
                Context::Prompt
            }
            Some(Overlay::Job(_)) => Context::Jobs,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Restore(_)) => Context::Restore,
            Some(Overlay::Log { .. }) => Context::Log,
            Some(Overlay::Form(_)) => Context::Form,
            Some(Overlay::Picker(_) | Overlay::Employees(_)) => Context::Picker,
            Some(Overlay::Move) => Context::Move,
            Some(Overlay::Queue { .. }) => Context::Queue,
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
            dirty: true,
            monitor: Default::default(),
            moves: Default::default(),
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
    pub fn open(&mut self, o: Overlay) {
        self.modals.push(o);
        self.dirty = true;
    }

    /// The next draft of an earlier run still to offer, if one waits: once
    /// the one before is answered and its form, if any, is done.
    pub fn offer_next_draft(&mut self) {
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
    fn shown_offset(&self) -> usize {
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
    pub fn relayout(&mut self) {
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
        self.layout = match self.view() {
            ViewKind::Day => Layout::Day(layout_day_with(
                &self.tasks,
                &ids,
                unassigned,
                self.period.start,
                tz,
                &self.opts.work,
                &keep,
                Some(&pre),
            )),
            ViewKind::Week => Layout::Week(layout_week_with(
                &self.tasks,
                &ids,
                unassigned,
                &self.period,
                tz,
                &self.opts.work,
                &keep,
                Some(&pre),
            )),
        };
        // Unassigned work first, where it is always in sight.
        match &mut self.layout {
            Layout::Day(d) => unassigned_first(&mut d.columns, |c| c.lane),
            Layout::Week(w) => unassigned_first(&mut w.rows, |r| r.lane),
        }
        self.rebuild_timeline();
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
    fn prepared(&mut self) -> Arc<Prepared> {
        if !std::ptr::eq(self.prepared.of.as_ptr(), Arc::as_ptr(&self.tasks)) {
            self.prepared = PreparedFor {
                of: Arc::downgrade(&self.tasks),
                pre: Arc::new(Prepared::new(&self.tasks, &self.opts.work)),
            };
        }
        self.prepared.pre.clone()
    }

    /// The timeline from the day layout: after every change of that layout.
    pub fn rebuild_timeline(&mut self) {
        self.timeline = match &self.layout {
            Layout::Day(d) if self.timeline_on => Some(layout_timeline(d, self.work_window(d))),
            _ => None,
        };
    }

    /// Which tasks the layouts show: those the text filter keeps when it
    /// hides the others, else every task.
    pub fn filter(&self) -> impl Fn(&Task) -> bool + use<> {
        let keep = self.text_filter.hiding();
        move |t: &Task| keep.as_ref().is_none_or(|s| s.contains(&t.id))
    }

    /// Matches the tasks against the text filter's query again (after a
    /// keystroke or new data); the layout is the caller's to redo.
    pub fn refilter(&mut self) {
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

    fn count_kept(&mut self) -> (usize, usize) {
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
        let new_lanes = schedule::lanes_of(&task);
        let mut lanes = old_lanes;
        lanes.extend(new_lanes.iter().copied());
        // Lanes the employee filter hides are not on the board to redo.
        lanes.retain(|l| self.lane_shown(*l));
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
        self.shown_tasks =
            (self.shown_tasks + usize::from(is_shown)).saturating_sub(usize::from(was_shown));
        self.fix_cursor();
        self.dirty = true;
    }

    /// Whether the employee filter lets `lane` be shown.
    fn lane_shown(&self, lane: Lane) -> bool {
        match (&self.employee_filter, lane) {
            (None, _) => true,
            (Some(f), Lane::Employee(id)) => f.shows(id),
            (Some(f), Lane::Unassigned) => f.unassigned,
        }
    }

    /// Whether the task at `index` is laid out in any of `lanes`.
    fn shown_in(&self, index: usize, lanes: &[Lane]) -> bool {
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
    pub fn recompose(&mut self) {
        self.tasks = self.local.compose(&self.server_tasks);
        self.relayout();
    }

    fn count_shown(&self) -> usize {
        let mut shown: Vec<usize> = match &self.layout {
            Layout::Day(d) => d
                .columns
                .iter()
                .flat_map(|c| {
                    c.banner
                        .iter()
                        .copied()
                        .chain(c.blocks.iter().map(|b| b.task))
                })
                .collect(),
            Layout::Week(w) => w
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().flat_map(|c| c.tasks.iter().copied()))
                .collect(),
        };
        shown.sort_unstable();
        shown.dedup();
        shown.len()
    }

    /// Keeps the cursor on its task if it still exists, else near where it was.
    pub fn fix_cursor(&mut self) {
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

    pub fn keep_lane_visible(&mut self) {
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
