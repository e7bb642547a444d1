//! The loader: where files are found, which profile is used, the order of the default chain,
//! and errors that name the file and line, the variable or the profile.

use stsgen_config::{ConfigError, ConfigLoader};
use stsgen_runtime::credentials::{Credentials, CredentialsErrorKind};
use stsgen_runtime::profile::{Env, FileKind};

use crate::common::*;

async fn load(loader: ConfigLoader) -> sts::Config {
    match loader.load().await {
        Ok(config) => config,
        Err(error) => panic!("loading failed: {}", full_message(&error)),
    }
}

async fn load_error(loader: ConfigLoader) -> ConfigError {
    match loader.load().await {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(error) => error,
    }
}

async fn credentials(
    config: &sts::Config,
) -> Result<Credentials, stsgen_runtime::credentials::CredentialsError> {
    config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
}

const STATIC_PROFILES: &str = "[default]\naws_access_key_id = AKIDDEFAULT\n\
    aws_secret_access_key = base/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE\n\
    [dev]\naws_access_key_id = AKIDDEV\n\
    aws_secret_access_key = base/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE\n\
    [profile ignored]\naws_access_key_id = AKIDIGNORED\naws_secret_access_key = x\n";

#[tokio::test]
async fn default_files_under_home_and_aws_profile_select_the_credentials() {
    let scratch = Scratch::new("home-files");
    scratch.write(".aws/credentials", STATIC_PROFILES);
    scratch.write(
        ".aws/config",
        "[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-north-1\n[dev2]\nregion = x\n",
    );

    let default = load(ConfigLoader::new().env(scratch.env(&[]))).await;
    assert_eq!(default.region(), Some("eu-west-1"));
    let creds = ok(credentials(&default).await);
    assert_eq!(
        (
            creds.access_key_id(),
            creds.secret_access_key(),
            creds.provider_name()
        ),
        ("AKIDDEFAULT", BASE_SECRET, "profile")
    );

    let dev = load(ConfigLoader::new().env(scratch.env(&[("AWS_PROFILE", "dev")]))).await;
    assert_eq!(dev.region(), Some("eu-north-1"));
    assert_eq!(ok(credentials(&dev).await).access_key_id(), "AKIDDEV");

    // `[profile x]` in the credentials file and `[x]` in the config file are not profiles.
    for name in ["ignored", "dev2"] {
        let config = load(ConfigLoader::new().env(scratch.env(&[])).profile_name(name)).await;
        let error = err(credentials(&config).await);
        assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
        assert_eq!(
            error.to_string(),
            format!(
                "the `profile` credentials provider failed: the selected profile `{name}` does \
                 not exist"
            ),
            "profile {name}"
        );
        assert_eq!(config.region(), None);
    }
}

#[tokio::test]
async fn file_locations_come_from_the_environment_or_from_code() {
    let scratch = Scratch::new("file-vars");
    let config_path = scratch.write("elsewhere/cfg", "[profile dev]\nregion = sa-east-1\n");
    let credentials_path = scratch.write("elsewhere/creds", STATIC_PROFILES);
    scratch.write(".aws/config", "[profile dev]\nregion = wrong-1\n");

    let env = scratch.env(&[
        ("AWS_CONFIG_FILE", config_path.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials_path.as_str()),
        ("AWS_PROFILE", "dev"),
    ]);
    let from_env = load(ConfigLoader::new().env(env)).await;
    assert_eq!(from_env.region(), Some("sa-east-1"));
    assert_eq!(ok(credentials(&from_env).await).access_key_id(), "AKIDDEV");

    let from_code = load(
        ConfigLoader::new()
            .env(scratch.env(&[("AWS_PROFILE", "dev")]))
            .config_file(&config_path)
            .credentials_file(&credentials_path),
    )
    .await;
    assert_eq!(from_code.region(), Some("sa-east-1"));
    assert_eq!(ok(credentials(&from_code).await).access_key_id(), "AKIDDEV");
}

#[tokio::test]
async fn missing_files_found_through_the_environment_are_skipped_but_paths_from_code_are_errors() {
    let scratch = Scratch::new("missing-files");
    let nowhere = scratch.path("nowhere/config");
    let skipped =
        load(ConfigLoader::new().env(scratch.env(&[("AWS_CONFIG_FILE", nowhere.as_str())]))).await;
    assert_eq!(skipped.region(), None);

    let error = load_error(
        ConfigLoader::new()
            .env(scratch.env(&[]))
            .config_file(&nowhere),
    )
    .await;
    assert!(
        matches!(&error, ConfigError::ReadFile { kind: FileKind::Config, path, .. } if path.to_str() == Some(nowhere.as_str())),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("could not read the config file `{nowhere}`")
    );
}

#[tokio::test]
async fn a_syntax_error_names_the_file_and_line_without_quoting_it() {
    let scratch = Scratch::new("parse-error");
    let path = scratch.write(
        "creds",
        "[default]\naws_access_key_id = AKID\nbase/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE\n",
    );
    let error = load_error(
        ConfigLoader::new().env(scratch.env(&[("AWS_SHARED_CREDENTIALS_FILE", path.as_str())])),
    )
    .await;
    let message = full_message(&error);
    assert_eq!(
        error.to_string(),
        format!(
            "invalid shared AWS file: credentials file `{path}`, line 3: Expected an '=' sign \
             defining a property"
        )
    );
    assert_no_secret(&message);
}

#[tokio::test]
async fn environment_credentials_come_first_in_the_default_chain() {
    let scratch = Scratch::new("env-first");
    scratch.write(".aws/credentials", STATIC_PROFILES);
    let config = load(ConfigLoader::new().env(scratch.env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", BASE_SECRET),
        ("AWS_SESSION_TOKEN", "env-session"),
    ])))
    .await;
    let creds = ok(credentials(&config).await);
    assert_eq!(
        (
            creds.access_key_id(),
            creds.session_token(),
            creds.provider_name()
        ),
        ("AKIDENV", Some("env-session"), "environment")
    );
}

#[tokio::test]
async fn a_half_set_environment_stops_the_chain_naming_the_missing_variable() {
    let scratch = Scratch::new("env-half");
    scratch.write(".aws/credentials", STATIC_PROFILES);
    let config =
        load(ConfigLoader::new().env(scratch.env(&[("AWS_ACCESS_KEY_ID", "AKIDENV")]))).await;
    let error = err(credentials(&config).await);
    assert_eq!(
        error.to_string(),
        "the `environment` credentials provider failed: AWS_ACCESS_KEY_ID is set but \
         AWS_SECRET_ACCESS_KEY is not"
    );
}

#[tokio::test]
async fn with_nothing_configured_the_error_says_where_each_source_looked() {
    let scratch = Scratch::new("nothing");
    let config = load(ConfigLoader::new().env(scratch.env(&[]))).await;
    let error = err(credentials(&config).await);
    assert_eq!(error.kind(), CredentialsErrorKind::NotLoaded);
    assert_eq!(
        error.to_string(),
        "no credentials loaded by the `chain` provider: no provider had credentials \
         (environment: AWS_ACCESS_KEY_ID is not set; profile: No profiles were defined; \
         web-identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set)"
    );
}

#[tokio::test]
async fn invalid_settings_fail_the_load_naming_the_source() {
    let scratch = Scratch::new("bad-setting");
    scratch.write(".aws/config", "[profile dev]\nuse_fips_endpoint = on\n");
    let error = load_error(ConfigLoader::new().env(scratch.env(&[("AWS_PROFILE", "dev")]))).await;
    assert_eq!(
        error.to_string(),
        "setting `use_fips_endpoint` of profile `dev` must be `true` or `false`, not `on`"
    );
}

#[tokio::test]
async fn credentials_set_in_code_replace_the_chain() {
    let config = load(
        ConfigLoader::new()
            .env(Env::default())
            .credentials_provider(Credentials::new("AKIDCODE", BASE_SECRET, None)),
    )
    .await;
    assert_eq!(ok(credentials(&config).await).access_key_id(), "AKIDCODE");
}
