//! kickdesk: a terminal dispatch board for Kickserv.
//!
//! Data flows one way (see the design notes in the README):
//! terminal/timers/results → `app::Msg` → `app::update` → `app::Cmd` → `runtime` → `Msg`.
pub mod kickserv;
pub mod schedule;
