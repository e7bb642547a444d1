//! Snapshot tests of the generator's output for the small fixture models in `tests/fixtures/`,
//! one edge case each (see `tests/fixtures/README.md`).
//!
//! Each snapshot is every generated file, in the generator's order, each preceded by a
//! `// ===== <path> =====` line, so a review shows the whole crate a fixture produces. Whether
//! that crate compiles is checked by `fixtures_compile.rs`; this file only guards the text and
//! its determinism.
//!
//! To accept changed output: `INSTA_UPDATE=always cargo test -p stsgen-tests --test snapshots`
//! (or `cargo insta review`), then read the diff of `tests/tests/snapshots/`.

use std::path::{Path, PathBuf};

use stsgen_codegen::GeneratedFile;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Generates the crate for the model at `path`, named `crate_name`, with the runtime at
/// `../runtime` as in the committed STS crate.
fn generate(path: &Path, crate_name: &str) -> Vec<GeneratedFile> {
    xtask::generate_from_file(path, crate_name, "../runtime").unwrap_or_else(|err| panic!("{err}"))
}

/// All files of a generated crate as one text, each under a `// ===== path =====` line.
fn concatenate(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str("// ===== ");
        out.push_str(&file.path);
        out.push_str(" =====\n");
        out.push_str(&file.contents);
    }
    out
}

/// Generates fixture `name` and compares the whole crate with its snapshot.
fn check_fixture(name: &str) {
    let path = fixtures_dir().join(format!("{name}.json"));
    let files = generate(&path, &format!("fixture-{}", name.replace('_', "-")));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(&path);
    settings.bind(|| insta::assert_snapshot!(name, concatenate(&files)));
}

/// One test per fixture, so a failure names the edge case, plus the list of all of them.
macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        /// The fixture models, by file stem, sorted. `every_fixture_has_a_snapshot_test` keeps
        /// this list equal to the directory's contents.
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];

        $(
            #[test]
            fn $name() {
                check_fixture(stringify!($name));
            }
        )*
    };
}

fixture_tests!(
    empty_input_output,
    enums,
    errors,
    list_of_lists,
    maps,
    prelude_collisions,
    recursive_structure,
    required_and_defaults,
    reserved_words,
    sensitive_fields,
    timestamps_and_blobs,
    xml_names_and_flattening,
);

#[test]
fn every_fixture_has_a_snapshot_test() {
    let dir = fixtures_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list the fixtures in {}: {err}", dir.display()));
    let mut found: Vec<String> = entries
        .map(|entry| {
            entry.unwrap_or_else(|err| {
                panic!("cannot list the fixtures in {}: {err}", dir.display())
            })
        })
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        FIXTURES,
        "the fixture models in {} and the snapshot tests differ: add a test for each new fixture",
        dir.display()
    );
}

#[test]
fn generation_is_deterministic() {
    let sts = xtask::default_model_path();
    let mut models: Vec<PathBuf> = FIXTURES
        .iter()
        .map(|name| fixtures_dir().join(format!("{name}.json")))
        .collect();
    models.push(sts);
    for path in &models {
        let first = concatenate(&generate(path, "deterministic"));
        let second = concatenate(&generate(path, "deterministic"));
        assert!(
            first == second,
            "generating {} twice gave different output",
            path.display()
        );
    }
}
