//! A small read-only XML tree over quick-xml, and typed readers for Smithy scalars.
//!
//! [`parse`] builds the whole element tree of a response body. Names, attribute values and
//! text borrow from the body whenever no entity or line-ending rewriting is needed, so a
//! typical AWS response is parsed with one allocation per element that has children.
//! Namespaces are reduced to local names (`x:Foo` is `Foo`), which is how awsQuery and
//! restXml documents are matched.

use std::borrow::Cow;
use std::fmt;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::blob::{decode_base64, Blob};
use crate::datetime::{DateTime, Format};

/// Nesting deeper than this is rejected, so hostile input cannot exhaust the stack when the
/// tree is dropped, cloned or printed (those operations recurse).
pub const MAX_DEPTH: usize = 256;

/// Longest piece of element text repeated in an error message.
const MAX_ECHOED_TEXT: usize = 64;

/// Parses `body` and returns its root element.
///
/// Fails on bodies that are not UTF-8, not well-formed, have no root element, have content
/// other than whitespace, comments and processing instructions after the root, contain a
/// DOCTYPE, use an entity other than the five predefined ones or character references, or
/// nest deeper than [`MAX_DEPTH`].
pub fn parse(body: &[u8]) -> Result<Element<'_>, XmlError> {
    let input = std::str::from_utf8(body).map_err(|e| {
        XmlError::new(format!(
            "response body is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    TreeBuilder::new(input).run()
}

/// One element of a parsed document: local name, attributes, direct text and child elements.
#[derive(Clone)]
pub struct Element<'a> {
    name: Cow<'a, str>,
    /// `(local name, value)`; namespace declarations are left out.
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    text: Cow<'a, str>,
    children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    /// The local name: any namespace prefix is stripped (`x:Foo` gives `Foo`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of the attribute with this local name (prefix stripped, entities decoded).
    ///
    /// `xmlns` and `xmlns:*` namespace declarations are not attributes here.
    pub fn attr(&self, local_name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(name, _)| name == local_name)
            .map(|(_, value)| value.as_ref())
    }

    /// The child elements, in document order.
    pub fn children(&self) -> std::slice::Iter<'_, Element<'a>> {
        self.children.iter()
    }

    /// The child elements with this local name, in document order (e.g. flattened list items).
    pub fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name() == name)
    }

    /// Moves the child elements out, in document order.
    pub fn into_children(self) -> std::vec::IntoIter<Element<'a>> {
        self.children.into_iter()
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name() == name)
    }

    /// Moves out the first child element with this local name.
    pub fn into_child(self, name: &str) -> Option<Element<'a>> {
        self.children.into_iter().find(|c| c.name() == name)
    }

    /// The text directly inside this element: text and CDATA pieces concatenated, entities and
    /// character references decoded, line endings normalized to `\n`; `""` for `<a/>`.
    ///
    /// Whitespace-only runs that sit next to child elements (indentation) are not included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Checks the local name, failing with `expected <X>, found <Y>`.
    pub fn expect_name(&self, name: &str) -> Result<(), XmlError> {
        if self.name() == name {
            Ok(())
        } else {
            Err(XmlError::new(format!(
                "expected <{name}>, found <{}>",
                self.name()
            )))
        }
    }

    fn push_text(&mut self, piece: Cow<'a, str>) {
        if piece.is_empty() || (!self.children.is_empty() && is_xml_whitespace(&piece)) {
            return;
        }
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.to_mut().push_str(&piece);
        }
    }

    fn child_started(&mut self) {
        if is_xml_whitespace(&self.text) {
            self.text = Cow::Borrowed("");
        }
    }
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Element");
        s.field("name", &self.name);
        if !self.attributes.is_empty() {
            s.field("attributes", &self.attributes);
        }
        if !self.text.is_empty() {
            s.field("text", &self.text);
        }
        if !self.children.is_empty() {
            s.field("children", &self.children);
        }
        s.finish()
    }
}

fn is_xml_whitespace(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn local_name(qualified: &str) -> &str {
    match qualified.find(':') {
        Some(colon) => &qualified[colon + 1..],
        None => qualified,
    }
}

/// Re-borrows `piece` from `input` when it points into it, so the result lives as long as the
/// input rather than the quick-xml event; otherwise copies it.
fn reborrow<'a>(input: &'a str, piece: &str) -> Cow<'a, str> {
    let start = (piece.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    match input.get(start..start.wrapping_add(piece.len())) {
        Some(slice) if slice.as_ptr() == piece.as_ptr() => Cow::Borrowed(slice),
        _ => Cow::Owned(piece.to_owned()),
    }
}

fn reborrow_cow<'a>(input: &'a str, value: Cow<'_, str>) -> Cow<'a, str> {
    match value {
        Cow::Borrowed(piece) => reborrow(input, piece),
        Cow::Owned(owned) => Cow::Owned(owned),
    }
}

/// Builds the tree from quick-xml events with an explicit stack (no recursion).
struct TreeBuilder<'a> {
    input: &'a str,
    reader: Reader<&'a [u8]>,
    /// Open elements, innermost last.
    stack: Vec<Element<'a>>,
    root: Option<Element<'a>>,
}

impl<'a> TreeBuilder<'a> {
    fn new(input: &'a str) -> Self {
        TreeBuilder {
            input,
            reader: Reader::from_str(input),
            stack: Vec::with_capacity(8),
            root: None,
        }
    }

    fn run(mut self) -> Result<Element<'a>, XmlError> {
        loop {
            let event = self.reader.read_event().map_err(|e| {
                XmlError::new(format!(
                    "malformed XML at byte {}: {e}",
                    self.reader.error_position()
                ))
            })?;
            match event {
                Event::Start(start) => {
                    let element = self.open(&start)?;
                    self.stack.push(element);
                }
                Event::Empty(start) => {
                    let element = self.open(&start)?;
                    self.close(element);
                }
                Event::End(_) => match self.stack.pop() {
                    Some(element) => self.close(element),
                    // quick-xml reports unmatched end tags itself; this is a second guard.
                    None => return Err(self.malformed("closing tag without an open element")),
                },
                Event::Text(text) => self.text(text.xml10_content())?,
                Event::CData(data) => self.text(data.xml10_content())?,
                Event::GeneralRef(reference) => {
                    let resolved = self.resolve(&reference)?;
                    self.text(resolved)?;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::DocType(_) => return Err(self.malformed("DOCTYPE is not allowed")),
                Event::Eof => break,
            }
        }
        if let Some(open) = self.stack.last() {
            return Err(XmlError::new(format!(
                "truncated XML: end of input inside <{}>",
                open.name()
            )));
        }
        self.root
            .ok_or_else(|| XmlError::new("no root element in the XML document"))
    }

    fn malformed(&self, what: &str) -> XmlError {
        XmlError::new(format!(
            "malformed XML at byte {}: {what}",
            self.reader.buffer_position()
        ))
    }

    fn open(&mut self, start: &BytesStart<'_>) -> Result<Element<'a>, XmlError> {
        if self.root.is_some() {
            return Err(self.malformed("a second element after the root element"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.malformed(&format!("elements nested more than {MAX_DEPTH} deep")));
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.child_started();
        }
        let qualified = start.name().into_inner();
        let mut attributes = Vec::new();
        // Only tags with something after the name can carry attributes.
        if start.len() > qualified.len() {
            for attribute in start.attributes() {
                let attribute = attribute
                    .map_err(|e| self.malformed(&format!("bad attribute in <{qualified}>: {e}")))?;
                let key = attribute.key.into_inner();
                if key == "xmlns" || key.starts_with("xmlns:") {
                    continue;
                }
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| self.malformed(&format!("bad attribute in <{qualified}>: {e}")))?;
                attributes.push((
                    reborrow(self.input, local_name(key)),
                    reborrow_cow(self.input, value),
                ));
            }
        }
        Ok(Element {
            name: reborrow(self.input, local_name(qualified)),
            attributes,
            text: Cow::Borrowed(""),
            children: Vec::new(),
        })
    }

    fn close(&mut self, element: Element<'a>) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
    }

    fn text(&mut self, piece: Cow<'a, str>) -> Result<(), XmlError> {
        match self.stack.last_mut() {
            Some(open) => {
                open.push_text(piece);
                Ok(())
            }
            None if is_xml_whitespace(&piece) => Ok(()),
            None => Err(self.malformed("text outside the root element")),
        }
    }

    fn resolve(&self, reference: &BytesRef<'_>) -> Result<Cow<'a, str>, XmlError> {
        match reference.resolve_char_ref() {
            Ok(Some(ch)) => return Ok(Cow::Owned(ch.to_string())),
            Ok(None) => {}
            Err(e) => return Err(self.malformed(&format!("bad character reference: {e}"))),
        }
        let name: &str = reference;
        quick_xml::escape::resolve_predefined_entity(name)
            .map(Cow::Borrowed)
            .ok_or_else(|| self.malformed(&format!("unknown entity `&{name};`")))
    }
}

/// An XML document that could not be parsed, or an element whose content is not what the
/// shape requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    message: String,
}

impl XmlError {
    /// An error with the given message, e.g. ``missing required member `X` in <Y>``.
    pub fn custom(message: impl Into<String>) -> Self {
        XmlError::new(message)
    }

    fn new(message: impl Into<String>) -> Self {
        XmlError {
            message: message.into(),
        }
    }

    fn at(el: &Element<'_>, what: fmt::Arguments<'_>) -> Self {
        XmlError::new(format!("<{}>: {what}", el.name()))
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for XmlError {}

/// Element text for an error message, cut to a bounded length.
fn echo(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_ECHOED_TEXT) {
        Some((cut, _)) => Cow::Owned(format!("{}...", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

/// Text of a scalar element with surrounding XML whitespace removed.
fn scalar_text<'e>(el: &'e Element<'_>) -> &'e str {
    el.text()
        .trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// The element text as a string (empty for `<a/>`).
pub fn read_string(el: &Element) -> String {
    el.text().to_owned()
}

/// `true` or `false`.
pub fn read_bool(el: &Element) -> Result<bool, XmlError> {
    match scalar_text(el) {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(XmlError::at(
            el,
            format_args!(
                "invalid boolean `{}` (expected `true` or `false`)",
                echo(other)
            ),
        )),
    }
}

fn read_int<T>(el: &Element, type_name: &str) -> Result<T, XmlError>
where
    T: std::str::FromStr<Err = std::num::ParseIntError>,
{
    let text = scalar_text(el);
    text.parse::<T>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => XmlError::at(
            el,
            format_args!("integer `{}` is out of range for {type_name}", echo(text)),
        ),
        _ => XmlError::at(el, format_args!("invalid integer `{}`", echo(text))),
    })
}

/// A byte (`i8`).
pub fn read_i8(el: &Element) -> Result<i8, XmlError> {
    read_int(el, "a byte")
}

/// A short (`i16`).
pub fn read_i16(el: &Element) -> Result<i16, XmlError> {
    read_int(el, "a short")
}

/// An integer (`i32`).
pub fn read_i32(el: &Element) -> Result<i32, XmlError> {
    read_int(el, "an integer")
}

/// A long (`i64`).
pub fn read_i64(el: &Element) -> Result<i64, XmlError> {
    read_int(el, "a long")
}

/// `[+-]digits[.digits][(e|E)[+-]digits]` with at least one mantissa digit.
fn is_decimal_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

fn read_float<F>(el: &Element, nan: F, infinity: F) -> Result<F, XmlError>
where
    F: std::str::FromStr + std::ops::Neg<Output = F>,
{
    let text = scalar_text(el);
    match text {
        "NaN" => return Ok(nan),
        "Infinity" => return Ok(infinity),
        "-Infinity" => return Ok(-infinity),
        _ => {}
    }
    // Rust also accepts `inf`, `nan` and friends, which are not valid on the wire.
    if !is_decimal_number(text) {
        return Err(XmlError::at(
            el,
            format_args!("invalid number `{}`", echo(text)),
        ));
    }
    text.parse::<F>()
        .map_err(|_| XmlError::at(el, format_args!("invalid number `{}`", echo(text))))
}

/// A float (`f32`): decimal text, or `NaN`, `Infinity`, `-Infinity`.
pub fn read_f32(el: &Element) -> Result<f32, XmlError> {
    read_float(el, f32::NAN, f32::INFINITY)
}

/// A double (`f64`): decimal text, or `NaN`, `Infinity`, `-Infinity`.
pub fn read_f64(el: &Element) -> Result<f64, XmlError> {
    read_float(el, f64::NAN, f64::INFINITY)
}

/// bigInteger / bigDecimal text, checked to be a decimal number (exponent allowed).
pub fn read_number_text(el: &Element) -> Result<String, XmlError> {
    let text = scalar_text(el);
    if is_decimal_number(text) {
        Ok(text.to_owned())
    } else {
        Err(XmlError::at(
            el,
            format_args!("invalid number `{}`", echo(text)),
        ))
    }
}

/// A timestamp in the given format.
pub fn read_timestamp(el: &Element, format: Format) -> Result<DateTime, XmlError> {
    DateTime::parse(format, scalar_text(el)).map_err(|e| XmlError::at(el, format_args!("{e}")))
}

/// A blob from base64 text; empty text gives an empty blob.
pub fn read_blob(el: &Element) -> Result<Blob, XmlError> {
    decode_base64(el.text())
        .map(Blob::from)
        .map_err(|e| XmlError::at(el, format_args!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reborrow_borrows_only_from_input() {
        let input = "hello world";
        assert!(matches!(
            reborrow(input, &input[6..]),
            Cow::Borrowed("world")
        ));
        let other = String::from("world");
        assert!(matches!(reborrow(input, &other), Cow::Owned(ref s) if s == "world"));
        assert!(matches!(reborrow(input, &input[11..]), Cow::Borrowed("")));
    }

    #[test]
    fn decimal_grammar() {
        for good in [
            "0",
            "-1",
            "+1.5",
            ".5",
            "5.",
            "1e10",
            "1.5E-3",
            "123456789012345678901234567890",
        ] {
            assert!(is_decimal_number(good), "{good}");
        }
        for bad in [
            "", "-", ".", "e5", "1e", "1e+", "inf", "NaN", "1.2.3", "0x10", " 1", "1_000",
        ] {
            assert!(!is_decimal_number(bad), "{bad}");
        }
    }

    #[test]
    fn names_and_text_borrow_from_the_body() {
        let body = b"<a:Root xmlns:a=\"u\"><B>plain</B><C>x &amp; y</C></a:Root>";
        let root = parse(body).unwrap();
        assert!(matches!(root.name, Cow::Borrowed("Root")));
        assert!(matches!(root.children[0].text, Cow::Borrowed("plain")));
        assert_eq!(root.children[1].text(), "x & y");
        assert!(root.attributes.is_empty());
    }
}
