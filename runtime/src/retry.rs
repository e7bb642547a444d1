//! Retry policy: which failures are worth another attempt, and how long to wait.
//!
//! Standard mode as the AWS SDKs implement it: up to 3 attempts, exponential backoff with full
//! jitter (`random(0, 1) * min(initial * 2^(attempt-1), max)`), retrying transport failures,
//! HTTP 500/502/503/504, throttling codes and transient codes.

use std::time::Duration;

/// Error codes AWS uses for throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes for transient service-side failures. `IDPCommunicationError` is STS's, but the
/// official SDKs treat it as transient for every operation, so the runtime does too.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "IDPCommunicationError",
];

const TRANSIENT_STATUS: &[u16] = &[500, 502, 503, 504];

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// The standard policy: 3 attempts, 1 s initial backoff, 20 s cap.
    pub fn standard() -> Self {
        RetryConfig::default()
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Total attempts including the first (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry, before jitter.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The cap on any single backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Total attempts including the first.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before attempt `attempt + 1`, given a jitter factor in `[0, 1]`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        base.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// True when an error response with this code and status is worth retrying.
pub fn is_retryable_response(code: Option<&str>, status: u16) -> bool {
    code.is_some_and(|code| THROTTLING_CODES.contains(&code) || TRANSIENT_CODES.contains(&code))
        || TRANSIENT_STATUS.contains(&status)
}

/// A cheap jitter source in `[0, 1)`: retries need spread, not cryptographic randomness.
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(crate::datetime::DateTime::now().subsec_nanos().into());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let config = RetryConfig::standard();
        assert_eq!(config.backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(config.backoff(2, 1.0), Duration::from_secs(2));
        assert_eq!(config.backoff(3, 0.5), Duration::from_secs(2));
        assert_eq!(config.backoff(10, 1.0), Duration::from_secs(20));
        assert_eq!(config.backoff(2, 0.0), Duration::ZERO);
    }

    #[test]
    fn classification() {
        assert!(is_retryable_response(Some("Throttling"), 400));
        assert!(is_retryable_response(Some("IDPCommunicationError"), 400));
        assert!(is_retryable_response(None, 503));
        assert!(!is_retryable_response(Some("AccessDenied"), 403));
        assert!(!is_retryable_response(Some("MalformedPolicyDocument"), 400));
    }

    #[test]
    fn jitter_is_in_range() {
        for _ in 0..100 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value), "{value}");
        }
    }

    #[test]
    fn attempts_are_at_least_one() {
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    }
}
