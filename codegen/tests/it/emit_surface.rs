//! `API.txt` lists exactly the public items of the code beside it: every type, field,
//! variant and client method of `src/models.rs` and `src/client.rs`, and the fake's
//! collection accessors in `src/fake/spec.rs`, and the root's re-exports of the runtime
//! components only some crates carry in `src/lib.rs`, with the same types,
//! traits and deprecations, for `spec/` and every fixture. The surface is rendered from the
//! IR, not from the code, so this is what keeps the two in step when emit changes.

use crate::common::{file, fixtures, generated, repository_spec};
use codegen::surface::{Item, Kind};
use quote::ToTokens;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `kind path` → what must match: a type's or signature's text without spaces, and traits.
type Listing = BTreeMap<String, String>;

fn specs() -> Vec<PathBuf> {
    let mut specs = fixtures();
    specs.push(repository_spec());
    specs
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace("crate::models::", "")
}

fn text(tokens: impl ToTokens) -> String {
    // `impl crate::Stream<…> + use<'a>` with `&'a` arguments is listed as `impl Stream<…>`.
    compact(&tokens.to_token_stream().to_string())
        .replace("crate::Stream", "Stream")
        .replace("+use<'a>", "")
        .replace("&'a", "&")
        .replace(",>", ">")
}

/// The inherent functions of a model that construct it (setters are not listed).
const CONSTRUCTORS: &[&str] = &["new", "from_set_fields"];

fn signature(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(arg) => Some(format!("{}:{}", text(&arg.pat), text(&arg.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let returns = match &sig.output {
        syn::ReturnType::Type(_, ty) => text(ty),
        syn::ReturnType::Default => "()".to_owned(),
    };
    format!("({})->{returns}", args.join(","))
}

fn deprecated(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|attr| attr.path().is_ident("deprecated")) { "#[deprecated]" } else { "" }
}

fn derives_default(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("derive") && text(attr).contains("Default"))
}

/// A fallback's payload is not listed: any will do.
const FALLBACK: &str = "<fallback>";

/// What the surface says, in the listing's terms.
fn from_surface(surface: &str) -> Listing {
    let mut listing = Listing::new();
    for item in surface.lines().filter_map(Item::parse) {
        let flag = if item.deprecated { "#[deprecated]" } else { "" };
        let (key, value) = match item.kind {
            Kind::Crate | Kind::Const => continue,
            Kind::Field => (format!("field {}", item.path), compact(&item.rest)),
            // The payload, without the wire value; a fallback's payload is not listed.
            Kind::Variant => {
                (format!("variant {}", item.path), compact(item.rest.split(" = ").next().unwrap_or_default()))
            }
            Kind::Fallback => (format!("variant {}", item.path), FALLBACK.to_owned()),
            kind => (format!("{} {}", kind.as_str(), item.path), compact(&item.rest)),
        };
        listing.insert(key, format!("{flag}{value}"));
    }
    listing
}

/// What the code declares: models' types and members, and the client's methods.
fn from_code(models: &str, client: &str) -> Listing {
    let models = syn::parse_file(models).expect("models.rs parses");
    let mut traits: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &models.items {
        if let syn::Item::Impl(block) = item
            && let Some((path, _)) = &block.trait_
        {
            let name = path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
            traits.entry(text(&block.self_ty)).or_default().push(name);
        }
    }
    let bounds = |name: &str, default: bool| {
        let mut list: Vec<String> = traits.get(name).cloned().unwrap_or_default();
        list.retain(|name| name == "Display" || name == "ErrorBody");
        if default {
            list.insert(0, "Default".to_owned());
        }
        if list.is_empty() { String::new() } else { format!(":{}", list.join("+")) }
    };
    let mut listing = Listing::new();
    for item in &models.items {
        match item {
            syn::Item::Struct(def) if matches!(def.vis, syn::Visibility::Public(_)) => {
                let name = def.ident.to_string();
                let shape = match &def.fields {
                    syn::Fields::Unnamed(fields) => {
                        format!(
                            "({})",
                            fields.unnamed.iter().map(|field| text(&field.ty)).collect::<Vec<_>>().join(",")
                        )
                    }
                    _ => String::new(),
                };
                let head = format!("{}{shape}{}", deprecated(&def.attrs), bounds(&name, derives_default(&def.attrs)));
                listing.insert(format!("struct {name}"), head);
                // The private field of unknown fields is read through `*::unknown_fields`.
                let public = |field: &&syn::Field| matches!(field.vis, syn::Visibility::Public(_));
                for field in def.fields.iter().filter(|field| field.ident.is_some()).filter(public) {
                    let field_name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                    let value = format!("{}:{}", deprecated(&field.attrs), text(&field.ty));
                    listing.insert(format!("field {name}.{field_name}"), value);
                }
            }
            syn::Item::Enum(def) if matches!(def.vis, syn::Visibility::Public(_)) => {
                let name = def.ident.to_string();
                listing.insert(format!("enum {name}"), format!("{}{}", deprecated(&def.attrs), bounds(&name, false)));
                for variant in &def.variants {
                    let payload = match &variant.fields {
                        syn::Fields::Unnamed(fields) => format!("({})", text(&fields.unnamed)),
                        _ => String::new(),
                    };
                    listing.insert(format!("variant {name}::{}", variant.ident), payload);
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                for member in &block.items {
                    let syn::ImplItem::Fn(function) = member else { continue };
                    let name = function.sig.ident.to_string();
                    // The same accessor on every struct, listed once.
                    if name == "unknown_fields" {
                        listing.insert(format!("fn *::{name}"), signature(&function.sig).replace("crate::", ""));
                    }
                    if CONSTRUCTORS.contains(&name.as_str()) {
                        let key = format!("fn {}::{name}", text(&block.self_ty));
                        listing.insert(key, format!("{}{}", deprecated(&function.attrs), signature(&function.sig)));
                    }
                }
            }
            syn::Item::Type(def) if matches!(def.vis, syn::Visibility::Public(_)) => {
                listing.insert(format!("type {}", def.ident), format!("{}={}", deprecated(&def.attrs), text(&def.ty)));
            }
            _ => {}
        }
    }
    let client = syn::parse_file(client).expect("client.rs parses");
    for item in &client.items {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || text(&block.self_ty) != "Client" {
            continue;
        }
        for member in &block.items {
            let syn::ImplItem::Fn(method) = member else { continue };
            let name = method.sig.ident.to_string();
            if !matches!(method.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let value = format!("{}{}", deprecated(&method.attrs), signature(&method.sig));
            let kind = if method.sig.asyncness.is_some() { "async fn" } else { "fn" };
            listing.insert(format!("{kind} Client::{name}"), value);
        }
    }
    listing
}

#[test]
fn the_surface_lists_the_code() {
    let mut failures = Vec::new();
    for spec in specs() {
        let name = spec.file_stem().expect("name").to_string_lossy().into_owned();
        let files = generated(&spec, &name);
        let listed = from_surface(file(&files, codegen::surface::FILE).expect("API.txt"));
        // A crate of models only (a spec without operations) has no client.
        let mut code =
            from_code(file(&files, "src/models.rs").expect("models.rs"), file(&files, "src/client.rs").unwrap_or(""));
        if let Some(fake) = file(&files, "src/fake/spec.rs") {
            code.extend(fake_accessors(fake));
        }
        code.extend(conditional_exports(file(&files, "src/lib.rs").expect("lib.rs")));
        for (key, value) in &code {
            match listed.get(key) {
                Some(listed) if listed == FALLBACK => {}
                None => failures.push(format!("{name}: `{key}` is public but not in API.txt")),
                Some(listed) if listed != value => {
                    failures.push(format!("{name}: `{key}`: API.txt says `{listed}`, the code `{value}`"))
                }
                Some(_) => {}
            }
        }
        failures.extend(code_missing(&name, &listed, &code));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `use Name` for each root re-export of `lib.rs` from a runtime component only some crates
/// carry (one needed by something other than models or a client).
fn conditional_exports(lib: &str) -> Listing {
    use codegen::plan::COMPONENTS;
    let conditional = |module: &str| COMPONENTS.iter().any(|row| row.module == module && row.conditional());
    let mut listing = Listing::new();
    for item in &syn::parse_file(lib).expect("lib.rs parses").items {
        let syn::Item::Use(item) = item else { continue };
        let syn::UseTree::Path(path) = &item.tree else { continue };
        if !conditional(&path.ident.to_string()) {
            continue;
        }
        let names: Vec<&syn::UseTree> = match &*path.tree {
            syn::UseTree::Group(group) => group.items.iter().collect(),
            tree => vec![tree],
        };
        for tree in names {
            if let syn::UseTree::Name(name) = tree {
                listing.insert(format!("use {}", name.ident), String::new());
            }
        }
    }
    listing
}

/// The `FakeServer` accessors that the fake's spec file declares.
fn fake_accessors(spec: &str) -> Listing {
    let spec = syn::parse_file(spec).expect("fake/spec.rs parses");
    let mut listing = Listing::new();
    for item in &spec.items {
        let syn::Item::Impl(block) = item else { continue };
        if text(&block.self_ty) != "super::FakeServer" {
            continue;
        }
        for member in &block.items {
            let syn::ImplItem::Fn(method) = member else { continue };
            let value = signature(&method.sig).replace("super::", "");
            listing.insert(format!("fn fake::FakeServer::{}", method.sig.ident), value);
        }
    }
    listing
}

fn code_missing(name: &str, listed: &Listing, code: &Listing) -> Vec<String> {
    listed
        .keys()
        .filter(|key| !code.contains_key(*key))
        .map(|key| format!("{name}: API.txt lists `{key}`, the code has no such item"))
        .collect()
}
