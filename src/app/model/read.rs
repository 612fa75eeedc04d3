//! The model as code outside the crate reads it: one getter per field, of
//! the field's name. Tests and benches see the state through these and
//! change it only by the messages `update` takes (docs/architecture.md,
//! "The model's API"); the crate's own code uses the fields.

use super::*;

impl Model {
    pub fn opts(&self) -> &Options {
        &self.opts
    }

    pub fn theme(&self) -> ThemeName {
        self.theme
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    pub fn lookback(&self) -> &Lookback {
        &self.lookback
    }

    pub fn last_input(&self) -> DateTime<Utc> {
        self.last_input
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn period(&self) -> Period {
        self.period
    }

    pub fn hide_weekend(&self) -> bool {
        self.hide_weekend
    }

    pub fn employees(&self) -> &Vec<Employee> {
        &self.employees
    }

    pub fn tasks(&self) -> &Arc<Vec<Task>> {
        &self.tasks
    }

    pub fn server_tasks(&self) -> &Arc<Vec<Task>> {
        &self.server_tasks
    }

    pub fn local(&self) -> &Local {
        &self.local
    }

    pub fn last_save_fault(&self) -> &Option<(i64, ApiFault)> {
        &self.last_save_fault
    }

    pub fn lookups(&self) -> &Lookups {
        &self.lookups
    }

    pub fn tasks_period(&self) -> Option<Period> {
        self.tasks_period
    }

    pub fn cache(&self) -> &HashMap<Period, Cached> {
        &self.cache
    }

    pub fn offline(&self) -> &crate::app::state::offline::Offline {
        &self.offline
    }

    pub fn lanes(&self) -> &Vec<(Lane, String)> {
        &self.lanes
    }

    pub fn shown_tasks(&self) -> usize {
        self.shown_tasks
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    pub fn timeline_on(&self) -> bool {
        self.timeline_on
    }

    pub fn timeline(&self) -> &Option<TimelineLayout> {
        &self.timeline
    }

    pub fn days(&self) -> &Vec<usize> {
        &self.days
    }

    pub fn cursor(&self) -> &Cursor {
        &self.cursor
    }

    pub fn lane_offset(&self) -> usize {
        self.lane_offset
    }

    pub fn day_scroll(&self) -> Option<i32> {
        self.day_scroll
    }

    pub fn last_click(&self) -> Option<(u16, u16, DateTime<Utc>)> {
        self.last_click
    }

    pub fn sync(&self) -> &Sync {
        &self.sync
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn marks(&self) -> &HashMap<i64, Mark> {
        &self.marks
    }

    pub fn removed(&self) -> &Vec<(String, DateTime<Utc>)> {
        &self.removed
    }

    pub fn modals(&self) -> &Vec<Overlay> {
        &self.modals
    }

    pub fn toast(&self) -> &Option<Toast> {
        &self.toast
    }

    pub fn sends(&self) -> &Sends {
        &self.sends
    }

    pub fn mouse(&self) -> bool {
        self.mouse
    }

    pub fn auth_peek(&self) -> bool {
        self.auth_peek
    }

    pub fn keys(&self) -> &KeyState {
        &self.keys
    }

    pub fn text_filter(&self) -> &TextFilter {
        &self.text_filter
    }

    pub fn employee_filter(&self) -> &Option<EmployeeFilter> {
        &self.employee_filter
    }

    pub fn people(&self) -> &Vec<Person> {
        &self.people
    }

    pub fn palette_history(&self) -> &Vec<String> {
        &self.palette_history
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn sets_said(&self) -> &Option<String> {
        &self.sets_said
    }

    pub fn drafts(&self) -> &crate::app::draft::Drafts {
        &self.drafts
    }

    pub fn dirty(&self) -> bool {
        self.dirty
    }

    pub fn monitor(&self) -> &crate::app::state::monitor::Monitor {
        &self.monitor
    }

    pub fn moves(&self) -> &crate::app::state::staging::Moves {
        &self.moves
    }
}
