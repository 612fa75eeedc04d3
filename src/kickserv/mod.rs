//! Kickserv JSON API: typed model, HTTP client, errors. Knows nothing of terminals.
pub mod client;
mod earlier;
pub mod error;
mod gate;
pub mod model;
pub mod redact;
mod scan;
pub mod tls;

pub use client::{Client, ClientConfig, TaskQuery, Token};
pub use error::Error;

/// Where a user finds the API token in Kickserv: every message and the
/// README say it in these words (Kickserv calls it the user's API key;
/// only admins see it).
pub const TOKEN_PLACE: &str = "Settings → Manage Users → the user → API key";
