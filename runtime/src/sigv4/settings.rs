//! Knobs that differ between services or between header signing and presigning.

use std::time::Duration;

/// Where the signature goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureLocation {
    /// In an `Authorization` header, with `X-Amz-Date` (normal API calls).
    #[default]
    Headers,
    /// In `X-Amz-*` query parameters of the URI (presigned URLs).
    QueryParams,
}

/// Whether the session token is covered by the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionTokenMode {
    /// Add the token before signing, so it is signed (what STS and most services expect).
    #[default]
    Include,
    /// Add the token only after signing (a few services, e.g. IoT presigned websockets).
    Exclude,
}

/// Options for [`sign`](super::sign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningSettings {
    /// Header signing or presigning.
    pub signature_location: SignatureLocation,
    /// How long a presigned request stays valid (`X-Amz-Expires`); required for
    /// [`SignatureLocation::QueryParams`], at most 7 days, whole seconds.
    pub expires_in: Option<Duration>,
    /// Remove `.`/`..` segments and empty segments from the path before signing (off for S3).
    pub normalize_uri_path: bool,
    /// Percent-encode the (already encoded) path again, as every service but S3 expects.
    /// When off, the path is signed encoded exactly once.
    pub double_uri_encode: bool,
    /// When the session token is added relative to signing.
    pub session_token_mode: SessionTokenMode,
    /// Add and sign `X-Amz-Content-SHA256` with the payload hash (S3 requires it; STS does not).
    /// Header signing only.
    pub content_sha256_header: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            signature_location: SignatureLocation::Headers,
            expires_in: None,
            normalize_uri_path: true,
            double_uri_encode: true,
            session_token_mode: SessionTokenMode::Include,
            content_sha256_header: false,
        }
    }
}

impl SigningSettings {
    /// Settings for a presigned URL valid for `expires_in`.
    pub fn presigned(expires_in: Duration) -> Self {
        SigningSettings {
            signature_location: SignatureLocation::QueryParams,
            expires_in: Some(expires_in),
            ..SigningSettings::default()
        }
    }
}
