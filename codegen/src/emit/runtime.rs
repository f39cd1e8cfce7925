//! The client runtime: the Rust files in `codegen/runtime/src/`, the same in every crate.
//!
//! They are compiled, linted and tested where they are written (the `codegen-runtime`
//! package); here they are only copied (the pipeline stamps the header that names where
//! they come from). This table is the one list of them: the files written and the `mod`
//! lines of `lib.rs` both come from it.

use crate::ir::Api;

/// One runtime file: `src/{name}.rs` in the generated crate.
pub struct Module {
    /// The path under `src/`, without `.rs`: a module name, or a file of the `fake` module.
    pub name: &'static str,
    /// Declared `pub mod` (its items are reached by path) rather than `mod`.
    pub public: bool,
    part: Part,
    pub source: &'static str,
}

/// Which crates carry a runtime file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every crate: what models use.
    Models,
    /// Crates whose models have an integer sent as a JSON string: its serde codec.
    IntStrings,
    /// Crates with operations: the HTTP client.
    Client,
    /// Crates with an operation that has an object or map query parameter: its writer.
    ObjectQueries,
    /// Crates with long-running operations: their pollers.
    LongRunning,
    /// Crates with a fake server: its engine, in the `fake` module (declared in `lib.rs` behind
    /// its feature; its spec tables, `src/fake/spec.json` and the `spec.rs` that includes them,
    /// are emitted, and the runtime's own stand-ins are not copied).
    Fake,
}

macro_rules! module {
    ($name:literal, $public:literal, $part:ident) => {
        Module {
            name: $name,
            public: $public,
            part: Part::$part,
            source: include_str!(concat!("../../runtime/src/", $name, ".rs")),
        }
    };
}

const MODULES: &[Module] = &[
    module!("auth", true, Client),
    module!("error", true, Client),
    module!("hook", false, Client),
    module!("int_string", false, IntStrings),
    module!("paging", false, Client),
    module!("poller", false, LongRunning),
    module!("query", false, ObjectQueries),
    module!("retry", false, Client),
    module!("tagged", false, Models),
    module!("trace", false, Client),
    module!("transport", false, Client),
    module!("unknown", false, Models),
    module!("fake/engine", false, Fake),
    module!("fake/errors", false, Fake),
    module!("fake/mod", false, Fake),
    module!("fake/operations", false, Fake),
    module!("fake/server", false, Fake),
    module!("fake/store", false, Fake),
    module!("fake/tables", false, Fake),
    module!("fake/validate", false, Fake),
];

/// Whether the crate has an HTTP client at all: a spec of schemas only (or only webhooks)
/// is a crate of models, with no client code left unused.
pub fn has_client(api: &Api) -> bool {
    !api.operations.is_empty()
}

fn carried(api: &Api) -> impl Iterator<Item = &'static Module> {
    let client = has_client(api);
    let int_strings = super::models::uses_int_string(api);
    let object_queries = super::query::has_object_parameter(api);
    let fake = api.fake.is_some();
    let long_running = super::lro::has_pollers(api);
    MODULES.iter().filter(move |module| match module.part {
        Part::Models => true,
        Part::IntStrings => int_strings,
        Part::Client => client,
        Part::ObjectQueries => object_queries,
        Part::LongRunning => long_running,
        Part::Fake => fake,
    })
}

/// The top-level runtime modules `api`'s crate declares with a plain `mod` line (the fake's
/// is declared behind its feature).
pub fn modules(api: &Api) -> impl Iterator<Item = &'static Module> {
    carried(api).filter(|module| module.part != Part::Fake)
}

/// The runtime files of `api`'s crate.
pub fn files(api: &Api) -> impl Iterator<Item = &'static Module> {
    carried(api)
}

/// Whether `path` is a runtime file (the same bytes in every crate).
pub fn is_runtime_file(path: &str) -> bool {
    let name = path.strip_prefix("src/").and_then(|rest| rest.strip_suffix(".rs"));
    MODULES.iter().any(|module| Some(module.name) == name)
}
