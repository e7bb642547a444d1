//! Header signing: `X-Amz-Date`, optional `X-Amz-Security-Token` and an `Authorization` header.

use super::canonical_request::{CanonicalRequestInput, SignedHeaders};
use super::settings::{SessionTokenMode, SignatureLocation};
use super::string_to_sign::ALGORITHM;
use super::uri::UriParts;
use super::{
    body_sha256_hex, has_header, payload_hash, remove_headers, Prepared, SigningError,
    SigningOutput,
};
use crate::http::HttpRequest;

/// Signs `request` in place, replacing any signature headers left from an earlier attempt.
pub(crate) fn sign_headers(
    request: &mut HttpRequest,
    prepared: Prepared<'_>,
) -> Result<SigningOutput, SigningError> {
    let params = prepared.params;
    let settings = &params.settings;
    let parts = UriParts::parse(&request.uri)?;
    let headers = &mut request.headers;
    // Up to five headers are added below; one reservation avoids repeated growth.
    headers.reserve(5);

    // A retry re-signs the same request: stale values must not be signed or sent twice.
    remove_headers(headers, |name| {
        ["authorization", "x-amz-date", "x-amz-security-token"]
            .iter()
            .any(|stale| stale.eq_ignore_ascii_case(name))
            || (settings.content_sha256_header && name.eq_ignore_ascii_case("x-amz-content-sha256"))
    });
    if !has_header(headers, "host") {
        headers.push(("Host".to_owned(), parts.host_header().to_owned()));
    }
    headers.push(("X-Amz-Date".to_owned(), prepared.date.as_str().to_owned()));
    if settings.content_sha256_header {
        headers.push((
            "x-amz-content-sha256".to_owned(),
            body_sha256_hex(&request.body).into_owned(),
        ));
    }
    let token = params.session_token;
    if let (Some(token), SessionTokenMode::Include) = (token, settings.session_token_mode) {
        headers.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
    }

    let signed = SignedHeaders::new(headers, SignatureLocation::Headers)?;
    let canonical_request = CanonicalRequestInput {
        method: &request.method,
        path: parts.path,
        query: parts.query,
        extra_query: &[],
        headers,
        signed: &signed,
        payload_hash: &payload_hash(headers, &request.body),
        settings,
    }
    .build();
    let output = prepared.finish(canonical_request);
    let scope = &prepared.scope;

    let mut authorization = String::with_capacity(
        ALGORITHM.len() + params.access_key_id.len() + scope.len() + signed.names().len() + 110,
    );
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(params.access_key_id);
    authorization.push('/');
    authorization.push_str(scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(signed.names());
    authorization.push_str(", Signature=");
    authorization.push_str(&output.signature);
    headers.push(("Authorization".to_owned(), authorization));
    if let (Some(token), SessionTokenMode::Exclude) = (token, settings.session_token_mode) {
        headers.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
    }
    Ok(output)
}
