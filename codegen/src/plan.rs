//! The crate plan: what a generated crate carries, decided once.
//!
//! Every runtime component is one row of [`COMPONENTS`] (its module, visibility, root
//! re-exports, the names it reserves, and the [`Need`] that brings it in), every Cargo
//! dependency one row of [`DEPENDENCIES`] and every feature one of [`FEATURES`]. What a spec
//! uses is computed once, into [`Uses`]. From the rows and that value, emit derives the
//! manifest's dependencies and features, `lib.rs`'s `mod` and `pub use` lines and the files
//! copied, and lower keeps the reserved names away from the spec's; nothing else decides what
//! a crate carries. The unit tests below hold the rows against the runtime's own `Cargo.toml`
//! and `lib.rs`, which declare the same things for the runtime's tests.
//!
//! Reserved names come from every row, carried or not: a schema called `Poller` is
//! `PollerModel` in every crate, so that a spec that gains long-running operations renames
//! nothing.

use crate::ir::{Api, BodyMedia, Field, Operation, Type, TypeDef, TypeKind};

/// Something a spec may use that decides what its crate carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Need {
    /// Every crate.
    Always,
    /// Operations: the HTTP client.
    Client,
    /// A list operation paged by token: page streams.
    Pages,
    /// A long-running operation: pollers.
    LongRunning,
    /// An object or map query parameter: its writer.
    ObjectQueries,
    /// A multipart request body: reqwest's `multipart`.
    Multipart,
    /// A fake server to test against (the `fake` feature).
    Fake,
    /// A model's integer sent as a JSON string: its serde codec.
    IntStrings,
    /// A union picked by a property's value (`@type`, or a `discriminator`).
    TaggedUnions,
    /// A string enum: unknown values kept as `UnknownValue`.
    StringEnums,
    /// An integer enum: unknown values kept as `UnknownInteger`.
    IntegerEnums,
    /// A date or date-time: chrono.
    Dates,
    /// A model that derives serde (every kind but aliases and status enums).
    SerdeModels,
    /// An operation's signature names a model: `client.rs` imports the models.
    ClientNamesModels,
    /// An operation documents a response: `client.rs` imports the decoders.
    Decoding,
    /// A deprecated schema or field.
    DeprecatedModels,
    /// A deprecated operation.
    DeprecatedOperations,
}

/// The [`Need`]s of one spec's crate: computed once, by [`Uses::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uses(u32);

impl Uses {
    /// What `api` uses: the one place each question is asked of the IR.
    pub fn of(api: &Api) -> Uses {
        let ops = || api.operations.iter();
        let kinds = || api.types.iter().map(|def| &def.kind);
        let fields = || kinds().flat_map(struct_fields);
        let query_fields = || ops().flat_map(|op| &op.query).flat_map(|query| &query.fields);
        let multipart = |op: &Operation| op.body.as_ref().is_some_and(|body| body.media == BodyMedia::Multipart);
        let int_string = |field: &Field| matches!(field.ty, Type::I64String | Type::U64String);
        let serde = |kind: &TypeKind| !matches!(kind, TypeKind::Alias(_) | TypeKind::StatusEnum { .. });
        let facts = [
            (Need::Always, true),
            (Need::Client, !api.operations.is_empty()),
            (Need::Pages, ops().any(|op| op.pages.is_some())),
            (Need::LongRunning, ops().any(|op| op.long_running.is_some())),
            (Need::ObjectQueries, query_fields().any(|field| field.style.is_object())),
            (Need::Multipart, ops().any(multipart)),
            (Need::Fake, api.fake.is_some()),
            (Need::IntStrings, fields().any(int_string)),
            (Need::TaggedUnions, kinds().any(tagged)),
            (Need::StringEnums, kinds().any(|kind| matches!(kind, TypeKind::Enum { .. }))),
            (Need::IntegerEnums, kinds().any(|kind| matches!(kind, TypeKind::IntEnum { .. }))),
            (Need::Dates, uses_dates(api)),
            (Need::SerdeModels, kinds().any(serde)),
            (Need::ClientNamesModels, client_names_models(api)),
            (Need::Decoding, ops().any(|op| !op.arms.is_empty())),
            (
                Need::DeprecatedModels,
                api.types.iter().any(|def| def.deprecated) || fields().any(|field| field.deprecated),
            ),
            (Need::DeprecatedOperations, ops().any(|op| op.deprecated)),
        ];
        Uses(facts.iter().filter(|(_, used)| *used).fold(0, |bits, (need, _)| bits | 1 << *need as u8))
    }

    pub fn has(self, need: Need) -> bool {
        self.0 & (1 << need as u8) != 0
    }

    /// The runtime components the crate carries, in `lib.rs` order.
    pub fn components(self) -> impl Iterator<Item = &'static Component> {
        COMPONENTS.iter().filter(move |component| self.has(component.needed))
    }

    /// The dependencies the crate declares, in manifest order.
    pub fn dependencies(self) -> impl Iterator<Item = &'static Dependency> {
        DEPENDENCIES.iter().filter(move |dependency| self.has(dependency.needed))
    }

    /// The features the crate declares, in manifest order.
    pub fn features(self) -> impl Iterator<Item = &'static Feature> {
        FEATURES.iter().filter(move |feature| self.has(feature.needed))
    }
}

fn struct_fields(kind: &TypeKind) -> impl Iterator<Item = &Field> {
    match kind {
        TypeKind::Struct(body) => body.fields.as_slice(),
        _ => &[],
    }
    .iter()
}

/// A union picked by a property's value: `@type`, or a `discriminator`.
fn tagged(kind: &TypeKind) -> bool {
    matches!(kind, TypeKind::Union { tag, discriminator, .. } if tag.is_some() || discriminator.is_some())
}

fn uses_dates(api: &Api) -> bool {
    let dated = |ty: &Type| ty.mentions(&|ty| matches!(ty, Type::DateTime | Type::Date));
    let query = api.operations.iter().flat_map(|op| &op.query).flat_map(|query| &query.fields);
    api.types.iter().flat_map(TypeDef::field_types).any(dated) || query.map(|field| &field.ty).any(dated)
}

/// Whether a method signature names a model type (a query's type is one).
fn client_names_models(api: &Api) -> bool {
    let named = |ty: &Type| ty.mentions(&|ty| matches!(ty, Type::Named(_)));
    api.operations.iter().any(|op| {
        op.query.is_some()
            || named(&op.success)
            || named(&op.error)
            || op.body.as_ref().is_some_and(|body| named(&body.ty))
            || op.arms.iter().any(|arm| arm.variant.is_some())
    })
}

/// A runtime component: module files written in `codegen/runtime/src/`, copied as they are.
#[derive(Debug)]
pub struct Component {
    /// The module `lib.rs` declares (`poller`).
    pub module: &'static str,
    /// `pub mod` (its items are reached by path, `auth::ClientCredentials`) rather than `mod`.
    pub public: bool,
    /// The feature the module is declared behind, if any.
    pub feature: Option<&'static str>,
    /// Its files: paths under `src/` without `.rs`, and their text.
    pub files: &'static [RuntimeFile],
    /// What the crate root re-exports from it (`pub use poller::{…}`).
    pub exports: &'static [&'static str],
    /// Type names the emitted files import from it beside the models.
    pub imports: &'static [&'static str],
    /// The methods it defines on `Client`: no operation takes one.
    pub client_methods: &'static [&'static str],
    /// The methods it defines on the fake server: no fake accessor takes one.
    pub server_methods: &'static [&'static str],
    /// What brings it into a crate.
    pub needed: Need,
}

impl Component {
    /// Whether only some crates with a client carry it (its re-exports are then listed in
    /// `API.txt`, so that a crate losing it reads as the breaking change it is).
    pub fn conditional(&self) -> bool {
        !matches!(self.needed, Need::Always | Need::Client)
    }
}

/// One file of a component.
#[derive(Debug)]
pub struct RuntimeFile {
    /// The path under `src/`, without `.rs`.
    pub path: &'static str,
    pub source: &'static str,
}

macro_rules! files {
    ($($path:literal),* $(,)?) => {
        &[$(RuntimeFile { path: $path, source: include_str!(concat!("../runtime/src/", $path, ".rs")) }),*]
    };
}

/// A row with nothing reserved beyond its module.
const ROW: Component = Component {
    module: "",
    public: false,
    feature: None,
    files: &[],
    exports: &[],
    imports: &[],
    client_methods: &[],
    server_methods: &[],
    needed: Need::Always,
};

/// Every runtime component, sorted by module (the order of `lib.rs`'s `mod` lines).
pub const COMPONENTS: &[Component] = &[
    Component { module: "auth", public: true, files: files!("auth"), needed: Need::Client, ..ROW },
    Component {
        module: "error",
        public: true,
        files: files!("error"),
        exports: &["BuildError", "Error", "ErrorBody"],
        imports: &["Error"],
        needed: Need::Client,
        ..ROW
    },
    Component {
        module: "fake",
        public: true,
        feature: Some("fake"),
        files: files!(
            "fake/engine",
            "fake/errors",
            "fake/mod",
            "fake/operations",
            "fake/server",
            "fake/store",
            "fake/tables",
            "fake/validate",
        ),
        server_methods: &[
            "start",
            "base_url",
            "credentials",
            "client",
            "fail_next",
            "requests",
            "collection",
            "set_operation_polls",
            "fail_next_operation",
            "stall_operations",
        ],
        needed: Need::Fake,
        ..ROW
    },
    Component { module: "hook", files: files!("hook"), exports: &["Attempt", "Hook"], needed: Need::Client, ..ROW },
    Component { module: "int_string", files: files!("int_string"), needed: Need::IntStrings, ..ROW },
    Component { module: "paging", files: files!("paging"), needed: Need::Pages, ..ROW },
    Component {
        module: "poller",
        files: files!("poller"),
        exports: &["PollPolicy", "Poller", "PollingResult"],
        imports: &["Poller"],
        needed: Need::LongRunning,
        ..ROW
    },
    Component {
        module: "query",
        files: files!("query"),
        imports: &["ObjectStyle"],
        needed: Need::ObjectQueries,
        ..ROW
    },
    Component {
        module: "retry",
        files: files!("retry"),
        exports: &["RetryBudget", "RetryPolicy"],
        needed: Need::Client,
        ..ROW
    },
    Component { module: "tagged", files: files!("tagged"), needed: Need::TaggedUnions, ..ROW },
    Component { module: "trace", files: files!("trace"), needed: Need::Client, ..ROW },
    Component {
        module: "transport",
        files: files!("transport"),
        exports: &["Client", "DEFAULT_TIMEOUT", "Response", "USER_AGENT"],
        imports: &["Client", "Response"],
        client_methods: &[
            "new",
            "with_http_client",
            "with_bearer_token",
            "with_credentials",
            "with_timeout",
            "with_retry",
            "with_hook",
            "base_url",
            "url",
            "request",
            "execute",
            "send_once",
            "renew",
            "before_attempt",
            "after_attempt",
            "authorize",
        ],
        needed: Need::Client,
        ..ROW
    },
    Component { module: "unknown", files: files!("unknown"), exports: &["UnknownFields"], ..ROW },
    Component {
        module: "unknown_integer",
        files: files!("unknown_integer"),
        exports: &["UnknownInteger"],
        needed: Need::IntegerEnums,
        ..ROW
    },
    Component {
        module: "unknown_value",
        files: files!("unknown_value"),
        exports: &["UnknownValue"],
        needed: Need::StringEnums,
        ..ROW
    },
];

/// A dependency of the generated crate.
#[derive(Debug)]
pub struct Dependency {
    /// The package name (`futures-util`); its Rust name has `_` for `-`.
    pub name: &'static str,
    pub version: &'static str,
    pub default_features: bool,
    pub features: &'static [&'static str],
    /// Features only some crates need, each with what brings it.
    pub features_for: &'static [(Need, &'static str)],
    /// Optional: enabled by this feature of the crate (`dep:name`).
    pub feature: Option<&'static str>,
    /// A comment line above it in the manifest.
    pub comment: Option<&'static str>,
    /// What the crate root re-exports of it (`self`, `header::HeaderMap`), and why.
    pub exports: &'static [&'static str],
    pub exports_doc: &'static str,
    /// Type names the emitted files import from it beside the models.
    pub imports: &'static [&'static str],
    /// What brings it into a crate.
    pub needed: Need,
}

const DEPENDENCY: Dependency = Dependency {
    name: "",
    version: "",
    default_features: true,
    features: &[],
    features_for: &[],
    feature: None,
    comment: None,
    exports: &[],
    exports_doc: "",
    imports: &[],
    needed: Need::Always,
};

/// Every dependency, in manifest order.
pub const DEPENDENCIES: &[Dependency] = &[
    Dependency {
        name: "chrono",
        version: "0.4.38",
        default_features: false,
        features: &["serde", "std"],
        needed: Need::Dates,
        ..DEPENDENCY
    },
    Dependency {
        name: "futures-util",
        version: "0.3.31",
        default_features: false,
        features: &["std"],
        exports: &["Stream", "StreamExt", "TryStreamExt"],
        exports_doc: "What page streams are consumed with (`while let Some(item) = stream.next().await`).",
        needed: Need::Client,
        ..DEPENDENCY
    },
    Dependency {
        name: "reqwest",
        version: "0.13",
        default_features: false,
        // TLS is a feature of the crate (`FEATURES`), so that users pick the backend.
        features: &["json", "query", "form"],
        features_for: &[(Need::Multipart, "multipart")],
        exports: &["self", "StatusCode", "header::HeaderMap"],
        exports_doc: "What responses and errors are made of, so that handling them needs no direct dependency.",
        imports: &["Method"],
        needed: Need::Client,
        ..DEPENDENCY
    },
    Dependency {
        name: "serde",
        version: "1.0.190",
        features: &["derive"],
        imports: &["Deserialize", "Serialize"],
        ..DEPENDENCY
    },
    Dependency { name: "serde_json", version: "1", ..DEPENDENCY },
    Dependency {
        name: "tokio",
        version: "1",
        default_features: false,
        features: &["sync", "time"],
        needed: Need::Client,
        ..DEPENDENCY
    },
    Dependency {
        name: "tracing",
        version: "0.1.41",
        default_features: false,
        features: &["std"],
        feature: Some("tracing"),
        needed: Need::Client,
        ..DEPENDENCY
    },
    Dependency {
        name: "http-body-util",
        version: "0.1",
        feature: Some("fake"),
        comment: Some("The fake server (the `fake` feature)."),
        needed: Need::Fake,
        ..DEPENDENCY
    },
    Dependency {
        name: "hyper",
        version: "1",
        default_features: false,
        features: &["server", "http1"],
        feature: Some("fake"),
        needed: Need::Fake,
        ..DEPENDENCY
    },
    Dependency {
        name: "hyper-util",
        version: "0.1",
        default_features: false,
        features: &["tokio"],
        feature: Some("fake"),
        needed: Need::Fake,
        ..DEPENDENCY
    },
];

/// A feature of the generated crate.
#[derive(Debug)]
pub struct Feature {
    pub name: &'static str,
    /// Its comment in the manifest, a line each.
    pub comment: &'static [&'static str],
    /// What it enables beyond its optional dependencies (which the rows above name).
    pub enables: &'static [&'static str],
    /// On by default.
    pub default: bool,
    pub needed: Need,
}

/// Every feature, in manifest order.
pub const FEATURES: &[Feature] = &[
    Feature {
        name: "rustls",
        comment: &["rustls with the aws-lc-rs crypto provider."],
        enables: &["reqwest/rustls"],
        default: true,
        needed: Need::Client,
    },
    Feature {
        name: "native-tls",
        comment: &[
            "The platform's TLS: OpenSSL on Linux, Security.framework on macOS, SChannel on Windows.",
            "Use with `default-features = false` (and `tracing` to keep the spans).",
        ],
        enables: &["reqwest/native-tls"],
        default: false,
        needed: Need::Client,
    },
    // On by default: it adds no crate (reqwest's hyper already depends on tracing), ~40 ns a
    // call with no subscriber, and a few seconds of compile time only for specs of hundreds of
    // operations (codegen/benches/BENCHMARKS.md, "Tracing").
    Feature {
        name: "tracing",
        comment: &["Spans for every operation call, HTTP attempt, token fetch and page (src/trace.rs)."],
        enables: &[],
        default: true,
        needed: Need::Client,
    },
    Feature {
        name: "fake",
        comment: &[
            "`fake::FakeServer`: a stateful fake of the API on 127.0.0.1, for tests (enable it in",
            "[dev-dependencies]).",
        ],
        enables: &["tokio/net", "tokio/rt"],
        default: false,
        needed: Need::Fake,
    },
];

/// Whether `path` (`src/auth.rs`) is a runtime file: the same bytes in every crate.
pub fn is_runtime_file(path: &str) -> bool {
    let path = path.strip_prefix("src/").and_then(|rest| rest.strip_suffix(".rs"));
    COMPONENTS.iter().flat_map(|component| component.files).any(|file| Some(file.path) == path)
}

/// The methods the runtime defines on `Client`: operations and page streams never take these
/// names.
pub fn client_methods() -> impl Iterator<Item = &'static str> {
    COMPONENTS.iter().flat_map(|component| component.client_methods).copied()
}

/// The methods of the fake server that its accessors never take.
pub fn server_methods() -> impl Iterator<Item = &'static str> {
    COMPONENTS.iter().flat_map(|component| component.server_methods).copied()
}

/// The type names the generated crate puts beside its models: those its files import next to
/// them and those its root re-exports, from every row. A schema whose type would take one is
/// given a `Model` suffix instead, so that no model shadows one of them or is shadowed by it,
/// in the crate or in a user's glob imports.
pub fn crate_type_names() -> impl Iterator<Item = &'static str> {
    let components = COMPONENTS.iter().flat_map(|row| row.exports.iter().chain(row.imports));
    let dependencies = DEPENDENCIES.iter().flat_map(|row| row.exports.iter().chain(row.imports));
    let last = |path: &&'static str| path.rsplit("::").next().unwrap_or(path);
    components.chain(dependencies).map(last).filter(|name| is_type_name(name))
}

/// A name a type could take: `UserInvite`, not `DEFAULT_TIMEOUT`, `decode` or `self`.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.contains(|c: char| c.is_ascii_lowercase())
}

/// Whether a schema's type must not take `name`: a prelude name emitted code writes
/// unqualified, or one of [`crate_type_names`].
pub fn is_reserved_type_name(name: &str) -> bool {
    reserved_type_names().any(|reserved| reserved == name)
}

pub fn reserved_type_names() -> impl Iterator<Item = &'static str> {
    crate::naming::PRELUDE_TYPE_NAMES.iter().copied().chain(crate_type_names())
}

#[cfg(test)]
mod tests;
