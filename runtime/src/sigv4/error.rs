//! Why a request could not be signed.
//!
//! Messages name the offending input but never include a secret key, a session token or a
//! URI query (a presigned URL carries a token there).

use std::fmt;

use crate::datetime::DateTime;

/// A request or parameter that SigV4 cannot sign.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The request URI is not an absolute `scheme://host/…` URI.
    InvalidUri {
        /// The URI up to (not including) its query.
        uri: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A header name or value cannot be sent or signed.
    InvalidHeader {
        /// The header name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A signing parameter (access key id, region, service) is unusable.
    InvalidParameter {
        /// Which parameter.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signing time cannot be written as `YYYYMMDD'T'HHMMSS'Z'`.
    TimeOutOfRange {
        /// The offending time.
        time: DateTime,
    },
    /// Query-parameter signing (presigning) was asked for without `expires_in`.
    MissingExpiry,
    /// The presigned URL would be valid for longer than SigV4 allows.
    ExpiryTooLong {
        /// The requested validity in seconds.
        seconds: u64,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::InvalidUri { uri, reason } => {
                write!(f, "cannot sign request to `{uri}`: {reason}")
            }
            SigningError::InvalidHeader { name, reason } => {
                write!(f, "cannot sign header `{name}`: {reason}")
            }
            SigningError::InvalidParameter { name, reason } => {
                write!(f, "invalid signing {name}: {reason}")
            }
            SigningError::TimeOutOfRange { time } => write!(
                f,
                "signing time {time} is outside the years 0000-9999 that SigV4 dates can express"
            ),
            SigningError::MissingExpiry => f.write_str(
                "query-parameter signing (presigning) needs `expires_in` in the signing settings",
            ),
            SigningError::ExpiryTooLong { seconds } => write!(
                f,
                "presigned requests may be valid for at most {} seconds (7 days), not {seconds}",
                super::presign::MAX_EXPIRES_SECS
            ),
        }
    }
}

impl std::error::Error for SigningError {}
