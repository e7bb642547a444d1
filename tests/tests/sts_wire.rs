//! Wire-level tests of the generated STS client: for every operation, the exact awsQuery form
//! body, the request line and headers (signed or not), and every output member parsed back from
//! a canned XML response. Also the edge cases of request building and response parsing:
//! unknown elements, namespace prefixes, empty lists, missing members, malformed bodies, and
//! configuration errors.
//!
//! Expected bodies are written out literally (not computed with the runtime's encoder), so
//! they check the percent-encoding as well as the key paths of aws-query.md §1.

use std::time::Duration;

use sts::config::{Credentials, RetryConfig};
use sts::primitives::{DateTime, RequestId, SdkError};
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config};
use stsgen_runtime::http::{HttpRequest, HttpResponse};
use stsgen_runtime::transport::test_util::{response, RecordingTransport};

/// The signing clock: 2024-01-02T03:04:05Z.
const NOW_SECS: i64 = 1_704_164_645;
const AMZ_DATE: &str = "20240102T030405Z";
const SIGNED_PREFIX: &str = "AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/sts/aws4_request";
const ENDPOINT: &str = "https://sts.us-east-1.amazonaws.com/";
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
const SESSION_TOKEN: &str = "SESSION/TOKEN+1=";
const REQUEST_ID: &str = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// A config for us-east-1 with a fixed clock, no retries and `transport`.
fn base_config(transport: &RecordingTransport) -> sts::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .http_client(transport.clone())
        .retry(RetryConfig::disabled())
        .time_source(|| DateTime::from_secs(NOW_SECS))
}

/// A client with long-term credentials `AKID` (no session token) answering with `responses`.
fn signed_client(responses: Vec<HttpResponse>) -> (Client, RecordingTransport) {
    let transport = RecordingTransport::new(responses);
    let config = base_config(&transport)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    (Client::new(config), transport)
}

/// A client with temporary credentials (`AKID` plus [`SESSION_TOKEN`]).
fn session_client(responses: Vec<HttpResponse>) -> (Client, RecordingTransport) {
    let transport = RecordingTransport::new(responses);
    let config = base_config(&transport)
        .credentials(Credentials::new(
            "AKID",
            "SECRET",
            Some(SESSION_TOKEN.to_owned()),
        ))
        .build();
    (Client::new(config), transport)
}

/// A client with no credentials at all.
fn anonymous_client(responses: Vec<HttpResponse>) -> (Client, RecordingTransport) {
    let transport = RecordingTransport::new(responses);
    (Client::new(base_config(&transport).build()), transport)
}

/// A 200 `text/xml` response.
fn ok(body: &str) -> Vec<HttpResponse> {
    vec![response(200, body)]
}

/// The one request the transport saw.
fn only_request(transport: &RecordingTransport) -> HttpRequest {
    let mut requests = transport.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn body_text(request: &HttpRequest) -> &str {
    std::str::from_utf8(&request.body).expect("the request body is UTF-8")
}

/// `pairs` joined with `&`: keeps the expected bodies readable one key at a time.
fn form(pairs: &[&str]) -> String {
    pairs.join("&")
}

/// POST to the regional endpoint with the form content type and exactly `expected_body`.
fn assert_request_line(request: &HttpRequest, expected_body: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, ENDPOINT);
    assert_eq!(request.header("content-type"), Some(FORM_CONTENT_TYPE));
    assert_eq!(body_text(request), expected_body);
}

/// SigV4-signed by `AKID` for us-east-1/sts at the fixed clock, with the session token header
/// exactly when the credentials carry one.
fn assert_signed(request: &HttpRequest, session_token: Option<&str>) {
    let authorization = request
        .header("authorization")
        .expect("a signed request has an authorization header");
    assert!(
        authorization.starts_with(SIGNED_PREFIX),
        "authorization header `{authorization}` does not start with `{SIGNED_PREFIX}`"
    );
    let signature = authorization
        .rsplit_once(", Signature=")
        .map(|(_, signature)| signature)
        .expect("the authorization header ends with a signature");
    assert_eq!(signature.len(), 64, "signature `{signature}`");
    assert!(signature
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(request.header("x-amz-date"), Some(AMZ_DATE));
    assert_eq!(request.header("x-amz-security-token"), session_token);
}

fn assert_unsigned(request: &HttpRequest) {
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-amz-date"), None);
    assert_eq!(request.header("x-amz-security-token"), None);
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder()
        .key(key)
        .value(value)
        .build()
        .expect("key and value are set")
}

fn policy_arn(arn: &str) -> PolicyDescriptorType {
    PolicyDescriptorType::builder().arn(arn).build()
}

/// The two managed policies most operations below send, and their expected form pairs.
fn two_policy_arns() -> [PolicyDescriptorType; 2] {
    [
        policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
        policy_arn("arn:aws:iam::123456789012:policy/a+b"),
    ]
}
const POLICY_ARN_1: &str = "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess";
const POLICY_ARN_2: &str = "arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fa%2Bb";

/// The `<Credentials>` element most canned responses carry, and its expected parse.
const CREDENTIALS_XML: &str = "<Credentials>\
     <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>\
     <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\
     <SessionToken>IQoJb3JpZ2luX2VjEXAMPLE</SessionToken>\
     <Expiration>2019-11-09T13:34:41Z</Expiration>\
     </Credentials>";

fn assert_canned_credentials(credentials: Option<&sts::types::Credentials>) {
    let credentials = credentials.expect("the response has credentials");
    assert_eq!(credentials.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        credentials.secret_access_key(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(credentials.session_token(), "IQoJb3JpZ2luX2VjEXAMPLE");
    // 2019-11-09T13:34:41Z
    assert_eq!(
        *credentials.expiration(),
        DateTime::from_secs(1_573_306_481)
    );
}

fn envelope(operation: &str, result: &str) -> String {
    format!(
        "<{operation}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <{operation}Result>{result}</{operation}Result>\
         <ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>\
         </{operation}Response>"
    )
}

// ---------------------------------------------------------------------------------------------
// One test per operation: every input member on the wire, every output member parsed back.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn assume_role_round_trip() {
    let body = envelope(
        "AssumeRole",
        &format!(
            "<SourceIdentity>Zoë</SourceIdentity>\
             <AssumedRoleUser>\
             <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>\
             <AssumedRoleId>ARO123EXAMPLE123:session</AssumedRoleId>\
             </AssumedRoleUser>\
             {CREDENTIALS_XML}\
             <PackedPolicySize>6</PackedPolicySize>"
        ),
    );
    let (client, transport) = session_client(ok(&body));
    let [first_policy, second_policy] = two_policy_arns();
    let output = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("session name~1")
        .policy_arns(first_policy)
        .policy_arns(second_policy)
        .policy(r#"{"Version":"2012-10-17"}"#)
        .duration_seconds(3600)
        .tags(tag("Project", "Unicorn"))
        .tags(tag("Cost-Center", "12&345"))
        .transitive_tag_keys("Project")
        .transitive_tag_keys("Cost-Center")
        .external_id("123ABC=")
        .serial_number("arn:aws:iam::123456789012:mfa/alice")
        .token_code("123456")
        .source_identity("Zoë")
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/IdentityCenter")
                .context_assertion("eyJhbGciOi==")
                .build(),
        )
        .provided_contexts(
            ProvidedContext::builder()
                .provider_arn("arn:aws:iam::aws:contextProvider/Other")
                .context_assertion("a/b")
                .build(),
        )
        .send()
        .await
        .expect("AssumeRole succeeds");

    let request = only_request(&transport);
    let policy_arn_1 = format!("PolicyArns.member.1.arn={POLICY_ARN_1}");
    let policy_arn_2 = format!("PolicyArns.member.2.arn={POLICY_ARN_2}");
    assert_request_line(
        &request,
        &form(&[
            "Action=AssumeRole",
            "Version=2011-06-15",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo",
            "RoleSessionName=session%20name~1",
            &policy_arn_1,
            &policy_arn_2,
            "Policy=%7B%22Version%22%3A%222012-10-17%22%7D",
            "DurationSeconds=3600",
            "Tags.member.1.Key=Project",
            "Tags.member.1.Value=Unicorn",
            "Tags.member.2.Key=Cost-Center",
            "Tags.member.2.Value=12%26345",
            "TransitiveTagKeys.member.1=Project",
            "TransitiveTagKeys.member.2=Cost-Center",
            "ExternalId=123ABC%3D",
            "SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice",
            "TokenCode=123456",
            "SourceIdentity=Zo%C3%AB",
            "ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FIdentityCenter",
            "ProvidedContexts.member.1.ContextAssertion=eyJhbGciOi%3D%3D",
            "ProvidedContexts.member.2.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3AcontextProvider%2FOther",
            "ProvidedContexts.member.2.ContextAssertion=a%2Fb",
        ]),
    );
    assert_signed(&request, Some(SESSION_TOKEN));

    assert_canned_credentials(output.credentials());
    let user = output.assumed_role_user().expect("AssumedRoleUser");
    assert_eq!(
        user.arn(),
        "arn:aws:sts::123456789012:assumed-role/demo/session"
    );
    assert_eq!(user.assumed_role_id(), "ARO123EXAMPLE123:session");
    assert_eq!(output.packed_policy_size(), Some(6));
    assert_eq!(output.source_identity(), Some("Zoë"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn assume_role_with_saml_round_trip_is_unsigned_without_credentials() {
    let body = envelope(
        "AssumeRoleWithSAML",
        &format!(
            "<Issuer>https://integ.example.com/idp/shibboleth</Issuer>\
             <AssumedRoleUser>\
             <AssumedRoleId>ARO456EXAMPLE789:TestSaml</AssumedRoleId>\
             <Arn>arn:aws:sts::123456789012:assumed-role/TestSaml</Arn>\
             </AssumedRoleUser>\
             {CREDENTIALS_XML}\
             <Audience>https://signin.aws.amazon.com/saml?a=1&amp;b=2</Audience>\
             <SubjectType>transient</SubjectType>\
             <PackedPolicySize>0</PackedPolicySize>\
             <NameQualifier>SbdGOnUkh1i4+EXAMPLExL/jEvs=</NameQualifier>\
             <Subject>SamlExample</Subject>\
             <SourceIdentity>saml-source</SourceIdentity>"
        ),
    );
    let (client, transport) = anonymous_client(ok(&body));
    let [first_policy, second_policy] = two_policy_arns();
    let output = client
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/TestSaml")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/SAML-test")
        .saml_assertion("PHNhbWw+dGVzdDwvc2FtbD4=")
        .policy_arns(first_policy)
        .policy_arns(second_policy)
        .policy(r#"{"Statement":[]}"#)
        .duration_seconds(900)
        .send()
        .await
        .expect("AssumeRoleWithSAML succeeds without credentials");

    let request = only_request(&transport);
    let policy_arn_1 = format!("PolicyArns.member.1.arn={POLICY_ARN_1}");
    let policy_arn_2 = format!("PolicyArns.member.2.arn={POLICY_ARN_2}");
    assert_request_line(
        &request,
        &form(&[
            "Action=AssumeRoleWithSAML",
            "Version=2011-06-15",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FTestSaml",
            "PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2FSAML-test",
            "SAMLAssertion=PHNhbWw%2BdGVzdDwvc2FtbD4%3D",
            &policy_arn_1,
            &policy_arn_2,
            "Policy=%7B%22Statement%22%3A%5B%5D%7D",
            "DurationSeconds=900",
        ]),
    );
    assert_unsigned(&request);

    assert_canned_credentials(output.credentials());
    let user = output.assumed_role_user().expect("AssumedRoleUser");
    assert_eq!(
        user.arn(),
        "arn:aws:sts::123456789012:assumed-role/TestSaml"
    );
    assert_eq!(user.assumed_role_id(), "ARO456EXAMPLE789:TestSaml");
    assert_eq!(output.packed_policy_size(), Some(0));
    assert_eq!(output.subject(), Some("SamlExample"));
    assert_eq!(output.subject_type(), Some("transient"));
    assert_eq!(
        output.issuer(),
        Some("https://integ.example.com/idp/shibboleth")
    );
    assert_eq!(
        output.audience(),
        Some("https://signin.aws.amazon.com/saml?a=1&b=2")
    );
    assert_eq!(
        output.name_qualifier(),
        Some("SbdGOnUkh1i4+EXAMPLExL/jEvs=")
    );
    assert_eq!(output.source_identity(), Some("saml-source"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn assume_role_with_web_identity_round_trip_is_unsigned_without_credentials() {
    let body = envelope(
        "AssumeRoleWithWebIdentity",
        &format!(
            "{CREDENTIALS_XML}\
             <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE</SubjectFromWebIdentityToken>\
             <AssumedRoleUser>\
             <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>\
             <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>\
             </AssumedRoleUser>\
             <PackedPolicySize>123</PackedPolicySize>\
             <Provider>www.amazon.com</Provider>\
             <Audience>client.5498841531868486423.1548@apps.example.com</Audience>\
             <SourceIdentity>web-source</SourceIdentity>"
        ),
    );
    let (client, transport) = anonymous_client(ok(&body));
    let [first_policy, second_policy] = two_policy_arns();
    let output = client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/FederatedWebIdentityRole")
        .role_session_name("app1")
        .web_identity_token("Atza|IQEB.x_y-z")
        .provider_id("www.amazon.com")
        .policy_arns(first_policy)
        .policy_arns(second_policy)
        .policy("{}")
        .duration_seconds(3600)
        .send()
        .await
        .expect("AssumeRoleWithWebIdentity succeeds without credentials");

    let request = only_request(&transport);
    let policy_arn_1 = format!("PolicyArns.member.1.arn={POLICY_ARN_1}");
    let policy_arn_2 = format!("PolicyArns.member.2.arn={POLICY_ARN_2}");
    assert_request_line(
        &request,
        &form(&[
            "Action=AssumeRoleWithWebIdentity",
            "Version=2011-06-15",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FFederatedWebIdentityRole",
            "RoleSessionName=app1",
            "WebIdentityToken=Atza%7CIQEB.x_y-z",
            "ProviderId=www.amazon.com",
            &policy_arn_1,
            &policy_arn_2,
            "Policy=%7B%7D",
            "DurationSeconds=3600",
        ]),
    );
    assert_unsigned(&request);

    assert_canned_credentials(output.credentials());
    assert_eq!(
        output.subject_from_web_identity_token(),
        Some("amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE")
    );
    let user = output.assumed_role_user().expect("AssumedRoleUser");
    assert_eq!(
        user.arn(),
        "arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1"
    );
    assert_eq!(user.assumed_role_id(), "AROACLKWSDQRAOEXAMPLE:app1");
    assert_eq!(output.packed_policy_size(), Some(123));
    assert_eq!(output.provider(), Some("www.amazon.com"));
    assert_eq!(
        output.audience(),
        Some("client.5498841531868486423.1548@apps.example.com")
    );
    assert_eq!(output.source_identity(), Some("web-source"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn assume_root_round_trip() {
    let body = envelope(
        "AssumeRoot",
        &format!("{CREDENTIALS_XML}<SourceIdentity>Alice</SourceIdentity>"),
    );
    let (client, transport) = signed_client(ok(&body));
    let output = client
        .assume_root()
        .target_principal("111122223333")
        .task_policy_arn(policy_arn(
            "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
        ))
        .duration_seconds(900)
        .send()
        .await
        .expect("AssumeRoot succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        &form(&[
            "Action=AssumeRoot",
            "Version=2011-06-15",
            "TargetPrincipal=111122223333",
            "TaskPolicyArn.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Froot-task%2FS3UnlockBucketPolicy",
            "DurationSeconds=900",
        ]),
    );
    assert_signed(&request, None);

    assert_canned_credentials(output.credentials());
    assert_eq!(output.source_identity(), Some("Alice"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn decode_authorization_message_round_trip() {
    let body = envelope(
        "DecodeAuthorizationMessage",
        "<DecodedMessage>{&quot;allowed&quot;:&quot;false&quot;,&quot;context&quot;:&lt;x&gt;}</DecodedMessage>",
    );
    let (client, transport) = session_client(ok(&body));
    let output = client
        .decode_authorization_message()
        .encoded_message("<encoded message>")
        .send()
        .await
        .expect("DecodeAuthorizationMessage succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        "Action=DecodeAuthorizationMessage&Version=2011-06-15&EncodedMessage=%3Cencoded%20message%3E",
    );
    assert_signed(&request, Some(SESSION_TOKEN));

    assert_eq!(
        output.decoded_message(),
        Some(r#"{"allowed":"false","context":<x>}"#)
    );
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_access_key_info_round_trip() {
    let body = envelope("GetAccessKeyInfo", "<Account>111122223333</Account>");
    let (client, transport) = signed_client(ok(&body));
    let output = client
        .get_access_key_info()
        .access_key_id("AKIAIOSFODNN7EXAMPLE")
        .send()
        .await
        .expect("GetAccessKeyInfo succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        "Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId=AKIAIOSFODNN7EXAMPLE",
    );
    assert_signed(&request, None);

    assert_eq!(output.account(), Some("111122223333"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_caller_identity_round_trip() {
    let body = envelope(
        "GetCallerIdentity",
        "<UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>\
         <Account>123456789012</Account>\
         <Arn>arn:aws:iam::123456789012:user/Alice</Arn>",
    );
    let (client, transport) = session_client(ok(&body));
    let output = client
        .get_caller_identity()
        .send()
        .await
        .expect("GetCallerIdentity succeeds");

    let request = only_request(&transport);
    assert_request_line(&request, "Action=GetCallerIdentity&Version=2011-06-15");
    assert_signed(&request, Some(SESSION_TOKEN));

    assert_eq!(output.user_id(), Some("AIDACKCEVSQ6C2EXAMPLE"));
    assert_eq!(output.account(), Some("123456789012"));
    assert_eq!(output.arn(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_delegated_access_token_round_trip() {
    let body = envelope(
        "GetDelegatedAccessToken",
        &format!(
            "{CREDENTIALS_XML}\
             <PackedPolicySize>42</PackedPolicySize>\
             <AssumedPrincipal>arn:aws:sts::123456789012:assumed-role/Delegate/s1</AssumedPrincipal>"
        ),
    );
    let (client, transport) = signed_client(ok(&body));
    let output = client
        .get_delegated_access_token()
        .trade_in_token("tok/en+1=")
        .send()
        .await
        .expect("GetDelegatedAccessToken succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        "Action=GetDelegatedAccessToken&Version=2011-06-15&TradeInToken=tok%2Fen%2B1%3D",
    );
    assert_signed(&request, None);

    assert_canned_credentials(output.credentials());
    assert_eq!(output.packed_policy_size(), Some(42));
    assert_eq!(
        output.assumed_principal(),
        Some("arn:aws:sts::123456789012:assumed-role/Delegate/s1")
    );
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_federation_token_round_trip() {
    let body = envelope(
        "GetFederationToken",
        &format!(
            "{CREDENTIALS_XML}\
             <FederatedUser>\
             <Arn>arn:aws:sts::123456789012:federated-user/Bob</Arn>\
             <FederatedUserId>123456789012:Bob</FederatedUserId>\
             </FederatedUser>\
             <PackedPolicySize>8</PackedPolicySize>"
        ),
    );
    let (client, transport) = signed_client(ok(&body));
    let [first_policy, second_policy] = two_policy_arns();
    let output = client
        .get_federation_token()
        .name("Bob")
        .policy(r#"{"Version":"2012-10-17"}"#)
        .policy_arns(first_policy)
        .policy_arns(second_policy)
        .duration_seconds(43_200)
        .tags(tag("Project", "Pegasus"))
        .tags(tag("Cost-Center", "98765"))
        .send()
        .await
        .expect("GetFederationToken succeeds");

    let request = only_request(&transport);
    let policy_arn_1 = format!("PolicyArns.member.1.arn={POLICY_ARN_1}");
    let policy_arn_2 = format!("PolicyArns.member.2.arn={POLICY_ARN_2}");
    assert_request_line(
        &request,
        &form(&[
            "Action=GetFederationToken",
            "Version=2011-06-15",
            "Name=Bob",
            "Policy=%7B%22Version%22%3A%222012-10-17%22%7D",
            &policy_arn_1,
            &policy_arn_2,
            "DurationSeconds=43200",
            "Tags.member.1.Key=Project",
            "Tags.member.1.Value=Pegasus",
            "Tags.member.2.Key=Cost-Center",
            "Tags.member.2.Value=98765",
        ]),
    );
    assert_signed(&request, None);

    assert_canned_credentials(output.credentials());
    let user = output.federated_user().expect("FederatedUser");
    assert_eq!(user.arn(), "arn:aws:sts::123456789012:federated-user/Bob");
    assert_eq!(user.federated_user_id(), "123456789012:Bob");
    assert_eq!(output.packed_policy_size(), Some(8));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_session_token_round_trip() {
    // Fractional seconds in the expiration, unlike the shared credentials element.
    let body = envelope(
        "GetSessionToken",
        "<Credentials>\
         <SessionToken>AQoEXAMPLEH4aoAH0gNCAPy</SessionToken>\
         <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\
         <Expiration>2011-07-11T19:55:29.611Z</Expiration>\
         <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>\
         </Credentials>",
    );
    let (client, transport) = session_client(ok(&body));
    let output = client
        .get_session_token()
        .duration_seconds(3600)
        .serial_number("arn:aws:iam::123456789012:mfa/user")
        .token_code("123456")
        .send()
        .await
        .expect("GetSessionToken succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        &form(&[
            "Action=GetSessionToken",
            "Version=2011-06-15",
            "DurationSeconds=3600",
            "SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser",
            "TokenCode=123456",
        ]),
    );
    assert_signed(&request, Some(SESSION_TOKEN));

    let credentials = output.credentials().expect("Credentials");
    assert_eq!(credentials.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        credentials.secret_access_key(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(credentials.session_token(), "AQoEXAMPLEH4aoAH0gNCAPy");
    // 2011-07-11T19:55:29.611Z
    assert_eq!(
        *credentials.expiration(),
        DateTime::from_secs_and_nanos(1_310_414_129, 611_000_000)
    );
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_web_identity_token_round_trip() {
    let body = envelope(
        "GetWebIdentityToken",
        "<WebIdentityToken>eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln</WebIdentityToken>\
         <Expiration>2026-03-04T05:06:07.5Z</Expiration>",
    );
    let (client, transport) = signed_client(ok(&body));
    let output = client
        .get_web_identity_token()
        .audience("https://api.example.com")
        .audience("urn:example:aud")
        .duration_seconds(300)
        .signing_algorithm("RS256")
        .tags(tag("team", "blue"))
        .tags(tag("env", "prod env"))
        .send()
        .await
        .expect("GetWebIdentityToken succeeds");

    let request = only_request(&transport);
    assert_request_line(
        &request,
        &form(&[
            "Action=GetWebIdentityToken",
            "Version=2011-06-15",
            "Audience.member.1=https%3A%2F%2Fapi.example.com",
            "Audience.member.2=urn%3Aexample%3Aaud",
            "DurationSeconds=300",
            "SigningAlgorithm=RS256",
            "Tags.member.1.Key=team",
            "Tags.member.1.Value=blue",
            "Tags.member.2.Key=env",
            "Tags.member.2.Value=prod%20env",
        ]),
    );
    assert_signed(&request, None);

    assert_eq!(
        output.web_identity_token(),
        Some("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln")
    );
    // 2026-03-04T05:06:07.5Z
    assert_eq!(
        output.expiration(),
        Some(&DateTime::from_secs_and_nanos(1_772_600_767, 500_000_000))
    );
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

// ---------------------------------------------------------------------------------------------
// Auth edge cases
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unsigned_operations_stay_unsigned_when_credentials_are_configured() {
    let saml_body = envelope("AssumeRoleWithSAML", CREDENTIALS_XML);
    let web_body = envelope("AssumeRoleWithWebIdentity", CREDENTIALS_XML);
    let (client, transport) =
        session_client(vec![response(200, &saml_body), response(200, &web_body)]);
    client
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/p")
        .saml_assertion("assertion")
        .send()
        .await
        .expect("AssumeRoleWithSAML succeeds");
    client
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/r")
        .role_session_name("s")
        .web_identity_token("token")
        .send()
        .await
        .expect("AssumeRoleWithWebIdentity succeeds");

    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_unsigned(request);
    }
}

#[tokio::test]
async fn signed_operation_without_credentials_is_a_construction_error_naming_it() {
    let (client, transport) = anonymous_client(ok(&envelope("GetCallerIdentity", "")));
    let error = client
        .get_caller_identity()
        .send()
        .await
        .expect_err("a signed operation needs credentials");
    let SdkError::Construction(construction) = &error else {
        panic!("expected a construction error, got {error:?}");
    };
    let message = construction.to_string();
    assert!(
        message.contains("GetCallerIdentity") && message.contains("credentials"),
        "message `{message}` should name the operation and the missing credentials"
    );
    assert!(transport.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn missing_region_is_a_construction_error() {
    let transport = RecordingTransport::new(ok(&envelope("GetCallerIdentity", "")));
    let config = Config::builder()
        .http_client(transport.clone())
        .retry(RetryConfig::disabled())
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    let error = Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .expect_err("no region means no endpoint");
    let SdkError::Construction(construction) = &error else {
        panic!("expected a construction error, got {error:?}");
    };
    assert!(
        construction.to_string().contains("region"),
        "message `{construction}` should say the region is missing"
    );
    assert!(transport.requests().is_empty(), "nothing may be sent");
}

// ---------------------------------------------------------------------------------------------
// Input edge cases
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn empty_lists_serialize_as_bare_keys_and_empty_strings_as_empty_values() {
    let responses = vec![
        response(200, &envelope("AssumeRole", "")),
        response(200, &envelope("GetWebIdentityToken", "")),
    ];
    let (client, transport) = signed_client(responses);
    client
        .assume_role()
        .role_arn("r")
        .role_session_name("s")
        .set_policy_arns(Some(Vec::new()))
        .set_tags(Some(Vec::new()))
        .set_transitive_tag_keys(Some(Vec::new()))
        .set_provided_contexts(Some(Vec::new()))
        .external_id("")
        .send()
        .await
        .expect("AssumeRole succeeds");
    client
        .get_web_identity_token()
        .set_audience(Some(Vec::new()))
        .signing_algorithm("ES384")
        .send()
        .await
        .expect("GetWebIdentityToken succeeds");

    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        body_text(&requests[0]),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=r&RoleSessionName=s\
         &PolicyArns=&Tags=&TransitiveTagKeys=&ExternalId=&ProvidedContexts="
    );
    assert_eq!(
        body_text(&requests[1]),
        "Action=GetWebIdentityToken&Version=2011-06-15&Audience=&SigningAlgorithm=ES384"
    );
}

#[tokio::test]
async fn missing_required_member_is_a_construction_error_and_nothing_is_sent() {
    let (client, transport) = signed_client(ok(&envelope("AssumeRole", "")));
    let error = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .send()
        .await
        .expect_err("RoleSessionName is required");
    let SdkError::Construction(construction) = &error else {
        panic!("expected a construction error, got {error:?}");
    };
    assert!(
        construction.to_string().contains("RoleSessionName"),
        "message `{construction}` should name the missing member"
    );

    let error = client
        .assume_root()
        .target_principal("111122223333")
        .send()
        .await
        .expect_err("TaskPolicyArn is required");
    assert!(
        matches!(&error, SdkError::Construction(c) if c.to_string().contains("TaskPolicyArn")),
        "expected a construction error naming TaskPolicyArn, got {error:?}"
    );

    let error = client
        .get_web_identity_token()
        .audience("aud")
        .send()
        .await
        .expect_err("SigningAlgorithm is required");
    assert!(
        matches!(&error, SdkError::Construction(c) if c.to_string().contains("SigningAlgorithm")),
        "expected a construction error naming SigningAlgorithm, got {error:?}"
    );
    assert!(transport.requests().is_empty(), "nothing may be sent");
}

// ---------------------------------------------------------------------------------------------
// Response edge cases
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_elements_are_ignored_anywhere() {
    let body = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <Preamble><Nested><Deeper>x</Deeper></Nested></Preamble>\
         <AssumeRoleResult>\
         <SomethingNew>ignored</SomethingNew>\
         <AssumedRoleUser>\
         <Extra attr=\"1\"><Arn>not this one</Arn></Extra>\
         <Arn>arn:aws:sts::123456789012:assumed-role/demo/s</Arn>\
         <AssumedRoleId>ARO1:s</AssumedRoleId>\
         </AssumedRoleUser>\
         {CREDENTIALS_XML}\
         <FutureList><member>a</member><member>b</member></FutureList>\
         <PackedPolicySize>7</PackedPolicySize>\
         </AssumeRoleResult>\
         <ResponseMetadata><Other>1</Other><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>\
         <Trailer/>\
         </AssumeRoleResponse>"
    );
    let (client, _transport) = signed_client(ok(&body));
    let output = client
        .assume_role()
        .role_arn("r")
        .role_session_name("s")
        .send()
        .await
        .expect("unknown elements do not fail the parse");
    assert_canned_credentials(output.credentials());
    let user = output.assumed_role_user().expect("AssumedRoleUser");
    assert_eq!(user.arn(), "arn:aws:sts::123456789012:assumed-role/demo/s");
    assert_eq!(user.assumed_role_id(), "ARO1:s");
    assert_eq!(output.packed_policy_size(), Some(7));
    assert_eq!(output.source_identity(), None);
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn namespace_prefixed_elements_parse() {
    let body = format!(
        "<x:GetCallerIdentityResponse xmlns:x=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <x:GetCallerIdentityResult>\
         <x:UserId>AIDA1</x:UserId><x:Account>123456789012</x:Account>\
         <x:Arn>arn:aws:iam::123456789012:user/Alice</x:Arn>\
         </x:GetCallerIdentityResult>\
         <x:ResponseMetadata><x:RequestId>{REQUEST_ID}</x:RequestId></x:ResponseMetadata>\
         </x:GetCallerIdentityResponse>"
    );
    let (client, _transport) = signed_client(ok(&body));
    let output = client
        .get_caller_identity()
        .send()
        .await
        .expect("a prefixed root parses");
    assert_eq!(output.user_id(), Some("AIDA1"));
    assert_eq!(output.account(), Some("123456789012"));
    assert_eq!(output.arn(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
}

#[tokio::test]
async fn expiration_with_a_numeric_offset_parses() {
    // 2019-12-16T22:48:18-01:00 is 2019-12-16T23:48:18Z (aws-query.md §4.2).
    let body = envelope(
        "GetSessionToken",
        "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
         <SessionToken>T</SessionToken><Expiration>2019-12-16T22:48:18-01:00</Expiration>\
         </Credentials>",
    );
    let (client, _transport) = signed_client(ok(&body));
    let output = client
        .get_session_token()
        .send()
        .await
        .expect("offsets are accepted");
    let credentials = output.credentials().expect("Credentials");
    assert_eq!(
        *credentials.expiration(),
        DateTime::from_secs(1_576_540_098)
    );
}

#[tokio::test]
async fn missing_response_metadata_gives_no_request_id() {
    let body = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account>\
                </GetCallerIdentityResult></GetCallerIdentityResponse>";
    let (client, _transport) = signed_client(ok(body));
    let output = client
        .get_caller_identity()
        .send()
        .await
        .expect("ResponseMetadata is optional");
    assert_eq!(output.account(), Some("1"));
    assert_eq!(output.user_id(), None);
    assert_eq!(output.request_id(), None);
}

/// Sends GetCallerIdentity answered by a 200 with `body` and returns the response error.
async fn malformed_200(body: &str) -> stsgen_runtime::ResponseError {
    let transport = RecordingTransport::new(vec![HttpResponse {
        status: 200,
        headers: vec![("x-amzn-RequestId".to_owned(), "header-id".to_owned())],
        body: body.as_bytes().to_vec(),
    }]);
    let config = base_config(&transport)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    let error = Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .expect_err("a malformed body must not parse");
    assert_eq!(error.request_id(), Some("header-id"), "{error:?}");
    match error {
        SdkError::Response(response) => response,
        other => panic!("expected SdkError::Response, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_success_bodies_are_response_errors() {
    let cases = [
        // Truncated document.
        "<GetCallerIdentityResponse><GetCallerIdentityResult><UserId>x</UserId>",
        // Mismatched end tag.
        "<GetCallerIdentityResponse><GetCallerIdentityResult></Wrong></GetCallerIdentityResponse>",
        // Not XML at all.
        "{\"UserId\": \"x\"}",
        // Empty body.
        "",
        // Another operation's envelope.
        "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>",
    ];
    for body in cases {
        let error = malformed_200(body).await;
        assert_eq!(error.status(), 200, "body {body:?}");
        let text = SdkError::<sts::Error>::Response(error).to_string();
        assert!(
            text.starts_with("the response could not be read: HTTP 200 response: "),
            "body {body:?} gave `{text}`"
        );
    }
}

#[tokio::test]
async fn bad_scalar_values_are_response_errors() {
    let bad_integer = envelope("AssumeRole", "<PackedPolicySize>six</PackedPolicySize>");
    let bad_timestamp = envelope(
        "AssumeRole",
        "<Credentials><Expiration>yesterday</Expiration></Credentials>",
    );
    for body in [bad_integer, bad_timestamp] {
        let (client, _transport) = signed_client(ok(&body));
        let error = client
            .assume_role()
            .role_arn("r")
            .role_session_name("s")
            .send()
            .await
            .expect_err("a bad scalar must not parse");
        assert!(
            matches!(&error, SdkError::Response(response) if response.status() == 200),
            "expected SdkError::Response for {body}, got {error:?}"
        );
    }
}

#[tokio::test]
async fn a_missing_result_wrapper_is_a_response_error() {
    // aws-query.md §4.1: smithy-rs rejects a missing `<OpResult>`, botocore fails its lookup;
    // an output silently filled with nothing would hide a wrong or truncated response.
    let body = format!(
        "<GetCallerIdentityResponse>\
         <ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>\
         </GetCallerIdentityResponse>"
    );
    let error = malformed_200(&body).await;
    assert_eq!(error.status(), 200);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let (client, _transport) = session_client(ok(&envelope("GetSessionToken", CREDENTIALS_XML)));
    let output = client
        .get_session_token()
        .send()
        .await
        .expect("GetSessionToken succeeds");
    let debug = format!("{output:?} {client:?}");
    for secret in [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "IQoJb3JpZ2luX2VjEXAMPLE",
        "SECRET",
        SESSION_TOKEN,
    ] {
        assert!(!debug.contains(secret), "`{secret}` leaked into `{debug}`");
    }
    assert!(debug.contains("ASIAIOSFODNN7EXAMPLE"), "{debug}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_client() {
    let transport = RecordingTransport::with_fn(|request| {
        let body = std::str::from_utf8(&request.body).unwrap_or_default();
        let key = body.rsplit_once("AccessKeyId=").map_or("", |(_, key)| key);
        Ok(response(
            200,
            &envelope("GetAccessKeyInfo", &format!("<Account>{key}</Account>")),
        ))
    });
    let config = base_config(&transport)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    let client = Client::new(config);
    let calls = (0..8).map(|n| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .get_access_key_info()
                .access_key_id(format!("KEY{n}"))
                .send()
                .await
                .map(|output| output.account().map(str::to_owned))
        })
    });
    for (n, call) in calls.collect::<Vec<_>>().into_iter().enumerate() {
        let account = call
            .await
            .expect("the task completes")
            .expect("the call succeeds");
        assert_eq!(account, Some(format!("KEY{n}")));
    }
    assert_eq!(transport.requests().len(), 8);
}
