//! Structures: the public struct, its accessors, its builder and a redacting `Debug` when a
//! member is secret.
//!
//! ```ignore
//! #[non_exhaustive]
//! #[derive(Clone, PartialEq, Debug)]
//! pub struct Tag { pub key: String, pub value: String }
//! impl Tag {
//!     pub fn builder() -> TagBuilder { .. }
//!     pub fn key(&self) -> &str { &self.key }
//! }
//! #[derive(Clone, PartialEq, Default, Debug)]
//! pub struct TagBuilder { pub(crate) key: Option<String>, pub(crate) value: Option<String> }
//! impl TagBuilder {
//!     pub fn key(mut self, input: impl Into<String>) -> Self { .. }
//!     pub fn set_key(mut self, input: Option<String>) -> Self { .. }
//!     pub fn get_key(&self) -> &Option<String> { .. }
//!     pub fn build(self) -> Result<Tag, BuildError> { .. }
//! }
//! ```
//!
//! Members keep model order. Required members without a default are plain `T` and make
//! `build()` fallible; members with a default are plain `T` filled by `build()`; all others are
//! `Option<T>`. Recursive members are boxed in the struct but not in the builder.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use stsgen_model::Shape;

use super::doc_attrs;
use crate::naming;
use crate::plan::{MemberPlan, Plan, Presence, TypePath, ValueKind};
use crate::CodegenError;

/// What the struct carries besides its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Extra {
    /// Nothing.
    None,
    /// An operation output: `_request_id` from `ResponseMetadata`.
    RequestId,
    /// A modelled error: its `ErrorMetadata` (code, message, request id, status).
    ErrorMeta {
        /// The error code on the wire.
        code: String,
    },
}

/// Names and paths for one emitted structure.
pub(crate) struct StructStyle {
    pub name: Ident,
    pub builder: Ident,
    /// How the struct's module refers to the builder.
    pub builder_path: TokenStream,
    /// How the builder's module refers to the struct.
    pub struct_path: TokenStream,
    pub extra: Extra,
    /// The name used in messages ("`RoleArn` is required by `AssumeRoleInput`").
    pub display_name: String,
    /// The summary used when the model has no documentation for the shape.
    pub fallback_doc: String,
    /// The intra-doc link target for the struct, valid from the builder's module.
    pub doc_path: String,
    /// True for the empty stand-in of an input or output the model does not declare: its docs
    /// name no Smithy shape, since there is none.
    pub synthetic: bool,
}

impl StructStyle {
    /// A shared structure or error in `crate::types` / `crate::error`, builder in `builders`.
    pub fn named(path: &TypePath) -> StructStyle {
        StructStyle {
            name: naming::type_ident(&path.name),
            builder: naming::type_ident(&format!("{}Builder", path.name)),
            builder_path: path.builder_tokens(),
            struct_path: path.tokens(),
            extra: Extra::None,
            display_name: path.name.clone(),
            fallback_doc: format!("The `{}` structure.", path.name),
            doc_path: path.tokens().to_string().replace(' ', ""),
            synthetic: false,
        }
    }

    /// An operation input or output, builder in the same module.
    pub fn local(name: Ident, extra: Extra, fallback_doc: String) -> StructStyle {
        let builder = format_ident!("{}Builder", name);
        StructStyle {
            fallback_doc,
            doc_path: name.to_string(),
            synthetic: false,
            builder_path: quote!(#builder),
            struct_path: quote!(#name),
            display_name: name.to_string(),
            name,
            builder,
            extra,
        }
    }
}

/// The emitted pieces of one structure.
pub(crate) struct EmittedStruct {
    /// The struct, its impl blocks and `Debug`.
    pub definition: TokenStream,
    /// The builder and its impl blocks.
    pub builder: TokenStream,
}

/// How a setter stores its value: into the builder itself, or into a fluent builder's `inner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetterBody {
    Builder,
    Fluent,
}

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Emits a structure with its builder.
pub(crate) fn emit_structure(
    plan: &Plan<'_>,
    shape: &Shape,
    style: &StructStyle,
) -> Result<EmittedStruct, CodegenError> {
    let members = plan.members(shape)?;
    let mut style_extra = style.extra.clone();
    if style.extra == Extra::None && shape.traits.error().is_some() {
        let code = shape
            .traits
            .aws_query_error()
            .map(|e| e.code)
            .unwrap_or_else(|| shape.id.name().to_owned());
        style_extra = Extra::ErrorMeta { code };
    }
    let name = &style.name;
    let builder = &style.builder;
    let builder_path = &style.builder_path;
    let struct_path = &style.struct_path;
    let docs = if style.synthetic {
        super::doc_attrs(None, &style.fallback_doc, &[])
    } else {
        super::shape_docs(shape, &style.fallback_doc)
    };

    let mut fields = Vec::new();
    let mut accessors = Vec::new();
    let mut builder_fields = Vec::new();
    let mut build_fields = Vec::new();
    for member in &members {
        let field = &member.field;
        let value_type = plan.rust_type(&member.kind)?;
        let stored = stored_type(member, &value_type);
        let member_docs = member_docs(plan, member)?;
        let field_docs = member_docs_with_id(plan, member)?;
        fields.push(quote! { #field_docs pub #field: #stored, });
        accessors.push(accessor(plan, member, &value_type, &member_docs)?);
        builder_fields.push(quote! { pub(crate) #field: Option<#value_type>, });
        build_fields.push(build_field(member, &style.display_name));
    }
    let (extra_field, extra_build) = match &style_extra {
        Extra::None => (None, None),
        Extra::RequestId => (
            Some(quote! { pub(crate) _request_id: Option<String>, }),
            Some(quote! { _request_id: None, }),
        ),
        Extra::ErrorMeta { code } => (
            // `_meta` cannot collide with a member field: member fields never start with `_`.
            Some(quote! { pub(crate) _meta: ::stsgen_runtime::error::ErrorMetadata, }),
            Some(quote! {
                _meta: ::stsgen_runtime::error::ErrorMetadata::new(Some(String::from(#code)), None, None, None),
            }),
        ),
    };

    let fallible = members.iter().any(|m| m.presence == Presence::Required);
    let link = if *name == style.doc_path {
        format!("[`{name}`]")
    } else {
        format!("[`{name}`]({})", style.doc_path)
    };
    let build_doc = if fallible {
        let required: Vec<String> = members
            .iter()
            .filter(|m| m.presence == Presence::Required)
            .map(|m| format!("`{}`", m.field.to_string().trim_start_matches("r#")))
            .collect();
        format!(
            " Builds the {link}. Fails with a [`BuildError`](::stsgen_runtime::BuildError) naming the first unset required member of: {}.",
            required.join(", ")
        )
    } else {
        format!(" Builds the {link}.")
    };
    let build_fn = if fallible {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> Result<#struct_path, ::stsgen_runtime::BuildError> {
                Ok(#struct_path { #(#build_fields)* #extra_build })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #struct_path {
                #struct_path { #(#build_fields)* #extra_build }
            }
        }
    };
    let setters = setters(plan, &members, SetterBody::Builder)?;

    let sensitive = plan.has_sensitive_members(&members) || shape.traits.is_sensitive();
    let whole_shape_sensitive = shape.traits.is_sensitive();
    let (struct_derive, struct_debug) = debug_impl(
        name,
        &members,
        whole_shape_sensitive,
        sensitive,
        &style_extra,
        false,
    );
    let (builder_derive, builder_debug) = debug_impl(
        builder,
        &members,
        whole_shape_sensitive,
        sensitive,
        &Extra::None,
        true,
    );
    let builder_doc = format!(" A builder for {link}.");
    let builder_fn_doc = format!(" Creates a new builder for [`{name}`].");

    let definition = quote! {
        #docs
        #[non_exhaustive]
        #struct_derive
        pub struct #name {
            #(#fields)*
            #extra_field
        }

        impl #name {
            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder_path {
                #builder_path::default()
            }
            #(#accessors)*
        }

        #struct_debug
    };
    let builder = quote! {
        #[doc = #builder_doc]
        #builder_derive
        pub struct #builder {
            #(#builder_fields)*
        }

        impl #builder {
            #(#setters)*
            #build_fn
        }

        #builder_debug
    };
    Ok(EmittedStruct {
        definition,
        builder,
    })
}

/// The type stored in the struct for a member: `Option`, `Box` as the plan says.
fn stored_type(member: &MemberPlan<'_>, value_type: &TokenStream) -> TokenStream {
    let inner = if member.boxed {
        quote!(Box<#value_type>)
    } else {
        value_type.clone()
    };
    match member.presence {
        Presence::Optional => quote!(Option<#inner>),
        _ => inner,
    }
}

/// Docs for a member: its own docs, else the target's, else a fallback; then presence notes.
pub(crate) fn member_docs(
    plan: &Plan<'_>,
    member: &MemberPlan<'_>,
) -> Result<TokenStream, CodegenError> {
    let target = plan.target(member.member)?;
    let html = member
        .member
        .traits
        .documentation()
        .or_else(|| target.traits.documentation());
    let mut notes = Vec::new();
    match &member.presence {
        Presence::Required => notes.push("This member is required.".to_owned()),
        Presence::Defaulted(value) => notes.push(format!("Defaults to `{value}` when not set.")),
        Presence::Optional => {}
    }
    if let Some(deprecated) = member.member.traits.deprecated() {
        notes.push(match deprecated.message {
            Some(message) => format!("**Deprecated:** {}", crate::docs::escape_markdown(&message)),
            None => "**Deprecated.**".to_owned(),
        });
    }
    Ok(doc_attrs(
        html,
        &format!("The `{}` member.", member.name()),
        &notes,
    ))
}

/// [`member_docs`] plus a last line naming the Smithy member id, for the field or variant that
/// is the member's main item (accessors and setters carry the docs without it).
pub(crate) fn member_docs_with_id(
    plan: &Plan<'_>,
    member: &MemberPlan<'_>,
) -> Result<TokenStream, CodegenError> {
    let docs = member_docs(plan, member)?;
    let id = format!(" Smithy: `{}${}`", member.container, member.name());
    Ok(quote! { #docs #[doc = ""] #[doc = #id] })
}

fn accessor(
    plan: &Plan<'_>,
    member: &MemberPlan<'_>,
    value_type: &TokenStream,
    docs: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let field = &member.field;
    let method = &member.method;
    let optional = member.presence == Presence::Optional;
    let (ret, body) = match (&member.kind, optional) {
        (ValueKind::String | ValueKind::BigNumber, true) => {
            (quote!(Option<&str>), quote!(self.#field.as_deref()))
        }
        (ValueKind::String | ValueKind::BigNumber, false) => (quote!(&str), quote!(&self.#field)),
        (ValueKind::List { member: item }, true) => {
            let element = plan.member_value_type(item)?;
            (
                quote!(&[#element]),
                quote!(self.#field.as_deref().unwrap_or_default()),
            )
        }
        (ValueKind::List { member: item }, false) => {
            let element = plan.member_value_type(item)?;
            (quote!(&[#element]), quote!(&self.#field))
        }
        (kind, true) if kind.is_copy() => (quote!(Option<#value_type>), quote!(self.#field)),
        (kind, false) if kind.is_copy() => (quote!(#value_type), quote!(self.#field)),
        (_, true) if member.boxed => (quote!(Option<&#value_type>), quote!(self.#field.as_deref())),
        (_, true) => (quote!(Option<&#value_type>), quote!(self.#field.as_ref())),
        (_, false) => (quote!(&#value_type), quote!(&self.#field)),
    };
    Ok(quote! {
        #docs
        pub fn #method(&self) -> #ret {
            #body
        }
    })
}

fn build_field(member: &MemberPlan<'_>, display_name: &str) -> TokenStream {
    let field = &member.field;
    match &member.presence {
        Presence::Optional if member.boxed => quote! { #field: self.#field.map(Box::new), },
        Presence::Optional => quote! { #field: self.#field, },
        Presence::Defaulted(_) => {
            let value = member.boxed_value(crate::plan::fill_default(quote!(self.#field), member));
            quote! { #field: #value, }
        }
        Presence::Required => {
            let name = member.name();
            let value = member.boxed_value(quote! {
                self.#field.ok_or_else(|| ::stsgen_runtime::BuildError::missing_field(#display_name, #name))?
            });
            quote! { #field: #value, }
        }
    }
}

/// The setter methods (`x`, `set_x`, `get_x`) for each member, for a builder or a fluent builder.
pub(crate) fn setters(
    plan: &Plan<'_>,
    members: &[MemberPlan<'_>],
    body: SetterBody,
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    for member in members {
        let field = &member.field;
        let method = &member.method;
        let set = naming::prefixed_ident("set_", member.name());
        let get = naming::prefixed_ident("get_", member.name());
        let value_type = plan.rust_type(&member.kind)?;
        let docs = member_docs(plan, member)?;
        let shown = field.to_string().trim_start_matches("r#").to_owned();
        let set_doc = format!(" Sets `{shown}`, or clears it with `None`.");
        let get_doc = format!(" The value set for `{shown}`, if any.");
        let (with_signature, with_body) = match &member.kind {
            ValueKind::List { member: item } => {
                let item_type = plan.member_value_type(item)?;
                let store = quote! {
                    let mut items = self.#field.unwrap_or_default();
                    items.push(input.into());
                    self.#field = Some(items);
                    self
                };
                (
                    quote!(#method(mut self, input: impl Into<#item_type>) -> Self),
                    store,
                )
            }
            ValueKind::Map { key, value } => {
                let key_type = plan.member_value_type(key)?;
                let value_type = plan.member_value_type(value)?;
                let store = quote! {
                    let mut entries = self.#field.unwrap_or_default();
                    entries.insert(key.into(), value.into());
                    self.#field = Some(entries);
                    self
                };
                (
                    quote!(#method(mut self, key: impl Into<#key_type>, value: impl Into<#value_type>) -> Self),
                    store,
                )
            }
            _ => (
                quote!(#method(mut self, input: impl Into<#value_type>) -> Self),
                quote! {
                    self.#field = Some(input.into());
                    self
                },
            ),
        };
        let (with_body, set_body, get_body) = match body {
            SetterBody::Builder => (
                with_body,
                quote! {
                    self.#field = input;
                    self
                },
                quote!(&self.#field),
            ),
            SetterBody::Fluent => {
                let call = match &member.kind {
                    ValueKind::Map { .. } => quote!(self.inner.#method(key, value)),
                    _ => quote!(self.inner.#method(input)),
                };
                (
                    quote! {
                        self.inner = #call;
                        self
                    },
                    quote! {
                        self.inner = self.inner.#set(input);
                        self
                    },
                    quote!(self.inner.#get()),
                )
            }
        };
        let with_docs = match &member.kind {
            ValueKind::List { .. } => {
                let note = format!(
                    " Appends one item to `{shown}`; use `{set}` to replace the whole list."
                );
                quote! { #docs #[doc = ""] #[doc = #note] }
            }
            ValueKind::Map { .. } => {
                let note = format!(
                    " Inserts one entry into `{shown}`; use `{set}` to replace the whole map."
                );
                quote! { #docs #[doc = ""] #[doc = #note] }
            }
            _ => docs,
        };
        out.push(quote! {
            #with_docs
            pub fn #with_signature {
                #with_body
            }

            #[doc = #set_doc]
            pub fn #set(mut self, input: Option<#value_type>) -> Self {
                #set_body
            }

            #[doc = #get_doc]
            pub fn #get(&self) -> &Option<#value_type> {
                #get_body
            }
        });
    }
    Ok(out)
}

/// `(derive attribute, manual Debug impl)`: derive `Debug` unless something is secret.
fn debug_impl(
    name: &Ident,
    members: &[MemberPlan<'_>],
    whole_shape_sensitive: bool,
    sensitive: bool,
    extra: &Extra,
    is_builder: bool,
) -> (TokenStream, Option<TokenStream>) {
    let default = is_builder.then(|| quote!(Default,));
    if !sensitive {
        return (quote!(#[derive(Clone, PartialEq, #default Debug)]), None);
    }
    let label = name.to_string();
    let fields = members.iter().map(|m| {
        let field = &m.field;
        let shown = field.to_string().trim_start_matches("r#").to_owned();
        if m.sensitive || whole_shape_sensitive {
            quote! { debug.field(#shown, &#REDACTED); }
        } else {
            quote! { debug.field(#shown, &self.#field); }
        }
    });
    let extra_field = match (extra, is_builder) {
        (Extra::ErrorMeta { .. }, false) => Some(quote! { debug.field("meta", &self._meta); }),
        (Extra::RequestId, false) => {
            Some(quote! { debug.field("_request_id", &self._request_id); })
        }
        _ => None,
    };
    let debug = quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut debug = f.debug_struct(#label);
                #(#fields)*
                #extra_field
                debug.finish()
            }
        }
    };
    (quote!(#[derive(Clone, PartialEq, #default)]), Some(debug))
}
