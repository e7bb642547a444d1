//! Tagged unions.
//!
//! ```ignore
//! #[non_exhaustive]
//! #[derive(Clone, Debug, PartialEq)]
//! pub enum Choice { Name(String), Nested(Box<crate::types::Choice>), Unknown }
//! impl Choice { pub fn as_name(&self) -> Option<&String> { .. } pub fn is_unknown(&self) -> bool { .. } }
//! ```
//!
//! `Unknown` is what the parser produces for a member this version does not know; it cannot be
//! serialized, so sending it is a build error rather than a silently empty request.

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::Shape;

use super::shape_docs;
use super::structure::member_docs_with_id;
use crate::naming;
use crate::plan::Plan;
use crate::CodegenError;

/// Emits a union.
pub(crate) fn emit_union(plan: &Plan<'_>, shape: &Shape) -> Result<TokenStream, CodegenError> {
    let path = plan.type_path(&shape.id)?;
    let name = naming::type_ident(&path.name);
    let docs = shape_docs(shape, &format!("The `{}` union.", shape.id.name()));
    let members = plan.members(shape)?;
    let mut variants = Vec::new();
    let mut accessors = Vec::new();
    for member in &members {
        let variant = member.variant.clone();
        let value_type = plan.rust_type(&member.kind)?;
        let stored = if member.boxed {
            quote!(Box<#value_type>)
        } else {
            value_type.clone()
        };
        let docs = member_docs_with_id(plan, member)?;
        variants.push(quote! { #docs #variant(#stored), });
        // Named after the variant, so a member called `Unknown` (variant `UnknownValue`) does
        // not clash with `is_unknown`.
        let variant_snake = naming::snake(&variant.to_string());
        let as_fn = naming::prefixed_ident("as_", &variant_snake);
        let is_fn = naming::prefixed_ident("is_", &variant_snake);
        let as_doc = format!(" The `{variant}` value, if this is that variant.");
        let is_doc = format!(" True if this is the `{variant}` variant.");
        let deref = if member.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        accessors.push(quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> Option<&#value_type> {
                match self {
                    #name::#variant(value) => Some(#deref),
                    _ => None,
                }
            }

            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                matches!(self, #name::#variant(_))
            }
        });
    }
    let sensitive = plan.has_sensitive_members(&members) || shape.traits.is_sensitive();
    let (derive, debug) = if sensitive {
        let redacted = format!("{name}(*** Sensitive Data Redacted ***)");
        (
            quote!(#[derive(Clone, PartialEq)]),
            Some(quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#redacted)
                    }
                }
            }),
        )
    } else {
        (quote!(#[derive(Clone, Debug, PartialEq)]), None)
    };
    Ok(quote! {
        #docs
        #[non_exhaustive]
        #derive
        pub enum #name {
            #(#variants)*
            /// A member this version of the client does not know. It cannot be sent.
            Unknown,
        }

        impl #name {
            #(#accessors)*

            /// True if this is a member this version of the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown)
            }
        }

        #debug
    })
}
