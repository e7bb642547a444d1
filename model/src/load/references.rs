//! Checks every reference between shapes: it must point at a defined shape of a kind that
//! makes sense there (members at data shapes, inputs at structures, errors at error
//! structures, bindings at operations and resources).

use std::collections::BTreeMap;

use super::described;
use crate::error::ModelError;
use crate::shape::{Member, Shape, ShapeId, ShapeKind, SimpleType};
use crate::traits::ids;

/// What a reference must point at.
#[derive(Clone, Copy)]
enum Expected {
    /// Any shape a member may target.
    Data,
    /// A string or enum (map keys).
    MapKey,
    /// A structure (operation input and output).
    Structure,
    /// A structure with `smithy.api#error`.
    Error,
    /// An operation.
    Operation,
    /// A resource.
    Resource,
}

/// Checks all references of all shapes, in shape id order.
pub(super) fn check(shapes: &BTreeMap<ShapeId, Shape>) -> Result<(), ModelError> {
    for shape in shapes.values() {
        check_shape(shapes, shape)?;
    }
    for shape in shapes.values() {
        check_collection_cycle(shapes, shape)?;
    }
    Ok(())
}

/// Smithy allows recursion only through a structure or union: a list or map that contains
/// itself through lists and maps alone (`list L { member: L }`) has no finite value.
fn check_collection_cycle(
    shapes: &BTreeMap<ShapeId, Shape>,
    start: &Shape,
) -> Result<(), ModelError> {
    let next = |shape: &Shape| -> Vec<ShapeId> {
        match &shape.kind {
            ShapeKind::List { member, .. } => vec![member.target.clone()],
            ShapeKind::Map { key, value } => vec![key.target.clone(), value.target.clone()],
            _ => Vec::new(),
        }
    };
    if next(start).is_empty() {
        return Ok(());
    }
    let mut stack = next(start);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id == start.id {
            return Err(ModelError::at_shape(
                &start.id,
                "contains itself through lists and maps only; recursion must go through a structure or union",
            ));
        }
        if seen.insert(id.clone()) {
            if let Some(shape) = shapes.get(&id) {
                stack.extend(next(shape));
            }
        }
    }
    Ok(())
}

fn check_shape(shapes: &BTreeMap<ShapeId, Shape>, shape: &Shape) -> Result<(), ModelError> {
    let at_shape = |role: &str, target: &ShapeId, expected: Expected| {
        check_target(shapes, target, expected).map_err(|problem| {
            ModelError::at_shape(&shape.id, format!("{role} `{target}` {problem}"))
        })
    };
    let at_member = |member: &Member, expected: Expected| {
        check_target(shapes, &member.target, expected).map_err(|problem| {
            ModelError::at(
                &shape.id,
                Some(&member.name),
                format!("targets `{}`, which {problem}", member.target),
            )
        })
    };
    match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => {
            for member in members {
                at_member(member, Expected::Data)?;
            }
        }
        ShapeKind::List { member, .. } => at_member(member, Expected::Data)?,
        ShapeKind::Map { key, value } => {
            at_member(key, Expected::MapKey)?;
            at_member(value, Expected::Data)?;
        }
        ShapeKind::Operation(operation) => {
            for (role, target) in [("input", &operation.input), ("output", &operation.output)] {
                if let Some(target) = target {
                    at_shape(role, target, Expected::Structure)?;
                }
            }
            for error in &operation.errors {
                at_shape("error", error, Expected::Error)?;
            }
        }
        ShapeKind::Service(service) => {
            for operation in &service.operations {
                at_shape("operation", operation, Expected::Operation)?;
            }
            for resource in &service.resources {
                at_shape("resource", resource, Expected::Resource)?;
            }
            for error in &service.errors {
                at_shape("error", error, Expected::Error)?;
            }
        }
        ShapeKind::Resource(resource) => {
            for operation in &resource.operations {
                at_shape("operation", operation, Expected::Operation)?;
            }
            for child in &resource.resources {
                at_shape("resource", child, Expected::Resource)?;
            }
        }
        ShapeKind::Simple(_) | ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. } => {}
    }
    Ok(())
}

/// Describes what is wrong with `target` ("is not defined", "is a string, not ..."), if anything.
fn check_target(
    shapes: &BTreeMap<ShapeId, Shape>,
    target: &ShapeId,
    expected: Expected,
) -> Result<(), String> {
    let Some(shape) = shapes.get(target) else {
        return Err("is not defined".to_owned());
    };
    let fits = match expected {
        Expected::Data => !matches!(
            shape.kind,
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_)
        ),
        Expected::MapKey => matches!(
            shape.kind,
            ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum { .. }
        ),
        Expected::Structure => matches!(shape.kind, ShapeKind::Structure { .. }),
        Expected::Error => {
            matches!(shape.kind, ShapeKind::Structure { .. }) && shape.traits.has(ids::ERROR)
        }
        Expected::Operation => matches!(shape.kind, ShapeKind::Operation(_)),
        Expected::Resource => matches!(shape.kind, ShapeKind::Resource(_)),
    };
    if fits {
        return Ok(());
    }
    let wanted = match expected {
        Expected::Data => "a data shape (members cannot target operations, services or resources)",
        Expected::MapKey => "a string or enum (map keys must be strings)",
        Expected::Structure => "a structure",
        Expected::Error => "a structure with the `smithy.api#error` trait",
        Expected::Operation => "an operation",
        Expected::Resource => "a resource",
    };
    Err(format!("is {}, not {wanted}", described(shape)))
}
