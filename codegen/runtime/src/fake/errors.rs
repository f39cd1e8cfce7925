//! Error bodies in the spec's error model, and the gRPC codes gateways map HTTP statuses to.

use super::tables::{Code, ErrorCode, FakeSpec};
use reqwest::StatusCode;
use serde_json::{Map, Value};

/// An error body in the spec's error model: the message, and the gRPC code for the status
/// (its name when the code is a string enum that lists it, its number when the code is an
/// integer). A spec with no error model gets `{"message": …}`.
pub(crate) fn body(spec: &FakeSpec, status: StatusCode, message: &str) -> Value {
    let name = grpc_code(status);
    let mut body = Map::new();
    match &spec.error.code {
        Some(ErrorCode { field, format: Code::Names(names) }) if names.iter().any(|known| known == name) => {
            body.insert(field.clone(), Value::from(name));
        }
        Some(ErrorCode { field, format: Code::Number }) => {
            body.insert(field.clone(), Value::from(grpc_number(name)));
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

/// The gRPC codes, each at its number (`google.rpc.Code`).
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

/// The gRPC code an HTTP status stands for, as gRPC gateways map them (its number is its
/// place in [`GRPC_CODES`]).
fn grpc_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        405 | 501 => "UNIMPLEMENTED",
        409 => "ABORTED",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        500 => "INTERNAL",
        502 | 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_numbered_as_google_rpc_code() {
        let numbers: Vec<u64> =
            ["OK", "NOT_FOUND", "UNAUTHENTICATED", "not_found", "7", "NO_SUCH"].map(grpc_number).into();
        assert_eq!(numbers, [0, 5, 16, 5, 7, 2]);
        assert_eq!(grpc_number(grpc_code(StatusCode::SERVICE_UNAVAILABLE)), 14);
    }
}
