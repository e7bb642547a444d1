//! End-to-end tests of the generated STS client against an in-process HTTP server with scripted
//! answers ([`CannedServer`]), over real HTTP through the runtime's `HttpsClient`.
//!
//! Client side: every modelled STS error code arrives as its typed variant on every operation
//! that declares it (aws-query.md §5.2), codes an operation does not declare and codes that are
//! only shape names arrive as `Unhandled`, unreadable error bodies keep their status, broken
//! success bodies are `SdkError::Response`, and a refused connection is `SdkError::Transport`.
//! Server side: what actually arrived on the socket — method, path, content type, the exact
//! awsQuery form, SigV4 headers (re-signed from the received bytes to prove the signature covers
//! them), no auth headers on the unsigned operations — and how many attempts retries made.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use sts::config::{Credentials, RetryConfig};
use sts::operation::assume_role::AssumeRoleError;
use sts::operation::assume_role_with_saml::AssumeRoleWithSamlError;
use sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityError;
use sts::operation::assume_root::AssumeRootError;
use sts::operation::decode_authorization_message::DecodeAuthorizationMessageError;
use sts::operation::get_access_key_info::GetAccessKeyInfoError;
use sts::operation::get_caller_identity::GetCallerIdentityError;
use sts::operation::get_delegated_access_token::GetDelegatedAccessTokenError;
use sts::operation::get_federation_token::GetFederationTokenError;
use sts::operation::get_session_token::GetSessionTokenError;
use sts::operation::get_web_identity_token::GetWebIdentityTokenError;
use sts::primitives::{DateTime, ProvideErrorMetadata, RequestId, SdkError};
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config};
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::sigv4::{sign, SigningParams};
use stsgen_runtime::transport::TransportErrorKind;
use stsgen_tests::canned_server::{CannedResponse, CannedServer, ReceivedRequest};

/// The signing clock: 2026-01-01T00:00:00Z.
const NOW_SECS: i64 = 1_767_225_600;
const AMZ_DATE: &str = "20260101T000000Z";
const ACCESS_KEY: &str = "AKIDE2EERRORS";
const SECRET_KEY: &str = "e2e/errors/secret/key";
const SESSION_TOKEN: &str = "e2e/session+token=";
const REQUEST_ID: &str = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/demo";
const GET_CALLER_IDENTITY_OK: &str = "<GetCallerIdentityResponse \
     xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>\
     <Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>\
     <Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata>\
     <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>\
     </GetCallerIdentityResponse>";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// A [`CannedServer`] that answers each request with the next response from a queue, or with
/// HTTP 418 when the test scripted none (which no assertion accepts).
struct Scripted {
    server: CannedServer,
    queue: Arc<Mutex<VecDeque<CannedResponse>>>,
}

impl Scripted {
    fn new() -> Scripted {
        let queue: Arc<Mutex<VecDeque<CannedResponse>>> = Arc::default();
        let server = CannedServer::start({
            let queue = Arc::clone(&queue);
            move |_| {
                lock(&queue)
                    .pop_front()
                    .unwrap_or_else(|| (418, Vec::new(), "no scripted response left".to_owned()))
            }
        });
        Scripted { server, queue }
    }

    /// Queues the answer to the next request.
    fn push(&self, response: CannedResponse) {
        lock(&self.queue).push_back(response);
    }

    fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    fn requests(&self) -> Vec<ReceivedRequest> {
        self.server.requests()
    }

    /// The only request received so far.
    fn only_request(&self) -> ReceivedRequest {
        let mut requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.remove(0)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An awsQuery error response as STS sends it: `text/xml`, the request id both in the
/// `x-amzn-RequestId` header and in the body.
fn error_response(status: u16, code: &str, message: &str) -> CannedResponse {
    (
        status,
        vec![
            ("Content-Type".to_owned(), "text/xml".to_owned()),
            ("x-amzn-RequestId".to_owned(), REQUEST_ID.to_owned()),
        ],
        format!(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
        ),
    )
}

/// A response with `status`, the request id header, `content_type` and `body`.
fn raw_response(status: u16, content_type: &str, body: &str) -> CannedResponse {
    (
        status,
        vec![
            ("Content-Type".to_owned(), content_type.to_owned()),
            ("x-amzn-RequestId".to_owned(), REQUEST_ID.to_owned()),
        ],
        body.to_owned(),
    )
}

fn credentials(session_token: Option<&str>) -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY, session_token.map(str::to_owned))
}

/// us-east-1, `endpoint`, a fixed clock and `retry`.
fn config(endpoint: &str, retry: RetryConfig) -> sts::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .retry(retry)
        .time_source(|| DateTime::from_secs(NOW_SECS))
}

/// A client with long-term credentials and no retries.
fn signed_client(endpoint: &str) -> Client {
    Client::new(
        config(endpoint, RetryConfig::disabled())
            .credentials(credentials(None))
            .build(),
    )
}

/// A client with temporary credentials (session token) and no retries.
fn session_client(endpoint: &str) -> Client {
    Client::new(
        config(endpoint, RetryConfig::disabled())
            .credentials(credentials(Some(SESSION_TOKEN)))
            .build(),
    )
}

/// A client with retries: 3 attempts, 1 ms initial backoff.
fn retrying_client(endpoint: &str) -> Client {
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1));
    Client::new(
        config(endpoint, retry)
            .credentials(credentials(None))
            .build(),
    )
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder()
        .key(key)
        .value(value)
        .build()
        .unwrap_or_else(|err| panic!("tag {key}: {err}"))
}

fn policy_arn(arn: &str) -> PolicyDescriptorType {
    PolicyDescriptorType::builder().arn(arn).build()
}

// ---------------------------------------------------------------------------------------------
// Service errors, operation by operation
// ---------------------------------------------------------------------------------------------

/// Every STS operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    AssumeRole,
    AssumeRoleWithSaml,
    AssumeRoleWithWebIdentity,
    AssumeRoot,
    DecodeAuthorizationMessage,
    GetAccessKeyInfo,
    GetCallerIdentity,
    GetDelegatedAccessToken,
    GetFederationToken,
    GetSessionToken,
    GetWebIdentityToken,
}

const ALL_OPS: [Op; 11] = [
    Op::AssumeRole,
    Op::AssumeRoleWithSaml,
    Op::AssumeRoleWithWebIdentity,
    Op::AssumeRoot,
    Op::DecodeAuthorizationMessage,
    Op::GetAccessKeyInfo,
    Op::GetCallerIdentity,
    Op::GetDelegatedAccessToken,
    Op::GetFederationToken,
    Op::GetSessionToken,
    Op::GetWebIdentityToken,
];

/// One modelled error: wire code, HTTP status, the variant it must become, and the operations
/// declaring it (aws-query.md §5.2).
struct Modelled {
    code: &'static str,
    status: u16,
    variant: &'static str,
    ops: &'static [Op],
}

/// Every modelled STS error; five wire codes differ from the shape (variant) names.
const MODELLED: [Modelled; 12] = [
    Modelled {
        code: "ExpiredTokenException",
        status: 400,
        variant: "ExpiredTokenException",
        ops: &[
            Op::AssumeRole,
            Op::AssumeRoleWithSaml,
            Op::AssumeRoleWithWebIdentity,
            Op::AssumeRoot,
        ],
    },
    Modelled {
        code: "ExpiredTradeInTokenException",
        status: 400,
        variant: "ExpiredTradeInTokenException",
        ops: &[Op::GetDelegatedAccessToken],
    },
    Modelled {
        code: "IDPCommunicationError",
        status: 400,
        variant: "IdpCommunicationErrorException",
        ops: &[Op::AssumeRoleWithWebIdentity],
    },
    Modelled {
        code: "IDPRejectedClaim",
        status: 403,
        variant: "IdpRejectedClaimException",
        ops: &[Op::AssumeRoleWithSaml, Op::AssumeRoleWithWebIdentity],
    },
    Modelled {
        code: "InvalidAuthorizationMessageException",
        status: 400,
        variant: "InvalidAuthorizationMessageException",
        ops: &[Op::DecodeAuthorizationMessage],
    },
    Modelled {
        code: "InvalidIdentityToken",
        status: 400,
        variant: "InvalidIdentityTokenException",
        ops: &[Op::AssumeRoleWithSaml, Op::AssumeRoleWithWebIdentity],
    },
    Modelled {
        code: "JWTPayloadSizeExceededException",
        status: 400,
        variant: "JwtPayloadSizeExceededException",
        ops: &[Op::GetWebIdentityToken],
    },
    Modelled {
        code: "MalformedPolicyDocument",
        status: 400,
        variant: "MalformedPolicyDocumentException",
        ops: &[
            Op::AssumeRole,
            Op::AssumeRoleWithSaml,
            Op::AssumeRoleWithWebIdentity,
            Op::GetFederationToken,
        ],
    },
    Modelled {
        code: "OutboundWebIdentityFederationDisabledException",
        status: 403,
        variant: "OutboundWebIdentityFederationDisabledException",
        ops: &[Op::GetWebIdentityToken],
    },
    Modelled {
        code: "PackedPolicyTooLarge",
        status: 400,
        variant: "PackedPolicyTooLargeException",
        ops: &[
            Op::AssumeRole,
            Op::AssumeRoleWithSaml,
            Op::AssumeRoleWithWebIdentity,
            Op::GetDelegatedAccessToken,
            Op::GetFederationToken,
        ],
    },
    Modelled {
        code: "RegionDisabledException",
        status: 403,
        variant: "RegionDisabledException",
        ops: &[
            Op::AssumeRole,
            Op::AssumeRoleWithSaml,
            Op::AssumeRoleWithWebIdentity,
            Op::AssumeRoot,
            Op::GetDelegatedAccessToken,
            Op::GetFederationToken,
            Op::GetSessionToken,
        ],
    },
    Modelled {
        code: "SessionDurationEscalationException",
        status: 403,
        variant: "SessionDurationEscalationException",
        ops: &[Op::GetWebIdentityToken],
    },
];

/// What a service error looked like, whatever its operation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    /// The enum variant (`Unhandled` for errors the operation does not model).
    variant: &'static str,
    /// The modelled error's own `message` member; `None` for `Unhandled`.
    member_message: Option<String>,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl Seen {
    fn new(
        variant: &'static str,
        member_message: Option<&str>,
        error: &impl ProvideErrorMetadata,
    ) -> Seen {
        Seen {
            variant,
            member_message: member_message.map(str::to_owned),
            code: error.code().map(str::to_owned),
            message: error.message().map(str::to_owned),
            request_id: error.request_id().map(str::to_owned),
            status: error.meta().status(),
        }
    }

    /// What a complete error response with these values must look like.
    fn expected(variant: &'static str, code: &str, status: u16, message: &str) -> Seen {
        Seen {
            variant,
            member_message: (variant != "Unhandled").then(|| message.to_owned()),
            code: Some(code.to_owned()),
            message: Some(message.to_owned()),
            request_id: Some(REQUEST_ID.to_owned()),
            status: Some(status),
        }
    }
}

/// Turns the result of one call into a [`Seen`], failing the test unless it is a service error.
macro_rules! service_error {
    ($op:expr, $result:expr, $enum:ident { $($variant:ident),* }) => {
        match $result {
            Err(SdkError::Service(error)) => match &error {
                $( $enum::$variant(inner) => Seen::new(stringify!($variant), inner.message(), &error), )*
                $enum::Unhandled(_) => Seen::new("Unhandled", None, &error),
                _ => panic!("{:?}: a variant this test does not know: {error}", $op),
            },
            Err(other) => panic!("{:?}: expected a service error, got: {other}", $op),
            Ok(output) => panic!("{:?}: expected an error, got {output:?}", $op),
        }
    };
}

/// Calls `op` with its required members and returns the service error it must fail with.
async fn call_for_error(client: &Client, op: Op) -> Seen {
    match op {
        Op::AssumeRole => service_error!(
            op,
            client
                .assume_role()
                .role_arn(ROLE_ARN)
                .role_session_name("s")
                .send()
                .await,
            AssumeRoleError {
                ExpiredTokenException,
                MalformedPolicyDocumentException,
                PackedPolicyTooLargeException,
                RegionDisabledException
            }
        ),
        Op::AssumeRoleWithSaml => service_error!(
            op,
            client
                .assume_role_with_saml()
                .role_arn(ROLE_ARN)
                .principal_arn("arn:aws:iam::123456789012:saml-provider/idp")
                .saml_assertion("PHNhbWw+")
                .send()
                .await,
            AssumeRoleWithSamlError {
                ExpiredTokenException,
                IdpRejectedClaimException,
                InvalidIdentityTokenException,
                MalformedPolicyDocumentException,
                PackedPolicyTooLargeException,
                RegionDisabledException
            }
        ),
        Op::AssumeRoleWithWebIdentity => service_error!(
            op,
            client
                .assume_role_with_web_identity()
                .role_arn(ROLE_ARN)
                .role_session_name("s")
                .web_identity_token("eyJ0.eyJ0.c2ln")
                .send()
                .await,
            AssumeRoleWithWebIdentityError {
                ExpiredTokenException,
                IdpCommunicationErrorException,
                IdpRejectedClaimException,
                InvalidIdentityTokenException,
                MalformedPolicyDocumentException,
                PackedPolicyTooLargeException,
                RegionDisabledException
            }
        ),
        Op::AssumeRoot => service_error!(
            op,
            client
                .assume_root()
                .target_principal("111122223333")
                .task_policy_arn(policy_arn(
                    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
                ))
                .send()
                .await,
            AssumeRootError {
                ExpiredTokenException,
                RegionDisabledException
            }
        ),
        Op::DecodeAuthorizationMessage => service_error!(
            op,
            client
                .decode_authorization_message()
                .encoded_message("encoded")
                .send()
                .await,
            DecodeAuthorizationMessageError {
                InvalidAuthorizationMessageException
            }
        ),
        Op::GetAccessKeyInfo => service_error!(
            op,
            client
                .get_access_key_info()
                .access_key_id("AKIAI44QH8DHBEXAMPLE")
                .send()
                .await,
            GetAccessKeyInfoError {}
        ),
        Op::GetCallerIdentity => service_error!(
            op,
            client.get_caller_identity().send().await,
            GetCallerIdentityError {}
        ),
        Op::GetDelegatedAccessToken => service_error!(
            op,
            client
                .get_delegated_access_token()
                .trade_in_token("trade-in")
                .send()
                .await,
            GetDelegatedAccessTokenError {
                ExpiredTradeInTokenException,
                PackedPolicyTooLargeException,
                RegionDisabledException
            }
        ),
        Op::GetFederationToken => service_error!(
            op,
            client.get_federation_token().name("fed").send().await,
            GetFederationTokenError {
                MalformedPolicyDocumentException,
                PackedPolicyTooLargeException,
                RegionDisabledException
            }
        ),
        Op::GetSessionToken => service_error!(
            op,
            client.get_session_token().send().await,
            GetSessionTokenError {
                RegionDisabledException
            }
        ),
        Op::GetWebIdentityToken => service_error!(
            op,
            client
                .get_web_identity_token()
                .audience("https://api.example.com")
                .signing_algorithm("RS256")
                .send()
                .await,
            GetWebIdentityTokenError {
                JwtPayloadSizeExceededException,
                OutboundWebIdentityFederationDisabledException,
                SessionDurationEscalationException
            }
        ),
    }
}

/// Answers one call of `op` on `server` with `response` and returns what the client made of
/// it, checking that exactly one attempt was made.
async fn error_for(server: &Scripted, op: Op, response: CannedResponse) -> Seen {
    let before = server.requests().len();
    server.push(response);
    let seen = call_for_error(&session_client(&server.endpoint()), op).await;
    assert_eq!(
        server.requests().len(),
        before + 1,
        "{op:?}: retries are disabled"
    );
    seen
}

#[tokio::test]
async fn every_modelled_code_is_its_variant_on_every_operation_declaring_it() {
    let server = Scripted::new();
    let mut cases = 0;
    for error in &MODELLED {
        for &op in error.ops {
            let message = format!("{} from {op:?}: the <details> & more", error.variant);
            let escaped = message
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let seen = error_for(
                &server,
                op,
                error_response(error.status, error.code, &escaped),
            )
            .await;
            assert_eq!(
                seen,
                Seen::expected(error.variant, error.code, error.status, &message),
                "{} on {op:?}",
                error.code
            );
            cases += 1;
        }
    }
    assert_eq!(
        cases, 30,
        "the STS model declares 30 (operation, error) pairs"
    );
}

#[tokio::test]
async fn modelled_codes_are_unhandled_on_operations_not_declaring_them() {
    let server = Scripted::new();
    let mut cases = 0;
    for error in &MODELLED {
        for op in ALL_OPS.into_iter().filter(|op| !error.ops.contains(op)) {
            let message = format!("{} sent to {op:?}", error.code);
            let seen = error_for(
                &server,
                op,
                error_response(error.status, error.code, &message),
            )
            .await;
            assert_eq!(
                seen,
                Seen::expected("Unhandled", error.code, error.status, &message),
                "{} on {op:?}",
                error.code
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 12 * 11 - 30);
}

#[tokio::test]
async fn shape_names_of_renamed_codes_are_not_their_wire_codes() {
    let server = Scripted::new();
    // The five wire codes without the `Exception` suffix of their shape names.
    let renamed = MODELLED
        .iter()
        .filter(|error| !error.code.ends_with("Exception"));
    let mut cases = 0;
    for error in renamed {
        // The shape name as the model spells it, e.g. `IDPCommunicationErrorException`.
        let shape_name = format!("{}Exception", error.code);
        for &op in error.ops {
            let seen = error_for(&server, op, error_response(error.status, &shape_name, "m")).await;
            assert_eq!(
                seen,
                Seen::expected("Unhandled", &shape_name, error.status, "m"),
                "{shape_name} on {op:?}"
            );
            cases += 1;
        }
    }
    // IDPCommunicationError, IDPRejectedClaim, InvalidIdentityToken, MalformedPolicyDocument and
    // PackedPolicyTooLarge on the 1 + 2 + 2 + 4 + 5 operations declaring them.
    assert_eq!(cases, 14);
}

#[tokio::test]
async fn unknown_codes_are_unhandled_with_their_code() {
    let server = Scripted::new();
    for (op, status, code) in [
        (Op::GetCallerIdentity, 403, "InvalidClientTokenId"),
        (Op::AssumeRole, 403, "AccessDenied"),
        (Op::GetSessionToken, 400, "SignatureDoesNotMatch"),
        (Op::AssumeRoleWithWebIdentity, 400, "SomeFutureException"),
    ] {
        let seen = error_for(&server, op, error_response(status, code, "no")).await;
        assert_eq!(
            seen,
            Seen::expected("Unhandled", code, status, "no"),
            "{code}"
        );
    }
}

#[tokio::test]
async fn unreadable_error_bodies_are_unhandled_with_their_status() {
    let server = Scripted::new();
    let empty = error_for(&server, Op::AssumeRole, raw_response(500, "text/xml", "")).await;
    assert_eq!(
        empty,
        Seen {
            variant: "Unhandled",
            member_message: None,
            code: None,
            message: Some("the error response could not be read: the body is empty".to_owned()),
            request_id: Some(REQUEST_ID.to_owned()),
            status: Some(500),
        }
    );

    let html = "<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title>\
                </head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr>\
                <center>nginx</center></body></html>\n";
    let proxy = error_for(
        &server,
        Op::GetCallerIdentity,
        raw_response(503, "text/html", html),
    )
    .await;
    assert_eq!(
        proxy,
        Seen {
            variant: "Unhandled",
            member_message: None,
            code: None,
            message: Some(
                "the error response could not be read: the body is not \
                 well-formed XML"
                    .to_owned()
            ),
            request_id: Some(REQUEST_ID.to_owned()),
            status: Some(503),
        }
    );
}

/// Sends GetCallerIdentity against a 200 answer with `body` and returns the response error.
async fn malformed_success(body: &str) -> stsgen_runtime::ResponseError {
    let server = Scripted::new();
    server.push(raw_response(200, "text/xml", body));
    match signed_client(&server.endpoint())
        .get_caller_identity()
        .send()
        .await
    {
        Err(SdkError::Response(error)) => {
            assert_eq!(error.status(), 200);
            error
        }
        other => panic!("expected a response error for {body:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn broken_success_bodies_are_response_errors_with_the_request_id() {
    let truncated = &GET_CALLER_IDENTITY_OK[..GET_CALLER_IDENTITY_OK.len() / 2];
    let server = Scripted::new();
    let client = signed_client(&server.endpoint());
    for body in [truncated, "\u{1}\u{2}garbage\u{ff}", ""] {
        server.push(raw_response(200, "text/xml", body));
        let result = client.get_caller_identity().send().await;
        let Err(error) = result else {
            panic!("expected an error for {body:?}, got {result:?}");
        };
        assert_eq!(error.request_id(), Some(REQUEST_ID), "{body:?}");
        let SdkError::Response(response_error) = error else {
            panic!("expected SdkError::Response for {body:?}, got {error:?}");
        };
        assert_eq!(response_error.status(), 200, "{body:?}");
    }
    // The error message explains the failure without echoing the body.
    let error = malformed_success("<Secret>hunter2</Secret").await;
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let endpoint = {
        let server = CannedServer::always(200, GET_CALLER_IDENTITY_OK);
        server.endpoint()
    };
    let result = session_client(&endpoint).get_caller_identity().send().await;
    let Err(SdkError::Transport(error)) = result else {
        panic!("expected a transport error, got {result:?}");
    };
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert!(error.is_retryable());
    let text = format!("{error} {error:?}");
    assert!(text.contains(&endpoint), "{text}");
    assert!(
        !text.contains(SECRET_KEY) && !text.contains(SESSION_TOKEN),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// What arrives on the server
// ---------------------------------------------------------------------------------------------

/// The `SignedHeaders` list of an `Authorization` header value.
fn signed_header_names(authorization: &str) -> Vec<String> {
    authorization
        .split_once("SignedHeaders=")
        .and_then(|(_, rest)| rest.split(',').next())
        .map(|names| names.split(';').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Checks the SigV4 headers of `request` and that its signature is the one computed over the
/// method, path, signed headers and body as they arrived.
fn assert_signed(request: &ReceivedRequest, endpoint: &str, session_token: Option<&str>) {
    let authorization = request
        .header("authorization")
        .unwrap_or_else(|| panic!("no Authorization header in {:?}", request.headers));
    let expected_names = match session_token {
        Some(_) => "content-type;host;x-amz-date;x-amz-security-token",
        None => "content-type;host;x-amz-date",
    };
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20260101/us-east-1/sts/aws4_request, \
         SignedHeaders={expected_names}, Signature="
    );
    let signature = authorization.strip_prefix(&prefix).unwrap_or_else(|| {
        panic!("Authorization {authorization:?} does not start with {prefix:?}")
    });
    assert!(
        signature.len() == 64
            && signature
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "not a hex SHA-256 signature: {signature}"
    );
    assert_eq!(request.header("x-amz-date"), Some(AMZ_DATE));
    assert_eq!(request.header("x-amz-security-token"), session_token);

    let names = signed_header_names(authorization);
    let signed_headers = request
        .headers
        .iter()
        .filter(|(name, _)| names.contains(&name.to_ascii_lowercase()))
        .cloned()
        .collect();
    let mut resigned = HttpRequest {
        method: request.method.clone(),
        uri: format!("{endpoint}{}", request.path),
        headers: signed_headers,
        body: request.body.clone(),
    };
    let creds = credentials(session_token);
    let params =
        SigningParams::from_credentials(&creds, "us-east-1", "sts", DateTime::from_secs(NOW_SECS));
    sign(&mut resigned, &params).unwrap_or_else(|err| panic!("re-signing failed: {err}"));
    assert_eq!(
        resigned.header("authorization"),
        Some(authorization),
        "the signature does not cover the request as it arrived"
    );
}

/// Checks what every request must look like: `POST /`, the form content type, a matching
/// `Content-Length`, the `Host` of the endpoint, and exactly `body`.
fn assert_form_post(request: &ReceivedRequest, endpoint: &str, path: &str, body: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path);
    assert_eq!(request.header("content-type"), Some(FORM_CONTENT_TYPE));
    assert_eq!(
        request.header("content-length"),
        Some(body.len().to_string().as_str())
    );
    assert_eq!(request.header("host"), endpoint.strip_prefix("http://"));
    assert_eq!(request.body_text(), body);
}

fn assert_unsigned(request: &ReceivedRequest) {
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        assert_eq!(
            request.header(name),
            None,
            "unsigned request carries {name}"
        );
    }
}

#[tokio::test]
async fn signed_request_carries_sigv4_headers_and_the_exact_form() {
    let server = Scripted::new();
    server.push(raw_response(200, "text/xml", GET_CALLER_IDENTITY_OK));
    let output = signed_client(&server.endpoint())
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {err}"));
    assert_eq!(output.account(), Some("123456789012"));

    let request = server.only_request();
    assert_form_post(
        &request,
        &server.endpoint(),
        "/",
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_signed(&request, &server.endpoint(), None);
}

#[tokio::test]
async fn session_credentials_send_and_sign_the_security_token() {
    let server = Scripted::new();
    server.push(raw_response(200, "text/xml", GET_CALLER_IDENTITY_OK));
    session_client(&server.endpoint())
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {err}"));

    let request = server.only_request();
    assert_signed(&request, &server.endpoint(), Some(SESSION_TOKEN));
}

#[tokio::test]
async fn assume_role_sends_the_exact_aws_query_form() {
    let server = Scripted::new();
    server.push(error_response(400, "MalformedPolicyDocument", "stop here"));
    let result = session_client(&server.endpoint())
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("e2e session")
        .policy_arns(policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .policy_arns(policy_arn("arn:aws:iam::123456789012:policy/other"))
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Resource":"é*"}]}"#)
        .duration_seconds(900)
        .tags(tag("Project", "Unicorn"))
        .tags(tag("Cost-Center", "12 345"))
        .transitive_tag_keys("Project")
        .transitive_tag_keys("Cost-Center")
        .external_id("123ABC+/=~")
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .source_identity("alice")
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
                .context_assertion("assertion")
                .build(),
        )
        .send()
        .await;
    assert!(
        matches!(
            result,
            Err(SdkError::Service(
                AssumeRoleError::MalformedPolicyDocumentException(_)
            ))
        ),
        "{result:?}"
    );

    let request = server.only_request();
    assert_form_post(
        &request,
        &server.endpoint(),
        "/",
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
         &RoleSessionName=e2e%20session\
         &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess\
         &PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fother\
         &Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Resource%22%3A%22%C3%A9%2A%22%7D%5D%7D\
         &DurationSeconds=900\
         &Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn\
         &Tags.member.2.Key=Cost-Center&Tags.member.2.Value=12%20345\
         &TransitiveTagKeys.member.1=Project&TransitiveTagKeys.member.2=Cost-Center\
         &ExternalId=123ABC%2B%2F%3D~\
         &SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser\
         &TokenCode=123456\
         &SourceIdentity=alice\
         &ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter\
         &ProvidedContexts.member.1.ContextAssertion=assertion",
    );
    assert_signed(&request, &server.endpoint(), Some(SESSION_TOKEN));
}

#[tokio::test]
async fn unsigned_operations_carry_no_auth_headers_even_with_credentials() {
    let server = Scripted::new();
    let saml_ok = "<AssumeRoleWithSAMLResponse><AssumeRoleWithSAMLResult><Subject>alice</Subject>\
                   </AssumeRoleWithSAMLResult></AssumeRoleWithSAMLResponse>";
    let web_ok = "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>\
                  <Provider>accounts.google.com</Provider></AssumeRoleWithWebIdentityResult>\
                  </AssumeRoleWithWebIdentityResponse>";
    server.push(raw_response(200, "text/xml", saml_ok));
    server.push(raw_response(200, "text/xml", web_ok));
    // Configured credentials with a session token must still not be sent.
    let client = session_client(&server.endpoint());

    let saml = client
        .assume_role_with_saml()
        .role_arn(ROLE_ARN)
        .principal_arn("arn:aws:iam::123456789012:saml-provider/idp")
        .saml_assertion("PHNhbWw+PC9zYW1sPg==")
        .duration_seconds(900)
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRoleWithSAML failed: {err}"));
    assert_eq!(saml.subject(), Some("alice"));
    let web = client
        .assume_role_with_web_identity()
        .role_arn(ROLE_ARN)
        .role_session_name("web")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")
        .provider_id("accounts.google.com")
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRoleWithWebIdentity failed: {err}"));
    assert_eq!(web.provider(), Some("accounts.google.com"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_form_post(
        &requests[0],
        &server.endpoint(),
        "/",
        "Action=AssumeRoleWithSAML&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
         &PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2Fidp\
         &SAMLAssertion=PHNhbWw%2BPC9zYW1sPg%3D%3D\
         &DurationSeconds=900",
    );
    assert_form_post(
        &requests[1],
        &server.endpoint(),
        "/",
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
         &RoleSessionName=web\
         &WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\
         &ProviderId=accounts.google.com",
    );
    for request in &requests {
        assert_unsigned(request);
    }
}

#[tokio::test]
async fn unsigned_operations_need_no_credentials_at_all() {
    let server = Scripted::new();
    server.push(error_response(400, "InvalidIdentityToken", "bad token"));
    let client = Client::new(config(&server.endpoint(), RetryConfig::disabled()).build());
    let seen = service_error!(
        Op::AssumeRoleWithWebIdentity,
        client
            .assume_role_with_web_identity()
            .role_arn(ROLE_ARN)
            .role_session_name("s")
            .web_identity_token("t")
            .send()
            .await,
        AssumeRoleWithWebIdentityError {
            InvalidIdentityTokenException
        }
    );
    assert_eq!(
        seen,
        Seen::expected(
            "InvalidIdentityTokenException",
            "InvalidIdentityToken",
            400,
            "bad token"
        )
    );
    assert_unsigned(&server.only_request());
}

#[tokio::test]
async fn an_endpoint_path_is_kept() {
    let server = Scripted::new();
    server.push(raw_response(200, "text/xml", GET_CALLER_IDENTITY_OK));
    let endpoint = format!("{}/custom", server.endpoint());
    signed_client(&endpoint)
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {err}"));

    let request = server.only_request();
    assert_form_post(
        &request,
        &server.endpoint(),
        "/custom/",
        "Action=GetCallerIdentity&Version=2011-06-15",
    );
    assert_signed(&request, &server.endpoint(), None);
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_503_then_200_succeeds_on_the_second_attempt() {
    let server = Scripted::new();
    server.push(error_response(503, "ServiceUnavailable", "try again"));
    server.push(raw_response(200, "text/xml", GET_CALLER_IDENTITY_OK));
    let output = retrying_client(&server.endpoint())
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed after a retry: {err}"));

    assert_eq!(output.arn(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(
        output.request_id(),
        Some("01234567-89ab-cdef-0123-456789abcdef")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_form_post(
            request,
            &server.endpoint(),
            "/",
            "Action=GetCallerIdentity&Version=2011-06-15",
        );
        assert_signed(request, &server.endpoint(), None);
    }
}

#[tokio::test]
async fn idp_communication_error_is_retried_like_throttling() {
    let server = Scripted::new();
    server.push(error_response(400, "IDPCommunicationError", "idp down"));
    server.push(error_response(400, "Throttling", "slow down"));
    server.push(raw_response(
        200,
        "text/xml",
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>\
         <Provider>idp</Provider></AssumeRoleWithWebIdentityResult>\
         </AssumeRoleWithWebIdentityResponse>",
    ));
    let output = retrying_client(&server.endpoint())
        .assume_role_with_web_identity()
        .role_arn(ROLE_ARN)
        .role_session_name("s")
        .web_identity_token("t")
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRoleWithWebIdentity failed after retries: {err}"));
    assert_eq!(output.provider(), Some("idp"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_error() {
    let server = Scripted::new();
    for attempt in 1..=3 {
        server.push(error_response(
            503,
            "ServiceUnavailable",
            &format!("attempt {attempt}"),
        ));
    }
    let seen = service_error!(
        Op::GetCallerIdentity,
        retrying_client(&server.endpoint())
            .get_caller_identity()
            .send()
            .await,
        GetCallerIdentityError {}
    );
    assert_eq!(
        seen,
        Seen::expected("Unhandled", "ServiceUnavailable", 503, "attempt 3")
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn non_retryable_errors_are_not_retried() {
    let server = Scripted::new();
    server.push(error_response(400, "MalformedPolicyDocument", "bad policy"));
    let seen = service_error!(
        Op::GetFederationToken,
        retrying_client(&server.endpoint())
            .get_federation_token()
            .name("fed")
            .send()
            .await,
        GetFederationTokenError {
            MalformedPolicyDocumentException
        }
    );
    assert_eq!(
        seen,
        Seen::expected(
            "MalformedPolicyDocumentException",
            "MalformedPolicyDocument",
            400,
            "bad policy"
        )
    );
    assert_eq!(server.requests().len(), 1);
}
