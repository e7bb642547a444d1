//! Loader features beyond the STS model: Smithy 1.0 (`set`, `@enum` strings), `apply`,
//! enum shapes, resources, and the graph queries on a synthetic model.

use serde_json::json;
use stsgen_model::{load_str, EnumValue, Model, ShapeId, ShapeKind, SimpleType};

fn id(text: &str) -> ShapeId {
    ShapeId::parse(text).unwrap_or_else(|| panic!("`{text}` is not a shape id"))
}

fn load(json: &str) -> Model {
    load_str(json).unwrap_or_else(|error| panic!("{error}"))
}

fn enum_values(model: &Model, shape: &str) -> Vec<(String, String)> {
    match &model.get(&id(shape)).map(|shape| &shape.kind) {
        Some(ShapeKind::Enum { values }) => values
            .iter()
            .map(|EnumValue { name, value, .. }| (name.clone(), value.clone()))
            .collect(),
        other => panic!("{shape} is not an enum: {other:?}"),
    }
}

const SMITHY_1: &str = r#"{
    "smithy": "1.0",
    "shapes": {
        "ns#Tags": {"type": "set", "member": {"target": "ns#Tag"}},
        "ns#Tag": {
            "type": "string",
            "traits": {"smithy.api#enum": [
                {"value": "t2.micro", "documentation": "Small."},
                {"value": "x", "name": "EX", "deprecated": true, "tags": ["internal"]}
            ]}
        },
        "ns#Counts": {
            "type": "map",
            "key": {"target": "ns#Tag"},
            "value": {"target": "smithy.api#PrimitiveInteger"}
        },
        "ns#Counts$value": {
            "type": "apply",
            "traits": {"smithy.api#documentation": "Applied to a map member."}
        }
    }
}"#;

#[test]
fn smithy_1_set_becomes_a_unique_list() {
    let model = load(SMITHY_1);
    let tags = model
        .get(&id("ns#Tags"))
        .unwrap_or_else(|| panic!("no ns#Tags"));
    let ShapeKind::List { member, unique } = &tags.kind else {
        panic!("ns#Tags is {:?}", tags.kind);
    };
    assert!(*unique);
    assert_eq!(member.name, "member");
    assert_eq!(member.target, id("ns#Tag"));
    assert_eq!(tags.kind.type_name(), "set");
}

#[test]
fn smithy_1_enum_string_becomes_an_enum() {
    let model = load(SMITHY_1);
    assert_eq!(
        enum_values(&model, "ns#Tag"),
        [
            ("t2_micro".to_owned(), "t2.micro".to_owned()),
            ("EX".to_owned(), "x".to_owned()),
        ]
    );
    let tag = model
        .get(&id("ns#Tag"))
        .unwrap_or_else(|| panic!("no ns#Tag"));
    // The definitions now live in the values; the 1.0 trait is gone.
    assert!(!tag.traits.has("smithy.api#enum"));
    let ShapeKind::Enum { values } = &tag.kind else {
        panic!("ns#Tag is {:?}", tag.kind);
    };
    assert_eq!(values[0].traits.documentation(), Some("Small."));
    assert!(values[0].traits.deprecated().is_none());
    assert!(values[1].traits.deprecated().is_some());
    assert_eq!(
        values[1].traits.get("smithy.api#tags"),
        Some(&json!(["internal"]))
    );
}

#[test]
fn apply_reaches_members_and_prelude_targets_resolve() {
    let model = load(SMITHY_1);
    let counts = model
        .get(&id("ns#Counts"))
        .unwrap_or_else(|| panic!("no ns#Counts"));
    let ShapeKind::Map { key, value } = &counts.kind else {
        panic!("ns#Counts is {:?}", counts.kind);
    };
    assert_eq!((key.name.as_str(), value.name.as_str()), ("key", "value"));
    assert_eq!(
        value.traits.documentation(),
        Some("Applied to a map member.")
    );
    assert_eq!(key.traits.documentation(), None);
    let primitive = model
        .get(&value.target)
        .unwrap_or_else(|| panic!("no primitive"));
    assert_eq!(primitive.kind, ShapeKind::Simple(SimpleType::Integer));
    assert_eq!(primitive.traits.default_value(), Some(&json!(0)));
}

#[test]
fn apply_merges_with_existing_member_traits() {
    let model = load(
        r#"{"smithy": "2.0", "shapes": {
            "ns#S": {
                "type": "structure",
                "members": {"a": {
                    "target": "smithy.api#String",
                    "traits": {"smithy.api#tags": ["one"], "smithy.api#documentation": "Same."}
                }}
            },
            "ns#S$a": {
                "type": "apply",
                "traits": {
                    "smithy.api#tags": ["two"],
                    "smithy.api#documentation": "Same.",
                    "smithy.api#required": {}
                }
            }
        }}"#,
    );
    let shape = model.get(&id("ns#S")).unwrap_or_else(|| panic!("no ns#S"));
    let traits = &shape.members()[0].traits;
    assert_eq!(traits.get("smithy.api#tags"), Some(&json!(["one", "two"])));
    assert_eq!(traits.documentation(), Some("Same."));
    assert!(traits.is_required());
}

#[test]
fn enum_and_int_enum_values() {
    let model = load(
        r#"{"smithy": "2.0", "shapes": {
            "ns#Colour": {"type": "enum", "members": {
                "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}},
                "GREEN": {"target": "smithy.api#Unit"},
                "BLUE": {"target": "smithy.api#Unit"}
            }},
            "ns#Colour$BLUE": {"type": "apply", "traits": {"smithy.api#enumValue": "blue"}},
            "ns#Level": {"type": "intEnum", "members": {
                "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": -10}}
            }}
        }}"#,
    );
    assert_eq!(
        enum_values(&model, "ns#Colour"),
        [
            ("RED".to_owned(), "red".to_owned()),
            ("GREEN".to_owned(), "GREEN".to_owned()),
            ("BLUE".to_owned(), "blue".to_owned()),
        ]
    );
    let level = model
        .get(&id("ns#Level"))
        .unwrap_or_else(|| panic!("no ns#Level"));
    let ShapeKind::IntEnum { values } = &level.kind else {
        panic!("ns#Level is {:?}", level.kind);
    };
    let pairs: Vec<(&str, i64)> = values.iter().map(|v| (v.name.as_str(), v.value)).collect();
    assert_eq!(pairs, [("LOW", 1), ("HIGH", -10)]);
}

/// A service with resources (one bound twice, one nested), a union and a shared error.
const RESOURCES: &str = r#"{
    "smithy": "2",
    "metadata": {"owner": {"team": "x"}},
    "shapes": {
        "ns#Svc": {
            "type": "service",
            "version": "2020-01-01",
            "operations": [{"target": "ns#Ping"}],
            "resources": [{"target": "ns#Thing"}, {"target": "ns#Other"}],
            "errors": [{"target": "ns#Oops"}]
        },
        "ns#Thing": {
            "type": "resource",
            "identifiers": {"thingId": {"target": "smithy.api#String"}},
            "read": {"target": "ns#GetThing"},
            "list": {"target": "ns#ListThings"},
            "operations": [{"target": "ns#Ping"}],
            "resources": [{"target": "ns#Part"}]
        },
        "ns#Other": {"type": "resource", "resources": [{"target": "ns#Part"}]},
        "ns#Part": {"type": "resource", "collectionOperations": [{"target": "ns#CountParts"}]},
        "ns#Ping": {"type": "operation"},
        "ns#GetThing": {
            "type": "operation",
            "input": {"target": "ns#GetThingInput"},
            "output": {"target": "smithy.api#Unit"}
        },
        "ns#ListThings": {"type": "operation"},
        "ns#CountParts": {"type": "operation", "errors": [{"target": "ns#Oops"}]},
        "ns#GetThingInput": {"type": "structure", "members": {
            "choice": {"target": "ns#Choice"}
        }},
        "ns#Choice": {"type": "union", "members": {
            "text": {"target": "smithy.api#String"},
            "when": {"target": "ns#When"}
        }},
        "ns#When": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}},
        "ns#Oops": {"type": "structure", "traits": {"smithy.api#error": "server"}},
        "ns#Unused": {"type": "string"}
    }
}"#;

#[test]
fn operations_follow_resources_recursively() {
    let model = load(RESOURCES);
    let service = model.service().unwrap_or_else(|error| panic!("{error}"));
    let ShapeKind::Service(details) = &service.kind else {
        panic!("not a service");
    };
    assert_eq!(details.version, "2020-01-01");
    let names: Vec<String> = model
        .operations(&service.id)
        .iter()
        .map(|shape| shape.id.to_string())
        .collect();
    assert_eq!(
        names,
        ["ns#CountParts", "ns#GetThing", "ns#ListThings", "ns#Ping"]
    );
    assert_eq!(model.metadata.get("owner"), Some(&json!({"team": "x"})));
    // Not a service: no operations.
    assert!(model.operations(&id("ns#Thing")).is_empty());
}

#[test]
fn closure_includes_reachable_prelude_shapes_only() {
    let model = load(RESOURCES);
    let names: Vec<String> = model
        .closure(&id("ns#Svc"))
        .iter()
        .map(|shape| shape.id.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "ns#Choice",
            "ns#CountParts",
            "ns#GetThing",
            "ns#GetThingInput",
            "ns#ListThings",
            "ns#Oops",
            "ns#Other",
            "ns#Part",
            "ns#Ping",
            "ns#Svc",
            "ns#Thing",
            "ns#When",
            "smithy.api#String",
            "smithy.api#Unit",
        ]
    );
}

#[test]
fn union_members_and_timestamp_format() {
    let model = load(RESOURCES);
    let choice = model
        .get(&id("ns#Choice"))
        .unwrap_or_else(|| panic!("no ns#Choice"));
    assert!(matches!(choice.kind, ShapeKind::Union { .. }));
    let names: Vec<&str> = choice.members().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["text", "when"]);
    let when = model
        .get(&id("ns#When"))
        .unwrap_or_else(|| panic!("no ns#When"));
    assert_eq!(
        when.traits.timestamp_format(),
        Some(stsgen_model::traits::TimestampFormat::EpochSeconds)
    );
}

#[test]
fn expect_names_the_unknown_shape() {
    let model = load(RESOURCES);
    let error = match model.expect(&id("ns#Nope")) {
        Ok(shape) => panic!("found {shape:?}"),
        Err(error) => error,
    };
    assert_eq!(error.shape(), Some("ns#Nope"));
    assert_eq!(
        error.to_string(),
        "shape `ns#Nope`: unknown shape: the model does not define it"
    );
    assert!(model.expect(&id("ns#Svc")).is_ok());
}

#[test]
fn service_must_be_unique() {
    let none = load(r#"{"smithy": "2.0", "shapes": {"ns#A": {"type": "string"}}}"#);
    let error = none.service().err().map(|error| error.to_string());
    assert_eq!(error.as_deref(), Some("no service shape in the model"));

    let empty = load(r#"{"smithy": "2.0"}"#);
    assert_eq!(empty.shapes.len(), 21);
    assert!(empty.service().is_err());

    let two = load(
        r#"{"smithy": "2.0", "shapes": {
            "ns#B": {"type": "service"},
            "ns#A": {"type": "service", "version": "1"}
        }}"#,
    );
    let error = two.service().err().map(|error| error.to_string());
    assert_eq!(
        error.as_deref(),
        Some("expected one service shape, found 2: `ns#A`, `ns#B`")
    );
}

#[test]
fn every_simple_type_loads() {
    let shapes: Vec<String> = SimpleType::ALL
        .iter()
        .map(|simple| format!(r#""ns#T{0}": {{"type": "{0}"}}"#, simple.type_name()))
        .collect();
    let model = load(&format!(
        r#"{{"smithy": "2.0", "shapes": {{{}}}}}"#,
        shapes.join(",")
    ));
    for simple in SimpleType::ALL {
        let shape = model
            .get(&id(&format!("ns#T{}", simple.type_name())))
            .unwrap_or_else(|| panic!("no shape for {simple:?}"));
        assert_eq!(shape.kind, ShapeKind::Simple(simple));
    }
}
