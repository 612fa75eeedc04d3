//! Saved sets of employees (`[filters]`): what an entry may be, and how a
//! new set is written into a config file without touching anything else
//! in it (comments and order kept).
//!
//! An entry is an employee's id (a whole number, as older files have
//! them), their number as the board and `agenda --employee` show it
//! (`"#12"`), or their name (`"Ana Gómez"`, matched ignoring case).

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetEntry {
    Id(i64),
    Number(i64),
    Name(String),
}

impl From<i64> for SetEntry {
    fn from(id: i64) -> SetEntry {
        SetEntry::Id(id)
    }
}

impl SetEntry {
    /// One entry of a `[filters]` list; `Err` says what was expected.
    pub fn from_toml(v: &toml::Value) -> Result<SetEntry, String> {
        match v {
            toml::Value::Integer(n) => Ok(SetEntry::Id(*n)),
            toml::Value::String(s) => {
                let s = s.trim();
                if let Some(n) = s.strip_prefix('#') {
                    return n
                        .trim()
                        .parse()
                        .map(SetEntry::Number)
                        .map_err(|_| format!("expected an employee number after #, got {s:?}"));
                }
                if s.is_empty() {
                    return Err("expected an employee's name, got an empty string".into());
                }
                Ok(SetEntry::Name(s.to_string()))
            }
            other => Err(format!(
                "expected employee ids (whole numbers), numbers (\"#12\") or names, got {}",
                other.type_str()
            )),
        }
    }

    /// The entry as TOML writes it.
    pub fn to_toml(&self) -> String {
        match self {
            SetEntry::Id(n) => n.to_string(),
            SetEntry::Number(n) => toml::Value::String(format!("#{n}")).to_string(),
            SetEntry::Name(s) => toml::Value::String(s.clone()).to_string(),
        }
    }
}

impl fmt::Display for SetEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetEntry::Id(n) => write!(f, "id {n}"),
            SetEntry::Number(n) => write!(f, "#{n}"),
            SetEntry::Name(s) => write!(f, "{s:?}"),
        }
    }
}

/// `text` (a config file's, maybe empty) with the set `name` added to its
/// `[filters]` table: a line under the table's header when the file has
/// one, else the table appended at the end. Everything else is left as it
/// was. A set of that name already there, or a result that would not read
/// back, is refused.
pub fn with_set(text: &str, name: &str, entries: &[SetEntry]) -> Result<String, String> {
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("the file does not read as TOML: {}", e.message()))?;
    match doc.get("filters") {
        Some(toml::Value::Table(t)) if t.contains_key(name) => {
            return Err(format!("it already has a set {name:?} in [filters]"));
        }
        Some(toml::Value::Table(_)) | None => {}
        Some(_) => return Err("its `filters` is not a table".into()),
    }
    let key = toml::Value::String(name.to_string()).to_string();
    let key = if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        key
    };
    let list: Vec<String> = entries.iter().map(SetEntry::to_toml).collect();
    let line = format!("{key} = [{}]", list.join(", "));
    let header = text
        .lines()
        .position(|l| l.trim() == "[filters]" || l.trim().starts_with("[filters]#"));
    let out = match header {
        Some(i) => {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(i + 1, &line);
            let mut s = lines.join("\n");
            if text.ends_with('\n') || text.is_empty() {
                s.push('\n');
            }
            s
        }
        None => {
            let mut s = text.to_string();
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&format!("[filters]\n{line}\n"));
            s
        }
    };
    // What was written must read back with the set in it.
    let back: toml::Table = out.parse().map_err(|e: toml::de::Error| {
        format!("the set could not be added safely: {}", e.message())
    })?;
    let ok = back
        .get("filters")
        .and_then(|f| f.get(name))
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.len() == entries.len());
    if !ok {
        return Err("the set could not be added safely".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<SetEntry> {
        vec![
            SetEntry::Name("Ana Gómez".into()),
            SetEntry::Number(12),
            SetEntry::Id(2400001),
        ]
    }

    #[test]
    fn a_set_goes_under_the_filters_header_and_comments_stay() {
        let text = "# my board\npoll = 30 # seconds\n\n[filters]\n# the north crew\nnorth = [3]\n\n[keys]\nquit = \"q\"\n";
        let out = with_set(text, "south", &entries()).unwrap();
        assert_eq!(
            out,
            "# my board\npoll = 30 # seconds\n\n[filters]\nsouth = [\"Ana Gómez\", \"#12\", 2400001]\n# the north crew\nnorth = [3]\n\n[keys]\nquit = \"q\"\n"
        );
    }

    #[test]
    fn without_a_filters_table_one_is_appended() {
        let out = with_set("poll = 30\n# end", "north crew", &entries()[..1]).unwrap();
        assert_eq!(
            out,
            "poll = 30\n# end\n\n[filters]\n\"north crew\" = [\"Ana Gómez\"]\n"
        );
        assert_eq!(
            with_set("", "north", &entries()[1..2]).unwrap(),
            "[filters]\nnorth = [\"#12\"]\n"
        );
    }

    #[test]
    fn an_existing_set_or_a_broken_file_is_refused() {
        let e = with_set("[filters]\nnorth = [3]\n", "north", &entries()).unwrap_err();
        assert!(e.contains("already has a set \"north\""), "{e}");
        assert!(with_set("poll = [", "north", &entries()).is_err());
        assert!(with_set("filters = 3\n", "north", &entries()).is_err());
    }

    #[test]
    fn entries_read_as_ids_numbers_or_names() {
        let v: toml::Table = "a = [3, \"#12\", \" Ana \", \"#x\", 1.5, \"\"]"
            .parse()
            .unwrap();
        let got: Vec<Result<SetEntry, String>> = v["a"]
            .as_array()
            .unwrap()
            .iter()
            .map(SetEntry::from_toml)
            .collect();
        assert_eq!(got[0], Ok(SetEntry::Id(3)));
        assert_eq!(got[1], Ok(SetEntry::Number(12)));
        assert_eq!(got[2], Ok(SetEntry::Name("Ana".into())));
        assert!(got[3].is_err() && got[4].is_err() && got[5].is_err());
    }
}
