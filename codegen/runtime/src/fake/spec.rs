//! Stands in for the generated `fake/spec.rs`: hand-written tables of a small API of
//! things (paged, filtered, wrapped, with a field mask) and gadgets (unpaged, unwrapped),
//! shaped like the ones `codegen` emits, for the tests in `tests/fake.rs`.

use super::tables::{Code, Collection, ErrorModel, FakeSpec, Field, Paging, Param, Route, Schema, Shape, Ty};

pub(crate) static SPEC: FakeSpec = FakeSpec {
    routes: &[
        Route {
            operation: "list_things",
            method: "GET",
            path: "/v1/things",
            query: &[
                Param::optional("page_size", Ty::Integer),
                Param::optional("page_token", Ty::String),
                Param::optional("filter.color", Ty::Named("Color")),
                Param::optional("filter.owner.name", Ty::String),
                Param::optional("filter.ids", Ty::List(&Ty::String)),
                Param::optional("filter.nickname", Ty::String),
            ],
            body: None,
            status: 200,
            shape: Shape::List {
                collection: 0,
                items: "things",
                paging: Some(Paging { next: "next_page_token", token: "page_token", size: Some("page_size") }),
            },
        },
        Route {
            operation: "create_thing",
            method: "POST",
            path: "/v1/things",
            query: &[],
            body: Some(Ty::Named("CreateThingRequest")),
            status: 201,
            shape: Shape::Create { collection: 0, body_field: Some("thing"), wrap: Some("thing") },
        },
        Route {
            operation: "get_thing",
            method: "GET",
            path: "/v1/things/{thing_id}",
            query: &[],
            body: None,
            status: 200,
            shape: Shape::Get { collection: 0, wrap: Some("thing") },
        },
        Route {
            operation: "update_thing",
            method: "PATCH",
            path: "/v1/things/{thing_id}",
            query: &[],
            body: Some(Ty::Named("UpdateThingBody")),
            status: 200,
            shape: Shape::Update {
                collection: 0,
                body_field: Some("thing"),
                mask: Some("update_mask"),
                wrap: Some("thing"),
            },
        },
        Route {
            operation: "delete_thing",
            method: "DELETE",
            path: "/v1/things/{thing_id}",
            query: &[],
            body: None,
            status: 204,
            shape: Shape::Delete { collection: 0 },
        },
        Route {
            operation: "archive_thing",
            method: "POST",
            path: "/v1/things/{thing_id}:archive",
            query: &[],
            body: None,
            status: 200,
            shape: Shape::Unimplemented,
        },
        Route {
            operation: "list_gadgets",
            method: "GET",
            path: "/v1/gadgets",
            query: &[],
            body: None,
            status: 200,
            shape: Shape::List { collection: 1, items: "gadgets", paging: None },
        },
        Route {
            operation: "create_gadget",
            method: "POST",
            path: "/v1/gadgets",
            query: &[],
            body: Some(Ty::Named("Gadget")),
            status: 200,
            shape: Shape::Create { collection: 1, body_field: None, wrap: None },
        },
        Route {
            operation: "search_gadgets",
            method: "GET",
            path: "/v1/gadgets:search",
            query: &[Param::required("q", Ty::String)],
            body: None,
            status: 200,
            shape: Shape::Unimplemented,
        },
        Route {
            operation: "get_version",
            method: "GET",
            path: "/v1/version",
            query: &[],
            body: None,
            status: 200,
            shape: Shape::Example(r#"{"version":"1.2.3"}"#),
        },
    ],
    collections: &[
        Collection::new("things", "Thing", Some("id")),
        Collection::new("gadgets", "Gadget", Some("gadget_id")),
    ],
    types: &[
        ("Color", Schema::Enum(COLOR)),
        ("CreateThingRequest", Schema::object(CREATE_THING_REQUEST)),
        ("Gadget", Schema::object(GADGET)),
        ("Owner", Schema::object(OWNER)),
        ("Thing", Schema::object(THING)),
        ("ThingCreate", Schema::object(THING_CREATE)),
        ("ThingUpdate", Schema::object(THING_UPDATE)),
        ("UpdateThingBody", Schema::object(UPDATE_THING_BODY)),
    ],
    error: ErrorModel {
        message: Some("message"),
        code: Some((
            "code",
            Code::Names(&[
                "OK",
                "CANCELLED",
                "UNKNOWN",
                "INVALID_ARGUMENT",
                "DEADLINE_EXCEEDED",
                "NOT_FOUND",
                "ALREADY_EXISTS",
                "PERMISSION_DENIED",
                "UNAUTHENTICATED",
                "RESOURCE_EXHAUSTED",
                "FAILED_PRECONDITION",
                "ABORTED",
                "OUT_OF_RANGE",
                "UNIMPLEMENTED",
                "INTERNAL",
                "UNAVAILABLE",
                "DATA_LOSS",
            ]),
        )),
    },
    auth: true,
};

const COLOR: &[&str] = &["COLOR_RED", "COLOR_GREEN", "COLOR_BLUE"];

const CREATE_THING_REQUEST: &[Field] = &[Field::required("thing", Ty::Named("ThingCreate"))];

const GADGET: &[Field] = &[
    Field::optional("gadget_id", Ty::String),
    Field::required("label", Ty::String),
    Field::optional("size", Ty::Integer),
];

const OWNER: &[Field] = &[Field::optional("name", Ty::String), Field::optional("team", Ty::String)];

const THING: &[Field] = &[
    Field::optional("id", Ty::String),
    Field::optional("name", Ty::String),
    Field::optional("color", Ty::Named("Color")),
    Field::optional("owner", Ty::Named("Owner")),
    Field::optional("tags", Ty::List(&Ty::String)),
    Field::optional("count", Ty::IntegerString),
    Field::optional("created_at", Ty::DateTime),
    Field::optional("labels", Ty::Map(&Ty::String)),
];

const THING_CREATE: &[Field] = &[
    Field::required("name", Ty::String),
    Field::optional("color", Ty::Named("Color")),
    Field::optional("owner", Ty::Named("Owner")),
    Field::optional("tags", Ty::List(&Ty::String)),
    Field::optional("count", Ty::IntegerString),
];

const THING_UPDATE: &[Field] = &[
    Field::optional("name", Ty::String),
    Field::optional("color", Ty::Named("Color")),
    Field::optional("owner", Ty::Named("Owner")),
    Field::optional("tags", Ty::List(&Ty::String)),
    Field::optional("count", Ty::IntegerString),
];

const UPDATE_THING_BODY: &[Field] =
    &[Field::optional("update_mask", Ty::String), Field::optional("thing", Ty::Named("ThingUpdate"))];

impl super::FakeServer {
    /// The `things` of `list_things`.
    pub fn things(&self) -> super::FakeCollection<crate::models::Thing> {
        self.collection(0)
    }

    /// The `gadgets` of `list_gadgets`.
    pub fn gadgets(&self) -> super::FakeCollection<crate::models::Gadget> {
        self.collection(1)
    }
}
