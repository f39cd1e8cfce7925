//! `src/fake/spec.rs`: the spec tables of the fake server (its engine is runtime code in
//! `codegen/runtime/src/fake/`), and one `FakeServer` accessor per collection.

use super::{Chunk, Part, RustFile, ident, rust_type};
use crate::ir::{Api, BodyMedia, ErrorCode, Fake, FakePaging, Field, Operation, Route, Shape, Type, TypeDef, TypeKind};
use crate::naming::{self, Namespace};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// The file, for an API with a fake: the tables, then each type's fields (or enum values)
/// as a `const` of their own, one line per field, that the `types` table names.
pub fn spec<'a>(api: &'a Api, fake: &'a Fake) -> RustFile<'a> {
    let names = list_names(api);
    let lists = api.types.iter().zip(names.clone()).filter_map(|(def, name)| {
        let name = name?;
        Some(Chunk::Items(Box::new(move || list(def, &name).unwrap_or_default())))
    });
    let tables = move || tables(api, fake, &names);
    let accessors = move || accessors(fake).unwrap_or_default();
    let chunks = std::iter::once(Chunk::Items(Box::new(tables) as Part<'a>)).chain(lists);
    RustFile { chunks: chunks.chain([Chunk::Items(Box::new(accessors))]).collect() }
}

/// The name of each type's `const` list, for the types that have one.
fn list_names(api: &Api) -> Vec<Option<String>> {
    // `SPEC` is taken: a type's list never shadows the table.
    let mut taken = Namespace::default();
    taken.claim("SPEC");
    let has_list = |def: &TypeDef| matches!(def.kind, TypeKind::Struct(_) | TypeKind::Enum { .. });
    api.types.iter().map(|def| has_list(def).then(|| taken.claim(&naming::const_name(&def.name)))).collect()
}

fn tables(api: &Api, fake: &Fake, names: &[Option<String>]) -> TokenStream {
    let routes = api.operations.iter().zip(&fake.routes).map(|(op, route)| route_table(op, route));
    let collections = fake.collections.iter().map(|collection| {
        let name = &collection.wire;
        let item = &collection.item;
        let id = option_str(collection.id_field.as_deref());
        quote!(Collection::new(#name, #item, #id))
    });
    let types = api.types.iter().zip(names).map(|(def, list)| {
        let name = &def.name;
        let schema = schema(def, list.as_deref().map(ident));
        quote!((#name, #schema))
    });
    let error = error_model(fake);
    let auth = fake.auth;
    quote! {
        #![doc = " The spec's tables for the fake server: its operations, collections, types and error model."]

        use super::tables::*;

        pub(crate) static SPEC: FakeSpec = FakeSpec {
            routes: &[#(#routes),*],
            collections: &[#(#collections),*],
            types: &[#(#types),*],
            error: #error,
            auth: #auth,
        };
    }
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

fn route_table(op: &Operation, route: &Route) -> TokenStream {
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
        Route { operation: #operation, method: #method, path: #path, query: &[#(#query),*], body: #body, status: #status, shape: #shape }
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
