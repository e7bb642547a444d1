//! The endpoint resolvers of the older STS models: each model in `../shared/models/history/` is
//! generated into a crate of a scratch workspace under `target/endpoint-history/`, and that
//! crate's generated `tests/endpoint_tests.rs` (one test per `smithy.rules#endpointTests` case,
//! plus the `operationInputs` variants through `resolve_for_config`) is run with `cargo test`
//! (own target directory `target/endpoint-history-target/`).
//!
//! The resolvers are generated with today's partitions data. `sts-2024-07-01`'s cases were
//! written when the `aws-iso` and `aws-iso-b` partitions had no dual-stack endpoints, so four of
//! them expect the "does not support DualStack" errors that today's data no longer produces.
//! Those four must fail, exactly (so any other difference is caught), and the same model is also
//! generated a second time against partitions data with dual-stack turned off for those two
//! partitions (written under `target/`), where all of its cases must pass: that run covers the
//! rules' "partition does not support" error branches, which today's data never reaches.
//!
//! A synthetic rule set ([`synthetic_model`]) goes through the same pipeline: STS uses only
//! six functions, so this one calls every function the generator supports (`parseURL`,
//! `substring`, `uriEncode`, `isValidHostLabel`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`, `getAttr` on URLs, ARNs, arrays and partitions), assigns
//! owned, borrowed, optional and boolean results, uses templates in URLs, properties, headers
//! and errors, and has a required parameter without a default.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One generated crate and what its endpoint tests must do.
struct Scratch {
    /// Package name and directory.
    name: String,
    model: PathBuf,
    partitions: PathBuf,
    /// Tests that must fail, with the reason.
    known_failures: &'static [(&'static str, &'static str)],
}

/// Cases of `sts-2024-07-01` that expect partitions without dual-stack support.
const DRIFT_2024_07_01: &[(&str, &str)] = &[
    (
        "for_region_us_iso_east_1_with_fips_enabled_and_dual_stack_enabled",
        "aws-iso supports dual-stack in today's partitions data",
    ),
    (
        "for_region_us_iso_east_1_with_fips_disabled_and_dual_stack_enabled",
        "aws-iso supports dual-stack in today's partitions data",
    ),
    (
        "for_region_us_isob_east_1_with_fips_enabled_and_dual_stack_enabled",
        "aws-iso-b supports dual-stack in today's partitions data",
    ),
    (
        "for_region_us_isob_east_1_with_fips_disabled_and_dual_stack_enabled",
        "aws-iso-b supports dual-stack in today's partitions data",
    ),
];

/// The `.json` files in `dir`, sorted; fails when there are none.
fn models_in(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list the history models in {}: {err}", dir.display()));
    let mut models: Vec<PathBuf> = entries
        .map(|entry| match entry {
            Ok(entry) => entry.path(),
            Err(err) => panic!("cannot list {}: {err}", dir.display()),
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    models.sort();
    assert!(!models.is_empty(), "no .json models in {}", dir.display());
    models
}

fn stem(path: &Path) -> String {
    match path.file_stem() {
        Some(stem) => stem.to_string_lossy().into_owned(),
        None => panic!("{} has no file name", path.display()),
    }
}

/// Today's partitions data with dual-stack turned off for `aws-iso` and `aws-iso-b`, as the
/// `sts-2024-07-01` test cases expect.
fn partitions_of_2024(today: &Path, out: &Path) {
    let text = std::fs::read_to_string(today)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", today.display()));
    let mut data: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not JSON: {err}", today.display()));
    let partitions = data
        .get_mut("partitions")
        .and_then(serde_json::Value::as_array_mut)
        .unwrap_or_else(|| panic!("{} has no `partitions` array", today.display()));
    let mut changed = 0;
    for partition in partitions {
        let id = partition.get("id").and_then(serde_json::Value::as_str);
        if matches!(id, Some("aws-iso" | "aws-iso-b")) {
            partition["outputs"]["supportsDualStack"] = serde_json::Value::Bool(false);
            changed += 1;
        }
    }
    assert_eq!(
        changed,
        2,
        "aws-iso and aws-iso-b should both be in {}",
        today.display()
    );
    write_if_changed(out, data.to_string().as_bytes());
}

fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|err| panic!("cannot create {}: {err}", parent.display()));
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
}

/// Generates the crates and the workspace manifest (files rewritten only when they change, so
/// cargo's cache stays warm).
fn write_workspace(root: &Path, scratch: &Path, crates: &[Scratch]) {
    let mut manifest = String::from(
        "# Written by tests/tests/endpoint_history.rs.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for krate in crates {
        // From `target/endpoint-history/<name>/` to `runtime/`.
        let files = xtask::generate_with_partitions(
            &krate.model,
            &krate.partitions,
            &krate.name,
            "../../../runtime",
        )
        .unwrap_or_else(|err| panic!("{} does not generate: {err}", krate.name));
        assert!(
            files.iter().any(|f| f.path == "tests/endpoint_tests.rs"),
            "{} has no endpoint tests: the model should carry `smithy.rules#endpointTests`",
            krate.model.display()
        );
        for file in files {
            write_if_changed(
                &scratch.join(&krate.name).join(&file.path),
                file.contents.as_bytes(),
            );
        }
        manifest.push_str(&format!("    \"{}\",\n", krate.name));
    }
    manifest.push_str("]\n");
    write_if_changed(&scratch.join("Cargo.toml"), manifest.as_bytes());
    // The same dependency versions as the main workspace, without a registry look-up.
    let lock = root.join("Cargo.lock");
    let lock =
        std::fs::read(&lock).unwrap_or_else(|err| panic!("cannot read {}: {err}", lock.display()));
    write_if_changed(&scratch.join("Cargo.lock"), &lock);
}

/// The results of `cargo test -p <name> --test endpoint_tests`: passed and failed test names.
struct Outcome {
    passed: BTreeSet<String>,
    failed: BTreeSet<String>,
    output: String,
}

fn run_endpoint_tests(scratch: &Path, target: &Path, name: &str) -> Outcome {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from(env!("CARGO")));
    let started = Instant::now();
    let output = Command::new(&cargo)
        .args([
            "test",
            "-p",
            name,
            "--test",
            "endpoint_tests",
            "--no-fail-fast",
        ])
        .args(["--", "--format", "pretty"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", Path::new(&cargo).display()));
    eprintln!("cargo test -p {name}: {:.1?}", started.elapsed());
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut passed = BTreeSet::new();
    let mut failed = BTreeSet::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        if let Some(test) = rest.strip_suffix(" ... ok") {
            passed.insert(test.to_owned());
        } else if let Some(test) = rest.strip_suffix(" ... FAILED") {
            failed.insert(test.to_owned());
        }
    }
    let output = format!("--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
    assert!(
        !passed.is_empty() || !failed.is_empty(),
        "cargo test -p {name} ran no endpoint tests ({})\n{output}",
        output_status(&stderr)
    );
    Outcome {
        passed,
        failed,
        output,
    }
}

fn output_status(stderr: &str) -> &str {
    stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output")
}

/// How many tests the crate should have: one per case plus one per `operationInputs` entry.
fn expected_test_count(model: &Path) -> usize {
    let model = stsgen_model::load_file(model).unwrap_or_else(|err| panic!("{err}"));
    let service = model.service().unwrap_or_else(|err| panic!("{err}"));
    let cases = stsgen_model::rules::endpoint_tests(service).unwrap_or_else(|err| panic!("{err}"));
    cases.len()
        + cases
            .iter()
            .map(|c| c.operation_inputs.len())
            .sum::<usize>()
}

/// A service whose endpoint rules exercise every supported function and code path, with test
/// cases whose expectations were worked out by hand from the rules below.
fn synthetic_model() -> serde_json::Value {
    use serde_json::json;
    let r = |name: &str| json!({ "ref": name });
    let call = |function: &str, argv: serde_json::Value| json!({ "fn": function, "argv": argv });
    let assign = |function: &str, argv: serde_json::Value, name: &str| json!({ "fn": function, "argv": argv, "assign": name });
    let is_set = |name: &str| call("isSet", json!([r(name)]));
    let error = |message: &str| json!({ "type": "error", "conditions": [], "error": message });
    let rules = json!([
        { "type": "tree", "documentation": "A custom endpoint, parsed.",
          "conditions": [ is_set("Endpoint"), assign("parseURL", json!([r("Endpoint")]), "url") ],
          "rules": [
            { "type": "endpoint",
              "conditions": [ call("booleanEquals", json!([call("getAttr", json!([r("url"), "isIp"])), true])) ],
              "endpoint": { "url": "{url#scheme}://{url#authority}{url#normalizedPath}",
                            "headers": { "x-ip": [ "yes", "{url#authority}" ] } } },
            { "type": "endpoint", "conditions": [],
              "endpoint": { "url": "{url#scheme}://{Service}.{url#authority}{url#path}",
                            "properties": { "flag": true, "nested": { "list": [ "{Service}", "l{{i}}t" ] } } } }
          ] },
        { "type": "error", "conditions": [ is_set("Endpoint") ], "error": "Invalid endpoint: {Endpoint}" },
        { "type": "tree",
          "conditions": [ is_set("Arn"), assign("aws.parseArn", json!([r("Arn")]), "parsedArn") ],
          "rules": [
            { "type": "endpoint",
              "conditions": [ assign("getAttr", json!([r("parsedArn"), "resourceId[1]"]), "resource") ],
              "endpoint": { "url": "https://{resource}.{parsedArn#service}.{parsedArn#region}.example.com" } },
            { "type": "error", "conditions": [], "error": "ARN has no second resource part: {Arn}" }
          ] },
        { "type": "tree", "conditions": [ is_set("Bucket") ], "rules": [
            { "type": "endpoint",
              "conditions": [ call("aws.isVirtualHostableS3Bucket", json!([r("Bucket"), false])) ],
              "endpoint": { "url": "https://{Bucket}.s3.example.com" } },
            { "type": "endpoint",
              "conditions": [ assign("isValidHostLabel", json!([r("Bucket"), true]), "dotted"),
                              call("booleanEquals", json!([r("dotted"), true])) ],
              "endpoint": { "url": "https://s3.example.com/{Bucket}" } },
            { "type": "error",
              "conditions": [ assign("substring", json!([r("Bucket"), 0, 4, false]), "prefix"),
                              assign("substring", json!([r("Bucket"), 0, 2, true]), "suffix"),
                              assign("uriEncode", json!([r("Bucket")]), "encoded") ],
              "error": "bad bucket `{prefix}`..`{suffix}` ({encoded})" },
            error("bad short bucket")
          ] },
        { "type": "endpoint",
          "conditions": [ is_set("Tags"), assign("getAttr", json!([r("Tags"), "[0]"]), "first"),
                          call("not", json!([call("stringEquals", json!([r("first"), ""]))])) ],
          "endpoint": { "url": { "ref": "first" } } },
        { "type": "tree",
          "conditions": [ is_set("Region"), assign("aws.partition", json!([r("Region")]), "p") ],
          "rules": [
            { "type": "error",
              "conditions": [ call("booleanEquals", json!([r("UseFIPS"), true])),
                              call("stringEquals", json!([call("getAttr", json!([r("p"), "name"])), "aws-iso-f"])) ],
              "error": "no FIPS here" },
            { "type": "endpoint", "conditions": [ call("booleanEquals", json!([true, r("UseFIPS")])) ],
              "endpoint": { "url": "https://svc-fips.{Region}.{p#dnsSuffix}" } },
            { "type": "endpoint", "conditions": [],
              "endpoint": { "url": "https://svc.{Region}.{p#dnsSuffix}",
                            "properties": { "authSchemes": [ { "name": "sigv4", "signingRegion": "{p#implicitGlobalRegion}" } ] } } }
          ] },
        error("Missing Region")
    ]);
    let parameters = json!({
        "Region": { "type": "string", "builtIn": "AWS::Region", "documentation": "The region." },
        "Endpoint": { "type": "string", "builtIn": "SDK::Endpoint", "documentation": "A custom endpoint." },
        "UseFIPS": { "type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false,
                     "documentation": "FIPS endpoints." },
        "Service": { "type": "string", "required": true, "documentation": "A required name." },
        "Bucket": { "type": "string", "documentation": "A bucket." },
        "Arn": { "type": "string", "documentation": "An ARN." },
        "Tags": { "type": "stringArray", "documentation": "Tags." }
    });
    let case = |doc: &str, params: serde_json::Value, expect: serde_json::Value| json!({ "documentation": doc, "params": params, "expect": expect });
    let url = |url: &str| json!({ "endpoint": { "url": url } });
    let fails = |message: &str| json!({ "error": message });
    let mut required_case = case(
        "required parameter unset",
        json!({ "Region": "us-east-1" }),
        fails("the required endpoint parameter `Service` is not set"),
    );
    required_case["operationInputs"] = json!([
        { "operationName": "Op", "builtInParams": { "AWS::Region": "us-east-1" } }
    ]);
    let tests = json!([
        case(
            "ip endpoint",
            json!({ "Service": "s", "Endpoint": "https://127.0.0.1:8443/base" }),
            json!({ "endpoint": { "url": "https://127.0.0.1:8443/base/",
                                  "headers": { "x-ip": [ "yes", "127.0.0.1:8443" ] } } })
        ),
        case(
            "host endpoint",
            json!({ "Service": "svc", "Endpoint": "http://example.com" }),
            json!({ "endpoint": { "url": "http://svc.example.com",
                                  "properties": { "flag": true, "nested": { "list": [ "svc", "l{i}t" ] } } } })
        ),
        case(
            "endpoint with a query",
            json!({ "Service": "s", "Endpoint": "https://example.com?x=1" }),
            fails("Invalid endpoint: https://example.com?x=1")
        ),
        case(
            "arn",
            json!({ "Service": "s", "Arn": "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap" }),
            url("https://my-ap.s3.us-west-2.example.com")
        ),
        case(
            "arn without a second resource part",
            json!({ "Service": "s", "Arn": "arn:aws:s3:us-west-2:1:bucket" }),
            fails("ARN has no second resource part: arn:aws:s3:us-west-2:1:bucket")
        ),
        case(
            "not an arn",
            json!({ "Service": "s", "Arn": "nope", "Region": "us-east-1" }),
            json!({ "endpoint": { "url": "https://svc.us-east-1.amazonaws.com",
                                  "properties": { "authSchemes": [ { "name": "sigv4", "signingRegion": "us-east-1" } ] } } })
        ),
        case(
            "virtual hostable bucket",
            json!({ "Service": "s", "Bucket": "my-bucket" }),
            url("https://my-bucket.s3.example.com")
        ),
        case(
            "dotted bucket",
            json!({ "Service": "s", "Bucket": "My.Bucket" }),
            url("https://s3.example.com/My.Bucket")
        ),
        case(
            "invalid bucket",
            json!({ "Service": "s", "Bucket": "bad bucket!" }),
            fails("bad bucket `bad `..`t!` (bad%20bucket%21)")
        ),
        case(
            "short invalid bucket",
            json!({ "Service": "s", "Bucket": "b!" }),
            fails("bad short bucket")
        ),
        case(
            "tags",
            json!({ "Service": "s", "Tags": [ "first.example.com", "second" ] }),
            url("first.example.com")
        ),
        case(
            "empty tags",
            json!({ "Service": "s", "Tags": [] }),
            fails("Missing Region")
        ),
        case(
            "empty first tag",
            json!({ "Service": "s", "Tags": [ "" ] }),
            fails("Missing Region")
        ),
        case(
            "fips",
            json!({ "Service": "s", "Region": "cn-north-1", "UseFIPS": true }),
            url("https://svc-fips.cn-north-1.amazonaws.com.cn")
        ),
        case(
            "no fips in iso-f",
            json!({ "Service": "s", "Region": "us-isof-south-1", "UseFIPS": true }),
            fails("no FIPS here")
        ),
        case(
            "region by pattern",
            json!({ "Service": "s", "Region": "eusc-de-east-9" }),
            json!({ "endpoint": { "url": "https://svc.eusc-de-east-9.amazonaws.eu",
                                  "properties": { "authSchemes": [ { "name": "sigv4", "signingRegion": "eusc-de-east-1" } ] } } })
        ),
        required_case,
        case(
            "nothing set but the service",
            json!({ "Service": "s" }),
            fails("Missing Region")
        )
    ]);
    json!({
        "smithy": "2.0",
        "shapes": {
            "example.synthetic#Synthetic": {
                "type": "service",
                "version": "2024-01-01",
                "traits": {
                    "aws.protocols#awsQuery": {},
                    "smithy.api#documentation": "A service whose endpoint rules use the whole standard library.",
                    "smithy.rules#endpointRuleSet": { "version": "1.0", "parameters": parameters, "rules": rules },
                    "smithy.rules#endpointTests": { "version": "1.0", "testCases": tests }
                }
            }
        }
    })
}

#[test]
fn history_and_synthetic_rule_sets_pass_their_endpoint_tests() {
    let root = xtask::workspace_root();
    let scratch = root.join("target/endpoint-history");
    let target = root.join("target/endpoint-history-target");
    let today = xtask::default_partitions_path();
    assert!(
        today.is_file(),
        "the partitions data is missing at {}",
        today.display()
    );
    let era_partitions = scratch.join("partitions-2024-07.json");
    partitions_of_2024(&today, &era_partitions);

    let synthetic = scratch.join("synthetic-rules.json");
    write_if_changed(&synthetic, synthetic_model().to_string().as_bytes());
    let mut crates = vec![Scratch {
        name: "synthetic-rules".to_owned(),
        model: synthetic,
        partitions: today.clone(),
        known_failures: &[],
    }];
    for model in models_in(&root.join("../shared/models/history")) {
        let name = stem(&model);
        if name == "sts-2024-07-01" {
            crates.push(Scratch {
                name: format!("{name}-with-2024-partitions"),
                model: model.clone(),
                partitions: era_partitions.clone(),
                known_failures: &[],
            });
        }
        crates.push(Scratch {
            known_failures: if name == "sts-2024-07-01" {
                DRIFT_2024_07_01
            } else {
                &[]
            },
            name,
            model,
            partitions: today.clone(),
        });
    }
    write_workspace(&root, &scratch, &crates);

    let mut report = Vec::new();
    for krate in &crates {
        let outcome = run_endpoint_tests(&scratch, &target, &krate.name);
        let expected_failures: BTreeSet<String> = krate
            .known_failures
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        assert_eq!(
            outcome.failed, expected_failures,
            "{}: the failing endpoint tests differ from the known ones {:?}\n{}",
            krate.name, krate.known_failures, outcome.output
        );
        let ran = outcome.passed.len() + outcome.failed.len();
        assert_eq!(
            ran,
            expected_test_count(&krate.model),
            "{}: every case and operation input should run as a test\n{}",
            krate.name,
            outcome.output
        );
        report.push(format!(
            "{}: {} endpoint tests ran, {} passed, {} failed as known (partitions data drift)",
            krate.name,
            ran,
            outcome.passed.len(),
            outcome.failed.len()
        ));
    }
    eprintln!("{}", report.join("\n"));
}
