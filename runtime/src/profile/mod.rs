//! Shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`).
//!
//! Pure logic in small steps, each usable and testable on its own:
//!
//! 1. [`resolve_locations`] / [`selected_profile_name`]: file paths and profile name from an
//!    [`Env`] (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_PROFILE`, home directory
//!    rules per [`Platform`]).
//! 2. [`ProfileFiles::read`]: the only file I/O; missing files are simply absent.
//! 3. [`parse_profile_files`] / [`ProfileFiles::parse`]: the cross-SDK file format, merged
//!    into a [`ProfileSet`]; syntax errors name the file and line ([`ProfileParseError`]).
//! 4. [`resolve_chain`]: a profile's credential chain ([`ProfileChain`]: a base source and
//!    the roles to assume), without contacting any service.
//!
//! ```
//! use stsgen_runtime::profile::{parse_profile_files, resolve_chain, BaseCredentials};
//!
//! let config = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\n\
//!               source_profile = base\n";
//! let credentials = "[base]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n";
//! let profiles = parse_profile_files(Some(config), Some(credentials))?;
//! let chain = resolve_chain(&profiles, "dev")?;
//! assert!(matches!(chain.base, BaseCredentials::AccessKey(_)));
//! assert_eq!(chain.chain[0].role_arn, "arn:aws:iam::123456789012:role/Dev");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Secrets (secret keys, session tokens, `credential_process` commands, file contents) never
//! appear in `Debug` output or error messages.

mod chain;
mod env;
mod files;
mod location;
mod merge;
mod parser;
mod set;

pub use chain::{
    resolve_chain, BaseCredentials, CredentialProcess, CredentialSource, ProfileChain,
    ProfileChainError, RoleStep, SsoSource, StaticKeys,
};
pub use env::Env;
pub use files::{ProfileFiles, SourceFile};
pub use location::{
    home_dir, resolve_locations, selected_profile_name, FileLocations, Platform, CONFIG_FILE_ENV,
    CREDENTIALS_FILE_ENV, PROFILE_ENV,
};
pub use parser::{FileKind, ParseErrorKind, ProfileParseError};
pub use set::{Profile, ProfileSet, DEFAULT_PROFILE_NAME, SSO_SESSION_PREFIX};

/// Parse the text of the config and credentials files (either may be absent) into one
/// [`ProfileSet`] selecting `default`. Credentials-file values win over config-file values.
pub fn parse_profile_files(
    config: Option<&str>,
    credentials: Option<&str>,
) -> Result<ProfileSet, ProfileParseError> {
    let mut set = ProfileSet::new();
    if let Some(text) = config {
        files::merge_text(&mut set, FileKind::Config, text, None)?;
    }
    if let Some(text) = credentials {
        files::merge_text(&mut set, FileKind::Credentials, text, None)?;
    }
    Ok(set)
}

/// Read and parse the shared files located through `env` on this platform, selecting the
/// profile `env` names. Missing files count as empty; [`ProfileFiles::read`] also reports
/// warnings about skipped files, which this shortcut drops. Blocking (two small file reads).
pub fn load(env: &Env) -> Result<ProfileSet, ProfileParseError> {
    ProfileFiles::read(env, Platform::current()).parse()
}
