//! Invariants of the generator's own source (ARCHITECTURE.md, "Invariants"), checked by
//! reading it: which module may use which, and what only one module may do.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text (but this one's, which names what it looks for).
pub(crate) fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") && !path.ends_with("src/invariants.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file of `src/` belongs to: `lower` for `src/lower/lro.rs`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its `#[cfg(test)]` modules and comments: what it depends on.
fn code(text: &str) -> String {
    let lines = text.lines().take_while(|line| line.trim() != "#[cfg(test)]");
    lines.filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Top-level module → the top-level modules its code names as `crate::x` or `super::x`
/// from its root file.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = files(&src());
    let modules: BTreeSet<String> = files.iter().map(|(path, _)| module_of(path)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &files {
        let from = module_of(path);
        let code = code(text);
        let uses = graph.entry(from.clone()).or_default();
        for to in modules.iter().filter(|to| **to != from && !["lib", "invariants"].contains(&to.as_str())) {
            let named = |prefix: &str| {
                code.match_indices(&format!("{prefix}{to}")).any(|(at, found)| {
                    let next = code[at + found.len()..].chars().next();
                    !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            };
            if named("crate::") || named("crate::{") {
                uses.insert(to.clone());
            }
        }
    }
    graph
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let graph = graph();
    assert!(graph["emit"].contains("plan") && graph["lower"].contains("ir"), "the graph was not read: {graph:?}");
    // Depth-first search for a cycle; the path to it is the message.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|seen| *seen == node) {
            panic!("a circle of modules: {}", [&path[at..], &[node]].concat().join(" → "));
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn stages_only_look_forward() {
    let graph = graph();
    let forbidden = [
        ("load", &["lower", "emit", "render", "stages", "release", "report"][..]),
        ("lower", &["emit", "render", "stages", "release", "report"][..]),
        ("emit", &["load", "stages", "release", "report", "upstream"][..]),
        ("render", &["load", "lower", "emit", "stages"][..]),
        ("plan", &["load", "lower", "emit", "render"][..]),
        ("ir", &["load", "lower", "emit", "render", "plan"][..]),
        ("surface", &["emit", "report", "release"][..]),
        ("report", &["load", "lower", "emit", "render", "stages"][..]),
        ("release", &["load", "lower", "emit", "render", "stages"][..]),
    ];
    for (from, never) in forbidden {
        for to in never {
            assert!(!graph[from].contains(*to), "`{from}` must not use `{to}`");
        }
    }
}

#[test]
fn only_load_touches_yaml() {
    for (path, text) in files(&src()) {
        if module_of(&path) != "load" {
            assert!(!code(&text).contains("serde_yaml"), "{} uses serde_yaml", path.display());
        }
    }
}

#[test]
fn pointer_segments_are_escaped_only_in_pointer_rs() {
    for (path, text) in files(&src()) {
        if module_of(&path) != "pointer" {
            let code = code(&text);
            assert!(
                !code.contains("\"~1\"") && !code.contains("\"~0\""),
                "{} escapes pointer segments",
                path.display()
            );
        }
    }
}

/// Nothing in the generator or the runtime knows the API it was first written for.
#[test]
fn the_generator_knows_no_api() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
    for (path, text) in files(&src()).into_iter().chain(files(&runtime)) {
        let lower = code(&text).to_lowercase();
        for word in ["redpanda", "user_invite", "userinvite", "user-invite"] {
            assert!(!lower.contains(word), "{} mentions {word}", path.display());
        }
    }
}
