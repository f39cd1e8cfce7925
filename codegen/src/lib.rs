//! An OpenAPI → Rust SDK generator.
//!
//! One direction, one module per stage: [`load`] (spec files → typed spec) → [`lower`] (→
//! [`ir`], names decided; what the crate carries, in [`plan`]) → [`emit`] (IR → tokens) →
//! [`render`] (tokens → formatted source). [`stages`] has each as a function, [`run`] composes
//! them. The crate reads spec files and nothing else; writing is the caller's job.
#![forbid(unsafe_code)]
// No panics on input: errors are values. Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod cores;
pub mod emit;
pub mod error;
#[cfg(test)]
mod invariants;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
mod output;
pub mod plan;
pub mod pointer;
pub mod release;
pub mod render;
pub mod report;
pub mod stages;
pub mod suggest;
pub mod surface;
pub mod upstream;
pub mod version;
pub mod words;

pub use emit::{CrateOptions, PackageOptions};
pub use error::{Diagnostic, Diagnostics, Error};
pub use output::{GeneratedFile, Output};

use std::path::Path;

/// Runs the whole pipeline on the spec at `spec` (a file, or a directory of files) and
/// returns every file of the crate, in memory.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    run(spec, options).map(|output| output.files)
}

/// [`generate`], keeping the warnings.
pub fn run(spec: &Path, options: &CrateOptions) -> Result<Output, Error> {
    let (api, warnings) = stages::lower(stages::load(spec)?)?;
    Ok(Output { files: stages::emit_files(&api, options)?, warnings })
}

/// Load and lower: the IR of the spec, or every problem in it, located.
pub fn lower_spec(spec: &Path) -> Result<ir::Api, Error> {
    stages::lower(stages::load(spec)?).map(|(api, _)| api)
}

/// The spec as one standalone document, for tools that need a single file.
pub fn bundle(spec: &Path) -> Result<String, Error> {
    load::bundle(spec)
}
