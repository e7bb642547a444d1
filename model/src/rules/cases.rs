//! JSON -> [`EndpointTestCase`]s, checked against the rule set's parameters.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::parse::{parameter_value, Path};
use super::{
    EndpointTestCase, ExpectedEndpoint, ExpectedValue, OperationInput, ParameterType,
    ParameterValue, RuleSet, TestExpectation,
};
use crate::json::value_kind;

pub(super) fn test_cases(
    value: &Value,
    rules: Option<&RuleSet>,
) -> Result<Vec<EndpointTestCase>, String> {
    let root = Path::root();
    let object = root.object(value)?;
    let cases_path = root.key("testCases");
    let Some(cases) = object.get("testCases") else {
        return Ok(Vec::new());
    };
    cases_path
        .array(cases)?
        .iter()
        .enumerate()
        .map(|(i, case)| test_case(case, &cases_path.index(i), rules))
        .collect()
}

fn test_case(
    value: &Value,
    path: &Path,
    rules: Option<&RuleSet>,
) -> Result<EndpointTestCase, String> {
    let object = path.object(value)?;
    let documentation = path.optional_string(object, "documentation")?;
    // Name the case in messages, so a reader can find it without counting.
    let path = match &documentation {
        Some(doc) => path.described(doc),
        None => path.clone(),
    };
    let params = match object.get("params") {
        Some(value) => params(value, &path.key("params"), rules)?,
        None => BTreeMap::new(),
    };
    let expect = expectation(path.required(object, "expect")?, &path.key("expect"))?;
    let operation_inputs = match object.get("operationInputs") {
        None => Vec::new(),
        Some(value) => {
            let at = path.key("operationInputs");
            at.array(value)?
                .iter()
                .enumerate()
                .map(|(i, input)| operation_input(input, &at.index(i)))
                .collect::<Result<_, _>>()?
        }
    };
    Ok(EndpointTestCase {
        documentation,
        params,
        expect,
        operation_inputs,
    })
}

fn params(
    value: &Value,
    path: &Path,
    rules: Option<&RuleSet>,
) -> Result<BTreeMap<String, ParameterValue>, String> {
    let mut out = BTreeMap::new();
    for (name, item) in path.object(value)? {
        let at = path.key(name);
        let parsed = match rules {
            Some(rules) => {
                let parameter = rules.parameter(name).ok_or_else(|| {
                    at.error(format!("`{name}` is not a parameter of the rule set"))
                })?;
                parameter_value(item, parameter.kind, &at)?
            }
            None => untyped_value(item, &at)?,
        };
        out.insert(name.clone(), parsed);
    }
    Ok(out)
}

/// A parameter value whose type comes from the JSON itself (built-ins, client parameters).
fn untyped_value(value: &Value, path: &Path) -> Result<ParameterValue, String> {
    let kind = match value {
        Value::String(_) => ParameterType::String,
        Value::Bool(_) => ParameterType::Boolean,
        Value::Array(_) => ParameterType::StringArray,
        other => {
            return Err(path.error(format!(
                "expected a string, boolean or string array, found {}",
                value_kind(other)
            )))
        }
    };
    parameter_value(value, kind, path)
}

fn expectation(value: &Value, path: &Path) -> Result<TestExpectation, String> {
    let object = path.object(value)?;
    match (object.get("endpoint"), object.get("error")) {
        (Some(endpoint), None) => Ok(TestExpectation::Endpoint(expected_endpoint(
            endpoint,
            &path.key("endpoint"),
        )?)),
        (None, Some(error)) => Ok(TestExpectation::Error(
            path.key("error").string(error)?.to_owned(),
        )),
        _ => Err(path.error("expected exactly one of `endpoint` and `error`")),
    }
}

fn expected_endpoint(value: &Value, path: &Path) -> Result<ExpectedEndpoint, String> {
    let object = path.object(value)?;
    let url = path
        .key("url")
        .string(path.required(object, "url")?)?
        .to_owned();
    let mut properties = BTreeMap::new();
    if let Some(value) = object.get("properties") {
        let at = path.key("properties");
        for (key, item) in at.object(value)? {
            properties.insert(key.clone(), expected_value(item, &at.key(key))?);
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
                .map(|(i, v)| header_path.index(i).string(v).map(str::to_owned))
                .collect::<Result<Vec<_>, _>>()?;
            headers.insert(name.clone(), values);
        }
    }
    Ok(ExpectedEndpoint {
        url,
        properties,
        headers,
    })
}

fn expected_value(value: &Value, path: &Path) -> Result<ExpectedValue, String> {
    Ok(match value {
        Value::String(text) => ExpectedValue::String(text.clone()),
        Value::Bool(flag) => ExpectedValue::Bool(*flag),
        Value::Array(items) => ExpectedValue::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| expected_value(item, &path.index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(entries) => ExpectedValue::Map(
            entries
                .iter()
                .map(|(key, item)| Ok((key.clone(), expected_value(item, &path.key(key))?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Number(_) | Value::Null => {
            return Err(path.error(format!(
                "expected endpoint properties hold strings, booleans, arrays and objects, found {}",
                value_kind(value)
            )))
        }
    })
}

fn operation_input(value: &Value, path: &Path) -> Result<OperationInput, String> {
    let object = path.object(value)?;
    let operation_name = path
        .key("operationName")
        .string(path.required(object, "operationName")?)?
        .to_owned();
    let operation_params = match object.get("operationParams") {
        Some(value) => path
            .key("operationParams")
            .object(value)?
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        None => BTreeMap::new(),
    };
    Ok(OperationInput {
        operation_name,
        operation_params,
        built_in_params: untyped_map(object, "builtInParams", path)?,
        client_params: untyped_map(object, "clientParams", path)?,
    })
}

fn untyped_map(
    object: &Map<String, Value>,
    key: &str,
    path: &Path,
) -> Result<BTreeMap<String, ParameterValue>, String> {
    let Some(value) = object.get(key) else {
        return Ok(BTreeMap::new());
    };
    let at = path.key(key);
    at.object(value)?
        .iter()
        .map(|(name, item)| Ok((name.clone(), untyped_value(item, &at.key(name))?)))
        .collect()
}
