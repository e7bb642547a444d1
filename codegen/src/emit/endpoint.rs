//! `src/endpoint.rs` (the resolver) and `tests/endpoint_tests.rs` (the model's endpoint test
//! cases), generated from the service's `smithy.rules#endpointRuleSet` and
//! `smithy.rules#endpointTests`. A service without a rule set gets neither.
//!
//! ```ignore
//! pub struct Params<'a> { pub region: Option<&'a str>, pub use_fips: bool, .. }   // + Default
//! pub fn resolve_endpoint(params: &Params<'_>) -> Result<Endpoint, EndpointError> {
//!     let region = params.region;
//!     // rules[0]
//!     if use_global_endpoint && endpoint.is_none() {
//!         if let Some(region) = region {
//!             if let Some(partition_result) = rt::resolve_partition(PARTITIONS, region) { .. }
//!         }
//!     }
//!     ..
//! }
//! pub fn resolve_for_config(config: &Config) -> Result<Endpoint, EndpointError> { .. }
//! static PARTITIONS: &[Partition] = &[..];   // when the rules call `aws.partition`
//! ```
//!
//! Rule comments are emitted as `__comment!("..");` marker statements (token streams cannot
//! carry comments) and turned into `// ..` lines after formatting.

mod expr;
mod params;
mod partitions;
mod rules;
mod tests;

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::rules::partitions::{Partitions, RegexPiece};
use stsgen_model::rules::{endpoint_tests, rule_set, RuleSet};
use stsgen_model::traits::ids;

use self::expr::{Cx, Env, Ty, Var};
use crate::plan::Plan;
use crate::{format, naming, CodegenError, GeneratedFile, Options};

/// `pub mod endpoint;` for `lib.rs` when the service has a rule set, else nothing.
pub(crate) fn module_decl(plan: &Plan<'_>) -> TokenStream {
    if plan.service.shape.traits.has(ids::ENDPOINT_RULE_SET) {
        quote!(
            pub mod endpoint;
        )
    } else {
        TokenStream::new()
    }
}

/// The resolver module and its test file, or nothing without a rule set.
pub(crate) fn endpoint_files(
    plan: &Plan<'_>,
    options: &Options,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let service = plan.service.shape;
    let Some(rules) = rule_set(service).map_err(CodegenError::Model)? else {
        return Ok(Vec::new());
    };
    let cases = endpoint_tests(service).map_err(CodegenError::Model)?;
    let fail = |message: String| {
        CodegenError::shape(
            &service.id,
            format!("trait `{}`: {message}", ids::ENDPOINT_RULE_SET),
        )
    };
    let module = endpoint_rs(&rules, options.partitions.as_ref()).map_err(fail)?;
    let path = "src/endpoint.rs";
    let contents = comments_to_lines(path, format::rust_file(path, module, options)?)?;
    let mut files = vec![GeneratedFile {
        path: path.to_owned(),
        contents,
    }];
    if !cases.is_empty() {
        let crate_ident = naming::ident_for_snake(&options.crate_name.replace('-', "_"));
        let fields = params::fields(&rules);
        let tests = tests::tests_file(&cases, &fields, &crate_ident).map_err(|message| {
            CodegenError::shape(
                &service.id,
                format!("trait `{}`: {message}", ids::ENDPOINT_TESTS),
            )
        })?;
        let path = "tests/endpoint_tests.rs";
        files.push(GeneratedFile {
            path: path.to_owned(),
            contents: format::rust_file(path, tests, options)?,
        });
    }
    Ok(files)
}

fn endpoint_rs(rules: &RuleSet, partitions: Option<&Partitions>) -> Result<TokenStream, String> {
    let cx = Cx {
        has_partitions: partitions.is_some(),
        ..Cx::default()
    };
    let fields = params::fields(rules);
    let params_items = params::params_items(&fields)?;

    let mut env = Env::default();
    // One destructuring `let` copies the parameters the rules read (and the required ones),
    // so no rule variable can shadow `params` before every field is read.
    let mut bound = Vec::new();
    let mut checks = Vec::new();
    for field in &fields {
        let name = &field.parameter.name;
        let ident = &field.ident;
        let used = rules.rules.iter().any(|rule| rules::rule_uses(rule, name));
        let mut ty = field.ty();
        if field.parameter.required && field.optional {
            let message = format!("the required endpoint parameter `{name}` is not set");
            if used {
                checks.push(quote! {
                    let Some(#ident) = #ident else {
                        return Err(EndpointError::new(#message));
                    };
                });
                ty = match ty {
                    Ty::Opt(inner) => *inner,
                    other => other,
                };
            } else {
                checks.push(quote! {
                    if #ident.is_none() {
                        return Err(EndpointError::new(#message));
                    }
                });
            }
            bound.push(ident.clone());
        } else if used {
            bound.push(ident.clone());
        }
        let var = Var {
            ident: ident.clone(),
            ty,
            owned: false,
        };
        env.bind(name, var)?;
    }
    let rest = (bound.len() < fields.len()).then(|| quote!(..));
    let mut prologue = Vec::new();
    if !bound.is_empty() {
        prologue.push(quote!(let Params { #(#bound,)* #rest } = *params;));
    }
    prologue.extend(checks);

    let block = rules::rules_block(&rules.rules, &env, "rules", true, &cx)?;
    let mut body = block.statements;
    if !block.total {
        body.push(rules::comment("No top-level rule applied."));
        body.push(quote!(Err(EndpointError::new(
            "no endpoint rule matched these parameters"
        ))));
    }

    let lifetime = params::has_lifetime(&fields).then(|| quote!(<'_>));
    let mut runtime_items = vec![quote!(Endpoint), quote!(EndpointError)];
    if cx.uses_property_value.get() {
        runtime_items.push(quote!(PropertyValue));
    }
    let mut table = TokenStream::new();
    if let (true, Some(data)) = (cx.uses_partitions.get(), partitions) {
        table = partitions::table(data);
        runtime_items.extend(partition_imports(data));
    }
    let rt_alias = cx.uses_rt.get().then(|| {
        quote!(
            use ::stsgen_runtime::endpoint as rt;
        )
    });
    let module_docs = module_docs(rules, partitions.filter(|_| cx.uses_partitions.get()));
    let module_docs = super::inner_doc_attrs(&module_docs);
    Ok(quote! {
        #module_docs

        use ::stsgen_runtime::endpoint::{#(#runtime_items),*};
        #rt_alias

        #params_items

        /// Resolves the endpoint for `params` by evaluating the rule set.
        ///
        /// Rules are tried in order and the first whose conditions all hold decides: it
        /// returns an endpoint or an error, or (a tree rule) its sub-rules are tried, and if
        /// none of those applies resolution fails rather than moving on. Each rule is marked
        /// with its place in the model's rule set (`rules[2].rules[0]`).
        ///
        /// # Errors
        ///
        /// The rule set's error message when an error rule applies (for example a FIPS
        /// request in a partition without FIPS endpoints), or a message saying no rule
        /// applied or a required parameter is missing.
        pub fn resolve_endpoint(params: &Params #lifetime) -> Result<Endpoint, EndpointError> {
            #(#prologue)*
            #(#body)*
        }

        #table
    })
}

fn module_docs(rules: &RuleSet, partitions: Option<&Partitions>) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Endpoint resolution, generated from the model's `smithy.rules#endpointRuleSet` \
             (rules engine {}).",
            rules.version
        ),
        String::new(),
        "[`resolve_endpoint`] maps [`Params`] to an endpoint (URL, properties such as".to_owned(),
        "`authSchemes`, headers) or an error; [`resolve_for_config`] fills the parameters from a"
            .to_owned(),
        "client configuration. The model's endpoint test cases are in `tests/endpoint_tests.rs`."
            .to_owned(),
    ];
    if let Some(data) = partitions {
        lines.push(String::new());
        lines.push(format!(
            "`aws.partition` uses the partitions data (version {}) compiled in at generation time:",
            data.version
        ));
        let ids: Vec<String> = data
            .partitions
            .iter()
            .map(|p| format!("`{}`", p.id))
            .collect();
        lines.push(format!("{}.", ids.join(", ")));
    }
    lines
}

/// The runtime partition types the table uses.
fn partition_imports(data: &Partitions) -> Vec<TokenStream> {
    let mut items = vec![
        quote!(Partition),
        quote!(PartitionOutputs),
        quote!(PartitionRegion),
        quote!(RegionRegex),
    ];
    let pieces = || data.partitions.iter().flat_map(|p| &p.region_regex.pieces);
    if pieces().next().is_some() {
        items.push(quote!(RegexPiece));
    }
    if pieces().any(|p| matches!(p, RegexPiece::Class(_) | RegexPiece::OneOrMore(_))) {
        items.push(quote!(CharClass));
    }
    let overrides = data
        .partitions
        .iter()
        .flat_map(|p| &p.regions)
        .any(|r| !r.overrides.is_empty());
    if overrides {
        items.push(quote!(OutputOverrides));
    }
    items
}

/// Replaces each `__comment!("text");` statement with `// text` at the same indentation
/// (prettyplease may have split a long one over several lines).
fn comments_to_lines(path: &str, text: String) -> Result<String, CodegenError> {
    const MARKER: &str = "__comment!(";
    let bug = |message: String| CodegenError::InvalidTokens {
        path: path.to_owned(),
        message,
    };
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(MARKER) else {
            if trimmed.contains(MARKER) {
                return Err(bug(format!("a comment marker shares a line: `{line}`")));
            }
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut call = rest.to_owned();
        while !call.trim_end().ends_with(");") {
            let next = lines
                .next()
                .ok_or_else(|| bug(format!("an unterminated comment marker: `{line}`")))?;
            call.push_str(next.trim());
        }
        let literal = call.trim_end().trim_end_matches(");").trim_end_matches(',');
        let literal: syn::LitStr = syn::parse_str(literal)
            .map_err(|error| bug(format!("a bad comment marker `{call}`: {error}")))?;
        out.push_str(&line[..line.len() - trimmed.len()]);
        out.push_str("// ");
        out.push_str(&literal.value());
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod unit_tests {
    use super::*;
    use serde_json::json;

    fn rule_set_of(parameters: serde_json::Value, rules: serde_json::Value) -> RuleSet {
        let model = json!({
            "smithy": "2.0",
            "shapes": { "ex#Svc": { "type": "service", "version": "1", "traits": {
                "smithy.rules#endpointRuleSet": { "version": "1.0", "parameters": parameters, "rules": rules }
            } } }
        });
        let model = match stsgen_model::load_str(&model.to_string()) {
            Ok(model) => model,
            Err(error) => panic!("{error}"),
        };
        match model.service().map(rule_set) {
            Ok(Ok(Some(rules))) => rules,
            other => panic!("no rule set: {other:?}"),
        }
    }

    fn region_param() -> serde_json::Value {
        json!({ "Region": { "type": "string", "builtIn": "AWS::Region" } })
    }

    fn generate(parameters: serde_json::Value, rules: serde_json::Value) -> Result<String, String> {
        let tokens = endpoint_rs(&rule_set_of(parameters, rules), None)?;
        let options = Options::new("demo", "../runtime", "demo.json", b"{}");
        let path = "src/endpoint.rs";
        let text = format::rust_file(path, tokens, &options).map_err(|e| e.to_string())?;
        comments_to_lines(path, text).map_err(|e| e.to_string())
    }

    fn error_rule(conditions: serde_json::Value) -> serde_json::Value {
        json!([{ "type": "error", "conditions": conditions, "error": "x" }])
    }

    #[test]
    fn comment_markers_become_line_comments() {
        let text = "fn f() {\n    __comment!(\"rules[0]: a \\\"quoted\\\" note\");\n    __comment!(\n        \"long\",\n    );\n}\n";
        assert_eq!(
            comments_to_lines("x.rs", text.to_owned()).expect("converts"),
            "fn f() {\n    // rules[0]: a \"quoted\" note\n    // long\n}\n"
        );
        let shared = comments_to_lines("x.rs", "let a = 1; __comment!(\"x\");\n".to_owned());
        assert!(shared.is_err());
        let open = comments_to_lines("x.rs", "__comment!(\n\"x\"\n".to_owned());
        assert!(open.is_err());
    }

    #[test]
    fn is_set_narrows_only_when_the_value_is_read_later() {
        let text = generate(
            region_param(),
            json!([
                { "type": "endpoint", "conditions": [ { "fn": "isSet", "argv": [ { "ref": "Region" } ] } ],
                  "endpoint": { "url": "https://{Region}.example.com" } },
                { "type": "error", "conditions": [ { "fn": "isSet", "argv": [ { "ref": "Region" } ] } ], "error": "set" },
                { "type": "error", "conditions": [], "error": "unset" }
            ]),
        )
        .expect("generates");
        assert!(text.contains("if let Some(region) = region {"), "{text}");
        assert!(
            text.contains("let url = [\"https://\", region, \".example.com\"].concat();"),
            "{text}"
        );
        assert!(text.contains("if region.is_some() {"), "{text}");
        assert!(
            text.contains("    // rules[2]\n    Err(EndpointError::new(\"unset\"))\n}"),
            "{text}"
        );
    }

    #[test]
    fn equal_results_for_one_variable_become_matches() {
        let compare = |value: &str| {
            json!({ "type": "error", "conditions": [
                { "fn": "stringEquals", "argv": [ { "ref": "Region" }, value ] }
            ], "error": "legacy" })
        };
        let text = generate(
            json!({ "Region": { "type": "string", "required": true, "default": "a" } }),
            json!([compare("a"), compare("b"), compare("c"), { "type": "error", "conditions": [], "error": "other" }]),
        )
        .expect("generates");
        assert!(
            text.contains(
                "// rules[0] to rules[2]: `Region` is one of 3 values, all with the same result"
            ),
            "{text}"
        );
        assert!(
            text.contains("if matches!(region, \"a\" | \"b\" | \"c\")"),
            "{text}"
        );
        // A non-trivial default means a hand-written `Default`.
        assert!(text.contains("impl Default for Params<'_>"), "{text}");
    }

    #[test]
    fn trees_end_with_the_exhaustion_error_and_required_parameters_are_checked() {
        let text = generate(
            json!({ "Bucket": { "type": "string", "required": true } }),
            json!([{ "type": "tree", "conditions": [], "rules": [
                { "type": "error", "conditions": [ { "fn": "isValidHostLabel", "argv": [ { "ref": "Bucket" }, false ] } ], "error": "ok" }
            ] }]),
        )
        .expect("generates");
        assert!(text.contains("let Params { bucket } = *params;"), "{text}");
        assert!(text.contains("let Some(bucket) = bucket else {"), "{text}");
        assert!(
            text.contains("the required endpoint parameter `Bucket` is not set"),
            "{text}"
        );
        assert!(
            text.contains("no endpoint rule under `rules[0].rules` matched these parameters"),
            "{text}"
        );
    }

    #[test]
    fn unsupported_functions_are_named_with_their_location() {
        let error = generate(
            region_param(),
            error_rule(json!([{ "fn": "coalesce", "argv": [ { "ref": "Region" }, "x" ] }])),
        )
        .expect_err("rejected");
        assert!(
            error.starts_with("at `rules[0].conditions[0]`: `coalesce`: the function `coalesce` is not supported by this generator (supported: isSet, "),
            "{error}"
        );
    }

    #[test]
    fn type_errors_are_reported() {
        let optional = generate(
            region_param(),
            error_rule(json!([{ "fn": "parseURL", "argv": [ { "ref": "Region" } ] }])),
        )
        .expect_err("rejected");
        assert_eq!(
            optional,
            "at `rules[0].conditions[0]`: `parseURL`: argument 1 may be unset here; guard it with `isSet` first"
        );
        let wrong = generate(
            region_param(),
            error_rule(json!([{ "fn": "booleanEquals", "argv": [ { "ref": "Region" }, true ] }])),
        )
        .expect_err("rejected");
        assert_eq!(
            wrong,
            "at `rules[0].conditions[0]`: `booleanEquals`: argument 1 must be a boolean, found a string that may be unset"
        );
        let path = generate(
            region_param(),
            error_rule(json!([
                { "fn": "isSet", "argv": [ { "ref": "Region" } ] },
                { "fn": "parseURL", "argv": [ { "ref": "Region" } ], "assign": "url" },
                { "fn": "getAttr", "argv": [ { "ref": "url" }, "host" ] }
            ])),
        )
        .expect_err("rejected");
        assert_eq!(
            path,
            "at `rules[0].conditions[2]`: `getAttr` path `host` does not exist on a URL"
        );
    }

    #[test]
    fn aws_partition_needs_partitions_data() {
        let error = generate(
            json!({ "Region": { "type": "string", "required": true, "default": "us-east-1" } }),
            error_rule(
                json!([{ "fn": "aws.partition", "argv": [ { "ref": "Region" } ], "assign": "p" }]),
            ),
        )
        .expect_err("rejected");
        assert_eq!(
            error,
            "at `rules[0].conditions[0]`: `aws.partition`: needs the AWS partitions data, and none was given to the generator"
        );
    }
}
