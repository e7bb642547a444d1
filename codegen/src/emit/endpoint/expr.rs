//! Rules-engine expressions to Rust expressions, with the static types that decide how.
//!
//! Every value has a [`Ty`]; its tokens evaluate to the type's natural Rust form: `&str` for
//! strings (or `String` when [`Value::owned`]), `bool`, `usize` for integers, `&[&str]` for
//! string arrays, `PartitionOutputs`, `Url` and `Arn` for the library's structures, and
//! `Option<_>` of those for optional values. Functions map onto Rust operators (`isSet`,
//! `not`, `booleanEquals`, `stringEquals`), field access (`getAttr`) or runtime calls.

use std::cell::Cell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use stsgen_model::rules::{Expr, PathSegment, Template, TemplatePart};

/// A static type of the rules language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ty {
    Str,
    Bool,
    Int,
    StrArray,
    Partition,
    Url,
    Arn,
    Opt(Box<Ty>),
}

impl Ty {
    fn describe(&self) -> String {
        match self {
            Ty::Str => "a string".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Int => "an integer".into(),
            Ty::StrArray => "a string array".into(),
            Ty::Partition => "a partition".into(),
            Ty::Url => "a URL".into(),
            Ty::Arn => "an ARN".into(),
            Ty::Opt(inner) => format!("{} that may be unset", inner.describe()),
        }
    }
}

/// A literal value, kept so operators can simplify (`x == true` is `x`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lit {
    Str(String),
    Bool(bool),
    Int(i64),
}

/// A lowered expression.
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub tokens: TokenStream,
    pub ty: Ty,
    /// For strings: the tokens build a `String` (a `format!` or `uri_encode` result).
    pub owned: bool,
    /// The tokens are an operator expression that needs parentheses as an operand.
    pub compound: bool,
    pub lit: Option<Lit>,
    /// The negation, when it reads better than `!(..)` (`x.is_none()` for `x.is_some()`).
    pub negated: Option<TokenStream>,
}

impl Value {
    fn new(tokens: TokenStream, ty: Ty) -> Value {
        Value {
            tokens,
            ty,
            owned: false,
            compound: false,
            lit: None,
            negated: None,
        }
    }

    fn compound(tokens: TokenStream, ty: Ty) -> Value {
        Value {
            compound: true,
            ..Value::new(tokens, ty)
        }
    }

    pub(super) fn bool_literal(value: bool) -> Value {
        Value {
            lit: Some(Lit::Bool(value)),
            ..Value::new(quote!(#value), Ty::Bool)
        }
    }

    /// The tokens as an operand of `==` or `!`.
    pub(super) fn operand(&self) -> TokenStream {
        let tokens = self.str_tokens();
        if self.compound {
            quote!((#tokens))
        } else {
            tokens
        }
    }

    /// The tokens as a `&str` when this is an owned string, else as they are.
    pub(super) fn str_tokens(&self) -> TokenStream {
        let tokens = &self.tokens;
        if self.owned {
            quote!(#tokens.as_str())
        } else {
            tokens.clone()
        }
    }
}

/// A variable in scope: a parameter or an assigned result.
#[derive(Debug, Clone)]
pub(super) struct Var {
    pub ident: Ident,
    pub ty: Ty,
    /// Holds a `String` (so references read it with `.as_str()`).
    pub owned: bool,
}

/// The variables in scope, by rules-language name.
#[derive(Debug, Clone, Default)]
pub(super) struct Env {
    vars: BTreeMap<String, Var>,
}

impl Env {
    pub(super) fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// Adds a variable; its Rust name must not collide with another in scope.
    pub(super) fn bind(&mut self, name: &str, var: Var) -> Result<(), String> {
        if let Some((other, _)) = self
            .vars
            .iter()
            .find(|(other, v)| other.as_str() != name && v.ident == var.ident)
        {
            return Err(format!(
                "`{name}` and `{other}` would both be called `{}` in Rust",
                var.ident
            ));
        }
        self.vars.insert(name.to_owned(), var);
        Ok(())
    }

    /// An identifier based on `base` that no variable in scope uses.
    pub(super) fn fresh_ident(&self, base: &str) -> Ident {
        let taken = |name: &str| self.vars.values().any(|v| v.ident == name);
        let mut name = base.to_owned();
        let mut suffix = 2;
        while taken(&name) {
            name = format!("{base}_{suffix}");
            suffix += 1;
        }
        quote::format_ident!("{}", name)
    }

    /// Marks an optional variable as set (after `isSet` or `if let Some(..)`).
    pub(super) fn narrow(&mut self, name: &str) {
        if let Some(var) = self.vars.get_mut(name) {
            if let Ty::Opt(inner) = &var.ty {
                var.ty = (**inner).clone();
            }
        }
    }
}

/// What lowering needs besides the scope: whether partitions data exists, and which runtime
/// items the generated code ends up using (for its `use` lines).
#[derive(Debug, Default)]
pub(super) struct Cx {
    pub has_partitions: bool,
    pub uses_rt: Cell<bool>,
    pub uses_partitions: Cell<bool>,
    pub uses_property_value: Cell<bool>,
}

/// The functions this generator implements, for messages.
const SUPPORTED: &str = "isSet, not, booleanEquals, stringEquals, getAttr, substring, uriEncode, \
     parseURL, isValidHostLabel, aws.partition, aws.parseArn, aws.isVirtualHostableS3Bucket";

/// Lowers an expression.
pub(super) fn lower(expr: &Expr, env: &Env, cx: &Cx) -> Result<Value, String> {
    match expr {
        Expr::String(template) => lower_template(template, env, cx),
        Expr::Bool(value) => Ok(Value::bool_literal(*value)),
        Expr::Integer(value) => {
            let literal = Literal::i64_unsuffixed(*value);
            Ok(Value {
                lit: Some(Lit::Int(*value)),
                ..Value::new(quote!(#literal), Ty::Int)
            })
        }
        Expr::Ref(name) => {
            let var = env
                .get(name)
                .ok_or_else(|| format!("`{name}` is not in scope"))?;
            let ident = &var.ident;
            let tokens = if var.owned {
                quote!(#ident.as_str())
            } else {
                quote!(#ident)
            };
            Ok(Value::new(tokens, var.ty.clone()))
        }
        Expr::GetAttr { target, path } => get_attr(lower(target, env, cx)?, path),
        Expr::Call(call) => {
            let args = call
                .args
                .iter()
                .enumerate()
                .map(|(i, arg)| {
                    lower(arg, env, cx)
                        .map_err(|m| format!("argument {} of `{}`: {m}", i + 1, call.function))
                })
                .collect::<Result<Vec<_>, _>>()?;
            function(&call.function, args, cx).map_err(|m| format!("`{}`: {m}", call.function))
        }
    }
}

fn arity(args: &[Value], count: usize) -> Result<(), String> {
    if args.len() == count {
        Ok(())
    } else {
        Err(format!("takes {count} arguments, found {}", args.len()))
    }
}

/// Checks that argument `index` (0-based) has type `ty`.
fn expect(args: &[Value], index: usize, ty: &Ty) -> Result<(), String> {
    match args.get(index) {
        Some(arg) if &arg.ty == ty => Ok(()),
        Some(arg) if arg.ty == Ty::Opt(Box::new(ty.clone())) => Err(format!(
            "argument {} may be unset here; guard it with `isSet` first",
            index + 1
        )),
        Some(arg) => Err(format!(
            "argument {} must be {}, found {}",
            index + 1,
            ty.describe(),
            arg.ty.describe()
        )),
        None => Err(format!("argument {} is missing", index + 1)),
    }
}

fn function(name: &str, args: Vec<Value>, cx: &Cx) -> Result<Value, String> {
    let rt = |cx: &Cx| cx.uses_rt.set(true);
    match name {
        "isSet" => {
            arity(&args, 1)?;
            let arg = &args[0];
            match &arg.ty {
                Ty::Opt(_) => {
                    let tokens = &arg.tokens;
                    Ok(Value {
                        negated: Some(quote!(#tokens.is_none())),
                        ..Value::new(quote!(#tokens.is_some()), Ty::Bool)
                    })
                }
                // Already known to be set (an enclosing `isSet` or a parameter with a default).
                _ => Ok(Value::bool_literal(true)),
            }
        }
        "not" => {
            arity(&args, 1)?;
            expect(&args, 0, &Ty::Bool)?;
            if let Some(negated) = &args[0].negated {
                return Ok(Value::new(negated.clone(), Ty::Bool));
            }
            match args[0].lit {
                Some(Lit::Bool(value)) => Ok(Value::bool_literal(!value)),
                _ => {
                    let operand = args[0].operand();
                    Ok(Value::compound(quote!(!#operand), Ty::Bool))
                }
            }
        }
        "booleanEquals" => {
            arity(&args, 2)?;
            equals(&args[0], &args[1], Ty::Bool)
        }
        "stringEquals" => {
            arity(&args, 2)?;
            equals(&args[0], &args[1], Ty::Str)
        }
        "substring" => {
            arity(&args, 4)?;
            expect(&args, 0, &Ty::Str)?;
            let start = index_literal(&args[1], 2)?;
            let end = index_literal(&args[2], 3)?;
            expect(&args, 3, &Ty::Bool)?;
            rt(cx);
            let input = args[0].str_tokens();
            let reverse = &args[3].tokens;
            Ok(Value::new(
                quote!(rt::substring(#input, #start, #end, #reverse)),
                Ty::Opt(Box::new(Ty::Str)),
            ))
        }
        "uriEncode" => {
            arity(&args, 1)?;
            expect(&args, 0, &Ty::Str)?;
            rt(cx);
            let input = args[0].str_tokens();
            Ok(Value {
                owned: true,
                ..Value::new(quote!(rt::uri_encode(#input)), Ty::Str)
            })
        }
        "parseURL" => {
            arity(&args, 1)?;
            expect(&args, 0, &Ty::Str)?;
            rt(cx);
            let input = args[0].str_tokens();
            Ok(Value::new(
                quote!(rt::parse_url(#input)),
                Ty::Opt(Box::new(Ty::Url)),
            ))
        }
        "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => {
            arity(&args, 2)?;
            expect(&args, 0, &Ty::Str)?;
            expect(&args, 1, &Ty::Bool)?;
            rt(cx);
            let input = args[0].str_tokens();
            let allow = &args[1].tokens;
            let tokens = if name == "isValidHostLabel" {
                quote!(rt::is_valid_host_label(#input, #allow))
            } else {
                quote!(rt::is_virtual_hostable_s3_bucket(#input, #allow))
            };
            Ok(Value::new(tokens, Ty::Bool))
        }
        "aws.partition" => {
            arity(&args, 1)?;
            expect(&args, 0, &Ty::Str)?;
            if !cx.has_partitions {
                return Err(
                    "needs the AWS partitions data, and none was given to the generator".into(),
                );
            }
            rt(cx);
            cx.uses_partitions.set(true);
            let input = args[0].str_tokens();
            Ok(Value::new(
                quote!(rt::resolve_partition(PARTITIONS, #input)),
                Ty::Opt(Box::new(Ty::Partition)),
            ))
        }
        "aws.parseArn" => {
            arity(&args, 1)?;
            expect(&args, 0, &Ty::Str)?;
            rt(cx);
            let input = args[0].str_tokens();
            Ok(Value::new(
                quote!(rt::parse_arn(#input)),
                Ty::Opt(Box::new(Ty::Arn)),
            ))
        }
        other => Err(format!(
            "the function `{other}` is not supported by this generator (supported: {SUPPORTED})"
        )),
    }
}

/// `booleanEquals` / `stringEquals`. A literal `true`/`false` operand folds away; an operand
/// that may be unset compares with `Some(..)`, so unset never equals anything.
fn equals(left: &Value, right: &Value, ty: Ty) -> Result<Value, String> {
    let optional = Ty::Opt(Box::new(ty.clone()));
    for (index, side) in [left, right].into_iter().enumerate() {
        if side.ty != ty && side.ty != optional {
            return Err(format!(
                "argument {} must be {}, found {}",
                index + 1,
                ty.describe(),
                side.ty.describe()
            ));
        }
    }
    if ty == Ty::Bool {
        for (literal, other) in [(left, right), (right, left)] {
            if let (Some(Lit::Bool(value)), false) = (&literal.lit, other.ty == optional) {
                let operand = other.operand();
                return Ok(match (value, &other.negated) {
                    (true, _) => Value {
                        lit: None,
                        ..other.clone()
                    },
                    (false, Some(negated)) => Value::new(negated.clone(), Ty::Bool),
                    (false, None) => Value::compound(quote!(!#operand), Ty::Bool),
                });
            }
        }
    }
    if ty == Ty::Str {
        // `x == ""` reads (and lints) better as `x.is_empty()`.
        for (literal, other) in [(left, right), (right, left)] {
            if matches!(&literal.lit, Some(Lit::Str(text)) if text.is_empty()) && other.ty == ty {
                let operand = other.operand();
                return Ok(Value {
                    negated: Some(quote!(!#operand.is_empty())),
                    ..Value::new(quote!(#operand.is_empty()), Ty::Bool)
                });
            }
        }
    }
    let side = |value: &Value, other: &Value| {
        let operand = value.operand();
        if value.ty == ty && other.ty == optional {
            quote!(Some(#operand))
        } else {
            operand
        }
    };
    let (l, r) = (side(left, right), side(right, left));
    Ok(Value {
        negated: Some(quote!(#l != #r)),
        ..Value::compound(quote!(#l == #r), Ty::Bool)
    })
}

fn index_literal(value: &Value, position: usize) -> Result<TokenStream, String> {
    match value.lit {
        Some(Lit::Int(n)) if n >= 0 => {
            let n = usize::try_from(n).map_err(|_| format!("argument {position} is too large"))?;
            let literal = Literal::usize_unsuffixed(n);
            Ok(quote!(#literal))
        }
        _ => Err(format!(
            "argument {position} must be a non-negative integer literal"
        )),
    }
}

/// `getAttr(target, path)` as field access or a method call.
fn get_attr(target: Value, path: &[PathSegment]) -> Result<Value, String> {
    let base = &target.tokens;
    let str_field = |field: &str| -> TokenStream {
        let ident = quote::format_ident!("{}", field);
        quote!(#base.#ident)
    };
    let describe = || {
        path.iter()
            .map(|s| match s {
                PathSegment::Key(k) => k.clone(),
                PathSegment::Index(i) => format!("[{i}]"),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    let unknown = || {
        Err(format!(
            "`getAttr` path `{}` does not exist on {}",
            describe(),
            target.ty.describe()
        ))
    };
    let key = |i: usize| match path.get(i) {
        Some(PathSegment::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    // `.first()` for index 0, as clippy prefers to `.get(0)`.
    let index = |i: usize| match path.get(i) {
        Some(PathSegment::Index(0)) => Some(quote!(first())),
        Some(PathSegment::Index(n)) => {
            let n = Literal::usize_unsuffixed(*n);
            Some(quote!(get(#n)))
        }
        _ => None,
    };
    match (&target.ty, path.len()) {
        (Ty::Partition, 1) => {
            let (field, ty) = match key(0) {
                Some("name") => ("name", Ty::Str),
                Some("dnsSuffix") => ("dns_suffix", Ty::Str),
                Some("dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
                Some("supportsFIPS") => ("supports_fips", Ty::Bool),
                Some("supportsDualStack") => ("supports_dual_stack", Ty::Bool),
                Some("implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
                _ => return unknown(),
            };
            Ok(Value::new(str_field(field), ty))
        }
        (Ty::Url, 1) => {
            let (method, ty) = match key(0) {
                Some("scheme") => ("scheme", Ty::Str),
                Some("authority") => ("authority", Ty::Str),
                Some("path") => ("path", Ty::Str),
                Some("normalizedPath") => ("normalized_path", Ty::Str),
                Some("isIp") => ("is_ip", Ty::Bool),
                _ => return unknown(),
            };
            let method = quote::format_ident!("{}", method);
            Ok(Value::new(quote!(#base.#method()), ty))
        }
        (Ty::Arn, 1 | 2) => {
            let field = match key(0) {
                Some("partition") => "partition",
                Some("service") => "service",
                Some("region") => "region",
                Some("accountId") => "account_id",
                Some("resourceId") => "resource_id",
                _ => return unknown(),
            };
            match (field, path.len(), index(1)) {
                ("resource_id", 1, _) => Ok(Value::new(
                    quote!(#base.resource_id.as_slice()),
                    Ty::StrArray,
                )),
                ("resource_id", 2, Some(n)) => Ok(Value::new(
                    quote!(#base.resource_id.#n.copied()),
                    Ty::Opt(Box::new(Ty::Str)),
                )),
                (field, 1, _) => Ok(Value::new(str_field(field), Ty::Str)),
                _ => unknown(),
            }
        }
        (Ty::StrArray, 1) => match index(0) {
            Some(n) => Ok(Value::new(
                quote!(#base.#n.copied()),
                Ty::Opt(Box::new(Ty::Str)),
            )),
            None => unknown(),
        },
        (Ty::Opt(_), _) => Err(format!(
            "`getAttr` reads `{}` from {}; guard it with `isSet` or assign it first",
            describe(),
            target.ty.describe()
        )),
        _ => unknown(),
    }
}

/// A string template: a literal, a single string insertion, or the parts joined with
/// `[..].concat()` (one exactly sized allocation, and plainer than `format!` for text that is
/// all strings).
pub(super) fn lower_template(template: &Template, env: &Env, cx: &Cx) -> Result<Value, String> {
    if let Some(text) = template.as_literal() {
        return Ok(Value {
            lit: Some(Lit::Str(text.to_owned())),
            ..Value::new(quote!(#text), Ty::Str)
        });
    }
    let mut parts = Vec::new();
    let mut inserts = Vec::new();
    for part in &template.parts {
        match part {
            TemplatePart::Literal(text) => parts.push(quote!(#text)),
            TemplatePart::Insert(expr) => {
                let value = lower(expr, env, cx)?;
                if value.ty != Ty::Str {
                    return Err(format!(
                        "a template inserts {} where a string that is always set is required",
                        value.ty.describe()
                    ));
                }
                parts.push(value.str_tokens());
                inserts.push(value);
            }
        }
    }
    // `{Region}` alone needs no copying.
    if let ([TemplatePart::Insert(_)], [only]) = (template.parts.as_slice(), inserts.as_slice()) {
        return Ok(only.clone());
    }
    Ok(Value {
        owned: true,
        ..Value::new(quote!([#(#parts),*].concat()), Ty::Str)
    })
}
