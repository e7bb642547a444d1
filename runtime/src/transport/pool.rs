//! Idle HTTP/1.1 connections kept per origin so consecutive requests skip the TCP and TLS
//! handshakes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;

use super::target::PoolKey;

/// One HTTP/1.1 connection: hyper's request sender plus the count of bytes read from it.
pub(crate) struct Connection {
    pub(crate) sender: SendRequest<Full<Bytes>>,
    bytes_read: Arc<AtomicU64>,
}

impl Connection {
    pub(crate) fn new(sender: SendRequest<Full<Bytes>>, bytes_read: Arc<AtomicU64>) -> Self {
        Self { sender, bytes_read }
    }

    /// Total bytes received on this connection so far.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }
}

struct Idle {
    connection: Connection,
    since: Instant,
}

/// Idle connections by origin, newest last.
pub(crate) struct Pool {
    idle: Mutex<HashMap<PoolKey, Vec<Idle>>>,
    max_idle_per_host: usize,
    idle_timeout: Duration,
}

impl Pool {
    pub(crate) fn new(max_idle_per_host: usize, idle_timeout: Duration) -> Self {
        Self {
            idle: Mutex::new(HashMap::new()),
            max_idle_per_host,
            idle_timeout,
        }
    }

    /// The most recently used live idle connection for `key`, if any; closed or expired ones
    /// met on the way are dropped.
    pub(crate) fn take(&self, key: &PoolKey) -> Option<Connection> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let list = idle.get_mut(key)?;
        let now = Instant::now();
        let mut found = None;
        while let Some(entry) = list.pop() {
            if !entry.connection.sender.is_closed()
                && now.duration_since(entry.since) < self.idle_timeout
            {
                found = Some(entry.connection);
                break;
            }
        }
        if list.is_empty() {
            idle.remove(key);
        }
        found
    }

    /// Keeps `connection` for reuse unless it is closed or `key` already has enough idle ones.
    pub(crate) fn put(&self, key: PoolKey, connection: Connection) {
        if self.max_idle_per_host == 0 || connection.sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        // Expired connections of other origins would otherwise stay until that origin is used.
        idle.retain(|_, list| {
            list.retain(|entry| {
                !entry.connection.sender.is_closed()
                    && now.duration_since(entry.since) < self.idle_timeout
            });
            !list.is_empty()
        });
        let list = idle.entry(key).or_default();
        if list.len() < self.max_idle_per_host {
            list.push(Idle {
                connection,
                since: now,
            });
        }
    }
}
