//! End-to-end tests of `stsgen-config` against moto: credentials from an assume-role profile
//! and from a web identity token file, obtained through our own STS client, then used to sign
//! a `GetCallerIdentity` that moto attributes to the assumed role.
//!
//! Every test builds an explicit environment (`HOME` and the file variables point into a
//! scratch directory), so neither the process environment nor the developer's `~/.aws` is read.
//! When moto is not installed the tests fail with the harness's message naming
//! `scripts/install-moto.sh`.

use std::path::PathBuf;

use sts::primitives::DateTime;
use stsgen_config::ConfigLoader;
use stsgen_runtime::credentials::Credentials;
use stsgen_runtime::profile::Env;
use stsgen_tests::moto::MotoServer;

/// The account moto uses for callers and roles it does not know otherwise.
const ACCOUNT: &str = "123456789012";
/// Long-term keys moto has never seen, held by the source profile.
const SOURCE_KEY: &str = "AKIDE2ECREDSEXAMPLE1";
const SOURCE_SECRET: &str = "e2e/creds/source/secret/EXAMPLE000000000";
/// A JWT-shaped token; moto does not verify it.
const WEB_IDENTITY_TOKEN: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\
     eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6ImFsaWNlIiwiYXVkIjoic3RzLWUyZSJ9.\
     c2lnbmF0dXJlLW5vdC1jaGVja2Vk";
/// Seconds an expiration may differ from "now + duration" on a busy machine.
const EXPIRY_TOLERANCE_SECS: i64 = 30;

/// A scratch directory for one test, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("stsgen-e2e-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|err| panic!("cannot create {}: {err}", dir.display()));
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents)
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
        path.to_string_lossy().into_owned()
    }

    /// An environment with this directory as home, moto as the STS endpoint, and `pairs`.
    fn env(&self, pairs: &[(&str, &str)]) -> Env {
        let mut all = vec![
            ("HOME".to_owned(), self.0.to_string_lossy().into_owned()),
            ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
            (
                "AWS_ENDPOINT_URL_STS".to_owned(),
                MotoServer::shared().endpoint(),
            ),
        ];
        all.extend(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        Env::from_pairs(all)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn client_for(env: Env) -> sts::Client {
    ConfigLoader::new()
        .env(env)
        .load_client()
        .await
        .unwrap_or_else(|err| panic!("loading the configuration failed: {err}"))
}

async fn credentials_of(client: &sts::Client) -> Credentials {
    let provider = client
        .config()
        .credentials_provider()
        .unwrap_or_else(|| panic!("the loaded config has no credentials provider"));
    provider
        .provide_credentials()
        .await
        .unwrap_or_else(|err| panic!("no credentials: {}", error_chain(&err)))
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// moto's temporary credentials: an `ASIA` key, a session token, and the requested lifetime.
fn assert_temporary(credentials: &Credentials, provider: &str, duration_secs: i64) {
    assert!(
        credentials.access_key_id().starts_with("ASIA"),
        "{credentials:?}"
    );
    assert_ne!(credentials.access_key_id(), SOURCE_KEY);
    assert!(credentials
        .session_token()
        .is_some_and(|token| !token.is_empty()));
    assert_eq!(credentials.provider_name(), provider);
    let expiry = credentials
        .expiry()
        .unwrap_or_else(|| panic!("no expiry: {credentials:?}"));
    let expected = DateTime::now().secs() + duration_secs;
    assert!(
        (expiry.secs() - expected).abs() <= EXPIRY_TOLERANCE_SECS,
        "expiry {expiry} is not about {duration_secs} s from now"
    );
}

#[tokio::test]
async fn assume_role_profile_with_a_static_source_profile_signs_as_the_assumed_role() {
    let scratch = Scratch::new("assume-role-profile");
    let role = "e2e-profile-role";
    let session = "e2e-profile-session";
    let config = scratch.write(
        "config",
        &format!(
            "[profile e2e-dev]\n\
             role_arn = arn:aws:iam::{ACCOUNT}:role/{role}\n\
             source_profile = e2e-base\n\
             role_session_name = {session}\n\
             external_id = e2e-external-id\n\
             duration_seconds = 900\n"
        ),
    );
    let credentials = scratch.write(
        "credentials",
        &format!(
            "[e2e-base]\naws_access_key_id = {SOURCE_KEY}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let client = client_for(scratch.env(&[
        ("AWS_CONFIG_FILE", config.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
        ("AWS_PROFILE", "e2e-dev"),
    ]))
    .await;

    let temporary = credentials_of(&client).await;
    assert_temporary(&temporary, "assume-role", 900);

    let identity = client
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {}", error_chain(&err)));
    assert_eq!(
        identity.arn(),
        Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}").as_str())
    );
    assert_eq!(identity.account(), Some(ACCOUNT));
}

#[tokio::test]
async fn a_two_role_chain_ends_as_the_outer_role() {
    let scratch = Scratch::new("two-roles");
    let config = scratch.write(
        "config",
        &format!(
            "[profile e2e-outer]\n\
             role_arn = arn:aws:iam::{ACCOUNT}:role/e2e-outer-role\n\
             source_profile = e2e-inner\n\
             role_session_name = e2e-outer-session\n\
             [profile e2e-inner]\n\
             role_arn = arn:aws:iam::{ACCOUNT}:role/e2e-inner-role\n\
             source_profile = e2e-base\n\
             [profile e2e-base]\n\
             aws_access_key_id = {SOURCE_KEY}\n\
             aws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let client = client_for(scratch.env(&[
        ("AWS_CONFIG_FILE", config.as_str()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            scratch.write("credentials", "").as_str(),
        ),
        ("AWS_PROFILE", "e2e-outer"),
    ]))
    .await;
    let identity = client
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {}", error_chain(&err)));
    assert_eq!(
        identity.arn(),
        Some(
            format!("arn:aws:sts::{ACCOUNT}:assumed-role/e2e-outer-role/e2e-outer-session")
                .as_str()
        )
    );
}

#[tokio::test]
async fn web_identity_token_file_signs_as_the_assumed_role() {
    let scratch = Scratch::new("web-identity");
    let role = "e2e-web-identity-role";
    let session = "e2e-web-identity-session";
    let token_file = scratch.write("token", &format!("{WEB_IDENTITY_TOKEN}\n"));
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/{role}");
    let client = client_for(scratch.env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
        ("AWS_ROLE_ARN", role_arn.as_str()),
        ("AWS_ROLE_SESSION_NAME", session),
    ]))
    .await;

    let temporary = credentials_of(&client).await;
    // moto issues web identity sessions for one hour by default.
    assert_temporary(&temporary, "web-identity", 3600);

    let identity = client
        .get_caller_identity()
        .send()
        .await
        .unwrap_or_else(|err| panic!("GetCallerIdentity failed: {}", error_chain(&err)));
    assert_eq!(
        identity.arn(),
        Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}").as_str())
    );
}
