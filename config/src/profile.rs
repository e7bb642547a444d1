//! Credentials defined by a profile of the shared files: static keys, `credential_process`,
//! web identity or `credential_source`, followed by any chain of roles to assume.

use std::fmt;
use std::sync::Arc;

use stsgen_runtime::credentials::{
    CredentialProcessProvider, Credentials, CredentialsError, CredentialsErrorKind,
    EnvironmentProvider, ProvideCredentials, ProvideCredentialsFuture,
};
use stsgen_runtime::profile::{
    resolve_chain, BaseCredentials, CredentialSource, ProfileChain, ProfileChainError, ProfileSet,
};

use crate::assume_role::AssumeRoleProvider;
use crate::provider_config::ProviderConfig;
use crate::web_identity::WebIdentityTokenProvider;

const PROVIDER: &str = "profile";

/// Credentials from one profile, following `source_profile` / `credential_source` links and
/// assuming each `role_arn` in turn (innermost first).
///
/// The chain is worked out once, when the provider is created, from a snapshot of the files;
/// a problem found then (a missing source profile, a loop, a half-set key pair) is reported
/// by every fetch, naming the profile. If there are no profiles at all, if the `default`
/// profile is selected and does not exist, or if the selected profile has no credential
/// settings (for example only `region`), the provider reports "not loaded" so that a chain
/// moves on, as the AWS SDK for Rust does.
///
/// Supported base sources: static keys, `credential_process`, `web_identity_token_file`, and
/// `credential_source = Environment`. SSO, `login_session` and the `Ec2InstanceMetadata` /
/// `EcsContainer` sources are recognised and reported as unsupported.
pub struct ProfileProvider {
    profile: String,
    provider: Result<Arc<dyn ProvideCredentials>, CredentialsError>,
}

impl ProfileProvider {
    /// The provider for profile `profile` of `profiles`.
    pub fn new(profiles: &ProfileSet, profile: &str, config: &ProviderConfig) -> Self {
        let provider = match resolve_chain(profiles, profile) {
            Ok(chain) => build(&chain, config),
            // A selected profile with no credential settings (only a region, say) configures
            // no credentials, so the chain moves on: EKS pods commonly have such a profile and
            // their credentials in the web identity variables. `resolve_chain` reports a
            // *source* profile without credentials as `InvalidSourceProfile`, which stays an
            // error.
            Err(
                error @ (ProfileChainError::NoProfilesDefined
                | ProfileChainError::NoDefaultProfile
                | ProfileChainError::NoCredentials { .. }),
            ) => Err(CredentialsError::not_loaded(PROVIDER, error.to_string())),
            Err(error) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                error.to_string(),
            )),
        };
        ProfileProvider {
            profile: profile.to_owned(),
            provider,
        }
    }

    /// The provider for the profile `profiles` selects.
    pub fn selected(profiles: &ProfileSet, config: &ProviderConfig) -> Self {
        Self::new(profiles, profiles.selected_profile_name(), config)
    }

    /// The profile's name.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// Fetches the base credentials and assumes each role of the chain.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let provider = self.provider.as_ref().map_err(Clone::clone)?;
        provider.provide_credentials().await.map_err(|error| {
            // The profile asked for this source, so its absence is a failure, not a reason
            // to try the next provider of a chain.
            if error.kind() == CredentialsErrorKind::NotLoaded {
                CredentialsError::invalid_configuration(
                    PROVIDER,
                    format!(
                        "profile `{}` takes its credentials from the `{}` source, which has \
                         none: {}",
                        self.profile,
                        error.provider(),
                        error.message()
                    ),
                )
            } else {
                error
            }
        })
    }
}

/// The providers for `chain`: the base, wrapped by one assume-role provider per step.
fn build(
    chain: &ProfileChain,
    config: &ProviderConfig,
) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
    let mut provider = base_provider(chain, config)?;
    for step in &chain.chain {
        provider = Arc::new(AssumeRoleProvider::new(step.clone(), provider, config));
    }
    Ok(provider)
}

fn base_provider(
    chain: &ProfileChain,
    config: &ProviderConfig,
) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
    let profile = &chain.base_profile;
    let unsupported = |what: &str| {
        Err(CredentialsError::invalid_configuration(
            PROVIDER,
            format!("profile `{profile}` uses {what}, which this client does not support"),
        ))
    };
    match &chain.base {
        BaseCredentials::AccessKey(keys) => Ok(Arc::new(
            Credentials::new(
                &keys.access_key_id,
                &keys.secret_access_key,
                keys.session_token.clone(),
            )
            .with_provider_name(PROVIDER),
        )),
        BaseCredentials::NamedSource(CredentialSource::Environment) => {
            Ok(Arc::new(EnvironmentProvider::new(config.env().clone())))
        }
        BaseCredentials::NamedSource(source) => {
            unsupported(&format!("credential_source `{}`", source.as_str()))
        }
        BaseCredentials::WebIdentityToken {
            role_arn,
            token_file,
            session_name,
        } => Ok(Arc::new(WebIdentityTokenProvider::new(
            token_file.as_str(),
            role_arn.as_str(),
            session_name.clone(),
            config,
        ))),
        BaseCredentials::CredentialProcess(process) => Ok(Arc::new(
            CredentialProcessProvider::new(process.command.as_str()),
        )),
        BaseCredentials::Sso(_) => unsupported("IAM Identity Center (SSO) settings"),
        BaseCredentials::LoginSession { .. } => unsupported("login_session"),
        _ => unsupported("a credential source"),
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ProfileProvider");
        debug.field("profile", &self.profile);
        match &self.provider {
            Ok(provider) => debug.field("provider", provider),
            Err(error) => debug.field("unavailable", &error.message()),
        };
        debug.finish()
    }
}
