//! The shape of the spec tables that `fake/spec.rs` fills in: what the fake knows of the API.
//!
//! The engine is the same for every API; only these tables differ, and they are the one
//! part of the fake that is generated from the spec. The `const fn` constructors keep each
//! entry on one line of the generated file, so that its length follows what it holds.

// Which variants a crate's tables use depends on its spec.
#![allow(dead_code)]

/// Everything the fake serves.
pub(crate) struct FakeSpec {
    /// Every operation, in spec order.
    pub(crate) routes: &'static [Route],
    /// The collections; `Shape`s refer to them by index.
    pub(crate) collections: &'static [Collection],
    /// The spec's types by name, sorted by name, for validation.
    pub(crate) types: &'static [(&'static str, Schema)],
    /// How error bodies are written.
    pub(crate) error: ErrorModel,
    /// Whether API requests need a bearer token the fake issued (the spec declares security).
    pub(crate) auth: bool,
}

/// A collection of resources: the items of a list response.
pub(crate) struct Collection {
    /// The array property the items come in (`user_invites`), used in messages.
    pub(crate) name: &'static str,
    /// The item type's name in `FakeSpec::types`.
    pub(crate) item: &'static str,
    /// The wire name of the item's id field; without one, items are keyed by a number.
    pub(crate) id: Option<&'static str>,
}

impl Collection {
    pub(crate) const fn new(name: &'static str, item: &'static str, id: Option<&'static str>) -> Self {
        Collection { name, item, id }
    }
}

/// One operation.
pub(crate) struct Route {
    /// The client method's name, for messages.
    pub(crate) operation: &'static str,
    /// `GET`, `POST`, …
    pub(crate) method: &'static str,
    /// The path template, `/v1/things/{id}`.
    pub(crate) path: &'static str,
    /// The declared query parameters.
    pub(crate) query: &'static [Param],
    /// The JSON body's type, when the operation takes one.
    pub(crate) body: Option<Ty>,
    /// The documented success status.
    pub(crate) status: u16,
    pub(crate) shape: Shape,
}

/// A query parameter.
pub(crate) struct Param {
    pub(crate) wire: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
}

impl Param {
    pub(crate) const fn optional(wire: &'static str, ty: Ty) -> Self {
        Param { wire, ty, required: false }
    }

    pub(crate) const fn required(wire: &'static str, ty: Ty) -> Self {
        Param { wire, ty, required: true }
    }
}

/// What the fake does for an operation.
pub(crate) enum Shape {
    /// A page of the collection; `filter.a.b` parameters filter it.
    List {
        collection: usize,
        /// The response's array property.
        items: &'static str,
        /// The paging fields: response `next_page_token`, query `page_token` and `page_size`.
        paging: Option<Paging>,
    },
    /// POST on the collection's path: stores the body (or its `body_field`) with a new id.
    Create { collection: usize, body_field: Option<&'static str>, wrap: Option<&'static str> },
    /// GET on `collection/{id}`.
    Get { collection: usize, wrap: Option<&'static str> },
    /// PATCH on `collection/{id}`: the body's `body_field` (or the body) under the body's `mask`.
    Update {
        collection: usize,
        body_field: Option<&'static str>,
        mask: Option<&'static str>,
        wrap: Option<&'static str>,
    },
    /// DELETE on `collection/{id}`.
    Delete { collection: usize },
    /// No recognised shape: the spec's example of the success response.
    Example(&'static str),
    /// No recognised shape and no example: 501.
    Unimplemented,
}

/// The wire names of a list operation's paging fields.
pub(crate) struct Paging {
    pub(crate) next: &'static str,
    pub(crate) token: &'static str,
    pub(crate) size: Option<&'static str>,
}

/// A JSON type, as the spec declares it.
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
    List(&'static Ty),
    Map(&'static Ty),
    /// A type of `FakeSpec::types`.
    Named(&'static str),
}

/// A named type.
pub(crate) enum Schema {
    /// An object; `open` when it keeps properties it does not declare.
    Struct {
        fields: &'static [Field],
        open: bool,
    },
    /// A string enum: its wire values.
    Enum(&'static [&'static str]),
    /// One of several shapes: not checked.
    Union,
    Alias(Ty),
}

impl Schema {
    /// An object that keeps only the properties it declares.
    pub(crate) const fn object(fields: &'static [Field]) -> Self {
        Schema::Struct { fields, open: false }
    }

    /// An object that also keeps properties it does not declare (`additionalProperties`).
    pub(crate) const fn open_object(fields: &'static [Field]) -> Self {
        Schema::Struct { fields, open: true }
    }
}

/// An object property.
pub(crate) struct Field {
    pub(crate) wire: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    /// `null` is a value (and so a required field may be `null`).
    pub(crate) nullable: bool,
}

impl Field {
    /// Not required: absent and `null` are both accepted.
    pub(crate) const fn optional(wire: &'static str, ty: Ty) -> Self {
        Field { wire, ty, required: false, nullable: true }
    }

    /// Required and not `null`.
    pub(crate) const fn required(wire: &'static str, ty: Ty) -> Self {
        Field { wire, ty, required: true, nullable: false }
    }

    /// Required, and `null` is a value.
    pub(crate) const fn nullable(wire: &'static str, ty: Ty) -> Self {
        Field { wire, ty, required: true, nullable: true }
    }
}

/// The spec's default error body: which properties carry the code and the message.
pub(crate) struct ErrorModel {
    pub(crate) message: Option<&'static str>,
    pub(crate) code: Option<(&'static str, Code)>,
}

/// How the error body's `code` is written.
pub(crate) enum Code {
    /// A string enum: the gRPC code's name (`NOT_FOUND`), when the enum lists it.
    Names(&'static [&'static str]),
    /// An integer: the gRPC code's number.
    Number,
}

impl FakeSpec {
    /// The named type, if the tables have it.
    pub(crate) fn schema(&self, name: &str) -> Option<&'static Schema> {
        let types = self.types;
        types.binary_search_by(|(candidate, _)| (*candidate).cmp(name)).ok().map(|at| &types[at].1)
    }

    /// The object fields of `ty` (through aliases), if it is an object.
    pub(crate) fn fields(&self, ty: &Ty) -> Option<&'static [Field]> {
        let mut ty = ty;
        // Aliases of aliases are rare; the bound keeps a cycle in the tables from looping.
        for _ in 0..8 {
            match ty {
                Ty::Named(name) => match self.schema(name)? {
                    Schema::Struct { fields, .. } => return Some(fields),
                    Schema::Alias(target) => ty = target,
                    Schema::Enum(_) | Schema::Union => return None,
                },
                _ => return None,
            }
        }
        None
    }
}
