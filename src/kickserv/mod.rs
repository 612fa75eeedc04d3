//! Kickserv JSON API: typed model, HTTP client, errors. Knows nothing of terminals.
pub mod model;
