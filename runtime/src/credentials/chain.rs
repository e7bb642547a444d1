//! An ordered list of providers, tried until one has credentials.

use std::fmt;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials,
    ProvideCredentialsFuture,
};

const PROVIDER: &str = "chain";

/// Tries providers in order.
///
/// A provider that reports [`CredentialsErrorKind::NotLoaded`] ("not configured here") passes
/// to the next one; the first credentials win; a provider that is configured but fails
/// ([`CredentialsErrorKind::ProviderError`]) ends the search with its error, which names that
/// provider. When no provider has credentials the "not loaded" error lists what each one
/// looked for.
#[derive(Clone, Default)]
pub struct CredentialsProviderChain {
    providers: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
}

impl CredentialsProviderChain {
    /// A chain with no providers (it never has credentials).
    pub fn new() -> Self {
        CredentialsProviderChain::default()
    }

    /// Appends `provider` under `name` (used in `Debug` and in the "none had credentials"
    /// message).
    pub fn or_else(mut self, name: &'static str, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.providers.push((name, provider));
        self
    }

    /// The names of the providers, in the order they are tried.
    pub fn names(&self) -> Vec<&'static str> {
        self.providers.iter().map(|(name, _)| *name).collect()
    }

    /// Credentials from the first provider that has them.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut skipped = Vec::with_capacity(self.providers.len());
        for (name, provider) in &self.providers {
            match super::cache::loading(name, provider.provide_credentials()).await {
                Ok(credentials) => return Ok(credentials),
                Err(error) if error.kind() == CredentialsErrorKind::NotLoaded => {
                    skipped.push(format!("{name}: {}", error.message()));
                }
                Err(error) => return Err(error),
            }
        }
        let reason = if skipped.is_empty() {
            "the chain has no providers".to_owned()
        } else {
            format!("no provider had credentials ({})", skipped.join("; "))
        };
        Err(CredentialsError::not_loaded(PROVIDER, reason))
    }
}

impl ProvideCredentials for CredentialsProviderChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for CredentialsProviderChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for (name, provider) in &self.providers {
            list.entry(name, provider);
        }
        list.finish()
    }
}
