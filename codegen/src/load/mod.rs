//! Load: spec files → one typed [`Spec`], with the source text kept for diagnostics.
//!
//! This is the only module that touches YAML (serde_yaml); swapping the YAML library
//! is a change here alone. JSON specs load through the same parser.

mod json;
mod locate;
pub mod raw;
mod refs;
pub mod spec;
mod untyped;

pub use json::{Json, Ordered};
pub use locate::Position;

use crate::error::{Diagnostic, Diagnostics, Error};
use serde::Deserialize;
use spec::{Document, Info, Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme, Server};
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A spec value and the file it was written in.
#[derive(Debug)]
pub struct Located<T> {
    pub file: FileId,
    pub value: T,
}

/// The whole API: every spec file merged. Names are unique across files.
#[derive(Debug)]
pub struct Spec {
    /// The file holding `openapi:`, `info:` and `servers:`.
    pub root: FileId,
    pub openapi: String,
    pub info: Info,
    pub servers: Vec<Server>,
    pub paths: BTreeMap<String, Located<PathItem>>,
    pub schemas: BTreeMap<String, Located<Schema>>,
    pub parameters: BTreeMap<String, Located<Parameter>>,
    pub request_bodies: BTreeMap<String, Located<RequestBody>>,
    pub responses: BTreeMap<String, Located<Response>>,
    pub security_schemes: BTreeMap<String, Located<SecurityScheme>>,
}

/// The text of every spec file, to turn JSON pointers into file:line:column.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<(PathBuf, String)>,
    /// Built on a file's first diagnostic, reused by the rest.
    locators: Vec<OnceCell<locate::Locator>>,
    /// Per file: pointers whose value was inlined from a `$ref` target, and that target.
    redirects: Vec<HashMap<String, (FileId, String)>>,
    /// Per file: keys a YAML merge brought in, and the `<<` entry they were written under
    /// (the place a diagnostic about them points at; its pointer stays the merged one).
    merges: Vec<HashMap<String, String>>,
    /// The merged documents (the other files are `$ref` targets).
    documents: Vec<FileId>,
    /// Schemas outside `#/components/schemas` that became components, by (file, pointer).
    external_schemas: HashMap<(FileId, String), String>,
}

impl Sources {
    fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push((path, text));
        self.locators.push(OnceCell::new());
        self.redirects.push(HashMap::new());
        self.merges.push(HashMap::new());
        self.files.len() - 1
    }

    /// The text of a spec file, as read.
    pub fn text(&self, file: FileId) -> &str {
        &self.files[file].1
    }

    /// Records that the value at `pointer` in `file` was read from `to_pointer` in `to_file`.
    fn redirect(&mut self, file: FileId, pointer: String, to_file: FileId, to_pointer: String) {
        self.redirects[file].insert(pointer, (to_file, to_pointer));
    }

    /// Records the keys a YAML merge brought into `file` (see [`untyped::Parsed::merged`]).
    fn merged(&mut self, file: FileId, merged: Vec<(String, String)>) {
        self.merges[file].extend(merged);
    }

    /// The pointer whose text holds the node at `pointer`: a key brought in by a merge key
    /// is written at its `<<` entry.
    fn written_at(&self, file: FileId, pointer: &str) -> String {
        let mut prefix = pointer;
        loop {
            if let Some(merge_at) = self.merges[file].get(prefix) {
                return format!("{merge_at}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(slash) => prefix = &prefix[..slash],
                None => return pointer.to_owned(),
            }
        }
    }

    /// Where the node at `pointer` in `file` was written: through every inlined `$ref`
    /// on its way, the longest recorded prefix first.
    fn origin(&self, mut file: FileId, pointer: &str) -> (FileId, String) {
        let mut pointer = pointer.to_owned();
        // Bounded: load rejects cycles, so a chain of redirects is at most as long as the files.
        for _ in 0..=self.files.len() {
            let mut prefix = pointer.as_str();
            let hit = loop {
                if let Some(target) = self.redirects[file].get(prefix) {
                    break Some((target, prefix.len()));
                }
                match prefix.rfind('/') {
                    Some(slash) => prefix = &prefix[..slash],
                    None => break None,
                }
            };
            let Some(((to_file, to_pointer), matched)) = hit else { break };
            pointer = format!("{to_pointer}{}", &pointer[matched..]);
            file = *to_file;
        }
        (file, pointer)
    }

    pub fn path(&self, file: FileId) -> &Path {
        &self.files[file].0
    }

    /// A diagnostic for the node at `pointer` (JSON pointer, without `#`) in `file`.
    pub fn diagnostic(&self, file: FileId, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
        let (file, pointer) = self.origin(file, pointer);
        let pointer = pointer.as_str();
        let (path, text) = &self.files[file];
        let written = self.written_at(file, pointer);
        let position = self.locators[file].get_or_init(|| locate::Locator::new(text)).locate(text, &written);
        // A spec name quoted in the message may hold a line break; a diagnostic is one line.
        let one_line = |text: String| text.replace('\n', "\\n");
        Diagnostic {
            file: path.clone(),
            line: position.line,
            column: position.column,
            pointer: pointer.to_owned(),
            message: one_line(message),
            hint: hint.map(one_line),
        }
    }
}

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
    let document = serde_yaml::from_str::<Document>(&text).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    if !untyped::has_merge_keys(&text) {
        return Ok((text, Some((document, Vec::new()))));
    }
    let parsed = untyped::parse(&text).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    if !parsed.has_merges {
        return Ok((text, Some((document, Vec::new()))));
    }
    let merged = Document::deserialize(parsed.value).map_err(|error| yaml_diagnostic(path, &text, &error))?;
    Ok((text, Some((merged, parsed.merged))))
}

/// A serde_yaml error in `text` (the file at `path`), located at its line and column.
fn yaml_diagnostic(path: &Path, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
    let (line, column) = within(text, line, column);
    Diagnostic {
        file: path.to_owned(),
        line,
        column,
        pointer: String::new(),
        message: without_location(&error.to_string()),
        hint: None,
    }
}

/// serde_yaml places an error at the end of input one line past a last line without a
/// newline; point at the end of that last line instead.
fn within(text: &str, line: usize, column: usize) -> (usize, usize) {
    let last = text.lines().count().max(1);
    if line <= last {
        return (line, column);
    }
    (last, text.lines().last().map_or(0, str::len) + 1)
}

/// serde_yaml appends " at line L column C", which the diagnostic already leads with.
fn without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_owned(),
        _ => message.to_owned(),
    }
}

/// Merges the documents: exactly one is the root (`openapi:`); paths and components are
/// unions, and a name defined twice is an error naming both places.
fn merge(documents: Vec<(FileId, Document)>, sources: &Sources) -> Result<Spec, Error> {
    let mut problems = Vec::new();
    let mut root: Option<(FileId, String, Info, Vec<Server>)> = None;
    let mut spec_paths = BTreeMap::new();
    let mut schemas = BTreeMap::new();
    let mut parameters = BTreeMap::new();
    let mut request_bodies = BTreeMap::new();
    let mut responses = BTreeMap::new();
    let mut security_schemes = BTreeMap::new();
    for (file, document) in documents {
        if let Some(version) = &document.swagger {
            problems.push(sources.diagnostic(
                file,
                "/swagger",
                format!("Swagger {version} is not supported"),
                Some("convert it to OpenAPI 3 first, e.g. with swagger2openapi".to_owned()),
            ));
            continue;
        }
        if let Some(openapi) = document.openapi {
            if !(openapi.starts_with("3.0") || openapi.starts_with("3.1")) {
                problems.push(sources.diagnostic(
                    file,
                    "/openapi",
                    format!("OpenAPI version {openapi} is not supported"),
                    Some("use 3.0.x or 3.1.x".to_owned()),
                ));
            }
            match &root {
                Some((first, ..)) => problems.push(sources.diagnostic(
                    file,
                    "/openapi",
                    format!("a second root document: {} already declares `openapi:`", sources.path(*first).display()),
                    Some("keep `openapi`, `info` and `servers` in one file".to_owned()),
                )),
                None => root = Some((file, openapi, document.info.unwrap_or_default(), document.servers)),
            }
        }
        let mut add = |kind: &str, pointer: String, first: Option<FileId>| {
            if let Some(first) = first {
                problems.push(sources.diagnostic(
                    file,
                    &pointer,
                    format!("{kind} is also defined in {}", sources.path(first).display()),
                    None,
                ));
            }
        };
        for (path, item) in document.paths {
            let pointer = format!("/paths/{}", escape(&path));
            add("this path", pointer, insert(&mut spec_paths, path, file, item));
        }
        let components = document.components;
        for (name, value) in components.schemas {
            add(
                "this schema",
                format!("/components/schemas/{}", escape(&name)),
                insert(&mut schemas, name, file, value),
            );
        }
        for (name, value) in components.parameters {
            add(
                "this parameter",
                format!("/components/parameters/{}", escape(&name)),
                insert(&mut parameters, name, file, value),
            );
        }
        for (name, value) in components.request_bodies {
            add(
                "this request body",
                format!("/components/requestBodies/{}", escape(&name)),
                insert(&mut request_bodies, name, file, value),
            );
        }
        for (name, value) in components.responses {
            add(
                "this response",
                format!("/components/responses/{}", escape(&name)),
                insert(&mut responses, name, file, value),
            );
        }
        for (name, value) in components.security_schemes {
            add(
                "this security scheme",
                format!("/components/securitySchemes/{}", escape(&name)),
                insert(&mut security_schemes, name, file, value),
            );
        }
    }
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
    Ok(Spec {
        root,
        openapi,
        info,
        servers,
        paths: spec_paths,
        schemas,
        parameters,
        request_bodies,
        responses,
        security_schemes,
    })
}

/// Inserts unless present; returns the file of the earlier definition on a clash.
fn insert<T>(map: &mut BTreeMap<String, Located<T>>, name: String, file: FileId, value: T) -> Option<FileId> {
    match map.get(&name) {
        Some(existing) => Some(existing.file),
        None => {
            map.insert(name, Located { file, value });
            None
        }
    }
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) { segment.replace('~', "~0").replace('/', "~1").into() } else { segment.into() }
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
