//! The default TLS configuration: rustls with the ring provider and the Mozilla roots compiled in
//! from `webpki-roots`, so no certificate files are read from disk.

use std::sync::{Arc, OnceLock};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, RootCertStore};

use super::error::{TransportError, TransportErrorKind};

/// The ALPN id of the only protocol this client speaks.
pub(crate) const HTTP_1_1_ALPN: &[u8] = b"http/1.1";

/// The process-wide default client configuration, built on first use.
pub(crate) fn default_config() -> Result<Arc<ClientConfig>, TransportError> {
    static DEFAULT: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    DEFAULT
        .get_or_init(build_default)
        .clone()
        .map_err(|message| TransportError::new(TransportErrorKind::Tls, message))
}

fn build_default() -> Result<Arc<ClientConfig>, String> {
    let roots = RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // An explicit provider rather than the process default: another crate in the program
    // enabling a second rustls provider would otherwise make the choice ambiguous.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("cannot build the default TLS configuration: {err}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![HTTP_1_1_ALPN.to_vec()];
    Ok(Arc::new(config))
}

/// The name to verify the server certificate against: a DNS name or an IP address.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, TransportError> {
    ServerName::try_from(host.to_owned()).map_err(|err| {
        TransportError::with_source(
            TransportErrorKind::InvalidRequest,
            format!("host {host:?} is not a valid TLS server name"),
            err,
        )
    })
}
