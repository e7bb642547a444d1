//! Which program a `credential_process` command line runs, for errors and `Debug`: the first
//! shell word that is not a `NAME=value` environment assignment. Assignments and arguments are
//! never shown, since they are where tokens and passwords go
//! (`API_TOKEN=… /usr/local/bin/helper --password …`).

/// Shown when the command has no program (it is empty or only assignments).
const NO_PROGRAM: &str = "(no program)";

/// The program word of `command` as written (quotes included), or `(no program)`.
pub(crate) fn program_name(command: &str) -> &str {
    let mut rest = command;
    while let Some((word, after)) = next_word(rest) {
        if !is_assignment(word) {
            return word;
        }
        rest = after;
    }
    NO_PROGRAM
}

/// The first word of `text` and the text after it, splitting at unquoted, unescaped whitespace
/// as `sh` does (an unterminated quote runs to the end), so that a quoted value with spaces
/// is skipped whole rather than half shown.
fn next_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    let mut quote = None;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            // Inside single quotes nothing is special but the closing quote.
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => escaped = true,
            (Some(_), '"') => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => return Some((&text[..index], &text[index..])),
            (None, _) => {}
        }
    }
    Some((text, ""))
}

/// True for `NAME=value` with a valid shell variable name (`[A-Za-z_][A-Za-z0-9_]*`).
fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_the_first_word_that_is_not_an_assignment() {
        let cases = [
            ("/bin/helper --password hunter2", "/bin/helper"),
            ("API_TOKEN=abc123 /bin/helper", "/bin/helper"),
            ("\tA=1  _B2=x\t/bin/helper arg", "/bin/helper"),
            ("A='x y' B=\"p q\\\" r\" C=s\\ t helper", "helper"),
            ("'/opt/my tools/helper' --x", "'/opt/my tools/helper'"),
            ("\"A=1\" helper", "\"A=1\""),
            ("1A=x helper", "1A=x"),
            ("=x helper", "=x"),
            ("A-B=x helper", "A-B=x"),
            ("TOKEN=abc", NO_PROGRAM),
            ("TOKEN='unterminated helper", NO_PROGRAM),
            ("", NO_PROGRAM),
            ("   ", NO_PROGRAM),
        ];
        for (command, expected) in cases {
            assert_eq!(program_name(command), expected, "command {command:?}");
        }
    }
}
