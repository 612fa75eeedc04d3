//! The one error type of the Kickserv client, worded for a dispatcher.

use crate::textsafe;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// A 422's messages by the field they name, for a form to show each beside
/// its field. Messages about the record as a whole are under [`BASE`].
pub type FieldMessages = BTreeMap<String, Vec<String>>;

/// The field Rails files record-wide messages under.
pub const BASE: &str = "base";

/// Longest excerpt of a response body kept in an error, in characters.
pub const EXCERPT_CHARS: usize = 120;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("Kickserv refused the API token (401)")]
    Unauthorized,
    #[error("Kickserv refused access: the token's user lacks permission for this (403)")]
    Forbidden,
    #[error("Kickserv has no such record (404)")]
    NotFound,
    /// `messages` is the one-line text; `fields` the same messages by field.
    #[error("{}", validation_text(messages))]
    Validation {
        messages: Vec<String>,
        fields: FieldMessages,
    },
    #[error("{}", rate_limited_text(*retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// The body's excerpt goes to the log only (see [`Error::detail`]): a
    /// server's raw answer is no sentence for a dispatcher.
    #[error("Kickserv had a server error (HTTP {status}); details in the log")]
    Server { status: u16, excerpt: String },
    #[error("Kickserv answered with an unexpected status (HTTP {status}); details in the log")]
    Status { status: u16, excerpt: String },
    #[error("Kickserv did not answer in time")]
    Timeout,
    #[error("Kickserv is unreachable: {0}")]
    Network(String),
    #[error("Kickserv sent a response that could not be read; details in the log")]
    Decode { excerpt: String },
    /// A change was accepted (2xx status) but the answer's body was cut,
    /// malformed or too long: the change happened, so it must not be sent again.
    #[error("Kickserv accepted it, but its answer could not be read ({0})")]
    AnswerUnreadable(String),
    #[error("invalid Kickserv address: {0}")]
    InvalidBaseUrl(String),
    #[error("read-only mode: nothing is changed in Kickserv")]
    ReadOnly,
    /// The server repeated entries of earlier pages: its paging does not
    /// work, so the list could be short or endless. Nothing of it is used.
    #[error(
        "Kickserv sent entries again on page {page} of a list (its paging is not working); the list was not used"
    )]
    PagesRepeat { page: u32 },
    /// Two entries of one page share an id: which is the task cannot be told.
    #[error(
        "Kickserv listed two entries with the same id ({id}) on page {page} of a list; the list was not used"
    )]
    DuplicateIds { page: u32, id: i64 },
    /// A 422 to a read: the request (its filters) was refused; nothing was
    /// asked to change, so nothing did.
    #[error("{}", read_refused_text(messages))]
    ReadRefused { messages: Vec<String> },
    #[error("Kickserv sent an answer larger than {} MB; kickdesk stops reading there", limit / (1024 * 1024))]
    TooLarge { limit: usize },
}

impl Error {
    /// Whether a read may be tried again (mutations never are).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Timeout
                | Error::Network(_)
                | Error::Decode { .. }
        )
    }

    /// The wait the server asked for, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// What the one-line text leaves out for the log: the (redacted,
    /// sanitised) excerpt of the server's answer.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Server { excerpt, .. }
            | Error::Status { excerpt, .. }
            | Error::Decode { excerpt } => {
                Some(excerpt).filter(|e| !e.is_empty()).map(|e| e.as_str())
            }
            _ => None,
        }
    }

    /// Process exit code for the command-line subcommands.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Unauthorized | Error::Forbidden => 3,
            Error::Timeout | Error::Network(_) => 4,
            _ => 1,
        }
    }

    /// Classifies a non-2xx answer. `retry_after` comes from the header.
    pub fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> Error {
        match status {
            401 => Error::Unauthorized,
            403 => Error::Forbidden,
            404 => Error::NotFound,
            422 => {
                let (messages, fields) = validation(body);
                Error::Validation { messages, fields }
            }
            429 => Error::RateLimited { retry_after },
            500..=599 => Error::Server {
                status,
                excerpt: excerpt(body),
            },
            _ => Error::Status {
                status,
                excerpt: excerpt(body),
            },
        }
    }
}

fn validation_text(messages: &[String]) -> String {
    if messages.is_empty() {
        "Kickserv rejected the change (422)".to_string()
    } else {
        format!("Kickserv rejected the change: {}", messages.join("; "))
    }
}

fn read_refused_text(messages: &[String]) -> String {
    let why = if messages.is_empty() {
        String::new()
    } else {
        format!(": {}", messages.join("; "))
    };
    format!("Kickserv refused the request (422){why}; nothing was changed")
}

fn rate_limited_text(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(
            "Kickserv is limiting requests (429); retry in {} s",
            d.as_secs_f64().ceil() as u64
        ),
        None => "Kickserv is limiting requests (429)".to_string(),
    }
}

/// A short, printable excerpt of a response body: what [`crate::textsafe`]
/// flags (controls, escape sequences, bidi controls) never reaches a terminal, whitespace runs collapse, and
/// the text is cut at [`EXCERPT_CHARS`].
pub fn excerpt(body: &str) -> String {
    printable(body, EXCERPT_CHARS)
}

/// As [`excerpt`], but whole: for messages a user must read to the end.
pub fn clean(text: &str) -> String {
    printable(text, usize::MAX)
}

fn printable(body: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in body.chars() {
        if c.is_whitespace() {
            space = count > 0;
            continue;
        }
        let c = if !textsafe::is_safe(c) { '\u{FFFD}' } else { c };
        let needed = if space { 2 } else { 1 };
        if count + needed > limit {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Messages of a 422 body, read leniently from the shapes Rails apps use:
/// `{"errors": {"field": ["msg"]}}`, `{"errors": ["msg"]}`, `{"error": "msg"}`,
/// `{"message": "msg"}`, else the raw text.
pub fn validation_messages(body: &str) -> Vec<String> {
    validation(body).0
}

/// A 422 body read once into the one-line messages (field-prefixed) and the
/// same messages by field (unprefixed; those naming no field under [`BASE`]).
pub fn validation(body: &str) -> (Vec<String>, FieldMessages) {
    let mut pairs = Vec::new();
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => {
            for key in ["errors", "error", "message", "messages"] {
                if let Some(v) = map.get(key) {
                    collect_messages(None, v, &mut pairs);
                }
            }
            if pairs.is_empty() && !map.is_empty() {
                // An unknown shape: its fields as words, not raw JSON.
                collect_messages(None, &Value::Object(map), &mut pairs);
            }
        }
        Ok(v @ (Value::Array(_) | Value::String(_))) => collect_messages(None, &v, &mut pairs),
        _ => {
            let e = excerpt(body);
            if !e.is_empty() {
                pairs.push((None, e));
            }
        }
    }
    let mut messages = Vec::new();
    let mut fields = FieldMessages::new();
    for (field, msg) in pairs {
        let line = excerpt(&with_field(field.as_deref(), &msg));
        if line.is_empty() {
            continue;
        }
        messages.push(line);
        let field = field
            .map(|f| excerpt(&f))
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| BASE.to_string());
        if !msg.is_empty() {
            fields.entry(field).or_default().push(msg);
        }
    }
    (messages, fields)
}

/// Collects (field, sanitised message) pairs; the field is the innermost
/// object key above the message.
fn collect_messages(field: Option<&str>, v: &Value, out: &mut Vec<(Option<String>, String)>) {
    match v {
        Value::String(s) => out.push((field.map(str::to_string), excerpt(s))),
        Value::Array(items) => items.iter().for_each(|i| collect_messages(field, i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                collect_messages(Some(k), v, out);
            }
        }
        Value::Null => {}
        // Numbers and booleans print without JSON quoting.
        other => out.push((field.map(str::to_string), excerpt(&other.to_string()))),
    }
}

fn with_field(field: Option<&str>, msg: &str) -> String {
    match field {
        // Rails puts record-wide messages under "base".
        Some(f) if f != BASE => format!("{f} {msg}"),
        _ => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_are_prefixed_with_the_field() {
        let mut m = validation_messages(
            r#"{"errors": {"ends_at": ["must be after starts_at"], "base": ["Job is closed"]}}"#,
        );
        // Key order of a JSON object is not significant.
        m.sort();
        assert_eq!(m, vec!["Job is closed", "ends_at must be after starts_at"]);
    }

    #[test]
    fn list_error_message_and_raw_text_shapes() {
        assert_eq!(
            validation_messages(r#"{"errors": ["a", "b"]}"#),
            vec!["a", "b"]
        );
        assert_eq!(validation_messages(r#"{"error": "nope"}"#), vec!["nope"]);
        assert_eq!(
            validation_messages(r#"{"message": "bad date"}"#),
            vec!["bad date"]
        );
        assert_eq!(
            validation_messages("Invalid customer."),
            vec!["Invalid customer."]
        );
        assert_eq!(validation_messages(r#"{"what": 1}"#), vec!["what 1"]);
        assert_eq!(
            validation_messages(r#"{"what": {"when": ["soon", true]}}"#),
            vec!["when soon", "when true"]
        );
        assert!(validation_messages("").is_empty());
    }

    fn by_field(pairs: &[(&str, &[&str])]) -> FieldMessages {
        pairs
            .iter()
            .map(|(f, ms)| (f.to_string(), ms.iter().map(|m| m.to_string()).collect()))
            .collect()
    }

    #[test]
    fn field_messages_keep_their_field_for_a_form() {
        let (_, fields) = validation(
            r#"{"errors": {"ends_at": ["must be after starts_at", "is too late"],
                "base": ["Job is closed"]}}"#,
        );
        assert_eq!(
            fields,
            by_field(&[
                ("base", &["Job is closed"]),
                ("ends_at", &["must be after starts_at", "is too late"]),
            ])
        );
    }

    #[test]
    fn messages_naming_no_field_go_under_base() {
        let expect = |body: &str, msgs: &[&str]| {
            assert_eq!(validation(body).1, by_field(&[("base", msgs)]), "{body}");
        };
        expect(r#"{"errors": ["a", "b"]}"#, &["a", "b"]);
        expect(r#"{"error": "nope"}"#, &["nope"]);
        expect(r#"{"message": "bad date"}"#, &["bad date"]);
        expect("Invalid customer.", &["Invalid customer."]);
        expect(r#""just text""#, &["just text"]);
        assert!(validation("").1.is_empty());
        assert!(validation(r#"{"errors": {}}"#).1.is_empty());
    }

    #[test]
    fn field_messages_are_sanitised_like_the_line() {
        let (messages, fields) =
            validation(r#"{"errors": {"na\u001bme": ["bad\u001b[2J  value", "  "]}}"#);
        assert_eq!(
            messages,
            vec!["na\u{FFFD}me bad\u{FFFD}[2J value", "na\u{FFFD}me"]
        );
        assert_eq!(
            fields,
            by_field(&[("na\u{FFFD}me", &["bad\u{FFFD}[2J value"])])
        );
        let (_, fields) = validation(r#"{"what": {"when": ["soon", true]}}"#);
        assert_eq!(fields, by_field(&[("when", &["soon", "true"])]));
    }

    #[test]
    fn a_422_carries_both_the_line_and_the_fields() {
        let e = Error::from_status(
            422,
            r#"{"errors": {"ends_at": ["must be after starts_at"]}}"#,
            None,
        );
        assert_eq!(
            e,
            Error::Validation {
                messages: vec!["ends_at must be after starts_at".into()],
                fields: by_field(&[("ends_at", &["must be after starts_at"])]),
            }
        );
    }

    #[test]
    fn excerpt_replaces_controls_and_truncates() {
        assert_eq!(
            excerpt("a\x1b[31mred\x07\n\n  b"),
            "a\u{FFFD}[31mred\u{FFFD} b"
        );
        let long = "x".repeat(500);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("  padded  "), "padded");
    }

    #[test]
    fn status_classification_and_exit_codes() {
        assert_eq!(Error::from_status(401, "", None), Error::Unauthorized);
        assert_eq!(Error::from_status(403, "", None).exit_code(), 3);
        assert_eq!(Error::from_status(404, "", None), Error::NotFound);
        let limited = Error::from_status(429, "", Some(Duration::from_secs(7)));
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
        assert!(limited.is_retryable());
        assert_eq!(
            Error::from_status(503, "down", None),
            Error::Server {
                status: 503,
                excerpt: "down".into()
            }
        );
        assert_eq!(
            Error::from_status(409, "conflict", None),
            Error::Status {
                status: 409,
                excerpt: "conflict".into()
            }
        );
        assert!(!Error::from_status(409, "", None).is_retryable());
        assert_eq!(Error::Timeout.exit_code(), 4);
        assert_eq!(Error::Network("x".into()).exit_code(), 4);
        assert_eq!(Error::ReadOnly.exit_code(), 1);
    }

    #[test]
    fn a_server_body_stays_out_of_the_sentence_and_goes_to_the_detail() {
        let body = r#"{"status":500,"error":"Internal Server Error","trace":"x"}"#;
        let e = Error::from_status(500, body, None);
        let text = e.to_string();
        assert_eq!(
            text,
            "Kickserv had a server error (HTTP 500); details in the log"
        );
        assert!(!text.contains('{') && !text.contains("Internal"));
        assert_eq!(e.detail(), Some(excerpt(body).as_str()));
        let odd = Error::from_status(418, "<html>teapot</html>", None);
        assert!(odd.to_string().contains("HTTP 418"));
        assert!(!odd.to_string().contains("teapot"));
        assert_eq!(Error::Unauthorized.detail(), None);
    }

    #[test]
    fn clean_keeps_the_whole_text() {
        let long = "y".repeat(500);
        assert_eq!(clean(&long), long);
        assert_eq!(clean("a\x1bb"), "a\u{FFFD}b");
    }

    #[test]
    fn display_reads_like_a_sentence() {
        let v = Error::from_status(
            422,
            r#"{"errors":{"ends_at":["must be after starts_at"]}}"#,
            None,
        );
        assert_eq!(
            v.to_string(),
            "Kickserv rejected the change: ends_at must be after starts_at"
        );
        assert_eq!(
            Error::Unauthorized.to_string(),
            "Kickserv refused the API token (401)"
        );
        assert_eq!(
            Error::Network("connection refused".into()).to_string(),
            "Kickserv is unreachable: connection refused"
        );
        assert_eq!(
            Error::RateLimited {
                retry_after: Some(Duration::from_millis(1500))
            }
            .to_string(),
            "Kickserv is limiting requests (429); retry in 2 s"
        );
    }
}
