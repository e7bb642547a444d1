//! Opens the stream for a new connection: TCP, then a TLS handshake for `https`.

use std::sync::Arc;

use rustls::ClientConfig;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::error::{TransportError, TransportErrorKind};
use super::io::Stream;
use super::target::{Scheme, Target};
use super::tls;

/// Connects to `target`; `tls_config` is used for `https` targets.
pub(crate) async fn open(
    target: &Target,
    tls_config: Option<&Arc<ClientConfig>>,
) -> Result<Stream, TransportError> {
    let tcp = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|err| {
            TransportError::with_source(
                TransportErrorKind::Connect,
                format!("cannot connect to {}", target.origin()),
                err,
            )
        })?;
    // Requests are written in one go and then waited on, so Nagle's algorithm only adds delay.
    // Failing to set the option leaves a working, merely slower, connection.
    let _ = tcp.set_nodelay(true);
    match target.scheme {
        Scheme::Http => Ok(Stream::Plain(tcp)),
        Scheme::Https => {
            let config = match tls_config {
                Some(config) => Arc::clone(config),
                None => tls::default_config()?,
            };
            let server_name = tls::server_name(&target.host)?;
            let stream = TlsConnector::from(config)
                .connect(server_name, tcp)
                .await
                .map_err(|err| handshake_error(target, err))?;
            if let Some(protocol) = stream.get_ref().1.alpn_protocol() {
                if protocol != tls::HTTP_1_1_ALPN {
                    return Err(TransportError::new(
                        TransportErrorKind::Tls,
                        format!(
                            "{} chose ALPN protocol {:?}, but this client speaks only HTTP/1.1",
                            target.origin(),
                            String::from_utf8_lossy(protocol)
                        ),
                    ));
                }
            }
            Ok(Stream::Tls(Box::new(stream)))
        }
    }
}

/// A handshake rejected by rustls (untrusted certificate, no common cipher suite) is a TLS
/// error; the connection merely dropping during the handshake is a connect error.
fn handshake_error(target: &Target, err: std::io::Error) -> TransportError {
    let is_tls = err
        .get_ref()
        .is_some_and(|inner| inner.is::<rustls::Error>());
    let kind = if is_tls {
        TransportErrorKind::Tls
    } else {
        TransportErrorKind::Connect
    };
    TransportError::with_source(
        kind,
        format!("TLS handshake with {} failed", target.origin()),
        err,
    )
}
