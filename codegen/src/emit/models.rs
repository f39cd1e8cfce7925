//! `src/models.rs`: a serde type per schema, and the query-parameter structs.

use super::{docs, ident, rust_type};
use crate::ir::{Api, Field, Query, Struct, Type, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn models(api: &Api) -> TokenStream {
    let types = api.types.iter().map(type_def);
    let queries = api.operations.iter().filter_map(|op| op.query.as_ref()).map(query_struct);
    let fields: Vec<&Field> = api
        .types
        .iter()
        .flat_map(|def| match &def.kind {
            TypeKind::Struct(body) => body.fields.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let codec = int_string_codec(&fields);
    let uses_serde = api.types.iter().any(|def| !matches!(def.kind, TypeKind::Alias(_) | TypeKind::StatusEnum { .. }));
    let serde_import = uses_serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        #![doc = " Request and response types, one per schema in the spec."]
        #![allow(clippy::large_enum_variant)]
        // A deprecated schema used by another one is not the crate's own misuse.
        #![allow(deprecated)]

        #serde_import

        #(#types)*
        #(#queries)*
        #codec
    }
}

/// The types that appear in a definition, for dependency checks.
pub fn field_types(def: &TypeDef) -> Vec<&Type> {
    match &def.kind {
        TypeKind::Struct(body) => body.fields.iter().map(|field| &field.ty).chain(body.extra.as_ref()).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        TypeKind::StatusEnum { variants } => variants.iter().filter_map(|variant| variant.ty.as_ref()).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = docs(&def.docs);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name);
    let item = match &def.kind {
        TypeKind::Struct(body) => struct_def(&name, body),
        TypeKind::Enum { variants, fallback } => {
            let fallback = ident(fallback);
            let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
            let wires: Vec<_> = variants.iter().map(|variant| &variant.wire).collect();
            quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                pub enum #name {
                    #( #[serde(rename = #wires)] #names, )*
                    /// A value this version of the crate does not know, kept as sent.
                    #[serde(untagged)]
                    #fallback(String),
                }

                impl #name {
                    /// The value as it travels on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#names => #wires, )*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        TypeKind::Union { tag, discriminator, variants, fallback, display } => {
            let fallback = ident(fallback);
            let tag_attr = match tag {
                Some(tag) => quote!(#[serde(tag = #tag)]),
                None => quote!(#[serde(untagged)]),
            };
            let display_impl =
                display.then(|| union_display(&name, variants.iter().map(|variant| ident(&variant.name)), &fallback));
            let deserialize_impl =
                discriminator.as_ref().map(|property| discriminated_deserialize(&name, property, variants, &fallback));
            let derives = if discriminator.is_some() { quote!(Serialize) } else { quote!(Serialize, Deserialize) };
            // A discriminated payload carries its own tag: no serde rename, the value picks the variant.
            let renames = tag.is_some();
            let variants = variants.iter().map(|variant| {
                let doc = docs(&variant.docs);
                let variant_name = ident(&variant.name);
                let rename =
                    variant.tag_value.as_ref().filter(|_| renames).map(|value| quote!(#[serde(rename = #value)]));
                let mut ty = rust_type(&variant.ty);
                if variant.boxed {
                    ty = quote!(Box<#ty>);
                }
                quote!(#doc #rename #variant_name(#ty),)
            });
            let fallback_attr = tag.is_some().then(|| quote!(#[serde(untagged)]));
            quote! {
                #[derive(Debug, Clone, PartialEq, #derives)]
                #tag_attr
                pub enum #name {
                    #(#variants)*
                    /// A shape this version of the crate does not know, kept as JSON.
                    #fallback_attr
                    #fallback(serde_json::Value),
                }

                #deserialize_impl
                #display_impl
            }
        }
        TypeKind::StatusEnum { variants } => {
            let variants = variants.iter().map(|variant| {
                let doc = docs(&variant.docs);
                let variant_name = ident(&variant.name);
                match &variant.ty {
                    Some(ty) => {
                        let ty = rust_type(ty);
                        quote!(#doc #variant_name(#ty),)
                    }
                    None => quote!(#doc #variant_name,),
                }
            });
            quote! {
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty);
            quote!(pub type #name = #ty;)
        }
        TypeKind::Newtype(ty) => {
            let ty = rust_type(ty);
            quote! {
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    };
    let error_body = def.is_error_body.then(|| error_body_impl(def));
    quote! {
        #doc
        #deprecated
        #item
        #error_body
    }
}

/// Picks the variant by the discriminator's value, then decodes the whole object (tag
/// included) as that variant; other values are kept as JSON.
fn discriminated_deserialize(
    name: &proc_macro2::Ident,
    property: &str,
    variants: &[crate::ir::UnionVariant],
    fallback: &proc_macro2::Ident,
) -> TokenStream {
    let arms = variants.iter().filter_map(|variant| {
        let value = variant.tag_value.as_ref()?;
        let variant_name = ident(&variant.name);
        let wrap = if variant.boxed {
            quote!(|payload| Self::#variant_name(Box::new(payload)))
        } else {
            quote!(Self::#variant_name)
        };
        Some(quote!(Some(#value) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),))
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    }
}

/// Query values print each variant as itself.
fn union_display(
    name: &proc_macro2::Ident,
    variants: impl Iterator<Item = proc_macro2::Ident>,
    fallback: &proc_macro2::Ident,
) -> TokenStream {
    quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#variants(value) => value.fmt(f), )*
                    Self::#fallback(value) => value.fmt(f),
                }
            }
        }
    }
}

fn struct_def(name: &proc_macro2::Ident, body: &Struct) -> TokenStream {
    let default = body.default.then(|| quote!(Default,));
    let fields = body.fields.iter().map(field);
    let extra = body.extra.as_ref().map(|ty| {
        let ty = rust_type(ty);
        quote! {
            /// Properties not named in the spec, kept as sent.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let doc = docs(&field.docs);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&field.name);
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let mut serde = Vec::new();
    if crate::naming::unraw(&field.name) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    let codec = matches!(field.ty, Type::I64String | Type::U64String);
    if field.optional {
        ty = quote!(Option<#ty>);
        if codec {
            serde.push(quote!(default, with = "int_string::option"));
        }
        if !field.required {
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    } else if codec {
        serde.push(quote!(with = "int_string"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn error_body_impl(def: &TypeDef) -> Option<TokenStream> {
    let name = ident(&def.name);
    let body = match (&def.kind, &def.message_field) {
        (TypeKind::Alias(_), _) => return None,
        (TypeKind::StatusEnum { variants }, _) => {
            let arms = variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                match variant.ty {
                    Some(_) => quote!(Self::#variant_name(body) => body.message(),),
                    None => quote!(Self::#variant_name => None,),
                }
            });
            quote! {
                fn message(&self) -> Option<&str> {
                    match self { #(#arms)* }
                }
            }
        }
        (_, Some(message)) => {
            let field = ident(&message.name);
            let value = if message.optional { quote!(self.#field.as_deref()) } else { quote!(Some(&self.#field)) };
            quote! {
                fn message(&self) -> Option<&str> {
                    #value
                }
            }
        }
        (_, None) => quote!(),
    };
    Some(quote! {
        impl crate::error::ErrorBody for #name {
            #body
        }
    })
}

fn query_struct(query: &Query) -> TokenStream {
    let name = ident(&query.type_name);
    let default = query.fields.iter().all(|field| !field.required).then(|| quote!(Default,));
    let fields = query.fields.iter().map(|field| {
        let doc = docs(&field.docs);
        let field_name = ident(&field.name);
        let ty = rust_type(&field.ty);
        let ty = if field.required { ty } else { quote!(Option<#ty>) };
        quote!(#doc pub #field_name: #ty,)
    });
    quote! {
        /// Query parameters; `None` leaves a parameter out of the URL.
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// Integers that protobuf's JSON mapping sends as strings; emitted only when used.
fn int_string_codec(fields: &[&Field]) -> Option<TokenStream> {
    let codec = |field: &&&Field| matches!(field.ty, Type::I64String | Type::U64String);
    let required = fields.iter().filter(codec).any(|field| !field.optional);
    let optional = fields.iter().filter(codec).any(|field| field.optional);
    if !required && !optional {
        return None;
    }
    let required_fns = required.then(|| {
        quote! {
            pub fn serialize<T: Display, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(value)
            }

            pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
            where
                T: FromStr + Deserialize<'de>,
                T::Err: Display,
                D: serde::Deserializer<'de>,
            {
                parse(StringOrNumber::deserialize(deserializer)?)
            }
        }
    });
    let optional_mod = optional.then(|| {
        quote! {
            pub mod option {
                use super::{StringOrNumber, parse};
                use serde::{Deserialize, Deserializer, Serializer};
                use std::fmt::Display;
                use std::str::FromStr;

                pub fn serialize<T: Display, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => serializer.collect_str(value),
                        None => serializer.serialize_none(),
                    }
                }

                pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
                where
                    T: FromStr + Deserialize<'de>,
                    T::Err: Display,
                    D: Deserializer<'de>,
                {
                    Option::<StringOrNumber<T>>::deserialize(deserializer)?.map(parse).transpose()
                }
            }
        }
    });
    Some(quote! {
        /// Integers sent as JSON strings (protobuf's JSON mapping of int64); numbers are accepted too.
        mod int_string {
            use serde::Deserialize;
            use std::fmt::Display;
            use std::str::FromStr;

            #[derive(Deserialize)]
            #[serde(untagged)]
            pub(super) enum StringOrNumber<T> {
                String(String),
                Number(T),
            }

            pub(super) fn parse<T: FromStr, E: serde::de::Error>(value: StringOrNumber<T>) -> Result<T, E>
            where
                T::Err: Display,
            {
                match value {
                    StringOrNumber::String(text) => text.parse().map_err(E::custom),
                    StringOrNumber::Number(number) => Ok(number),
                }
            }

            #required_fns
            #optional_mod
        }
    })
}
