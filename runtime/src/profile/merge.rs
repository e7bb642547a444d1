//! Turns parsed sections of the two files into a [`ProfileSet`], applying the cross-SDK
//! rules for section headers, names and precedence.
//!
//! * Config file: `[profile name]` and `[default]` are profiles; `[sso-session name]` and other
//!   `[prefix name]` sections are kept as sections; any other unprefixed `[name]` is ignored.
//!   If the file has a `[profile default]`, every unprefixed `[default]` in it is ignored.
//! * Credentials file: only unprefixed `[name]` sections, all profiles.
//! * Sections and properties with invalid names are ignored, not errors.
//! * Repeated sections merge; within a file the later property wins, across files the
//!   credentials file wins (it is merged last).

use super::parser::{FileKind, RawSection, WHITESPACE};
use super::set::{ProfileSet, DEFAULT_PROFILE_NAME};

/// Where the properties of one section go.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// A profile; `prefixed` tells `[profile default]` apart from `[default]`.
    Profile {
        name: &'a str,
        prefixed: bool,
    },
    /// A `[prefix name]` section that is not a profile.
    Section {
        prefix: &'a str,
        name: &'a str,
    },
    Ignored,
}

/// Merge the sections of one file into `set`. Call for the config file first, then the
/// credentials file, so credentials values override.
pub(crate) fn merge_file(set: &mut ProfileSet, file: FileKind, sections: &[RawSection<'_>]) {
    let targets: Vec<Target<'_>> = sections
        .iter()
        .map(|section| classify(file, section.header))
        .collect();
    let has_prefixed_default = targets.iter().any(|target| {
        *target
            == Target::Profile {
                name: DEFAULT_PROFILE_NAME,
                prefixed: true,
            }
    });
    for (section, target) in sections.iter().zip(&targets) {
        let destination = match *target {
            Target::Profile {
                name,
                prefixed: false,
            } if file == FileKind::Config
                && name == DEFAULT_PROFILE_NAME
                && has_prefixed_default =>
            {
                continue
            }
            Target::Profile { name, .. } => set.profile_mut(name),
            Target::Section { prefix, name } => set.section_mut(prefix, name),
            Target::Ignored => continue,
        };
        for property in &section.properties {
            if is_valid_identifier(property.key) {
                destination.insert(property.key, property.value.clone());
            }
        }
    }
}

fn classify(file: FileKind, header: &str) -> Target<'_> {
    match file {
        FileKind::Credentials if is_valid_identifier(header) => Target::Profile {
            name: header,
            prefixed: false,
        },
        FileKind::Credentials => Target::Ignored,
        FileKind::Config => match header.split_once(WHITESPACE) {
            Some((prefix, name)) => {
                let name = name.trim_matches(WHITESPACE);
                if !is_valid_identifier(name) {
                    Target::Ignored
                } else if prefix == "profile" {
                    Target::Profile {
                        name,
                        prefixed: true,
                    }
                } else {
                    Target::Section { prefix, name }
                }
            }
            None if header == DEFAULT_PROFILE_NAME => Target::Profile {
                name: header,
                prefixed: false,
            },
            None => Target::Ignored,
        },
    }
}

/// Profile, section and property names: non-empty `[A-Za-z0-9_\-/.%@:+]+`.
fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_config_headers() {
        let config = |h| classify(FileKind::Config, h);
        assert_eq!(
            config("profile foo"),
            Target::Profile {
                name: "foo",
                prefixed: true
            }
        );
        assert_eq!(
            config("default"),
            Target::Profile {
                name: "default",
                prefixed: false
            }
        );
        assert_eq!(
            config("services \t dev"),
            Target::Section {
                prefix: "services",
                name: "dev"
            }
        );
        assert_eq!(config("foo"), Target::Ignored);
        assert_eq!(config("profilefoo"), Target::Ignored);
        assert_eq!(config("profile in valid"), Target::Ignored);
    }

    #[test]
    fn classifies_credentials_headers() {
        let credentials = |h| classify(FileKind::Credentials, h);
        assert_eq!(
            credentials("foo"),
            Target::Profile {
                name: "foo",
                prefixed: false
            }
        );
        assert_eq!(credentials("profile foo"), Target::Ignored);
    }

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("a-Z_0/.%@:+"));
        assert!(!is_valid_identifier(""));
        assert!(!is_valid_identifier("foo!bar"));
        assert!(!is_valid_identifier("é"));
    }
}
