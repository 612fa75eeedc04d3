//! The one rule for a Kickserv base address, for the configuration and the
//! client alike: `https://`, or plain `http://` only to this machine, so a
//! token never crosses a network in clear.

use reqwest::Url;
use std::net::IpAddr;

/// Why an address is refused; each caller words it for its own place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not `http://` or `https://`.
    Scheme,
    /// Whitespace or control characters somewhere in it.
    Spaces,
    /// `https://` and nothing after it.
    NoHost,
    /// The URL parser's reason.
    Unreadable(String),
    Credentials,
    /// The origin (no path, no credentials) of an address with a query or fragment.
    QueryOrFragment(String),
    /// The origin of a plain `http://` address that is not this machine.
    PlainHttp(String),
}

/// The address, trimmed and parsed, if the rule allows it.
pub fn check(raw: &str) -> Result<Url, Refusal> {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &raw[p.len()..])
    else {
        return Err(Refusal::Scheme);
    };
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Refusal::Spaces);
    }
    if rest.split(['/', '?', '#']).next().unwrap_or("").is_empty() {
        return Err(Refusal::NoHost);
    }
    let url = Url::parse(raw).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    let origin = || url.origin().ascii_serialization();
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Refusal::QueryOrFragment(origin()));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(Refusal::PlainHttp(origin()));
    }
    Ok(url)
}

/// This machine: `localhost`, 127.0.0.0/8, `::1`, and `::ffff:127.x.x.x`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| match ip {
            IpAddr::V4(v4) => v4.is_loopback(),
            IpAddr::V6(v6) => {
                v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for ok in [
            "http://localhost:8787",
            "http://LOCALHOST",
            "http://127.0.0.1",
            "http://127.8.9.10:1",
            "http://[::1]:9",
            "http://[::ffff:127.0.0.1]",
            "https://app.kickserv.com",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("http://10.0.0.1", "PlainHttp"),
            ("http://128.0.0.1", "PlainHttp"),
            ("http://[::2]", "PlainHttp"),
            ("http://[::ffff:10.0.0.1]", "PlainHttp"),
            ("http://localhost.example.com", "PlainHttp"),
            ("http://127.0.0.1.example.com", "PlainHttp"),
            ("ftp://localhost", "Scheme"),
            ("app.kickserv.com", "Scheme"),
            ("https://", "NoHost"),
            ("https://a b.com", "Spaces"),
            ("https://u:p@a.com", "Credentials"),
            ("https://a.com/?x=1", "QueryOrFragment"),
            ("https://a.com/#x", "QueryOrFragment"),
        ] {
            let e = check(bad).expect_err(bad);
            assert!(format!("{e:?}").starts_with(why), "{bad}: {e:?}");
        }
    }
}
