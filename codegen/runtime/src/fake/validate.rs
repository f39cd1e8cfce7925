//! Requests checked against the spec's types: wrong types, missing required fields and
//! parameters, values outside an enum, unknown field-mask paths. Each message names the
//! field (`user_invite.role_bindings[0].scope.resource_type`).

use super::tables::{FakeSpec, Field, Param, Schema, Ty};
use serde_json::Value;

/// Checks `value` against `ty`; `at` is the field's path (empty for the whole body).
pub(crate) fn value(spec: &FakeSpec, ty: &Ty, value: &Value, at: &str) -> Result<(), String> {
    let wrong = |expected: &str| Err(format!("{}: expected {expected}, got {}", name(at), kind(value)));
    match ty {
        Ty::Any => Ok(()),
        Ty::Bool if value.is_boolean() => Ok(()),
        Ty::Bool => wrong("a boolean"),
        Ty::Integer if value.is_i64() || value.is_u64() => Ok(()),
        Ty::Integer => wrong("an integer"),
        Ty::Number if value.is_number() => Ok(()),
        Ty::Number => wrong("a number"),
        Ty::String if value.is_string() => Ok(()),
        Ty::String => wrong("a string"),
        Ty::IntegerString => match value {
            Value::Number(number) if number.is_i64() || number.is_u64() => Ok(()),
            Value::String(text) if text.parse::<i128>().is_ok() => Ok(()),
            _ => wrong("an integer (as a string or a number)"),
        },
        Ty::DateTime => match value.as_str() {
            Some(text) if is_date_time(text) => Ok(()),
            _ => wrong("an RFC 3339 date-time"),
        },
        Ty::Date => match value.as_str() {
            Some(text) if is_date(text) => Ok(()),
            _ => wrong("a date (YYYY-MM-DD)"),
        },
        Ty::List(item) => match value.as_array() {
            Some(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(index, each)| self::value(spec, item, each, &format!("{at}[{index}]"))),
            None => wrong("an array"),
        },
        Ty::Map(item) => match value.as_object() {
            Some(map) => map.iter().try_for_each(|(key, each)| self::value(spec, item, each, &join(at, key))),
            None => wrong("an object"),
        },
        Ty::Named(type_name) => match spec.schema(type_name) {
            None | Some(Schema::Union) => Ok(()),
            Some(Schema::Alias(target)) => self::value(spec, target, value, at),
            Some(Schema::Enum(values)) => match value.as_str() {
                Some(text) if values.iter().any(|known| known == text) => Ok(()),
                Some(text) => Err(format!("{}: {text:?} is not one of {}", name(at), values.join(", "))),
                None => wrong("a string"),
            },
            Some(Schema::Object { fields, .. }) => match value.as_object() {
                Some(object) => {
                    fields.iter().try_for_each(|field| self::field(spec, field, object.get(&field.wire), at))
                }
                None => wrong("an object"),
            },
        },
    }
}

fn field(spec: &FakeSpec, field: &Field, value: Option<&Value>, at: &str) -> Result<(), String> {
    let at = join(at, &field.wire);
    match value {
        None if field.required => Err(format!("{at}: missing required field")),
        Some(Value::Null) if field.required && !field.nullable => Err(format!("{at}: required, got null")),
        None | Some(Value::Null) => Ok(()),
        Some(value) => self::value(spec, &field.ty, value, &at),
    }
}

/// Checks the declared query parameters: required ones present, each value of its type.
pub(crate) fn query(spec: &FakeSpec, params: &[Param], pairs: &[(String, String)]) -> Result<(), String> {
    for param in params {
        let values: Vec<&str> =
            pairs.iter().filter(|(key, _)| *key == param.wire).map(|(_, value)| value.as_str()).collect();
        if values.is_empty() && param.required {
            return Err(format!("{}: missing required query parameter", param.wire));
        }
        let scalar = match &param.ty {
            Ty::List(item) => &**item,
            ty => ty,
        };
        for text in values {
            query_value(spec, scalar, text)
                .map_err(|expected| format!("{}: {text:?} is not {expected}", param.wire))?;
        }
    }
    Ok(())
}

/// A query value of a scalar type; objects sent as query parameters are not checked.
fn query_value(spec: &FakeSpec, ty: &Ty, text: &str) -> Result<(), String> {
    let ok = match ty {
        Ty::Bool => matches!(text, "true" | "false"),
        Ty::Integer | Ty::IntegerString => text.parse::<i128>().is_ok(),
        Ty::Number => text.parse::<f64>().is_ok(),
        Ty::DateTime => is_date_time(text),
        Ty::Date => is_date(text),
        Ty::Named(type_name) => match spec.schema(type_name) {
            Some(Schema::Enum(values)) if !values.iter().any(|known| known == text) => {
                return Err(format!("one of {}", values.join(", ")));
            }
            Some(Schema::Alias(target)) => return query_value(spec, target, text),
            _ => true,
        },
        Ty::String | Ty::Any | Ty::List(_) | Ty::Map(_) => true,
    };
    if ok { Ok(()) } else { Err(expected(ty).to_owned()) }
}

fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "a boolean",
        Ty::Integer | Ty::IntegerString => "an integer",
        Ty::Number => "a number",
        Ty::DateTime => "an RFC 3339 date-time",
        Ty::Date => "a date (YYYY-MM-DD)",
        _ => "valid",
    }
}

/// Resolves a field-mask path (`roleBindings`, `scope.resourceType`, or in wire names)
/// against the fields of `ty`: the wire names of its segments.
pub(crate) fn mask_path<'s>(spec: &'s FakeSpec, ty: &Ty, path: &str) -> Option<Vec<&'s str>> {
    let mut wire = Vec::new();
    let mut fields = spec.fields(ty)?;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = fields.iter().find(|field| field.wire == segment || lower_camel(&field.wire) == segment)?;
        wire.push(field.wire.as_str());
        if segments.peek().is_some() {
            fields = spec.fields(&field.ty)?;
        }
    }
    Some(wire)
}

/// A wire name in the lowerCamelCase of proto3 JSON field masks: `expires_at` → `expiresAt`.
pub(crate) fn lower_camel(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let mut upper = false;
    for c in wire.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn join(at: &str, wire: &str) -> String {
    if at.is_empty() { wire.to_owned() } else { format!("{at}.{wire}") }
}

fn name(at: &str) -> &str {
    if at.is_empty() { "the body" } else { at }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(at, byte)| if at == 4 || at == 7 { *byte == b'-' } else { byte.is_ascii_digit() })
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
fn is_date_time(text: &str) -> bool {
    let (Some(date), Some(rest)) = (text.get(..10), text.get(10..)) else { return false };
    let rest = rest.as_bytes();
    let time = |at: usize, separator: bool| {
        rest.get(at).is_some_and(|byte| if separator { *byte == b':' } else { byte.is_ascii_digit() })
    };
    let clock = matches!(rest.first(), Some(b'T' | b't' | b' '))
        && [1, 2, 4, 5, 7, 8].iter().all(|&at| time(at, false))
        && time(3, true)
        && time(6, true);
    if !is_date(date) || !clock {
        return false;
    }
    let mut at = 9;
    if rest.get(at) == Some(&b'.') {
        at += 1;
        while rest.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
    }
    match rest.get(at) {
        Some(b'Z' | b'z') => at + 1 == rest.len(),
        Some(b'+' | b'-') => rest.len() == at + 6 && rest[at + 3] == b':',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_as_rfc_3339_writes_them() {
        for good in ["2030-01-01T00:00:00Z", "2030-01-01T00:00:00.123+02:00", "2030-01-01t00:00:00z"] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in ["2030-01-01", "2030-01-01T00:00:00", "tomorrow", "2030-01-01T00:00Z", "2030-01-01T00:00:00+0200"] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn mask_paths_are_lower_camel_case() {
        assert_eq!(lower_camel("expires_at"), "expiresAt");
        assert_eq!(lower_camel("id"), "id");
        assert_eq!(lower_camel("a_b_c"), "aBC");
    }
}
