//! `parseURL`.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A URL as the rules engine sees it (`parseURL`'s `URL` structure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    scheme: &'static str,
    authority: &'a str,
    path: &'a str,
    normalized_path: Cow<'a, str>,
    is_ip: bool,
}

impl<'a> Url<'a> {
    /// `scheme`: `http` or `https`, in lower case, without `://`.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// `authority`: host and optional port as written (`example.com:8443`), without userinfo.
    pub fn authority(&self) -> &'a str {
        self.authority
    }

    /// `path`: the path exactly as written; empty when the URL has none.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// `normalizedPath`: the path starting and ending with `/` (`/` for no path).
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// `isIp`: whether the host is an IPv4 address or a bracketed IPv6 address.
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// `parseURL(value)`: the URL's parts, or `None` when `value` is not an absolute `http` or
/// `https` URL with a host, or has a query or fragment (the specification rejects queries;
/// a fragment is never part of an endpoint).
///
/// The specification's examples disagree on two points; this follows the Smithy reference
/// implementation and smithy-rs: `path` is empty for `https://example.com`, and an explicit
/// default port stays in `authority` (`http://example.com:80` -> `example.com:80`).
pub fn parse_url(value: &str) -> Option<Url<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // Userinfo (`user:pass@`) is not part of the authority the rules see.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let is_ip = parse_authority(authority)?;
    let normalized_path = if path.ends_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("{path}/"))
    };
    Some(Url {
        scheme,
        authority,
        path,
        normalized_path,
        is_ip,
    })
}

/// Checks `host[:port]`; returns whether the host is an IP address.
fn parse_authority(authority: &str) -> Option<bool> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        address.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (None, port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        }
    };
    if let Some(port) = port {
        let valid = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !valid || port.parse::<u16>().is_err() {
            return None;
        }
    }
    match host {
        None => Some(true),
        Some(host) => {
            let valid = !host.is_empty()
                && host.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')
                });
            valid.then(|| host.parse::<Ipv4Addr>().is_ok())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> Option<(&'static str, String, String, String, bool)> {
        parse_url(url).map(|u| {
            (
                u.scheme(),
                u.authority().to_owned(),
                u.path().to_owned(),
                u.normalized_path().to_owned(),
                u.is_ip(),
            )
        })
    }

    fn expect(
        url: &str,
        scheme: &'static str,
        authority: &str,
        path: &str,
        normalized: &str,
        is_ip: bool,
    ) {
        assert_eq!(
            parts(url),
            Some((
                scheme,
                authority.to_owned(),
                path.to_owned(),
                normalized.to_owned(),
                is_ip
            )),
            "{url}"
        );
    }

    #[test]
    fn host_only() {
        expect(
            "https://example.com",
            "https",
            "example.com",
            "",
            "/",
            false,
        );
        expect(
            "https://example.com/",
            "https",
            "example.com",
            "/",
            "/",
            false,
        );
        expect(
            "https://control.vpce-1a2b3c4d-5e6f.s3.us-west-2.vpce.amazonaws.com",
            "https",
            "control.vpce-1a2b3c4d-5e6f.s3.us-west-2.vpce.amazonaws.com",
            "",
            "/",
            false,
        );
    }

    #[test]
    fn port_and_path() {
        expect(
            "http://example.com:80/foo/bar",
            "http",
            "example.com:80",
            "/foo/bar",
            "/foo/bar/",
            false,
        );
        expect(
            "http://localhost:8000/path/",
            "http",
            "localhost:8000",
            "/path/",
            "/path/",
            false,
        );
    }

    #[test]
    fn ip_addresses() {
        expect("https://127.0.0.1", "https", "127.0.0.1", "", "/", true);
        expect(
            "http://127.0.0.1:5000/x",
            "http",
            "127.0.0.1:5000",
            "/x",
            "/x/",
            true,
        );
        expect("https://[fe80::1]", "https", "[fe80::1]", "", "/", true);
        expect("https://[::1]:8443/", "https", "[::1]:8443", "/", "/", true);
        expect("https://999.0.0.1", "https", "999.0.0.1", "", "/", false);
    }

    #[test]
    fn scheme_is_case_insensitive_and_normalized() {
        expect(
            "HTTPS://Example.com",
            "https",
            "Example.com",
            "",
            "/",
            false,
        );
    }

    #[test]
    fn userinfo_is_dropped() {
        expect(
            "https://user:secret@example.com/a",
            "https",
            "example.com",
            "/a",
            "/a/",
            false,
        );
    }

    #[test]
    fn rejects_invalid_urls() {
        for url in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?x",
            "https://example.com#frag",
            "wss://localhost:8443/path",
            "example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com:",
            "https://example.com:99999",
            "https://example.com:8a",
            "https://[fe80::1",
            "https://[not-ip]",
            "https://[::1]x",
            "",
        ] {
            assert_eq!(parts(url), None, "{url}");
        }
    }
}
