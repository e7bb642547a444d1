//! The `Client` and the `config` module.
//!
//! ```ignore
//! #[derive(Clone, Debug)]
//! pub struct Client { handle: Arc<Handle> }
//! impl Client {
//!     pub fn new(config: Config) -> Self { .. }
//!     pub fn assume_role(&self) -> AssumeRoleFluentBuilder { .. }   // one per operation, sorted
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs;
use crate::plan::Plan;
use crate::CodegenError;

/// `src/client.rs`.
pub(crate) fn client_rs(plan: &Plan<'_>) -> Result<TokenStream, CodegenError> {
    let title = &plan.service.title;
    let methods = plan.operations.iter().map(|op| {
        let module = &op.module;
        let fluent = op.type_name("FluentBuilder");
        let summary = op
            .shape
            .traits
            .documentation()
            .map(docs::html_to_markdown)
            .and_then(|lines| first_sentence(&lines))
            .unwrap_or_else(|| format!("Calls `{}`.", op.name));
        let doc = format!(" Starts a `{}` request. {summary}", op.name);
        // rustdoc cannot resolve a path through a raw identifier (`r#match`): name it in code instead.
        let see = if module.to_string().starts_with("r#") {
            format!(" See `{fluent}` in `crate::operation` for the members to set.")
        } else {
            format!(
                " See [`{fluent}`](crate::operation::{module}::{fluent}) for the members to set."
            )
        };
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #see]
            pub fn #module(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#fluent::new(self.handle.clone())
            }
        }
    });
    let client_doc = format!(" A client for {title}.");
    let signing_name = &plan.service.signing_name;
    let endpoint_prefix = &plan.service.endpoint_prefix;
    let version = &plan.service.version;
    let service_name = plan.service.shape.id.name();
    // With endpoint rules in the model, every request resolves through the generated resolver.
    let resolver = if plan
        .service
        .shape
        .traits
        .has(stsgen_model::traits::ids::ENDPOINT_RULE_SET)
    {
        quote!(Some(crate::endpoint::resolve_for_config))
    } else {
        quote!(None)
    };
    Ok(quote! {
        //! The client: one method per operation, each returning a fluent builder.

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share the configuration, the connection pool and the
        /// credentials cache.
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::std::sync::Arc<::stsgen_runtime::Handle>,
        }

        impl Client {
            /// Creates a client from a configuration.
            pub fn new(config: crate::Config) -> Self {
                Client {
                    handle: ::std::sync::Arc::new(::stsgen_runtime::Handle::new(config, SERVICE)),
                }
            }

            /// The configuration this client was created with.
            pub fn config(&self) -> &crate::Config {
                self.handle.config()
            }

            #(#methods)*
        }

        /// What the runtime needs to know about this service.
        const SERVICE: ::stsgen_runtime::ServiceMetadata = ::stsgen_runtime::ServiceMetadata {
            name: #service_name,
            signing_name: #signing_name,
            endpoint_prefix: #endpoint_prefix,
            api_version: #version,
            resolve_endpoint: #resolver,
        };
    })
}

/// The first sentence of the first paragraph, if it is short enough for a summary line.
fn first_sentence(lines: &[String]) -> Option<String> {
    let paragraph: Vec<&str> = lines
        .iter()
        .take_while(|l| !l.is_empty())
        .map(String::as_str)
        .collect();
    let paragraph = paragraph.join(" ");
    let end = paragraph
        .find(". ")
        .map(|i| i + 1)
        .unwrap_or(paragraph.len());
    let sentence = paragraph[..end].trim();
    (!sentence.is_empty() && sentence.len() <= 300 && !sentence.starts_with(['-', '>', '*']))
        .then(|| sentence.to_owned())
}

/// `src/config.rs`.
pub(crate) fn config_rs(_plan: &Plan<'_>) -> Result<TokenStream, CodegenError> {
    Ok(quote! {
        //! Client configuration: region, credentials, endpoint override, transport and retries.
        //! These are the runtime's types, re-exported so callers need only this crate.

        pub use ::stsgen_runtime::config::{Config, ConfigBuilder};
        pub use ::stsgen_runtime::credentials::{Credentials, ProvideCredentials};
        pub use ::stsgen_runtime::retry::RetryConfig;
    })
}
