//! Paths and operations → client methods: names, path templates, header and cookie
//! arguments and request bodies; the query struct is `query.rs`'s, the response
//! dispatch `response.rs`'s.

use super::Lowerer;
use super::docs::{docs, sanitize};
use super::schema::degrade;
use crate::ir::{Body, BodyMedia, HeaderArg, Operation, Piece, Segment, Type};
use crate::load::Sorted;
use crate::load::spec::{MediaType, Operation as SpecOperation, Parameter};
use crate::naming::{self, Claim, Namespace};
use crate::pointer::At;
use std::collections::{BTreeMap, BTreeSet};

/// One operation of the spec, before lowering.
struct Source<'a> {
    path: &'a str,
    method: &'static str,
    operation: &'a SpecOperation,
    path_parameters: &'a [Parameter],
    /// The path item's own place when the path `$ref`s it.
    origin: Option<&'a At>,
    /// The other paths that `$ref` the same path item.
    aliases: Vec<&'a str>,
    at: At,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let spec = self.spec;
        let sources: Vec<Source<'a>> = spec
            .paths
            .iter()
            .flat_map(|(path, item)| {
                item.value.operations().map(move |(method, operation)| Source {
                    path,
                    method,
                    operation,
                    path_parameters: &item.value.parameters,
                    origin: spec.path_origins.get(path),
                    aliases: Vec::new(),
                    at: At::path_item(item.file, path).join(method),
                })
            })
            .collect();
        let sources = self.one_per_path_item(sources);
        let names = self.method_names(&sources);
        sources.iter().zip(names).map(|(source, name)| self.operation(source, name)).collect()
    }

    /// One path item reached by two paths (both `$ref` it) is one operation, generated for
    /// the first path in order; the others are its aliases (the fake answers there too), with
    /// a warning.
    fn one_per_path_item(&mut self, sources: Vec<Source<'a>>) -> Vec<Source<'a>> {
        let mut kept: Vec<Source<'a>> = Vec::with_capacity(sources.len());
        for source in sources {
            let same = |other: &Source<'_>| {
                source.origin.is_some() && other.origin == source.origin && other.method == source.method
            };
            match kept.iter_mut().find(|other| same(other)) {
                Some(first) => {
                    let method = source.method.to_uppercase();
                    let message = format!(
                        "`{method} {}` is the operation of `{}`: one path item reached by two paths; generated once, for `{}` (the fake answers at both)",
                        source.path, first.path, first.path
                    );
                    first.aliases.push(source.path);
                    self.warn(&source.at, message, None);
                }
                None => kept.push(source),
            }
        }
        kept
    }

    /// Method names, settled by [`Namespace::settle`]: operationIds without their
    /// `…Service_` prefix, and where two want one name, the other takes its full operationId;
    /// those without one are named from their method and path (`get_v1_nodes_by_node_id`).
    /// Of the operations that share an operationId, the one with the fewest path segments
    /// (then path, then method) is named by it, and the others after that name with their
    /// method and path (`list_things_get_v2_things`).
    fn method_names(&mut self, sources: &[Source<'_>]) -> Vec<String> {
        let mut ids: BTreeMap<&str, Vec<&Source<'_>>> = BTreeMap::new();
        let mut shared: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, source) in sources.iter().enumerate() {
            if let Some(id) = source.operation.operation_id.as_deref() {
                ids.entry(id).or_default().push(source);
                shared.entry(id).or_default().push(index);
            }
        }
        let unique = |id: Option<&str>| id.is_some_and(|id| ids[id].len() == 1);
        // Of the operations that share an operationId, the one it names: fewest path
        // segments, then path and method.
        let tie = |index: usize| {
            let source = &sources[index];
            (source.path.split('/').filter(|segment| !segment.is_empty()).count(), source.path, source.method)
        };
        let owner: BTreeMap<&str, usize> = shared
            .iter()
            .filter_map(|(id, indices)| Some((*id, indices.iter().copied().min_by_key(|&index| tie(index))?)))
            .collect();
        let owns = |index: usize| sources[index].operation.operation_id.as_deref().is_none_or(|id| owner[id] == index);
        let claims: Vec<Claim> = (0..sources.len())
            .filter(|&index| owns(index))
            .map(|index| match sources[index].operation.operation_id.as_deref() {
                Some(id) => {
                    Claim { qualified: Some(naming::full_method_name(id)), ..Claim::new(naming::method_name(id), id) }
                }
                None => Claim::new(naming::method_name_from_path(sources[index].method, sources[index].path), ""),
            })
            .collect();
        let mut namespace = Namespace::default();
        // The client's own methods: an operation named `new` becomes `new_2`.
        for reserved in crate::plan::client_methods() {
            namespace.claim(reserved);
        }
        let mut owned = namespace.settle(&claims).into_iter();
        let mut names: Vec<Option<String>> =
            (0..sources.len()).map(|index| if owns(index) { owned.next() } else { None }).collect();
        // The others: the owner's name, then their method and path (`list_things_get_v2_things`).
        let copies: Vec<Claim> = (0..sources.len())
            .filter(|&index| !owns(index))
            .map(|index| {
                let source = &sources[index];
                let id = source.operation.operation_id.as_deref().unwrap_or_default();
                let base = owner.get(id).and_then(|&owner| names[owner].as_deref()).unwrap_or_default();
                let base = naming::unraw(base).trim_end_matches('_');
                let wanted = format!("{base}_{}", naming::method_name_from_path(source.method, source.path));
                Claim::new(wanted.clone(), wanted)
            })
            .collect();
        let mut copied = namespace.settle(&copies).into_iter();
        for name in names.iter_mut().filter(|name| name.is_none()) {
            *name = copied.next();
        }
        let names: Vec<String> = names.into_iter().flatten().collect();
        for (index, (source, name)) in sources.iter().zip(&names).enumerate() {
            match source.operation.operation_id.as_deref() {
                None => {
                    let message = format!("operation without `operationId`; named `{name}`, from its method and path");
                    self.warn(&source.at, message, Some("give it an `operationId` to choose the name".to_owned()));
                }
                Some(id) if !unique(Some(id)) => {
                    let others: Vec<String> = ids[id]
                        .iter()
                        .filter(|other| other.at != source.at)
                        .map(|other| format!("#{}", other.at.pointer))
                        .collect();
                    let others = others.join(", ");
                    let how = if owns(index) {
                        "kept: of those that share it, this one has the fewest path segments (then sorts first by path and method)"
                    } else {
                        "from its method and path"
                    };
                    let message = format!("duplicate operationId `{id}` (also at {others}); named `{name}`, {how}");
                    self.warn(&source.at.join("operationId"), message, None);
                }
                Some(_) => {}
            }
        }
        names
    }

    fn operation(&mut self, source: &Source<'a>, method_name: String) -> Operation {
        let operation = source.operation;
        let base = naming::type_name(naming::unraw(&method_name));
        let parameters = self.parameters(source);
        let mut args = Namespace::bindings();
        // `body` among them: the body argument's name, taken whether or not there is one.
        for local in crate::ir::OPERATION_LOCALS {
            args.claim(local);
        }
        let has_query = parameters.iter().any(|(parameter, _)| parameter.location == "query");
        if has_query {
            args.claim("query");
        }
        let (segments, path_params) = self.path(source, &parameters, &mut args);
        let mut text_args = |location: &str| -> Vec<HeaderArg> {
            parameters
                .iter()
                .filter(|(parameter, _)| parameter.location == location)
                .map(|(parameter, _)| HeaderArg {
                    arg: args.claim(&naming::snake_name(&parameter.name)),
                    wire: parameter.name.clone(),
                    required: parameter.required,
                })
                .collect()
        };
        let headers = text_args("header");
        let cookies = text_args("cookie");
        let query = has_query.then(|| self.query(&base, &parameters));
        let body = self.body(source, &base, &method_name);
        let responses = self.responses(operation, &source.at, &base, &method_name);
        let mut doc_lines = docs(operation.summary.as_deref(), operation.description.as_deref());
        if !doc_lines.is_empty() {
            doc_lines.push(String::new());
        }
        doc_lines.extend(sanitize(&format!("`{} {}`", source.method.to_uppercase(), source.path.replace('`', "'"))));
        let trace_name = match &operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", source.method.to_uppercase(), source.path),
        };
        Operation {
            method_name,
            trace_name,
            http_method: source.method.to_uppercase(),
            path: source.path.to_owned(),
            aliases: source.aliases.iter().map(|path| (*path).to_owned()).collect(),
            docs: doc_lines,
            deprecated: operation.deprecated,
            segments,
            path_params,
            headers,
            cookies,
            body,
            query,
            accept: responses.accept,
            success: responses.success,
            error: responses.error,
            arms: responses.arms,
            pages: None,
            example: responses.example,
            long_running: None,
        }
    }

    /// Path-item and operation parameters, `$ref`s resolved; the operation's win.
    fn parameters(&mut self, source: &Source<'a>) -> Vec<(&'a Parameter, At)> {
        let spec = self.spec;
        let mut resolved: Vec<(&'a Parameter, At)> = Vec::new();
        let path_item_at = At::path_item(source.at.file, source.path);
        let declared = source.path_parameters.iter().map(|p| (p, path_item_at.join("parameters")));
        let own = source.operation.parameters.iter().map(|p| (p, source.at.join("parameters")));
        for (index, (parameter, list_at)) in declared.enumerate().chain(own.enumerate()) {
            let at = list_at.join(&index.to_string());
            let (parameter, at) = match &parameter.reference {
                Some(reference) => match self.resolve(reference, "parameters", &spec.parameters, &at.join("$ref")) {
                    Some((name, located)) => (&located.value, At::component(located.file, "parameters", name)),
                    None => continue,
                },
                None => (parameter, at),
            };
            resolved
                .retain(|(existing, _)| (&existing.name, &existing.location) != (&parameter.name, &parameter.location));
            resolved.push((parameter, at));
        }
        for (parameter, at) in &resolved {
            if !matches!(parameter.location.as_str(), "path" | "query" | "header" | "cookie") {
                let message = format!("unknown parameter location `{}` of `{}`", parameter.location, parameter.name);
                self.problem(&at.join("in"), message, Some("use path, query, header or cookie".to_owned()));
            }
        }
        resolved
    }

    fn path(
        &mut self,
        source: &Source<'a>,
        parameters: &[(&'a Parameter, At)],
        args: &mut Namespace,
    ) -> (Vec<Segment>, Vec<String>) {
        let declared: BTreeMap<&str, &At> =
            parameters.iter().filter(|(p, _)| p.location == "path").map(|(p, at)| (p.name.as_str(), at)).collect();
        let mut used = BTreeSet::new();
        let mut arg_names: BTreeMap<&str, String> = BTreeMap::new();
        let mut segments = Vec::new();
        let path_at = At::path_item(source.at.file, source.path);
        for segment in source.path.split('/').filter(|segment| !segment.is_empty()) {
            let mut pieces = Vec::new();
            for piece in split_template(segment) {
                match piece {
                    TemplatePiece::Literal(text) => pieces.push(Piece::Literal(text.to_owned())),
                    TemplatePiece::Param(name) => {
                        if let Some(operator) = rfc6570_operator(name) {
                            let message = format!("path template `{{{name}}}` uses RFC 6570 {operator}");
                            let hint = Some("OpenAPI path templates are plain `{name}` variables".to_owned());
                            self.problem(&path_at, message, hint);
                            // Its variables are named: the refusal is the one problem to report.
                            used.extend(rfc6570_variables(name));
                        } else if !declared.contains_key(name) {
                            // As other generators do: a required string argument named after it.
                            let hint =
                                Some(format!("declare it under `parameters` with `in: path` and `name: {name}`"));
                            let message = format!("path parameter `{{{name}}}` is not declared; generated as a string");
                            self.warn(&path_at, message, hint);
                        }
                        used.insert(name);
                        let arg =
                            arg_names.entry(name).or_insert_with(|| args.claim(&naming::snake_name(name))).clone();
                        pieces.push(Piece::Param(arg));
                    }
                }
            }
            segments.push(match pieces.as_slice() {
                [Piece::Literal(text)] => Segment::Literal(text.clone()),
                [Piece::Param(arg)] => Segment::Param(arg.clone()),
                _ => Segment::Mixed(pieces),
            });
        }
        for (name, at) in declared {
            if !used.contains(name) {
                // As other generators do: nothing in the URL could carry it.
                let message = format!("path parameter `{name}` does not appear in the path `{}`; ignored", source.path);
                self.warn(at, message, Some(format!("add `{{{name}}}` to the path, or remove the parameter")));
            }
        }
        let mut order = Vec::new();
        for segment in &segments {
            let params: Vec<&String> = match segment {
                Segment::Param(arg) => vec![arg],
                Segment::Mixed(pieces) => pieces
                    .iter()
                    .filter_map(|piece| if let Piece::Param(arg) = piece { Some(arg) } else { None })
                    .collect(),
                Segment::Literal(_) => vec![],
            };
            for arg in params {
                if !order.contains(arg) {
                    order.push(arg.clone());
                }
            }
        }
        (segments, order)
    }

    fn body(&mut self, source: &Source<'a>, base: &str, method_name: &str) -> Option<Body> {
        let spec = self.spec;
        let body = source.operation.request_body.as_ref()?;
        let at = source.at.join("requestBody");
        let (body, at) = match &body.reference {
            Some(reference) => {
                let (name, located) =
                    self.resolve(reference, "requestBodies", &spec.request_bodies, &at.join("$ref"))?;
                (&located.value, At::component(located.file, "requestBodies", name))
            }
            None => (body, at),
        };
        let Some((content_type, media)) = pick_media(&body.content) else {
            // As other generators read it: a body of no media type is no body to send.
            self.warn(
                &at.join("content"),
                "request body lists no media type; the method sends no body",
                Some("add `content: application/json: …`".to_owned()),
            );
            return None;
        };
        let kind = body_media(content_type);
        let media_at = at.join("content").join(content_type);
        let ty = match (kind, &media.schema) {
            (BodyMedia::Text, _) => Type::String,
            (BodyMedia::Bytes, _) => Type::Bytes,
            (BodyMedia::Multipart, _) => Type::Unit,
            (_, Some(schema)) => degrade(self.type_of(schema, &format!("{base}Body"), &media_at.join("schema"))),
            (_, None) => Type::Json,
        };
        if kind == BodyMedia::Json {
            self.media_examples(&format!("{method_name} request"), &ty, media, &media_at);
        }
        Some(Body { arg: "body".to_owned(), ty, media: kind, content_type: content_type.to_owned() })
    }

    pub(super) fn media_examples(&mut self, name: &str, ty: &Type, media: &MediaType, at: &At) {
        if let Some(example) = &media.example {
            self.add_example(&format!("{name} example"), ty, example, &at.join("example"));
        }
        for (key, example) in &media.examples {
            if let Some(value) = &example.value {
                self.add_example(&format!("{name} {key}"), ty, value, &at.join("examples").join(key).join("value"));
            }
        }
    }
}

/// The media type to generate for: JSON first, then text, forms, and anything as bytes.
pub(super) fn pick_media(content: &Sorted<MediaType>) -> Option<(&str, &MediaType)> {
    let rank = |media_type: &str| match media_type {
        "application/json" => 0,
        json if json.contains("json") => 1,
        text if text.starts_with("text/") => 2,
        "multipart/form-data" => 3,
        "application/x-www-form-urlencoded" => 4,
        _ => 5,
    };
    content
        .iter()
        .min_by_key(|(media_type, _)| rank(media_type))
        .map(|(media_type, media)| (media_type.as_str(), media))
}

fn body_media(media_type: &str) -> BodyMedia {
    match media_type {
        "multipart/form-data" => BodyMedia::Multipart,
        "application/x-www-form-urlencoded" => BodyMedia::Form,
        json if json.contains("json") => BodyMedia::Json,
        text if text.starts_with("text/") => BodyMedia::Text,
        _ => BodyMedia::Bytes,
    }
}

/// What makes `{name}` an RFC 6570 expression beyond a plain variable: an operator
/// (`{.label}`, `{;matrix}`, `{+reserved}`, …), a modifier (`{list*}`, `{s:3}`) or a list.
fn rfc6570_operator(name: &str) -> Option<&'static str> {
    match name.chars().next()? {
        '+' | '#' => Some("reserved expansion"),
        '.' => Some("label expansion"),
        '/' => Some("path-segment expansion"),
        ';' => Some("path-style expansion"),
        '?' | '&' => Some("form-style expansion"),
        _ if name.ends_with('*') => Some("explode modifier"),
        _ if name.contains(':') => Some("prefix modifier"),
        _ if name.contains(',') => Some("variable lists"),
        _ => None,
    }
}

/// The variable names of an RFC 6570 expression: `{.a*,b:3}` → `a`, `b`.
fn rfc6570_variables(expression: &str) -> impl Iterator<Item = &str> {
    let list = expression.trim_start_matches(['+', '#', '.', '/', ';', '?', '&']);
    list.split(',').map(|variable| variable.trim_end_matches('*').split(':').next().unwrap_or(variable))
}

enum TemplatePiece<'p> {
    Literal(&'p str),
    Param(&'p str),
}

/// `{id}:cancel` → `Param(id)`, `Literal(:cancel)`.
fn split_template(segment: &str) -> Vec<TemplatePiece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            pieces.push(TemplatePiece::Literal(&rest[..open]));
        }
        pieces.push(TemplatePiece::Param(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(TemplatePiece::Literal(rest));
    }
    pieces
}
