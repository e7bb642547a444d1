//! Plain `http://`: request and response framing, connection reuse, stale connections, errors.

use std::time::{Duration, Instant};

use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::transport::{HttpClient, HttpsClient, TransportErrorKind};

use crate::server::{ok, Reply, TestServer};

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        uri: url,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

#[tokio::test]
async fn post_round_trip_carries_method_path_headers_and_body() {
    let server = TestServer::start(|_| {
        Reply::Send(
            b"HTTP/1.1 200 OK\r\nx-amzn-RequestId: req-1\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\n<ok/>"
                .to_vec(),
        )
    })
    .await;
    let body = "Action=GetCallerIdentity&Version=2011-06-15";
    let request = HttpRequest {
        method: "POST".into(),
        uri: server.url("/some/path?x=1"),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            ),
            ("X-Custom".into(), "value one".into()),
        ],
        body: body.as_bytes().to_vec(),
    };

    let response = HttpsClient::new().send(request).await.unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(response.header("X-Amzn-RequestId"), Some("req-1"));
    assert_eq!(response.header("content-type"), Some("text/xml"));
    assert_eq!(response.body, b"<ok/>");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let seen = &received[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/some/path?x=1");
    assert_eq!(
        seen.header("host"),
        Some(format!("127.0.0.1:{}", server.port()).as_str())
    );
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(seen.header("x-custom"), Some("value one"));
    assert_eq!(seen.header("content-length"), Some("43"));
    assert_eq!(seen.body, body.as_bytes());
}

#[tokio::test]
async fn caller_supplied_host_header_is_sent_unchanged() {
    let server = TestServer::start(|_| Reply::Send(ok(""))).await;
    let mut request = get(server.url("/"));
    request.set_header("Host", "sts.amazonaws.com");
    HttpsClient::new().send(request).await.unwrap();
    let received = server.received();
    let hosts: Vec<_> = received[0]
        .headers
        .iter()
        .filter(|(name, _)| name == "host")
        .collect();
    assert_eq!(
        hosts,
        [&("host".to_owned(), "sts.amazonaws.com".to_owned())]
    );
}

#[tokio::test]
async fn sequential_requests_reuse_one_connection() {
    let server =
        TestServer::start(|request| Reply::Send(ok(&format!("<n>{}</n>", request.path)))).await;
    let client = HttpsClient::new();
    for n in 1..=3 {
        let response = client
            .send(get(server.url(&format!("/{n}"))))
            .await
            .unwrap();
        assert_eq!(response.body, format!("<n>/{n}</n>").as_bytes());
    }
    assert_eq!(server.accepted(), 1);
    let placement: Vec<_> = server
        .received()
        .iter()
        .map(|r| (r.connection, r.index_on_connection))
        .collect();
    assert_eq!(placement, [(1, 0), (1, 1), (1, 2)]);
}

#[tokio::test]
async fn clones_share_the_pool() {
    let server = TestServer::start(|_| Reply::Send(ok("<a/>"))).await;
    let client = HttpsClient::new();
    client.send(get(server.url("/"))).await.unwrap();
    client.clone().send(get(server.url("/"))).await.unwrap();
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn pooling_disabled_opens_a_connection_per_request() {
    let server = TestServer::start(|_| Reply::Send(ok("<a/>"))).await;
    let client = HttpsClient::builder().max_idle_per_host(0).build();
    client.send(get(server.url("/"))).await.unwrap();
    client.send(get(server.url("/"))).await.unwrap();
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn server_closing_idle_connection_does_not_fail_the_next_request() {
    let server = TestServer::start(|_| Reply::SendAndClose(ok("<a/>"))).await;
    let client = HttpsClient::new();
    client.send(get(server.url("/1"))).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let response = client.send(get(server.url("/2"))).await.unwrap();
    assert_eq!(response.body, b"<a/>");
    assert_eq!(server.accepted(), 2);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn response_with_connection_close_is_not_reused() {
    let server = TestServer::start(|_| {
        Reply::Send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi".to_vec())
    })
    .await;
    let client = HttpsClient::new();
    client.send(get(server.url("/1"))).await.unwrap();
    client.send(get(server.url("/2"))).await.unwrap();
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn stale_reused_connection_is_retried_once_on_a_fresh_one() {
    // The server drops the second request on each connection without answering, as a server
    // whose keep-alive timer fires just as the request arrives does.
    let server = TestServer::start(|request| {
        if request.index_on_connection == 1 {
            Reply::Close
        } else {
            Reply::Send(ok("<a/>"))
        }
    })
    .await;
    let client = HttpsClient::new();
    client.send(get(server.url("/first"))).await.unwrap();
    let response = client.send(get(server.url("/second"))).await.unwrap();
    assert_eq!(response.body, b"<a/>");
    let placement: Vec<_> = server
        .received()
        .iter()
        .map(|r| (r.path.clone(), r.connection, r.index_on_connection))
        .collect();
    assert_eq!(
        placement,
        [
            ("/first".to_owned(), 1, 0),
            ("/second".to_owned(), 1, 1),
            ("/second".to_owned(), 2, 0),
        ]
    );
}

#[tokio::test]
async fn reused_connection_failing_after_response_bytes_is_not_retried() {
    let server = TestServer::start(|request| {
        if request.index_on_connection == 1 {
            Reply::SendAndClose(b"HTTP/1.1 200 OK\r\nContent-".to_vec())
        } else {
            Reply::Send(ok("<a/>"))
        }
    })
    .await;
    let client = HttpsClient::new();
    client.send(get(server.url("/first"))).await.unwrap();
    let error = client.send(get(server.url("/second"))).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(error.is_retryable());
    assert_eq!(server.accepted(), 1);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn fresh_connection_closed_without_answer_is_an_io_error_without_retry() {
    let server = TestServer::start(|_| Reply::Close).await;
    let error = HttpsClient::new()
        .send(get(server.url("/")))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(
        error.to_string().starts_with(&format!(
            "the connection to http://127.0.0.1:{} failed before the response headers arrived",
            server.port()
        )),
        "{error}"
    );
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = HttpsClient::new()
        .send(get(format!("http://127.0.0.1:{port}/")))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Connect);
    assert!(error.is_retryable());
    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot connect to http://127.0.0.1:{port}: ")),
        "{error}"
    );
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = TestServer::start(|_| Reply::Hang).await;
    let client = HttpsClient::builder()
        .read_timeout(Duration::from_millis(200))
        .build();
    let started = Instant::now();
    let error = client.send(get(server.url("/"))).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        format!(
            "no complete response from http://127.0.0.1:{} within 200ms",
            server.port()
        )
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn chunked_response_body_is_assembled_and_connection_reused() {
    let server = TestServer::start(|_| {
        Reply::Send(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let client = HttpsClient::new();
    for _ in 0..2 {
        let response = client.send(get(server.url("/"))).await.unwrap();
        assert_eq!(response.body, b"Hello, world");
    }
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn body_at_the_limit_is_accepted_and_one_byte_more_is_too_large() {
    let server = TestServer::start(|request| {
        Reply::Send(ok(if request.path == "/big" {
            "0123456789abcdefX"
        } else {
            "0123456789abcdef"
        }))
    })
    .await;
    let client = HttpsClient::builder().max_response_bytes(16).build();
    let response = client.send(get(server.url("/fits"))).await.unwrap();
    assert_eq!(response.body, b"0123456789abcdef");
    let error = client.send(get(server.url("/big"))).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        format!(
            "response body from http://127.0.0.1:{} is larger than the limit of 16 bytes",
            server.port()
        )
    );
}

#[tokio::test]
async fn oversized_chunked_body_is_too_large() {
    let server = TestServer::start(|_| {
        Reply::Send(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let client = HttpsClient::builder().max_response_bytes(10).build();
    let error = client.send(get(server.url("/"))).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
}

#[tokio::test]
async fn invalid_requests_fail_before_connecting() {
    let server = TestServer::start(|_| Reply::Send(ok(""))).await;
    let client = HttpsClient::new();
    let mut mismatched = get(server.url("/"));
    mismatched.method = "POST".into();
    mismatched.body = b"abc".to_vec();
    mismatched.set_header("Content-Length", "4");
    let mut bad_value = get(server.url("/"));
    bad_value.set_header("X-Amz-Security-Token", "secret\nvalue");
    let mut bad_method = get(server.url("/"));
    bad_method.method = "GE T".into();
    let cases = [
        (
            mismatched,
            "Content-Length header \"4\" does not match the body length 3".to_owned(),
        ),
        (
            bad_value,
            "header X-Amz-Security-Token has a value that is not valid in HTTP".to_owned(),
        ),
        (bad_method, "invalid HTTP method \"GE T\"".to_owned()),
        (
            get(format!("ftp://127.0.0.1:{}/", server.port())),
            "request URI scheme \"ftp\" is not supported: use http or https".to_owned(),
        ),
    ];
    for (request, message) in cases {
        let error = client.send(request).await.unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
        assert!(!error.is_retryable());
        assert_eq!(error.to_string(), message);
    }
    assert_eq!(server.accepted(), 0);
}

#[tokio::test]
async fn debug_output_shows_settings() {
    let client = HttpsClient::builder()
        .connect_timeout(Duration::from_secs(1))
        .max_idle_per_host(2)
        .build();
    assert_eq!(
        format!("{client:?}"),
        "HttpsClient { connect_timeout: 1s, read_timeout: 30s, idle_timeout: 45s, \
         max_idle_per_host: 2, max_response_bytes: 10485760, custom_tls_config: false }"
    );
}
