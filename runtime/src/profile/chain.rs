//! Resolution of a profile into a credential chain: one base credential source followed by
//! the roles to assume with it, following `source_profile` / `credential_source` links.
//!
//! Pure logic: nothing is fetched or assumed here. Rules (cross-SDK `assume-role-tests.json`):
//!
//! * Starting at the selected profile, a profile with `role_arn` (and no
//!   `web_identity_token_file`) is a role step; its source is `source_profile` (another
//!   profile, or itself to use its own keys) or `credential_source` (a named source such as
//!   `Ec2InstanceMetadata`), never both.
//! * Any profile reached through `source_profile` that holds static keys ends the walk with
//!   those keys, even if it also has a `role_arn`; in the first profile `role_arn` wins.
//! * Otherwise a profile is a base source: `credential_source`, then web identity, SSO,
//!   `login_session`, `credential_process`, then static keys.
//! * Property values that are empty (or only spaces/tabs) count as unset.

use std::fmt;

use super::set::{Profile, ProfileSet, DEFAULT_PROFILE_NAME};
use crate::credentials::program_name;

mod key {
    pub(super) const ROLE_ARN: &str = "role_arn";
    pub(super) const SOURCE_PROFILE: &str = "source_profile";
    pub(super) const CREDENTIAL_SOURCE: &str = "credential_source";
    pub(super) const ROLE_SESSION_NAME: &str = "role_session_name";
    pub(super) const EXTERNAL_ID: &str = "external_id";
    pub(super) const DURATION_SECONDS: &str = "duration_seconds";
    pub(super) const MFA_SERIAL: &str = "mfa_serial";
    pub(super) const WEB_IDENTITY_TOKEN_FILE: &str = "web_identity_token_file";
    pub(super) const ACCESS_KEY_ID: &str = "aws_access_key_id";
    pub(super) const SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
    pub(super) const SESSION_TOKEN: &str = "aws_session_token";
    pub(super) const ACCOUNT_ID: &str = "aws_account_id";
    pub(super) const CREDENTIAL_PROCESS: &str = "credential_process";
    pub(super) const LOGIN_SESSION: &str = "login_session";
    pub(super) const SSO_SESSION: &str = "sso_session";
    pub(super) const SSO_REGION: &str = "sso_region";
    pub(super) const SSO_START_URL: &str = "sso_start_url";
    pub(super) const SSO_ACCOUNT_ID: &str = "sso_account_id";
    pub(super) const SSO_ROLE_NAME: &str = "sso_role_name";
}

/// STS accepts role sessions of 15 minutes up to 12 hours.
const DURATION_SECONDS_RANGE: std::ops::RangeInclusive<u32> = 900..=43_200;

const REDACTED: &str = "** redacted **";

/// A resolved profile: where the first credentials come from, then the roles to assume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChain {
    /// The source of the first credentials.
    pub base: BaseCredentials,
    /// Name of the profile `base` was read from.
    pub base_profile: String,
    /// Roles to assume in order, innermost first: each is assumed with the credentials
    /// produced by the previous step (the first with `base`).
    pub chain: Vec<RoleStep>,
}

/// A credential source that needs no other credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseCredentials {
    /// `aws_access_key_id` / `aws_secret_access_key` [/ `aws_session_token`] in the profile.
    AccessKey(StaticKeys),
    /// `credential_source = ...`: credentials from the environment, IMDS or a container.
    NamedSource(CredentialSource),
    /// `web_identity_token_file` + `role_arn`: `AssumeRoleWithWebIdentity`.
    WebIdentityToken {
        /// Role to assume.
        role_arn: String,
        /// Path of the token file (re-read on every refresh).
        token_file: String,
        /// `role_session_name`, if set.
        session_name: Option<String>,
    },
    /// IAM Identity Center (SSO) settings, from the profile or its `[sso-session]`.
    Sso(SsoSource),
    /// `credential_process`: credentials printed by an external command.
    CredentialProcess(CredentialProcess),
    /// `login_session`: an AWS Sign-In console session.
    LoginSession {
        /// ARN of the signed-in principal.
        login_session_arn: String,
    },
}

/// Static keys from a profile. `Debug` redacts the secret key and session token.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticKeys {
    /// `aws_access_key_id`.
    pub access_key_id: String,
    /// `aws_secret_access_key` (secret).
    pub secret_access_key: String,
    /// `aws_session_token` (secret), for temporary keys.
    pub session_token: Option<String>,
    /// `aws_account_id`, if set.
    pub account_id: Option<String>,
}

impl fmt::Debug for StaticKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticKeys")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// The named sources `credential_source` may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialSource {
    /// `Environment`: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables.
    Environment,
    /// `Ec2InstanceMetadata`: the EC2 instance metadata service.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the ECS / EKS container credentials endpoint.
    EcsContainer,
}

impl CredentialSource {
    /// The name as written in a profile.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialSource::Environment => "Environment",
            CredentialSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            CredentialSource::EcsContainer => "EcsContainer",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            CredentialSource::Environment,
            CredentialSource::Ec2InstanceMetadata,
            CredentialSource::EcsContainer,
        ]
        .into_iter()
        .find(|source| source.as_str() == name)
    }
}

/// SSO settings. With `session_name`, `region` and `start_url` come from the
/// `[sso-session]` section (token provider form); without it, from the profile (legacy form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSource {
    /// `sso_session`: name of the `[sso-session]` section, if used.
    pub session_name: Option<String>,
    /// `sso_region`.
    pub region: String,
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_account_id` (set together with `role_name`, or neither).
    pub account_id: Option<String>,
    /// `sso_role_name` (set together with `account_id`, or neither).
    pub role_name: Option<String>,
}

/// `credential_process` settings. `Debug` shows only the program: arguments and leading
/// `NAME=value` assignments may hold secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialProcess {
    /// The full command line as written.
    pub command: String,
    /// `aws_account_id`, used if the process output has none.
    pub account_id: Option<String>,
}

impl fmt::Debug for CredentialProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialProcess")
            .field("program", &program_name(&self.command))
            .field("arguments", &REDACTED)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// One `sts:AssumeRole` call of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleStep {
    /// Profile that defines this step.
    pub profile: String,
    /// `role_arn`.
    pub role_arn: String,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `role_session_name` (the caller generates one when absent).
    pub session_name: Option<String>,
    /// `duration_seconds`, validated to 900..=43200.
    pub duration_seconds: Option<u32>,
    /// `mfa_serial`: the call needs a token code from the user.
    pub mfa_serial: Option<String>,
}

/// Why a profile could not be resolved into a chain. Messages name the profile and the
/// property at fault, never the value of a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileChainError {
    /// There are no profiles at all: profile credentials are not configured.
    NoProfilesDefined,
    /// The `default` profile is selected but absent: profile credentials are not configured.
    NoDefaultProfile,
    /// A profile that was selected or referenced does not exist.
    ProfileNotFound {
        /// The missing profile.
        profile: String,
        /// The profile whose `source_profile` names it; `None` for the selected profile.
        referenced_from: Option<String>,
    },
    /// `source_profile` links lead back to an earlier profile.
    CredentialLoop {
        /// Profiles visited, ending with the repeated one.
        profiles: Vec<String>,
    },
    /// A role profile has both `source_profile` and `credential_source`.
    ConflictingSources {
        /// The profile.
        profile: String,
    },
    /// A role profile has neither `source_profile` nor `credential_source`.
    MissingRoleSource {
        /// The profile.
        profile: String,
    },
    /// `credential_source` names an unknown source.
    UnsupportedCredentialSource {
        /// The profile.
        profile: String,
        /// The value found.
        value: String,
    },
    /// `duration_seconds` is not a number of seconds in 900..=43200.
    InvalidDurationSeconds {
        /// The profile.
        profile: String,
        /// The value found.
        value: String,
    },
    /// Only one of `aws_access_key_id` / `aws_secret_access_key` is set.
    MissingStaticKey {
        /// The profile.
        profile: String,
        /// The key that is missing.
        missing: &'static str,
    },
    /// The profile has no credential settings at all.
    NoCredentials {
        /// The profile.
        profile: String,
    },
    /// `web_identity_token_file` without `role_arn`.
    WebIdentityWithoutRoleArn {
        /// The profile.
        profile: String,
    },
    /// `set` is present but `required`, which must accompany it, is not.
    SsoIncomplete {
        /// The profile.
        profile: String,
        /// The property that is set.
        set: &'static str,
        /// The property that must also be set.
        required: &'static str,
    },
    /// `sso_start_url` / `sso_region` in a profile that uses `sso_session`.
    SsoPropertyOutsideSession {
        /// The profile.
        profile: String,
        /// The misplaced property.
        property: &'static str,
    },
    /// SSO is configured but `sso_region` or `sso_start_url` is missing.
    SsoMissingProperty {
        /// The profile.
        profile: String,
        /// The `[sso-session]` that should hold the property, when the profile uses one.
        sso_session: Option<String>,
        /// The missing property.
        property: &'static str,
    },
    /// `sso_session` names a section that does not exist.
    SsoSessionNotFound {
        /// The profile.
        profile: String,
        /// The `sso_session` value.
        sso_session: String,
    },
    /// A source profile could not provide credentials.
    InvalidSourceProfile {
        /// The source profile.
        profile: String,
        /// What is wrong with it.
        error: Box<ProfileChainError>,
    },
}

impl ProfileChainError {
    /// True when profiles simply are not configured, so a provider chain should move on to
    /// its next source instead of failing.
    pub fn is_not_configured(&self) -> bool {
        matches!(
            self,
            ProfileChainError::NoProfilesDefined | ProfileChainError::NoDefaultProfile
        )
    }
}

impl fmt::Display for ProfileChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ProfileChainError as E;
        match self {
            E::NoProfilesDefined => f.write_str("No profiles were defined"),
            E::NoDefaultProfile => f.write_str(
                "No profiles were defined: no profile is selected and there is no `default` \
                 profile",
            ),
            E::ProfileNotFound {
                profile,
                referenced_from: Some(from),
            } => write!(
                f,
                "could not find source profile {profile} referenced from {from}"
            ),
            E::ProfileNotFound {
                profile,
                referenced_from: None,
            } => write!(f, "the selected profile `{profile}` does not exist"),
            E::CredentialLoop { profiles } => write!(
                f,
                "profile formed an infinite loop: {}",
                profiles.join(" -> ")
            ),
            E::ConflictingSources { profile } => write!(
                f,
                "profile `{profile}` is invalid: profile contained both source_profile and \
                 credential_source; only one of them may be set"
            ),
            E::MissingRoleSource { profile } => write!(
                f,
                "profile `{profile}` sets `role_arn`, so the profile must contain \
                 `source_profile` or `credential_source`, but neither is set"
            ),
            E::UnsupportedCredentialSource { profile, value } => write!(
                f,
                "profile `{profile}` has unsupported credential_source `{value}` (expected \
                 Environment, Ec2InstanceMetadata or EcsContainer)"
            ),
            E::InvalidDurationSeconds { profile, value } => write!(
                f,
                "profile `{profile}` has invalid duration_seconds `{value}`: expected a whole \
                 number of seconds from {} to {}",
                DURATION_SECONDS_RANGE.start(),
                DURATION_SECONDS_RANGE.end()
            ),
            E::MissingStaticKey { profile, missing } => {
                write!(
                    f,
                    "profile `{profile}` is invalid: profile missing {missing}"
                )
            }
            E::NoCredentials { profile } => write!(
                f,
                "profile `{profile}` did not contain credential information (expected \
                 `role_arn`, `credential_source`, `web_identity_token_file`, SSO settings, \
                 `login_session`, `credential_process` or `aws_access_key_id` with \
                 `aws_secret_access_key`)"
            ),
            E::WebIdentityWithoutRoleArn { profile } => write!(
                f,
                "profile `{profile}` is invalid: `web_identity_token_file` was specified but \
                 `role_arn` was missing"
            ),
            E::SsoIncomplete {
                profile,
                set,
                required,
            } => write!(
                f,
                "profile `{profile}` has invalid SSO settings: if `{set}` is set, then \
                 `{required}` must also be set"
            ),
            E::SsoPropertyOutsideSession { profile, property } => write!(
                f,
                "profile `{profile}` has invalid SSO settings: `{property}` can only be \
                 specified in the [sso-session] config when a session name is given"
            ),
            E::SsoMissingProperty {
                profile,
                sso_session: None,
                property,
            } => write!(
                f,
                "profile `{profile}` has incomplete SSO settings: `{property}` is missing"
            ),
            E::SsoMissingProperty {
                profile,
                sso_session: Some(session),
                property,
            } => write!(
                f,
                "sso-session `{session}` (referenced by profile `{profile}`) is missing \
                 `{property}`"
            ),
            E::SsoSessionNotFound {
                profile,
                sso_session,
            } => write!(
                f,
                "sso-session named `{sso_session}` (referenced by profile `{profile}`) was not \
                 found"
            ),
            E::InvalidSourceProfile { profile, error } => {
                write!(f, "could not load source profile `{profile}`: {error}")
            }
        }
    }
}

impl std::error::Error for ProfileChainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ProfileChainError::InvalidSourceProfile { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// Resolve profile `profile_name` of `profiles` into its credential chain.
pub fn resolve_chain(
    profiles: &ProfileSet,
    profile_name: &str,
) -> Result<ProfileChain, ProfileChainError> {
    if profiles.is_empty() {
        return Err(ProfileChainError::NoProfilesDefined);
    }
    if profile_name == DEFAULT_PROFILE_NAME && profiles.profile(profile_name).is_none() {
        return Err(ProfileChainError::NoDefaultProfile);
    }
    let mut visited: Vec<&str> = Vec::new();
    let mut chain = Vec::new();
    let mut name = profile_name;
    let (base, base_profile) = loop {
        let profile = profiles
            .profile(name)
            .ok_or_else(|| ProfileChainError::ProfileNotFound {
                profile: name.to_owned(),
                referenced_from: visited.last().map(|from| (*from).to_owned()),
            })?;
        if visited.contains(&name) {
            let mut loop_names: Vec<String> = visited.iter().map(|n| (*n).to_owned()).collect();
            loop_names.push(name.to_owned());
            return Err(ProfileChainError::CredentialLoop {
                profiles: loop_names,
            });
        }
        visited.push(name);
        let is_source_profile = visited.len() > 1;
        if is_source_profile {
            // Partial keys here are not an error yet: the profile may still be a role step.
            if let Ok(Some(keys)) = static_keys(profile) {
                break (BaseCredentials::AccessKey(keys), profile);
            }
        }
        let next = match role_step(profile)? {
            Some((step, next)) => {
                chain.push(step);
                next
            }
            None => None,
        };
        match next {
            Some(source) => name = source,
            None => {
                let base = base_credentials(profiles, profile).map_err(|error| {
                    if is_source_profile {
                        ProfileChainError::InvalidSourceProfile {
                            profile: profile.name().to_owned(),
                            error: Box::new(error),
                        }
                    } else {
                        error
                    }
                })?;
                break (base, profile);
            }
        }
    };
    chain.reverse();
    Ok(ProfileChain {
        base,
        base_profile: base_profile.name().to_owned(),
        chain,
    })
}

/// A property's value unless it is absent or blank.
fn value<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile
        .get(key)
        .filter(|value| !value.trim_matches([' ', '\t']).is_empty())
}

fn owned(profile: &Profile, key: &str) -> Option<String> {
    value(profile, key).map(str::to_owned)
}

/// The role step defined by `profile`, if it is one, and the name of the profile to continue
/// with (`None`: take the base credentials from this same profile).
fn role_step(profile: &Profile) -> Result<Option<(RoleStep, Option<&str>)>, ProfileChainError> {
    // With a token file, `role_arn` belongs to web identity, a base source.
    if value(profile, key::WEB_IDENTITY_TOKEN_FILE).is_some() {
        return Ok(None);
    }
    let Some(role_arn) = value(profile, key::ROLE_ARN) else {
        return Ok(None);
    };
    let name = profile.name();
    let next = match (
        value(profile, key::SOURCE_PROFILE),
        value(profile, key::CREDENTIAL_SOURCE),
    ) {
        (Some(_), Some(_)) => {
            return Err(ProfileChainError::ConflictingSources {
                profile: name.to_owned(),
            })
        }
        (None, None) => {
            return Err(ProfileChainError::MissingRoleSource {
                profile: name.to_owned(),
            })
        }
        (Some(source), None) if source == name => None,
        (Some(source), None) => Some(source),
        (None, Some(_)) => None,
    };
    let duration_seconds = match value(profile, key::DURATION_SECONDS) {
        None => None,
        Some(text) => Some(
            text.trim_matches([' ', '\t'])
                .parse::<u32>()
                .ok()
                .filter(|seconds| DURATION_SECONDS_RANGE.contains(seconds))
                .ok_or_else(|| ProfileChainError::InvalidDurationSeconds {
                    profile: name.to_owned(),
                    value: text.to_owned(),
                })?,
        ),
    };
    let step = RoleStep {
        profile: name.to_owned(),
        role_arn: role_arn.to_owned(),
        external_id: owned(profile, key::EXTERNAL_ID),
        session_name: owned(profile, key::ROLE_SESSION_NAME),
        duration_seconds,
        mfa_serial: owned(profile, key::MFA_SERIAL),
    };
    Ok(Some((step, next)))
}

/// The base source `profile` defines, in precedence order.
fn base_credentials(
    profiles: &ProfileSet,
    profile: &Profile,
) -> Result<BaseCredentials, ProfileChainError> {
    let name = || profile.name().to_owned();
    if let Some(source) = value(profile, key::CREDENTIAL_SOURCE) {
        return CredentialSource::from_name(source)
            .map(BaseCredentials::NamedSource)
            .ok_or_else(|| ProfileChainError::UnsupportedCredentialSource {
                profile: name(),
                value: source.to_owned(),
            });
    }
    if let Some(token_file) = value(profile, key::WEB_IDENTITY_TOKEN_FILE) {
        let role_arn = value(profile, key::ROLE_ARN)
            .ok_or_else(|| ProfileChainError::WebIdentityWithoutRoleArn { profile: name() })?;
        return Ok(BaseCredentials::WebIdentityToken {
            role_arn: role_arn.to_owned(),
            token_file: token_file.to_owned(),
            session_name: owned(profile, key::ROLE_SESSION_NAME),
        });
    }
    if let Some(sso) = sso_source(profiles, profile)? {
        return Ok(BaseCredentials::Sso(sso));
    }
    if let Some(arn) = owned(profile, key::LOGIN_SESSION) {
        return Ok(BaseCredentials::LoginSession {
            login_session_arn: arn,
        });
    }
    if let Some(command) = owned(profile, key::CREDENTIAL_PROCESS) {
        return Ok(BaseCredentials::CredentialProcess(CredentialProcess {
            command,
            account_id: owned(profile, key::ACCOUNT_ID),
        }));
    }
    match static_keys(profile)? {
        Some(keys) => Ok(BaseCredentials::AccessKey(keys)),
        None => Err(ProfileChainError::NoCredentials { profile: name() }),
    }
}

/// Static keys if the profile has any key setting; an error if only half of the pair is set.
fn static_keys(profile: &Profile) -> Result<Option<StaticKeys>, ProfileChainError> {
    let access_key_id = owned(profile, key::ACCESS_KEY_ID);
    let secret_access_key = owned(profile, key::SECRET_ACCESS_KEY);
    let session_token = owned(profile, key::SESSION_TOKEN);
    let missing = |missing| ProfileChainError::MissingStaticKey {
        profile: profile.name().to_owned(),
        missing,
    };
    match (access_key_id, secret_access_key) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Some(StaticKeys {
            access_key_id,
            secret_access_key,
            session_token,
            account_id: owned(profile, key::ACCOUNT_ID),
        })),
        (None, None) if session_token.is_none() => Ok(None),
        (None, _) => Err(missing(key::ACCESS_KEY_ID)),
        (Some(_), None) => Err(missing(key::SECRET_ACCESS_KEY)),
    }
}

/// SSO settings of `profile`, if it has any `sso_*` property.
fn sso_source(
    profiles: &ProfileSet,
    profile: &Profile,
) -> Result<Option<SsoSource>, ProfileChainError> {
    let session_name = value(profile, key::SSO_SESSION);
    let mut region = value(profile, key::SSO_REGION);
    let mut start_url = value(profile, key::SSO_START_URL);
    let account_id = value(profile, key::SSO_ACCOUNT_ID);
    let role_name = value(profile, key::SSO_ROLE_NAME);
    if [session_name, region, start_url, account_id, role_name]
        .iter()
        .all(Option::is_none)
    {
        return Ok(None);
    }
    let name = || profile.name().to_owned();
    if let Some(session_name) = session_name {
        // With an sso-session, the session owns these two settings.
        for (property, present) in [
            (key::SSO_START_URL, start_url.is_some()),
            (key::SSO_REGION, region.is_some()),
        ] {
            if present {
                return Err(ProfileChainError::SsoPropertyOutsideSession {
                    profile: name(),
                    property,
                });
            }
        }
        let session = profiles.sso_session(session_name).ok_or_else(|| {
            ProfileChainError::SsoSessionNotFound {
                profile: name(),
                sso_session: session_name.to_owned(),
            }
        })?;
        region = value(session, key::SSO_REGION);
        start_url = value(session, key::SSO_START_URL);
    }
    let incomplete = |set, required| ProfileChainError::SsoIncomplete {
        profile: name(),
        set,
        required,
    };
    match (account_id, role_name) {
        (Some(_), None) => return Err(incomplete(key::SSO_ACCOUNT_ID, key::SSO_ROLE_NAME)),
        (None, Some(_)) => return Err(incomplete(key::SSO_ROLE_NAME, key::SSO_ACCOUNT_ID)),
        _ => {}
    }
    let missing = |property| ProfileChainError::SsoMissingProperty {
        profile: name(),
        sso_session: session_name.map(str::to_owned),
        property,
    };
    let region = region.ok_or_else(|| missing(key::SSO_REGION))?;
    let start_url = start_url.ok_or_else(|| missing(key::SSO_START_URL))?;
    Ok(Some(SsoSource {
        session_name: session_name.map(str::to_owned),
        region: region.to_owned(),
        start_url: start_url.to_owned(),
        account_id: account_id.map(str::to_owned),
        role_name: role_name.map(str::to_owned),
    }))
}
