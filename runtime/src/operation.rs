//! What generated code tells the runtime about a service and its operations.

use crate::config::Config;
use crate::endpoint::{Endpoint, EndpointError};
use crate::error::ProvideErrorMetadata;
use crate::xml::XmlError;

/// Static facts about a service, from its model.
#[derive(Debug, Clone, Copy)]
pub struct ServiceMetadata {
    /// The service shape's name (`AWSSecurityTokenServiceV20110615`).
    pub name: &'static str,
    /// The SigV4 signing name (`sts`).
    pub signing_name: &'static str,
    /// The endpoint prefix (`sts`), used for the default endpoint `https://{prefix}.{region}.amazonaws.com`.
    pub endpoint_prefix: &'static str,
    /// The API version (`2011-06-15`).
    pub api_version: &'static str,
    /// The endpoint resolver generated from the service's rules, if the model has them;
    /// otherwise the endpoint is the override or `https://{prefix}.{region}.amazonaws.com`.
    pub resolve_endpoint: Option<ResolveEndpoint>,
}

/// A generated endpoint resolver: configuration in, endpoint (URL, signing scope, headers) out.
pub type ResolveEndpoint = fn(&Config) -> Result<Endpoint, EndpointError>;

/// One operation: its action name, whether it is signed, and its wire code.
///
/// Implemented by a generated marker type per operation; the runtime's [`Handle`](crate::Handle)
/// drives it.
pub trait Operation: Send + Sync + 'static {
    /// The input structure.
    type Input: Send + Sync;
    /// The output structure.
    type Output: Send;
    /// The operation's error enum.
    type Error: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static;

    /// The operation name, sent as `Action`.
    const NAME: &'static str;
    /// False for operations the model marks as needing no auth: they are sent unsigned.
    const SIGNED: bool;

    /// The `application/x-www-form-urlencoded` body.
    fn serialize(input: &Self::Input) -> String;

    /// Parses a 2xx response body. `request_id` is the `x-amzn-RequestId` header, used when the
    /// body's `ResponseMetadata` has none.
    fn parse_output(body: &[u8], request_id: Option<&str>) -> Result<Self::Output, XmlError>;

    /// Parses an error response; never fails (unreadable bodies become unhandled errors).
    fn parse_error(status: u16, request_id: Option<&str>, body: &[u8]) -> Self::Error;
}

/// Access to the request id AWS assigned to a request.
pub trait RequestId {
    /// The request id, when the response carried one.
    fn request_id(&self) -> Option<&str>;
}
