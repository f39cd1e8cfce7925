//! Load: spec files → one typed [`Spec`], with the source text kept for diagnostics.
//!
//! This is the only module that touches YAML (serde_yaml); swapping the YAML library
//! is a change here alone. JSON specs load through the same parser.

mod json;
mod locate;
mod pieces;
pub mod raw;
mod refs;
mod sorted;
mod sources;
pub mod spec;
mod untyped;

pub use json::{Json, Ordered};
pub use locate::Position;
pub use sorted::Sorted;
pub use sources::Sources;
pub use spec::{Located, Spec};

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::pointer::{self, FileId};
use crate::words;
use serde::Deserialize;
use sources::yaml_diagnostic;
use spec::{Document, Info, Server};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads `path` (a spec file, or a directory whose `*.yaml`, `*.yml` and `*.json` files
/// together form the spec) and merges it into one [`Spec`].
pub fn load(path: &Path) -> Result<(Spec, Sources), Error> {
    let mut sources = Sources::default();
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    let single = !path.is_dir();
    for file_path in spec_files(path)? {
        let bytes = std::fs::read(&file_path).map_err(|source| Error::Io { path: file_path.clone(), source })?;
        match parse(&file_path, bytes, single) {
            Ok((text, Some((document, merged)))) => {
                let file = sources.add(refs::normalize(&file_path), text);
                sources.merged(file, merged);
                documents.push((file, document));
            }
            // A fragment: read now, parsed when a `$ref` points into it.
            Ok((text, None)) => drop(sources.add(refs::normalize(&file_path), text)),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    let ids: Vec<FileId> = documents.iter().map(|(file, _)| *file).collect();
    let mut spec = merge(documents, &sources)?;
    let problems = refs::resolve(&mut spec, &mut sources, &ids);
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    Ok((spec, sources))
}

/// The spec files under `path` (the file itself, or every `*.yaml|*.yml|*.json` under the
/// directory, recursively), sorted so that the result never depends on directory order.
pub fn spec_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |source| Error::Io { path: path.to_owned(), source };
    if !path.is_dir() {
        std::fs::metadata(path).map_err(io)?;
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|source| Error::Io { path: dir.clone(), source })? {
            let entry_path = entry.map_err(|source| Error::Io { path: dir.clone(), source })?.path();
            if entry_path.is_dir() {
                pending.push(entry_path);
            } else if is_spec_file(&entry_path) {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(io(std::io::Error::new(std::io::ErrorKind::NotFound, "no *.yaml, *.yml or *.json spec files")));
    }
    Ok(files)
}

fn is_spec_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|ext| ext.to_str()), Some("yaml" | "yml" | "json"))
}

/// A file of a directory spec is a document (merged) when it has a top-level `openapi`,
/// `paths` or `components` key; any other file is a fragment that `$ref`s point into.
fn is_document(text: &str) -> bool {
    const KEYS: [&str; 4] = ["openapi", "swagger", "paths", "components"];
    // A top-level key, plain or quoted, at the start of a line.
    let yaml_key = |line: &str| {
        KEYS.iter().any(|key| {
            let quoted = |quote: char| line.strip_prefix(quote)?.strip_prefix(key)?.strip_prefix(quote);
            let rest = line.strip_prefix(key).or_else(|| quoted('"')).or_else(|| quoted('\''));
            rest.is_some_and(|rest| rest.starts_with(':'))
        })
    };
    // JSON: a root names its version anywhere (minified too); another document has `paths` or
    // `components` among its first-level keys (indented at most 4 when pretty-printed).
    let json_key = |line: &str| {
        let trimmed = line.trim_start();
        line.len() - trimmed.len() <= 4 && ["\"paths\"", "\"components\""].iter().any(|key| trimmed.starts_with(key))
    };
    if text.trim_start().starts_with('{') {
        return text.contains("\"openapi\"") || text.contains("\"swagger\"") || text.lines().any(json_key);
    }
    text.lines().any(yaml_key)
}

/// A document, and the keys that YAML merge keys brought in (with their `<<` entry).
type Parsed = (Document, Vec<(String, String)>);

/// The text of a spec file and, unless it is a fragment of a directory spec, its document.
fn parse(path: &Path, bytes: Vec<u8>, single: bool) -> Result<(String, Option<Parsed>), Diagnostic> {
    let located = |line: usize, column: usize, message: String| Diagnostic {
        file: path.to_owned(),
        line,
        column,
        pointer: String::new(),
        message,
        hint: None,
    };
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let column = valid.len() - valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline + 1) + 1;
        located(line, column, "file is not valid UTF-8".to_owned())
    })?;
    if text.trim().is_empty() {
        return Err(located(1, 1, "file is empty: expected an OpenAPI document".to_owned()));
    }
    if !single && !is_document(&text) {
        return Ok((text, None));
    }
    // Read straight from the text, errors have a line and column; a document with merge keys
    // is read again from its tree once they are applied (that tree's errors have none).
    // Pieces are read only without merge keys: a merge needs the whole tree.
    let merge_keys = untyped::has_merge_keys(&text);
    if !merge_keys && let Some(document) = pieces::read(&text) {
        return Ok((text, Some((document, Vec::new()))));
    }
    let document = serde_yaml::from_str::<Document>(&text).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    if !merge_keys {
        return Ok((text, Some((document, Vec::new()))));
    }
    let parsed = untyped::parse(&text).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    if !parsed.has_merges {
        return Ok((text, Some((document, Vec::new()))));
    }
    let merged = Document::deserialize(parsed.value).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    Ok((text, Some((merged, parsed.merged))))
}

/// Merges the documents: exactly one is the root (`openapi:`); paths and components are
/// unions, and a name defined twice is an error naming both places.
fn merge(documents: Vec<(FileId, Document)>, sources: &Sources) -> Result<Spec, Error> {
    let mut merge = Merge { sources, problems: Vec::new(), root: None };
    let mut spec = Spec::default();
    for (file, document) in documents {
        merge.document(file, document, &mut spec);
    }
    let Merge { mut problems, root, .. } = merge;
    let Some((root, openapi, info, servers)) = root else {
        if problems.is_empty() {
            problems.push(sources.diagnostic(
                0,
                "",
                "no spec file declares `openapi:`".to_owned(),
                Some("add `openapi: 3.0.3` and `info:` to the root file".to_owned()),
            ));
        }
        return Err(Diagnostics(problems).into());
    };
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    Ok(Spec { root, openapi, info, servers, ..spec })
}

/// The documents merged so far: the root's metadata, and every problem found.
struct Merge<'s> {
    sources: &'s Sources,
    problems: Vec<Diagnostic>,
    /// The file declaring `openapi:`, with its version, `info` and `servers`.
    root: Option<(FileId, String, Info, Vec<Server>)>,
}

impl Merge<'_> {
    fn problem(&mut self, file: FileId, pointer: &str, message: String, hint: Option<&str>) {
        let hint = hint.map(str::to_owned);
        self.problems.push(self.sources.diagnostic(file, pointer, message, hint));
    }

    fn document(&mut self, file: FileId, document: Document, spec: &mut Spec) {
        if let Some(version) = &document.swagger {
            let hint = Some("convert it to OpenAPI 3 first, e.g. with swagger2openapi");
            return self.problem(file, "/swagger", format!("Swagger {version} is not supported"), hint);
        }
        if let Some(openapi) = document.openapi {
            let info = Info { external_docs: document.external_docs, ..document.info.unwrap_or_default() };
            self.root(file, openapi, info, document.servers);
        }
        self.union(&mut spec.paths, document.paths, file, "path", pointer::path_item);
        let components = document.components;
        self.components(&mut spec.schemas, components.schemas, file, "schemas");
        self.components(&mut spec.parameters, components.parameters, file, "parameters");
        self.components(&mut spec.request_bodies, components.request_bodies, file, "requestBodies");
        self.components(&mut spec.responses, components.responses, file, "responses");
        self.components(&mut spec.security_schemes, components.security_schemes, file, "securitySchemes");
    }

    /// A document declaring `openapi:`: the root, unless another one already is.
    fn root(&mut self, file: FileId, openapi: String, info: Info, servers: Vec<Server>) {
        if !(openapi.starts_with("3.0") || openapi.starts_with("3.1")) {
            let message = format!("OpenAPI version {openapi} is not supported");
            self.problem(file, "/openapi", message, Some("use 3.0.x or 3.1.x"));
        }
        match &self.root {
            Some((first, ..)) => {
                let first = self.sources.path(*first).display();
                let message = format!("a second root document: {first} already declares `openapi:`");
                self.problem(file, "/openapi", message, Some("keep `openapi`, `info` and `servers` in one file"));
            }
            None => self.root = Some((file, openapi, info, servers)),
        }
    }

    /// [`Merge::union`] for the components of `kind`.
    fn components<T>(
        &mut self,
        into: &mut BTreeMap<String, Located<T>>,
        entries: impl IntoIterator<Item = (String, T)>,
        file: FileId,
        kind: &str,
    ) {
        let what = words::kind_singular(kind);
        self.union(into, entries, file, &what, |name| pointer::component(kind, name));
    }

    /// Adds `file`'s `entries` to `into`; a name already there keeps its first definition,
    /// and the second is a problem naming the first's file.
    fn union<T>(
        &mut self,
        into: &mut BTreeMap<String, Located<T>>,
        entries: impl IntoIterator<Item = (String, T)>,
        file: FileId,
        what: &str,
        pointer: impl Fn(&str) -> String,
    ) {
        for (name, value) in entries {
            match into.get(&name) {
                Some(first) => {
                    let first = self.sources.path(first.file).display();
                    let message = format!("this {what} is also defined in {first}");
                    self.problem(file, &pointer(&name), message, None);
                }
                None => drop(into.insert(name, Located { file, value })),
            }
        }
    }
}

/// One standalone document for tools that take a single file (mock servers, validators):
/// every spec file merged, with references to sibling files made local.
/// Every `$ref` is resolved as for generation: operations, parameters, responses and
/// `properties` maps from other files are inlined; schemas of their own become components.
pub fn bundle(path: &Path) -> Result<String, Error> {
    let (_, sources) = load(path)?; // Validates, and reports errors with positions.
    let located = |diagnostic: Diagnostic| Error::from(Diagnostics(vec![diagnostic]));
    let mut merged = serde_yaml::Mapping::new();
    for &file in &sources.documents {
        if let serde_yaml::Value::Mapping(mapping) = refs::inline_file(&sources, file).map_err(located)? {
            merge_value(&mut merged, mapping);
        }
    }
    let mut external: Vec<(&(FileId, String), &String)> = sources.external_schemas.iter().collect();
    external.sort_by(|a, b| a.1.cmp(b.1));
    for ((file, pointer), name) in external {
        let schema = refs::inline_at(&sources, *file, pointer).map_err(located)?;
        let mut schemas = serde_yaml::Mapping::new();
        schemas.insert(name.as_str().into(), schema);
        let mut components = serde_yaml::Mapping::new();
        components.insert("schemas".into(), serde_yaml::Value::Mapping(schemas));
        let mut root = serde_yaml::Mapping::new();
        root.insert("components".into(), serde_yaml::Value::Mapping(components));
        merge_value(&mut merged, root);
    }
    let mut merged = serde_yaml::Value::Mapping(merged);
    localize_refs(&mut merged);
    serde_yaml::to_string(&merged).map_err(|error| yaml_error(path, &error))
}

fn yaml_error(path: &Path, error: &serde_yaml::Error) -> Error {
    let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
    Diagnostics(vec![Diagnostic {
        file: path.to_owned(),
        line,
        column,
        pointer: String::new(),
        message: error.to_string(),
        hint: None,
    }])
    .into()
}

/// Deep-merges mappings; `load` has already rejected clashing definitions.
fn merge_value(into: &mut serde_yaml::Mapping, from: serde_yaml::Mapping) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(serde_yaml::Value::Mapping(existing)), serde_yaml::Value::Mapping(value)) => {
                merge_value(existing, value)
            }
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// `other.yaml#/components/schemas/X` → `#/components/schemas/X`.
fn localize_refs(value: &mut serde_yaml::Value) {
    match value {
        serde_yaml::Value::Mapping(mapping) => {
            for (key, value) in mapping.iter_mut() {
                if key.as_str() == Some("$ref") {
                    if let serde_yaml::Value::String(reference) = value {
                        if let Some(index) = reference.find('#') {
                            reference.drain(..index);
                        }
                    }
                } else {
                    localize_refs(value);
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(localize_refs),
        _ => {}
    }
}

/// The parse floor for benchmarks: `text` parsed into an untyped YAML value and dropped,
/// the least work any generator that reads this spec must do.
pub fn parse_floor(text: &str) -> Result<(), Error> {
    serde_yaml::from_str::<serde_yaml::Value>(text).map(drop).map_err(|error| yaml_error(Path::new("<floor>"), &error))
}

#[cfg(test)]
mod tests {
    use super::is_document;

    #[test]
    fn documents_and_fragments() {
        assert!(is_document("openapi: 3.0.3\ninfo: {}\n"));
        assert!(is_document("# pets\npaths:\n  /pets: {}\n"));
        assert!(is_document("'components':\n  schemas: {}\n"));
        assert!(is_document("{\"openapi\":\"3.1.0\",\"info\":{}}"));
        assert!(is_document("{\n  \"paths\": {}\n}\n"));
        // Fragments: an operation, a schema with a property named `paths`, a JSON schema.
        assert!(!is_document("operationId: GetWidget\nresponses: {}\n"));
        assert!(!is_document("type: object\nproperties:\n  paths: {type: string}\n"));
        assert!(!is_document(
            "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"x\": {\n      \"paths\": 1\n    }\n  }\n}\n"
        ));
    }
}
