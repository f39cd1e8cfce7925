//! What the fake gets from a spec, beyond the fixtures' snapshots: a spec without operations
//! has no fake at all, the token requirement follows the spec's security schemes, and the
//! tables are JSON data (`src/fake/spec.json`) that `src/fake/spec.rs` only reads.

use crate::common::{SpecDir, file, generated};
use codegen::GeneratedFile;
use serde_json::{Value, json};

fn files(name: &str, yaml: &str) -> Vec<GeneratedFile> {
    generated(&SpecDir::yaml(name, yaml).0, name)
}

/// The fake's tables, parsed.
fn tables(files: &[GeneratedFile]) -> Value {
    let json = file(files, "src/fake/spec.json").expect("the fake's tables");
    serde_json::from_str(json).expect("the tables are JSON")
}

const WIDGETS: &str = "openapi: 3.0.3
info: {title: Widgets, version: '1'}
paths:
  /widgets:
    get:
      operationId: ListWidgets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  widgets: {type: array, items: {$ref: '#/components/schemas/Widget'}}
  /widgets/{widget_uid}:
    get:
      operationId: GetWidget
      parameters: [{in: path, name: widget_uid, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
components:
  schemas:
    Widget:
      type: object
      properties:
        uid: {type: string}
        name: {type: string}
";

#[test]
fn a_spec_without_operations_has_no_fake() {
    let files = files("empty", "openapi: 3.0.3\ninfo: {title: Empty, version: '1'}\npaths: {}\n");
    assert!(files.iter().all(|file| !file.path.starts_with("src/fake")));
    let manifest = file(&files, "Cargo.toml").expect("a manifest");
    assert!(!manifest.contains("fake") && !manifest.contains("hyper"), "{manifest}");
    assert!(!file(&files, "src/lib.rs").expect("lib.rs").contains("mod fake"));
}

#[test]
fn collections_and_ids_are_found_by_shape() {
    let files = files("widgets", WIDGETS);
    let tables = tables(&files);
    // `widget_uid` names the item's `uid` (not `name`, the fallback); no security scheme, so
    // no token is asked (false is left out).
    assert_eq!(tables["collections"], json!([{"name": "widgets", "item": "Widget", "id": "uid"}]), "{tables:#}");
    assert_eq!(tables["routes"][1]["shape"], json!({"get": {"collection": 0}}), "{tables:#}");
    assert_eq!(tables.get("auth"), None, "{tables:#}");
    assert!(file(&files, "src/fake/engine.rs").is_some(), "the engine is copied");
    assert!(
        file(&files, "API.txt").expect("API.txt").contains("fn fake::FakeServer::widgets() -> FakeCollection<Widget>")
    );
}

/// One path item that two paths `$ref` is one operation, and its route lists the other path:
/// the fake answers at both (the runtime's `tests/fake.rs` sends requests to both).
#[test]
fn a_path_item_reached_by_two_paths_is_routed_at_both() {
    let yaml = WIDGETS.replace(
        "  /widgets/{widget_uid}:\n    get:",
        "  /widgets/{widget_uid}: {$ref: '#/components/pathItems/Widget'}\n  /gadgets/{widget_uid}: {$ref: '#/components/pathItems/Widget'}\n  /unused:\n    get:",
    );
    let yaml = yaml.replace("components:\n", "components:\n  pathItems:\n    Widget:\n      get:\n        operationId: GetWidget\n        parameters: [{in: path, name: widget_uid, required: true, schema: {type: string}}]\n        responses:\n          '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}\n");
    let yaml = yaml.replace("operationId: GetWidget\n      parameters", "operationId: GetUnused\n      parameters");
    let tables = tables(&files("two-paths", &yaml));
    let routes = tables["routes"].as_array().expect("routes");
    let get = routes.iter().find(|route| route["operation"] == "get_widget").expect("get_widget's route");
    assert_eq!(get["path"], "/gadgets/{widget_uid}", "{tables:#}");
    assert_eq!(get["aliases"], json!(["/widgets/{widget_uid}"]), "{tables:#}");
    assert_eq!(get["shape"], json!({"get": {"collection": 0}}), "{tables:#}");
    // The alias under the list path names the id, as the path would.
    assert_eq!(tables["collections"][0]["id"], "uid", "{tables:#}");
    assert!(routes.iter().all(|route| route["operation"] == "get_widget" || route.get("aliases").is_none()));
}

/// A GET on an item path answers one resource, even one that holds an array; lists that
/// share an items field are named for what they list, not by their order in the spec.
#[test]
fn an_item_get_is_no_list_and_shared_names_go_by_type() {
    let list = |path: &str, id: &str, field: &str, item: &str| {
        format!(
            "  {path}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  {field}: {{type: array, items: {{$ref: '#/components/schemas/{item}'}}}}\n"
        )
    };
    let spec = |paths: &[String]| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}components:\n  schemas:\n    RoleBinding: {{type: object, properties: {{id: {{type: string}}}}}}\n    Widget: {{type: object, properties: {{id: {{type: string}}}}}}\n    Gadget: {{type: object, properties: {{id: {{type: string}}}}}}\n",
            paths.concat()
        )
    };
    // `fn fake::FakeServer::widgets() -> FakeCollection<Widget>` lines of the API surface.
    let accessors = |yaml: &str| -> Vec<String> {
        let files = files("accessors", yaml);
        let surface = file(&files, "API.txt").expect("API.txt");
        let accessor = |line: &str| {
            let rest = line.strip_prefix("fn fake::FakeServer::")?;
            rest.contains("FakeCollection<").then(|| rest.split_once('(').map(|(name, _)| name.to_owned())).flatten()
        };
        surface.lines().filter_map(accessor).collect()
    };
    let base = [list("/v1/role-bindings", "ListRoleBindings", "role_bindings", "RoleBinding")];
    // `/v1/things/{thing_id}` answers one thing (that holds role bindings): no second list.
    let item = list("/v1/things/{thing_id}", "GetThing", "role_bindings", "RoleBinding").replace(
        "responses:",
        "parameters: [{in: path, name: thing_id, required: true, schema: {type: string}}]\n      responses:",
    );
    assert_eq!(accessors(&spec(&base)), ["role_bindings"]);
    assert_eq!(accessors(&spec(&[item, base[0].clone()])), ["role_bindings"]);
    // Two lists of `items`, whatever their order: the shorter path keeps `items`, the other is
    // named for its items' type.
    let widgets = list("/v1/widgets", "ListWidgets", "items", "Widget");
    let gadgets = list("/v1/gadgets/all", "ListGadgets", "items", "Gadget");
    let expected = ["gadgets", "items"];
    assert_eq!(accessors(&spec(&[widgets.clone(), gadgets.clone()])), expected);
    assert_eq!(accessors(&spec(&[gadgets, widgets])), expected);
}

#[test]
fn a_security_scheme_makes_the_fake_ask_for_tokens() {
    let secured =
        format!("{WIDGETS}  securitySchemes:\n    key: {{type: http, scheme: bearer}}\nsecurity: [{{key: []}}]\n");
    assert_eq!(tables(&files("secured", &secured))["auth"], json!(true));
}

#[test]
fn the_tables_are_data_that_spec_rs_only_reads() {
    // A schema named like an operation: names of the tables never meet Rust names.
    let clashing =
        format!("{WIDGETS}    GetWidget:\n      type: object\n      properties:\n        id: {{type: string}}\n");
    let files = files("clashing", &clashing);
    let json = file(&files, "src/fake/spec.json").expect("the fake's tables");
    // The header comes first, as a key the engine ignores.
    assert!(json.starts_with("{\n  \"@generated\": \"@generated by `cargo xtask codegen`"), "{json}");
    let tables = tables(&files);
    let operations: Vec<&Value> =
        tables["routes"].as_array().expect("routes").iter().map(|r| &r["operation"]).collect();
    assert_eq!(operations, [&json!("list_widgets"), &json!("get_widget")], "in the order of the operations");
    let route = &tables["routes"][1];
    assert_eq!(
        (&route["method"], &route["path"], &route["status"]),
        (&json!("GET"), &json!("/widgets/{widget_uid}"), &json!(200))
    );
    // The types by name, sorted; optional fields leave `required` out.
    let types: Vec<&String> = tables["types"].as_object().expect("types").keys().collect();
    assert_eq!(types, ["GetWidget", "ListWidgetsResponse", "Widget"]);
    assert_eq!(tables["types"]["GetWidget"], json!({"object": {"fields": [{"wire": "id", "ty": "string"}]}}));
    // spec.rs holds none of it: it reads the JSON and types the collections.
    let spec = file(&files, "src/fake/spec.rs").expect("spec.rs");
    assert!(spec.contains("pub(crate) const JSON: &str = include_str!(\"spec.json\");"), "{spec}");
    assert!(spec.contains("pub fn widgets(&self) -> super::FakeCollection<crate::models::Widget>"), "{spec}");
    assert!(!spec.contains("/widgets") && !spec.contains("GetWidget"), "{spec}");
}

#[test]
fn required_and_nullable_fields_are_in_the_tables() {
    let spec = WIDGETS
        .replace(
            "      type: object\n      properties:\n        uid",
            "      type: object\n      required: [uid, name]\n      properties:\n        uid",
        )
        .replace("        name: {type: string}\n", "        name: {type: string, nullable: true}\n");
    let tables = tables(&files("required", &spec));
    let fields = &tables["types"]["Widget"]["object"]["fields"];
    assert_eq!(
        fields,
        &json!([{"wire": "uid", "ty": "string", "required": true}, {"wire": "name", "ty": "string", "required": true, "nullable": true}]),
        "{tables:#}"
    );
}
