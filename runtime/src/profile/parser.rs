//! Syntax of one shared config/credentials file: text -> raw sections with line numbers.
//!
//! This layer knows nothing about `[profile x]` prefixes or name validity (see `merge.rs`);
//! it only enforces the line grammar shared by both files and reports the first syntax error
//! with its 1-based line number. Error messages never quote the offending line, because a
//! malformed line may hold a secret.

use std::fmt;
use std::path::{Path, PathBuf};

/// Only these count as whitespace in the file format (not `\r`, not Unicode spaces).
pub(crate) const WHITESPACE: [char; 2] = [' ', '\t'];

/// Which of the two shared files some text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The shared config file (`~/.aws/config`): `[profile name]` sections.
    Config,
    /// The shared credentials file (`~/.aws/credentials`): `[name]` sections.
    Credentials,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        })
    }
}

/// What was wrong with a line (the messages are the cross-SDK conformance strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A `[` line without a closing `]`.
    MissingClosingBracket,
    /// A property or continuation line before any section header.
    ExpectedProfileDefinition,
    /// An indented (continuation) line in a section that has no property yet.
    ContinuationWithoutProperty,
    /// A property line without `=`.
    PropertyWithoutEquals,
    /// A property line with nothing before `=`.
    PropertyWithoutName,
    /// A sub-property line (under `key =`) without `=`.
    SubPropertyWithoutEquals,
    /// A sub-property line with nothing before `=`.
    SubPropertyWithoutName,
}

impl ParseErrorKind {
    fn message(self) -> &'static str {
        match self {
            ParseErrorKind::MissingClosingBracket => "Profile definition must end with ']'",
            ParseErrorKind::ExpectedProfileDefinition => {
                "Expected a profile definition before this line"
            }
            ParseErrorKind::ContinuationWithoutProperty => {
                "Expected a property definition, found continuation"
            }
            ParseErrorKind::PropertyWithoutEquals => "Expected an '=' sign defining a property",
            ParseErrorKind::PropertyWithoutName => "Property did not have a name",
            ParseErrorKind::SubPropertyWithoutEquals => {
                "Expected an '=' sign defining a sub-property"
            }
            ParseErrorKind::SubPropertyWithoutName => "Sub-property did not have a name",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A syntax error in a shared config or credentials file, naming the file and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileParseError {
    file: FileKind,
    path: Option<PathBuf>,
    line: usize,
    kind: ParseErrorKind,
}

impl ProfileParseError {
    pub(crate) fn new(
        file: FileKind,
        path: Option<&Path>,
        line: usize,
        kind: ParseErrorKind,
    ) -> Self {
        Self {
            file,
            path: path.map(Path::to_path_buf),
            line,
            kind,
        }
    }

    /// Which file the error is in.
    pub fn file(&self) -> FileKind {
        self.file
    }

    /// The file's path, when the text was read from disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// 1-based line number of the offending line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What was wrong.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }
}

impl fmt::Display for ProfileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} file", self.file)?;
        if let Some(path) = &self.path {
            write!(f, " `{}`", path.display())?;
        }
        write!(f, ", line {}: {}", self.line, self.kind)
    }
}

impl std::error::Error for ProfileParseError {}

/// A `[...]` section as written: `header` is the trimmed text between the brackets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawSection<'a> {
    pub(crate) header: &'a str,
    pub(crate) properties: Vec<RawProperty<'a>>,
}

/// A `key = value` line plus its continuation lines, key as written (not yet lower-cased).
#[derive(PartialEq, Eq)]
pub(crate) struct RawProperty<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: String,
}

/// Values may be secrets; only the key is shown.
impl fmt::Debug for RawProperty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawProperty")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Parse one file's text into its sections, in file order (duplicates are not merged here).
///
/// On error returns the 1-based line number and what was wrong.
pub(crate) fn parse(text: &str) -> Result<Vec<RawSection<'_>>, (usize, ParseErrorKind)> {
    let mut sections: Vec<RawSection<'_>> = Vec::new();
    // Whether the last line defined a property that continuation lines may extend, and if so
    // whether it opened a sub-property block (`key =` with an empty value).
    let mut open_property: Option<bool> = None;
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let fail = |kind| Err((line_number, kind));
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            let Some(header) = parse_header(line) else {
                return fail(ParseErrorKind::MissingClosingBracket);
            };
            sections.push(RawSection {
                header,
                properties: Vec::new(),
            });
            open_property = None;
        } else if line.starts_with(WHITESPACE) {
            let Some(section) = sections.last_mut() else {
                return fail(ParseErrorKind::ExpectedProfileDefinition);
            };
            let (Some(is_sub_property), Some(property)) =
                (open_property, section.properties.last_mut())
            else {
                return fail(ParseErrorKind::ContinuationWithoutProperty);
            };
            // Comment characters are part of continuation text; only the ends are trimmed.
            let content = line.trim_matches(WHITESPACE);
            if is_sub_property {
                let Some((name, _)) = content.split_once('=') else {
                    return fail(ParseErrorKind::SubPropertyWithoutEquals);
                };
                if name.trim_matches(WHITESPACE).is_empty() {
                    return fail(ParseErrorKind::SubPropertyWithoutName);
                }
            }
            property.value.push('\n');
            property.value.push_str(content);
        } else {
            let Some(section) = sections.last_mut() else {
                return fail(ParseErrorKind::ExpectedProfileDefinition);
            };
            let Some((key, value)) = strip_comment(line, true).split_once('=') else {
                return fail(ParseErrorKind::PropertyWithoutEquals);
            };
            let key = key.trim_matches(WHITESPACE);
            if key.is_empty() {
                return fail(ParseErrorKind::PropertyWithoutName);
            }
            let value = value.trim_matches(WHITESPACE);
            open_property = Some(value.is_empty());
            section.properties.push(RawProperty {
                key,
                value: value.to_owned(),
            });
        }
    }
    Ok(sections)
}

/// The trimmed inside of a `[...]` line, or `None` if there is no closing bracket.
fn parse_header(line: &str) -> Option<&str> {
    // Header lines allow comments right after the `]` (`[profile foo]; note`).
    let line = strip_comment(line, false).trim_end_matches(WHITESPACE);
    let inside = line.strip_prefix('[')?.strip_suffix(']')?;
    Some(inside.trim_matches(WHITESPACE))
}

/// Cut `line` at the first `#` or `;` that starts a comment.
///
/// In property lines a comment must follow whitespace (`a = b;c` keeps `b;c`), because values
/// such as URLs and commands legitimately contain those characters.
fn strip_comment(line: &str, needs_whitespace_before: bool) -> &str {
    let mut previous: Option<char> = None;
    for (index, c) in line.char_indices() {
        let after_whitespace = previous.is_some_and(|p| WHITESPACE.contains(&p));
        if (c == '#' || c == ';') && (!needs_whitespace_before || after_whitespace) {
            return &line[..index];
        }
        previous = Some(c);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_and_props(text: &str) -> Vec<(&str, Vec<(&str, String)>)> {
        match parse(text) {
            Ok(sections) => sections
                .into_iter()
                .map(|s| {
                    let props = s.properties.into_iter().map(|p| (p.key, p.value)).collect();
                    (s.header, props)
                })
                .collect(),
            Err(e) => panic!("unexpected parse error {e:?}"),
        }
    }

    #[test]
    fn keeps_sections_in_file_order_without_merging() {
        let parsed = headers_and_props("[a]\nx = 1\n[ b c ]\n[a]\nX = 2 ; c\n");
        assert_eq!(
            parsed,
            vec![
                ("a", vec![("x", "1".to_owned())]),
                ("b c", vec![]),
                ("a", vec![("X", "2".to_owned())]),
            ]
        );
    }

    #[test]
    fn comment_needs_whitespace_only_in_property_lines() {
        assert_eq!(strip_comment("[p];c", false), "[p]");
        assert_eq!(strip_comment("a = b;c", true), "a = b;c");
        assert_eq!(strip_comment("a = b ;c", true), "a = b ");
        assert_eq!(strip_comment("a = b\t#c", true), "a = b\t");
    }

    #[test]
    fn errors_carry_one_based_line_numbers() {
        assert_eq!(
            parse("# c\n[p]\nok = 1\n\nbroken\n").err(),
            Some((5, ParseErrorKind::PropertyWithoutEquals))
        );
        assert_eq!(
            parse("[p").err(),
            Some((1, ParseErrorKind::MissingClosingBracket))
        );
    }
}
