//! The Smithy prelude shapes every model may target without defining them.

use serde_json::Value;

use crate::shape::{Shape, ShapeId, ShapeKind, SimpleType};
use crate::traits::{ids, Traits};

/// The prelude namespace; models may not define shapes in it.
pub(crate) const NAMESPACE: &str = "smithy.api";

/// The trait that marks `smithy.api#Unit`.
const UNIT_TYPE: &str = "smithy.api#unitType";

/// True when `id` is in the prelude namespace.
pub(crate) fn is_prelude(id: &ShapeId) -> bool {
    id.namespace() == NAMESPACE
}

/// Every prelude shape: the boxed simple types, the primitive variants with their zero
/// defaults, and `Unit`.
pub(crate) fn shapes() -> Vec<Shape> {
    let boxed = [
        ("String", SimpleType::String),
        ("Blob", SimpleType::Blob),
        ("Boolean", SimpleType::Boolean),
        ("Byte", SimpleType::Byte),
        ("Short", SimpleType::Short),
        ("Integer", SimpleType::Integer),
        ("Long", SimpleType::Long),
        ("Float", SimpleType::Float),
        ("Double", SimpleType::Double),
        ("BigInteger", SimpleType::BigInteger),
        ("BigDecimal", SimpleType::BigDecimal),
        ("Timestamp", SimpleType::Timestamp),
        ("Document", SimpleType::Document),
    ];
    let primitive = [
        ("PrimitiveBoolean", SimpleType::Boolean, Value::Bool(false)),
        ("PrimitiveByte", SimpleType::Byte, Value::from(0)),
        ("PrimitiveShort", SimpleType::Short, Value::from(0)),
        ("PrimitiveInteger", SimpleType::Integer, Value::from(0)),
        ("PrimitiveLong", SimpleType::Long, Value::from(0)),
        ("PrimitiveFloat", SimpleType::Float, Value::from(0)),
        ("PrimitiveDouble", SimpleType::Double, Value::from(0)),
    ];

    let mut shapes: Vec<Shape> = boxed
        .into_iter()
        .map(|(name, simple)| shape(name, ShapeKind::Simple(simple), Traits::default()))
        .collect();
    shapes.extend(primitive.into_iter().map(|(name, simple, default)| {
        shape(
            name,
            ShapeKind::Simple(simple),
            with_trait(ids::DEFAULT, default),
        )
    }));
    shapes.push(shape(
        "Unit",
        ShapeKind::Structure {
            members: Vec::new(),
        },
        with_trait(UNIT_TYPE, Value::Object(serde_json::Map::new())),
    ));
    shapes
}

fn shape(name: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape {
        id: ShapeId::from_parts(NAMESPACE, name),
        kind,
        traits,
    }
}

fn with_trait(id: &str, value: Value) -> Traits {
    let mut traits = Traits::default();
    traits.raw.insert(id.to_owned(), value);
    traits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(name: &str) -> Shape {
        match shapes().into_iter().find(|shape| shape.id.name() == name) {
            Some(shape) => shape,
            None => panic!("prelude lacks {name}"),
        }
    }

    #[test]
    fn has_every_prelude_shape_once() {
        let mut names: Vec<String> = shapes().iter().map(|shape| shape.id.to_string()).collect();
        assert_eq!(names.len(), 21);
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 21);
        assert!(shapes().iter().all(|shape| is_prelude(&shape.id)));
    }

    #[test]
    fn primitives_carry_zero_defaults() {
        assert_eq!(
            find("PrimitiveInteger").traits.default_value(),
            Some(&Value::from(0))
        );
        assert_eq!(
            find("PrimitiveBoolean").traits.default_value(),
            Some(&Value::Bool(false))
        );
        assert_eq!(
            find("PrimitiveDouble").kind,
            ShapeKind::Simple(SimpleType::Double)
        );
        assert_eq!(find("Integer").traits.default_value(), None);
    }

    #[test]
    fn unit_is_an_empty_structure() {
        let unit = find("Unit");
        assert_eq!(unit.id.to_string(), "smithy.api#Unit");
        assert!(unit.members().is_empty());
        assert!(unit.traits.has(UNIT_TYPE));
    }
}
