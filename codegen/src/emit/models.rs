//! `src/models.rs`: a serde type per schema, and the query-parameter structs.

use super::{Chunk, RustFile, SyntaxPart, doc_attributes, docs, ident, rust_type, syntax, syntax_type};
use crate::ir::{Api, Field, Query, StatusVariant, Struct, Type, TypeDef, TypeKind, UnionVariant, UpdateMask};
use crate::plan::{Need, Uses};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub fn models(api: &Api, uses: Uses) -> RustFile<'_> {
    let uses_serde = uses.has(Need::SerdeModels);
    let deprecated = uses.has(Need::DeprecatedModels);
    let head = move || {
        let serde_import = uses_serde.then(|| {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        });
        let allow_deprecated = deprecated.then(|| {
            quote!(#![allow(deprecated, reason = "the spec's deprecated schemas and fields stay usable; their users get the warning")])
        });
        quote! {
            #![doc = " Request and response types, one per schema in the spec."]
            #allow_deprecated

            #serde_import
        }
    };
    // Sizes are decided here, once and in order; each part only reads its own answer.
    let mut sizes = Sizes::new(api);
    let types = api.types.iter().map(|def| -> SyntaxPart<'_> {
        let large = sizes.is_large(def);
        Box::new(move || type_items(def, large))
    });
    let types: Vec<SyntaxPart<'_>> = types.collect();
    let queries = api.operations.iter().filter_map(|op| Some((op.query.as_ref()?, op.method_name.as_str())));
    let queries = queries.map(|(query, method)| -> SyntaxPart<'_> { Box::new(move || query_items(query, method)) });
    let parts = types.into_iter().chain(queries).map(Chunk::Syntax);
    RustFile { chunks: std::iter::once(Chunk::Items(Box::new(head))).chain(parts).collect() }
}

/// Upper bounds of the models' sizes in bytes: clippy's `large_enum_variant` flags an enum
/// whose largest variant is 200 bytes (its default threshold) larger than the next, so an
/// enum needs its `allow` only when a variant's bound reaches that.
struct Sizes<'a> {
    api: &'a Api,
    known: BTreeMap<&'a str, usize>,
}

/// clippy's default `enum-variant-size-threshold`.
const LARGE_VARIANT: usize = 200;

impl<'a> Sizes<'a> {
    fn new(api: &'a Api) -> Self {
        Self { api, known: BTreeMap::new() }
    }

    /// At least the size of `ty` (fields rounded up to 8 bytes; an `Option` adds 8).
    fn of(&mut self, ty: &'a Type) -> usize {
        match ty {
            Type::Unit => 0,
            Type::Bool | Type::I32 | Type::U32 | Type::F32 | Type::Date => 8,
            Type::I64 | Type::I64String | Type::U64 | Type::U64String | Type::F64 | Type::DateTime => 16,
            Type::String | Type::Bytes | Type::List(_) | Type::Map(_) => 24,
            Type::Json => 32,
            Type::Named(name) => self.named(name),
        }
    }

    fn named(&mut self, name: &'a str) -> usize {
        if let Some(size) = self.known.get(name) {
            return *size;
        }
        // Cycles are boxed; one that is not counts as large.
        self.known.insert(name, LARGE_VARIANT);
        let size = match self.api.type_named(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(body)) => {
                let fields: usize = body.fields.iter().map(|field| self.field(field)).sum();
                // Either map of the fields the spec does not name: `additional_properties` or `UnknownFields`.
                fields + 24
            }
            Some(TypeKind::Enum { .. }) => 40,
            Some(TypeKind::IntEnum { .. }) => 24,
            Some(TypeKind::Union { variants, .. }) => {
                let payloads = variants.iter().map(|variant| if variant.boxed { 8 } else { self.of(&variant.ty) });
                8 + payloads.fold(32, usize::max)
            }
            Some(TypeKind::StatusEnum { variants }) => {
                8 + variants.iter().filter_map(|variant| variant.ty.as_ref()).map(|ty| self.of(ty)).fold(0, usize::max)
            }
            Some(TypeKind::Alias(ty) | TypeKind::Newtype(ty)) => self.of(ty),
            None => LARGE_VARIANT,
        };
        self.known.insert(name, size);
        size
    }

    fn field(&mut self, field: &'a Field) -> usize {
        let value = if field.boxed { 8 } else { self.of(&field.ty) };
        value + if field.optional { 8 } else { 0 }
    }

    /// Whether `def` is an enum with a payload that may reach the threshold: it gets
    /// `#[allow(clippy::large_enum_variant)]` (its size is the spec's to decide, and boxing it
    /// would change the API).
    fn is_large(&mut self, def: &'a TypeDef) -> bool {
        let payloads: Vec<&'a Type> = match &def.kind {
            TypeKind::Union { variants, .. } => {
                variants.iter().filter(|variant| !variant.boxed).map(|variant| &variant.ty).collect()
            }
            TypeKind::StatusEnum { variants } => variants.iter().filter_map(|variant| variant.ty.as_ref()).collect(),
            _ => Vec::new(),
        };
        payloads.into_iter().any(|ty| self.of(ty) >= LARGE_VARIANT)
    }
}

/// The `allow` of an enum [`Sizes::is_large`] found large.
fn allow_large(large: bool) -> Option<TokenStream> {
    large.then(|| quote!(#[allow(clippy::large_enum_variant, reason = "variants hold the spec's types by value")]))
}

/// A type's items: a struct built as syntax, any other kind quoted and parsed.
fn type_items(def: &TypeDef, large: bool) -> syn::Result<Vec<syn::Item>> {
    let mut attrs = doc_attributes(&def.docs);
    if def.deprecated {
        attrs.push(syntax::word_attribute("deprecated"));
    }
    let error_body = def.is_error_body.then(|| error_body_impl(def));
    let name = ident(&def.name);
    let item = match &def.kind {
        TypeKind::Struct(body) => {
            let mut items = struct_items(attrs, &def.name, body)?;
            items.extend(syntax::parse_items(quote!(#error_body))?);
            return Ok(items);
        }
        TypeKind::Enum { variants, fallback } => string_enum(&name, variants, fallback),
        TypeKind::IntEnum { variants, fallback } => int_enum(&name, variants, fallback),
        TypeKind::Union { tag, discriminator, variants, fallback, display } => {
            let large = allow_large(large);
            let shape = UnionShape { tag: tag.as_deref(), discriminator: discriminator.as_deref(), display: *display };
            union_def(&name, shape, variants, &ident(fallback), large)
        }
        TypeKind::StatusEnum { variants } => {
            let large = allow_large(large);
            status_enum(&name, variants, large)
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
    let attrs = attrs.iter();
    syntax::parse_items(quote! {
        #(#attrs)*
        #item
        #error_body
    })
}

/// How a union's variant is picked: a property beside the payload (`@type`), one inside it
/// (an OpenAPI `discriminator`), or the first shape that decodes.
struct UnionShape<'a> {
    tag: Option<&'a str>,
    discriminator: Option<&'a str>,
    display: bool,
}

fn union_def(
    name: &Ident,
    shape: UnionShape,
    variants: &[UnionVariant],
    fallback: &Ident,
    large: Option<TokenStream>,
) -> TokenStream {
    let tag_attr = match shape.tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    let display_impl =
        shape.display.then(|| union_display(name, variants.iter().map(|variant| ident(&variant.name)), fallback));
    // The runtime matches the tag: both spellings of a type URL, other tags exactly.
    let picked_by = match (shape.tag, shape.discriminator) {
        (Some(tag), _) => Some(quote!(crate::tagged::Tag::Beside(#tag))),
        (None, Some(property)) => Some(quote!(crate::tagged::Tag::Within(#property))),
        (None, None) => None,
    };
    let deserialize_impl = picked_by.as_ref().map(|tag| tagged_deserialize(name, tag, variants, fallback));
    let derives = if picked_by.is_some() { quote!(Serialize) } else { quote!(Serialize, Deserialize) };
    // A discriminated payload carries its own tag: no serde rename, the value picks the variant.
    let renames = shape.tag.is_some();
    let variants = variants.iter().map(|variant| union_variant(variant, renames));
    let fallback_attr = shape.tag.is_some().then(|| quote!(#[serde(untagged)]));
    quote! {
        #[derive(Debug, Clone, PartialEq, #derives)]
        #tag_attr
        #[non_exhaustive]
        #large
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

/// `Name(Type),` with its docs, and its tag value as a serde rename when `renames`.
fn union_variant(variant: &UnionVariant, renames: bool) -> TokenStream {
    let doc = docs(&variant.docs);
    let name = ident(&variant.name);
    let rename = variant.tag_value.as_ref().filter(|_| renames).map(|value| quote!(#[serde(rename = #value)]));
    let mut ty = rust_type(&variant.ty);
    if variant.boxed {
        ty = quote!(Box<#ty>);
    }
    quote!(#doc #rename #name(#ty),)
}

/// One variant per documented status of an operation whose bodies differ by status.
fn status_enum(name: &Ident, variants: &[StatusVariant], large: Option<TokenStream>) -> TokenStream {
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
        #[non_exhaustive]
        #large
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Picks the variant by the tag's value (the runtime's `tagged::deserialize`); values the
/// spec does not name are kept as JSON. Encoding is derived: it writes the spec's value.
fn tagged_deserialize(name: &Ident, tag: &TokenStream, variants: &[UnionVariant], fallback: &Ident) -> TokenStream {
    let entries = variants.iter().filter_map(|variant| {
        let value = variant.tag_value.as_ref()?;
        let variant_name = ident(&variant.name);
        let wrap = if variant.boxed {
            quote!(|payload| Self::#variant_name(Box::new(payload)))
        } else {
            quote!(Self::#variant_name)
        };
        Some(quote!((#value, |payload| serde_json::from_value(payload).map(#wrap)),))
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let variants: &[(&str, crate::tagged::Decode<Self>)] = &[#(#entries)*];
                crate::tagged::deserialize(deserializer, #tag, variants, Self::#fallback)
            }
        }
    }
}

/// Query values print each variant as itself.
fn union_display(name: &Ident, variants: impl Iterator<Item = Ident>, fallback: &Ident) -> TokenStream {
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

/// A struct under `attrs`, and its methods: the constructor, setters and update-mask methods
/// of a type the client sends.
fn struct_items(mut attrs: Vec<syn::Attribute>, name: &str, body: &Struct) -> syn::Result<Vec<syn::Item>> {
    let default = body.default.then(|| quote!(Default,));
    attrs.push(syntax::list_attribute("derive", quote!(Debug, Clone, PartialEq, #default Serialize, Deserialize)));
    attrs.push(syntax::word_attribute("non_exhaustive"));
    let mut fields: Vec<syn::Field> = body.fields.iter().map(field).collect();
    match &body.extra {
        Some(ty) => {
            let attrs = vec![syntax::doc(" Properties not named in the spec, kept as sent."), serde(quote!(flatten))];
            fields.push(syntax::field(attrs, "additional_properties", syntax_type(&Type::Map(Box::new(ty.clone())))));
        }
        None => fields.push(unknown_fields_field()),
    }
    let mut items = vec![syntax::structure(attrs, name, fields)];
    let constructor = (!body.default && body.input).then(|| constructor(&body.fields, Some(unset_maps(body))));
    let update_mask = body.update_mask.as_ref().map(|mask| update_mask(mask, body.fields.len(), body.extra.is_none()));
    let mut members = syntax::parse_members(quote!(#constructor))?;
    // Only types the client sends get setters: received ones are read, not built.
    if body.input {
        members.extend(setters(&body.fields));
    }
    members.extend(syntax::parse_members(quote!(#update_mask))?);
    if body.extra.is_none() {
        members.extend(syntax::parse_members(unknown_fields_accessor())?);
    }
    if !members.is_empty() {
        items.push(syntax::inherent_impl(name, members));
    }
    Ok(items)
}

/// The private field that keeps what the schema does not name (the runtime's
/// `UnknownFields`); a leading `_` keeps it apart from every field name `naming` makes.
const UNKNOWN_FIELDS: &str = "_unknown_fields";

/// `#[serde(flatten)] _unknown_fields: crate::UnknownFields`, private: read through
/// [`unknown_fields_accessor`], set only by decoding.
fn unknown_fields_field() -> syn::Field {
    let mut field =
        syntax::field(vec![serde(quote!(flatten))], UNKNOWN_FIELDS, syntax::named(&["crate", "UnknownFields"]));
    field.vis = syn::Visibility::Inherited;
    field
}

/// `unknown_fields()`: the same method on every struct (listed once in API.txt).
fn unknown_fields_accessor() -> TokenStream {
    let field = ident(UNKNOWN_FIELDS);
    quote! {
        /// The JSON fields sent that the spec does not name, kept as sent and written back when
        /// this value is encoded.
        pub fn unknown_fields(&self) -> &crate::UnknownFields {
            &self.#field
        }
    }
}

/// `#[serde(tokens)]`.
fn serde(tokens: TokenStream) -> syn::Attribute {
    syntax::list_attribute("serde", tokens)
}

/// One parameter of a struct's `new(…)`: a required field, named by [`crate::naming::param_names`].
pub(super) struct NewParam {
    pub name: proc_macro2::Ident,
    pub ty: TokenStream,
}

/// The parameters of `new(…)`: the required fields, in field order. The constructor and its
/// line in API.txt are both printed from them.
pub(super) fn new_params(fields: &[Field]) -> Vec<NewParam> {
    let required: Vec<&Field> = fields.iter().filter(|field| !field.optional).collect();
    let names = crate::naming::param_names(required.iter().map(|field| field.name.as_str()));
    required
        .into_iter()
        .zip(&names)
        .map(|(field, name)| NewParam { name: ident(name), ty: rust_type(&field.ty) })
        .collect()
}

/// The map a model's `new` starts empty: its `additional_properties` or its unknown fields.
fn unset_maps(body: &Struct) -> TokenStream {
    if body.extra.is_some() {
        quote!(additional_properties: std::collections::BTreeMap::new(),)
    } else {
        let field = ident(UNKNOWN_FIELDS);
        quote!(#field: crate::UnknownFields::default(),)
    }
}

/// `new(required…)`, for structs with required fields (the others have `Default`); `rest`
/// sets the fields that are not the spec's (a query struct has none).
fn constructor(fields: &[Field], rest: Option<TokenStream>) -> TokenStream {
    let required = new_params(fields);
    let params = required.iter().map(|NewParam { name, ty }| quote!(#name: #ty));
    let mut args = required.iter();
    let values = fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.optional {
            return quote!(#name: None);
        }
        // Required fields come in field order, as the parameters do.
        let param = args.next().map_or_else(|| name.clone(), |param| param.name.clone());
        match (field.boxed, param == name) {
            (false, true) => quote!(#name),
            (false, false) => quote!(#name: #param),
            (true, _) => quote!(#name: Box::new(#param)),
        }
    });
    let many_args = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        /// A value with the required fields; the others are unset.
        #many_args
        pub fn new(#(#params),*) -> Self {
            Self { #(#values,)* #rest }
        }
    }
}

/// One setter per field, named by [`crate::naming::setter_names`].
fn setters(fields: &[Field]) -> Vec<syn::ImplItem> {
    let names = crate::naming::setter_names(fields.iter().map(|field| field.name.as_str()));
    fields.iter().zip(&names).map(|(field, name)| setter(field, name)).collect()
}

/// `set_<field>(value)`: chainable, taking anything that converts into the field's type.
fn setter(field: &Field, setter_name: &str) -> syn::ImplItem {
    let bare = crate::naming::unraw(&field.name);
    let mut attrs = vec![syntax::doc(&format!(" Sets [`{bare}`](Self::{bare})."))];
    if field.deprecated {
        attrs.push(syntax::word_attribute("deprecated"));
    }
    let mut value = syntax::method_call(syntax::variable("value"), "into", []);
    if field.boxed {
        value = syntax::call(&["Box", "new"], [value]);
    }
    if field.optional {
        value = syntax::call(&["Some"], [value]);
    }
    syntax::setter(attrs, setter_name, syntax_type(&field.ty), &field.name, value)
}

/// `from_set_fields(resource)` and `with_mask_path(path)` on an update body.
fn update_mask(mask: &UpdateMask, field_count: usize, unknown_fields: bool) -> TokenStream {
    let mask_field = ident(&mask.mask_field);
    let resource_field = ident(&mask.resource_field);
    let resource_ty = ident(&mask.resource_type);
    let mask_doc = crate::naming::unraw(&mask.mask_field);
    let pushes = mask.paths.iter().map(|path| {
        let field = ident(&path.field);
        let wire = &path.path;
        if path.optional {
            quote!(if resource.#field.is_some() { paths.push(#wire); })
        } else {
            quote!(paths.push(#wire);)
        }
    });
    let value = if mask.resource_boxed { quote!(Some(Box::new(resource))) } else { quote!(Some(resource)) };
    let rest = (field_count > 2 || unknown_fields).then(|| quote!(..Self::default()));
    let from_doc = [
        format!(" An update of the fields set in `resource`: `{mask_doc}` lists their paths in the"),
        " proto3 JSON form of a `google.protobuf.FieldMask` (lowerCamelCase, comma-separated, in".to_owned(),
        " schema order). Fields left `None` are left as they are on the server.".to_owned(),
    ];
    let with_doc = [
        format!(" Adds `path` (lowerCamelCase, such as `expiresAt`) to `{mask_doc}` unless it is there: a"),
        " listed field that is unset in the body is cleared on the server.".to_owned(),
    ];
    quote! {
        #(#[doc = #from_doc])*
        pub fn from_set_fields(resource: #resource_ty) -> Self {
            let mut paths: Vec<&str> = Vec::new();
            #(#pushes)*
            Self { #mask_field: Some(paths.join(",")), #resource_field: #value, #rest }
        }

        #(#[doc = #with_doc])*
        pub fn with_mask_path(mut self, path: &str) -> Self {
            let mask = self.#mask_field.get_or_insert_with(String::new);
            if !mask.split(',').any(|present| present == path) {
                if !mask.is_empty() {
                    mask.push(',');
                }
                mask.push_str(path);
            }
            self
        }
    }
}

/// A string enum: known values as variants, any other kept in an opaque fallback.
fn string_enum(name: &Ident, variants: &[crate::ir::EnumVariant], fallback: &str) -> TokenStream {
    let fallback = ident(fallback);
    let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let wires: Vec<_> = variants.iter().map(|variant| &variant.wire).collect();
    let variant_docs = variants.iter().map(|variant| docs(&variant.docs));
    // Encoded by hand through `as_str` and `From<&str>`: a derive would spell the wire values
    // a second time, and costs more to compile than the rest of the enum.
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value this version of the crate does not know, kept as sent. To send such a
            /// value, convert its text with `From<&str>`.
            #fallback(crate::UnknownValue),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::#fallback(value) => value.serialize(serializer),
                    known => serializer.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::unknown_value::deserialize_enum(deserializer, Self::#fallback)
            }
        }

        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #wires, )*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        /// A wire value: its variant when known, the fallback otherwise.
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#names, )*
                    other => Self::#fallback(crate::UnknownValue::new(other)),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// An integer enum: JSON numbers on the wire (and in the query), known values as variants,
/// any other kept in an opaque fallback.
fn int_enum(name: &Ident, variants: &[crate::ir::IntVariant], fallback: &str) -> TokenStream {
    let fallback = ident(fallback);
    let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let values: Vec<_> = variants.iter().map(|variant| int_literal(variant.value)).collect();
    let variant_docs = variants.iter().map(|variant| docs(&variant.docs));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names, )*
            /// A value this version of the crate does not know, kept as sent. To send such a
            /// value, convert the number with `From<i64>`.
            #fallback(crate::UnknownInteger),
        }

        impl #name {
            /// The value as it travels on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#names => #values, )*
                    Self::#fallback(value) => value.get(),
                }
            }
        }

        /// A wire value: its variant when known, the fallback otherwise.
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#names, )*
                    other => Self::#fallback(crate::UnknownInteger::new(other)),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.as_i64().fmt(f)
            }
        }
    }
}

/// An `i64` as tokens: a negative value is `-` and its magnitude (a literal has no sign).
fn int_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 { quote!(-#magnitude) } else { quote!(#magnitude) }
}

fn field(field: &Field) -> syn::Field {
    let mut attrs = doc_attributes(&field.docs);
    if field.deprecated {
        attrs.push(syntax::word_attribute("deprecated"));
    }
    let mut ty = syntax_type(&field.ty);
    if field.boxed {
        ty = syntax::wrapped("Box", ty);
    }
    let mut serde = Vec::new();
    if crate::naming::unraw(&field.name) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    let codec = int_string(field);
    if field.optional {
        ty = syntax::wrapped("Option", ty);
        if codec {
            serde.push(quote!(default, with = "crate::int_string::option"));
        } else if field.ty == Type::Json && !field.required {
            serde.push(quote!(default, deserialize_with = "crate::unknown::present"));
        }
        if !field.required {
            serde.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    } else if codec {
        serde.push(quote!(with = "crate::int_string"));
    }
    if !serde.is_empty() {
        attrs.push(self::serde(quote!(#(#serde),*)));
    }
    syntax::field(attrs, &field.name, ty)
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

/// A query struct, and its constructor and setters; its doc links the operation `method`.
fn query_items(query: &Query, method: &str) -> syn::Result<Vec<syn::Item>> {
    let all_optional = query.fields.iter().all(|field| !field.required);
    let default = all_optional.then(|| quote!(Default,));
    let bare = crate::naming::unraw(method);
    let attrs = vec![
        syntax::doc(&format!(" The query parameters of [`Client::{bare}`](crate::Client::{method}).")),
        syntax::doc(""),
        syntax::doc(" `None` leaves a parameter out of the URL."),
        syntax::list_attribute("derive", quote!(Debug, Clone, PartialEq, #default)),
        syntax::word_attribute("non_exhaustive"),
    ];
    let fields = query.fields.iter().map(|field| {
        let ty = syntax_type(&field.ty);
        let ty = if field.required { ty } else { syntax::wrapped("Option", ty) };
        syntax::field(doc_attributes(&field.docs), &field.name, ty)
    });
    let mut items = vec![syntax::structure(attrs, &query.type_name, fields.collect())];
    let as_fields = query_fields(query);
    if !as_fields.is_empty() {
        let constructor = (!all_optional).then(|| constructor(&as_fields, None));
        let mut members = syntax::parse_members(quote!(#constructor))?;
        members.extend(setters(&as_fields));
        items.push(syntax::inherent_impl(&query.type_name, members));
    }
    Ok(items)
}

/// A query's parameters as struct fields: its constructor and setters are a struct's.
pub(super) fn query_fields(query: &Query) -> Vec<Field> {
    query
        .fields
        .iter()
        .map(|field| Field {
            name: field.name.clone(),
            wire: field.wire.clone(),
            ty: field.ty.clone(),
            optional: !field.required,
            required: field.required,
            boxed: false,
            docs: Vec::new(),
            deprecated: false,
            mask_for: None,
        })
        .collect()
}

/// Whether `field` is an integer sent as a JSON string, written by the runtime's `int_string.rs`.
fn int_string(field: &Field) -> bool {
    matches!(field.ty, Type::I64String | Type::U64String)
}
