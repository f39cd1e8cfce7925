//! The rows against what the runtime declares for its own build and tests: its
//! `Cargo.toml`, its `lib.rs` and its files. Nothing in the plan is written twice unchecked.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn runtime() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/runtime"))
}

/// The runtime's `[dependencies]`: name → its TOML value.
fn runtime_dependencies() -> BTreeMap<String, String> {
    let manifest = std::fs::read_to_string(runtime().join("Cargo.toml")).unwrap();
    let section = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    section
        .lines()
        .filter(|line| !line.starts_with('#') && line.contains(" = "))
        .map(|line| {
            let (name, value) = line.split_once(" = ").unwrap();
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

/// `"a", "b"` inside `features = [...]`.
fn listed_features(value: &str) -> BTreeSet<String> {
    let Some(list) = value.split("features = [").nth(1) else { return BTreeSet::new() };
    let list = list.split(']').next().unwrap();
    list.split(',').map(|item| item.trim().trim_matches('"').to_owned()).filter(|item| !item.is_empty()).collect()
}

#[test]
fn every_dependency_of_the_runtime_is_a_row_with_its_version_and_features() {
    let runtime = runtime_dependencies();
    let rows: BTreeSet<&str> = DEPENDENCIES.iter().map(|row| row.name).collect();
    // The runtime's own, not a generated crate's: its benches.
    let own = ["criterion"];
    for name in runtime.keys().filter(|name| !own.contains(&name.as_str())) {
        assert!(rows.contains(name.as_str()), "the runtime depends on `{name}`, which no row of DEPENDENCIES declares");
    }
    for row in DEPENDENCIES.iter().filter(|row| row.needed != Need::Dates) {
        let value = runtime.get(row.name).unwrap_or_else(|| panic!("the runtime does not depend on `{}`", row.name));
        let version = value
            .split("version = \"")
            .nth(1)
            .map_or_else(|| value.trim_matches('"'), |v| v.split('"').next().unwrap());
        assert_eq!(version, row.version, "`{}`'s version", row.name);
        assert_eq!(
            !value.contains("default-features = false"),
            row.default_features,
            "`{}`'s default features",
            row.name
        );
        let features = listed_features(value);
        for feature in row.features {
            assert!(features.contains(*feature), "the runtime builds `{}` without its feature `{feature}`", row.name);
        }
    }
}

#[test]
fn the_tracing_feature_is_the_runtimes() {
    let manifest = std::fs::read_to_string(runtime().join("Cargo.toml")).unwrap();
    let feature = FEATURES.iter().find(|feature| feature.name == "tracing").unwrap();
    let optional: Vec<String> = DEPENDENCIES
        .iter()
        .filter(|row| row.feature == Some(feature.name))
        .map(|row| format!("\"dep:{}\"", row.name))
        .collect();
    assert!(manifest.contains(&format!("\ntracing = [{}]", optional.join(", "))), "the runtime's `tracing` feature");
}

/// The runtime's `lib.rs`: its file modules with their visibility, and its root re-exports
/// by module.
fn runtime_lib() -> (BTreeMap<String, bool>, BTreeMap<String, BTreeSet<String>>) {
    let source = std::fs::read_to_string(runtime().join("src/lib.rs")).unwrap();
    let file = syn::parse_file(&source).unwrap();
    let (mut modules, mut exports) = (BTreeMap::new(), BTreeMap::new());
    for item in &file.items {
        match item {
            // Inline modules (`models`, `client`) stand in for emitted files.
            syn::Item::Mod(module) if module.content.is_none() => {
                let public = matches!(module.vis, syn::Visibility::Public(_));
                modules.insert(module.ident.to_string(), public);
            }
            syn::Item::Use(item) => {
                let syn::UseTree::Path(path) = &item.tree else { panic!("a root `use` of a module's items") };
                let names: &mut BTreeSet<String> = exports.entry(path.ident.to_string()).or_default();
                match &*path.tree {
                    syn::UseTree::Name(name) => {
                        names.insert(name.ident.to_string());
                    }
                    syn::UseTree::Group(group) => {
                        for tree in &group.items {
                            let syn::UseTree::Name(name) = tree else { panic!("a flat list of names") };
                            names.insert(name.ident.to_string());
                        }
                    }
                    _ => panic!("a name or a list of names"),
                }
            }
            _ => {}
        }
    }
    (modules, exports)
}

#[test]
fn every_component_is_a_module_of_the_runtime_declared_and_reexported_as_in_its_lib_rs() {
    let (modules, exports) = runtime_lib();
    let rows: BTreeMap<String, bool> = COMPONENTS.iter().map(|row| (row.module.to_owned(), row.public)).collect();
    assert_eq!(rows, modules, "COMPONENTS' modules and visibility against the runtime's `mod` lines");
    let rows: BTreeMap<String, BTreeSet<String>> = COMPONENTS
        .iter()
        .filter(|row| !row.exports.is_empty())
        .map(|row| (row.module.to_owned(), row.exports.iter().map(ToString::to_string).collect()))
        .collect();
    assert_eq!(rows, exports, "COMPONENTS' re-exports against the runtime's `pub use` lines");
}

#[test]
fn every_runtime_file_is_in_exactly_one_row() {
    let src = runtime().join("src");
    let mut files: Vec<String> = crate::invariants::files(&src)
        .into_iter()
        .map(|(path, _)| path.strip_prefix(&src).unwrap().with_extension("").to_string_lossy().replace('\\', "/"))
        .collect();
    // Stand-ins for what emit writes: the crate root and the fake's spec tables.
    files.retain(|file| file != "lib" && file != "fake/spec");
    files.sort();
    let mut rows: Vec<String> = COMPONENTS.iter().flat_map(|row| row.files).map(|file| file.path.to_owned()).collect();
    rows.sort();
    assert_eq!(rows, files);
}

/// A crate carries a runtime file only when it uses it; what a file holds that only some
/// specs call says why it may go unused.
#[test]
fn every_allowance_for_unused_runtime_code_says_why() {
    for file in COMPONENTS.iter().flat_map(|row| row.files) {
        for (number, line) in file.source.lines().enumerate() {
            let allows_unused = line.contains("allow(dead_code") || line.contains("allow(unused");
            assert!(
                !allows_unused || line.contains("reason = "),
                "src/{}.rs:{}: an allowance for unused code without its reason: {line}",
                file.path,
                number + 1
            );
        }
    }
}

#[test]
fn reserved_type_names_are_type_names_and_include_every_reexport() {
    let names: BTreeSet<&str> = crate_type_names().collect();
    for expected in ["Client", "Poller", "UnknownInteger", "HeaderMap", "Deserialize", "Method", "ObjectStyle"] {
        assert!(names.contains(expected), "{expected}");
    }
    assert!(!names.contains("DEFAULT_TIMEOUT") && !names.contains("self"));
}
