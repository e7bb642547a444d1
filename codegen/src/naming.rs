//! Every rule for turning a Smithy name into a Rust name.
//!
//! Policy, in one place:
//! - Types and variants are `UpperCamelCase`, fields, methods and modules `snake_case` (heck).
//! - A snake-case name that is a Rust keyword becomes a raw identifier (`r#type`), except the
//!   four keywords that cannot be raw (`self`, `Self`, `super`, `crate`), which get a trailing
//!   underscore (`self_`).
//! - A type name that would shadow a prelude or std item the generated code uses bare
//!   (`Option`, `String`, `Vec`, `Box`, `Result`, ...) or a name the generator itself emits
//!   (`Error`, `Client`, `Config`, ...) gets the suffix `Shape` (`StringShape`).
//! - Identifiers that would start with a digit get a leading `_`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Ident;
use quote::format_ident;

/// Rust keywords (2015-2024 editions, strict and reserved), which need a raw identifier.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified, or emits itself, and so must not be shadowed.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "ToString",
    "ToOwned",
    "Self",
    "Error",
    "Client",
    "Config",
    "Blob",
    "DateTime",
    "Unhandled",
    "ErrorMetadata",
    "SdkError",
    "BTreeMap",
    "Display",
    "Formatter",
    "Unknown",
];

/// The Rust type name for a shape name (`assumeRoleRequest` -> `AssumeRoleRequest`).
pub fn type_name(shape_name: &str) -> String {
    let camel = leading_digit_guard(&shape_name.to_upper_camel_case());
    if RESERVED_TYPE_NAMES.contains(&camel.as_str()) {
        format!("{camel}Shape")
    } else {
        camel
    }
}

/// A type name built from a shape name and a suffix (`AssumeRole` + `Input`); the collision
/// policy applies to the combined name only.
pub fn suffixed_type_name(shape_name: &str, suffix: &str) -> String {
    type_name(&format!("{}{suffix}", shape_name.to_upper_camel_case()))
}

/// Method names the generated code defines on structs, builders and fluent builders. A member
/// whose accessor or setter would take one of these names gets a `_value` suffix instead.
const RESERVED_METHODS: &[&str] = &[
    "build",
    "builder",
    "default",
    "send",
    "as_input",
    "new",
    "clone",
    "fmt",
    "eq",
    "into",
    "from",
    "to_owned",
    "to_string",
    "request_id",
    "meta",
];

/// The accessor / setter name for a member: the field name, unless it would collide with a
/// method the generator emits (`build` -> `build_value`).
pub fn method_ident(member_name: &str) -> Ident {
    let name = snake(member_name);
    if RESERVED_METHODS.contains(&name.as_str()) {
        format_ident!("{}_value", name)
    } else {
        ident_for_snake(&name)
    }
}

/// An enum variant or union variant name (`SHA_256` -> `Sha256`, `0` -> `_0`).
pub fn variant_name(member_name: &str) -> String {
    let camel = leading_digit_guard(&member_name.to_upper_camel_case());
    if camel.is_empty() || camel == "Unknown" || camel == "Self" {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// A snake-case name as written in Rust source, without raw-identifier handling.
pub fn snake(name: &str) -> String {
    leading_digit_guard(&name.to_snake_case())
}

/// An identifier for a field, method or local (`RoleArn` -> `role_arn`, `type` -> `r#type`).
pub fn field_ident(member_name: &str) -> Ident {
    ident_for_snake(&snake(member_name))
}

/// An identifier for a module (`AssumeRole` -> `assume_role`).
pub fn module_ident(name: &str) -> Ident {
    ident_for_snake(&snake(name))
}

/// Turns an already snake-case name into an identifier, applying the keyword policy.
pub fn ident_for_snake(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        format_ident!("{}_", name)
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// A method name built from a prefix and a member (`set_` + `type` -> `set_type`): the
/// combined name is never a keyword, so no raw identifier is needed.
pub fn prefixed_ident(prefix: &str, member_name: &str) -> Ident {
    format_ident!("{}{}", prefix, snake(member_name))
}

/// An identifier for a type name produced by [`type_name`] or [`variant_name`].
pub fn type_ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

fn leading_digit_guard(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let table = [
            ("AssumeRoleRequest", "AssumeRoleRequest"),
            ("accessKeyIdType", "AccessKeyIdType"),
            ("String", "StringShape"),
            ("Option", "OptionShape"),
            ("Error", "ErrorShape"),
            ("Result", "ResultShape"),
            ("Box", "BoxShape"),
            ("IDPRejectedClaimException", "IdpRejectedClaimException"),
            ("3DSecure", "_3dSecure"),
        ];
        for (input, expected) in table {
            assert_eq!(type_name(input), expected, "type_name({input})");
        }
    }

    #[test]
    fn field_idents() {
        let table = [
            ("RoleArn", "role_arn"),
            ("SAMLAssertion", "saml_assertion"),
            ("type", "r#type"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("arn", "arn"),
            ("1st", "_1st"),
        ];
        for (input, expected) in table {
            assert_eq!(
                field_ident(input).to_string(),
                expected,
                "field_ident({input})"
            );
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("SHA256", "Sha256"),
            ("FOO_BAR", "FooBar"),
            ("0", "_0"),
            ("Unknown", "UnknownValue"),
            ("Self", "SelfValue"),
        ];
        for (input, expected) in table {
            assert_eq!(variant_name(input), expected, "variant_name({input})");
        }
    }

    #[test]
    fn method_names_avoid_generated_methods() {
        let table = [
            ("Build", "build_value"),
            ("Default", "default_value"),
            ("Send", "send_value"),
            ("RequestId", "request_id_value"),
            ("RoleArn", "role_arn"),
            ("type", "r#type"),
        ];
        for (input, expected) in table {
            assert_eq!(
                method_ident(input).to_string(),
                expected,
                "method_ident({input})"
            );
        }
    }

    #[test]
    fn prefixed_never_raw() {
        assert_eq!(prefixed_ident("set_", "type").to_string(), "set_type");
        assert_eq!(prefixed_ident("get_", "self").to_string(), "get_self");
    }
}
