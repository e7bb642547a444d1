//! `cargo xtask`: regenerate the STS crate, check it is up to date, or run every test.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Workspace tasks for the STS client generator")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate the STS client crate into `generated/` from the Smithy model.
    Codegen {
        /// The Smithy JSON AST model (default: ../shared/models/sts.json).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Do not write: exit non-zero and name every file that differs, is missing or is extra.
        #[arg(long)]
        check: bool,
        /// Where to write the crate (default: generated/).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Install the end-to-end test dependencies (moto) and run every test in the workspace.
    Test {
        /// Extra arguments passed to `cargo test`.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Task::Codegen { model, check, out } => codegen(model, check, out),
        Task::Test { args } => test(&args),
    }
}

fn codegen(model: Option<PathBuf>, check: bool, out: Option<PathBuf>) -> ExitCode {
    let model = model.unwrap_or_else(xtask::default_model_path);
    let out = out.unwrap_or_else(xtask::generated_dir);
    let started = Instant::now();
    let files = match xtask::generate_from_file(&model, "sts", "../runtime") {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let generated_in = started.elapsed();
    if check {
        return match xtask::diff_dir(&out, &files) {
            Ok(diff) if diff.is_empty() => {
                println!("{} is up to date ({} files)", out.display(), files.len());
                ExitCode::SUCCESS
            }
            Ok(diff) => {
                eprintln!(
                    "{} is stale; run `cargo xtask codegen`:\n{diff}",
                    out.display()
                );
                ExitCode::FAILURE
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        };
    }
    match xtask::write_dir(&out, &files) {
        Ok(diff) => {
            let changes = diff.changed.len() + diff.missing.len() + diff.extra.len();
            println!(
                "generated {} files into {} in {:.0?} ({changes} changed)",
                files.len(),
                out.display(),
                generated_in
            );
            if !diff.is_empty() {
                print!("{diff}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn test(args: &[String]) -> ExitCode {
    let root = xtask::workspace_root();
    let install = root.join("scripts/install-moto.sh");
    let status = Command::new("bash")
        .arg(&install)
        .current_dir(&root)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(_) | Err(_) => {
            eprintln!(
                "error: {} failed: the end-to-end tests need moto; see the message above",
                install.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args)
        .current_dir(&root)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
