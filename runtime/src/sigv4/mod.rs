//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) request signing.
//!
//! [`sign`] adds `X-Amz-Date`, `X-Amz-Security-Token`, `Host` (when missing) and
//! `Authorization` headers, or — with [`SignatureLocation::QueryParams`] — presigns the URI
//! with `X-Amz-*` query parameters. [`sign_with_cache`] does the same but reuses the derived
//! signing key from a [`SigningKeyCache`], which is what a client should use.
//!
//! The steps live in their own private modules: `canonical_request` (step 1),
//! `string_to_sign` (step 2), `signing_key` (step 3, with the cache) and `header_signing` /
//! `presign` (step 4); `uri` and `uri_encode` hold the URI handling.

mod canonical_request;
mod crypto;
mod error;
mod header_signing;
mod presign;
mod settings;
mod signing_key;
mod string_to_sign;
mod uri;
mod uri_encode;

use std::borrow::Cow;
use std::fmt;

pub use error::SigningError;
pub use settings::{SessionTokenMode, SignatureLocation, SigningSettings};
pub use signing_key::{signing_key, SigningKeyCache};

use crate::credentials::Credentials;
use crate::datetime::DateTime;
use crate::http::HttpRequest;
use crypto::{hex, hmac_finish, hmac_for_key, sha256, HmacSha256, EMPTY_SHA256_HEX};
use string_to_sign::{credential_scope, string_to_sign, AmzDate};

/// What [`sign`] needs besides the request.
#[derive(Clone)]
pub struct SigningParams<'a> {
    /// The access key id.
    pub access_key_id: &'a str,
    /// The secret access key.
    pub secret_access_key: &'a str,
    /// The session token of temporary credentials.
    pub session_token: Option<&'a str>,
    /// The signing region (`us-east-1`).
    pub region: &'a str,
    /// The signing name of the service (`sts`).
    pub service: &'a str,
    /// The signing time; normally [`DateTime::now`].
    pub time: DateTime,
    /// Header or query signing and service-specific options.
    pub settings: SigningSettings,
}

impl<'a> SigningParams<'a> {
    /// Parameters for `credentials` with default settings (header signing).
    pub fn from_credentials(
        credentials: &'a Credentials,
        region: &'a str,
        service: &'a str,
        time: DateTime,
    ) -> Self {
        SigningParams {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region,
            service,
            time,
            settings: SigningSettings::default(),
        }
    }

    /// Replaces the settings.
    pub fn with_settings(mut self, settings: SigningSettings) -> Self {
        self.settings = settings;
        self
    }
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.map(|_| REDACTED))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("settings", &self.settings)
            .finish()
    }
}

const REDACTED: &str = "** redacted **";

/// The intermediate values of one signature, for tests and debugging.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// The lowercase hex signature.
    pub signature: String,
    /// The canonical request that was signed. It contains no secret key, but does contain
    /// the session token when the token is signed; `Debug` redacts it.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("signature", &self.signature)
            .field("canonical_request", &redact_token(&self.canonical_request))
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}

/// The canonical request with the session token header value or query value replaced.
fn redact_token(canonical_request: &str) -> Cow<'_, str> {
    const HEADER: &str = "x-amz-security-token:";
    const PARAMETER: &str = "X-Amz-Security-Token=";
    if !canonical_request.contains(HEADER) && !canonical_request.contains(PARAMETER) {
        return Cow::Borrowed(canonical_request);
    }
    let lines: Vec<String> = canonical_request
        .split('\n')
        .map(|line| {
            if line.starts_with(HEADER) {
                format!("{HEADER}{REDACTED}")
            } else {
                line.split('&')
                    .map(|parameter| {
                        if parameter.starts_with(PARAMETER) {
                            format!("{PARAMETER}{REDACTED}")
                        } else {
                            parameter.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("&")
            }
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// Signs `request` in place as `params.settings` says, deriving the signing key afresh.
///
/// On error the request may have been partly modified and must not be sent.
pub fn sign(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    sign_with(request, params, None)
}

/// Like [`sign`], but takes the signing key from `cache` (computing it once per day and
/// scope), saving four HMAC computations per request.
pub fn sign_with_cache(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    cache: &SigningKeyCache,
) -> Result<SigningOutput, SigningError> {
    sign_with(request, params, Some(cache))
}

fn sign_with(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    cache: Option<&SigningKeyCache>,
) -> Result<SigningOutput, SigningError> {
    validate(params)?;
    let date = AmzDate::new(params.time)?;
    let mac = match cache {
        Some(cache) => cache.signing_mac(
            params.access_key_id,
            params.secret_access_key,
            date.date(),
            params.region,
            params.service,
        ),
        None => hmac_for_key(&signing_key(
            params.secret_access_key,
            date.date(),
            params.region,
            params.service,
        )),
    };
    let prepared = Prepared {
        params,
        scope: credential_scope(date.date(), params.region, params.service),
        date,
        mac,
    };
    match params.settings.signature_location {
        SignatureLocation::Headers => header_signing::sign_headers(request, prepared),
        SignatureLocation::QueryParams => presign::sign_query(request, prepared),
    }
}

/// Checks what would otherwise produce a malformed credential scope or header.
fn validate(params: &SigningParams<'_>) -> Result<(), SigningError> {
    let scope_part = |name: &'static str, value: &str| {
        let reason = if value.is_empty() {
            "it is empty"
        } else if value
            .bytes()
            .any(|b| b == b'/' || b == b',' || b.is_ascii_whitespace() || b.is_ascii_control())
        {
            "it contains `/`, `,`, whitespace or a control character"
        } else {
            return Ok(());
        };
        Err(SigningError::InvalidParameter { name, reason })
    };
    scope_part("access key id", params.access_key_id)?;
    scope_part("region", params.region)?;
    scope_part("service", params.service)?;
    if params.secret_access_key.is_empty() {
        return Err(SigningError::InvalidParameter {
            name: "secret access key",
            reason: "it is empty",
        });
    }
    if let Some(token) = params.session_token {
        let control = token
            .bytes()
            .fold(false, |found, b| found | b.is_ascii_control());
        if token.is_empty() || control {
            return Err(SigningError::InvalidParameter {
                name: "session token",
                reason: "it is empty or contains control characters",
            });
        }
    }
    Ok(())
}

/// The per-request values shared by both signature locations.
pub(crate) struct Prepared<'a> {
    params: &'a SigningParams<'a>,
    date: AmzDate,
    scope: String,
    mac: HmacSha256,
}

impl Prepared<'_> {
    /// Steps 2 and 3: string to sign and signature for a finished canonical request.
    fn finish(&self, canonical_request: String) -> SigningOutput {
        let string_to_sign = string_to_sign(self.date.as_str(), &self.scope, &canonical_request);
        let signature = hex(&hmac_finish(self.mac.clone(), string_to_sign.as_bytes()));
        SigningOutput {
            signature,
            canonical_request,
            string_to_sign,
        }
    }
}

fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(existing, _)| existing.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    find_header(headers, name).is_some()
}

fn remove_headers(headers: &mut Vec<(String, String)>, remove: impl Fn(&str) -> bool) {
    headers.retain(|(name, _)| !remove(name));
}

/// Lowercase hex SHA-256 of the body.
fn body_sha256_hex(body: &[u8]) -> Cow<'static, str> {
    if body.is_empty() {
        Cow::Borrowed(EMPTY_SHA256_HEX)
    } else {
        Cow::Owned(hex(&sha256(body)))
    }
}

/// The payload hash to sign: an explicit `X-Amz-Content-SHA256` (S3's `UNSIGNED-PAYLOAD`
/// and friends) wins, otherwise the hash of the body.
fn payload_hash<'h>(headers: &'h [(String, String)], body: &[u8]) -> Cow<'h, str> {
    match find_header(headers, "x-amz-content-sha256") {
        Some(value) => Cow::Borrowed(value.trim()),
        None => body_sha256_hex(body),
    }
}

#[cfg(test)]
mod tests;
