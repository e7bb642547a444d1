//! The `regionRegex` patterns of the partitions data, pre-parsed by the generator.
//!
//! The patterns are tiny and fully anchored (`^(us|eu|ap)\-\w+\-\d+$`), so rather than pull in
//! a regex engine the generator parses each one into [`RegexPiece`]s and this module matches
//! them. Matching tracks every reachable input position piece by piece, so it is linear in
//! the input for each piece and never backtracks exponentially, whatever the region text.

/// A character class: `\w` or `\d` (ASCII, as in Java and smithy-rs' regex engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// `\w`: `A-Z a-z 0-9 _`.
    Word,
    /// `\d`: `0-9`.
    Digit,
}

impl CharClass {
    fn contains(self, byte: u8) -> bool {
        match self {
            CharClass::Word => byte.is_ascii_alphanumeric() || byte == b'_',
            CharClass::Digit => byte.is_ascii_digit(),
        }
    }
}

/// One element of an anchored pattern, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexPiece {
    /// Exactly this text (`us\-` becomes `Literal("us-")`).
    Literal(&'static str),
    /// Any one of these texts: a group of literal alternatives (`(us|eu)`).
    Alternatives(&'static [&'static str]),
    /// One character of the class (`\d`).
    Class(CharClass),
    /// One or more characters of the class (`\w+`).
    OneOrMore(CharClass),
}

/// An anchored pattern (`^...$`): its source text, for messages and docs, and its pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRegex {
    /// The pattern as written in the partitions data.
    pub source: &'static str,
    /// The pattern, parsed.
    pub pieces: &'static [RegexPiece],
}

impl RegionRegex {
    /// Whether the whole of `text` matches the pattern.
    pub fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        // Region names are short: their positions fit a `u128` and matching allocates nothing.
        if bytes.len() < 128 {
            self.run::<u128>(bytes)
        } else {
            self.run::<Vec<bool>>(bytes)
        }
    }

    fn run<S: Positions>(&self, bytes: &[u8]) -> bool {
        // The set holds the positions `i` such that the pieces so far can match `bytes[..i]`.
        let mut reachable = S::empty(bytes.len());
        reachable.insert(0);
        for piece in self.pieces {
            reachable = step(*piece, bytes, &reachable);
            if reachable.is_empty() {
                return false;
            }
        }
        reachable.contains(bytes.len())
    }
}

/// A set of input positions `0..=len`.
trait Positions {
    fn empty(len: usize) -> Self;
    fn insert(&mut self, position: usize);
    fn contains(&self, position: usize) -> bool;
    fn is_empty(&self) -> bool;
}

impl Positions for u128 {
    fn empty(_: usize) -> Self {
        0
    }

    fn insert(&mut self, position: usize) {
        *self |= 1 << position;
    }

    fn contains(&self, position: usize) -> bool {
        *self & (1 << position) != 0
    }

    fn is_empty(&self) -> bool {
        *self == 0
    }
}

impl Positions for Vec<bool> {
    fn empty(len: usize) -> Self {
        vec![false; len + 1]
    }

    fn insert(&mut self, position: usize) {
        self[position] = true;
    }

    fn contains(&self, position: usize) -> bool {
        self[position]
    }

    fn is_empty(&self) -> bool {
        !self.iter().any(|&set| set)
    }
}

/// The positions reachable after `piece`, given those reachable before it.
fn step<S: Positions>(piece: RegexPiece, bytes: &[u8], reachable: &S) -> S {
    let mut next = S::empty(bytes.len());
    let starts = (0..=bytes.len()).filter(|&i| reachable.contains(i));
    match piece {
        RegexPiece::Literal(literal) => {
            for start in starts {
                if bytes[start..].starts_with(literal.as_bytes()) {
                    next.insert(start + literal.len());
                }
            }
        }
        RegexPiece::Alternatives(options) => {
            for start in starts {
                for option in options {
                    if bytes[start..].starts_with(option.as_bytes()) {
                        next.insert(start + option.len());
                    }
                }
            }
        }
        RegexPiece::Class(class) => {
            for start in starts {
                if bytes.get(start).is_some_and(|&b| class.contains(b)) {
                    next.insert(start + 1);
                }
            }
        }
        RegexPiece::OneOrMore(class) => {
            // One sweep: `end` can be reached when some reachable start before it begins a run
            // of class characters that extends to `end`. `furthest` is the furthest such run
            // end seen so far, so the work is linear however many starts there are.
            let mut furthest = 0;
            let mut run_end = 0;
            for position in 0..bytes.len() {
                if run_end <= position {
                    run_end = position
                        + bytes[position..]
                            .iter()
                            .take_while(|&&b| class.contains(b))
                            .count();
                }
                if reachable.contains(position) {
                    furthest = furthest.max(run_end);
                }
                if position < furthest {
                    next.insert(position + 1);
                }
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWS: RegionRegex = RegionRegex {
        source: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        pieces: &[
            RegexPiece::Alternatives(&["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]),
            RegexPiece::Literal("-"),
            RegexPiece::OneOrMore(CharClass::Word),
            RegexPiece::Literal("-"),
            RegexPiece::OneOrMore(CharClass::Digit),
        ],
    };

    const ISO: RegionRegex = RegionRegex {
        source: r"^us\-iso\-\w+\-\d+$",
        pieces: &[
            RegexPiece::Literal("us-iso-"),
            RegexPiece::OneOrMore(CharClass::Word),
            RegexPiece::Literal("-"),
            RegexPiece::OneOrMore(CharClass::Digit),
        ],
    };

    #[test]
    fn aws_pattern() {
        for region in [
            "us-east-1",
            "eu-west-3",
            "mx-central-1",
            "ap-southeast-10",
            "us-a_b-0",
        ] {
            assert!(AWS.is_match(region), "{region}");
        }
        for region in [
            "",
            "us-east-",
            "us--1",
            "us-east-1a",
            "xx-east-1",
            "us-iso-east-1",
            "cn-north-1",
            " us-east-1",
            "us-east-1 ",
            "us-east-１",
        ] {
            assert!(!AWS.is_match(region), "{region}");
        }
    }

    #[test]
    fn literal_prefix_pattern() {
        assert!(ISO.is_match("us-iso-east-1"));
        assert!(ISO.is_match("us-iso-west-12"));
        assert!(!ISO.is_match("us-isob-east-1-"));
        assert!(!ISO.is_match("us-iso-"));
        assert!(!ISO.is_match("us-isoeast-1"));
    }

    #[test]
    fn one_or_more_gives_back_characters_to_later_pieces() {
        // `\w+\d` needs the `+` to stop one short of the run of word characters.
        let pattern = RegionRegex {
            source: r"^\w+\d$",
            pieces: &[
                RegexPiece::OneOrMore(CharClass::Word),
                RegexPiece::Class(CharClass::Digit),
            ],
        };
        assert!(pattern.is_match("abc1"));
        assert!(pattern.is_match("11"));
        assert!(!pattern.is_match("1"));
        assert!(!pattern.is_match("abc"));
    }

    #[test]
    fn alternatives_of_different_lengths() {
        let pattern = RegionRegex {
            source: r"^(a|ab)c$",
            pieces: &[
                RegexPiece::Alternatives(&["a", "ab"]),
                RegexPiece::Literal("c"),
            ],
        };
        assert!(pattern.is_match("ac"));
        assert!(pattern.is_match("abc"));
        assert!(!pattern.is_match("abbc"));
    }

    #[test]
    fn long_inputs_use_the_same_rules() {
        let long_region = format!("us-{}-1", "a".repeat(300));
        assert!(AWS.is_match(&long_region));
        assert!(!AWS.is_match(&format!("{long_region}-")));
        let boundary = format!("us-{}-1", "b".repeat(122));
        assert_eq!(boundary.len(), 127);
        assert!(AWS.is_match(&boundary));
        assert!(AWS.is_match(&format!("us-{}-1", "b".repeat(123))));
    }

    #[test]
    fn long_hostile_input_is_fast() {
        let pattern = RegionRegex {
            source: r"^\w+\w+\w+\w+x$",
            pieces: &[
                RegexPiece::OneOrMore(CharClass::Word),
                RegexPiece::OneOrMore(CharClass::Word),
                RegexPiece::OneOrMore(CharClass::Word),
                RegexPiece::OneOrMore(CharClass::Word),
                RegexPiece::Literal("x"),
            ],
        };
        let text = "a".repeat(20_000);
        assert!(!pattern.is_match(&text));
        assert!(pattern.is_match(&format!("{text}x")));
    }

    #[test]
    fn empty_pattern_matches_only_empty_text() {
        let pattern = RegionRegex {
            source: "^$",
            pieces: &[],
        };
        assert!(pattern.is_match(""));
        assert!(!pattern.is_match("a"));
    }
}
