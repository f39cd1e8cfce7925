//! Unions picked by a property's value: protobuf `Any`'s `@type`, or an OpenAPI `discriminator`.
//!
//! The generated `Deserialize` of such a union hands over the table of the values its spec
//! names; the matching rules are here, the same for every crate.

use serde::Deserialize;
use serde::de::{Deserializer, Error};
use serde_json::Value;

/// Decodes a variant's payload.
pub(crate) type Decode<T> = fn(Value) -> Result<T, serde_json::Error>;

/// The property that picks the variant, and whether the payload includes it.
#[allow(dead_code, reason = "a spec's tagged unions may all be of one kind")]
pub(crate) enum Tag {
    /// Beside the payload's own fields and not one of them, as protobuf `Any` writes `@type`:
    /// removed before the payload is decoded.
    Beside(&'static str),
    /// One of the payload's fields (an OpenAPI `discriminator`): the whole object is decoded.
    Within(&'static str),
}

/// The variant whose value (in `variants`, as the spec writes it) matches the tag sent; a
/// value that matches none, or no tag at all, is kept whole by `unknown`.
///
/// `@type` is a type URL (`type.googleapis.com/google.rpc.ErrorInfo`) or a bare type name
/// (`google.rpc.ErrorInfo`): protobuf names the type by the URL's last path segment, so the
/// two match on that, whichever way the spec and the server write it. Other tags match exactly.
pub(crate) fn deserialize<'de, D, T>(
    deserializer: D,
    tag: Tag,
    variants: &[(&str, Decode<T>)],
    unknown: fn(Value) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let mut value = Value::deserialize(deserializer)?;
    let (Tag::Beside(property) | Tag::Within(property)) = tag;
    let sent = value.get(property).and_then(Value::as_str);
    let found = sent.and_then(|sent| variants.iter().find(|(known, _)| same_tag(property, sent, known)));
    let Some(&(_, decode)) = found else {
        return Ok(unknown(value));
    };
    if let (Tag::Beside(_), Some(object)) = (tag, value.as_object_mut()) {
        object.remove(property);
    }
    decode(value).map_err(D::Error::custom)
}

fn same_tag(property: &str, sent: &str, known: &str) -> bool {
    if property == "@type" { type_name(sent) == type_name(known) } else { sent == known }
}

/// The full name of the type a type URL names: what follows its last `/`.
fn type_name(type_url: &str) -> &str {
    type_url.rsplit('/').next().unwrap_or(type_url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    enum Detail {
        Info(Value),
        Unknown(Value),
    }

    fn decode(tag: Tag, known: &str, sent: Value) -> Result<Detail, serde_json::Error> {
        let variants: &[(&str, Decode<Detail>)] = &[(known, |payload| Ok(Detail::Info(payload)))];
        deserialize(sent, tag, variants, Detail::Unknown)
    }

    #[test]
    fn type_urls_and_type_names_match_on_the_full_name() {
        let url = "type.googleapis.com/google.rpc.ErrorInfo";
        for (known, sent) in [(url, url), (url, "google.rpc.ErrorInfo"), ("google.rpc.ErrorInfo", url)] {
            let decoded = decode(Tag::Beside("@type"), known, json!({"@type": sent, "reason": "R"})).unwrap();
            assert_eq!(decoded, Detail::Info(json!({"reason": "R"})), "{known} / {sent}");
        }
        let other_host = json!({"@type": "example.com/types/google.rpc.ErrorInfo", "reason": "R"});
        assert_eq!(decode(Tag::Beside("@type"), url, other_host).unwrap(), Detail::Info(json!({"reason": "R"})));
    }

    #[test]
    fn unmatched_or_missing_tags_are_kept_whole() {
        let url = "type.googleapis.com/google.rpc.ErrorInfo";
        for sent in [json!({"@type": "google.rpc.Help"}), json!({"@type": "rpc.ErrorInfo"}), json!({"x": 1}), json!(3)]
        {
            assert_eq!(decode(Tag::Beside("@type"), url, sent.clone()).unwrap(), Detail::Unknown(sent));
        }
    }

    #[test]
    fn discriminators_match_exactly_and_keep_the_property() {
        let sent = json!({"kind": "a/cat", "lives": 9});
        assert_eq!(decode(Tag::Within("kind"), "a/cat", sent.clone()).unwrap(), Detail::Info(sent));
        let other = json!({"kind": "b/cat"});
        assert_eq!(decode(Tag::Within("kind"), "a/cat", other.clone()).unwrap(), Detail::Unknown(other));
    }
}
