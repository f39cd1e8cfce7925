//! Every file the generator emits, snapshotted with insta.
//!
//! One snapshot per emitted file: a spec change shows up as a diff of exactly the files
//! it changes (models, client, manifest…), named like the files in `generated/`.
//! Review changes with `cargo insta review`.

use codegen::{CrateOptions, GeneratedFile, generate};
use std::path::Path;

fn options(name: &str) -> CrateOptions {
    CrateOptions { name: name.to_owned(), dev_dependencies: Vec::new(), standalone: false }
}

fn generated(spec: &Path, name: &str) -> Vec<GeneratedFile> {
    generate(spec, &options(name)).unwrap_or_else(|error| panic!("{}: {error}", spec.display()))
}

fn snapshot_name(prefix: &str, file: &GeneratedFile) -> String {
    format!("{prefix}__{}", file.path.to_string_lossy().replace(['/', '\\'], "__"))
}

/// The repository's own spec: every emitted file.
#[test]
fn redpanda_spec() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    for file in generated(&spec, "redpanda-cloud") {
        if codegen::emit::is_runtime_file(&file.path.to_string_lossy()) {
            continue;
        }
        insta::assert_snapshot!(snapshot_name("redpanda", &file), file.contents);
    }
}

/// Fixtures: the files that depend on the spec (the runtime files are the same for every API).
#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<_> =
        std::fs::read_dir(&dir).expect("fixtures dir").map(|entry| entry.expect("entry").path()).collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let stem = spec.file_stem().expect("file name").to_string_lossy().into_owned();
        for file in generated(&spec, &stem) {
            if codegen::emit::is_runtime_file(&file.path.to_string_lossy()) {
                continue;
            }
            insta::assert_snapshot!(snapshot_name(&stem, &file), file.contents);
        }
    }
}

/// Same input, same bytes: twice in one process, and with the spec files in another order.
#[test]
fn output_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let first = generated(&spec, "redpanda-cloud");
    assert_eq!(first, generated(&spec, "redpanda-cloud"));

    // File order must not matter: copy the spec files under names that sort the other way.
    let shuffled = std::env::temp_dir().join(format!("codegen-shuffled-{}", std::process::id()));
    std::fs::create_dir_all(&shuffled).expect("temp dir");
    let mut files: Vec<_> =
        std::fs::read_dir(&spec).expect("spec dir").map(|entry| entry.expect("entry").path()).collect();
    files.sort();
    for (index, file) in files.iter().rev().enumerate() {
        let name = format!("{index}-{}", file.file_name().expect("name").to_string_lossy());
        std::fs::copy(file, shuffled.join(name)).expect("copy");
    }
    let reordered = generate(&shuffled, &options("redpanda-cloud"));
    std::fs::remove_dir_all(&shuffled).expect("cleanup");
    assert_eq!(first, reordered.expect("shuffled spec generates"));
}
