//! The crate root: docs, module list and re-exports.

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::ShapeKind;

use crate::plan::{Plan, Presence};
use crate::{docs, CodegenError};

/// `src/lib.rs`.
pub(crate) fn lib_rs(plan: &Plan<'_>, crate_name: &str) -> Result<TokenStream, CodegenError> {
    let service = plan.service.shape;
    let mut lines = vec![
        format!("# {}", docs::escape_markdown(&plan.service.title)),
        String::new(),
    ];
    let service_docs = service
        .traits
        .documentation()
        .map(docs::html_to_markdown)
        .unwrap_or_default();
    if !service_docs.is_empty() {
        lines.extend(service_docs);
        lines.push(String::new());
    }
    lines.push(format!(
        "Generated from the Smithy model of `{}` (API version `{}`), protocol awsQuery.",
        service.id, plan.service.version
    ));
    if let Some(example) = usage_example(plan, crate_name)? {
        lines.push(String::new());
        lines.push("## Example".to_owned());
        lines.push(String::new());
        lines.extend(example);
    }
    let inner_docs = super::inner_doc_attrs(&lines);
    let endpoint_mod = super::endpoint::module_decl(plan);
    Ok(quote! {
        #inner_docs
        #![deny(missing_docs)]

        pub mod client;
        pub mod config;
        #endpoint_mod
        pub mod error;
        pub mod operation;
        pub mod types;

        mod query_ser;
        mod xml_de;

        pub use client::Client;
        pub use config::Config;
        pub use error::Error;

        /// Runtime types that appear in this crate's API.
        pub mod primitives {
            pub use ::stsgen_runtime::blob::Blob;
            pub use ::stsgen_runtime::datetime::DateTime;
            pub use ::stsgen_runtime::error::{ErrorMetadata, ProvideErrorMetadata, Unhandled};
            pub use ::stsgen_runtime::{BuildError, RequestId, SdkError};
        }

        /// The runtime crate, for transports, signing and everything else not re-exported.
        pub use ::stsgen_runtime as runtime;
    })
}

/// A `no_run` example calling an operation that needs no input, if there is one.
fn usage_example(plan: &Plan<'_>, crate_name: &str) -> Result<Option<Vec<String>>, CodegenError> {
    for op in &plan.operations {
        let needs_nothing = match op.input {
            None => true,
            Some(input) => {
                matches!(input.kind, ShapeKind::Structure { .. })
                    && plan
                        .members(input)?
                        .iter()
                        .all(|m| m.presence != Presence::Required)
            }
        };
        if needs_nothing && op.signed {
            let method = &op.module;
            return Ok(Some(vec![
                "```no_run".to_owned(),
                format!(
                    "# use {}::{{config::Credentials, Client, Config}};",
                    crate_name.replace('-', "_")
                ),
                "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
                "let config = Config::builder()".to_owned(),
                "    .region(\"us-east-1\")".to_owned(),
                "    .credentials(Credentials::new(\"AKIDEXAMPLE\", \"secret\", None))".to_owned(),
                "    .build();".to_owned(),
                "let client = Client::new(config);".to_owned(),
                format!("let output = client.{method}().send().await?;"),
                "println!(\"{output:?}\");".to_owned(),
                "# Ok(())".to_owned(),
                "# }".to_owned(),
                "```".to_owned(),
            ]));
        }
    }
    Ok(None)
}
