//! The rule tree to nested `if` / `if let` blocks.
//!
//! A rule's conditions become, in order: boolean tests (consecutive ones joined with `&&`),
//! `if let Some(x) = ..` for `isSet` on a parameter and for assignments of values that may be
//! unset, and `let` for other assignments. The body returns the endpoint or error; a tree's
//! body is its sub-rules followed, unless the last one always applies, by the "no rule
//! matched" error the specification requires (evaluation does not fall back to the parent).

use proc_macro2::TokenStream;
use quote::quote;
use stsgen_model::rules::{
    Condition, EndpointTemplate, Expr, PropertyTemplate, Rule, RuleKind, TemplatePart,
};

use super::expr::{lower, lower_template, Cx, Env, Lit, Ty, Value, Var};
use crate::naming;

/// The statements of a rule list, and whether the list always returns.
pub(super) struct Block {
    pub statements: Vec<TokenStream>,
    pub total: bool,
}

/// A comment line in the generated code; `endpoint.rs` turns the marker into `// text`.
pub(super) fn comment(text: &str) -> TokenStream {
    quote!(__comment!(#text);)
}

/// Lowers `rules` (at `path`, such as `rules[2].rules`). In `tail` position the final rule's
/// result is the block's value instead of a `return`.
pub(super) fn rules_block(
    rules: &[Rule],
    env: &Env,
    path: &str,
    tail: bool,
    cx: &Cx,
) -> Result<Block, String> {
    let mut statements = Vec::new();
    let mut index = 0;
    while let Some(rule) = rules.get(index) {
        let rule_path = format!("{path}[{index}]");
        if let Some(run) = equality_run(&rules[index..], env) {
            // Consecutive rules that differ only in the string they compare one variable with
            // become one `matches!`, which also compiles to a single comparison tree.
            let last = index + run.values.len() - 1;
            statements.push(comment(&format!(
                "{rule_path} to {path}[{last}]: `{}` is one of {} values, all with the same result",
                run.name,
                run.values.len()
            )));
            let body = body(rule, env, &rule_path, false, cx)?;
            let ident = &run.ident;
            let values = &run.values;
            statements.push(quote!(if matches!(#ident, #(#values)|*) { #(#body)* }));
            index = last + 1;
            continue;
        }
        index += 1;
        let mut scope = env.clone();
        let steps = conditions(rule, &mut scope, cx, &rule_path)?;
        let total = steps.iter().all(|s| matches!(s, Step::Let { .. }));
        let line = match &rule.documentation {
            Some(doc) => format!(
                "{rule_path}: {}",
                doc.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            None => rule_path.clone(),
        };
        statements.push(comment(&line));
        let body = body(rule, &scope, &rule_path, tail && total, cx)?;
        let mut block = wrap(&steps, body);
        if total {
            // Later siblings can never run.
            statements.extend(block);
            return Ok(Block {
                statements,
                total: true,
            });
        }
        if block.len() > 1 {
            // Leading `let`s are scoped to the rule, so siblings may reuse the names.
            block = vec![quote!({ #(#block)* })];
        }
        statements.extend(block);
    }
    Ok(Block {
        statements,
        total: false,
    })
}

/// Consecutive rules `stringEquals(X, "<literal>")` with the same variable and result.
struct EqualityRun<'r> {
    name: &'r str,
    ident: proc_macro2::Ident,
    values: Vec<&'r str>,
}

fn equality_run<'r>(rules: &'r [Rule], env: &Env) -> Option<EqualityRun<'r>> {
    let compared = |rule: &'r Rule| -> Option<(&'r str, &'r str)> {
        let [Condition {
            expr: Expr::Call(call),
            assign: None,
        }] = rule.conditions.as_slice()
        else {
            return None;
        };
        if call.function != "stringEquals" {
            return None;
        }
        match call.args.as_slice() {
            [Expr::Ref(name), Expr::String(text)] | [Expr::String(text), Expr::Ref(name)] => {
                Some((name.as_str(), text.as_literal()?))
            }
            _ => None,
        }
    };
    let first = rules.first()?;
    let (name, _) = compared(first)?;
    let var = env.get(name).filter(|v| v.ty == Ty::Str && !v.owned)?;
    let values: Vec<&str> = rules
        .iter()
        .map_while(|rule| {
            let (other, value) = compared(rule)?;
            (other == name && rule.kind == first.kind).then_some(value)
        })
        .collect();
    (values.len() > 1).then(|| EqualityRun {
        name,
        ident: var.ident.clone(),
        values,
    })
}

/// What a rule does once its conditions hold.
fn body(
    rule: &Rule,
    env: &Env,
    path: &str,
    tail: bool,
    cx: &Cx,
) -> Result<Vec<TokenStream>, String> {
    let result = |value: TokenStream| {
        if tail {
            value
        } else {
            quote!(return #value;)
        }
    };
    match &rule.kind {
        RuleKind::Endpoint(endpoint) => {
            let (mut statements, endpoint) = endpoint_tokens(endpoint, env, cx, path)?;
            statements.push(result(quote!(Ok(#endpoint))));
            Ok(statements)
        }
        RuleKind::Error(message) => {
            let at = format!("{path}.error");
            let value = lower(message, env, cx).map_err(|m| located(&at, m))?;
            let message = error_message(&value).map_err(|m| located(&at, m))?;
            Ok(vec![result(quote!(Err(EndpointError::new(#message))))])
        }
        RuleKind::Tree(children) => {
            let children_path = format!("{path}.rules");
            let block = rules_block(children, env, &children_path, tail, cx)?;
            let mut statements = block.statements;
            if !block.total {
                let message =
                    format!("no endpoint rule under `{children_path}` matched these parameters");
                statements.push(comment(
                    "None of the sub-rules applied: the rules engine stops here rather than trying the next rule.",
                ));
                statements.push(result(quote!(Err(EndpointError::new(#message)))));
            }
            Ok(statements)
        }
    }
}

/// `at `path`: message`.
pub(super) fn located(path: &str, message: String) -> String {
    format!("at `{path}`: {message}")
}

/// One lowered condition.
enum Step {
    /// `if <test> { .. }` (joined with neighbouring tests by `&&`).
    Test(TokenStream),
    /// `if let Some(<ident>) = <expr> { .. }`.
    IfLet {
        ident: proc_macro2::Ident,
        expr: TokenStream,
    },
    /// `let <ident> = <expr>;`
    Let {
        ident: proc_macro2::Ident,
        expr: TokenStream,
    },
}

fn conditions(rule: &Rule, env: &mut Env, cx: &Cx, path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for (index, condition) in rule.conditions.iter().enumerate() {
        let at = format!("{path}.conditions[{index}]");
        let used_later = |name: &str| {
            rule.conditions[index + 1..]
                .iter()
                .any(|c| expr_uses(&c.expr, name))
                || kind_uses(&rule.kind, name)
        };
        steps.extend(condition_step(condition, env, cx, &used_later).map_err(|m| located(&at, m))?);
    }
    Ok(steps)
}

fn condition_step(
    condition: &Condition,
    env: &mut Env,
    cx: &Cx,
    used_later: &dyn Fn(&str) -> bool,
) -> Result<Vec<Step>, String> {
    // `isSet(Param)` narrows the parameter for the rest of the rule, when the rest reads it.
    if let (Expr::Call(call), None) = (&condition.expr, &condition.assign) {
        if let (true, [Expr::Ref(name)]) = (call.function == "isSet", call.args.as_slice()) {
            if let Some(var) = env.get(name).filter(|v| matches!(v.ty, Ty::Opt(_))) {
                let ident = var.ident.clone();
                if used_later(name) {
                    env.narrow(name);
                    return Ok(vec![Step::IfLet {
                        expr: quote!(#ident),
                        ident,
                    }]);
                }
                return Ok(vec![Step::Test(quote!(#ident.is_some()))]);
            }
        }
    }
    let value = lower(&condition.expr, env, cx)?;
    let Some(name) = condition.assign.as_deref().filter(|name| used_later(name)) else {
        return Ok(test(&value).into_iter().collect());
    };
    let ident = naming::field_ident(name);
    let expr = value.tokens.clone();
    Ok(match value.ty {
        Ty::Opt(inner) => {
            let var = Var {
                ident: ident.clone(),
                ty: *inner,
                owned: false,
            };
            env.bind(name, var)?;
            vec![Step::IfLet { ident, expr }]
        }
        Ty::Bool => {
            // A `false` result fails the condition, so the bound value is also tested.
            let var = Var {
                ident: ident.clone(),
                ty: Ty::Bool,
                owned: false,
            };
            env.bind(name, var)?;
            vec![
                Step::Let {
                    ident: ident.clone(),
                    expr,
                },
                Step::Test(quote!(#ident)),
            ]
        }
        ty => {
            let var = Var {
                ident: ident.clone(),
                ty,
                owned: value.owned,
            };
            env.bind(name, var)?;
            vec![Step::Let { ident, expr }]
        }
    })
}

/// The test a condition without a binding makes: a boolean as it is, "is set" for a value
/// that may be unset, nothing for a value that is always set.
fn test(value: &Value) -> Option<Step> {
    match (&value.ty, &value.lit) {
        (Ty::Bool, Some(Lit::Bool(true))) => None,
        (Ty::Bool, _) => Some(Step::Test(value.tokens.clone())),
        (Ty::Opt(_), _) => {
            let tokens = &value.tokens;
            Some(Step::Test(quote!(#tokens.is_some())))
        }
        _ => None,
    }
}

/// Nests `body` inside the steps.
fn wrap(steps: &[Step], body: Vec<TokenStream>) -> Vec<TokenStream> {
    let Some(first) = steps.first() else {
        return body;
    };
    match first {
        Step::Let { ident, expr } => {
            let mut out = vec![quote!(let #ident = #expr;)];
            out.extend(wrap(&steps[1..], body));
            out
        }
        Step::IfLet { ident, expr } => {
            let inner = wrap(&steps[1..], body);
            vec![quote!(if let Some(#ident) = #expr { #(#inner)* })]
        }
        Step::Test(_) => {
            let tests: Vec<&TokenStream> = steps
                .iter()
                .map_while(|s| match s {
                    Step::Test(t) => Some(t),
                    _ => None,
                })
                .collect();
            let inner = wrap(&steps[tests.len()..], body);
            // A bound boolean that a later condition compares with `true` is tested once.
            let mut seen = Vec::new();
            let tests: Vec<&TokenStream> = tests
                .into_iter()
                .filter(|test| {
                    let text = test.to_string();
                    let first = !seen.contains(&text);
                    seen.push(text);
                    first
                })
                .collect();
            vec![quote!(if #(#tests)&&* { #(#inner)* })]
        }
    }
}

/// `Endpoint::new(url).with_property(..).with_header(..)`, after a `let` for a URL that is
/// built with `format!` (which reads better than a `format!` nested in the chain).
fn endpoint_tokens(
    endpoint: &EndpointTemplate,
    env: &Env,
    cx: &Cx,
    path: &str,
) -> Result<(Vec<TokenStream>, TokenStream), String> {
    let at = format!("{path}.endpoint");
    let url_at = format!("{at}.url");
    let url = lower(&endpoint.url, env, cx).map_err(|m| located(&url_at, m))?;
    if url.ty != Ty::Str {
        return Err(located(
            &url_at,
            "the URL must be a string that is always set".to_owned(),
        ));
    }
    let mut statements = Vec::new();
    let url_tokens = if url.owned {
        let ident = env.fresh_ident("url");
        let value = &url.tokens;
        statements.push(quote!(let #ident = #value;));
        quote!(#ident)
    } else {
        url.tokens
    };
    let mut tokens = quote!(Endpoint::new(#url_tokens));
    for (name, value) in &endpoint.properties {
        let value =
            property(value, env, cx).map_err(|m| located(&format!("{at}.properties.{name}"), m))?;
        tokens = quote!(#tokens.with_property(#name, #value));
    }
    for (name, values) in &endpoint.headers {
        for (index, value) in values.iter().enumerate() {
            let header_at = format!("{at}.headers.{name}[{index}]");
            let value = lower(value, env, cx).map_err(|m| located(&header_at, m))?;
            if value.ty != Ty::Str {
                return Err(located(
                    &header_at,
                    "a header value must be a string that is always set".to_owned(),
                ));
            }
            let value = &value.tokens;
            tokens = quote!(#tokens.with_header(#name, #value));
        }
    }
    Ok((statements, tokens))
}

fn property(value: &PropertyTemplate, env: &Env, cx: &Cx) -> Result<TokenStream, String> {
    Ok(match value {
        PropertyTemplate::String(template) => {
            let value = lower_template(template, env, cx)?;
            let tokens = &value.tokens;
            quote!(#tokens.into())
        }
        PropertyTemplate::Bool(flag) => quote!(#flag.into()),
        PropertyTemplate::Array(items) => {
            cx.uses_property_value.set(true);
            let items = items
                .iter()
                .map(|item| property(item, env, cx))
                .collect::<Result<Vec<_>, _>>()?;
            quote!(PropertyValue::array([#(#items),*]))
        }
        PropertyTemplate::Map(entries) => {
            cx.uses_property_value.set(true);
            let entries = entries
                .iter()
                .map(|(key, item)| {
                    let item = property(item, env, cx)?;
                    Ok(quote!((#key, #item)))
                })
                .collect::<Result<Vec<_>, String>>()?;
            quote!(PropertyValue::map([#(#entries),*]))
        }
    })
}

/// The argument of `EndpointError::new`: a `'static` literal or an owned `String`.
fn error_message(value: &Value) -> Result<TokenStream, String> {
    if value.ty != Ty::Str {
        return Err("an error message must be a string".to_owned());
    }
    let tokens = &value.tokens;
    Ok(match (&value.lit, value.owned) {
        (Some(Lit::Str(_)), _) | (_, true) => tokens.clone(),
        _ => quote!(#tokens.to_owned()),
    })
}

/// Whether `expr` reads the variable `name`.
fn expr_uses(expr: &Expr, name: &str) -> bool {
    match expr {
        Expr::Ref(other) => other == name,
        Expr::GetAttr { target, .. } => expr_uses(target, name),
        Expr::Call(call) => call.args.iter().any(|a| expr_uses(a, name)),
        Expr::String(template) => template.parts.iter().any(|part| match part {
            TemplatePart::Insert(expr) => expr_uses(expr, name),
            TemplatePart::Literal(_) => false,
        }),
        Expr::Bool(_) | Expr::Integer(_) => false,
    }
}

fn property_uses(value: &PropertyTemplate, name: &str) -> bool {
    match value {
        PropertyTemplate::String(template) => expr_uses(&Expr::String(template.clone()), name),
        PropertyTemplate::Bool(_) => false,
        PropertyTemplate::Array(items) => items.iter().any(|i| property_uses(i, name)),
        PropertyTemplate::Map(entries) => entries.values().any(|i| property_uses(i, name)),
    }
}

/// Whether a rule's body (not its conditions) reads `name`.
fn kind_uses(kind: &RuleKind, name: &str) -> bool {
    match kind {
        RuleKind::Endpoint(endpoint) => {
            expr_uses(&endpoint.url, name)
                || endpoint.properties.values().any(|p| property_uses(p, name))
                || endpoint
                    .headers
                    .values()
                    .flatten()
                    .any(|h| expr_uses(h, name))
        }
        RuleKind::Error(message) => expr_uses(message, name),
        RuleKind::Tree(children) => children.iter().any(|rule| rule_uses(rule, name)),
    }
}

/// Whether a rule reads `name` anywhere.
pub(super) fn rule_uses(rule: &Rule, name: &str) -> bool {
    rule.conditions.iter().any(|c| expr_uses(&c.expr, name)) || kind_uses(&rule.kind, name)
}
