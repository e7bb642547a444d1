//! `credential_process`: credentials printed as JSON by an external command.
//!
//! The command runs through the platform shell (`sh -c` on Unix, `cmd /C` on Windows), as the
//! AWS CLI does, with no standard input. Its standard error goes to this process's standard
//! error so that the user sees the command's own messages (for example "please log in again");
//! its standard output must be a JSON document:
//!
//! ```json
//! { "Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…",
//!   "SessionToken": "…", "Expiration": "2026-01-01T00:00:00Z" }
//! ```
//!
//! `SessionToken` and `Expiration` are optional. Errors name the program (never its arguments
//! or leading `NAME=value` environment assignments, which may hold secrets) and never quote the
//! output.
//!
//! The command runs as a child process that is killed when the fetch is dropped, for example
//! when a [`CachedCredentialsProvider`](super::CachedCredentialsProvider)'s load timeout fires:
//! a command that never exits does not outlive the request that started it. (Processes the
//! command itself starts in the background are its own business.)

mod json;
mod program;

use std::fmt;
use std::process::{Output, Stdio};

use tokio::process::Command;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::datetime::{DateTime, Format};
use json::{parse_object, JsonValue};
pub(crate) use program::program_name;

const PROVIDER: &str = "credential_process";

/// The only output format version defined.
const SUPPORTED_VERSION: &str = "1";

/// Runs a `credential_process` command on every fetch (wrap it in a
/// [`CachedCredentialsProvider`](super::CachedCredentialsProvider) to reuse its output until it
/// expires).
#[derive(Clone)]
pub struct CredentialProcessProvider {
    command: String,
}

impl CredentialProcessProvider {
    /// A provider running `command` (a full command line, as in the profile setting).
    pub fn new(command: impl Into<String>) -> Self {
        CredentialProcessProvider {
            command: command.into(),
        }
    }

    /// The program the command runs, which is all errors and `Debug` show of it.
    fn program(&self) -> &str {
        program_name(&self.command)
    }

    /// Runs the command and reads its output.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        super::cache::loading(PROVIDER, self.run()).await
    }

    async fn run(&self) -> Result<Credentials, CredentialsError> {
        if self.command.trim().is_empty() {
            return Err(CredentialsError::invalid_configuration(
                PROVIDER,
                "the credential_process command is empty",
            ));
        }
        let output = run(&self.command).await.map_err(|error| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("could not run credential_process `{}`", self.program()),
                error,
            )
        })?;
        if !output.status.success() {
            return Err(self.failed(format!("exited with {}", output.status)));
        }
        let text = String::from_utf8(output.stdout)
            .map_err(|_| self.failed("printed output that is not UTF-8".to_owned()))?;
        parse_output(&text).map_err(|reason| self.failed(reason))
    }

    fn failed(&self, reason: String) -> CredentialsError {
        CredentialsError::invalid_configuration(
            PROVIDER,
            format!("credential_process `{}` {reason}", self.program()),
        )
    }
}

#[cfg(not(windows))]
fn shell(command: &str) -> Command {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command);
    shell
}

#[cfg(windows)]
fn shell(command: &str) -> Command {
    let mut shell = Command::new("cmd");
    shell.arg("/C").arg(command);
    shell
}

/// Runs `command` to completion. Dropping the future kills the child, so an abandoned fetch
/// leaves no process behind.
async fn run(command: &str) -> std::io::Result<Output> {
    shell(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()?
        .wait_with_output()
        .await
}

/// Credentials from the command's output; the error says what was wrong without quoting it.
fn parse_output(text: &str) -> Result<Credentials, String> {
    let members =
        parse_object(text).map_err(|error| format!("printed output that is not valid: {error}"))?;
    let field = |name: &str| {
        members
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    };
    match field("Version") {
        Some(JsonValue::Number(version)) if version == SUPPORTED_VERSION => {}
        Some(JsonValue::Number(version)) => {
            return Err(format!(
                "printed `Version` {version}; only version {SUPPORTED_VERSION} is supported"
            ))
        }
        Some(_) => return Err("printed a `Version` that is not a number".to_owned()),
        None => return Err("printed no `Version`".to_owned()),
    }
    let string = |name: &str, required: bool| match field(name) {
        Some(JsonValue::String(value)) if !value.is_empty() => Ok(Some(value.clone())),
        None | Some(JsonValue::Null) if !required => Ok(None),
        None => Err(format!("printed no `{name}`")),
        Some(_) => Err(format!("printed a `{name}` that is not a non-empty string")),
    };
    let access_key_id = string("AccessKeyId", true)?.unwrap_or_default();
    let secret_access_key = string("SecretAccessKey", true)?.unwrap_or_default();
    let session_token = string("SessionToken", false)?;
    let mut credentials = Credentials::new(access_key_id, secret_access_key, session_token)
        .with_provider_name(PROVIDER);
    if let Some(expiration) = string("Expiration", false)? {
        let expiry = DateTime::parse(Format::DateTime, &expiration)
            .map_err(|_| "printed an `Expiration` that is not an RFC 3339 timestamp".to_owned())?;
        credentials = credentials.with_expiry(expiry);
    }
    Ok(credentials)
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// Shows only the program: arguments may carry tokens or passwords.
impl fmt::Debug for CredentialProcessProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialProcessProvider")
            .field("program", &self.program())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_output_becomes_expiring_credentials() {
        let credentials = parse_output(
            r#"{"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s3cr3t",
                "SessionToken": "tok", "Expiration": "2026-05-01T12:00:00Z", "Extra": [1]}"#,
        );
        let expected = Credentials::new("ASIAEXAMPLE", "s3cr3t", Some("tok".to_owned()))
            .with_provider_name(PROVIDER)
            .with_expiry(DateTime::from_secs(1_777_636_800));
        assert_eq!(credentials, Ok(expected));
    }

    #[test]
    fn token_and_expiration_are_optional() {
        let credentials = parse_output(
            r#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "SessionToken": null}"#,
        );
        assert_eq!(
            credentials,
            Ok(Credentials::new("AKID", "s", None).with_provider_name(PROVIDER))
        );
    }

    #[test]
    fn bad_output_is_described_without_quoting_it() {
        let cases = [
            (
                r#"{"AccessKeyId": "A", "SecretAccessKey": "SECRET"}"#,
                "printed no `Version`",
            ),
            (
                r#"{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "SECRET"}"#,
                "printed `Version` 2; only version 1 is supported",
            ),
            (
                r#"{"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "SECRET"}"#,
                "printed a `Version` that is not a number",
            ),
            (
                r#"{"Version": 1, "SecretAccessKey": "SECRET"}"#,
                "printed no `AccessKeyId`",
            ),
            (
                r#"{"Version": 1, "AccessKeyId": "A"}"#,
                "printed no `SecretAccessKey`",
            ),
            (
                r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 5}"#,
                "printed a `SecretAccessKey` that is not a non-empty string",
            ),
            (
                r#"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "SECRET",
                    "Expiration": "SECRET-ish"}"#,
                "printed an `Expiration` that is not an RFC 3339 timestamp",
            ),
            (
                r#"{"Version": 1, "SecretAccessKey": "SECRET" "#,
                "printed output that is not valid: expected ',' or '}' after an object \
                 member at byte 43",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_output(text).err().as_deref(),
                Some(expected),
                "for {text}"
            );
        }
    }

    #[test]
    fn debug_shows_only_the_program() {
        let provider = CredentialProcessProvider::new("/bin/get-creds --password hunter2");
        assert_eq!(
            format!("{provider:?}"),
            "CredentialProcessProvider { program: \"/bin/get-creds\", .. }"
        );
        let assigned = CredentialProcessProvider::new("API_TOKEN=abc123 /bin/helper");
        assert_eq!(
            format!("{assigned:?}"),
            "CredentialProcessProvider { program: \"/bin/helper\", .. }"
        );
    }
}
