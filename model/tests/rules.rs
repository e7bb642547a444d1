//! Endpoint rule sets, endpoint test cases and partitions data: the real STS models and
//! `partitions.json` from `../shared/models`, and malformed inputs with their messages.

use std::path::PathBuf;

use serde_json::json;
use stsgen_model::rules::partitions::{self, CharClass, RegexPiece};
use stsgen_model::rules::{
    endpoint_tests, rule_set, ExpectedValue, Expr, ParameterType, ParameterValue, Rule, RuleKind,
    TemplatePart, TestExpectation,
};
use stsgen_model::{load_file, load_str, Model};

/// `../shared/models/<name>` relative to the workspace root.
fn shared_path(name: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest
        .parent()
        .unwrap_or_else(|| panic!("{} has no parent", manifest.display()));
    let path = workspace.join("../shared/models").join(name);
    assert!(path.is_file(), "test data {} is missing", path.display());
    path
}

fn load(name: &str) -> Model {
    load_file(&shared_path(name)).unwrap_or_else(|error| panic!("{error}"))
}

/// Counts (endpoint, error, tree) rules in a rule tree.
fn count(rules: &[Rule]) -> (usize, usize, usize) {
    rules
        .iter()
        .fold((0, 0, 0), |(e, r, t), rule| match &rule.kind {
            RuleKind::Endpoint(_) => (e + 1, r, t),
            RuleKind::Error(_) => (e, r + 1, t),
            RuleKind::Tree(children) => {
                let (ce, cr, ct) = count(children);
                (e + ce, r + cr, t + 1 + ct)
            }
        })
}

#[test]
fn sts_rule_set_has_the_documented_shape() {
    let model = load("sts.json");
    let service = model.service().expect("one service");
    let rules = rule_set(service).expect("valid").expect("present");
    assert_eq!(rules.version, "1.0");
    let names: Vec<&str> = rules.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Endpoint",
            "Region",
            "UseDualStack",
            "UseFIPS",
            "UseGlobalEndpoint"
        ]
    );
    let region = rules.parameter("Region").expect("Region");
    assert_eq!(region.kind, ParameterType::String);
    assert_eq!(region.built_in.as_deref(), Some("AWS::Region"));
    assert!(!region.required);
    assert_eq!(region.default, None);
    let fips = rules.parameter("UseFIPS").expect("UseFIPS");
    assert_eq!(fips.kind, ParameterType::Boolean);
    assert!(fips.required);
    assert_eq!(fips.default, Some(ParameterValue::Boolean(false)));
    assert_eq!(
        rules
            .parameter("UseGlobalEndpoint")
            .and_then(|p| p.built_in.as_deref()),
        Some("AWS::STS::UseGlobalEndpoint")
    );
    assert_eq!(rules.rules.len(), 4);
    assert_eq!(count(&rules.rules), (24, 6, 10));

    // The first rule assigns `PartitionResult` from `aws.partition(Region)`.
    let partition = &rules.rules[0].conditions[3];
    assert_eq!(partition.assign.as_deref(), Some("PartitionResult"));
    match &partition.expr {
        Expr::Call(call) => {
            assert_eq!(call.function, "aws.partition");
            assert_eq!(call.args, [Expr::Ref("Region".into())]);
        }
        other => panic!("expected a call, found {other:?}"),
    }
}

#[test]
fn sts_templates_parse_into_parts() {
    let model = load("sts.json");
    let rules = rule_set(model.service().expect("service"))
        .expect("valid")
        .expect("present");
    let RuleKind::Tree(global) = &rules.rules[0].kind else {
        panic!("the first rule is a tree");
    };
    let Some(RuleKind::Endpoint(last)) = global.last().map(|r| &r.kind) else {
        panic!("the global tree ends with an endpoint");
    };
    let Expr::String(url) = &last.url else {
        panic!("the URL is a template");
    };
    assert_eq!(url.parts.len(), 4);
    assert_eq!(url.parts[0], TemplatePart::Literal("https://sts.".into()));
    assert_eq!(
        url.parts[1],
        TemplatePart::Insert(Expr::Ref("Region".into()))
    );
    assert!(matches!(
        &url.parts[3],
        TemplatePart::Insert(Expr::GetAttr { .. })
    ));
}

#[test]
fn sts_endpoint_tests() {
    let model = load("sts.json");
    let cases = endpoint_tests(model.service().expect("service")).expect("valid");
    assert_eq!(cases.len(), 69);
    let errors = cases
        .iter()
        .filter(|c| matches!(c.expect, TestExpectation::Error(_)))
        .count();
    assert_eq!(errors, 3);
    let with_properties = cases
        .iter()
        .filter(|c| matches!(&c.expect, TestExpectation::Endpoint(e) if !e.properties.is_empty()))
        .count();
    assert_eq!(with_properties, 18);
    assert_eq!(
        cases
            .iter()
            .filter(|c| !c.operation_inputs.is_empty())
            .count(),
        18
    );
    assert_eq!(cases.iter().filter(|c| c.params.is_empty()).count(), 1);

    let first = &cases[0];
    assert_eq!(
        first.documentation.as_deref(),
        Some("For region af-south-1 with FIPS disabled and DualStack disabled")
    );
    assert_eq!(
        first.params.get("Region"),
        Some(&ParameterValue::String("af-south-1".into()))
    );
    let global = cases
        .iter()
        .find(|c| {
            c.documentation.as_deref() == Some("UseGlobalEndpoint with legacy region `us-west-2`")
        })
        .expect("case present");
    let TestExpectation::Endpoint(endpoint) = &global.expect else {
        panic!("expects an endpoint");
    };
    assert_eq!(endpoint.url, "https://sts.amazonaws.com");
    let ExpectedValue::Array(schemes) = &endpoint.properties["authSchemes"] else {
        panic!("authSchemes is an array");
    };
    let ExpectedValue::Map(sigv4) = &schemes[0] else {
        panic!("the scheme is an object");
    };
    assert_eq!(
        sigv4["signingRegion"],
        ExpectedValue::String("us-east-1".into())
    );
    let input = &global.operation_inputs[0];
    assert_eq!(input.operation_name, "GetCallerIdentity");
    assert_eq!(
        input.built_in_params.get("AWS::STS::UseGlobalEndpoint"),
        Some(&ParameterValue::Boolean(true))
    );
}

#[test]
fn history_models_parse() {
    for (name, cases) in [
        ("history/sts-2024-07-01.json", 73),
        ("history/sts-2025-10-02.json", 69),
    ] {
        let model = load(name);
        let service = model.service().expect("service");
        assert!(rule_set(service).expect(name).is_some(), "{name}");
        assert_eq!(endpoint_tests(service).expect(name).len(), cases, "{name}");
    }
}

fn service_model(rule_set: serde_json::Value, tests: Option<serde_json::Value>) -> Model {
    let mut traits = json!({ "smithy.rules#endpointRuleSet": rule_set });
    if let Some(tests) = tests {
        traits["smithy.rules#endpointTests"] = tests;
    }
    let model = json!({
        "smithy": "2.0",
        "shapes": { "ex#Svc": { "type": "service", "version": "1", "traits": traits } }
    });
    load_str(&model.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

fn rule_set_error(value: serde_json::Value) -> String {
    let model = service_model(value, None);
    match rule_set(model.service().expect("service")) {
        Ok(rules) => panic!("accepted: {rules:?}"),
        Err(error) => error.to_string(),
    }
}

fn minimal(rules: serde_json::Value) -> serde_json::Value {
    json!({
        "version": "1.0",
        "parameters": { "Region": { "type": "string", "builtIn": "AWS::Region" } },
        "rules": rules
    })
}

const PREFIX: &str = "shape `ex#Svc`: trait `smithy.rules#endpointRuleSet`: ";

#[test]
fn a_service_without_rules_has_none() {
    let model =
        load_str(r#"{"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1"}}}"#)
            .expect("loads");
    let service = model.service().expect("service");
    assert_eq!(rule_set(service).expect("no error"), None);
    assert_eq!(endpoint_tests(service).expect("no error"), []);
}

#[test]
fn unknown_references_are_named_with_their_location() {
    let error = rule_set_error(minimal(json!([
        { "type": "error", "conditions": [ { "fn": "isSet", "argv": [ { "ref": "Bucket" } ] } ], "error": "x" }
    ])));
    assert_eq!(
        error,
        format!("{PREFIX}at `rules[0].conditions[0].argv[0]`: `Bucket` is neither a parameter nor a variable assigned earlier in scope")
    );
}

#[test]
fn assigned_variables_are_scoped_to_their_rule_and_descendants() {
    let assign = json!({ "fn": "aws.partition", "argv": [ { "ref": "Region" } ], "assign": "P" });
    let ok = minimal(json!([
        { "type": "tree", "conditions": [ assign ], "rules": [
            { "type": "endpoint", "conditions": [], "endpoint": { "url": "https://{P#dnsSuffix}" } }
        ] }
    ]));
    let model = service_model(ok, None);
    assert!(rule_set(model.service().expect("service")).is_ok());

    let sibling = rule_set_error(minimal(json!([
        { "type": "error", "conditions": [ assign ], "error": "x" },
        { "type": "endpoint", "conditions": [], "endpoint": { "url": "https://{P}" } }
    ])));
    assert_eq!(
        sibling,
        format!("{PREFIX}at `rules[1].endpoint.url`: `P` is neither a parameter nor a variable assigned earlier in scope")
    );

    let shadow = rule_set_error(minimal(json!([
        { "type": "error", "conditions": [
            { "fn": "aws.partition", "argv": [ { "ref": "Region" } ], "assign": "region" }
        ], "error": "x" }
    ])));
    assert_eq!(
        shadow,
        format!("{PREFIX}at `rules[0].conditions[0].assign`: `region` would shadow a parameter or variable already in scope")
    );
}

#[test]
fn malformed_rules_say_what_is_wrong() {
    let cases = [
        (
            json!([{ "type": "nope", "conditions": [] }]),
            "at `rules[0].type`: unknown rule type `nope` (expected `endpoint`, `error` or `tree`)",
        ),
        (
            json!([{ "type": "endpoint", "conditions": [] }]),
            "at `rules[0]`: the required `endpoint` property is missing",
        ),
        (
            json!([{ "type": "tree", "conditions": [], "rules": [] }]),
            "at `rules[0].rules`: a tree rule needs at least one rule",
        ),
        (
            json!([{ "type": "error", "error": "x" }]),
            "at `rules[0]`: the required `conditions` property is missing",
        ),
        (
            json!([{ "type": "error", "conditions": [ { "ref": "Region" } ], "error": "x" }]),
            "at `rules[0].conditions[0]`: a condition must be a function call (`fn` and `argv`)",
        ),
        (
            json!([{ "type": "error", "conditions": [], "error": "bad {Region" }]),
            "at `rules[0].error`: template `bad {Region` has an unclosed `{` at offset 4",
        ),
        (
            json!([{ "type": "error", "conditions": [
                { "fn": "getAttr", "argv": [ { "ref": "Region" }, "a[0].b" ] }
            ], "error": "x" }]),
            "at `rules[0].conditions[0].argv[1]`: `getAttr` has an invalid path `a[0].b`: an index may only appear at the end",
        ),
        (
            json!([{ "type": "endpoint", "conditions": [], "endpoint": { "url": "https://x", "properties": { "n": 1 } } }]),
            "at `rules[0].endpoint.properties.n`: endpoint properties may hold strings, booleans, arrays and objects, found a number",
        ),
        (json!([]), "at `rules`: a rule set needs at least one rule"),
    ];
    for (rules, expected) in cases {
        assert_eq!(
            rule_set_error(minimal(rules)),
            format!("{PREFIX}{expected}")
        );
    }
}

#[test]
fn malformed_parameters_say_what_is_wrong() {
    let rules = json!([{ "type": "error", "conditions": [], "error": "x" }]);
    let cases = [
        (
            json!({ "A": { "type": "int" } }),
            "at `parameters.A.type`: unknown parameter type `int` (expected `string`, `boolean` or `stringArray`)",
        ),
        (
            json!({ "A": { "type": "boolean", "required": true, "default": "no" } }),
            "at `parameters.A.default`: expected a boolean value, found a string",
        ),
        (
            json!({ "A": { "type": "string", "default": "x" } }),
            "at `parameters.A`: a parameter with a `default` must also be `required: true`",
        ),
        (
            json!({ "Abc": { "type": "string" }, "ABC": { "type": "string" } }),
            "at `parameters.Abc`: differs from the parameter `ABC` only in case; generated names would collide",
        ),
        (
            json!({ "a-b": { "type": "string" } }),
            "at `parameters.a-b`: a parameter name must be a letter followed by letters and digits",
        ),
    ];
    for (parameters, expected) in cases {
        let value = json!({ "version": "1.0", "parameters": parameters, "rules": rules });
        assert_eq!(rule_set_error(value), format!("{PREFIX}{expected}"));
    }
}

#[test]
fn test_cases_are_checked_against_the_parameters() {
    let tests = json!({ "version": "1.0", "testCases": [
        { "documentation": "bad", "params": { "Bucket": "b" }, "expect": { "error": "x" } }
    ]});
    let model = service_model(
        minimal(json!([{ "type": "error", "conditions": [], "error": "x" }])),
        Some(tests),
    );
    let error = endpoint_tests(model.service().expect("service")).expect_err("rejected");
    assert_eq!(
        error.to_string(),
        "shape `ex#Svc`: trait `smithy.rules#endpointTests`: at `testCases[0] (bad).params.Bucket`: `Bucket` is not a parameter of the rule set"
    );

    let tests = json!({ "version": "1.0", "testCases": [
        { "params": { "Region": true }, "expect": { "error": "x" } }
    ]});
    let model = service_model(
        minimal(json!([{ "type": "error", "conditions": [], "error": "x" }])),
        Some(tests),
    );
    let error = endpoint_tests(model.service().expect("service")).expect_err("rejected");
    assert!(
        error
            .to_string()
            .ends_with("at `testCases[0].params.Region`: expected a string value, found a boolean"),
        "{error}"
    );

    let tests = json!({ "version": "1.0", "testCases": [ { "expect": {} } ]});
    let model = service_model(
        minimal(json!([{ "type": "error", "conditions": [], "error": "x" }])),
        Some(tests),
    );
    let error = endpoint_tests(model.service().expect("service")).expect_err("rejected");
    assert!(
        error
            .to_string()
            .ends_with("at `testCases[0].expect`: expected exactly one of `endpoint` and `error`"),
        "{error}"
    );
}

#[test]
fn shared_partitions_load() {
    let text = std::fs::read_to_string(shared_path("partitions.json")).expect("readable");
    let data = partitions::load(&text).unwrap_or_else(|error| panic!("{error}"));
    let ids: Vec<&str> = data.partitions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws",
            "aws-cn",
            "aws-eusc",
            "aws-iso",
            "aws-iso-b",
            "aws-iso-e",
            "aws-iso-f",
            "aws-us-gov"
        ]
    );
    let aws = &data.partitions[0];
    assert_eq!(aws.outputs.dns_suffix, "amazonaws.com");
    assert_eq!(aws.outputs.dual_stack_dns_suffix, "api.aws");
    assert!(aws.outputs.supports_fips);
    assert!(aws
        .regions
        .iter()
        .any(|r| r.name == "us-east-1" && r.overrides.is_empty()));
    assert!(
        aws.regions.windows(2).all(|w| w[0].name < w[1].name),
        "regions are sorted"
    );
    assert_eq!(
        aws.region_regex.pieces,
        [
            RegexPiece::Alternatives(
                ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]
                    .map(String::from)
                    .to_vec()
            ),
            RegexPiece::Literal("-".into()),
            RegexPiece::OneOrMore(CharClass::Word),
            RegexPiece::Literal("-".into()),
            RegexPiece::OneOrMore(CharClass::Digit),
        ]
    );
    let eusc = &data.partitions[2];
    assert_eq!(
        eusc.region_regex.pieces,
        [
            RegexPiece::Literal("eusc-".into()),
            RegexPiece::Alternatives(vec!["de".into()]),
            RegexPiece::Literal("-".into()),
            RegexPiece::OneOrMore(CharClass::Word),
            RegexPiece::Literal("-".into()),
            RegexPiece::OneOrMore(CharClass::Digit),
        ]
    );
}

#[test]
fn region_overrides_are_read() {
    let text = json!({ "version": "1.1", "partitions": [ {
        "id": "p", "regionRegex": "^p\\-\\d$",
        "outputs": { "name": "p", "dnsSuffix": "p.example", "dualStackDnsSuffix": "ds.p.example",
                     "supportsFIPS": true, "supportsDualStack": false, "implicitGlobalRegion": "p-1" },
        "regions": { "p-2": { "description": "two", "dnsSuffix": "other.example", "supportsFIPS": false },
                     "p-1": { "description": "one" } }
    } ] });
    let data = partitions::load(&text.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let regions = &data.partitions[0].regions;
    assert_eq!(regions[0].name, "p-1");
    assert!(regions[0].overrides.is_empty());
    assert_eq!(regions[1].description.as_deref(), Some("two"));
    assert_eq!(
        regions[1].overrides.dns_suffix.as_deref(),
        Some("other.example")
    );
    assert_eq!(regions[1].overrides.supports_fips, Some(false));
    assert_eq!(regions[1].overrides.name, None);
    assert_eq!(
        data.partitions[0].region_regex.pieces,
        [
            RegexPiece::Literal("p-".into()),
            RegexPiece::Class(CharClass::Digit)
        ]
    );
}

#[test]
fn malformed_partitions_say_what_is_wrong() {
    let outputs = json!({ "name": "p", "dnsSuffix": "d", "dualStackDnsSuffix": "d",
                          "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "r" });
    let one = |partition: serde_json::Value| {
        json!({ "version": "1.1", "partitions": [partition] }).to_string()
    };
    let error = |text: String| match partitions::load(&text) {
        Ok(data) => panic!("accepted: {data:?}"),
        Err(error) => error.to_string(),
    };
    assert_eq!(
        error(one(
            json!({ "id": "p", "regionRegex": "^p$", "outputs": { "name": "p" } })
        )),
        "partitions data: at `partitions[0].outputs`: the required `dnsSuffix` property is missing"
    );
    assert_eq!(
        error(one(json!({ "id": "p", "regionRegex": "^p$", "outputs": outputs, "regions": { "r": { "supportsFIPS": "yes" } } }))),
        "partitions data: at `partitions[0].regions.r.supportsFIPS`: expected a boolean, found a string"
    );
    assert_eq!(
        error(
            json!({ "version": "1.1", "partitions": [
            { "id": "p", "regionRegex": "^p$", "outputs": outputs },
            { "id": "p", "regionRegex": "^q$", "outputs": outputs }
        ] })
            .to_string()
        ),
        "partitions data: at `partitions[1]`: the id `p` is already used by partitions[0]"
    );
    assert!(error("{".to_owned()).starts_with("invalid partitions JSON: "));
    let regex_error = error(one(
        json!({ "id": "p", "regionRegex": "^p[0-9]$", "outputs": outputs }),
    ));
    assert!(
        regex_error.starts_with("partitions data: at `partitions[0].regionRegex`: the pattern `^p[0-9]$` uses `[` at offset 2"),
        "{regex_error}"
    );
}

#[test]
fn unsupported_region_regexes_are_rejected() {
    for (pattern, what) in [
        ("us-east-1", "no leading `^` anchor at offset 0"),
        ("^us-east-1", "no trailing `$` anchor at offset 10"),
        ("^us.east$", "`.` at offset 3"),
        ("^a*$", "`*` after `a` at offset 2"),
        ("^a+$", "`+` after `a` at offset 2"),
        ("^(a|b)+$", "`+` after a group at offset 6"),
        ("^(a|)$", "the group alternative `` at offset 1"),
        ("^(a$", "an unclosed `(` at offset 1"),
        ("^\\s$", "the escape `\\s` at offset 1"),
        ("^a|b$", "`|` at offset 2"),
    ] {
        let message = partitions::parse_region_regex(pattern).expect_err(pattern);
        assert!(
            message.starts_with(&format!(
                "the pattern `{pattern}` uses {what}, which the generator does not support"
            )),
            "{pattern}: {message}"
        );
    }
    let parsed = partitions::parse_region_regex("^a\\.b\\d\\w+_$").expect("supported");
    assert_eq!(
        parsed.pieces,
        [
            RegexPiece::Literal("a.b".into()),
            RegexPiece::Class(CharClass::Digit),
            RegexPiece::OneOrMore(CharClass::Word),
            RegexPiece::Literal("_".into()),
        ]
    );
}
