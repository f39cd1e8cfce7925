//! Errors returned by [`Client`](crate::Client) operations.

use crate::auth::AuthError;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;

/// A response body that may carry a human-readable message from the server.
pub trait ErrorBody {
    /// The server's message, when the body has one.
    fn message(&self) -> Option<&str> {
        None
    }
}

impl ErrorBody for () {}

impl ErrorBody for String {
    fn message(&self) -> Option<&str> {
        Some(self)
    }
}

impl ErrorBody for serde_json::Value {
    fn message(&self) -> Option<&str> {
        self.get("message").and_then(serde_json::Value::as_str)
    }
}

impl<T> ErrorBody for Vec<T> {}

impl<T> ErrorBody for std::collections::BTreeMap<String, T> {}

/// The error of an operation whose documented error responses decode as `E`.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a documented error status; its body decoded as `E`.
    ///
    /// Headers and body are boxed to keep `Result<T, Error<E>>` small.
    Api {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The decoded error body.
        body: Box<E>,
    },
    /// The response could not be decoded: an undocumented status, or a body that does
    /// not match the spec. Status, headers and the raw body are kept.
    UnexpectedResponse {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The raw response body.
        body: Vec<u8>,
        /// Why decoding failed, when a documented body did not parse.
        source: Option<serde_json::Error>,
    },
    /// No token could be had for the request, which was therefore not sent.
    Auth(AuthError),
    /// A page stream stopped: the server sent a page token it had sent before.
    RepeatedPageToken(String),
    /// The request did not complete: connection, TLS, timeout, or a broken body stream.
    Transport(reqwest::Error),
    /// The request could not be built from the arguments.
    InvalidRequest(String),
    /// A long-running operation ended failed: [`body`](Self::body) is its error, in the
    /// spec's error model, when it reported one. There was no HTTP error: `status()` is `None`.
    OperationFailed {
        /// The operation's id.
        operation_id: String,
        /// The operation's error.
        body: Option<Box<E>>,
    },
    /// A `Poller` of a long-running operation stopped waiting at its policy's timeout; the operation
    /// itself may still be running.
    OperationTimeout {
        /// The operation's id, to resume the wait by.
        operation_id: String,
        /// How long the poller waited.
        waited: std::time::Duration,
    },
    /// A long-running operation succeeded, but its result is not of the type the call
    /// expects (or it has none).
    UnexpectedOperationResult {
        /// The operation's id.
        operation_id: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::UnexpectedResponse { status, .. } => Some(*status),
            Self::Transport(error) => error.status(),
            Self::Auth(_)
            | Self::RepeatedPageToken(_)
            | Self::InvalidRequest(_)
            | Self::OperationFailed { .. }
            | Self::OperationTimeout { .. }
            | Self::UnexpectedOperationResult { .. } => None,
        }
    }

    /// The decoded body of a documented error response, or the error a failed long-running
    /// operation reported.
    pub fn body(&self) -> Option<&E> {
        match self {
            Self::Api { body, .. } => Some(&**body),
            Self::OperationFailed { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// The response headers, when there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api { headers, .. } | Self::UnexpectedResponse { headers, .. } => Some(&**headers),
            _ => None,
        }
    }

    /// The raw body of a response that could not be decoded.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Self::UnexpectedResponse { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// How much of an undecodable body `Debug` shows, and how much `Display` quotes.
const DEBUG_BODY_LIMIT: usize = 4096;
const DISPLAY_BODY_LIMIT: usize = 200;

/// The body as text: lossy UTF-8, cut at `limit` bytes (on a character boundary).
fn body_text(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= limit {
        return text.into_owned();
    }
    let cut = (0..=limit).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0);
    format!("{}… ({} more bytes)", &text[..cut], text.len() - cut)
}

/// A one-line excerpt: runs of white space folded, for messages.
fn excerpt(body: &[u8]) -> String {
    let folded = String::from_utf8_lossy(body).split_whitespace().collect::<Vec<_>>().join(" ");
    body_text(folded.as_bytes(), DISPLAY_BODY_LIMIT)
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, headers, body } => {
                f.debug_struct("Api").field("status", status).field("headers", headers).field("body", body).finish()
            }
            Self::UnexpectedResponse { status, headers, body, source } => f
                .debug_struct("UnexpectedResponse")
                .field("status", status)
                .field("headers", headers)
                .field("body", &body_text(body, DEBUG_BODY_LIMIT))
                .field("source", source)
                .finish(),
            Self::Auth(error) => f.debug_tuple("Auth").field(error).finish(),
            Self::RepeatedPageToken(token) => f.debug_tuple("RepeatedPageToken").field(token).finish(),
            Self::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Self::InvalidRequest(reason) => f.debug_tuple("InvalidRequest").field(reason).finish(),
            Self::OperationFailed { operation_id, body } => {
                f.debug_struct("OperationFailed").field("operation_id", operation_id).field("body", body).finish()
            }
            Self::OperationTimeout { operation_id, waited } => {
                f.debug_struct("OperationTimeout").field("operation_id", operation_id).field("waited", waited).finish()
            }
            Self::UnexpectedOperationResult { operation_id } => {
                f.debug_struct("UnexpectedOperationResult").field("operation_id", operation_id).finish()
            }
        }
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body, .. } => match body.message() {
                Some(message) => write!(f, "HTTP {status}: {message}"),
                None => write!(f, "HTTP {status}"),
            },
            Self::UnexpectedResponse { status, body, source, .. } => {
                write!(f, "unexpected HTTP {status} response ({} bytes)", body.len())?;
                if let Some(source) = source {
                    write!(f, ": {source}")?;
                }
                if !body.is_empty() {
                    write!(f, ": {:?}", excerpt(body))?;
                }
                Ok(())
            }
            Self::Auth(error) => write!(f, "no access token: {error}"),
            Self::RepeatedPageToken(token) => write!(f, "the server sent page token {token:?} twice; stopped paging"),
            Self::Transport(error) => write!(f, "request failed: {error}"),
            Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Self::OperationFailed { operation_id, body } => {
                let message = body.as_deref().and_then(ErrorBody::message).unwrap_or("no message");
                write!(f, "operation {operation_id} failed: {message}")
            }
            Self::OperationTimeout { operation_id, waited } => {
                write!(f, "operation {operation_id} was still running after {waited:?}; stopped waiting")
            }
            Self::UnexpectedOperationResult { operation_id } => {
                write!(f, "operation {operation_id} succeeded without a result of the expected type")
            }
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::UnexpectedResponse { source: Some(source), .. } => Some(source),
            Self::Auth(error) => Some(error),
            Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// The client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse, or cannot be a base for API paths.
    InvalidBaseUrl(String),
    /// The HTTP client could not be initialised (for example, its TLS backend).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl(reason) => write!(f, "invalid base URL: {reason}"),
            Self::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            Self::InvalidBaseUrl(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let body = "é".repeat(3000);
        let text = body_text(body.as_bytes(), 5);
        assert_eq!(text, "éé… (5996 more bytes)");
    }

    #[test]
    fn excerpts_fold_white_space() {
        assert_eq!(
            excerpt(b"<html>\n  <body>Bad   gateway</body>\n</html>"),
            "<html> <body>Bad gateway</body> </html>"
        );
    }
}
