//! Just enough JSON to read a `credential_process` document: one object whose values are
//! strings, numbers, booleans or null. Nested arrays and objects are checked for syntax and
//! skipped, since no credential field uses them.
//!
//! Errors report a byte offset and what was expected, never the text itself: the document
//! holds a secret key.

use std::fmt;

/// Nested values deeper than this are rejected rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 32;

/// A top-level value of the object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum JsonValue {
    /// A string, with escapes decoded.
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An array or object (contents skipped).
    Nested,
}

/// Where the document stopped making sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct JsonError {
    offset: usize,
    expected: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.offset)
    }
}

impl std::error::Error for JsonError {}

/// The members of the single object `text` holds, in document order.
pub(super) fn parse_object(text: &str) -> Result<Vec<(String, JsonValue)>, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_whitespace();
    let members = parser.object_members()?;
    parser.skip_whitespace();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("the end of the document"));
    }
    Ok(members)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> JsonError {
        JsonError {
            offset: self.pos,
            expected,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// `{ "key": value, ... }` at the top level, keeping the values.
    fn object_members(&mut self) -> Result<Vec<(String, JsonValue)>, JsonError> {
        self.expect(b'{', "'{' starting a JSON object")?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(members);
        }
        loop {
            self.skip_whitespace();
            let key = self.string()?;
            self.expect(b':', "':' after an object key")?;
            let value = self.value(1)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(members);
                }
                _ => return Err(self.error("',' or '}' after an object member")),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'"') => self.string().map(JsonValue::String),
            Some(b'{' | b'[') => {
                self.skip_nested(depth)?;
                Ok(JsonValue::Nested)
            }
            Some(b't') => self.literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.literal("false", JsonValue::Bool(false)),
            Some(b'n') => self.literal("null", JsonValue::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(JsonValue::Number),
            _ => Err(self.error("a JSON value")),
        }
    }

    fn literal(&mut self, word: &'static str, value: JsonValue) -> Result<JsonValue, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("a JSON value"))
        }
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |parser: &mut Self| {
            let from = parser.pos;
            while matches!(parser.peek(), Some(b'0'..=b'9')) {
                parser.pos += 1;
            }
            parser.pos > from
        };
        if !digits(self) {
            return Err(self.error("a digit"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("a digit after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("a digit in the exponent"));
            }
        }
        // The slice holds only ASCII digits, signs, '.' and 'e'.
        Ok(String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("'\"' starting a string"));
        }
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.error("'\"' ending a string")),
                Some(b'"') => {
                    self.pos += 1;
                    // The input is a `&str` and escapes decode to whole characters.
                    return String::from_utf8(out).map_err(|_| self.error("UTF-8 text"));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.error("a valid escape after '\\'")),
                    };
                    self.pos += 1;
                    let mut buf = [0; 4];
                    out.extend_from_slice(escaped.encode_utf8(&mut buf).as_bytes());
                }
                Some(byte) if byte < 0x20 => {
                    return Err(self.error("no control characters inside a string"))
                }
                Some(byte) => {
                    out.push(byte);
                    self.pos += 1;
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already consumed), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.pos..].starts_with(b"\\u") {
                return Err(self.error("a low surrogate escape"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a low surrogate escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a valid Unicode escape"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|byte| char::from(byte).to_digit(16))
                .ok_or_else(|| self.error("four hex digits after '\\u'"))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Checks and skips an array or object starting at the current byte.
    fn skip_nested(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("less deeply nested values"));
        }
        let (close, is_object) = match self.peek() {
            Some(b'{') => (b'}', true),
            _ => (b']', false),
        };
        self.pos += 1;
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if is_object {
                self.skip_whitespace();
                self.string()?;
                self.expect(b':', "':' after an object key")?;
            }
            self.value(depth + 1)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(byte) if byte == close => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("',' or the end of the array or object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(value: &str) -> JsonValue {
        JsonValue::String(value.to_owned())
    }

    #[test]
    fn reads_a_flat_object() {
        let members = parse_object(
            r#" { "Version": 1, "A": "x\"y\\z\u00e9\ud83d\ude02", "B": null,
                  "C": true, "D": false, "E": -1.5e+3 } "#,
        );
        assert_eq!(
            members,
            Ok(vec![
                ("Version".to_owned(), JsonValue::Number("1".to_owned())),
                ("A".to_owned(), string("x\"y\\zé😂")),
                ("B".to_owned(), JsonValue::Null),
                ("C".to_owned(), JsonValue::Bool(true)),
                ("D".to_owned(), JsonValue::Bool(false)),
                ("E".to_owned(), JsonValue::Number("-1.5e+3".to_owned())),
            ])
        );
    }

    #[test]
    fn skips_nested_values() {
        let members = parse_object(r#"{"N": {"a": [1, {"b": "c"}, []], "d": {}}, "K": "v"}"#);
        assert_eq!(
            members,
            Ok(vec![
                ("N".to_owned(), JsonValue::Nested),
                ("K".to_owned(), string("v")),
            ])
        );
        assert_eq!(parse_object("{}"), Ok(vec![]));
    }

    #[test]
    fn errors_give_the_offset_and_what_was_expected() {
        let cases = [
            ("", "expected '{' starting a JSON object at byte 0"),
            ("[1]", "expected '{' starting a JSON object at byte 0"),
            (r#"{"a" 1}"#, "expected ':' after an object key at byte 5"),
            (
                r#"{"a": 1 "b": 2}"#,
                "expected ',' or '}' after an object member at byte 8",
            ),
            (r#"{"a": tru}"#, "expected a JSON value at byte 6"),
            (
                r#"{"a": "x"} x"#,
                "expected the end of the document at byte 11",
            ),
            (
                r#"{"a": "\q"}"#,
                "expected a valid escape after '\\' at byte 8",
            ),
            (
                r#"{"a": "\ud800"}"#,
                "expected a low surrogate escape at byte 13",
            ),
            (
                "{\"a\": \"x\ny\"}",
                "expected no control characters inside a string at byte 8",
            ),
            (r#"{"a": "abc"#, "expected '\"' ending a string at byte 10"),
            (r#"{"a": -}"#, "expected a digit at byte 7"),
            (
                r#"{"a": [1 2]}"#,
                "expected ',' or the end of the array or object at byte 9",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_object(text).err().map(|error| error.to_string());
            assert_eq!(error.as_deref(), Some(expected), "for {text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_rejected_without_recursion_blowup() {
        let text = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse_object(&text).err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("expected less deeply nested values at byte 38")
        );
    }
}
