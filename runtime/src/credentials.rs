//! AWS credentials and the trait credential providers implement.
//!
//! The secret access key and session token are deliberately kept out of every `Debug` and
//! `Display` output in this module: credentials end up in logs through error chains and
//! `{:?}` of whole client configurations far more often than anyone intends.
//!
//! Providers that know nothing of any particular service live here too:
//! [`EnvironmentProvider`] (`AWS_ACCESS_KEY_ID` and friends), [`CredentialProcessProvider`]
//! (`credential_process`), [`CredentialsProviderChain`] (try providers in order) and
//! [`CachedCredentialsProvider`] (reuse credentials until shortly before they expire, refreshing
//! them once for any number of concurrent callers). Providers that call a service, such as
//! assume-role, belong to the crates that know that service.

mod cache;
mod chain;
mod environment;
mod process;

pub use cache::{
    CachedCredentialsProvider, DEFAULT_EXPIRY_BUFFER, DEFAULT_LOAD_TIMEOUT,
    DEFAULT_UNEXPIRING_LIFETIME,
};
pub use chain::CredentialsProviderChain;
pub use environment::{
    EnvironmentProvider, ACCESS_KEY_ID_ENV, LEGACY_SECRET_ACCESS_KEY_ENV, SECRET_ACCESS_KEY_ENV,
    SESSION_TOKEN_ENV,
};
pub(crate) use process::program_name;
pub use process::CredentialProcessProvider;

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::datetime::DateTime;

/// What `Debug` prints in place of a secret.
const REDACTED: &str = "** redacted **";

/// The provider name used when none is set with [`Credentials::with_provider_name`].
const DEFAULT_PROVIDER_NAME: &str = "static";

/// An AWS access key pair, with an optional session token and expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<DateTime>,
    provider_name: &'static str,
}

impl Credentials {
    /// Credentials with no expiry, attributed to the `static` provider.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            provider_name: DEFAULT_PROVIDER_NAME,
        }
    }

    /// Sets the instant after which the credentials must no longer be used.
    pub fn with_expiry(mut self, expiry: DateTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// Names the provider that produced the credentials (shown in `Debug` and errors).
    pub fn with_provider_name(mut self, provider_name: &'static str) -> Self {
        self.provider_name = provider_name;
        self
    }

    /// The access key id (`AKIA…`/`ASIA…`); not secret.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials expire, if they do.
    pub fn expiry(&self) -> Option<DateTime> {
        self.expiry
    }

    /// The name of the provider that produced the credentials.
    pub fn provider_name(&self) -> &'static str {
        self.provider_name
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("provider_name", &self.provider_name)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Why a credential provider could not produce credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsErrorKind {
    /// The provider has nothing to offer here (for example its environment variables are
    /// unset); a provider chain moves on to the next provider.
    NotLoaded,
    /// The provider is configured but failed (bad file, network or service error); a chain
    /// stops and reports it.
    ProviderError,
}

/// The error a credential provider returns.
///
/// Messages are written by providers and must never include a secret key or session token;
/// this type only ever prints the provider name, the message and (via
/// [`Error::source`]) the underlying error.
#[derive(Debug, Clone)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    provider: &'static str,
    message: String,
    source: Option<Arc<dyn Error + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// The provider found no credentials (`reason` says what it looked for).
    pub fn not_loaded(provider: &'static str, reason: impl Into<String>) -> Self {
        CredentialsError {
            kind: CredentialsErrorKind::NotLoaded,
            provider,
            message: reason.into(),
            source: None,
        }
    }

    /// The provider failed; `context` says what it was doing and `source` what went wrong.
    pub fn provider_error(
        provider: &'static str,
        context: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        CredentialsError {
            kind: CredentialsErrorKind::ProviderError,
            provider,
            message: context.into(),
            source: Some(Arc::from(source.into())),
        }
    }

    /// The provider is configured but its configuration is unusable (`message` says which
    /// setting and why); there is no underlying error.
    pub fn invalid_configuration(provider: &'static str, message: impl Into<String>) -> Self {
        CredentialsError {
            kind: CredentialsErrorKind::ProviderError,
            provider,
            message: message.into(),
            source: None,
        }
    }

    /// Which kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The name of the provider that failed.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The provider's explanation.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            CredentialsErrorKind::NotLoaded => write!(
                f,
                "no credentials loaded by the `{}` provider: {}",
                self.provider, self.message
            ),
            CredentialsErrorKind::ProviderError => write!(
                f,
                "the `{}` credentials provider failed: {}",
                self.provider, self.message
            ),
        }
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials, asked once per request (implementations cache as they see fit).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Produces credentials, or says why it cannot.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// A shared provider is a provider, so `Arc<dyn ProvideCredentials>` can be chained and cached.
impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("SESSIONTOKEN".to_owned()),
        )
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let text = format!("{:?}", example());
        assert_eq!(
            text,
            "Credentials { provider_name: \"static\", access_key_id: \"AKIDEXAMPLE\", \
             secret_access_key: \"** redacted **\", session_token: Some(\"** redacted **\"), \
             expiry: None }"
        );
    }

    #[test]
    fn debug_shows_provider_expiry_and_absent_token() {
        let credentials = Credentials::new("AKID", "secret-value", None)
            .with_provider_name("environment")
            .with_expiry(DateTime::from_secs(1_440_938_160));
        assert_eq!(
            format!("{credentials:?}"),
            "Credentials { provider_name: \"environment\", access_key_id: \"AKID\", \
             secret_access_key: \"** redacted **\", session_token: None, \
             expiry: Some(2015-08-30T12:36:00Z) }"
        );
        assert!(!format!("{credentials:#?}").contains("secret-value"));
    }

    #[test]
    fn accessors_return_the_parts() {
        let credentials = example().with_expiry(DateTime::from_secs(10));
        assert_eq!(credentials.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(
            credentials.secret_access_key(),
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        );
        assert_eq!(credentials.session_token(), Some("SESSIONTOKEN"));
        assert_eq!(credentials.expiry(), Some(DateTime::from_secs(10)));
        assert_eq!(credentials.provider_name(), "static");
    }

    #[test]
    fn error_messages_name_the_provider() {
        let not_loaded = CredentialsError::not_loaded("environment", "AWS_ACCESS_KEY_ID is unset");
        assert_eq!(not_loaded.kind(), CredentialsErrorKind::NotLoaded);
        assert_eq!(
            not_loaded.to_string(),
            "no credentials loaded by the `environment` provider: AWS_ACCESS_KEY_ID is unset"
        );
        assert!(not_loaded.source().is_none());

        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let failed = CredentialsError::provider_error("profile", "reading ~/.aws/credentials", io);
        assert_eq!(failed.kind(), CredentialsErrorKind::ProviderError);
        assert_eq!(failed.provider(), "profile");
        assert_eq!(
            failed.to_string(),
            "the `profile` credentials provider failed: reading ~/.aws/credentials"
        );
        assert_eq!(
            failed.source().map(|source| source.to_string()),
            Some("no such file".to_owned())
        );
    }

    #[test]
    fn static_credentials_provide_themselves() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime builds");
        let provided = runtime.block_on(example().provide_credentials());
        assert_eq!(provided.ok(), Some(example()));
    }
}
