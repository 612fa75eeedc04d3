//! The check of each value, one function per kind of key, used by the
//! file's schema (as serde `deserialize_with` functions, so an error keeps
//! the value's place in the file) and by the environment and flags.

use super::sets::SetEntry;
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::de::{Deserialize, Deserializer, Error};
use std::time::Duration;

use crate::kickserv::client::MAX_PAGES_IN_FLIGHT;

/// Polling faster than this would hammer the API for no visible gain.
pub const MIN_POLL_SECS: u64 = 5;
/// Longer than an hour is no longer a live board, and huge values overflow dates.
pub const MAX_POLL_SECS: u64 = 3600;
/// Up to a year: each day of look-back makes a session's first fetch longer.
pub const MAX_TASK_DAYS_LIMIT: u32 = 366;

// ---- serde side: the value's type, then its check ----

fn value<'de, D: Deserializer<'de>>(d: D) -> Result<toml::Value, D::Error> {
    toml::Value::deserialize(d)
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match value(d)? {
        toml::Value::String(s) => Ok(s),
        other => Err(D::Error::custom(format!(
            "expected a string, got {}",
            other.type_str()
        ))),
    }
}

fn whole<'de, D: Deserializer<'de>>(d: D, what: &str) -> Result<i64, D::Error> {
    match value(d)? {
        toml::Value::Integer(n) => Ok(n),
        other => Err(D::Error::custom(format!(
            "expected {what}, got {}",
            other.type_str()
        ))),
    }
}

fn checked<T, E: Error>(r: Result<T, String>) -> Result<Option<T>, E> {
    r.map(Some).map_err(E::custom)
}

pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match value(d)? {
        toml::Value::Boolean(b) => Ok(Some(b)),
        other => Err(D::Error::custom(format!(
            "expected true or false, got {}",
            other.type_str()
        ))),
    }
}

pub fn base_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked(check_base_url(&text(d)?))
}

pub fn account<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked(check_account(&text(d)?))
}

pub fn command<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = text(d)?;
    checked(if s.trim().is_empty() {
        Err("must not be empty".to_string())
    } else {
        Ok(s)
    })
}

/// A path: only its type here; where it points depends on the file's place
/// and HOME (see `Source::path`).
pub fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
}

/// `serve`'s address to listen on: `HOST:PORT`, an IP address.
pub fn listen<'de, D: Deserializer<'de>>(d: D) -> Result<Option<std::net::SocketAddr>, D::Error> {
    checked(check_listen(&text(d)?))
}

pub fn check_listen(s: &str) -> Result<std::net::SocketAddr, String> {
    s.trim().parse().map_err(|_| {
        format!("{s:?} is not an address to listen on, such as 127.0.0.1:2222 or [::1]:2222")
    })
}

pub fn profile<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = text(d)?;
    checked(if s.trim().is_empty() {
        Err("must not be empty".to_string())
    } else {
        Ok(s)
    })
}

pub fn theme<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked(check_theme(&text(d)?))
}

pub fn tz<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Tz>, D::Error> {
    checked(check_tz(&text(d)?))
}

pub fn poll<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    checked(check_poll(i128::from(whole(d, "whole seconds")?)))
}

pub fn token_command_timeout<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Duration>, D::Error> {
    checked(check_token_command_timeout(whole(d, "whole seconds")?))
}

pub fn time_of_day<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
    checked(parse_hm(&text(d)?))
}

pub fn weekday<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Weekday>, D::Error> {
    checked(parse_weekday(&text(d)?))
}

pub fn max_task_days<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(check_max_task_days(whole(d, "whole days")?))
}

pub fn move_step_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(
        check_minutes(whole(d, "whole minutes")?, 4 * 60).and_then(|n| {
            if n == 0 {
                Err("must be at least 1 minute (got 0)".to_string())
            } else {
                Ok(n)
            }
        }),
    )
}

pub fn late_grace_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(check_minutes(whole(d, "whole minutes")?, 24 * 60))
}

pub fn not_closed_after_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(check_minutes(whole(d, "whole minutes")?, 7 * 24 * 60))
}

/// Minutes from 0 to `max`.
pub fn check_minutes(n: i64, max: u32) -> Result<u32, String> {
    match u32::try_from(n) {
        Ok(m) if m <= max => Ok(m),
        _ => Err(format!("must be between 0 and {max} minutes (got {n})")),
    }
}

pub fn pages_in_flight<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    checked(check_pages_in_flight(whole(d, "a whole number of pages")?))
}

/// A list of non-empty strings, e.g. `["invoiced", "closed"]`.
pub fn statuses<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let items = match value(d)? {
        toml::Value::Array(items) => items,
        other => {
            return Err(D::Error::custom(format!(
                "expected a list of status names, got {}",
                other.type_str()
            )));
        }
    };
    items
        .iter()
        .map(|i| match i {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            other => Err(D::Error::custom(format!(
                "expected status names (strings), got {}",
                match other {
                    toml::Value::String(_) => "an empty string",
                    other => other.type_str(),
                }
            ))),
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// `[filters]` entries: `name = [3, "#12", "Ana Gómez"]`: employee ids,
/// numbers or names (see `config::sets`).
#[derive(Debug)]
pub struct EmployeeIds(pub Vec<SetEntry>);

impl<'de> Deserialize<'de> for EmployeeIds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ids = match value(d)? {
            toml::Value::Array(ids) => ids,
            other => {
                return Err(D::Error::custom(format!(
                    "expected a list of employee ids, numbers or names, got {}",
                    other.type_str()
                )));
            }
        };
        ids.iter()
            .map(|i| SetEntry::from_toml(i).map_err(D::Error::custom))
            .collect::<Result<_, _>>()
            .map(EmployeeIds)
    }
}

// ---- the checks themselves, shared with the environment and flags ----

/// `https://host[:port][/prefix]`; plain `http://` only for loopback hosts,
/// so a token is never sent in clear over a network. The rule is
/// [`crate::base_url`]'s, the client's own.
pub fn check_base_url(raw: &str) -> Result<String, String> {
    use crate::base_url::Refusal;
    match crate::base_url::check(raw) {
        Ok(_) => Ok(raw.trim().trim_end_matches('/').to_string()),
        Err(Refusal::Scheme) => Err(format!("must start with https:// (got `{raw}`)")),
        Err(Refusal::Spaces | Refusal::QueryOrFragment(_)) => Err(format!(
            "must be a plain base address without spaces, query or fragment (got `{raw}`)"
        )),
        Err(Refusal::Credentials) => Err("must not contain a user name or password".to_string()),
        Err(Refusal::NoHost) => Err(format!("has no host name (got `{raw}`)")),
        // The text may hold credentials when it has an `@`; don't echo it then.
        Err(Refusal::Unreadable(e)) if raw.contains('@') => {
            Err(format!("is not a valid address ({e})"))
        }
        Err(Refusal::Unreadable(e)) => Err(format!("is not a valid address ({e}; got `{raw}`)")),
        Err(Refusal::PlainHttp(_)) => Err(format!(
            "plain http:// is only allowed for loopback addresses; use https:// (got `{raw}`)"
        )),
    }
}

/// The account slug becomes a URL path segment.
pub fn check_account(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let ok = !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "must be the account's slug (letters, digits, `-`, `_`, `.`), got `{raw}`"
        ))
    }
}

/// The built-in themes' names.
pub const THEMES: &[&str] = &["dark", "light", "high-contrast"];

/// A built-in theme's name, or one a user's theme file may have (letters,
/// digits, `-`, `_`); whether that file exists is checked once the config
/// directory is known (see `Config::load`).
pub fn check_theme(raw: &str) -> Result<String, String> {
    let name = raw.trim().to_ascii_lowercase();
    let plausible = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match plausible {
        true => Ok(name),
        false => Err(unknown_theme(raw)),
    }
}

pub fn unknown_theme(raw: &str) -> String {
    format!(
        "unknown theme `{raw}` (one of: {}, or a file themes/NAME.toml beside the config file)",
        THEMES.join(", ")
    )
}

pub fn check_tz(raw: &str) -> Result<Tz, String> {
    raw.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone `{raw}` (use an IANA name such as `America/Chicago`)")
    })
}

/// Takes any integer a file or flag can hold, so the error quotes it exactly.
pub fn check_poll(n: i128) -> Result<Duration, String> {
    match u64::try_from(n) {
        Ok(s) if s < MIN_POLL_SECS => Err(format!(
            "must be at least {MIN_POLL_SECS} seconds (got {n})"
        )),
        Ok(s) if s <= MAX_POLL_SECS => Ok(Duration::from_secs(s)),
        Ok(_) => Err(format!(
            "must be at most {MAX_POLL_SECS} seconds, one hour (got {n})"
        )),
        Err(_) => Err(format!(
            "must be at least {MIN_POLL_SECS} seconds (got {n})"
        )),
    }
}

/// The longest `token_command_timeout`, in seconds.
pub const MAX_TOKEN_COMMAND_SECS: u64 = 600;

pub fn check_token_command_timeout(n: i64) -> Result<Duration, String> {
    match u64::try_from(n) {
        Ok(s) if (1..=MAX_TOKEN_COMMAND_SECS).contains(&s) => Ok(Duration::from_secs(s)),
        _ => Err(format!(
            "must be between 1 and {MAX_TOKEN_COMMAND_SECS} seconds (got {n})"
        )),
    }
}

pub fn check_max_task_days(n: i64) -> Result<u32, String> {
    match u32::try_from(n) {
        Ok(d) if (1..=MAX_TASK_DAYS_LIMIT).contains(&d) => Ok(d),
        _ => Err(format!(
            "must be between 1 and {MAX_TASK_DAYS_LIMIT} days (got {n})"
        )),
    }
}

pub fn check_pages_in_flight(n: i64) -> Result<usize, String> {
    match usize::try_from(n) {
        Ok(p) if (1..=MAX_PAGES_IN_FLIGHT).contains(&p) => Ok(p),
        _ => Err(format!(
            "must be between 1 and {MAX_PAGES_IN_FLIGHT} pages (got {n})"
        )),
    }
}

pub fn parse_hm(raw: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| format!("expected a time as HH:MM, got `{raw}`"))
}

pub fn parse_weekday(raw: &str) -> Result<Weekday, String> {
    raw.trim().parse::<Weekday>().map_err(|_| {
        format!("expected a day of the week such as `monday` or `sunday`, got `{raw}`")
    })
}

/// Trims and checks a token; the message completes "<source> ...".
pub fn check_token(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err("gave an empty token".to_string());
    }
    if t.chars().any(char::is_control) {
        return Err("gave more than one line; the token must be a single line".to_string());
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    #[test]
    fn base_url_rules() {
        assert_eq!(
            check_base_url("https://app.kickserv.com/").as_deref(),
            Ok("https://app.kickserv.com")
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8787").as_deref(),
            Ok("http://127.0.0.1:8787")
        );
        assert_eq!(
            check_base_url("http://localhost:8787/").as_deref(),
            Ok("http://localhost:8787")
        );
        assert_eq!(
            check_base_url("http://[::1]:9").as_deref(),
            Ok("http://[::1]:9")
        );
        assert!(check_base_url("http://example.com").is_err());
        assert!(check_base_url("http://127.0.0.1.example.com").is_err());
        assert!(check_base_url("ftp://example.com").is_err());
        assert!(check_base_url("https://").is_err());
        assert!(check_base_url("https://u:p@example.com").is_err());
        assert!(check_base_url("https://example.com/?x=1").is_err());
    }

    #[test]
    fn account_slug_rules() {
        assert_eq!(check_account(" demo ").as_deref(), Ok("demo"));
        assert_eq!(
            check_account("acme-plumbing_2").as_deref(),
            Ok("acme-plumbing_2")
        );
        for bad in ["", "..", "a/b", "a b", "x?y"] {
            assert!(check_account(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn small_parsers() {
        assert_eq!(parse_hm("07:30"), Ok(hm(7, 30)));
        assert!(parse_hm("7am").is_err());
        assert!(parse_hm("25:00").is_err());
        assert_eq!(parse_weekday("Sunday"), Ok(Weekday::Sun));
        assert_eq!(parse_weekday("mon"), Ok(Weekday::Mon));
        assert!(parse_weekday("someday").is_err());
        assert_eq!(check_poll(5), Ok(Duration::from_secs(5)));
        assert_eq!(
            check_poll(4),
            Err("must be at least 5 seconds (got 4)".to_string())
        );
        assert!(check_poll(-1).is_err());
        assert_eq!(check_poll(3600), Ok(Duration::from_secs(3600)));
        assert_eq!(
            check_poll(3601),
            Err("must be at most 3600 seconds, one hour (got 3601)".to_string())
        );
        assert_eq!(check_token("  abc\n"), Ok("abc".to_string()));
        assert!(check_token("abc\ndef").is_err());
        assert!(check_token(" \n").is_err());
    }
}
