//! Loads the real STS models from `../shared/models` and checks facts about them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use stsgen_model::traits::ErrorFault;
use stsgen_model::{load_file, Model, ShapeId, ShapeKind};

const NS: &str = "com.amazonaws.sts";
const SERVICE: &str = "com.amazonaws.sts#AWSSecurityTokenServiceV20110615";

/// `../shared/models/<name>` relative to the workspace root.
fn model_path(name: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest
        .parent()
        .unwrap_or_else(|| panic!("{} has no parent", manifest.display()));
    let path = workspace.join("../shared/models").join(name);
    assert!(path.is_file(), "test model {} is missing", path.display());
    path
}

fn load(name: &str) -> Model {
    let path = model_path(name);
    load_file(&path).unwrap_or_else(|error| panic!("{error}"))
}

fn id(text: &str) -> ShapeId {
    ShapeId::parse(text).unwrap_or_else(|| panic!("`{text}` is not a shape id"))
}

fn sts(name: &str) -> ShapeId {
    id(&format!("{NS}#{name}"))
}

/// Shapes outside the prelude, counted by Smithy type name.
fn type_counts(model: &Model) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for shape in model
        .shapes
        .values()
        .filter(|shape| shape.id.namespace() == NS)
    {
        *counts.entry(shape.kind.type_name()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn sts_has_the_expected_shapes() {
    let model = load("sts.json");
    let counts = type_counts(&model);
    let expected = BTreeMap::from([
        ("integer", 5),
        ("list", 5),
        ("operation", 11),
        ("service", 1),
        ("string", 47),
        ("structure", 40),
        ("timestamp", 1),
    ]);
    assert_eq!(counts, expected);
    assert_eq!(counts.values().sum::<usize>(), 110);
    // Everything else is the 21-shape prelude.
    assert_eq!(model.shapes.len(), 110 + 21);
}

#[test]
fn sts_service() {
    let model = load("sts.json");
    let service = model.service().unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(service.id, id(SERVICE));
    let ShapeKind::Service(details) = &service.kind else {
        panic!("{} is not a service", service.id);
    };
    assert_eq!(details.version, "2011-06-15");
    assert_eq!(details.operations.len(), 11);
    assert_eq!(service.traits.sdk_id(), Some("STS"));
    assert_eq!(service.traits.sigv4_name(), Some("sts"));
    assert_eq!(service.traits.endpoint_prefix(), Some("sts"));
    assert_eq!(
        service.traits.xml_namespace(),
        Some("https://sts.amazonaws.com/doc/2011-06-15/")
    );
    assert_eq!(
        service.traits.auth(),
        Some(vec!["aws.auth#sigv4", "aws.auth#sigv4a"])
    );
    assert_eq!(service.traits.title(), Some("AWS Security Token Service"));
    assert_eq!(
        model
            .metadata
            .get("suppressions")
            .and_then(|value| value.as_array())
            .map(Vec::len),
        Some(6)
    );
}

#[test]
fn sts_operations_are_sorted() {
    let model = load("sts.json");
    let names: Vec<&str> = model
        .operations(&id(SERVICE))
        .iter()
        .map(|shape| shape.id.name())
        .collect();
    assert_eq!(
        names,
        [
            "AssumeRole",
            "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity",
            "AssumeRoot",
            "DecodeAuthorizationMessage",
            "GetAccessKeyInfo",
            "GetCallerIdentity",
            "GetDelegatedAccessToken",
            "GetFederationToken",
            "GetSessionToken",
            "GetWebIdentityToken",
        ]
    );
}

#[test]
fn sts_operation_shape_and_traits() {
    let model = load("sts.json");
    let assume_role = model
        .expect(&sts("AssumeRole"))
        .unwrap_or_else(|error| panic!("{error}"));
    let ShapeKind::Operation(operation) = &assume_role.kind else {
        panic!("AssumeRole is not an operation");
    };
    assert_eq!(operation.input, Some(sts("AssumeRoleRequest")));
    assert_eq!(operation.output, Some(sts("AssumeRoleResponse")));
    let errors: Vec<&str> = operation.errors.iter().map(ShapeId::name).collect();
    assert_eq!(
        errors,
        [
            "ExpiredTokenException",
            "MalformedPolicyDocumentException",
            "PackedPolicyTooLargeException",
            "RegionDisabledException",
        ]
    );
    assert_eq!(assume_role.traits.auth(), None);
    let examples = assume_role.traits.examples();
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0].title, "To assume a role");

    let saml = model
        .expect(&sts("AssumeRoleWithSAML"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(saml.traits.auth(), Some(Vec::new()));
    assert!(saml.traits.is_optional_auth());
    assert!(!assume_role.traits.is_optional_auth());
}

#[test]
fn sts_members_keep_model_order() {
    let model = load("sts.json");
    let request = model
        .expect(&sts("AssumeRoleRequest"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(request.traits.is_input());
    let names: Vec<&str> = request
        .members()
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "RoleArn",
            "RoleSessionName",
            "PolicyArns",
            "Policy",
            "DurationSeconds",
            "Tags",
            "TransitiveTagKeys",
            "ExternalId",
            "SerialNumber",
            "TokenCode",
            "SourceIdentity",
            "ProvidedContexts",
        ]
    );
    let role_arn = &request.members()[0];
    assert_eq!(role_arn.target, sts("arnType"));
    assert!(role_arn.traits.is_required());

    let credentials = model
        .expect(&sts("Credentials"))
        .unwrap_or_else(|error| panic!("{error}"));
    let targets: Vec<&str> = credentials
        .members()
        .iter()
        .map(|m| m.target.name())
        .collect();
    assert_eq!(
        targets,
        [
            "accessKeyIdType",
            "accessKeySecretType",
            "tokenType",
            "dateType"
        ]
    );
}

#[test]
fn sts_simple_shape_constraints() {
    let model = load("sts.json");
    let duration = model
        .expect(&sts("durationSecondsType"))
        .unwrap_or_else(|error| panic!("{error}"));
    let range = duration
        .traits
        .range()
        .unwrap_or_else(|| panic!("no range"));
    assert_eq!((range.min, range.max), (Some(900.0), Some(129600.0)));
    let tags = model
        .expect(&sts("tagListType"))
        .unwrap_or_else(|error| panic!("{error}"));
    let ShapeKind::List { member, unique } = &tags.kind else {
        panic!("tagListType is not a list");
    };
    assert_eq!((member.target.name(), *unique), ("Tag", false));
    let length = tags.traits.length().unwrap_or_else(|| panic!("no length"));
    assert_eq!((length.min, length.max), (Some(0.0), Some(50.0)));
}

#[test]
fn sts_error_shapes() {
    let model = load("sts.json");
    let errors: Vec<(&str, String, u16, Option<u16>)> = model
        .shapes
        .values()
        .filter_map(|shape| {
            let query = shape.traits.aws_query_error()?;
            assert_eq!(
                shape.traits.error(),
                Some(ErrorFault::Client),
                "{}",
                shape.id
            );
            Some((
                shape.id.name(),
                query.code,
                query.http_response_code,
                shape.traits.http_error(),
            ))
        })
        .collect();
    let expected = [
        ("ExpiredTokenException", "ExpiredTokenException", 400),
        (
            "ExpiredTradeInTokenException",
            "ExpiredTradeInTokenException",
            400,
        ),
        (
            "IDPCommunicationErrorException",
            "IDPCommunicationError",
            400,
        ),
        ("IDPRejectedClaimException", "IDPRejectedClaim", 403),
        (
            "InvalidAuthorizationMessageException",
            "InvalidAuthorizationMessageException",
            400,
        ),
        ("InvalidIdentityTokenException", "InvalidIdentityToken", 400),
        (
            "JWTPayloadSizeExceededException",
            "JWTPayloadSizeExceededException",
            400,
        ),
        (
            "MalformedPolicyDocumentException",
            "MalformedPolicyDocument",
            400,
        ),
        (
            "OutboundWebIdentityFederationDisabledException",
            "OutboundWebIdentityFederationDisabledException",
            403,
        ),
        ("PackedPolicyTooLargeException", "PackedPolicyTooLarge", 400),
        ("RegionDisabledException", "RegionDisabledException", 403),
        (
            "SessionDurationEscalationException",
            "SessionDurationEscalationException",
            403,
        ),
    ];
    let expected: Vec<(&str, String, u16, Option<u16>)> = expected
        .iter()
        .map(|&(name, code, status)| (name, code.to_owned(), status, Some(status)))
        .collect();
    assert_eq!(errors, expected);
}

#[test]
fn sts_closure_is_every_model_shape() {
    let model = load("sts.json");
    let closure = model.closure(&id(SERVICE));
    assert_eq!(closure.len(), 110);
    assert!(closure.iter().any(|shape| shape.id == sts("Credentials")));
    assert!(closure.iter().all(|shape| shape.id.namespace() == NS));
    let ids: Vec<&ShapeId> = closure.iter().map(|shape| &shape.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn history_models_load() {
    let cases = [
        ("history/sts-2024-07-01.json", 85, 8),
        ("history/sts-2025-10-02.json", 90, 9),
    ];
    for (name, shapes, operations) in cases {
        let model = load(name);
        let own = model
            .shapes
            .keys()
            .filter(|id| id.namespace() == NS)
            .count();
        assert_eq!(own, shapes, "{name}");
        let service = model
            .service()
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(service.id, id(SERVICE), "{name}");
        assert_eq!(model.operations(&service.id).len(), operations, "{name}");
        assert_eq!(model.closure(&service.id).len(), shapes, "{name}");
    }
}

#[test]
fn loading_is_deterministic() {
    assert_eq!(load("sts.json"), load("sts.json"));
}
