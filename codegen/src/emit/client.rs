//! `src/client.rs`: the `Client`, one async method per operation, and response dispatch.

use super::{docs, ident, rust_type};
use crate::ir::{Api, Body, BodyMedia, Decode, HeaderArg, Operation, Piece, ResponseArm, Segment, StatusPattern, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn client(api: &Api) -> TokenStream {
    let title = format!(" A client for the {}.", api.title.trim());
    let methods = api.operations.iter().map(operation);
    let models_import = uses_models(api).then(|| {
        quote!(
            use crate::models::*;
        )
    });
    // An API without operations still gets the whole client, unused.
    let unused = api.operations.is_empty().then(|| quote!(#![allow(dead_code)]));
    let base_url = api.default_base_url.as_ref().map(|url| {
        quote! {
            /// The API's default base URL, from the spec's first `servers` entry.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let runtime = runtime();
    let query_helpers = super::query::helpers(api);
    quote! {
        #![doc = " The async HTTP client: one method per operation."]
        // Deprecated operations and schemas stay callable; their users get the warning.
        #![allow(deprecated)]
        #unused

        use crate::error::{BuildError, Error};
        #models_import
        use reqwest::header::{self, HeaderMap};
        use reqwest::{Method, StatusCode, Url};
        use std::fmt;
        use std::time::Duration;

        #base_url

        /// How long a request may take, end to end, unless [`Client::with_timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

        /// The `User-Agent` every request sends: this crate's name and version.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #[doc = #title]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: Url,
            http: reqwest::Client,
            bearer_token: Option<String>,
            timeout: Duration,
        }

        impl Client {
            #(#methods)*
        }

        #runtime

        #query_helpers
    }
}

/// Whether a method signature names a model type (queries use `crate::models::` paths).
fn uses_models(api: &Api) -> bool {
    let named = |ty: &Type| ty.mentions(&|ty| matches!(ty, Type::Named(_)));
    api.operations.iter().any(|op| {
        named(&op.success)
            || named(&op.error)
            || op.body.as_ref().is_some_and(|body| named(&body.ty))
            || op.arms.iter().any(|arm| arm.variant.is_some())
    })
}

fn operation(op: &Operation) -> TokenStream {
    let doc = docs(&op.docs);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = super::ident(&op.method_name);
    let path_args: Vec<_> = op.path_params.iter().map(|arg| ident(arg)).collect();
    let header_args = op.headers.iter().chain(&op.cookies).map(|header| {
        let arg = ident(&header.arg);
        if header.required { quote!(#arg: &str,) } else { quote!(#arg: Option<&str>,) }
    });
    let body_arg = op.body.as_ref().map(|body| {
        let arg = ident(&body.arg);
        let ty = match body.media {
            BodyMedia::Json | BodyMedia::Form => {
                let ty = rust_type(&body.ty);
                quote!(&#ty)
            }
            BodyMedia::Multipart => quote!(reqwest::multipart::Form),
            BodyMedia::Text => quote!(&str),
            BodyMedia::Bytes => quote!(&[u8]),
        };
        quote!(#arg: #ty,)
    });
    let query_arg = op.query.as_ref().map(|query| {
        let arg = ident(&query.arg);
        let ty = ident(&query.type_name);
        quote!(#arg: &crate::models::#ty,)
    });
    let arg_count = op.path_params.len()
        + op.headers.len()
        + op.cookies.len()
        + usize::from(op.body.is_some())
        + usize::from(op.query.is_some());
    // Each argument is a parameter of the spec; a struct of them would hide the signature.
    let many_args = (arg_count > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let success = rust_type(&op.success);
    let error = rust_type(&op.error);
    let segments = op.segments.iter().map(segment);
    let method = ident(&op.http_method);
    let accept = &op.accept;
    let body_call = op.body.as_ref().map(body_call);
    let headers = op.headers.iter().map(header_call);
    let query_pairs = op.query.as_ref().map(super::query::query_pairs);
    let cookie_header = super::query::cookie_header(&op.cookies);
    let arms = dispatch(&op.arms, &op.success, &op.error);
    // One `_` arm (only `default` documented) needs no match.
    let respond = match arms.as_slice() {
        [(None, call)] => quote!(#call),
        arms => {
            let arms = arms.iter().map(|(pattern, call)| {
                let pattern = pattern.clone().unwrap_or_else(|| quote!(_));
                quote!(#pattern => #call,)
            });
            quote!(match raw.status.as_u16() { #(#arms)* })
        }
    };
    quote! {
        #doc
        #deprecated
        #many_args
        pub async fn #name(&self, #(#path_args: &str,)* #(#header_args)* #body_arg #query_arg) -> Result<Response<#success>, Error<#error>> {
            let url = self.url(&[#(#segments),*])?;
            let request = self.request(Method::#method, url, #accept)#body_call;
            #(#headers)*
            #cookie_header
            #query_pairs
            let raw = self.execute(request).await?;
            #respond
        }
    }
}

fn body_call(body: &Body) -> TokenStream {
    let arg = ident(&body.arg);
    let content_type = &body.content_type;
    match body.media {
        BodyMedia::Json => quote!(.json(#arg)),
        BodyMedia::Form => quote!(.form(#arg)),
        BodyMedia::Multipart => quote!(.multipart(#arg)),
        BodyMedia::Text => quote!(.header(header::CONTENT_TYPE, #content_type).body(#arg.to_owned())),
        BodyMedia::Bytes => quote!(.header(header::CONTENT_TYPE, #content_type).body(#arg.to_vec())),
    }
}

fn header_call(header: &HeaderArg) -> TokenStream {
    let arg = ident(&header.arg);
    let wire = &header.wire;
    if header.required {
        quote!(let request = request.header(#wire, #arg);)
    } else {
        quote! {
            let request = match #arg {
                Some(value) => request.header(#wire, value),
                None => request,
            };
        }
    }
}

fn segment(segment: &Segment) -> TokenStream {
    match segment {
        Segment::Literal(text) => quote!(#text),
        Segment::Param(arg) => {
            let arg = ident(arg);
            quote!(#arg)
        }
        Segment::Mixed(pieces) => {
            let mut template = String::new();
            let mut args = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
                    Piece::Param(arg) => {
                        template.push_str("{}");
                        args.push(ident(arg));
                    }
                }
            }
            quote!(format!(#template, #(#args),*).as_str())
        }
    }
}

/// Each arm as (pattern, call); `None` is the catch-all `_`.
fn dispatch(arms: &[ResponseArm], success: &Type, error: &Type) -> Vec<(Option<TokenStream>, TokenStream)> {
    let mut out = Vec::new();
    let mut has_default = false;
    let mut index = 0;
    while index < arms.len() {
        let arm = &arms[index];
        let call = decode_call(arm, if arm.success { success } else { error });
        let pattern = match arm.status {
            StatusPattern::Exact(_) => {
                let same = |next: &&ResponseArm| {
                    matches!(next.status, StatusPattern::Exact(_))
                        && (next.success, next.decode, &next.variant) == (arm.success, arm.decode, &arm.variant)
                };
                let mut codes = vec![];
                while let Some(next) = arms.get(index).filter(same) {
                    if let StatusPattern::Exact(code) = next.status {
                        codes.push(Literal::u16_unsuffixed(code));
                    }
                    index += 1;
                }
                Some(quote!(#(#codes)|*))
            }
            StatusPattern::Range(class) => {
                index += 1;
                let low = Literal::u16_unsuffixed(class * 100);
                let high = Literal::u16_unsuffixed(class * 100 + 99);
                Some(quote!(#low..=#high))
            }
            StatusPattern::Default => {
                index += 1;
                has_default = true;
                None
            }
        };
        out.push((pattern, call));
    }
    if !has_default {
        out.push((None, quote!(raw.unexpected())));
    }
    out
}

/// `raw.ok_with(decode::json)`, or with a closure that wraps the body in its status variant.
fn decode_call(arm: &ResponseArm, ty: &Type) -> TokenStream {
    let decoder = match arm.decode {
        Decode::Json => quote!(decode::json),
        Decode::Text => quote!(decode::text),
        Decode::Bytes => quote!(decode::bytes),
        Decode::Empty => quote!(decode::empty),
    };
    let decoder = match (&arm.variant, arm.decode) {
        (None, _) => decoder,
        (Some(variant), Decode::Empty) => {
            let ty = rust_type(ty);
            let variant = ident(variant);
            quote!(|_| Ok(#ty::#variant))
        }
        (Some(variant), _) => {
            let ty = rust_type(ty);
            let variant = ident(variant);
            quote!(|body| #decoder(body).map(#ty::#variant))
        }
    };
    if arm.success { quote!(raw.ok_with(#decoder)) } else { quote!(raw.error_with(#decoder)) }
}

/// Construction, request building and response decoding: the same for every API.
fn runtime() -> TokenStream {
    quote! {
        impl fmt::Debug for Client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("bearer_token", &self.bearer_token.as_ref().map(|_| "<redacted>"))
                    .field("timeout", &self.timeout)
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for the API at `base_url`.
            pub fn new(base_url: &str) -> Result<Self, BuildError> {
                let http = reqwest::Client::builder().build().map_err(BuildError::Http)?;
                Self::with_http_client(base_url, http)
            }

            /// A client that sends its requests through `http`, with its own pool, proxies and TLS.
            pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
                let mut url = Url::parse(base_url).map_err(|error| BuildError::InvalidBaseUrl(format!("{base_url:?}: {error}")))?;
                if url.cannot_be_a_base() {
                    return Err(BuildError::InvalidBaseUrl(format!("{base_url:?} cannot be a base URL")));
                }
                url.set_query(None);
                url.set_fragment(None);
                Ok(Self { base_url: url, http, bearer_token: None, timeout: DEFAULT_TIMEOUT })
            }

            /// Sends `Authorization: Bearer <token>` with every request.
            pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
                self.bearer_token = Some(token.into());
                self
            }

            /// Bounds every request, from connecting to reading the whole body.
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The base URL that operation paths are appended to.
            pub fn base_url(&self) -> &str {
                self.base_url.as_str()
            }

            /// The base URL with `segments` appended, each percent-encoded as one path segment.
            fn url<E>(&self, segments: &[&str]) -> Result<Url, Error<E>> {
                let mut url = self.base_url.clone();
                url.path_segments_mut()
                    .map_err(|()| Error::InvalidRequest(format!("{} cannot be a base URL", self.base_url)))?
                    .pop_if_empty()
                    .extend(segments);
                Ok(url)
            }

            fn request(&self, method: Method, url: Url, accept: &'static str) -> reqwest::RequestBuilder {
                let request = self
                    .http
                    .request(method, url)
                    .timeout(self.timeout)
                    .header(header::ACCEPT, accept)
                    .header(header::USER_AGENT, USER_AGENT);
                match &self.bearer_token {
                    Some(token) => request.bearer_auth(token),
                    None => request,
                }
            }

            async fn execute<E>(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Error<E>> {
                let response = request.send().await.map_err(transport_error)?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(transport_error)?.to_vec();
                Ok(RawResponse { status, headers, body })
            }
        }

        /// Builder errors (say, a token that is not a valid header value) are the caller's;
        /// the rest are transport failures.
        fn transport_error<E>(error: reqwest::Error) -> Error<E> {
            if error.is_builder() {
                Error::InvalidRequest(error.to_string())
            } else {
                Error::Transport(error)
            }
        }

        /// A successful response: the decoded body, with the status and headers it came with.
        ///
        /// Derefs to the body.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Response<T> {
            status: StatusCode,
            headers: HeaderMap,
            body: T,
        }

        impl<T> Response<T> {
            /// The response status.
            pub fn status(&self) -> StatusCode {
                self.status
            }

            /// The response headers.
            pub fn headers(&self) -> &HeaderMap {
                &self.headers
            }

            /// The decoded body.
            pub fn into_inner(self) -> T {
                self.body
            }
        }

        impl<T> std::ops::Deref for Response<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.body
            }
        }

        /// A response read to the end, before its status decides how to decode it.
        struct RawResponse {
            status: StatusCode,
            headers: HeaderMap,
            body: Vec<u8>,
        }

        // An API without undocumented statuses never calls `unexpected`, and so on.
        #[allow(dead_code)]
        impl RawResponse {
            /// A success: the body decoded by `decode`.
            fn ok_with<T, E>(self, decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>) -> Result<Response<T>, Error<E>> {
                match decode(&self.body) {
                    Ok(body) => Ok(Response { status: self.status, headers: self.headers, body }),
                    Err(source) => Err(self.undecodable(Some(source))),
                }
            }

            /// A documented error: the body decoded by `decode`.
            fn error_with<T, E>(self, decode: impl FnOnce(&[u8]) -> Result<E, serde_json::Error>) -> Result<T, Error<E>> {
                match decode(&self.body) {
                    Ok(body) => Err(Error::Api { status: self.status, headers: Box::new(self.headers), body: Box::new(body) }),
                    Err(source) => Err(self.undecodable(Some(source))),
                }
            }

            /// A status the spec does not document.
            fn unexpected<T, E>(self) -> Result<T, Error<E>> {
                Err(self.undecodable(None))
            }

            fn undecodable<E>(self, source: Option<serde_json::Error>) -> Error<E> {
                Error::UnexpectedResponse { status: self.status, headers: Box::new(self.headers), body: self.body, source }
            }
        }

        /// Response body decoders, one per kind of media the spec documents.
        #[allow(dead_code, clippy::unnecessary_wraps)]
        mod decode {
            use serde::de::DeserializeOwned;

            pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
                serde_json::from_slice(body)
            }

            /// Text is decoded leniently: invalid UTF-8 becomes U+FFFD rather than an error.
            pub fn text(body: &[u8]) -> Result<String, serde_json::Error> {
                Ok(String::from_utf8_lossy(body).into_owned())
            }

            pub fn bytes(body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
                Ok(body.to_vec())
            }

            /// A response documented without a body: whatever was sent is ignored.
            pub fn empty(_: &[u8]) -> Result<(), serde_json::Error> {
                Ok(())
            }
        }
    }
}
