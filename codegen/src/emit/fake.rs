//! The fake server's spec tables, `src/fake/spec.json`, and `src/fake/spec.rs`: their text,
//! included, and one `FakeServer` accessor per collection. The engine is runtime code
//! in `codegen/runtime/src/fake/`, and so is the one definition of the tables, `tables.rs`,
//! which is compiled here too: the tables are built from the IR and serialized with it.

#[path = "../../runtime/src/fake/tables.rs"]
mod tables;

use super::{Chunk, Member, Part, RustFile, ident, rust_type};
use crate::ir::{self, Api, BodyMedia, ErrorCode, Fake, FakePaging, Operation, Type, TypeDef, TypeKind};
use crate::render::{self, Origin};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde::Serialize;
use tables::{
    Code, Collection, ErrorModel, FakeSpec, Field, LongRunning, Operations, Paging, Param, Route, Schema, Shape,
    Status, Ty,
};

/// The tables' file, beside `spec.rs` in the crate's `src/fake/`.
pub const TABLES: &str = "spec.json";

/// `src/fake/spec.rs`: the tables' text (`include_str!` of [`TABLES`]), for the engine to
/// read, and the typed accessors of the collections.
pub fn spec<'a>(fake: &'a Fake) -> RustFile<'a> {
    let table = || {
        quote! {
            #![doc = " The fake server's tables, and one accessor per collection."]

            #[doc = " The spec's operations, collections, types and error model, which the fake reads when it first starts."]
            pub(crate) const JSON: &str = include_str!(#TABLES);
        }
    };
    let mut chunks = vec![Chunk::Items(Box::new(table) as Part<'a>)];
    // One member per collection, rendered on every core like the client's methods.
    if !fake.collections.is_empty() {
        let members = (0..fake.collections.len())
            .map(|index| Member::Tokens(Box::new(move || accessor(fake, index)) as Part<'a>));
        chunks.push(Chunk::Impl { header: Box::new(|| quote!(impl super::FakeServer)), members: members.collect() });
    }
    RustFile { chunks }
}

/// `src/fake/spec.json`: the tables, under a first `"@generated"` key that says what made
/// them (JSON has no comments; the engine ignores the key).
pub fn tables(api: &Api, fake: &Fake) -> Result<String, serde_json::Error> {
    #[derive(Serialize)]
    struct File<'a> {
        #[serde(rename = "@generated")]
        generated: &'a str,
        #[serde(flatten)]
        tables: &'a FakeSpec,
    }
    let generated = render::generated_note(Origin::Spec);
    let mut json = serde_json::to_string_pretty(&File { generated: &generated, tables: &fake_spec(api, fake) })?;
    json.push('\n');
    Ok(json)
}

fn fake_spec(api: &Api, fake: &Fake) -> FakeSpec {
    let routes = api.operations.iter().zip(&fake.routes).map(|(op, route)| self::route(op, route)).collect();
    let operations =
        fake.operations.iter().map(|kept| operations(&api.operation_resources[kept.resource], kept.collection));
    let collections = fake
        .collections
        .iter()
        .map(|collection| Collection {
            name: collection.wire.clone(),
            item: collection.item.clone(),
            id: collection.id_field.clone(),
        })
        .collect();
    let types = api.types.iter().map(|def| (def.name.clone(), schema(def))).collect();
    let code = fake.error.code.as_ref().map(|(field, code)| tables::ErrorCode {
        field: field.clone(),
        format: match code {
            ErrorCode::Names(names) => Code::Names(names.clone()),
            ErrorCode::Number => Code::Number,
        },
    });
    let error = ErrorModel { message: fake.error.message.clone(), code };
    FakeSpec { routes, collections, types, error, auth: fake.auth, operations: operations.collect() }
}

/// How the operations of `resource` are kept in `collection` and written.
fn operations(resource: &ir::OperationResource, collection: usize) -> Operations {
    let status = match &resource.status {
        ir::OperationStatus::State { field, running, succeeded, failed, .. } => Status::State {
            field: field.wire.clone(),
            running: running.as_ref().map(|variant| variant.wire.clone()),
            succeeded: succeeded.first().map(|variant| variant.wire.clone()).unwrap_or_default(),
            failed: failed.first().map(|variant| variant.wire.clone()).unwrap_or_default(),
        },
        ir::OperationStatus::Done { field } => Status::Done { field: field.wire.clone() },
    };
    Operations {
        collection,
        status,
        error: resource.error.wire.clone(),
        response: resource.response.wire.clone(),
        metadata: resource.metadata.wire.clone(),
        finished_at: resource.finished_at.clone(),
        started_at: resource.started_at.clone(),
        resource_id: resource.resource_id.clone(),
    }
}

/// A long-running call's entry.
fn long_running(long_running: &ir::FakeLongRunning) -> LongRunning {
    let member = |member: &ir::FakeMember| tables::Member { tag: member.tag.clone(), field: member.field.clone() };
    LongRunning {
        operations: long_running.operations,
        wrap: long_running.wrap.clone(),
        result: long_running.result.as_ref().map(member),
        metadata: long_running.metadata.as_ref().map(member),
    }
}

/// `fake.user_invites()`: the collection at `index`, typed.
fn accessor(fake: &Fake, index: usize) -> TokenStream {
    let collection = &fake.collections[index];
    let name = ident(&collection.accessor);
    let item = rust_type(&Type::Named(collection.item.clone()));
    let list = crate::naming::unraw(&collection.list_operation);
    let doc = format!(
        " The `{}` that [`Client::{list}`](crate::Client::{list}) returns: the fake's collection of them.",
        collection.wire
    );
    let index = Literal::usize_unsuffixed(index);
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> super::FakeCollection<crate::models::#item> {
            self.collection(#index)
        }
    }
}

/// One operation's route.
fn route(op: &Operation, route: &ir::Route) -> Route {
    let query = op.query.iter().flat_map(|query| &query.fields);
    let query = query.map(|field| Param { wire: field.wire.clone(), ty: ty(&field.ty), required: field.required });
    let body = op.body.as_ref().filter(|body| body.media == BodyMedia::Json).map(|body| ty(&body.ty));
    Route {
        operation: crate::naming::unraw(&op.method_name).to_owned(),
        method: op.http_method.clone(),
        path: op.path.clone(),
        aliases: op.aliases.clone(),
        query: query.collect(),
        body,
        status: route.status,
        shape: shape(&route.shape, op.example.as_deref()),
        long_running: route.long_running.as_ref().map(long_running),
    }
}

fn shape(shape: &ir::Shape, example: Option<&str>) -> Shape {
    match shape.clone() {
        ir::Shape::List { collection, items, paging } => {
            let paging = paging.map(|FakePaging { next, token, size }| Paging { next, token, size });
            Shape::List { collection, items, paging }
        }
        ir::Shape::Create { collection, body_field, wrap } => Shape::Create { collection, body_field, wrap },
        ir::Shape::Get { collection, wrap } => Shape::Get { collection, wrap },
        ir::Shape::Update { collection, body_field, mask, wrap } => {
            Shape::Update { collection, body_field, mask, wrap }
        }
        ir::Shape::Delete { collection } => Shape::Delete { collection },
        ir::Shape::Other => match example {
            Some(json) => Shape::Example(json.to_owned()),
            None => Shape::Unimplemented,
        },
    }
}

/// A type's entry in the types table.
fn schema(def: &TypeDef) -> Schema {
    match &def.kind {
        TypeKind::Struct(body) => {
            Schema::Object { fields: body.fields.iter().map(field).collect(), open: body.extra.is_some() }
        }
        TypeKind::Enum { variants, .. } => Schema::Enum(variants.iter().map(|variant| variant.wire.clone()).collect()),
        // Integer enums are checked as integers: the fake accepts values this crate does not know.
        TypeKind::IntEnum { .. } => Schema::Alias(Ty::Integer),
        TypeKind::Alias(target) | TypeKind::Newtype(target) => Schema::Alias(ty(target)),
        _ => Schema::Union,
    }
}

/// An object property: `null` is accepted where the Rust field is an `Option`.
fn field(field: &ir::Field) -> Field {
    Field {
        wire: field.wire.clone(),
        ty: ty(&field.ty),
        required: field.required,
        nullable: field.required && field.optional,
    }
}

/// The table's `Ty` for an IR type.
fn ty(ty: &Type) -> Ty {
    match ty {
        Type::Bool => Ty::Bool,
        Type::I32 | Type::I64 | Type::U32 | Type::U64 => Ty::Integer,
        Type::F32 | Type::F64 => Ty::Number,
        Type::String => Ty::String,
        Type::I64String | Type::U64String => Ty::IntegerString,
        Type::DateTime => Ty::DateTime,
        Type::Date => Ty::Date,
        Type::Unit | Type::Json | Type::Bytes => Ty::Any,
        Type::List(item) => Ty::List(Box::new(self::ty(item))),
        Type::Map(value) => Ty::Map(Box::new(self::ty(value))),
        Type::Named(name) => Ty::Named(name.clone()),
    }
}
