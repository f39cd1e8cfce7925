//! The spans of the generated client (feature `tracing`) against a real HTTP server on
//! 127.0.0.1 (wiremock), captured by a minimal subscriber: a GET retried once, a masked
//! PATCH, a two-page stream and a token fetch, with no secret anywhere in what is recorded.
#![cfg(feature = "tracing")]

use redpanda_cloud::auth::ClientCredentials;
use redpanda_cloud::models::{ListUserInvitesQuery, UpdateUserInviteBody, UserInviteUpdate};
use redpanda_cloud::{Client, RetryPolicy, TryStreamExt};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "client-secret-never-traced";
const TOKEN: &str = "access-token-never-traced";

/// A span as the subscriber saw it: its name, its parent's index, and every field recorded.
#[derive(Debug, Clone)]
struct Captured {
    name: &'static str,
    parent: Option<usize>,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Records the crate's spans (target `redpanda_cloud…`); a span's id is its index + 1.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<Captured>>>,
    entered: Arc<Mutex<Vec<usize>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("redpanda_cloud")
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let parent = match attributes.parent() {
            Some(parent) => Some(parent.into_u64() as usize - 1),
            None if attributes.is_contextual() => self.entered.lock().unwrap().last().copied(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(Captured { name: attributes.metadata().name(), parent, fields });
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut Fields(&mut spans[span.into_u64() as usize - 1].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, span: &Id) {
        self.entered.lock().unwrap().push(span.into_u64() as usize - 1);
    }

    fn exit(&self, _: &Id) {
        self.entered.lock().unwrap().pop();
    }
}

impl Capture {
    /// Installs the subscriber on this thread (the test's single-threaded runtime).
    fn install() -> (Self, tracing::subscriber::DefaultGuard) {
        let capture = Self::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        (capture, guard)
    }

    fn spans(&self) -> Vec<Captured> {
        self.spans.lock().unwrap().clone()
    }
}

/// The spans' names, each indented under its parent.
fn tree(spans: &[Captured]) -> Vec<String> {
    let depth = |mut index: usize| {
        let mut depth = 0;
        while let Some(parent) = spans[index].parent {
            (index, depth) = (parent, depth + 1);
        }
        depth
    };
    spans.iter().enumerate().map(|(index, span)| format!("{}{}", "  ".repeat(depth(index)), span.name)).collect()
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn invite(id: &str) -> serde_json::Value {
    json!({"id": id, "email": format!("{id}@example.com")})
}

#[tokio::test]
async fn a_get_retried_once_has_an_operation_span_and_two_attempt_spans() {
    let server = MockServer::start().await;
    let unavailable = ResponseTemplate::new(503);
    Mock::given(method("GET"))
        .and(path("/v1/user-invites/a"))
        .respond_with(unavailable)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let found = ResponseTemplate::new(200).set_body_json(json!({"user_invite": invite("a")}));
    Mock::given(method("GET")).and(path("/v1/user-invites/a")).respond_with(found).mount(&server).await;
    let invocations = InvocationIds::default();
    let client = Client::new(&server.uri())
        .unwrap()
        .with_retry(fast_retry())
        .with_bearer_token(TOKEN)
        .with_hook(invocations.clone());
    let (capture, _guard) = Capture::install();

    client.get_user_invite("a").await.expect("the retry succeeds");

    let spans = capture.spans();
    assert_eq!(tree(&spans), ["UserInviteService_GetUserInvite", "  HTTP request", "  HTTP request"], "{spans:#?}");
    let [operation, first, second] = &spans[..] else { unreachable!() };
    assert_eq!(operation.fields, BTreeMap::from([("url.template".to_owned(), "/v1/user-invites/{id}".to_owned())]));
    let port = server.address().port().to_string();
    for attempt in [first, second] {
        assert_eq!(attempt.field("http.request.method"), Some("GET"));
        assert_eq!(attempt.field("url.full"), Some(format!("{}/v1/user-invites/a", server.uri()).as_str()));
        assert_eq!(attempt.field("server.address"), Some("127.0.0.1"));
        assert_eq!(attempt.field("server.port"), Some(port.as_str()));
        assert_eq!(attempt.field("otel.kind"), Some("client"));
    }
    assert_eq!(first.field("http.response.status_code"), Some("503"));
    assert_eq!(first.field("error.type"), Some("503"));
    assert_eq!(first.field("http.request.resend_count"), None, "the first send is no resend");
    assert_eq!(second.field("http.response.status_code"), Some("200"));
    assert_eq!(second.field("error.type"), None);
    assert_eq!(second.field("http.request.resend_count"), Some("1"));
    let seen = invocations.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for (attempt, hooked) in [first, second].into_iter().zip(&seen) {
        assert_eq!(attempt.field("invocation.id"), Some(hooked.as_str()), "the hooks' id is the spans'");
    }
    assert_eq!(seen[0], seen[1], "one id for both attempts");
}

/// The invocation id of every attempt, as hooks see it.
#[derive(Clone, Default)]
struct InvocationIds(Arc<Mutex<Vec<String>>>);

impl redpanda_cloud::Hook for InvocationIds {
    fn before_attempt(&self, attempt: &redpanda_cloud::Attempt, _: &mut redpanda_cloud::reqwest::Request) {
        self.0.lock().unwrap().push(attempt.invocation_id().to_owned());
    }
}

#[tokio::test]
async fn a_masked_patch_records_its_mask_paths_on_the_operation_span() {
    let server = MockServer::start().await;
    let updated = ResponseTemplate::new(200).set_body_json(json!({"user_invite": invite("a")}));
    Mock::given(method("PATCH")).and(path("/v1/user-invites/a")).respond_with(updated).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let expires_at: chrono::DateTime<chrono::Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
    let update = UserInviteUpdate::default().set_expires_at(expires_at).set_role_bindings(Vec::new());
    let body = UpdateUserInviteBody::from_set_fields(update);
    let (capture, _guard) = Capture::install();

    client.update_user_invite("a", &body).await.expect("the update succeeds");

    let spans = capture.spans();
    assert_eq!(tree(&spans), ["UserInviteService_UpdateUserInvite", "  HTTP request"], "{spans:#?}");
    assert_eq!(spans[0].field("update_mask"), Some("expiresAt,roleBindings"));
    assert_eq!(spans[0].field("url.template"), Some("/v1/user-invites/{id}"));
    assert_eq!(spans[1].field("http.request.method"), Some("PATCH"));
    assert_eq!(spans[1].field("http.response.status_code"), Some("200"));
}

#[tokio::test]
async fn each_page_of_a_stream_has_a_numbered_span_around_its_call() {
    let server = MockServer::start().await;
    let second =
        ResponseTemplate::new(200).set_body_json(json!({"user_invites": [invite("b")], "next_page_token": ""}));
    Mock::given(method("GET"))
        .and(path("/v1/user-invites"))
        .and(query_param("page_token", "p2"))
        .respond_with(second)
        .mount(&server)
        .await;
    let first =
        ResponseTemplate::new(200).set_body_json(json!({"user_invites": [invite("a")], "next_page_token": "p2"}));
    Mock::given(method("GET")).and(path("/v1/user-invites")).respond_with(first).up_to_n_times(1).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let (capture, _guard) = Capture::install();

    let invites: Vec<_> = client
        .list_user_invites_stream(&ListUserInvitesQuery::default().set_page_size(1))
        .try_collect()
        .await
        .expect("both pages decode");

    assert_eq!(invites.len(), 2);
    let spans = capture.spans();
    let expected = [
        "page",
        "  UserInviteService_ListUserInvites",
        "    HTTP request",
        "page",
        "  UserInviteService_ListUserInvites",
        "    HTTP request",
    ];
    assert_eq!(tree(&spans), expected, "{spans:#?}");
    assert_eq!(spans[0].field("page.number"), Some("1"));
    assert_eq!(spans[3].field("page.number"), Some("2"));
    let uri = server.uri();
    assert_eq!(spans[2].field("url.full"), Some(format!("{uri}/v1/user-invites?page_size=1").as_str()));
    assert_eq!(spans[5].field("url.full"), Some(format!("{uri}/v1/user-invites?page_size=1&page_token=p2").as_str()));
}

#[tokio::test]
async fn a_token_fetch_has_its_span_and_no_secret_is_recorded() {
    let server = MockServer::start().await;
    let grant = json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600});
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(grant))
        .expect(1)
        .mount(&server)
        .await;
    let found = ResponseTemplate::new(200).set_body_json(json!({"user_invite": invite("a")}));
    Mock::given(method("GET")).and(path("/v1/user-invites/a")).respond_with(found).mount(&server).await;
    let credentials =
        ClientCredentials::new("my-client", SECRET).with_token_url(&format!("{}/oauth/token", server.uri()));
    let client = Client::new(&server.uri()).unwrap().with_credentials(credentials);
    let (capture, _guard) = Capture::install();

    client.get_user_invite("a").await.expect("the call succeeds");
    client.get_user_invite("a").await.expect("the token is cached");

    let spans = capture.spans();
    let expected = [
        "UserInviteService_GetUserInvite",
        "  token request",
        "  HTTP request",
        "UserInviteService_GetUserInvite",
        "  HTTP request",
    ];
    assert_eq!(tree(&spans), expected, "one token fetch: {spans:#?}");
    let token = &spans[1];
    assert_eq!(token.field("http.request.method"), Some("POST"));
    assert_eq!(token.field("url.full"), Some(format!("{}/oauth/token", server.uri()).as_str()));
    assert_eq!(token.field("server.address"), Some("127.0.0.1"));
    assert_eq!(token.field("http.response.status_code"), Some("200"));
    let recorded = format!("{spans:?}");
    assert!(!recorded.contains(SECRET) && !recorded.contains(TOKEN), "{recorded}");
}

#[tokio::test]
async fn a_refused_token_fetch_records_the_error_and_no_secret() {
    let server = MockServer::start().await;
    let refusal = ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"}));
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(refusal).mount(&server).await;
    let credentials = ClientCredentials::new("my-client", SECRET)
        .with_token_url(&format!("http://user:{SECRET}@127.0.0.1:{}/oauth/token", server.address().port()));
    let client = Client::new(&server.uri()).unwrap().with_credentials(credentials);
    let (capture, _guard) = Capture::install();

    client.get_user_invite("a").await.expect_err("no token, no call");

    let spans = capture.spans();
    assert_eq!(tree(&spans), ["UserInviteService_GetUserInvite", "  token request"], "{spans:#?}");
    assert_eq!(spans[1].field("error.type"), Some("401"));
    let url = format!("http://REDACTED:REDACTED@127.0.0.1:{}/oauth/token", server.address().port());
    assert_eq!(spans[1].field("url.full"), Some(url.as_str()), "user info in a URL is a credential");
    let recorded = format!("{spans:?}");
    assert!(!recorded.contains(SECRET), "{recorded}");
}
