//! Typed OpenAPI documents, as deserialized from one spec file, and the [`Spec`] they
//! merge into.
//!
//! Only what the generator reads is modelled; unknown keys (`x-…`) are ignored.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

use super::json::{Json, Ordered};
use super::sorted::Sorted;
use crate::pointer::FileId;

/// A spec value and the file it was written in.
#[derive(Debug)]
pub struct Located<T> {
    pub file: FileId,
    pub value: T,
}

/// The whole API: every spec file merged. Names are unique across files.
#[derive(Debug, Default)]
pub struct Spec {
    /// The file holding `openapi:`, `info:` and `servers:`.
    pub root: FileId,
    pub openapi: String,
    pub info: Info,
    pub servers: Vec<Server>,
    pub paths: BTreeMap<String, Located<PathItem>>,
    /// Where each path's item was read from when the path `$ref`s it: two paths that reach
    /// one item hold its one set of operations.
    pub path_origins: BTreeMap<String, crate::pointer::At>,
    pub schemas: BTreeMap<String, Located<Schema>>,
    pub parameters: BTreeMap<String, Located<Parameter>>,
    pub request_bodies: BTreeMap<String, Located<RequestBody>>,
    pub responses: BTreeMap<String, Located<Response>>,
    pub security_schemes: BTreeMap<String, Located<SecurityScheme>>,
}

/// One file of the spec. Files are merged into one [`Spec`].
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Document {
    pub openapi: Option<String>,
    pub swagger: Option<String>,
    pub info: Option<Info>,
    pub servers: Vec<Server>,
    pub paths: BTreeMap<String, PathItem>,
    pub components: Components,
    #[serde(rename = "externalDocs")]
    pub external_docs: Option<ExternalDocs>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    pub title: String,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    pub version: String,
    pub license: Option<License>,
    pub contact: Option<Contact>,
    /// The root document's `externalDocs`, kept with the rest of its metadata.
    #[serde(skip)]
    pub external_docs: Option<ExternalDocs>,
}

/// `info.license`: `identifier` is an SPDX expression (OpenAPI 3.1); `name` is free text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct License {
    pub name: Option<String>,
    pub identifier: Option<String>,
    pub url: Option<String>,
}

/// `info.contact`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
}

/// `externalDocs`: where the API is documented.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExternalDocs {
    pub url: Option<String>,
}

/// What a description that is `{$ref: file.md}` holds until load reads the file (Redocly's
/// split specs write descriptions so): this prefix, then the reference. No YAML or JSON text
/// starts with a NUL. Every `description` load reads is deserialized by [`prose`].
pub(super) const PROSE_REF: &str = "\u{0}$ref:";

/// A description: a string, or a `$ref` to a Markdown or text file (kept as [`PROSE_REF`]
/// and the reference, for load to read relative to the file that holds it). A visitor, not a
/// `Value`, so that a wrong type is reported at the value itself.
fn prose<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(Prose)
}

struct Prose;

impl<'de> de::Visitor<'de> for Prose {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Some(text))
    }

    // A plain scalar YAML reads as a number or a boolean is text here, as it is for strings.
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Some(value.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(Prose)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut reference, mut others) = (None, false);
        while let Some(key) = map.next_key::<String>()? {
            if key == "$ref" && reference.is_none() {
                reference = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
                others = true;
            }
        }
        match reference {
            Some(reference) if !others => Ok(Some(format!("{PROSE_REF}{reference}"))),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &"a string, or a $ref to a Markdown file")),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    pub url: String,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    pub variables: Sorted<ServerVariable>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServerVariable {
    pub default: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Components {
    pub schemas: BTreeMap<String, Schema>,
    pub parameters: BTreeMap<String, Parameter>,
    pub request_bodies: BTreeMap<String, RequestBody>,
    pub responses: BTreeMap<String, Response>,
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// Only OAuth2's client-credentials flow is read: it is the one a client runs itself.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecurityScheme {
    #[serde(rename = "type")]
    pub kind: String,
    pub flows: OAuthFlows,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OAuthFlows {
    pub client_credentials: Option<OAuthFlow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OAuthFlow {
    pub token_url: String,
    /// `x-audience`: the `audience` form field token requests send (Auth0 and others).
    #[serde(rename = "x-audience")]
    pub audience: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PathItem {
    /// Resolved by load (the item is replaced by its target), like bundlers do.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub parameters: Vec<Parameter>,
    pub get: Option<Box<Operation>>,
    pub put: Option<Box<Operation>>,
    pub post: Option<Box<Operation>>,
    pub delete: Option<Box<Operation>>,
    pub options: Option<Box<Operation>>,
    pub head: Option<Box<Operation>>,
    pub patch: Option<Box<Operation>>,
    pub trace: Option<Box<Operation>>,
}

impl PathItem {
    /// The operations of this path, in a fixed method order, with their spec keys.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_deref().map(|operation| (method, operation)))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Operation {
    /// Resolved by load, like a path item's: not strict OpenAPI, but what large specs write.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    pub responses: Sorted<Response>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Parameter {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Option<Box<Schema>>,
    /// `form` (the query default), `deepObject`, …
    pub style: Option<String>,
    /// Defaults to true for `form`.
    pub explode: Option<bool>,
    /// Instead of `schema`: the value in a media type (`application/json`: sent as JSON text).
    pub content: Sorted<MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    pub required: bool,
    pub content: Sorted<MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(deserialize_with = "prose")]
    pub description: Option<String>,
    /// `None` when the key is absent; `Some` (maybe empty) when written, even as a bare
    /// `content:`: an empty one is a mistake to report, not "no body".
    #[serde(deserialize_with = "written_map")]
    pub content: Option<Sorted<MediaType>>,
}

/// A mapping whose key was present: `key:` with nothing after it is an empty mapping.
fn written_map<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Sorted<T>>, D::Error> {
    Ok(Some(Option::<Sorted<T>>::deserialize(deserializer)?.unwrap_or_default()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaType {
    /// Boxed: a `Schema` is large and most maps that hold media types have one entry.
    pub schema: Option<Box<Schema>>,
    pub example: Option<Json>,
    pub examples: Sorted<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Example {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub summary: Option<String>,
    pub value: Option<Json>,
}

/// A JSON Schema object, or a `$ref` to one; `true` and `false` (JSON Schema's boolean
/// schemas) are an empty schema with [`Schema::boolean`] set.
///
/// A large spec holds ~90,000 of these, most of them a `$ref` or a typed property: keywords
/// that few schemas write are kept in one box ([`Uncommon`]), read through methods.
#[derive(Debug, Default)]
pub struct Schema {
    /// `Some(true)` (any value) or `Some(false)` (no value) for a boolean schema.
    pub boolean: Option<bool>,
    pub reference: Option<String>,
    pub types: Option<SchemaType>,
    pub format: Option<String>,
    pub description: Option<String>,
    /// Boxed: inline, a property list took 48 bytes of every schema, and most have none.
    pub properties: Option<Box<Ordered<Schema>>>,
    pub required: Vec<String>,
    pub items: Option<Box<Schema>>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    uncommon: Option<Box<Uncommon>>,
}

/// The keywords of a [`Schema`] that most schemas do not write.
#[derive(Debug, Default)]
pub struct Uncommon {
    pub title: Option<String>,
    pub additional_properties: Option<AdditionalProperties>,
    pub all_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub discriminator: Option<Discriminator>,
    pub enum_values: Option<Vec<Json>>,
    pub const_value: Option<Json>,
    pub default: Option<Json>,
    pub example: Option<Json>,
    /// `x-field-mask-for: <property>`: this string property is the field mask of that
    /// sibling resource property (for masks not named `update_mask`).
    pub field_mask_for: Option<String>,
}

impl Uncommon {
    /// No keyword written. Destructured whole, so that a keyword added here must be
    /// counted here too (or the compiler says so), rather than dropped when it is alone.
    fn is_empty(&self) -> bool {
        let Uncommon {
            title,
            additional_properties,
            all_of,
            one_of,
            any_of,
            discriminator,
            enum_values,
            const_value,
            default,
            example,
            field_mask_for,
        } = self;
        title.is_none()
            && additional_properties.is_none()
            && all_of.is_empty()
            && one_of.is_empty()
            && any_of.is_empty()
            && discriminator.is_none()
            && enum_values.is_none()
            && const_value.is_none()
            && default.is_none()
            && example.is_none()
            && field_mask_for.is_none()
    }
}

impl Schema {
    pub fn title(&self) -> Option<&str> {
        self.uncommon.as_ref()?.title.as_deref()
    }
    pub fn additional_properties(&self) -> Option<&AdditionalProperties> {
        self.uncommon.as_ref()?.additional_properties.as_ref()
    }
    pub fn all_of(&self) -> &[Schema] {
        self.uncommon.as_ref().map_or(&[], |uncommon| &uncommon.all_of)
    }
    pub fn one_of(&self) -> &[Schema] {
        self.uncommon.as_ref().map_or(&[], |uncommon| &uncommon.one_of)
    }
    pub fn any_of(&self) -> &[Schema] {
        self.uncommon.as_ref().map_or(&[], |uncommon| &uncommon.any_of)
    }
    pub fn discriminator(&self) -> Option<&Discriminator> {
        self.uncommon.as_ref()?.discriminator.as_ref()
    }
    pub fn enum_values(&self) -> Option<&[Json]> {
        self.uncommon.as_ref()?.enum_values.as_deref()
    }
    pub fn const_value(&self) -> Option<&Json> {
        self.uncommon.as_ref()?.const_value.as_ref()
    }
    pub fn default_value(&self) -> Option<&Json> {
        self.uncommon.as_ref()?.default.as_ref()
    }
    pub fn example(&self) -> Option<&Json> {
        self.uncommon.as_ref()?.example.as_ref()
    }
    pub fn field_mask_for(&self) -> Option<&str> {
        self.uncommon.as_ref()?.field_mask_for.as_deref()
    }
    /// For load, which rewrites the `$ref`s inside.
    pub fn uncommon_mut(&mut self) -> Option<&mut Uncommon> {
        self.uncommon.as_deref_mut()
    }
}

/// A schema as written: every keyword the generator reads, before the uncommon ones are
/// boxed. Lives on the stack while one schema is read.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Written {
    #[serde(rename = "$ref")]
    reference: Option<String>,
    #[serde(rename = "type")]
    types: Option<SchemaType>,
    format: Option<String>,
    title: Option<String>,
    #[serde(deserialize_with = "prose")]
    description: Option<String>,
    properties: Option<Ordered<Schema>>,
    required: Vec<String>,
    items: Option<Box<Schema>>,
    additional_properties: Option<AdditionalProperties>,
    all_of: Vec<Schema>,
    one_of: Vec<Schema>,
    any_of: Vec<Schema>,
    discriminator: Option<Discriminator>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<Json>>,
    // Values are boxed: a schema is on the stack once per nesting level while it is read,
    // and deeply nested specs must reach serde_yaml's recursion limit first.
    #[serde(rename = "const")]
    const_value: Option<Box<Json>>,
    nullable: bool,
    read_only: bool,
    write_only: bool,
    deprecated: bool,
    default: Option<Box<Json>>,
    example: Option<Box<Json>>,
    #[serde(rename = "x-field-mask-for")]
    field_mask_for: Option<String>,
}

impl From<Written> for Schema {
    fn from(written: Written) -> Self {
        let uncommon = Uncommon {
            title: written.title,
            additional_properties: written.additional_properties,
            all_of: written.all_of,
            one_of: written.one_of,
            any_of: written.any_of,
            discriminator: written.discriminator,
            enum_values: written.enum_values,
            const_value: written.const_value.map(|value| *value),
            default: written.default.map(|value| *value),
            example: written.example.map(|value| *value),
            field_mask_for: written.field_mask_for,
        };
        Schema {
            boolean: None,
            reference: written.reference,
            types: written.types,
            format: written.format,
            description: written.description,
            properties: written.properties.map(Box::new),
            required: written.required,
            items: written.items,
            nullable: written.nullable,
            read_only: written.read_only,
            write_only: written.write_only,
            deprecated: written.deprecated,
            uncommon: (!uncommon.is_empty()).then(|| Box::new(uncommon)),
        }
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> Visitor<'de> for SchemaVisitor {
            type Value = Schema;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a schema (a mapping), true or false")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Schema, E> {
                Ok(Schema { boolean: Some(value), ..Schema::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Schema, A::Error> {
                Written::deserialize(de::value::MapAccessDeserializer::new(map)).map(Schema::from)
            }
            // `property:` with nothing after it: serde_yaml reads an empty mapping there.
            fn visit_unit<E: de::Error>(self) -> Result<Schema, E> {
                Ok(Schema::default())
            }
        }
        deserializer.deserialize_any(SchemaVisitor)
    }
}

/// `type: string` (3.0) or `type: [string, "null"]` (3.1).
#[derive(Debug)]
pub enum SchemaType {
    One(String),
    Many(Vec<String>),
}

// Hand-written rather than `#[serde(untagged)]`, whose error ("did not match any variant")
// would not tell a maintainer what is expected.
impl<'de> Deserialize<'de> for SchemaType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl<'de> Visitor<'de> for TypeVisitor {
            type Value = SchemaType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a type name (string, integer, number, boolean, array, object, null) or a list of them")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<SchemaType, E> {
                Ok(SchemaType::One(name.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SchemaType, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(SchemaType::Many(names))
            }
        }
        deserializer.deserialize_any(TypeVisitor)
    }
}

impl SchemaType {
    pub fn names(&self) -> &[String] {
        match self {
            Self::One(name) => std::slice::from_ref(name),
            Self::Many(names) => names,
        }
    }
}

#[derive(Debug)]
pub enum AdditionalProperties {
    Allowed(bool),
    Schema(Box<Schema>),
}

impl<'de> Deserialize<'de> for AdditionalProperties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AdditionalVisitor;
        impl<'de> Visitor<'de> for AdditionalVisitor {
            type Value = AdditionalProperties;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or a schema")
            }
            fn visit_bool<E: de::Error>(self, allowed: bool) -> Result<AdditionalProperties, E> {
                Ok(AdditionalProperties::Allowed(allowed))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AdditionalProperties, A::Error> {
                let schema = Schema::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AdditionalProperties::Schema(Box::new(schema)))
            }
        }
        deserializer.deserialize_any(AdditionalVisitor)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Discriminator {
    pub property_name: String,
    pub mapping: Sorted<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_boolean_and_empty_schemas() {
        let text = "properties:\n  any: true\n  none: false\n  empty:\n  object: {type: string}\nitems: false\n";
        let schema: Schema = serde_yaml::from_str(text).expect("a schema");
        let properties = schema.properties.expect("properties").0;
        let booleans: Vec<(&str, Option<bool>)> =
            properties.iter().map(|(name, property)| (name.as_str(), property.boolean)).collect();
        assert_eq!(booleans, [("any", Some(true)), ("none", Some(false)), ("empty", None), ("object", None)]);
        assert_eq!(schema.items.expect("items").boolean, Some(false));
        let error = serde_yaml::from_str::<Schema>("items: 5\n").expect_err("not a schema");
        assert!(error.to_string().contains("a schema (a mapping), true or false"), "{error}");
    }

    /// A large spec holds these by the tens of thousands: growing one is a choice to make
    /// knowingly (BENCHMARKS.md, "Issue 20, fifth round").
    #[test]
    fn the_most_repeated_structs_stay_small() {
        assert!(size_of::<Schema>() <= 160, "Schema: {} bytes", size_of::<Schema>());
        assert!(size_of::<PathItem>() <= 112, "PathItem: {} bytes", size_of::<PathItem>());
        assert!(size_of::<Response>() <= 72, "Response: {} bytes", size_of::<Response>());
    }

    #[test]
    fn uncommon_keywords_are_read_through_their_box() {
        let text = "title: T\nallOf: [{type: string}]\nenum: [a]\ndefault: a\nx-field-mask-for: thing\n";
        let schema: Schema = serde_yaml::from_str(text).expect("a schema");
        assert_eq!(schema.title(), Some("T"));
        assert_eq!(schema.all_of().len(), 1);
        assert_eq!(schema.enum_values().map(<[Json]>::len), Some(1));
        assert_eq!(schema.default_value().and_then(Json::as_str), Some("a"));
        assert_eq!(schema.field_mask_for(), Some("thing"));
        let plain: Schema = serde_yaml::from_str("type: string\n").expect("a schema");
        assert!(plain.uncommon.is_none(), "a schema without uncommon keywords allocates no box");
    }
}
