//! Keeping a hand-maintained spec fragment true to the published spec it was cut from:
//! [`import`] copies operations (and every component they need) from upstream into the
//! fragment; [`drift`] reports where the fragment and upstream differ.
//!
//! Both work on the spec files as written (untyped [`Json`] trees), not on the typed
//! [`crate::load::Spec`]: they must see, and copy, everything a file says.

pub mod drift;
pub mod import;
mod yaml;

use crate::error::{Diagnostic, Error};
use crate::load::{self, Json, Sources, raw};
use crate::pointer::{self, FileId};
use std::path::Path;

/// The HTTP methods a path item may hold, in the order they are compared and written.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A spec (a file or a directory of files) as untyped trees, one per file.
pub struct Tree {
    pub sources: Sources,
    pub docs: Vec<Json>,
}

/// One operation of a [`Tree`].
pub struct Operation<'t> {
    pub file: FileId,
    pub path: &'t str,
    pub method: &'static str,
    pub id: Option<&'t str>,
    /// The path item holding it (for path-level parameters).
    pub item: &'t Json,
    pub value: &'t Json,
}

impl Operation<'_> {
    /// JSON pointer of the operation, without `#`.
    pub fn pointer(&self) -> String {
        format!("{}/{}", pointer::path_item(self.path), self.method)
    }

    /// How a report names it: the operationId, or method and path.
    pub fn name(&self) -> String {
        self.id.map_or_else(|| format!("{} {}", self.method.to_uppercase(), self.path), str::to_owned)
    }
}

impl Tree {
    /// Loads and validates like `codegen` does, so a file that does not parse gets the
    /// same located diagnostics.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let (_, sources) = load::load(path)?;
        let docs = raw::documents(&sources)?;
        Ok(Self { sources, docs })
    }

    /// Every operation, by file, then path and method as written.
    pub fn operations(&self) -> Vec<Operation<'_>> {
        let mut operations = Vec::new();
        for (file, doc) in self.docs.iter().enumerate() {
            for (path, item) in entries(doc.get("paths")) {
                for method in METHODS {
                    if let Some(value) = item.get(method) {
                        let id = value.get("operationId").and_then(Json::as_str);
                        operations.push(Operation { file, path, method, id, item, value });
                    }
                }
            }
        }
        operations
    }

    /// The component `#/components/{kind}/{name}`, and the file defining it.
    pub fn component(&self, kind: &str, name: &str) -> Option<(FileId, &Json)> {
        self.docs.iter().enumerate().find_map(|(file, doc)| {
            doc.get("components")
                .and_then(|components| components.get(kind))
                .and_then(|map| map.get(name))
                .map(|value| (file, value))
        })
    }

    /// Every component as `(kind, name, file, value)`, sorted by kind and name.
    pub fn components(&self) -> Vec<(&str, &str, FileId, &Json)> {
        let mut all = Vec::new();
        for (file, doc) in self.docs.iter().enumerate() {
            for (kind, map) in entries(doc.get("components")) {
                for (name, value) in entries(Some(map)) {
                    all.push((kind.as_str(), name.as_str(), file, value));
                }
            }
        }
        all.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        all
    }

    /// A diagnostic at `pointer` in `file`.
    pub fn diagnostic(&self, file: FileId, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
        self.sources.diagnostic(file, pointer, message, hint)
    }
}

/// Read access to untyped spec values.
trait Node {
    fn get(&self, key: &str) -> Option<&Json>;
}

impl Node for Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }
}

/// The entries of a mapping (none for anything else).
fn entries(value: Option<&Json>) -> &[(String, Json)] {
    match value {
        Some(Json::Object(entries)) => entries,
        _ => &[],
    }
}

/// The items of a sequence (none for anything else).
fn items(value: Option<&Json>) -> &[Json] {
    match value {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}
