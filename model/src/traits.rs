//! Traits attached to shapes and members, with typed accessors for the ones code generation needs.
//!
//! Traits are stored as raw JSON keyed by absolute trait id. The loader validates the form of every
//! trait that has a typed accessor here (see `load::trait_forms`), so the accessors can
//! assume a well-formed value and never panic.

use std::collections::BTreeMap;

use serde_json::Value;

/// Trait ids used by the accessors.
pub mod ids {
    /// Documentation text (HTML in AWS models).
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    /// The member must be set.
    pub const REQUIRED: &str = "smithy.api#required";
    /// The default value of a member or shape.
    pub const DEFAULT: &str = "smithy.api#default";
    /// Clients treat the member as optional even when required or defaulted.
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    /// Length bounds of a string, blob, list or map.
    pub const LENGTH: &str = "smithy.api#length";
    /// Numeric bounds.
    pub const RANGE: &str = "smithy.api#range";
    /// A regular expression a string must match.
    pub const PATTERN: &str = "smithy.api#pattern";
    /// The value is sensitive and must not be logged.
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    /// Smithy 1.0 enum definitions on a string (lowered to `enum` shapes by the loader).
    pub const ENUM: &str = "smithy.api#enum";
    /// The wire value of an enum or intEnum member.
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    /// Marks an error structure: `"client"` or `"server"`.
    pub const ERROR: &str = "smithy.api#error";
    /// The HTTP status code of an error.
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    /// The awsQuery error code and HTTP status of an error.
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    /// The XML element or attribute name.
    pub const XML_NAME: &str = "smithy.api#xmlName";
    /// Serialize the member as an XML attribute.
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    /// Serialize a list or map without a wrapping element.
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    /// The XML namespace of the payload.
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    /// How a timestamp is serialized.
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    /// Marks an operation input structure.
    pub const INPUT: &str = "smithy.api#input";
    /// Marks an operation output structure.
    pub const OUTPUT: &str = "smithy.api#output";
    /// Example invocations of an operation.
    pub const EXAMPLES: &str = "smithy.api#examples";
    /// The auth schemes an operation or service uses, in priority order.
    pub const AUTH: &str = "smithy.api#auth";
    /// The operation may be called without authentication.
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    /// The shape or member is deprecated.
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    /// The member is an idempotency token the client fills in.
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    /// The human-readable service title.
    pub const TITLE: &str = "smithy.api#title";
    /// AWS service metadata (`sdkId`, `endpointPrefix`, ...).
    pub const AWS_SERVICE: &str = "aws.api#service";
    /// SigV4 signing configuration.
    pub const SIGV4: &str = "aws.auth#sigv4";
    /// The awsQuery protocol.
    pub const AWS_QUERY: &str = "aws.protocols#awsQuery";
    /// The endpoint rule set.
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    /// The endpoint rule set test cases.
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    /// List items must be unique.
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
}

/// Which side is at fault for an error shape (`smithy.api#error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    /// `"client"`
    Client,
    /// `"server"`
    Server,
}

/// `smithy.api#timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `date-time`: RFC 3339.
    DateTime,
    /// `epoch-seconds`.
    EpochSeconds,
    /// `http-date`: RFC 7231 IMF-fixdate.
    HttpDate,
}

/// `aws.protocols#awsQueryError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsQueryError {
    /// The `<Code>` the service sends.
    pub code: String,
    /// The HTTP status the service uses.
    pub http_response_code: u16,
}

/// `smithy.api#length` / `smithy.api#range` bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Inclusive minimum.
    pub min: Option<f64>,
    /// Inclusive maximum.
    pub max: Option<f64>,
}

/// `smithy.api#deprecated`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecated {
    /// Free-form message.
    pub message: Option<String>,
    /// When it was deprecated.
    pub since: Option<String>,
}

/// One entry of `smithy.api#examples`.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Title.
    pub title: String,
    /// Optional documentation.
    pub documentation: Option<String>,
    /// Input as raw JSON (member name -> value).
    pub input: Option<Value>,
    /// Output as raw JSON.
    pub output: Option<Value>,
    /// Expected error (`shapeId` and `content`), as raw JSON.
    pub error: Option<Value>,
}

/// The traits of a shape or member, keyed by absolute trait id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits {
    /// Raw trait values. A `BTreeMap` so iteration is deterministic.
    pub raw: BTreeMap<String, Value>,
}

impl Traits {
    /// The raw JSON of a trait, if present.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.raw.get(id)
    }

    /// True when the trait is present.
    pub fn has(&self, id: &str) -> bool {
        self.raw.contains_key(id)
    }

    fn string(&self, id: &str) -> Option<&str> {
        self.raw.get(id).and_then(Value::as_str)
    }

    /// `smithy.api#documentation` (HTML for AWS models).
    pub fn documentation(&self) -> Option<&str> {
        self.string(ids::DOCUMENTATION)
    }

    /// `smithy.api#required`.
    pub fn is_required(&self) -> bool {
        self.has(ids::REQUIRED)
    }

    /// `smithy.api#clientOptional`.
    pub fn is_client_optional(&self) -> bool {
        self.has(ids::CLIENT_OPTIONAL)
    }

    /// `smithy.api#default`, as raw JSON.
    pub fn default_value(&self) -> Option<&Value> {
        self.get(ids::DEFAULT)
    }

    /// `smithy.api#sensitive`.
    pub fn is_sensitive(&self) -> bool {
        self.has(ids::SENSITIVE)
    }

    /// `smithy.api#length`.
    pub fn length(&self) -> Option<Bounds> {
        self.bounds(ids::LENGTH)
    }

    /// `smithy.api#range`.
    pub fn range(&self) -> Option<Bounds> {
        self.bounds(ids::RANGE)
    }

    fn bounds(&self, id: &str) -> Option<Bounds> {
        let value = self.get(id)?;
        Some(Bounds {
            min: value.get("min").and_then(Value::as_f64),
            max: value.get("max").and_then(Value::as_f64),
        })
    }

    /// `smithy.api#pattern`.
    pub fn pattern(&self) -> Option<&str> {
        self.string(ids::PATTERN)
    }

    /// `smithy.api#error`.
    pub fn error(&self) -> Option<ErrorFault> {
        match self.string(ids::ERROR)? {
            "client" => Some(ErrorFault::Client),
            "server" => Some(ErrorFault::Server),
            _ => None,
        }
    }

    /// `smithy.api#httpError`.
    pub fn http_error(&self) -> Option<u16> {
        self.get(ids::HTTP_ERROR)?
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
    }

    /// `aws.protocols#awsQueryError`.
    pub fn aws_query_error(&self) -> Option<AwsQueryError> {
        let value = self.get(ids::AWS_QUERY_ERROR)?;
        Some(AwsQueryError {
            code: value.get("code")?.as_str()?.to_owned(),
            http_response_code: u16::try_from(value.get("httpResponseCode")?.as_u64()?).ok()?,
        })
    }

    /// `smithy.api#xmlName`.
    pub fn xml_name(&self) -> Option<&str> {
        self.string(ids::XML_NAME)
    }

    /// `smithy.api#xmlAttribute`.
    pub fn is_xml_attribute(&self) -> bool {
        self.has(ids::XML_ATTRIBUTE)
    }

    /// `smithy.api#xmlFlattened`.
    pub fn is_xml_flattened(&self) -> bool {
        self.has(ids::XML_FLATTENED)
    }

    /// `smithy.api#xmlNamespace` `uri`.
    pub fn xml_namespace(&self) -> Option<&str> {
        self.get(ids::XML_NAMESPACE)?.get("uri")?.as_str()
    }

    /// `smithy.api#timestampFormat`.
    pub fn timestamp_format(&self) -> Option<TimestampFormat> {
        match self.string(ids::TIMESTAMP_FORMAT)? {
            "date-time" => Some(TimestampFormat::DateTime),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            "http-date" => Some(TimestampFormat::HttpDate),
            _ => None,
        }
    }

    /// `smithy.api#input`.
    pub fn is_input(&self) -> bool {
        self.has(ids::INPUT)
    }

    /// `smithy.api#output`.
    pub fn is_output(&self) -> bool {
        self.has(ids::OUTPUT)
    }

    /// `smithy.api#examples`.
    pub fn examples(&self) -> Vec<Example> {
        let Some(Value::Array(items)) = self.get(ids::EXAMPLES) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                Some(Example {
                    title: item.get("title")?.as_str()?.to_owned(),
                    documentation: item
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    input: item.get("input").cloned(),
                    output: item.get("output").cloned(),
                    error: item.get("error").cloned(),
                })
            })
            .collect()
    }

    /// `smithy.api#auth`: the list of auth scheme ids, if the trait is present.
    pub fn auth(&self) -> Option<Vec<&str>> {
        let items = self.get(ids::AUTH)?.as_array()?;
        Some(items.iter().filter_map(Value::as_str).collect())
    }

    /// `smithy.api#optionalAuth`.
    pub fn is_optional_auth(&self) -> bool {
        self.has(ids::OPTIONAL_AUTH)
    }

    /// `smithy.api#deprecated`.
    pub fn deprecated(&self) -> Option<Deprecated> {
        let value = self.get(ids::DEPRECATED)?;
        Some(Deprecated {
            message: value
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            since: value
                .get("since")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    /// `smithy.api#idempotencyToken`.
    pub fn is_idempotency_token(&self) -> bool {
        self.has(ids::IDEMPOTENCY_TOKEN)
    }

    /// `smithy.api#title`.
    pub fn title(&self) -> Option<&str> {
        self.string(ids::TITLE)
    }

    /// `aws.auth#sigv4` `name` (the signing name).
    pub fn sigv4_name(&self) -> Option<&str> {
        self.get(ids::SIGV4)?.get("name")?.as_str()
    }

    /// `aws.api#service` `sdkId`.
    pub fn sdk_id(&self) -> Option<&str> {
        self.get(ids::AWS_SERVICE)?.get("sdkId")?.as_str()
    }

    /// `aws.api#service` `endpointPrefix`.
    pub fn endpoint_prefix(&self) -> Option<&str> {
        self.get(ids::AWS_SERVICE)?.get("endpointPrefix")?.as_str()
    }
}
