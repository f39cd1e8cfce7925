//! An OpenAPI → Rust SDK generator.
//!
//! One direction, one module per stage:
//! [`load`] (spec files → typed spec) → [`lower`] (→ [`ir`], names decided) →
//! [`emit`] (IR → tokens) → [`render`] (tokens → formatted source).
//! The crate reads spec files and nothing else; writing is the caller's job.
#![forbid(unsafe_code)]
// No panics on input: errors are values. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

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

pub use emit::CrateOptions;
pub use error::{Diagnostic, Diagnostics, Error};

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
    let (api, warnings) = lower_located(spec)?;
    Ok(Output { files: emit_files(&api, options)?, warnings })
}

/// Emit and render: every file of the crate for an API already lowered.
pub fn emit_files(api: &ir::Api, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    emit::emit(api, options)
        .into_iter()
        .map(|(path, content)| {
            let contents = match content {
                emit::Content::Rust(tokens) => render::render_file(&path, tokens)?,
                emit::Content::Text(text) => text,
            };
            Ok(GeneratedFile { path: PathBuf::from(path), contents })
        })
        .collect()
}

/// Load and lower: the IR of the spec, or every problem in it, located.
pub fn lower_spec(spec: &Path) -> Result<ir::Api, Error> {
    lower_located(spec).map(|(api, _)| api)
}

fn lower_located(spec: &Path) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let (loaded, sources) = load::load(spec)?;
    let locate =
        |problem: lower::Problem| sources.diagnostic(problem.file, &problem.pointer, problem.message, problem.hint);
    match lower::lower(&loaded) {
        Ok(lowered) => Ok((lowered.api, lowered.warnings.into_iter().map(locate).collect())),
        Err(problems) => Err(Error::Spec(Diagnostics(problems.into_iter().map(locate).collect()))),
    }
}

/// The spec as one standalone document, for tools that need a single file.
pub fn bundle(spec: &Path) -> Result<String, Error> {
    load::bundle(spec)
}
