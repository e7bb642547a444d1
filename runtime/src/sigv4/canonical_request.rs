//! Step 1 of SigV4: the canonical request.
//!
//! ```text
//! METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//! ```
//!
//! Everything is written into one pre-sized `String`; the only other allocations are the
//! sorted header index list and, when there is a query, its parameter list.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::error::SigningError;
use super::settings::{SignatureLocation, SigningSettings};
use super::uri_encode::{encode, encode_into, percent_decode};

/// Headers never signed: proxies and HTTP stacks add, rewrite or drop them in transit
/// (union of the smithy-rs and botocore exclusion lists).
const EXCLUDED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// Additionally unsigned when presigning: the eventual user of the URL won't send them.
const EXCLUDED_WHEN_PRESIGNING: &[&str] = &["x-amz-user-agent", "x-amz-checksum-mode"];

/// The headers to sign, in canonical order, and their `SignedHeaders` list.
#[derive(Debug)]
pub(crate) struct SignedHeaders {
    /// Indices into the request's header list, stably sorted by lower-cased name so repeated
    /// headers keep their original relative order.
    order: Vec<usize>,
    /// `host;x-amz-date;…`
    names: String,
}

impl SignedHeaders {
    /// Picks and validates the headers to sign.
    pub(crate) fn new(
        headers: &[(String, String)],
        location: SignatureLocation,
    ) -> Result<Self, SigningError> {
        let mut order = Vec::with_capacity(headers.len());
        for (index, (name, value)) in headers.iter().enumerate() {
            if is_excluded(name, location) {
                continue;
            }
            validate_header(name, value)?;
            order.push(index);
        }
        order.sort_by(|&a, &b| cmp_ignore_ascii_case(&headers[a].0, &headers[b].0));

        let mut names = String::with_capacity(order.len() * 16);
        let mut previous: Option<&str> = None;
        for &index in &order {
            let name = headers[index].0.as_str();
            if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
                continue;
            }
            if previous.is_some() {
                names.push(';');
            }
            push_lowercase(&mut names, name);
            previous = Some(name);
        }
        Ok(SignedHeaders { order, names })
    }

    /// The `SignedHeaders` value: lower-cased, sorted, de-duplicated names joined by `;`.
    pub(crate) fn names(&self) -> &str {
        &self.names
    }
}

fn is_excluded(name: &str, location: SignatureLocation) -> bool {
    let listed = |list: &[&str]| {
        list.iter()
            .any(|excluded| excluded.eq_ignore_ascii_case(name))
    };
    listed(EXCLUDED_HEADERS)
        || (location == SignatureLocation::QueryParams && listed(EXCLUDED_WHEN_PRESIGNING))
}

/// Rejects what would corrupt the canonical request or could not be sent as a header.
fn validate_header(name: &str, value: &str) -> Result<(), SigningError> {
    let invalid = |reason| SigningError::InvalidHeader {
        name: name.to_owned(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid("the name is empty"));
    }
    if !name.bytes().all(is_token_byte) {
        return Err(invalid(
            "the name contains a character not allowed in HTTP header names",
        ));
    }
    if has_control_bytes(value) && value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(invalid("the value contains CR, LF or NUL"));
    }
    Ok(())
}

/// Whether `text` has any byte below 0x20 (tab, CR, LF, NUL, …).
///
/// Written as a branch-free fold so it vectorises: values such as session tokens are long
/// and almost never contain such bytes, so this keeps the common case to one fast pass.
fn has_control_bytes(text: &str) -> bool {
    text.bytes()
        .fold(false, |found, byte| found | (byte < 0x20))
}

/// RFC 9110 `tchar`.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
}

fn push_lowercase(out: &mut String, text: &str) {
    out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
}

/// Everything the canonical request is built from.
pub(crate) struct CanonicalRequestInput<'a> {
    /// The HTTP method as sent.
    pub(crate) method: &'a str,
    /// The URI path as sent (already percent-encoded), possibly empty.
    pub(crate) path: &'a str,
    /// The URI query as sent, without `?`.
    pub(crate) query: Option<&'a str>,
    /// Extra, not yet encoded, query parameters (the presigning `X-Amz-*` set).
    pub(crate) extra_query: &'a [(&'a str, &'a str)],
    /// All request headers; `signed` says which are used.
    pub(crate) headers: &'a [(String, String)],
    /// The headers to sign.
    pub(crate) signed: &'a SignedHeaders,
    /// Lowercase hex SHA-256 of the body (or the `X-Amz-Content-SHA256` value).
    pub(crate) payload_hash: &'a str,
    /// Path normalisation and encoding options.
    pub(crate) settings: &'a SigningSettings,
}

impl CanonicalRequestInput<'_> {
    /// Writes the canonical request.
    pub(crate) fn build(&self) -> String {
        let headers_len: usize = self
            .signed
            .order
            .iter()
            .map(|&i| self.headers[i].0.len() + self.headers[i].1.len() + 2)
            .sum();
        let query_len = self.query.map_or(0, str::len)
            + self
                .extra_query
                .iter()
                .map(|(name, value)| name.len() + value.len() * 3 / 2 + 2)
                .sum::<usize>();
        let mut out = String::with_capacity(
            self.method.len()
                + self.path.len() * 2
                + query_len
                + headers_len
                + self.signed.names.len()
                + self.payload_hash.len()
                + 8,
        );

        out.push_str(self.method);
        out.push('\n');
        write_canonical_uri(
            &mut out,
            self.path,
            self.settings.normalize_uri_path,
            self.settings.double_uri_encode,
        );
        out.push('\n');
        write_canonical_query(&mut out, self.query, self.extra_query);
        out.push('\n');
        self.write_canonical_headers(&mut out);
        out.push('\n');
        out.push_str(&self.signed.names);
        out.push('\n');
        out.push_str(self.payload_hash);
        out
    }

    /// One `name:value\n` line per signed name; repeated headers are joined with `,` in
    /// their original order.
    fn write_canonical_headers(&self, out: &mut String) {
        let mut previous: Option<&str> = None;
        for &index in &self.signed.order {
            let (name, value) = &self.headers[index];
            if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
                out.push(',');
            } else {
                if previous.is_some() {
                    out.push('\n');
                }
                push_lowercase(out, name);
                out.push(':');
            }
            write_trimmed_value(out, value);
            previous = Some(name);
        }
        if previous.is_some() {
            out.push('\n');
        }
    }
}

/// Trims the value and collapses inner whitespace runs (including unfolded obsolete line
/// folding) to one space.
fn write_trimmed_value(out: &mut String, value: &str) {
    if !has_control_bytes(value) {
        let trimmed = value.trim_matches(' ');
        if !trimmed.contains("  ") {
            out.push_str(trimmed);
            return;
        }
    }
    for (index, word) in value.split_ascii_whitespace().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Writes the canonical URI: `/` for an empty path, optionally normalised, each segment
/// encoded again (double encoding) or re-encoded exactly once.
fn write_canonical_uri(out: &mut String, path: &str, normalize: bool, double_encode: bool) {
    if path.is_empty() || path == "/" {
        out.push('/');
        return;
    }
    if !normalize {
        for (index, segment) in path.split('/').enumerate() {
            if index > 0 {
                out.push('/');
            }
            write_segment(out, segment, double_encode);
        }
        return;
    }
    // RFC 3986 dot-segment removal, also dropping empty segments (`//` → `/`). The result
    // ends in `/` when the last input segment was empty, `.` or `..`.
    let mut segments: Vec<&str> = Vec::new();
    let mut ends_in_directory = false;
    for segment in path.trim_start_matches('/').split('/') {
        match segment {
            "" | "." => ends_in_directory = true,
            ".." => {
                segments.pop();
                ends_in_directory = true;
            }
            _ => {
                segments.push(segment);
                ends_in_directory = false;
            }
        }
    }
    out.push('/');
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 {
            out.push('/');
        }
        write_segment(out, segment, double_encode);
    }
    if ends_in_directory && !segments.is_empty() {
        out.push('/');
    }
}

fn write_segment(out: &mut String, segment: &str, double_encode: bool) {
    if double_encode {
        encode_into(out, segment.as_bytes(), false);
    } else {
        // Decoding first makes the single encoding canonical: `%7e` → `~`, raw bytes → `%XY`.
        encode_into(out, &percent_decode(segment.as_bytes(), false), false);
    }
}

/// Writes `name=value` pairs, each re-encoded, sorted by name then value, joined by `&`.
///
/// Existing parameters are decoded first (`+` as space, as services read it), so the
/// canonical form does not depend on how the sender escaped them.
fn write_canonical_query(out: &mut String, query: Option<&str>, extra: &[(&str, &str)]) {
    let query = query.unwrap_or_default();
    if query.is_empty() && extra.is_empty() {
        return;
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(extra.len() + 4);
    for parameter in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        pairs.push((recode(name), recode(value)));
    }
    for (name, value) in extra {
        pairs.push((encode(name), encode(value)));
    }
    pairs.sort_unstable();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
}

/// Decodes one query component and encodes it the SigV4 way.
fn recode(component: &str) -> Cow<'_, str> {
    match percent_decode(component.as_bytes(), true) {
        Cow::Borrowed(_) => encode(component),
        Cow::Owned(bytes) => {
            let mut encoded = String::with_capacity(bytes.len() * 3);
            encode_into(&mut encoded, &bytes, false);
            Cow::Owned(encoded)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(path: &str, normalize: bool, double_encode: bool) -> String {
        let mut out = String::new();
        write_canonical_uri(&mut out, path, normalize, double_encode);
        out
    }

    fn query(query: &str, extra: &[(&str, &str)]) -> String {
        let mut out = String::new();
        write_canonical_query(&mut out, Some(query), extra);
        out
    }

    fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn normalisation_removes_dot_and_empty_segments() {
        for (path, expected) in [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/a/b/../c/./d", "/a/c/d"),
            ("/a/b/..", "/a/"),
            ("/../a", "/a"),
        ] {
            assert_eq!(uri(path, true, true), expected, "path {path:?}");
        }
    }

    #[test]
    fn unnormalised_paths_are_only_encoded() {
        assert_eq!(uri("//example//", false, true), "//example//");
        assert_eq!(uri("/./example", false, true), "/./example");
    }

    #[test]
    fn double_encoding_encodes_escapes_again() {
        assert_eq!(uri("/arn%3Aaws/@x", true, true), "/arn%253Aaws/%40x");
        assert_eq!(
            uri("/example space/\u{1234}", true, true),
            "/example%20space/%E1%88%B4"
        );
    }

    #[test]
    fn single_encoding_canonicalises_escapes() {
        assert_eq!(uri("/example%20space/", true, false), "/example%20space/");
        assert_eq!(uri("/a%7eb%2Fc/@", true, false), "/a~b%2Fc/%40");
        assert_eq!(uri("/\u{1234}", false, false), "/%E1%88%B4");
    }

    #[test]
    fn query_is_recoded_and_sorted() {
        assert_eq!(
            query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1", &[]),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
        assert_eq!(query("b=2&a=1&a=0", &[]), "a=0&a=1&b=2");
        assert_eq!(query("flag&x=a+b%2bc&&", &[]), "flag=&x=a%20b%2Bc");
        assert_eq!(query("\u{1234}=bar", &[]), "%E1%88%B4=bar");
        assert_eq!(
            query("", &[("X-Amz-Credential", "AKID/scope")]),
            "X-Amz-Credential=AKID%2Fscope"
        );
    }

    #[test]
    fn headers_are_sorted_trimmed_and_joined_in_order() {
        let list = headers(&[
            ("Host", "example.amazonaws.com"),
            ("My-Header1", "value4"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("my-header1", "  value1 "),
            ("My-Header2", "\"a   b\tc\""),
            ("User-Agent", "excluded"),
            ("MY-HEADER1", "value3"),
        ]);
        let signed = SignedHeaders::new(&list, SignatureLocation::Headers).expect("valid");
        assert_eq!(signed.names(), "host;my-header1;my-header2;x-amz-date");
        let settings = SigningSettings::default();
        let input = CanonicalRequestInput {
            method: "GET",
            path: "/",
            query: None,
            extra_query: &[],
            headers: &list,
            signed: &signed,
            payload_hash: "hash",
            settings: &settings,
        };
        assert_eq!(
            input.build(),
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3\n\
             my-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n\
             host;my-header1;my-header2;x-amz-date\nhash"
        );
    }

    #[test]
    fn presigning_skips_client_only_headers() {
        let list = headers(&[
            ("Host", "h"),
            ("X-Amz-User-Agent", "sdk"),
            ("x-k8s-aws-id", "c"),
        ]);
        let signed = SignedHeaders::new(&list, SignatureLocation::QueryParams).expect("valid");
        assert_eq!(signed.names(), "host;x-k8s-aws-id");
        let signed = SignedHeaders::new(&list, SignatureLocation::Headers).expect("valid");
        assert_eq!(signed.names(), "host;x-amz-user-agent;x-k8s-aws-id");
    }

    #[test]
    fn invalid_headers_are_rejected_by_name() {
        for (name, value, reason) in [
            ("", "v", "the name is empty"),
            (
                "Bad Name",
                "v",
                "the name contains a character not allowed in HTTP header names",
            ),
            (
                "X-Injected",
                "a\r\nx-amz-date:1",
                "the value contains CR, LF or NUL",
            ),
        ] {
            let list = headers(&[(name, value)]);
            assert_eq!(
                SignedHeaders::new(&list, SignatureLocation::Headers).map(|s| s.names),
                Err(SigningError::InvalidHeader {
                    name: name.to_owned(),
                    reason
                })
            );
        }
    }
}
