//! The typed shape graph: plain data, no Rust naming, no protocol logic.

use std::collections::BTreeMap;
use std::fmt;

use crate::traits::Traits;

/// An absolute Smithy shape id, such as `com.amazonaws.sts#AssumeRole`.
///
/// Member ids (`ns#Shape$member`) are represented by [`MemberId`] instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
}

impl ShapeId {
    /// Parses `namespace#Name`; returns `None` when the text is not an absolute shape id.
    ///
    /// The name and every dot-separated namespace part must be Smithy identifiers: a letter or
    /// `_` followed by letters, digits and `_` (a leading `_` needs at least one more letter or
    /// digit). Member ids (`ns#Shape$member`) are rejected.
    pub fn parse(text: &str) -> Option<ShapeId> {
        let (namespace, name) = text.split_once('#')?;
        let valid = is_identifier(name) && namespace.split('.').all(is_identifier);
        valid.then(|| ShapeId::from_parts(namespace, name))
    }

    /// Builds an id from parts already known to be valid (the prelude's constants).
    pub(crate) fn from_parts(namespace: &str, name: &str) -> ShapeId {
        ShapeId {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The namespace part, before `#`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, after `#`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

/// True when `text` is a Smithy identifier (shape names, namespace parts, member names).
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let valid_chars = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match chars.next() {
        Some(first) if first.is_ascii_alphabetic() => valid_chars,
        Some('_') => valid_chars && chars.any(|c| c.is_ascii_alphanumeric()),
        _ => false,
    }
}

/// A member id, `ns#Shape$member`, used in error messages and traceability.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemberId {
    /// The containing shape.
    pub container: ShapeId,
    /// The member name.
    pub member: String,
}

impl fmt::Display for MemberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}${}", self.container, self.member)
    }
}

/// The kind of a simple (scalar) shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleType {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string` (without the enum trait; Smithy 1.0 `@enum` strings are lowered to [`ShapeKind::Enum`])
    String,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
}

impl SimpleType {
    /// Every simple type, in the order the Smithy specification lists them.
    pub const ALL: [SimpleType; 13] = [
        SimpleType::Blob,
        SimpleType::Boolean,
        SimpleType::String,
        SimpleType::Byte,
        SimpleType::Short,
        SimpleType::Integer,
        SimpleType::Long,
        SimpleType::Float,
        SimpleType::Double,
        SimpleType::BigInteger,
        SimpleType::BigDecimal,
        SimpleType::Timestamp,
        SimpleType::Document,
    ];

    /// The Smithy type name as written in the JSON AST (`bigInteger`, `timestamp`, ...).
    pub fn type_name(self) -> &'static str {
        match self {
            SimpleType::Blob => "blob",
            SimpleType::Boolean => "boolean",
            SimpleType::String => "string",
            SimpleType::Byte => "byte",
            SimpleType::Short => "short",
            SimpleType::Integer => "integer",
            SimpleType::Long => "long",
            SimpleType::Float => "float",
            SimpleType::Double => "double",
            SimpleType::BigInteger => "bigInteger",
            SimpleType::BigDecimal => "bigDecimal",
            SimpleType::Timestamp => "timestamp",
            SimpleType::Document => "document",
        }
    }

    /// The simple type with this Smithy type name, if any.
    pub fn from_type_name(name: &str) -> Option<SimpleType> {
        SimpleType::ALL
            .into_iter()
            .find(|simple| simple.type_name() == name)
    }
}

/// A member of an aggregate shape (structure, union, list, map, enum, intEnum).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name as written in the model (`RoleArn`, `member`, `key`, `value`).
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The member's own traits (after `apply`).
    pub traits: Traits,
}

/// One value of an `enum` shape.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The member name (`SHA256`).
    pub name: String,
    /// The wire value (`smithy.api#enumValue`, defaulting to the member name).
    pub value: String,
    /// The member's traits (documentation, deprecated, ...).
    pub traits: Traits,
}

/// One value of an `intEnum` shape.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnumValue {
    /// The member name.
    pub name: String,
    /// The wire value (`smithy.api#enumValue`, required for intEnum).
    pub value: i64,
    /// The member's traits.
    pub traits: Traits,
}

/// An operation shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The input structure, if any.
    pub input: Option<ShapeId>,
    /// The output structure, if any.
    pub output: Option<ShapeId>,
    /// The modelled errors, in model order.
    pub errors: Vec<ShapeId>,
}

/// A service shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The service `version` property (`2011-06-15`), sent as `Version=` by awsQuery.
    pub version: String,
    /// Operations bound directly to the service.
    pub operations: Vec<ShapeId>,
    /// Resources bound directly to the service.
    pub resources: Vec<ShapeId>,
    /// Service-level errors that every operation can return.
    pub errors: Vec<ShapeId>,
}

/// A resource shape: only its operation bindings matter for code generation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// Every operation bound by the resource's lifecycle properties and `operations`/`collectionOperations`.
    pub operations: Vec<ShapeId>,
    /// Child resources.
    pub resources: Vec<ShapeId>,
}

/// What kind of shape this is, with its kind-specific data.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A scalar shape.
    Simple(SimpleType),
    /// A list (Smithy 1.0 `set` is loaded as a list with `unique` set).
    List {
        /// The `member` member.
        member: Member,
        /// True when the model declared a Smithy 1.0 `set`.
        unique: bool,
    },
    /// A map.
    Map {
        /// The `key` member.
        key: Member,
        /// The `value` member.
        value: Member,
    },
    /// A structure; members in model order.
    Structure {
        /// Members in model declaration order.
        members: Vec<Member>,
    },
    /// A tagged union; members in model order.
    Union {
        /// Members in model declaration order.
        members: Vec<Member>,
    },
    /// A string enum.
    Enum {
        /// Values in model order.
        values: Vec<EnumValue>,
    },
    /// An integer enum.
    IntEnum {
        /// Values in model order.
        values: Vec<IntEnumValue>,
    },
    /// An operation.
    Operation(Operation),
    /// A service.
    Service(Service),
    /// A resource.
    Resource(Resource),
}

impl ShapeKind {
    /// The Smithy type name as written in the JSON AST (`string`, `structure`, `set`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(simple) => simple.type_name(),
            ShapeKind::List { unique: true, .. } => "set",
            ShapeKind::List { unique: false, .. } => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure { .. } => "structure",
            ShapeKind::Union { .. } => "union",
            ShapeKind::Enum { .. } => "enum",
            ShapeKind::IntEnum { .. } => "intEnum",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

/// A shape: its id, kind and traits.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape id.
    pub id: ShapeId,
    /// The kind and kind-specific data.
    pub kind: ShapeKind,
    /// The shape's traits (after `apply`).
    pub traits: Traits,
}

impl Shape {
    /// Members of a structure or union (empty for other kinds).
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            ShapeKind::Structure { members } | ShapeKind::Union { members } => members,
            _ => &[],
        }
    }
}

/// A loaded model: every shape by id (the prelude included), in sorted order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Every shape, keyed by id. A `BTreeMap` so that iteration is deterministic.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The model's `metadata` section, as raw JSON.
    pub metadata: BTreeMap<String, serde_json::Value>,
}
