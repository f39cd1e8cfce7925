//! Spans for every call, with the `tracing` feature; without it, stand-ins that compile to
//! nothing.
//!
//! One span per operation call, named after the operation (its operationId), with
//! `url.template`; inside it, one span per HTTP attempt with the OpenTelemetry HTTP client
//! attributes and the call's `invocation.id`, and one per token fetch. Page streams open one span per page around the
//! page's operation span. No field ever holds a credential: URLs lose their user info and
//! the values of signature query parameters, and tokens and secrets are never recorded.

#[cfg(feature = "tracing")]
pub(crate) use tracing::Span;

/// Without the `tracing` feature: a span that records nothing.
#[cfg(not(feature = "tracing"))]
#[derive(Clone)]
pub(crate) struct Span;

/// The span of one operation call: `operation_span!("OperationId", "/path/{template}")`,
/// and for an update with a field mask, a third argument: the mask's paths
/// (`Option<&str>`), recorded as `update_mask`.
macro_rules! operation_span {
    ($name:literal, $template:literal) => {{
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!($name, url.template = $template);
        #[cfg(not(feature = "tracing"))]
        let span = $crate::trace::Span;
        span
    }};
    ($name:literal, $template:literal, $mask:expr) => {{
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!($name, url.template = $template, update_mask = $mask);
        #[cfg(not(feature = "tracing"))]
        let span = {
            let _ = $mask;
            $crate::trace::Span
        };
        span
    }};
}
#[allow(unused_imports, reason = "the client's methods use it; the runtime's own stand-in client, some")]
pub(crate) use operation_span;

/// Runs `future` inside `span`.
#[cfg(feature = "tracing")]
pub(crate) fn instrument<F: std::future::Future>(span: Span, future: F) -> tracing::instrument::Instrumented<F> {
    tracing::Instrument::instrument(future, span)
}

/// Runs `future` (no span without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
pub(crate) fn instrument<F: std::future::Future>(_: Span, future: F) -> F {
    future
}

/// One HTTP attempt of an operation: `resends` is how many times the request was sent before;
/// `invocation_id` is the call's (the same on every attempt), formatted only if recorded.
#[cfg(feature = "tracing")]
pub(crate) fn attempt_span(request: &reqwest::Request, resends: u32, invocation_id: impl std::fmt::Display) -> Span {
    let url = request.url();
    let method = request.method().as_str();
    tracing::info_span!(
        "HTTP request",
        otel.kind = "client",
        otel.name = method,
        http.request.method = method,
        url.full = url_full(url),
        server.address = url.host_str(),
        server.port = url.port_or_known_default(),
        http.request.resend_count = (resends > 0).then_some(resends),
        invocation.id = %invocation_id,
        http.response.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
    )
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn attempt_span(_: &reqwest::Request, _: u32, _: impl std::fmt::Display) -> Span {
    Span
}

/// One request to an OAuth2 token endpoint. Neither the form (it holds the client secret)
/// nor the answer (the token) is recorded.
#[cfg(feature = "tracing")]
pub(crate) fn token_span(token_url: &str) -> Span {
    let url = reqwest::Url::parse(token_url).ok();
    tracing::info_span!(
        "token request",
        otel.kind = "client",
        otel.name = "POST",
        http.request.method = "POST",
        url.full = url.as_ref().map(url_full),
        server.address = url.as_ref().and_then(|url| url.host_str().map(str::to_owned)),
        http.response.status_code = tracing::field::Empty,
        error.type = tracing::field::Empty,
    )
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn token_span(_: &str) -> Span {
    Span
}

/// The response status; a 4xx or 5xx is also the attempt's `error.type`, as OpenTelemetry
/// records HTTP client errors.
#[allow(unused_variables, reason = "without the `tracing` feature there is nothing to record")]
pub(crate) fn record_status(span: &Span, status: reqwest::StatusCode) {
    #[cfg(feature = "tracing")]
    {
        span.record("http.response.status_code", status.as_u16());
        if status.is_client_error() || status.is_server_error() {
            span.record("error.type", status.as_str());
        }
    }
}

/// A request that got no (whole) response.
#[allow(unused_variables, reason = "without the `tracing` feature there is nothing to record")]
pub(crate) fn record_error(span: &Span, error: &reqwest::Error) {
    #[cfg(feature = "tracing")]
    span.record("error.type", error_type(error));
}

/// A low-cardinality name for what went wrong.
#[cfg(feature = "tracing")]
fn error_type(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else if error.is_redirect() {
        "redirect"
    } else {
        "_OTHER"
    }
}

/// Query parameters whose values are credentials (OpenTelemetry's list for `url.full`).
#[cfg(any(feature = "tracing", test))]
const SECRET_QUERY_KEYS: &[&str] = &["AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"];

/// `url.full` as OpenTelemetry writes it: the query kept, user info and signature values
/// replaced by `REDACTED`, no fragment.
#[cfg(any(feature = "tracing", test))]
fn url_full(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    if !url.username().is_empty() || url.password().is_some() {
        // Only URLs without a host refuse these, and those have no user info.
        let _ = url.set_username("REDACTED");
        let _ = url.set_password(Some("REDACTED"));
    }
    if url.query_pairs().any(|(key, _)| SECRET_QUERY_KEYS.contains(&&*key)) {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let value = if SECRET_QUERY_KEYS.contains(&&*key) { "REDACTED".into() } else { value };
                (key.into_owned(), value.into_owned())
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(url: &str) -> String {
        url_full(&reqwest::Url::parse(url).unwrap())
    }

    #[test]
    fn url_full_keeps_the_query_and_drops_credentials() {
        assert_eq!(
            full("https://api.example.com/v1/things?page_size=2&x=a%20b"),
            "https://api.example.com/v1/things?page_size=2&x=a%20b"
        );
        assert_eq!(full("https://user:pw@api.example.com/v1#frag"), "https://REDACTED:REDACTED@api.example.com/v1");
        assert_eq!(
            full("https://bucket.example.com/o?X-Goog-Signature=abc&name=x&sig=def"),
            "https://bucket.example.com/o?X-Goog-Signature=REDACTED&name=x&sig=REDACTED"
        );
    }
}
