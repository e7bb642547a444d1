//! Region, endpoint and retry settings: which source wins, and errors for unusable values.

use stsgen_config::{ConfigError, ConfigLoader, RetryMode, Settings};
use stsgen_runtime::profile::{parse_profile_files, Env, ProfileSet};
use stsgen_runtime::retry::RetryConfig;

/// Environment pairs, config file text, expected value.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, Option<&'a str>);

/// Environment pairs, config file text, expected `max_attempts` and `retry_mode`.
type RetryCase<'a> = (
    &'a [(&'a str, &'a str)],
    &'a str,
    Option<u32>,
    Option<RetryMode>,
);

/// Environment pairs, config file text, expected error message.
type ErrorCase<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

fn profiles(config: &str) -> ProfileSet {
    parse_profile_files(Some(config), None).unwrap()
}

fn resolve(env: &[(&str, &str)], config: &str) -> Result<Settings, ConfigError> {
    Settings::resolve(
        &Env::from_pairs(env.iter().copied()),
        &profiles(config),
        "default",
    )
}

fn settings(env: &[(&str, &str)], config: &str) -> Settings {
    match resolve(env, config) {
        Ok(settings) => settings,
        Err(error) => panic!("unexpected error: {error}"),
    }
}

fn error(env: &[(&str, &str)], config: &str) -> String {
    match resolve(env, config) {
        Ok(settings) => panic!("expected an error, got {settings:?}"),
        Err(error) => error.to_string(),
    }
}

const PROFILE_ALL: &str = "[default]\n\
    region = eu-west-1\n\
    endpoint_url = http://profile-global:1\n\
    services = local\n\
    use_fips_endpoint = true\n\
    use_dualstack_endpoint = true\n\
    sts_regional_endpoints = legacy\n\
    [services local]\n\
    sts =\n  endpoint_url = http://profile-sts:2\n";

#[test]
fn region_precedence_is_aws_region_then_default_region_then_profile() {
    let cases: [Case; 5] = [
        (
            &[
                ("AWS_REGION", "us-west-2"),
                ("AWS_DEFAULT_REGION", "ap-south-1"),
            ],
            PROFILE_ALL,
            Some("us-west-2"),
        ),
        (
            &[("AWS_DEFAULT_REGION", "ap-south-1")],
            PROFILE_ALL,
            Some("ap-south-1"),
        ),
        (&[("AWS_REGION", " ")], PROFILE_ALL, Some("eu-west-1")),
        (&[], PROFILE_ALL, Some("eu-west-1")),
        (&[], "[default]\nregion =\n", None),
    ];
    for (env, config, expected) in cases {
        assert_eq!(
            settings(env, config).region.as_deref(),
            expected,
            "env {env:?}"
        );
    }
}

#[test]
fn endpoint_precedence_is_sts_variable_then_global_variable_then_services_then_profile() {
    let cases: [Case; 6] = [
        (
            &[
                ("AWS_ENDPOINT_URL_STS", "http://env-sts:3"),
                ("AWS_ENDPOINT_URL", "http://env-global:4"),
            ],
            PROFILE_ALL,
            Some("http://env-sts:3"),
        ),
        (
            &[("AWS_ENDPOINT_URL", "http://env-global:4")],
            PROFILE_ALL,
            Some("http://env-global:4"),
        ),
        (&[], PROFILE_ALL, Some("http://profile-sts:2")),
        (
            &[],
            "[default]\nendpoint_url = https://profile-global:1\n",
            Some("https://profile-global:1"),
        ),
        (&[], "[default]\nregion = us-east-1\n", None),
        (
            &[
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
                ("AWS_ENDPOINT_URL_STS", "http://env-sts:3"),
            ],
            PROFILE_ALL,
            None,
        ),
    ];
    for (env, config, expected) in cases {
        assert_eq!(
            settings(env, config).endpoint_url.as_deref(),
            expected,
            "env {env:?}"
        );
    }
    let ignored_in_profile =
        format!("{PROFILE_ALL}[default]\nignore_configured_endpoint_urls = true\n");
    assert_eq!(settings(&[], &ignored_in_profile).endpoint_url, None);
    let env_overrides_ignore = [
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
        ("AWS_ENDPOINT_URL", "http://env-global:4"),
    ];
    assert_eq!(
        settings(&env_overrides_ignore, &ignored_in_profile)
            .endpoint_url
            .as_deref(),
        Some("http://env-global:4")
    );
}

#[test]
fn a_services_section_without_an_sts_block_falls_back_to_the_profile_endpoint() {
    let config = "[default]\nservices = other\nendpoint_url = http://profile:1\n\
                  [services other]\ns3 =\n  endpoint_url = http://s3-only:9\n";
    assert_eq!(
        settings(&[], config).endpoint_url.as_deref(),
        Some("http://profile:1")
    );
}

#[test]
fn flags_come_from_the_environment_then_the_profile() {
    let from_profile = settings(&[], PROFILE_ALL);
    assert_eq!(
        (
            from_profile.use_fips,
            from_profile.use_dual_stack,
            from_profile.use_global_endpoint
        ),
        (true, true, true)
    );
    let from_env = settings(
        &[
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "False"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "regional"),
        ],
        PROFILE_ALL,
    );
    assert_eq!(
        (
            from_env.use_fips,
            from_env.use_dual_stack,
            from_env.use_global_endpoint
        ),
        (false, false, false)
    );
    assert_eq!(settings(&[], ""), Settings::default());
    let env_only = settings(
        &[
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "LEGACY"),
        ],
        "",
    );
    assert!(env_only.use_fips && !env_only.use_dual_stack && env_only.use_global_endpoint);
}

#[test]
fn unusable_values_name_the_variable_or_profile_key() {
    assert_eq!(
        error(&[("AWS_USE_FIPS_ENDPOINT", "yes")], ""),
        "environment variable `AWS_USE_FIPS_ENDPOINT` must be `true` or `false`, not `yes`"
    );
    assert_eq!(
        error(&[], "[default]\nuse_dualstack_endpoint = 1\n"),
        "setting `use_dualstack_endpoint` of profile `default` must be `true` or `false`, not `1`"
    );
    assert_eq!(
        error(&[], "[default]\nsts_regional_endpoints = global\n"),
        "setting `sts_regional_endpoints` of profile `default` must be `regional` or \
         `legacy`, not `global`"
    );
    assert_eq!(
        error(&[("AWS_ENDPOINT_URL_STS", "localhost:5000")], ""),
        "environment variable `AWS_ENDPOINT_URL_STS` must be an http:// or https:// URL"
    );
    assert_eq!(
        error(
            &[],
            "[default]\nservices = s\n[services s]\nsts =\n  endpoint_url = ftp://x\n"
        ),
        "`sts` setting `endpoint_url` of [services s] must be an http:// or https:// URL"
    );
    assert_eq!(
        error(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe")], ""),
        "environment variable `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` must be `true` or `false`, \
         not `maybe`"
    );
}

#[test]
fn retry_settings_come_from_the_environment_then_the_profile() {
    let profile = "[default]\nmax_attempts = 7\nretry_mode = legacy\n";
    let cases: [RetryCase; 6] = [
        (&[], profile, Some(7), Some(RetryMode::Legacy)),
        (
            &[("AWS_MAX_ATTEMPTS", "2"), ("AWS_RETRY_MODE", "Standard")],
            profile,
            Some(2),
            Some(RetryMode::Standard),
        ),
        (
            &[("AWS_MAX_ATTEMPTS", " 10 ")],
            profile,
            Some(10),
            Some(RetryMode::Legacy),
        ),
        (
            &[("AWS_RETRY_MODE", "adaptive"), ("AWS_MAX_ATTEMPTS", " ")],
            profile,
            Some(7),
            Some(RetryMode::Adaptive),
        ),
        (&[("AWS_MAX_ATTEMPTS", "1")], "", Some(1), None),
        (&[], "[default]\nregion = eu-west-1\n", None, None),
    ];
    for (env, config, max_attempts, retry_mode) in cases {
        let found = settings(env, config);
        assert_eq!(
            (found.max_attempts, found.retry_mode),
            (max_attempts, retry_mode),
            "env {env:?}, config {config:?}"
        );
    }
}

#[test]
fn every_retry_mode_maps_to_the_standard_policy_with_the_attempts_set() {
    let standard = RetryConfig::standard();
    let cases = [
        ("", None),
        (
            "[default]\nmax_attempts = 5\n",
            Some(standard.with_max_attempts(5)),
        ),
        ("[default]\nretry_mode = standard\n", Some(standard)),
        ("[default]\nretry_mode = legacy\n", Some(standard)),
        ("[default]\nretry_mode = ADAPTIVE\n", Some(standard)),
        (
            "[default]\nretry_mode = adaptive\nmax_attempts = 1\n",
            Some(RetryConfig::disabled()),
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(
            settings(&[], config).retry_config(),
            expected,
            "config {config:?}"
        );
    }
}

#[test]
fn unusable_retry_settings_name_the_variable_or_profile_key() {
    let cases: [ErrorCase; 7] = [
        (
            &[("AWS_MAX_ATTEMPTS", "0")],
            "",
            "environment variable `AWS_MAX_ATTEMPTS` must be a whole number of attempts of 1 \
             or more, not `0`",
        ),
        (
            &[("AWS_MAX_ATTEMPTS", "-3")],
            "",
            "environment variable `AWS_MAX_ATTEMPTS` must be a whole number of attempts of 1 \
             or more, not `-3`",
        ),
        (
            &[("AWS_MAX_ATTEMPTS", "three")],
            "[default]\nmax_attempts = 3\n",
            "environment variable `AWS_MAX_ATTEMPTS` must be a whole number of attempts of 1 \
             or more, not `three`",
        ),
        (
            &[],
            "[default]\nmax_attempts = 2.5\n",
            "setting `max_attempts` of profile `default` must be a whole number of attempts of \
             1 or more, not `2.5`",
        ),
        (
            &[],
            "[default]\nmax_attempts = 99999999999\n",
            "setting `max_attempts` of profile `default` must be a whole number of attempts of \
             1 or more, not `99999999999`",
        ),
        (
            &[("AWS_RETRY_MODE", "fast")],
            "[default]\nretry_mode = standard\n",
            "environment variable `AWS_RETRY_MODE` must be `standard`, `legacy` or `adaptive`, \
             not `fast`",
        ),
        (
            &[],
            "[default]\nretry_mode = standard-ish\n",
            "setting `retry_mode` of profile `default` must be `standard`, `legacy` or \
             `adaptive`, not `standard-ish`",
        ),
    ];
    for (env, config, expected) in cases {
        assert_eq!(
            error(env, config),
            expected,
            "env {env:?}, config {config:?}"
        );
    }
}

#[test]
fn retry_settings_reach_the_client_config_and_code_wins() {
    let set = profiles("[default]\nmax_attempts = 6\n");
    let env = Env::from_pairs([("AWS_RETRY_MODE", "adaptive")]);
    let loaded = ConfigLoader::new().build(&env, &set).unwrap();
    assert_eq!(
        loaded.retry(),
        &RetryConfig::standard().with_max_attempts(6)
    );

    let from_code = ConfigLoader::new()
        .retry_config(RetryConfig::disabled())
        .build(&env, &set)
        .unwrap();
    assert_eq!(from_code.retry(), &RetryConfig::disabled());

    let nothing = ConfigLoader::new()
        .build(&Env::default(), &ProfileSet::new())
        .unwrap();
    assert_eq!(nothing.retry(), &RetryConfig::standard());

    let broken = ConfigLoader::new().build(&Env::from_pairs([("AWS_MAX_ATTEMPTS", "0")]), &set);
    assert_eq!(
        broken.map(|_| ()).map_err(|error| error.to_string()),
        Err(
            "environment variable `AWS_MAX_ATTEMPTS` must be a whole number of attempts of 1 \
             or more, not `0`"
                .to_owned()
        )
    );
}

#[test]
fn the_selected_profile_is_the_one_read_and_a_missing_profile_contributes_nothing() {
    let set = parse_profile_files(
        Some("[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-northeast-1\n"),
        None,
    )
    .unwrap();
    let env = Env::default();
    let dev = Settings::resolve(&env, &set, "dev").unwrap();
    assert_eq!(dev.region.as_deref(), Some("ap-northeast-1"));
    let missing = Settings::resolve(&env, &set, "nope").unwrap();
    assert_eq!(missing, Settings::default());
}

#[test]
fn values_set_in_code_win_and_settings_reach_the_client_config() {
    let env = Env::from_pairs([
        ("AWS_REGION", "us-west-2"),
        ("AWS_ENDPOINT_URL_STS", "http://env-sts:3"),
        ("AWS_USE_FIPS_ENDPOINT", "true"),
        ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
    ]);
    let set = profiles(PROFILE_ALL);
    let from_env = ConfigLoader::new().build(&env, &set).unwrap();
    assert_eq!(from_env.region(), Some("us-west-2"));
    assert_eq!(from_env.endpoint_url(), Some("http://env-sts:3"));
    assert!(from_env.use_fips() && from_env.use_dual_stack() && from_env.use_global_endpoint());

    let from_code = ConfigLoader::new()
        .region("ca-central-1")
        .endpoint_url("http://code:5")
        .build(&env, &set)
        .unwrap();
    assert_eq!(from_code.region(), Some("ca-central-1"));
    assert_eq!(from_code.endpoint_url(), Some("http://code:5"));

    let nothing = ConfigLoader::new()
        .build(&Env::default(), &ProfileSet::new())
        .unwrap();
    assert_eq!(nothing.region(), None);
    assert_eq!(nothing.endpoint_url(), None);
    assert!(!nothing.use_fips() && !nothing.use_dual_stack() && !nothing.use_global_endpoint());
    assert!(
        nothing.credentials_provider().is_some(),
        "the default chain is always set"
    );
}
