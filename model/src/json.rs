//! A JSON tree that keeps object members in document order, plus typed getters whose errors
//! say what was expected and what was found.
//!
//! `serde_json::Value` sorts object keys unless its `preserve_order` feature is enabled, and
//! that feature would silently change key order for every crate in the workspace. Smithy member
//! order is meaningful (it is the order of generated fields), so the loader parses into [`Node`]
//! and converts to `Value` only for trait values, whose key order does not matter.

use std::collections::BTreeSet;
use std::fmt;

use serde_core::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// One JSON value; objects keep their members in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Parses JSON text; errors carry serde_json's line and column. Duplicate object keys are
    /// rejected because `serde_json::Value` would keep only the last one without a word.
    pub(crate) fn parse(text: &str) -> Result<Node, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The JSON type name, for error messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Array(_) => "an array",
            Node::Object(_) => "an object",
        }
    }

    /// Converts to a `serde_json::Value` (object keys end up sorted).
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(value) => Value::Bool(*value),
            Node::Number(value) => Value::Number(value.clone()),
            Node::String(value) => Value::String(value.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    /// The members of an object, or an error naming `what` and the JSON type found.
    pub(crate) fn object(&self, what: &str) -> Result<Object<'_>, String> {
        match self {
            Node::Object(entries) => Ok(Object { entries }),
            other => Err(format!("{what} must be an object, found {}", other.kind())),
        }
    }

    /// The items of an array, or an error naming `what`.
    pub(crate) fn array(&self, what: &str) -> Result<&[Node], String> {
        match self {
            Node::Array(items) => Ok(items),
            other => Err(format!("{what} must be an array, found {}", other.kind())),
        }
    }

    /// The text of a string, or an error naming `what`.
    pub(crate) fn string(&self, what: &str) -> Result<&str, String> {
        match self {
            Node::String(text) => Ok(text),
            other => Err(format!("{what} must be a string, found {}", other.kind())),
        }
    }
}

/// A borrowed JSON object with keyed look-up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Object<'a> {
    entries: &'a [(String, Node)],
}

impl<'a> Object<'a> {
    /// The members in document order.
    pub(crate) fn entries(&self) -> &'a [(String, Node)] {
        self.entries
    }

    /// The value of `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// The value of `key`, or an error saying it is missing from `what`.
    pub(crate) fn required(&self, key: &str, what: &str) -> Result<&'a Node, String> {
        self.get(key)
            .ok_or_else(|| format!("{what} is missing the required `{key}` property"))
    }
}

/// The JSON type name of a `serde_json::Value`, for error messages.
pub(crate) fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Number::from_f64(value)
            .map(Node::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        Ok(Node::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        Ok(Node::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        match Node::parse(text) {
            Ok(node) => node,
            Err(error) => panic!("`{text}` should parse: {error}"),
        }
    }

    #[test]
    fn objects_keep_document_order() {
        let node = parse(r#"{"zeta": 1, "alpha": [true, null], "mid": "x"}"#);
        let keys: Vec<&str> = match &node {
            Node::Object(entries) => entries.iter().map(|(key, _)| key.as_str()).collect(),
            other => panic!("expected an object, got {other:?}"),
        };
        assert_eq!(keys, ["zeta", "alpha", "mid"]);
    }

    #[test]
    fn converts_to_value() {
        let node = parse(r#"{"b": [1, -2, 2.5, "s", false, null], "a": {}}"#);
        assert_eq!(
            node.to_value(),
            serde_json::json!({"a": {}, "b": [1, -2, 2.5, "s", false, null]})
        );
    }

    #[test]
    fn duplicate_keys_are_rejected_with_position() {
        let error = match Node::parse("{\"a\": 1,\n \"a\": 2}") {
            Ok(node) => panic!("duplicate keys accepted: {node:?}"),
            Err(error) => error.to_string(),
        };
        assert_eq!(error, "duplicate key `a` at line 2 column 4");
    }

    #[test]
    fn getters_name_what_was_expected_and_found() {
        let node = parse(r#"{"list": 3}"#);
        let object = match node.object("shape") {
            Ok(object) => object,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(
            object.required("member", "list shape").err().as_deref(),
            Some("list shape is missing the required `member` property")
        );
        let list = object.get("list").map(|value| value.array("`list`"));
        assert_eq!(
            list.and_then(Result::err).as_deref(),
            Some("`list` must be an array, found a number")
        );
        assert_eq!(
            Node::Null.string("`target`").err().as_deref(),
            Some("`target` must be a string, found null")
        );
    }
}
