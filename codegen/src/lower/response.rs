//! Responses → an operation's outcome: the success and error types (one shared type,
//! or an enum by status), the dispatch arms and the `Accept` header.

use super::Lowerer;
use super::docs::{docs, sanitize};
use super::operation::pick_media;
use super::schema::degrade;
use crate::ir::{Decode, MessageField, ResponseArm, StatusPattern, StatusVariant, Type, TypeDef, TypeKind};
use crate::load::Sorted;
use crate::load::spec::{MediaType, Operation as SpecOperation, Response, Schema};
use crate::naming::Namespace;
use crate::pointer::At;
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// The success type, the error type, the dispatch arms and the `Accept` header.
    pub(super) fn responses(
        &mut self,
        operation: &'a SpecOperation,
        at: &At,
        base: &str,
        method_name: &str,
    ) -> Responses {
        let spec = self.spec;
        let mut lowered: Vec<LoweredResponse> = Vec::new();
        let mut accept = BTreeSet::new();
        let mut example = None;
        for (key, response) in &operation.responses {
            let at = at.join("responses").join(key);
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
                    Some((name, located)) => (&located.value, At::component(located.file, "responses", name)),
                    None => continue,
                },
                None => (response, at),
            };
            self.warn_incomplete(response, &at);
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
                        let media_at = at.join("content").join(media_type);
                        self.media_examples(&format!("{method_name} {key}"), ty, media, &media_at);
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

    /// What other generators accept in a response, and this one too, with a warning: a
    /// missing `description` (OpenAPI requires one), and `content: {}`, a body of no media
    /// type, which is read as no body to decode.
    fn warn_incomplete(&mut self, response: &Response, at: &At) {
        if response.description.is_none() {
            let hint = "OpenAPI requires one on every response".to_owned();
            self.warn(at, "response without `description`", Some(hint));
        }
        if response.content.as_ref().is_some_and(Sorted::is_empty) {
            let hint =
                "add a media type (`application/json: {schema: …}`), or remove `content` for a response without a body";
            let message = "`content` lists no media type; the response is generated without a body";
            self.warn(&at.join("content"), message, Some(hint.to_owned()));
        }
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

    /// For error bodies, the string field that carries the server's message.
    pub(super) fn mark_message_fields(&mut self) {
        for def in self.types.iter_mut().filter(|def| def.is_error_body) {
            if let TypeKind::Struct(body) = &def.kind {
                def.message_field =
                    ["message", "error_message", "detail", "error", "title"].iter().find_map(|wanted| {
                        body.fields
                            .iter()
                            .find(|field| field.wire == *wanted && field.ty == Type::String)
                            .map(|field| MessageField { name: field.name.clone(), optional: field.optional })
                    });
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

pub(super) struct Responses {
    pub(super) success: Type,
    pub(super) error: Type,
    pub(super) arms: Vec<ResponseArm>,
    pub(super) accept: String,
    /// The first success response's example (what the fake answers for an operation of no
    /// standard shape).
    pub(super) example: Option<String>,
}

/// A media type's `example`, or its first `examples` value, as compact JSON.
fn media_example(media: &MediaType) -> Option<String> {
    let value =
        media.example.as_ref().or_else(|| media.examples.values().find_map(|example| example.value.as_ref()))?;
    Some(value.to_json_string())
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
        && schema.all_of().is_empty()
        && schema.one_of().is_empty()
        && schema.any_of().is_empty()
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
