//! The `Params` struct, its `Default`, and the built-ins that `resolve_for_config` reads from
//! the client configuration.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use stsgen_model::rules::{Parameter, ParameterType, ParameterValue, RuleSet};

use super::expr::Ty;
use crate::{docs, naming};

/// How a parameter is stored in `Params`.
pub(super) struct Field<'r> {
    pub parameter: &'r Parameter,
    pub ident: Ident,
    /// The field is an `Option`: the parameter has no default.
    pub optional: bool,
}

impl Field<'_> {
    /// The rules-language type of the field's value.
    pub(super) fn ty(&self) -> Ty {
        let ty = match self.parameter.kind {
            ParameterType::String => Ty::Str,
            ParameterType::Boolean => Ty::Bool,
            ParameterType::StringArray => Ty::StrArray,
        };
        if self.optional {
            Ty::Opt(Box::new(ty))
        } else {
            ty
        }
    }

    fn borrows(&self) -> bool {
        self.parameter.kind != ParameterType::Boolean
    }

    fn rust_type(&self) -> TokenStream {
        let inner = match self.parameter.kind {
            ParameterType::String => quote!(&'a str),
            ParameterType::Boolean => quote!(bool),
            ParameterType::StringArray => quote!(&'a [&'a str]),
        };
        if self.optional {
            quote!(Option<#inner>)
        } else {
            inner
        }
    }
}

pub(super) fn fields(rules: &RuleSet) -> Vec<Field<'_>> {
    rules
        .parameters
        .iter()
        .map(|parameter| Field {
            parameter,
            ident: naming::field_ident(&parameter.name),
            optional: parameter.default.is_none(),
        })
        .collect()
}

/// `Params<'a>` when a field borrows, else `Params`.
pub(super) fn has_lifetime(fields: &[Field<'_>]) -> bool {
    fields.iter().any(Field::borrows)
}

/// A parameter value as Rust tokens (a `&'static` literal for strings).
pub(super) fn value_tokens(value: &ParameterValue) -> TokenStream {
    match value {
        ParameterValue::String(text) => quote!(#text),
        ParameterValue::Boolean(flag) => quote!(#flag),
        ParameterValue::StringArray(items) => quote!(&[#(#items),*]),
    }
}

/// The struct, its `Default` and `resolve_for_config`.
pub(super) fn params_items(fields: &[Field<'_>]) -> Result<TokenStream, String> {
    let lifetime = has_lifetime(fields).then(|| quote!(<'a>));
    let anonymous = has_lifetime(fields).then(|| quote!(<'_>));
    let definitions = fields.iter().map(|field| {
        let ident = &field.ident;
        let ty = field.rust_type();
        let docs = docs::doc_attrs(&field_docs(field.parameter));
        quote! {
            #docs
            pub #ident: #ty,
        }
    });
    let defaults = fields.iter().map(|field| {
        let ident = &field.ident;
        match &field.parameter.default {
            Some(value) => {
                let value = value_tokens(value);
                quote!(#ident: #value,)
            }
            None => quote!(#ident: None,),
        }
    });
    let from_config = fields
        .iter()
        .map(|field| built_in_field(field).map(|tokens| tokens.map(|t| (field, t))))
        .collect::<Result<Vec<_>, _>>()?;
    let set: Vec<TokenStream> = from_config
        .iter()
        .flatten()
        .map(|(field, value)| {
            let ident = &field.ident;
            quote!(#ident: #value,)
        })
        .collect();
    let rest = (set.len() < fields.len()).then(|| quote!(..Params::default()));
    let sources: Vec<String> = from_config
        .iter()
        .flatten()
        .filter_map(|(field, _)| {
            let built_in = field.parameter.built_in.as_deref()?;
            let accessor = accessor_name(built_in)?;
            Some(format!(
                "- `{}` (`{built_in}`): `Config::{accessor}()`",
                field.parameter.name
            ))
        })
        .collect();
    let mut config_docs = vec![
        "Resolves the endpoint for a client configuration: the parameters bound to SDK".to_owned(),
        "built-ins are read from `config`, the others keep their defaults.".to_owned(),
    ];
    if !sources.is_empty() {
        config_docs.push(String::new());
        config_docs.extend(sources);
    }
    let config_docs = docs::doc_attrs(&config_docs);
    let example = match fields.first() {
        Some(field) => {
            let value = match field.parameter.kind {
                ParameterType::String => "\"value\"",
                ParameterType::Boolean => "true",
                ParameterType::StringArray => "&[\"value\"]",
            };
            let value = if field.optional {
                format!("Some({value})")
            } else {
                value.to_owned()
            };
            format!(
                " `Params {{ {}: {value}, ..Params::default() }}`.",
                field.ident
            )
        }
        None => " `Params::default()`.".to_owned(),
    };
    // Clippy wants `#[derive(Default)]` when every default is the type's own.
    let derivable = fields.iter().all(|field| match &field.parameter.default {
        None => true,
        Some(ParameterValue::Boolean(flag)) => !flag,
        Some(ParameterValue::String(text)) => text.is_empty(),
        Some(ParameterValue::StringArray(items)) => items.is_empty(),
    });
    let (derive_default, default_impl) = if derivable {
        (quote!(Default,), TokenStream::new())
    } else {
        let default_impl = quote! {
            impl Default for Params #anonymous {
                fn default() -> Self {
                    Params {
                        #(#defaults)*
                    }
                }
            }
        };
        (TokenStream::new(), default_impl)
    };
    Ok(quote! {
        /// The parameters of [`resolve_endpoint`], one per rule-set parameter.
        ///
        /// `Params::default()` gives every parameter its rule-set default (unset when it has
        /// none); set fields with struct update syntax, as in
        #[doc = #example]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, #derive_default)]
        pub struct Params #lifetime {
            #(#definitions)*
        }

        #default_impl

        #config_docs
        pub fn resolve_for_config(
            config: &::stsgen_runtime::config::Config,
        ) -> Result<Endpoint, EndpointError> {
            let params = Params {
                #(#set)*
                #rest
            };
            resolve_endpoint(&params)
        }
    })
}

fn field_docs(parameter: &Parameter) -> Vec<String> {
    let mut lines = parameter
        .documentation
        .as_deref()
        .map(docs::html_to_markdown)
        .unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{}` parameter.", parameter.name));
    }
    let mut facts = vec![format!("Rule-set name: `{}`.", parameter.name)];
    if let Some(built_in) = &parameter.built_in {
        facts.push(format!("Built-in: `{built_in}`."));
    }
    match &parameter.default {
        Some(value) => facts.push(format!("Default: `{}`.", default_text(value))),
        None if parameter.required => facts.push("Required: resolution fails when unset.".into()),
        None => {}
    }
    if let Some(deprecated) = &parameter.deprecated {
        let mut text = "Deprecated".to_owned();
        if let Some(since) = &deprecated.since {
            text.push_str(&format!(" since {}", docs::escape_markdown(since)));
        }
        if let Some(message) = &deprecated.message {
            text.push_str(&format!(": {}", docs::escape_markdown(message)));
        }
        text.push('.');
        facts.push(text);
    }
    lines.push(String::new());
    lines.push(facts.join(" "));
    lines
}

fn default_text(value: &ParameterValue) -> String {
    match value {
        ParameterValue::String(text) => format!("{text:?}"),
        ParameterValue::Boolean(flag) => flag.to_string(),
        ParameterValue::StringArray(items) => format!("{items:?}"),
    }
}

/// The runtime `Config` accessor (and `ConfigBuilder` setter, which has the same name) for a
/// built-in, and the built-in's type. Strings read as `Option<&str>`, booleans as `bool`.
pub(super) fn accessor(built_in: &str) -> Option<(&'static str, ParameterType)> {
    Some(match built_in {
        "AWS::Region" => ("region", ParameterType::String),
        "SDK::Endpoint" => ("endpoint_url", ParameterType::String),
        "AWS::UseFIPS" => ("use_fips", ParameterType::Boolean),
        "AWS::UseDualStack" => ("use_dual_stack", ParameterType::Boolean),
        "AWS::STS::UseGlobalEndpoint" => ("use_global_endpoint", ParameterType::Boolean),
        _ => return None,
    })
}

fn accessor_name(built_in: &str) -> Option<&'static str> {
    accessor(built_in).map(|(name, _)| name)
}

/// `field: value` from the configuration, for a parameter bound to a known built-in.
fn built_in_field(field: &Field<'_>) -> Result<Option<TokenStream>, String> {
    let Some(built_in) = field.parameter.built_in.as_deref() else {
        return Ok(None);
    };
    let Some((name, kind)) = accessor(built_in) else {
        // Built-ins the runtime configuration does not carry keep the parameter's default.
        return Ok(None);
    };
    if kind != field.parameter.kind {
        return Err(format!(
            "the parameter `{}` is a {} but the built-in `{built_in}` is a {}",
            field.parameter.name,
            field.parameter.kind.name(),
            kind.name()
        ));
    }
    let method = quote::format_ident!("{}", name);
    let read = quote!(config.#method());
    Ok(Some(
        match (kind, field.optional, &field.parameter.default) {
            // Strings come as `Option<&str>`, booleans as `bool`.
            (ParameterType::String, true, _) => read,
            (ParameterType::String, false, Some(default)) => {
                let default = value_tokens(default);
                quote!(#read.unwrap_or(#default))
            }
            (_, true, _) => quote!(Some(#read)),
            _ => read,
        },
    ))
}
