//! String templates (`https://sts.{Region}.{PartitionResult#dnsSuffix}`) and `getAttr` paths.

use super::{Expr, PathSegment, Template, TemplatePart};

/// Parses a template: `{Name}` inserts a value, `{Name#path}` an attribute of one, and `{{` /
/// `}}` are literal braces. An unmatched brace is an error.
pub(super) fn parse(text: &str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, next)| next == '{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, next)| next == '}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let body_start = index + 1;
                let close = text[body_start..].find('}').ok_or_else(|| {
                    format!("template `{text}` has an unclosed `{{` at offset {index}")
                })?;
                let body = &text[body_start..body_start + close];
                let insert = insertion(body)
                    .map_err(|problem| format!("template `{text}`: `{{{body}}}` {problem}"))?;
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Insert(insert));
                // Skip the body and the closing brace.
                while chars.next_if(|&(i, _)| i <= body_start + close).is_some() {}
            }
            '}' => {
                return Err(format!(
                    "template `{text}` has an unmatched `}}` at offset {index} (write `}}}}` for a literal brace)"
                ))
            }
            other => literal.push(other),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(Template { parts })
}

/// `Name` or `Name#path`.
fn insertion(body: &str) -> Result<Expr, String> {
    let (name, path) = match body.split_once('#') {
        Some((name, path)) => (name, Some(path)),
        None => (body, None),
    };
    if !is_name(name) {
        return Err(
            "must name a parameter or variable (letters and digits, starting with a letter)"
                .to_owned(),
        );
    }
    let target = Expr::Ref(name.to_owned());
    Ok(match path {
        None => target,
        Some(path) => Expr::GetAttr {
            target: Box::new(target),
            path: parse_path(path)?,
        },
    })
}

/// Parses a `getAttr` path: keys separated by `.`, optionally ending in one `[index]`.
pub(super) fn parse_path(path: &str) -> Result<Vec<PathSegment>, String> {
    let invalid = |why: &str| Err(format!("has an invalid path `{path}`: {why}"));
    let mut segments = Vec::new();
    let parts: Vec<&str> = path.split('.').collect();
    for (position, part) in parts.iter().enumerate() {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => {
                let Some(digits) = rest.strip_suffix(']') else {
                    return invalid("an index must be written `[digits]`");
                };
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return invalid("an index must be written `[digits]`");
                }
                let Ok(index) = digits.parse::<usize>() else {
                    return invalid("the index is too large");
                };
                (key, Some(index))
            }
            None => (*part, None),
        };
        if !key.is_empty() {
            if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return invalid("keys are letters, digits and `_`");
            }
            segments.push(PathSegment::Key(key.to_owned()));
        } else if index.is_none() {
            return invalid("it has an empty key");
        }
        if let Some(index) = index {
            if position + 1 != parts.len() {
                return invalid("an index may only appear at the end");
            }
            segments.push(PathSegment::Index(index));
        }
    }
    Ok(segments)
}

/// A parameter or variable name: a letter, then letters and digits (`_` tolerated).
pub(super) fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> TemplatePart {
        TemplatePart::Literal(text.to_owned())
    }

    fn reference(name: &str) -> TemplatePart {
        TemplatePart::Insert(Expr::Ref(name.to_owned()))
    }

    #[test]
    fn literals_and_insertions() {
        let template = parse("https://sts.{Region}.{PartitionResult#dnsSuffix}").expect("parses");
        assert_eq!(
            template.parts,
            [
                literal("https://sts."),
                reference("Region"),
                literal("."),
                TemplatePart::Insert(Expr::GetAttr {
                    target: Box::new(Expr::Ref("PartitionResult".into())),
                    path: vec![PathSegment::Key("dnsSuffix".into())],
                }),
            ]
        );
        assert_eq!(template.as_literal(), None);
    }

    #[test]
    fn escaped_braces_are_literal() {
        let template = parse("a{{b}}c{X}}}").expect("parses");
        assert_eq!(
            template.parts,
            [literal("a{b}c"), reference("X"), literal("}")]
        );
        assert_eq!(parse("{{}}").expect("parses").as_literal(), Some("{}"));
        assert_eq!(parse("").expect("parses").as_literal(), Some(""));
    }

    #[test]
    fn unmatched_braces_are_errors() {
        assert_eq!(
            parse("https://{Region").unwrap_err(),
            "template `https://{Region` has an unclosed `{` at offset 8"
        );
        assert_eq!(
            parse("a}b").unwrap_err(),
            "template `a}b` has an unmatched `}` at offset 1 (write `}}` for a literal brace)"
        );
        assert!(parse("{}")
            .unwrap_err()
            .contains("`{}` must name a parameter"));
        assert!(parse("{a b}").unwrap_err().contains("`{a b}` must name"));
    }

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("resourceId[2]").expect("parses"),
            [PathSegment::Key("resourceId".into()), PathSegment::Index(2)]
        );
        assert_eq!(
            parse_path("a.b").expect("parses"),
            [PathSegment::Key("a".into()), PathSegment::Key("b".into())]
        );
        assert_eq!(parse_path("[0]").expect("parses"), [PathSegment::Index(0)]);
        assert_eq!(
            parse_path("a[1].b").unwrap_err(),
            "has an invalid path `a[1].b`: an index may only appear at the end"
        );
        assert!(parse_path("a..b").unwrap_err().contains("empty key"));
        assert!(parse_path("a[x]").unwrap_err().contains("`[digits]`"));
        assert!(parse_path("a[1").unwrap_err().contains("`[digits]`"));
        assert!(parse_path("a-b").unwrap_err().contains("keys are letters"));
    }
}
