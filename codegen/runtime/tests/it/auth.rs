//! Access tokens against a real HTTP server: the client-credentials flow, its cache, 401
//! handling, refusals, secrecy, static and custom token sources.

use crate::common::{
    self, Sequence, authorizations, fast_retry, form_pairs, grant, header, json, refused_url, requests_to,
};
use codegen_runtime::auth::{AccessToken, AuthError, ClientCredentials, TokenFuture, TokenSource};
use codegen_runtime::{Client, Error, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "s3cret-value-never-shown";
const TOKEN: &str = "tok-never-shown-either";

fn credentials(server: &MockServer) -> ClientCredentials {
    ClientCredentials::new("my-client", SECRET)
        .with_token_url(&format!("{}/oauth/token", server.uri()))
        .with_audience("my-audience")
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri()).unwrap().with_retry(fast_retry()).with_credentials(credentials(server))
}

async fn mount_token(server: &MockServer, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(responder).expect(times).mount(server).await;
}

async fn mount_things(server: &MockServer, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method("GET")).and(path("/things")).respond_with(responder).expect(times).mount(server).await;
}

fn empty_page() -> ResponseTemplate {
    json(200, serde_json::json!({"things": [], "next_page_token": null}))
}

#[test]
fn defaults_come_from_the_spec_until_overridden() {
    let defaults = ClientCredentials::new("id", "secret");
    assert_eq!(defaults.token_url(), Some("https://auth.example.com/oauth/token"));
    assert_eq!(defaults.audience(), Some("example-audience"));
    let custom = defaults.with_token_url("http://127.0.0.1:1/token").with_audience("other");
    assert_eq!(custom.token_url(), Some("http://127.0.0.1:1/token"));
    assert_eq!(custom.audience(), Some("other"));
}

#[tokio::test]
async fn token_request_is_a_client_credentials_form_post_and_the_api_gets_the_bearer_token() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 1).await;
    mount_things(&server, empty_page(), 1).await;

    client(&server).list_things(None).await.unwrap();

    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(token_requests.len(), 1);
    let request = &token_requests[0];
    assert_eq!(header(request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(header(request, "authorization"), None);
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        format!("grant_type=client_credentials&client_id=my-client&client_secret={SECRET}&audience=my-audience")
    );
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), [format!("Bearer {TOKEN}")]);
}

#[tokio::test]
async fn without_audience_sends_none() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, None), 1).await;
    mount_things(&server, empty_page(), 1).await;
    let credentials = credentials(&server).without_audience();
    assert_eq!(credentials.audience(), None);

    Client::new(&server.uri()).unwrap().with_credentials(credentials).list_things(None).await.unwrap();

    let token_requests = requests_to(&server, "/oauth/token").await;
    let keys: Vec<String> = form_pairs(&token_requests[0].body).into_iter().map(|(key, _)| key).collect();
    assert_eq!(keys, ["grant_type", "client_id", "client_secret"]);
}

#[tokio::test]
async fn expires_in_sent_as_a_string_is_understood() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": "1"});
    mount_token(&server, json(200, body), 2).await;
    mount_things(&server, empty_page(), 2).await;
    let client = client(&server);

    client.list_things(None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_things(None).await.unwrap();

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2, "the 1 s token expired and was fetched again");
}

#[tokio::test]
async fn form_values_are_url_encoded() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, None), 1).await;
    mount_things(&server, empty_page(), 1).await;
    let credentials = ClientCredentials::new("id with space", "p&ss=w+rd/%")
        .with_token_url(&format!("{}/oauth/token", server.uri()))
        .with_audience("https://api.example.com/?a=b");

    Client::new(&server.uri()).unwrap().with_credentials(credentials).list_things(None).await.unwrap();

    let token_requests = requests_to(&server, "/oauth/token").await;
    let pairs = form_pairs(&token_requests[0].body);
    let expected = [
        ("grant_type", "client_credentials"),
        ("client_id", "id with space"),
        ("client_secret", "p&ss=w+rd/%"),
        ("audience", "https://api.example.com/?a=b"),
    ];
    assert_eq!(pairs, expected.map(|(key, value)| (key.to_owned(), value.to_owned())));
}

#[tokio::test]
async fn the_token_is_cached_across_calls_and_clones() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 1).await;
    mount_things(&server, empty_page(), 5).await;
    let client = client(&server);

    for _ in 0..3 {
        client.list_things(None).await.unwrap();
    }
    let clone = client.clone();
    clone.list_things(None).await.unwrap();
    clone.delete_thing("x").await.unwrap_err(); // Not mounted: 404, but sent with the cached token.
    client.list_things(None).await.unwrap();

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), vec![format!("Bearer {TOKEN}"); 5]);
    let delete = requests_to(&server, "/things/x").await;
    assert_eq!(authorizations(&delete), [format!("Bearer {TOKEN}")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_calls_share_one_token_fetch() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)).set_delay(Duration::from_millis(200)), 1).await;
    mount_things(&server, empty_page(), 8).await;
    let client = client(&server);

    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_things(None).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), vec![format!("Bearer {TOKEN}"); 8]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_calls_share_one_refusal() {
    let server = MockServer::start().await;
    let refusal = json(401, serde_json::json!({"error": "invalid_client"})).set_delay(Duration::from_millis(200));
    mount_token(&server, refusal, 1).await;
    mount_things(&server, empty_page(), 0).await;
    let client = client(&server);

    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_things(None).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        assert!(
            matches!(&error, Error::Auth(AuthError::Refused { status, error: Some(code), .. })
                if status.as_u16() == 401 && code == "invalid_client"),
            "{error:?}"
        );
    }

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1, "one token request for the 8 callers");
    assert!(requests_to(&server, "/things").await.is_empty());
}

#[tokio::test]
async fn a_later_call_tries_again_after_a_refusal() {
    let server = MockServer::start().await;
    mount_token(&server, Sequence::new([json(503, serde_json::json!({})), grant(TOKEN, Some(3600))]), 2).await;
    mount_things(&server, empty_page(), 1).await;
    let client = client(&server);

    let error = client.list_things(None).await.unwrap_err();
    assert!(matches!(&error, Error::Auth(AuthError::Refused { status, .. }) if status.as_u16() == 503), "{error:?}");
    client.list_things(None).await.expect("the next call fetches a token again");

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = MockServer::start().await;
    mount_token(&server, Sequence::new([grant("first", Some(1)), grant("second", Some(1))]), 2).await;
    mount_things(&server, empty_page(), 3).await;
    let client = client(&server);

    client.list_things(None).await.unwrap();
    client.list_things(None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_things(None).await.unwrap();

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), ["Bearer first", "Bearer first", "Bearer second"]);
}

#[tokio::test]
async fn a_401_refetches_the_token_once_and_resends_once() {
    let server = MockServer::start().await;
    mount_token(&server, Sequence::new([grant("revoked", Some(3600)), grant("fresh", Some(3600))]), 2).await;
    let unauthorized = json(401, serde_json::json!({"message": "token revoked"}));
    mount_things(&server, Sequence::new([unauthorized, empty_page()]), 3).await;
    let client = client(&server);

    client.list_things(None).await.unwrap();
    client.list_things(None).await.unwrap(); // The fresh token is cached.

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), ["Bearer revoked", "Bearer fresh", "Bearer fresh"]);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried() {
    let server = MockServer::start().await;
    mount_token(&server, Sequence::new([grant("one", Some(3600)), grant("two", Some(3600))]), 2).await;
    mount_things(&server, json(401, serde_json::json!({"message": "no access"})), 2).await;

    let error = client(&server).list_things(None).await.unwrap_err();

    assert!(matches!(error, Error::Api { status, .. } if status == 401), "{error:?}");
    assert_eq!(error.body(), Some(&serde_json::json!({"message": "no access"})));
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    assert_eq!(authorizations(&requests_to(&server, "/things").await), ["Bearer one", "Bearer two"]);
}

#[tokio::test]
async fn the_resend_after_a_401_carries_the_same_body() {
    let server = MockServer::start().await;
    mount_token(&server, Sequence::new([grant("old", None), grant("new", None)]), 2).await;
    let responses = Sequence::new([ResponseTemplate::new(401), json(200, serde_json::json!({"ok": true}))]);
    Mock::given(method("PATCH")).and(path("/things/7")).respond_with(responses).expect(2).mount(&server).await;
    let patch = serde_json::json!({"name": "renamed", "tags": ["a", "b"]});

    let updated = client(&server).update_thing("7", &patch).await.unwrap();

    assert_eq!(*updated, serde_json::json!({"ok": true}));
    let sent = requests_to(&server, "/things/7").await;
    assert_eq!(authorizations(&sent), ["Bearer old", "Bearer new"]);
    for request in &sent {
        assert_eq!(request.body_json::<serde_json::Value>().unwrap(), patch);
        assert_eq!(header(request, "content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_and_no_api_request_is_sent() {
    for status in [400, 401] {
        let server = MockServer::start().await;
        let refusal =
            json(status, serde_json::json!({"error": "invalid_client", "error_description": "unknown client"}));
        mount_token(&server, refusal, 1).await;
        mount_things(&server, empty_page(), 0).await;

        let error = client(&server).list_things(None).await.unwrap_err();

        let token_url = format!("{}/oauth/token", server.uri());
        match &error {
            Error::Auth(AuthError::Refused { token_url: url, status: got, error, description }) => {
                assert_eq!(*url, token_url);
                assert_eq!(got.as_u16(), status);
                assert_eq!(error.as_deref(), Some("invalid_client"));
                assert_eq!(description.as_deref(), Some("unknown client"));
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(error.status(), None, "the API sent no response");
        let message = error.to_string();
        assert!(message.contains(&token_url), "{message}");
        assert!(message.contains(&status.to_string()), "{message}");
        assert!(message.contains("invalid_client"), "{message}");
        assert!(!message.contains(SECRET) && !format!("{error:?}").contains(SECRET), "{error:?}");
        assert!(requests_to(&server, "/things").await.is_empty());
        server.verify().await;
    }
}

#[tokio::test]
async fn a_refusal_without_an_oauth_body_still_names_the_status() {
    let server = MockServer::start().await;
    mount_token(&server, ResponseTemplate::new(503).set_body_string("<html>down</html>"), 1).await;
    mount_things(&server, empty_page(), 0).await;

    let error = client(&server).list_things(None).await.unwrap_err();

    assert!(
        matches!(&error, Error::Auth(AuthError::Refused { status, error: None, .. }) if *status == 503),
        "{error:?}"
    );
    assert!(error.to_string().contains("503"), "{error}");
}

#[tokio::test]
async fn a_grant_without_a_token_is_an_invalid_response() {
    let server = MockServer::start().await;
    mount_token(&server, json(200, serde_json::json!({"token_type": "Bearer"})), 1).await;
    mount_things(&server, empty_page(), 0).await;

    let error = client(&server).list_things(None).await.unwrap_err();

    assert!(matches!(&error, Error::Auth(AuthError::InvalidResponse { .. })), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_transport_error() {
    let server = MockServer::start().await;
    mount_things(&server, empty_page(), 0).await;
    let credentials = ClientCredentials::new("my-client", SECRET).with_token_url(&format!("{}/token", refused_url()));

    let error = Client::new(&server.uri()).unwrap().with_credentials(credentials).list_things(None).await.unwrap_err();

    assert!(matches!(&error, Error::Auth(AuthError::Transport { .. })), "{error:?}");
    assert!(!error.to_string().contains(SECRET) && !format!("{error:?}").contains(SECRET), "{error:?}");
}

#[tokio::test]
async fn neither_the_secret_nor_the_token_is_ever_shown() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 2).await;
    // The API rejects every token: the error comes back after a second token was tried.
    mount_things(&server, json(401, serde_json::json!({"message": "nope"})), 2).await;
    let credentials = credentials(&server);
    let client = client(&server);

    let error = client.list_things(None).await.unwrap_err();

    let bearer = Client::new(&server.uri()).unwrap().with_bearer_token(TOKEN);
    let shown = [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{bearer:?}"),
        format!("{error:?}"),
        error.to_string(),
        format!("{:?}", AccessToken::new(TOKEN)),
        format!("{:?}", codegen_runtime::auth::StaticToken::new(TOKEN)),
    ];
    for text in shown {
        assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    }
    assert!(format!("{credentials:?}").contains("my-client"), "the client id is not a secret");
}

/// A custom source: counts its calls, hands out `custom-1`, `custom-2`, … and moves on to the
/// next one when the API rejects the current one.
#[derive(Debug, Default)]
struct Rotating {
    calls: AtomicUsize,
    generation: AtomicUsize,
    invalidated: AtomicUsize,
}

impl TokenSource for Rotating {
    fn token<'a>(&'a self, _: &'a reqwest::Client) -> TokenFuture<'a> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let token = AccessToken::new(format!("custom-{}", self.generation.load(Ordering::SeqCst) + 1));
        Box::pin(async move { Ok(token) })
    }

    fn invalidate(&self, rejected: &AccessToken) -> bool {
        assert_eq!(rejected.secret(), format!("custom-{}", self.generation.load(Ordering::SeqCst) + 1));
        self.invalidated.fetch_add(1, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
        true
    }
}

/// Lets the test keep a handle on a source the client owns.
#[derive(Debug)]
struct Shared<T>(Arc<T>);

impl<T: TokenSource> TokenSource for Shared<T> {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        self.0.token(http)
    }

    fn invalidate(&self, rejected: &AccessToken) -> bool {
        self.0.invalidate(rejected)
    }
}

#[tokio::test]
async fn a_custom_token_source_is_asked_for_every_request() {
    let server = MockServer::start().await;
    mount_things(&server, Sequence::new([empty_page(), ResponseTemplate::new(401), empty_page()]), 3).await;
    let source = Arc::new(Rotating::default());
    let client = Client::new(&server.uri()).unwrap().with_credentials(Shared(source.clone()));

    client.list_things(None).await.unwrap();
    client.list_things(None).await.unwrap(); // 401, invalidated, resent with the next token.

    assert_eq!(source.calls.load(Ordering::SeqCst), 3);
    assert_eq!(source.invalidated.load(Ordering::SeqCst), 1);
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), ["Bearer custom-1", "Bearer custom-1", "Bearer custom-2"]);
}

/// A source that fails.
#[derive(Debug)]
struct Broken;

impl TokenSource for Broken {
    fn token<'a>(&'a self, _: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(async { Err(AuthError::custom("vault sealed")) })
    }
}

#[tokio::test]
async fn a_failing_custom_source_sends_nothing() {
    let server = MockServer::start().await;
    mount_things(&server, empty_page(), 0).await;

    let error = Client::new(&server.uri()).unwrap().with_credentials(Broken).list_things(None).await.unwrap_err();

    assert!(matches!(&error, Error::Auth(AuthError::Source(_))), "{error:?}");
    assert!(error.to_string().contains("vault sealed"), "{error}");
}

#[tokio::test]
async fn a_static_bearer_token_is_sent_and_a_401_is_not_resent() {
    let server = MockServer::start().await;
    mount_things(&server, Sequence::new([empty_page(), json(401, serde_json::json!({"message": "expired"}))]), 2).await;
    let client = Client::new(&server.uri()).unwrap().with_retry(fast_retry()).with_bearer_token("static-token");

    client.list_things(None).await.unwrap();
    let error = client.list_things(None).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    let api = requests_to(&server, "/things").await;
    assert_eq!(authorizations(&api), ["Bearer static-token", "Bearer static-token"]);
}

#[tokio::test]
async fn without_credentials_no_authorization_is_sent_and_a_401_is_returned() {
    let server = MockServer::start().await;
    mount_things(&server, json(401, serde_json::json!({})), 1).await;

    let error = Client::new(&server.uri()).unwrap().with_retry(RetryPolicy::none()).list_things(None).await;

    assert_eq!(error.unwrap_err().status().map(|status| status.as_u16()), Some(401));
    assert_eq!(authorizations(&requests_to(&server, "/things").await), ["<none>"]);
}

/// Credentials for `server`'s token endpoint that keep their tokens in `file`.
fn cached_in(server: &MockServer, file: &std::path::Path, client_id: &str) -> ClientCredentials {
    ClientCredentials::new(client_id, SECRET)
        .with_token_url(&format!("{}/oauth/token", server.uri()))
        .with_audience("my-audience")
        .with_cache_file(file)
}

async fn call_with(server: &MockServer, credentials: ClientCredentials) {
    Client::new(&server.uri()).unwrap().with_credentials(credentials).list_things(None).await.unwrap();
}

#[tokio::test]
async fn clients_sharing_a_cache_file_fetch_one_token() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 1).await;
    mount_things(&server, empty_page(), 2).await;
    let file = common::scratch_dir("shared-file").join("nested").join("tokens.json");

    // Two clients with caches of their own, as two processes have.
    call_with(&server, cached_in(&server, &file, "my-client")).await;
    call_with(&server, cached_in(&server, &file, "my-client")).await;

    assert_eq!(authorizations(&requests_to(&server, "/things").await), vec![format!("Bearer {TOKEN}"); 2]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(TOKEN), "{text}");
    assert!(!text.contains(SECRET), "the secret is never written: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(file.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(file.parent().unwrap()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["tokens.json"], "no temporary file is left behind");
}

#[tokio::test]
async fn another_client_id_is_not_served_from_the_file_and_both_are_kept() {
    let server = MockServer::start().await;
    let grants = ["first-token", "second-token", "third-token"].map(|token| grant(token, Some(3600)));
    mount_token(&server, Sequence::new(grants), 3).await;
    mount_things(&server, empty_page(), 5).await;
    let file = common::scratch_dir("other-client").join("tokens.json");

    call_with(&server, cached_in(&server, &file, "first")).await;
    call_with(&server, cached_in(&server, &file, "second")).await;
    call_with(&server, cached_in(&server, &file, "first")).await;
    call_with(&server, cached_in(&server, &file, "second")).await;
    // Another audience is another key too.
    call_with(&server, cached_in(&server, &file, "first").with_audience("elsewhere")).await;

    let sent = authorizations(&requests_to(&server, "/things").await);
    let expected = ["first-token", "second-token", "first-token", "second-token", "third-token"];
    assert_eq!(sent, expected.map(|token| format!("Bearer {token}")));
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["tokens"].as_array().unwrap().len(), 3, "{written}");
}

#[tokio::test]
async fn a_corrupt_cache_file_is_ignored_and_rewritten() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 2).await;
    mount_things(&server, empty_page(), 2).await;
    let file = common::scratch_dir("corrupt").join("tokens.json");

    for garbage in ["{\"tokens\": [{\"access_token\": 5", "[1, 2]"] {
        std::fs::write(&file, garbage).unwrap();
        call_with(&server, cached_in(&server, &file, "my-client")).await;
    }

    let text = std::fs::read_to_string(&file).unwrap();
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["tokens"][0]["access_token"], TOKEN);
    assert_eq!(written["tokens"][0]["client_id"], "my-client");
}

#[tokio::test]
async fn an_expired_entry_is_fetched_again_and_replaced() {
    let server = MockServer::start().await;
    mount_token(&server, grant(TOKEN, Some(3600)), 1).await;
    mount_things(&server, empty_page(), 1).await;
    let file = common::scratch_dir("expired").join("tokens.json");
    let entry = |token: &str, refresh_at: u64| {
        serde_json::json!({"token_url": format!("{}/oauth/token", server.uri()), "audience": "my-audience",
            "client_id": "my-client", "access_token": token, "refresh_at": refresh_at})
    };
    std::fs::write(&file, serde_json::json!({"tokens": [entry("stale", 1_000)]}).to_string()).unwrap();

    call_with(&server, cached_in(&server, &file, "my-client")).await;

    assert_eq!(authorizations(&requests_to(&server, "/things").await), [format!("Bearer {TOKEN}")]);
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let tokens = written["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 1, "{written}");
    assert_eq!(tokens[0]["access_token"], TOKEN);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let refresh_at = tokens[0]["refresh_at"].as_u64().unwrap();
    assert!((now + 3500..=now + 3540).contains(&refresh_at), "a minute before expiry: {refresh_at} vs {now}");
}

#[tokio::test]
async fn a_token_the_api_rejects_is_not_read_back_from_the_file() {
    let server = MockServer::start().await;
    mount_token(&server, grant("fresh", Some(3600)), 1).await;
    let answers = Sequence::new([ResponseTemplate::new(401), empty_page()]);
    mount_things(&server, answers, 2).await;
    let file = common::scratch_dir("rejected").join("tokens.json");
    let entry = serde_json::json!({"token_url": format!("{}/oauth/token", server.uri()), "audience": "my-audience",
        "client_id": "my-client", "access_token": "revoked", "refresh_at": u64::from(u32::MAX)});
    std::fs::write(&file, serde_json::json!({"tokens": [entry]}).to_string()).unwrap();

    call_with(&server, cached_in(&server, &file, "my-client")).await;

    assert_eq!(authorizations(&requests_to(&server, "/things").await), ["Bearer revoked", "Bearer fresh"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("\"fresh\""));
}
