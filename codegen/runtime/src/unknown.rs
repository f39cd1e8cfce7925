//! Object fields this version of the crate does not know, kept as sent (every crate), and
//! explicit `null`s in free-form fields.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The JSON fields of an object that its schema does not name (fields added to the API after
/// this version of the crate), kept as sent: encoding the value writes them back, after the
/// known fields, so a value read and sent back loses nothing.
///
/// Every model struct has one, read with its `unknown_fields()` method (a struct whose schema
/// allows `additionalProperties` keeps them in its `additional_properties` map instead). They
/// count in equality, and `Debug` shows them as JSON. A newer version of the crate that
/// learns a field decodes it into its own field instead.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnknownFields(Map<String, Value>);

impl UnknownFields {
    /// The value sent under `name`, if the schema does not name that field.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The fields, by name in lexicographic order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// How many fields were sent that the schema does not name.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether every field sent is one the schema names.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// As a map of JSON texts: `{"newField": {"a":1}}`.
impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter().map(|(name, value)| (name, JsonText(value)))).finish()
    }
}

/// A JSON value whose `Debug` is its JSON text.
struct JsonText<'a>(&'a Value);

impl fmt::Debug for JsonText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

/// Decodes an optional free-form field that is there: an explicit `null` is `Some(Null)`, kept
/// and sent back, where `Option`'s own decoding would take it for a field left out.
#[allow(dead_code, reason = "called by the models of a spec with an optional free-form field, only")]
pub(crate) fn present<'de, D>(deserializer: D) -> Result<Option<serde_json::Value>, D::Error>
where
    D: Deserializer<'de>,
{
    serde_json::Value::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_explicit_null_in_a_free_form_field_is_kept() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Holder {
            #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
            any: Option<serde_json::Value>,
        }
        for sent in [json!({"any": null}), json!({}), json!({"any": [1]})] {
            let holder: Holder = serde_json::from_value(sent.clone()).unwrap();
            assert_eq!(serde_json::to_value(&holder).unwrap(), sent);
        }
    }

    /// A model as emit writes one: known fields, and the rest flattened into `UnknownFields`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    struct Invite {
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(flatten)]
        unknown_fields: UnknownFields,
    }

    #[test]
    fn fields_the_schema_does_not_name_are_kept_and_written_back() {
        let sent = json!({"email": "a@b.c", "n": 7, "zone": {"id": 3, "tags": ["x"]}, "flag": true});
        let invite: Invite = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!((invite.email.as_deref(), invite.count), (Some("a@b.c"), Some(7)), "known fields decode as before");
        assert_eq!(invite.unknown_fields.len(), 2);
        assert_eq!(invite.unknown_fields.get("zone"), Some(&json!({"id": 3, "tags": ["x"]})));
        assert_eq!(invite.unknown_fields.get("email"), None, "a known field is not unknown");
        let names: Vec<&str> = invite.unknown_fields.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["flag", "zone"]);
        assert_eq!(serde_json::to_value(&invite).unwrap(), sent, "encoding writes them back");
    }

    #[test]
    fn they_count_in_equality_and_show_in_debug() {
        let plain: Invite = serde_json::from_value(json!({"email": "a@b.c"})).unwrap();
        let more: Invite = serde_json::from_value(json!({"email": "a@b.c", "zone": "eu"})).unwrap();
        assert!(plain.unknown_fields.is_empty());
        assert_ne!(plain, more);
        assert_eq!(format!("{:?}", more.unknown_fields), r#"{"zone": "eu"}"#);
        assert!(format!("{more:?}").contains(r#"unknown_fields: {"zone": "eu"}"#));
        assert_eq!(serde_json::to_string(&Invite::default()).unwrap(), "{}", "none sent, none written");
    }
}
