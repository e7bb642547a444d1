//! Builds one [`Shape`] from its JSON AST body.
//!
//! Only the form of the JSON is checked here (properties present, of the right JSON type,
//! shape ids well formed); whether targets exist is `references`' job, and trait values are
//! checked by `trait_forms` once `apply` has merged everything.

use crate::error::ModelError;
use crate::json::{Node, Object};
use crate::shape::{
    is_identifier, EnumValue, IntEnumValue, Member, MemberId, Operation, Resource, Service, Shape,
    ShapeId, ShapeKind, SimpleType,
};
use crate::traits::Traits;

/// The target every enum and intEnum member must have.
const UNIT: &str = "smithy.api#Unit";

/// Builds the shape `id` of JSON AST type `type_name` from its `body`.
pub(super) fn build(id: ShapeId, body: Object<'_>, type_name: &str) -> Result<Shape, ModelError> {
    let fail = |message: String| ModelError::at_shape(&id, message);
    if let Some(mixins) = body.get("mixins") {
        if !mixins.array("`mixins`").map_err(fail)?.is_empty() {
            return Err(fail(
                "mixins are not supported: flatten the model before loading it".to_owned(),
            ));
        }
    }
    let traits = traits(body.get("traits")).map_err(fail)?;
    let kind = match type_name {
        "list" | "set" => ShapeKind::List {
            member: member(
                &id,
                "member",
                body.required("member", "a list").map_err(fail)?,
            )?,
            unique: type_name == "set",
        },
        "map" => ShapeKind::Map {
            key: member(&id, "key", body.required("key", "a map").map_err(fail)?)?,
            value: member(&id, "value", body.required("value", "a map").map_err(fail)?)?,
        },
        "structure" => ShapeKind::Structure {
            members: members(&id, body)?,
        },
        "union" => ShapeKind::Union {
            members: members(&id, body)?,
        },
        "enum" => ShapeKind::Enum {
            values: enum_members(&id, body)?
                .into_iter()
                .map(|member| EnumValue {
                    // The real value comes from `smithy.api#enumValue`, which `apply` may still
                    // add; `enums::finish` derives it once all traits are merged.
                    value: member.name.clone(),
                    name: member.name,
                    traits: member.traits,
                })
                .collect(),
        },
        "intEnum" => ShapeKind::IntEnum {
            values: enum_members(&id, body)?
                .into_iter()
                .map(|member| IntEnumValue {
                    // Derived by `enums::finish`, as for `enum`.
                    value: 0,
                    name: member.name,
                    traits: member.traits,
                })
                .collect(),
        },
        "operation" => ShapeKind::Operation(operation(body).map_err(fail)?),
        "service" => ShapeKind::Service(service(body).map_err(fail)?),
        "resource" => ShapeKind::Resource(resource(body).map_err(fail)?),
        other => match SimpleType::from_type_name(other) {
            Some(simple) => ShapeKind::Simple(simple),
            None => return Err(fail(format!("unknown shape type `{other}`"))),
        },
    };
    Ok(Shape { id, kind, traits })
}

/// Parses a `traits` object: absolute trait ids mapped to raw values.
pub(super) fn traits(node: Option<&Node>) -> Result<Traits, String> {
    let mut traits = Traits::default();
    let Some(node) = node else {
        return Ok(traits);
    };
    for (id, value) in node.object("`traits`")?.entries() {
        if ShapeId::parse(id).is_none() {
            return Err(format!(
                "trait id `{id}` is not an absolute shape id such as `smithy.api#documentation`"
            ));
        }
        traits.raw.insert(id.clone(), value.to_value());
    }
    Ok(traits)
}

/// The `members` of a structure or union, in document order (absent means none).
fn members(id: &ShapeId, body: Object<'_>) -> Result<Vec<Member>, ModelError> {
    let Some(node) = body.get("members") else {
        return Ok(Vec::new());
    };
    let entries = node
        .object("`members`")
        .map_err(|m| ModelError::at_shape(id, m))?;
    entries
        .entries()
        .iter()
        .map(|(name, node)| member(id, name, node))
        .collect()
}

/// The members of an enum or intEnum: at least one, each targeting `smithy.api#Unit`.
fn enum_members(id: &ShapeId, body: Object<'_>) -> Result<Vec<Member>, ModelError> {
    let members = members(id, body)?;
    if members.is_empty() {
        return Err(ModelError::at_shape(
            id,
            "an enum must have at least one member",
        ));
    }
    for member in &members {
        if member.target.to_string() != UNIT {
            return Err(ModelError::at(
                id,
                Some(&member.name),
                format!(
                    "enum members must target `{UNIT}`, found `{}`",
                    member.target
                ),
            ));
        }
    }
    Ok(members)
}

/// One member: `{"target": "ns#Shape", "traits": {...}}`.
fn member(container: &ShapeId, name: &str, node: &Node) -> Result<Member, ModelError> {
    let member_id = MemberId {
        container: container.clone(),
        member: name.to_owned(),
    };
    let fail = |message: String| ModelError::at_member(&member_id, message);
    if !is_identifier(name) {
        return Err(fail(
            "invalid member name: expected letters, digits and `_`, starting with a letter"
                .to_owned(),
        ));
    }
    let body = node.object("the member").map_err(fail)?;
    let target = body
        .required("target", "the member")
        .and_then(|node| node.string("`target`"))
        .map_err(fail)?;
    let target = ShapeId::parse(target).ok_or_else(|| {
        fail(format!(
            "target `{target}` is not a valid shape id (expected `namespace#Name`)"
        ))
    })?;
    let traits = traits(body.get("traits")).map_err(fail)?;
    Ok(Member {
        name: name.to_owned(),
        target,
        traits,
    })
}

fn operation(body: Object<'_>) -> Result<Operation, String> {
    Ok(Operation {
        input: reference(body, "input")?,
        output: reference(body, "output")?,
        errors: references(body, "errors")?,
    })
}

fn service(body: Object<'_>) -> Result<Service, String> {
    if let Some(rename) = body.get("rename") {
        if !rename.object("`rename`")?.entries().is_empty() {
            return Err("service `rename` is not supported".to_owned());
        }
    }
    let version = match body.get("version") {
        Some(node) => node.string("`version`")?.to_owned(),
        None => String::new(),
    };
    Ok(Service {
        version,
        operations: references(body, "operations")?,
        resources: references(body, "resources")?,
        errors: references(body, "errors")?,
    })
}

/// Lifecycle properties, in the order their operations are collected.
const LIFECYCLE: [&str; 6] = ["create", "put", "read", "update", "delete", "list"];

fn resource(body: Object<'_>) -> Result<Resource, String> {
    let mut operations = Vec::new();
    for key in LIFECYCLE {
        operations.extend(reference(body, key)?);
    }
    operations.extend(references(body, "operations")?);
    operations.extend(references(body, "collectionOperations")?);
    Ok(Resource {
        operations,
        resources: references(body, "resources")?,
    })
}

/// An optional `{"target": ...}` property.
fn reference(body: Object<'_>, key: &str) -> Result<Option<ShapeId>, String> {
    body.get(key)
        .map(|node| target(node, &format!("`{key}`")))
        .transpose()
}

/// An optional list of `{"target": ...}`.
fn references(body: Object<'_>, key: &str) -> Result<Vec<ShapeId>, String> {
    let Some(node) = body.get(key) else {
        return Ok(Vec::new());
    };
    node.array(&format!("`{key}`"))?
        .iter()
        .enumerate()
        .map(|(index, item)| target(item, &format!("`{key}[{index}]`")))
        .collect()
}

fn target(node: &Node, what: &str) -> Result<ShapeId, String> {
    let text = node
        .object(what)?
        .required("target", what)?
        .string(&format!("{what} target"))?;
    ShapeId::parse(text).ok_or_else(|| {
        format!("{what} target `{text}` is not a valid shape id (expected `namespace#Name`)")
    })
}
