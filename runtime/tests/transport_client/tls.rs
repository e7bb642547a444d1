//! `https://` against a TLS server with a self-signed certificate made by rcgen.

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::transport::{HttpClient, HttpsClient, TransportErrorKind};
use tokio_rustls::TlsAcceptor;

use crate::server::{ok, Reply, TestServer};

struct SelfSigned {
    cert: CertificateDer<'static>,
    key: Vec<u8>,
}

fn self_signed() -> SelfSigned {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    SelfSigned {
        cert: certified.cert.der().clone(),
        key: certified.signing_key.serialize_der(),
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn acceptor(identity: &SelfSigned, alpn: &[&[u8]]) -> TlsAcceptor {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key.clone()));
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![identity.cert.clone()], key)
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsAcceptor::from(Arc::new(config))
}

fn trusting(identity: &SelfSigned, alpn: &[&[u8]]) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots.add(identity.cert.clone()).unwrap();
    let mut config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Arc::new(config)
}

fn post(url: String) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        uri: url,
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: b"Action=GetCallerIdentity".to_vec(),
    }
}

#[tokio::test]
async fn https_request_with_custom_root_succeeds_and_reuses_the_connection() {
    let identity = self_signed();
    let server = TestServer::start_tls(acceptor(&identity, &[b"http/1.1"]), |_| {
        Reply::Send(ok("<secure/>"))
    })
    .await;
    let client = HttpsClient::builder()
        .tls_config(trusting(&identity, &[]))
        .build();
    for _ in 0..2 {
        let response = client.send(post(server.https_url("/"))).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.body, b"<secure/>");
    }
    assert_eq!(server.accepted(), 1);
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, b"Action=GetCallerIdentity");
    assert_eq!(
        received[0].header("host"),
        Some(format!("127.0.0.1:{}", server.port()).as_str())
    );
}

#[tokio::test]
async fn default_roots_reject_a_self_signed_certificate() {
    let identity = self_signed();
    let server = TestServer::start_tls(acceptor(&identity, &[]), |_| Reply::Send(ok(""))).await;
    let error = HttpsClient::new()
        .send(post(server.https_url("/")))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Tls);
    assert!(!error.is_retryable());
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "TLS handshake with https://127.0.0.1:{} failed: ",
            server.port()
        )),
        "{message}"
    );
    assert!(message.contains("certificate"), "{message}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn server_choosing_http2_is_refused() {
    let identity = self_signed();
    let server =
        TestServer::start_tls(acceptor(&identity, &[b"h2"]), |_| Reply::Send(ok(""))).await;
    let client = HttpsClient::builder()
        .tls_config(trusting(&identity, &[b"h2", b"http/1.1"]))
        .build();
    let error = client.send(post(server.https_url("/"))).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Tls);
    assert_eq!(
        error.to_string(),
        format!(
            "https://127.0.0.1:{} chose ALPN protocol \"h2\", but this client speaks only HTTP/1.1",
            server.port()
        )
    );
}

#[tokio::test]
async fn plain_http_to_a_tls_server_is_an_io_error() {
    let identity = self_signed();
    let server = TestServer::start_tls(acceptor(&identity, &[]), |_| Reply::Send(ok(""))).await;
    let error = HttpsClient::new()
        .send(post(server.url("/")))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Io);
}
