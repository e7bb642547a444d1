//! Lowering from the Smithy model to the plan every emitter reads.
//!
//! The plan decides, once: which shapes become named Rust types and where they live, which
//! members are boxed (recursion), which shapes need serializers or deserializers, each
//! member's Rust field shape (optional, defaulted, required), and each operation's names,
//! errors and auth. Emitters never re-derive any of this.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use stsgen_model::traits::TimestampFormat;
use stsgen_model::{Member, Model, Shape, ShapeId, ShapeKind, SimpleType};

use crate::naming;
use crate::CodegenError;

/// Member names that hold secrets even when the model does not mark them `@sensitive`
/// (STS, for one, does not mark `Credentials.SessionToken`).
const SECRET_MEMBER_NAMES: &[&str] = &[
    "SecretAccessKey",
    "SessionToken",
    "TokenCode",
    "Password",
    "SecretKey",
    "PrivateKey",
];

/// Which generated module a named type lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeModule {
    /// `crate::types`: structures, unions and enums.
    Types,
    /// `crate::error`: error structures.
    Error,
}

/// Where a named shape's Rust type lives.
#[derive(Debug, Clone)]
pub(crate) struct TypePath {
    pub module: TypeModule,
    pub name: String,
}

impl TypePath {
    /// The absolute path tokens (`crate::types::Tag`).
    pub fn tokens(&self) -> TokenStream {
        let name = naming::type_ident(&self.name);
        match self.module {
            TypeModule::Types => quote!(crate::types::#name),
            TypeModule::Error => quote!(crate::error::#name),
        }
    }

    /// The builder path (`crate::types::builders::TagBuilder`).
    pub fn builder_tokens(&self) -> TokenStream {
        let name = naming::type_ident(&format!("{}Builder", self.name));
        match self.module {
            TypeModule::Types => quote!(crate::types::builders::#name),
            TypeModule::Error => quote!(crate::error::builders::#name),
        }
    }
}

/// What a value of some target shape is, as far as Rust code is concerned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueKind {
    String,
    Boolean,
    /// Integer of the given width in bits (8, 16, 32, 64).
    Integer(u8),
    /// Float of the given width in bits (32, 64).
    Float(u8),
    /// bigInteger / bigDecimal, kept as decimal text.
    BigNumber,
    Timestamp(TimestampFormat),
    Blob,
    Enum(ShapeId),
    IntEnum(ShapeId),
    Structure(ShapeId),
    Union(ShapeId),
    List {
        member: Box<Member>,
    },
    Map {
        key: Box<Member>,
        value: Box<Member>,
    },
}

impl ValueKind {
    /// True for values passed and returned by copy.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            ValueKind::Boolean | ValueKind::Integer(_) | ValueKind::Float(_)
        )
    }
}

/// How a member is stored in its structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presence {
    /// `Option<T>`.
    Optional,
    /// `T`, and the builder fails when it is unset.
    Required,
    /// `T`, and the builder fills this default when it is unset.
    Defaulted(String),
}

/// How a default value is filled in, chosen so the generated code is lint-clean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultFill {
    /// The type's own `Default` (empty string, 0, false, empty list): `unwrap_or_default()`.
    TypeDefault,
    /// A cheap literal: `unwrap_or(3)`.
    Literal,
    /// Anything else: `unwrap_or_else(|| ..)`.
    Computed,
}

/// One structure or union member, lowered.
#[derive(Debug, Clone)]
pub(crate) struct MemberPlan<'m> {
    pub member: &'m Member,
    pub container: &'m ShapeId,
    pub field: Ident,
    /// The accessor and setter name: the field name unless that collides with a generated method.
    pub method: Ident,
    /// The variant name when the container is a union: model names that camel-case alike
    /// (`FOO_BAR`, `FooBar`) are numbered in model order (`FooBar`, `FooBar2`).
    pub variant: Ident,
    pub kind: ValueKind,
    pub presence: Presence,
    /// Tokens of the default value expression, for [`Presence::Defaulted`].
    pub default_expr: Option<TokenStream>,
    /// How the default is filled in.
    pub default_fill: DefaultFill,
    pub boxed: bool,
    pub sensitive: bool,
}

impl MemberPlan<'_> {
    /// `value` as stored in the struct: wrapped in `Box::new` for a boxed (recursive) member.
    pub fn boxed_value(&self, value: TokenStream) -> TokenStream {
        if self.boxed {
            quote!(Box::new(#value))
        } else {
            value
        }
    }

    /// The member name as written in the model.
    pub fn name(&self) -> &str {
        &self.member.name
    }

    /// The name used on the wire (awsQuery key and XML element): `xmlName` or the member name.
    pub fn wire_name(&self) -> &str {
        self.member.traits.xml_name().unwrap_or(&self.member.name)
    }
}

/// One operation, lowered.
#[derive(Debug, Clone)]
pub(crate) struct OperationPlan<'m> {
    pub shape: &'m Shape,
    /// The Smithy operation name (`AssumeRole`): the awsQuery `Action`.
    pub name: String,
    pub module: Ident,
    pub input: Option<&'m Shape>,
    pub output: Option<&'m Shape>,
    /// Modelled errors (operation then service errors), sorted by Rust name.
    pub errors: Vec<&'m Shape>,
    /// False when the model says the operation needs no auth (`@auth([])` or `@optionalAuth`).
    pub signed: bool,
}

impl OperationPlan<'_> {
    /// A type named after the operation with a suffix (`AssumeRoleInput`): the suffix already
    /// keeps it clear of prelude names, so only the bare marker type gets the collision policy.
    pub fn type_name(&self, suffix: &str) -> Ident {
        naming::type_ident(&naming::suffixed_type_name(&self.name, suffix))
    }

    /// The operation module's file name without `.rs` (`match` for `r#match`).
    pub fn file_stem(&self) -> String {
        self.module.to_string().trim_start_matches("r#").to_owned()
    }
}

/// Facts about the service that the emitters need.
#[derive(Debug, Clone)]
pub(crate) struct ServicePlan<'m> {
    pub shape: &'m Shape,
    pub version: String,
    pub title: String,
    pub signing_name: String,
    pub endpoint_prefix: String,
}

/// The whole plan.
pub(crate) struct Plan<'m> {
    pub model: &'m Model,
    pub service: ServicePlan<'m>,
    pub operations: Vec<OperationPlan<'m>>,
    /// Named Rust types for structures, unions, enums and errors.
    pub type_paths: BTreeMap<ShapeId, TypePath>,
    /// Shapes that are operation inputs or outputs only (never a member target).
    pub io_only: BTreeSet<ShapeId>,
    /// Members that need `Box` to break a recursive cycle: (container, member name).
    pub boxed: BTreeSet<(ShapeId, String)>,
    /// Structures and unions that need a query serializer (reachable from inputs).
    pub ser_shapes: BTreeSet<ShapeId>,
    /// Structures and unions that need an XML parser (reachable from outputs and errors).
    pub de_shapes: BTreeSet<ShapeId>,
}

impl<'m> Plan<'m> {
    pub fn build(model: &'m Model) -> Result<Plan<'m>, CodegenError> {
        let service_shape = model.service().map_err(CodegenError::Model)?;
        let service = lower_service(service_shape)?;
        let ShapeKind::Service(service_data) = &service_shape.kind else {
            return Err(CodegenError::shape(&service_shape.id, "is not a service"));
        };
        let mut operations = Vec::new();
        let mut inputs_outputs = BTreeSet::new();
        for op_shape in model.operations(&service_shape.id) {
            let op = lower_operation(model, op_shape, &service_data.errors)?;
            inputs_outputs.extend(op.input.map(|s| s.id.clone()));
            inputs_outputs.extend(op.output.map(|s| s.id.clone()));
            operations.push(op);
        }
        operations.sort_by(|a, b| a.module.cmp(&b.module));

        let closure = model.closure(&service_shape.id);
        let member_targets: BTreeSet<ShapeId> = closure
            .iter()
            .flat_map(|shape| all_members(shape))
            .map(|member| member.target.clone())
            .collect();
        let io_only: BTreeSet<ShapeId> = inputs_outputs
            .iter()
            .filter(|id| !member_targets.contains(*id))
            .cloned()
            .collect();
        let error_ids: BTreeSet<ShapeId> = operations
            .iter()
            .flat_map(|op| op.errors.iter().map(|e| e.id.clone()))
            .collect();

        let mut type_paths = BTreeMap::new();
        let mut taken: BTreeMap<(bool, String), ShapeId> = BTreeMap::new();
        for shape in &closure {
            let named = matches!(
                shape.kind,
                ShapeKind::Structure { .. }
                    | ShapeKind::Union { .. }
                    | ShapeKind::Enum { .. }
                    | ShapeKind::IntEnum { .. }
            );
            if !named || io_only.contains(&shape.id) || shape.id.namespace() == "smithy.api" {
                continue;
            }
            let module = if error_ids.contains(&shape.id) {
                TypeModule::Error
            } else {
                TypeModule::Types
            };
            let name = naming::type_name(shape.id.name());
            let key = (module == TypeModule::Error, name.clone());
            if let Some(other) = taken.insert(key, shape.id.clone()) {
                return Err(CodegenError::shape(
                    &shape.id,
                    format!("its Rust name `{name}` collides with the shape `{other}`"),
                ));
            }
            type_paths.insert(shape.id.clone(), TypePath { module, name });
        }

        let boxed = find_boxed_members(model, &closure);
        let mut plan = Plan {
            model,
            service,
            operations,
            type_paths,
            io_only,
            boxed,
            ser_shapes: BTreeSet::new(),
            de_shapes: BTreeSet::new(),
        };
        let mut ser = BTreeSet::new();
        let mut de = BTreeSet::new();
        for op in &plan.operations {
            if let Some(input) = op.input {
                plan.collect_aggregates(input, &mut ser);
            }
            if let Some(output) = op.output {
                plan.collect_aggregates(output, &mut de);
            }
            for error in &op.errors {
                de.insert(error.id.clone());
                plan.collect_aggregates(error, &mut de);
            }
        }
        // Inputs and outputs are serialized and parsed by their operation, not by shared helpers.
        plan.ser_shapes = ser
            .into_iter()
            .filter(|id| !plan.io_only.contains(id))
            .collect();
        plan.de_shapes = de
            .into_iter()
            .filter(|id| !plan.io_only.contains(id))
            .collect();
        Ok(plan)
    }

    /// The shape a member targets (the loader guarantees it exists).
    pub fn target(&self, member: &Member) -> Result<&'m Shape, CodegenError> {
        self.model
            .expect(&member.target)
            .map_err(CodegenError::Model)
    }

    /// Adds every structure and union reachable from `shape`'s members to `out`.
    fn collect_aggregates(&self, shape: &'m Shape, out: &mut BTreeSet<ShapeId>) {
        for member in all_members(shape) {
            if let Some(target) = self.model.get(&member.target) {
                if matches!(
                    target.kind,
                    ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                ) {
                    if out.insert(target.id.clone()) {
                        self.collect_aggregates(target, out);
                    }
                } else {
                    self.collect_aggregates(target, out);
                }
            }
        }
    }

    /// The named type of a structure, union, enum or error.
    pub fn type_path(&self, id: &ShapeId) -> Result<&TypePath, CodegenError> {
        self.type_paths
            .get(id)
            .ok_or_else(|| CodegenError::shape(id, "has no generated Rust type"))
    }

    /// The value kind of a target shape.
    pub fn value_kind(
        &self,
        target: &Shape,
        member: Option<&Member>,
    ) -> Result<ValueKind, CodegenError> {
        Ok(match &target.kind {
            ShapeKind::Simple(simple) => match simple {
                SimpleType::String => ValueKind::String,
                SimpleType::Boolean => ValueKind::Boolean,
                SimpleType::Byte => ValueKind::Integer(8),
                SimpleType::Short => ValueKind::Integer(16),
                SimpleType::Integer => ValueKind::Integer(32),
                SimpleType::Long => ValueKind::Integer(64),
                SimpleType::Float => ValueKind::Float(32),
                SimpleType::Double => ValueKind::Float(64),
                SimpleType::BigInteger | SimpleType::BigDecimal => ValueKind::BigNumber,
                SimpleType::Blob => ValueKind::Blob,
                SimpleType::Timestamp => ValueKind::Timestamp(
                    member
                        .and_then(|m| m.traits.timestamp_format())
                        .or_else(|| target.traits.timestamp_format())
                        .unwrap_or(TimestampFormat::DateTime),
                ),
                SimpleType::Document => {
                    return Err(CodegenError::shape(
                        &target.id,
                        "is a document, which the awsQuery protocol cannot carry",
                    ))
                }
            },
            ShapeKind::Enum { .. } => ValueKind::Enum(target.id.clone()),
            ShapeKind::IntEnum { .. } => ValueKind::IntEnum(target.id.clone()),
            ShapeKind::Structure { .. } => ValueKind::Structure(target.id.clone()),
            ShapeKind::Union { .. } => ValueKind::Union(target.id.clone()),
            ShapeKind::List { member, .. } => ValueKind::List {
                member: Box::new(member.clone()),
            },
            ShapeKind::Map { key, value } => ValueKind::Map {
                key: Box::new(key.clone()),
                value: Box::new(value.clone()),
            },
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::shape(
                    &target.id,
                    "is an operation, service or resource and cannot be a member target",
                ))
            }
        })
    }

    /// The Rust type of a value of the given kind (without `Option` or `Box`).
    pub fn rust_type(&self, kind: &ValueKind) -> Result<TokenStream, CodegenError> {
        Ok(match kind {
            ValueKind::String | ValueKind::BigNumber => quote!(String),
            ValueKind::Boolean => quote!(bool),
            ValueKind::Integer(8) => quote!(i8),
            ValueKind::Integer(16) => quote!(i16),
            ValueKind::Integer(32) => quote!(i32),
            ValueKind::Integer(_) => quote!(i64),
            ValueKind::Float(32) => quote!(f32),
            ValueKind::Float(_) => quote!(f64),
            ValueKind::Timestamp(_) => quote!(::stsgen_runtime::datetime::DateTime),
            ValueKind::Blob => quote!(::stsgen_runtime::blob::Blob),
            ValueKind::Enum(id)
            | ValueKind::IntEnum(id)
            | ValueKind::Structure(id)
            | ValueKind::Union(id) => self.type_path(id)?.tokens(),
            ValueKind::List { member } => {
                let inner = self.member_value_type(member)?;
                quote!(Vec<#inner>)
            }
            ValueKind::Map { key, value } => {
                let key = self.member_value_type(key)?;
                let value = self.member_value_type(value)?;
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
        })
    }

    /// The Rust type of a list or map member's values.
    pub fn member_value_type(&self, member: &Member) -> Result<TokenStream, CodegenError> {
        let target = self.target(member)?;
        let kind = self.value_kind(target, Some(member))?;
        self.rust_type(&kind)
    }

    /// Lowers the members of a structure or union.
    pub fn members<'s>(&'s self, shape: &'s Shape) -> Result<Vec<MemberPlan<'s>>, CodegenError> {
        let is_union = matches!(shape.kind, ShapeKind::Union { .. });
        let variants = numbered_variants(shape.members().iter().map(|m| m.name.as_str()));
        shape
            .members()
            .iter()
            .zip(variants)
            .map(|(member, variant)| {
                let target = self.target(member)?;
                let kind = self.value_kind(target, Some(member))?;
                let default = member
                    .traits
                    .default_value()
                    .or_else(|| target.traits.default_value())
                    .filter(|value| !value.is_null());
                let required = member.traits.is_required() && !member.traits.is_client_optional();
                let (presence, default_expr) = match default {
                    // A union has one member set; `@clientOptional` means `Option` in clients
                    // even when the member has a default.
                    _ if is_union || member.traits.is_client_optional() => {
                        (Presence::Optional, None)
                    }
                    Some(value) => {
                        let expr = self.default_expr(&shape.id, member, &kind, value)?;
                        (Presence::Defaulted(value.to_string()), Some(expr))
                    }
                    None if required => (Presence::Required, None),
                    None => (Presence::Optional, None),
                };
                let sensitive = self.is_sensitive(member, target);
                let default_fill =
                    default.map_or(DefaultFill::Computed, |value| default_fill(&kind, value));
                Ok(MemberPlan {
                    default_fill,
                    member,
                    container: &shape.id,
                    field: naming::field_ident(&member.name),
                    method: naming::method_ident(&member.name),
                    variant: naming::type_ident(&variant),
                    kind,
                    presence,
                    default_expr,
                    boxed: self
                        .boxed
                        .contains(&(shape.id.clone(), member.name.clone())),
                    sensitive,
                })
            })
            .collect()
    }

    /// True when a member's value must never be printed.
    pub fn is_sensitive(&self, member: &Member, target: &Shape) -> bool {
        member.traits.is_sensitive()
            || target.traits.is_sensitive()
            || SECRET_MEMBER_NAMES.contains(&member.name.as_str())
            || match &target.kind {
                ShapeKind::List { member, .. } => self
                    .model
                    .get(&member.target)
                    .is_some_and(|t| self.is_sensitive(member, t)),
                ShapeKind::Map { value, .. } => self
                    .model
                    .get(&value.target)
                    .is_some_and(|t| self.is_sensitive(value, t)),
                _ => false,
            }
    }

    /// True when a structure has a member whose value is secret, or is itself `@sensitive`.
    pub fn has_sensitive_members(&self, members: &[MemberPlan<'_>]) -> bool {
        members.iter().any(|m| m.sensitive)
    }

    fn default_expr(
        &self,
        container: &ShapeId,
        member: &Member,
        kind: &ValueKind,
        value: &serde_json::Value,
    ) -> Result<TokenStream, CodegenError> {
        use serde_json::Value;
        let bad = || {
            CodegenError::shape(
                container,
                format!(
                    "member `{}` has a default value {value} that does not fit its type",
                    member.name
                ),
            )
        };
        Ok(match (kind, value) {
            (ValueKind::String, Value::String(s)) if s.is_empty() => quote!(String::new()),
            (ValueKind::String, Value::String(s)) => quote!(String::from(#s)),
            (ValueKind::Boolean, Value::Bool(b)) => quote!(#b),
            (ValueKind::Integer(bits), Value::Number(n)) => {
                let n = n.as_i64().ok_or_else(bad)?;
                match bits {
                    8 => {
                        let v = i8::try_from(n).map_err(|_| bad())?;
                        quote!(#v)
                    }
                    16 => {
                        let v = i16::try_from(n).map_err(|_| bad())?;
                        quote!(#v)
                    }
                    32 => {
                        let v = i32::try_from(n).map_err(|_| bad())?;
                        quote!(#v)
                    }
                    _ => quote!(#n),
                }
            }
            (ValueKind::Float(bits), Value::Number(n)) => {
                let v = n.as_f64().ok_or_else(bad)?;
                if *bits == 32 {
                    // Model defaults are small literals; the narrowing is exact for them.
                    let v = proc_macro2::Literal::f32_suffixed(v as f32);
                    quote!(#v)
                } else {
                    let v = proc_macro2::Literal::f64_suffixed(v);
                    quote!(#v)
                }
            }
            (ValueKind::BigNumber, Value::Number(n)) => {
                let text = n.to_string();
                quote!(String::from(#text))
            }
            (ValueKind::Timestamp(_), Value::Number(n)) => match n.as_i64() {
                Some(secs) => quote!(::stsgen_runtime::datetime::DateTime::from_secs(#secs)),
                None => {
                    let secs = n.as_f64().ok_or_else(bad)?;
                    quote!(::stsgen_runtime::datetime::DateTime::from_fractional_secs(#secs))
                }
            },
            (ValueKind::Blob, Value::String(s)) if s.is_empty() => {
                quote!(::stsgen_runtime::blob::Blob::default())
            }
            (ValueKind::Enum(id), Value::String(s)) => {
                let path = self.type_path(id)?.tokens();
                quote!(#path::from(#s))
            }
            (ValueKind::IntEnum(id), Value::Number(n)) => {
                let path = self.type_path(id)?.tokens();
                let v = n
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(bad)?;
                quote!(#path::from(#v))
            }
            (ValueKind::List { .. }, Value::Array(items)) if items.is_empty() => quote!(Vec::new()),
            (ValueKind::Map { .. }, Value::Object(entries)) if entries.is_empty() => {
                quote!(::std::collections::BTreeMap::new())
            }
            _ => return Err(bad()),
        })
    }
}

fn lower_service(shape: &Shape) -> Result<ServicePlan<'_>, CodegenError> {
    let ShapeKind::Service(service) = &shape.kind else {
        return Err(CodegenError::shape(&shape.id, "is not a service"));
    };
    if !shape.traits.has(stsgen_model::traits::ids::AWS_QUERY) {
        return Err(CodegenError::shape(
            &shape.id,
            "does not use the awsQuery protocol (`aws.protocols#awsQuery`), the only one this generator speaks",
        ));
    }
    let sdk_id = shape.traits.sdk_id().unwrap_or(shape.id.name());
    Ok(ServicePlan {
        shape,
        version: service.version.clone(),
        title: shape.traits.title().unwrap_or(sdk_id).to_owned(),
        signing_name: shape
            .traits
            .sigv4_name()
            .or(shape.traits.endpoint_prefix())
            .unwrap_or(sdk_id)
            .to_lowercase(),
        endpoint_prefix: shape
            .traits
            .endpoint_prefix()
            .unwrap_or(sdk_id)
            .to_lowercase(),
    })
}

fn lower_operation<'m>(
    model: &'m Model,
    shape: &'m Shape,
    service_errors: &[ShapeId],
) -> Result<OperationPlan<'m>, CodegenError> {
    let ShapeKind::Operation(op) = &shape.kind else {
        return Err(CodegenError::shape(&shape.id, "is not an operation"));
    };
    let lookup = |id: &Option<ShapeId>| -> Result<Option<&'m Shape>, CodegenError> {
        match id {
            Some(id) if id.to_string() == "smithy.api#Unit" => Ok(None),
            Some(id) => model.expect(id).map(Some).map_err(CodegenError::Model),
            None => Ok(None),
        }
    };
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for id in op.errors.iter().chain(service_errors) {
        if seen.insert(id.clone()) {
            errors.push(model.expect(id).map_err(CodegenError::Model)?);
        }
    }
    errors.sort_by_key(|e| naming::type_name(e.id.name()));
    let no_auth = shape
        .traits
        .auth()
        .is_some_and(|schemes| schemes.is_empty());
    Ok(OperationPlan {
        shape,
        name: shape.id.name().to_owned(),
        module: naming::module_ident(shape.id.name()),
        input: lookup(&op.input)?,
        output: lookup(&op.output)?,
        errors,
        signed: !(no_auth || shape.traits.is_optional_auth()),
    })
}

/// Variant names for model names in model order; a name already taken gets the next free
/// number, which keeps the choice deterministic.
pub(crate) fn numbered_variants<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            let base = naming::variant_name(name);
            let mut variant = base.clone();
            let mut n = 2;
            while !seen.insert(variant.clone()) {
                variant = format!("{base}{n}");
                n += 1;
            }
            variant
        })
        .collect()
}

/// Whether a default is the type's own default, a literal, or something to compute.
fn default_fill(kind: &ValueKind, value: &serde_json::Value) -> DefaultFill {
    use serde_json::Value;
    let zero = value.as_f64() == Some(0.0);
    match (kind, value) {
        (ValueKind::String, Value::String(s)) | (ValueKind::Blob, Value::String(s))
            if s.is_empty() =>
        {
            DefaultFill::TypeDefault
        }
        (ValueKind::Boolean, Value::Bool(false)) => DefaultFill::TypeDefault,
        (ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Timestamp(_), _) if zero => {
            DefaultFill::TypeDefault
        }
        (ValueKind::List { .. }, Value::Array(_)) | (ValueKind::Map { .. }, Value::Object(_)) => {
            DefaultFill::TypeDefault
        }
        (ValueKind::Boolean | ValueKind::Integer(_) | ValueKind::Float(_), _) => {
            DefaultFill::Literal
        }
        _ => DefaultFill::Computed,
    }
}

/// `.unwrap_or_default()`, `.unwrap_or(lit)` or `.unwrap_or_else(|| expr)` on an `Option`
/// expression, for a defaulted member.
pub(crate) fn fill_default(option: TokenStream, member: &MemberPlan<'_>) -> TokenStream {
    let default = member
        .default_expr
        .clone()
        .unwrap_or_else(|| quote!(Default::default()));
    match member.default_fill {
        DefaultFill::TypeDefault => quote!(#option.unwrap_or_default()),
        DefaultFill::Literal => quote!(#option.unwrap_or(#default)),
        DefaultFill::Computed => quote!(#option.unwrap_or_else(|| #default)),
    }
}

/// Members of any aggregate: structure/union members, list members, map keys and values.
pub(crate) fn all_members(shape: &Shape) -> Vec<&Member> {
    match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members.iter().collect(),
        ShapeKind::List { member, .. } => vec![member],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => Vec::new(),
    }
}

/// Finds the structure and union members that must be boxed: those whose target can reach the
/// containing shape again through structure and union members alone (lists and maps already
/// allocate, so a cycle through them needs no box). Boxing every member on such a cycle, rather
/// than one chosen member, keeps the rule independent of iteration order.
fn find_boxed_members(model: &Model, closure: &[&Shape]) -> BTreeSet<(ShapeId, String)> {
    let direct_edges = |shape: &Shape| -> Vec<ShapeId> {
        shape
            .members()
            .iter()
            .filter(|m| {
                model.get(&m.target).is_some_and(|t| {
                    matches!(
                        t.kind,
                        ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                    )
                })
            })
            .map(|m| m.target.clone())
            .collect()
    };
    let reaches = |from: &ShapeId, to: &ShapeId| -> bool {
        let mut stack = vec![from.clone()];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if &id == to {
                return true;
            }
            if seen.insert(id.clone()) {
                if let Some(shape) = model.get(&id) {
                    stack.extend(direct_edges(shape));
                }
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for shape in closure {
        for member in shape.members() {
            let is_aggregate = model.get(&member.target).is_some_and(|t| {
                matches!(
                    t.kind,
                    ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                )
            });
            if is_aggregate && reaches(&member.target, &shape.id) {
                boxed.insert((shape.id.clone(), member.name.clone()));
            }
        }
    }
    boxed
}

/// Local names for nested collection code: `list`/`item` at the top level, `list_1`/`item_1`
/// one level down, so an inner loop never shadows the outer one's names.
pub(crate) fn nested_locals(outer: &str, inner: &str, depth: usize) -> (Ident, Ident) {
    if depth == 0 {
        (format_ident!("{}", outer), format_ident!("{}", inner))
    } else {
        (
            format_ident!("{}_{}", outer, depth),
            format_ident!("{}_{}", inner, depth),
        )
    }
}
