//! The shape of the spec tables in `fake/spec.json`: what the fake knows of the API.
//!
//! The engine is the same for every API; only these tables differ, and they are the one
//! part of the fake that is generated from the spec. They are data, not code: `codegen`
//! builds them from the spec and writes them as JSON, and the engine reads them once, when
//! the first fake starts. This file is their one definition, for both sides (`codegen`
//! compiles it too), so it uses nothing but serde. Values that most entries share (false,
//! empty, absent) are left out of the JSON.

#![allow(dead_code, reason = "which variants a crate's tables use depends on its spec")]

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the fake serves.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct FakeSpec {
    /// Every operation, in spec order.
    pub(crate) routes: Vec<Route>,
    /// The collections; `Shape`s refer to them by index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) collections: Vec<Collection>,
    /// The spec's types by name, for validation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) types: BTreeMap<String, Schema>,
    /// How error bodies are written.
    #[serde(default)]
    pub(crate) error: ErrorModel,
    /// Whether API requests need a bearer token the fake issued (the spec declares security).
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) auth: bool,
    /// The operation resources that long-running calls start; `LongRunning` refers to them by index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) operations: Vec<Operations>,
}

/// Where the operations of one operation resource are kept, and how one is written.
/// Field names are wire names.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Operations {
    /// The collection that holds them.
    pub(crate) collection: usize,
    pub(crate) status: Status,
    pub(crate) error: String,
    pub(crate) response: String,
    pub(crate) metadata: String,
    /// Filled when the operation ends, when it starts, and with the id of the resource it works on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) finished_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) resource_id: Option<String>,
}

/// How an operation says it is done.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    /// A state field: the values it starts in, ends well in and ends badly in.
    State {
        field: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        running: Option<String>,
        succeeded: String,
        failed: String,
    },
    /// A `done` boolean: done with an error is a failure.
    Done { field: String },
}

/// A long-running call: it starts an operation of `FakeSpec::operations[operations]`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LongRunning {
    pub(crate) operations: usize,
    /// The answer's field holding the operation, when it is wrapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) wrap: Option<String>,
    /// The result's `@type`, and its field that holds the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) result: Option<Member>,
    /// The metadata's `@type`, and its field that names the resource's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) metadata: Option<Member>,
}

/// A member of a `@type`-tagged union.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Member {
    pub(crate) tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) field: Option<String>,
}

/// A collection of resources: the items of a list response.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Collection {
    /// The array property the items come in (`user_invites`), used in messages.
    pub(crate) name: String,
    /// The item type's name in `FakeSpec::types`.
    pub(crate) item: String,
    /// The wire name of the item's id field; without one, items are keyed by a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
}

/// One operation.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Route {
    /// The client method's name, for messages.
    pub(crate) operation: String,
    /// `GET`, `POST`, …
    pub(crate) method: String,
    /// The path template, `/v1/things/{id}`.
    pub(crate) path: String,
    /// Other path templates of the same operation (two paths `$ref` one path item).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) aliases: Vec<String>,
    /// The declared query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) query: Vec<Param>,
    /// The JSON body's type, when the operation takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<Ty>,
    /// The documented success status.
    pub(crate) status: u16,
    /// For a long-running call, the standard method it starts (its `wrap` unused).
    pub(crate) shape: Shape,
    /// The call starts a long-running operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) long_running: Option<LongRunning>,
}

impl Route {
    /// Every path template the operation answers at: its path, then its aliases.
    pub(crate) fn templates(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.path.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A query parameter.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Param {
    pub(crate) wire: String,
    pub(crate) ty: Ty,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) required: bool,
}

/// What the fake does for an operation.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Shape {
    /// A page of the collection; `filter.a.b` parameters filter it.
    List {
        collection: usize,
        /// The response's array property.
        items: String,
        /// The paging fields: response `next_page_token`, query `page_token` and `page_size`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paging: Option<Paging>,
    },
    /// POST on the collection's path: stores the body (or its `body_field`) with a new id.
    Create {
        collection: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_field: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wrap: Option<String>,
    },
    /// GET on `collection/{id}`.
    Get {
        collection: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wrap: Option<String>,
    },
    /// PATCH on `collection/{id}`: the body's `body_field` (or the body) under the body's `mask`.
    Update {
        collection: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_field: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mask: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wrap: Option<String>,
    },
    /// DELETE on `collection/{id}`.
    Delete { collection: usize },
    /// No recognised shape: the spec's example of the success response, as JSON text.
    Example(String),
    /// No recognised shape and no example: 501.
    Unimplemented,
}

/// The wire names of a list operation's paging fields.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Paging {
    pub(crate) next: String,
    pub(crate) token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) size: Option<String>,
}

/// A JSON type, as the spec declares it: `"string"`, `{"list": "integer"}`, `{"named": "Thing"}`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Ty {
    Bool,
    Integer,
    Number,
    String,
    /// An integer sent as a JSON string (protobuf's int64), or as a number.
    IntegerString,
    DateTime,
    Date,
    /// Anything: untyped values, unions.
    Any,
    List(Box<Ty>),
    Map(Box<Ty>),
    /// A type of `FakeSpec::types`.
    Named(String),
}

/// A named type.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Schema {
    /// An object; `open` when it keeps properties it does not declare (`additionalProperties`).
    Object {
        fields: Vec<Field>,
        #[serde(default, skip_serializing_if = "is_false")]
        open: bool,
    },
    /// A string enum: its wire values.
    Enum(Vec<String>),
    /// One of several shapes: not checked.
    Union,
    Alias(Ty),
}

/// An object property.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Field {
    pub(crate) wire: String,
    pub(crate) ty: Ty,
    /// Absent is an error. A field that is not required may be absent or `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) required: bool,
    /// A required field that may be `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) nullable: bool,
}

/// The spec's default error body: which properties carry the code and the message.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ErrorModel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<ErrorCode>,
}

/// The property of the error body that carries the gRPC code, and how it is written.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ErrorCode {
    pub(crate) field: String,
    pub(crate) format: Code,
}

/// How the error body's `code` is written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Code {
    /// A string enum: the gRPC code's name (`NOT_FOUND`), when the enum lists it.
    Names(Vec<String>),
    /// An integer: the gRPC code's number.
    Number,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl FakeSpec {
    /// The named type, if the tables have it.
    pub(crate) fn schema(&self, name: &str) -> Option<&Schema> {
        self.types.get(name)
    }

    /// The object fields of `ty` (through aliases), if it is an object.
    pub(crate) fn fields(&self, ty: &Ty) -> Option<&[Field]> {
        match ty {
            Ty::Named(name) => self.object_fields(name),
            _ => None,
        }
    }

    /// The object fields of the named type (through aliases), if it is an object.
    pub(crate) fn object_fields(&self, name: &str) -> Option<&[Field]> {
        let mut name = name;
        // Aliases of aliases are rare; the bound keeps a cycle in the tables from looping.
        for _ in 0..8 {
            match self.schema(name)? {
                Schema::Object { fields, .. } => return Some(fields),
                Schema::Alias(Ty::Named(target)) => name = target,
                Schema::Alias(_) | Schema::Enum(_) | Schema::Union => return None,
            }
        }
        None
    }
}
