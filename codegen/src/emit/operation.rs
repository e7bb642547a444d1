//! One module per operation, holding everything about it together.
//!
//! ```ignore
//! //! <operation docs>
//! pub struct AssumeRoleInput { .. }          pub struct AssumeRoleInputBuilder { .. }
//! pub struct AssumeRoleOutput { .. }         pub struct AssumeRoleOutputBuilder { .. }
//! pub enum AssumeRoleError { ExpiredTokenException(..), .., Unhandled(Unhandled) }
//! pub struct AssumeRoleFluentBuilder { .. }  // client.assume_role().role_arn(..).send().await
//! pub struct AssumeRole;                     // impl stsgen_runtime::Operation: action, auth, wire code
//! fn serialize_request(input: &AssumeRoleInput) -> String { .. }
//! fn parse_response(body: &[u8]) -> Result<AssumeRoleOutput, XmlError> { .. }
//! fn parse_error(status: u16, request_id: Option<&str>, body: &[u8]) -> AssumeRoleError { .. }
//! ```

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use stsgen_model::{Shape, ShapeId, ShapeKind, Traits};

use super::error::error_code;
use super::query_ser::request_serializer;
use super::structure::{emit_structure, setters, Extra, SetterBody, StructStyle};
use super::xml_de::{child_loop, error_parser_fn, finish_fields, member_arms};
use super::{doc_lines, inner_doc_attrs, shape_docs};
use crate::naming;
use crate::plan::{OperationPlan, Plan, Presence};
use crate::CodegenError;

/// `src/operation.rs`: the module list.
pub(crate) fn operation_mod_rs(plan: &Plan<'_>) -> TokenStream {
    let modules = plan.operations.iter().map(|op| {
        let module = &op.module;
        let doc = format!(" The `{}` operation.", op.name);
        quote! {
            #[doc = #doc]
            pub mod #module;
        }
    });
    quote! {
        //! One module per operation: input, output, their builders, the fluent builder, the
        //! error enum and the wire code.
        #(#modules)*
    }
}

/// A stand-in structure for an operation without input or output in the model.
fn empty_structure(plan: &Plan<'_>, op: &OperationPlan<'_>, suffix: &str) -> Shape {
    let namespace = plan.service.shape.id.namespace();
    Shape {
        id: ShapeId::parse(&format!("{namespace}#{}{suffix}", op.name))
            .unwrap_or_else(|| op.shape.id.clone()),
        kind: ShapeKind::Structure {
            members: Vec::new(),
        },
        traits: Traits::default(),
    }
}

/// `src/operation/<op>.rs`.
pub(crate) fn operation_rs(
    plan: &Plan<'_>,
    op: &OperationPlan<'_>,
) -> Result<TokenStream, CodegenError> {
    let input_placeholder = empty_structure(plan, op, "Input");
    let output_placeholder = empty_structure(plan, op, "Output");
    let input_shape = op.input.unwrap_or(&input_placeholder);
    let output_shape = op.output.unwrap_or(&output_placeholder);
    let input_name = op.type_name("Input");
    let output_name = op.type_name("Output");
    let error_name = op.type_name("Error");
    let fluent_name = op.type_name("FluentBuilder");
    let marker = naming::type_ident(&naming::type_name(&op.name));
    let action = &op.name;

    let mut input_style = StructStyle::local(
        input_name.clone(),
        Extra::None,
        format!("The input of the `{}` operation.", op.name),
    );
    input_style.synthetic = op.input.is_none();
    let input = emit_structure(plan, input_shape, &input_style)?;
    let mut output_style = StructStyle::local(
        output_name.clone(),
        Extra::RequestId,
        format!("The output of the `{}` operation.", op.name),
    );
    output_style.synthetic = op.output.is_none();
    let output = emit_structure(plan, output_shape, &output_style)?;
    let input_definition = input.definition;
    let input_builder = input.builder;
    let output_definition = output.definition;
    let output_builder = output.builder;

    let input_members = plan.members(input_shape)?;
    let serializer = request_serializer(plan, action, &input_name, &input_members)?;
    let response_parser = response_parser(plan, op, output_shape, &output_name)?;
    let error_enum = error_enum(plan, op)?;
    let error_parser = error_parser(op)?;

    let fluent_setters = setters(plan, &input_members, SetterBody::Fluent)?;
    let input_builder_name = format_ident!("{}Builder", input_name);
    let fallible = input_members
        .iter()
        .any(|m| m.presence == Presence::Required);
    let build_input = if fallible {
        quote!(self
            .inner
            .build()
            .map_err(::stsgen_runtime::SdkError::construction)?)
    } else {
        quote!(self.inner.build())
    };
    let required: Vec<String> = input_members
        .iter()
        .filter(|m| m.presence == Presence::Required)
        .map(|m| format!("`{}`", m.field.to_string().trim_start_matches("r#")))
        .collect();
    let required_note = if required.is_empty() {
        "No member is required.".to_owned()
    } else {
        format!("Required: {}.", required.join(", "))
    };
    let auth_note = if op.signed {
        "Signed with SigV4."
    } else {
        "Sent unsigned: the model says this operation needs no credentials."
    };
    let op_docs = inner_doc_attrs(&doc_lines(
        op.shape.traits.documentation(),
        &format!("The `{}` operation.", op.name),
        &[
            format!(
                "awsQuery action `{}`, version `{}`. {auth_note}",
                op.name, plan.service.version
            ),
            format!("Smithy: `{}`", op.shape.id),
        ],
    ));
    let fluent_doc = format!(
        " Fluent builder for the `{}` operation: set the input members, then call [`send`](Self::send). {required_note}",
        op.name
    );
    let marker_doc = format!(
        " The `{}` operation as the runtime sees it: action name, auth and wire code.",
        op.name
    );
    let signed = op.signed;
    let output_fields_doc = " The response's request id, from `ResponseMetadata`.";

    Ok(quote! {
        #op_docs

        #input_definition
        #input_builder
        #output_definition
        #output_builder

        impl ::stsgen_runtime::RequestId for #output_name {
            #[doc = #output_fields_doc]
            fn request_id(&self) -> Option<&str> {
                self._request_id.as_deref()
            }
        }

        #error_enum

        #[doc = #fluent_doc]
        #[derive(Clone, Debug)]
        pub struct #fluent_name {
            handle: ::std::sync::Arc<::stsgen_runtime::Handle>,
            inner: #input_builder_name,
        }

        impl #fluent_name {
            pub(crate) fn new(handle: ::std::sync::Arc<::stsgen_runtime::Handle>) -> Self {
                Self { handle, inner: #input_builder_name::default() }
            }

            /// Builds the input and sends the request: resolve the endpoint, sign (unless the
            /// operation needs no auth), send with retries, and parse the response.
            pub async fn send(self) -> Result<#output_name, ::stsgen_runtime::SdkError<#error_name>> {
                let input = #build_input;
                self.handle.call::<#marker>(input).await
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder_name {
                &self.inner
            }

            #(#fluent_setters)*
        }

        #[doc = #marker_doc]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct #marker;

        impl ::stsgen_runtime::Operation for #marker {
            type Input = #input_name;
            type Output = #output_name;
            type Error = #error_name;

            const NAME: &'static str = #action;
            const SIGNED: bool = #signed;

            fn serialize(input: &Self::Input) -> String {
                serialize_request(input)
            }

            fn parse_output(body: &[u8], request_id: Option<&str>) -> Result<Self::Output, ::stsgen_runtime::xml::XmlError> {
                parse_response(body, request_id)
            }

            fn parse_error(status: u16, request_id: Option<&str>, body: &[u8]) -> Self::Error {
                parse_error(status, request_id, body)
            }
        }

        #serializer
        #response_parser
        #error_parser
    })
}

fn response_parser(
    plan: &Plan<'_>,
    op: &OperationPlan<'_>,
    output_shape: &Shape,
    output_name: &proc_macro2::Ident,
) -> Result<TokenStream, CodegenError> {
    let root = format!("{}Response", op.name);
    let result = format!("{}Result", op.name);
    let members = plan.members(output_shape)?;
    // The body's `ResponseMetadata/RequestId`, else the `x-amzn-RequestId` header.
    let read_request_id = quote! {
        let request_id = root
            .child("ResponseMetadata")
            .and_then(|metadata| metadata.child("RequestId"))
            .map(::stsgen_runtime::xml::read_string)
            .or_else(|| header_request_id.map(str::to_owned));
    };
    if members.is_empty() {
        return Ok(quote! {
            /// Parses the `<Response>` envelope; an operation without output may answer with an empty body.
            fn parse_response(
                body: &[u8],
                header_request_id: Option<&str>,
            ) -> Result<#output_name, ::stsgen_runtime::xml::XmlError> {
                if body.iter().all(u8::is_ascii_whitespace) {
                    return Ok(#output_name { _request_id: header_request_id.map(str::to_owned) });
                }
                let root = ::stsgen_runtime::xml::parse(body)?;
                root.expect_name(#root)?;
                #read_request_id
                Ok(#output_name { _request_id: request_id })
            }
        });
    }
    let builder = format_ident!("{}Builder", output_name);
    let arms = member_arms(plan, &members, &format_ident!("child"))?;
    let finish = finish_fields(output_shape, &members)?;
    let read = child_loop(quote!(el), &arms);
    let missing_result = format!("expected <{result}> in <{root}>");
    let doc = format!(" Parses `<{root}><{result}>..</{result}><ResponseMetadata>..</ResponseMetadata></{root}>`.");
    Ok(quote! {
        #[doc = #doc]
        fn parse_response(
            body: &[u8],
            header_request_id: Option<&str>,
        ) -> Result<#output_name, ::stsgen_runtime::xml::XmlError> {
            let root = ::stsgen_runtime::xml::parse(body)?;
            root.expect_name(#root)?;
            let el = root
                .child(#result)
                .ok_or_else(|| ::stsgen_runtime::xml::XmlError::custom(#missing_result))?;
            let mut builder = #builder::default();
            #read
            #read_request_id
            Ok(#output_name { #(#finish)* _request_id: request_id })
        }
    })
}

fn error_enum(plan: &Plan<'_>, op: &OperationPlan<'_>) -> Result<TokenStream, CodegenError> {
    let name = op.type_name("Error");
    let mut variants = Vec::new();
    let mut predicates = Vec::new();
    let mut idents = Vec::new();
    for error in &op.errors {
        let variant = naming::type_ident(&naming::type_name(error.id.name()));
        let path = plan.type_path(&error.id)?.tokens();
        let docs = shape_docs(error, &format!("The `{}` error.", error.id.name()));
        variants.push(quote! { #docs #variant(#path), });
        let is_fn = format_ident!("is_{}", naming::snake(error.id.name()));
        let doc = format!(" True if this is `{}`.", error_code(error));
        predicates.push(quote! {
            #[doc = #doc]
            pub fn #is_fn(&self) -> bool {
                matches!(self, #name::#variant(_))
            }
        });
        idents.push(variant);
    }
    let doc = format!(" Errors the `{}` operation can return.", op.name);
    Ok(quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error code this operation does not model (throttling, auth failures, new
            /// codes), or an error response that could not be read. Code, message, request id
            /// and HTTP status are in its metadata.
            Unhandled(::stsgen_runtime::error::Unhandled),
        }

        impl #name {
            #(#predicates)*

            /// True if this is an error the operation does not model.
            pub fn is_unhandled(&self) -> bool {
                matches!(self, #name::Unhandled(_))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#name::#idents(inner) => inner.fmt(f),)*
                    #name::Unhandled(inner) => inner.fmt(f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#name::#idents(inner) => ::std::error::Error::source(inner),)*
                    #name::Unhandled(inner) => ::std::error::Error::source(inner),
                }
            }
        }

        impl ::stsgen_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::stsgen_runtime::error::ErrorMetadata {
                match self {
                    #(#name::#idents(inner) => ::stsgen_runtime::error::ProvideErrorMetadata::meta(inner),)*
                    #name::Unhandled(inner) => ::stsgen_runtime::error::ProvideErrorMetadata::meta(inner),
                }
            }
        }
    })
}

fn error_parser(op: &OperationPlan<'_>) -> Result<TokenStream, CodegenError> {
    let name = op.type_name("Error");
    if op.errors.is_empty() {
        return Ok(quote! {
            /// Reads an `<ErrorResponse>`: this operation models no errors, so every code is unhandled.
            fn parse_error(status: u16, request_id: Option<&str>, body: &[u8]) -> #name {
                let (meta, _) = ::stsgen_runtime::error::parse_query_error(status, request_id, body);
                #name::Unhandled(::stsgen_runtime::error::Unhandled::new(meta))
            }
        });
    }
    let arms = op.errors.iter().map(|error| {
        let code = error_code(error);
        let variant = naming::type_ident(&naming::type_name(error.id.name()));
        let function = error_parser_fn(&error.id);
        quote! {
            Some(#code) => crate::xml_de::#function(error.as_ref(), meta.clone()).map(#name::#variant),
        }
    });
    Ok(quote! {
        /// Reads an `<ErrorResponse>` and dispatches on its `<Code>` (the `awsQueryError` code,
        /// which can differ from the shape name).
        fn parse_error(status: u16, request_id: Option<&str>, body: &[u8]) -> #name {
            let (meta, error) = ::stsgen_runtime::error::parse_query_error(status, request_id, body);
            let parsed = match meta.code() {
                #(#arms)*
                _ => return #name::Unhandled(::stsgen_runtime::error::Unhandled::new(meta)),
            };
            parsed.unwrap_or_else(|err| #name::Unhandled(::stsgen_runtime::error::Unhandled::with_source(meta, err)))
        }
    })
}
