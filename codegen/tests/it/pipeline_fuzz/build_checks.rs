//! Generated code that parses but would not build, or not without warnings (the generated
//! crate must pass clippy -D warnings): cheap static checks, since `cargo check` per case is not.

use codegen::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What the static checks find in the emitted files, sorted; an error when a Rust file does
/// not parse.
pub fn build_problems(files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    let mut parsed = BTreeMap::new();
    for file in files {
        if file.path.extension().is_some_and(|ext| ext == "rs") {
            let syntax = syn::parse_file(&file.contents)
                .map_err(|error| format!("{} does not parse: {error}", file.path.display()))?;
            problems.extend(source_problems(&syntax, &file.contents));
            parsed.insert(file.path.to_string_lossy().into_owned(), (syntax, &file.contents));
        } else if file.path == Path::new("Cargo.toml") && !description_is_toml(&file.contents) {
            problems.push("would not build: Cargo.toml `description` is not a TOML string".to_owned());
        }
    }
    if let (Some((models, _)), Some((_, client))) = (parsed.get("src/models.rs"), parsed.get("src/client.rs")) {
        let used = idents(client.parse().expect("a parsed file tokenizes"));
        let glob = client.contains("use crate::models::*;");
        if glob && !models.items.iter().filter_map(item_name).any(|name| used.contains(&name)) {
            problems.push("warns: unused import `crate::models::*`".to_owned());
        }
        if !client.contains("pub async fn ") && !client.contains("#![allow(dead_code)]") {
            problems.push("warns: dead code in `Client` when the spec has no operations".to_owned());
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

fn source_problems(syntax: &syn::File, source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut problem = |text: &str| problems.push(text.to_owned());
    // rustc denies these in comments (text_direction_codepoint_in_comment) and literals.
    if source.chars().any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        problem("would not build: a bidirectional-text control character in generated source");
    }
    if idents(source.parse().expect("a parsed file tokenizes")).iter().any(|ident| !ident.is_ascii()) {
        problem("may warn: a non-ASCII identifier (uncommon_codepoints, mixed_script_confusables, non_snake_case)");
    }
    let clash = |names: Vec<String>| names.len() != names.iter().collect::<BTreeSet<_>>().len();
    if clash(syntax.items.iter().filter_map(item_name).collect()) {
        problem("would not build: two items with one name");
    }
    let mut methods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &syntax.items {
        match item {
            syn::Item::Struct(item)
                if clash(item.fields.iter().filter_map(|f| f.ident.as_ref().map(unraw)).collect()) =>
            {
                problem("would not build: two fields with one name");
            }
            syn::Item::Enum(item) if clash(item.variants.iter().map(|variant| unraw(&variant.ident)).collect()) => {
                problem("would not build: two variants with one name");
            }
            // Inherent methods only: a trait's `fmt` beside an inherent `fmt` is fine.
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let fns = block.items.iter().filter_map(|item| match item {
                    syn::ImplItem::Fn(function) => Some(unraw(&function.sig.ident)),
                    _ => None,
                });
                methods.entry(quote::ToTokens::to_token_stream(&block.self_ty).to_string()).or_default().extend(fns);
            }
            _ => {}
        }
    }
    if methods.into_values().any(clash) {
        problem("would not build: two methods with one name");
    }
    if alias_cycle(syntax) {
        problem("would not build: a type alias that contains itself");
    }
    problems
}

fn unraw(ident: &proc_macro2::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Const(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Mod(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        _ => return None,
    };
    Some(unraw(ident))
}

/// Every identifier in `tokens` that is not after a `::` (`Value`, not `serde_json::Value`).
fn idents(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut found = Vec::new();
    let mut after_path_separator = false;
    for tree in tokens {
        let mut colon = false;
        match tree {
            proc_macro2::TokenTree::Ident(ident) if !after_path_separator => found.push(unraw(&ident)),
            proc_macro2::TokenTree::Group(group) => found.extend(idents(group.stream())),
            proc_macro2::TokenTree::Punct(punct) => colon = punct.as_char() == ':',
            _ => {}
        }
        after_path_separator = colon;
    }
    found
}

/// `type A = A;`, `type A = Vec<B>; type B = A;`: rustc rejects alias cycles (E0391).
fn alias_cycle(syntax: &syn::File) -> bool {
    let aliases: BTreeMap<String, Vec<String>> = syntax
        .items
        .iter()
        .filter_map(|item| if let syn::Item::Type(alias) = item { Some(alias) } else { None })
        .map(|alias| (unraw(&alias.ident), idents(quote::ToTokens::to_token_stream(&alias.ty))))
        .collect();
    // Depth-first from each alias; reaching the start again is a cycle.
    aliases.keys().any(|start| {
        let mut pending: Vec<&String> = aliases[start].iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if name == start {
                return true;
            }
            if seen.insert(name) {
                pending.extend(aliases.get(name).into_iter().flatten());
            }
        }
        false
    })
}

/// `description = "…"` on one line, without quotes, backslashes or control characters inside.
fn description_is_toml(manifest: &str) -> bool {
    let Some((_, rest)) = manifest.split_once("\ndescription = \"") else { return true };
    let line = rest.split('\n').next().unwrap_or_default();
    let Some(inner) = line.strip_suffix('"') else { return false };
    // A TOML basic string: no bare quote or control character; `\` starts a known escape.
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return false,
            '\\' => match chars.next() {
                Some('"' | '\\' | 'b' | 't' | 'n' | 'f' | 'r') => {}
                Some('u') => {
                    if !(0..4).all(|_| chars.next().is_some_and(|digit| digit.is_ascii_hexdigit())) {
                        return false;
                    }
                }
                _ => return false,
            },
            c if c.is_control() => return false,
            _ => {}
        }
    }
    true
}
