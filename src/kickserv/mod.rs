//! Kickserv JSON API: typed model, HTTP client, errors. Knows nothing of terminals.
pub mod client;
pub mod error;
pub mod model;

pub use client::{Client, ClientConfig, TaskQuery, Token};
pub use error::Error;
