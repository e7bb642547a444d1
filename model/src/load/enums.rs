//! Enum values, derived once `apply` has merged every trait: `enum` and `intEnum` members take
//! their value from `smithy.api#enumValue`, and Smithy 1.0 strings with `smithy.api#enum` become
//! [`ShapeKind::Enum`].

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::ModelError;
use crate::json::value_kind;
use crate::shape::{is_identifier, EnumValue, Shape, ShapeKind, SimpleType};
use crate::traits::{ids, Traits};

/// Trait ids the Smithy 1.0 enum definition properties turn into.
const TAGS: &str = "smithy.api#tags";
const INTERNAL: &str = "smithy.api#internal";

/// Derives enum values and lowers `@enum` strings; rejects enum traits anywhere else.
pub(super) fn finish(shape: &mut Shape) -> Result<(), ModelError> {
    let fail = |member: Option<&str>, message: String| ModelError::at(&shape.id, member, message);
    if shape.traits.has(ids::ENUM_VALUE) {
        return Err(fail(None, misplaced_enum_value()));
    }
    if let Some(definitions) = shape.traits.raw.remove(ids::ENUM) {
        if shape.kind != ShapeKind::Simple(SimpleType::String) {
            return Err(fail(
                None,
                format!(
                    "trait `{}` is only valid on string shapes, not on {}",
                    ids::ENUM,
                    super::described(shape)
                ),
            ));
        }
        let values =
            lower(&definitions).map_err(|m| fail(None, format!("trait `{}` {m}", ids::ENUM)))?;
        shape.kind = ShapeKind::Enum { values };
    }
    match &mut shape.kind {
        ShapeKind::Enum { values } => {
            let mut seen = BTreeSet::new();
            for value in values.iter_mut() {
                if let Some(raw) = value.traits.get(ids::ENUM_VALUE) {
                    let Value::String(text) = raw else {
                        return Err(fail(
                            Some(&value.name),
                            format!(
                                "trait `{}` must be a string on an enum member, found {}",
                                ids::ENUM_VALUE,
                                value_kind(raw)
                            ),
                        ));
                    };
                    value.value = text.clone();
                }
                if !seen.insert(value.value.clone()) {
                    return Err(fail(
                        Some(&value.name),
                        format!("duplicate enum value \"{}\"", value.value),
                    ));
                }
            }
        }
        ShapeKind::IntEnum { values } => {
            let mut seen = BTreeSet::new();
            for value in values.iter_mut() {
                let raw = value.traits.get(ids::ENUM_VALUE);
                let Some(number) = raw.and_then(Value::as_i64) else {
                    let found = raw.map_or("nothing", value_kind);
                    return Err(fail(
                        Some(&value.name),
                        format!(
                            "trait `{}` must be an integer on an intEnum member, found {found}",
                            ids::ENUM_VALUE
                        ),
                    ));
                };
                value.value = number;
                if !seen.insert(number) {
                    return Err(fail(
                        Some(&value.name),
                        format!("duplicate intEnum value {number}"),
                    ));
                }
            }
        }
        ShapeKind::Structure { members } | ShapeKind::Union { members } => {
            for member in members.iter() {
                if member.traits.has(ids::ENUM_VALUE) {
                    return Err(fail(Some(&member.name), misplaced_enum_value()));
                }
            }
        }
        ShapeKind::List { member, .. } => {
            if member.traits.has(ids::ENUM_VALUE) {
                return Err(fail(Some(&member.name), misplaced_enum_value()));
            }
        }
        ShapeKind::Map { key, value } => {
            for member in [key, value] {
                if member.traits.has(ids::ENUM_VALUE) {
                    return Err(fail(Some(&member.name), misplaced_enum_value()));
                }
            }
        }
        ShapeKind::Simple(_)
        | ShapeKind::Operation(_)
        | ShapeKind::Service(_)
        | ShapeKind::Resource(_) => {}
    }
    Ok(())
}

fn misplaced_enum_value() -> String {
    format!(
        "trait `{}` is only valid on enum and intEnum members",
        ids::ENUM_VALUE
    )
}

/// Turns the Smithy 1.0 `smithy.api#enum` definitions into enum values. Errors complete the
/// sentence "trait `smithy.api#enum` ...".
fn lower(definitions: &Value) -> Result<Vec<EnumValue>, String> {
    let Value::Array(definitions) = definitions else {
        return Err(format!(
            "must be a list of enum definitions, found {}",
            value_kind(definitions)
        ));
    };
    if definitions.is_empty() {
        return Err("must define at least one value".to_owned());
    }
    let mut names = BTreeSet::new();
    let mut values = Vec::with_capacity(definitions.len());
    for (index, definition) in definitions.iter().enumerate() {
        let value = definition_value(definition).map_err(|m| format!("entry {index}: {m}"))?;
        if !names.insert(value.name.clone()) {
            return Err(format!(
                "entry {index}: duplicate enum name `{}`",
                value.name
            ));
        }
        values.push(value);
    }
    Ok(values)
}

fn definition_value(definition: &Value) -> Result<EnumValue, String> {
    let Value::Object(fields) = definition else {
        return Err(format!(
            "must be an object, found {}",
            value_kind(definition)
        ));
    };
    let value = match fields.get("value") {
        Some(Value::String(value)) => value.clone(),
        Some(other) => {
            return Err(format!(
                "`value` must be a string, found {}",
                value_kind(other)
            ))
        }
        None => return Err("is missing the required `value`".to_owned()),
    };
    let name = match fields.get("name") {
        Some(Value::String(name)) if is_identifier(name) => name.clone(),
        Some(Value::String(name)) => {
            return Err(format!("`name` \"{name}\" is not a valid identifier"))
        }
        Some(other) => {
            return Err(format!(
                "`name` must be a string, found {}",
                value_kind(other)
            ))
        }
        None => derive_name(&value)
            .ok_or_else(|| format!("cannot derive a member name from the value \"{value}\""))?,
    };

    let mut traits = Traits::default();
    if let Some(documentation) = fields.get("documentation") {
        if !documentation.is_string() {
            return Err(format!(
                "`documentation` must be a string, found {}",
                value_kind(documentation)
            ));
        }
        traits
            .raw
            .insert(ids::DOCUMENTATION.to_owned(), documentation.clone());
    }
    if let Some(tags) = fields.get("tags") {
        let valid = tags
            .as_array()
            .is_some_and(|tags| tags.iter().all(Value::is_string));
        if !valid {
            return Err("`tags` must be a list of strings".to_owned());
        }
        if tags
            .as_array()
            .is_some_and(|tags| tags.iter().any(|tag| tag == "internal"))
        {
            traits
                .raw
                .insert(INTERNAL.to_owned(), Value::Object(Map::new()));
        }
        traits.raw.insert(TAGS.to_owned(), tags.clone());
    }
    match fields.get("deprecated") {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => {
            traits
                .raw
                .insert(ids::DEPRECATED.to_owned(), Value::Object(Map::new()));
        }
        Some(other) => {
            return Err(format!(
                "`deprecated` must be a boolean, found {}",
                value_kind(other)
            ))
        }
    }
    Ok(EnumValue {
        name,
        value,
        traits,
    })
}

/// A member name for an unnamed 1.0 enum value, as Smithy's own conversion does it:
/// characters that cannot appear in an identifier become `_` (`foo:bar` -> `foo_bar`), and a
/// leading digit gets a `_` prefix.
fn derive_name(value: &str) -> Option<String> {
    let mut name: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    is_identifier(&name).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names_replace_invalid_characters() {
        assert_eq!(derive_name("foo:bar").as_deref(), Some("foo_bar"));
        assert_eq!(derive_name("t2.micro").as_deref(), Some("t2_micro"));
        assert_eq!(derive_name("1day").as_deref(), Some("_1day"));
        assert_eq!(derive_name("---"), None);
        assert_eq!(derive_name(""), None);
    }

    #[test]
    fn definitions_become_values_with_member_traits() {
        let definitions = serde_json::json!([
            {"value": "a-b", "documentation": "Docs.", "deprecated": true},
            {"value": "c", "name": "SEE", "tags": ["internal"]}
        ]);
        let values = match lower(&definitions) {
            Ok(values) => values,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(values.len(), 2);
        assert_eq!(
            (values[0].name.as_str(), values[0].value.as_str()),
            ("a_b", "a-b")
        );
        assert_eq!(values[0].traits.documentation(), Some("Docs."));
        assert!(values[0].traits.deprecated().is_some());
        assert_eq!(
            (values[1].name.as_str(), values[1].value.as_str()),
            ("SEE", "c")
        );
        assert!(values[1].traits.has(INTERNAL));
    }

    #[test]
    fn bad_definitions_are_explained() {
        let cases = [
            (
                serde_json::json!("x"),
                "must be a list of enum definitions, found a string",
            ),
            (serde_json::json!([]), "must define at least one value"),
            (
                serde_json::json!([{"name": "A"}]),
                "entry 0: is missing the required `value`",
            ),
            (
                serde_json::json!([{"value": 1}]),
                "entry 0: `value` must be a string, found a number",
            ),
            (
                serde_json::json!([{"value": "a"}, {"value": "b", "name": "a"}]),
                "entry 1: duplicate enum name `a`",
            ),
            (
                serde_json::json!([{"value": "?"}]),
                "entry 0: cannot derive a member name from the value \"?\"",
            ),
        ];
        for (definitions, expected) in cases {
            assert_eq!(
                lower(&definitions).err().as_deref(),
                Some(expected),
                "{definitions}"
            );
        }
    }
}
