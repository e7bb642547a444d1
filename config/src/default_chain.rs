//! The default credentials chain: environment, profile, web identity from the environment.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use stsgen_runtime::credentials::{
    CachedCredentialsProvider, Credentials, CredentialsError, CredentialsProviderChain,
    EnvironmentProvider, ProvideCredentials, ProvideCredentialsFuture,
};
use stsgen_runtime::profile::ProfileSet;

use crate::profile::ProfileProvider;
use crate::provider_config::ProviderConfig;
use crate::web_identity::WebIdentityTokenProvider;

/// Looks for credentials where the AWS SDK for Rust does, in this order, behind one cache:
///
/// 1. **Environment**: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
/// 2. **Profile**: the selected profile of the shared files ([`ProfileProvider`]): static keys,
///    `role_arn` chains, `web_identity_token_file`, `credential_process`.
/// 3. **Web identity from the environment**: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
///    (+ `AWS_ROLE_SESSION_NAME`).
///
/// A source that is not configured passes to the next; one that is configured but fails stops
/// the search with its error. The official SDKs continue with container credentials (ECS, EKS
/// Pod Identity) and EC2 instance metadata; this client does not implement those two.
///
/// The credentials found are cached until
/// [`DEFAULT_EXPIRY_BUFFER`](stsgen_runtime::credentials::DEFAULT_EXPIRY_BUFFER) (5 minutes, see
/// [`DefaultCredentialsChain::with_expiry_buffer`]) before they expire; one refresh serves all
/// concurrent callers. A load that takes longer than
/// [`DEFAULT_LOAD_TIMEOUT`](stsgen_runtime::credentials::DEFAULT_LOAD_TIMEOUT) (30 seconds, see
/// [`DefaultCredentialsChain::with_load_timeout`]) fails with an error naming the source that was
/// loading, and the next call tries again.
#[derive(Clone)]
pub struct DefaultCredentialsChain {
    cache: CachedCredentialsProvider,
}

/// Names of the chain's providers, as they appear in errors.
pub const PROVIDER_NAMES: [&str; 3] = ["environment", "profile", "web-identity"];

impl DefaultCredentialsChain {
    /// The chain reading `config`'s environment and the profile `profiles` selects.
    pub fn new(profiles: &ProfileSet, config: &ProviderConfig) -> Self {
        let [environment, profile, web_identity] = PROVIDER_NAMES;
        let chain = CredentialsProviderChain::new()
            .or_else(
                environment,
                Arc::new(EnvironmentProvider::new(config.env().clone())),
            )
            .or_else(
                profile,
                Arc::new(ProfileProvider::selected(profiles, config)),
            )
            .or_else(
                web_identity,
                Arc::new(WebIdentityTokenProvider::from_env(config)),
            );
        let clock = config.sts_config().clone();
        let cache = CachedCredentialsProvider::new(Arc::new(chain))
            .with_time_source(Arc::new(move || clock.now()));
        DefaultCredentialsChain { cache }
    }

    /// Refreshes credentials `buffer` before they expire instead of 5 minutes before.
    pub fn with_expiry_buffer(self, buffer: Duration) -> Self {
        DefaultCredentialsChain {
            cache: self.cache.with_expiry_buffer(buffer),
        }
    }

    /// Gives up on a load after `timeout` instead of 30 seconds.
    pub fn with_load_timeout(self, timeout: Duration) -> Self {
        DefaultCredentialsChain {
            cache: self.cache.with_load_timeout(timeout),
        }
    }

    /// Credentials from the cache, or from the first source that has them.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.cache.credentials().await
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DefaultCredentialsChain")
            .field(&self.cache)
            .finish()
    }
}
