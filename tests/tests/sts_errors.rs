//! Error responses of the generated STS client: every modelled error parsed into its typed
//! variant (with message, code, request id and status), the dispatch table of every operation,
//! unknown and foreign codes as `Unhandled`, unreadable bodies, the crate-wide `sts::Error`,
//! Display texts, and which errors are retried.
//!
//! Codes and statuses come from aws-query.md §5.2; five codes differ from the shape names.

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
use sts::types::PolicyDescriptorType;
use sts::{Client, Config};
use stsgen_runtime::http::HttpResponse;
use stsgen_runtime::transport::test_util::{response, RecordingTransport};

const MESSAGE: &str = "The request was rejected & logged <really>";
const BODY_ID: &str = "8e3e4a7e-0000-0000-0000-000000000001";
const HEADER_ID: &str = "8e3e4a7e-0000-0000-0000-000000000002";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

fn client_with(transport: &RecordingTransport, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .http_client(transport.clone())
        .retry(retry)
        .time_source(|| DateTime::from_secs(1_704_164_645))
        .build();
    Client::new(config)
}

/// A client without retries answering with `responses` in order.
fn client(responses: Vec<HttpResponse>) -> (Client, RecordingTransport) {
    let transport = RecordingTransport::new(responses);
    (client_with(&transport, RetryConfig::disabled()), transport)
}

/// A client with 3 attempts and millisecond backoff.
fn retrying_client(responses: Vec<HttpResponse>) -> (Client, RecordingTransport) {
    let transport = RecordingTransport::new(responses);
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1));
    (client_with(&transport, retry), transport)
}

/// Escapes the five XML special characters.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// An awsQuery `<ErrorResponse>` (aws-query.md §5.1), with the namespace STS puts on it.
fn error_body(code: &str, message: &str, request_id: Option<&str>) -> String {
    let request_id = request_id
        .map(|id| format!("<RequestId>{id}</RequestId>"))
        .unwrap_or_default();
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error>\
         {request_id}</ErrorResponse>",
        xml_escape(message)
    )
}

/// A response with `status`, `body` and optionally an `x-amzn-RequestId` header.
fn error_response(status: u16, body: &str, header_id: Option<&str>) -> HttpResponse {
    let mut headers = vec![("Content-Type".to_owned(), "text/xml".to_owned())];
    if let Some(id) = header_id {
        headers.push(("x-amzn-RequestId".to_owned(), id.to_owned()));
    }
    HttpResponse {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn success(operation: &str, result: &str) -> HttpResponse {
    response(
        200,
        &format!(
            "<{operation}Response><{operation}Result>{result}</{operation}Result>\
             <ResponseMetadata><RequestId>ok-id</RequestId></ResponseMetadata></{operation}Response>"
        ),
    )
}

// Each operation called with only its required members.

type Outcome<O, E> = Result<O, SdkError<E>>;

async fn assume_role(
    client: &Client,
) -> Outcome<sts::operation::assume_role::AssumeRoleOutput, AssumeRoleError> {
    client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s")
        .send()
        .await
}

async fn assume_role_with_saml(
    client: &Client,
) -> Outcome<sts::operation::assume_role_with_saml::AssumeRoleWithSamlOutput, AssumeRoleWithSamlError>
{
    client
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/p")
        .saml_assertion("assertion")
        .send()
        .await
}

async fn assume_role_with_web_identity(
    client: &Client,
) -> Outcome<
    sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityOutput,
    AssumeRoleWithWebIdentityError,
> {
    client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s")
        .web_identity_token("token")
        .send()
        .await
}

async fn assume_root(
    client: &Client,
) -> Outcome<sts::operation::assume_root::AssumeRootOutput, AssumeRootError> {
    client
        .assume_root()
        .target_principal("111122223333")
        .task_policy_arn(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")
                .build(),
        )
        .send()
        .await
}

async fn decode_authorization_message(
    client: &Client,
) -> Outcome<
    sts::operation::decode_authorization_message::DecodeAuthorizationMessageOutput,
    DecodeAuthorizationMessageError,
> {
    client
        .decode_authorization_message()
        .encoded_message("encoded")
        .send()
        .await
}

async fn get_access_key_info(
    client: &Client,
) -> Outcome<sts::operation::get_access_key_info::GetAccessKeyInfoOutput, GetAccessKeyInfoError> {
    client
        .get_access_key_info()
        .access_key_id("AKIAIOSFODNN7EXAMPLE")
        .send()
        .await
}

async fn get_caller_identity(
    client: &Client,
) -> Outcome<sts::operation::get_caller_identity::GetCallerIdentityOutput, GetCallerIdentityError> {
    client.get_caller_identity().send().await
}

async fn get_delegated_access_token(
    client: &Client,
) -> Outcome<
    sts::operation::get_delegated_access_token::GetDelegatedAccessTokenOutput,
    GetDelegatedAccessTokenError,
> {
    client
        .get_delegated_access_token()
        .trade_in_token("token")
        .send()
        .await
}

async fn get_federation_token(
    client: &Client,
) -> Outcome<sts::operation::get_federation_token::GetFederationTokenOutput, GetFederationTokenError>
{
    client.get_federation_token().name("Bob").send().await
}

async fn get_session_token(
    client: &Client,
) -> Outcome<sts::operation::get_session_token::GetSessionTokenOutput, GetSessionTokenError> {
    client.get_session_token().send().await
}

async fn get_web_identity_token(
    client: &Client,
) -> Outcome<
    sts::operation::get_web_identity_token::GetWebIdentityTokenOutput,
    GetWebIdentityTokenError,
> {
    client
        .get_web_identity_token()
        .audience("aud")
        .signing_algorithm("RS256")
        .send()
        .await
}

/// The service error inside `error`, failing the test for any other kind.
fn service_error<E: std::fmt::Debug>(error: SdkError<E>) -> E {
    match error {
        SdkError::Service(service) => service,
        other => panic!("expected a service error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Every modelled error, on an operation that declares it
// ---------------------------------------------------------------------------------------------

/// One test per modelled error: the typed variant with its message; code, message, request id
/// (body first, header when the body has none) and status; Display; and the crate-wide
/// `sts::Error` from both the operation error and the `SdkError`.
macro_rules! modelled_error_test {
    ($test:ident, $send:ident, $op_error:ident :: $variant:ident, $code:literal, $status:literal) => {
        #[tokio::test]
        async fn $test() {
            let with_body_id = error_body($code, MESSAGE, Some(BODY_ID));
            let without_body_id = error_body($code, MESSAGE, None);
            let (client, transport) = client(vec![
                error_response($status, &with_body_id, Some(HEADER_ID)),
                error_response($status, &without_body_id, Some(HEADER_ID)),
                error_response($status, &with_body_id, None),
            ]);

            // 1. Request id from the body.
            let error = service_error($send(&client).await.expect_err("an error response"));
            match &error {
                $op_error::$variant(inner) => {
                    assert_eq!(inner.message(), Some(MESSAGE));
                    assert_eq!(inner.meta().code(), Some($code));
                    assert_eq!(inner.meta().request_id(), Some(BODY_ID));
                    assert_eq!(inner.meta().status(), Some($status));
                }
                other => panic!(
                    "`{}` should parse into {}, got {other:?}",
                    $code,
                    stringify!($variant)
                ),
            }
            assert_eq!(error.code(), Some($code));
            assert_eq!(error.message(), Some(MESSAGE));
            assert_eq!(error.request_id(), Some(BODY_ID));
            assert_eq!(error.status(), Some($status));
            assert_eq!(error.to_string(), format!("{}: {MESSAGE}", $code));

            // The crate-wide error keeps the variant and the metadata.
            let crate_error: sts::Error = error.into();
            assert!(
                matches!(&crate_error, sts::Error::$variant(inner) if inner.message() == Some(MESSAGE)),
                "sts::Error from the operation error: {crate_error:?}"
            );
            assert_eq!(crate_error.code(), Some($code));
            assert_eq!(crate_error.request_id(), Some(BODY_ID));
            assert_eq!(crate_error.status(), Some($status));
            assert_eq!(crate_error.to_string(), format!("{}: {MESSAGE}", $code));

            // 2. No RequestId in the body: the x-amzn-RequestId header supplies it, and the
            //    SdkError converts straight into the crate-wide error.
            let sdk_error = $send(&client).await.expect_err("an error response");
            assert_eq!(sdk_error.request_id(), Some(HEADER_ID));
            assert_eq!(
                sdk_error.to_string(),
                format!("service error: {}: {MESSAGE}", $code)
            );
            let crate_error = sts::Error::from(sdk_error);
            assert!(
                matches!(&crate_error, sts::Error::$variant(_)),
                "sts::Error from the SdkError: {crate_error:?}"
            );
            assert_eq!(crate_error.request_id(), Some(HEADER_ID));
            assert_eq!(crate_error.message(), Some(MESSAGE));

            // 3. Body id and no header.
            let error = service_error($send(&client).await.expect_err("an error response"));
            assert!(matches!(&error, $op_error::$variant(_)), "{error:?}");
            assert_eq!(error.request_id(), Some(BODY_ID));

            assert_eq!(transport.requests().len(), 3);
        }
    };
}

modelled_error_test!(
    expired_token_exception,
    assume_root,
    AssumeRootError::ExpiredTokenException,
    "ExpiredTokenException",
    400
);
modelled_error_test!(
    expired_trade_in_token_exception,
    get_delegated_access_token,
    GetDelegatedAccessTokenError::ExpiredTradeInTokenException,
    "ExpiredTradeInTokenException",
    400
);
modelled_error_test!(
    idp_communication_error,
    assume_role_with_web_identity,
    AssumeRoleWithWebIdentityError::IdpCommunicationErrorException,
    "IDPCommunicationError",
    400
);
modelled_error_test!(
    idp_rejected_claim,
    assume_role_with_saml,
    AssumeRoleWithSamlError::IdpRejectedClaimException,
    "IDPRejectedClaim",
    403
);
modelled_error_test!(
    invalid_authorization_message_exception,
    decode_authorization_message,
    DecodeAuthorizationMessageError::InvalidAuthorizationMessageException,
    "InvalidAuthorizationMessageException",
    400
);
modelled_error_test!(
    invalid_identity_token,
    assume_role_with_web_identity,
    AssumeRoleWithWebIdentityError::InvalidIdentityTokenException,
    "InvalidIdentityToken",
    400
);
modelled_error_test!(
    jwt_payload_size_exceeded_exception,
    get_web_identity_token,
    GetWebIdentityTokenError::JwtPayloadSizeExceededException,
    "JWTPayloadSizeExceededException",
    400
);
modelled_error_test!(
    malformed_policy_document,
    assume_role,
    AssumeRoleError::MalformedPolicyDocumentException,
    "MalformedPolicyDocument",
    400
);
modelled_error_test!(
    outbound_web_identity_federation_disabled_exception,
    get_web_identity_token,
    GetWebIdentityTokenError::OutboundWebIdentityFederationDisabledException,
    "OutboundWebIdentityFederationDisabledException",
    403
);
modelled_error_test!(
    packed_policy_too_large,
    get_federation_token,
    GetFederationTokenError::PackedPolicyTooLargeException,
    "PackedPolicyTooLarge",
    400
);
modelled_error_test!(
    region_disabled_exception,
    get_session_token,
    GetSessionTokenError::RegionDisabledException,
    "RegionDisabledException",
    403
);
modelled_error_test!(
    session_duration_escalation_exception,
    get_web_identity_token,
    GetWebIdentityTokenError::SessionDurationEscalationException,
    "SessionDurationEscalationException",
    403
);

// ---------------------------------------------------------------------------------------------
// Every (operation, declared error) pair dispatches to its variant
// ---------------------------------------------------------------------------------------------

/// Sends one error response per row through `$send` and checks the `is_*` predicate of the
/// row's variant, plus code and status.
macro_rules! dispatch_table {
    ($test:ident, $send:ident, [$(($code:literal, $status:literal, $is:path)),+ $(,)?]) => {
        #[tokio::test]
        async fn $test() {
            let rows: Vec<(&str, u16, fn(&_) -> bool)> = vec![$(($code, $status, $is)),+];
            let responses = rows
                .iter()
                .map(|(code, status, _)| {
                    error_response(*status, &error_body(code, MESSAGE, Some(BODY_ID)), None)
                })
                .collect();
            let (client, _transport) = client(responses);
            for (code, status, is_variant) in rows {
                let error = service_error($send(&client).await.expect_err("an error response"));
                assert!(is_variant(&error), "`{code}` parsed into {error:?}");
                assert!(!error.is_unhandled(), "`{code}` parsed into {error:?}");
                assert_eq!(error.code(), Some(code));
                assert_eq!(error.status(), Some(status));
                assert_eq!(error.message(), Some(MESSAGE));
            }
        }
    };
}

dispatch_table!(
    assume_role_dispatches_its_errors,
    assume_role,
    [
        (
            "ExpiredTokenException",
            400,
            AssumeRoleError::is_expired_token_exception
        ),
        (
            "MalformedPolicyDocument",
            400,
            AssumeRoleError::is_malformed_policy_document_exception
        ),
        (
            "PackedPolicyTooLarge",
            400,
            AssumeRoleError::is_packed_policy_too_large_exception
        ),
        (
            "RegionDisabledException",
            403,
            AssumeRoleError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    assume_role_with_saml_dispatches_its_errors,
    assume_role_with_saml,
    [
        (
            "ExpiredTokenException",
            400,
            AssumeRoleWithSamlError::is_expired_token_exception
        ),
        (
            "IDPRejectedClaim",
            403,
            AssumeRoleWithSamlError::is_idp_rejected_claim_exception
        ),
        (
            "InvalidIdentityToken",
            400,
            AssumeRoleWithSamlError::is_invalid_identity_token_exception
        ),
        (
            "MalformedPolicyDocument",
            400,
            AssumeRoleWithSamlError::is_malformed_policy_document_exception
        ),
        (
            "PackedPolicyTooLarge",
            400,
            AssumeRoleWithSamlError::is_packed_policy_too_large_exception
        ),
        (
            "RegionDisabledException",
            403,
            AssumeRoleWithSamlError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    assume_role_with_web_identity_dispatches_its_errors,
    assume_role_with_web_identity,
    [
        (
            "ExpiredTokenException",
            400,
            AssumeRoleWithWebIdentityError::is_expired_token_exception
        ),
        (
            "IDPCommunicationError",
            400,
            AssumeRoleWithWebIdentityError::is_idp_communication_error_exception
        ),
        (
            "IDPRejectedClaim",
            403,
            AssumeRoleWithWebIdentityError::is_idp_rejected_claim_exception
        ),
        (
            "InvalidIdentityToken",
            400,
            AssumeRoleWithWebIdentityError::is_invalid_identity_token_exception
        ),
        (
            "MalformedPolicyDocument",
            400,
            AssumeRoleWithWebIdentityError::is_malformed_policy_document_exception
        ),
        (
            "PackedPolicyTooLarge",
            400,
            AssumeRoleWithWebIdentityError::is_packed_policy_too_large_exception
        ),
        (
            "RegionDisabledException",
            403,
            AssumeRoleWithWebIdentityError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    assume_root_dispatches_its_errors,
    assume_root,
    [
        (
            "ExpiredTokenException",
            400,
            AssumeRootError::is_expired_token_exception
        ),
        (
            "RegionDisabledException",
            403,
            AssumeRootError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    decode_authorization_message_dispatches_its_errors,
    decode_authorization_message,
    [(
        "InvalidAuthorizationMessageException",
        400,
        DecodeAuthorizationMessageError::is_invalid_authorization_message_exception
    )]
);

dispatch_table!(
    get_delegated_access_token_dispatches_its_errors,
    get_delegated_access_token,
    [
        (
            "ExpiredTradeInTokenException",
            400,
            GetDelegatedAccessTokenError::is_expired_trade_in_token_exception
        ),
        (
            "PackedPolicyTooLarge",
            400,
            GetDelegatedAccessTokenError::is_packed_policy_too_large_exception
        ),
        (
            "RegionDisabledException",
            403,
            GetDelegatedAccessTokenError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    get_federation_token_dispatches_its_errors,
    get_federation_token,
    [
        (
            "MalformedPolicyDocument",
            400,
            GetFederationTokenError::is_malformed_policy_document_exception
        ),
        (
            "PackedPolicyTooLarge",
            400,
            GetFederationTokenError::is_packed_policy_too_large_exception
        ),
        (
            "RegionDisabledException",
            403,
            GetFederationTokenError::is_region_disabled_exception
        ),
    ]
);

dispatch_table!(
    get_session_token_dispatches_its_errors,
    get_session_token,
    [(
        "RegionDisabledException",
        403,
        GetSessionTokenError::is_region_disabled_exception
    )]
);

dispatch_table!(
    get_web_identity_token_dispatches_its_errors,
    get_web_identity_token,
    [
        (
            "JWTPayloadSizeExceededException",
            400,
            GetWebIdentityTokenError::is_jwt_payload_size_exceeded_exception
        ),
        (
            "OutboundWebIdentityFederationDisabledException",
            403,
            GetWebIdentityTokenError::is_outbound_web_identity_federation_disabled_exception
        ),
        (
            "SessionDurationEscalationException",
            403,
            GetWebIdentityTokenError::is_session_duration_escalation_exception
        ),
    ]
);

// ---------------------------------------------------------------------------------------------
// Codes an operation does not model
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_codes_are_unhandled_with_their_metadata() {
    let (client, _transport) = client(vec![
        error_response(
            403,
            &error_body(
                "AccessDenied",
                "User: arn:aws:iam::1:user/x is not authorized",
                Some(BODY_ID),
            ),
            Some(HEADER_ID),
        ),
        error_response(
            403,
            &error_body(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                None,
            ),
            Some(HEADER_ID),
        ),
    ]);

    let error = service_error(assume_role(&client).await.expect_err("AccessDenied"));
    let AssumeRoleError::Unhandled(unhandled) = &error else {
        panic!("AccessDenied should be unhandled, got {error:?}");
    };
    assert_eq!(unhandled.code(), Some("AccessDenied"));
    assert_eq!(
        unhandled.message(),
        Some("User: arn:aws:iam::1:user/x is not authorized")
    );
    assert_eq!(unhandled.request_id(), Some(BODY_ID));
    assert_eq!(unhandled.status(), Some(403));
    assert_eq!(
        error.to_string(),
        format!(
            "AccessDenied: User: arn:aws:iam::1:user/x is not authorized \
             (status 403, request id {BODY_ID})"
        )
    );
    let crate_error: sts::Error = error.into();
    assert!(
        matches!(&crate_error, sts::Error::Unhandled(_)),
        "{crate_error:?}"
    );
    assert_eq!(crate_error.code(), Some("AccessDenied"));
    assert_eq!(crate_error.status(), Some(403));

    let error = service_error(
        get_caller_identity(&client)
            .await
            .expect_err("InvalidClientTokenId"),
    );
    let GetCallerIdentityError::Unhandled(unhandled) = &error else {
        panic!("InvalidClientTokenId should be unhandled, got {error:?}");
    };
    assert_eq!(unhandled.code(), Some("InvalidClientTokenId"));
    assert_eq!(
        unhandled.message(),
        Some("The security token included in the request is invalid.")
    );
    assert_eq!(unhandled.request_id(), Some(HEADER_ID));
    assert_eq!(unhandled.status(), Some(403));
}

#[tokio::test]
async fn codes_modelled_on_other_operations_are_unhandled() {
    let (client, _transport) = client(vec![
        error_response(
            400,
            &error_body("ExpiredTokenException", MESSAGE, Some(BODY_ID)),
            None,
        ),
        error_response(
            400,
            &error_body("MalformedPolicyDocument", MESSAGE, Some(BODY_ID)),
            None,
        ),
        error_response(
            400,
            &error_body("InvalidIdentityToken", MESSAGE, Some(BODY_ID)),
            None,
        ),
        error_response(
            400,
            &error_body("ExpiredTradeInTokenException", MESSAGE, Some(BODY_ID)),
            None,
        ),
    ]);

    let error = service_error(get_caller_identity(&client).await.expect_err("an error"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("ExpiredTokenException"));

    let error = service_error(get_session_token(&client).await.expect_err("an error"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("MalformedPolicyDocument"));

    let error = service_error(assume_root(&client).await.expect_err("an error"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("InvalidIdentityToken"));

    let error = service_error(get_access_key_info(&client).await.expect_err("an error"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("ExpiredTradeInTokenException"));
    assert_eq!(error.message(), Some(MESSAGE));
    assert_eq!(error.request_id(), Some(BODY_ID));
    assert_eq!(error.status(), Some(400));
}

#[tokio::test]
async fn shape_names_are_not_wire_codes() {
    // The five errors whose awsQueryError code differs from the shape name: the shape name on
    // the wire is just an unknown code.
    let shape_names = [
        "IDPCommunicationErrorException",
        "IDPRejectedClaimException",
        "InvalidIdentityTokenException",
        "MalformedPolicyDocumentException",
        "PackedPolicyTooLargeException",
    ];
    let responses = shape_names
        .iter()
        .map(|name| error_response(400, &error_body(name, MESSAGE, None), None))
        .collect();
    let (client, _transport) = client(responses);
    for name in shape_names {
        let error = service_error(
            assume_role_with_web_identity(&client)
                .await
                .expect_err("an error"),
        );
        assert!(error.is_unhandled(), "`{name}` parsed into {error:?}");
        assert_eq!(error.code(), Some(name));
    }
}

#[tokio::test]
async fn an_error_without_a_code_is_unhandled() {
    let body = format!(
        "<ErrorResponse><Error><Type>Receiver</Type><Message>{MESSAGE_XML}</Message></Error>\
         <RequestId>{BODY_ID}</RequestId></ErrorResponse>",
        MESSAGE_XML = xml_escape(MESSAGE)
    );
    let (client, _transport) = client(vec![error_response(500, &body, None)]);
    let error = service_error(assume_role(&client).await.expect_err("an error"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), Some(MESSAGE));
    assert_eq!(error.request_id(), Some(BODY_ID));
    assert_eq!(error.status(), Some(500));
}

#[tokio::test]
async fn unreadable_error_bodies_are_unhandled_with_their_status() {
    let bodies = [
        // Well-formed HTML from a proxy.
        "<html><head><title>503 Service Unavailable</title></head>\
         <body><h1>Service Unavailable</h1></body></html>",
        // HTML that is not XML.
        "<html><body>Service Unavailable<br></body></html>",
        // Nothing at all.
        "",
        // An ErrorResponse without an Error element.
        "<ErrorResponse><RequestId>x</RequestId></ErrorResponse>",
    ];
    let responses = bodies
        .iter()
        .map(|body| error_response(503, body, Some(HEADER_ID)))
        .collect();
    let (client, _transport) = client(responses);
    for body in bodies {
        let error = service_error(assume_role(&client).await.expect_err("a 503"));
        let AssumeRoleError::Unhandled(unhandled) = &error else {
            panic!("body {body:?} should give an unhandled error, got {error:?}");
        };
        assert_eq!(unhandled.status(), Some(503), "body {body:?}");
        assert_eq!(unhandled.code(), None, "body {body:?}");
        assert_eq!(unhandled.request_id(), Some(HEADER_ID), "body {body:?}");
        let message = unhandled
            .message()
            .expect("the message says what went wrong");
        assert!(
            message.starts_with("the error response could not be read: "),
            "body {body:?} gave message `{message}`"
        );
        let display = error.to_string();
        assert!(
            display.starts_with("the error response could not be read: ")
                && display.ends_with(&format!("(status 503, request id {HEADER_ID})")),
            "body {body:?} gave `{display}`"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The crate-wide error for failures that are not service errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn non_service_failures_convert_into_the_crate_error_keeping_their_reason() {
    let (client, transport) = client(Vec::new());
    let sdk_error = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .send()
        .await
        .expect_err("RoleSessionName is missing");
    assert!(
        matches!(sdk_error, SdkError::Construction(_)),
        "{sdk_error:?}"
    );
    let crate_error = sts::Error::from(sdk_error);
    assert!(
        matches!(&crate_error, sts::Error::Unhandled(_)),
        "{crate_error:?}"
    );
    assert_eq!(crate_error.code(), None);
    let source = std::error::Error::source(&crate_error).expect("the cause is kept as source");
    assert!(
        source.to_string().contains("RoleSessionName"),
        "source `{source}`"
    );
    // Whoever logs the error with `{}` must see why it failed.
    let display = crate_error.to_string();
    assert!(
        display.contains("RoleSessionName"),
        "sts::Error Display `{display}` should say what went wrong"
    );
    assert!(transport.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let (client, transport) = retrying_client(vec![
        error_response(
            400,
            &error_body("Throttling", "Rate exceeded", Some(BODY_ID)),
            None,
        ),
        success("GetCallerIdentity", "<Account>123456789012</Account>"),
    ]);
    let output = get_caller_identity(&client)
        .await
        .expect("the retry succeeds");
    assert_eq!(output.account(), Some("123456789012"));
    assert_eq!(output.request_id(), Some("ok-id"));
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert!(requests.iter().all(|r| r.header("authorization").is_some()));
}

#[tokio::test]
async fn idp_communication_error_is_retried() {
    let (client, transport) = retrying_client(vec![
        error_response(
            400,
            &error_body("IDPCommunicationError", MESSAGE, None),
            None,
        ),
        success("AssumeRoleWithWebIdentity", "<Provider>p</Provider>"),
    ]);
    let output = assume_role_with_web_identity(&client)
        .await
        .expect("the retry succeeds");
    assert_eq!(output.provider(), Some("p"));
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried() {
    let (client, transport) = retrying_client(vec![
        error_response(503, "<html><body>Service Unavailable</body></html>", None),
        error_response(500, &error_body("InternalFailure", MESSAGE, None), None),
        success("GetSessionToken", ""),
    ]);
    get_session_token(&client)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let throttled = || {
        error_response(
            400,
            &error_body("Throttling", "Rate exceeded", Some(BODY_ID)),
            None,
        )
    };
    let (client, transport) = retrying_client(vec![
        throttled(),
        throttled(),
        throttled(),
        success("GetCallerIdentity", ""),
    ]);
    let error = service_error(get_caller_identity(&client).await.expect_err("3 throttles"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("Throttling"));
    assert_eq!(error.status(), Some(400));
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn non_retryable_errors_are_not_retried() {
    let (client, transport) = retrying_client(vec![
        error_response(
            400,
            &error_body("MalformedPolicyDocument", MESSAGE, None),
            None,
        ),
        error_response(403, &error_body("AccessDenied", MESSAGE, None), None),
        success("AssumeRole", ""),
    ]);
    let error = service_error(assume_role(&client).await.expect_err("not retried"));
    assert!(error.is_malformed_policy_document_exception(), "{error:?}");
    assert_eq!(transport.requests().len(), 1);

    let error = service_error(assume_role(&client).await.expect_err("not retried"));
    assert!(error.is_unhandled(), "{error:?}");
    assert_eq!(error.code(), Some("AccessDenied"));
    assert_eq!(transport.requests().len(), 2);
}
