//! The modals the board stacks over the grid, and what each owns.

use tui_input::Input;

use crate::app::confirm::Confirm;
use crate::app::draft::Draft;
use crate::app::form::Form;
use crate::app::picker::Picker;
use crate::app::state::jobpick::JobChooser;
use crate::app::state::palette::Palette;
use crate::app::state::seen::Seen;

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
    /// "Running late": the minutes late from now, for one employee.
    LateBy {
        employee_id: i64,
        input: Input,
        error: Option<String>,
    },
    /// "Running late": the staged cascade and its PUTs (`Model::cascade`).
    Late,
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
