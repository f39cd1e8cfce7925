//! Page streams against a real HTTP server: tokens passed on, the end of the stream, and
//! the errors that end it.

use crate::common::{Sequence, fast_retry, json, requests_to};
use codegen_runtime::{Client, Error, RetryPolicy};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Item = Result<String, Error<serde_json::Value>>;

/// Serves `response` for `GET /things` with this `page_token` (`None`: without one), once.
async fn page(server: &MockServer, token: Option<&str>, response: impl wiremock::Respond + 'static) {
    let mock = Mock::given(method("GET")).and(path("/things"));
    let mock = match token {
        Some(token) => mock.and(query_param("page_token", token)),
        None => mock.and(query_param_is_missing("page_token")),
    };
    mock.respond_with(response).expect(1).mount(server).await;
}

fn things(items: &[&str], next: serde_json::Value) -> ResponseTemplate {
    json(200, json!({"things": items, "next_page_token": next}))
}

/// Every item of the stream, and checks that it stays ended.
async fn drain(client: &Client) -> Vec<Item> {
    let mut stream = Box::pin(client.list_things_stream());
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert!(stream.next().await.is_none(), "an ended stream stays ended");
    items
}

fn ok(items: &[Item]) -> Vec<&str> {
    items.iter().map_while(|item| item.as_ref().ok().map(String::as_str)).collect()
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri()).unwrap().with_retry(fast_retry())
}

#[tokio::test]
async fn pages_are_followed_until_an_empty_token() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a", "b"], json!("p2"))).await;
    page(&server, Some("p2"), things(&["c"], json!("p3"))).await;
    page(&server, Some("p3"), things(&["d", "e"], json!(""))).await;

    let items = drain(&client(&server)).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok(&items), ["a", "b", "c", "d", "e"]);
    let queries: Vec<_> =
        requests_to(&server, "/things").await.iter().map(|r| r.url.query().map(str::to_owned)).collect();
    assert_eq!(queries, [None, Some("page_token=p2".to_owned()), Some("page_token=p3".to_owned())]);
}

#[tokio::test]
async fn pages_are_followed_until_the_token_is_absent_or_null() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a"], json!("p2"))).await;
    page(&server, Some("p2"), things(&["b"], json!("p3"))).await;
    page(&server, Some("p3"), json(200, json!({"things": ["c"]}))).await;

    assert_eq!(ok(&drain(&client(&server)).await), ["a", "b", "c"]);

    let server = MockServer::start().await;
    page(&server, None, things(&["x"], json!(null))).await;
    assert_eq!(ok(&drain(&client(&server)).await), ["x"]);
}

#[tokio::test]
async fn empty_pages_do_not_end_the_stream() {
    let server = MockServer::start().await;
    page(&server, None, things(&[], json!("p2"))).await;
    page(&server, Some("p2"), json(200, json!({"next_page_token": "p3"}))).await;
    page(&server, Some("p3"), things(&["only"], json!(null))).await;

    let items = drain(&client(&server)).await;

    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(ok(&items), ["only"]);
}

#[tokio::test]
async fn a_token_seen_before_ends_the_stream_with_an_error_after_the_page_items() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a"], json!("p2"))).await;
    page(&server, Some("p2"), things(&["b"], json!("p3"))).await;
    page(&server, Some("p3"), things(&["c", "d"], json!("p2"))).await;

    let items = drain(&client(&server)).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok(&items), ["a", "b", "c", "d"]);
    match &items[4] {
        Err(Error::RepeatedPageToken(token)) => assert_eq!(token, "p2"),
        other => panic!("expected a repeated token, got {other:?}"),
    }
    assert!(items[4].as_ref().unwrap_err().to_string().contains("\"p2\""));
}

#[tokio::test]
async fn a_page_that_names_itself_ends_the_stream() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a"], json!("same"))).await;
    page(&server, Some("same"), things(&["b"], json!("same"))).await;

    let items = drain(&client(&server)).await;

    assert_eq!(ok(&items), ["a", "b"]);
    assert!(matches!(items.last(), Some(Err(Error::RepeatedPageToken(token))) if token == "same"), "{items:?}");
}

#[tokio::test]
async fn an_error_page_ends_the_stream_with_that_error() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a", "b"], json!("p2"))).await;
    // 400: an answer that is not retried (a 500 would be, for a GET).
    page(&server, Some("p2"), json(400, json!({"message": "bad page token"}))).await;

    let items = drain(&client(&server)).await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(ok(&items), ["a", "b"]);
    let error = items[2].as_ref().unwrap_err();
    assert!(matches!(error, Error::Api { status, .. } if *status == 400), "{error:?}");
    assert_eq!(error.body(), Some(&json!({"message": "bad page token"})));
}

#[tokio::test]
async fn an_undecodable_first_page_ends_the_stream_at_once() {
    let server = MockServer::start().await;
    page(&server, None, ResponseTemplate::new(200).set_body_string("not json")).await;

    let items = drain(&client(&server)).await;

    assert_eq!(items.len(), 1, "{items:?}");
    assert!(matches!(&items[0], Err(Error::UnexpectedResponse { .. })), "{items:?}");
}

#[tokio::test]
async fn a_transient_page_failure_is_retried_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a"], json!("p2"))).await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("page_token", "p2"))
        .respond_with(Sequence::new([ResponseTemplate::new(503), things(&["b"], json!(null))]))
        .expect(2)
        .mount(&server)
        .await;

    assert_eq!(ok(&drain(&client(&server)).await), ["a", "b"]);

    // Without retries the 503 ends the stream.
    let server = MockServer::start().await;
    page(&server, None, things(&["a"], json!("p2"))).await;
    page(&server, Some("p2"), ResponseTemplate::new(503)).await;
    let items = drain(&Client::new(&server.uri()).unwrap().with_retry(RetryPolicy::none())).await;
    assert_eq!(ok(&items), ["a"]);
    assert_eq!(items[1].as_ref().unwrap_err().status().map(|status| status.as_u16()), Some(503));
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let server = MockServer::start().await;
    page(&server, None, things(&["a", "b"], json!("p2"))).await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(query_param("page_token", "p2"))
        .respond_with(things(&[], json!(null)))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    let stream = client.list_things_stream();
    assert!(requests_to(&server, "/things").await.is_empty(), "nothing is sent before the stream is polled");
    let first_two: Vec<_> = stream.take(2).collect().await;

    assert_eq!(ok(&first_two), ["a", "b"]);
}
