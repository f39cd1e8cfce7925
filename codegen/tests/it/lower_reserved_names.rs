//! The names lower keeps away from operations and models are the generated crate's own:
//! `plan::client_methods()` is every method the runtime defines on `Client`, read from the runtime
//! files a crate carries, and `plan::crate_type_names()` every type name the emitted files import
//! beside the models or re-export at the crate root, for `spec/` and every fixture;
//! `ir::OPERATION_LOCALS` every name the emitted `impl Client` methods bind besides their
//! parameters. A name the runtime or emit adds fails here until lower reserves it; one they
//! drop, until it is freed.

use codegen::emit::is_runtime_file;
use codegen::ir::OPERATION_LOCALS;
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
    let listed: BTreeSet<String> = codegen::plan::client_methods().map(ToString::to_string).collect();
    assert_eq!(listed, defined, "the plan's client methods must be exactly the methods of the runtime's `impl Client`");
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
    found.retain(|name| codegen::plan::is_type_name(name));
    assert!(found.contains("Client"), "the client's imports were not found");
    let listed: BTreeSet<String> = codegen::plan::crate_type_names().map(ToString::to_string).collect();
    assert_eq!(listed, found, "the plan's crate type names must be exactly the type names the emitted files import");
}

/// The names a pattern binds (`None` and other paths bind nothing).
fn pattern_names(pat: &syn::Pat, out: &mut BTreeSet<String>) {
    match pat {
        syn::Pat::Ident(pat) => {
            let name = pat.ident.to_string();
            if name.starts_with(|c: char| c.is_lowercase() || c == '_') {
                out.insert(name.trim_start_matches("r#").to_owned());
            }
            if let Some((_, sub)) = &pat.subpat {
                pattern_names(sub, out);
            }
        }
        syn::Pat::Or(pat) => pat.cases.iter().for_each(|case| pattern_names(case, out)),
        syn::Pat::Paren(pat) => pattern_names(&pat.pat, out),
        syn::Pat::Reference(pat) => pattern_names(&pat.pat, out),
        syn::Pat::Slice(pat) => pat.elems.iter().for_each(|elem| pattern_names(elem, out)),
        syn::Pat::Struct(pat) => pat.fields.iter().for_each(|field| pattern_names(&field.pat, out)),
        syn::Pat::Tuple(pat) => pat.elems.iter().for_each(|elem| pattern_names(elem, out)),
        syn::Pat::TupleStruct(pat) => pat.elems.iter().for_each(|elem| pattern_names(elem, out)),
        syn::Pat::Type(pat) => pattern_names(&pat.pat, out),
        _ => {}
    }
}

/// The names `let`s, closures, `for`s, `match` arms and `if let`s bind in `stmts`, at any depth
/// (macro arguments are not read: the emitted ones bind nothing).
fn bound_names(stmts: &[syn::Stmt], out: &mut BTreeSet<String>) {
    for stmt in stmts {
        match stmt {
            syn::Stmt::Local(local) => {
                pattern_names(&local.pat, out);
                if let Some(init) = &local.init {
                    expression_names(&init.expr, out);
                    if let Some((_, diverge)) = &init.diverge {
                        expression_names(diverge, out);
                    }
                }
            }
            syn::Stmt::Expr(expr, _) => expression_names(expr, out),
            syn::Stmt::Item(_) | syn::Stmt::Macro(_) => {}
        }
    }
}

fn expression_names(expr: &syn::Expr, out: &mut BTreeSet<String>) {
    use syn::Expr;
    let mut each = |exprs: &mut dyn Iterator<Item = &Expr>| exprs.for_each(|expr| expression_names(expr, out));
    match expr {
        Expr::Array(expr) => each(&mut expr.elems.iter()),
        Expr::Assign(expr) => each(&mut [&*expr.left, &*expr.right].into_iter()),
        Expr::Async(expr) => bound_names(&expr.block.stmts, out),
        Expr::Await(expr) => expression_names(&expr.base, out),
        Expr::Binary(expr) => each(&mut [&*expr.left, &*expr.right].into_iter()),
        Expr::Block(expr) => bound_names(&expr.block.stmts, out),
        Expr::Call(expr) => each(&mut std::iter::once(&*expr.func).chain(&expr.args)),
        Expr::Cast(expr) => expression_names(&expr.expr, out),
        Expr::Closure(expr) => {
            expr.inputs.iter().for_each(|input| pattern_names(input, out));
            expression_names(&expr.body, out);
        }
        Expr::Field(expr) => expression_names(&expr.base, out),
        Expr::ForLoop(expr) => {
            pattern_names(&expr.pat, out);
            expression_names(&expr.expr, out);
            bound_names(&expr.body.stmts, out);
        }
        Expr::If(expr) => {
            expression_names(&expr.cond, out);
            bound_names(&expr.then_branch.stmts, out);
            if let Some((_, otherwise)) = &expr.else_branch {
                expression_names(otherwise, out);
            }
        }
        Expr::Index(expr) => each(&mut [&*expr.expr, &*expr.index].into_iter()),
        Expr::Let(expr) => {
            pattern_names(&expr.pat, out);
            expression_names(&expr.expr, out);
        }
        Expr::Loop(expr) => bound_names(&expr.body.stmts, out),
        Expr::Match(expr) => {
            expression_names(&expr.expr, out);
            for arm in &expr.arms {
                pattern_names(&arm.pat, out);
                expression_names(&arm.body, out);
            }
        }
        Expr::MethodCall(expr) => each(&mut std::iter::once(&*expr.receiver).chain(&expr.args)),
        Expr::Paren(expr) => expression_names(&expr.expr, out),
        Expr::Reference(expr) => expression_names(&expr.expr, out),
        Expr::Return(expr) => each(&mut expr.expr.iter().map(|expr| &**expr)),
        Expr::Struct(expr) => each(&mut expr.fields.iter().map(|field| &field.expr)),
        Expr::Try(expr) => expression_names(&expr.expr, out),
        Expr::Tuple(expr) => each(&mut expr.elems.iter()),
        Expr::Unary(expr) => expression_names(&expr.expr, out),
        Expr::While(expr) => {
            expression_names(&expr.cond, out);
            bound_names(&expr.body.stmts, out);
        }
        _ => {}
    }
}

/// The names of a method's parameters (`self` aside).
fn parameter_names(method: &syn::ImplItemFn) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for input in &method.sig.inputs {
        if let syn::FnArg::Typed(input) = input {
            pattern_names(&input.pat, &mut names);
        }
    }
    names
}

/// Every method of the `impl Client` blocks of `file`.
fn client_methods(file: &syn::File) -> impl Iterator<Item = &syn::ImplItemFn> {
    let blocks = file.items.iter().filter_map(|item| match item {
        syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
        _ => None,
    });
    let client = blocks.filter(|block| matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident("Client")));
    client.flat_map(|block| &block.items).filter_map(|member| match member {
        syn::ImplItem::Fn(method) => Some(method),
        _ => None,
    })
}

#[test]
fn operation_locals_are_every_name_an_emitted_client_method_binds() {
    let listed: BTreeSet<String> = OPERATION_LOCALS.iter().map(ToString::to_string).collect();
    let (mut found, mut unlisted) = (BTreeSet::new(), Vec::new());
    for spec in specs() {
        let name = spec.file_stem().expect("name").to_string_lossy().into_owned();
        let files = generate(&spec, &CrateOptions::new(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let Some(client) = files.iter().find(|file| file.path == Path::new("src/client.rs")) else { continue };
        for method in client_methods(&parse(&name, &client.contents)) {
            let mut bound = BTreeSet::new();
            bound_names(&method.block.stmts, &mut bound);
            // A method may rebind its own parameter (the poller's owned copies, the stream's query).
            let parameters = parameter_names(method);
            for local in bound.into_iter().filter(|local| !parameters.contains(local)) {
                if !listed.contains(&local) {
                    unlisted.push(format!("{name}: `{local}` in `{}`", method.sig.ident));
                }
                found.insert(local);
            }
        }
    }
    assert!(
        found.contains("raw") && found.contains("client"),
        "the operation and poller methods' locals were not found"
    );
    assert!(
        unlisted.is_empty(),
        "ir::OPERATION_LOCALS must list every local of an emitted `impl Client` method: {unlisted:#?}"
    );
    let unused: Vec<&String> = listed.difference(&found).collect();
    assert!(unused.is_empty(), "ir::OPERATION_LOCALS lists names no emitted method binds: {unused:?}");
}
