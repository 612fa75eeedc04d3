//! The keys that may connect: OpenSSH's `authorized_keys` format, with
//! kickdesk's own options before the key (`role`, `filter`, `theme`).

use russh::keys::{HashAlg, PublicKey};
use std::path::Path;

/// What a key may do on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The `--monitor` board: read-only, follows now.
    Monitor,
    /// Read-only, interactive.
    Viewer,
    /// May change things.
    Dispatcher,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Monitor => "monitor",
            Role::Viewer => "viewer",
            Role::Dispatcher => "dispatcher",
        }
    }

    /// Whether a session of this role may send a mutating request.
    pub fn may_change(self) -> bool {
        self == Role::Dispatcher
    }
}

/// One line of the file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: PublicKey,
    pub role: Role,
    /// A saved set (`[filters]` in the config) the board opens on.
    pub filter: Option<String>,
    pub theme: Option<String>,
    /// 1-based, for messages.
    pub line: usize,
}

impl Entry {
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }
}

pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The whole list; lookups compare the key material only (not comments).
#[derive(Clone, Debug, Default)]
pub struct AuthorizedKeys {
    pub entries: Vec<Entry>,
}

impl AuthorizedKeys {
    pub fn find(&self, key: &PublicKey) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.key.key_data() == key.key_data())
    }
}

/// Reads and parses `path`; an error names the file and the line.
pub fn load(path: &Path) -> Result<AuthorizedKeys, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the authorized keys {}: {e}", path.display()))?;
    parse(&text).map_err(|(line, m)| format!("{}:{line}: {m}", path.display()))
}

/// The lines of the file: blank lines and `#` comments skipped.
pub fn parse(text: &str) -> Result<AuthorizedKeys, (usize, String)> {
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        entries.push(parse_line(line, i + 1).map_err(|m| (i + 1, m))?);
    }
    Ok(AuthorizedKeys { entries })
}

/// Key types OpenSSH knows: a line that starts with none of them starts
/// with options.
fn is_key_type(word: &str) -> bool {
    word.starts_with("ssh-")
        || word.starts_with("ecdsa-sha2-")
        || word.starts_with("sk-ssh-")
        || word.starts_with("sk-ecdsa-")
}

fn parse_line(line: &str, n: usize) -> Result<Entry, String> {
    let (options, rest) = match line.split_whitespace().next() {
        Some(w) if is_key_type(w) => (Vec::new(), line),
        _ => split_options(line)?,
    };
    let mut words = rest.split_whitespace();
    let (Some(kind), Some(data)) = (words.next(), words.next()) else {
        return Err("expected a key type and the key after the options".into());
    };
    if !is_key_type(kind) {
        return Err(format!("`{kind}` is not a key type (such as ssh-ed25519)"));
    }
    let key = PublicKey::from_openssh(&format!("{kind} {data}"))
        .map_err(|e| format!("the {kind} key cannot be read: {e}"))?;
    let mut entry = Entry {
        key,
        role: Role::Viewer,
        filter: None,
        theme: None,
        line: n,
    };
    for (name, value) in options {
        let need = |v: Option<String>| {
            v.filter(|v| !v.trim().is_empty())
                .ok_or_else(|| format!("option `{name}` needs a value: {name}=\"...\""))
        };
        match name.as_str() {
            "role" => {
                entry.role = match need(value)?.as_str() {
                    "monitor" => Role::Monitor,
                    "viewer" => Role::Viewer,
                    "dispatcher" => Role::Dispatcher,
                    other => {
                        return Err(format!(
                            "role {other:?} is not one of \"monitor\", \"viewer\", \"dispatcher\""
                        ));
                    }
                }
            }
            "filter" => entry.filter = Some(need(value)?),
            "theme" => entry.theme = Some(need(value)?),
            other => {
                return Err(format!(
                    "option `{other}` is not known here (known: role, filter, theme)"
                ));
            }
        }
    }
    Ok(entry)
}

/// An option's name, and its value when it has one.
type KeyOption = (String, Option<String>);

/// `a="x, y",b` → [(a, Some("x, y")), (b, None)], and what follows the
/// options (the key). Quotes may hold commas, spaces and `\"`.
fn split_options(line: &str) -> Result<(Vec<KeyOption>, &str), String> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    loop {
        let mut name = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c == '=' || c == ',' || c.is_whitespace() {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            return Err("an option has no name".into());
        }
        let mut value = None;
        if let Some(&(_, '=')) = chars.peek() {
            chars.next();
            if chars.next().map(|(_, c)| c) != Some('"') {
                return Err(format!(
                    "the value of option `{name}` must be in double quotes"
                ));
            }
            let mut v = String::new();
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' if chars.peek().map(|p| p.1) == Some('"') => {
                        v.push('"');
                        chars.next();
                    }
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => v.push(c),
                }
            }
            if !closed {
                return Err(format!("the value of option `{name}` has no closing quote"));
            }
            value = Some(v);
        }
        out.push((name, value));
        match chars.next() {
            Some((_, ',')) => continue,
            Some((i, c)) if c.is_whitespace() => return Ok((out, &line[i..])),
            Some((_, c)) => return Err(format!("unexpected {c:?} after an option")),
            None => return Err("options, but no key after them".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN2DgZL7rBd4FBNk2vOwT+j47BjFcTnrUEmEW6li8vRF";
    const ED2: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOmJNOiRrfRKMB7wjYrbzrtuhmsTSgJMNS0QJu71HLnY";

    #[test]
    fn a_bare_key_is_a_viewer() {
        let k = parse(&format!("# office\n\n{ED} ana@laptop\n")).unwrap();
        assert_eq!(k.entries.len(), 1);
        let e = &k.entries[0];
        assert_eq!((e.role, e.line), (Role::Viewer, 3));
        assert_eq!((e.filter.as_deref(), e.theme.as_deref()), (None, None));
        assert!(
            e.fingerprint().starts_with("SHA256:"),
            "{}",
            e.fingerprint()
        );
    }

    #[test]
    fn options_set_role_filter_and_theme() {
        let text = format!(
            "role=\"dispatcher\" {ED} ana\nrole=\"monitor\",filter=\"north, east\",theme=\"light\" {ED2}\n"
        );
        let k = parse(&text).unwrap();
        assert_eq!(k.entries[0].role, Role::Dispatcher);
        let wall = &k.entries[1];
        assert_eq!(wall.role, Role::Monitor);
        assert_eq!(wall.filter.as_deref(), Some("north, east"));
        assert_eq!(wall.theme.as_deref(), Some("light"));
        let key = PublicKey::from_openssh(ED2).unwrap();
        assert_eq!(k.find(&key).map(|e| e.line), Some(2));
    }

    #[test]
    fn a_key_not_listed_is_not_found() {
        let k = parse(ED).unwrap();
        assert!(k.find(&PublicKey::from_openssh(ED2).unwrap()).is_none());
    }

    #[test]
    fn any_other_option_is_an_error_naming_the_line() {
        let text = format!("{ED}\nno-pty,role=\"viewer\" {ED2}\n");
        let (line, m) = parse(&text).unwrap_err();
        assert_eq!(line, 2);
        assert!(m.contains("`no-pty`"), "{m}");
        let (_, m) = parse(&format!("command=\"/bin/sh\" {ED}")).unwrap_err();
        assert!(m.contains("`command`"), "{m}");
    }

    #[test]
    fn bad_values_and_bad_keys_are_errors() {
        for (text, says) in [
            (format!("role=\"admin\" {ED}"), "admin"),
            (format!("role=viewer {ED}"), "double quotes"),
            (format!("role=\"viewer {ED}"), "closing quote"),
            (format!("role {ED}"), "needs a value"),
            ("role=\"viewer\"".to_string(), "no key"),
            ("ssh-ed25519 AAAAnotbase64!!".to_string(), "cannot be read"),
            ("ssh-ed25519".to_string(), "key type and the key"),
        ] {
            let (line, m) = parse(&text).unwrap_err();
            assert_eq!(line, 1);
            assert!(m.contains(says), "{text}: {m}");
        }
    }

    #[test]
    fn load_names_the_file_and_line() {
        let dir = crate::testdir::TempDir::new("authorized-keys");
        std::fs::create_dir_all(&dir.0).unwrap();
        let f = dir.0.join("keys");
        std::fs::write(&f, format!("{ED}\n\nfrom=\"10.0.0.1\" {ED2}\n")).unwrap();
        let e = load(&f).unwrap_err();
        assert!(e.contains(&format!("{}:3:", f.display())), "{e}");
        assert!(e.contains("`from`"), "{e}");
    }
}
