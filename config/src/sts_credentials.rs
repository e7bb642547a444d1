//! Turning the `Credentials` STS returns into credentials for signing.

use stsgen_runtime::credentials::{Credentials, CredentialsError};

/// Credentials for signing from STS's output, attributed to `provider`.
pub(crate) fn from_sts(
    provider: &'static str,
    operation: &str,
    credentials: Option<&sts::types::Credentials>,
) -> Result<Credentials, CredentialsError> {
    let credentials = credentials.ok_or_else(|| {
        CredentialsError::invalid_configuration(
            provider,
            format!("the {operation} response contained no credentials"),
        )
    })?;
    Ok(Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
    )
    .with_expiry(*credentials.expiration())
    .with_provider_name(provider))
}
