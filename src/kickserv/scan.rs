//! Splits a list answer into its entries at the byte level, without
//! building a `serde_json::Value` of the whole page: each entry is then
//! parsed on its own, so one unreadable entry (invalid UTF-8, nesting past
//! the parser's depth) costs that entry only, and a page never exists twice
//! in memory.
//!
//! Only the structure is checked here (strings, escapes, brackets, commas);
//! the content of each entry is the parser's business.

use std::ops::Range;

/// Where the records of an answer are.
#[derive(Debug, PartialEq, Eq)]
pub enum Shape {
    /// Empty body or `null`.
    Nothing,
    /// The entries of a list, in order.
    List(Vec<Range<usize>>),
    /// One object that is not an envelope.
    One(Range<usize>),
    /// A scalar where records were expected.
    Scalar,
}

/// The body is not JSON (cut short, garbage, unbalanced).
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Finds the records of a list answer: a bare array, or an envelope such as
/// `{"tasks": [...]}` (a known key, or a lone key holding an array or object).
pub fn list(body: &[u8], keys: &[&str]) -> Result<Shape, Malformed> {
    let start = skip_ws(body, 0);
    if start == body.len() {
        return Ok(Shape::Nothing);
    }
    let end = value_end(body, start)?;
    if skip_ws(body, end) != body.len() {
        return Err(Malformed);
    }
    shape_of(body, start..end, keys, true)
}

fn shape_of(body: &[u8], r: Range<usize>, keys: &[&str], top: bool) -> Result<Shape, Malformed> {
    match body[r.start] {
        b'[' => elements(body, r.start).map(Shape::List),
        b'{' => {
            let members = members(body, r.start)?;
            if !top || members.iter().any(|(k, _)| k == "id") {
                return Ok(Shape::One(r));
            }
            let nested = |v: &Range<usize>| matches!(body[v.start], b'[' | b'{');
            let inner = keys
                .iter()
                .find_map(|k| members.iter().find(|(name, v)| name == k && nested(v)))
                .or_else(|| {
                    members
                        .first()
                        .filter(|(_, v)| members.len() == 1 && nested(v))
                });
            match inner {
                Some((_, v)) => shape_of(body, v.clone(), keys, false),
                None => Ok(Shape::One(r)),
            }
        }
        _ if &body[r.clone()] == b"null" => Ok(Shape::Nothing),
        _ => match serde_json::from_slice::<serde::de::IgnoredAny>(&body[r]) {
            Ok(_) => Ok(Shape::Scalar),
            Err(_) => Err(Malformed),
        },
    }
}

/// The ranges of the values of the array that opens at `open`.
fn elements(b: &[u8], open: usize) -> Result<Vec<Range<usize>>, Malformed> {
    let mut out = Vec::new();
    let mut i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b']') {
        return Ok(out);
    }
    loop {
        let end = value_end(b, i)?;
        out.push(i..end);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Ok(out),
            _ => return Err(Malformed),
        }
    }
}

/// The (key, value range) pairs of the object that opens at `open`.
fn members(b: &[u8], open: usize) -> Result<Vec<(String, Range<usize>)>, Malformed> {
    let mut out = Vec::new();
    let mut i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b'}') {
        return Ok(out);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return Err(Malformed);
        }
        let key_end = string_end(b, i)?;
        // A key that does not decode matches no known key.
        let key = serde_json::from_slice::<String>(&b[i..key_end]).unwrap_or_default();
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return Err(Malformed);
        }
        i = skip_ws(b, i + 1);
        let end = value_end(b, i)?;
        out.push((key, i..end));
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return Ok(out),
            _ => return Err(Malformed),
        }
    }
}

/// One past the end of the value that starts at `i`. Brackets are counted,
/// not matched by kind: a mismatch inside an entry is the parser's to find.
fn value_end(b: &[u8], mut i: usize) -> Result<usize, Malformed> {
    match b.get(i) {
        None => Err(Malformed),
        Some(b'"') => string_end(b, i),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            while let Some(&c) = b.get(i) {
                match c {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err(Malformed)
        }
        Some(b']' | b'}' | b',' | b':') => Err(Malformed),
        Some(_) => {
            let start = i;
            while let Some(&c) = b.get(i) {
                if matches!(c, b',' | b']' | b'}' | b':' | b'"' | b'[' | b'{')
                    || c.is_ascii_whitespace()
                {
                    break;
                }
                i += 1;
            }
            if i == start { Err(Malformed) } else { Ok(i) }
        }
    }
}

/// One past the closing quote of the string that opens at `open`.
fn string_end(b: &[u8], open: usize) -> Result<usize, Malformed> {
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(Malformed)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(body: &'a [u8], keys: &[&str]) -> Vec<&'a [u8]> {
        match list(body, keys) {
            Ok(Shape::List(r)) => r.into_iter().map(|r| &body[r]).collect(),
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn bare_and_enveloped_lists() {
        let body = br#" [ {"id": 1, "n": "a,]}\"{"}, 7 ,"x" , [1,[2]], null ] "#;
        assert_eq!(
            parts(body, &["tasks"]),
            vec![
                &br#"{"id": 1, "n": "a,]}\"{"}"#[..],
                b"7",
                br#""x""#,
                b"[1,[2]]",
                b"null"
            ]
        );
        let wrapped = br#"{"total": 2, "tasks": [{"id": 1}, {"id": 2}]}"#;
        assert_eq!(
            parts(wrapped, &["tasks"]),
            vec![&br#"{"id": 1}"#[..], br#"{"id": 2}"#]
        );
        let lone = br#"{"data": [{"id": 4}]}"#;
        assert_eq!(parts(lone, &["tasks"]), vec![&br#"{"id": 4}"#[..]]);
        assert_eq!(list(b"[]", &[]), Ok(Shape::List(vec![])));
    }

    #[test]
    fn records_nothing_and_scalars() {
        assert_eq!(list(b"  ", &[]), Ok(Shape::Nothing));
        assert_eq!(list(b"null", &[]), Ok(Shape::Nothing));
        assert_eq!(list(b"5", &[]), Ok(Shape::Scalar));
        let one = br#"{"id": 3, "tasks": [1]}"#;
        assert_eq!(list(one, &["tasks"]), Ok(Shape::One(0..one.len())));
        let env = br#"{"task": {"id": 9}}"#;
        assert_eq!(list(env, &["task"]), Ok(Shape::One(9..18)));
    }

    #[test]
    fn entries_with_bad_bytes_or_depth_are_still_split() {
        let mut body = br#"[{"id": 1, "name": ""#.to_vec();
        body.extend_from_slice(b"\xff\xfe");
        body.extend_from_slice(br#""}, {"id": 2, "deep": "#);
        body.extend(std::iter::repeat_n(b'[', 500));
        body.extend(std::iter::repeat_n(b']', 500));
        body.extend_from_slice(br#"}, {"id": 3}]"#);
        let p = parts(&body, &[]);
        assert_eq!(p.len(), 3);
        assert_eq!(p[2], br#"{"id": 3}"#);
    }

    #[test]
    fn broken_structure_is_malformed() {
        for bad in [
            &b"[{\"id\": 1}, {\"id\": 2"[..],
            b"[{\"id\": 1}<!-- upstream timeout -->",
            b"[1 2]",
            b"[1,]",
            b"{\"a\" 1}",
            b"\"unterminated",
            b"[1] trailing",
            b"<html>maintenance</html>",
        ] {
            assert_eq!(
                list(bad, &[]),
                Err(Malformed),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
