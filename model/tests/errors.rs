//! Every class of bad input gets a clear error naming the shape (or member) and the problem.

use std::path::PathBuf;

use stsgen_model::{load_file, load_str, ModelError};

/// Loads text that must fail and returns the error.
fn fail(json: &str) -> ModelError {
    match load_str(json) {
        Ok(model) => panic!(
            "loaded a bad model ({} shapes):\n{json}",
            model.shapes.len()
        ),
        Err(error) => error,
    }
}

/// A Smithy 2.0 model with the given `shapes` body.
fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{{shapes}}}}}"#)
}

/// Asserts the full message of a model that must fail to load.
fn assert_fails(shapes: &str, expected: &str) {
    assert_eq!(
        fail(&model(shapes)).to_string(),
        expected,
        "shapes: {shapes}"
    );
}

/// A structure `ns#S` carrying one shape-level trait.
fn shape_trait(id: &str, value: &str) -> String {
    format!(r#""ns#S": {{"type": "structure", "traits": {{"{id}": {value}}}}}"#)
}

#[test]
fn invalid_json_reports_line_and_column() {
    let error = fail("{\"smithy\": \"2.0\",\n  \"shapes\": {,}}");
    assert_eq!(
        error.to_string(),
        "invalid JSON: key must be a string at line 2 column 14"
    );
    assert_eq!(error.shape(), None);
    assert_eq!(
        fail("{\"smithy\": \"2.0\", \"smithy\": \"2.0\"}").to_string(),
        "invalid JSON: duplicate key `smithy` at line 1 column 26"
    );
    assert_eq!(
        fail("").to_string(),
        "invalid JSON: EOF while parsing a value at line 1 column 0"
    );
    assert_eq!(
        fail("[]").to_string(),
        "the model must be an object, found an array"
    );
}

#[test]
fn version_is_checked() {
    assert_eq!(
        fail(r#"{"shapes": {}}"#).to_string(),
        "the model is missing the required `smithy` property"
    );
    assert_eq!(
        fail(r#"{"smithy": 2}"#).to_string(),
        "the `smithy` version must be a string, found a number"
    );
    assert_eq!(
        fail(r#"{"smithy": "3.0"}"#).to_string(),
        "unsupported Smithy version `3.0`: expected one of `1.0`, `1.1`, `2`, `2.0`"
    );
    for version in ["1.0", "1.1", "2", "2.0"] {
        let json = format!(r#"{{"smithy": "{version}"}}"#);
        assert!(load_str(&json).is_ok(), "version {version}");
    }
}

#[test]
fn top_level_sections_have_the_right_form() {
    assert_eq!(
        fail(r#"{"smithy": "2.0", "shapes": []}"#).to_string(),
        "`shapes` must be an object, found an array"
    );
    assert_eq!(
        fail(r#"{"smithy": "2.0", "metadata": "x"}"#).to_string(),
        "`metadata` must be an object, found a string"
    );
}

#[test]
fn unknown_shape_type_names_shape_and_type() {
    let error = fail(&model(r#""ns#Foo": {"type": "thing"}"#));
    assert_eq!(
        error.to_string(),
        "shape `ns#Foo`: unknown shape type `thing`"
    );
    assert_eq!(error.shape(), Some("ns#Foo"));
    assert_eq!(error.message(), "unknown shape type `thing`");
    assert_fails(
        r#""ns#Foo": {"members": {}}"#,
        "shape `ns#Foo`: the shape is missing the required `type` property",
    );
    assert_fails(
        r#""ns#Foo": []"#,
        "shape `ns#Foo`: the shape must be an object, found an array",
    );
}

#[test]
fn invalid_shape_ids() {
    let expected = "invalid shape id: expected an absolute id such as `namespace#Name`";
    for bad in [
        "Foo",
        "ns#",
        "#Foo",
        "ns#Foo$bar",
        "ns..x#Foo",
        "ns#1Foo",
        "ns#Fo-o",
    ] {
        let error = fail(&model(&format!(r#""{bad}": {{"type": "string"}}"#)));
        assert_eq!(error.to_string(), format!("shape `{bad}`: {expected}"));
        assert_eq!(error.shape(), Some(bad));
    }
}

#[test]
fn prelude_cannot_be_redefined() {
    assert_fails(
        r#""smithy.api#String": {"type": "string"}"#,
        "shape `smithy.api#String`: the `smithy.api` namespace is reserved for the prelude and cannot be defined by a model",
    );
}

#[test]
fn member_problems_name_the_member_id() {
    let error = fail(&model(
        r#""ns#Foo": {"type": "structure", "members": {"bar": {"target": "ns#Missing"}}}"#,
    ));
    assert_eq!(
        error.to_string(),
        "member `ns#Foo$bar`: targets `ns#Missing`, which is not defined"
    );
    assert_eq!(error.shape(), Some("ns#Foo$bar"));
    assert_fails(
        r#""ns#Foo": {"type": "structure", "members": {"bar": {"target": "Missing"}}}"#,
        "member `ns#Foo$bar`: target `Missing` is not a valid shape id (expected `namespace#Name`)",
    );
    assert_fails(
        r#""ns#Foo": {"type": "union", "members": {"bar": {}}}"#,
        "member `ns#Foo$bar`: the member is missing the required `target` property",
    );
    assert_fails(
        r#""ns#Foo": {"type": "structure", "members": {"bar": {"target": 5}}}"#,
        "member `ns#Foo$bar`: `target` must be a string, found a number",
    );
    assert_fails(
        r#""ns#Foo": {"type": "structure", "members": {"b-r": {"target": "smithy.api#String"}}}"#,
        "member `ns#Foo$b-r`: invalid member name: expected letters, digits and `_`, starting with a letter",
    );
    assert_fails(
        r#""ns#Foo": {"type": "structure", "members": {"op": {"target": "ns#Op"}}},
           "ns#Op": {"type": "operation"}"#,
        "member `ns#Foo$op`: targets `ns#Op`, which is an operation, not a data shape (members cannot target operations, services or resources)",
    );
}

#[test]
fn lists_and_maps_need_their_members() {
    assert_fails(
        r#""ns#L": {"type": "list"}"#,
        "shape `ns#L`: a list is missing the required `member` property",
    );
    assert_fails(
        r#""ns#L": {"type": "set", "member": {"target": "ns#Nope"}}"#,
        "member `ns#L$member`: targets `ns#Nope`, which is not defined",
    );
    assert_fails(
        r#""ns#M": {"type": "map", "value": {"target": "smithy.api#String"}}"#,
        "shape `ns#M`: a map is missing the required `key` property",
    );
    assert_fails(
        r#""ns#M": {"type": "map", "key": {"target": "smithy.api#String"}}"#,
        "shape `ns#M`: a map is missing the required `value` property",
    );
    assert_fails(
        r#""ns#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#,
        "member `ns#M$key`: targets `smithy.api#Integer`, which is an integer, not a string or enum (map keys must be strings)",
    );
}

#[test]
fn operation_references() {
    assert_fails(
        r#""ns#Op": {"type": "operation", "input": {"target": "ns#Missing"}}"#,
        "shape `ns#Op`: input `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "output": {"target": "ns#Missing"}}"#,
        "shape `ns#Op`: output `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "errors": [{"target": "ns#Missing"}]}"#,
        "shape `ns#Op`: error `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "input": {"target": "smithy.api#String"}}"#,
        "shape `ns#Op`: input `smithy.api#String` is a string, not a structure",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "errors": [{"target": "smithy.api#Unit"}]}"#,
        "shape `ns#Op`: error `smithy.api#Unit` is a structure, not a structure with the `smithy.api#error` trait",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "input": "ns#In"}"#,
        "shape `ns#Op`: `input` must be an object, found a string",
    );
    assert_fails(
        r#""ns#Op": {"type": "operation", "errors": [{"target": "bad"}]}"#,
        "shape `ns#Op`: `errors[0]` target `bad` is not a valid shape id (expected `namespace#Name`)",
    );
}

#[test]
fn service_and_resource_references() {
    assert_fails(
        r#""ns#Svc": {"type": "service", "operations": [{"target": "ns#Missing"}]}"#,
        "shape `ns#Svc`: operation `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#Svc": {"type": "service", "operations": [{"target": "smithy.api#Unit"}]}"#,
        "shape `ns#Svc`: operation `smithy.api#Unit` is a structure, not an operation",
    );
    assert_fails(
        r#""ns#Svc": {"type": "service", "resources": [{"target": "ns#R"}]}"#,
        "shape `ns#Svc`: resource `ns#R` is not defined",
    );
    assert_fails(
        r#""ns#Svc": {"type": "service", "errors": [{"target": "ns#E"}]}"#,
        "shape `ns#Svc`: error `ns#E` is not defined",
    );
    assert_fails(
        r#""ns#R": {"type": "resource", "read": {"target": "ns#Missing"}}"#,
        "shape `ns#R`: operation `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#Svc": {"type": "service", "version": 1}"#,
        "shape `ns#Svc`: `version` must be a string, found a number",
    );
    assert_fails(
        r#""ns#Svc": {"type": "service", "rename": {"a#B": "C"}}"#,
        "shape `ns#Svc`: service `rename` is not supported",
    );
}

#[test]
fn unsupported_mixins_are_reported() {
    assert_fails(
        r#""ns#S": {"type": "structure", "mixins": [{"target": "ns#M"}]}"#,
        "shape `ns#S`: mixins are not supported: flatten the model before loading it",
    );
}

#[test]
fn apply_problems() {
    assert_fails(
        r#""ns#Missing": {"type": "apply", "traits": {"smithy.api#sensitive": {}}}"#,
        "shape `ns#Missing`: cannot apply traits: `ns#Missing` is not defined",
    );
    assert_fails(
        r#""ns#S": {"type": "structure"},
           "ns#S$nope": {"type": "apply", "traits": {"smithy.api#required": {}}}"#,
        "member `ns#S$nope`: cannot apply traits: `ns#S` has no member `nope`",
    );
    assert_fails(
        r#""smithy.api#String$member": {"type": "apply", "traits": {}}"#,
        "member `smithy.api#String$member`: cannot apply traits: prelude shapes cannot be modified",
    );
    assert_fails(
        r#""ns#S": {"type": "structure", "members": {"a": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "A"}}}},
           "ns#S$a": {"type": "apply", "traits": {"smithy.api#documentation": "B"}}"#,
        "member `ns#S$a`: cannot apply traits: trait `smithy.api#documentation` is already set to a different value",
    );
    assert_fails(
        r#""ns#S$a$b": {"type": "apply", "traits": {}}"#,
        "shape `ns#S$a$b`: invalid shape id: expected `namespace#Name` or `namespace#Name$member`",
    );
    assert_fails(
        r#""ns#S$a": {"type": "apply"}"#,
        "member `ns#S$a`: an `apply` entry is missing the required `traits` property",
    );
    // Traits applied to a member are validated like any other.
    assert_fails(
        r#""ns#S": {"type": "structure", "members": {"a": {"target": "smithy.api#String"}}},
           "ns#S$a": {"type": "apply", "traits": {"smithy.api#documentation": 1}}"#,
        "member `ns#S$a`: trait `smithy.api#documentation` must be a string, found a number",
    );
}

#[test]
fn trait_ids_must_be_absolute() {
    assert_fails(
        &shape_trait("documentation", r#""x""#),
        "shape `ns#S`: trait id `documentation` is not an absolute shape id such as `smithy.api#documentation`",
    );
    assert_fails(
        r#""ns#S": {"type": "structure", "traits": []}"#,
        "shape `ns#S`: `traits` must be an object, found an array",
    );
}

#[test]
fn traits_of_the_wrong_form() {
    let cases = [
        (
            "smithy.api#documentation",
            "5",
            "must be a string, found a number",
        ),
        (
            "smithy.api#pattern",
            "[]",
            "must be a string, found an array",
        ),
        (
            "smithy.api#xmlName",
            "{}",
            "must be a string, found an object",
        ),
        ("smithy.api#title", "null", "must be a string, found null"),
        (
            "smithy.api#error",
            r#""oops""#,
            r#"must be one of "client", "server", found "oops""#,
        ),
        (
            "smithy.api#error",
            "1",
            r#"must be one of "client", "server", found a number"#,
        ),
        (
            "smithy.api#timestampFormat",
            r#""iso""#,
            r#"must be one of "date-time", "epoch-seconds", "http-date", found "iso""#,
        ),
        (
            "smithy.api#httpError",
            r#""400""#,
            r#"must be an HTTP status code (an integer from 100 to 599), found "400""#,
        ),
        (
            "smithy.api#httpError",
            "70000",
            "must be an HTTP status code (an integer from 100 to 599), found 70000",
        ),
        (
            "aws.protocols#awsQueryError",
            r#"{"httpResponseCode": 400}"#,
            "is missing the required `code`",
        ),
        (
            "aws.protocols#awsQueryError",
            r#"{"code": 7, "httpResponseCode": 400}"#,
            "`code` must be a string, found a number",
        ),
        (
            "aws.protocols#awsQueryError",
            r#"{"code": "X"}"#,
            "is missing the required `httpResponseCode`",
        ),
        (
            "smithy.api#length",
            r#"{"min": "1"}"#,
            r#"`min` must be a non-negative integer, found "1""#,
        ),
        (
            "smithy.api#length",
            r#"{"max": -1}"#,
            "`max` must be a non-negative integer, found -1",
        ),
        ("smithy.api#length", "{}", "must set `min`, `max` or both"),
        (
            "smithy.api#length",
            r#"{"min": 5, "max": 1}"#,
            "has `min` (5) greater than `max` (1)",
        ),
        (
            "smithy.api#range",
            r#"{"max": true}"#,
            "`max` must be a number, found true",
        ),
        ("smithy.api#range", "3", "must be an object, found a number"),
        (
            "smithy.api#auth",
            r#""aws.auth#sigv4""#,
            "must be a list of auth scheme shape ids, found a string",
        ),
        (
            "smithy.api#auth",
            r#"["aws.auth#sigv4", 4]"#,
            r#"entry 1 must be an auth scheme shape id such as "aws.auth#sigv4", found 4"#,
        ),
        (
            "smithy.api#examples",
            "{}",
            "must be a list of example objects, found an object",
        ),
        (
            "smithy.api#examples",
            r#"["x"]"#,
            "entry 0: must be an object, found a string",
        ),
        (
            "smithy.api#examples",
            r#"[{"title": "ok"}, {"title": 1}]"#,
            "entry 1: `title` must be a string, found a number",
        ),
        (
            "smithy.api#examples",
            r#"[{}]"#,
            "entry 0: is missing the required `title`",
        ),
        (
            "smithy.api#examples",
            r#"[{"title": "t", "input": []}]"#,
            "entry 0: `input` must be an object, found an array",
        ),
        (
            "smithy.api#examples",
            r#"[{"title": "t", "error": {"shapeId": "nope"}}]"#,
            r#"entry 0: `error` `shapeId` must be a shape id, found "nope""#,
        ),
        (
            "smithy.api#xmlNamespace",
            r#"{"prefix": "a"}"#,
            "is missing the required `uri`",
        ),
        (
            "smithy.api#deprecated",
            r#"{"since": 2020}"#,
            "`since` must be a string, found a number",
        ),
        (
            "smithy.api#sensitive",
            r#""yes""#,
            "is an annotation trait and must be `{}`, found a string",
        ),
        (
            "smithy.api#required",
            r#"{"a": 1}"#,
            "is an annotation trait and must be `{}`, found an object",
        ),
        ("aws.auth#sigv4", "{}", "is missing the required `name`"),
        (
            "aws.api#service",
            r#"{"sdkId": 1}"#,
            "`sdkId` must be a string, found a number",
        ),
        (
            "aws.api#service",
            r#"{"sdkId": "X", "endpointPrefix": false}"#,
            "`endpointPrefix` must be a string, found a boolean",
        ),
        (
            "aws.protocols#awsQuery",
            "[]",
            "must be an object, found an array",
        ),
    ];
    for (id, value, problem) in cases {
        assert_fails(
            &shape_trait(id, value),
            &format!("shape `ns#S`: trait `{id}` {problem}"),
        );
    }
}

#[test]
fn member_traits_are_checked_too() {
    assert_fails(
        r#""ns#S": {"type": "structure", "members": {"a": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": 1}}}}"#,
        "member `ns#S$a`: trait `smithy.api#xmlName` must be a string, found a number",
    );
    assert_fails(
        r#""ns#L": {"type": "list", "member": {"target": "smithy.api#String", "traits": {"smithy.api#timestampFormat": "x"}}}"#,
        r#"member `ns#L$member`: trait `smithy.api#timestampFormat` must be one of "date-time", "epoch-seconds", "http-date", found "x""#,
    );
}

#[test]
fn enum_problems() {
    assert_fails(
        r#""ns#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}"#,
        "member `ns#E$A`: trait `smithy.api#enumValue` must be a string on an enum member, found a number",
    );
    assert_fails(
        r#""ns#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "1"}}}}"#,
        "member `ns#E$A`: trait `smithy.api#enumValue` must be an integer on an intEnum member, found a string",
    );
    assert_fails(
        r#""ns#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit"}}}"#,
        "member `ns#E$A`: trait `smithy.api#enumValue` must be an integer on an intEnum member, found nothing",
    );
    assert_fails(
        r#""ns#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1.5}}}}"#,
        "member `ns#E$A`: trait `smithy.api#enumValue` must be an integer on an intEnum member, found a number",
    );
    assert_fails(
        r#""ns#E": {"type": "enum", "members": {"A": {"target": "smithy.api#String"}}}"#,
        "member `ns#E$A`: enum members must target `smithy.api#Unit`, found `smithy.api#String`",
    );
    assert_fails(
        r#""ns#E": {"type": "enum", "members": {}}"#,
        "shape `ns#E`: an enum must have at least one member",
    );
    assert_fails(
        r#""ns#E": {"type": "enum", "members": {
            "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
            "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}}
        }}"#,
        r#"member `ns#E$B`: duplicate enum value "x""#,
    );
    assert_fails(
        r#""ns#S": {"type": "structure", "members": {"a": {"target": "smithy.api#String", "traits": {"smithy.api#enumValue": "x"}}}}"#,
        "member `ns#S$a`: trait `smithy.api#enumValue` is only valid on enum and intEnum members",
    );
    assert_fails(
        r#""ns#I": {"type": "integer", "traits": {"smithy.api#enum": [{"value": "a"}]}}"#,
        "shape `ns#I`: trait `smithy.api#enum` is only valid on string shapes, not on an integer",
    );
    assert_fails(
        r#""ns#T": {"type": "string", "traits": {"smithy.api#enum": [{"value": "a", "name": 3}]}}"#,
        "shape `ns#T`: trait `smithy.api#enum` entry 0: `name` must be a string, found a number",
    );
}

fn test_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn load_file_errors_name_the_path() {
    let missing = test_file("does-not-exist.json");
    let error = match load_file(&missing) {
        Ok(_) => panic!("loaded a missing file"),
        Err(error) => error,
    };
    assert_eq!(error.file(), Some(missing.as_path()));
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}: cannot read the model file: ",
            missing.display()
        )),
        "{shown}"
    );

    let bad = test_file("bad-model.json");
    if let Err(io) = std::fs::write(&bad, model(r#""ns#Foo": {"type": "thing"}"#)) {
        panic!("cannot write {}: {io}", bad.display());
    }
    let error = match load_file(&bad) {
        Ok(_) => panic!("loaded a bad model"),
        Err(error) => error,
    };
    assert_eq!(
        error.to_string(),
        format!(
            "{}: shape `ns#Foo`: unknown shape type `thing`",
            bad.display()
        )
    );
    assert_eq!(error.shape(), Some("ns#Foo"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let json = format!(
        r#"{{"smithy": "2.0", "metadata": {{"x": {}}}}}"#,
        "[".repeat(100_000)
    );
    let error = fail(&json);
    assert_eq!(
        error.to_string(),
        "invalid JSON: recursion limit exceeded at line 1 column 162"
    );
}

#[test]
fn recursion_through_lists_and_maps_alone_is_an_error() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "ex#L": {"type": "list", "member": {"target": "ex#M"}},
        "ex#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#L"}}
    }}"#;
    let error =
        stsgen_model::load_str(json).expect_err("a list that contains itself has no finite value");
    assert_eq!(
        error.to_string(),
        "shape `ex#L`: contains itself through lists and maps only; recursion must go through a structure or union"
    );
    let through_structure = r#"{"smithy": "2.0", "shapes": {
        "ex#L": {"type": "list", "member": {"target": "ex#S"}},
        "ex#S": {"type": "structure", "members": {"children": {"target": "ex#L"}}}
    }}"#;
    stsgen_model::load_str(through_structure).expect("recursion through a structure is fine");
}
