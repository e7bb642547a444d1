//! Why configuration could not be loaded.

use std::fmt;
use std::io;
use std::path::PathBuf;

use stsgen_runtime::profile::{FileKind, ProfileParseError};

/// A configuration problem found while loading: an unreadable file named in code, a syntax
/// error in a shared file, or a setting with an invalid value. Messages say which file, line,
/// variable or profile key is at fault; they never include a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A config or credentials file whose path was given in code could not be read. (Files
    /// found through the environment or the default location are skipped when missing, as the
    /// AWS CLI does.)
    ReadFile {
        /// Which of the two files.
        kind: FileKind,
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// A shared file has a syntax error (the error names the file and line).
    Parse(ProfileParseError),
    /// A setting has a value that cannot be used.
    InvalidSetting {
        /// Where the setting came from: ``environment variable `AWS_USE_FIPS_ENDPOINT` `` or
        /// ``setting `use_fips_endpoint` of profile `dev` ``.
        setting: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Background work (reading files) stopped unexpectedly.
    Task(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::ReadFile { kind, path, .. } => {
                write!(f, "could not read the {kind} file `{}`", path.display())
            }
            ConfigError::Parse(error) => write!(f, "invalid shared AWS file: {error}"),
            ConfigError::InvalidSetting { setting, problem } => write!(f, "{setting} {problem}"),
            ConfigError::Task(reason) => write!(f, "loading configuration failed: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::ReadFile { source, .. } => Some(source),
            ConfigError::Parse(error) => Some(error),
            ConfigError::InvalidSetting { .. } | ConfigError::Task(_) => None,
        }
    }
}

impl From<ProfileParseError> for ConfigError {
    fn from(error: ProfileParseError) -> Self {
        ConfigError::Parse(error)
    }
}
