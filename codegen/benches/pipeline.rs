//! Criterion benchmarks of each pipeline stage, and of the parse floor they are compared to.
//!
//! `cargo bench -p codegen --features bench` measures `spec/`, plus the synthetic specs that
//! `cargo xtask bench` (or `cargo xtask synth --resources 100 --out target/bench/synth-100.yaml`)
//! leaves under `target/bench/` for N = 10 and 100, plus `CODEGEN_BENCH_SPEC` if set.
//! `cargo xtask bench` prints the comparison table with the targets; this is for
//! criterion's statistics and change detection between runs.

use codegen::emit::{self, Content};
use codegen::{CrateOptions, load, lower, render};
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

/// The files `load` reads: the spec file, or a directory's spec files.
fn files(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_owned()];
    }
    let entries = std::fs::read_dir(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| matches!(path.extension().and_then(|ext| ext.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    files.sort();
    files
}

fn floor(files: &[PathBuf]) {
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        load::parse_floor(&text).unwrap_or_else(|error| panic!("{error}"));
    }
}

fn render_all(files: Vec<(String, Content)>) -> Vec<String> {
    files
        .into_iter()
        .map(|(path, content)| match content {
            Content::Rust(tokens) => render::render_file(&path, tokens).unwrap_or_else(|error| panic!("{error}")),
            Content::Text(text) => text,
        })
        .collect()
}

fn pipeline(c: &mut Criterion) {
    let options = CrateOptions {
        name: "bench".to_owned(),
        dev_dependencies: Vec::new(),
        standalone: true,
        version: codegen::release::INITIAL.to_string(),
    };
    for (name, path) in specs() {
        let (spec, _) = match load::load(&path) {
            Ok(loaded) => loaded,
            Err(error) => {
                eprintln!("skipping {name}: {error}");
                continue;
            }
        };
        let Ok(codegen::lower::Lowered { api, .. }) = lower::lower(&spec) else {
            eprintln!("skipping {name}: the spec does not lower");
            continue;
        };
        let files = files(&path);
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("floor", |b| b.iter(|| floor(black_box(&files))));
        group.bench_function("load", |b| b.iter(|| load::load(black_box(&path))));
        group.bench_function("lower", |b| b.iter(|| lower::lower(black_box(&spec))));
        group.bench_function("emit", |b| b.iter(|| emit::emit(black_box(&api), &options)));
        group.bench_function("render", |b| {
            b.iter_batched(|| emit::emit(&api, &options), render_all, BatchSize::PerIteration)
        });
        group.bench_function("generate", |b| b.iter(|| codegen::generate(black_box(&path), &options)));
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
