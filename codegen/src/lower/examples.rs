//! Which spec examples the generated round-trip tests can carry: an example that would not
//! decode as its type, or would not come back as written, gets a located warning and no test
//! (a failing test in every generated crate would only say the spec's example is wrong).
//!
//! The check follows serde's decoding of the emitted types, as far as it can be sure: a
//! scalar of the wrong JSON type, an integer out of its type's range, a number that `f32`
//! does not write back as written, a missing required field, a `null` that an `Option` drops.
//! What it cannot be sure of (unions, unknown fields) it leaves to the test.

use super::Problem;
use crate::ir::{Example, Type, TypeDef, TypeKind};
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
            (Type::String | Type::Date | Type::DateTime, Value::String(_)) => Ok(()),
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
            // Unions, integer enums and status enums decode by rules the test checks best.
            _ => Ok(()),
        }
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
