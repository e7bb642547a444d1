//! What credential providers that call STS share: the STS client configuration, the
//! environment and the MFA callback.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use stsgen_runtime::credentials::ProvideCredentials;
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::profile::Env;

/// The region STS calls made by credential providers use when none is configured.
pub const FALLBACK_REGION: &str = "us-east-1";

/// Asked for the current code of an MFA device when an assume-role profile sets `mfa_serial`.
///
/// Receives the `mfa_serial` value (the device ARN or serial number) and returns the code the
/// user read from the device. It runs on a blocking thread, so it may prompt on a terminal.
pub type MfaTokenCallback =
    Arc<dyn Fn(&str) -> Result<String, Box<dyn Error + Send + Sync>> + Send + Sync>;

/// Settings shared by the providers that call STS ([`AssumeRoleProvider`],
/// [`WebIdentityTokenProvider`]) and those that read the environment.
///
/// [`AssumeRoleProvider`]: crate::AssumeRoleProvider
/// [`WebIdentityTokenProvider`]: crate::WebIdentityTokenProvider
#[derive(Clone)]
pub struct ProviderConfig {
    sts: sts::Config,
    env: Env,
    mfa_token: Option<MfaTokenCallback>,
}

impl ProviderConfig {
    /// Providers call STS with `sts_config` (region, endpoint, transport, clock; any
    /// credentials in it are replaced). Without a region they use `us-east-1` and the global
    /// endpoint. The environment is empty until set with [`ProviderConfig::with_env`].
    pub fn new(sts_config: sts::Config) -> Self {
        let sts = if sts_config.region().is_some_and(|region| !region.is_empty()) {
            sts_config
        } else {
            sts_config
                .to_builder()
                .region(FALLBACK_REGION)
                .use_global_endpoint(true)
                .build()
        };
        ProviderConfig {
            sts,
            env: Env::default(),
            mfa_token: None,
        }
    }

    /// Reads `credential_source = Environment` credentials and web identity variables from
    /// `env`.
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Asks `callback` for MFA codes.
    pub fn with_mfa_token_callback(mut self, callback: MfaTokenCallback) -> Self {
        self.mfa_token = Some(callback);
        self
    }

    /// The STS client configuration providers use.
    pub fn sts_config(&self) -> &sts::Config {
        &self.sts
    }

    /// The environment providers read.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The MFA callback, if one was set.
    pub fn mfa_token_callback(&self) -> Option<&MfaTokenCallback> {
        self.mfa_token.as_ref()
    }

    /// The current time per the configured clock.
    pub fn now(&self) -> DateTime {
        self.sts.now()
    }

    /// A client signing with `credentials`, or sending unsigned requests if `None`.
    pub(crate) fn client(&self, credentials: Option<Arc<dyn ProvideCredentials>>) -> sts::Client {
        let mut builder = self.sts.to_builder();
        if let Some(credentials) = credentials {
            builder = builder.credentials_provider(credentials);
        }
        sts::Client::new(builder.build())
    }

    /// A session name for a role assumed without one: `prefix` and the time in milliseconds,
    /// as the AWS SDK for Rust names them.
    pub(crate) fn session_name(&self, prefix: &str) -> String {
        let now = self.now();
        let millis = i128::from(now.secs()) * 1000 + i128::from(now.subsec_nanos() / 1_000_000);
        format!("{prefix}-{millis}")
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("sts", &self.sts)
            .field("env", &self.env)
            .field("mfa_token", &self.mfa_token.as_ref().map(|_| "callback"))
            .finish()
    }
}
