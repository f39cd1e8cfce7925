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
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
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
    /// An object or map, each property its own key: `prop=value` (`form`, exploded).
    FormObject,
    /// An object or map as one value: `key=prop,value,prop,value` (`form`, `explode: false`).
    FormObjectFlat,
    /// An object or map as `key[prop]=value`, nested objects as `key[a][b]=value`.
    DeepObject,
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
