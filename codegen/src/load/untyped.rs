//! Spec files as untyped YAML trees: the targets of `$ref`s, and documents with merge keys.
//!
//! Two things serde_yaml's own `Value` does not do: it cannot hold an integer beyond 64 bits
//! (JSON Schema allows any number: `maximum: 18446744073709552000`), which is read here as
//! the JSON number it is (an `f64`, as JavaScript reads it); and it leaves YAML merge keys
//! (`<<: *shared`) as plain keys until `apply_merge`, which [`parse`] applies.

use crate::pointer::escape;
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// A file's tree with its merge keys applied, and for each key a merge brought in, the
/// pointer of the `<<` entry it came through (diagnostics point at that line).
pub(super) struct Parsed {
    pub value: Value,
    pub merged: Vec<(String, String)>,
    /// Whether the text had a merge key at all (the tree differs from a plain parse).
    pub has_merges: bool,
}

/// Parses `text` (YAML or JSON) into a tree and applies its merge keys.
pub(super) fn parse(text: &str) -> Result<Parsed, serde_yaml::Error> {
    let mut value = serde_yaml::from_str::<Untyped>(text)?.0;
    let mut merged = Vec::new();
    let mut has_merges = false;
    if has_merge_keys(text) {
        has_merges = merged_keys(&value, &mut String::new(), &mut merged);
        if has_merges {
            value.apply_merge()?;
        }
    }
    Ok(Parsed { value, merged, has_merges })
}

/// Whether `text` may hold a merge key: a cheap test that spares the common file a walk.
pub(super) fn has_merge_keys(text: &str) -> bool {
    text.contains("<<")
}

/// Records, for each mapping with a `<<` entry, the keys it receives from the merge (those
/// it does not write itself), as `(pointer of the key, pointer of the << entry)`; true when
/// there is a `<<` entry anywhere.
fn merged_keys(value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) -> bool {
    let length = pointer.len();
    let mut found = false;
    match value {
        Value::Mapping(mapping) => {
            if let Some(sources) = mapping.get("<<") {
                found = true;
                let sources = match sources {
                    Value::Sequence(items) => items.iter().collect(),
                    single => vec![single],
                };
                let merge_at = format!("{pointer}/<<");
                for key in sources.iter().filter_map(|source| source.as_mapping()).flat_map(Mapping::keys) {
                    if !mapping.contains_key(key) {
                        if let Some(key) = key_text(key) {
                            out.push((format!("{pointer}/{}", escape(&key)), merge_at.clone()));
                        }
                    }
                }
            }
            for (key, child) in mapping {
                if let Some(key) = key_text(key).filter(|key| key != "<<") {
                    pointer.push('/');
                    pointer.push_str(&escape(&key));
                    found |= merged_keys(child, pointer, out);
                    pointer.truncate(length);
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                pointer.push_str(&format!("/{index}"));
                found |= merged_keys(item, pointer, out);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
    found
}

/// A mapping key as a JSON pointer segment: YAML allows `200:` and `true:`.
pub(super) fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(key) => Some(key.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A `serde_yaml::Value` that also reads integers beyond 64 bits.
struct Untyped(Value);

impl<'de> Deserialize<'de> for Untyped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UntypedVisitor).map(Untyped)
    }
}

struct UntypedVisitor;

impl<'de> Visitor<'de> for UntypedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Untyped::deserialize(deserializer).map(|untyped| untyped.0)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    // Beyond 64 bits: the nearest f64, the number every JSON tool reads there.
    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(Value::Number((value as f64).into()))
    }
    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Value::Number((value as f64).into()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Untyped(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Untyped(key), Untyped(value))) = map.next_entry()? {
            if let Some(text) = key_text(&key).filter(|_| mapping.contains_key(&key)) {
                return Err(de::Error::custom(format!("duplicate key `{text}`")));
            }
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    // serde_yaml gives a tagged node (`!custom x`) as an enum: the tag and its value.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, variant) = data.variant::<String>()?;
        let Untyped(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_integers_beyond_64_bits_as_numbers() {
        let parsed = parse("maximum: 18446744073709552000\nminimum: -18446744073709552000\n").expect("parses");
        assert_eq!(parsed.value["maximum"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(parsed.value["minimum"].as_f64(), Some(-18446744073709552000.0));
    }

    #[test]
    fn applies_merge_keys_and_points_merged_keys_at_their_merge() {
        let text = "shared: &shared\n  '404': {description: gone}\n  '500': {description: down}\nresponses:\n  <<: *shared\n  '500': {description: mine}\n";
        let parsed = parse(text).expect("parses");
        let responses = &parsed.value["responses"];
        assert_eq!(responses["404"]["description"].as_str(), Some("gone"));
        assert_eq!(responses["500"]["description"].as_str(), Some("mine"));
        assert!(responses.get("<<").is_none());
        assert_eq!(parsed.merged, [("/responses/404".to_owned(), "/responses/<<".to_owned())]);
        assert!(parsed.has_merges);
        assert!(!parse("description: 'a << b'\n").expect("parses").has_merges);
    }

    #[test]
    fn rejects_duplicate_keys() {
        let error = parse("a: 1\na: 2\n").err().expect("a duplicate key");
        assert!(error.to_string().contains("duplicate"), "{error}");
    }
}
