//! What the pipeline hands its caller: the files of a crate, in memory. A leaf, so that the
//! side tools (release, report) and the stages name them without depending on each other.

use crate::error::Diagnostic;
use std::path::PathBuf;

/// One file of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate root, with `/` separators.
    pub path: PathBuf,
    pub contents: String,
}

/// The files of a generated crate, and the warnings of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    /// What the generator worked around, located like errors (an unknown `format`, …).
    pub warnings: Vec<Diagnostic>,
}
