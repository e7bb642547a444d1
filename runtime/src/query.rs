//! The awsQuery request body: an `application/x-www-form-urlencoded` form of dotted key paths.
//!
//! [`QueryWriter`] writes `Action=…&Version=…` and then one `&key=value` pair per scalar. Keys
//! are built by the writers: structure members extend the path with `.Name`, lists with
//! `.member.N` (or `.N` when flattened), maps with `.entry.N.key` / `.entry.N.value` (or
//! `.N.key` when flattened). Keys and values are percent-encoded leaving only the RFC 3986
//! unreserved characters raw, with upper-case hex and `%20` for a space.

use crate::blob::encode_base64;
use crate::datetime::{DateTime, Format};

/// Writes an awsQuery form body into a `String`.
#[must_use]
#[derive(Debug)]
pub struct QueryWriter<'a> {
    out: &'a mut String,
}

impl<'a> QueryWriter<'a> {
    /// Starts a body with `Action=<action>&Version=<version>` (appended to `out`).
    pub fn new(out: &'a mut String, action: &str, version: &str) -> Self {
        out.push_str("Action=");
        percent_encode_into(out, action);
        out.push_str("&Version=");
        percent_encode_into(out, version);
        QueryWriter { out }
    }

    /// The writer for the top-level member `key`.
    pub fn prefix(&mut self, key: &str) -> QueryValueWriter<'_> {
        let mut prefix = String::with_capacity(key.len());
        percent_encode_into(&mut prefix, key);
        QueryValueWriter {
            out: self.out,
            prefix,
        }
    }
}

/// Writes the value at one key path: a scalar, or the members of a structure, list or map.
#[must_use]
#[derive(Debug)]
pub struct QueryValueWriter<'a> {
    out: &'a mut String,
    /// The key path so far, already percent-encoded.
    prefix: String,
}

impl<'a> QueryValueWriter<'a> {
    /// The writer for member `key` of the structure at this path (`path.key`).
    pub fn prefix(&mut self, key: &str) -> QueryValueWriter<'_> {
        QueryValueWriter {
            out: self.out,
            prefix: extend(&self.prefix, key),
        }
    }

    /// Writes a string value (an empty string gives `Key=`).
    pub fn string(self, value: &str) {
        self.pair(value);
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.pair(if value { "true" } else { "false" });
    }

    /// Writes a decimal integer (any of byte, short, integer, long, intEnum).
    pub fn integer(self, value: i64) {
        self.pair(&value.to_string());
    }

    /// Writes a double: shortest round-trip decimal text, or `NaN`, `Infinity`, `-Infinity`.
    pub fn float(self, value: f64) {
        self.pair(&format_float(value));
    }

    /// Writes a float (`f32`) like [`float`](Self::float), but with the shortest text that
    /// round-trips as `f32`: `10.8f32` is `10.8`, whereas widening it first would give
    /// `10.800000190734863`.
    pub fn float32(self, value: f32) {
        self.pair(&format_float(value));
    }

    /// Writes bigInteger/bigDecimal text as given.
    pub fn number_text(self, value: &str) {
        self.pair(value);
    }

    /// Writes a timestamp in the given format.
    pub fn date_time(self, value: &DateTime, format: Format) {
        self.pair(&value.fmt(format));
    }

    /// Writes a blob as padded standard base64.
    pub fn blob(self, value: &[u8]) {
        self.pair(&encode_base64(value));
    }

    /// Starts a list at this path.
    ///
    /// Elements go to `path.<member_name>.N` (default member name `member`), or to `path.N`
    /// when `flattened` (the member name is then ignored, as Smithy specifies).
    pub fn start_list(self, flattened: bool, member_name: Option<&str>) -> QueryListWriter<'a> {
        let list_key_len = self.prefix.len();
        let element_prefix = if flattened {
            self.prefix
        } else {
            extend(&self.prefix, member_name.unwrap_or("member"))
        };
        QueryListWriter {
            out: self.out,
            element_prefix,
            list_key_len,
            count: 0,
        }
    }

    /// Starts a map at this path.
    ///
    /// Entries go to `path.entry.N.<key_name>` / `path.entry.N.<value_name>`, or to
    /// `path.N.<key_name>` / `path.N.<value_name>` when `flattened`.
    pub fn start_map(
        self,
        flattened: bool,
        key_name: &str,
        value_name: &str,
    ) -> QueryMapWriter<'a> {
        let entry_prefix = if flattened {
            self.prefix
        } else {
            extend(&self.prefix, "entry")
        };
        let mut key_segment = String::with_capacity(key_name.len());
        percent_encode_into(&mut key_segment, key_name);
        let mut value_segment = String::with_capacity(value_name.len());
        percent_encode_into(&mut value_segment, value_name);
        QueryMapWriter {
            out: self.out,
            entry_prefix,
            key_segment,
            value_segment,
            count: 0,
        }
    }

    fn pair(self, value: &str) {
        // Escaping can triple a value (JSON policies are mostly punctuation): reserve for that
        // so a long value does not reallocate and copy the whole body.
        self.out.reserve(self.prefix.len() + 3 * value.len() + 2);
        self.out.push('&');
        self.out.push_str(&self.prefix);
        self.out.push('=');
        percent_encode_into(self.out, value);
    }
}

/// Writes the elements of a list; call [`finish`](Self::finish) when done.
#[must_use = "call `finish` so that an empty list is written as `Key=`"]
#[derive(Debug)]
pub struct QueryListWriter<'a> {
    out: &'a mut String,
    /// `path.member` (or `path` when flattened), percent-encoded.
    element_prefix: String,
    /// Length of `path` within `element_prefix`, for the empty-list pair.
    list_key_len: usize,
    count: usize,
}

impl<'a> QueryListWriter<'a> {
    /// The writer for the next element (`path.member.N`, N counting from 1).
    pub fn entry(&mut self) -> QueryValueWriter<'_> {
        self.count += 1;
        QueryValueWriter {
            out: self.out,
            prefix: extend(&self.element_prefix, &self.count.to_string()),
        }
    }

    /// Ends the list; a list with no elements is written as `path=`.
    pub fn finish(self) {
        if self.count == 0 {
            self.out.push('&');
            self.out.push_str(&self.element_prefix[..self.list_key_len]);
            self.out.push('=');
        }
    }
}

/// Writes the entries of a map; an empty map writes nothing.
#[must_use]
#[derive(Debug)]
pub struct QueryMapWriter<'a> {
    out: &'a mut String,
    /// `path.entry` (or `path` when flattened), percent-encoded.
    entry_prefix: String,
    key_segment: String,
    value_segment: String,
    count: usize,
}

impl<'a> QueryMapWriter<'a> {
    /// Writes the key pair of the next entry and returns the writer for its value.
    pub fn entry(&mut self, key: &str) -> QueryValueWriter<'_> {
        self.count += 1;
        let entry = extend(&self.entry_prefix, &self.count.to_string());
        self.out.push('&');
        self.out.push_str(&entry);
        self.out.push('.');
        self.out.push_str(&self.key_segment);
        self.out.push('=');
        percent_encode_into(self.out, key);
        let mut prefix = entry;
        prefix.push('.');
        prefix.push_str(&self.value_segment);
        QueryValueWriter {
            out: self.out,
            prefix,
        }
    }

    /// Ends the map. Nothing is written for an empty map (unlike lists), as Smithy specifies.
    pub fn finish(self) {}
}

/// `prefix.segment`, with `segment` percent-encoded.
fn extend(prefix: &str, segment: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + segment.len() + 1);
    key.push_str(prefix);
    key.push('.');
    percent_encode_into(&mut key, segment);
    key
}

fn format_float<F>(value: F) -> String
where
    F: Into<f64> + Copy + std::fmt::Display + std::fmt::LowerExp,
{
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 {
            "Infinity".to_owned()
        } else {
            "-Infinity".to_owned()
        }
    } else {
        let magnitude = wide.abs();
        // Plain `{}` never uses an exponent, which would spell out hundreds of zeros.
        if magnitude != 0.0 && !(1e-6..1e16).contains(&magnitude) {
            format!("{value:e}")
        } else {
            format!("{value}")
        }
    }
}

/// Appends `text` percent-encoded: RFC 3986 unreserved characters raw, everything else as
/// `%XX` with upper-case hex over the UTF-8 bytes.
pub fn percent_encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = text;
    while !rest.is_empty() {
        let raw = rest
            .bytes()
            .position(|b| !is_unreserved(b))
            .unwrap_or(rest.len());
        out.push_str(&rest[..raw]);
        let bytes = rest.as_bytes();
        let mut i = raw;
        while i < bytes.len() && !is_unreserved(bytes[i]) {
            let b = bytes[i];
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
            i += 1;
        }
        // `i` sits on an ASCII byte or the end, so it is a char boundary.
        rest = &rest[i..];
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_table() {
        let mut s = String::new();
        percent_encode_into(&mut s, "aZ09-_.~ :/=+{\"é&%");
        assert_eq!(s, "aZ09-_.~%20%3A%2F%3D%2B%7B%22%C3%A9%26%25");
    }

    #[test]
    fn floats() {
        assert_eq!(format_float(10.8), "10.8");
        assert_eq!(format_float(-2.0), "-2");
        assert_eq!(format_float(0.0), "0");
        assert_eq!(format_float(1e300), "1e300");
        assert_eq!(format_float(-1.5e-7), "-1.5e-7");
        assert_eq!(format_float(f64::NAN), "NaN");
        assert_eq!(format_float(f64::INFINITY), "Infinity");
        assert_eq!(format_float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(format_float(10.8f32), "10.8");
        assert_eq!(format_float(3.4e38f32), "3.4e38");
        assert_eq!(format_float(f32::NAN), "NaN");
        assert_eq!(format_float(f32::NEG_INFINITY), "-Infinity");
    }
}
