//! `drift`: every operation and component of the fragment against its namesake upstream,
//! one located line per difference.
//!
//! A difference the fragment makes on purpose is marked where it is made: an
//! `x-drift-ignore` list on the differing node (an operation, a component, a parameter,
//! a schema at any depth). Each entry is a path relative to that node, written like a JSON
//! pointer without the leading `/` (`enum`, `properties/email`,
//! `responses/409`, `flows/clientCredentials`, `*` for the whole node); it silences every
//! difference at or below it.

use super::{Node, Operation, Tree, entries, items};
use crate::error::{Diagnostic, Error};
use crate::load::Json;
use crate::pointer::{self, At, FileId, component_ref, escape, unescape};
use crate::words;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The extension key that marks intentional differences.
pub const MARKER: &str = "x-drift-ignore";

/// What to compare beyond the shape of the API.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also compare descriptions, summaries, titles and examples.
    pub docs: bool,
}

/// The differences found, located in the fragment.
#[derive(Debug, Default)]
pub struct Report {
    pub differences: Vec<Diagnostic>,
    /// Differences silenced by an `x-drift-ignore` entry.
    pub skipped: usize,
    /// `x-drift-ignore` entries that silenced nothing: stale, or misspelled.
    pub unused_markers: Vec<Diagnostic>,
}

/// Compares the fragment at `fragment` with the published spec at `upstream`.
pub fn drift(fragment: &Path, upstream: &Path, options: Options) -> Result<Report, Error> {
    let fragment = Tree::load(fragment)?;
    let upstream = Tree::load(upstream)?;
    let mut compare = Compare::new(&fragment, &upstream, options);
    for operation in fragment.operations() {
        compare.operation(&operation);
    }
    for (kind, name, file, value) in fragment.components() {
        compare.component(kind, name, file, value);
    }
    Ok(compare.report())
}

/// The differences between the fragment's and upstream's component `kind`/`name`, after
/// the fragment's markers (for `import`, which keeps the fragment's version).
pub(super) fn component_differences(fragment: &Tree, upstream: &Tree, kind: &str, name: &str) -> Vec<Diagnostic> {
    let mut compare = Compare::new(fragment, upstream, Options::default());
    if let Some((file, value)) = fragment.component(kind, name) {
        compare.component(kind, name, file, value);
    }
    compare.report().differences
}

/// Where the comparison is: a node of the fragment, and the path that names it in markers.
#[derive(Clone)]
struct Subject {
    place: At,
    path: Vec<String>,
    /// How a hint names the node that a marker entry is relative to.
    root: usize,
}

impl Subject {
    /// A child node: `pointer` segments in the file, `path` segments for markers.
    fn join(&self, pointer: &[&str], path: &[&str]) -> Subject {
        let mut next = self.clone();
        for segment in pointer {
            next.place = next.place.join(segment);
        }
        next.path.extend(path.iter().map(|segment| (*segment).to_owned()));
        next
    }

    /// A child named in markers that the fragment does not have: located at its parent.
    fn absent(&self, path: &[&str]) -> Subject {
        self.join(&[], path)
    }

    /// The same node, written at `place` (a parameter's entry, a `$ref`'s target).
    fn written_at(&self, place: At) -> Subject {
        Subject { place, ..self.clone() }
    }
}

struct Found {
    at: Subject,
    message: String,
}

struct Marker {
    file: FileId,
    pointer: String,
    entry: String,
    prefix: Vec<String>,
    used: bool,
}

struct Compare<'t> {
    fragment: &'t Tree,
    upstream: &'t Tree,
    options: Options,
    found: Vec<Found>,
    markers: Vec<Marker>,
}

impl<'t> Compare<'t> {
    fn new(fragment: &'t Tree, upstream: &'t Tree, options: Options) -> Self {
        Self { fragment, upstream, options, found: Vec::new(), markers: Vec::new() }
    }

    fn differ(&mut self, at: Subject, message: String) {
        self.found.push(Found { at, message });
    }

    /// Records the node's `x-drift-ignore` entries.
    fn mark(&mut self, node: &Json, at: &Subject) {
        let Some(marker) = node.get(MARKER) else { return };
        let listed: Vec<&str> = match marker {
            Json::String(entry) => vec![entry.as_str()],
            other => items(Some(other)).iter().filter_map(Json::as_str).collect(),
        };
        for entry in listed {
            let mut prefix = at.path.clone();
            if entry != "*" {
                prefix.extend(entry.split('/').map(|segment| unescape(segment).into_owned()));
            }
            let pointer = format!("{}/{MARKER}", at.place.pointer);
            self.markers.push(Marker { file: at.place.file, pointer, entry: entry.to_owned(), prefix, used: false });
        }
    }

    /// The differences not marked as intended. One difference reached twice (a component
    /// compared on its own and where an inline schema meets its `$ref`) is one line, with
    /// the shorter marker hint.
    fn report(mut self) -> Report {
        let mut report = Report::default();
        let mut lines: BTreeMap<(FileId, String, String), usize> = BTreeMap::new();
        let mut skipped = BTreeSet::new();
        for found in std::mem::take(&mut self.found) {
            let key = (found.at.place.file, found.at.place.pointer.clone(), found.message.clone());
            let marker = self.markers.iter_mut().find(|marker| found.at.path.starts_with(&marker.prefix));
            if let Some(marker) = marker {
                marker.used = true;
                skipped.insert(key);
                continue;
            }
            let entry =
                found.at.path[found.at.root..].iter().map(|segment| escape(segment)).collect::<Vec<_>>().join("/");
            let hint = format!("if intended: {MARKER}: [{}]", if entry.is_empty() { "'*'" } else { &entry });
            match lines.get(&key) {
                Some(&index) => {
                    let line = &mut report.differences[index];
                    if line.hint.as_ref().is_some_and(|shown| shown.len() > hint.len()) {
                        line.hint = Some(hint);
                    }
                }
                None => {
                    lines.insert(key, report.differences.len());
                    let At { file, pointer } = &found.at.place;
                    let line = self.fragment.diagnostic(*file, pointer, found.message, Some(hint));
                    report.differences.push(line);
                }
            }
        }
        report.skipped = skipped.iter().filter(|key| !lines.contains_key(*key)).count();
        // A component's markers also apply where it is compared as a resolved `$ref`: an
        // entry is stale only when no use of it silenced anything.
        let used: BTreeSet<(FileId, &str, &str)> = self
            .markers
            .iter()
            .filter(|marker| marker.used)
            .map(|marker| (marker.file, marker.pointer.as_str(), marker.entry.as_str()))
            .collect();
        let mut reported = BTreeSet::new();
        for marker in &self.markers {
            let key = (marker.file, marker.pointer.as_str(), marker.entry.as_str());
            if used.contains(&key) || !reported.insert(key) {
                continue;
            }
            let message = format!("{MARKER} entry `{}` matches no difference", marker.entry);
            report.unused_markers.push(self.fragment.diagnostic(marker.file, &marker.pointer, message, None));
        }
        report
    }

    fn operation(&mut self, here: &Operation<'t>) {
        let name = here.name();
        let at = Subject {
            place: At::new(here.file, here.pointer()),
            path: vec!["operation".to_owned(), name.clone()],
            root: 2,
        };
        self.mark(here.value, &at);
        let upstream_operations = self.upstream.operations();
        let there = match here.id {
            Some(id) => upstream_operations.iter().find(|operation| operation.id == Some(id)),
            None => upstream_operations
                .iter()
                .find(|operation| operation.path == here.path && operation.method == here.method),
        };
        let Some(there) = there else {
            self.differ(at, format!("operation `{name}` is missing upstream"));
            return;
        };
        if (there.path, there.method) != (here.path, here.method) {
            let (ours, theirs) = (here.method.to_uppercase(), there.method.to_uppercase());
            let message =
                format!("operation `{name}` is `{ours} {}` here, `{theirs} {}` upstream", here.path, there.path);
            self.differ(at.absent(&["path"]), message);
        }
        self.parameters(here, there, &at);
        let body = at.join(&["requestBody"], &["requestBody"]);
        self.request_body(here.value.get("requestBody"), there.value.get("requestBody"), &body);
        self.responses(here.value, there.value, &at);
        self.docs(here.value, there.value, &at, &["summary", "description"]);
    }

    fn component(&mut self, kind: &str, name: &str, file: FileId, here: &'t Json) {
        let place = At::component(file, kind, name);
        let at = Subject { place, path: vec![kind.to_owned(), name.to_owned()], root: 2 };
        let Some((_, there)) = self.upstream.component(kind, name) else {
            self.mark(here, &at);
            self.differ(at, format!("{} `{name}` is missing upstream", words::kind_singular(kind)));
            return;
        };
        match kind {
            "schemas" => self.schema(here, there, &at),
            "parameters" => self.parameter(here, there, &at),
            "requestBodies" => self.request_body(Some(here), Some(there), &at),
            "responses" => self.response(here, there, &at),
            "examples" => {
                self.mark(here, &at);
                self.docs(here, there, &at, &["summary", "description", "value"]);
            }
            _ => self.generic(here, there, &at),
        }
    }

    /// Path-level and operation-level parameters, by location and name.
    fn parameters(&mut self, here: &Operation<'t>, there: &Operation<'t>, at: &Subject) {
        let ours = parameters(self.fragment, here);
        let theirs = parameters(self.upstream, there);
        for (key, pointer, value) in &ours {
            let name = key.1.as_str();
            let Some((_, _, other)) = theirs.iter().find(|(other, ..)| other == key) else {
                let parameter = at.absent(&["parameters", name]).written_at(At::new(here.file, pointer.clone()));
                self.differ(parameter, format!("parameter `{name}` (in {}) removed upstream", key.0));
                continue;
            };
            let parameter = at.absent(&["parameters", name]).written_at(At::new(here.file, pointer.clone()));
            self.parameter(value, other, &parameter);
        }
        for (key, _, _) in &theirs {
            if !ours.iter().any(|(other, ..)| other == key) {
                let name = key.1.as_str();
                let parameter = at.join(&["parameters"], &["parameters", name]);
                self.differ(parameter, format!("parameter `{name}` (in {}) added upstream", key.0));
            }
        }
    }

    fn parameter(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        if self.both_references(here, there, at) {
            return;
        }
        let (here, there, at) = self.resolved(here, there, "parameters", at);
        let at = &at;
        let name = here.get("name").and_then(Json::as_str).unwrap_or_default().to_owned();
        let (ours, theirs) = (flag(here, "required"), flag(there, "required"));
        if ours != theirs {
            let message = format!("parameter `{name}` is {} here, {} upstream", required(ours), required(theirs));
            self.differ(at.absent(&["required"]), message);
        }
        self.schemas_at(here.get("schema"), there.get("schema"), &at.join(&["schema"], &["schema"]), "schema");
        self.docs(here, there, at, &["description", "example", "examples"]);
    }

    fn request_body(&mut self, here: Option<&'t Json>, there: Option<&'t Json>, at: &Subject) {
        let (here, there) = match (here, there) {
            (None, None) => return,
            (Some(_), None) => return self.differ(at.clone(), "request body removed upstream".to_owned()),
            (None, Some(_)) => return self.differ(at.clone(), "request body added upstream".to_owned()),
            (Some(here), Some(there)) => (here, there),
        };
        if self.both_references(here, there, at) {
            return;
        }
        let (here, there, at) = self.resolved(here, there, "requestBodies", at);
        let at = &at;
        let (ours, theirs) = (flag(here, "required"), flag(there, "required"));
        if ours != theirs {
            let message = format!("request body is {} here, {} upstream", required(ours), required(theirs));
            self.differ(at.absent(&["required"]), message);
        }
        self.content(here, there, at);
        self.docs(here, there, at, &["description"]);
    }

    fn responses(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let (ours, theirs) = (entries(here.get("responses")), entries(there.get("responses")));
        for (status, value) in ours {
            let response = at.join(&["responses", status], &["responses", status]);
            match theirs.iter().find(|(other, _)| other == status) {
                Some((_, other)) => self.response(value, other, &response),
                None => self.differ(response, format!("response {status} removed upstream")),
            }
        }
        for (status, _) in theirs {
            if !ours.iter().any(|(other, _)| other == status) {
                self.differ(
                    at.join(&["responses"], &["responses", status]),
                    format!("response {status} added upstream"),
                );
            }
        }
    }

    fn response(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        if self.both_references(here, there, at) {
            return;
        }
        let (here, there, at) = self.resolved(here, there, "responses", at);
        let at = &at;
        self.content(here, there, at);
        self.docs(here, there, at, &["description"]);
    }

    /// Media types of a body or response, and their schemas.
    fn content(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let (ours, theirs) = (entries(here.get("content")), entries(there.get("content")));
        for (media, value) in ours {
            let media_at = at.join(&["content", media], &["content", media]);
            let Some((_, other)) = theirs.iter().find(|(name, _)| name == media) else {
                self.differ(media_at, format!("content type {media} removed upstream"));
                continue;
            };
            self.mark(value, &media_at);
            let schema_at = media_at.join(&["schema"], &["schema"]);
            self.schemas_at(value.get("schema"), other.get("schema"), &schema_at, "schema");
            self.docs(value, other, &media_at, &["example", "examples"]);
        }
        for (media, _) in theirs {
            if !ours.iter().any(|(name, _)| name == media) {
                self.differ(at.join(&["content"], &["content", media]), format!("content type {media} added upstream"));
            }
        }
    }

    /// Two optional schemas under the same key.
    fn schemas_at(&mut self, here: Option<&'t Json>, there: Option<&'t Json>, at: &Subject, what: &str) {
        match (here, there) {
            (Some(here), Some(there)) => self.schema(here, there, at),
            (Some(_), None) => self.differ(at.clone(), format!("{what} removed upstream")),
            (None, Some(_)) => self.differ(at.clone(), format!("{what} added upstream")),
            (None, None) => {}
        }
    }

    /// Both `$ref`s: the same component (compared on its own), or a difference. Returns
    /// whether the comparison is done.
    fn both_references(&mut self, here: &Json, there: &Json, at: &Subject) -> bool {
        let name = |node: &Json| node.get("$ref").and_then(Json::as_str).map(reference_name);
        match (name(here), name(there)) {
            (Some(ours), Some(theirs)) => {
                if ours != theirs {
                    self.differ(at.clone(), format!("is $ref `{ours}` here, $ref `{theirs}` upstream"));
                }
                true
            }
            _ => false,
        }
    }

    /// Named on one side and written inline on the other is the same wire format: both
    /// sides resolved, to compare their shapes. The fragment's component is compared where
    /// it is written, so its lines and markers are its own.
    fn resolved(&mut self, here: &'t Json, there: &'t Json, kind: &str, at: &Subject) -> (&'t Json, &'t Json, Subject) {
        let (here, at) = match follow(self.fragment, here, kind) {
            Some((place, found)) => (found, at.written_at(place)),
            None => (here, at.clone()),
        };
        let there = resolve(self.upstream, there, kind);
        self.mark(here, &at);
        let name = |node: &Json| node.get("$ref").and_then(Json::as_str).map(reference_name);
        if let (Some(_), None) | (None, Some(_)) = (name(here), name(there)) {
            // A reference that leads nowhere known (another file, a missing component).
            let show = |name: Option<String>| name.map_or_else(|| "inline".to_owned(), |name| format!("$ref `{name}`"));
            self.differ(at.clone(), format!("is {} here, {} upstream", show(name(here)), show(name(there))));
        }
        (here, there, at)
    }

    fn schema(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        if self.both_references(here, there, at) {
            return;
        }
        let (here, there, at) = self.resolved(here, there, "schemas", at);
        if here.get("$ref").is_some() || there.get("$ref").is_some() {
            return;
        }
        let at = &at;
        let (ours, theirs) = (schema_type(here), schema_type(there));
        if ours.0 != theirs.0 {
            self.differ(at.absent(&["type"]), format!("type is {} here, {} upstream", ours.0, theirs.0));
        }
        if ours.1 != theirs.1 {
            let nullable = |yes: bool| if yes { "nullable" } else { "not nullable" };
            self.differ(
                at.absent(&["nullable"]),
                format!("{} here, {} upstream", nullable(ours.1), nullable(theirs.1)),
            );
        }
        let format =
            |node: &Json| node.get("format").and_then(Json::as_str).map_or("none".to_owned(), |f| format!("`{f}`"));
        if format(here) != format(there) {
            self.differ(at.absent(&["format"]), format!("format is {} here, {} upstream", format(here), format(there)));
        }
        self.enum_values(here, there, at);
        self.required_properties(here, there, at);
        self.properties(here, there, at);
        self.schemas_at(here.get("items"), there.get("items"), &at.join(&["items"], &["items"]), "`items`");
        self.additional_properties(here, there, at);
        for keyword in ["allOf", "oneOf", "anyOf"] {
            self.branches(here, there, at, keyword);
        }
        self.docs(here, there, at, &["title", "description", "example"]);
    }

    fn enum_values(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let values = |node: &Json| -> Vec<String> {
            items(node.get("enum"))
                .iter()
                .map(|value| value.as_str().map_or_else(|| value.to_json_string(), str::to_owned))
                .collect()
        };
        let (ours, theirs) = (values(here), values(there));
        let located = if here.get("enum").is_some() { at.join(&["enum"], &[]) } else { at.clone() };
        for value in theirs.iter().filter(|value| !ours.contains(value)) {
            self.differ(located.absent(&["enum", value]), format!("enum value `{value}` added upstream"));
        }
        for value in ours.iter().filter(|value| !theirs.contains(value)) {
            self.differ(located.absent(&["enum", value]), format!("enum value `{value}` removed upstream"));
        }
    }

    fn required_properties(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let names = |node: &Json| -> BTreeSet<String> {
            items(node.get("required")).iter().filter_map(Json::as_str).map(str::to_owned).collect()
        };
        let (ours, theirs) = (names(here), names(there));
        let located = if here.get("required").is_some() { at.join(&["required"], &[]) } else { at.clone() };
        for name in theirs.difference(&ours) {
            self.differ(located.absent(&["required", name]), format!("`{name}` is required upstream, optional here"));
        }
        for name in ours.difference(&theirs) {
            self.differ(located.absent(&["required", name]), format!("`{name}` is required here, optional upstream"));
        }
    }

    fn properties(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let (ours, theirs) = (entries(here.get("properties")), entries(there.get("properties")));
        for (name, value) in ours {
            let property = at.join(&["properties", name], &["properties", name]);
            match theirs.iter().find(|(other, _)| other == name) {
                Some((_, other)) => self.schema(value, other, &property),
                None => self.differ(property, format!("property `{name}` removed upstream")),
            }
        }
        let located = if here.get("properties").is_some() { at.join(&["properties"], &[]) } else { at.clone() };
        for (name, _) in theirs {
            if !ours.iter().any(|(other, _)| other == name) {
                self.differ(located.absent(&["properties", name]), format!("property `{name}` added upstream"));
            }
        }
    }

    fn additional_properties(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        let key = "additionalProperties";
        let located = at.join(&[key], &[key]);
        match (here.get(key), there.get(key)) {
            (Some(ours @ Json::Object(_)), Some(theirs @ Json::Object(_))) => self.schema(ours, theirs, &located),
            (ours, theirs) => {
                let show = |value: Option<&Json>| match value {
                    None => "absent".to_owned(),
                    Some(Json::Object(_)) => "a schema".to_owned(),
                    Some(other) => other.to_json_string(),
                };
                if show(ours) != show(theirs) {
                    self.differ(located, format!("{key} is {} here, {} upstream", show(ours), show(theirs)));
                }
            }
        }
    }

    /// `allOf`/`oneOf`/`anyOf` branches, matched by the component they refer to
    /// (position otherwise), so a branch added upstream is one difference.
    fn branches(&mut self, here: &'t Json, there: &'t Json, at: &Subject, keyword: &str) {
        let (ours, theirs) = (keyed(here, keyword), keyed(there, keyword));
        for (key, index, value) in &ours {
            let branch = at.join(&[keyword, &index.to_string()], &[keyword, key]);
            match theirs.iter().find(|(other, ..)| other == key) {
                Some((_, _, other)) => self.schema(value, other, &branch),
                None => self.differ(branch, format!("`{keyword}` branch `{key}` removed upstream")),
            }
        }
        let located = if here.get(keyword).is_some() { at.join(&[keyword], &[]) } else { at.clone() };
        for (key, ..) in &theirs {
            if !ours.iter().any(|(other, ..)| other == key) {
                self.differ(located.absent(&[keyword, key]), format!("`{keyword}` branch `{key}` added upstream"));
            }
        }
    }

    /// Any other component (security schemes, headers, links): keys added or removed,
    /// values changed, `x-` extensions and docs aside.
    fn generic(&mut self, here: &'t Json, there: &'t Json, at: &Subject) {
        match (here, there) {
            (Json::Object(ours), Json::Object(theirs)) => {
                self.mark(here, at);
                let compared = |key: &str| !key.starts_with("x-") && !DOC_KEYS.contains(&key);
                for (key, value) in ours.iter().filter(|(key, _)| compared(key)) {
                    let child = at.join(&[key], &[key]);
                    match theirs.iter().find(|(other, _)| other == key) {
                        Some((_, other)) => self.generic(value, other, &child),
                        None => self.differ(child, format!("`{key}` removed upstream")),
                    }
                }
                for (key, _) in theirs.iter().filter(|(key, _)| compared(key)) {
                    if !ours.iter().any(|(other, _)| other == key) {
                        self.differ(at.absent(&[key]), format!("`{key}` added upstream"));
                    }
                }
                self.docs(here, there, at, DOC_KEYS);
            }
            (ours, theirs) if ours != theirs => {
                let message = format!("is {} here, {} upstream", ours.to_json_string(), theirs.to_json_string());
                self.differ(at.clone(), message);
            }
            _ => {}
        }
    }

    /// With `--docs`: prose and examples, compared as values.
    fn docs(&mut self, here: &'t Json, there: &'t Json, at: &Subject, keys: &[&str]) {
        if !self.options.docs {
            return;
        }
        for key in keys {
            let (ours, theirs) = (here.get(key), there.get(key));
            if ours != theirs {
                let what = match (ours, theirs) {
                    (Some(_), None) => "removed upstream",
                    (None, Some(_)) => "added upstream",
                    _ => "differs upstream",
                };
                let located = if ours.is_some() { at.join(&[key], &[key]) } else { at.absent(&[key]) };
                self.differ(located, format!("{key} {what}"));
            }
        }
    }
}

const DOC_KEYS: &[&str] = &["summary", "description", "title", "example", "examples"];

/// The branches of `keyword` as `(name, index, branch)`.
fn keyed<'a>(node: &'a Json, keyword: &str) -> Vec<(String, usize, &'a Json)> {
    items(node.get(keyword))
        .iter()
        .enumerate()
        .map(|(index, branch)| (branch_key(branch, index), index, branch))
        .collect()
}

/// Parameters of an operation (path level first, overridden by the operation's own), as
/// `((in, name), pointer, value)`; `$ref`s are resolved to find the key.
fn parameters<'t>(tree: &'t Tree, operation: &Operation<'t>) -> Vec<((String, String), String, &'t Json)> {
    let mut all: Vec<((String, String), String, &'t Json)> = Vec::new();
    let levels = [(pointer::path_item(operation.path), operation.item), (operation.pointer(), operation.value)];
    for (base, node) in levels {
        for (index, value) in items(node.get("parameters")).iter().enumerate() {
            let resolved = resolve(tree, value, "parameters");
            let text = |key: &str| resolved.get(key).and_then(Json::as_str).unwrap_or_default().to_owned();
            let key = (text("in"), text("name"));
            all.retain(|(other, ..)| *other != key);
            all.push((key, format!("{base}/parameters/{index}"), value));
        }
    }
    all
}

/// A `$ref` to a component of `kind` followed (through aliases, a few deep), with the
/// component's place; `None` when `value` is not such a reference.
fn follow<'t>(tree: &'t Tree, value: &'t Json, kind: &str) -> Option<(At, &'t Json)> {
    let mut found = None;
    let mut node = value;
    for _ in 0..8 {
        let Some((target_kind, name)) = node.get("$ref").and_then(Json::as_str).and_then(component_ref) else { break };
        if target_kind != kind {
            break;
        }
        let Some((file, target)) = tree.component(kind, &name) else { break };
        found = Some((At::component(file, kind, &name), target));
        node = target;
    }
    found
}

/// `value` with a `$ref` to a component of `kind` followed; anything else as it is.
fn resolve<'t>(tree: &'t Tree, value: &'t Json, kind: &str) -> &'t Json {
    follow(tree, value, kind).map_or(value, |(_, found)| found)
}

/// The component name a `$ref` points at (the reference itself when it is not one).
fn reference_name(reference: &str) -> String {
    component_ref(reference).map_or_else(|| reference.to_owned(), |(_, name)| name.into_owned())
}

/// A branch is named by the component it refers to, directly or inside its `allOf`.
fn branch_key(branch: &Json, index: usize) -> String {
    let direct = branch.get("$ref").and_then(Json::as_str);
    let nested = || items(branch.get("allOf")).iter().find_map(|part| part.get("$ref").and_then(Json::as_str));
    direct.or_else(nested).map_or_else(|| index.to_string(), reference_name)
}

/// The schema's types without `null` (`string`, `integer|string`, `any`), and whether it
/// is nullable (3.0 `nullable: true` or a 3.1 `null` type).
fn schema_type(schema: &Json) -> (String, bool) {
    let names: Vec<&str> = match schema.get("type") {
        Some(Json::String(name)) => vec![name.as_str()],
        other => items(other).iter().filter_map(Json::as_str).collect(),
    };
    let mut types: Vec<&str> = names.iter().copied().filter(|name| *name != "null").collect();
    types.sort_unstable();
    let nullable = flag(schema, "nullable") || names.contains(&"null");
    let shown = if types.is_empty() { "any".to_owned() } else { format!("`{}`", types.join("|")) };
    (shown, nullable)
}

fn flag(node: &Json, key: &str) -> bool {
    node.get(key) == Some(&Json::Bool(true))
}

fn required(yes: bool) -> &'static str {
    if yes { "required" } else { "optional" }
}
