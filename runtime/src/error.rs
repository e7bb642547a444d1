//! Generic error metadata and the awsQuery error envelope.
//!
//! Every service error carries an [`ErrorMetadata`] (code, message, request id, HTTP status).
//! [`parse_query_error`] reads it from an awsQuery error body and hands back the `<Error>`
//! element so generated code can read the members of a modelled error; errors the operation
//! does not model become [`Unhandled`].

use std::error::Error as StdError;
use std::fmt;

use crate::xml::{self, Element};

/// What is known about a service error independently of its modelled shape.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: Option<u16>,
    ) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
            status,
        }
    }

    /// The error code, e.g. `InvalidIdentityToken`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The AWS request id, for support cases and log correlation.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .finish()
    }
}

impl fmt::Display for ErrorMetadata {
    /// `Code: message (status 400, request id abc)`, leaving out whatever is absent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            (Some(code), None) => f.write_str(code)?,
            (None, Some(message)) => f.write_str(message)?,
            (None, None) => f.write_str("unknown error")?,
        }
        match (self.status, &self.request_id) {
            (Some(status), Some(id)) => write!(f, " (status {status}, request id {id})"),
            (Some(status), None) => write!(f, " (status {status})"),
            (None, Some(id)) => write!(f, " (request id {id})"),
            (None, None) => Ok(()),
        }
    }
}

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, e.g. `ExpiredTokenException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The human-readable message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The AWS request id.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }

    /// The HTTP status code of the response.
    fn status(&self) -> Option<u16> {
        self.meta().status()
    }
}

/// Reads an awsQuery error response.
///
/// Accepts `<ErrorResponse><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>`
/// and the EC2-style `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>`,
/// ignoring namespaces. Never fails: when the body cannot be read, the metadata has no code,
/// its message says why (without repeating anything from the body, which may be sensitive),
/// and the status is kept so that retry logic can still classify the response.
///
/// The request id is the body's `RequestId`, or else `request_id_header`. The returned element
/// is the `<Error>` element, for reading the members of a modelled error.
pub fn parse_query_error<'a>(
    status: u16,
    request_id_header: Option<&str>,
    body: &'a [u8],
) -> (ErrorMetadata, Option<Element<'a>>) {
    let header_id = request_id_header.map(str::to_owned);
    let unreadable = |why: &str| {
        ErrorMetadata::new(
            None,
            Some(format!("the error response could not be read: {why}")),
            header_id.clone(),
            Some(status),
        )
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return (unreadable("the body is empty"), None);
    }
    let root = match xml::parse(body) {
        Ok(root) => root,
        Err(_) => return (unreadable("the body is not well-formed XML"), None),
    };
    let (body_id, error) = match root.name() {
        "ErrorResponse" => {
            let id = non_empty(root.child("RequestId"));
            (id, root.into_child("Error"))
        }
        "Response" => {
            let id = non_empty(root.child("RequestID").or_else(|| root.child("RequestId")));
            (
                id,
                root.into_child("Errors")
                    .and_then(|e| e.into_child("Error")),
            )
        }
        _ => (None, None),
    };
    let Some(error) = error else {
        return (
            unreadable("the body is not an <ErrorResponse> with an <Error> element"),
            None,
        );
    };
    let meta = ErrorMetadata::new(
        non_empty(error.child("Code")),
        non_empty(error.child("Message")),
        body_id.or(header_id),
        Some(status),
    );
    (meta, Some(error))
}

/// The trimmed text of an element, or `None` if the element is absent or blank.
fn non_empty(el: Option<&Element<'_>>) -> Option<String> {
    let text = el?.text().trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// An error the service returned that the operation does not model (or that could not be read).
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Unhandled {
    /// An unhandled error described by its metadata.
    pub fn new(meta: ErrorMetadata) -> Self {
        Unhandled { meta, source: None }
    }

    /// An unhandled error with an underlying cause, e.g. a modelled error body that failed to
    /// deserialize.
    pub fn with_source(
        meta: ErrorMetadata,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Unhandled {
            meta,
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An error that never reached the service (converted from a construction, transport or
        // response failure) has no code or message of its own: show why it failed instead.
        match &self.source {
            Some(source) if self.meta.code().is_none() && self.meta.message().is_none() => {
                write!(f, "{source}")
            }
            _ => write!(f, "{}", self.meta),
        }
    }
}

impl StdError for Unhandled {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_skips_absent_parts() {
        let full = ErrorMetadata::new(
            Some("InvalidIdentityToken".into()),
            Some("the token is bad".into()),
            Some("abc".into()),
            Some(400),
        );
        assert_eq!(
            full.to_string(),
            "InvalidIdentityToken: the token is bad (status 400, request id abc)"
        );
        let code_only = ErrorMetadata::new(Some("Throttling".into()), None, None, None);
        assert_eq!(code_only.to_string(), "Throttling");
        let message_status = ErrorMetadata::new(None, Some("m".into()), None, Some(503));
        assert_eq!(message_status.to_string(), "m (status 503)");
        let id_only = ErrorMetadata::new(None, None, Some("r".into()), None);
        assert_eq!(id_only.to_string(), "unknown error (request id r)");
        assert_eq!(ErrorMetadata::default().to_string(), "unknown error");
    }

    #[test]
    fn debug_lists_all_fields() {
        let meta = ErrorMetadata::new(Some("C".into()), None, Some("r".into()), Some(400));
        assert_eq!(
            format!("{meta:?}"),
            "ErrorMetadata { code: Some(\"C\"), message: None, request_id: Some(\"r\"), status: Some(400) }"
        );
    }
}
