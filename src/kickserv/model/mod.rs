//! Typed Kickserv records, tolerant by construction.
//!
//! Most of the task shape is inferred (see the API reference), so every field
//! but `id` is optional, malformed values degrade to `None` instead of failing
//! the whole record, unknown keys survive in `extra`, and the secrets that
//! full employee objects carry are skipped while parsing: they never exist in
//! memory as values.

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::redact;

/// Keys that are never deserialised, kept, logged or cached (besides every
/// key [`redact::is_secret_key`] recognises, at any depth).
pub const SECRET_KEYS: &[&str] = &[
    "encrypted_password",
    "password_salt",
    "remember_token",
    "remember_me_token_expires_at",
    "password",
    "api_token",
];

/// Unknown keys of a record, minus secrets, kept verbatim but compactly:
/// as the JSON text of an object (a parsed map costs several times as
/// much memory, and a board holds thousands of records).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra(Option<Box<str>>);

impl Extra {
    /// The unknown keys as a map (parsed on demand).
    pub fn map(&self) -> Map<String, Value> {
        self.0
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.map().remove(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.map().contains_key(key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The JSON text of the unknown keys, `{}` when there are none.
    pub fn as_json(&self) -> &str {
        self.0.as_deref().unwrap_or("{}")
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(m: Map<String, Value>) -> Self {
        if m.is_empty() {
            return Extra(None);
        }
        Extra(serde_json::to_string(&m).ok().map(String::into_boxed_str))
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Extra, A::Error> {
                let mut out = Map::new();
                while let Some(k) = m.next_key::<String>()? {
                    if SECRET_KEYS.contains(&k.as_str()) || redact::is_secret_key(&k) {
                        m.next_value::<IgnoredAny>()?;
                    } else {
                        // Secrets nested in unknown keys (a full employee under
                        // `created_by`, arrays of them) go too.
                        let mut v: Value = m.next_value()?;
                        redact::strip_secrets(&mut v);
                        out.insert(k, v);
                    }
                }
                Ok(Extra::from(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map().serialize(s)
    }
}

mod contact;
mod customer;
mod employee;
mod glue;
mod job;
pub mod lenient;
mod listing;
mod status;
mod task;
mod writes;

pub use contact::*;
pub use customer::*;
pub use employee::*;
pub use glue::*;
pub use job::*;
pub use listing::*;
pub use status::*;
pub use task::*;
pub use writes::*;
