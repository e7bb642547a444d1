//! Region, endpoint settings and credentials for the generated STS client (`sts`), found where
//! the AWS CLI and the official SDKs find them, with temporary credentials kept fresh.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = stsgen_config::client_from_env().await?;
//! let me = client.get_caller_identity().send().await?;
//! println!("{:?}", me.arn());
//! # Ok(()) }
//! ```
//!
//! # Where settings come from
//!
//! Each setting is taken from the first of: a value set in code ([`ConfigLoader`]), an
//! environment variable, the selected profile of the shared files (`AWS_CONFIG_FILE`, default
//! `~/.aws/config`, and `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`; profile
//! `AWS_PROFILE`, default `default`). See [`Settings`] for region, endpoint and retry settings
//! and [`DefaultCredentialsChain`] for the order in which credential sources are tried.
//!
//! The credential providers that call STS ([`AssumeRoleProvider`],
//! [`WebIdentityTokenProvider`]) use this crate's own generated client, with the loaded region
//! and endpoint settings; with no region configured they use `us-east-1` and the global
//! endpoint (`sts.amazonaws.com`).
//!
//! # Secrets
//!
//! `Debug` of every type here shows no secret key, session token, token file contents or
//! `credential_process` arguments; error messages name the file, line, variable or profile at
//! fault and never include a secret.
#![warn(missing_docs, unreachable_pub)]

mod assume_role;
mod default_chain;
mod error;
mod loader;
mod profile;
mod provider_config;
pub mod settings;
mod sts_credentials;
mod web_identity;

pub use assume_role::AssumeRoleProvider;
pub use default_chain::{DefaultCredentialsChain, PROVIDER_NAMES};
pub use error::ConfigError;
pub use loader::ConfigLoader;
pub use profile::ProfileProvider;
pub use provider_config::{MfaTokenCallback, ProviderConfig, FALLBACK_REGION};
pub use settings::{RetryMode, Settings};
pub use web_identity::{
    WebIdentityTokenProvider, ROLE_ARN_ENV, ROLE_SESSION_NAME_ENV, WEB_IDENTITY_TOKEN_FILE_ENV,
};

/// The configuration the process environment and the shared files describe:
/// `ConfigLoader::new().load()`.
pub async fn from_env() -> Result<sts::Config, ConfigError> {
    ConfigLoader::new().load().await
}

/// A client with the configuration [`from_env`] loads.
pub async fn client_from_env() -> Result<sts::Client, ConfigError> {
    ConfigLoader::new().load_client().await
}
