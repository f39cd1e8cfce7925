//! An OpenAPI → Rust SDK generator.
//!
//! One direction, one module per stage:
//! [`load`](mod@load) (spec files → typed spec) → [`lower`](mod@lower) (→ [`ir`], names decided) →
//! [`emit`] (IR → tokens) → [`render`] (tokens → formatted source).
//! The crate reads spec files and nothing else; writing is the caller's job.
#![forbid(unsafe_code)]
// No panics on input: errors are values. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod cores;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod pointer;
pub mod release;
pub mod render;
pub mod report;
pub mod suggest;
pub mod surface;
pub mod upstream;
pub mod words;

pub use emit::{CrateOptions, PackageOptions};
pub use error::{Diagnostic, Diagnostics, Error};

use render::Origin;
use std::path::{Path, PathBuf};

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate root, with `/` separators.
    pub path: PathBuf,
    pub contents: String,
}

/// Runs the whole pipeline on the spec at `spec` (a file, or a directory of files) and
/// returns every file of the crate, in memory.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    run(spec, options).map(|output| output.files)
}

/// The files of a generated crate, and the warnings of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    /// What the generator worked around, located like errors (an unknown `format`, …).
    pub warnings: Vec<Diagnostic>,
}

/// [`generate`], keeping the warnings.
pub fn run(spec: &Path, options: &CrateOptions) -> Result<Output, Error> {
    let (api, warnings) = lower(load(spec)?)?;
    Ok(Output { files: emit_files(&api, options)?, warnings })
}

// The stages, composed once: `run` above, and the benches, which time each one.

/// A spec read and parsed: the typed spec, and its files' text for locating diagnostics.
pub type Loaded = (load::Spec, load::Sources);

/// Load: every file of the spec, read, parsed and merged.
pub fn load(spec: &Path) -> Result<Loaded, Error> {
    load::load(spec)
}

/// Lower: the IR of a loaded spec with its warnings, or every problem in it, located. The
/// spec is dropped as soon as the IR holds what it needs.
pub fn lower((spec, sources): Loaded) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let lowered = lower::lower(&spec);
    drop(spec);
    let locate =
        |problem: lower::Problem| sources.diagnostic(problem.file, &problem.pointer, problem.message, problem.hint);
    match lowered {
        Ok(lowered) => Ok((lowered.api, lowered.warnings.into_iter().map(locate).collect())),
        Err(problems) => Err(Error::Spec(Diagnostics(problems.into_iter().map(locate).collect()))),
    }
}

/// Emit and render: every file of the crate for an API already lowered, handed to `each`
/// one at a time, in order, under its header. A file's tokens are made as it is rendered,
/// and dropped with it, so a caller that writes or counts each file holds one at a time.
pub fn emit_each<E: From<Error>>(
    api: &ir::Api,
    options: &CrateOptions,
    mut each: impl FnMut(GeneratedFile) -> Result<(), E>,
) -> Result<(), E> {
    if !naming::is_package_name(&options.name) {
        return Err(Error::PackageName(options.name.clone()).into());
    }
    for (path, content) in emit::emit(api, options) {
        let contents = match content {
            emit::Content::Rust(file) => render::render_file(&path, &file)?,
            emit::Content::Text(text) => render::stamp(&path, Origin::Spec, &text),
            emit::Content::Json(json) => json().map_err(|source| Error::Json { file: path.clone(), source })?,
            emit::Content::Runtime { module, source } => render::stamp(&path, Origin::Runtime(module), source),
        };
        each(GeneratedFile { path: PathBuf::from(path), contents })?;
    }
    Ok(())
}

/// [`emit_each`], collected.
pub fn emit_files(api: &ir::Api, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    emit_each(api, options, |file| -> Result<(), Error> {
        files.push(file);
        Ok(())
    })?;
    Ok(files)
}

/// Load and lower: the IR of the spec, or every problem in it, located.
pub fn lower_spec(spec: &Path) -> Result<ir::Api, Error> {
    lower(load(spec)?).map(|(api, _)| api)
}

/// The spec as one standalone document, for tools that need a single file.
pub fn bundle(spec: &Path) -> Result<String, Error> {
    load::bundle(spec)
}
