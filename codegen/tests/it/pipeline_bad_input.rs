//! Malformed specs: each fails with a located, readable error and never panics.
//! The messages are snapshotted; paths are shown relative to the spec directory.

use crate::common::{ROOT, SpecDir};
use codegen::{CrateOptions, Error, generate};

/// Writes `files` into a fresh directory and returns the generator's error message.
fn error_of(name: &str, files: &[(&str, &[u8])]) -> String {
    let dir = SpecDir::new(name, files);
    let error = generate(&dir.0, &CrateOptions::new("bad")).expect_err("the spec is malformed");
    assert!(matches!(error, Error::Spec(_)), "{name}: not a spec error: {error}");
    error.to_string().replace(&format!("{}{}", dir.0.display(), std::path::MAIN_SEPARATOR), "spec/")
}

fn spec(body: &str) -> Vec<u8> {
    format!("{ROOT}{body}").into_bytes()
}

macro_rules! bad_input {
    ($($name:ident: $files:expr;)*) => {$(
        #[test]
        fn $name() {
            let files: Vec<(&str, Vec<u8>)> = $files;
            let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
            assert_snapshot!(stringify!($name), error_of(stringify!($name), &files));
        }
    )*};
}

bad_input! {
    dangling_schema_ref: vec![("api.yaml", spec("paths:\n  /v1/users/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/UserInvit'\ncomponents:\n  schemas:\n    UserInvite: {type: object}\n"))];
    yaml_syntax_error: vec![("api.yaml", spec("paths:\n  /a:\n    get: [unclosed\n"))];
    wrong_yaml_type: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      responses: 5\n"))];
    empty_file: vec![("api.yaml", b"   \n".to_vec())];
    invalid_utf8: vec![("api.yaml", b"openapi: 3.0.3\ninfo:\n  title: \xff\xfe\n".to_vec())];
    swagger_two: vec![("api.yaml", b"swagger: '2.0'\ninfo: {title: T, version: '1'}\n".to_vec())];
    unsupported_version: vec![("api.yaml", b"openapi: 4.0.0\ninfo: {title: T, version: '1'}\n".to_vec())];
    no_root_document: vec![("api.yaml", b"paths: {}\n".to_vec())];
    two_root_documents: vec![("a.yaml", spec("")), ("b.yaml", spec(""))];
    schema_defined_twice: vec![("a.yaml", spec("components:\n  schemas:\n    User: {type: object}\n")), ("b.yaml", b"components:\n  schemas:\n    User: {type: string}\n".to_vec())];
    label_path_template: vec![("api.yaml", spec("paths:\n  /things/{.id*}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n"))];
    error_in_a_merged_response: vec![("api.yaml", spec("x-errors: &errors\n  '404':\n    description: gone\n    content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}\npaths:\n  /a:\n    get:\n      responses:\n        '204': {description: ok}\n        <<: *errors\n"))];
    errors_in_a_json_spec: vec![("api.json", br##"{
  "openapi": "3.1.0",
  "info": {"title": "T", "version": "1"},
  "paths": {
    "/a": {
      "get": {
        "responses": {
          "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}
          }
        }
      }
    }
  },
  "components": {"schemas": {"Thing": {"type": "object", "properties": {"size": {"type": "integr"}}}}}
}
"##.to_vec())];
    error_in_a_minified_json_spec: vec![("api.json", br##"{"openapi":"3.1.0","info":{"title":"T","version":"1"},"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"}}}}"##.to_vec())];
    unknown_type: vec![("api.yaml", spec("components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        size: {type: integr}\n"))];
    bad_status_code: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      responses:\n        '2000': {description: ok}\n"))];
    ref_to_a_missing_file: vec![("api.yaml", spec("components:\n  schemas:\n    A:\n      $ref: 'other.yaml#/definitions/A'\n"))];
    ref_cycle_without_a_type: vec![("api.yaml", spec("components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"))];
    unknown_parameter_location: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      parameters:\n        - {name: session, in: body, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n"))];
    missing_ref_without_a_close_name: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Organization'}\ncomponents:\n  schemas:\n    User: {type: object}\n"))];
    ref_cycle_between_operations: vec![
        ("api.yaml", spec("paths:\n  /a:\n    get:\n      $ref: 'ops/a.yaml'\n")),
        ("ops/a.yaml", b"$ref: 'b.yaml'\n".to_vec()),
        ("ops/b.yaml", b"# loops back\n$ref: 'a.yaml'\n".to_vec()),
    ];
    error_deep_in_a_referenced_file: vec![
        ("api.yaml", spec("paths:\n  /a/{id}:\n    get:\n      $ref: 'ops/get.yaml'\n")),
        ("ops/get.yaml", b"operationId: GetA\nparameters:\n  - $ref: '../params/id.yaml'\nresponses:\n  '200':\n    $ref: '../responses/ok.yaml'\n".to_vec()),
        ("params/id.yaml", b"{name: id, in: path, required: true, schema: {type: string}}\n".to_vec()),
        ("responses/ok.yaml", b"description: ok\ncontent:\n  application/json:\n    # schemas.yaml has no `Absent`\n    schema: {$ref: '../schemas.yaml#/Absent'}\n".to_vec()),
        ("schemas.yaml", b"Present: {type: string}\n".to_vec()),
    ];
    wrong_type_in_a_referenced_file: vec![
        ("api.yaml", spec("paths:\n  /a:\n    get:\n      $ref: 'ops/get.yaml'\n")),
        ("ops/get.yaml", b"operationId: GetA\nresponses:\n  '200':\n    description: [not, text]\n".to_vec()),
    ];
    remote_ref: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      $ref: 'https://example.com/ops.yaml#/get'\n"))];
    properties_ref_cycle: vec![
        ("api.yaml", spec("components:\n  schemas:\n    A:\n      type: object\n      properties:\n        $ref: 'props.yaml'\n")),
        ("props.yaml", b"# a property whose own properties are this map again\nnested:\n  type: object\n  properties:\n    $ref: 'props.yaml'\n".to_vec()),
    ];
    ref_to_a_missing_pointer: vec![
        ("api.yaml", spec("paths:\n  /a:\n    get:\n      $ref: 'ops.yaml#/get_a'\n")),
        ("ops.yaml", b"get_b: {responses: {'204': {description: ok}}}\n".to_vec()),
    ];
    unsupported_query_style: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      parameters:\n        - name: ids\n          in: query\n          style: matrix\n          schema: {type: array, items: {type: string}}\n      responses:\n        '204': {description: ok}\n"))];
    dangling_parameter_ref: vec![("api.yaml", spec("paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/PageSize'\n      responses:\n        '204': {description: ok}\ncomponents:\n  parameters:\n    PageSze: {name: page_size, in: query, schema: {type: integer}}\n"))];
    tab_indentation: vec![("api.yaml", b"openapi: 3.0.3\ninfo:\n\ttitle: T\n".to_vec())];
    duplicate_yaml_key: vec![("api.yaml", spec("components:\n  schemas:\n    A:\n      type: object\n      properties:\n        id: {type: string}\n        id: {type: integer}\n"))];
    properties_not_a_mapping: vec![("api.yaml", spec("components:\n  schemas:\n    A:\n      type: object\n      properties: [id, name]\n"))];
    type_of_the_wrong_shape: vec![("api.yaml", spec("components:\n  schemas:\n    A: {type: 5}\n"))];
    additional_properties_of_the_wrong_shape: vec![("api.yaml", spec("components:\n  schemas:\n    A: {type: object, additionalProperties: [x]}\n"))];
    field_mask_for_a_missing_property: vec![("api.yaml", spec("components:\n  schemas:\n    PatchThing:\n      type: object\n      properties:\n        fieldMask: {type: string, x-field-mask-for: thng}\n        thing: {type: object, properties: {name: {type: string}}}\n"))];
    several_errors_at_once: vec![("api.yaml", spec("paths:\n  /a/{x}:\n    get:\n      responses:\n        '2000': {description: ok}\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n"))];
}

/// Generates `files` and returns the warnings (`line:col: message`) and `client.rs`.
fn warnings_of(name: &str, files: &[(&str, &[u8])]) -> (Vec<String>, String) {
    let dir = SpecDir::new(name, files);
    let output = codegen::run(&dir.0, &CrateOptions::new("warn"))
        .unwrap_or_else(|error| panic!("{name}: a warning is not an error: {error}"));
    let warnings = output
        .warnings
        .iter()
        .map(|warning| format!("{}:{}: {}: {}", warning.line, warning.column, warning.pointer, warning.message))
        .collect();
    let client = output.files.iter().find(|file| file.path.ends_with("client.rs")).expect("client.rs");
    (warnings, client.contents.clone())
}

/// OpenAPI requires a response `description`, but specs omit it and other generators accept
/// that: a located warning, and the response is generated as written.
#[test]
fn response_without_description_is_a_located_warning() {
    let text = spec(
        "paths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '200':\n          content:\n            application/json: {schema: {type: string}}\n",
    );
    let (warnings, client) = warnings_of("no-description", &[("api.yaml", &text)]);
    assert_eq!(warnings, ["8:9: /paths/~1a/get/responses/200: response without `description`"]);
    assert!(client.contains("pub async fn get_a(&self) -> Result<Response<String>, Error<()>>"), "{client}");
}

/// A path variable without a declared parameter is a located warning and a `&str` argument.
#[test]
fn undeclared_path_parameter_is_a_located_warning_and_a_string_argument() {
    let text = spec(
        "paths:\n  /v1/users/{user_id}:\n    get:\n      operationId: GetUser\n      responses:\n        '204': {description: ok}\n",
    );
    let (warnings, client) = warnings_of("undeclared", &[("api.yaml", &text)]);
    assert_eq!(
        warnings,
        ["4:3: /paths/~1v1~1users~1{user_id}: path parameter `{user_id}` is not declared; generated as a string"]
    );
    assert!(client.contains("pub async fn get_user(&self, user_id: &str)"), "{client}");
}

/// What other generators accept, this one does too: each case generates, with located
/// warnings that say what was assumed, and the client shows it.
#[test]
fn lenient_cases_warn_with_what_they_assumed() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "empty-content",
            "paths:\n  /a:\n    post:\n      operationId: PostA\n      requestBody:\n        content: {}\n      responses:\n        '200':\n          description: ok\n          content: {}\n",
            &[
                "8:9: /paths/~1a/post/requestBody/content: request body lists no media type; the method sends no body",
                "12:11: /paths/~1a/post/responses/200/content: `content` lists no media type; the response is generated without a body",
            ],
            "pub async fn post_a(&self) -> Result<Response<()>, Error<()>>",
        ),
        (
            "no-content",
            "paths:\n  /a:\n    post:\n      operationId: PostA\n      requestBody: {required: true}\n      responses:\n        default:\n          content:\n",
            &[
                "7:7: /paths/~1a/post/requestBody/content: request body lists no media type; the method sends no body",
                "9:9: /paths/~1a/post/responses/default: response without `description`",
                "10:11: /paths/~1a/post/responses/default/content: `content` lists no media type; the response is generated without a body",
            ],
            "pub async fn post_a(&self) -> Result<Response<()>, Error<()>>",
        ),
        (
            "mixed-enum",
            "paths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/Level'}}\ncomponents:\n  schemas:\n    Level:\n      enum: [low, 2, true, null]\n    Shape:\n      enum: [1, [2]]\n",
            &[
                "15:7: /components/schemas/Level/enum: enum mixes value types: boolean, number, string; generated as a string enum of its strings; its other values decode as unknown values, kept as sent",
                "17:7: /components/schemas/Shape/enum: enum mixes value types: array, number; generated as any JSON value",
            ],
            "Result<Response<Level>, Error<()>>",
        ),
        (
            "duplicate-id",
            "paths:\n  /a:\n    get:\n      operationId: Same\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: Same\n      responses: {'204': {description: ok}}\n",
            &[
                "6:7: /paths/~1a/get/operationId: duplicate operationId `Same` (also at #/paths/~1b/get); named `same`, kept: of those that share it, this one has the fewest path segments (then sorts first by path and method)",
                "10:7: /paths/~1b/get/operationId: duplicate operationId `Same` (also at #/paths/~1a/get); named `same_get_b`, from its method and path",
            ],
            "pub async fn same_get_b(&self)",
        ),
        (
            "one-item-two-paths",
            "paths:\n  /a: {$ref: '#/components/pathItems/A'}\n  /b: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A:\n      get:\n        operationId: GetA\n        responses: {'204': {description: ok}}\n",
            &[
                "9:7: /components/pathItems/A/get: `GET /b` is the operation of `/a`: one path item reached by two paths; generated once, for `/a` (the fake answers at both)",
            ],
            "pub async fn get_a(&self)",
        ),
        (
            "no-operation-id",
            "paths:\n  /v1/nodes/{node_id}:\n    get:\n      parameters:\n        - {name: node_id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
            &[
                "5:5: /paths/~1v1~1nodes~1{node_id}/get: operation without `operationId`; named `get_v1_nodes_by_node_id`, from its method and path",
            ],
            "pub async fn get_v1_nodes_by_node_id(",
        ),
        (
            "unused-path-parameter",
            "paths:\n  /v1/users:\n    get:\n      operationId: ListUsers\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
            &[
                "8:9: /paths/~1v1~1users/get/parameters/0: path parameter `id` does not appear in the path `/v1/users`; ignored",
            ],
            "pub async fn list_users(&self)",
        ),
        (
            "delimited-styles",
            "paths:\n  /a:\n    get:\n      operationId: GetA\n      parameters:\n        - {name: ids, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}\n        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: integer}}}\n        - {name: one, in: query, style: pipeDelimited, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
            &[
                "10:9: /paths/~1a/get/parameters/2/style: query style `pipeDelimited` of `one` is for arrays; sent as `form`",
            ],
            "pairs.push((\"tags\", joined.join(\"|\")));",
        ),
        (
            "examples-that-would-not-round-trip",
            "paths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Gauge'}\n              example: {id: g1, count: five}\ncomponents:\n  schemas:\n    Gauge:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        count: {type: integer, format: int32}\n        scale: {type: number, format: float}\n        note: {type: string}\n      example: {scale: 3.14159265358979, note: null}\n    Reading:\n      type: object\n      properties:\n        at: {type: string, format: date-time}\n        value: {anyOf: [{type: integer, format: int32}, {type: number, format: float}]}\n      example: {at: '2024-01-01T00:00:00+00:00', value: 1.1}\n    Bounds:\n      type: object\n      properties:\n        value: {oneOf: [{type: number, format: float}, {type: string, format: date}]}\n      example: {value: 3.14159265358979}\n",
            &[
                "35:7: /components/schemas/Bounds/example: the example would not round-trip through its type: `value`: as Number: 3.14159265358979 comes back through `f32` as 3.1415927; no test for it",
                "24:7: /components/schemas/Gauge/example: the example would not round-trip through its type: the required `id` is missing; no test for it",
                "30:7: /components/schemas/Reading/example: the example would not round-trip through its type: `at`: \"2024-01-01T00:00:00+00:00\" comes back in another form (UTC, `T`, `Z`, a fraction of 0, 3, 6 or 9 digits); no test for it",
                "13:15: /paths/~1a/get/responses/200/content/application~1json/example: the example would not round-trip through its type: `count`: \"five\" where an integer is expected; no test for it",
            ],
            "pub async fn get_a(&self)",
        ),
    ];
    for (name, body, expected, client_has) in cases {
        let (warnings, client) = warnings_of(name, &[("api.yaml", &spec(body))]);
        assert_eq!(warnings, *expected, "{name}");
        assert!(client.contains(client_has), "{name}: {client}");
    }
}

/// A description written as `{$ref: file.md}` (Redocly's split specs) is the file's text.
#[test]
fn a_description_ref_reads_the_markdown_file() {
    let root = spec("paths:\n  /a:\n    get:\n      operationId: GetA\n      description: {$ref: docs/get-a.md}\n      responses: {'204': {description: ok}}\n")
        .into_iter()
        .map(char::from)
        .collect::<String>()
        .replace("info: {title: T, version: '1'}", "info: {title: T, version: '1', description: {$ref: intro.md}}");
    let files: &[(&str, &[u8])] = &[
        ("api.yaml", root.as_bytes()),
        ("intro.md", b"# Welcome\n\nThe *intro*.\n"),
        ("docs/get-a.md", b"Gets an A.\n"),
    ];
    let dir = SpecDir::new("prose-ref", files);
    let output = codegen::run(&dir.0, &CrateOptions::new("prose")).expect("generates");
    let file = |path: &str| &output.files.iter().find(|file| file.path.ends_with(path)).expect(path).contents;
    // The crate's doc is its README (`#![doc = include_str!("../README.md")]`).
    assert!(file("README.md").contains("# Welcome\n\nThe *intro*."), "{}", file("README.md"));
    assert!(file("client.rs").contains("/// Gets an A."), "{}", file("client.rs"));
    let missing = String::from_utf8(spec("paths: {}\n"))
        .unwrap()
        .replace("version: '1'}", "version: '1', description: {$ref: gone.md}}");
    let error = error_of("prose-ref-missing", &[("api.yaml", missing.as_bytes())]);
    assert!(error.starts_with("error: spec/api.yaml:2:"), "{error}");
    assert!(error.contains("description $ref target") && error.contains("gone.md cannot be read"), "{error}");
}

/// Wherever a description is read (schemas, properties, parameters, responses, request
/// bodies, servers), `{$ref: file.md}` is the file's text, and a missing file is located.
#[test]
fn every_description_may_ref_a_markdown_file() {
    let body = "servers:\n  - {url: 'https://api.example.com', description: {$ref: docs/server.md}}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      parameters:\n        - {name: q, in: query, description: {$ref: docs/q.md}, schema: {type: string}}\n      responses:\n        '200': {description: {$ref: docs/ok.md}, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n        '202': {description: {$ref: docs/accepted.md}, content: {text/plain: {schema: {type: string}}}}\n    post:\n      operationId: PostA\n      requestBody: {description: {$ref: docs/body.md}, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    A:\n      description: {$ref: docs/a.md}\n      type: object\n      properties:\n        id: {type: string, description: {$ref: docs/id.md}}\n";
    let root = spec(body);
    let text = |words: &str| format!("{words}\n").into_bytes();
    let docs = ["server", "q", "ok", "accepted", "body", "a", "id"]
        .map(|name| (format!("docs/{name}.md"), text(&format!("The {name} text."))));
    let mut files: Vec<(&str, &[u8])> = vec![("api.yaml", &root)];
    files.extend(docs.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())));
    let dir = SpecDir::new("prose-refs-everywhere", &files);
    let output = codegen::run(&dir.0, &CrateOptions::new("prose")).expect("generates");
    let file = |path: &str| &output.files.iter().find(|file| file.path.ends_with(path)).expect(path).contents;
    for (doc, path) in
        [("a", "models.rs"), ("id", "models.rs"), ("q", "models.rs"), ("ok", "models.rs"), ("accepted", "models.rs")]
    {
        assert!(file(path).contains(&format!("/// The {doc} text.")), "{doc} in {path}: {}", file(path));
    }
    let all: String = output.files.iter().map(|file| file.contents.as_str()).collect();
    assert!(!all.contains("$ref:"), "a description $ref left unread");
    // A property's missing file is an error at the property's `$ref`, in the file that holds it.
    let missing = spec(
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        id: {type: string, description: {$ref: gone.md}}\n",
    );
    let error = error_of("prose-ref-property-missing", &[("api.yaml", &missing)]);
    assert!(error.starts_with("error: spec/api.yaml:8:"), "{error}");
    assert!(error.contains("/components/schemas/A/properties/id/description/$ref"), "{error}");
    assert!(error.contains("description $ref target") && error.contains("gone.md cannot be read"), "{error}");
    let not_text = spec("components:\n  schemas:\n    A: {type: string, description: {$ref: a.yaml}}\n");
    let error = error_of("prose-ref-not-text", &[("api.yaml", &not_text)]);
    assert!(
        error.contains("/components/schemas/A/description/$ref") && error.contains("not name a Markdown"),
        "{error}"
    );
}

/// An unknown `format` is a warning with a location, and the type falls back to its plain type.
#[test]
fn unknown_format_is_a_located_warning() {
    let text = spec(
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        at: {type: string, format: epoch-ish}\n",
    );
    let dir = SpecDir::new("unknown-format", &[("api.yaml", text)]);
    let output = codegen::run(&dir.0, &CrateOptions::new("warn")).expect("a warning is not an error");
    let warnings: Vec<String> =
        output.warnings.iter().map(|warning| format!("{}:{}", warning.line, warning.message)).collect();
    assert_eq!(warnings, ["8:unknown format `epoch-ish` for type string; generated as its plain type"]);
    let models = output.files.iter().find(|file| file.path.ends_with("models.rs")).expect("models.rs");
    assert!(models.contents.contains("pub at: Option<String>"), "{}", models.contents);
}

/// Formats outside the registry that real specs use widely map to a fitting type, quietly.
#[test]
fn common_nonstandard_formats_are_quiet() {
    let text = spec(
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        created: {type: integer, format: unixtime}\n        count: {type: integer, format: uint}\n        addr: {type: string, format: ip}\n        ratio: {type: number, format: int32}\n",
    );
    let dir = SpecDir::new("formats", &[("api.yaml", text)]);
    let output = codegen::run(&dir.0, &CrateOptions::new("formats")).expect("generates");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let models = output.files.iter().find(|file| file.path.ends_with("models.rs")).expect("models.rs");
    for field in
        ["pub created: Option<i64>", "pub count: Option<u64>", "pub addr: Option<String>", "pub ratio: Option<f64>"]
    {
        assert!(models.contents.contains(field), "{field}: {}", models.contents);
    }
}

/// Alias bombs and deep nesting end in an error or a quick success: never a stack overflow
/// or runaway memory.
#[test]
fn resource_limits_are_errors() {
    let mut bomb =
        String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-a: &a [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n");
    for level in 1..=9 {
        let refs = vec![format!("*{}", (b'a' + level - 1) as char); 10].join(", ");
        bomb.push_str(&format!("x-{0}: &{0} [{refs}]\n", (b'a' + level) as char));
    }
    // 5,000 levels of schemas, where the loader must descend (not under an ignored key).
    let deep = format!("{ROOT}components:\n  schemas:\n    A: {}{{}}{}\n", "{items: ".repeat(5000), "}".repeat(5000));
    for (name, text) in [("bomb", bomb), ("deep", deep)] {
        let dir = SpecDir::yaml(name, &text);
        let options = CrateOptions::new("limits");
        // With the stack `cargo xtask codegen` runs on (the main thread's 8 MiB): a test
        // thread's 2 MiB is about what an unoptimized build needs for 128 nested schemas,
        // serde_yaml's recursion limit, so it would measure the test harness, not the loader.
        let spec = dir.0.clone();
        let result = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || generate(&spec, &options))
            .expect("thread")
            .join()
            .expect("no panic");
        // A bounded success is fine (the bomb sits under an ignored `x-` key); an error must be located.
        match (name, result) {
            ("bomb", Ok(_)) => {}
            (_, Ok(_)) => panic!("{name}: 5,000 levels of nesting were accepted"),
            (_, Err(error)) => assert!(error.to_string().contains("api.yaml:"), "{name}: {error}"),
        }
    }
}
