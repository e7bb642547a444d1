//! The orchestrator: turns an operation input into an HTTP request, signs it, sends it with
//! retries, and parses the response. Generated clients hold one [`Handle`].

use std::fmt;
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::endpoint::Endpoint;
use crate::error::ProvideErrorMetadata;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{Operation, ServiceMetadata};
use crate::retry::{is_retryable_response, jitter};
use crate::sdk_error::{ResponseError, SdkError};
use crate::sigv4::{self, SigningKeyCache, SigningParams};
use crate::transport::{HttpClient, HttpsClient, TransportErrorKind};

const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Shared state of a client: configuration, transport and signing-key cache.
pub struct Handle {
    config: Config,
    service: ServiceMetadata,
    http: Arc<dyn HttpClient>,
    signing_keys: SigningKeyCache,
    retry_quota: RetryQuota,
    /// Resolved once: it depends only on the configuration, which a handle never changes.
    endpoint: Result<Endpoint, String>,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("config", &self.config)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// The standard retry quota shared by a client's calls: retries draw tokens and successes
/// return them, so during an outage retries stop instead of multiplying the load.
struct RetryQuota {
    tokens: Mutex<u32>,
}

impl RetryQuota {
    const CAPACITY: u32 = 500;
    const RETRY_COST: u32 = 5;
    const TIMEOUT_RETRY_COST: u32 = 10;

    fn new() -> Self {
        RetryQuota {
            tokens: Mutex::new(Self::CAPACITY),
        }
    }

    /// Takes `cost` tokens if there are that many.
    fn acquire(&self, cost: u32) -> bool {
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if *tokens >= cost {
            *tokens -= cost;
            true
        } else {
            false
        }
    }

    /// Returns `cost` tokens (what a successful retry had taken), up to the capacity.
    fn release(&self, cost: u32) {
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *tokens = (*tokens + cost).min(Self::CAPACITY);
    }
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: ServiceMetadata) -> Handle {
        // Each client gets its own connection pool: pooled connections are driven by the Tokio
        // runtime that opened them, so sharing one pool across runtimes could hang a request.
        let http = config
            .http_client()
            .cloned()
            .unwrap_or_else(|| Arc::new(HttpsClient::new()));
        Handle {
            endpoint: resolve_endpoint(&config, &service),
            config,
            service,
            http,
            signing_keys: SigningKeyCache::default(),
            retry_quota: RetryQuota::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn region(&self) -> Result<&str, String> {
        configured_region(&self.config)
    }

    /// Calls operation `O` with `input`.
    pub async fn call<O: Operation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let body = O::serialize(&input);
        let endpoint = self
            .endpoint
            .as_ref()
            .map_err(|error| SdkError::construction(error.clone()))?;
        let mut uri = endpoint.url.clone();
        if !uri.ends_with('/') {
            uri.push('/');
        }
        let mut headers = vec![("content-type".to_owned(), CONTENT_TYPE.to_owned())];
        for (name, values) in &endpoint.headers {
            headers.extend(values.iter().map(|value| (name.clone(), value.clone())));
        }
        let request = HttpRequest {
            method: "POST".to_owned(),
            uri,
            headers,
            body: body.into_bytes(),
        };
        let signing = if O::SIGNED {
            let provider = self.config.credentials_provider().ok_or_else(|| {
                SdkError::construction(format!(
                    "`{}` must be signed but no credentials are configured: set them with `Config::builder().credentials(..)`",
                    O::NAME
                ))
            })?;
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(SdkError::construction)?;
            // The endpoint's `sigv4` auth scheme says which name and region to sign for (the
            // global STS endpoint signs for us-east-1); otherwise the service's own name and
            // the configured region.
            let scheme = endpoint.auth_scheme("sigv4");
            let name = scheme
                .and_then(|s| s.signing_name())
                .unwrap_or(self.service.signing_name)
                .to_owned();
            let region = match scheme.and_then(|s| s.signing_region()) {
                Some(region) => region.to_owned(),
                None => self.region().map_err(SdkError::construction)?.to_owned(),
            };
            Some((credentials, name, region))
        } else {
            None
        };

        let retry = *self.config.retry();
        let mut attempt = 1;
        let mut spent_on_retries = 0;
        let mut pending = Some(request);
        loop {
            // Keep a copy only while another attempt may follow.
            let last = attempt >= retry.max_attempts();
            let (mut attempt_request, next) = match pending.take() {
                Some(request) if last => (request, None),
                Some(request) => (request.clone(), Some(request)),
                None => return Err(SdkError::construction("internal error: no request to send")),
            };
            pending = next;
            if let Some((credentials, name, region)) = &signing {
                let params =
                    SigningParams::from_credentials(credentials, region, name, self.config.now());
                sigv4::sign_with_cache(&mut attempt_request, &params, &self.signing_keys)
                    .map_err(SdkError::construction)?;
            }
            // Each response is parsed once: the retry decision reads the parsed error.
            let result = match self.http.send(attempt_request).await {
                Ok(response) => parse::<O>(&response),
                Err(error) => Err(SdkError::Transport(error)),
            };
            let (retryable, cost) = match &result {
                Err(SdkError::Transport(error)) if error.kind() == TransportErrorKind::Timeout => {
                    (true, RetryQuota::TIMEOUT_RETRY_COST)
                }
                Err(SdkError::Transport(error)) => (error.is_retryable(), RetryQuota::RETRY_COST),
                Err(SdkError::Service(error)) => (
                    is_retryable_response(error.code(), error.meta().status().unwrap_or(0)),
                    RetryQuota::RETRY_COST,
                ),
                // Success, a malformed 2xx body, or a request that could not be built.
                _ => (false, 0),
            };
            if retryable && !last && self.retry_quota.acquire(cost) {
                spent_on_retries += cost;
                tokio::time::sleep(retry.backoff(attempt, jitter())).await;
                attempt += 1;
                continue;
            }
            // A 2xx answer, even one whose body could not be read, ends the outage the
            // retries were paying for.
            if matches!(&result, Ok(_) | Err(SdkError::Response(_))) {
                self.retry_quota.release(spent_on_retries);
            }
            return result;
        }
    }
}

/// The endpoint of a client: from the generated rules when the service has them, else the
/// override or `https://{prefix}.{region}.amazonaws.com`.
fn resolve_endpoint(config: &Config, service: &ServiceMetadata) -> Result<Endpoint, String> {
    if let Some(resolve) = service.resolve_endpoint {
        return resolve(config).map_err(|error| match configured_region(config) {
            // The rules' own message ("Missing Region") is terse; say how to fix it.
            Err(hint) => format!("the endpoint could not be resolved ({error}): {hint}"),
            Ok(_) => format!("the endpoint could not be resolved: {error}"),
        });
    }
    if let Some(url) = config.endpoint_url() {
        return Ok(Endpoint::new(url));
    }
    let region = configured_region(config)?;
    Ok(Endpoint::new(format!(
        "https://{}.{region}.amazonaws.com",
        service.endpoint_prefix
    )))
}

fn configured_region(config: &Config) -> Result<&str, String> {
    config
        .region()
        .filter(|region| !region.is_empty())
        .ok_or_else(|| {
            "no region is configured: set one with `Config::builder().region(..)`".to_owned()
        })
}

fn is_success(response: &HttpResponse) -> bool {
    (200..300).contains(&response.status)
}

fn request_id_header(response: &HttpResponse) -> Option<&str> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
}

fn parse<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    let request_id = request_id_header(response);
    if is_success(response) {
        O::parse_output(&response.body, request_id).map_err(|error| {
            SdkError::Response(ResponseError::new(
                response.status,
                request_id.map(str::to_owned),
                error,
            ))
        })
    } else {
        Err(SdkError::Service(O::parse_error(
            response.status,
            request_id,
            &response.body,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::RetryQuota;

    #[test]
    fn retry_quota_runs_out_and_refills() {
        let quota = RetryQuota::new();
        let retries = (0..200)
            .take_while(|_| quota.acquire(RetryQuota::RETRY_COST))
            .count();
        assert_eq!(retries, 100, "500 tokens pay for 100 retries");
        assert!(!quota.acquire(RetryQuota::RETRY_COST));
        quota.release(RetryQuota::RETRY_COST);
        assert!(quota.acquire(RetryQuota::RETRY_COST));
        quota.release(10_000);
        let tokens = *quota.tokens.lock().unwrap_or_else(|p| p.into_inner());
        assert_eq!(tokens, RetryQuota::CAPACITY);
    }
}
