//! Integers sent as JSON strings (protobuf's JSON mapping of int64); numbers are accepted too.
//!
//! A field of such an integer names this module as its serde codec: `with = "crate::int_string"`,
//! or `with = "crate::int_string::option"` (with `default`) when it is optional. A crate
//! carries this file only when one of its models has such a field.

use serde::{Deserialize, Deserializer, Serializer};
use std::fmt::Display;
use std::str::FromStr;

/// What the server may send: the string protobuf writes, or a plain number.
#[derive(Deserialize)]
#[serde(untagged)]
enum StringOrNumber<T> {
    String(String),
    Number(T),
}

fn parse<T: FromStr, E: serde::de::Error>(value: StringOrNumber<T>) -> Result<T, E>
where
    T::Err: Display,
{
    match value {
        StringOrNumber::String(text) => text.parse().map_err(E::custom),
        StringOrNumber::Number(number) => Ok(number),
    }
}

/// Writes the integer as a JSON string.
#[allow(dead_code, reason = "a spec whose string integers are all optional uses only `option`")]
pub(crate) fn serialize<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Reads a JSON string or number.
#[allow(dead_code, reason = "a spec whose string integers are all optional uses only `option`")]
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromStr + Deserialize<'de>,
    T::Err: Display,
    D: Deserializer<'de>,
{
    parse(StringOrNumber::deserialize(deserializer)?)
}

/// The same for an optional field: `None` is `null` (or, with `skip_serializing_if`, left out).
#[allow(dead_code, reason = "a spec whose string integers are all required uses only the module above")]
pub(crate) mod option {
    use super::{StringOrNumber, parse};
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    pub(crate) fn serialize<T: Display, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr + Deserialize<'de>,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        Option::<StringOrNumber<T>>::deserialize(deserializer)?.map(parse).transpose()
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sizes {
        #[serde(with = "super")]
        total: i64,
        #[serde(default, with = "super::option", skip_serializing_if = "Option::is_none")]
        limit: Option<u64>,
    }

    fn decode(value: serde_json::Value) -> Result<Sizes, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn integers_are_written_as_strings() {
        let sizes = Sizes { total: -9_007_199_254_740_993, limit: Some(u64::MAX) };
        let written = serde_json::to_value(&sizes).unwrap();
        assert_eq!(written, json!({"total": "-9007199254740993", "limit": "18446744073709551615"}));
        assert_eq!(decode(written).unwrap(), sizes);
    }

    #[test]
    fn numbers_are_read_too() {
        assert_eq!(decode(json!({"total": 5, "limit": 7})).unwrap(), Sizes { total: 5, limit: Some(7) });
    }

    #[test]
    fn an_unset_optional_integer_is_left_out_and_read_as_none() {
        let sizes = Sizes { total: 1, limit: None };
        assert_eq!(serde_json::to_value(&sizes).unwrap(), json!({"total": "1"}));
        assert_eq!(decode(json!({"total": "1"})).unwrap(), sizes);
        assert_eq!(decode(json!({"total": "1", "limit": null})).unwrap(), sizes);
    }

    /// A model beside its unknown fields, as emit writes one: the codec still reads the field.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Kept {
        #[serde(with = "super")]
        total: i64,
        #[serde(default, with = "super::option", skip_serializing_if = "Option::is_none")]
        limit: Option<u64>,
        #[serde(flatten)]
        unknown_fields: crate::UnknownFields,
    }

    #[test]
    fn integers_as_strings_decode_beside_unknown_fields() {
        let sent = json!({"total": "-5", "limit": 7, "extra": "9"});
        let kept: Kept = serde_json::from_value(sent).unwrap();
        assert_eq!((kept.total, kept.limit), (-5, Some(7)));
        assert_eq!(kept.unknown_fields.get("extra"), Some(&json!("9")));
        assert_eq!(serde_json::to_value(&kept).unwrap(), json!({"total": "-5", "limit": "7", "extra": "9"}));
    }

    #[test]
    fn text_that_is_not_an_integer_is_an_error() {
        for bad in [json!({"total": "12a"}), json!({"total": "1", "limit": "-1"}), json!({"total": true})] {
            assert!(decode(bad.clone()).is_err(), "{bad}");
        }
    }
}
