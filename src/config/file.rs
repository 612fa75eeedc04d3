//! The config file's schema, read through serde, and where in the text a
//! key is (for errors that name the line).
//!
//! The top level and each `[profiles.NAME]` share [`Settings`]; serde
//! refuses unknown keys, and each value is checked while it is read, so
//! every error comes back with the place of the value at fault. What cannot
//! be checked alone (the working hours as a pair, `[keys]`, paths) is found
//! again in the text by its key path.

use super::check::{self, EmployeeIds};
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::time::Duration;
use toml::de::{DeTable, DeValue};

/// One table of settings: the file's top level or a profile. Each value is
/// checked as it is read (see `check`); adding a key is a field here, its
/// check, and where it lands in `Config` (`Source::apply`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct Settings {
    #[serde(deserialize_with = "check::base_url")]
    pub base_url: Option<String>,
    #[serde(deserialize_with = "check::account")]
    pub account: Option<String>,
    #[serde(deserialize_with = "check::command")]
    pub token_command: Option<String>,
    #[serde(deserialize_with = "check::path")]
    pub token_file: Option<String>,
    #[serde(deserialize_with = "check::token_command_timeout")]
    pub token_command_timeout: Option<Duration>,
    #[serde(deserialize_with = "check::flag")]
    pub read_only: Option<bool>,
    #[serde(deserialize_with = "check::flag")]
    pub monitor: Option<bool>,
    #[serde(deserialize_with = "check::flag")]
    pub color: Option<bool>,
    #[serde(deserialize_with = "check::theme")]
    pub theme: Option<String>,
    #[serde(deserialize_with = "check::tz")]
    pub tz: Option<Tz>,
    #[serde(deserialize_with = "check::poll")]
    pub poll: Option<Duration>,
    #[serde(deserialize_with = "check::time_of_day")]
    pub day_start: Option<NaiveTime>,
    #[serde(deserialize_with = "check::time_of_day")]
    pub day_end: Option<NaiveTime>,
    #[serde(deserialize_with = "check::weekday")]
    pub week_start: Option<Weekday>,
    #[serde(deserialize_with = "check::flag")]
    pub hide_weekend: Option<bool>,
    #[serde(deserialize_with = "check::path")]
    pub log_file: Option<String>,
    #[serde(deserialize_with = "check::max_task_days")]
    pub max_task_days: Option<u32>,
    #[serde(deserialize_with = "check::flag")]
    pub warn_long_tasks: Option<bool>,
    #[serde(deserialize_with = "check::move_step_minutes")]
    pub move_step_minutes: Option<u32>,
    #[serde(deserialize_with = "check::pages_in_flight")]
    pub pages_in_flight: Option<usize>,
    #[serde(deserialize_with = "check::statuses")]
    pub finished_statuses: Option<Vec<String>>,
    #[serde(deserialize_with = "check::late_grace_minutes")]
    pub late_grace_minutes: Option<u32>,
    #[serde(deserialize_with = "check::not_closed_after_minutes")]
    pub not_closed_after_minutes: Option<u32>,
    /// `[keys]` and `[keys.<context>]`, checked by the keymap.
    pub keys: Option<toml::Table>,
    /// `[filters]`: saved sets of employee ids, in file order.
    pub filters: Option<Ordered<EmployeeIds>>,
    /// `[serve]`: what `kickdesk serve` takes from the file.
    pub serve: Option<ServeSettings>,
    /// Only at the top level; a profile that holds one is refused.
    pub profiles: Option<Ordered<Settings>>,
}

/// The `[serve]` table: the server's own options, and the board's options
/// that apply to every served board (over the top level's).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct ServeSettings {
    #[serde(deserialize_with = "check::listen")]
    pub listen: Option<std::net::SocketAddr>,
    #[serde(deserialize_with = "check::path")]
    pub authorized_keys: Option<String>,
    #[serde(deserialize_with = "check::path")]
    pub host_key: Option<String>,
    #[serde(deserialize_with = "check::base_url")]
    pub base_url: Option<String>,
    #[serde(deserialize_with = "check::account")]
    pub account: Option<String>,
    #[serde(deserialize_with = "check::tz")]
    pub tz: Option<Tz>,
    #[serde(deserialize_with = "check::poll")]
    pub poll: Option<Duration>,
    #[serde(deserialize_with = "check::profile")]
    pub profile: Option<String>,
}

/// Every key [`Settings`] accepts, as serde knows them (the example config
/// must document each one).
pub fn keys() -> &'static [&'static str] {
    struct Names(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut Names {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only the field names are wanted"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(de::Error::custom("only the field names are wanted"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut names = Names(&[]);
    let _ = Settings::deserialize(&mut names);
    names.0
}

/// A table read as (name, value) pairs in file order.
#[derive(Debug)]
pub(super) struct Ordered<T>(pub Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A problem found while reading the file: the byte range it is about and
/// the key path, when known.
#[derive(Debug)]
pub(super) struct FileError {
    pub span: Option<Range<usize>>,
    pub key: Option<String>,
    pub message: String,
}

/// Parses the whole file into the schema.
pub(super) fn parse(text: &str) -> Result<Settings, FileError> {
    toml::from_str::<Settings>(text).map_err(|e| {
        // Read again, with spans, only to name the key at fault (a broken
        // file is read as far as it goes).
        let (doc, syntax) = DeTable::parse_recoverable(text);
        let (span, message) = match syntax.first() {
            Some(s) => (
                s.span().or(e.span()),
                format!("not valid TOML: {}", s.message().trim_end()),
            ),
            None => (e.span(), plain(e.message())),
        };
        let key = span.as_ref().and_then(|s| {
            key_at(doc.get_ref(), s.start, &mut Vec::new()).or_else(|| key_on_line(text, s.start))
        });
        FileError { span, key, message }
    })
}

/// The bare key a broken line starts with (`tz = = 3`), which a partial
/// read of the file does not keep.
fn key_on_line(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    (!key.is_empty() && key.chars().all(bare)).then(|| key.to_string())
}

/// The path of the innermost key whose name or value holds `offset`.
fn key_at(t: &DeTable, offset: usize, path: &mut Vec<String>) -> Option<String> {
    for (k, v) in t {
        path.push(k.get_ref().to_string());
        if let DeValue::Table(sub) = v.get_ref()
            && let Some(found) = key_at(sub, offset, path)
        {
            return Some(found);
        }
        if k.span().contains(&offset) || v.span().contains(&offset) {
            return Some(path.join("."));
        }
        path.pop();
    }
    None
}

/// Where a key path is in the text: its key, or the deepest table on the
/// way to it that is there.
pub(super) fn span_of(text: &str, path: &[&str]) -> Option<Range<usize>> {
    locate(text, path).map(|(span, _)| span)
}

/// [`span_of`], and whether the whole path was found.
pub(super) fn locate(text: &str, path: &[&str]) -> Option<(Range<usize>, bool)> {
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut best = None;
    for (i, name) in path.iter().enumerate() {
        let Some((k, v)) = table.get_key_value(*name) else {
            break;
        };
        best = Some((k.span(), i + 1 == path.len()));
        match v.get_ref() {
            DeValue::Table(t) => table = t,
            _ => break,
        }
    }
    best
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// serde's wording, as a user of the file would put it.
fn plain(message: &str) -> String {
    let message = message.trim_end();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return match closest(name, keys()) {
            Some(known) => format!("unknown key `{name}` (did you mean `{known}`?)"),
            None => format!("unknown key `{name}` (known keys: {})", keys().join(", ")),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((got, want)) = rest.split_once(", expected ")
    {
        let got = match got {
            "sequence" => "array",
            "map" => "table",
            g => g,
        };
        let want = if want == "a map" { "a table" } else { want };
        return format!("expected {want}, got {got}");
    }
    message.to_string()
}

/// The known name a typo most likely meant: at most two edits away.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edits(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> FileError {
        match parse(text) {
            Ok(s) => panic!("parsed: {s:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn errors_carry_the_key_and_its_place() {
        let text = "poll = 30\n[profiles.work]\ncolour = false\n";
        let e = err(text);
        assert_eq!(e.key.as_deref(), Some("profiles.work.colour"));
        assert!(
            e.message.starts_with("unknown key `colour`"),
            "{}",
            e.message
        );
        let at = e.span.map(|s| line_col(text, s.start));
        assert_eq!(at, Some((3, 1)));

        let text = "\nread_only = \"yes\"\n";
        let e = err(text);
        assert_eq!(e.key.as_deref(), Some("read_only"));
        assert!(e.message.contains("true or false"), "{}", e.message);
        assert_eq!(e.span.map(|s| line_col(text, s.start)), Some((2, 13)));

        let e = err("[filters]\nnorth = [3, true]\n");
        assert_eq!(e.key.as_deref(), Some("filters.north"));
    }

    #[test]
    fn the_schema_lists_its_keys() {
        let k = keys();
        for key in [
            "base_url",
            "poll",
            "finished_statuses",
            "keys",
            "filters",
            "profiles",
        ] {
            assert!(k.contains(&key), "{key}: {k:?}");
        }
    }

    #[test]
    fn a_typo_is_answered_with_the_key_it_likely_meant() {
        let e = err("colour = true\n");
        assert_eq!(e.message, "unknown key `colour` (did you mean `color`?)");
        let e = err("frobnicate = 1\n");
        assert!(
            e.message
                .starts_with("unknown key `frobnicate` (known keys: base_url, "),
            "{}",
            e.message
        );
        assert_eq!(edits("pol", "poll"), 1);
        assert_eq!(edits("tz", "tz"), 0);
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_col("a = 1\nbé = 2", 10), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
