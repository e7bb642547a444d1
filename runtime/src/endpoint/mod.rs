//! Endpoint resolution support for generated resolvers.
//!
//! A generated crate turns its model's `smithy.rules#endpointRuleSet` into a plain Rust function
//! from a parameters struct to [`Endpoint`] or [`EndpointError`]. That function calls into this
//! module for everything that is not service-specific:
//!
//! - the result types: [`Endpoint`] (URL, properties, headers), [`PropertyValue`],
//!   [`EndpointError`], and the [`AuthScheme`] view of the `authSchemes` property;
//! - the rules-engine standard library: [`substring`], [`uri_encode`], [`is_valid_host_label`],
//!   [`parse_url`] ([`Url`]); the AWS extensions [`resolve_partition`] (`aws.partition`, over a
//!   [`Partition`] table the generated code embeds), [`parse_arn`] (`aws.parseArn`, [`Arn`]) and
//!   [`is_virtual_hostable_s3_bucket`];
//! - [`RegionRegex`], the tiny matcher for the partitions' `regionRegex` patterns.
//!
//! `isSet`, `not`, `booleanEquals`, `stringEquals` and `getAttr` need no runtime support: the
//! generator writes them as `Option` checks, `!`, `==` and field access.

mod arn;
mod host;
mod partition;
mod region_regex;
mod result;
mod s3;
mod strings;
mod url;

pub use arn::{parse_arn, Arn};
pub use host::is_valid_host_label;
pub use partition::{
    resolve_partition, OutputOverrides, Partition, PartitionOutputs, PartitionRegion,
};
pub use region_regex::{CharClass, RegexPiece, RegionRegex};
pub use result::{AuthScheme, Endpoint, EndpointError, PropertyValue};
pub use s3::is_virtual_hostable_s3_bucket;
pub use strings::{substring, uri_encode};
pub use url::{parse_url, Url};
