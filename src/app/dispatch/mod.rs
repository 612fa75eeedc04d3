//! Keyboard dispatch: moving, reassigning and resizing tasks in a staged
//! copy that is sent only on Enter (`moves`), with the time arithmetic
//! kept pure and zone-aware (`shift`); "running late" shifts an
//! employee's remaining day (`late`).

pub mod alerts;
pub mod free;
pub mod late;
pub mod moves;
pub mod queue;
pub mod shift;
