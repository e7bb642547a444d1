//! JSON -> [`RuleSet`], with scope checking. Errors read ``at `rules[1].conditions[0]`: ...``.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::template::{self, is_name};
use super::{
    Condition, EndpointTemplate, Expr, FunctionCall, Parameter, ParameterType, ParameterValue,
    PropertyTemplate, Rule, RuleKind, RuleSet, TemplatePart,
};
use crate::json::value_kind;
use crate::traits::Deprecated;

/// Where in the trait value something is, for messages (`rules[2].conditions[0]`).
#[derive(Debug, Clone)]
pub(super) struct Path(String);

impl Path {
    pub(super) fn root() -> Path {
        Path(String::new())
    }

    pub(super) fn key(&self, key: &str) -> Path {
        if self.0.is_empty() {
            Path(key.to_owned())
        } else {
            Path(format!("{}.{key}", self.0))
        }
    }

    pub(super) fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    /// This location with a label after it (`testCases[3] (Missing region)`).
    pub(super) fn described(&self, label: &str) -> Path {
        Path(format!("{} ({label})", self.0))
    }

    /// `message` prefixed with this location.
    pub(super) fn error(&self, message: impl std::fmt::Display) -> String {
        if self.0.is_empty() {
            message.to_string()
        } else {
            format!("at `{}`: {message}", self.0)
        }
    }

    pub(super) fn object<'v>(&self, value: &'v Value) -> Result<&'v Map<String, Value>, String> {
        value
            .as_object()
            .ok_or_else(|| self.error(format!("expected an object, found {}", value_kind(value))))
    }

    pub(super) fn array<'v>(&self, value: &'v Value) -> Result<&'v [Value], String> {
        value
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.error(format!("expected an array, found {}", value_kind(value))))
    }

    pub(super) fn string<'v>(&self, value: &'v Value) -> Result<&'v str, String> {
        value
            .as_str()
            .ok_or_else(|| self.error(format!("expected a string, found {}", value_kind(value))))
    }

    pub(super) fn boolean(&self, value: &Value) -> Result<bool, String> {
        value
            .as_bool()
            .ok_or_else(|| self.error(format!("expected a boolean, found {}", value_kind(value))))
    }

    /// The value of a required member of `object` (at this path).
    pub(super) fn required<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v Value, String> {
        object
            .get(key)
            .ok_or_else(|| self.error(format!("the required `{key}` property is missing")))
    }

    /// An optional string member of `object`.
    pub(super) fn optional_string(
        &self,
        object: &Map<String, Value>,
        key: &str,
    ) -> Result<Option<String>, String> {
        object
            .get(key)
            .map(|value| self.key(key).string(value).map(str::to_owned))
            .transpose()
    }
}

/// Names visible at some point of the rule tree: parameters, then variables assigned by
/// conditions of enclosing rules and earlier conditions of the same rule.
#[derive(Debug, Clone)]
struct Scope {
    names: BTreeSet<String>,
}

impl Scope {
    fn check(&self, name: &str, path: &Path) -> Result<(), String> {
        if self.names.contains(name) {
            Ok(())
        } else {
            Err(path.error(format!(
                "`{name}` is neither a parameter nor a variable assigned earlier in scope"
            )))
        }
    }
}

pub(super) fn rule_set(value: &Value) -> Result<RuleSet, String> {
    let root = Path::root();
    let object = root.object(value)?;
    let version = root
        .key("version")
        .string(root.required(object, "version")?)?
        .to_owned();
    let parameters = parameters(
        root.required(object, "parameters")?,
        &root.key("parameters"),
    )?;
    let scope = Scope {
        names: parameters.iter().map(|p| p.name.clone()).collect(),
    };
    let rules_path = root.key("rules");
    let rules = rules(root.required(object, "rules")?, &rules_path, &scope)?;
    if rules.is_empty() {
        return Err(rules_path.error("a rule set needs at least one rule"));
    }
    Ok(RuleSet {
        version,
        parameters,
        rules,
    })
}

fn parameters(value: &Value, path: &Path) -> Result<Vec<Parameter>, String> {
    let mut out = Vec::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for (name, body) in path.object(value)? {
        let at = path.key(name);
        if !is_name(name) {
            return Err(
                at.error("a parameter name must be a letter followed by letters and digits")
            );
        }
        if let Some(other) = folded.insert(name.to_lowercase(), name.clone()) {
            return Err(at.error(format!(
                "differs from the parameter `{other}` only in case; generated names would collide"
            )));
        }
        out.push(parameter(name, body, &at)?);
    }
    Ok(out)
}

fn parameter(name: &str, body: &Value, path: &Path) -> Result<Parameter, String> {
    let object = path.object(body)?;
    let type_path = path.key("type");
    let kind = match type_path.string(path.required(object, "type")?)? {
        "string" | "String" => ParameterType::String,
        "boolean" | "Boolean" => ParameterType::Boolean,
        "stringArray" | "StringArray" => ParameterType::StringArray,
        other => {
            return Err(type_path.error(format!(
                "unknown parameter type `{other}` (expected `string`, `boolean` or `stringArray`)"
            )))
        }
    };
    let required = match object.get("required") {
        Some(value) => path.key("required").boolean(value)?,
        None => false,
    };
    let default = object
        .get("default")
        .map(|value| parameter_value(value, kind, &path.key("default")))
        .transpose()?;
    if default.is_some() && !required {
        return Err(path.error("a parameter with a `default` must also be `required: true`"));
    }
    let deprecated = match object.get("deprecated") {
        None => None,
        Some(value) => {
            let at = path.key("deprecated");
            let fields = at.object(value)?;
            Some(Deprecated {
                message: at.optional_string(fields, "message")?,
                since: at.optional_string(fields, "since")?,
            })
        }
    };
    Ok(Parameter {
        name: name.to_owned(),
        kind,
        built_in: path.optional_string(object, "builtIn")?,
        required,
        default,
        documentation: path.optional_string(object, "documentation")?,
        deprecated,
    })
}

/// A parameter value of type `kind` (defaults, test case parameters).
pub(super) fn parameter_value(
    value: &Value,
    kind: ParameterType,
    path: &Path,
) -> Result<ParameterValue, String> {
    let mismatch = || {
        path.error(format!(
            "expected a {} value, found {}",
            kind.name(),
            value_kind(value)
        ))
    };
    match (kind, value) {
        (ParameterType::String, Value::String(text)) => Ok(ParameterValue::String(text.clone())),
        (ParameterType::Boolean, Value::Bool(flag)) => Ok(ParameterValue::Boolean(*flag)),
        (ParameterType::StringArray, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| path.index(i).string(item).map(str::to_owned))
            .collect::<Result<_, _>>()
            .map(ParameterValue::StringArray),
        _ => Err(mismatch()),
    }
}

fn rules(value: &Value, path: &Path, scope: &Scope) -> Result<Vec<Rule>, String> {
    path.array(value)?
        .iter()
        .enumerate()
        .map(|(i, rule_value)| rule(rule_value, &path.index(i), scope))
        .collect()
}

fn rule(value: &Value, path: &Path, outer: &Scope) -> Result<Rule, String> {
    let object = path.object(value)?;
    let mut scope = outer.clone();
    let conditions_path = path.key("conditions");
    let conditions = path
        .array_of(object, "conditions")?
        .iter()
        .enumerate()
        .map(|(i, c)| condition(c, &conditions_path.index(i), &mut scope))
        .collect::<Result<Vec<_>, _>>()?;
    let type_path = path.key("type");
    let kind = match type_path.string(path.required(object, "type")?)? {
        "endpoint" => {
            let at = path.key("endpoint");
            RuleKind::Endpoint(endpoint(path.required(object, "endpoint")?, &at, &scope)?)
        }
        "error" => {
            let at = path.key("error");
            RuleKind::Error(expr(path.required(object, "error")?, &at, &scope)?)
        }
        "tree" => {
            let at = path.key("rules");
            let children = rules(path.required(object, "rules")?, &at, &scope)?;
            if children.is_empty() {
                return Err(at.error("a tree rule needs at least one rule"));
            }
            RuleKind::Tree(children)
        }
        other => {
            return Err(type_path.error(format!(
                "unknown rule type `{other}` (expected `endpoint`, `error` or `tree`)"
            )))
        }
    };
    Ok(Rule {
        documentation: path.optional_string(object, "documentation")?,
        conditions,
        kind,
    })
}

impl Path {
    /// A required array member.
    fn array_of<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v [Value], String> {
        self.key(key).array(self.required(object, key)?)
    }
}

fn condition(value: &Value, path: &Path, scope: &mut Scope) -> Result<Condition, String> {
    let object = path.object(value)?;
    if !object.contains_key("fn") {
        return Err(path.error("a condition must be a function call (`fn` and `argv`)"));
    }
    let expr = expr(value, path, scope)?;
    let assign = path.optional_string(object, "assign")?;
    if let Some(name) = &assign {
        let at = path.key("assign");
        if !is_name(name) {
            return Err(at.error(format!("`{name}` is not a valid variable name")));
        }
        if scope.names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return Err(at.error(format!(
                "`{name}` would shadow a parameter or variable already in scope"
            )));
        }
        scope.names.insert(name.clone());
    }
    Ok(Condition { expr, assign })
}

fn expr(value: &Value, path: &Path, scope: &Scope) -> Result<Expr, String> {
    match value {
        Value::String(text) => {
            let parsed = template::parse(text).map_err(|m| path.error(m))?;
            for part in &parsed.parts {
                if let TemplatePart::Insert(insert) = part {
                    check_refs(insert, path, scope)?;
                }
            }
            Ok(Expr::String(parsed))
        }
        Value::Bool(flag) => Ok(Expr::Bool(*flag)),
        Value::Number(number) => number
            .as_i64()
            .map(Expr::Integer)
            .ok_or_else(|| path.error(format!("`{number}` is not an integer"))),
        Value::Object(object) => {
            if let Some(name) = object.get("ref") {
                let name = path.key("ref").string(name)?;
                scope.check(name, path)?;
                return Ok(Expr::Ref(name.to_owned()));
            }
            let Some(function) = object.get("fn") else {
                return Err(
                    path.error("expected a reference (`ref`) or a function call (`fn` and `argv`)")
                );
            };
            let function = path.key("fn").string(function)?;
            let argv_path = path.key("argv");
            let args = path
                .array_of(object, "argv")?
                .iter()
                .enumerate()
                .map(|(i, arg)| expr(arg, &argv_path.index(i), scope))
                .collect::<Result<Vec<_>, _>>()?;
            if function == "getAttr" {
                return get_attr(args, path);
            }
            Ok(Expr::Call(FunctionCall {
                function: function.to_owned(),
                args,
            }))
        }
        Value::Array(_) => Err(path.error("array literals are not supported as arguments")),
        Value::Null => Err(path.error("null is not a valid expression")),
    }
}

fn get_attr(mut args: Vec<Expr>, path: &Path) -> Result<Expr, String> {
    if args.len() != 2 {
        return Err(path.error(format!(
            "`getAttr` takes 2 arguments (a value and a path), found {}",
            args.len()
        )));
    }
    let path_arg = args.pop();
    let target = args.pop();
    match (target, path_arg) {
        (Some(target), Some(Expr::String(text))) => {
            let Some(literal) = text.as_literal() else {
                return Err(path
                    .key("argv")
                    .index(1)
                    .error("the `getAttr` path must be a literal string"));
            };
            let segments = template::parse_path(literal)
                .map_err(|m| path.key("argv").index(1).error(format!("`getAttr` {m}")))?;
            Ok(Expr::GetAttr {
                target: Box::new(target),
                path: segments,
            })
        }
        _ => Err(path
            .key("argv")
            .index(1)
            .error("the `getAttr` path must be a string")),
    }
}

fn check_refs(expr: &Expr, path: &Path, scope: &Scope) -> Result<(), String> {
    match expr {
        Expr::Ref(name) => scope.check(name, path),
        Expr::GetAttr { target, .. } => check_refs(target, path, scope),
        Expr::Call(call) => call
            .args
            .iter()
            .try_for_each(|a| check_refs(a, path, scope)),
        Expr::String(_) | Expr::Bool(_) | Expr::Integer(_) => Ok(()),
    }
}

fn endpoint(value: &Value, path: &Path, scope: &Scope) -> Result<EndpointTemplate, String> {
    let object = path.object(value)?;
    let url = expr(path.required(object, "url")?, &path.key("url"), scope)?;
    let mut properties = BTreeMap::new();
    if let Some(value) = object.get("properties") {
        let at = path.key("properties");
        for (key, item) in at.object(value)? {
            properties.insert(key.clone(), property(item, &at.key(key), scope)?);
        }
    }
    let mut headers = BTreeMap::new();
    if let Some(value) = object.get("headers") {
        let at = path.key("headers");
        for (name, values) in at.object(value)? {
            let header_path = at.key(name);
            let values = header_path
                .array(values)?
                .iter()
                .enumerate()
                .map(|(i, v)| expr(v, &header_path.index(i), scope))
                .collect::<Result<Vec<_>, _>>()?;
            headers.insert(name.clone(), values);
        }
    }
    Ok(EndpointTemplate {
        url,
        properties,
        headers,
    })
}

fn property(value: &Value, path: &Path, scope: &Scope) -> Result<PropertyTemplate, String> {
    Ok(match value {
        Value::String(_) => match expr(value, path, scope)? {
            Expr::String(template) => PropertyTemplate::String(template),
            _ => return Err(path.error("expected a string template")),
        },
        Value::Bool(flag) => PropertyTemplate::Bool(*flag),
        Value::Array(items) => PropertyTemplate::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| property(item, &path.index(i), scope))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(entries) => PropertyTemplate::Map(
            entries
                .iter()
                .map(|(key, item)| Ok((key.clone(), property(item, &path.key(key), scope)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Number(_) | Value::Null => {
            return Err(path.error(format!(
                "endpoint properties may hold strings, booleans, arrays and objects, found {}",
                value_kind(value)
            )))
        }
    })
}
