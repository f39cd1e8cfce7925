//! The generator's output, snapshotted with insta.
//!
//! Fixtures: one snapshot per emitted file, so a generator change shows up as a diff of
//! exactly the files it changes (models, client, manifest, API surface…). `spec/`: only
//! its API surface (`API.txt`); `generated/` itself, kept fresh by `cargo xtask codegen
//! --check` and xtask's freshness test, carries the code diff.
//! Every changed snapshot fails in one run: the checks of one test do not stop at the first.

use crate::common::{self, generated, repository_spec};
use codegen::{CrateOptions, GeneratedFile, generate};
use std::path::Path;

fn snapshot_name(prefix: &str, file: &GeneratedFile) -> String {
    format!("{prefix}__{}", file.path.to_string_lossy().replace(['/', '\\'], "__"))
}

/// Checks every snapshot, then fails naming each one that differs (insta alone stops at the first).
fn assert_snapshots(snapshots: Vec<(String, String)>) {
    let failed: Vec<String> = snapshots
        .into_iter()
        .filter_map(|(name, contents)| {
            let check = std::panic::catch_unwind(|| assert_snapshot!(name.as_str(), contents));
            check.is_err().then_some(name)
        })
        .collect();
    assert!(failed.is_empty(), "{} snapshot(s) changed: {}", failed.len(), failed.join(", "));
}

/// The repository's own spec: its API surface.
#[test]
fn redpanda_spec() {
    let spec = repository_spec();
    let surface =
        generated(&spec, "redpanda-cloud").into_iter().filter(|file| file.path == Path::new(codegen::surface::FILE));
    assert_snapshots(surface.map(|file| (snapshot_name("redpanda", &file), file.contents)).collect());
}

/// Fixtures: the files that depend on the spec (the runtime files are the same for every API).
#[test]
fn fixtures() {
    let mut snapshots = Vec::new();
    for spec in common::fixtures() {
        let stem = spec.file_stem().expect("file name").to_string_lossy().into_owned();
        for file in generated(&spec, &stem) {
            if !codegen::emit::is_runtime_file(&file.path.to_string_lossy()) {
                snapshots.push((snapshot_name(&stem, &file), file.contents));
            }
        }
    }
    assert_snapshots(snapshots);
}

/// Same input, same bytes: twice in one process, and with the spec files in another order.
#[test]
fn output_is_deterministic() {
    let spec = repository_spec();
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
    let reordered = generate(&shuffled, &CrateOptions::new("redpanda-cloud"));
    std::fs::remove_dir_all(&shuffled).expect("cleanup");
    assert_eq!(first, reordered.expect("shuffled spec generates"));
}
