//! Criterion benchmarks of each pipeline stage, and of the parse floor they are compared to.
//!
//! `cargo bench -p codegen --features bench` measures `spec/`, plus the synthetic specs that
//! `cargo xtask bench` (or `cargo xtask synth --resources 100 --out target/bench/synth-100.yaml`)
//! leaves under `target/bench/` for N = 10 and 100, plus `CODEGEN_BENCH_SPEC` if set.
//! `cargo xtask bench` prints the comparison table with the targets; this is for
//! criterion's statistics and change detection between runs.

use codegen::{CrateOptions, load};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn specs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let mut specs = vec![("spec".to_owned(), root.join("spec"))];
    for resources in [10, 100] {
        let path = target.join(format!("bench/synth-{resources}.yaml"));
        if path.is_file() {
            specs.push((format!("synth-{resources}"), path));
        }
    }
    if let Some(path) = std::env::var_os("CODEGEN_BENCH_SPEC") {
        let path = PathBuf::from(path);
        let name = path.file_name().map_or_else(|| "spec".into(), |name| name.to_string_lossy().into_owned());
        specs.push((name, path));
    }
    specs
}

fn floor(files: &[PathBuf]) {
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        load::parse_floor(&text).unwrap_or_else(|error| panic!("{error}"));
    }
}

/// Emit and render every file, dropping each as it comes (as `cargo xtask bench` does).
fn render(api: &codegen::ir::Api, options: &CrateOptions) {
    codegen::stages::emit_each(api, options, |file| -> Result<(), codegen::Error> {
        black_box(file);
        Ok(())
    })
    .unwrap_or_else(|error| panic!("{error}"));
}

fn pipeline(c: &mut Criterion) {
    let options = CrateOptions { standalone: true, ..CrateOptions::new("bench") };
    for (name, path) in specs() {
        let Ok((api, _)) = codegen::stages::load(&path).and_then(codegen::stages::lower) else {
            eprintln!("skipping {name}: the spec does not load and lower");
            continue;
        };
        let files = load::spec_files(&path).unwrap_or_else(|error| panic!("{error}"));
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("floor", |b| b.iter(|| floor(black_box(&files))));
        group.bench_function("load", |b| b.iter(|| codegen::stages::load(black_box(&path))));
        group.bench_function("lower", |b| {
            b.iter_batched(
                || codegen::stages::load(&path).ok(),
                |loaded| loaded.map(codegen::stages::lower),
                BatchSize::PerIteration,
            )
        });
        group.bench_function("emit+render", |b| b.iter(|| render(black_box(&api), &options)));
        group.bench_function("generate", |b| b.iter(|| codegen::generate(black_box(&path), &options)));
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
