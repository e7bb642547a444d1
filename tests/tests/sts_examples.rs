//! The `smithy.api#examples` of the STS model as wire tests.
//!
//! For every example: the input JSON is applied through the fluent builder's typed setters (an
//! explicit mapping per operation, which fails on any JSON member it does not know), the request
//! body must hold exactly the form pairs the input implies (aws-query.md §1, §3), and the
//! example output, rendered as an awsQuery XML response (§4), must parse back to the same JSON.
//! The number of examples is pinned, so a new example in the model fails until it is looked at.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value};
use sts::config::{Credentials, RetryConfig};
use sts::primitives::{DateTime, RequestId};
use sts::types::{PolicyDescriptorType, ProvidedContext, Tag};
use sts::{Client, Config};
use stsgen_runtime::transport::test_util::{response, RecordingTransport};

/// Examples per operation in `sts.json`.
const EXPECTED_EXAMPLES: &[(&str, usize)] = &[
    ("AssumeRole", 1),
    ("AssumeRoleWithSAML", 1),
    ("AssumeRoleWithWebIdentity", 1),
    ("AssumeRoot", 1),
    ("DecodeAuthorizationMessage", 1),
    ("GetCallerIdentity", 3),
    ("GetFederationToken", 1),
    ("GetSessionToken", 1),
];
const EXPECTED_TOTAL: usize = 10;
const REQUEST_ID: &str = "example-request-id";
const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// One `smithy.api#examples` entry with the operation it belongs to.
struct Case {
    operation: String,
    title: String,
    input: Option<Value>,
    output: Option<Value>,
    error: Option<Value>,
}

fn model_path() -> PathBuf {
    // The workspace root is the parent of this package; shared data sits beside it.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("../shared/models/sts.json")
}

fn load_cases() -> Vec<Case> {
    let path = model_path();
    let model = stsgen_model::load_file(&path)
        .unwrap_or_else(|error| panic!("cannot load the STS model {}: {error}", path.display()));
    let service = model
        .service()
        .unwrap_or_else(|error| panic!("no service in {}: {error}", path.display()));
    model
        .operations(&service.id)
        .into_iter()
        .flat_map(|operation| {
            operation.traits.examples().into_iter().map(|example| Case {
                operation: operation.id.name().to_owned(),
                title: example.title,
                input: example.input,
                output: example.output,
                error: example.error,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// JSON input -> typed setters
// ---------------------------------------------------------------------------------------------

/// The members of one JSON object, taken one by one; [`Fields::finish`] fails on leftovers, so
/// an example member the mapping does not apply cannot go unnoticed.
struct Fields {
    context: String,
    members: Map<String, Value>,
}

impl Fields {
    fn new(context: impl Into<String>, value: Option<&Value>) -> Fields {
        let context = context.into();
        let members = match value {
            None => Map::new(),
            Some(Value::Object(members)) => members.clone(),
            Some(other) => panic!("{context}: expected a JSON object, found {other}"),
        };
        Fields { context, members }
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.members.remove(name)
    }

    fn string(&mut self, name: &str) -> Option<String> {
        self.take(name).map(|value| match value {
            Value::String(text) => text,
            other => panic!("{}.{name}: expected a string, found {other}", self.context),
        })
    }

    fn int(&mut self, name: &str) -> Option<i32> {
        self.take(name).map(|value| {
            value
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .unwrap_or_else(|| {
                    panic!("{}.{name}: expected an i32, found {value}", self.context)
                })
        })
    }

    fn items(&mut self, name: &str) -> Option<Vec<Value>> {
        self.take(name).map(|value| match value {
            Value::Array(items) => items,
            other => panic!("{}.{name}: expected a list, found {other}", self.context),
        })
    }

    fn strings(&mut self, name: &str) -> Option<Vec<String>> {
        let context = format!("{}.{name}", self.context);
        self.items(name).map(|items| {
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => text,
                    other => panic!("{context}: expected string items, found {other}"),
                })
                .collect()
        })
    }

    /// Each item of list `name` as its own `Fields`, turned into a value by `build`.
    fn structures<T>(&mut self, name: &str, build: impl Fn(Fields) -> T) -> Option<Vec<T>> {
        let context = format!("{}.{name}", self.context);
        self.items(name).map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| build(Fields::new(format!("{context}[{i}]"), Some(item))))
                .collect()
        })
    }

    fn tags(&mut self, name: &str) -> Option<Vec<Tag>> {
        self.structures(name, |mut fields| {
            let tag = Tag::builder()
                .set_key(fields.string("Key"))
                .set_value(fields.string("Value"))
                .build()
                .unwrap_or_else(|error| panic!("{}: {error}", fields.context));
            fields.finish();
            tag
        })
    }

    fn policy_descriptor(mut fields: Fields) -> PolicyDescriptorType {
        let descriptor = PolicyDescriptorType::builder()
            .set_arn(fields.string("arn"))
            .build();
        fields.finish();
        descriptor
    }

    fn policy_arns(&mut self, name: &str) -> Option<Vec<PolicyDescriptorType>> {
        self.structures(name, Fields::policy_descriptor)
    }

    fn policy_arn(&mut self, name: &str) -> Option<PolicyDescriptorType> {
        let context = format!("{}.{name}", self.context);
        self.take(name)
            .map(|value| Fields::policy_descriptor(Fields::new(context, Some(&value))))
    }

    fn provided_contexts(&mut self, name: &str) -> Option<Vec<ProvidedContext>> {
        self.structures(name, |mut fields| {
            let context = ProvidedContext::builder()
                .set_provider_arn(fields.string("ProviderArn"))
                .set_context_assertion(fields.string("ContextAssertion"))
                .build();
            fields.finish();
            context
        })
    }

    fn finish(self) {
        let leftovers: Vec<&String> = self.members.keys().collect();
        assert!(
            leftovers.is_empty(),
            "{}: the test's input mapping does not apply {leftovers:?}",
            self.context
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Parsed output -> JSON, through the accessors
// ---------------------------------------------------------------------------------------------

/// A JSON object that leaves out absent members, as the model's examples do.
#[derive(Default)]
struct Object(Map<String, Value>);

impl Object {
    fn put(mut self, name: &str, value: Option<impl Into<Value>>) -> Self {
        if let Some(value) = value {
            self.0.insert(name.to_owned(), value.into());
        }
        self
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn timestamp(value: &DateTime) -> Value {
    // Display is RFC 3339 with the fraction trimmed, the form the examples use.
    Value::String(value.to_string())
}

fn credentials_json(credentials: Option<&sts::types::Credentials>) -> Option<Value> {
    credentials.map(|c| {
        Object::default()
            .put("AccessKeyId", Some(c.access_key_id()))
            .put("SecretAccessKey", Some(c.secret_access_key()))
            .put("SessionToken", Some(c.session_token()))
            .put("Expiration", Some(timestamp(c.expiration())))
            .done()
    })
}

fn assumed_role_user_json(user: Option<&sts::types::AssumedRoleUser>) -> Option<Value> {
    user.map(|user| {
        Object::default()
            .put("AssumedRoleId", Some(user.assumed_role_id()))
            .put("Arn", Some(user.arn()))
            .done()
    })
}

fn federated_user_json(user: Option<&sts::types::FederatedUser>) -> Option<Value> {
    user.map(|user| {
        Object::default()
            .put("FederatedUserId", Some(user.federated_user_id()))
            .put("Arn", Some(user.arn()))
            .done()
    })
}

// ---------------------------------------------------------------------------------------------
// Wire forms derived from the example JSON
// ---------------------------------------------------------------------------------------------

/// RFC 3986 percent-encoding with upper-case hex (aws-query.md §3.4), written independently
/// of the runtime's encoder.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `key=value` pairs an input JSON value serializes to under `prefix`.
fn form_pairs(prefix: &str, value: &Value, out: &mut Vec<String>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                form_pairs(&join(name), member, out);
            }
        }
        Value::Array(items) if items.is_empty() => out.push(format!("{prefix}=")),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                form_pairs(&join(&format!("member.{}", i + 1)), item, out);
            }
        }
        Value::String(text) => out.push(format!("{prefix}={}", percent_encode(text))),
        Value::Number(number) => out.push(format!("{prefix}={number}")),
        Value::Bool(flag) => out.push(format!("{prefix}={flag}")),
        Value::Null => {}
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// An output JSON value as awsQuery XML content: members as elements, list items as
/// `<member>`, scalars as text.
fn render_xml(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                out.push_str(&format!("<{name}>"));
                render_xml(member, out);
                out.push_str(&format!("</{name}>"));
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str("<member>");
                render_xml(item, out);
                out.push_str("</member>");
            }
        }
        Value::String(text) => out.push_str(&xml_escape(text)),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::Bool(flag) => out.push_str(&flag.to_string()),
        Value::Null => {}
    }
}

fn response_xml(operation: &str, output: &Value) -> String {
    let mut result = String::new();
    render_xml(output, &mut result);
    format!(
        "<{operation}Response xmlns=\"{NAMESPACE}\"><{operation}Result>{result}</{operation}Result>\
         <ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>\
         </{operation}Response>"
    )
}

// ---------------------------------------------------------------------------------------------
// Running one example
// ---------------------------------------------------------------------------------------------

/// The parsed output as JSON and its request id.
type Parsed = (Value, Option<String>);

/// Sends the example's input through the client and returns the parsed output.
async fn send_example(client: &Client, case: &Case) -> Parsed {
    let context = format!("{} example `{}`", case.operation, case.title);
    let mut f = Fields::new(format!("{context} input"), case.input.as_ref());
    let failed = |error: &dyn std::fmt::Debug| -> ! { panic!("{context}: call failed: {error:?}") };
    match case.operation.as_str() {
        "AssumeRole" => {
            let call = client
                .assume_role()
                .set_role_arn(f.string("RoleArn"))
                .set_role_session_name(f.string("RoleSessionName"))
                .set_policy_arns(f.policy_arns("PolicyArns"))
                .set_policy(f.string("Policy"))
                .set_duration_seconds(f.int("DurationSeconds"))
                .set_tags(f.tags("Tags"))
                .set_transitive_tag_keys(f.strings("TransitiveTagKeys"))
                .set_external_id(f.string("ExternalId"))
                .set_serial_number(f.string("SerialNumber"))
                .set_token_code(f.string("TokenCode"))
                .set_source_identity(f.string("SourceIdentity"))
                .set_provided_contexts(f.provided_contexts("ProvidedContexts"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put(
                    "AssumedRoleUser",
                    assumed_role_user_json(out.assumed_role_user()),
                )
                .put("PackedPolicySize", out.packed_policy_size())
                .put("SourceIdentity", out.source_identity())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "AssumeRoleWithSAML" => {
            let call = client
                .assume_role_with_saml()
                .set_role_arn(f.string("RoleArn"))
                .set_principal_arn(f.string("PrincipalArn"))
                .set_saml_assertion(f.string("SAMLAssertion"))
                .set_policy_arns(f.policy_arns("PolicyArns"))
                .set_policy(f.string("Policy"))
                .set_duration_seconds(f.int("DurationSeconds"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put(
                    "AssumedRoleUser",
                    assumed_role_user_json(out.assumed_role_user()),
                )
                .put("PackedPolicySize", out.packed_policy_size())
                .put("Subject", out.subject())
                .put("SubjectType", out.subject_type())
                .put("Issuer", out.issuer())
                .put("Audience", out.audience())
                .put("NameQualifier", out.name_qualifier())
                .put("SourceIdentity", out.source_identity())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "AssumeRoleWithWebIdentity" => {
            let call = client
                .assume_role_with_web_identity()
                .set_role_arn(f.string("RoleArn"))
                .set_role_session_name(f.string("RoleSessionName"))
                .set_web_identity_token(f.string("WebIdentityToken"))
                .set_provider_id(f.string("ProviderId"))
                .set_policy_arns(f.policy_arns("PolicyArns"))
                .set_policy(f.string("Policy"))
                .set_duration_seconds(f.int("DurationSeconds"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put(
                    "SubjectFromWebIdentityToken",
                    out.subject_from_web_identity_token(),
                )
                .put(
                    "AssumedRoleUser",
                    assumed_role_user_json(out.assumed_role_user()),
                )
                .put("PackedPolicySize", out.packed_policy_size())
                .put("Provider", out.provider())
                .put("Audience", out.audience())
                .put("SourceIdentity", out.source_identity())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "AssumeRoot" => {
            let call = client
                .assume_root()
                .set_target_principal(f.string("TargetPrincipal"))
                .set_task_policy_arn(f.policy_arn("TaskPolicyArn"))
                .set_duration_seconds(f.int("DurationSeconds"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put("SourceIdentity", out.source_identity())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "DecodeAuthorizationMessage" => {
            let call = client
                .decode_authorization_message()
                .set_encoded_message(f.string("EncodedMessage"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("DecodedMessage", out.decoded_message())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetAccessKeyInfo" => {
            let call = client
                .get_access_key_info()
                .set_access_key_id(f.string("AccessKeyId"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default().put("Account", out.account()).done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetCallerIdentity" => {
            f.finish();
            let out = client
                .get_caller_identity()
                .send()
                .await
                .unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("UserId", out.user_id())
                .put("Account", out.account())
                .put("Arn", out.arn())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetDelegatedAccessToken" => {
            let call = client
                .get_delegated_access_token()
                .set_trade_in_token(f.string("TradeInToken"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put("PackedPolicySize", out.packed_policy_size())
                .put("AssumedPrincipal", out.assumed_principal())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetFederationToken" => {
            let call = client
                .get_federation_token()
                .set_name(f.string("Name"))
                .set_policy(f.string("Policy"))
                .set_policy_arns(f.policy_arns("PolicyArns"))
                .set_duration_seconds(f.int("DurationSeconds"))
                .set_tags(f.tags("Tags"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .put("FederatedUser", federated_user_json(out.federated_user()))
                .put("PackedPolicySize", out.packed_policy_size())
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetSessionToken" => {
            let call = client
                .get_session_token()
                .set_duration_seconds(f.int("DurationSeconds"))
                .set_serial_number(f.string("SerialNumber"))
                .set_token_code(f.string("TokenCode"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("Credentials", credentials_json(out.credentials()))
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        "GetWebIdentityToken" => {
            let call = client
                .get_web_identity_token()
                .set_audience(f.strings("Audience"))
                .set_duration_seconds(f.int("DurationSeconds"))
                .set_signing_algorithm(f.string("SigningAlgorithm"))
                .set_tags(f.tags("Tags"));
            f.finish();
            let out = call.send().await.unwrap_or_else(|e| failed(&e));
            let json = Object::default()
                .put("WebIdentityToken", out.web_identity_token())
                .put("Expiration", out.expiration().map(timestamp))
                .done();
            (json, out.request_id().map(str::to_owned))
        }
        other => panic!("{context}: the test has no input mapping for operation `{other}`"),
    }
}

/// Runs one example and checks the request body and the parsed output.
async fn check(case: &Case) {
    let context = format!("{} example `{}`", case.operation, case.title);
    assert!(
        case.error.is_none(),
        "{context}: examples with an error are not handled by this test yet"
    );
    let output = case
        .output
        .clone()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let transport =
        RecordingTransport::new(vec![response(200, &response_xml(&case.operation, &output))]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .http_client(transport.clone())
        .retry(RetryConfig::disabled())
        .time_source(|| DateTime::from_secs(1_704_164_645))
        .build();
    let (parsed, request_id) = send_example(&Client::new(config), case).await;

    let requests = transport.requests();
    assert_eq!(requests.len(), 1, "{context}: one request");
    let body = std::str::from_utf8(&requests[0].body)
        .unwrap_or_else(|error| panic!("{context}: body is not UTF-8: {error}"));
    let head = format!("Action={}&Version=2011-06-15", case.operation);
    assert!(
        body == head || body.starts_with(&format!("{head}&")),
        "{context}: body `{body}` must start with `{head}`"
    );
    let mut sent: Vec<&str> = body[head.len()..]
        .split('&')
        .filter(|pair| !pair.is_empty())
        .collect();
    sent.sort_unstable();
    let mut expected = Vec::new();
    if let Some(input) = &case.input {
        form_pairs("", input, &mut expected);
    }
    expected.sort_unstable();
    assert_eq!(sent, expected, "{context}: request body `{body}`");

    assert_eq!(parsed, output, "{context}: parsed output");
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID), "{context}");
}

#[test]
fn the_model_has_the_expected_examples() {
    let cases = load_cases();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        *counts.entry(case.operation.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = EXPECTED_EXAMPLES.iter().copied().collect();
    assert_eq!(
        counts, expected,
        "examples per operation changed: update this test's mapping and counts"
    );
    assert_eq!(cases.len(), EXPECTED_TOTAL);
}

#[tokio::test]
async fn every_model_example_round_trips() {
    let cases = load_cases();
    assert_eq!(cases.len(), EXPECTED_TOTAL, "every example must be covered");
    for case in &cases {
        check(case).await;
    }
}

#[test]
fn form_pairs_follow_the_query_key_rules() {
    // The test's own expectation builder, against the worked example of aws-query.md §3.5.
    let input = serde_json::json!({
        "RoleArn": "arn:aws:iam::123456789012:role/demo",
        "Tags": [{"Key": "Project", "Value": "Unicorn"}],
        "TransitiveTagKeys": ["Project", "Cost-Center"],
        "TaskPolicyArn": {"arn": "a/b"},
        "PolicyArns": [],
        "DurationSeconds": 3600,
        "Policy": "{\"Version\":\"2012-10-17\"} é"
    });
    let mut pairs = Vec::new();
    form_pairs("", &input, &mut pairs);
    assert_eq!(
        pairs,
        [
            "DurationSeconds=3600",
            "Policy=%7B%22Version%22%3A%222012-10-17%22%7D%20%C3%A9",
            "PolicyArns=",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo",
            "Tags.member.1.Key=Project",
            "Tags.member.1.Value=Unicorn",
            "TaskPolicyArn.arn=a%2Fb",
            "TransitiveTagKeys.member.1=Project",
            "TransitiveTagKeys.member.2=Cost-Center",
        ]
    );
}

#[test]
fn response_xml_renders_structures_and_lists() {
    let output = serde_json::json!({
        "A": {"B": "x&y", "C": 8},
        "L": ["p", "q"]
    });
    assert_eq!(
        response_xml("Op", &output),
        format!(
            "<OpResponse xmlns=\"{NAMESPACE}\"><OpResult>\
             <A><B>x&amp;y</B><C>8</C></A><L><member>p</member><member>q</member></L>\
             </OpResult><ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>\
             </OpResponse>"
        )
    );
}
