//! `cargo xtask`: the repository's tasks.
//!
//! - `cargo xtask codegen` regenerates `generated/` from `spec/`.
//!   When it changes files it prints the API report: each change to the public API
//!   (`API.txt`), breaking or additive, and the version bump they need.
//! - `cargo xtask codegen --check` fails, writing nothing, when `generated/` is stale, with the same report.
//! - `cargo xtask codegen --spec FILE --out DIR` generates a standalone crate anywhere.
//! - Both write `CHANGELOG.md`, whose Unreleased section compares the crate with its last
//!   release; `cargo xtask release` releases it, `cargo xtask semver-checks` checks the crate
//!   against it with cargo-semver-checks (`release.rs`).
//! - `cargo xtask bundle --out FILE` writes `spec/` as one OpenAPI document.
//! - `cargo xtask import --from UPSTREAM OPERATION_ID…` and `cargo xtask drift --upstream
//!   UPSTREAM` keep `spec/` true to the published spec (`upstream.rs`).
#![forbid(unsafe_code)]
// No panics on input: errors are values. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod bench;
mod corpus;
mod release;
mod synth;
mod upstream;
mod write;

use clap::{Parser, Subcommand};
use codegen::CrateOptions;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Benchmarked against the system allocator: BENCHMARKS.md, "Allocator".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The crate that `generated/` holds.
const CRATE_NAME: &str = "redpanda-cloud";

/// Dev-dependencies of the hand-written tests in `generated/tests/`.
const DEV_DEPENDENCIES: &[&str] =
    &["tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }", "wiremock = \"0.6\""];

/// Features of the crate itself that its hand-written tests need: enabled through a
/// dev-dependency of the crate on itself, so that `cargo test --workspace` runs them.
const TEST_FEATURES: &[&str] = &["tracing"];

/// The dev-dependencies of a crate named `name` with hand-written tests: [`DEV_DEPENDENCIES`],
/// and the crate itself with [`TEST_FEATURES`] and, when it has a fake, its `fake` feature, so
/// that its tests can start the fake.
fn dev_dependencies(name: &str, fake: bool) -> Vec<String> {
    let fake = fake.then_some("fake");
    let features: Vec<String> =
        TEST_FEATURES.iter().copied().chain(fake).map(|feature| format!("\"{feature}\"")).collect();
    let itself = format!("{name} = {{ path = \".\", features = [{}] }}", features.join(", "));
    DEV_DEPENDENCIES.iter().map(|line| (*line).to_owned()).chain([itself]).collect()
}

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Repository tasks for the Rust SDK generator")]
struct Cli {
    /// The repository root (default: the workspace's); tests run the commands on a copy.
    #[arg(long, global = true, hide = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Which crate a command works on: by default `spec/` into `generated/`.
#[derive(clap::Args)]
struct Target {
    /// A spec file or directory to generate from, instead of `spec/`.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Where to write a standalone crate (Cargo.toml + src/), instead of `generated/`.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
    /// The package name of a standalone crate (default: the name of --out).
    #[arg(long, requires = "out")]
    name: Option<String>,
}

impl Target {
    fn resolve(self, root: &Path) -> Result<(PathBuf, PathBuf, CrateOptions), Error> {
        match (self.spec, self.out) {
            (Some(spec), Some(out)) => {
                let name = match self.name {
                    Some(name) if codegen::naming::is_package_name(&name) => name,
                    Some(name) => return Err(codegen::Error::PackageName(name).into()),
                    None => derived_crate_name(&out),
                };
                Ok((spec, out, CrateOptions { standalone: true, ..CrateOptions::new(&name) }))
            }
            _ => Ok((root.join("spec"), root.join("generated"), repository_crate())),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the crate from the spec (by default: `spec/` into `generated/`), with the
    /// Unreleased section of its CHANGELOG.md.
    Codegen {
        /// Write nothing; fail naming each file that is out of date.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Release the crate: apply the version CHANGELOG.md's Unreleased section needs, date the
    /// section, and make the crate the baseline the next changes are compared with.
    Release {
        /// The version to release, instead of the one the changes need; refused when lower.
        #[arg(long)]
        version: Option<String>,
        /// The release date, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Run cargo-semver-checks on the crate against its last release (the commit that last
    /// wrote its API.released.txt), as the release type the Unreleased section needs.
    SemverChecks {
        #[command(flatten)]
        target: Target,
    },
    /// Generate a crate from every spec in the given files or directories and lint it with
    /// `cargo clippy --all-targets -D warnings`; print a table, fail if any spec fails.
    Corpus {
        /// Spec files, or directories searched for *.yaml, *.yml and *.json.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Stop at the first failing spec.
        #[arg(long)]
        fail_fast: bool,
        /// Also run each crate's tests (the spec examples' round trips).
        #[arg(long)]
        test: bool,
    },
    /// Write the spec as one OpenAPI document, for tools that take a single file.
    Bundle {
        /// The spec file or directory (default: `spec/`).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// The output file; `-` for standard output.
        #[arg(long)]
        out: PathBuf,
    },
    /// Time load, lower, emit and render against the YAML parse floor, with peak memory, on
    /// `spec/`, synthetic specs of 10, 100 and 1000 resources, and the shared corpus.
    Bench {
        /// Fewer samples: a quick look rather than a measurement.
        #[arg(long)]
        quick: bool,
        /// What CI runs: `spec/` and synthetic specs of 10 and 100 resources, 3 samples each;
        /// prints the ratios, never fails on them.
        #[arg(long, conflicts_with = "quick")]
        ci: bool,
    },
    /// Write a synthetic Redpanda-shaped spec of N resources × 5 operations.
    Synth {
        /// How many resources, each with List, Create, Get, Delete and Update.
        #[arg(long)]
        resources: usize,
        /// The spec file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Copy operations, with every component they need, from a published spec into `spec/`.
    Import(upstream::ImportArgs),
    /// Compare `spec/` with a published spec: one located line per difference; exit 1 if any,
    /// 2 if it could not compare.
    Drift(upstream::DriftArgs),
    /// Run the pipeline once and report its stages and peak memory (`bench` runs it per spec).
    #[command(hide = true)]
    BenchOnce {
        #[arg(long)]
        spec: PathBuf,
        /// Only read and parse the files: the floor.
        #[arg(long)]
        floor: bool,
    },
}

#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("{0}")]
    Codegen(#[from] codegen::Error),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("some corpus specs failed (see the table)")]
    Corpus,
    #[error("{0}")]
    Usage(String),
    /// A command that would do the wrong thing and did nothing.
    #[error("{0}")]
    Refused(String),
    #[error("generated code is out of date:\n{}\n{report}\nrun `cargo xtask codegen` to update it", list(files))]
    Stale { files: Vec<PathBuf>, report: codegen::report::Report },
}

fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|path| format!("  {}", path.display())).collect::<Vec<_>>().join("\n")
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // Spec diagnostics already read `error: file:line:col: …`, one per line.
        Err(Error::Codegen(codegen::Error::Spec(diagnostics))) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let root = cli.root.unwrap_or_else(workspace_root);
    match cli.command {
        Command::Codegen { check, target } => {
            let (spec, out, options) = target.resolve(&root)?;
            codegen(&root, &spec, &out, &options, check)
        }
        Command::Release { version, date, target } => {
            let (spec, out, options) = target.resolve(&root)?;
            release::release(&root, &spec, &out, &options, release::Request { version, date })
        }
        Command::SemverChecks { target } => {
            let (spec, out, options) = target.resolve(&root)?;
            release::semver_checks(&root, &spec, &out, &options)
        }
        Command::Corpus { paths, fail_fast, test } => match corpus::run(&paths, !fail_fast, test) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Error::Corpus),
            Err(source) => Err(Error::Io { path: paths[0].clone(), source }),
        },
        Command::Bundle { spec, out } => {
            let spec = spec.unwrap_or_else(|| root.join("spec"));
            let text = codegen::bundle(&relative(&root, &spec))?;
            if out == Path::new("-") {
                print!("{text}");
                Ok(())
            } else {
                write::atomic(&out, text.as_bytes()).map_err(|source| Error::Io { path: out.clone(), source })
            }
        }
        Command::Bench { quick, ci } => {
            let mode = match (quick, ci) {
                (_, true) => bench::Mode::Ci,
                (true, false) => bench::Mode::Quick,
                (false, false) => bench::Mode::Full,
            };
            bench::run(&root, mode)
        }
        Command::Synth { resources, out } => synth::write(resources, &out),
        Command::BenchOnce { spec, floor } => bench::once(&spec, floor),
        Command::Import(args) => upstream::import(&root, args),
        // Exit 1 means "differences found"; a failure to compare exits 2.
        Command::Drift(args) => std::process::exit(upstream::drift(&root, args)),
    }
}

/// `generated/`: what spec/ does not say of it for crates.io (no license, no URLs), said here.
fn repository_crate() -> CrateOptions {
    let package = codegen::PackageOptions {
        license: Some("Apache-2.0".to_owned()),
        keywords: ["redpanda", "kafka", "cloud", "api", "sdk"].map(str::to_owned).to_vec(),
        categories: ["api-bindings", "web-programming::http-client"].map(str::to_owned).to_vec(),
        publish: true,
        ..codegen::PackageOptions::default()
    };
    CrateOptions { dev_dependencies: dev_dependencies(CRATE_NAME, true), package, ..CrateOptions::new(CRATE_NAME) }
}

fn codegen(root: &Path, spec: &Path, out: &Path, options: &CrateOptions, check: bool) -> Result<(), Error> {
    let generation = release::generate(root, spec, out, options)?;
    for warning in &generation.warnings {
        eprintln!("warning: {warning}");
    }
    let files = generation.files;
    let plan = write::plan(out, &files).map_err(|(path, source)| Error::Io { path, source })?;
    let shown = |path: &Path| relative(root, path).display().to_string();
    if plan.is_empty() {
        println!("{} is up to date ({} files)", shown(out), files.len());
        return Ok(());
    }
    // Read before writing: the report compares with the surface being replaced.
    let report = api_report(out, &files)?;
    if check {
        return Err(Error::Stale {
            files: plan.changes.iter().map(|change| relative(root, change.path())).collect(),
            report,
        });
    }
    for change in &plan.changes {
        println!("{:>9} {}", change.verb(), shown(change.path()));
    }
    write::apply(&plan).map_err(|(path, source)| Error::Io { path, source })?;
    println!("{report}");
    let changelog = out.join(codegen::release::CHANGELOG_FILE);
    println!("{} [Unreleased]: {}", shown(&changelog), generation.unreleased.summary());
    Ok(())
}

/// What the new files change in the crate's public API, compared with its surface on disk.
fn api_report(out: &Path, files: &[codegen::GeneratedFile]) -> Result<codegen::report::Report, Error> {
    let path = out.join(codegen::surface::FILE);
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(Error::Io { path, source }),
    };
    let surface = Path::new(codegen::surface::FILE);
    let new = files.iter().find(|file| file.path == surface).map(|file| file.contents.as_str()).unwrap_or_default();
    Ok(codegen::report::compare(old.as_deref(), new))
}

/// The workspace root: xtask lives one level below it.
/// (Paths in diagnostics read best relative to where the user stands: the workspace root.)
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// `path` relative to `root` when the user stands there (so that it still opens), else absolute.
fn relative(root: &Path, path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = if path.is_absolute() { path.to_owned() } else { cwd.join(path) };
    match absolute.strip_prefix(root) {
        Ok(inside) if cwd == root => inside.to_owned(),
        _ => absolute,
    }
}

/// `/tmp/My Api` → `my-api`, `/tmp/box` → `api-box`.
fn crate_name_for(out: &Path) -> String {
    codegen::naming::package_name(&out.file_name().map(|name| name.to_string_lossy()).unwrap_or_default())
}

/// The package name from --out, saying so when the directory's own name could not be it.
fn derived_crate_name(out: &Path) -> String {
    let name = crate_name_for(out);
    let dir = out.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    if name != dir {
        let rule = codegen::naming::PACKAGE_NAME_RULE;
        let reason = if codegen::naming::is_package_name(&dir) { String::new() } else { format!(": `{dir}` {rule}") };
        eprintln!("crate name: `{name}`, from --out{reason} (--name sets it)");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The complete programs the README quotes: the quickstart, tests against the fake, and
    /// the long-running operations of a fixture's crate (built and tested by CI's corpus step).
    const README_PROGRAMS: &[&str] = &[
        "generated/examples/quickstart.rs",
        "generated/tests/it/testing_your_code.rs",
        "generated/tests/it/retries.rs",
        "generated/tests/it/hooks.rs",
        "generated/tests/it/caching_tokens.rs",
        "codegen/tests/fixtures/longrunning/tests/it/waiting.rs",
    ];

    /// `generated/` matches what `spec/` generates. Like rust-analyzer's
    /// `ensure_file_contents`: a stale file is rewritten and the test fails, so the next
    /// run passes and the change is in the working tree to review and commit.
    #[test]
    fn generated_is_fresh() {
        let root = workspace_root();
        let (spec, out) = (root.join("spec"), root.join("generated"));
        let generation =
            release::generate(&root, &spec, &out, &repository_crate()).unwrap_or_else(|error| panic!("{error}"));
        let plan = write::plan(&out, &generation.files).expect("read generated/");
        if plan.is_empty() {
            return;
        }
        let stale: Vec<String> =
            plan.changes.iter().map(|change| relative(&root, change.path()).display().to_string()).collect();
        write::apply(&plan).expect("update generated/");
        panic!("generated/ was stale and has been updated; review and commit: {}", stale.join(", "));
    }

    /// The README's complete programs are files that `cargo test` compiles (and, for the
    /// test, runs), quoted word for word.
    #[test]
    fn readme_programs_are_the_compiled_files() {
        let root = workspace_root();
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
        for file in README_PROGRAMS {
            let program = std::fs::read_to_string(root.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
            assert!(readme.contains(&format!("```rust\n{program}```")), "README.md must quote {file}");
        }
    }

    /// The report compares with the surface on disk; with none there, it is the first generation.
    #[test]
    fn api_report_compares_with_the_surface_on_disk() {
        let out = std::env::temp_dir().join(format!("xtask-report-{}", std::process::id()));
        std::fs::create_dir_all(&out).expect("temp dir");
        let surface = |lines: &str| codegen::GeneratedFile {
            path: PathBuf::from(codegen::surface::FILE),
            contents: format!("crate demo 0.1.0\nstruct A: Default\n{lines}"),
        };
        let new = [surface("field A.b: Option<String>\n")];
        let first = api_report(&out, &new).expect("no surface yet");
        std::fs::write(out.join(codegen::surface::FILE), &surface("").contents).expect("write");
        let second = api_report(&out, &new).expect("a surface");
        std::fs::remove_dir_all(&out).expect("cleanup");
        assert!(first.first);
        assert_eq!(second.bump(), codegen::report::Bump::Patch);
        assert_eq!(second.changes.len(), 1);
    }

    #[test]
    fn crate_names_from_directories() {
        assert_eq!(crate_name_for(Path::new("/tmp/My Api")), "my-api");
        assert_eq!(crate_name_for(Path::new("/tmp/2024")), "api-2024");
        assert_eq!(crate_name_for(Path::new("../box")), "api-box");
        assert_eq!(crate_name_for(Path::new("/tmp/Self")), "api-self");
        assert_eq!(crate_name_for(Path::new("/tmp/std")), "api-std");
        assert_eq!(crate_name_for(Path::new("/tmp/_")), "api");
        assert_eq!(crate_name_for(Path::new("/tmp/my_box")), "my-box");
        for name in ["api-box", "my_crate", "x1"] {
            assert!(codegen::naming::is_package_name(name), "{name}");
        }
        for name in ["box", "2x", "a b", "", "_", "self", "test", "é"] {
            assert!(!codegen::naming::is_package_name(name), "{name}");
        }
    }
}
