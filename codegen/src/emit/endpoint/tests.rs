//! `tests/endpoint_tests.rs`: every `smithy.rules#endpointTests` case as its own `#[test]`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::rules::{EndpointTestCase, ExpectedValue, OperationInput, TestExpectation};

use super::params::{accessor, value_tokens, Field};
use crate::naming;

/// The test file, for the crate `crate_ident`.
pub(super) fn tests_file(
    cases: &[EndpointTestCase],
    fields: &[Field<'_>],
    crate_ident: &proc_macro2::Ident,
) -> Result<TokenStream, String> {
    let mut names = BTreeSet::new();
    let mut tests = Vec::new();
    let mut config_tests = 0;
    let mut not_generated = 0;
    for (index, case) in cases.iter().enumerate() {
        let name = unique_name(case, index, &mut names);
        tests.push(params_test(case, index, &name, fields)?);
        for (input_index, input) in case.operation_inputs.iter().enumerate() {
            let Some(config) = config_tokens(input) else {
                not_generated += 1;
                continue;
            };
            let suffix = if case.operation_inputs.len() > 1 {
                format!("_via_config_{input_index}")
            } else {
                "_via_config".to_owned()
            };
            let test_name = unique_name_from(&format!("{name}{suffix}"), &mut names);
            let ident = naming::ident_for_snake(&test_name);
            let what = case.documentation.as_deref().unwrap_or("(undocumented)");
            let doc = format!(
                " Case {index} through a client configuration (as for `{}`): {what}",
                input.operation_name
            );
            let check = check(case, &quote!(resolve_for_config(&config)));
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #ident() {
                    let config = #config;
                    #check
                }
            });
            config_tests += 1;
        }
    }
    let uses_property_value = cases.iter().any(
        |case| matches!(&case.expect, TestExpectation::Endpoint(e) if !e.properties.is_empty()),
    );
    let mut docs = vec![
        format!(
            "The model's `smithy.rules#endpointTests`: {} cases, one test each, checking the whole",
            cases.len()
        ),
        "resolved endpoint (URL, properties and headers) or the exact error message.".to_owned(),
    ];
    if config_tests > 0 || not_generated > 0 {
        docs.push(String::new());
        docs.push(format!(
            "The {config_tests} SDK-level variants (`operationInputs`) run through `resolve_for_config`"
        ));
        docs.push("with a client configuration holding their built-in values.".to_owned());
    }
    if not_generated > 0 {
        docs.push(format!(
            "{not_generated} more set client or operation parameters, or built-ins the configuration"
        ));
        docs.push("does not carry, and are not generated.".to_owned());
    }
    let module_docs = super::super::inner_doc_attrs(&docs);
    let runtime_items = if uses_property_value {
        quote!({Endpoint, PropertyValue})
    } else {
        quote!(Endpoint)
    };
    let config_import = (config_tests > 0).then(|| quote!(use #crate_ident::config::Config;));
    let resolve_items = if config_tests > 0 {
        quote!({resolve_endpoint, resolve_for_config, Params})
    } else {
        quote!({resolve_endpoint, Params})
    };
    Ok(quote! {
        #module_docs

        #config_import
        use #crate_ident::endpoint::#resolve_items;
        use #crate_ident::runtime::endpoint::#runtime_items;

        #(#tests)*
    })
}

/// `Config::builder().region(..)...build()` for the input's built-ins, when the runtime
/// configuration carries all of them and the input sets nothing else.
fn config_tokens(input: &OperationInput) -> Option<TokenStream> {
    if !input.client_params.is_empty() || !input.operation_params.is_empty() {
        return None;
    }
    let mut setters = Vec::new();
    for (built_in, value) in &input.built_in_params {
        let (setter, kind) = accessor(built_in)?;
        if value.kind() != kind {
            return None;
        }
        let setter = quote::format_ident!("{}", setter);
        let value = value_tokens(value);
        setters.push(quote!(.#setter(#value)));
    }
    Some(quote!(Config::builder() #(#setters)* .build()))
}

/// The case's documentation in snake case (`case_<n>` without any), made unique.
fn unique_name(case: &EndpointTestCase, index: usize, taken: &mut BTreeSet<String>) -> String {
    let base = case
        .documentation
        .as_deref()
        .map(naming::snake)
        .map(|name| {
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| format!("case_{index}"));
    unique_name_from(&base, taken)
}

/// `base`, or `base_2`, `base_3`, ... when taken; records the result.
fn unique_name_from(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_owned();
    let mut suffix = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{suffix}");
        suffix += 1;
    }
    name
}

fn params_test(
    case: &EndpointTestCase,
    index: usize,
    name: &str,
    fields: &[Field<'_>],
) -> Result<TokenStream, String> {
    let ident = naming::ident_for_snake(name);
    let what = case.documentation.as_deref().unwrap_or("(undocumented)");
    let doc = format!(" Case {index}: {what}");
    let params = params(case, fields)?;
    let check = check(case, &quote!(resolve_endpoint(&params)));
    Ok(quote! {
        #[doc = #doc]
        #[test]
        fn #ident() {
            let params = #params;
            #check
        }
    })
}

/// Statements comparing `resolution` (a `Result<Endpoint, EndpointError>`) with the case's
/// expectation.
fn check(case: &EndpointTestCase, resolution: &TokenStream) -> TokenStream {
    match &case.expect {
        TestExpectation::Endpoint(expected) => {
            let url = &expected.url;
            let properties = expected.properties.iter().map(|(key, value)| {
                let value = expected_value(value);
                quote!(.with_property(#key, #value))
            });
            let headers = expected.headers.iter().flat_map(|(name, values)| {
                values
                    .iter()
                    .map(move |value| quote!(.with_header(#name, #value)))
            });
            quote! {
                let expected = Endpoint::new(#url) #(#properties)* #(#headers)*;
                let resolved = #resolution;
                assert_eq!(resolved, Ok(expected));
            }
        }
        TestExpectation::Error(message) => quote! {
            let error = #resolution.expect_err("resolution should fail");
            assert_eq!(error.message(), #message);
        },
    }
}

/// `Params { .. }` with the case's values.
fn params(case: &EndpointTestCase, fields: &[Field<'_>]) -> Result<TokenStream, String> {
    if case.params.is_empty() {
        return Ok(quote!(Params::default()));
    }
    let mut set = Vec::new();
    for field in fields {
        let Some(value) = case.params.get(&field.parameter.name) else {
            continue;
        };
        if value.kind() != field.parameter.kind {
            return Err(format!(
                "test case `{}` sets `{}` to a {} value",
                case.documentation.as_deref().unwrap_or("(undocumented)"),
                field.parameter.name,
                value.kind().name()
            ));
        }
        let ident = &field.ident;
        let tokens = value_tokens(value);
        set.push(if field.optional {
            quote!(#ident: Some(#tokens),)
        } else {
            quote!(#ident: #tokens,)
        });
    }
    let rest = (set.len() < fields.len()).then(|| quote!(..Params::default()));
    Ok(quote!(Params { #(#set)* #rest }))
}

fn expected_value(value: &ExpectedValue) -> TokenStream {
    match value {
        ExpectedValue::String(text) => quote!(#text.into()),
        ExpectedValue::Bool(flag) => quote!(#flag.into()),
        ExpectedValue::Array(items) => {
            let items = items.iter().map(expected_value);
            quote!(PropertyValue::array([#(#items),*]))
        }
        ExpectedValue::Map(entries) => {
            let entries = entries.iter().map(|(key, item)| {
                let item = expected_value(item);
                quote!((#key, #item))
            });
            quote!(PropertyValue::map([#(#entries),*]))
        }
    }
}
