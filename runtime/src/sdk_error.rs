//! The error every operation call returns, and the error a builder returns.

use std::convert::Infallible;
use std::error::Error as StdError;
use std::fmt;

use crate::error::{ErrorMetadata, ProvideErrorMetadata, Unhandled};
use crate::operation::RequestId;
use crate::transport::TransportError;
use crate::xml::XmlError;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Why a call failed. `E` is the operation's error enum (modelled errors plus `Unhandled`).
#[derive(Debug)]
pub enum SdkError<E> {
    /// The request could not be built: a missing required member, no region, no credentials,
    /// an invalid endpoint. Nothing was sent.
    Construction(ConstructionError),
    /// The request could not be sent or no response arrived: connection, TLS, timeout.
    Transport(TransportError),
    /// A response arrived but could not be read: malformed XML, wrong envelope.
    Response(ResponseError),
    /// The service answered with an error: a modelled variant, or `Unhandled` with the code,
    /// message, request id and HTTP status.
    Service(E),
}

impl<E> SdkError<E> {
    /// A construction error from any error value.
    pub fn construction(source: impl Into<BoxError>) -> Self {
        SdkError::Construction(ConstructionError {
            source: source.into(),
        })
    }

    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(error) => Some(error),
            _ => None,
        }
    }

    /// The service error, or the rest of the error with the service type erased.
    pub fn into_service_error(self) -> Result<E, SdkError<Infallible>> {
        match self {
            SdkError::Service(error) => Ok(error),
            SdkError::Construction(error) => Err(SdkError::Construction(error)),
            SdkError::Transport(error) => Err(SdkError::Transport(error)),
            SdkError::Response(error) => Err(SdkError::Response(error)),
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Construction(error) => write!(f, "the request could not be built: {error}"),
            SdkError::Transport(error) => write!(f, "the request could not be sent: {error}"),
            SdkError::Response(error) => write!(f, "the response could not be read: {error}"),
            SdkError::Service(error) => write!(f, "service error: {error}"),
        }
    }
}

/// `Display` already includes the wrapped error's message, so `source()` skips it and goes to
/// its cause: error-chain printers then show each message once.
impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Construction(error) => error.source(),
            SdkError::Transport(error) => error.source(),
            SdkError::Response(error) => error.source(),
            SdkError::Service(error) => error.source(),
        }
    }
}

impl<E: ProvideErrorMetadata> RequestId for SdkError<E> {
    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(error) => error.request_id(),
            SdkError::Response(error) => error.request_id.as_deref(),
            _ => None,
        }
    }
}

/// A request that could not be built.
#[derive(Debug)]
pub struct ConstructionError {
    source: BoxError,
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl StdError for ConstructionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        // Display is the cause's message; its own cause comes next in the chain.
        self.source.source()
    }
}

/// A response that could not be read.
#[derive(Debug)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    source: XmlError,
}

impl ResponseError {
    /// A response with status `status` whose body failed to parse.
    pub fn new(status: u16, request_id: Option<String>, source: XmlError) -> Self {
        ResponseError {
            status,
            request_id,
            source,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id from the response headers, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} response: {}", self.status, self.source)
    }
}

impl StdError for ResponseError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        // Display includes the parse error's message.
        self.source.source()
    }
}

/// A builder's `build()` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum BuildErrorKind {
    MissingField {
        shape: &'static str,
        member: &'static str,
    },
    InvalidField {
        member: &'static str,
        details: String,
    },
}

impl BuildError {
    /// The required member `member` of `shape` was not set.
    pub fn missing_field(shape: &'static str, member: &'static str) -> Self {
        BuildError {
            kind: BuildErrorKind::MissingField { shape, member },
        }
    }

    /// The member `member` has a value that cannot be sent.
    pub fn invalid_field(member: &'static str, details: impl Into<String>) -> Self {
        BuildError {
            kind: BuildErrorKind::InvalidField {
                member,
                details: details.into(),
            },
        }
    }

    /// The member the error is about.
    pub fn member(&self) -> &'static str {
        match &self.kind {
            BuildErrorKind::MissingField { member, .. }
            | BuildErrorKind::InvalidField { member, .. } => member,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { shape, member } => {
                write!(f, "`{member}` is required by `{shape}` but was not set")
            }
            BuildErrorKind::InvalidField { member, details } => {
                write!(f, "`{member}` is invalid: {details}")
            }
        }
    }
}

impl StdError for BuildError {}

/// A failure that is not a service error, as an [`Unhandled`] error: its `Display` is the failure's,
/// and a malformed response keeps its status and request id in the metadata.
impl From<SdkError<Infallible>> for Unhandled {
    fn from(error: SdkError<Infallible>) -> Self {
        let meta = match &error {
            SdkError::Response(response) => ErrorMetadata::new(
                None,
                None,
                response.request_id.clone(),
                Some(response.status),
            ),
            _ => ErrorMetadata::default(),
        };
        Unhandled::with_source(meta, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_service_failures_keep_their_reason() {
        let error: SdkError<Infallible> =
            SdkError::construction(BuildError::missing_field("AssumeRoleInput", "RoleArn"));
        let unhandled = Unhandled::from(error);
        assert_eq!(
            unhandled.to_string(),
            "the request could not be built: `RoleArn` is required by `AssumeRoleInput` but was not set"
        );
        let response: SdkError<Infallible> = SdkError::Response(ResponseError::new(
            200,
            Some("req-1".into()),
            XmlError::custom("expected <AResponse>"),
        ));
        let unhandled = Unhandled::from(response);
        assert_eq!(unhandled.request_id(), Some("req-1"));
        assert_eq!(unhandled.meta().status(), Some(200));
        assert!(
            unhandled
                .to_string()
                .starts_with("the response could not be read: HTTP 200 response:"),
            "{unhandled}"
        );
    }
}
