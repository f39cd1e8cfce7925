//! Stands in for the generated `fake/spec.rs`: hand-written tables of a small API of
//! things (paged, filtered, wrapped, with a field mask) and gadgets (unpaged, unwrapped),
//! shaped like the ones `codegen` emits, for the tests in `tests/fake.rs`.

use super::tables::{Code, Collection, ErrorModel, FakeSpec, Field, Paging, Param, Route, Schema, Shape, Ty};

const fn field(wire: &'static str, ty: Ty) -> Field {
    Field { wire, ty, required: false, nullable: false }
}

const fn required(wire: &'static str, ty: Ty) -> Field {
    Field { wire, ty, required: true, nullable: false }
}

const fn param(wire: &'static str, ty: Ty) -> Param {
    Param { wire, ty, required: false }
}

const THING_FIELDS: &[Field] = &[
    field("name", Ty::String),
    field("color", Ty::Named("Color")),
    field("owner", Ty::Named("Owner")),
    field("tags", Ty::List(&Ty::String)),
    field("count", Ty::IntegerString),
];

pub(crate) static SPEC: FakeSpec = FakeSpec {
    routes: &[
        Route {
            operation: "list_things",
            method: "GET",
            path: "/v1/things",
            query: &[
                param("page_size", Ty::Integer),
                param("page_token", Ty::String),
                param("filter.color", Ty::Named("Color")),
                param("filter.owner.name", Ty::String),
                param("filter.ids", Ty::List(&Ty::String)),
                param("filter.nickname", Ty::String),
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
            query: &[Param { wire: "q", ty: Ty::String, required: true }],
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
        Collection { name: "things", item: "Thing", id: Some("id") },
        Collection { name: "gadgets", item: "Gadget", id: Some("gadget_id") },
    ],
    types: &[
        ("Color", Schema::Enum(&["COLOR_RED", "COLOR_GREEN", "COLOR_BLUE"])),
        ("CreateThingRequest", Schema::Struct { fields: &[required("thing", Ty::Named("ThingCreate"))], open: false }),
        (
            "Gadget",
            Schema::Struct {
                fields: &[field("gadget_id", Ty::String), required("label", Ty::String), field("size", Ty::Integer)],
                open: false,
            },
        ),
        ("Owner", Schema::Struct { fields: &[field("name", Ty::String), field("team", Ty::String)], open: false }),
        (
            "Thing",
            Schema::Struct {
                fields: &[
                    field("id", Ty::String),
                    field("name", Ty::String),
                    field("color", Ty::Named("Color")),
                    field("owner", Ty::Named("Owner")),
                    field("tags", Ty::List(&Ty::String)),
                    field("count", Ty::IntegerString),
                    field("created_at", Ty::DateTime),
                    field("labels", Ty::Map(&Ty::String)),
                ],
                open: false,
            },
        ),
        (
            "ThingCreate",
            Schema::Struct {
                fields: &[
                    required("name", Ty::String),
                    field("color", Ty::Named("Color")),
                    field("owner", Ty::Named("Owner")),
                    field("tags", Ty::List(&Ty::String)),
                    field("count", Ty::IntegerString),
                ],
                open: false,
            },
        ),
        ("ThingUpdate", Schema::Struct { fields: THING_FIELDS, open: false }),
        (
            "UpdateThingBody",
            Schema::Struct {
                fields: &[field("update_mask", Ty::String), field("thing", Ty::Named("ThingUpdate"))],
                open: false,
            },
        ),
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
