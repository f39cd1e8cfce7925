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
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by path, then method.
    pub operations: Vec<Operation>,
    pub examples: Vec<Example>,
    /// The spec's OAuth2 client-credentials flow: the defaults of `auth::ClientCredentials`.
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// What the `fake` feature serves; `None` for a spec without operations.
    pub fake: Option<Fake>,
}

impl Api {
    /// The type called `name`: a binary search, since `types` is sorted by name (emit asks
    /// once per operation, so a scan would grow with operations × types).
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.binary_search_by(|def| def.name.as_str().cmp(name)).ok().map(|at| &self.types[at])
    }
}

/// The methods the client runtime defines on `Client` (`codegen/runtime/src/transport.rs`):
/// operations and page streams never take these names. `tests/lower_reserved_names.rs` checks
/// the list against the runtime's source.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "with_bearer_token",
    "with_credentials",
    "with_timeout",
    "with_retry",
    "base_url",
    "url",
    "request",
    "execute",
    "send_once",
    "authorize",
];

/// Rust's prelude names that emitted code writes unqualified: no model takes one.
pub const PRELUDE_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Err",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Some",
    "String",
    "Vec",
];

/// The names the generated crate puts beside its models: those its files import next to them
/// (`serde`'s derives, the client's runtime types) and those it re-exports at its root. A
/// schema whose type would take one is given a `Model` suffix instead, so that no model
/// shadows one of them or is shadowed by it, in the crate or in a user's glob imports.
/// `tests/lower_reserved_names.rs` checks the list against the emitted code.
pub const CRATE_TYPE_NAMES: &[&str] = &[
    "BuildError",
    "Client",
    "Deserialize",
    "Error",
    "ErrorBody",
    "HeaderMap",
    "Method",
    "ObjectStyle",
    "Response",
    "RetryPolicy",
    "Serialize",
    "StatusCode",
    "Stream",
    "StreamExt",
    "TryStreamExt",
    "UnknownInteger",
    "UnknownValue",
];

/// Whether a schema's type must not take `name`: see [`PRELUDE_TYPE_NAMES`] and [`CRATE_TYPE_NAMES`].
pub fn is_reserved_type_name(name: &str) -> bool {
    reserved_type_names().any(|reserved| reserved == name)
}

pub fn reserved_type_names() -> impl Iterator<Item = &'static str> {
    PRELUDE_TYPE_NAMES.iter().chain(CRATE_TYPE_NAMES).copied()
}

/// The locals of an emitted operation method: arguments never take these names.
pub const OPERATION_LOCALS: &[&str] = &["url", "request", "raw", "span", "call", "mask", "token", "page"];

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

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub method_name: String,
    /// The operation's name in traces: its operationId, or `METHOD /path` without one.
    pub trace_name: String,
    /// `GET`, `PATCH`, …
    pub http_method: String,
    pub path: String,
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
    pub shape: Shape,
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
