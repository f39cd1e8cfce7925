//! Finds the line and column of a JSON pointer in a spec file's text, for diagnostics.
//!
//! serde_yaml reports positions only for syntax and type errors; semantic errors found
//! later carry a JSON pointer, which this maps back to a place in the text: through the
//! indentation of YAML blocks (`yaml.rs`), or the brackets of a JSON document (`json.rs`).
//! Either index is built once per file, on its first diagnostic, and each container's
//! entries are indexed on first use, so N diagnostics do not cost N passes over the file.

mod json;
mod yaml;

use json::JsonLocator;
use yaml::YamlLocator;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The index of one file's text, by its syntax.
#[derive(Debug)]
pub enum Locator {
    Yaml(YamlLocator),
    Json(JsonLocator),
}

impl Locator {
    /// A JSON document (what starts with `{` or `[`) is indexed by its brackets: its block
    /// structure, if any, is only pretty-printing.
    pub fn new(text: &str) -> Self {
        if text.trim_start().starts_with(['{', '[']) {
            Locator::Json(JsonLocator::new(text))
        } else {
            Locator::Yaml(YamlLocator::new(text))
        }
    }

    /// The position of the node at `pointer` (`/paths/~1v1~1users/get`) in `text` (the text
    /// this locator was built from), or of its deepest ancestor that could be found.
    pub fn locate(&self, text: &str, pointer: &str) -> Position {
        match self {
            Locator::Yaml(locator) => locator.locate(text, pointer),
            Locator::Json(locator) => locator.locate(text, pointer),
        }
    }
}
