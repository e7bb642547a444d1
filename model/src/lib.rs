//! Loads Smithy 2.0 JSON AST models (Smithy 1.0's `set` and `@enum` strings included) into a
//! typed, validated shape graph keyed by [`ShapeId`].
//!
//! This crate is plain data: it knows nothing of Rust names, tokens or HTTP. Code generation
//! reads the graph through [`Model`] and the typed trait accessors on [`Traits`].
//!
//! ```no_run
//! let model = stsgen_model::load_file("../shared/models/sts.json".as_ref())?;
//! let service = model.service()?;
//! for operation in model.operations(&service.id) {
//!     println!("{}", operation.id);
//! }
//! # Ok::<(), stsgen_model::ModelError>(())
//! ```
#![deny(missing_docs)]

mod error;
mod json;
mod load;
mod prelude;
pub mod rules;
mod shape;
pub mod traits;
mod walk;

pub use error::ModelError;
pub use load::{load_file, load_str};
pub use shape::{
    EnumValue, IntEnumValue, Member, MemberId, Model, Operation, Resource, Service, Shape, ShapeId,
    ShapeKind, SimpleType,
};
pub use traits::Traits;
