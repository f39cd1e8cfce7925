//! `Cargo.toml`, `src/lib.rs` (with a usage example) and `tests/examples.rs`.

use super::{CrateOptions, ident, rust_type};
use crate::ir::{Api, BodyMedia, Operation, Type};
use crate::render;
use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::fmt::Write;

/// The crate manifest. Dependencies are the ones the emitted code uses, and no more.
pub fn manifest(api: &Api, options: &CrateOptions) -> String {
    let mut out = String::new();
    let description = toml_string(&format!("{} client, generated from its OpenAPI spec", api.title.trim()));
    let _ = writeln!(out, "{}", render::HEADER_TOML);
    let _ = writeln!(out, "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"", options.name);
    let _ = writeln!(out, "rust-version = \"1.85\"\ndescription = {description}\npublish = false\n");
    let _ = writeln!(out, "[dependencies]");
    if super::uses_chrono(api) {
        let _ = writeln!(
            out,
            "chrono = {{ version = \"0.4.38\", default-features = false, features = [\"serde\", \"std\"] }}"
        );
    }
    let mut features = vec!["json", "rustls", "query"];
    let media =
        |wanted: BodyMedia| api.operations.iter().any(|op| op.body.as_ref().is_some_and(|body| body.media == wanted));
    if media(BodyMedia::Form) {
        features.push("form");
    }
    if media(BodyMedia::Multipart) {
        features.push("multipart");
    }
    let features = features.iter().map(|feature| format!("\"{feature}\"")).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "reqwest = {{ version = \"0.13\", default-features = false, features = [{features}] }}");
    let _ = writeln!(out, "serde = {{ version = \"1.0.190\", features = [\"derive\"] }}");
    let _ = writeln!(out, "serde_json = \"1\"");
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

pub fn lib(api: &Api, options: &CrateOptions) -> TokenStream {
    let crate_ident = options.name.to_snake_case();
    let mut lines = vec![format!("# {}", api.title.trim()), String::new()];
    if !api.docs.is_empty() {
        lines.extend(api.docs.iter().cloned());
        lines.push(String::new());
    }
    lines.push(format!("Generated from the OpenAPI spec (API version {}) by `cargo xtask codegen`.", api.version));
    if let Some(example) = usage_example(api, &crate_ident) {
        lines.extend([String::new(), "```no_run".to_owned()]);
        lines.extend(example.lines().map(str::to_owned));
        lines.push("```".to_owned());
    }
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    let base_url = api.default_base_url.is_some().then(|| quote!(DEFAULT_BASE_URL,));
    quote! {
        #( #![doc = #lines] )*
        #![forbid(unsafe_code)]

        pub mod client;
        pub mod error;
        pub mod models;

        pub use client::{Client, #base_url DEFAULT_TIMEOUT, Response};
        pub use error::{BuildError, Error, ErrorBody};
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
fn usage_example(api: &Api, crate_name: &str) -> Option<String> {
    // The example passes `Default::default()` for query parameters, so none may be required.
    let callable: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.query.as_ref().is_none_or(|query| query.fields.iter().all(|field| !field.required)))
        .filter(|op| op.body.as_ref().is_none_or(|body| body.media == BodyMedia::Json))
        .collect();
    let op = callable
        .iter()
        .find(|op| op.body.as_ref().is_some_and(|body| example_for(api, &body.ty).is_some()))
        .or_else(|| callable.first())?;
    let krate = ident(crate_name);
    let method = ident(&op.method_name);
    let base_url = match &api.default_base_url {
        Some(_) => quote!(#krate::DEFAULT_BASE_URL),
        None => quote!("https://api.example.com"),
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
        use #krate::Client;

        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            let token = std::env::var("API_TOKEN")?;
            let client = Client::new(#base_url)?.with_bearer_token(token);
            #body_setup
            match client.#method(#(#path_args,)* #(#header_args)* #body_arg #query_arg).await {
                Ok(response) => println!("{:#?}", response.into_inner()),
                Err(error) if error.status() == Some(reqwest::StatusCode::NOT_FOUND) => {
                    eprintln!("not found: {error}");
                }
                Err(error) => return Err(error.into()),
            }
            Ok(())
        }
    };
    render::render("usage example", tokens).ok()
}

fn body_setup(api: &Api, op: &Operation, krate: &proc_macro2::Ident) -> (Option<TokenStream>, Option<TokenStream>) {
    let Some(body) = &op.body else {
        return (None, None);
    };
    let ty = match &body.ty {
        Type::Named(name) => {
            let name = ident(name);
            quote!(#krate::models::#name)
        }
        ty => rust_type(ty),
    };
    let json = example_for(api, &body.ty).map_or_else(|| "{}".to_owned(), |example| example.json.clone());
    let json = raw_string(&json);
    (Some(quote!(let body: #ty = serde_json::from_str(#json)?;)), Some(quote!(&body,)))
}

fn example_for<'a>(api: &'a Api, ty: &Type) -> Option<&'a crate::ir::Example> {
    api.examples.iter().find(|example| example.ty == *ty && example.name.contains("request"))
}

/// `r#"…"#`, with as many `#` as the text needs.
fn raw_string(text: &str) -> Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// One round-trip test per spec example: it deserializes into its type and serializes back
/// to the same JSON.
pub fn examples(api: &Api, options: &CrateOptions) -> TokenStream {
    let krate = ident(&options.name.to_snake_case());
    let tests = api.examples.iter().map(|example| {
        let name = ident(&format!("{}_round_trips", crate::naming::unraw(&example.name)));
        let ty = rust_type(&example.ty);
        let json = raw_string(&example.json);
        quote! {
            #[test]
            fn #name() {
                round_trip::<#ty>(#json);
            }
        }
    });
    let models =
        api.examples.iter().any(|example| matches!(example.ty, Type::Named(_))).then(|| quote!(use #krate::models::*;));
    let helper = (!api.examples.is_empty()).then(|| {
        quote! {
            fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
                let expected: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
                let decoded: T = serde_json::from_value(expected.clone()).expect("the example decodes");
                let encoded = serde_json::to_value(&decoded).expect("the value encodes");
                assert_eq!(encoded, expected);
            }
        }
    });
    quote! {
        #![doc = " Every `example` in the spec deserializes into its generated type and serializes back unchanged."]
        #models
        #helper
        #(#tests)*
    }
}
