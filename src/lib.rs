//! kickdesk: a terminal dispatch board for Kickserv.
//!
//! Data flows one way:
//! terminal, signals, clock, results → `app::Msg` → `app::update` → `app::Cmd`
//! → `runtime` runs it → `Msg`. `ui::view` draws the `app::model::Model`.
pub mod agenda;
pub mod app;
pub mod base_url;
pub mod cli;
pub mod config;
pub mod heap;
pub mod kickserv;
pub mod launch;
pub mod logging;
pub mod manual;
pub mod runtime;
pub mod schedule;
pub mod serve;
pub mod sim;
#[cfg(test)]
mod testdir;
pub mod textsafe;
pub mod ui;
