//! HTTP Basic as Kickserv uses it: the API token as both user and password.

/// True when `header` is `Basic base64(token:token)`.
pub fn accepts(header: Option<&str>, token: &str) -> bool {
    let Some(h) = header else {
        return false;
    };
    let mut parts = h.trim().splitn(2, ' ');
    let (Some(scheme), Some(creds)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Some(decoded) = base64_decode(creds.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    match text.split_once(':') {
        Some((user, password)) => !token.is_empty() && user == token && password == token,
        None => false,
    }
}

/// Standard alphabet, padding optional.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_must_be_user_and_password() {
        // base64("demo-token:demo-token")
        assert!(accepts(
            Some("Basic ZGVtby10b2tlbjpkZW1vLXRva2Vu"),
            "demo-token"
        ));
        // base64("demo-token:x")
        assert!(!accepts(Some("Basic ZGVtby10b2tlbjp4"), "demo-token"));
        assert!(!accepts(Some("Bearer demo-token"), "demo-token"));
        assert!(!accepts(None, "demo-token"));
        assert!(!accepts(Some("Basic !!!"), "demo-token"));
    }
}
