//! The one table of actions: every action is declared once, with the key
//! contexts it belongs to and its default keys in each. The keymap, the
//! config's `[keys.<context>]` tables, the conflict check, the hint bar and
//! `?` help are all generated from it, so they cannot drift apart.

/// Where keys are read: each context has its own keymap, so one key may
/// mean different things on the board and in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Board,
    Detail,
    Form,
    Picker,
    /// A one-line text prompt (go to date, text filter, palette):
    /// keys that are no action are typed into it.
    Prompt,
    Confirm,
    Help,
    /// The start-up question about a draft of an earlier run.
    Restore,
    /// The session's log (`:log`).
    Log,
    /// The job of a new task (`a`): keys that are no action are typed
    /// into its search.
    Jobs,
    /// Move mode: a task's new time, employee or length, staged until Enter.
    Move,
    /// The unassigned queue beside the board.
    Queue,
    /// "Running late": an employee's remaining day shifted, staged until Enter.
    Late,
}

impl Context {
    /// Every context, in the order help lists them.
    pub const ALL: [Context; 13] = [
        Context::Board,
        Context::Detail,
        Context::Form,
        Context::Picker,
        Context::Prompt,
        Context::Confirm,
        Context::Help,
        Context::Restore,
        Context::Log,
        Context::Jobs,
        Context::Move,
        Context::Queue,
        Context::Late,
    ];

    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// The name of its config table, `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Board => "board",
            Context::Detail => "detail",
            Context::Form => "form",
            Context::Picker => "picker",
            Context::Prompt => "prompt",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Restore => "restore",
            Context::Log => "log",
            Context::Jobs => "jobs",
            Context::Move => "move",
            Context::Queue => "queue",
            Context::Late => "late",
        }
    }

    pub fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// A heading for help.
    pub fn title(self) -> &'static str {
        match self {
            Context::Board => "On the board",
            Context::Detail => "In the task detail",
            Context::Form => "In the edit form",
            Context::Picker => "In the employee picker",
            Context::Prompt => "In a prompt (go to date, filter, palette)",
            Context::Confirm => "In a confirmation",
            Context::Help => "In this help",
            Context::Restore => "In the question about an unsaved edit",
            Context::Log => "In the log",
            Context::Jobs => "In the job chooser",
            Context::Move => "Moving a task (staged: nothing is sent before the commit)",
            Context::Queue => "In the unassigned queue",
            Context::Late => "Running late (staged: nothing is sent before the commit)",
        }
    }
}

/// One action's row of the table.
#[derive(Debug)]
pub struct ActionSpec {
    pub action: Action,
    /// The name in the config's `[keys]` tables (snake_case).
    pub name: &'static str,
    /// One line for help.
    pub help: &'static str,
    /// One word or two for the hint bar.
    pub hint: &'static str,
    /// Sends a mutating request: hidden and refused in read-only and monitor modes.
    pub mutates: bool,
    /// The contexts it belongs to, with the default keys in each.
    pub binds: &'static [CtxBind],
}

/// An action's place in one context.
#[derive(Debug)]
pub struct CtxBind {
    pub ctx: Context,
    /// Default bindings: one key (`"q"`) or a sequence (`"g g"`).
    pub keys: &'static [&'static str],
    /// Help text and hint label where they differ from the action's
    /// (`move_down` scrolls in the detail); an empty hint keeps the action
    /// out of this context's hint bar.
    pub help: Option<&'static str>,
    pub hint: Option<&'static str>,
}

macro_rules! opt {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}

/// Declares `Action`, `Action::ALL` and `ACTIONS` from one list of rows:
/// `Variant = "name", "help", "hint", mutates, { Context: [keys] ("help", "hint")?, ... };`
macro_rules! actions {
    ($(
        $var:ident = $name:literal, $help:literal, $hint:literal, $mutates:literal,
        { $( $ctx:ident : [ $($key:literal),* ] $( ( $chelp:literal, $chint:literal ) )? ),* $(,)? };
    )*) => {
        /// Everything a key can ask for, in any context.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($var),* }

        impl Action {
            /// Every action, in declaration order (help lists them in this order).
            pub const ALL: &'static [Action] = &[$(Action::$var),*];
        }

        /// The table, in [`Action::ALL`] order.
        pub static ACTIONS: &[ActionSpec] = &[$(
            ActionSpec {
                action: Action::$var,
                name: $name,
                help: $help,
                hint: $hint,
                mutates: $mutates,
                binds: &[$(
                    CtxBind {
                        ctx: Context::$ctx,
                        keys: &[$($key),*],
                        help: opt!($($chelp)?),
                        hint: opt!($($chint)?),
                    }
                ),*],
            }
        ),*];
    };
}

actions! {
    MoveUp = "move_up", "move up", "up", false, {
        Board: ["k", "up"],
        Prompt: ["up"] ("previous candidate, or history when empty", ""),
        Detail: ["k", "up"] ("scroll up", "scroll"),
        Picker: ["up"] ("previous employee", ""),
        Help: ["k", "up"] ("scroll up", "scroll"),
        Log: ["k", "up"] ("scroll up", "scroll"),
        Jobs: ["up"] ("previous row", "choose"),
        Queue: ["k", "up"] ("previous task of the queue", "task"),
    };
    MoveDown = "move_down", "move down", "down", false, {
        Board: ["j", "down"],
        Prompt: ["down"] ("next candidate, or history when empty", ""),
        Detail: ["j", "down"] ("scroll down", "scroll"),
        Picker: ["down"] ("next employee", ""),
        Help: ["j", "down"] ("scroll down", "scroll"),
        Log: ["j", "down"] ("scroll down", "scroll"),
        Jobs: ["down"] ("next row", "choose"),
        Queue: ["j", "down"] ("next task of the queue", "task"),
    };
    MoveLeft = "move_left", "move left", "left", false, {
        Board: ["h", "left"],
        Queue: ["h", "left"] ("the board's cursor to the previous employee", "employee"),
    };
    MoveRight = "move_right", "move right", "right", false, {
        Board: ["l", "right"],
        Queue: ["l", "right"] ("the board's cursor to the next employee", "employee"),
    };
    PageUp = "page_up", "page up (day: earlier hours; week: employees)", "pg up", false, {
        Board: ["pageup"],
        Detail: ["pageup"] ("page up", ""),
        Help: ["pageup"] ("page up", ""),
        Log: ["pageup"] ("page up", ""),
    };
    PageDown = "page_down", "page down (day: later hours; week: employees)", "pg down", false, {
        Board: ["pagedown"],
        Detail: ["pagedown"] ("page down", ""),
        Help: ["pagedown"] ("page down", ""),
        Log: ["pagedown"] ("page down", ""),
    };
    LanesBack = "lanes_back", "previous page of employees (timeline: earlier hours)", "employees", false, { Board: ["H", "<"] };
    LanesOn = "lanes_on", "next page of employees (timeline: later hours)", "employees", false, { Board: ["L", ">"] };
    First = "first", "go to the first row", "first", false, {
        Board: ["home"],
        Detail: ["g", "home"] ("go to the top", ""),
        Help: ["g", "home"] ("go to the top", ""),
        Log: ["g", "home"] ("go to the top", ""),
    };
    Last = "last", "go to the last row", "last", false, {
        Board: ["end"],
        Detail: ["G", "end"] ("go to the bottom", ""),
        Help: ["G", "end"] ("go to the bottom", ""),
        Log: ["G", "end"] ("go to the bottom", ""),
    };
    DayView = "day_view", "day view", "day", false, { Board: ["d"] };
    WeekView = "week_view", "week view", "week", false, { Board: ["w"] };
    CycleView = "cycle_view", "cycle day, timeline and week views", "view", false, { Board: ["v"] };
    PrevPeriod = "prev_period", "previous day or week", "prev", false, { Board: ["["] };
    NextPeriod = "next_period", "next day or week", "next", false, { Board: ["]"] };
    Today = "today", "go to today", "today", false, { Board: ["t"] };
    GotoDate = "goto_date", "go to a date", "go to", false, { Board: ["g"] };
    ToggleWeekend = "toggle_weekend", "hide / show the weekend", "weekend", false, { Board: ["W"] };
    Detail = "detail", "task detail", "detail", false, { Board: ["enter"] };
    Edit = "edit", "edit task", "edit", true, { Board: ["e"], Detail: ["e"] };
    Add = "add", "add task", "add", true, { Board: ["a"] };
    Delete = "delete", "delete task (confirm)", "delete", true, { Board: ["D"], Detail: ["D"] };
    Undo = "undo", "undo the last delete (as a new task) or the last saved edit", "undo", true, {
        Board: ["u"],
        Detail: ["u"] ("undo the last delete or saved edit", ""),
        Move: ["u"] ("undo the move just sent (a notification already sent is not unsent)", "undo"),
    };
    MoveTask = "move_task", "move, reassign or resize the task (staged until sent)", "move", true, {
        Board: ["M"],
        Detail: ["M"],
    };
    StageLater = "stage_later", "later by the step (week: a day later)", "later", true, { Move: ["j", "down"] };
    StageEarlier = "stage_earlier", "earlier by the step (week: a day earlier)", "earlier", true, { Move: ["k", "up"] };
    StagePrev = "stage_prev", "to the previous employee (week: a day earlier)", "employee", true, { Move: ["h", "left"] };
    StageNext = "stage_next", "to the next employee (week: a day later)", "employee", true, { Move: ["l", "right"] };
    StageHourLater = "stage_hour_later", "an hour later", "hour", true, { Move: ["J"] };
    StageHourEarlier = "stage_hour_earlier", "an hour earlier", "hour", true, { Move: ["K"] };
    StageLonger = "stage_longer", "longer by the step", "longer", true, { Move: ["+", "="] };
    StageShorter = "stage_shorter", "shorter by the step", "shorter", true, { Move: ["-"] };
    StageNextGap = "stage_next_gap", "to the next free gap of the employee long enough for the task (day, timeline)", "free gap", true, { Move: ["f"] };
    Commit = "commit", "send the staged change (one PUT of the changed fields)", "send", true, {
        Move: ["enter"],
        Late: ["enter"] ("send the shifts: one PUT per task in time order, stopping at the first refusal", "send"),
    };
    DropStage = "drop_stage", "drop the staged change (nothing is sent); after a move: done", "drop", true, {
        Move: ["esc"],
        Late: ["esc"] ("drop the shifts (nothing is sent); after the cascade: done", "drop"),
    };
    RunningLate = "running_late", "running late: shift the employee's rest of today (staged)", "late", true, {
        Board: ["R"],
    };
    FitNextGap = "fit_next_gap", "stage the task in the next free gap of its employee long enough for it (day, timeline)", "free gap", true, { Board: ["f"] };
    // A dispatcher's tool: not offered in read-only and monitor modes.
    ToggleQueue = "toggle_queue", "unassigned queue, on / off", "queue", true, {
        Board: ["U"],
        Queue: ["U"] ("close the queue", ""),
    };
    AssignQueued = "assign_queued", "assign the task to the employee under the board's cursor, then place it (staged)", "assign", true, {
        Queue: ["enter", "a"],
    };
    EmployeeFilter = "employee_filter", "employee filter", "employees", false, { Board: ["E"] };
    TextFilter = "text_filter", "text filter", "filter", false, { Board: ["/"] };
    NextMatch = "next_match", "next task the text filter matches", "match", false, { Board: ["tab"] };
    PrevMatch = "prev_match", "previous task the text filter matches", "match", false, { Board: ["backtab"] };
    FilterHides = "filter_hides", "text filter hides / dims the others", "hide / dim", false, { Board: ["F"] };
    NotifyEmployee = "notify_employee", "notify assigned employee (confirm)", "notify", true, {
        Board: ["n"],
        Detail: ["n"],
        Move: ["n"] ("after a move: tell the newly assigned technician (once)", "tell technician"),
    };
    NotifyDetails = "notify_details", "send customer appointment details (confirm)", "details", true, {
        Board: ["N"],
        Detail: ["N"] ("send customer appointment details (confirm)", ""),
        Move: ["N"] ("after a move: send the customer the new details (once)", "tell customer"),
        Late: ["N"] ("after the cascade: send each affected customer the new details (once each)", "tell customers"),
    };
    NotifyOnTheWay = "notify_on_the_way", "notify customer \"on the way\" (confirm)", "on the way", true, {
        Board: ["o"],
        Detail: ["o"],
    };
    RawJson = "raw_json", "raw JSON of the task, on / off", "JSON", false, { Board: ["J"], Detail: ["J"] };
    Refresh = "refresh", "refresh now", "refresh", false, { Board: ["r"] };
    NextChange = "next_change", "next task changed at the last poll", "changes", false, { Board: ["c"] };
    TogglePause = "toggle_pause", "pause / resume polling", "pause", false, { Board: ["p"] };
    ToggleMouse = "toggle_mouse", "mouse capture on / off", "mouse", false, { Board: ["m"] };
    // F1 everywhere; `?` only where no text is typed, so a typed `?` stays text.
    Help = "help", "help", "help", false, {
        Board: ["?", "f1"],
        Detail: ["?", "f1"] ("help", ""),
        Form: ["f1"] ("help", ""),
        Picker: ["f1"] ("help", ""),
        Prompt: ["f1"] ("help", ""),
        Confirm: ["?", "f1"] ("help", ""),
        Restore: ["?", "f1"] ("help", ""),
        Log: ["?", "f1"] ("help", ""),
        Jobs: ["f1"] ("help", ""),
        Move: ["?", "f1"] ("help", ""),
        Queue: ["?", "f1"] ("help", ""),
        Late: ["?", "f1"] ("help", ""),
    };
    Palette = "palette", "command palette", "palette", false, { Board: [":"] };
    Complete = "complete", "complete the highlighted candidate (palette)", "complete", false, {
        Prompt: ["tab"] ("complete the highlighted candidate (palette)", ""),
    };
    Save = "save", "save (sends only the changed fields)", "save", true, { Form: ["ctrl-s"] };
    NextField = "next_field", "next field", "field", false, { Form: ["tab"] };
    PrevField = "prev_field", "previous field", "field", false, { Form: ["backtab"] };
    Toggle = "toggle", "select / unselect the employee (typing, space too, searches)", "select", false, { Picker: ["tab"] };
    ToggleAll = "toggle_all", "select all shown / none", "all / none", false, { Picker: ["ctrl-a"] };
    Accept = "accept", "accept", "ok", false, {
        Picker: ["enter"] ("apply the selection", "apply"),
        Prompt: ["enter"] ("go", "go"),
        Jobs: ["enter"] ("take the row, or search", "take"),
    };
    Yes = "yes", "yes", "yes", false, {
        Confirm: ["y", "Y", "enter"],
        Restore: ["y", "Y", "enter"] ("open the form with the edit", "restore"),
    };
    No = "no", "no", "no", false, {
        Confirm: ["n", "esc", "q"],
        Restore: ["n", "q"] ("discard the edit", "discard"),
    };
    Later = "later", "keep the edit for the next start", "later", false, { Restore: ["esc"] };
    Close = "close", "close / cancel", "close", false, {
        Board: ["esc"],
        Detail: ["esc", "q", "enter"] ("close", "close"),
        Form: ["esc"] ("cancel (asks first when something changed)", "cancel"),
        Picker: ["esc"] ("cancel", "cancel"),
        Prompt: ["esc"] ("cancel", "cancel"),
        Help: ["esc", "q", "?", "f1"] ("close", "close"),
        Log: ["esc", "q"] ("close", "close"),
        Jobs: ["esc"] ("back, or cancel", "back"),
        Queue: ["esc"] ("close the queue", "close"),
    };
    Quit = "quit", "quit (asks if an edit is unsaved)", "quit", false, { Board: ["q", "ctrl-c"] };
    Redraw = "redraw", "redraw the screen", "redraw", false, { Board: ["ctrl-l"] };
}

impl Action {
    /// Its row of [`ACTIONS`].
    pub fn spec(self) -> &'static ActionSpec {
        &ACTIONS[self.index()]
    }

    /// Position in [`Action::ALL`]; `ALL` is in declaration order.
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// The name used in the config's `[keys]` tables.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(s: &str) -> Option<Action> {
        ACTIONS.iter().find(|a| a.name == s).map(|a| a.action)
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        self.spec().help
    }

    /// One word or two for the hint bar.
    pub fn short_label(self) -> &'static str {
        self.spec().hint
    }

    /// Actions that would send a mutating request: hidden and refused in
    /// read-only and monitor modes.
    pub fn is_mutating(self) -> bool {
        self.spec().mutates
    }

    fn bind(self, ctx: Context) -> Option<&'static CtxBind> {
        self.spec().binds.iter().find(|b| b.ctx == ctx)
    }

    /// Whether the action can be bound in `ctx`.
    pub fn is_in(self, ctx: Context) -> bool {
        self.bind(ctx).is_some()
    }

    /// The contexts the action belongs to.
    pub fn contexts(self) -> impl Iterator<Item = Context> {
        self.spec().binds.iter().map(|b| b.ctx)
    }

    /// Help text in `ctx`.
    pub fn help_in(self, ctx: Context) -> &'static str {
        self.bind(ctx)
            .and_then(|b| b.help)
            .unwrap_or(self.spec().help)
    }

    /// Hint label in `ctx`; empty when the action stays out of its hint bar.
    pub fn hint_in(self, ctx: Context) -> &'static str {
        self.bind(ctx)
            .and_then(|b| b.hint)
            .unwrap_or(self.spec().hint)
    }

    /// The default bindings in `ctx` (none outside its contexts).
    pub fn default_keys(self, ctx: Context) -> &'static [&'static str] {
        self.bind(ctx).map_or(&[], |b| b.keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_declaration_order_and_names_are_unique_snake_case() {
        for (i, spec) in ACTIONS.iter().enumerate() {
            assert_eq!(spec.action.index(), i);
            assert_eq!(Action::ALL[i], spec.action);
            assert_eq!(Action::from_name(spec.name), Some(spec.action));
            assert!(
                spec.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                spec.name
            );
            assert!(!spec.binds.is_empty(), "{} is in no context", spec.name);
            let mut ctxs: Vec<Context> = spec.action.contexts().collect();
            ctxs.sort();
            ctxs.dedup();
            assert_eq!(
                ctxs.len(),
                spec.binds.len(),
                "{} twice in a context",
                spec.name
            );
        }
        for c in Context::ALL {
            assert_eq!(Context::from_name(c.name()), Some(c));
            assert_eq!(Context::ALL[c.index()], c);
        }
    }

    #[test]
    fn per_context_text_overrides_the_action_text() {
        assert_eq!(Action::MoveDown.help_in(Context::Board), "move down");
        assert_eq!(Action::MoveDown.help_in(Context::Detail), "scroll down");
        assert_eq!(Action::Close.hint_in(Context::Form), "cancel");
        assert_eq!(Action::PageDown.hint_in(Context::Help), "");
        assert!(Action::RawJson.is_in(Context::Detail));
        assert!(Action::RawJson.is_in(Context::Board));
        assert!(Action::Undo.is_mutating() && Action::Undo.is_in(Context::Board));
        assert!(Action::Save.is_mutating());
    }
}
