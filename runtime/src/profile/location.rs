//! Where the shared files live and which profile is selected, computed from an [`Env`].
//!
//! Paths are built as text with the separator of the given [`Platform`], so Windows rules can
//! be exercised (and tested) on any host.

use std::path::PathBuf;

use super::env::Env;
use super::set::DEFAULT_PROFILE_NAME;

/// Environment variable overriding the config file path.
pub const CONFIG_FILE_ENV: &str = "AWS_CONFIG_FILE";
/// Environment variable overriding the credentials file path.
pub const CREDENTIALS_FILE_ENV: &str = "AWS_SHARED_CREDENTIALS_FILE";
/// Environment variable selecting the profile.
pub const PROFILE_ENV: &str = "AWS_PROFILE";

/// Path conventions used to find the home directory and join paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// `/` separator; home is `$HOME`.
    Unix,
    /// `\` separator (`/` also accepted when reading); home is `%HOME%`, then `%USERPROFILE%`,
    /// then `%HOMEDRIVE%%HOMEPATH%`.
    Windows,
}

impl Platform {
    /// The platform this program was compiled for.
    pub fn current() -> Self {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }

    fn is_separator(self, c: char) -> bool {
        c == '/' || (self == Platform::Windows && c == '\\')
    }
}

/// Paths of the two shared files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLocations {
    /// The config file (`AWS_CONFIG_FILE`, default `~/.aws/config`).
    pub config_file: PathBuf,
    /// The credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`).
    pub credentials_file: PathBuf,
}

/// Resolve both file paths: the env override if set (non-blank), else the default under
/// `~/.aws/`; a leading `~` component is replaced by the home directory when one is known.
pub fn resolve_locations(env: &Env, platform: Platform) -> FileLocations {
    let home = home_dir(env, platform);
    let resolve = |variable: &str, file_name: &str| {
        let sep = platform.separator();
        let path = match env.get_non_blank(variable) {
            Some(path) => path.to_owned(),
            None => format!("~{sep}.aws{sep}{file_name}"),
        };
        PathBuf::from(expand_home(&path, home.as_deref(), platform))
    };
    FileLocations {
        config_file: resolve(CONFIG_FILE_ENV, "config"),
        credentials_file: resolve(CREDENTIALS_FILE_ENV, "credentials"),
    }
}

/// The selected profile: `AWS_PROFILE` if set (non-blank), else `default`.
pub fn selected_profile_name(env: &Env) -> &str {
    env.get_non_blank(PROFILE_ENV)
        .unwrap_or(DEFAULT_PROFILE_NAME)
}

/// The user's home directory per `platform`'s rules, if the environment names one.
pub fn home_dir(env: &Env, platform: Platform) -> Option<String> {
    if let Some(home) = env.get_non_blank("HOME") {
        return Some(home.to_owned());
    }
    if platform == Platform::Unix {
        return None;
    }
    if let Some(profile) = env.get_non_blank("USERPROFILE") {
        return Some(profile.to_owned());
    }
    match (
        env.get_non_blank("HOMEDRIVE"),
        env.get_non_blank("HOMEPATH"),
    ) {
        (Some(drive), Some(path)) => Some(format!("{drive}{path}")),
        _ => None,
    }
}

/// Replace a first path component of exactly `~` with `home` (`~user/..` is left alone), and
/// re-join the remaining components with the platform separator.
fn expand_home(path: &str, home: Option<&str>, platform: Platform) -> String {
    let mut components = path.split(|c| platform.is_separator(c));
    let (Some("~"), Some(home)) = (components.next(), home) else {
        return path.to_owned();
    };
    let mut expanded = home.to_owned();
    for component in components.filter(|c| !c.is_empty()) {
        if !expanded.ends_with(|c| platform.is_separator(c)) {
            expanded.push(platform.separator());
        }
        expanded.push_str(component);
    }
    expanded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expansion_only_for_a_bare_tilde_component() {
        let home = || Some("/home/u");
        assert_eq!(expand_home("~/a//b", home(), Platform::Unix), "/home/u/a/b");
        assert_eq!(expand_home("~", home(), Platform::Unix), "/home/u");
        assert_eq!(expand_home("~user/a", home(), Platform::Unix), "~user/a");
        assert_eq!(expand_home("/x/~/a", home(), Platform::Unix), "/x/~/a");
        assert_eq!(expand_home("~/a", None, Platform::Unix), "~/a");
        assert_eq!(expand_home("~/a", Some("/"), Platform::Unix), "/a");
        assert_eq!(
            expand_home("~/a\\b", Some("C:\\u"), Platform::Windows),
            "C:\\u\\a\\b"
        );
    }

    #[test]
    fn env_override_with_tilde_is_expanded() {
        let env = Env::from_pairs([("HOME", "/home/u"), (CONFIG_FILE_ENV, "~/cfg/config")]);
        let locations = resolve_locations(&env, Platform::Unix);
        assert_eq!(locations.config_file, PathBuf::from("/home/u/cfg/config"));
        assert_eq!(
            locations.credentials_file,
            PathBuf::from("/home/u/.aws/credentials")
        );
    }

    #[test]
    fn without_home_the_tilde_stays() {
        let env = Env::from_pairs([("USERPROFILE", "C:\\u")]);
        let locations = resolve_locations(&env, Platform::Unix);
        assert_eq!(locations.config_file, PathBuf::from("~/.aws/config"));
    }

    #[test]
    fn blank_profile_variable_selects_default() {
        assert_eq!(
            selected_profile_name(&Env::from_pairs([(PROFILE_ENV, "")])),
            "default"
        );
        assert_eq!(
            selected_profile_name(&Env::from_pairs([(PROFILE_ENV, "x")])),
            "x"
        );
    }
}
