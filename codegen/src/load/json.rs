//! Format-neutral values for the parts of a spec that are data: examples, enums, defaults.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value, with object keys in spec order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(value) => Some(value),
            _ => None,
        }
    }

    /// The JSON text of this value, compact.
    pub fn to_json_string(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Self::Int(value) => out.push_str(&value.to_string()),
            Self::UInt(value) => out.push_str(&value.to_string()),
            Self::Float(value) if value.is_finite() => out.push_str(&format!("{value:?}")),
            Self::Float(_) => out.push_str("null"),
            Self::String(value) => write_string(value, out),
            Self::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Self::Object(entries) => {
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_string(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Control characters, and the bidi controls rustc rejects in source, as `\uXXXX`.
            c if (c as u32) < 0x20 || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON-compatible value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Json::deserialize(deserializer)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Int(value))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(i64::try_from(value).map_or(Json::UInt(value), Json::Int))
    }
    // JSON Schema allows any number: one beyond 64 bits is the nearest f64, as JSON tools read it.
    fn visit_i128<E>(self, value: i128) -> Result<Json, E> {
        Ok(Json::Float(value as f64))
    }
    fn visit_u128<E>(self, value: u128) -> Result<Json, E> {
        Ok(Json::Float(value as f64))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Json, E> {
        Ok(Json::Float(value))
    }
    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::String(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::String(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Key, Json>()? {
            entries.push((key.0, value));
        }
        Ok(Json::Object(entries))
    }
}

/// A mapping key: YAML allows `200:` or `true:`; JSON keys are strings.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Json::deserialize(deserializer)? {
            Json::String(key) => Ok(Key(key)),
            Json::Int(key) => Ok(Key(key.to_string())),
            Json::UInt(key) => Ok(Key(key.to_string())),
            Json::Bool(key) => Ok(Key(key.to_string())),
            other => Err(de::Error::custom(format!("mapping key must be a scalar, found {other:?}"))),
        }
    }
}

/// A mapping that keeps its keys in spec order (properties are shown as the author wrote them).
/// The second field is a `$ref` standing in for the whole mapping, until load resolves it.
#[derive(Debug, Default)]
pub struct Ordered<T>(pub Vec<(String, T)>, pub Option<String>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                let mut reference = None;
                while let Some(key) = map.next_key::<Key>()? {
                    if entries.iter().any(|(existing, _)| *existing == key.0) {
                        return Err(de::Error::custom(format!("duplicate key `{}`", key.0)));
                    }
                    // Bundlers accept `properties: {$ref: 'file'}`: the map lives elsewhere.
                    // A `$ref` whose value is a mapping is a property of that name (SCIM has one).
                    if key.0 == "$ref" {
                        match map.next_value::<RefOr<T>>()? {
                            RefOr::Ref(target) => reference = Some(target),
                            RefOr::Value(value) => entries.push((key.0, value)),
                        }
                        continue;
                    }
                    entries.push((key.0, map.next_value::<T>()?));
                }
                // Entries are large (a property's schema): no room is kept for more.
                entries.shrink_to_fit();
                Ok(Ordered(entries, reference))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

/// The value under a `$ref` key of an [`Ordered`] map: a reference, or an entry so named.
enum RefOr<T> {
    Ref(String),
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RefOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefOrVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for RefOrVisitor<T> {
            type Value = RefOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a $ref string, or a schema for a property named `$ref`")
            }
            fn visit_str<E: de::Error>(self, target: &str) -> Result<RefOr<T>, E> {
                Ok(RefOr::Ref(target.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RefOr<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(RefOr::Value)
            }
        }
        deserializer.deserialize_any(RefOrVisitor(std::marker::PhantomData))
    }
}
