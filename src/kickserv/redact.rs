//! Keeping credentials out of everything kickdesk prints or logs: the API
//! token in every form a server might echo it (raw, base64, URL-encoded,
//! inside an `Authorization` value), and secret-looking keys in records.

use serde_json::Value;

const MASK: &str = "***";
/// Shorter encodings would mask ordinary words; the raw token is always masked.
const MIN_FORM: usize = 4;

/// Masks one token in every form it may come back in.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest first, so that a longer form is masked before a part of it.
    forms: Vec<String>,
}

impl Redactor {
    pub fn new(token: &str) -> Redactor {
        if token.is_empty() {
            return Redactor::default();
        }
        let pair = format!("{token}:{token}");
        let mut bases = vec![token.to_string()];
        for raw in [pair.as_bytes(), token.as_bytes()] {
            for alphabet in [STANDARD, URL_SAFE] {
                let b = base64(raw, alphabet);
                bases.push(b.trim_end_matches('=').to_string());
                bases.push(b);
            }
        }
        let mut forms = Vec::new();
        for b in bases {
            forms.push(percent(&b, true, false));
            forms.push(percent(&b, false, false));
            forms.push(percent(&b, true, true));
            forms.push(b.replace('/', "\\/"));
            forms.push(b);
        }
        forms.retain(|f| f == token || f.len() >= MIN_FORM);
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        forms.dedup();
        Redactor { forms }
    }

    /// Whether `raw` (JSON text) may hold a form of the token: one appears
    /// as it is, or a `\u` escape could spell one.
    pub fn may_be_in(&self, raw: &[u8]) -> bool {
        // Text that is not UTF-8 is no record at all (the parser refuses it).
        let Ok(text) = std::str::from_utf8(raw) else {
            return false;
        };
        let mut forms = self.record_forms().peekable();
        forms.peek().is_some() && (text.contains("\\u") || forms.any(|f| text.contains(f.as_str())))
    }

    /// The forms masked in records: a raw token shorter than the shortest
    /// encoding would mask ordinary words.
    fn record_forms(&self) -> impl Iterator<Item = &String> {
        self.forms.iter().filter(|f| f.len() >= MIN_FORM)
    }

    /// `text` with every form of the token masked (and nothing else: a
    /// record's text that says "authorization" is kept as it is).
    pub fn mask(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for f in self.record_forms() {
            let now = out.as_deref().unwrap_or(text);
            if now.contains(f.as_str()) {
                out = Some(now.replace(f.as_str(), MASK));
            }
        }
        out
    }

    /// Every string of `v`, keys included, with the token masked in every form.
    pub fn scrub(&self, v: &mut Value) {
        if self.forms.is_empty() {
            return;
        }
        match v {
            Value::String(s) => {
                if let Some(m) = self.mask(s) {
                    *s = m;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.scrub(i)),
            Value::Object(map) => {
                if map.keys().any(|k| self.mask(k).is_some()) {
                    let old = std::mem::take(map);
                    for (k, v) in old {
                        map.insert(self.mask(&k).unwrap_or(k), v);
                    }
                }
                map.values_mut().for_each(|i| self.scrub(i));
            }
            _ => {}
        }
    }

    /// `text` with every form of the token and every `Authorization` value masked.
    pub fn clean(&self, text: &str) -> String {
        let mut out = mask_authorization(text);
        for f in &self.forms {
            if out.contains(f.as_str()) {
                out = out.replace(f.as_str(), MASK);
            }
        }
        out
    }
}

/// Masks what follows each `Authorization` (any case, also `HTTP_AUTHORIZATION`
/// or `"authorization": "…"`) up to the end of the value.
pub fn mask_authorization(text: &str) -> String {
    const NAME: &str = "authorization";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(found) = lower[from..].find(NAME) {
        let name_end = from + found + NAME.len();
        out.push_str(&text[from..name_end]);
        // Separators between the name and its value: quotes, colon, equals, blanks.
        let rest = &text[name_end..];
        let mut sep = 0;
        loop {
            sep += rest[sep..]
                .find(|c: char| !matches!(c, '"' | '\'' | ':' | '=' | ' ' | '\t' | '\\' | '['))
                .unwrap_or(rest.len() - sep);
            // HTML between name and value (`</td><td>`): skip whole tags.
            match rest[sep..].strip_prefix('<').and_then(|r| r.find('>')) {
                Some(close) if close < 40 => sep += close + 2,
                _ => break,
            }
        }
        out.push_str(&rest[..sep]);
        let value = &rest[sep..];
        let len = value
            .find(|c: char| {
                matches!(
                    c,
                    '"' | '\'' | '\n' | '\r' | '<' | '&' | ',' | ';' | '}' | ']' | '\\'
                )
            })
            .unwrap_or(value.len());
        if len > 0 {
            out.push_str(MASK);
        }
        from = name_end + sep + len;
    }
    out.push_str(&text[from..]);
    out
}

/// Whether a record key names a credential: passwords, salts, tokens,
/// secrets, keys and their hashes, in any spelling of the words.
pub fn is_secret_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    const INSIDE: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "salt",
        "token",
        "secret",
        "apikey",
        "accesskey",
        "privatekey",
        "keyhash",
        "credential",
        "encrypted",
        "authorization",
    ];
    if INSIDE.iter().any(|w| squashed.contains(w)) {
        return true;
    }
    // Whole words only: `key`, `hash`, `pwd` inside other words are common.
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "key" | "hash" | "digest" | "pwd" | "otp"))
}

/// Drops secret-looking keys at any depth.
pub fn strip_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !is_secret_key(k));
            map.values_mut().for_each(strip_secrets);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_secrets),
        _ => {}
    }
}

/// Masks the values of secret-looking keys at any depth, keeping the keys:
/// for showing a record, where a missing key would look like no secret.
pub fn mask_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_key(k) {
                    *v = Value::String(MASK.to_string());
                } else {
                    mask_secrets(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64(data: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encoding of everything but RFC 3986's unreserved characters;
/// `plus` writes a space as `+` (form encoding).
fn percent(s: &str, upper: bool, plus: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b' ' if plus => out.push('+'),
            _ if upper => out.push_str(&format!("%{b:02X}")),
            _ => out.push_str(&format!("%{b:02x}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn base64_matches_the_header_reqwest_sends() {
        assert_eq!(base64(b"s3cret:s3cret", STANDARD), "czNjcmV0OnMzY3JldA==");
        assert_eq!(base64(b"ab", STANDARD), "YWI=");
        assert_eq!(base64(b"a", STANDARD), "YQ==");
        assert_eq!(base64(b"\xfb\xff", URL_SAFE), "-_8=");
    }

    #[test]
    fn every_form_of_the_token_is_masked() {
        let r = Redactor::new("to+k/en 1");
        let b64 = base64(b"to+k/en 1:to+k/en 1", STANDARD);
        let text = format!(
            "raw to+k/en 1, pct to%2Bk%2Fen%201, lower to%2bk%2fen%201, form to%2Bk%2Fen+1, b64 {b64}, unpadded {}, escaped {}, token b64 {}",
            b64.trim_end_matches('='),
            b64.replace('/', "\\/"),
            base64(b"to+k/en 1", STANDARD),
        );
        let out = r.clean(&text);
        assert!(
            !out.contains("to+k") && !out.contains("k%2") && !out.contains("k%2f"),
            "{out}"
        );
        assert!(!out.contains(b64.trim_end_matches('=')), "{out}");
        assert!(!out.contains(&base64(b"to+k/en 1", STANDARD)[..8]), "{out}");
    }

    #[test]
    fn authorization_values_are_masked_in_any_shape() {
        for text in [
            "Authorization: Basic Zm9vOmJhcg==\nHost: x",
            r#"{"HTTP_AUTHORIZATION":"Bearer abc.def"}"#,
            "authorization=Token xyz; path=/",
            "<td>Authorization</td><td>Basic Zm9vOmJhcg==</td>",
        ] {
            let out = mask_authorization(text);
            assert!(
                !out.contains("Zm9v") && !out.contains("abc.def") && !out.contains("xyz"),
                "{out}"
            );
            assert!(out.contains("***"), "{out}");
        }
        assert_eq!(mask_authorization("no header here"), "no header here");
        // Still JSON after masking.
        let out = mask_authorization(r#"{"authorization": "Basic Zm9v", "a": 1}"#);
        assert!(serde_json::from_str::<Value>(&out).is_ok(), "{out}");
    }

    #[test]
    fn secret_keys_by_name() {
        for k in [
            "encrypted_password",
            "password_salt",
            "remember_token",
            "api_key",
            "apiKey",
            "reset_password_token",
            "secret",
            "client_secret",
            "key",
            "api_key_hash",
            "password_digest",
            "crypted_password",
            "otp_secret",
            "private_key",
            "authentication_token",
            "authorization",
            "Authorization",
            "HTTP_AUTHORIZATION",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "name",
            "monkey_count",
            "keyword",
            "customer",
            "hashtag",
            "description",
            "job_number",
            "notes",
            "footprint",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn record_text_has_the_token_masked_and_nothing_else() {
        let r = Redactor::new("to+k/en 1");
        let b64 = base64(b"to+k/en 1:to+k/en 1", STANDARD);
        let mut v = json!({
            "description": "code to+k/en 1, authorization to enter granted",
            "to%2Bk%2Fen%201": [format!("Basic {b64}")],
            "n": 3,
        });
        assert!(r.may_be_in(v.to_string().as_bytes()));
        r.scrub(&mut v);
        assert_eq!(
            v,
            json!({
                "description": "code ***, authorization to enter granted",
                "***": ["Basic ***"],
                "n": 3,
            })
        );
        assert!(!r.may_be_in(br#"{"name": "plain"}"#));
        // A token too short to tell from a word is left alone in records.
        let short = Redactor::new("ab");
        let mut v = json!({"name": "Gabby"});
        short.scrub(&mut v);
        assert_eq!(v, json!({"name": "Gabby"}));
    }

    #[test]
    fn masked_secrets_keep_their_keys() {
        let mut v = json!({"a": {"api_key": "k", "n": 1}, "l": [{"password": "p"}]});
        mask_secrets(&mut v);
        assert_eq!(
            v,
            json!({"a": {"api_key": "***", "n": 1}, "l": [{"password": "***"}]})
        );
    }

    #[test]
    fn secrets_go_at_any_depth() {
        let mut v = json!({
            "created_by": {"id": 1, "encrypted_password": "h", "profile": {"api_key": "k"}},
            "crew": [[{"name": "a", "remember_token": "t"}]],
            "keep": "yes",
        });
        strip_secrets(&mut v);
        assert_eq!(
            v,
            json!({"created_by": {"id": 1, "profile": {}}, "crew": [[{"name": "a"}]], "keep": "yes"})
        );
    }
}
