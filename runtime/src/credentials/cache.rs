//! A caching wrapper: credentials are reused until shortly before they expire, and one refresh
//! serves every caller that arrives while it runs.
//!
//! * Credentials with an expiry are served until `expiry - buffer` ([`DEFAULT_EXPIRY_BUFFER`],
//!   5 minutes, unless changed); credentials without one for [`DEFAULT_UNEXPIRING_LIFETIME`]
//!   (15 minutes, as the AWS SDK for Rust does), so that a rotated environment or file is
//!   picked up eventually.
//! * A refresh is single-flight: the first caller that finds the cache stale fetches, and
//!   callers arriving meanwhile wait for that fetch and share its result, even when the new
//!   credentials are already inside the buffer (a `credential_process` tool handing out its own
//!   cached credentials, say), as long as they have not actually expired.
//! * A fetch that takes longer than the load timeout ([`DEFAULT_LOAD_TIMEOUT`], 30 seconds,
//!   unless changed) is abandoned (its future dropped, which kills a `credential_process`
//!   child) and counts as a failed refresh whose error names the provider that was loading.
//! * A failed refresh leaves the cache as it was. If the cached credentials have not actually
//!   expired yet (the failure happened inside the buffer) they are still served; otherwise the
//!   error is returned. Either way the next caller tries again: a failure is never cached
//!   beyond the callers that waited for that very attempt.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::config::TimeSource;
use crate::datetime::DateTime;

/// How long before their expiry cached credentials are refreshed, by default.
pub const DEFAULT_EXPIRY_BUFFER: Duration = Duration::from_secs(5 * 60);

/// How long credentials without an expiry are reused before asking the inner provider again.
pub const DEFAULT_UNEXPIRING_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// How long one fetch from the inner provider may take before it is abandoned, by default.
pub const DEFAULT_LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// The provider named by a timeout error when no provider reported itself as loading.
const PROVIDER: &str = "cache";

tokio::task_local! {
    /// The innermost provider currently loading inside a cache's fetch (see [`loading`]); read
    /// by the cache when the fetch times out.
    static LOADING: Arc<Mutex<Option<&'static str>>>;
}

/// Runs `load`, the fetch of `provider`, recording that `provider` is loading so that if the
/// load timeout of an enclosing cache fires meanwhile, the timeout error names it. When `load`
/// finishes, the provider recorded before (an enclosing chain's, say) is restored; when it is
/// abandoned, it stays recorded, which is the point.
pub(crate) async fn loading<F: Future>(provider: &'static str, load: F) -> F::Output {
    let previous = record_loading(Some(provider));
    let output = load.await;
    record_loading(previous);
    output
}

/// Records `provider` as loading and returns what was recorded before; nothing happens outside
/// a cache's fetch, where nobody would read it.
fn record_loading(provider: Option<&'static str>) -> Option<&'static str> {
    LOADING
        .try_with(|slot| {
            std::mem::replace(
                &mut *slot.lock().unwrap_or_else(PoisonError::into_inner),
                provider,
            )
        })
        .unwrap_or(None)
}

/// Wraps a provider so that its credentials are fetched once and reused until they are about
/// to expire. Clones share the cache.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use stsgen_runtime::credentials::{CachedCredentialsProvider, Credentials};
///
/// let cached = CachedCredentialsProvider::new(Arc::new(Credentials::new("AKID", "secret", None)))
///     .with_expiry_buffer(Duration::from_secs(60));
/// # drop(cached);
/// ```
#[derive(Clone)]
pub struct CachedCredentialsProvider {
    shared: Arc<Shared>,
}

struct Shared {
    inner: Arc<dyn ProvideCredentials>,
    expiry_buffer: Duration,
    unexpiring_lifetime: Duration,
    load_timeout: Duration,
    time_source: Option<TimeSource>,
    /// Only ever locked briefly, never across an `.await`.
    state: Mutex<State>,
    /// Held by the one caller refreshing; the others queue on it.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// Counts finished refresh attempts, so a caller that waited can tell one happened.
    attempts: u64,
    /// The error of the latest attempt, if it failed.
    last_error: Option<CredentialsError>,
}

struct Cached {
    credentials: Credentials,
    /// When to stop serving these without trying a refresh first.
    refresh_at: DateTime,
}

impl CachedCredentialsProvider {
    /// Caches `inner` with the default buffer and the system clock.
    pub fn new(inner: Arc<dyn ProvideCredentials>) -> Self {
        CachedCredentialsProvider {
            shared: Arc::new(Shared {
                inner,
                expiry_buffer: DEFAULT_EXPIRY_BUFFER,
                unexpiring_lifetime: DEFAULT_UNEXPIRING_LIFETIME,
                load_timeout: DEFAULT_LOAD_TIMEOUT,
                time_source: None,
                state: Mutex::new(State::default()),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Refreshes credentials this long before they expire.
    pub fn with_expiry_buffer(self, buffer: Duration) -> Self {
        self.reconfigure(|shared| shared.expiry_buffer = buffer)
    }

    /// Reuses credentials that have no expiry for this long.
    pub fn with_unexpiring_lifetime(self, lifetime: Duration) -> Self {
        self.reconfigure(|shared| shared.unexpiring_lifetime = lifetime)
    }

    /// Abandons a fetch from the inner provider that takes longer than `timeout` (default
    /// [`DEFAULT_LOAD_TIMEOUT`]). The fetch's future is dropped, which stops a
    /// [`CredentialProcessProvider`](super::CredentialProcessProvider)'s command; the callers
    /// waiting for it get a timeout error (or still-valid cached credentials) and the next
    /// caller tries again. Work a provider moved to a blocking thread (reading a file, an MFA
    /// prompt) cannot be stopped and runs to its end in the background.
    pub fn with_load_timeout(self, timeout: Duration) -> Self {
        self.reconfigure(|shared| shared.load_timeout = timeout)
    }

    /// Reads the current time from `time_source` instead of the system clock.
    pub fn with_time_source(self, time_source: TimeSource) -> Self {
        self.reconfigure(|shared| shared.time_source = Some(time_source))
    }

    /// Builder-style settings are meant for a new cache: the result has the new setting and
    /// nothing cached (clones of `self` keep their own cache and settings).
    fn reconfigure(self, change: impl FnOnce(&mut Shared)) -> Self {
        let mut shared = Shared {
            inner: self.shared.inner.clone(),
            expiry_buffer: self.shared.expiry_buffer,
            unexpiring_lifetime: self.shared.unexpiring_lifetime,
            load_timeout: self.shared.load_timeout,
            time_source: self.shared.time_source.clone(),
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        };
        change(&mut shared);
        CachedCredentialsProvider {
            shared: Arc::new(shared),
        }
    }

    /// How long one fetch from the inner provider may take.
    pub fn load_timeout(&self) -> Duration {
        self.shared.load_timeout
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &Arc<dyn ProvideCredentials> {
        &self.shared.inner
    }

    /// Cached credentials if they are fresh, else fetches (or waits for a fetch in progress).
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let shared = &self.shared;
        let attempts_seen = {
            let state = shared.lock_state();
            if let Some(fresh) = state.fresh(shared.now()) {
                return Ok(fresh);
            }
            state.attempts
        };
        let _refreshing = shared.refresh.lock().await;
        {
            let state = shared.lock_state();
            let now = shared.now();
            if let Some(fresh) = state.fresh(now) {
                return Ok(fresh);
            }
            if state.attempts != attempts_seen {
                // A refresh finished while this caller waited: share its outcome instead of
                // calling the provider once more per waiting caller. Credentials it fetched are
                // used while they are valid even if already due for refresh (they came back
                // inside the buffer); only expired ones make this caller fetch again.
                let unexpired = state.unexpired(now);
                match &state.last_error {
                    Some(error) => return unexpired.ok_or_else(|| error.clone()),
                    None => {
                        if let Some(credentials) = unexpired {
                            return Ok(credentials);
                        }
                    }
                }
            }
        }
        // If this future is dropped here, the lock is released and nothing is recorded: the
        // next caller simply tries again.
        let result = shared.fetch().await;
        let now = shared.now();
        let mut state = shared.lock_state();
        state.attempts += 1;
        match result {
            Ok(credentials) => {
                state.last_error = None;
                state.cached = Some(Cached {
                    refresh_at: shared.refresh_at(&credentials, now),
                    credentials: credentials.clone(),
                });
                Ok(credentials)
            }
            Err(error) => {
                let served = state.unexpired(now);
                state.last_error = Some(error.clone());
                served.ok_or(error)
            }
        }
    }
}

impl Shared {
    /// One fetch from the inner provider, bounded by the load timeout.
    fn fetch(&self) -> impl Future<Output = Result<Credentials, CredentialsError>> + Send + '_ {
        let loading = Arc::new(Mutex::new(None));
        let fetch = LOADING.scope(loading.clone(), self.inner.provide_credentials());
        async move {
            match tokio::time::timeout(self.load_timeout, fetch).await {
                Ok(result) => result,
                Err(elapsed) => {
                    let recorded = *loading.lock().unwrap_or_else(PoisonError::into_inner);
                    let provider = recorded.unwrap_or(PROVIDER);
                    Err(CredentialsError::provider_error(
                        provider,
                        format!(
                            "loading credentials did not finish within the load timeout of \
                             {:?} and was abandoned",
                            self.load_timeout
                        ),
                        elapsed,
                    ))
                }
            }
        }
    }

    fn now(&self) -> DateTime {
        match &self.time_source {
            Some(source) => source(),
            None => DateTime::now(),
        }
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a plain value updated in one step; a panic elsewhere cannot leave it
        // half-written, so a poisoned lock is safe to keep using.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn refresh_at(&self, credentials: &Credentials, now: DateTime) -> DateTime {
        match credentials.expiry() {
            Some(expiry) => minus(expiry, self.expiry_buffer),
            None => plus(now, self.unexpiring_lifetime),
        }
    }
}

impl State {
    fn fresh(&self, now: DateTime) -> Option<Credentials> {
        self.cached
            .as_ref()
            .filter(|cached| now < cached.refresh_at)
            .map(|cached| cached.credentials.clone())
    }

    /// The cached credentials if they have not expired, even if they are due for a refresh.
    fn unexpired(&self, now: DateTime) -> Option<Credentials> {
        self.cached
            .as_ref()
            .filter(|cached| match cached.credentials.expiry() {
                Some(expiry) => now < expiry,
                None => true,
            })
            .map(|cached| cached.credentials.clone())
    }
}

fn plus(time: DateTime, duration: Duration) -> DateTime {
    shift(
        time,
        i128::try_from(duration.as_nanos()).unwrap_or(i128::MAX),
    )
}

fn minus(time: DateTime, duration: Duration) -> DateTime {
    shift(
        time,
        -i128::try_from(duration.as_nanos()).unwrap_or(i128::MAX),
    )
}

/// `time` moved by `nanos`, saturating at the ends of the representable range.
fn shift(time: DateTime, nanos: i128) -> DateTime {
    const NANOS_PER_SEC: i128 = 1_000_000_000;
    let total = (i128::from(time.secs()) * NANOS_PER_SEC + i128::from(time.subsec_nanos()))
        .saturating_add(nanos);
    let secs = total.div_euclid(NANOS_PER_SEC);
    match i64::try_from(secs) {
        // `rem_euclid` of a positive divisor lies in 0..NANOS_PER_SEC, which fits a u32.
        Ok(secs) => DateTime::from_secs_and_nanos(
            secs,
            u32::try_from(total.rem_euclid(NANOS_PER_SEC)).unwrap_or(0),
        ),
        Err(_) if secs < 0 => DateTime::from_secs(i64::MIN),
        Err(_) => DateTime::from_secs(i64::MAX),
    }
}

impl ProvideCredentials for CachedCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// Shows the settings, the inner provider and when the cached credentials (if any) are due for
/// refresh; never the credentials' secrets.
impl fmt::Debug for CachedCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        let refresh_at = shared
            .lock_state()
            .cached
            .as_ref()
            .map(|cached| cached.refresh_at);
        f.debug_struct("CachedCredentialsProvider")
            .field("inner", &shared.inner)
            .field("expiry_buffer", &shared.expiry_buffer)
            .field("unexpiring_lifetime", &shared.unexpiring_lifetime)
            .field("refresh_at", &refresh_at)
            .field("load_timeout", &shared.load_timeout)
            .finish_non_exhaustive()
    }
}
