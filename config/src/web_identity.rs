//! `sts:AssumeRoleWithWebIdentity` with a token read from a file (EKS IRSA, GitHub Actions
//! OIDC and the like).

use std::fmt;
use std::path::PathBuf;

use stsgen_runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};

use crate::provider_config::ProviderConfig;
use crate::sts_credentials::from_sts;

const PROVIDER: &str = "web-identity";

/// Prefix of the session name used when none is configured.
const SESSION_NAME_PREFIX: &str = "web-identity-token";

/// The token file variable.
pub const WEB_IDENTITY_TOKEN_FILE_ENV: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
/// The role variable.
pub const ROLE_ARN_ENV: &str = "AWS_ROLE_ARN";
/// The session name variable.
pub const ROLE_SESSION_NAME_ENV: &str = "AWS_ROLE_SESSION_NAME";

/// Where the token is and which role to assume with it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct WebIdentitySettings {
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
}

/// Assumes a role with a web identity token (an OIDC JWT) read from a file.
///
/// The file is read again on every fetch, because its owner rotates it. The call is unsigned,
/// as the STS model specifies, so no other credentials are needed. The session name defaults to
/// `web-identity-token-<epoch millis>`.
pub struct WebIdentityTokenProvider {
    settings: Result<WebIdentitySettings, CredentialsError>,
    client: sts::Client,
    config: ProviderConfig,
}

impl WebIdentityTokenProvider {
    /// A provider for the given token file, role and optional session name.
    pub fn new(
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
        session_name: Option<String>,
        config: &ProviderConfig,
    ) -> Self {
        Self::with_settings(
            Ok(WebIdentitySettings {
                token_file: token_file.into(),
                role_arn: role_arn.into(),
                session_name,
            }),
            config,
        )
    }

    /// A provider configured by `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
    /// `AWS_ROLE_SESSION_NAME` in the config's environment.
    ///
    /// Without a token file it reports "not loaded" (a chain moves on); with a token file but
    /// no role it fails, naming `AWS_ROLE_ARN`.
    pub fn from_env(config: &ProviderConfig) -> Self {
        let env = config.env();
        let settings = match (
            env.get_non_blank(WEB_IDENTITY_TOKEN_FILE_ENV),
            env.get_non_blank(ROLE_ARN_ENV),
        ) {
            (None, _) => Err(CredentialsError::not_loaded(
                PROVIDER,
                format!("{WEB_IDENTITY_TOKEN_FILE_ENV} is not set"),
            )),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                format!("{WEB_IDENTITY_TOKEN_FILE_ENV} is set but {ROLE_ARN_ENV} is not"),
            )),
            (Some(token_file), Some(role_arn)) => Ok(WebIdentitySettings {
                token_file: PathBuf::from(token_file),
                role_arn: role_arn.trim_matches([' ', '\t']).to_owned(),
                session_name: env
                    .get_non_blank(ROLE_SESSION_NAME_ENV)
                    .map(|name| name.trim_matches([' ', '\t']).to_owned()),
            }),
        };
        Self::with_settings(settings, config)
    }

    fn with_settings(
        settings: Result<WebIdentitySettings, CredentialsError>,
        config: &ProviderConfig,
    ) -> Self {
        WebIdentityTokenProvider {
            settings,
            client: config.client(None),
            config: config.clone(),
        }
    }

    /// Reads the token and calls `AssumeRoleWithWebIdentity`.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings.as_ref().map_err(Clone::clone)?;
        let token = read_token(settings.token_file.clone()).await?;
        let session_name = match &settings.session_name {
            Some(name) => name.clone(),
            None => self.config.session_name(SESSION_NAME_PREFIX),
        };
        let output = self
            .client
            .assume_role_with_web_identity()
            .role_arn(&settings.role_arn)
            .role_session_name(session_name)
            .web_identity_token(token)
            .send()
            .await
            .map_err(|error| {
                CredentialsError::provider_error(
                    PROVIDER,
                    format!(
                        "assuming role `{}` with the web identity token in `{}`: the \
                         AssumeRoleWithWebIdentity call failed",
                        settings.role_arn,
                        settings.token_file.display()
                    ),
                    error,
                )
            })?;
        from_sts(PROVIDER, "AssumeRoleWithWebIdentity", output.credentials())
    }
}

/// The token file's contents without surrounding whitespace (a trailing newline left by an
/// editor would otherwise make the JWT invalid).
async fn read_token(path: PathBuf) -> Result<String, CredentialsError> {
    let shown = path.display().to_string();
    let read = tokio::task::spawn_blocking(move || std::fs::read_to_string(&path))
        .await
        .map_err(|error| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("reading the web identity token file `{shown}` panicked"),
                error,
            )
        })?;
    let token = read.map_err(|error| {
        CredentialsError::provider_error(
            PROVIDER,
            format!("could not read the web identity token file `{shown}`"),
            error,
        )
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(CredentialsError::invalid_configuration(
            PROVIDER,
            format!("the web identity token file `{shown}` is empty"),
        ));
    }
    Ok(token.to_owned())
}

impl ProvideCredentials for WebIdentityTokenProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// Shows the file and role; the token itself is never held between fetches.
impl fmt::Debug for WebIdentityTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("WebIdentityTokenProvider");
        match &self.settings {
            Ok(settings) => debug
                .field("token_file", &settings.token_file)
                .field("role_arn", &settings.role_arn)
                .field("session_name", &settings.session_name),
            Err(error) => debug.field("unavailable", &error.message()),
        };
        debug.finish_non_exhaustive()
    }
}
