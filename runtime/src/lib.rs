//! Hand-written runtime for generated AWS clients.
//!
//! It knows the AWS wire protocols (awsQuery forms, XML responses, SigV4) and nothing about any
//! particular service: the generated crate supplies the operation names, shapes and endpoint
//! rules. The items generated code may call are listed in `ARCHITECTURE.md`.
#![warn(missing_docs, unreachable_pub)]

pub mod blob;
mod client;
pub mod config;
pub mod credentials;
pub mod datetime;
pub mod endpoint;
pub mod error;
pub mod http;
mod operation;
pub mod profile;
pub mod query;
pub mod retry;
mod sdk_error;
pub mod sigv4;
pub mod transport;
pub mod xml;

pub use client::Handle;
pub use operation::{Operation, RequestId, ResolveEndpoint, ServiceMetadata};
pub use sdk_error::{BuildError, ConstructionError, ResponseError, SdkError};
