//! The merged, in-memory view of the shared files: named sections of properties.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use super::parser::WHITESPACE;

/// Name of the profile used when none is selected.
pub const DEFAULT_PROFILE_NAME: &str = "default";

/// Section prefix of `[sso-session name]` sections in the config file.
pub const SSO_SESSION_PREFIX: &str = "sso-session";

/// Property keys whose values are secrets; `Debug` never shows their values.
const SECRET_KEYS: [&str; 4] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    // Commands can carry tokens or passwords in their arguments.
    "credential_process",
];

/// One named section of properties: a profile, or a prefixed section such as
/// `[sso-session name]` or `[services name]`.
///
/// Keys are case-insensitive: they are stored lower-cased and looked up lower-cased.
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// A section named `name` with the given properties (later duplicate keys win).
    pub fn new<I, K, V>(name: impl Into<String>, properties: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let mut profile = Self {
            name: name.into(),
            properties: BTreeMap::new(),
        };
        for (key, value) in properties {
            profile.insert(key.as_ref(), value.into());
        }
        profile
    }

    fn empty(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    /// The section's name (`foo` for `[profile foo]`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Value of property `key` (case-insensitive), if present.
    ///
    /// A sub-property block (`s3 =` followed by indented lines) is returned as its raw text,
    /// starting with a newline; use [`Profile::sub_property`] to read one entry.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(lower(key).as_ref()).map(String::as_str)
    }

    /// Value of `sub_key` inside the sub-property block `key` (both case-insensitive).
    ///
    /// For `sts =\n  endpoint_url = https://x` in a section, `sub_property("sts", "endpoint_url")`
    /// is `Some("https://x")`. If the sub-key repeats, the last entry wins.
    pub fn sub_property(&self, key: &str, sub_key: &str) -> Option<&str> {
        self.get(key)?.lines().rev().find_map(|line| {
            let (name, value) = line.split_once('=')?;
            name.trim_matches(WHITESPACE)
                .eq_ignore_ascii_case(sub_key)
                .then(|| value.trim_matches(WHITESPACE))
        })
    }

    /// All properties as `(lower-cased key, value)`, sorted by key.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.properties
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// Set a property, replacing any earlier value of the same (case-insensitive) key.
    pub(crate) fn insert(&mut self, key: &str, value: String) {
        self.properties.insert(lower(key).into_owned(), value);
    }
}

/// Shows keys; values are shown except for secret keys, which print as `** redacted **`.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let properties: BTreeMap<&str, &str> = self
            .properties()
            .map(|(key, value)| {
                let shown = if SECRET_KEYS.contains(&key) {
                    "** redacted **"
                } else {
                    value
                };
                (key, shown)
            })
            .collect();
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("properties", &properties)
            .finish()
    }
}

fn lower(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    }
}

/// All profiles and other sections of the config and credentials files, plus the name of the
/// selected profile (`default` unless changed with [`ProfileSet::with_selected_profile`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    /// Prefixed non-profile sections keyed by `(prefix, name)`, e.g. `("sso-session", "dev")`.
    sections: BTreeMap<(String, String), Profile>,
    selected: String,
}

impl Default for ProfileSet {
    fn default() -> Self {
        Self {
            profiles: BTreeMap::new(),
            sections: BTreeMap::new(),
            selected: DEFAULT_PROFILE_NAME.to_owned(),
        }
    }
}

impl ProfileSet {
    /// An empty set selecting the `default` profile.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same set with `name` as the selected profile.
    pub fn with_selected_profile(mut self, name: impl Into<String>) -> Self {
        self.selected = name.into();
        self
    }

    /// Name of the selected profile.
    pub fn selected_profile_name(&self) -> &str {
        &self.selected
    }

    /// The selected profile, if it exists.
    pub fn selected_profile(&self) -> Option<&Profile> {
        self.profile(&self.selected)
    }

    /// The profile called `name` (profile names are case-sensitive).
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// All profiles, sorted by name.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> + '_ {
        self.profiles.values()
    }

    /// True when there are no profiles (other sections do not count).
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The `[sso-session name]` section.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.section(SSO_SESSION_PREFIX, name)
    }

    /// All `[sso-session name]` sections, sorted by name.
    pub fn sso_sessions(&self) -> impl Iterator<Item = &Profile> + '_ {
        self.sections
            .iter()
            .filter(|((prefix, _), _)| prefix == SSO_SESSION_PREFIX)
            .map(|(_, section)| section)
    }

    /// A prefixed non-profile section of the config file, e.g. `section("services", "dev")`
    /// for `[services dev]`.
    pub fn section(&self, prefix: &str, name: &str) -> Option<&Profile> {
        self.sections.get(&(prefix.to_owned(), name.to_owned()))
    }

    /// Add `profile`, replacing any profile of the same name.
    pub fn insert_profile(&mut self, profile: Profile) {
        self.profiles.insert(profile.name.clone(), profile);
    }

    /// Add a `[prefix name]` section (named by `section.name()`), replacing any earlier one.
    pub fn insert_section(&mut self, prefix: impl Into<String>, section: Profile) {
        self.sections
            .insert((prefix.into(), section.name.clone()), section);
    }

    /// The profile called `name`, created empty if missing; for merging files.
    pub(crate) fn profile_mut(&mut self, name: &str) -> &mut Profile {
        self.profiles
            .entry(name.to_owned())
            .or_insert_with(|| Profile::empty(name))
    }

    /// The section `[prefix name]`, created empty if missing; for merging files.
    pub(crate) fn section_mut(&mut self, prefix: &str, name: &str) -> &mut Profile {
        self.sections
            .entry((prefix.to_owned(), name.to_owned()))
            .or_insert_with(|| Profile::empty(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive() {
        let profile = Profile::new("p", [("Region", "us-east-1"), ("REGION", "eu-west-1")]);
        assert_eq!(profile.get("region"), Some("eu-west-1"));
        assert_eq!(profile.get("rEgIoN"), Some("eu-west-1"));
        assert_eq!(
            profile.properties().collect::<Vec<_>>(),
            vec![("region", "eu-west-1")]
        );
    }

    #[test]
    fn sub_properties_are_split_on_demand() {
        let profile = Profile::new(
            "dev",
            [("sts", "\nendpoint_url = https://a=b\nOther = x\nother = y")],
        );
        assert_eq!(
            profile.sub_property("sts", "endpoint_url"),
            Some("https://a=b")
        );
        assert_eq!(profile.sub_property("STS", "OTHER"), Some("y"));
        assert_eq!(profile.sub_property("sts", "missing"), None);
        assert_eq!(profile.sub_property("s3", "endpoint_url"), None);
    }

    #[test]
    fn sections_are_found_by_prefix_and_name() {
        let mut set = ProfileSet::new();
        set.insert_section("services", Profile::new("dev", [("sts", "\nx = 1")]));
        set.insert_section(
            SSO_SESSION_PREFIX,
            Profile::new("dev", [("sso_region", "r")]),
        );
        assert_eq!(
            set.section("services", "dev").and_then(|s| s.get("sts")),
            Some("\nx = 1")
        );
        assert_eq!(
            set.sso_session("dev").and_then(|s| s.get("sso_region")),
            Some("r")
        );
        assert_eq!(set.sso_sessions().count(), 1);
        assert!(set.is_empty());
        assert_eq!(set.selected_profile_name(), "default");
    }
}
