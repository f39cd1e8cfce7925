//! Paths and operations → client methods: arguments, bodies and response dispatch.

use super::docs::{docs, sanitize};
use super::schema::{degrade, enum_members};
use super::{At, Lowerer};
use crate::ir::{
    Body, BodyMedia, Decode, HeaderArg, Operation, Piece, Query, QueryField, QueryStyle, ResponseArm, Segment,
    StatusPattern, StatusVariant, Type, TypeDef, TypeKind,
};
use crate::load::spec::{MediaType, Operation as SpecOperation, Parameter, Response, Schema};
use crate::load::{FileId, escape};
use crate::naming::{self, Namespace};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, BTreeSet};

/// One operation of the spec, before lowering.
struct Source<'a> {
    path: &'a str,
    method: &'static str,
    operation: &'a SpecOperation,
    path_parameters: &'a [Parameter],
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
                    at: At { file: item.file, pointer: format!("/paths/{}/{method}", escape(path)) },
                })
            })
            .collect();
        let names = self.method_names(&sources);
        sources.iter().zip(names).map(|(source, name)| self.operation(source, name)).collect()
    }

    /// Method names: operationIds without their `…Service_` prefix where that stays unique.
    fn method_names(&mut self, sources: &[Source<'_>]) -> Vec<String> {
        let mut seen_ids: BTreeMap<&str, &At> = BTreeMap::new();
        for source in sources {
            if let Some(id) = source.operation.operation_id.as_deref() {
                if let Some(first) = seen_ids.insert(id, &source.at) {
                    let message = format!("duplicate operationId `{id}` (also at #{})", first.pointer);
                    self.problem(&source.at.join("operationId"), message, None);
                }
            }
        }
        let wanted: Vec<String> = sources
            .iter()
            .map(|source| match source.operation.operation_id.as_deref() {
                Some(id) => naming::method_name(id),
                None => naming::method_name_from_path(source.method, source.path),
            })
            .collect();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        wanted.iter().for_each(|name| *counts.entry(name).or_default() += 1);
        let mut namespace = Namespace::default();
        // The client's own methods: an operation named `new` becomes `new_2`.
        for reserved in crate::ir::CLIENT_METHODS {
            namespace.claim(reserved);
        }
        sources
            .iter()
            .zip(&wanted)
            .map(|(source, name)| match (counts[name.as_str()], source.operation.operation_id.as_deref()) {
                (1, _) | (_, None) => namespace.claim(name),
                (_, Some(id)) => namespace.claim(&naming::full_method_name(id)),
            })
            .collect()
    }

    fn operation(&mut self, source: &Source<'a>, method_name: String) -> Operation {
        let operation = source.operation;
        let base = naming::type_name(naming::unraw(&method_name));
        let parameters = self.parameters(source);
        let mut args = Namespace::bindings();
        for local in crate::ir::OPERATION_LOCALS {
            args.claim(local);
        }
        if operation.request_body.is_some() {
            args.claim("body");
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
        let responses = self.responses(source, &base, &method_name);
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
        }
    }

    /// Path-item and operation parameters, `$ref`s resolved; the operation's win.
    fn parameters(&mut self, source: &Source<'a>) -> Vec<(&'a Parameter, At)> {
        let spec = self.spec;
        let mut resolved: Vec<(&'a Parameter, At)> = Vec::new();
        let path_item_at = At { file: source.at.file, pointer: format!("/paths/{}", escape(source.path)) };
        let declared = source.path_parameters.iter().map(|p| (p, path_item_at.join("parameters")));
        let own = source.operation.parameters.iter().map(|p| (p, source.at.join("parameters")));
        for (index, (parameter, list_at)) in declared.enumerate().chain(own.enumerate()) {
            let at = list_at.join(&index.to_string());
            let (parameter, at) = match &parameter.reference {
                Some(reference) => match self.resolve(reference, "parameters", &spec.parameters, &at.join("$ref")) {
                    Some((name, located)) => (&located.value, component_at(located.file, "parameters", name)),
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
        let path_at = At { file: source.at.file, pointer: format!("/paths/{}", escape(source.path)) };
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
                self.problem(
                    at,
                    format!("path parameter `{name}` does not appear in the path `{}`", source.path),
                    None,
                );
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

    fn query(&mut self, base: &str, parameters: &[(&'a Parameter, At)]) -> Query {
        let type_name = self.type_names.claim(&format!("{base}Query"));
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for (parameter, at) in parameters.iter().filter(|(p, _)| p.location == "query") {
            let hint = format!("{type_name}{}", parameter.name.to_upper_camel_case());
            let name = field_names.claim(&naming::snake_name(&parameter.name));
            let mut notes = Vec::new();
            if naming::unraw(&name) != parameter.name {
                notes.push(format!("Sent as `{}`.", parameter.name.replace('`', "'")));
            }
            // `content:` instead of `schema:`: the value in that media type (JSON: its text).
            let (schema, schema_at, json) = match (&parameter.schema, pick_media(&parameter.content)) {
                (Some(schema), _) => (Some(&**schema), at.join("schema"), false),
                (None, Some((media_type, media))) => {
                    let media_at = at.join("content").join(media_type).join("schema");
                    (media.schema.as_deref(), media_at, media_type.contains("json"))
                }
                (None, None) => (None, at.join("schema"), false),
            };
            let ty = match schema {
                // A query string holds text: a union of scalars is sent as given. Unions with
                // an object or list member are typed, and written by the query rule.
                Some(schema)
                    if !json
                        && (!schema.one_of.is_empty() || !schema.any_of.is_empty())
                        && enum_members(schema).is_none()
                        && schema.one_of.iter().chain(&schema.any_of).all(is_scalar_schema)
                        && parameter.style.as_deref() != Some("deepObject") =>
                {
                    notes.push("The spec allows several shapes here; this client sends the text as given.".to_owned());
                    Type::String
                }
                Some(schema) => self.type_of(schema, &hint, &schema_at),
                None if json => Type::Json,
                None => Type::String,
            };
            let ty = match ty {
                Type::I64String => Type::I64,
                Type::U64String => Type::U64,
                ty => ty,
            };
            let (ty, style) = if json { (ty, QueryStyle::Json) } else { self.query_value(ty, parameter, at) };
            let mut field_docs = docs(None, parameter.description.as_deref());
            for note in notes {
                if !field_docs.is_empty() {
                    field_docs.push(String::new());
                }
                field_docs.extend(sanitize(&note));
            }
            fields.push(QueryField {
                name,
                wire: parameter.name.clone(),
                ty,
                required: parameter.required,
                docs: field_docs,
                style,
            });
        }
        Query { arg: "query".to_owned(), type_name, fields }
    }

    /// The type as a query value and how it is written: a scalar or enum (sent with
    /// `Display`), a list of them (a repeated key, or comma-separated), an object or map
    /// (`form` or `deepObject`, serialized through its JSON form), and anything else by the
    /// style the spec gives, or as JSON text. Aliases resolve to their target.
    fn query_value(&mut self, ty: Type, parameter: &Parameter, at: &At) -> (Type, QueryStyle) {
        let explode = parameter.explode.unwrap_or(true);
        let style = parameter.style.as_deref().unwrap_or("form");
        if !matches!(style, "form" | "deepObject") {
            let message = format!("query style `{style}` of `{}` is not supported yet", parameter.name);
            self.problem(&at.join("style"), message, Some("use form (the default) or deepObject".to_owned()));
        }
        let object_style = match (style, explode) {
            ("deepObject", _) => QueryStyle::DeepObject,
            (_, true) => QueryStyle::FormObject,
            (_, false) => QueryStyle::FormObjectFlat,
        };
        let list_style = if explode { QueryStyle::Form } else { QueryStyle::FormFlat };
        // What `form` does not define (lists of objects, unions with an object member,
        // free-form JSON) is written as a deepObject when the spec says so, else as JSON text.
        let given_style = parameter.style.is_some() || parameter.explode.is_some();
        match self.resolve_alias(&ty) {
            Type::List(item) if self.is_query_scalar(&item) => (Type::List(item), list_style),
            scalar if self.is_query_scalar(&scalar) => (scalar, QueryStyle::Form),
            // Objects and maps keep their type: the query struct holds the model itself.
            object if self.is_query_object(&object) => (ty, object_style),
            Type::List(_) if style == "deepObject" => (ty, QueryStyle::DeepObject),
            Type::List(_) => (ty, QueryStyle::Json),
            // A union of objects and scalars (Stripe's `created`: a range or a timestamp).
            union if self.is_union(&union) && given_style => (ty, object_style),
            Type::Json if given_style => (Type::Json, object_style),
            union if self.is_union(&union) => (ty, QueryStyle::Json),
            Type::Json => (Type::Json, QueryStyle::Json),
            other => {
                let message = format!(
                    "query parameter `{}` is {} and is not supported yet",
                    parameter.name,
                    self.describe(&other)
                );
                self.problem(
                    &at.join("schema"),
                    message,
                    Some("use a scalar, an enum, an array, an object, a map or a union".to_owned()),
                );
                (Type::String, QueryStyle::Form)
            }
        }
    }

    fn is_union(&self, ty: &Type) -> bool {
        let Type::Named(name) = ty else { return false };
        matches!(self.type_def(name).map(|def| &def.kind), Some(TypeKind::Union { .. }))
    }

    /// Structs and maps: written property by property.
    fn is_query_object(&self, ty: &Type) -> bool {
        match ty {
            Type::Map(_) => true,
            Type::Named(name) => matches!(self.type_def(name).map(|def| &def.kind), Some(TypeKind::Struct(_))),
            _ => false,
        }
    }

    /// Scalars, string enums, and untagged unions of scalars (marked to implement `Display`).
    fn is_query_scalar(&mut self, ty: &Type) -> bool {
        match self.resolve_alias(ty) {
            Type::Named(name) => self.displayable(&name, 0),
            Type::Json | Type::Map(_) | Type::List(_) | Type::Unit | Type::Bytes => false,
            _ => true,
        }
    }

    fn displayable(&mut self, name: &str, depth: usize) -> bool {
        let Some(&index) = self.type_index.get(name) else { return false };
        let variants: Vec<Type> = match &self.types[index].kind {
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => return true,
            TypeKind::Union { tag: None, variants, .. } if depth < 8 => {
                variants.iter().map(|variant| variant.ty.clone()).collect()
            }
            _ => return false,
        };
        let all = variants.iter().all(|ty| match self.resolve_alias(ty) {
            Type::Named(inner) => self.displayable(&inner, depth + 1),
            // chrono's Display is not RFC 3339; lists and maps have none.
            Type::DateTime | Type::Json | Type::Map(_) | Type::List(_) | Type::Unit | Type::Bytes => false,
            _ => true,
        });
        if let TypeKind::Union { display, .. } = &mut self.types[index].kind {
            *display = all;
        }
        all
    }

    /// A type in a maintainer's words, for diagnostics.
    fn describe(&self, ty: &Type) -> &'static str {
        match ty {
            Type::List(_) => "a list of lists or objects",
            Type::Map(_) => "a map",
            Type::Json => "free-form JSON",
            Type::Bytes => "binary",
            Type::Named(name) => match self.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(_)) => "an object",
                Some(TypeKind::Union { .. }) => "a union with non-scalar members",
                _ => "a composite type",
            },
            _ => "a scalar",
        }
    }

    fn resolve_alias(&self, ty: &Type) -> Type {
        let mut ty = ty.clone();
        for _ in 0..16 {
            let Type::Named(name) = &ty else { break };
            match self.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target.clone(),
                _ => break,
            }
        }
        ty
    }

    fn body(&mut self, source: &Source<'a>, base: &str, method_name: &str) -> Option<Body> {
        let spec = self.spec;
        let body = source.operation.request_body.as_ref()?;
        let at = source.at.join("requestBody");
        let (body, at) = match &body.reference {
            Some(reference) => {
                let (name, located) =
                    self.resolve(reference, "requestBodies", &spec.request_bodies, &at.join("$ref"))?;
                (&located.value, component_at(located.file, "requestBodies", name))
            }
            None => (body, at),
        };
        let Some((content_type, media)) = pick_media(&body.content) else {
            self.problem(
                &at.join("content"),
                "request body without content",
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
            self.media_examples(&format!("{method_name} request"), &ty, media);
        }
        Some(Body { arg: "body".to_owned(), ty, media: kind, content_type: content_type.to_owned() })
    }

    fn media_examples(&mut self, name: &str, ty: &Type, media: &MediaType) {
        if let Some(example) = &media.example {
            self.add_example(&format!("{name} example"), ty, example);
        }
        for (key, example) in &media.examples {
            if let Some(value) = &example.value {
                self.add_example(&format!("{name} {key}"), ty, value);
            }
        }
    }

    /// The success type, the error type, the dispatch arms and the `Accept` header.
    fn responses(&mut self, source: &Source<'a>, base: &str, method_name: &str) -> Responses {
        let spec = self.spec;
        let mut lowered: Vec<LoweredResponse> = Vec::new();
        let mut accept = BTreeSet::new();
        let mut example = None;
        for (key, response) in &source.operation.responses {
            let at = source.at.join("responses").join(key);
            let Some(status) = parse_status(key) else {
                self.problem(
                    &at,
                    format!("`{key}` is not a status code"),
                    Some("use `200`, `4XX` or `default`".to_owned()),
                );
                continue;
            };
            let (response, at) = match &response.reference {
                Some(reference) => match self.resolve(reference, "responses", &spec.responses, &at.join("$ref")) {
                    Some((name, located)) => (&located.value, component_at(located.file, "responses", name)),
                    None => continue,
                },
                None => (response, at),
            };
            if !self.complete(response, &at) {
                continue;
            }
            let (decode, ty) = match response.content.as_ref().and_then(pick_media) {
                None => (Decode::Empty, None),
                Some((media_type, media)) => {
                    accept.insert(media_type.to_owned());
                    let decode = response_decode(media_type);
                    let ty = match (decode, &media.schema) {
                        (Decode::Text, _) => Some(Type::String),
                        (Decode::Bytes, _) => Some(Type::Bytes),
                        (_, Some(schema)) if !(is_empty(schema) && is_no_content(status)) => {
                            let hint = if status == StatusPattern::Exact(200) {
                                format!("{base}Response")
                            } else {
                                format!("{base}{}", status_label(status))
                            };
                            let media_at = at.join("content").join(media_type).join("schema");
                            Some(degrade(self.type_of(schema, &hint, &media_at)))
                        }
                        (_, Some(_)) => None,
                        (_, None) => Some(Type::Json),
                    };
                    if let (Decode::Json, Some(ty)) = (decode, &ty) {
                        self.media_examples(&format!("{method_name} {key}"), ty, media);
                        if is_success(status) && example.is_none() {
                            example = media_example(media);
                        }
                    }
                    (if ty.is_some() { decode } else { Decode::Empty }, ty)
                }
            };
            lowered.push(LoweredResponse { status, decode, ty, docs: docs(None, response.description.as_deref()) });
        }
        let any_success = lowered.iter().any(|response| is_success(response.status));
        let (success, errors): (Vec<_>, Vec<_>) = lowered.into_iter().partition(|response| {
            is_success(response.status) || (!any_success && response.status == StatusPattern::Default)
        });
        let mut arms = Vec::new();
        let success_type = self.outcome_type(&format!("{base}Success"), &success, true, &mut arms);
        let error_type = self.outcome_type(&format!("{base}Error"), &errors, false, &mut arms);
        if let Type::Named(_) = &error_type {
            self.mark_error_body(&error_type);
        }
        arms.sort_by_key(|arm| arm.status);
        let accept = if accept.is_empty() {
            "application/json".to_owned()
        } else {
            accept.into_iter().collect::<Vec<_>>().join(", ")
        };
        Responses { success: success_type, error: error_type, arms, accept, example }
    }

    /// Whether a response is whole: a written but empty (or null) `content` is a truncated
    /// paste, and guessing would silently change the error type. A missing `description`
    /// (OpenAPI requires one; real specs omit it, and other generators accept that) is a warning.
    fn complete(&mut self, response: &Response, at: &At) -> bool {
        if response.description.is_none() {
            let hint = "OpenAPI requires one on every response".to_owned();
            self.warn(at, "response without `description`", Some(hint));
        }
        if response.content.as_ref().is_some_and(BTreeMap::is_empty) {
            let hint =
                "add a media type (`application/json: {schema: …}`), or remove `content` for a response without a body";
            self.problem(&at.join("content"), "`content` lists no media type", Some(hint.to_owned()));
            return false;
        }
        true
    }

    /// One shared body type is the type itself; different bodies make an enum by status.
    fn outcome_type(
        &mut self,
        enum_name: &str,
        responses: &[LoweredResponse],
        success: bool,
        arms: &mut Vec<ResponseArm>,
    ) -> Type {
        let distinct: BTreeSet<Option<&Type>> = responses.iter().map(|response| response.ty.as_ref()).collect();
        let shared = match distinct.into_iter().collect::<Vec<_>>().as_slice() {
            [] => Some(Type::Unit),
            [None] => Some(Type::Unit),
            [Some(ty)] => Some((*ty).clone()),
            _ => None,
        };
        if let Some(ty) = shared {
            let ty = if success { ty } else { self.error_payload(ty) };
            for response in responses {
                arms.push(ResponseArm { status: response.status, success, decode: response.decode, variant: None });
            }
            return ty;
        }
        let name = self.type_names.claim(enum_name);
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for response in responses {
            let variant = names.claim(&status_label(response.status));
            let ty = response.ty.clone().map(|ty| if success { ty } else { self.error_payload(ty) });
            if let (false, Some(ty)) = (success, &ty) {
                self.mark_error_body(ty);
            }
            arms.push(ResponseArm {
                status: response.status,
                success,
                decode: response.decode,
                variant: Some(variant.clone()),
            });
            variants.push(StatusVariant { name: variant, docs: response.docs.clone(), ty });
        }
        let what = if success { "successful" } else { "documented error" };
        self.define(TypeDef {
            name: name.clone(),
            docs: sanitize(&format!("The {what} responses of one operation, by status.")),
            deprecated: false,
            kind: TypeKind::StatusEnum { variants },
            message_field: None,
            is_error_body: !success,
        });
        Type::Named(name)
    }

    /// Error bodies must carry `ErrorBody`: named types and the runtime's impls do; other
    /// primitive bodies are kept as JSON.
    fn error_payload(&self, ty: Type) -> Type {
        match ty {
            Type::Named(_) | Type::Unit | Type::String | Type::Json | Type::List(_) | Type::Map(_) | Type::Bytes => ty,
            _ => Type::Json,
        }
    }

    fn mark_error_body(&mut self, ty: &Type) {
        let mut ty = ty.clone();
        while let Type::Named(name) = &ty {
            let Some(def) = self.type_index.get(name.as_str()).map(|&index| &mut self.types[index]) else { break };
            def.is_error_body = true;
            match &def.kind {
                TypeKind::Alias(target) => ty = target.clone(),
                _ => break,
            }
        }
    }
}

struct LoweredResponse {
    status: StatusPattern,
    decode: Decode,
    ty: Option<Type>,
    docs: Vec<String>,
}

struct Responses {
    success: Type,
    error: Type,
    arms: Vec<ResponseArm>,
    accept: String,
    /// The first success response's example (what the fake answers for an operation of no
    /// standard shape).
    example: Option<String>,
}

/// A media type's `example`, or its first `examples` value, as compact JSON.
fn media_example(media: &MediaType) -> Option<String> {
    let value =
        media.example.as_ref().or_else(|| media.examples.values().find_map(|example| example.value.as_ref()))?;
    Some(value.to_json_string())
}

/// The media type to generate for: JSON first, then text, forms, and anything as bytes.
fn pick_media(content: &BTreeMap<String, MediaType>) -> Option<(&str, &MediaType)> {
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

fn response_decode(media_type: &str) -> Decode {
    match media_type {
        json if json.contains("json") => Decode::Json,
        text if text.starts_with("text/") => Decode::Text,
        _ => Decode::Bytes,
    }
}

fn is_empty(schema: &Schema) -> bool {
    schema.reference.is_none()
        && schema.types.is_none()
        && schema.properties.is_none()
        && schema.items.is_none()
        && schema.all_of.is_empty()
        && schema.one_of.is_empty()
        && schema.any_of.is_empty()
}

/// A union member that is text in a query: a primitive type, or an enum of them.
fn is_scalar_schema(schema: &Schema) -> bool {
    let scalar = |name: &String| matches!(name.as_str(), "string" | "integer" | "number" | "boolean" | "null");
    schema.reference.is_none()
        && schema.properties.is_none()
        && schema.one_of.is_empty()
        && schema.any_of.is_empty()
        && schema.all_of.is_empty()
        && schema.types.as_ref().is_some_and(|types| types.names().iter().all(scalar))
}

fn is_no_content(status: StatusPattern) -> bool {
    matches!(status, StatusPattern::Exact(204 | 205 | 304))
}

fn parse_status(key: &str) -> Option<StatusPattern> {
    if key == "default" {
        return Some(StatusPattern::Default);
    }
    let bytes = key.as_bytes();
    match bytes {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(StatusPattern::Range(u16::from(class - b'0'))),
        [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => key.parse().ok().map(StatusPattern::Exact),
        _ => None,
    }
}

fn is_success(status: StatusPattern) -> bool {
    match status {
        StatusPattern::Exact(code) => (200..300).contains(&code),
        StatusPattern::Range(class) => class == 2,
        StatusPattern::Default => false,
    }
}

/// `NotFound` for 404: a name for error variants and inline response types.
fn status_label(status: StatusPattern) -> String {
    match status {
        StatusPattern::Exact(code) => match code {
            200 => "Ok".to_owned(),
            201 => "Created".to_owned(),
            202 => "Accepted".to_owned(),
            203 => "NonAuthoritative".to_owned(),
            204 => "NoContent".to_owned(),
            205 => "ResetContent".to_owned(),
            206 => "PartialContent".to_owned(),
            301 => "MovedPermanently".to_owned(),
            302 => "Found".to_owned(),
            304 => "NotModified".to_owned(),
            400 => "BadRequest".to_owned(),
            401 => "Unauthorized".to_owned(),
            403 => "Forbidden".to_owned(),
            404 => "NotFound".to_owned(),
            405 => "MethodNotAllowed".to_owned(),
            409 => "Conflict".to_owned(),
            410 => "Gone".to_owned(),
            412 => "PreconditionFailed".to_owned(),
            413 => "PayloadTooLarge".to_owned(),
            415 => "UnsupportedMediaType".to_owned(),
            422 => "UnprocessableEntity".to_owned(),
            429 => "TooManyRequests".to_owned(),
            500 => "InternalServerError".to_owned(),
            501 => "NotImplemented".to_owned(),
            502 => "BadGateway".to_owned(),
            503 => "ServiceUnavailable".to_owned(),
            504 => "GatewayTimeout".to_owned(),
            code => format!("Status{code}"),
        },
        StatusPattern::Range(4) => "ClientError".to_owned(),
        StatusPattern::Range(5) => "ServerError".to_owned(),
        StatusPattern::Range(2) => "Success".to_owned(),
        StatusPattern::Range(class) => format!("Status{class}xx"),
        StatusPattern::Default => "Default".to_owned(),
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

fn component_at(file: FileId, kind: &str, name: &str) -> At {
    At { file, pointer: format!("/components/{kind}/{}", escape(name)) }
}
