//! `import` and `drift` against small upstream specs written to temporary directories,
//! and (when `../shared/corpus` is there) against Redpanda's published specs.

use crate::common::{SpecDir as Dir, repository_spec};
use codegen::upstream::{drift, import};
use codegen::{CrateOptions, Error, generate};
use std::path::{Path, PathBuf};

/// What the import and drift tests do with a spec directory.
impl Dir {
    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).expect("read")
    }

    /// What the caller of `import` does: write every returned file.
    fn apply(&self, imported: &import::Imported) {
        for (path, text) in &imported.files {
            assert!(path.starts_with(&self.0), "{} is outside the fragment", path.display());
            std::fs::write(path, text).expect("write");
        }
    }

    /// Paths in messages, relative to the directory.
    fn shown(&self, text: &str) -> String {
        text.replace(&format!("{}{}", self.0.display(), std::path::MAIN_SEPARATOR), "")
    }
}

const UPSTREAM: &str = r##"openapi: 3.0.3
info: {title: Upstream, version: '1'}
paths:
  /v1/nodes/{id}:
    parameters:
      - $ref: '#/components/parameters/NodeId'
    get:
      operationId: NodeService_GetNode
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Node'
              example:
                name: root
                created_at: '2025-05-04T09:42:00Z'
        default:
          $ref: '#/components/responses/Failure'
    put:
      operationId: NodeService_UpdateNode
      requestBody:
        $ref: '#/components/requestBodies/NodeBody'
      responses:
        '204':
          description: done
  /v1/others:
    get:
      operationId: OtherService_ListOthers
      responses:
        '204':
          description: done
components:
  parameters:
    NodeId:
      name: id
      in: path
      required: true
      schema:
        type: string
  requestBodies:
    NodeBody:
      required: true
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Node'
  responses:
    Failure:
      description: failed
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Status'
  schemas:
    Node:
      description: |-
        A node of a tree.
        Nodes nest.
      type: object
      properties:
        name:
          type: string
        created_at:
          type: string
          format: date-time
        children:
          type: array
          items:
            $ref: '#/components/schemas/Node'
        tree:
          $ref: '#/components/schemas/Tree'
    Tree:
      type: object
      properties:
        branches:
          type: array
          items:
            $ref: '#/components/schemas/Branch'
    Branch:
      type: object
      properties:
        tree:
          $ref: '#/components/schemas/Tree'
    Status:
      type: object
      properties:
        code:
          type: integer
          format: int32
        message:
          type: string
    Unused:
      type: string
"##;

/// The fragment's root: it already has `Status`, without upstream's `message`.
const FRAGMENT_ROOT: &str = "# The root: comments and layout must survive an import.\nopenapi: 3.0.3\ninfo:\n  title: Fragment\n  version: '1'\ncomponents:\n  schemas:\n    # Shared error body.\n    Status:\n      type: object\n      properties:\n        code:\n          type: integer\n          format: int32\n";

fn options() -> CrateOptions {
    CrateOptions::new("fragment")
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn imports_the_transitive_closure_through_cycles_and_reuses_what_the_fragment_has() {
    let upstream = Dir::new("closure-up", &[("upstream.yaml", UPSTREAM)]);
    let fragment = Dir::new("closure-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let ids = ["NodeService_GetNode".to_owned()];
    let imported = import::import(&fragment.0, &upstream.path("upstream.yaml"), &ids, None).expect("imports");

    // One new file, named after the service as the README's layout says; the root is untouched.
    let written: Vec<&Path> = imported.files.iter().map(|(path, _)| path.as_path()).collect();
    assert_eq!(written, [fragment.path("nodes.yaml").as_path()]);
    fragment.apply(&imported);
    assert_eq!(fragment.read("openapi.yaml"), FRAGMENT_ROOT);
    let nodes = fragment.read("nodes.yaml");

    // Everything the operation needs, once each, through the Node → Node and
    // Tree → Branch → Tree cycles; nothing it does not need; `Status` reused, not copied.
    for definition in ["    Node:\n", "    Tree:\n", "    Branch:\n", "    NodeId:\n", "    Failure:\n"] {
        assert_eq!(count(&nodes, definition), 1, "{definition:?} in\n{nodes}");
    }
    for absent in ["Status:", "Unused", "NodeBody", "OtherService", "put:"] {
        assert!(!nodes.contains(absent), "{absent} copied:\n{nodes}");
    }
    // Block style, path-level parameters kept, timestamps quoted, block strings kept.
    assert!(
        nodes
            .contains("  /v1/nodes/{id}:\n    parameters:\n      - $ref: '#/components/parameters/NodeId'\n    get:\n")
    );
    assert!(nodes.contains("created_at: '2025-05-04T09:42:00Z'"), "{nodes}");
    assert!(nodes.contains("      description: |-\n        A node of a tree.\n        Nodes nest.\n"), "{nodes}");

    // The kept `Status` differs upstream: the import says so, located in the fragment.
    let notes = fragment.shown(&imported.notes.join("\n"));
    assert!(
        notes.contains("note: openapi.yaml:9:5: #/components/schemas/Status: kept the fragment's schema `Status`"),
        "{notes}"
    );
    assert!(notes.contains("property `message` added upstream"), "{notes}");
    assert!(notes.contains("added 3 schemas to nodes.yaml: `Branch`, `Node`, `Tree`"), "{notes}");

    generate(&fragment.0, &options()).expect("the result generates");
}

#[test]
fn a_second_operation_on_the_same_path_joins_its_path_item() {
    let upstream = Dir::new("second-up", &[("upstream.yaml", UPSTREAM)]);
    let fragment = Dir::new("second-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let from = upstream.path("upstream.yaml");
    let first = import::import(&fragment.0, &from, &["NodeService_GetNode".to_owned()], None).expect("first");
    fragment.apply(&first);
    let before = fragment.read("nodes.yaml");

    let second = import::import(&fragment.0, &from, &["NodeService_UpdateNode".to_owned()], None).expect("second");
    fragment.apply(&second);
    let after = fragment.read("nodes.yaml");
    // Same file (same service), one path item with both methods, the new body added, and
    // the earlier text kept line for line.
    assert_eq!(count(&after, "/v1/nodes/{id}:"), 1, "{after}");
    assert!(after.contains("    put:\n      operationId: NodeService_UpdateNode\n"), "{after}");
    assert_eq!(count(&after, "    NodeBody:\n"), 1, "{after}");
    let mut kept = after.lines();
    assert!(before.lines().all(|line| kept.any(|other| other == line)), "earlier text changed:\n{after}");
    generate(&fragment.0, &options()).expect("the result generates");

    // Importing it again changes nothing and says it is already there.
    let again = import::import(&fragment.0, &from, &["NodeService_UpdateNode".to_owned()], None).expect("again");
    assert!(again.files.is_empty());
    assert!(again.notes.iter().any(|note| note.contains("is already here; kept")), "{:?}", again.notes);
}

#[test]
fn two_operations_on_one_new_path_share_its_path_item_and_parameters() {
    let upstream = Dir::new("both-up", &[("upstream.yaml", UPSTREAM)]);
    let fragment = Dir::new("both-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let ids = ["NodeService_UpdateNode".to_owned(), "NodeService_GetNode".to_owned()];
    let imported = import::import(&fragment.0, &upstream.path("upstream.yaml"), &ids, None).expect("imports");
    fragment.apply(&imported);
    let nodes = fragment.read("nodes.yaml");
    assert_eq!(count(&nodes, "/v1/nodes/{id}:"), 1, "{nodes}");
    assert_eq!(count(&nodes, "$ref: '#/components/parameters/NodeId'"), 1, "{nodes}");
    assert!(nodes.contains("    put:\n") && nodes.contains("    get:\n"), "{nodes}");
    generate(&fragment.0, &options()).expect("the result generates");
}

#[test]
fn into_an_existing_file_keeps_its_comments_and_adds_sections() {
    let upstream = Dir::new("into-up", &[("upstream.yaml", UPSTREAM)]);
    let existing = "# Others, by hand.\ncomponents:\n  schemas:\n    Local:\n      type: string # why\n";
    let fragment = Dir::new("into-fragment", &[("openapi.yaml", FRAGMENT_ROOT), ("mine.yaml", existing)]);
    // Spelled differently from the fragment's own path; the operation named twice.
    let into = fragment.0.join(".").join("mine.yaml");
    let ids = ["OtherService_ListOthers".to_owned(), "OtherService_ListOthers".to_owned()];
    let imported = import::import(&fragment.0, &upstream.path("upstream.yaml"), &ids, Some(&into)).expect("imports");
    fragment.apply(&imported);
    let text = fragment.read("mine.yaml");
    assert_eq!(
        text,
        format!(
            "{existing}paths:\n  /v1/others:\n    get:\n      operationId: OtherService_ListOthers\n      responses:\n        '204':\n          description: done\n"
        )
    );
}

#[test]
fn an_unknown_operation_id_suggests_near_names() {
    let upstream = Dir::new("unknown-up", &[("upstream.yaml", UPSTREAM)]);
    let fragment = Dir::new("unknown-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let ids = ["NodeService_GetNod".to_owned(), "UpdateNode".to_owned()];
    let error = import::import(&fragment.0, &upstream.path("upstream.yaml"), &ids, None).expect_err("unknown");
    assert!(matches!(error, Error::Spec(_)));
    assert_eq!(
        upstream.shown(&error.to_string()),
        "error: upstream.yaml:3:1: #/paths: no operation `NodeService_GetNod` upstream (did you mean `NodeService_GetNode` or `NodeService_UpdateNode`?)\n\
         error: upstream.yaml:3:1: #/paths: no operation `UpdateNode` upstream (did you mean `NodeService_UpdateNode`?)\n\
         2 errors in the spec"
    );
    assert!(!fragment.path("nodes.yaml").exists());
}

#[test]
fn an_upstream_that_does_not_parse_is_located() {
    let upstream = Dir::new("broken-up", &[("upstream.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n   version: '1'\n")]);
    let fragment = Dir::new("broken-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let error =
        import::import(&fragment.0, &upstream.path("upstream.yaml"), &["A".to_owned()], None).expect_err("broken");
    let shown = upstream.shown(&error.to_string());
    assert!(shown.starts_with("error: upstream.yaml:4:"), "{shown}");
    let drifted =
        drift::drift(&fragment.0, &upstream.path("upstream.yaml"), drift::Options::default()).expect_err("broken");
    assert_eq!(upstream.shown(&drifted.to_string()), shown);
}

#[test]
fn imports_from_json_and_openapi_3_1() {
    let json = r##"{"openapi": "3.1.0", "info": {"title": "J", "version": "1"},
      "paths": {"/v1/things": {"get": {"operationId": "ThingService_ListThings", "security": [{"key": []}],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
      "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {"Thing": {"type": "object", "properties": {"note": {"type": ["string", "null"]}}}}}}"##;
    let upstream = Dir::new("json-up", &[("upstream.json", json)]);
    let fragment = Dir::new("json-fragment", &[("openapi.yaml", FRAGMENT_ROOT)]);
    let ids = ["ThingService_ListThings".to_owned()];
    let imported = import::import(&fragment.0, &upstream.path("upstream.json"), &ids, None).expect("imports");
    fragment.apply(&imported);
    let things = fragment.read("things.yaml");
    assert!(things.contains("        '200':\n"), "{things}");
    assert!(things.contains("          type:\n            - string\n            - 'null'\n"), "{things}");
    // The scheme its security requirement names comes along.
    assert!(things.contains("  securitySchemes:\n    key:\n      type: apiKey\n"), "{things}");
    generate(&fragment.0, &options()).expect("the result generates");
}

const DRIFT_UPSTREAM: &str = r##"openapi: 3.0.3
info: {title: Upstream, version: '1'}
paths:
  /v1/items:
    get:
      operationId: ItemService_ListItems
      parameters:
        - name: page_size
          in: query
          schema:
            type: integer
            format: int32
        - name: filter
          in: query
          required: true
          schema:
            type: string
        - name: added
          in: query
          schema:
            type: string
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
        '404':
          description: gone
        default:
          description: error
          content:
            application/xml:
              schema:
                type: string
components:
  schemas:
    Item:
      description: upstream words
      type: object
      required:
        - id
        - kind
      properties:
        id:
          type: string
        size:
          type: string
          format: int64
        kind:
          $ref: '#/components/schemas/Kind'
        extra:
          type: boolean
    Kind:
      type: string
      enum:
        - A
        - B
        - D
"##;

const DRIFT_FRAGMENT: &str = r##"openapi: 3.0.3
info: {title: Fragment, version: '1'}
paths:
  /v1/items:
    get:
      operationId: ItemService_ListItems
      parameters:
        - name: page_size
          in: query
          schema:
            type: integer
            format: int32
        - name: filter
          in: query
          schema:
            type: string
        - name: removed
          in: query
          schema:
            type: string
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
        '500':
          description: failed
        default:
          description: error
          content:
            application/json:
              schema:
                type: string
  /v1/local:
    get:
      operationId: LocalService_Only
      responses:
        '204':
          description: done
components:
  schemas:
    Item:
      description: our words
      type: object
      required:
        - id
      properties:
        id:
          type: string
        size:
          type: integer
          format: int32
        kind:
          $ref: '#/components/schemas/Kind'
        gone:
          type: string
    Kind:
      type: string
      enum:
        - A
        - B
        - C
"##;

fn drift_lines(fragment: &Dir, upstream: &Dir, options: drift::Options) -> (Vec<String>, drift::Report) {
    let report = drift::drift(&fragment.0, &upstream.path("upstream.yaml"), options).expect("compares");
    let lines = report.differences.iter().map(|difference| fragment.shown(&difference.to_string())).collect();
    (lines, report)
}

#[test]
fn drift_reports_each_kind_of_difference_located_in_the_fragment() {
    let upstream = Dir::new("drift-up", &[("upstream.yaml", DRIFT_UPSTREAM)]);
    let fragment = Dir::new("drift-fragment", &[("openapi.yaml", DRIFT_FRAGMENT)]);
    let (lines, report) = drift_lines(&fragment, &upstream, drift::Options::default());
    let ignore = |entry: &str| format!(" (if intended: x-drift-ignore: [{entry}])");
    let expected = [
        format!(
            "openapi.yaml:13:9: #/paths/~1v1~1items/get/parameters/1: parameter `filter` is optional here, required upstream{}",
            ignore("parameters/filter/required")
        ),
        format!(
            "openapi.yaml:17:9: #/paths/~1v1~1items/get/parameters/2: parameter `removed` (in query) removed upstream{}",
            ignore("parameters/removed")
        ),
        format!(
            "openapi.yaml:7:7: #/paths/~1v1~1items/get/parameters: parameter `added` (in query) added upstream{}",
            ignore("parameters/added")
        ),
        format!(
            "openapi.yaml:28:9: #/paths/~1v1~1items/get/responses/500: response 500 removed upstream{}",
            ignore("responses/500")
        ),
        format!(
            "openapi.yaml:33:13: #/paths/~1v1~1items/get/responses/default/content/application~1json: content type application/json removed upstream{}",
            ignore("responses/default/content/application~1json")
        ),
        format!(
            "openapi.yaml:32:11: #/paths/~1v1~1items/get/responses/default/content: content type application/xml added upstream{}",
            ignore("responses/default/content/application~1xml")
        ),
        format!(
            "openapi.yaml:21:7: #/paths/~1v1~1items/get/responses: response 404 added upstream{}",
            ignore("responses/404")
        ),
        format!(
            "openapi.yaml:37:5: #/paths/~1v1~1local/get: operation `LocalService_Only` is missing upstream{}",
            ignore("'*'")
        ),
        format!(
            "openapi.yaml:47:7: #/components/schemas/Item/required: `kind` is required upstream, optional here{}",
            ignore("required/kind")
        ),
        format!(
            "openapi.yaml:52:9: #/components/schemas/Item/properties/size: type is `integer` here, `string` upstream{}",
            ignore("properties/size/type")
        ),
        format!(
            "openapi.yaml:52:9: #/components/schemas/Item/properties/size: format is `int32` here, `int64` upstream{}",
            ignore("properties/size/format")
        ),
        format!(
            "openapi.yaml:57:9: #/components/schemas/Item/properties/gone: property `gone` removed upstream{}",
            ignore("properties/gone")
        ),
        format!(
            "openapi.yaml:49:7: #/components/schemas/Item/properties: property `extra` added upstream{}",
            ignore("properties/extra")
        ),
        format!("openapi.yaml:61:7: #/components/schemas/Kind/enum: enum value `D` added upstream{}", ignore("enum/D")),
        format!(
            "openapi.yaml:61:7: #/components/schemas/Kind/enum: enum value `C` removed upstream{}",
            ignore("enum/C")
        ),
    ];
    assert_eq!(lines, expected);
    assert_eq!(report.skipped, 0);

    // Descriptions only when asked.
    let (with_docs, _) = drift_lines(&fragment, &upstream, drift::Options { docs: true });
    let docs: Vec<&String> = with_docs.iter().filter(|line| !lines.contains(line)).collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(
        docs[0].starts_with("openapi.yaml:45:7: #/components/schemas/Item/description: description differs upstream"),
        "{docs:?}"
    );
}

#[test]
fn drift_compares_parameter_body_and_response_components() {
    let components = |required: &str, media: &str, format: &str| {
        format!(
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\ncomponents:\n  parameters:\n    Page:\n      name: page\n      in: query\n      required: {required}\n      schema:\n        type: string\n  requestBodies:\n    Body:\n      content:\n        {media}:\n          schema:\n            type: string\n  responses:\n    Failed:\n      description: failed\n      content:\n        application/json:\n          schema:\n            type: integer\n            format: {format}\n"
        )
    };
    let upstream = Dir::new("components-up", &[("upstream.yaml", &components("true", "text/plain", "int64"))]);
    let fragment =
        Dir::new("components-fragment", &[("openapi.yaml", &components("false", "application/json", "int32"))]);
    let (lines, _) = drift_lines(&fragment, &upstream, drift::Options::default());
    let lines: Vec<String> =
        lines.iter().map(|line| line.split(" (if intended").next().unwrap_or_default().to_owned()).collect();
    assert_eq!(
        lines,
        [
            "openapi.yaml:7:5: #/components/parameters/Page: parameter `page` is optional here, required upstream",
            "openapi.yaml:16:9: #/components/requestBodies/Body/content/application~1json: content type application/json removed upstream",
            "openapi.yaml:15:7: #/components/requestBodies/Body/content: content type text/plain added upstream",
            "openapi.yaml:24:11: #/components/responses/Failed/content/application~1json/schema: format is `int32` here, `int64` upstream",
        ]
    );
}

#[test]
fn a_named_schema_meets_its_inline_upstream_counterpart_once() {
    let upstream = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /v1/a:\n    get:\n      operationId: A\n      parameters:\n        - name: level\n          in: query\n          schema:\n            type: string\n            enum:\n              - LOW\n              - HIGH\n      responses:\n        '204':\n          description: done\ncomponents:\n  schemas:\n    Level:\n      type: string\n      enum:\n        - LOW\n        - HIGH\n";
    let fragment = |marker: &str| {
        format!(
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /v1/a:\n    get:\n      operationId: A\n      parameters:\n        - name: level\n          in: query\n          schema:\n            $ref: '#/components/schemas/Level'\n      responses:\n        '204':\n          description: done\ncomponents:\n  schemas:\n    Level:\n{marker}      type: string\n      enum:\n        - LOW\n"
        )
    };
    let upstream = Dir::new("named-up", &[("upstream.yaml", upstream)]);
    let plain = Dir::new("named-fragment", &[("openapi.yaml", &fragment(""))]);
    let (lines, _) = drift_lines(&plain, &upstream, drift::Options::default());
    // Reached from the parameter and from the component: one line, at the component.
    assert_eq!(
        lines,
        [
            "openapi.yaml:21:7: #/components/schemas/Level/enum: enum value `HIGH` added upstream (if intended: x-drift-ignore: [enum/HIGH])"
        ]
    );

    let marked = Dir::new("named-marked", &[("openapi.yaml", &fragment("      x-drift-ignore: [enum]\n"))]);
    let (lines, report) = drift_lines(&marked, &upstream, drift::Options::default());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!((report.skipped, report.unused_markers.len()), (1, 0));
}

#[test]
fn marked_differences_are_skipped_and_counted_and_stale_marks_reported() {
    let marked = DRIFT_FRAGMENT
        .replace(
            "      operationId: ItemService_ListItems\n",
            "      operationId: ItemService_ListItems\n      x-drift-ignore: [responses/500, parameters/nope]\n",
        )
        .replace("    Kind:\n      type: string\n", "    Kind:\n      x-drift-ignore: enum\n      type: string\n")
        .replace(
            "      operationId: LocalService_Only\n",
            "      operationId: LocalService_Only\n      x-drift-ignore: ['*']\n",
        );
    let upstream = Dir::new("marked-up", &[("upstream.yaml", DRIFT_UPSTREAM)]);
    let fragment = Dir::new("marked-fragment", &[("openapi.yaml", &marked)]);
    let (lines, report) = drift_lines(&fragment, &upstream, drift::Options::default());
    assert_eq!(lines.len(), 11, "{lines:#?}");
    assert!(lines.iter().all(|line| !line.contains("enum value")
        && !line.contains("response 500")
        && !line.contains("LocalService_Only")));
    assert_eq!(report.skipped, 4);
    let stale: Vec<String> = report.unused_markers.iter().map(|marker| fragment.shown(&marker.to_string())).collect();
    assert_eq!(
        stale,
        [
            "openapi.yaml:7:7: #/paths/~1v1~1items/get/x-drift-ignore: x-drift-ignore entry `parameters/nope` matches no difference"
        ]
    );
    // The marker is an extension: the fragment still generates.
    generate(&fragment.0, &options()).expect("generates with markers");
}

#[test]
fn a_fragment_has_no_drift_from_its_own_bundle() {
    let root = repository_spec();
    let bundle = codegen::bundle(&root).expect("bundles");
    let upstream = Dir::new("self-bundle", &[("upstream.yaml", &bundle)]);
    for docs in [false, true] {
        let report = drift::drift(&root, &upstream.path("upstream.yaml"), drift::Options { docs }).expect("compares");
        let lines: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
        assert!(lines.is_empty(), "{lines:#?}");
    }
}

/// Redpanda's published control-plane spec, when the shared corpus is there (a fresh
/// clone has no `../shared`; a worktree under `wt/` finds it one level further up).
fn published() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/redpanda/cloud-controlplane.yaml");
    let path = if path.exists() {
        path
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/redpanda/cloud-controlplane.yaml")
    };
    path.exists().then_some(path)
}

/// The published spec: these tests are ignored (they need `../shared/corpus`, which a fresh
/// clone does not have) and `.ci/run` runs them with `--ignored` when it is there, so they
/// never pass without running.
fn published_spec() -> PathBuf {
    published().expect("../shared/corpus/redpanda/cloud-controlplane.yaml: run these tests where the shared corpus is")
}

#[test]
#[ignore = "needs ../shared/corpus; .ci/run runs it when the corpus is there"]
fn imports_get_operation_from_the_published_spec() {
    let published = published_spec();
    let root = repository_spec();
    let files: Vec<(String, String)> = std::fs::read_dir(&root)
        .expect("spec/")
        .map(|entry| {
            let path = entry.expect("entry").path();
            (
                path.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).expect("read"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
    let fragment = Dir::new("published", &files);
    let ids = ["OperationService_GetOperation".to_owned(), "RoleBindingService_GetRoleBinding".to_owned()];
    let imported = import::import(&fragment.0, &published, &ids, None).expect("imports");
    fragment.apply(&imported);
    let operations = fragment.read("operations.yaml");
    assert!(operations.contains("    OperationMetadata:\n"));
    assert!(!operations.contains("    rpc.Status:\n"), "reused from openapi.yaml");
    assert!(!operations.contains("    ScopeResourceType:\n"), "reused from user_invites.yaml");
    generate(&fragment.0, &options()).expect("the result generates");
}

#[test]
#[ignore = "needs ../shared/corpus; .ci/run runs it when the corpus is there"]
fn the_fragment_is_true_to_the_published_spec() {
    let published = published_spec();
    let root = repository_spec();
    let report = drift::drift(&root, &published, drift::Options::default()).expect("compares");
    let lines: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
    // spec/ was brought up to the published user-invite service; its one intended difference
    // (the client-credentials flow) is marked.
    assert_eq!(lines, Vec::<String>::new());
    assert_eq!(report.skipped, 1);
    assert!(report.unused_markers.is_empty());
}
