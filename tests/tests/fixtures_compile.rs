//! Compile check for the generator's output: every fixture model in `tests/fixtures/` and every
//! historical STS model in `../shared/models/history/` is generated into a crate of a scratch
//! cargo workspace under `target/fixture-crates/`, which is then checked with warnings denied,
//! linted with clippy and documented with rustdoc warnings denied.
//!
//! Snapshots (`snapshots.rs`) only guard the text; this guards that the text is a crate that
//! builds cleanly against the runtime. The scratch workspace has its own `[workspace]` table so
//! cargo does not attach it to the main workspace, and its own target directory
//! (`target/fixture-crates-target/`) so it never waits on the main build's lock. Files are only
//! rewritten when their contents change, which keeps cargo's incremental cache warm.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One crate of the scratch workspace.
struct ScratchCrate {
    /// The Cargo package name, also the directory name.
    name: String,
    /// The model it is generated from.
    model: PathBuf,
}

/// The `.json` files directly in `dir`, sorted; fails when there are none.
fn models_in(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list the models in {}: {err}", dir.display()));
    let mut models: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|err| panic!("cannot list the models in {}: {err}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    models.sort();
    assert!(!models.is_empty(), "no .json models in {}", dir.display());
    models
}

fn file_stem(path: &Path) -> String {
    match path.file_stem() {
        Some(stem) => stem.to_string_lossy().into_owned(),
        None => panic!("{} has no file name", path.display()),
    }
}

/// The fixtures as `fixture-<name>` and the history models as `<file stem>` (`sts-2024-07-01`).
fn scratch_crates(root: &Path) -> Vec<ScratchCrate> {
    let fixtures = models_in(&root.join("tests/fixtures"))
        .into_iter()
        .map(|model| ScratchCrate {
            name: format!("fixture-{}", file_stem(&model).replace('_', "-")),
            model,
        });
    let history = models_in(&root.join("../shared/models/history"))
        .into_iter()
        .map(|model| ScratchCrate {
            name: file_stem(&model),
            model,
        });
    fixtures.chain(history).collect()
}

/// The path from directory `from` to `to`, both absolute, as `/`-separated relative text.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|part| part.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Writes `contents` to `path` unless the file already holds exactly that.
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

/// Generates every crate into `scratch` and writes the workspace manifest listing those that
/// generated; returns the generation failures, so one failing model does not hide the compile
/// results of the others. Files a crate no longer generates are left behind: nothing declares
/// them as modules, so the compiler never reads them.
fn write_scratch_workspace(root: &Path, scratch: &Path, crates: &[ScratchCrate]) -> Vec<String> {
    let runtime = root.join("runtime");
    let mut manifest = String::from(
        "# Written by tests/tests/fixtures_compile.rs: generated crates checked by that test.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    let mut failures = Vec::new();
    for krate in crates {
        let dir = scratch.join(&krate.name);
        let runtime_path = relative_path(&dir, &runtime);
        match xtask::generate_from_file(&krate.model, &krate.name, &runtime_path) {
            Ok(files) => {
                for file in files {
                    write_if_changed(&dir.join(&file.path), file.contents.as_bytes());
                }
                manifest.push_str(&format!("    \"{}\",\n", krate.name));
            }
            Err(message) => failures.push(message),
        }
    }
    manifest.push_str("]\n");
    write_if_changed(&scratch.join("Cargo.toml"), manifest.as_bytes());
    // The main workspace's lock file makes the scratch build resolve the runtime's dependencies
    // to the same versions (cargo prunes the entries it does not need).
    let lock = root.join("Cargo.lock");
    let lock_contents =
        std::fs::read(&lock).unwrap_or_else(|err| panic!("cannot read {}: {err}", lock.display()));
    write_if_changed(&scratch.join("Cargo.lock"), &lock_contents);
    failures
}

/// Runs `cargo <args>` in the scratch workspace with the given extra environment, failing with
/// cargo's full output (which names each failing file and line) when it does not succeed.
fn cargo(scratch: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from(env!("CARGO")));
    let mut command = Command::new(&cargo);
    command
        .args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        // Flags inherited from an outer cargo would override RUSTFLAGS and RUSTDOCFLAGS.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTDOCFLAGS");
    for (key, value) in env {
        command.env(key, value);
    }
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", Path::new(&cargo).display()));
    let summary = format!("cargo {} in {}", args.join(" "), scratch.display());
    eprintln!("{summary}: {:.1?}", started.elapsed());
    assert!(
        output.status.success(),
        "{summary} failed ({})\n--- stderr ---\n{}\n--- stdout ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout),
    );
}

#[test]
fn fixture_and_history_crates_compile_cleanly() {
    let root = xtask::workspace_root();
    let scratch = root.join("target/fixture-crates");
    let target = root.join("target/fixture-crates-target");
    let crates = scratch_crates(&root);
    let generation_failures = write_scratch_workspace(&root, &scratch, &crates);
    // Shown with a compile failure too, which stops the test before the final assertion.
    for failure in &generation_failures {
        eprintln!("not compiled: {failure}");
    }

    let deny = [("RUSTFLAGS", "-D warnings")];
    cargo(
        &scratch,
        &target,
        &[
            "check",
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--quiet",
        ],
        &deny,
    );
    cargo(
        &scratch,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &deny,
    );
    cargo(
        &scratch,
        &target,
        &["doc", "--workspace", "--no-deps", "--keep-going", "--quiet"],
        &[
            ("RUSTFLAGS", "-D warnings"),
            ("RUSTDOCFLAGS", "-D warnings"),
        ],
    );
    assert!(
        generation_failures.is_empty(),
        "the other crates compile, but these models do not generate:\n{}",
        generation_failures.join("\n")
    );
}

#[test]
fn relative_paths_walk_up_then_down() {
    let table = [
        (
            "/w/target/fixture-crates/a",
            "/w/runtime",
            "../../../runtime",
        ),
        ("/w/generated", "/w/runtime", "../runtime"),
        ("/w", "/w/runtime", "runtime"),
    ];
    for (from, to, expected) in table {
        assert_eq!(
            relative_path(Path::new(from), Path::new(to)),
            expected,
            "relative_path({from}, {to})"
        );
    }
}
