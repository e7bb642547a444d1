//! Checks the form of every trait that has a typed accessor in [`crate::traits`], so that the
//! accessors never meet a value they would have to skip or misread.
//!
//! `smithy.api#enum` and `smithy.api#enumValue` are checked where they are consumed
//! (`enums`); `smithy.api#default` is raw JSON by design. Traits without accessors are kept
//! as they are.

use serde_json::{Map, Value};

use crate::error::ModelError;
use crate::json::value_kind;
use crate::shape::{Shape, ShapeId, ShapeKind};
use crate::traits::{ids, Traits};

/// Checks the traits of `shape` and of all its members.
pub(super) fn check_shape(shape: &Shape) -> Result<(), ModelError> {
    check(&shape.traits).map_err(|m| ModelError::at_shape(&shape.id, m))?;
    let members: Vec<(&str, &Traits)> = match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members
            .iter()
            .map(|member| (member.name.as_str(), &member.traits))
            .collect(),
        ShapeKind::List { member, .. } => vec![(member.name.as_str(), &member.traits)],
        ShapeKind::Map { key, value } => vec![
            (key.name.as_str(), &key.traits),
            (value.name.as_str(), &value.traits),
        ],
        ShapeKind::Enum { values } => values
            .iter()
            .map(|value| (value.name.as_str(), &value.traits))
            .collect(),
        ShapeKind::IntEnum { values } => values
            .iter()
            .map(|value| (value.name.as_str(), &value.traits))
            .collect(),
        ShapeKind::Simple(_)
        | ShapeKind::Operation(_)
        | ShapeKind::Service(_)
        | ShapeKind::Resource(_) => Vec::new(),
    };
    for (name, traits) in members {
        check(traits).map_err(|m| ModelError::at(&shape.id, Some(name), m))?;
    }
    Ok(())
}

/// Checks one set of traits; the error reads "trait `id` must ...".
pub(crate) fn check(traits: &Traits) -> Result<(), String> {
    for (id, value) in &traits.raw {
        check_one(id, value).map_err(|problem| format!("trait `{id}` {problem}"))?;
    }
    Ok(())
}

fn check_one(id: &str, value: &Value) -> Result<(), String> {
    match id {
        ids::DOCUMENTATION | ids::PATTERN | ids::XML_NAME | ids::TITLE => string(value),
        ids::REQUIRED
        | ids::CLIENT_OPTIONAL
        | ids::SENSITIVE
        | ids::XML_ATTRIBUTE
        | ids::XML_FLATTENED
        | ids::INPUT
        | ids::OUTPUT
        | ids::OPTIONAL_AUTH
        | ids::IDEMPOTENCY_TOKEN
        | ids::UNIQUE_ITEMS => annotation(value),
        ids::ERROR => one_of(value, &["client", "server"]),
        ids::TIMESTAMP_FORMAT => one_of(value, &["date-time", "epoch-seconds", "http-date"]),
        ids::HTTP_ERROR => status_code(value),
        ids::AWS_QUERY_ERROR => {
            let fields = object(value)?;
            required(fields, "code", string)?;
            required(fields, "httpResponseCode", status_code)
        }
        ids::LENGTH => bounds(value, Limit::Count),
        ids::RANGE => bounds(value, Limit::Number),
        ids::XML_NAMESPACE => {
            let fields = object(value)?;
            required(fields, "uri", string)?;
            optional(fields, "prefix", string)
        }
        ids::EXAMPLES => examples(value),
        ids::AUTH => auth(value),
        ids::DEPRECATED => {
            let fields = object(value)?;
            optional(fields, "message", string)?;
            optional(fields, "since", string)
        }
        ids::SIGV4 => required(object(value)?, "name", string),
        ids::AWS_SERVICE => {
            let fields = object(value)?;
            required(fields, "sdkId", string)?;
            for key in [
                "arnNamespace",
                "cloudFormationName",
                "cloudTrailEventSource",
                "endpointPrefix",
                "docId",
            ] {
                optional(fields, key, string)?;
            }
            Ok(())
        }
        ids::AWS_QUERY | ids::ENDPOINT_RULE_SET | ids::ENDPOINT_TESTS => is_object(value),
        _ => Ok(()),
    }
}

fn string(value: &Value) -> Result<(), String> {
    match value {
        Value::String(_) => Ok(()),
        other => Err(format!("must be a string, found {}", value_kind(other))),
    }
}

fn object(value: &Value) -> Result<&Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("must be an object, found {}", value_kind(value)))
}

fn is_object(value: &Value) -> Result<(), String> {
    object(value).map(drop)
}

/// Annotation traits are `{}` in the JSON AST; `true` is the older spelling some 1.0 models use.
fn annotation(value: &Value) -> Result<(), String> {
    match value {
        Value::Bool(true) => Ok(()),
        Value::Object(fields) if fields.is_empty() => Ok(()),
        other => Err(format!(
            "is an annotation trait and must be `{{}}`, found {}",
            value_kind(other)
        )),
    }
}

fn one_of(value: &Value, allowed: &[&str]) -> Result<(), String> {
    let listed = allowed
        .iter()
        .map(|choice| format!("\"{choice}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match value {
        Value::String(text) if allowed.contains(&text.as_str()) => Ok(()),
        Value::String(text) => Err(format!("must be one of {listed}, found \"{text}\"")),
        other => Err(format!(
            "must be one of {listed}, found {}",
            value_kind(other)
        )),
    }
}

fn status_code(value: &Value) -> Result<(), String> {
    match value.as_u64() {
        Some(100..=599) => Ok(()),
        _ => Err(format!(
            "must be an HTTP status code (an integer from 100 to 599), found {}",
            display(value)
        )),
    }
}

/// The kind of `length` / `range` bounds.
#[derive(Clone, Copy)]
enum Limit {
    /// `length`: non-negative integers.
    Count,
    /// `range`: any number.
    Number,
}

fn bounds(value: &Value, limit: Limit) -> Result<(), String> {
    let fields = object(value)?;
    let mut found = [None, None];
    for (slot, key) in found.iter_mut().zip(["min", "max"]) {
        let Some(bound) = fields.get(key) else {
            continue;
        };
        let number = match limit {
            Limit::Count => bound.as_u64().map(|n| n as f64),
            Limit::Number => bound.as_f64(),
        };
        let expected = match limit {
            Limit::Count => "a non-negative integer",
            Limit::Number => "a number",
        };
        *slot = Some(
            number
                .ok_or_else(|| format!("`{key}` must be {expected}, found {}", display(bound)))?,
        );
    }
    match found {
        [None, None] => Err("must set `min`, `max` or both".to_owned()),
        [Some(min), Some(max)] if min > max => {
            Err(format!("has `min` ({min}) greater than `max` ({max})"))
        }
        _ => Ok(()),
    }
}

fn auth(value: &Value) -> Result<(), String> {
    let Value::Array(schemes) = value else {
        return Err(format!(
            "must be a list of auth scheme shape ids, found {}",
            value_kind(value)
        ));
    };
    for (index, scheme) in schemes.iter().enumerate() {
        if scheme.as_str().and_then(ShapeId::parse).is_none() {
            return Err(format!(
                "entry {index} must be an auth scheme shape id such as \"aws.auth#sigv4\", found {}",
                display(scheme)
            ));
        }
    }
    Ok(())
}

fn examples(value: &Value) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "must be a list of example objects, found {}",
            value_kind(value)
        ));
    };
    for (index, item) in items.iter().enumerate() {
        example(item).map_err(|problem| format!("entry {index}: {problem}"))?;
    }
    Ok(())
}

fn example(item: &Value) -> Result<(), String> {
    let fields = object(item)?;
    required(fields, "title", string)?;
    optional(fields, "documentation", string)?;
    optional(fields, "input", is_object)?;
    optional(fields, "output", is_object)?;
    optional(fields, "error", |error| {
        let fields = object(error)?;
        required(fields, "shapeId", |id| {
            match id.as_str().map(ShapeId::parse) {
                Some(Some(_)) => Ok(()),
                _ => Err(format!("must be a shape id, found {}", display(id))),
            }
        })?;
        optional(fields, "content", is_object)
    })?;
    optional(fields, "allowConstraintErrors", |flag| {
        flag.as_bool()
            .map(drop)
            .ok_or_else(|| format!("must be a boolean, found {}", value_kind(flag)))
    })
}

fn required(
    fields: &Map<String, Value>,
    key: &str,
    check: impl Fn(&Value) -> Result<(), String>,
) -> Result<(), String> {
    match fields.get(key) {
        Some(value) => check(value).map_err(|m| format!("`{key}` {m}")),
        None => Err(format!("is missing the required `{key}`")),
    }
}

fn optional(
    fields: &Map<String, Value>,
    key: &str,
    check: impl Fn(&Value) -> Result<(), String>,
) -> Result<(), String> {
    match fields.get(key) {
        Some(value) => check(value).map_err(|m| format!("`{key}` {m}")),
        None => Ok(()),
    }
}

/// A short rendering of a value for messages: scalars verbatim, containers by kind.
fn display(value: &Value) -> String {
    match value {
        Value::Array(_) | Value::Object(_) => value_kind(value).to_owned(),
        scalar => scalar.to_string(),
    }
}
