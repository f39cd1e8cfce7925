//! The output budget: how many lines each spec-dependent file of each fixture (and of
//! `spec/`) may have, committed in `codegen/tests/budget.txt`. The snapshots show what
//! changed; this shows what it costs, per operation and per schema, and fails when output
//! grows past the budget unnoticed. A deliberate growth updates the budget in the same
//! commit (`BUDGET_UPDATE=1 cargo test -p codegen --test it pipeline_budget`); the update
//! also takes a shrink in, so the budget stays tight.

use codegen::CrateOptions;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const BUDGET: &str = "tests/budget.txt";

/// What one file of one spec's crate costs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cost {
    lines: usize,
    /// What the file grows with: `operation`, `schema` or both.
    unit: &'static str,
    units: usize,
}

impl Cost {
    fn per_unit(&self) -> f64 {
        self.lines as f64 / self.units.max(1) as f64
    }
}

/// What a file's length follows: the client's operations, the models' schemas, or both.
fn unit(path: &str) -> &'static str {
    match path {
        "src/client.rs" => "operation",
        "src/models.rs" | "tests/examples.rs" => "schema",
        _ => "operation+schema",
    }
}

/// `spec/` and every fixture, by name.
fn specs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![("spec".to_owned(), root.join("../spec"))];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures dir")
        .map(|entry| entry.expect("entry").path())
        .collect();
    fixtures.sort();
    for fixture in fixtures {
        let stem = fixture.file_stem().expect("file name").to_string_lossy().into_owned();
        specs.push((stem, fixture));
    }
    specs
}

/// Every spec-dependent file's cost, keyed `spec file`; runtime copies are the same for
/// every crate and not counted.
fn measure() -> BTreeMap<String, Cost> {
    let mut costs = BTreeMap::new();
    for (name, spec) in specs() {
        let api = codegen::lower_spec(&spec).unwrap_or_else(|error| panic!("{name}: {error}"));
        let files = codegen::generate(&spec, &CrateOptions::new(&name)).unwrap_or_else(|error| panic!("{error}"));
        for file in files {
            let path = file.path.to_string_lossy().into_owned();
            if codegen::emit::is_runtime_file(&path) {
                continue;
            }
            let unit = unit(&path);
            let units = match unit {
                "operation" => api.operations.len(),
                "schema" => api.types.len(),
                _ => api.operations.len() + api.types.len(),
            };
            costs.insert(format!("{name} {path}"), Cost { lines: file.contents.lines().count(), unit, units });
        }
    }
    costs
}

fn render(costs: &BTreeMap<String, Cost>) -> String {
    let mut out = String::from(
        "# Lines of each generated file that depends on the spec, per fixture: `spec file lines per-unit unit`.\n\
         # Checked by tests/it/pipeline_budget.rs; update with `BUDGET_UPDATE=1 cargo test -p codegen --test it pipeline_budget`.\n",
    );
    for (key, cost) in costs {
        let _ = writeln!(out, "{key} {} {:.1} per {}", cost.lines, cost.per_unit(), cost.unit);
    }
    out
}

/// `spec file` → budgeted lines.
fn parse(text: &str) -> BTreeMap<String, usize> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let lines =
                fields.get(2).and_then(|lines| lines.parse().ok()).unwrap_or_else(|| panic!("bad line: {line}"));
            (format!("{} {}", fields[0], fields[1]), lines)
        })
        .collect()
}

#[test]
fn generated_lines_stay_within_the_budget() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BUDGET);
    let costs = measure();
    if std::env::var_os("BUDGET_UPDATE").is_some() {
        std::fs::write(&path, render(&costs)).expect("write the budget");
        return;
    }
    let budget = parse(&std::fs::read_to_string(&path).unwrap_or_default());
    let mut over = Vec::new();
    for (key, cost) in &costs {
        match budget.get(key) {
            Some(&allowed) if cost.lines <= allowed => {}
            Some(&allowed) => over.push(format!(
                "  {key}: {} lines, budget {allowed} (+{:.1}%; {:.1} per {})",
                cost.lines,
                (cost.lines as f64 / allowed as f64 - 1.0) * 100.0,
                cost.per_unit(),
                cost.unit
            )),
            None => over.push(format!("  {key}: {} lines, not in the budget", cost.lines)),
        }
    }
    // A line for a file no spec generates any more is stale.
    over.extend(
        budget.keys().filter(|key| !costs.contains_key(*key)).map(|key| format!("  {key}: no longer generated")),
    );
    assert!(
        over.is_empty(),
        "generated output does not fit {BUDGET}:\n{}\nIf the growth is deliberate, run \
         `BUDGET_UPDATE=1 cargo test -p codegen --test it pipeline_budget` and commit codegen/{BUDGET} with the change.",
        over.join("\n")
    );
}
