//! `import`: copy operations from the published spec into the fragment, with every
//! component they need, transitively. What the fragment already defines is kept (and
//! any difference from upstream reported); everything else in the fragment is left as
//! written: new entries are spliced into the files' text, not re-serialized.

use super::{Node, Operation, Tree, drift, items, yaml};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::Json;
use crate::pointer::{self, FileId, component_ref, escape};
use crate::{suggest, words};
use heck::ToSnakeCase;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// What an import would write, and what it has to say about it.
#[derive(Debug, Default)]
pub struct Imported {
    /// The full new text of every file that changes or is created, sorted by path.
    pub files: Vec<(PathBuf, String)>,
    /// One line per operation or component added, kept, or kept although it differs.
    pub notes: Vec<String>,
}

/// Imports the operations `ids` from `upstream` into the fragment at `fragment` (a file,
/// or a directory of files). `into` is the file for them (default: one file per service,
/// see [`default_file`]). Nothing is written: the caller writes [`Imported::files`].
pub fn import(fragment: &Path, upstream: &Path, ids: &[String], into: Option<&Path>) -> Result<Imported, Error> {
    let fragment_tree = Tree::load(fragment)?;
    let upstream_tree = Tree::load(upstream)?;
    let mut import = Import {
        fragment: &fragment_tree,
        upstream: &upstream_tree,
        upstream_name: upstream.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        edits: BTreeMap::new(),
        problems: Vec::new(),
        notes: Vec::new(),
        queue: VecDeque::new(),
        seen: BTreeSet::new(),
    };
    let upstream_operations = upstream_tree.operations();
    // `--into` spelled as the fragment spells its files, so edits to one file are one edit.
    let into = into.map(|into| {
        let sources = &fragment_tree.sources;
        let known = (0..sources.count()).map(|file| sources.path(file)).find(|path| same_file(path, into));
        known.unwrap_or(into).to_owned()
    });
    let mut requested = BTreeSet::new();
    for id in ids.iter().filter(|id| requested.insert(id.as_str())) {
        let Some(operation) = upstream_operations.iter().find(|operation| operation.id == Some(id.as_str())) else {
            import.unknown(id, &upstream_operations);
            continue;
        };
        let target = match &into {
            Some(into) => into.clone(),
            None => default_file(&fragment_tree, fragment, operation),
        };
        import.operation(operation, &target);
    }
    import.closure();
    import.summarize();
    if !import.problems.is_empty() {
        return Err(Diagnostics(import.problems).into());
    }
    let files = import.render()?;
    Ok(Imported { files, notes: import.notes })
}

/// The file an operation goes to without `--into` (the README's layout: one file per
/// service): the file already holding an operation of its service, else the service's
/// name, snake_case and plural (`ClusterService_GetCluster` → `clusters.yaml`), else the
/// path's first resource segment (`/v1/role-bindings` → `role_bindings.yaml`). A fragment
/// that is a single file gets everything.
pub fn default_file(fragment: &Tree, root: &Path, operation: &Operation<'_>) -> PathBuf {
    if !root.is_dir() {
        return root.to_owned();
    }
    let service = operation.id.and_then(|id| id.split_once("Service_")).map(|(service, _)| service);
    if let Some(service) = service {
        let prefix = format!("{service}Service_");
        let sibling =
            fragment.operations().into_iter().find(|other| other.id.is_some_and(|id| id.starts_with(&prefix)));
        if let Some(sibling) = sibling {
            return fragment.sources.path(sibling.file).to_owned();
        }
    }
    let resource = || {
        operation
            .path
            .split('/')
            .find(|segment| !segment.is_empty() && !segment.starts_with('{') && !is_version(segment))
    };
    let stem = match (service, resource()) {
        (Some(service), _) if !service.is_empty() => words::plural(&service.to_snake_case()),
        (_, Some(segment)) => segment.to_snake_case(),
        _ => "operations".to_owned(),
    };
    root.join(format!("{stem}.yaml"))
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// What goes into one file.
#[derive(Default)]
struct Edit {
    /// Methods added to a path item the file already has: `(path, method, operation)`.
    methods: Vec<(String, String, Json)>,
    /// New path items, in import order.
    paths: Vec<(String, Vec<(String, Json)>)>,
    /// New components by kind, then name.
    components: BTreeMap<String, BTreeMap<String, Json>>,
}

struct Import<'t> {
    fragment: &'t Tree,
    upstream: &'t Tree,
    upstream_name: String,
    edits: BTreeMap<PathBuf, Edit>,
    problems: Vec<Diagnostic>,
    notes: Vec<String>,
    /// `$ref`s still to follow: `(reference, upstream file, pointer, target file)`.
    queue: VecDeque<(String, FileId, String, PathBuf)>,
    seen: BTreeSet<(String, String)>,
}

impl Import<'_> {
    fn unknown(&mut self, id: &str, operations: &[Operation<'_>]) {
        let close = suggest::near(id, operations.iter().filter_map(|operation| operation.id));
        let hint = (!close.is_empty()).then(|| {
            let names: Vec<String> = close.iter().map(|name| format!("`{name}`")).collect();
            format!("did you mean {}?", names.join(" or "))
        });
        let message = format!("no operation `{id}` upstream");
        self.problems.push(self.upstream.diagnostic(0, "/paths", message, hint));
    }

    fn operation(&mut self, operation: &Operation<'_>, target: &Path) {
        let name = operation.name();
        let fragment_operations = self.fragment.operations();
        if let Some(existing) = fragment_operations.iter().find(|other| other.id == operation.id) {
            let at = self.fragment.diagnostic(
                existing.file,
                &existing.pointer(),
                format!("operation `{name}` is already here; kept"),
                None,
            );
            self.notes.push(format!("note: {at}"));
            return;
        }
        if let Some(existing) =
            fragment_operations.iter().find(|other| (other.path, other.method) == (operation.path, operation.method))
        {
            let message = format!(
                "{} {} is already here as `{}`; upstream calls it `{name}`",
                operation.method.to_uppercase(),
                operation.path,
                existing.name()
            );
            self.problems.push(self.fragment.diagnostic(existing.file, &existing.pointer(), message, None));
            return;
        }
        let mut value = operation.value.clone();
        let path_parameters = operation.item.get("parameters");
        self.follow(&value, operation.file, operation.pointer(), target);
        // Security requirements name their schemes rather than `$ref` them.
        for (index, requirement) in items(value.get("security")).iter().enumerate() {
            let Json::Object(schemes) = requirement else { continue };
            for (scheme, _) in schemes {
                let reference = pointer::component_ref_to("securitySchemes", scheme);
                let pointer = format!("{}/security/{index}", operation.pointer());
                self.queue.push_back((reference, operation.file, pointer, target.to_owned()));
            }
        }
        if let Some(parameters) = path_parameters {
            let pointer = format!("{}/parameters", pointer::path_item(operation.path));
            self.follow(parameters, operation.file, pointer, target);
        }
        let method = operation.method.to_owned();
        let existing_item =
            fragment_operations.iter().find(|other| other.path == operation.path).map(|other| other.file);
        let existing_item = existing_item.or_else(|| self.fragment_path_item(operation.path));
        let placed = if let Some(file) = existing_item {
            // The path item is the fragment's: upstream's path-level parameters that it
            // lacks move onto the operation.
            let fragment_item = self.fragment.docs[file].get("paths").and_then(|paths| paths.get(operation.path));
            let lacking = without(path_parameters, fragment_item.and_then(|item| item.get("parameters")));
            with_path_parameters(&mut value, Some(&lacking));
            let file_path = self.fragment.sources.path(file).to_owned();
            self.edits.entry(file_path.clone()).or_default().methods.push((operation.path.to_owned(), method, value));
            file_path
        } else if let Some((file_path, item)) = self.pending_item(operation.path) {
            // Created by this import, path-level parameters included.
            item.push((method, value));
            file_path
        } else {
            let mut item = Vec::new();
            if let Some(parameters) = path_parameters {
                item.push(("parameters".to_owned(), parameters.clone()));
            }
            item.push((method, value));
            self.edits.entry(target.to_owned()).or_default().paths.push((operation.path.to_owned(), item));
            target.to_owned()
        };
        let shown = format!("{} {}", operation.method.to_uppercase(), operation.path);
        self.notes.push(format!("added operation `{name}` ({shown}) to {}", placed.display()));
    }

    /// The fragment file whose `paths:` has `path` (a path item without operations).
    fn fragment_path_item(&self, path: &str) -> Option<FileId> {
        self.fragment.docs.iter().position(|doc| doc.get("paths").and_then(|paths| paths.get(path)).is_some())
    }

    /// A path item this import already creates.
    fn pending_item(&mut self, path: &str) -> Option<(PathBuf, &mut Vec<(String, Json)>)> {
        self.edits.iter_mut().find_map(|(file, edit)| {
            edit.paths.iter_mut().find(|(other, _)| other == path).map(|(_, item)| (file.clone(), item))
        })
    }

    /// Queues every `$ref` inside `value` (at `pointer` in upstream `file`).
    fn follow(&mut self, value: &Json, file: FileId, pointer: String, target: &Path) {
        match value {
            Json::Object(entries) => {
                for (key, child) in entries {
                    let child_pointer = format!("{pointer}/{}", escape(key));
                    match (key.as_str(), child) {
                        ("$ref", Json::String(reference)) => {
                            self.queue.push_back((reference.clone(), file, child_pointer, target.to_owned()));
                        }
                        _ => self.follow(child, file, child_pointer, target),
                    }
                }
            }
            Json::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    self.follow(child, file, format!("{pointer}/{index}"), target);
                }
            }
            _ => {}
        }
    }

    /// Follows the queued references to their components, breadth first; a cycle ends at
    /// a component already seen.
    fn closure(&mut self) {
        while let Some((reference, file, pointer, target)) = self.queue.pop_front() {
            let Some((kind, name)) = component_ref(&reference) else {
                let message = format!("$ref '{reference}' does not point at a component");
                let hint = Some("import copies `#/components/{kind}/{name}` references only".to_owned());
                self.problems.push(self.upstream.diagnostic(file, &pointer, message, hint));
                continue;
            };
            let name = name.into_owned();
            if !self.seen.insert((kind.to_owned(), name.clone())) {
                continue;
            }
            if let Some((kept, _)) = self.fragment.component(kind, &name) {
                self.kept(kind, &name, kept);
                continue;
            }
            let Some((source, value)) = self.upstream.component(kind, &name) else {
                let message = format!("$ref '{reference}' not found upstream");
                self.problems.push(self.upstream.diagnostic(file, &pointer, message, None));
                continue;
            };
            self.follow(value, source, pointer::component(kind, &name), &target);
            self.edits
                .entry(target)
                .or_default()
                .components
                .entry(kind.to_owned())
                .or_default()
                .insert(name, value.clone());
        }
    }

    /// One note per file and kind of component added, naming the first few.
    fn summarize(&mut self) {
        for (path, edit) in &self.edits {
            for (kind, components) in &edit.components {
                let names: Vec<String> = components.keys().take(8).map(|name| format!("`{name}`")).collect();
                let more = components.len().saturating_sub(names.len());
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                let count = components.len();
                let kind = if count == 1 { words::kind_singular(kind) } else { words::kind_plural(kind) };
                self.notes.push(format!("added {count} {kind} to {}: {}{more}", path.display(), names.join(", ")));
            }
        }
    }

    /// A component the fragment already has: reused; its differences from upstream noted.
    /// Its own components are the fragment's too: checked the same way, never copied.
    fn kept(&mut self, kind: &str, name: &str, file: FileId) {
        let mut pending = vec![(kind.to_owned(), name.to_owned(), file)];
        while let Some((kind, name, file)) = pending.pop() {
            self.note_differences(&kind, &name, file);
            let Some((_, value)) = self.fragment.component(&kind, &name) else { continue };
            let mut references = Vec::new();
            collect_references(value, &mut references);
            for reference in references {
                let Some((kind, name)) = component_ref(&reference) else { continue };
                let Some((file, _)) = self.fragment.component(kind, &name) else { continue };
                if self.seen.insert((kind.to_owned(), name.to_string())) {
                    pending.push((kind.to_owned(), name.into_owned(), file));
                }
            }
        }
    }

    fn note_differences(&mut self, kind: &str, name: &str, file: FileId) {
        let differences = drift::component_differences(self.fragment, self.upstream, kind, name);
        if differences.is_empty() {
            return;
        }
        let pointer = pointer::component(kind, name);
        let count = differences.len();
        let kind = words::kind_singular(kind);
        let message = format!("kept the fragment's {kind} `{name}`; it differs from upstream in {count} way(s):");
        self.notes.push(format!("note: {}", self.fragment.diagnostic(file, &pointer, message, None)));
        self.notes.extend(differences.iter().map(|difference| format!("  {difference}")));
    }

    /// The new text of every file the import touches.
    fn render(&self) -> Result<Vec<(PathBuf, String)>, Error> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for (path, edit) in &self.edits {
            let existing =
                (0..self.fragment.sources.count()).find(|&file| same_file(self.fragment.sources.path(file), path));
            let mut text = match existing {
                Some(file) => self.fragment.sources.text(file).to_owned(),
                None => format!("# Imported from {} by `cargo xtask import`.\n", self.upstream_name),
            };
            let locate = |pointer: &str, message: String| match existing {
                Some(file) => self.fragment.diagnostic(file, pointer, message, None),
                None => Diagnostic {
                    file: path.clone(),
                    line: 1,
                    column: 1,
                    pointer: pointer.to_owned(),
                    message,
                    hint: None,
                },
            };
            if let Err((pointer, message)) = apply(&mut text, edit) {
                problems.push(locate(&pointer, message));
                continue;
            }
            files.push((path.clone(), text));
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems).into());
        }
        Ok(files)
    }
}

/// Every `$ref` string inside `value`, in document order.
fn collect_references(value: &Json, into: &mut Vec<String>) {
    match value {
        Json::Object(entries) => {
            for (key, child) in entries {
                match (key.as_str(), child) {
                    ("$ref", Json::String(reference)) => into.push(reference.clone()),
                    _ => collect_references(child, into),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|child| collect_references(child, into)),
        _ => {}
    }
}

/// The parameters in `from` that `present` does not declare.
fn without(from: Option<&Json>, present: Option<&Json>) -> Json {
    let present = items(present);
    Json::Array(
        items(from)
            .iter()
            .filter(|parameter| !present.iter().any(|other| same_parameter(other, parameter)))
            .cloned()
            .collect(),
    )
}

/// The same `$ref`, or the same location and name.
fn same_parameter(a: &Json, b: &Json) -> bool {
    let key = |parameter: &Json| match parameter.get("$ref") {
        Some(reference) => (Some(reference.clone()), None),
        None => (parameter.get("in").cloned(), parameter.get("name").cloned()),
    };
    key(a) == key(b)
}

/// Prepends the path item's parameters that the operation does not override.
fn with_path_parameters(operation: &mut Json, path_parameters: Option<&Json>) {
    let inherited = items(path_parameters);
    if inherited.is_empty() {
        return;
    }
    let Json::Object(fields) = operation else { return };
    let own: Vec<Json> = items(fields.iter().find(|(name, _)| name == "parameters").map(|(_, value)| value)).to_vec();
    let mut merged: Vec<Json> =
        inherited.iter().filter(|parameter| !own.iter().any(|mine| same_parameter(mine, parameter))).cloned().collect();
    merged.extend(own);
    fields.retain(|(name, _)| name != "parameters");
    fields.insert(0, ("parameters".to_owned(), Json::Array(merged)));
}

/// Whether two spellings of a path name the same file (`spec/a.yaml`, `./spec/a.yaml`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Splices `edit` into `text`; on failure, the pointer and what is in the way.
fn apply(text: &mut String, edit: &Edit) -> Result<(), (String, String)> {
    for (path, method, operation) in &edit.methods {
        let pointer = pointer::path_item(path);
        let Some(item) = yaml::find_path(text, &["paths", path]) else {
            return Err((pointer, "path item not found in the file text".to_owned()));
        };
        yaml::append(text, item, method, operation, &pointer)?;
    }
    if !edit.paths.is_empty() {
        let paths: Vec<(String, Json)> =
            edit.paths.iter().map(|(path, item)| (path.clone(), Json::Object(item.clone()))).collect();
        yaml::add_section(text, &["paths"], &paths)?;
    }
    for (kind, components) in &edit.components {
        let components: Vec<(String, Json)> =
            components.iter().map(|(name, value)| (name.clone(), value.clone())).collect();
        yaml::add_section(text, &["components", kind], &components)?;
    }
    Ok(())
}
