//! JSON Reference resolution as bundlers (Redocly, json-schema-ref-parser) do it.
//!
//! A `$ref` on a path item, an operation, a parameter, a response, a request body, an
//! example or a `properties` map is replaced by its target; relative paths resolve against
//! the referring file, `#/…` against that file too. References to `#/components/<kind>/<name>`
//! of the merged documents stay names (lower resolves them), and a schema anywhere else (a
//! file of its own, `#/definitions/…`) becomes a component named after it, as a bundler's
//! output has it. Every inlined value leaves a redirect in [`Sources`], so a diagnostic deep
//! in a referenced file names that file and line.

use super::json::Ordered;
use super::sources::{Sources, within, without_location};
use super::spec::{Located, MediaType, Operation, Parameter, PathItem, RequestBody, Response, Schema, Spec};
use crate::error::Diagnostic;
use crate::pointer::{self, At, FileId, escape};
use serde::de::DeserializeOwned;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// A JSON pointer (without `#`) built on demand: most nodes never need theirs.
type Pointer<'p> = &'p dyn Fn() -> String;

/// Where a walk continues after [`Resolver::follow`]: the target it moved to, or where it was.
fn rebase<'p>(moved: Option<&'p At>, file: FileId, pointer: Pointer<'p>) -> (FileId, Box<dyn Fn() -> String + 'p>) {
    match moved {
        Some(loc) => (loc.file, Box::new(|| loc.pointer.clone())),
        None => (file, Box::new(pointer)),
    }
}

/// Resolves every reference of `spec` in place; `documents` are the merged files.
pub(super) fn resolve(spec: &mut Spec, sources: &mut Sources, documents: &[FileId]) -> Vec<Diagnostic> {
    let by_path = (0..sources.count()).map(|file| (normalize(sources.path(file)), file)).collect();
    let mut resolver = Resolver {
        sources,
        by_path,
        documents: documents.iter().copied().collect(),
        values: HashMap::new(),
        stack: Vec::new(),
        problems: Vec::new(),
        taken: spec.schemas.keys().cloned().collect(),
        external: HashMap::new(),
        new_schemas: Vec::new(),
    };
    resolver.prose(&mut spec.info.description, spec.root, &|| "/info/description".to_owned());
    for (index, server) in spec.servers.iter_mut().enumerate() {
        resolver.prose(&mut server.description, spec.root, &|| format!("/servers/{index}/description"));
    }
    for (path, item) in &mut spec.paths {
        if let Some(origin) = resolver.path_item(&mut item.value, item.file, &|| pointer::path_item(path)) {
            spec.path_origins.insert(path.clone(), origin);
        }
    }
    for (name, parameter) in &mut spec.parameters {
        let pointer = || pointer::component("parameters", name);
        resolver.parameter(&mut parameter.value, parameter.file, &pointer);
    }
    for (name, body) in &mut spec.request_bodies {
        let pointer = || pointer::component("requestBodies", name);
        resolver.request_body(&mut body.value, body.file, &pointer);
    }
    for (name, response) in &mut spec.responses {
        let pointer = || pointer::component("responses", name);
        resolver.response(&mut response.value, response.file, &pointer);
    }
    for (name, schema) in &mut spec.schemas {
        let pointer = || pointer::component("schemas", name);
        resolver.schema(&mut schema.value, schema.file, &pointer);
    }
    let Resolver { problems, new_schemas, external, .. } = resolver;
    spec.schemas.extend(new_schemas);
    sources.documents = documents.to_vec();
    sources.external_schemas = external.into_iter().map(|(loc, name)| ((loc.file, loc.pointer), name)).collect();
    problems
}

struct Resolver<'s> {
    sources: &'s mut Sources,
    /// Every file read so far, by normalized path: each is read and parsed once.
    by_path: HashMap<PathBuf, FileId>,
    /// The merged documents: their `#/components/…` are the spec's named components.
    documents: BTreeSet<FileId>,
    /// Untyped parses of the files references point into (`None`: failed, reported).
    values: HashMap<FileId, Option<Rc<serde_yaml::Value>>>,
    /// The targets being expanded, outermost first: a target met again is a cycle.
    stack: Vec<At>,
    problems: Vec<Diagnostic>,
    /// Schema component names in use.
    taken: BTreeSet<String>,
    /// External schemas already given a component name.
    external: HashMap<At, String>,
    new_schemas: Vec<(String, Located<Schema>)>,
}

impl Resolver<'_> {
    fn problem(&mut self, at: &At, message: String, hint: Option<String>) {
        let diagnostic = self.sources.diagnostic(at.file, &at.pointer, message, hint);
        self.problems.push(diagnostic);
    }

    /// Resolves a path item; where it was read from when it was a `$ref`.
    fn path_item(&mut self, item: &mut PathItem, file: FileId, pointer: Pointer<'_>) -> Option<At> {
        let (moved, pushed) = self.follow(item, |item| &mut item.reference, file, pointer, None)?;
        let origin = moved.clone();
        let (file, base) = rebase(moved.as_ref(), file, pointer);
        for (index, parameter) in item.parameters.iter_mut().enumerate() {
            self.parameter(parameter, file, &|| format!("{}/parameters/{index}", base()));
        }
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                self.operation(operation, file, &|| format!("{}/{method}", base()));
            }
        }
        self.leave(pushed);
        origin
    }

    fn operation(&mut self, operation: &mut Operation, file: FileId, pointer: Pointer<'_>) {
        let Some((moved, pushed)) = self.follow(operation, |op| &mut op.reference, file, pointer, None) else {
            return;
        };
        let (file, base) = rebase(moved.as_ref(), file, pointer);
        self.prose(&mut operation.description, file, &|| format!("{}/description", base()));
        for (index, parameter) in operation.parameters.iter_mut().enumerate() {
            self.parameter(parameter, file, &|| format!("{}/parameters/{index}", base()));
        }
        if let Some(body) = &mut operation.request_body {
            self.request_body(body, file, &|| format!("{}/requestBody", base()));
        }
        for (status, response) in &mut operation.responses {
            self.response(response, file, &|| format!("{}/responses/{}", base(), escape(status)));
        }
        self.leave(pushed);
    }

    /// A description written as `{$ref: file.md}`: the text of that Markdown or text file,
    /// relative to the file that refers to it. The one place every description (info,
    /// servers, operations, parameters, request bodies, responses, schemas) is read so.
    fn prose(&mut self, text: &mut Option<String>, file: FileId, pointer: Pointer<'_>) {
        let Some(reference) = text.as_deref().and_then(|text| text.strip_prefix(super::spec::PROSE_REF)) else {
            return;
        };
        let reference = reference.to_owned();
        *text = None;
        let at = At { file, pointer: format!("{}/$ref", pointer()) };
        let textual = [".md", ".markdown", ".txt"].iter().any(|end| reference.to_lowercase().ends_with(end));
        if !textual {
            let message = format!("a description's $ref '{reference}' does not name a Markdown or text file");
            self.problem(&at, message, Some("write the text, or $ref a .md or .txt file".to_owned()));
            return;
        }
        let path = self.sources.path(file).parent().unwrap_or(Path::new("")).join(&reference);
        match std::fs::read_to_string(&path) {
            Ok(body) => *text = Some(body),
            Err(error) => {
                let message = format!("description $ref target {} cannot be read: {error}", path.display());
                self.problem(&at, message, Some("paths are relative to the file that holds the $ref".to_owned()));
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Parameter, file: FileId, pointer: Pointer<'_>) {
        let kind = Some("parameters");
        let Some((moved, pushed)) = self.follow(parameter, |p| &mut p.reference, file, pointer, kind) else { return };
        let (file, base) = rebase(moved.as_ref(), file, pointer);
        self.prose(&mut parameter.description, file, &|| format!("{}/description", base()));
        if let Some(schema) = &mut parameter.schema {
            self.schema(schema, file, &|| format!("{}/schema", base()));
        }
        self.leave(pushed);
    }

    fn request_body(&mut self, body: &mut RequestBody, file: FileId, pointer: Pointer<'_>) {
        let kind = Some("requestBodies");
        let Some((moved, pushed)) = self.follow(body, |body| &mut body.reference, file, pointer, kind) else {
            return;
        };
        let (file, base) = rebase(moved.as_ref(), file, pointer);
        self.prose(&mut body.description, file, &|| format!("{}/description", base()));
        for (media_type, media) in &mut body.content {
            self.media(media, file, &|| format!("{}/content/{}", base(), escape(media_type)));
        }
        self.leave(pushed);
    }

    fn response(&mut self, response: &mut Response, file: FileId, pointer: Pointer<'_>) {
        let kind = Some("responses");
        let Some((moved, pushed)) = self.follow(response, |r| &mut r.reference, file, pointer, kind) else { return };
        let (file, base) = rebase(moved.as_ref(), file, pointer);
        self.prose(&mut response.description, file, &|| format!("{}/description", base()));
        for (media_type, media) in response.content.iter_mut().flatten() {
            self.media(media, file, &|| format!("{}/content/{}", base(), escape(media_type)));
        }
        self.leave(pushed);
    }

    fn media(&mut self, media: &mut MediaType, file: FileId, pointer: Pointer<'_>) {
        if let Some(schema) = &mut media.schema {
            self.schema(schema, file, &|| format!("{}/schema", pointer()));
        }
        for (name, example) in &mut media.examples {
            let at = || format!("{}/examples/{}", pointer(), escape(name));
            let kind = Some("examples");
            if let Some((_, pushed)) = self.follow(example, |example| &mut example.reference, file, &at, kind) {
                self.leave(pushed);
            }
        }
    }

    /// Schemas keep their `$ref`s (they name types); one into a file of its own or outside
    /// `#/components/schemas` is rewritten to a component made for it. Schemas are most of a
    /// spec: their pointers are built only when a reference needs one.
    fn schema(&mut self, schema: &mut Schema, file: FileId, pointer: &dyn Fn() -> String) {
        let at = |segment: &str| At { file, pointer: format!("{}/{segment}", pointer()) };
        self.prose(&mut schema.description, file, &|| format!("{}/description", pointer()));
        if let Some(reference) = schema.reference.as_deref().filter(|r| !self.is_local_component(r, file, "schemas")) {
            let reference = reference.to_owned();
            if let Some(name) = self.external_schema(&reference, &at("$ref")) {
                schema.reference = Some(pointer::component_ref_to("schemas", &name));
            }
        }
        if let Some(properties) = &mut schema.properties {
            let mut target = None;
            if let Some(reference) = properties.1.take() {
                let Some((value, loc)) = self.enter::<Ordered<Schema>>(&reference, &at("properties")) else { return };
                **properties = value;
                target = Some(loc);
            }
            let (base_file, base): (FileId, Box<dyn Fn() -> String + '_>) = match &target {
                Some(loc) => (loc.file, Box::new(|| loc.pointer.clone())),
                None => (file, Box::new(|| format!("{}/properties", pointer()))),
            };
            for (name, property) in &mut properties.0 {
                self.schema(property, base_file, &|| format!("{}/{}", base(), escape(name)));
            }
            self.leave(usize::from(target.is_some()));
        }
        if let Some(items) = &mut schema.items {
            self.schema(items, file, &|| format!("{}/items", pointer()));
        }
        let Some(uncommon) = schema.uncommon_mut() else { return };
        if let Some(super::spec::AdditionalProperties::Schema(values)) = &mut uncommon.additional_properties {
            self.schema(values, file, &|| format!("{}/additionalProperties", pointer()));
        }
        for (key, members) in
            [("allOf", &mut uncommon.all_of), ("oneOf", &mut uncommon.one_of), ("anyOf", &mut uncommon.any_of)]
        {
            for (index, member) in members.iter_mut().enumerate() {
                self.schema(member, file, &|| format!("{}/{key}/{index}", pointer()));
            }
        }
    }

    /// `#/components/<kind>/<name>` written in a merged document: a name for lower, and the
    /// common case, decided without allocating.
    fn is_local_component(&self, reference: &str, file: FileId, kind: &str) -> bool {
        let (file_part, fragment) = pointer::split_reference(reference);
        file_part.is_empty() && is_component_of(fragment, kind) && self.documents.contains(&file)
    }

    /// The component name for a schema reference that is not one already.
    fn external_schema(&mut self, reference: &str, at: &At) -> Option<String> {
        let target = self.target(reference, at)?;
        if self.is_component(&target, "schemas") {
            return None;
        }
        if let Some(name) = self.external.get(&target) {
            return Some(name.clone());
        }
        let wanted = match target.pointer.rsplit('/').next().filter(|last| !last.is_empty()) {
            Some(last) => pointer::unescape(last).into_owned(),
            None => {
                let path = self.sources.path(target.file);
                path.file_stem().map_or_else(|| "Schema".to_owned(), |stem| stem.to_string_lossy().into_owned())
            }
        };
        let name = (1..).map(|n| if n == 1 { wanted.clone() } else { format!("{wanted}_{n}") });
        let name = name.into_iter().find(|name| !self.taken.contains(name))?;
        self.taken.insert(name.clone());
        // Named before its contents are walked: a schema that refers to itself finds its name.
        self.external.insert(target.clone(), name.clone());
        let mut schema = self.fetch::<Schema>(&target, at)?;
        let pointer = pointer::component("schemas", &name);
        self.sources.redirect(target.file, pointer, target.file, target.pointer.clone());
        self.schema(&mut schema, target.file, &|| target.pointer.clone());
        self.new_schemas.push((name.clone(), Located { file: target.file, value: schema }));
        Some(name)
    }

    /// Replaces `value` by its target while it is a `$ref` (a chain is followed to its end);
    /// returns where the value now comes from and how many targets were entered. A reference
    /// to a named component of the merged documents (`kind`) is left to lower.
    fn follow<T: DeserializeOwned>(
        &mut self,
        value: &mut T,
        reference: fn(&mut T) -> &mut Option<String>,
        file: FileId,
        pointer: Pointer<'_>,
        kind: Option<&str>,
    ) -> Option<(Option<At>, usize)> {
        match (reference(value).as_deref(), kind) {
            (None, _) => return Some((None, 0)),
            (Some(text), Some(kind)) if self.is_local_component(text, file, kind) => return Some((None, 0)),
            _ => {}
        }
        let mut at = At { file, pointer: pointer() };
        let mut pushed = 0;
        while let Some(text) = reference(value).take() {
            let target = match self.target(&text, &at.join("$ref")) {
                Some(target) if kind.is_some_and(|kind| self.is_component(&target, kind)) => {
                    *reference(value) = Some(text);
                    break;
                }
                Some(target) => target,
                None => {
                    self.leave(pushed);
                    return None;
                }
            };
            match self.enter::<T>(&text, &at) {
                Some((target_value, target_at)) => {
                    debug_assert_eq!(target_at, target);
                    *value = target_value;
                    at = target_at;
                    pushed += 1;
                }
                None => {
                    self.leave(pushed);
                    return None;
                }
            }
        }
        Some(((pushed > 0).then_some(at), pushed))
    }

    /// Loads the target of `reference` (written at `at`), checks it is not already being
    /// expanded, records the redirect and pushes it; the caller leaves it when done.
    fn enter<T: DeserializeOwned>(&mut self, reference: &str, at: &At) -> Option<(T, At)> {
        let target = self.target(reference, &at.join("$ref"))?;
        if let Some(start) = self.stack.iter().position(|entered| *entered == target) {
            let mut chain: Vec<String> = self.stack[start..].iter().map(|loc| self.show(loc)).collect();
            chain.push(self.show(&target));
            let message = format!("$ref cycle: {}", chain.join(" → "));
            self.problem(&at.join("$ref"), message, Some("a reference must not lead back to itself".to_owned()));
            return None;
        }
        let value = self.fetch::<T>(&target, &at.join("$ref"))?;
        self.sources.redirect(at.file, at.pointer.clone(), target.file, target.pointer.clone());
        self.stack.push(target.clone());
        Some((value, target))
    }

    fn leave(&mut self, pushed: usize) {
        self.stack.truncate(self.stack.len() - pushed);
    }

    fn show(&self, loc: &At) -> String {
        format!("{}#{}", self.sources.path(loc.file).display(), loc.pointer)
    }

    /// `#/components/<kind>/<name>` of a merged document, or of any file that does not hold
    /// that pointer itself (split specs write root names from their fragments).
    fn is_component(&mut self, target: &At, kind: &str) -> bool {
        is_component_of(&target.pointer, kind) && (self.documents.contains(&target.file) || self.node(target).is_none())
    }

    /// The file and pointer a reference written at `at` names.
    fn target(&mut self, reference: &str, at: &At) -> Option<At> {
        let (file_part, fragment) = pointer::split_reference(reference);
        let file = if file_part.is_empty() {
            at.file
        } else if file_part.contains("://") {
            // Generation must not depend on the network: remote documents are not fetched.
            let message = format!("$ref '{reference}' is a remote reference");
            self.problem(at, message, Some("download the document next to the spec and refer to the file".to_owned()));
            return None;
        } else {
            let base = self.sources.path(at.file).parent().unwrap_or(Path::new(""));
            self.file(&normalize(&base.join(file_part)), at)?
        };
        Some(At { file, pointer: fragment.to_owned() })
    }

    /// The id of the file at `path`, read now if it is new.
    fn file(&mut self, path: &Path, at: &At) -> Option<FileId> {
        if let Some(&file) = self.by_path.get(path) {
            return Some(file);
        }
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                self.problem(at, format!("$ref target {} is not valid UTF-8", path.display()), None);
                return None;
            }
            Err(error) => {
                let message = format!("$ref target {} cannot be read: {error}", path.display());
                self.problem(at, message, Some("paths are relative to the file that holds the $ref".to_owned()));
                return None;
            }
        };
        let file = self.sources.add(path.to_owned(), text);
        self.by_path.insert(path.to_owned(), file);
        Some(file)
    }

    /// The untyped node at `loc`, parsing its file on first use.
    fn node(&mut self, loc: &At) -> Option<(Rc<serde_yaml::Value>, String)> {
        if !self.values.contains_key(&loc.file) {
            let parsed = match super::untyped::parse(self.sources.text(loc.file)) {
                Ok(parsed) => {
                    self.sources.merged(loc.file, parsed.merged);
                    Some(Rc::new(parsed.value))
                }
                Err(error) => {
                    let at = At { file: loc.file, pointer: String::new() };
                    self.problem(&at, format!("cannot parse: {error}"), None);
                    None
                }
            };
            self.values.insert(loc.file, parsed);
        }
        let root = self.values.get(&loc.file)?.clone()?;
        lookup(&root, &loc.pointer)?;
        Some((root, loc.pointer.clone()))
    }

    /// The value at `target` as a `T`, or a located problem.
    /// A missing target is reported at the `$ref` that names it (`referrer`).
    fn fetch<T: DeserializeOwned>(&mut self, target: &At, referrer: &At) -> Option<T> {
        let Some((root, pointer)) = self.node(target) else {
            if self.values.get(&target.file).is_some_and(Option::is_some) {
                let file = self.sources.path(target.file).display().to_string();
                let message = format!("$ref target not found: {file} has nothing at #{}", target.pointer);
                self.problem(referrer, message, None);
            }
            return None;
        };
        let node = lookup(&root, &pointer)?;
        match T::deserialize(node) {
            Ok(value) => Some(value),
            Err(error) => {
                // A whole file parses again from its text, for the line and column of the error.
                let text = self.sources.text(target.file);
                let reparsed = target.pointer.is_empty().then(|| serde_yaml::from_str::<T>(text).err()).flatten();
                match reparsed.as_ref().and_then(|error| Some((error, error.location()?))) {
                    Some((error, location)) => {
                        let (line, column) = within(text, location.line(), location.column());
                        self.problems.push(Diagnostic {
                            file: self.sources.path(target.file).to_owned(),
                            line,
                            column,
                            pointer: String::new(),
                            message: without_location(&error.to_string()),
                            hint: None,
                        });
                    }
                    None => self.problem(target, format!("invalid $ref target: {error}"), None),
                }
                None
            }
        }
    }
}

/// The node at a JSON pointer in an untyped value.
fn lookup<'v>(root: &'v serde_yaml::Value, pointer: &str) -> Option<&'v serde_yaml::Value> {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        let segment = pointer::unescape(segment);
        node = match node {
            serde_yaml::Value::Mapping(mapping) => mapping.iter().find_map(|(key, value)| {
                let matches = match key {
                    serde_yaml::Value::String(key) => *key == segment,
                    serde_yaml::Value::Number(number) => number.to_string() == segment,
                    serde_yaml::Value::Bool(flag) => flag.to_string() == segment,
                    _ => false,
                };
                matches.then_some(value)
            })?,
            serde_yaml::Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// `a/b/../c.yaml` → `a/c.yaml`, without touching the file system (no symlink surprises).
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The values of `file` with every `$ref` resolved as [`resolve`] did: component references
/// made local, external schemas pointing at the components made for them, the rest inlined.
pub(super) fn inline_file(sources: &Sources, file: FileId) -> Result<serde_yaml::Value, Diagnostic> {
    let mut cache = HashMap::new();
    let mut value = parsed(sources, &mut cache, file)?.clone();
    inline(sources, &mut cache, &mut value, file, 0)?;
    Ok(value)
}

/// The external schema at `(file, pointer)`, inlined, for the bundle's components.
pub(super) fn inline_at(sources: &Sources, file: FileId, pointer: &str) -> Result<serde_yaml::Value, Diagnostic> {
    let mut cache = HashMap::new();
    let root = parsed(sources, &mut cache, file)?;
    let mut value = lookup(root, pointer).cloned().unwrap_or(serde_yaml::Value::Null);
    inline(sources, &mut cache, &mut value, file, 0)?;
    Ok(value)
}

fn parsed<'c>(
    sources: &Sources,
    cache: &'c mut HashMap<FileId, serde_yaml::Value>,
    file: FileId,
) -> Result<&'c serde_yaml::Value, Diagnostic> {
    match cache.entry(file) {
        std::collections::hash_map::Entry::Occupied(entry) => Ok(entry.into_mut()),
        std::collections::hash_map::Entry::Vacant(entry) => {
            let value = super::untyped::parse(sources.text(file))
                .map(|parsed| parsed.value)
                .map_err(|error| sources.diagnostic(file, "", format!("cannot parse: {error}"), None))?;
            Ok(entry.insert(value))
        }
    }
}

fn inline(
    sources: &Sources,
    cache: &mut HashMap<FileId, serde_yaml::Value>,
    value: &mut serde_yaml::Value,
    file: FileId,
    depth: usize,
) -> Result<(), Diagnostic> {
    // Load has rejected cycles; this only guards against a bug turning into a stack overflow.
    if depth > 256 {
        return Err(sources.diagnostic(file, "", "$ref nesting too deep to bundle".to_owned(), None));
    }
    match value {
        serde_yaml::Value::Mapping(mapping) => {
            let reference = mapping.get("$ref").and_then(serde_yaml::Value::as_str).map(str::to_owned);
            let Some(reference) = reference else {
                for (_, child) in mapping.iter_mut() {
                    inline(sources, cache, child, file, depth + 1)?;
                }
                return Ok(());
            };
            let (file_part, fragment) = pointer::split_reference(&reference);
            let target = if file_part.is_empty() {
                Some(file)
            } else {
                let base = sources.path(file).parent().unwrap_or(Path::new(""));
                let path = normalize(&base.join(file_part));
                (0..sources.count()).find(|&id| sources.path(id) == path)
            };
            let Some(target) = target else { return Ok(()) };
            if let Some(name) = sources.external_schemas.get(&(target, fragment.to_owned())) {
                *value = local_ref(&pointer::component("schemas", name));
                return Ok(());
            }
            let node = lookup(parsed(sources, cache, target)?, fragment).cloned();
            let component = pointer::parse_component(fragment).is_some();
            match node {
                Some(node) if !(component && sources.documents.contains(&target)) => {
                    *value = node;
                    inline(sources, cache, value, target, depth + 1)
                }
                _ => {
                    *value = local_ref(fragment);
                    Ok(())
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            items.iter_mut().try_for_each(|item| inline(sources, cache, item, file, depth + 1))
        }
        _ => Ok(()),
    }
}

/// Whether `pointer` is `/components/<kind>/<name>`.
fn is_component_of(pointer: &str, kind: &str) -> bool {
    pointer::parse_component(pointer).is_some_and(|(of, _)| of == kind)
}

fn local_ref(pointer: &str) -> serde_yaml::Value {
    let mut mapping = serde_yaml::Mapping::new();
    mapping.insert("$ref".into(), format!("#{pointer}").into());
    serde_yaml::Value::Mapping(mapping)
}
