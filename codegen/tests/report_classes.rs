//! The change report's classification rules, as a table: each row edits a base spec and
//! names every change the report must list (class, verb, item) and the bump it needs.
//! The generated crate is at 0.1.0, so breaking means a minor bump and additive a patch.

mod common;

use codegen::emit::surface;
use codegen::report::{Bump, Report, compare};
use codegen::{CrateOptions, lower_spec};
use common::{SpecDir, standalone};
use std::path::{Path, PathBuf};
use std::process::Command;

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: ThingService_GetThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
        '404':
          description: missing
          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
        '500':
          description: broken
          content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}
    patch:
      operationId: ThingService_UpdateThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: validate_only, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ThingUpdate'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        kind: {$ref: '#/components/schemas/ThingKind'}
    ThingUpdate:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
    ThingKind:
      type: string
      enum: [THING_KIND_SMALL, THING_KIND_LARGE]
    Problem:
      type: object
      properties:
        title: {type: string}
    Status:
      type: object
      properties:
        message: {type: string}
"#;

/// A spec edit: every occurrence of the first text becomes the second.
type Edit = (&'static str, &'static str);

struct Row {
    name: &'static str,
    edits: &'static [Edit],
    /// `class verb item`, in report order (breaking first, then by item).
    changes: &'static [&'static str],
    bump: Bump,
}

const KIND: &str = "        kind: {$ref: '#/components/schemas/ThingKind'}";
const UPDATE_PROPS: &str = "    ThingUpdate:\n      type: object\n      required: [id]";
const PATCH_PARAMS: &str = "        - {name: validate_only, in: query, schema: {type: boolean}}";
const GET_PARAMS: &str = "      operationId: ThingService_GetThing\n      parameters:";
const GET_500: &str = "        '500':";

const ROWS: &[Row] = &[
    Row {
        name: "optional field",
        edits: &[(KIND, "        kind: {$ref: '#/components/schemas/ThingKind'}\n        nickname: {type: string}")],
        changes: &["additive added Thing.nickname"],
        bump: Bump::Patch,
    },
    Row {
        name: "enum value",
        edits: &[("THING_KIND_LARGE]", "THING_KIND_LARGE, THING_KIND_HUGE]")],
        changes: &["additive added ThingKind::Huge"],
        bump: Bump::Patch,
    },
    Row {
        name: "enum value that breaks the shared prefix renames every variant",
        edits: &[("THING_KIND_LARGE]", "THING_KIND_LARGE, UNSPECIFIED]")],
        changes: &[
            "breaking removed ThingKind::Large",
            "breaking removed ThingKind::Small",
            "additive added ThingKind::ThingKindLarge",
            "additive added ThingKind::ThingKindSmall",
            "additive added ThingKind::Unspecified",
        ],
        bump: Bump::Minor,
    },
    Row {
        name: "operation",
        edits: &[(
            "    patch:",
            "    delete:\n      operationId: ThingService_DeleteThing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: gone}\n    patch:",
        )],
        changes: &["additive added Client::delete_thing"],
        bump: Bump::Patch,
    },
    Row {
        name: "long-running operation",
        edits: &[
            (
                "paths:\n",
                "paths:\n  /operations/{id}:\n    get:\n      operationId: OperationService_GetOperation\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Operation'}}}\n        '500':\n          description: broken\n          content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}\n  /things:\n    post:\n      operationId: ThingService_CreateThing\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/ThingUpdate'}}}\n      responses:\n        '202':\n          description: started\n          content: {application/json: {schema: {$ref: '#/components/schemas/Operation'}}}\n        '500':\n          description: broken\n          content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}\n",
            ),
            (
                "    Problem:",
                "    Operation:\n      type: object\n      properties:\n        id: {type: string}\n        done: {type: boolean}\n        error: {$ref: '#/components/schemas/Status'}\n        response: {}\n        metadata: {}\n    Problem:",
            ),
        ],
        changes: &[
            "additive added Client::create_thing",
            "additive added Client::create_thing_poller",
            "additive added Client::get_operation",
            "additive added Client::resume_create_thing",
            "additive added Operation",
            "additive added fake::FakeServer::operations",
        ],
        bump: Bump::Patch,
    },
    Row {
        name: "documented status of an operation with a per-status error enum",
        edits: &[(
            GET_500,
            "        '409':\n          description: conflict\n          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}\n        '500':",
        )],
        changes: &["additive added GetThingError::Conflict"],
        bump: Bump::Patch,
    },
    Row {
        name: "documented status that changes an operation's error type",
        edits: &[(
            "content: {application/json: {schema: {$ref: '#/components/schemas/ThingUpdate'}}}\n      responses:",
            "content: {application/json: {schema: {$ref: '#/components/schemas/ThingUpdate'}}}\n      responses:\n        '404':\n          description: missing\n          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}",
        )],
        changes: &["breaking changed Client::update_thing"],
        bump: Bump::Minor,
    },
    Row {
        name: "new type",
        edits: &[
            (
                KIND,
                "        kind: {$ref: '#/components/schemas/ThingKind'}\n        label: {$ref: '#/components/schemas/Label'}",
            ),
            (
                "    Problem:",
                "    Label:\n      type: object\n      properties:\n        text: {type: string}\n    Problem:",
            ),
        ],
        changes: &["additive added Label", "additive added Thing.label"],
        bump: Bump::Patch,
    },
    Row {
        name: "removed field",
        edits: &[("        name: {type: string}\n        kind:", "        kind:")],
        changes: &["breaking removed Thing.name"],
        bump: Bump::Minor,
    },
    Row {
        name: "field type",
        edits: &[("        name: {type: string}\n        kind:", "        name: {type: integer}\n        kind:")],
        changes: &["breaking changed Thing.name"],
        bump: Bump::Minor,
    },
    Row {
        name: "optional field of a request made required",
        edits: &[(UPDATE_PROPS, "    ThingUpdate:\n      type: object\n      required: [id, name]")],
        changes: &["breaking changed ThingUpdate.name", "breaking changed ThingUpdate::new"],
        bump: Bump::Minor,
    },
    Row {
        name: "required field in a request type",
        edits: &[
            (
                "        name: {type: string}\n    ThingKind:",
                "        name: {type: string}\n        owner: {type: string}\n    ThingKind:",
            ),
            (UPDATE_PROPS, "    ThingUpdate:\n      type: object\n      required: [id, owner]"),
        ],
        changes: &["breaking added ThingUpdate.owner", "breaking changed ThingUpdate::new"],
        bump: Bump::Minor,
    },
    Row {
        name: "required field in a response type",
        edits: &[
            (KIND, "        kind: {$ref: '#/components/schemas/ThingKind'}\n        created_by: {type: string}"),
            (
                "      required: [id]\n      properties:\n        id: {type: string}\n        name: {type: string}\n        kind",
                "      required: [id, created_by]\n      properties:\n        id: {type: string}\n        name: {type: string}\n        kind",
            ),
        ],
        // The client only receives `Thing`: it has no setters or `new` whose signature could change.
        changes: &["additive added Thing.created_by"],
        bump: Bump::Patch,
    },
    Row {
        name: "required field in a type that had Default",
        edits: &[(
            "    Problem:\n      type: object\n      properties:",
            "    Problem:\n      type: object\n      required: [code]\n      properties:\n        code: {type: integer}",
        )],
        changes: &["breaking changed Problem", "additive added Problem.code"],
        bump: Bump::Minor,
    },
    Row {
        name: "optional query parameter",
        edits: &[(
            PATCH_PARAMS,
            "        - {name: validate_only, in: query, schema: {type: boolean}}\n        - {name: force, in: query, schema: {type: boolean}}",
        )],
        changes: &["additive added UpdateThingQuery.force"],
        bump: Bump::Patch,
    },
    Row {
        name: "required query parameter",
        edits: &[(
            PATCH_PARAMS,
            "        - {name: validate_only, in: query, schema: {type: boolean}}\n        - {name: etag, in: query, required: true, schema: {type: string}}",
        )],
        changes: &[
            "breaking changed UpdateThingQuery",
            "breaking added UpdateThingQuery.etag",
            "additive added UpdateThingQuery::new",
        ],
        bump: Bump::Minor,
    },
    Row {
        name: "header argument",
        edits: &[(
            GET_PARAMS,
            "      operationId: ThingService_GetThing\n      parameters:\n        - {name: x-request-id, in: header, schema: {type: string}}",
        )],
        changes: &["breaking changed Client::get_thing"],
        bump: Bump::Minor,
    },
    Row {
        name: "renamed operation",
        edits: &[("ThingService_UpdateThing", "ThingService_EditThing")],
        changes: &[
            "breaking removed Client::update_thing",
            "breaking removed UpdateThingQuery",
            "additive added Client::edit_thing",
            "additive added EditThingQuery",
        ],
        bump: Bump::Minor,
    },
    Row {
        name: "renamed schema",
        edits: &[("Problem", "ApiProblem")],
        changes: &["breaking changed GetThingError::NotFound", "breaking removed Problem", "additive added ApiProblem"],
        bump: Bump::Minor,
    },
    Row {
        name: "deprecated field",
        edits: &[(
            "        name: {type: string}\n        kind:",
            "        name: {type: string, deprecated: true}\n        kind:",
        )],
        changes: &["additive changed Thing.name"],
        bump: Bump::Patch,
    },
    Row {
        name: "server URL",
        edits: &[("paths:\n", "servers: [{url: 'https://things.example.com'}]\npaths:\n")],
        changes: &["additive added DEFAULT_BASE_URL"],
        bump: Bump::Patch,
    },
    Row {
        name: "documentation only",
        edits: &[("    Thing:\n      type: object", "    Thing:\n      description: A thing.\n      type: object")],
        changes: &[],
        bump: Bump::None,
    },
];

fn surface_of(name: &str, spec: &str) -> String {
    let api = lower_spec(&SpecDir::yaml("report", spec).0).unwrap_or_else(|error| panic!("{name}: {error}"));
    surface::render(&api, &CrateOptions::new("things"))
}

fn summary(report: &Report) -> Vec<String> {
    report
        .changes
        .iter()
        .map(|change| format!("{:?} {:?} {}", change.class, change.verb, change.path).to_lowercase())
        .collect()
}

#[test]
fn each_spec_edit_is_classified() {
    let base = surface_of("base", BASE);
    let mut failures = Vec::new();
    for row in ROWS {
        let mut spec = BASE.to_owned();
        for (from, to) in row.edits {
            assert!(spec.contains(from), "{}: the base spec has no {from:?}", row.name);
            spec = spec.replace(from, to);
        }
        let report = compare(Some(&base), &surface_of(row.name, &spec));
        let expected: Vec<String> = row.changes.iter().map(|line| line.to_lowercase()).collect();
        if summary(&report) != expected || report.bump() != row.bump {
            failures.push(format!("{}: expected {expected:?} ({:?}), got:\n{report}", row.name, row.bump));
        }
        // The word is kept for breaking changes.
        assert_eq!(report.to_string().contains("breaking"), report.is_breaking(), "{}:\n{report}", row.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_report_names_the_next_version() {
    let base = surface_of("base", BASE);
    let edited = BASE.replace("THING_KIND_LARGE]", "THING_KIND_LARGE, THING_KIND_HUGE]");
    let report = compare(Some(&base), &surface_of("additive", &edited)).to_string();
    let expected = "API report: 1 change(s) to the public API (API.txt):\n  additive  added    variant ThingKind::Huge = \"THING_KIND_HUGE\"\nadditive: release as 0.1.1, a patch bump from 0.1.0";
    assert!(report.starts_with(expected), "{report}");
    let edited = BASE.replace("        name: {type: string}\n        kind:", "        kind:");
    let report = compare(Some(&base), &surface_of("breaking", &edited)).to_string();
    assert!(
        report.contains(
            "  breaking  removed  field Thing.name: Option<String>\nbreaking: release as 0.2.0, a minor bump from 0.1.0"
        ),
        "{report}"
    );
}

#[test]
fn an_unchanged_spec_reports_no_change() {
    let base = surface_of("base", BASE);
    let report = compare(Some(&base), &base);
    assert!(report.changes.is_empty() && report.bump() == Bump::None);
    assert_eq!(report.to_string(), "API report: no change to the public API (API.txt is unchanged)");
}

/// Rows whose breaking change cargo-semver-checks does not see, and why: it compares item
/// signatures as rustdoc shows them, and has no lint for these.
const SEMVER_CHECKS_BLIND: &[(&str, &str)] = &[
    (
        "documented status that changes an operation's error type",
        "a method's return type changes (`Error<()>` → `Error<UpdateThingError>`): no lint compares return types",
    ),
    ("field type", "a pub field's type changes (`Option<String>` → `Option<i64>`): no lint compares field types"),
    (
        "required field in a type that had Default",
        "`#[derive(Default)]` is dropped: derive_trait_impl_removed does not fire for it (cargo-semver-checks 0.51)",
    ),
    (
        "required query parameter",
        "`#[derive(Default)]` is dropped and callers send an empty required value: derive_trait_impl_removed \
         does not fire, and a new field in a `#[non_exhaustive]` struct is not breaking to the compiler",
    ),
];

/// Every row's edit, as crates, through cargo-semver-checks: the release type our report
/// names (`Report::release_type`: major for breaking, minor for additive) must pass; where
/// our report says breaking, a minor one must fail, unless the row is in [`SEMVER_CHECKS_BLIND`]. Needs cargo-semver-checks (`cargo install
/// cargo-semver-checks --locked`); `.ci/run` installs it and runs
/// `cargo test -p codegen --test report_classes -- --ignored`.
#[test]
#[ignore = "needs cargo-semver-checks; run with -- --ignored"]
fn cargo_semver_checks_agrees() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("semver-checks");
    // One target directory for every crate: their dependencies compile once.
    let target = work.join("target");
    let base = write_crate(&work, "base", BASE);
    let (mut agreed, mut blind, mut failures) = (Vec::new(), Vec::new(), Vec::new());
    for (index, row) in ROWS.iter().enumerate() {
        let mut spec = BASE.to_owned();
        for (from, to) in row.edits {
            spec = spec.replace(from, to);
        }
        let dir = write_crate(&work, &format!("row-{index}"), &spec);
        let report = compare(Some(&surface_of("base", BASE)), &surface_of(row.name, &spec));
        let ours = report.release_type();
        let as_ours = semver_checks(&dir, &base, ours, &target);
        if !as_ours.is_empty() {
            failures
                .push(format!("{}: our report says {ours}; cargo-semver-checks finds {as_ours:?}\n{report}", row.name));
            continue;
        }
        if !report.is_breaking() {
            agreed.push(format!("{} ({ours})", row.name));
            continue;
        }
        let as_additive = semver_checks(&dir, &base, "minor", &target);
        let listed = SEMVER_CHECKS_BLIND.iter().any(|(name, _)| *name == row.name);
        match (as_additive.is_empty(), listed) {
            (false, false) => agreed.push(format!("{} (breaking: {})", row.name, as_additive.join(", "))),
            (true, true) => blind.push(row.name),
            (true, false) => failures.push(format!(
                "{}: breaking in our report, unseen by cargo-semver-checks: list it in SEMVER_CHECKS_BLIND with the reason\n{report}",
                row.name
            )),
            (false, true) => failures.push(format!(
                "{}: cargo-semver-checks now sees it ({}): remove it from SEMVER_CHECKS_BLIND",
                row.name,
                as_additive.join(", ")
            )),
        }
    }
    eprintln!("cargo-semver-checks agrees on {} row(s):\n  {}", agreed.len(), agreed.join("\n  "));
    eprintln!("breaking, unseen by cargo-semver-checks (listed): {} row(s): {blind:?}", blind.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(agreed.len() + blind.len(), ROWS.len());
}

/// Writes the standalone crate of `spec` to `work/name`.
fn write_crate(work: &Path, name: &str, spec: &str) -> PathBuf {
    let spec_path = work.join(format!("{name}.yaml"));
    std::fs::create_dir_all(work).expect("work dir");
    std::fs::write(&spec_path, spec).expect("write spec");
    let files = codegen::generate(&spec_path, &standalone("things")).unwrap_or_else(|error| panic!("{name}: {error}"));
    let dir = work.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        std::fs::write(&path, file.contents).expect("write");
    }
    dir
}

/// The lints cargo-semver-checks fails `current` on, as a `release_type` release after
/// `baseline`; empty when it passes. A run that fails without a lint (a build error) panics.
fn semver_checks(current: &Path, baseline: &Path, release_type: &str, target: &Path) -> Vec<String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .args(["--release-type", release_type])
        // TLS features change no API: without them neither TLS stack is compiled.
        .arg("--only-explicit-features")
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo semver-checks (cargo install cargo-semver-checks --locked)");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let lints: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("--- failure ")?.split(':').next().map(str::to_owned))
        .collect();
    assert!(
        output.status.success() || !lints.is_empty(),
        "cargo semver-checks failed without a lint on {}:\n{text}",
        current.display()
    );
    lints
}
