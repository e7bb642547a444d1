//! The credentials cache with a controllable clock: reuse until `expiry - buffer`, one refresh
//! for many concurrent callers, failed refreshes that do not poison the cache, and a load
//! timeout for providers that never answer.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use stsgen_runtime::config::TimeSource;
use stsgen_runtime::credentials::{
    CachedCredentialsProvider, Credentials, CredentialsError, CredentialsErrorKind,
    CredentialsProviderChain, EnvironmentProvider, ProvideCredentials, ProvideCredentialsFuture,
    DEFAULT_LOAD_TIMEOUT,
};
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::profile::Env;

const START: i64 = 1_700_000_000;
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// A clock that only moves when told to.
#[derive(Clone)]
struct Clock(Arc<AtomicI64>);

impl Clock {
    fn new() -> Clock {
        Clock(Arc::new(AtomicI64::new(START)))
    }

    fn set(&self, secs_after_start: i64) {
        self.0.store(START + secs_after_start, Ordering::SeqCst);
    }

    fn now(&self) -> DateTime {
        DateTime::from_secs(self.0.load(Ordering::SeqCst))
    }

    fn source(&self) -> TimeSource {
        let clock = self.clone();
        Arc::new(move || clock.now())
    }
}

/// Issues credentials `AKID-<n>` (n counts calls from 1) that expire `lifetime` seconds after
/// the clock's current time (never, if `None`), after an optional delay; fails while `failing`;
/// never answers while `hanging`.
#[derive(Debug)]
struct Issuer {
    clock_secs: Arc<AtomicI64>,
    lifetime: Option<i64>,
    delay: Duration,
    calls: AtomicUsize,
    failing: AtomicBool,
    hanging: AtomicBool,
}

impl Issuer {
    fn new(clock: &Clock, lifetime: Option<i64>, delay: Duration) -> Arc<Issuer> {
        Arc::new(Issuer {
            clock_secs: clock.0.clone(),
            lifetime,
            delay,
            calls: AtomicUsize::new(0),
            failing: AtomicBool::new(false),
            hanging: AtomicBool::new(false),
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    fn hang(&self, hanging: bool) {
        self.hanging.store(hanging, Ordering::SeqCst);
    }
}

impl ProvideCredentials for Issuer {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if self.hanging.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(CredentialsError::provider_error(
                    "issuer",
                    format!("call {call} failed"),
                    "the service is down",
                ));
            }
            let now = self.clock_secs.load(Ordering::SeqCst);
            let credentials = Credentials::new(format!("AKID-{call}"), SECRET, None);
            Ok(match self.lifetime {
                Some(lifetime) => credentials.with_expiry(DateTime::from_secs(now + lifetime)),
                None => credentials,
            })
        })
    }
}

fn cache(issuer: &Arc<Issuer>, clock: &Clock) -> CachedCredentialsProvider {
    CachedCredentialsProvider::new(issuer.clone()).with_time_source(clock.source())
}

async fn key(cache: &CachedCredentialsProvider) -> String {
    match cache.provide_credentials().await {
        Ok(credentials) => credentials.access_key_id().to_owned(),
        Err(error) => panic!("expected credentials, got {error}"),
    }
}

async fn error(cache: &CachedCredentialsProvider) -> CredentialsError {
    match cache.provide_credentials().await {
        Ok(credentials) => panic!("expected an error, got {credentials:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn credentials_are_reused_until_five_minutes_before_expiry() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock);

    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(3600 - 300 - 1);
    assert_eq!(key(&cache).await, "AKID-1");
    assert_eq!(issuer.calls(), 1);

    clock.set(3600 - 300);
    assert_eq!(
        key(&cache).await,
        "AKID-2",
        "refreshed 5 minutes before expiry"
    );
    // The new credentials expire an hour after the refresh.
    clock.set(3600 - 300 + 3000);
    assert_eq!(key(&cache).await, "AKID-2");
    assert_eq!(issuer.calls(), 2);
}

#[tokio::test]
async fn the_expiry_buffer_is_configurable() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(900), Duration::ZERO);
    let cache = cache(&issuer, &clock).with_expiry_buffer(Duration::from_secs(60));
    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(839);
    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(840);
    assert_eq!(key(&cache).await, "AKID-2");
}

#[tokio::test]
async fn credentials_without_expiry_are_reused_for_fifteen_minutes() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, None, Duration::ZERO);
    let cache = cache(&issuer, &clock);
    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(15 * 60 - 1);
    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(15 * 60);
    assert_eq!(key(&cache).await, "AKID-2");

    let short = cache.with_unexpiring_lifetime(Duration::from_secs(10));
    assert_eq!(
        key(&short).await,
        "AKID-3",
        "a reconfigured cache starts empty"
    );
    clock.set(15 * 60 + 10);
    assert_eq!(key(&short).await, "AKID-4");
}

async fn fifty_concurrent(cache: &CachedCredentialsProvider) -> Vec<String> {
    concurrent(cache, 50).await
}

/// Starts `callers` tasks asking `cache` at once; their access key ids (or errors), in order.
async fn concurrent(cache: &CachedCredentialsProvider, callers: usize) -> Vec<String> {
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move {
                cache
                    .provide_credentials()
                    .await
                    .map(|credentials| credentials.access_key_id().to_owned())
                    .map_err(|error| error.to_string())
            })
        })
        .collect();
    let mut keys = Vec::new();
    for task in tasks {
        match task.await {
            Ok(Ok(key)) => keys.push(key),
            Ok(Err(error)) => keys.push(format!("error: {error}")),
            Err(join) => panic!("a caller panicked: {join}"),
        }
    }
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_share_one_initial_load() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::from_millis(200));
    let cache = cache(&issuer, &clock);
    let keys = fifty_concurrent(&cache).await;
    assert_eq!(keys, vec!["AKID-1".to_owned(); 50]);
    assert_eq!(issuer.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_during_a_refresh_cause_exactly_one_call() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::from_millis(200));
    let cache = cache(&issuer, &clock);
    assert_eq!(key(&cache).await, "AKID-1");

    clock.set(3400);
    let keys = fifty_concurrent(&cache).await;
    assert_eq!(keys, vec!["AKID-2".to_owned(); 50]);
    assert_eq!(issuer.calls(), 2, "one initial load and one refresh");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_a_failed_refresh_instead_of_retrying_each() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::from_millis(200));
    let cache = cache(&issuer, &clock);
    issuer.fail(true);
    let results = fifty_concurrent(&cache).await;
    let expected = "error: the `issuer` credentials provider failed: call 1 failed";
    assert_eq!(results, vec![expected.to_owned(); 50]);
    assert_eq!(issuer.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn callers_share_a_refresh_whose_credentials_are_already_inside_the_buffer() {
    // A credential_process tool handing out its own cached credentials with 2 minutes left:
    // due for refresh at once, yet valid, so every caller that waited uses them.
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(120), Duration::from_millis(200));
    let cache = cache(&issuer, &clock);
    let keys = concurrent(&cache, 10).await;
    assert_eq!(keys, vec!["AKID-1".to_owned(); 10]);
    assert_eq!(issuer.calls(), 1);

    // A caller arriving afterwards finds them due and refreshes.
    assert_eq!(key(&cache).await, "AKID-2");
    assert_eq!(issuer.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn callers_refresh_again_when_the_shared_refresh_returned_expired_credentials() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(0), Duration::from_millis(200));
    let cache = cache(&issuer, &clock);
    let keys = concurrent(&cache, 3).await;
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, ["AKID-1", "AKID-2", "AKID-3"], "{keys:?}");
    assert_eq!(issuer.calls(), 3);
}

#[tokio::test]
async fn a_failed_refresh_after_expiry_returns_the_error_and_does_not_poison_the_cache() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock);
    assert_eq!(key(&cache).await, "AKID-1");

    clock.set(3600);
    issuer.fail(true);
    let failure = error(&cache).await;
    assert_eq!(failure.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(failure.provider(), "issuer");
    assert_eq!(
        failure.to_string(),
        "the `issuer` credentials provider failed: call 2 failed"
    );
    assert_eq!(
        std::error::Error::source(&failure).map(ToString::to_string),
        Some("the service is down".to_owned())
    );
    // Each later call tries again rather than repeating the old error.
    assert_eq!(
        error(&cache).await.to_string(),
        "the `issuer` credentials provider failed: call 3 failed"
    );

    issuer.fail(false);
    assert_eq!(key(&cache).await, "AKID-4");
    assert_eq!(key(&cache).await, "AKID-4");
    assert_eq!(issuer.calls(), 4);
}

#[tokio::test]
async fn a_failed_refresh_before_expiry_keeps_serving_the_still_valid_credentials() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock);
    assert_eq!(key(&cache).await, "AKID-1");

    clock.set(3500);
    issuer.fail(true);
    assert_eq!(key(&cache).await, "AKID-1", "still valid for 100 s");
    assert_eq!(issuer.calls(), 2, "a refresh was attempted");
    assert_eq!(key(&cache).await, "AKID-1");
    assert_eq!(issuer.calls(), 3, "and is attempted again on the next call");

    clock.set(3600);
    assert_eq!(
        error(&cache).await.to_string(),
        "the `issuer` credentials provider failed: call 4 failed"
    );
    issuer.fail(false);
    assert_eq!(key(&cache).await, "AKID-5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_load_that_never_finishes_times_out_for_all_waiting_callers_and_is_retried() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock).with_load_timeout(Duration::from_millis(300));
    issuer.hang(true);

    let started = tokio::time::Instant::now();
    let results = concurrent(&cache, 10).await;
    let elapsed = started.elapsed();
    let expected = "error: the `cache` credentials provider failed: loading credentials did not \
                    finish within the load timeout of 300ms and was abandoned";
    assert_eq!(results, vec![expected.to_owned(); 10]);
    assert_eq!(
        issuer.calls(),
        1,
        "the callers that waited share the timeout"
    );
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );

    let failure = error(&cache).await;
    assert_eq!(failure.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(
        std::error::Error::source(&failure).map(ToString::to_string),
        Some("deadline has elapsed".to_owned())
    );
    assert_eq!(issuer.calls(), 2, "a timeout is not cached");

    issuer.hang(false);
    assert_eq!(key(&cache).await, "AKID-3");
    assert_eq!(key(&cache).await, "AKID-3");
}

#[tokio::test]
async fn a_timed_out_refresh_keeps_serving_still_valid_credentials() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock).with_load_timeout(Duration::from_millis(100));
    assert_eq!(key(&cache).await, "AKID-1");
    clock.set(3500);
    issuer.hang(true);
    assert_eq!(key(&cache).await, "AKID-1");
    assert_eq!(issuer.calls(), 2);
}

#[tokio::test]
async fn a_timeout_names_the_chain_provider_that_was_loading() {
    let clock = Clock::new();
    let slow = Issuer::new(&clock, Some(3600), Duration::ZERO);
    slow.hang(true);
    let chain = CredentialsProviderChain::new()
        .or_else(
            "environment",
            Arc::new(EnvironmentProvider::new(Env::default())),
        )
        .or_else("slow-service", slow.clone());
    let cache = CachedCredentialsProvider::new(Arc::new(chain))
        .with_load_timeout(Duration::from_millis(100));
    let failure = error(&cache).await;
    assert_eq!(failure.provider(), "slow-service");
    assert_eq!(
        failure.to_string(),
        "the `slow-service` credentials provider failed: loading credentials did not finish \
         within the load timeout of 100ms and was abandoned"
    );
    assert_eq!(
        CachedCredentialsProvider::new(slow).load_timeout(),
        DEFAULT_LOAD_TIMEOUT
    );
    assert_eq!(DEFAULT_LOAD_TIMEOUT, Duration::from_secs(30));
}

#[tokio::test]
async fn debug_shows_settings_and_refresh_time_but_no_secret() {
    let clock = Clock::new();
    let issuer = Issuer::new(&clock, Some(3600), Duration::ZERO);
    let cache = cache(&issuer, &clock);
    assert_eq!(key(&cache).await, "AKID-1");
    let text = format!("{cache:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(
        text.contains("expiry_buffer: 300s, unexpiring_lifetime: 900s, refresh_at: Some(2023-11-14T23:08:20Z), load_timeout: 30s"),
        "{text}"
    );
}
