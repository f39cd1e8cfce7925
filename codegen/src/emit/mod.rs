//! Emit: IR → one `TokenStream` (or manifest text, or the fake's JSON tables) per file of
//! the generated crate.
//!
//! Rust is built with `quote!`; nothing reads the spec.

mod client;
mod crate_files;
mod fake;
mod models;
mod query;
mod runtime;
pub mod surface;

pub use crate::render::{Chunk, Part, RustFile};
pub use runtime::is_runtime_file;

use crate::ir::{Api, Docs, Type, TypeDef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// What a generated crate is called and what it adds for its own tests.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name, e.g. `redpanda-cloud`.
    pub name: String,
    /// Extra `[dev-dependencies]` lines, for hand-written tests beside the generated ones.
    pub dev_dependencies: Vec<String>,
    /// A standalone crate gets an empty `[workspace]` so it builds anywhere.
    pub standalone: bool,
    /// The package version (`Cargo.toml`, and the surface's `crate` line): the caller's
    /// decision (xtask reads it from the crate's last release, `release::INITIAL`
    /// before the first), never the generator's.
    pub version: String,
}

impl CrateOptions {
    /// A crate named `name` in a workspace, at the first release's version, with no
    /// dev-dependencies of its own.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            dev_dependencies: Vec::new(),
            standalone: false,
            version: crate::release::INITIAL.to_string(),
        }
    }
}

/// One emitted file.
pub enum Content<'a> {
    /// Rust code that depends on the spec, to render.
    Rust(RustFile<'a>),
    /// Finished text that depends on the spec (the manifest, the API surface).
    Text(String),
    /// JSON data that depends on the spec (the fake's tables), made when it is written, with
    /// its header inside (JSON has no comments).
    Json(JsonFile<'a>),
    /// A runtime file, copied from `codegen/runtime/src/{module}.rs` as it is written.
    Runtime { module: &'static str, source: &'static str },
}

/// Makes a JSON file's text; it fails only on a generator bug.
pub type JsonFile<'a> = Box<dyn Fn() -> Result<String, serde_json::Error> + Send + Sync + 'a>;

/// Every file of the crate, by path relative to the crate root, in a fixed order: what
/// depends on the spec, then the runtime files. Rust code is made when it is rendered.
pub fn emit<'a>(api: &'a Api, options: &'a CrateOptions) -> Vec<(String, Content<'a>)> {
    let mut files = vec![
        ("Cargo.toml", Content::Text(crate_files::manifest(api, options))),
        ("src/lib.rs", Content::Rust(RustFile::whole(move || crate_files::lib(api, options)))),
    ];
    if runtime::has_client(api) {
        files.push(("src/client.rs", Content::Rust(client::client(api))));
    }
    files.extend([
        ("src/models.rs", Content::Rust(models::models(api))),
        ("tests/examples.rs", Content::Rust(crate_files::examples(api, options))),
        // The public API, one line per item: what reviewers read and `report` compares.
        (crate::surface::FILE, Content::Text(surface::render(api, options))),
    ]);
    let mut files: Vec<(String, Content)> =
        files.into_iter().map(|(path, content)| (path.to_owned(), content)).collect();
    if let Some(fake) = &api.fake {
        files.push((format!("src/fake/{}", fake::TABLES), Content::Json(Box::new(move || fake::tables(api, fake)))));
        files.push(("src/fake/spec.rs".to_owned(), Content::Rust(fake::spec(fake))));
    }
    files.extend(runtime::files(api).map(|module| {
        (format!("src/{}.rs", module.name), Content::Runtime { module: module.name, source: module.source })
    }));
    files
}

/// An identifier from a name lower decided; `r#type` stays raw.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` per line: prettyplease prints them as `///` comments.
fn docs(lines: &Docs) -> TokenStream {
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// The Rust spelling of a type.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Unit => quote!(()),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 | Type::I64String => quote!(i64),
        Type::U32 => quote!(u32),
        Type::U64 | Type::U64String => quote!(u64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::String => quote!(String),
        Type::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Type::Date => quote!(chrono::NaiveDate),
        Type::Json => quote!(serde_json::Value),
        Type::Bytes => quote!(Vec<u8>),
        Type::List(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        Type::Map(value) => {
            let value = rust_type(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        Type::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// Whether any type of the API needs chrono.
fn uses_chrono(api: &Api) -> bool {
    let mentions = |ty: &Type| ty.mentions(&|ty| matches!(ty, Type::DateTime | Type::Date));
    let mut types = api.types.iter().flat_map(TypeDef::field_types);
    let query = api
        .operations
        .iter()
        .flat_map(|op| op.query.iter().flat_map(|query| query.fields.iter().map(|field| &field.ty)));
    types.any(mentions) || query.into_iter().any(mentions)
}
