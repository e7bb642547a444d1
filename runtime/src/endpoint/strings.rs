//! String functions of the rules-engine standard library: `substring` and `uriEncode`.

/// `substring(input, start, end, reverse)`: the characters `start..end` of `input`, counted
/// from the end when `reverse` is true (the result still reads forwards).
///
/// `None` when `start >= end`, when `input` is shorter than `end`, or when `input` contains
/// any non-ASCII character (the specification counts characters, and ASCII keeps that
/// equal to bytes).
pub fn substring(input: &str, start: usize, end: usize, reverse: bool) -> Option<&str> {
    if start >= end || input.len() < end || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - end, input.len() - start)
    } else {
        (start, end)
    };
    input.get(from..to)
}

/// `uriEncode(value)`: RFC 3986 percent-encoding of every byte except the unreserved
/// characters `A-Z a-z 0-9 - _ . ~`, with upper-case hex digits (a space becomes `%20`).
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_forwards() {
        assert_eq!(substring("hello", 0, 2, false), Some("he"));
        assert_eq!(substring("hello", 1, 4, false), Some("ell"));
        assert_eq!(substring("hello", 0, 5, false), Some("hello"));
    }

    #[test]
    fn substring_backwards_reads_forwards() {
        assert_eq!(substring("hello", 0, 2, true), Some("lo"));
        assert_eq!(substring("hello", 1, 3, true), Some("ll"));
        assert_eq!(substring("hello", 0, 5, true), Some("hello"));
    }

    #[test]
    fn substring_rejects_empty_reversed_and_out_of_range() {
        assert_eq!(substring("hello", 0, 0, false), None);
        assert_eq!(substring("hello", 3, 2, false), None);
        assert_eq!(substring("hello", 0, 6, false), None);
        assert_eq!(substring("hello", 0, 6, true), None);
        assert_eq!(substring("", 0, 1, false), None);
    }

    #[test]
    fn substring_rejects_non_ascii_input_even_outside_the_range() {
        assert_eq!(substring("a🐱b", 0, 1, false), None);
        assert_eq!(substring("abcé", 0, 2, false), None);
    }

    #[test]
    fn uri_encode_keeps_unreserved_characters() {
        let unreserved = "ABCXYZabcxyz0189-_.~";
        assert_eq!(uri_encode(unreserved), unreserved);
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn uri_encode_encodes_everything_else_in_upper_case() {
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode("\u{0}\n"), "%00%0A");
    }
}
