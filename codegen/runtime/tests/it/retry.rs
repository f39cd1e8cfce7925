//! Retries against a real HTTP server: which requests are sent again, for which methods, how
//! often, after how long, with what body, and within what budget.

use crate::common::{Sequence, fast_retry, json, refused_url, requests_to};
use codegen_runtime::auth::{AccessToken, TokenFuture, TokenSource};
use codegen_runtime::{Client, Error, RetryBudget, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::new(&server.uri()).unwrap().with_retry(retry)
}

fn page() -> ResponseTemplate {
    json(200, serde_json::json!({"things": ["a"]}))
}

fn unavailable() -> ResponseTemplate {
    json(503, serde_json::json!({"message": "try later"}))
}

async fn mount(server: &MockServer, verb: &str, route: &str, responder: impl wiremock::Respond + 'static, times: u64) {
    Mock::given(method(verb)).and(path(route)).respond_with(responder).expect(times).mount(server).await;
}

#[tokio::test]
async fn get_is_retried_after_503s_until_it_succeeds() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things", Sequence::new([unavailable(), unavailable(), page()]), 3).await;

    let page = client(&server, fast_retry()).list_things(Some("t")).await.unwrap();

    assert_eq!(page.things.as_deref(), Some(&["a".to_owned()][..]));
    let sent = requests_to(&server, "/things").await;
    assert!(sent.iter().all(|request| request.url.query() == Some("page_token=t")), "{sent:?}");
}

#[tokio::test]
async fn delete_is_retried_after_503s_until_it_succeeds() {
    let server = MockServer::start().await;
    mount(&server, "DELETE", "/things/9", Sequence::new([unavailable(), unavailable(), ResponseTemplate::new(204)]), 3)
        .await;

    let deleted = client(&server, fast_retry()).delete_thing("9").await.unwrap();

    assert_eq!(deleted.status(), 204);
}

/// How many requests one call sends when the server answers `status` and then 200.
async fn sends_for(status: u16, verb: &str, policy: RetryPolicy) -> usize {
    let server = MockServer::start().await;
    let ok = json(200, serde_json::json!({"things": []}));
    let route = if verb == "GET" { "/things" } else { "/things/1" };
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(Sequence::new([ResponseTemplate::new(status), ok]))
        .mount(&server)
        .await;
    let client = client(&server, policy);
    let _ = match verb {
        "GET" => client.list_things(None).await.map(drop),
        _ => client.update_thing("1", &serde_json::json!({})).await.map(drop),
    };
    requests_to(&server, route).await.len()
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_429_and_5xx_but_501() {
    for status in [429, 500, 502, 503, 504] {
        assert_eq!(sends_for(status, "GET", fast_retry()).await, 2, "GET after {status}");
    }
    for status in [400, 401, 404, 409, 501, 505] {
        assert_eq!(sends_for(status, "GET", fast_retry()).await, 1, "GET after {status}");
    }
}

#[tokio::test]
async fn non_idempotent_requests_are_retried_on_answers_only_when_opted_in() {
    for status in [429, 500, 502, 503, 504] {
        assert_eq!(sends_for(status, "PATCH", fast_retry()).await, 1, "PATCH after {status}");
        let opted_in = fast_retry().retry_non_idempotent(true);
        assert_eq!(sends_for(status, "PATCH", opted_in).await, 2, "opted-in PATCH after {status}");
    }
    let opted_in = fast_retry().retry_non_idempotent(true);
    assert_eq!(sends_for(501, "PATCH", opted_in).await, 1, "501 never");
}

#[tokio::test]
async fn retries_give_up_after_max_attempts_with_the_last_response() {
    let server = MockServer::start().await;
    let attempts = (1..=3).map(|n| json(503, serde_json::json!({"message": "busy", "attempt": n})));
    mount(&server, "GET", "/things", Sequence::new(attempts), 3).await;

    let error = client(&server, fast_retry()).list_things(None).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert!(matches!(&error, Error::Api { .. }), "{error:?}");
    assert_eq!(error.body(), Some(&serde_json::json!({"message": "busy", "attempt": 3})));
}

#[tokio::test]
async fn max_attempts_counts_every_send() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things", unavailable(), 5).await;

    let error = client(&server, fast_retry().with_max_attempts(5)).list_things(None).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
}

#[tokio::test]
async fn retry_after_seconds_are_waited_for() {
    let server = MockServer::start().await;
    let responses = Sequence::new([unavailable().insert_header("retry-after", "1"), page()]);
    let arrivals = responses.arrivals();
    mount(&server, "GET", "/things", responses, 2).await;

    let started = Instant::now();
    client(&server, fast_retry()).list_things(None).await.unwrap();

    assert!(started.elapsed() >= Duration::from_secs(1));
    let arrivals = arrivals.lock().unwrap();
    assert_eq!(arrivals.len(), 2);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(990), "the retry came {gap:?} after the 503, not after Retry-After: 1");
}

#[tokio::test]
async fn retry_after_is_capped_by_max_retry_after() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429).insert_header("retry-after", "3600");
    mount(&server, "GET", "/things", Sequence::new([throttled, page()]), 2).await;
    let policy = fast_retry().with_max_retry_after(Duration::from_millis(20));

    // Not a speed assertion: without the cap the call would wait an hour; this only stops
    // the test from hanging.
    let client = client(&server, policy);
    let call = client.list_things(None);
    tokio::time::timeout(Duration::from_secs(60), call).await.expect("Retry-After: 3600 was not capped").unwrap();
}

#[tokio::test]
async fn patch_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount(
        &server,
        "PATCH",
        "/things/1",
        Sequence::new([ResponseTemplate::new(503), json(200, serde_json::json!({}))]),
        1,
    )
    .await;

    let error = client(&server, fast_retry()).update_thing("1", &serde_json::json!({"n": 1})).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
}

#[tokio::test]
async fn patch_is_retried_when_opted_in_and_every_attempt_sends_the_same_body() {
    let server = MockServer::start().await;
    let updated = json(200, serde_json::json!({"id": "1"}));
    mount(&server, "PATCH", "/things/1", Sequence::new([unavailable(), ResponseTemplate::new(502), updated]), 3).await;
    let patch = serde_json::json!({"name": "ünïcode", "list": [1, 2, 3], "nested": {"deep": null}});

    let policy = fast_retry().retry_non_idempotent(true);
    let response = client(&server, policy).update_thing("1", &patch).await.unwrap();

    assert_eq!(*response, serde_json::json!({"id": "1"}));
    let sent = requests_to(&server, "/things/1").await;
    assert_eq!(sent.len(), 3);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&sent[0].body).unwrap(), patch);
    for request in &sent {
        assert_eq!(request.body, sent[0].body);
        assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
    }
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things", Sequence::new([unavailable(), page()]), 1).await;

    let error = client(&server, RetryPolicy::none()).list_things(None).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things", Sequence::new([json(404, serde_json::json!({})), page()]), 1).await;

    let error = client(&server, fast_retry()).list_things(None).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
}

/// Counts how often the client asks for a token: once per attempt, even when the request
/// never reaches a server.
#[derive(Debug, Default)]
struct Counting(AtomicUsize);

impl TokenSource for Counting {
    fn token<'a>(&'a self, _: &'a reqwest::Client) -> TokenFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(AccessToken::new("t")) })
    }
}

#[derive(Debug)]
struct Shared(Arc<Counting>);

impl TokenSource for Shared {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        self.0.token(http)
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_a_transport_error() {
    let attempts = Arc::new(Counting::default());
    let client =
        Client::new(&refused_url()).unwrap().with_retry(fast_retry()).with_credentials(Shared(attempts.clone()));

    let error = client.list_things(None).await.unwrap_err();

    match &error {
        Error::Transport(source) => assert!(source.is_connect(), "{source:?}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(error.status(), None);
    assert_eq!(attempts.0.load(Ordering::SeqCst), 3, "three attempts");
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_patch_too_but_not_without_retries() {
    // Nothing was sent: repeating a PATCH cannot apply it twice.
    let url = refused_url();
    let attempts = Arc::new(Counting::default());
    let client = Client::new(&url).unwrap().with_retry(fast_retry()).with_credentials(Shared(attempts.clone()));
    let error = client.update_thing("1", &serde_json::json!({})).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(source) if source.is_connect()), "{error:?}");
    assert_eq!(attempts.0.load(Ordering::SeqCst), 3);

    let attempts = Arc::new(Counting::default());
    let client = Client::new(&url).unwrap().with_retry(RetryPolicy::none()).with_credentials(Shared(attempts.clone()));
    let error = client.list_things(None).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(_)), "{error:?}");
    assert_eq!(attempts.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_timed_out_patch_is_not_retried() {
    // The request reached the server, which may have applied it.
    let server = MockServer::start().await;
    let slow = json(200, serde_json::json!({})).set_delay(Duration::from_secs(5));
    mount(&server, "PATCH", "/things/1", Sequence::new([slow, json(200, serde_json::json!({}))]), 1).await;
    let client = client(&server, fast_retry()).with_timeout(Duration::from_millis(300));

    let error = client.update_thing("1", &serde_json::json!({})).await.unwrap_err();

    assert!(matches!(&error, Error::Transport(source) if source.is_timeout()), "{error:?}");
}

/// Answers 503 while `failing` is set, 200 otherwise.
struct Switch(Arc<std::sync::atomic::AtomicBool>);

impl wiremock::Respond for Switch {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        if self.0.load(Ordering::SeqCst) { unavailable() } else { page() }
    }
}

/// A server on `/things` whose answers `Switch` decides, and the switch (on: failing).
async fn switched_server() -> (MockServer, Arc<std::sync::atomic::AtomicBool>) {
    let server = MockServer::start().await;
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    Mock::given(method("GET")).and(path("/things")).respond_with(Switch(failing.clone())).mount(&server).await;
    (server, failing)
}

async fn sent(server: &MockServer) -> usize {
    requests_to(server, "/things").await.len()
}

#[tokio::test]
async fn the_budget_bounds_a_failing_servers_load_across_clones() {
    let (server, _failing) = switched_server().await;
    // 12 tokens, 5 a retry: two retries, then none.
    let client = client(&server, fast_retry().with_budget(RetryBudget::new(12)));

    client.list_things(None).await.unwrap_err();
    assert_eq!(sent(&server).await, 3, "a first call retries twice");
    for _ in 0..4 {
        client.clone().list_things(None).await.unwrap_err();
    }
    assert_eq!(sent(&server).await, 7, "clones share the empty budget: first attempts only, never refused");

    // Without a budget, every call makes its three attempts.
    let (server, _failing) = switched_server().await;
    let unbounded = self::client(&server, fast_retry().without_budget());
    for _ in 0..5 {
        unbounded.list_things(None).await.unwrap_err();
    }
    assert_eq!(sent(&server).await, 15);
}

#[tokio::test]
async fn successes_refill_the_budget() {
    let (server, failing) = switched_server().await;
    let budget = RetryBudget::new(10).with_retry_cost(5).with_refill(1);
    let client = client(&server, fast_retry().with_budget(budget));
    client.list_things(None).await.unwrap_err();
    assert_eq!(sent(&server).await, 3, "the budget is spent");

    failing.store(false, Ordering::SeqCst);
    for _ in 0..5 {
        client.list_things(None).await.unwrap();
    }
    failing.store(true, Ordering::SeqCst);
    client.list_things(None).await.unwrap_err();

    assert_eq!(sent(&server).await, 3 + 5 + 2, "five successes paid for one more retry");
}

#[tokio::test]
async fn clients_built_apart_have_their_own_budgets() {
    let (server, _failing) = switched_server().await;
    let policy = fast_retry().with_budget(RetryBudget::new(5));
    let first = client(&server, policy.clone());
    let second = client(&server, policy);

    first.list_things(None).await.unwrap_err();
    second.list_things(None).await.unwrap_err();

    assert_eq!(sent(&server).await, 4, "each spent its own 5 tokens on one retry");
}

#[tokio::test]
async fn a_timeout_retry_costs_more() {
    let server = MockServer::start().await;
    let slow = page().set_delay(Duration::from_secs(5));
    mount(&server, "GET", "/things", Sequence::new([slow.clone(), slow, page()]), 2).await;
    // 12 tokens: one retry after a timeout (10), not a second.
    let policy = fast_retry().with_budget(RetryBudget::new(12).with_timeout_retry_cost(10));
    let client = client(&server, policy).with_timeout(Duration::from_millis(300));

    let error = client.list_things(None).await.unwrap_err();

    assert!(matches!(&error, Error::Transport(source) if source.is_timeout()), "{error:?}");
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let server = MockServer::start().await;
    let slow = page().set_delay(Duration::from_secs(5));
    mount(&server, "GET", "/things", Sequence::new([slow, page()]), 2).await;
    let client = client(&server, fast_retry()).with_timeout(Duration::from_millis(500));

    let page = client.list_things(None).await.unwrap();

    assert_eq!(page.things.as_deref(), Some(&["a".to_owned()][..]));
}

#[tokio::test]
async fn a_timeout_without_retries_is_a_transport_error() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things", page().set_delay(Duration::from_secs(5)), 1).await;
    let client = client(&server, RetryPolicy::none()).with_timeout(Duration::from_millis(500));

    let error = client.list_things(None).await.unwrap_err();

    match &error {
        Error::Transport(source) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

/// A bare HTTP/1.1 server: the first connection gets the headers and half the body, then
/// nothing; later ones get the whole response. Returns its URL and its connection count.
fn stalling_server() -> (String, Arc<AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let first = count.fetch_add(1, Ordering::SeqCst) == 0;
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buffer = [0; 1024];
                while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let body = br#"{"things":["b"]}"#;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                if first {
                    let _ = stream.write_all(&body[..5]);
                    let _ = stream.flush();
                    std::thread::sleep(Duration::from_secs(5));
                } else {
                    let _ = stream.write_all(body);
                }
            });
        }
    });
    (url, connections)
}

#[tokio::test]
async fn a_timeout_while_reading_the_body_is_retried() {
    let (url, connections) = stalling_server();
    let client = Client::new(&url).unwrap().with_retry(fast_retry()).with_timeout(Duration::from_millis(500));

    let page = client.list_things(None).await.unwrap();

    assert_eq!(page.things.as_deref(), Some(&["b".to_owned()][..]));
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_timeout_while_reading_the_body_without_retries_is_a_transport_error() {
    let (url, connections) = stalling_server();
    let client = Client::new(&url).unwrap().with_retry(RetryPolicy::none()).with_timeout(Duration::from_millis(500));

    let error = client.list_things(None).await.unwrap_err();

    match &error {
        Error::Transport(source) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}
