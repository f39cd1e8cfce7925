//! `cargo xtask synth`: a synthetic, Redpanda-shaped spec of N resources × 5 operations, to
//! measure how the generator scales.
//!
//! Every resource gets List/Create/Get/Delete/Update as Redpanda's gRPC-gateway specs spell
//! them: `…Service_` operationIds, `{id}` and dotted `{resource.id}` path parameters, dotted
//! `filter.*` query parameters, `TYPE_NAME_`-prefixed string enums, nested objects,
//! date-times, int64 as strings, maps, and the shared `rpc.Status` error on 404, 500 and
//! `default`. Only constructs the generator supports: path and query parameters, JSON bodies
//! and JSON responses. The YAML is written from templates, so it reads like the real spec.

use crate::{Error, write};
use std::path::Path;

/// Resource names are words from these lists, alternating, like `ClusterConfig` or
/// `NetworkBinding`: 30 × 40 = 1200 two-word names, three and more words beyond that.
const FIRST: &[&str] = &[
    "Cluster", "Network", "Topic", "Pipeline", "Secret", "User", "Role", "Group", "Schema", "Broker", "Quota",
    "Region", "Zone", "Peering", "Endpoint", "Gateway", "Bucket", "Volume", "Snapshot", "Backup", "Policy", "Alert",
    "Metric", "Token", "Invite", "Account", "Project", "Space", "Service", "Tenant",
];
const SECOND: &[&str] = &[
    "Config", "Binding", "Rule", "Link", "Spec", "Plan", "Job", "Task", "Event", "Entry", "Record", "Grant", "Limit",
    "Label", "Route", "Target", "Source", "Sink", "Filter", "Window", "Report", "Audit", "Lease", "Mount", "Shard",
    "Replica", "Segment", "Offset", "Schedule", "Template", "Version", "Release", "Build", "Check", "Probe", "Hook",
    "Trigger", "Channel", "Digest", "Quorum",
];

/// The root document: metadata, servers and security, like `spec/openapi.yaml`.
const HEADER: &str = "\
# A synthetic Redpanda-shaped API of {count} resources x 5 operations, written by `cargo xtask synth`.
openapi: 3.0.3
info:
  title: Synthetic Control Plane API
  description: A synthetic API shaped like the Redpanda Cloud Control Plane API, for benchmarks.
  version: v1
servers:
  - description: Control Plane API
    url: https://api.example.com
security:
  - auth0: []
paths:";

/// The error responses every operation shares.
const ERRORS: &str = "
        '404':
          description: Not Found
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/rpc.Status'
        '500':
          description: Internal Server Error. Reach out to support.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/rpc.Status'
        default:
          description: An unexpected error response.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/rpc.Status'
";

/// One resource's paths: List and Create, Get and Delete, Update.
const PATHS: &str = "
  /v1/{kebab_plural}:
    get:
      summary: List {words_plural}
      description: List {words_plural}, filtered and paginated.
      operationId: {Camel}Service_List{CamelPlural}
      tags:
        - {Title}
      parameters:
        - name: filter.name_contains
          in: query
          description: Only {words_plural} whose name contains this text.
          schema:
            type: string
        - name: filter.state
          in: query
          description: Only {words_plural} in this state.
          schema:
            $ref: '#/components/schemas/{Camel}.State'
        - name: filter.created_after
          in: query
          schema:
            type: string
            format: date-time
        - name: filter.min_size_bytes
          in: query
          schema:
            type: string
            format: int64
        - name: filter.ids
          in: query
          description: Only {words_plural} with one of these ids.
          schema:
            type: array
            items:
              type: string
        - name: filter.tags
          in: query
          schema:
            type: array
            items:
              type: string
        - name: page_size
          in: query
          description: The maximum number of results to return.
          schema:
            type: integer
            format: int32
        - name: page_token
          in: query
          description: The next_page_token of the previous page.
          schema:
            type: string
      responses:
        '200':
          description: Ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/List{CamelPlural}Response'{errors}
    post:
      summary: Create {words}
      description: Create a {words}.
      operationId: {Camel}Service_Create{Camel}
      tags:
        - {Title}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/{Camel}Create'
            example:
              name: string
              labels:
                env: dev
              settings:
                region: us-east-1
                replicas: 3
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Create{Camel}Response'{errors}
  /v1/{kebab_plural}/{id}:
    get:
      summary: Get {words}
      operationId: {Camel}Service_Get{Camel}
      tags:
        - {Title}
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: Ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Get{Camel}Response'{errors}
    delete:
      summary: Delete {words}
      operationId: {Camel}Service_Delete{Camel}
      tags:
        - {Title}
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: Ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Delete{Camel}Response'{errors}
  /v1/{kebab_plural}/{{snake}.id}:
    patch:
      summary: Update {words}
      description: Update a {words}; `update_mask` names the fields to change.
      operationId: {Camel}Service_Update{Camel}
      tags:
        - {Title}
      parameters:
        - name: {snake}.id
          in: path
          required: true
          schema:
            type: string
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Update{Camel}Body'
      responses:
        '200':
          description: Ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Update{Camel}Response'{errors}";

/// The shared error model: `rpc.Status` with protobuf `Any` details tagged by `@type`.
const COMPONENTS: &str = "
components:
  securitySchemes:
    auth0:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://auth.example.com/oauth/authorize
          scopes: {}
  schemas:
    rpc.Status:
      description: Describes errors
      type: object
      properties:
        code:
          description: RPC status code.
          type: string
          format: int32
          enum:
            - OK
            - CANCELLED
            - UNKNOWN
            - INVALID_ARGUMENT
            - NOT_FOUND
            - ALREADY_EXISTS
            - PERMISSION_DENIED
            - UNAUTHENTICATED
            - INTERNAL
            - UNAVAILABLE
        details:
          description: A list of messages that carries the error details.
          type: array
          items:
            oneOf:
              - allOf:
                  - properties:
                      '@type':
                        type: string
                        enum:
                          - type.googleapis.com/google.rpc.BadRequest
                  - $ref: '#/components/schemas/BadRequest'
              - allOf:
                  - properties:
                      '@type':
                        type: string
                        enum:
                          - type.googleapis.com/google.rpc.ErrorInfo
                  - $ref: '#/components/schemas/ErrorInfo'
        message:
          description: Detailed error message.
          type: string
    BadRequest:
      description: Describes violations in a client request.
      type: object
      properties:
        field_violations:
          type: array
          items:
            $ref: '#/components/schemas/FieldViolation'
    FieldViolation:
      description: A message type used to describe a single bad request field.
      type: object
      properties:
        description:
          type: string
        field:
          type: string
        reason:
          type: string
    ErrorInfo:
      description: Describes the cause of the error with structured details.
      type: object
      properties:
        domain:
          type: string
        metadata:
          type: object
          additionalProperties:
            type: string
        reason:
          type: string";

/// One resource's schemas: the resource, its enum and nested settings, and the messages.
const SCHEMAS: &str = "
    {Camel}:
      description: A {words}, as the API returns it.
      type: object
      properties:
        id:
          description: The unique id of the {words}.
          type: string
        name:
          type: string
        state:
          $ref: '#/components/schemas/{Camel}.State'
        created_at:
          type: string
          format: date-time
        updated_at:
          type: string
          format: date-time
        size_bytes:
          description: Bytes stored, an int64 sent as a string.
          type: string
          format: int64
        retention_ms:
          type: string
          format: int64
          nullable: true
        labels:
          description: Key-value labels.
          type: object
          additionalProperties:
            type: string
        settings:
          $ref: '#/components/schemas/{Camel}.Settings'
        tags:
          type: array
          items:
            type: string
    {Camel}.State:
      description: The lifecycle state of a {words}.
      type: string
      enum:
        - {SHOUTY}_STATE_UNSPECIFIED
        - {SHOUTY}_STATE_CREATING
        - {SHOUTY}_STATE_READY
        - {SHOUTY}_STATE_DELETING
        - {SHOUTY}_STATE_FAILED
    {Camel}.Settings:
      type: object
      properties:
        region:
          type: string
        replicas:
          type: integer
          format: int32
        limits:
          description: Resource limits.
          type: object
          properties:
            max_connections:
              type: integer
              format: int32
            max_bytes:
              type: string
              format: int64
        annotations:
          type: object
          additionalProperties:
            type: string
    {Camel}Create:
      type: object
      required:
        - name
      properties:
        name:
          type: string
        labels:
          type: object
          additionalProperties:
            type: string
        settings:
          $ref: '#/components/schemas/{Camel}.Settings'
    {Camel}Update:
      type: object
      properties:
        name:
          type: string
        labels:
          type: object
          additionalProperties:
            type: string
        settings:
          $ref: '#/components/schemas/{Camel}.Settings'
    Create{Camel}Response:
      type: object
      properties:
        {snake}:
          $ref: '#/components/schemas/{Camel}'
    Get{Camel}Response:
      type: object
      properties:
        {snake}:
          $ref: '#/components/schemas/{Camel}'
    Update{Camel}Body:
      type: object
      properties:
        update_mask:
          type: string
        {snake}:
          $ref: '#/components/schemas/{Camel}Update'
    Update{Camel}Response:
      type: object
      properties:
        {snake}:
          $ref: '#/components/schemas/{Camel}'
    List{CamelPlural}Response:
      type: object
      properties:
        {snake_plural}:
          type: array
          items:
            $ref: '#/components/schemas/{Camel}'
        next_page_token:
          type: string
        total_size:
          type: integer
          format: int32
    Delete{Camel}Response:
      description: Empty on success.
      type: object";

/// The spec text for `resources` resources.
pub fn spec(resources: usize) -> String {
    let names: Vec<Names> = (0..resources).map(Names::new).collect();
    let mut out = HEADER.replace("{count}", &resources.to_string());
    for names in &names {
        out.push_str(&names.fill(PATHS));
    }
    out.push_str(COMPONENTS);
    for names in &names {
        out.push_str(&names.fill(SCHEMAS));
    }
    out.push('\n');
    out
}

/// The spec with an unknown `format` on every int32 field: one warning each, hundreds of
/// them, to measure what locating diagnostics costs.
pub fn with_warnings(resources: usize) -> String {
    spec(resources).replace("format: int32", "format: int32-le")
}

/// The spec with thousands of errors, as a broken shared schema and a search-and-replace
/// gone wrong make them: every error response's `$ref` misspelt (one "did you mean" each),
/// every path parameter in an unknown location (and so undeclared in its path).
pub fn with_errors(resources: usize) -> String {
    spec(resources).replace("schemas/rpc.Status'", "schemas/rpc.Statuz'").replace("in: path", "in: paths")
}

/// `cargo xtask synth --resources N --out FILE`.
pub fn write(resources: usize, out: &Path) -> Result<(), Error> {
    write::atomic(out, spec(resources).as_bytes()).map_err(|source| Error::Io { path: out.to_owned(), source })
}

/// One resource's name in every spelling the templates use.
struct Names {
    camel: String,
    camel_plural: String,
    snake: String,
    snake_plural: String,
    shouty: String,
    kebab_plural: String,
    words: String,
    words_plural: String,
    title: String,
}

impl Names {
    fn new(index: usize) -> Self {
        let singular = words(index);
        let mut plural = singular.clone();
        if let Some(last) = plural.last_mut() {
            *last = codegen::words::plural(last);
        }
        let join = |words: &[String], separator: &str, case: fn(&str) -> String| {
            words.iter().map(|word| case(word)).collect::<Vec<_>>().join(separator)
        };
        Names {
            camel: singular.concat(),
            camel_plural: plural.concat(),
            snake: join(&singular, "_", str::to_lowercase),
            snake_plural: join(&plural, "_", str::to_lowercase),
            shouty: join(&singular, "_", str::to_uppercase),
            kebab_plural: join(&plural, "-", str::to_lowercase),
            words: join(&singular, " ", str::to_lowercase),
            words_plural: join(&plural, " ", str::to_lowercase),
            title: plural.join(" "),
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{errors}", ERRORS.trim_end())
            .replace("{Camel}", &self.camel)
            .replace("{CamelPlural}", &self.camel_plural)
            .replace("{snake}", &self.snake)
            .replace("{snake_plural}", &self.snake_plural)
            .replace("{SHOUTY}", &self.shouty)
            .replace("{kebab_plural}", &self.kebab_plural)
            .replace("{words}", &self.words)
            .replace("{words_plural}", &self.words_plural)
            .replace("{Title}", &self.title)
    }
}

/// The `index`th name: mixed-radix digits over the word lists, at least two words, so
/// every index has its own name.
fn words(mut index: usize) -> Vec<String> {
    let mut words = Vec::new();
    loop {
        let list = if words.len() % 2 == 0 { FIRST } else { SECOND };
        words.push(list[index % list.len()].to_owned());
        index /= list.len();
        if index == 0 && words.len() >= 2 {
            return words;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_and_spelled_consistently() {
        let names: BTreeSet<String> = (0..5000).map(|index| words(index).concat()).collect();
        assert_eq!(names.len(), 5000);
        let names = Names::new(9 * FIRST.len());
        assert_eq!(
            (names.camel.as_str(), names.shouty.as_str(), names.kebab_plural.as_str()),
            ("ClusterEntry", "CLUSTER_ENTRY", "cluster-entries")
        );
    }

    /// The synthetic spec is one the generator accepts, with 5 methods per resource.
    #[test]
    fn generates() {
        let dir = std::env::temp_dir().join(format!("xtask-synth-{}", std::process::id()));
        let path = dir.join("synth.yaml");
        write(3, &path).unwrap_or_else(|error| panic!("{error}"));
        let api = codegen::lower_spec(&path).unwrap_or_else(|error| panic!("{error}"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(api.operations.len(), 15);
        assert!(api.types.iter().any(|def| def.name == "ClusterConfigState"));
    }
}
