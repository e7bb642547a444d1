//! The service-agnostic credential providers: environment variables, `credential_process`
//! (with real shell scripts, including one that never exits) and the provider chain.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use stsgen_runtime::credentials::{
    CachedCredentialsProvider, CredentialProcessProvider, Credentials, CredentialsError,
    CredentialsErrorKind, CredentialsProviderChain, EnvironmentProvider, ProvideCredentials,
    ProvideCredentialsFuture,
};
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::profile::{CredentialProcess, Env};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLETOKEN";

fn env(pairs: &[(&str, &str)]) -> EnvironmentProvider {
    EnvironmentProvider::new(Env::from_pairs(pairs.iter().copied()))
}

fn error_of(result: Result<Credentials, CredentialsError>) -> CredentialsError {
    match result {
        Ok(credentials) => panic!("expected an error, got {credentials:?}"),
        Err(error) => error,
    }
}

fn credentials_of(result: Result<Credentials, CredentialsError>) -> Credentials {
    match result {
        Ok(credentials) => credentials,
        Err(error) => panic!("expected credentials, got {}", full_message(&error)),
    }
}

/// The message and every source, as a user printing the whole chain would see it.
fn full_message(error: &CredentialsError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

// --- environment -----------------------------------------------------------------------------

#[test]
fn environment_keys_and_token_become_credentials() {
    let provider = env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", TOKEN),
    ]);
    let expected = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()))
        .with_provider_name("environment");
    assert_eq!(credentials_of(provider.credentials()), expected);
}

#[test]
fn environment_blank_token_is_unset_and_legacy_secret_name_is_read() {
    let provider = env(&[
        ("AWS_ACCESS_KEY_ID", " AKID "),
        ("SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", " \t"),
    ]);
    let expected = Credentials::new("AKID", SECRET, None).with_provider_name("environment");
    assert_eq!(credentials_of(provider.credentials()), expected);
}

#[test]
fn environment_without_keys_is_not_loaded() {
    for pairs in [
        &[][..],
        &[("AWS_ACCESS_KEY_ID", "  ")][..],
        &[("AWS_SESSION_TOKEN", TOKEN)][..],
    ] {
        let error = error_of(env(pairs).credentials());
        assert_eq!(error.kind(), CredentialsErrorKind::NotLoaded);
        assert_eq!(
            error.to_string(),
            "no credentials loaded by the `environment` provider: AWS_ACCESS_KEY_ID is not set"
        );
    }
}

#[test]
fn environment_half_a_key_pair_is_an_error_naming_the_missing_variable() {
    let error = error_of(env(&[("AWS_ACCESS_KEY_ID", "AKID")]).credentials());
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(
        error.to_string(),
        "the `environment` credentials provider failed: AWS_ACCESS_KEY_ID is set but \
         AWS_SECRET_ACCESS_KEY is not"
    );
    let error = error_of(env(&[("AWS_SECRET_ACCESS_KEY", SECRET)]).credentials());
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(
        error.to_string(),
        "the `environment` credentials provider failed: AWS_SECRET_ACCESS_KEY is set but \
         AWS_ACCESS_KEY_ID is not"
    );
    assert!(!full_message(&error).contains(SECRET));
}

#[test]
fn environment_provider_debug_shows_only_which_variables_are_set() {
    let provider = env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ]);
    assert_eq!(
        format!("{provider:?}"),
        "EnvironmentProvider { access_key_id_set: true, secret_access_key_set: true, \
         session_token_set: false }"
    );
}

// --- credential_process ----------------------------------------------------------------------

/// A fresh directory for one test's scripts, under the system temp directory.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stsgen-creds-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes an executable shell script and returns its path.
#[cfg(unix)]
fn script(dir: &std::path::Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_owned()
}

// The scripts below are POSIX shell; CI runs on Linux.
#[cfg(unix)]
#[tokio::test]
async fn credential_process_script_output_becomes_credentials() {
    let dir = scratch_dir("process-ok");
    let path = script(
        &dir,
        "creds.sh",
        &format!(
            r#"cat <<'JSON'
{{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "{SECRET}",
  "SessionToken": "{TOKEN}", "Expiration": "2030-01-02T03:04:05Z"}}
JSON"#
        ),
    );
    // Arguments go through the shell like the AWS CLI passes them.
    let provider = CredentialProcessProvider::new(format!("{path} --profile 'dev account'"));
    let expected = Credentials::new("ASIAPROCESS", SECRET, Some(TOKEN.to_owned()))
        .with_provider_name("credential_process")
        .with_expiry(DateTime::from_secs(1_893_553_445));
    assert_eq!(
        credentials_of(provider.provide_credentials().await),
        expected
    );
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_failure_names_the_program_but_not_its_arguments() {
    let dir = scratch_dir("process-exit");
    let path = script(&dir, "fail.sh", "echo 'partial output' ; exit 3");
    let provider = CredentialProcessProvider::new(format!("{path} --password {SECRET}"));
    let error = error_of(provider.provide_credentials().await);
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(error.provider(), "credential_process");
    assert_eq!(
        full_message(&error),
        format!(
            "the `credential_process` credentials provider failed: credential_process \
             `{path}` exited with exit status: 3"
        )
    );
    assert!(!format!("{provider:?}").contains(SECRET));
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_bad_output_is_reported_without_echoing_it() {
    let dir = scratch_dir("process-bad");
    let path = script(
        &dir,
        "bad.sh",
        &format!(r#"echo '{{"Version": 1, "AccessKeyId": "ASIA", "SecretAccessKey": "{SECRET}"'"#),
    );
    let error = error_of(
        CredentialProcessProvider::new(path.clone())
            .provide_credentials()
            .await,
    );
    let message = full_message(&error);
    assert_eq!(
        message,
        format!(
            "the `credential_process` credentials provider failed: credential_process \
             `{path}` printed output that is not valid: expected ',' or '}}' after an object \
             member at byte 100"
        )
    );
    assert!(!message.contains(SECRET));
}

#[tokio::test]
async fn credential_process_with_a_missing_program_or_empty_command_is_an_error() {
    let error = error_of(
        CredentialProcessProvider::new("/nonexistent/stsgen-no-such-program")
            .provide_credentials()
            .await,
    );
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    // The shell starts but cannot find the program: exit status 127.
    assert_eq!(
        error.to_string(),
        "the `credential_process` credentials provider failed: credential_process \
         `/nonexistent/stsgen-no-such-program` exited with exit status: 127"
    );
    let empty = error_of(
        CredentialProcessProvider::new("  ")
            .provide_credentials()
            .await,
    );
    assert_eq!(
        empty.to_string(),
        "the `credential_process` credentials provider failed: the credential_process command \
         is empty"
    );
}

#[tokio::test]
async fn credential_process_leading_variable_assignments_are_never_shown() {
    // `NAME=value` words before the program set its environment; they often carry tokens.
    let cases = [
        (
            "API_TOKEN=abc123 /nonexistent/stsgen-helper --flag",
            "/nonexistent/stsgen-helper",
        ),
        (
            "API_TOKEN='abc123 more' _X1=\"abc123 \\\" quoted\" /nonexistent/stsgen-helper",
            "/nonexistent/stsgen-helper",
        ),
        (
            "API_TOKEN=abc\\ 123 '/nonexistent/stsgen helper' abc123",
            "'/nonexistent/stsgen helper'",
        ),
        ("  API_TOKEN=abc123  ", "(no program)"),
    ];
    for (command, program) in cases {
        let provider = CredentialProcessProvider::new(command);
        let debug = format!("{provider:?} {provider:#?}");
        assert_eq!(
            format!("{provider:?}"),
            format!("CredentialProcessProvider {{ program: {program:?}, .. }}"),
            "command {command}"
        );
        let error = error_of(provider.provide_credentials().await);
        let message = full_message(&error);
        assert!(
            message.starts_with(&format!(
                "the `credential_process` credentials provider failed: credential_process \
                 `{program}` "
            )),
            "command {command}: {message}"
        );
        let profile = CredentialProcess {
            command: command.to_owned(),
            account_id: None,
        };
        let profile_debug = format!("{profile:?}");
        assert_eq!(
            profile_debug,
            format!(
                "CredentialProcess {{ program: {program:?}, arguments: \"** redacted **\", \
                 account_id: None }}"
            )
        );
        for text in [debug, message, profile_debug] {
            assert!(
                !text.contains("abc") && !text.contains("123"),
                "command {command}: {text}"
            );
        }
    }
}

/// The state letter of process `pid` from `/proc` (`R`, `S`, `Z`…), or `None` once it is gone.
#[cfg(target_os = "linux")]
fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The state follows the parenthesised command name.
    stat.rsplit_once(") ")?.1.chars().next()
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn credential_process_that_never_exits_is_killed_when_the_load_times_out() {
    let dir = scratch_dir("process-timeout");
    let pid_file = dir.join("pid");
    // `exec` so that the pid written is the one of the process that sleeps.
    let command = format!("echo $$ > '{}'; exec sleep 60", pid_file.display());
    let cache = CachedCredentialsProvider::new(Arc::new(CredentialProcessProvider::new(command)))
        .with_load_timeout(Duration::from_millis(500));

    let started = Instant::now();
    let error = error_of(cache.provide_credentials().await);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(
        error.to_string(),
        "the `credential_process` credentials provider failed: loading credentials did not \
         finish within the load timeout of 500ms and was abandoned"
    );

    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let pid = pid.trim();
    assert!(!pid.is_empty(), "the command wrote no pid");
    // Killed at once; reaping (which removes the zombie) happens in the background.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut state = process_state(pid);
    while matches!(state, Some(letter) if letter != 'Z') && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        state = process_state(pid);
    }
    assert!(
        matches!(state, None | Some('Z')),
        "`sleep 60` (pid {pid}) is still running: state {state:?}"
    );
}

// --- chain -----------------------------------------------------------------------------------

/// Answers with a fixed result and counts calls.
#[derive(Debug)]
struct Fixed {
    result: Result<Credentials, CredentialsError>,
    calls: AtomicUsize,
}

impl Fixed {
    fn new(result: Result<Credentials, CredentialsError>) -> Arc<Fixed> {
        Arc::new(Fixed {
            result,
            calls: AtomicUsize::new(0),
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Fixed {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = self.result.clone();
        Box::pin(async move { result })
    }
}

#[tokio::test]
async fn chain_skips_not_loaded_and_returns_the_first_credentials() {
    let first = Fixed::new(Err(CredentialsError::not_loaded("one", "nothing here")));
    let second = Fixed::new(Ok(Credentials::new("AKID2", "s2", None)));
    let third = Fixed::new(Ok(Credentials::new("AKID3", "s3", None)));
    let chain = CredentialsProviderChain::new()
        .or_else("one", first.clone())
        .or_else("two", second.clone())
        .or_else("three", third.clone());
    assert_eq!(chain.names(), vec!["one", "two", "three"]);
    let credentials = chain.provide_credentials().await;
    assert_eq!(
        credentials_of(credentials),
        Credentials::new("AKID2", "s2", None)
    );
    assert_eq!((first.calls(), second.calls(), third.calls()), (1, 1, 0));
}

#[tokio::test]
async fn chain_stops_at_a_provider_error() {
    let failing = Fixed::new(Err(CredentialsError::invalid_configuration(
        "profile",
        "profile `dev` is broken",
    )));
    let later = Fixed::new(Ok(Credentials::new("AKID", "s", None)));
    let chain = CredentialsProviderChain::new()
        .or_else("environment", Arc::new(env(&[])))
        .or_else("profile", failing.clone())
        .or_else("later", later.clone());
    let error = error_of(chain.provide_credentials().await);
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(error.provider(), "profile");
    assert_eq!(
        error.to_string(),
        "the `profile` credentials provider failed: profile `dev` is broken"
    );
    assert_eq!((failing.calls(), later.calls()), (1, 0));
}

#[tokio::test]
async fn chain_with_nothing_configured_lists_what_each_provider_looked_for() {
    let chain = CredentialsProviderChain::new()
        .or_else("environment", Arc::new(env(&[])))
        .or_else(
            "profile",
            Fixed::new(Err(CredentialsError::not_loaded(
                "profile",
                "no profiles defined",
            ))),
        );
    let error = error_of(chain.provide_credentials().await);
    assert_eq!(error.kind(), CredentialsErrorKind::NotLoaded);
    assert_eq!(
        error.to_string(),
        "no credentials loaded by the `chain` provider: no provider had credentials \
         (environment: AWS_ACCESS_KEY_ID is not set; profile: no profiles defined)"
    );
    let empty = error_of(CredentialsProviderChain::new().provide_credentials().await);
    assert_eq!(
        empty.to_string(),
        "no credentials loaded by the `chain` provider: the chain has no providers"
    );
}

#[test]
fn shared_providers_are_providers_and_debug_never_shows_secrets() {
    let shared: Arc<dyn ProvideCredentials> =
        Arc::new(Credentials::new("AKID", SECRET, Some(TOKEN.to_owned())));
    let chain = CredentialsProviderChain::new().or_else("static", shared);
    let text = format!("{chain:?}");
    assert!(
        text.starts_with("{\"static\": Credentials { provider_name: \"static\""),
        "{text}"
    );
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}
