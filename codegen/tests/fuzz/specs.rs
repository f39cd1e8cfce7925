//! Fuzzing the whole pipeline (load → lower → emit → render) on bad and odd input.
//!
//! cargo-fuzz needs nightly, so this is property-based fuzzing with proptest, two targets:
//! - `generated_specs`: spec documents assembled from weird-but-plausible parts;
//! - `mutated_repository_spec`: byte- and line-level mutations of the repository's `spec/`.
//!
//! The property: `generate` does not panic, crash, take a minute or 4 GiB, is deterministic,
//! fails only with spec diagnostics that each start `path:line:col:` inside the file they name,
//! and every Rust file it emits parses. Each case runs in a child process (this test binary), so
//! a stack overflow or an allocation failure is a failure proptest can shrink, not the end of
//! the run.
//!
//! Known problems (reported, fix pending) are counted and printed instead of failing: crashes
//! in `KNOWN_CRASHES`, and what static checks of the emitted code say would not build or would
//! warn. Crashes found have regression tests at the bottom, ignored while their fix is pending.
//! Default runs are short (64 cases per target); a long run:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release -p codegen --test pipeline_fuzz -- --nocapture
//! ```
//!
//! - `FUZZ_VERBOSE=1`: also the most common error messages (what the inputs reach), the
//!   shortest input of each known problem, and the slowest input;
//! - `FUZZ_STRICT=1`: known problems fail too;
//! - `FUZZ_SAVE=dir`: keep inputs that generated a crate, to build them with `cargo xtask codegen`;
//! - `FUZZ_IN_PROCESS=1`: no child processes (faster; a stack overflow aborts the run);
//! - `FUZZ_REPLAY=path`: the `replay` test checks one saved input in-process.

use codegen::{CrateOptions, Diagnostic, Error, GeneratedFile, generate};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_yaml::{Mapping, Value};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Building blocks. Each pool is split into values a valid spec may hold and values that must
// be rejected: drawing the bad ones rarely lets a good share of cases reach emit and render.

/// Property, parameter and tag names: keywords, leading digits, punctuation, unicode, empty.
#[rustfmt::skip]
const WEIRD_NAMES: &[&str] = &[
    "@type", "self", "Self", "super", "crate", "_", "__", "2fa", "3d", "a.b", "filter.labels[string]", "", " ",
    "type", "r#type", "async", "gen", "ñandú", "日本語", "²", "Ⅷ", "a-b", "a_b", "aB", "AB", "$ref", "value", "body",
    "query", "Ok", "default", "0", "1e3", "true", "null", "~", "a/b", "emoji😀", "x\ny", "id", "ID", "Id", "user.id",
];

/// Component schemas every generated document defines: the usual targets of `$ref`s, so refs
/// resolve (and recurse, and cycle) more often than they dangle.
const CORE_SCHEMAS: &[&str] = &["A", "B", "Node", "a.b", "Self", "2fa"];

/// Further schema names, some clashing with runtime types of the generated crate or with each
/// other once sanitized.
#[rustfmt::skip]
const EXTRA_SCHEMAS: &[&str] = &[
    "self", "rpc.Status", "A_B", "a-b", "", "Unknown", "Client", "Error", "Response", "String", "Option", "Vec",
    "Value", "Ünï", "x~y/z", "@type", "type", "GetAQuery", "GetResponse", "Box", "Result",
];

/// `$ref` targets that do not resolve to a schema.
#[rustfmt::skip]
const BAD_REFS: &[&str] = &[
    "#/components/schemas/Nope", "#/components/parameters/P", "#/components/responses/R", "#/paths/~1a",
    "other.yaml#/components/schemas/A", "#", "", "#/components/schemas/", "#/components/schemas/A/properties/x",
    "http://example.com/x.yaml", "#/components/schemas/Client",
];

#[rustfmt::skip]
const ENUM_STRINGS: &[&str] = &[
    "A", "a", "a-b", "a_b", "A B", "", " ", "Unknown", "UNKNOWN", "unknown", "Other", "self", "Self", "1", "1st",
    "FOO_BAR", "FOO_BAR_BAZ", "foo-bar", "foo_bar", "²", "ü", "Empty", "V1", "NODE_A", "NODE_", "NODE_1", "x\"y",
];

/// operationIds that clash with each other, with `Client`'s own methods, or sanitize oddly.
#[rustfmt::skip]
const OPERATION_IDS: &[&str] = &[
    "Get", "get", "FooService_Get", "BarService_Get", "Service_", "FooService_", "_", "", "self", "type", "123",
    "a b", "get_v1_a", "ÜberOp", "new", "with_timeout", "base_url", "url", "request", "execute", "clone", "fmt",
];

#[rustfmt::skip]
const PATH_SEGMENTS: &[&str] = &[
    "v1", "a", "{id}", "{a}:b", "{a}{b}", "{}", "{", "}", "{user.id}", "x{y}z", "{self}", "{type}", "{2fa}", "é",
    "%20", "..", "a b", "{body}", "{query}", "{id}:cancel", "users", "",
];

/// The last three are not HTTP methods: a path item ignores such keys.
const METHODS: &[&str] =
    &["get", "put", "post", "delete", "options", "head", "patch", "trace", "GET", "x-foo", "query"];

const GOOD_STATUSES: &[&str] = &["200", "201", "204", "2XX", "4XX", "5XX", "default", "304", "404", "500", "1XX"];
const BAD_STATUSES: &[&str] = &["999", "abc", "", "20X", "099", "600", "Default", "2xX0"];

#[rustfmt::skip]
const MEDIA_TYPES: &[&str] = &[
    "application/json", "application/json", "application/json", "application/problem+json", "text/plain",
    "application/x-www-form-urlencoded", "multipart/form-data", "*/*", "application/octet-stream",
    "application/jsonl", "", "text/event-stream",
];

/// `path` is bad here: template parameters are declared apart, another is not in the path.
const GOOD_LOCATIONS: &[&str] = &["query", "query", "header"];
const BAD_LOCATIONS: &[&str] = &["path", "cookie", "body", "formData", ""];

#[rustfmt::skip]
const FORMATS: &[&str] = &[
    "int32", "int64", "uint32", "uint64", "float", "double", "date", "date-time", "uuid", "byte", "binary", "weird",
];

const GOOD_TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array", "null"];
const BAD_TYPES: &[&str] = &["integr", "file", "String", ""];

/// Prose: markdown, HTML, comment terminators, quotes, control characters.
#[rustfmt::skip]
const TEXTS: &[&str] = &[
    "", "plain", "*/ /* `code` ```rust\nfn x() {}\n```", "<b>html</b> <br> &amp;", "\"quoted\" \\ back",
    "line\nbreak", "tab\tand\0nul", "[link](http://x) [broken](", "# Heading\n- item", "{{template}}", "r#\"raw\"#",
    "```", "    indented code", "\r\n", "\u{202e}bidi",
];

/// Mostly a value from `good`, sometimes one from `bad`.
fn pick(good: &'static [&'static str], bad: &'static [&'static str]) -> BoxedStrategy<&'static str> {
    prop_oneof![40 => select(good), 1 => select(bad)].boxed()
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![select(TEXTS).prop_map(String::from), "\\PC{0,12}"].boxed()
}

fn weird_name() -> BoxedStrategy<String> {
    prop_oneof![3 => select(WEIRD_NAMES).prop_map(String::from), 1 => "[a-zA-Z][a-zA-Z0-9_.]{0,8}", 1 => "\\PC{0,4}"]
        .boxed()
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn mapping<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
    Value::Mapping(entries.into_iter().map(|(key, value)| (Value::String(key.into()), value)).collect())
}

fn reference(target: &str) -> Value {
    mapping([("$ref", s(target))])
}

/// A `$ref` to a component that is usually defined.
fn ref_to(good: &'static [&'static str], bad: &'static [&'static str]) -> BoxedStrategy<Value> {
    pick(good, bad).prop_map(reference).boxed()
}

// ---------------------------------------------------------------------------------------------
// Values: examples, defaults and enum members.

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        Just(Value::Number(u64::MAX.into())),
        any::<f64>().prop_map(|n| Value::Number(n.into())),
        select(ENUM_STRINGS).prop_map(s),
        text().prop_map(Value::String),
    ]
    .boxed()
}

fn json_value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
                prop::collection::vec((weird_name(), inner), 0..4).prop_map(mapping),
            ]
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Schemas.

fn schema_ref() -> BoxedStrategy<String> {
    let to = |name: &str| format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"));
    prop_oneof![
        60 => select(CORE_SCHEMAS).prop_map(to),
        2 => select(EXTRA_SCHEMAS).prop_map(to),
        1 => Just("components.yaml#/components/schemas/A".to_owned()),
        1 => select(BAD_REFS).prop_map(String::from),
    ]
    .boxed()
}

/// `type:` as 3.0 string, 3.1 array (with `null`), or something that is no type at all.
fn type_value() -> BoxedStrategy<Value> {
    let one = || pick(GOOD_TYPES, BAD_TYPES).prop_map(s);
    prop_oneof![
        30 => one(),
        4 => prop::collection::vec(one(), 0..3).prop_map(Value::Sequence),
        1 => Just(Value::Number(5.into())),
        1 => Just(Value::Null),
    ]
    .boxed()
}

fn primitive_schema() -> BoxedStrategy<Value> {
    (type_value(), prop::option::of(select(FORMATS)))
        .prop_map(|(ty, format)| {
            let mut entries = vec![("type", ty)];
            entries.extend(format.map(|format| ("format", s(format))));
            mapping(entries)
        })
        .boxed()
}

/// Enums: empty, duplicated, mixed-type, and values that sanitize to the same variant name.
fn enum_schema() -> BoxedStrategy<Value> {
    let value = prop_oneof![6 => select(ENUM_STRINGS).prop_map(s), 1 => scalar()];
    (prop::collection::vec(value, 0..6), prop::option::of(select(&["string", "integer"][..])))
        .prop_map(|(values, ty)| {
            let mut entries = vec![("enum", Value::Sequence(values))];
            entries.extend(ty.map(|ty| ("type", s(ty))));
            mapping(entries)
        })
        .boxed()
}

fn leaf_schema() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => primitive_schema(),
        2 => enum_schema(),
        3 => schema_ref().prop_map(|target| reference(&target)),
        1 => Just(Value::Mapping(Mapping::new())),
        1 => Just(mapping([("const", s("fixed"))])),
    ]
    .boxed()
}

fn object_schema(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let properties = prop::collection::vec((weird_name(), inner.clone()), 0..5);
    let required = prop::collection::vec(weird_name(), 0..3);
    let additional = prop::option::of(prop_oneof![any::<bool>().prop_map(Value::Bool), inner]);
    (properties, required, additional, any::<bool>())
        .prop_map(|(properties, required, additional, typed)| {
            let mut entries = Vec::new();
            if typed {
                entries.push(("type", s("object")));
            }
            entries.push(("properties", mapping(properties)));
            entries.push(("required", Value::Sequence(required.into_iter().map(Value::String).collect())));
            entries.extend(additional.map(|value| ("additionalProperties", value)));
            mapping(entries)
        })
        .boxed()
}

fn array_schema(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (prop::option::of(inner), any::<bool>())
        .prop_map(|(items, typed)| {
            let mut entries = Vec::new();
            if typed {
                entries.push(("type", s("array")));
            }
            entries.extend(items.map(|items| ("items", items)));
            mapping(entries)
        })
        .boxed()
}

/// Maps: `additionalProperties` true, false or a schema, with no properties beside it.
fn map_schema(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![any::<bool>().prop_map(Value::Bool), inner]
        .prop_map(|values| mapping([("type", s("object")), ("additionalProperties", values)]))
        .boxed()
}

/// allOf/oneOf/anyOf: empty lists, a `null` member, nested compositions, two keywords at once.
fn composition_schema(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let keywords = &["allOf", "oneOf", "anyOf"][..];
    let members = prop::collection::vec(prop_oneof![6 => inner, 1 => Just(mapping([("type", s("null"))]))], 0..4);
    (select(keywords), members, prop::option::of(select(keywords)))
        .prop_map(|(keyword, members, second)| {
            let mut entries = vec![(keyword, Value::Sequence(members.clone()))];
            let second = second.filter(|second| *second != keyword);
            entries.extend(second.map(|second| (second, Value::Sequence(members.into_iter().rev().collect()))));
            mapping(entries)
        })
        .boxed()
}

/// protobuf `Any`-style unions: each member tagged by a single-valued `@type` (or `kind`) property.
fn tagged_union_schema(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let member = (select(&["@type", "kind"][..]), select(ENUM_STRINGS), any::<bool>(), prop::option::of(inner));
    prop::collection::vec(member, 0..4)
        .prop_map(|members| {
            let members = members.into_iter().map(|(property, value, as_const, payload)| {
                let tag = if as_const {
                    mapping([("const", s(value))])
                } else {
                    mapping([("type", s("string")), ("enum", Value::Sequence(vec![s(value)]))])
                };
                let tag = mapping([("properties", mapping([(property, tag)]))]);
                mapping([("allOf", Value::Sequence(std::iter::once(tag).chain(payload).collect()))])
            });
            mapping([("oneOf", Value::Sequence(members.collect()))])
        })
        .boxed()
}

/// Keys any schema may carry beside its shape.
fn schema_extra() -> BoxedStrategy<(&'static str, Value)> {
    prop_oneof![
        any::<bool>().prop_map(|b| ("nullable", Value::Bool(b))),
        any::<bool>().prop_map(|b| ("readOnly", Value::Bool(b))),
        Just(("writeOnly", Value::Bool(true))),
        any::<bool>().prop_map(|b| ("deprecated", Value::Bool(b))),
        text().prop_map(|t| ("description", Value::String(t))),
        text().prop_map(|t| ("title", Value::String(t))),
        json_value().prop_map(|v| ("example", v)),
        json_value().prop_map(|v| ("default", v)),
        weird_name().prop_map(|name| ("discriminator", mapping([("propertyName", Value::String(name))]))),
    ]
    .boxed()
}

fn decorated(schema: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (schema, prop::collection::vec(schema_extra(), 0..3))
        .prop_map(|(mut schema, extras)| {
            if let Value::Mapping(entries) = &mut schema {
                entries.extend(extras.into_iter().map(|(key, value)| (s(key), value)));
            }
            schema
        })
        .boxed()
}

fn schema() -> BoxedStrategy<Value> {
    decorated(leaf_schema())
        .prop_recursive(4, 32, 5, |inner| {
            decorated(
                prop_oneof![
                    3 => object_schema(inner.clone()),
                    2 => array_schema(inner.clone()),
                    1 => map_schema(inner.clone()),
                    2 => composition_schema(inner.clone()),
                    1 => tagged_union_schema(inner),
                ]
                .boxed(),
            )
        })
        .boxed()
}

/// Parameter schemas: mostly what a query string can carry, sometimes anything.
fn parameter_schema() -> BoxedStrategy<Value> {
    let array = leaf_schema().prop_map(|items| mapping([("type", s("array")), ("items", items)]));
    prop_oneof![6 => primitive_schema(), 2 => leaf_schema(), 2 => array, 1 => schema()].boxed()
}

// ---------------------------------------------------------------------------------------------
// Operations.

fn parameter_with(name: BoxedStrategy<String>, location: BoxedStrategy<&'static str>) -> BoxedStrategy<Value> {
    (name, location, any::<bool>(), prop::option::of(parameter_schema()))
        .prop_map(|(name, location, required, schema)| {
            let mut entries =
                vec![("name", Value::String(name)), ("in", s(location)), ("required", Value::Bool(required))];
            entries.extend(schema.map(|schema| ("schema", schema)));
            mapping(entries)
        })
        .boxed()
}

fn parameter() -> BoxedStrategy<Value> {
    let refs = ref_to(
        &["#/components/parameters/P", "#/components/parameters/Q"],
        &["#/components/parameters/Nope", "#/components/schemas/A"],
    );
    prop_oneof![
        8 => parameter_with(weird_name(), pick(GOOD_LOCATIONS, BAD_LOCATIONS)),
        1 => refs,
    ]
    .boxed()
}

/// A media map: JSON and non-JSON types, `schema: {}`, examples.
fn content() -> BoxedStrategy<Value> {
    let media = (prop::option::of(schema()), prop::option::of(json_value()), prop::option::of(json_value()));
    let media = media.prop_map(|(schema, example, named)| {
        let mut entries = Vec::new();
        entries.extend(schema.map(|schema| ("schema", schema)));
        entries.extend(example.map(|example| ("example", example)));
        entries.extend(named.map(|value| ("examples", mapping([("first", mapping([("value", value)]))]))));
        mapping(entries)
    });
    // Usually one or two media types; no content at all is an error for a request body.
    let media_types = prop::collection::vec((select(MEDIA_TYPES), media), 1..3);
    prop_oneof![1 => Just(Vec::new()), 8 => media_types].prop_map(mapping).boxed()
}

fn request_body() -> BoxedStrategy<Value> {
    let refs =
        ref_to(&["#/components/requestBodies/B"], &["#/components/requestBodies/Nope", "#/components/schemas/A"]);
    prop_oneof![
        6 => (content(), any::<bool>())
            .prop_map(|(content, required)| mapping([("content", content), ("required", Value::Bool(required))])),
        1 => refs,
    ]
    .boxed()
}

fn response() -> BoxedStrategy<Value> {
    let refs = ref_to(&["#/components/responses/R"], &["#/components/responses/Nope", "#/components/schemas/A"]);
    prop_oneof![
        4 => (text(), content()).prop_map(|(description, content)| {
            mapping([("description", Value::String(description)), ("content", content)])
        }),
        2 => text().prop_map(|description| mapping([("description", Value::String(description))])),
        1 => refs,
    ]
    .boxed()
}

/// Status keys as strings, plus the odd YAML integer key (`200:` unquoted).
fn responses() -> BoxedStrategy<Value> {
    let key = prop_oneof![20 => pick(GOOD_STATUSES, BAD_STATUSES).prop_map(s), 1 => Just(Value::Number(200.into()))];
    prop::collection::vec((key, response()), 0..4)
        .prop_map(|entries| Value::Mapping(entries.into_iter().collect()))
        .boxed()
}

fn operation() -> BoxedStrategy<Value> {
    let id = prop_oneof![
        2 => Just(None),
        6 => "[A-Z][a-zA-Z]{2,8}(Service_[A-Z][a-zA-Z]{2,8})?".prop_map(Some),
        1 => select(OPERATION_IDS).prop_map(|id| Some(id.to_owned())),
        1 => weird_name().prop_map(Some),
    ];
    let parameters = prop::collection::vec(parameter(), 0..3);
    (id, prop::option::of(text()), any::<bool>(), parameters, prop::option::of(request_body()), responses())
        .prop_map(|(id, summary, deprecated, parameters, body, responses)| {
            let mut entries = Vec::new();
            entries.extend(id.map(|id| ("operationId", Value::String(id))));
            entries.extend(summary.map(|summary| ("summary", Value::String(summary))));
            entries.push(("deprecated", Value::Bool(deprecated)));
            entries.push(("parameters", Value::Sequence(parameters)));
            entries.extend(body.map(|body| ("requestBody", body)));
            entries.push(("responses", responses));
            mapping(entries)
        })
        .boxed()
}

fn path_template() -> BoxedStrategy<String> {
    (prop::collection::vec(select(PATH_SEGMENTS), 0..4), prop::bool::weighted(0.95))
        .prop_map(|(segments, slash)| format!("{}{}", if slash { "/" } else { "" }, segments.join("/")))
        .boxed()
}

/// The `{names}` of a path template.
fn template_params(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
}

/// A path item: its template's parameters (usually declared), extra path-level parameters, and
/// one or more operations (some under keys that are not methods).
fn path_item() -> BoxedStrategy<(String, Value)> {
    path_template()
        .prop_flat_map(|path| {
            let declared: Vec<_> = template_params(&path)
                .into_iter()
                .map(|name| prop::option::weighted(0.95, parameter_with(Just(name).boxed(), Just("path").boxed())))
                .collect();
            let operations = prop::collection::vec((select(METHODS), operation()), 1..3);
            (Just(path), declared, prop::collection::vec(parameter(), 0..2), operations)
        })
        .prop_map(|(path, declared, extra, operations)| {
            let parameters = declared.into_iter().flatten().chain(extra).collect();
            let mut entries = vec![("parameters", Value::Sequence(parameters))];
            entries.extend(operations);
            (path, mapping(entries))
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Whole documents.

/// Components: the names refs point at are usually defined, a few more sometimes.
fn components() -> BoxedStrategy<Value> {
    let usually = |name: &'static str, value: BoxedStrategy<Value>| {
        prop::option::weighted(0.97, value.prop_map(move |value| (name, value)))
    };
    let schemas: Vec<_> = CORE_SCHEMAS.iter().map(|name| usually(name, schema())).collect();
    let extra = prop::collection::vec((select(EXTRA_SCHEMAS), schema()), 0..3);
    let parameters = (usually("P", parameter()), usually("Q", parameter()), prop::option::of(parameter()));
    let responses = (usually("R", response()), prop::option::of(response()));
    (schemas, extra, parameters, usually("B", request_body()), responses)
        .prop_map(|(schemas, extra, (p, q, p_q), body, (r, not_found))| {
            let parameters = [p, q, p_q.map(|value| ("p.q", value))].into_iter().flatten();
            let responses = [r, not_found.map(|value| ("Not Found", value))].into_iter().flatten();
            mapping([
                ("schemas", mapping(schemas.into_iter().flatten().chain(extra))),
                ("parameters", mapping(parameters)),
                ("requestBodies", mapping(body)),
                ("responses", mapping(responses)),
            ])
        })
        .boxed()
}

fn root_fields() -> BoxedStrategy<Vec<(&'static str, Value)>> {
    let version = prop_oneof![
        12 => select(&["3.0.3", "3.1.0", "3.0.0", "3.1"][..]).prop_map(s),
        1 => select(&["2.0", "4.0.0", "3", ""][..]).prop_map(s),
        1 => Just(Value::Number(3.0.into())),
    ];
    let info_version = prop_oneof![text().prop_map(Value::String), Just(Value::Number(1.into()))];
    let info = (text(), info_version, prop::option::of(text()));
    let urls = &["https://api.example.com", "https://{region}.x.com/{v}", "", "/relative", "http://a\"b", "ftp://x"];
    let server = (select(&urls[..]), prop::option::of(text()));
    (version, info, prop::collection::vec(server, 0..2))
        .prop_map(|(version, (title, info_version, description), servers)| {
            let mut info = vec![("title", Value::String(title)), ("version", info_version)];
            info.extend(description.map(|description| ("description", Value::String(description))));
            let servers = servers.into_iter().map(|(url, default)| {
                let mut entries = vec![("url", s(url))];
                let variable = default.map(|default| mapping([("default", Value::String(default))]));
                entries.extend(variable.map(|variable| ("variables", mapping([("region", variable)]))));
                mapping(entries)
            });
            vec![("openapi", version), ("info", mapping(info)), ("servers", Value::Sequence(servers.collect()))]
        })
        .boxed()
}

/// How the document is split into files: one, components apart (refs may name that file),
/// or an extra file of schemas whose names may clash with the root's.
#[derive(Debug, Clone, Copy)]
enum Layout {
    Single,
    ComponentsApart,
    ExtraSchemas,
}

fn spec_files() -> BoxedStrategy<SpecFiles> {
    let layout =
        prop_oneof![6 => Just(Layout::Single), 2 => Just(Layout::ComponentsApart), 1 => Just(Layout::ExtraSchemas)];
    let paths = prop::collection::vec(path_item(), 0..4);
    let extra = prop::collection::vec((select(EXTRA_SCHEMAS), schema()), 0..2);
    (root_fields(), paths, components(), layout, extra)
        .prop_map(|(mut root, paths, components, layout, extra)| {
            root.push(("paths", mapping(paths)));
            let mut files = Vec::new();
            match layout {
                Layout::Single => root.push(("components", components)),
                Layout::ComponentsApart => files.push(("components.yaml", mapping([("components", components)]))),
                Layout::ExtraSchemas => {
                    root.push(("components", components));
                    files.push(("extra.yaml", mapping([("components", mapping([("schemas", mapping(extra))]))])));
                }
            }
            files.push(("api.yaml", mapping(root)));
            let files = files.into_iter().map(|(name, value)| {
                (name.to_owned(), serde_yaml::to_string(&value).expect("a YAML value serializes").into_bytes())
            });
            SpecFiles { files: files.collect(), mutated: None }
        })
        .boxed()
}

/// Spec files by name; `Debug` prints them as text, so a failing input reads as YAML.
#[derive(Clone)]
struct SpecFiles {
    files: Vec<(String, Vec<u8>)>,
    /// For the mutation target: the file mutated and how. Only that file is printed.
    mutated: Option<(usize, Vec<Mutation>)>,
}

impl fmt::Debug for SpecFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, bytes)) in self.files.iter().enumerate() {
            match &self.mutated {
                Some((mutated, mutations)) if *mutated == index => writeln!(f, "\n--- {name} after {mutations:?}")?,
                Some(_) => continue,
                None => writeln!(f, "\n--- {name}")?,
            }
            writeln!(f, "{}", String::from_utf8_lossy(bytes))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of the repository's own spec.

/// YAML syntax, anchors and tags, BOM and NUL, numbers serde reads oddly, schema fragments.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    ":", ": ", "- ", "{", "}", "[", "]", "'", "\"", "&a ", "*a", "!!binary ", "!!str ", "!Custom ", "? ", "|", ">",
    "#", "\t", "\n", "\r", "$ref: '#/components/schemas/X'", "$ref: ", "null", "~", "<<: *a", "---\n", "...\n",
    "%YAML 1.2\n", "\u{feff}", "\0", "\u{2028}", "type: ", "items: ", "allOf: []", "oneOf: [{}]", "enum: []", "{id}",
    "0x1F", "1e999", ".nan", "-.inf", "properties: {a: {$ref: '#/components/schemas/rpc.Status'}}", "required: [x]",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes(Index, u8),
    InsertToken(Index, &'static str),
    /// Any byte, including ones that make the file invalid UTF-8.
    ReplaceByte(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    MoveLine(Index, Index),
    /// Adds (positive) or strips (negative) leading spaces.
    Indent(Index, i8),
    Truncate(Index),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), 1..32u8).prop_map(|(at, len)| Mutation::DeleteBytes(at, len)),
        (any::<Index>(), select(TOKENS)).prop_map(|(at, token)| Mutation::InsertToken(at, token)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::ReplaceByte(at, byte)),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::MoveLine(a, b)),
        (any::<Index>(), -4..=4i8).prop_map(|(at, by)| Mutation::Indent(at, by)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
    .boxed()
}

fn apply(text: &mut Vec<u8>, mutation: &Mutation) {
    if text.is_empty() {
        return;
    }
    let len = text.len();
    let mut lines: Vec<Vec<u8>> = text.split(|&byte| byte == b'\n').map(<[u8]>::to_vec).collect();
    let count = lines.len();
    match mutation {
        Mutation::DeleteBytes(at, n) => {
            let start = at.index(len);
            text.drain(start..(start + usize::from(*n)).min(len));
            return;
        }
        Mutation::InsertToken(at, token) => {
            let at = at.index(len + 1);
            text.splice(at..at, token.bytes());
            return;
        }
        Mutation::ReplaceByte(at, byte) => {
            text[at.index(len)] = *byte;
            return;
        }
        Mutation::Truncate(at) => {
            text.truncate(at.index(len));
            return;
        }
        Mutation::DeleteLine(at) => {
            lines.remove(at.index(count));
        }
        Mutation::DuplicateLine(at) => {
            let at = at.index(count);
            lines.insert(at, lines[at].clone());
        }
        Mutation::SwapLines(a, b) => lines.swap(a.index(count), b.index(count)),
        Mutation::MoveLine(from, to) => {
            let line = lines.remove(from.index(count));
            lines.insert(to.index(count), line);
        }
        Mutation::Indent(at, by) => {
            let line = &mut lines[at.index(count)];
            let amount = usize::from(by.unsigned_abs());
            if *by < 0 {
                let spaces = line.iter().take_while(|&&byte| byte == b' ').count();
                line.drain(..spaces.min(amount));
            } else {
                line.splice(0..0, std::iter::repeat_n(b' ', amount));
            }
        }
    }
    *text = lines.join(&b'\n');
}

/// The repository's spec files, by name.
fn repository_spec() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("spec dir").map(|entry| entry.expect("dir entry").path()).collect();
    paths.sort();
    let read = |path: PathBuf| {
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        (name, std::fs::read(&path).expect("read spec file"))
    };
    paths.into_iter().map(read).collect()
}

// The property, checked in a child process: a stack overflow aborts the whole process, which
// no `catch_unwind` survives, so each case runs in a fresh `fuzz_child` (this test binary) and
// a crash becomes an ordinary failure that proptest can shrink.

thread_local! {
    /// Set while `generate` runs under the fuzzer: panics are recorded, not printed.
    static FUZZING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps panics quiet and remembers where they happened (a panic payload has no location).
fn record_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if FUZZING.get() {
                LAST_PANIC.set(Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
}

/// `generate`, with a panic turned into its message and location.
fn generate_caught(dir: &Path) -> Result<Result<Vec<GeneratedFile>, Error>, String> {
    record_panics();
    let options = CrateOptions {
        name: "fuzzed".to_owned(),
        dev_dependencies: Vec::new(),
        standalone: true,
        version: codegen::release::INITIAL.to_string(),
    };
    FUZZING.set(true);
    let result = std::panic::catch_unwind(|| generate(dir, &options));
    FUZZING.set(false);
    result.map_err(|_| LAST_PANIC.take().unwrap_or_else(|| "panicked (no message)".to_owned()))
}

/// What one input did. The child prints it as tab-separated lines; the parent parses them.
#[derive(Debug, Default)]
struct Verdict {
    /// `generate` succeeded.
    generated: bool,
    /// Time of the first `generate`.
    micros: u128,
    /// Error messages with the quoted parts blanked: what the inputs exercise.
    messages: Vec<String>,
    /// Known, reported problems: tolerated unless `FUZZ_STRICT` is set.
    known: Vec<String>,
    failure: Option<String>,
}

const VERDICT: &str = "fuzz-verdict";

impl Verdict {
    fn print(&self) {
        let escape = |text: &str| text.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t");
        println!("{VERDICT}\tstats\t{}\t{}", self.generated, self.micros);
        self.messages.iter().for_each(|message| println!("{VERDICT}\tmessage\t{}", escape(message)));
        self.known.iter().for_each(|kind| println!("{VERDICT}\tknown\t{}", escape(kind)));
        self.failure.iter().for_each(|failure| println!("{VERDICT}\tfailure\t{}", escape(failure)));
    }

    /// The verdict in a child's output, if the child lived to print one.
    fn parse(stdout: &str) -> Option<Verdict> {
        let unescape = |text: &str| text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
        let mut verdict = None;
        for fields in stdout
            .lines()
            .filter_map(|line| line.split_once(VERDICT).map(|(_, rest)| rest))
            .map(|line| line.split('\t'))
        {
            let fields: Vec<&str> = fields.skip(1).collect();
            let current = verdict.get_or_insert_with(Verdict::default);
            match fields.as_slice() {
                ["stats", generated, micros] => {
                    current.generated = *generated == "true";
                    current.micros = micros.parse().unwrap_or_default();
                }
                ["message", message] => current.messages.push(unescape(message)),
                ["known", kind] => current.known.push(unescape(kind)),
                ["failure", failure] => current.failure = Some(unescape(failure)),
                _ => {}
            }
        }
        verdict
    }
}

/// The property, on the spec files in `dir`.
fn check_dir(dir: &Path) -> Verdict {
    let mut verdict = Verdict::default();
    if let Err(failure) = check(dir, &mut verdict) {
        verdict.failure = Some(failure);
    }
    verdict
}

fn check(dir: &Path, verdict: &mut Verdict) -> Result<(), String> {
    let start = Instant::now();
    let first = generate_caught(dir)?;
    verdict.micros = start.elapsed().as_micros();
    let second = generate_caught(dir).map_err(|panic| format!("second run: {panic}"))?;
    match (first, second) {
        (Ok(first), Ok(second)) => {
            verdict.generated = true;
            if first != second {
                return Err("two runs on the same spec emitted different files".to_owned());
            }
            verdict.known.extend(build_problems(&first)?);
            Ok(())
        }
        (Err(first), Err(second)) if first.to_string() == second.to_string() => check_error(dir, &first, verdict),
        (first, second) => Err(format!(
            "two runs on the same spec disagree: {:?} / {:?}",
            first.map(|_| "Ok").map_err(|e| e.to_string()),
            second.map(|_| "Ok").map_err(|e| e.to_string()),
        )),
    }
}

// Generated code that parses but would not build, or not without warnings (the generated
// crate must pass clippy -D warnings): cheap static checks, since `cargo check` per case is not.

fn build_problems(files: &[GeneratedFile]) -> Result<Vec<String>, String> {
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

/// Errors are spec diagnostics, each `path:line:col: message` inside the file it names.
fn check_error(dir: &Path, error: &Error, verdict: &mut Verdict) -> Result<(), String> {
    let Error::Spec(diagnostics) = error else {
        return Err(format!("not a spec error: {error}"));
    };
    if diagnostics.0.is_empty() || error.to_string().trim().is_empty() {
        return Err("an error without diagnostics".to_owned());
    }
    for diagnostic in &diagnostics.0 {
        verdict.messages.push(message_shape(&diagnostic.message));
        check_diagnostic(dir, diagnostic, verdict)?;
    }
    Ok(())
}

/// `$ref 'X' not found` → `$ref … not found`: messages grouped by kind.
fn message_shape(message: &str) -> String {
    let mut shape = String::new();
    for (index, part) in message.split(['`', '\'']).enumerate() {
        shape.push_str(if index % 2 == 1 { "…" } else { part });
    }
    shape
}

fn check_diagnostic(dir: &Path, diagnostic: &Diagnostic, verdict: &mut Verdict) -> Result<(), String> {
    let shown = diagnostic.to_string();
    let text = diagnostic
        .file
        .parent()
        .filter(|parent| *parent == dir)
        .and_then(|_| std::fs::read(&diagnostic.file).ok())
        .ok_or_else(|| format!("names a file that is not in the spec: {shown}"))?;
    let rest = shown.strip_prefix(&format!("{}:", diagnostic.file.display()));
    if !rest.is_some_and(starts_with_position) || diagnostic.message.trim().is_empty() {
        return Err(format!("not `path:line:col: message`: {shown}"));
    }
    let lines = text.split(|&byte| byte == b'\n').count();
    if diagnostic.line == 0 || diagnostic.column == 0 {
        return Err(format!("position not 1-based: {shown}"));
    }
    if diagnostic.line > lines {
        return Err(format!("line past the end of the file ({lines} lines): {shown}"));
    }
    // A spec name with a line break, quoted verbatim (in the pointer), splits the `error: …` line.
    if shown.contains(['\n', '\r']) {
        let message = message_shape(&diagnostic.message);
        verdict.known.push(format!("a diagnostic spans several lines: {}", message.replace(['\n', '\r'], "⏎")));
    }
    Ok(())
}

fn starts_with_position(text: &str) -> bool {
    let number =
        |part: Option<&str>| part.is_some_and(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let mut parts = text.splitn(3, ':');
    number(parts.next()) && number(parts.next()) && parts.next().is_some_and(|rest| rest.starts_with(' '))
}

/// Inputs that take longer than this are failures: a hang, or absurdly slow. Generous, as the
/// machine may be busy compiling; inputs over 1 s are reported as known problems instead.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Address space for one child: a runaway input fails here instead of swapping out the machine.
const MEMORY_LIMIT_KB: u64 = 4 << 20;

/// Runs `check_dir(dir)` in a child process and reads its verdict; a crash is a failure.
fn check_in_child(dir: &Path) -> Verdict {
    // `sh` sets the memory limit, then `exec`s the test binary under the same pid.
    let limit = format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\"");
    let child = std::process::Command::new("sh")
        .args(["-c", &limit])
        .arg(std::env::current_exe().expect("test binary"))
        .args(["--exact", "fuzz_child", "--nocapture", "--test-threads", "1"])
        .env("FUZZ_CHILD", dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the fuzz child");
    let start = Instant::now();
    let pid = child.id();
    // A watchdog thread, since `std` cannot wait with a timeout.
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if wait.recv_timeout(TIMEOUT).is_err() {
            let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let output = child.wait_with_output().expect("wait for the fuzz child");
    let _ = done.send(());
    let _ = watchdog.join();
    let stdout = String::from_utf8_lossy(&output.stdout);
    match Verdict::parse(&stdout) {
        Some(verdict) if output.status.success() => verdict,
        _ => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let mut verdict = Verdict::default();
            if start.elapsed() >= TIMEOUT {
                verdict.failure = Some(format!("took longer than {TIMEOUT:?}"));
            } else if stderr.contains("has overflowed its stack") {
                verdict.failure = Some("stack overflow".to_owned());
            } else if stderr.contains("memory allocation of") {
                verdict.failure = Some(format!("out of memory (over {} GiB)", MEMORY_LIMIT_KB >> 20));
            } else {
                let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                verdict.failure = Some(format!("crashed ({}):\n{}", output.status, tail.join("\n")));
            }
            verdict
        }
    }
}

/// The child side of `check_in_child`.
#[test]
fn fuzz_child() {
    if let Some(dir) = std::env::var_os("FUZZ_CHILD") {
        check_dir(Path::new(&dir)).print();
    }
}

/// Crashes that are reported and whose fix is pending: counted like known problems, so a run
/// goes on to find new ones. Each has an ignored regression test below. None at present.
const KNOWN_CRASHES: &[&str] = &[];

/// What one fuzz target saw, printed at the end of a run.
#[derive(Default)]
struct Stats {
    cases: AtomicUsize,
    generated: AtomicUsize,
    slowest: Mutex<(u128, String)>,
    messages: Mutex<BTreeMap<String, usize>>,
    /// Known problem → count and the shortest input that showed it.
    known: Mutex<BTreeMap<String, (usize, String)>>,
}

impl Stats {
    /// Runs one case and records what it did; a failure is returned for proptest to shrink.
    fn case(&self, dir: &Path, input: &SpecFiles) -> Result<(), TestCaseError> {
        self.cases.fetch_add(1, Ordering::Relaxed);
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("temp dir");
        for (name, bytes) in &input.files {
            std::fs::write(dir.join(name), bytes).expect("write spec file");
        }
        let mut verdict =
            if std::env::var_os("FUZZ_IN_PROCESS").is_some() { check_dir(dir) } else { check_in_child(dir) };
        let strict = std::env::var_os("FUZZ_STRICT").is_some();
        let known_crash = verdict.failure.as_ref().and_then(|failure| {
            KNOWN_CRASHES
                .iter()
                .find(|known| !strict && failure.contains(*known))
                .map(|known| format!("crash: {known}"))
        });
        if let Some(kind) = known_crash {
            verdict.failure = None;
            verdict.known.push(kind);
        }
        if let Some(failure) = verdict.failure {
            return Err(TestCaseError::fail(failure));
        }
        if let Some(kind) = verdict.known.first().filter(|_| strict) {
            return Err(TestCaseError::fail(kind.clone()));
        }
        self.record(&mut verdict, input);
        Ok(())
    }

    fn record(&self, verdict: &mut Verdict, input: &SpecFiles) {
        // Absurdly slow for specs of a few kilobytes: kept, with the shortest such input.
        if verdict.micros > 1_000_000 {
            verdict.known.push("slow: one generate took over 1 s".to_owned());
        }
        if verdict.generated {
            let count = self.generated.fetch_add(1, Ordering::Relaxed);
            save(input, count);
        }
        let mut slowest = self.slowest.lock().expect("stats lock");
        if verdict.micros > slowest.0 {
            *slowest = (verdict.micros, format!("{input:?}"));
        }
        let mut messages = self.messages.lock().expect("stats lock");
        verdict.messages.iter().for_each(|message| *messages.entry(message.clone()).or_default() += 1);
        let mut known = self.known.lock().expect("stats lock");
        for kind in &verdict.known {
            let input = format!("{input:?}");
            let entry = known.entry(kind.clone()).or_insert_with(|| (0, input.clone()));
            entry.0 += 1;
            if input.len() < entry.1.len() {
                entry.1 = input;
            }
        }
    }

    fn print(&self, name: &str, elapsed: Duration) {
        let (slowest, slowest_input) = &*self.slowest.lock().expect("stats lock");
        println!(
            "fuzz {name}: {} cases (shrinking included) in {elapsed:.1?}; {} generated a crate; slowest generate {:.1?}",
            self.cases.load(Ordering::Relaxed),
            self.generated.load(Ordering::Relaxed),
            Duration::from_micros(u64::try_from(*slowest).unwrap_or(u64::MAX)),
        );
        let verbose = std::env::var_os("FUZZ_VERBOSE").is_some();
        for (kind, (count, input)) in &*self.known.lock().expect("stats lock") {
            println!("fuzz {name}: known problem in {count} cases: {kind}");
            if verbose {
                println!("shortest input:{input}");
            }
        }
        if verbose {
            let messages = self.messages.lock().expect("stats lock");
            let mut common: Vec<_> = messages.iter().collect();
            common.sort_by_key(|(message, count)| (std::cmp::Reverse(**count), *message));
            common.into_iter().take(40).for_each(|(message, count)| println!("{count:>7}  {message}"));
            println!("slowest input:{slowest_input}");
        }
    }
}

/// `FUZZ_SAVE=dir` keeps the first 100 inputs that generated a crate, as `dir/<pid>-<n>/`, to
/// build the generated crates by hand (`cargo xtask codegen --spec dir/… --out …`).
fn save(input: &SpecFiles, count: usize) {
    let Some(root) = std::env::var_os("FUZZ_SAVE").filter(|_| count < 100) else { return };
    let dir = Path::new(&root).join(format!("{}-{count}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("FUZZ_SAVE dir");
    for (name, bytes) in &input.files {
        std::fs::write(dir.join(name), bytes).expect("save spec file");
    }
}

/// `PROPTEST_CASES` for long runs; 64 keeps `cargo test` fast.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(64);
    // No regression files: crashes become the plain tests below instead.
    Config { cases, failure_persistence: None, ..Config::default() }
}

fn run_target(name: &str, strategy: impl Strategy<Value = SpecFiles>) {
    let dir = std::env::temp_dir().join(format!("codegen-fuzz-{}-{name}", std::process::id()));
    let stats = Stats::default();
    let start = Instant::now();
    let result = TestRunner::new(config()).run(&strategy, |input| stats.case(&dir, &input));
    let _ = std::fs::remove_dir_all(&dir);
    stats.print(name, start.elapsed());
    if let Err(error) = result {
        panic!("fuzz target {name} failed: {error}");
    }
}

#[test]
fn generated_specs() {
    run_target("generated", spec_files());
}

#[test]
fn mutated_repository_spec() {
    let original = repository_spec();
    let strategy = (0..original.len(), prop::collection::vec(mutation(), 1..8)).prop_map(move |(file, mutations)| {
        let mut files = original.clone();
        for mutation in &mutations {
            apply(&mut files[file].1, mutation);
        }
        SpecFiles { files, mutated: Some((file, mutations)) }
    });
    run_target("mutated", strategy);
}

/// `FUZZ_REPLAY=path cargo test -p codegen --test pipeline_fuzz replay -- --nocapture` runs the
/// property on one saved spec file or directory, in-process (e.g. under a debugger).
#[test]
fn replay() {
    let Some(path) = std::env::var_os("FUZZ_REPLAY") else { return };
    let path = Path::new(&path);
    let dir = if path.is_dir() { path.to_owned() } else { path.parent().expect("spec file's dir").to_owned() };
    println!("{:?}", check_dir(&dir));
}

// ---------------------------------------------------------------------------------------------
// Regressions: minimal inputs of problems the fuzzer found.

/// Runs `generate` on `files` written to a fresh directory; panics propagate.
fn generate_files(name: &str, files: &[(&str, &str)]) -> Result<Vec<GeneratedFile>, Error> {
    let dir = std::env::temp_dir().join(format!("codegen-fuzz-regression-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write spec");
    }
    let options = CrateOptions {
        name: "regression".to_owned(),
        dev_dependencies: Vec::new(),
        standalone: true,
        version: codegen::release::INITIAL.to_string(),
    };
    let result = generate(&dir, &options);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

const ROOT: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

/// An inline `allOf` of two or more members that `$ref`s its own component: lowering inlined
/// the component's properties, met the same inline `allOf` again, and overflowed the stack.
#[test]
fn inline_all_of_referencing_its_own_component() {
    let spec = format!(
        "{ROOT}components:\n  schemas:\n    A:\n      properties:\n        x:\n          allOf:\n            - $ref: '#/components/schemas/A'\n            - {{}}\n"
    );
    let _ = generate_files("inline-all-of-cycle", &[("api.yaml", &spec)]);
}

/// A name whose first character is alphanumeric but cannot start an identifier (`᪐` is a digit
/// outside ASCII, `²` is not even XID_Continue): `Ident::new` panicked in emit.
#[test]
fn identifier_from_a_non_start_character() {
    for name in ["᪐", "²"] {
        let spec =
            format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        '{name}': {{type: string}}\n");
        let _ = generate_files("non-start-character", &[("api.yaml", &spec)]);
        let spec = format!("{ROOT}components:\n  schemas:\n    '{name}': {{type: string}}\n");
        let _ = generate_files("non-start-character", &[("api.yaml", &spec)]);
    }
}

/// The first diagnostic of `files`, as `line:col: message`, the path left out.
fn first_diagnostic(name: &str, files: &[(&str, &str)]) -> String {
    match generate_files(name, files) {
        Err(Error::Spec(diagnostics)) => {
            let first = &diagnostics.0[0];
            format!("{}:{}: {}", first.line, first.column, first.message)
        }
        other => panic!("expected a spec error, got {:?}", other.map(|files| files.len())),
    }
}

/// Sequences written at their key's indentation (`parameters:\n- name: x`, as serde_yaml and
/// kubectl print them): the locator stopped at the key.
#[test]
fn diagnostic_inside_a_sequence_at_its_keys_indentation() {
    let spec = format!(
        "{ROOT}paths:\n  /a:\n    get:\n      parameters:\n      - name: x\n        in: body\n      responses:\n        '204': {{description: ok}}\n"
    );
    let diagnostic = first_diagnostic("compact-sequence", &[("api.yaml", &spec)]);
    assert!(diagnostic.starts_with("8:9: "), "{diagnostic}");
}

/// A syntax error at the end of a file without a final newline was placed one line past the end.
#[test]
fn syntax_error_at_the_end_of_the_file_is_inside_it() {
    let diagnostic = first_diagnostic("end-of-file", &[("api.yaml", "openapi: 3.0.3\nfoo")]);
    assert!(diagnostic.starts_with("2:"), "{diagnostic}");
}

/// Spec names were quoted verbatim, so a name with a line break split the `error: …` line.
#[test]
fn diagnostic_of_a_name_with_a_line_break_is_one_line() {
    let spec = format!(
        "{ROOT}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: \"x\\ny\", in: body}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let diagnostic = first_diagnostic("line-break", &[("api.yaml", &spec)]);
    assert!(!diagnostic.contains('\n'), "{diagnostic}");
}

/// The name of an inline type is the parent's name plus the property's, and that concatenation
/// skips `naming`: a property `²` holding an enum makes a type `A²`, and `Ident::new` panics.
#[test]

fn inline_type_named_after_a_non_identifier_property() {
    let spec = format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        '²': {{enum: [x, y]}}\n");
    let _ = generate_files("inline-type-name", &[("api.yaml", &spec)]);
}

/// The JSON pointer in a diagnostic quotes the spec name verbatim: a property named `x⏎y`
/// still splits the `error: …` line (messages are escaped, pointers are not).
#[test]

fn diagnostic_pointer_with_a_line_break_is_one_line() {
    let spec =
        format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        \"x\\ny\": {{type: integr}}\n");
    let diagnostic = match generate_files("pointer-line-break", &[("api.yaml", &spec)]) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("an unknown type is an error"),
    };
    assert_eq!(diagnostic.lines().count(), 2, "{diagnostic}");
}

/// `allOf` members that `$ref` the schema itself, more than once: each level of the allOf walk
/// branches again before the depth limit (32) stops it, so time and memory grow exponentially
/// (two refs: 0.6 s; three: over 13 GB within minutes). Run in a memory-limited child.
#[test]

fn all_of_repeating_a_self_reference() {
    let dir = std::env::temp_dir().join(format!("codegen-fuzz-regression-{}-all-of-repeat", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let refs = "      - $ref: '#/components/schemas/S'\n".repeat(3);
    std::fs::write(dir.join("api.yaml"), format!("{ROOT}components:\n  schemas:\n    S:\n      allOf:\n{refs}"))
        .expect("write spec");
    let verdict = check_in_child(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(verdict.failure, None);
}
