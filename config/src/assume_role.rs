//! `sts:AssumeRole` with credentials from another provider.

use std::fmt;
use std::sync::Arc;

use stsgen_runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use stsgen_runtime::profile::RoleStep;

use crate::provider_config::{MfaTokenCallback, ProviderConfig};
use crate::sts_credentials::from_sts;

const PROVIDER: &str = "assume-role";

/// Prefix of the session name used when the profile sets no `role_session_name`.
const SESSION_NAME_PREFIX: &str = "assume-role-from-profile";

/// Assumes one role, signing the `AssumeRole` call with credentials from a source provider.
///
/// Every fetch calls STS (wrap the provider in a
/// [`CachedCredentialsProvider`](stsgen_runtime::credentials::CachedCredentialsProvider) to reuse
/// the result until it expires). The request carries the step's `role_arn`,
/// `role_session_name` (else `assume-role-from-profile-<epoch millis>`), `external_id`,
/// `duration_seconds`, and for `mfa_serial` the serial number and a code from the
/// [`MfaTokenCallback`].
pub struct AssumeRoleProvider {
    step: RoleStep,
    client: sts::Client,
    config: ProviderConfig,
}

impl AssumeRoleProvider {
    /// A provider assuming `step.role_arn` with credentials from `source`.
    pub fn new(
        step: RoleStep,
        source: Arc<dyn ProvideCredentials>,
        config: &ProviderConfig,
    ) -> Self {
        AssumeRoleProvider {
            client: config.client(Some(source)),
            step,
            config: config.clone(),
        }
    }

    /// The role step this provider performs.
    pub fn step(&self) -> &RoleStep {
        &self.step
    }

    /// Calls `AssumeRole` and returns the temporary credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let step = &self.step;
        let session_name = match &step.session_name {
            Some(name) => name.clone(),
            None => self.config.session_name(SESSION_NAME_PREFIX),
        };
        let mut request = self
            .client
            .assume_role()
            .role_arn(&step.role_arn)
            .role_session_name(session_name)
            .set_external_id(step.external_id.clone());
        if let Some(seconds) = step.duration_seconds {
            // `resolve_chain` keeps durations within 900..=43200.
            let seconds = i32::try_from(seconds)
                .map_err(|_| self.failed(format!("duration_seconds {seconds} is out of range")))?;
            request = request.duration_seconds(seconds);
        }
        if let Some(serial) = &step.mfa_serial {
            let callback = self.config.mfa_token_callback().ok_or_else(|| {
                self.failed(format!(
                    "it sets mfa_serial `{serial}`, but no MFA token callback is configured \
                     (ConfigLoader::mfa_token_callback)"
                ))
            })?;
            let code = mfa_code(callback.clone(), serial.clone())
                .await
                .map_err(|error| {
                    CredentialsError::provider_error(
                        PROVIDER,
                        format!("{}: the MFA token callback failed", self.describe()),
                        error,
                    )
                })?;
            request = request.serial_number(serial).token_code(code);
        }
        let output = request.send().await.map_err(|error| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("{}: the AssumeRole call failed", self.describe()),
                error,
            )
        })?;
        from_sts(PROVIDER, "AssumeRole", output.credentials())
    }

    fn describe(&self) -> String {
        format!(
            "assuming role `{}` for profile `{}`",
            self.step.role_arn, self.step.profile
        )
    }

    fn failed(&self, problem: String) -> CredentialsError {
        CredentialsError::invalid_configuration(PROVIDER, format!("{}: {problem}", self.describe()))
    }
}

/// Runs the callback on a blocking thread: it may wait for a person typing a code.
async fn mfa_code(
    callback: MfaTokenCallback,
    serial: String,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    tokio::task::spawn_blocking(move || callback(&serial))
        .await
        .map_err(|error| format!("the callback panicked: {error}"))?
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("step", &self.step)
            .field("source", &self.client.config().credentials_provider())
            .finish_non_exhaustive()
    }
}
