//! XML response parsers.
//!
//! ```ignore
//! fn parse_response(body: &[u8]) -> Result<AssumeRoleOutput, XmlError> {    // in the operation module
//!     let root = xml::parse(body)?;
//!     root.expect_name("AssumeRoleResponse")?;
//!     let mut builder = AssumeRoleOutputBuilder::default();
//!     for child in root.children() {
//!         match child.name() {
//!             "AssumeRoleResult" => for child in child.children() {
//!                 match child.name() {
//!                     "Credentials" => builder.credentials = Some(crate::xml_de::parse_credentials(child)?),
//!                     _ => {}
//!                 }
//!             },
//!             "ResponseMetadata" => request_id = ..,
//!             _ => {}
//!         }
//!     }
//!     Ok(AssumeRoleOutput { credentials: builder.credentials, .., _request_id: request_id })
//! }
//! ```
//!
//! Unknown elements are skipped at every level. A required member that is missing is filled
//! with its zero value where one exists (Smithy's client error correction: empty string, 0,
//! false, empty list, epoch) and is a parse error otherwise (structures, unions, enums).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use stsgen_model::{Shape, ShapeKind};

use super::error::message_member;
use super::query_ser::{member_kind, timestamp_format_tokens};
use crate::naming;
use crate::plan::{nested_locals, MemberPlan, Plan, Presence, TypeModule, ValueKind};
use crate::CodegenError;

/// `src/xml_de.rs`: parsers for shared structures, unions and errors.
pub(crate) fn xml_de_rs(plan: &Plan<'_>) -> Result<TokenStream, CodegenError> {
    let mut functions = Vec::new();
    for id in &plan.de_shapes {
        let shape = plan.model.expect(id).map_err(CodegenError::Model)?;
        let path = plan.type_path(id)?;
        if path.module == TypeModule::Error {
            functions.push(error_parser(plan, shape)?);
            continue;
        }
        let type_tokens = path.tokens();
        let function = parser_fn(id);
        let doc = format!(" Reads a `{}` from its element.", id.name());
        let body = match &shape.kind {
            ShapeKind::Union { .. } => union_body(plan, shape, &type_tokens)?,
            _ => {
                let members = plan.members(shape)?;
                let builder = path.builder_tokens();
                struct_body(plan, shape, &members, &builder, &type_tokens, None)?
            }
        };
        functions.push(quote! {
            #[doc = #doc]
            pub(crate) fn #function(el: &::stsgen_runtime::xml::Element<'_>) -> Result<#type_tokens, ::stsgen_runtime::xml::XmlError> {
                #body
            }
        });
    }
    Ok(quote! {
        //! XML parsers for the structures, unions and errors that responses contain.
        #(#functions)*
    })
}

/// `parse_<shape>`.
pub(crate) fn parser_fn(id: &stsgen_model::ShapeId) -> Ident {
    format_ident!("parse_{}", naming::snake(id.name()))
}

/// `parse_error_<shape>`: reads an error shape from an `<Error>` element.
pub(crate) fn error_parser_fn(id: &stsgen_model::ShapeId) -> Ident {
    format_ident!("parse_error_{}", naming::snake(id.name()))
}

fn error_parser(plan: &Plan<'_>, shape: &Shape) -> Result<TokenStream, CodegenError> {
    let path = plan.type_path(&shape.id)?;
    let type_tokens = path.tokens();
    let builder = path.builder_tokens();
    let members = plan.members(shape)?;
    let function = error_parser_fn(&shape.id);
    let doc = format!(
        " Reads a `{}` from the `<Error>` element of an error response, keeping its metadata.",
        shape.id.name()
    );
    let message_fill = message_member(plan, shape)?.map(|field| {
        quote! {
            if builder.#field.is_none() {
                builder.#field = meta.message().map(str::to_owned);
            }
        }
    });
    let arms = member_arms(plan, &members, &format_ident!("child"))?;
    let finish = finish_fields(shape, &members)?;
    let (builder_decl, read) = if members.is_empty() {
        (quote! { let _ = el; }, None)
    } else {
        (
            quote! { let mut builder = #builder::default(); },
            child_loop(quote!(el), &arms).map(|read| {
                quote! {
                    if let Some(el) = el {
                        #read
                    }
                }
            }),
        )
    };
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #function(
            el: Option<&::stsgen_runtime::xml::Element<'_>>,
            meta: ::stsgen_runtime::error::ErrorMetadata,
        ) -> Result<#type_tokens, ::stsgen_runtime::xml::XmlError> {
            #builder_decl
            #read
            #message_fill
            Ok(#type_tokens { #(#finish)* _meta: meta })
        }
    })
}

/// Body of a structure parser: read members from `el`'s children into a builder, then finish.
/// `extra` adds fields to the final struct literal (the output's request id).
pub(crate) fn struct_body(
    plan: &Plan<'_>,
    shape: &Shape,
    members: &[MemberPlan<'_>],
    builder: &TokenStream,
    type_tokens: &TokenStream,
    extra: Option<TokenStream>,
) -> Result<TokenStream, CodegenError> {
    if members.is_empty() {
        return Ok(quote! {
            let _ = el;
            Ok(#type_tokens { #extra })
        });
    }
    let attributes = attribute_reads(plan, members)?;
    let arms = member_arms(plan, members, &format_ident!("child"))?;
    let finish = finish_fields(shape, members)?;
    let children_loop = child_loop(quote!(el), &arms);
    Ok(quote! {
        let mut builder = #builder::default();
        #children_loop
        #(#attributes)*
        Ok(#type_tokens { #(#finish)* #extra })
    })
}

/// Members bound to XML attributes of the structure's own element.
fn attribute_reads(
    plan: &Plan<'_>,
    members: &[MemberPlan<'_>],
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    for member in members
        .iter()
        .filter(|m| m.member.traits.is_xml_attribute())
    {
        let field = &member.field;
        let name = member.wire_name();
        let value = match &member.kind {
            ValueKind::String => quote!(value.to_owned()),
            ValueKind::Enum(id) => {
                let path = plan.type_path(id)?.tokens();
                quote!(#path::from(value))
            }
            _ => {
                return Err(CodegenError::shape(
                    member.container,
                    format!(
                        "member `{}` is an XML attribute of a non-string type, which this generator does not support",
                        member.name()
                    ),
                ))
            }
        };
        out.push(quote! {
            builder.#field = el.attr(#name).map(|value| #value);
        });
    }
    Ok(out)
}

/// `(element name, statement)` pairs for the child-element loop: `builder.field = Some(..)`.
pub(crate) fn member_arms(
    plan: &Plan<'_>,
    members: &[MemberPlan<'_>],
    child: &Ident,
) -> Result<Vec<(String, TokenStream)>, CodegenError> {
    let mut arms = Vec::new();
    for member in members
        .iter()
        .filter(|m| !m.member.traits.is_xml_attribute())
    {
        let field = &member.field;
        let name = member.wire_name();
        let flattened = member.member.traits.is_xml_flattened();
        let arm = match (&member.kind, flattened) {
            (ValueKind::List { member: item }, true) => {
                let item_kind = member_kind(plan, item)?;
                let value = read_value(plan, &item_kind, quote!(#child), 0)?;
                quote! { builder.#field.get_or_insert_with(Vec::new).push(#value); }
            }
            (ValueKind::Map { key, value }, true) => {
                let entry = map_entry(plan, key, value, quote!(#child), quote!(entries), 0)?;
                quote! {
                    let entries = builder.#field.get_or_insert_with(::std::collections::BTreeMap::new);
                    #entry
                }
            }
            (kind, _) => {
                let value = read_value(plan, kind, quote!(#child), 0)?;
                quote! { builder.#field = Some(#value); }
            }
        };
        arms.push((name.to_owned(), arm));
    }
    Ok(arms)
}

/// Dispatches each child element of `el` on its name: a `match`, or an `if` for a single name.
pub(crate) fn child_loop(el: TokenStream, arms: &[(String, TokenStream)]) -> Option<TokenStream> {
    match arms {
        [] => None,
        [(name, body)] => Some(quote! {
            for child in #el.children() {
                if child.name() == #name {
                    #body
                }
            }
        }),
        arms => {
            let arms = arms
                .iter()
                .map(|(name, body)| quote! { #name => { #body } });
            Some(quote! {
                for child in #el.children() {
                    match child.name() {
                        #(#arms)*
                        _ => {}
                    }
                }
            })
        }
    }
}

/// The struct-literal fields built from `builder`, with error correction for required members.
pub(crate) fn finish_fields(
    shape: &Shape,
    members: &[MemberPlan<'_>],
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    for member in members {
        let field = &member.field;
        let value = match &member.presence {
            Presence::Optional if member.boxed => quote!(builder.#field.map(Box::new)),
            Presence::Optional => quote!(builder.#field),
            Presence::Defaulted(_) => {
                member.boxed_value(crate::plan::fill_default(quote!(builder.#field), member))
            }
            Presence::Required => match &member.kind {
                ValueKind::Enum(_)
                | ValueKind::IntEnum(_)
                | ValueKind::Structure(_)
                | ValueKind::Union(_) => {
                    let message = format!(
                        "missing required member `{}` in <{}>",
                        member.wire_name(),
                        shape.id.name()
                    );
                    member.boxed_value(quote! {
                        builder.#field.ok_or_else(|| ::stsgen_runtime::xml::XmlError::custom(#message))?
                    })
                }
                _ => member.boxed_value(quote!(builder.#field.unwrap_or_default())),
            },
        };
        out.push(quote! { #field: #value, });
    }
    Ok(out)
}

fn union_body(
    plan: &Plan<'_>,
    shape: &Shape,
    path: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let members = plan.members(shape)?;
    let mut arms = Vec::new();
    for member in &members {
        let variant = member.variant.clone();
        let name = member.wire_name();
        let value = read_value(plan, &member.kind, quote!(child), 0)?;
        let value = if member.boxed {
            quote!(Box::new(#value))
        } else {
            value
        };
        arms.push((
            name.to_owned(),
            quote! { return Ok(#path::#variant(#value)); },
        ));
    }
    let read = child_loop(quote!(el), &arms);
    Ok(quote! {
        #read
        Ok(#path::Unknown)
    })
}

/// An expression of the member's Rust type, read from the element expression `el`
/// (of type `&Element`). It may use `?`.
fn read_value(
    plan: &Plan<'_>,
    kind: &ValueKind,
    el: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let xml = quote!(::stsgen_runtime::xml);
    Ok(match kind {
        ValueKind::String => quote!(#xml::read_string(#el)),
        ValueKind::BigNumber => quote!(#xml::read_number_text(#el)?),
        ValueKind::Boolean => quote!(#xml::read_bool(#el)?),
        ValueKind::Integer(8) => quote!(#xml::read_i8(#el)?),
        ValueKind::Integer(16) => quote!(#xml::read_i16(#el)?),
        ValueKind::Integer(32) => quote!(#xml::read_i32(#el)?),
        ValueKind::Integer(_) => quote!(#xml::read_i64(#el)?),
        ValueKind::Float(32) => quote!(#xml::read_f32(#el)?),
        ValueKind::Float(_) => quote!(#xml::read_f64(#el)?),
        ValueKind::Timestamp(format) => {
            let format = timestamp_format_tokens(*format);
            quote!(#xml::read_timestamp(#el, #format)?)
        }
        ValueKind::Blob => quote!(#xml::read_blob(#el)?),
        ValueKind::Enum(id) => {
            let path = plan.type_path(id)?.tokens();
            quote!(#path::from(#el.text()))
        }
        ValueKind::IntEnum(id) => {
            let path = plan.type_path(id)?.tokens();
            quote!(#path::from(#xml::read_i32(#el)?))
        }
        ValueKind::Structure(id) | ValueKind::Union(id) => {
            let function = parser_fn(id);
            quote!(crate::xml_de::#function(#el)?)
        }
        ValueKind::List { member } => {
            let item_name = member.traits.xml_name().unwrap_or("member");
            let (items, item) = nested_locals("items", "item", depth);
            let item_kind = member_kind(plan, member)?;
            let value = read_value(plan, &item_kind, quote!(#item), depth + 1)?;
            quote!({
                let mut #items = Vec::new();
                for #item in #el.children() {
                    if #item.name() == #item_name {
                        #items.push(#value);
                    }
                }
                #items
            })
        }
        ValueKind::Map { key, value } => {
            let (entries, entry) = nested_locals("entries", "entry", depth);
            let read_entry = map_entry(plan, key, value, quote!(#entry), quote!(#entries), depth)?;
            quote!({
                let mut #entries = ::std::collections::BTreeMap::new();
                for #entry in #el.children() {
                    if #entry.name() == "entry" {
                        #read_entry
                    }
                }
                #entries
            })
        }
    })
}

/// Statements reading one map entry element `entry` (children `key`/`value` or their
/// xmlNames) into the map expression `entries`.
fn map_entry(
    plan: &Plan<'_>,
    key: &stsgen_model::Member,
    value: &stsgen_model::Member,
    entry: TokenStream,
    entries: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let key_name = key.traits.xml_name().unwrap_or("key");
    let value_name = value.traits.xml_name().unwrap_or("value");
    let (key_local, value_local) = nested_locals("key", "value", depth);
    let part = if depth == 0 {
        format_ident!("part")
    } else {
        format_ident!("part_{}", depth)
    };
    let key_kind = member_kind(plan, key)?;
    let value_kind = member_kind(plan, value)?;
    let read_key = read_value(plan, &key_kind, quote!(#part), depth + 1)?;
    let read_value = read_value(plan, &value_kind, quote!(#part), depth + 1)?;
    Ok(quote! {
        let mut #key_local = None;
        let mut #value_local = None;
        for #part in #entry.children() {
            match #part.name() {
                #key_name => #key_local = Some(#read_key),
                #value_name => #value_local = Some(#read_value),
                _ => {}
            }
        }
        if let (Some(#key_local), Some(#value_local)) = (#key_local, #value_local) {
            #entries.insert(#key_local, #value_local);
        }
    })
}
