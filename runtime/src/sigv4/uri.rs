//! Splits the request's absolute URI into the parts SigV4 signs.
//!
//! Parsing is lenient about characters inside the path and query (raw spaces or UTF-8 are
//! encoded by the canonicalisation), but the scheme and host must be present.

use super::error::SigningError;

/// The pieces of `scheme://authority/path?query#fragment`, borrowed from the URI string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UriParts<'a> {
    /// The scheme as written (`https`).
    pub(crate) scheme: &'a str,
    /// `host[:port]`, without any `userinfo@`.
    pub(crate) authority: &'a str,
    /// The path as written, possibly empty.
    pub(crate) path: &'a str,
    /// The text after `?`, if there is a `?`.
    pub(crate) query: Option<&'a str>,
    /// Byte offset where the query (including its `?`) or fragment starts: everything before
    /// it is kept when the query is rewritten.
    pub(crate) path_end: usize,
    /// The text from `#` on, if any.
    pub(crate) fragment: &'a str,
}

impl<'a> UriParts<'a> {
    /// Parses an absolute URI such as `https://sts.amazonaws.com/?Action=…`.
    pub(crate) fn parse(uri: &'a str) -> Result<Self, SigningError> {
        // The query is left out of errors: a presigned URL carries a session token there.
        let shown = uri.split(['?', '#']).next().unwrap_or_default();
        let invalid = |reason: &'static str| SigningError::InvalidUri {
            uri: shown.to_owned(),
            reason,
        };
        let (scheme, rest) = uri
            .split_once("://")
            .ok_or_else(|| invalid("it is not absolute (no `scheme://`)"))?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return Err(invalid("the scheme is empty or malformed"));
        }
        let rest_start = scheme.len() + 3;

        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let raw_authority = &rest[..authority_len];
        let authority = raw_authority
            .rsplit_once('@')
            .map_or(raw_authority, |(_, host)| host);
        if authority.is_empty() || authority.starts_with(':') {
            return Err(invalid("it has no host"));
        }
        if authority
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err(invalid(
                "the host contains whitespace or control characters",
            ));
        }

        let after_authority = rest_start + authority_len;
        let fragment_start = uri[after_authority..]
            .find('#')
            .map_or(uri.len(), |offset| after_authority + offset);
        let (path_end, query) = match uri[after_authority..fragment_start].find('?') {
            Some(offset) => {
                let question = after_authority + offset;
                (question, Some(&uri[question + 1..fragment_start]))
            }
            None => (fragment_start, None),
        };
        Ok(UriParts {
            scheme,
            authority,
            path: &uri[after_authority..path_end],
            query,
            path_end,
            fragment: &uri[fragment_start..],
        })
    }

    /// The `Host` header value: the authority without the scheme's default port.
    pub(crate) fn host_header(&self) -> &'a str {
        let default_port = if self.scheme.eq_ignore_ascii_case("https") {
            Some("443")
        } else if self.scheme.eq_ignore_ascii_case("http") {
            Some("80")
        } else {
            None
        };
        // A colon after the last `]` separates the port; colons inside `[…]` belong to IPv6.
        let host_end = self.authority.rfind(']').map_or(0, |index| index + 1);
        match self.authority[host_end..].rfind(':') {
            Some(offset) => {
                let colon = host_end + offset;
                let port = &self.authority[colon + 1..];
                if port.is_empty() || Some(port) == default_port {
                    &self.authority[..colon]
                } else {
                    self.authority
                }
            }
            None => self.authority,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_parts() {
        let uri = "https://user@sts.amazonaws.com:8443/a/b?x=1&y#frag";
        let parts = UriParts::parse(uri).expect("valid");
        assert_eq!(parts.scheme, "https");
        assert_eq!(parts.authority, "sts.amazonaws.com:8443");
        assert_eq!(parts.path, "/a/b");
        assert_eq!(parts.query, Some("x=1&y"));
        assert_eq!(
            &uri[..parts.path_end],
            "https://user@sts.amazonaws.com:8443/a/b"
        );
        assert_eq!(parts.fragment, "#frag");
        assert_eq!(parts.host_header(), "sts.amazonaws.com:8443");
    }

    #[test]
    fn path_and_query_may_be_missing() {
        let parts = UriParts::parse("https://sts.amazonaws.com").expect("valid");
        assert_eq!((parts.path, parts.query, parts.fragment), ("", None, ""));
        let parts = UriParts::parse("https://sts.amazonaws.com?a=b").expect("valid");
        assert_eq!((parts.path, parts.query), ("", Some("a=b")));
    }

    #[test]
    fn default_ports_are_dropped_from_the_host_header() {
        let host = |uri| UriParts::parse(uri).expect("valid").host_header();
        assert_eq!(host("https://example.com:443/"), "example.com");
        assert_eq!(host("http://example.com:80/"), "example.com");
        assert_eq!(host("http://example.com:443/"), "example.com:443");
        assert_eq!(host("https://[::1]:443/"), "[::1]");
        assert_eq!(host("https://[::1]:9000/"), "[::1]:9000");
        assert_eq!(host("https://[::1]/"), "[::1]");
    }

    #[test]
    fn rejects_relative_and_hostless_uris() {
        for (uri, reason) in [
            (
                "/just/a/path?X-Amz-Security-Token=secret",
                "it is not absolute (no `scheme://`)",
            ),
            ("https:///path", "it has no host"),
            ("https://:443/", "it has no host"),
            ("://host/", "the scheme is empty or malformed"),
            (
                "https://ho st/",
                "the host contains whitespace or control characters",
            ),
        ] {
            let shown = uri.split('?').next().unwrap_or_default();
            match UriParts::parse(uri) {
                Err(SigningError::InvalidUri {
                    uri: got,
                    reason: why,
                }) => {
                    assert_eq!((got.as_str(), why), (shown, reason));
                }
                other => panic!("{uri}: expected InvalidUri, got {other:?}"),
            }
        }
    }
}
