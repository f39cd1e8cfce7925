//! Schemas → types: structs, enums, unions, aliases and the primitive mapping.

use super::Lowerer;
use super::docs::{docs, named_docs, sanitize};
use crate::ir::{EnumVariant, Field, IntVariant, Struct, Type, TypeDef, TypeKind, UnionVariant};
use crate::load::Json;
use crate::load::spec::{AdditionalProperties, Schema};
use crate::naming::{self, Namespace};
use crate::pointer::{self, At};
use crate::{suggest, words};
use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// The properties of an object and of every `allOf` member merged into it.
#[derive(Default)]
struct Merged<'a> {
    properties: Vec<(String, &'a Schema, At)>,
    seen: BTreeSet<&'a str>,
    required: BTreeSet<String>,
    extra: Option<Type>,
    /// The name of the extra values' type when it is inline: `<Object>ExtraValue`, so that
    /// two objects' do not want one name.
    extra_hint: String,
    /// Components already merged into this object.
    expanded: BTreeSet<&'a str>,
}

/// What a schema becomes in Rust.
enum Shape {
    Ref,
    Struct,
    Enum,
    Union,
    Primitive,
}

/// `allOf: [X]` with nothing beside it is X (specs wrap `$ref`s to add a description).
fn effective(schema: &Schema) -> &Schema {
    let bare = schema.properties.is_none()
        && schema.one_of().is_empty()
        && schema.any_of().is_empty()
        && schema.enum_values().is_none();
    match schema.all_of() {
        [only] if bare => effective(only),
        _ => schema,
    }
}

fn shape(schema: &Schema) -> Shape {
    if schema.reference.is_some() {
        Shape::Ref
    } else if enum_members(schema).is_some() {
        Shape::Enum
    } else if !schema.one_of().is_empty() || !schema.any_of().is_empty() {
        Shape::Union
    } else if string_enum(schema).is_some() {
        Shape::Enum
    } else if schema.all_of().len() > 1 || schema.properties.as_ref().is_some_and(|properties| !properties.0.is_empty())
    {
        Shape::Struct
    } else {
        Shape::Primitive
    }
}

/// The values of a string enum (`null` dropped), if the schema is one. An enum that mixes
/// strings with numbers or booleans is one too: its numbers and booleans, like any value it
/// does not list, decode as the enum's unknown value, kept as sent.
fn string_enum(schema: &Schema) -> Option<Vec<&str>> {
    let values = schema.enum_values()?;
    let strings: Vec<&str> = values.iter().filter_map(Json::as_str).collect();
    let scalars = enum_kinds(schema).iter().all(|kind| matches!(*kind, "string" | "number" | "boolean"));
    (!strings.is_empty() && scalars).then_some(strings)
}

/// The JSON types of an enum's values, `null` aside.
fn enum_kinds(schema: &Schema) -> BTreeSet<&'static str> {
    let values = schema.enum_values().unwrap_or_default();
    values
        .iter()
        .filter_map(|value| match value {
            Json::Null => None,
            Json::Bool(_) => Some("boolean"),
            Json::Int(_) | Json::UInt(_) | Json::Float(_) => Some("number"),
            Json::String(_) => Some("string"),
            Json::Array(_) => Some("array"),
            Json::Object(_) => Some("object"),
        })
        .collect()
}

/// One value of an enum written as oneOf/anyOf members, with the member's title (its
/// variant's name) and description (its docs).
pub(super) struct Member<'s> {
    value: Value<'s>,
    title: Option<&'s str>,
    description: Option<&'s str>,
}

#[derive(Clone, Copy, PartialEq)]
enum Value<'s> {
    String(&'s str),
    Integer(i64),
}

impl Value<'_> {
    fn of(json: &Json) -> Option<Value<'_>> {
        match json {
            Json::String(text) => Some(Value::String(text)),
            Json::Int(number) => Some(Value::Integer(*number)),
            Json::UInt(number) => i64::try_from(*number).ok().map(Value::Integer),
            _ => None,
        }
    }
}

/// The members of a oneOf/anyOf that is an enum: every member is a `const` (JSON Schema
/// 2020-12, usually titled) or an `enum` (dropshot documents each value as its own
/// single-valued member), all strings or all integers.
pub(super) fn enum_members(schema: &Schema) -> Option<Vec<Member<'_>>> {
    let mut members = schema.one_of().iter().chain(schema.any_of()).filter(|member| !is_null(member)).peekable();
    members.peek()?;
    let mut values = Vec::new();
    for member in members {
        let member = effective(member);
        if member.reference.is_some() || member.properties.is_some() {
            return None;
        }
        let own: Vec<Value<'_>> = match (member.const_value(), member.enum_values()) {
            (Some(value), _) => vec![Value::of(value)?],
            (None, Some(list)) => {
                list.iter().filter(|value| **value != Json::Null).map(Value::of).collect::<Option<_>>()?
            }
            (None, None) => return None,
        };
        // A title or description names one value, not several.
        let single = own.len() == 1;
        let title = member.title().filter(|_| single);
        let description = member.description.as_deref().filter(|_| single);
        values.extend(own.into_iter().map(|value| Member { value, title, description }));
    }
    let integers = values.iter().filter(|member| matches!(member.value, Value::Integer(_))).count();
    (integers == 0 || integers == values.len()).then_some(values)
}

/// `nullable: true`, a 3.1 `type: [T, "null"]`, or a oneOf with a `null` branch.
pub(super) fn nullable(schema: &Schema) -> bool {
    let schema = effective(schema);
    schema.nullable
        || schema.types.as_ref().is_some_and(|types| types.names().iter().any(|name| name == "null"))
        || schema.one_of().iter().chain(schema.any_of()).any(is_null)
}

fn is_null(schema: &Schema) -> bool {
    schema.types.as_ref().is_some_and(|types| types.names() == ["null"])
}

/// The int64-as-string codec applies to struct fields only; an `int64` in a list, a map, a
/// body or a response travels as a plain string.
pub(super) fn degrade(ty: Type) -> Type {
    match ty {
        Type::I64String | Type::U64String => Type::String,
        ty => ty,
    }
}

impl<'a> Lowerer<'a> {
    /// Defines the type of the component schema `name`.
    pub(super) fn component(&mut self, name: &str, schema: &'a Schema) {
        let Some(located) = self.spec.schemas.get(name) else {
            return;
        };
        let at = At::component(located.file, "schemas", name);
        let rust_name = self.component_names[name].clone();
        let target = effective(schema);
        if let Some(cycle) = self.ref_cycle(name) {
            let message = format!("$ref cycle with no type in it: {}", cycle.join(" → "));
            self.problem(&at, message, Some("one schema of the cycle must define a type".to_owned()));
            return;
        }
        self.check_enum(target, &at);
        let kind = match shape(target) {
            Shape::Struct => self.struct_kind(&rust_name, target, &at),
            Shape::Enum => self.enum_kind(&rust_name, target),
            Shape::Union => self.union_kind(&rust_name, target, &at),
            Shape::Ref | Shape::Primitive => TypeKind::Alias(self.primitive_or_ref(&rust_name, target, &at)),
        };
        self.push_type(rust_name.clone(), schema, kind);
        self.schema_example(name, schema, &Type::Named(rust_name), &at);
    }

    /// The names around a cycle of components that are only `$ref`s to each other.
    fn ref_cycle(&self, start: &str) -> Option<Vec<String>> {
        let mut chain = vec![start.to_owned()];
        let mut current = start;
        loop {
            let reference = effective(&self.spec.schemas.get(current)?.value).reference.as_deref()?;
            let next = pointer::component_name(reference, "schemas")?;
            let (next, _) = self.spec.schemas.get_key_value(&*next)?;
            chain.push(next.clone());
            if next == start {
                return Some(chain);
            }
            if chain[..chain.len() - 1].contains(next) {
                return None; // A cycle further on, reported at its own members.
            }
            current = next;
        }
    }

    /// Enum values of more than one JSON type (besides `null`) are kept, with a warning that
    /// says how: a string enum that keeps the others as unknown values, or any JSON value.
    fn check_enum(&mut self, schema: &Schema, at: &At) {
        let kinds = enum_kinds(schema);
        if kinds.len() > 1 {
            let how = if string_enum(schema).is_some() {
                "generated as a string enum of its strings; its other values decode as unknown values, kept as sent"
            } else {
                "generated as any JSON value"
            };
            let kinds: Vec<&str> = kinds.into_iter().collect();
            self.warn(&at.join("enum"), format!("enum mixes value types: {}; {how}", kinds.join(", ")), None);
        }
    }

    fn push_type(&mut self, name: String, schema: &Schema, kind: TypeKind) {
        let title = schema.title().map(|title| own_name(&name, title));
        let description = schema.description.as_deref().map(|description| own_name(&name, description));
        self.define(TypeDef {
            docs: named_docs(&name, title.as_deref(), description.as_deref()),
            name,
            deprecated: schema.deprecated,
            kind,
            message_field: None,
            is_error_body: false,
        });
    }

    /// The Rust type of `schema`; inline objects, enums and unions become types named `hint`.
    pub(super) fn type_of(&mut self, schema: &'a Schema, hint: &str, at: &At) -> Type {
        let target = effective(schema);
        self.check_enum(target, at);
        let shape = shape(target);
        if let Shape::Ref | Shape::Primitive = shape {
            return self.primitive_or_ref(hint, target, at);
        }
        if let Shape::Union = shape {
            let variants: Vec<&Schema> =
                target.one_of().iter().chain(target.any_of()).filter(|v| !is_null(v)).collect();
            if let [only] = variants.as_slice() {
                return self.type_of(only, hint, at);
            }
        }
        // An inline schema reached again while it is being defined (an inline `allOf` that
        // includes its own component) is the type being defined: a cycle, boxed later.
        if let Some((_, name)) = self.in_progress.iter().find(|(schema, _)| std::ptr::eq(*schema, target)) {
            return Type::Named(name.clone());
        }
        // Hints join names derived from spec text; they pass through naming like every type name.
        let name = self.type_names.claim_or(&naming::type_name(hint), || pointer_type_name(at));
        self.in_progress.push((target, name.clone()));
        let kind = match shape {
            Shape::Enum => self.enum_kind(&name, target),
            Shape::Union => self.union_kind(&name, target, at),
            _ => self.struct_kind(&name, target, at),
        };
        self.in_progress.pop();
        self.push_type(name.clone(), schema, kind);
        Type::Named(name)
    }

    fn primitive_or_ref(&mut self, hint: &str, schema: &'a Schema, at: &At) -> Type {
        if let Some(reference) = &schema.reference {
            let spec = self.spec;
            return match self.resolve(reference, "schemas", &spec.schemas, &at.join("$ref")) {
                Some((name, _)) => Type::Named(self.component_names[name].clone()),
                None => Type::Json,
            };
        }
        if enum_kinds(schema).len() > 1 {
            return Type::Json;
        }
        let types: Vec<&str> = schema.types.as_ref().map_or_else(Vec::new, |types| {
            types.names().iter().map(String::as_str).filter(|name| *name != "null").collect()
        });
        let ty = match types.as_slice() {
            [] if schema.items.is_some() => "array",
            [] if schema.additional_properties().is_some() => "object",
            [] => return Type::Json,
            [one] => one,
            _ => return Type::Json,
        };
        let format = schema.format.as_deref().unwrap_or_default();
        if !format.is_empty() && !known_format(ty, format) {
            let message = format!("unknown format `{format}` for type {ty}; generated as its plain type");
            self.warn(&at.join("format"), message, None);
        }
        match ty {
            "string" => match format {
                "date-time" => Type::DateTime,
                "date" => Type::Date,
                "int64" => Type::I64String,
                "uint64" => Type::U64String,
                _ => Type::String,
            },
            "integer" => match format {
                "int32" => Type::I32,
                "uint32" => Type::U32,
                "uint64" | "uint" => Type::U64,
                _ => Type::I64,
            },
            "number" => match format {
                "float" => Type::F32,
                _ => Type::F64,
            },
            "boolean" => Type::Bool,
            "array" => match &schema.items {
                Some(items) => Type::List(Box::new(degrade(self.type_of(items, &item_hint(hint), &at.join("items"))))),
                None => Type::List(Box::new(Type::Json)),
            },
            "object" => match schema.additional_properties() {
                Some(AdditionalProperties::Schema(values)) => {
                    let value_hint = format!("{hint}Value");
                    Type::Map(Box::new(degrade(self.type_of(values, &value_hint, &at.join("additionalProperties")))))
                }
                _ => Type::Json,
            },
            other => {
                self.problem(
                    &at.join("type"),
                    format!("unknown type `{other}`"),
                    Some("use string, integer, number, boolean, array or object".to_owned()),
                );
                Type::Json
            }
        }
    }

    fn struct_kind(&mut self, name: &str, schema: &'a Schema, at: &At) -> TypeKind {
        let mut merged = Merged { extra_hint: format!("{name}ExtraValue"), ..Merged::default() };
        self.collect_properties(schema, at.clone(), &mut merged, 0);
        let Merged { properties, required, extra, .. } = merged;
        let field_names = field_names(properties.iter().map(|(wire, ..)| wire.as_str()));
        for (_, property, property_at) in &properties {
            if let Some(resource) = property.field_mask_for()
                && !properties.iter().any(|(wire, ..)| wire == resource)
            {
                let names: Vec<String> = properties.iter().map(|(wire, ..)| wire.clone()).collect();
                let hint = suggest::closest(resource, names.iter()).map(|close| format!("did you mean '{close}'?"));
                let message = format!("x-field-mask-for names `{resource}`, which is not a property of this object");
                self.problem(&property_at.join("x-field-mask-for"), message, hint);
            }
        }
        let mut fields = Vec::new();
        for ((wire, property, property_at), field_name) in properties.into_iter().zip(field_names) {
            let hint = format!("{name}{}", wire.to_upper_camel_case());
            let ty = self.type_of(property, &hint, &property_at);
            let is_required = required.contains(&wire);
            let optional = !is_required || nullable(property) || property.read_only || property.write_only;
            fields.push(Field {
                name: field_name,
                wire,
                ty,
                optional,
                required: is_required && !property.read_only && !property.write_only,
                boxed: false,
                docs: field_docs(property),
                deprecated: property.deprecated,
                mask_for: property.field_mask_for().map(str::to_owned),
            });
        }
        let default = fields.iter().all(|field| field.optional);
        TypeKind::Struct(Struct { fields, extra, default, input: false, update_mask: None })
    }

    /// Properties of an object, with those of every `allOf` member merged in order.
    fn collect_properties(&mut self, schema: &'a Schema, at: At, merged: &mut Merged<'a>, depth: usize) {
        if depth > 32 {
            self.problem(&at, "allOf nesting is too deep", None);
            return;
        }
        let spec = self.spec;
        if let Some(reference) = &schema.reference {
            if let Some((name, located)) = self.resolve(reference, "schemas", &spec.schemas, &at.join("$ref")) {
                // Each component merges once: a diamond or a cycle of allOfs stays linear.
                if merged.expanded.insert(name) {
                    let target_at = At::component(located.file, "schemas", name);
                    self.collect_properties(&located.value, target_at, merged, depth + 1);
                }
            }
            return;
        }
        for (index, member) in schema.all_of().iter().enumerate() {
            self.collect_properties(member, at.join("allOf").join(&index.to_string()), merged, depth + 1);
        }
        if let Some(own) = &schema.properties {
            for (wire, property) in &own.0 {
                // A `false` property admits no value: a field could only ever be `None`.
                if property.boolean == Some(false) {
                    merged.seen.insert(wire.as_str());
                    continue;
                }
                if merged.seen.insert(wire.as_str()) {
                    merged.properties.push((wire.clone(), property, at.join("properties").join(wire)));
                }
            }
        }
        merged.required.extend(schema.required.iter().cloned());
        match schema.additional_properties() {
            Some(AdditionalProperties::Schema(values)) if merged.extra.is_none() => {
                let hint = std::mem::take(&mut merged.extra_hint);
                let ty = degrade(self.type_of(values, &hint, &at.join("additionalProperties")));
                merged.extra = Some(ty);
            }
            Some(AdditionalProperties::Allowed(true)) if merged.extra.is_none() => merged.extra = Some(Type::Json),
            _ => {}
        }
    }

    fn enum_kind(&mut self, name: &str, schema: &Schema) -> TypeKind {
        let mut members = match string_enum(schema) {
            Some(values) => values
                .into_iter()
                .map(|value| Member { value: Value::String(value), title: None, description: None })
                .collect(),
            None => enum_members(schema).unwrap_or_default(),
        };
        let mut seen = Vec::new();
        members.retain(|member| {
            let first = !seen.contains(&member.value);
            seen.push(member.value);
            first
        });
        // Titles name the variants; an untitled string is its own name, an integer `V<n>`.
        let labels: Vec<String> = members
            .iter()
            .map(|member| match (member.title, member.value) {
                (Some(title), _) | (None, Value::String(title)) => title.to_owned(),
                (None, Value::Integer(number)) => number.to_string(),
            })
            .collect();
        let prefix = shared_prefix(name, &labels.iter().map(String::as_str).collect::<Vec<_>>());
        let claims: Vec<naming::Claim> = labels
            .iter()
            .map(|label| {
                let spelling = &label[prefix.len()..];
                naming::Claim::new(variant_wanted(&naming::variant_name(spelling)), spelling)
            })
            .collect();
        let names = fallback_namespace().settle(&claims);
        let fallback = FALLBACK.to_owned();
        let integer = members.iter().any(|member| matches!(member.value, Value::Integer(_)));
        let variants = members.iter().zip(names);
        if integer {
            let variants = variants
                .filter_map(|(member, name)| match member.value {
                    Value::Integer(value) => Some(IntVariant { name, value, docs: docs(None, member.description) }),
                    Value::String(_) => None,
                })
                .collect();
            return TypeKind::IntEnum { variants, fallback };
        }
        let variants = variants
            .map(|(member, name)| {
                let wire = match member.value {
                    Value::String(text) => text.to_owned(),
                    Value::Integer(number) => number.to_string(),
                };
                EnumVariant { name, wire, docs: docs(None, member.description) }
            })
            .collect();
        TypeKind::Enum { variants, fallback }
    }

    fn union_kind(&mut self, name: &str, schema: &'a Schema, at: &At) -> TypeKind {
        let keyword = if schema.one_of().is_empty() { "anyOf" } else { "oneOf" };
        let members: Vec<(usize, &Schema)> =
            schema.one_of().iter().chain(schema.any_of()).enumerate().filter(|(_, member)| !is_null(member)).collect();
        let tags: Option<Vec<(String, String, Option<&Schema>)>> =
            members.iter().map(|(_, member)| tagged_member(member)).collect();
        let tag = tags.as_ref().and_then(|tags| {
            let first = &tags.first()?.0;
            tags.iter().all(|(property, ..)| property == first).then(|| first.clone())
        });
        let discriminator = if tag.is_some() { None } else { discriminator_values(schema, &members) };
        let mut names = fallback_namespace();
        let mut variants = Vec::new();
        let mut seen_tags = BTreeSet::new();
        for (position, (index, member)) in members.iter().enumerate() {
            let member_at = at.join(keyword).join(&index.to_string());
            let (tag_value, payload) = match (&tag, &tags, &discriminator) {
                (Some(_), Some(tags), _) => (Some(tags[position].1.clone()), tags[position].2),
                (_, _, Some((_, values))) => (Some(values[position].clone()), Some(*member)),
                _ => (None, Some(*member)),
            };
            // A tag value listed twice can only ever select the first variant.
            if tag_value.as_ref().is_some_and(|value| !seen_tags.insert(value.clone())) {
                continue;
            }
            let variant_name = claim_variant(&mut names, &self.variant_label(payload, tag_value.as_deref(), position));
            let ty = match payload {
                Some(payload) => self.type_of(payload, &format!("{name}{variant_name}"), &member_at),
                None => Type::Json,
            };
            let docs = named_docs(&variant_name, member.title(), member.description.as_deref());
            variants.push(UnionVariant { name: variant_name, tag_value, ty, boxed: false, docs });
        }
        let discriminator = discriminator.map(|(property, _)| property);
        TypeKind::Union { tag, discriminator, variants, fallback: FALLBACK.to_owned(), display: false }
    }

    /// A variant's name: its referenced type, its tag, its title, or its shape.
    fn variant_label(&self, payload: Option<&Schema>, tag_value: Option<&str>, position: usize) -> String {
        let payload = payload.map(effective);
        let reference = payload.and_then(|payload| payload.reference.as_deref());
        if let Some(name) = reference.and_then(|reference| pointer::component_name(reference, "schemas")) {
            if let Some(rust_name) = self.component_names.get(&*name) {
                return rust_name.clone();
            }
        }
        if let Some(tag) = tag_value {
            return naming::variant_name(tag.rsplit(['.', '/']).next().unwrap_or(tag));
        }
        if let Some(title) = payload.and_then(|payload| payload.title()) {
            return naming::variant_name(title);
        }
        let primitive =
            payload.and_then(|payload| payload.types.as_ref()).and_then(|types| types.names().first().cloned());
        match primitive.as_deref() {
            Some("string") => "String".to_owned(),
            Some("integer") => "Integer".to_owned(),
            Some("number") => "Number".to_owned(),
            Some("boolean") => "Boolean".to_owned(),
            Some("array") => "List".to_owned(),
            _ => format!("Variant{}", position + 1),
        }
    }
}

/// For a `discriminator` over `$ref` members: the property and each member's value, from
/// `mapping` or else the referenced schema's name.
fn discriminator_values(schema: &Schema, members: &[(usize, &Schema)]) -> Option<(String, Vec<String>)> {
    let discriminator = schema.discriminator().filter(|d| !d.property_name.is_empty() && !members.is_empty())?;
    let values = members
        .iter()
        .map(|(_, member)| {
            let reference = effective(member).reference.as_deref()?;
            let mapped = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference || reference.rsplit('/').next() == Some(target.as_str()));
            Some(match mapped {
                Some((value, _)) => value.clone(),
                None => reference.rsplit('/').next().unwrap_or(reference).to_owned(),
            })
        })
        .collect::<Option<Vec<String>>>()?;
    Some((discriminator.property_name.clone(), values))
}

/// A property's docs, with the spec's `default` (the server's value when the field is left out).
fn field_docs(property: &Schema) -> Vec<String> {
    let mut lines = docs(property.title(), property.description.as_deref());
    if let Some(default) = property.default_value() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(&format!("Defaults to `{}` when left out.", default.to_json_string().replace('`', "'"))));
    }
    lines
}

/// Field names in property order, settled by what each property is called
/// ([`Namespace::settle`]): `type` keeps `r#type` and `@type` becomes `type_2`, whatever the order.
fn field_names<'w>(wires: impl Iterator<Item = &'w str>) -> Vec<String> {
    let claims: Vec<naming::Claim> = wires.map(|wire| naming::Claim::new(naming::snake_name(wire), wire)).collect();
    Namespace::default().settle(&claims)
}

/// Formats with a meaning the generator knows (some only document a string).
fn known_format(ty: &str, format: &str) -> bool {
    const STRING: &[&str] = &[
        "date-time",
        "date",
        "time",
        "duration",
        "int32",
        "int64",
        "uint32",
        "uint64",
        "byte",
        "binary",
        "password",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "uri-template",
        "iri",
        "iri-reference",
        "url",
        "uuid",
        "json-pointer",
        "relative-json-pointer",
        "regex",
        "decimal",
        // Not in the registry, but common in real specs: documentation for a plain string.
        "ip",
        "cidr",
        "mac",
        "html",
        "markdown",
        "base64",
        "unixtime",
        "unix-time",
        "timestamp",
    ];
    match ty {
        "string" => STRING.contains(&format),
        "integer" => {
            matches!(
                format,
                "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" | "int" | "uint"
            ) || is_unix_time(format)
        }
        "number" => matches!(format, "float" | "double" | "decimal" | "int32" | "int64"),
        _ => true,
    }
}

/// Seconds since the Unix epoch, as Stripe (`unixtime`) and others spell it: an `i64`.
fn is_unix_time(format: &str) -> bool {
    matches!(format, "unixtime" | "unix-time" | "timestamp")
}

/// A synthesised type's name from the words of its place, for when its hint is taken:
/// `/components/schemas/User/properties/invite` → `UserPropertiesInvite`.
fn pointer_type_name(at: &At) -> String {
    let segments: Vec<std::borrow::Cow<'_, str>> = at.pointer.split('/').skip(1).map(pointer::unescape).collect();
    let words = match segments.as_slice() {
        [first, _, rest @ ..] if first == "components" => rest,
        [first, rest @ ..] if first == "paths" => rest,
        all => all,
    };
    naming::type_name(&words.join(" "))
}

fn item_hint(hint: &str) -> String {
    let words = words::singular(hint).unwrap_or_else(|| format!("{hint}Item"));
    if words == hint { format!("{hint}Item") } else { words }
}

/// `text` with a first word that names the type by another name of the same stem (the
/// message a tool renamed: `UpdateUserInviteRequest is …` above `UpdateUserInviteBody`)
/// naming it `name`, as the crate does.
fn own_name(name: &str, text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or_default();
    let stem = |word: &str| {
        let last = word.rfind(|c: char| c.is_ascii_uppercase()).filter(|&at| at > 0)?;
        word[last..]
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .then(|| word[..last].to_owned())
    };
    let identifier = !first.is_empty() && first.chars().all(|c| c.is_ascii_alphanumeric());
    match (stem(first), stem(name)) {
        (Some(old), Some(new)) if identifier && first != name && old == new => text.replacen(first, name, 1),
        _ => text.to_owned(),
    }
}

/// The variant of every enum and union that keeps what this version does not know: always
/// the same name, so users match one word in every type.
const FALLBACK: &str = "Unknown";

/// The variant names of one enum, with [`FALLBACK`] taken before the spec's.
fn fallback_namespace() -> Namespace {
    let mut names = Namespace::default();
    names.claim(FALLBACK);
    names
}

/// A variant's name: a real value called Unknown (gRPC's `UNKNOWN` code) becomes
/// `UnknownValue`, as smithy-rs renames it, since the fallback holds `Unknown`.
fn claim_variant(names: &mut Namespace, wanted: &str) -> String {
    names.claim(variant_wanted(wanted))
}

fn variant_wanted(wanted: &str) -> &str {
    if wanted == FALLBACK { "UnknownValue" } else { wanted }
}

/// The `SCOPE_RESOURCE_TYPE_` of `ScopeResourceType`: the longest tail of the type's name,
/// in SHOUTY_CASE, that every value starts with and that leaves a name for each.
fn shared_prefix(type_name: &str, values: &[&str]) -> String {
    let shouty = type_name.to_shouty_snake_case();
    let words: Vec<&str> = shouty.split('_').collect();
    for start in 0..words.len() {
        let prefix = format!("{}_", words[start..].join("_"));
        let fits = |value: &&str| {
            value.strip_prefix(prefix.as_str()).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        };
        if values.iter().all(fits) {
            return prefix;
        }
    }
    String::new()
}

/// A union member tagged by a single-valued enum property, as protobuf `Any` unions are:
/// `allOf: [{properties: {'@type': {enum: [X]}}}, {$ref: Payload}]`. Returns the property,
/// its value and the payload.
fn tagged_member(member: &Schema) -> Option<(String, String, Option<&Schema>)> {
    let member = effective(member);
    let parts: Vec<&Schema> = if member.all_of().is_empty() { vec![member] } else { member.all_of().iter().collect() };
    let mut tag = None;
    let mut payloads = Vec::new();
    for part in parts {
        match single_value_property(part) {
            Some(found) if tag.is_none() => tag = Some(found),
            _ => payloads.push(part),
        }
    }
    let (property, value) = tag?;
    match payloads.as_slice() {
        [] => Some((property, value, None)),
        [payload] => Some((property, value, Some(*payload))),
        _ => None,
    }
}

fn single_value_property(schema: &Schema) -> Option<(String, String)> {
    let properties = &schema.properties.as_ref()?.0;
    let [(name, property)] = properties.as_slice() else {
        return None;
    };
    let value = match (property.enum_values(), property.const_value()) {
        (Some(values), _) if values.len() == 1 => values[0].as_str()?,
        (None, Some(value)) => value.as_str()?,
        _ => return None,
    };
    Some((name.clone(), value.to_owned()))
}

#[cfg(test)]
mod own_name_tests {
    use super::own_name;

    #[test]
    fn a_doc_naming_the_type_by_its_old_name_names_it_as_the_crate_does() {
        let title = "UpdateUserInviteRequest is the request of UpdateUserInvite";
        assert_eq!(own_name("UpdateUserInviteBody", title), "UpdateUserInviteBody is the request of UpdateUserInvite");
        for (name, text) in [
            ("UserInvite", "UserInvite is an invitation"),
            ("UserInvite", "Invitation of a user"),
            ("UpdateBody", "Update the body"),
            ("Status", "StatusCode of the call"),
        ] {
            assert_eq!(own_name(name, text), text, "{name}: {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn const_members_are_enums_of_one_json_type() {
        let integers = schema("oneOf: [{title: NORMAL, const: 0, description: In turn.}, {title: BURST, const: 1}]");
        let members = enum_members(&integers).expect("an integer enum");
        let read: Vec<_> = members.iter().map(|member| (member.title, member.description)).collect();
        assert_eq!(read, [(Some("NORMAL"), Some("In turn.")), (Some("BURST"), None)]);
        assert!(members.iter().all(|member| matches!(member.value, Value::Integer(_))));
        assert!(enum_members(&schema("anyOf: [{const: '-link'}, {enum: [link]}, {type: 'null'}]")).is_some());
        // Mixed types, and members that are not values, stay unions.
        assert!(enum_members(&schema("oneOf: [{const: 0}, {const: zero}]")).is_none());
        assert!(enum_members(&schema("oneOf: [{const: 0}, {type: integer}]")).is_none());
    }
}
