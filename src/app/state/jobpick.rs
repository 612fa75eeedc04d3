//! The job chooser's state: a new task's form waiting for its job.

use tui_input::Input;

use crate::app::form::Form;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Typing a job number or a customer's name.
    Query,
    /// The customers found for `text`.
    Customers { text: String },
    /// The active jobs of a customer.
    Jobs { customer_id: i64, customer: String },
}

#[derive(Clone, Debug)]
pub struct JobChooser {
    /// The new task's form, opened once the job is known.
    pub form: Form,
    pub input: Input,
    pub stage: Stage,
    /// The highlighted row of the list shown.
    pub cursor: usize,
    pub error: Option<String>,
}

impl JobChooser {
    /// Asks the job of `form`, a new task's.
    pub fn new(form: Form) -> JobChooser {
        JobChooser {
            form,
            input: Input::default(),
            stage: Stage::Query,
            cursor: 0,
            error: None,
        }
    }
}
