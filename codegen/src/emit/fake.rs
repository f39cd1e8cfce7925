//! `src/fake/spec.rs`: the spec tables of the fake server (its engine is runtime code in
//! `codegen/runtime/src/fake/`), and one `FakeServer` accessor per collection.

use super::{ident, rust_type};
use crate::ir::{
    Api, BodyMedia, ErrorCode, Fake, FakePaging, Operation, Route, Shape, Struct, Type, TypeDef, TypeKind,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The file, for an API with a fake.
pub fn spec(api: &Api, fake: &Fake) -> TokenStream {
    let routes = api.operations.iter().zip(&fake.routes).map(|(op, route)| route_table(op, route));
    let collections = fake.collections.iter().map(|collection| {
        let name = &collection.wire;
        let item = &collection.item;
        let id = option_str(collection.id_field.as_deref());
        quote!(Collection { name: #name, item: #item, id: #id })
    });
    let types = api.types.iter().map(|def| {
        let name = &def.name;
        let schema = schema(def);
        quote!((#name, #schema))
    });
    let error = error_model(fake);
    let auth = fake.auth;
    let accessors = accessors(fake);
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

        #accessors
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
        let required = field.required;
        quote!(Param { wire: #wire, ty: #ty, required: #required })
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

fn schema(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(body) => struct_schema(body),
        TypeKind::Enum { variants, .. } => {
            let values = variants.iter().map(|variant| &variant.wire);
            quote!(Schema::Enum(&[#(#values),*]))
        }
        // Integer enums are checked as integers: the fake accepts values this crate does not know.
        TypeKind::IntEnum { .. } => quote!(Schema::Alias(Ty::Integer)),
        TypeKind::Union { .. } | TypeKind::StatusEnum { .. } => quote!(Schema::Union),
        TypeKind::Alias(target) | TypeKind::Newtype(target) => {
            let target = ty(target);
            quote!(Schema::Alias(#target))
        }
    }
}

fn struct_schema(body: &Struct) -> TokenStream {
    let fields = body.fields.iter().map(|field| {
        let wire = &field.wire;
        let ty = ty(&field.ty);
        let required = field.required;
        let nullable = field.optional;
        quote!(Field { wire: #wire, ty: #ty, required: #required, nullable: #nullable })
    });
    let open = body.extra.is_some();
    quote!(Schema::Struct { fields: &[#(#fields),*], open: #open })
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
