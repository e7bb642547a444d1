//! Plain HTTP request and response values shared by signing, transport and the orchestrator.
//!
//! They are deliberately simple (owned strings and bytes): requests to AWS query services are
//! small, and keeping the types free of any HTTP library lets users plug in their own transport.

use std::fmt;

/// An HTTP request about to be signed and sent.
///
/// `Debug` redacts the values of headers that carry secrets (`x-amz-security-token`,
/// `authorization`), so a logged request never leaks a session token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct HttpRequest {
    /// The method, upper case (`POST`).
    pub method: String,
    /// The absolute URI: scheme, authority, path and optional query (`https://sts.amazonaws.com/`).
    pub uri: String,
    /// Header names and values in insertion order. Names are compared case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Sets a header, replacing any existing values with the same name.
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
    }
}

/// An HTTP response as received from the transport.
///
/// `Debug` shows the body's length only: response bodies carry credentials (`SecretAccessKey`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values in the order received.
    pub headers: Vec<(String, String)>,
    /// The full body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyLen(self.body.len()))
            .finish()
    }
}

/// Prints `<N bytes>`: bodies are never printed, since requests carry tokens
/// (`WebIdentityToken`, `SAMLAssertion`) and responses carry credentials.
struct BodyLen(usize);

impl fmt::Debug for BodyLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// Headers whose values are secrets or derived from them.
const REDACTED_HEADERS: &[&str] = &["x-amz-security-token", "authorization"];

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let redact = REDACTED_HEADERS
                    .iter()
                    .any(|secret| name.eq_ignore_ascii_case(secret));
                (
                    name.as_str(),
                    if redact {
                        "** redacted **"
                    } else {
                        value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &headers)
            .field("body", &BodyLen(self.body.len()))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(existing, _)| existing.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secret_headers() {
        let request = HttpRequest {
            method: "POST".into(),
            uri: "https://sts.amazonaws.com/".into(),
            headers: vec![
                ("X-Amz-Security-Token".into(), "TOKEN-SECRET".into()),
                (
                    "Authorization".into(),
                    "AWS4-HMAC-SHA256 Signature=abc".into(),
                ),
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
            ],
            body: b"Action=AssumeRoleWithWebIdentity&WebIdentityToken=SECRETJWT".to_vec(),
        };
        let text = format!("{request:?}");
        assert!(
            !text.contains("SECRETJWT") && text.contains("<59 bytes>"),
            "{text}"
        );
        let response = HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: b"<SecretAccessKey>wJalr</SecretAccessKey>".to_vec(),
        };
        let shown = format!("{response:?}");
        assert!(
            !shown.contains("wJalr") && !shown.contains("119"),
            "{shown}"
        );
        assert!(
            !text.contains("TOKEN-SECRET") && !text.contains("Signature=abc"),
            "{text}"
        );
        assert!(
            text.contains("application/x-www-form-urlencoded") && text.contains("** redacted **"),
            "{text}"
        );
    }
}
