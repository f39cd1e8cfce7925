//! The change report's classification rules, as a table: each row edits a base spec and
//! names every change the report must list (class, verb, item) and the bump it needs.
//! The generated crate is at 0.1.0, so breaking means a minor bump and additive a patch.

use crate::common::{self, SpecDir, standalone};
use codegen::emit::surface;
use codegen::plan::Uses;
use codegen::report::{Bump, Report, compare};
use codegen::{CrateOptions, lower_spec};
use heck::ToUpperCamelCase;
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
            "additive added PollPolicy",
            "additive added Poller",
            "additive added PollingResult",
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
    surface::render(&api, Uses::of(&api), &CrateOptions::new("things"))
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

/// The runtime items a crate carries only for some shapes are in the report too: a spec that
/// loses its last long-running operation loses the root's `Poller`, which breaks its users.
#[test]
fn losing_the_last_long_running_operation_removes_the_pollers_re_exports() {
    let row = ROWS.iter().find(|row| row.name == "long-running operation").expect("the row");
    let mut spec = BASE.to_owned();
    for (from, to) in row.edits {
        spec = spec.replace(from, to);
    }
    let report = compare(Some(&surface_of(row.name, &spec)), &surface_of("base", BASE));
    let summary = summary(&report);
    for name in ["pollpolicy", "poller", "pollingresult"] {
        assert!(summary.contains(&format!("breaking removed {name}")), "{name}: {summary:?}");
    }
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
/// `cargo test -p codegen --test it report_classes -- --ignored`.
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

/// An edit that only adds to a spec.
#[derive(Debug, Clone)]
enum Addition {
    /// A new component schema.
    Schema,
    /// An optional string property on the n-th object schema.
    Property(usize),
    /// A new operation: a list of new items under the n-th existing array property's name
    /// (the name a fake accessor takes), or a GET of one resource on an item path; on a path
    /// sorted before or after the others.
    Operation(usize, bool, bool),
    /// A value at the end of the n-th string enum.
    EnumValue(usize),
    /// A new error status on the n-th operation, with the body of one of its error statuses.
    Response(usize),
    /// A schema spelt as the n-th one with `__` after it: the same type name, converted, and
    /// farther from it than any fixture's spelling (the nearest spelling keeps a name).
    ClashingSchema(usize),
    /// A GET that shares the n-th operation's operationId, one segment below its path.
    DuplicateOperationId(usize),
    /// A value of the n-th string enum spelt as its first with `__` after it: the same variant.
    ClashingEnumValue(usize),
    /// An inline object property whose synthesised type name is one already there: a
    /// component's (`Thing` + `Kind` beside `ThingKind`, or a new `User` with `Invite` beside
    /// `UserInvite`) or another inline type's (`Status` after `status`, on the same object).
    ClashingInlineType(usize),
}

fn additions() -> impl proptest::strategy::Strategy<Value = Vec<Addition>> {
    use proptest::prelude::*;
    let addition = prop_oneof![
        Just(Addition::Schema),
        any::<usize>().prop_map(Addition::Property),
        (any::<usize>(), any::<bool>(), any::<bool>())
            .prop_map(|(index, item, first)| Addition::Operation(index, item, first)),
        any::<usize>().prop_map(Addition::EnumValue),
        any::<usize>().prop_map(Addition::Response),
        any::<usize>().prop_map(Addition::ClashingSchema),
        any::<usize>().prop_map(Addition::DuplicateOperationId),
        any::<usize>().prop_map(Addition::ClashingEnumValue),
        any::<usize>().prop_map(Addition::ClashingInlineType),
    ];
    proptest::collection::vec(addition, 1..4)
}

fn yaml_key(key: &str) -> serde_yaml::Value {
    serde_yaml::Value::String(key.to_owned())
}

/// The mappings at `root[a][b]…`, created when missing.
fn entry<'v>(root: &'v mut serde_yaml::Value, keys: &[&str]) -> Option<&'v mut serde_yaml::Mapping> {
    let mut value = root;
    for key in keys {
        let mapping = value.as_mapping_mut()?;
        if !mapping.contains_key(*key) {
            mapping.insert(yaml_key(key), serde_yaml::Value::Mapping(Default::default()));
        }
        value = mapping.get_mut(*key)?;
    }
    value.as_mapping_mut()
}

/// Applies `addition` (the `n`-th of the case: its names are new) to a root document.
fn add(root: &mut serde_yaml::Value, addition: &Addition, n: usize) {
    use serde_yaml::Value;
    let parsed = |text: &str| serde_yaml::from_str::<Value>(text).expect("an addition is YAML");
    match addition {
        Addition::Schema => {
            let schemas = entry(root, &["components", "schemas"]).expect("components");
            schemas
                .insert(yaml_key(&format!("ZzAdded{n}")), parsed("{type: object, properties: {note: {type: string}}}"));
        }
        Addition::Property(index) => {
            let Some(schemas) = entry(root, &["components", "schemas"]) else { return };
            let objects: Vec<&mut Value> =
                schemas.values_mut().filter(|schema| schema.get("properties").is_some_and(Value::is_mapping)).collect();
            let count = objects.len();
            if let Some(schema) = objects.into_iter().nth(index % count.max(1)) {
                let properties = schema.get_mut("properties").and_then(Value::as_mapping_mut).expect("properties");
                properties.insert(yaml_key(&format!("zz_added_{n}")), parsed("{type: string}"));
            }
        }
        Addition::Operation(index, item, first) => {
            let prefix = if *first { "/a" } else { "/zz-added" };
            let mut arrays = Vec::new();
            array_properties(root, &mut arrays);
            let field = arrays.get(index % arrays.len().max(1)).cloned().unwrap_or_else(|| "items".to_owned());
            let schemas = entry(root, &["components", "schemas"]).expect("components");
            schemas.insert(yaml_key(&format!("ZzItem{n}")), parsed("{type: object, properties: {id: {type: string}}}"));
            let (path, operation) = if *item {
                (
                    format!("{prefix}{n}/{{zz_id}}"),
                    format!(
                        "{{get: {{operationId: zzGetAdded{n}, parameters: [{{name: zz_id, in: path, required: true, schema: {{type: string}}}}], responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{{field}: {{type: array, items: {{$ref: '#/components/schemas/ZzItem{n}'}}}}}}}}}}}}}}}}}}}}"
                    ),
                )
            } else {
                (
                    format!("{prefix}{n}"),
                    format!(
                        "{{get: {{operationId: zzListAdded{n}, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{{field}: {{type: array, items: {{$ref: '#/components/schemas/ZzItem{n}'}}}}}}}}}}}}}}}}}}}}"
                    ),
                )
            };
            let paths = entry(root, &["paths"]).expect("paths");
            paths.insert(yaml_key(&path), parsed(&operation));
        }
        Addition::EnumValue(index) => {
            let Some(schemas) = entry(root, &["components", "schemas"]) else { return };
            let enums: Vec<&mut Value> = schemas
                .values_mut()
                .filter(|schema| {
                    schema
                        .get("enum")
                        .and_then(Value::as_sequence)
                        .is_some_and(|values| values.iter().all(Value::is_string))
                })
                .collect();
            let count = enums.len();
            if let Some(schema) = enums.into_iter().nth(index % count.max(1)) {
                let values = schema.get_mut("enum").and_then(Value::as_sequence_mut).expect("enum");
                values.push(Value::String(format!("ZZ_ADDED_{n}")));
            }
        }
        Addition::Response(index) => {
            let Some(paths) = entry(root, &["paths"]) else { return };
            let mut operations: Vec<&mut Value> = paths
                .values_mut()
                .filter_map(Value::as_mapping_mut)
                .flat_map(|item| item.iter_mut())
                .filter(|(method, _)| matches!(method.as_str(), Some("get" | "post" | "put" | "patch" | "delete")))
                .map(|(_, operation)| operation)
                .collect();
            let count = operations.len();
            let Some(operation) = operations.get_mut(index % count.max(1)) else { return };
            let Some(responses) = operation.get_mut("responses").and_then(Value::as_mapping_mut) else { return };
            let error = responses
                .iter()
                .find(|(status, _)| status.as_str().is_some_and(|status| status.starts_with(['4', '5'])))
                .map(|(_, response)| response.clone());
            let status = ["418", "409", "429", "503"].into_iter().find(|status| !responses.contains_key(*status));
            if let (Some(error), Some(status)) = (error, status) {
                responses.insert(yaml_key(status), error);
            }
        }
        clash => add_clash(root, clash, n),
    }
}

/// Applies the additions that clash with a name already there (see [`Addition`]).
fn add_clash(root: &mut serde_yaml::Value, addition: &Addition, n: usize) {
    use serde_yaml::Value;
    match addition {
        Addition::ClashingSchema(index) => {
            let Some(schemas) = entry(root, &["components", "schemas"]) else { return };
            let names: Vec<String> = schemas.keys().filter_map(Value::as_str).map(str::to_owned).collect();
            let Some(name) = names.get(index % names.len().max(1)) else { return };
            let schema = serde_yaml::from_str("{type: object, properties: {note: {type: string}}}").expect("YAML");
            schemas.insert(yaml_key(&format!("{name}__")), schema);
        }
        Addition::DuplicateOperationId(index) => {
            let Some(paths) = entry(root, &["paths"]) else { return };
            let operations: Vec<(String, String)> = paths
                .iter()
                .filter_map(|(path, item)| Some((path.as_str()?, item.as_mapping()?)))
                .flat_map(|(path, item)| {
                    let ids = item.values().filter_map(|operation| operation.get("operationId")?.as_str());
                    ids.map(move |id| (path.to_owned(), id.to_owned()))
                })
                .collect();
            let Some((path, id)) = operations.get(index % operations.len().max(1)).cloned() else { return };
            let parameters: Vec<String> = path
                .split(['{', '}'])
                .skip(1)
                .step_by(2)
                .map(|name| format!("{{name: '{name}', in: path, required: true, schema: {{type: string}}}}"))
                .collect();
            let operation = format!(
                "{{get: {{operationId: '{id}', parameters: [{}], responses: {{'204': {{description: ok}}}}}}}}",
                parameters.join(", ")
            );
            let operation = serde_yaml::from_str(&operation).expect("an addition is YAML");
            paths.insert(yaml_key(&format!("{}/zz-copy{n}", path.trim_end_matches('/'))), operation);
        }
        Addition::ClashingEnumValue(index) => {
            let Some(schemas) = entry(root, &["components", "schemas"]) else { return };
            let mut enums: Vec<&mut Vec<Value>> = schemas
                .values_mut()
                .filter_map(|schema| schema.get_mut("enum")?.as_sequence_mut())
                .filter(|values| !values.is_empty() && values.iter().all(Value::is_string))
                .collect();
            let count = enums.len();
            if let Some(values) = enums.get_mut(index % count.max(1)) {
                let first = values[0].as_str().expect("a string").to_owned();
                values.push(Value::String(format!("{first}__")));
            }
        }
        Addition::ClashingInlineType(index) => {
            let Some(schemas) = entry(root, &["components", "schemas"]) else { return };
            let type_names: Vec<String> =
                schemas.keys().filter_map(Value::as_str).map(|name| name.to_upper_camel_case()).collect();
            // (the object to add to, the property, whether the object is new)
            let mut candidates: Vec<(String, String, bool)> = Vec::new();
            for (key, schema) in schemas.iter() {
                let (Some(name), Some(properties)) =
                    (key.as_str(), schema.get("properties").and_then(Value::as_mapping))
                else {
                    continue;
                };
                let own = name.to_upper_camel_case();
                let wires: Vec<&str> = properties.keys().filter_map(Value::as_str).collect();
                // Another component's name: `Thing` + `Kind` is `ThingKind`.
                let others = type_names.iter().filter_map(|other| other.strip_prefix(&own));
                let mut wanted: Vec<String> =
                    others.filter(|rest| rest.starts_with(char::is_uppercase)).map(str::to_owned).collect();
                // An inline object's or enum's: `Status` after `status`.
                let inline =
                    properties.iter().filter(|(_, p)| p.get("properties").is_some() || p.get("enum").is_some());
                wanted.extend(inline.filter_map(|(wire, _)| Some(wire.as_str()?.to_upper_camel_case())));
                let fresh = wanted.into_iter().filter(|wire| !wires.contains(&wire.as_str()));
                candidates.extend(fresh.map(|wire| (name.to_owned(), wire, false)));
            }
            // A component's name from a new object: `User` with `Invite` beside `UserInvite`.
            for name in &type_names {
                let Some(at) = name.rfind(char::is_uppercase).filter(|&at| at > 0) else { continue };
                if !type_names.iter().any(|other| *other == name[..at]) {
                    candidates.push((name[..at].to_owned(), name[at..].to_owned(), true));
                }
            }
            let Some((object, wire, new)) = candidates.get(index % candidates.len().max(1)).cloned() else { return };
            let parsed = |text: &str| serde_yaml::from_str::<Value>(text).expect("an addition is YAML");
            if new {
                schemas.insert(yaml_key(&object), parsed("{type: object, properties: {}}"));
            }
            let properties = schemas.get_mut(object.as_str()).and_then(|schema| schema.get_mut("properties"));
            if let Some(properties) = properties.and_then(Value::as_mapping_mut) {
                let inline = format!("{{type: object, properties: {{zz_added_{n}: {{type: string}}}}}}");
                properties.insert(yaml_key(&wire), parsed(&inline));
            }
        }
        _ => {}
    }
}

/// The names of array properties anywhere in `value` (inline response schemas too).
fn array_properties(value: &serde_yaml::Value, found: &mut Vec<String>) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(mapping) => {
            if let Some(properties) = mapping.get("properties").and_then(Value::as_mapping) {
                let arrays = properties
                    .iter()
                    .filter(|(_, property)| property.get("type").and_then(Value::as_str) == Some("array"));
                found.extend(arrays.filter_map(|(name, _)| name.as_str().map(str::to_owned)));
            }
            mapping.values().for_each(|value| array_properties(value, found));
        }
        Value::Sequence(values) => values.iter().for_each(|value| array_properties(value, found)),
        _ => {}
    }
}

/// Copies the fixture `from` into `to` (a file as `openapi.yaml`, a directory whole).
fn copy_fixture(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).expect("scratch dir");
    if from.is_file() {
        let root = to.join("openapi.yaml");
        std::fs::copy(from, &root).expect("copy fixture");
        return root;
    }
    for entry in std::fs::read_dir(from).expect("fixture dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_fixture(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy fixture file");
        }
    }
    to.join("openapi.yaml")
}

/// Additive edits of every fixture (a schema, a property, an operation, an enum value, a
/// response, and each of those spelt to clash with a name already there) never make the API
/// report, as maintainers read it, say "breaking".
#[test]
fn additive_edits_are_never_breaking() {
    use proptest::test_runner::{Config, TestCaseError, TestRunner};
    // Those whose root file serde_yaml's tree holds (not integers beyond 64 bits).
    let root_of = |fixture: &PathBuf| if fixture.is_file() { fixture.clone() } else { fixture.join("openapi.yaml") };
    let parses = |fixture: &PathBuf| {
        std::fs::read_to_string(root_of(fixture))
            .is_ok_and(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok())
    };
    let fixtures: Vec<PathBuf> = common::fixtures().into_iter().filter(parses).collect();
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(48);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let strategy = (0..fixtures.len(), additions());
    let result = TestRunner::new(config).run(&strategy, |(fixture, additions)| {
        let scratch = std::env::temp_dir().join(format!("codegen-additive-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        let root = copy_fixture(&fixtures[fixture], &scratch.join("before"));
        let options = CrateOptions::new("additive");
        let before =
            lower_spec(root.parent().expect("dir")).map_err(|error| TestCaseError::reject(error.to_string()))?;
        let text = std::fs::read_to_string(&root).expect("root");
        let mut document: serde_yaml::Value = serde_yaml::from_str(&text).expect("a fixture is YAML");
        for (n, addition) in additions.iter().enumerate() {
            add(&mut document, addition, n);
        }
        let edited = copy_fixture(&fixtures[fixture], &scratch.join("after"));
        std::fs::write(&edited, serde_yaml::to_string(&document).expect("YAML")).expect("write edited");
        let after = lower_spec(edited.parent().expect("dir"))
            .map_err(|error| TestCaseError::fail(format!("{additions:?} made the spec fail: {error}")))?;
        let report = compare(
            Some(&surface::render(&before, Uses::of(&before), &options)),
            &surface::render(&after, Uses::of(&after), &options),
        );
        let _ = std::fs::remove_dir_all(&scratch);
        if report.is_breaking() {
            return Err(TestCaseError::fail(format!("{}: {additions:?}:\n{report}", fixtures[fixture].display())));
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
