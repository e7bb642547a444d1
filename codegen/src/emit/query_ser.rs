//! awsQuery request serializers.
//!
//! ```ignore
//! fn serialize_request(input: &AssumeRoleInput) -> String {          // in the operation module
//!     let mut out = String::new();
//!     let mut writer = QueryWriter::new(&mut out, "AssumeRole", "2011-06-15");
//!     writer.prefix("RoleArn").string(&input.role_arn);
//!     if let Some(tags) = &input.tags {
//!         let mut list = writer.prefix("Tags").start_list(false, None);
//!         for item in tags {
//!             crate::query_ser::serialize_tag(list.entry(), item);
//!         }
//!         list.finish();
//!     }
//!     out
//! }
//! pub(crate) fn serialize_tag(mut writer: QueryValueWriter<'_>, input: &Tag) { .. }   // in query_ser.rs
//! ```
//!
//! Members are written in model order; unset members are skipped; an empty list is written as
//! `Name=` and an empty map not at all (the writer in the runtime knows both rules). A union's
//! `Unknown` variant writes nothing. Only shapes reachable from some input get a serializer.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use stsgen_model::{Member, ShapeKind};

use crate::naming;
use crate::plan::{nested_locals, MemberPlan, Plan, Presence, ValueKind};
use crate::CodegenError;

/// Locals the serializers use; a member whose field has one of these names gets a suffix.
const RESERVED_LOCALS: &[&str] = &[
    "writer", "input", "list", "item", "map", "key", "value", "out",
];

/// `src/query_ser.rs`: serializers for shared structures and unions.
pub(crate) fn query_ser_rs(plan: &Plan<'_>) -> Result<TokenStream, CodegenError> {
    let mut functions = Vec::new();
    for id in &plan.ser_shapes {
        let shape = plan.model.expect(id).map_err(CodegenError::Model)?;
        let path = plan.type_path(id)?.tokens();
        let function = serializer_fn(id);
        let doc = format!(" Writes a `{}` at the writer's key path.", id.name());
        let members = plan.members(shape)?;
        let body = match &shape.kind {
            ShapeKind::Union { .. } => union_body(plan, &members, &path)?,
            _ => {
                let statements = member_statements(
                    plan,
                    &members,
                    &format_ident!("writer"),
                    &format_ident!("input"),
                )?;
                quote!(#(#statements)*)
            }
        };
        let signature = if members.is_empty() {
            quote!(#function(_writer: ::stsgen_runtime::query::QueryValueWriter<'_>, _input: &#path))
        } else {
            quote!(#function(mut writer: ::stsgen_runtime::query::QueryValueWriter<'_>, input: &#path))
        };
        functions.push(quote! {
            #[doc = #doc]
            pub(crate) fn #signature {
                #body
            }
        });
    }
    Ok(quote! {
        //! awsQuery serializers for the structures and unions that operation inputs contain.
        #(#functions)*
    })
}

/// `serialize_<shape>`.
pub(crate) fn serializer_fn(id: &stsgen_model::ShapeId) -> Ident {
    format_ident!("serialize_{}", naming::snake(id.name()))
}

/// The operation's `serialize_request` function.
pub(crate) fn request_serializer(
    plan: &Plan<'_>,
    action: &str,
    input_type: &Ident,
    members: &[MemberPlan<'_>],
) -> Result<TokenStream, CodegenError> {
    let version = &plan.service.version;
    let statements = member_statements(
        plan,
        members,
        &format_ident!("writer"),
        &format_ident!("input"),
    )?;
    let (input_param, writer) = if members.is_empty() {
        (
            quote!(_input: &#input_type),
            quote! { let _writer = ::stsgen_runtime::query::QueryWriter::new(&mut out, #action, #version); },
        )
    } else {
        (
            quote!(input: &#input_type),
            quote! { let mut writer = ::stsgen_runtime::query::QueryWriter::new(&mut out, #action, #version); },
        )
    };
    Ok(quote! {
        /// Writes the awsQuery form body: `Action`, `Version`, then the members in model order.
        fn serialize_request(#input_param) -> String {
            let mut out = String::new();
            #writer
            #(#statements)*
            out
        }
    })
}

fn local_for(member: &MemberPlan<'_>) -> Ident {
    let name = member.field.to_string();
    let name = name.trim_start_matches("r#");
    if RESERVED_LOCALS.contains(&name)
        || member.field.to_string().starts_with("r#")
        || name.ends_with('_')
    {
        format_ident!("{}_value", name.trim_end_matches('_'))
    } else {
        member.field.clone()
    }
}

/// One statement per member, writing it under `writer` from the struct `input`.
fn member_statements(
    plan: &Plan<'_>,
    members: &[MemberPlan<'_>],
    writer: &Ident,
    input: &Ident,
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    for member in members {
        let field = &member.field;
        let key = member.wire_name();
        let flattened = member.member.traits.is_xml_flattened();
        let target_writer = quote!(#writer.prefix(#key));
        match member.presence {
            Presence::Optional => {
                let local = local_for(member);
                let write = write_value(
                    plan,
                    &member.kind,
                    target_writer,
                    Val::Ref(quote!(#local)),
                    flattened,
                    0,
                )?;
                out.push(quote! {
                    if let Some(#local) = &#input.#field {
                        #write
                    }
                });
            }
            _ => {
                let write = write_value(
                    plan,
                    &member.kind,
                    target_writer,
                    Val::Place(quote!(#input.#field)),
                    flattened,
                    0,
                )?;
                out.push(write);
            }
        }
    }
    Ok(out)
}

fn union_body(
    plan: &Plan<'_>,
    members: &[MemberPlan<'_>],
    path: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let mut arms = Vec::new();
    for member in members {
        let variant = member.variant.clone();
        let key = member.wire_name();
        let flattened = member.member.traits.is_xml_flattened();
        let write = write_value(
            plan,
            &member.kind,
            quote!(writer.prefix(#key)),
            Val::Ref(quote!(value)),
            flattened,
            0,
        )?;
        arms.push(quote! { #path::#variant(value) => { #write } });
    }
    Ok(quote! {
        match input {
            #(#arms)*
            #path::Unknown => {}
        }
    })
}

/// A value to write: a reference-typed local (`item`, or `role_arn` bound by `if let`), or a
/// place expression of the value itself (`input.role_arn`). Keeping the two apart lets each use
/// site borrow, copy or call a method without precedence surprises (`&input.x.as_str()`).
#[derive(Clone)]
enum Val {
    Ref(TokenStream),
    Place(TokenStream),
}

impl Val {
    /// An expression of type `&T`.
    fn reference(&self) -> TokenStream {
        match self {
            Val::Ref(tokens) => tokens.clone(),
            Val::Place(tokens) => quote!(&#tokens),
        }
    }

    /// A receiver for a method call (auto-ref applies).
    fn receiver(&self) -> TokenStream {
        match self {
            Val::Ref(tokens) | Val::Place(tokens) => tokens.clone(),
        }
    }

    /// The value of a `Copy` type.
    fn copied(&self) -> TokenStream {
        match self {
            Val::Ref(tokens) => quote!(*#tokens),
            Val::Place(tokens) => tokens.clone(),
        }
    }
}

/// A statement writing `value` through the value writer `writer`.
fn write_value(
    plan: &Plan<'_>,
    kind: &ValueKind,
    writer: TokenStream,
    value: Val,
    flattened: bool,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let reference = value.reference();
    let receiver = value.receiver();
    let copied = value.copied();
    Ok(match kind {
        ValueKind::String => quote! { #writer.string(#reference); },
        ValueKind::BigNumber => quote! { #writer.number_text(#reference); },
        ValueKind::Boolean => quote! { #writer.boolean(#copied); },
        ValueKind::Integer(64) => quote! { #writer.integer(#copied); },
        ValueKind::Integer(_) => quote! { #writer.integer(i64::from(#copied)); },
        ValueKind::Float(64) => quote! { #writer.float(#copied); },
        ValueKind::Float(_) => quote! { #writer.float32(#copied); },
        ValueKind::Timestamp(format) => {
            let format = timestamp_format_tokens(*format);
            quote! { #writer.date_time(#reference, #format); }
        }
        ValueKind::Blob => quote! { #writer.blob(#receiver.as_ref()); },
        ValueKind::Enum(_) => quote! { #writer.string(#receiver.as_str()); },
        ValueKind::IntEnum(_) => quote! { #writer.integer(i64::from(#receiver.as_i32())); },
        ValueKind::Structure(id) | ValueKind::Union(id) => {
            let function = serializer_fn(id);
            quote! { crate::query_ser::#function(#writer, #reference); }
        }
        ValueKind::List { member } => {
            let item_name = member.traits.xml_name();
            let member_name = match item_name {
                Some(name) if !flattened => quote!(Some(#name)),
                _ => quote!(None),
            };
            let (list, item) = nested_locals("list", "item", depth);
            let item_kind = member_kind(plan, member)?;
            let write_item = write_value(
                plan,
                &item_kind,
                quote!(#list.entry()),
                Val::Ref(quote!(#item)),
                false,
                depth + 1,
            )?;
            quote! {
                let mut #list = #writer.start_list(#flattened, #member_name);
                for #item in #reference {
                    #write_item
                }
                #list.finish();
            }
        }
        ValueKind::Map {
            key,
            value: value_member,
        } => {
            let key_name = key.traits.xml_name().unwrap_or("key");
            let value_name = value_member.traits.xml_name().unwrap_or("value");
            let (map, entry_value) = nested_locals("map", "value", depth);
            let entry_key = if depth == 0 {
                format_ident!("key")
            } else {
                format_ident!("key_{}", depth)
            };
            let key_kind = member_kind(plan, key)?;
            let key_text = match key_kind {
                ValueKind::Enum(_) => quote!(#entry_key.as_str()),
                _ => quote!(#entry_key),
            };
            let value_kind = member_kind(plan, value_member)?;
            let write_entry = write_value(
                plan,
                &value_kind,
                quote!(#map.entry(#key_text)),
                Val::Ref(quote!(#entry_value)),
                false,
                depth + 1,
            )?;
            quote! {
                let mut #map = #writer.start_map(#flattened, #key_name, #value_name);
                for (#entry_key, #entry_value) in #reference {
                    #write_entry
                }
                #map.finish();
            }
        }
    })
}

pub(crate) fn member_kind(plan: &Plan<'_>, member: &Member) -> Result<ValueKind, CodegenError> {
    let target = plan.target(member)?;
    plan.value_kind(target, Some(member))
}

/// `::stsgen_runtime::datetime::Format::X` for a timestamp format.
pub(crate) fn timestamp_format_tokens(
    format: stsgen_model::traits::TimestampFormat,
) -> TokenStream {
    use stsgen_model::traits::TimestampFormat;
    match format {
        TimestampFormat::DateTime => quote!(::stsgen_runtime::datetime::Format::DateTime),
        TimestampFormat::EpochSeconds => quote!(::stsgen_runtime::datetime::Format::EpochSeconds),
        TimestampFormat::HttpDate => quote!(::stsgen_runtime::datetime::Format::HttpDate),
    }
}
