//! Binary values (Smithy `blob`) and their base64 text form.
//!
//! awsQuery and XML carry blobs as standard (RFC 4648 §4) base64 with `=` padding.

use std::fmt;

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine as _;

/// An owned byte buffer: the value of a Smithy `blob` member.
///
/// Read the bytes with [`AsRef::as_ref`] or take them with [`Blob::into_inner`].
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Blob {
    inner: Vec<u8>,
}

impl Blob {
    /// Wraps the given bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob {
            inner: bytes.into(),
        }
    }

    /// Unwraps the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.inner
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.inner
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob { inner: bytes }
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob {
            inner: bytes.to_vec(),
        }
    }
}

/// Encodes bytes as standard base64 with padding (`value` -> `dmFsdWU=`).
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64.
///
/// Padding may be present or omitted, and ASCII whitespace (as in line-wrapped XML text) is
/// ignored; any other character outside the standard alphabet is an error.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, Base64Error> {
    let result = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        STANDARD_PAD_INDIFFERENT.decode(compact)
    } else {
        STANDARD_PAD_INDIFFERENT.decode(text)
    };
    result.map_err(|source| Base64Error { source })
}

/// Text that is not valid base64.
///
/// The message describes the offending position but never repeats the text, which may be
/// sensitive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Error {
    source: base64::DecodeError,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            base64::DecodeError::InvalidByte(offset, byte) => write!(
                f,
                "invalid base64: unexpected character {:?} at offset {offset}",
                char::from(*byte)
            ),
            base64::DecodeError::InvalidLength(len) => write!(
                f,
                "invalid base64: {len} symbols cannot be a whole number of bytes"
            ),
            base64::DecodeError::InvalidLastSymbol { offset, .. } => write!(
                f,
                "invalid base64: the symbol at offset {offset} has stray low bits (truncated or corrupted data)"
            ),
            base64::DecodeError::InvalidPadding => write!(f, "invalid base64: bad padding"),
        }
    }
}

impl std::error::Error for Base64Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all_lengths() {
        let data: Vec<u8> = (0u8..=255).collect();
        for len in [0, 1, 2, 3, 4, 5, 255, 256] {
            let text = encode_base64(&data[..len]);
            assert_eq!(text.len() % 4, 0);
            assert_eq!(decode_base64(&text).unwrap(), &data[..len]);
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(encode_base64(b"value"), "dmFsdWU=");
        assert_eq!(encode_base64(b""), "");
        assert_eq!(encode_base64(b"\xFF\xEC\x20\x55\0"), "/+wgVQA=");
        assert_eq!(decode_base64("dmFsdWU").unwrap(), b"value");
        assert_eq!(decode_base64(" dmFs\n dWU= ").unwrap(), b"value");
        assert_eq!(decode_base64("").unwrap(), b"");
    }

    #[test]
    fn errors_describe_the_problem() {
        assert_eq!(
            decode_base64("dm*sdWU=").unwrap_err().to_string(),
            "invalid base64: unexpected character '*' at offset 2"
        );
        assert_eq!(
            decode_base64("dmFsd").unwrap_err().to_string(),
            "invalid base64: 5 symbols cannot be a whole number of bytes"
        );
        assert!(decode_base64("dmFsdWV=")
            .unwrap_err()
            .to_string()
            .contains("stray low bits"));
    }

    #[test]
    fn blob_conversions() {
        let b = Blob::new(*b"ab");
        assert_eq!(b.as_ref(), b"ab");
        assert_eq!(Blob::from(&b"ab"[..]), b);
        assert_eq!(Blob::from(b"ab".to_vec()).into_inner(), b"ab");
        assert_eq!(Blob::default().as_ref(), b"");
    }
}
