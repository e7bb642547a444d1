//! HTTP transport: the [`HttpClient`] trait the orchestrator sends requests through, the
//! [`HttpsClient`] that speaks HTTP/1.1 over TCP or TLS, and [`test_util`] fakes for tests.
//!
//! The real client is built on hyper's low-level HTTP/1.1 connection API with a small idle pool of
//! its own, and on rustls (ring provider, webpki roots), to keep compile time and binary size low.

mod connect;
mod error;
mod https;
mod io;
mod pool;
mod target;
pub mod test_util;
mod tls;

use std::future::Future;
use std::pin::Pin;

use crate::http::{HttpRequest, HttpResponse};

pub use error::{TransportError, TransportErrorKind};
pub use https::{HttpsClient, HttpsClientBuilder};

/// The future an [`HttpClient`] returns: the whole response, or why there is none.
pub type HttpFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the complete response.
///
/// Implementations must not retry on their own beyond reconnecting a stale pooled connection:
/// retry policy belongs to the caller, which can tell from [`TransportError::is_retryable`].
pub trait HttpClient: Send + Sync + std::fmt::Debug {
    /// Sends `request` (with an absolute `http` or `https` URI) and reads the full response.
    fn send(&self, request: HttpRequest) -> HttpFuture<'_>;
}
