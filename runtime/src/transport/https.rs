//! [`HttpsClient`]: HTTP/1.1 over TCP or TLS with a small per-origin connection pool.

use std::fmt;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::http::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, HOST};
use hyper::http::{HeaderMap, Method, Request, Response};
use rustls::ClientConfig;

use super::connect;
use super::error::{TransportError, TransportErrorKind};
use super::io::CountingIo;
use super::pool::{Connection, Pool};
use super::target::Target;
use super::{HttpClient, HttpFuture};
use crate::http::{HttpRequest, HttpResponse};

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(45);
const DEFAULT_MAX_IDLE_PER_HOST: usize = 4;
const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;
const INITIAL_BODY_CAPACITY_CAP: u64 = 1024 * 1024;

/// An HTTP/1.1 client for `http://` and `https://` URIs.
///
/// Cloning is cheap and clones share the connection pool. It must be used inside a Tokio
/// runtime, which runs one small task per open connection.
#[derive(Clone)]
pub struct HttpsClient {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    tls_config: Option<Arc<ClientConfig>>,
    pool: Pool,
}

#[derive(Debug, Clone, Copy)]
struct Settings {
    connect_timeout: Duration,
    read_timeout: Duration,
    idle_timeout: Duration,
    max_idle_per_host: usize,
    max_response_bytes: usize,
}

/// Configures an [`HttpsClient`]; start from [`HttpsClient::builder`].
pub struct HttpsClientBuilder {
    settings: Settings,
    tls_config: Option<Arc<ClientConfig>>,
}

impl HttpsClient {
    /// A client with default settings: 3.1 s connect timeout, 30 s read timeout, up to 4 idle
    /// connections per origin kept for 45 s, 10 MiB response limit, webpki root certificates.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder starting from the defaults of [`HttpsClient::new`].
    pub fn builder() -> HttpsClientBuilder {
        HttpsClientBuilder {
            settings: Settings {
                connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                read_timeout: DEFAULT_READ_TIMEOUT,
                idle_timeout: DEFAULT_IDLE_TIMEOUT,
                max_idle_per_host: DEFAULT_MAX_IDLE_PER_HOST,
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            },
            tls_config: None,
        }
    }
}

impl Default for HttpsClient {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HttpsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner.settings;
        f.debug_struct("HttpsClient")
            .field("connect_timeout", &settings.connect_timeout)
            .field("read_timeout", &settings.read_timeout)
            .field("idle_timeout", &settings.idle_timeout)
            .field("max_idle_per_host", &settings.max_idle_per_host)
            .field("max_response_bytes", &settings.max_response_bytes)
            .field("custom_tls_config", &self.inner.tls_config.is_some())
            .finish()
    }
}

impl HttpsClientBuilder {
    /// Time allowed to open a connection, TCP and TLS handshake together (default 3.1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Time allowed, once connected, to send the request and receive the whole response
    /// (default 30 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.settings.read_timeout = timeout;
        self
    }

    /// How long an unused connection stays in the pool (default 45 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.settings.idle_timeout = timeout;
        self
    }

    /// How many unused connections to keep per scheme, host and port (default 4; 0 disables
    /// reuse).
    pub fn max_idle_per_host(mut self, max: usize) -> Self {
        self.settings.max_idle_per_host = max;
        self
    }

    /// The TLS configuration for `https` URIs, replacing the default (webpki roots, ring
    /// provider). Its ALPN list should be empty or offer `http/1.1`.
    pub fn tls_config(mut self, config: Arc<ClientConfig>) -> Self {
        self.tls_config = Some(config);
        self
    }

    /// The largest response body accepted (default 10 MiB); larger ones fail with
    /// [`TransportErrorKind::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.settings.max_response_bytes = max;
        self
    }

    /// The configured client.
    pub fn build(self) -> HttpsClient {
        HttpsClient {
            inner: Arc::new(Inner {
                pool: Pool::new(self.settings.max_idle_per_host, self.settings.idle_timeout),
                settings: self.settings,
                tls_config: self.tls_config,
            }),
        }
    }
}

impl fmt::Debug for HttpsClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpsClientBuilder")
            .field("settings", &self.settings)
            .field("custom_tls_config", &self.tls_config.is_some())
            .finish()
    }
}

impl HttpClient for HttpsClient {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(self.inner.send(request))
    }
}

/// A request converted once to hyper's types, ready to be sent (again).
struct Prepared {
    target: Target,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
    keep_alive: bool,
}

impl Prepared {
    fn to_request(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.target.request_target.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

/// How one attempt on one connection failed.
struct AttemptError {
    error: TransportError,
    /// The connection was reused and failed before a single response byte arrived: the server
    /// most likely closed it while idle, so a fresh connection is worth one more try.
    stale: bool,
}

impl Inner {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(TransportError::new(
                TransportErrorKind::InvalidRequest,
                "HttpsClient must be used inside a Tokio runtime",
            ));
        }
        let prepared = prepare(request)?;
        let key = prepared.target.key();
        if let Some(connection) = self.pool.take(&key) {
            match self.exchange(connection, &prepared, true).await {
                Ok(response) => return Ok(response),
                Err(failed) if failed.stale => {}
                Err(failed) => return Err(failed.error),
            }
        }
        let connection = self.connect(&prepared.target).await?;
        self.exchange(connection, &prepared, false)
            .await
            .map_err(|failed| failed.error)
    }

    async fn connect(&self, target: &Target) -> Result<Connection, TransportError> {
        let timeout = self.settings.connect_timeout;
        let stream = tokio::time::timeout(timeout, connect::open(target, self.tls_config.as_ref()))
            .await
            .map_err(|_| {
                TransportError::new(
                    TransportErrorKind::Timeout,
                    format!(
                        "connecting to {} timed out after {timeout:?}",
                        target.origin()
                    ),
                )
            })??;
        let bytes_read = Arc::new(AtomicU64::new(0));
        let io = CountingIo::new(stream, Arc::clone(&bytes_read));
        let (sender, connection) =
            hyper::client::conn::http1::handshake(io)
                .await
                .map_err(|err| {
                    TransportError::with_source(
                        TransportErrorKind::Connect,
                        format!(
                            "cannot start HTTP/1.1 on the connection to {}",
                            target.origin()
                        ),
                        err,
                    )
                })?;
        // The connection task ends when the server closes the connection or every sender is
        // dropped; its error, if any, also reaches the request that was in flight.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Connection::new(sender, bytes_read))
    }

    /// Sends the request on `connection` and reads the response, pooling the connection again
    /// when it can serve another request.
    async fn exchange(
        &self,
        mut connection: Connection,
        prepared: &Prepared,
        reused: bool,
    ) -> Result<HttpResponse, AttemptError> {
        let origin = || prepared.target.origin();
        let bytes_before = connection.bytes_read();
        let timeout = self.settings.read_timeout;
        let outcome = tokio::time::timeout(timeout, async {
            let response = send_on(&mut connection, prepared)
                .await
                .map_err(Failure::Send)?;
            read_response(response, self.settings.max_response_bytes, &origin())
                .await
                .map_err(Failure::Response)
        })
        .await;
        match outcome {
            Ok(Ok((response, server_keeps_alive))) => {
                if prepared.keep_alive && server_keeps_alive {
                    self.pool.put(prepared.target.key(), connection);
                }
                Ok(response)
            }
            Ok(Err(Failure::Send(err))) => Err(AttemptError {
                stale: reused && !err.is_user() && connection.bytes_read() == bytes_before,
                error: send_error(err, &origin()),
            }),
            Ok(Err(Failure::Response(error))) => Err(AttemptError {
                error,
                stale: false,
            }),
            Err(_) => Err(AttemptError {
                error: TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no complete response from {} within {timeout:?}", origin()),
                ),
                stale: false,
            }),
        }
    }
}

enum Failure {
    Send(hyper::Error),
    Response(TransportError),
}

async fn send_on(
    connection: &mut Connection,
    prepared: &Prepared,
) -> Result<Response<Incoming>, hyper::Error> {
    connection.sender.ready().await?;
    connection.sender.send_request(prepared.to_request()).await
}

/// Checks and converts `request`; error messages name headers but never their values.
fn prepare(request: HttpRequest) -> Result<Prepared, TransportError> {
    let invalid =
        |message: String| TransportError::new(TransportErrorKind::InvalidRequest, message);
    let target = Target::parse(&request.uri)?;
    let method = Method::from_bytes(request.method.as_bytes())
        .map_err(|_| invalid(format!("invalid HTTP method {:?}", request.method)))?;
    let mut headers = HeaderMap::with_capacity(request.headers.len() + 1);
    for (name, value) in &request.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
        let header_value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
            invalid(format!(
                "header {name} has a value that is not valid in HTTP"
            ))
        })?;
        headers.append(header_name, header_value);
    }
    if !headers.contains_key(HOST) {
        let host = HeaderValue::from_str(&target.host_header)
            .map_err(|_| invalid("request URI host is not a valid Host header".into()))?;
        headers.insert(HOST, host);
    }
    if let Some(declared) = headers.get(CONTENT_LENGTH) {
        let matches = declared
            .to_str()
            .ok()
            .and_then(|value| value.trim().parse::<usize>().ok())
            == Some(request.body.len());
        if !matches {
            return Err(invalid(format!(
                "Content-Length header {:?} does not match the body length {}",
                String::from_utf8_lossy(declared.as_bytes()),
                request.body.len()
            )));
        }
    }
    let keep_alive = !asks_to_close(&headers);
    Ok(Prepared {
        target,
        method,
        headers,
        body: Bytes::from(request.body),
        keep_alive,
    })
}

fn asks_to_close(headers: &HeaderMap) -> bool {
    headers.get_all(CONNECTION).iter().any(|value| {
        value.to_str().is_ok_and(|value| {
            value
                .split(',')
                .any(|token| token.trim().eq_ignore_ascii_case("close"))
        })
    })
}

/// Reads the whole body within the size limit; also says whether the server keeps the
/// connection open.
async fn read_response(
    response: Response<Incoming>,
    max_bytes: usize,
    origin: &str,
) -> Result<(HttpResponse, bool), TransportError> {
    let (parts, mut body) = response.into_parts();
    let too_large = || {
        TransportError::new(
            TransportErrorKind::ResponseTooLarge,
            format!("response body from {origin} is larger than the limit of {max_bytes} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > max_bytes as u64) {
        return Err(too_large());
    }
    // A declared length is only a claim: allocate for it up to a modest cap.
    let capacity = declared.map_or(0, |len| len.min(INITIAL_BODY_CAPACITY_CAP) as usize);
    let mut bytes = Vec::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| {
            TransportError::with_source(
                TransportErrorKind::Io,
                format!("reading the response body from {origin} failed"),
                err,
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    let keeps_alive = !asks_to_close(&parts.headers);
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    Ok((
        HttpResponse {
            status: parts.status.as_u16(),
            headers,
            body: bytes,
        },
        keeps_alive,
    ))
}

fn send_error(err: hyper::Error, origin: &str) -> TransportError {
    let (kind, message) = if err.is_user() {
        (
            TransportErrorKind::InvalidRequest,
            format!("the request to {origin} could not be sent"),
        )
    } else if err.is_parse() || err.is_parse_status() {
        (
            TransportErrorKind::Io,
            format!("{origin} sent a response that is not valid HTTP/1.1"),
        )
    } else {
        (
            TransportErrorKind::Io,
            format!("the connection to {origin} failed before the response headers arrived"),
        )
    };
    TransportError::with_source(kind, message, err)
}
