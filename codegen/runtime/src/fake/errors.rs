//! Error bodies in the spec's error model, and the gRPC codes gateways map HTTP statuses to.

use super::tables::{Code, ErrorCode, FakeSpec};
use reqwest::StatusCode;
use serde_json::{Map, Value};

/// An error body in the spec's error model: the message, and the gRPC code for the status
/// (its name when the code is a string enum that lists it, its number when the code is an
/// integer). A spec with no error model gets `{"message": …}`.
pub(crate) fn body(spec: &FakeSpec, status: StatusCode, message: &str) -> Value {
    let (name, number) = grpc_code(status);
    let mut body = Map::new();
    match &spec.error.code {
        Some(ErrorCode { field, format: Code::Names(names) }) if names.iter().any(|known| known == name) => {
            body.insert(field.clone(), Value::from(name));
        }
        Some(ErrorCode { field, format: Code::Number }) => {
            body.insert(field.clone(), Value::from(number));
        }
        _ => {}
    }
    match &spec.error.message {
        Some(field) => {
            body.insert(field.clone(), Value::from(message));
        }
        None if spec.error.code.is_none() => {
            body.insert("message".to_owned(), Value::from(message));
        }
        None => {}
    }
    Value::Object(body)
}

/// The gRPC codes by name (`google.rpc.Code`).
const GRPC_CODES: [&str; 17] = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/// The number of a gRPC code given by name (or as its number); UNKNOWN (2) for another name.
pub(crate) fn grpc_number(code: &str) -> u64 {
    let named = GRPC_CODES.iter().position(|name| name.eq_ignore_ascii_case(code)).map(|at| at as u64);
    named.or_else(|| code.parse().ok()).unwrap_or(2)
}

/// The gRPC code an HTTP status stands for, as gRPC gateways map them.
fn grpc_code(status: StatusCode) -> (&'static str, u16) {
    match status.as_u16() {
        400 => ("INVALID_ARGUMENT", 3),
        401 => ("UNAUTHENTICATED", 16),
        403 => ("PERMISSION_DENIED", 7),
        404 => ("NOT_FOUND", 5),
        405 | 501 => ("UNIMPLEMENTED", 12),
        409 => ("ABORTED", 10),
        412 => ("FAILED_PRECONDITION", 9),
        429 => ("RESOURCE_EXHAUSTED", 8),
        499 => ("CANCELLED", 1),
        500 => ("INTERNAL", 13),
        502 | 503 => ("UNAVAILABLE", 14),
        504 => ("DEADLINE_EXCEEDED", 4),
        _ => ("UNKNOWN", 2),
    }
}

/// A long-running operation's error: `code` as the model writes codes (its name, or its gRPC
/// number), and the message.
pub(crate) fn operation_error(spec: &FakeSpec, code: &str, message: &str) -> Value {
    let mut error = body(spec, StatusCode::INTERNAL_SERVER_ERROR, message);
    if let (Some(model), Value::Object(fields)) = (&spec.error.code, &mut error) {
        let value = match &model.format {
            Code::Names(_) => Value::from(code),
            Code::Number => Value::from(grpc_number(code)),
        };
        fields.insert(model.field.clone(), value);
    }
    error
}
