//! The Smithy rules engine: typed endpoint rule sets (`smithy.rules#endpointRuleSet`), their
//! test cases (`smithy.rules#endpointTests`) and the AWS partitions data that `aws.partition`
//! reads ([`partitions`]).
//!
//! [`rule_set`] parses and checks the trait on a service: every parameter has a known type and a
//! default that fits it, every rule has the fields of its type, every template and `getAttr`
//! path parses, and every reference names a parameter or a variable assigned earlier in scope
//! (without shadowing one). Errors name the trait and the JSON path of the problem
//! (`rules[2].rules[0].conditions[1].argv[0]`). What the functions mean, and their types, is
//! left to the code generator.
//!
//! ```no_run
//! let model = stsgen_model::load_file("../shared/models/sts.json".as_ref())?;
//! let service = model.service()?;
//! if let Some(rules) = stsgen_model::rules::rule_set(service)? {
//!     println!("{} parameters, {} top-level rules", rules.parameters.len(), rules.rules.len());
//! }
//! let cases = stsgen_model::rules::endpoint_tests(service)?;
//! println!("{} endpoint test cases", cases.len());
//! # Ok::<(), stsgen_model::ModelError>(())
//! ```

mod cases;
mod parse;
pub mod partitions;
mod template;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::ModelError;
use crate::shape::Shape;
use crate::traits::{ids, Deprecated};

/// `smithy.rules#endpointRuleSet`: parameters and rules.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The rules-engine version (`1.0`).
    pub version: String,
    /// The parameters, sorted by name.
    pub parameters: Vec<Parameter>,
    /// The top-level rules, in evaluation order.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The parameter called `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// One rule-set parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The name as written (`UseFIPS`).
    pub name: String,
    /// The value type.
    pub kind: ParameterType,
    /// The SDK value bound to it (`AWS::Region`), if any.
    pub built_in: Option<String>,
    /// Resolution fails when the parameter is unset after defaults.
    pub required: bool,
    /// The value used when the parameter is unset.
    pub default: Option<ParameterValue>,
    /// Plain-text documentation.
    pub documentation: Option<String>,
    /// Deprecation notice.
    pub deprecated: Option<Deprecated>,
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

impl ParameterType {
    /// The name used in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            ParameterType::String => "string",
            ParameterType::Boolean => "boolean",
            ParameterType::StringArray => "stringArray",
        }
    }
}

/// A parameter value: a default, or a value set by a test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterValue {
    /// A string.
    String(String),
    /// A boolean.
    Boolean(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

impl ParameterValue {
    /// The type of this value.
    pub fn kind(&self) -> ParameterType {
        match self {
            ParameterValue::String(_) => ParameterType::String,
            ParameterValue::Boolean(_) => ParameterType::Boolean,
            ParameterValue::StringArray(_) => ParameterType::StringArray,
        }
    }
}

/// One rule: conditions, then an endpoint, an error or nested rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Plain-text documentation.
    pub documentation: Option<String>,
    /// Conditions, ANDed in order; an empty list always holds.
    pub conditions: Vec<Condition>,
    /// What the rule does when its conditions hold.
    pub kind: RuleKind,
}

/// What a rule does when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// Resolve to this endpoint.
    Endpoint(EndpointTemplate),
    /// Fail with this message (a string template, a reference or a function call).
    Error(Expr),
    /// Evaluate these rules; if none matches, resolution fails (it does not fall back to the
    /// parent's next rule).
    Tree(Vec<Rule>),
}

/// The endpoint an endpoint rule resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTemplate {
    /// The URL: a string template, a reference or a function call.
    pub url: Expr,
    /// Properties by name (`authSchemes`); strings may be templates.
    pub properties: BTreeMap<String, PropertyTemplate>,
    /// Headers by name, each with its values in order.
    pub headers: BTreeMap<String, Vec<Expr>>,
}

/// An endpoint property value: JSON without numbers or null, strings being templates.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyTemplate {
    /// A string template.
    String(Template),
    /// A boolean.
    Bool(bool),
    /// An ordered list.
    Array(Vec<PropertyTemplate>),
    /// An object, by key.
    Map(BTreeMap<String, PropertyTemplate>),
}

/// A condition: a function call that must return `true` or a set value.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The call: [`Expr::Call`], or [`Expr::GetAttr`] for a `getAttr` condition.
    pub expr: Expr,
    /// A variable the (set) result is bound to, visible to later conditions and sub-rules.
    pub assign: Option<String>,
}

/// A call of a named function (`aws.partition`, `isSet`).
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionCall {
    /// The function name as written.
    pub function: String,
    /// The arguments, in order.
    pub args: Vec<Expr>,
}

/// An expression: a literal, a reference, a call or an attribute access.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal, which is a template (`"https://{Region}.example.com"`).
    String(Template),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal (`substring` indices).
    Integer(i64),
    /// A parameter or an assigned variable.
    Ref(String),
    /// A function call other than `getAttr`.
    Call(FunctionCall),
    /// `getAttr(target, "path")`, or `{Name#path}` in a template.
    GetAttr {
        /// The object or array read from.
        target: Box<Expr>,
        /// The parsed path.
        path: Vec<PathSegment>,
    },
}

/// One step of a `getAttr` path: `dnsSuffix` or `[2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index (only last in a path; out of range gives an unset value).
    Index(usize),
}

/// A parsed string template: literal text and `{...}` insertions.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The parts in order; adjacent literals are merged and `{{`/`}}` are unescaped.
    pub parts: Vec<TemplatePart>,
}

impl Template {
    /// The text, when the template has no insertions.
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [TemplatePart::Literal(text)] => Some(text),
            _ => None,
        }
    }
}

/// One part of a [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// An inserted value: [`Expr::Ref`] or [`Expr::GetAttr`].
    Insert(Expr),
}

/// One `smithy.rules#endpointTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTestCase {
    /// What the case checks (`For region us-east-1 with FIPS enabled ...`).
    pub documentation: Option<String>,
    /// Parameter values set by the case; unset ones take their defaults.
    pub params: BTreeMap<String, ParameterValue>,
    /// The expected outcome.
    pub expect: TestExpectation,
    /// SDK-level variants of the case (operation calls with built-ins), kept as data.
    pub operation_inputs: Vec<OperationInput>,
}

/// The expected outcome of an [`EndpointTestCase`].
#[derive(Debug, Clone, PartialEq)]
pub enum TestExpectation {
    /// Resolution succeeds with exactly this endpoint.
    Endpoint(ExpectedEndpoint),
    /// Resolution fails with exactly this message.
    Error(String),
}

/// The endpoint a test case expects.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedEndpoint {
    /// The URL.
    pub url: String,
    /// The properties (none when the case lists none).
    pub properties: BTreeMap<String, ExpectedValue>,
    /// The headers (none when the case lists none).
    pub headers: BTreeMap<String, Vec<String>>,
}

/// An expected property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedValue {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An ordered list.
    Array(Vec<ExpectedValue>),
    /// An object, by key.
    Map(BTreeMap<String, ExpectedValue>),
}

/// An SDK-level variant of a test case: call `operation_name` with these inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInput {
    /// The operation (`GetCallerIdentity`).
    pub operation_name: String,
    /// The operation's input members, as raw JSON.
    pub operation_params: BTreeMap<String, Value>,
    /// Built-in values by built-in name (`AWS::Region`).
    pub built_in_params: BTreeMap<String, ParameterValue>,
    /// Client context parameters by name.
    pub client_params: BTreeMap<String, ParameterValue>,
}

/// The endpoint rule set of `service`, if it has the trait.
pub fn rule_set(service: &Shape) -> Result<Option<RuleSet>, ModelError> {
    let Some(value) = service.traits.get(ids::ENDPOINT_RULE_SET) else {
        return Ok(None);
    };
    parse::rule_set(value)
        .map(Some)
        .map_err(|message| trait_error(service, ids::ENDPOINT_RULE_SET, message))
}

/// The endpoint test cases of `service` (none without the trait), checked against its rule
/// set: every parameter a case sets must exist and have the right type.
pub fn endpoint_tests(service: &Shape) -> Result<Vec<EndpointTestCase>, ModelError> {
    let Some(value) = service.traits.get(ids::ENDPOINT_TESTS) else {
        return Ok(Vec::new());
    };
    let rules = rule_set(service)?;
    cases::test_cases(value, rules.as_ref())
        .map_err(|message| trait_error(service, ids::ENDPOINT_TESTS, message))
}

fn trait_error(service: &Shape, trait_id: &str, message: String) -> ModelError {
    ModelError::at_shape(&service.id, format!("trait `{trait_id}`: {message}"))
}
