//! Client configuration: region, credentials, endpoint override, transport, retries, clock.

use std::fmt;
use std::sync::Arc;

use crate::credentials::ProvideCredentials;
use crate::datetime::DateTime;
use crate::retry::RetryConfig;
use crate::transport::HttpClient;

/// A clock, so tests can sign at a fixed time.
pub type TimeSource = Arc<dyn Fn() -> DateTime + Send + Sync>;

/// Everything a client needs besides the service's own metadata. Build with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    http_client: Option<Arc<dyn HttpClient>>,
    retry: RetryConfig,
    use_fips: bool,
    use_dual_stack: bool,
    use_global_endpoint: bool,
    time_source: Option<TimeSource>,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests go to (`us-east-1`).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider, if one was set.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials.as_ref()
    }

    /// The endpoint override (`http://127.0.0.1:5000`).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The transport, if one was set (otherwise the client creates an [`HttpsClient`](crate::transport::HttpsClient)).
    pub fn http_client(&self) -> Option<&Arc<dyn HttpClient>> {
        self.http_client.as_ref()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Whether to use FIPS endpoints.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether to use dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether to use a service's global endpoint where its endpoint rules offer one (STS:
    /// `sts.amazonaws.com` for the legacy global regions, as `AWS_STS_REGIONAL_ENDPOINTS=legacy` does).
    pub fn use_global_endpoint(&self) -> bool {
        self.use_global_endpoint
    }

    /// The current time, from the configured clock or the system clock.
    pub fn now(&self) -> DateTime {
        match &self.time_source {
            Some(source) => source(),
            None => DateTime::now(),
        }
    }

    /// A builder starting from this configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            config: self.clone(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("http_client", &self.http_client)
            .field("retry", &self.retry)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("use_global_endpoint", &self.use_global_endpoint)
            .field("time_source", &self.time_source.as_ref().map(|_| "custom"))
            .finish()
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                http_client: None,
                retry: RetryConfig::default(),
                use_fips: false,
                use_dual_stack: false,
                use_global_endpoint: false,
                time_source: None,
            },
        }
    }
}

impl ConfigBuilder {
    /// Sets the region (`us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sets the credentials: static [`Credentials`](crate::credentials::Credentials) or any provider.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(Arc::new(provider));
        self
    }

    /// Sets a shared credentials provider.
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.config.credentials = Some(provider);
        self
    }

    /// Sends every request to this URL instead of the resolved endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sets the transport.
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.config.http_client = Some(Arc::new(client));
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses dual-stack endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Uses the service's global endpoint where the endpoint rules offer one.
    pub fn use_global_endpoint(mut self, use_global_endpoint: bool) -> Self {
        self.config.use_global_endpoint = use_global_endpoint;
        self
    }

    /// Sets the clock used for signing.
    pub fn time_source(mut self, source: impl Fn() -> DateTime + Send + Sync + 'static) -> Self {
        self.config.time_source = Some(Arc::new(source));
        self
    }

    /// Finishes the configuration.
    pub fn build(self) -> Config {
        self.config
    }
}
