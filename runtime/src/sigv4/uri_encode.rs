//! SigV4's `UriEncode`: percent-encode every byte except `A-Z a-z 0-9 - . _ ~`.
//!
//! Standard form encoders differ (space as `+`, raw `!'()*`), so SigV4 needs its own.

use std::borrow::Cow;

/// Whether `byte` is one of RFC 3986's unreserved characters, which SigV4 never encodes.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Appends the `UriEncode` form of `bytes` to `out`; `/` is kept as-is when `keep_slash`.
pub(crate) fn encode_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in bytes {
        if is_unreserved(byte) || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(byte >> 4)]));
            out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
        }
    }
}

/// The `UriEncode` form of `text`, with `/` encoded too.
pub(crate) fn encode(text: &str) -> Cow<'_, str> {
    if text.bytes().all(is_unreserved) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    encode_into(&mut out, text.as_bytes(), false);
    Cow::Owned(out)
}

/// Decodes `%XY` escapes (and `+` as space when `plus_is_space`).
///
/// Malformed escapes are kept literally rather than rejected: the canonical form then encodes
/// the `%` itself, which is what the receiving service does with the same bytes.
pub(crate) fn percent_decode(bytes: &[u8], plus_is_space: bool) -> Cow<'_, [u8]> {
    if !bytes
        .iter()
        .any(|&b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let high = bytes.get(index + 1).copied().and_then(hex_value);
            let low = bytes.get(index + 2).copied().and_then(hex_value);
            if let (Some(high), Some(low)) = (high, low) {
                out.push(high << 4 | low);
                index += 3;
                continue;
            }
        }
        out.push(if plus_is_space && byte == b'+' {
            b' '
        } else {
            byte
        });
        index += 1;
    }
    Cow::Owned(out)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(bytes: &[u8], keep_slash: bool) -> String {
        let mut out = String::new();
        encode_into(&mut out, bytes, keep_slash);
        out
    }

    #[test]
    fn unreserved_characters_pass_through() {
        let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assert_eq!(encode(unreserved), unreserved);
        assert!(matches!(encode(unreserved), Cow::Borrowed(_)));
    }

    #[test]
    fn everything_else_is_encoded_with_uppercase_hex() {
        assert_eq!(
            encode(" !\"#$%&'()*+,/:;<=>?@[\\]^`{|}"),
            "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D"
        );
        assert_eq!(encode("\u{1234}"), "%E1%88%B4");
        assert_eq!(encoded(b"\x00\x7f\xff", false), "%00%7F%FF");
    }

    #[test]
    fn slash_is_kept_only_when_asked() {
        assert_eq!(encoded(b"/a b/", true), "/a%20b/");
        assert_eq!(encoded(b"/a b/", false), "%2Fa%20b%2F");
    }

    #[test]
    fn decoding_handles_escapes_plus_and_malformed_input() {
        assert_eq!(
            &*percent_decode(b"a%20b%e1%88%B4", false),
            "a b\u{1234}".as_bytes()
        );
        assert_eq!(&*percent_decode(b"a+b", true), b"a b");
        assert_eq!(&*percent_decode(b"a+b", false), b"a+b");
        assert_eq!(&*percent_decode(b"100%", false), b"100%");
        assert_eq!(&*percent_decode(b"%zz%4", false), b"%zz%4");
        assert!(matches!(percent_decode(b"plain", true), Cow::Borrowed(_)));
    }
}
