//! String enums and integer enums.
//!
//! ```ignore
//! #[non_exhaustive]
//! #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
//! pub enum Algorithm { Es384, Rs256, Unknown(String) }
//! impl Algorithm { pub fn as_str(&self) -> &str { .. } pub const fn values() -> &'static [&'static str] { .. } }
//! impl From<&str> for Algorithm { .. }   // never fails: unknown values land in `Unknown`
//! ```
//!
//! Variants keep model order. The `Unknown` variant keeps values that AWS added after the
//! model was generated, so parsing a response never fails on a new enum value.

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::{Shape, ShapeKind};

use super::{doc_attrs, shape_docs};
use crate::naming;
use crate::plan::{Plan, TypePath};
use crate::CodegenError;

/// Emits a string enum.
pub(crate) fn emit_enum(
    _plan: &Plan<'_>,
    shape: &Shape,
    path: &TypePath,
) -> Result<TokenStream, CodegenError> {
    let ShapeKind::Enum { values } = &shape.kind else {
        return Err(CodegenError::shape(&shape.id, "is not an enum"));
    };
    let name = naming::type_ident(&path.name);
    let docs = shape_docs(shape, &format!("The `{}` enum.", shape.id.name()));
    // Two model names can map to one Rust name (`FOO_BAR`, `FooBar`): the later ones are numbered.
    let names = crate::plan::numbered_variants(values.iter().map(|v| v.name.as_str()));
    let variants: Vec<_> = names
        .iter()
        .zip(values)
        .map(|(name, value)| (naming::type_ident(name), value))
        .collect();
    let definitions = variants.iter().map(|(ident, value)| {
        let docs = doc_attrs(
            value.traits.documentation(),
            &format!("The value {}.", super::code_span(&value.value)),
            &[format!("Smithy: `{}${}`", shape.id, value.name)],
        );
        quote! { #docs #ident, }
    });
    let to_str = variants.iter().map(|(ident, value)| {
        let text = &value.value;
        quote! { #name::#ident => #text, }
    });
    let from_str = variants.iter().map(|(ident, value)| {
        let text = &value.value;
        quote! { #text => #name::#ident, }
    });
    let all: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    Ok(quote! {
        #docs
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name {
            #(#definitions)*
            /// A value this version of the client does not know; the text is kept as received.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Unknown(value) => value,
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#all),*]
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}

/// Emits an integer enum.
pub(crate) fn emit_int_enum(
    _plan: &Plan<'_>,
    shape: &Shape,
    path: &TypePath,
) -> Result<TokenStream, CodegenError> {
    let ShapeKind::IntEnum { values } = &shape.kind else {
        return Err(CodegenError::shape(&shape.id, "is not an intEnum"));
    };
    let name = naming::type_ident(&path.name);
    let docs = shape_docs(shape, &format!("The `{}` integer enum.", shape.id.name()));
    let mut variants = Vec::new();
    for value in values {
        let number = i32::try_from(value.value).map_err(|_| {
            CodegenError::shape(
                &shape.id,
                format!(
                    "value `{}` ({}) does not fit in an i32",
                    value.name, value.value
                ),
            )
        })?;
        variants.push((
            naming::type_ident(&naming::variant_name(&value.name)),
            number,
            value,
        ));
    }
    let definitions = variants.iter().map(|(ident, number, value)| {
        let docs = doc_attrs(
            value.traits.documentation(),
            &format!("The value `{number}`."),
            &[format!("Smithy: `{}${}`", shape.id, value.name)],
        );
        quote! { #docs #ident, }
    });
    let to_int = variants
        .iter()
        .map(|(ident, number, _)| quote! { #name::#ident => #number, });
    let from_int = variants
        .iter()
        .map(|(ident, number, _)| quote! { #number => #name::#ident, });
    let all = variants.iter().map(|(_, number, _)| number);
    Ok(quote! {
        #docs
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name {
            #(#definitions)*
            /// A value this version of the client does not know; the number is kept as received.
            Unknown(i32),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#to_int)*
                    #name::Unknown(value) => *value,
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [i32] {
                &[#(#all),*]
            }
        }

        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => #name::Unknown(other),
                }
            }
        }
    })
}
