//! The test harness itself: the canned server and the moto server, exercised through the
//! runtime's real HTTP client.

use std::net::TcpStream;
use std::path::Path;

use stsgen_runtime::http::{HttpRequest, HttpResponse};
use stsgen_runtime::transport::{HttpClient, HttpsClient};
use stsgen_tests::canned_server::{CannedServer, ReceivedRequest};
use stsgen_tests::moto::MotoServer;

const GET_CALLER_IDENTITY: &str = "Action=GetCallerIdentity&Version=2011-06-15";

/// moto picks the service from the credential scope and ignores the signature itself.
const UNCHECKED_STS_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
     Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, \
     SignedHeaders=content-type;host, Signature=0000";

fn form_post(endpoint: &str, body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        uri: format!("{endpoint}/"),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            ),
            ("Authorization".into(), UNCHECKED_STS_AUTHORIZATION.into()),
        ],
        body: body.as_bytes().to_vec(),
    }
}

async fn send(request: HttpRequest) -> HttpResponse {
    HttpsClient::new().send(request).await.unwrap()
}

#[tokio::test]
async fn canned_server_answers_from_the_closure_and_records_requests() {
    let server = CannedServer::start(|request| {
        let status = if request.path == "/missing" { 404 } else { 200 };
        (
            status,
            vec![("x-amzn-RequestId".to_owned(), "canned-1".to_owned())],
            format!("<echo>{}</echo>", request.body_text()),
        )
    });
    let client = HttpsClient::new();

    let first = client
        .send(form_post(&server.endpoint(), "a=1"))
        .await
        .unwrap();
    let mut missing = form_post(&server.endpoint(), "");
    missing.uri = format!("{}/missing", server.endpoint());
    missing.method = "GET".into();
    let second = client.send(missing).await.unwrap();

    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-amzn-requestid"), Some("canned-1"));
    assert_eq!(first.body, b"<echo>a=1</echo>");
    assert_eq!(second.status, 404);
    assert_eq!(second.body, b"<echo></echo>");
    assert_eq!(server.connections(), 1, "keep-alive reuses the connection");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let ReceivedRequest {
        method, path, body, ..
    } = &requests[0];
    assert_eq!(
        (method.as_str(), path.as_str(), body.as_slice()),
        ("POST", "/", &b"a=1"[..])
    );
    assert_eq!(requests[0].header("content-length"), Some("3"));
    assert_eq!(
        requests[0].header("Host"),
        Some(server.addr().to_string().as_str())
    );
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("GET", "/missing")
    );
}

#[tokio::test]
async fn canned_server_always_gives_the_same_xml() {
    let server = CannedServer::always(503, "<Error><Code>Throttling</Code></Error>");
    let response = send(form_post(&server.endpoint(), "x=y")).await;
    assert_eq!(response.status, 503);
    assert_eq!(response.header("content-type"), Some("text/xml"));
    assert_eq!(response.body, b"<Error><Code>Throttling</Code></Error>");
}

#[test]
fn canned_server_closes_its_port_on_drop() {
    let server = CannedServer::always(200, "");
    let addr = server.addr();
    assert!(TcpStream::connect(addr).is_ok());
    drop(server);
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn moto_start_without_install_names_the_install_script() {
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-venv");
    let message = MotoServer::start_from_venv(&missing).unwrap_err();
    assert_eq!(
        message,
        format!(
            "moto is not installed: run scripts/install-moto.sh (cargo xtask test does this); \
             looked for {}",
            missing.join("bin").join("moto_server").display()
        )
    );
}

#[tokio::test]
async fn moto_answers_get_caller_identity_and_stops_on_drop() {
    let moto = MotoServer::start().unwrap();
    let endpoint = moto.endpoint();
    assert_eq!(endpoint, format!("http://127.0.0.1:{}", moto.port()));

    let response = send(form_post(&endpoint, GET_CALLER_IDENTITY)).await;

    assert_eq!(response.status, 200);
    let body = String::from_utf8(response.body).unwrap();
    assert!(body.contains("<GetCallerIdentityResponse"), "{body}");
    assert!(body.contains("<Account>123456789012</Account>"), "{body}");
    let port = moto.port();
    drop(moto);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[tokio::test]
async fn shared_moto_is_started_once_and_can_be_reset() {
    let first = MotoServer::shared();
    let second = MotoServer::shared();
    assert!(std::ptr::eq(first, second));
    first.reset().unwrap();
    let response = send(form_post(&first.endpoint(), GET_CALLER_IDENTITY)).await;
    assert_eq!(response.status, 200);
    assert!(String::from_utf8_lossy(&response.body).contains("<GetCallerIdentityResult>"));
}
