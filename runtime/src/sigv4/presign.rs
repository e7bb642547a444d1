//! Query-parameter signing (presigned URLs): the `X-Amz-*` authentication parameters and the
//! signature go into the URI query instead of headers.

use std::borrow::Cow;

use super::canonical_request::{CanonicalRequestInput, SignedHeaders};
use super::settings::{SessionTokenMode, SignatureLocation};
use super::string_to_sign::ALGORITHM;
use super::uri::UriParts;
use super::uri_encode::encode_into;
use super::{has_header, payload_hash, Prepared, SigningError, SigningOutput};
use crate::http::HttpRequest;

/// The longest validity SigV4 accepts for a presigned request: 7 days.
pub(crate) const MAX_EXPIRES_SECS: u64 = 604_800;

/// The parameters this module adds; earlier copies are removed so re-presigning works.
const AUTH_PARAMETERS: &[&str] = &[
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

/// Presigns `request` in place by rewriting its URI.
pub(crate) fn sign_query(
    request: &mut HttpRequest,
    prepared: Prepared<'_>,
) -> Result<SigningOutput, SigningError> {
    let params = prepared.params;
    let settings = &params.settings;
    let expires = settings
        .expires_in
        .ok_or(SigningError::MissingExpiry)?
        .as_secs();
    if expires > MAX_EXPIRES_SECS {
        return Err(SigningError::ExpiryTooLong { seconds: expires });
    }

    let parts = UriParts::parse(&request.uri)?;
    if !has_header(&request.headers, "host") {
        request
            .headers
            .push(("Host".to_owned(), parts.host_header().to_owned()));
    }
    let signed = SignedHeaders::new(&request.headers, SignatureLocation::QueryParams)?;
    let query = without_auth_parameters(parts.query.unwrap_or_default());

    let mut credential =
        String::with_capacity(params.access_key_id.len() + prepared.scope.len() + 1);
    credential.push_str(params.access_key_id);
    credential.push('/');
    credential.push_str(&prepared.scope);
    let expires = expires.to_string();
    let token = params.session_token;
    // In URL order; the canonical query sorts its own copy.
    let mut auth: Vec<(&str, &str)> = vec![
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", &credential),
        ("X-Amz-Date", prepared.date.as_str()),
        ("X-Amz-Expires", &expires),
        ("X-Amz-SignedHeaders", signed.names()),
    ];
    if let (Some(token), SessionTokenMode::Include) = (token, settings.session_token_mode) {
        auth.push(("X-Amz-Security-Token", token));
    }

    let canonical_request = CanonicalRequestInput {
        method: &request.method,
        path: parts.path,
        query: Some(&query),
        extra_query: &auth,
        headers: &request.headers,
        signed: &signed,
        payload_hash: &payload_hash(&request.headers, &request.body),
        settings,
    }
    .build();
    let output = prepared.finish(canonical_request);

    if let (Some(token), SessionTokenMode::Exclude) = (token, settings.session_token_mode) {
        auth.push(("X-Amz-Security-Token", token));
    }
    auth.push(("X-Amz-Signature", &output.signature));

    let uri = &request.uri;
    let mut signed_uri =
        String::with_capacity(uri.len() + 200 + credential.len() + token.map_or(0, str::len) * 3);
    signed_uri.push_str(&uri[..parts.path_end]);
    signed_uri.push('?');
    signed_uri.push_str(&query);
    for (index, (name, value)) in auth.iter().enumerate() {
        if index > 0 || !query.is_empty() {
            signed_uri.push('&');
        }
        signed_uri.push_str(name);
        signed_uri.push('=');
        encode_into(&mut signed_uri, value.as_bytes(), false);
    }
    signed_uri.push_str(parts.fragment);
    request.uri = signed_uri;
    Ok(output)
}

/// The query without any `X-Amz-*` authentication parameter of an earlier presigning.
fn without_auth_parameters(query: &str) -> Cow<'_, str> {
    let is_auth = |parameter: &str| {
        let name = parameter
            .split_once('=')
            .map_or(parameter, |(name, _)| name);
        AUTH_PARAMETERS.contains(&name)
    };
    if !query.split('&').any(is_auth) {
        return Cow::Borrowed(query);
    }
    let kept: Vec<&str> = query
        .split('&')
        .filter(|parameter| !parameter.is_empty() && !is_auth(parameter))
        .collect();
    Cow::Owned(kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_earlier_auth_parameters() {
        assert_eq!(
            without_auth_parameters("Action=A&Version=1"),
            "Action=A&Version=1"
        );
        assert_eq!(
            without_auth_parameters(
                "Action=A&X-Amz-Date=1&X-Amz-Signature=abc&X-Amz-Security-Token=t&x-amz-date=2"
            ),
            "Action=A&x-amz-date=2"
        );
        assert_eq!(without_auth_parameters("X-Amz-Expires=60"), "");
    }
}
