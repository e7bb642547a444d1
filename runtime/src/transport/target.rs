//! Splits a request URI into what the transport needs: where to connect, the `Host` header and
//! the origin-form request target.

use hyper::http::Uri;

use super::error::{TransportError, TransportErrorKind};

/// The URI scheme, which decides between plain TCP and TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// Identifies connections that can serve each other's requests.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PoolKey {
    scheme: Scheme,
    host: String,
    port: u16,
}

/// A parsed absolute request URI.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) scheme: Scheme,
    /// The host to connect to, without IPv6 brackets.
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The `Host` header value: host plus port when the URI names one.
    pub(crate) host_header: String,
    /// Path and query, as sent on the request line.
    pub(crate) request_target: Uri,
}

impl Target {
    /// Parses `uri`; errors never repeat the URI, whose query may carry credentials.
    pub(crate) fn parse(uri: &str) -> Result<Self, TransportError> {
        let invalid =
            |message: String| TransportError::new(TransportErrorKind::InvalidRequest, message);
        let parsed: Uri = uri.parse().map_err(|err| {
            TransportError::with_source(
                TransportErrorKind::InvalidRequest,
                "request URI is not a valid URI",
                err,
            )
        })?;
        let scheme = match parsed.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => Scheme::Https,
            Some(s) if s.eq_ignore_ascii_case("http") => Scheme::Http,
            Some(other) => {
                return Err(invalid(format!(
                    "request URI scheme {other:?} is not supported: use http or https"
                )))
            }
            None => {
                return Err(invalid(
                    "request URI is not absolute: it needs an http:// or https:// scheme".into(),
                ))
            }
        };
        let authority = parsed
            .authority()
            .ok_or_else(|| invalid("request URI has no host".into()))?;
        if authority.as_str().contains('@') {
            return Err(invalid(
                "request URI must not contain user information before the host".into(),
            ));
        }
        let bracketed_host = authority.host();
        if bracketed_host.is_empty() {
            return Err(invalid("request URI has an empty host".into()));
        }
        let host = bracketed_host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let host_header = match authority.port_u16() {
            Some(port) => format!("{bracketed_host}:{port}"),
            None => bracketed_host.to_owned(),
        };
        let port = authority.port_u16().unwrap_or(scheme.default_port());
        let path_and_query = parsed
            .path_and_query()
            .map(|pq| pq.as_str())
            .filter(|pq| !pq.is_empty())
            .unwrap_or("/");
        let path_and_query = if path_and_query.starts_with('/') {
            path_and_query.to_owned()
        } else {
            format!("/{path_and_query}")
        };
        let request_target = path_and_query.parse().map_err(|err| {
            TransportError::with_source(
                TransportErrorKind::InvalidRequest,
                "request URI path is not valid",
                err,
            )
        })?;
        Ok(Self {
            scheme,
            host,
            port,
            host_header,
            request_target,
        })
    }

    /// The pool key for connections to this target.
    pub(crate) fn key(&self) -> PoolKey {
        PoolKey {
            scheme: self.scheme,
            host: self.host.clone(),
            port: self.port,
        }
    }

    /// `scheme://host:port`, safe to put in error messages.
    pub(crate) fn origin(&self) -> String {
        if self.host.contains(':') {
            format!("{}://[{}]:{}", self.scheme.as_str(), self.host, self.port)
        } else {
            format!("{}://{}:{}", self.scheme.as_str(), self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_default_port_and_root_path() {
        let target = Target::parse("https://STS.amazonaws.com").unwrap();
        assert_eq!(target.scheme, Scheme::Https);
        assert_eq!(target.host, "sts.amazonaws.com");
        assert_eq!(target.port, 443);
        assert_eq!(target.host_header, "STS.amazonaws.com");
        assert_eq!(target.request_target.to_string(), "/");
        assert_eq!(target.origin(), "https://sts.amazonaws.com:443");
    }

    #[test]
    fn explicit_port_goes_into_host_header() {
        let target = Target::parse("http://127.0.0.1:5000/a/b?x=1&y=2").unwrap();
        assert_eq!(target.scheme, Scheme::Http);
        assert_eq!(target.port, 5000);
        assert_eq!(target.host_header, "127.0.0.1:5000");
        assert_eq!(target.request_target.to_string(), "/a/b?x=1&y=2");
    }

    #[test]
    fn ipv6_host_loses_brackets_for_connecting_only() {
        let target = Target::parse("http://[::1]:8080/").unwrap();
        assert_eq!(target.host, "::1");
        assert_eq!(target.host_header, "[::1]:8080");
        assert_eq!(target.origin(), "http://[::1]:8080");
    }

    #[test]
    fn rejects_other_schemes_relative_uris_and_user_info() {
        let message = |uri: &str| Target::parse(uri).unwrap_err().to_string();
        assert_eq!(
            message("ftp://example.com/"),
            "request URI scheme \"ftp\" is not supported: use http or https"
        );
        assert_eq!(
            message("/only/a/path"),
            "request URI is not absolute: it needs an http:// or https:// scheme"
        );
        assert_eq!(
            message("https://user:secret@example.com/"),
            "request URI must not contain user information before the host"
        );
        assert_eq!(
            Target::parse("https://exa mple.com/").unwrap_err().kind(),
            TransportErrorKind::InvalidRequest
        );
    }
}
