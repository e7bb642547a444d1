//! Modelled error structures and the crate-wide `Error` enum.
//!
//! ```ignore
//! pub struct ExpiredTokenException { pub message: Option<String>, pub(crate) _meta: ErrorMetadata }
//! impl Display for ExpiredTokenException { .. }            // "ExpiredTokenException: <message>"
//! impl std::error::Error for ExpiredTokenException {}
//! impl ProvideErrorMetadata for ExpiredTokenException { .. }
//!
//! pub enum Error { ExpiredTokenException(ExpiredTokenException), .., Unhandled(Unhandled) }
//! impl From<AssumeRoleError> for Error { .. }              // one per operation
//! impl<E: Into<Error>> From<SdkError<E>> for Error { .. }
//! ```
//!
//! Variants are sorted by Rust name.

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::Shape;

use super::named_types;
use crate::naming;
use crate::plan::{Plan, TypeModule, ValueKind};
use crate::CodegenError;

/// `src/error.rs` and `src/error/builders.rs`.
pub(crate) fn error_rs(
    plan: &Plan<'_>,
) -> Result<(TokenStream, Option<TokenStream>), CodegenError> {
    let (structs, builders) = named_types(plan, TypeModule::Error)?;
    let mut error_shapes: Vec<&Shape> = Vec::new();
    for (id, path) in &plan.type_paths {
        if path.module == TypeModule::Error {
            error_shapes.push(plan.model.expect(id).map_err(CodegenError::Model)?);
        }
    }
    error_shapes.sort_by_key(|shape| naming::type_name(shape.id.name()));
    let mut impls = Vec::new();
    for shape in &error_shapes {
        impls.push(error_trait_impls(plan, shape)?);
    }

    let variants: Vec<_> = error_shapes
        .iter()
        .map(|shape| naming::type_ident(&naming::type_name(shape.id.name())))
        .collect();
    let variant_docs = error_shapes.iter().map(|shape| {
        let doc = format!(" The service returned `{}`.", error_code(shape));
        quote!(#[doc = #doc])
    });
    let from_ops = plan.operations.iter().map(|op| {
        let module = &op.module;
        let op_error = op.type_name("Error");
        let arms = op.errors.iter().map(|error| {
            let variant = naming::type_ident(&naming::type_name(error.id.name()));
            quote! { crate::operation::#module::#op_error::#variant(inner) => Error::#variant(inner), }
        });
        quote! {
            impl From<crate::operation::#module::#op_error> for Error {
                fn from(error: crate::operation::#module::#op_error) -> Self {
                    match error {
                        #(#arms)*
                        crate::operation::#module::#op_error::Unhandled(inner) => Error::Unhandled(inner),
                    }
                }
            }
        }
    });
    Ok((
        quote! {
            #structs

            #(#impls)*

            /// Every error any operation of this client can return, for callers that handle
            /// errors from several operations in one place. Each operation's own error enum,
            /// and an [`SdkError`](::stsgen_runtime::SdkError) around it, converts into this.
            #[non_exhaustive]
            #[derive(Debug)]
            pub enum Error {
                #(#variant_docs #variants(#variants),)*
                /// An error no operation models: an unknown error code, a transport failure, a
                /// malformed response or a request that could not be built.
                Unhandled(::stsgen_runtime::error::Unhandled),
            }

            impl ::std::fmt::Display for Error {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(Error::#variants(inner) => inner.fmt(f),)*
                        Error::Unhandled(inner) => inner.fmt(f),
                    }
                }
            }

            impl ::std::error::Error for Error {
                fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        #(Error::#variants(inner) => ::std::error::Error::source(inner),)*
                        Error::Unhandled(inner) => ::std::error::Error::source(inner),
                    }
                }
            }

            impl ::stsgen_runtime::error::ProvideErrorMetadata for Error {
                fn meta(&self) -> &::stsgen_runtime::error::ErrorMetadata {
                    match self {
                        #(Error::#variants(inner) => ::stsgen_runtime::error::ProvideErrorMetadata::meta(inner),)*
                        Error::Unhandled(inner) => ::stsgen_runtime::error::ProvideErrorMetadata::meta(inner),
                    }
                }
            }

            #(#from_ops)*

            impl<E: Into<Error>> From<::stsgen_runtime::SdkError<E>> for Error {
                fn from(error: ::stsgen_runtime::SdkError<E>) -> Self {
                    match error.into_service_error() {
                        Ok(inner) => inner.into(),
                        Err(other) => Error::Unhandled(other.into()),
                    }
                }
            }
        },
        builders,
    ))
}

/// The `<Code>` the service sends for an error shape.
pub(crate) fn error_code(shape: &Shape) -> String {
    shape
        .traits
        .aws_query_error()
        .map(|e| e.code)
        .unwrap_or_else(|| shape.id.name().to_owned())
}

/// The name of a structure's message member, if it has a string member called `message`.
pub(crate) fn message_member(
    plan: &Plan<'_>,
    shape: &Shape,
) -> Result<Option<proc_macro2::Ident>, CodegenError> {
    Ok(plan
        .members(shape)?
        .into_iter()
        .find(|m| m.name().eq_ignore_ascii_case("message") && m.kind == ValueKind::String)
        .map(|m| m.field))
}

fn error_trait_impls(plan: &Plan<'_>, shape: &Shape) -> Result<TokenStream, CodegenError> {
    let name = naming::type_ident(&naming::type_name(shape.id.name()));
    let code = error_code(shape);
    let message = match message_member(plan, shape)? {
        Some(field) => {
            let member = plan
                .members(shape)?
                .into_iter()
                .find(|m| m.field == field)
                .map(|m| m.presence == crate::plan::Presence::Optional)
                .unwrap_or(true);
            if member {
                quote!(self.#field.as_deref().or(self._meta.message()))
            } else {
                quote!(Some(self.#field.as_str()))
            }
        }
        None => quote!(self._meta.message()),
    };
    Ok(quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                if let Some(message) = #message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        impl ::stsgen_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::stsgen_runtime::error::ErrorMetadata {
                &self._meta
            }
        }
    })
}
