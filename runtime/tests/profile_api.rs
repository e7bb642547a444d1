//! Behaviour of the profile API beyond the cross-SDK suites: error messages (file, line,
//! profile), secret redaction, chain details, and reading files from disk.

use std::path::{Path, PathBuf};

use stsgen_runtime::profile::{
    load, parse_profile_files, resolve_chain, BaseCredentials, CredentialSource, Env, FileKind,
    ParseErrorKind, Platform, Profile, ProfileChainError, ProfileFiles, ProfileSet, RoleStep,
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzEXAMPLETOKEN";

fn set_of(profiles: Vec<Profile>) -> ProfileSet {
    let mut set = ProfileSet::new();
    for profile in profiles {
        set.insert_profile(profile);
    }
    set
}

fn chain_error(set: &ProfileSet, name: &str) -> ProfileChainError {
    match resolve_chain(set, name) {
        Err(error) => error,
        Ok(chain) => panic!("expected an error, got {chain:?}"),
    }
}

// --- parse errors ---------------------------------------------------------------------------

#[test]
fn parse_error_names_file_and_line_without_quoting_the_line() {
    let config = "[profile a]\nregion = us-east-1\n\n[profile b]\naws_secret_access_key\n";
    let error = parse_profile_files(Some(config), None).err();
    let Some(error) = error else {
        panic!("expected a parse error");
    };
    assert_eq!(error.file(), FileKind::Config);
    assert_eq!(error.line(), 5);
    assert_eq!(error.kind(), ParseErrorKind::PropertyWithoutEquals);
    assert_eq!(error.path(), None);
    assert_eq!(
        error.to_string(),
        "config file, line 5: Expected an '=' sign defining a property"
    );
}

#[test]
fn parse_error_in_credentials_file_names_that_file() {
    let credentials = "[default]\naws_access_key_id = AKID\n  still the key\n\n[other\n";
    let error = parse_profile_files(Some("[profile ok]\n"), Some(credentials)).err();
    let Some(error) = error else {
        panic!("expected a parse error");
    };
    assert_eq!(error.file(), FileKind::Credentials);
    assert_eq!(error.line(), 5);
    assert_eq!(error.kind(), ParseErrorKind::MissingClosingBracket);
    assert_eq!(
        error.to_string(),
        "credentials file, line 5: Profile definition must end with ']'"
    );
}

#[test]
fn continuation_after_a_header_is_an_error_on_its_own_line() {
    let error = parse_profile_files(Some("[profile a]\n  x = 1\n"), None).err();
    assert_eq!(
        error.map(|e| (e.line(), e.kind())),
        Some((2, ParseErrorKind::ContinuationWithoutProperty))
    );
}

#[test]
fn sub_property_errors_carry_the_line() {
    let error = parse_profile_files(Some("[profile a]\ns3 =\n  a = 1\n  nonsense\n"), None).err();
    assert_eq!(
        error.map(|e| (e.line(), e.kind(), e.to_string())),
        Some((
            4,
            ParseErrorKind::SubPropertyWithoutEquals,
            "config file, line 4: Expected an '=' sign defining a sub-property".to_owned()
        ))
    );
}

#[test]
fn crlf_files_parse_with_correct_line_numbers() {
    let error = parse_profile_files(Some("[profile a]\r\nx = 1\r\n[broken\r\n"), None).err();
    assert_eq!(
        error.map(|e| (e.line(), e.kind())),
        Some((3, ParseErrorKind::MissingClosingBracket))
    );
}

// --- merged view ----------------------------------------------------------------------------

#[test]
fn services_sections_and_sub_properties_are_available() {
    let config = "[profile dev]\nservices = my-services\n\n[services my-services]\nsts =\n  \
                  endpoint_url = https://sts.example.test\n";
    let set = match parse_profile_files(Some(config), None) {
        Ok(set) => set,
        Err(error) => panic!("{error}"),
    };
    let services = set
        .profile("dev")
        .and_then(|profile| profile.get("services"));
    assert_eq!(services, Some("my-services"));
    let section = set.section("services", "my-services");
    assert_eq!(
        section.and_then(|s| s.sub_property("sts", "endpoint_url")),
        Some("https://sts.example.test")
    );
    assert!(set.section("services", "other").is_none());
}

// --- redaction ------------------------------------------------------------------------------

#[test]
fn profile_debug_redacts_secret_values() {
    let profile = Profile::new(
        "p",
        [
            ("aws_access_key_id", "AKIDEXAMPLE"),
            ("aws_secret_access_key", SECRET),
            ("aws_session_token", TOKEN),
            ("credential_process", "/bin/creds --password hunter2"),
        ],
    );
    let debug = format!("{:?}", set_of(vec![profile]));
    assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert_eq!(debug.matches("** redacted **").count(), 3, "{debug}");
}

#[test]
fn static_keys_debug_redacts_secret_and_token() {
    let profile = Profile::new(
        "p",
        [
            ("aws_access_key_id", "AKIDEXAMPLE"),
            ("aws_secret_access_key", SECRET),
            ("aws_session_token", TOKEN),
        ],
    );
    let chain = match resolve_chain(&set_of(vec![profile]), "p") {
        Ok(chain) => chain,
        Err(error) => panic!("{error}"),
    };
    let BaseCredentials::AccessKey(keys) = &chain.base else {
        panic!("expected static keys, got {:?}", chain.base);
    };
    assert_eq!(keys.secret_access_key, SECRET);
    assert_eq!(keys.session_token.as_deref(), Some(TOKEN));
    assert_eq!(
        format!("{keys:?}"),
        "StaticKeys { access_key_id: \"AKIDEXAMPLE\", secret_access_key: \"** redacted **\", \
         session_token: Some(\"** redacted **\"), account_id: None }"
    );
    let debug = format!("{chain:?}");
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[test]
fn credential_process_debug_hides_arguments() {
    let profile = Profile::new(
        "p",
        [
            ("credential_process", "/opt/creds --token s3cr3t"),
            ("aws_account_id", "1"),
        ],
    );
    let chain = match resolve_chain(&set_of(vec![profile]), "p") {
        Ok(chain) => chain,
        Err(error) => panic!("{error}"),
    };
    let BaseCredentials::CredentialProcess(process) = &chain.base else {
        panic!("expected credential_process, got {:?}", chain.base);
    };
    assert_eq!(process.command, "/opt/creds --token s3cr3t");
    assert_eq!(process.account_id.as_deref(), Some("1"));
    assert_eq!(
        format!("{process:?}"),
        "CredentialProcess { program: \"/opt/creds\", arguments: \"** redacted **\", \
         account_id: Some(\"1\") }"
    );
}

#[test]
fn chain_errors_never_show_secret_values() {
    let profile = Profile::new("p", [("aws_secret_access_key", SECRET)]);
    let error = chain_error(&set_of(vec![profile]), "p");
    assert_eq!(
        error.to_string(),
        "profile `p` is invalid: profile missing aws_access_key_id"
    );
}

#[test]
fn source_file_debug_hides_contents() {
    let files = ProfileFiles {
        credentials: Some(stsgen_runtime::profile::SourceFile {
            path: Some(PathBuf::from("/x/credentials")),
            contents: format!("[default]\naws_secret_access_key = {SECRET}\n"),
        }),
        ..ProfileFiles::default()
    };
    assert_eq!(files.selected_profile, "default");
    let debug = format!("{files:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("/x/credentials"), "{debug}");
}

// --- chain details and errors ---------------------------------------------------------------

#[test]
fn role_step_carries_all_role_settings() {
    let set = set_of(vec![
        Profile::new(
            "a",
            [
                ("role_arn", "arn:aws:iam::1:role/A"),
                ("source_profile", "b"),
                ("role_session_name", "s"),
                ("external_id", "e"),
                ("duration_seconds", "1800"),
                ("mfa_serial", "arn:aws:iam::1:mfa/u"),
            ],
        ),
        Profile::new("b", [("credential_source", "EcsContainer")]),
    ]);
    let chain = match resolve_chain(&set, "a") {
        Ok(chain) => chain,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(
        chain.base,
        BaseCredentials::NamedSource(CredentialSource::EcsContainer)
    );
    assert_eq!(chain.base_profile, "b");
    assert_eq!(
        chain.chain,
        vec![RoleStep {
            profile: "a".into(),
            role_arn: "arn:aws:iam::1:role/A".into(),
            external_id: Some("e".into()),
            session_name: Some("s".into()),
            duration_seconds: Some(1800),
            mfa_serial: Some("arn:aws:iam::1:mfa/u".into()),
        }]
    );
}

#[test]
fn loop_error_lists_the_path() {
    let set = set_of(vec![
        Profile::new("a", [("role_arn", "r"), ("source_profile", "b")]),
        Profile::new("b", [("role_arn", "r"), ("source_profile", "c")]),
        Profile::new("c", [("role_arn", "r"), ("source_profile", "a")]),
    ]);
    let error = chain_error(&set, "a");
    assert_eq!(
        error.to_string(),
        "profile formed an infinite loop: a -> b -> c -> a"
    );
}

#[test]
fn missing_profiles_are_named() {
    let set = set_of(vec![Profile::new(
        "a",
        [("role_arn", "r"), ("source_profile", "zz")],
    )]);
    assert_eq!(
        chain_error(&set, "a"),
        ProfileChainError::ProfileNotFound {
            profile: "zz".into(),
            referenced_from: Some("a".into())
        }
    );
    assert_eq!(
        chain_error(&set, "nope").to_string(),
        "the selected profile `nope` does not exist"
    );
    let default_missing = chain_error(&set, "default");
    assert_eq!(default_missing, ProfileChainError::NoDefaultProfile);
    assert!(default_missing.is_not_configured());
    assert!(chain_error(&ProfileSet::new(), "x").is_not_configured());
    assert!(!chain_error(&set, "nope").is_not_configured());
}

#[test]
fn conflicting_and_missing_role_sources_name_the_profile() {
    let set = set_of(vec![
        Profile::new(
            "both",
            [
                ("role_arn", "r"),
                ("source_profile", "x"),
                ("credential_source", "Environment"),
            ],
        ),
        Profile::new("neither", [("role_arn", "r")]),
    ]);
    assert_eq!(
        chain_error(&set, "both"),
        ProfileChainError::ConflictingSources {
            profile: "both".into()
        }
    );
    assert_eq!(
        chain_error(&set, "neither").to_string(),
        "profile `neither` sets `role_arn`, so the profile must contain `source_profile` or \
         `credential_source`, but neither is set"
    );
}

#[test]
fn unsupported_credential_source_is_rejected() {
    let set = set_of(vec![Profile::new(
        "a",
        [("role_arn", "r"), ("credential_source", "Ec2Metadata")],
    )]);
    assert_eq!(
        chain_error(&set, "a").to_string(),
        "profile `a` has unsupported credential_source `Ec2Metadata` (expected Environment, \
         Ec2InstanceMetadata or EcsContainer)"
    );
}

#[test]
fn duration_seconds_must_be_in_range() {
    for bad in ["abc", "899", "43201", "-1"] {
        let set = set_of(vec![Profile::new(
            "a",
            [
                ("role_arn", "r"),
                ("credential_source", "Environment"),
                ("duration_seconds", bad),
            ],
        )]);
        assert_eq!(
            chain_error(&set, "a"),
            ProfileChainError::InvalidDurationSeconds {
                profile: "a".into(),
                value: bad.into()
            }
        );
    }
}

#[test]
fn source_profile_errors_are_wrapped_with_the_source_name() {
    let set = set_of(vec![
        Profile::new("a", [("role_arn", "r"), ("source_profile", "b")]),
        Profile::new("b", [("region", "us-east-1")]),
    ]);
    let error = chain_error(&set, "a");
    let text = error.to_string();
    assert!(
        text.starts_with(
            "could not load source profile `b`: profile `b` did not contain credential information"
        ),
        "{text}"
    );
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(
        source.as_deref(),
        Some(text.trim_start_matches("could not load source profile `b`: "))
    );
}

#[test]
fn sso_session_missing_region_names_the_session() {
    let mut set = set_of(vec![Profile::new("a", [("sso_session", "dev")])]);
    set.insert_section(
        "sso-session",
        Profile::new("dev", [("sso_start_url", "https://x")]),
    );
    assert_eq!(
        chain_error(&set, "a").to_string(),
        "sso-session `dev` (referenced by profile `a`) is missing `sso_region`"
    );
}

#[test]
fn blank_values_count_as_unset() {
    let set = set_of(vec![Profile::new(
        "a",
        [
            ("role_arn", " "),
            ("aws_access_key_id", "AKID"),
            ("aws_secret_access_key", "s"),
            ("aws_session_token", ""),
        ],
    )]);
    let chain = match resolve_chain(&set, "a") {
        Ok(chain) => chain,
        Err(error) => panic!("{error}"),
    };
    assert!(chain.chain.is_empty());
    let BaseCredentials::AccessKey(keys) = chain.base else {
        panic!("expected static keys");
    };
    assert_eq!(keys.session_token, None);
}

// --- reading files --------------------------------------------------------------------------

/// A fresh directory for one test under Cargo's per-target scratch space.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("profile_api")
        .join(test);
    // A leftover from an earlier run is fine to replace.
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

fn write(path: &Path, contents: &[u8]) {
    if let Err(error) = std::fs::write(path, contents) {
        panic!("cannot write {}: {error}", path.display());
    }
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn files_are_read_from_env_locations_and_merged() {
    let dir = scratch_dir("merge");
    let config = dir.join("config");
    let credentials = dir.join("credentials");
    write(&config, b"[profile work]\nregion = eu-west-1\n");
    write(
        &credentials,
        b"[work]\naws_access_key_id = AKID\naws_secret_access_key = s\n",
    );
    let env = Env::from_pairs([
        ("AWS_CONFIG_FILE", path_str(&config)),
        ("AWS_SHARED_CREDENTIALS_FILE", path_str(&credentials)),
        ("AWS_PROFILE", "work".to_owned()),
    ]);
    let files = ProfileFiles::read(&env, Platform::current());
    assert_eq!(files.warnings, Vec::<String>::new());
    assert_eq!(files.selected_profile, "work");
    let set = match load(&env) {
        Ok(set) => set,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(set.selected_profile_name(), "work");
    let profile = set.selected_profile();
    assert_eq!(profile.and_then(|p| p.get("region")), Some("eu-west-1"));
    assert_eq!(
        profile.and_then(|p| p.get("aws_access_key_id")),
        Some("AKID")
    );
}

#[test]
fn missing_files_are_empty_and_env_overrides_warn() {
    let dir = scratch_dir("missing");
    let home = dir.join("home");
    let env = Env::from_pairs([
        ("HOME", path_str(&home)),
        ("AWS_CONFIG_FILE", path_str(&dir.join("nope"))),
    ]);
    let files = ProfileFiles::read(&env, Platform::Unix);
    assert_eq!(files.config, None);
    assert_eq!(files.credentials, None);
    assert_eq!(
        files.warnings,
        vec![format!(
            "config file `{}` (set in the environment) does not exist; ignoring it",
            dir.join("nope").display()
        )]
    );
    let set = match files.parse() {
        Ok(set) => set,
        Err(error) => panic!("{error}"),
    };
    assert!(set.is_empty());
}

#[test]
fn parse_errors_from_disk_name_the_path() {
    let dir = scratch_dir("bad");
    let config = dir.join("config");
    write(&config, b"[profile a]\nbroken line\n");
    let env = Env::from_pairs([
        ("AWS_CONFIG_FILE", path_str(&config)),
        ("AWS_SHARED_CREDENTIALS_FILE", path_str(&dir.join("none"))),
    ]);
    let error = load(&env).err();
    assert_eq!(
        error.map(|e| e.to_string()),
        Some(format!(
            "config file `{}`, line 2: Expected an '=' sign defining a property",
            config.display()
        ))
    );
}

#[test]
fn non_utf8_files_are_skipped_with_a_warning() {
    let dir = scratch_dir("utf8");
    let credentials = dir.join("credentials");
    write(&credentials, b"[default]\nx = \xff\n");
    let env = Env::from_pairs([
        ("AWS_CONFIG_FILE", path_str(&dir.join("none"))),
        ("AWS_SHARED_CREDENTIALS_FILE", path_str(&credentials)),
    ]);
    let files = ProfileFiles::read(&env, Platform::current());
    assert_eq!(files.credentials, None);
    assert_eq!(files.warnings.len(), 2, "{:?}", files.warnings);
    assert_eq!(
        files.warnings[1],
        format!(
            "credentials file `{}` is not valid UTF-8 (byte offset 14); ignoring it",
            credentials.display()
        )
    );
}
