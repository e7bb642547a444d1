//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.

use std::fmt;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::profile::Env;

/// The access key id variable.
pub const ACCESS_KEY_ID_ENV: &str = "AWS_ACCESS_KEY_ID";
/// The secret access key variable.
pub const SECRET_ACCESS_KEY_ENV: &str = "AWS_SECRET_ACCESS_KEY";
/// The older name of the secret access key variable, read when [`SECRET_ACCESS_KEY_ENV`] is unset
/// (as the AWS SDK for Rust does).
pub const LEGACY_SECRET_ACCESS_KEY_ENV: &str = "SECRET_ACCESS_KEY";
/// The session token variable (for temporary credentials).
pub const SESSION_TOKEN_ENV: &str = "AWS_SESSION_TOKEN";

const PROVIDER: &str = "environment";

/// Reads static credentials from an [`Env`] snapshot.
///
/// Blank values (only spaces or tabs) count as unset. With neither key variable set the provider
/// reports "not loaded", so a chain moves on; with only one half of the key pair set it fails,
/// naming the missing variable, because a half-configured environment is a mistake worth
/// reporting rather than silently skipping (the AWS CLI does the same).
#[derive(Clone)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// A provider reading `env`.
    pub fn new(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    /// A provider reading a snapshot of the process environment taken now.
    pub fn from_process_env() -> Self {
        EnvironmentProvider::new(Env::real())
    }

    /// The credentials the environment holds, or why there are none.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let access_key_id = self.env.get_non_blank(ACCESS_KEY_ID_ENV);
        let secret_access_key = self
            .env
            .get_non_blank(SECRET_ACCESS_KEY_ENV)
            .or_else(|| self.env.get_non_blank(LEGACY_SECRET_ACCESS_KEY_ENV));
        match (access_key_id, secret_access_key) {
            (Some(access_key_id), Some(secret_access_key)) => {
                let session_token = self.env.get_non_blank(SESSION_TOKEN_ENV).map(trim);
                Ok(
                    Credentials::new(trim(access_key_id), trim(secret_access_key), session_token)
                        .with_provider_name(PROVIDER),
                )
            }
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                format!("{ACCESS_KEY_ID_ENV} is set but {SECRET_ACCESS_KEY_ENV} is not"),
            )),
            (None, Some(_)) if self.env.get_non_blank(SECRET_ACCESS_KEY_ENV).is_some() => {
                Err(CredentialsError::invalid_configuration(
                    PROVIDER,
                    format!("{SECRET_ACCESS_KEY_ENV} is set but {ACCESS_KEY_ID_ENV} is not"),
                ))
            }
            (None, _) => Err(CredentialsError::not_loaded(
                PROVIDER,
                format!("{ACCESS_KEY_ID_ENV} is not set"),
            )),
        }
    }
}

/// Values copied from shell exports often carry stray spaces; keys never contain them.
fn trim(value: &str) -> String {
    value.trim_matches([' ', '\t']).to_owned()
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}

/// Shows only which of the variables are set: their values are secrets.
impl fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |name| self.env.get_non_blank(name).is_some();
        f.debug_struct("EnvironmentProvider")
            .field("access_key_id_set", &set(ACCESS_KEY_ID_ENV))
            .field(
                "secret_access_key_set",
                &(set(SECRET_ACCESS_KEY_ENV) || set(LEGACY_SECRET_ACCESS_KEY_ENV)),
            )
            .field("session_token_set", &set(SESSION_TOKEN_ENV))
            .finish()
    }
}
