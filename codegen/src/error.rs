//! The generator's one error type, and located diagnostics.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong between reading the spec and rendering Rust.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The spec is malformed or uses something the generator does not support.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The crate's package name is one Cargo or Rust refuses.
    #[error("`{0}` {rule}", rule = crate::naming::PACKAGE_NAME_RULE)]
    PackageName(String),
    /// The emitter produced tokens that are not a Rust file: a generator bug.
    #[error("internal error: generated `{file}` does not parse: {source}")]
    Render { file: String, source: syn::Error },
    /// Data the emitter built does not serialize as JSON: a generator bug.
    #[error("internal error: generated `{file}` does not serialize: {source}")]
    Json { file: String, source: serde_json::Error },
}

/// One problem in the spec, at a place a maintainer can jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// JSON pointer into the file (`#/paths/~1v1~1users/get`), empty for syntax errors.
    pub pointer: String,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if !self.pointer.is_empty() {
            // Control characters in spec names are percent-encoded, as in a URI fragment.
            let pointer: String = self
                .pointer
                .chars()
                .map(|c| if c.is_control() { format!("%{:02X}", c as u32) } else { c.to_string() })
                .collect();
            write!(f, "#{pointer}: ")?;
        }
        // One line per diagnostic, even when a quoted spec name holds a line break.
        f.write_str(&self.message.replace('\n', "\\n"))?;
        if let Some(hint) = &self.hint {
            write!(f, " ({})", hint.replace('\n', "\\n"))?;
        }
        Ok(())
    }
}

/// All the problems of one run, reported together like rustc does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "error: {diagnostic}")?;
        }
        match self.0.len() {
            1 => write!(f, "1 error in the spec"),
            count => write!(f, "{count} errors in the spec"),
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Self {
        Self::Spec(diagnostics)
    }
}
