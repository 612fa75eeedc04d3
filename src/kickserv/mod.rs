//! Kickserv JSON API: typed model, HTTP client, errors. Knows nothing of terminals.
pub mod client;
pub mod error;
mod gate;
pub mod model;
pub mod redact;
mod scan;
pub mod tls;

pub use client::{Client, ClientConfig, TaskQuery, Token};
pub use error::Error;
