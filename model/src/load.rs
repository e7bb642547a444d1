//! Entry points: JSON AST text or file -> validated [`Model`].
//!
//! Loading runs in phases, each in its own module: build every shape from its JSON (`shapes`),
//! add the prelude, merge `apply` entries (`apply`), derive enum values (`enums`), check the
//! form of every trait with a typed accessor (`trait_forms`), and finally check every reference
//! between shapes (`references`). Whatever survives is safe for the accessors in
//! [`crate::traits`] and for code generation to walk without further checks.

mod apply;
mod enums;
mod references;
mod shapes;
mod trait_forms;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::ModelError;
use crate::json::{Node, Object};
use crate::prelude;
use crate::shape::{Model, Shape, ShapeId};

/// The `smithy` versions this loader understands.
const SUPPORTED_VERSIONS: [&str; 4] = ["1.0", "1.1", "2", "2.0"];

/// Reads and loads a model file; every error message starts with the file's path.
pub fn load_file(path: &Path) -> Result<Model, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        ModelError::general(format!("cannot read the model file: {error}")).in_file(path)
    })?;
    load_str(&text).map_err(|error| error.in_file(path))
}

/// Loads a model from Smithy JSON AST text, prelude included, and validates it.
pub fn load_str(json: &str) -> Result<Model, ModelError> {
    let root =
        Node::parse(json).map_err(|error| ModelError::general(format!("invalid JSON: {error}")))?;
    let root = root.object("the model").map_err(ModelError::general)?;
    check_version(root)?;
    let metadata = metadata(root)?;

    let mut shapes = BTreeMap::new();
    let mut applies = Vec::new();
    if let Some(node) = root.get("shapes") {
        let entries = node.object("`shapes`").map_err(ModelError::general)?;
        for (key, body) in entries.entries() {
            let body = body
                .object("the shape")
                .map_err(|m| ModelError::at_shape(key, m))?;
            let type_name = body
                .required("type", "the shape")
                .and_then(|node| node.string("`type`"))
                .map_err(|m| ModelError::at_shape(key, m))?;
            if type_name == "apply" {
                applies.push(apply::parse(key, body)?);
                continue;
            }
            let id = parse_shape_id(key)?;
            if prelude::is_prelude(&id) {
                return Err(ModelError::at_shape(
                    &id,
                    format!(
                        "the `{}` namespace is reserved for the prelude and cannot be defined by a model",
                        prelude::NAMESPACE
                    ),
                ));
            }
            let shape = shapes::build(id, body, type_name)?;
            shapes.insert(shape.id.clone(), shape);
        }
    }
    shapes.extend(
        prelude::shapes()
            .into_iter()
            .map(|shape| (shape.id.clone(), shape)),
    );

    for entry in applies {
        apply::apply(&mut shapes, entry)?;
    }
    for shape in shapes.values_mut() {
        enums::finish(shape)?;
        trait_forms::check_shape(shape)?;
    }
    references::check(&shapes)?;
    Ok(Model { shapes, metadata })
}

/// Parses a `shapes` key that must be a plain (non-member) shape id.
fn parse_shape_id(text: &str) -> Result<ShapeId, ModelError> {
    ShapeId::parse(text).ok_or_else(|| {
        ModelError::at_shape(
            text,
            "invalid shape id: expected an absolute id such as `namespace#Name`",
        )
    })
}

fn check_version(root: Object<'_>) -> Result<(), ModelError> {
    let version = root
        .required("smithy", "the model")
        .and_then(|node| node.string("the `smithy` version"))
        .map_err(ModelError::general)?;
    if SUPPORTED_VERSIONS.contains(&version) {
        Ok(())
    } else {
        Err(ModelError::general(format!(
            "unsupported Smithy version `{version}`: expected one of {}",
            SUPPORTED_VERSIONS.map(|v| format!("`{v}`")).join(", ")
        )))
    }
}

fn metadata(root: Object<'_>) -> Result<BTreeMap<String, serde_json::Value>, ModelError> {
    let Some(node) = root.get("metadata") else {
        return Ok(BTreeMap::new());
    };
    let entries = node.object("`metadata`").map_err(ModelError::general)?;
    Ok(entries
        .entries()
        .iter()
        .map(|(key, value)| (key.clone(), value.to_value()))
        .collect())
}

/// "a string", "an operation": the shape type with its indefinite article, for messages.
pub(crate) fn described(shape: &Shape) -> String {
    let name = shape.kind.type_name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}
