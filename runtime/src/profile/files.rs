//! Reading the two shared files from disk (the only I/O in this module tree).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::env::Env;
use super::location::{
    resolve_locations, selected_profile_name, Platform, CONFIG_FILE_ENV, CREDENTIALS_FILE_ENV,
};
use super::merge::merge_file;
use super::parser::{parse, FileKind, ProfileParseError};
use super::set::{ProfileSet, DEFAULT_PROFILE_NAME};

/// The text of one shared file and where it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path it was read from; `None` for text supplied directly.
    pub path: Option<PathBuf>,
    /// The file's full text.
    pub contents: String,
}

/// Shows the path and size only: the contents hold secret keys.
impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("len", &self.contents.len())
            .finish_non_exhaustive()
    }
}

/// What was read of the config and credentials files.
///
/// A file that is absent or unreadable is `None`: a missing shared file is normal and means
/// "no profiles from here". Problems worth telling the user about are collected in `warnings`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFiles {
    /// The config file, if it could be read.
    pub config: Option<SourceFile>,
    /// The credentials file, if it could be read.
    pub credentials: Option<SourceFile>,
    /// Profile selected by the environment (`AWS_PROFILE`, else `default`).
    pub selected_profile: String,
    /// Human-readable notes about files that were skipped (never their contents).
    pub warnings: Vec<String>,
}

/// No files, selecting the `default` profile.
impl Default for ProfileFiles {
    fn default() -> Self {
        Self {
            config: None,
            credentials: None,
            selected_profile: DEFAULT_PROFILE_NAME.to_owned(),
            warnings: Vec::new(),
        }
    }
}

impl ProfileFiles {
    /// Read both files at the locations `env` gives for `platform`.
    ///
    /// A missing file is silently skipped unless its path came from the environment
    /// (`AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), which earns a warning; unreadable or
    /// non-UTF-8 files are skipped with a warning. This does blocking file I/O on two small
    /// files.
    pub fn read(env: &Env, platform: Platform) -> Self {
        let locations = resolve_locations(env, platform);
        let mut warnings = Vec::new();
        let config = read_one(
            FileKind::Config,
            &locations.config_file,
            env.get_non_blank(CONFIG_FILE_ENV).is_some(),
            &mut warnings,
        );
        let credentials = read_one(
            FileKind::Credentials,
            &locations.credentials_file,
            env.get_non_blank(CREDENTIALS_FILE_ENV).is_some(),
            &mut warnings,
        );
        Self {
            config,
            credentials,
            selected_profile: selected_profile_name(env).to_owned(),
            warnings,
        }
    }

    /// Parse and merge the files into a [`ProfileSet`] selecting `self.selected_profile`.
    pub fn parse(&self) -> Result<ProfileSet, ProfileParseError> {
        let mut set = ProfileSet::new().with_selected_profile(self.selected_profile.clone());
        for (kind, file) in [
            (FileKind::Config, &self.config),
            (FileKind::Credentials, &self.credentials),
        ] {
            if let Some(file) = file {
                merge_text(&mut set, kind, &file.contents, file.path.as_deref())?;
            }
        }
        Ok(set)
    }
}

/// Parse one file's text and merge it into `set`, reporting errors against `kind` and `path`.
pub(crate) fn merge_text(
    set: &mut ProfileSet,
    kind: FileKind,
    text: &str,
    path: Option<&Path>,
) -> Result<(), ProfileParseError> {
    let sections =
        parse(text).map_err(|(line, error)| ProfileParseError::new(kind, path, line, error))?;
    merge_file(set, kind, &sections);
    Ok(())
}

fn read_one(
    kind: FileKind,
    path: &Path,
    from_env: bool,
    warnings: &mut Vec<String>,
) -> Option<SourceFile> {
    let shown = path.display();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(contents) => Some(SourceFile {
                path: Some(path.to_path_buf()),
                contents,
            }),
            Err(error) => {
                warnings.push(format!(
                    "{kind} file `{shown}` is not valid UTF-8 (byte offset {}); ignoring it",
                    error.utf8_error().valid_up_to()
                ));
                None
            }
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if from_env {
                warnings.push(format!(
                    "{kind} file `{shown}` (set in the environment) does not exist; ignoring it"
                ));
            }
            None
        }
        Err(error) => {
            warnings.push(format!(
                "could not read {kind} file `{shown}`: {error}; ignoring it"
            ));
            None
        }
    }
}
