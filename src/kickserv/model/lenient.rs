//! Lenient field parsers: a bad value becomes `None`, never an error.

use super::*;

/// A field's type as read leniently from any JSON value: `None` for a
/// value of the wrong kind. One `deserialize_with = "lenient::opt"`
/// then serves every optional field.
pub trait Lenient: Sized {
    fn from_value(v: Value) -> Option<Self>;
}

/// Any optional field of a [`Lenient`] type.
pub fn opt<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    Ok(T::from_value(Value::deserialize(d)?))
}

impl Lenient for i64 {
    fn from_value(v: Value) -> Option<Self> {
        as_int(&v)
    }
}

impl Lenient for f64 {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Lenient for bool {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Bool(b) => Some(b),
            Value::Number(n) => n.as_i64().map(|i| i != 0),
            Value::String(s) => match s.trim() {
                "true" | "1" | "t" | "yes" => Some(true),
                "false" | "0" | "f" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Text fields; numbers are kept as their decimal text (money is a string).
impl Lenient for String {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl Lenient for DateTime<FixedOffset> {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::String(s) => DateTime::parse_from_rfc3339(s.trim()).ok(),
            _ => None,
        }
    }
}

impl Lenient for Status {
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::String(s) if !s.is_empty() => Some(Status::from(s.as_str())),
            _ => None,
        }
    }
}

pub fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Required id: a number or a numeric string.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    as_int(&v).ok_or_else(|| de::Error::custom(format!("id is not an integer: {v}")))
}

/// A nested record; `null` or anything unparsable becomes `None`.
pub fn record<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    let v = Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    Ok(serde_json::from_value(v).ok())
}

/// A list of records; `null` is empty and bad entries are dropped.
pub fn records<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}
