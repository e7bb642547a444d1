//! Turns a Smithy shape graph (from `stsgen-model`) into the Rust source of an awsQuery client
//! crate.
//!
//! [`generate`] is a pure function: model in, a list of [`GeneratedFile`]s out. It never touches
//! the file system; the xtask writes the files (or compares them, for `--check`).
//!
//! Data flow: [`plan`] lowers the model once (names, boxing, optionality, which shapes need
//! serializers), the `emit` modules turn the plan into token streams, one concern each, and
//! [`format`] parses the tokens with syn, prints them with prettyplease and adds the header.
#![deny(missing_docs)]

pub mod docs;
mod emit;
pub mod format;
pub mod naming;
mod plan;

use std::fmt;

use stsgen_model::{Model, ModelError, ShapeId};

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators (`src/lib.rs`).
    pub path: String,
    /// Full contents, `\n` line endings, ending in exactly one newline.
    pub contents: String,
}

/// Settings that are not part of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The Cargo package name of the generated crate (`sts`).
    pub crate_name: String,
    /// Path from the generated crate to the runtime crate, for its `Cargo.toml` (`../runtime`).
    pub runtime_path: String,
    /// The model file's name as shown in headers (`sts.json`).
    pub model_name: String,
    /// The model file's bytes, hashed into every header so a reader can tell which model produced it.
    pub model_sha256: String,
    /// The AWS partitions data `aws.partition` resolves against, compiled into the generated
    /// endpoint resolver. Needed only when the rule set calls `aws.partition`.
    pub partitions: Option<stsgen_model::rules::partitions::Partitions>,
}

impl Options {
    /// Options for a model whose source bytes are `source`.
    pub fn new(crate_name: &str, runtime_path: &str, model_name: &str, source: &[u8]) -> Options {
        Options {
            crate_name: crate_name.to_owned(),
            runtime_path: runtime_path.to_owned(),
            model_name: model_name.to_owned(),
            model_sha256: format::sha256_hex(source),
            partitions: None,
        }
    }
}

/// Why code generation failed.
#[derive(Debug)]
pub enum CodegenError {
    /// The model is inconsistent (a missing shape, no service).
    Model(ModelError),
    /// A shape the generator cannot turn into Rust, with the reason.
    Shape {
        /// The shape id.
        shape: String,
        /// What is wrong.
        message: String,
    },
    /// The emitted tokens did not parse as Rust: a generator bug, reported with the file.
    InvalidTokens {
        /// The file being generated.
        path: String,
        /// syn's message.
        message: String,
    },
}

impl CodegenError {
    pub(crate) fn shape(id: &ShapeId, message: impl Into<String>) -> CodegenError {
        CodegenError::Shape {
            shape: id.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Model(err) => write!(f, "{err}"),
            CodegenError::Shape { shape, message } => write!(f, "shape `{shape}` {message}"),
            CodegenError::InvalidTokens { path, message } => {
                write!(f, "generator bug: {path} is not valid Rust: {message}")
            }
        }
    }
}

impl std::error::Error for CodegenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CodegenError::Model(err) => Some(err),
            _ => None,
        }
    }
}

/// Generates the client crate for the single service in `model`.
pub fn generate(model: &Model, options: &Options) -> Result<Vec<GeneratedFile>, CodegenError> {
    let plan = plan::Plan::build(model)?;
    let mut files = emit::crate_files(&plan, options)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
