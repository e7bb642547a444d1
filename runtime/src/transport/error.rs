//! The error every [`HttpClient`](super::HttpClient) returns, classified by what went wrong.

use std::error::Error as StdError;
use std::fmt;

/// The class of a [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// No connection could be made: name resolution failed, the peer refused or reset it.
    Connect,
    /// Connecting or waiting for the response took longer than allowed.
    Timeout,
    /// The connection broke while the request or response was in flight, or the peer sent
    /// something that is not HTTP/1.1.
    Io,
    /// TLS failed: the certificate was not trusted, the handshake was rejected, or the TLS
    /// configuration cannot be used.
    Tls,
    /// The request cannot be sent as given (bad URI, scheme, method or header).
    InvalidRequest,
    /// The response body is larger than the configured limit.
    ResponseTooLarge,
}

/// Why a request got no response.
///
/// Messages name the origin (`scheme://host:port`) but never the path, query, headers or body,
/// which may carry credentials.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    /// An error of `kind` described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// An error of `kind` described by `message`, caused by `source`.
    pub fn with_source(
        kind: TransportErrorKind,
        message: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            kind,
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The class of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether sending the same request again may succeed: true for connect, timeout and I/O
    /// failures, false for TLS, invalid requests and oversized responses.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // Most callers print only the top-level message; the cause (for example "invalid peer
        // certificate: UnknownIssuer") is the part that tells them what to fix.
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
