//! The AWS partitions data (`partitions.json`, smithy-rs' `sdk-partitions.json`) that
//! `aws.partition` resolves regions against.
//!
//! The generator turns this into a static table in the generated crate; nothing reads the JSON
//! at run time. Each partition's `regionRegex` is parsed here into [`RegexPiece`]s, so an
//! unsupported pattern fails generation with a message rather than a client at run time.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::parse::Path;
use crate::error::ModelError;
use crate::json::Node;

/// The whole partitions document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitions {
    /// The format version (`1.1`).
    pub version: String,
    /// The partitions, in document order (the order `regionRegex` matching tries them).
    pub partitions: Vec<Partition>,
}

/// One partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// The id (`aws`).
    pub id: String,
    /// The pattern of region names that belong to the partition.
    pub region_regex: RegionRegex,
    /// Regions listed by name, sorted by name, with their overrides.
    pub regions: Vec<PartitionRegion>,
    /// What `aws.partition` returns for the partition's regions.
    pub outputs: PartitionOutputs,
}

/// A partition's outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `name`
    pub name: String,
    /// `dnsSuffix`
    pub dns_suffix: String,
    /// `dualStackDnsSuffix`
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`
    pub supports_fips: bool,
    /// `supportsDualStack`
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`
    pub implicit_global_region: String,
}

/// Outputs a region replaces (any subset).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutputOverrides {
    /// `name`
    pub name: Option<String>,
    /// `dnsSuffix`
    pub dns_suffix: Option<String>,
    /// `dualStackDnsSuffix`
    pub dual_stack_dns_suffix: Option<String>,
    /// `supportsFIPS`
    pub supports_fips: Option<bool>,
    /// `supportsDualStack`
    pub supports_dual_stack: Option<bool>,
    /// `implicitGlobalRegion`
    pub implicit_global_region: Option<String>,
}

impl OutputOverrides {
    /// True when the region overrides nothing.
    pub fn is_empty(&self) -> bool {
        self == &OutputOverrides::default()
    }
}

/// A region listed by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionRegion {
    /// The region name (`us-east-1`).
    pub name: String,
    /// Informational description (`US East (N. Virginia)`).
    pub description: Option<String>,
    /// Outputs that differ from the partition's.
    pub overrides: OutputOverrides,
}

/// An anchored region pattern (`^(us|eu)\-\w+\-\d+$`), parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRegex {
    /// The pattern as written.
    pub source: String,
    /// The pieces between `^` and `$`, in order.
    pub pieces: Vec<RegexPiece>,
}

/// One element of a [`RegionRegex`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexPiece {
    /// Exactly this text (escapes resolved: `us\-` is `us-`).
    Literal(String),
    /// One of these texts: a group of literal alternatives (`(us|eu)`).
    Alternatives(Vec<String>),
    /// One character of the class.
    Class(CharClass),
    /// One or more characters of the class (`\w+`).
    OneOrMore(CharClass),
}

/// `\w` or `\d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// `\w`: ASCII letters, digits and `_`.
    Word,
    /// `\d`: ASCII digits.
    Digit,
}

/// Parses partitions JSON text. Errors name the JSON path (`partitions[2].outputs`).
pub fn load(text: &str) -> Result<Partitions, ModelError> {
    let root = Node::parse(text)
        .map_err(|error| ModelError::general(format!("invalid partitions JSON: {error}")))?;
    parse(&root.to_value())
        .map_err(|message| ModelError::general(format!("partitions data: {message}")))
}

fn parse(value: &Value) -> Result<Partitions, String> {
    let root = Path::root();
    let object = root.object(value)?;
    let version = root
        .key("version")
        .string(root.required(object, "version")?)?
        .to_owned();
    let list_path = root.key("partitions");
    let partitions = list_path
        .array(root.required(object, "partitions")?)?
        .iter()
        .enumerate()
        .map(|(i, p)| partition(p, &list_path.index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    if partitions.is_empty() {
        return Err(list_path.error("there must be at least one partition"));
    }
    let mut seen = BTreeMap::new();
    for (index, partition) in partitions.iter().enumerate() {
        if let Some(first) = seen.insert(partition.id.as_str(), index) {
            return Err(list_path.index(index).error(format!(
                "the id `{}` is already used by partitions[{first}]",
                partition.id
            )));
        }
    }
    Ok(Partitions {
        version,
        partitions,
    })
}

fn partition(value: &Value, path: &Path) -> Result<Partition, String> {
    let object = path.object(value)?;
    let id = path
        .key("id")
        .string(path.required(object, "id")?)?
        .to_owned();
    let regex_path = path.key("regionRegex");
    let source = regex_path.string(path.required(object, "regionRegex")?)?;
    let region_regex = parse_region_regex(source).map_err(|m| regex_path.error(m))?;
    let outputs = outputs(path.required(object, "outputs")?, &path.key("outputs"))?;
    let regions_path = path.key("regions");
    let mut regions = Vec::new();
    if let Some(value) = object.get("regions") {
        for (name, body) in regions_path.object(value)? {
            let at = regions_path.key(name);
            let fields = at.object(body)?;
            regions.push(PartitionRegion {
                name: name.clone(),
                description: at.optional_string(fields, "description")?,
                overrides: overrides(fields, &at)?,
            });
        }
    }
    regions.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Partition {
        id,
        region_regex,
        regions,
        outputs,
    })
}

fn outputs(value: &Value, path: &Path) -> Result<PartitionOutputs, String> {
    let fields = path.object(value)?;
    let set = overrides(fields, path)?;
    let missing = |key: &str| path.error(format!("the required `{key}` property is missing"));
    Ok(PartitionOutputs {
        name: set.name.ok_or_else(|| missing("name"))?,
        dns_suffix: set.dns_suffix.ok_or_else(|| missing("dnsSuffix"))?,
        dual_stack_dns_suffix: set
            .dual_stack_dns_suffix
            .ok_or_else(|| missing("dualStackDnsSuffix"))?,
        supports_fips: set.supports_fips.ok_or_else(|| missing("supportsFIPS"))?,
        supports_dual_stack: set
            .supports_dual_stack
            .ok_or_else(|| missing("supportsDualStack"))?,
        implicit_global_region: set
            .implicit_global_region
            .ok_or_else(|| missing("implicitGlobalRegion"))?,
    })
}

/// The output fields present in `fields` (other keys, such as `description`, are ignored).
fn overrides(fields: &Map<String, Value>, path: &Path) -> Result<OutputOverrides, String> {
    let string = |key: &str| path.optional_string(fields, key);
    let boolean = |key: &str| {
        fields
            .get(key)
            .map(|value| path.key(key).boolean(value))
            .transpose()
    };
    Ok(OutputOverrides {
        name: string("name")?,
        dns_suffix: string("dnsSuffix")?,
        dual_stack_dns_suffix: string("dualStackDnsSuffix")?,
        supports_fips: boolean("supportsFIPS")?,
        supports_dual_stack: boolean("supportsDualStack")?,
        implicit_global_region: string("implicitGlobalRegion")?,
    })
}

/// Parses the regex subset the partitions data uses: `^` ... `$` around literal characters,
/// escaped punctuation (`\-`, `\.`), `\w` and `\d` optionally followed by `+`, and groups of
/// literal alternatives (`(us|eu)`).
pub fn parse_region_regex(source: &str) -> Result<RegionRegex, String> {
    let unsupported = |what: &str, offset: usize| {
        Err(format!(
            "the pattern `{source}` uses {what} at offset {offset}, which the generator does not support \
             (supported: `^`...`$`, literal characters, `\\-`-style escapes, `\\w`, `\\d`, `+` after \
             `\\w`/`\\d`, and groups of literal alternatives like `(us|eu)`)"
        ))
    };
    let Some(body) = source.strip_prefix('^') else {
        return unsupported("no leading `^` anchor", 0);
    };
    let Some(body) = body.strip_suffix('$').filter(|b| !b.ends_with('\\')) else {
        return unsupported("no trailing `$` anchor", source.len());
    };
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let chars: Vec<(usize, char)> = body.char_indices().map(|(i, c)| (i + 1, c)).collect();
    let mut index = 0;
    while let Some(&(offset, c)) = chars.get(index) {
        index += 1;
        let mut piece = None;
        match c {
            '\\' => {
                let Some(&(_, escaped)) = chars.get(index) else {
                    return unsupported("a trailing `\\`", offset);
                };
                index += 1;
                match escaped {
                    'w' => piece = Some(CharClass::Word),
                    'd' => piece = Some(CharClass::Digit),
                    c if c.is_ascii_punctuation() => literal.push(c),
                    _ => return unsupported(&format!("the escape `\\{escaped}`"), offset),
                }
            }
            '(' => {
                let close = chars[index..].iter().position(|&(_, c)| c == ')');
                let Some(close) = close else {
                    return unsupported("an unclosed `(`", offset);
                };
                let group: String = chars[index..index + close]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect();
                index += close + 1;
                let options: Vec<String> = group.split('|').map(str::to_owned).collect();
                if let Some(bad) = options.iter().find(|o| {
                    o.is_empty()
                        || !o
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                }) {
                    return unsupported(&format!("the group alternative `{bad}`"), offset);
                }
                if let Some(&(next_offset, next)) = chars.get(index) {
                    if matches!(next, '+' | '*' | '?' | '{') {
                        return unsupported(&format!("`{next}` after a group"), next_offset);
                    }
                }
                if !literal.is_empty() {
                    pieces.push(RegexPiece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(RegexPiece::Alternatives(options));
                continue;
            }
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => literal.push(c),
            other => return unsupported(&format!("`{other}`"), offset),
        }
        let repeat = chars.get(index).map(|&(o, c)| (o, c));
        if let Some((repeat_offset, repeat_char)) = repeat {
            if matches!(repeat_char, '*' | '?' | '{') || (repeat_char == '+' && piece.is_none()) {
                return unsupported(&format!("`{repeat_char}` after `{c}`"), repeat_offset);
            }
        }
        if let Some(class) = piece {
            if !literal.is_empty() {
                pieces.push(RegexPiece::Literal(std::mem::take(&mut literal)));
            }
            if repeat.is_some_and(|(_, c)| c == '+') {
                index += 1;
                pieces.push(RegexPiece::OneOrMore(class));
            } else {
                pieces.push(RegexPiece::Class(class));
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(RegexPiece::Literal(literal));
    }
    Ok(RegionRegex {
        source: source.to_owned(),
        pieces,
    })
}
