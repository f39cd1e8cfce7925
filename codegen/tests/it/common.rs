//! What codegen's test modules share: specs written to temporary directories, the crate the
//! tests generate, the spec directories of the repository, and where snapshots are kept.

use codegen::{CrateOptions, Error, GeneratedFile, generate};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The start of a valid OpenAPI 3.0 document: tests append `paths:` or `components:`.
pub const ROOT: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

/// A fresh temporary directory holding spec files (paths relative to it, subdirectories
/// created); removed when dropped.
pub struct SpecDir(pub PathBuf);

impl SpecDir {
    pub fn new<C: AsRef<[u8]>>(name: &str, files: &[(&str, C)]) -> Self {
        // Tests run in parallel threads of one process: the count keeps their directories apart.
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("codegen-{name}-{}-{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        let dir = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (file, contents) in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("spec subdirectory");
            std::fs::write(path, contents).expect("write spec file");
        }
        Self(dir)
    }

    /// A spec of one file, `api.yaml`.
    pub fn yaml(name: &str, text: &str) -> Self {
        Self::new(name, &[("api.yaml", text)])
    }
}

impl Drop for SpecDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A crate that builds outside this workspace (an empty `[workspace]` in its manifest).
pub fn standalone(name: &str) -> CrateOptions {
    CrateOptions { standalone: true, ..CrateOptions::new(name) }
}

/// The crate `CrateOptions::new(name)` generates from `files`.
pub fn generate_files<C: AsRef<[u8]>>(name: &str, files: &[(&str, C)]) -> Result<Vec<GeneratedFile>, Error> {
    let dir = SpecDir::new(name, files);
    generate(&dir.0, &CrateOptions::new(name))
}

/// The crate generated from `spec`, which must generate.
pub fn generated(spec: &Path, name: &str) -> Vec<GeneratedFile> {
    generate(spec, &CrateOptions::new(name)).unwrap_or_else(|error| panic!("{}: {error}", spec.display()))
}

/// The text of the generated file at `path`, relative to the crate root.
pub fn file<'a>(files: &'a [GeneratedFile], path: &str) -> Option<&'a str> {
    files.iter().find(|file| file.path == Path::new(path)).map(|file| file.contents.as_str())
}

/// The repository's own spec, `spec/`.
pub fn repository_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// `codegen/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture (a spec file or a directory spec), sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let entries = std::fs::read_dir(fixtures_dir()).expect("fixtures dir");
    let mut specs: Vec<PathBuf> = entries.map(|entry| entry.expect("dir entry").path()).collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures");
    specs
}

/// `insta::assert_snapshot!(name, contents)`, the file being
/// `codegen/tests/snapshots/<module>__<name>.snap` with `<module>` the calling test module
/// (`pipeline_snapshots`): the names insta gave them when each module was its own test binary.
/// Left to itself, insta would write `it/snapshots/it__<module>__<name>.snap`.
macro_rules! assert_snapshot {
    ($name:expr, $contents:expr) => {{
        let module = module_path!().rsplit("::").next().unwrap_or_default();
        let name = format!("{module}__{}", $name);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(name.as_str(), $contents));
    }};
}
