//! The names lower keeps away from operations and models are the generated crate's own:
//! `ir::CLIENT_METHODS` is every method the runtime defines on `Client`, read from the runtime
//! files a crate carries, and `ir::CRATE_TYPE_NAMES` every type name the emitted files import
//! beside the models or re-export at the crate root, for `spec/` and every fixture. A name
//! the runtime or emit adds fails here until lower reserves it; one they drop, until it is freed.

use codegen::emit::is_runtime_file;
use codegen::ir::{CLIENT_METHODS, CRATE_TYPE_NAMES};
use codegen::{CrateOptions, generate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, by its path relative to `base` with `/` separators.
fn rust_files(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(base, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path.strip_prefix(base).expect("under base").to_string_lossy().replace('\\', "/");
            out.push((relative, path));
        }
    }
}

fn parse(name: &str, source: &str) -> syn::File {
    syn::parse_file(source).unwrap_or_else(|error| panic!("{name} parses: {error}"))
}

#[test]
fn client_methods_are_the_runtimes() {
    let runtime = root().join("runtime");
    let mut files = Vec::new();
    rust_files(&runtime, &runtime.join("src"), &mut files);
    let mut defined = BTreeSet::new();
    // Only the files crates carry: the runtime's `lib.rs` has a stand-in of the emitted client.
    for (name, path) in files.iter().filter(|(name, _)| is_runtime_file(name)) {
        let file = parse(name, &std::fs::read_to_string(path).expect("read"));
        for item in &file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
            if block.trait_.is_some() || !self_ty.path.is_ident("Client") {
                continue;
            }
            for member in &block.items {
                if let syn::ImplItem::Fn(method) = member {
                    defined.insert(method.sig.ident.to_string());
                }
            }
        }
    }
    assert!(defined.contains("execute"), "the runtime's `impl Client` was not found");
    let listed: BTreeSet<String> = CLIENT_METHODS.iter().map(ToString::to_string).collect();
    assert_eq!(listed, defined, "ir::CLIENT_METHODS must list exactly the methods of the runtime's `impl Client`");
}

/// A name a type could take: `UserInvite`, not `DEFAULT_TIMEOUT`, `decode` or `reqwest`.
fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.contains(|c: char| c.is_ascii_lowercase())
}

/// The names `use` items bring into the scope of `items` (globs name nothing) and of the
/// function bodies there; a nested module is a scope of its own, without the models.
fn imported(items: &[syn::Item], out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Use(item) => use_tree(&item.tree, out),
            syn::Item::Fn(function) => {
                let nested: Vec<syn::Item> = function
                    .block
                    .stmts
                    .iter()
                    .filter_map(|stmt| match stmt {
                        syn::Stmt::Item(item) => Some(item.clone()),
                        _ => None,
                    })
                    .collect();
                imported(&nested, out);
            }
            _ => {}
        }
    }
}

fn use_tree(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(path) => use_tree(&path.tree, out),
        syn::UseTree::Name(name) => {
            out.insert(name.ident.to_string());
        }
        syn::UseTree::Rename(rename) => {
            out.insert(rename.rename.to_string());
        }
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_tree(tree, out)),
    }
}

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("fixtures dir")
        .map(|entry| entry.expect("entry").path())
        .collect();
    specs.sort();
    specs.push(root().join("../spec"));
    specs
}

#[test]
fn crate_type_names_are_what_the_crate_puts_beside_its_models() {
    let mut found = BTreeSet::new();
    for spec in specs() {
        let name = spec.file_stem().expect("name").to_string_lossy().into_owned();
        let files = generate(&spec, &CrateOptions::new(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        for file in &files {
            let path = file.path.to_string_lossy();
            if path.ends_with(".rs") && !is_runtime_file(&path) {
                imported(&parse(&path, &file.contents).items, &mut found);
            }
        }
    }
    found.retain(|name| is_type_name(name));
    assert!(found.contains("Client"), "the client's imports were not found");
    let listed: BTreeSet<String> = CRATE_TYPE_NAMES.iter().map(ToString::to_string).collect();
    assert_eq!(listed, found, "ir::CRATE_TYPE_NAMES must list exactly the type names the emitted files import");
}
