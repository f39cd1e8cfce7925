//! `src/error.rs`: the error type every operation returns. The same for every API.

use proc_macro2::TokenStream;
use quote::quote;

pub fn error() -> TokenStream {
    quote! {
        #![doc = " Errors returned by [`Client`](crate::Client) operations."]

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
        #[derive(Debug)]
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
            /// The request did not complete: connection, TLS, timeout, or a broken body stream.
            Transport(reqwest::Error),
            /// The request could not be built from the arguments.
            InvalidRequest(String),
        }

        impl<E> Error<E> {
            /// The HTTP status of the response, when there was one.
            pub fn status(&self) -> Option<StatusCode> {
                match self {
                    Self::Api { status, .. } | Self::UnexpectedResponse { status, .. } => Some(*status),
                    Self::Transport(error) => error.status(),
                    Self::InvalidRequest(_) => None,
                }
            }

            /// The decoded body of a documented error response.
            pub fn body(&self) -> Option<&E> {
                match self {
                    Self::Api { body, .. } => Some(&**body),
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

        impl<E: ErrorBody> fmt::Display for Error<E> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Self::Api { status, body, .. } => match body.message() {
                        Some(message) => write!(f, "HTTP {status}: {message}"),
                        None => write!(f, "HTTP {status}"),
                    },
                    Self::UnexpectedResponse { status, body, source, .. } => {
                        write!(f, "unexpected HTTP {status} response ({} bytes)", body.len())?;
                        match source {
                            Some(source) => write!(f, ": {source}"),
                            None => Ok(()),
                        }
                    }
                    Self::Transport(error) => write!(f, "request failed: {error}"),
                    Self::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
                }
            }
        }

        impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::UnexpectedResponse { source: Some(source), .. } => Some(source),
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
    }
}
