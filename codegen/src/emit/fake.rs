//! `src/fake/spec.rs`: the spec tables of the fake server (its engine is runtime code in
//! `codegen/runtime/src/fake/`), and one `FakeServer` accessor per collection.

use super::{Chunk, Part, RustFile, ident, rust_type};
use crate::ir::{Api, BodyMedia, ErrorCode, Fake, FakePaging, Field, Operation, Route, Shape, Type, TypeDef, TypeKind};
use crate::naming::{self, Namespace};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// The file, for an API with a fake: the `SPEC` table, which names each route's `const`
/// and the `TYPES` table, then those `const`s, then each type's fields (or enum values) as
/// a `const` that `TYPES` names. Each `const` is a part of its own, so that no part (and
/// no render thread's tokens) grows with the size of the API.
pub fn spec<'a>(api: &'a Api, fake: &'a Fake) -> RustFile<'a> {
    let ConstNames { routes, lists } = const_names(api);
    let table = {
        let routes = routes.clone();
        move || table(fake, &routes)
    };
    let route_consts = api
        .operations
        .iter()
        .zip(&fake.routes)
        .zip(routes)
        .map(|((op, route), name)| Chunk::Items(Box::new(move || route_const(op, route, &name)) as Part<'a>));
    let types = {
        let lists = lists.clone();
        move || types(api, &lists)
    };
    let list_consts = api.types.iter().zip(lists).filter_map(|(def, name)| {
        let name = name?;
        Some(Chunk::Items(Box::new(move || list(def, &name).unwrap_or_default()) as Part<'a>))
    });
    let accessors = move || accessors(fake).unwrap_or_default();
    let chunks = std::iter::once(Chunk::Items(Box::new(table) as Part<'a>))
        .chain(route_consts)
        .chain([Chunk::Items(Box::new(types) as Part<'a>)])
        .chain(list_consts)
        .chain([Chunk::Items(Box::new(accessors) as Part<'a>)]);
    RustFile { chunks: chunks.collect() }
}

/// The name of the `static` that holds the tables, and of the `const` of the types table.
const SPEC: &str = "SPEC";
const TYPES: &str = "TYPES";

/// The names of the file's `const`s, decided once for the tables that name them and the
/// `const`s themselves.
struct ConstNames {
    /// Each operation's route, in the order of `Api::operations`.
    routes: Vec<String>,
    /// Each type's list of fields or values, for the types that have one.
    lists: Vec<Option<String>>,
}

fn const_names(api: &Api) -> ConstNames {
    // The tables are taken first: a `const` never shadows them.
    let mut taken = Namespace::default();
    taken.claim(SPEC);
    taken.claim(TYPES);
    let has_list = |def: &TypeDef| matches!(def.kind, TypeKind::Struct(_) | TypeKind::Enum { .. });
    let lists = api.types.iter().map(|def| has_list(def).then(|| taken.claim(&naming::const_name(&def.name))));
    let lists = lists.collect();
    let routes = api.operations.iter().map(|op| taken.claim(&naming::const_name(&op.method_name))).collect();
    ConstNames { routes, lists }
}

/// The `SPEC` static: the routes by name, the collections, the types table and the error model.
fn table(fake: &Fake, routes: &[String]) -> TokenStream {
    let spec = ident(SPEC);
    let types = ident(TYPES);
    let routes = routes.iter().map(|name| ident(name));
    let collections = fake.collections.iter().map(|collection| {
        let name = &collection.wire;
        let item = &collection.item;
        let id = option_str(collection.id_field.as_deref());
        quote!(Collection::new(#name, #item, #id))
    });
    let error = error_model(fake);
    let auth = fake.auth;
    quote! {
        #![doc = " The spec's tables for the fake server: its operations, collections, types and error model."]

        use super::tables::*;

        pub(crate) static #spec: FakeSpec = FakeSpec {
            routes: &[#(#routes),*],
            collections: &[#(#collections),*],
            types: #types,
            error: #error,
            auth: #auth,
        };
    }
}

/// `const TYPES: &[(&str, Schema)] = &[…];`, one line per type; `lists` names the `const`
/// of each type's fields or values.
fn types(api: &Api, lists: &[Option<String>]) -> TokenStream {
    let name = ident(TYPES);
    let types = api.types.iter().zip(lists).map(|(def, list)| {
        let name = &def.name;
        let schema = schema(def, list.as_deref().map(ident));
        quote!((#name, #schema))
    });
    quote!(const #name: &[(&str, Schema)] = &[#(#types),*];)
}

fn accessors(fake: &Fake) -> Option<TokenStream> {
    if fake.collections.is_empty() {
        return None;
    }
    let methods = fake.collections.iter().enumerate().map(|(index, collection)| {
        let name = ident(&collection.accessor);
        let item = rust_type(&Type::Named(collection.item.clone()));
        let index = Literal::usize_unsuffixed(index);
        let list = crate::naming::unraw(&collection.list_operation);
        let doc = format!(
            " The `{}` that [`Client::{list}`](crate::Client::{list}) returns: the fake's collection of them.",
            collection.wire
        );
        quote! {
            #[doc = #doc]
            pub fn #name(&self) -> super::FakeCollection<crate::models::#item> {
                self.collection(#index)
            }
        }
    });
    Some(quote!(impl super::FakeServer { #(#methods)* }))
}

/// `const NAME: Route = Route { … };` for one operation.
fn route_const(op: &Operation, route: &Route, name: &str) -> TokenStream {
    let name = ident(name);
    let operation = crate::naming::unraw(&op.method_name);
    let method = &op.http_method;
    let path = &op.path;
    let query = op.query.iter().flat_map(|query| &query.fields).map(|field| {
        let wire = &field.wire;
        let ty = ty(&field.ty);
        let constructor = if field.required { quote!(required) } else { quote!(optional) };
        quote!(Param::#constructor(#wire, #ty))
    });
    let body = match &op.body {
        Some(body) if body.media == BodyMedia::Json => {
            let ty = ty(&body.ty);
            quote!(Some(#ty))
        }
        _ => quote!(None),
    };
    let status = Literal::u16_unsuffixed(route.status);
    let shape = shape(&route.shape, op.example.as_deref());
    quote! {
        const #name: Route = Route { operation: #operation, method: #method, path: #path, query: &[#(#query),*], body: #body, status: #status, shape: #shape };
    }
}

fn shape(shape: &Shape, example: Option<&str>) -> TokenStream {
    let index = |collection: &usize| Literal::usize_unsuffixed(*collection);
    match shape {
        Shape::List { collection, items, paging } => {
            let collection = index(collection);
            let paging = match paging {
                Some(FakePaging { next, token, size }) => {
                    let size = option_str(size.as_deref());
                    quote!(Some(Paging { next: #next, token: #token, size: #size }))
                }
                None => quote!(None),
            };
            quote!(Shape::List { collection: #collection, items: #items, paging: #paging })
        }
        Shape::Create { collection, body_field, wrap } => {
            let (collection, body_field, wrap) =
                (index(collection), option_str(body_field.as_deref()), option_str(wrap.as_deref()));
            quote!(Shape::Create { collection: #collection, body_field: #body_field, wrap: #wrap })
        }
        Shape::Get { collection, wrap } => {
            let (collection, wrap) = (index(collection), option_str(wrap.as_deref()));
            quote!(Shape::Get { collection: #collection, wrap: #wrap })
        }
        Shape::Update { collection, body_field, mask, wrap } => {
            let collection = index(collection);
            let (body_field, mask, wrap) =
                (option_str(body_field.as_deref()), option_str(mask.as_deref()), option_str(wrap.as_deref()));
            quote!(Shape::Update { collection: #collection, body_field: #body_field, mask: #mask, wrap: #wrap })
        }
        Shape::Delete { collection } => {
            let collection = index(collection);
            quote!(Shape::Delete { collection: #collection })
        }
        Shape::Other => match example {
            Some(json) => quote!(Shape::Example(#json)),
            None => quote!(Shape::Unimplemented),
        },
    }
}

/// A type's entry in the `types` table; `list` names the `const` of its fields or values.
fn schema(def: &TypeDef, list: Option<Ident>) -> TokenStream {
    match (&def.kind, list) {
        (TypeKind::Struct(body), Some(list)) if body.extra.is_some() => quote!(Schema::open_object(#list)),
        (TypeKind::Struct(_), Some(list)) => quote!(Schema::object(#list)),
        (TypeKind::Enum { .. }, Some(list)) => quote!(Schema::Enum(#list)),
        // Integer enums are checked as integers: the fake accepts values this crate does not know.
        (TypeKind::IntEnum { .. }, _) => quote!(Schema::Alias(Ty::Integer)),
        (TypeKind::Alias(target) | TypeKind::Newtype(target), _) => {
            let target = ty(target);
            quote!(Schema::Alias(#target))
        }
        _ => quote!(Schema::Union),
    }
}

/// `const NAME: &[Field] = &[…];` for a struct, `&[&str]` of wire values for an enum.
fn list(def: &TypeDef, name: &str) -> Option<TokenStream> {
    let name = ident(name);
    match &def.kind {
        TypeKind::Struct(body) => {
            let fields = body.fields.iter().map(field);
            Some(quote!(const #name: &[Field] = &[#(#fields),*];))
        }
        TypeKind::Enum { variants, .. } => {
            let values = variants.iter().map(|variant| &variant.wire);
            Some(quote!(const #name: &[&str] = &[#(#values),*];))
        }
        _ => None,
    }
}

/// An object property: `null` is accepted where the Rust field is an `Option`.
fn field(field: &Field) -> TokenStream {
    let wire = &field.wire;
    let ty = ty(&field.ty);
    let constructor = match (field.required, field.optional) {
        (false, _) => quote!(optional),
        (true, false) => quote!(required),
        (true, true) => quote!(nullable),
    };
    quote!(Field::#constructor(#wire, #ty))
}

/// The table's `Ty` for an IR type.
fn ty(ty: &Type) -> TokenStream {
    match ty {
        Type::Bool => quote!(Ty::Bool),
        Type::I32 | Type::I64 | Type::U32 | Type::U64 => quote!(Ty::Integer),
        Type::F32 | Type::F64 => quote!(Ty::Number),
        Type::String => quote!(Ty::String),
        Type::I64String | Type::U64String => quote!(Ty::IntegerString),
        Type::DateTime => quote!(Ty::DateTime),
        Type::Date => quote!(Ty::Date),
        Type::Unit | Type::Json | Type::Bytes => quote!(Ty::Any),
        Type::List(item) => {
            let item = self::ty(item);
            quote!(Ty::List(&#item))
        }
        Type::Map(value) => {
            let value = self::ty(value);
            quote!(Ty::Map(&#value))
        }
        Type::Named(name) => quote!(Ty::Named(#name)),
    }
}

fn error_model(fake: &Fake) -> TokenStream {
    let message = option_str(fake.error.message.as_deref());
    let code = match &fake.error.code {
        Some((field, ErrorCode::Names(names))) => quote!(Some((#field, Code::Names(&[#(#names),*])))),
        Some((field, ErrorCode::Number)) => quote!(Some((#field, Code::Number))),
        None => quote!(None),
    };
    quote!(ErrorModel { message: #message, code: #code })
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}
