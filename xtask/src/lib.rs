//! The workspace's task runner, as a library so tests can share its logic: generate a crate
//! from a model file, compare generated files with a directory, write them.
#![deny(missing_docs)]

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use stsgen_codegen::{GeneratedFile, Options};
use stsgen_model::rules::partitions::{self, Partitions};
use stsgen_model::traits::ids;

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The default model: `../shared/models/sts.json` next to the workspace.
pub fn default_model_path() -> PathBuf {
    workspace_root().join("../shared/models/sts.json")
}

/// The committed STS crate.
pub fn generated_dir() -> PathBuf {
    workspace_root().join("generated")
}

/// The AWS partitions data `aws.partition` resolves against: `../shared/models/partitions.json`.
pub fn default_partitions_path() -> PathBuf {
    workspace_root().join("../shared/models/partitions.json")
}

/// Loads the model at `model_path` and generates the crate `crate_name`, whose runtime
/// dependency points at `runtime_path`. A model with an endpoint rule set also reads the
/// partitions data at [`default_partitions_path`].
pub fn generate_from_file(
    model_path: &Path,
    crate_name: &str,
    runtime_path: &str,
) -> Result<Vec<GeneratedFile>, String> {
    generate_with_partitions(
        model_path,
        &default_partitions_path(),
        crate_name,
        runtime_path,
    )
}

/// [`generate_from_file`] with the partitions data read from `partitions_path` (only when the
/// model has an endpoint rule set).
pub fn generate_with_partitions(
    model_path: &Path,
    partitions_path: &Path,
    crate_name: &str,
    runtime_path: &str,
) -> Result<Vec<GeneratedFile>, String> {
    let source = std::fs::read(model_path)
        .map_err(|err| format!("cannot read the model {}: {err}", model_path.display()))?;
    let text = String::from_utf8(source.clone())
        .map_err(|_| format!("{}: the model is not UTF-8", model_path.display()))?;
    let model =
        stsgen_model::load_str(&text).map_err(|err| format!("{}: {err}", model_path.display()))?;
    let model_name = model_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| model_path.display().to_string());
    let mut options = Options::new(crate_name, runtime_path, &model_name, &source);
    let has_rules = model
        .service()
        .is_ok_and(|service| service.traits.has(ids::ENDPOINT_RULE_SET));
    if has_rules {
        options.partitions = Some(load_partitions(partitions_path)?);
    }
    stsgen_codegen::generate(&model, &options)
        .map_err(|err| format!("{}: {err}", model_path.display()))
}

/// Reads and parses a partitions file; errors name the file.
pub fn load_partitions(path: &Path) -> Result<Partitions, String> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        format!(
            "cannot read the partitions data {} (needed for the endpoint rules): {err}",
            path.display()
        )
    })?;
    partitions::load(&text).map_err(|err| format!("{}: {err}", path.display()))
}

/// How a directory differs from the files that should be in it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files that should exist but do not.
    pub missing: Vec<String>,
    /// Files that exist but should not (outside `target/`).
    pub extra: Vec<String>,
}

impl Diff {
    /// True when the directory matches exactly.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in &self.changed {
            writeln!(f, "  changed: {path}")?;
        }
        for path in &self.missing {
            writeln!(f, "  missing: {path}")?;
        }
        for path in &self.extra {
            writeln!(f, "  extra:   {path}")?;
        }
        Ok(())
    }
}

/// Compares `dir` with `files`.
pub fn diff_dir(dir: &Path, files: &[GeneratedFile]) -> Result<Diff, String> {
    let mut diff = Diff::default();
    let expected: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        match std::fs::read(dir.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => diff.changed.push(file.path.clone()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                diff.missing.push(file.path.clone())
            }
            Err(err) => {
                return Err(format!(
                    "cannot read {}: {err}",
                    dir.join(&file.path).display()
                ))
            }
        }
    }
    for path in list_files(dir)? {
        if !expected.contains(path.as_str()) {
            diff.extra.push(path);
        }
    }
    Ok(diff)
}

/// Marks a file as written by the generator (every generated file's header contains it).
const GENERATED_MARKER: &str = "@generated by `cargo xtask codegen`";

/// Writes `files` into `dir` and removes generated files that should no longer be there. A file
/// without the generator's header is never deleted: the call fails instead, so a wrong `--out`
/// cannot wipe a directory.
pub fn write_dir(dir: &Path, files: &[GeneratedFile]) -> Result<Diff, String> {
    let diff = diff_dir(dir, files)?;
    for path in &diff.extra {
        let full = dir.join(path);
        let generated = std::fs::read_to_string(&full)
            .map(|text| {
                text.lines()
                    .take(3)
                    .any(|line| line.contains(GENERATED_MARKER))
            })
            .unwrap_or(false);
        if !generated {
            return Err(format!(
                "refusing to delete {}: it was not written by the generator (is --out the right directory?)",
                full.display()
            ));
        }
    }
    for file in files {
        if diff.changed.contains(&file.path) || diff.missing.contains(&file.path) {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|err| format!("cannot create {}: {err}", parent.display()))?;
            }
            std::fs::write(&path, &file.contents)
                .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        }
    }
    for path in &diff.extra {
        let path = dir.join(path);
        std::fs::remove_file(&path)
            .map_err(|err| format!("cannot remove {}: {err}", path.display()))?;
    }
    Ok(diff)
}

/// Every file below `dir` (relative, `/`-separated, sorted), skipping `target/`.
fn list_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let entries = match std::fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(format!(
                    "cannot list {}: {err}",
                    dir.join(&relative).display()
                ))
            }
        };
        for entry in entries {
            let entry = entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = relative.join(&name);
            let file_type = entry
                .file_type()
                .map_err(|err| format!("cannot stat {}: {err}", path.display()))?;
            if file_type.is_dir() {
                // `target/` holds build output; dot-directories (`.git`) are never ours.
                let skip =
                    (relative.as_os_str().is_empty() && name == "target") || name.starts_with('.');
                if !skip {
                    stack.push(path);
                }
            } else {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn write_removes_stale_generated_files_only() {
        let dir = scratch("write");
        let header = format!("// {GENERATED_MARKER} from x\n");
        std::fs::create_dir_all(dir.join("src")).expect("src");
        std::fs::write(dir.join("src/old.rs"), &header).expect("old");
        std::fs::create_dir_all(dir.join(".git")).expect(".git");
        std::fs::write(dir.join(".git/HEAD"), "ref").expect("HEAD");
        let files = [file("src/lib.rs", &header)];
        let diff = write_dir(&dir, &files).expect("writes");
        assert_eq!(diff.missing, ["src/lib.rs"]);
        assert_eq!(diff.extra, ["src/old.rs"]);
        assert!(!dir.join("src/old.rs").exists() && dir.join(".git/HEAD").exists());
        assert!(diff_dir(&dir, &files).expect("diff").is_empty());

        std::fs::write(dir.join("notes.txt"), "mine").expect("notes");
        let error = write_dir(&dir, &files).expect_err("a hand-written file is not deleted");
        assert!(
            error.contains("refusing to delete") && error.contains("notes.txt"),
            "{error}"
        );
        assert!(dir.join("notes.txt").exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
