//! `Cargo.toml`, `src/lib.rs` (with a usage example) and `tests/examples.rs`.

use super::{Chunk, CrateOptions, Part, RustFile, ident, rust_type};
use crate::ir::{Api, BodyMedia, Operation, Struct, Type, TypeKind};
use crate::plan::{Dependency, Feature, Need, Uses};
use crate::render;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::fmt::Write;

/// The crate manifest: its package, then the plan's dependencies and features.
pub fn manifest(api: &Api, uses: Uses, options: &CrateOptions) -> String {
    let mut out = String::new();
    let client = uses.has(Need::Client);
    let kind = if client { "client" } else { "models" };
    let description = toml_string(&format!("{} {kind}, generated from its OpenAPI spec", api.title.trim()));
    let _ =
        writeln!(out, "[package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"", options.name, options.version);
    let _ = writeln!(out, "rust-version = \"1.85\"\ndescription = {description}");
    package_metadata(&mut out, api, &options.package);
    if client {
        docs_rs(&mut out, uses);
    }
    let _ = writeln!(out, "[dependencies]");
    for dependency in uses.dependencies() {
        if let Some(comment) = dependency.comment {
            let _ = writeln!(out, "# {comment}");
        }
        let _ = writeln!(out, "{}", dependency_line(dependency, uses));
    }
    features(&mut out, uses);
    if !options.dev_dependencies.is_empty() {
        let _ = writeln!(out, "\n[dev-dependencies]");
        for line in &options.dev_dependencies {
            let _ = writeln!(out, "{line}");
        }
    }
    if options.standalone {
        let _ = writeln!(out, "\n[workspace]");
    }
    out
}

/// `name = "1"`, or its inline table when it says more than a version.
fn dependency_line(dependency: &Dependency, uses: Uses) -> String {
    let extra = dependency.features_for.iter().filter(|(need, _)| uses.has(*need)).map(|(_, feature)| feature);
    let features: Vec<String> = dependency.features.iter().chain(extra).map(|feature| toml_string(feature)).collect();
    let (name, version) = (dependency.name, toml_string(dependency.version));
    if dependency.default_features && features.is_empty() && dependency.feature.is_none() {
        return format!("{name} = {version}");
    }
    let mut table = vec![format!("version = {version}")];
    if !dependency.default_features {
        table.push("default-features = false".to_owned());
    }
    if !features.is_empty() {
        table.push(format!("features = [{}]", features.join(", ")));
    }
    if dependency.feature.is_some() {
        table.push("optional = true".to_owned());
    }
    format!("{name} = {{ {} }}", table.join(", "))
}

/// `[features]`: the defaults, then each feature under its comment, enabling its optional
/// dependencies and what else its row names.
fn features(out: &mut String, uses: Uses) {
    let features: Vec<&Feature> = uses.features().collect();
    if features.is_empty() {
        return;
    }
    let defaults: Vec<String> =
        features.iter().filter(|feature| feature.default).map(|feature| toml_string(feature.name)).collect();
    let _ = writeln!(out, "\n[features]\ndefault = [{}]", defaults.join(", "));
    for feature in features {
        for line in feature.comment {
            let _ = writeln!(out, "# {line}");
        }
        let optional = uses.dependencies().filter(|dependency| dependency.feature == Some(feature.name));
        let enables: Vec<String> = optional
            .map(|dependency| format!("dep:{}", dependency.name))
            .chain(feature.enables.iter().map(|enabled| (*enabled).to_owned()))
            .map(|enabled| toml_string(&enabled))
            .collect();
        let _ = writeln!(out, "{} = [{}]", feature.name, enables.join(", "));
    }
}

/// What crates.io shows and needs: the spec's license and homepage, else the options'.
fn package_metadata(out: &mut String, api: &Api, package: &super::PackageOptions) {
    let license = api.package.license.as_ref().or(package.license.as_ref());
    let homepage = api.package.homepage.as_ref().or(package.homepage.as_ref());
    for (key, value) in [("license", license), ("repository", package.repository.as_ref()), ("homepage", homepage)] {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {}", toml_string(value));
        }
    }
    let _ = writeln!(out, "readme = \"README.md\"");
    for (key, values) in [("keywords", &package.keywords), ("categories", &package.categories)] {
        if !values.is_empty() {
            let values: Vec<String> = values.iter().map(|value| toml_string(value)).collect();
            let _ = writeln!(out, "{key} = [{}]", values.join(", "));
        }
    }
    let _ = writeln!(out, "{}", if package.publish { "" } else { "publish = false\n" });
}

/// docs.rs documents every feature users turn on but the TLS backends (one is enough to
/// document), each item marked with the one it needs (`doc(cfg)` under `--cfg docsrs`;
/// `lib.rs` enables the nightly feature only there).
fn docs_rs(out: &mut String, uses: Uses) {
    let tls = |feature: &&Feature| feature.enables.iter().any(|enabled| enabled.starts_with("reqwest/"));
    let mut features: Vec<String> =
        uses.features().filter(|feature| !tls(feature)).map(|feature| toml_string(feature.name)).collect();
    features.sort();
    let _ = writeln!(
        out,
        "[package.metadata.docs.rs]\nfeatures = [{}]\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
        features.join(", ")
    );
}

/// `lib.rs`: the README as the crate's doc (its examples are doctests), the `mod` lines
/// and the root's re-exports.
pub fn lib(api: &Api, uses: Uses) -> TokenStream {
    let modules = modules(uses);
    let exports = exports(api, uses);
    // docs.rs builds with `--cfg docsrs` (`[package.metadata.docs.rs]`): items then show the
    // feature they need.
    let gated = uses.components().any(|component| component.feature.is_some());
    let doc_cfg = gated.then(|| quote!(#![cfg_attr(docsrs, feature(doc_cfg))]));
    quote! {
        #![doc = include_str!("../README.md")]
        #doc_cfg
        #![forbid(unsafe_code)]

        #(#modules)*

        #(#exports)*
    }
}

/// What the crate is, for its users: the API it calls (or describes) and at which version.
pub(super) fn what_it_is(api: &Api, uses: Uses) -> String {
    let title = api.title.trim();
    let version = api.version.trim();
    if uses.has(Need::Client) {
        format!("An async Rust client for {title} {version}: typed models, credentials, retries and page streams.")
    } else {
        format!("The types of {title} {version}, with serde: decoded and encoded as the API writes them.")
    }
}

/// `mod` lines, sorted by name: the runtime components the crate carries (behind their
/// feature, if they have one), its models, and its client when it has operations.
fn modules(uses: Uses) -> impl Iterator<Item = TokenStream> {
    let mut modules: Vec<(&str, TokenStream)> = uses
        .components()
        .map(|component| {
            let name = ident(component.module);
            let visibility = component.public.then(|| quote!(pub));
            let gate = component.feature.map(|feature| {
                quote! {
                    #[cfg(feature = #feature)]
                    #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
                }
            });
            (component.module, quote!(#gate #visibility mod #name;))
        })
        .collect();
    modules.push((
        "models",
        quote!(
            pub mod models;
        ),
    ));
    if uses.has(Need::Client) {
        modules.push((
            "client",
            quote!(
                mod client;
            ),
        ));
    }
    modules.sort_by_key(|(name, _)| *name);
    modules.into_iter().map(|(_, line)| line)
}

/// The root's `pub use` lines, sorted by path: the plan's re-exports (what models keep
/// unknown; the client, its errors and retry policy, and the crates its responses and streams
/// are made of), and the spec's default base URL.
fn exports(api: &Api, uses: Uses) -> Vec<TokenStream> {
    let mut exports: Vec<(String, TokenStream)> = Vec::new();
    for component in uses.components().filter(|component| !component.exports.is_empty()) {
        exports.push((component.module.to_owned(), use_line(component.module, component.exports, "")));
    }
    for dependency in uses.dependencies().filter(|dependency| !dependency.exports.is_empty()) {
        let krate = dependency.name.replace('-', "_");
        let line = use_line(&krate, dependency.exports, dependency.exports_doc);
        exports.push((krate, line));
    }
    if uses.has(Need::Client) && api.default_base_url.is_some() {
        exports.push((
            "client".to_owned(),
            quote!(
                pub use client::DEFAULT_BASE_URL;
            ),
        ));
    }
    exports.sort_by(|(a, _), (b, _)| a.cmp(b));
    exports.into_iter().map(|(_, line)| line).collect()
}

/// `pub use module::{a, b::C};` (no braces for one name), under `doc` when there is one.
fn use_line(module: &str, names: &[&str], doc: &str) -> TokenStream {
    let module = ident(module);
    let path = |name: &&str| {
        let segments = name.split("::").map(ident);
        quote!(#(#segments)::*)
    };
    let names: Vec<TokenStream> = names.iter().map(path).collect();
    let doc = (!doc.is_empty()).then(|| {
        let doc = format!(" {doc}");
        quote!(#[doc = #doc])
    });
    match names.as_slice() {
        [name] => quote!(#doc pub use #module::#name;),
        names => quote!(#doc pub use #module::{#(#names),*};),
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A short program calling the first operation that has a request-body example, or the
/// first operation at all, and matching on a 404. Rendered like any emitted file.
pub(super) fn usage_example(api: &Api, crate_name: &str) -> Option<String> {
    // The example passes `Default::default()` for query parameters, so none may be required;
    // it builds a body with setters, so the body must have `Default`.
    let callable: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.query.as_ref().is_none_or(|query| query.fields.iter().all(|field| !field.required)))
        .filter(|op| op.body.as_ref().is_none_or(|body| body.media == BodyMedia::Json && defaulted(api, &body.ty)))
        .collect();
    let op = callable
        .iter()
        .find(|op| op.body.as_ref().is_some_and(|body| update_mask_of(api, &body.ty).is_some()))
        .or_else(|| callable.iter().find(|op| op.body.is_some()))
        .or_else(|| callable.first())?;
    let krate = ident(crate_name);
    let method = ident(&op.method_name);
    let base_url = match &api.default_base_url {
        Some(_) => quote!(#krate::DEFAULT_BASE_URL),
        None => quote!("https://api.example.com"),
    };
    let credentials = match &api.client_credentials {
        Some(_) => quote! {
            let credentials = #krate::auth::ClientCredentials::new(
                std::env::var("CLIENT_ID")?,
                std::env::var("CLIENT_SECRET")?,
            );
            let client = Client::new(#base_url)?.with_credentials(credentials);
        },
        None => quote! {
            let token = std::env::var("API_TOKEN")?;
            let client = Client::new(#base_url)?.with_bearer_token(token);
        },
    };
    let (body_setup, body_arg) = body_setup(api, op, &krate);
    let path_args = op.path_params.iter().map(|arg| crate::naming::unraw(arg).to_owned());
    let header_args = op.headers.iter().chain(&op.cookies).map(|header| {
        let value = crate::naming::unraw(&header.arg);
        if header.required { quote!(#value,) } else { quote!(None,) }
    });
    let query_arg = op.query.as_ref().map(|query| {
        let ty = ident(&query.type_name);
        quote!(&#krate::models::#ty::default(),)
    });
    let tokens = quote! {
        use #krate::{Client, StatusCode};

        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            #credentials
            #body_setup
            match client.#method(#(#path_args,)* #(#header_args)* #body_arg #query_arg).await {
                Ok(response) => println!("{:#?}", response.into_inner()),
                Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => {
                    eprintln!("not found: {error}");
                }
                Err(error) => return Err(error.into()),
            }
            Ok(())
        }
    };
    render::render("usage example", tokens).ok()
}

fn struct_named<'a>(api: &'a Api, ty: &Type) -> Option<&'a Struct> {
    let Type::Named(name) = ty else { return None };
    api.type_named(name).and_then(|def| match &def.kind {
        TypeKind::Struct(body) => Some(body),
        _ => None,
    })
}

fn defaulted(api: &Api, ty: &Type) -> bool {
    struct_named(api, ty).is_some_and(|body| body.default)
}

/// The body's update mask, when the example can build its resource from `Default`.
fn update_mask_of<'a>(api: &'a Api, ty: &Type) -> Option<&'a crate::ir::UpdateMask> {
    let mask = struct_named(api, ty)?.update_mask.as_ref()?;
    defaulted(api, &Type::Named(mask.resource_type.clone())).then_some(mask)
}

/// The body built the way the crate documents: `default()` and setters, or
/// `from_set_fields` for an update body. Only fields with an obvious placeholder are set.
fn body_setup(api: &Api, op: &Operation, krate: &proc_macro2::Ident) -> (Option<TokenStream>, Option<TokenStream>) {
    let Some(body) = &op.body else {
        return (None, None);
    };
    let Type::Named(name) = &body.ty else {
        return (None, None);
    };
    let ty = ident(name);
    let setup = match update_mask_of(api, &body.ty) {
        Some(mask) => {
            let resource = ident(&mask.resource_type);
            let setters = struct_named(api, &Type::Named(mask.resource_type.clone())).map(placeholder_setters);
            quote! {
                // Updates only the fields set here: the mask is computed from them.
                let update = #krate::models::#resource::default()#setters;
                let body = #krate::models::#ty::from_set_fields(update);
            }
        }
        None => {
            let setters = struct_named(api, &body.ty).map(placeholder_setters);
            quote!(let body = #krate::models::#ty::default()#setters;)
        }
    };
    (Some(setup), Some(quote!(&body,)))
}

/// `.set_x(…)` for each field whose value needs no other type: strings, numbers, booleans, lists.
fn placeholder_setters(body: &Struct) -> TokenStream {
    let setter_names = crate::naming::setter_names(body.fields.iter().map(|field| field.name.as_str()));
    let fields = body.fields.iter().zip(&setter_names).filter(|(field, _)| !field.deprecated);
    let setters = fields.filter_map(|(field, setter_name)| {
        let bare = crate::naming::unraw(&field.name);
        let value = match &field.ty {
            Type::String => quote!(#bare),
            Type::Bool => quote!(true),
            Type::I32 | Type::I64 | Type::U32 | Type::U64 | Type::I64String | Type::U64String => quote!(1),
            Type::List(_) => quote!(Vec::new()),
            _ => return None,
        };
        let setter = ident(setter_name);
        Some(quote!(.#setter(#value)))
    });
    quote!(#(#setters)*)
}

/// `r#"…"#`, with as many `#` as the text needs; characters that print as nothing, written
/// as JSON escapes (clippy's `invisible_characters`: they can only be inside JSON strings).
fn raw_string(text: &str) -> Literal {
    let text = &json_visible(text);
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// JSON text with its control and format characters as `\u` escapes: the same JSON value.
fn json_visible(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() || crate::lower::docs::is_invisible(c) {
            let mut units = [0; 2];
            c.encode_utf16(&mut units).iter().for_each(|unit| out.push_str(&format!("\\u{unit:04x}")));
        } else {
            out.push(c);
        }
    }
    out
}

/// One round-trip test per spec example: it deserializes into its type and serializes back
/// to the same JSON.
pub fn examples<'a>(api: &'a Api, options: &'a CrateOptions) -> RustFile<'a> {
    let head = move || {
        let krate = ident(&crate::naming::crate_ident(&options.name));
        let models = api
            .examples
            .iter()
            .any(|example| matches!(example.ty, Type::Named(_)))
            .then(|| quote!(use #krate::models::*;));
        let helper = (!api.examples.is_empty()).then(|| {
            quote! {
                fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
                    let expected: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
                    let decoded: T = serde_json::from_value(expected.clone()).expect("the example decodes");
                    // Compared as the JSON text sends it: an `f32` writes `-5.883` as it was read.
                    let encoded = serde_json::to_string(&decoded).expect("the value encodes");
                    let encoded: serde_json::Value = serde_json::from_str(&encoded).expect("the encoding is JSON");
                    assert_eq!(encoded, expected);
                }
            }
        });
        quote! {
            #![doc = " Every `example` in the spec deserializes into its generated type and serializes back unchanged."]
            #models
            #helper
        }
    };
    // A test per part: a large spec's examples render on every core.
    let tests = api.examples.iter().map(|example| {
        Box::new(move || {
            let name = ident(&format!("{}_round_trips", crate::naming::unraw(&example.name)));
            let ty = rust_type(&example.ty);
            let json = raw_string(&example.json);
            quote! {
                #[test]
                fn #name() {
                    round_trip::<#ty>(#json);
                }
            }
        }) as Part<'a>
    });
    RustFile { chunks: std::iter::once(Box::new(head) as Part<'a>).chain(tests).map(Chunk::Items).collect() }
}
