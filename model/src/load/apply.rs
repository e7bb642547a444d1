//! `apply` entries: traits added to a shape or member defined elsewhere in the model.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shapes;
use crate::error::ModelError;
use crate::json::Object;
use crate::prelude;
use crate::shape::{is_identifier, Shape, ShapeId, ShapeKind};
use crate::traits::Traits;

/// A parsed `apply` entry.
pub(super) struct Apply {
    target: ShapeId,
    member: Option<String>,
    traits: Traits,
}

/// Parses the `apply` entry keyed `key` (`ns#Shape` or `ns#Shape$member`).
pub(super) fn parse(key: &str, body: Object<'_>) -> Result<Apply, ModelError> {
    let (shape, member) = match key.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (key, None),
    };
    let target = ShapeId::parse(shape)
        .filter(|_| member.is_none_or(is_identifier))
        .ok_or_else(|| {
            ModelError::at_shape(
                key,
                "invalid shape id: expected `namespace#Name` or `namespace#Name$member`",
            )
        })?;
    let traits = body
        .required("traits", "an `apply` entry")
        .and_then(|node| shapes::traits(Some(node)))
        .map_err(|m| ModelError::at(&target, member, m))?;
    Ok(Apply {
        target,
        member: member.map(str::to_owned),
        traits,
    })
}

/// Merges the entry's traits into its target, which must exist outside the prelude.
pub(super) fn apply(shapes: &mut BTreeMap<ShapeId, Shape>, entry: Apply) -> Result<(), ModelError> {
    let member = entry.member.as_deref();
    let fail = |message: &str| {
        ModelError::at(
            &entry.target,
            member,
            format!("cannot apply traits: {message}"),
        )
    };
    if prelude::is_prelude(&entry.target) {
        return Err(fail("prelude shapes cannot be modified"));
    }
    let Some(shape) = shapes.get_mut(&entry.target) else {
        return Err(fail(&format!("`{}` is not defined", entry.target)));
    };
    let traits = match member {
        None => &mut shape.traits,
        Some(name) => member_traits(shape, name)
            .ok_or_else(|| fail(&format!("`{}` has no member `{name}`", entry.target)))?,
    };
    for (id, value) in entry.traits.raw {
        merge(traits, id, value).map_err(|m| fail(&m))?;
    }
    Ok(())
}

/// The traits of member `name` of `shape`, whatever kind of aggregate it is.
fn member_traits<'a>(shape: &'a mut Shape, name: &str) -> Option<&'a mut Traits> {
    match &mut shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members
            .iter_mut()
            .find(|member| member.name == name)
            .map(|member| &mut member.traits),
        ShapeKind::List { member, .. } => (member.name == name).then_some(&mut member.traits),
        ShapeKind::Map { key, value } => [key, value]
            .into_iter()
            .find(|member| member.name == name)
            .map(|member| &mut member.traits),
        ShapeKind::Enum { values } => values
            .iter_mut()
            .find(|value| value.name == name)
            .map(|value| &mut value.traits),
        ShapeKind::IntEnum { values } => values
            .iter_mut()
            .find(|value| value.name == name)
            .map(|value| &mut value.traits),
        ShapeKind::Simple(_)
        | ShapeKind::Operation(_)
        | ShapeKind::Service(_)
        | ShapeKind::Resource(_) => None,
    }
}

/// Smithy's conflict rule: equal values merge, lists concatenate, anything else conflicts.
fn merge(traits: &mut Traits, id: String, value: Value) -> Result<(), String> {
    match (traits.raw.get_mut(&id), value) {
        (None, value) => {
            traits.raw.insert(id, value);
            Ok(())
        }
        (Some(Value::Array(existing)), Value::Array(more)) => {
            existing.extend(more);
            Ok(())
        }
        (Some(existing), value) if *existing == value => Ok(()),
        (Some(_), _) => Err(format!("trait `{id}` is already set to a different value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_follows_the_conflict_rules() {
        let mut traits = Traits::default();
        let tags = "smithy.api#tags".to_owned();
        let docs = "smithy.api#documentation".to_owned();
        assert_eq!(
            merge(&mut traits, tags.clone(), serde_json::json!(["a"])),
            Ok(())
        );
        assert_eq!(
            merge(&mut traits, tags.clone(), serde_json::json!(["b"])),
            Ok(())
        );
        assert_eq!(traits.get(&tags), Some(&serde_json::json!(["a", "b"])));
        assert_eq!(
            merge(&mut traits, docs.clone(), serde_json::json!("x")),
            Ok(())
        );
        assert_eq!(
            merge(&mut traits, docs.clone(), serde_json::json!("x")),
            Ok(())
        );
        assert_eq!(
            merge(&mut traits, docs, serde_json::json!("y")),
            Err("trait `smithy.api#documentation` is already set to a different value".to_owned())
        );
    }
}
