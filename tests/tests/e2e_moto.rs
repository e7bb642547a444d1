//! End-to-end tests of the generated STS client against moto's STS fake over real HTTP: the
//! generated operations, the runtime's SigV4 signer and its `HttpsClient`, talking to a
//! `moto_server` process on 127.0.0.1.
//!
//! Besides the values moto returns, the tests read moto's own record of what it received
//! (`/moto-api/data.json`), so a policy or external id that the form encoding garbled would
//! fail here even though moto accepts anything.
//!
//! moto 5.2.5 implements AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity,
//! GetCallerIdentity, GetSessionToken, GetFederationToken and GetAccessKeyInfo. It answers the
//! other STS operations (AssumeRoot, DecodeAuthorizationMessage, GetDelegatedAccessToken,
//! GetWebIdentityToken) with an HTML 500 page, so they are covered only by the canned-server
//! tests (`e2e_errors.rs`, `sts_wire.rs`).
//!
//! All tests share one moto process ([`MotoServer::shared`]) and never reset it, so each one
//! uses its own role and session names. When moto is not installed they fail with the
//! harness's message naming `scripts/install-moto.sh`.

use serde_json::Value;
use sts::config::{Credentials, RetryConfig};
use sts::primitives::{DateTime, RequestId};
use sts::types::{PolicyDescriptorType, Tag};
use sts::{Client, Config};
use stsgen_runtime::blob::encode_base64;
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::query::QueryWriter;
use stsgen_runtime::transport::{HttpClient, HttpsClient};
use stsgen_tests::moto::MotoServer;

/// The account moto uses for callers it does not know.
const DEFAULT_ACCOUNT: &str = "123456789012";
/// Long-term credentials moto has never seen: it treats the caller as its default user.
const ACCESS_KEY: &str = "AKIDE2EMOTOEXAMPLE01";
const SECRET_KEY: &str = "e2e/moto/secret/key/EXAMPLE0000000000000";
/// moto's fixed answers to GetSessionToken and GetFederationToken.
const MOTO_FIXED_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const MOTO_FIXED_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
/// Seconds an expiration may differ from "request time + duration": moto and the test read the
/// same clock, but on either side of an HTTP round trip on a busy machine.
const EXPIRY_TOLERANCE_SECS: i64 = 10;
/// An inline session policy with characters the form encoding must escape (quotes, braces,
/// spaces, `*`, `:`, `/`) and one non-ASCII character.
const INLINE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::e2e bucket/é*"}]}"#;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// A client for the shared moto server with `credentials` (none: unsigned operations only).
fn client(credentials: Option<Credentials>) -> Client {
    let builder = Config::builder()
        .region("us-east-1")
        .endpoint_url(MotoServer::shared().endpoint())
        .retry(RetryConfig::disabled());
    let builder = match credentials {
        Some(credentials) => builder.credentials(credentials),
        None => builder,
    };
    Client::new(builder.build())
}

/// A client signing with the long-term test credentials moto does not know.
fn default_client() -> Client {
    client(Some(Credentials::new(ACCESS_KEY, SECRET_KEY, None)))
}

/// A client signing with temporary credentials returned by STS.
fn session_client(credentials: &sts::types::Credentials) -> Client {
    client(Some(Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
    )))
}

/// Sends a raw request to moto through the runtime's transport and returns status and body.
async fn moto_raw(request: HttpRequest) -> (u16, String) {
    let response = HttpsClient::new()
        .send(request)
        .await
        .unwrap_or_else(|err| panic!("moto did not answer a raw request: {err}"));
    let body = String::from_utf8_lossy(&response.body).into_owned();
    (response.status, body)
}

/// Creates the IAM role `name` in moto's default account and returns its role id (`AROA…`), so
/// that moto derives assumed-role ids from it instead of inventing random ones.
async fn create_iam_role(name: &str) -> String {
    let mut form = String::new();
    let mut writer = QueryWriter::new(&mut form, "CreateRole", "2010-05-08");
    writer.prefix("RoleName").string(name);
    writer.prefix("AssumeRolePolicyDocument").string(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
    );
    let request = HttpRequest {
        method: "POST".to_owned(),
        uri: format!("{}/", MotoServer::shared().endpoint()),
        headers: vec![
            (
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            // moto routes by the credential scope and ignores the signature.
            (
                "authorization".to_owned(),
                format!(
                    "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20260101/us-east-1/iam/aws4_request, \
                     SignedHeaders=host, Signature=0000"
                ),
            ),
        ],
        body: form.into_bytes(),
    };
    let (status, body) = moto_raw(request).await;
    assert_eq!(status, 200, "moto's IAM CreateRole failed: {body}");
    let root = stsgen_runtime::xml::parse(body.as_bytes())
        .unwrap_or_else(|err| panic!("moto's CreateRole answer is not XML ({err}): {body}"));
    root.child("CreateRoleResult")
        .and_then(|result| result.child("Role"))
        .and_then(|role| role.child("RoleId"))
        .map(|id| id.text().to_owned())
        .unwrap_or_else(|| panic!("moto's CreateRole answer has no RoleId: {body}"))
}

/// moto's record of the assumed-role session whose temporary access key is `access_key_id`,
/// from `/moto-api/data.json`.
async fn moto_assumed_role_record(access_key_id: &str) -> Value {
    let request = HttpRequest {
        method: "GET".to_owned(),
        uri: format!("{}/moto-api/data.json", MotoServer::shared().endpoint()),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let (status, body) = moto_raw(request).await;
    assert_eq!(status, 200, "moto's data.json failed: {body}");
    let data: Value = serde_json::from_str(&body)
        .unwrap_or_else(|err| panic!("moto's data.json is not JSON: {err}"));
    data["sts"]["AssumedRole"]
        .as_array()
        .and_then(|roles| {
            roles
                .iter()
                .find(|role| role["access_key_id"] == access_key_id)
        })
        .cloned()
        .unwrap_or_else(|| panic!("moto has no assumed role with access key {access_key_id}"))
}

/// Asserts that `expiration` is `duration_secs` after a moment between `before` and now.
fn assert_expires_in(expiration: &DateTime, before: DateTime, duration_secs: i64) {
    let after = DateTime::now();
    let earliest = before.secs() + duration_secs - EXPIRY_TOLERANCE_SECS;
    let latest = after.secs() + duration_secs + EXPIRY_TOLERANCE_SECS;
    assert!(
        (earliest..=latest).contains(&expiration.secs()),
        "expiration {expiration} is not {duration_secs} s after the request (allowed \
         {earliest}..={latest}, got {})",
        expiration.secs()
    );
}

/// Asserts the shape of credentials moto generates for an assumed role: `ASIA` plus 16
/// upper-case letters or digits, a 40-character secret, and moto's session-token prefix.
fn assert_temporary_credentials(credentials: &sts::types::Credentials) {
    let key = credentials.access_key_id();
    assert!(
        key.len() == 20
            && key.starts_with("ASIA")
            && key[4..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "not a temporary access key id: {key}"
    );
    assert_eq!(credentials.secret_access_key().len(), 40);
    assert!(
        credentials.session_token().starts_with("FQoGZXIvYXdzEBYaD")
            && credentials.session_token().len() > 100,
        "not a moto session token (length {})",
        credentials.session_token().len()
    );
}

/// Asserts that an assumed-role id is moto's random `AROA` id for an unknown role followed by
/// `:session`.
fn assert_random_role_id(id: &str, session: &str) {
    let (role_id, id_session) = id
        .split_once(':')
        .unwrap_or_else(|| panic!("assumed role id without ':': {id}"));
    assert_eq!(id_session, session);
    assert!(
        role_id.len() == 21
            && role_id.starts_with("AROA")
            && role_id[4..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "not an assumed role id: {role_id}"
    );
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder()
        .key(key)
        .value(value)
        .build()
        .unwrap_or_else(|err| panic!("tag {key}: {err}"))
}

/// Asserts that no secret of `credentials` shows in `debug` output.
fn assert_no_secrets(debug: &str, credentials: &sts::types::Credentials) {
    assert!(
        !debug.contains(credentials.secret_access_key()),
        "Debug output shows the secret access key"
    );
    assert!(
        !debug.contains(credentials.session_token()),
        "Debug output shows the session token"
    );
}

// ---------------------------------------------------------------------------------------------
// GetCallerIdentity and GetAccessKeyInfo
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_caller_identity_for_unknown_keys_is_motos_default_user() {
    let output = default_client()
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {err}"));

    assert_eq!(output.account(), Some(DEFAULT_ACCOUNT));
    assert_eq!(output.arn(), Some("arn:aws:sts::123456789012:user/moto"));
    assert_eq!(output.user_id(), Some("AKIAIOSFODNN7EXAMPLE"));
    assert!(
        output.request_id().is_some_and(|id| !id.is_empty()),
        "no request id in {output:?}"
    );
}

#[tokio::test]
async fn get_access_key_info_names_the_calling_account() {
    let output = default_client()
        .get_access_key_info()
        .access_key_id("AKIAI44QH8DHBEXAMPLE")
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetAccessKeyInfo failed: {err}"));

    assert_eq!(output.account(), Some(DEFAULT_ACCOUNT));
}

// ---------------------------------------------------------------------------------------------
// AssumeRole
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn assume_role_with_every_option_then_call_as_the_role() {
    let role = "e2e-assume-role";
    let session = "e2e-session@example.com";
    let role_id = create_iam_role(role).await;
    let role_arn = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:role/{role}");
    let before = DateTime::now();

    let output = default_client()
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name(session)
        .policy(INLINE_POLICY)
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .build(),
        )
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::123456789012:policy/e2e policy")
                .build(),
        )
        .tags(tag("Project", "Unicorn"))
        .tags(tag("Cost-Center", "12 345"))
        .transitive_tag_keys("Project")
        .external_id("e2e-external+id=1/2")
        .duration_seconds(900)
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRole failed: {err}"));

    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("AssumeRole returned no credentials: {output:?}"));
    assert_temporary_credentials(credentials);
    assert_expires_in(credentials.expiration(), before, 900);
    let user = output
        .assumed_role_user()
        .unwrap_or_else(|| panic!("AssumeRole returned no AssumedRoleUser: {output:?}"));
    assert_eq!(
        user.arn(),
        format!("arn:aws:sts::{DEFAULT_ACCOUNT}:assumed-role/{role}/{session}")
    );
    assert_eq!(user.assumed_role_id(), format!("{role_id}:{session}"));
    assert_eq!(output.packed_policy_size(), Some(6));
    assert!(output.request_id().is_some_and(|id| !id.is_empty()));
    assert_no_secrets(&format!("{output:?}"), credentials);

    // moto kept exactly what was sent: the form encoding survived a real server's decoder.
    let record = moto_assumed_role_record(credentials.access_key_id()).await;
    assert_eq!(record["role_arn"], role_arn.as_str());
    assert_eq!(record["session_name"], session);
    assert_eq!(record["policy"], INLINE_POLICY);
    assert_eq!(record["external_id"], "e2e-external+id=1/2");
    assert_eq!(record["session_token"], credentials.session_token());

    // The temporary credentials sign the next call, with their session token.
    let identity = session_client(credentials)
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity as the role failed: {err}"));
    assert_eq!(identity.account(), Some(DEFAULT_ACCOUNT));
    assert_eq!(identity.arn(), Some(user.arn()));
    assert_eq!(identity.user_id(), Some(user.assumed_role_id()));
}

#[tokio::test]
async fn assume_role_in_another_account_takes_the_account_from_the_role_arn() {
    let account = "111122223333";
    let role = "e2e-cross-account";
    let session = "e2e-cross";
    let before = DateTime::now();

    let output = default_client()
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{role}"))
        .role_session_name(session)
        .duration_seconds(3600)
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRole failed: {err}"));

    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("AssumeRole returned no credentials: {output:?}"));
    assert_temporary_credentials(credentials);
    assert_expires_in(credentials.expiration(), before, 3600);
    let user = output
        .assumed_role_user()
        .unwrap_or_else(|| panic!("AssumeRole returned no AssumedRoleUser: {output:?}"));
    let expected_arn = format!("arn:aws:sts::{account}:assumed-role/{role}/{session}");
    assert_eq!(user.arn(), expected_arn);
    assert_random_role_id(user.assumed_role_id(), session);

    let as_role = session_client(credentials);
    let identity = as_role
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity as the role failed: {err}"));
    assert_eq!(identity.account(), Some(account));
    assert_eq!(identity.arn(), Some(expected_arn.as_str()));
    let user_id = identity.user_id().unwrap_or_default();
    assert!(
        user_id.ends_with(&format!(":{session}")),
        "user id {user_id} does not name the session"
    );

    // moto answers GetAccessKeyInfo for keys it cannot place with the caller's account, which
    // it finds from the access key in the signature.
    let info = as_role
        .get_access_key_info()
        .access_key_id("AKIAI44QH8DHBEXAMPLE")
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetAccessKeyInfo as the role failed: {err}"));
    assert_eq!(info.account(), Some(account));
}

// ---------------------------------------------------------------------------------------------
// Unsigned operations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn assume_role_with_web_identity_without_any_credentials() {
    let role = "e2e-web-identity";
    let session = "e2e-web-session";
    let role_arn = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:role/{role}");
    // Header `{"alg":"RS256","typ":"JWT"}`, a payload with iss/sub/aud/exp, and a fake signature.
    let token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\
                 eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6ImFsaWNlIiwiYXVkIjoic3RzLWUyZSIsImV4cCI6NDEwMjQ0NDgwMH0.\
                 c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LW1vdG8";
    let before = DateTime::now();

    let output = client(None)
        .assume_role_with_web_identity()
        .role_arn(&role_arn)
        .role_session_name(session)
        .web_identity_token(token)
        .duration_seconds(900)
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRoleWithWebIdentity failed: {err}"));

    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("no credentials: {output:?}"));
    assert_temporary_credentials(credentials);
    assert_expires_in(credentials.expiration(), before, 900);
    let user = output
        .assumed_role_user()
        .unwrap_or_else(|| panic!("no AssumedRoleUser: {output:?}"));
    let expected_arn = format!("arn:aws:sts::{DEFAULT_ACCOUNT}:assumed-role/{role}/{session}");
    assert_eq!(user.arn(), expected_arn);
    assert_eq!(
        user.assumed_role_id(),
        format!("ARO123EXAMPLE123:{session}")
    );
    assert_eq!(output.packed_policy_size(), Some(6));
    assert_no_secrets(&format!("{output:?}"), credentials);

    let identity = session_client(credentials)
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity as the web identity failed: {err}"));
    assert_eq!(identity.arn(), Some(expected_arn.as_str()));
    assert_eq!(identity.account(), Some(DEFAULT_ACCOUNT));
}

/// A SAML 2.0 response carrying the three attributes moto reads: the role and provider, the
/// session name and the session duration. moto checks no signature.
fn saml_assertion(role_arn: &str, provider_arn: &str, session: &str, duration: u32) -> String {
    let attribute = |name: &str, value: &str| {
        format!(
            "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/{name}\">\
             <saml:AttributeValue>{value}</saml:AttributeValue></saml:Attribute>"
        )
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
         xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_e2e-response\" \
         Version=\"2.0\" IssueInstant=\"2026-01-01T00:00:00Z\">\
         <saml:Issuer>http://localhost:3000/</saml:Issuer>\
         <saml:Assertion ID=\"_e2e-assertion\" Version=\"2.0\" IssueInstant=\"2026-01-01T00:00:00Z\">\
         <saml:Issuer>http://localhost:3000/</saml:Issuer>\
         <saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">\
         {session}</saml:NameID></saml:Subject>\
         <saml:AttributeStatement>{}{}{}</saml:AttributeStatement>\
         </saml:Assertion></samlp:Response>",
        attribute("Role", &format!("{role_arn},{provider_arn}")),
        attribute("RoleSessionName", session),
        attribute("SessionDuration", &duration.to_string()),
    );
    encode_base64(xml.as_bytes())
}

#[tokio::test]
async fn assume_role_with_saml_without_any_credentials() {
    let role = "e2e-saml-role";
    let session = "alice@example.com";
    let role_id = create_iam_role(role).await;
    let role_arn = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:role/{role}");
    let provider_arn = format!("arn:aws:iam::{DEFAULT_ACCOUNT}:saml-provider/e2e-idp");
    let before = DateTime::now();

    let output = client(None)
        .assume_role_with_saml()
        .role_arn(&role_arn)
        .principal_arn(&provider_arn)
        .saml_assertion(saml_assertion(&role_arn, &provider_arn, session, 1800))
        .send()
        .await
        .unwrap_or_else(|err| panic!("AssumeRoleWithSAML failed: {err}"));

    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("no credentials: {output:?}"));
    assert_temporary_credentials(credentials);
    // The duration comes from the assertion's SessionDuration attribute.
    assert_expires_in(credentials.expiration(), before, 1800);
    let user = output
        .assumed_role_user()
        .unwrap_or_else(|| panic!("no AssumedRoleUser: {output:?}"));
    let expected_id = format!("{role_id}:{session}");
    assert_eq!(
        user.arn(),
        format!("arn:aws:sts::{DEFAULT_ACCOUNT}:assumed-role/{role}/{session}")
    );
    assert_eq!(user.assumed_role_id(), expected_id);
    assert_eq!(output.subject(), Some(expected_id.as_str()));
    assert_eq!(output.subject_type(), Some("persistent"));
    assert_eq!(output.issuer(), Some("http://localhost:3000/"));
    assert_eq!(
        output.audience(),
        Some("https://signin.aws.amazon.com/saml")
    );
    assert_eq!(
        output.name_qualifier(),
        Some("B64EncodedStringOfHashOfIssuerAccountIdAndUserId=")
    );
    assert_eq!(output.packed_policy_size(), Some(123));
    assert_no_secrets(&format!("{output:?}"), credentials);
}

// ---------------------------------------------------------------------------------------------
// GetSessionToken and GetFederationToken
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_session_token_honours_the_duration() {
    let before = DateTime::now();
    let output = default_client()
        .get_session_token()
        .duration_seconds(1200)
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetSessionToken failed: {err}"));

    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("no credentials: {output:?}"));
    assert_eq!(credentials.access_key_id(), MOTO_FIXED_ACCESS_KEY);
    assert_eq!(credentials.secret_access_key(), MOTO_FIXED_SECRET_KEY);
    assert!(credentials
        .session_token()
        .starts_with("AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5Tth"));
    assert_expires_in(credentials.expiration(), before, 1200);
    assert_no_secrets(&format!("{output:?}"), credentials);
}

#[tokio::test]
async fn get_federation_token_names_the_federated_user() {
    let name = "e2e-fed-user";
    let before = DateTime::now();
    let output = default_client()
        .get_federation_token()
        .name(name)
        .policy(INLINE_POLICY)
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .build(),
        )
        .tags(tag("Team", "e2e"))
        .duration_seconds(1800)
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetFederationToken failed: {err}"));

    let user = output
        .federated_user()
        .unwrap_or_else(|| panic!("no FederatedUser: {output:?}"));
    assert_eq!(
        user.arn(),
        format!("arn:aws:sts::{DEFAULT_ACCOUNT}:federated-user/{name}")
    );
    assert_eq!(
        user.federated_user_id(),
        format!("{DEFAULT_ACCOUNT}:{name}")
    );
    assert_eq!(output.packed_policy_size(), Some(6));
    let credentials = output
        .credentials()
        .unwrap_or_else(|| panic!("no credentials: {output:?}"));
    assert_eq!(credentials.access_key_id(), MOTO_FIXED_ACCESS_KEY);
    assert_eq!(credentials.secret_access_key(), MOTO_FIXED_SECRET_KEY);
    assert!(credentials
        .session_token()
        .starts_with("AQoDYXdzEPT//////////wEXAMPLE"));
    assert_expires_in(credentials.expiration(), before, 1800);
    assert_no_secrets(&format!("{output:?}"), credentials);
}
