//! Object and map query parameters, written from their JSON form by OpenAPI `style` and `explode`.
//!
//! Scalars and lists are written by the emitted operation itself, field by field; objects and
//! maps come here, so their serde names and codecs apply. A crate carries this file only when
//! one of its operations has such a parameter.

use serde::Serialize;
use serde_json::Value;

/// How an object or map query parameter is written.
#[derive(Clone, Copy)]
#[allow(dead_code, reason = "a spec's operations use some of the styles, rarely all")]
pub(crate) enum ObjectStyle {
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
    /// `style: form`, `explode: true` (the default): each entry is its own `key=value`.
    Form,
    /// `style: form`, `explode: false`: `name=key,value,key,value`.
    FormFlat,
}

/// Appends an object or map query parameter to `pairs`: its serde names and codecs apply,
/// `None` fields are left out, keys in `serde_json::Map` order (sorted).
pub(crate) fn push_object<T: Serialize>(pairs: &mut Vec<(String, String)>, name: &str, value: &T, style: ObjectStyle) {
    // Models and maps of them always serialize to JSON; `Null` would write nothing.
    let value = serde_json::to_value(value).unwrap_or_default();
    match (style, value) {
        (_, Value::Null) => {}
        (ObjectStyle::DeepObject, value) => push_deep(pairs, name.to_owned(), &value),
        (ObjectStyle::Form, Value::Object(entries)) => {
            for (key, value) in &entries {
                pairs.push((key.clone(), query_text(value)));
            }
        }
        (ObjectStyle::FormFlat, Value::Object(entries)) => {
            let joined: Vec<String> =
                entries.iter().flat_map(|(key, value)| [key.clone(), query_text(value)]).collect();
            pairs.push((name.to_owned(), joined.join(",")));
        }
        // A union's scalar member is written like any scalar.
        (ObjectStyle::Form | ObjectStyle::FormFlat, scalar) => pairs.push((name.to_owned(), query_text(&scalar))),
    }
}

/// `name[key]=value`, nested objects as `name[a][b]=value`, list items as `name[0]=value`.
fn push_deep(pairs: &mut Vec<(String, String)>, name: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(entries) => {
            for (key, value) in entries {
                push_deep(pairs, format!("{name}[{key}]"), value);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                push_deep(pairs, format!("{name}[{index}]"), value);
            }
        }
        scalar => pairs.push((name, query_text(scalar))),
    }
}

/// A JSON scalar as query text: strings without quotes; nested values as JSON.
fn query_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ObjectStyle, push_object};
    use serde_json::json;

    fn written(style: ObjectStyle, value: serde_json::Value) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        push_object(&mut pairs, "filter", &value, style);
        pairs
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect()
    }

    #[test]
    fn deep_objects_nest_keys_and_index_lists() {
        let value = json!({"b": {"c": 1, "d": [true, "x y"]}, "a": "s"});
        let expected =
            [("filter[a]", "s"), ("filter[b][c]", "1"), ("filter[b][d][0]", "true"), ("filter[b][d][1]", "x y")];
        assert_eq!(written(ObjectStyle::DeepObject, value), pairs(&expected));
    }

    #[test]
    fn exploded_forms_write_each_entry_under_its_own_key() {
        let value = json!({"to": 9, "from": "2", "nested": {"k": 1}});
        let expected = [("from", "2"), ("nested", r#"{"k":1}"#), ("to", "9")];
        assert_eq!(written(ObjectStyle::Form, value), pairs(&expected));
    }

    #[test]
    fn flat_forms_join_keys_and_values_under_the_name() {
        let value = json!({"to": 9, "from": "2"});
        assert_eq!(written(ObjectStyle::FormFlat, value), pairs(&[("filter", "from,2,to,9")]));
    }

    #[test]
    fn scalars_are_written_under_the_name_and_null_writes_nothing() {
        for style in [ObjectStyle::Form, ObjectStyle::FormFlat, ObjectStyle::DeepObject] {
            assert_eq!(written(style, json!("red")), pairs(&[("filter", "red")]));
            assert_eq!(written(style, json!(null)), pairs(&[]));
        }
    }

    #[test]
    fn none_fields_are_left_out() {
        #[derive(serde::Serialize)]
        struct Range {
            low: Option<i32>,
            high: Option<i32>,
        }
        let range = Range { low: None, high: Some(3) };
        let mut pairs = Vec::new();
        push_object(&mut pairs, "range", &range, ObjectStyle::DeepObject);
        assert_eq!(pairs, [("range[high]".to_owned(), "3".to_owned())]);
    }
}
