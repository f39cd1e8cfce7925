//! Long-running operations, found by shape on the lowered API (as google.longrunning and
//! Redpanda's control plane write them, or any spec shaped alike):
//!
//! - an *operation resource* is a struct with an id (`id`, else `name`), a state (a string
//!   enum with a success and a failure value, or a `done` boolean), an `error` of a type the
//!   spec answers errors with, and a `response` and a `metadata` that are `@type`-tagged
//!   unions or free-form JSON;
//! - its *poll operation* is a GET on a path ending in one parameter that answers the
//!   resource, directly or as the one field of a wrapper;
//! - a *long-running operation* is any other operation (not a GET) that answers the
//!   resource the same way, with the poll operation's error type.
//!
//! The typed result of `CreateThing` is the response union's member named
//! `CreateThingResponse` (AIP-151; the `@type`'s last segment), its metadata the member named
//! `CreateThingMetadata`; where no member matches, the union itself.

use crate::ir::{
    BodyMedia, EnumVariant, Field, FieldRef, LongRunning, Member, Operation, OperationResource, OperationStatus,
    Struct, Type, TypeDef, TypeKind,
};
use crate::naming::{self, Namespace};
use heck::ToUpperCamelCase;
use std::collections::HashMap;

/// Words of a state value that mean the operation ended well, or badly (`STATE_COMPLETED`).
const SUCCEEDED: &[&str] = &["COMPLETED", "COMPLETE", "SUCCEEDED", "SUCCESS", "DONE"];
const FAILED: &[&str] = &["FAILED", "FAILURE", "CANCELLED", "CANCELED", "ERROR", "ERRORED"];
/// Words of the value the fake starts an operation in, best first.
const RUNNING: &[&str] = &["RUNNING", "PROGRESS", "PENDING", "STARTED"];

/// Finds the operation resources and marks the long-running operations that answer them.
pub fn mark_long_running(types: &[TypeDef], operations: &mut [Operation]) -> Vec<OperationResource> {
    let found = Found::new(types);
    let mut resources: Vec<OperationResource> = Vec::new();
    for def in types {
        let TypeKind::Struct(body) = &def.kind else { continue };
        let Some(mut resource) = found.resource(&def.name, body) else { continue };
        let Some(poll) = operations.iter().position(|op| found.polls(op, &def.name)) else { continue };
        resource.poll = poll;
        resource.poll_wrap = found.answer(&operations[poll].success, &def.name).flatten();
        resources.push(resource);
    }
    let mut names = method_names(operations);
    for op in operations.iter_mut() {
        op.long_running = resources.iter().enumerate().find_map(|(index, resource)| {
            let wrap = found.starts(op, resource)?;
            Some(found.long_running(op, index, resource, wrap, &mut names))
        });
    }
    resources
}

/// Every method name `Client` has: pollers take none of them.
fn method_names(operations: &[Operation]) -> Namespace {
    let mut names = Namespace::default();
    let streams = operations.iter().filter_map(|op| op.pages.as_ref()).map(|pages| pages.stream_method.as_str());
    let methods = operations.iter().map(|op| naming::unraw(&op.method_name));
    for name in methods.chain(streams) {
        names.claim(name);
    }
    for name in crate::plan::client_methods() {
        names.claim(name);
    }
    names
}

struct Found<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> Found<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Found { types: types.iter().map(|def| (def.name.as_str(), def)).collect() }
    }

    fn named(&self, ty: &Type) -> Option<&'a TypeDef> {
        let Type::Named(name) = ty else { return None };
        self.types.get(name.as_str()).copied()
    }

    fn resource(&self, name: &str, body: &Struct) -> Option<OperationResource> {
        let field = |wire: &str| body.fields.iter().find(|field| field.wire == wire);
        let id = field("id").or_else(|| field("name")).filter(|id| id.ty == Type::String)?;
        let error = field("error").filter(|error| self.named(&error.ty).is_some_and(|def| def.is_error_body))?;
        let response = field("response").filter(|field| self.is_any(&field.ty))?;
        let metadata = field("metadata").filter(|field| self.is_any(&field.ty))?;
        let status = self.status(body)?;
        let wire_of = |names: &[&str]| names.iter().find_map(|wire| field(wire)).map(|field| field.wire.clone());
        Some(OperationResource {
            type_name: name.to_owned(),
            id: field_ref(id),
            status,
            error: field_ref(error),
            error_type: error.ty.clone(),
            response: field_ref(response),
            response_type: response.ty.clone(),
            metadata: field_ref(metadata),
            metadata_type: metadata.ty.clone(),
            poll: 0,
            poll_wrap: None,
            finished_at: wire_of(&["finished_at", "finish_time", "end_time", "finishedAt", "endTime"]),
            started_at: wire_of(&["started_at", "start_time", "create_time", "startedAt", "startTime"]),
            resource_id: wire_of(&["resource_id", "resourceId", "target"])
                .filter(|wire| field(wire).is_some_and(|field| field.ty == Type::String)),
        })
    }

    /// A `@type`-tagged union, or free-form JSON.
    fn is_any(&self, ty: &Type) -> bool {
        match ty {
            Type::Json => true,
            ty => self.named(ty).is_some_and(|def| matches!(&def.kind, TypeKind::Union { tag: Some(_), .. })),
        }
    }

    /// A state enum with a success and a failure value, else a `done` boolean.
    fn status(&self, body: &Struct) -> Option<OperationStatus> {
        let state = body.fields.iter().find_map(|field| {
            let def = self.named(&field.ty)?;
            let TypeKind::Enum { variants, .. } = &def.kind else { return None };
            let with = |words: &[&str]| -> Vec<EnumVariant> {
                variants.iter().filter(|variant| has_word(&variant.wire, words)).cloned().collect()
            };
            let (succeeded, failed) = (with(SUCCEEDED), with(FAILED));
            if succeeded.is_empty() || failed.is_empty() || field.wire != "state" && field.wire != "status" {
                return None;
            }
            let running = RUNNING.iter().find_map(|word| with(&[word]).into_iter().next());
            Some(OperationStatus::State {
                field: field_ref(field),
                enum_type: def.name.clone(),
                succeeded,
                failed,
                running,
            })
        });
        state.or_else(|| {
            let done = body.fields.iter().find(|field| field.wire == "done" && field.ty == Type::Bool)?;
            Some(OperationStatus::Done { field: field_ref(done) })
        })
    }

    /// How `success` carries the resource `name`: itself (`Some(None)`), or as the one field of
    /// a wrapper struct (`Some(Some(field))`).
    fn answer(&self, success: &Type, name: &str) -> Option<Option<FieldRef>> {
        let def = self.named(success)?;
        if def.name == name {
            return Some(None);
        }
        let TypeKind::Struct(body) = &def.kind else { return None };
        let [only] = &body.fields[..] else { return None };
        matches!(&only.ty, Type::Named(inner) if inner == name).then(|| Some(field_ref(only)))
    }

    /// A GET of one resource by the path's last parameter, and nothing else the poller
    /// would have to fill in (an optional query is left at its default).
    fn polls(&self, op: &Operation, resource: &str) -> bool {
        op.http_method == "GET"
            && op.path.ends_with('}')
            && op.path_params.len() == 1
            && op.body.is_none()
            && op.headers.iter().chain(&op.cookies).all(|arg| !arg.required)
            && op.query.as_ref().is_none_or(|query| query.fields.iter().all(|field| !field.required))
            && self.answer(&op.success, resource).is_some()
    }

    /// The wrapper field when `op` starts an operation of `resource` with the poll's error
    /// type; a multipart body (a form the poller could not keep) starts none.
    fn starts(&self, op: &Operation, resource: &OperationResource) -> Option<Option<FieldRef>> {
        let multipart = op.body.as_ref().is_some_and(|body| body.media == BodyMedia::Multipart);
        if op.http_method == "GET" || multipart || op.error != resource.error_type {
            return None;
        }
        self.answer(&op.success, &resource.type_name)
    }

    fn long_running(
        &self,
        op: &Operation,
        index: usize,
        resource: &OperationResource,
        wrap: Option<FieldRef>,
        names: &mut Namespace,
    ) -> LongRunning {
        let method = naming::unraw(&op.method_name);
        let name = rpc_name(op);
        LongRunning {
            resource: index,
            wrap,
            poller_method: names.claim(&format!("{method}_poller")),
            resume_method: names.claim(&format!("resume_{method}")),
            result: self.member(&resource.response_type, &format!("{name}Response")),
            metadata: self.member(&resource.metadata_type, &format!("{name}Metadata")),
        }
    }

    /// The member of `union` whose `@type` (its last segment) or type name is `wanted`.
    fn member(&self, union: &Type, wanted: &str) -> Member {
        let whole = Member { ty: union.clone(), variant: None, default: false };
        let Some(TypeKind::Union { variants, .. }) = self.named(union).map(|def| &def.kind) else { return whole };
        let found = variants.iter().find(|variant| {
            let tag = variant.tag_value.as_deref().unwrap_or_default();
            let last = tag.rsplit(['/', '.']).next().unwrap_or_default();
            last == wanted || matches!(&variant.ty, Type::Named(name) if *name == naming::type_name(wanted))
        });
        let Some(variant) = found else { return whole };
        let default =
            self.named(&variant.ty).is_some_and(|def| matches!(&def.kind, TypeKind::Struct(body) if body.default));
        let tag = variant.tag_value.clone().unwrap_or_default();
        Member { ty: variant.ty.clone(), variant: Some((variant.name.clone(), tag)), default }
    }
}

/// The operation's RPC name: its method's (the operationId without a `…Service_` prefix)
/// in UpperCamelCase, `create_thing` → `CreateThing`.
fn rpc_name(op: &Operation) -> String {
    naming::unraw(&op.method_name).to_upper_camel_case()
}

/// Whether one of the `_`-separated words of `wire` is in `words`.
fn has_word(wire: &str, words: &[&str]) -> bool {
    wire.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| words.iter().any(|known| word.eq_ignore_ascii_case(known)))
}

fn field_ref(field: &Field) -> FieldRef {
    FieldRef { name: field.name.clone(), wire: field.wire.clone(), optional: field.optional, boxed: field.boxed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_states_are_found_by_their_words() {
        assert!(has_word("STATE_COMPLETED", SUCCEEDED));
        assert!(has_word("SUCCEEDED", SUCCEEDED));
        assert!(has_word("STATE_FAILED", FAILED));
        assert!(has_word("cancelled", FAILED));
        assert!(!has_word("STATE_IN_PROGRESS", SUCCEEDED));
        assert!(!has_word("STATE_UNSPECIFIED", FAILED));
        // A word, not a substring: `UNDONE` is not done.
        assert!(!has_word("UNDONE", SUCCEEDED));
    }
}
