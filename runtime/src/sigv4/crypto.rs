//! SHA-256, HMAC-SHA256 and lowercase hex: the only primitives SigV4 needs.

use hmac::digest::array::Array;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 with its key already absorbed; cloning it skips re-keying.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// SHA-256's block size, which is also HMAC-SHA256's native key size.
const BLOCK_SIZE: usize = 64;

/// Lowercase hex of SHA-256 of the empty string (an empty request body).
pub(crate) const EMPTY_SHA256_HEX: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    to_array(&Sha256::digest(data))
}

/// A keyed HMAC-SHA256 state for `key` of any length.
///
/// HMAC zero-pads keys up to the block size and hashes longer ones first; doing that here lets
/// us use the infallible fixed-size constructor instead of `new_from_slice`'s `Result`.
pub(crate) fn hmac_for_key(key: &[u8]) -> HmacSha256 {
    let mut block = [0u8; BLOCK_SIZE];
    if key.len() > BLOCK_SIZE {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    HmacSha256::new(&Array::from(block))
}

/// HMAC-SHA256 of `data` under an already-keyed state.
pub(crate) fn hmac_finish(mut mac: HmacSha256, data: &[u8]) -> [u8; 32] {
    mac.update(data);
    to_array(&mac.finalize().into_bytes())
}

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    hmac_finish(hmac_for_key(key), data)
}

fn to_array(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(bytes);
    out
}

/// Appends the lowercase hex form of `bytes` to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
}

/// The lowercase hex form of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(hex(&sha256(b"")), EMPTY_SHA256_HEX);
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_hashes_keys_longer_than_a_block() {
        // RFC 4231 test case 6: a 131-byte key.
        let key = [0xaau8; 131];
        assert_eq!(
            hex(&hmac(
                &key,
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
