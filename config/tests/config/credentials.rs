//! Credential providers against a fake STS: assume-role chains (request contents, signing
//! with the previous step's credentials, MFA), web identity, `credential_process`, caching
//! and refresh, and errors that name the profile and hold no secret.

use std::sync::{Arc, Mutex};

use stsgen_config::{AssumeRoleProvider, ConfigLoader, ProfileProvider, ProviderConfig};
use stsgen_runtime::credentials::{Credentials, CredentialsErrorKind, ProvideCredentials};
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::profile::{parse_profile_files, Env, RoleStep};

use crate::common::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/Dev";
const OUTER_ROLE: &str = "arn:aws:iam::210987654321:role/Admin";

/// A test's world: scratch files, a clock and a fake STS.
struct World {
    scratch: Scratch,
    clock: Clock,
    sts: FakeSts,
}

impl World {
    fn new(test: &str) -> World {
        let clock = Clock::new();
        let sts = FakeSts::new(&clock, 3600);
        World {
            scratch: Scratch::new(test),
            clock,
            sts,
        }
    }

    /// A loader isolated to this world: only `env` (plus `HOME` and the two file variables
    /// pointing at `config` and `credentials` in the scratch dir), the fake STS and the clock.
    fn loader(&self, env: &[(&str, &str)], config: &str, credentials: &str) -> ConfigLoader {
        let config_path = self.scratch.write("aws/config", config);
        let credentials_path = self.scratch.write("aws/credentials", credentials);
        let mut pairs = vec![
            ("AWS_CONFIG_FILE", config_path.as_str()),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials_path.as_str()),
        ];
        pairs.extend_from_slice(env);
        let clock = self.clock.clone();
        ConfigLoader::new()
            .env(self.scratch.env(&pairs))
            .http_client(self.sts.transport.clone())
            .time_source(move || clock.now())
    }

    async fn provider(
        &self,
        env: &[(&str, &str)],
        config: &str,
        credentials: &str,
    ) -> Arc<dyn ProvideCredentials> {
        let config = match self.loader(env, config, credentials).load().await {
            Ok(config) => config,
            Err(error) => panic!("loading failed: {}", full_message(&error)),
        };
        config.credentials_provider().unwrap().clone()
    }
}

const BASE_CREDENTIALS: &str = "[base]\n\
    aws_access_key_id = AKIDBASEEXAMPLE\n\
    aws_secret_access_key = base/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE\n";

#[tokio::test]
async fn assume_role_profile_sends_every_setting_and_signs_with_the_source_keys() {
    let world = World::new("assume-all");
    let config = format!(
        "[profile dev]\nrole_arn = {ROLE}\nsource_profile = base\nexternal_id = ext-123\n\
         role_session_name = my-session\nduration_seconds = 1800\nregion = eu-central-1\n"
    );
    let provider = world
        .provider(&[("AWS_PROFILE", "dev")], &config, BASE_CREDENTIALS)
        .await;

    let credentials = ok(provider.provide_credentials().await);
    let expected = Credentials::new(
        "ASIATEMP1",
        format!("{TEMP_SECRET_PREFIX}1"),
        Some(format!("{TEMP_TOKEN_PREFIX}1")),
    )
    .with_expiry(DateTime::from_secs(START + 3600))
    .with_provider_name("assume-role");
    assert_eq!(credentials, expected);

    let requests = world.sts.requests();
    assert_eq!(requests.len(), 1);
    let form = form(&requests[0]);
    let expected_form: Vec<(&str, &str)> = vec![
        ("Action", "AssumeRole"),
        ("DurationSeconds", "1800"),
        ("ExternalId", "ext-123"),
        ("RoleArn", ROLE),
        ("RoleSessionName", "my-session"),
        ("Version", "2011-06-15"),
    ];
    assert_eq!(
        form.iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        expected_form
    );
    assert_eq!(signing_key(&requests[0]).as_deref(), Some(BASE_KEY));
    assert_eq!(
        signing_scope(&requests[0]).as_deref(),
        Some("eu-central-1/sts"),
        "provider calls use the loaded region"
    );
    assert_eq!(requests[0].uri, "https://sts.eu-central-1.amazonaws.com/");
    assert_eq!(requests[0].header("x-amz-security-token"), None);
}

#[tokio::test]
async fn each_hop_of_a_chain_is_signed_with_the_previous_hops_credentials() {
    let world = World::new("two-hops");
    let config = format!(
        "[profile admin]\nrole_arn = {OUTER_ROLE}\nsource_profile = dev\n\
         [profile dev]\nrole_arn = {ROLE}\nsource_profile = base\n"
    );
    let provider = world
        .provider(
            &[("AWS_PROFILE", "admin"), ("AWS_REGION", "us-west-2")],
            &config,
            BASE_CREDENTIALS,
        )
        .await;
    let credentials = ok(provider.provide_credentials().await);
    assert_eq!(credentials.access_key_id(), "ASIATEMP2");

    let requests = world.sts.requests();
    let roles: Vec<String> = world
        .sts
        .forms()
        .iter()
        .map(|form| form["RoleArn"].clone())
        .collect();
    assert_eq!(roles, vec![ROLE.to_owned(), OUTER_ROLE.to_owned()]);
    assert_eq!(signing_key(&requests[0]).as_deref(), Some(BASE_KEY));
    assert_eq!(signing_key(&requests[1]).as_deref(), Some("ASIATEMP1"));
    assert_eq!(
        requests[1].header("x-amz-security-token"),
        Some(format!("{TEMP_TOKEN_PREFIX}1").as_str())
    );
    // No session names configured: generated from the clock, in milliseconds.
    let sessions: Vec<String> = world
        .sts
        .forms()
        .iter()
        .map(|form| form["RoleSessionName"].clone())
        .collect();
    let generated = format!("assume-role-from-profile-{}000", START);
    assert_eq!(sessions, vec![generated.clone(), generated]);
}

#[tokio::test]
async fn mfa_serial_sends_the_serial_and_the_code_from_the_callback() {
    let world = World::new("mfa");
    let config = format!(
        "[profile dev]\nrole_arn = {ROLE}\nsource_profile = base\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
    );
    let asked = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = asked.clone();
    let config = world
        .loader(&[("AWS_PROFILE", "dev")], &config, BASE_CREDENTIALS)
        .mfa_token_callback(move |serial| {
            seen.lock().unwrap().push(serial.to_owned());
            Ok("123456".to_owned())
        })
        .load()
        .await
        .unwrap();
    ok(config
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await);
    assert_eq!(
        *asked.lock().unwrap(),
        vec!["arn:aws:iam::123456789012:mfa/alice".to_owned()]
    );
    let form = &world.sts.forms()[0];
    assert_eq!(form["SerialNumber"], "arn:aws:iam::123456789012:mfa/alice");
    assert_eq!(form["TokenCode"], "123456");
}

#[tokio::test]
async fn mfa_serial_without_a_callback_or_with_a_failing_one_is_a_clear_error() {
    let world = World::new("mfa-missing");
    let config =
        format!("[profile dev]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = SERIAL1\n");
    let provider = world
        .provider(&[("AWS_PROFILE", "dev")], &config, BASE_CREDENTIALS)
        .await;
    let error = err(provider.provide_credentials().await);
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(
        error.to_string(),
        format!(
            "the `assume-role` credentials provider failed: assuming role `{ROLE}` for profile \
             `dev`: it sets mfa_serial `SERIAL1`, but no MFA token callback is configured \
             (ConfigLoader::mfa_token_callback)"
        )
    );

    let failing = world
        .loader(&[("AWS_PROFILE", "dev")], &config, BASE_CREDENTIALS)
        .mfa_token_callback(|_| Err("the user cancelled".into()))
        .load()
        .await
        .unwrap();
    let error = err(failing
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await);
    assert_eq!(
        full_message(&error),
        format!(
            "the `assume-role` credentials provider failed: assuming role `{ROLE}` for profile \
             `dev`: the MFA token callback failed: the user cancelled"
        )
    );
    assert!(world.sts.requests().is_empty(), "nothing was sent to STS");
}

#[tokio::test]
async fn credential_source_environment_signs_with_the_environment_keys() {
    let world = World::new("cred-source-env");
    let config = format!("[default]\nrole_arn = {ROLE}\ncredential_source = Environment\n");
    // Environment keys are also the first link of the default chain, so exercise the
    // profile provider on its own.
    let set = parse_profile_files(Some(&config), None).unwrap();
    let provider_config = ProviderConfig::new(
        sts::Config::builder()
            .region("us-east-2")
            .http_client(world.sts.transport.clone())
            .build(),
    )
    .with_env(Env::from_pairs([
        ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
        ("AWS_SECRET_ACCESS_KEY", BASE_SECRET),
    ]));
    let provider = ProfileProvider::selected(&set, &provider_config);
    ok(provider.provide_credentials().await);
    assert_eq!(
        signing_key(&world.sts.requests()[0]).as_deref(),
        Some("AKIDFROMENV")
    );

    let empty_env = provider_config.clone().with_env(Env::default());
    let error = err(ProfileProvider::selected(&set, &empty_env)
        .provide_credentials()
        .await);
    assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
    assert_eq!(error.provider(), "assume-role");
    let message = full_message(&error);
    assert!(
        message.starts_with(&format!(
            "the `assume-role` credentials provider failed: assuming role `{ROLE}` for profile \
             `default`: the AssumeRole call failed: the request could not be built: no \
             credentials loaded by the `environment` provider: AWS_ACCESS_KEY_ID is not set"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn broken_profiles_are_errors_naming_the_profile_and_nothing_is_sent() {
    let world = World::new("broken");
    let cases = [
        (
            format!("[profile dev]\nrole_arn = {ROLE}\nsource_profile = gone\n"),
            "the `profile` credentials provider failed: could not find source profile gone \
             referenced from dev",
        ),
        (
            format!(
                "[profile dev]\nrole_arn = {ROLE}\nsource_profile = other\n\
                 [profile other]\nrole_arn = {ROLE}\nsource_profile = dev\n"
            ),
            "the `profile` credentials provider failed: profile formed an infinite loop: \
             dev -> other -> dev",
        ),
        (
            format!("[profile dev]\nrole_arn = {ROLE}\ncredential_source = Ec2InstanceMetadata\n"),
            "the `profile` credentials provider failed: profile `dev` uses credential_source \
             `Ec2InstanceMetadata`, which this client does not support",
        ),
        (
            "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n\
             [sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://x\n"
                .to_owned(),
            "the `profile` credentials provider failed: profile `dev` uses IAM Identity Center \
             (SSO) settings, which this client does not support",
        ),
        (
            format!(
                "[profile dev]\nrole_arn = {ROLE}\nsource_profile = base\n\
                 [profile base]\nregion = eu-west-1\n"
            ),
            "the `profile` credentials provider failed: could not load source profile `base`: \
             profile `base` did not contain credential information (expected `role_arn`, \
             `credential_source`, `web_identity_token_file`, SSO settings, `login_session`, \
             `credential_process` or `aws_access_key_id` with `aws_secret_access_key`)",
        ),
        (
            "[profile dev]\naws_access_key_id = AKID\n".to_owned(),
            "the `profile` credentials provider failed: profile `dev` is invalid: profile \
             missing aws_secret_access_key",
        ),
    ];
    for (config, expected) in cases {
        let provider = world.provider(&[("AWS_PROFILE", "dev")], &config, "").await;
        let error = err(provider.provide_credentials().await);
        assert_eq!(error.kind(), CredentialsErrorKind::ProviderError);
        assert_eq!(full_message(&error), expected, "config:\n{config}");
    }
    assert!(world.sts.requests().is_empty());
}

#[tokio::test]
async fn an_sts_error_names_role_and_profile_and_keeps_the_service_message() {
    let world = World::new("sts-error");
    let config = format!("[profile dev]\nrole_arn = {ROLE}\nsource_profile = base\n");
    world.sts.fail_with(
        403,
        &error_body(
            "AccessDenied",
            "User is not authorized to perform sts:AssumeRole",
        ),
    );
    let provider = world
        .provider(&[("AWS_PROFILE", "dev")], &config, BASE_CREDENTIALS)
        .await;
    let error = err(provider.provide_credentials().await);
    let message = full_message(&error);
    assert!(
        message.starts_with(&format!(
            "the `assume-role` credentials provider failed: assuming role `{ROLE}` for profile \
             `dev`: the AssumeRole call failed: service error: "
        )),
        "{message}"
    );
    assert!(
        message.contains("User is not authorized to perform sts:AssumeRole"),
        "{message}"
    );
    assert_no_secret(&message);
    assert_no_secret(&format!("{error:?}"));
}

#[tokio::test]
async fn web_identity_profile_reads_the_token_file_on_every_fetch_and_sends_unsigned() {
    let world = World::new("web-identity-profile");
    let token_file = world.scratch.write("token", "web-identity-jwt-1\n");
    let config = format!(
        "[default]\nrole_arn = {ROLE}\nweb_identity_token_file = {token_file}\n\
         role_session_name = wi-session\n"
    );
    let set = parse_profile_files(Some(&config), None).unwrap();
    let provider_config = ProviderConfig::new(
        sts::Config::builder()
            .http_client(world.sts.transport.clone())
            .build(),
    );
    let provider = ProfileProvider::selected(&set, &provider_config);
    let first = ok(provider.provide_credentials().await);
    assert_eq!(first.access_key_id(), "ASIATEMP1");
    assert_eq!(first.provider_name(), "web-identity");
    world.scratch.write("token", "web-identity-jwt-2");
    ok(provider.provide_credentials().await);

    let requests = world.sts.requests();
    let forms = world.sts.forms();
    assert_eq!(forms[0]["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(forms[0]["RoleArn"], ROLE);
    assert_eq!(forms[0]["RoleSessionName"], "wi-session");
    assert_eq!(forms[0]["WebIdentityToken"], "web-identity-jwt-1");
    assert_eq!(forms[1]["WebIdentityToken"], "web-identity-jwt-2");
    assert!(requests.iter().all(|r| r.header("authorization").is_none()));
    // No region was configured: which endpoint that means (us-east-1, global) is checked in
    // `providers_without_a_region_use_us_east_1_and_the_global_endpoint`.
    assert_no_secret(&format!("{provider:?}"));
}

#[tokio::test]
async fn web_identity_from_the_environment_is_the_last_link_of_the_default_chain() {
    let world = World::new("web-identity-env");
    let token_file = world.scratch.write("token", "web-identity-jwt");
    let provider = world
        .provider(
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
                ("AWS_ROLE_ARN", ROLE),
                ("AWS_REGION", "ap-southeast-2"),
            ],
            "",
            "",
        )
        .await;
    let credentials = ok(provider.provide_credentials().await);
    assert_eq!(credentials.access_key_id(), "ASIATEMP1");
    let form = &world.sts.forms()[0];
    assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(
        form["RoleSessionName"],
        format!("web-identity-token-{START}000")
    );
    assert_eq!(
        world.sts.requests()[0].uri,
        "https://sts.ap-southeast-2.amazonaws.com/"
    );
}

#[tokio::test]
async fn a_selected_profile_without_credentials_passes_to_web_identity_from_the_environment() {
    // The EKS IRSA setup: `~/.aws/config` holds only a region, the pod's environment the role.
    for (env_profile, config) in [
        (None, "[default]\nregion = eu-west-1\n"),
        (
            Some("dev"),
            "[profile dev]\nregion = eu-west-1\noutput = json\n",
        ),
    ] {
        let world = World::new("region-only-profile");
        let token_file = world.scratch.write("token", "web-identity-jwt");
        let mut env = vec![
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
            ("AWS_ROLE_ARN", ROLE),
        ];
        env.extend(env_profile.map(|profile| ("AWS_PROFILE", profile)));
        let provider = world.provider(&env, config, "").await;
        let credentials = ok(provider.provide_credentials().await);
        assert_eq!(
            (credentials.access_key_id(), credentials.provider_name()),
            ("ASIATEMP1", "web-identity"),
            "config:\n{config}"
        );
        let requests = world.sts.requests();
        assert_eq!(requests.len(), 1);
        let form = form(&requests[0]);
        assert_eq!(form["Action"], "AssumeRoleWithWebIdentity");
        assert_eq!(form["RoleArn"], ROLE);
        assert_eq!(form["WebIdentityToken"], "web-identity-jwt");
        assert_eq!(requests[0].uri, "https://sts.eu-west-1.amazonaws.com/");
    }
}

#[tokio::test]
async fn a_selected_profile_without_credentials_is_reported_as_not_loaded() {
    let world = World::new("region-only-nothing");
    let provider = world
        .provider(&[], "[default]\nregion = eu-west-1\n", "")
        .await;
    let error = err(provider.provide_credentials().await);
    assert_eq!(error.kind(), CredentialsErrorKind::NotLoaded);
    assert_eq!(
        error.to_string(),
        "no credentials loaded by the `chain` provider: no provider had credentials \
         (environment: AWS_ACCESS_KEY_ID is not set; profile: profile `default` did not contain \
         credential information (expected `role_arn`, `credential_source`, \
         `web_identity_token_file`, SSO settings, `login_session`, `credential_process` or \
         `aws_access_key_id` with `aws_secret_access_key`); web-identity: \
         AWS_WEB_IDENTITY_TOKEN_FILE is not set)"
    );
}

#[tokio::test]
async fn web_identity_errors_name_the_variable_or_the_file() {
    let world = World::new("web-identity-errors");
    let no_role = world
        .provider(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")], "", "")
        .await;
    assert_eq!(
        err(no_role.provide_credentials().await).to_string(),
        "the `web-identity` credentials provider failed: AWS_WEB_IDENTITY_TOKEN_FILE is set but \
         AWS_ROLE_ARN is not"
    );
    let missing_file = world.scratch.path("no-such-token");
    let unreadable = world
        .provider(
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", missing_file.as_str()),
                ("AWS_ROLE_ARN", ROLE),
            ],
            "",
            "",
        )
        .await;
    let error = err(unreadable.provide_credentials().await);
    assert_eq!(
        error.to_string(),
        format!(
            "the `web-identity` credentials provider failed: could not read the web identity \
             token file `{missing_file}`"
        )
    );
    let empty_file = world.scratch.write("empty-token", " \n");
    let empty = world
        .provider(
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", empty_file.as_str()),
                ("AWS_ROLE_ARN", ROLE),
            ],
            "",
            "",
        )
        .await;
    assert_eq!(
        err(empty.provide_credentials().await).to_string(),
        format!(
            "the `web-identity` credentials provider failed: the web identity token file \
             `{empty_file}` is empty"
        )
    );
    assert!(world.sts.requests().is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_can_be_the_source_of_an_assume_role_profile() {
    use std::os::unix::fs::PermissionsExt;
    let world = World::new("process-source");
    let script = world.scratch.write(
        "creds.sh",
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \
         \"SecretAccessKey\": \"base/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE\"}'\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = format!(
        "[profile dev]\nrole_arn = {ROLE}\nsource_profile = tool\n\
         [profile tool]\ncredential_process = {script} --flag\n"
    );
    let provider = world.provider(&[("AWS_PROFILE", "dev")], &config, "").await;
    ok(provider.provide_credentials().await);
    assert_eq!(
        signing_key(&world.sts.requests()[0]).as_deref(),
        Some("AKIDPROCESS")
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_credential_process_that_hangs_fails_after_the_load_timeout_and_is_retried() {
    use std::os::unix::fs::PermissionsExt;
    let world = World::new("process-hangs");
    let ready = world.scratch.path("ready");
    let script = world.scratch.write(
        "creds.sh",
        &format!(
            "#!/bin/sh
if [ -f '{ready}' ]; then echo '{{\"Version\": 1, \
             \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"s\"}}'; \
             else exec sleep 60; fi\n"
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = format!("[default]\ncredential_process = {script}\n");
    let loaded = world
        .loader(&[], &config, "")
        .load_timeout(std::time::Duration::from_millis(300))
        .load()
        .await
        .unwrap();
    let provider = loaded.credentials_provider().unwrap();

    let started = std::time::Instant::now();
    let error = err(provider.provide_credentials().await);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        full_message(&error),
        "the `credential_process` credentials provider failed: loading credentials did not \
         finish within the load timeout of 300ms and was abandoned: deadline has elapsed"
    );

    world.scratch.write("ready", "");
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "AKIDPROCESS"
    );
}

#[tokio::test]
async fn the_default_chain_caches_assumed_credentials_until_five_minutes_before_expiry() {
    let world = World::new("cache");
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let provider = world.provider(&[], &config, BASE_CREDENTIALS).await;

    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP1"
    );
    world.clock.advance(3600 - 300 - 1);
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP1"
    );
    assert_eq!(world.sts.requests().len(), 1);
    world.clock.advance(1);
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP2"
    );
    assert_eq!(world.sts.requests().len(), 2);
}

#[tokio::test]
async fn the_expiry_buffer_can_be_set_on_the_loader() {
    let world = World::new("cache-buffer");
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let loaded = world
        .loader(&[], &config, BASE_CREDENTIALS)
        .expiry_buffer(std::time::Duration::from_secs(60))
        .load()
        .await
        .unwrap();
    let provider = loaded.credentials_provider().unwrap();
    ok(provider.provide_credentials().await);
    world.clock.advance(3600 - 61);
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP1"
    );
    world.clock.advance(1);
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP2"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_requests_cause_one_assume_role_call() {
    let world = World::new("concurrent");
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let provider = world.provider(&[], &config, BASE_CREDENTIALS).await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move {
                provider
                    .provide_credentials()
                    .await
                    .map(|c| c.access_key_id().to_owned())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut keys = Vec::new();
    for task in tasks {
        keys.push(task.await.unwrap());
    }
    assert_eq!(keys, vec![Ok("ASIATEMP1".to_owned()); 50]);
    assert_eq!(world.sts.requests().len(), 1);
}

#[tokio::test]
async fn a_failed_refresh_does_not_poison_the_cache() {
    let world = World::new("refresh-failure");
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let provider = world.provider(&[], &config, BASE_CREDENTIALS).await;
    ok(provider.provide_credentials().await);

    world.clock.advance(3600);
    // A non-retryable error, so the client sends exactly one request per attempt.
    world
        .sts
        .fail_with(403, &error_body("AccessDenied", "try later"));
    let error = err(provider.provide_credentials().await);
    assert_eq!(error.provider(), "assume-role");
    assert!(full_message(&error).contains("try later"));

    // Nothing stale was kept: the next call tries STS again and succeeds.
    world.sts.recover();
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP2"
    );
    assert_eq!(
        ok(provider.provide_credentials().await).access_key_id(),
        "ASIATEMP2"
    );
    assert_eq!(world.sts.requests().len(), 3);
}

#[tokio::test]
async fn the_retry_settings_apply_to_the_providers_sts_calls() {
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let unavailable = error_body("ServiceUnavailable", "come back later");
    for (env, profile_setting, requests) in [
        (vec![("AWS_MAX_ATTEMPTS", "1")], "max_attempts = 2\n", 1),
        (vec![], "max_attempts = 2\n", 2),
    ] {
        let world = World::new("provider-retries");
        world.sts.fail_with(503, &unavailable);
        let provider = world
            .provider(
                &env,
                &format!("{config}{profile_setting}"),
                BASE_CREDENTIALS,
            )
            .await;
        let error = err(provider.provide_credentials().await);
        assert_eq!(error.provider(), "assume-role");
        assert_eq!(world.sts.requests().len(), requests, "env {env:?}");
    }
}

#[test]
fn assume_role_provider_debug_shows_the_step_but_no_secret() {
    let step = RoleStep {
        profile: "dev".to_owned(),
        role_arn: ROLE.to_owned(),
        external_id: None,
        session_name: None,
        duration_seconds: None,
        mfa_serial: None,
    };
    let config = ProviderConfig::new(sts::Config::builder().build());
    let provider = AssumeRoleProvider::new(
        step,
        Arc::new(Credentials::new(BASE_KEY, BASE_SECRET, None)),
        &config,
    );
    let text = format!("{provider:?}");
    assert!(text.contains(ROLE) && text.contains(BASE_KEY), "{text}");
    assert_no_secret(&text);
}

#[test]
fn providers_without_a_region_use_us_east_1_and_the_global_endpoint() {
    let fallback = ProviderConfig::new(sts::Config::builder().build());
    assert_eq!(fallback.sts_config().region(), Some("us-east-1"));
    assert!(fallback.sts_config().use_global_endpoint());
    let regional = ProviderConfig::new(sts::Config::builder().region("eu-west-3").build());
    assert_eq!(regional.sts_config().region(), Some("eu-west-3"));
    assert!(!regional.sts_config().use_global_endpoint());
}

#[tokio::test]
async fn loaded_config_debug_shows_no_secret_even_after_fetching() {
    let world = World::new("debug");
    let config = format!("[default]\nrole_arn = {ROLE}\nsource_profile = base\n");
    let loaded = world
        .loader(
            &[("AWS_SESSION_TOKEN", "env-token-secret")],
            &config,
            BASE_CREDENTIALS,
        )
        .load()
        .await
        .unwrap();
    ok(loaded
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await);
    let text = format!("{loaded:?} {loaded:#?}");
    assert_no_secret(&text);
    assert!(!text.contains("env-token-secret"));
}
