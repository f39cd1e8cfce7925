//! `import`: copy operations from the published spec into the fragment, with every
//! component they need, transitively. What the fragment already defines is kept (and
//! any difference from upstream reported); everything else in the fragment is left as
//! written: new entries are spliced into the files' text, not re-serialized.

use super::yaml::{self, Block};
use super::{Node, Operation, Tree, component_ref, drift, items, near};
use crate::error::{Diagnostic, Diagnostics, Error};
use crate::load::{FileId, Json, escape};
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
        (Some(service), _) if !service.is_empty() => plural(&service.to_snake_case()),
        (_, Some(segment)) => segment.to_snake_case(),
        _ => "operations".to_owned(),
    };
    root.join(format!("{stem}.yaml"))
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// `cluster` → `clusters`, `resource_policy` → `resource_policies`, `access` → `accesses`.
fn plural(snake: &str) -> String {
    if snake.ends_with(['s', 'x', 'z']) || snake.ends_with("ch") || snake.ends_with("sh") {
        format!("{snake}es")
    } else if let Some(stem) = snake.strip_suffix('y').filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{snake}s")
    }
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
        let close = near(id, operations.iter().filter_map(|operation| operation.id));
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
                let reference = format!("#/components/securitySchemes/{}", escape(scheme));
                let pointer = format!("{}/security/{index}", operation.pointer());
                self.queue.push_back((reference, operation.file, pointer, target.to_owned()));
            }
        }
        if let Some(parameters) = path_parameters {
            self.follow(parameters, operation.file, format!("/paths/{}/parameters", escape(operation.path)), target);
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
            self.follow(value, source, format!("/components/{kind}/{}", escape(&name)), &target);
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
                let kind = if count == 1 { singular(kind).to_owned() } else { plural_kind(kind) };
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
                if self.seen.insert((kind.to_owned(), name.clone())) {
                    pending.push((kind.to_owned(), name, file));
                }
            }
        }
    }

    fn note_differences(&mut self, kind: &str, name: &str, file: FileId) {
        let differences = drift::component_differences(self.fragment, self.upstream, kind, name);
        if differences.is_empty() {
            return;
        }
        let pointer = format!("/components/{kind}/{}", escape(name));
        let count = differences.len();
        let message =
            format!("kept the fragment's {} `{name}`; it differs from upstream in {count} way(s):", singular(kind));
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
        let item = find(text, &["paths", path])
            .ok_or_else(|| (format!("/paths/{}", escape(path)), "path item not found in the file text".to_owned()))?;
        append(text, item, method, operation, &format!("/paths/{}", escape(path)))?;
    }
    if !edit.paths.is_empty() {
        let paths: Vec<(String, Json)> =
            edit.paths.iter().map(|(path, item)| (path.clone(), Json::Object(item.clone()))).collect();
        add_section(text, &["paths"], &paths)?;
    }
    for (kind, components) in &edit.components {
        let components: Vec<(String, Json)> =
            components.iter().map(|(name, value)| (name.clone(), value.clone())).collect();
        add_section(text, &["components", kind], &components)?;
    }
    Ok(())
}

/// The block at `keys` (`["components", "schemas"]`), top level first.
fn find(text: &str, keys: &[&str]) -> Option<Block> {
    keys.iter().try_fold(None, |parent, key| yaml::find(text, parent, key).map(Some)).flatten()
}

/// Adds `entries` to the mapping at `keys`, creating it (and its parents) at the end of
/// the enclosing block when missing.
fn add_section(text: &mut String, keys: &[&str], new: &[(String, Json)]) -> Result<(), (String, String)> {
    let pointer = |depth: usize| keys[..depth].iter().map(|key| format!("/{key}")).collect::<String>();
    // The deepest existing block along `keys`.
    let mut depth = 0;
    let mut block = None;
    while depth < keys.len() {
        match yaml::find(text, block, keys[depth]) {
            Some(found) => {
                block = Some(found);
                depth += 1;
            }
            None => break,
        }
    }
    if block.is_some_and(|found| found.inline) {
        return Err((pointer(depth), "written inline (`{}`): rewrite it in block style to import into it".to_owned()));
    }
    let mut lines = String::new();
    let base = block.map_or(0, |found| found.child_indent.unwrap_or(found.indent + 2));
    for (level, key) in keys[depth..].iter().enumerate() {
        lines.push_str(&" ".repeat(base + 2 * level));
        lines.push_str(key);
        lines.push_str(":\n");
    }
    let indent = if depth == keys.len() { base } else { base + 2 * (keys.len() - depth) };
    for (key, value) in new {
        yaml::write_entry(&mut lines, indent, key, value);
    }
    let at = block.map_or_else(|| text.lines().count(), |found| found.end);
    yaml::insert_lines(text, at, &lines);
    Ok(())
}

/// Adds `key: value` as the last entry of `block`.
fn append(text: &mut String, block: Block, key: &str, value: &Json, pointer: &str) -> Result<(), (String, String)> {
    if block.inline {
        return Err((pointer.to_owned(), "written inline: rewrite it in block style to import into it".to_owned()));
    }
    let mut lines = String::new();
    yaml::write_entry(&mut lines, block.child_indent.unwrap_or(block.indent + 2), key, value);
    yaml::insert_lines(text, block.end, &lines);
    Ok(())
}

fn plural_kind(kind: &str) -> String {
    match kind {
        "requestBodies" => "request bodies".to_owned(),
        "securitySchemes" => "security schemes".to_owned(),
        other => other.to_owned(),
    }
}

fn singular(kind: &str) -> &str {
    match kind {
        "schemas" => "schema",
        "parameters" => "parameter",
        "responses" => "response",
        "requestBodies" => "request body",
        "headers" => "header",
        "examples" => "example",
        "securitySchemes" => "security scheme",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_of_service_names() {
        assert_eq!(plural("cluster"), "clusters");
        assert_eq!(plural("role_binding"), "role_bindings");
        assert_eq!(plural("resource_policy"), "resource_policies");
        assert_eq!(plural("access"), "accesses");
        assert_eq!(plural("gateway"), "gateways");
    }

    #[test]
    fn adds_sections_to_block_files_and_refuses_inline_ones() {
        let mut text =
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: string\n# trailing comment\n".to_owned();
        let new = [("B".to_owned(), Json::Object(vec![("type".to_owned(), Json::String("integer".to_owned()))]))];
        add_section(&mut text, &["components", "schemas"], &new).expect("block style");
        add_section(&mut text, &["components", "parameters"], &new).expect("new kind");
        add_section(&mut text, &["paths"], &new).expect("new section");
        let expected = "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: string\n    B:\n      type: integer\n  parameters:\n    B:\n      type: integer\n# trailing comment\npaths:\n  B:\n    type: integer\n";
        assert_eq!(text, expected);
        let mut inline = "paths: {}\n".to_owned();
        assert!(add_section(&mut inline, &["paths"], &new).is_err());
    }
}
