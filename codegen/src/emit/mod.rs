//! The emitters: one module per concern, each a set of free functions from the plan to tokens.
//!
//! File layout of the generated crate (module names equal type names in snake case):
//! - `src/lib.rs`: crate docs, module list, re-exports;
//! - `src/client.rs`: `Client` and its per-operation methods;
//! - `src/config.rs`: re-exports of the runtime configuration and the endpoint resolver;
//! - `src/types.rs` (+ `types/builders.rs`): shared structures, unions and enums;
//! - `src/error.rs` (+ `error/builders.rs`): modelled error structures and the crate-wide `Error`;
//! - `src/operation.rs` + `src/operation/<op>.rs`: input, output, builders, fluent builder, error
//!   enum, request serializer and response parsers of one operation, together;
//! - `src/query_ser.rs`, `src/xml_de.rs`: serializers and parsers of shared shapes.

mod cargo;
mod client;
mod endpoint;
mod enumeration;
mod error;
mod lib_rs;
mod operation;
mod query_ser;
mod structure;
mod union;
mod xml_de;

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::{Shape, ShapeKind};

use crate::plan::{Plan, TypeModule};
use crate::{docs, format, CodegenError, GeneratedFile, Options};

/// Every file of the generated crate.
pub(crate) fn crate_files(
    plan: &Plan<'_>,
    options: &Options,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: cargo::cargo_toml(plan, options),
        },
        GeneratedFile {
            path: "README.md".into(),
            contents: cargo::readme(plan, options),
        },
        GeneratedFile {
            path: "rustfmt.toml".into(),
            contents: cargo::rustfmt_toml(options),
        },
    ];
    let mut rust = |path: &str, tokens: TokenStream| -> Result<(), CodegenError> {
        files.push(GeneratedFile {
            path: path.to_owned(),
            contents: format::rust_file(path, tokens, options)?,
        });
        Ok(())
    };
    rust("src/lib.rs", lib_rs::lib_rs(plan, &options.crate_name)?)?;
    rust("src/client.rs", client::client_rs(plan)?)?;
    rust("src/config.rs", client::config_rs(plan)?)?;
    let (types, type_builders) = named_types(plan, TypeModule::Types)?;
    rust("src/types.rs", types)?;
    if let Some(builders) = type_builders {
        rust("src/types/builders.rs", builders)?;
    }
    let (errors, error_builders) = error::error_rs(plan)?;
    rust("src/error.rs", errors)?;
    if let Some(builders) = error_builders {
        rust("src/error/builders.rs", builders)?;
    }
    rust("src/operation.rs", operation::operation_mod_rs(plan))?;
    for op in &plan.operations {
        rust(
            &format!("src/operation/{}.rs", op.file_stem()),
            operation::operation_rs(plan, op)?,
        )?;
    }
    rust("src/query_ser.rs", query_ser::query_ser_rs(plan)?)?;
    rust("src/xml_de.rs", xml_de::xml_de_rs(plan)?)?;
    files.extend(endpoint::endpoint_files(plan, options)?);
    Ok(files)
}

/// The named types of one module (`types` or `error`), and their builders' module.
pub(crate) fn named_types(
    plan: &Plan<'_>,
    module: TypeModule,
) -> Result<(TokenStream, Option<TokenStream>), CodegenError> {
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for (id, path) in &plan.type_paths {
        if path.module != module {
            continue;
        }
        let shape = plan.model.expect(id).map_err(CodegenError::Model)?;
        match &shape.kind {
            ShapeKind::Structure { .. } => {
                let emitted =
                    structure::emit_structure(plan, shape, &structure::StructStyle::named(path))?;
                items.push(emitted.definition);
                builders.push(emitted.builder);
            }
            ShapeKind::Union { .. } => items.push(union::emit_union(plan, shape)?),
            ShapeKind::Enum { .. } => items.push(enumeration::emit_enum(plan, shape, path)?),
            ShapeKind::IntEnum { .. } => items.push(enumeration::emit_int_enum(plan, shape, path)?),
            _ => {}
        }
    }
    let (module_doc, builders_doc) = match module {
        TypeModule::Types => (
            "Data types shared by the operations: structures, unions and enums from the model.",
            "Builders for the structures in [`crate::types`].",
        ),
        TypeModule::Error => (
            "Modelled service errors, and the crate-wide [`Error`] every operation error converts into.",
            "Builders for the error structures in [`crate::error`].",
        ),
    };
    let builders_mod = if builders.is_empty() {
        None
    } else {
        Some(quote!(
            pub mod builders;
        ))
    };
    let module_doc = format!(" {module_doc}");
    let builders_doc = format!(" {builders_doc}");
    let types = quote! {
        #![doc = #module_doc]
        #builders_mod
        #(#items)*
    };
    let builders = (!builders.is_empty()).then(|| {
        quote! {
            #![doc = #builders_doc]
            #(#builders)*
        }
    });
    Ok((types, builders))
}

/// Doc attributes for an item: the model's documentation converted to Markdown, or a fallback
/// sentence, followed by `extra` paragraphs (such as the Smithy shape id line).
pub(crate) fn doc_attrs(html: Option<&str>, fallback: &str, extra: &[String]) -> TokenStream {
    docs::doc_attrs(&doc_lines(html, fallback, extra))
}

/// Inner doc attributes (`//!`) for a module, one per line.
pub(crate) fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Markdown lines for an item: the model's documentation or a fallback, then `extra` paragraphs.
pub(crate) fn doc_lines(html: Option<&str>, fallback: &str, extra: &[String]) -> Vec<String> {
    let mut lines = html.map(docs::html_to_markdown).unwrap_or_default();
    if lines.is_empty() {
        lines.push(fallback.to_owned());
    }
    for paragraph in extra {
        lines.push(String::new());
        lines.push(paragraph.clone());
    }
    lines
}

/// A Markdown code span showing `text` verbatim: the backtick fence is longer than any run of
/// backticks inside, padded with spaces when the text starts or ends with a backtick.
pub(crate) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Docs for a shape: model docs, then "Smithy: `id`".
pub(crate) fn shape_docs(shape: &Shape, fallback: &str) -> TokenStream {
    doc_attrs(
        shape.traits.documentation(),
        fallback,
        &[format!("Smithy: `{}`", shape.id)],
    )
}
