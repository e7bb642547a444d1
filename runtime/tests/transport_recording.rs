//! `RecordingTransport`: records requests and replays canned responses in order.

use stsgen_runtime::http::{HttpRequest, HttpResponse};
use stsgen_runtime::transport::test_util::{response, RecordingTransport};
use stsgen_runtime::transport::{HttpClient, TransportError, TransportErrorKind};

fn request(body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        uri: "https://sts.amazonaws.com/".into(),
        headers: vec![(
            "Authorization".into(),
            "AWS4-HMAC-SHA256 Signature=abc".into(),
        )],
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn replays_responses_in_order_and_records_requests() {
    let transport =
        RecordingTransport::new([response(200, "<first/>"), response(503, "<second/>")]);
    let shared = transport.clone();

    let first = transport.send(request("a=1")).await.unwrap();
    let second = shared.send(request("a=2")).await.unwrap();
    let third = transport.send(request("a=3")).await.unwrap_err();

    assert_eq!(first, response(200, "<first/>"));
    assert_eq!(
        (second.status, second.body.as_slice()),
        (503, &b"<second/>"[..])
    );
    assert_eq!(third.kind(), TransportErrorKind::InvalidRequest);
    assert_eq!(third.to_string(), "no canned response left");
    assert_eq!(
        transport.requests(),
        vec![request("a=1"), request("a=2"), request("a=3")]
    );
}

#[tokio::test]
async fn function_answers_each_request() {
    let transport = RecordingTransport::with_fn(|request| {
        if request.body == b"fail" {
            Err(TransportError::new(
                TransportErrorKind::Timeout,
                "scripted timeout",
            ))
        } else {
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: request.body.clone(),
            })
        }
    });
    let echoed = transport.send(request("echo me")).await.unwrap();
    assert_eq!(echoed.body, b"echo me");
    let error = transport.send(request("fail")).await.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert!(error.is_retryable());
    assert_eq!(transport.requests().len(), 2);
}

#[test]
fn response_helper_builds_an_xml_response() {
    assert_eq!(
        response(404, "<e/>"),
        HttpResponse {
            status: 404,
            headers: vec![("Content-Type".into(), "text/xml".into())],
            body: b"<e/>".to_vec(),
        }
    );
}

#[test]
fn debug_output_hides_recorded_requests() {
    let transport = RecordingTransport::new([response(200, "")]);
    let _ = futures_free_send(&transport);
    let shown = format!("{transport:?}");
    assert_eq!(
        shown,
        "RecordingTransport { requests_recorded: 1, responses_left: 0 }"
    );
    assert!(!shown.contains("Signature"));
}

/// The transport answers synchronously, so a current-thread runtime is enough to drive it.
fn futures_free_send(transport: &RecordingTransport) -> Result<HttpResponse, TransportError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(transport.send(request("x")))
}
