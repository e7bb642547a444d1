//! Conversion of Smithy `smithy.api#documentation` strings into rustdoc Markdown.
//!
//! AWS models carry documentation as a small HTML subset (`<p>`, `<ul>`, `<code>`, `<a>`,
//! `<note>`, …), pretty-printed with deep indentation. Copied verbatim into `///` comments,
//! indented lines would become doctests and raw tags would clutter IDE hovers, so the HTML is
//! parsed leniently into a tree and rendered as CommonMark that rustdoc accepts without
//! warnings. Strings without any recognised HTML tag are treated as plain text.
//!
//! Pipeline: tokens → element tree → blocks (paragraphs, lists, quotes, code) made of inline
//! segments → wrapped lines.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

/// Column limit for wrapped lines (rustfmt's default `max_width`).
const WRAP_WIDTH: usize = 100;
/// Nested lists and quotes shrink the width; below this, wrapping only hurts readability.
const MIN_WIDTH: usize = 40;
/// Elements nested deeper than this are flattened into their ancestor while building the tree,
/// which bounds every later recursion, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 64;

/// Converts a Smithy documentation string (AWS HTML subset) into rustdoc Markdown lines.
///
/// The lines carry no `///` prefix and no trailing spaces; paragraphs are separated by one
/// empty line and there are no leading or trailing empty lines. Paragraphs are wrapped at 100
/// columns, only at spaces, and never so that a continuation line would start a list item,
/// heading, block quote, fence or HTML block. Text without HTML tags is treated as plain text.
pub fn html_to_markdown(html: &str) -> Vec<String> {
    let tokens = tokenize(html);
    let is_html = tokens.iter().any(|token| match token {
        Token::Start { name, .. } | Token::End { name } => is_known_tag(name),
        Token::Text(_) => false,
    });
    let blocks = if is_html {
        collect_blocks(&build_tree(tokens))
    } else {
        plain_text_blocks(html)
    };
    render_blocks(&blocks, WRAP_WIDTH)
}

/// Escapes plain text for Markdown with the same rules as HTML text nodes.
///
/// Whitespace is kept as given; Markdown punctuation is backslash-escaped, `&` becomes
/// `&amp;` and bare `http(s)://` URLs become autolinks (rustdoc warns about bare URLs).
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let split = rest
            .find(|c: char| c.is_whitespace() != first.is_whitespace())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(split);
        if first.is_whitespace() {
            out.push_str(run);
        } else {
            let mut inline = Inline::default();
            push_word(&mut inline, run, false);
            for seg in &inline.segs {
                if let Seg::Text(text) = seg {
                    out.push_str(text);
                }
            }
        }
        rest = tail;
    }
    out
}

/// Turns Markdown lines into `#[doc = " line"]` attributes, one per line.
///
/// Non-empty lines get a leading space (what `///` would produce); empty lines become
/// `#[doc = ""]`.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

// ---------------------------------------------------------------------------------------------
// Entities

/// Decodes the character references AWS documentation may contain; unknown ones stay literal
/// (and are later escaped, so they render as written).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        // Only a short window is searched so text full of `&` stays linear.
        let decoded = after
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|end| entity_char(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character named by an entity body (the part between `&` and `;`).
fn entity_char(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            Some(_) => return None,
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse().ok()?
            }
            None => return None,
        };
        let c = char::from_u32(code).filter(|&c| c != '\0');
        return Some(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// One lexical piece of the HTML source.
enum Token<'a> {
    /// Raw text (entities not yet decoded).
    Text(&'a str),
    /// An opening tag; `raw` is its source, used when an unknown tag turns out to be text.
    Start {
        name: String,
        attrs: Attrs,
        self_closing: bool,
        raw: &'a str,
    },
    /// A closing tag.
    End { name: String },
}

/// Splits `source` into text and tags; a `<` that does not start well-formed markup is text.
fn tokenize(source: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    // Markup needs a `>`; past the last one every `<` is text. This keeps text full of stray
    // `<` linear instead of rescanning to the end for each of them.
    let last_gt = source.rfind('>').unwrap_or(0);
    while let Some(offset) = source[i..].find('<') {
        let at = i + offset;
        if at > last_gt {
            break;
        }
        match parse_markup(source, at) {
            Some((token, end)) => {
                if text_start < at {
                    tokens.push(Token::Text(&source[text_start..at]));
                }
                tokens.extend(token);
                i = end;
                text_start = end;
            }
            None => i = at + 1,
        }
    }
    if text_start < source.len() {
        tokens.push(Token::Text(&source[text_start..]));
    }
    tokens
}

/// Parses the markup starting with the `<` at byte `at`: a tag, a comment or a declaration
/// (the latter two yield no token). Returns the token and the byte offset just past it.
fn parse_markup(source: &str, at: usize) -> Option<(Option<Token<'_>>, usize)> {
    let rest = &source[at + 1..];
    let bytes = rest.as_bytes();
    if let Some(body) = rest.strip_prefix("!--") {
        let end = body.find("-->")?;
        return Some((None, at + 4 + end + 3));
    }
    match *bytes.first()? {
        b'!' | b'?'
            if bytes
                .get(1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'?') =>
        {
            let end = rest.find('>')?;
            Some((None, at + 1 + end + 1))
        }
        b'/' if bytes.get(1).is_some_and(u8::is_ascii_alphabetic) => {
            let name_len = tag_name_len(&rest[1..]);
            let name = rest[1..1 + name_len].to_ascii_lowercase();
            let tail = &rest[1 + name_len..];
            let close = tail.find('>')?;
            if !tail[..close].bytes().all(|b| b.is_ascii_whitespace()) {
                return None;
            }
            Some((Some(Token::End { name }), at + 1 + 1 + name_len + close + 1))
        }
        b if b.is_ascii_alphabetic() => {
            let name_len = tag_name_len(rest);
            match bytes.get(name_len) {
                Some(b) if b.is_ascii_whitespace() || *b == b'/' || *b == b'>' => {}
                _ => return None,
            }
            let name = rest[..name_len].to_ascii_lowercase();
            let TagTail {
                attrs,
                self_closing,
                end,
            } = parse_attributes(source, at + 1 + name_len)?;
            let raw = &source[at..end];
            let token = Token::Start {
                name,
                attrs,
                self_closing,
                raw,
            };
            Some((Some(token), end))
        }
        _ => None,
    }
}

/// Length of the tag name at the start of `s` (ASCII letters, digits and `-`).
fn tag_name_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count()
}

/// (lowercase name, decoded value) pairs of a tag's attributes.
type Attrs = Vec<(String, String)>;

/// What follows a tag name.
struct TagTail {
    attrs: Attrs,
    self_closing: bool,
    /// Byte offset just past the closing `>`.
    end: usize,
}

/// Parses attributes from byte `start` up to the closing `>`; `None` if the tag never closes.
fn parse_attributes(source: &str, start: usize) -> Option<TagTail> {
    let bytes = source.as_bytes();
    let len = bytes.len();
    let mut attrs = Vec::new();
    let mut j = start;
    loop {
        while j < len && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        match *bytes.get(j)? {
            b'>' => {
                return Some(TagTail {
                    attrs,
                    self_closing: false,
                    end: j + 1,
                })
            }
            b'/' => {
                j += 1;
                if bytes.get(j) == Some(&b'>') {
                    return Some(TagTail {
                        attrs,
                        self_closing: true,
                        end: j + 1,
                    });
                }
                continue;
            }
            b'=' => {
                // A value without a name: skip the `=` and let the value parse as a name.
                j += 1;
                continue;
            }
            _ => {}
        }
        let name_start = j;
        while j < len && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j]) {
            j += 1;
        }
        let name = source[name_start..j].to_ascii_lowercase();
        while j < len && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = "";
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < len && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let value_start = j + 1;
                    let close = source[value_start..].find(char::from(quote))?;
                    value = &source[value_start..value_start + close];
                    j = value_start + close + 1;
                }
                _ => {
                    let value_start = j;
                    while j < len && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = &source[value_start..j];
                }
            }
        }
        attrs.push((name, decode_entities(value)));
    }
}

// ---------------------------------------------------------------------------------------------
// Tree

/// A node of the parsed documentation tree.
enum Node {
    /// Decoded text.
    Text(String),
    /// An element with its children.
    Element(Element),
}

/// An HTML element: lowercase name, attributes and children.
struct Element {
    name: String,
    attrs: Attrs,
    children: Vec<Node>,
}

impl Element {
    fn new(name: String, attrs: Attrs) -> Self {
        Element {
            name,
            attrs,
            children: Vec::new(),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn push_text(&mut self, text: String) {
        match self.children.last_mut() {
            Some(Node::Text(prev)) => prev.push_str(&text),
            _ => self.children.push(Node::Text(text)),
        }
    }
}

/// Tags that make a string HTML and that are always treated as elements.
fn is_known_tag(name: &str) -> bool {
    KNOWN_TAGS.split_whitespace().any(|tag| tag == name)
}

/// The tag names [`is_known_tag`] accepts, separated by spaces.
const KNOWN_TAGS: &str = concat!(
    "a b blockquote br cite code dd dfn div dl dt em fullname h1 h2 h3 h4 h5 h6 hr i ",
    "important img kbd li note ol p pre samp section small span strong sub sup table ",
    "tbody td tfoot th thead tr tt u ul var wbr",
);

/// Elements that never have children.
fn is_void_tag(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "wbr" | "input" | "meta" | "link" | "col" | "area" | "source"
    )
}

/// Builds the element tree leniently: stray closing tags are ignored, unclosed elements are
/// closed at the end, and an unknown tag without a later closing tag is kept as text (so
/// `Vec<String>` inside HTML survives).
fn build_tree(tokens: Vec<Token<'_>>) -> Vec<Node> {
    let mut pending_ends: HashMap<String, usize> = HashMap::new();
    for token in &tokens {
        if let Token::End { name } = token {
            *pending_ends.entry(name.clone()).or_default() += 1;
        }
    }
    let mut stack = vec![Element::new(String::new(), Vec::new())];
    for token in tokens {
        match token {
            Token::Text(text) => top(&mut stack).push_text(decode_entities(text)),
            Token::Start {
                name,
                attrs,
                self_closing,
                raw,
            } => {
                let closed_later = pending_ends.get(&name).is_some_and(|&n| n > 0);
                if !is_known_tag(&name) && !closed_later {
                    top(&mut stack).push_text(decode_entities(raw));
                } else if is_void_tag(&name) || self_closing {
                    let element = Element::new(name, attrs);
                    top(&mut stack).children.push(Node::Element(element));
                } else {
                    close_implicitly(&mut stack, &name);
                    if stack.len() <= MAX_DEPTH {
                        stack.push(Element::new(name, attrs));
                    }
                }
            }
            Token::End { name } => {
                if let Some(count) = pending_ends.get_mut(&name) {
                    *count = count.saturating_sub(1);
                }
                if let Some(pos) = stack.iter().rposition(|e| e.name == name) {
                    close_to(&mut stack, pos.max(1));
                }
            }
        }
    }
    close_to(&mut stack, 1);
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// The innermost open element (the stack always holds the root).
fn top(stack: &mut Vec<Element>) -> &mut Element {
    if stack.is_empty() {
        stack.push(Element::new(String::new(), Vec::new()));
    }
    let last = stack.len() - 1;
    &mut stack[last]
}

/// Closes open elements until only `keep` remain, attaching each to its parent.
fn close_to(stack: &mut Vec<Element>, keep: usize) {
    while stack.len() > keep.max(1) {
        if let Some(element) = stack.pop() {
            top(stack).children.push(Node::Element(element));
        }
    }
}

/// HTML's implied end tags that matter for sloppy docs: a new `li` closes the previous one, a
/// block start closes an open `p`.
fn close_implicitly(stack: &mut Vec<Element>, opening: &str) {
    let (targets, scope): (&[&str], &[&str]) = match opening {
        "li" => (&["li"], &["ul", "ol"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        "p" | "ul" | "ol" | "pre" | "div" | "note" | "important" | "blockquote" | "dl"
        | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => (
            &["p"],
            &[
                "li",
                "dd",
                "dt",
                "note",
                "important",
                "blockquote",
                "div",
                "td",
                "th",
                "ul",
                "ol",
            ],
        ),
        _ => return,
    };
    for pos in (1..stack.len()).rev() {
        let name = stack[pos].name.as_str();
        if targets.contains(&name) {
            close_to(stack, pos);
            return;
        }
        if scope.contains(&name) {
            return;
        }
    }
}

/// Concatenated text of all descendants (what `<code>` and `<pre>` render).
fn text_content(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name == "br" => out.push('\n'),
            Node::Element(e) => text_content(&e.children, out),
        }
    }
}

fn element_text(element: &Element) -> String {
    let mut out = String::new();
    text_content(&element.children, &mut out);
    out
}

/// Collapses whitespace runs to single spaces and trims.
fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Inline content

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    /// A place where the line may break (rendered as one space).
    Space,
    /// A hard line break.
    Break,
    /// Markdown text that must not be broken (already escaped).
    Text(String),
    /// A code span's content; adjacent spans merge so their delimiters cannot run together.
    Code(String),
}

/// Inline segments being built, with whitespace collapsed and leading space trimmed.
#[derive(Default)]
struct Inline {
    segs: Vec<Seg>,
    leading_space: bool,
}

impl Inline {
    fn push(&mut self, seg: Seg) {
        match seg {
            Seg::Space => match self.segs.last() {
                None => self.leading_space = true,
                Some(Seg::Space | Seg::Break) => {}
                Some(_) => self.segs.push(Seg::Space),
            },
            Seg::Break => {
                if self.segs.last() == Some(&Seg::Space) {
                    self.segs.pop();
                }
                if !matches!(self.segs.last(), None | Some(Seg::Break)) {
                    self.segs.push(Seg::Break);
                }
            }
            Seg::Text(text) if text.is_empty() => {}
            Seg::Code(code) => match self.segs.last_mut() {
                Some(Seg::Code(prev)) => prev.push_str(&code),
                _ => self.segs.push(Seg::Code(code)),
            },
            seg => self.segs.push(seg),
        }
    }

    fn text(&mut self, text: impl Into<String>) {
        self.push(Seg::Text(text.into()));
    }

    /// Starts a link label; a `!` right before it would turn the link into an image.
    fn open_link(&mut self) {
        if let Some(Seg::Text(prev)) = self.segs.last_mut() {
            if prev.ends_with('!') {
                prev.pop();
                prev.push_str("\\!");
            }
        }
        self.text("[");
    }

    /// Splits into (had leading space, had trailing space, trimmed segments).
    fn into_parts(mut self) -> (bool, bool, Vec<Seg>) {
        let mut trailing = false;
        while let Some(Seg::Space | Seg::Break) = self.segs.last() {
            trailing |= self.segs.pop() == Some(Seg::Space);
        }
        (self.leading_space, trailing, self.segs)
    }

    /// Wraps trimmed inner content between markers, keeping outer spaces outside them.
    fn push_wrapped(&mut self, inner: Inline, open: &str, close: &str) {
        let (leading, trailing, segs) = inner.into_parts();
        if leading {
            self.push(Seg::Space);
        }
        if !segs.is_empty() {
            self.text(open);
            for seg in segs {
                self.push(seg);
            }
            self.text(close);
        }
        if trailing {
            self.push(Seg::Space);
        }
    }

    fn code(&mut self, raw: &str) {
        if raw.starts_with(char::is_whitespace) {
            self.push(Seg::Space);
        }
        let folded = fold_whitespace(raw);
        if !folded.is_empty() {
            self.push(Seg::Code(folded));
        }
        if raw.ends_with(char::is_whitespace) {
            self.push(Seg::Space);
        }
    }
}

/// Emphasis already open around the current node (nested same-kind emphasis is dropped) and
/// whether we are inside a link label (no links or autolinks allowed there).
#[derive(Clone, Copy, Default)]
struct InlineCtx {
    bold: bool,
    italic: bool,
    link: bool,
}

fn inline_nodes(out: &mut Inline, nodes: &[Node], ctx: InlineCtx) {
    for node in nodes {
        match node {
            Node::Text(text) => push_text(out, text, ctx.link),
            Node::Element(element) => inline_element(out, element, ctx),
        }
    }
}

fn inline_element(out: &mut Inline, element: &Element, ctx: InlineCtx) {
    let children = &element.children;
    match element.name.as_str() {
        "b" | "strong" if !ctx.bold => {
            let mut inner = Inline::default();
            inline_nodes(&mut inner, children, InlineCtx { bold: true, ..ctx });
            out.push_wrapped(inner, "**", "**");
        }
        "i" | "em" | "cite" | "var" | "dfn" if !ctx.italic => {
            let mut inner = Inline::default();
            inline_nodes(
                &mut inner,
                children,
                InlineCtx {
                    italic: true,
                    ..ctx
                },
            );
            out.push_wrapped(inner, "*", "*");
        }
        "code" | "tt" | "kbd" | "samp" | "pre" => out.code(&element_text(element)),
        "a" => inline_link(out, element, ctx),
        "br" => out.push(Seg::Break),
        "fullname" => {}
        name if is_block_tag(name) => {
            out.push(Seg::Space);
            inline_nodes(out, children, ctx);
            out.push(Seg::Space);
        }
        _ => inline_nodes(out, children, ctx),
    }
}

/// Block-level tags; inside inline content they only separate words.
fn is_block_tag(name: &str) -> bool {
    BLOCK_TAGS.split_whitespace().any(|tag| tag == name)
}

/// The tag names [`is_block_tag`] accepts, separated by spaces.
const BLOCK_TAGS: &str = concat!(
    "p div section ul ol li dl dt dd note important blockquote table tr td th hr h1 ",
    "h2 h3 h4 h5 h6",
);

/// `<a href>` becomes a Markdown link or autolink, `<a>` without `href` a code span (AWS uses it
/// to name operations and shapes). Relative links lead nowhere in generated docs: label only.
fn inline_link(out: &mut Inline, element: &Element, ctx: InlineCtx) {
    if ctx.link {
        inline_nodes(out, &element.children, ctx);
        return;
    }
    let Some(href) = element.attr("href").map(str::trim) else {
        out.code(&element_text(element));
        return;
    };
    if !is_absolute_url(href) {
        inline_nodes(out, &element.children, ctx);
        return;
    }
    let mut label = Inline::default();
    inline_nodes(
        &mut label,
        &element.children,
        InlineCtx { link: true, ..ctx },
    );
    let (leading, trailing, segs) = label.into_parts();
    if leading {
        out.push(Seg::Space);
    }
    if segs.is_empty() || fold_whitespace(&element_text(element)) == href {
        push_autolink(out, href);
    } else {
        out.open_link();
        for seg in segs {
            out.push(seg);
        }
        out.text(format!("]({})", encode_url(href, true)));
    }
    if trailing {
        out.push(Seg::Space);
    }
}

/// Whether `href` starts with a URI scheme (`https:`, `mailto:`, …).
fn is_absolute_url(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        && href.len() > colon + 1
}

/// Emits `<url>`, or `[url](url)` when the URL holds `&` (entity handling differs between
/// autolinks and destinations, so the explicit form is the unambiguous one).
fn push_autolink(out: &mut Inline, url: &str) {
    if url.contains('&') {
        out.open_link();
        out.text(escape_text(url));
        out.text(format!("]({})", encode_url(url, true)));
    } else {
        out.text(format!("<{}>", encode_url(url, false)));
    }
}

/// Percent-encodes what would end or confuse a link destination (`destination == true`) or an
/// autolink.
fn encode_url(url: &str, destination: bool) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        let encode = c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '`')
            || (destination && matches!(c, '(' | ')' | '\\'));
        if encode {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else if destination && c == '&' {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
    out
}

/// Pushes a text node: whitespace folds into breakable spaces, words are escaped and bare URLs
/// become autolinks.
fn push_text(out: &mut Inline, text: &str, in_link: bool) {
    if text.starts_with(char::is_whitespace) {
        out.push(Seg::Space);
    }
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(Seg::Space);
        }
        push_word(out, word, in_link);
    }
    if text.ends_with(char::is_whitespace) {
        out.push(Seg::Space);
    }
}

/// Pushes one whitespace-free word.
fn push_word(out: &mut Inline, word: &str, in_link: bool) {
    let mut rest = word;
    if !in_link {
        while let Some((start, end)) = find_url(rest) {
            let (mut before, url, mut after) = (&rest[..start], &rest[start..end], &rest[end..]);
            // `<https://…>` in text is already meant as an autolink.
            if before.ends_with('<') && after.starts_with('>') {
                before = &before[..before.len() - 1];
                after = &after[1..];
            }
            out.text(escape_text(before));
            push_autolink(out, url);
            rest = after;
        }
    }
    out.text(escape_text(rest));
}

/// Byte range of the first `http://` or `https://` URL in a whitespace-free word, without
/// trailing sentence punctuation or an unbalanced closing parenthesis.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let lower = word.to_ascii_lowercase();
    let mut from = 0;
    loop {
        let start = from + lower[from..].find("http")?;
        let host = if lower[start..].starts_with("https://") {
            start + 8
        } else if lower[start..].starts_with("http://") {
            start + 7
        } else {
            from = start + 4;
            continue;
        };
        let mut end = word[host..]
            .find(['<', '>', '"', '`'])
            .map_or(word.len(), |i| host + i);
        while end > host {
            let url = &word[start..end];
            let last = url.as_bytes()[url.len() - 1];
            let unbalanced =
                |open: char, close: char| url.matches(close).count() > url.matches(open).count();
            let trim = match last {
                b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'"' | b'*' | b'_' | b'~' => true,
                b')' => unbalanced('(', ')'),
                b']' => unbalanced('[', ']'),
                _ => false,
            };
            if !trim {
                break;
            }
            end -= 1;
        }
        if word[host..end].starts_with(|c: char| c.is_alphanumeric()) {
            return Some((start, end));
        }
        from = host;
    }
}

/// Escapes Markdown punctuation in text (outside code spans and URLs).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\0' => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(c),
        }
    }
    out
}

/// A code span whose delimiter is longer than any backtick run inside it.
fn code_span(content: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if content.starts_with('`') || content.ends_with('`') {
        format!("{fence} {content} {fence}")
    } else {
        format!("{fence}{content}{fence}")
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks

/// A block of Markdown output.
enum Block {
    /// A paragraph of inline segments (non-empty, trimmed).
    Para(Vec<Seg>),
    /// A bullet or ordered list; each item is a sequence of blocks.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A block quote, optionally introduced by a bold label (`Note:`).
    Quote {
        label: Option<&'static str>,
        body: Vec<Block>,
    },
    /// A fenced `text` code block.
    Code(String),
}

/// Collects the blocks of a node sequence, gathering loose inline content into paragraphs.
struct BlockCollector {
    blocks: Vec<Block>,
    para: Inline,
}

fn collect_blocks(nodes: &[Node]) -> Vec<Block> {
    let mut collector = BlockCollector {
        blocks: Vec::new(),
        para: Inline::default(),
    };
    collector.visit_all(nodes);
    collector.flush();
    collector.blocks
}

impl BlockCollector {
    fn flush(&mut self) {
        let (_, _, segs) = std::mem::take(&mut self.para).into_parts();
        if !segs.is_empty() {
            self.blocks.push(Block::Para(segs));
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn visit_all(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => push_text(&mut self.para, text, false),
                Node::Element(element) => self.visit_element(element),
            }
        }
    }

    fn visit_element(&mut self, element: &Element) {
        let ctx = InlineCtx::default();
        let children = &element.children;
        match element.name.as_str() {
            "p" | "div" | "section" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody"
            | "tfoot" | "tr" | "hr" => {
                self.flush();
                let blocks = collect_blocks(children);
                self.blocks.extend(blocks);
            }
            "td" | "th" => {
                self.para.push(Seg::Space);
                self.visit_all(children);
                self.para.push(Seg::Space);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let mut inner = Inline::default();
                inline_nodes(&mut inner, children, InlineCtx { bold: true, ..ctx });
                self.para.push_wrapped(inner, "**", "**");
                self.flush();
            }
            "ul" | "ol" => {
                let ordered = element.name == "ol";
                let start = element
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                let items = list_items(children);
                self.push_block(Block::List {
                    ordered,
                    start,
                    items,
                });
            }
            "li" => {
                // A stray item (no list around it) joins a directly preceding list.
                let item = collect_blocks(children);
                let (_, _, pending) = std::mem::take(&mut self.para).into_parts();
                match self.blocks.last_mut() {
                    Some(Block::List { items, .. }) if pending.is_empty() => items.push(item),
                    _ => {
                        self.para.segs = pending;
                        self.push_block(Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![item],
                        });
                    }
                }
            }
            "note" | "important" | "blockquote" => {
                let label = match element.name.as_str() {
                    "note" => Some("**Note:**"),
                    "important" => Some("**Important:**"),
                    _ => None,
                };
                let body = collect_blocks(children);
                self.push_block(Block::Quote { label, body });
            }
            "pre" => {
                let text = element_text(element);
                self.push_block(Block::Code(text));
            }
            "fullname" => self.flush(),
            name if is_inline_tag(name) => inline_element(&mut self.para, element, ctx),
            // Unknown tags are transparent: their children render in place.
            _ => {
                self.visit_all(children);
            }
        }
    }
}

/// Tags rendered by the inline renderer when met in block context.
fn is_inline_tag(name: &str) -> bool {
    INLINE_TAGS.split_whitespace().any(|tag| tag == name)
}

/// The tag names [`is_inline_tag`] accepts, separated by spaces.
const INLINE_TAGS: &str = "b strong i em cite var dfn code tt kbd samp a br";

/// The items of a list element; loose content between items forms items of its own.
fn list_items(children: &[Node]) -> Vec<Vec<Block>> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut loose_start = 0;
    for (i, node) in children.iter().enumerate() {
        if let Node::Element(element) = node {
            if element.name == "li" {
                items.push(collect_blocks(&children[loose_start..i]));
                items.push(collect_blocks(&element.children));
                loose_start = i + 1;
            }
        }
    }
    items.push(collect_blocks(&children[loose_start..]));
    // Whitespace between items yields no blocks; empty items are dropped when rendering.
    items.retain(|item| !item.is_empty());
    items
}

/// Plain-text docs: blank lines separate paragraphs, everything else is folded text.
fn plain_text_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para = Inline::default();
    for line in text.lines() {
        if line.trim().is_empty() {
            let (_, _, segs) = std::mem::take(&mut para).into_parts();
            if !segs.is_empty() {
                blocks.push(Block::Para(segs));
            }
        } else {
            push_plain_line(&mut para, line);
            para.push(Seg::Space);
        }
    }
    let (_, _, segs) = para.into_parts();
    if !segs.is_empty() {
        blocks.push(Block::Para(segs));
    }
    blocks
}

/// One line of plain-text docs: `` `code` `` spans (Smithy docs are CommonMark) stay code spans;
/// the text around them is escaped like HTML text. An unmatched backtick is plain text.
fn push_plain_line(out: &mut Inline, line: &str) {
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let run = rest[open..].len() - rest[open..].trim_start_matches('`').len();
        let fence = &rest[open..open + run];
        let after = &rest[open + run..];
        // The closing run must be exactly as long as the opening one.
        let close = after.match_indices(fence).find(|(i, _)| {
            let longer_run = after[i + run..].starts_with('`') || after[..*i].ends_with('`');
            !longer_run
        });
        let Some((close, _)) = close else { break };
        push_text(out, &rest[..open], false);
        out.code(&after[..close]);
        rest = &after[close + run..];
    }
    push_text(out, rest, false);
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Renders blocks separated by single empty lines.
fn render_blocks(blocks: &[Block], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // Two lists of the same kind separated only by a blank line would merge into one;
    // switching the marker character starts a new list.
    let mut previous_marker: Option<char> = None;
    for block in blocks {
        let (block_lines, marker) = match block {
            Block::Para(segs) => (wrap(segs, width), None),
            Block::List {
                ordered,
                start,
                items,
            } => {
                let marker = match (ordered, previous_marker) {
                    (false, Some('-')) => '+',
                    (false, _) => '-',
                    (true, Some('.')) => ')',
                    (true, _) => '.',
                };
                (
                    render_list(items, *ordered, *start, marker, width),
                    Some(marker),
                )
            }
            Block::Quote { label, body } => (render_quote(*label, body, width), None),
            Block::Code(text) => (render_code(text), None),
        };
        if block_lines.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(block_lines);
        previous_marker = marker;
    }
    lines
}

fn narrower(width: usize, by: usize) -> usize {
    width.saturating_sub(by).max(MIN_WIDTH)
}

fn render_list(
    items: &[Vec<Block>],
    ordered: bool,
    start: u64,
    marker: char,
    width: usize,
) -> Vec<String> {
    // CommonMark ordered-list numbers have at most nine digits.
    const MAX_NUMBER: u64 = 999_999_999;
    let mut lines = Vec::new();
    let mut number = start.min(MAX_NUMBER);
    for item in items {
        let prefix = if ordered {
            format!("{number}{marker} ")
        } else {
            format!("{marker} ")
        };
        let item_lines = render_blocks(item, narrower(width, prefix.len()));
        if item_lines.is_empty() {
            continue;
        }
        let indent = " ".repeat(prefix.len());
        for (i, line) in item_lines.into_iter().enumerate() {
            lines.push(match (i, line.is_empty()) {
                (0, _) => format!("{prefix}{line}"),
                (_, true) => line,
                (_, false) => format!("{indent}{line}"),
            });
        }
        number = (number + 1).min(MAX_NUMBER);
    }
    lines
}

fn render_quote(label: Option<&'static str>, body: &[Block], width: usize) -> Vec<String> {
    let width = narrower(width, 2);
    let inner = match (label, body.split_first()) {
        (Some(label), Some((Block::Para(segs), rest))) => {
            let mut labelled = vec![Seg::Text(label.to_owned()), Seg::Space];
            labelled.extend(segs.iter().cloned());
            let mut lines = wrap(&labelled, width);
            let rest = render_blocks(rest, width);
            if !rest.is_empty() {
                lines.push(String::new());
                lines.extend(rest);
            }
            lines
        }
        (Some(label), _) => {
            let rest = render_blocks(body, width);
            if rest.is_empty() {
                return rest;
            }
            let mut lines = vec![label.to_owned(), String::new()];
            lines.extend(rest);
            lines
        }
        (None, _) => render_blocks(body, width),
    };
    inner
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect()
}

/// A fenced block with info string `text`, so rustdoc never compiles it as a doctest.
fn render_code(text: &str) -> Vec<String> {
    // HTML ignores a newline right after `<pre>`; pretty-printed sources also indent it.
    let text = text
        .strip_prefix("\r\n")
        .or_else(|| text.strip_prefix('\n'))
        .unwrap_or(text);
    let body: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = body.iter().position(|line| !line.is_empty());
    let last = body.iter().rposition(|line| !line.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let body = &body[first..=last];
    let indent = body
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut longest = 0;
    for line in body {
        let mut run = 0;
        for c in line.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let mut lines = vec![format!("{fence}text")];
    lines.extend(
        body.iter()
            .map(|line| line.get(indent..).unwrap_or("").to_owned()),
    );
    lines.push(fence);
    lines
}

/// Wraps a paragraph greedily at `width` columns, breaking only at [`Seg::Space`].
fn wrap(segs: &[Seg], width: usize) -> Vec<String> {
    // Words of each hard line (hard lines are separated by `<br>`).
    let mut hard_lines: Vec<Vec<String>> = vec![Vec::new()];
    let mut word = String::new();
    for seg in segs {
        match seg {
            Seg::Space | Seg::Break => {
                if !word.is_empty() {
                    if let Some(current) = hard_lines.last_mut() {
                        current.push(std::mem::take(&mut word));
                    }
                }
                if *seg == Seg::Break {
                    hard_lines.push(Vec::new());
                }
            }
            Seg::Text(text) => word.push_str(text),
            Seg::Code(code) => word.push_str(&code_span(code)),
        }
    }
    if let Some(current) = hard_lines.last_mut() {
        if !word.is_empty() {
            current.push(word);
        }
    }
    hard_lines.retain(|words| !words.is_empty());

    let mut lines = Vec::new();
    let count = hard_lines.len();
    for (index, words) in hard_lines.into_iter().enumerate() {
        // A word that would start a block cannot follow a break, so it is glued to the word
        // before it; the first word of a line has nothing to glue to and is escaped instead.
        let mut units: Vec<String> = Vec::new();
        for word in words {
            match units.last_mut() {
                None => units.push(escape_line_start(&word)),
                Some(last) if starts_block(&word) => {
                    last.push(' ');
                    last.push_str(&word);
                }
                Some(_) => units.push(word),
            }
        }
        if index + 1 < count {
            if let Some(last) = units.last_mut() {
                last.push('\\');
            }
        }
        let mut line = String::new();
        let mut line_width = 0;
        for unit in units {
            let unit_width = unit.chars().count();
            if line.is_empty() {
                line = unit;
                line_width = unit_width;
            } else if line_width + 1 + unit_width <= width {
                line.push(' ');
                line.push_str(&unit);
                line_width += 1 + unit_width;
            } else {
                lines.push(std::mem::replace(&mut line, unit));
                line_width = unit_width;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Whether `word` at the start of a line would open a block (list item, setext underline,
/// thematic break, heading, quote or fence) instead of continuing the paragraph.
fn starts_block(word: &str) -> bool {
    let only = |c: char| !word.is_empty() && word.chars().all(|x| x == c);
    only('-')
        || only('=')
        || word == "+"
        || word == "*"
        || ordered_marker_len(word).is_some()
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with("~~~")
}

/// Makes a line-initial word literal (`-` → `\-`, `1.` → `1\.`).
fn escape_line_start(word: &str) -> String {
    if let Some(digits) = ordered_marker_len(word) {
        return format!("{}\\{}", &word[..digits], &word[digits..]);
    }
    let only = |c: char| !word.is_empty() && word.chars().all(|x| x == c);
    if only('-') || only('=') || word == "+" || word == "*" {
        return format!("\\{word}");
    }
    word.to_owned()
}

/// For a word that is exactly an ordered-list marker (`12.` or `3)`), the number of digits.
fn ordered_marker_len(word: &str) -> Option<usize> {
    let digits = word.strip_suffix(['.', ')'])?;
    let valid = (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then_some(digits.len())
}
