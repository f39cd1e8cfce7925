//! Which spec examples the generated round-trip tests can carry: an example that would not
//! decode as its type, or would not come back as written, gets a located warning and no test
//! (a failing test in every generated crate would only say the spec's example is wrong).
//!
//! The check follows serde's decoding of the emitted types, as far as it can be sure: a
//! scalar of the wrong JSON type, an integer out of its type's range, a number that `f32`
//! does not write back as written, a missing required field, a `null` that an `Option` drops,
//! a date or date-time not in the one form chrono writes (`Z`, not `+00:00`; a fraction of
//! 3, 6 or 9 digits), a union member that comes back as another. A union is followed as the
//! crate decodes it: by its tag, or, untagged, the first variant that decodes; where it
//! cannot tell which variant decodes first, the example gets no test. Unknown fields are
//! kept by every struct, so they never fail a test.

use super::Problem;
use crate::ir::{Example, Type, TypeDef, TypeKind, UnionVariant};
use crate::pointer::At;
use serde_json::Value;
use std::collections::HashMap;

/// The examples that round-trip, sorted by name; a warning for each of the others.
pub(super) fn round_tripping(
    examples: Vec<(Example, At)>,
    types: &[TypeDef],
    warnings: &mut Vec<Problem>,
) -> Vec<Example> {
    let types: HashMap<&str, &TypeDef> = types.iter().map(|def| (def.name.as_str(), def)).collect();
    let mut kept = Vec::with_capacity(examples.len());
    for (example, at) in examples {
        let checked = serde_json::from_str::<Value>(&example.json)
            .map_err(|error| error.to_string())
            .and_then(|value| Check { types: &types, depth: 0 }.value(&example.ty, &value));
        match checked {
            Ok(()) => kept.push(example),
            Err(reason) => warnings.push(Problem {
                file: at.file,
                pointer: at.pointer,
                message: format!("the example would not round-trip through its type: {reason}; no test for it"),
                hint: None,
            }),
        }
    }
    kept.sort_by(|a, b| a.name.cmp(&b.name));
    kept
}

struct Check<'t> {
    types: &'t HashMap<&'t str, &'t TypeDef>,
    /// Aliases and nested values followed so far: a cycle of aliases ends the check.
    depth: usize,
}

impl Check<'_> {
    fn value(&self, ty: &Type, value: &Value) -> Result<(), String> {
        if self.depth > 64 {
            return Ok(());
        }
        let deeper = Check { types: self.types, depth: self.depth + 1 };
        let wrong = |what: &str| Err(format!("{} where {what} is expected", shown(value)));
        match (ty, value) {
            (Type::Unit | Type::Json | Type::Bytes, _) => Ok(()),
            (Type::Bool, Value::Bool(_)) => Ok(()),
            (Type::Bool, _) => wrong("a boolean"),
            (Type::I32 | Type::I64 | Type::U32 | Type::U64, Value::Number(number)) => integer(ty, number),
            (Type::I32 | Type::I64 | Type::U32 | Type::U64, _) => wrong("an integer"),
            (Type::F32 | Type::F64, Value::Number(number)) => float(ty, number),
            (Type::F32 | Type::F64, _) => wrong("a number"),
            (Type::String, Value::String(_)) => Ok(()),
            (Type::Date, Value::String(text)) => date(text).map(|_| ()),
            (Type::DateTime, Value::String(text)) => date_time(text),
            (Type::String | Type::Date | Type::DateTime, _) => wrong("a string"),
            (Type::I64String | Type::U64String, Value::String(_) | Value::Number(_)) => Ok(()),
            (Type::I64String | Type::U64String, _) => wrong("an integer"),
            (Type::List(item), Value::Array(items)) => items.iter().try_for_each(|value| deeper.value(item, value)),
            (Type::List(_), _) => wrong("an array"),
            (Type::Map(item), Value::Object(entries)) => {
                entries.values().try_for_each(|value| deeper.value(item, value))
            }
            (Type::Map(_), _) => wrong("an object"),
            (Type::Named(name), value) => match self.types.get(name.as_str()) {
                Some(def) => deeper.named(&def.kind, value),
                None => Ok(()),
            },
        }
    }

    fn named(&self, kind: &TypeKind, value: &Value) -> Result<(), String> {
        match (kind, value) {
            (TypeKind::Alias(ty) | TypeKind::Newtype(ty), value) => self.value(ty, value),
            (TypeKind::Struct(structure), Value::Object(entries)) => {
                for field in &structure.fields {
                    match entries.get(&field.wire) {
                        None if field.required && field.optional => {
                            return Err(format!("`{}` is left out, and comes back as `null`", field.wire));
                        }
                        // Missing, it fails to decode, or decodes to a default that comes back.
                        None if !field.optional => return Err(format!("the required `{}` is missing", field.wire)),
                        None => {}
                        Some(Value::Null) if field.optional && !field.required && field.ty != Type::Json => {
                            return Err(format!("`{}: null` comes back left out", field.wire));
                        }
                        Some(Value::Null) if field.optional => {}
                        Some(value) => {
                            self.value(&field.ty, value).map_err(|reason| format!("`{}`: {reason}", field.wire))?
                        }
                    }
                }
                Ok(())
            }
            (TypeKind::Struct(_), value) => Err(format!("{} where an object is expected", shown(value))),
            (TypeKind::Enum { .. }, Value::String(_) | Value::Number(_) | Value::Bool(_)) => Ok(()),
            (TypeKind::Enum { .. }, value) => Err(format!("{} where an enum value is expected", shown(value))),
            (TypeKind::Union { tag, discriminator, variants, .. }, value) => {
                match tag.as_ref().or(discriminator.as_ref()) {
                    Some(property) => self.tagged(property, tag.is_some(), variants, value),
                    None => self.untagged(variants, value),
                }
            }
            // Integer enums and status enums decode by rules the test checks best.
            _ => Ok(()),
        }
    }

    /// A union picked by `property` (`beside`: not one of the payload's fields), as the
    /// runtime's `tagged.rs` decodes it: no tag or an unknown one is kept whole, a known one
    /// decodes its variant, and comes back spelt as the spec spells it.
    fn tagged(&self, property: &str, beside: bool, variants: &[UnionVariant], value: &Value) -> Result<(), String> {
        let Some(sent) = value.get(property).and_then(Value::as_str) else { return Ok(()) };
        let last = |tag: &str| {
            if property == "@type" { tag.rsplit('/').next().unwrap_or(tag).to_owned() } else { tag.to_owned() }
        };
        let Some(variant) =
            variants.iter().find(|variant| variant.tag_value.as_deref().is_some_and(|known| last(known) == last(sent)))
        else {
            return Ok(());
        };
        let known = variant.tag_value.as_deref().unwrap_or_default();
        if known != sent {
            return Err(format!("`{property}: {sent}` comes back as `{known}`"));
        }
        let mut payload = value.clone();
        if let (true, Some(object)) = (beside, payload.as_object_mut()) {
            object.remove(property);
        }
        self.value(&variant.ty, &payload).map_err(|reason| format!("as {}: {reason}", variant.name))
    }

    /// An untagged union decodes as its first variant that decodes, else is kept whole.
    fn untagged(&self, variants: &[UnionVariant], value: &Value) -> Result<(), String> {
        for variant in variants {
            match self.decodes(&variant.ty, value) {
                Some(true) => {
                    return self.value(&variant.ty, value).map_err(|reason| format!("as {}: {reason}", variant.name));
                }
                Some(false) => {}
                None => {
                    return Err(format!(
                        "{} may or may not decode as {}, the union's variant before the others",
                        shown(value),
                        variant.name
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether serde decodes `value` as `ty`; `None` where this cannot be sure.
    fn decodes(&self, ty: &Type, value: &Value) -> Option<bool> {
        if self.depth > 64 {
            return None;
        }
        let deeper = Check { types: self.types, depth: self.depth + 1 };
        let all = |mut results: Box<dyn Iterator<Item = Option<bool>> + '_>| {
            results.try_fold(true, |all, one| Some(all && one?))
        };
        match (ty, value) {
            (Type::Json, _) => Some(true),
            (Type::Bool, value) => Some(value.is_boolean()),
            (Type::I32 | Type::I64 | Type::U32 | Type::U64, Value::Number(number)) => Some(integer(ty, number).is_ok()),
            (Type::F32 | Type::F64 | Type::String, value) => Some(match ty {
                Type::String => value.is_string(),
                _ => value.is_number(),
            }),
            (Type::Date, Value::String(text)) => match date(text) {
                Ok(_) => Some(true),
                Err(_) if dated(text) => None,
                Err(_) => Some(false),
            },
            (Type::DateTime, Value::String(text)) => match parse_date_time(text) {
                Some(_) => Some(true),
                None if dated(text) => None,
                None => Some(false),
            },
            (Type::I64String | Type::U64String, Value::Number(_)) => Some(true),
            (Type::I64String | Type::U64String, Value::String(text)) => {
                (!text.is_empty() && text.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit())).then_some(true)
            }
            (Type::List(item), Value::Array(items)) => {
                all(Box::new(items.iter().map(|value| deeper.decodes(item, value))))
            }
            (Type::Map(item), Value::Object(entries)) => {
                all(Box::new(entries.values().map(|value| deeper.decodes(item, value))))
            }
            (Type::Named(name), value) => deeper.named_decodes(&self.types.get(name.as_str())?.kind, value),
            (
                Type::I32
                | Type::I64
                | Type::U32
                | Type::U64
                | Type::Date
                | Type::DateTime
                | Type::List(_)
                | Type::Map(_),
                _,
            ) => Some(false),
            _ => None,
        }
    }

    fn named_decodes(&self, kind: &TypeKind, value: &Value) -> Option<bool> {
        match (kind, value) {
            (TypeKind::Alias(ty) | TypeKind::Newtype(ty), value) => self.decodes(ty, value),
            (TypeKind::Struct(structure), Value::Object(entries)) => {
                let mut decodes = true;
                for field in &structure.fields {
                    decodes &= match entries.get(&field.wire) {
                        // A default may fill it in.
                        None if !field.optional => return None,
                        None => true,
                        Some(Value::Null) => field.optional || field.ty == Type::Json,
                        Some(value) => self.decodes(&field.ty, value)?,
                    };
                }
                Some(decodes)
            }
            // serde reads a struct from an array too.
            (TypeKind::Struct(_), Value::Array(_)) => None,
            (TypeKind::Struct(_), _) => Some(false),
            (TypeKind::Enum { .. }, Value::String(_) | Value::Number(_) | Value::Bool(_)) => Some(true),
            (TypeKind::Union { tag: None, discriminator: None, variants, .. }, value) => {
                for variant in variants {
                    if self.decodes(&variant.ty, value)? {
                        return Some(true);
                    }
                }
                Some(true)
            }
            _ => None,
        }
    }
}

/// Starts as a date does (`2024-`): a string that fails to parse as one is likely a date the
/// crate's parser reads otherwise, so nothing is sure of it.
fn dated(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// A `YYYY-MM-DD` date that exists, as chrono reads and writes `NaiveDate`.
fn date(text: &str) -> Result<(u32, u32, u32), String> {
    let invalid = || format!("\"{text}\" is not a date the crate reads (`YYYY-MM-DD`)");
    let number = |from: usize, to: usize| {
        let part = text.get(from..to).filter(|part| part.bytes().all(|b| b.is_ascii_digit()))?;
        part.parse::<u32>().ok()
    };
    if text.len() != 10 || text.get(4..5) != Some("-") || text.get(7..8) != Some("-") {
        return Err(invalid());
    }
    let (year, month, day) =
        (number(0, 4).ok_or_else(invalid)?, number(5, 7).ok_or_else(invalid)?, number(8, 10).ok_or_else(invalid)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if year == 0 || day == 0 || day > days {
        return Err(invalid());
    }
    Ok((year, month, day))
}

/// An RFC 3339 date-time: its date and time as written, the fraction's digits and the offset.
struct DateTime<'t> {
    fraction: &'t str,
    offset: &'t str,
}

fn parse_date_time(text: &str) -> Option<DateTime<'_>> {
    date(text.get(..10)?).ok()?;
    let rest = text.get(10..)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let clock = rest.get(..8)?;
    let digits =
        |at: usize| clock.get(at..at + 2).filter(|part| part.bytes().all(|b| b.is_ascii_digit()))?.parse::<u32>().ok();
    let (hour, minute, second) = (digits(0)?, digits(3)?, digits(6)?);
    if clock.get(2..3) != Some(":") || clock.get(5..6) != Some(":") || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let rest = rest.get(8..)?;
    let (fraction, offset) = match rest.strip_prefix('.') {
        Some(after) => match after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len()) {
            0 => return None,
            end => after.split_at(end),
        },
        None => ("", rest),
    };
    let digits = |part: Option<&str>| part.is_some_and(|part| part.bytes().all(|b| b.is_ascii_digit()));
    let zone = matches!(offset, "Z" | "z")
        || (offset.len() == 6
            && offset.starts_with(['+', '-'])
            && digits(offset.get(1..3))
            && offset.get(3..4) == Some(":")
            && digits(offset.get(4..6)));
    zone.then_some(DateTime { fraction, offset })
}

/// A date-time comes back as chrono writes a `DateTime<Utc>`: `T`, the fraction in 3, 6 or 9
/// digits (none when it is zero), and `Z`.
fn date_time(text: &str) -> Result<(), String> {
    let Some(parsed) = parse_date_time(text) else {
        return Err(format!("\"{text}\" is not an RFC 3339 date-time the check can read"));
    };
    let significant = parsed.fraction.trim_end_matches('0');
    let written = match significant.len() {
        0 => 0,
        1..=3 => 3,
        4..=6 => 6,
        _ => 9,
    };
    let canonical = text.get(10..11) == Some("T")
        && parsed.offset == "Z"
        && parsed.fraction.len() == written
        && parsed.fraction.len() <= 9;
    if canonical {
        Ok(())
    } else {
        Err(format!("\"{text}\" comes back in another form (UTC, `T`, `Z`, a fraction of 0, 3, 6 or 9 digits)"))
    }
}

fn integer(ty: &Type, number: &serde_json::Number) -> Result<(), String> {
    let fits = match ty {
        Type::I32 => number.as_i64().is_some_and(|value| i32::try_from(value).is_ok()),
        Type::U32 => number.as_u64().is_some_and(|value| u32::try_from(value).is_ok()),
        Type::U64 => number.as_u64().is_some(),
        _ => number.as_i64().is_some(),
    };
    if fits { Ok(()) } else { Err(format!("{number} does not fit its integer type")) }
}

/// A float comes back as serde_json writes it: an integer as `5.0`, and through `f32` the
/// shortest text that reads back as the same `f32`.
fn float(ty: &Type, number: &serde_json::Number) -> Result<(), String> {
    if !number.is_f64() {
        return Err(format!("the integer {number} comes back as a float ({number}.0)"));
    }
    let value = number.as_f64().unwrap_or_default();
    if *ty == Type::F32 {
        #[allow(clippy::cast_possible_truncation)] // Exactly what decoding into `f32` does.
        let narrowed = value as f32;
        if narrowed.to_string().parse::<f64>().ok() != Some(value) {
            return Err(format!("{number} comes back through `f32` as {narrowed}"));
        }
    }
    Ok(())
}

/// A value for a message: short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ty: &Type, json: &str) -> Result<(), String> {
        let types = HashMap::new();
        Check { types: &types, depth: 0 }.value(ty, &serde_json::from_str(json).unwrap())
    }

    #[test]
    fn date_times_come_back_only_in_the_form_chrono_writes() {
        assert_eq!(check(&Type::DateTime, r#""2024-01-01T00:00:00Z""#), Ok(()));
        assert_eq!(check(&Type::DateTime, r#""2024-01-01T00:00:00.500Z""#), Ok(()));
        assert_eq!(check(&Type::DateTime, r#""2024-01-01T00:00:00.123456789Z""#), Ok(()));
        for other in ["+00:00", ".5Z", ".1234Z", ".000Z", "z"] {
            let text = format!("\"2024-01-01T00:00:00{other}\"");
            assert!(check(&Type::DateTime, &text).is_err(), "{text}");
        }
        assert!(check(&Type::DateTime, r#""2024-01-01t00:00:00Z""#).is_err());
        assert!(check(&Type::DateTime, r#""2024-02-30T00:00:00Z""#).is_err());
        assert!(check(&Type::DateTime, r#""2024-01-01T24:00:00Z""#).is_err());
        assert!(check(&Type::DateTime, r#""2024-01-01é00:00:00Z""#).is_err());
        assert!(check(&Type::DateTime, r#""yesterday""#).is_err());
        assert_eq!(check(&Type::Date, r#""2024-02-29""#), Ok(()));
        assert!(check(&Type::Date, r#""2023-02-29""#).is_err());
        assert!(check(&Type::Date, r#""2024-1-01é""#).is_err());
    }

    fn union(variants: &[(&str, Type)]) -> TypeDef {
        let variants = variants
            .iter()
            .map(|(name, ty)| UnionVariant {
                name: (*name).to_owned(),
                tag_value: None,
                ty: ty.clone(),
                boxed: false,
                docs: Vec::new(),
            })
            .collect();
        let kind = TypeKind::Union {
            tag: None,
            discriminator: None,
            variants,
            fallback: "Unknown".to_owned(),
            display: false,
        };
        TypeDef {
            name: "U".to_owned(),
            docs: Vec::new(),
            deprecated: false,
            kind,
            message_field: None,
            is_error_body: false,
        }
    }

    #[test]
    fn an_untagged_union_is_checked_as_its_first_variant_that_decodes() {
        let def = union(&[("Number", Type::F32), ("String", Type::DateTime), ("Flag", Type::Bool)]);
        let types = HashMap::from([("U", &def)]);
        let check = |json: &str| {
            Check { types: &types, depth: 0 }.value(&Type::Named("U".to_owned()), &serde_json::from_str(json).unwrap())
        };
        assert_eq!(check("1.5"), Ok(()));
        assert!(check("3.14159265358979").is_err(), "f32 is the first variant that decodes it");
        assert_eq!(check(r#""2024-01-01T00:00:00Z""#), Ok(()));
        assert!(check(r#""2024-01-01T00:00:00+00:00""#).is_err());
        assert_eq!(check("true"), Ok(()));
        assert_eq!(check("[1]"), Ok(()), "no variant decodes it: the fallback keeps it");
        assert!(check(r#""2024-01-01 at noon""#).is_err(), "not sure whether chrono reads it");
    }

    #[test]
    fn numbers_come_back_as_written_or_are_refused() {
        assert_eq!(check(&Type::F32, "-5.883"), Ok(()));
        assert!(check(&Type::F32, "3.14159265358979").is_err());
        assert_eq!(check(&Type::F64, "3.14159265358979"), Ok(()));
        assert!(check(&Type::F64, "5").is_err(), "an integer comes back as 5.0");
        assert!(check(&Type::I32, "3000000000").is_err());
        assert_eq!(check(&Type::U32, "3000000000"), Ok(()));
        assert!(check(&Type::I64, "\"5\"").is_err());
        assert_eq!(check(&Type::List(Box::new(Type::Bool)), "[true, false]"), Ok(()));
        assert!(check(&Type::List(Box::new(Type::Bool)), "[true, 1]").is_err());
    }
}
