//! The `generated_specs` target's inputs: spec documents assembled from weird-but-plausible
//! parts (names, refs, schemas, operations, whole documents split over files).

use super::SpecFiles;
use proptest::prelude::*;
use proptest::sample::select;
use serde_yaml::{Mapping, Value};

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

pub fn spec_files() -> BoxedStrategy<SpecFiles> {
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
