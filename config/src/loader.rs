//! [`ConfigLoader`]: builds an STS client configuration from the environment, the shared files
//! and values set in code.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use stsgen_runtime::config::TimeSource;
use stsgen_runtime::credentials::ProvideCredentials;
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::profile::{
    selected_profile_name, Env, FileKind, Platform, ProfileFiles, ProfileSet, SourceFile,
};
use stsgen_runtime::retry::RetryConfig;
use stsgen_runtime::transport::{HttpClient, HttpFuture};

use crate::default_chain::DefaultCredentialsChain;
use crate::error::ConfigError;
use crate::provider_config::{MfaTokenCallback, ProviderConfig};
use crate::settings::Settings;

/// Loads region, endpoint settings and credentials the way the AWS CLI and SDKs do, with
/// optional overrides. Values set here win over the environment, which wins over the shared
/// files.
///
/// ```no_run
/// # async fn example() -> Result<(), stsgen_config::ConfigError> {
/// use stsgen_config::ConfigLoader;
///
/// let config = ConfigLoader::new().profile_name("dev").load().await?;
/// let client = sts::Client::new(config);
/// # Ok(()) }
/// ```
///
/// Tests isolate themselves from the machine with [`ConfigLoader::env`] (an explicit
/// environment, so neither the process environment nor `~/.aws` is read unless the given
/// environment points there).
#[derive(Clone, Default)]
pub struct ConfigLoader {
    env: Option<Env>,
    profile_name: Option<String>,
    config_file: Option<PathBuf>,
    credentials_file: Option<PathBuf>,
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    http_client: Option<Arc<dyn HttpClient>>,
    time_source: Option<TimeSource>,
    mfa_token: Option<MfaTokenCallback>,
    expiry_buffer: Option<Duration>,
    load_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
}

impl ConfigLoader {
    /// A loader reading the process environment and the default file locations.
    pub fn new() -> Self {
        ConfigLoader::default()
    }

    /// Reads environment variables (including `HOME`, which locates `~/.aws`) from `env`
    /// instead of the process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Uses this profile instead of `AWS_PROFILE` / `default`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Reads the shared config file from `path` instead of `AWS_CONFIG_FILE` /
    /// `~/.aws/config`. Unlike those, a path given here must be readable.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Reads the shared credentials file from `path` instead of
    /// `AWS_SHARED_CREDENTIALS_FILE` / `~/.aws/credentials`. A path given here must be
    /// readable.
    pub fn credentials_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.credentials_file = Some(path.into());
        self
    }

    /// Uses this region for requests and for the STS calls of credential providers.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends STS requests (including those of credential providers) to this URL.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses these credentials instead of the default chain.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends every request, including those of credential providers, through `client`.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(Arc::new(client));
        self
    }

    /// Reads the time from `source` (signing, credential expiry, generated session names).
    pub fn time_source(mut self, source: impl Fn() -> DateTime + Send + Sync + 'static) -> Self {
        self.time_source = Some(Arc::new(source));
        self
    }

    /// Asks `callback` for the MFA code when an assume-role profile sets `mfa_serial`. It
    /// receives the `mfa_serial` value and runs on a blocking thread, so it may prompt.
    ///
    /// The prompt counts against the credentials load timeout (30 seconds unless set with
    /// [`ConfigLoader::load_timeout`]): raise it if people take longer to type a code.
    pub fn mfa_token_callback(
        mut self,
        callback: impl Fn(&str) -> Result<String, Box<dyn Error + Send + Sync>> + Send + Sync + 'static,
    ) -> Self {
        self.mfa_token = Some(Arc::new(callback));
        self
    }

    /// Refreshes cached credentials `buffer` before they expire (default 5 minutes).
    pub fn expiry_buffer(mut self, buffer: Duration) -> Self {
        self.expiry_buffer = Some(buffer);
        self
    }

    /// Gives up on loading credentials from the default chain after `timeout` (default
    /// [`DEFAULT_LOAD_TIMEOUT`](stsgen_runtime::credentials::DEFAULT_LOAD_TIMEOUT), 30 seconds):
    /// the request fails with an error naming the provider that was loading, a
    /// `credential_process` command still running is killed, and the next request tries again.
    pub fn load_timeout(mut self, timeout: Duration) -> Self {
        self.load_timeout = Some(timeout);
        self
    }

    /// Uses this retry policy instead of the one `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` (or the
    /// profile's `max_attempts` / `retry_mode`) describe, for requests and for the credential
    /// providers' STS calls.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Reads the environment and the shared files and builds the configuration.
    ///
    /// Credentials are not fetched here: the first request asks the default chain (or the
    /// provider set in code), so a missing or broken credential source shows up as that
    /// request's error. Shared files that are missing are skipped (unless their path was given
    /// in code); syntax errors in them are returned here, naming file and line.
    pub async fn load(self) -> Result<sts::Config, ConfigError> {
        let env = self.env.clone().unwrap_or_else(Env::real);
        let (env, files) = {
            let profile_name = self.profile_name.clone();
            let config_file = self.config_file.clone();
            let credentials_file = self.credentials_file.clone();
            tokio::task::spawn_blocking(move || {
                let files = read_files(
                    &env,
                    profile_name,
                    config_file.as_deref(),
                    credentials_file.as_deref(),
                );
                (env, files)
            })
            .await
            .map_err(|error| ConfigError::Task(format!("reading the shared files: {error}")))?
        };
        let profiles = files?.parse()?;
        self.build(&env, &profiles)
    }

    /// [`ConfigLoader::load`], then a client with that configuration.
    pub async fn load_client(self) -> Result<sts::Client, ConfigError> {
        Ok(sts::Client::new(self.load().await?))
    }

    /// The configuration for `env` and already parsed `profiles`, using the profile set with
    /// [`ConfigLoader::profile_name`], else the one `profiles` selects. Reads no files and
    /// ignores the file paths set here.
    pub fn build(self, env: &Env, profiles: &ProfileSet) -> Result<sts::Config, ConfigError> {
        let profiles = match &self.profile_name {
            Some(name) => Cow::Owned(profiles.clone().with_selected_profile(name.as_str())),
            None => Cow::Borrowed(profiles),
        };
        let profiles = profiles.as_ref();
        let settings = Settings::resolve(env, profiles, profiles.selected_profile_name())?;
        let mut builder = sts::Config::builder()
            .use_fips(settings.use_fips)
            .use_dual_stack(settings.use_dual_stack)
            .use_global_endpoint(settings.use_global_endpoint);
        if let Some(retry) = self.retry.or_else(|| settings.retry_config()) {
            builder = builder.retry(retry);
        }
        if let Some(region) = self.region.or(settings.region) {
            builder = builder.region(region);
        }
        if let Some(url) = self.endpoint_url.or(settings.endpoint_url) {
            builder = builder.endpoint_url(url);
        }
        if let Some(client) = self.http_client {
            builder = builder.http_client(SharedHttpClient(client));
        }
        if let Some(source) = self.time_source {
            builder = builder.time_source(move || source());
        }
        let base = builder.build();
        let credentials: Arc<dyn ProvideCredentials> = match self.credentials {
            Some(credentials) => credentials,
            None => {
                let mut provider_config = ProviderConfig::new(base.clone()).with_env(env.clone());
                if let Some(callback) = self.mfa_token {
                    provider_config = provider_config.with_mfa_token_callback(callback);
                }
                let mut chain = DefaultCredentialsChain::new(profiles, &provider_config);
                if let Some(buffer) = self.expiry_buffer {
                    chain = chain.with_expiry_buffer(buffer);
                }
                if let Some(timeout) = self.load_timeout {
                    chain = chain.with_load_timeout(timeout);
                }
                Arc::new(chain)
            }
        };
        Ok(base.to_builder().credentials_provider(credentials).build())
    }
}

/// The files located through `env`, with the paths and profile set in code applied.
fn read_files(
    env: &Env,
    profile_name: Option<String>,
    config_file: Option<&Path>,
    credentials_file: Option<&Path>,
) -> Result<ProfileFiles, ConfigError> {
    let mut files = if config_file.is_some() && credentials_file.is_some() {
        ProfileFiles {
            selected_profile: selected_profile_name(env).to_owned(),
            ..ProfileFiles::default()
        }
    } else {
        ProfileFiles::read(env, Platform::current())
    };
    if let Some(path) = config_file {
        files.config = Some(read_required(FileKind::Config, path)?);
    }
    if let Some(path) = credentials_file {
        files.credentials = Some(read_required(FileKind::Credentials, path)?);
    }
    if let Some(name) = profile_name {
        files.selected_profile = name;
    }
    Ok(files)
}

fn read_required(kind: FileKind, path: &Path) -> Result<SourceFile, ConfigError> {
    let contents = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        kind,
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SourceFile {
        path: Some(path.to_path_buf()),
        contents,
    })
}

/// Lets one transport serve both the client and the credential providers' STS clients.
struct SharedHttpClient(Arc<dyn HttpClient>);

impl HttpClient for SharedHttpClient {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.0.send(request)
    }
}

impl fmt::Debug for SharedHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("env", &self.env)
            .field("profile_name", &self.profile_name)
            .field("config_file", &self.config_file)
            .field("credentials_file", &self.credentials_file)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("credentials", &self.credentials)
            .field("http_client", &self.http_client)
            .field("time_source", &self.time_source.as_ref().map(|_| "custom"))
            .field("mfa_token", &self.mfa_token.as_ref().map(|_| "callback"))
            .field("expiry_buffer", &self.expiry_buffer)
            .field("load_timeout", &self.load_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}
