//! Query parameters → an operation's query struct: each field's type and how it is
//! written (`QueryStyle`: `form`, `deepObject`, or JSON text).

use super::Lowerer;
use super::docs::{docs, sanitize};
use super::operation::pick_media;
use super::schema::enum_members;
use crate::ir::{Query, QueryField, QueryStyle, Type, TypeKind};
use crate::load::spec::{Parameter, Schema};
use crate::naming::{self, Claim, Namespace};
use crate::pointer::At;
use heck::ToUpperCamelCase;

impl<'a> Lowerer<'a> {
    pub(super) fn query(&mut self, base: &str, parameters: &[(&'a Parameter, At)]) -> Query {
        let type_name = self.type_names.claim(&format!("{base}Query"));
        let query: Vec<&(&'a Parameter, At)> = parameters.iter().filter(|(p, _)| p.location == "query").collect();
        let claims: Vec<Claim> =
            query.iter().map(|(p, _)| Claim::new(naming::snake_name(&p.name), p.name.as_str())).collect();
        let field_names = Namespace::default().settle(&claims);
        let mut fields = Vec::new();
        for ((parameter, at), name) in query.into_iter().zip(field_names) {
            let hint = format!("{type_name}{}", parameter.name.to_upper_camel_case());
            let mut notes = Vec::new();
            if naming::unraw(&name) != parameter.name {
                notes.push(format!("Sent as `{}`.", parameter.name.replace('`', "'")));
            }
            // `content:` instead of `schema:`: the value in that media type (JSON: its text).
            let (schema, schema_at, json) = match (&parameter.schema, pick_media(&parameter.content)) {
                (Some(schema), _) => (Some(&**schema), at.join("schema"), false),
                (None, Some((media_type, media))) => {
                    let media_at = at.join("content").join(media_type).join("schema");
                    (media.schema.as_deref(), media_at, media_type.contains("json"))
                }
                (None, None) => (None, at.join("schema"), false),
            };
            let ty = match schema {
                // A query string holds text: a union of scalars is sent as given. Unions with
                // an object or list member are typed, and written by the query rule.
                Some(schema)
                    if !json
                        && (!schema.one_of().is_empty() || !schema.any_of().is_empty())
                        && enum_members(schema).is_none()
                        && schema.one_of().iter().chain(schema.any_of()).all(is_scalar_schema)
                        && parameter.style.as_deref() != Some("deepObject") =>
                {
                    notes.push("The spec allows several shapes here; this client sends the text as given.".to_owned());
                    Type::String
                }
                Some(schema) => self.type_of(schema, &hint, &schema_at),
                None if json => Type::Json,
                None => Type::String,
            };
            let ty = match ty {
                Type::I64String => Type::I64,
                Type::U64String => Type::U64,
                ty => ty,
            };
            let (ty, style) = if json { (ty, QueryStyle::Json) } else { self.query_value(ty, parameter, at) };
            let mut field_docs = docs(None, parameter.description.as_deref());
            for note in notes {
                if !field_docs.is_empty() {
                    field_docs.push(String::new());
                }
                field_docs.extend(sanitize(&note));
            }
            fields.push(QueryField {
                name,
                wire: parameter.name.clone(),
                ty,
                required: parameter.required,
                docs: field_docs,
                style,
            });
        }
        Query { arg: "query".to_owned(), type_name, fields }
    }

    /// The type as a query value and how it is written: a scalar or enum (sent with
    /// `Display`), a list of them (a repeated key, or comma-separated), an object or map
    /// (`form` or `deepObject`, serialized through its JSON form), and anything else by the
    /// style the spec gives, or as JSON text. Aliases resolve to their target.
    fn query_value(&mut self, ty: Type, parameter: &Parameter, at: &At) -> (Type, QueryStyle) {
        let style = parameter.style.as_deref().unwrap_or("form");
        // OpenAPI: `explode` defaults to true for `form` only.
        let explode = parameter.explode.unwrap_or(style == "form");
        if !matches!(style, "form" | "deepObject" | "spaceDelimited" | "pipeDelimited") {
            let message = format!("query style `{style}` of `{}` is not supported yet", parameter.name);
            let hint = "use form (the default), spaceDelimited, pipeDelimited or deepObject";
            self.problem(&at.join("style"), message, Some(hint.to_owned()));
        }
        if let Some(delimited) = self.delimited(style, explode, &ty, parameter, at) {
            return delimited;
        }
        let explode = parameter.explode.unwrap_or(true);
        let object_style = match (style, explode) {
            ("deepObject", _) => QueryStyle::DeepObject,
            (_, true) => QueryStyle::FormObject,
            (_, false) => QueryStyle::FormObjectFlat,
        };
        let list_style = if explode { QueryStyle::Form } else { QueryStyle::FormFlat };
        // What `form` does not define (lists of objects, unions with an object member,
        // free-form JSON) is written as a deepObject when the spec says so, else as JSON text.
        let given_style = parameter.style.is_some() || parameter.explode.is_some();
        match self.resolve_alias(&ty) {
            Type::List(item) if self.is_query_scalar(&item) => (Type::List(item), list_style),
            scalar if self.is_query_scalar(&scalar) => (scalar, QueryStyle::Form),
            // Objects and maps keep their type: the query struct holds the model itself.
            object if self.is_query_object(&object) => (ty, object_style),
            Type::List(_) if style == "deepObject" => (ty, QueryStyle::DeepObject),
            Type::List(_) => (ty, QueryStyle::Json),
            // A union of objects and scalars (Stripe's `created`: a range or a timestamp).
            union if self.is_union(&union) && given_style => (ty, object_style),
            Type::Json if given_style => (Type::Json, object_style),
            union if self.is_union(&union) => (ty, QueryStyle::Json),
            Type::Json => (Type::Json, QueryStyle::Json),
            other => {
                let message = format!(
                    "query parameter `{}` is {} and is not supported yet",
                    parameter.name,
                    self.describe(&other)
                );
                self.problem(
                    &at.join("schema"),
                    message,
                    Some("use a scalar, an enum, an array, an object, a map or a union".to_owned()),
                );
                (Type::String, QueryStyle::Form)
            }
        }
    }

    /// `spaceDelimited` and `pipeDelimited`, which OpenAPI defines for arrays: a list of
    /// scalars joined by a space or a pipe (exploded, a repeated key, as `form` writes it);
    /// on anything else the style is read as `form`, with a warning.
    fn delimited(
        &mut self,
        style: &str,
        explode: bool,
        ty: &Type,
        parameter: &Parameter,
        at: &At,
    ) -> Option<(Type, QueryStyle)> {
        let joined = match style {
            "spaceDelimited" => QueryStyle::SpaceDelimited,
            "pipeDelimited" => QueryStyle::PipeDelimited,
            _ => return None,
        };
        match self.resolve_alias(ty) {
            Type::List(item) if self.is_query_scalar(&item) => {
                Some((Type::List(item), if explode { QueryStyle::Form } else { joined }))
            }
            _ => {
                let message = format!("query style `{style}` of `{}` is for arrays; sent as `form`", parameter.name);
                self.warn(&at.join("style"), message, None);
                None
            }
        }
    }

    fn is_union(&self, ty: &Type) -> bool {
        let Type::Named(name) = ty else { return false };
        matches!(self.type_def(name).map(|def| &def.kind), Some(TypeKind::Union { .. }))
    }

    /// Structs and maps: written property by property.
    fn is_query_object(&self, ty: &Type) -> bool {
        match ty {
            Type::Map(_) => true,
            Type::Named(name) => matches!(self.type_def(name).map(|def| &def.kind), Some(TypeKind::Struct(_))),
            _ => false,
        }
    }

    /// Scalars, string enums, and untagged unions of scalars (marked to implement `Display`).
    fn is_query_scalar(&mut self, ty: &Type) -> bool {
        match self.resolve_alias(ty) {
            Type::Named(name) => self.displayable(&name, 0),
            Type::Json | Type::Map(_) | Type::List(_) | Type::Unit | Type::Bytes => false,
            _ => true,
        }
    }

    fn displayable(&mut self, name: &str, depth: usize) -> bool {
        let Some(&index) = self.type_index.get(name) else { return false };
        let variants: Vec<Type> = match &self.types[index].kind {
            TypeKind::Enum { .. } | TypeKind::IntEnum { .. } => return true,
            TypeKind::Union { tag: None, variants, .. } if depth < 8 => {
                variants.iter().map(|variant| variant.ty.clone()).collect()
            }
            _ => return false,
        };
        let all = variants.iter().all(|ty| match self.resolve_alias(ty) {
            Type::Named(inner) => self.displayable(&inner, depth + 1),
            // chrono's Display is not RFC 3339; lists and maps have none.
            Type::DateTime | Type::Json | Type::Map(_) | Type::List(_) | Type::Unit | Type::Bytes => false,
            _ => true,
        });
        if let TypeKind::Union { display, .. } = &mut self.types[index].kind {
            *display = all;
        }
        all
    }

    /// A type in a maintainer's words, for diagnostics.
    fn describe(&self, ty: &Type) -> &'static str {
        match ty {
            Type::List(_) => "a list of lists or objects",
            Type::Map(_) => "a map",
            Type::Json => "free-form JSON",
            Type::Bytes => "binary",
            Type::Named(name) => match self.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(_)) => "an object",
                Some(TypeKind::Union { .. }) => "a union with non-scalar members",
                _ => "a composite type",
            },
            _ => "a scalar",
        }
    }

    fn resolve_alias(&self, ty: &Type) -> Type {
        let mut ty = ty.clone();
        for _ in 0..16 {
            let Type::Named(name) = &ty else { break };
            match self.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target.clone(),
                _ => break,
            }
        }
        ty
    }
}

/// A union member that is text in a query: a primitive type, or an enum of them.
fn is_scalar_schema(schema: &Schema) -> bool {
    let scalar = |name: &String| matches!(name.as_str(), "string" | "integer" | "number" | "boolean" | "null");
    schema.reference.is_none()
        && schema.properties.is_none()
        && schema.one_of().is_empty()
        && schema.any_of().is_empty()
        && schema.all_of().is_empty()
        && schema.types.as_ref().is_some_and(|types| types.names().iter().all(scalar))
}
