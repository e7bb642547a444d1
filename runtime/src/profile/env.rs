//! A snapshot of environment variables, so profile logic never reads the process
//! environment directly and tests can supply any environment they need.

use std::collections::HashMap;
use std::fmt;

/// A read-only view of environment variables.
///
/// Build it from the process with [`Env::real`] or from literal pairs with [`Env::from_pairs`].
/// Variables whose name or value is not valid UTF-8 are left out of [`Env::real`]: every setting
/// read from the environment here is text.
#[derive(Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// Snapshot of the current process environment.
    pub fn real() -> Self {
        Self::from_pairs(std::env::vars_os().filter_map(|(name, value)| {
            Some((name.into_string().ok()?, value.into_string().ok()?))
        }))
    }

    /// An environment holding exactly `pairs` (later duplicates win).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: pairs
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        }
    }

    /// Value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// Value of `name` if it is set to something other than blank (spaces/tabs only).
    ///
    /// Settings treat a blank variable as unset: an empty path or profile name is never meant.
    pub fn get_non_blank(&self, name: &str) -> Option<&str> {
        self.get(name)
            .filter(|value| !value.trim_matches([' ', '\t']).is_empty())
    }
}

/// Lists variable names only: values may be secrets (`AWS_SECRET_ACCESS_KEY`, tokens).
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Env")
            .field("names", &names)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::Env;

    #[test]
    fn debug_lists_names_without_values() {
        let env = Env::from_pairs([("AWS_SECRET_ACCESS_KEY", "hunter2"), ("HOME", "/h")]);
        assert_eq!(
            format!("{env:?}"),
            r#"Env { names: ["AWS_SECRET_ACCESS_KEY", "HOME"], .. }"#
        );
    }

    #[test]
    fn blank_values_count_as_unset() {
        let env = Env::from_pairs([("A", " \t"), ("B", "x")]);
        assert_eq!(env.get("A"), Some(" \t"));
        assert_eq!(env.get_non_blank("A"), None);
        assert_eq!(env.get_non_blank("B"), Some("x"));
        assert_eq!(env.get_non_blank("C"), None);
    }
}
