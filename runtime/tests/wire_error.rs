//! The awsQuery error envelope and generic error metadata (aws-query.md §5).

use std::error::Error as _;

use stsgen_runtime::error::{parse_query_error, ErrorMetadata, ProvideErrorMetadata, Unhandled};
use stsgen_runtime::xml::{self, XmlError};

const STS_ERROR: &str = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy is invalid</Message>
  </Error>
  <RequestId>8e3e4a7e-0000-0000-0000-000000000000</RequestId>
</ErrorResponse>
"#;

fn meta(
    code: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
    status: u16,
) -> ErrorMetadata {
    ErrorMetadata::new(
        code.map(str::to_owned),
        message.map(str::to_owned),
        request_id.map(str::to_owned),
        Some(status),
    )
}

#[test]
fn sts_error_body() {
    let (metadata, error) = parse_query_error(400, Some("header-id"), STS_ERROR.as_bytes());
    assert_eq!(
        metadata,
        meta(
            Some("MalformedPolicyDocument"),
            Some("The policy is invalid"),
            Some("8e3e4a7e-0000-0000-0000-000000000000"),
            400
        )
    );
    let error = error.expect("the <Error> element is returned");
    assert_eq!(error.name(), "Error");
    assert_eq!(error.child("Type").map(|t| t.text()), Some("Sender"));
    assert_eq!(
        metadata.to_string(),
        "MalformedPolicyDocument: The policy is invalid \
         (status 400, request id 8e3e4a7e-0000-0000-0000-000000000000)"
    );
}

#[test]
fn header_request_id_is_the_fallback() {
    let body = b"<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
    let (metadata, _) = parse_query_error(400, Some("from-header"), body);
    assert_eq!(
        metadata,
        meta(
            Some("Throttling"),
            Some("Rate exceeded"),
            Some("from-header"),
            400
        )
    );
    let (metadata, _) = parse_query_error(400, None, body);
    assert_eq!(metadata.request_id(), None);
    let blank_id =
        b"<ErrorResponse><Error><Code>C</Code></Error><RequestId> </RequestId></ErrorResponse>";
    let (metadata, _) = parse_query_error(400, Some("h"), blank_id);
    assert_eq!(metadata.request_id(), Some("h"));
}

#[test]
fn namespace_prefixes_and_complex_members() {
    let body = br#"<q:ErrorResponse xmlns:q="https://example.com/">
        <q:Error>
          <q:Type>Sender</q:Type>
          <q:Code>ComplexError</q:Code>
          <q:TopLevel>Top level</q:TopLevel>
          <q:Nested><q:Foo>bar</q:Foo></q:Nested>
        </q:Error>
        <q:RequestId>foo-id</q:RequestId>
      </q:ErrorResponse>"#;
    let (metadata, error) = parse_query_error(400, None, body);
    assert_eq!(
        metadata,
        meta(Some("ComplexError"), None, Some("foo-id"), 400)
    );
    let error = error.expect("the <Error> element is returned");
    assert_eq!(
        error.child("TopLevel").map(xml::read_string),
        Some("Top level".to_owned())
    );
    assert_eq!(
        error
            .child("Nested")
            .and_then(|n| n.child("Foo"))
            .map(|f| f.text()),
        Some("bar")
    );
}

#[test]
fn ec2_style_wrapper() {
    let body = b"<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message></Error></Errors><RequestID>ec2-id</RequestID></Response>";
    let (metadata, error) = parse_query_error(401, None, body);
    assert_eq!(
        metadata,
        meta(Some("AuthFailure"), Some("no"), Some("ec2-id"), 401)
    );
    assert_eq!(error.map(|e| e.name().to_owned()), Some("Error".to_owned()));
}

#[test]
fn missing_or_blank_code() {
    let (metadata, error) = parse_query_error(
        500,
        None,
        b"<ErrorResponse><Error><Code/><Message>Internal</Message></Error></ErrorResponse>",
    );
    assert_eq!(metadata, meta(None, Some("Internal"), None, 500));
    assert!(error.is_some());
    assert_eq!(metadata.to_string(), "Internal (status 500)");
}

fn assert_unreadable(status: u16, body: &[u8], why: &str) {
    let (metadata, error) = parse_query_error(status, Some("hdr"), body);
    assert_eq!(
        metadata,
        meta(
            None,
            Some(&format!("the error response could not be read: {why}")),
            Some("hdr"),
            status
        ),
        "body {:?}",
        String::from_utf8_lossy(body)
    );
    assert!(error.is_none());
}

#[test]
fn unreadable_bodies_keep_the_status() {
    assert_unreadable(503, b"", "the body is empty");
    assert_unreadable(503, b" \r\n", "the body is empty");
    assert_unreadable(
        502,
        b"<html><body><p>Bad gateway secret=abc<br></p></body></html>",
        "the body is not well-formed XML",
    );
    assert_unreadable(
        502,
        b"<html><body>Bad gateway secret=abc</body></html>",
        "the body is not an <ErrorResponse> with an <Error> element",
    );
    assert_unreadable(
        400,
        b"<ErrorResponse><Error><Code>Trunc",
        "the body is not well-formed XML",
    );
    assert_unreadable(
        400,
        b"<ErrorResponse>\xff</ErrorResponse>",
        "the body is not well-formed XML",
    );
    assert_unreadable(
        400,
        b"{\"message\":\"json\"}",
        "the body is not well-formed XML",
    );
    assert_unreadable(
        400,
        b"<ErrorResponse><RequestId>r</RequestId></ErrorResponse>",
        "the body is not an <ErrorResponse> with an <Error> element",
    );
    assert_unreadable(
        400,
        b"<Response><Error><Code>C</Code></Error></Response>",
        "the body is not an <ErrorResponse> with an <Error> element",
    );
}

#[test]
fn unhandled_error() {
    let metadata = meta(Some("Throttling"), Some("Rate exceeded"), Some("r"), 400);
    let plain = Unhandled::new(metadata.clone());
    assert_eq!(
        plain.to_string(),
        "Throttling: Rate exceeded (status 400, request id r)"
    );
    assert!(plain.source().is_none());
    assert_eq!(plain.code(), Some("Throttling"));
    assert_eq!(plain.message(), Some("Rate exceeded"));
    assert_eq!(plain.request_id(), Some("r"));
    assert_eq!(plain.status(), Some(400));
    assert_eq!(plain.meta(), &metadata);

    let with_cause = Unhandled::with_source(
        metadata,
        XmlError::custom("missing required member `X` in <Y>"),
    );
    assert_eq!(
        with_cause.source().map(|s| s.to_string()),
        Some("missing required member `X` in <Y>".to_owned())
    );
    let from_text = Unhandled::with_source(ErrorMetadata::default(), "plain text cause");
    assert_eq!(
        from_text.source().map(|s| s.to_string()),
        Some("plain text cause".to_owned())
    );
    // With no code or message of its own, the cause is what explains the error.
    assert_eq!(from_text.to_string(), "plain text cause");
    assert_eq!(
        Unhandled::new(ErrorMetadata::default()).to_string(),
        "unknown error"
    );

    fn assert_error<T: std::error::Error + Send + Sync + 'static>(_: &T) {}
    assert_error(&from_text);
}

#[test]
fn metadata_accessors() {
    let m = ErrorMetadata::new(
        Some("C".into()),
        Some("M".into()),
        Some("R".into()),
        Some(403),
    );
    assert_eq!(
        (m.code(), m.message(), m.request_id(), m.status()),
        (Some("C"), Some("M"), Some("R"), Some(403))
    );
    let d = ErrorMetadata::default();
    assert_eq!(
        (d.code(), d.message(), d.request_id(), d.status()),
        (None, None, None, None)
    );
}
