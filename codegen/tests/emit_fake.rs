//! What the fake gets from a spec, beyond the fixtures' snapshots: a spec without operations
//! has no fake at all, the token requirement follows the spec's security schemes, and each
//! route is a `const` of its own that the `SPEC` table names.

mod common;

use codegen::GeneratedFile;
use common::{SpecDir, file, generated};

fn files(name: &str, yaml: &str) -> Vec<GeneratedFile> {
    generated(&SpecDir::yaml(name, yaml).0, name)
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
    let spec = file(&files, "src/fake/spec.rs").expect("the fake's tables");
    // `widget_uid` names the item's `uid` (not `name`, the fallback); no security scheme, so
    // no token is asked.
    assert!(spec.contains("Collection::new(\"widgets\", \"Widget\", Some(\"uid\"))"), "{spec}");
    assert!(spec.contains("shape: Shape::Get {"), "{spec}");
    assert!(spec.contains("auth: false,"), "{spec}");
    assert!(file(&files, "src/fake/engine.rs").is_some(), "the engine is copied");
    assert!(
        file(&files, "API.txt").expect("API.txt").contains("fn fake::FakeServer::widgets() -> FakeCollection<Widget>")
    );
}

#[test]
fn a_security_scheme_makes_the_fake_ask_for_tokens() {
    let secured =
        format!("{WIDGETS}  securitySchemes:\n    key: {{type: http, scheme: bearer}}\nsecurity: [{{key: []}}]\n");
    let files = files("secured", &secured);
    assert!(file(&files, "src/fake/spec.rs").expect("tables").contains("auth: true,"));
}

#[test]
fn each_route_is_a_const_the_table_names_apart_from_the_type_lists() {
    // A schema named like an operation: its field list and the route's `const` get two names.
    let clashing =
        format!("{WIDGETS}    GetWidget:\n      type: object\n      properties:\n        id: {{type: string}}\n");
    let files = files("clashing", &clashing);
    let spec = file(&files, "src/fake/spec.rs").expect("the fake's tables");
    assert!(spec.contains("    routes: &[LIST_WIDGETS, GET_WIDGET_2],\n"), "{spec}");
    assert!(spec.contains("\nconst LIST_WIDGETS: Route = Route {\n"), "{spec}");
    assert!(spec.contains("\nconst GET_WIDGET_2: Route = Route {\n"), "{spec}");
    assert!(spec.contains("\nconst GET_WIDGET: &[Field] = &[Field::optional(\"id\", Ty::String)];\n"), "{spec}");
    assert!(spec.contains("    types: TYPES,\n"), "{spec}");
    assert!(spec.contains("(\"GetWidget\", Schema::object(GET_WIDGET)),"), "{spec}");
    // The routes follow the table in the order of the operations.
    let list = spec.find("const LIST_WIDGETS: Route").expect("list route");
    let get = spec.find("const GET_WIDGET_2: Route").expect("get route");
    assert!(spec.find("static SPEC").expect("the table") < list && list < get, "{spec}");
}
