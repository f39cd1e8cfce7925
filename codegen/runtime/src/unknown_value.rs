//! String-enum values this version of the crate does not know, kept as sent (carried by a
//! crate whose spec has a string enum).

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A value the server sent that this version of the crate has no variant for, kept as sent.
///
/// It can be read, not built: to send a value the crate does not know yet, convert its wire
/// text with `From<&str>` (known values become their variants). A later version that learns
/// the value decodes it as its own variant instead.
///
/// A number or a boolean where the spec says string is kept too, as its JSON text (`5` is
/// `"5"` to [`as_str`](Self::as_str)), and encodes back as the number or boolean it was; so
/// it is not equal to the string `"5"`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue {
    text: String,
    kind: Kind,
}

/// The JSON type the value came as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    String,
    Number,
    Bool,
}

impl UnknownValue {
    /// Only the enums' `From<&str>` builds these, after checking the known values.
    pub(crate) fn new(value: &str) -> Self {
        Self { text: value.to_owned(), kind: Kind::String }
    }

    /// The value as it travels on the wire (a number or boolean as its JSON text).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Decodes a string enum: a string is its variant by `From<&str>` (known values, or `unknown`
/// kept as sent); a number or a boolean is kept as sent. One generic function rather than a
/// derive per enum: the derive of an enum with an untagged fallback is most of what a crate
/// of many enums costs to compile.
pub(crate) fn deserialize_enum<'de, D, T>(deserializer: D, unknown: fn(UnknownValue) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    let value = UnknownValue::deserialize(deserializer)?;
    Ok(match value.kind {
        Kind::String => T::from(&value.text),
        Kind::Number | Kind::Bool => unknown(value),
    })
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::String => f.debug_tuple("UnknownValue").field(&self.text).finish(),
            Kind::Number | Kind::Bool => f.debug_tuple("UnknownValue").field(&format_args!("{}", self.text)).finish(),
        }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for UnknownValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.kind {
            Kind::String => serializer.serialize_str(&self.text),
            Kind::Bool => serializer.serialize_bool(self.text == "true"),
            Kind::Number => match self.text.parse::<serde_json::Number>() {
                Ok(number) => number.serialize(serializer),
                Err(_) => serializer.serialize_str(&self.text),
            },
        }
    }
}

impl<'de> Deserialize<'de> for UnknownValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Scalar)
    }
}

/// Accepts any JSON scalar but `null`: a server that sends `"code": 5` where the spec says
/// string still has its response decoded.
struct Scalar;

impl Visitor<'_> for Scalar {
    type Value = UnknownValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value.to_owned(), kind: Kind::String })
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value, kind: Kind::String })
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value.to_string(), kind: Kind::Bool })
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value.to_string(), kind: Kind::Number })
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value.to_string(), kind: Kind::Number })
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<UnknownValue, E> {
        Ok(UnknownValue { text: value.to_string(), kind: Kind::Number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_of_any_json_type_are_kept_as_text_and_encode_back_as_they_came() {
        for (sent, text) in [(json!("FUTURE"), "FUTURE"), (json!(5), "5"), (json!(-2), "-2"), (json!(true), "true")] {
            let value: UnknownValue = serde_json::from_value(sent.clone()).unwrap();
            assert_eq!(value.as_str(), text);
            assert_eq!(serde_json::to_value(&value).unwrap(), sent);
        }
        let number: UnknownValue = serde_json::from_str("5").unwrap();
        assert_ne!(number, UnknownValue::new("5"), "the number 5 is not the string \"5\"");
        assert_eq!(format!("{number:?}"), "UnknownValue(5)");
        assert_eq!(format!("{:?}", UnknownValue::new("5")), "UnknownValue(\"5\")");
    }

    /// A string enum as emit writes one.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(UnknownValue),
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                other => Self::Unknown(UnknownValue::new(other)),
            }
        }
    }

    impl<'de> Deserialize<'de> for Color {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_enum(deserializer, Self::Unknown)
        }
    }

    #[test]
    fn string_enums_decode_known_strings_as_variants_and_keep_anything_else_as_sent() {
        let decode = |sent| serde_json::from_value::<Color>(sent).unwrap();
        assert_eq!(decode(json!("red")), Color::Red);
        assert_eq!(decode(json!("blue")), Color::Unknown(UnknownValue::new("blue")));
        let Color::Unknown(number) = decode(json!(5)) else { panic!("5 is no color") };
        assert_eq!(serde_json::to_value(number).unwrap(), json!(5), "the number stays a number");
        let Color::Unknown(boolean) = decode(json!(true)) else { panic!("true is no color") };
        assert_eq!(serde_json::to_value(boolean).unwrap(), json!(true));
        assert!(serde_json::from_value::<Color>(json!(null)).is_err());
    }

    #[test]
    fn null_arrays_and_objects_are_not_enum_values() {
        for sent in [json!(null), json!([1]), json!({"a": 1})] {
            assert!(serde_json::from_value::<UnknownValue>(sent).is_err());
        }
    }
}
