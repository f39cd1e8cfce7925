//! `cargo xtask import` and `cargo xtask drift`: keep the hand-maintained fragment in
//! `spec/` true to the published spec it is cut from (the logic is `codegen::upstream`).

use crate::{Error, relative, write};
use codegen::upstream::{drift, import};
use std::path::{Path, PathBuf};

/// Copy operations, with every component they need, from a published spec into the fragment.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The published spec (a YAML or JSON file, OpenAPI 3.0 or 3.1).
    #[arg(long)]
    from: PathBuf,
    /// The fragment file to add them to (default: one file per service, as the README says).
    #[arg(long)]
    into: Option<PathBuf>,
    /// The fragment directory (default: `spec/`).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The operationIds to import.
    #[arg(required = true)]
    operation_ids: Vec<String>,
}

/// Compare every operation and component of the fragment with its namesake upstream.
#[derive(clap::Args)]
pub struct DriftArgs {
    /// The published spec to compare with.
    #[arg(long)]
    upstream: PathBuf,
    /// The fragment directory (default: `spec/`).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Also compare descriptions, summaries, titles and examples.
    #[arg(long)]
    docs: bool,
}

/// Imports, checks that the result still generates (in a scratch copy), then writes.
pub fn import(root: &Path, args: ImportArgs) -> Result<(), Error> {
    let spec = relative(root, &args.spec.unwrap_or_else(|| root.join("spec")));
    let into = args.into.map(|into| relative(root, &into));
    if let Some(into) = &into {
        let inside = if spec.is_dir() { into.starts_with(&spec) } else { *into == spec };
        if !inside {
            let message = format!("--into {} is not part of the fragment {}", into.display(), spec.display());
            return Err(Error::Usage(message));
        }
    }
    let imported = import::import(&spec, &relative(root, &args.from), &args.operation_ids, into.as_deref())?;
    for note in &imported.notes {
        println!("{note}");
    }
    check_generates(&spec, &imported.files)?;
    for (path, text) in &imported.files {
        write::atomic(path, text.as_bytes()).map_err(|source| Error::Io { path: path.clone(), source })?;
        println!("{:>9} {}", "wrote", path.display());
    }
    if imported.files.is_empty() {
        println!("nothing to import: the fragment already has every operation named");
    }
    Ok(())
}

/// Loads and lowers the fragment with the imported files in place, in a scratch copy, so
/// an import that `cargo xtask codegen` would reject writes nothing. Diagnostics name the
/// real files.
fn check_generates(spec: &Path, files: &[(PathBuf, String)]) -> Result<(), Error> {
    let scratch = std::env::temp_dir().join(format!("xtask-import-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let _ = std::fs::remove_dir_all(&scratch);
    let base = if spec.is_dir() { spec.to_owned() } else { spec.parent().map(Path::to_owned).unwrap_or_default() };
    copy_spec_files(&base, &scratch).map_err(io(&base))?;
    for (path, text) in files {
        let target = scratch.join(path.strip_prefix(&base).unwrap_or(path));
        write::atomic(&target, text.as_bytes()).map_err(io(&target))?;
    }
    let checked = if spec.is_dir() { scratch.clone() } else { scratch.join(spec.file_name().unwrap_or_default()) };
    let result = codegen::lower_spec(&checked);
    let _ = std::fs::remove_dir_all(&scratch);
    match result {
        Ok(_) => Ok(()),
        Err(codegen::Error::Spec(mut diagnostics)) => {
            for diagnostic in &mut diagnostics.0 {
                if let Ok(inner) = diagnostic.file.strip_prefix(&scratch) {
                    diagnostic.file = base.join(inner);
                }
            }
            eprintln!("the imported fragment would not generate; nothing written");
            Err(codegen::Error::Spec(diagnostics).into())
        }
        Err(other) => Err(other.into()),
    }
}

/// Copies the `*.yaml`, `*.yml` and `*.json` files under `from` into `to`, keeping subdirectories.
fn copy_spec_files(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_spec_files(&path, &target)?;
        } else if matches!(path.extension().and_then(|ext| ext.to_str()), Some("yaml" | "yml" | "json")) {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// Prints the drift report; the exit code is 0 for no difference, 1 for differences and
/// 2 when the comparison could not run (so CI can tell a lagging fragment from a failure).
pub fn drift(root: &Path, args: DriftArgs) -> i32 {
    let spec = relative(root, &args.spec.unwrap_or_else(|| root.join("spec")));
    let upstream = relative(root, &args.upstream);
    let report = match drift::drift(&spec, &upstream, drift::Options { docs: args.docs }) {
        Ok(report) => report,
        Err(codegen::Error::Spec(diagnostics)) => {
            eprintln!("{diagnostics}");
            return 2;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return 2;
        }
    };
    for difference in &report.differences {
        println!("{difference}");
    }
    for marker in &report.unused_markers {
        eprintln!("warning: {marker}");
    }
    let count = report.differences.len();
    let differences = if count == 1 { "1 difference".to_owned() } else { format!("{count} differences") };
    println!(
        "{differences} between {} and {}; {} marked difference(s) skipped ({})",
        spec.display(),
        upstream.display(),
        report.skipped,
        drift::MARKER
    );
    i32::from(count > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";
    const UPSTREAM: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /v1/a:\n    get:\n      operationId: AService_GetA\n      parameters:\n        - name: session\n          in: body\n          schema:\n            type: string\n      responses:\n        '204':\n          description: done\n  /v1/b:\n    get:\n      operationId: BService_GetB\n      responses:\n        '204':\n          description: done\n";

    /// A scratch directory with a fragment (`spec/`) and an upstream file.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-upstream-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).expect("temp dir");
        std::fs::write(dir.join("spec/openapi.yaml"), ROOT).expect("write");
        std::fs::write(dir.join("upstream.yaml"), UPSTREAM).expect("write");
        dir
    }

    fn import_args(dir: &Path, ids: &[&str], into: Option<&str>) -> ImportArgs {
        ImportArgs {
            from: dir.join("upstream.yaml"),
            into: into.map(|into| dir.join(into)),
            spec: Some(dir.join("spec")),
            operation_ids: ids.iter().map(|id| (*id).to_owned()).collect(),
        }
    }

    fn drift_args(dir: &Path, upstream: &str) -> DriftArgs {
        DriftArgs { upstream: dir.join(upstream), spec: Some(dir.join("spec")), docs: false }
    }

    #[test]
    fn drift_exit_codes_tell_differences_from_failures() {
        let dir = scratch("exit");
        let root = crate::workspace_root();
        std::fs::write(dir.join("same.yaml"), ROOT).expect("write");
        assert_eq!(drift(&root, drift_args(&dir, "same.yaml")), 0);
        std::fs::write(dir.join("spec/b.yaml"), "paths:\n  /v1/b:\n    get:\n      operationId: BService_GetB\n      responses:\n        '204':\n          description: done\n").expect("write");
        assert_eq!(drift(&root, drift_args(&dir, "same.yaml")), 1, "BService_GetB is missing upstream");
        assert_eq!(drift(&root, drift_args(&dir, "upstream.yaml")), 0);
        assert_eq!(drift(&root, drift_args(&dir, "absent.yaml")), 2);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn import_writes_only_a_fragment_that_generates() {
        let dir = scratch("generates");
        let root = crate::workspace_root();
        // A parameter `in: body` (Swagger 2, not OpenAPI 3) does not generate: nothing is written.
        let error = import(&root, import_args(&dir, &["AService_GetA"], None)).expect_err("does not generate");
        assert!(error.to_string().contains("spec/as.yaml:"), "{error}");
        assert!(!dir.join("spec/as.yaml").exists());
        // --into must name a file of the fragment.
        let outside = import(&root, import_args(&dir, &["BService_GetB"], Some("elsewhere.yaml")));
        assert!(matches!(outside, Err(Error::Usage(_))));
        import(&root, import_args(&dir, &["BService_GetB"], None)).expect("imports");
        let written = std::fs::read_to_string(dir.join("spec/bs.yaml")).expect("bs.yaml");
        assert!(written.contains("operationId: BService_GetB"));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
