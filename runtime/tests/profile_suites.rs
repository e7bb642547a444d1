//! Runs every case of the cross-SDK profile suites in `../shared/testdata/profile/`
//! (`profile-parser-tests.json`, `file-location-tests.json`, `assume-role-tests.json`), one
//! `#[test]` per case. Each suite also has a test checking that the list of generated tests
//! matches the cases in its file exactly, so no case is skipped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Map, Value};
use stsgen_runtime::profile::{
    parse_profile_files, resolve_chain, resolve_locations, selected_profile_name, BaseCredentials,
    Env, Platform, Profile, ProfileChain, ProfileSet, SSO_SESSION_PREFIX,
};

/// One JSON suite file: where the case list is and which field names a case.
struct Suite {
    file: &'static str,
    /// `Some(key)` if the cases are under `key` of a top-level object, `None` for a bare array.
    cases_key: Option<&'static str>,
    name_key: &'static str,
    runner: fn(&Value) -> Result<(), String>,
}

const PARSER: Suite = Suite {
    file: "profile-parser-tests.json",
    cases_key: Some("tests"),
    name_key: "name",
    runner: run_parser_case,
};

const LOCATION: Suite = Suite {
    file: "file-location-tests.json",
    cases_key: Some("tests"),
    name_key: "name",
    runner: run_location_case,
};

const ASSUME_ROLE: Suite = Suite {
    file: "assume-role-tests.json",
    cases_key: None,
    name_key: "docs",
    runner: run_assume_role_case,
};

fn suite_dir() -> PathBuf {
    // The workspace root is the parent of this crate; shared data sits beside the workspace.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata/profile")
}

fn load_cases(suite: &Suite) -> Vec<Value> {
    let dir = suite_dir();
    assert!(
        dir.is_dir(),
        "profile test data directory is missing: {} (expected ../shared/testdata/profile \
         relative to the workspace root)",
        dir.display()
    );
    let path = dir.join(suite.file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read suite {}: {e}", path.display()));
    let root: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("suite {} is not valid JSON: {e}", path.display()));
    let cases = match suite.cases_key {
        Some(key) => &root[key],
        None => &root,
    };
    match cases.as_array() {
        Some(cases) => cases.clone(),
        None => panic!("suite {} has no case array", path.display()),
    }
}

fn case_name<'a>(suite: &Suite, case: &'a Value) -> &'a str {
    case[suite.name_key].as_str().unwrap_or("<unnamed>")
}

fn run_case(suite: &Suite, index: usize, name: &str) {
    let cases = load_cases(suite);
    let Some(case) = cases.get(index) else {
        panic!("{} has no case #{index} (`{name}`)", suite.file);
    };
    assert_eq!(
        case_name(suite, case),
        name,
        "{} case #{index} changed name",
        suite.file
    );
    if let Err(message) = (suite.runner)(case) {
        panic!("{} case #{index} `{name}` failed: {message}", suite.file);
    }
}

fn check_case_list(suite: &Suite, listed: &[(usize, &str)]) {
    let cases = load_cases(suite);
    let in_file: Vec<(usize, &str)> = cases
        .iter()
        .enumerate()
        .map(|(index, case)| (index, case_name(suite, case)))
        .collect();
    assert_eq!(
        listed,
        in_file.as_slice(),
        "the generated tests for {} do not match its cases",
        suite.file
    );
}

macro_rules! suite_tests {
    ($module:ident, $suite:expr, { $($test:ident => ($index:expr, $name:expr),)* }) => {
        mod $module {
            const CASES: &[(usize, &str)] = &[$(($index, $name)),*];

            #[test]
            fn every_case_in_the_file_has_a_test() {
                super::check_case_list(&$suite, CASES);
            }

            $(
                #[test]
                fn $test() {
                    super::run_case(&$suite, $index, $name);
                }
            )*
        }
    };
}

// ---------------------------------------------------------------------------------------------
// profile-parser-tests.json

fn str_field<'a>(value: &'a Value, key: &str) -> Result<Option<&'a str>, String> {
    match &value[key] {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(format!("`{key}` is not a string: {other}")),
    }
}

fn sections_json<'a>(sections: impl Iterator<Item = &'a Profile>) -> Value {
    let map: Map<String, Value> = sections
        .map(|section| {
            let properties: Map<String, Value> = section
                .properties()
                .map(|(key, value)| (key.to_owned(), json!(value)))
                .collect();
            (section.name().to_owned(), Value::Object(properties))
        })
        .collect();
    Value::Object(map)
}

fn run_parser_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let result = parse_profile_files(
        str_field(input, "configFile")?,
        str_field(input, "credentialsFile")?,
    );
    let output = &case["output"];
    if let Some(expected) = str_field(output, "errorContaining")? {
        return match result {
            Err(error) if error.to_string().contains(expected) => Ok(()),
            Err(error) => Err(format!("error `{error}` does not contain `{expected}`")),
            Ok(set) => Err(format!(
                "expected an error containing `{expected}`, got {set:?}"
            )),
        };
    }
    let set = result.map_err(|e| format!("unexpected error: {e}"))?;
    let expected = &output["config"];
    let actual_profiles = sections_json(set.profiles());
    if actual_profiles != expected["profiles"] {
        return Err(format!(
            "profiles differ\nexpected: {}\nactual:   {actual_profiles}",
            expected["profiles"]
        ));
    }
    if !expected["sso_sessions"].is_null() {
        let actual_sessions = sections_json(set.sso_sessions());
        if actual_sessions != expected["sso_sessions"] {
            return Err(format!(
                "sso_sessions differ\nexpected: {}\nactual:   {actual_sessions}",
                expected["sso_sessions"]
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// file-location-tests.json

fn run_location_case(case: &Value) -> Result<(), String> {
    let environment = case["environment"]
        .as_object()
        .ok_or("`environment` is not an object")?;
    let mut pairs = Vec::new();
    for (name, value) in environment {
        let value = value
            .as_str()
            .ok_or_else(|| format!("environment value of {name} is not a string"))?;
        pairs.push((name.clone(), value.to_owned()));
    }
    let env = Env::from_pairs(pairs);
    let platform = match str_field(case, "platform")? {
        Some("linux") => Platform::Unix,
        Some("windows") => Platform::Windows,
        other => return Err(format!("unknown platform {other:?}")),
    };
    let locations = resolve_locations(&env, platform);
    let actual = [
        ("configLocation", locations.config_file.to_str()),
        ("credentialsLocation", locations.credentials_file.to_str()),
        ("profile", Some(selected_profile_name(&env))),
    ];
    for (key, actual) in actual {
        // Not every case states every field (one omits `profile`).
        let Some(expected) = str_field(case, key)? else {
            continue;
        };
        if actual != Some(expected) {
            return Err(format!("{key}: expected `{expected}`, got {actual:?}"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// assume-role-tests.json

fn sections_from_json(value: &Value) -> Result<Vec<Profile>, String> {
    let Some(object) = value.as_object() else {
        return Ok(Vec::new());
    };
    object
        .iter()
        .map(|(name, properties)| {
            let properties = properties
                .as_object()
                .ok_or_else(|| format!("section {name} is not an object"))?;
            let mut pairs = BTreeMap::new();
            for (key, value) in properties {
                let value = value
                    .as_str()
                    .ok_or_else(|| format!("{name}.{key} is not a string"))?;
                pairs.insert(key.clone(), value.to_owned());
            }
            Ok(Profile::new(name.clone(), pairs))
        })
        .collect()
}

/// Insert `value` under `key` when present, mirroring the suite's optional fields.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), json!(value));
    }
}

fn chain_json(chain: &ProfileChain) -> Result<Value, String> {
    let mut fields = Map::new();
    let base = match &chain.base {
        BaseCredentials::AccessKey(keys) => {
            fields.insert("access_key_id".into(), json!(keys.access_key_id));
            fields.insert("secret_access_key".into(), json!(keys.secret_access_key));
            put(&mut fields, "session_token", keys.session_token.as_ref());
            put(&mut fields, "account_id", keys.account_id.as_ref());
            json!({ "AccessKey": fields })
        }
        BaseCredentials::NamedSource(source) => json!({ "NamedSource": source.as_str() }),
        BaseCredentials::WebIdentityToken {
            role_arn,
            token_file,
            session_name,
        } => {
            fields.insert("role_arn".into(), json!(role_arn));
            fields.insert("web_identity_token_file".into(), json!(token_file));
            put(&mut fields, "role_session_name", session_name.as_ref());
            json!({ "WebIdentityToken": fields })
        }
        BaseCredentials::Sso(sso) => {
            fields.insert("sso_region".into(), json!(sso.region));
            fields.insert("sso_start_url".into(), json!(sso.start_url));
            put(&mut fields, "sso_session", sso.session_name.as_ref());
            put(&mut fields, "sso_account_id", sso.account_id.as_ref());
            put(&mut fields, "sso_role_name", sso.role_name.as_ref());
            json!({ "Sso": fields })
        }
        BaseCredentials::CredentialProcess(process) => {
            fields.insert("command".into(), json!(process.command));
            put(&mut fields, "account_id", process.account_id.as_ref());
            json!({ "CredentialProcess": fields })
        }
        BaseCredentials::LoginSession { login_session_arn } => {
            json!({ "LoginSession": { "login_session_arn": login_session_arn } })
        }
        other => return Err(format!("base source not known to this runner: {other:?}")),
    };
    let mut providers = vec![base];
    for step in &chain.chain {
        let mut fields = Map::new();
        fields.insert("role_arn".into(), json!(step.role_arn));
        put(&mut fields, "external_id", step.external_id.as_ref());
        put(&mut fields, "role_session_name", step.session_name.as_ref());
        put(&mut fields, "mfa_serial", step.mfa_serial.as_ref());
        if let Some(seconds) = step.duration_seconds {
            fields.insert("duration_seconds".into(), json!(seconds));
        }
        providers.push(json!({ "AssumeRole": fields }));
    }
    Ok(Value::Array(providers))
}

fn run_assume_role_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let selected = str_field(input, "selected_profile")?.ok_or("no selected_profile")?;
    let mut set = ProfileSet::new().with_selected_profile(selected);
    for profile in sections_from_json(&input["profiles"])? {
        set.insert_profile(profile);
    }
    for session in sections_from_json(&input["sso_sessions"])? {
        set.insert_section(SSO_SESSION_PREFIX, session);
    }
    let result = resolve_chain(&set, set.selected_profile_name());
    let output = &case["output"];
    if let Some(expected) = str_field(output, "Error")? {
        return match result {
            Err(error) if error.to_string().contains(expected) => Ok(()),
            Err(error) => Err(format!("error `{error}` does not contain `{expected}`")),
            Ok(chain) => Err(format!(
                "expected an error containing `{expected}`, got {chain:?}"
            )),
        };
    }
    let chain = result.map_err(|e| format!("unexpected error: {e}"))?;
    let actual = chain_json(&chain)?;
    if actual != output["ProfileChain"] {
        return Err(format!(
            "chain differs\nexpected: {}\nactual:   {actual}",
            output["ProfileChain"]
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generated case lists (one test per case; names carry the case index because some suite
// names repeat).

suite_tests!(parser_suite, super::PARSER, {
    parser_00_empty_files_have_no_profiles => (0, "Empty files have no profiles."),
    parser_01_empty_profiles_have_no_properties => (1, "Empty profiles have no properties."),
    parser_02_profile_names_support_alphanumeric_characters_and => (2, "Profile names support alphanumeric characters and - / . % @ _ : +"),
    parser_03_profile_definitions_must_end_with_brackets => (3, "Profile definitions must end with brackets."),
    parser_04_profile_names_should_be_trimmed => (4, "Profile names should be trimmed."),
    parser_05_tabs_can_separate_profile_names_from_profile_prefix => (5, "Tabs can separate profile names from profile prefix."),
    parser_06_properties_must_be_defined_in_a_profile => (6, "Properties must be defined in a profile."),
    parser_07_profiles_can_contain_properties => (7, "Profiles can contain properties."),
    parser_08_windows_style_line_endings_are_supported => (8, "Windows style line endings are supported."),
    parser_09_equals_signs_are_supported_in_property_values => (9, "Equals signs are supported in property values."),
    parser_10_unicode_characters_are_supported_in_property_values => (10, "Unicode characters are supported in property values."),
    parser_11_profiles_can_contain_multiple_properties => (11, "Profiles can contain multiple properties."),
    parser_12_profiles_can_contain_multiple_properties => (12, "Profiles can contain multiple properties."),
    parser_13_property_keys_and_values_are_trimmed => (13, "Property keys and values are trimmed."),
    parser_14_property_values_can_be_empty => (14, "Property values can be empty."),
    parser_15_property_key_cannot_be_empty => (15, "Property key cannot be empty."),
    parser_16_property_definitions_must_contain_an_equals_sign => (16, "Property definitions must contain an equals sign."),
    parser_17_multiple_profiles_can_be_empty => (17, "Multiple profiles can be empty."),
    parser_18_multiple_profiles_can_have_properties => (18, "Multiple profiles can have properties."),
    parser_19_blank_lines_are_ignored => (19, "Blank lines are ignored."),
    parser_20_pound_sign_comments_are_ignored => (20, "Pound sign comments are ignored."),
    parser_21_semicolon_sign_comments_are_ignored => (21, "Semicolon sign comments are ignored."),
    parser_22_all_comment_types_can_be_used_together => (22, "All comment types can be used together."),
    parser_23_comments_can_be_empty => (23, "Comments can be empty."),
    parser_24_comments_can_be_adjacent_to_profile_names => (24, "Comments can be adjacent to profile names."),
    parser_25_comments_adjacent_to_values_are_included_in_the_value => (25, "Comments adjacent to values are included in the value."),
    parser_26_property_values_can_be_continued_on_the_next_line => (26, "Property values can be continued on the next line."),
    parser_27_property_values_can_be_continued_with_multiple_lines => (27, "Property values can be continued with multiple lines."),
    parser_28_continuations_are_trimmed => (28, "Continuations are trimmed."),
    parser_29_continuation_values_include_pound_comments => (29, "Continuation values include pound comments."),
    parser_30_continuation_values_include_semicolon_comments => (30, "Continuation values include semicolon comments."),
    parser_31_continuations_cannot_be_used_outside_of_a_profile => (31, "Continuations cannot be used outside of a profile."),
    parser_32_continuations_cannot_be_used_outside_of_a_property => (32, "Continuations cannot be used outside of a property."),
    parser_33_continuations_reset_with_profile_definitions => (33, "Continuations reset with profile definitions."),
    parser_34_duplicate_profiles_in_the_same_file_merge_properties => (34, "Duplicate profiles in the same file merge properties."),
    parser_35_duplicate_properties_in_a_profile_use_the_last_one_defined => (35, "Duplicate properties in a profile use the last one defined."),
    parser_36_duplicate_properties_in_duplicate_profiles_use_the_last_one => (36, "Duplicate properties in duplicate profiles use the last one defined."),
    parser_37_duplicate_properties_in_duplicate_profiles_use_the_last_one => (37, "Duplicate properties in duplicate profiles use the last one defined (case insensitive)."),
    parser_38_default_profile_with_profile_prefix_overrides_default_profil => (38, "Default profile with profile prefix overrides default profile without prefix when profile prefix is first."),
    parser_39_default_profile_with_profile_prefix_overrides_default_profil => (39, "Default profile with profile prefix overrides default profile without prefix when profile prefix is last."),
    parser_40_invalid_profile_names_are_ignored => (40, "Invalid profile names are ignored."),
    parser_41_invalid_property_names_are_ignored => (41, "Invalid property names are ignored."),
    parser_42_all_valid_profile_name_characters_are_supported => (42, "All valid profile name characters are supported."),
    parser_43_all_valid_property_name_characters_are_supported => (43, "All valid property name characters are supported."),
    parser_44_properties_can_have_sub_properties => (44, "Properties can have sub-properties."),
    parser_45_invalid_sub_property_definitions_cause_an_error => (45, "Invalid sub-property definitions cause an error."),
    parser_46_sub_property_definitions_can_have_an_empty_value => (46, "Sub-property definitions can have an empty value."),
    parser_47_sub_property_definitions_cannot_have_an_empty_name => (47, "Sub-property definitions cannot have an empty name."),
    parser_48_sub_property_definitions_can_have_an_invalid_name => (48, "Sub-property definitions can have an invalid name."),
    parser_49_sub_properties_can_have_blank_lines_that_are_ignored => (49, "Sub-properties can have blank lines that are ignored"),
    parser_50_profiles_duplicated_in_multiple_files_are_merged => (50, "Profiles duplicated in multiple files are merged."),
    parser_51_default_profiles_with_mixed_prefixes_in_the_config_file_igno => (51, "Default profiles with mixed prefixes in the config file ignore the one without prefix when merging."),
    parser_52_default_profiles_with_mixed_prefixes_merge_with_credentials => (52, "Default profiles with mixed prefixes merge with credentials"),
    parser_53_duplicate_properties_between_files_uses_credentials_property => (53, "Duplicate properties between files uses credentials property."),
    parser_54_config_profiles_without_prefix_are_ignored => (54, "Config profiles without prefix are ignored."),
    parser_55_credentials_profiles_with_prefix_are_ignored => (55, "Credentials profiles with prefix are ignored."),
    parser_56_comment_characters_adjacent_to_profile_decls => (56, "Comment characters adjacent to profile decls"),
    parser_57_invalid_continuation => (57, "Invalid continuation"),
    parser_58_sneaky_profile_name => (58, "sneaky profile name"),
    parser_59_profile_name_with_extra_whitespace => (59, "profile name with extra whitespace"),
    parser_60_profile_name_with_extra_whitespace_in_credentials => (60, "profile name with extra whitespace in credentials"),
    parser_61_properties_from_an_invalid_profile_name_are_ignored => (61, "properties from an invalid profile name are ignored"),
    parser_62_sso_session_with_properties => (62, "sso-session with properties"),
    parser_63_sso_session_without_the_space_before_the_name_is_a_profile => (63, "sso-session without the space before the name is a profile"),
    parser_64_a_typo_d_sso_session_will_be_ignored => (64, "A typo'd sso-session will be ignored"),
});

suite_tests!(location_suite, super::LOCATION, {
    location_00_user_home_is_loaded_from_home_with_highest_priority_on_non_w => (0, "User home is loaded from $HOME with highest priority on non-windows platforms."),
    location_01_user_home_is_loaded_from_home_with_highest_priority_on_windo => (1, "User home is loaded from $HOME with highest priority on windows platforms."),
    location_02_user_home_is_loaded_from_userprofile_on_windows_platforms_wh => (2, "User home is loaded from $USERPROFILE on windows platforms when $HOME is not set."),
    location_03_user_home_is_loaded_from_homedrive_homepath_on_windows_platf => (3, "User home is loaded from $HOMEDRIVE$HOMEPATH on windows platforms when $HOME and $USERPROFILE are not set."),
    location_04_the_default_config_location_can_be_overridden_by_the_user_on => (4, "The default config location can be overridden by the user on non-windows platforms."),
    location_05_the_default_credentials_location_can_be_overridden_by_the_us => (5, "The default credentials location can be overridden by the user on non-windows platforms."),
    location_06_the_default_credentials_location_can_be_overridden_by_the_us => (6, "The default credentials location can be overridden by the user on windows platforms."),
    location_07_the_default_credentials_location_can_be_overridden_by_the_us => (7, "The default credentials location can be overridden by the user on windows platforms."),
    location_08_the_default_profile_can_be_overridden_via_environment_variab => (8, "The default profile can be overridden via environment variable."),
});

suite_tests!(assume_role_suite, super::ASSUME_ROLE, {
    assume_role_00_basic_test_case_a_role_arn_backed_by_a_static_credential => (0, "basic test case, a role_arn backed by a static credential"),
    assume_role_01_ignore_explicit_credentials_when_source_profile_is_specified => (1, "ignore explicit credentials when source profile is specified"),
    assume_role_02_load_role_session_name_for_the_assumerole_provider => (2, "load role_session_name for the AssumeRole provider"),
    assume_role_03_load_external_id_for_the_assumerole_provider => (3, "load external id for the AssumeRole provider"),
    assume_role_04_self_referential_profile_first_load_base_creds_then_use_for => (4, "self referential profile (first load base creds, then use for the role)"),
    assume_role_05_load_credentials_from_a_credential_source => (5, "Load credentials from a credential_source"),
    assume_role_06_role_arn_without_source_source_profile => (6, "role_arn without source source_profile"),
    assume_role_07_source_profile_and_credential_source_both_present => (7, "source profile and credential source both present"),
    assume_role_08_partial_credentials_error_missing_secret => (8, "partial credentials error (missing secret)"),
    assume_role_09_partial_credentials_error_missing_access_key => (9, "partial credentials error (missing access key)"),
    assume_role_10_missing_credentials_error_empty_source_profile => (10, "missing credentials error (empty source profile)"),
    assume_role_11_profile_only_contains_configuration => (11, "profile only contains configuration"),
    assume_role_12_missing_source_profile => (12, "missing source profile"),
    assume_role_13_missing_root_profile_should_never_happen_in_practice => (13, "missing root profile (should never happen in practice)"),
    assume_role_14_multiple_chained_assume_role_profiles => (14, "multiple chained assume role profiles"),
    assume_role_15_chained_assume_role_profiles_with_static_credentials_ignore => (15, "chained assume role profiles with static credentials (ignore assume role when static credentials present)"),
    assume_role_16_assume_role_profile_infinite_loop => (16, "assume role profile infinite loop"),
    assume_role_17_infinite_loop_with_static_credentials => (17, "infinite loop with static credentials"),
    assume_role_18_web_identity_role => (18, "web identity role"),
    assume_role_19_web_identity_role_with_session_name => (19, "web identity role with session name"),
    assume_role_20_web_identity_role => (20, "web identity role"),
    assume_role_21_web_identity_token_as_source_profile => (21, "web identity token as source profile"),
    assume_role_22_sso_credentials_profile_selected => (22, "SSO credentials profile selected"),
    assume_role_23_invalid_sso_credentials_configuration_missing_account_id => (23, "invalid SSO credentials configuration: missing account ID"),
    assume_role_24_invalid_sso_credentials_configuration_missing_role_name => (24, "invalid SSO credentials configuration: missing role name"),
    assume_role_25_invalid_sso_token_configuration_sso_region_must_be_in_sso_se => (25, "invalid SSO token configuration: sso_region must be in sso-session"),
    assume_role_26_sso_token_profile_selected => (26, "SSO token profile selected"),
    assume_role_27_invalid_sso_token_configuration_sso_session_not_found => (27, "invalid SSO token configuration: sso-session not found"),
});
