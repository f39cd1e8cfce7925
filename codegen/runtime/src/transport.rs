//! The [`Client`]: construction, sending (token, retries), and response decoding.
//!
//! The operations themselves are methods in `client.rs`, one per operation of the spec.

use crate::RetryPolicy;
use crate::auth::{AccessToken, StaticToken, TokenSource};
use crate::error::{BuildError, Error};
use crate::hook::{Attempt, Hook};
use crate::retry::{Failure, Retries};
use crate::trace;
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode, Url};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How long one request may take, end to end, unless [`Client::with_timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` every request sends: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API: one async method per operation.
///
/// Cheap to clone: clones share one connection pool, one token cache and one retry budget.
#[derive(Clone)]
pub struct Client {
    base_url: Url,
    http: reqwest::Client,
    tokens: Option<Arc<dyn TokenSource>>,
    timeout: Duration,
    /// Whether each request sets `timeout`: not while it is the one `new` built `http` with,
    /// which saves every call a per-request setting (an allocation, a clone and a drop).
    per_request_timeout: bool,
    retry: Retries,
    hooks: Arc<[Arc<dyn Hook>]>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .field("tokens", &self.tokens)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the API at `base_url`.
    pub fn new(base_url: &str) -> Result<Self, BuildError> {
        let http = reqwest::Client::builder().timeout(DEFAULT_TIMEOUT).build().map_err(BuildError::Http)?;
        Ok(Self { per_request_timeout: false, ..Self::with_http_client(base_url, http)? })
    }

    /// A client that sends its requests through `http`, with its own pool, proxies and TLS.
    pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, BuildError> {
        let mut url =
            Url::parse(base_url).map_err(|error| BuildError::InvalidBaseUrl(format!("{base_url:?}: {error}")))?;
        if url.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl(format!("{base_url:?} cannot be a base URL")));
        }
        url.set_query(None);
        url.set_fragment(None);
        Ok(Self {
            base_url: url,
            http,
            tokens: None,
            timeout: DEFAULT_TIMEOUT,
            per_request_timeout: true,
            retry: Retries::new(RetryPolicy::default()),
            hooks: Arc::new([]),
        })
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn with_bearer_token(self, token: impl Into<String>) -> Self {
        self.with_credentials(StaticToken::new(token))
    }

    /// Gets the bearer token of every request from `tokens`, such as
    /// [`ClientCredentials`](crate::auth::ClientCredentials).
    pub fn with_credentials(mut self, tokens: impl TokenSource + 'static) -> Self {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// Bounds every attempt of a request, from connecting to reading the whole body.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.per_request_timeout = true;
        self
    }

    /// Which failed requests are sent again; [`RetryPolicy::none`] turns retries off. The
    /// policy's budget starts full, shared by this client's clones from here on.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Retries::new(retry);
        self
    }

    /// Runs `hook` around every attempt of every call, after the hooks added before it.
    pub fn with_hook(mut self, hook: impl Hook) -> Self {
        let mut hooks = self.hooks.to_vec();
        hooks.push(Arc::new(hook));
        self.hooks = hooks.into();
        self
    }

    /// The base URL that operation paths are appended to.
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// The base URL with `segments` appended, each percent-encoded as one path segment.
    pub(crate) fn url<E>(&self, segments: &[&str]) -> Result<Url, Error<E>> {
        // URLs drop or resolve `.` and `..` segments (`%2E%2E` too), which would send the
        // request to another resource: `DELETE /things/{id}` with `..` went to `/things`.
        if let Some(dots) = segments.iter().find(|segment| matches!(**segment, "." | "..")) {
            return Err(Error::InvalidRequest(format!("{dots:?} cannot be sent as a path segment")));
        }
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| Error::InvalidRequest(format!("{} cannot be a base URL", self.base_url)))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    pub(crate) fn request(&self, method: Method, url: Url, accept: &'static str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, url);
        if self.per_request_timeout {
            request = request.timeout(self.timeout);
        }
        static_header(static_header(request, header::ACCEPT, accept), header::USER_AGENT, USER_AGENT)
    }

    /// Sends the request of operation `operation_id` with a token, retrying as the policy
    /// allows, and reads the response.
    pub(crate) async fn execute<E>(
        &self,
        operation_id: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<RawResponse, Error<E>> {
        let request = request.build().map_err(transport_error)?;
        let mut attempt = Attempt::first(operation_id);
        // Sends that count against the policy's attempts: the resend after a 401 does not.
        let mut tries = 1;
        let mut renewed_token = false;
        loop {
            // Each attempt sends a copy. A streaming body (multipart) has none: it is sent
            // once, with no retry and no resend after a 401.
            let Some(mut this) = request.try_clone() else {
                return self.send_once(request, &attempt).await;
            };
            let token = self.authorize(&mut this).await?;
            self.before_attempt(&attempt, &mut this);
            let span = trace::attempt_span(&this, attempt.number() - 1, attempt.lazy_invocation_id());
            let failure = match trace::instrument(span.clone(), self.http.execute(this)).await {
                Ok(response) => {
                    let status = response.status();
                    trace::record_status(&span, status);
                    if status == StatusCode::UNAUTHORIZED && !renewed_token && self.renew(token.as_ref()) {
                        self.after_attempt(&attempt, Some(status));
                        renewed_token = true;
                        attempt.advance();
                        continue;
                    }
                    let retry = self.retry.retry(request.method(), tries, Failure::Status(status, response.headers()));
                    if let Some(wait) = retry {
                        self.after_attempt(&attempt, Some(status));
                        tokio::time::sleep(wait).await;
                        tries += 1;
                        attempt.advance();
                        continue;
                    }
                    // The timeout covers the body too: a body that stops coming is retried.
                    match read(response, &span).await {
                        Ok(raw) => {
                            self.retry.answered(status);
                            self.after_attempt(&attempt, Some(status));
                            return Ok(raw);
                        }
                        Err(error) => error,
                    }
                }
                Err(error) => {
                    trace::record_error(&span, &error);
                    error
                }
            };
            self.after_attempt(&attempt, None);
            match self.retry.retry(request.method(), tries, Failure::Error(&failure)) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(transport_error(failure)),
            }
            tries += 1;
            attempt.advance();
        }
    }

    async fn send_once<E>(&self, mut request: reqwest::Request, attempt: &Attempt) -> Result<RawResponse, Error<E>> {
        self.authorize(&mut request).await?;
        self.before_attempt(attempt, &mut request);
        let span = trace::attempt_span(&request, 0, attempt.lazy_invocation_id());
        let sent = match trace::instrument(span.clone(), self.http.execute(request)).await {
            Ok(response) => {
                let status = response.status();
                trace::record_status(&span, status);
                read(response, &span).await.map(|raw| (status, raw))
            }
            Err(error) => {
                trace::record_error(&span, &error);
                Err(error)
            }
        };
        self.after_attempt(attempt, sent.as_ref().ok().map(|(status, _)| *status));
        let (status, raw) = sent.map_err(transport_error)?;
        self.retry.answered(status);
        Ok(raw)
    }

    /// A 401 to a request that carried `token`: whether the token source may give another.
    fn renew(&self, token: Option<&AccessToken>) -> bool {
        match (&self.tokens, token) {
            (Some(tokens), Some(token)) => tokens.invalidate(token),
            _ => false,
        }
    }

    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        for hook in self.hooks.iter() {
            hook.before_attempt(attempt, request);
        }
    }

    fn after_attempt(&self, attempt: &Attempt, status: Option<StatusCode>) {
        for hook in self.hooks.iter() {
            hook.after_attempt(attempt, status);
        }
    }

    /// Sets `Authorization` from the token source; returns the token it sent.
    async fn authorize<E>(&self, request: &mut reqwest::Request) -> Result<Option<AccessToken>, Error<E>> {
        let Some(tokens) = &self.tokens else {
            return Ok(None);
        };
        let token = tokens.token(&self.http).await.map_err(Error::Auth)?;
        let mut value = header::HeaderValue::try_from(format!("Bearer {}", token.secret()))
            .map_err(|_| Error::InvalidRequest("the access token is not a valid header value".to_owned()))?;
        value.set_sensitive(true);
        request.headers_mut().insert(header::AUTHORIZATION, value);
        Ok(Some(token))
    }
}

/// Adds a header whose value borrows its `'static` text instead of copying it (every call
/// sends two); text that is not a valid value goes as it is, for the builder to report.
fn static_header(
    request: reqwest::RequestBuilder,
    name: header::HeaderName,
    text: &'static str,
) -> reqwest::RequestBuilder {
    // `from_static` panics on what `from_str` rejects: only visible ASCII and tabs are valid.
    if text.bytes().all(|byte| byte == b'\t' || (0x20..0x7f).contains(&byte)) {
        request.header(name, header::HeaderValue::from_static(text))
    } else {
        request.header(name, text)
    }
}

/// Reads the whole body, within the attempt's span.
async fn read(mut response: reqwest::Response, span: &trace::Span) -> Result<RawResponse, reqwest::Error> {
    let status = response.status();
    // Taken, not cloned: the body is read without them.
    let headers = std::mem::take(response.headers_mut());
    let body = trace::instrument(span.clone(), response.bytes()).await.inspect_err(|error| {
        trace::record_error(span, error);
    })?;
    // Without a copy when the body is one buffer of its own.
    Ok(RawResponse { status, headers, body: body.into() })
}

/// Builder errors (say, a header value that is not valid) are the caller's; the rest are
/// transport failures.
fn transport_error<E>(error: reqwest::Error) -> Error<E> {
    if error.is_builder() { Error::InvalidRequest(error.to_string()) } else { Error::Transport(error) }
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
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[allow(dead_code, reason = "which of these a crate calls depends on the responses its spec documents")]
impl RawResponse {
    /// A success: the body decoded by `decode`.
    pub(crate) fn ok_with<T, E>(
        self,
        decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<Response<T>, Error<E>> {
        match decode(&self.body) {
            Ok(body) => Ok(Response { status: self.status, headers: self.headers, body }),
            Err(source) => Err(self.undecodable(Some(source))),
        }
    }

    /// A documented error: the body decoded by `decode`.
    pub(crate) fn error_with<T, E>(
        self,
        decode: impl FnOnce(&[u8]) -> Result<E, serde_json::Error>,
    ) -> Result<T, Error<E>> {
        match decode(&self.body) {
            Ok(body) => Err(Error::Api { status: self.status, headers: Box::new(self.headers), body: Box::new(body) }),
            Err(source) => Err(self.undecodable(Some(source))),
        }
    }

    /// A status the spec does not document.
    pub(crate) fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(self.undecodable(None))
    }

    fn undecodable<E>(self, source: Option<serde_json::Error>) -> Error<E> {
        Error::UnexpectedResponse { status: self.status, headers: Box::new(self.headers), body: self.body, source }
    }
}

/// Response body decoders, one per kind of media a spec documents (not every spec uses each).
#[allow(dead_code, reason = "a spec documents some kinds of media, rarely all")]
#[allow(clippy::unnecessary_wraps, reason = "every decoder has the same signature")]
pub(crate) mod decode {
    use serde::de::DeserializeOwned;

    pub(crate) fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// Text is decoded leniently: invalid UTF-8 becomes U+FFFD rather than an error.
    pub(crate) fn text(body: &[u8]) -> Result<String, serde_json::Error> {
        Ok(String::from_utf8_lossy(body).into_owned())
    }

    pub(crate) fn bytes(body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
        Ok(body.to_vec())
    }

    /// A response documented without a body: whatever was sent is ignored.
    pub(crate) fn empty(_: &[u8]) -> Result<(), serde_json::Error> {
        Ok(())
    }
}
