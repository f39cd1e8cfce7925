//! `cargo xtask corpus DIR…`: generate a crate from every spec found and lint it.
//!
//! Each crate goes into its own directory under the system temp dir; all share one
//! target directory, so dependencies compile once for the whole corpus.

use codegen::CrateOptions;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One row of the report.
struct Row {
    spec: String,
    operations: usize,
    types: usize,
    lines: usize,
    seconds: f64,
    result: Result<(), String>,
}

/// Runs the corpus; `Ok(false)` when any spec failed.
pub fn run(paths: &[PathBuf], keep_going: bool, test: bool) -> std::io::Result<bool> {
    let specs = spec_files(paths)?;
    let work = std::env::temp_dir().join("xtask-corpus");
    let target = work.join("target");
    let mut rows = Vec::new();
    for spec in &specs {
        let row = check(spec, &work, &target, test);
        let failed = row.result.is_err();
        eprintln!("{} {}", if failed { "FAIL" } else { "ok  " }, row.spec);
        rows.push(row);
        if failed && !keep_going {
            break;
        }
    }
    print_table(&rows);
    Ok(rows.len() == specs.len() && rows.iter().all(|row| row.result.is_ok()))
}

/// The specs under `paths`, sorted: files as named; in a directory, each spec file, and each
/// subdirectory that is one spec split into files (exactly one root document) or else a
/// collection to search in turn.
fn spec_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for path in paths {
        if !path.is_dir() {
            specs.push(path.clone());
            continue;
        }
        let (dirs, files) = children(path)?;
        specs.extend(files);
        for dir in dirs {
            let (subdirs, files) = children(&dir)?;
            let roots = files.iter().filter(|file| is_root_document(file)).count();
            // A root beside other files, or above directories of `$ref`'d fragments.
            if roots == 1 && (files.len() > 1 || !subdirs.is_empty()) {
                specs.push(dir);
            } else {
                specs.extend(spec_files(&[dir])?);
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// Subdirectories and spec files of `dir`.
fn children(dir: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?.path();
        if entry.is_dir() {
            dirs.push(entry);
        } else if matches!(entry.extension().and_then(|ext| ext.to_str()), Some("yaml" | "yml" | "json")) {
            files.push(entry);
        }
    }
    Ok((dirs, files))
}

/// Whether the file declares `openapi:` at its top level (a root, not a partial file).
fn is_root_document(file: &Path) -> bool {
    std::fs::read_to_string(file).is_ok_and(|text| {
        text.lines().any(|line| line.starts_with("openapi:") || line.trim_start().starts_with("\"openapi\":"))
    })
}

fn check(spec: &Path, work: &Path, target: &Path, test: bool) -> Row {
    let started = Instant::now();
    let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let name = crate::crate_name_for(Path::new(&stem));
    let mut row = Row { spec: stem, operations: 0, types: 0, lines: 0, seconds: 0.0, result: Ok(()) };
    row.result = generate_and_lint(spec, &work.join(&name), target, &name, &mut row)
        .and_then(|()| if test { cargo(&work.join(&name), target, &test_args(&work.join(&name))) } else { Ok(()) });
    row.seconds = started.elapsed().as_secs_f64();
    row
}

/// `cargo test`, with the `fake` feature when the crate has a fake: its README's example of
/// testing with the fake is one of the doctests.
fn test_args(out: &Path) -> Vec<&'static str> {
    let mut args = vec!["test", "--quiet"];
    if out.join("src/fake/spec.rs").exists() {
        args.extend(["--features", "fake"]);
    }
    args
}

fn generate_and_lint(spec: &Path, out: &Path, target: &Path, name: &str, row: &mut Row) -> Result<(), String> {
    let api = codegen::lower_spec(spec).map_err(|error| first_line(&error.to_string()))?;
    row.operations = api.operations.len();
    row.types = api.types.len();
    let hand_written = hand_written_tests(spec);
    // Hand-written tests talk to a real local server: they need the same dev-dependencies
    // as `generated/tests/`.
    let dev_dependencies =
        if hand_written.is_empty() { Vec::new() } else { crate::dev_dependencies(name, api.fake.is_some()) };
    let options = CrateOptions { dev_dependencies, standalone: true, ..CrateOptions::new(name) };
    let files = codegen::stages::emit_files(&api, &options).map_err(|error| first_line(&error.to_string()))?;
    row.lines = files
        .iter()
        .filter(|file| file.path.extension().is_some_and(|ext| ext == "rs"))
        .map(|file| file.contents.lines().count())
        .sum();
    let _ = std::fs::remove_dir_all(out);
    for file in &files {
        crate::write::atomic(&out.join(&file.path), file.contents.as_bytes()).map_err(|error| error.to_string())?;
    }
    for test in hand_written {
        let from = spec.join("tests").join(&test);
        std::fs::read(&from)
            .and_then(|contents| crate::write::atomic(&out.join("tests").join(&test), &contents))
            .map_err(|error| format!("{}: {error}", from.display()))?;
    }
    // The fake only adds a module behind its feature; linted with it, the crate is linted whole.
    let mut clippy = vec!["clippy", "--quiet", "--all-targets"];
    if api.fake.is_some() {
        clippy.extend(["--features", "fake"]);
    }
    clippy.extend(["--", "-D", "warnings"]);
    cargo(out, target, &clippy)
}

/// A directory spec's own tests, copied into its generated crate (e.g. exact query strings
/// checked against a local server): every `.rs` file under its `tests/` at any depth, so that
/// a test binary of several modules (`tests/it/main.rs` and its modules) comes whole. Paths
/// relative to `tests/`, sorted.
fn hand_written_tests(spec: &Path) -> Vec<PathBuf> {
    let root = spec.join("tests");
    let (mut tests, mut dirs) = (Vec::new(), vec![root.clone()]);
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && let Ok(relative) = path.strip_prefix(&root)
            {
                tests.push(relative.to_owned());
            }
        }
    }
    tests.sort();
    tests
}

/// Runs `cargo ARGS` in the crate; on failure, the first error line (the rest goes to stderr).
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stderr}{}", String::from_utf8_lossy(&output.stdout));
    let first = stderr.lines().find(|line| line.starts_with("error")).map(first_line);
    Err(first.unwrap_or_else(|| format!("cargo {} failed", args[0])))
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    line.chars().take(100).collect()
}

fn print_table(rows: &[Row]) {
    println!("| spec | ops | types | generated lines | seconds | result |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    for row in rows {
        let result = match &row.result {
            Ok(()) => "ok".to_owned(),
            Err(error) => format!("FAILED: {}", error.replace('|', "\\|")),
        };
        println!(
            "| {} | {} | {} | {} | {:.1} | {result} |",
            row.spec, row.operations, row.types, row.lines, row.seconds
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test files at any depth come along (a binary of modules is `tests/it/main.rs` and its
    /// modules); anything else under `tests/` does not.
    #[test]
    fn hand_written_tests_at_any_depth() {
        let spec = std::env::temp_dir().join(format!("xtask-hand-written-{}", std::process::id()));
        for file in ["tests/query.rs", "tests/it/main.rs", "tests/it/pollers.rs", "tests/notes.md", "openapi.yaml"] {
            crate::write::atomic(&spec.join(file), b"").expect("write");
        }
        let tests = hand_written_tests(&spec);
        std::fs::remove_dir_all(&spec).expect("cleanup");
        let expected: Vec<PathBuf> = ["it/main.rs", "it/pollers.rs", "query.rs"].map(PathBuf::from).into();
        assert_eq!(tests, expected);
        assert!(hand_written_tests(Path::new("/nonexistent")).is_empty());
    }
}
