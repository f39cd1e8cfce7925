//! The IR between lower and emit: every name decided, every `$ref` resolved, sorted.
//!
//! Emit reads only this; it never sees spec types.

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub docs: Vec<String>,
    /// From `servers[0]`, with server variables at their defaults.
    pub default_base_url: Option<String>,
    /// What the spec says of itself that a package says too.
    pub package: PackageInfo,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by path, then method.
    pub operations: Vec<Operation>,
    pub examples: Vec<Example>,
    /// The spec's OAuth2 client-credentials flow: the defaults of `auth::ClientCredentials`.
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// What the `fake` feature serves; `None` for a spec without operations.
    pub fake: Option<Fake>,
    /// The operation resources that long-running operations answer with (`lower/lro.rs`);
    /// `Operation::long_running` refers to them by index.
    pub operation_resources: Vec<OperationResource>,
}

/// The spec's `info.license`, `info.contact` and `externalDocs`, for the crate's manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageInfo {
    /// An SPDX expression: `info.license.identifier`, or a `name` that is one word (`MIT`).
    pub license: Option<String>,
    /// Where the API is documented: `externalDocs.url`, else `info.contact.url`.
    pub homepage: Option<String>,
}

impl Api {
    /// The type called `name`: a binary search, since `types` is sorted by name (emit asks
    /// once per operation, so a scan would grow with operations × types).
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.binary_search_by(|def| def.name.as_str().cmp(name)).ok().map(|at| &self.types[at])
    }
}

/// Every name the emitted methods of `Client` bind besides their own parameters (`let`s,
/// closure parameters, patterns): the operation method's, its page stream's and its
/// poller's. Lower gives no argument these names, so that no local shadows one; the body
/// argument is `body` itself, which the decode closures rebind only inside themselves.
/// `tests/it/lower_reserved_names.rs` holds the list to what emit binds.
pub const OPERATION_LOCALS: &[&str] = &[
    // The operation method: the call, its query and `Cookie` header, the decode closures.
    "url",
    "request",
    "raw",
    "span",
    "call",
    "mask",
    "pairs",
    "object_pairs",
    "value",
    "values",
    "joined",
    "cookies",
    "body",
    // The page stream.
    "token",
    "page",
    // The poller.
    "client",
    "start",
];

#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentialsFlow {
    pub token_url: String,
    /// Sent as the `audience` form field (the flow's `x-audience`).
    pub audience: Option<String>,
}

/// Doc lines, already safe for rustdoc.
pub type Docs = Vec<String>;

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Set when the type is an error body: the field holding the server's message.
    pub message_field: Option<MessageField>,
    pub is_error_body: bool,
}

impl TypeDef {
    /// The types that appear in this definition: fields, variants, the aliased type.
    pub fn field_types(&self) -> Vec<&Type> {
        match &self.kind {
            TypeKind::Struct(body) => body.fields.iter().map(|field| &field.ty).chain(body.extra.as_ref()).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::StatusEnum { variants } => variants.iter().filter_map(|variant| variant.ty.as_ref()).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageField {
    pub name: String,
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum that keeps unknown values in `fallback(String)`.
    Enum {
        variants: Vec<EnumVariant>,
        fallback: String,
    },
    /// An integer enum (3.1 `oneOf` of titled `const`s): numbers on the wire, unknown
    /// values kept in `fallback(UnknownInteger)`.
    IntEnum {
        variants: Vec<IntVariant>,
        fallback: String,
    },
    /// oneOf/anyOf; unknown shapes land in `fallback(serde_json::Value)`.
    Union {
        /// Internally tagged by this property (`@type`): the payload does not carry it.
        tag: Option<String>,
        /// An OpenAPI `discriminator`: the payload carries the property; its value picks the variant.
        discriminator: Option<String>,
        variants: Vec<UnionVariant>,
        fallback: String,
        /// Every variant is a scalar: the union implements `Display` and can be a query value.
        display: bool,
    },
    /// One variant per documented status, for operations whose bodies differ by status.
    StatusEnum {
        variants: Vec<StatusVariant>,
    },
    Alias(Type),
    /// An alias that would contain itself (`A = Vec<A>`): a `#[serde(transparent)]` newtype.
    Newtype(Type),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: unknown keys kept in a flattened map of this type.
    pub extra: Option<Type>,
    pub default: bool,
    /// The client sends values of this type (a request body, or a type inside one): it gets
    /// setters, and `new(required…)` when it has no `Default`. Types only received have none.
    pub input: bool,
    /// An update request: a field mask beside the one resource it updates.
    pub update_mask: Option<UpdateMask>,
}

/// A body with a `google.protobuf.FieldMask` string beside the resource it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMask {
    /// The mask field (`update_mask`).
    pub mask_field: String,
    /// The resource field (`user_invite`) and its struct type.
    pub resource_field: String,
    pub resource_boxed: bool,
    pub resource_type: String,
    /// The resource's fields in schema order, with their mask paths.
    pub paths: Vec<MaskPath>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MaskPath {
    pub field: String,
    /// lowerCamelCase, as proto3 JSON writes FieldMask paths (`expiresAt`).
    pub path: String,
    /// An `Option` field: in the mask only when set.
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire: String,
    pub ty: Type,
    /// `Option<T>`: not required, or nullable.
    pub optional: bool,
    /// Required by the spec: a `None` here is sent as `null`, not left out.
    pub required: bool,
    pub boxed: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// Marked in the spec (`x-field-mask-for`) as the field mask of this sibling (wire name).
    pub mask_for: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    pub name: String,
    pub value: i64,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    /// The tag value, for tagged unions.
    pub tag_value: Option<String>,
    pub ty: Type,
    pub boxed: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    pub docs: Docs,
    /// `None` when the response has no body.
    pub ty: Option<Type>,
}

/// A Rust type in a field, argument or return position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    Unit,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    String,
    /// An int64 that travels as a JSON string (protobuf's JSON mapping).
    I64String,
    U64String,
    DateTime,
    Date,
    Json,
    /// Raw bytes: binary request and response bodies.
    Bytes,
    List(Box<Type>),
    Map(Box<Type>),
    Named(String),
}

impl Type {
    /// Whether this type, or what it holds through lists and maps, satisfies `test`.
    pub fn mentions(&self, test: &impl Fn(&Type) -> bool) -> bool {
        match self {
            Type::List(inner) | Type::Map(inner) => test(self) || inner.mentions(test),
            ty => test(ty),
        }
    }
}

impl Operation {
    /// Every path the operation is reached at: its path, then its aliases.
    pub fn templates(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.path.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub method_name: String,
    /// The operation's name in traces: its operationId, or `METHOD /path` without one.
    pub trace_name: String,
    /// `GET`, `PATCH`, …
    pub http_method: String,
    pub path: String,
    /// The other paths that reach this operation (two paths `$ref` one path item): the
    /// client calls `path`, the fake answers at each.
    pub aliases: Vec<String>,
    pub docs: Docs,
    pub deprecated: bool,
    /// Path segments; each is percent-encoded as one segment.
    pub segments: Vec<Segment>,
    /// Argument names of the path parameters, in path order.
    pub path_params: Vec<String>,
    /// Header parameters, as `&str` arguments after the path parameters.
    pub headers: Vec<HeaderArg>,
    /// Cookie parameters, as `&str` arguments after the headers, sent in one `Cookie` header.
    pub cookies: Vec<HeaderArg>,
    pub body: Option<Body>,
    pub query: Option<Query>,
    /// The `Accept` header: the media types of the documented responses.
    pub accept: String,
    pub success: Type,
    pub error: Type,
    pub arms: Vec<ResponseArm>,
    /// A list operation that pages with `page_token` → `next_page_token`.
    pub pages: Option<Pages>,
    /// The spec's example of the (first documented) success response, as compact JSON.
    pub example: Option<String>,
    /// The operation starts long-running work: it answers an operation resource to poll.
    pub long_running: Option<LongRunning>,
}

/// A field of a struct, as code that reads it needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRef {
    pub name: String,
    pub wire: String,
    /// `Option<T>` in the struct.
    pub optional: bool,
    /// `Box<T>` in the struct (on a type cycle).
    pub boxed: bool,
}

/// A schema shaped like google.longrunning's `Operation`: an id, a state (an enum with final
/// values, or a `done` flag), an error in the spec's error model, and a `response` and
/// `metadata` that are `@type`-tagged unions or free-form. Found by `lower/lro.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationResource {
    /// The struct's type name.
    pub type_name: String,
    pub id: FieldRef,
    pub status: OperationStatus,
    /// The error field; its type is `error_type`, the spec's error body.
    pub error: FieldRef,
    pub error_type: Type,
    pub response: FieldRef,
    pub response_type: Type,
    pub metadata: FieldRef,
    pub metadata_type: Type,
    /// The GET that answers the resource by its id (`get_operation`): its index in
    /// `Api::operations`, and the field of its success body that holds it when it is wrapped.
    pub poll: usize,
    pub poll_wrap: Option<FieldRef>,
    /// Wire names of the fields the fake fills when they exist: when the operation finished,
    /// when it started, and which resource it works on.
    pub finished_at: Option<String>,
    pub started_at: Option<String>,
    pub resource_id: Option<String>,
}

/// How an operation resource says it is done.
#[derive(Debug, Clone, PartialEq)]
pub enum OperationStatus {
    /// A string enum: its final values by outcome (variant and wire name); every other value,
    /// unknown ones included, is still running. `running` is the value the fake starts with.
    State {
        field: FieldRef,
        enum_type: String,
        succeeded: Vec<EnumVariant>,
        failed: Vec<EnumVariant>,
        running: Option<EnumVariant>,
    },
    /// A `done` boolean: done with `error` set is a failure, done without it a success.
    Done { field: FieldRef },
}

/// What a long-running operation adds to its operation method.
#[derive(Debug, Clone, PartialEq)]
pub struct LongRunning {
    /// The index of its resource in `Api::operation_resources`.
    pub resource: usize,
    /// The success body's field holding the operation resource, when it is wrapped.
    pub wrap: Option<FieldRef>,
    /// `create_cluster_poller`: starts the operation and polls it.
    pub poller_method: String,
    /// `resume_create_cluster`: polls an operation started earlier, by its id.
    pub resume_method: String,
    /// The typed result: a member of the response union (AIP-151's `CreateClusterResponse`),
    /// or the union itself.
    pub result: Member,
    /// The typed metadata: a member of the metadata union (`CreateClusterMetadata`), or the
    /// union itself.
    pub metadata: Member,
}

/// A member of a response or metadata union, or the union (or free-form value) itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub ty: Type,
    /// The union's variant that holds it, and its `@type` value; `None`: the whole union.
    pub variant: Option<(String, String)>,
    /// The member's type has `Default`: a success without a response is its default value.
    pub default: bool,
}

/// How a list operation pages: its stream method reads these fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    /// The method that streams every item (`list_things_stream`).
    pub stream_method: String,
    /// The query field that carries the page token.
    pub token_field: String,
    /// The response fields with the items and the next token; whether each is an `Option`.
    pub items_field: String,
    pub items_optional: bool,
    pub next_field: String,
    pub next_optional: bool,
    pub item: Type,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Literal(String),
    /// A parameter argument.
    Param(String),
    /// Literal text and parameters in one segment, as `format!` pieces: `{id}:cancel`.
    Mixed(Vec<Piece>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeaderArg {
    pub arg: String,
    pub wire: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub arg: String,
    /// The type of a JSON or form body; `String` for text, `Vec<u8>` for bytes.
    pub ty: Type,
    pub media: BodyMedia,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    Json,
    /// `application/x-www-form-urlencoded` from a serde struct.
    Form,
    /// `multipart/form-data`: the caller builds a `reqwest::multipart::Form`.
    Multipart,
    Text,
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub arg: String,
    /// The generated struct's name.
    pub type_name: String,
    pub fields: Vec<QueryField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryField {
    pub name: String,
    pub wire: String,
    /// A scalar, a list of scalars, or (with an object style) a struct or a map.
    pub ty: Type,
    pub required: bool,
    pub docs: Docs,
    pub style: QueryStyle,
}

/// How a query parameter is written into the query string (OpenAPI 3 `style`/`explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `key=value`; a list repeats the key (`form`, exploded: the default).
    Form,
    /// A list as one comma-separated value: `key=a,b,c` (`form`, `explode: false`).
    FormFlat,
    /// A list as one space-separated value: `key=a%20b` (`spaceDelimited`, `explode: false`).
    SpaceDelimited,
    /// A list as one pipe-separated value: `key=a|b` (`pipeDelimited`, `explode: false`).
    PipeDelimited,
    /// An object or map, each property its own key: `prop=value` (`form`, exploded).
    FormObject,
    /// An object or map as one value: `key=prop,value,prop,value` (`form`, `explode: false`).
    FormObjectFlat,
    /// An object or map as `key[prop]=value`, nested objects as `key[a][b]=value`, list
    /// items as `key[0][prop]=value`.
    DeepObject,
    /// The value's JSON text as one value: `key=[{"scope":"a"}]` (a `content:
    /// application/json` parameter, or a shape `form` does not define and no style given).
    Json,
}

impl QueryStyle {
    /// An object or map's style: written by the runtime's `query.rs`.
    pub fn is_object(self) -> bool {
        matches!(self, QueryStyle::FormObject | QueryStyle::FormObjectFlat | QueryStyle::DeepObject)
    }
}

/// One documented response and how the client decodes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseArm {
    pub status: StatusPattern,
    /// `Ok` (a success) or `Err` (a documented error).
    pub success: bool,
    pub decode: Decode,
    /// The variant of the success or error enum that wraps the body, when the operation
    /// documents different bodies for different statuses.
    pub variant: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusPattern {
    Exact(u16),
    /// `4XX`: the first digit.
    Range(u16),
    Default,
}

/// How a response body becomes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decode {
    /// No body: the value is `()` or a unit variant.
    Empty,
    Json,
    /// Text, decoded lossily as UTF-8.
    Text,
    Bytes,
}

/// A spec example, checked by a generated round-trip test.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The test's name.
    pub name: String,
    pub ty: Type,
    /// Compact JSON text.
    pub json: String,
}

/// The resource-oriented shape of the API, found by `lower/resources.rs`: what the fake
/// server does for each operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Fake {
    pub collections: Vec<Collection>,
    /// One per operation, in the order of `Api::operations`.
    pub routes: Vec<Route>,
    /// Where the fake keeps the operations of each operation resource that long-running
    /// calls start (`Route::long_running` refers to them by index).
    pub operations: Vec<FakeOperations>,
    pub error: ErrorModel,
    /// The spec declares security: API requests need a bearer token.
    pub auth: bool,
}

/// The items of a list response: an in-memory collection of the fake.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// The `FakeServer` method that returns it (the array property's field name).
    pub accessor: String,
    /// The array property's wire name.
    pub wire: String,
    /// The item struct's type name.
    pub item: String,
    /// The wire name of the item's id field.
    pub id_field: Option<String>,
    /// The list operation's method name.
    pub list_operation: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The documented success status (200 when only a range or `default` is documented).
    pub status: u16,
    /// For a long-running call, the standard method it starts (its `wrap` unused).
    pub shape: Shape,
    /// The call starts a long-running operation.
    pub long_running: Option<FakeLongRunning>,
}

/// The operations of one operation resource, in a collection of the fake: the operations
/// list's, or one of their own when the spec lists none.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOperations {
    /// Its index in `Fake::collections`.
    pub collection: usize,
    /// Its index in `Api::operation_resources`.
    pub resource: usize,
}

/// What a long-running call answers and how its operation ends. Names are wire names.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeLongRunning {
    /// Its index in `Fake::operations`.
    pub operations: usize,
    /// The answer's field holding the operation, when it is wrapped.
    pub wrap: Option<String>,
    /// The `@type` of its result, and the result's field that holds the resource.
    pub result: Option<FakeMember>,
    /// The `@type` of its metadata, and the metadata's field that names the resource's id.
    pub metadata: Option<FakeMember>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FakeMember {
    pub tag: String,
    pub field: Option<String>,
}

/// A standard method of a collection, or none. Field names are wire names.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    List {
        collection: usize,
        items: String,
        paging: Option<FakePaging>,
    },
    Create {
        collection: usize,
        body_field: Option<String>,
        wrap: Option<String>,
    },
    Get {
        collection: usize,
        wrap: Option<String>,
    },
    Update {
        collection: usize,
        body_field: Option<String>,
        mask: Option<String>,
        wrap: Option<String>,
    },
    Delete {
        collection: usize,
    },
    /// No standard method: the operation's example, or 501.
    Other,
}

/// Wire names of a list's paging fields.
#[derive(Debug, Clone, PartialEq)]
pub struct FakePaging {
    pub next: String,
    pub token: String,
    pub size: Option<String>,
}

/// Which properties of the spec's default error body carry the code and the message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorModel {
    pub message: Option<String>,
    pub code: Option<(String, ErrorCode)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorCode {
    /// A string enum's wire values.
    Names(Vec<String>),
    Number,
}
