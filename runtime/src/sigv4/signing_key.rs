//! Step 3 of SigV4: the signing key, and a cache so its four HMACs run once per day.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use super::crypto::{hmac, hmac_for_key, HmacSha256};

/// How many (access key, date, region, service) keys a cache holds; clients sign for one
/// or two scopes, so a linear scan over a handful of entries is the fastest lookup.
const CACHE_CAPACITY: usize = 8;

/// Derives the SigV4 signing key:
/// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
///
/// `date` is `YYYYMMDD`.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    // The secret is 40 bytes in practice: build "AWS4" + secret on the stack when it fits.
    let mut buffer = [0u8; 64];
    let secret = secret_access_key.as_bytes();
    let k_date = if secret.len() <= buffer.len() - 4 {
        buffer[..4].copy_from_slice(b"AWS4");
        buffer[4..4 + secret.len()].copy_from_slice(secret);
        let key = hmac(&buffer[..4 + secret.len()], date.as_bytes());
        buffer.fill(0);
        key
    } else {
        let mut long = Vec::with_capacity(4 + secret.len());
        long.extend_from_slice(b"AWS4");
        long.extend_from_slice(secret);
        let key = hmac(&long, date.as_bytes());
        long.fill(0);
        key
    };
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// A thread-safe cache of signing keys, keyed by access key id, date, region and service.
///
/// Share one per client (it is `Sync`) and sign with
/// [`sign_with_cache`](super::sign_with_cache). Besides the key it keeps the HMAC state
/// already keyed with it, which saves re-keying on every signature. A different secret for
/// the same access key id is detected and recomputed rather than trusted.
#[derive(Default)]
pub struct SigningKeyCache {
    entries: Mutex<Vec<CacheEntry>>,
}

struct CacheEntry {
    access_key_id: String,
    secret_access_key: String,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
    mac: HmacSha256,
}

impl CacheEntry {
    fn scope_matches(&self, access_key_id: &str, region: &str, service: &str) -> bool {
        self.access_key_id == access_key_id && self.region == region && self.service == service
    }
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        SigningKeyCache::default()
    }

    /// The signing key for these inputs, computed on first use for each date.
    pub fn signing_key(
        &self,
        access_key_id: &str,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> [u8; 32] {
        self.with_entry(
            access_key_id,
            secret_access_key,
            date,
            region,
            service,
            |entry| entry.key,
        )
    }

    /// The HMAC state keyed with the signing key.
    pub(crate) fn signing_mac(
        &self,
        access_key_id: &str,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> HmacSha256 {
        self.with_entry(
            access_key_id,
            secret_access_key,
            date,
            region,
            service,
            |entry| entry.mac.clone(),
        )
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no key is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<CacheEntry>> {
        // Entries are replaced whole, so a panic elsewhere cannot leave one half-written.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with_entry<T>(
        &self,
        access_key_id: &str,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
        read: impl FnOnce(&CacheEntry) -> T,
    ) -> T {
        let mut entries = self.lock();
        let slot = entries
            .iter()
            .position(|entry| entry.scope_matches(access_key_id, region, service));
        if let Some(index) = slot {
            let entry = &entries[index];
            if entry.date == date && entry.secret_access_key == secret_access_key {
                return read(entry);
            }
        }

        // Computed under the lock: contention is rare and it stops several threads deriving
        // the same key at midnight.
        let key = signing_key(secret_access_key, date, region, service);
        let entry = CacheEntry {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
            mac: hmac_for_key(&key),
        };
        let value = read(&entry);
        match slot {
            // Yesterday's key (or one for a rotated secret) is no longer useful.
            Some(index) => entries[index] = entry,
            None => {
                if entries.len() == CACHE_CAPACITY {
                    entries.remove(0);
                }
                entries.push(entry);
            }
        }
        value
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries = self.lock();
        f.debug_list()
            .entries(entries.iter().map(|entry| {
                format!(
                    "{}/{}/{}/{}",
                    entry.access_key_id, entry.date, entry.region, entry.service
                )
            }))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::crypto::hex;
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    #[test]
    fn derives_the_documented_sts_key() {
        assert_eq!(
            hex(&signing_key(SECRET, "20150830", "us-east-1", "sts")),
            "a9d028e9e96178f3ed6acfa66eff308447119de7ba1dd1dc7b666bbcb5686dfd"
        );
    }

    #[test]
    fn long_secrets_take_the_heap_path_with_the_same_result() {
        let secret = "s".repeat(100);
        let mut long_key = b"AWS4".to_vec();
        long_key.extend_from_slice(secret.as_bytes());
        let expected = hmac(
            &hmac(&hmac(&hmac(&long_key, b"20150830"), b"r"), b"s"),
            b"aws4_request",
        );
        assert_eq!(signing_key(&secret, "20150830", "r", "s"), expected);
    }

    #[test]
    fn cache_reuses_a_key_and_recomputes_for_a_new_date() {
        let cache = SigningKeyCache::new();
        assert!(cache.is_empty());
        let first = cache.signing_key("AKID", SECRET, "20150830", "us-east-1", "sts");
        let again = cache.signing_key("AKID", SECRET, "20150830", "us-east-1", "sts");
        assert_eq!(first, signing_key(SECRET, "20150830", "us-east-1", "sts"));
        assert_eq!(again, first);
        assert_eq!(cache.len(), 1);

        let next_day = cache.signing_key("AKID", SECRET, "20150831", "us-east-1", "sts");
        assert_eq!(
            next_day,
            signing_key(SECRET, "20150831", "us-east-1", "sts")
        );
        assert_ne!(next_day, first);
        // The new date replaces the old entry for the same scope.
        assert_eq!(cache.len(), 1);
        assert_eq!(format!("{cache:?}"), "[\"AKID/20150831/us-east-1/sts\"]");
    }

    #[test]
    fn cache_separates_scopes_and_detects_a_changed_secret() {
        let cache = SigningKeyCache::new();
        let east = cache.signing_key("AKID", SECRET, "20150830", "us-east-1", "sts");
        let west = cache.signing_key("AKID", SECRET, "20150830", "us-west-2", "sts");
        assert_ne!(east, west);
        assert_eq!(cache.len(), 2);
        let rotated = cache.signing_key("AKID", "other", "20150830", "us-east-1", "sts");
        assert_eq!(
            rotated,
            signing_key("other", "20150830", "us-east-1", "sts")
        );
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn cache_evicts_the_oldest_scope_when_full() {
        let cache = SigningKeyCache::new();
        for index in 0..=CACHE_CAPACITY {
            cache.signing_key(
                "AKID",
                SECRET,
                "20150830",
                &format!("region-{index}"),
                "sts",
            );
        }
        assert_eq!(cache.len(), CACHE_CAPACITY);
        assert!(!format!("{cache:?}").contains("region-0/"));
        assert!(!format!("{cache:?}").contains(SECRET));
    }

    #[test]
    fn cached_mac_signs_like_a_fresh_key() {
        let cache = SigningKeyCache::new();
        let mac = cache.signing_mac("AKID", SECRET, "20150830", "us-east-1", "sts");
        let key = signing_key(SECRET, "20150830", "us-east-1", "sts");
        assert_eq!(
            super::super::crypto::hmac_finish(mac, b"data"),
            hmac(&key, b"data")
        );
    }
}
