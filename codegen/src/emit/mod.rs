//! Emit: IR → one `TokenStream` (or manifest text, or the fake's JSON tables) per file of
//! the generated crate.
//!
//! One rule for writing the Rust: builders where the per-field multiplier pays, `quote!`
//! everywhere else. `syntax.rs` builds as syn nodes the shapes a crate has one of per field
//! or per operation: a model's struct, fields and setters, and an operation's method (quoted
//! and parsed, the method alone costs 13–16 % more CPU for the whole process on synth
//! N=1000: BENCHMARKS.md, "The operation method: built or quoted (issue 28)"). A new shape is
//! quoted unless it is measured to cost 5 % or more of the whole process that way. What is
//! quoted inside a built part (query code, page streams) is parsed where it goes
//! (`syntax::parse_members`, …). Nothing here reads the spec.

mod client;
mod crate_files;
mod fake;
mod lro;
mod models;
mod query;
mod readme;
pub mod surface;
mod syntax;

pub use crate::plan::is_runtime_file;
pub use crate::render::{Chunk, Member, Part, RustFile, SyntaxPart};

use crate::ir::{Api, Docs, Type};
use crate::plan::{Need, Uses};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

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
    /// decision (xtask reads it from the crate's last release, `version::INITIAL`
    /// before the first), never the generator's.
    pub version: String,
    /// What `Cargo.toml` says of the package for crates.io, where the spec does not say it.
    pub package: PackageOptions,
}

/// The crate's crates.io metadata. The spec's `info.license` (an SPDX expression) and
/// `externalDocs` or `info.contact` URL (the homepage) win over these when it gives them.
#[derive(Debug, Clone, Default)]
pub struct PackageOptions {
    /// An SPDX expression (`Apache-2.0`, `MIT OR Apache-2.0`).
    pub license: Option<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    /// At most five, as crates.io takes them.
    pub keywords: Vec<String>,
    /// crates.io category slugs (`api-bindings`, `web-programming::http-client`).
    pub categories: Vec<String>,
    /// Whether `cargo publish` may publish it; otherwise the manifest says `publish = false`.
    pub publish: bool,
}

impl CrateOptions {
    /// A crate named `name` in a workspace, at the first release's version, with no
    /// dev-dependencies of its own.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            dev_dependencies: Vec::new(),
            standalone: false,
            version: crate::version::INITIAL.to_string(),
            package: PackageOptions::default(),
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
    let uses = Uses::of(api);
    let mut files = vec![
        ("Cargo.toml", Content::Text(crate_files::manifest(api, uses, options))),
        ("src/lib.rs", Content::Rust(RustFile::whole(move || crate_files::lib(api, uses)))),
        ("README.md", Content::Text(readme::readme(api, uses, options))),
    ];
    if uses.has(Need::Client) {
        files.push(("src/client.rs", Content::Rust(client::client(api, uses))));
    }
    files.extend([
        ("src/models.rs", Content::Rust(models::models(api, uses))),
        ("tests/examples.rs", Content::Rust(crate_files::examples(api, options))),
        // The public API, one line per item: what reviewers read and `report` compares.
        (crate::surface::FILE, Content::Text(surface::render(api, uses, options))),
    ]);
    let mut files: Vec<(String, Content)> =
        files.into_iter().map(|(path, content)| (path.to_owned(), content)).collect();
    if let Some(fake) = &api.fake {
        files.push((format!("src/fake/{}", fake::TABLES), Content::Json(Box::new(move || fake::tables(api, fake)))));
        files.push(("src/fake/spec.rs".to_owned(), Content::Rust(fake::spec(fake))));
    }
    let runtime = uses.components().flat_map(|component| component.files);
    files
        .extend(runtime.map(|file| {
            (format!("src/{}.rs", file.path), Content::Runtime { module: file.path, source: file.source })
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
fn doc_attributes(lines: &Docs) -> Vec<syn::Attribute> {
    let text = |line: &String| if line.is_empty() { String::new() } else { format!(" {line}") };
    lines.iter().map(|line| syntax::doc(&text(line))).collect()
}

/// [`doc_attributes`] as tokens.
fn docs(lines: &Docs) -> TokenStream {
    let attributes = doc_attributes(lines);
    quote! { #(#attributes)* }
}

/// The Rust spelling of a type, as tokens.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    syntax_type(ty).into_token_stream()
}

/// The Rust spelling of a type: the one place it is decided.
pub(crate) fn syntax_type(ty: &Type) -> syn::Type {
    let named = syntax::named;
    match ty {
        Type::Unit => syntax::unit(),
        Type::Bool => named(&["bool"]),
        Type::I32 => named(&["i32"]),
        Type::I64 | Type::I64String => named(&["i64"]),
        Type::U32 => named(&["u32"]),
        Type::U64 | Type::U64String => named(&["u64"]),
        Type::F32 => named(&["f32"]),
        Type::F64 => named(&["f64"]),
        Type::String => named(&["String"]),
        Type::DateTime => syntax::path_type(syntax::generic_path(&["chrono", "DateTime"], [named(&["chrono", "Utc"])])),
        Type::Date => named(&["chrono", "NaiveDate"]),
        Type::Json => named(&["serde_json", "Value"]),
        Type::Bytes => syntax::wrapped("Vec", named(&["u8"])),
        Type::List(item) => syntax::wrapped("Vec", syntax_type(item)),
        Type::Map(value) => {
            let args = [named(&["String"]), syntax_type(value)];
            syntax::path_type(syntax::generic_path(&["std", "collections", "BTreeMap"], args))
        }
        Type::Named(name) => named(&[name]),
    }
}
